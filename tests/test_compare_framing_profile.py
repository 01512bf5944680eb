"""Per-outlet framing profiles: rates per 1,000 words and non-neutral verb share, with a seeded interval."""

from __future__ import annotations

import re

from newsprism.compare.framing import framing_profiles
from newsprism.model import Article, ArticleAnalysis, FramingSpan, Mention, Quote


def _article(aid: str, outlet: str, text: str) -> Article:
    return Article(id=aid, outlet=outlet, text=text)


def _analysis(article: Article, loaded: list[str], cues: list[str], non_neutral: list[str]) -> ArticleAnalysis:
    text = article.text
    sents = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]

    def span(word: str, taken: set[int]) -> tuple[int, int]:
        """The first occurrence of ``word`` not used yet (two "said" cues are two places)."""
        s = text.index(word)
        while s in taken:
            s = text.index(word, s + 1)
        taken.add(s)
        return s, s + len(word)

    used_f: set[int] = set()
    used_q: set[int] = set()

    framing = [FramingSpan(article_id=article.id, spans=[span(w, used_f)], text=w, type="loaded_term", confidence=0.8)
               for w in loaded]
    framing += [FramingSpan(article_id=article.id, spans=[span(w, used_f)], text=w, type="attribution_verb")
                for w in non_neutral]
    quotes = [
        Quote(id=f"{article.id}:q{i}", article_id=article.id, spans=[(0, 1)], text="x", kind="indirect",
              cue=Mention(text=w, spans=[span(w, used_q)]))
        for i, w in enumerate(cues)
    ]
    return ArticleAnalysis(article_id=article.id, framing=framing, quotes=quotes, sentences=sents)


LOUD = ("The radical senator slammed the plan. Critics claimed it was a disaster. "
        "The mayor said it would pass. Officials said the vote is on Friday.")
PLAIN = ("The senator criticised the plan. Critics said it would fail. "
         "The mayor said it would pass. Officials said the vote is on Friday.")


def test_profile_rates_share_and_interval_per_outlet():
    a = _article("a1", "Loud Daily", LOUD)
    b = _article("b1", "Plain Times", PLAIN)
    analyses = {
        "a1": _analysis(a, ["radical", "slammed"], ["claimed", "said", "said"], ["claimed"]),
        "b1": _analysis(b, [], ["said", "said", "said"], []),
    }
    loud, plain = framing_profiles([a, b], analyses)
    assert (loud.outlet, plain.outlet) == ("Loud Daily", "Plain Times")
    words = len(re.findall(r"\w+", LOUD))
    assert loud.words == words and loud.loaded_terms == 2
    assert abs(loud.loaded_per_1000_words.value - 2000 / words) < 0.01
    r = loud.loaded_per_1000_words
    assert r.low <= r.value <= r.high and r.low < r.high  # a real interval, not a point
    assert loud.attribution_cues == 3 and loud.non_neutral_cues == 1
    assert loud.non_neutral_verbs == {"claimed": 1}
    assert abs(loud.non_neutral_share.value - 1 / 3) < 0.01
    assert plain.loaded_per_1000_words.value == 0 and plain.loaded_per_1000_words.high == 0


def test_profile_is_reproducible_and_independent_of_outlet_order():
    a = _article("a1", "Loud Daily", LOUD)
    b = _article("b1", "Plain Times", PLAIN)
    analyses = {
        "a1": _analysis(a, ["radical", "slammed"], ["claimed", "said"], ["claimed"]),
        "b1": _analysis(b, ["criticised"], ["said"], []),
    }
    first = framing_profiles([a, b], analyses)
    again = framing_profiles([b, a], analyses)
    assert {p.outlet: p for p in first} == {p.outlet: p for p in again}


def test_outlet_without_quotes_has_no_share_and_several_articles_are_pooled():
    a1 = _article("a1", "Loud Daily", LOUD)
    a2 = _article("a2", "Loud Daily", PLAIN)
    analyses = {"a1": _analysis(a1, ["radical"], [], []), "a2": _analysis(a2, [], [], [])}
    (p,) = framing_profiles([a1, a2], analyses)
    assert p.article_ids == ["a1", "a2"] and p.non_neutral_share is None
    assert p.words == len(re.findall(r"\w+", LOUD + " " + PLAIN))


def test_corpus_sized_outlet_resamples_articles():
    arts = [_article(f"a{i}", "Loud Daily", LOUD if i % 2 else PLAIN) for i in range(40)]
    analyses = {a.id: _analysis(a, ["radical"] if a.text == LOUD else [], [], []) for a in arts}
    (p,) = framing_profiles(arts, analyses)
    r = p.loaded_per_1000_words
    assert p.loaded_terms == 20 and r.low < r.value < r.high


def test_outlet_without_words_gets_numbers_that_survive_report_json():
    from newsprism.model import OutletFramingProfile

    a = _article("n1", "Numbers Only", "— —. … ….")
    b = _article("l1", "Loud Daily", LOUD)
    analyses = {"n1": _analysis(a, [], [], []), "l1": _analysis(b, ["radical"], ["said"], [])}
    numbers, _loud = framing_profiles([a, b], analyses)
    assert numbers.words == 0 and numbers.loaded_per_1000_words.value == 0.0
    again = OutletFramingProfile.model_validate_json(numbers.model_dump_json())
    assert again == numbers


def test_one_article_bootstrap_draws_as_one_call_per_resample():
    """The one-article bootstrap draws all resamples in one call: the same totals, and the generator
    left where 1,000 separate calls leave it (odd sizes too: numpy keeps the half-used 32-bit word)."""
    import numpy as np

    from newsprism.compare.framing import _bootstrap

    for size in (0, 1, 2, 7, 33, 64):
        for seed in range(3):
            m = np.random.default_rng(seed).integers(0, 30, (size, 5)).astype(float)
            rng_fast, rng_loop = np.random.default_rng([16, seed]), np.random.default_rng([16, seed])
            fast = _bootstrap([m], rng_fast, 1000)
            loop = np.zeros((1000, 5))
            for b in range(1000):
                if size:
                    loop[b] = m[rng_loop.integers(0, size, size)].sum(axis=0)
            assert np.array_equal(fast, loop)
            assert rng_fast.integers(0, 2**40) == rng_loop.integers(0, 2**40)
