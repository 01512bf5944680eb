"""'In a CNN poll, Clinton led ...': "in" + a poll or survey before its clause is a finding's cue
(like "according to"), the poll its source and the clause it modifies its content."""

from __future__ import annotations

from nlp_helpers import quotes_of


def test_sentence_initial_poll_phrase(nlp):
    text = ("In an NBC News/Wall Street Journal poll released Monday, 50 percent of respondents "
            "chose Clinton while 40 percent chose Trump.")
    q = next(q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == "In")
    assert q.text.startswith("50 percent of respondents chose Clinton")
    assert q.speaker.mention.startswith("an NBC News/Wall Street Journal poll")
    assert q.cue_class == "finding"


def test_poll_phrase_after_its_clause_is_no_cue(nlp):
    # "leads in the polls" is usually not marked as an attribution
    text = "Trump has a decisive lead in the polls ahead of the state’s April 19 primary."
    assert not any(q.cue is not None and q.cue.text == "in" for q in quotes_of(nlp, text))


def test_in_without_a_poll_is_no_cue(nlp):
    text = "Trump held a rally in the city on Monday, and thousands attended."
    assert not any(q.cue is not None and q.cue.text == "in" for q in quotes_of(nlp, text))
