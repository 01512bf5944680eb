"""The web app and report.html in a real browser: ledger links land on the sentence, search works,
hostile article text runs no code and shows literally.

Debian's chromium driven by the ``playwright`` package (never a browser that
playwright downloads); skips cleanly where either is missing.  The app runs
under uvicorn in a background thread on a free loopback port.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsprism.report.html import render_report_html
from newsprism.runners.corpus import story_report
from newsprism.store.corpus import Corpus
from newsprism.web.app import create_app
from test_web_app import build_corpus  # tests/ is on sys.path (rootdir-less test modules)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"  # gitignored




@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Path:
    return build_corpus(tmp_path_factory.mktemp("webbrowser"))


@pytest.fixture(scope="module")
def base_url(db: Path, live_server: Any) -> Iterator[str]:
    with live_server(create_app(db)) as (host, port):
        yield f"http://{host}:{port}"


def _page(browser: Any) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page, errors


def _shot(page: Any, name: str, full: bool = False) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full)


def test_story_list_then_ledger_quote_lands_on_its_sentence(browser: Any, base_url: str) -> None:
    page, errors = _page(browser)
    try:
        page.goto(base_url + "/")
        _shot(page, "web_stories.png")
        page.get_by_role("link", name="similar goals").first.click()
        page.wait_for_selector(".cols .col", state="attached")  # folded until a link or a click opens it
        assert page.locator(".cols .col").count() == 2
        _shot(page, "web_story.png")
        qlink = page.locator("a.qlink").first
        if not qlink.is_visible():  # a changed quote shows its diff; its wordings are one click away
            page.locator("article.qg details.more > summary").first.click()
        target = qlink.get_attribute("href")[1:]
        quote_text = qlink.inner_text()
        qlink.click()
        page.wait_for_function(
            "id => location.hash === '#' + id && document.getElementById(id).classList.contains('hl')",
            arg=target, timeout=5000,
        )
        el = page.locator(f"[id='{target}']")
        assert el.is_visible()
        assert el.locator("xpath=ancestor::div[@class='text']").count() == 1  # in the article column
        # the lit span holds the quoted words (the ledger shows the quote's text)
        assert " ".join(el.inner_text().split())[:40] in " ".join(quote_text.split())
        page.wait_for_timeout(800)  # let the smooth scroll settle before the screenshot
        assert el.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
        _shot(page, "web_story_quote_clicked.png")
        # the story page filters as report.html does (same partial, same script): figures only
        page.locator('.filters select[data-f="k"]').select_option("figure")
        assert page.locator(".qg:visible, .qg-single:visible").count() == 0
        assert page.locator(".qg.filtered-out, .qg-single.filtered-out").count() > 0
        assert not errors, errors
    finally:
        page.close()


def test_search_then_hit_lights_the_range_in_the_article(browser: Any, base_url: str) -> None:
    page, errors = _page(browser)
    try:
        page.goto(base_url + "/")
        page.fill("input[name=q]", "peace plan")
        page.press("input[name=q]", "Enter")
        page.wait_for_selector(".text-hits li")
        assert "Search: “peace plan”" in page.locator("h2").first.inner_text()
        assert page.locator(".text-hits mark").first.inner_text().lower() == "peace plan"
        _shot(page, "web_search.png", full=True)
        page.locator(".text-hits a.hit-link").first.click()
        page.wait_for_function("() => document.querySelector('.col[data-hit]') !== null", timeout=5000)
        lit = page.evaluate(
            """() => { const col = document.querySelector('.col[data-hit]');
                       const [s, e] = col.dataset.hit.split('-').map(Number);
                       return col.querySelector('.text').textContent.slice(s, e); }"""
        )
        assert lit.lower() == "peace plan"
        assert page.evaluate("() => CSS.highlights.has('np-hit')")
        _shot(page, "web_search_hit.png")
        assert not errors, errors
    finally:
        page.close()


def test_speaker_page_reads_and_links_to_the_article(browser: Any, base_url: str) -> None:
    page, errors = _page(browser)
    try:
        page.goto(base_url + "/speakers")
        page.locator(".speaker-list a").first.click()
        page.wait_for_selector(".speaker-story")
        _shot(page, "web_speaker.png")
        page.locator("a.qlink").first.click()
        page.wait_for_selector(".cols .col")  # the link opened the folded articles
        page.wait_for_function("() => document.querySelector('.text .hl') !== null", timeout=5000)
        assert not errors, errors
    finally:
        page.close()


def test_hostile_article_runs_no_code_in_the_app(browser: Any, base_url: str) -> None:
    page, errors = _page(browser)
    try:
        page.goto(base_url + "/")
        page.get_by_role("link", name="Harbour minister").click()
        page.locator("details[id$='-articles'] > summary").click()
        page.wait_for_selector(".cols .col")
        page.hover(".text .q")
        for q in page.locator(".text .q").all():
            q.hover()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img").count() == 0
        assert page.locator('a[href^="javascript"]').count() == 0
        assert "<script>window.__pwned=1</script>" in page.locator("h1").inner_text()
        text = page.locator(".text").first.inner_text()
        assert '<img src=x onerror="window.__pwned=1">' in text
        assert '<b onmouseover="window.__pwned=1">foreign</b>' in text
        assert "javascript:window.__pwned=1" in page.locator(".col-head").first.inner_text()
        _shot(page, "web_hostile.png")
        page.goto(base_url + "/search?q=%3Cscript%3E")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert "<script>" in page.locator(".hits").first.inner_text()
        _shot(page, "web_hostile_search.png")
        assert not errors, errors
    finally:
        page.close()


def test_hostile_article_runs_no_code_in_report_html(browser: Any, db: Path, tmp_path: Path) -> None:
    with Corpus(db, read_only=True) as corpus:
        sid = next(r.story_id for r in corpus.stories() if "Harbour" in r.title)
        report = story_report(corpus, sid)
    path = tmp_path / "report.html"
    path.write_text(render_report_html(report), encoding="utf-8")
    page, errors = _page(browser)
    try:
        page.goto(path.as_uri())
        page.locator("details[id$='-articles'] > summary").click()
        for q in page.locator(".text .q").all():
            q.hover()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img").count() == 0
        assert page.locator('a[href^="javascript"]').count() == 0
        assert "<script>window.__pwned=1</script>" in page.locator("h1").inner_text()
        assert '<b onmouseover="window.__pwned=1">foreign</b>' in page.locator(".text").first.inner_text()
        _shot(page, "report_hostile_ingested.png")
        assert not errors, errors
    finally:
        page.close()


_WIDE = """() => [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.right <= document.documentElement.clientWidth + 1) return false;
  for (let p = e.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return false;
  return true;
}).map(e => e.tagName + '.' + e.className).slice(0, 5)"""


@pytest.mark.parametrize("path", ["/", "/speakers", "/search?q=peace+plan", "story"])
def test_nothing_overflows_on_a_phone(browser: Any, base_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        if path == "story":
            page.goto(base_url + "/")
            page.locator(".story-list .st-title a").first.click()
            page.wait_for_selector("section.story")
        else:
            page.goto(base_url + path)
        _shot(page, f"web_390_{path.strip('/').split('?')[0] or 'front'}.png")
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], (width, page.evaluate(_WIDE))
    finally:
        page.close()
