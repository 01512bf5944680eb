"""Where and when: the DATE / LOC / FAC / EVENT entities the story grouper reads beside the speakers' entities."""

from __future__ import annotations

import pytest

from newsprism.analysis.context import extract_context_entities


@pytest.fixture(scope="module")
def nlp():
    from newsprism.nlp import load_nlp

    return load_nlp()


def test_places_and_dates_of_a_local_report_reach_the_grouper_with_their_offsets(nlp) -> None:
    text = (
        "A man was shot on March 8 near the Dayton Mall, police said. He was taken to Miami Valley "
        "Hospital. Police closed the Dayton Mall until March 9."
    )
    ents = extract_context_entities(nlp(text), "a1")
    labels = {e.name: e.label for e in ents}
    assert labels == {"March 8": "DATE", "Dayton Mall": "FAC", "March 9": "DATE"}  # "the" is not a name
    for e in ents:
        for m in e.mentions:
            ((start, end),) = m.spans
            assert text[start:end] == m.text
    assert all(e.id.startswith("a1:c") for e in ents)


def test_one_entity_per_name_with_every_mention(nlp) -> None:
    text = "The vote is on March 8. Turnout on March 8 will decide it, the election board said on Monday."
    ents = extract_context_entities(nlp(text), "a3")
    march = [e for e in ents if e.name == "March 8"]
    assert len(march) == 1 and len(march[0].mentions) == 2


def test_people_and_organisations_are_left_to_the_speakers_analysis(nlp) -> None:
    ents = extract_context_entities(nlp("Angela Merkel met Microsoft executives in Berlin."), "a2")
    assert not any(e.label in {"PERSON", "ORG", "GPE"} for e in ents)
