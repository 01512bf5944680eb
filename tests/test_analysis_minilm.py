"""The numpy MiniLM gives sentence-transformers' vectors: values pinned from the reference library."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from newsprism.analysis.minilm import gelu

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minilm_reference.json"


def test_vectors_match_the_ones_sentence_transformers_computed(embedder) -> None:
    # fixture written by bench/embed_reference.py --write-fixture with sentence-transformers on
    # torch (max difference there: 2.3e-7 on 172 news texts); 1e-5 leaves room for another CPU's BLAS
    ref = json.loads(FIXTURE.read_text(encoding="utf-8"))
    got = embedder.encode(ref["texts"])
    expected = np.array(ref["vectors"], dtype=np.float32)
    assert got.shape == expected.shape == (len(ref["texts"]), 384)
    assert float(np.abs(got - expected).max()) < 1e-5


def test_padded_batches_give_each_text_its_own_vector(embedder) -> None:
    # the attention mask keeps padding out of a shorter text's attention and its mean
    texts = ["Flood waters recede in the valley", "Officials said 1,200 homes were damaged by the flood, "
             "the worst in the region since records began in 1910."]
    alone = embedder.encode(texts, batch_size=1)
    together = embedder.encode(texts, batch_size=2)
    assert float(np.abs(alone - together).max()) < 1e-5


def test_long_texts_are_cut_at_the_models_word_piece_limit(embedder) -> None:
    long = "The minister said the talks would resume on Monday. " * 100
    (ids,) = embedder.token_ids([long])
    assert len(ids) == embedder.max_tokens == 256
    assert ids[0] == 101 and ids[-1] == 102  # [CLS] ... [SEP] kept around the cut
    (short,) = embedder.token_ids(["  Talks resume  "])
    assert short == [101, 7566, 13746, 102]  # stripped, lower-cased word pieces


def test_gelu_is_the_exact_erf_form() -> None:
    xs = np.linspace(-8, 8, 4001, dtype=np.float32)
    expected = np.array([0.5 * x * (1 + math.erf(x / math.sqrt(2))) for x in xs.astype(float)])
    assert float(np.abs(gelu(xs) - expected).max()) < 2e-6


def test_a_texts_word_piece_vectors_are_what_its_sentence_vector_averages(embedder) -> None:
    # token_vectors leaves out [CLS] and [SEP]; the sentence vector is the mean over all pieces
    text = "The minister said the talks would resume on Monday."
    pieces = embedder.token_vectors(text)
    ids = embedder.token_ids([text])[0]
    assert pieces.shape == (len(ids) - 2, 384)
    states = embedder.token_states(np.array([ids]), np.ones((1, len(ids)), dtype=np.float32))[0]
    mean = states.mean(axis=0)
    assert float(np.abs(mean / np.linalg.norm(mean) - embedder.encode([text])[0]).max()) < 1e-6
    assert float(np.abs(states[1:-1] - pieces).max()) == 0.0
