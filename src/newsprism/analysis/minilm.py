"""all-MiniLM-L6-v2's forward pass in numpy: the sentence embedding without PyTorch.

Why: the model is a 6-layer BERT encoder (hidden 384, 12 heads, 22M weights); running it on
PyTorch through sentence-transformers cost a 2.5 GB install, ~1.2 s of ``import torch`` in every
process (spaCy's thinc imports it too when it can) and a few seconds of loading.  The same
arithmetic in float32 numpy, reading the packaged ``model.safetensors`` and ``tokenizer.json``
(the ``tokenizers`` library: Rust, no torch), gives the same vectors: within 3e-7 of
sentence-transformers on example articles and PolNeAR texts (``tests/test_analysis_minilm.py`` pins
values the reference computed).

What sentence-transformers does for this model, and so what this does: strip the text, BERT word
pieces (lower-cased, ``[CLS] ... [SEP]``, cut to ``max_tokens`` pieces in all), token + position +
type-0 embeddings and a layer norm, six post-norm encoder layers (self-attention with the attention
mask, exact erf GELU feed-forward), mean over the unmasked positions, L2 normalisation.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# erf as a rational function of x (odd numerator of degree 13, even denominator of degree 8), the
# float32 approximation of Eigen / XLA: absolute error < 5e-7 on [-4, 4], and erf(+-4) rounds to +-1
# in float32.  numpy has no erf, and importing scipy.special for it would cost ~0.3 s per process.
_ERF_NUM = tuple(np.float32(c) for c in (
    -2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06, -5.69250639462346e-05,
    -7.34990630326855e-04, -2.95459980854025e-03, -1.60960333262415e-02,
))
_ERF_DEN = tuple(np.float32(c) for c in (
    -1.45660718464996e-05, -2.13374055278905e-04, -1.68282697438203e-03, -7.37332916720468e-03,
    -1.42647390514189e-02,
))
_SQRT_HALF = np.float32(0.7071067811865476)
_HALF = np.float32(0.5)


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, ``x * P(X <= x)`` for a standard normal X: ``0.5 x (1 + erf(x / sqrt 2))``.

    In place where it can (the feed-forward activations are the largest array of the pass).
    """
    z = np.multiply(x, _SQRT_HALF)
    np.clip(z, -4.0, 4.0, out=z)
    z2 = np.multiply(z, z)
    p = np.multiply(z2, _ERF_NUM[0])
    p += _ERF_NUM[1]
    for c in _ERF_NUM[2:]:
        p *= z2
        p += c
    p *= z
    q = np.multiply(z2, _ERF_DEN[0])
    q += _ERF_DEN[1]
    for c in _ERF_DEN[2:]:
        q *= z2
        q += c
    p /= q  # erf(x / sqrt 2)
    p += 1.0
    p *= _HALF
    p *= x
    return p


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Normalise each row to mean 0, variance 1 (biased variance, as torch), then scale and shift."""
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(np.square(centred), axis=-1, keepdims=True)
    centred /= np.sqrt(var + np.float32(eps))
    centred *= weight
    centred += bias
    return centred


class MiniLM:
    """The packaged all-MiniLM-L6-v2 sentence encoder: ``encode(texts)`` -> unit rows, float32.

    Weights are rearranged once at load for the products this pass makes (``x @ W``, the query,
    key and value projections in one matrix); that changes no value, only the memory layout.
    """

    def __init__(self, model_dir: Path | str, max_tokens: int = 256) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"{model_dir}: not a BERT encoder this pass implements")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.max_tokens = min(max_tokens, int(config["max_position_embeddings"]))
        # the file's own defaults (cut at 128, pad to 128) are not the model's: replaced here
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_tokens)
        self.tokenizer = tokenizer

        w = load_file(str(model_dir / "model.safetensors"))
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.emb_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."

            def get(name: str, p: str = p) -> np.ndarray:
                return w[p + name]

            qkv = np.concatenate([get(f"attention.self.{n}.weight") for n in ("query", "key", "value")])
            self.layers.append({
                "qkv": np.ascontiguousarray(qkv.T),
                "qkv_b": np.concatenate([get(f"attention.self.{n}.bias") for n in ("query", "key", "value")]),
                "out": np.ascontiguousarray(get("attention.output.dense.weight").T),
                "out_b": get("attention.output.dense.bias"),
                "norm1": (get("attention.output.LayerNorm.weight"), get("attention.output.LayerNorm.bias")),
                "ff1": np.ascontiguousarray(get("intermediate.dense.weight").T),
                "ff1_b": get("intermediate.dense.bias"),
                "ff2": np.ascontiguousarray(get("output.dense.weight").T),
                "ff2_b": get("output.dense.bias"),
                "norm2": (get("output.LayerNorm.weight"), get("output.LayerNorm.bias")),
            })
        self.dim = self.word.shape[1]

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids of each (stripped) text, ``[CLS]`` and ``[SEP]`` included, cut to ``max_tokens``."""
        # encode, not encode_batch: the batch call runs a pool of threads, one process per core here
        return [self.tokenizer.encode(str(t).strip()).ids for t in texts]

    def encode(self, texts: Sequence[str], batch_size: int = 1) -> np.ndarray:
        """Unit-length embeddings, one row per text, in order.

        ``batch_size`` texts share one padded pass; the attention mask keeps a text's vector
        independent of its batch up to float rounding (exactly so with the default of one).
        """
        ids = self.token_ids(texts)
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            length = max(len(x) for x in chunk)
            batch = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, x in enumerate(chunk):
                batch[row, : len(x)] = x
                mask[row, : len(x)] = 1.0
            out[start : start + len(chunk)] = self.forward(batch, mask)
        return out

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(batch, length) ids and 0/1 mask -> (batch, dim) mean-pooled, L2-normalised vectors."""
        x = self.token_states(ids, mask)
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, np.float32(1e-12))).astype(np.float32)

    def token_vectors(self, text: str) -> np.ndarray:
        """One text's word-piece vectors after the last layer, ``[CLS]`` and ``[SEP]`` left out.

        What the sentence vector averages.  Read by ``bench/train_ledger_links.py
        --embedding-features`` (a greedy word-piece alignment of two quotes, BERTScore's way).
        """
        ids = np.array([self.token_ids([text])[0]], dtype=np.int64)
        return self.token_states(ids, np.ones(ids.shape, dtype=np.float32))[0, 1:-1]

    def token_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(batch, length) ids and 0/1 mask -> (batch, length, dim): the encoder's last layer."""
        n, length = ids.shape
        h, d = self.heads, self.dim // self.heads
        x = self.word[ids] + self.position[:length] + self.token_type
        x = layer_norm(x, *self.emb_norm, self.eps)
        # padded keys get the most negative float32 added, as transformers does (none: no padding)
        padded = bool((mask == 0).any())
        key_bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(d))
        for layer in self.layers:
            qkv = x @ layer["qkv"]
            qkv += layer["qkv_b"]
            # (n, length, 3, heads, d) -> three (n, heads, length, d)
            q, k, v = qkv.reshape(n, length, 3, h, d).transpose(2, 0, 3, 1, 4)
            q = q * scale  # scaling q: a 12th of the work of scaling the scores
            scores = q @ k.transpose(0, 1, 3, 2)
            if padded:
                scores += key_bias
            # Softmax subtracts each row's maximum only so that exp cannot overflow or vanish.
            # |q.k| <= |q| |k|: below 60, exp stays in float32's normal range and the row's
            # maximum (two passes over the 12 x length x length scores) can be skipped.
            bound = float(np.sqrt(np.square(q).sum(axis=-1).max()) * np.sqrt(np.square(k).sum(axis=-1).max()))
            if padded or bound >= 60.0:
                scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, self.dim)
            attn = context @ layer["out"]
            attn += layer["out_b"]
            attn += x
            x = layer_norm(attn, *layer["norm1"], self.eps)
            ff = x @ layer["ff1"]
            ff += layer["ff1_b"]
            ff = gelu(ff)
            y = ff @ layer["ff2"]
            y += layer["ff2_b"]
            y += x
            x = layer_norm(y, *layer["norm2"], self.eps)
        return x
