"""How far apart in time the dev sets' reports of one event lie, and what that caps.

    .venv/bin/python bench/grouping_ceiling.py              # labels only, instant
    .venv/bin/python bench/grouping_ceiling.py --product    # and the product's errors by gap

Why: the dated dev sets disagree on what one "event" is in time, and a grouper that compares
publication dates inherits that disagreement.  For each dated set this prints (1) how the
same-event pairs spread over the gap between their publication days, and (2) the score of an
oracle that knows every gold label but never joins two reports further apart than ``k`` days
(each gold event split where consecutive reports are more than ``k`` days apart).  The oracle
is the ceiling of any grouper whose stories do not span such a gap; its row for the grouper's
date window (``ScoreWeights.window_days``) is the ceiling of the product as configured.

Gold labels and dates only (no analysis): the figures describe the labels, not the system.
``--product`` adds, per gap bucket, the product's same-event pairs joined and missed and its
different-event pairs joined, from ``bench/clustering.py``'s cached product analyses (analysed
first when the cache is missing), grouped as ``newsprism analyze`` groups them.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

EVAL_DIR = Path("/work/shared/eval")
DATED = ("newscluster", "gva", "allsides")
GAPS = (0, 1, 3, 7, 14, 30, 90)
BUCKETS = ((0, 0), (1, 1), (2, 3), (4, 7), (8, 30), (31, 90), (91, None))


def day(iso: str) -> int:
    return date.fromisoformat(iso[:10]).toordinal()


def split_at(events: dict[str, list[tuple[int, str]]], k: int) -> dict[str, str]:
    """Gold events cut where consecutive reports are more than ``k`` days apart: id -> segment."""
    pred = {}
    for label, items in events.items():
        seg, prev = 0, None
        for d, doc_id in sorted(items):
            if prev is not None and d - prev > k:
                seg += 1
            prev = d
            pred[doc_id] = f"{label}#{seg}"
    return pred


def bucket(gap: int) -> int:
    for b, (lo, hi) in enumerate(BUCKETS):
        if gap >= lo and (hi is None or gap <= hi):
            return b
    raise ValueError(gap)


def label(b: int) -> str:
    lo, hi = BUCKETS[b]
    return f"{lo}{'' if hi == lo else ('+' if hi is None else f'-{hi}')}d"


def product_errors(ds: str, docs: list[dict]) -> None:
    """The product's pair decisions on one dev set, by the gap between the two reports."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import clustering as bench  # noqa: PLC0415 - the clustering bench's product path and cache

    gold = {d["id"]: str(d["label"]) for d in docs}
    articles, stand_in = bench.load_articles(ds, [{k: v for k, v in d.items() if k != "label"} for d in docs])
    analyses = bench.analyse(ds, articles, workers=2)
    pred = bench.run_once([a for a in articles if a.id in analyses], analyses, stand_in, {})
    days = {d["id"]: day(d["date"]) for d in docs}
    ids = sorted(gold)
    rows = [[0, 0, 0] for _ in BUCKETS]  # same joined, same missed, different joined
    for i, a in enumerate(ids):
        for b in ids[:i]:
            same, joined = gold[a] == gold[b], pred[a] == pred[b]
            if same or joined:
                rows[bucket(abs(days[a] - days[b]))][0 if same and joined else 1 if same else 2] += 1
    print("  product (pairs): " + "  ".join(f"{label(k)} {r[0]}/{r[1]}/{r[2]}" for k, r in enumerate(rows))
          + "   (same-event joined / same-event missed / different events joined)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--product", action="store_true", help="also the product's pair errors by gap")
    args = ap.parse_args()
    sys.path.insert(0, str(EVAL_DIR))
    import clustering_eval as ce  # noqa: PLC0415 - the shared scorer lives outside the project

    for ds in DATED:
        docs = [d for d in ce.load(ds) if d.get("date")]
        gold = {d["id"]: str(d["label"]) for d in docs}
        events: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for d in docs:
            events[gold[d["id"]]].append((day(d["date"]), d["id"]))
        counts = [0] * len(BUCKETS)
        for items in events.values():
            days = [d for d, _ in items]
            for i in range(len(days)):
                for j in range(i):
                    counts[bucket(abs(days[i] - days[j]))] += 1
        total = sum(counts) or 1
        spread = "  ".join(f"{label(b)} {c / total:.0%}" for b, c in enumerate(counts))
        print(f"{ds}: {len(docs)} articles, {len(events)} events, {sum(counts)} same-event pairs by gap: {spread}")
        for k in GAPS:
            m = ce.score(gold, split_at(events, k))
            print(f"  oracle joining nothing more than {k:2d} days apart: BCubed F1 {m['bcubed_f1']:.3f}"
                  f" (R {m['bcubed_r']:.3f}), pairwise F1 {m['pair_f1']:.3f}")
        if args.product:
            product_errors(ds, docs)


if __name__ == "__main__":
    main()
