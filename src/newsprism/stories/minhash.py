"""MinHash signatures and their LSH index: the part of datasketch 2.0 the near-duplicate check uses.

Why not datasketch itself: ``import datasketch`` imports every sketch it has, and its LSH module
imports ``scipy.integrate`` (scipy.special, sparse, linalg, optimize): 0.41 s of every
``analyze`` and ``ingest`` process, for a few lines of numpy.  The values are datasketch's, bit
for bit, so stored signatures keep their meaning (``tests/test_stories_minhash.py`` compares
signatures, Jaccard estimates, band layouts and query answers with datasketch when it is
installed):

- ``affine32`` scheme: each shingle hashed by the first 4 bytes of its SHA-1 (little-endian),
  pre-mixed by the MurmurHash3 32-bit finalizer, then ``a * h + b`` in uint32 arithmetic for
  ``num_perm`` odd ``a`` and any ``b`` drawn from ``numpy.random.RandomState(seed)`` as datasketch
  draws them; a signature is the per-permutation minimum (all ones when empty);
- the LSH band layout minimises ``fp_weight * P(false positive) + fn_weight * P(false negative)``
  over bands ``b`` and rows ``r`` with ``b * r <= num_perm``; both probabilities are integrals of a
  polynomial of degree ``b * r``, computed exactly (up to rounding) by Gauss-Legendre quadrature
  where datasketch calls scipy's adaptive ``quad``;
- a band's key is its hash values' bytes, byte-swapped, as datasketch's dict storage keys them.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Hashable, Iterable, Sequence

import numpy as np

SCHEME = "affine32"  # pinned: the signatures stored so far are of this scheme (datasketch 2.0's default)
_MAX_HASH = np.uint32(0xFFFFFFFF)
# MurmurHash3's 32-bit finalizer: shift, multiply, shift, multiply, shift.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@functools.cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``a`` (odd) and ``b`` of each affine permutation, drawn as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.flags.writeable = False
    b.flags.writeable = False
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def sha1_hash32(items: Sequence[bytes]) -> np.ndarray:
    """datasketch's default hash of each item: the first 4 bytes of its SHA-1, little-endian."""
    digests = b"".join(hashlib.sha1(x).digest()[:4] for x in items)
    return np.frombuffer(digests, dtype="<u4").astype(np.uint32)


class MinHash:
    """A ``num_perm``-value MinHash signature (datasketch's ``MinHash(scheme="affine32")``)."""

    __slots__ = ("hashvalues", "num_perm", "seed")

    def __init__(self, num_perm: int = 128, seed: int = 1, hashvalues: Iterable[int] | np.ndarray | None = None,
                 scheme: str = SCHEME) -> None:
        if scheme != SCHEME:
            raise ValueError(f"only the {SCHEME!r} scheme is implemented, not {scheme!r}")
        if hashvalues is None:
            self.hashvalues = np.full(num_perm, _MAX_HASH, dtype=np.uint32)
        else:
            values = np.asarray(hashvalues)
            if values.size and (values.dtype.kind not in "iu" or int(values.max()) > int(_MAX_HASH)
                                or int(values.min()) < 0):
                raise ValueError(f"hash values out of range for scheme {SCHEME!r}")
            self.hashvalues = values.astype(np.uint32)
        self.num_perm = len(self.hashvalues)
        self.seed = seed

    def __len__(self) -> int:
        return self.num_perm

    def update_batch(self, items: Sequence[bytes]) -> None:
        """Add the items (bytes) to the set this signature summarises."""
        if not items:
            return
        a, b = _permutations(self.num_perm, self.seed)
        hv = _fmix32(sha1_hash32(items).reshape(-1, 1))
        self.hashvalues = np.minimum(self.hashvalues, (hv * a + b).min(axis=0))

    def jaccard(self, other: MinHash) -> float:
        """The estimated Jaccard similarity: the share of equal hash values."""
        if other.seed != self.seed or len(other) != len(self):
            raise ValueError("Cannot compute Jaccard given MinHash with different seeds or numbers of permutations")
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / float(len(self))

    @classmethod
    def bulk(cls, sets: Iterable[Sequence[bytes]], num_perm: int = 128, seed: int = 1,
             scheme: str = SCHEME) -> list[MinHash]:
        """One signature per set of items."""
        out = []
        for items in sets:
            m = cls(num_perm=num_perm, seed=seed, scheme=scheme)
            m.update_batch(items)
            out.append(m)
        return out


# Gauss-Legendre nodes: n nodes integrate a polynomial of degree <= 2n - 1 exactly; the band
# probabilities have degree b * r <= num_perm.
@functools.cache
def _legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.legendre.leggauss(n)


def optimal_bands(threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false positive and false negative probabilities.

    As datasketch's ``_optimal_param``: every ``b`` from 1 and ``r`` from 1 with ``b * r <=
    num_perm`` in that order, the first strict minimum kept.
    """
    nodes, weights = _legendre(num_perm // 2 + 2)
    params = [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)]
    bs = np.array([p[0] for p in params], dtype=float)[:, None]
    rs = np.array([p[1] for p in params], dtype=float)[:, None]
    below = threshold / 2.0 * (nodes + 1.0)  # nodes mapped onto [0, threshold] ...
    above = threshold + (1.0 - threshold) / 2.0 * (nodes + 1.0)  # ... and onto [threshold, 1]
    # one row per (b, r): the integrand at the nodes, times the nodes' weights, times half the interval
    fp = threshold / 2.0 * ((1.0 - (1.0 - below[None, :] ** rs) ** bs) @ weights)
    fn = (1.0 - threshold) / 2.0 * (((1.0 - above[None, :] ** rs) ** bs) @ weights)
    error = fp * fp_weight + fn * fn_weight
    best = min(range(len(params)), key=lambda i: (error[i], i))
    return params[best]


class MinHashLSH:
    """Keys of the signatures that agree with a query on every value of at least one band."""

    def __init__(self, threshold: float = 0.9, num_perm: int = 128,
                 weights: tuple[float, float] = (0.5, 0.5)) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("threshold must be in [0.0, 1.0]")
        if any(w < 0.0 or w > 1.0 for w in weights) or sum(weights) != 1.0:
            raise ValueError("weights must lie in [0.0, 1.0] and sum to 1.0")
        self.h = num_perm
        self.b, self.r = _optimal_bands_cached(threshold, num_perm, *weights)
        if self.b < 2:
            raise ValueError("The number of bands are too small (b < 2)")
        self.hashranges = [(i * self.r, (i + 1) * self.r) for i in range(self.b)]
        self.hashtables: list[dict[bytes, set[Hashable]]] = [{} for _ in range(self.b)]
        self.keys: set[Hashable] = set()  # what is indexed (datasketch keeps each key's bands for a removal, never done here)

    def _bands(self, m: MinHash) -> list[bytes]:
        if len(m) != self.h:
            raise ValueError(f"Expecting minhash with length {self.h}, got {len(m)}")
        hv = m.hashvalues
        return [bytes(hv[s:e].byteswap().data) for s, e in self.hashranges]

    def insert(self, key: Hashable, m: MinHash) -> None:
        if key in self.keys:
            raise ValueError("The given key already exists")
        bands = self._bands(m)
        self.keys.add(key)
        for band, table in zip(bands, self.hashtables, strict=True):
            table.setdefault(band, set()).add(key)

    def query(self, m: MinHash) -> list[Hashable]:
        """The keys sharing a band with ``m``, in no particular order (callers rank them)."""
        found: set[Hashable] = set()
        for band, table in zip(self._bands(m), self.hashtables, strict=True):
            found.update(table.get(band, ()))
        return list(found)


@functools.cache
def _optimal_bands_cached(threshold: float, num_perm: int, fp_weight: float, fn_weight: float) -> tuple[int, int]:
    return optimal_bands(threshold, num_perm, fp_weight, fn_weight)
