"""A large batch writes an index page and one page per story (#17 item 5).

Pinned on the hand-built sample report with a second story, and the single-page limit lowered
so that three articles count as "large": report.html lists the stories (most reports first) and
links to stories/story-NNNN.html; each story page holds exactly the story section report.html
would have held, every in-page evidence link resolves on it, and it links back to the index.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import html as lhtml

from newsprism.model import Report
from newsprism.report import writer
from newsprism.report.html import render_report_html

FIXTURE = Path(__file__).parent / "fixtures" / "report_sample.json"


@pytest.fixture()
def two_stories() -> Report:
    sample = Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))
    (story,) = sample.stories
    lone = story.model_copy(
        update={"id": "lone", "title": "A story of one report", "article_ids": story.article_ids[:1],
                "quote_groups": [], "figure_groups": [], "omissions": [], "summary": [], "timeline": [],
                "framing_profile": [], "duplicates": {}}
    )
    return sample.model_copy(update={"stories": [lone, story]})


def _section(doc: lhtml.HtmlElement, dom: str) -> bytes:
    (el,) = doc.xpath(f'//section[@class="story"][@id="{dom}"]')
    el.tail = None
    return lhtml.tostring(el)


def test_large_batch_writes_an_index_and_a_page_per_story(
    two_stories: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "SINGLE_PAGE_ARTICLES", 2)
    old = os.umask(0o022)
    try:
        _, html_path = writer.write_report(two_stories, tmp_path)
    finally:
        os.umask(old)
    index = lhtml.fromstring(html_path.read_text(encoding="utf-8"))
    assert not index.xpath('//section[@class="story"]')  # no story rendered on the index
    links = index.xpath('//table[@class="story-index"]//a/@href')
    titles = [" ".join(t.split()) for t in index.xpath('//table[@class="story-index"]//a/text()')]
    assert links == ["stories/story-0002.html", "stories/story-0001.html"]  # most reports first
    assert titles[1] == "A story of one report"
    single = lhtml.fromstring(render_report_html(two_stories))
    for si, href in ((1, links[0]), (0, links[1])):
        path = tmp_path / href
        assert path.stat().st_mode & 0o777 == 0o644
        page = lhtml.fromstring(path.read_text(encoding="utf-8"))
        assert len(page.xpath('//section[@class="story"]')) == 1
        assert _section(page, f"s{si}") == _section(single, f"s{si}")
        ids = set(page.xpath("//@id"))
        local = [h[1:] for h in page.xpath("//a/@href") if h.startswith("#")]
        assert local and all(t in ids for t in local)
        assert "../report.html" in page.xpath("//a/@href")


def test_a_smaller_rerun_removes_the_story_pages_it_no_longer_has(
    two_stories: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "SINGLE_PAGE_ARTICLES", 2)
    writer.write_report(two_stories, tmp_path)
    assert (tmp_path / "stories" / "story-0002.html").exists()
    writer.write_report(two_stories.model_copy(update={"stories": two_stories.stories[:1]}), tmp_path)
    assert sorted(p.name for p in (tmp_path / "stories").iterdir()) == ["story-0001.html"]


def test_a_batch_within_the_limit_stays_one_page(two_stories: Report, tmp_path: Path) -> None:
    _, html_path = writer.write_report(two_stories, tmp_path)
    assert html_path.read_text(encoding="utf-8") == render_report_html(two_stories)
    assert not (tmp_path / "stories").exists()
