"""A quotation closed by , ? or ! and followed by a short name and a verb is that
speaker's words whatever the verb ("barked", "confessed"), and the speaker's
source span never reaches back over the quotation the parser hung on it."""

from __future__ import annotations

import pytest

from nlp_helpers import quotes_of


@pytest.mark.parametrize("text, words, verb, speaker", [
    ("“Go back to Univision,” Trump barked and a security guard escorted Ramos out.",
     "Go back to Univision", "barked", "Trump"),
    ("“This is a big political win for me,” I confessed. And the system worked.",
     "big political win", "confessed", "I"),
])
def test_quotation_with_speaker_and_unknown_verb_after_it(nlp, text, words, verb, speaker):
    q = next(q for q in quotes_of(nlp, text) if words in q.text)
    assert q.kind == "direct"
    assert q.cue.text == verb
    assert q.speaker.mention == speaker


def test_source_does_not_swallow_the_quotation_before_it(nlp):
    text = ("“That’s a legitimate concern, because they’re very passionate and very principled,” "
            "Sarandon, 69, told MSNBC Monday when asked about it.")
    q = next(q for q in quotes_of(nlp, text) if "legitimate concern" in q.text)
    assert q.kind == "direct"
    assert q.speaker.mention.startswith("Sarandon")
    assert "concern" not in q.speaker.mention


def test_later_quotations_in_the_verbs_sentence_are_not_the_trailing_speakers(nlp):
    text = ("“You winning?” she said, but Kevin was drifting off again, and as Trump went on about "
            "“how the system is rigged,” Kevin slept.")
    q = next(q for q in quotes_of(nlp, text) if "You winning" in q.text)
    assert "rigged" not in q.text

