"""HTML pages: main text and metadata via trafilatura; pages without an article are rejected."""

from __future__ import annotations

from pathlib import Path

from newsprism.ingest.html import html_to_article, read_html_file
from newsprism.ingest.loader import load_paths
from newsprism.model import Article, Rejection

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Port strike ends after three weeks | Harbour Times</title>
<meta property="og:title" content="Port strike ends after three weeks">
<meta property="og:site_name" content="Harbour Times">
<meta name="author" content="Dana Whitfield">
<meta property="article:published_time" content="2024-05-14T09:30:00Z">
<link rel="canonical" href="https://www.harbourtimes.example/business/port-strike-ends">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/business">Business</a></li></ul></nav>
<article>
<h1>Port strike ends after three weeks</h1>
<p>Dockworkers at the city's container port voted on Tuesday to end a three-week strike, after the port
authority agreed to a 9 percent pay rise spread over two years.</p>
<div class="ad">Advertisement</div>
<p>"This is a fair deal and our members have earned it," union secretary Mark Oyelaran told reporters
outside the union hall. He said 1,840 members had taken part in the ballot.</p>
<p>The stoppage left more than 60 ships waiting offshore at its peak and cost shippers an estimated
$45 million a week, according to the regional chamber of commerce.</p>
<p>Port authority chair Helen Moreau said cargo handling would resume on Wednesday morning and that
the backlog should be cleared within ten days.</p>
</article>
<footer><p>© 2024 Harbour Times. All rights reserved.</p></footer>
</body></html>
"""


def test_html_page_text_and_metadata() -> None:
    art = html_to_article(PAGE.encode("utf-8"), source_path="page.html")
    assert isinstance(art, Article)
    assert art.title == "Port strike ends after three weeks"
    assert art.outlet == "Harbour Times"
    assert art.author == "Dana Whitfield"
    assert art.published == "2024-05-14"
    assert art.url == "https://www.harbourtimes.example/business/port-strike-ends"
    assert art.text.startswith("Dockworkers at the city's container port")
    assert "Port strike ends" not in art.text  # the h1 is the title, not body
    assert '"This is a fair deal' in art.text and "ten days." in art.text
    assert "Advertisement" not in art.text and "Home" not in art.text
    assert art.text.count("\n\n") == 3


def test_outlet_falls_back_to_url_host() -> None:
    page = PAGE.replace('<meta property="og:site_name" content="Harbour Times">', "").replace(
        " | Harbour Times", ""
    )
    art = html_to_article(page, source_path="p.html", url="https://www.portnews.example/a/1")
    assert isinstance(art, Article)
    assert art.outlet in {"portnews.example", "harbourtimes.example"}


def test_page_without_article_is_rejected() -> None:
    page = b"<html><head><script>var x = 1;</script></head><body><img src='a.png'></body></html>"
    rej = html_to_article(page, source_path="nav.html")
    assert isinstance(rej, Rejection) and rej.source_path == "nav.html"
    assert "no main text" in rej.reason


def test_broken_html_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "broken.html"
    f.write_bytes(b"<html><body><p>\x00\x00\x00\xff\xfe</p>")
    rej = read_html_file(f)
    assert isinstance(rej, Rejection) and rej.source_path == str(f) and "binary" in rej.reason
    rej = html_to_article(b"<<<>>>", source_path="junk.html")
    assert isinstance(rej, Rejection) and rej.reason == "unparseable HTML"


def test_html_saved_as_txt_is_sniffed(tmp_path: Path) -> None:
    f = tmp_path / "saved-page.txt"
    f.write_text(PAGE, encoding="utf-8")
    arts, rejected = load_paths([f])
    assert not rejected
    assert arts[0].title == "Port strike ends after three weeks"
    assert "<p>" not in arts[0].text


def test_latin1_page_with_meta_charset(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("Helen Moreau", "Hélène Moreau")
    f = tmp_path / "p.html"
    f.write_bytes(page.encode("latin-1"))
    art = read_html_file(f)
    assert isinstance(art, Article) and "Hélène Moreau" in art.text
