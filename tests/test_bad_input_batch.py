"""Bad input never crashes a batch: ingest, analysis and the report over generated hostile files.

Every generated file (text, HTML, JSON lines with deep nesting, lone surrogates and malformed
URLs, WARC records; then byte flips, truncation and splices of real article text) is written into
a tmp folder next to one good article.  For each batch: ``load_paths`` returns, never raises;
every input is either read (an article names it) or rejected with a one-line reason naming it;
``analyze_many`` analyses every article it let through; the report (JSON and HTML) is built; and
the good article's analysis is exactly what it is alone.  The default run is kept short; the slow
suite (``make test-slow``) runs over 2,000 inputs and prints how many.  The 50 MB input is a single
test of its own, not a generated example.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.analysis.article import analyze_many
from newsprism.ingest import load_paths
from newsprism.model import ArticleAnalysis
from newsprism.nlp import load_nlp
from newsprism.pipeline import build_report
from newsprism.report.html import render_report_html
from newsprism.report.writer import report_json

EXAMPLE = (Path(__file__).resolve().parents[1] / "examples" / "xi-putin" / "003_b546a91096aa5404.txt").read_text(
    encoding="utf-8"
)

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


@st.composite
def real_text(draw: st.DrawFn) -> str:
    """A splice of real article text: pieces of the example and of GOOD, cut anywhere."""
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        src = draw(st.sampled_from([EXAMPLE, GOOD]))
        a = draw(st.integers(0, len(src)))
        pieces.append(src[a : a + draw(st.integers(0, 1500))])
    return draw(st.sampled_from(["", "\n", " "])).join(pieces)


def _nested(depth: int, kind: str) -> str:
    return ("[" * depth + "]" * depth) if kind == "list" else ('{"a":' * depth + "1" + "}" * depth)


@st.composite
def json_record(draw: st.DrawFn) -> str:
    """One JSON line: a record (odd field types, lone surrogates, malformed URLs and dates) or deep nesting."""
    if draw(st.integers(0, 9)) == 0:
        return _nested(draw(st.integers(500, 5000)), draw(st.sampled_from(["list", "dict"])))
    surrogate = st.sampled_from(["", "\ud800", "\udfff", "\ud83d"])
    record: dict = {"text": draw(real_text()) + draw(surrogate)}
    for key in ("title", "url", "outlet", "published", "author"):
        if draw(st.booleans()):
            record[key] = draw(st.one_of(
                st.sampled_from(["http://[x", "https://[::1/a-b-c", "http://example.com:99999/x", "javascript:alert(1)",
                                 "March 20, 2023", "2023-02-30", "yesterday", "Tue, 21 Mar 2023 10:00:00 +0000"]),
                st.text(max_size=60), st.integers(), st.none(), st.lists(st.integers(), max_size=3),
            ).map(lambda v: v + draw(surrogate) if isinstance(v, str) else v))
    if draw(st.integers(0, 7)) == 0:
        del record["text"]
    return json.dumps(record, ensure_ascii=draw(st.booleans()))


def jsonl_bytes(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def warc_bytes(draw: st.DrawFn) -> bytes:
    """A WARC (gzipped or not) of HTML pages of spliced real text, images and header-less responses."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=draw(st.booleans()))
    # record ids and dates fixed: warcio's random ids would make the same draws give other bytes,
    # which hypothesis rightly refuses (a strategy must be a function of its draws)
    fixed = lambda n: {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>"}  # noqa: E731
    if draw(st.booleans()):
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=io.BytesIO(b"software: fuzz/1.0\r\n"), warc_content_type="application/warc-fields",
            warc_headers_dict={**fixed(999), "WARC-Date": "2024-11-02T08:00:00Z"}))
    for n in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["html", "image", "no-type", "error"]))
        paras = "".join(f"<p>{p}</p>" for p in draw(real_text()).split("\n") if p.strip())
        body = f"<!doctype html><html><head><title>t{n}</title></head><body><article>{paras}</article></body></html>"
        headers = {"html": [("Content-Type", "text/html; charset=utf-8")], "image": [("Content-Type", "image/jpeg")],
                   "no-type": [], "error": [("Content-Type", "text/html")]}[kind]
        data = b"\xff\xd8\xff" + bytes(300) if kind == "image" else body.encode("utf-8", "replace")
        http = StatusAndHeaders("500 Oops" if kind == "error" else "200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            draw(st.sampled_from(["https://news.example/world/a-long-story-slug", "http://[x", "not a url"])),
            "response", payload=io.BytesIO(data), http_headers=http,
            warc_headers_dict={**fixed(n), "WARC-Date": draw(st.sampled_from(["2024-11-02T08:15:00Z", "garbage"]))}))
    return buf.getvalue()


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    """``base`` as is, truncated, with bytes flipped, or spliced with another payload."""
    data = bytearray(draw(base))
    how = draw(st.sampled_from(["none", "none", "truncate", "flip", "splice"]))
    if how == "truncate" and data:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif how == "flip" and data:
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
    elif how == "splice":
        other = draw(st.sampled_from([GOOD, EXAMPLE])).encode("utf-8")
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + other[: draw(st.integers(0, len(other)))] + data[cut:]
    return bytes(data)


payloads = st.one_of(
    st.binary(max_size=4096),
    st.just(b""),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    st.tuples(quoted_text(), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1252", "utf-8-sig",
                                               "shift_jis"])).map(lambda p: encoded(p[0], p[1])),
    # mixed encodings in one file: a UTF-8 part followed by a Latin-1 part
    st.tuples(quoted_text(), quoted_text()).map(lambda p: p[0].encode("utf-8") + p[1].encode("latin-1", "replace")),
    nested_html().map(lambda h: h.encode("utf-8")),
    st.tuples(quoted_text(), st.text(max_size=200)).map(lambda p: (GOOD + p[0] + p[1]).encode("utf-8", "surrogatepass")),
    mutated(real_text().map(lambda t: t.encode("utf-8"))),
    mutated(st.lists(json_record(), min_size=1, max_size=4).map(jsonl_bytes)),
    mutated(warc_bytes()),
)
suffixes = st.sampled_from([".txt", ".html", ".htm", ".jsonl", ".json", ".gz", ".warc", ".warc.gz", ".md", ""])
# how many generated inputs the checks saw (the slow run prints it: the issue asks for >= 2,000)
SEEN = {"inputs": 0, "articles": 0, "rejections": 0}


def _names(source_path: str, files: list[Path]) -> Path | None:
    """The generated file a source path names (``file``, ``file:3``, ``file:[0]``, ``file#120``)."""
    for f in files:
        s = str(f)
        if source_path == s or source_path.startswith((s + ":", s + "#")):
            return f
    return None


_ALONE: dict[str, ArticleAnalysis] = {}


def _good_alone() -> ArticleAnalysis:
    """The good article analysed in a batch of its own: what every batch must reproduce for it."""
    if "good" not in _ALONE:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "good.txt").write_text(GOOD, encoding="utf-8")
            (article,), _ = load_paths([Path(tmp)])
        ((_, _ALONE["good"]),) = list(analyze_many([article], load_nlp()))
    return _ALONE["good"]


def check_batch(files: list[tuple[bytes, str]]) -> None:
    """Ingest + analyse + report ``files`` beside one good article; the contract of a robust batch."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
        written = []
        for n, (data, suffix) in enumerate(files):
            written.append(folder / f"in{n}{suffix}")
            written[-1].write_bytes(data)
        articles, rejected = load_paths([folder])
    for r in rejected:
        assert r.reason.strip() and "\n" not in r.reason and len(r.reason) <= 300, r
        assert _names(r.source_path, [*written, folder / "good.txt"]) is not None, r
    for f in written:  # every input is accounted for: read, or rejected with its reason
        assert any(_names(a.source_path or "", [f]) for a in articles) or any(
            _names(r.source_path, [f]) for r in rejected
        ), f"{f.name} neither read nor rejected"
    SEEN["inputs"] += len(written)
    SEEN["articles"] += len(articles)
    SEEN["rejections"] += len(rejected)
    good = [a for a in articles if a.source_path and a.source_path.endswith("good.txt")]
    assert len(good) == 1 or any(r.source_path.endswith("good.txt") and "duplicate" in r.reason for r in rejected)
    results = list(analyze_many(articles, load_nlp()))
    assert len(results) == len(articles)
    for article, result in results:
        assert isinstance(result, ArticleAnalysis), (article.source_path, repr(result))
        for q in result.quotes:
            for s, e in q.spans:
                assert 0 <= s <= e <= len(article.text)
        if good and article is good[0]:  # the other inputs leave the good article's analysis as it is alone
            alone = _good_alone()
            assert result.model_dump(exclude={"article_id"}) == alone.model_dump(exclude={"article_id"})
    report = build_report(articles, {a.id: r for a, r in results})
    json.loads(report_json(report))
    render_report_html(report)


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
def test_generated_inputs_never_crash_a_batch_thousands(capsys: pytest.CaptureFixture) -> None:
    before = SEEN["inputs"]

    @settings(max_examples=1200, **SETTINGS)
    @given(st.lists(st.tuples(payloads, suffixes), min_size=1, max_size=3))
    def run(files: list[tuple[bytes, str]]) -> None:
        check_batch(files)

    run()
    n = SEEN["inputs"] - before
    with capsys.disabled():
        print(f"\n{n} generated inputs checked ({SEEN['articles']} articles read, {SEEN['rejections']} rejections)")
    assert n >= 2000


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
