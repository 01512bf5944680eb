"""How an article frames what it reports, in its own voice.

Three kinds of marker, each a :class:`~newsprism.model.FramingSpan` with a
note a reader can check and, where a model decided, a confidence:

* ``loaded_term``: a word the learned detector (:mod:`newsprism.analysis.loaded`)
  reads as loaded in the outlet's own voice: an evaluative adjective or
  adverb, an emotive verb, a label for people.  Text inside quotation marks
  is never a candidate: the quoted speaker chose those words, not the outlet
  (a direct quote's content, or anything between a pair of quotation marks in
  one paragraph, a safety net for quotes the extractor missed).  Reported
  speech outside quotation marks ("Peskov said the main topic would be China's
  so-called peace plan") is the outlet's wording and is flagged, with a note
  naming whose speech it reports.  Only words at or above the model's
  precision-first threshold are shown: a flag that says an outlet used loaded
  language should be right when shown.
* ``attribution_verb``: a quote's cue when it is not neutral ("claimed" casts
  doubt, "admitted" implies a damaging truth), by the lexicon or because the
  detector reads it as loaded.  Neutral cues ("said", "told") are not flagged:
  outlets are compared on them by the per-outlet profile
  (:mod:`newsprism.compare.framing`), which counts every cue.
* ``scare_quote``: short quoted spans (at most ``SCARE_MAX_WORDS`` words) with
  no speaker, as passed in by the quote extractor: quotation marks used to keep
  distance from a word.

:func:`analyse_framing` also returns each sentence's probability of being
biased (the detector's sentence model): ``bench/framing.py`` scores exactly
this path against BABE.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Doc, Token

from newsprism.analysis.loaded import FramingModel, detect
from newsprism.analysis.quotes import SCARE_MAX_WORDS
from newsprism.model import FramingSpan, Quote, Span
from newsprism.nlp import doc_text, load_framing_model

_QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ('"', '"'), ("«", "»"))
_MAX_QUOTED = 800  # longer "quotations" are almost surely unbalanced marks

# What a loaded word of each part of speech does, when no hand-written note knows the word.
_POS_NOTE = {
    "ADJ": "an evaluative adjective: states a judgement rather than a fact",
    "ADV": "an evaluative adverb: colours the action with a judgement",
    "VERB": "an emotive verb: dramatises or judges what a plainer verb would report",
    "NOUN": "a loaded noun: labels or characterises rather than describes",
}


@dataclass(frozen=True)
class Lexicon:
    """The hand-written notes file: what loaded words imply, and attribution verb connotations."""

    notes: dict[str, str] = field(default_factory=dict)
    # word -> lemmas that make it neutral as its object or the word it modifies ("claimed responsibility")
    neutral_collocations: dict[str, frozenset[str]] = field(default_factory=dict)
    neutral_verbs: frozenset[str] = frozenset()
    verb_notes: dict[str, str] = field(default_factory=dict)


def parse_lexicon(data: dict) -> Lexicon:
    """Build a :class:`Lexicon` from the JSON structure of ``loaded_terms.json``."""
    verbs = data.get("attribution_verbs", {})
    return Lexicon(
        notes={k.lower(): v for k, v in data.get("notes", {}).items()},
        neutral_collocations={k.lower(): frozenset(v) for k, v in data.get("neutral_collocations", {}).items()},
        neutral_verbs=frozenset(verbs.get("neutral", [])),
        verb_notes=dict(verbs.get("non_neutral", {})),
    )


@functools.cache
def load_lexicon() -> Lexicon:
    """The notes shipped with the package (read once per process)."""
    text = resources.files("newsprism").joinpath("data", "loaded_terms.json").read_text(encoding="utf-8")
    return parse_lexicon(json.loads(text))


@dataclass(frozen=True)
class FramingResult:
    """The framing markers of one document, and the detector's word and sentence layers.

    ``spans`` is what a reader is shown (loaded terms at the model's precision-first
    ``show_threshold``); ``words`` is every outlet-voice word at or above ``flag_threshold`` (the
    threshold of best word F1 in cross-validation) with its probability, and ``sentences`` each
    sentence's probability of biased wording: the detector's full output, which
    ``bench/framing.py`` scores.
    """

    spans: list[FramingSpan]
    words: list[tuple[Span, float]]
    sentences: list[tuple[Span, float]]


def voice_spans(
    text: str, article_id: str, quotes: list[Quote], unattributed_quoted: list[tuple[int, int]]
) -> tuple[list[Span], list[Span]]:
    """(speakers' words, scare quotes): what is never the outlet's wording, and what is despite its marks."""
    quoted: list[Span] = [s for q in quotes if q.article_id == article_id and q.kind == "direct" for s in q.spans]
    quoted += _quotation_mark_spans(text)
    scare = [
        (int(s), int(e)) for s, e in unattributed_quoted
        if 0 <= s < e <= len(text) and len(re.findall(r"\w+", text[s:e])) <= SCARE_MAX_WORDS
    ]
    return quoted, scare


def analyse_framing(
    doc: Doc,
    article_id: str,
    quotes: list[Quote],
    unattributed_quoted: list[tuple[int, int]],
    *,
    lexicon: Lexicon | None = None,
    model: FramingModel | None = None,
) -> FramingResult:
    """The framing markers of one article and its sentences' bias probabilities (the product's one path)."""
    lex = lexicon or load_lexicon()
    fm = model or load_framing_model()
    text = doc_text(doc)
    quoted, scare = voice_spans(text, article_id, quotes, unattributed_quoted)
    det = detect(doc, fm, quoted, scare)
    flags = {
        c.span: (c, float(p)) for c, p in zip(det.candidates, det.word_probs, strict=True)
        if not _neutral_collocation(doc[c.token], text[c.span[0] : c.span[1]], lex)
    }
    out, cue_spans = _attribution_items(doc, article_id, quotes, lex, fm, flags)
    out += _scare_items(text, article_id, scare)
    reported = [
        (s, q) for q in quotes if q.article_id == article_id and q.kind != "direct" and _speaker_wording(q)
        for s in q.spans
    ]
    for (s, e), (cand, p) in flags.items():
        if p < fm.show_threshold or _overlaps(s, e, cue_spans):
            continue
        within = next((q for (a, b), q in reported if a <= s and e <= b), None)
        where = ""
        if within is not None:
            who = within.speaker.name if within.speaker else "an unnamed source"
            where = f"; in reported speech of {who}: outside quotation marks, so the outlet's wording"
        in_scare = "scare" in cand.features
        out.append(
            FramingSpan(
                article_id=article_id,
                spans=[(s, e)],
                text=text[s:e],
                type="loaded_term",
                note=_term_note(doc[cand.token], text[s:e], lex) + (" (in scare quotes)" if in_scare else "") + where,
                confidence=round(p, 3),
            )
        )
    out.sort(key=lambda f: (f.spans[0][0], f.spans[0][1], f.type))
    words = sorted((span, round(p, 4)) for span, (_c, p) in flags.items() if p >= fm.flag_threshold)
    sentences = [(span, round(p, 4)) for span, p in zip(det.sentences, det.sentence_probs, strict=True)]
    return FramingResult(out, words, sentences)


def _neutral_collocation(tok: Token, surface: str, lex: Lexicon) -> bool:
    """Whether a word is part of a stock neutral phrase: "claimed responsibility", "the 2015 terrorist attack",
    "expressed skepticism" (the source's attitude, reported).

    The model learned from US political opinion, where nearly every "claimed" casts doubt; these
    phrases are rare there and common in news, so a short hand-written list says less for them.
    """
    partners = lex.neutral_collocations.get(surface.lower()) or lex.neutral_collocations.get(tok.lemma_.lower())
    if not partners:
        return False
    objects = {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "attr")}
    head = tok.head.lemma_.lower() if tok.dep_ in ("amod", "compound", "nmod", "dobj") else ""
    return bool(partners & (objects | {head}))


def _term_note(tok: Token, surface: str, lex: Lexicon) -> str:
    """What a flagged word implies: the hand-written note for its lemma if there is one, else by part of speech."""
    for key in (surface.lower(), tok.lemma_.lower(), tok.lower_):
        if key in lex.notes:
            return lex.notes[key]
    return _POS_NOTE.get(tok.pos_, "loaded wording: carries a judgement beyond the facts it reports")


def _attribution_items(
    doc: Doc, article_id: str, quotes: list[Quote], lex: Lexicon, fm: FramingModel,
    flags: dict[Span, tuple[object, float]],
) -> tuple[list[FramingSpan], list[Span]]:
    """Non-neutral quote cues as markers, and every cue's spans (so the cue is not flagged twice)."""
    cue_spans: list[Span] = []
    out: list[FramingSpan] = []
    seen_cues: set[tuple[Span, ...]] = set()
    strongest = _strongest_flag(flags)
    for q in quotes:
        if q.article_id != article_id or q.cue is None or not q.cue.spans:
            continue
        key = tuple((int(s), int(e)) for s, e in q.cue.spans)
        if key in seen_cues:
            continue
        seen_cues.add(key)
        cue_spans.extend(key)
        p = strongest(key)
        connotation = verb_connotation(doc, q, lex)
        if connotation is not None:
            note = f"{connotation} ('said' would be neutral)"
        elif p is not None and p >= fm.show_threshold:
            note = "read as loaded in context: the verb characterises the statement ('said' would be neutral)"
        else:
            continue
        # The model's confidence is shown only where the model read the verb as loaded; a verb the
        # lexicon alone calls non-neutral carries none (a low number there would read as doubt).
        confident = p is not None and p >= fm.show_threshold
        out.append(
            FramingSpan(
                article_id=article_id, spans=list(key), text=q.cue.text, type="attribution_verb", note=note,
                confidence=round(p, 3) if confident else None,
            )
        )
    return out, cue_spans


def _scare_items(text: str, article_id: str, scare: list[Span]) -> list[FramingSpan]:
    out = []
    for s, e in scare:
        before = text[max(0, s - 14) : s].lower()
        extra = " after 'so-called': doubly distanced" if re.search(r"so[-‐‑]called\W*$", before) else ""
        out.append(
            FramingSpan(
                article_id=article_id,
                spans=[(s, e)],
                text=text[s:e],
                type="scare_quote",
                note="in quotation marks with no speaker named: the outlet keeps its distance from "
                f"these words{extra}",
            )
        )
    return out


def _speaker_wording(quote: Quote) -> bool:
    """Whether a quote's content may be the speaker's wording rather than the outlet's.

    Direct, partial and mixed quotes are; indirect speech ("said that ...") may
    be; an indirect "belief"/"finding"/"other" attribution ("failed to condemn
    Russia's aggression", "planned to ...") describes an attitude or act in the
    outlet's own words, so loaded terms there are the outlet's.
    """
    return quote.kind != "indirect" or quote.cue_class == "speech"


def cue_lemmas(doc: Doc, quote: Quote) -> list[str]:
    """The lemmas of a quote's cue words (punctuation dropped)."""
    assert quote.cue is not None
    lemmas: list[str] = []
    for s, e in quote.cue.spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            lemmas.extend(w.lower() for w in re.findall(r"\w+", doc_text(doc)[s:e]))
        else:
            lemmas.extend(t.lemma_.lower() for t in span if not t.is_punct)
    return lemmas


def verb_connotation(doc: Doc, quote: Quote, lex: Lexicon) -> str | None:
    """What a quote's cue implies when it is not neutral ("claimed": may not be true), else None."""
    lemmas = cue_lemmas(doc, quote)
    candidates = [" ".join(lemmas[i : i + 2]) for i in range(len(lemmas) - 1)] + lemmas
    for cand in candidates:
        if cand in lex.verb_notes:
            return f"'{quote.cue.text}' {lex.verb_notes[cand]}"  # type: ignore[union-attr]
    return None


def is_neutral_cue(doc: Doc, quote: Quote, lex: Lexicon) -> bool:
    """Whether a cue is one of the lexicon's neutral attribution verbs ("said", "told", "according to")."""
    lemmas = cue_lemmas(doc, quote)
    candidates = [" ".join(lemmas[i : i + 2]) for i in range(len(lemmas) - 1)] + lemmas
    return any(c in lex.neutral_verbs for c in candidates) and verb_connotation(doc, quote, lex) is None


def _quotation_mark_spans(text: str) -> list[Span]:
    """Spans between matching quotation marks within one paragraph."""
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        p0, ptext = para.start(), para.group(0)
        for open_m, close_m in _QUOTE_PAIRS:
            i = 0
            while True:
                a = ptext.find(open_m, i)
                if a == -1:
                    break
                if open_m == "‘" and a > 0 and ptext[a - 1].isalnum():
                    i = a + 1
                    continue
                b = ptext.find(close_m, a + 1)
                if open_m == "‘":  # ’ is also the apostrophe: take the one not followed by a letter
                    while b != -1 and b + 1 < len(ptext) and ptext[b + 1].isalpha():
                        b = ptext.find(close_m, b + 1)
                if b == -1:
                    break
                if b - a <= _MAX_QUOTED:
                    spans.append((p0 + a, p0 + b + 1))
                i = b + 1
    return spans



def _strongest_flag(flags: dict[Span, tuple[object, float]]) -> Callable[[tuple[Span, ...]], float | None]:
    """``spans -> the highest probability of a flag overlapping any of them`` (None: no flag does).

    Flags sorted by start once per article, so a cue looks only at the flags that can reach it
    (a flag is one word: it starts at most the longest flag's length before the cue) instead of
    every flag of the article for every cue: ~37 cues x ~240 flags per PolNeAR article before.
    """
    ordered = sorted(flags)
    longest = max((e - s for s, e in ordered), default=0)

    def strongest(spans: tuple[Span, ...]) -> float | None:
        best: float | None = None
        for a, b in spans:
            lo = bisect.bisect_left(ordered, (a - longest, -1))
            hi = bisect.bisect_left(ordered, (b, -1))
            for s, e in ordered[lo:hi]:
                if s < b and a < e:
                    p = flags[(s, e)][1]
                    if best is None or p > best:
                        best = p
        return best

    return strongest


def _overlaps(s: int, e: int, spans: list[Span]) -> bool:
    return any(s < b and a < e for a, b in spans)
