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
