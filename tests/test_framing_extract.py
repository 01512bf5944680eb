"""Framing markers: loaded terms only in the outlet's own voice, non-neutral attribution verbs, scare quotes.

Most tests use a tiny hand-built model (a few word weights) so that they pin the behaviour around
the detector -- what is a candidate, what is shown, what the notes say -- whatever the shipped
weights; the last ones pin what the shipped model does on plain cases.
"""

from __future__ import annotations

import re

import pytest

from newsprism.analysis.framing import analyse_framing, load_lexicon
from newsprism.analysis.loaded import parse_model
from newsprism.model import Mention, Quote, Speaker


def _model(weights: dict[str, float]):
    """A model that flags exactly the features given a large weight (bias -6: p = 0.0025 otherwise)."""
    return parse_model({
        "word_model": {"bias": -6.0, "weights": weights},
        "sentence_model": {"bias": -3.0, "weights": [6.0]},
        "flag_threshold": 0.3,
        "show_threshold": 0.5,
        "sentence_threshold": 0.5,
    })


LOADED = _model({"l=radical": 8.0, "l=slam": 8.0, "l=claim": 8.0, "cmp=so-called": 8.0, "l=dictator": 8.0})


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


def shown_framing(doc, article_id, quotes, unattributed, **kw):
    """The framing items a reader is shown (the product's analyse_framing, its spans)."""
    return analyse_framing(doc, article_id, quotes, unattributed, **kw).spans


def _of_type(spans, kind):
    return [f for f in spans if f.type == kind]


def test_loaded_terms_flagged_outside_quotes_not_inside(nlp):
    text = (
        "During a meeting with Russian dictator Vladimir Putin, Xi praised the so-called peace plan. "
        '"The regime in Kyiv is a dictator\'s puppet," Putin said.'
    )
    content = "The regime in Kyiv is a dictator's puppet,"
    q = _quote(text, content, "said", "Vladimir Putin")
    loaded = _of_type(shown_framing(nlp(text), "art", [q], [], model=LOADED), "loaded_term")
    assert [f.text for f in loaded] == ["dictator", "so-called"]
    (s, e), = loaded[0].spans
    assert text[s:e] == "dictator" and loaded[0].confidence > 0.5
    assert "neutral wording is 'president'" in loaded[0].note


def test_notes_are_plain_language_without_internal_codes(nlp):
    text = "Democrats unveiled a radical plan to raise taxes, and critics slammed it."
    loaded = _of_type(shown_framing(nlp(text), "art", [], [], model=LOADED), "loaded_term")
    assert [f.text for f in loaded] == ["radical", "slammed"]
    for f in loaded:
        assert f.note and not re.search(r"\b[a-z]+_[a-z]+\b", f.note), f.note  # no "pejorative_label:" codes


def test_unknown_word_gets_a_note_by_part_of_speech(nlp):
    text = "The senator gave a shameless speech on the floor."
    model = _model({"l=shameless": 8.0})
    (flag,) = _of_type(shown_framing(nlp(text), "art", [], [], model=model), "loaded_term")
    assert flag.text == "shameless" and flag.note.startswith("an evaluative adjective")


def test_quoted_speech_is_the_speakers_wording_even_if_extractor_missed_it(nlp):
    text = 'Protesters chanted "down with the radical dictator" outside the embassy.'
    assert _of_type(shown_framing(nlp(text), "art", [], [], model=LOADED), "loaded_term") == []


def test_below_show_threshold_is_not_shown_but_is_in_the_word_layer(nlp):
    text = "Democrats unveiled a radical plan to raise taxes."
    model = _model({"l=radical": 5.5})  # p = 0.38: counts for the word layer, not shown to a reader
    res = analyse_framing(nlp(text), "art", [], [], model=model)
    assert _of_type(res.spans, "loaded_term") == []
    assert [text[s:e] for (s, e), _p in res.words] == ["radical"]
    assert len(res.sentences) == 1 and 0 < res.sentences[0][1] < 1


def test_neutral_said_is_not_a_flag_claimed_is(nlp):
    text = 'Zelensky claimed he wanted to meet Xi. "We are ready," the minister said.'
    q1 = _quote(text, "he wanted to meet Xi", "claimed", "Volodymyr Zelensky", kind="indirect", qid="art:q1")
    q2 = _quote(text, "We are ready,", "said", "the minister", qid="art:q2")
    out = shown_framing(nlp(text), "art", [q1, q2], [], model=LOADED)
    verbs = _of_type(out, "attribution_verb")
    assert [f.text for f in verbs] == ["claimed"]
    assert "may not be true" in verbs[0].note and "'said' would be neutral" in verbs[0].note
    assert _of_type(out, "loaded_term") == []  # the cue is not flagged twice


def test_cue_the_lexicon_calls_neutral_is_flagged_when_the_model_reads_it_as_loaded(nlp):
    text = 'Trump touted the deal. "It is great," he said.'
    q = _quote(text, "It is great,", "touted", "Donald Trump")
    verbs = _of_type(shown_framing(nlp(text), "art", [q], [], model=_model({"l=tout": 8.0})), "attribution_verb")
    assert [f.text for f in verbs] == ["touted"] and verbs[0].confidence > 0.5


def test_scare_quote_reported_and_long_unattributed_quote_is_not(nlp):
    text = ('The Kremlin "carefully reviewed" China\'s so-called "peace plan", '
            'and "we will not discuss the matter any further today" was all it added.')
    spans = []
    for phrase in ("peace plan", "we will not discuss the matter any further today"):
        s = text.index(phrase)
        spans.append((s, s + len(phrase)))
    out = shown_framing(nlp(text), "art", [], spans, model=LOADED)
    scare = _of_type(out, "scare_quote")
    assert [f.text for f in scare] == ["peace plan"]
    assert "doubly distanced" in scare[0].note
    assert [f.text for f in _of_type(out, "loaded_term")] == ["so-called"]


def test_reported_speech_is_outlets_wording_and_says_whose_speech(nlp):
    text = "Zelensky said the radical plan must fail. China has failed to condemn the dictator."
    speech = _quote(text, "the radical plan must fail", "said", "Volodymyr Zelensky", kind="indirect", qid="art:q1")
    act = _quote(text, "condemn the dictator", "failed", "China", kind="indirect",
                 qid="art:q2").model_copy(update={"cue_class": "other"})
    loaded = _of_type(shown_framing(nlp(text), "art", [speech, act], [], model=LOADED), "loaded_term")
    assert [f.text for f in loaded] == ["radical", "dictator"]
    assert "reported speech of Volodymyr Zelensky" in loaded[0].note
    assert "reported speech" not in loaded[1].note  # an attitude described by the outlet


def test_lexicon_has_notes_and_verb_connotations():
    lex = load_lexicon()
    assert len(lex.notes) >= 50 and all(lex.notes.values())
    assert "claim" in lex.verb_notes and "say" in lex.neutral_verbs


# --- the shipped model ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    from newsprism.nlp import load_framing_model

    return load_framing_model()


def test_shipped_model_flags_a_loaded_adjective_in_the_outlets_voice(nlp, shipped):
    text = "The radical leftist mob tore down the statue while Democrats cheered."
    shown = {f.text for f in shown_framing(nlp(text), "art", [], [], model=shipped) if f.type == "loaded_term"}
    assert {"radical", "leftist"} & shown


def test_shipped_model_leaves_the_same_word_in_a_direct_quote(nlp, shipped):
    text = '"The radical leftist mob tore down the statue," the mayor said.'
    q = _quote(text, "The radical leftist mob tore down the statue,", "said", "the mayor")
    assert shown_framing(nlp(text), "art", [q], [], model=shipped) == []


def test_shipped_model_does_not_flag_a_terrorist_attack_named_as_an_event(nlp, shipped):
    text = "The memorial honours the 130 people killed in the 2015 terrorist attack in Paris, officials said."
    res = analyse_framing(nlp(text), "art", [], [], model=shipped)
    assert not any(f.text.lower().startswith("terror") for f in res.spans)


def test_stock_neutral_phrases_are_not_flags_even_where_the_word_usually_is(nlp):
    model = _model({"l=claim": 8.0, "l=terrorist": 8.0})
    text = "The group claimed responsibility for the 2015 terrorist attack. Critics claimed the plan would fail."
    res = analyse_framing(nlp(text), "art", [], [], model=model)
    flagged = [(f.text, f.spans[0][0]) for f in res.spans]
    assert flagged == [("claimed", text.rindex("claimed"))]
    model = _model({"l=skepticism": 8.0})
    reported = "Western leaders have expressed skepticism about the plan."  # the source's attitude
    assert analyse_framing(nlp(reported), "art", [], [], model=model).spans == []
    own = "The plan deserves skepticism."  # the outlet's own
    assert [f.text for f in analyse_framing(nlp(own), "art", [], [], model=model).spans] == ["skepticism"]


def test_model_file_is_replaceable_by_configuration(tmp_path, monkeypatch):
    import json

    from newsprism.nlp import FRAMING_MODEL_ENV, framing_model_path, load_framing_model

    path = tmp_path / "other-model.json"
    path.write_text(json.dumps({
        "word_model": {"bias": -1.0, "weights": {"l=radical": 3.0}},
        "sentence_model": {"bias": 0.0, "weights": [1.0]},
        "flag_threshold": 0.25, "show_threshold": 0.6, "sentence_threshold": 0.5,
    }), encoding="utf-8")
    monkeypatch.setenv(FRAMING_MODEL_ENV, str(path))
    assert framing_model_path() == str(path)
    model = load_framing_model(framing_model_path())
    assert model.show_threshold == 0.6 and model.word.weights == {"l=radical": 3.0}


def test_sentence_probabilities_read_once_per_document_equal_the_per_sentence_features(nlp, shipped):
    """detect reads each token's text, part of speech, tag and case once per document; every
    sentence's probability is the one ``sentence_features`` gives from the sentence's own tokens."""
    from newsprism.analysis.loaded import detect

    doc = nlp(
        "The reckless senator said on Monday that the plan was \"a disgrace\"! Critics called it absurd.\n"
        "We disagree?  The vote is expected next week, and I think it will pass narrowly."
    )
    det = detect(doc, shipped, [], [])
    per_sent: list[list[float]] = [[] for _ in det.sentences]
    for c, p in zip(det.candidates, det.word_probs, strict=True):
        per_sent[c.sentence].append(float(p))
    expected = [shipped.sentence.probability(ps, sent, doc.tensor[sent.start : sent.end])
                for ps, sent in zip(per_sent, doc.sents, strict=True)]
    assert len(expected) >= 3 and det.sentence_probs == expected
