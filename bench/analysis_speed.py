"""Articles per second per core for the whole per-article analysis.

Reads a folder of real articles (default: PolNeAR dev texts, ~800 words each),
ingests them (decode, clean) and runs the full per-article analysis (NLP,
quotes, speakers, figures, framing) with 1 and then N worker processes, in one
run so the ratio is meaningful on a noisy machine.  Prints numbers; asserts
nothing.

    .venv/bin/python bench/analysis_speed.py [--dir DIR] [--limit N] [--workers 2]
    .venv/bin/python bench/analysis_speed.py --components [--batch-size 64]   # CPU per pipe/extractor
    .venv/bin/python bench/analysis_speed.py --workers 1 --no-detector        # without the framing model

The N-process line is measured twice: cold (process start and model load
included, what a short CLI run pays) and warm (workers started and the model
loaded before the clock starts, what a long corpus run approaches).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newsprism.analysis.article import analyze_many
from newsprism.analysis.embedding import embed_articles
from newsprism.ingest import load_paths
from newsprism.nlp import load_embedder, load_nlp
from newsprism.runners.local import SHARD_SIZE, analyze_local, analyze_shard

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "data" / "dev" / "text"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--components", action="store_true", help="CPU time per spaCy pipe and per extractor")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--no-detector", action="store_true",
                    help="replace the loaded-language detector by a no-op (in this process only: use --workers 1)")
    args = ap.parse_args()
    if args.no_detector:
        _disable_detector()
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
    if args.components:
        components(articles, nlp, args.batch_size)
        return 0
    embedder = load_embedder()
    list(analyze_many(articles[:4], nlp, embedder=embedder))  # warm up
    t0 = time.perf_counter()
    results = list(analyze_many(articles, nlp, embedder=embedder))  # what the runners run
    t1 = time.perf_counter() - t0
    t0 = time.perf_counter()
    embed_articles(articles, embedder)
    t_emb = time.perf_counter() - t0
    embedded = sum(1 for _, r in results if not isinstance(r, Exception) and r.embedding is not None)
    print(f"  the headline + lead embedding alone: {len(articles) / t_emb:.2f} articles/s; the analysis embedded "
          f"{embedded} of {len(articles)} (dated articles only: analysis/article.py needs_embedding)")
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
        rate_w = warm_rate(articles, args.workers)
        print(
            f"{args.workers} processes, warm: {rate_w:.2f} articles/s total, {rate_w / args.workers:.2f} "
            f"articles/s/core (speed-up {rate_w / rate1:.2f}x; workers started and model loaded first)"
        )
    return 0


def _disable_detector() -> None:
    """Swap the framing detector for one that finds nothing, to measure what it costs."""
    import numpy as np

    import newsprism.analysis.framing as framing
    from newsprism.analysis.loaded import Detection

    def no_detection(doc, model, quoted, scare) -> Detection:
        return Detection([], np.zeros(0), [(s.start_char, s.end_char) for s in doc.sents], [0.0 for _ in doc.sents])

    framing.detect = no_detection  # type: ignore[assignment]
    print("loaded-language detector disabled")


def _load_worker(_: int = 0) -> int:
    load_nlp()
    load_embedder()
    return 0


def warm_rate(articles: list, workers: int) -> float:
    """Articles/s over a process pool whose workers already loaded the model."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    shards = [articles[i : i + SHARD_SIZE] for i in range(0, len(articles), SHARD_SIZE)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        # one load per worker: submit more loads than workers and wait (each worker takes >= 1)
        list(pool.map(_load_worker, range(workers * 4)))
        list(pool.map(analyze_shard, shards[:workers]))  # first-call warm-up in each worker
        t0 = time.perf_counter()
        n = sum(len(r) for r in pool.map(analyze_shard, shards))
        return n / (time.perf_counter() - t0)


def components(articles: list, nlp, batch_size: int) -> None:
    """CPU seconds per spaCy component (each run over all docs in turn) and per extractor."""
    from newsprism.analysis.figures import extract_figures
    from newsprism.analysis.framing import analyse_framing, voice_spans
    from newsprism.analysis.loaded import detect
    from newsprism.analysis.quotes import extract_quotes, unattributed_quoted_spans
    from newsprism.analysis.speakers import extract_entities
    from newsprism.nlp import load_framing_model

    texts = [a.text for a in articles]
    list(nlp.pipe(texts[:4]))
    times: dict[str, float] = {}
    t = time.process_time()
    docs = [nlp.make_doc(x) for x in texts]
    times["tokenizer"] = time.process_time() - t
    for name, proc in nlp.pipeline:
        t = time.process_time()
        docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        times[name] = time.process_time() - t
    for key in ("entities", "quotes", "figures", "framing"):
        times[key] = 0.0
    model = load_framing_model()
    detector = 0.0
    for a, d in zip(articles, docs, strict=True):
        t = time.process_time()
        ents = extract_entities(d, a.id)
        times["entities"] += time.process_time() - t
        t = time.process_time()
        qs = extract_quotes(d, a.id, ents)
        un = unattributed_quoted_spans(d, qs)
        times["quotes"] += time.process_time() - t
        t = time.process_time()
        extract_figures(d, a.id, a.published)
        times["figures"] += time.process_time() - t
        t = time.process_time()
        analyse_framing(d, a.id, qs, un)
        times["framing"] += time.process_time() - t
        quoted, scare = voice_spans(a.text, a.id, qs, un)
        t = time.process_time()
        detect(d, model, quoted, scare)  # again, alone: the share of framing the learned detector takes
        detector += time.process_time() - t
    n, total = len(articles), sum(times.values())
    print(f"CPU per component, batch_size={batch_size}, {n} articles")
    print(f"  {'component':18s} {'ms/article':>10s} {'share':>6s}")
    for k, v in times.items():
        print(f"  {k:18s} {1000 * v / n:10.1f} {100 * v / total:5.1f}%")
    print(f"  {'total':18s} {1000 * total / n:10.1f}  -> {n / total:.2f} articles/s/core")
    print(f"  of which the loaded-language detector (inside framing): {1000 * detector / n:.1f} ms/article, "
          f"{100 * detector / (total - detector):.1f}% on top of the analysis without it")


if __name__ == "__main__":
    sys.exit(main())
