"""Article embeddings: the packaged model, on real text, loaded offline and batch-independent."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsprism.analysis.article import analyze_many
from newsprism.analysis.embedding import LEAD_WORDS, embed_articles, embed_texts, embedding_text
from newsprism.model import Article, article_id_for

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "xi-putin"

QUAKE = (
    "A magnitude 6.4 earthquake struck near the southern Taiwanese city of Tainan early on Saturday, "
    "toppling a 17-storey apartment building and killing at least seven people, officials said. "
    "Rescuers pulled more than 200 survivors from the rubble of the Weiguan Jinlong complex."
)


def _examples() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]


def test_two_outlets_reports_of_one_event_embed_closer_than_another_event(embedder) -> None:
    xi_a, xi_b = _examples()
    a, b, quake = (np.array(v) for v in embed_texts([xi_a, xi_b, QUAKE], embedder))
    assert a @ b > 0.6  # the Xi-Putin meeting, told by two outlets (one starts mid-article)
    assert a @ quake < 0.3 and b @ quake < 0.3
    assert a @ b - max(a @ quake, b @ quake) > 0.4


def test_vectors_are_unit_length_and_of_the_models_size(embedder) -> None:
    (v,) = embed_texts([QUAKE], embedder)
    assert len(v) == 384
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-3


def test_a_texts_vector_does_not_depend_on_its_batch_neighbours(embedder) -> None:
    # Spark and the local runner put different articles in one batch: the stored vector must be
    # the same, or the two paths would group differently
    xi_a, xi_b = _examples()
    alone = embed_texts([QUAKE], embedder)[0]
    with_longer = embed_texts([xi_a, QUAKE, xi_b], embedder)[1]
    assert alone == with_longer


def test_embedded_text_is_the_headline_then_the_lead() -> None:
    text = " ".join(f"w{i}" for i in range(LEAD_WORDS + 50))
    out = embedding_text("ABC News", "https://abcnews.go.com/International/xi-putin-meet-moscow-9123", text)
    head, lead = out.split("\n")
    assert head == "xi putin meet moscow"  # the site-name title gives way to the URL's words
    assert lead.split() == text.split()[:LEAD_WORDS]


def test_analyze_many_attaches_the_embedding_only_when_given_a_model(nlp, embedder) -> None:
    arts = [Article(id=article_id_for(t), outlet="x", text=t, source_path="x.txt", published="2023-03-20")
            for t in _examples()]
    with_model = [an for _, an in analyze_many(arts, nlp, embedder=embedder)]
    assert [an.embedding for an in with_model] == embed_articles(arts, embedder)
    without = [an for _, an in analyze_many(arts, nlp)]
    assert all(an.embedding is None for an in without)
    assert [an.quotes for an in without] == [an.quotes for an in with_model]  # nothing else changes


def test_an_embedding_failure_costs_only_that_articles_vector(nlp, embedder) -> None:
    class Flaky:
        """The real model, failing on one text (as a corrupt tokenizer input would)."""

        def encode(self, texts, **kw):
            if any("Tainan" in t for t in texts):
                raise RuntimeError("tokenizer blew up\nsecond line")
            return embedder.encode(texts, **kw)

    texts = [*_examples(), QUAKE]
    arts = [Article(id=article_id_for(t), outlet="x", text=t, source_path=f"{i}.txt", published="2023-03-20")
            for i, t in enumerate(texts)]
    out = [an for _, an in analyze_many(arts, nlp, embedder=Flaky())]
    assert out[0].embedding is not None and out[1].embedding is not None
    assert out[2].embedding is None
    assert out[2].warnings == ["embedding failed: RuntimeError: tokenizer blew up"]
    assert out[2].quotes == [an for _, an in analyze_many(arts[2:], nlp)][0].quotes  # the rest is intact


def test_only_dated_articles_are_embedded_a_printed_dateline_counts_as_a_date(nlp, embedder) -> None:
    # the grouper reads the embedding only between two dated reports: an undated one's is never used
    dated = Article(id="d", outlet="x", text=QUAKE, source_path="d.txt", published="2016-02-06T04:10:00Z")
    printed = Article(id="p", outlet="x", text="Updated: February 6, 2016\n" + QUAKE, source_path="p.txt")
    undated = Article(id="u", outlet="x", text=QUAKE, source_path="u.txt")
    out = {a.id: an for a, an in analyze_many([dated, printed, undated], nlp, embedder=embedder)}
    assert out["d"].embedding == embed_articles([dated], embedder)[0]
    assert out["p"].embedding == embed_articles([printed], embedder)[0]
    assert out["u"].embedding is None and out["u"].warnings == []
    assert out["u"].quotes == out["d"].quotes  # the rest of the analysis is the same


def test_a_batch_of_undated_texts_never_loads_the_embedder(monkeypatch, nlp) -> None:
    import newsprism.nlp
    from newsprism.runners.local import analyze_shard

    def refuse() -> None:
        raise AssertionError("the embedder was loaded for undated texts")

    monkeypatch.setattr(newsprism.nlp, "load_embedder", refuse)
    arts = [Article(id=article_id_for(t), outlet="x", text=t, source_path=f"{i}.txt") for i, t in enumerate([QUAKE])]
    ((_id, analysis),) = analyze_shard(arts)
    assert not isinstance(analysis, str) and analysis.embedding is None
