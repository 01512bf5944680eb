"""Batch story grouping: blocking keys, candidate pairs, the shared pair score, connected components.

Why a second *shape* (not a second scorer): :class:`~newsprism.stories.grouping.StoryGrouper` is
single-pass and stateful (an item is compared with the stories that exist when it arrives), which
cannot be spread over machines.  This module cuts the same work into pure steps that a local batch
call (:func:`group_batch`) and the Spark job (``newsprism.runners.spark``) both run:

1. :func:`item_counts`   per article: term counts, entity keys, years, day, event frames, MinHash
   signature (the grouper's tokenisation, entity keys and frames, reused from ``grouping``);
2. document frequencies over the whole batch (a ``Counter`` here, a ``reduceByKey`` on Spark);
3. :func:`featurize`     per article: the grouper's TF-IDF / entity-IDF weighting ->
   :class:`~newsprism.stories.grouping.Features`, plus :func:`blocking_keys` (top terms, entity
   keys, MinHash LSH bands);
4. :func:`key_pairs`     per blocking key: (earlier, later) pairs of the articles sharing it, each
   article paired with at most ``posting_cap`` predecessors (the grouper's posting-list cap);
5. :func:`choose_candidates` per article: its ``max_candidates`` earlier partners sharing the most
   keys (the grouper's candidate ranking);
6. :func:`best_link`     per article: a near-duplicate link (MinHash Jaccard, as
   :class:`~newsprism.stories.dedup.NearDuplicateIndex`) or else the best-scoring earlier partner
   by :func:`~newsprism.stories.grouping.score_pair` if it reaches the threshold;
7. :func:`connected_components` over those links; a story's id is its earliest article;
8. :func:`lone_links` per article that linked by score: the grouper's re-test of lone articles
   (``StoryGrouper.merge_threshold``).  Its candidates that are still alone after step 7 are
   scored against the summed features of its story (:func:`story_features`, a sum per component)
   and linked if they reach the merge threshold; step 7 runs again over all links.

How the result relates to the incremental grouper: both use the same tokens, weights, blocking
keys, caps, duplicate rule, ``score_pair`` and threshold, and both let an article join at most one
earlier story.  They differ in two ways: the IDF here is the whole batch's (the grouper's is "as of
arrival"), and an article is scored against earlier *articles* rather than against a story's
summed features; in step 8 a lone article meets its later partner's whole story (the grouper:
the story as of that partner's arrival).  On well separated events (the equivalence test's WARC)
the two give the same stories; on a dense stream they may split or join a borderline article
differently.  Because every
step is a pure function of the batch, the batch result does not depend on partitioning or on the
order Spark happens to deliver rows in.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from newsprism.stories.dedup import LSH_WEIGHTS, NUM_PERM, THRESHOLD, signature
from newsprism.stories.grouping import (
    ROLES,
    Features,
    ScoreWeights,
    StoryGrouper,
    StoryItem,
    item_signals,
    parse_day,
    score_pair,
    weigh,
)
from newsprism.stories.minhash import MinHash, MinHashLSH

# An order key: (undated, ordinal day, published string, article id).  Dated articles first in
# time order, then undated ones; the id breaks ties so the order is total and reproducible.
OrderKey = tuple[int, int, str, str]


@dataclass(frozen=True)
class GroupingParams:
    """The grouper's knobs, read from a :class:`StoryGrouper` so that both stay in step."""

    threshold: float = 0.25
    singleton_margin: float = 0.0  # extra score an article needs to join a one-article story
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    title_weight: int = 2
    max_body_tokens: int = 400
    block_terms: int = 12
    posting_cap: int = 50
    max_candidates: int = 20
    dedup: bool = True
    dup_threshold: float = THRESHOLD
    num_perm: int = NUM_PERM
    link: Literal["best", "all"] = "best"  # "all": every pair over the threshold (single link)
    # bar for linking a lone article to a later partner's story (step 8); None: no second pass
    merge_threshold: float | None = None

    @classmethod
    def from_grouper(
        cls, g: StoryGrouper | None = None, link: Literal["best", "all"] = "best"
    ) -> GroupingParams:
        g = g or StoryGrouper()
        return cls(
            threshold=g.threshold,
            singleton_margin=getattr(g, "singleton_margin", 0.0),
            weights=g.weights,
            title_weight=g.title_weight,
            max_body_tokens=g.max_body_tokens,
            block_terms=g.block_terms,
            posting_cap=g.posting_cap,
            max_candidates=g.max_candidates,
            dedup=g.dedup is not None,
            dup_threshold=g.dedup.threshold if g.dedup is not None else THRESHOLD,
            num_perm=g.dedup.num_perm if g.dedup is not None else NUM_PERM,
            link=link,
            merge_threshold=getattr(g, "merge_threshold", None),
        )


@dataclass
class ItemCounts:
    """Everything about one article that does not depend on the rest of the batch (picklable)."""

    article_id: str
    order: OrderKey
    tf: dict[str, int]
    ent_keys: list[str]  # "role:key", as the grouper's index keys
    years: dict[int, float]
    day: int | None
    sig: bytes = b""  # MinHash hash values (uint64), empty when dedup is off
    frames: dict[str, list[str]] = field(default_factory=dict)  # "trigger:role" -> name parts
    embedding: bytes = b""  # float32 headline + lead embedding, empty when none
    outlet: str = ""


@dataclass
class Featured:
    """An article's weighted features and blocking keys."""

    article_id: str
    order: OrderKey
    feats: Features
    keys: list[str]
    sig: bytes = b""


@dataclass
class BatchGrouping:
    """story id per article (the earliest article of its story) and copy -> canonical id."""

    story_of: dict[str, str]
    duplicates: dict[str, str]
    order: dict[str, OrderKey] = field(default_factory=dict)  # arrival order key per article
    n_scored: int = 0

    def arrival(self) -> list[str]:
        """Article ids in arrival order (date order, undated last): the order stories formed in."""
        return sorted(self.order, key=self.order.__getitem__)

    @property
    def stories(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for aid, sid in self.story_of.items():
            out.setdefault(sid, []).append(aid)
        return out


# --- 1. per article -----------------------------------------------------------------------------


def order_key(item: StoryItem) -> OrderKey:
    day = parse_day(item.published)
    return (1, 0, "", item.article_id) if day is None else (0, day, item.published or "", item.article_id)


def item_counts(item: StoryItem, params: GroupingParams) -> ItemCounts:
    """The IDF-free half of ``StoryGrouper._featurize`` (same tokens, entity keys, years and frames)."""
    tf, ents, day, year, frames = item_signals(item, params.max_body_tokens, params.title_weight)
    sig = b""
    if params.dedup:
        sig = sig_bytes(signature((item.title + "\n" + item.text).strip(), params.num_perm))
    return ItemCounts(
        article_id=item.article_id,
        order=order_key(item),
        tf=dict(tf),
        ent_keys=[f"{r}:{k}" for r, ks in ents.items() for k in sorted(ks)],
        years={year: 1.0} if year is not None else {},
        day=day,
        sig=sig,
        frames={k: sorted(v) for k, v in frames.items()},
        embedding=np.asarray(item.embedding, dtype=np.float32).tobytes() if item.embedding is not None else b"",
        outlet=item.outlet,
    )


def sig_bytes(m: MinHash) -> bytes:
    """A MinHash's hash values as bytes (a compact, picklable, Parquet-friendly signature)."""
    return m.hashvalues.astype(np.uint64).tobytes()


# --- 2. document frequencies --------------------------------------------------------------------


def df_keys(c: ItemCounts) -> Iterator[str]:
    """The keys one article adds 1 to: "t:term" for each term, "e:role:key" for each entity key."""
    for t in c.tf:
        yield "t:" + t
    for k in c.ent_keys:
        yield "e:" + k


def doc_freqs(counts: Iterable[ItemCounts]) -> tuple[int, dict[str, int]]:
    """(number of articles, document frequency per :func:`df_keys` key)."""
    df: Counter[str] = Counter()
    n = 0
    for c in counts:
        n += 1
        df.update(df_keys(c))
    return n, dict(df)


# --- 3. weighting and blocking keys --------------------------------------------------------------


def featurize(c: ItemCounts, n: int, df: Mapping[str, int], params: GroupingParams) -> Featured:
    """The grouper's weighting (``StoryGrouper._featurize``) with batch document frequencies.

    A key missing from ``df`` counts as seen once (by this article), so a distributed caller may
    ship only the keys with df >= 2, which is most of the weight and a small part of the vocabulary.
    """
    by_role: dict[str, list[str]] = {r: [] for r in ROLES}
    for key in c.ent_keys:
        role, k = key.split(":", 1)
        by_role[role].append(k)
    feats = weigh(
        c.tf, by_role, c.day, dict(c.years), n,
        term_df=lambda t: df.get("t:" + t, 1), entity_df=lambda k: df.get("e:" + k, 1),
        frames=c.frames,
        embedding=np.frombuffer(c.embedding, dtype=np.float32) if c.embedding else None,
        outlet=c.outlet,
    )
    terms = feats.terms
    return Featured(c.article_id, c.order, feats, blocking_keys(terms, c, params), c.sig)


@functools.cache
def _bands(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    return tuple(MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS).hashranges)


def lsh_bands(params: GroupingParams) -> tuple[tuple[int, int], ...]:
    """The band ranges the near-duplicate index's ``MinHashLSH`` uses at this threshold (its optimiser)."""
    return _bands(params.dup_threshold, params.num_perm)


def blocking_keys(terms: Mapping[str, float], c: ItemCounts, params: GroupingParams) -> list[str]:
    """The grouper's index keys ("t:" top terms, "role:" entities) plus "b:" MinHash LSH bands.

    The band keys give the near-duplicate check the same candidates as ``NearDuplicateIndex``
    (articles agreeing on every hash value of one band).
    """
    top = sorted(terms, key=lambda t: (-terms[t], t))[: params.block_terms]
    keys = [f"t:{t}" for t in top] + list(c.ent_keys)
    if c.sig:
        hv = np.frombuffer(c.sig, dtype=np.uint64)
        for i, (a, b) in enumerate(lsh_bands(params)):
            keys.append(f"b:{i}:{hashlib.sha1(hv[a:b].tobytes()).hexdigest()[:16]}")
    return keys


# --- 4./5. candidate pairs -----------------------------------------------------------------------


def key_pairs(members: Iterable[tuple[OrderKey, str]], cap: int) -> Iterator[tuple[str, str]]:
    """(earlier id, later id) for the articles sharing one key; each pairs with <= ``cap`` predecessors.

    The cap is the grouper's posting-list cap (only the most recent ``cap`` stories per key are
    candidates): it keeps a common key from producing a quadratic number of pairs.
    """
    ordered = sorted(set(members))
    for j in range(1, len(ordered)):
        later = ordered[j][1]
        for i in range(max(0, j - cap), j):
            yield ordered[i][1], later


def choose_candidates(partners: Iterable[tuple[str, int, OrderKey]], max_candidates: int) -> list[str]:
    """An article's earlier partners (id, shared keys, order), most shared keys first, the latest on ties."""
    ranked = sorted(partners, key=lambda p: (p[2], p[0]), reverse=True)  # latest first ...
    ranked.sort(key=lambda p: -p[1])  # ... then (stable) most shared keys first
    return [p[0] for p in ranked[:max_candidates]]


# --- 6. links -------------------------------------------------------------------------------------


def jaccard(sig_a: bytes, sig_b: bytes) -> float:
    """MinHash Jaccard estimate: the share of equal hash values (what ``MinHash.jaccard`` computes)."""
    a = np.frombuffer(sig_a, dtype=np.uint64)
    b = np.frombuffer(sig_b, dtype=np.uint64)
    return float(np.count_nonzero(a == b)) / len(a) if len(a) and len(a) == len(b) else 0.0


@dataclass(frozen=True)
class Link:
    """One article's link to an earlier one: ``kind`` "dup" (near-copy), "score" (same event) or
    "merge" (a lone earlier article re-tested against the later one's story, :func:`lone_links`)."""

    later: str
    earlier: str
    kind: Literal["dup", "score", "merge"]
    score: float


def best_link(
    item: Featured, candidates: Sequence[Featured], params: GroupingParams
) -> tuple[list[Link], int]:
    """The links of one article to its candidates, and how many pairs were scored.

    Near-copies win over scores (as in the grouper, a copy joins its original's story unscored);
    among copies the highest Jaccard, then the highest id (``NearDuplicateIndex``'s tie rule).
    Otherwise the best :func:`score_pair` at or above the threshold (``link="all"``: every one).
    """
    if params.dedup and item.sig:
        dup: tuple[float, str] | None = None
        for cand in candidates:
            if cand.sig:
                j = jaccard(item.sig, cand.sig)
                if j >= params.dup_threshold and (dup is None or (j, cand.article_id) > dup):
                    dup = (j, cand.article_id)
        if dup is not None:
            return [Link(item.article_id, dup[1], "dup", dup[0])], 0
    scored = sorted(
        ((score_pair(item.feats, c.feats, params.weights), c.article_id) for c in candidates),
        key=lambda x: (-x[0], x[1]),
    )
    # every partner is one article: the grouper's bar for joining a one-article story applies
    bar = params.threshold + params.singleton_margin
    over = [Link(item.article_id, cid, "score", s) for s, cid in scored if s >= bar]
    return (over[:1] if params.link == "best" else over), len(scored)


# --- 8. lone articles (a second pass after step 7) ------------------------------------------------


def story_features(members: Iterable[Features]) -> Features:
    """A story's features: its members' summed (as the grouper's story aggregate), inputs untouched."""
    total = Features({}, 0.0, n=0)
    for f in members:
        total.merge(f)
    return total


def lone_links(
    item: Featured,
    story: Features | None,
    candidates: Sequence[Featured],
    lone: Container[str],
    params: GroupingParams,
) -> tuple[list[Link], int]:
    """Links from an article's story to those of its candidates that are still alone (the grouper's re-test).

    ``story`` is the summed features of the article's story after step 7 (None when the article
    did not link by score: in the grouper only an article that joined a story by score triggers
    the re-test), ``lone`` the articles in one-article stories after step 7.  A lone candidate is
    linked when ``score_pair(story, candidate)`` reaches ``params.merge_threshold``.
    """
    if params.merge_threshold is None or story is None:
        return [], 0
    out: list[Link] = []
    n = 0
    for c in candidates:
        if c.article_id in lone:
            n += 1
            s = score_pair(story, c.feats, params.weights)
            if s >= params.merge_threshold:
                out.append(Link(item.article_id, c.article_id, "merge", s))
    return out, n


# --- 7. components -------------------------------------------------------------------------------


def connected_components(order: Mapping[str, OrderKey], links: Iterable[Link]) -> BatchGrouping:
    """Stories = connected components of the links; a story's id is its earliest article.

    Union-find by hand (a dozen lines; no graph library is a dependency).  A copy's canonical is the
    root of its chain of "dup" links, the first article it (transitively) copies.
    """
    parent = {a: a for a in order}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    dup_of: dict[str, str] = {}
    for link in links:
        if link.kind == "dup":
            dup_of[link.later] = link.earlier
        ra, rb = find(link.later), find(link.earlier)
        if ra != rb:
            # keep the earlier article as the root, so the root is the story's first article
            if order[ra] < order[rb]:
                ra, rb = rb, ra
            parent[ra] = rb
    duplicates: dict[str, str] = {}
    for copy in dup_of:
        canon = copy
        while canon in dup_of:
            canon = dup_of[canon]
        duplicates[copy] = canon
    return BatchGrouping(story_of={a: find(a) for a in order}, duplicates=duplicates, order=dict(order))


# --- the local batch path ---------------------------------------------------------------------------


def group_batch(items: Sequence[StoryItem], params: GroupingParams | None = None) -> BatchGrouping:
    """Group a batch on this machine with exactly the steps the Spark job distributes."""
    params = params or GroupingParams.from_grouper()
    counts = [item_counts(it, params) for it in items]
    n, df = doc_freqs(counts)
    featured = {f.article_id: f for f in (featurize(c, n, df, params) for c in counts)}
    postings: dict[str, list[tuple[OrderKey, str]]] = {}
    for f in featured.values():
        for k in f.keys:
            postings.setdefault(k, []).append((f.order, f.article_id))
    shared: Counter[tuple[str, str]] = Counter()
    for members in postings.values():
        shared.update(key_pairs(members, params.posting_cap))
    partners: dict[str, list[tuple[str, int, OrderKey]]] = {}
    for (earlier, later), k in shared.items():
        partners.setdefault(later, []).append((earlier, k, featured[earlier].order))
    links: list[Link] = []
    n_scored = 0
    chosen: dict[str, list[Featured]] = {}
    for later, ps in partners.items():
        cands = chosen[later] = [featured[c] for c in choose_candidates(ps, params.max_candidates)]
        found, scored = best_link(featured[later], cands, params)
        links.extend(found)
        n_scored += scored
    order = {a: f.order for a, f in featured.items()}
    result = connected_components(order, links)
    if params.merge_threshold is not None:
        stories = result.stories
        lone = {m[0] for m in stories.values() if len(m) == 1}
        summed = {  # members summed in arrival order (the Spark form does the same: equal float sums)
            sid: story_features(featured[a].feats for a in sorted(m, key=order.__getitem__))
            for sid, m in stories.items()
            if len(m) > 1
        }
        by_score = {link.later for link in links if link.kind == "score"}
        extra: list[Link] = []
        for later in by_score:
            found, scored = lone_links(
                featured[later], summed.get(result.story_of[later]), chosen[later], lone, params
            )
            extra.extend(found)
            n_scored += scored
        if extra:
            result = connected_components(order, links + extra)
    result.n_scored = n_scored
    return result
