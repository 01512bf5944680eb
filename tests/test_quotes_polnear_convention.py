"""bench/polnear.py writes "X said Y, according to Z" the way PolNeAR annotates it
(one attribution: source Z, content "X said Y"); the extractor keeps Z as ``via``."""

from __future__ import annotations

import sys
from pathlib import Path

from newsprism.analysis.quotes import extract_quotes, source_mention_spans
from newsprism.analysis.speakers import extract_entities

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import polnear  # noqa: E402


def _rows(nlp, text):
    doc = nlp(text)
    rows = []
    for q in extract_quotes(doc, "art", extract_entities(doc, "art")):
        src = source_mention_spans(q)
        row = {"content": [list(s) for s in q.spans], "source": [list(s) for s in src] if src else None,
               "cue": [list(s) for s in q.cue.spans] if q.cue else None}
        rows.append(polnear._according_convention(text, q, row))
    return rows


def test_according_to_quote_is_scored_with_z_as_source(nlp):
    text = ('"We met here ten years ago," Putin said at the meeting, according to a press release '
            'published by his office.')
    (row,) = _rows(nlp, text)
    (s, e), = row["content"]
    assert text[s:e] == '"We met here ten years ago," Putin said at the meeting'
    assert text[slice(*row["source"][0])] == "a press release published by his office"
    assert text[slice(*row["cue"][0])] == "according to"


def test_other_via_phrases_are_left_alone(nlp):
    text = '"We will win," Smith said, as quoted by CNN.'
    rows = _rows(nlp, text)
    assert rows and all(text[slice(*r["source"][0])] == "Smith" for r in rows if r["source"])
