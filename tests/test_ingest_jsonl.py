"""JSON lines: one Article per good line, a Rejection naming file:line per bad one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.ingest.jsonl import iter_json, iter_jsonl, record_to_article
from newsprism.model import Article, Rejection

STORY = ("The central bank raised its main interest rate by a quarter point on Thursday, the third rise "
         "this year, and said inflation was likely to stay above target until the end of next year.")


def test_good_and_bad_lines(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": STORY, "title": "Bank raises rates again", "url": "https://www.ft-like.example/x",
                    "published": "2024-02-01T10:00:00Z"}),
        "",
        '{"text": "unterminated',
        json.dumps({"title": "no text here"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": STORY.replace("Thursday", "Friday"), "outlet": "Wire Service", "title": 7}),
        json.dumps({"text": STORY.replace("Thursday", "Monday"), "outlet": "Wire Service"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_jsonl(f))
    arts = [i for i in items if isinstance(i, Article)]
    rej = {r.source_path: r.reason for r in items if isinstance(r, Rejection)}
    assert len(arts) == 2
    assert arts[0].title == "Bank raises rates again" and arts[0].outlet == "ft-like.example"
    assert arts[0].published == "2024-02-01T10:00:00Z" and arts[0].source_path == f"{f}:1"
    assert arts[1].outlet == "Wire Service" and arts[1].source_path == f"{f}:7"
    assert set(rej) == {f"{f}:3", f"{f}:4", f"{f}:5", f"{f}:6"}
    assert rej[f"{f}:3"].startswith("invalid JSON")
    assert "text" in rej[f"{f}:4"]
    assert "not a JSON object" in rej[f"{f}:5"]
    assert '"title" is not a string' in rej[f"{f}:6"]
    assert all("\n" not in r for r in rej.values())


def test_record_without_outlet_or_url_is_unknown_and_headline_is_detected(tmp_path: Path) -> None:
    f = tmp_path / "wire.ndjson"
    f.write_text(json.dumps({"text": "Bank raises rates again\n\n" + STORY}) + "\n", encoding="utf-8")
    (art,) = iter_jsonl(f)
    assert isinstance(art, Article)
    assert art.outlet == "unknown" and art.title == "Bank raises rates again"  # not the file's name
    assert art.text == STORY


def test_empty_jsonl_file(tmp_path: Path) -> None:
    f = tmp_path / "none.jsonl"
    f.write_text("\n\n", encoding="utf-8")
    (rej,) = iter_jsonl(f)
    assert isinstance(rej, Rejection) and "empty" in rej.reason


def test_json_list(tmp_path: Path) -> None:
    f = tmp_path / "batch.json"
    f.write_text(json.dumps([{"text": STORY}, {"text": ""}]), encoding="utf-8")
    first, second = iter_json(f)
    assert isinstance(first, Article)
    assert isinstance(second, Rejection) and second.source_path == f"{f}:[1]" and "empty" in second.reason


@pytest.mark.parametrize(
    ("published", "iso"),
    [("March 20, 2023", "2023-03-20"), ("Mar. 20, 2023", "2023-03-20"), ("20 March 2023", "2023-03-20"),
     ("Monday, March 20th, 2023", "2023-03-20"), ("2023/03/20", "2023-03-20"), ("2023-03-20", "2023-03-20"),
     ("Mon, 20 Mar 2023 09:30:00 +0000", "2023-03-20T09:30:00+00:00")],
)
def test_published_accepts_the_common_written_forms(published: str, iso: str) -> None:
    art = record_to_article({"text": STORY, "published": published}, source_path="f.jsonl:1")
    assert art.published == iso and art.warnings == []


@pytest.mark.parametrize("published", ["03/04/2023", "last Tuesday", "2023-02-30"])
def test_unreadable_published_is_a_one_line_warning_and_the_article_is_kept(published: str) -> None:
    art = record_to_article({"text": STORY, "published": published}, source_path="f.jsonl:1")
    assert art.published is None
    (warning,) = art.warnings
    assert warning.startswith(f'"published" value {published!r} is not a date') and "\n" not in warning
