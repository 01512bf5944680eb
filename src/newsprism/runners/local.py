"""Run the per-article analysis on this machine: in-process or over a process pool.

Shards of consecutive articles go to worker processes that each load the NLP
model once (``load_nlp`` is cached per process) and run ``analyze_many``, the
same function the Spark runner calls.  Separate processes over separate
shards scale better than spaCy's own ``n_process`` (2.0x vs 1.3x on two cores
measured in STACK.md), and a crash in one shard cannot take the others down.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from newsprism.model import Article, ArticleAnalysis, Rejection
from newsprism.workers import batch_gc_thresholds, exit_with_parent

ProgressFn = Callable[[int], None]

# Below this many articles per worker, starting processes (each loading the
# model, ~2 s) costs more than it saves.
MIN_ARTICLES_PER_WORKER = 12
# Articles per shard: nlp.pipe batches within a shard (64 measured ~12% faster
# than 16), but small batches need several shards per worker to balance load
# and to store results (and show progress) as they finish.
SHARD_SIZE = 8
MAX_SHARD_SIZE = 64


def shard_size(n_articles: int, workers: int) -> int:
    """About four shards per worker, between SHARD_SIZE and MAX_SHARD_SIZE articles each."""
    return max(SHARD_SIZE, min(MAX_SHARD_SIZE, n_articles // (4 * workers) or 1))


def _freeze_loaded_models() -> None:
    """Move the just-loaded models' objects out of the cyclic garbage collector's sight (``gc.freeze``).

    Why: a full collection scans every tracked object, and spaCy and the embedder are
    millions of them.  PySpark's daemon runs ``gc.collect()`` after every task of a reused Python
    worker: ~0.4 s per task with the models loaded (a trivial stage took 1.0 s instead of 0.2 s;
    the ~30 small tasks of the Spark stories stage 34 s instead of 12 s).  The models live as long
    as the process; frozen objects are still freed by reference counting.  The young generations
    are collected first (8 ms), not all of them: a full collection rescans the ~230,000 objects
    the imports made (torch's, where thinc finds it) and cost 0.14 s of every analysis process to
    free ~40 more objects, which stay frozen instead (a few KB).
    """
    gc.collect(1)
    gc.freeze()


def analyze_shard(articles: list[Article]) -> list[tuple[str, ArticleAnalysis | str]]:
    """Worker entry point: returns plain picklable results, errors as one-line strings."""
    # Imported here: importing this module (the corpus runner does, for `story` and `serve`)
    # must not import spaCy and the models' code, ~1 s of start for commands that load no model.
    batch_gc_thresholds()  # before importing spaCy: its import and load alone ran four full collections
    from newsprism.analysis.article import analyze_many, needs_embedding
    from newsprism.nlp import load_embedder, load_nlp

    # The embedder only when some article here is dated (nothing reads an undated one's embedding):
    # a batch of undated texts never pays its load.
    embed = any(needs_embedding(a) for a in articles)
    fresh = load_nlp.cache_info().currsize == 0 or (embed and load_embedder.cache_info().currsize == 0)
    nlp = load_nlp()
    embedder = load_embedder() if embed else None
    if fresh:
        _freeze_loaded_models()
    out: list[tuple[str, ArticleAnalysis | str]] = []
    for article, result in analyze_many(articles, nlp, embedder=embedder):
        if isinstance(result, Exception):
            out.append((article.id, f"analysis failed: {type(result).__name__}: {result}".splitlines()[0]))
        else:
            out.append((article.id, result))
    return out


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def iter_analyzed(
    articles: Sequence[Article], workers: int | None = None
) -> Iterator[list[tuple[Article, ArticleAnalysis | Rejection]]]:
    """Yield results shard by shard as they finish, so a caller can store each shard at once.

    Failures come as Rejections (one line naming the file), never as exceptions.
    """
    workers = workers or default_workers()
    workers = max(1, min(workers, len(articles) // MIN_ARTICLES_PER_WORKER or 1))
    by_id = {a.id: a for a in articles}

    def convert(results: list[tuple[str, ArticleAnalysis | str]]) -> list[tuple[Article, ArticleAnalysis | Rejection]]:
        out: list[tuple[Article, ArticleAnalysis | Rejection]] = []
        for article_id, result in results:
            article = by_id[article_id]
            if isinstance(result, str):
                out.append((article, Rejection(source_path=article.source_path or article_id, reason=result)))
            else:
                out.append((article, result))
        return out

    size = shard_size(len(articles), workers)
    shards = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
    if workers == 1:
        for shard in shards:
            yield convert(analyze_shard(shard))
        return

    ctx = multiprocessing.get_context("spawn")  # no forked copies of parent threads/model state
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(analyze_shard, shard) for shard in shards]
        # In submission order, not as completed: the corpus stores articles (and numbers them) in
        # the order it receives them, and the same input must give the same corpus however the
        # workers' speeds vary.  A shard that finishes early waits for the ones before it.
        for future, shard in zip(futures, shards, strict=True):
            try:
                yield convert(future.result())
            except Exception as exc:  # noqa: BLE001 - a dead worker loses its shard only
                reason = f"analysis worker failed: {type(exc).__name__}: {exc}".splitlines()[0]
                yield [(a, Rejection(source_path=a.source_path or a.id, reason=reason)) for a in shard]


def analyze_local(
    articles: Sequence[Article],
    workers: int | None = None,
    on_progress: ProgressFn | None = None,
) -> tuple[dict[str, ArticleAnalysis], list[Rejection]]:
    """Analyse every article; failures become Rejections, never exceptions."""
    analyses: dict[str, ArticleAnalysis] = {}
    rejected: list[Rejection] = []
    for shard in iter_analyzed(articles, workers):
        for article, result in shard:
            if isinstance(result, Rejection):
                rejected.append(result)
            else:
                analyses[article.id] = result
        if on_progress:
            on_progress(len(shard))
    return analyses, rejected
