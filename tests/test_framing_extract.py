"""Framing markers: loaded terms only in the outlet's own voice, attribution verbs, scare quotes."""

from __future__ import annotations

from newsprism.analysis.framing import extract_framing, load_lexicon
from newsprism.model import Mention, Quote, Speaker


def _quote(text, content, cue, speaker, kind="direct", qid="art:q1"):
    s = text.index(content)
    c = text.index(cue)
    return Quote(
        id=qid,
        article_id="art",
        spans=[(s, s + len(content))],
        text=content,
        kind=kind,
        cue=Mention(text=cue, spans=[(c, c + len(cue))]),
        speaker=Speaker(name=speaker, spans=[]),
    )


def _of_type(spans, kind):
    return [f for f in spans if f.type == kind]


def test_loaded_terms_flagged_outside_quotes_not_inside(nlp):
    text = (
        "During a meeting with Russian dictator Vladimir Putin, Xi praised the so-called peace plan. "
        '"The regime in Kyiv is a dictator\'s puppet," Putin claimed.'
    )
    content = "The regime in Kyiv is a dictator's puppet,"
    q = _quote(text, content, "claimed", "Vladimir Putin")
    loaded = _of_type(extract_framing(nlp(text), "art", [q], []), "loaded_term")
    assert [f.text for f in loaded] == ["dictator", "so-called"]
    first = loaded[0]
    (s, e), = first.spans
    assert text[s:e] == "dictator" and first.note.startswith("pejorative_label")
    qs, qe = q.spans[0]
    assert all(not (qs <= f.spans[0][0] < qe) for f in loaded)


def test_attribution_verb_claimed_is_non_neutral_said_is_neutral(nlp):
    text = 'Zelensky claimed he wanted to meet Xi. "We are ready," the minister said.'
    q1 = _quote(text, "he wanted to meet Xi", "claimed", "Volodymyr Zelensky", kind="indirect", qid="art:q1")
    q2 = _quote(text, "We are ready,", "said", "the minister", qid="art:q2")
    verbs = _of_type(extract_framing(nlp(text), "art", [q1, q2], []), "attribution_verb")
    notes = {f.text: f.note for f in verbs}
    assert notes["claimed"].startswith("non-neutral") and "may not be true" in notes["claimed"]
    assert notes["said"].startswith("neutral")


def test_scare_quote_reported_and_its_words_not_flagged_again(nlp):
    text = 'The Kremlin "carefully reviewed" China\'s so-called "peace plan" and its "propaganda" claims.'
    spans = []
    for phrase in ("peace plan", "propaganda"):
        s = text.index(phrase)
        spans.append((s, s + len(phrase)))
    out = extract_framing(nlp(text), "art", [], spans)
    scare = _of_type(out, "scare_quote")
    assert [f.text for f in scare] == ["peace plan", "propaganda"]
    assert "doubly distanced" in scare[0].note
    assert [f.text for f in _of_type(out, "loaded_term")] == ["so-called"]


def test_text_in_quotation_marks_is_not_the_outlets_voice_even_if_extractor_missed_it(nlp):
    text = 'Protesters chanted "down with the dictator" outside the embassy.'
    assert _of_type(extract_framing(nlp(text), "art", [], []), "loaded_term") == []


def test_neutral_context_word_not_flagged(nlp):
    text = "The EU extended its sanctions regime, while critics slammed the regime in Minsk."
    loaded = _of_type(extract_framing(nlp(text), "art", [], []), "loaded_term")
    assert [(f.text, f.spans[0][0]) for f in loaded] == [
        ("slammed", text.index("slammed")),
        ("regime", text.rindex("regime")),
    ]


def test_lexicon_entries_have_notes_and_known_categories():
    lex = load_lexicon()
    assert len(lex.terms) >= 20
    for term in lex.terms:
        assert term.note and term.category in lex.categories
    assert "claim" in lex.verb_notes and "say" in lex.neutral_verbs


def test_reported_speech_is_outlets_wording_and_says_whose_speech(nlp):
    text = "Zelensky said the regime must pay. China has failed to condemn Russia's aggression against Ukraine."
    speech = _quote(text, "the regime must pay", "said", "Volodymyr Zelensky", kind="indirect", qid="art:q1")
    act = _quote(text, "condemn Russia's aggression against Ukraine", "failed", "China", kind="indirect",
                 qid="art:q2").model_copy(update={"cue_class": "other"})
    loaded = _of_type(extract_framing(nlp(text), "art", [speech, act], []), "loaded_term")
    assert [f.text for f in loaded] == ["regime", "aggression"]
    assert "reported speech of Volodymyr Zelensky" in loaded[0].note
    assert "reported speech" not in loaded[1].note  # an attitude described by the outlet
