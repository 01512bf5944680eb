"""Event frames of the lead: who did what to whom, voice-normalised, sources and datelines left out."""

from __future__ import annotations

from newsprism.analysis.events import event_frames, lead_sentences


def _people(frames: list[tuple[str, str, str, str, int]]) -> set[tuple[str, str, str]]:
    return {(t, r, name) for t, r, name, label, _ in frames if label == "PERSON"}


def test_active_and_passive_give_the_same_patient_frame(nlp) -> None:
    active = event_frames(nlp("Police arrested Vincent Jackson on Tuesday."))
    passive = event_frames(nlp("Vincent Jackson was arrested by the California Highway Patrol on Tuesday."))
    assert _people(active) == _people(passive) == {("arrest", "P", "Vincent Jackson")}
    # the "by" phrase of a passive is the agent
    assert ("arrest", "A", "the California Highway Patrol", "ORG", 0) in passive


def test_sources_are_not_participants_but_the_reported_event_is(nlp) -> None:
    frames = event_frames(nlp("The BBC says Matt Smith will take over the title role in Doctor Who."))
    assert not [f for f in frames if f[0] == "say"]
    assert ("take", "A", "Matt Smith", "PERSON", 0) in frames


def test_datelines_do_not_count_as_lead_sentences(nlp) -> None:
    doc = nlp(
        "Posted 2/3/2009 11:11 PM\n"
        "Chargers defensive tackle Jamal Williams was arrested on suspicion of drunken driving.\n"
        "Williams was released and charged on Monday."
    )
    assert lead_sentences(doc)[0].text.startswith("Chargers")
    frames = event_frames(doc)
    assert ("arrest", "P", "Jamal Williams", "PERSON", 0) in frames
    # a conjoined verb shares its head's subject: "released and charged"
    assert {("release", "P", "Williams"), ("charge", "P", "Williams")} <= _people(frames)


def test_only_the_lead_is_read(nlp) -> None:
    doc = nlp(
        "The Philadelphia 76ers fired coach Maurice Cheeks on Saturday.\n"
        "Tony DiLeo will take over the team.\n"
        "The players met on Sunday.\n"
        "Years ago the Portland Trail Blazers hired Maurice Cheeks."
    )
    frames = event_frames(doc)
    assert ("fire", "P", "Maurice Cheeks", "PERSON", 0) in frames
    assert ("take", "A", "Tony DiLeo", "PERSON", 1) in frames
    assert not [f for f in frames if f[0] == "hire"]  # fourth sentence: background
    assert [f for f in event_frames(doc, n_sents=4) if f[0] == "hire"]


def test_the_article_analysis_carries_frames_with_spans_into_the_cleaned_text(nlp) -> None:
    """Frames are evidence like everything else: the trigger and the argument are clickable spans."""
    from newsprism.analysis.article import analyze_article
    from newsprism.model import Article, article_id_for
    from newsprism.pipeline import story_item

    text = ("Saints place Reggie Bush on injured reserve\n\n"
            "The New Orleans Saints placed running back Reggie Bush on injured reserve on Monday, "
            "ending his season after a knee injury.")
    art = Article(id=article_id_for(text), outlet="Gulf Sports", text=text, raw_text=text)
    analysis = analyze_article(art, nlp)
    placed = [f for f in analysis.event_frames if f.trigger == "place" and f.role == "P" and "Bush" in f.argument]
    assert placed, analysis.event_frames
    for f in placed:
        assert text[slice(*f.trigger_span)].lower().startswith("place")
        assert text[slice(*f.argument_span)] == f.argument
    # and the grouper sees them through story_item
    item = story_item(art, analysis)
    assert item.event_frames and any(fr[0] == "place" and "Bush" in fr[2] for fr in item.event_frames)
