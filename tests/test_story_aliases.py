"""A story merged into another by a later ingest keeps its id as an alias: old links still lead to it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from newsprism.store.corpus import Corpus
from newsprism.web.app import create_app
from test_web_app import build_corpus


def _two_stories(db: Path) -> tuple[str, str]:
    with Corpus(db, read_only=True) as corpus:
        rows = corpus.con.execute("SELECT DISTINCT story_id FROM assignments ORDER BY story_id").fetchall()
    assert len(rows) >= 2
    return rows[0][0], rows[1][0]


def test_merged_story_ids_redirect_in_the_web_app_and_resolve_in_the_corpus(tmp_path: Path) -> None:
    db = build_corpus(tmp_path)
    old, new = _two_stories(db)
    with Corpus(db) as corpus:
        corpus.set_assignments([], retired={old: new})  # what assign_pending records after a merge
        assert not corpus.story_exists(old)
        assert corpus.story_alias(old) == new
        assert corpus.story_alias(new) is None
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        page = client.get(f"/stories/{old}", follow_redirects=False)
        assert page.status_code == 308 and page.headers["location"] == f"/stories/{new}"
        api = client.get(f"/api/stories/{old}", follow_redirects=False)
        assert api.status_code == 308 and api.headers["location"] == f"/api/stories/{new}"
        assert client.get(f"/stories/{old}").status_code == 200  # followed: the merged story
        assert client.get("/stories/no-such-story", follow_redirects=False).status_code == 404


def test_an_alias_follows_its_story_through_a_second_merge(tmp_path: Path) -> None:
    db = build_corpus(tmp_path)
    first, second = _two_stories(db)
    with Corpus(db) as corpus:
        corpus.set_assignments([], retired={first: second})
        corpus.set_assignments([], retired={second: "s3"})
        assert corpus.story_alias(first) == "s3"
        assert corpus.story_alias(second) == "s3"
