"""The grouping's stop words are scikit-learn's list, copied so that analysing does not import scikit-learn."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS

from newsprism.stories.grouping import STOP_WORDS
from newsprism.stories.stop_words import ENGLISH_STOP_WORDS


def test_the_copy_is_scikit_learns_set() -> None:
    assert ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS
    assert len(ENGLISH_STOP_WORDS) == 318
    assert ENGLISH_STOP_WORDS <= STOP_WORDS and "said" not in ENGLISH_STOP_WORDS
