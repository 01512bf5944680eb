"""Plain-text files: decoding (UTF-8, BOM, latin-1, binary), headline detection, outlet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.ingest.article import IngestError
from newsprism.ingest.text import decode_bytes, detect_headline, read_text_file
from newsprism.model import Article, Rejection

WITH_HEADLINE = """Mayor says city and region share 'common goals'

  • Oops!
    Something went wrong.
    Please try again later.
  • Oops!
    Something went wrong.
    Please try again later.

At a meeting with regional leaders on Tuesday, Mayor Ana Torres said the city and the region "share common goals," the Daily Ledger reported.

"We have worked hard for our communities and we can work together," Torres said, as quoted by the Ledger.

The regional council will vote on the joint transport plan on March 22.
"""

MID_ARTICLE = """“It is true that our councils share the same goals. We can work together on transport,” Torres said at the start of the meeting with regional leaders.
“I am glad to be here again at your invitation,” she told the council chair.
The council chair welcomed the mayor and said the plan had been studied closely.
"""


def test_headline_detected_and_debris_removed(tmp_path: Path) -> None:
    f = tmp_path / "ledger_0001.txt"
    f.write_text(WITH_HEADLINE, encoding="utf-8")
    art = read_text_file(f)
    assert isinstance(art, Article)
    assert art.title == "Mayor says city and region share 'common goals'"
    assert art.text.startswith("At a meeting with regional leaders")
    assert "Oops" not in art.text and "went wrong" not in art.text and "try again" not in art.text
    assert len(art.removed) == 6
    assert art.text.count("\n\n") == 2  # three paragraphs
    assert art.outlet == "unknown"  # no metadata, no URL: unknown, never the file name
    assert art.language == "en" and art.raw_text == WITH_HEADLINE


def test_text_starting_mid_article_has_no_title(tmp_path: Path) -> None:
    f = tmp_path / "mid.txt"
    f.write_text(MID_ARTICLE, encoding="utf-8")
    art = read_text_file(f)
    assert isinstance(art, Article)
    assert art.title is None
    assert art.text.startswith("“It is true")
    assert art.text.count("\n\n") == 2  # one paragraph per line


@pytest.mark.parametrize(
    "raw",
    [
        "The council met on Tuesday.\n\nIt approved the budget.",  # sentence, not a headline
        "Mayor wins vote\nThe council approved the budget on Tuesday.",  # no blank line after
        "Only one line here",
        "By Jane Smith\n\nThe council approved the budget on Tuesday.",  # byline
        "Advertisement\n\nThe council approved the budget on Tuesday.",  # debris
    ],
)
def test_not_a_headline(raw: str) -> None:
    assert detect_headline(raw) is None


def test_headline_after_leading_blank_lines() -> None:
    assert detect_headline("\n\n  Storm closes   schools?  \n\nSchools shut on Friday.") == "Storm closes schools?"


def test_sidecar_metadata_names_outlet_and_url(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text(WITH_HEADLINE, encoding="utf-8")
    (tmp_path / "story.txt.meta.json").write_text(
        json.dumps({"url": "https://www.dailyledger.example/news/1", "published": "2024-03-20"}), encoding="utf-8"
    )
    art = read_text_file(f)
    assert isinstance(art, Article)
    assert art.outlet == "dailyledger.example" and art.published == "2024-03-20"


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    text = ("The café owner in São Paulo said the señor from Zürich paid €40 for a crème brûlée. "
            "Prices at the café have risen by a fifth since the start of the year, she said.\n")
    f = tmp_path / "latin.txt"
    f.write_bytes(text.replace("€", "EUR ").encode("latin-1"))
    art = read_text_file(f)
    assert isinstance(art, Article)
    assert "café owner in São Paulo" in art.text and "Zürich" in art.text


def test_utf8_bom_and_utf16_are_decoded() -> None:
    assert decode_bytes("\ufeffHello world".encode()) == "Hello world"
    assert decode_bytes("Grüße aus Köln".encode("utf-16")) == "Grüße aus Köln"


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"hello\x00\x00world\x00binary", "NUL"),
        (bytes(range(1, 32)) * 20 + b"some text", "control characters"),
    ],
)
def test_binary_is_rejected(data: bytes, needle: str) -> None:
    with pytest.raises(IngestError, match=needle):
        decode_bytes(data)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_file_is_rejected(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    rej = read_text_file(f)
    assert isinstance(rej, Rejection)
    assert rej.source_path == str(f) and "empty" in rej.reason and "\n" not in rej.reason


def test_binary_file_rejection_names_file(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    rej = read_text_file(f)
    assert isinstance(rej, Rejection) and rej.source_path == str(f) and "PNG" in rej.reason


def test_only_debris_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "junk.txt"
    f.write_text("Oops!\nSomething went wrong.\nPlease try again later.\n", encoding="utf-8")
    rej = read_text_file(f)
    assert isinstance(rej, Rejection) and "debris" in rej.reason


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Poll: Wealthy Voters Abandon Republican Party for Hillary Clinton.\n\nA Bloomberg poll shows that "
         "Americans in households making $100,000 or more have abandoned the party.",
         "Poll: Wealthy Voters Abandon Republican Party for Hillary Clinton."),
        ("Green Party candidate Jill Stein removed from N.Y. debate site by police.\n\nHEMPSTEAD, N.Y., Sept. 26 "
         "(UPI) — Green Party presidential candidate Jill Stein was escorted off the premises on Monday.",
         "Green Party candidate Jill Stein removed from N.Y. debate site by police."),
        ("The Latest: Trump urges supporters to monitor polling places.\n\nWASHINGTON (AP) — The Latest on the "
         "U.S. presidential race (all times EDT):", "The Latest: Trump urges supporters to monitor polling places."),
    ],
)
def test_headline_ending_in_a_full_stop(raw: str, title: str) -> None:
    assert detect_headline(raw) == title


@pytest.mark.parametrize(
    "raw",
    [
        # a lead sentence, however short, stays in the text: taken as a title it would leave it
        "President Barack Obama has an admirer in British diplomat Sir Peter Westmacott.\n\nWestmacott, the "
        "ambassador, said on Tuesday that the president had changed how Britain saw the United States.",
        "WASHINGTON (AP) — Bernie Sanders has scored a big win in the Democrats Abroad primary.\n\nHe won 69 "
        "percent of the vote.",
        "Hillary Clinton had a great night on Saturday. The party had a terrible one.\n\nWASHINGTON — It was "
        "the night the Democrats had waited for.",
        "Co-authored by Hasmik Piliposyan.\n\nThe report, published on Monday, found that turnout fell.",
    ],
)
def test_sentence_ending_in_a_full_stop_is_not_a_headline(raw: str) -> None:
    assert detect_headline(raw) is None
