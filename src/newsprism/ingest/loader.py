"""``load_paths``: files and folders in, cleaned English Articles and Rejections out.

Order of work (each step explains a choice):

1. expand directories recursively, sorted, skipping hidden files and
   ``*.meta.json`` sidecars, so that a run is deterministic;
2. dispatch each file on its *content* first and its extension second (a
   ``.txt`` holding HTML is read as HTML; ``.gz`` is opened to see whether it
   is a WARC or a gzipped page);
3. drop exact duplicates (same cleaned-text id) *before* looking for
   boilerplate, so three copies of one article do not make all its lines look
   like boilerplate;
4. per outlet, remove lines shared by >= 3 of its articles
   (:func:`newsprism.ingest.clean.find_boilerplate`), re-id, and de-duplicate
   again (two copies may differ only in boilerplate).
"""

from __future__ import annotations

import gzip
import json
import logging
import multiprocessing
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from newsprism.ingest.article import MAX_INPUT_BYTES, IngestError, too_large
from newsprism.ingest.clean import find_boilerplate, normalize_line, reclean
from newsprism.ingest.html import read_html_file
from newsprism.ingest.jsonl import iter_json, iter_jsonl
from newsprism.ingest.text import read_text_file
from newsprism.ingest.warc import WHOLE_FILE, Span, WarcStats, iter_warc, warc_splits
from newsprism.model import Article, Rejection, article_id_for

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_HTML_SNIFF_RE = re.compile(rb"<(!doctype\s+html|html|head|body|meta\s|title>|article|div|p>)", re.IGNORECASE)
_HTML_STRONG_RE = re.compile(rb"<(!doctype\s+html|html[\s>]|head>|body[\s>])", re.IGNORECASE)


def _suffixes(path: Path) -> str:
    return "".join(path.suffixes[-2:]).lower() if len(path.suffixes) >= 2 else path.suffix.lower()


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejection]]:
    """Files named directly, and every non-hidden file under named directories, sorted."""
    files: list[Path] = []
    missing: list[Rejection] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel) and not f.name.endswith(".meta.json"):
                    files.append(f)
        elif p.is_file():
            files.append(p)
        else:
            missing.append(Rejection(source_path=str(p), reason="no such file or directory"))
    return files, missing


def sniff_kind(head: bytes, suffix: str) -> str:
    """"text" | "html" | "jsonl" | "json" | "warc" | "gzip" from the first bytes, falling back on the suffix."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _HTML_STRONG_RE.search(head[:4096]):
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".json":
        return "json"
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0].strip()
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    if suffix in HTML_SUFFIXES:
        # an .html file with no HTML tags at all is text saved under the wrong name
        return "html" if _HTML_SNIFF_RE.search(head) else "text"
    return "text"


def _gunzip_capped(path: Path) -> bytes:
    with gzip.open(path, "rb") as fh:
        data = fh.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise IngestError(too_large(len(data)) + " once decompressed")
    return data


def _is_warc(path: Path, head: bytes) -> bool:
    kind = sniff_kind(head, path.suffix.lower())
    if kind == "gzip":
        return _suffixes(path) == ".warc.gz" or _gz_head(path).startswith(b"WARC/")
    return kind == "warc"


def path_splits(path: Path, records_per_split: int = 128) -> list[Span]:
    """The spans :func:`read_path` can read one at a time: several for a large WARC, else the whole file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError:
        return [WHOLE_FILE]  # read_path reports it
    return warc_splits(path, records_per_split) if _is_warc(path, head) else [WHOLE_FILE]


def read_path(path: Path, warc_stats: WarcStats | None = None, span: Span = WHOLE_FILE) -> Iterator[Article | Rejection]:
    """Articles and Rejections of one file, whatever its format (``span``: one of :func:`path_splits`)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        yield Rejection(source_path=str(path), reason=f"unreadable: {exc.strerror or exc}")
        return
    if _is_warc(path, head):
        yield from iter_warc(path, warc_stats, span)
        return
    suffix = path.suffix.lower()
    kind = sniff_kind(head, suffix)
    if kind == "gzip":
        try:
            data = _gunzip_capped(path)
        except IngestError as exc:
            yield Rejection(source_path=str(path), reason=str(exc))
            return
        except (OSError, EOFError, zlib.error) as exc:
            yield Rejection(source_path=str(path), reason=f"broken gzip file ({exc})")
            return
        inner = Path(path.name[:-3]).suffix.lower() if path.name.lower().endswith(".gz") else ""
        inner_kind = sniff_kind(data[:8192], inner)
        if inner_kind == "html":
            yield read_html_file(path, data)
        elif inner_kind in ("text", "gzip"):
            yield read_text_file(path, data)
        else:
            yield Rejection(source_path=str(path), reason=f"gzipped {inner_kind} is not supported; decompress it first")
        return
    if kind == "jsonl":
        yield from iter_jsonl(path)
    elif kind == "json":
        yield from iter_json(path)
    elif kind == "html":
        yield read_html_file(path)
    else:
        yield read_text_file(path)


def _gz_head(path: Path) -> bytes:
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read(16)
    except (OSError, EOFError, zlib.error):
        return b""


def _dedupe(items: list[Article], rejected: list[Rejection]) -> list[Article]:
    first: dict[str, str] = {}
    kept = []
    for art in items:
        if art.id in first:
            rejected.append(Rejection(source_path=art.source_path or "?", reason=f"duplicate of {first[art.id]}"))
            continue
        first[art.id] = art.source_path or "?"
        kept.append(art)
    return kept


def apply_boilerplate(articles: list[Article]) -> tuple[list[Article], list[Rejection]]:
    """Per outlet, strip lines that >= 3 of its articles share; an article left empty is rejected."""
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for art in articles:
        by_outlet[art.outlet].append(art)
    boiler = {outlet: find_boilerplate(group) for outlet, group in by_outlet.items()}
    out: list[Article] = []
    rejected: list[Rejection] = []
    for art in articles:
        lines = boiler[art.outlet]
        if lines and any(normalize_line(ln) in lines for ln in art.raw_text.splitlines()):
            art = reclean(art, lines)
            if not art.text.strip():
                rejected.append(Rejection(source_path=art.source_path or "?", reason="only outlet boilerplate lines"))
                continue
            art = art.model_copy(update={"id": article_id_for(art.text)})
        out.append(art)
    return out, rejected


# Below this many files (and with no WARC to cut into spans) a read pool's start-up (a second or two
# to import the extractors in each process) costs more than it saves.
MIN_FILES_FOR_POOL = 200


def _read_span(job: tuple[str, Span]) -> tuple[list[Article | Rejection], WarcStats]:
    """Pool entry point: one file span, read whole (returns plain picklable results)."""
    path, span = job
    stats = WarcStats()
    return list(read_path(Path(path), stats, span)), stats


def _read_all(files: list[Path], workers: int, records_per_split: int) -> Iterator[tuple[list[Article | Rejection], WarcStats]]:
    """Each file (or WARC span) read, in load order; over a process pool when that pays."""
    if workers <= 1:
        for f in files:
            yield _read_span((str(f), WHOLE_FILE))
        return
    jobs = [(str(f), span) for f in files for span in path_splits(f, records_per_split)]
    if len(jobs) == len(files) and len(files) < MIN_FILES_FOR_POOL:
        yield from map(_read_span, jobs)
        return
    ctx = multiprocessing.get_context("spawn")  # as the analysis pool: no forked parent state
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [pool.submit(_read_span, job) for job in jobs]
        for (path, span), future in zip(jobs, futures, strict=True):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a crashed reader loses its span only, named
                where = path if span == WHOLE_FILE else f"{path}#{span[0]}"
                reason = f"reading failed: {type(exc).__name__}: {exc}".splitlines()[0]
                yield [Rejection(source_path=where, reason=reason)], WarcStats()


def load_paths(
    paths: Iterable[str | Path], workers: int = 1, records_per_split: int = 128
) -> tuple[list[Article], list[Rejection]]:
    """Read every file under ``paths``; cleaned, de-duplicated English Articles and the Rejections.

    ``workers`` > 1 reads files, and spans of large WARC files (:func:`path_splits`), in parallel
    processes: HTML extraction runs at ~15-40 pages/s per core, so a crawl read on one core would
    keep the analysis waiting.  The result is the same, in the same order, as a serial read.
    """
    if isinstance(paths, str | Path):  # one path, not an iterable of characters
        paths = [paths]
    files, rejected = expand_paths(paths)
    articles: list[Article] = []
    stats = WarcStats()
    for items, span_stats in _read_all(files, workers, records_per_split):
        stats.add(span_stats)
        for item in items:
            (articles if isinstance(item, Article) else rejected).append(item)
    if stats.records:
        log.info("WARC records: %d, HTML responses: %d, articles: %d, skipped: %s",
                 stats.records, stats.html_responses, stats.articles, dict(stats.skipped))
    articles = _dedupe(articles, rejected)
    articles, empty = apply_boilerplate(articles)
    rejected.extend(empty)
    articles = _dedupe(articles, rejected)
    return articles, rejected
