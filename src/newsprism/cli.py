"""The command line: ``newsprism analyze PATH... --out DIR`` and friends."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsprism.ingest import load_paths
from newsprism.model import Rejection

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)


def warn_rejections(rejected: list[Rejection]) -> None:
    """One line per input that was not analysed: the file and the reason."""
    for r in rejected:
        err.print(f"[yellow]warning[/]: {r.source_path}: {r.reason}", markup=True, highlight=False, soft_wrap=True)


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories: .txt, .html, .jsonl, .warc(.gz)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for report.json and report.html")] = Path("out"),
    workers: Annotated[int, typer.Option("--workers", "-j", help="Worker processes (0 = one per core)")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Analyse a batch of articles and write a cross-source story report."""
    from newsprism.pipeline import build_report
    from newsprism.report.writer import write_report
    from newsprism.runners.local import analyze_local

    articles, rejected = load_paths(paths)
    warn_rejections(rejected)
    if not articles:
        err.print("error: no article could be read from the given paths")
        raise typer.Exit(1)
    with Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task("analyse", total=len(articles))
        analyses, failed = analyze_local(
            articles, workers=workers or None, on_progress=lambda n: progress.advance(task, n)
        )
    warn_rejections(failed)
    if not analyses:
        err.print("error: no article could be analysed")
        raise typer.Exit(1)
    report = build_report(articles, analyses, [*rejected, *failed])
    json_path, html_path = write_report(report, out)
    err.print(
        f"{len(analyses)} articles, {len(report.stories)} stories, {len(report.quotes)} quotes, "
        f"{len(report.figures)} figures -> {json_path}, {html_path}",
        highlight=False,
    )


if __name__ == "__main__":  # pragma: no cover
    app()
