"""The command line's own contract (issue #18): one-line errors, whole ids, plain help and progress.

Most tests run the CLI in-process with CliRunner, whose stdout and stderr are pipes, not a
terminal; only the module's corpus fixture loads the NLP models, once.
"""

from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsprism.cli import _BarProgress, _json_for_terminal, _stories_table, app
from newsprism.runners.corpus import IngestStats, ingest_paths
from newsprism.store.corpus import Corpus

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "xi-putin"
BUDGET = """Council approves new budget for city schools

The city council on Monday approved a $12 million budget for public schools, ending a month of debate.

"This is a good day for our children," Mayor Ellen Park said after the vote, adding that 40 new teachers would be hired.
"""
COMMANDS = ["analyze", "ingest", "stories", "story", "search", "reindex", "serve", "spark"]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two stories (the bundled summit reports, a council budget), their ids sharing six characters.

    The shared start makes a short prefix ambiguous on purpose: the budget story is renamed
    through ``set_assignments(retired=...)``, the call the grouper uses when it merges stories.
    """
    tmp = tmp_path_factory.mktemp("cli")
    src = tmp / "in"
    shutil.copytree(EXAMPLES, src)
    (src / "budget.txt").write_text(BUDGET, encoding="utf-8")
    db = tmp / "c.duckdb"
    with Corpus(db) as corpus:
        ingest_paths(corpus, [src], workers=1)
        ids = [r.story_id for r in corpus.stories()]
        assert len(ids) == 2, ids
        (article,) = corpus.con.execute("SELECT id FROM articles WHERE title LIKE 'Council approves%'").fetchone()
        budget = next(i for i in ids if article in corpus.story_members(i)[0])
        summit = next(i for i in ids if i != budget)
        corpus.set_assignments([], retired={budget: summit[:6] + budget[6:]})
    return db


def _story_ids(db: Path) -> list[str]:
    with Corpus(db, read_only=True) as corpus:
        return [r.story_id for r in corpus.stories()]


def _one_error_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in output, output
    return lines[0]


# -- version and help ------------------------------------------------------------------------------

def test_version_prints_the_installed_package_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"newsprism {version('newsprism')}\n"


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_h_is_the_same_help_as_help_on_the_app_and_every_command(command: str) -> None:
    args = [command] if command else []
    short = CliRunner().invoke(app, [*args, "-h"], env={"COLUMNS": "100"})
    long = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100"})
    assert short.exit_code == 0 and long.exit_code == 0, short.output
    assert short.output == long.output and "Usage:" in short.output


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_shows_flags_as_flags_and_no_doc_markup(command: str) -> None:
    out = CliRunner().invoke(app, [command, "-h"] if command else ["-h"], env={"COLUMNS": "100"}).output
    assert "`" not in out and "<bool>" not in out and "[/" not in out, out
    assert "-h, --help" in out


def test_help_names_the_boolean_options_as_switches() -> None:
    analyze = CliRunner().invoke(app, ["analyze", "-h"], env={"COLUMNS": "100"}).output
    stories = CliRunner().invoke(app, ["stories", "-h"], env={"COLUMNS": "100"}).output
    assert "-q, --quiet " in analyze and "--json " in stories


# -- stories ---------------------------------------------------------------------------------------

def test_stories_in_a_pipe_prints_whole_ids_at_40_columns(corpus_db: Path) -> None:
    result = CliRunner().invoke(app, ["stories", "--db", str(corpus_db)], env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split("\t") == ["story", "outlets", "reports", "from", "to", "title"]
    assert [row.split("\t")[0] for row in rows] == _story_ids(corpus_db)
    assert all(len(row.split("\t")) == 6 for row in rows) and "…" not in result.output


def test_stories_table_on_a_narrow_terminal_never_cuts_an_id(corpus_db: Path) -> None:
    with Corpus(corpus_db, read_only=True) as corpus:
        rows = corpus.stories()
    buf = io.StringIO()
    Console(file=buf, width=40, force_terminal=True, color_system=None).print(_stories_table(rows))
    lines = buf.getvalue().splitlines()
    for r in rows:
        assert any(line.startswith(r.story_id) for line in lines), buf.getvalue()


def test_a_stored_title_is_never_read_as_markup_or_terminal_control() -> None:
    from newsprism.store.corpus import StoryRow

    row = StoryRow("abc123", "Budget [/] vote [bold]\x1b]0;pwned\x07 passes", ["Gazette [red]"], 1, 0, None, None)
    buf = io.StringIO()
    Console(file=buf, width=120, force_terminal=True, color_system=None).print(_stories_table([row]))
    out = buf.getvalue()
    assert "[/] vote [bold]" in out and "Gazette [red]" in out
    assert "\x1b]" not in out and "\\x1b]0;pwned\\x07" in out


def test_stories_json_is_an_array_of_one_object_per_story(corpus_db: Path) -> None:
    result = CliRunner().invoke(app, ["stories", "--db", str(corpus_db), "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [i["id"] for i in items] == _story_ids(corpus_db)
    for item in items:
        assert set(item) == {"id", "title", "outlets", "articles", "copies", "first", "last"}
        assert isinstance(item["outlets"], list) and item["articles"] >= 1
    assert any(i["title"].startswith("Council approves") for i in items)


def test_json_output_keeps_unicode_but_escapes_what_a_terminal_would_obey() -> None:
    data = {"title": "Zürich talks \x9b2J \u2028 end", "outlet": "Le Monde"}
    text = _json_for_terminal(data)
    assert "Zürich" in text and "\x9b" not in text and "\u2028" not in text
    assert json.loads(text) == data


# -- story -----------------------------------------------------------------------------------------

def test_story_takes_a_unique_id_prefix_even_one_cut_with_an_ellipsis(corpus_db: Path, tmp_path: Path) -> None:
    full = _story_ids(corpus_db)[0]
    for given in (full[:10], full[:10] + "…"):
        out = tmp_path / given.replace("…", "-cut")
        result = CliRunner().invoke(app, ["story", given, "--db", str(corpus_db), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert list(json.loads((out / "report.json").read_text(encoding="utf-8"))["stories"])


def test_ambiguous_story_prefix_is_one_line_naming_the_candidates(corpus_db: Path, tmp_path: Path) -> None:
    ids = _story_ids(corpus_db)
    out = tmp_path / "o"
    result = CliRunner().invoke(app, ["story", ids[0][:6], "--db", str(corpus_db), "--out", str(out)])
    assert result.exit_code == 1
    line = _one_error_line(result.output)
    assert "matches several stories" in line and all(i in line for i in ids)
    assert not out.exists()


def test_unknown_story_id_is_one_line_and_writes_nothing(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    result = CliRunner().invoke(app, ["story", "ffffzzzz", "--db", str(corpus_db), "--out", str(out)])
    assert result.exit_code == 1
    assert _one_error_line(result.output) == f"error: no story 'ffffzzzz' in {corpus_db}"
    assert not out.exists()


# -- --out checked before the work -----------------------------------------------------------------

def _unwritable_outs(tmp_path: Path) -> list[Path]:
    """A directory under a regular file (root ignores permission bits), and a name too long
    for the file system under a parent that does not exist yet (which must not be left behind)."""
    (tmp_path / "file.txt").write_text("not a directory\n", encoding="utf-8")
    return [tmp_path / "file.txt" / "sub", tmp_path / "new" / ("x" * 300)]


def test_unwritable_out_fails_before_any_article_is_read_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the analysis ran before --out was checked")

    monkeypatch.setattr("newsprism.ingest.load_paths", never)  # imported by the command when it runs
    monkeypatch.setattr("newsprism.runners.local.analyze_local", never)
    for out in _unwritable_outs(tmp_path):
        result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--out", str(out), "-q"])
        assert result.exit_code == 1
        assert _one_error_line(result.output).startswith(f"error: {out}: cannot write the report there: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_unwritable_out_for_story_fails_before_the_corpus_is_read(
    corpus_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsprism.runners.corpus.story_report", lambda *a: pytest.fail("report built"))
    for out in _unwritable_outs(tmp_path):
        result = CliRunner().invoke(app, ["story", _story_ids(corpus_db)[0], "--db", str(corpus_db), "--out", str(out)])
        assert result.exit_code == 1
        assert "cannot write the report there" in _one_error_line(result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


# -- serve -----------------------------------------------------------------------------------------

def test_serve_on_a_busy_port_fails_in_one_line_before_announcing(
    corpus_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: pytest.fail("uvicorn started on a busy port"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--db", str(corpus_db), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == f"error: 127.0.0.1:{port} is in use (another server?); choose --port\n"


# -- progress --------------------------------------------------------------------------------------

def test_ingest_in_a_pipe_prints_plain_progress_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line at each tenth of the work crossed (86 articles in shards of 8; no model loaded)."""

    def fake_ingest(corpus, paths, workers=None, on_total=None, on_progress=None) -> IngestStats:
        on_total(86)
        for done in range(0, 86, 8):
            on_progress(min(8, 86 - done))
        return IngestStats(read=86, analysed=86, assigned=86)

    monkeypatch.setattr("newsprism.runners.corpus.ingest_paths", fake_ingest)
    src = tmp_path / "budget.txt"
    src.write_text(BUDGET, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(src), "--db", str(tmp_path / "c.duckdb"), "-j", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    progress = [line for line in lines if line.startswith("ingesting: ")]
    assert progress[0] == "ingesting: loading models..."
    assert progress[1:] == [f"ingesting: {n}/86" for n in (16, 24, 32, 40, 48, 56, 64, 72, 86)]
    assert "\x1b" not in result.output and lines[-1].startswith("read 86, new 86")


def test_quiet_ingest_prints_no_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_ingest(corpus, paths, workers=None, on_total=None, on_progress=None) -> IngestStats:
        on_total(10)
        on_progress(10)
        return IngestStats(read=10, analysed=10, assigned=10)

    monkeypatch.setattr("newsprism.runners.corpus.ingest_paths", fake_ingest)
    src = tmp_path / "budget.txt"
    src.write_text(BUDGET, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(src), "--db", str(tmp_path / "c.duckdb"), "-q"])
    assert result.exit_code == 0 and "ingesting" not in result.output, result.output


def test_terminal_bar_reads_loading_models_until_the_first_shard_is_done() -> None:
    with _BarProgress("analysing", enabled=False) as bar:
        bar.start(86)
        assert bar.bar.tasks[0].description == "loading models"
        bar.advance(8)
        assert bar.bar.tasks[0].description == "analysing" and bar.bar.tasks[0].completed == 8


# -- search ------------------------------------------------------------------------------------------

def test_search_prints_one_line_per_hit_with_ids_and_offsets(corpus_db: Path) -> None:
    result = CliRunner().invoke(app, ["search", "Mayor Park", "--db", str(corpus_db), "--type", "articles"])
    assert result.exit_code == 0, result.output
    lines = [ln.split("\t") for ln in result.stdout.splitlines()]
    assert lines and all(len(cells) == 8 for cells in lines)
    kind, story, article, span = lines[0][:4]
    with Corpus(corpus_db, read_only=True) as corpus:
        text = corpus.articles([article])[0].text
        assert story in [r.story_id for r in corpus.stories()]
    start, end = map(int, span.split("-"))
    assert kind == "article" and text[start:end] == "Mayor"  # the first match in the text


def test_search_csv_and_json_hold_the_same_rows(corpus_db: Path) -> None:
    import csv

    as_csv = CliRunner().invoke(app, ["search", '"new teachers" OR "similar goals"', "--db", str(corpus_db), "--csv"])
    as_json = CliRunner().invoke(app, ["search", '"new teachers" OR "similar goals"', "--db", str(corpus_db), "--json"])
    assert as_csv.exit_code == as_json.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["article_id"] for r in rows] == [r["article_id"] for r in json.loads(as_json.stdout)]
    assert {r["kind"] for r in rows} == {"quote", "article"}


def test_search_query_with_nothing_to_find_is_one_line(corpus_db: Path) -> None:
    result = CliRunner().invoke(app, ["search", "NOT budget", "--db", str(corpus_db)])
    assert result.exit_code == 1
    assert "exclude" in _one_error_line(result.output)
    result = CliRunner().invoke(app, ["search", "budget", "--db", str(corpus_db), "--since", "yesterday"])
    assert result.exit_code == 1 and "not a date" in _one_error_line(result.output)


def test_search_rebuilds_a_missing_index_and_reindex_rebuilds_it(corpus_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus_db, db)  # a corpus without its index beside it (copied, or written by an older version)
    result = CliRunner().invoke(app, ["search", "budget", "--db", str(db), "--type", "articles"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1, result.output
    assert CliRunner().invoke(app, ["reindex", "--db", str(db)]).exit_code == 0
    again = CliRunner().invoke(app, ["search", "budget", "--db", str(db), "--type", "articles"])
    assert again.stdout == result.stdout


def test_serve_says_in_one_line_when_the_snapshot_cannot_be_written(
    corpus_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus_db, db)  # no published snapshot beside it: serve publishes one first

    def read_only_folder(corpus: Corpus) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("newsprism.web.reader.publish", read_only_folder)
    result = CliRunner().invoke(app, ["serve", "--db", str(db)])
    assert result.exit_code == 1
    assert "cannot publish the corpus for reading: Permission denied" in _one_error_line(result.output)


def test_commands_without_a_model_start_without_the_analysis(corpus_db: Path, tmp_path: Path) -> None:
    # issue #20: spaCy and the models' code cost ~1 s of import; --help and stories need none of it
    # (0.37 -> 0.10 s and 0.50 -> 0.30 s wall), story (which compares stored analyses) no spaCy.
    # A fresh interpreter each: this one has them loaded.
    code = (
        "import sys\nfrom newsprism.cli import app\n"
        "try:\n    app(sys.argv[2:])\nexcept SystemExit:\n    pass\n"
        "print('loaded:', *[m for m in sys.argv[1].split(',') if m in sys.modules])\n"
    )
    model = "spacy,thinc,newsprism.nlp,newsprism.analysis.article,newsprism.analysis.minilm"
    story = _story_ids(corpus_db)[0]
    for heavy, args in (
        (model + ",numpy,trafilatura", ["--help"]),
        (model + ",numpy,trafilatura", ["stories", "--db", str(corpus_db)]),
        (model + ",trafilatura", ["story", story, "--db", str(corpus_db), "--out", str(tmp_path / "s")]),
    ):
        run = subprocess.run([sys.executable, "-c", code, heavy, *args], capture_output=True, text=True, check=True)
        assert run.stdout.splitlines()[-1] == "loaded:", (args, run.stdout.splitlines()[-1], run.stderr[-300:])
    assert (tmp_path / "s" / "report.json").is_file()  # and story did its work


def test_the_cli_web_and_pipeline_offer_the_same_cue_choices() -> None:
    # the choice is spelled for typer (an enum) and FastAPI (the pipeline's Literal): one set of values
    import typing

    from newsprism.cli import CueChoice
    from newsprism.pipeline import CUE_CHOICES, Cues

    assert tuple(c.value for c in CueChoice) == CUE_CHOICES == typing.get_args(Cues)
