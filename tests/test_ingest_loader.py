"""load_paths: dispatch, determinism, de-duplication, batch boilerplate, language check, size cap."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsprism.ingest import article as article_mod
from newsprism.ingest.loader import load_paths
from newsprism.model import article_id_for

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
