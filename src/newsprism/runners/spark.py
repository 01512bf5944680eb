"""The distributed path: WARC files -> articles -> analyses -> stories on PySpark, then Parquet / DuckDB.

Every step calls the code the laptop path calls, so the two cannot drift apart:

* reading: :func:`newsprism.ingest.loader.read_path` (WARC via ``iter_warc``), one task per span of a
  file: a large WARC is cut into spans of whole records (``path_splits``, scanned one task per file)
  so that HTML extraction uses every core even when the crawl comes as a few big files;
* batch cleaning: the loader's exact-duplicate rule and :func:`~newsprism.ingest.loader.apply_boilerplate`
  per outlet (``groupByKey`` on the outlet: boilerplate is "a line >= 3 articles of *one outlet* share");
* analysis: :func:`newsprism.runners.local.analyze_shard` (``analyze_many`` over shards of the
  local runner's size) inside ``mapPartitions``.  The spaCy model is loaded by ``load_nlp`` in each
  Python worker the first time it needs it and cached there; Python workers are reused across
  tasks (``spark.python.worker.reuse``), so an executor loads it once.  It is never broadcast;
* stories: each executor computes its articles' grouping signals
  (:meth:`~newsprism.stories.grouping.StoryGrouper.signals`: term counts, entity keys, dates, frames,
  embedding, MinHash; a few KB, never the text) beside the analysis; the driver feeds them, in the
  order ``analyze`` would, to one :class:`~newsprism.stories.grouping.StoryGrouper`, so the Spark
  job decides exactly the stories the local path decides.  Why not the distributed batch form
  (:mod:`newsprism.stories.blocking`, ``group_stories_rdd``): it links each article to its best
  earlier partner and takes connected components, single linkage, which chains neighbouring
  events into one story on dense news; average linkage against a story's members is sequential.
  The grouping itself costs ~1-3 ms per article on the driver, against ~100-200 ms of analysis
  per article spread over the executors.

Output (``out/``): ``articles/`` Parquet with one typed schema (:data:`ARTICLE_COLUMNS`), one row per
article with its analysis as JSON and its story; ``rejections/`` Parquet (source_path, reason).
:func:`load_into_corpus` loads them into the DuckDB corpus for browsing.

Paths must be readable at the same path by every executor (local mode, or a shared file system).
pyspark is imported lazily so that the rest of newsprism works without it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.ingest.loader import (
    apply_boilerplate,
    expand_paths,
    path_splits,
    read_path,
    same_text_rejections,
)
from newsprism.ingest.warc import Span, WarcStats, nothing_read_reason
from newsprism.model import Article, ArticleAnalysis, Rejection
from newsprism.stories import blocking
from newsprism.stories.blocking import GroupingParams
from newsprism.stories.grouping import StoryGrouper

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

# The Parquet schema of out/articles: (name, Spark SQL type).  Article fields that are lists are
# stored as JSON strings so the schema never changes with the model's nesting.
ARTICLE_COLUMNS: list[tuple[str, str]] = [
    ("id", "string"),
    ("outlet", "string"),
    ("outlet_key", "string"),
    ("title", "string"),
    ("url", "string"),
    ("published", "string"),
    ("author", "string"),
    ("source_path", "string"),
    ("language", "string"),
    ("text", "string"),
    ("raw_text", "string"),
    ("offset_map_json", "string"),
    ("removed_json", "string"),
    ("analysis_json", "string"),
    ("story_id", "string"),
    ("duplicate_of", "string"),
    ("arrival", "bigint"),  # position in date order (the order the stories were formed in)
]
REJECTION_COLUMNS: list[tuple[str, str]] = [("source_path", "string"), ("reason", "string")]

# Story grouping: articles per shuffle partition beyond one per core (features are a few KB each).
ARTICLES_PER_GROUPING_PARTITION = 20_000

SrcOrder = tuple[int, int, int]  # (file index, span index, item index in the span): the local loader's order


@dataclass
class SparkResult:
    articles: int
    rejected: int
    stories: int
    duplicates: int
    model_loads: int  # how many Python workers loaded the NLP model
    read_tasks: int = 0  # file spans read in parallel (a large WARC is several)
    warc: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


# --- session ----------------------------------------------------------------------------------------

# Short local jobs spend much of their time in the JVM's optimising JIT and GC threads, which compete
# with the Python workers for the cores; C1 only and the serial GC halved session start on a loaded
# 2-core machine (40 s -> 20 s).  Only applied to local masters: a long cluster job wants C2.
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def spark_session(master: str = "local[2]", app_name: str = "newsprism", conf: dict[str, str] | None = None) -> SparkSession:
    """A session whose Python workers run this very interpreter (and so this newsprism and spaCy)."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.pyspark.python", sys.executable)
        .config("spark.python.worker.reuse", "true")  # one model load per worker process, not per task
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        builder = builder.config("spark.driver.extraJavaOptions", LOCAL_JAVA_OPTIONS)
    for k, v in (conf or {}).items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# --- executor-side functions (module level: pickled by reference, imported on the worker) -------------
# Rows between stages are tagged: ("a", order, Article), ("r", order, Rejection), ("s", order, stats
# dict).  Rejections and stats ride along through the shuffles so that no stage is computed twice.

Row = tuple[str, SrcOrder, Any]


def _file_splits(indexed: tuple[int, str], records_per_split: int) -> list[tuple[int, str, int, Span]]:
    """The spans of one input file (several for a large WARC: see ``warc_splits``), numbered in file order."""
    idx, path = indexed
    return [(idx, path, k, span) for k, span in enumerate(path_splits(Path(path), records_per_split))]


def _read_split(split: tuple[int, str, int, Span]) -> Iterator[Row]:
    """One span of one file, read by the loader's ``read_path`` (WARC via ``iter_warc``), plus its WarcStats."""
    idx, path, k, span = split
    stats = WarcStats()
    n = 0
    for item in read_path(Path(path), stats, span):
        yield ("a" if isinstance(item, Article) else "r", (idx, k, n), item)
        n += 1
    yield (
        "s",
        (idx, k, n),
        {
            "path": path,
            "items": n,  # a file none of whose spans gave anything is named by the driver
            "records": stats.records,
            "html_responses": stats.html_responses,
            "articles": stats.articles,
            "rejected": stats.rejected,
            "skipped": dict(stats.skipped),
        },
    )


def _silent_files(stat_rows: list[Row]) -> list[Rejection]:
    """A Rejection for each file whose spans gave no article and no rejection (as ``load_paths`` does)."""
    per_file: dict[int, tuple[str, int, WarcStats]] = {}
    for _kind, (idx, _k, _n), s in sorted(stat_rows, key=lambda r: r[1]):
        path, items, stats = per_file.get(idx, (s["path"], 0, WarcStats()))
        stats.add(WarcStats(records=s["records"], skipped=Counter(s["skipped"])))
        per_file[idx] = (path, items + s["items"], stats)
    return [
        Rejection(source_path=path, reason=nothing_read_reason(stats))
        for path, items, stats in per_file.values()
        if items == 0
    ]


def _key_by(field_name: str) -> Any:
    """Key articles by ``id`` or ``outlet_group``; other rows get a key of their own (they only pass through)."""

    def key(row: Row) -> tuple[str, Row]:
        if row[0] == "a":
            return getattr(row[2], field_name), row
        return f"\x00{row[0]}:{row[1]}", row

    return key


def _first_of_id(group: tuple[str, Iterable[Row]]) -> Iterator[Row]:
    """The loader's ``_dedupe`` for one id (:func:`same_text_rejections`): the first copy in load order stays."""
    _key, rows = group
    ordered = sorted(rows, key=lambda r: r[1])
    if ordered[0][0] != "a":
        yield from ordered
        return
    for (_, order, art), rejection in zip(ordered, same_text_rejections([r[2] for r in ordered]), strict=True):
        yield ("a", order, art) if rejection is None else ("r", order, rejection)


def _outlet_boilerplate(group: tuple[str, Iterable[Row]]) -> Iterator[Row]:
    """The loader's ``apply_boilerplate`` on one outlet's articles, in load order.

    The whole outlet is one group: boilerplate is "a line >= 3 articles of one outlet share",
    which needs them together (a large outlet's texts of one crawl fit one task comfortably).
    """
    _key, rows = group
    ordered = sorted(rows, key=lambda r: r[1])
    if ordered[0][0] != "a":
        yield from ordered
        return
    kept, rejected = apply_boilerplate([a for _, _, a in ordered])
    order_of = {a.source_path: o for _, o, a in ordered}
    for art in kept:
        yield "a", order_of[art.source_path], art
    for rej in rejected:
        yield "r", order_of.get(rej.source_path, (-1, -1, -1)), rej


def _analyze_partition(rows: Iterator[Row], loads: Any, settings: dict[str, Any]) -> Iterator[tuple]:
    """The local runner's worker function (``analyze_shard``) over shards of this partition.

    Yields ("a", order, Article, analysis JSON, ItemSignals), or ("r", order, Rejection) for failures
    and the rejections passing through.  The story grouping's per-article half
    (``StoryGrouper.signals``) is computed here, while the analysis is at hand, so the stories
    stage neither re-reads the analysis JSON nor carries the articles.
    """
    # Imported here, not at module level: the stories-stage tasks import this module too and need
    # no spaCy (it was 4.3 s per fresh Python worker while thinc imported torch with it; ~1 s now).
    # Measured: no change while workers are reused (the stories stage's 34 s -> 12 s came from
    # the model freeze in analyze_shard); it matters when a worker is started afresh.
    from newsprism.nlp import load_nlp
    from newsprism.pipeline import story_item
    from newsprism.runners.local import MAX_SHARD_SIZE, analyze_shard

    grouper = StoryGrouper(**settings)  # only its settings are read (signals touch no state)
    shard: list[tuple[SrcOrder, Article]] = []

    def flush() -> Iterator[tuple]:
        if load_nlp.cache_info().currsize == 0:
            loads.add(1)  # this Python worker is about to load the model (the first shard it sees)
        by_id = {a.id: (o, a) for o, a in shard}
        for article_id, result in analyze_shard([a for _, a in shard]):
            order, art = by_id[article_id]
            if isinstance(result, str):
                yield "r", order, Rejection(source_path=art.source_path or art.id, reason=result)
            else:
                yield "a", order, art, result.model_dump_json(), grouper.signals(story_item(art, result))
        shard.clear()

    for row in rows:
        if row[0] != "a":
            yield row
            continue
        shard.append((row[1], row[2]))
        if len(shard) >= MAX_SHARD_SIZE:  # the same nlp.pipe batching as the local runner
            yield from flush()
    if shard:
        yield from flush()


def _row(art: Article, analysis_json: str, story_id: str, duplicate_of: str | None, arrival: int) -> tuple:
    return (
        art.id, art.outlet, art.outlet_key, art.title, art.url, art.published, art.author, art.source_path, art.language,
        art.text, art.raw_text, json.dumps(art.offset_map), json.dumps([m.model_dump() for m in art.removed]),
        analysis_json, story_id, duplicate_of, arrival,
    )


# --- distributed story grouping ----------------------------------------------------------------------


def group_stories_rdd(items: RDD, params: GroupingParams | None = None) -> blocking.BatchGrouping:
    """:func:`newsprism.stories.blocking.group_batch`, distributed: ``items`` is an RDD of StoryItems."""
    params = params or GroupingParams.from_grouper()
    return group_counts_rdd(items.map(lambda it: blocking.item_counts(it, params)), params)


def group_counts_rdd(counts: RDD, params: GroupingParams) -> blocking.BatchGrouping:
    """Stories from an RDD of ``blocking.ItemCounts`` (the per-article half of the grouping).

    Document frequencies are a ``reduceByKey``; only keys seen at least twice are broadcast (a
    missing key counts once, see ``blocking.featurize``).  Blocking keys are exploded and
    repartitioned by key (``groupByKey``); pair counts and candidate choice are shuffles keyed by
    the later article; only the links (two ids each) and the order keys reach the driver, where
    the components are found (a few bytes per article: tens of millions fit one driver).
    """
    sc = counts.context
    # Every stage of this graph runs one Python task per partition; the analysis's partitions
    # (several per core, for balance) are far more than a few bytes per article need, and each
    # task costs a Python round trip: one partition per core, more only for very large batches.
    n_in = counts.getNumPartitions()
    parts = max(1, min(n_in, sc.defaultParallelism))
    counts = counts.coalesce(parts).cache()
    # the order keys and the document frequencies in one pass: ("o", id) -> order, ("d", key) -> df
    both = (
        counts.flatMap(lambda c: [(("o", c.article_id), c.order), *((("d", k), 1) for k in blocking.df_keys(c))])
        .reduceByKey(lambda a, b: a + b, parts)
        .filter(lambda kv: kv[0][0] == "o" or kv[1] > 1)
        .collect()
    )
    order = {k[1]: v for k, v in both if k[0] == "o"}
    df = {k[1]: v for k, v in both if k[0] == "d"}
    n = len(order)
    parts = max(parts, n // ARTICLES_PER_GROUPING_PARTITION)
    df_b = sc.broadcast(df)
    featured = counts.map(lambda c: blocking.featurize(c, n, df_b.value, params)).map(lambda f: (f.article_id, f)).cache()
    cap, mc = params.posting_cap, params.max_candidates
    order_b = sc.broadcast(order)
    chosen = (
        featured.flatMap(lambda kv: [(k, (kv[1].order, kv[0])) for k in kv[1].keys])
        .groupByKey(parts)  # explode blocking keys, repartition by key
        .flatMap(lambda kv: [((a, b), 1) for a, b in blocking.key_pairs(kv[1], cap)])
        .reduceByKey(lambda a, b: a + b, parts)  # shared keys per pair
        .map(lambda kv: (kv[0][1], (kv[0][0], kv[1], order_b.value[kv[0][0]])))
        .groupByKey(parts)
        .flatMap(lambda kv: [(e, kv[0]) for e in blocking.choose_candidates(kv[1], mc)])
    )
    # the earlier article's features go to the later article, which meets its own in one cogroup
    cand_feats = chosen.join(featured, parts).map(lambda kv: (kv[1][0], kv[1][1]))
    # later article -> (its own features, its candidates' features in order)
    meets = (
        cand_feats.cogroup(featured, parts)
        .filter(lambda kv: len(kv[1][0]) > 0)
        .map(lambda kv: (kv[0], (next(iter(kv[1][1])), sorted(kv[1][0], key=lambda f: f.order))))
        .cache()
    )
    collected = meets.map(lambda kv: blocking.best_link(kv[1][0], kv[1][1], params)).collect()
    links = [link for found, _ in collected for link in found]
    result = blocking.connected_components(order, links)
    n_scored = sum(s for _, s in collected)
    if params.merge_threshold is not None:
        extra, scored = _lone_links_rdd(featured, meets, result, links, params, parts)
        n_scored += scored
        if extra:
            result = blocking.connected_components(order, links + extra)
    result.n_scored = n_scored
    meets.unpersist()
    counts.unpersist()
    featured.unpersist()
    return result


def _lone_links_rdd(
    featured: RDD, meets: RDD, first: blocking.BatchGrouping, links: list[blocking.Link], params: GroupingParams, parts: int
) -> tuple[list[blocking.Link], int]:
    """Step 8 of :mod:`newsprism.stories.blocking` (the re-test of lone articles), distributed.

    The stories of step 7 are on the driver already (a story id per article); the summed features
    of each story with two or more members are a ``groupByKey`` on the story id (members summed in
    arrival order, as ``group_batch`` does, so the floating-point sums are the same), joined to
    each article that linked by score, which then calls the shared ``lone_links``.
    """
    sc = featured.context
    story_of = first.story_of
    sizes: dict[str, int] = {}
    for sid in story_of.values():
        sizes[sid] = sizes.get(sid, 0) + 1
    by_score = {link.later for link in links if link.kind == "score"}
    if not by_score:
        return [], 0
    lone_b = sc.broadcast({a for a, sid in story_of.items() if sizes[sid] == 1})
    story_b = sc.broadcast({a: sid for a, sid in story_of.items() if sizes[sid] > 1})
    by_score_b = sc.broadcast(by_score)
    summed = (
        featured.filter(lambda kv: kv[0] in story_b.value)
        .map(lambda kv: (story_b.value[kv[0]], kv[1]))
        .groupByKey(parts)
        .mapValues(lambda fs: blocking.story_features(f.feats for f in sorted(fs, key=lambda f: f.order)))
    )
    found = (
        meets.filter(lambda kv: kv[0] in by_score_b.value)
        .map(lambda kv: (story_b.value[kv[0]], kv[1]))
        .join(summed, parts)
        .map(lambda kv: blocking.lone_links(kv[1][0][0], kv[1][1], kv[1][0][1], lone_b.value, params))
        .collect()
    )
    return [link for fl, _ in found for link in fl], sum(n for _, n in found)


def _schema(columns: list[tuple[str, str]]) -> Any:
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    types = {"string": StringType(), "bigint": LongType()}
    return StructType([StructField(name, types[t], True) for name, t in columns])


# --- the job -------------------------------------------------------------------------------------------


def run_spark_job(
    paths: Sequence[str | Path],
    out: str | Path,
    spark: SparkSession | None = None,
    master: str = "local[2]",
    partitions: int | None = None,
    grouping: dict[str, Any] | None = None,
    records_per_split: int = 128,
) -> SparkResult:
    """WARC (or any ingest format) files -> out/articles and out/rejections Parquet.

    ``partitions`` is the number of analysis tasks (default: four per core: article lengths vary,
    and with two per core the last slow partition left a core idle; Python workers are reused, so
    a task costs little more than its articles).  ``records_per_split``: WARC records per reading
    task (128 records of a CC-News-like crawl is ~50 pages, a few seconds of extraction).
    ``grouping``: :class:`~newsprism.stories.grouping.StoryGrouper` settings (default: its defaults).
    """
    from pyspark import StorageLevel

    settings = dict(grouping or {})
    own_session = spark is None
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    out = Path(out)
    secs: dict[str, float] = {}
    t0 = time.perf_counter()

    files, missing = expand_paths(paths)
    n_parts = partitions or 4 * sc.defaultParallelism
    loads = sc.accumulator(0)
    rps = records_per_split
    splits = (
        sc.parallelize(list(enumerate(str(f) for f in files)), max(1, len(files)))
        .flatMap(lambda f: _file_splits(f, rps))  # one scan task per file; a few bytes per span
        .collect()
    )
    analyzed = (
        sc.parallelize(splits, max(1, len(splits)))
        .flatMap(_read_split)  # one task per span
        .map(_key_by("id"))
        .groupByKey()
        .flatMap(_first_of_id)  # exact duplicates, as read
        .map(_key_by("outlet_group"))
        .groupByKey()
        .flatMap(_outlet_boilerplate)  # per-outlet boilerplate lines
        .map(_key_by("id"))
        .groupByKey(n_parts)  # exact duplicates again, and the analysis partitions
        .flatMap(_first_of_id)
        .mapPartitions(lambda rows: _analyze_partition(rows, loads, settings))
    )
    analyzed.persist(StorageLevel.MEMORY_AND_DISK)
    side = analyzed.filter(lambda r: r[0] != "a").collect()
    rejected = [*missing, *(r[2] for r in sorted(side, key=lambda r: r[1]) if r[0] == "r")]
    rejected += _silent_files([r for r in side if r[0] == "s"])
    warc: dict[str, Any] = {"records": 0, "html_responses": 0, "articles": 0, "rejected": 0, "skipped": {}}
    for s in (r[2] for r in side if r[0] == "s"):
        for k in ("records", "html_responses", "articles", "rejected"):
            warc[k] += s[k]
        for k, v in s["skipped"].items():
            warc["skipped"][k] = warc["skipped"].get(k, 0) + v
    good = analyzed.filter(lambda r: r[0] == "a")
    secs["read+clean+analyze"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    grouper = StoryGrouper(**settings)
    # the local path's feed order: load order (source order here), then dated first by date
    signals = [sig for _, sig in sorted(good.map(lambda r: (r[1], r[4])).collect(), key=lambda t: t[0])]
    signals.sort(key=lambda g: (0, g.published) if g.published else (1, ""))
    story_of = grouper.assign_signals(signals)
    secs["stories"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    arrival = {a: i for i, a in enumerate(sorted(story_of, key=grouper.arrival_number))}
    dups = grouper.duplicates
    assign_b = sc.broadcast({a: (sid, dups.get(a), arrival[a]) for a, sid in story_of.items()})
    rows = good.map(lambda r: _row(r[2], r[3], *assign_b.value[r[2].id]))
    spark.createDataFrame(rows, _schema(ARTICLE_COLUMNS)).write.mode("overwrite").parquet(str(out / "articles"))
    spark.createDataFrame([(r.source_path, r.reason) for r in rejected], _schema(REJECTION_COLUMNS)).coalesce(
        1
    ).write.mode("overwrite").parquet(str(out / "rejections"))
    secs["write"] = time.perf_counter() - t2
    analyzed.unpersist()
    result = SparkResult(
        articles=len(arrival),
        rejected=len(rejected),
        stories=len(set(story_of.values())),
        duplicates=len(dups),
        model_loads=loads.value,
        read_tasks=len(splits),
        warc=warc,
        seconds=secs,
    )
    if own_session:
        spark.stop()
    return result


# --- Parquet -> DuckDB ------------------------------------------------------------------------------------


def read_output(out: str | Path) -> tuple[list[tuple[Article, ArticleAnalysis, str, str | None]], list[Rejection]]:
    """The job's Parquet back as model objects, in arrival order (DuckDB reads Parquet; no Spark needed)."""
    import duckdb

    out = Path(out)
    con = duckdb.connect()
    cols = ", ".join(n for n, _ in ARTICLE_COLUMNS)
    rows = con.execute(
        f"SELECT {cols} FROM read_parquet(?) ORDER BY arrival", [str(out / "articles" / "*.parquet")]
    ).fetchall()
    arts = []
    for r in rows:
        d = dict(zip((n for n, _ in ARTICLE_COLUMNS), r, strict=True))
        art = Article(
            id=d["id"], outlet=d["outlet"], outlet_key=d["outlet_key"], title=d["title"], url=d["url"], published=d["published"],
            author=d["author"], source_path=d["source_path"], language=d["language"], text=d["text"],
            raw_text=d["raw_text"] or "", offset_map=json.loads(d["offset_map_json"] or "[]"),
            removed=json.loads(d["removed_json"] or "[]"),
        )
        arts.append((art, ArticleAnalysis.model_validate_json(d["analysis_json"]), d["story_id"], d["duplicate_of"]))
    rej_rows = con.execute(
        "SELECT source_path, reason FROM read_parquet(?) ORDER BY source_path, reason", [str(out / "rejections" / "*.parquet")]
    ).fetchall()
    con.close()
    return arts, [Rejection(source_path=s, reason=r) for s, r in rej_rows]


def load_into_corpus(out: str | Path, db: str | Path) -> int:
    """Load the job's output into a DuckDB corpus (articles, analyses, quotes, story assignments)."""
    from newsprism.pipeline import story_item
    from newsprism.runners.corpus import dump_grouper, load_grouper
    from newsprism.store.corpus import Corpus
    from newsprism.store.snapshot import publish

    arts, rejected = read_output(out)
    with Corpus(db) as corpus:
        added = 0
        for i in range(0, len(arts), 500):
            chunk = arts[i : i + 500]
            added += corpus.add_analysed([(a, an) for a, an, _, _ in chunk])
        known = {r[0] for r in corpus.con.execute("SELECT article_id FROM assignments").fetchall()}
        # The incremental grouper's state learns the Spark stories too (in arrival order), so a later
        # `newsprism ingest` into this corpus joins them instead of starting a fresh grouper.
        grouper = load_grouper(corpus)
        new = [(a, an, sid, dup) for a, an, sid, dup in arts if a.id not in known]
        for a, an, sid, _ in new:
            grouper.place(story_item(a, an), sid)
        corpus.set_assignments([(a.id, sid, dup) for a, _, sid, dup in new], dump_grouper(grouper))
        # Corpus.add_rejections uses ON CONFLICT on a table without a key, which DuckDB refuses;
        # plain inserts until the store fixes it (see the report).
        if rejected:
            corpus.con.executemany(
                "INSERT INTO rejections (source_path, reason) VALUES (?, ?)", [(r.source_path, r.reason) for r in rejected]
            )
        publish(corpus)  # what `newsprism serve` shows from now on
    return added
