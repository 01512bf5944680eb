"""Process hygiene of batch processes: the cyclic collector's thresholds."""

from __future__ import annotations

import gc

from newsprism.workers import GC_YOUNG_THRESHOLD, batch_gc_thresholds


def test_batch_gc_thresholds_raise_only_the_young_generation_and_never_lower_it():
    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        batch_gc_thresholds()
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, 10, 10)
        batch_gc_thresholds()  # twice: the same
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, 10, 10)
        gc.set_threshold(50_000, 5, 7)  # a process that chose more keeps it
        batch_gc_thresholds()
        assert gc.get_threshold() == (50_000, 5, 7)
    finally:
        gc.set_threshold(*saved)
