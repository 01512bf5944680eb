"""Story-grouping quality on the shared dev sets (newscluster, ECB+), one configuration.

Why this exists: the grouper's thresholds are chosen here, so the numbers quoted in
``newsprism.stories.grouping`` must be reproducible with one command::

    .venv/bin/python bench/clustering.py            # both sets, prints BCubed F1 and articles/s
    .venv/bin/python bench/clustering.py --dataset ecbplus --shuffles 5   # + 5 random feed orders

Steps: ``clustering_eval.py export --no-label`` (the system never sees gold), spaCy
NER once per article, a full parse of its text for the lead's event frames
(:mod:`newsprism.analysis.events`) and the headline + lead embedding
(:mod:`newsprism.analysis.embedding`; all cached in bench/out/ so reruns take seconds), one
:class:`StoryGrouper` with default settings fed one article at a time in date order
(loader order for ECB+, which has no dates), then ``clustering_eval.py score``.
``--shuffles N`` also feeds the articles in N random orders (seeds 0..N-1) and prints the range
of F1, so that a gain can be told from an artefact of one order (single-pass grouping is
order-dependent; the range is meaningful for undated ECB+, whose loader order is arbitrary).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # bench runs from a checkout, package may not be installed

from newsprism.analysis.events import event_frames  # noqa: E402
from newsprism.stories.grouping import StoryGrouper, StoryItem  # noqa: E402

if TYPE_CHECKING:
    from spacy.tokens import Doc

EVAL_DIR = Path("/work/shared/eval")
EVAL = EVAL_DIR / "clustering_eval.py"
OUT = ROOT / "bench" / "out"
DATASETS = ("newscluster", "ecbplus")

# Labels the per-article analysis keeps as entities (the grouper decides which it uses).
NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "PRODUCT", "WORK_OF_ART", "LAW"}


def export(dataset: str) -> list[dict]:
    """Articles without gold fields, through the scorer's own exporter."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{dataset}.jsonl"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(EVAL), "export", "--dataset", dataset, "--out", str(path), "--no-label"],
            check=True,
            capture_output=True,
        )
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def canonical_entities(ents: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """One (name, label) per entity, short person mentions folded into the fullest name.

    Mimics what the per-article analysis hands the integrator (entity clusters with the
    longest proper name), without its coreference: "Putin" -> "Vladimir Putin" when both
    occur in the article.
    """
    seen: dict[tuple[str, str], None] = {}
    for name, label in ents:
        name = " ".join(name.split()).strip(" '\"’")
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        if name.lower().startswith("the "):
            name = name[4:]
        if len(name) > 1 and label in NER_LABELS:
            seen.setdefault((name, label), None)
    people = [n for n, lab in seen if lab == "PERSON" and " " in n]
    out: dict[tuple[str, str], None] = {}
    for name, label in seen:
        if label == "PERSON" and " " not in name:
            longer = [p for p in people if name in p.split()]
            if len(longer) == 1:
                name = longer[0]
        out.setdefault((name, label), None)
    return list(out)


def ner_cache(dataset: str, docs: list[dict]) -> dict[str, list[tuple[str, str]]]:
    """spaCy NER per article, cached by a hash of the texts so edits to the data refresh it."""
    digest = hashlib.sha1(
        "\n".join(d["id"] + (d.get("title") or "") + d["text"] for d in docs).encode()
    ).hexdigest()
    path = OUT / f"ner_{dataset}_{digest[:12]}.json"
    if path.exists():
        raw = json.loads(path.read_text(encoding="utf-8"))
    else:
        from newsprism.nlp import load_nlp

        nlp = load_nlp()
        texts = [((d.get("title") or "") + "\n" + d["text"]).strip() for d in docs]
        t0 = time.perf_counter()
        with nlp.select_pipes(enable=["ner"]):
            raw = {
                d["id"]: [(e.text, e.label_) for e in doc.ents]
                for d, doc in zip(docs, nlp.pipe(texts, batch_size=32), strict=True)
            }
        print(
            f"  NER {dataset}: {len(docs)} articles in {time.perf_counter() - t0:.1f}s (cached to {path.name})"
        )
        path.write_text(json.dumps(raw), encoding="utf-8")
    return {k: canonical_entities((n, lab) for n, lab in v) for k, v in raw.items()}


def parse_cache(dataset: str, docs: list[dict]) -> dict[str, Doc]:
    """Full spaCy parse of each article's text, cached as a DocBin in bench/out/.

    The text alone (not title + text) is parsed because that is what the per-article
    analysis parses (``analyze_doc(article, nlp(article.text))``), so the event signals
    measured here are the ones the pipeline can hand the grouper.  Docs rather than derived
    signals are cached so that a change to :mod:`newsprism.analysis.events` needs no re-parse.
    """
    from spacy.tokens import DocBin

    from newsprism.nlp import MODEL_PACKAGE, load_nlp

    digest = hashlib.sha1(
        (MODEL_PACKAGE + "\n" + "\n".join(d["id"] + d["text"] for d in docs)).encode()
    ).hexdigest()
    path = OUT / f"parse_{dataset}_{digest[:12]}.spacy"
    nlp = load_nlp()
    if path.exists():
        parsed = list(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
    else:
        t0 = time.perf_counter()
        parsed = list(nlp.pipe((d["text"] for d in docs), batch_size=16))
        took = time.perf_counter() - t0
        print(f"  parse {dataset}: {len(docs)} articles in {took:.1f}s (cached to {path.name})")
        path.write_bytes(DocBin(docs=parsed).to_bytes())
    return {d["id"]: doc for d, doc in zip(docs, parsed, strict=True)}


def embedding_cache(dataset: str, docs: list[dict]) -> dict[str, tuple[float, ...]]:
    """The per-article embedding (:mod:`newsprism.analysis.embedding`, the pipeline's own text
    and model), cached in bench/out/ by a hash of the embedded texts."""
    from newsprism.analysis.embedding import embed_texts, embedding_text

    texts = [embedding_text(d.get("title"), d.get("url"), d["text"]) for d in docs]
    from newsprism.nlp import EMBED_MAX_TOKENS, EMBED_PACKAGE

    key = f"{EMBED_PACKAGE}:{EMBED_MAX_TOKENS}\n\x00" + "\n\x00".join(texts)
    digest = hashlib.sha1(key.encode()).hexdigest()
    path = OUT / f"emb_{dataset}_{digest[:12]}.json"
    if path.exists():
        vectors = json.loads(path.read_text(encoding="utf-8"))
    else:
        from newsprism.nlp import load_embedder

        t0 = time.perf_counter()
        vectors = embed_texts(texts, load_embedder())
        took = time.perf_counter() - t0
        print(f"  embed {dataset}: {len(docs)} articles in {took:.1f}s, one thread (cached to {path.name})")
        path.write_text(json.dumps(vectors), encoding="utf-8")
    return {d["id"]: tuple(v) for d, v in zip(docs, vectors, strict=True)}


def items_for(dataset: str) -> list[StoryItem]:
    """StoryItems in feed order: by date when every article has one, else loader order."""
    docs = export(dataset)
    ents = ner_cache(dataset, docs)
    parsed = parse_cache(dataset, docs)
    embedded = embedding_cache(dataset, docs)
    if all(d.get("date") for d in docs):
        docs = sorted(docs, key=lambda d: (str(d["date"]), d["id"]))
    return [
        StoryItem(
            article_id=d["id"],
            title=d.get("title") or "",
            text=d["text"],
            published=d.get("date"),
            outlet=d.get("outlet") or "",
            url=d.get("url"),
            entities=ents[d["id"]],
            event_frames=event_frames(parsed[d["id"]]),
            embedding=embedded[d["id"]],
        )
        for d in docs
    ]


def run(
    dataset: str, grouper: StoryGrouper, items: list[StoryItem] | None = None, seed: int | None = None
) -> tuple[dict, float, int]:
    """Feed one article at a time, write predictions, return (scores, articles/s, n).

    ``seed``: feed in a random order (``random.Random(seed).shuffle``) instead of the feed order.
    """
    items = list(items if items is not None else items_for(dataset))
    if seed is not None:
        random.Random(seed).shuffle(items)
    t0 = time.perf_counter()
    for it in items:
        grouper.add(it)
    rate = len(items) / (time.perf_counter() - t0)
    # the stories at the end of the stream: an id add() returned earlier is stale for a lone
    # article later merged into a story (StoryGrouper.merged), so it is read back here
    pred = {it.article_id: grouper.story_of(it.article_id) for it in items}
    path = OUT / f"pred_{dataset}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for aid, sid in pred.items():
            fh.write(json.dumps({"id": aid, "cluster": sid}) + "\n")
    res = subprocess.run(
        [sys.executable, str(EVAL), "score", "--dataset", dataset, "--pred", str(path), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(res.stdout), rate, len(items)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", choices=DATASETS, action="append", help="default: both")
    ap.add_argument("--verbose", action="store_true", help="print the scorer's full metrics")
    ap.add_argument("--shuffles", type=int, default=0, help="also score N random feed orders (seeds 0..N-1)")
    args = ap.parse_args(argv)
    if not EVAL.exists():
        sys.exit(f"{EVAL} not found: the shared eval data is needed for this benchmark")
    for dataset in args.dataset or DATASETS:
        items = items_for(dataset)
        scores, rate, n = run(dataset, StoryGrouper(), items)  # ONE configuration: the defaults
        line = (
            f"{dataset:12s} n={n:4d}  BCubed F1 {scores['bcubed_f1']:.3f} "
            f"(P {scores['bcubed_p']:.3f} R {scores['bcubed_r']:.3f})  "
            f"clusters {scores['pred_clusters']} (gold {scores['gold_clusters']})"
        )
        print(f"{line}  {rate:,.0f} articles/s")
        if args.verbose:
            print(json.dumps(scores, indent=1))
        if args.shuffles:
            f1 = [run(dataset, StoryGrouper(), items, seed)[0]["bcubed_f1"] for seed in range(args.shuffles)]
            print(f"{'':12s} {args.shuffles} random orders: BCubed F1 {min(f1):.3f}-{max(f1):.3f}")


if __name__ == "__main__":
    main()
