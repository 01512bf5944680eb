"""Figure extraction and normalisation on short news-like snippets."""

from __future__ import annotations

import pytest

from newsprism.analysis.figures import extract_figures


def _figs(nlp, text, published="2023-03-21"):
    return extract_figures(nlp(text), "art", published)


def _by_text(figs):
    return {f.text: f for f in figs}


def test_money_range_splits_into_two_exact_figures(nlp):
    text = "Trade between the two countries rose from $87 billion to $185 billion over those 10 years."
    figs = _by_text(_figs(nlp, text))
    assert figs["$87 billion"].value == 87e9
    assert figs["$87 billion"].unit == "USD" and figs["$87 billion"].kind == "money"
    assert figs["$185 billion"].value == 185e9
    for f in figs.values():
        (s, e), = f.spans
        assert text[s:e] == f.text
        assert f.context == text
        assert f.id.startswith("art:f")


def test_duration_is_quantity_and_hyphenated_count_is_count(nlp):
    text = "Over the past 10 years, Beijing published a 12-point plan for peace in Ukraine."
    figs = _by_text(_figs(nlp, text))
    f = figs["past 10 years"]
    assert f.kind == "quantity" and f.value == 10 and f.unit == "year"
    assert figs["12-point"].kind == "count" and figs["12-point"].value == 12


def test_dates_take_year_from_published_date(nlp):
    text = (
        "Xi arrived in Moscow on March 20, more than a year after the invasion began in February last year. "
        "German Chancellor Olaf Scholz said on Feb. 25 that the plan was vague. The election is due in 2024."
    )
    figs = _by_text(_figs(nlp, text))
    assert figs["March 20"].value == "2023-03-20" and figs["March 20"].kind == "date"
    assert figs["February last year"].value == "2022-02"
    assert figs["Feb. 25"].value == "2023-02-25"
    assert figs["2024"].value == "2024"


def test_year_less_date_without_published_date(nlp):
    figs = _by_text(_figs(nlp, "The summit opened on March 20 in Moscow.", published=None))
    assert figs["March 20"].value == "--03-20"


def test_december_date_in_january_article_is_last_year(nlp):
    figs = _by_text(_figs(nlp, "The ceasefire was agreed on Dec. 28 in Doha.", published="2024-01-05"))
    assert figs["Dec. 28"].value == "2023-12-28"


def test_percent_and_scaled_money(nlp):
    figs = _by_text(_figs(nlp, "The deal is worth $1.5bn, and exports rose 12 percent."))
    assert figs["$1.5bn"].value == 1.5e9 and figs["$1.5bn"].unit == "USD"
    assert figs["12 percent"].kind == "percent" and figs["12 percent"].value == 12 and figs["12 percent"].unit == "%"


def test_trivial_figures_skipped(nlp):
    text = "One of the officials said the two leaders discussed the matter during the first visit."
    figs = _figs(nlp, text)
    assert [f.text for f in figs] == []


def test_counts_kept_and_names_with_numbers_skipped(nlp):
    text = "The army lost 3,500 soldiers, and 20 F-16 jets arrived after COVID-19 ended."
    figs = _by_text(_figs(nlp, text))
    assert figs["3,500"].value == 3500 and figs["3,500"].kind == "count"
    assert "16" not in figs and "19" not in figs


def test_relative_dates_resolved_against_publication(nlp):
    figs = _by_text(_figs(nlp, "The presidential election is next year, and the talks began last month."))
    assert figs["next year"].value == "2024"
    assert figs["last month"].value == "2023-02"


def test_context_stops_at_paragraph_break(nlp):
    text = 'The leader backed the plan. "We will support you."\n\nXi arrived in Moscow on March 20 for talks.'
    (fig,) = [f for f in _figs(nlp, text) if f.text == "March 20"]
    assert fig.context == "Xi arrived in Moscow on March 20 for talks."
    (s, e), = fig.sentence_spans
    assert text[s:e] == fig.context


@pytest.mark.parametrize(
    "line",
    ["Copyright 2017 The Associated Press. All rights reserved.", "Posted by Jane Doe on Sunday",
     "Last updated: March 3, 2018 at 10:00 GMT", "© 2016 Cable News Network, all rights reserved."],
)
def test_copyright_and_posting_lines_give_no_figures(nlp, line: str) -> None:
    text = f"Police said 3 people were hurt in the fire on Sunday.\n{line}"
    figures = extract_figures(nlp(text), "a", "2018-01-15")
    assert [(f.text, f.value) for f in figures] == [("3", 3.0), ("Sunday", "2018-01-14")]



@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-01-01", "2024-01-01"),  # a Monday: "Monday" is that very day, not 25 December
        ("2024-01-01T18:30:00+00:00", "2024-01-01"),
        ("2024-01-03", "2024-01-01"),  # the Wednesday after: the Monday just gone
        ("2023-12-31", "2023-12-25"),  # the Sunday before: the Monday of that week
    ],
)
def test_weekday_is_the_most_recent_such_day_on_or_before_publication(nlp, published: str, expected: str) -> None:
    figures = extract_figures(nlp("Investigators said Monday that the fire started in the kitchen."), "a", published)
    assert [(f.text, f.value) for f in figures] == [("Monday", expected)]
