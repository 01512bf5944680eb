"""Articles per second per core for the whole per-article analysis.

Reads a folder of real articles (default: PolNeAR dev texts, ~800 words each),
ingests them (decode, clean) and runs the full per-article analysis (NLP,
quotes, speakers, figures, framing) with 1 and then N worker processes, in one
run so the ratio is meaningful on a noisy machine.  Prints numbers; asserts
nothing.

    .venv/bin/python bench/analysis_speed.py [--dir DIR] [--limit N] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newsprism.analysis.article import analyze_many
from newsprism.ingest import load_paths
from newsprism.nlp import load_nlp
from newsprism.runners.local import analyze_local

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "data" / "dev" / "text"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if not args.dir.is_dir():
        print(f"skip: {args.dir} not found (needs ../shared/eval)")
        return 0
    files = sorted(args.dir.glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    t0 = time.perf_counter()
    articles, rejected = load_paths(files)
    t_ingest = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in articles)
    print(f"articles: {len(articles)} ({words / max(1, len(articles)):.0f} words each), rejected {len(rejected)}")
    print(f"ingest (decode+clean): {len(articles) / t_ingest:.1f} articles/s")

    nlp = load_nlp()
    list(analyze_many(articles[:4], nlp))  # warm up
    t0 = time.perf_counter()
    results = list(analyze_many(articles, nlp))
    t1 = time.perf_counter() - t0
    failed = sum(isinstance(r, Exception) for _, r in results)
    quotes = sum(len(r.quotes) for _, r in results if not isinstance(r, Exception))
    rate1 = len(articles) / t1
    print(f"1 process : {rate1:.2f} articles/s/core ({words / t1:.0f} words/s), {quotes} quotes, {failed} failed")

    if args.workers > 1:
        t0 = time.perf_counter()
        analyses, _ = analyze_local(articles, workers=args.workers)
        tn = time.perf_counter() - t0
        rate_n = len(analyses) / tn
        print(
            f"{args.workers} processes: {rate_n:.2f} articles/s total, {rate_n / args.workers:.2f} articles/s/core "
            f"(speed-up {rate_n / rate1:.2f}x; includes process start and model load)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
