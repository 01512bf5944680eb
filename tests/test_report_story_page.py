"""The story page reads differences first and stays small (#17 items 1-2), in a real browser.

One synthetic story of 12 short articles by 8 outlets (a ferry that capsized; written here as
JSON lines, the form newsprism reads) goes through the product (``load_paths``,
``analyze_local``, ``build_report``, ``render_report_html``).  Several outlets quote the same
people with changed, cut or identical words and give conflicting death tolls, so the page has
cross-outlet groups, single-outlet quotes, figure conflicts and omissions to fold.

Pinned: the first view (folds closed) fits 4 screens of 1400x900; nothing widens the page at
390 px; the page is far below 2 MB; cross-outlet quotes lead, changed wording first; and a link
to evidence inside a closed fold opens the fold and shows it.  Screenshots go to tmp_path (and
are asserted written).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lhtml

from newsprism.ingest import load_paths
from newsprism.model import Report
from newsprism.pipeline import build_report
from newsprism.report.html import render_report_html
from newsprism.runners.local import analyze_local

SCREEN = (1400, 900)
PHONE_WIDTH = 390

# (outlet, url host, published, headline, body).  The same remarks recur with changed words.
_MAYOR_FULL = "We are doing everything we can to bring every passenger home to their families"
_MAYOR_CUT = "We are doing everything we can to bring every passenger home"
_MAYOR_ALT = "We are doing everything possible to bring every passenger home to their families"
_CAPTAIN = "The waves came over the bow and the ship simply rolled"
_CAPTAIN_ALT = "The waves came over the bow and the ferry just rolled over"
_MINISTER = "There will be a full and independent inquiry into this tragedy"
_COAST = "Our divers have recovered the bodies of the missing crew members"

_ARTICLES: list[tuple[str, str, str, str, str]] = [
    ("Harbour Times", "harbourtimes.example", "2024-03-10T06:10:00",
     "Ferry capsizes off Kessel island, 14 dead",
     f'A passenger ferry capsized off Kessel island early on Sunday, killing 14 people, officials said. '
     f'Mayor Anna Berg told reporters: "{_MAYOR_FULL}." The ferry was carrying 212 passengers. '
     f'Captain Lars Holm said "{_CAPTAIN}," adding that the storm arrived faster than forecast. '
     f'"The coast guard responded within twenty minutes," said harbour master Per Lund. '
     f'Rescue boats pulled 180 people from the water.'),
    ("Daily Courier", "dailycourier.example", "2024-03-10T07:45:00",
     "At least 12 killed as ferry overturns in storm",
     f'At least 12 people died when a ferry overturned in a storm near Kessel island on Sunday. '
     f'"{_MAYOR_CUT}," Mayor Anna Berg said. The vessel had 212 people on board. '
     f'Transport minister Olav Dahl promised answers: "{_MINISTER}." '
     f'"I saw people clinging to the railings," said passenger Eva Sand. '
     f'The ferry operator, Nordlink, said it was cooperating with the authorities.'),
    ("Wire Service", "wireservice.example", "2024-03-10T08:05:00",
     "Kessel ferry disaster: 14 confirmed dead",
     f'Fourteen people were confirmed dead after a ferry capsized near Kessel island on Sunday. '
     f'Captain Lars Holm told investigators "{_CAPTAIN}." '
     f'Mayor Anna Berg said: "{_MAYOR_FULL}." '
     f'Transport minister Olav Dahl said "{_MINISTER}." '
     f'The ferry was built in 1998 and was inspected last year, Nordlink said.'),
    ("Evening Post", "eveningpost.example", "2024-03-10T09:30:00",
     "Survivors describe chaos as ferry sinks",
     f'Survivors described scenes of panic as the ferry went down off Kessel island, killing 15 people. '
     f'"We heard a loud bang and then the lights went out," said passenger Jonas Berg. '
     f'Mayor Anna Berg said "{_MAYOR_ALT}." '
     f'Captain Lars Holm said "{_CAPTAIN_ALT}." '
     f'About 200 passengers were on board, according to the operator.'),
    ("Coastal News", "coastalnews.example", "2024-03-10T10:00:00",
     "Divers recover crew as ferry inquiry begins",
     f'Coast guard commander Ingrid Vik said "{_COAST}." The death toll stands at 14. '
     f'Transport minister Olav Dahl said: "{_MINISTER}." '
     f'"The weather warning was issued at midnight," a meteorologist, Sven Ek, said. '
     f'The ferry had 212 passengers and 9 crew.'),
    ("Metro Daily", "metrodaily.example", "2024-03-10T11:20:00",
     "Mayor vows to bring passengers home after ferry tragedy",
     f'Mayor Anna Berg vowed on Sunday: "{_MAYOR_FULL}." '
     f'At least 14 people were killed when the ferry capsized. '
     f'"My daughter called me from the deck," said Karin Moe, whose daughter survived. '
     f'Nordlink shares fell 8 percent on Monday.'),
    ("Harbour Times", "harbourtimes.example", "2024-03-10T14:00:00",
     "Ferry operator faces questions over safety record",
     f'Nordlink, the operator of the ferry that capsized off Kessel island, faces questions over its safety record. '
     f'"We had raised concerns about the loading doors twice," said union leader Tor Aas. '
     f'Transport minister Olav Dahl said "{_MINISTER}." '
     f'The company was fined 40,000 euros in 2021.'),
    ("Radio North", "radionorth.example", "2024-03-10T15:10:00",
     "Storm blamed as ferry toll rises to 14",
     f'The toll from the ferry disaster rose to 14 on Sunday afternoon. '
     f'Coast guard commander Ingrid Vik said "{_COAST}." '
     f'Captain Lars Holm said "{_CAPTAIN}." '
     f'"Winds reached 90 kilometres per hour," said meteorologist Sven Ek.'),
    ("Daily Courier", "dailycourier.example", "2024-03-10T18:40:00",
     "Families gather at Kessel harbour",
     f'Families gathered at Kessel harbour on Sunday evening waiting for news. '
     f'"We just want to know where he is," said Lena Dal, whose husband was a crew member. '
     f'Mayor Anna Berg said "{_MAYOR_CUT}." '
     f'Officials said 12 people had died.'),
    ("Island Gazette", "islandgazette.example", "2024-03-11T07:00:00",
     "Kessel mourns ferry victims",
     f'Kessel island held a vigil for the 14 victims of Sunday\'s ferry disaster. '
     f'"This island has lost its sons and daughters," said pastor Nils Ruud. '
     f'Coast guard commander Ingrid Vik said "{_COAST}." '
     f'Mayor Anna Berg said: "{_MAYOR_FULL}."'),
    ("Wire Service", "wireservice.example", "2024-03-11T09:15:00",
     "Ferry captain questioned by police",
     f'Police questioned captain Lars Holm on Monday. '
     f'"{_CAPTAIN_ALT}," Holm told police, according to his lawyer, Mia Strand. '
     f'"My client is cooperating fully," Strand said. '
     f'The ferry carried 212 passengers when it capsized.'),
    ("Evening Post", "eveningpost.example", "2024-03-11T12:00:00",
     "Minister promises independent ferry inquiry",
     f'Transport minister Olav Dahl said "{_MINISTER}." '
     f'The opposition called for the minister to appear before parliament. '
     f'"Answers are owed to every family," said opposition leader Siri Holt. '
     f'The toll stood at 14.'),
]


def _jsonl(articles: list[tuple[str, str, str, str, str]]) -> str:
    rows = []
    for i, (outlet, host, published, title, text) in enumerate(articles):
        url = f"https://www.{host}/news/{published[:10]}/ferry-{i}"
        rows.append(json.dumps({"text": text, "title": title, "url": url, "published": published, "outlet": outlet}))
    return "\n".join(rows) + "\n"


# A 40-article story (#17 item 2 budget): the twelve reports above rewritten by 20 outlets over two
# days, each with its own lead sentence and its sentences in another order, so no two texts match.
_LEADS = [
    "Rescue crews worked through the night.", "Relatives waited at the quay for news.",
    "The storm had been forecast two days earlier.", "Flags flew at half mast across the island.",
    "Questions are growing about the ferry's age.", "The harbour was closed to all traffic.",
    "Schools on the island were closed on Monday.", "Insurers said claims would be paid quickly.",
]


def _forty() -> list[tuple[str, str, str, str, str]]:
    out = []
    for i in range(40):
        outlet, _host, published, title, text = _ARTICLES[i % len(_ARTICLES)]
        sentences = [s.strip() for s in text.split(". ") if s.strip()]
        k = i // len(_ARTICLES)
        sentences = sentences[k:] + sentences[:k]
        body = f"{_LEADS[i % len(_LEADS)]} Reporter {i} filed this update. " + ". ".join(sentences).rstrip(".") + "."
        name = f"{outlet} {'North South East West'.split()[i % 4]}" if i >= len(_ARTICLES) else outlet
        out.append((name, name.lower().replace(" ", "") + ".example", f"2024-03-1{i % 3}T{6 + i % 12:02d}:{i % 60:02d}:00",
                    f"{title} ({i})", body))
    return out


def _report(folder: Path, rows: list[tuple[str, str, str, str, str]]) -> Report:
    (folder / "story.jsonl").write_text(_jsonl(rows), encoding="utf-8")
    articles, rejected = load_paths([folder])
    assert len(articles) == len(rows), rejected
    analyses, failed = analyze_local(articles, workers=1)
    assert not failed, failed
    ids = [a.id for a in articles]
    return build_report(articles, analyses, rejected, grouping={ids[0]: (ids, {})})


@pytest.fixture(scope="module")
def story_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The synthetic story analysed by the product, as one story (grouping given, not guessed)."""
    return _report(tmp_path_factory.mktemp("ferry"), _ARTICLES)


@pytest.fixture(scope="module")
def forty_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    report = _report(tmp_path_factory.mktemp("ferry40"), _forty())
    assert len(report.stories[0].article_ids) == 40
    assert len({a.outlet_group for a in report.articles}) >= 15
    return render_report_html(report)


@pytest.fixture(scope="module")
def page_html(story_report: Report) -> str:
    return render_report_html(story_report)


def test_synthetic_story_has_differences_to_show(story_report: Report) -> None:
    """Guards the fixture: without cross-outlet quotes and single-outlet items there is nothing to fold."""
    (story,) = story_report.stories
    assert len({a.outlet for a in story_report.articles}) >= 8
    assert len(story.article_ids) == 12
    by_article = {q.id: q.article_id for q in story_report.quotes}
    outlets = {a.id: a.outlet for a in story_report.articles}
    spread = [len({outlets[by_article[q]] for q in g.quote_ids}) for g in story.quote_groups]
    assert sum(n >= 2 for n in spread) >= 3
    assert any(n == 1 for n in spread)
    assert story.omissions


def test_page_is_small_and_leads_with_cross_outlet_quotes_changed_first(page_html: str) -> None:
    assert len(page_html.encode("utf-8")) < 500_000  # the 50-article budget is 2 MB
    doc = lhtml.document_fromstring(page_html)
    story = doc.xpath('//section[@class="story"]')[0]
    blocks = [el.get("id", "").split("-", 1)[-1] for el in story if el.get("id")]
    assert blocks[:3] == ["coverage", "articles", "quotes"]
    assert len(doc.xpath('//table[@class="coverage"]/tbody/tr')) == 12
    # the articles, single-outlet quotes and omissions are folded, closed
    for fold in ("articles", "single-quotes", "omissions-list"):
        (el,) = doc.xpath(f'//details[substring(@id, string-length(@id) - {len(fold)}) = "-{fold}"]')
        assert el.get("open") is None, fold
    quotes = doc.xpath('//section[substring(@id, string-length(@id) - 6) = "-quotes"]')[0]
    open_cards = quotes.xpath('./article[@class="qg"]')
    assert open_cards
    changed = {"altered", "truncated", "variant", "paraphrase"}
    flags = [bool(changed & {b.text for b in c.xpath('./header/span[contains(@class,"badge")]')}) for c in open_cards]
    assert flags == sorted(flags, reverse=True)  # changed wording before identical copies
    assert flags[0]


def _open(browser: Any, html: str, tmp_path: Path, width: int, height: int) -> Any:
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.errors = errors
    return page


@pytest.mark.browser
@pytest.mark.parametrize("which", ["page_html", "forty_html"])
def test_first_view_fits_four_screens_and_nothing_overflows_on_a_phone(
    browser: Any, which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    page_html = request.getfixturevalue(which)
    assert len(page_html.encode("utf-8")) < 2_000_000
    page = _open(browser, page_html, tmp_path, *SCREEN)
    try:
        height = page.evaluate("document.documentElement.scrollHeight")
        shot = tmp_path / "story_1400.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 0
        assert height <= 4 * SCREEN[1], height
        assert not page.errors, page.errors
    finally:
        page.close()
    page = _open(browser, page_html, tmp_path, PHONE_WIDTH, 844)
    try:
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        shot = tmp_path / "story_390.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 0
        assert widths[0] <= widths[1], widths
    finally:
        page.close()


@pytest.mark.browser
def test_link_into_a_closed_fold_opens_it_and_shows_the_evidence(
    browser: Any, page_html: str, tmp_path: Path
) -> None:
    page = _open(browser, page_html, tmp_path, *SCREEN)
    try:
        # an outlet tag of an open comparison links to its sentence in the folded articles
        qlink = page.locator("section[id$='-quotes'] > article.qg a.qref").first
        target = qlink.get_attribute("href")[1:]
        assert not page.locator(f"[id='{target}']").is_visible()
        qlink.click()
        page.wait_for_function("id => document.getElementById(id).classList.contains('hl')", arg=target, timeout=5000)
        assert page.locator(f"[id='{target}']").is_visible()
        assert page.evaluate("document.querySelector('details[id$=\"-articles\"]').open")
        # navigating to a single-outlet quote group (as an omission's link does) opens its fold
        single = page.locator("details[id$='-single-quotes'] li.qg-single").first
        gid = single.get_attribute("id")
        assert not single.is_visible()
        page.evaluate("id => { location.hash = '#' + id; }", gid)
        page.wait_for_function("id => document.getElementById(id).classList.contains('hl')", arg=gid, timeout=5000)
        assert single.is_visible()
        shot = tmp_path / "story_opened.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 0
        assert not page.errors, page.errors
    finally:
        page.close()


_ITEMS = "section.story .qg, section.story .qg-single, section.story tr.fg, section.story .fg-single"


def _visible_items(page: Any) -> list[dict]:
    """The quote groups and figures a reader sees now: outlets, speaker and kinds of each."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null).map(e => ({
             o: e.getAttribute('data-o').split(' '), fig: e.matches('.fg, .fg-single'),
             sp: (e.querySelector('.sp:not(.unattr)') || {textContent: ''}).textContent,
             kinds: [...e.querySelectorAll('.kind')].map(k => k.textContent.trim())}))""",
        _ITEMS,
    )


@pytest.mark.browser
def test_filters_by_outlet_speaker_and_kind_show_only_matching_items(
    browser: Any, page_html: str, tmp_path: Path
) -> None:
    page = _open(browser, page_html, tmp_path, *SCREEN)
    try:
        bar = page.locator(".filters")
        assert bar.is_visible()  # the script unhides it; without script it stays hidden
        n_items = page.locator(_ITEMS).count()
        # outlet: Radio North's items only, folds holding them opened; other outlets' rows hidden
        option = bar.locator('select[data-f="o"] option', has_text="Radio North")
        index = option.get_attribute("value")
        bar.locator('select[data-f="o"]').select_option(index)
        seen = _visible_items(page)
        assert seen and len(seen) < n_items
        assert all(index in it["o"] for it in seen)
        assert any(not it["fig"] for it in seen) and any(it["fig"] for it in seen)
        rows = page.locator("table.coverage tr[data-o]")
        shown_rows = [r.get_attribute("data-o") for r in rows.all() if r.is_visible()]
        assert shown_rows and set(shown_rows) == {index}
        # speaker (typed, any case) on top of the outlet: Holm's quotes in Radio North
        bar.locator('input[data-f="sp"]').fill("holm")
        seen = _visible_items(page)
        assert seen and all("Holm" in it["sp"] and not it["fig"] and index in it["o"] for it in seen)
        # kind alone: figures only
        bar.locator('input[data-f="sp"]').fill("")
        bar.locator('select[data-f="o"]').select_option("")
        bar.locator('select[data-f="k"]').select_option("figure")
        seen = _visible_items(page)
        assert seen and all(it["fig"] for it in seen)
        assert "match" in bar.locator(".filter-n").inner_text()
        bar.locator('select[data-f="k"]').select_option("direct")
        seen = _visible_items(page)
        assert seen and all("direct" in it["kinds"] for it in seen)
        # cleared: nothing is filtered out
        bar.locator('select[data-f="k"]').select_option("")
        assert page.locator(".filtered-out").count() == 0
        shot = tmp_path / "story_filtered.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 0
        assert not page.errors, page.errors
    finally:
        page.close()
