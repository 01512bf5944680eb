"""Rank abbreviations before a name stay one token, so the name, not "Sgt", is the speaker."""

from __future__ import annotations

import pytest

from newsprism.analysis.quotes import extract_quotes
from newsprism.analysis.speakers import extract_entities
from newsprism.nlp import NAME_ABBREVIATIONS


@pytest.mark.parametrize("rank", ["Sgt.", "Lt.", "Det."])
def test_a_quote_attributed_to_a_ranked_officer_names_the_officer(nlp, rank: str) -> None:
    text = (f'"He pulled out a handgun and fired twice," said {rank} Michael Woody of the county sheriff\'s office. '
            "Nobody else was hurt.")
    doc = nlp(text)
    assert [t.text for t in doc if t.text.startswith(rank[:-1])] == [rank]
    quotes = extract_quotes(doc, "a1", extract_entities(doc, "a1"))
    assert [q.speaker.name for q in quotes if q.speaker] == ["Michael Woody"]


def test_a_sentence_that_ends_on_a_rank_still_ends_there(nlp) -> None:
    doc = nlp("Last year she was promoted to Sgt. The ceremony was held at the county courthouse on Friday.")
    assert [s.text for s in doc.sents] == ["Last year she was promoted to Sgt.",
                                           "The ceremony was held at the county courthouse on Friday."]


def test_the_abbreviations_are_the_tokenizer_s_own_exceptions(nlp) -> None:
    for abbr in NAME_ABBREVIATIONS:
        assert abbr in nlp.tokenizer.rules
        assert [t.text for t in nlp.tokenizer(f"said {abbr} Ann Lee")] == ["said", abbr, "Ann", "Lee"]


def test_a_rank_ending_a_sentence_before_a_quotation_does_not_join_them(nlp) -> None:
    doc = nlp('Last year she was promoted to Sgt. "It was an honor," she said after the ceremony.')
    quotes = extract_quotes(doc, "a1", extract_entities(doc, "a1"))
    assert [q.text for q in quotes] == ['"It was an honor,"']
    assert not any("promoted" in q.text for q in quotes)
