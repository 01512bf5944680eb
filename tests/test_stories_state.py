"""The grouper's stored state: data only (never code), and a restored grouper decides as the original."""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

import numpy as np
import pytest

from newsprism.stories.grouping import StoryGrouper, StoryItem
from newsprism.stories.state import StateError, dump_state, load_state

ITEMS = [
    StoryItem(
        "quake-1", "Magnitude 6.4 earthquake strikes southern Taiwan",
        "A magnitude 6.4 earthquake struck near Tainan early on Saturday, toppling a 17-storey building "
        "and killing at least seven people, officials said.",
        "2016-02-06", "Reuters", [("Taiwan", "GPE"), ("Tainan", "GPE"), ("2016", "DATE")],
        event_frames=[("strike", "A", "earthquake", "", 0)], embedding=[0.6, 0.8, 0.0],
    ),
    StoryItem(
        "quake-2", "Taiwan quake: rescuers search collapsed Tainan tower",
        "Rescue teams in Tainan searched the collapsed tower on Sunday, a day after the magnitude 6.4 "
        "earthquake. Mayor William Lai said more than 100 residents were missing.",
        "2016-02-07", "BBC", [("Tainan", "GPE"), ("William Lai", "PERSON")], embedding=[0.6, 0.7, 0.3],
    ),
    StoryItem(
        "rehab-1", "Lindsay Lohan checks into rehab",
        "Lindsay Lohan has checked into the Betty Ford Center in Rancho Mirage, California, her lawyer "
        "Shawn Holley said, beginning 90 days of court-ordered rehab.",
        None, "AP", [("Lindsay Lohan", "PERSON"), ("Betty Ford Center", "ORG")],
    ),
]
COPY = StoryItem(
    "quake-1-copy", ITEMS[0].title, ITEMS[0].text, "2016-02-06", "Yahoo",
    [("Taiwan", "GPE"), ("Tainan", "GPE")],
)
LATER = StoryItem(
    "quake-3", "Tainan quake death toll rises as rescuers search tower",
    "The death toll from the magnitude 6.4 earthquake in Tainan, Taiwan rose to 34 on Monday; "
    "rescuers were still searching the collapsed tower, mayor William Lai said.",
    "2016-02-08", "CNN", [("Tainan", "GPE"), ("Taiwan", "GPE"), ("William Lai", "PERSON")],
    embedding=[0.5, 0.8, 0.2],
)


def _grouper() -> StoryGrouper:
    g = StoryGrouper()
    g.assign(ITEMS)
    return g


def test_restored_grouper_has_the_same_state_and_places_new_articles_alike() -> None:
    original = _grouper()
    restored = load_state(dump_state(original))
    assert restored.stories == original.stories
    assert restored.duplicates == original.duplicates
    assert restored._df == original._df and restored._edf == original._edf
    assert {k: list(v) for k, v in restored._index.items()} == {k: list(v) for k, v in original._index.items()}
    for sid, feats in original._stories.items():
        got = restored._stories[sid]
        assert got.terms == feats.terms and got.ents == feats.ents and got.frames == feats.frames
        assert got.years == feats.years and got.day_min == feats.day_min
        assert (got.emb is None) == (feats.emb is None)
        if feats.emb is not None:
            assert got.emb.dtype == np.float32 and np.array_equal(got.emb, feats.emb)
    for g in (original, restored):
        g.add(COPY)
        g.add(LATER)
    assert restored.stories == original.stories
    assert restored.duplicates == original.duplicates == {"quake-1-copy": "quake-1"}
    assert restored.n_scored == original.n_scored


def test_state_is_data_only_and_a_pickle_is_never_loaded(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (Path.touch, (marker,))

    with pytest.raises(StateError, match="old format"):
        load_state(pickle.dumps({"format": 4, "grouper": Exploit()}))
    assert not marker.exists()
    blob = dump_state(_grouper())
    assert b"\x80" not in blob[:4]


@pytest.mark.parametrize(
    "blob",
    [b"", b"garbage", b"NPGS" + b"not zlib", b"NPGS" + zlib.compress(b"[1, 2]"),
     b"NPGS" + zlib.compress(b'{"format": 5}'), b"NPGS" + zlib.compress(b'{"format": 99}')],
    ids=["empty", "garbage", "not-zlib", "not-object", "missing-parts", "other-format"],
)
def test_damaged_state_is_one_line_state_error(blob: bytes) -> None:
    with pytest.raises(StateError) as info:
        load_state(blob)
    assert "\n" not in str(info.value)
