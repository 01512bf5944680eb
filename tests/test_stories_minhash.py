"""The near-duplicate check's MinHash and LSH give datasketch 2.0's values (stored signatures keep their meaning)."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.stories.dedup import LSH_WEIGHTS, NUM_PERM, SEED, THRESHOLD, shingles, signature, signatures
from newsprism.stories.minhash import MinHash, MinHashLSH, optimal_bands

TEXTS = [
    "The barrier was closed for four hours on Saturday morning after the storm, police said.",
    "The barrier was closed for four hours on Saturday morning after the storm, police said on Sunday.",
    "Flights resumed at the airport on Monday after a two-day strike by air traffic controllers ended.",
    "Short text",
    "",
    "Officials said the bridge would reopen next week. Officials said the bridge would reopen next week. "
    "Traffic was diverted through the town centre while engineers inspected the damaged pillars.",
]


def test_signature_values_are_pinned():
    """The values datasketch 2.0.0 gives (affine32, seed 20240601): a change would orphan stored signatures."""
    m = signature("The barrier was closed for four hours on Saturday morning after the storm")
    assert m.hashvalues.dtype == np.uint32
    assert m.hashvalues[:6].tolist() == [1018107930, 530458324, 462000401, 52805010, 905837093, 12189763]
    assert signature("").hashvalues.tolist() == [2**32 - 1] * NUM_PERM


def test_band_layout_is_datasketch_s_for_the_dedup_setting():
    """14 bands of 9 rows at Jaccard 0.8, weights (0.1, 0.9); 9 of 13 with equal weights (dedup.py's figures)."""
    assert optimal_bands(THRESHOLD, NUM_PERM, *LSH_WEIGHTS) == (14, 9)
    assert optimal_bands(THRESHOLD, NUM_PERM) == (9, 13)


def test_the_same_values_as_datasketch():
    datasketch = pytest.importorskip("datasketch")
    from datasketch.lsh import _optimal_param

    sets = [list(shingles(t)) for t in TEXTS]
    ours = signatures(TEXTS)
    theirs = datasketch.MinHash.bulk(sets, num_perm=NUM_PERM, seed=SEED, scheme="affine32")
    for a, b in zip(ours, theirs, strict=True):
        assert a.hashvalues.dtype == b.hashvalues.dtype and np.array_equal(a.hashvalues, b.hashvalues)
        for c, d in zip(ours, theirs, strict=True):
            assert a.jaccard(c) == b.jaccard(d)
    # stored uint64 values read back as the same signature
    back = MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=ours[0].hashvalues.astype(np.uint64))
    assert np.array_equal(back.hashvalues, theirs[0].hashvalues)
    for threshold in (0.3, 0.5, 0.7, 0.8, 0.9):
        for weights in ((0.5, 0.5), (0.1, 0.9), (0.9, 0.1)):
            for n in (64, 128):
                assert optimal_bands(threshold, n, *weights) == _optimal_param(threshold, n, *weights)
    mine = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    ref = datasketch.MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    assert mine.hashranges == ref.hashranges
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert sorted(mine.query(a)) == sorted(ref.query(b))
        mine.insert(i, a)
        ref.insert(i, b)
    assert sorted(mine.query(ours[0])) == sorted(ref.query(theirs[0])) == [0, 1]


def test_lsh_refuses_a_key_twice_and_a_signature_of_another_length():
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    lsh.insert("a", signature(TEXTS[0]))
    with pytest.raises(ValueError):
        lsh.insert("a", signature(TEXTS[1]))
    with pytest.raises(ValueError):
        lsh.query(MinHash(num_perm=64, seed=SEED))
