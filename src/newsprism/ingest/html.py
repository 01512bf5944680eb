"""HTML pages -> Article via trafilatura (main text + title, date, author, site name).

trafilatura is the best-measured extractor available here (F1 0.960 on the
Scrapinghub benchmark, see bench/extraction.py); newsprism adds its own debris
cleaning on top (clean.py) because extractors still leave lines such as
"Advertisement" in a share of pages.  The same :func:`html_to_article` serves
HTML files and WARC records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsprism.ingest.article import (
    IngestError,
    build_article,
    iso_date,
    one_line,
    published_or_warning,
    read_capped,
)
from newsprism.ingest.text import decode_bytes, read_sidecar
from newsprism.model import Article, Rejection

# Options passed to trafilatura.  favor_precision: newsprism would rather miss
# a paragraph than analyse a "related stories" teaser as part of the article
# (bench/extraction.py measures both settings).
TRAFILATURA_OPTIONS: dict[str, object] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
}

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass
class Extracted:
    """What trafilatura found on a page."""

    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset named by an HTTP Content-Type header or a <meta> tag in the first 4 KB."""
    if content_type:
        m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
        if m:
            return m.group(1)
    m = _META_CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _clean_meta(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    s = " ".join(value.split())
    return s or None


def extract_html(html: str | bytes, url: str | None = None, content_type: str | None = None) -> Extracted:
    """Main text and metadata of one HTML page; raises IngestError (one-line reason) if there is none."""
    if isinstance(html, bytes):
        html = decode_bytes(html, declared_charset(html, content_type), html=True)
    if not html.strip():
        raise IngestError("empty HTML page")
    # Imported on the first page, not with the module: trafilatura and what it pulls in cost
    # ~0.1 s of every start, and a batch of plain-text or JSON articles never needs it.
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise IngestError("unparseable HTML")
    try:
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **TRAFILATURA_OPTIONS)
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise IngestError(one_line(f"HTML extraction failed: {type(exc).__name__}: {exc}")) from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise IngestError("no main text found in HTML page")
    return Extracted(
        text=text,
        title=_clean_meta(doc.title),
        published=iso_date(doc.date),
        author=_clean_meta(doc.author),
        sitename=_clean_meta(doc.sitename),
        url=url or _clean_meta(doc.url),
    )


def html_to_article(
    html: str | bytes,
    *,
    source_path: str,
    url: str | None = None,
    content_type: str | None = None,
    fallback_published: str | None = None,
    outlet: str | None = None,
) -> Article | Rejection:
    """One HTML page -> Article.  ``fallback_published``: e.g. the WARC crawl date.

    ``outlet``: what a sidecar calls the outlet; the page's site name and URL resolve it too
    (``build_article``).  A page naming nothing is an "unknown" outlet of its own.
    """
    try:
        ex = extract_html(html, url=url, content_type=content_type)
    except IngestError as exc:
        return Rejection(source_path=source_path, reason=str(exc))
    return build_article(
        ex.text,
        source_path=source_path,
        outlet=outlet,
        site_name=ex.sitename,
        title=ex.title,
        url=ex.url,
        published=ex.published or fallback_published,
        author=ex.author,
    )


def read_html_file(path: str | Path, data: bytes | None = None) -> Article | Rejection:
    """An HTML file -> Article, with a sidecar's outlet, URL, author and date where it has them."""
    path = Path(path)
    try:
        if data is None:
            data = read_capped(path)
        meta = read_sidecar(path)
    except OSError as exc:
        return Rejection(source_path=str(path), reason=f"unreadable: {exc.strerror or exc}")
    except IngestError as exc:
        return Rejection(source_path=str(path), reason=str(exc))
    result = html_to_article(data, source_path=str(path), url=meta.get("url"), outlet=meta.get("outlet"))
    if isinstance(result, Article) and meta:
        update = {k: meta[k] for k in ("author",) if k in meta}
        if "published" in meta:
            update["published"], warnings = published_or_warning(meta["published"])
            update["warnings"] = [*result.warnings, *warnings]
        result = result.model_copy(update=update)
    return result
