"""Outlets: one per publisher whatever the input calls it; an unnamed record is its own "unknown"."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from newsprism.ingest import outlets
from newsprism.ingest.html import html_to_article
from newsprism.ingest.jsonl import iter_jsonl
from newsprism.ingest.loader import load_paths
from newsprism.ingest.outlets import publisher_key, registered_domain, resolve_outlet
from newsprism.ingest.text import read_text_file
from newsprism.model import Article

STORY = ("The city council approved a new budget on Tuesday that raises spending on schools by 4 percent "
         "and delays the repair of two bridges until next year, officials said.")
OBITS = [
    "Margaret Hale, who ran the town library for three decades and fought to keep it open on Sundays, "
    "died on Monday at her home.",
    "Rosa Delgado, the first woman to captain the harbour pilots, died on Friday after a short illness, "
    "her family said.",
    "Edith Crane, a nurse who trained two generations of midwives at the county hospital, died last week "
    "in her sleep.",
]


@pytest.mark.parametrize("given", ["nytimes.com", "NYTimes", "The New York Times", "new york times", "NYT"])
def test_names_of_the_new_york_times_are_one_outlet(given: str) -> None:
    assert resolve_outlet(given, None) == outlets.Outlet(key="nytimes.com", name="The New York Times")


def test_url_and_name_of_one_publisher_give_the_same_key() -> None:
    by_url = resolve_outlet(None, "https://www.nytimes.com/2024/03/21/world/europe/xi-putin.html")
    assert by_url == resolve_outlet("NYTimes", None)


def test_publisher_on_a_shared_domain_is_named_by_the_table_not_the_domain() -> None:
    outlet = resolve_outlet(None, "https://abcnews.go.com/International/xi-putin/story?id=98")
    assert outlet.name == "ABC News" and outlet.key == "abcnews.go.com"
    assert registered_domain("abcnews.go.com") == "go.com"


def test_registered_domain_uses_the_public_suffix_list() -> None:
    assert registered_domain("https://www.bbc.co.uk/news/world-65034487") == "bbc.co.uk"
    assert registered_domain("edition.cnn.com") == "cnn.com"
    assert registered_domain("localhost") is None
    assert publisher_key("https://www.bbc.com/news") == "bbc.co.uk"  # one publisher, two domains


def test_unlisted_domain_shows_the_pages_site_name() -> None:
    outlet = resolve_outlet(None, "https://www.valleygazette.com/news/budget", "Valley Gazette")
    assert outlet == outlets.Outlet(key="valleygazette.com", name="Valley Gazette")
    assert resolve_outlet(None, "https://www.valleygazette.com/news/budget").name == "valleygazette.com"


def test_og_site_name_names_an_unlisted_outlet_in_an_html_page() -> None:
    html = ("<html><head><title>Council approves budget</title>"
            '<meta property="og:site_name" content="Valley Gazette"></head>'
            f"<body><article><h1>Council approves budget</h1><p>{STORY}</p><p>{OBITS[0]}</p></article></body></html>")
    art = html_to_article(html, source_path="page.html", url="https://valleygazette.com/news/budget")
    assert isinstance(art, Article)
    assert art.outlet == "Valley Gazette" and art.outlet_key == "valleygazette.com"


def test_unnamed_records_are_each_their_own_unknown_outlet(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl"
    f.write_text("".join(json.dumps({"text": t}) + "\n" for t in OBITS[:2]), encoding="utf-8")
    arts = list(iter_jsonl(f))
    assert [a.outlet for a in arts] == ["unknown", "unknown"]  # never "dump"
    assert arts[0].outlet_key != arts[1].outlet_key


def test_text_file_without_sidecar_is_unknown_not_its_file_name(tmp_path: Path) -> None:
    f = tmp_path / "000_a9446b9d4d20d5fe.txt"
    f.write_text(STORY, encoding="utf-8")
    art = read_text_file(f)
    assert isinstance(art, Article) and art.outlet == "unknown"


def test_shared_sentence_of_unknown_outlet_records_is_not_boilerplate(tmp_path: Path) -> None:
    f = tmp_path / "obituaries.jsonl"
    f.write_text("".join(json.dumps({"text": f"{t}\n\nShe was 85."}) + "\n" for t in OBITS), encoding="utf-8")
    arts, rejected = load_paths([f])
    assert not rejected
    assert all(a.text.endswith("She was 85.") and not a.removed for a in arts)


def test_boilerplate_is_found_across_names_of_one_publisher(tmp_path: Path) -> None:
    names = ["NYTimes", "The New York Times", "nytimes.com"]
    f = tmp_path / "feed.jsonl"
    f.write_text("".join(json.dumps({"text": f"{t}\n\nSign up for the Morning newsletter", "outlet": n}) + "\n"
                         for t, n in zip(OBITS, names, strict=True)), encoding="utf-8")
    arts, _ = load_paths([f])
    assert {a.outlet for a in arts} == {"The New York Times"}
    assert [a.text for a in arts] == OBITS


def test_resolving_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("tldextract tried to connect")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    outlets._extractor.cache_clear()  # a fresh extractor loads its suffix list now, offline
    try:
        assert registered_domain("https://www.theguardian.com/world/2024/mar/21/xi-putin") == "theguardian.com"
        assert resolve_outlet(None, "https://news.example.co.uk/a").key == "example.co.uk"
    finally:
        outlets._extractor.cache_clear()
