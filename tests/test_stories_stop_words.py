"""Stop-word lists copied from scikit-learn and spaCy, so that grouping and comparing import neither."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS

from newsprism.stories.grouping import STOP_WORDS
from newsprism.stories.stop_words import ENGLISH_STOP_WORDS


def test_the_copy_is_scikit_learns_set() -> None:
    assert ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS
    assert len(ENGLISH_STOP_WORDS) == 318
    assert ENGLISH_STOP_WORDS <= STOP_WORDS and "said" not in ENGLISH_STOP_WORDS


def test_the_comparisons_stop_words_are_spacys_set() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

    from newsprism.compare._stop_words import STOP_WORDS

    assert STOP_WORDS == SPACY_STOP_WORDS
