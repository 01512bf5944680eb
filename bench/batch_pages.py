"""How long and how much memory does writing a large batch's pages take?  (#17 item 5)

Budget: a batch of 2,000 articles writes its pages in under 2 minutes and 2 GB.  Analysing 2,000
articles takes far longer than the writing on a small machine, so the batch is built from an
analysed report: its articles (with their quotes, figures, framing and stories) are repeated
with fresh ids until the batch has --articles articles; every id in the copy is rewritten, so
the pages hold as many distinct stories, anchors and links as a real batch of that size.  The
report.json given should come from ``newsprism analyze`` (e.g. 50 newscluster articles).

Prints the report's size, then times ``write_report`` (report.json, report.html and the story
pages) and prints the process's peak memory before and after::

    .venv/bin/python bench/batch_pages.py analysed/report.json --articles 2000 [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # bench runs from a checkout, package may not be installed

from newsprism.model import Report  # noqa: E402
from newsprism.report.writer import write_report  # noqa: E402

_TOKEN = re.compile(r"[0-9A-Za-z_]{6,64}")


def repeated(source: str, n_articles: int) -> Report:
    """``source`` (a report's JSON) repeated with fresh article ids until it has ``n_articles``."""
    base = Report.model_validate_json(source)
    ids = {a.id for a in base.articles}
    per = len(base.articles)
    parts = []
    for k in range((n_articles + per - 1) // per):

        def fresh(m: re.Match[str], k: int = k) -> str:
            word = m.group(0)
            return hashlib.sha1(f"{word}/{k}".encode()).hexdigest()[:16] if word in ids else word

        parts.append(Report.model_validate_json(_TOKEN.sub(fresh, source)))
    out = parts[0]
    for p in parts[1:]:
        out.articles.extend(p.articles)
        out.quotes.extend(p.quotes)
        out.figures.extend(p.figures)
        out.framing.extend(p.framing)
        out.stories.extend(p.stories)
    keep = {a.id for a in out.articles[:n_articles]}
    out.articles = out.articles[:n_articles]
    out.stories = [s for s in out.stories if set(s.article_ids) <= keep]
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", type=Path)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    t = time.perf_counter()
    report = repeated(args.report.read_text(encoding="utf-8"), args.articles)
    print(f"batch: {len(report.articles)} articles, {len(report.stories)} stories, {len(report.quotes)} quotes, "
          f"{len(report.figures)} figures (built in {time.perf_counter() - t:.1f} s); peak memory {peak_mb():,.0f} MB")
    out = args.out or Path(tempfile.mkdtemp(prefix="newsprism-batch-"))
    t, cpu = time.perf_counter(), time.process_time()
    write_report(report, out)
    took, cpu = time.perf_counter() - t, time.process_time() - cpu
    files = [p for p in out.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    largest = max(files, key=lambda p: p.stat().st_size)
    print(f"write_report: {took:.1f} s wall, {cpu:.1f} s CPU (wall exceeds CPU when other work shares the cores), "
          f"{len(files)} files, {size / 1e6:,.1f} MB in all "
          f"(largest {largest.name} {largest.stat().st_size / 1e6:,.1f} MB); peak memory {peak_mb():,.0f} MB -> {out}")


if __name__ == "__main__":
    main()
