"""load_paths: dispatch, determinism, de-duplication, batch boilerplate, language check, size cap."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsprism.ingest import article as article_mod
from newsprism.ingest.loader import load_paths, read_path
from newsprism.model import Article, article_id_for

STORIES = [
    "The city council approved a new budget on Tuesday that raises spending on schools by 4 percent "
    "and delays the repair of two bridges until next year.",
    "Rail workers will strike on Saturday after talks over pay broke down, the union said, warning that "
    "most trains in the region would be cancelled.",
    "Forecasters issued a heat warning for the south coast, where temperatures are expected to reach "
    "34 degrees on Thursday and Friday.",
]

GERMAN = ("Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung der Windenergie beschlossen. "
          "Nach Angaben des Ministeriums sollen die Genehmigungsverfahren für neue Anlagen deutlich "
          "schneller werden, und die Länder müssen mehr Flächen für den Ausbau bereitstellen.")
SPANISH = ("El Gobierno aprobó el martes un plan para reducir el consumo de agua en las ciudades del sur del "
           "país, donde la sequía ha dejado los embalses por debajo del 20 por ciento de su capacidad, según "
           "informó el ministerio en un comunicado.")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_directory_is_read_recursively_sorted_and_hidden_files_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "b" / "two.txt", STORIES[1])
    _write(tmp_path / "a.txt", STORIES[0])
    _write(tmp_path / "b" / "c" / "three", STORIES[2])  # no extension -> text
    _write(tmp_path / ".hidden.txt", "Oops")
    arts, rejected = load_paths([tmp_path])
    assert not rejected
    assert [Path(a.source_path).name for a in arts] == ["a.txt", "three", "two.txt"]  # b/c/three < b/two.txt
    assert all(a.id == article_id_for(a.text) and a.language == "en" for a in arts)


def test_missing_path_is_a_rejection(tmp_path: Path) -> None:
    arts, rejected = load_paths([tmp_path / "nope.txt"])
    assert not arts and rejected[0].reason == "no such file or directory"


def test_identical_copy_is_a_duplicate(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.txt", STORIES[0])
    _write(tmp_path / "b.txt", "  " + STORIES[0].replace(" on Tuesday", "\non Tuesday") + "\n")
    arts, rejected = load_paths([tmp_path])
    assert len(arts) == 1
    assert rejected[0].source_path == str(tmp_path / "b.txt")
    assert rejected[0].reason == f"duplicate of {first}"


def test_boilerplate_shared_by_three_articles_of_one_outlet(tmp_path: Path) -> None:
    for i, story in enumerate(STORIES):
        body = f"{story}\n\nFollow the Valley Gazette for more local news\n\nReporting by the Valley Desk"
        _write(tmp_path / f"{i}.jsonl", json.dumps({"text": body, "outlet": "Valley Gazette"}))
    _write(tmp_path / "x.jsonl", json.dumps({"text": STORIES[0] + "\n\nReporting by the Valley Desk",
                                             "outlet": "Other Paper"}))
    arts, rejected = load_paths([tmp_path])
    assert not rejected
    gazette = [a for a in arts if a.outlet == "Valley Gazette"]
    assert [a.text for a in gazette] == STORIES
    assert all(len(a.removed) == 2 for a in gazette)
    other = next(a for a in arts if a.outlet == "Other Paper")
    assert other.text.endswith("Reporting by the Valley Desk")


@pytest.mark.parametrize(("text", "lang"), [(GERMAN, "German"), (SPANISH, "Spanish")])
def test_non_english_is_rejected(tmp_path: Path, text: str, lang: str) -> None:
    f = _write(tmp_path / "foreign.txt", text)
    arts, rejected = load_paths([f])
    assert not arts
    assert rejected[0].reason.startswith(f"not English (looks like {lang}")


def test_other_script_is_rejected(tmp_path: Path) -> None:
    f = _write(tmp_path / "ru.txt", "Правительство в среду одобрило новый закон о развитии ветровой энергетики. " * 3)
    _, rejected = load_paths([f])
    assert rejected[0].reason == "not English (looks like Cyrillic script)"


def test_english_with_foreign_names_is_accepted(tmp_path: Path) -> None:
    text = ("German Chancellor Olaf Scholz met Spain's Pedro Sánchez in Madrid on Friday. The two leaders "
            "discussed the Energiewende and the Plan de Recuperación, and said they would meet again in Berlin.")
    arts, rejected = load_paths([_write(tmp_path / "en.txt", text)])
    assert arts and not rejected


def test_oversized_file_is_rejected_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_mod, "MAX_INPUT_BYTES", 100)
    f = _write(tmp_path / "big.txt", STORIES[0] * 3)
    _, rejected = load_paths([f])
    assert rejected[0].reason.startswith("too large")


def test_gzipped_html_and_mixed_batch(tmp_path: Path) -> None:
    page = ("<html><head><title>Rail strike called</title></head><body><article><p>"
            + STORIES[1] + "</p><p>" + STORIES[2] + "</p></article></body></html>")
    with gzip.open(tmp_path / "page.html.gz", "wt", encoding="utf-8") as fh:
        fh.write(page)
    _write(tmp_path / "empty.txt", "")
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02" * 100)
    arts, rejected = load_paths([tmp_path])
    assert [a.title for a in arts] == ["Rail strike called"]
    reasons = {Path(r.source_path).name: r.reason for r in rejected}
    assert set(reasons) == {"empty.txt", "bin.dat"}
    assert "binary" in reasons["bin.dat"] and "empty" in reasons["empty.txt"]


# An e-mail alert widget that some news sites serve where the article should be: the extractor
# returns it for every page, whatever the page reports.
ALERT_FORM = ("Get email notifications on Valley Gazette stories daily! Whenever the newsroom posts new "
              "content, you'll get an email delivered to your inbox with a link. Email notifications are "
              "only sent once a day, and only if there are new matching items.")


def _records(path: Path, records: list[dict]) -> Path:
    return _write(path, "\n".join(json.dumps(r) for r in records) + "\n")


def test_same_text_under_unrelated_headlines_is_rejected_as_page_furniture(tmp_path: Path) -> None:
    src = _records(tmp_path / "feed.jsonl", [
        {"text": ALERT_FORM, "title": "Two wounded in shooting outside Eastside bar", "url": "https://g.example/1"},
        {"text": ALERT_FORM, "title": "Teen charged with murder of Riverside grandmother", "url": "https://g.example/2"},
        {"text": ALERT_FORM, "title": "Police seek driver after hit-and-run on Route 9", "url": "https://g.example/3"},
        {"text": STORIES[0], "title": "Council approves school budget", "url": "https://g.example/4"},
    ])
    arts, rejected = load_paths([src])
    assert [a.title for a in arts] == ["Council approves school budget"]
    assert [r.source_path for r in rejected] == [f"{src}:1", f"{src}:2", f"{src}:3"]
    assert all(r.reason.startswith("text is page furniture, not an article: 3 pages") for r in rejected)
    assert rejected[0].reason.endswith(f"(also {src}:2)") and rejected[1].reason.endswith(f"(also {src}:1)")


def test_a_copy_under_a_headline_its_text_never_echoes_does_not_take_the_article_down(tmp_path: Path) -> None:
    # the same report once under a stray headline, then under its own: the report stays, the stray
    # copy is its duplicate (neither page is taken for furniture)
    src = _records(tmp_path / "feed.jsonl", [
        {"text": STORIES[0], "title": "i tsy"},
        {"text": STORIES[0], "title": "Council approves school budget, delays bridge repairs"},
    ])
    arts, rejected = load_paths([src])
    assert [a.title for a in arts] == ["Council approves school budget, delays bridge repairs"]
    assert [(r.source_path, r.reason) for r in rejected] == [(f"{src}:1", f"duplicate of {src}:2")]


def test_wire_copy_under_a_reworded_headline_stays_a_duplicate(tmp_path: Path) -> None:
    src = _records(tmp_path / "feed.jsonl", [
        {"text": STORIES[1], "title": "Rail workers to strike Saturday after pay talks collapse", "outlet": "A"},
        {"text": STORIES[1], "title": "Rail workers will strike on Saturday as pay talks fail", "outlet": "B"},
    ])
    arts, rejected = load_paths([src])
    assert [a.outlet for a in arts] == ["A"]
    assert [r.reason for r in rejected] == [f"duplicate of {src}:1"]


def test_spark_job_decides_shared_texts_as_the_loader(tmp_path: Path) -> None:
    """The Spark job's per-id step (no Spark needed to call it) rejects the same pages for the same reasons."""
    from newsprism.runners.spark import _first_of_id

    src = _records(tmp_path / "feed.jsonl", [
        {"text": ALERT_FORM, "title": "Two wounded in shooting outside Eastside bar"},
        {"text": ALERT_FORM, "title": "Teen charged with murder of Riverside grandmother"},
        {"text": STORIES[1], "title": "Rail workers to strike Saturday after pay talks collapse"},
        {"text": STORIES[1], "title": "Rail workers will strike on Saturday as pay talks fail"},
        {"text": STORIES[0], "title": "i tsy"},
        {"text": STORIES[0], "title": "Council approves school budget, delays bridge repairs"},
    ])
    _arts, rejected = load_paths([src])
    read = [a for a in read_path(src) if isinstance(a, Article)]
    by_id: dict[str, list[tuple[str, int, Article]]] = {}
    for order, art in enumerate(read):
        by_id.setdefault(art.id, []).append(("a", order, art))
    rows = [row for key, group in by_id.items() for row in _first_of_id((key, reversed(group)))]
    assert sorted((r[2].source_path, r[2].reason) for r in rows if r[0] == "r") == sorted(
        (r.source_path, r.reason) for r in rejected)
    assert sorted(r[2].title for r in rows if r[0] == "a") == [
        "Council approves school budget, delays bridge repairs", "Rail workers to strike Saturday after pay talks collapse"]
