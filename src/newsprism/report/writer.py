"""Write a report to disk: report.json (the contract) and report.html beside it.

Both files are written to a temporary name and renamed, so an interrupted run
never leaves a half-written report where a reader would open it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from newsprism.model import Report
from newsprism.report.html import render_index_html, render_report_html, render_story_pages

# Up to this many articles report.html is the whole report on one page (within its 2 MB budget
# at 50 articles); a larger batch gets an index page and a page per story.
SINGLE_PAGE_ARTICLES = 50


def _umask() -> int:
    """The process's umask (read by setting and restoring it: the only portable way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic_write(path: Path, data: str) -> None:
    """Write via a temporary file and a rename, with the mode a plain ``open`` would give.

    ``mkstemp`` creates its file 0600 whatever the umask, so a report meant to be shared (a web
    root, a colleague's group) came out readable by its owner alone.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report_json(report: Report) -> str:
    return report.model_dump_json(by_alias=True, indent=1)


def write_report(report: Report, out_dir: Path) -> tuple[Path, Path]:
    """report.json, and report.html: the whole report on one page up to ``SINGLE_PAGE_ARTICLES``
    articles, past that a list of stories linking to one page per story in ``stories/`` (#17 item
    5: a 2,000-article page took over 17 minutes and 9 GB to render and was too big to open).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out_dir / "report.json", out_dir / "report.html"
    _atomic_write(json_path, report_json(report))
    if len(report.articles) <= SINGLE_PAGE_ARTICLES:
        _atomic_write(html_path, render_report_html(report))
        return json_path, html_path
    (out_dir / "stories").mkdir(exist_ok=True)
    written = set()
    for name, page in render_story_pages(report):
        _atomic_write(out_dir / name, page)
        written.add(out_dir / name)
    _atomic_write(html_path, render_index_html(report))
    for old in (out_dir / "stories").glob("story-*.html"):  # an earlier, larger batch's pages
        if old not in written:
            old.unlink()
    return json_path, html_path
