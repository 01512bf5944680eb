"""The Spark job (local[2]) and the laptop path give the same articles, quotes, rejections and stories.

The WARC is built here from real-looking news pages: three events reported by three outlets, one
wire copy with another headline (a near-duplicate), an exact re-crawl (a duplicate id), a footer
line one outlet repeats (batch boilerplate), an image, a 404 and a page with no article text.
Skips without Java or pyspark (Debian: ``apt-get install openjdk-17-jre-headless``).
"""

from __future__ import annotations

import importlib.util
import io
import shutil
from pathlib import Path

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest import load_paths
from newsprism.pipeline import group_articles, story_item
from newsprism.runners.local import analyze_local
from newsprism.store.corpus import Corpus
from newsprism.stories.blocking import group_batch

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="needs Java: apt-get install openjdk-17-jre-headless"),
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="needs pyspark (pip install pyspark)"),
]

FOOTER = "<p>Follow the Riverside Courier for live updates</p>"


def page(title: str, date: str, paragraphs: list[str], site: str, extra: str = "") -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}">
</head><body><header><nav><a href="/">{site}</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<article><h1>{title}</h1>
{body}
{extra}
</article><footer><p>Contact us</p><p>Privacy policy</p></footer></body></html>""".encode()


FLOOD_HERALD = [
    "The new tidal flood barrier across the Wend estuary was closed for the first time on Saturday, as engineers "
    "ran a four-hour test of its steel gates and pumping stations ahead of the winter storm season.",
    "\"Every gate sealed within the design time and the pumps held the water level steady,\" said Priya Nair, "
    "the project manager for the Environment Agency, who watched the test from the control tower at Harmouth.",
    "The barrier, which cost 310 million pounds and took six years to build, is designed to protect about 12,000 "
    "homes in Harmouth and Lower Wend from a storm surge of up to three metres.",
    "Fishing crews were told to keep clear of the estuary mouth during the closure, and the harbour master said "
    "the shipping channel reopened shortly after 2pm without delays.",
    "A second full closure is planned for December, before the spring tides and the storm peak that forecasters "
    "expect in January. The agency said residents would be warned by text message before each test.",
]
FLOOD_COURIER = [
    "Engineers sealed the Wend estuary with its new flood barrier on Saturday in a first live test that "
    "residents of Harmouth had waited six years to see.",
    "Priya Nair, who leads the project for the Environment Agency, said the gates \"performed exactly as "
    "designed\" and that the pumping stations kept the river below the warning level for the full four hours.",
    "Local councillor Tom Ashby said the barrier would finally let families in Lower Wend insure their homes. "
    "\"People here have lived with sandbags by the door for a generation,\" he said.",
    "The 310-million-pound barrier will be closed again in December ahead of the January storm peak.",
]
BUS_COURIER = [
    "Marlow city council voted on Tuesday to freeze bus fares at two pounds for another year, rejecting a "
    "proposal from the transport committee to raise the single fare to 2.40 pounds.",
    "\"A fare rise now would push people back into their cars just as we are trying to cut congestion,\" council "
    "leader Sarah Okafor told the chamber before the vote, which passed by 31 votes to 12.",
    "The freeze will cost the council about 4.5 million pounds, to be paid from the parking reserve. "
    "Opposition members said the money should go to new routes in the northern estates instead.",
]
BUS_HERALD = [
    "Bus passengers in Marlow will keep paying two pounds a journey after councillors backed a fare freeze "
    "on Tuesday evening.",
    "Council leader Sarah Okafor said raising fares would undo the rise in bus use since the cap began. "
    "\"Ridership is up 18 percent and we are not going to throw that away,\" she said.",
    "The transport committee had recommended a 2.40-pound fare. The 4.5-million-pound cost of the freeze will "
    "come from the council's parking reserve, a move the opposition Green group called short-sighted.",
]
FIRE_GAZETTE = [
    "About 3,000 residents of Pine Hollow were ordered to leave their homes on Thursday as a wildfire driven by "
    "dry north winds spread through the Sierra foothills east of Alder Creek.",
    "\"The fire jumped the highway twice this afternoon and we are not taking any chances,\" fire chief Daniel "
    "Reyes said at an evening briefing at the Alder Creek high school, which is being used as a shelter.",
    "The fire has burned about 4,200 acres and was 5 percent contained by nightfall, according to the state "
    "forestry department. No injuries have been reported.",
]
FIRE_COURIER = [
    "A fast-moving wildfire in the Sierra foothills forced the evacuation of Pine Hollow on Thursday, with "
    "crews struggling against gusting north winds near Alder Creek.",
    "Fire chief Daniel Reyes said the blaze had crossed the highway twice. \"We need everyone out of Pine Hollow "
    "tonight,\" he said, adding that the Alder Creek high school had opened as a shelter.",
    "State forestry officials said the fire covered some 4,200 acres and was 5 percent contained.",
]


def build_warc(path: Path) -> None:
    """Write the test crawl: the pages above plus the records a real crawl also holds."""
    c, h, g = "riversidecourier.example", "coastalherald.example", "valleygazette.example"
    pages = [
        (f"https://www.{h}/news/flood-barrier-first-test", page("Wend flood barrier closes in first full test",
                                                                 "2024-11-02", FLOOD_HERALD, "Coastal Herald")),
        (f"https://www.{c}/img/barrier.jpg", None),
        (f"https://www.{c}/local/barrier-test-residents", page("Harmouth watches its flood barrier close at last",
                                                               "2024-11-02", FLOOD_COURIER, "Riverside Courier",
                                                               FOOTER)),
        # the Herald's story republished by the Gazette with its own headline and a byline line
        (f"https://www.{g}/wire/estuary-barrier", page("Estuary barrier passes first test", "2024-11-03",
                                                       ["By Coastal Herald staff", *FLOOD_HERALD], "Valley Gazette")),
        (f"https://www.{c}/local/bus-fare-freeze", page("Marlow freezes bus fares for another year", "2024-11-05",
                                                        BUS_COURIER, "Riverside Courier", FOOTER)),
        (f"https://www.{h}/news/marlow-bus-fares", page("Councillors back two-pound bus fare freeze", "2024-11-05",
                                                        BUS_HERALD, "Coastal Herald")),
        (f"https://www.{c}/local/bus-fare-freeze?utm_source=feed", page("Marlow freezes bus fares for another year",
                                                                        "2024-11-05", BUS_COURIER,
                                                                        "Riverside Courier", FOOTER)),
        (f"https://www.{g}/news/pine-hollow-fire", page("Pine Hollow evacuated as wildfire jumps highway",
                                                        "2024-11-07", FIRE_GAZETTE, "Valley Gazette")),
        (f"https://www.{c}/national/pine-hollow-evacuation", page("Wildfire forces Pine Hollow evacuation",
                                                                  "2024-11-07", FIRE_COURIER, "Riverside Courier",
                                                                  FOOTER)),
        (f"https://www.{h}/search?q=barrier", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    ]
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test-crawler/1.0"}))
    for uri, body in pages:
        if body is None:
            http = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
            body = b"\xff\xd8\xff" + bytes(800)
        else:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": "2024-11-08T06:00:00Z"}))
    http = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        f"https://www.{g}/old-page", "response", payload=io.BytesIO(b"<html><body>Not found</body></html>"),
        http_headers=http))
    path.write_bytes(buf.getvalue())


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Both paths over the same WARC, once for the module (one Spark session)."""
    from newsprism.runners.spark import (
        group_stories_rdd,
        load_into_corpus,
        read_output,
        run_spark_job,
        spark_session,
    )

    tmp = tmp_path_factory.mktemp("spark")
    warc = tmp / "CC-NEWS-20241108-00001.warc.gz"
    build_warc(warc)
    # a crawl file holding only its warcinfo header: both paths must name it, not pass over it
    info_only = tmp / "CC-NEWS-20241108-00002.warc.gz"
    buf = io.BytesIO()
    head = WARCWriter(buf, gzip=True)
    head.write_record(head.create_warcinfo_record(info_only.name, {"software": "test-crawler/1.0"}))
    info_only.write_bytes(buf.getvalue())

    articles, rejected = load_paths([warc, info_only])
    analyses, failed = analyze_local(articles, workers=1)
    items = [story_item(a, analyses[a.id]) for a in articles]
    local_batch = group_batch(items)
    incremental = group_articles(articles, analyses)

    spark = spark_session("local[2]")
    try:
        # 3 records per span: the crawl is read by 4 tasks, and the re-crawled duplicate sits in
        # another span than its first copy, so "first copy in file order" is tested across tasks
        result = run_spark_job([warc, info_only], tmp / "out", spark=spark, partitions=4, records_per_split=3)
        from test_stories_grouping import FERRIES

        ferries_spark = group_stories_rdd(spark.sparkContext.parallelize(FERRIES, 2))
    finally:
        spark.stop()
    spark_rows, spark_rejected = read_output(tmp / "out")
    db = tmp / "corpus.duckdb"
    load_into_corpus(tmp / "out", db)
    return {
        "out": tmp / "out", "db": db, "articles": articles, "analyses": analyses,
        "rejected": [*rejected, *failed], "local_batch": local_batch, "incremental": incremental,
        "result": result, "spark_rows": spark_rows, "spark_rejected": spark_rejected, "ferries": ferries_spark,
    }


def test_local_path_reads_the_warc(runs: dict) -> None:
    arts = runs["articles"]
    assert len(arts) == 7  # 9 pages: the re-crawl is a duplicate id, the search page has no text
    assert {a.outlet for a in arts} == {"riversidecourier.example", "coastalherald.example", "valleygazette.example"}
    courier = [a for a in arts if a.outlet == "riversidecourier.example"]
    assert all("Follow the Riverside Courier" not in a.text for a in courier)  # outlet boilerplate removed
    reasons = " | ".join(r.reason for r in runs["rejected"])
    assert "duplicate of" in reasons


def test_same_articles_and_analyses(runs: dict) -> None:
    spark = {a.id: (a, an) for a, an, _, _ in runs["spark_rows"]}
    local = {a.id: a for a in runs["articles"]}
    assert spark.keys() == local.keys()
    for aid, art in local.items():
        s_art, s_an = spark[aid]
        assert s_art == art
        assert s_an == runs["analyses"][aid]
    n_quotes = sum(len(an.quotes) for an in runs["analyses"].values())
    assert n_quotes >= 10  # every article quotes someone: the comparison is not vacuous


def test_same_rejections(runs: dict) -> None:
    key = lambda r: (r.source_path, r.reason)  # noqa: E731
    assert sorted(runs["spark_rejected"], key=key) == sorted(runs["rejected"], key=key)
    assert any(r.source_path.endswith("00002.warc.gz") and r.reason.startswith("no HTML page in this WARC")
               for r in runs["spark_rejected"])


def test_same_stories(runs: dict) -> None:
    """The Spark job groups with the incremental grouper on the driver: the local decisions exactly."""
    spark_story = {a.id: sid for a, _, sid, _ in runs["spark_rows"]}
    spark_dups = {a.id: d for a, _, _, d in runs["spark_rows"] if d}
    by_story: dict[str, set[str]] = {}
    for aid, sid in spark_story.items():
        by_story.setdefault(sid, set()).add(aid)
    stories = {frozenset(ids) for ids, _ in runs["incremental"]}
    assert {frozenset(v) for v in by_story.values()} == stories
    assert all(sid in ids for sid, ids in by_story.items())  # a story's id is one of its articles
    assert spark_dups == {k: v for _, d in runs["incremental"] for k, v in d.items()}
    assert len(stories) == 3 and sorted(map(len, stories)) == [2, 2, 3]
    assert len(spark_dups) == 1  # the Gazette's copy of the Herald's report
    # ... and the distributed batch form still finds the same stories on this well separated crawl
    assert {frozenset(v) for v in runs["local_batch"].stories.values()} == stories


def test_model_loaded_once_per_worker_and_typed_parquet(runs: dict) -> None:
    # 4 analysis tasks on local[2]: reused Python workers load the model at most once each
    assert 1 <= runs["result"].model_loads <= 2
    # 12 records in the crawl (warcinfo included), 3 per span, plus the header-only file's one record
    assert runs["result"].warc["records"] == 13 and runs["result"].warc["html_responses"] == 9
    assert runs["result"].read_tasks == 5
    con = duckdb.connect()
    schema = dict(con.execute(
        "SELECT name, type FROM parquet_schema(?)", [str(runs["out"] / "articles" / "*.parquet")]
    ).fetchall())
    for col in ("id", "outlet", "title", "url", "published", "text", "analysis_json", "story_id"):
        assert schema[col] == "BYTE_ARRAY", col
    assert schema["arrival"] == "INT64"


def test_corpus_holds_the_spark_result(runs: dict) -> None:
    with Corpus(runs["db"], read_only=True) as corpus:
        assert corpus.count("articles") == 7
        assert corpus.count("quotes") == sum(len(an.quotes) for an in runs["analyses"].values())
        rows = corpus.stories()
        assert sorted(r.articles + r.copies for r in rows) == [2, 2, 3]
        flood = next(r for r in rows if r.copies == 1)
        assert flood.outlets == ["coastalherald.example", "riversidecourier.example", "valleygazette.example"]


def test_spark_re_tests_lone_articles_like_the_batch_grouper(runs: dict) -> None:
    """Step 8 (a lone report merged into the story a later report joined) runs distributed too."""
    from test_stories_grouping import FERRIES

    batch = group_batch(FERRIES)
    spark = runs["ferries"]
    assert spark.story_of == batch.story_of
    groups = {frozenset(m) for m in spark.stories.values()}
    assert frozenset({"ferry-1", "ferry-captain", "ferry-2"}) in groups  # the merge fired
    assert frozenset({"ferry-tanzania"}) in groups


def test_a_later_ingest_joins_the_stories_spark_loaded(runs: dict, tmp_path: Path) -> None:
    """The load writes the incremental grouper's state too: the next local ingest continues from it."""
    import shutil

    from newsprism.runners.corpus import ingest_paths

    db = tmp_path / "corpus.duckdb"
    shutil.copy(runs["db"], db)
    original = next(a for a in runs["articles"] if a.outlet == "riversidecourier.example")
    with Corpus(db, read_only=True) as corpus:
        sid = corpus.con.execute("SELECT story_id FROM assignments WHERE article_id = ?", [original.id]).fetchone()[0]
    follow = tmp_path / "in" / "followup.txt"
    follow.parent.mkdir()
    follow.write_text(original.text + "\n\nThis report was updated on Sunday with comments from residents.\n",
                      encoding="utf-8")
    with Corpus(db) as corpus:
        stats = ingest_paths(corpus, [follow.parent], workers=1)
        assert stats.analysed == 1 and stats.assigned == 1
        members, dups = corpus.story_members(sid)
    new_id = next(m for m in members if m not in {a.id for a in runs["articles"]})
    assert dups.get(new_id) == original.id  # recognised as a copy of the Spark-loaded original
