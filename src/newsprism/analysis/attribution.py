"""What the quote extractor's passes share: the attribution record and the per-document state.

:mod:`newsprism.analysis.quotes` runs the cue-driven passes and builds the
``Quote`` records; :mod:`newsprism.analysis.direct_quotes` turns the quotation
regions outside every content into direct quotes.  Both build and read the
same records (:class:`_Att`, one attribution before speaker resolution, and
:class:`_DocState`, the sentence and quotation-region index of the document)
and name a cue the same way, so those live here, below both modules, and
neither imports the other's internals in a cycle.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsprism.analysis.cues import CueClass
from newsprism.analysis.quote_marks import QuoteRegion, _Regions
from newsprism.model import Speaker


@dataclass
class _Att:
    """One attribution (content, cue, source as character spans) before speaker resolution."""

    content: list[tuple[int, int]]
    cue: Token | None
    cue_spans: list[tuple[int, int]]
    cue_text: str
    source: tuple[int, int] | None  # the whole source phrase (PolNeAR's source span)
    cls: CueClass = "speech"
    head: tuple[int, int] | None = None  # its head noun phrase, for resolving the speaker
    sent: int = 0
    via: tuple[int, int] | None = None
    regions: list[int] = field(default_factory=list)
    inherited: Speaker | None = None
    frame: str = ""
    root: Token | None = None  # the content's head token in the cue's frame
    p: float = 1.0  # the cue model's probability (1.0 for layout- and "according to" cues)


def _merge_spans(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sort and merge spans that overlap or touch across whitespace only."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and (s <= out[-1][1] or not text[out[-1][1]:s].strip() and "\n" not in text[out[-1][1]:s]):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def sentence_spans(sent_bounds: list[tuple[int, int]], spans: list[tuple[int, int]],
                   text: str) -> list[tuple[int, int]]:
    """The sentences the quote's spans run through: all of them, from the one a span starts in to
    the one it ends in, so the evidence of a three-sentence quote is the whole passage."""
    starts = [a for a, _ in sent_bounds]
    out: set[tuple[int, int]] = set()
    for s, e in spans:
        first = bisect.bisect_right(starts, s) - 1
        last = bisect.bisect_right(starts, max(e - 1, s)) - 1
        out.update(sent_bounds[k] for k in range(max(first, 0), last + 1))
    return _merge_spans(sorted(out), text)


def _has_verb(doc: Doc, s: int, e: int) -> bool:
    span = doc.char_span(s, e, alignment_mode="expand")
    return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)


def _cue_mention(doc: Doc, tok: Token, text: str) -> tuple[list[tuple[int, int]], str]:
    """The cue's words: the verb with its particles/auxiliary-free ("called for", "according to")."""
    toks = [tok]
    for c in tok.children:
        if c.dep_ in ("prt",) or tok.lower_ == "according" and c.lower_ == "to":
            toks.append(c)
    toks.sort(key=lambda t: t.i)
    spans = _merge_spans([(t.idx, t.idx + len(t.text)) for t in toks], text)
    return spans, " ".join(text[s:e] for s, e in spans)


def _tok_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


@dataclass
class _DocState:
    """What every step of :func:`~newsprism.analysis.quotes.find_attributions` reads about one document.

    Built once per document: the sentence list, the token -> sentence map and
    the quotation-region index are each a pass over the doc, and every step
    needs them.  Read-only once built.
    """

    doc: Doc
    text: str
    regions: list[QuoteRegion]
    reg: _Regions
    sents: list[Span]
    sent_of: list[int]  # token index -> index into ``sents``

    @classmethod
    def build(cls, doc: Doc, text: str, regions: list[QuoteRegion]) -> _DocState:
        sents = list(doc.sents)
        sent_of = [0] * len(doc)
        for k, s in enumerate(sents):
            for i in range(s.start, s.end):
                sent_of[i] = k
        return cls(doc=doc, text=text, regions=regions, reg=_Regions(regions), sents=sents, sent_of=sent_of)
