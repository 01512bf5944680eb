"""Direct quotes: the quotation regions that no cue's content holds become someone's quotes.

Step 4 of :mod:`newsprism.analysis.quotes` (numbered 3 in
:func:`~newsprism.analysis.quotes.find_attributions`).  After the cue-driven
passes, a quotation region outside every content is someone's words when a
dash signs it, when it goes on an earlier quotation, when a speech verb sits
in its sentence(s) outside the marks or a short name and a verb follow it, or
when it stands alone after a quote or an intro sentence that names the
speaker; what is left, short and verbless is a scare quote.

A separate module because this pass reads the text differently from the
cue-driven ones: it walks the quotation regions in text order with its own
state (:class:`_QuotePass`) and decides from the layout and the verbs around
the marks, not from one cue's parse frame.  It extends the attributions
``find_attributions`` collected in place, so both modules share the records of
:mod:`newsprism.analysis.attribution`.  The thresholds live here;
:mod:`newsprism.analysis.quotes` re-exports their values, so code trying
another value sets it on this module, not on ``quotes``; ``SCARE_MAX_WORDS`` is
also read, as an imported copy, by ``quotes.unattributed_quoted_spans`` and
:mod:`newsprism.analysis.framing`, which a change here does not reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsprism.analysis.attribution import _Att, _cue_mention, _DocState, _has_verb, _tok_at
from newsprism.analysis.cue_frames import _SUBJ, _source_spans, _trimmed, cue_frame, subject_of, verb_class
from newsprism.analysis.cues import cue_class, cue_precision
from newsprism.analysis.quote_marks import QuoteRegion, _n_words, _para_bounds
from newsprism.analysis.verb_senses import reacted_to, released_not_words

DIRECT_CUE_THRESHOLD = 0.1  # weaker bar when a quotation already sits next to the verb
SCARE_MAX_WORDS = 4  # a quotation this short, verbless and with nobody to say it is a scare quote
WEAK_CUE = 0.3  # a verb whose cue precision stays below this in every frame is rarely a cue

# '"..." ― Martha Aguilar': a quotation signed with a dash and a name ending the paragraph
# the signature's name, then what describes them after a comma ("— Karen Schabes, who overheard the
# shooting and called 911"), to the end of the line
_DASH_SIGN_RE = re.compile(r"[ \t\xa0]*([―—–]|--)[ \t\xa0]*([A-Z][^\n,]{1,80}?)(?:,[^\n]{1,240}?)?[ \t\xa0.]*(?=\n|$)")


# -- step 3: quotation regions outside any content --------------------------
@dataclass
class _QuotePass:
    """Step 3's state while it walks the quotation regions in text order.

    A region's fate depends on what came before it: the attribution that owns
    its chain (the paragraphs of one multi-paragraph quotation), and the last
    quote with its paragraph (a standalone quotation goes on with it or takes
    its speaker).  ``atts`` and ``by_cue`` are find_attributions' own
    collections, extended in place.
    """

    atts: list[_Att]
    by_cue: dict[int, _Att]
    chain_att: dict[int, _Att]  # quotation chain -> the attribution its paragraphs belong to
    region_att: dict[int, _Att]  # region covered by steps 1-2b -> the (first) attribution holding it
    last_quote: _Att | None = None
    last_quote_para: int = -1  # offset of the newline before the last quote's paragraph (-1: the first)

    @classmethod
    def start(cls, atts: list[_Att], by_cue: dict[int, _Att], regions: list[QuoteRegion]) -> _QuotePass:
        chain_att: dict[int, _Att] = {}
        region_att: dict[int, _Att] = {}
        for att in atts:
            for k in att.regions:
                chain_att[regions[k].chain] = att
                region_att.setdefault(k, att)
        return cls(atts=atts, by_cue=by_cue, chain_att=chain_att, region_att=region_att)


def _direct_quotes(st: _DocState, atts: list[_Att], by_cue: dict[int, _Att], covered: set[int]) -> None:
    """Step 3: each quotation region not covered by a content joins or makes an attribution (in place)."""
    qp = _QuotePass.start(atts, by_cue, st.regions)
    for k, r in enumerate(st.regions):
        if k in covered:
            qp.last_quote = qp.region_att.get(k, qp.last_quote)
            qp.last_quote_para = st.text.rfind("\n", 0, r.open)
            continue
        nw = _n_words(st.text[r.start:r.end])
        if nw == 0:
            continue
        para_start = st.text.rfind("\n", 0, r.open)
        att = _region_attribution(st, qp, k, r, nw, para_start)
        if att is not None:
            qp.chain_att[r.chain] = att
            qp.last_quote, qp.last_quote_para = att, para_start


def _region_attribution(st: _DocState, qp: _QuotePass, k: int, r: QuoteRegion, nw: int,
                        para_start: int) -> _Att | None:
    """The attribution region ``k`` now belongs to, or None when it is nobody's words.

    Tried from the surest evidence to the weakest: a dash signature, the
    chain of an earlier quotation, a cue verb around it or a speaker right
    after it, then (only when the quotation stands alone) the previous quote
    in the same paragraph, the previous quote's speaker or the intro sentence's
    subject.
    """
    att = _dash_signed(st, k, r)
    if att is not None:
        qp.atts.append(att)
        return att
    if r.chain in qp.chain_att:  # a continuation paragraph of an earlier quotation
        return _extend(qp.chain_att[r.chain], k, r)
    first_tok = _tok_at(st.doc, r.start)
    last_tok = _tok_at(st.doc, max(r.end - 1, r.start))
    if first_tok is None or last_tok is None:
        return None
    s0, s1 = st.sent_of[first_tok.i], st.sent_of[last_tok.i]
    ps, _ = _para_bounds(st.text, r.open)
    _, pe = _para_bounds(st.text, max(r.close - 1, r.open))
    frame_toks = [t for si in range(s0, s1 + 1) for t in st.sents[si]
                  if ps <= t.idx < pe and st.reg.at(t.idx) is None and not t.is_punct and not t.is_space]
    cue, trailing = _region_cue(st, r, nw, frame_toks)
    if cue is not None:
        return _cued_quote(st, qp, k, r, cue, trailing)
    if frame_toks:
        # a quoted phrase inside the author's own sentence with no cue: a scare
        # quote if short, else words nobody in the sentence is said to say
        return None
    # same paragraph as the previous quote: the same quotation goes on
    if qp.last_quote is not None and para_start == qp.last_quote_para:
        return _extend(qp.last_quote, k, r)
    att = _standalone_quote(st, qp, k, r, s0, para_start)
    if nw <= SCARE_MAX_WORDS and att.source is None:
        return None
    qp.atts.append(att)
    return att


def _extend(att: _Att, k: int, r: QuoteRegion) -> _Att:
    """Add region ``k`` to an existing attribution's content (the same speaker goes on)."""
    att.content.append((r.open, r.close))
    att.regions.append(k)
    return att


def _dash_signed(st: _DocState, k: int, r: QuoteRegion) -> _Att | None:
    """'"..." ― Maria Lopez': a quotation signed with a dash and a short name (and what describes
    them, after a comma) ending its paragraph."""
    sign = _DASH_SIGN_RE.match(st.text, r.close)
    if sign is None or _n_words(sign.group(2)) > 8:
        return None
    if sign.end() > sign.end(2) and "," in st.text[sign.end(2):sign.end()] and not any(
            t.pos_ in ("PROPN", "NOUN") and t.ent_type_ not in ("DATE", "TIME")
            for t in st.doc.char_span(sign.start(2), sign.end(2), alignment_mode="expand") or ()):
        # '"We are not leaving." — That, at least, was the message', '— Friday, the words were painted':
        # a sentence, no signature; one names someone or describes them ("— A local shopkeeper, who ...")
        return None
    first = _tok_at(st.doc, r.start)
    return _Att(content=[(r.open, r.close)], cue=None, cue_spans=[sign.span(1)], cue_text=sign.group(1),
                source=sign.span(2), head=sign.span(2), regions=[k],
                sent=st.sent_of[first.i] if first is not None else 0)


def _region_cue(st: _DocState, r: QuoteRegion, nw: int, frame_toks: list[Token]
                ) -> tuple[Token | None, tuple[Token, tuple[int, int]] | None]:
    """The cue of a quotation: the nearest speech verb in its sentence(s), else a trailing speaker's verb.

    Returns (cue, trailing speaker as from :func:`_trailing_speaker` or None).
    """
    doc, text = st.doc, st.text
    cue = _nearest_cue(frame_toks, r)
    if cue is not None and nw <= SCARE_MAX_WORDS and _embedded(text, r) \
            and _weak_cue(_governing_verb(doc, r) or cue) and not _has_verb(doc, r.start, r.end):
        # a short label in running text governed by a weak verb: a scare quote
        # or a title ('an interview airing Sunday on "Meet the Press"'), not
        # someone's words
        cue = None
    voicing = _governing_verb(doc, r) or cue
    if cue is not None and _a_title(doc, text, r, frame_toks) \
            and not (voicing.lemma_.lower() in _VOICED and st.reg.at(voicing.idx) is None):
        # 'Fauci said on CNN's "State of the Union"', 'his role in "Pulp Fiction"': a name in capitals
        # inside a sentence written in lower case is a programme's, a film's or a policy's, not words
        # anyone said (two outlets naming one show were linked as the same utterance)
        cue = None
    if cue is not None and (span := reacted_to(cue)) is not None and span[0] <= r.open < span[1] \
            and not text[span[0]:r.open].rstrip().endswith((" with", ":", ",")):
        # 'officers responded to a "man down" call': a label inside what was responded to, however
        # the parser cut the phrase, not the officers' words; the words given in response are the
        # responder's ('responded to reporters with "We are working on it every day."')
        cue = None
    trailing = None
    if cue is None:
        trailing = _trailing_speaker(doc, text, r)
        if trailing is not None:
            cue = trailing[0]
    return cue, trailing


def _cued_quote(st: _DocState, qp: _QuotePass, k: int, r: QuoteRegion, cue: Token,
                trailing: tuple[Token, tuple[int, int]] | None) -> _Att:
    """A quotation with a cue: the trailing speaker's words, or joined to / made as the cue's attribution."""
    doc, text = st.doc, st.text
    if trailing is not None:
        # '"Go back to Univision," Trump barked': the speaker after the quotation.
        # Not registered as the verb's attribution: quotations later in the
        # verb's sentence ('she said, as Trump went on about "..."') are not hers.
        src = _not_quoted(st, subject_of(cue), cue)
        spans, ctext = _cue_mention(doc, cue, text)
        att = _Att(content=[(r.open, r.close)], cue=cue, cue_spans=spans, cue_text=ctext,
                   # '"Get down!" the officer cried out': a phrasal verb of saying right after the words
                   source=trailing[1], head=trailing[1], cls=verb_class(cue),
                   sent=st.sent_of[cue.i], regions=[k])
        if src is not None:
            att.source, att.head = _source_spans(src, text, cue)
        qp.atts.append(att)
        return att
    known = qp.by_cue.get(cue.i)
    if known is not None and known.regions:
        return _extend(known, k, r)
    src = _not_quoted(st, subject_of(cue), cue) or _not_quoted(st, _postposed_subject(cue), cue)
    spans, ctext = _cue_mention(doc, cue, text)
    cls = cue_class(cue.lemma_.lower())
    if cls == "speech" and released_not_words(cue, *cue_frame(cue)):
        cls = "other"  # 'Timberlake released "Man of the Woods"': a title, no one's words
    att = _Att(content=[(r.open, r.close)], cue=cue, cue_spans=spans, cue_text=ctext,
               source=None, cls=cls, sent=st.sent_of[cue.i], regions=[k])
    att.source, att.head = _source_spans(src, text, cue)
    qp.atts.append(att)
    qp.by_cue[cue.i] = att
    return att


def _standalone_quote(st: _DocState, qp: _QuotePass, k: int, r: QuoteRegion, s0: int,
                      para_start: int) -> _Att:
    """A quotation standing as its own sentence, with no cue in it.

    'The Chinese leader also expressed support. "I believe ..."': the speaker
    is the previous quote's when it is near and not cut off by a colon
    intro, else the intro sentence's subject.  The caller drops it when it is
    short and no speaker was found.
    """
    att = _Att(content=[(r.open, r.close)], cue=None, cue_spans=[], cue_text="", source=None,
               sent=s0, regions=[k])
    last = qp.last_quote
    prev_att = last if last is not None and last.source is not None else None
    colon_intro = s0 > 0 and st.sents[s0 - 1].text.rstrip().endswith(":")
    if prev_att is not None and para_start - qp.last_quote_para < 600 and not colon_intro \
            and not _introduces_a_person(st, st.sents[s0 - 1] if s0 > 0 else None, prev_att):
        att.source, att.head = prev_att.source, prev_att.head
    elif s0 > 0:
        _intro_speaker(st, att, st.sents[s0 - 1])
    return att


def _introduces_a_person(st: _DocState, intro: Span | None, prev: _Att) -> bool:
    """Whether the sentence before a standalone quotation introduces someone after the previous quote.

    'Paul DeLane, who has lived in France for 25 years, had just finished watching the fireworks
    ... [new paragraph] "My partner took my hand ..."': news introduces the next speaker by name
    in the sentence before their words; the quote before it was someone else's.  Only a person
    the recogniser names, as the subject of a sentence (ended as one: a caption or a headline has
    no full stop) after the previous quotation ends.
    """
    if intro is None or intro.start_char < max(e for _s, e in prev.content):
        return False
    # a sentence, not a caption or a link's headline between two paragraphs of one quotation ("Carl
    # Edwards Jr celebrates the Cubs' victory (Getty)", "American tourist woken by sirens after ...")
    if not intro.text.rstrip().rstrip("\"'’”").endswith((".", "!", "?")):
        return False
    subj = next((t for t in intro.root.children if t.dep_ in _SUBJ), None)
    return subj is not None and subj.ent_type_ == "PERSON"


def _intro_speaker(st: _DocState, att: _Att, intro: Span) -> None:
    """Source (and, for a speech verb with no content of its own, cue) from the sentence before a quotation."""
    subj = next((t for t in intro.root.children if t.dep_ in _SUBJ), None)
    if subj is None or not (subj.ent_type_ == "PERSON" or subj.pos_ in ("PROPN", "PRON")
                            or subj.ent_type_ in ("ORG", "NORP", "GPE") or subj.pos_ == "NOUN"):
        return
    att.source, att.head = _source_spans(subj, st.text)
    if intro.root.lemma_.lower() and cue_precision(intro.root.lemma_.lower(), "none") >= 0.1 and (
            intro.text.rstrip().endswith(":") or cue_frame(intro.root)[1] is None):
        att.cue = intro.root
        att.cue_spans, att.cue_text = _cue_mention(st.doc, intro.root, st.text)


# -- what step 3 reads around a quotation ----------------------------------
def _weak_cue(tok: Token) -> bool:
    """A verb that is rarely a cue in any frame ("was", "delivering", "discuss")."""
    lemma = tok.lemma_.lower()
    return max(cue_precision(lemma, f) for f in ("ccomp", "none", "dobj")) < WEAK_CUE


def _governing_verb(doc: Doc, r: QuoteRegion) -> Token | None:
    """The verb the quoted words hang from ("airing ... on [NBC's "Meet the Press"]")."""
    span = doc.char_span(r.start, r.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(6):
        if tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


# Verbs of voicing: what they govern is voiced, capitals or not ('shouted "Allahu Akbar"', 'chanted
# "Black Lives Matter"').
_VOICED = frozenset("shout yell scream chant cry exclaim shriek holler".split())
# Verbs that give a thing its name: what follows them in capitals is the name.
_NAMING_VERBS = frozenset("title entitle dub name nickname rename".split())
_NAMING_FORMS = frozenset("titled entitled dubbed named nicknamed renamed".split())  # a capital misleads the lemma
# Small words a title leaves in lower case ("State of the Union", "Man of the Woods").
_TITLE_SMALL_WORDS = frozenset("a an and at by for from in of on or the to vs with".split())


def _a_title(doc: Doc, text: str, r: QuoteRegion, frame_toks: list[Token]) -> bool:
    """Whether quoted words are a title: two or more words, every one but the small ones capitalised,
    not all shouted in capitals, in a title's place, and set inside running text whose own words are
    in lower case (a headline written in capitals quotes words in capitals: '"Yes, We Were Ready,"
    Chief Says').

    A title's place: after a preposition, a possessive or a common noun ('on CNN's "State of the
    Union"', 'a part in "Pulp Fiction"', 'his album, "Man of the Woods"'), never after a verb: what
    a verb governs was said or written, in capitals or not ('said "Merry Christmas Everyone"',
    'tweeted "No Collusion, No Obstruction"', 'replied "Of Course Not"'), nor after a name ('wrote on
    Twitter "Congratulations Boris Johnson on a Great Win!"').
    """
    words = re.findall(r"[^\W\d_][\w'’-]*", text[r.start:r.end])
    content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    if len(words) < 2 or not content or not all(w[0].isupper() for w in content) \
            or all(w.isupper() for w in content):
        return False
    end = len(text[:r.open].rstrip(" \t\xa0,"))
    prev = _tok_at(doc, end - 1) if end else None
    possessive = prev is not None and (prev.tag_ == "POS" or prev.text in ("'", "’") and prev.i > 0
                                       and prev.nbor(-1).text.endswith("s"))
    # a verb of naming ('a Facebook page titled "Justice for Harambe"', 'dubbed "Wolf Moon"', 'a song
    # called "Another Day"'), not one that calls something names ('Trump called it "Fake News"')
    naming = prev is not None and prev.pos_ == "VERB" and (
        prev.lemma_.lower() in _NAMING_VERBS or prev.lower_ in _NAMING_FORMS
        or prev.dep_ == "acl" and prev.lemma_.lower() == "call")
    if prev is None or not (possessive or naming or prev.pos_ in ("ADP", "NOUN")):
        return False
    lower = [t for t in frame_toks if t.is_alpha and t.text[0].islower()]
    return len(lower) >= 2 and len(lower) >= len([t for t in frame_toks if t.is_alpha]) / 2


def _embedded(text: str, r: QuoteRegion) -> bool:
    """True when a quotation sits inside running text (a word right before its
    opening mark: 'delivering an "apology" to'), not set off as someone's words."""
    before = text[:r.open].rstrip(" \t\xa0")
    return bool(before) and before[-1].isalnum()


def _nearest_cue(frame_toks: list[Token], r: QuoteRegion) -> Token | None:
    """The speech verb closest to a quotation in the same sentence(s), outside the marks."""
    best: tuple[tuple[bool, int], Token] | None = None
    for t in frame_toks:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        lemma = t.lemma_.lower()
        p = max(cue_precision(lemma, f) for f in ("ccomp", "none", "dobj"))
        # the verb's own class, not its phrasal one: a weak "spoke up" must not outrank a nearer
        # "greeted" ('greeted the mayor with "Shame on you" before residents spoke up')
        speech = cue_class(lemma) == "speech"
        if p < DIRECT_CUE_THRESHOLD and not speech:
            continue
        d = r.open - t.idx if t.idx < r.open else t.idx - r.close
        # a strong cue anywhere in the frame beats a nearer weak one
        # ('"...," Cuban said in an interview airing Sunday. "..."': said, not airing)
        key = (p < WEAK_CUE and not speech, d)
        if best is None or key < best[0]:
            best = (key, t)
    return best[1] if best else None


_TRAILING_POS = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PUNCT", "PART", "ADV"})


def _trailing_speaker(doc: Doc, text: str, r: QuoteRegion) -> tuple[Token, tuple[int, int]] | None:
    """'"Go back to Univision," Trump barked': a quotation closed with , ? or ! inside
    its marks and followed by a short name and a verb is that speaker's words,
    whatever the verb (the learned table does not know "bark" or "confess", and
    the parser often mangles such sentences).  Returns (verb, speaker span)."""
    if not r.closed or _embedded(text, r):
        return None
    inner = text[r.start:r.end].rstrip()
    if not inner or inner[-1] not in ",?!":
        return None
    after = doc.char_span(r.close, min(len(text), r.close + 120), alignment_mode="expand")
    if after is None:
        return None
    toks = [t for t in after if t.idx >= r.close][:7]
    if not toks or toks[0].is_punct or "\n" in text[r.close:toks[0].idx]:
        return None
    for k, t in enumerate(toks):
        if t.pos_ == "VERB" and k > 0:
            src = _trimmed(doc, toks[0].i, t.i - 1)
            if src is None or not any(x.pos_ in ("PROPN", "PRON", "NOUN") for x in toks[:k]):
                return None
            return t, src
        if t.pos_ not in _TRAILING_POS or t.text in (".", ";", ":") or t.lower_ in ("and", "but"):
            return None
    return None


def _not_quoted(st: _DocState, tok: Token | None, cue: Token) -> Token | None:
    """``tok`` as the cue's speaker, unless it lies inside a quotation the cue is not in.

    '"Miracle's her middle name because she's a miracle," said Grant': in running text the parser
    read "name" as the subject of "said" (and "Grant" as a second subject after it), which made the
    quotation its own speaker.  A quotation is what someone said, never who said it: the caller
    then looks after the verb (:func:`_postposed_subject`), outside the next quotation too.
    """
    if tok is not None and st.reg.at(tok.idx) is not None and st.reg.at(cue.idx) is None:
        return None
    return tok


def _postposed_subject(cue: Token) -> Token | None:
    """'"...," said Rep. Smith': the subject parsed as an object (or a second subject) after the verb."""
    for c in cue.rights:
        if c.dep_ in ("dobj", "attr", "npadvmod", "dep", "nsubj") and c.pos_ in ("PROPN", "NOUN", "PRON"):
            return c
    return None
