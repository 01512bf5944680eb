"""Draw cross-outlet quote pairs to label for the quote ledger (issue #15's development set).

Stories are the *gold* stories of the clustering dev sets (newscluster, gva, allsides), so that
grouping errors do not decide which quotes meet.  Quotes are the product's own (``bench/clustering.py``'s
cached ``iter_analyzed`` analyses).  Candidate pairs are drawn independently of the ledger, by three
signals a person looking for "the same remark" would use, plus the ledger's own links:

- ``speaker``: the same canonical speaker and at least one shared content word;
- ``words``: weighted content-word containment >= 0.3, any speaker;
- ``embed``: cosine >= 0.6 of the packaged sentence model's vectors of the two quote texts;
- ``ledger``: a pair :func:`newsprism.compare.ledger.build_quote_groups` links today.

Every cross-article pair that any signal draws is a candidate; a seeded sample, stratified by the
signal that drew it and capped per story, is written to ``bench/out/ledger_candidates.jsonl`` with
the texts and the sentences around them (for the labeller; the article texts are not ours to
ship, so this file stays out of the repository).  Labels live in ``bench/data/ledger_pairs.jsonl``
keyed by article id and character spans only, with a hash of both texts to notice drift; the text
is re-read from ``../shared/eval`` by ``bench/ledger.py``.

    PYTHONPATH=src .venv/bin/python bench/ledger_pairs.py --per-dataset 160 --max-stories 150

The held-out set (``bench/data/ledger_pairs_ecbplus.jsonl``, ids ``e001``...) was drawn the same way
from ECB+, a corpus no link feature or threshold was chosen on, and labelled by the same guide:

    PYTHONPATH=src .venv/bin/python bench/ledger_pairs.py --datasets ecbplus --per-dataset 240 --prefix e
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import clustering  # noqa: E402 - the bench's product-path loading and cached analyses
from newsprism.compare._text import content_stems, idf_weights, weighted_containment  # noqa: E402
from newsprism.compare.ledger import build_quote_groups  # noqa: E402
from newsprism.compare.speakers import canonical_speaker_names  # noqa: E402
from newsprism.model import Article, ArticleAnalysis, Quote  # noqa: E402

DATASETS = ("newscluster", "gva", "allsides")
# A corpus no link feature or threshold was chosen on: its labelled pairs
# (``bench/data/ledger_pairs_ecbplus.jsonl``) judge whether the ledger's figures hold beyond the
# development set.  Never train on them (``bench/train_ledger_links.py`` reads the development set).
HELD_OUT = ("ecbplus",)
OUT = ROOT / "bench" / "out"
CANDIDATES = OUT / "ledger_candidates.jsonl"
WORDS_MIN = 0.3
EMBED_MIN = 0.6
PER_STORY = 6  # no story may fill the sample
CONTEXT = 160  # characters of article text either side of a quote's sentence, for the labeller


def text_hash(a: str, b: str) -> str:
    """Short hash of both quote texts: tells the scorer a label still points at the same words."""
    return hashlib.sha1(f"{a}\x00{b}".encode()).hexdigest()[:10]


def pair_key(qa: Quote, qb: Quote) -> str:
    """Order-free identity of a pair: article ids and character spans of both quotes."""
    sides = sorted(f"{q.article_id}@{q.spans[0][0]}-{q.spans[-1][1]}" for q in (qa, qb))
    return "|".join(sides)


def load(ds: str, keep: set[str] | None = None, max_stories: int = 150, seed: int = 0
         ) -> tuple[dict[str, list[str]], dict[str, Article], dict[str, ArticleAnalysis]]:
    """Gold story -> article ids (stand-ins of duplicates removed), articles, analyses.

    Only a seeded sample of ``max_stories`` gold stories of two or more articles is analysed (gva
    holds 1,008 such stories in 3,809 articles; the sample keeps the labelling set varied without
    analysing the whole collection); ``keep`` names the stories instead (the scorer passes the
    labelled ones).  The sample depends on the dataset and the seed only.
    """
    ce = clustering.scorer()
    docs = ce.load(ds)
    sizes: dict[str, int] = defaultdict(int)
    for d in docs:
        sizes[str(d["label"])] += 1
    if keep is None:
        multi = sorted(k for k, n in sizes.items() if n >= 2)
        random.Random(f"{seed}:{ds}").shuffle(multi)
        keep = set(multi[:max_stories])
    docs = [d for d in docs if str(d["label"]) in keep]
    articles, stand_in = clustering.load_articles(
        ds, [{k: v for k, v in d.items() if k not in ("label", "topic", "event")} for d in docs], name=f"{ds}_ledger"
    )
    analyses = clustering.analyse(ds, articles, 2)
    stories: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        aid = stand_in.get(d["id"])
        if aid and aid in analyses and aid not in stories[str(d["label"])]:
            stories[str(d["label"])].append(aid)
    return dict(stories), {a.id: a for a in articles}, analyses


def context(article: Article, q: Quote) -> str:
    """The quote's sentence with some text either side, the quote itself marked with [[ ]]."""
    s0, s1 = (q.sentence_spans[0][0], q.sentence_spans[-1][1]) if q.sentence_spans else (q.spans[0][0], q.spans[-1][1])
    a0, a1 = max(0, s0 - CONTEXT), min(len(article.text), s1 + CONTEXT)
    q0, q1 = q.spans[0][0], q.spans[-1][1]
    t = article.text
    return " ".join((t[a0:q0] + "[[" + t[q0:q1] + "]]" + t[q1:a1]).split())


def candidates_for_story(quotes: list[Quote], vectors: dict[str, list[float]]) -> dict[str, dict]:
    """Every cross-article pair some signal draws, with the signals that drew it."""
    import numpy as np  # noqa: PLC0415

    names = canonical_speaker_names(quotes)
    spk = [names.get(q.speaker.name, q.speaker.name) if q.speaker else None for q in quotes]
    stems = [content_stems(q.text) for q in quotes]
    idf = idf_weights(stems)
    linked: dict[str, tuple[str, float]] = {}
    by_id = {q.id: q for q in quotes}
    for g in build_quote_groups(quotes):
        for p in g.pairs:
            linked[pair_key(by_id[p.a], by_id[p.b])] = (p.relation, p.similarity)
    mat = np.array([vectors[q.id] for q in quotes], dtype=np.float32)
    cos = mat @ mat.T
    out: dict[str, dict] = {}
    for i, qa in enumerate(quotes):
        for j in range(i + 1, len(quotes)):
            qb = quotes[j]
            if qa.article_id == qb.article_id:
                continue
            why = []
            key = pair_key(qa, qb)
            if spk[i] and spk[i] == spk[j] and stems[i] & stems[j]:
                why.append("speaker")
            if max(weighted_containment(stems[i], stems[j], idf), weighted_containment(stems[j], stems[i], idf)) >= WORDS_MIN:
                why.append("words")
            if cos[i, j] >= EMBED_MIN:
                why.append("embed")
            if key in linked:
                why.append("ledger")
            if why:
                out[key] = {"i": i, "j": j, "drawn_by": why, "cosine": round(float(cos[i, j]), 3),
                            "ledger": linked.get(key)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-dataset", type=int, default=150)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-stories", type=int, default=150, help="gold stories sampled per dataset")
    ap.add_argument("--exclude", type=Path, help="a labels file: pairs already labelled there are not drawn again")
    ap.add_argument("--out", type=Path, default=CANDIDATES)
    ap.add_argument("--first-id", type=int, default=1, help="number of the first pair id (p001 by default)")
    ap.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=(*DATASETS, *HELD_OUT),
                    help="the corpora to draw from (the development set's three by default)")
    ap.add_argument("--prefix", default="p", help="pair id prefix (the held-out set's ids are e001, ...)")
    args = ap.parse_args()
    from newsprism.analysis.embedding import embed_texts  # noqa: PLC0415
    from newsprism.nlp import load_embedder  # noqa: PLC0415

    model = load_embedder()
    rng = random.Random(args.seed)
    seen: set[str] = set()
    if args.exclude:
        with args.exclude.open(encoding="utf-8") as fh:
            seen = {json.loads(line)["key"] for line in fh if line.strip()}
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for ds in args.datasets:
        stories, articles, analyses = load(ds, None, args.max_stories, args.seed)
        pool: dict[str, list[dict]] = defaultdict(list)  # stratum -> candidates
        for label, ids in sorted(stories.items()):
            if len(ids) < 2:
                continue
            quotes = [q for a in ids for q in analyses[a].quotes]
            if len({q.article_id for q in quotes}) < 2:
                continue
            vecs = dict(zip([q.id for q in quotes], embed_texts([q.text for q in quotes], model), strict=True))
            cands = candidates_for_story(quotes, vecs)
            keys = sorted(cands)
            rng.shuffle(keys)
            keys = [k for k in keys if k not in seen]
            for key in keys[: PER_STORY * 4]:
                c = cands[key]
                qa, qb = quotes[c["i"]], quotes[c["j"]]
                stratum = "ledger" if "ledger" in c["drawn_by"] else c["drawn_by"][0]
                pool[stratum].append({
                    "pair_id": "", "dataset": ds, "story": label, "key": key,
                    "hash": text_hash(qa.text, qb.text), "drawn_by": c["drawn_by"], "cosine": c["cosine"],
                    "ledger_relation": c["ledger"][0] if c["ledger"] else None,
                    "a": side(articles[qa.article_id], qa), "b": side(articles[qb.article_id], qb),
                })
        # strata: ledger links, then speaker, words, embed; an equal share each, per-story cap kept
        take, per_story = [], defaultdict(int)
        quota = args.per_dataset // 4
        for stratum in ("ledger", "speaker", "words", "embed"):
            got = 0
            rng.shuffle(pool[stratum])
            drawn = []
            for c in pool[stratum]:
                if got >= quota or per_story[c["story"]] >= PER_STORY:
                    continue
                drawn.append(c)
                per_story[c["story"]] += 1
                got += 1
            for c in drawn:  # how many of its stratum's pairs each drawn pair stands for (bench/ledger.py)
                c["weight"] = round(len(pool[stratum]) / got, 3)
            take += drawn
            print(f"{ds}: {stratum} {got} of {len(pool[stratum])}", file=sys.stderr)
        rows += take
    rng.shuffle(rows)
    for n, r in enumerate(rows, 1):  # ids continue a first round's (--first-id)
        r["pair_id"] = f"{args.prefix}{n + args.first_id - 1:03d}"
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} candidates -> {args.out}")


def side(article: Article, q: Quote) -> dict:
    return {
        "article_id": q.article_id, "outlet": article.outlet, "spans": q.spans, "text": q.text, "kind": q.kind,
        "cue": q.cue.text if q.cue else None, "cue_class": q.cue_class,
        "speaker": q.speaker.name if q.speaker else None,
        "mention": q.speaker.mention if q.speaker else None,
        "context": context(article, q),
    }


if __name__ == "__main__":
    main()
