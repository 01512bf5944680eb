"""Quotation marks and paragraphs in plain text: which stretches are quoted, and where.

Split out of :mod:`newsprism.analysis.quotes` because it needs no parse: the
pairing of marks (see that module's docstring, step 1) and the region index
are pure string work that the extractor, the cue-frame code and
bench/train_cues.py all share.  ``newsprism.analysis.quotes`` re-exports the
public names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPEN_DOUBLE = {"“", "«", "„", "``"}
CLOSE_DOUBLE = {"”", "»", "''"}
_DOUBLE_RE = re.compile(r"``|''|[\"“”«»„]")
_SINGLE_RE = re.compile(r"[‘’']")
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
# Words an apostrophe shortens at their start ("'em", "'til", "'cause", "rock 'n' roll") and a year's
# two last digits ("the '90s", "class of '08"): that apostrophe opens no quotation.  A closed class
# of English; a quotation may open on a number ("'100 per cent sure'") or a digit ("'2whom it may ...").
_ELIDED = re.compile(r"(?:em|til|cause|cos|n|tis|twas|bout|\d\ds?)\b", re.IGNORECASE)


def has_quote_mark(text: str) -> bool:
    """Whether ``text`` holds a double quotation mark or an opening single one ("‘"); never an
    apostrophe ("the sheriff's office", "Trump’s")."""
    return "‘" in text or _DOUBLE_RE.search(text) is not None


@dataclass
class QuoteRegion:
    """One stretch between quotation marks: [open, close) incl. marks, [start, end) inside."""

    open: int
    start: int
    end: int
    close: int
    closed: bool = True
    chain: int = -1  # id shared by the paragraphs of one multi-paragraph quotation


def _single_regions(para: str, base: int, taken: list[tuple[int, int]]) -> list[QuoteRegion]:
    """Single-quote pairs outside double quotes; an apostrophe inside a word never counts."""
    out: list[QuoteRegion] = []
    open_at: int | None = None
    for m in _SINGLE_RE.finditer(para):
        i = m.start()
        if any(a <= base + i < b for a, b in taken):
            continue
        prev = para[i - 1] if i else " "
        nxt = para[i + 1] if i + 1 < len(para) else " "
        can_open = not prev.isalnum() and not nxt.isspace() and m.group() != "’" \
            and not _ELIDED.match(para, i + 1)  # "the '90s", "rock 'n' roll": elisions
        can_close = not prev.isspace() and not nxt.isalnum() and m.group() != "‘"
        if open_at is None:
            if can_open:
                open_at = i
        elif can_close and i > open_at + 1:
            out.append(QuoteRegion(base + open_at, base + open_at + 1, base + i, base + i + 1))
            open_at = None
        elif can_open and m.group() == "‘":
            open_at = i
    return out


def quote_mark_regions(text: str) -> list[QuoteRegion]:
    """All quotation-mark regions of a text, in order (see the module docstring)."""
    regions: list[QuoteRegion] = []
    pos = 0
    chain = 0
    prev_unclosed = False
    for para in text.split("\n"):
        if not para.strip():
            pos += len(para) + 1
            continue
        para_regions: list[QuoteRegion] = []
        open_at: int | None = None
        open_len = 0
        for m in _DOUBLE_RE.finditer(para):
            mark = m.group()
            if open_at is None:
                # '' is NYT's mark for both ends (like "), so it may open too
                if mark not in CLOSE_DOUBLE or mark == "''":
                    open_at, open_len = m.start(), len(mark)
            elif mark in OPEN_DOUBLE:
                open_at, open_len = m.start(), len(mark)
            else:
                if m.start() > open_at + open_len:
                    para_regions.append(QuoteRegion(pos + open_at, pos + open_at + open_len,
                                                    pos + m.start(), pos + m.end()))
                open_at = None
        unclosed = False
        if open_at is not None and open_at + open_len < len(para.rstrip()):
            end = len(para.rstrip())
            para_regions.append(QuoteRegion(pos + open_at, pos + open_at + open_len,
                                            pos + end, pos + end, closed=False))
            unclosed = True
        doubles = [(r.open, r.close) for r in para_regions]
        para_regions.extend(_single_regions(para, pos, doubles))
        para_regions.sort(key=lambda r: r.open)
        for r in para_regions:
            r.chain = chain
            chain += 1
        # A paragraph that opens with a quote after an unclosed one continues it.
        if prev_unclosed and para_regions and para_regions[0].open - pos <= len(para) - len(para.lstrip()):
            para_regions[0].chain = regions[-1].chain
        regions.extend(para_regions)
        prev_unclosed = unclosed
        pos += len(para) + 1
    return regions


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Inner spans (marks excluded) of every quotation-mark region, attributed or not."""
    return [(r.start, r.end) for r in quote_mark_regions(text) if r.end > r.start]


class _Regions:
    """Fast lookups over quote regions (sorted, non-overlapping by construction)."""

    def __init__(self, regions: list[QuoteRegion]):
        self.regions = regions
        self.starts = [r.open for r in regions]

    def at(self, pos: int) -> int | None:
        k = bisect.bisect_right(self.starts, pos) - 1
        if k >= 0 and self.regions[k].open <= pos < max(self.regions[k].close, self.regions[k].open + 1):
            return k
        return None

    def overlapping(self, s: int, e: int) -> list[int]:
        k = max(bisect.bisect_right(self.starts, s) - 1, 0)
        out = []
        while k < len(self.regions) and self.regions[k].open < e:
            r = self.regions[k]
            if r.close > s and r.start < e:
                out.append(k)
            k += 1
        return out


def _n_words(text: str) -> int:
    """Words in a stretch of text (contractions count once): the measure of a short scare quote."""
    return len(_WORD_RE.findall(text))


def _para_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the paragraph (newline-delimited line) holding ``pos``: contents and sources are clipped to it."""
    pe = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, (len(text) if pe < 0 else pe)
