"""Headline detection on PolNeAR's plain texts: titles found, and lead sentences wrongly taken as titles.

    .venv/bin/python bench/headlines.py

Every PolNeAR text starts with its headline (most end in a full stop).  Recall: files whose first
line ``detect_headline`` (the product's function, as ``analyze`` reads a .txt) takes as a title.
Precision check: the same texts with the headline cut off, i.e. files that start mid-article;
a full-stop title found there is a lead sentence that would leave the article's text (or a dek).
Needs ../shared/eval; skips without it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear" / "data"

from newsprism.ingest.text import detect_headline  # noqa: E402


def main() -> int:
    if not POLNEAR.is_dir():
        print(f"skip: {POLNEAR} not found (needs ../shared/eval)")
        return 0
    for split in ("dev", "train"):
        files = sorted((POLNEAR / split / "text").glob("*.txt"))
        found = taken = starts = 0
        for f in files:
            raw = f.read_text(encoding="utf-8")
            found += detect_headline(raw) is not None
            parts = raw.strip().split("\n\n", 1)
            if len(parts) == 2:
                starts += 1
                title = detect_headline(parts[1])
                taken += bool(title and title.endswith("."))
        print(f"{split}: titles found {found} of {len(files)}; full-stop titles taken from "
              f"{starts} mid-article starts: {taken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
