"""Render a Report as one self-contained HTML page.

The page is the product's face for journalists and fact-checkers: per story it
shows the outlets' cleaned texts side by side with every quote, figure and
framing span highlighted, and a ledger / table / list for each comparison that
links back to the exact characters it came from (the evidence rule of
``newsprism.model``).

Security model: everything that comes from an article (text, title, URL,
outlet, author, speaker names, notes, file paths) is attacker-controlled.  It
only ever reaches the page through Jinja2 with autoescape on; no article string
is marked safe.  URLs become links only when their scheme is http(s).  A strict
Content-Security-Policy (no network, no external assets, only our own inline
script, allowed by its sha256 hash) backs that up, so the page also works
offline.  Our own CSS and JS are the only strings marked safe.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from newsprism.model import (
    UNKNOWN_OUTLET,
    UNKNOWN_OUTLET_PREFIX,
    Citation,
    Figure,
    FigureGroup,
    FramingSpan,
    Quote,
    QuoteGroup,
    Report,
    ReportArticle,
    Span,
    Story,
)

__all__ = [
    "render_index_html",
    "render_report_html",
    "render_story_pages",
    "safe_href",
    "span_dom_id",
    "story_page_name",
    "story_views",
]

# Marks nothing links to (speaker mentions, attribution cues, "via" phrases): they get no id,
# which keeps a 50-article page under its 2 MB budget; the script lights split ranges by data-k.
_UNLINKED_MARKS = frozenset({"spk", "cue", "via-m"})

# Outlet colours cycle through this many CSS classes (o0..o7); see report.css.
N_OUTLET_COLOURS = 8

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# How a quote group's versions differ, most telling first: a group whose outlets changed, cut or
# reworded the words leads the ledger (#17: differences first); identical copies come last.
_RELATION_RANK = {"altered": 0, "truncated": 1, "variant": 2, "paraphrase": 3, "identical": 4}
# Omissions shown per outlet before "N more" (the most salient: reported by the most other outlets).
OMISSIONS_SHOWN = 5
# ... then up to this many more as one-line links; past that only counts.  Every quote or figure
# group an outlet lacks is in the ledger already, and listing them all made a 40-article page
# 22 MB (52,000 items: each single-outlet quote is "left out" by every other outlet).
OMISSIONS_LISTED = 8
# Cross-outlet quote groups shown open before "N more": enough to see what changed at a glance,
# few enough that the story's first view stays within a few screens (#17 item 2).
CROSS_QUOTES_SHOWN = 4
# Figure groups 2+ outlets report shown open (conflicts first) and coverage rows shown open;
# the rest of each behind a count, so a 40-article story's first view stays a few screens.
CROSS_FIGURES_SHOWN = 5
COVERAGE_SHOWN = 8
# Word diffs shown open per quote group (distinct changed wordings); the other pairs sit behind a count.
PAIRS_SHOWN = 2
# Non-neutral attribution verbs named per framing-profile row (the rest counted, all in its title).
PROFILE_VERBS_SHOWN = 5
_FRAMING_LABEL = {
    "loaded_term": "loaded term",
    "attribution_verb": "attribution verb",
    "scare_quote": "scare quote",
}


# --------------------------------------------------------------------------- helpers


def safe_href(url: str | None) -> str | None:
    """Return ``url`` normalised if it is an absolute http(s) URL, else None.

    Anything else (``javascript:``, ``data:``, relative paths, mangled
    schemes) is shown as text only.  ``urlsplit`` strips the tab/newline tricks
    ("java\\tscript:") the same way browsers do, so what we check is what a
    browser would follow.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return parts.geturl()


def _safe_token(value: str) -> str:
    """An id fragment usable in ``id``/``href="#..."`` without escaping worries.

    Article ids are content hashes in practice, but the model only promises a
    string, so anything unusual is replaced by its own hash.
    """
    if _SAFE_ID.fullmatch(value):
        return value
    return "x" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:12]


def span_dom_id(story_index: int, article_id: str, span: Span) -> str:
    """The element id of one highlighted span: ``s{story}-a-{article}-{start}-{end}``.

    The story index keeps ids unique when one article belongs to two stories;
    the end offset keeps them unique when two spans start at the same place.
    """
    start, end = span
    return f"s{story_index}-a-{_safe_token(article_id)}-{start}-{end}"


_DOMAIN = re.compile(r"(?:www\.)?((?:[a-z0-9-]+\.)+)[a-z]{2,}", re.IGNORECASE)
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "news"}


def _outlet_tag(outlet: str) -> str:
    """A short superscript label for an outlet ("Kyiv Independent" -> "KI", "edition.cnn.com" -> "cnn")."""
    outlet = " ".join(outlet.split()) or "?"
    domain = _DOMAIN.fullmatch(outlet)
    if domain:
        labels = domain.group(1).rstrip(".").split(".")
        while len(labels) > 1 and labels[-1].lower() in _SECOND_LEVEL:
            labels.pop()
        outlet = labels[-1]
    if len(outlet) <= 10:
        return outlet
    words = [w for w in re.split(r"[\s._-]+", outlet) if w]
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
        if len(" ".join(words)) <= 10:
            return " ".join(words)
    caps = "".join(w[0] for w in words if w[0].isalnum())
    if 2 <= len(caps) <= 5:
        return caps.upper()
    return outlet[:9] + "…"


def _is_unknown(a: ReportArticle) -> bool:
    return a.outlet_key.startswith(UNKNOWN_OUTLET_PREFIX) if a.outlet_key else a.outlet == UNKNOWN_OUTLET


def _outlet_tags(arts: list[ReportArticle]) -> dict[str, tuple[str, str]]:
    """Outlet group -> (tag, label) for one story: no two outlets share a tag or a label.

    Why: a short tag cut or abbreviated from two names can coincide ("washingto…" for the Post and
    the Times), and "X 2" must mean "X's second article", never "another outlet".  A tag taken
    already falls back to the outlet's whole name, then to its name and key; outlets nothing
    names are "?1", "?2" (labelled "unknown ?1") as each is an outlet of its own.
    """
    out: dict[str, tuple[str, str]] = {}
    tags: set[str] = set()
    labels: set[str] = set()
    n_unknown = 0
    for a in arts:
        group = a.outlet_group
        if group in out:
            continue
        name = " ".join(a.outlet.split()) or "?"
        if _is_unknown(a):
            n_unknown += 1
            tag = f"?{n_unknown}"
            label = f"{name} {tag}"
        else:
            label = name if name not in labels else f"{name} ({group})"
            tag = next((t for t in (_outlet_tag(name), name) if t not in tags), label)
        tags.add(tag)
        labels.add(label)
        out[group] = (tag, label)
    return out


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_YEARLESS_RE = re.compile(r"^--(\d{2})(?:-(\d{2}))?$")
_MONTH_NAMES = ("January February March April May June July August September October November December").split()


def _fmt_value(value: float | str | None) -> str:
    """A figure's normalised value for people: 185000000000.0 -> "185,000,000,000".

    A date whose year the text does not give (ISO's "--03-20") reads "20 March (year not given)".
    """
    if value is None:
        return ""
    if isinstance(value, str):
        m = _YEARLESS_RE.match(value)
        if m:
            month = _MONTH_NAMES[int(m.group(1)) - 1] if 1 <= int(m.group(1)) <= 12 else m.group(1)
            day = f"{int(m.group(2))} " if m.group(2) else ""
            return f"{day}{month} (year not given)"
        return value
    if value.is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _date_key(value: str) -> tuple[int, str]:
    try:
        return (0, datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat())
    except ValueError:
        return (1, value)


def _date_span(articles: list[ReportArticle]) -> str:
    dates = sorted({a.published[:10] for a in articles if a.published}, key=_date_key)
    if not dates:
        return ""
    return dates[0] if len(dates) == 1 else f"{dates[0]} – {dates[-1]}"


# --------------------------------------------------------------------------- highlighting


@dataclass
class Mark:
    """One distinct [start, end) range of an article and everything shown on it.

    Several items can share a range (a quote that is also a summary citation);
    they share one element, so one id, with all their classes.
    """

    start: int
    end: int
    dom_id: str
    classes: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    speaker: str | None = None
    ledger: str | None = None  # id of this item's entry further down the page
    split: bool = False  # crossed by another range, so shown as several fragments sharing data-k
    anchor: bool = False  # some link may point here; a speaker or cue mark alone needs no id

    @property
    def css(self) -> str:
        return " ".join(sorted(self.classes))

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(self.titles))


@dataclass
class Piece:
    """A token of highlighted text: open an element, close one, or plain text."""

    kind: str  # "open" | "close" | "text"
    text: str = ""
    mark: Mark | None = None
    first: bool = True  # open: the first fragment of its mark carries the id


def segment(text: str, marks: list[Mark]) -> list[Piece]:
    """Turn text plus possibly overlapping ranges into properly nested tokens.

    The text is cut at every range boundary, so every text segment ends up
    inside the elements of all ranges that cover it.  Nested ranges become
    nested elements; where two ranges cross, the inner one is closed at the
    boundary and reopened as a continuation fragment (the way HTML parsers
    repair misnested tags).  Only the first fragment carries the id; the
    fragments of a split range all carry ``data-k`` so the script can highlight
    every one (an unsplit range needs none: that saves a tenth of a big page).
    Hand-written because no library renders overlapping standoff annotation
    into nested HTML; it is small and pinned by a property test.
    """
    n = len(text)
    starts: dict[int, list[Mark]] = defaultdict(list)
    bounds = {0, n}
    for m in marks:
        starts[m.start].append(m)
        bounds.update((m.start, m.end))
    points = sorted(bounds)
    out: list[Piece] = []
    stack: list[Mark] = []
    for i, p in enumerate(points):
        ending = [k for k, m in enumerate(stack) if m.end == p]
        if ending:
            low = ending[0]
            reopen = sorted((m for m in stack[low:] if m.end != p), key=lambda m: -m.end)
            for m in reversed(stack[low:]):
                out.append(Piece("close", mark=m))
            del stack[low:]
            for m in reopen:
                m.split = True
                out.append(Piece("open", mark=m, first=False))
                stack.append(m)
        for m in sorted(starts.get(p, []), key=lambda m: -m.end):
            out.append(Piece("open", mark=m, first=True))
            stack.append(m)
        if i + 1 < len(points) and points[i + 1] > p:
            out.append(Piece("text", text=text[p : points[i + 1]]))
    return out


class _Marks:
    """Collects the marks of one story's articles and resolves link targets.

    A link is only rendered when its target was actually placed in the page,
    so a bad span in the data gives a missing link, never a dangling one.
    """

    def __init__(self, story_index: int, texts: dict[str, str]) -> None:
        self.story_index = story_index
        self.texts = texts
        self.by_article: dict[str, dict[Span, Mark]] = {aid: {} for aid in texts}

    def add(
        self,
        article_id: str,
        span: Span,
        css: str,
        title: str,
        speaker: str | None = None,
        ledger: str | None = None,
    ) -> str | None:
        text = self.texts.get(article_id)
        if text is None:
            return None
        start, end = int(span[0]), int(span[1])
        if not 0 <= start < end <= len(text):
            return None
        key = (start, end)
        marks = self.by_article[article_id]
        mark = marks.get(key)
        if mark is None:
            mark = marks[key] = Mark(start, end, span_dom_id(self.story_index, article_id, key))
        mark.classes.update(css.split())
        if not _UNLINKED_MARKS.issuperset(css.split()):
            mark.anchor = True
        if title:
            mark.titles.append(title)
        if speaker and not mark.speaker:
            mark.speaker = speaker
        if ledger and not mark.ledger:
            mark.ledger = ledger
        return mark.dom_id

    def first(self, article_id: str, spans: list[Span]) -> str | None:
        """The id of the first placed span of an item (the one links point at)."""
        for span in spans:
            mark = self.by_article.get(article_id, {}).get((int(span[0]), int(span[1])))
            if mark is not None:
                mark.anchor = True
                return mark.dom_id
        return None

    def pieces(self, article_id: str) -> list[Piece]:
        return segment(self.texts[article_id], list(self.by_article[article_id].values()))


# --------------------------------------------------------------------------- view model


@dataclass
class Col:
    """One outlet's article as a column."""

    article: ReportArticle
    tag: str
    label: str  # the outlet's name as the story head shows it ("unknown ?2" tells unknown outlets apart)
    colour: int
    href: str | None
    duplicate_of: str | None
    pieces: list[Piece] = field(default_factory=list)
    n_quotes: int = 0
    n_figures: int = 0
    n_framing: int = 0
    oi: int = 0  # the outlet's index in the story's outlet filter (one per outlet, not per article)

    @property
    def host(self) -> str:
        return urlsplit(self.href).hostname or self.href if self.href else ""


def _quote_title(q: Quote) -> str:
    bits = [f"{q.kind} quote"]
    bits.append(f"speaker: {q.speaker.name}" if q.speaker else "speaker: unknown")
    if q.speaker and q.speaker.mention and q.speaker.mention != q.speaker.name:
        bits.append(f"as “{q.speaker.mention}”")
    if q.cue:
        bits.append(f"cue: {q.cue.text}")
    if q.via:
        bits.append(f"via: {q.via.text}")
    return " · ".join(bits)


def _figure_title(f: Figure) -> str:
    value = "" if f.value is None else f" = {_fmt_value(f.value)}"
    unit = f" {f.unit}" if f.unit else ""
    return f"figure ({f.kind}){value}{unit}"


def _build_story(
    si: int,
    story: Story,
    articles: dict[str, ReportArticle],
    quotes: dict[str, Quote],
    figures: dict[str, Figure],
    framing: dict[str, list[FramingSpan]],
) -> dict:
    aids = [aid for aid in dict.fromkeys(story.article_ids) if aid in articles]
    arts = [articles[aid] for aid in aids]
    marks = _Marks(si, {a.id: a.text for a in arts})
    sid = f"s{si}"

    # Columns, with a short tag per outlet (numbered per article of one outlet) and a colour.
    cols: dict[str, Col] = {}
    outlet_tags = _outlet_tags(arts)
    seen: dict[str, int] = {}
    for k, a in enumerate(arts):
        tag, label = outlet_tags[a.outlet_group]
        seen[a.outlet_group] = seen.get(a.outlet_group, 0) + 1
        if seen[a.outlet_group] > 1:
            tag = f"{tag} {seen[a.outlet_group]}"
        dup = story.duplicates.get(a.id)
        cols[a.id] = Col(
            article=a,
            tag=tag,
            label=label,
            colour=k % N_OUTLET_COLOURS,
            href=safe_href(a.url),
            duplicate_of=cols[dup].tag if dup in cols else (dup or None),
        )

    # Quotes of this story: those in its groups, plus any other quote of its articles.
    story_quotes = [q for q in quotes.values() if q.article_id in cols]
    ledger_of: dict[str, str] = {}
    for g in story.quote_groups:
        for qid in g.quote_ids:
            ledger_of.setdefault(qid, f"{sid}-qg-{_safe_token(g.id)}")
    for q in story_quotes:
        speaker = q.speaker.name if q.speaker else None
        title = _quote_title(q)
        for span in q.spans:
            marks.add(q.article_id, span, f"q q-{q.kind}", title, speaker, ledger_of.get(q.id))
        if q.cue:
            for span in q.cue.spans:
                marks.add(q.article_id, span, "cue", "")  # the quote's title names its cue
        if q.via:
            for span in q.via.spans:
                marks.add(q.article_id, span, "via-m", f"secondhand: {q.via.text}")
        if q.speaker:
            for span in q.speaker.spans:
                marks.add(q.article_id, span, "spk", "")  # the quote's title and label name the speaker
        cols[q.article_id].n_quotes += 1

    fig_ledger: dict[str, str] = {}
    for g in story.figure_groups:
        for fid in g.figure_ids:
            fig_ledger.setdefault(fid, f"{sid}-fg-{_safe_token(g.id)}")
    for f in figures.values():
        if f.article_id in cols:
            for span in f.spans:
                marks.add(f.article_id, span, "fig", _figure_title(f), ledger=fig_ledger.get(f.id))
            cols[f.article_id].n_figures += 1

    for aid in cols:
        for fr in framing.get(aid, []):
            label = _FRAMING_LABEL.get(fr.type, fr.type)
            title = f"{label}: {fr.note}" if fr.note else label
            for span in fr.spans:
                marks.add(aid, span, f"fr fr-{fr.type}", title)
            cols[aid].n_framing += 1

    def cites(citations: list[Citation]) -> list[dict]:
        out = []
        for c in citations:
            if c.article_id not in cols:
                continue
            target = None
            for span in c.spans:
                t = marks.add(c.article_id, span, "cite-t", "")
                target = target or t
            col = cols[c.article_id]
            out.append({"tag": col.tag, "colour": col.colour, "outlet": col.label, "target": target})
        return out

    summary = [{"text": s.text, "cites": cites(s.citations)} for s in story.summary]
    timeline = [{"date": t.date, "text": t.text, "cites": cites(t.citations)} for t in story.timeline]

    quote_views: dict[str, dict] = {}

    def quote_view(qid: str) -> dict:
        """One quote as the page shows it; built once (omissions name a group once per outlet)."""
        if qid not in quote_views:
            quote_views[qid] = _quote_view(qid)
        return quote_views[qid]

    def _quote_view(qid: str) -> dict:
        q = quotes.get(qid)
        if q is None or q.article_id not in cols:
            return {"id": qid, "missing": True}
        col = cols[q.article_id]
        return {
            "id": qid,
            "missing": False,
            "q": q,
            "tag": col.tag,
            "colour": col.colour,
            "outlet": col.label,
            "target": marks.first(q.article_id, q.spans),
            "speaker": q.speaker.name if q.speaker else None,
            "mention": q.speaker.mention if q.speaker else "",
            "cue": q.cue.text if q.cue else "",
            "via": q.via.text if q.via else "",
        }

    qgroups = []
    qgroup_of: dict[str, QuoteGroup] = {g.id: g for g in story.quote_groups}
    for g in story.quote_groups:
        views = {qid: quote_view(qid) for qid in g.quote_ids}
        pairs = []
        for p in g.pairs:
            pairs.append(
                {
                    "p": p,
                    "a": views.get(p.a) or quote_view(p.a),
                    "b": views.get(p.b) or quote_view(p.b),
                    "diff": [{"op": op, "a": a, "b": b} for op, a, b in p.diff],
                }
            )
        qgroups.append(
            {
                "g": g,
                "dom": f"{sid}-qg-{_safe_token(g.id)}",
                "quotes": list(views.values()),
                "pairs": pairs,
                "outlets": len({v["outlet"] for v in views.values() if not v["missing"]}),
            }
        )

    figure_views: dict[str, dict] = {}

    def figure_view(fid: str) -> dict:
        if fid not in figure_views:
            figure_views[fid] = _figure_view(fid)
        return figure_views[fid]

    def _figure_view(fid: str) -> dict:
        f = figures.get(fid)
        if f is None or f.article_id not in cols:
            return {"id": fid, "missing": True}
        return {
            "id": fid,
            "missing": False,
            "f": f,
            "target": marks.first(f.article_id, f.spans),
            "value": _fmt_value(f.value),
        }

    fgroups = []
    fgroup_of: dict[str, FigureGroup] = {g.id: g for g in story.figure_groups}
    for g in story.figure_groups:
        views = [figure_view(fid) for fid in g.figure_ids]
        per_col: dict[str, list[dict]] = defaultdict(list)
        missing = []
        for v in views:
            if v["missing"]:
                missing.append(v["id"])
            else:
                per_col[v["f"].article_id].append(v)
        context = next((v["f"].context for v in views if not v["missing"] and v["f"].context), "")
        fgroups.append(
            {
                "g": g,
                "dom": f"{sid}-fg-{_safe_token(g.id)}",
                "cells": [per_col.get(aid, []) for aid in cols],
                "wordings": _same_mentions([(c, v) for aid, c in cols.items() for v in per_col.get(aid, [])]),
                "missing": missing,
                "context": _shorten(context, 200),
                "short_context": _shorten(context, 90),
            }
        )

    framing_view = []
    for aid, col in cols.items():
        items = []
        for fr in sorted(framing.get(aid, []), key=lambda x: x.spans[0][0] if x.spans else 0):
            items.append(
                {
                    "fr": fr,
                    "label": _FRAMING_LABEL.get(fr.type, fr.type),
                    "target": marks.first(aid, fr.spans),
                }
            )
        by_type: dict[str, list[dict]] = defaultdict(list)
        for it in items:
            by_type[it["fr"].type].append(it)
        groups = [
            {"type": t, "label": _FRAMING_LABEL.get(t, t), "items": by_type[t]}
            for t in [*_FRAMING_LABEL, *sorted(set(by_type) - set(_FRAMING_LABEL))]
            if by_type.get(t)
        ]
        framing_view.append({"col": col, "groups": groups, "n": len(items)})
    profile_view = _profile_view(story, cols)

    omissions = _omission_views(sid, story, cols, qgroup_of, fgroup_of, quote_view, figure_view)

    # Differences first (#17): groups quoted by 2+ outlets lead, changed wording before identical
    # copies; a remark only one outlet carries is summarised per outlet and listed behind a click.
    for g in qgroups:
        ranks = [_RELATION_RANK.get(p["p"].relation, len(_RELATION_RANK)) for p in g["pairs"]]
        g["rank"] = min(ranks, default=len(_RELATION_RANK))
        g["changed"] = g["rank"] < _RELATION_RANK["identical"]
        g["pairs_shown"], g["pairs_more"] = _telling_pairs(g["pairs"])
        g["cards"] = _same_words(g["quotes"])
    _filter_keys(cols, qgroups, fgroups)
    cross_quotes = sorted((g for g in qgroups if g["outlets"] >= 2), key=lambda g: (g["rank"], -g["outlets"]))
    col_index = {c.label: k for k, c in enumerate(cols.values())}

    def first_outlet(g: dict) -> int:
        return next((col_index.get(v["outlet"], 0) for v in g["quotes"] if not v["missing"]), len(cols))

    single_quotes = sorted((g for g in qgroups if g["outlets"] < 2), key=first_outlet)
    single_by_outlet: Counter[str] = Counter()
    col_by_label = {c.label: c for c in cols.values()}
    for g in single_quotes:
        label = next((v["outlet"] for v in g["quotes"] if not v["missing"]), None)
        if label:
            single_by_outlet[label] += 1
    status_rank = {"conflict": 0, "agree": 1}
    cross_figures = sorted(
        (g for g in fgroups if g["g"].status != "single_source"), key=lambda g: status_rank.get(g["g"].status, 2)
    )
    single_figures = [g for g in fgroups if g["g"].status == "single_source"]
    for om in omissions:  # most salient first: what the most other outlets report
        om["items"].sort(key=lambda it: (-len(it["by"]), it["kind"] != "quote"))
        unlisted = Counter(it["kind"] for it in om["items"][OMISSIONS_SHOWN + OMISSIONS_LISTED :])
        om["unlisted_quotes"], om["unlisted_figures"] = unlisted["quote"], unlisted["figure"]

    # Coverage: who published what, when, how long, and whom each outlet leans on.
    speakers_of: dict[str, Counter[str]] = defaultdict(Counter)
    for q in story_quotes:
        if q.speaker:
            speakers_of[q.article_id][q.speaker.name] += 1
    coverage = [
        {
            "col": c,
            "words": len(c.article.text.split()),
            "top_speakers": speakers_of[aid].most_common(2),
        }
        for aid, c in sorted(cols.items(), key=lambda kv: (not kv[1].article.published, _date_key(kv[1].article.published or "")))
    ]

    # Pieces last: every mark (including citation targets) is known by now.
    for aid, col in cols.items():
        col.pieces = marks.pieces(aid)

    return {
        "dom": sid,
        "story": story,
        "cols": list(cols.values()),
        "outlets": list(dict.fromkeys(c.label for c in cols.values())),
        "outlet_chips": _outlet_chips(list(cols.values())),
        "filter_speakers": _filter_speakers(qgroups),
        "date_span": _date_span(arts),
        "summary": summary,
        "timeline": timeline,
        "qgroups": qgroups,
        "fgroups": fgroups,
        "cross_quotes": cross_quotes,
        "single_quotes": single_quotes,
        "single_quotes_by_outlet": [(col_by_label[k], n) for k, n in single_by_outlet.most_common()],
        "cross_figures": cross_figures,
        "single_figures": single_figures,
        "coverage": coverage,
        "filter_kinds": FILTER_KINDS,
        "omissions_shown": OMISSIONS_SHOWN,
        "omissions_listed": OMISSIONS_LISTED,
        "cross_quotes_shown": CROSS_QUOTES_SHOWN,
        "cross_figures_shown": CROSS_FIGURES_SHOWN,
        "coverage_shown": COVERAGE_SHOWN,
        "framing": framing_view,
        "framing_profile": profile_view,
        "omissions": omissions,
        "n_missing_articles": len(set(story.article_ids) - set(aids)),
    }


# Quote kinds and "figure": the kinds the story page filters by.
FILTER_KINDS = ("direct", "partial", "indirect", "mixed", "figure")
# Speakers suggested in the speaker filter (most quoted first); the filter matches any name typed.
FILTER_SPEAKERS = 40


def _filter_keys(cols: dict[str, Col], qgroups: list[dict], fgroups: list[dict]) -> None:
    """Give every column, quote group and figure group the keys report.js filters on (#17 item 1).

    ``f_o``: the story's indices of the outlets carrying the item (the filter lists each outlet
    once, however many reports it has); the script reads kinds and speakers from the item itself.
    Indices, not names, so a name with spaces or quotes never has to be parsed by the script.
    """
    index: dict[str, int] = {}
    for c in cols.values():
        c.oi = index.setdefault(c.label, len(index))
    for g in qgroups:
        vs = [v for v in g["quotes"] if not v["missing"]]
        g["f_o"] = " ".join(str(i) for i in sorted({index[v["outlet"]] for v in vs}))
    for g in fgroups:
        outlets = {index[w["col"].label] for w in g["wordings"]}
        outlets.update(index[r["col"].label] for w in g["wordings"] for r in w["others"])
        g["f_o"] = " ".join(str(i) for i in sorted(outlets))


def _filter_speakers(qgroups: list[dict]) -> list[str]:
    """The speakers the speaker filter suggests: those with the most quote groups first."""
    n: Counter[str] = Counter(g["g"].speaker for g in qgroups if g["g"].speaker)
    return [name for name, _ in n.most_common(FILTER_SPEAKERS)]


def _outlet_chips(cols: list[Col]) -> list[tuple[Col, int]]:
    """One chip per outlet with its number of reports, most reports first.

    Why: a 40-article story listed one chip per article ("CNN" eight times), three lines of
    repeats at the top of the page.
    """
    first: dict[str, Col] = {}
    n: Counter[str] = Counter()
    for c in cols:
        first.setdefault(c.label, c)
        n[c.label] += 1
    return [(first[label], k) for label, k in n.most_common()]


def _omission_views(
    sid: str,
    story: Story,
    cols: dict[str, Col],
    qgroup_of: dict[str, QuoteGroup],
    fgroup_of: dict[str, FigureGroup],
    quote_view: Callable[[str], dict],
    figure_view: Callable[[str], dict],
) -> list[dict]:
    """Per outlet, the groups it leaves out, each as one line (label, excerpt, who reports it).

    An item depends on the group only, not on the outlet leaving it out, so each is built once:
    in a 40-article story one group is "left out" by up to 39 outlets, and building it anew each
    time was a third of the page's rendering time.
    """
    cache: dict[str, dict] = {}

    def item(gid: str) -> dict:
        if gid in cache:
            return cache[gid]
        if gid in qgroup_of:
            g = qgroup_of[gid]
            vs = [v for v in (quote_view(qid) for qid in g.quote_ids) if not v["missing"]]
            sample = min((v["q"].text for v in vs), key=len, default="")
            out = {"kind": "quote", "dom": f"{sid}-qg-{_safe_token(gid)}", "label": g.speaker or "unattributed",
                   "text": _shorten(sample, 110), "by": vs}
        elif gid in fgroup_of:
            fg = fgroup_of[gid]
            fs = [v for v in (figure_view(fid) for fid in fg.figure_ids) if not v["missing"]]
            by = []
            for v in fs:
                c = cols[v["f"].article_id]
                by.append({**v, "tag": c.tag, "colour": c.colour, "outlet": c.label})
            out = {"kind": "figure", "dom": f"{sid}-fg-{_safe_token(gid)}",
                   "label": ", ".join(dict.fromkeys(v["f"].text for v in fs)) or gid,
                   "text": _shorten(next((v["f"].context for v in fs if v["f"].context), ""), 110), "by": by}
        else:
            out = {"kind": "unknown", "dom": None, "label": gid, "text": "", "by": []}
        cache[gid] = out
        return out

    omissions = []
    for om in story.omissions:
        if om.article_id in cols:
            omissions.append({"col": cols[om.article_id], "items": [item(gid) for gid in om.missing]})
    return omissions


_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def _same_words(versions: list[dict]) -> list[dict]:
    """A group's versions with word-for-word repeats folded into the first one's card.

    Five outlets printing one sentence identically need one card and four outlet tags (each
    still linking to its own sentence), not five copies of the sentence.  Quote marks, edge
    punctuation, case and spacing do not make a version different.
    """
    cards: dict[str, dict] = {}
    out: list[dict] = []
    for v in versions:
        if v["missing"]:
            out.append({**v, "same": []})
            continue
        key = _EDGE.sub("", " ".join(v["q"].text.split()).casefold())
        if key in cards:
            cards[key]["same"].append(v)
        else:
            cards[key] = {**v, "same": []}
            out.append(cards[key])
    return out


def _telling_pairs(pairs: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split a group's pairs into the few that show what changed and the rest (behind a count).

    Seven outlets carrying one remark make 21 pairs, most of them the same two wordings again:
    shown first are changed-wording pairs, one per distinct pair of wordings, at most
    ``PAIRS_SHOWN``, so a group stays a screen-fraction tall; every pair is still listed.
    """
    shown: list[dict] = []
    seen: set[frozenset[str]] = set()
    for p in sorted(pairs, key=lambda p: _RELATION_RANK.get(p["p"].relation, len(_RELATION_RANK))):
        if len(shown) >= PAIRS_SHOWN or p["p"].relation == "identical" or p["a"]["missing"] or p["b"]["missing"]:
            continue
        key = frozenset((" ".join(p["a"]["q"].text.split()), " ".join(p["b"]["q"].text.split())))
        if key not in seen:
            seen.add(key)
            shown.append(p)
    ids = {id(p) for p in shown}
    return shown, [p for p in pairs if id(p) not in ids]


def _same_mentions(mentions: list[tuple[Col, dict]]) -> list[dict]:
    """A figure group's mentions, one entry per wording and value, with every outlet that used it.

    Ten outlets writing "10" twenty times is one line ("10 = 10 count" and twenty outlet tags,
    each linking to its own sentence), so a figure the outlets agree on stays a line or two tall.
    """
    out: dict[tuple[str, str, str], dict] = {}
    for col, v in mentions:
        key = (" ".join(v["f"].text.split()).casefold(), v["value"], v["f"].unit or "")
        entry = out.setdefault(key, {**v, "col": col, "others": []})
        if entry["id"] != v["id"]:
            entry["others"].append({**v, "col": col})
    return list(out.values())


def _profile_view(story: Story, cols: dict[str, Col]) -> list[dict]:
    """One row per outlet of the story's framing profile, with the outlet's tag and colour."""
    col_of = {c.article.outlet: c for c in cols.values()}  # reports from before profiles listed ids
    rows = []
    for p in story.framing_profile:
        # by the outlet's first article: two "unknown" outlets share a name, never an article
        col = next((cols[a] for a in p.article_ids if a in cols), None) or col_of.get(p.outlet)
        named = [f"{v} ×{n}" if n > 1 else v for v, n in p.non_neutral_verbs.items()]
        # the most used first few in the row (a long list made each row three lines); all in its title
        verbs = ", ".join(named[:PROFILE_VERBS_SHOWN]) + (f" +{len(named) - PROFILE_VERBS_SHOWN}" if len(named) > PROFILE_VERBS_SHOWN else "")
        rows.append(
            {
                "p": p,
                "tag": col.tag if col else p.outlet,
                "colour": col.colour if col else 0,
                "verbs": verbs,
                "all_verbs": ", ".join(named),
            }
        )
    return rows


# --------------------------------------------------------------------------- rendering


def input_name(source_path: str | None) -> str:
    """The input a reader of the web app may see: the file name with its record (``x.jsonl:3``,
    ``crawl.warc.gz#120``), never the server folder it sat in.  (A local report.html keeps the
    whole path: there it is the reader's own file.)
    """
    if not source_path:
        return ""
    return source_path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsprism.report", "templates"),
        autoescape=True,  # every variable is escaped unless it is our own Markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@lru_cache(maxsize=1)
def _assets() -> tuple[Markup, Markup, str]:
    """Our own CSS and JS (the only strings marked safe) and the script's CSP hash."""
    base = resources.files("newsprism.report") / "templates"
    css = (base / "report.css").read_text(encoding="utf-8")
    js = (base / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    return Markup(css), Markup(js), f"'sha256-{digest}'"


def story_views(report: Report) -> list[dict]:
    """The view model of every story in ``report``, as ``_story.html.j2`` renders it.

    Public so the web app's story page renders the very same partial as
    report.html instead of a second copy of it.
    """
    return list(_iter_story_views(report))


def _iter_story_views(report: Report, only: int | None = None) -> Iterator[dict]:
    """Each story's view, built from that story's own quotes, figures and framing.

    Why indexed by article first: scanning every quote of the report once per story made a
    2,000-article batch (320 stories, 43,000 quotes) quadratic.  ``only``: that story alone.
    """
    articles = {a.id: a for a in report.articles}
    quotes: dict[str, dict[str, Quote]] = defaultdict(dict)
    for q in report.quotes:
        quotes[q.article_id][q.id] = q
    figures: dict[str, dict[str, Figure]] = defaultdict(dict)
    for f in report.figures:
        figures[f.article_id][f.id] = f
    framing: dict[str, list[FramingSpan]] = defaultdict(list)
    for fr in report.framing:
        framing[fr.article_id].append(fr)
    for si, story in enumerate(report.stories):
        if only is not None and si != only:
            continue
        aids = [aid for aid in dict.fromkeys(story.article_ids) if aid in articles]
        story_quotes = {qid: q for aid in aids for qid, q in quotes.get(aid, {}).items()}
        story_figures = {fid: f for aid in aids for fid, f in figures.get(aid, {}).items()}
        yield _build_story(si, story, articles, story_quotes, story_figures, framing)


_TEXT_OPEN = '<div class="text">'
_INDENT = re.compile(r">\n[ \t]+<")


def _squeeze(page: str) -> str:
    """Drop the templates' indentation between tags, outside the article texts.

    Why: on a 50-article page it is ~70 kB of the 2 MB budget.  A newline stays, so the layout
    is unchanged (outside ``white-space: pre-wrap`` a run of spaces renders as one); the article
    columns (pre-wrap, every character counts) are left as they are.  Article text is escaped,
    so its own "</div>" can never end a column early.
    """
    out: list[str] = []
    rest = page
    while True:
        k = rest.find(_TEXT_OPEN)
        if k < 0:
            out.append(_INDENT.sub(">\n<", rest))
            return "".join(out)
        end = rest.index("</div>", k)
        out.append(_INDENT.sub(">\n<", rest[:k]))
        out.append(rest[k:end])
        rest = rest[end:]


def _page(report: Report, stories: list[dict], **extra: object) -> str:
    """One self-contained page (report.html.j2) under the strict CSP."""
    css, js, script_hash = _assets()
    csp = (
        "default-src 'none'; "
        "style-src 'unsafe-inline'; "
        f"script-src {script_hash}; "
        "img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    values: dict[str, object] = {
        "report": report,
        "stories": stories,
        "loose": [],
        "rejected": [],
        "css": css,
        "js": js,
        "csp": csp,
        "n_outlets": len({a.outlet_group for a in report.articles}),
        "index": None,
        "home": None,
        "position": None,
    }
    values.update(extra)
    return _squeeze(_env().get_template("report.html.j2").render(**values))


def _loose(report: Report) -> list[dict]:
    in_story = {aid for s in report.stories for aid in s.article_ids}
    return [{"article": a, "href": safe_href(a.url)} for a in report.articles if a.id not in in_story]


def render_report_html(report: Report) -> str:
    """The whole report as one HTML page with no external assets.

    Deterministic: the same report always renders to the same bytes (the
    script is allowed by its hash, not by a random nonce), so pages can be
    cached and diffed.
    """
    return _page(report, story_views(report), loose=_loose(report), rejected=report.rejected)


def story_page_name(story_index: int) -> str:
    """Where a large batch's story page lives, relative to report.html."""
    return f"stories/story-{story_index + 1:04d}.html"


def render_index_html(report: Report) -> str:
    """report.html of a large batch: every story as one line linking to its own page (#17 item 5).

    Why: one page holding 2,000 articles' stories was hundreds of megabytes and took longer to
    render than the analysis; a reader opens one story at a time anyway.
    """
    articles = {a.id: a for a in report.articles}
    index = []
    for si, story in enumerate(report.stories):
        arts = [articles[aid] for aid in dict.fromkeys(story.article_ids) if aid in articles]
        index.append(
            {
                "title": story.title,
                "href": story_page_name(si),
                "reports": len(arts),
                "outlets": len({a.outlet_group for a in arts}),
                "dates": _date_span(arts),
                "quote_groups": len(story.quote_groups),
                "conflicts": sum(g.status == "conflict" for g in story.figure_groups),
            }
        )
    index.sort(key=lambda it: -int(it["reports"]))  # stable: the report's order among equals
    return _page(report, [], index=index, loose=_loose(report), rejected=report.rejected)


def render_story_pages(report: Report) -> Iterator[tuple[str, str]]:
    """Each story as its own self-contained page: (path relative to report.html, html).

    A generator, so a large batch holds one story's page in memory at a time.
    """
    n = len(report.stories)
    for view in _iter_story_views(report):
        si = int(view["dom"][1:])
        yield story_page_name(si), _page(report, [view], home="../report.html", position=(si + 1, n))
