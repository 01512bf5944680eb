"""The cheap English test of ingest: which script a text is written in."""

from __future__ import annotations


def test_script_majority_counts_every_letter_and_ties_go_to_the_script_seen_first() -> None:
    from newsprism.ingest.language import non_english_reason

    assert non_english_reason("Пресс-служба сообщила об этом в понедельник утром. " * 3) == (
        "not English (looks like Cyrillic script)")
    # half Latin, half Cyrillic: no script has more than half the letters, so the words decide
    assert non_english_reason("abc абв " * 40) == "not English (only 0% of words are English function words)"
    assert non_english_reason("Ελληνικά κείμενα " * 10).startswith("not English (looks like Greek script)")
