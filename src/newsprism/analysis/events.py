"""Event frames of an article's lead: who did what to whom, from the spaCy parse.

Why: two reports of one event and two events of the same kind (two DUI arrests, two players
put on injured reserve) share their topic words, so a bag of words cannot tell them apart.
What differs is the event's structure in the lead: "Saints place Reggie Bush on IR" and "Saints
place Pierre Thomas on IR" have the same trigger ("place") with another patient.  Story
grouping (:mod:`newsprism.stories.grouping`) compares these frames.

A frame is ``(trigger, role, argument, label, sentence)``:

- ``trigger``: the lemma of a verb in the lead ("arrest", "place", "fire", "hire");
- ``role``: ``"A"`` (agent: active subject, or the "by" phrase of a passive) or ``"P"``
  (patient: direct object, or passive subject).  Normalising voice makes "the Saints placed
  Thomas on IR" and "Thomas was placed on IR" one frame;
- ``argument``: the named entity (or proper-noun compound the NER missed) filling the role;
- ``label``: its spaCy entity label, ``"PROPN"`` for an unlabelled proper noun;
- ``sentence``: which lead sentence it comes from (0: the first, usually the headline).

Only named arguments are kept: "the team", "he", "officials" do not identify an event.
Subjects of reporting verbs ("police said", "the BBC says") are sources, not participants, and
are skipped; the reported clause's own frames are kept.

Pure functions of a parsed :class:`~spacy.tokens.Doc` (parser, lemmatizer and NER must have
run), so the per-article analysis can compute them once and ship them with the article.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

Frame = tuple[str, str, str, str, int]
CharSpan = tuple[int, int]

# How many sentences make the lead.  Frame conflicts (same trigger and role, disjoint people)
# between reports of one event vs of two events of one kind (ECB+ topics, pairs with term
# cosine >= 0.2): 1 sentence 2 vs 48 pairs, 2: 7 vs 129, 3: 8 vs 221 (newscluster, 3: 6 vs 0).
# Grouping BCubed F1 (bench/clustering.py, newscluster/ECB+) with 1 / 2 / 3 / 4 / 5 sentences:
# 0.907/0.911, 0.907/0.914, 0.907/0.924, 0.907/0.924, 0.907/0.923: past the third sentence the
# lead turns to background and quotes.
LEAD_SENTENCES = 3
# A "sentence" needs this many alphabetic tokens to count towards the lead: datelines and
# bylines ("Posted 2/3/2009 11:11 PM", "By Jane Doe") are parsed as sentences but say nothing.
MIN_ALPHA = 4

# Verbs whose arguments are a source and its audience ("police told reporters", "Kim was
# quoted"), not event participants: their frames are skipped, the reported clause's kept.
REPORTING = frozenset(
    "say tell report announce confirm add state claim note write accord believe think know "
    "want expect quote insist explain suggest warn".split()
)
# Light verbs carry no event type ("Smith has a contract", "Jones is the coach"): on the dev
# sets "have" frames conflicted between reports of one event 6 times for 18 other-event pairs,
# where an eventive trigger ("arrest", "place") conflicts almost only across events.
LIGHT = frozenset({"be", "have", "do"})
AGENT_DEPS = frozenset({"nsubj"})
PATIENT_DEPS = frozenset({"dobj", "nsubjpass"})


def lead_sentences(doc: Doc, n: int = LEAD_SENTENCES) -> list[Span]:
    """The first ``n`` sentences with content (see :data:`MIN_ALPHA`)."""
    out: list[Span] = []
    for sent in doc.sents:
        if sum(1 for t in sent if t.is_alpha) < MIN_ALPHA:
            continue
        out.append(sent)
        if len(out) >= n:
            break
    return out


def _entity_of(tok: Token) -> tuple[str, str, int, int] | None:
    """The named entity (text, label, start char, end char) a token belongs to, or its proper-noun compound."""
    if tok.ent_iob_ != "O" and tok.ent_type_:
        i = tok.i
        while i > 0 and tok.doc[i].ent_iob_ == "I":
            i -= 1
        j = tok.i + 1
        while j < len(tok.doc) and tok.doc[j].ent_iob_ == "I":
            j += 1
        ent = tok.doc[i:j]
        return ent.text, tok.ent_type_, ent.start_char, ent.end_char
    if tok.pos_ == "PROPN":
        parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        start = parts[0].idx if parts else tok.idx
        return " ".join([*(c.text for c in parts), tok.text]), "PROPN", start, tok.idx + len(tok.text)
    return None


def _fillers(verb: Token) -> list[tuple[str, Token]]:
    """(role, argument token) pairs of one verb, voice-normalised."""
    out: list[tuple[str, Token]] = []
    for c in verb.children:
        if c.dep_ in AGENT_DEPS:
            out.append(("A", c))
        elif c.dep_ in PATIENT_DEPS:
            out.append(("P", c))
        elif c.dep_ == "agent":  # "arrested by the Highway Patrol"
            out.extend(("A", g) for g in c.children if g.dep_ == "pobj")
    # "X was arrested and charged": a conjoined verb without a subject shares its head's.
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") or r == "A" for r, c in out)
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and not has_subject:
        out.extend((r, c) for r, c in _fillers(verb.head) if c.dep_ != "dobj")
    # coordinated arguments: "Smith and Jones were arrested"
    more = [(r, cc) for r, c in out for cc in c.conjuncts if cc.dep_ == "conj"]
    return out + more


def event_frames(doc: Doc, n_sents: int = LEAD_SENTENCES) -> list[Frame]:
    """Frames ``(trigger lemma, "A"|"P", argument name, label, sentence)`` of the lead, in text order."""
    return [frame for frame, _, _ in located_event_frames(doc, n_sents)]


def located_event_frames(doc: Doc, n_sents: int = LEAD_SENTENCES) -> list[tuple[Frame, CharSpan, CharSpan]]:
    """:func:`event_frames` with the character spans of the trigger and of the argument (the evidence)."""
    out: list[tuple[Frame, CharSpan, CharSpan]] = []
    seen: set[Frame] = set()
    for i, sent in enumerate(lead_sentences(doc, n_sents)):
        for tok in sent:
            if tok.pos_ != "VERB" or tok.dep_ in ("amod", "aux", "auxpass"):
                continue
            trigger = tok.lemma_.lower()
            if trigger in REPORTING or trigger in LIGHT:
                continue
            for role, arg in _fillers(tok):
                ent = _entity_of(arg)
                if ent is not None:
                    frame = (trigger, role, ent[0], ent[1], i)
                    if frame not in seen:
                        seen.add(frame)
                        out.append((frame, (tok.idx, tok.idx + len(tok.text)), (ent[2], ent[3])))
    return out
