"""An article's own day: its publication date, else the date printed at the top of its text.

Why a module of its own: the story grouper compares reports by day (dated and undated pairs are
scored differently), and the per-article analysis needs the same answer to skip work that only
dated pairs use (the headline + lead embedding, :func:`newsprism.analysis.article.analyze_many`).
One definition keeps the two from drifting apart.
"""

from __future__ import annotations

import re
from datetime import date, datetime


def article_day(title: str | None, text: str, published: str | None) -> int | None:
    """Ordinal day of an article as the story grouper reads it: ``published``, else its dateline."""
    day = parse_day(published)
    return day if day is not None else dateline_day(title or "", text)


def parse_day(published: str | None) -> int | None:
    """Proleptic ordinal day of an ISO date/datetime, or None if absent or unparsable."""
    if not published:
        return None
    s = published.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().toordinal()
    except ValueError:
        pass
    try:
        return date.fromisoformat(s[:10]).toordinal()
    except ValueError:
        return None


_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATELINE = [
    (re.compile(_MON + r"\s+(\d{1,2}),?\s+((?:19|20)\d\d)\b"), (3, 1, 2)),  # July 7, 2012
    (re.compile(r"\b(\d{1,2})\s+" + _MON + r",?\s+((?:19|20)\d\d)\b"), (3, 2, 1)),  # 4 August 2013
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), (1, 2, 3)),  # 2013-08-04
    (re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)\b"), (3, 1, 2)),  # 2/3/2009 (US order)
]


def dateline_day(title: str, text: str, head: int = 160) -> int | None:
    """The date printed at the top of an article ("Updated: July 7, 2012"), for undated items.

    Only the first ``head`` characters are searched: further down, dates are about other
    events (background, schedules), not the report's own time.
    """
    s = (title + "\n" + text)[:head].lower()
    best: tuple[int, int] | None = None
    for rx, (yi, mi, di) in _DATELINE:
        m = rx.search(s)
        if not m:
            continue
        mon = m.group(mi)
        month = _MONTHS.get(mon[:3]) if not mon.isdigit() else int(mon)
        try:
            d = date(int(m.group(yi)), month or 0, int(m.group(di))).toordinal()
        except ValueError:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), d)
    return best[1] if best else None
