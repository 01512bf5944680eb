"""Figures across outlets (agree / conflict / single_source), omissions and the timeline."""

from __future__ import annotations

from newsprism.compare.figures import build_figure_groups
from newsprism.compare.omissions import find_omissions
from newsprism.compare.timeline import build_timeline
from newsprism.model import Figure, Quote, QuoteGroup


def fig(fid, article, sentence, text, value, unit, kind):
    s = sentence.index(text)
    return Figure(
        id=fid, article_id=article, spans=[(100 + s, 100 + s + len(text))], text=text, value=value, unit=unit,
        kind=kind, context=sentence, sentence_spans=[(100, 100 + len(sentence))],
    )


A_TRADE = "Putin said trade turnover between the two countries rose from $87 billion to $185 billion."
B_TRADE = "Putin told Xi that bilateral trade turnover reached $185 billion last year."
C_TRADE = "Trade turnover between Russia and China reached $190 billion, Putin said."


def test_same_value_agrees_and_unmatched_ends_are_single_source():
    figures = [
        fig("a:f1", "a", A_TRADE, "$87 billion", 87e9, "USD", "money"),
        fig("a:f2", "a", A_TRADE, "$185 billion", 185e9, "USD", "money"),
        fig("b:f1", "b", B_TRADE, "$185 billion", 185e9, "USD", "money"),
    ]
    groups = build_figure_groups(figures, prefix="s1")
    status = {tuple(g.figure_ids): g.status for g in groups}
    assert status == {("a:f1",): "single_source", ("a:f2", "b:f1"): "agree"}
    assert all(g.id.startswith("s1:fg") for g in groups)


def test_same_quantity_different_value_conflicts():
    figures = [
        fig("b:f1", "b", B_TRADE, "$185 billion", 185e9, "USD", "money"),
        fig("c:f1", "c", C_TRADE, "$190 billion", 190e9, "USD", "money"),
    ]
    (group,) = build_figure_groups(figures)
    assert group.status == "conflict" and group.figure_ids == ["b:f1", "c:f1"]
    assert "$185 billion" in group.note and "$190 billion" in group.note


def test_rounding_counts_as_agreement():
    figures = [
        fig("a:f1", "a", "The army said 3,500 soldiers were killed in the offensive.", "3,500", 3500.0, "count",
            "count"),
        fig("b:f1", "b", "About 3,520 soldiers were killed in the offensive, the army said.", "3,520", 3520.0,
            "count", "count"),
    ]
    (group,) = build_figure_groups(figures)
    assert group.status == "agree"


def test_different_quantities_are_not_grouped():
    figures = [
        fig("a:f1", "a", "The plan has 12 points on sovereignty and grain exports.", "12", 12.0, "count", "count"),
        fig("b:f1", "b", "Police arrested 40 protesters outside the embassy.", "40", 40.0, "count", "count"),
    ]
    assert [g.status for g in build_figure_groups(figures)] == ["single_source", "single_source"]


def test_dates_of_different_precision_agree():
    figures = [
        fig("a:f1", "a", "The full-scale invasion began in February last year.", "February last year", "2022-02",
            "date", "date"),
        fig("b:f1", "b", "Russia launched its full-scale invasion on Feb. 24, 2022.", "Feb. 24, 2022",
            "2022-02-24", "date", "date"),
    ]
    (group,) = build_figure_groups(figures)
    assert group.status == "agree"


def test_omissions_list_what_others_report():
    figures = [
        fig("a:f1", "a", A_TRADE, "$87 billion", 87e9, "USD", "money"),
        fig("a:f2", "a", A_TRADE, "$185 billion", 185e9, "USD", "money"),
        fig("b:f1", "b", B_TRADE, "$185 billion", 185e9, "USD", "money"),
    ]
    fgroups = build_figure_groups(figures)
    qgroups = [QuoteGroup(id="g1", speaker="Xi Jinping", quote_ids=["a:q1", "b:q1"]),
               QuoteGroup(id="g2", speaker="Vladimir Putin", quote_ids=["b:q2"])]
    quotes = [Quote(id=i, article_id=i[0], spans=[(0, 1)], text="x", kind="direct") for i in ("a:q1", "b:q1", "b:q2")]
    om = {o.article_id: o.missing for o in find_omissions(["a", "b", "c"], qgroups, fgroups, quotes, figures)}
    single = next(g.id for g in fgroups if g.status == "single_source")
    agreed = next(g.id for g in fgroups if g.status == "agree")
    assert om["a"] == ["g2"]
    assert om["b"] == [single]
    assert om["c"] == ["g1", "g2", single, agreed]


def test_timeline_merges_same_event_and_sorts():
    figures = [
        fig("a:f1", "a", "Xi arrived in Moscow on March 20 for a three-day state visit.", "March 20", "2023-03-20",
            "date", "date"),
        fig("a:f2", "a", "The full-scale invasion began in February last year.", "February last year", "2022-02",
            "date", "date"),
        fig("b:f1", "b", "Chinese President Xi Jinping arrived in Moscow on March 20.", "March 20", "2023-03-20",
            "date", "date"),
        fig("b:f2", "b", "The visit opened on March 20, officials said.", "March 20", "--03-20", "date", "date"),
    ]
    timeline = build_timeline(figures)
    assert [e.date for e in timeline] == ["2022-02", "2023-03-20"]
    assert [c.article_id for c in timeline[1].citations] == ["a", "b"]
    assert timeline[1].citations[0].spans == [(100, 100 + len(figures[0].context))]


def test_notes_name_outlets_not_article_ids():
    figures = [
        fig("b:f1", "b", B_TRADE, "$185 billion", 185e9, "USD", "money"),
        fig("c:f1", "c", C_TRADE, "$190 billion", 190e9, "USD", "money"),
    ]
    (group,) = build_figure_groups(figures, outlets={"b": "Reuters", "c": "TASS"})
    assert group.note.startswith("Reuters: $185 billion") and "TASS: $190 billion" in group.note
    (alone,) = build_figure_groups(figures[:1], outlets={"b": "Reuters"})
    assert alone.status == "single_source" and alone.note == "reported only by Reuters"


def test_weekday_resolved_against_two_publication_dates_is_no_conflict():
    # "Sunday" in a report of the next day and in one two weeks later: our resolution differs, not the outlets
    a = "Three people were killed when the roof of the Riverside market collapsed on Sunday, police said."
    b = "The roof of the Riverside market collapsed on Sunday, killing three people, police said."
    c = "The roof of the Riverside market collapsed on January 14, killing three people, police said."
    figures = [
        fig("a:f1", "a", a, "Sunday", "2018-01-14", "date", "date"),
        fig("b:f1", "b", b, "Sunday", "2018-01-28", "date", "date"),
        fig("c:f1", "c", c, "January 14", "2018-01-14", "date", "date"),
    ]
    statuses = {g.status for g in build_figure_groups(figures)}
    assert "conflict" not in statuses and "agree" in statuses
    # written dates still conflict when they differ
    d = c.replace("January 14", "January 21")
    written = [fig("c:f1", "c", c, "January 14", "2018-01-14", "date", "date"),
               fig("d:f1", "d", d, "January 21", "2018-01-21", "date", "date")]
    (group,) = build_figure_groups(written)
    assert group.status == "conflict"
