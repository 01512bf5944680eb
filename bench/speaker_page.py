"""Speaker pages at scale: time /speakers, one speaker's page and search on a 10,000-article corpus.

The corpus is the bundled example, analysed once, then stored again under new ids (the same texts
and analyses, quote ids renamed) until it holds --articles articles in stories of two: every copy
quotes the example's speakers, so "Vladimir Putin" is quoted in thousands of stories, the worst case
for a speaker page.  Prints the build time, then each page's time (first request: cold report cache;
then warm), through FastAPI's TestClient (no network).

    .venv/bin/python bench/speaker_page.py [--articles 10000]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from newsprism.runners.corpus import ingest_paths
from newsprism.store.corpus import Corpus
from newsprism.store.snapshot import publish
from newsprism.web.app import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "xi-putin"


def build(db: Path, n: int) -> None:
    with Corpus(db) as corpus:
        ingest_paths(corpus, [EXAMPLES], workers=1)
        ids = [r[0] for r in corpus.con.execute("SELECT id FROM articles ORDER BY seq").fetchall()]
        base = list(zip(corpus.articles(ids), [corpus.analyses(ids)[i] for i in ids], strict=True))
        copies = n // len(base) - 1
        for c0 in range(0, copies, 250):
            pairs, rows = [], []
            for c in range(c0, min(copies, c0 + 250)):
                day = f"2023-{1 + c % 12:02d}-{1 + c % 28:02d}"
                for art, an in base:
                    new_id = f"{art.id}-{c}"
                    quotes = [q.model_copy(update={"id": q.id.replace(art.id, new_id), "article_id": new_id})
                              for q in an.quotes]
                    pairs.append((art.model_copy(update={"id": new_id, "published": day}),
                                  an.model_copy(update={"article_id": new_id, "quotes": quotes})))
                    rows.append((new_id, f"story-{c}", None))
            corpus.add_analysed(pairs)
            corpus.set_assignments(rows)
        publish(corpus)


def timed(client: TestClient, path: str) -> float:
    t0 = time.perf_counter()
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[:200])
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="np-speakers-"))
    try:
        db = tmp / "c.duckdb"
        t0 = time.perf_counter()
        build(db, args.articles)
        with Corpus(db, read_only=True) as corpus:
            n_art, n_q = corpus.count("articles"), corpus.count("quotes")
        print(f"corpus: {n_art} articles, {n_q} quotes, built in {time.perf_counter() - t0:.0f} s")
        client = TestClient(create_app(db), base_url="http://127.0.0.1")
        top = client.get("/api/speakers", params={"limit": 1}).json()["items"][0]
        print(f"most quoted: {top['name']}: {top['quotes']} quotes in {top['stories']} stories")
        for path in ("/speakers", "/api/speakers", top["href"], "/api" + top["href"], "/search?q=Putin+peace",
                     "/api/search?q=%22peace+plan%22", "/?outlet=unknown&since=2023-05-01"):
            cold = timed(client, path)
            warm = min(timed(client, path) for _ in range(3))
            print(f"{path}: first {cold:.3f} s, then {warm:.3f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
