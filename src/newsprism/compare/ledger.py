"""The quote ledger: the same utterance as each outlet reports it.

Two quotes from different articles are linked when they are the same words
(``identical``), one is a contiguous piece of the other (``truncated``), most
of the shorter one's words appear in order in the other with words dropped,
added or changed inside (``altered``), they say the same thing in different
words - e.g. two translations (``variant``) - or one outlet reports as
indirect speech what the other quotes (``paraphrase``).

Surface relations (identical/truncated/altered) are decided on word tokens
(rapidfuzz's LCS over word lists); variant and paraphrase on content-word
overlap (light stems, rarer words weigh more, numbers included) and need the
same known speaker.  No embedding model: none installs offline, and shared
rare words + same speaker + same numbers carry most of the signal in news.

Grouping: strong links join groups (union-find); a weak paraphrase link (one
shared rare word) only attaches an otherwise unmatched quote, so that weak
evidence never fuses two groups.  A pair is recorded for every cross-article
pair in a group that is directly linked.  Every quote ends in a group,
singletons included, so that omissions can name what only one outlet has.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import LCSseq

from newsprism.compare._text import content_stems, idf_weights, norm_words, stem, weighted_containment, words
from newsprism.compare.speakers import canonical_speaker_names, name_tokens
from newsprism.model import Quote, QuoteGroup, QuotePair

Relation = str

ALTERED_COVERAGE = 0.75  # share of the shorter quote's words found in order in the longer
VARIANT_OVERLAP = 0.45  # weighted content-stem containment for two direct quotes
PARAPHRASE_OVERLAP = 0.3  # lower: indirect speech keeps only a few of the words
MIN_SURFACE_WORDS = 3  # a shorter side below this cannot be truncated/altered...
MIN_PARAPHRASE_CONTENT = 2  # content words indirect speech needs before it can render a quote
LONG_VERBATIM = 8  # ...and this many words in common outweigh a different speaker name


@dataclass
class _Link:
    relation: Relation
    similarity: float
    strong: bool


def _contiguous(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{2,}?)[\"“”«»]")


def verbatim_text(q: Quote) -> str:
    """The words a quote claims are the speaker's own.

    For a mixed or partial quote ('Moscow and Beijing "share similar goals"')
    only what stands inside quotation marks is verbatim; the rest is the
    outlet's paraphrase and must not make two renderings look different.
    """
    if q.kind in ("mixed", "partial"):
        parts = _QUOTED.findall(q.text)
        if parts:
            return " ".join(parts)
    return q.text


class _Prepared(NamedTuple):
    """What :func:`classify_pair` reads of one quote's text, computed once per quote, not per pair.

    Why: a story's ledger compares every cross-article pair of its quotes; recomputing words and
    stems per pair cost 97 % of the time (a 17-article story, 541 quotes, 133k pairs: 7.9 s CPU).
    """

    words: list[str]  # norm_words of the verbatim text
    stems: set[str]  # content_stems of the whole quote text


def _prepare(q: Quote) -> _Prepared:
    return _Prepared(norm_words(verbatim_text(q)), content_stems(q.text))


def classify_pair(
    a: Quote,
    b: Quote,
    *,
    speaker_a: str | None = None,
    speaker_b: str | None = None,
    idf: dict[str, float] | None = None,
    prepared: tuple[_Prepared, _Prepared] | None = None,
) -> _Link | None:
    """How quote ``b`` relates to quote ``a`` (None: not the same utterance).

    ``speaker_a``/``speaker_b`` are canonical names (defaults: the quotes' own); ``prepared``
    the two quotes' :func:`_prepare` (computed here when not given).
    """
    idf = idf or {}
    pa, pb = prepared or (_prepare(a), _prepare(b))
    sa = speaker_a if speaker_a is not None else (a.speaker.name if a.speaker else None)
    sb = speaker_b if speaker_b is not None else (b.speaker.name if b.speaker else None)
    same_speaker = bool(sa and sb and sa == sb)
    known_different = bool(sa and sb and sa != sb)
    wa, wb = pa.words, pb.words
    if not wa or not wb:
        return None
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    ca, cb = pa.stems, pb.stems
    short_content = len(ca if short is wa else cb)
    # Surface relations: same words.
    if known_different and len(short) < LONG_VERBATIM:
        pass  # different speakers: only a long verbatim stretch can be the same utterance
    elif len(short) >= MIN_SURFACE_WORDS or (wa == wb and short_content >= 1):
        if wa == wb:
            return _Link("identical", 1.0, True)
        if short_content >= 2 or len(short) >= 4:
            if _contiguous(short, long):
                return _Link("truncated", 1.0, True)
            coverage = LCSseq.similarity(short, long) / len(short)
            if coverage >= ALTERED_COVERAGE:
                return _Link("altered", round(coverage, 3), True)
    if not same_speaker:
        return None
    # Same speaker, different words: variant or paraphrase by content overlap.
    # The speaker's own name is not content ("Xi also expressed support...").
    name = {stem(t) for t in name_tokens(sa or "")}
    ca, cb = ca - name, cb - name
    indirect_a, indirect_b = a.kind == "indirect", b.kind == "indirect"
    if indirect_a != indirect_b:
        ca, cb = (_as_reported(ca, a.text, b.text), cb) if indirect_a else (ca, _as_reported(cb, b.text, a.text))
    shared = ca & cb
    overlap = weighted_containment(ca, cb, idf)
    numbers_a = {t for t in ca if t.isdigit()}
    numbers_b = {t for t in cb if t.isdigit()}
    if numbers_a and numbers_b and not numbers_a & numbers_b:
        return None  # different numbers: different statements
    if indirect_a != indirect_b:
        if (a if indirect_a else b).cue_class in ("belief", "finding"):
            return None  # a plan or a poll result is not a report of what was said
        if len((pa if indirect_a else pb).stems) < MIN_PARAPHRASE_CONTENT:
            return None  # "Putin welcomed Xi": too little said to be a rendering of a quote
        if overlap >= PARAPHRASE_OVERLAP and len(shared) >= 2:
            return _Link("paraphrase", round(overlap, 3), True)
        indirect = ca if indirect_a else cb
        if overlap >= PARAPHRASE_OVERLAP and len(shared) == 1 and len(indirect) <= 8:
            return _Link("paraphrase", round(overlap, 3), False)
        return None
    has_number = bool(numbers_a & numbers_b)
    if overlap >= VARIANT_OVERLAP and (len(shared) >= 3 or (len(shared) >= 2 and has_number)):
        return _Link("variant", round(overlap, 3), True)
    return None


_REPORTING = frozenset(stem(w) for w in (
    "said", "told", "added", "expressed", "voiced", "stated", "claimed", "noted", "stressed", "also", "called",
))


def _as_reported(indirect: set[str], indirect_text: str, direct_text: str) -> set[str]:
    """Content of indirect speech comparable with a direct quote.

    Drops reporting words ("expressed", "voiced") and, when the direct quote
    speaks to someone ("you"), the names the indirect version uses for them.
    """
    out = indirect - _REPORTING
    if {"you", "your", "yours"} & set(norm_words(direct_text)):
        names = {stem(w) for w in words(indirect_text) if w[:1].isupper()}
        out -= names - content_stems(direct_text)
    return out or indirect


def word_diff(a_text: str, b_text: str) -> list[tuple[str, str, str]]:
    """Word-level diff (op, a_words, b_words), ops from difflib's SequenceMatcher.

    Words are compared lower-cased without punctuation but shown as written.
    """
    aw, bw = words(a_text), words(b_text)
    sm = difflib.SequenceMatcher(None, [w.lower() for w in aw], [w.lower() for w in bw], autojunk=False)
    return [(op, " ".join(aw[i1:i2]), " ".join(bw[j1:j2])) for op, i1, i2, j1, j2 in sm.get_opcodes()]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def build_quote_groups(quotes: list[Quote], prefix: str = "") -> list[QuoteGroup]:
    """Group the same utterance across articles; label every linked cross-article pair.

    Group ids are ``f"{prefix}:g{n}"`` (or ``f"g{n}"`` without a prefix), in the
    order of each group's first quote in ``quotes``.
    """
    names = canonical_speaker_names(quotes)
    speakers = [names.get(q.speaker.name, q.speaker.name) if q.speaker else None for q in quotes]
    prepared = [_prepare(q) for q in quotes]
    idf = idf_weights(p.stems for p in prepared)
    n = len(quotes)
    links: dict[tuple[int, int], _Link] = {}
    for i in range(n):
        for j in range(i + 1, n):
            if quotes[i].article_id == quotes[j].article_id:
                continue
            link = classify_pair(quotes[i], quotes[j], speaker_a=speakers[i] or "", speaker_b=speakers[j] or "",
                                 idf=idf, prepared=(prepared[i], prepared[j]))
            if link is not None:
                links[(i, j)] = link
    uf = _UnionFind(n)
    for (i, j), link in links.items():
        if link.strong:
            uf.union(i, j)
    # Weak links only attach a quote that nothing else matched, to its best partner.
    strongly_linked = {k for (i, j), lk in links.items() if lk.strong for k in (i, j)}
    weak = sorted(((lk.similarity, i, j) for (i, j), lk in links.items() if not lk.strong), reverse=True)
    attached: set[int] = set()
    for _sim, i, j in weak:
        for lone, other in ((i, j), (j, i)):
            if lone not in strongly_linked and lone not in attached:
                uf.union(lone, other)
                attached.add(lone)
                break
        else:
            links.pop((i, j))
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(uf.find(i), []).append(i)
    groups: list[QuoteGroup] = []
    for root in sorted(members, key=lambda r: min(members[r])):
        idx = members[root]
        pairs = []
        for x in idx:
            for y in idx:
                if x < y and (x, y) in links:
                    lk = links[(x, y)]
                    pairs.append(
                        QuotePair(
                            a=quotes[x].id,
                            b=quotes[y].id,
                            relation=lk.relation,  # type: ignore[arg-type]
                            similarity=lk.similarity,
                            diff=word_diff(verbatim_text(quotes[x]), verbatim_text(quotes[y])),
                        )
                    )
        named = Counter(speakers[k] for k in idx if speakers[k])
        gid = f"g{len(groups) + 1}"
        groups.append(
            QuoteGroup(
                id=f"{prefix}:{gid}" if prefix else gid,
                speaker=named.most_common(1)[0][0] if named else None,
                quote_ids=[quotes[k].id for k in idx],
                pairs=pairs,
            )
        )
    return groups
