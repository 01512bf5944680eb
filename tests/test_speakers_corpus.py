"""Speakers across the whole corpus: typed, one name per person, speech first (issue #15 items 3-4).

Hand-built analyses (no NLP model): what is pinned here is what the report and the web app do with
the speakers the analysis found, whatever found them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsprism.compare.speakers import corpus_speaker_names
from newsprism.model import Article, ArticleAnalysis, Mention, Quote, Report, Speaker
from newsprism.pipeline import build_report
from newsprism.store.corpus import Corpus
from newsprism.web.app import create_app

ROWS = [
    ("Obama", "person", 3), ("Barack Obama", "person", 5), ("President Obama", "person", 2),
    ("Crooked Hillary Clinton", "person", 1), ("Hillary Clinton", "person", 9), ("Clinton", "person", 4),
    ("Clinton campaign", "organisation", 2), ("One source in the Clinton camp", "description", 1),
    ('">Sanders', "person", 1), ("Bernie Sanders", "person", 3),
    ("Bush", "person", 2), ("George Bush", "person", 1), ("Jeb Bush", "person", 1),
    ("John Paul Jones", "person", 1), ("John Kerry", "person", 2),
]


def test_one_name_per_person_across_the_corpus() -> None:
    names = corpus_speaker_names(ROWS)
    assert {names[n] for n in ("Obama", "President Obama", "Barack Obama")} == {"Barack Obama"}
    assert names["Crooked Hillary Clinton"] == names["Clinton"] == "Hillary Clinton"  # an epithet is no name
    assert names['">Sanders'] == "Bernie Sanders"
    assert names["Bush"] == "Bush"  # George and Jeb: ambiguous, left as written
    assert names["John Paul Jones"] == "John Paul Jones"  # "John" starts another name: no epithet
    # a campaign and an anonymous source are not the person they are named after
    assert names["Clinton campaign"] == "Clinton campaign"
    assert names["One source in the Clinton camp"] == "One source in the Clinton camp"


def test_a_body_with_its_country_in_front_is_one_body_within_a_story() -> None:
    rows = [("US Centers for Disease Control and Prevention", "organisation", 1),
            ("Centers for Disease Control and Prevention", "organisation", 3),
            ("U.S. Food and Drug Administration", "organisation", 2), ("Food and Drug Administration", "organisation", 1),
            ("UK Supreme Court", "organisation", 2), ("US Supreme Court", "organisation", 1),
            ("Supreme Court", "organisation", 1),
            ("US military", "organisation", 1), ("military", "organisation", 2),
            ("U.S. Attorney's Office", "organisation", 1), ("Attorney's Office", "organisation", 1)]
    names = corpus_speaker_names(rows, one_story=True)
    assert names["US Centers for Disease Control and Prevention"] == "Centers for Disease Control and Prevention"
    assert names["Food and Drug Administration"] == "U.S. Food and Drug Administration"  # the most quoted
    # two countries' courts in one story stay two, and the court without a country stays itself
    assert (names["UK Supreme Court"], names["US Supreme Court"], names["Supreme Court"]) == (
        "UK Supreme Court", "US Supreme Court", "Supreme Court")
    assert names["US military"] == "US military"  # one word is every country's
    assert names["U.S. Attorney's Office"] == "U.S. Attorney's Office"  # the title's, not any attorney's
    # and once folded, folding again changes nothing (the web app folds a story's folded names)
    assert all(corpus_speaker_names([(v, "organisation", 1) for v in set(names.values())], one_story=True)[v] == v
               for v in names.values())
    # across a corpus "Supreme Court" is every country's and state's: no fold
    corpus = corpus_speaker_names(rows)
    assert corpus["US Supreme Court"] == "US Supreme Court"
    assert corpus["US Centers for Disease Control and Prevention"] == "US Centers for Disease Control and Prevention"


def test_an_acronym_is_the_body_it_spells_within_a_story() -> None:
    rows = [("CDC", "organisation", 3), ("Centers for Disease Control and Prevention", "organisation", 2),
            ("BOE", "organisation", 1), ("Board of Elections", "organisation", 2),
            ("SPD", "organisation", 1), ("Slidell Police Department", "organisation", 1),
            ("Seattle Police Department", "organisation", 1),
            ("AP", "organisation", 2), ("Atlanta Police", "organisation", 1)]
    names = corpus_speaker_names(rows, one_story=True)
    assert names["CDC"] == "Centers for Disease Control and Prevention"
    assert names["BOE"] == "Board of Elections"
    assert names["SPD"] == "SPD"  # two of the story's bodies spell it: which one is not known
    assert names["AP"] == "AP"  # two letters spell too many names
    # folding again changes nothing (the web app folds a story's folded names)
    assert all(corpus_speaker_names([(v, "organisation", 1) for v in set(names.values())], one_story=True)[v] == v
               for v in names.values())
    # across a corpus, never: one story's "SPD" is not another's police department
    assert corpus_speaker_names(rows)["CDC"] == "CDC"
    # review guard: a name quoted as often as a body as a group is no body, in whatever order it comes
    isis = [("ISIS", "organisation", 1), ("ISIS", "group", 1), ("Islamic State of Iraq and Syria", "organisation", 1)]
    assert {corpus_speaker_names(r, one_story=True)["ISIS"] for r in (isis, isis[1::-1] + isis[2:])} == {"ISIS"}


def test_a_family_name_written_first_finds_its_full_name() -> None:
    names = corpus_speaker_names([("Xi", "person", 6), ("Xi Jinping", "person", 4),
                                  ("Paul", "person", 1), ("Paul Ryan", "person", 2), ("Rand Paul", "person", 2)])
    assert names["Xi"] == "Xi Jinping"
    assert names["Paul"] == "Paul"  # a first name of one and a family name of another: ambiguous


def test_a_title_in_front_of_a_full_name_ends_the_description_before_it() -> None:
    names = corpus_speaker_names([("UN Spokesperson Stephane Dujarric", "person", 2), ("Dujarric", "person", 3),
                                  ("Secretary of State Antony Blinken", "person", 1), ("Blinken", "person", 1)])
    assert names["Dujarric"] == names["UN Spokesperson Stephane Dujarric"] == "Stephane Dujarric"
    assert names["Blinken"] == names["Secretary of State Antony Blinken"] == "Antony Blinken"
    alone = corpus_speaker_names([("Japan’s Chief Cabinet Secretary", "person", 1)])
    assert alone["Japan’s Chief Cabinet Secretary"] == "Japan’s Chief Cabinet Secretary"  # a function, no name


def test_a_role_in_a_place_keeps_its_name_across_the_corpus() -> None:
    names = corpus_speaker_names([("mayor of Nice", "description", 1), ("Nice", "organisation", 2)])
    assert names["mayor of Nice"] == "mayor of Nice"


def test_a_second_person_of_the_same_surname_keeps_the_short_name_apart() -> None:
    names = corpus_speaker_names([("Obama", "person", 2), ("Barack Obama", "person", 1), ("Michelle Obama", "person", 1)])
    assert names["Obama"] == "Obama"


def _quote(aid: str, n: int, text: str, speaker: str, kind: str = "person", cue: str = "said",
           cue_class: str = "speech", named: bool = True) -> Quote:
    return Quote(
        id=f"{aid}:q{n}", article_id=aid, spans=[(0, len(text))], text=text, kind="indirect",
        cue=Mention(text=cue, spans=[(0, 1)]), cue_class=cue_class,  # type: ignore[arg-type]
        speaker=Speaker(name=speaker, spans=[(0, 1)], mention=speaker, kind=kind,  # type: ignore[arg-type]
                        resolved_by="name" if named else "none"),
    )


def _article(aid: str, outlet: str, text: str, published: str) -> Article:
    return Article(id=aid, outlet=outlet, text=text, published=published, title=f"{outlet} on the summit")


SAID = "the talks with the Chinese delegation had been frank and useful for both sides"
BELIEVES = "the trade agreement will be signed before the end of the year by both governments"


def _corpus_inputs() -> tuple[list[Article], dict[str, ArticleAnalysis], dict[str, tuple[list[str], dict[str, str]]]]:
    arts = [_article("a1", "Outlet One", SAID + ". " + BELIEVES, "2016-03-01"),
            _article("a2", "Outlet Two", SAID + ". " + BELIEVES, "2016-03-01"),
            _article("b1", "Outlet One", "Another story about the visit.", "2016-04-02")]
    analyses = {
        "a1": ArticleAnalysis(article_id="a1", quotes=[
            _quote("a1", 0, SAID, "Barack Obama"), _quote("a1", 1, BELIEVES, "Barack Obama", cue="believes", cue_class="belief")]),
        "a2": ArticleAnalysis(article_id="a2", quotes=[
            _quote("a2", 0, SAID, "Obama"), _quote("a2", 1, BELIEVES, "Obama", cue="believes", cue_class="belief")]),
        "b1": ArticleAnalysis(article_id="b1", quotes=[
            _quote("b1", 0, "the visit was a success for the administration", "President Obama"),
            _quote("b1", 1, "the event had been planned for weeks", "Clinton campaign", kind="organisation",
                   named=False),
            _quote("b1", 2, "the economy of the region will recover next year", "Angela Merkel", cue="expects",
                   cue_class="belief")]),
    }
    grouping = {"a1": (["a1", "a2"], {}), "b1": (["b1"], {})}
    return arts, analyses, grouping


def test_report_names_a_person_the_same_in_every_story() -> None:
    arts, analyses, grouping = _corpus_inputs()
    report = build_report(arts, analyses, grouping=grouping)
    names = {q.id: q.speaker.name for q in report.quotes if q.speaker}
    assert names["b1:q0"] == names["a2:q0"] == "Barack Obama"
    assert names["b1:q1"] == "Clinton campaign"
    assert {q.speaker.kind for q in report.quotes if q.id == "b1:q1"} == {"organisation"}


def test_within_one_story_an_organisation_does_not_take_a_person_s_name() -> None:
    # "Clinton" and "the Clinton campaign" quoted in one story: the story-level pass follows the
    # corpus rules (kinds apart), it does not fold the person into the organisation's longer name
    arts = [_article("c1", "Outlet One", SAID, "2016-03-01"), _article("c2", "Outlet Two", SAID, "2016-03-01")]
    analyses = {
        "c1": ArticleAnalysis(article_id="c1", quotes=[_quote("c1", 0, SAID, "Clinton")]),
        "c2": ArticleAnalysis(article_id="c2", quotes=[
            _quote("c2", 0, "the event had been planned for weeks", "Clinton campaign", kind="organisation"),
            _quote("c2", 1, BELIEVES, "Xi", cue="believes", cue_class="belief")]),
        "c3": ArticleAnalysis(article_id="c3", quotes=[_quote("c3", 0, BELIEVES, "Xi Jinping")]),
    }
    arts.append(_article("c3", "Outlet Three", BELIEVES, "2016-03-01"))
    report = build_report(arts, analyses, grouping={"c1": (["c1", "c2", "c3"], {})})
    names = {q.id: q.speaker.name for q in report.quotes if q.speaker}
    assert names["c1:q0"] == "Clinton" and names["c2:q0"] == "Clinton campaign"
    assert names["c2:q1"] == names["c3:q0"] == "Xi Jinping"  # one person's short name still folds


def test_a_copy_s_speech_is_not_listed_among_the_attributions_not_compared() -> None:
    from newsprism.report.story_view import story_views

    arts, analyses, _grouping = _corpus_inputs()
    report = build_report(arts, analyses, grouping={"a1": (["a1", "a2"], {"a2": "a1"}), "b1": (["b1"], {})})
    view = next(v for v in story_views(report) if "a1" in v["story"].article_ids)
    assert [v["q"].id for v in view["other_attributions"]] == ["a1:q1"]  # a1's belief; not a2's copy of it


def test_ledger_and_summary_compare_speech_by_default_and_report_json_keeps_all() -> None:
    arts, analyses, grouping = _corpus_inputs()
    speech = build_report(arts, analyses, grouping=grouping)
    every = build_report(arts, analyses, grouping=grouping, cues="all")
    assert {q.id for q in speech.quotes} == {q.id for q in every.quotes}  # report.json keeps every quote
    grouped = {i for s in speech.stories for g in s.quote_groups for i in g.quote_ids}
    assert {"a1:q0", "a2:q0"} <= grouped and not grouped & {"a1:q1", "a2:q1"}
    grouped_all = {i for s in every.stories for g in s.quote_groups for i in g.quote_ids}
    assert {"a1:q1", "a2:q1"} <= grouped_all


def _store(db: Path) -> None:
    """The corpus inputs stored and placed in their stories, as an ingest leaves them."""
    arts, analyses, grouping = _corpus_inputs()
    with Corpus(db) as corpus:
        corpus.add_analysed([(a, analyses[a.id]) for a in arts])
        corpus.set_assignments([(a, sid, None) for sid, (ids, _) in grouping.items() for a in ids])


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("speakers") / "corpus.duckdb"
    _store(db)
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        yield c


def test_speakers_list_counts_speech_first_under_one_name(client: TestClient) -> None:
    items = client.get("/api/speakers").json()["items"]
    assert [(s["name"], s["quotes"], s["stories"], s["kind"]) for s in items] == [("Barack Obama", 3, 2, "person")]
    assert set(items[0]["names"]) == {"Barack Obama", "Obama", "President Obama"}
    every = client.get("/api/speakers", params={"cues": "all"}).json()["items"]
    assert [(s["name"], s["quotes"], s["stories"]) for s in every] == [("Barack Obama", 5, 2), ("Angela Merkel", 1, 1)]
    assert "Clinton campaign" not in client.get("/speakers").text  # an organisation's description is no name
    assert client.get("/api/speakers", params={"cues": "some"}).status_code == 422


def test_story_list_filtered_by_a_speaker_counts_as_the_speaker_pages_do(client: TestClient) -> None:
    """Speech first: a story where someone only 'expects' something is not among the stories quoting them."""
    assert client.get("/api/stories", params={"speaker": "Barack Obama"}).json()["total"] == 2
    assert client.get("/api/stories", params={"speaker": "Angela Merkel"}).json()["total"] == 0
    every = client.get("/api/stories", params={"speaker": "Angela Merkel", "cues": "all", "limit": 1}).json()
    assert every["total"] == 1
    html = client.get("/", params={"speaker": "Angela Merkel", "cues": "all"}).text
    assert 'name="cues" value="all"' in html  # the filter form keeps the choice


def test_speaker_page_counts_what_it_lists(client: TestClient) -> None:
    for params, n in (({}, 3), ({"cues": "all"}, 5)):
        for name in ("Obama", "Barack Obama", "President Obama"):
            sp = client.get(f"/api/speakers/{name}", params=params).json()
            listed = sum(len(st["quotes"]) for st in sp["stories"])
            assert sp["name"] == "Barack Obama" and sp["quotes"] == listed == n, (name, params)
            assert sp["total"] == len(sp["stories"]) == 2
    page = client.get("/speakers/Obama").text
    assert "3 quotes in 2 stories" in page and "?cues=all" in page
    assert "5 quotes in 2 stories" in client.get("/speakers/Obama?cues=all").text


def test_an_index_written_by_the_previous_layout_is_rebuilt(tmp_path: Path) -> None:
    import sqlite3

    from newsprism.store.search import index_path

    db = tmp_path / "c.duckdb"
    _store(db)
    with Corpus(db) as corpus:
        fp = corpus.fingerprint()
    con = sqlite3.connect(index_path(db))
    con.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", [fp.rsplit("-i", 1)[0] + "-i1"])
    con.execute("UPDATE speakers SET speech_quotes = 0")
    con.commit()
    con.close()
    with Corpus(db) as corpus:  # opening finds the stale layout version and rebuilds
        assert corpus.index is not None
        total, rows = corpus.index.speakers(10, 0)
    assert total == 1 and rows[0][1] == "Barack Obama" and rows[0][4] == 3


def test_junk_full_names_take_no_one_in_and_an_agency_prefix_is_no_name() -> None:
    names = corpus_speaker_names([
        ("Moon", "person", 2), ("Ban Ki-moon", "person", 1),  # a hyphenated given name ends in no surname
        ("Harambe", "person", 3), ("Tranquilizing Harambe", "person", 1),  # a caption's sentence start
        ("Sheen", "person", 1), ("MICHAEL Sheen", "person", 2), ("Michael Sheen", "person", 1),
        ("UN Nikki Haley", "person", 2), ("Nikki Haley", "person", 2),
        ("J. Christopher Giancarlo", "person", 1), ("Christopher Giancarlo", "person", 1),
    ])
    assert names["Moon"] == "Moon" and names["Harambe"] == "Harambe"
    assert names["Sheen"] == names["MICHAEL Sheen"] == "Michael Sheen"
    assert names["UN Nikki Haley"] == "Nikki Haley"
    assert names["Christopher Giancarlo"] == "J. Christopher Giancarlo"


def test_a_corpus_written_before_cue_classes_counts_speech_after_reopening(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    _store(db)
    with Corpus(db) as corpus:
        corpus.con.execute("UPDATE quotes SET cue_class = NULL, speaker_kind = NULL")  # as an older version wrote it
    from newsprism.store.search import index_path

    index_path(db).unlink()
    with Corpus(db) as corpus:  # opened for writing: the classes come back from the stored analyses
        assert corpus.con.execute("SELECT count(*) FROM quotes WHERE cue_class = 'belief'").fetchone()[0] == 3
        assert corpus.index is not None
        _total, rows = corpus.index.speakers(10, 0)
    assert rows[0][1] == "Barack Obama" and rows[0][4] == 3


# -- a stored story's page names people as the whole corpus does (issue #15 item 3) ---------------

# article id -> (outlet, published, headline, text, the speaker as the article names them); each
# article is a story of its own
SAID_BY = {
    "o1": ("Des Moines Register", "2016-05-10", "Obama backs new farm trade rules",
           "Obama said the new trade rules would help small farmers across the Midwest sell more grain abroad.",
           "Obama"),
    "o2": ("The Guardian", "2016-06-02", "Obama on the Paris accord",
           "Barack Obama said the Paris climate accord was the best chance the world had to protect the planet.",
           "Barack Obama"),
    "m1": ("USA Today", "2016-06-20", "School lunches reach millions",
           "Michelle Obama said the school lunch programme now feeds millions of children every single day.",
           "Michelle Obama"),
}


def _said(aid: str) -> tuple[Article, ArticleAnalysis]:
    """The article and its one quote, with the offsets an analysis gives ("X said [the words].")."""
    outlet, published, title, text, speaker = SAID_BY[aid]
    start = text.index(" said ") + len(" said ")
    quote = Quote(id=f"{aid}:q0", article_id=aid, spans=[(start, len(text) - 1)], text=text[start:-1],
                  kind="indirect", cue=Mention(text="said", spans=[(start - 5, start - 1)]), cue_class="speech",
                  speaker=Speaker(name=speaker, spans=[(0, len(speaker))], mention=speaker, kind="person",
                                  resolved_by="name"))
    return (Article(id=aid, outlet=outlet, text=text, published=published, title=title),
            ArticleAnalysis(article_id=aid, quotes=[quote]))


def _ingest(db: Path, ids: list[str]) -> None:
    """Store and place these articles, each its own story, and publish as ingest does."""
    from newsprism.store.snapshot import publish

    with Corpus(db) as corpus:
        corpus.add_analysed([_said(a) for a in ids])
        corpus.set_assignments([(a, a, None) for a in ids])
        publish(corpus)


def _speaker_names(report: Report) -> set[str]:
    return {q.speaker.name for q in report.quotes if q.speaker}


def test_a_story_page_names_a_speaker_as_the_speakers_pages_do(tmp_path: Path) -> None:
    from newsprism.runners.corpus import story_report

    db = tmp_path / "c.duckdb"
    _ingest(db, ["o1", "o2"])
    with Corpus(db, read_only=True) as corpus:  # `newsprism story`'s way in
        assert _speaker_names(story_report(corpus, "o1")) == {"Barack Obama"}
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        speakers = client.get("/api/speakers").json()["items"]
        assert [(s["name"], s["quotes"], s["stories"]) for s in speakers] == [("Barack Obama", 2, 2)]
        story = client.get("/api/stories/o1").json()
        assert {q["speaker"]["name"] for q in story["quotes"]} == {"Barack Obama"}
        assert "Barack Obama" in client.get("/stories/o1").text
        sp = client.get("/api/speakers/Barack Obama").json()
        assert {q["speaker"]["name"] for st in sp["stories"] for q in st["quotes"]} == {"Barack Obama"}


def test_a_second_obama_quoted_elsewhere_keeps_the_short_name_apart_on_the_story_page(tmp_path: Path) -> None:
    """The names depend on the whole corpus: an ingest of another story changes this story's page."""
    db = tmp_path / "c.duckdb"
    _ingest(db, ["o1", "o2"])
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        assert {q["speaker"]["name"] for q in client.get("/api/stories/o1").json()["quotes"]} == {"Barack Obama"}
        _ingest(db, ["m1"])  # the app's cached report of o1 must not outlive the names it used
        assert {q["speaker"]["name"] for q in client.get("/api/stories/o1").json()["quotes"]} == {"Obama"}
        assert "Barack Obama" not in client.get("/stories/o1").text
        speakers = {s["name"] for s in client.get("/api/speakers").json()["items"]}
        assert speakers == {"Obama", "Barack Obama", "Michelle Obama"}


def test_a_name_s_kind_is_decided_by_its_quotes_not_by_their_order() -> None:
    """A name quoted as often as a person as an organisation is no person's, whichever came first.

    The index folds a story's names from grouped rows and a story page from its quotes in article
    order: one answer for both, or the page and the speakers pages could split one name two ways.
    """
    rows = [("Clinton", "person", 1), ("Clinton", "organisation", 1), ("Hillary Clinton", "person", 2)]
    assert corpus_speaker_names(rows)["Clinton"] == corpus_speaker_names(rows[::-1])["Clinton"] == "Clinton"
    assert corpus_speaker_names([*rows, ("Clinton", "person", 1)])["Clinton"] == "Hillary Clinton"


# -- the story pass in the index: "Obama" is Barack Obama in a story that quotes him (#15 item 3) -------

SAID_BY["o3"] = ("Chicago Tribune", "2016-07-01", "Obama library plans approved",
                 "Obama said the library on the South Side would open its doors to every child in the city.",
                 "Obama")


def _place(db: Path, stories: dict[str, list[str]], retired: dict[str, str] | None = None) -> None:
    """Store the articles not stored yet, place them in these stories and publish, as one ingest does."""
    from newsprism.store.snapshot import publish

    with Corpus(db) as corpus:
        ids = [a for members in stories.values() for a in members]
        known = corpus.known_ids(ids)
        corpus.add_analysed([_said(a) for a in ids if a not in known])
        corpus.set_assignments([(a, sid, None) for sid, members in stories.items() for a in members], retired=retired)
        publish(corpus)


def _story_page_counts(client: TestClient) -> dict[str, tuple[int, int]]:
    """Speaker name -> (speech quotes, stories) as the stored stories' pages name and show them."""
    quotes: dict[str, int] = {}
    stories: dict[str, set[str]] = {}
    for item in client.get("/api/stories").json()["items"]:
        for q in client.get(f"/api/stories/{item['id']}").json()["quotes"]:
            if q["speaker"] and q["speaker"]["resolved_by"] != "none" and q["cue_class"] == "speech":
                name = q["speaker"]["name"]
                quotes[name] = quotes.get(name, 0) + 1
                stories.setdefault(name, set()).add(item["id"])
    return {n: (quotes[n], len(stories[n])) for n in quotes}


def test_speakers_pages_count_a_story_s_quotes_under_the_name_its_page_shows(tmp_path: Path) -> None:
    """Michelle Obama is quoted, so "Obama" alone stays apart across the corpus; the story quoting
    Barack Obama names its "Obama" Barack Obama, and the speakers pages count that quote there."""
    from newsprism.runners.corpus import story_report

    db = tmp_path / "c.duckdb"
    _place(db, {"o1": ["o1", "o2"], "o3": ["o3"], "m1": ["m1"]})
    with Corpus(db, read_only=True) as corpus:  # `newsprism story`
        assert _speaker_names(story_report(corpus, "o1")) == {"Barack Obama"}
        assert _speaker_names(story_report(corpus, "o3")) == {"Obama"}
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        listed = {s["name"]: (s["quotes"], s["stories"]) for s in client.get("/api/speakers").json()["items"]}
        assert listed == _story_page_counts(client) == {
            "Barack Obama": (2, 1), "Obama": (1, 1), "Michelle Obama": (1, 1)}
        sp = client.get("/api/speakers/Barack Obama").json()
        assert [q["id"] for st in sp["stories"] for q in st["quotes"]] == ["o1:q0", "o2:q0"]
        assert "2 quotes in 1 story" in client.get("/speakers/Barack Obama").text
        assert [s["id"] for s in client.get("/api/stories", params={"speaker": "Obama"}).json()["items"]] == ["o3"]
        hits = client.get("/api/search", params={"q": "the", "type": "quotes", "speaker": "Barack Obama"}).json()
        assert sorted(h["quote_id"] for h in hits["quotes"]["items"]) == ["o1:q0", "o2:q0"]


def _index_state(db: Path) -> tuple[list[tuple], list[tuple]]:
    import sqlite3

    from newsprism.store.search import index_path

    con = sqlite3.connect(index_path(db))
    try:
        docs = con.execute("SELECT quote_id, story_id, speaker_key, shown FROM docs WHERE kind = 'quote' "
                           "ORDER BY quote_id").fetchall()
        return docs, con.execute("SELECT * FROM speakers ORDER BY key").fetchall()
    finally:
        con.close()


def test_a_story_s_names_follow_its_members_across_ingests(tmp_path: Path) -> None:
    """The story pass is redone where membership changes (an article joins, two stories merge) and
    where the corpus's names change, and each ingest leaves the index a rebuild would write."""
    from newsprism.store.search import index_path

    db = tmp_path / "c.duckdb"

    def speakers() -> dict[str, tuple[int, int]]:
        with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
            listed = {s["name"]: (s["quotes"], s["stories"]) for s in client.get("/api/speakers").json()["items"]}
            assert listed == _story_page_counts(client)
        incremental = _index_state(db)
        index_path(db).unlink()
        with Corpus(db):  # rebuilt from the corpus in one pass
            pass
        assert _index_state(db) == incremental
        return listed

    _place(db, {"o1": ["o1"], "o2": ["o2"]})
    assert speakers() == {"Barack Obama": (2, 2)}
    _place(db, {"m1": ["m1"]})  # a second Obama: the corpus leaves "Obama" apart, in a story no ingest touched
    assert speakers() == {"Obama": (1, 1), "Barack Obama": (1, 1), "Michelle Obama": (1, 1)}
    _place(db, {"o2": ["o3"]})  # an "Obama" report joins the story quoting Barack Obama
    assert speakers() == {"Obama": (1, 1), "Barack Obama": (2, 1), "Michelle Obama": (1, 1)}
    _place(db, {}, retired={"o1": "o2"})  # the grouper merges o1's story into it
    assert speakers() == {"Barack Obama": (3, 1), "Michelle Obama": (1, 1)}


def test_the_index_names_each_quote_as_the_built_story_page_does(tmp_path: Path) -> None:
    """build_report's two passes over the index's names give back the index's names, quote by quote.

    Elsewhere in the corpus Xi Mingze, Bill Clinton and Michelle Obama are quoted, so "Xi", "Clinton"
    and "Obama" stay apart corpus-wide; this story quotes Xi Jinping and Hillary Clinton (one of them
    behind an epithet) and no fuller Obama, beside a campaign named after Clinton.
    """
    from newsprism.runners.corpus import story_report

    story = {
        "s1": [("Xi", "person"), ("Clinton", "person"), ("Crooked Hillary Clinton", "person")],
        "s2": [("Xi Jinping", "person"), ("Clinton campaign", "organisation"), ("Hillary Clinton", "person"),
               ("President Obama", "person")],
        "e1": [("Xi Mingze", "person"), ("Bill Clinton", "person"), ("Michelle Obama", "person"),
               ("Barack Obama", "person")],
    }
    pairs = [(_article(aid, f"Outlet {aid}", SAID, "2016-03-01"),
              ArticleAnalysis(article_id=aid, quotes=[_quote(aid, n, SAID, name, kind=kind)
                                                      for n, (name, kind) in enumerate(speakers)]))
             for aid, speakers in story.items()]
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_analysed(pairs)
        corpus.set_assignments([("s1", "s1", None), ("s2", "s1", None), ("e1", "e1", None)])
        assert corpus.index is not None
        indexed = dict(corpus.index.con.execute("SELECT quote_id, shown FROM docs WHERE kind = 'quote'").fetchall())
        page = {q.id: q.speaker.name for q in story_report(corpus, "s1").quotes if q.speaker}
    assert page == {k: v for k, v in indexed.items() if k[:2] == "s1" or k[:2] == "s2"}
    assert page == {"s1:q0": "Xi Jinping", "s1:q1": "Hillary Clinton", "s1:q2": "Hillary Clinton",
                    "s2:q0": "Xi Jinping", "s2:q1": "Clinton campaign", "s2:q2": "Hillary Clinton",
                    "s2:q3": "Obama"}
    assert indexed["e1:q0"] == "Xi Mingze" and indexed["e1:q1"] == "Bill Clinton"


def test_a_story_read_from_a_corpus_without_its_index_writes_nothing_and_names_within_the_story(tmp_path: Path) -> None:
    # `newsprism story` opens the corpus read-only: no index is rebuilt for one page
    from newsprism.runners.corpus import shown_speaker_names, story_report
    from newsprism.store.search import index_path

    db = tmp_path / "c.duckdb"
    _ingest(db, ["o1", "o2", "m1"])
    index_path(db).unlink()
    with Corpus(db, read_only=True) as corpus:
        assert shown_speaker_names(corpus, ["o1"]) is None
        assert _speaker_names(story_report(corpus, "o1")) == {"Obama"}  # the story alone: no fuller name in it
    assert not index_path(db).exists()


def test_a_story_page_served_from_an_index_of_an_older_layout_still_answers(tmp_path: Path) -> None:
    # while an ingest holds the corpus the app keeps serving the last snapshot, whose index may
    # predate the shown names: the page names speakers within the story instead of failing
    import sqlite3

    from newsprism.store.snapshot import current

    db = tmp_path / "c.duckdb"
    _ingest(db, ["o1", "o2"])
    snap = current(db)
    assert snap is not None
    con = sqlite3.connect(snap.index)
    con.execute("ALTER TABLE docs DROP COLUMN shown")
    con.commit()
    con.close()
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        response = client.get("/api/stories/o1")
        assert response.status_code == 200
        assert {q["speaker"]["name"] for q in response.json()["quotes"]} == {"Obama"}


def test_names_that_differ_by_a_middle_initial_or_a_suffix_are_one_person_unless_they_conflict() -> None:
    names = corpus_speaker_names([("James Lonaker Jr.", "person", 2), ("James E. Lonaker", "person", 1),
                                  ("Lonaker", "person", 1)])
    assert set(names.values()) == {"James Lonaker Jr."}
    # father and son: different initials, different generations
    bush = corpus_speaker_names([("George W. Bush", "person", 2), ("George H. W. Bush", "person", 1),
                                 ("George Bush", "person", 1)])
    assert bush["George W. Bush"] != bush["George H. W. Bush"] and bush["George Bush"] == "George Bush"
    king = corpus_speaker_names([("Martin Luther King Jr.", "person", 2), ("Martin Luther King Sr.", "person", 1)])
    assert king["Martin Luther King Jr."] != king["Martin Luther King Sr."]
