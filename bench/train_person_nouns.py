"""Learn which common nouns name a person (src/newsprism/data/person_nouns.json).

Why: "he" and "she" continue the person a text last spoke of, and news often leaves that person
unnamed ("A police spokesman said ... He added", "the boy's mother said ... She said").  The
pronoun may take such a description as its antecedent only when the noun names a person: "the
report said ... He added" is not the report.  The small English model has no word vectors and no
animacy, and WordNet is not installable offline, so the nouns are learned from the news itself:
a noun that stands in apposition to a person's name ("Ajmal Jan, a local shopkeeper", "his sister,
Keke Anderson") or as a role word right before one ("Neighbor Terry Wootan", "spokesman Marcus
Hines") names a person.  Evidence against a noun: the same constructions with an organisation or a
place ("the company, Equifax"), where a body's noun stands.

Texts: PolNeAR train (political news) and the newscluster and allsides development stories
(`/work/shared/eval`); the speaker rules are measured on gva's pages, which are not read here.
Only lemmas and counts are written, no text.

    PYTHONPATH=src .venv/bin/python bench/train_person_nouns.py [--min-count 2] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
EVAL_DIR = Path(os.environ.get("NEWSPRISM_EVAL_DIR", "/work/shared/eval"))
CACHE_DIR = Path(os.environ.get("NEWSPRISM_BENCH_CACHE", "/tmp/newsprism-bench"))
OUT = ROOT / "src" / "newsprism" / "data" / "person_nouns.json"


def texts() -> list[str]:
    """PolNeAR train, newscluster and allsides article texts (gva is held out for measuring)."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    train = CACHE_DIR / "train.jsonl"
    if not train.exists():
        subprocess.run([sys.executable, str(EVAL_DIR / "polnear_eval.py"), "export", "--split", "train",
                        "--out", str(train)], check=True, stdout=subprocess.DEVNULL)
    out = [json.loads(line)["text"] for line in train.read_text(encoding="utf-8").splitlines() if line.strip()]
    sys.path.insert(0, str(EVAL_DIR))
    import clustering_eval  # noqa: PLC0415 - the shared loader lives outside the project

    for name in ("newscluster", "allsides"):
        out.extend(d["text"] for d in clustering_eval.load(name) if d.get("text"))
    return out


def _described(noun) -> bool:
    """A noun phrase that describes ("a local shopkeeper", "his sister", "the company"): a determiner or
    a possessive, and the noun in lower case (a caption's "Photo", a title's words are not)."""
    return noun.is_lower and any(c.dep_ in ("det", "poss") for c in noun.children)


def evidence(doc, person: Counter, body: Counter) -> None:
    """Count the nouns beside names: a person's (``person``), an organisation's or a place's (``body``)."""
    for ent in doc.ents:
        target = person if ent.label_ == "PERSON" else body if ent.label_ in ("ORG", "GPE", "NORP") else None
        if target is None:
            continue
        root = ent.root
        # "Ajmal Jan, a local shopkeeper": a noun in apposition to the name
        for c in root.children:
            if c.dep_ == "appos" and c.pos_ == "NOUN" and not (ent.start <= c.i < ent.end) and _described(c):
                target[c.lemma_.lower()] += 1
        # "his sister, Keke Anderson": the name in apposition to the noun
        if root.dep_ == "appos" and root.head.pos_ == "NOUN" and _described(root.head):
            target[root.head.lemma_.lower()] += 1
        # "Neighbor Terry Wootan", "spokesman Marcus Hines": a role word right before the name, written
        # in lower case or opening its sentence ("Caption Hillary Clinton", "Photograph John Doe" are
        # a page's labels, capitalised mid-sentence)
        if ent.start > 0:
            prev = doc[ent.start - 1]
            if prev.pos_ == "NOUN" and prev.dep_ == "compound" and prev.head.i in range(ent.start, ent.end) \
                    and (prev.is_lower or prev.is_sent_start):
                target[prev.lemma_.lower()] += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-count", type=int, default=2, help="times a noun must stand beside a person's name")
    ap.add_argument("--min-share", type=float, default=0.0,
                    help="share of a noun's occurrences that must stand beside a person's name (0: none; 0.05 "
                         "drops 'official', 'woman', 'judge', which mostly stand without a name, and keeps "
                         "'caption', 'slideshow')")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    from newsprism.nlp import load_nlp  # noqa: PLC0415

    nlp = load_nlp()
    person: Counter[str] = Counter()
    body: Counter[str] = Counter()
    docs = texts()
    seen: Counter[str] = Counter()  # every common noun, to tell a role word from one that names a film
    for k, doc in enumerate(nlp.pipe(docs, batch_size=32)):
        evidence(doc, person, body)
        seen.update(t.lemma_.lower() for t in doc if t.pos_ == "NOUN")
        if k % 200 == 0:
            print(f"  parsed {k}/{len(docs)}", file=sys.stderr)
    # a person's noun: beside people at least min-count times and more often than beside bodies
    nouns = {w: n for w, n in person.items()
             if n >= args.min_count and n > body[w] and w.isalpha() and len(w) > 2 and n >= args.min_share * seen[w]}
    low = sorted((w for w, n in person.items() if n >= args.min_count and n > body[w] and n < args.min_share * seen[w]),
                 key=lambda w: -person[w])
    print("beside a name too rarely for how common (refused):", ", ".join(f"{w} {person[w]}/{seen[w]}" for w in low[:60]))
    print(f"{len(docs)} texts; {len(nouns)} person nouns (of {len(person)} seen beside a person's name)")
    print("commonest:", ", ".join(f"{w} {n}" for w, n in sorted(nouns.items(), key=lambda x: -x[1])[:40]))
    refused = sorted((w for w, n in person.items() if n >= args.min_count and n <= body[w]), key=lambda w: -person[w])
    print("beside bodies as often (refused):", ", ".join(f"{w} {person[w]}/{body[w]}" for w in refused[:30]))
    if not args.dry_run:
        OUT.write_text(json.dumps({
            "about": "common nouns that name a person, learned by bench/train_person_nouns.py from nouns in "
                     "apposition to or right before a person's name (spaCy en_core_web_sm's PERSON)",
            "texts": "PolNeAR train, newscluster and allsides development stories (counts only, no text)",
            "min_count": args.min_count, "min_share": args.min_share, "nouns": dict(sorted(nouns.items())),
        }, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written {OUT}")


if __name__ == "__main__":
    main()
