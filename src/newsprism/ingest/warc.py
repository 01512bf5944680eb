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

import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

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

    def add(self, other: WarcStats) -> None:
        """Fold in the counts of another pass (another file, or another span of this one)."""
        self.records += other.records
        self.html_responses += other.html_responses
        self.articles += other.articles
        self.rejected += other.rejected
        self.skipped.update(other.skipped)
        self.rejections.update(other.rejections)


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


def nothing_read_reason(stats: WarcStats) -> str:
    """Why a WARC file gave no article and no rejection: what its records were (one line)."""
    if not stats.records:
        return "no WARC records (empty or not a WARC file)"
    seen = ", ".join(f"{n} {what}" for what, n in stats.skipped.most_common(4))
    return f"no HTML page in this WARC ({stats.records} records: {seen or 'none readable'})"


Span = tuple[int, int | None]  # [start, end) byte offsets of whole records; end None = to the end
WHOLE_FILE: Span = (0, None)


def iter_warc(path: str | Path, stats: WarcStats | None = None, span: Span = WHOLE_FILE) -> Iterator[Article | Rejection]:
    """Articles (and Rejections for broken HTML records) of one WARC or WARC.gz file, in file order.

    Pass a :class:`WarcStats` to learn what was skipped and why.  ``span`` limits the pass to the
    records that start in [start, end) (one of :func:`warc_splits`): a distributed reader gives
    each task one span of a large file.
    """
    path = Path(path)
    stats = stats if stats is not None else WarcStats()
    start, end = span
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Rejection(source_path=str(path), reason=f"unreadable: {exc.strerror or exc}")
        return
    offset = start
    seen = 0
    with fh:
        fh.seek(start)
        records = iter(ArchiveIterator(fh, parse_http=True))
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # fastwarc raises on garbage and corrupt gzip members
                if seen == 0 and start == 0:
                    yield Rejection(source_path=str(path), reason=one_line(f"not a WARC file ({exc})"))
                else:
                    yield _reject(stats, path, offset, f"unreadable WARC data after this record ({type(exc).__name__}: {exc})")
                return
            offset = record.stream_pos  # absolute: fastwarc counts from the file's start, also after a seek
            if end is not None and offset >= end:
                break
            seen += 1
            stats.records += 1
            item = _record_to_item(record, path, offset, stats)
            if item is not None:
                yield item
    if seen == 0 and start == 0:
        yield Rejection(source_path=str(path), reason="no WARC records (empty or not a WARC file)")


def warc_splits(path: str | Path, records_per_split: int = 128) -> list[Span]:
    """Byte ranges of ``records_per_split`` whole records each, covering the file.

    Why: one task per file leaves a cluster's cores idle when a crawl comes as a few large files
    (a CC-News WARC holds tens of thousands of records); HTML extraction is the costly part of
    reading, so it is spread over spans instead.  The scan only decompresses and reads WARC
    headers (no HTTP parsing, no bodies).  A span may start only where a record starts its own
    gzip member (the WARC.gz convention, one member per record) or, uncompressed, at ``WARC/``;
    a file that breaks that rule, or that fastwarc cannot scan, is one span: it is still read
    whole, by :func:`iter_warc`, which reports what is wrong with it.
    """
    path = Path(path)
    starts: list[int] = []
    try:
        with path.open("rb") as fh:
            for i, record in enumerate(ArchiveIterator(fh, parse_http=False)):
                if i % records_per_split == 0:
                    starts.append(record.stream_pos)
            if len(starts) <= 1:
                return [WHOLE_FILE]
            gz = _is_gzip(fh)
            for pos in starts[1:]:
                fh.seek(pos)
                head = fh.read(5)
                if not (head.startswith(b"\x1f\x8b") if gz else head == b"WARC/"):
                    return [WHOLE_FILE]
    except Exception:  # noqa: BLE001 - whatever the scan trips on, the whole-file read reports it
        return [WHOLE_FILE]
    bounds = [0, *starts[1:]]
    return [(a, b) for a, b in zip(bounds, [*starts[1:], None], strict=True)]


def _is_gzip(fh: BinaryIO) -> bool:
    fh.seek(0)
    return fh.read(2) == b"\x1f\x8b"


def _reject(stats: WarcStats, path: Path, offset: int, reason: str) -> Rejection:
    stats.rejected += 1
    stats.rejections[reason.split(" (")[0]] += 1
    return Rejection(source_path=f"{path}#{offset}", reason=one_line(reason))


_HTML_START_RE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.DOTALL)


def _skip(stats: WarcStats, path: Path, offset: int, record: WarcRecord, what: str) -> Rejection | None:
    """Count a record that is not an article, unless the file ends inside it (then say so).

    Its body is read to its end: only the last record of a cut file can be incomplete, and a
    crawl cut short must be named even when the cut falls in an image rather than a page.
    """
    n = 0
    try:
        while chunk := record.reader.read(1 << 16):
            n += len(chunk)
    except Exception as exc:  # noqa: BLE001 - corrupt compressed data inside the record
        return _reject(stats, path, offset, f"unreadable WARC record ({type(exc).__name__}: {exc})")
    if n < record.content_length:
        return _reject(stats, path, offset, f"truncated WARC: the file ends inside a {what} ({n} of {record.content_length} bytes)")
    stats.skipped[what] += 1
    return None


def _record_to_item(record: WarcRecord, path: Path, offset: int, stats: WarcStats) -> Article | Rejection | None:
    """One WARC record -> Article, Rejection, or None (skipped and counted)."""
    if record.record_type != WarcRecordType.response:
        return _skip(stats, path, offset, record, f"{record.record_type!s} record")
    http = record.http_headers
    if http is None:
        return _reject(stats, path, offset, "broken WARC record (no HTTP headers; truncated?)")
    status = http.status_code or 0
    if not 200 <= status < 300:
        return _skip(stats, path, offset, record, f"HTTP status {status}")
    content_type = http.get("Content-Type") or ""
    mime = content_type.split(";")[0].strip().lower()
    sniffed = b""
    if not mime:  # servers omit it; a page that starts like HTML is read as one
        sniffed = record.reader.read(1024)
        if _HTML_START_RE.match(sniffed):
            mime = "text/html"
    if mime not in HTML_TYPES:
        return _skip(stats, path, offset, record, f"non-HTML response ({mime or 'no content type'})")
    stats.html_responses += 1
    expected = record.content_length
    if expected > MAX_INPUT_BYTES:
        return _reject(stats, path, offset, too_large(expected))
    try:
        body = sniffed + record.reader.read()
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
