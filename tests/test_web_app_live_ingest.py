"""The app and ``newsprism ingest`` share one corpus: the app reads the snapshot an ingest publishes.

DuckDB allows one writing process or readers, never both: the app never opens the live file while
serving, so an ingest writes while readers are served the last published state.  Real processes
here (the CLI in a subprocess), since the lock is between processes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsprism.runners.corpus import ingest_paths
from newsprism.store.corpus import Corpus, CorpusBusyError
from newsprism.web import app as web_app
from test_web_app import EXAMPLES, write_hostile

NEWSPRISM = Path(sys.executable).parent / "newsprism"

HOLD_WRITE = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
"""


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    db = tmp_path / "corpus.duckdb"
    with Corpus(db) as corpus:
        assert ingest_paths(corpus, [EXAMPLES], workers=1).analysed == 2
    return db


def test_ingest_while_the_app_runs_and_the_new_story_shows(db: Path, tmp_path: Path) -> None:
    hostile = write_hostile(tmp_path / "more").parent
    with TestClient(web_app.create_app(db), base_url="http://127.0.0.1") as client:
        before = client.get("/api/stories").json()["items"]
        assert len(before) == 1
        run = subprocess.run([str(NEWSPRISM), "ingest", str(hostile), "--db", str(db), "--quiet", "-j", "1"],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        after = client.get("/api/stories").json()["items"]
        assert len(after) == 2
        assert any("Harbour minister" in s["title"] for s in after)


def test_requests_during_a_write_are_served_from_the_last_snapshot(db: Path) -> None:
    with TestClient(web_app.create_app(db), base_url="http://127.0.0.1") as client:
        holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE, str(db)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
            for path in ("/api/stories", "/", "/speakers", "/search?q=Putin", "/api/search?q=China"):
                assert client.get(path).status_code == 200, path
        finally:
            holder.communicate("\n", timeout=30)


def test_the_app_starts_while_an_ingest_holds_a_published_corpus(db: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with TestClient(web_app.create_app(db), base_url="http://127.0.0.1") as client:
            assert client.get("/api/stories").json()["total"] == 1
    finally:
        holder.communicate("\n", timeout=30)


def test_opening_gives_up_on_a_long_writer_with_one_line_and_opens_once_it_is_gone(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(CorpusBusyError, match="in use by another process"):
            Corpus(db, wait_s=0.3)
    finally:
        holder.communicate("\n", timeout=30)
    with Corpus(db, wait_s=0.3) as corpus:  # free again
        assert corpus.count("articles") == 2
