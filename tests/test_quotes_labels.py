"""Attributions made by layout or by a bare answer word: headline labels
('Ann Coulter: And Then There Was the One') and 'said yes / no / so'."""

from __future__ import annotations

import pytest

from nlp_helpers import quotes_of


def test_headline_with_a_name_label_is_the_names_attribution(nlp):
    text = "Ann Coulter: And Then There Was the One\nA guy just won the nomination by spending no money."
    quotes = quotes_of(nlp, text)
    q = next(q for q in quotes if q.cue is not None and q.cue.text == ":")
    assert q.text == "And Then There Was the One"
    assert q.speaker.mention == "Ann Coulter"


def test_section_header_label_is_not_an_attribution(nlp):
    text = "Related: Five things to know about the caucuses\nThe caucuses start at 7 p.m."
    assert quotes_of(nlp, text) == []


@pytest.mark.parametrize("text, answer, source", [
    ("Asked if her email practices were illegal, 46 percent of voters said yes.", "yes",
     "46 percent of voters"),
    ("Everyone but Hewlett said no.", "no", "Everyone but Hewlett"),
])
def test_said_yes_or_no_reports_the_answer(nlp, text, answer, source):
    q = next(q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == "said")
    assert q.text == answer
    assert q.speaker.mention == source
