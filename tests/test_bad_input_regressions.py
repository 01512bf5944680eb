"""One regression test per hostile input that used to take down a batch or a corpus.

Each test is named for the failure it pins; each builds its input in a few lines so that the
failure is reproducible by reading the test alone.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.analysis.article import analysed_text, analyze_article, analyze_many
from newsprism.analysis.headline import url_slug
from newsprism.cli import app
from newsprism.compare import timeline
from newsprism.ingest import load_paths
from newsprism.model import Figure
from newsprism.pipeline import build_report
from newsprism.report.writer import write_report
from newsprism.runners.corpus import ingest_paths
from newsprism.store.corpus import Corpus, CorpusError, describe_db_error

GOOD = """Council approves new budget for city schools

The city council on Monday approved a $12 million budget for public schools, ending a month of debate.

"This is a good day for our children," Mayor Ellen Park said after the vote, adding that 40 new teachers would be hired.
"""
OTHER = (
    "Officials said on Monday that talks on the port deal would resume in Geneva next week, according to a "
    "statement from the foreign ministry. The minister told reporters the deal would stand."
)
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Flood barrier tested</title></head>
<body><article><h1>Flood barrier tested</h1><p>Engineers closed the river's new flood barrier for the first time on
Saturday, sealing the estuary for four hours while crews checked the gates and pumps, officials said.</p>
<p>"The test went exactly as planned," project manager Priya Nair said on Saturday.</p></article></body></html>"""


def _folder(tmp_path: Path, **files: bytes | str) -> Path:
    d = tmp_path / "in"
    d.mkdir(exist_ok=True)
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, data in files.items():
        (d / name.replace("__", ".")).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return d


def _reasons(rejected) -> dict[str, str]:
    """File name -> reason (a JSON line's ``file:3`` and a WARC record's ``file#120`` count as the file)."""
    return {re.sub(r":(\d+|\[\d+\])$", "", Path(r.source_path.split("#")[0]).name): r.reason for r in rejected}


# -- 1. deeply nested JSON ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["x__jsonl", "x__json"])
def test_deeply_nested_json_is_one_rejection_and_the_batch_goes_on(tmp_path: Path, name: str) -> None:
    d = _folder(tmp_path, **{name: "[" * 100_000 + "]" * 100_000 + "\n"})
    articles, rejected = load_paths([d])
    assert [Path(a.source_path).name for a in articles] == ["good.txt"]
    (reason,) = [r.reason for r in rejected if "x.json" in r.source_path]
    assert reason == "invalid JSON: nested too deeply"


def test_deeply_nested_sidecar_is_one_rejection(tmp_path: Path) -> None:
    d = _folder(tmp_path, other__txt=OTHER, other__txt__meta__json="[" * 50_000 + "]" * 50_000)
    articles, rejected = load_paths([d])
    assert [Path(a.source_path).name for a in articles] == ["good.txt"]
    assert "nested too deeply" in _reasons(rejected)["other.txt"]


# -- 2. lone surrogates ---------------------------------------------------------------------------

def test_lone_surrogate_in_text_and_title_is_replaced_and_report_and_corpus_are_written(tmp_path: Path, nlp) -> None:
    lines = [
        json.dumps({"text": OTHER + " \ud800", "outlet": "Wire"}),
        json.dumps({"title": "Budget \udc00 vote", "text": OTHER.replace("Geneva", "Vienna"), "outlet": "Post"}),
    ]
    d = _folder(tmp_path, s__jsonl="\n".join(lines) + "\n")
    articles, rejected = load_paths([d])
    assert len(articles) == 3 and not rejected
    surrogate = next(a for a in articles if a.text.endswith("\ufffd"))
    assert len(surrogate.text) == len(surrogate.raw_text.strip())  # one code point for one: offsets hold
    assert any(a.title == "Budget \ufffd vote" for a in articles)
    analyses = {a.id: r for a, r in analyze_many(articles, nlp)}
    json_path, html_path = write_report(build_report(articles, analyses), tmp_path / "out")
    assert "\ufffd" in json_path.read_text(encoding="utf-8")
    with Corpus(tmp_path / "c.duckdb") as corpus:
        assert corpus.add_analysed([(a, analyses[a.id]) for a in articles]) == 3


# -- 3. a malformed URL ---------------------------------------------------------------------------

def test_malformed_url_is_dropped_at_ingest_and_later_ingests_still_group(tmp_path: Path) -> None:
    d = _folder(tmp_path, u__jsonl=json.dumps({"url": "http://[x", "text": OTHER}) + "\n")
    articles, rejected = load_paths([d])
    assert not rejected and all(a.url is None for a in articles)
    with Corpus(tmp_path / "c.duckdb") as corpus:
        assert ingest_paths(corpus, [d], workers=1).assigned == 2
        second = tmp_path / "second.txt"
        second.write_text(OTHER.replace("Geneva", "Oslo") + " A second report.", encoding="utf-8")
        assert ingest_paths(corpus, [second], workers=1).assigned == 1


@pytest.mark.parametrize("url", ["http://[x", "https://[::1/news/some-long-story-slug", "http://example.com:99999/a-b-c"])
def test_malformed_url_stored_by_an_older_version_has_no_slug(url: str) -> None:
    assert url_slug(url) in ("", "a b c")


# -- 4. code in a corpus file: see test_stories_state and test_store_corpus ----------------------

def test_corpus_whose_state_is_a_pickle_never_runs_it(tmp_path: Path) -> None:
    import pickle

    from newsprism.runners.corpus import CorpusStateError

    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (Path.touch, (marker,))

    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.set_assignments([], pickle.dumps({"format": 4, "grouper": Exploit()}))
        with pytest.raises(CorpusStateError, match="never loaded"):
            ingest_paths(corpus, [_folder(tmp_path)], workers=1)
    assert not marker.exists()


# -- 5. quadratic timeline, huge article ----------------------------------------------------------

def test_timeline_reads_a_sentence_naming_many_dates_once(monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = "The talks were held on " + ", ".join(f"March {d}, {2000 + y}" for y in range(20) for d in range(1, 29))
    figs = [
        Figure(id=f"f{i}", article_id="a1", kind="date", unit="date", value=f"{2000 + i // 28}-03-{i % 28 + 1:02d}", text="x",
               spans=[(0, 1)], context=sentence, sentence_spans=[(0, len(sentence))])
        for i in range(560)
    ]
    calls = []
    real = timeline.content_stems
    monkeypatch.setattr(timeline, "content_stems", lambda t: calls.append(t) or real(t))
    entries = timeline.build_timeline(figs)
    assert len(entries) == 560 and len(calls) == 1


def test_huge_article_is_analysed_in_a_bounded_leading_part_with_a_warning(nlp) -> None:
    from newsprism.ingest.article import build_article

    para = "The minister said on Monday that the port deal would stand, according to officials in Athens. "
    text = "\n\n".join(para * 3 for _ in range(300))  # ~86k characters
    article = build_article(text, source_path="huge.txt", outlet="Wire")
    assert len(analysed_text(article.text)) <= 60_000 < len(article.text)
    ((_, analysis),) = list(analyze_many([article], nlp))
    assert analysis.warnings == [f"long article: analysed its first {len(analysed_text(article.text)):,} of "
                                 f"{len(article.text):,} characters"]
    assert max(e for q in analysis.quotes for _, e in q.spans) <= 60_000


# -- 6. silent drops ------------------------------------------------------------------------------

def _warc(records: list[tuple[str, list[tuple[str, str]], bytes]], info: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    if info:
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test-crawler/1.0"}))
    for uri, headers, body in records:
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                                      warc_headers_dict={"WARC-Date": "2024-11-02T08:15:00Z"}))
    return buf.getvalue()


def test_warc_with_only_a_header_or_garbage_is_named(tmp_path: Path) -> None:
    d = _folder(tmp_path, info__warc=_warc([]), garbage__warc=b"WARC/1.0\r\nWARC-Type: x\x00\xff not a record")
    _, rejected = load_paths([d])
    reasons = _reasons(rejected)
    assert reasons["info.warc"] == "no HTML page in this WARC (1 records: 1 warcinfo record)"
    assert reasons["garbage.warc"].startswith("no HTML page in this WARC")


def test_warc_cut_inside_an_image_record_says_it_is_truncated(tmp_path: Path) -> None:
    data = _warc([("https://courier.example/news/flood-barrier-tested", [("Content-Type", "text/html")], PAGE.encode()),
                  ("https://courier.example/img/a.jpg", [("Content-Type", "image/jpeg")], b"\xff\xd8\xff" + bytes(5000))])
    d = _folder(tmp_path, cut__warc=data[:-2000])
    articles, rejected = load_paths([d])
    assert sum(a.url == "https://courier.example/news/flood-barrier-tested" for a in articles) == 1
    (reason,) = [r.reason for r in rejected if "cut.warc#" in r.source_path]
    assert reason.startswith("truncated WARC: the file ends inside a non-HTML response (image/jpeg)")


def test_warc_response_without_content_type_is_read_when_it_is_html(tmp_path: Path) -> None:
    d = _folder(tmp_path, noct__warc=_warc([("https://courier.example/news/flood-barrier-tested", [], PAGE.encode())]))
    articles, rejected = load_paths([d])
    assert any(a.url == "https://courier.example/news/flood-barrier-tested" for a in articles), rejected


def test_unreadable_subdirectory_is_named_and_the_rest_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = _folder(tmp_path)
    locked = d / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text(OTHER, encoding="utf-8")
    real = os.scandir

    def scandir(path=".", *a):  # root bypasses permissions: refuse as the kernel would for a user
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(locked))
        return real(path, *a)

    monkeypatch.setattr(os, "scandir", scandir)
    articles, rejected = load_paths([d])
    assert [Path(a.source_path).name for a in articles] == ["good.txt"]
    assert [(r.source_path, r.reason) for r in rejected] == [(str(locked), "unreadable directory: Permission denied")]


def test_unreadable_file_named_on_the_command_line_is_named_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = _folder(tmp_path)
    hidden = tmp_path / "noaccess" / "a.txt"
    real = Path.stat

    def stat(self, *a, **k):
        if self == hidden:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "stat", stat)
    articles, rejected = load_paths([hidden, d / "good.txt"])
    assert [Path(a.source_path).name for a in articles] == ["good.txt"]
    assert [(r.source_path, r.reason) for r in rejected] == [(str(hidden), "unreadable: Permission denied")]


# -- 7. messages that say what is wrong -----------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_as_text(tmp_path: Path, encoding: str) -> None:
    d = _folder(tmp_path, u16__txt=OTHER.encode(encoding))
    articles, rejected = load_paths([d])
    assert not rejected and any(a.text.startswith("Officials said on Monday") for a in articles)


def test_page_with_a_wrong_meta_charset_is_decoded_by_detection(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="utf-16"').replace("project manager", "chef de projet café")
    data = page.encode("latin-1")
    d = _folder(tmp_path, wrong__html=data + b" " * (len(data) % 2))  # even length: utf-16 "decodes" it
    articles, rejected = load_paths([d])
    assert not rejected
    assert any("chef de projet café" in a.text for a in articles)


def test_fifo_and_symlink_loop_are_named_as_such_and_never_opened(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    os.mkfifo(d / "pipe.txt")  # opening it would block the batch forever
    os.symlink("loop.txt", d / "loop.txt")
    articles, rejected = load_paths([d, d / "pipe.txt"])
    reasons = sorted((Path(r.source_path).name, r.reason) for r in rejected)
    assert reasons == [("loop.txt", "symbolic link loop"), ("pipe.txt", "not a regular file: a FIFO (named pipe)"),
                       ("pipe.txt", "not a regular file: a FIFO (named pipe)")]


def test_gzip_bomb_names_its_decompressed_size_not_the_cap(tmp_path: Path) -> None:
    import gzip

    d = _folder(tmp_path, bomb__txt__gz=gzip.compress(b"a" * (64 * 1024 * 1024), 9))
    _, rejected = load_paths([d])
    assert _reasons(rejected)["bomb.txt.gz"] == "too large once decompressed (64.0 MB; the cap is 20 MB per document)"


class _FullDisk:
    """A connection whose COMMIT fails as DuckDB's does on a full disk (ROLLBACK then has nothing to undo)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def execute(self, sql: str, *args):
        if sql == "COMMIT":
            self.con.execute("ROLLBACK")
            raise duckdb.IOException('IO Error: Could not write file "c.duckdb.wal": No space left on device')
        return self.con.execute(sql, *args)


def test_disk_full_during_ingest_names_the_disk_not_the_rollback(tmp_path: Path, nlp) -> None:
    articles, _ = load_paths([_folder(tmp_path)])
    pairs = [(a, r) for a, r in analyze_many(articles, nlp)]
    with Corpus(tmp_path / "c.duckdb") as corpus:
        real = corpus.con
        corpus.con = _FullDisk(real)
        with pytest.raises(duckdb.IOException) as info:
            corpus.add_analysed(pairs)
        corpus.con = real
        assert corpus.count() == 0
    assert describe_db_error("c.duckdb", info.value) == (
        "c.duckdb: no space left on device; nothing of the interrupted write was kept"
    )


# -- 8. corrupt corpus ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stored_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("corpus")
    d = tmp / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    with Corpus(tmp / "c.duckdb") as corpus:
        ingest_paths(corpus, [d], workers=1)
    return tmp / "c.duckdb"


def _damaged(src: Path, dst: Path, how: str) -> Path:
    data = bytearray(src.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    else:  # flip every byte of the used blocks' checksummed payloads: DuckDB must notice
        for i in range(4096 * 3, len(data), 4096):
            data[i + 100] ^= 0xFF
    dst.write_bytes(bytes(data))
    return dst


@pytest.mark.parametrize("how", ["truncated", "flipped"])
def test_damaged_corpus_is_one_line_error_for_every_command(tmp_path: Path, stored_corpus: Path, how: str) -> None:
    db = _damaged(stored_corpus, tmp_path / "c.duckdb", how)
    runner = CliRunner()
    for args in (["stories", "--db", str(db)], ["story", "x", "--db", str(db), "--out", str(tmp_path / "o")],
                 ["ingest", str(_folder(tmp_path)), "--db", str(db), "-q", "-j", "1"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.output, result.output
    with pytest.raises(CorpusError):
        Corpus(db).close()


def test_database_of_another_program_is_never_written(tmp_path: Path) -> None:
    db = tmp_path / "sales.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE sales (id INTEGER, amount DOUBLE)")
    con.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = CliRunner().invoke(app, ["ingest", str(_folder(tmp_path)), "--db", str(db), "-q", "-j", "1"])
    assert result.exit_code == 1 and "not a newsprism corpus; nothing was written" in result.output
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_text_file_given_as_corpus_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("my notes\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["stories", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {db}: not a newsprism corpus (not a DuckDB database file)"
    assert db.read_text(encoding="utf-8") == "my notes\n"


# -- 9. leftovers and drift -----------------------------------------------------------------------

def test_pool_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = textwrap.dedent(f"""
        import os, time, multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from newsprism.workers import exit_with_parent

        def pid(_):
            time.sleep(0.2)
            return os.getpid()

        if __name__ == "__main__":
            pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"), initializer=exit_with_parent,
                                       initargs=(os.getpid(),))
            found = set(pool.map(pid, range(6)))
            open({str(pids)!r}, "w").write(" ".join(map(str, found)))
            time.sleep(60)
    """)
    (tmp_path / "parent.py").write_text(script, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(tmp_path / "parent.py")])
    deadline = time.monotonic() + 60
    while not pids.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [int(p) for p in pids.read_text().split()]
    assert workers and all(_alive(p) for p in workers)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_reingesting_a_folder_does_not_repeat_its_rejections(tmp_path: Path) -> None:
    d = _folder(tmp_path, empty__txt="", bad__jsonl="{not json\n")
    with Corpus(tmp_path / "c.duckdb") as corpus:
        ingest_paths(corpus, [d], workers=1)
        first = corpus.count("rejections")
        ingest_paths(corpus, [d], workers=1)
        assert first == 2 and corpus.count("rejections") == first


# -- the command line around bad input ------------------------------------------------------------

@pytest.mark.parametrize("make", ["missing", "empty-folder"])
def test_ingest_with_nothing_to_read_fails_in_one_line_and_creates_no_corpus(tmp_path: Path, make: str) -> None:
    src = tmp_path / "typo"
    if make == "empty-folder":
        src.mkdir()
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "-q"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "error: no input file to read in the given paths; the corpus was not opened"
    )
    assert not db.exists()


def test_file_names_with_markup_and_escape_sequences_are_printed_as_text(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    (d / "x [bold]y[link=https:..a]z.txt").write_text("", encoding="utf-8")
    (d / "title\x1b]0;pwned\x07.txt").write_text("", encoding="utf-8")
    missing = tmp_path / "x[/]y"
    result = CliRunner().invoke(app, ["analyze", str(d), str(missing), "--out", str(tmp_path / "o"), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "x [bold]y[link=https:..a]z.txt: empty file" in result.output
    assert f"{missing}: no such file or directory" in result.output
    assert "\x1b" not in result.output and "title\\x1b]0;pwned\\x07.txt: empty file" in result.output


def test_an_article_the_grouper_fails_on_is_its_own_story_and_later_ingests_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsprism.stories.grouping import StoryGrouper

    real_add = StoryGrouper.add

    def add(self, item):
        if "Geneva" in item.text:  # stands for any input a future bug cannot take
            raise ValueError("unforeseen input")
        return real_add(self, item)

    monkeypatch.setattr(StoryGrouper, "add", add)
    d = _folder(tmp_path, other__txt=OTHER)
    with Corpus(tmp_path / "c.duckdb") as corpus:
        stats = ingest_paths(corpus, [d], workers=1)
        assert stats.assigned == 2 and corpus.unassigned_ids() == []
        assert [(Path(s).name, m) for s, m in stats.warnings] == [
            ("other.txt", "story grouping failed: ValueError: unforeseen input")
        ]
        later = tmp_path / "later.txt"
        later.write_text(GOOD.replace("Monday", "Tuesday") + "\nA later report.\n", encoding="utf-8")
        assert ingest_paths(corpus, [later], workers=1).assigned == 1


def test_unreadable_published_date_is_named_at_ingest(tmp_path: Path) -> None:
    d = _folder(tmp_path, p__jsonl=json.dumps({"text": OTHER, "published": "last Tuesday", "outlet": "Wire"}) + "\n")
    with Corpus(tmp_path / "c.duckdb") as corpus:
        stats = ingest_paths(corpus, [d], workers=1)
    assert [(Path(s).name, m.split(" is not")[0]) for s, m in stats.warnings] == [
        ("p.jsonl:1", '"published" value \'last Tuesday\'')
    ]


def test_windows_1252_quotes_read_as_latin_1_are_repaired_and_quoted(tmp_path: Path, nlp) -> None:
    # a page whose charset was declared Latin-1 but written in Windows-1252: its curly quotes and
    # apostrophes arrive as C1 control characters
    text = ("Police said the shooting happened shortly after midnight outside a bar on Main Street. "
            "\x93We don\x92t know yet who fired the shots,\x94 Chief Dana Ruiz said on Saturday. "
            "Two men were taken to the hospital with wounds that were not life-threatening.")
    d = _folder(tmp_path, s__jsonl=json.dumps({"title": "Two hurt in \x93random\x94 shooting", "text": text}) + "\n")
    articles, rejected = load_paths([d])
    assert not rejected
    (article,) = [a for a in articles if a.source_path.endswith("s.jsonl:1")]
    assert "\u201cWe don\u2019t know yet who fired the shots,\u201d Chief" in article.text
    assert article.title == "Two hurt in \u201crandom\u201d shooting"
    assert len(article.raw_text) == len(text)  # one code point for one: offsets hold
    assert not any("\x80" <= ch <= "\x9f" for ch in article.text + (article.title or ""))
    quotes = analyze_article(article, nlp).quotes
    said = [q for q in quotes if "We don\u2019t know" in q.text]
    assert said and said[0].speaker is not None and said[0].speaker.name == "Dana Ruiz"
