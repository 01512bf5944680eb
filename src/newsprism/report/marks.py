"""Highlighting for the report pages: marks on article text, their ids, and small formatters.

Split from ``newsprism.report.html`` (#17): the text of an article with its quotes, figures and
framing spans as nested elements (``segment``), the element ids links point at
(``span_dom_id``), and the outlet tags and value formats every part of the page shares.
Everything here returns plain strings or data; escaping happens in the templates (autoescape).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from newsprism.model import (
    UNKNOWN_OUTLET,
    UNKNOWN_OUTLET_PREFIX,
    ReportArticle,
    Span,
)

# Marks nothing links to (speaker mentions, attribution cues, "via" phrases): they get no id,
# which keeps a 50-article page under its 2 MB budget; the script lights split ranges by data-k.
_UNLINKED_MARKS = frozenset({"spk", "cue", "via-m"})

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


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


