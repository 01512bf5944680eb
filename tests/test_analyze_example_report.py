"""End to end on the bundled customer case: two outlets' real reports of one meeting.

These pin what the product promises a reader of that report, not internal
shapes: the quotes with their resolved speakers, the cross-outlet alignments,
single-source figures, framing, and no page debris.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsprism.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "xi-putin"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--out", str(out), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "report.html").stat().st_size > 1000
    return out


@pytest.fixture(scope="module")
def report(out_dir: Path) -> dict:
    return json.loads((out_dir / "report.json").read_text(encoding="utf-8"))


def _article(report: dict, needle: str) -> dict:
    return next(a for a in report["articles"] if needle in a["text"])


def _quote(report: dict, needle: str) -> dict:
    hits = [q for q in report["quotes"] if needle in q["text"]]
    assert hits, f"no quote contains {needle!r}"
    return hits[0]


def test_schema_and_one_story(report: dict) -> None:
    assert report["schema"] == "newsprism.report/1"
    assert len(report["articles"]) == 2
    assert len(report["stories"]) == 1
    assert len(report["stories"][0]["article_ids"]) == 2


def test_page_debris_removed(report: dict) -> None:
    for article in report["articles"]:
        assert "Oops!" not in article["text"]
        assert "Something went wrong" not in article["text"]
        assert "Please try again later" not in article["text"]


def test_headline_becomes_title_only_where_there_is_one(report: dict) -> None:
    titled = _article(report, "CNN reported")
    assert titled["title"] and "similar goals" in titled["title"]
    untitled = _article(report, "colossal leap forward")
    assert untitled["title"] is None


@pytest.mark.parametrize(
    ("needle", "speaker"),
    [
        ("we can cooperate and work together", "Xi Jinping"),
        ("will continue to strongly support you", "Xi Jinping"),  # speaker in the previous sentence
        ("I’m very happy that I can visit Russia again", "Xi Jinping"),
        ("colossal leap forward", "Vladimir Putin"),
        ("evokes interest", "Vladimir Putin"),  # "he added"
        ("Symbolically, we met here", "Vladimir Putin"),  # "He continued, ..."
        ("It is symbolic that exactly 10 years ago", "Vladimir Putin"),
        ("has more than doubled", "Vladimir Putin"),  # partial quote in reported speech
        ("main topic of the meeting would be the war", "Dmitry Peskov"),  # indirect speech
        ("dictated peace Russian-style", "Olaf Scholz"),
    ],
)
def test_quotes_have_resolved_speakers(report: dict, needle: str, speaker: str) -> None:
    quote = _quote(report, needle)
    assert quote["speaker"] is not None
    assert quote["speaker"]["name"] == speaker
    text = next(a["text"] for a in report["articles"] if a["id"] == quote["article_id"])
    for start, end in quote["spans"]:
        assert text[start:end] in quote["text"] or quote["text"] in text[start:end]


def test_partial_and_indirect_kinds(report: dict) -> None:
    assert _quote(report, "has more than doubled")["kind"] in {"partial", "mixed"}
    assert _quote(report, "main topic of the meeting would be the war")["kind"] == "indirect"


def test_scare_quote_is_not_an_utterance(report: dict) -> None:
    assert not any(q["text"].strip("“”\"' ") == "peace plan" for q in report["quotes"])
    assert any(f["type"] == "scare_quote" and "peace plan" in f["text"] for f in report["framing"])


def _pairs(report: dict) -> list[tuple[str, str, str]]:
    by_id = {q["id"]: q["text"] for q in report["quotes"]}
    story = report["stories"][0]
    return [
        (by_id[p["a"]], by_id[p["b"]], p["relation"]) for g in story["quote_groups"] for p in g["pairs"]
    ]


@pytest.mark.parametrize(
    ("needle_a", "needle_b", "relations"),
    [
        ("share similar goals", "share the same, or some similar goals", {"truncated", "altered"}),
        ("We have exerted efforts", "We have exerted efforts", {"identical", "truncated", "altered"}),
        ("It is symbolic that exactly 10 years ago", "Symbolically, we met here", {"variant"}),
        ("will continue to strongly support you", "will continue to strongly support you", {"truncated", "altered"}),
    ],
)
def test_cross_outlet_alignment(report: dict, needle_a: str, needle_b: str, relations: set) -> None:
    pairs = _pairs(report)
    hits = [
        rel
        for a, b, rel in pairs
        if (needle_a in a and needle_b in b) or (needle_a in b and needle_b in a)
    ]
    assert hits, f"no pair aligns {needle_a!r} with {needle_b!r}: {pairs}"
    assert hits[0] in relations


EXPECTED_LINKS = (
    ("share similar goals", "share the same, or some similar goals"),
    ("We have exerted efforts", "We have exerted efforts"),
    ("It is symbolic that exactly 10 years ago", "Symbolically, we met here"),
    ("will continue to strongly support you", "will continue to strongly support you"),
    ("support for Putin to be reelected", "support for Putin to be reelected"),
)


def test_no_link_beyond_the_known_alignments(report: dict) -> None:
    """Every pair the example's ledger shows is one of its known cross-outlet alignments."""
    for a, b, rel in _pairs(report):
        assert any((x in a and y in b) or (x in b and y in a) for x, y in EXPECTED_LINKS), (rel, a, b)


def test_pair_line_names_both_versions_and_what_its_measure_means(out_dir: Path) -> None:
    html = (out_dir / "report.html").read_text(encoding="utf-8")
    heads = re.findall(r'<div class="pair-head">(.*?)</div>', html, re.S)
    assert heads
    for head in heads:
        assert head.count("<q>") == 2  # both versions' first words, not two bare tags
        assert "similarity" not in head
    assert any("altered" in h and "% the same wording" in h for h in heads)
    assert any("truncated" in h and "word for word" in h for h in heads)


def test_trade_figures_are_single_source(report: dict) -> None:
    figures = {f["id"]: f for f in report["figures"]}
    story = report["stories"][0]
    for needle, value in (("87", 87e9), ("185", 185e9)):
        group = next(
            g for g in story["figure_groups"] if any(needle in figures[i]["text"] for i in g["figure_ids"])
        )
        assert group["status"] == "single_source"
        assert any(figures[i]["value"] == pytest.approx(value) for i in group["figure_ids"])


def test_loaded_terms_flagged_in_first_article(report: dict) -> None:
    first = _article(report, "CNN reported")["id"]
    framing = [f for f in report["framing"] if f["article_id"] == first]
    loaded = {f["text"].lower() for f in framing if f["type"] == "loaded_term"}
    assert "so-called" in loaded
    assert all(f["confidence"] >= 0.5 for f in framing if f["type"] == "loaded_term")
    verbs = {f["text"] for f in framing if f["type"] == "attribution_verb"}
    assert "claimed" in verbs and not verbs & {"said", "told", "says"}  # neutral cues are not flags


def test_framing_profile_per_outlet_with_intervals(report: dict) -> None:
    story = report["stories"][0]
    profile = story["framing_profile"]
    assert len(profile) == 2
    for p in profile:
        rate = p["loaded_per_1000_words"]
        assert rate["low"] <= rate["value"] <= rate["high"]
        assert p["words"] > 100 and p["attribution_cues"] >= p["non_neutral_cues"]


def test_summary_sentences_are_the_cited_text_and_some_rest_on_both_outlets(report: dict) -> None:
    summary = report["stories"][0]["summary"]
    assert 1 <= len(summary) <= 8
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for sentence in summary:
        first = sentence["citations"][0]
        cited = " ".join(texts[first["article_id"]][s:e] for s, e in first["spans"])
        assert " ".join(cited.split()) == " ".join(sentence["text"].split())
    assert any(len({c["article_id"] for c in s["citations"]}) == 2 for s in summary)
    assert not any("Oops" in s["text"] for s in summary)
