"""Where a content may end: the variants the learned boundary model chooses among."""

from __future__ import annotations

from newsprism.analysis.quotes import boundary_variants, content_variants, cue_frame


def test_object_alone_is_offered_without_the_verbs_later_dependents(nlp):
    text = "The senator sued the DNC in federal court on Friday."
    doc = nlp(text)
    verb = next(t for t in doc if t.lower_ == "sued")
    frame, root = cue_frame(verb)
    assert frame == "dobj"
    variants, feats = content_variants(verb, frame, root, text)
    assert text[slice(*variants["obj"][0])] == "the DNC"
    assert text[slice(*variants["keep"][0])].startswith("the DNC in federal court")
    assert feats is not None and "has_obj=True" in feats


def test_no_object_variant_when_nothing_follows_the_object(nlp):
    text = "The senator sued the DNC."
    doc = nlp(text)
    verb = next(t for t in doc if t.lower_ == "sued")
    frame, root = cue_frame(verb)
    base = content_variants(verb, frame, root, text)[0]["keep"][0]
    assert "obj" not in boundary_variants(verb, frame, root, text, base)
