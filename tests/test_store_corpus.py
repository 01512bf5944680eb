"""The persistent corpus: idempotent ingest, resumable after kill -9, stories readable back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsprism.runners.corpus import ingest_paths, story_report
from newsprism.store.corpus import Corpus

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "xi-putin"


def _paragraphs() -> list[str]:
    paras: list[str] = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        paras += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if len(p.split()) > 12]
    return paras


def _write_batch(folder: Path, n: int) -> None:
    """n distinct articles recombined from real paragraphs (distinct content hashes)."""
    paras = _paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = "\n\n".join(paras[(i + k) % len(paras)] for k in range(3 + i % 3))
        (folder / f"a{i:03d}.txt").write_text(f"This is report number {i} on the summit, filed by desk {i}.\n\n{body}\n", encoding="utf-8")


def test_reingesting_the_same_articles_is_a_noop(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        first = ingest_paths(corpus, [EXAMPLES], workers=1)
        assert first.analysed == 2 and first.assigned == 2
        again = ingest_paths(corpus, [EXAMPLES], workers=1)
        assert again.analysed == 0 and again.already_known == 2 and again.assigned == 0
        assert corpus.count("articles") == 2
        assert corpus.count("analyses") == 2
        assert corpus.count("assignments") == 2
        rows = corpus.stories()
        assert len(rows) == 1 and rows[0].articles == 2


def test_stored_story_report_matches_the_contract(tmp_path: Path) -> None:
    with Corpus(tmp_path / "c.duckdb") as corpus:
        ingest_paths(corpus, [EXAMPLES], workers=1)
        story_id = corpus.stories()[0].story_id
        report = story_report(corpus, story_id)
    data = json.loads(report.model_dump_json(by_alias=True))
    assert data["schema"] == "newsprism.report/1"
    assert [s["id"] for s in data["stories"]] == [story_id]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert any("colossal leap forward" in q["text"] for q in data["quotes"])
    for q in data["quotes"]:
        for s, e in q["spans"]:
            assert 0 <= s < e <= len(texts[q["article_id"]])


def test_a_new_batch_joins_existing_stories(tmp_path: Path) -> None:
    """Incremental: the grouper's state survives between ingests."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    files = sorted(EXAMPLES.glob("*.txt"))
    (one / files[0].name).write_bytes(files[0].read_bytes())
    (two / files[1].name).write_bytes(files[1].read_bytes())
    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        ingest_paths(corpus, [one], workers=1)
    with Corpus(db) as corpus:  # a later session, a fresh process state
        ingest_paths(corpus, [two], workers=1)
        rows = corpus.stories()
    assert len(rows) == 1 and rows[0].articles == 2


def _consistent(db: Path) -> tuple[int, int]:
    with Corpus(db) as corpus:
        con = corpus.con
        articles = corpus.count("articles")
        orphans = con.execute(
            "SELECT count(*) FROM articles a LEFT JOIN analyses n ON n.article_id = a.id WHERE n.article_id IS NULL"
        ).fetchone()[0]
        dangling = con.execute(
            "SELECT count(*) FROM assignments s LEFT JOIN articles a ON a.id = s.article_id WHERE a.id IS NULL"
        ).fetchone()[0]
        dup_ids = con.execute("SELECT count(*) - count(DISTINCT id) FROM articles").fetchone()[0]
        assert orphans == 0, "an article was stored without its analysis"
        assert dangling == 0, "an assignment points at no article"
        assert dup_ids == 0
        return articles, corpus.count("assignments")


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_a_consistent_resumable_corpus(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    _write_batch(batch, 40)
    db = tmp_path / "c.duckdb"
    cmd = [sys.executable, "-m", "newsprism.cli", "ingest", str(batch), "--db", str(db), "-j", "1", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(9.0)  # model load plus some shards: the kill lands mid-batch (any moment must be safe)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    if db.exists():
        _consistent(db)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    articles, assigned = _consistent(db)
    assert articles == 40
    assert assigned == 40


def test_grouping_state_from_another_version_is_refused_in_one_line(tmp_path: Path) -> None:
    import pickle

    from newsprism.runners.corpus import CorpusStateError, load_grouper

    with Corpus(tmp_path / "c.duckdb") as corpus:
        ingest_paths(corpus, [EXAMPLES], workers=1)
        assert load_grouper(corpus) is not None
        corpus.set_assignments([], pickle.dumps({"format": -1, "grouper": None}))
        with pytest.raises(CorpusStateError, match="old format"):
            load_grouper(corpus)


def _as_stored(item) -> tuple:
    """A grouping test item as the corpus stores it: an Article and an analysis naming its entities."""
    from newsprism.model import Article, ArticleAnalysis, Entity

    art = Article(id=item.article_id, outlet=item.outlet, title=item.title, text=item.text, raw_text=item.text,
                  published=item.published)
    ents = [Entity(id=f"{item.article_id}-e{i}", name=n, label=lab) for i, (n, lab) in enumerate(item.entities)]
    return art, ArticleAnalysis(article_id=item.article_id, entities=ents)


def test_a_lone_story_merged_in_a_later_ingest_moves_its_stored_row(tmp_path: Path) -> None:
    """Day 1 stores the first report as its own story; day 2's report merges it into the grown story."""
    from newsprism.runners.corpus import assign_pending
    from test_stories_grouping import FERRY_1, FERRY_2, FERRY_CAPTAIN

    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        corpus.add_analysed([_as_stored(FERRY_1), _as_stored(FERRY_CAPTAIN)])
        assert assign_pending(corpus) == 2
        assert corpus.story_members("ferry-1")[0] == ["ferry-1"]  # alone after day 1
    with Corpus(db) as corpus:  # a later ingest, the grouper restored from the stored state
        corpus.add_analysed([_as_stored(FERRY_2)])
        assert assign_pending(corpus) == 1
        assert corpus.story_members("ferry-1")[0] == []  # the retired id holds nothing
        assert sorted(corpus.story_members("ferry-captain")[0]) == ["ferry-1", "ferry-2", "ferry-captain"]


def _stored_article(outlet_key: str | None) -> tuple:
    from newsprism.model import Article, ArticleAnalysis, article_id_for

    text = "The harbour board approved the new ferry timetable on Monday, adding two evening crossings."
    art = Article(id=article_id_for(text), outlet="unknown", outlet_key=outlet_key, text=text, raw_text=text)
    return art, ArticleAnalysis(article_id=art.id)


def test_outlet_key_is_stored_and_read_back(tmp_path: Path) -> None:
    art, analysis = _stored_article(f"unknown:{'a' * 16}")
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_analysed([(art, analysis)])
    with Corpus(tmp_path / "c.duckdb", read_only=True) as corpus:
        (back,) = corpus.articles([art.id])
    assert back.outlet_key == art.outlet_key and back.outlet == "unknown"


def test_corpus_from_before_outlet_keys_reads_back_without_one(tmp_path: Path) -> None:
    art, analysis = _stored_article(None)
    db = tmp_path / "old.duckdb"
    with Corpus(db) as corpus:
        corpus.add_analysed([(art, analysis)])
        corpus.con.execute("ALTER TABLE articles DROP COLUMN outlet_key")  # as an older version wrote it
    with Corpus(db, read_only=True) as corpus:
        (back,) = corpus.articles([art.id])
    assert back.outlet_key is None and back.outlet_group == "unknown"
    with Corpus(db) as corpus:  # opened for writing, it gains the column
        assert corpus._has_column("articles", "outlet_key")
