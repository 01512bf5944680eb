"""The web app over a real corpus: pages, JSON API, escaping, CSP, path safety, loopback default.

The corpus is the example story (two outlets' reports of one meeting) plus one
hostile article whose headline, outlet, URL, body and quotes carry markup and
script; it is ingested once per module with the real pipeline.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsprism.model import Report
from newsprism.runners.corpus import ingest_paths
from newsprism.store.corpus import Corpus
from newsprism.web.app import CSP, create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "xi-putin"
PWN = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_TITLE = f"{PWN} Harbour minister rejects pressure over port deal"
HOSTILE_BODY = f"""{HOSTILE_TITLE}

The harbour minister on Tuesday rejected calls to reopen the port concession, {IMG} telling reporters in the capital that the contract signed last spring would stand.

"We will never accept <b onmouseover="window.__pwned=1">foreign</b> pressure on this port," the minister said at a news conference, adding that the terminal had handled 4.2 million containers last year.

Opposition leader Maria Santos said the deal was "a betrayal" and called for a parliamentary inquiry. Read more at javascript:window.__pwned=1 or <a href="javascript:window.__pwned=1">here</a>.

The concession runs for 35 years and covers two container terminals, according to the ministry.
"""


def write_hostile(folder: Path) -> Path:
    """A plain-text article plus the sidecar metadata a scraper would have written."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile_port.txt"
    path.write_text(HOSTILE_BODY, encoding="utf-8")
    (folder / "hostile_port.txt.meta.json").write_text(
        json.dumps({"outlet": f"Port Gazette {IMG}", "url": "javascript:window.__pwned=1", "author": PWN,
                    "published": "2023-05-02"}),
        encoding="utf-8",
    )
    return path


def build_corpus(folder: Path) -> Path:
    db = folder / "corpus.duckdb"
    with Corpus(db) as corpus:
        stats = ingest_paths(corpus, [EXAMPLES, write_hostile(folder / "hostile")], workers=1)
    assert stats.analysed == 3, stats
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("webcorpus"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        yield c


def _stories(client: TestClient) -> list[dict]:
    r = client.get("/api/stories")
    assert r.status_code == 200
    return r.json()["items"]


def _story_id(client: TestClient, needle: str) -> str:
    return next(s["id"] for s in _stories(client) if needle in s["title"])


def test_story_list_is_newest_first_with_outlets_and_counts(client: TestClient) -> None:
    stories = _stories(client)
    assert len(stories) == 2
    # the dated hostile story sorts before the undated example story
    assert "Harbour minister" in stories[0]["title"]
    xi = stories[1]
    assert xi["articles"] == 2 and len(xi["outlets"]) == 2
    html = client.get("/").text
    assert html.index("Harbour minister") < html.index("similar goals")
    assert f'href="/stories/{xi["id"]}"' in html


def test_api_story_is_a_report_whose_spans_point_at_the_text(client: TestClient) -> None:
    sid = _story_id(client, "similar goals")
    r = client.get(f"/api/stories/{sid}")
    assert r.status_code == 200
    report = Report.model_validate(r.json())
    assert r.json()["schema"] == report.schema_
    texts = {a.id: a.text for a in report.articles}
    assert len(report.stories) == 1 and report.stories[0].quote_groups
    for q in report.quotes:
        for start, end in q.spans:
            assert 0 <= start < end <= len(texts[q.article_id])


def test_story_page_renders_the_report_partial(client: TestClient) -> None:
    sid = _story_id(client, "similar goals")
    r = client.get(f"/stories/{sid}")
    assert r.status_code == 200
    html = r.text
    for section in ("Coverage", "Articles side by side", "Quotes across outlets", "Figures", "Framing", "Timeline"):
        assert section in html
    assert html.count('class="col o') == 2
    assert 'class="qlink"' in html and "data-article=" in html


def test_speaker_page_lists_the_speakers_quotes_across_outlets(client: TestClient) -> None:
    speakers = client.get("/api/speakers").json()["items"]
    top = speakers[0]
    assert top["quotes"] >= 2
    sp = client.get(f"/api/speakers/{top['name']}").json()
    assert sp["stories"]
    quotes = [q for st in sp["stories"] for q in st["quotes"]]
    assert len(quotes) >= 2
    held = {qid for st in sp["stories"] for g in st["groups"] for qid in g["quote_ids"]}
    assert {q["id"] for q in quotes} <= held  # every quote shown with its variants
    html = client.get(f"/speakers/{top['name']}").text
    assert html.count('class="qlink"') >= len(quotes)
    assert client.get("/speakers/Nobody%20Atall").status_code == 404
    assert client.get("/api/speakers/Nobody%20Atall").status_code == 404


def test_speaker_page_pair_lines_link_into_the_story_page(client: TestClient) -> None:
    """A pair line's outlet tags open the sentence in its story page, not an anchor this page lacks."""
    html = client.get("/speakers/Xi%20Jinping").text
    heads = re.findall(r'<div class="pair-head">(.*?)</div>', html, re.S)
    assert heads
    for head in heads:
        hrefs = re.findall(r'class="qref[^"]*" href="([^"]+)"', head)
        assert len(hrefs) == 2 and all(h.startswith("/stories/") and "#" in h for h in hrefs)
        assert head.count("<q>") == 2


def test_search_finds_quotes_and_text_with_exact_offsets(client: TestClient, db: Path) -> None:
    r = client.get("/api/search", params={"q": "CONCESSION"})
    assert r.status_code == 200
    res = r.json()["articles"]
    assert res["total"] == len(res["items"]) >= 1, res
    with Corpus(db, read_only=True) as corpus:
        for hit in res["items"]:
            text = corpus.articles([hit["article_id"]])[0].text
            assert hit["spans"]
            for start, end in hit["spans"]:
                assert text[start:end].lower() == "concession"
    quotes = client.get("/api/search", params={"q": "foreign"}).json()["quotes"]["items"]
    assert any("pressure" in q["text"] for q in quotes)
    html = client.get("/search", params={"q": "concession"}).text
    assert "<mark>concession</mark>" in html and "#hit-" in html
    # SQL-ish, FTS5 syntax and wildcard input is just text
    for q in ("' OR 1=1 --", "concession\\", 'NEAR(concession', '"concession', "concession)", "title:x ^y"):
        assert client.get("/api/search", params={"q": q}).status_code == 200, q
    for q in ("%", "_", '"', "NOT concession"):  # nothing to look for: one sentence saying so
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 422 and "q:" in r.json()["detail"], q
        assert client.get("/search", params={"q": q}).status_code == 422


def test_search_reads_phrases_and_hyphens_as_a_reader_means_them(client: TestClient) -> None:
    def total(q: str, kind: str = "articles") -> int:
        return client.get("/api/search", params={"q": q}).json()[kind]["total"]

    # the example says "share similar goals"; quotation marks make it a phrase, not a substring
    phrase = total('"share similar goals"', "quotes")
    assert 1 <= phrase <= total("share similar goals", "quotes")
    assert total('"goals similar share"', "quotes") == 0
    assert total("harbour-minister") == total('"Harbour Minister"') >= 1
    assert total("concession OR nonexistentword") == total("concession")
    assert total("concession NOT harbour") == 0 and total("concession -harbour") == 0


def test_search_filters_totals_and_pages(client: TestClient) -> None:
    everything = client.get("/api/search", params={"q": "said", "type": "articles"}).json()["articles"]
    assert everything["total"] == 3
    first = client.get("/api/search", params={"q": "said", "type": "articles", "limit": 2}).json()
    assert first["articles"]["total"] == 3 and len(first["articles"]["items"]) == 2
    rest = client.get(first["next"]).json()["articles"]
    assert len(rest["items"]) == 1 and rest["next"] is None
    ids = {h["article_id"] for h in first["articles"]["items"] + rest["items"]}
    assert len(ids) == 3
    dated = client.get("/api/search", params={"q": "said", "since": "2023-05-01", "until": "2023-05-02"}).json()
    assert dated["articles"]["total"] == 1  # only the hostile article is dated
    sid = _story_id(client, "similar goals")
    in_story = client.get("/api/search", params={"q": "said", "story": sid}).json()
    assert in_story["articles"]["total"] == 2
    china = client.get("/api/search", params={"q": "China", "type": "quotes"}).json()["quotes"]
    by_putin = client.get("/api/search", params={"q": "China", "speaker": "putin", "type": "quotes"}).json()["quotes"]
    assert 1 <= by_putin["total"] < china["total"]
    # one person across the corpus: the quotes written "Putin" and "Vladimir Putin" (#15)
    assert {h["speaker"] for h in by_putin["items"]} == {"Putin", "Vladimir Putin"}
    assert client.get("/api/search", params={"q": "said", "since": "May 1"}).status_code == 422


def test_search_exports_csv_and_json(client: TestClient) -> None:
    r = client.get("/api/search/export", params={"q": "said", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(r.text)))
    api = client.get("/api/search", params={"q": "said", "limit": 200}).json()
    assert len(rows) == api["quotes"]["total"] + api["articles"]["total"]
    assert {"kind", "story_id", "article_id", "start", "end"} <= set(rows[0])
    data = client.get("/api/search/export", params={"q": "said", "format": "json"}).json()
    assert [d["article_id"] for d in data] == [row["article_id"] for row in rows]
    html = client.get("/search", params={"q": "said"}).text
    assert "/api/search/export?q=said" in html


def test_hostile_article_is_escaped_in_every_page(client: TestClient) -> None:
    sid = _story_id(client, "Harbour minister")
    pages = [f"/stories/{sid}", "/", "/speakers", "/search?q=pressure", "/search?q=%3Cscript%3E"]
    for path in pages:
        html = client.get(path).text
        assert "<script>window" not in html, path
        assert "<img" not in html, path
        assert 'href="javascript' not in html, path
        assert "onerror=" not in html or "onerror=&#34;" in html or "onerror=&quot;" in html, path
    story = client.get(f"/stories/{sid}").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in story
    assert "<script" not in story.replace('<script src="/static/', "")


def test_every_html_response_carries_the_csp(client: TestClient) -> None:
    sid = _story_id(client, "similar goals")
    for path in ["/", f"/stories/{sid}", "/speakers", "/search?q=xi", "/api/docs", "/stories/missing", "/search?q="]:
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in CSP and "script-src 'self'" in CSP
    assert "http" not in CSP  # no external origin is allowed anything


def test_pages_use_no_external_assets(client: TestClient) -> None:
    sid = _story_id(client, "similar goals")
    for path in ["/", f"/stories/{sid}", "/api/docs"]:
        html = client.get(path).text
        assert 'src="http' not in html and "<link rel=\"stylesheet\" href=\"http" not in html
        assert 'src="//' not in html


def test_api_docs_describe_every_endpoint(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/speakers/{name}", "/api/search"):
        assert path in spec["paths"]
        assert path in client.get("/api/docs").text


def test_unknown_ids_and_bad_queries_are_clean_errors(client: TestClient) -> None:
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/api/stories/nope").json() == {"detail": "no story 'nope'"}
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search", params={"q": "x" * 5000}).status_code == 422
    assert client.get("/?page=0").status_code == 422


def test_static_serves_only_its_own_assets(client: TestClient) -> None:
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/report.js").headers["content-type"].startswith("text/javascript")
    for name in ("pyproject.toml", "app.py", "__init__.py", "report.html.j2", "%2fetc%2fpasswd"):
        assert client.get(f"/static/{name}").status_code in (400, 404), name


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400


# --------------------------------------------------------------------------- over a real socket


@pytest.fixture(scope="module")
def server(db: Path, live_server: Any) -> Iterator[tuple[str, int]]:
    with live_server(create_app(db)) as addr:
        yield addr


def _raw_get(addr: tuple[str, int], target: str) -> tuple[int, bytes]:
    """Send the request line exactly as written (HTTP clients normalise ``..`` away)."""
    with socket.create_connection(addr, timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize(
    "target",
    [
        "/static/../app.py",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/.%2E/app.py",
        "/static/%252e%252e/app.py",
        "/stories/../../etc/passwd",
        "/../pyproject.toml",
        "/static/..%2fapp.py",
    ],
)
def test_dotdot_paths_are_rejected(server: tuple[str, int], target: str) -> None:
    status, body = _raw_get(server, target)
    assert status == 400, (target, status)
    assert b"root:" not in body and b"[project]" not in body


def test_real_server_answers_on_loopback(server: tuple[str, int]) -> None:
    status, body = _raw_get(server, "/api/stories")
    assert status == 200 and json.loads(body)


def test_serve_binds_to_loopback_by_default(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from newsprism.cli import app

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: seen.update(kw, app=web))
    monkeypatch.setattr("newsprism.cli._check_port", lambda host, port: None)  # 8000 may be in use here
    result = CliRunner().invoke(app, ["serve", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000
    result = CliRunner().invoke(app, ["serve", "--db", str(db.parent / "missing.duckdb")])
    assert result.exit_code == 1


def test_speakers_list_holds_named_speakers_not_descriptions(client: TestClient, db: Path) -> None:
    names = {s["name"] for s in client.get("/api/speakers").json()["items"]}
    assert {"Xi Jinping", "Vladimir Putin", "Dmitry Peskov"} <= names
    # sources the example attributes to no named entity stay on their quotes, off this list
    with Corpus(db, read_only=True) as corpus:
        unnamed = {r[0] for r in corpus.con.execute("SELECT speaker FROM quotes WHERE NOT speaker_named").fetchall()}
    assert "Western leaders" in unnamed
    assert not unnamed & names
    assert "Western leaders" not in client.get("/speakers").text


def test_speakers_list_reads_a_corpus_written_before_speaker_named(tmp_path: Path, db: Path) -> None:
    import shutil

    old = tmp_path / "old.duckdb"
    shutil.copy(db, old)
    with Corpus(old) as corpus:
        corpus.con.execute("ALTER TABLE quotes DROP COLUMN speaker_named")
    with Corpus(old, read_only=True) as corpus:  # the web app's connection: cannot add the column
        listed = {name for name, _, _ in corpus.speakers()}
    assert {"Xi Jinping", "Western leaders"} <= listed  # unknown rows are shown, not hidden


def test_no_server_path_reaches_a_page_or_the_api(client: TestClient, db: Path) -> None:
    folder = str(db.parent)  # the corpus and its inputs sit under this server folder
    for story in _stories(client):
        for url in (f"/stories/{story['id']}", f"/api/stories/{story['id']}"):
            body = client.get(url).text
            assert folder not in body, url
    sid = _story_id(client, "Harbour minister")
    report = Report.model_validate(client.get(f"/api/stories/{sid}").json())
    assert [a.source_path for a in report.articles] == ["hostile_port.txt"]


def test_lists_are_pages_with_total_and_next_link(client: TestClient) -> None:
    first = client.get("/api/stories", params={"limit": 1}).json()
    assert first["total"] == 2 and len(first["items"]) == 1
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["items"][0]["id"] != first["items"][0]["id"]
    dated = client.get("/api/stories", params={"since": "2023-05-02", "until": "2023-05-02"}).json()
    assert [s["title"][:40] for s in dated["items"]] == [first["items"][0]["title"][:40]]
    port = client.get("/api/stories", params={"outlet": "Port Gazette <img src=x onerror=\"window.__pwned=1\">"}).json()
    assert port["total"] == 1
    assert client.get("/api/stories", params={"speaker": "Dmitry Peskov"}).json()["total"] == 1
    speakers = client.get("/api/speakers", params={"limit": 2}).json()
    assert speakers["total"] > 2 and len(speakers["items"]) == 2 and "offset=2" in speakers["next"]


def test_unknown_query_parameters_are_refused(client: TestClient) -> None:
    r = client.get("/api/stories", params={"outlets": "BBC"})
    assert r.status_code == 422 and "outlets" in r.json()["detail"]
    assert client.get("/api/speakers", params={"page": 2}).status_code == 422
    assert client.get("/api/search", params={"q": "x", "sort": "date"}).status_code == 422
    assert client.get("/", params={"limit": 5}).status_code == 422


def test_head_is_answered_on_get_routes(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/speakers", "/search?q=xi", "/static/app.css"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"]


def test_openapi_declares_errors_and_real_summaries(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    story = spec["paths"]["/api/stories/{story_id}"]["get"]
    assert story["summary"] == "One story's report" and "404" in story["responses"]
    assert "422" in spec["paths"]["/api/stories"]["get"]["responses"]
    assert all(not op["get"]["summary"].startswith("Api ") for op in spec["paths"].values())
    assert "/api/speakers/{name}" in spec["paths"]


def test_any_speaker_name_is_addressable(client: TestClient, db: Path) -> None:
    from newsprism.web.app import _speaker_href

    for name in ("AC/DC", "Who? Me", "C# Team"):
        href = _speaker_href(name)
        assert "/" not in href.removeprefix("/speakers/") and "?" not in href and "#" not in href
        r = client.get(href)  # no such speaker here: a clean 404 naming the whole name, not a routing miss
        assert r.status_code == 404 and name in r.text.replace("&#39;", "'").replace("&amp;", "&"), name
        assert client.get("/api" + href).json()["detail"] == f"no quotes by {name!r}"
    top = client.get("/api/speakers").json()["items"][0]
    assert f'href="{top["href"]}"' in client.get("/speakers").text
    page = client.get(top["href"]).text
    assert f"{top['quotes']} quote" in page and f"in {top['stories']} stor" in page
