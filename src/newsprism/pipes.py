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

import numpy as np
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# Attributes the two components write, as columns of Doc.to_array / from_array.
OUTPUT = [POS, MORPH, LEMMA, TAG, DEP]
# A process analysing millions of articles meets ever more rare words: past this many cases the
# memory starts again (a few hundred MB otherwise; spaCy's own lemmatizer cache grows the same way).
MAX_CASES = 500_000


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
        # The ruler's multi-token groups, under their own group number (the ruler's match key).
        self.context = Matcher(ruler.vocab)
        for group, entry in enumerate(ruler.patterns):
            patterns = entry["patterns"]
            if any(len(p) > 1 for p in patterns):
                self.context.add(str(group), patterns)
            elif any(set(tok) - single_attrs for p in patterns for tok in p):
                raise ValueError(f"attribute_ruler pattern {patterns!r} reads more than (ORTH, TAG, DEP)")
        self.index = {group: entry.get("index", 0) for group, entry in enumerate(ruler.patterns)}
        self.cases: dict[tuple, tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        before = doc.to_array([ORTH, TAG, DEP]).tolist()
        keys: list[tuple] = [tuple(row) for row in before]
        for match_id, start, end in self.context(doc, allow_missing=True):
            group = int(self.ruler.vocab.strings[match_id])
            i = start + self.index[group] if self.index[group] >= 0 else end + self.index[group]
            keys[i] = (*keys[i], group)
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
        for group, _, start, end in self.ruler.match(mini):
            if end - start == 1:
                groups[start].append(group)
        for position, hits in enumerate(groups):
            for group in sorted(hits):  # the ruler's order: later groups win
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
