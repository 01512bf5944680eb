"""Quote extraction on short news-like snippets: the hard cases, one per test."""

from __future__ import annotations

import pytest

from newsprism.analysis.quotes import extract_quotes, unattributed_quoted_spans
from newsprism.analysis.speakers import extract_entities


def _run(nlp, text):
    doc = nlp(text)
    ents = extract_entities(doc, "art")
    return doc, extract_quotes(doc, "art", ents)


def _find(quotes, words):
    hits = [q for q in quotes if words in q.text]
    assert hits, f"no quote containing {words!r} in {[q.text for q in quotes]}"
    return hits[0]


def test_ids_spans_and_text_agree(nlp):
    text = ('"We will not back down," Senator Maria Lopez said on Monday. '
            'Lopez added that the bill "has no chance" in the House.')
    _doc, quotes = _run(nlp, text)
    assert [q.id for q in quotes] == [f"art:q{i}" for i in range(len(quotes))]
    for q in quotes:
        assert q.article_id == "art"
        for s, e in q.spans:
            assert 0 <= s < e <= len(text)
        assert q.sentence_spans
    assert [q.spans[0][0] for q in quotes] == sorted(q.spans[0][0] for q in quotes)


def test_direct_quote_speaker_after_and_marks_included(nlp):
    text = '“We have made a colossal leap forward,” Prime Minister Ana Silva told reporters in Lisbon.'
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "colossal leap")
    assert q.kind == "direct"
    assert q.speaker.name == "Ana Silva"
    assert q.cue.text == "told"
    s, e = q.spans[0]
    assert text[s] == "“" and text[e - 1] == "”"


def test_multi_sentence_quote_with_speaker_inside(nlp):
    text = ('"The economy is growing. Wages are up," Mayor John Reed said, '
            '"and we intend to keep it that way."')
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "economy is growing")
    assert q.speaker.name == "John Reed"
    assert len(q.spans) == 2  # discontinuous: both halves of the quotation
    assert "intend to keep" in q.text
    assert q.kind == "direct"


def test_speaker_before_quote_with_colon_and_continued(nlp):
    text = ('Governor Tom Hale spoke for an hour. He continued, “We will rebuild every school. '
            'Nobody will be left behind.”')
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "rebuild every school")
    assert q.speaker.name == "Tom Hale"
    assert q.speaker.resolved_by == "pronoun"
    assert q.speaker.mention == "He"
    assert q.cue.text == "continued"
    assert "left behind" in q.text


def test_standalone_quote_takes_previous_subject_resolved(nlp):
    text = ('Chinese President Xi Jinping met Russian President Vladimir Putin on Monday. '
            'The Chinese leader also expressed support for closer trade. '
            '"I believe our partnership will continue to grow."')
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "I believe our partnership")
    assert q.kind == "direct"
    assert q.speaker.name == "Xi Jinping"
    assert q.speaker.resolved_by == "nominal"


MAYOR = '"The truck was full of explosives," the mayor said.\n\n'


@pytest.mark.parametrize(("text", "words", "speaker"), [
    pytest.param(MAYOR + "Paul DeLane, who has lived in France for 25 years, had just finished watching the "
                 "fireworks when thousands of people started running in his direction.\n\n"
                 '"My partner took my hand immediately and we started running with everybody."',
                 "My partner took my hand", "Paul DeLane", id="after a person is introduced: theirs"),
    pytest.param(MAYOR + "The fireworks had just ended when thousands of people started running.\n\n"
                 '"We will find out who did this and why."', "find out who did this", "mayor",
                 id="no one introduced: the previous speaker goes on"),
    pytest.param('Ben Zobrist said: "It\'s unbelievable. I can\'t even put it into words.\n\n'
                 "Carl Edwards Jr celebrates the Cubs' World Series victory (Getty)\n\n"
                 '"Every guy on this team roots for each other and picks each other up."',
                 "roots for each other", "Ben Zobrist", id="a photo caption between introduces no one"),
])
def test_a_standalone_quote_is_the_last_speakers_unless_someone_is_introduced(nlp, text, words, speaker):
    _doc, quotes = _run(nlp, text)
    assert _find(quotes, words).speaker.name == speaker


def test_multi_paragraph_quote_reopened_without_closing_mark(nlp):
    text = ('"We have done everything we could to stop the flooding,\n\n'
            '"and we will keep working through the night," said Fire Chief Dana Cole.\n\n'
            'Residents were told to stay home.')
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "keep working through the night")
    assert "everything we could" in q.text
    assert len(q.spans) == 2
    assert q.speaker.name == "Dana Cole"


def test_unbalanced_quote_closes_at_paragraph_end(nlp):
    text = ('Senator Paul Grant said: "The budget is a disgrace and we will vote against it.\n\n'
            'The vote is scheduled for Thursday.')
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "budget is a disgrace")
    assert "Thursday" not in q.text
    assert q.speaker.name == "Paul Grant"


def test_partial_quote_inside_reported_speech(nlp):
    text = ('Russian President Vladimir Putin met Xi on Monday. Putin added that the trade turnover '
            '"has more than doubled" over those 10 years.')
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "has more than doubled")
    assert q.kind in ("partial", "mixed")
    assert q.speaker.name == "Vladimir Putin"
    assert q.cue.text == "added"


def test_indirect_speech_content_is_complement_clause(nlp):
    text = ("President Volodymyr Zelensky said he did not consider the proposal a peace plan. "
            "Kremlin spokesman Dmitry Peskov earlier said that the main topic would be the war.")
    doc, quotes = _run(nlp, text)
    z = _find(quotes, "did not consider")
    assert z.kind == "indirect"
    assert z.speaker.name == "Volodymyr Zelensky"
    assert not z.text.startswith("President")
    p = _find(quotes, "main topic would be")
    assert p.speaker.name == "Dmitry Peskov"
    assert p.cue_class == "speech"


def test_according_to_and_via(nlp):
    text = ('"We met here ten years ago," Putin said at the meeting, according to a press release '
            'published by his office. Prices will rise next year, according to the central bank.')
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "We met here")
    assert q.speaker.name.endswith("Putin")
    assert q.via is not None and "press release" in q.via.text
    b = _find(quotes, "Prices will rise")
    assert "central bank" in b.speaker.mention
    assert b.cue.text == "according to"


def test_as_quoted_by(nlp):
    text = '"We can work together to achieve our goals," Xi said, as quoted by CNN.'
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "achieve our goals")
    assert q.speaker.name == "Xi"
    assert q.via is not None and q.via.text == "CNN"


def test_scare_quote_is_not_a_quote(nlp):
    text = ("The Kremlin has welcomed China's 12-point \"peace plan\" for Ukraine. "
            "Western officials were unconvinced by the plan.")
    doc, quotes = _run(nlp, text)
    assert not any("peace plan" in q.text and q.kind in ("direct", "partial") for q in quotes)
    s = text.index("peace plan")
    assert (s, s + len("peace plan")) in unattributed_quoted_spans(doc, quotes)


def test_quoted_phrase_of_a_statement_is_partial_quote(nlp):
    # Rule: a quoted phrase inside the content of a cue ("urged") belongs to that source.
    text = ('The foreign ministry issued a statement on Friday. The statement also urged abandoning '
            '"the Cold War mentality" and criticized unilateral sanctions.')
    doc, quotes = _run(nlp, text)
    q = _find(quotes, "Cold War mentality")
    assert q.cue is not None and q.cue.text == "urged"
    assert "statement" in q.speaker.mention
    s = text.index("the Cold War mentality")
    assert (s, s + len("the Cold War mentality")) not in unattributed_quoted_spans(doc, quotes)


def test_belief_and_finding_cue_classes(nlp):
    text = ("Senator Amy Park believes the bill will pass in the spring. "
            "A new Gallup poll shows that most voters support the measure.")
    _doc, quotes = _run(nlp, text)
    assert _find(quotes, "bill will pass").cue_class == "belief"
    assert _find(quotes, "most voters support").cue_class == "finding"


def test_nyt_double_apostrophe_quotes(nlp):
    text = "''The lack of reciprocity is deplorable,'' said Elez Biberaj, the director of the division."
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "lack of reciprocity")
    assert q.kind == "direct"
    assert q.speaker.name == "Elez Biberaj"


def test_label_in_scare_quotes_inside_mixed_quote_is_reported(nlp):
    text = ('The Russian leader also said the ministry "carefully reviewed" India\'s 10-point '
            '"peace plan" before the summit.')
    doc, quotes = _run(nlp, text)
    q = _find(quotes, "carefully reviewed")
    assert q.kind == "mixed"
    spans = unattributed_quoted_spans(doc, quotes)
    s = text.index("peace plan")
    assert (s, s + len("peace plan")) in spans
    s = text.index("carefully reviewed")
    assert (s, s + len("carefully reviewed")) not in spans


def test_transcript_and_dash_signed_quotes(nlp):
    # a transcript's label speaks when the text names its person (a lone "UPDATE:" does not speak)
    text = ('Mike Pence answered the first question.\n\n'
            '"PENCE: Well, the question really should be about the economy and jobs.\n\n'
            '“We are tired of being ignored by both parties.” ― Maria Gonzalez')
    _doc, quotes = _run(nlp, text)
    p = _find(quotes, "question really should be")
    assert p.speaker.mention == "PENCE"
    g = _find(quotes, "tired of being ignored")
    assert g.speaker.name == "Maria Gonzalez"
    assert g.kind == "direct"


@pytest.mark.parametrize(("text", "words", "speaker"), [
    pytest.param('Wayne Sibenhaller, a neighbor, said he was walking his dog when he saw a boy run out.\n\n'
                 '"It was horrific. It sounded painful." — Karen Schabes, who overheard the accidental shooting '
                 "and called 911 from her apartment across the alley\n\nPolice arrived minutes later.",
                 "It was horrific", "Karen Schabes", id="a signature that describes its speaker"),
    pytest.param('Residents said the flood came fast.\n\n"We lost everything." — A local shopkeeper, who asked '
                 "not to be named\n\nPolice arrived later.", "We lost everything", "local shopkeeper",
                 id="a signature of an unnamed speaker"),
    pytest.param('Officials met the protesters on Monday.\n\n"We are not leaving." — That, at least, was the '
                 "message the protesters gave the officials on Monday night\n\nPolice arrived minutes later.",
                 "We are not leaving", "Officials", id="a sentence after a dash is no signature"),
])
def test_a_dash_signature_with_a_descriptor(nlp, text, words, speaker):
    _doc, quotes = _run(nlp, text)
    assert _find(quotes, words).speaker.name == speaker


def test_passive_attribution_and_postposed_speaker(nlp):
    text = ('The senator has been endorsed by the state teachers union. '
            '"This is a disgusting day," said Rep. Mark Butler, head of the caucus.')
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "disgusting day")
    assert q.speaker.name == "Mark Butler"
    assert q.kind == "direct"


@pytest.mark.parametrize("text", [
    "If you would like to donate to the family, click here.",
    "By signing up, you agree to receive occasional updates and special offers from the Times.",
    "If you want to receive breaking news alerts by email, click here to sign up.",
    "If you have seen your cable bill lately, you know the prices keep rising.",
], ids=["donate", "sign-up box", "alerts", "aside"])
def test_the_page_addressing_its_reader_is_no_quote(nlp, text):
    """"You" in the outlet's own words is the reader being asked to act, not a source reported."""
    _doc, quotes = _run(nlp, text)
    assert quotes == []


def test_an_embedded_post_is_its_signed_authors_direct_quote(nlp):
    """A post's words, signed below it by the embed ("— Elon Musk (@elonmusk) December 2, 2017"),
    are its author's: no verb introduces them, and "I" inside one is the author."""
    text = ("Police said two people were hurt.\n\n"
            "Falcon Heavy to launch next month from Apollo 11 pad at the Cape. pic.twitter.com/abc123 "
            "— Elon Musk (@elonmusk) December 2, 2017\n\n"
            "I saw it when driving through Newmarket. — Sarah Black (@SarahB205) December 27, 2017\n\n"
            "Skip Twitter post by @durov We expect the apps to be back soon.\n\n"
            "— Pavel Durov (@durov) February 1, 2018")
    _doc, quotes = _run(nlp, text)
    by_speaker = {q.speaker.name: q for q in quotes if q.speaker}
    musk = by_speaker["Elon Musk"]
    assert (musk.text, musk.kind, musk.cue_class) == (
        "Falcon Heavy to launch next month from Apollo 11 pad at the Cape.", "direct", "speech")
    assert "Sarah Black" in by_speaker and "I" not in by_speaker
    assert "the apps to be back soon" in by_speaker["Pavel Durov"].text and "We" not in by_speaker
    assert [q.id for q in quotes] == [f"art:q{n}" for n in range(len(quotes))]
    assert [q.spans[0][0] for q in quotes] == sorted(q.spans[0][0] for q in quotes)


def test_a_dash_and_a_date_without_a_handle_are_no_signature():
    """Only an embed's signature signs a post: a dash, a name, an @handle, a date."""
    from newsprism.analysis.social_posts import signed_posts

    assert signed_posts("The report came out in May. — The Editors, December 2, 2017") == []
    assert signed_posts("Mail the editors (@ this address). — The Editors (Staff) May 2, 2017") == []
    signed = "The report came out in May. — The Editors (@editors) December 2, 2017"
    (post,) = signed_posts(signed)
    assert signed[slice(*post.content)] == "The report came out in May."
    assert signed[slice(*post.name)] == "The Editors"


def test_a_quote_over_three_sentences_carries_all_three_as_its_evidence(nlp):
    text = ('"We opened the gates at noon. Nobody came for an hour. Then the buses arrived," '
            "the park manager said on Sunday.")
    _doc, quotes = _run(nlp, text)
    q = _find(quotes, "opened the gates")
    assert "Nobody came" in q.text
    (s, e), = q.sentence_spans
    assert s == 0 and "Nobody came for an hour." in text[s:e] and text[s:e].endswith("on Sunday.")
