"""Learn the attribution cue table (src/newsprism/data/cues.json) from PolNeAR train.

Why learned: PolNeAR's cues are a long tail ("said" is a quarter of them; the
rest are hundreds of verbs and nouns such as "slammed", "poll", "wants"), and
whether a word is a cue depends on its frame ("called him a liar" vs "called
a meeting").  For every cue candidate the extractor would consider -- a verb
or noun outside quotation marks, with its frame from
:func:`newsprism.analysis.quotes.cue_frame` -- count how often it occurs in
train and how often annotators marked it as (part of) a cue.  The precision
per (lemma, frame) is what the extractor thresholds.

    PYTHONPATH=src .venv/bin/python bench/train_cues.py            # writes the table
    PYTHONPATH=src .venv/bin/python bench/train_cues.py --min-total 3

Only counts are written (no text from the corpus).
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear  # noqa: E402
from newsprism.analysis.cues import cue_class  # noqa: E402
from newsprism.analysis.quotes import (  # noqa: E402
    _Regions,
    content_spans,
    cue_features,
    cue_frame,
    is_candidate,
    quote_mark_regions,
    subject_of,
)

TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*")  # the scorer's word tokens


class _Tokens:
    def __init__(self, text: str):
        toks = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
        self.starts = [a for a, _ in toks]
        self.ends = [b for _, b in toks]

    def ids(self, spans) -> frozenset[int]:
        out: set[int] = set()
        for s, e in spans:
            out.update(range(bisect.bisect_right(self.ends, s), bisect.bisect_left(self.starts, e)))
        return frozenset(out)


def _two_way(g: frozenset[int], p: frozenset[int]) -> bool:
    inter = len(g & p)
    return bool(g) and bool(p) and inter / len(g) >= 0.5 and inter / len(p) >= 0.5

OUT = Path(__file__).resolve().parents[1] / "src" / "newsprism" / "data" / "cues.json"


def _in_spans(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _train(feats: list[dict[str, int]], labels: list[int], c: float) -> dict:
    """Logistic regression over the candidates' features; weights kept as plain JSON."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, labels)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
               if abs(w) >= 0.01}
    print(f"cue model: {len(labels)} candidates, {sum(labels)} positive, {len(weights)} weights")
    return {"kind": "logistic", "bias": round(float(clf.intercept_[0]), 4), "weights": weights,
            "candidates": len(labels), "positives": int(sum(labels)), "C": c}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train")
    ap.add_argument("--min-total", type=int, default=2)
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength of the cue model")
    args = ap.parse_args(argv)

    records = polnear.export_split(args.split)
    docs, _ = polnear.parsed_docs(records, args.split, use_cache=True)
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    feats: list[dict[str, int]] = []
    labels: list[int] = []
    for rec, doc in zip(records, docs, strict=True):
        text = rec["text"]
        atts = rec["attributions"]
        cue_spans = sorted({(s, e) for a in atts for s, e in a["cue_spans"]})
        starts = [s for s, _ in cue_spans]
        att_of_cue: dict[int, list[int]] = defaultdict(list)  # cue char -> attribution index
        for ai, a in enumerate(atts):
            for s, e in a["cue_spans"]:
                for c in range(s, e):
                    att_of_cue[c].append(ai)
        index = _Tokens(text)
        gold_content = [index.ids(a["content_spans"]) for a in atts]
        regions = quote_mark_regions(text)
        reg = _Regions(regions)
        for tok in doc:
            if reg.at(tok.idx) is not None:
                continue
            if tok.lower_ == "according":
                frame, lemma, root = "according", "according", None
            elif is_candidate(tok):
                frame, root = cue_frame(tok)
                lemma = tok.lemma_.lower()
            else:
                continue
            pos = _in_spans(tok.idx, starts, cue_spans)
            for f in (frame, "*"):
                c = counts[lemma][f]
                c[1] += 1
                c[0] += pos
            if root is None:
                continue
            # Model label: a cue whose content, as the extractor would cut it, matches.
            spans = []
            for s, e in content_spans(tok, frame, root, text):
                for k in reg.overlapping(s, e):
                    s, e = min(s, regions[k].open), max(e, regions[k].close)
                spans.append((s, e))
            ours = index.ids(spans)
            good = any(_two_way(gold_content[ai], ours) for ai in att_of_cue.get(tok.idx, ()))
            subj = subject_of(tok)
            feats.append(dict.fromkeys(cue_features(tok, frame, root, subj), 1))
            labels.append(int(good))
    model = _train(feats, labels, args.c)
    table: dict[str, dict[str, dict[str, float]]] = {}
    for lemma, frames in counts.items():
        if frames["*"][0] == 0:
            continue
        entry = {}
        for f, (pos, tot) in frames.items():
            if tot >= args.min_total and pos > 0:
                entry[f] = {"cue": pos, "total": tot, "precision": round(pos / tot, 4)}
        if entry:
            entry["class"] = cue_class(lemma)  # type: ignore[assignment]
            table[lemma] = entry
    out = {
        "source": f"PolNeAR {args.split} (Newell et al. 2018), counts only; bench/train_cues.py",
        "frames": ["ccomp", "xcomp", "that", "dobj", "prep", "pass", "inv", "none", "according", "*"],
        "lemmas": dict(sorted(table.items())),
        "model": model,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    top = sorted(table.items(), key=lambda kv: -kv[1]["*"]["cue"])[:25]
    for lemma, e in top:
        print(lemma, e["class"], {f: (v["cue"], v["total"]) for f, v in e.items() if f != "class"})
    print(f"{len(table)} lemmas -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
