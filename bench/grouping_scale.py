"""Does adding an article cost the same whatever the corpus size?  (It must: blocking.)

Grows a synthetic corpus to 10k / 20k / 40k articles by recombining real article text from
the shared clustering dev sets into synthetic *events*: each event (1-12 reports, most of them
few, as in news) draws its reports' paragraphs from its own pool of real paragraphs and shares
a headline, a date (reports within two days) and an embedding direction (each report's vector is
the event's plus noise), so stories really form and grow and the grouper pays the cost of
average linkage against real members, not the best case of every article alone.  Entities are
synthesised from capitalised words (no NER cost); vectors are float32 so the stream itself does
not inflate the measured memory.  At each size it times the
addition of 1k further articles and prints a table, plus the process' peak memory::

    .venv/bin/python bench/grouping_scale.py [--sizes 10000 20000 40000] [--add 1000]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # bench runs from a checkout, package may not be installed

from clustering import DATASETS, EVAL_DIR, scorer  # noqa: E402 - the quality bench's data access
from newsprism.stories.grouping import StoryGrouper, StoryItem  # noqa: E402

_CAP = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
# Articles per synthetic day: ~200/day is a mid-sized aggregator's feed.
PER_DAY = 200


def source_paragraphs() -> tuple[list[str], list[str]]:
    """Paragraphs and titles of the real dev-set articles (exported by the scorer)."""
    paras: list[str] = []
    titles: list[str] = []
    ce = scorer()
    for ds in DATASETS:
        for d in ce.load(ds):
            paras.extend(p for p in d["text"].split("\n") if len(p) > 40)
            if d.get("title"):
                titles.append(d["title"])
    return paras, titles


def synth(n: int, paras: list[str], titles: list[str], rng: random.Random, start: date) -> list[StoryItem]:
    """n reports of synthetic events, PER_DAY a day from ``start`` (see the module docstring)."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    items: list[StoryItem] = []
    while len(items) < n:
        size = min(12, 1 + int(nrng.geometric(0.35)) - 1)
        pool = rng.sample(paras, 12)
        title = rng.choice(titles)
        centre = nrng.standard_normal(384).astype(np.float32)
        day0 = start + timedelta(days=len(items) // PER_DAY)
        for _ in range(size):
            i = len(items)
            text = "\n".join(rng.sample(pool, rng.randint(3, 8)))
            names = {m.group(0) for m in _CAP.finditer(title + " " + text)}
            ents = [(nm, "PERSON" if " " in nm else rng.choice(("ORG", "GPE"))) for nm in sorted(names)[:40]]
            vec = centre + 0.8 * nrng.standard_normal(384).astype(np.float32)
            vec /= np.linalg.norm(vec)
            day = day0 + timedelta(days=rng.randint(0, 2))
            outlet = f"outlet{rng.randrange(60)}"
            items.append(StoryItem(f"a{start.toordinal()}-{i}", title, text, day.isoformat(), outlet, ents, embedding=vec))
    items = items[:n]
    items.sort(key=lambda it: (it.published, it.article_id))
    return items


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    ap.add_argument("--add", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if not EVAL_DIR.exists():
        sys.exit(f"{EVAL_DIR} not found: the shared eval data provides the article text")
    paras, titles = source_paragraphs()
    # One growing corpus, in date order: the 1k articles after the first 10k, 20k, 40k are
    # timed (building three separate corpora would add 70k articles instead of 41k).
    sizes = sorted(args.sizes)
    rng = random.Random(args.seed)
    stream = synth(sizes[-1] + args.add, paras, titles, rng, date(2020, 1, 1))
    g = StoryGrouper()
    rows = []
    t_start = time.perf_counter()
    pos = 0
    for size in sizes:
        for it in stream[pos:size]:
            g.add(it)
        scored0 = g.n_scored
        # CPU time of this process: the machine is shared, wall time swings with the neighbours
        t0 = time.process_time()
        for it in stream[size : size + args.add]:
            g.add(it)
        dt = time.process_time() - t0
        pos = size + args.add
        rows.append((size, dt, (g.n_scored - scored0) / args.add, len(g.stories)))
        print(f"  at {size:,}: {time.perf_counter() - t_start:.0f}s elapsed", file=sys.stderr, flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(
        f"{'corpus':>8} {'add ' + str(args.add) + ' cpu':>14} {'ms/article':>11} {'ratio':>6} {'scored/article':>15} {'stories':>8}"
    )
    prev = None
    for size, dt, scored, nst in rows:
        ms = 1000 * dt / args.add
        ratio = f"{ms / prev:.2f}" if prev else "-"
        print(f"{size:>8,} {dt:>13.2f}s {ms:>11.2f} {ratio:>6} {scored:>15.1f} {nst:>8,}")
        prev = ms
    print(f"peak memory (ru_maxrss): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
