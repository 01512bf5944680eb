"""Render a Report as self-contained HTML pages: one page, or for a large batch an index page
plus a page per story (#17 item 5).  The story view model is in ``report.story_view``, the
highlighting of article text in ``report.marks``; this module turns them into pages.

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
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup

from newsprism.model import Report
from newsprism.report.marks import (
    Mark,
    Piece,
    _date_span,
    _fmt_value,
    _outlet_tag,
    safe_href,
    segment,
    span_dom_id,
)
from newsprism.report.story_view import _iter_story_views, story_views

__all__ = [
    "Mark",
    "Piece",
    "_fmt_value",
    "_outlet_tag",
    "render_index_html",
    "render_report_html",
    "render_story_pages",
    "safe_href",
    "segment",
    "span_dom_id",
    "story_page_name",
    "story_views",
]

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
