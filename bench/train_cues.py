"""Learn the attribution cue table (src/newsprism/data/cues.json) from PolNeAR train.

Why learned: PolNeAR's cues are a long tail ("said" is a quarter of them; the
rest are hundreds of verbs and nouns such as "slammed", "poll", "wants"), and
whether a word is a cue depends on its frame ("called him a liar" vs "called
a meeting").  For every cue candidate the extractor would consider -- a verb
or noun outside quotation marks, with its frame from
:func:`newsprism.analysis.quotes.cue_frame` -- count how often it occurs in
train and how often annotators marked it as (part of) a cue.  The precision
per (lemma, frame) is what the extractor thresholds.

    PYTHONPATH=src .venv/bin/python bench/train_cues.py            # writes cues.json
    PYTHONPATH=src .venv/bin/python bench/train_cues.py --cv 5     # 5-fold CV by document, writes nothing

Two models are written to cues.json, both logistic regressions stored as plain
weights (no scikit-learn at run time): the *boundary* model (multinomial: does a
gold cue's content end where its subtree ends, at the sentence end, or before
its first trailing clause -- see ``quotes.boundary_variants``), trained first,
and the *cue* model, whose label is "the content, cut as the boundary model
cuts it, overlap-matches the gold content".  Features seen fewer than
``--min-count`` times are dropped before fitting (3: 5-fold CV unchanged,
0.697, file 1.1 MB -> 0.78 MB).

Scores reached (PolNeAR, overlap F1): 5-fold CV on train 0.719; dev 0.750
(speaker after the quotation, source not reaching back over a quotation,
"In a poll, ..." cue; before them CV 0.718, dev 0.7497;
before the nested-cue resolution, raising frame, object/conjunct boundary
features and threshold 0.3: CV 0.696, dev 0.729).  ``--pred-out`` writes the
out-of-fold predictions for error analysis; ``--threshold`` cross-validates
another cue threshold.

Only counts are written (no text from the corpus).
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear  # noqa: E402
from newsprism.analysis.cues import cue_class  # noqa: E402
from newsprism.analysis.quotes import (  # noqa: E402
    _Regions,
    content_variants,
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


# Features seen fewer times than this in training are dropped before fitting: a
# weight learned from one or two candidates is noise, and it bloats cues.json.
MIN_COUNT = 3


def _frequent(feats: list[dict[str, int]], min_count: int) -> list[dict[str, int]]:
    n: Counter = Counter(k for f in feats for k in f)
    return [{k: v for k, v in f.items() if n[k] >= min_count} for f in feats]


def _train(feats: list[dict[str, int]], labels: list[int], c: float, min_weight: float = 0.01) -> dict:
    """Logistic regression over the candidates' features; weights kept as plain JSON."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = _frequent(feats, MIN_COUNT)
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, labels)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
               if abs(w) >= min_weight}
    print(f"cue model: {len(labels)} candidates, {sum(labels)} positive, {len(weights)} weights")
    return {"kind": "logistic", "bias": round(float(clf.intercept_[0]), 4), "weights": weights,
            "candidates": len(labels), "positives": int(sum(labels)), "C": c}


def collect(records: list[dict], docs) -> list[tuple]:
    """Per document: (lemma/frame counts, candidate features, which content variants match
    gold, boundary examples) of every cue candidate."""
    out = []
    for rec, doc in zip(records, docs, strict=True):
        counts: Counter = Counter()
        feats: list[dict[str, int]] = []
        labels: list[tuple[dict[str, int], list[str] | None]] = []
        bounds: list[tuple[dict[str, int], str]] = []
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
                counts[(lemma, f, "total")] += 1
                counts[(lemma, f, "cue")] += pos
            if root is None:
                continue
            # Model label: a cue whose content, as the extractor would cut it, matches.
            # The cut depends on the boundary model, trained first (see ``build``): keep
            # which variants match, and the boundary example when the cue is gold.
            variants, bfeats = content_variants(tok, frame, root, text)
            golds = [gold_content[ai] for ai in att_of_cue.get(tok.idx, ())]
            good: dict[str, int] = {}
            best, best_dice = None, 0.0
            for name, vspans in variants.items():
                spans = []
                for s, e in vspans:
                    for k in reg.overlapping(s, e):
                        s, e = min(s, regions[k].open), max(e, regions[k].close)
                    spans.append((s, e))
                ours = index.ids(spans)
                good[name] = int(any(_two_way(g, ours) for g in golds))
                for g in golds:
                    dice = 2 * len(g & ours) / (len(g) + len(ours)) if g or ours else 0.0
                    if _two_way(g, ours) and dice > best_dice:
                        best, best_dice = name, dice
            if bfeats is not None and best is not None and len(variants) > 1:
                bounds.append((dict.fromkeys(bfeats, 1), best))
            subj = subject_of(tok)
            feats.append(dict.fromkeys(cue_features(tok, frame, root, subj), 1))
            labels.append((good, bfeats))
        out.append((counts, feats, labels, bounds))
    return out


def build(per_doc, keep: list[int], c: float, min_total: int, min_weight: float, split: str) -> dict:
    """cues.json content (precision table + logistic model) from the documents ``keep``."""
    counts: Counter = Counter()
    feats: list[dict[str, int]] = []
    labels: list[int] = []
    bounds: list[tuple[dict[str, int], str]] = []
    for i in keep:
        bounds += per_doc[i][3]
    boundary = _train_boundary(bounds, c, min_weight)
    for i in keep:
        counts.update(per_doc[i][0])
        feats += per_doc[i][1]
        for good, bfeats in per_doc[i][2]:
            choice = "keep" if bfeats is None else _choose(boundary, bfeats, good)
            labels.append(good[choice])
    model = _train(feats, labels, c, min_weight)
    frames: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for (lemma, f, what), n in counts.items():
        if what == "total":
            frames[lemma][f] = [counts[(lemma, f, "cue")], n]
    table: dict[str, dict[str, dict[str, float]]] = {}
    for lemma, fr in frames.items():
        if fr["*"][0] == 0:
            continue
        entry = {}
        for f, (pos, tot) in sorted(fr.items()):
            if tot >= min_total and pos > 0:
                entry[f] = {"cue": pos, "total": tot, "precision": round(pos / tot, 4)}
        if entry:
            entry["class"] = cue_class(lemma)  # type: ignore[assignment]
            table[lemma] = entry
    return {
        "source": f"PolNeAR {split} (Newell et al. 2018), counts only; bench/train_cues.py",
        "frames": ["raise", "ccomp", "xcomp", "forto", "that", "nacl", "nprep", "dobj", "prep", "pass", "inv", "none",
                   "according", "*"],
        "lemmas": dict(sorted(table.items())),
        "model": model,
        "boundary": boundary,
    }


def _train_boundary(examples: list[tuple[dict[str, int], str]], c: float, min_weight: float) -> dict:
    """Multinomial logistic regression: where a gold cue's content ends best (keep/ext/cut)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(_frequent([f for f, _ in examples], MIN_COUNT))
    y = [lab for _, lab in examples]
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    classes = {}
    for k, cls in enumerate(clf.classes_):
        classes[str(cls)] = {"bias": round(float(clf.intercept_[k]), 4), "weights": {
            n: round(float(w), 4) for n, w in zip(names, clf.coef_[k], strict=True) if abs(w) >= min_weight}}
    print(f"boundary model: {len(y)} examples {dict(Counter(y))}")
    return {"kind": "multinomial-logistic", "classes": classes, "examples": len(y)}


def _choose(boundary: dict, feats: list[str], options) -> str:
    best, best_z = "keep", float("-inf")
    for cls, m in boundary["classes"].items():
        if cls not in options:
            continue
        z = m["bias"] + sum(m["weights"].get(f, 0.0) for f in feats)
        if z > best_z:
            best, best_z = cls, z
    return best


def cross_validate(records, docs, per_doc, folds: int, args) -> dict:
    """K-fold CV by document: the extractor runs on each held-out fold with a model
    trained on the other folds, and the out-of-fold predictions are scored together."""
    import newsprism.analysis.cues as cues_mod
    import newsprism.analysis.quotes as quotes_mod

    if args.threshold is not None:
        quotes_mod.CUE_THRESHOLD = args.threshold

    sys.path.insert(0, str(polnear.EVAL_DIR))
    import polnear_eval  # the shared scorer, as a module

    preds: dict[str, list[dict]] = {}
    original = cues_mod._data
    try:
        for k in range(folds):
            train_idx = [i for i in range(len(records)) if i % folds != k]
            test_idx = [i for i in range(len(records)) if i % folds == k]
            data = build(per_doc, train_idx, args.c, args.min_total, args.min_weight, args.split)
            cues_mod._data = lambda data=data: data  # the extractor reads the fold's model
            rows, _ = polnear.predict([records[i] for i in test_idx], [docs[i] for i in test_idx])
            for row in rows:
                preds[row["doc_id"]] = [{"content": q["content"], "source": q["source"], "cue": q["cue"]}
                                        for q in row["quotes"]]
    finally:
        cues_mod._data = original
    res = polnear_eval.score(records, preds)
    polnear_eval.print_score(f"{folds}-fold CV on {args.split}", res)
    if args.pred_out:  # out-of-fold predictions, for error analysis
        with open(args.pred_out, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps({"doc_id": rec["doc_id"], "quotes": preds.get(rec["doc_id"], [])}) + "\n")
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train")
    ap.add_argument("--min-total", type=int, default=2)
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength of the cue model")
    ap.add_argument("--min-weight", type=float, default=0.01, help="drop smaller weights from the file")
    ap.add_argument("--cv", type=int, default=0, help="K-fold cross-validation by document; writes nothing")
    ap.add_argument("--threshold", type=float, default=None,
                    help="with --cv: the extractor's cue threshold (default: quotes.CUE_THRESHOLD)")
    ap.add_argument("--pred-out", default=None, help="with --cv: write the out-of-fold predictions here")
    ap.add_argument("--min-count", type=int, default=MIN_COUNT, help="drop rarer features before fitting")
    args = ap.parse_args(argv)
    globals()["MIN_COUNT"] = args.min_count

    records = polnear.export_split(args.split)
    docs, _ = polnear.parsed_docs(records, args.split, use_cache=True)
    per_doc = collect(records, docs)
    if args.cv:
        cross_validate(records, docs, per_doc, args.cv, args)
        return 0
    out = build(per_doc, list(range(len(records))), args.c, args.min_total, args.min_weight, args.split)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    table = out["lemmas"]
    top = sorted(table.items(), key=lambda kv: -kv[1]["*"]["cue"])[:25]
    for lemma, e in top:
        print(lemma, e["class"], {f: (v["cue"], v["total"]) for f, v in e.items() if f != "class"})
    print(f"{len(table)} lemmas -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
