"""Bad input never crashes a batch: ingest and analysis over generated hostile files.

Every generated file is written into a tmp folder next to one good article;
``load_paths`` must return, never raise, with a one-line reason for every file
it rejects, and ``analyze_many`` must analyse every article it let through
(the good one included) without an unhandled exception.  The default run is
kept short; ``-m slow`` runs thousands of examples.  The 50 MB input is a
single test of its own, not a generated example.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.analysis.article import analyze_many
from newsprism.ingest import load_paths
from newsprism.model import ArticleAnalysis
from newsprism.nlp import load_nlp

GOOD = """Council approves new budget for city schools

The city council on Monday approved a $12 million budget for public schools, ending a month of debate.

"This is a good day for our children," Mayor Ellen Park said after the vote, adding that 40 new teachers would be hired.

Critics said the plan did not go far enough. Council member Tom Reyes told reporters the increase was "too little, too late."
"""

QUOTES = ['"', "“", "”", "‘", "’", "«", "»", "'", "„", "‹", "›", "「", "」"]
WORDS = ["the", "minister", "said", "we", "will", "never", "accept", "pressure", "he", "added", "$4.2 billion",
         "37%", "on March 3", "Putin", "Xi", "according to", "told", "reporters", ",", ".", "\n", "\n\n", ":"]
TAGS = ["p", "div", "span", "b", "i", "a", "script", "style", "article", "body", "html", "head", "title", "table"]


@st.composite
def quoted_text(draw: st.DrawFn) -> str:
    """Sentences with unbalanced and nested quotation marks of every kind."""
    parts = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(QUOTES)), min_size=0, max_size=120))
    return " ".join(parts)


@st.composite
def nested_html(draw: st.DrawFn) -> str:
    """HTML with no body, unclosed or deeply nested tags, and text between them."""
    depth = draw(st.integers(0, 400))
    tags = draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=5))
    inner = draw(quoted_text())
    opens = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closes = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth))) if draw(st.booleans()) else ""
    head = draw(st.sampled_from(["", "<!doctype html>", "<html>", "<html><head><title>t</title></head>"]))
    return head + opens + inner + closes


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


payloads = st.one_of(
    st.binary(max_size=4096),
    st.just(b""),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    st.tuples(quoted_text(), st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252", "utf-8-sig", "shift_jis"])).map(
        lambda p: encoded(p[0], p[1])
    ),
    # mixed encodings in one file: a UTF-8 part followed by a Latin-1 part
    st.tuples(quoted_text(), quoted_text()).map(lambda p: p[0].encode("utf-8") + p[1].encode("latin-1", "replace")),
    nested_html().map(lambda h: h.encode("utf-8")),
    st.tuples(quoted_text(), st.text(max_size=200)).map(lambda p: (GOOD + p[0] + p[1]).encode("utf-8", "surrogatepass")),
)
suffixes = st.sampled_from([".txt", ".html", ".htm", ".jsonl", ".json", ".gz", ".warc", ".md", ""])


def check_batch(files: list[tuple[bytes, str]]) -> None:
    """Ingest + analyse ``files`` beside one good article; the contract of a robust batch."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
        for n, (data, suffix) in enumerate(files):
            (folder / f"in{n}{suffix}").write_bytes(data)
        articles, rejected = load_paths([folder])
    for r in rejected:
        assert r.reason.strip() and "\n" not in r.reason and len(r.reason) <= 300, r
    good = [a for a in articles if a.source_path and a.source_path.endswith("good.txt")]
    assert len(good) == 1 or any(r.source_path.endswith("good.txt") and "duplicate" in r.reason for r in rejected)
    results = list(analyze_many(articles, load_nlp()))
    assert len(results) == len(articles)
    for article, result in results:
        assert isinstance(result, ArticleAnalysis), (article.source_path, repr(result))
        for q in result.quotes:
            for s, e in q.spans:
                assert 0 <= s <= e <= len(article.text)


SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


@settings(max_examples=60, **SETTINGS)
@given(st.lists(st.tuples(payloads, suffixes), min_size=1, max_size=4))
def test_generated_inputs_never_crash_a_batch(files: list[tuple[bytes, str]]) -> None:
    check_batch(files)


@pytest.mark.slow
@pytest.mark.skipif(
    "'slow' not in config.getoption('-m') or 'not slow' in config.getoption('-m')",
    reason="thousands of examples (minutes): run with -m slow",
)
@settings(max_examples=3000, **SETTINGS)
@given(st.lists(st.tuples(payloads, suffixes), min_size=1, max_size=4))
def test_generated_inputs_never_crash_a_batch_thousands(files: list[tuple[bytes, str]]) -> None:
    check_batch(files)


def test_50_mb_of_text_is_rejected_in_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    line = "The minister said the port deal would stand, according to officials. " * 20 + "\n"
    with big.open("w", encoding="utf-8") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size >= 50 * 1024 * 1024
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    articles, rejected = load_paths([tmp_path])
    assert [a.source_path for a in articles] == [str(tmp_path / "good.txt")]
    (reason,) = [r.reason for r in rejected if r.source_path == str(big)]
    assert "too large" in reason and "\n" not in reason
    results = list(analyze_many(articles, load_nlp()))
    assert isinstance(results[0][1], ArticleAnalysis) and results[0][1].quotes
