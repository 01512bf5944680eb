"""Build the first-name gender table (src/newsprism/data/first_names.json) from nomquamgender's data.

Why: a "he" or "she" goes on with the person the text named before, and the text seldom says a
person's gender in a title ("Mr.", "spokeswoman"); without it, "Sheneice Banks ... She said" went
to Ivan Lopez, named earlier, and "slain officer Montrell Jackson. Days ago, he wrote" to Loretta
Lynch.  A person's first name is what a reader goes by.  nomquamgender (Van Buskirk, Clauset and
Larremore, MIT licence) pools name-gender counts from 36 sources in many countries into one
probability per name, p(gf); only names that are strongly one gender in enough sources are kept,
so that a name used for both ("Kim", "Jordan", "Jean", "Andrea") and a surname written first
("Xi Jinping", "Kim Jong Un", "Moon Jae-in") give no gender at all (precision first: a wrong gender
makes the pronoun skip the right person).

    pip install nomquamgender==0.1.4        # the "bench" extra; only this script reads it
    PYTHONPATH=src .venv/bin/python bench/build_first_names.py [--sources 3 --counts 100 --p 0.05]

The package is located without importing it (its module imports pandas at import time): its data
file sits beside its ``__init__``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsprism" / "data" / "first_names.json"


def name_data() -> dict[str, list]:
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or spec.origin is None:
        raise SystemExit("nomquamgender is not installed: pip install nomquamgender==0.1.4")
    return json.loads((Path(spec.origin).parent / "name_data.json").read_text("utf-8"))


def build(data: dict[str, list], sources: int, counts: int, p: float) -> dict[str, list[str]]:
    """Names in at least ``sources`` sources with ``counts`` people, p(gf) within ``p`` of 0 or 1."""
    female, male = [], []
    for name, row in data.items():
        n_sources, n_counts, pgf = row[0], row[1], row[2]
        if n_sources < sources or n_counts < counts or not name.isalpha() or len(name) < 2:
            continue
        if pgf >= 1 - p:
            female.append(name)
        elif pgf <= p:
            male.append(name)
    return {"female": sorted(female), "male": sorted(male)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=int, default=3, help="least number of sources a name is in")
    ap.add_argument("--counts", type=int, default=100, help="least number of people counted with the name")
    ap.add_argument("--p", type=float, default=0.05, help="greatest distance of p(gf) from 0 or 1")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    table = build(name_data(), args.sources, args.counts, args.p)
    doc = {
        "source": "nomquamgender 0.1.4 name_data.json (MIT licence; see NOTICE)",
        "built_by": "bench/build_first_names.py",
        "rule": {"sources": args.sources, "counts": args.counts, "p": args.p},
        **table,
    }
    args.out.write_text(json.dumps(doc, separators=(",", ":")) + "\n", "utf-8")
    print(f"{len(table['female'])} female, {len(table['male'])} male first names -> {args.out} "
          f"({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
