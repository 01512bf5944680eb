"""Overlapping highlight ranges become well-nested markup without losing a character.

Quotes, figures, framing spans and citation targets overlap freely in real
articles (a figure inside a quote, a loaded term crossing a quote's end), so
the segmentation is pinned on arbitrary ranges, not just on tidy examples.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.report.html import Mark, Piece, segment


def _replay(text: str, pieces: list[Piece]) -> dict[str, str]:
    """Check nesting and return the text each mark's fragments cover."""
    stack: list[Mark] = []
    covered: dict[str, str] = {}
    out = []
    opened_first: set[str] = set()
    for p in pieces:
        if p.kind == "open":
            assert p.mark is not None
            if p.first:
                assert p.mark.dom_id not in opened_first  # id placed once
                opened_first.add(p.mark.dom_id)
            else:
                assert p.mark.dom_id in opened_first  # continuation after the first
            stack.append(p.mark)
        elif p.kind == "close":
            assert stack and stack[-1] is p.mark  # properly nested
            stack.pop()
        else:
            assert p.text
            out.append(p.text)
            for m in stack:
                covered[m.dom_id] = covered.get(m.dom_id, "") + p.text
    assert not stack
    assert "".join(out) == text
    return covered


@st.composite
def _texts_and_ranges(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(alphabet="ab <&\"'\n", min_size=1, max_size=40))
    n = len(text)
    ranges = draw(
        st.lists(
            st.tuples(st.integers(0, n), st.integers(0, n)).filter(lambda r: r[0] < r[1]),
            max_size=8,
            unique=True,
        )
    )
    return text, ranges


@settings(max_examples=300, deadline=None)
@given(_texts_and_ranges())
def test_every_range_covers_exactly_its_text(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, ranges = case
    marks = [Mark(s, e, f"m-{s}-{e}") for s, e in ranges]
    covered = _replay(text, segment(text, marks))
    for s, e in ranges:
        assert covered[f"m-{s}-{e}"] == text[s:e]


def test_nested_ranges_stay_one_element_each() -> None:
    text = 'He said "trade hit $185 billion" today.'
    outer = Mark(9, 31, "q")
    inner = Mark(19, 31, "f")  # ends with the quote
    pieces = segment(text, [inner, outer])
    opens = [p.mark.dom_id for p in pieces if p.kind == "open"]
    assert opens == ["q", "f"]  # longer range outside, no fragments


def test_crossing_ranges_split_the_inner_one() -> None:
    text = "abcdefghij"
    pieces = segment(text, [Mark(0, 6, "x"), Mark(4, 10, "y")])
    opens = [(p.mark.dom_id, p.first) for p in pieces if p.kind == "open"]
    assert opens == [("x", True), ("y", True), ("y", False)]
    assert _replay(text, pieces) == {"x": "abcdef", "y": "efghij"}
