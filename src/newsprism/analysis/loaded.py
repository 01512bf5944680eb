"""The learned loaded-language detector: which words in the outlet's own voice carry a judgement.

Why learned: a hand-written list of war words found 1.7 % of the biased wording annotators marked
in US political news, and most of its hits were neutral uses ("terrorist attack" as an event's
name).  Loaded language is an open vocabulary (evaluative adjectives and adverbs, emotive verbs,
labels for people and groups) whose reading depends on context, so every content word is a
*candidate* and a logistic regression decides from what the parse says about it: lemma, part of
speech, dependency, the head it modifies and its frame (object, clause), its neighbours, whether
it sits in a scare quote, whether a bias lexicon or the hand-written notes list it, and, if the
training chose it, the parser's context vector for the token (``doc.tensor``, free because the
pipeline computed it; cross-validation preferred the word model without it, the sentence model
uses its mean).  Words inside quotations are not candidates: quoted speech is the speaker's
wording, not the outlet's.

The model is trained by ``bench/train_framing.py`` on BABE (expert word and sentence labels) and
shipped as plain weights in ``newsprism/data/framing_model.json`` (no scikit-learn at run time,
like ``cues.json``); :func:`newsprism.nlp.load_framing_model` reads it, from
``$NEWSPRISM_FRAMING_MODEL`` when set.  Two models live in the file: the *word* model (probability
that a candidate is loaded) and the *sentence* model (probability that a sentence is biased, from
aggregates of its word probabilities, so it carries no topic words of its own).
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat

import numpy as np
from spacy.tokens import Doc, Token

from newsprism.model import Span

CANDIDATE_POS = frozenset({"ADJ", "ADV", "VERB", "NOUN"})
# Words a judgement never rests on alone, though the tagger calls them content words.
_NEVER = frozenset(
    "be have do say get make go take come also not n't so very just only even still more most "
    "there then now here when how why where well much many lot way thing time year day people".split()
)
_HYPHEN = frozenset("-‐‑")


@dataclass(frozen=True)
class Candidate:
    """One content word in the outlet's voice (a hyphenated compound counts as one word)."""

    token: int  # index of the token the features describe
    span: Span  # character span (the whole compound for "left-wing")
    sentence: int  # index into the sentence list
    features: tuple[str, ...]


@dataclass(frozen=True)
class WordModel:
    """A logistic regression stored as plain weights: sparse binary features plus the dense tensor."""

    bias: float
    weights: dict[str, float]
    dense: np.ndarray  # weights of the doc.tensor dimensions (already divided by the training scale)

    def probabilities(self, doc: Doc, cands: Sequence[Candidate]) -> np.ndarray:
        if not cands:
            return np.zeros(0)
        get, zero = self.weights.get, repeat(0.0)
        # map(get, features, zero): each weight in the features' order, the sum as a generator gave it
        z = np.array([self.bias + sum(map(get, c.features, zero)) for c in cands])
        if self.dense.size and doc.tensor is not None and doc.tensor.shape[-1] == self.dense.size:
            z += doc.tensor[[c.token for c in cands]] @ self.dense
        return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class SentenceModel:
    """Biased-sentence probability from its word probabilities and its style (no words of its own)."""

    bias: float
    weights: np.ndarray

    def probability(self, word_probs: Sequence[float], tokens: Sequence[Token], tensor: np.ndarray | None) -> float:
        return self.probability_of(sentence_features(word_probs, tokens, tensor))

    def probability_of(self, x: np.ndarray) -> float:
        """The probability from the sentence's features (:func:`sentence_features`)."""
        if x.size != self.weights.size:  # a model trained without the context vector
            x = x[: self.weights.size]
        return float(1.0 / (1.0 + math.exp(-(self.bias + float(x @ self.weights)))))


_FIRST_SECOND = frozenset("i we us our you your my me".split())


def sentence_features(word_probs: Sequence[float], tokens: Sequence[Token], tensor: np.ndarray | None) -> np.ndarray:
    """What the sentence model sees: the strongest words, the evidence mass, opinion style, the mean context.

    Style features are the generic marks of opinion rather than report (adjective and adverb density,
    superlatives, comparatives, exclamations and questions, first and second person, modal verbs);
    the mean of the parser's context vectors carries the rest.  None of them names a topic.
    """
    toks = list(tokens)
    words = [t for t in toks if t.is_alpha]
    return _sentence_vector(
        word_probs, [t.text for t in toks], [t.pos_ for t in words], [t.tag_ for t in words],
        [t.lower_ for t in words], tensor,
    )


def _sentence_vector(
    word_probs: Sequence[float], texts: Sequence[str], pos: Sequence[str], tags_: Sequence[str],
    lowers: Sequence[str], tensor: np.ndarray | None,
) -> np.ndarray:
    """:func:`sentence_features` from the sentence's token texts and its words' (alphabetic tokens')
    part of speech, tag and lower case: what :func:`detect` reads once per document, not per feature."""
    p = sorted(word_probs, reverse=True)
    top1 = p[0] if p else 0.0
    top2 = p[1] if len(p) > 1 else 0.0
    logit = math.log(max(top1, 1e-4) / max(1 - top1, 1e-4))
    noisy_or = 1.0 - float(np.prod([1 - x for x in p])) if p else 0.0
    n = max(1, len(pos))
    tags = Counter(tags_)
    style = [
        pos.count("ADJ") / n,
        pos.count("ADV") / n,
        (tags["JJS"] + tags["RBS"]) / n,
        (tags["JJR"] + tags["RBR"]) / n,
        float(any(t in ("!", "?") for t in texts)),
        sum(w in _FIRST_SECOND for w in lowers) / n,
        tags["MD"] / n,
        float(any(t in ('"', "“", "”") for t in texts)),
    ]
    base = [top1, top2, logit, noisy_or, sum(x >= 0.5 for x in p), sum(x >= 0.3 for x in p), sum(p), math.log1p(n)]
    dense = tensor.mean(axis=0) if tensor is not None and len(tensor) else np.zeros(0)
    return np.concatenate([np.array(base + style), dense])


@dataclass(frozen=True)
class FramingModel:
    word: WordModel
    sentence: SentenceModel
    lexicon: frozenset[str]  # bias lexicon words (a feature: it reaches words BABE never marked)
    curated: frozenset[str]  # the hand-written notes' words (loaded_terms.json at training time), a feature
    flag_threshold: float  # word probability from which a word counts as loaded (best word F1 in CV)
    show_threshold: float  # ... and from which it is shown to a reader (CV precision >= 0.65: precision first)
    sentence_threshold: float
    notes: dict[str, str]  # lemma -> what the word implies / a neutral alternative
    meta: dict


def parse_model(data: dict) -> FramingModel:
    """Build a :class:`FramingModel` from the JSON structure written by ``bench/train_framing.py``."""
    wm, sm = data["word_model"], data["sentence_model"]
    return FramingModel(
        word=WordModel(
            bias=float(wm["bias"]),
            weights={k: float(v) for k, v in wm["weights"].items()},
            dense=np.asarray(wm.get("dense", []), dtype=np.float32),
        ),
        sentence=SentenceModel(bias=float(sm["bias"]), weights=np.asarray(sm["weights"], dtype=float)),
        lexicon=frozenset(data.get("lexicon", [])),
        curated=frozenset(data.get("curated", [])),
        flag_threshold=float(data["flag_threshold"]),
        show_threshold=float(data.get("show_threshold", data["flag_threshold"])),
        sentence_threshold=float(data["sentence_threshold"]),
        notes=dict(data.get("notes", {})),
        meta=dict(data.get("meta", {})),
    )


class _SpanSet:
    """Sorted, non-overlapping-ish character spans with a fast containment test."""

    def __init__(self, spans: Sequence[Span]):
        self.spans = sorted((int(s), int(e)) for s, e in spans)
        self.starts = [s for s, _ in self.spans]

    def containing(self, s: int, e: int) -> Span | None:
        i = bisect.bisect_right(self.starts, s)
        for a, b in reversed(self.spans[max(0, i - 8) : i]):
            if a <= s and e <= b:
                return a, b
        return None


def _compound(tok: Token) -> tuple[int, int, str] | None:
    """The hyphenated word a token is part of ("left-wing", "so-called"), as (start, end, text)."""
    doc = tok.doc
    i = j = tok.i
    while i - 2 >= 0 and doc[i - 1].text in _HYPHEN and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_:
        i -= 2
    while j + 2 < len(doc) and doc[j + 1].text in _HYPHEN and not doc[j].whitespace_ and not doc[j + 1].whitespace_:
        j += 2
    if i == j:
        return None
    return doc[i].idx, doc[j].idx + len(doc[j]), doc[i : j + 1].text.lower()


def token_features(
    tok: Token, lexicon: frozenset[str], curated: frozenset[str], scare: bool, compound: str | None
) -> tuple[str, ...]:
    """The sparse features of one candidate: the word, its syntax, its neighbours, lexicons and scare quotes."""
    lemma, lower = tok.lemma_.lower(), tok.lower_
    head = tok.head
    feats = [
        f"w={lower}", f"l={lemma}", f"p={tok.pos_}", f"t={tok.tag_}", f"d={tok.dep_}", f"pd={tok.pos_}|{tok.dep_}",
        f"hp={head.pos_}|{tok.dep_}", f"hl={head.lemma_.lower()}", f"lhp={lemma}|{head.pos_}",
        f"s3={lemma[-3:]}", f"s4={lemma[-4:]}",
    ]
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    feats.append(f"pw={prev.lower_ if prev is not None else '<s>'}")
    feats.append(f"nw={nxt.lower_ if nxt is not None else '</s>'}")
    feats.append(f"pp={prev.tag_ if prev is not None else '<s>'}")
    feats.append(f"np={nxt.tag_ if nxt is not None else '</s>'}")
    for child in tok.children:
        if child.dep_ in ("advmod", "neg", "amod", "det", "poss"):
            feats.append(f"c={child.dep_}|{child.lower_ if child.dep_ != 'amod' else child.tag_}")
        elif child.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "prep", "agent"):
            # the frame tells the senses apart: "claimed (that) he won" vs "claimed responsibility"
            feats += [f"cd={child.dep_}", f"lcd={lemma}|{child.dep_}"]
    if lemma in lexicon or lower in lexicon:
        feats += ["lex", f"lex|{tok.pos_}"]
    if lemma in curated or lower in curated or (compound is not None and compound in curated):
        feats.append("hand")
    if head.lemma_.lower() in lexicon and head is not tok:
        feats.append("hlex")
    if compound is not None:
        feats += [f"cmp={compound}", "hyph"]
        if compound in lexicon:
            feats.append("lex")
    if scare:
        feats += ["scare", f"scare|{tok.pos_}"]
    if tok.is_title and not tok.is_sent_start:
        feats.append("title")
    if tok.ent_type_:
        feats.append(f"ent={tok.ent_type_}")
    return tuple(feats)


def candidates(
    doc: Doc, quoted: Sequence[Span], scare: Sequence[Span], lexicon: frozenset[str],
    curated: frozenset[str] = frozenset(),
) -> tuple[list[Candidate], list[Span], list[int]]:
    """Content words outside quotations, with the sentences they sit in and each sentence's token count.

    ``quoted`` are the speakers' words (never candidates); ``scare`` are short quoted spans with no
    speaker (their words *are* candidates, with a feature saying so: the outlet chose them).
    """
    quoted_set, scare_set = _SpanSet(quoted), _SpanSet(scare)
    sents = list(doc.sents)
    out: list[Candidate] = []
    seen: set[Span] = set()
    for si, sent in enumerate(sents):
        for tok in sent:
            if tok.pos_ not in CANDIDATE_POS or not tok.is_alpha or tok.lemma_.lower() in _NEVER:
                continue
            if tok.is_stop and tok.pos_ != "ADJ":
                continue
            s, e = tok.idx, tok.idx + len(tok)
            comp = _compound(tok)
            if comp is not None:
                s, e = comp[0], comp[1]
            if (s, e) in seen:
                continue
            in_scare = scare_set.containing(s, e) is not None
            if not in_scare and quoted_set.containing(s, e) is not None:
                continue
            seen.add((s, e))
            out.append(Candidate(tok.i, (s, e), si, token_features(tok, lexicon, curated, in_scare, comp and comp[2])))
    sent_spans = [(s.start_char, s.end_char) for s in sents]
    n_tokens = [sum(1 for t in s if t.is_alpha) for s in sents]
    return out, sent_spans, n_tokens


@dataclass(frozen=True)
class Detection:
    """What the detector found in one document: every candidate's probability, and each sentence's."""

    candidates: list[Candidate]
    word_probs: np.ndarray
    sentences: list[Span]
    sentence_probs: list[float]


def detect(doc: Doc, model: FramingModel, quoted: Sequence[Span], scare: Sequence[Span]) -> Detection:
    """Score every candidate word and every sentence of ``doc`` (one matrix product per document)."""
    cands, sent_spans, _n_tokens = candidates(doc, quoted, scare, model.lexicon, model.curated)
    probs = model.word.probabilities(doc, cands)
    per_sent: list[list[float]] = [[] for _ in sent_spans]
    for c, p in zip(cands, probs, strict=True):
        per_sent[c.sentence].append(float(p))
    tensor = doc.tensor if doc.tensor is not None and len(doc.tensor) == len(doc) else None
    # One pass over the document's tokens for what every sentence's features read (a Span makes
    # its Token objects anew on each pass, and the features took eight passes per sentence).
    texts, alpha, pos, tags, lowers = [], [], [], [], []
    for t in doc:
        texts.append(t.text)
        alpha.append(t.is_alpha)
        if t.is_alpha:
            pos.append(t.pos_)
            tags.append(t.tag_)
            lowers.append(t.lower_)
    word_at = list(accumulate(alpha, initial=0))  # words before each token: sentence -> its words
    sent_probs = []
    for ps, sent in zip(per_sent, doc.sents, strict=True):
        a, b = word_at[sent.start], word_at[sent.end]
        x = _sentence_vector(ps, texts[sent.start : sent.end], pos[a:b], tags[a:b], lowers[a:b],
                             None if tensor is None else tensor[sent.start : sent.end])
        sent_probs.append(model.sentence.probability_of(x))
    return Detection(cands, probs, sent_spans, sent_probs)
