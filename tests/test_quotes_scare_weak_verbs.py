"""A short quoted label in running text with only weak verbs around it is a
scare quote or a title, not someone's words; next to a real cue it stays a quote."""

from __future__ import annotations

import pytest

from newsprism.analysis.quotes import extract_quotes, unattributed_quoted_spans
from newsprism.analysis.speakers import extract_entities
from nlp_helpers import quotes_of


@pytest.mark.parametrize("text, label", [
    ('Peter Lenkov, who oversees the new "Hawaii Five-0," was tapped by CBS to run the show.', "Hawaii Five-0"),
    ('Party elders did produce an "autopsy" about the need to change.', "autopsy"),
])
def test_title_or_scare_quote_next_to_weak_verbs_is_not_a_quote(nlp, text, label):
    doc = nlp(text)
    quotes = extract_quotes(doc, "art", extract_entities(doc, "art"))
    assert not any(label in q.text for q in quotes)
    assert any(label in text[s:e] for s, e in unattributed_quoted_spans(doc, quotes))


def test_quoted_phrase_after_a_strong_cue_is_still_quoted(nlp):
    text = 'In April, Trump called the plan "an absolute disgrace," and threatened a tax.'
    q = next(q for q in quotes_of(nlp, text) if "absolute disgrace" in q.text)
    assert q.speaker.mention == "Trump"


def test_strong_cue_beats_a_nearer_weak_verb_for_a_following_quote(nlp):
    text = '"We will win this state," Cuban said in an interview airing on Sunday, "and nobody can stop us now."'
    q = next(q for q in quotes_of(nlp, text) if "nobody can stop us" in q.text)
    assert q.cue.text == "said"
    assert q.speaker.mention == "Cuban"
    assert "We will win this state" in q.text


@pytest.mark.parametrize("text, label", [
    ('Fauci said on CNN\'s "State of the Union" that the vaccines were working.', "State of the Union"),
    ('Mullen warned on ABC\'s "This Week" that a war was near.', "This Week"),
    # after a verb of naming, the name
    ('She started a Facebook page titled "Justice for Harambe" after the shooting.', "Justice for Harambe"),
    ('Fans sang along to a song called "Another Day" during the vigil.', "Another Day"),
])
def test_a_title_in_capitals_after_a_strong_cue_is_not_a_quote(nlp, text, label):
    """Two outlets naming one show were linked in the ledger as the same utterance of the speaker."""
    assert not any(label in q.text for q in quotes_of(nlp, text))


@pytest.mark.parametrize("text, label", [
    # what a verb governs was said or written, in capitals or not
    ('The prime minister said "Merry Christmas Everyone" in a video on Facebook.', "Merry Christmas Everyone"),
    ('The minister replied "Of Course Not" when a reporter asked if he would resign.', "Of Course Not"),
    ('The president tweeted "No Collusion, No Obstruction" minutes after the report was released.',
     "No Collusion, No Obstruction"),
    # nor after a name: the words posted on a platform
    ('Trump wrote on Twitter "Congratulations Boris Johnson on a Great Win!" after the vote.',
     "Congratulations Boris Johnson"),
    ('The attacker shouted "Allahu Akbar" before he opened fire.', "Allahu Akbar"),
    ('"Yes, We Were Ready," Police Chief Says', "Yes, We Were Ready"),  # a headline quotes in capitals
])
def test_words_in_capitals_that_someone_said_stay_a_quote(nlp, text, label):
    assert any(label in q.text for q in quotes_of(nlp, text))


def test_a_title_inside_another_title_is_no_voicing_verb(nlp):
    """"Cry" of the song "Cry Me A River" is no one crying the next song's title."""
    text = ('Timberlake performed some classics, including "Cry Me A River," and "Mirrors," along with newer '
            'songs like "Can\'t Stop The Feeling" and "Filthy."')
    assert not any("Can't Stop The Feeling" in q.text for q in quotes_of(nlp, text))
