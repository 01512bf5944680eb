"""Attributions introduced by nouns and light verbs, and content boundaries.

PolNeAR marks "his criticism of the deal", "called for X to do Y" and
"expressed concern that ..." as attributions; these pin the frames added for
them (``nprep``, ``forto``, light-verb merging) and the boundary choices.
"""

from __future__ import annotations

from newsprism.analysis.quotes import cue_frame
from nlp_helpers import quotes_of


def _only(quotes, words):
    hits = [q for q in quotes if words in q.text]
    assert len(hits) == 1, f"expected one quote with {words!r}: {[q.text for q in quotes]}"
    return hits[0]


def test_noun_with_of_object_is_a_cue_with_its_possessor_as_source(nlp):
    text = "Sen. Elizabeth Warren renewed her criticism of the trade deal on Tuesday."
    q = _only(quotes_of(nlp, text), "trade deal")
    assert q.text == "the trade deal"
    assert "criticism" in q.cue.text
    assert q.speaker is not None and q.speaker.name == "Elizabeth Warren"
    assert q.cue_class == "speech"


def test_noun_frames_name_the_prepositional_object_and_the_infinitive(nlp):
    doc = nlp("Her criticism of the deal was sharp. His decision to run surprised aides.")
    by_word = {t.lower_: t for t in doc}
    assert cue_frame(by_word["criticism"])[0] == "nprep"
    assert cue_frame(by_word["criticism"])[1].lower_ == "deal"
    assert cue_frame(by_word["decision"])[0] == "nacl"
    assert cue_frame(by_word["decision"])[1].lower_ == "run"


def test_called_for_x_to_do_y_takes_the_clause_without_for(nlp):
    text = "Sanders has called for the federal minimum wage to be raised to $15 an hour by 2020."
    q = _only(quotes_of(nlp, text), "minimum wage")
    assert q.text.startswith("the federal minimum wage to be raised")
    assert not q.text.startswith("for")
    assert q.speaker is not None and q.speaker.name == "Sanders"


def test_light_verb_and_noun_cue_make_one_attribution(nlp):
    text = "Republicans on the committee expressed concern that the new rules could lead to voter fraud."
    quotes = quotes_of(nlp, text)
    q = _only(quotes, "voter fraud")
    assert q.text == "that the new rules could lead to voter fraud"
    assert q.cue.text == "expressed concern"
    assert q.cue_class == "speech"  # expressing a concern is saying it (a concern alone is a belief)
    assert q.speaker is not None and q.speaker.mention.startswith("Republicans")


def test_statement_participle_takes_the_issuer_as_source(nlp):
    text = "The governor issued a statement condemning the attack on the mosque."
    q = _only(quotes_of(nlp, text), "attack on the mosque")
    assert q.speaker is not None and "governor" in q.speaker.mention
    assert "statement" not in q.text
