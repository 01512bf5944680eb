"""The remembered attribute ruler + lemmatizer set exactly what spaCy's own components set."""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG

from newsprism.nlp import load_nlp

# Cases the rules treat apart: two-token patterns ("gon na", "got ta", "let 's", "ai n't", "y' all",
# an expletive before "is"), pronouns whose case follows the dependency, auxiliaries, "but" as an
# adverb, paragraph breaks (space tokens), words met twice (the second from memory).
TEXT = (
    "\"We're gonna fight this,\" said Maria Ortega, 54. \"Let's be clear: it ain't over, y'all.\"\n\n"
    "There is no deal yet, and there were 1,200 homes damaged. I told him it was gotta be done.\n"
    "He said I had been misled; they did not see it. She saw the saws but saw nothing. "
    "It was raining, but the talks, which had stalled, resumed. Officials said it was the worst flood."
)
ATTRS = [ORTH, POS, TAG, DEP, HEAD, MORPH, LEMMA]


def test_same_token_attributes_as_the_stock_components(nlp) -> None:
    stock = load_nlp(stock=True)
    assert "rule_attributes" in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    expected = stock(TEXT).to_array(ATTRS)
    for _ in range(2):  # first computed by the rules, then from memory
        assert (nlp(TEXT).to_array(ATTRS) == expected).all()
    doc = nlp(TEXT)
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["ai"] == "be" and lemmas["'s"] == "us"
    assert {t.pos_ for t in doc if t.is_space} == {"SPACE"}


def test_column_tests_find_what_spacys_matcher_finds(nlp) -> None:
    # every pattern of the ruler, on a parsed text: the same (group, start, end) matches
    from spacy.matcher import Matcher

    stock = load_nlp(stock=True)
    ruler = stock.get_pipe("attribute_ruler")
    doc = stock(TEXT)
    rules = nlp.get_pipe("rule_attributes")
    cols = rules.tests.columns(doc)
    found = set()
    for group, pattern in rules.single + rules.multi:
        hit = np.ones(len(doc) - len(pattern) + 1, dtype=bool)
        for offset, tok in enumerate(pattern):
            hit &= rules.tests.holds(tok, cols)[offset : len(doc) - len(pattern) + 1 + offset]
        found |= {(group, int(i), int(i) + len(pattern)) for i in np.flatnonzero(hit)}
    matcher = Matcher(stock.vocab)
    for group, entry in enumerate(ruler.patterns):
        matcher.add(str(group), entry["patterns"])
    expected = {(int(stock.vocab.strings[m]), s, e) for m, s, e in matcher(doc, allow_missing=True)}
    assert found == expected and len(expected) > 100
