"""Dated events of a story, from the date figures of its articles.

An entry is a date figure whose value is an ISO date with a year ("2023",
"2023-03", "2023-03-20"); year-less ("--03-20") and unresolved dates are left
out because they cannot be placed.  The entry's text is the sentence the date
sits in; the same date in sentences that say much the same thing in several
outlets becomes one entry citing each of them.
"""

from __future__ import annotations

import re

from newsprism.compare._text import content_stems, idf_weights, weighted_jaccard
from newsprism.model import Citation, Figure, TimelineEntry

_ISO_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SAME_EVENT = 0.3


def build_timeline(figures: list[Figure]) -> list[TimelineEntry]:
    """Timeline entries sorted by date (then first appearance)."""
    dated = [f for f in figures if f.kind == "date" and isinstance(f.value, str) and _ISO_RE.match(f.value)]
    stems = [content_stems(f.context or f.text) for f in dated]
    idf = idf_weights(stems)
    entries: list[tuple[str, str, list[int]]] = []  # date, text, member indexes
    for i, f in enumerate(dated):
        for date, _text, idx in entries:
            if date == f.value and any(
                dated[k].article_id != f.article_id and weighted_jaccard(stems[i], stems[k], idf) >= SAME_EVENT
                for k in idx
            ):
                idx.append(i)
                break
            if date == f.value and any(
                dated[k].article_id == f.article_id and dated[k].sentence_spans == f.sentence_spans for k in idx
            ):
                idx.append(i)  # one sentence naming the same date twice
                break
        else:
            entries.append((str(f.value), f.context or f.text, [i]))
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
