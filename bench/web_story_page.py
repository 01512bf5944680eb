"""How long does the web app's story page take at 10,000 stored articles?  (#17 item 2: < 2 s)

The corpus is synthetic, built from real analyses: the articles of a JSON-lines file (e.g. 50
newscluster articles) are analysed once (cached in --cache), then stored again and again with
fresh ids (every id inside the analysis rewritten too) until the corpus holds --articles
articles.  Stories follow the grouping of the given report.json of the same articles (each copy
its own stories), so story sizes are those of a real batch.  Then, through the app (FastAPI's
TestClient), it times the story page of the largest stories: the first request (nothing cached:
database reads, comparison, rendering) and a repeat, and splits the first into its parts::

    .venv/bin/python bench/web_story_page.py mix50.jsonl mix50/report.json --articles 10000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # bench runs from a checkout, package may not be installed

from newsprism.ingest import load_paths  # noqa: E402
from newsprism.model import Article, ArticleAnalysis, Report  # noqa: E402
from newsprism.store.corpus import Corpus  # noqa: E402

_TOKEN = re.compile(r"[0-9A-Za-z_]{6,64}")


def analysed(jsonl: Path, cache: Path) -> list[tuple[Article, ArticleAnalysis]]:
    if cache.exists():
        rows = json.loads(cache.read_text(encoding="utf-8"))
        return [(Article.model_validate(a), ArticleAnalysis.model_validate(b)) for a, b in rows]
    from newsprism.runners.local import analyze_local

    articles, _ = load_paths([jsonl])
    analyses, _failed = analyze_local(articles, workers=1)
    pairs = [(a, analyses[a.id]) for a in articles if a.id in analyses]
    cache.write_text(json.dumps([[a.model_dump(mode="json"), b.model_dump(mode="json")] for a, b in pairs]))
    return pairs


def fill(db: Path, pairs: list[tuple[Article, ArticleAnalysis]], groups: list[list[str]], n: int) -> list[str]:
    """Store copies of ``pairs`` until ``n`` articles; return the story ids, largest first."""
    ids = {a.id for a, _ in pairs}
    source = json.dumps([[a.model_dump(mode="json"), b.model_dump(mode="json")] for a, b in pairs])
    stories: list[tuple[int, str]] = []
    stored = 0
    with Corpus(db) as corpus:
        k = 0
        while stored < n:

            def fresh(m: re.Match[str], k: int = k) -> str:
                word = m.group(0)
                return hashlib.sha1(f"{word}/{k}".encode()).hexdigest()[:16] if word in ids else word

            rows = json.loads(_TOKEN.sub(fresh, source))
            copy = [(Article.model_validate(a), ArticleAnalysis.model_validate(b)) for a, b in rows][: n - stored]
            corpus.add_analysed(copy)
            kept = {a.id for a, _ in copy}
            assign = []
            for gi, members in enumerate(groups):
                new = [fresh(re.match(r".+", m)) for m in members]  # type: ignore[arg-type]
                new = [m for m in new if m in kept]
                if new:
                    sid = f"story-{k}-{gi}"
                    assign.extend((m, sid, None) for m in new)
                    stories.append((len(new), sid))
            corpus.set_assignments(assign)
            stored += len(copy)
            k += 1
    return [sid for _, sid in sorted(stories, key=lambda t: -t[0])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl", type=Path)
    ap.add_argument("report", type=Path, help="report.json of the same articles: its stories give the grouping")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsprism-web-bench-pairs.json")
    ap.add_argument("--db", type=Path, default=None, help="reuse (or create) this corpus")
    args = ap.parse_args()
    from fastapi.testclient import TestClient

    from newsprism.report.html import story_views
    from newsprism.runners.corpus import story_report
    from newsprism.web.app import create_app

    pairs = analysed(args.jsonl, args.cache)
    report = Report.model_validate_json(args.report.read_text(encoding="utf-8"))
    groups = [s.article_ids for s in report.stories]
    db = args.db or Path(tempfile.mkdtemp(prefix="newsprism-web-")) / "corpus.duckdb"
    t = time.perf_counter()
    if not db.exists():
        fill(db, pairs, groups, args.articles)
    with Corpus(db, read_only=True) as corpus:
        n = corpus.count()
        largest = corpus.con.execute(
            "SELECT story_id, count(*) FROM assignments GROUP BY story_id ORDER BY 2 DESC, 1 LIMIT 3"
        ).fetchall()
    print(f"corpus: {n:,} articles ({time.perf_counter() - t:.1f} s to build) -> {db}")
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        for story_id, size in largest:
            url = f"/stories/{story_id}"
            t = time.perf_counter()
            first = client.get(url)
            cold = time.perf_counter() - t
            t = time.perf_counter()
            client.get(url)
            warm = time.perf_counter() - t
            with Corpus(db, read_only=True) as corpus:
                t = time.perf_counter()
                rep = story_report(corpus, story_id)
                build = time.perf_counter() - t
            t = time.perf_counter()
            story_views(rep)
            view = time.perf_counter() - t
            print(f"{url} ({size} articles): HTTP {first.status_code}, {len(first.content):,} bytes; "
                  f"first request {cold:.2f} s, repeat {warm:.2f} s; of the first: report from the store {build:.2f} s, "
                  f"view model {view:.2f} s, the rest (template, response) {max(cold - build - view, 0):.2f} s")


if __name__ == "__main__":
    main()
