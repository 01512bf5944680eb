"""Learn which common nouns name a person (src/newsprism/data/person_nouns.json), and which one-word
names are commonly places (src/newsprism/data/places.json).

Why: "he" and "she" continue the person a text last spoke of, and news often leaves that person
unnamed ("A police spokesman said ... He added", "the boy's mother said ... She said").  The
pronoun may take such a description as its antecedent only when the noun names a person: "the
report said ... He added" is not the report.  The small English model has no word vectors and no
animacy, and WordNet is not installable offline, so the nouns are learned from the news itself:
a noun that stands in apposition to a person's name ("Ajmal Jan, a local shopkeeper", "his sister,
Keke Anderson") or as a role word right before one ("spokesman Marcus Hines") names a person,
provided the relative clauses the news writes on it say so too ("the woman who", never "the story
which": the recogniser also calls film titles and captions people).  Evidence against a noun: the
same constructions with an organisation or a place ("the company, Equifax"), where a body's noun
stands.

Texts: PolNeAR train (political news) and the newscluster and allsides development stories
(`/work/shared/eval`); the speaker rules are measured on gva's pages, which are not read here.
The places: a surname the recogniser reads as a place joins the person named in full earlier
("Police Chief Hassan Aden said ... Aden identified the suspect"), except a name the news commonly
uses for a place and seldom for a person ("Washington has warned", where an analyst Rebecca
Washington was quoted before).

Only lemmas, names and counts are written, no text.

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
PLACES = ROOT / "src" / "newsprism" / "data" / "places.json"


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
        # "spokesman Marcus Hines", "neighbor Terry Wootan": a role word right before the name, written
        # in lower case ("Caption Hillary Clinton", "Photograph John Doe" are a page's labels)
        if ent.start > 0:
            prev = doc[ent.start - 1]
            if prev.pos_ == "NOUN" and prev.dep_ == "compound" and prev.head.i in range(ent.start, ent.end) \
                    and prev.is_lower:
                target[prev.lemma_.lower()] += 1


def relatives(doc, who: Counter, which: Counter) -> None:
    """Count the relative pronouns of the clauses that modify each common noun: "who"/"whom" (a
    person's), "which" (a thing's); "that" is either and is not counted."""
    for t in doc:
        if t.dep_ == "relcl" and t.head.pos_ == "NOUN":
            rel = next((c.lower_ for c in t.children if c.tag_ in ("WP", "WDT") and c.i < t.i), None)
            if rel in ("who", "whom"):
                who[t.head.lemma_.lower()] += 1
            elif rel == "which":
                which[t.head.lemma_.lower()] += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-count", type=int, default=2, help="times a noun must stand beside a person's name")
    ap.add_argument("--min-share", type=float, default=0.0,
                    help="share of a noun's occurrences that must stand beside a person's name (0: none; 0.05 "
                         "drops 'official', 'woman', 'judge', which mostly stand without a name, and keeps "
                         "'caption', 'slideshow')")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--show", action="store_true", help="print every candidate noun with its counts")
    ap.add_argument("--min-places", type=int, default=5, help="times a one-word name must be read as a place")
    args = ap.parse_args()
    from newsprism.nlp import load_nlp  # noqa: PLC0415

    nlp = load_nlp()
    person: Counter[str] = Counter()
    body: Counter[str] = Counter()
    docs = texts()
    seen: Counter[str] = Counter()  # every common noun, to tell a role word from one that names a film
    who: Counter[str] = Counter()  # "the woman who ...": a relative clause that only a person takes
    which: Counter[str] = Counter()  # "the story which ...": one that only a thing takes
    as_place: Counter[str] = Counter()  # one-word names the recogniser reads as a place ...
    as_person: Counter[str] = Counter()  # ... and as (a word of) a person's name
    for k, doc in enumerate(nlp.pipe(docs, batch_size=32)):
        evidence(doc, person, body)
        for ent in doc.ents:
            if ent.label_ == "GPE" and len(ent) == 1:
                as_place[ent.text] += 1
            elif ent.label_ == "PERSON":
                as_person.update(t.text for t in ent)
        seen.update(t.lemma_.lower() for t in doc if t.pos_ == "NOUN")
        relatives(doc, who, which)
        if k % 200 == 0:
            print(f"  parsed {k}/{len(docs)}", file=sys.stderr)
    # a person's noun: beside people more often than beside bodies, and what a relative clause says
    # of it agrees ("the woman who", never "the story which"); a role word that news seldom
    # relativises ("spokesman": 113 names, no "who") needs ten names and no "which"; a noun news
    # relativises only with "who" ("citizen", "soldier" here) is a person's without names beside it
    nouns = {w: n for w, n in person.items()
             if n >= args.min_count and n > body[w] and w.isalpha() and len(w) > 2 and n >= args.min_share * seen[w]
             and (who[w] > which[w] and who[w] >= 1 or n >= 10 and not which[w])}
    nouns.update({w: person[w] for w, n in who.items()
                  if n >= 3 and not which[w] and w.isalpha() and len(w) > 2 and person[w] >= body[w] and w not in nouns})
    if args.show:
        for w in sorted(person, key=lambda w: -person[w]):
            if person[w] >= args.min_count:
                print(f"  {w:20s} person {person[w]:4d} body {body[w]:4d} seen {seen[w]:5d} who {who[w]:3d} which {which[w]:3d}")
    low = sorted((w for w, n in person.items() if n >= args.min_count and n > body[w] and n < args.min_share * seen[w]),
                 key=lambda w: -person[w])
    print("beside a name too rarely for how common (refused):", ", ".join(f"{w} {person[w]}/{seen[w]}" for w in low[:60]))
    print(f"{len(docs)} texts; {len(nouns)} person nouns (of {len(person)} seen beside a person's name)")
    print("commonest:", ", ".join(f"{w} {n}" for w, n in sorted(nouns.items(), key=lambda x: -x[1])[:40]))
    refused = sorted((w for w, n in person.items() if n >= args.min_count and n <= body[w]), key=lambda w: -person[w])
    print("beside bodies as often (refused):", ", ".join(f"{w} {person[w]}/{body[w]}" for w in refused[:30]))
    # places news names often and people seldom: a surname the recogniser reads as one of them is
    # more likely the place ("Washington has warned", beside an analyst Rebecca Washington)
    places = {w: n for w, n in as_place.items() if n >= args.min_places and as_person[w] * 4 < n and w.isalpha()}
    print(f"{len(places)} common places:", ", ".join(sorted(places, key=lambda w: -places[w])[:40]))
    if not args.dry_run:
        PLACES.write_text(json.dumps({
            "about": "one-word names spaCy en_core_web_sm reads as a place (GPE) at least min_places times and as "
                     "a word of a person's name less than a quarter as often; bench/train_person_nouns.py",
            "texts": "PolNeAR train, newscluster and allsides development stories (counts only, no text)",
            "min_places": args.min_places, "places": dict(sorted(places.items())),
        }, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        OUT.write_text(json.dumps({
            "about": "common nouns that name a person, learned by bench/train_person_nouns.py from nouns in "
                     "apposition to or right before a person's name (spaCy en_core_web_sm's PERSON)",
            "texts": "PolNeAR train, newscluster and allsides development stories (counts only, no text)",
            "min_count": args.min_count, "min_share": args.min_share,
            "rule": "beside a person's name min_count times and more than beside a body's, with 'who' clauses "
                    "more than 'which' (or 10 names and no 'which'); or 3 'who' clauses and no 'which'",
            "nouns": dict(sorted(nouns.items())),
        }, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written {OUT}")


if __name__ == "__main__":
    main()
