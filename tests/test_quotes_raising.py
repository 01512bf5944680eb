"""Raising verbs and passive infinitives: the subject is part of what is reported
("The donors appear to have ties ..."), and such attributions have no source."""

from __future__ import annotations

import pytest

from newsprism.analysis.cues import cue_precision
from newsprism.analysis.quotes import cue_frame
from nlp_helpers import quotes_of


@pytest.mark.parametrize("text, cue, parts", [
    ("The donors appear to have ties to the movement.", "appear", ["The donors", "to have ties to the movement"]),
    ("Trump is expected to attend the dinner on Saturday.", "expected",
     ["Trump", "to attend the dinner on Saturday"]),
    ("The Republican nomination increasingly looks like a two-person race.", "looks",
     ["The Republican nomination", "like a two-person race"]),
])
def test_raised_subject_is_content_and_there_is_no_source(nlp, text, cue, parts):
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.cue.text == cue
    assert [text[s:e] for s, e in q.spans] == parts
    assert q.speaker is None


def test_passive_with_agent_is_not_a_raising_frame(nlp):
    doc = nlp("The plan was criticized by Democrats as too costly.")
    verb = next(t for t in doc if t.lower_ == "criticized")
    assert cue_frame(verb)[0] != "raise"


def test_learned_table_knows_the_raising_frame():
    assert cue_precision("seem", "raise") > 0.5
    assert cue_precision("expect", "raise") > 0.5
