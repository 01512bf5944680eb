"""Article-body extraction benchmark for newsprism's HTML ingest.

Runs ``newsprism.ingest.html.extract_html`` (trafilatura with newsprism's
options) over the Scrapinghub article-extraction-benchmark pages in
``/work/shared/eval/extraction`` and scores the bodies with the shared scorer
(``extraction_eval.py``: 4-word-shingle precision/recall/F1, macro over pages).
Two scores: trafilatura's text as extracted, and after newsprism's debris
cleaning (``clean_text``), which is what ``Article.text`` holds.

    .venv/bin/python bench/extraction.py [--eval-dir DIR] [--trafilatura-default] [--limit N]

Reference (eval README): trafilatura 2.3.1 default 0.960, favor_precision 0.964, ~45 pages/s.
Skips with a message when the shared eval directory is absent.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def _load_scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_eval", eval_dir / "extraction_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--trafilatura-default", action="store_true",
                    help="trafilatura's default options instead of newsprism's (favor_precision)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--n-bootstrap", type=int, default=200)
    args = ap.parse_args(argv)

    data_dir = args.eval_dir / "extraction"
    if not (data_dir / "ground-truth.json").exists() or not (args.eval_dir / "extraction_eval.py").exists():
        print(f"skipped: no extraction eval data at {data_dir} (../shared absent)")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from newsprism.ingest import html as ingest_html
    from newsprism.ingest.article import IngestError
    from newsprism.ingest.clean import clean_text

    if args.trafilatura_default:
        ingest_html.TRAFILATURA_OPTIONS.pop("favor_precision", None)
    scorer = _load_scorer(args.eval_dir)
    gold = scorer.load_gold(data_dir / "ground-truth.json")
    ids = sorted(k for k in gold if (data_dir / "html" / f"{k}.html.gz").exists())
    if args.limit:
        ids = ids[: args.limit]
    # Read and decompress first so that only extraction is timed.
    pages = {k: gzip.decompress((data_dir / "html" / f"{k}.html.gz").read_bytes()) for k in ids}
    extracted: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    errors = 0
    wall = cpu = 0.0
    for k in ids:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            ex = ingest_html.extract_html(pages[k], url=gold[k].get("url") or None)
            extracted[k] = ex.text
            cleaned[k] = clean_text(ex.text, title=ex.title).text
        except IngestError:
            errors += 1
            extracted[k] = cleaned[k] = ""
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
    bodies = {k: gold[k].get("articleBody") or "" for k in ids}
    print(f"options: {ingest_html.TRAFILATURA_OPTIONS}")
    print(f"pages: {len(ids)}, rejected (no main text): {errors}, "
          f"{len(ids) / wall:.1f} pages/s wall, {len(ids) / cpu:.1f} pages/s CPU "
          "(decoding + extraction + metadata + cleaning, one process)")
    for name, pred in (("trafilatura text", extracted), ("after clean_text", cleaned)):
        m = scorer.evaluate_bodies(bodies, pred, n_bootstrap=args.n_bootstrap)
        print(f"{name:<18} F1 {m['f1']:.3f} ± {m['f1_std']:.3f}  P {m['precision']:.3f}  R {m['recall']:.3f}  "
              f"exact {m['accuracy']:.3f}  empty {m['n_empty_pred']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
