"""The story grouper's state as plain data: JSON with packed number arrays, never code.

Why not pickle: the state is stored inside the corpus file, and a corpus file can come from
anyone (a colleague's export, a download).  Unpickling runs whatever the file says, so a crafted
``.duckdb`` would run a command on ``ingest``.  This format holds only JSON values (strings,
numbers, lists, objects) and little-endian float32 / uint64 arrays in base64: loading it can
build nothing but a :class:`~newsprism.stories.grouping.StoryGrouper`, and anything malformed is
a :class:`StateError`.

What is stored: the grouper's configuration (so a corpus keeps the setting it was grouped with),
document frequencies, each story's summed :class:`~newsprism.stories.grouping.Features`, its
members, each scored member's own features (the evidence of average linkage), the blocking
index (each posting list in its recency order), arrival numbers, retired story ids, and the near-duplicate index's MinHash signatures.  The LSH tables are not stored:
they are rebuilt from the signatures in arrival order (``MinHashLSH.insert``, ~10 us a
signature), which gives the same tables and keeps the format independent of the index's
internals.  The whole document is zlib-compressed.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections import Counter, OrderedDict
from dataclasses import asdict, fields
from typing import Any

import numpy as np

from newsprism.stories.dedup import SCHEME, NearDuplicateIndex
from newsprism.stories.grouping import ROLES, Features, ScoreWeights, StoryGrouper
from newsprism.stories.minhash import MinHash

# Bump when the document's shape changes; a corpus written by another version then gets a clear
# message instead of a grouper with missing parts.  (Formats 1-4 were pickles; 5 had
# no per-article features, which average linkage needs.)
STATE_FORMAT = 6
_MAGIC = b"NPGS"  # newsprism grouper state; a pickle starts with b"\x80"

_CONFIG = (
    "threshold", "title_weight", "max_body_tokens", "block_terms", "posting_cap", "max_candidates",
    "max_postings", "singleton_margin", "merge_threshold", "linkage", "linkage_sample", "out_of_window",
    "density", "density_k", "linkage_k",
)


class StateError(ValueError):
    """The bytes are not a grouper state this version can read (one-line message)."""


def _pack(arr: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(arr, dtype=dtype).tobytes()).decode("ascii")


def _unpack(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text.encode("ascii"), validate=True), dtype=dtype).copy()


def _features_to_json(f: Features) -> dict[str, Any]:
    return {
        "terms": f.terms, "norm": f.norm, "ents": f.ents, "ent_norms": f.ent_norms,
        "day_min": f.day_min, "day_max": f.day_max, "years": [[y, c] for y, c in f.years.items()],
        "n": f.n, "day_sum": f.day_sum, "n_dated": f.n_dated,
        "frames": {k: sorted(v) for k, v in f.frames.items()},
        "emb": None if f.emb is None else _pack(f.emb, "<f4"), "emb_norm": f.emb_norm,
        "outlets": sorted(f.outlets),
    }


def _features_from_json(d: dict[str, Any]) -> Features:
    ents = {r: {str(k): float(v) for k, v in d["ents"].get(r, {}).items()} for r in ROLES}
    return Features(
        terms={str(k): float(v) for k, v in d["terms"].items()},
        norm=float(d["norm"]),
        ents=ents,
        ent_norms={r: float(d["ent_norms"].get(r, 0.0)) for r in ROLES},
        day_min=None if d["day_min"] is None else int(d["day_min"]),
        day_max=None if d["day_max"] is None else int(d["day_max"]),
        years={int(y): float(c) for y, c in d["years"]},
        n=int(d["n"]),
        day_sum=float(d["day_sum"]),
        n_dated=int(d["n_dated"]),
        frames={str(k): {str(x) for x in v} for k, v in d["frames"].items()},
        emb=None if d["emb"] is None else _unpack(d["emb"], "<f4").astype(np.float32),
        emb_norm=float(d["emb_norm"]),
        outlets={str(o) for o in d["outlets"]},
    )


def _dedup_to_json(index: NearDuplicateIndex) -> dict[str, Any]:
    ids = list(index._sigs)  # arrival order (dicts keep insertion order)
    sigs = np.stack([index._sigs[i].hashvalues for i in ids]) if ids else np.zeros((0, index.num_perm))
    return {
        "threshold": index.threshold, "num_perm": index.num_perm, "seed": index.seed,
        "ids": ids, "hashvalues": _pack(sigs, "<u8"), "canonical": index._canonical,
    }


def _dedup_from_json(d: dict[str, Any]) -> NearDuplicateIndex:
    index = NearDuplicateIndex(threshold=float(d["threshold"]), num_perm=int(d["num_perm"]), seed=int(d["seed"]))
    ids = [str(i) for i in d["ids"]]
    values = _unpack(d["hashvalues"], "<u8").astype(np.uint64)
    if values.size != len(ids) * index.num_perm:
        raise StateError("near-duplicate signatures do not match their ids")
    for aid, row in zip(ids, values.reshape(len(ids), index.num_perm), strict=True):
        m = MinHash(num_perm=index.num_perm, seed=index.seed, hashvalues=row, scheme=SCHEME)
        index._lsh.insert(aid, m)
        index._sigs[aid] = m
    index._canonical = {str(k): str(v) for k, v in d["canonical"].items()}
    return index


def dump_state(grouper: StoryGrouper) -> bytes:
    """The grouper as bytes (magic, then zlib-compressed JSON)."""
    g = grouper
    doc = {
        "format": STATE_FORMAT,
        "config": {k: getattr(g, k) for k in _CONFIG},
        "weights": asdict(g.weights),
        "n_docs": g.n_docs,
        "n_scored": g.n_scored,
        "df": dict(g._df),
        "edf": dict(g._edf),
        "stories": {sid: _features_to_json(f) for sid, f in g._stories.items()},
        "members": g._members,
        "index": {k: list(post) for k, post in g._index.items()},
        "seq": g._seq,
        "merged": g._merged,
        "feats": {aid: _features_to_json(f) for aid, f in g._feats.items()},
        "voters": g._voters,
        "dedup": None if g.dedup is None else _dedup_to_json(g.dedup),
    }
    body = json.dumps(doc, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return _MAGIC + zlib.compress(body, 6)


def load_state(blob: bytes) -> StoryGrouper:
    """A grouper from :func:`dump_state`'s bytes; :class:`StateError` for anything else."""
    if not blob.startswith(_MAGIC):
        if blob[:1] == b"\x80":
            raise StateError("story-grouping state is in an old format (a pickle, never loaded: it could run code)")
        raise StateError("story-grouping state is not newsprism data")
    try:
        doc = json.loads(zlib.decompress(blob[len(_MAGIC):]).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise StateError(f"story-grouping state is damaged ({type(exc).__name__})") from exc
    if not isinstance(doc, dict) or doc.get("format") != STATE_FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else "?"
        raise StateError(f"story-grouping state has format {found}; this version reads {STATE_FORMAT}")
    try:
        return _grouper_from_json(doc)
    except StateError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StateError(f"story-grouping state is damaged ({type(exc).__name__}: {exc})") from exc


def _grouper_from_json(doc: dict[str, Any]) -> StoryGrouper:
    known = {f.name for f in fields(ScoreWeights)}
    weights = ScoreWeights(**{k: v for k, v in doc["weights"].items() if k in known})
    g = StoryGrouper(weights=weights, dedup=False, **{k: doc["config"][k] for k in _CONFIG})
    g.n_docs = int(doc["n_docs"])
    g.n_scored = int(doc["n_scored"])
    g._df = Counter({str(k): int(v) for k, v in doc["df"].items()})
    g._edf = Counter({str(k): int(v) for k, v in doc["edf"].items()})
    g._stories = {str(sid): _features_from_json(f) for sid, f in doc["stories"].items()}
    g._members = {str(sid): [str(a) for a in ids] for sid, ids in doc["members"].items()}
    g._story_of = {aid: sid for sid, ids in g._members.items() for aid in ids}
    g._index = {str(k): OrderedDict.fromkeys(str(s) for s in post) for k, post in doc["index"].items()}
    g._seq = {str(k): int(v) for k, v in doc["seq"].items()}
    g._merged = {str(k): str(v) for k, v in doc["merged"].items()}
    g._feats = {str(aid): _features_from_json(f) for aid, f in doc["feats"].items()}
    g._voters = {str(sid): [str(a) for a in ids] for sid, ids in doc["voters"].items()}
    if any(a not in g._feats for ids in g._voters.values() for a in ids):
        raise StateError("story members without their features")
    g.dedup = None if doc["dedup"] is None else _dedup_from_json(doc["dedup"])
    return g
