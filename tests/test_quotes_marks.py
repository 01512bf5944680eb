"""Quotation-mark pairing: styles, unbalanced marks, multi-paragraph quotations."""

from __future__ import annotations

from newsprism.analysis.quotes import quote_mark_regions


def _inner(text: str) -> list[str]:
    return [text[r.start:r.end] for r in quote_mark_regions(text)]


def test_curly_straight_guillemets_and_nyt_marks():
    text = ('He said “one thing.” She said "another." '
            "They said «a third» and ``a fourth'' and ''a fifth''.")
    assert _inner(text) == ["one thing.", "another.", "a third", "a fourth", "a fifth"]


def test_single_quotes_but_not_apostrophes():
    text = "Xi says China, Russia have 'similar goals' but don't agree on everything, Jones' aide said."
    assert _inner(text) == ["similar goals"]
    curly = "Trump’s aide called it ‘a disgrace’ on Monday."
    assert _inner(curly) == ["a disgrace"]


def test_an_elision_opens_no_quotation():
    text = "The '90s-era rules \"no longer protect consumers\" and ignore small investors' concerns."
    assert _inner(text) == ["no longer protect consumers"]
    assert _inner("They rocked 'n' rolled and told 'em to wait 'til the farmers' market opened.") == []
    assert _inner("He called it ‘the best record of the ‘60s’ on Monday.") == ["the best record of the ‘60s"]
    # a quotation may still open on a number
    assert _inner("He was '100 per cent sure' of it and tweeted '2whom it may concern: thank you'.") == [
        "100 per cent sure", "2whom it may concern: thank you"]


def test_unbalanced_quote_closes_at_paragraph_end():
    text = 'He said, "we will never give up on this.\n\nThe vote is on Tuesday.'
    regions = quote_mark_regions(text)
    assert len(regions) == 1
    r = regions[0]
    assert text[r.start:r.end] == "we will never give up on this."
    assert not r.closed


def test_multi_paragraph_quote_is_one_chain():
    text = ('"We will fight for every vote in this state.\n\n'
            '"And we will win," the senator said.\n\n'
            '"Next question."')
    regions = quote_mark_regions(text)
    assert len(regions) == 3
    assert regions[0].chain == regions[1].chain
    assert regions[2].chain != regions[1].chain  # the second paragraph closed its quote


def test_quoted_regions_are_inner_spans():
    from newsprism.analysis.quotes import quoted_regions

    text = 'A "peace plan" and “a truce.”'
    assert [text[s:e] for s, e in quoted_regions(text)] == ["peace plan", "a truce."]
