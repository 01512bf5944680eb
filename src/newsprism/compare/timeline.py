"""Dated events of a story, from the date figures of its articles.

An entry is a date figure whose value is an ISO date with a year ("2023",
"2023-03", "2023-03-20"); year-less ("--03-20") and unresolved dates are left
out because they cannot be placed.  The entry's text is the sentence the date
sits in; the same date in sentences that say much the same thing in several
outlets becomes one entry citing each of them.
"""

from __future__ import annotations

import math
import re

from newsprism.compare._text import content_stems, weighted_jaccard
from newsprism.model import Citation, Figure, TimelineEntry

_ISO_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SAME_EVENT = 0.3


def _idf_with_repeats(stems: list[frozenset[str]]) -> dict[str, float]:
    """:func:`idf_weights` over ``stems``, counting each distinct (shared) set once per use."""
    uses: dict[int, int] = {}
    sets: dict[int, frozenset[str]] = {}
    for s in stems:
        uses[id(s)] = uses.get(id(s), 0) + 1
        sets[id(s)] = s
    df: dict[str, int] = {}
    for key, s in sets.items():
        for t in s:
            df[t] = df.get(t, 0) + uses[key]
    n = len(stems)
    return {t: math.log(1 + n / c) for t, c in df.items()}


def build_timeline(figures: list[Figure]) -> list[TimelineEntry]:
    """Timeline entries sorted by date (then first appearance).

    Linear in the number of dates, whatever the input: stems are computed once per distinct
    sentence (a sentence naming 1,500 dates is read once, not 1,500 times), and a date is only
    compared with the entries of the same date.
    """
    dated = [f for f in figures if f.kind == "date" and isinstance(f.value, str) and _ISO_RE.match(f.value)]
    by_sentence: dict[tuple[str, str], frozenset[str]] = {}
    stems = []
    for f in dated:
        key = (f.article_id, f.context or f.text)
        if key not in by_sentence:
            by_sentence[key] = frozenset(content_stems(key[1]))
        stems.append(by_sentence[key])
    idf = _idf_with_repeats(stems)
    entries: list[tuple[str, str, list[int]]] = []  # date, text, member indexes
    of_date: dict[str, list[int]] = {}  # date -> indexes into entries
    sentence_entry: dict[tuple[str, str, tuple], int] = {}  # (date, article, sentence) -> entry
    for i, f in enumerate(dated):
        date = str(f.value)
        own = (date, f.article_id, tuple(map(tuple, f.sentence_spans)))
        found = sentence_entry.get(own) if f.sentence_spans else None  # one sentence naming a date twice
        if found is None:
            for e in of_date.get(date, ()):
                if any(
                    dated[k].article_id != f.article_id and weighted_jaccard(stems[i], stems[k], idf) >= SAME_EVENT
                    for k in entries[e][2]
                ):
                    found = e
                    break
        if found is None:
            found = len(entries)
            entries.append((date, f.context or f.text, []))
            of_date.setdefault(date, []).append(found)
        entries[found][2].append(i)
        if f.sentence_spans:
            sentence_entry.setdefault(own, found)
    out = []
    for date, text, idx in sorted(entries, key=lambda e: (e[0], e[2][0])):
        cites: dict[str, list[tuple[int, int]]] = {}
        for k in idx:
            f = dated[k]
            for span in f.sentence_spans or f.spans:
                spans = cites.setdefault(f.article_id, [])
                if tuple(span) not in spans:
                    spans.append(tuple(span))
        out.append(
            TimelineEntry(
                date=date,
                text=" ".join(text.split()),
                citations=[Citation(article_id=a, spans=s) for a, s in cites.items()],
            )
        )
    return out
