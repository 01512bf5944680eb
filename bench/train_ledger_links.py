"""Train the quote ledger's link classifier on the labelled cross-outlet pairs (issue #15).

Reads ``bench/data/ledger_pairs.jsonl`` (labels keyed by article id and spans, drawn by
``bench/ledger_pairs.py`` from the gold stories of newscluster, gva and allsides), rebuilds every
labelled pair's features exactly as the product computes them for a story
(:meth:`newsprism.compare.ledger.StoryPairs.features`: canonical speakers, idf and prepared words
over the story's own quotes), and fits a logistic regression (scikit-learn, standardised features).

Reported, out of fold:
- cross-validation grouped by story (5 folds): precision / recall of "same utterance" at every
  threshold, so the threshold is chosen on a plateau where precision holds >= 0.90;
- leave one dataset out: the same figures on each dataset with the model trained on the other two
  (does the rule transfer between kinds of news?), reported, not used to choose.

The chosen threshold is the middle (rounded down) of the widest run of thresholds (step 0.05) where
the grouped-CV precision over all pairs stays >= the target and on each dataset's own pairs >= the
target minus a margin (0.10: on allsides' three-sentence summaries, two statements of one speaker on
one event are often worded alike, and no threshold holds 0.90 there with recall left).  Writes
``src/newsprism/data/link_model.json`` with the weights, the threshold and these scores.

    PYTHONPATH=src .venv/bin/python bench/train_ledger_links.py [--target 0.9] [--dry-run]
    PYTHONPATH=src .venv/bin/python bench/train_ledger_links.py --learning-curve --other-models   # writes nothing
    PYTHONPATH=src .venv/bin/python bench/train_ledger_links.py --embedding-features              # writes nothing

``--embedding-features`` asks whether the packaged sentence model would lift recall: the two quotes'
MiniLM cosine and a greedy alignment of their word-piece vectors (BERTScore's way: each piece of one
side to its most alike piece of the other, averaged over the shorter side, over the longer, and
their harmonic mean) added to the features, in the same story-grouped CV.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import ledger  # noqa: E402 - the scorer's label reading and quote matching
from newsprism.compare.ledger import StoryPairs  # noqa: E402
from newsprism.compare.link_model import FEATURES  # noqa: E402

OUT = ROOT / "src" / "newsprism" / "data" / "link_model.json"
THRESHOLDS = [round(x, 2) for x in np.arange(0.05, 0.951, 0.05)]


def labelled_rows(labels: list[dict]) -> list[dict]:
    """Every usable labelled pair with its product features (pairs sharing no word have none: y only)."""
    rows = []
    for ds, story, quotes, by_article, slabs in ledger.labelled_stories(labels):
        features = StoryPairs(quotes).features
        for lab in slabs:
            pair = ledger.labelled_pair(by_article, lab)
            if pair is None:
                continue
            fe = features(*pair)
            rows.append({"dataset": ds, "story": f"{ds}:{story}", "y": int(lab["relation"] in ledger.SAME),
                         "relation": lab["relation"], "pair_id": lab["pair_id"], "x": fe[0] if fe else None,
                         "evidence": fe[1] if fe else None, "texts": (pair[0].text, pair[1].text)})
    return rows


def matrix(rows: list[dict]) -> np.ndarray:
    return np.array([[r["x"][n] for n in FEATURES] if r["x"] else [0.0] * len(FEATURES) for r in rows])


def fit(X: np.ndarray, y: np.ndarray, C: float):
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415
    from sklearn.preprocessing import StandardScaler  # noqa: PLC0415

    scaler = StandardScaler().fit(X)
    scaler.scale_[scaler.scale_ == 0] = 1.0
    clf = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(scaler.transform(X), y)
    return scaler, clf


def proba(model, X: np.ndarray, has_x: np.ndarray) -> np.ndarray:
    scaler, clf = model
    p = clf.predict_proba(scaler.transform(X))[:, 1]
    return np.where(has_x, p, 0.0)  # no shared word: never linked


def pr(y: np.ndarray, p: np.ndarray, t: float) -> tuple[float, float, int]:
    pred = p >= t
    tp = int((pred & (y == 1)).sum())
    return (tp / pred.sum() if pred.sum() else 1.0), (tp / (y == 1).sum() if (y == 1).sum() else 0.0), int(pred.sum())


def out_of_fold(rows: list[dict], X, y, has_x, groups: list[str], C: float, folds: int = 5) -> np.ndarray:
    from sklearn.model_selection import GroupKFold  # noqa: PLC0415

    p = np.zeros(len(rows))
    for tr, te in GroupKFold(n_splits=folds).split(X, y, groups):
        p[te] = proba(fit(X[tr][has_x[tr]], y[tr][has_x[tr]], C), X[te], has_x[te])
    return p


def best_recall(y: np.ndarray, p: np.ndarray, target: float) -> float:
    """The highest recall any threshold (step 0.01) reaches while precision holds ``target``."""
    out = [r for t in np.arange(0.05, 0.99, 0.01) for prec, r, n in [pr(y, p, t)] if prec >= target and n >= 5]
    return max(out, default=0.0)


def learning_curve(X, y, has_x, groups: list[str], C: float, target: float, repeats: int = 5) -> None:
    """Would more labels lift recall?  Story-grouped CV with each fold trained on a share of its
    training stories; the best recall at ``target`` precision, median of ``repeats`` draws."""
    from sklearn.model_selection import GroupKFold  # noqa: PLC0415

    g = np.array(groups)
    rng = np.random.default_rng(0)
    for share in (0.25, 0.5, 0.75, 1.0):
        got = []
        for _ in range(repeats if share < 1 else 1):
            p = np.zeros(len(y))
            for tr, te in GroupKFold(n_splits=5).split(X, y, g):
                stories = np.unique(g[tr])
                keep = set(rng.choice(stories, max(1, int(len(stories) * share)), replace=False))
                sub = np.array([i for i in tr if g[i] in keep and has_x[i]])
                p[te] = proba(fit(X[sub], y[sub], C), X[te], has_x[te])
            got.append(best_recall(y, p, target))
        print(f"labels used {share:.2f}: best CV recall at precision >= {target}: {np.median(got):.3f}"
              f" (min {min(got):.3f}, max {max(got):.3f})")


def other_models(X, y, has_x, groups: list[str], target: float) -> None:
    """The same features in models that see interactions: does the classifier, not the features, hold recall back?"""
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier  # noqa: PLC0415
    from sklearn.model_selection import GroupKFold  # noqa: PLC0415

    makers = {
        "gradient boosting, depth 2": lambda: HistGradientBoostingClassifier(max_depth=2, learning_rate=0.05,
                                                                              max_iter=300, random_state=0),
        "gradient boosting, depth 3": lambda: HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05,
                                                                              max_iter=200, random_state=0),
        "random forest": lambda: RandomForestClassifier(n_estimators=400, min_samples_leaf=3, random_state=0),
    }
    for name, make in makers.items():
        p = np.zeros(len(y))
        for tr, te in GroupKFold(n_splits=5).split(X, y, groups):
            model = make().fit(X[tr][has_x[tr]], y[tr][has_x[tr]])
            p[te] = np.where(has_x[te], model.predict_proba(X[te])[:, 1], 0.0)
        print(f"{name}: best CV recall at precision >= {target}: {best_recall(y, p, target):.3f}")


def embedding_features(rows: list[dict]) -> np.ndarray:
    """Per labelled pair: the MiniLM cosine of the two quotes, and their word-piece alignment over
    the shorter side, over the longer side, and the harmonic mean of the two."""
    from newsprism.nlp import load_embedder  # noqa: PLC0415

    model = load_embedder()
    out = []
    for row in rows:
        a, b = row["texts"]
        va, vb = model.encode([a, b])
        ta, tb = (t / np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
                  for t in (model.token_vectors(a), model.token_vectors(b)))
        if not len(ta) or not len(tb):
            out.append([float(va @ vb), 0.0, 0.0, 0.0])
            continue
        sim = ta @ tb.T
        over_a, over_b = float(sim.max(axis=1).mean()), float(sim.max(axis=0).mean())
        short, long_ = (over_a, over_b) if len(ta) <= len(tb) else (over_b, over_a)
        out.append([float(va @ vb), short, long_, 2 * short * long_ / max(short + long_, 1e-12)])
    return np.array(out)


def compare_embedding_features(rows: list[dict], X, y, has_x, C: float, target: float) -> None:
    """Best story-grouped CV recall at ``target`` precision, with and without the embedding features."""
    from sklearn.metrics import roc_auc_score  # noqa: PLC0415

    groups = [r["story"] for r in rows]
    ds = np.array([r["dataset"] for r in rows])
    E = embedding_features(rows)
    names = ("cosine", "alignment, shorter side", "alignment, longer side", "alignment, harmonic mean")
    for j, name in enumerate(names):
        print(f"  {name}: AUC alone {roc_auc_score(y, E[:, j]):.3f}")
    for label, M in (("features", X), ("features + embedding", np.column_stack([X, E]))):
        p = out_of_fold(rows, M, y, has_x, groups, C)
        per = "  ".join(f"{d} {best_recall(y[ds == d], p[ds == d], target):.3f}" for d in sorted(set(ds)))
        print(f"{label}: AUC {roc_auc_score(y, p):.3f}; best CV recall at precision >= {target}: "
              f"{best_recall(y, p, target):.3f} ({per})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=Path, default=ledger.LABELS)
    ap.add_argument("--target", type=float, default=0.90, help="precision the threshold must hold")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--dataset-margin", type=float, default=0.10,
                    help="how far below the target one dataset's own precision may fall (allsides' short summaries)")
    ap.add_argument("--dry-run", action="store_true", help="report only; do not write the model")
    ap.add_argument("--learning-curve", action="store_true",
                    help="print recall at the target precision with a quarter, half, ... of the labels; write nothing")
    ap.add_argument("--other-models", action="store_true",
                    help="print recall at the target precision for tree ensembles on the same features; write nothing")
    ap.add_argument("--embedding-features", action="store_true",
                    help="print recall at the target precision with the sentence model's similarities added; write nothing")
    args = ap.parse_args()
    rows = labelled_rows(ledger.read_labels(args.labels))
    X, y = matrix(rows), np.array([r["y"] for r in rows])
    has_x = np.array([r["x"] is not None for r in rows])
    print(f"pairs {len(rows)}: same utterance {int(y.sum())}, with features {int(has_x.sum())}")
    if args.embedding_features:
        compare_embedding_features(rows, X, y, has_x, args.C, args.target)
        return
    if args.learning_curve or args.other_models:
        groups = [r["story"] for r in rows]
        print(f"logistic regression: best CV recall at precision >= {args.target}: "
              f"{best_recall(y, out_of_fold(rows, X, y, has_x, groups, args.C), args.target):.3f}")
        if args.learning_curve:
            learning_curve(X, y, has_x, groups, args.C, args.target)
        if args.other_models:
            other_models(X, y, has_x, groups, args.target)
        return
    cv = out_of_fold(rows, X, y, has_x, [r["story"] for r in rows], args.C)
    datasets = sorted({r["dataset"] for r in rows})
    lodo = np.zeros(len(rows))
    ds_arr = np.array([r["dataset"] for r in rows])
    for ds in datasets:
        tr, te = ds_arr != ds, ds_arr == ds
        lodo[te] = proba(fit(X[tr & has_x], y[tr & has_x], args.C), X[te], has_x[te])
    print(f"{'t':>5} {'CV P':>6} {'CV R':>6} " + " ".join(f"{ds[:8]:>8}P {'R':>5}" for ds in datasets)
          + "  (by-story CV per dataset) | " + " ".join(f"{ds[:8]:>8}P {'R':>5}" for ds in datasets) + " (LODO)")
    ok = []
    for t in THRESHOLDS:
        p_cv, r_cv, _ = pr(y, cv, t)
        per = [pr(y[ds_arr == ds], cv[ds_arr == ds], t) for ds in datasets]
        transfer = [pr(y[ds_arr == ds], lodo[ds_arr == ds], t) for ds in datasets]
        print(f"{t:5.2f} {p_cv:6.3f} {r_cv:6.3f} " + " ".join(f"{p:9.3f} {r:5.3f}" for p, r, _ in per)
              + " | " + " ".join(f"{p:9.3f} {r:5.3f}" for p, r, _ in transfer))
        ok.append(p_cv >= args.target and min(p for p, _, _ in per) >= args.target - args.dataset_margin)
    # the widest run of thresholds that holds the target everywhere; its middle
    best, run = (0, -1), None
    for i, good in enumerate(ok + [False]):
        if good and run is None:
            run = i
        elif not good and run is not None:
            if i - run > best[1] - best[0] + 1:
                best = (run, i - 1)
            run = None
    if best[1] < 0:
        print(f"no threshold holds precision {args.target} on every fold: not written")
        return
    t = THRESHOLDS[(best[0] + best[1]) // 2]
    p_cv, r_cv, n_cv = pr(y, cv, t)
    print(f"plateau {THRESHOLDS[best[0]]}-{THRESHOLDS[best[1]]}: threshold {t}; CV precision {p_cv:.3f} recall {r_cv:.3f}")
    scaler, clf = fit(X[has_x], y[has_x], args.C)
    model = {
        "about": "quote ledger link classifier (newsprism.compare.link_model); bench/train_ledger_links.py",
        "features": list(FEATURES), "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
        "coef": clf.coef_[0].tolist(), "intercept": float(clf.intercept_[0]), "threshold": t,
        "C": args.C, "training_pairs": len(rows), "same_utterance": int(y.sum()),
        "cv_by_story": {"precision": round(p_cv, 3), "recall": round(r_cv, 3), "links": n_cv,
                        **{ds: dict(zip(("precision", "recall", "links"),
                                        (round(v, 3) if isinstance(v, float) else v
                                         for v in pr(y[ds_arr == ds], cv[ds_arr == ds], t)), strict=True))
                           for ds in datasets}},
        "leave_one_dataset_out": {ds: dict(zip(("precision", "recall", "links"),
                                               (round(v, 3) if isinstance(v, float) else v
                                                for v in pr(y[ds_arr == ds], lodo[ds_arr == ds], t)), strict=True))
                                  for ds in datasets},
        "labels": "bench/data/ledger_pairs.jsonl (hand-labelled, bench/data/ledger_labelling.md)",
    }
    for name, c in sorted(zip(FEATURES, clf.coef_[0], strict=True), key=lambda x: -abs(x[1])):
        print(f"  {name:22s} {c:+.3f}")
    if not args.dry_run:
        OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"written {OUT}")


if __name__ == "__main__":
    main()
