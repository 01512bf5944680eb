"""Word-level text helpers shared by the comparison modules.

The comparison stage works on model objects (no spaCy Doc), so words are
found with a regular expression and reduced with a light suffix stripper.
Why hand-written: no stemmer package is a project dependency (snowballstemmer
would do; named in the report), and only *matching* needs it - two outlets'
"symbolic"/"symbolically" or "election"/"reelected" must meet - never display.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable

from newsprism.compare._stop_words import STOP_WORDS

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000",
}
# Synonym-light: spellings and demonyms that translations and house styles vary on.
_SYNONYMS = {
    "russian": "russia", "russians": "russia", "chinese": "china", "ukrainian": "ukraine",
    "ukrainians": "ukraine", "american": "america", "americans": "america", "usa": "america",
    "reelect": "elect", "nation": "country", "nations": "country",
}
_SUFFIXES = ("ically", "ation", "ition", "ment", "ness", "ing", "ion", "ied", "ly", "ed")
STOP = frozenset(STOP_WORDS) | {"s", "t", "said", "says", "say"}


def words(text: str) -> list[str]:
    """Word tokens as written (apostrophes kept inside words, the curly one as a straight one)."""
    found = _WORD_RE.findall(text)  # whole matches: the pattern's groups are non-capturing
    return [w.replace("’", "'") for w in found] if "’" in text else found


def norm_words(text: str) -> list[str]:
    """Lower-cased word tokens: the unit of 'same words' comparisons."""
    return [w.lower() for w in words(text)]


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude but stable reduction: possessive, number words, a few suffixes.

    Remembered per word (a pure function; a story's summary, its ledger and the grouper stem the
    same words again and again: 60k calls for 8k words over 84 PolNeAR articles).
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _NUMBER_WORDS:
        return _NUMBER_WORDS[w]
    w = _SYNONYMS.get(w, w)
    if w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    w = _SYNONYMS.get(w, w)
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            if suf == "ically":
                w += "ic"
            elif suf == "ied":
                w += "y"
            break
    if w.startswith("re") and len(w) > 6 and w[2:] in ("elect", "elected", "open", "affirm"):
        w = w[2:]
    w = _SYNONYMS.get(w, w)
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def content_stem_sequence(text: str | list[str]) -> list[str]:
    """Stems of the words that carry content (no stop words, no 1-letter words), in text order.

    ``text`` may be given as its :func:`words` already (a caller that needs them too splits once).
    """
    out = []
    for w in norm_words(text) if isinstance(text, str) else (w.lower() for w in text):
        if w in STOP or (len(w) < 2 and not w.isdigit()):
            continue
        s = stem(w)
        if s and s not in STOP:
            out.append(s)
    return out


def content_stems(text: str) -> set[str]:
    """Stems of the words that carry content (no stop words, no 1-letter words)."""
    return set(content_stem_sequence(text))


def postings(docs: Iterable[Iterable[str]]) -> dict[str, list[int]]:
    """Inverted index: each stem -> the positions (in order) of the documents that hold it.

    What the ledger and the summary use to visit only the pairs that share a word, instead of
    every pair of a story.
    """
    out: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        for t in doc:
            out.setdefault(t, []).append(i)
    return out


def idf_weights(docs: Iterable[set[str]]) -> dict[str, float]:
    """Inverse document frequency over the given stem sets (rare words weigh more)."""
    docs = list(docs)
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d)
    n = len(docs)
    return {t: math.log(1 + n / c) for t, c in df.items()}


def weighted_containment(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """Share (by weight) of the smaller stem set found in the other one."""
    if not a or not b:
        return 0.0
    wa = sum(idf.get(t, 1.0) for t in a)
    wb = sum(idf.get(t, 1.0) for t in b)
    shared = sum(idf.get(t, 1.0) for t in a & b)
    return shared / min(wa, wb)


def weighted_jaccard(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """Weighted Jaccard similarity of two stem sets."""
    union = a | b
    if not union:
        return 0.0
    return sum(idf.get(t, 1.0) for t in a & b) / sum(idf.get(t, 1.0) for t in union)
