"""The report page in a real browser: hostile articles run no code, links land on the evidence.

Uses Debian's chromium driven by the ``playwright`` package (never a browser
that playwright downloads).  Skips cleanly where either is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsprism.model import (
    Mention,
    Quote,
    QuoteGroup,
    QuotePair,
    Report,
    ReportArticle,
    Speaker,
    Story,
    article_id_for,
)
from newsprism.report.html import render_report_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "screenshots"  # gitignored
FIXTURE = Path(__file__).parent / "fixtures" / "report_sample.json"
PWN = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'


def _span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return (i, i + len(needle))


def _hostile_report() -> Report:
    """Two outlets whose every string tries to run code in the reader's browser."""
    body = (
        f"{PWN}\nThe minister said the plan {IMG} was sound. "
        'He added: "We will never accept <b onmouseover="window.__pwned=1">foreign</b> pressure," '
        "according to state media."
    )
    other = 'The minister said "We will never accept foreign pressure" on Monday.'
    a = ReportArticle(
        id=article_id_for(body),
        outlet=f"Outlet {IMG}",
        title=f"{PWN} Minister rejects pressure",
        url="javascript:window.__pwned=1",
        text=body,
    )
    b = ReportArticle(
        id=article_id_for(other),
        outlet="Wire",
        title="Minister rejects pressure",
        url="https://example.org/minister",
        text=other,
    )
    qa_text = 'We will never accept <b onmouseover="window.__pwned=1">foreign</b> pressure,'
    qa = Quote(
        id="qa",
        article_id=a.id,
        spans=[_span(body, qa_text)],
        text=qa_text,
        kind="direct",
        speaker=Speaker(name=f"The minister {PWN}", spans=[_span(body, "He")], mention="He"),
        cue=Mention(text="added", spans=[_span(body, "added")]),
    )
    qb_text = "We will never accept foreign pressure"
    qb = Quote(
        id="qb",
        article_id=b.id,
        spans=[_span(other, qb_text)],
        text=qb_text,
        kind="direct",
        speaker=Speaker(name="The minister", spans=[_span(other, "The minister")]),
    )
    pair = QuotePair(
        a="qa",
        b="qb",
        relation="altered",
        similarity=0.6,
        diff=[
            ("equal", "We will never accept", "We will never accept"),
            ("replace", '<b onmouseover="window.__pwned=1">foreign</b> pressure,', "foreign pressure"),
        ],
    )
    story = Story(
        id="s",
        title=PWN,
        article_ids=[a.id, b.id],
        quote_groups=[QuoteGroup(id="g", speaker=IMG, quote_ids=["qa", "qb"], pairs=[pair])],
    )
    return Report(articles=[a, b], quotes=[qa, qb], figures=[], framing=[], stories=[story])




def _open(browser: Any, html: str, tmp_path: Path, name: str) -> tuple[Any, list[str]]:
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    return page, errors


def _wait_lit(page: Any, dom_id: str) -> None:
    """Wait until the page script has answered the hashchange by lighting the target."""
    page.wait_for_function(
        "id => location.hash === '#' + id && document.getElementById(id).classList.contains('hl')",
        arg=dom_id,
        timeout=5000,
    )


def test_hostile_report_runs_no_code_and_shows_markup_as_text(browser: Any, tmp_path: Path) -> None:
    report = _hostile_report()
    page, errors = _open(browser, render_report_html(report), tmp_path, "hostile")
    try:
        page.locator("details[id$='-articles'] > summary").click()  # the articles are one click away
        page.hover(".text .q")  # would fire an injected onmouseover
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img").count() == 0
        # the literal markup is visible to the reader
        assert PWN in page.locator("h1").inner_text()
        assert "<script>" in page.locator(".text").first.inner_text()
        assert '<b onmouseover="window.__pwned=1">foreign</b>' in page.locator("a.qlink").first.text_content()
        # the javascript: URL is shown, never linked
        assert page.locator('a[href^="javascript"]').count() == 0
        assert "javascript:window.__pwned=1" in page.locator(".col-head").first.inner_text()
        # our own script ran under the CSP (it is allowed by hash); nothing else was blocked noisily
        assert not [e for e in errors if "Content Security Policy" not in e], errors

        # click the first outlet's version in the ledger: the article span becomes the target
        qlink = page.locator("a.qlink").first
        if not qlink.is_visible():  # a changed quote shows its diff; its wordings are one click away
            page.locator("article.qg details.more > summary").first.click()
        target = qlink.get_attribute("href")[1:]
        qlink.click()
        _wait_lit(page, target)
        assert page.evaluate("id => document.getElementById(id).matches(':target')", target)
        assert page.locator(f"[id='{target}']").inner_text() == report.quotes[0].text
        assert page.locator(f"[id='{target}']").is_visible()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "report_hostile.png"))
    finally:
        page.close()


def test_sample_report_citation_jumps_into_the_column(browser: Any, tmp_path: Path) -> None:
    report = Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))
    page, errors = _open(browser, render_report_html(report), tmp_path, "sample")
    try:
        assert not errors, errors
        page.locator("details[id$='-articles'] > summary").click()
        cols = page.locator(".cols .col")
        assert cols.count() == 3
        boxes = [cols.nth(i).bounding_box() for i in range(3)]
        assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]  # side by side on a laptop screen
        assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "report_sample.png"))

        cite = page.locator(".summary sup a").nth(1)
        target = cite.get_attribute("href")[1:]
        cite.click()
        _wait_lit(page, target)
        el = page.locator(f"[id='{target}']")
        assert el.is_visible()  # scrolled into view inside its column
        assert page.evaluate("id => document.getElementById(id).matches(':target')", target)
        column_text = el.locator("xpath=ancestor::div[@class='text']")
        assert column_text.count() == 1
        page.screenshot(path=str(SCREENSHOTS / "report_sample_citation.png"))

        # a figure link lights every fragment of its span
        fig = page.locator("a.figlink").first
        fig_target = fig.get_attribute("href")[1:]
        fig.click()
        _wait_lit(page, fig_target)
        frags = page.locator(f"[id='{fig_target}'], [data-k='{fig_target}']")  # data-k only when split
        assert frags.count() >= 1
        assert all("hl" in (frags.nth(i).get_attribute("class") or "").split() for i in range(frags.count()))
    finally:
        page.close()
