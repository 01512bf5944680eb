"""The batch grouping steps (stories.blocking) that the Spark job distributes: no Java needed."""

from __future__ import annotations

from collections.abc import Iterator

from newsprism.stories.blocking import (
    Featured,
    GroupingParams,
    Link,
    choose_candidates,
    connected_components,
    doc_freqs,
    featurize,
    group_batch,
    item_counts,
    jaccard,
    key_pairs,
    lone_links,
    order_key,
    sig_bytes,
    story_features,
)
from newsprism.stories.dedup import signature
from newsprism.stories.grouping import Features, StoryGrouper, StoryItem
from newsprism.stories.minhash import MinHash

QUAKE = StoryItem(
    "q1", "Magnitude 6.1 earthquake shakes Lisbon", "A magnitude 6.1 earthquake struck off the coast of Lisbon "
    "on Monday morning, damaging old buildings in the Alfama district. Mayor Carlos Moedas said two people "
    "were injured by falling masonry.", "2024-03-04", "a.example",
    [("Lisbon", "GPE"), ("Carlos Moedas", "PERSON"), ("Alfama", "LOC"), ("Monday", "DATE")],
)
QUAKE2 = StoryItem(
    "q2", "Lisbon earthquake injures two", "Two people were hurt when a strong earthquake hit Lisbon on Monday. "
    "Moedas, the city's mayor, said engineers were inspecting buildings in Alfama after the magnitude 6.1 quake.",
    "2024-03-04", "b.example", [("Lisbon", "GPE"), ("Moedas", "PERSON"), ("Alfama", "LOC")],
)
OTHER_QUAKE = StoryItem(
    "q3", "Porto museum reopens after restoration", "The Soares dos Reis museum in Porto reopened on Thursday "
    "after a two-year restoration of its roof and galleries. Director Ana Paula Rebelo said 40 paintings "
    "were returning from storage.", "2024-03-07", "c.example",
    [("Porto", "GPE"), ("Soares dos Reis", "ORG"), ("Ana Paula Rebelo", "PERSON")],
)
BUDGET = StoryItem(
    "b1", "Parliament passes the 2025 budget", "Lawmakers approved the national budget for 2025 by 130 votes to 96 "
    "on Friday after finance minister Joaquim Miranda Sarmento agreed to raise pensions.", "2024-03-08",
    "a.example", [("Joaquim Miranda Sarmento", "PERSON"), ("2025", "DATE")],
)
ITEMS = [QUAKE, QUAKE2, OTHER_QUAKE, BUDGET]


def both_featurized(items: list[StoryItem]) -> Iterator[tuple[Features, list[str], Featured]]:
    """Each item through StoryGrouper._featurize and through the batch featurize with the same df."""
    grouper = StoryGrouper()
    params = GroupingParams.from_grouper(grouper)
    seen = []
    for item in items:
        g_feats, g_keys = grouper._featurize(grouper.signals(item))
        seen.append(item_counts(item, params))
        yield g_feats, g_keys, featurize(seen[-1], *doc_freqs(seen), params)


def test_weights_equal_the_incremental_grouper_when_document_frequencies_agree() -> None:
    """featurize is StoryGrouper._featurize with the df given: fed the df the grouper has seen, it agrees."""
    for g_feats, g_keys, ours in both_featurized(ITEMS):
        assert ours.feats.terms.keys() == g_feats.terms.keys()
        for t, v in g_feats.terms.items():
            assert abs(ours.feats.terms[t] - v) < 1e-12
        assert ours.feats.ents == g_feats.ents and ours.feats.years == g_feats.years
        assert [k for k in ours.keys if k.startswith("t:")] == [k for k in g_keys if k.startswith("t:")]
        assert {k for k in ours.keys if not k.startswith(("t:", "b:"))} == {k for k in g_keys if not k.startswith("t:")}


def test_jaccard_is_minhash_jaccard() -> None:
    a, b = signature("the barrier was closed for four hours on Saturday morning"), signature(
        "the barrier was closed for four hours on Sunday morning"
    )
    sa, sb = sig_bytes(a), sig_bytes(b)
    assert jaccard(sa, sb) == MinHash.jaccard(a, b)
    assert 0 < jaccard(sa, sb) < 1


def test_key_pairs_pair_each_article_with_at_most_cap_predecessors() -> None:
    members = [((0, d, "", f"a{d}"), f"a{d}") for d in range(6)]
    pairs = list(key_pairs(reversed(members), cap=2))
    assert pairs == [("a0", "a1"), ("a0", "a2"), ("a1", "a2"), ("a1", "a3"), ("a2", "a3"),
                     ("a2", "a4"), ("a3", "a4"), ("a3", "a5"), ("a4", "a5")]


def test_candidates_most_shared_keys_first_then_latest() -> None:
    parts = [("x", 2, (0, 1, "", "x")), ("y", 5, (0, 1, "", "y")), ("z", 2, (0, 3, "", "z"))]
    assert choose_candidates(parts, 2) == ["y", "z"]


def test_components_are_rooted_at_the_earliest_article_and_copies_at_the_original() -> None:
    order = {i: (0, d, "", i) for i, d in [("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)]}
    links = [Link("c", "b", "dup", 0.9), Link("d", "c", "dup", 0.95), Link("b", "a", "score", 0.5)]
    g = connected_components(order, links)
    assert g.story_of == {"a": "a", "b": "a", "c": "a", "d": "a", "e": "e"}
    assert g.duplicates == {"c": "b", "d": "b"}
    assert g.arrival() == ["a", "b", "c", "d", "e"]


def test_group_batch_groups_one_event_and_agrees_with_the_grouper() -> None:
    g = group_batch(ITEMS)
    assert {frozenset(v) for v in g.stories.values()} == {frozenset({"q1", "q2"}), frozenset({"q3"}), frozenset({"b1"})}
    assert g.story_of["q2"] == "q1"  # the earliest article names the story
    inc = StoryGrouper().assign(ITEMS)
    by_story: dict[str, set[str]] = {}
    for aid, sid in inc.items():
        by_story.setdefault(sid, set()).add(aid)
    assert {frozenset(v) for v in by_story.values()} == {frozenset(v) for v in g.stories.values()}


def test_group_batch_does_not_depend_on_input_order() -> None:
    a = group_batch(ITEMS)
    b = group_batch(list(reversed(ITEMS)))
    assert a.story_of == b.story_of and a.duplicates == b.duplicates


def test_order_key_puts_undated_last() -> None:
    undated = StoryItem("u", "t", "x")
    assert sorted([order_key(undated), order_key(QUAKE)]) == [order_key(QUAKE), order_key(undated)]


def _featured(params: GroupingParams) -> dict:
    counts = [item_counts(it, params) for it in ITEMS]
    n, df = doc_freqs(counts)
    return {c.article_id: featurize(c, n, df, params) for c in counts}


def test_story_features_sum_the_members_without_changing_them() -> None:
    f = _featured(GroupingParams.from_grouper())
    before = dict(f["q1"].feats.terms)
    story = story_features([f["q1"].feats, f["q2"].feats])
    assert story.n == 2 and f["q1"].feats.n == 1 and f["q1"].feats.terms == before
    assert story.terms.keys() == f["q1"].feats.terms.keys() | f["q2"].feats.terms.keys()


def test_lone_links_join_only_lone_candidates_that_the_story_matches() -> None:
    """The second pass links a lone earlier article to a later article's story, and nothing else."""
    params = GroupingParams.from_grouper()
    assert params.merge_threshold is not None
    f = _featured(params)
    story = story_features([f["q2"].feats, f["q3"].feats])  # any story holding the later article
    cands = [f["q1"], f["b1"]]
    links, scored = lone_links(f["q2"], story, cands, {"q1", "b1"}, params)
    assert [(lk.earlier, lk.kind) for lk in links] == [("q1", "merge")] and scored == 2
    assert lone_links(f["q2"], story, cands, {"b1"}, params)[0] == []  # q1 already in a story
    assert lone_links(f["q2"], None, cands, {"q1", "b1"}, params) == ([], 0)  # q2 joined nothing


def test_embeddings_reach_the_batch_features_as_in_the_grouper(embedder) -> None:
    """The batch form carries each article's embedding (as float32 bytes) into the same Features."""
    import dataclasses

    import numpy as np

    from newsprism.analysis.embedding import embed_texts, embedding_text

    vecs = embed_texts([embedding_text(i.title, i.url, i.text) for i in ITEMS], embedder)
    items = [dataclasses.replace(i, embedding=tuple(v)) for i, v in zip(ITEMS, vecs, strict=True)]
    for g_feats, _, featured in both_featurized(items):
        ours = featured.feats
        assert g_feats.emb is not None and ours.emb is not None
        assert np.array_equal(ours.emb, g_feats.emb) and ours.emb_norm == g_feats.emb_norm
    assert group_batch(items).stories == group_batch(ITEMS).stories  # clear-cut events: same stories


def test_batch_near_copy_bands_are_the_incremental_index_s() -> None:
    """The batch form finds near-copy candidates by the same LSH bands as NearDuplicateIndex."""
    from newsprism.stories.blocking import GroupingParams, lsh_bands
    from newsprism.stories.dedup import NearDuplicateIndex

    g = StoryGrouper()
    assert g.dedup is not None
    assert list(lsh_bands(GroupingParams.from_grouper(g))) == list(NearDuplicateIndex()._lsh.hashranges)
