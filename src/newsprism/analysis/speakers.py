"""Entity clusters and speaker resolution inside one article.

Why hand-written rules and not a coreference model: spaCy's small English
pipeline has no coreference component, and the cases that matter for "who
said what" in news are narrow and well-behaved -- surnames ("Xi" after
"Xi Jinping"), pronoun subjects ("he said"), and role descriptions ("the
Chinese leader") that newswriting introduces with the full name first
("Chinese President Xi Jinping").  Everything is computed once per document
(:func:`extract_entities` keeps a per-document index in ``doc.user_data``), so resolving
many speakers stays linear in the text.

Descriptor knowledge comes from the text itself: the premodifiers of a name
("Chinese President", "Russian dictator", "Putin's spokesman") and its
appositions ("Dmitry Peskov, the Kremlin spokesman"), plus the small list of
role nouns in :data:`newsprism.analysis.cues.LEADER_ROLES` that count as
"leader".
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsprism.analysis.cues import BELIEF, FINDING, LEADER_ROLES, SPEECH, cue_class
from newsprism.analysis.furniture import PICTURE_NOUNS, furniture_tokens, without_furniture
from newsprism.analysis.quote_marks import _Regions, quote_mark_regions
from newsprism.analysis.speaker_words import NAMED_AFTER_NOUNS, ORGANISATION_NOUNS, person_nouns
from newsprism.model import Entity, Mention, Speaker, SpeakerKind
from newsprism.nlp import doc_text

LABELS = ("PERSON", "ORG", "GPE", "NORP")
# The entity index of a document lives on the Doc itself (``doc.user_data``, the
# Doc's own scratch space): no module-level state, nothing shared between
# documents or threads.  DocBin drops it unless asked to store user data.
_INDEX_KEY = "newsprism.entity_index"


def _remember(doc: Doc, idx: _Index) -> None:
    doc.user_data[_INDEX_KEY] = idx


# Titles and honorifics stripped from the front of a name to get its canonical
# form ("President Xi" -> "Xi").  Lower-case, dots removed.
TITLES: frozenset[str] = frozenset("""
mr mrs ms miss dr prof sir dame lord lady president vice chancellor premier prime minister
secretary sen senator rep representative gov governor mayor judge justice gen general
col colonel lt capt captain adm admiral sgt gov. king queen prince princess pope rev
reverend father sheikh emir chairman chairwoman ceo director ambassador spokesman
spokeswoman spokesperson minister foreign defense defence state deputy former dictator
leader attorney speaker
""".split())

MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "father", "spokesman", "chairman"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess",
                           "spokeswoman", "chairwoman"})

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
GROUP_PRONOUNS = frozenset({"they", "them", "it", "we", "its", "their"})
FIRST_PERSON = frozenset({"i", "me", "we", "us", "my", "our"})

_POSSESSIVE_RE = re.compile(r"(?:['’]s?)$")


@dataclass
class _EntityInfo:
    entity: Entity
    tokens: frozenset[str]  # lower-cased canonical tokens
    descriptors: set[str] = field(default_factory=set)  # lower-cased lemmas: chinese, president...
    gender: str | None = None
    # (char_start, char_end, is_subject) of every mention, in text order
    positions: list[tuple[int, int, bool]] = field(default_factory=list)


@dataclass
class _Index:
    infos: list[_EntityInfo]
    by_char: dict[int, _EntityInfo]  # token start char -> entity, for every mention token
    entities_key: int
    # every mention (start, is_subject, info) sorted by start: recency look-ups by bisection
    timeline: list[tuple[int, bool, _EntityInfo]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.timeline = sorted(((s, subj, info) for info in self.infos for s, _e, subj in info.positions),
                               key=lambda x: x[0])
        self.starts = [t[0] for t in self.timeline]


def _clean_name(span: Span) -> str:
    """Strip leading determiners/titles and a trailing possessive from an entity span."""
    toks = [t for t in span if not t.is_punct or t.text in {".", "-"}]
    # a title before a name goes ("Sgt. Derrick Fontenot"); a title that heads the phrase stays ("A
    # spokesperson for the Essex County Prosecutor's Office" is not "for the ... Office")
    while len(toks) > 1 and (toks[0].lower_.rstrip(".") in TITLES and toks[0].i != span.root.i
                             or toks[0].lower_ in {"the", "a", "an"} or _fragment(toks[0])):
        toks = toks[1:]
    if toks and toks[-1].text in {"'s", "’s", "'", "’"}:
        toks = toks[:-1]
    # A Title Case headline runs the verb into a person's name: "Sanders Warns Democrats", "Obama
    # Says".  Not a place's or a body's: "The United States" is not "United" saying something.
    cut = next((k for k, t in enumerate(toks) if k > 0 and t.text[:1].isupper() and _speech_verb_form(t.lower_)), None)
    places = ("GPE", "LOC", "FAC", "ORG", "NORP")
    if cut is not None and span.label_ not in places and toks[cut].ent_type_ not in places:
        toks = toks[:cut]
    if not toks:
        return span.text
    text = span.doc[toks[0].i: toks[-1].i + 1].text  # not doc.text: that joins the whole doc
    return _POSSESSIVE_RE.sub("", text) if text.endswith(("'s", "’s")) else text


def _fragment(tok: Token) -> bool:
    """A stray mark, or the rest of a hyphenated word whose start was cut off ("-run" of "state-run")."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return not any(c.isalnum() for c in tok.text) or tok.text.startswith("-") or tok.text in ("'s", "’s") or (
        prev is not None and prev.text == "-" and not prev.whitespace_ and tok.i > 1 and not tok.doc[tok.i - 2].whitespace_)


_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "thinks": "think", "thought": "think"}


def _speech_verb_form(word: str) -> bool:
    """Whether ``word`` is an inflected (never a bare) speech or belief verb: "says", "warns", "told".

    Inflected only, so that a surname is not cut ("Jones" is no "jone"); the lemma's class comes
    from the cue lexicon (:func:`newsprism.analysis.cues.cue_class`).
    """
    if word in _IRREGULAR:
        lemmas = {_IRREGULAR[word]}
    elif word.endswith("s"):
        lemmas = {word[:-1]}
    elif word.endswith("ed"):
        lemmas = {word[:-2], word[:-1]}
    else:
        return False
    return any(cue_class(lemma) in ("speech", "belief") for lemma in lemmas)


def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(w.lower().strip(".") for w in name.split() if w.strip(".,"))


def _descriptors_of(span: Span) -> tuple[set[str], str | None]:
    """Nationalities, titles and roles the text attaches to a name.

    Premodifiers: tokens left of the name inside the same noun phrase
    ("Chinese President Xi Jinping", "Putin's spokesman Dmitry Peskov").
    Appositions: "Dmitry Peskov, the Kremlin spokesman".
    """
    out: set[str] = set()
    gender = None
    root = span.root
    # Premodifiers: walk left while tokens attach inside the NP of the name.
    i = span.start - 1
    doc = span.doc
    while i >= 0:
        t = doc[i]
        if t.is_punct or t.dep_ in ("det", "case") or t.tag_ == "POS":
            i -= 1
            if t.is_punct and t.text not in {"-"}:
                break
            continue
        if t.head.i >= span.start and t.head.i < span.end or t.head == root or (
            t.head.i < span.end and t.head.i > i and t.dep_ in ("compound", "amod", "nmod", "poss")
        ):
            out.add(t.lemma_.lower().rstrip("."))
            i -= 1
            continue
        break
    for t in span:
        low = t.lower_.rstrip(".")
        if low in TITLES:
            out.add(low)
    for child in root.children:
        if child.dep_ == "appos":
            for t in child.subtree:
                if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.ent_type_ != "PERSON":
                    out.add(t.lemma_.lower())
    if out & MALE_TITLES:
        gender = "m"
    elif out & FEMALE_TITLES:
        gender = "f"
    return out, gender


def extract_entities(doc: Doc, article_id: str) -> list[Entity]:
    """PERSON/ORG/GPE/NORP clusters in one article, canonical name = fullest proper name.

    A person mention joins the earliest cluster whose name contains all its
    tokens ("Xi" -> "Xi Jinping"); clusters are formed longest name first so
    the canonical name is the fullest one.  Other labels cluster on the exact
    (title-less) name.  The descriptor index for :func:`resolve_speaker` is
    cached on the same ``doc`` (see ``_INDEX_KEY``).
    """
    ents = [e for e in doc.ents if e.label_ in LABELS]
    # the name without a credit or counter the recogniser ran into it ("Getty Images Chicago Cubs")
    cleaned = [(e, _clean_name(without_furniture(e))) for e in ents]
    # A titled "ORG" is a person the small model mislabelled ("Chancellor Olaf Scholz").
    labels = {}
    for e, _name in cleaned:
        prev = doc[e.start - 1].lower_.rstrip(".") if e.start > 0 else ""
        if e.label_ == "ORG" and (prev in TITLES or e[0].lower_.rstrip(".") in TITLES) and prev not in ("the", "state"):
            labels[e.start] = "PERSON"
    clusters: list[tuple[str, str, frozenset[str], list[Span]]] = []  # label, name, tokens, spans
    # Longest names first so that a surname finds its full name.
    order = sorted(range(len(cleaned)), key=lambda k: (-len(cleaned[k][1].split()), k))
    assign: dict[int, int] = {}
    for k in order:
        span, name = cleaned[k]
        toks = _name_tokens(name)
        label = labels.get(span.start, span.label_)
        target = None
        for ci, (clabel, cname, ctoks, _) in enumerate(clusters):
            # The small model often labels one mention of a person ORG ("Olaf
            # Scholz" ORG, "Scholz" PERSON): containment counts if either side is PERSON.
            person_side = {label, clabel} <= {"PERSON", "ORG"} and (
                label == clabel or _named_after(cname, toks))
            if person_side and toks and toks <= ctoks or clabel == label and cname.lower() == name.lower() \
                    or clabel == "PERSON" and _surname_read_as_place(span, label, toks, cname, clusters):
                target = ci
                break
        if target is None:
            clusters.append((label, name, toks, []))
            target = len(clusters) - 1
        elif label == "PERSON" and clusters[target][0] != "PERSON":
            c = clusters[target]
            clusters[target] = ("PERSON", c[1], c[2], c[3])
        clusters[target][3].append(span)
        assign[k] = target
    # Order clusters by first mention so ids follow the text.
    first = sorted(range(len(clusters)), key=lambda c: min(s.start for s in clusters[c][3]))
    entities: list[Entity] = []
    infos: list[_EntityInfo] = []
    by_char: dict[int, _EntityInfo] = {}
    furniture = furniture_tokens(doc)
    for n, ci in enumerate(first):
        label, name, toks, spans = clusters[ci]
        spans.sort(key=lambda s: s.start)
        name = _display_name(name, toks, spans, furniture)
        ent = Entity(
            id=f"{article_id}:e{n}", name=name, label=label,
            mentions=[Mention(text=s.text, spans=[(s.start_char, s.end_char)]) for s in spans],
        )
        info = _EntityInfo(entity=ent, tokens=toks)
        votes: Counter[str] = Counter()
        for s in spans:
            if _furniture_mention(s, furniture):
                continue  # a dateline's "BEIJING", a caption's credit: nobody a pronoun refers to
            d, g = _descriptors_of(s)
            info.descriptors |= d
            info.gender = info.gender or g
            subj = s.root.dep_ in ("nsubj", "nsubjpass") or (
                s.root.dep_ in ("compound", "appos") and s.root.head.dep_ in ("nsubj", "nsubjpass"))
            info.positions.append((s.start_char, s.end_char, subj))
            for t in s:
                by_char[t.idx] = info
            if subj and label == "PERSON":
                votes.update(_pronouns_after(s))
        info.gender = info.gender or _gender_by_votes(votes)
        entities.append(ent)
        infos.append(info)
    _remember(doc, _Index(infos=infos, by_char=by_char, entities_key=id(entities)))
    return entities


def _surname_read_as_place(span: Span, label: str, toks: frozenset[str], person: str,
                           clusters: list[tuple[str, str, frozenset[str], list[Span]]]) -> bool:
    """A person's surname the recogniser took for a place: "Police Chief Hassan Aden said ... Aden
    identified the suspect" ("Aden" GPE), "Bucheit said", "Henderson said".

    The last word of one full name written earlier, and of no other person's; standing as a noun
    phrase of its own, not after a preposition ("in Washington" is the city even where a Rebecca
    Washington is quoted) nor before a noun ("Miami police").  Without it the surname's quotes went
    to a place, typed an organisation.
    """
    if label != "GPE" or len(toks) != 1 or span.root.dep_ in ("pobj", "compound", "poss"):
        return False
    words = [w.lower().strip(".,") for w in person.split()]
    while words and words[-1] in ("jr", "sr", "ii", "iii", "iv"):
        words.pop()
    if len(words) < 2 or words[-1] not in toks:
        return False
    owners = [c for c in clusters if c[0] == "PERSON" and toks <= c[2]]
    return len(owners) == 1 and any(p.start < span.start for p in owners[0][3])


def _pronouns_after(mention: Span) -> set[str]:
    """The gender of the pronoun that goes on as the subject of what a subject said or did ("Garcia
    said she ran outside": she; "Smith said he" ...): a vote that the subject is of that gender.

    Only a subject pronoun of a clause hanging on the mention's own verb: a possessive or an object
    after it ("Tarantino said it was the actress's suggestion to wrap the thing around her neck")
    speaks of someone else.
    """
    root = mention.root
    verb = root.head if root.dep_ in ("nsubj", "nsubjpass") else root.head.head
    found = {PERSON_PRONOUNS[t.lower_] for t in mention.sent
             if t.i >= mention.end and t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass")
             and t.head.head == verb and t.head.dep_ in ("ccomp", "conj", "advcl", "xcomp")}
    return found if len(found) == 1 else set()


def _gender_by_votes(votes: Counter[str]) -> str | None:
    """A person's gender from the pronouns after them as a subject, where the title says none.

    Why votes and not one: "Smith said she was shot" speaks of someone else; a gender is taken only
    when two sentences at least say it and none says the other ("she" -> a man named earlier was the
    commonest pronoun error read on gva)."""
    for g, other in (("m", "f"), ("f", "m")):
        if votes[g] >= 2 and not votes[other]:
            return g
    return None


def _named_after(longer: str, shorter: frozenset[str]) -> bool:
    """Whether a person's name and a longer name of the other label are one person ("Chancellor Olaf
    Scholz" or "Riley Spitler" mislabelled ORG, and "Scholz", "Riley").

    Not when the longer name's other words are a body's or a thing's noun: "Garrett Swasey
    Memorial Fund", "Memphis Police Department", "Trump Tower" are named after someone, and must not
    take the person's mentions (nor give the person their name).
    """
    words = [w.lower().strip(".,").removesuffix("’s").removesuffix("'s") for w in longer.split()]
    if not words or words[-1] in shorter:
        return True  # it ends on the person's name: titles and a place before it ("Police Chief Fred Fletcher")
    return not (set(words) - shorter) & (ORGANISATION_NOUNS | NAMED_AFTER_NOUNS)


def _furniture_mention(span: Span, furniture: frozenset[int]) -> bool:
    return bool(furniture) and all(t.i in furniture for t in span)


def _display_name(name: str, toks: frozenset[str], spans: list[Span], furniture: frozenset[int]) -> str:
    """The cluster's name as the running text writes it: not a caption's or subhead's capitals.

    "HILLARY CLINTON" in a graphic and "Hillary Clinton" in the text are one cluster; the
    reader sees the second.  Only spellings of the same words compete, so the fullest name stays.
    """
    if any(c.islower() for c in name) and not all(_furniture_mention(s, furniture) for s in spans
                                                   if _name_tokens(_clean_name(s)) == toks):
        return name
    for s in spans:
        if _furniture_mention(s, furniture):
            continue
        cand = _clean_name(s)
        if _name_tokens(cand) == toks and any(c.islower() for c in cand):
            return cand
    return name


def _index(doc: Doc, entities: list[Entity]) -> _Index:
    idx = doc.user_data.get(_INDEX_KEY)
    if idx is not None and (idx.entities_key == id(entities) or
                                    [i.entity.id for i in idx.infos] == [e.id for e in entities]):
        return idx
    # Entities came from elsewhere (e.g. deserialised): rebuild positions from their mentions.
    infos = []
    by_char: dict[int, _EntityInfo] = {}
    furniture = furniture_tokens(doc)
    for ent in entities:
        info = _EntityInfo(entity=ent, tokens=_name_tokens(ent.name))
        for m in ent.mentions:
            for s, e in m.spans:
                span = doc.char_span(s, e, alignment_mode="expand")
                subj = False
                if span is not None and _furniture_mention(span, furniture):
                    continue
                if span is not None:
                    d, g = _descriptors_of(span)
                    info.descriptors |= d
                    info.gender = info.gender or g
                    subj = span.root.dep_ in ("nsubj", "nsubjpass")
                    for t in span:
                        by_char[t.idx] = info
                info.positions.append((s, e, subj))
        infos.append(info)
    idx = _Index(infos=infos, by_char=by_char, entities_key=id(entities))
    _remember(doc, idx)
    return idx


def _as_span(doc: Doc, mention: Span | tuple[int, int]) -> Span | None:
    if isinstance(mention, Span):
        return mention
    s, e = mention
    return doc.char_span(s, e, alignment_mode="expand")


# Kinds by entity label: a country or city that "said" something is its government speaking.
_LABEL_KINDS: dict[str, SpeakerKind] = {"PERSON": "person", "ORG": "organisation", "GPE": "organisation",
                                        "NORP": "group"}


def _person_shaped(name: str, span: Span) -> bool:
    """Whether a name the recogniser calls a person is written like one.

    Not a person: a name with a lower-case function word ("Isle of Man"), an acronym ("TfL"), or
    one the text writes with "the" in front ("the Bears", "The Taliban"), which people's names
    never take.
    """
    words = name.split()
    if any(w in ("of", "for", "and", "the") for w in words):
        return False
    if len(words) == 1 and sum(c.isupper() for c in name) >= 2:
        return False
    first = span[0]
    return not (first.lower_ == "the" and first.dep_ == "det" and span.root.pos_ == "PROPN"
                and not any(t.lower_.rstrip(".") in TITLES for t in span))


def _of_a_persons_name(word: Token, idx: _Index | None) -> bool:
    """A word of a person's own name in this text, whatever its tag: a surname the tagger reads as a
    plural ("Suthers" of Mayor John Suthers, "Bowers" of Robert Bowers)."""
    low = word.lower_
    return idx is not None and any(low in info.tokens for info in idx.infos if info.entity.label == "PERSON")


def speaker_kind(span: Span, info: _EntityInfo | None, how: str) -> SpeakerKind:
    """Person, organisation, group or anonymous description, from the entity label and the head noun.

    A resolved entity gives its label (a pronoun or a description resolved to Xi Jinping is a
    person).  Otherwise the head noun decides: a proper name the recogniser missed is a person
    (one written in capitals, "NASA", an organisation); a plural ("officials", "witnesses") is a
    group; a body's noun ("the Clinton campaign", "the ministry") an organisation; any other
    description ("a source in the Clinton camp", "the spokesman", an unresolved "he") is anonymous.
    """
    if info is not None:
        return _LABEL_KINDS.get(info.entity.label, "organisation")
    root = span.root
    if root.ent_type_ in _LABEL_KINDS and how == "name":
        return _LABEL_KINDS[root.ent_type_]
    if root.tag_ == "NNPS" and not root.ent_type_ and not any(t.lower_.rstrip(".") in TITLES for t in span) \
            and not _of_a_persons_name(root, span.doc.user_data.get(_INDEX_KEY)):
        # a plural the tagger capitalised into a name after a dateline ("KENT -- Prosecutors have")
        return "organisation" if root.lower_ in ORGANISATION_NOUNS else "group"
    if root.pos_ == "PROPN" and how == "name":
        return "organisation" if root.text.isupper() and len(root.text) > 1 else "person"
    low = root.lemma_.lower()
    if root.lower_ in GROUP_PRONOUNS - {"it", "its"} or root.tag_ in ("NNS", "NNPS") and low not in ORGANISATION_NOUNS:
        return "group"
    if low in ORGANISATION_NOUNS or root.lower_ in ("it", "its"):
        # "one source in the Clinton camp": the head is "source", so this is a description
        return "organisation"
    return "description"


def _speaker(info: _EntityInfo | None, span: Span, how: str) -> Speaker:
    kind = speaker_kind(span, info, how) if len(span) else "description"
    if kind == "person" and how == "name" and not _person_shaped(info.entity.name if info else _clean_name(span), span):
        kind = "organisation"  # the recogniser's PERSON for "the Bears", "TfL", "Isle of Man"
    if info is None:
        return Speaker(name=_clean_name(span) if len(span) else span.text, spans=[(span.start_char, span.end_char)],
                       mention=span.text, entity_id=None, resolved_by=how, kind=kind)  # type: ignore[arg-type]
    return Speaker(name=info.entity.name, spans=[(span.start_char, span.end_char)], mention=span.text,
                   entity_id=info.entity.id, resolved_by=how, kind=kind)  # type: ignore[arg-type]


def _recent(idx: _Index, before: int, labels: tuple[str, ...], gender: str | None = None,
            window: int = 1500) -> _EntityInfo | None:
    """The entity of the latest compatible mention before ``before``, subjects preferred.

    A subject mention within the previous ~2 sentences beats a later
    non-subject one ("Putin met Xi. He said ..." -> Putin).
    """
    best: tuple[float, _EntityInfo] | None = None
    k = bisect.bisect_left(idx.starts, before) - 1
    while k >= 0 and before - idx.timeline[k][0] <= window:
        s, subj, info = idx.timeline[k]
        k -= 1
        if info.entity.label not in labels or gender and info.gender and info.gender != gender:
            continue
        score = s + (400 if subj else 0)
        if best is None or score > best[0]:
            best = (score, info)
    return best[1] if best else None


def _demonym_match(word: str, descriptors: set[str], name_tokens: frozenset[str]) -> bool:
    """'chinese' ~ 'china'/'chinese'; matched on a 4-letter stem (no list of countries)."""
    if word in descriptors:
        return True
    stem = word[:4]
    return len(stem) == 4 and any(d.startswith(stem) for d in descriptors | set(name_tokens))


def _is_leaderish(word: str) -> bool:
    return word in LEADER_ROLES


def _quotations(doc: Doc) -> _Regions:
    """The document's quotation-mark regions (cached on the Doc)."""
    cached = doc.user_data.get("newsprism.quotations")
    if cached is None:
        cached = doc.user_data["newsprism.quotations"] = _Regions(quote_mark_regions(doc_text(doc)))
    return cached


def _subjects_before(doc: Doc, pron: Token, max_sents: int) -> Iterator[list[Token]]:
    """The subjects a pronoun may continue, sentence by sentence: its own sentence's before it, then
    each of the ``max_sents`` previous sentences', nearest first; in each the main clause's subject
    first, then the others right to left (news prose keeps its topic in subject position)."""
    sents: list[tuple[Span, int]] = [(pron.sent, pron.i)]
    cur = pron.sent
    for _ in range(max_sents):
        if cur.start == 0:
            break
        cur = doc[cur.start - 1].sent
        sents.append((cur, cur.end))
    quoted = _quotations(doc)
    outside = quoted.at(pron.idx) is None
    for sp, limit in sents:
        # a subject inside a quotation is the quoted speaker's words ('"... when a property owner says
        # enough is enough," he said'), not someone the narration goes on about
        subjects = [t for t in sp if t.i < limit and t.dep_ in ("nsubj", "nsubjpass") and t.i != pron.i
                    and not (outside and quoted.at(t.idx) is not None)]
        subjects.sort(key=lambda t: (t.head.dep_ != "ROOT", -t.i))
        yield subjects


def _subject_antecedent(doc: Doc, pron: Token, idx: _Index, entities: list[Entity], gender: str,
                        max_sents: int = 3) -> _EntityInfo | Span | None:
    """The person a subject pronoun continues: the subject of this or a previous sentence.

    News prose keeps its topic in subject position ("Xi also expressed support
    for Putin. 'I believe ...,' he continued." -> Xi, not the nearer Putin).
    Earlier subjects in the same sentence come first, then the previous
    sentences' subjects, nearest first; a same-gender pronoun subject on the
    way is the same referent, so the walk continues past it.
    """
    for subjects in _subjects_before(doc, pron, max_sents):
        for t in subjects:
            low = t.lower_
            if low in PERSON_PRONOUNS:
                if PERSON_PRONOUNS[low] != gender:
                    return None  # the other gender holds the subject: leave it to recency
                continue
            info = idx.by_char.get(t.idx)
            if info is not None:
                if info.entity.label == "PERSON" and (not info.gender or info.gender == gender):
                    return info
                continue
            if (name := _unrecognised_name(t)) is not None and _gender_allows(t, gender):
                return name
            if t.pos_ == "NOUN":
                np = doc[t.left_edge.i: t.i + 1]
                res = resolve_speaker(doc, np, entities)
                if res.entity_id is not None and res.resolved_by == "nominal":
                    return next((i for i in idx.infos if i.entity.id == res.entity_id), None)
                if _one_speaking_person(t) and _gender_allows(t, gender):
                    # "A Downing Street spokesman said ... He stressed": the spokesman, unnamed, not
                    # the last name before him; named when a name stands in apposition ("his sister,
                    # Keke Anderson, said ... She added")
                    named = next((c for c in t.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
                    if named is not None and (info := idx.by_char.get(named.idx)) is not None:
                        return info
                    return np
    return None


# Nouns of one person that carry a gender: a closed class of English words, like the titles above.
_FEMALE_NOUNS = frozenset("""
mother sister daughter wife woman girl grandmother aunt niece granddaughter girlfriend widow mom
spokeswoman chairwoman congresswoman businesswoman actress waitress
""".split())
_MALE_NOUNS = frozenset("""
father brother son husband man boy grandfather uncle nephew grandson boyfriend widower dad
spokesman chairman congressman businessman actor waiter
""".split())


def _gender_allows(head: Token, gender: str) -> bool:
    """Whether a subject may be what a "he" or "she" continues: not a noun of the other gender
    ("his sister"), nor a name whose own sentence calls it by the other gender's pronoun
    ("Palestinian teen Ahed Tamimi speaks to her lawyer" is no "he")."""
    low = head.lemma_.lower()
    if low in (_MALE_NOUNS if gender == "f" else _FEMALE_NOUNS):
        return False
    other = {p for p, g in PERSON_PRONOUNS.items() if g != gender}
    return not any(w.lower_ in other for w in head.sent if w.i > head.i)


def _one_speaking_person(head: Token) -> bool:
    """A description of one person that speaks in this text: the singular subject of a cue verb
    ("A Downing Street spokesman said") whose noun names a person (learned, :func:`person_nouns`, or
    a title or a gendered noun): not "the report said", "the affidavit states", a body or a plural."""
    low = head.lemma_.lower()
    return (head.tag_ == "NN" and head.head.lemma_.lower() in SPEECH and not head.ent_type_
            and (low in person_nouns() or low in TITLES or low in _FEMALE_NOUNS or low in _MALE_NOUNS)
            and low not in ORGANISATION_NOUNS and any(c.dep_ in ("det", "poss") for c in head.children))


def _unrecognised_name(head: Token) -> Span | None:
    """A person's name the recogniser missed, as a subject: "Ajmal Jan, a local shopkeeper, said"
    ("Ajmal Jan" has no entity), so that the "he" that goes on is not the last name it did see.

    Two or more capitalised proper nouns in a row, written in mixed case, none a body's noun nor a
    title, and no other entity's words: a name shaped like a person's.
    """
    if head.pos_ != "PROPN" or head.ent_type_ not in ("", "PERSON"):
        return None
    words = [c for c in head.lefts if c.dep_ == "compound" and c.i == head.i - 1] + [head]
    while words[0].i > 0 and (prev := head.doc[words[0].i - 1]).dep_ == "compound" and prev.head == head:
        words.insert(0, prev)
    if len(words) < 2 or any(not (w.pos_ == "PROPN" and w.text[:1].isupper() and not w.is_upper and not w.ent_type_
                                  or w.ent_type_ == "PERSON") for w in words):
        return None
    if any(w.lower_.rstrip(".") in TITLES or w.lower_ in ORGANISATION_NOUNS for w in words):
        return None
    return head.doc[words[0].i: head.i + 1]


# "They said": a plural referent, which news prose keeps in subject position ("Police said ...
# They also said ..."), unlike "it" (a country, a company: "China said it would").
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
# Lemmas of the verbs and nouns that introduce what someone said, believes or found.
_CUE_LEMMAS = SPEECH | BELIEF | FINDING


def _group_antecedent(doc: Doc, pron: Token, idx: _Index, max_sents: int = 3) -> Span | _EntityInfo | None:
    """What "they" continues: the nearest plural or collective subject of this or a previous sentence.

    "Investigators said the man fled. They said he was armed" -> the investigators.  The nearest
    place or body named anywhere, which this used to take, is most often a dateline's city or a
    modifier ("San Antonio police", "Baltimore County") in local news: 736 "they" quotes on gva's
    pages, the commonest names cities.  Subjects are read as :func:`_subject_antecedent` reads them
    (the main clause first, nearest sentence first); a singular person on the way is passed over,
    another "they" is the same referent.  Returns the subject's noun phrase, an organisation's or a
    people's entity, or None (then an organisation or a people named nearby, never a place).
    """
    for subjects in _subjects_before(doc, pron, max_sents):
        for t in subjects:
            if t.lower_ in PLURAL_PRONOUNS or t.lower_ in PERSON_PRONOUNS or t.lower_ in FIRST_PERSON:
                continue
            info = idx.by_char.get(t.idx)
            if info is not None:
                if info.entity.label in ("ORG", "NORP") or t.tag_ == "NNPS" and info.entity.label == "PERSON":
                    return info  # a body, a people, a family ("the Tarpleys")
                continue  # one person or a place
            low = t.lemma_.lower()
            if low in PICTURE_NOUNS:
                continue  # "Photos show ...": what they show is a finding, and photos say nothing
            if t.pos_ in ("NOUN", "PROPN") and (low in ORGANISATION_NOUNS or t.tag_ in ("NNS", "NNPS") and (
                    t.head.lemma_.lower() in _CUE_LEMMAS or low in _speaking_subjects(doc))):
                # a body, or a plural the text has speak, think or find ("Investigators said"), not
                # any plural subject ("Shots were fired ... They said": shots say nothing)
                return doc[t.left_edge.i: t.i + 1]
    return None


def _speaking_subjects(doc: Doc) -> frozenset[str]:
    """Lemmas of the subjects of cue verbs anywhere in the text ("officers said"), once per document."""
    cached = doc.user_data.get("newsprism.speaking_subjects")
    if cached is None:
        cached = frozenset(t.lemma_.lower() for t in doc
                           if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in _CUE_LEMMAS)
        doc.user_data["newsprism.speaking_subjects"] = cached
    return cached


def _names_a_body_or_group(head: Token, idx: _Index) -> bool:
    """Whether a description's head noun names an organisation or several people, not one person.

    A word of a person's own name is no plural whatever its tag: "Suthers" (Mayor John Suthers),
    which the tagger reads as a plural noun.
    """
    if _of_a_persons_name(head, idx):
        return False
    return head.lemma_.lower() in ORGANISATION_NOUNS or head.lower_ in ORGANISATION_NOUNS or head.tag_ in ("NNS", "NNPS")


def _relative_antecedent(tok: Token) -> Span | None:
    """The noun phrase a relative pronoun stands for, up to its head ("Gov. Ron DeSantis" of
    "Gov. Ron DeSantis, who said"), or None when ``tok`` is no relative clause's subject."""
    verb = tok.head
    if tok.tag_ not in ("WP", "WDT") or tok.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "relcl":
        return None
    noun = verb.head
    # "Gov. Ron DeSantis, a Republican who said": the clause describes the appositive's head, DeSantis
    while noun.dep_ == "appos" and noun.head is not noun:
        noun = noun.head
    if noun.pos_ not in ("PROPN", "NOUN", "PRON") or noun.tag_ in ("WP", "WDT"):
        return None
    # the antecedent precedes its pronoun and never holds it (a non-projective parse could make it
    # do so, and resolving it would come back here)
    if not noun.i < tok.i or noun.left_edge.i <= tok.i <= noun.i:
        return None
    return noun.doc[noun.left_edge.i : noun.i + 1]


def _as_mentioned(resolved: Speaker, pronoun: Span, how: str) -> Speaker:
    """The speaker an antecedent resolves to, as the pronoun mentions it (its span and words, where
    PolNeAR marks the source)."""
    return resolved.model_copy(update={"spans": [(pronoun.start_char, pronoun.end_char)],
                                       "mention": pronoun.text, "resolved_by": how})


def resolve_speaker(doc: Doc, mention_span: Span | tuple[int, int], entities: list[Entity]) -> Speaker:
    """Resolve a source mention to a canonical name.

    Order: a named entity inside the mention (``name``); a proper name that
    shares a token with a cluster (``name``); a personal pronoun -> the most
    recent compatible person, subjects preferred (``pronoun``); a description
    ("the Chinese leader", "the spokesman") -> the latest person whose
    descriptors match every content word, with leader-like role nouns
    interchangeable (``nominal``); otherwise the mention itself (``none``).
    """
    span = None
    if isinstance(mention_span, Span) or mention_span[0] < mention_span[1]:
        span = _as_span(doc, mention_span)
    if span is None or not len(span):
        s, e = mention_span if isinstance(mention_span, tuple) else (0, 0)
        return Speaker(name=doc.text[s:e], spans=[(s, e)], mention=doc.text[s:e], resolved_by="none", kind="description")
    span = without_furniture(span)
    idx = _index(doc, entities)
    # 1. a clustered entity inside the mention; prefer PERSON, then the root's.
    found: list[_EntityInfo] = []
    for t in span:
        info = idx.by_char.get(t.idx)
        if info is not None and info not in found:
            found.append(info)
    # Only an entity at the head of the mention names the speaker: "Putin's
    # spokesman Dmitry Peskov" is Peskov, "the Chinese leader" is not "Chinese".
    root_info = idx.by_char.get(span.root.idx)
    if root_info is not None:
        return _speaker(root_info, span, "name")
    persons = [f for f in found if f.entity.label == "PERSON"]
    if persons and span.root.pos_ == "PROPN":
        return _speaker(persons[-1], span, "name")
    # 2. proper nouns not recognised as an entity: token containment, when a name heads the
    # mention.  Under a common noun the name is a modifier and the speaker someone else: "the
    # Clinton campaign", "one source in the Clinton camp", "Clinton aides" are not Hillary Clinton.
    propn = [t.lower_ for t in span if t.pos_ == "PROPN" and t.lower_.rstrip(".") not in TITLES]
    if propn and span.root.pos_ == "PROPN":
        for info in reversed(idx.infos):
            if info.entity.label == "PERSON" and set(propn) <= info.tokens:
                return _speaker(info, span, "name")
        if span.root.pos_ == "PROPN":  # a name NER missed: it names itself
            return _speaker(None, span, "name")
    low = span.text.lower()
    # 3a. a relative pronoun speaks for the noun its clause modifies ("Gov. Ron DeSantis, who said
    # ..."): resolved as that noun phrase, the mention staying the pronoun, where PolNeAR marks the
    # source.  Left alone it was the speaker "who" (333 quotes on gva's dev pages, 33 on allsides').
    if len(span) == 1 and (antecedent := _relative_antecedent(span[0])) is not None:
        res = resolve_speaker(doc, antecedent, entities)
        return _as_mentioned(res, span, "coref" if res.resolved_by != "none" else "none")
    # 3. pronouns
    if len(span) == 1 and low in PERSON_PRONOUNS:
        info = _subject_antecedent(doc, span[0], idx, entities, PERSON_PRONOUNS[low])
        if isinstance(info, Span):
            res = resolve_speaker(doc, info, entities)
            return _as_mentioned(res, span, "pronoun" if res.resolved_by != "none" else "none")
        if info is None:
            info = _recent(idx, span.start_char, ("PERSON",), PERSON_PRONOUNS[low])
        return _speaker(info, span, "pronoun") if info else _speaker(None, span, "none")
    if len(span) == 1 and low in PLURAL_PRONOUNS:
        antecedent = _group_antecedent(doc, span[0], idx)
        if isinstance(antecedent, Span):
            return _as_mentioned(resolve_speaker(doc, antecedent, entities), span, "pronoun")
        info = antecedent or _recent(idx, span.start_char, ("ORG", "NORP"))
        return _speaker(info, span, "pronoun") if info else _speaker(None, span, "none")
    if len(span) == 1 and low in GROUP_PRONOUNS:
        info = _recent(idx, span.start_char, ("ORG", "GPE", "NORP"))
        return _speaker(info, span, "pronoun") if info else _speaker(None, span, "none")
    # 4. descriptions: content words must all match a person's descriptors.  Only a description of
    # one person: a body ("Colorado Springs police", "the ministry") or a plural ("officials") is
    # never the person an article describes as a "police officer" or an "official".
    words = [t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "ADJ", "PROPN") and not t.is_stop]
    if words and not _names_a_body_or_group(span.root, idx):
        head = span.root.lemma_.lower()
        best: tuple[int, _EntityInfo] | None = None
        for info in idx.infos:
            if info.entity.label != "PERSON":
                continue
            ok = True
            for w in words:
                if w == head and _is_leaderish(w):
                    if not any(_is_leaderish(d) for d in info.descriptors):
                        ok = False
                        break
                elif not _demonym_match(w, info.descriptors, info.tokens):
                    ok = False
                    break
            if not ok:
                continue
            last = max((s for s, _e, _ in info.positions if s < span.start_char), default=-1)
            if last < 0:
                continue
            if best is None or last > best[0]:
                best = (last, info)
        if best is not None:
            return _speaker(best[1], span, "nominal")
    return _speaker(None, span, "none")


def resolve_source(doc: Doc, head: tuple[int, int], source: tuple[int, int], entities: list[Entity]) -> Speaker:
    """The speaker of a source phrase: its head noun phrase resolved (:func:`resolve_speaker`), or the
    person an apposition names when the head is a description nothing resolves.

    "His sister, Keke Anderson, said": the head is "His sister", the person Keke Anderson; a reader
    of the speakers pages wants the name (241 quotes on gva's dev pages were "his mother", "Jamie
    Seals' brother", "store clerk" beside the name the same phrase gives).
    """
    speaker = resolve_speaker(doc, head, entities)
    if speaker.resolved_by != "none" or speaker.kind not in ("description", "group"):
        return speaker
    head_span, whole = _as_span(doc, head), _as_span(doc, source)
    if head_span is None or whole is None or not len(head_span):
        return speaker
    root = head_span.root
    if root.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in root.children):
        return speaker  # "Holston's parents, David and Haley Cole", "X's attorney, A, and Y's attorney, B": not one
    for appos in root.children:
        if appos.dep_ != "appos" or not whole.start <= appos.i < whole.end or appos.ent_type_ != "PERSON" \
                or any(c.dep_ == "conj" for c in appos.children):
            continue
        ent = next((e for e in doc.ents if e.start <= appos.i < e.end and e.label_ == "PERSON"), None)
        if ent is not None:
            named = resolve_speaker(doc, ent, entities)
            if named.kind == "person":
                return named
    return speaker
