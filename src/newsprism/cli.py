"""The command line: ``newsprism analyze PATH... --out DIR`` and friends."""

from __future__ import annotations

import contextlib
import enum
import errno
import json
import os
import re
import socket
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape as rich_escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

# Imports of the analysis (spaCy, numpy, the embedder), of ingest (trafilatura, lxml) and of the
# data model (pydantic) stay inside the commands that use them: `--help`, `stories`, `search` and
# `serve` start without them (--help 0.37 -> 0.10 s, stories 0.50 -> 0.30 s; bench/speed_targets.py).
if TYPE_CHECKING:
    from rich.table import Table

    from newsprism.model import Article, ArticleAnalysis, Rejection, Report
    from newsprism.store.corpus import Corpus, StoryRow

# Help is plain text (rich_markup_mode=None): flags read as "-q, --quiet", not "<bool>", and no
# doc markup reaches the reader; the help strings below are written for that, without backticks.
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True)

# A running `serve` holds the corpus file only during a request, so a command waits for it; another
# ingest holds it for its whole run: wait this long, then give up with one line.
CORPUS_WAIT_S = 30.0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsprism")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"newsprism {_version()}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit"),
    ] = None,
) -> None:
    """Compare several outlets' reports of one event: newsprism analyze PATH... --out DIR, and friends."""


def _fail(message: str) -> NoReturn:
    """One line on stderr, exit status 1, no traceback."""
    err.print(f"error: {plain(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@contextmanager
def _open_corpus(db: Path, read_only: bool = False) -> Iterator[Corpus]:
    """The corpus, with every storage failure inside the block turned into one line.

    A damaged file (DuckDB finds a bad checksum only when it reads the block), a full disk or
    another program's database ends the command with ``error: FILE: what is wrong``.
    """
    import duckdb

    from newsprism.store.corpus import Corpus, CorpusBusyError, CorpusError, describe_db_error

    if read_only and not db.is_file():
        _fail(f"{db}: no such corpus file" if not db.exists() else f"{db}: not a file")
    try:
        corpus = Corpus(db, read_only=read_only, wait_s=CORPUS_WAIT_S)
    except (CorpusBusyError, CorpusError) as exc:
        _fail(str(exc))
    try:
        with corpus:
            yield corpus
    except (duckdb.Error, OSError) as exc:
        _fail(describe_db_error(str(db), exc))


# C0/C1 control characters (escape sequences among them) are shown as \xNN: a file name or an
# article title must never move the cursor, recolour or retitle the reader's terminal.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def no_control(text: object) -> str:
    """Untrusted text with its control characters spelled out, for output that Rich does not render."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def plain(text: object) -> str:
    """Untrusted text made safe for the terminal: control characters spelled out, Rich markup escaped."""
    return rich_escape(no_control(text))


def warn(source: str, message: str) -> None:
    """One warning line naming the input."""
    err.print(f"[yellow]warning[/]: {plain(source)}: {plain(message)}", highlight=False, soft_wrap=True)


def warn_rejections(rejected: list[Rejection]) -> None:
    """One line per input that was not analysed: the file and the reason."""
    for r in rejected:
        warn(r.source_path, r.reason)


def warn_analyses(articles: Iterable[Article], analyses: Mapping[str, ArticleAnalysis]) -> None:
    """One line per warning of an analysed article (e.g. only the leading part of a huge text analysed)."""
    for a in articles:
        analysis = analyses.get(a.id)
        for w in analysis.warnings if analysis else ():
            warn(a.source_path or a.id, w)


PathsArg = Annotated[
    list[Path], typer.Argument(metavar="PATH", help="Files or directories: .txt, .html, .jsonl, .warc(.gz)")
]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Directory for report.json and report.html (past 50 articles report.html lists the stories, each on a page in stories/)")]
WorkersOption = Annotated[int, typer.Option("--workers", "-j", help="Worker processes (0 = one per core)")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output")]


class CueChoice(enum.StrEnum):
    """``--cues``: which quotes the ledger and the summary compare (newsprism.pipeline.Cues)."""

    speech = "speech"
    all = "all"


CuesOption = Annotated[
    CueChoice,
    typer.Option("--cues", help="Quotes the ledger and the summary compare: speech (said, told, denied ...) or all "
                                "(beliefs, plans and findings too); report.json keeps every quote either way"),
]
DbOption = Annotated[Path, typer.Option("--db", help="The DuckDB corpus file")]


@app.command()
def analyze(
    paths: PathsArg,
    out: OutOption = Path("out"),
    workers: WorkersOption = 0,
    quiet: QuietOption = False,
    cues: CuesOption = CueChoice.speech,
) -> None:
    """Analyse a batch of articles and write a cross-source story report."""
    from newsprism.workers import batch_gc_thresholds

    batch_gc_thresholds()  # first: the imports below and the models' load allocate millions of objects
    from newsprism.ingest import load_paths
    from newsprism.pipeline import build_report
    from newsprism.runners.local import analyze_local, default_workers

    _check_out(out)  # before minutes of analysis, not after
    articles, rejected = load_paths(paths, workers=workers or default_workers())
    warn_rejections(rejected)
    for a in articles:
        for w in a.warnings:
            warn(a.source_path or a.id, w)
    if not articles:
        err.print("error: no article could be read from the given paths")
        raise typer.Exit(1)
    with _progress(quiet, "analysing") as progress:
        progress.start(len(articles))
        analyses, failed = analyze_local(articles, workers=workers or None, on_progress=progress.advance)
    warn_rejections(failed)
    warn_analyses(articles, analyses)
    if not analyses:
        err.print("error: no article could be analysed")
        raise typer.Exit(1)
    report = build_report(articles, analyses, [*rejected, *failed], cues=cues.value)  # type: ignore[arg-type]
    json_path, html_path = _write(report, out)
    err.print(
        f"{len(analyses)} articles, {len(report.stories)} stories, {len(report.quotes)} quotes, "
        f"{len(report.figures)} figures -> {plain(json_path)}, {plain(html_path)}",
        highlight=False,
        soft_wrap=True,
    )


def _check_out(out: Path) -> None:
    """Fail in one line now if the report could not be written to ``out`` later.

    Why: the report is written after the whole analysis; an unwritable ``--out`` found then
    wastes the run.  The directory (and any missing parents) is created, a temporary file is
    written and removed, and everything this check created is removed again, so a failed
    command leaves nothing behind; ``write_report`` creates the directory for real.
    """
    created: list[Path] = []
    try:
        missing = [d for d in (out, *out.parents) if not d.exists()]
        for d in reversed(missing):
            d.mkdir()
            created.append(d)
        fd, tmp = tempfile.mkstemp(dir=out, prefix=".newsprism-check.", suffix=".tmp")
        try:
            os.write(fd, b"newsprism")
        finally:
            os.close(fd)
            os.unlink(tmp)
    except OSError as exc:
        _fail(f"{out}: cannot write the report there: {exc.strerror or exc}")
    finally:
        for d in reversed(created):
            with contextlib.suppress(OSError):
                d.rmdir()


def _write(report: Report, out: Path) -> tuple[Path, Path]:
    """Write report.json and report.html, or fail in one line (unwritable or full ``--out``)."""
    from newsprism.report.writer import write_report

    try:
        return write_report(report, out)
    except OSError as exc:
        _fail(f"{out}: cannot write the report: {exc.strerror or exc}")


class _BarProgress:
    """The Rich bar on a terminal; it reads "loading models" until the first shard is done.

    Why the stage: each worker loads spaCy and the embedder (~5-8 s) before its first shard,
    and a bar standing at 0/86 for that long looks hung.
    """

    def __init__(self, what: str, enabled: bool) -> None:
        self.what = what
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=not enabled,
        )
        self.task = self.bar.add_task(what, total=None)
        self.loading = False

    def start(self, total: int) -> None:
        """The number of articles to analyse is known: the models load next."""
        self.loading = total > 0
        self.bar.update(self.task, total=total, description="loading models" if self.loading else self.what)

    def advance(self, n: int) -> None:
        if self.loading:
            self.loading = False
            self.bar.update(self.task, description=self.what)
        self.bar.advance(self.task, n)

    def __enter__(self) -> _BarProgress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)


class _LineProgress:
    """Plain progress lines for a log or a pipe, where a Rich bar draws nothing.

    ``analysing: loading models...`` first, then ``analysing: 16/86`` at every tenth of the
    work or every ``every_s`` seconds, whichever comes first, and at the end.
    """

    def __init__(self, what: str, every_s: float = 10.0) -> None:
        self.what, self.every_s = what, every_s
        self.total = self.done = 0
        self.next_at = 0
        self.last = time.monotonic()

    def _line(self, text: str) -> None:
        err.print(f"{self.what}: {text}", markup=False, highlight=False, soft_wrap=True)
        self.last = time.monotonic()

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self.next_at = max(1, -(-total // 10))
        if total:
            self._line("loading models...")

    def advance(self, n: int) -> None:
        self.done += n
        if self.done >= self.total or self.done >= self.next_at or time.monotonic() - self.last >= self.every_s:
            while self.next_at <= self.done:
                self.next_at += max(1, -(-self.total // 10))
            self._line(f"{self.done}/{self.total}")

    def __enter__(self) -> _LineProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _progress(quiet: bool, what: str) -> _BarProgress | _LineProgress:
    """A bar on a terminal, plain lines when stderr is a pipe or a file, nothing with ``--quiet``."""
    if quiet or err.is_terminal:
        return _BarProgress(what, enabled=not quiet)
    return _LineProgress(what)


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOption = Path("newsprism.duckdb"),
    workers: WorkersOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Add articles to the corpus and place them in stories (re-ingesting is a no-op)."""
    from newsprism.workers import batch_gc_thresholds

    batch_gc_thresholds()
    from newsprism.ingest.loader import expand_paths
    from newsprism.runners.corpus import CorpusStateError, ingest_paths

    files, unusable = expand_paths(paths)
    if not files:  # nothing to read: say so before creating or touching the corpus file
        warn_rejections(unusable)
        _fail("no input file to read in the given paths; the corpus was not opened")
    with _open_corpus(db) as corpus, _progress(quiet, "ingesting") as progress:
        try:
            stats = ingest_paths(
                corpus, paths, workers=workers or None, on_total=progress.start, on_progress=progress.advance
            )
        except CorpusStateError as exc:
            _fail(str(exc))
        total = corpus.count()
    warn_rejections(stats.rejected)
    for source, message in stats.warnings:
        warn(source, message)
    err.print(
        f"read {stats.read}, new {stats.analysed}, already in corpus {stats.already_known}, "
        f"rejected {len(stats.rejected)}, placed in stories {stats.assigned}; corpus: {total} articles ({plain(db)})",
        highlight=False,
        soft_wrap=True,
    )
    if stats.read == 0 and stats.rejected:
        raise typer.Exit(1)


@app.command()
def stories(
    db: DbOption = Path("newsprism.duckdb"),
    limit: Annotated[int, typer.Option(help="How many stories")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array, one object per story")] = False,
) -> None:
    """List stories, newest first: id, outlets, reports, time span, title.

    Ids are always printed whole (they are what "newsprism story ID" takes): on a terminal the id
    column never shrinks, and in a pipe or a file the output is tab-separated lines.
    """
    with _open_corpus(db, read_only=True) as corpus:
        rows = corpus.stories(limit=limit)
    if as_json:
        items = [
            {"id": r.story_id, "title": r.title, "outlets": r.outlets, "articles": r.articles, "copies": r.copies,
             "first": r.first, "last": r.last}
            for r in rows
        ]
        typer.echo(_json_for_terminal(items))
    elif sys.stdout.isatty():
        Console().print(_stories_table(rows))
    else:
        typer.echo("\t".join(("story", "outlets", "reports", "from", "to", "title")))
        for r in rows:
            cells = (r.story_id, ", ".join(r.outlets), _reports(r), r.first or "", r.last or "", r.title)
            typer.echo("\t".join(no_control(c).replace("\t", " ") for c in cells))


def _reports(row: StoryRow) -> str:
    return f"{row.articles}" + (f" (+{row.copies} copies)" if row.copies else "")


def _stories_table(rows: Iterable[StoryRow]) -> Table:
    """The terminal table: the id column is as wide as the longest id and never cut; the title yields."""
    from rich.table import Table

    rows = list(rows)
    width = max((len(r.story_id) for r in rows), default=5)
    table = Table(box=None, pad_edge=False)
    table.add_column("story", no_wrap=True, min_width=width, overflow="fold")
    table.add_column("outlets")
    table.add_column("reports", no_wrap=True)
    table.add_column("from")
    table.add_column("to")
    table.add_column("title", ratio=1)
    for r in rows:
        table.add_row(
            r.story_id, plain(", ".join(r.outlets)), _reports(r), plain(r.first or ""), plain(r.last or ""), plain(r.title)
        )
    return table


# Characters json.dumps(ensure_ascii=False) leaves as they are but a terminal would act on (C1
# controls, CSI among them) or that cannot be encoded (lone surrogates): written as \uXXXX.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _json_for_terminal(data: object) -> str:
    """JSON that keeps non-ASCII text readable yet cannot drive the terminal it is printed on."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@app.command()
def story(
    story_id: Annotated[
        str, typer.Argument(metavar="ID", help="A story id from newsprism stories, or an unambiguous start of one")
    ],
    db: DbOption = Path("newsprism.duckdb"),
    out: OutOption = Path("out"),
    cues: CuesOption = CueChoice.speech,
) -> None:
    """Write report.json and report.html for one stored story."""
    from newsprism.runners.corpus import shown_speaker_names, story_report

    _check_out(out)
    with _open_corpus(db, read_only=True) as corpus:
        full_id = _resolve_story_id(corpus, story_id, db)
        names = shown_speaker_names(corpus, corpus.story_members(full_id)[0])
        if names is None:
            err.print(f"note: {plain(str(db))} has no current search index (newsprism reindex builds it): "
                      "speakers are named as within this story, not as across the corpus", highlight=False)
        report = story_report(corpus, full_id, cues=cues.value, names=names)  # type: ignore[arg-type]
    json_path, html_path = _write(report, out)
    err.print(f"{plain(json_path)}, {plain(html_path)}", highlight=False)


def _resolve_story_id(corpus: Corpus, given: str, db: Path) -> str:
    """The one story whose id is ``given`` or starts with it, or a one-line error.

    Why a prefix: ids are long, and one copied from a narrow table may carry an ellipsis ("…" or
    "...") where it was cut; whatever is left of it is enough when only one story matches.
    """
    prefix = given.strip().removesuffix("…").removesuffix("...")
    if corpus.story_exists(prefix):
        return prefix
    moved = corpus.story_alias(prefix)  # merged into another story by a later ingest
    if moved is not None:
        return moved
    candidates = corpus.story_ids_with_prefix(prefix, limit=4) if prefix else []
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        _fail(f"no story {given!r} in {db}")
    shown = ", ".join(candidates[:3]) + (", ..." if len(candidates) > 3 else "")
    _fail(f"{given!r} matches several stories in {db}: {shown}; give more of the id")


@app.command()
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", help='Words, "a phrase", word*, AND / OR / NOT, -word')],
    db: DbOption = Path("newsprism.duckdb"),
    kind: Annotated[str, typer.Option("--type", help="quotes, articles or all")] = "all",
    outlet: Annotated[str | None, typer.Option(help="Only this outlet")] = None,
    since: Annotated[str | None, typer.Option(help="Only on or after this day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="Only on or before this day (YYYY-MM-DD)")] = None,
    speaker: Annotated[str | None, typer.Option(help="Only where this person is quoted")] = None,
    story_id: Annotated[str | None, typer.Option("--story", help="Only in this story (its id)")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Results of each type")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Results of each type to skip")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array, one object per result")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV with a header, one row per result")] = False,
) -> None:
    """Search quotes and articles, most relevant first; totals go to stderr.

    Case, accents, hyphens and punctuation do not matter ("Kim Jong Un" finds "Kim Jong-un").
    Every result keeps its story id, article id and character offsets.
    """
    import datetime as dt

    from newsprism.store.query import QueryError, parse_query
    from newsprism.store.search import Filters, SearchIndex, ensure_index, hit_row, rows_to_csv

    if kind not in ("quotes", "articles", "all"):
        _fail(f"--type {kind!r}: choose quotes, articles or all")
    for flag, value in (("--since", since), ("--until", until)):
        try:
            if value:
                dt.date.fromisoformat(value)
        except ValueError:
            _fail(f"{flag} {value!r}: not a date (YYYY-MM-DD)")
    try:
        parsed = parse_query(query)
    except QueryError as exc:
        _fail(str(exc))
    filters = Filters(outlet, since, until, speaker, story_id)
    kinds = [k for k, skip in (("quote", "articles"), ("article", "quotes")) if kind != skip]
    with _open_corpus(db, read_only=True) as corpus:
        path = ensure_index(corpus)  # rebuilt here if missing or behind the corpus
        with SearchIndex(path) as index:
            found = {k: index.search(parsed, k, filters, limit, offset) for k in kinds}
    rows = [hit_row(h) for k in kinds for h in found[k][1]]
    err.print(", ".join(f"{found[k][0]} {k}s" for k in kinds) + f" (showing {offset + 1 if rows else 0}-"
              f"{offset + max(len(found[k][1]) for k in kinds)} of each)", markup=False, highlight=False)
    if as_json:
        typer.echo(_json_for_terminal(rows))
    elif as_csv:
        safe = [{k: no_control(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]
        typer.echo(rows_to_csv(safe), nl=False)
    else:
        for r in rows:
            what = r["text"] if r["kind"] == "quote" else r["title"]
            cells = (r["kind"], r["story_id"], r["article_id"], f"{r['start']}-{r['end']}", r["outlet"],
                     (r["published"] or "")[:10], r["speaker"] or "", what or "")
            typer.echo("\t".join(no_control(c).replace("\t", " ") for c in cells))


@app.command()
def reindex(db: DbOption = Path("newsprism.duckdb")) -> None:
    """Rebuild the search index and the web app's snapshot from the corpus (ingest keeps both in step)."""
    from newsprism.store.search import index_path
    from newsprism.store.snapshot import publish

    if not db.is_file():
        _fail(f"{db}: no such corpus file" if not db.exists() else f"{db}: not a file")
    path = index_path(db)
    with _open_corpus(db, read_only=True):  # a damaged or foreign file is refused before the index goes
        pass
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    with _open_corpus(db) as corpus:  # opening for writing rebuilds the missing index from the corpus
        publish(corpus)
        n = corpus.count()
    err.print(f"indexed {n} articles -> {plain(path)}", highlight=False, soft_wrap=True)


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(
    db: DbOption = Path("newsprism.duckdb"),
    host: Annotated[str, typer.Option(help="Interface to bind; loopback unless you mean to share the corpus")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8000,
) -> None:
    """Browse the corpus in a local web app: stories, speakers, search, and a JSON API under /api/."""
    import uvicorn

    from newsprism.web.app import LOOPBACK_HOSTS, create_app

    if host not in _LOOPBACK:
        err.print(f"[yellow]warning[/]: serving on {plain(host)}: anyone who can reach this address can read the corpus")
    from newsprism.store.corpus import CorpusBusyError, CorpusError

    try:
        web = create_app(db, allowed_hosts=LOOPBACK_HOSTS if host in _LOOPBACK else ["*"])
    except (FileNotFoundError, CorpusError, CorpusBusyError) as exc:
        _fail(str(exc))
    except OSError as exc:  # the snapshot beside the corpus could not be written (store/snapshot.py)
        _fail(f"{db}: cannot publish the corpus for reading: {exc.strerror or exc}")
    _check_port(host, port)
    err.print(f"serving {plain(db)} on http://{plain(host)}:{port}/ (API docs: /api/docs); Ctrl-C to stop", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _check_port(host: str, port: int) -> None:
    """Fail in one line before announcing a server that could not start (a busy or forbidden port).

    The address is bound once and released; SO_REUSEADDR as uvicorn sets it, so a port left in
    TIME_WAIT by a server that just stopped is not taken for a busy one.
    """
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(addr)
    except socket.gaierror as exc:
        _fail(f"cannot serve on {host}: {exc.strerror or exc}")
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            _fail(f"{where} is in use (another server?); choose --port")
        if exc.errno == errno.EACCES:
            _fail(f"{where}: permission denied (ports below 1024 need privileges); choose --port")
        _fail(f"cannot serve on {where}: {exc.strerror or exc}")


@app.command()
def spark(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH", help="WARC(.gz) files or directories (any ingest format works)")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for articles/ and rejections/ Parquet")] = Path(
        "out/spark"
    ),
    db: Annotated[Path | None, typer.Option("--db", help="Also load the result into this DuckDB corpus")] = None,
    master: Annotated[str, typer.Option("--master", help="Spark master URL")] = "local[2]",
    partitions: Annotated[int, typer.Option("--partitions", help="Analysis tasks (0 = 2 x parallelism)")] = 0,
) -> None:
    """Analyse WARC files on PySpark (the same per-article code as analyze) and group them into stories."""
    # pyspark is imported only when this command runs: the laptop path never needs it.
    from newsprism.runners.spark import load_into_corpus, run_spark_job

    result = run_spark_job(paths, out, master=master, partitions=partitions or None)
    err.print(
        f"{result.articles} articles, {result.stories} stories ({result.duplicates} near-copies), "
        f"{result.rejected} rejected; WARC records: {result.warc.get('records', 0)} -> {out}",
        highlight=False,
        soft_wrap=True,
    )
    if db is not None:
        added = load_into_corpus(out, db)
        err.print(f"{added} new articles loaded into {db}", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
