"""Quote and attribution extraction: who said (believes, found) what, with offsets.

Pipeline, all in one pass over an already parsed ``Doc`` (no re-parsing):

1. :func:`quote_mark_regions` pairs quotation marks paragraph by paragraph
   (“ ” " ‘ ’ ' « » „ and NYT-style `` ''); an unclosed quote ends at its
   paragraph end, and a paragraph that opens a quote right after an unclosed
   one continues the same quotation (news style for multi-paragraph quotes).
2. Cue candidates come from the dependency parse: a verb with a clausal
   complement ("said that ..."), an xcomp ("plans to ..."), an object
   ("called him 'a liar'"), a preposition ("talked about ..."), "called for X
   to do Y", a noun with a that-clause, an infinitive or a prepositional object
   ("the claim that ...", "his decision to run", "her criticism of the deal"),
   a reporting clause the parser hung under the reported one ("The test was
   its biggest yet, he said"), a raising verb or passive infinitive whose
   subject is part of the content and which has no source ("The donors
   appear [to have ties ...]", "Trump is expected [to attend]"), an answer
   word ("46 percent said yes"), "according to X" and a sentence-opening
   "In a poll/survey ..., X" (the poll is the source).  Each candidate is accepted when the learned cue model
   (:mod:`newsprism.analysis.cues`: logistic regression over lemma, frame,
   subject kind, negation ..., trained on PolNeAR train by
   bench/train_cues.py) gives it a probability above :data:`CUE_THRESHOLD`.
3. Content = the complement's subtree, clipped to the cue's paragraph, its end
   moved by the learned boundary model (keep the subtree's end / run to the
   sentence end / cut before a trailing clause), widened to whole quotation
   regions it touches, minus the cue and source.  A light verb whose object is
   itself a cue ("expressed concern that ...") makes one attribution with the
   verb's subject as source.  Of two accepted cues where one sits inside the
   other's content ("said she plans to ..."), only the likelier stays:
   PolNeAR never marks a cue inside another attribution's content.
   Source = the cue's subject with its appositions (passive: the by-agent;
   participles and conjuncts inherit their head's subject).  Transcript lines
   ("PENCE: Well, ..."), headline labels ("Ann Coulter: And Then There Was the
   One") and dash-signed quotations ('"..." ― Maria Lopez') are recognised by
   their layout.
4. Quotation regions not inside any content become direct quotes if a speech
   cue sits in the same sentence(s) outside the marks ('"...," Xi said, "..."'),
   continue the previous quotation (same paragraph: same quote; next paragraph:
   same speaker), take the speaker named right after them whatever the verb
   ('"Go back to Univision," Trump barked': closed by , ? or ! inside the marks,
   then a short name and a verb), or take the subject of the previous sentence ('The Chinese
   leader also expressed support. "I believe ..."').  What is left and short
   and verbless is a scare quote, not a quote (see below); so is a short
   verbless quotation in running text governed by a verb that is rarely a cue
   ('the new "Hawaii Five-0," was tapped by CBS').  Of the verbs around a
   quotation, a strong cue is preferred to a nearer weak one ('"...," Cuban
   said in an interview airing Sunday, "..."': said, not airing).

Where the code is: step 1 (and the region index) in
:mod:`newsprism.analysis.quote_marks`, the per-cue reading of the parse of
steps 2-3 (frame, subject, source, content boundary) in
:mod:`newsprism.analysis.cue_frames`, step 4 (quotation regions outside any
content become direct quotes; numbered 3 in :func:`find_attributions`) in
:mod:`newsprism.analysis.direct_quotes`, the transcript and label lines of step 3 in
:mod:`newsprism.analysis.label_lines`, and the attribution record and
per-document state both this module and that one read in
:mod:`newsprism.analysis.attribution`; this module runs the document-level
passes (:func:`find_attributions`, one helper per step, the cue-driven ones
here) and builds the ``Quote`` records.  Import the public names from here.

Conventions (documented because consumers depend on them):

* Content spans *include* the quotation marks of direct quotes (PolNeAR's
  convention); a quote running over several paragraphs has one span per
  paragraph, so spans may be discontinuous.
* ``kind``: ``direct`` = all content words inside quotation marks and the quote
  stands apart from the reporting clause (own sentence or after , or :);
  ``partial`` = all content inside marks but embedded in the author's sentence
  ('cautioned against "dictated peace Russian-style"'); ``mixed`` = a reported
  clause with quoted fragments; ``indirect`` = no quotation marks.
* Scare quotes rule: a quoted fragment is a quote only if it is the content,
  or inside the content, of an attribution cue, or stands alone as a sentence
  with a speaker in context.  A short (<= 4 words) verbless quoted phrase with
  no cue is a scare quote ('China's 12-point "peace plan"').  Inside an
  attribution ('the statement also urged abandoning "the Cold War mentality"')
  the fragment counts as the source's words, except a short verbless phrase
  whose noun phrase starts outside the marks ('China's 12-point "peace plan"'):
  that is a label, reported by :func:`unattributed_quoted_spans` for framing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsprism.analysis.attribution import (
    _Att,
    _cue_mention,
    _DocState,
    _has_verb,
    _merge_spans,
    sentence_spans,
)
from newsprism.analysis.cue_frames import (
    _caption,
    _source_spans,
    _subtree_span,
    boundary_variants,
    content_spans,
    content_variants,
    cue_features,
    cue_frame,
    idiom_object,
    is_candidate,
    subject_of,
    verb_class,
)
from newsprism.analysis.cues import ASPECTUAL, FINDING_VEHICLES, IDIOM_OBJECTS, MEASURES, cue_probability
from newsprism.analysis.direct_quotes import DIRECT_CUE_THRESHOLD, SCARE_MAX_WORDS, WEAK_CUE, _direct_quotes
from newsprism.analysis.furniture import PICTURE_NOUNS, furniture_tokens
from newsprism.analysis.label_lines import label_lines
from newsprism.analysis.quote_marks import (
    _WORD_RE,
    QuoteRegion,
    _n_words,
    _para_bounds,
    _Regions,
    quote_mark_regions,
    quoted_regions,
)
from newsprism.analysis.social_posts import with_signed_posts
from newsprism.analysis.speakers import resolve_source
from newsprism.analysis.verb_senses import (
    an_amount,
    force_not_words,
    phone_call,
    reaction_object,
    released_not_words,
)
from newsprism.model import Entity, Mention, Quote
from newsprism.nlp import doc_text

# The public names of the quote extractor, including those that live in
# quote_marks, cue_frames and direct_quotes: other modules, benches and tests import them from here.
__all__ = [
    "ACCORDING_AS_VIA", "CUE_THRESHOLD",
    "DIRECT_CUE_THRESHOLD", "FINDING_VEHICLES",
    "SCARE_MAX_WORDS", "WEAK_CUE", "QuoteRegion", "boundary_variants",
    "content_spans", "content_variants", "cue_features", "cue_frame",
    "extract_quotes", "find_attributions", "is_candidate", "quote_mark_regions", "quoted_regions",
    "source_mention_spans", "subject_of", "unattributed_quoted_spans",
]

CUE_THRESHOLD = 0.3  # cue-model probability to accept a candidate (5-fold CV: 0.25-0.35 flat, 0.3 best)
# "X said Y, according to Z": Z becomes the quote's ``via`` (not a second quote).
ACCORDING_AS_VIA = True

_VIA_LEMMAS = frozenset({"report", "tell", "quote", "cite"})
# Verbs of saying that assert their object as the subject's own ("expressed concern that",
# "announced plans to", "told police he feared"), not those that answer, judge or cancel someone
# else's ("dismissed fears that", "praised the decision to", "called off plans to").  Closed class.
_ASSERTING = frozenset("say tell express voice announce state reiterate reveal confirm disclose share "
                       "explain write post tweet add note stress emphasize emphasise".split())
# What a picture does as evidence (it shows; it says nothing): with a picture as subject, a finding.
_EVIDENCE_VERBS = frozenset({"confirm", "reveal", "disclose"})


# --------------------------------------------------------------------------
# extraction
# --------------------------------------------------------------------------
def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Content never includes its own source or cue (a mis-attached subtree can swallow them)."""
    out = spans
    for hs, he in holes:
        nxt = []
        for s, e in out:
            if he <= s or hs >= e:
                nxt.append((s, e))
                continue
            if s < hs:
                nxt.append((s, hs))
            if he < e:
                nxt.append((he, e))
        out = nxt
    trimmed = []
    for s, e in out:
        piece = text[s:e]
        ls = len(piece) - len(piece.lstrip(" \t\n\xa0,:;—–-"))
        rs = len(piece.rstrip(" \t\n\xa0,:;—–-"))
        if rs > ls and _n_words(piece[ls:rs]):
            trimmed.append((s + ls, s + rs))
    return trimmed


def _according(tok: Token) -> tuple[Token, Token] | None:
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lemma_.lower() in IDIOM_OBJECTS["according"] and not any(
            c.dep_ in ("det", "poss", "amod", "compound") for c in obj.children):
        return None  # "according to plan": an idiom ("according to the plan's authors" is a source)
    return to, obj


def _in_finding(tok: Token) -> tuple[Token, Token] | None:
    """'In an NBC News/Wall Street Journal poll released Monday, 50 percent chose
    Clinton': "in" + a poll or survey before its clause is a cue like "according
    to" (PolNeAR marks it so), the poll its source, the rest of the clause its content.  Returns
    (the preposition itself, the poll noun)."""
    if tok.lower_ != "in" or tok.dep_ != "prep" or tok.head.i < tok.i:
        # after its clause ("leads in the polls") it is mostly not marked (train CV: 19 of 85)
        return None
    obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lemma_.lower() not in FINDING_VEHICLES:
        return None
    return tok, obj


def find_attributions(doc: Doc, regions: list[QuoteRegion] | None = None,
                      threshold: float | None = None, text: str | None = None) -> list[_Att]:
    """Attributions (content, cue, source) of a parsed doc, before speaker resolution.

    The steps of the module docstring, in order: each later step sees what the
    earlier ones found (a quotation inside a cue's content is not a second
    quote; a standalone quotation takes the previous quote's speaker).
    ``threshold`` defaults to :data:`CUE_THRESHOLD`, read at call time so that
    bench/train_cues.py can cross-validate other values."""
    if threshold is None:
        threshold = CUE_THRESHOLD
    if text is None:
        text = doc_text(doc)  # Doc.text joins every token: computed once per document
    if regions is None:
        regions = quote_mark_regions(text)
    st = _DocState.build(doc, text, regions)

    # 1. cue-driven attributions
    atts, by_cue = _cue_attributions(st, threshold)
    atts = _merge_light_verbs(atts, by_cue, text)
    atts = _resolve_nested(atts, by_cue)
    # 2. widen contents to the quotation regions they touch; remember coverage
    covered = _widen_to_regions(st, atts)
    # 2b. transcript and label lines
    for att in label_lines(st, atts):
        covered.update(att.regions)
        atts.append(att)
    # 3. quotation regions outside any content: direct quotes
    _direct_quotes(st, atts, by_cue, covered)
    # 4. contents without their cue and source, then secondhand attribution
    atts = _attach_via(st, _cut_cue_and_source(st, atts))
    atts.sort(key=lambda a: a.content[0])
    return atts


# -- step 1: cue-driven attributions ---------------------------------------
def _cue_attributions(st: _DocState, threshold: float) -> tuple[list[_Att], dict[int, _Att]]:
    """Step 1: an attribution per accepted cue token, and the map cue token -> attribution.

    The map lets later steps find the attribution a verb already made (a
    quotation next to "said" joins it rather than starting a second quote).
    """
    atts: list[_Att] = []
    by_cue: dict[int, _Att] = {}
    for tok in st.doc:
        if st.reg.at(tok.idx) is not None:
            continue  # words inside someone's quotation are theirs, not the article's cue
        acc = _according(tok) or _in_finding(tok)
        if acc is not None:
            att = _according_attribution(st, tok, *acc)
        else:
            att = _verb_attribution(st, tok, threshold)
        if att is not None:
            atts.append(att)
            by_cue[tok.i] = att
    return atts, by_cue


def _according_attribution(st: _DocState, tok: Token, to: Token, obj: Token) -> _Att | None:
    """'..., according to X' or 'In a poll ..., X': the phrase's object is the source.

    The content is the rest of the sentence (in the cue's paragraph) on the
    wordier side of the phrase, or for "In a poll" the clause it modifies.  Not
    a parse frame like the verb cues': the parser attaches these phrases
    anywhere, so the content is read off the token order instead.
    """
    text, sent_of = st.text, st.sent_of
    ps, pe = _para_bounds(text, tok.idx)
    s = [t for t in st.sents[sent_of[tok.i]] if ps <= t.idx < pe]
    cut = (tok.left_edge.i, max(tok.right_edge.i, obj.right_edge.i))
    if to is tok:  # "in a poll": the phrase is the preposition's own subtree
        cut = (tok.i, tok.right_edge.i)
    left = [t for t in s if t.i < cut[0] and not t.is_space]
    right = [t for t in s if t.i > cut[1] and not t.is_space]
    side = left if len([t for t in left if not t.is_punct]) >= len(
        [t for t in right if not t.is_punct]) else right
    if to is tok:  # "In a poll ..., X": the clause the phrase modifies
        side = right
    while side and side[0].is_punct and not side[0].is_quote:
        side = side[1:]
    while side and side[-1].is_punct and not side[-1].is_quote:
        side = side[:-1]
    if not side:
        return None
    spans, ctext = _cue_mention(st.doc, tok, text)
    # "In a poll ..., X", "according to data released by the CDC": a finding; "according to police": speech
    finding = to is tok or _a_measure(obj)
    att = _Att(content=[(side[0].idx, side[-1].idx + len(side[-1].text))], cue=tok,
               cue_spans=spans, cue_text=ctext, source=None, cls="finding" if finding else "speech",
               sent=sent_of[tok.i])
    att.source, att.head = _source_spans(obj, text, tok)
    return att


def _verb_attribution(st: _DocState, tok: Token, threshold: float) -> _Att | None:
    """A cue word (verb or noun) in a frame the cue model accepts, with its content and subject."""
    if not is_candidate(tok):
        return None
    frame, root = cue_frame(tok)
    if root is None:
        return None
    lemma = tok.lemma_.lower()
    if _caption(tok):
        return None  # "This photo ... shows the wreckage": a picture, not an utterance
    if lemma in IDIOM_OBJECTS and idiom_object(tok, IDIOM_OBJECTS[lemma]):
        return None  # "claimed the life of", "said goodbye": an idiom, no one's words
    if phone_call(tok):
        return None  # "called 911", "were called to the scene": a telephone, not words
    if lemma == "add" and an_amount(tok):
        return None  # "the stock added 5%", "added $2 billion": a sum, not words
    src = subject_of(tok)
    p = cue_probability(cue_features(tok, frame, root, src), lemma, frame)
    if frame == "raise":
        src = None  # the subject is content; such attributions have no source
    if p < threshold:
        return None
    content = content_spans(tok, frame, root, st.text)
    if not content:
        return None
    spans, ctext = _cue_mention(st.doc, tok, st.text)
    # "continues to grow worse", "continued to stream in": an aspect verb is speech ("he continued:
    # ...") only before words; before another verb the kind is that verb's ("continues to insist")
    clause = frame in ("ccomp", "inv")  # "pointed out that ...", not "pointed out the suspect"
    cls = verb_class(root) if lemma in ASPECTUAL and frame == "xcomp" else verb_class(tok, lemma, clause)
    reaction = reaction_object(tok, frame, root)
    if reaction == "event":
        return None  # "officers responded to the scene": a crew went somewhere, nobody spoke
    if reaction == "words":
        cls = "other"  # "responded to the criticism": what was reacted to, not the subject's words
    if cls == "speech" and (force_not_words(tok) or released_not_words(tok, frame, root)):
        # "a bullet hit her in the face", "gunmen attacked the party", "released a patch": no words said
        cls = "other"
    if cls == "speech" and _not_said(tok):
        cls = "other"  # "did not deny his client was there", "would not specify how many"
    if cls == "speech" and src is not None and _a_polls_share(src):
        cls = "finding"  # "Some 49% of U.S. adults say ...": a poll's result, not anyone's words
    if cls == "speech" and lemma in _EVIDENCE_VERBS and src is not None and src.lemma_.lower() in PICTURE_NOUNS:
        # "Surveillance video confirmed ...", "Images reveal ...": evidence, not words; a video that
        # "said" or "urged" carries its makers' words ("a video released by al-Shabab said") and stays speech
        cls = "finding"
    att = _Att(content=content, cue=tok, cue_spans=spans, cue_text=ctext,
               source=None, cls=cls, sent=st.sent_of[tok.i], frame=frame, root=root, p=p)
    att.source, att.head = _source_spans(src, st.text, tok)
    return att


def _a_measure(noun: Token) -> bool:
    """Whether the object of "according to" is a measure (:data:`MEASURES`: "data", "figures", "a poll",
    "NYPD statistics"), not a name that opens on one ("Research in Motion", "Number 10") nor a person
    ("a key figure in the negotiations") nor an amount of people ("a number of officials")."""
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or noun.ent_type_ or lemma not in MEASURES:
        return False
    return lemma not in ("figure", "number") or noun.tag_ == "NNS" and not any(c.lower_ == "of" for c in noun.children)


def _a_polls_share(subject: Token) -> bool:
    """Whether a subject is a share of a population, as a poll reports it ("Some 49% of U.S. adults",
    "Fifty-nine percent of respondents"), not a group named by its share ("The 20 percent who voted
    against", "the top 1%")."""
    share = subject.ent_type_ == "PERCENT" or subject.lower_ in ("%", "percent")
    return share and any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.children) and not any(
        c.dep_ == "det" and c.lower_ == "the" for c in subject.children)


def _not_said(verb: Token) -> bool:
    """Whether a cue is negated, so that its content is what the subject did not say ("Police did not
    say what led up to the shooting", "never said that").  Not when the negation says more was said
    ("didn't just say ...", "could not stress enough that"), in a question ("Didn't the president say
    ...?"), after "not until" ("Not until Tuesday did police say"), or after the verb ("said not that
    it would fail, but that it would be costly")."""
    neg = [c for c in verb.children if c.dep_ == "neg" and c.i < verb.i]
    if not neg:
        return False
    kids = {c.lower_ for c in verb.children}
    if kids & {"just", "simply", "merely", "only", "enough"}:
        return False
    sent = verb.sent
    return not (sent.text.rstrip().endswith("?") or sent[0].lower_ == "not" and sent[1:2].text.lower() == "until")


# -- steps 2 and 2b: quotation regions inside contents, layout-signed lines --
def _widen_to_regions(st: _DocState, atts: list[_Att]) -> set[int]:
    """Step 2: widen each content to whole quotation regions it touches; returns the regions covered.

    A content cut by the parse may end mid-quotation; the quotation is one
    unit of someone's words.  The covered regions are not quotes of their own
    in step 3.
    """
    covered: set[int] = set()
    for att in atts:
        new_content = []
        for s, e in att.content:
            hit = st.reg.overlapping(s, e)
            for k in hit:
                r = st.regions[k]
                s, e = min(s, r.open), max(e, r.close)
            new_content.append((s, e))
            att.regions += hit
            covered.update(hit)
        att.content = new_content
    return covered


# -- step 4: final contents and secondhand attribution ----------------------
def _cut_cue_and_source(st: _DocState, atts: list[_Att]) -> list[_Att]:
    """Merge each content's spans and cut its cue and source out; drop what is left empty."""
    text = st.text
    for att in atts:
        content = _merge_spans(att.content, text)
        hole = att.source
        if att.source is not None and any(s < att.source[1] and att.source[0] < e for s, e in content):
            # overlapping source and content: a subtree was mis-attached; cut only
            # the source's head NP out of the content
            hole = att.head if att.head is not None else att.source
        holes = list(att.cue_spans) + ([hole] if hole else [])
        att.content = _subtract(content, holes, text)
    return [a for a in atts if a.content]


def _attach_via(st: _DocState, atts: list[_Att]) -> list[_Att]:
    """Step 4: secondhand attribution ("as quoted by CNN", "..., according to a press release",
    "CNN reported that X said ...") becomes the quote's ``via``.

    Grouped by sentence, so linear.  An "according to" attribution that
    became a via is dropped (:data:`ACCORDING_AS_VIA`).
    """
    by_sent: dict[int, list[_Att]] = {}
    for att in atts:
        by_sent.setdefault(att.sent, []).append(att)
    drop: set[int] = set()
    for si, group in by_sent.items():
        vias = _via_phrases(st.sents[si], st.text)
        for att in group:
            if att.cue is None or att.cue.lower_ == "according":
                continue
            for other in group:
                if other is att or other.cue is None or other.source is None or other.source == att.source:
                    continue
                lem = other.cue.lower_ if other.cue.lower_ == "according" else other.cue.lemma_.lower()
                if lem == "according" and att.source is not None and ACCORDING_AS_VIA:
                    att.via = other.source
                    drop.add(id(other))
                elif lem in _VIA_LEMMAS and any(s <= att.cue.idx < e for s, e in other.content):
                    att.via = other.source
            for v in vias:
                if att.via is None and att.source != v and not (att.source and att.source[0] <= v[0] < att.source[1]):
                    att.via = v
    return [a for a in atts if id(a) not in drop]


def _merge_light_verbs(atts: list[_Att], by_cue: dict[int, _Att], text: str) -> list[_Att]:
    """'expressed skepticism that X', 'issued a statement condemning X': one attribution.

    The verb's object is itself an accepted cue (a noun with its own content, or
    a participle hung on that noun): keep the inner content, which is the
    reported one, with the verb's subject as source and both words as the cue.
    """
    drop: set[int] = set()
    merged: set[int] = set()
    for att in atts:  # in text order: the outermost verb merges first, and only once
        if att.frame != "dobj" or att.root is None or att.cue is None or id(att) in merged:
            continue
        inner = by_cue.get(att.root.i)
        if inner is None:
            inner = next((by_cue[c.i] for c in att.root.children
                          if c.dep_ in ("acl", "relcl") and c.i in by_cue), None)
        if inner is None or inner is att:
            continue
        # the inner cue's own source, unless it is only the object noun ("a statement condemning")
        if inner.source is None or inner.head is not None and inner.head[0] <= att.root.idx < inner.head[1]:
            inner.source, inner.head = att.source, att.head
        if inner.head == att.head and att.cue.lemma_.lower() in _ASSERTING and inner.cls != "finding" and not (
                inner.cue is not None and inner.cue.lemma_.lower() in PICTURE_NOUNS):
            # "expressed concern that", "announced plans to", "told police he feared": saying one's own
            # attitude is the act reported (a concern alone is a belief, a plan an intention); not
            # someone else's ("dismissed residents' fears"), a finding or a picture published
            inner.cls = "speech"
        inner.cue_spans = _merge_spans(att.cue_spans + inner.cue_spans, text)
        inner.cue_text = " ".join(text[s:e] for s, e in inner.cue_spans)
        drop.add(id(att))
        merged.add(id(inner))
        by_cue[att.cue.i] = inner
    return [a for a in atts if id(a) not in drop]


def _resolve_nested(atts: list[_Att], by_cue: dict[int, _Att]) -> list[_Att]:
    """One of two attributions goes when one's cue sits inside the other's content.

    PolNeAR never marks a cue inside another attribution's content (train: 0 of
    19,878), yet the parser-driven cues nest ("said he plans to ...", "hope that
    superdelegates ... support Clinton").  Of such pairs on train about as many
    have the outer right as the inner (438 vs 331 in 5-fold CV), so the cue
    model's probability decides (a margin either way changed nothing on dev).
    """
    drop: set[int] = set()
    for outer in atts:
        if id(outer) in drop:
            continue
        # "X said Y, according to Z" / "X said Y, CNN reported": Z becomes the
        # inner quote's ``via`` (step 4), both are kept
        via = outer.cue is not None and (outer.cue.lower_ == "according" or outer.cue.lemma_.lower() in _VIA_LEMMAS)
        for inner in atts:
            if inner is outer or inner.cue is None or id(inner) in drop:
                continue
            if via and inner.source is not None and inner.sent == outer.sent and inner.cls == "speech":
                continue
            c = inner.cue.idx
            if any(s <= c < e for s, e in outer.content):
                if inner.p >= outer.p:
                    drop.add(id(outer))
                    break
                drop.add(id(inner))
    for a in atts:
        if id(a) in drop and a.cue is not None and by_cue.get(a.cue.i) is a:
            del by_cue[a.cue.i]
    return [a for a in atts if id(a) not in drop]


def _via_phrases(sent: Span, text: str) -> list[tuple[int, int]]:
    """'as quoted by CNN', 'as reported by Reuters': the intermediary's span."""
    out = []
    for t in sent:
        if t.lemma_.lower() in ("quote", "report", "cite") and any(c.lower_ == "as" for c in t.children):
            for c in t.children:
                if c.dep_ == "agent":
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        out.append(_subtree_span(obj, text))
    return out


def _kind(text: str, content: list[tuple[int, int]], regions: _Regions, qregions: list[QuoteRegion]) -> str:
    """direct / partial / mixed / indirect by how many content words sit inside quotation marks."""
    words = [m for s, e in content for m in _WORD_RE.finditer(text, s, e)]
    if not words:
        return "indirect"
    inside = 0
    for m in words:
        k = regions.at(m.start())
        if k is not None and qregions[k].start <= m.start() < qregions[k].end:
            inside += 1
    if inside == 0:
        return "indirect"
    if inside < len(words):
        return "mixed"
    # all quoted: direct if it stands apart from the reporting clause
    before = text[:content[0][0]].rstrip(" \t\xa0")
    if not before or before[-1] in ",:.!?\n—–-―":
        return "direct"
    return "partial"


def extract_quotes(doc: Doc, article_id: str, entities: list[Entity]) -> list[Quote]:
    """Quotes and attributions of one article, ids ``{article_id}:q{n}`` in text order."""
    text = doc_text(doc)
    qregions = quote_mark_regions(text)
    reg = doc.user_data["newsprism.quotations"] = _Regions(qregions)  # read again by speaker resolution
    atts = find_attributions(doc, qregions, text=text)
    sent_bounds = [(st.start_char, st.end_char) for st in doc.sents]
    quotes: list[Quote] = []
    furniture = furniture_tokens(doc)
    for att in atts:
        content = [(s, e) for s, e in att.content if e > s]
        # a cue inside a caption, a credit or a slideshow's controls reports nobody's words
        if not content or att.cue is not None and att.cue.i in furniture or _addresses_the_reader(text, att, reg):
            continue
        speaker = None
        if att.source is not None and not _in_furniture(doc, att.head or att.source, furniture):
            speaker = resolve_source(doc, att.head or att.source, att.source, entities)
            # the mention reported is the whole source phrase (appositions included), without the
            # gallery title or counter a scrape ran into it
            source = _furniture_trimmed(doc, att.source, furniture)
            speaker.spans = [source]
            speaker.mention = text[source[0]:source[1]]
        cue = Mention(text=att.cue_text, spans=att.cue_spans) if att.cue_spans else None
        via = Mention(text=text[att.via[0]:att.via[1]], spans=[att.via]) if att.via else None
        quotes.append(Quote(
            id=f"{article_id}:q{len(quotes)}", article_id=article_id, spans=content,
            text=" … ".join(text[s:e] for s, e in content), kind=_kind(text, content, reg, qregions),  # type: ignore[arg-type]
            cue=cue, speaker=speaker, via=via, cue_class=att.cls,
            sentence_spans=sentence_spans(sent_bounds, content + att.cue_spans, text),
        ))
    return with_signed_posts(doc, article_id, quotes, entities)


# The reader addressed: "you" as a source in the outlet's own words.
_READER = frozenset({"you", "y'all", "y’all", "yourself", "yourselves"})


def _addresses_the_reader(text: str, att: _Att, reg: _Regions) -> bool:
    """Whether the attribution is the page speaking to its reader, not reporting anyone: "If you would
    like to donate, click here", "You agree to receive occasional updates", "If you know anything,
    call Crime Stoppers".  "You" outside quotation marks is the reader (gva: 70 such quotes, all
    calls to action, sign-up boxes and the reporter's asides); inside them it is someone's words
    ("'You said the same about Intel,' he replied") and stays.
    """
    if att.source is None or att.cue is None:
        return False
    return text[att.source[0]:att.source[1]].strip().lower() in _READER and reg.at(att.cue.idx) is None


def _furniture_trimmed(doc: Doc, span: tuple[int, int], furniture: frozenset[int]) -> tuple[int, int]:
    """A source phrase's characters without the furniture a scrape ran into its start.

    Only a run of furniture that began before the phrase ("Photos: ... truck attack in Nice
    Authorities"): furniture that starts the phrase itself may be the recogniser's mistake inside
    a real source ("9/11 widow Terry Strada", "BRUSSELS - European leaders"), left as PolNeAR marks it.
    """
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or not len(sp) or sp.start == 0 or sp.start not in furniture or sp.start - 1 not in furniture:
        return span
    k = sp.start
    while k < sp.end - 1 and (k in furniture or doc[k].is_space):
        k += 1
    return max(span[0], doc[k].idx), span[1]


def _in_furniture(doc: Doc, span: tuple[int, int], furniture: frozenset[int]) -> bool:
    """Whether a source phrase is headed by page furniture ("Photos", "AP Photo/Mahmoud Illean")."""
    if not furniture:
        return False
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    return sp is not None and len(sp) > 0 and sp.root.i in furniture


def source_mention_spans(quote: Quote) -> list[tuple[int, int]] | None:
    """The in-text source mention of a quote (not the canonical name), for scoring."""
    if quote.speaker is None or not quote.speaker.spans:
        return None
    return [tuple(s) for s in quote.speaker.spans]  # type: ignore[misc]


def unattributed_quoted_spans(doc: Doc, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Quotation-mark regions (inner spans) that are not someone's quoted words.

    Scare-quote candidates for the framing module: every region outside all
    quote contents, plus short verbless regions inside a mixed/indirect
    content whose noun phrase starts outside the marks ('China's 12-point
    "peace plan"').
    """
    text = doc_text(doc)
    out: list[tuple[int, int]] = []
    for r in quote_mark_regions(text):
        if _n_words(text[r.start:r.end]) == 0:
            continue
        inside = [q for q in quotes if any(s <= r.start and r.end <= e for s, e in q.spans)]
        if not inside:
            out.append((r.start, r.end))
            continue
        if all(q.kind in ("direct", "partial") for q in inside):
            continue
        if _n_words(text[r.start:r.end]) <= SCARE_MAX_WORDS and not _has_verb(doc, r.start, r.end) \
                and _label_like(doc, r):
            out.append((r.start, r.end))
    return out


def _label_like(doc: Doc, r: QuoteRegion) -> bool:
    """True when the quoted words are the tail of a noun phrase that begins before the marks."""
    span = doc.char_span(r.start, r.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    if root.pos_ not in ("NOUN", "PROPN"):
        return False
    return root.left_edge.i < span.start and any(
        t.dep_ in ("poss", "amod", "compound", "nummod", "det") and t.i < span.start and t.lower_ not in (
            "the", "a", "an") for t in root.lefts)
