"""The small model's attribute ruler and lemmatizer, remembered: the same token attributes, ~20x less work.

Why: the two rule components took 18% of spaCy's time on news text (20 + 14 ms of ~190 ms per
800-word article), for what is almost always the same answer: which part of speech, morphology
and lemma a word gets follows from the word, its tag and its dependency label.  This component
runs the real rules once per distinct case and remembers the outcome; every later token of that
case is written from memory, column-wise (``Doc.from_array``), with no per-token Python object.

What makes the memory exact (``bench/rule_attrs_identity.py`` compares every token's ``pos_``,
``tag_``, ``dep_``, ``morph`` and ``lemma_`` with the stock pipeline's; ``tests/test_pipes.py``):

- the attribute ruler decides from the state before it runs (it matches first, then sets), and its
  single-token patterns read only ``TAG``, ``LOWER``, ``DEP`` and ``IS_SPACE``: functions of the
  token's ``(ORTH, TAG, DEP)``, which is the key;
- its few two-token patterns ("gon na", "let 's", "ai n't", an expletive before "is") depend on the
  neighbour: they are matched on every doc (a small matcher, in C) and the groups that set
  attributes on a token are part of that token's key;
- before the ruler, part of speech, morphology and lemma are unset (the tagger sets tags only);
- the lemmatizer ("rule" mode, ``overwrite`` off) reads the token's text, part of speech and
  morphology, all fixed by the key, and keeps a lemma the ruler set.

An unseen key is computed by the real components on that doc's unseen tokens, in the ruler's own
order (matches sorted by pattern group, later groups winning).
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

# Attributes the two components write, as columns of Doc.to_array / from_array.
OUTPUT = [POS, MORPH, LEMMA, TAG, DEP]
# A process analysing millions of articles meets ever more rare words: past this many cases the
# memory starts again (a few hundred MB otherwise; spaCy's own lemmatizer cache grows the same way).
MAX_CASES = 500_000


class TokenTests:
    """The ruler's token patterns as column tests over a Doc's attribute arrays (numpy, no Matcher).

    Why: spaCy's Matcher calls a Python predicate per token for every ``IN`` and ``REGEX`` test:
    1.4 ms per article for the eight two-token patterns alone.  Only what the ruler's patterns use
    is supported (equality, ``IN``, ``NOT_IN``, ``REGEX`` on ``LOWER``, ``ORTH``, ``TAG``, ``DEP``;
    ``IS_SPACE``); anything else raises ``ValueError`` at load.  Semantics as the Matcher's: every
    key of a token pattern must hold, a string is compared by its hash (``""`` is an unset
    attribute), ``REGEX`` is ``re.search`` on the attribute's string.
    """

    COLUMNS = {"LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}

    def __init__(self, vocab: Vocab) -> None:
        self.strings = vocab.strings
        self.regex_memo: dict[tuple[str, int], bool] = {}

    def check(self, token_pattern: dict) -> None:
        for key, value in token_pattern.items():
            if key not in self.COLUMNS:
                raise ValueError(f"token pattern key {key!r} not supported")
            if isinstance(value, dict) and set(value) - {"IN", "NOT_IN", "REGEX"}:
                raise ValueError(f"token pattern operator {set(value)!r} not supported")
            if not isinstance(value, str | bool | dict):
                raise ValueError(f"token pattern value {value!r} not supported")

    def columns(self, doc: Doc) -> dict[str, np.ndarray]:
        attrs = [LOWER, ORTH, TAG, DEP, IS_SPACE]
        arr = doc.to_array(attrs)
        return {"LOWER": arr[:, 0], "ORTH": arr[:, 1], "TEXT": arr[:, 1], "TAG": arr[:, 2], "DEP": arr[:, 3],
                "IS_SPACE": arr[:, 4].astype(bool)}

    def holds(self, token_pattern: dict, cols: dict[str, np.ndarray]) -> np.ndarray:
        """Which tokens satisfy ``token_pattern`` (a boolean array)."""
        n = len(next(iter(cols.values())))
        ok = np.ones(n, dtype=bool)
        for key, value in token_pattern.items():
            col = cols[key]
            if isinstance(value, bool):
                ok &= col == value
            elif isinstance(value, str):
                ok &= col == get_string_id(value)
            else:
                if "IN" in value:
                    ok &= np.isin(col, [get_string_id(v) for v in value["IN"]])
                if "NOT_IN" in value:
                    ok &= ~np.isin(col, [get_string_id(v) for v in value["NOT_IN"]])
                if "REGEX" in value:
                    ok &= self._regex(value["REGEX"], col)
        return ok

    def _regex(self, pattern: str, col: np.ndarray) -> np.ndarray:
        memo = self.regex_memo
        compiled = re.compile(pattern)
        passing = []
        for h in np.unique(col).tolist():
            hit = memo.get((pattern, h))
            if hit is None:
                hit = memo[(pattern, h)] = bool(compiled.search(self.strings[h] if h else ""))
            if hit:
                passing.append(h)
        return np.isin(col, passing)


class RuleAttributes:
    """``attribute_ruler`` then ``lemmatizer``, remembered per ``(ORTH, TAG, DEP, two-token groups)``."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule":
            raise ValueError(f"lemmatizer mode {lemmatizer.mode!r}: only 'rule' is remembered exactly")
        single_attrs = {"TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "TEXT"}
        self.ruler = ruler
        self.lemmatizer = lemmatizer
        # The rules' word lists as sets: rule_lemmatize only asks ``form in index``, which on
        # spaCy's lists (57,528 nouns) was a linear scan, ~0.1 ms per unseen case.  This
        # lemmatizer is ours alone (``remember_rule_attributes`` takes it out of the pipeline).
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos in list(index.keys()):
            index[pos] = frozenset(index[pos])
        # The ruler's patterns by group number (the ruler's match key; later groups win), as
        # column tests: one-token patterns (context-free) and longer ones (matched per doc).
        self.tests = TokenTests(ruler.vocab)
        self.single: list[tuple[int, list[dict]]] = []
        self.multi: list[tuple[int, list[dict]]] = []
        for group, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                for tok in pattern:
                    self.tests.check(tok)
                    if len(pattern) == 1 and set(tok) - single_attrs:
                        raise ValueError(f"attribute_ruler pattern {pattern!r} reads more than (ORTH, TAG, DEP)")
                (self.single if len(pattern) == 1 else self.multi).append((group, pattern))
        self.index = {group: entry.get("index", 0) for group, entry in enumerate(ruler.patterns)}
        self.cases: dict[tuple, tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        cols = self.tests.columns(doc)
        keys: list[tuple] = list(zip(cols["ORTH"].tolist(), cols["TAG"].tolist(), cols["DEP"].tolist(), strict=True))
        context: dict[int, set[int]] = {}
        for group, pattern in self.multi:
            length = len(pattern)
            if length > n:
                continue
            hit = np.ones(n - length + 1, dtype=bool)
            for offset, tok in enumerate(pattern):
                hit &= self.tests.holds(tok, cols)[offset : n - length + 1 + offset]
            index = self.index[group]
            for start in np.flatnonzero(hit).tolist():
                context.setdefault(start + index if index >= 0 else start + length + index, set()).add(group)
        for i, groups in context.items():
            keys[i] = (*keys[i], *sorted(groups))
        cases = self.cases
        unseen = [i for i, key in enumerate(keys) if key not in cases]
        if unseen:
            self._compute(doc, unseen, keys)
        after = np.array([cases[key] for key in keys], dtype=np.uint64)
        doc.from_array(OUTPUT, after)
        return doc

    def _compute(self, doc: Doc, unseen: list[int], keys: list[tuple]) -> None:
        """Run the real rules once per unseen key and remember what they set.

        On a small Doc of one token per unseen key rather than on ``doc``: the ruler's matcher
        (179 patterns) over a whole article costs as much as the rules it spares.  The small Doc
        carries each token's ORTH, TAG and DEP, all that its single-token patterns read; its
        two-token groups, which the small Doc's adjacency would fake, come from the key instead.
        """
        if len(self.cases) > MAX_CASES:
            self.cases.clear()
        first: dict[tuple, int] = {}
        for i in unseen:
            first.setdefault(keys[i], i)
        todo = list(first.items())
        mini = Doc(doc.vocab, words=[doc[i].text for _, i in todo], spaces=[False] * len(todo))
        mini.from_array([TAG, DEP], np.array([key[1:3] for key, _ in todo], dtype=np.uint64))
        groups: list[list[int]] = [list(key[3:]) for key, _ in todo]
        cols = self.tests.columns(mini)
        for group, pattern in self.single:
            for position in np.flatnonzero(self.tests.holds(pattern[0], cols)).tolist():
                groups[position].append(group)
        for position, hits in enumerate(groups):
            for group in sorted(set(hits)):  # the ruler's order: later groups win
                set_token_attrs(mini[position], self.ruler.attrs[group])
        lemmatizer = self.lemmatizer
        for token in mini:
            if lemmatizer.overwrite or token.lemma == 0:
                token.lemma_ = lemmatizer.lemmatize(token)[0]
        values = mini.to_array(OUTPUT).tolist()
        for (key, _), value in zip(todo, values, strict=True):
            self.cases[key] = tuple(value)


@Language.factory("rule_attributes")
def make_rule_attributes(nlp: Language, name: str) -> RuleAttributes:
    """Built from the pipeline's own ``attribute_ruler`` and ``lemmatizer``, which it then replaces."""
    return RuleAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def remember_rule_attributes(nlp: Language) -> Language:
    """Swap ``attribute_ruler`` + ``lemmatizer`` for :class:`RuleAttributes` (same outputs), in place."""
    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return nlp
    nlp.add_pipe("rule_attributes", after="lemmatizer")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return nlp
