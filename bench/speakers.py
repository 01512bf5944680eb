"""Speakers a reader would not trust, counted on real news: web furniture, credits, broken names.

Why a script and not a test: the articles (the newscluster dev set, ``/work/shared/eval/clustering``)
belong to their outlets and stay outside the repo; this measures, it does not pin.  It runs the
product's per-article analysis on every article exactly as ``newsprism analyze`` loads them
(``load_paths``: cleaning, boilerplate removal, de-duplication), then lists every speaker name
that looks like page furniture rather than someone who spoke:

* ``caps``: every word in capitals ("SAN JOSE", "WASHINGTON"): a dateline or a subhead (a lone
  word of five letters or fewer is taken for an acronym, "NAACP");
* ``credit``: a credit's or caption's words ("AP Photo/Mahmoud Illean", "Getty Images", "Image caption");
* ``counter``: a slideshow counter, a running time or a player's controls ("13/30 Large Magellanic
  Cloud", "12 of 41 Skip in Skip x Embed", "| 0:56");
* ``punct``: starts with punctuation or markup (``">Sanders``);
* ``byline``: "By Jane Doe";
* ``slash``: a name, a slash and a capital (credit lines: "Reuters/Jim Bourg").

Names with a picture noun ("Video footage", "images") are counted apart (``picture``): news reports
what a video shows as a finding, and PolNeAR annotates it, so those are kept by design.

The detector is deliberately independent of the product's rules (analysis/furniture.py): it looks
at the names that come out, not at how they were found, so it also counts what those rules miss.
It also prints how many distinct names the corpus-wide canonical names (compare/speakers.py) fold
together, and the speaker kinds where the analysis gives them.

    PYTHONPATH=src .venv/bin/python bench/speakers.py                 # newscluster, list the suspects
    PYTHONPATH=src .venv/bin/python bench/speakers.py --dataset allsides
    PYTHONPATH=src .venv/bin/python bench/speakers.py --json out.json

Parsed documents are cached under /tmp (``NEWSPRISM_BENCH_CACHE``) keyed by the texts and the
pipeline, so a rule change reruns in about a minute; entities and quotes are computed each run
(as ``analyze_doc`` does; nothing else of the analysis is needed here).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = Path(os.environ.get("NEWSPRISM_EVAL_DIR", "/work/shared/eval"))
CACHE_DIR = Path(os.environ.get("NEWSPRISM_BENCH_CACHE", "/tmp/newsprism-bench"))

CATEGORIES: dict[str, re.Pattern[str]] = {
    "credit": re.compile(r"\b(getty|shutterstock|copyright|caption|credit:|photographer|licensors|contributor)\b|"
                         r"\b(photo|image|video)s?\s+(provided|courtesy|supplied)\b|\bAP Photo\b", re.IGNORECASE),
    "counter": re.compile(r"\b\d{1,3}\s*(/|of)\s*\d{1,3}\b|\|\s*\d+:\d\d|^\d+[A-Z][a-z]|\bSkip\b|\bEmbed\b"),
    "punct": re.compile(r"^[^\w\"“'‘(]|^[\"“'‘(][^\w]|[<>|●•]"),
    "byline": re.compile(r"^by\s", re.IGNORECASE),
    "slash": re.compile(r"[A-Za-z]/[A-Z]"),
}
# Not furniture, but shown apart: a picture noun as the subject ("Video footage shows ..."), which
# news reports as a finding and PolNeAR annotates; the extractor keeps those by design.
PICTURE_RE = re.compile(r"\b(photos?|photograph\w*|images?|pictures?|videos?|footage)\b", re.IGNORECASE)


def categories(name: str) -> list[str]:
    """Why ``name`` looks like furniture (empty: it does not)."""
    out = [cat for cat, rx in CATEGORIES.items() if rx.search(name)]
    words = [w for w in re.findall(r"[^\W_]+", name.replace(".", "")) if any(c.isalpha() for c in w)]
    if words and all(w.isupper() for w in words) and not (len(words) == 1 and len(words[0]) <= 5):
        out.insert(0, "caps")  # "SAN JOSE", "MOSCOW"; a lone short acronym ("NATO", "NAACP") is an organisation
    return out


def load_dataset(name: str = "newscluster") -> list:
    """A clustering dev set's articles as the product loads them (gold labels never read)."""
    sys.path.insert(0, str(EVAL_DIR))
    import clustering_eval  # noqa: PLC0415 - the shared loader lives outside the project

    sys.path.insert(0, str(ROOT / "bench"))
    from clustering import load_articles  # noqa: PLC0415 - same input path as the clustering bench

    docs = clustering_eval.load(name)
    articles, _ = load_articles(name, [{k: v for k, v in d.items() if k not in ("label", "topic", "event")}
                                                for d in docs])
    return articles


def parsed(articles: list, nlp) -> list:
    """spaCy docs of the analysed texts, cached by texts + pipeline (parsing is most of the cost)."""
    from spacy.tokens import DocBin

    import newsprism.nlp as nlp_module
    from newsprism.analysis.article import analysed_text

    texts = [analysed_text(a.text) for a in articles]
    # the tokenizer's exceptions and nlp.py's sentence-boundary step change the docs too
    key = hashlib.sha1(json.dumps([nlp.pipe_names, nlp.meta.get("version"), sorted(nlp.tokenizer.rules),
                                   Path(nlp_module.__file__).read_text(encoding="utf-8"), texts])
                       .encode()).hexdigest()[:12]
    path = CACHE_DIR / f"speakers_docs_{key}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=32))
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs).to_disk(path)
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="newscluster", choices=("newscluster", "allsides", "gva"),
                    help="which clustering dev set (default newscluster; gva is large)")
    ap.add_argument("--json", help="write the counts and the suspect names here")
    ap.add_argument("--quiet", action="store_true", help="counts only, no list")
    args = ap.parse_args()
    if not (EVAL_DIR / "clustering").is_dir():
        print(f"skipped: {EVAL_DIR}/clustering not found", file=sys.stderr)
        return

    import newsprism
    from newsprism.analysis.quotes import extract_quotes
    from newsprism.analysis.speakers import extract_entities
    from newsprism.nlp import load_nlp

    print(f"newsprism from {Path(newsprism.__file__).parent}", file=sys.stderr)
    articles = load_dataset(args.dataset)
    nlp = load_nlp()
    docs = parsed(articles, nlp)
    # Entities and quotes as analyze_doc computes them (the rest of the analysis, framing's model
    # among it, needs the parser's tensors, which the cached docs do not keep).
    quotes = [q for a, d in zip(articles, docs, strict=True) for q in extract_quotes(d, a.id, extract_entities(d, a.id))]
    named = [q for q in quotes if q.speaker is not None]

    suspects: dict[str, list[str]] = {}
    per_name: Counter[str] = Counter(q.speaker.name for q in named)
    examples: dict[str, str] = {}
    for q in named:
        cats = categories(q.speaker.name)
        if cats:
            suspects[q.speaker.name] = cats
            examples.setdefault(q.speaker.name, q.text[:70])
    by_cat: dict[str, set[str]] = defaultdict(set)
    for name, cats in suspects.items():
        for c in cats:
            by_cat[c].add(name)
    n_quotes = sum(per_name[n] for n in suspects)
    pictures = {n for n in per_name if n not in suspects and PICTURE_RE.search(n)}
    result: dict[str, object] = {
        "articles": len(articles), "quotes": len(quotes), "attributed": len(named), "names": len(per_name),
        "suspect_names": len(suspects), "suspect_quotes": n_quotes,
        "by_category": {c: len(v) for c, v in sorted(by_cat.items())},
        "picture_names": len(pictures), "picture_quotes": sum(per_name[n] for n in pictures),
        "suspects": {n: {"categories": c, "quotes": per_name[n], "example": examples[n]} for n, c in sorted(suspects.items())},
    }
    # Label lines ("Police: ...", "SHAPIRO: ..."): the layout is the cue, and on web news most such
    # lines are page furniture ("Update:", "Message:", "Sex: M Race: B"); listed so a reader can judge.
    labels = Counter(q.speaker.mention for q in named if q.cue is not None and q.cue.text == ":")
    result["label_lines"] = {"quotes": sum(labels.values()), "labels": len(labels), "top": dict(labels.most_common(40))}
    kinds = Counter(getattr(q.speaker, "kind", None) for q in named)
    if any(kinds):
        result["kinds"] = {str(k): v for k, v in kinds.most_common()}
    try:
        from newsprism.compare.speakers import corpus_names_of_quotes
    except ImportError:  # a version before corpus-wide names
        corpus_names_of_quotes = None
    if corpus_names_of_quotes is not None:
        mapping = corpus_names_of_quotes(quotes)
        after = {mapping.get(q.speaker.name, q.speaker.name) for q in named}
        merged = {n: m for n, m in mapping.items() if m != n}
        result["canonical"] = {"names_before": len(per_name), "names_after": len(after), "merged": len(merged),
                               "examples": dict(sorted(merged.items()))}
    print(f"{len(articles)} articles, {len(quotes)} quotes, {len(named)} attributed, {len(per_name)} distinct names")
    print(f"furniture-like speakers: {len(suspects)} names, {n_quotes} quotes; "
          + ", ".join(f"{c} {len(v)}" for c, v in sorted(by_cat.items())))
    print(f"picture-noun speakers (findings, kept): {len(pictures)} names, {result['picture_quotes']} quotes")
    print(f"label-line speakers: {result['label_lines']['quotes']} quotes, {len(labels)} labels: "  # type: ignore[index]
          + ", ".join(f"{n!r} {k}" for n, k in labels.most_common(25)))
    if "kinds" in result:
        print("speaker kinds:", result["kinds"])
    if "canonical" in result:
        c = result["canonical"]
        print(f"corpus canonical names: {c['names_before']} -> {c['names_after']} ({c['merged']} names folded)")  # type: ignore[index]
        if not args.quiet:
            for name, to in list(c["examples"].items())[:60]:  # type: ignore[index]
                print(f"    {name!r} -> {to!r}")
    if not args.quiet:
        for name, cats in sorted(suspects.items(), key=lambda t: (t[1], t[0])):
            print(f"  {','.join(cats):14s} {per_name[name]:3d}  {name!r:45s} {examples[name]!r}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
