"""Token attributes of spaCy's stock pipeline against ``load_nlp``'s (remembered rules, numpy products).

    .venv/bin/python bench/rule_attrs_identity.py [--dir DIR]

Parses the example articles and the PolNeAR dev texts with both pipelines (``load_nlp(stock=True)``
and ``load_nlp()``) and compares, token by token, every attribute the analysis can read:
``pos_``, ``tag_``, ``dep_``, head, ``morph``, ``lemma_``, entities and sentence starts.  The
remembered pipeline parses the texts twice, so that both of its paths are compared: the first pass
computes most cases by the real rules, the second writes them from memory.  Prints the mismatches
(there should be none) and the CPU time of each pipeline.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = Path(os.environ.get("NEWSPRISM_EVAL_DIR", "/work/shared/eval")) / "polnear" / "data" / "dev" / "text"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    args = ap.parse_args()
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

    from newsprism.ingest import load_paths
    from newsprism.nlp import load_nlp

    files = sorted((ROOT / "examples" / "xi-putin").glob("*.txt"))
    files += sorted(args.dir.glob("*.txt")) if args.dir.is_dir() else []
    articles, _ = load_paths(files)
    texts = [a.text for a in articles]
    stock, ours = load_nlp(stock=True), load_nlp()
    print(f"stock: {stock.pipe_names}\nours : {ours.pipe_names}")
    attrs = [ORTH, POS, TAG, DEP, HEAD, MORPH, LEMMA, ENT_IOB, ENT_TYPE, SENT_START]
    names = ["orth", "pos", "tag", "dep", "head", "morph", "lemma", "ent_iob", "ent_type", "sent_start"]
    t = time.process_time()
    reference = [d.to_array(attrs) for d in stock.pipe(texts, batch_size=64)]
    t_stock = time.process_time() - t
    tokens = sum(len(r) for r in reference)
    for label in ("first pass (computing)", "second pass (remembered)"):
        t = time.process_time()
        got = [d.to_array(attrs) for d in ours.pipe(texts, batch_size=64)]
        t_ours = time.process_time() - t
        mismatches = {n: 0 for n in names}
        for ref, arr in zip(reference, got, strict=True):
            for j, n in enumerate(names):
                mismatches[n] += int((ref[:, j] != arr[:, j]).sum())
        print(f"{label}: {len(texts)} texts, {tokens} tokens, mismatches: "
              + ", ".join(f"{n} {c}" for n, c in mismatches.items()) + f"; total {sum(mismatches.values())}")
        print(f"  CPU: stock {t_stock:.2f} s, remembered {t_ours:.2f} s")
    rules = ours.get_pipe("rule_attributes")
    print(f"cases remembered: {len(rules.cases)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
