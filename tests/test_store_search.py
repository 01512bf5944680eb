"""Full-text search (store/query.py, store/search.py) on hand-made articles: no models, runs offline.

The index is SQLite FTS5 from Python's own sqlite3, so these run on a fresh machine as they are.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsprism.model import Article, ArticleAnalysis, Quote, Speaker
from newsprism.store.corpus import Corpus
from newsprism.store.query import QueryError, match_spans, parse_query
from newsprism.store.search import Filters, SearchIndex, ensure_index, index_path

TEXTS = {
    "a1": ("North Korea test fires missile", "North Korean leader Kim Jong-un watched the launch on Tuesday, state media said.",
           "KCNA", "2024-03-05"),
    "a2": ("Summit talk", "Officials said Kim Jong Un could meet the South's president. Kim Jong Un declined comment.",
           "Yonhap", "2024-03-07"),
    "a3": ("Fact-Checking the debate", "Our fact checking desk reviewed claims about health spending by Clinton.",
           "PolitiFact", "2024-02-01"),
    "a4": ("José Núñez wins", "The mayor, José Núñez, said the vote was fair.", "El País", None),
}


def _articles() -> list[tuple[Article, ArticleAnalysis]]:
    pairs = []
    for aid, (title, text, outlet, published) in TEXTS.items():
        art = Article(id=aid, outlet=outlet, title=title, text=text, raw_text=text, published=published)
        quotes = []
        if "said" in text:
            start = text.index("said")
            quotes.append(Quote(id=f"{aid}:q0", article_id=aid, spans=[(start, len(text))], text=text[start:],
                                kind="indirect", speaker=Speaker(name="Officials" if aid == "a2" else "Kim Jong-un",
                                                                spans=[], resolved_by="name")))
        pairs.append((art, ArticleAnalysis(article_id=aid, quotes=quotes)))
    return pairs


@pytest.fixture()
def corpus(tmp_path: Path) -> Corpus:
    corpus = Corpus(tmp_path / "c.duckdb")
    corpus.add_analysed(_articles())
    corpus.set_assignments([(aid, "s-" + aid, None) for aid in TEXTS])
    yield corpus
    corpus.close()


def _ids(corpus: Corpus, q: str, kind: str = "article", **filters: str) -> list[str]:
    assert corpus.index is not None
    return [h.article_id for h in corpus.index.search(parse_query(q), kind, Filters(**filters), 20, 0)[1]]


def test_case_hyphens_and_punctuation_do_not_matter(corpus: Corpus) -> None:
    assert sorted(_ids(corpus, "Kim Jong Un")) == sorted(_ids(corpus, "kim jong-un")) == ["a1", "a2"]
    assert _ids(corpus, '"Kim Jong Un"') == _ids(corpus, '"KIM JONG-UN"')
    assert _ids(corpus, '"fact checking"') == _ids(corpus, "Fact-Checking") == ["a3"]
    assert _ids(corpus, "jose nunez") == ["a4"]  # accents folded


def test_words_phrases_and_boolean_operators(corpus: Corpus) -> None:
    assert _ids(corpus, "Clinton health") == ["a3"]  # all words, anywhere: not one substring
    assert _ids(corpus, '"Clinton health"') == []
    assert sorted(_ids(corpus, "missile OR debate")) == ["a1", "a3"]
    assert _ids(corpus, "Kim NOT missile") == ["a2"] == _ids(corpus, "Kim -missile")
    assert _ids(corpus, "(missile OR summit) AND comment") == ["a2"]
    assert sorted(_ids(corpus, "miss* OR fact*")) == ["a1", "a3"]


def test_more_matches_rank_first_and_filters_narrow(corpus: Corpus) -> None:
    assert _ids(corpus, "Kim")[0] == "a2"  # twice in a2, once in a1
    assert _ids(corpus, "Kim", outlet="kcna") == ["a1"]
    assert _ids(corpus, "Kim", since="2024-03-06") == ["a2"]
    assert _ids(corpus, "Kim", until="2024-03-06") == ["a1"]
    assert _ids(corpus, "Kim", story="s-a2") == ["a2"]
    assert sorted(_ids(corpus, "said", kind="quote", speaker="kim jong un")) == ["a1", "a4"]
    assert _ids(corpus, "said", kind="quote", speaker="Officials") == ["a2"]


@pytest.mark.parametrize(
    "q", ['"Kim', "NEAR(Kim", "Kim)", "((Kim", "Kim AND", "OR Kim", "col:Kim", "^Kim", "Kim*  *", "NEAR(a b, 2)",
          "Kim NOT NOT Jong", '"" Kim', "Kim\x00Jong", "{Kim Jong}", "Kim + Jong", "-- Kim"],
)
def test_no_input_reaches_fts5_as_syntax(corpus: Corpus, q: str) -> None:
    assert corpus.index is not None
    total, _ = corpus.index.search(parse_query(q), "article", Filters(), 20, 0)  # never an FTS5 error
    assert total >= 0
    with pytest.raises(sqlite3.OperationalError):  # the same text passed raw would have failed
        corpus.index.con.execute("SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ?", ['NEAR(Kim "']).fetchall()


@pytest.mark.parametrize("q", ["", "   ", '"', "%", "NOT Kim", "-Kim", "AND OR"])
def test_a_query_with_nothing_to_look_for_says_so(q: str) -> None:
    with pytest.raises(QueryError):
        parse_query(q)


def test_match_spans_are_offsets_into_the_text() -> None:
    text = "Leader Kim Jong-un met KIM JONG UN's envoy; José said so."
    terms = parse_query('"kim jong un" OR jose').terms
    spans = match_spans(text, terms)
    assert [text[a:b] for a, b in spans] == ["Kim Jong-un", "KIM JONG UN", "José"]
    # words of a query that stand side by side are one highlight, as the reader typed them
    text = "The peace plan, a plan for peace."
    assert [text[a:b] for a, b in match_spans(text, parse_query("peace plan").terms)] == ["peace plan", "plan", "peace"]


def test_an_index_that_missed_a_commit_is_rebuilt_from_the_corpus(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        corpus.add_analysed(_articles()[:2])
        monkeypatch.setattr(SearchIndex, "commit", lambda self, fp: (_ for _ in ()).throw(OSError("disk full")))
        with pytest.raises(OSError):  # the corpus committed, the index did not (a crash between the two)
            corpus.set_assignments([("a1", "s1", None), ("a2", "s2", None)])
        monkeypatch.undo()
        assert corpus.count("assignments") == 2
    with Corpus(db, read_only=True) as corpus:
        path = ensure_index(corpus)
        with SearchIndex(path) as index:
            assert index.fingerprint() == corpus.fingerprint()
            assert index.search(parse_query("Kim"), "article", Filters(), 20, 0)[0] == 2
    index_path(db).unlink()  # a deleted index is rebuilt the same way
    with Corpus(db) as corpus:
        assert corpus.index is not None
        assert corpus.index.search(parse_query("Kim"), "article", Filters(), 20, 0)[0] == 2


def test_shown_names_are_the_corpus_names_of_the_given_articles_speakers(tmp_path: Path) -> None:
    """One story's speakers, named as the speakers pages name them across the whole corpus."""
    texts = {"p1": ("Putin", "Putin said the talks in Beijing had been frank and useful."),
             "p2": ("Vladimir Putin", "Vladimir Putin said relations with China were at their best."),
             "p3": ("Western leaders", "Western leaders said the visit changed nothing on the ground.")}
    pairs = []
    for aid, (speaker, text) in texts.items():
        start = len(speaker) + len(" said ")
        quote = Quote(id=f"{aid}:q0", article_id=aid, spans=[(start, len(text) - 1)], text=text[start:-1],
                      kind="indirect", speaker=Speaker(name=speaker, spans=[(0, len(speaker))],
                                                       resolved_by="none" if aid == "p3" else "name"))
        pairs.append((Article(id=aid, outlet="Reuters", text=text, raw_text=text), ArticleAnalysis(article_id=aid, quotes=[quote])))
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_analysed(pairs)
        corpus.set_assignments([(aid, aid, None) for aid in texts])
        assert corpus.index is not None
        assert corpus.index.shown_names(["p1"]) == {"Putin": "Vladimir Putin"}  # that story's names only
        # a description is named on the page too (no speakers row counts it): as the page shows it
        assert corpus.index.shown_names(["p2", "p3"]) == {"Vladimir Putin": "Vladimir Putin",
                                                          "Western leaders": "Western leaders"}
        assert corpus.index.shown_names([]) == {}


def _said(aid: str, speaker: str, words: str) -> tuple[Article, ArticleAnalysis]:
    text = f"{speaker} said {words}."
    start = len(speaker) + len(" said ")
    quote = Quote(id=f"{aid}:q0", article_id=aid, spans=[(start, len(text) - 1)], text=words, kind="indirect",
                  cue_class="speech", speaker=Speaker(name=speaker, spans=[(0, len(speaker))], kind="person",
                                                      resolved_by="name"))
    return Article(id=aid, outlet="AP", text=text, raw_text=text), ArticleAnalysis(article_id=aid, quotes=[quote])


def test_shown_names_fold_within_the_story_and_a_quote_in_no_story_by_the_corpus_alone(tmp_path: Path) -> None:
    """A story quoting Barack Obama names its "Obama" so, though Michelle Obama keeps "Obama" apart
    corpus-wide; an article no story holds yet has only the corpus's names."""
    pairs = [_said("b1", "Barack Obama", "the climate accord was the best chance the world had"),
             _said("b2", "Obama", "the accord would be signed by every member state"),
             _said("m1", "Michelle Obama", "the school lunch programme feeds millions of children"),
             _said("n1", "Obama", "the library would open its doors to every child in the city")]
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_analysed(pairs)
        corpus.set_assignments([("b1", "b1", None), ("b2", "b1", None), ("m1", "m1", None)])
        assert corpus.index is not None
        assert corpus.index.shown_names(["b1", "b2"]) == {"Obama": "Barack Obama", "Barack Obama": "Barack Obama"}
        assert corpus.index.shown_names(["n1"]) == {"Obama": "Obama"}
        total, rows = corpus.index.speakers(10, 0)
        assert sorted((name, quotes, stories) for _k, name, _ns, _kd, quotes, stories in rows) == [
            ("Barack Obama", 2, 1), ("Michelle Obama", 1, 1)]
        hits = corpus.index.search(parse_query("accord"), "quote", Filters(speaker="Barack Obama"), 20, 0)[1]
        assert sorted(h.quote_id for h in hits) == ["b1:q0", "b2:q0"]
