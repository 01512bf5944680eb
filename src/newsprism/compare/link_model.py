"""Is this the same utterance? Pair features and the learned link classifier of the quote ledger.

The ledger links two quotes from different articles only when they are the same speaker saying the
same thing on the same occasion.  Hand thresholds tuned on the example linked a third of held-out
pairs wrongly (two statements of one speaker on one topic, two quoted names of a programme), so
the decision is a logistic regression over cheap lexical features of the pair, trained by
``bench/train_ledger_links.py`` on the hand-labelled cross-outlet pairs of the clustering dev
stories (``bench/data/ledger_pairs.jsonl``), cross-validated by story and shipped as plain weights
(``data/link_model.json``, with the scores it reached and the precision-first threshold chosen on
them).  Features only, no sentence embedding: the ledger runs wherever a story's report is built
(the web app included), which must not load a transformer per request.

The pure functions here compute what both the product and the trainer read, so the bench measures
the product (one feature code path).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import NamedTuple

from rapidfuzz.distance import LCSseq

from newsprism.model import Quote


class Prepared(NamedTuple):
    """What the pair features read of one quote, computed once per quote (not per pair)."""

    words: list[str]  # the verbatim text's words, lower-cased, possessives cut
    stems: set[str]  # content_stems of the whole quote text
    numbers: frozenset[str]  # the stems that are numbers ("143", "2.5", "1000000" for "million")
    capitalised: float  # share of its verbatim words written with a capital: a title or a name, not a remark
    bigrams: frozenset[tuple[str, str]]  # consecutive content stems of the whole text ("20 million doses")
    # a mixed or partial quote's fragments in quotation marks, each as words (empty: one stretch)
    pieces: tuple[tuple[str, ...], ...] = ()


def _longest_run(short: list[str], long: list[str]) -> tuple[int, int, int]:
    """Longest common contiguous word run: (start in short, start in long, length)."""
    m = SequenceMatcher(None, short, long, autojunk=False).find_longest_match(0, len(short), 0, len(long))
    return m.a, m.b, m.size


def _aligned(short: list[str], long: list[str]) -> float:
    """How alike the shorter side is to the stretch of the longer side that its words span.

    "share similar goals" against "...share the same, or some similar goals..." keeps all three
    words in order (coverage 1.0) but inside a stretch of seven: 2*3/(3+7) = 0.6.  This is the
    figure an ``altered`` pair shows, so "altered" never stands beside 1.00.
    """
    blocks = [b for b in SequenceMatcher(None, short, long, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return 0.0
    matched = sum(b.size for b in blocks)
    window = blocks[-1].b + blocks[-1].size - blocks[0].b
    return 2 * matched / (len(short) + window)


def _letters(words: list[str]) -> tuple[str, tuple[str, ...], int]:
    """A quote's letters alone, its numbers as runs of digits, and its contractions: what is left when
    house style is set aside ("5:10 a.m." and "5.10am", "e-mail" and "email", "1,000" and "1000"
    alike), never joining two numbers into one ("2.5" is not "25") nor a contraction with another
    word ("we're" is not "were")."""
    numbers: list[str] = []
    for k, w in enumerate(words):
        if w.isdigit() and k and len(w) == 3 and words[k - 1].isdigit() and numbers:
            numbers[-1] += w  # "1,000" comes split as "1" "000": one number
        else:
            numbers.extend(re.findall(r"\d+", w))
    return ("".join(c for w in words for c in w if c.isalpha()), tuple(numbers),
            sum(1 for w in words if "'" in w or "’" in w))


def _in_order(pieces: tuple[tuple[str, ...], ...], long: list[str]) -> bool:
    """Whether two or more fragments each occur word for word in ``long``, one after another.

    'the crew "became aware that one of the passengers boarded the incorrect flight", made the
    "correct decision"': an outlet that quotes a statement in pieces truncates it (the pieces are
    read as one stretch by :func:`_contiguous`, which they are not)."""
    if len(pieces) < 2:
        return False
    at = 0
    for piece in pieces:
        n = len(piece)
        k = next((i for i in range(at, len(long) - n + 1) if tuple(long[i:i + n]) == piece), None)
        if k is None:
            return False
        at = k + n
    return True


def _contiguous(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


@dataclass(frozen=True)
class PairEvidence:
    """The surface facts of a pair that both the classifier and the relation label read."""

    identical: bool
    contiguous: bool  # the shorter side is a contiguous piece of the longer
    overlapping: bool  # a shared stretch runs off the end of one side and the start of the other
    coverage: float  # share of the shorter side's words found in order in the longer (LCS)
    short: tuple[str, ...]  # the two sides' words, shorter first (for :attr:`aligned`, read only when shown)
    long: tuple[str, ...]
    content: float  # idf-weighted containment of content stems (speaker's own name removed)
    indirect: bool  # at least one side is indirect speech
    # the shorter side is several quoted fragments, each word for word in the longer, in order
    excerpts: bool = False

    @property
    def aligned(self) -> float:
        """The shorter side against the stretch of the longer its words span (:func:`_aligned`)."""
        return 1.0 if self.contiguous else _aligned(list(self.short), list(self.long))


# Content words (beyond the speaker's name) a side needs before it can be linked at all.  Of the
# labelled pairs whose shorter side has one, 27 are different utterances and 15 the same (a title,
# a single quoted word, a topic named by an extraction cut short); the ledger says nothing there.
MIN_CONTENT = 2
MIN_VERBATIM_WORDS = 4


FEATURES = (
    "identical", "contiguous", "overlapping", "coverage", "coverage_long", "run_share", "run_log",
    "short_log", "length_ratio", "content_max", "content_min", "jaccard", "shared_log", "shared_idf_log",
    "same_speaker", "different_speaker", "one_indirect", "both_indirect", "numbers_shared",
    "numbers_conflict", "not_speech", "short_content_log", "same_x_content", "different_x_coverage",
    "long_run", "contiguous_x_short", "short_capitalised", "indirect_x_content", "both_indirect_x_content",
    "shared_bigrams_log", "bigram_containment",
)


def pair_features(
    a: Quote,
    b: Quote,
    pa: Prepared,
    pb: Prepared,
    speaker_a: str | None,
    speaker_b: str | None,
    idf: Mapping[str, float],
    name_stems: frozenset[str] | set[str] = frozenset(),
) -> tuple[dict[str, float], PairEvidence] | None:
    """Features of a cross-article pair, or None when the two share no content word (never linked).

    ``speaker_a``/``speaker_b`` are canonical names or None; ``name_stems`` the stems of the
    speaker's name, which are not content ("Xi also expressed support..." shares "xi" with every
    Xi quote).
    """
    wa, wb = pa.words, pb.words
    if not wa or not wb:
        return None
    ca, cb = pa.stems - name_stems, pb.stems - name_stems
    shared = ca & cb
    if not shared:
        return None  # not one content word in common (most pairs of a story): never one utterance
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    identical = wa == wb
    lcs = LCSseq.similarity(short, long)
    coverage = lcs / len(short)
    contiguous = identical or (lcs == len(short) and _contiguous(short, long))
    if min(len(ca), len(cb)) < MIN_CONTENT and not (contiguous and len(short) >= MIN_VERBATIM_WORDS):
        # "the court", "confident": too little said to tell one remark from another, unless the
        # words run on word for word ("there was blood everywhere": one content word, four words)
        return None
    # the longest common run is at most the LCS: only a pair with 2+ words in order needs the search
    s0, l0, run = _longest_run(short, long) if lcs >= 2 else (0, 0, lcs)
    # overlapping excerpts of one passage: the shared run ends one side and starts the other
    overlapping = run >= 4 and (
        (s0 + run == len(short) and l0 == 0) or (s0 == 0 and l0 + run == len(long))
    )
    # weighted containment (of the lighter side) and Jaccard, from three sums instead of six
    weight = idf.get
    wt_a, wt_b = sum(weight(t, 1.0) for t in ca), sum(weight(t, 1.0) for t in cb)
    wshared = sum(weight(t, 1.0) for t in shared)
    content_ab = wshared / min(wt_a, wt_b)
    small = ca if len(ca) <= len(cb) else cb
    wbig = (wt_b if small is ca else wt_a) or 1.0
    same = bool(speaker_a and speaker_b and speaker_a == speaker_b)
    different = bool(speaker_a and speaker_b and speaker_a != speaker_b)
    ind_a, ind_b = a.kind == "indirect", b.kind == "indirect"
    nums_shared = bool(pa.numbers & pb.numbers)
    # a changed number: each side holds a number the other lacks ("143 million" / "2.5 million")
    nums_conflict = bool(pa.numbers - pb.numbers and pb.numbers - pa.numbers)
    not_speech = a.cue_class in ("belief", "finding") or b.cue_class in ("belief", "finding")
    f = {
        "identical": float(identical),
        "contiguous": float(contiguous),
        "overlapping": float(overlapping),
        "coverage": coverage,
        "coverage_long": lcs / len(long),
        "run_share": run / len(short),
        "run_log": math.log1p(run),
        "short_log": math.log1p(len(short)),
        "length_ratio": len(short) / len(long),
        "content_max": content_ab,
        "content_min": wshared / wbig,
        "jaccard": wshared / (wt_a + wt_b - wshared),
        "shared_log": math.log1p(len(shared)),
        "shared_idf_log": math.log1p(wshared),
        "same_speaker": float(same),
        "different_speaker": float(different),
        "one_indirect": float(ind_a != ind_b),
        "both_indirect": float(ind_a and ind_b),
        "numbers_shared": float(nums_shared),
        "numbers_conflict": float(nums_conflict),
        "not_speech": float(not_speech),
        "short_content_log": math.log1p(len(small)),
        "same_x_content": float(same) * content_ab,
        "different_x_coverage": float(different) * coverage,
        # word for word over many words is one utterance whoever the extractor named; over two
        # capitalised words it is more often a title both outlets mention
        "long_run": float(run >= 8),
        "contiguous_x_short": float(contiguous) * math.log1p(len(short)),
        "short_capitalised": (pa if len(wa) <= len(wb) else pb).capitalised,
        "indirect_x_content": float(ind_a != ind_b) * content_ab,
        "both_indirect_x_content": float(ind_a and ind_b) * content_ab,
        # phrases in common, not only words: two renderings of one fact keep "20 million doses"
        "shared_bigrams_log": math.log1p(len(pa.bigrams & pb.bigrams)),
        "bigram_containment": (len(pa.bigrams & pb.bigrams) / min(len(pa.bigrams), len(pb.bigrams))
                               if pa.bigrams and pb.bigrams else 0.0),
    }
    pieces = (pa if short is wa else pb).pieces
    # the same letters and digits ("e-mail" / "email", "5:10 a.m." / "5.10am"): the same words, spelt
    # to each outlet's style (read by the relation, not by the classifier, which was trained without it)
    spelt_alike = identical or _letters(wa) == _letters(wb)
    evidence = PairEvidence(spelt_alike, contiguous, overlapping, coverage, tuple(short), tuple(long), content_ab,
                            ind_a or ind_b, excerpts=not contiguous and _in_order(pieces, long))
    return f, evidence


def relation_of(ev: PairEvidence) -> str:
    """What the second outlet did to the utterance, for a pair already judged the same utterance.

    The label names the surface fact it rests on, so the similarity shown beside it can be that
    fact's own measure (:func:`similarity_of`).
    """
    if ev.identical:
        return "identical"
    if ev.indirect and len(ev.short) < MIN_VERBATIM_WORDS:
        # a word or two in quotation marks found in the other outlet's indirect rendering ('a
        # "disturbance" occurred' / 'a disturbance began on the third floor'): both outlets word the
        # utterance their own way; nothing verbatim was cut, so nothing is "truncated"
        return "paraphrase"
    if ev.contiguous or ev.overlapping or ev.excerpts:
        return "truncated"
    if ev.coverage >= NEAR_VERBATIM:
        return "altered"  # the same sentence edited inside, even when reported indirectly (wire copy)
    if ev.indirect:
        return "paraphrase"  # an indirect rendering: of a quote, or beside another outlet's rendering
    if ev.coverage >= ALTERED_COVERAGE:
        return "altered"
    return "variant"


# Share of the shorter quote's words found in order in the longer above which two renderings of one
# utterance are the same words edited inside (altered), below which they are different wordings (variant).
ALTERED_COVERAGE = 0.6
# ...and above which an indirect rendering is the other outlet's sentence with a word or two changed.
NEAR_VERBATIM = 0.85


def similarity_of(relation: str, ev: PairEvidence) -> float:
    """The measure a relation rests on: 1.0 for identical/truncated (word for word), for altered the
    likeness of the shorter side to the stretch it spans in the other (:func:`_aligned`), the
    weighted content overlap for variant and paraphrase."""
    if relation in ("identical", "truncated"):
        return 1.0
    if relation == "altered":
        return round(min(ev.aligned, 0.99), 3)
    return round(ev.content, 3)


@dataclass(frozen=True)
class LinkModel:
    """Logistic regression over :data:`FEATURES` (standardised), with a decision threshold."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, features: Mapping[str, float]) -> float:
        z = self._offset
        for n, w in self._weights:
            z += w * features[n]
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    @functools.cached_property
    def _weights(self) -> tuple[tuple[str, float], ...]:
        """Weights on the raw features (standardisation folded in), so a pair costs one dot product."""
        return tuple((n, c / s) for n, s, c in zip(self.names, self.scale, self.coef, strict=True))

    @functools.cached_property
    def _offset(self) -> float:
        return self.intercept - sum(c * m / s for m, s, c in zip(self.mean, self.scale, self.coef, strict=True))


def parse_model(data: Mapping) -> LinkModel:
    """A :class:`LinkModel` from the JSON written by ``bench/train_ledger_links.py``."""
    names = tuple(data["features"])
    unknown = set(names) - set(FEATURES)
    if unknown:
        raise ValueError(f"link model names features this version does not compute: {sorted(unknown)}")
    return LinkModel(names, tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
                     float(data["intercept"]), float(data["threshold"]))


def link_model_path() -> str:
    from importlib import resources

    return str(resources.files("newsprism").joinpath("data", "link_model.json"))


@functools.cache
def load_link_model(path: str | None = None) -> LinkModel:
    """Load (once per process and path) the shipped link classifier."""
    with open(path or link_model_path(), encoding="utf-8") as fh:
        return parse_model(json.load(fh))
