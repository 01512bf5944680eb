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

import errno
import gzip
import json
import logging
import multiprocessing
import os
import re
import stat
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from newsprism.ingest.article import MAX_INPUT_BYTES, IngestError
from newsprism.ingest.clean import find_boilerplate, normalize_line, reclean
from newsprism.ingest.html import read_html_file
from newsprism.ingest.jsonl import iter_json, iter_jsonl
from newsprism.ingest.text import read_text_file
from newsprism.ingest.warc import WHOLE_FILE, Span, WarcStats, iter_warc, nothing_read_reason, warc_splits
from newsprism.model import Article, Rejection, article_id_for
from newsprism.workers import exit_with_parent

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_HTML_SNIFF_RE = re.compile(rb"<(!doctype\s+html|html|head|body|meta\s|title>|article|div|p>)", re.IGNORECASE)
_HTML_STRONG_RE = re.compile(rb"<(!doctype\s+html|html[\s>]|head>|body[\s>])", re.IGNORECASE)


def _suffixes(path: Path) -> str:
    return "".join(path.suffixes[-2:]).lower() if len(path.suffixes) >= 2 else path.suffix.lower()


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as an input file, or None if it is a regular file.

    Checked with ``stat`` (never by opening: opening a FIFO would block the whole batch).
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno == errno.ENOENT:
            return "broken symbolic link" if path.is_symlink() else "no such file or directory"
        return f"unreadable: {exc.strerror or exc}"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = "FIFO (named pipe)" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
    return f"not a regular file: a {kind}"


def _hidden_or_sidecar(name: str) -> bool:
    return name.startswith(".") or name.endswith(".meta.json")


def _walk(root: Path, files: list[Path], rejected: list[Rejection]) -> None:
    """Every non-hidden input file under ``root``, sorted; unreadable folders and odd files named."""

    def unreadable(exc: OSError) -> None:
        where = exc.filename or str(root)
        rejected.append(Rejection(source_path=str(where), reason=f"unreadable directory: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if _hidden_or_sidecar(name):
                continue
            f = Path(dirpath, name)
            reason = _not_a_file(f)
            if reason is None:
                files.append(f)
            else:
                rejected.append(Rejection(source_path=str(f), reason=reason))


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejection]]:
    """Files named directly, and every non-hidden file under named directories, sorted.

    Whatever cannot be read is named with its reason (missing, a symlink loop, a FIFO, a folder
    without read or search permission) and the rest goes on: one bad path never refuses the batch.
    """
    files: list[Path] = []
    rejected: list[Rejection] = []
    for p in paths:
        p = Path(p)
        reason = _not_a_file(p)
        if reason is not None:
            rejected.append(Rejection(source_path=str(p), reason=reason))
        elif p.is_dir():
            start = len(files)
            _walk(p, files, rejected)
            files[start:] = sorted(files[start:])
        else:
            files.append(p)
    return files, rejected


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
    """The decompressed bytes, reading no more than the per-document cap (a gzip bomb stops there)."""
    with gzip.open(path, "rb") as fh:
        data = fh.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise IngestError(_gzip_too_large(path))
    return data


def _gzip_too_large(path: Path) -> str:
    """The reason for a gzip file over the cap, with its real size when the gzip trailer tells it.

    The trailer's ISIZE field holds the decompressed size (mod 4 GB) of the last member: read
    from the file's last 4 bytes, it names the size without decompressing the rest.
    """
    cap = MAX_INPUT_BYTES // 1048576
    try:
        with path.open("rb") as fh:
            fh.seek(-4, os.SEEK_END)
            isize = int.from_bytes(fh.read(4), "little")
    except OSError:
        isize = 0
    if isize > MAX_INPUT_BYTES:
        return f"too large once decompressed ({isize / 1048576:.1f} MB; the cap is {cap} MB per document)"
    return f"too large once decompressed (over the cap of {cap} MB per document)"


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


# Headlines of pages that share one text are about one event when their content words overlap at
# least this much (Jaccard, median over pairs of distinct headlines).  Measured on the gva dev set's
# 43 groups of identical texts: wire copies re-headlined by another station overlap 0.29-1.00 and
# are one incident; texts that are a sign-in wall, an e-mail alert form or a Twitter widget
# ("Close Get email notifications on ... daily!") under unrelated headlines overlap 0.00-0.17.
# Only groups below this line reach :func:`headline_fits_text`, which keeps a page whose headline
# the text bears out, so a higher line costs no real article.  Pages rejected as furniture and
# articles kept, per line (newscluster / gva; ECB+ and allsides have no such group): 0.10 and 0.18:
# 2 / 66; 0.22 to 0.70: 2 / 71, the same pages.  0.45 is the middle of that plateau.
SAME_HEADLINE_OVERLAP = 0.45
_HEADLINE_WORD = re.compile(r"[^\W\d_]{3,}")
# Function words of three letters or more that headlines share whatever they report (the loader
# does not import the story grouper's stop-word list: that package loads MinHash and numpy).
_HEADLINE_STOP = frozenset(
    "the and for with from after over into about amid are was were has have had will not but who what "
    "when where this that its their his her says said new news".split()
)


def _headline_words(title: str) -> frozenset[str]:
    return frozenset(w for w in _HEADLINE_WORD.findall(title.lower()) if w not in _HEADLINE_STOP)


def text_is_not_theirs(titles: Iterable[str | None]) -> bool:
    """Whether pages sharing one exact text are different articles whose extraction found page chrome.

    Why: the article id is a hash of the cleaned text, so pages whose extracted text is a sign-in
    wall or a widget all get one id, and de-duplication kept the first as an "article" (its
    text is the wall) and dropped the rest as its copies: 32 reports of 29 different shootings
    became one story on the gva dev set.  A copy re-published under the same or a similar
    headline is a copy; the same text under headlines that share almost no words is not the
    text of any of them.  Pages without a headline do not vote.
    """
    heads = list(dict.fromkeys(w for w in (_headline_words(t) for t in titles if t) if w))
    if len(heads) < 2:
        return False
    overlaps = sorted(len(a & b) / len(a | b) for i, a in enumerate(heads) for b in heads[:i])
    return overlaps[len(overlaps) // 2] < SAME_HEADLINE_OVERLAP


def headline_fits_text(title: str | None, text_words: frozenset[str]) -> bool:
    """Whether at least half of a headline's content words occur in the text (by their first five letters).

    ``text_words``: the text's words cut to five letters (:func:`_word_starts`), computed once for
    the pages that share the text.

    Why: of pages that share one text under unrelated headlines, the one whose headline the text
    bears out is that text's own page ("Council approves new budget" over a report of the vote);
    a headline the text never echoes is not its page ("Atlanta News: 4 shot in northwest" over a
    sign-in wall).
    """
    words = _headline_words(title or "")
    return bool(words) and sum(w[:5] in text_words for w in words) * 2 >= len(words)


def _word_starts(text: str) -> frozenset[str]:
    return frozenset(w[:5] for w in _HEADLINE_WORD.findall(text.lower()))


def same_text_rejections(group: list[Article]) -> list[Rejection | None]:
    """De-duplication of the articles that share one id (one text), in load order.

    One entry per article: None for the one that stays, else its Rejection.  Normally the first
    stays and later copies are its duplicates.  When the headlines are unrelated
    (:func:`text_is_not_theirs`), the first page whose headline the text bears out
    (:func:`headline_fits_text`) stays and the others are its duplicates (a copy under a wrong
    headline loses nothing); when no headline fits, the text is page furniture and every page
    is rejected, naming another page that carries it.  Shared by the loader and the Spark job so
    that both decide alike.
    """
    keep = 0
    if len(group) > 1 and text_is_not_theirs(a.title for a in group):
        text_words = _word_starts(group[0].text)  # one text: the group shares its id
        own = [i for i, a in enumerate(group) if headline_fits_text(a.title, text_words)]
        if not own:
            out: list[Rejection | None] = []
            for i, art in enumerate(group):
                other = group[1 if i == 0 else 0].source_path or "?"
                reason = (f"text is page furniture, not an article: {len(group)} pages with unrelated headlines "
                          f"carry the same text (also {other})")
                out.append(Rejection(source_path=art.source_path or "?", reason=reason))
            return out
        keep = own[0]
    first = group[keep].source_path or "?"
    return [None if i == keep else Rejection(source_path=a.source_path or "?", reason=f"duplicate of {first}")
            for i, a in enumerate(group)]


def _dedupe(items: list[Article], rejected: list[Rejection]) -> list[Article]:
    groups: dict[str, list[Article]] = defaultdict(list)
    for art in items:
        groups[art.id].append(art)
    verdict = {id(a): r for g in groups.values() for a, r in zip(g, same_text_rejections(g), strict=True)}
    kept = []
    for art in items:
        r = verdict[id(art)]
        if r is None:
            kept.append(art)
        else:
            rejected.append(r)
    return kept


def apply_boilerplate(articles: list[Article]) -> tuple[list[Article], list[Rejection]]:
    """Per outlet, strip lines that >= 3 of its articles share; an article left empty is rejected.

    Grouped by ``outlet_group`` (the publisher key): "NYTimes" and "nytimes.com" are one outlet,
    and each unnamed record is its own, so a real sentence that unrelated unknown-outlet records
    happen to share ("She was 85.") is never taken for boilerplate.
    """
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for art in articles:
        by_outlet[art.outlet_group].append(art)
    boiler = {outlet: find_boilerplate(group) for outlet, group in by_outlet.items()}
    out: list[Article] = []
    rejected: list[Rejection] = []
    for art in articles:
        lines = boiler[art.outlet_group]
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


def _read_all(
    files: list[Path], workers: int, records_per_split: int
) -> Iterator[tuple[str, list[Article | Rejection], WarcStats]]:
    """Each file (or WARC span) read, in load order, with its path; over a process pool when that pays."""
    if workers <= 1:
        for f in files:
            yield (str(f), *_read_span((str(f), WHOLE_FILE)))
        return
    jobs = [(str(f), span) for f in files for span in path_splits(f, records_per_split)]
    if len(jobs) == len(files) and len(files) < MIN_FILES_FOR_POOL:
        for job in jobs:
            yield (job[0], *_read_span(job))
        return
    ctx = multiprocessing.get_context("spawn")  # as the analysis pool: no forked parent state
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(_read_span, job) for job in jobs]
        for (path, span), future in zip(jobs, futures, strict=True):
            try:
                yield (path, *future.result())
            except Exception as exc:  # noqa: BLE001 - a crashed reader loses its span only, named
                where = path if span == WHOLE_FILE else f"{path}#{span[0]}"
                reason = f"reading failed: {type(exc).__name__}: {exc}".splitlines()[0]
                yield path, [Rejection(source_path=where, reason=reason)], WarcStats()


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
    per_file: dict[str, tuple[int, WarcStats]] = {}  # path -> (items read, its WARC counts)
    for path, items, span_stats in _read_all(files, workers, records_per_split):
        stats.add(span_stats)
        n, file_stats = per_file.get(path, (0, WarcStats()))
        file_stats.add(span_stats)
        per_file[path] = (n + len(items), file_stats)
        for item in items:
            (articles if isinstance(item, Article) else rejected).append(item)
    for path, (n, file_stats) in per_file.items():
        if n == 0:  # nothing read and nothing wrong said: name the file and what it held
            rejected.append(Rejection(source_path=path, reason=nothing_read_reason(file_stats)))
    if stats.records:
        log.info("WARC records: %d, HTML responses: %d, articles: %d, skipped: %s",
                 stats.records, stats.html_responses, stats.articles, dict(stats.skipped))
    articles = _dedupe(articles, rejected)
    articles, empty = apply_boilerplate(articles)
    rejected.extend(empty)
    articles = _dedupe(articles, rejected)
    return articles, rejected
