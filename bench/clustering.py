"""Story-grouping quality on the four shared dev sets, measured on the product path.

Why this shape: the number must be the product's.  Each dev set is written as the JSON-lines
input a user would give ``newsprism analyze`` (text, title, url, outlet, published), read by the
product's loader (``load_paths``: cleaning, per-outlet boilerplate removal, de-duplication),
analysed by the product's per-article analysis (``iter_analyzed``: spaCy, entities, context
entities, event frames, embedding) and grouped by ``pipeline.group_articles``, exactly as
``analyze`` does.  Nothing here computes a feature the product does not.  The analyses are
cached in bench/out/ (keyed by a hash of the code that produces them: ingest, analysis, nlp,
model), so grouping experiments rerun in seconds::

    .venv/bin/python bench/clustering.py                        # all four sets
    .venv/bin/python bench/clustering.py --dataset ecbplus --shuffles 10
    .venv/bin/python bench/clustering.py --set threshold=0.2    # a grouper setting, for sweeps

Feed order: sets whose articles are all dated are fed in date order (as ``analyze`` does);
an undated set (ECB+) is fed in ``--shuffles`` random orders (seeds 0..N-1) and the median F1
is reported with its range, since single-pass grouping may depend on the order.

Gold labels are read only by the scorer (``/work/shared/eval/clustering_eval.py``); records whose
text the loader rejected or merged as duplicates are scored with the story of the article that
replaced them (a duplicate) or as singletons (a rejection), so every gold id is scored.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # bench runs from a checkout, package may not be installed

from newsprism.ingest.loader import load_paths  # noqa: E402
from newsprism.model import Article, ArticleAnalysis  # noqa: E402
from newsprism.pipeline import group_articles  # noqa: E402
from newsprism.stories.grouping import StoryGrouper  # noqa: E402

EVAL_DIR = Path("/work/shared/eval")
OUT = ROOT / "bench" / "out"
DATASETS = ("newscluster", "ecbplus", "gva", "allsides")
# Code whose output the cache holds: a change to any of it invalidates the cached analyses.
CACHE_SOURCES = ("ingest", "analysis", "nlp.py", "pipes.py", "model.py", "runners/local.py")


def scorer():
    """The shared scorer module (gold loading and metrics), imported from the eval folder."""
    sys.path.insert(0, str(EVAL_DIR))
    import clustering_eval  # noqa: PLC0415 - lives outside the project, only for the bench

    return clustering_eval


def code_key() -> str:
    h = hashlib.sha256()
    src = ROOT / "src" / "newsprism"
    for name in CACHE_SOURCES:
        p = src / name
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            h.update(f.relative_to(src).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def write_input(dataset: str, docs: list[dict], name: str | None = None) -> Path:
    """The dev set as a user's JSON-lines input (no gold fields); line n is docs[n-1].

    ``name``: the file's own name for a subset (another bench's draw), so that two benches never
    overwrite each other's input.
    """
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"input_{name or dataset}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            rec = {"text": d.get("text") or ""}
            for src, dst in (("title", "title"), ("url", "url"), ("outlet", "outlet"), ("date", "published")):
                if d.get(src):
                    rec[dst] = d[src]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def load_articles(dataset: str, docs: list[dict], name: str | None = None) -> tuple[list[Article], dict[str, str | None]]:
    """Articles as the product loads them, and each gold id -> the article id standing for it."""
    path = write_input(dataset, docs, name)
    articles, rejected = load_paths([path], workers=1)
    by_source = {a.source_path: a.id for a in articles}
    dup_of = {r.source_path: r.reason.removeprefix("duplicate of ") for r in rejected if r.reason.startswith("duplicate of ")}
    stand_in: dict[str, str | None] = {}
    for n, d in enumerate(docs, 1):
        src = f"{path}:{n}"
        seen = set()
        while src not in by_source and src in dup_of and src not in seen:
            seen.add(src)
            src = dup_of[src]
        stand_in[d["id"]] = by_source.get(src)
    return articles, stand_in


def analyse(dataset: str, articles: list[Article], workers: int) -> dict[str, ArticleAnalysis]:
    """The product's per-article analysis of every article, cached (and resumable) in bench/out/."""
    from newsprism.runners.local import iter_analyzed  # noqa: PLC0415 - loads models only when needed

    cache = OUT / f"analysis_{dataset}_{code_key()}.jsonl"
    analyses: dict[str, ArticleAnalysis] = {}
    if cache.exists():
        with cache.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    a = ArticleAnalysis.model_validate_json(line)
                except ValueError:  # a line cut by an interrupted run
                    continue
                analyses[a.article_id] = a
    todo = [a for a in articles if a.id not in analyses]
    if todo:
        t0, done = time.perf_counter(), 0
        with cache.open("a", encoding="utf-8") as fh:
            for shard in iter_analyzed(todo, workers):
                for _art, result in shard:
                    if isinstance(result, ArticleAnalysis):
                        analyses[result.article_id] = result
                        fh.write(result.model_dump_json() + "\n")
                fh.flush()
                done += len(shard)
                print(f"  {dataset}: analysed {done}/{len(todo)} ({done / (time.perf_counter() - t0):.1f}/s)",
                      file=sys.stderr, end="\r")
        print(file=sys.stderr)
    return analyses


def parse_settings(pairs: list[str]) -> dict[str, float | str | None]:
    """``NAME=VALUE`` settings: None, an int, a float, else the string."""
    out: dict[str, float | str | None] = {}
    for p in pairs:
        k, _, v = p.partition("=")
        for cast in (int, float, str):
            try:
                out[k] = None if v == "None" else cast(v)
                break
            except ValueError:
                continue
    return out


def run_once(
    articles: list[Article], analyses: dict[str, ArticleAnalysis], stand_in: dict[str, str | None], settings: dict
) -> dict[str, str]:
    """One grouping of the articles (in the given order) -> gold id -> predicted cluster."""
    grouper = StoryGrouper(**settings)
    story = {}
    for ids, _dups in group_articles(articles, analyses, grouper):
        for i in ids:
            story[i] = ids[0]
    return {gid: story.get(aid, f"alone:{gid}") if aid else f"alone:{gid}" for gid, aid in stand_in.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dataset", choices=DATASETS, action="append", help="repeatable; default all four")
    ap.add_argument("--shuffles", type=int, default=10, help="random feed orders for undated sets (median reported)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="StoryGrouper setting")
    ap.add_argument("--json", help="write all metrics here")
    args = ap.parse_args()
    ce = scorer()
    settings = parse_settings(args.set)
    results = {}
    for ds in args.dataset or DATASETS:
        docs = ce.load(ds)
        gold = {d["id"]: str(d["label"]) for d in docs}
        articles, stand_in = load_articles(ds, [{k: v for k, v in d.items() if k not in ("label", "topic", "event")} for d in docs])
        analyses = analyse(ds, articles, args.workers)
        articles = [a for a in articles if a.id in analyses]
        dated = all(a.published for a in articles)
        orders = [None] if dated else list(range(args.shuffles))
        runs = []
        t0 = time.perf_counter()
        for seed in orders:
            feed = list(articles)
            if seed is not None:
                random.Random(seed).shuffle(feed)
            runs.append(ce.score(gold, run_once(feed, analyses, stand_in, settings)))
        secs = (time.perf_counter() - t0) / len(orders)
        f1s = [r["bcubed_f1"] for r in runs]
        med = runs[sorted(range(len(runs)), key=lambda i: f1s[i])[len(runs) // 2]]
        results[ds] = {"median": med, "f1_range": [min(f1s), max(f1s)], "orders": len(runs)}
        rng = f" range {min(f1s):.3f}-{max(f1s):.3f} over {len(runs)} orders" if len(runs) > 1 else " (date order)"
        print(
            f"{ds:12s} B3 P/R/F1 {med['bcubed_p']:.3f}/{med['bcubed_r']:.3f}/{med['bcubed_f1']:.3f}"
            f" | pair P/R/F1 {med['pair_p']:.3f}/{med['pair_r']:.3f}/{med['pair_f1']:.3f}"
            f" | clusters {med['pred_clusters']} (gold {med['gold_clusters']}){rng} | {len(articles) / secs:.0f} art/s",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"settings": settings, "results": results}, indent=1))


if __name__ == "__main__":
    main()
