"""Score the product's loaded-language detector on BABE with the shared scorer (framing_eval.py).

The predictions come from the very path ``newsprism analyze`` runs: each sentence is parsed by
``load_nlp()``, its quotes are extracted (so quoted words stay the speaker's), and
:func:`newsprism.analysis.framing.analyse_framing` returns the framing markers and the sentence
probabilities.  A sentence's score is the highest probability of its spaCy sentences; its spans
are the detector's word layer (:attr:`FramingResult.words`); the words a reader is shown (a
stricter threshold) are scored too.

    PYTHONPATH=src .venv/bin/python bench/framing.py                       # dev, the shipped model
    PYTHONPATH=src .venv/bin/python bench/framing.py --model other.json --out dev-pred.jsonl

Prints sentence P/R/F1/MCC and word P/R/F1; asserts nothing.  Skips when ../shared is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"


def scorer():
    """The shared scorer module (``../shared/eval/framing_eval.py``), or None when it is not there."""
    if not (EVAL_DIR / "framing_eval.py").exists():
        return None
    sys.path.insert(0, str(EVAL_DIR))
    import framing_eval

    return framing_eval


def parse_records(records: list[dict]) -> list[tuple]:
    """``(doc, quotes, unattributed)`` per record, exactly as ``analyze_doc`` computes them."""
    from newsprism.analysis.quotes import extract_quotes, unattributed_quoted_spans
    from newsprism.analysis.speakers import extract_entities
    from newsprism.nlp import load_nlp

    nlp = load_nlp()
    out = []
    for r, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=64), strict=True):
        quotes = extract_quotes(doc, r["id"], extract_entities(doc, r["id"]))
        out.append((doc, quotes, unattributed_quoted_spans(doc, quotes)))
    return out


def predictions(records: list[dict], parsed: list[tuple], model=None, shown: bool = False) -> list[dict]:
    """One prediction line per record, read off the product's per-article analysis (``analyze_doc``).

    With the shipped model (``model`` None) the spans are the analysis' ``loaded_words`` (the
    detector's word layer, as report.json carries it), or with ``shown`` only what a reader is shown
    (loaded terms, and attribution verbs the model read as loaded); the sentence score is the
    highest of the analysis' ``sentence_bias``.  Another ``model`` is run through the same framing
    function the analysis calls.
    """
    from newsprism.analysis.article import analyze_doc
    from newsprism.analysis.framing import analyse_framing
    from newsprism.model import Article

    rows = []
    for r, (doc, quotes, unattributed) in zip(records, parsed, strict=True):
        if model is None:
            an = analyze_doc(Article(id=r["id"], outlet="babe", text=r["text"]), doc)
            flags, words, sents = an.framing, [w.spans[0] for w in an.loaded_words], an.sentence_bias
            sent_scores = [b.score for b in sents]
        else:
            res = analyse_framing(doc, r["id"], quotes, unattributed, model=model)
            flags, words, sent_scores = res.spans, [s for s, _p in res.words], [p for _, p in res.sentences]
        if shown:
            spans = [list(s) for f in flags if f.confidence is not None and f.type != "scare_quote" for s in f.spans]
        else:
            spans = [list(s) for s in words]
        rows.append({"id": r["id"], "biased": max(sent_scores, default=0.0), "spans": spans})
    return rows


def score_rows(fe, records: list[dict], rows: list[dict], threshold: float) -> dict:
    preds = {row["id"]: (float(row["biased"]), [tuple(s) for s in row["spans"]]) for row in rows}
    return fe.score(records, preds, True, threshold=threshold)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--model", type=Path, default=None, help="a framing model JSON (default: the shipped one)")
    ap.add_argument("--out", type=Path, default=None, help="also write the predictions (JSONL)")
    args = ap.parse_args()
    fe = scorer()
    if fe is None:
        print(f"skip: {EVAL_DIR / 'framing_eval.py'} not found (needs ../shared/eval)")
        return 0
    from newsprism.nlp import load_framing_model

    model = load_framing_model(str(args.model) if args.model else None)
    run_with = model if args.model else None  # the shipped model: read off analyze_doc, as the product runs
    records = fe.load_split(args.split)
    parsed = parse_records(records)
    rows = predictions(records, parsed, run_with)
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = score_rows(fe, records, rows, model.sentence_threshold)
    fe.print_score(f"newsprism framing detector on {args.split}: word layer (word threshold {model.flag_threshold}, "
                   f"sentence threshold {model.sentence_threshold})", res)
    shown = score_rows(fe, records, predictions(records, parsed, run_with, shown=True), model.sentence_threshold)
    w = shown["words_all"]
    wb = shown["words_biased_sentences"]
    print(f"  shown flags only (threshold {model.show_threshold}): words all P={w['precision']:.3f} R={w['recall']:.3f} "
          f"F1={w['f1']:.3f}; biased sents P={wb['precision']:.3f} R={wb['recall']:.3f} F1={wb['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
