"""The command line: ``newsprism analyze PATH... --out DIR`` and friends."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape as rich_escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsprism.ingest import load_paths
from newsprism.ingest.loader import expand_paths
from newsprism.model import Article, ArticleAnalysis, Rejection, Report

if TYPE_CHECKING:
    from newsprism.store.corpus import Corpus

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)

# A running `serve` holds the corpus file only during a request, so a command waits for it; another
# ingest holds it for its whole run: wait this long, then give up with one line.
CORPUS_WAIT_S = 30.0


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


def plain(text: object) -> str:
    """Untrusted text made safe for the terminal: control characters spelled out, Rich markup escaped."""
    return rich_escape(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text)))


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


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories: .txt, .html, .jsonl, .warc(.gz)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for report.json and report.html")] = Path("out"),
    workers: Annotated[int, typer.Option("--workers", "-j", help="Worker processes (0 = one per core)")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Analyse a batch of articles and write a cross-source story report."""
    from newsprism.pipeline import build_report
    from newsprism.runners.local import analyze_local, default_workers

    articles, rejected = load_paths(paths, workers=workers or default_workers())
    warn_rejections(rejected)
    if not articles:
        err.print("error: no article could be read from the given paths")
        raise typer.Exit(1)
    with _progress(quiet) as progress:
        task = progress.add_task("analysing", total=len(articles))
        analyses, failed = analyze_local(
            articles, workers=workers or None, on_progress=lambda n: progress.advance(task, n)
        )
    warn_rejections(failed)
    warn_analyses(articles, analyses)
    if not analyses:
        err.print("error: no article could be analysed")
        raise typer.Exit(1)
    report = build_report(articles, analyses, [*rejected, *failed])
    json_path, html_path = _write(report, out)
    err.print(
        f"{len(analyses)} articles, {len(report.stories)} stories, {len(report.quotes)} quotes, "
        f"{len(report.figures)} figures -> {plain(json_path)}, {plain(html_path)}",
        highlight=False,
    )


def _write(report: Report, out: Path) -> tuple[Path, Path]:
    """Write report.json and report.html, or fail in one line (unwritable or full ``--out``)."""
    from newsprism.report.writer import write_report

    try:
        return write_report(report, out)
    except OSError as exc:
        _fail(f"{out}: cannot write the report: {exc.strerror or exc}")


DbOption = Annotated[Path, typer.Option("--db", help="The DuckDB corpus file")]


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not sys.stderr.isatty(),
    )


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories: .txt, .html, .jsonl, .warc(.gz)")],
    db: DbOption = Path("newsprism.duckdb"),
    workers: Annotated[int, typer.Option("--workers", "-j", help="Worker processes (0 = one per core)")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Add articles to the corpus and place them in stories (re-ingesting is a no-op)."""
    from newsprism.runners.corpus import CorpusStateError, ingest_paths

    files, unusable = expand_paths(paths)
    if not files:  # nothing to read: say so before creating or touching the corpus file
        warn_rejections(unusable)
        _fail("no input file to read in the given paths; the corpus was not opened")
    with _open_corpus(db) as corpus, _progress(quiet) as progress:
        task = progress.add_task("ingesting", total=None)
        try:
            stats = ingest_paths(
                corpus,
                paths,
                workers=workers or None,
                on_total=lambda n: progress.update(task, total=n),
                on_progress=lambda n: progress.advance(task, n),
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
    )
    if stats.read == 0 and stats.rejected:
        raise typer.Exit(1)


@app.command()
def stories(
    db: DbOption = Path("newsprism.duckdb"),
    limit: Annotated[int, typer.Option(help="How many stories")] = 50,
) -> None:
    """List stories, newest first: id, outlets, reports, time span, title."""
    from rich.table import Table


    with _open_corpus(db, read_only=True) as corpus:
        rows = corpus.stories(limit=limit)
    table = Table("story", "outlets", "reports", "from", "to", "title", box=None)
    for r in rows:
        reports = f"{r.articles}" + (f" (+{r.copies} copies)" if r.copies else "")
        table.add_row(
            r.story_id, plain(", ".join(r.outlets)), reports, plain(r.first or ""), plain(r.last or ""), plain(r.title)
        )
    Console().print(table)


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsprism stories`")],
    db: DbOption = Path("newsprism.duckdb"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for report.json and report.html")] = Path("out"),
) -> None:
    """Write report.json and report.html for one stored story."""
    from newsprism.runners.corpus import story_report

    with _open_corpus(db, read_only=True) as corpus:
        try:
            report = story_report(corpus, story_id)
        except KeyError:
            _fail(f"no story {story_id!r} in {db}")
    json_path, html_path = _write(report, out)
    err.print(f"{plain(json_path)}, {plain(html_path)}", highlight=False)


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(
    db: DbOption = Path("newsprism.duckdb"),
    host: Annotated[str, typer.Option(help="Interface to bind; loopback unless you mean to share the corpus")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Browse the corpus in a local web app: stories, speakers, search, and a JSON API under /api/."""
    import uvicorn

    from newsprism.web.app import LOOPBACK_HOSTS, create_app

    if host not in _LOOPBACK:
        err.print(f"[yellow]warning[/]: serving on {host}: anyone who can reach this address can read the corpus")
    try:
        web = create_app(db, allowed_hosts=LOOPBACK_HOSTS if host in _LOOPBACK else ["*"])
    except FileNotFoundError as exc:
        err.print(f"error: {exc}", highlight=False)
        raise typer.Exit(1) from None
    err.print(f"serving {db} on http://{host}:{port}/ (API docs: /api/docs); Ctrl-C to stop", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def spark(
    paths: Annotated[list[Path], typer.Argument(help="WARC(.gz) files or directories (any ingest format works)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for articles/ and rejections/ Parquet")] = Path(
        "out/spark"
    ),
    db: Annotated[Path | None, typer.Option("--db", help="Also load the result into this DuckDB corpus")] = None,
    master: Annotated[str, typer.Option("--master", help="Spark master URL")] = "local[2]",
    partitions: Annotated[int, typer.Option("--partitions", help="Analysis tasks (0 = 2 x parallelism)")] = 0,
) -> None:
    """Analyse WARC files on PySpark (same per-article code as `analyze`) and group them into stories."""
    # pyspark is imported only when this command runs: the laptop path never needs it.
    from newsprism.runners.spark import load_into_corpus, run_spark_job

    result = run_spark_job(paths, out, master=master, partitions=partitions or None)
    err.print(
        f"{result.articles} articles, {result.stories} stories ({result.duplicates} near-copies), "
        f"{result.rejected} rejected; WARC records: {result.warc.get('records', 0)} -> {out}",
        highlight=False,
    )
    if db is not None:
        added = load_into_corpus(out, db)
        err.print(f"{added} new articles loaded into {db}", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
