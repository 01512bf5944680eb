"""Nested attributions: PolNeAR never marks a cue inside another attribution's
content, so the extractor keeps one of a nested pair (the likelier by the cue model)."""

from __future__ import annotations

import pytest

from nlp_helpers import quotes_of


@pytest.mark.parametrize("text", [
    "Clinton said she plans to raise taxes on the wealthy.",
    "Sanders told reporters that he hopes superdelegates will support him at the convention.",
    "The senator said he wants to repeal the law and believes voters will back him.",
])
def test_no_quote_has_its_cue_inside_another_quotes_content(nlp, text):
    quotes = quotes_of(nlp, text)
    assert quotes
    for q in quotes:
        for other in quotes:
            if other is q or q.cue is None:
                continue
            cue_start = q.cue.spans[0][0]
            assert not any(s <= cue_start < e for s, e in other.spans), (q.text, other.text)


def test_outer_speech_cue_keeps_the_whole_reported_clause(nlp):
    quotes = quotes_of(nlp, "Clinton said she plans to raise taxes on the wealthy.")
    assert len(quotes) == 1
    assert quotes[0].cue.text == "said"
    assert quotes[0].text == "she plans to raise taxes on the wealthy"
    assert quotes[0].speaker.mention == "Clinton"


def test_according_to_still_becomes_via_of_the_inner_quote(nlp):
    text = ('"We met here ten years ago," Putin said at the meeting, according to a press release '
            'published by his office.')
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    assert quotes[0].speaker.mention == "Putin"
    assert "press release" in quotes[0].via.text
