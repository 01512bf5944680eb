"""WARC / WARC.gz crawls -> Articles, via fastwarc (the fast reader; warcio is only used to write test fixtures).

Only HTTP ``response`` records with an HTML content type are articles; they go
through the same :func:`newsprism.ingest.html.html_to_article` as HTML files,
with ``WARC-Target-URI`` as the URL and ``WARC-Date`` (the crawl date) as the
published date when the page itself names none.  Everything else in a crawl
(requests, images, scripts, redirects) is skipped and *counted* in
:class:`WarcStats` rather than reported one Rejection per image; broken records
(truncated, no HTTP headers, undecodable) and pages without main text are
Rejections named ``file#record-offset``.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from newsprism.ingest.article import MAX_INPUT_BYTES, iso_date, one_line, too_large
from newsprism.ingest.html import html_to_article
from newsprism.model import Article, Rejection

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class WarcStats:
    """What a pass over a WARC file saw: counts, and skip/rejection reasons with their counts."""

    records: int = 0
    html_responses: int = 0
    articles: int = 0
    rejected: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    rejections: Counter[str] = field(default_factory=Counter)


def _decode_content_encoding(body: bytes, encoding: str | None) -> bytes:
    """Undo an HTTP Content-Encoding some crawlers store as sent (gzip/deflate)."""
    enc = (encoding or "").strip().lower()
    if enc in ("", "identity"):
        return body
    if enc in ("gzip", "x-gzip"):
        return zlib.decompress(body, 16 + zlib.MAX_WBITS)
    if enc == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)
    raise ValueError(f"unsupported Content-Encoding {enc}")


def iter_warc(path: str | Path, stats: WarcStats | None = None) -> Iterator[Article | Rejection]:
    """Articles (and Rejections for broken HTML records) of one WARC or WARC.gz file, in file order.

    Pass a :class:`WarcStats` to learn what was skipped and why.
    """
    path = Path(path)
    stats = stats if stats is not None else WarcStats()

    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Rejection(source_path=str(path), reason=f"unreadable: {exc.strerror or exc}")
        return
    offset = 0
    with fh:
        records = iter(ArchiveIterator(fh, parse_http=True))
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # fastwarc raises on garbage and corrupt gzip members
                if stats.records == 0:
                    yield Rejection(source_path=str(path), reason=one_line(f"not a WARC file ({exc})"))
                else:
                    yield _reject(stats, path, offset, f"unreadable WARC data after this record ({type(exc).__name__}: {exc})")
                return
            offset = record.stream_pos
            stats.records += 1
            item = _record_to_item(record, path, offset, stats)
            if item is not None:
                yield item
    if stats.records == 0:
        yield Rejection(source_path=str(path), reason="no WARC records (empty or not a WARC file)")


def _reject(stats: WarcStats, path: Path, offset: int, reason: str) -> Rejection:
    stats.rejected += 1
    stats.rejections[reason.split(" (")[0]] += 1
    return Rejection(source_path=f"{path}#{offset}", reason=one_line(reason))


def _record_to_item(record: WarcRecord, path: Path, offset: int, stats: WarcStats) -> Article | Rejection | None:
    """One WARC record -> Article, Rejection, or None (skipped and counted)."""
    if record.record_type != WarcRecordType.response:
        stats.skipped[f"{record.record_type!s} record"] += 1
        return None
    http = record.http_headers
    if http is None:
        return _reject(stats, path, offset, "broken WARC record (no HTTP headers; truncated?)")
    status = http.status_code or 0
    if not 200 <= status < 300:
        stats.skipped[f"HTTP status {status}"] += 1
        return None
    content_type = http.get("Content-Type") or ""
    mime = content_type.split(";")[0].strip().lower()
    if mime not in HTML_TYPES:
        stats.skipped[f"non-HTML response ({mime or 'no content type'})"] += 1
        return None
    stats.html_responses += 1
    expected = record.content_length
    if expected > MAX_INPUT_BYTES:
        return _reject(stats, path, offset, too_large(expected))
    try:
        body = record.reader.read()
    except Exception as exc:  # corrupt compressed member inside the record
        return _reject(stats, path, offset, f"unreadable WARC record ({type(exc).__name__}: {exc})")
    if len(body) < expected:
        return _reject(stats, path, offset, f"truncated WARC record ({len(body)} of {expected} bytes)")
    try:
        body = _decode_content_encoding(body, http.get("Content-Encoding"))
    except (ValueError, zlib.error) as exc:
        return _reject(stats, path, offset, f"undecodable HTTP body ({exc})")
    result = html_to_article(
        body,
        source_path=f"{path}#{offset}",
        url=record.headers.get("WARC-Target-URI") or None,
        content_type=content_type,
        fallback_published=iso_date(record.headers.get("WARC-Date")),
    )
    if isinstance(result, Rejection):
        stats.rejected += 1
        stats.rejections[result.reason.split(" (")[0]] += 1
    else:
        stats.articles += 1
    return result
