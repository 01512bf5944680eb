"""The same figure across outlets: do they agree?

Two figures from different articles are the same quantity when they are of
the same kind and unit (money in the same currency, percent, count, date...)
and the words around them overlap (the sentence's content words near the
number, rarer words weighing more).  Same quantity + equal value (within
rounding: 1%, or one being a less precise form of the same date) is
``agree``; same quantity + different value is ``conflict`` (demands more
shared context than agreement, because differing values are the claim);
a figure nobody else reports is ``single_source``.

Matching is greedy, best pairs first, and a group never takes two figures of
one article with different values (an article's "$87 billion to $185
billion" are two quantities, not a conflict with itself).
"""

from __future__ import annotations

import re

from newsprism.compare._text import content_stems, idf_weights, weighted_containment
from newsprism.model import Figure, FigureGroup

WINDOW_CHARS = 80  # context taken each side of the number
AGREE_CONTEXT = 0.2
CONFLICT_CONTEXT = 0.45
REL_TOLERANCE = 0.01


def _window(fig: Figure) -> set[str]:
    """Content stems of the sentence text near the figure (the figure's own words excluded)."""
    if not fig.context:
        return set()
    offset = fig.spans[0][0] - fig.sentence_spans[0][0] if fig.sentence_spans and fig.spans else -1
    if offset < 0 or fig.context[offset : offset + len(fig.text)] != fig.text:
        offset = fig.context.find(fig.text)
    if offset < 0:
        return content_stems(fig.context)
    before = fig.context[max(0, offset - WINDOW_CHARS) : offset]
    after = fig.context[offset + len(fig.text) : offset + len(fig.text) + WINDOW_CHARS]
    return content_stems(before + " " + after)


def values_agree(a: Figure, b: Figure) -> bool:
    """Equal within rounding (numbers) or compatible precision (ISO dates)."""
    va, vb = a.value, b.value
    if isinstance(va, (int, float)) and isinstance(vb, (int, float)):
        if va == vb:
            return True
        return abs(va - vb) <= REL_TOLERANCE * max(abs(va), abs(vb))
    if isinstance(va, str) and isinstance(vb, str):
        return va == vb or vb.startswith(va + "-") or va.startswith(vb + "-")
    return False


def _comparable(a: Figure, b: Figure) -> bool:
    if a.kind != b.kind or a.value is None or b.value is None:
        return False
    return a.unit == b.unit or (a.kind == "money" and (a.unit is None or b.unit is None))


def _closeness(a: Figure, b: Figure) -> float:
    va, vb = a.value, b.value
    if isinstance(va, (int, float)) and isinstance(vb, (int, float)) and max(abs(va), abs(vb)) > 0:
        return 1.0 - min(1.0, abs(va - vb) / max(abs(va), abs(vb)))
    return 1.0 if values_agree(a, b) else 0.0


def build_figure_groups(
    figures: list[Figure], prefix: str = "", outlets: dict[str, str] | None = None
) -> list[FigureGroup]:
    """Group figures that report the same quantity; mark agree / conflict / single_source.

    ``outlets`` (article id -> outlet name) makes the notes readable; without it
    they name article ids.

    Ids are ``f"{prefix}:fg{n}"`` (or ``f"fg{n}"``): "fg", not "g", so that they
    never collide with quote group ids in an :class:`~newsprism.model.Omission`.
    """
    windows = [_window(f) for f in figures]
    idf = idf_weights(windows)
    candidates: list[tuple[float, int, int]] = []
    for i, a in enumerate(figures):
        for j in range(i + 1, len(figures)):
            b = figures[j]
            if a.article_id == b.article_id or not _comparable(a, b):
                continue
            ctx = weighted_containment(windows[i], windows[j], idf)
            shared = len(windows[i] & windows[j])
            if values_agree(a, b):
                if ctx >= AGREE_CONTEXT and shared >= 1:
                    candidates.append((1.0 + ctx, i, j))
            elif ctx >= CONFLICT_CONTEXT and shared >= 2 and not (_inferred_date(a) or _inferred_date(b)):
                candidates.append((ctx + 0.5 * _closeness(a, b), i, j))
    group_of = list(range(len(figures)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(figures))}
    for _score, i, j in sorted(candidates, reverse=True):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        merged = members[gi] + members[gj]
        if _self_conflict(figures, merged):
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi] = merged
        del members[gj]
    groups = []
    for root in sorted(members, key=lambda r: min(members[r])):
        idx = sorted(members[root])
        figs = [figures[k] for k in idx]
        articles = {f.article_id for f in figs}
        name = (outlets or {}).get
        if len(articles) == 1:
            status, note = "single_source", f"reported only by {name(figs[0].article_id, figs[0].article_id)}"
        elif all(values_agree(figs[0], f) for f in figs[1:]):
            status, note = "agree", f"{len(articles)} articles report {_show(figs[0])}"
        else:
            status = "conflict"
            note = "; ".join(f"{name(f.article_id, f.article_id)}: {f.text} ({_show(f)})" for f in figs)
        gid = f"fg{len(groups) + 1}"
        groups.append(
            FigureGroup(id=f"{prefix}:{gid}" if prefix else gid, figure_ids=[f.id for f in figs], status=status,
                        note=note)
        )
    return groups


_MONTH_OR_DIGIT_RE = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)


def _inferred_date(f: Figure) -> bool:
    """A date the outlet did not write as one: "on Sunday", "yesterday", "last week".

    We resolve such words against each article's own publication date; two reports published on
    different days then resolve one event's "Sunday" to different days.  That difference is ours,
    not the outlets', so it never makes a ``conflict`` (it may still make an agreement).
    """
    return f.kind == "date" and not _MONTH_OR_DIGIT_RE.search(f.text)


def _self_conflict(figures: list[Figure], idx: list[int]) -> bool:
    """True when two figures of one article in ``idx`` have different values."""
    by_article: dict[str, Figure] = {}
    for k in idx:
        f = figures[k]
        prev = by_article.setdefault(f.article_id, f)
        if prev is not f and not values_agree(prev, f):
            return True
    return False


def _show(f: Figure) -> str:
    v = f.value
    if isinstance(v, float):
        v = f"{v:,.0f}" if v == int(v) else f"{v:,}"
    unit = f" {f.unit}" if f.unit and f.unit not in ("count", "date") else ""
    return re.sub(r"\s+", " ", f"{v}{unit}")
