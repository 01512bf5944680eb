"""The shipped cue lexicon/model: present, sane, and separating speech from belief/finding."""

from __future__ import annotations

from newsprism.analysis.cues import cue_class, cue_precision, learned_table


def test_learned_table_ships_with_common_cues():
    table = learned_table()
    assert table, "src/newsprism/data/cues.json missing: run bench/train_cues.py"
    assert cue_precision("say", "ccomp") > 0.8
    assert cue_precision("tell", "ccomp") > 0.7
    # frequent non-cues stay low
    assert cue_precision("have", "dobj") < 0.2
    assert cue_precision("go", "prep") < 0.2


def test_cue_classes():
    assert cue_class("say") == "speech"
    assert cue_class("believe") == "belief"
    assert cue_class("plan") == "belief"
    assert cue_class("show") == "finding"
    assert cue_class("endorse") == "other"


def test_verbs_of_saying_beyond_say_are_speech_but_acts_are_not():
    """"defended", "reiterated", "clarified" report words; "issued", "ruled", "signed", "vetoed", and
    "observed", "cited", "pleaded" in local news ("observed a boy on the floor", "cited the driver",
    "pleaded guilty to ...") report an act that may carry none (the speech view leaves those out)."""
    assert [cue_class(w) for w in ("defend", "reiterate", "clarify", "liken")] == ["speech"] * 4
    assert [cue_class(w) for w in ("issue", "rule", "sign", "veto", "observe", "cite", "plead")] == ["other"] * 7


def test_an_aspect_verb_before_another_verb_takes_that_verbs_kind(nlp):
    from newsprism.analysis.quotes import extract_quotes
    from newsprism.analysis.speakers import extract_entities

    def classes(text: str) -> dict[str, str]:
        doc = nlp(text)
        return {q.text: q.cue_class for q in extract_quotes(doc, "a", extract_entities(doc, "a"))}

    grows = classes("Microsoft's bad September continues to grow worse, with the company forced to issue a patch.")
    assert all(c != "speech" for c in grows.values())
    said = classes('"We will keep fighting for every vote," the senator continued.')
    assert list(said.values()) == ["speech"]


def test_an_idiom_with_a_cue_verb_reports_no_words(nlp):
    from newsprism.analysis.quotes import extract_quotes
    from newsprism.analysis.speakers import extract_entities

    text = ("A drive-by shooting that claimed the life of a baby girl in Kent is being investigated. "
            "Family and friends said goodbye to Joseph Briggs on Saturday. "
            "The Taliban claimed responsibility for the attack.")
    doc = nlp(text)
    quotes = [q.text for q in extract_quotes(doc, "a", extract_entities(doc, "a"))]
    assert quotes == ["responsibility for the attack"]


def test_according_to_plan_is_an_idiom_not_a_source(nlp):
    from newsprism.analysis.quotes import extract_quotes
    from newsprism.analysis.speakers import extract_entities

    text = ("If all goes according to plan, the rocket will lift off on Tuesday. "
            "The cost rose by a third, according to the plan's authors.")
    doc = nlp(text)
    sources = [q.speaker.mention for q in extract_quotes(doc, "a", extract_entities(doc, "a")) if q.speaker]
    assert sources == ["the plan's authors"]


def _classes(nlp, text: str) -> list[tuple[str, str]]:
    from newsprism.analysis.quotes import extract_quotes
    from newsprism.analysis.speakers import extract_entities

    doc = nlp(text)
    return [(q.cue.text if q.cue else "", q.cue_class) for q in extract_quotes(doc, "a", extract_entities(doc, "a"))]


def test_a_phrasal_verb_of_saying_is_speech_where_its_verb_alone_is_not(nlp):
    assert _classes(nlp, "The senator pointed out that the bill had passed twice before.") == [("pointed out", "speech")]
    assert _classes(nlp, '"We have done this before," the mayor pointed out.') == [("pointed out", "speech")]
    # the verb alone keeps its own class, and so does a phrasal verb that reports no clause: a gesture
    # or a topic (review guards)
    for text in ("She pointed to the map on the wall.", "The victim pointed out the suspect to officers.",
                 "The coach spoke out against the ruling on Monday."):
        assert all(c != "speech" for _, c in _classes(nlp, text)), text


def test_saying_an_attitude_is_speech(nlp):
    """A verb of saying with a belief noun as its object ("expressed concern that") reports words."""
    assert _classes(nlp, "The governor expressed concern that the shelters were full.") == [
        ("expressed concern", "speech")]
    assert _classes(nlp, "Officials expressed hope that the talks would resume.") == [("expressed hope", "speech")]
    # a plan made is still an intention; someone else's fear dismissed, a plan called off, are not said
    for text in ("The company made plans to expand into Asia next year.",
                 "The mayor dismissed residents' fears that the plant would close.",
                 "The airline called off its plans to merge with a rival carrier."):
        assert all(c != "speech" for _, c in _classes(nlp, text)), text
