"""Datelines and picture captions are never sources of speech (issue #15)."""

from __future__ import annotations

from newsprism.analysis.furniture import dateline_tokens
from newsprism.analysis.quotes import extract_quotes
from newsprism.analysis.speakers import extract_entities


def _quotes(nlp, text: str):
    doc = nlp(text)
    return extract_quotes(doc, "a", extract_entities(doc, "a"))


def test_dateline_opening_the_paragraph_is_not_the_speaker(nlp) -> None:
    text = ('SAN JOSE, Costa Rica — "We are investigating the cause," said Civil Aviation director '
            "Guillermo Hoppe.")
    (q,) = _quotes(nlp, text)
    assert q.speaker is not None and q.speaker.name == "Guillermo Hoppe"


def test_agency_dateline_leaves_the_real_subject(nlp) -> None:
    text = "WASHINGTON (AP) — The senator said the bill would pass before the recess in August."
    (q,) = _quotes(nlp, text)
    assert q.speaker is not None and "WASHINGTON" not in q.speaker.name


def test_picture_caption_is_no_quote(nlp) -> None:
    text = ("This photo provided by the Costa Rican Ministry of Public Security shows the wreckage of the plane.\n"
            '"It was a terrible accident," the minister said.')
    quotes = _quotes(nlp, text)
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["minister"]
    assert all("wreckage" not in q.text for q in quotes)


def test_dateline_tokens_cover_city_place_and_agency_only(nlp) -> None:
    doc = nlp("FLINT, Mich., Oct. 4 (UPI) — Former President Bill Clinton criticized the law.\n"
              "The Senate voted on Monday.")
    words = {doc[i].text for i in dateline_tokens(doc)}
    assert {"FLINT", "Mich.", "UPI"} <= words and "Clinton" not in words and "Senate" not in words


def test_name_hanging_under_a_dateline_is_the_speaker(nlp) -> None:
    text = "WASHINGTON -- President Obama said on Saturday that the museum would tell an American story."
    (q,) = _quotes(nlp, text)
    assert q.speaker is not None and q.speaker.name.endswith("Obama")


def test_all_caps_subhead_with_a_hyphen_is_no_dateline(nlp) -> None:
    doc = nlp("EVEN OZ'S BOSS THINKS HE'S FULL OF YOU-KNOW-WHAT\nThe doctor said the show would go on.")
    assert dateline_tokens(doc) == frozenset()


def test_video_as_evidence_stays_a_finding(nlp) -> None:
    text = "Video of the incident shows that the man had his hands in the air before he was shot."
    (q,) = _quotes(nlp, text)
    assert "hands in the air" in q.text


def test_a_camp_or_campaign_is_not_the_person_it_is_named_after(nlp) -> None:
    for text, mention in [
        ("Hillary Clinton spoke in Ohio on Monday. One source in the Clinton camp said the candidate was tired.",
         "One source in the Clinton camp"),
        ("Hillary Clinton spoke in Ohio on Monday. The Clinton campaign said the event had been planned for weeks.",
         "Clinton campaign"),
    ]:
        (q,) = _quotes(nlp, text)
        assert q.speaker is not None and q.speaker.name != "Hillary Clinton"
        assert mention in q.speaker.name and q.speaker.resolved_by == "none"


def test_title_case_headline_verb_is_cut_from_the_name(nlp) -> None:
    doc = nlp("Sanders Warns Democrats on Trade\n\nThe senator spoke in Iowa on Monday.")
    names = [e.name for e in extract_entities(doc, "a") if e.label == "PERSON"]
    assert names == ["Sanders"]
    doc = nlp("Tom Jones sang in Cardiff on Saturday.")  # a surname ending in s stays whole
    assert [e.name for e in extract_entities(doc, "a") if e.label == "PERSON"] == ["Tom Jones"]
