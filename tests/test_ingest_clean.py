"""Cleaning: page debris and batch boilerplate leave, paragraphs stay, every kept character maps to raw."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.ingest.clean import clean_text, find_boilerplate, is_debris, reclean
from newsprism.model import Article

SNIPPET = """Ferry operator cuts winter timetable

  • Oops!
    Something went wrong.
    Please try again later.
Advertisement

The island ferry will sail twice a day instead of four times from November, the operator said on Monday.

"We cannot run empty boats all winter," chief executive Lena Varga said in a statement.

Share this article
Sign up for our newsletter
"""


def _assert_maps_back(art_text: str, raw: str, offset_map: list[tuple[int, int, int]]) -> None:
    art = Article(id="x", outlet="o", text=art_text, raw_text=raw, offset_map=offset_map)
    for i, ch in enumerate(art_text):
        if not ch.isspace():
            j = art.raw_offset(i)
            assert j is not None and raw[j] == ch, (i, ch)


def test_debris_lines_are_removed_and_recorded_with_raw_spans() -> None:
    c = clean_text(SNIPPET, title="Ferry operator cuts winter timetable")
    assert c.text.startswith("The island ferry will sail")
    for junk in ("Oops", "Something went wrong", "try again", "Advertisement", "Share this", "newsletter"):
        assert junk not in c.text
    removed = [m.text for m in c.removed]
    assert "• Oops!" in removed and "Advertisement" in removed and "Sign up for our newsletter" in removed
    for m in c.removed:
        (s, e), = m.spans
        assert SNIPPET[s:e] == m.text
    _assert_maps_back(c.text, SNIPPET, c.offset_map)


def test_title_line_is_metadata_not_body_but_offsets_still_map() -> None:
    c = clean_text(SNIPPET, title="Ferry operator cuts winter timetable")
    assert "Ferry operator cuts" not in c.text
    assert c.offset_map[0][1] == SNIPPET.index("The island ferry")
    c2 = clean_text(SNIPPET)
    assert c2.text.startswith("Ferry operator cuts winter timetable\n\nThe island ferry")


def test_paragraph_breaks_kept_and_whitespace_runs_collapsed() -> None:
    raw = "First   paragraph\twith  odd spacing.\n\n\n\nSecond paragraph.\nThird line, its own paragraph."
    c = clean_text(raw)
    assert c.text == "First paragraph with odd spacing.\n\nSecond paragraph.\n\nThird line, its own paragraph."
    _assert_maps_back(c.text, raw, c.offset_map)


def test_debris_only_matches_whole_lines() -> None:
    assert is_debris("Advertisement")
    assert is_debris("  •  ")
    assert is_debris("READ MORE")
    assert is_debris("We use cookies to give you the best experience on our website.")
    assert not is_debris('The error message said "Something went wrong" and the app closed.')
    assert not is_debris("Subscribers to the service will pay more from March.")
    raw = 'Users saw "Something went wrong. Please try again later." for two hours, the company said.'
    assert clean_text(raw).text == raw


def _article(i: int, outlet: str, body: str) -> Article:
    return Article(id=str(i), outlet=outlet, text=body, raw_text=body)


BODIES = [
    "Council approves new budget for schools and roads.",
    "Rail union announces weekend strike over pay.",
    "Heatwave warning issued for the south coast.",
]


def test_boilerplate_needs_three_articles_of_the_same_outlet() -> None:
    footer = "Reporting by the Metro Desk"
    tagline = "Local news you can trust"
    arts = [_article(i, "metro", f"{tagline}\n\n{b}\n\n{footer}") for i, b in enumerate(BODIES)]
    other = _article(9, "other", f"{tagline}\n\nSomething else entirely happened today.")
    found = find_boilerplate([*arts, other])
    assert found == {"reporting by the metro desk", "local news you can trust"}
    assert find_boilerplate(arts[:2]) == set()
    # split over outlets, the same line does not add up
    mixed = [arts[0], arts[1], _article(5, "other", arts[2].raw_text)]
    assert find_boilerplate(mixed) == set()
    cleaned = reclean(arts[0], found)
    assert cleaned.text == BODIES[0]
    assert {m.text for m in cleaned.removed} == {footer, tagline}


def test_repeated_story_sentences_and_quotes_are_not_boilerplate() -> None:
    background = "The strike began three weeks ago after talks on a new contract collapsed."
    quote = '"We will not back down," he said.'
    arts = [_article(i, "metro", f"{b}\n\n{background}\n\n{quote}") for i, b in enumerate(BODIES)]
    assert find_boilerplate(arts) == set()


def test_truncation_at_paragraph_boundary_is_recorded() -> None:
    raw = "\n\n".join(f"Paragraph number {i} of a very long document." for i in range(50))
    c = clean_text(raw, max_chars=300)
    assert 0 < len(c.text) <= 300 and c.truncated
    assert c.text.endswith("document.")
    assert c.removed[-1].text.startswith("[truncated")
    (s, e), = c.removed[-1].spans
    assert e == len(raw) and raw[s:].startswith("Paragraph number")


_LINE = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(["Advertisement", "  • Oops!", "Read more", "", "   ", "\t", "Share this article"]),
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_LINE, max_size=12), title=st.one_of(st.none(), st.text(max_size=20)),
       sep=st.sampled_from(["\n", "\r\n"]), cap=st.sampled_from([30, 200, 1_000_000]))
def test_every_cleaned_character_maps_back_to_raw(lines: list[str], title: str | None, sep: str, cap: int) -> None:
    raw = sep.join(lines)
    c = clean_text(raw, title=title, boilerplate={"read more"}, max_chars=cap)
    assert len(c.text) <= cap
    _assert_maps_back(c.text, raw, c.offset_map)
    # rows are verbatim copies, in order, and never overlap
    prev_end = -1
    for c0, r0, n in c.offset_map:
        assert n > 0 and c.text[c0 : c0 + n] == raw[r0 : r0 + n]
        assert c0 > prev_end
        prev_end = c0 + n


def test_hard_wrapped_text_is_rejoined_into_paragraphs() -> None:
    raw = (
        "Officials said the bridge would reopen on Monday after\n"
        "engineers finished checking the cables, which were damaged\n"
        "in last week's storm.\n"
        "The mayor welcomed the news.\n"
        "\n"
        "A second paragraph starts here and it is wrapped at the\n"
        "same width as the first paragraph of this short report.\n"
    )
    c = clean_text(raw)
    assert c.text == (
        "Officials said the bridge would reopen on Monday after engineers finished checking the cables, "
        "which were damaged in last week's storm.\n\nThe mayor welcomed the news.\n\n"
        "A second paragraph starts here and it is wrapped at the same width as the first paragraph of "
        "this short report."
    )
    _assert_maps_back(c.text, raw, c.offset_map)


def test_tag_end_left_at_a_line_start_is_not_kept() -> None:
    from newsprism.ingest.clean import clean_text

    raw = '">Sanders said the system was rigged against working people.\n\nHe spoke in Iowa on Monday.'
    c = clean_text(raw)
    assert c.text.startswith("Sanders said")
    assert raw[c.offset_map[0][1] : c.offset_map[0][1] + 7] == "Sanders"  # offsets still map to the raw text


def test_a_line_with_single_spaces_is_one_verbatim_piece_and_other_runs_become_one_space() -> None:
    """The one-slice copy of an ordinary line and the word-by-word copy of an odd one agree with the map."""
    raw = "The ferry sails twice a day from November.\nThe  operator\tsaid so\u00a0on Monday, \u2003quietly.\n"
    c = clean_text(raw)
    assert c.text == "The ferry sails twice a day from November.\n\nThe operator said so on Monday, quietly."
    _assert_maps_back(c.text, raw, c.offset_map)
    assert c.offset_map[0] == (0, 0, len("The ferry sails twice a day from November."))
