"""The headline of a scraped page: its title, or its URL slug when the title is site chrome."""

from __future__ import annotations

import pytest

from newsprism.analysis.headline import headline, url_slug


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        # wire story: section path, numeric id glued to the slug
        (
            "http://abcnews.go.com/Technology/wireStory/russian-space-experts-regain-control-1st-angola-satellite-52044233",
            "russian space experts regain control 1st angola satellite",
        ),
        # numeric prefix and trailing slash
        ("https://www.rt.com/on-air/414286-angola-satellite-launch-baikonur/", "angola satellite launch baikonur"),
        # extension stripped, dated path segments ignored
        ("https://www.nytimes.com/2017/10/02/us/las-vegas-shooting.html", "las vegas shooting"),
        # underscores
        (
            "http://www.etonline.com/news/133594_Lindsay_Lohan_Checks_Into_California_Rehab_Facility/index.html",
            "lindsay lohan checks into california rehab facility",
        ),
        # a search page: the query is not the page's story
        ("https://www.npr.org/templates/search/index.php?searchinput=Costa+Rica+plane+crash", ""),
        # an id-only path names nothing
        ("http://africa.chinadaily.com.cn/world/2017-09/15/content_32041310.htm", ""),
        (None, ""),
        ("", ""),
    ],
)
def test_url_slug_reads_the_story_words_of_a_news_url(url: str | None, slug: str) -> None:
    assert url_slug(url) == slug


def test_site_name_title_is_replaced_by_the_slug() -> None:
    url = "http://abcnews.go.com/Technology/wireStory/russian-space-experts-regain-control-1st-angola-satellite-52044233"
    assert headline("ABC News", url) == "russian space experts regain control 1st angola satellite"


def test_timestamp_title_is_replaced_by_the_slug() -> None:
    url = "http://www.cbsnews.com/8301-207_162-57582560/lawyer-lindsay-lohan-checks-into-rehab-facility/"
    assert headline("May 2, 2013, 1: 12 PM", url) == "lawyer lindsay lohan checks into rehab facility"


def test_real_title_is_kept_when_it_shares_words_with_the_slug() -> None:
    url = "http://www.contactmusic.com/news/lindsay-lohan-rehab_3719638"
    title = "Lindsay Lohan Checks Out Of Rehab... To Check Into Different Facility"
    assert headline(title, url) == title


def test_title_is_kept_without_a_usable_slug() -> None:
    assert headline("Xi and Putin meet in Moscow", "https://example.com/news/article.php?id=7") == (
        "Xi and Putin meet in Moscow"
    )
    assert headline(None, None) == ""
