"""Story grouping: same event together, same kind of event apart, and never all-pairs scoring."""

from __future__ import annotations

import pickle
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from newsprism.analysis.dates import dateline_day, parse_day
from newsprism.stories import grouping
from newsprism.stories.grouping import Features, StoryGrouper, StoryItem, score_pair

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "xi-putin"

QUAKE_A1 = StoryItem(
    "quake-a1",
    "Magnitude 6.4 earthquake strikes southern Taiwan, killing at least 7",
    "A magnitude 6.4 earthquake struck near the southern Taiwanese city of Tainan early on Saturday, "
    "toppling a 17-storey apartment building and killing at least seven people, officials said. "
    "Rescuers pulled more than 200 survivors from the rubble of the Weiguan Jinlong complex.",
    "2016-02-06",
    "Reuters",
    [("Taiwan", "GPE"), ("Tainan", "GPE"), ("Weiguan Jinlong", "FAC"), ("Saturday", "DATE")],
)
QUAKE_A2 = StoryItem(
    "quake-a2",
    "Taiwan quake: rescuers search collapsed Tainan tower",
    "Rescue teams in Tainan were searching the collapsed Weiguan Jinlong apartment tower on Sunday, "
    "a day after the magnitude 6.4 earthquake in southern Taiwan. The death toll rose to 14, and "
    "mayor William Lai said more than 100 residents were still missing.",
    "2016-02-07",
    "BBC",
    [
        ("Tainan", "GPE"),
        ("Weiguan Jinlong", "FAC"),
        ("Taiwan", "GPE"),
        ("William Lai", "PERSON"),
        ("Sunday", "DATE"),
    ],
)
QUAKE_B = StoryItem(
    "quake-b",
    "Magnitude 6.2 earthquake strikes central Italy, dozens killed",
    "A magnitude 6.2 earthquake struck central Italy near the town of Amatrice early on Wednesday, "
    "toppling buildings and killing at least 38 people, officials said. Rescuers pulled survivors "
    "from the rubble as aftershocks shook the region; mayor Sergio Pirozzi said half the town was gone.",
    "2016-08-24",
    "Reuters",
    [("Italy", "GPE"), ("Amatrice", "GPE"), ("Sergio Pirozzi", "PERSON"), ("Wednesday", "DATE")],
)
# The same kind of event, days apart, undated: only who/where/when in the text separate them.
REHAB_A = StoryItem(
    "rehab-a",
    "",
    "A publicist says Tara Reid has checked herself into rehab at the Promises Treatment Center in "
    "Malibu. Her representative Jack Ketsoyan confirmed the actress's stay to People magazine.",
    None,
    "",
    [
        ("Tara Reid", "PERSON"),
        ("Promises Treatment Center", "ORG"),
        ("Malibu", "GPE"),
        ("Jack Ketsoyan", "PERSON"),
    ],
)
REHAB_B = StoryItem(
    "rehab-b",
    "Lindsay Lohan checks into rehab facility",
    "May 2, 2013. Lindsay Lohan has checked into the Betty Ford Center in Rancho Mirage, California, "
    "her lawyer Shawn Holley said, beginning 90 days of court-ordered rehab.",
    None,
    "",
    [
        ("Lindsay Lohan", "PERSON"),
        ("Betty Ford Center", "ORG"),
        ("Rancho Mirage", "GPE"),
        ("California", "GPE"),
        ("Shawn Holley", "PERSON"),
        ("May 2, 2013", "DATE"),
    ],
)


def test_two_reports_of_one_earthquake_form_one_story() -> None:
    g = StoryGrouper()
    assert g.add(QUAKE_A1) == g.add(QUAKE_A2)


def test_earthquakes_in_different_places_and_months_stay_apart() -> None:
    g = StoryGrouper()
    out = g.assign([QUAKE_A1, QUAKE_B, QUAKE_A2])
    assert out["quake-a1"] == out["quake-a2"] != out["quake-b"]


def test_rehab_check_ins_of_two_actresses_stay_apart() -> None:
    g = StoryGrouper()
    assert g.add(REHAB_A) != g.add(REHAB_B)


def test_dates_beyond_the_window_rule_a_pair_out() -> None:
    g = StoryGrouper()
    late = StoryItem(**{**QUAKE_A2.__dict__, "article_id": "quake-a2-late", "published": "2016-09-30"})
    assert g.add(QUAKE_A1) != g.add(late)


def test_assign_feeds_dated_items_in_date_order() -> None:
    g = StoryGrouper()
    out = g.assign([QUAKE_A2, QUAKE_A1])
    assert list(g.stories) == ["quake-a1"]  # the earlier article opened the story
    assert out == {"quake-a1": "quake-a1", "quake-a2": "quake-a1"}


def test_near_copy_joins_its_original_and_is_reported() -> None:
    g = StoryGrouper()
    copy = StoryItem(
        "copy", QUAKE_A1.title, QUAKE_A1.text + " (Reuters)", "2016-02-06", "Yahoo", QUAKE_A1.entities
    )
    g.add(QUAKE_A1)
    assert g.add(copy) == "quake-a1"
    assert g.duplicates == {"copy": "quake-a1"}


def test_score_pair_is_pure() -> None:
    g = StoryGrouper()
    a, _ = g._featurize(g.signals(QUAKE_A1))
    b, _ = g._featurize(g.signals(QUAKE_A2))
    before = (dict(a.terms), dict(b.terms))
    assert score_pair(a, b) == score_pair(a, b) == score_pair(b, a)
    assert (a.terms, b.terms) == before


def test_dateline_and_published_parsing() -> None:
    assert dateline_day("", "Updated: July 7, 2012, 10:04 PM ET Wladimir Klitschko stopped") == parse_day(
        "2012-07-07"
    )
    assert dateline_day("4 August 2013 Last updated at 19:47 GMT", "Doctor Who") == parse_day("2013-08-04")
    assert dateline_day("", "Nothing dated at the top. " * 10 + "On May 2, 2013 it happened.") is None
    assert parse_day("2018-02-06T05:13:15Z") == parse_day("2018-02-06")
    assert parse_day("yesterday") is None


# --- blocking -----------------------------------------------------------------------------------

_KINDS = [
    (
        "earthquake",
        "A magnitude {m} earthquake struck near {place} on {day}, damaging buildings; {who}, the regional governor, said {n} people were hurt.",
    ),
    (
        "election",
        "Voters in {place} went to the polls on {day} in a closely watched election; {who} of the opposition claimed victory with {n} percent.",
    ),
    (
        "fire",
        "A fire tore through a warehouse in {place} on {day}; fire chief {who} said {n} firefighters fought the blaze overnight.",
    ),
    (
        "strike",
        "Rail workers in {place} walked out on {day}; union leader {who} said {n} trains were cancelled and talks had failed.",
    ),
    (
        "trial",
        "A court in {place} opened the trial of {who} on {day}; prosecutors said {n} witnesses would testify about the fraud.",
    ),
]
_FIRST = ["Anna", "Pedro", "Kenji", "Olga", "Samuel", "Fatima", "Lars", "Chen", "Maria", "Tomas"]
_LAST = [
    "Kowalski",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Varga",
    "Castillo",
    "Novak",
    "Reyes",
    "Petrov",
    "Mensah",
    "Duarte",
    "Holm",
    "Ibrahim",
]
_PLACES = [
    "Lisbon",
    "Kraków",
    "Mombasa",
    "Valparaíso",
    "Tromsø",
    "Da Nang",
    "Cebu",
    "Tbilisi",
    "Bordeaux",
    "Porto Alegre",
    "Izmir",
    "Leipzig",
    "Arequipa",
    "Kumasi",
    "Gdańsk",
    "Ushuaia",
    "Sapporo",
    "Tabriz",
    "Mandalay",
    "Fez",
]


_DETAILS = (
    "harbour bridge school hospital market stadium tunnel airport cathedral factory refinery "
    "brewery library museum orchard vineyard quarry dam pier lighthouse monastery barracks "
    "tram ferry glacier canyon plateau delta lagoon marsh meadow summit ridge valley "
    "copper cobalt lithium wheat coffee cocoa cotton timber salmon tuna pepper saffron "
    "pension tariff subsidy mortgage ballot referendum amendment verdict appeal pardon"
).split()


def _events(n_events: int, per_event: int, seed: int = 3) -> list[tuple[str, StoryItem]]:
    """Reports of n_events events of five kinds; each event has its own place, person, date
    (a few days apart from the previous one) and details, its reports their own wording."""
    rng = random.Random(seed)
    out = []
    for e in range(n_events):
        kind, tpl = _KINDS[e % len(_KINDS)]
        place = _PLACES[e % len(_PLACES)] + ("" if e < len(_PLACES) else f" {e // len(_PLACES) + 1}")
        who = f"{_FIRST[e % len(_FIRST)]} {_LAST[e % len(_LAST)]}"
        day = (date(2021, 1, 1) + timedelta(days=3 * e)).isoformat()
        details = rng.sample(_DETAILS, 8)
        for k in range(per_event):
            text = tpl.format(m=5 + e % 3, place=place, day="Monday", who=who, n=10 + e)
            text += f" {place} residents spoke of the {', the '.join(rng.sample(details, 5))}."
            text += f" {who} visited the {details[0]} and the {details[1]} in {place} later."
            text += f" Local reporter {rng.choice(_FIRST)} {rng.choice(_LAST)} filed this update."
            title = f"{kind.title()} in {place}: {details[0]} and {details[1]}"
            ents = [(place, "GPE"), (who, "PERSON")]
            out.append((f"e{e}", StoryItem(f"e{e}-{k}", title, text, day, f"outlet{k}", ents)))
    return out


def test_work_per_article_is_bounded_and_flat_as_the_stream_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = grouping.score_pair

    def counting(a, b, w=grouping.ScoreWeights()):  # noqa: B008
        nonlocal calls
        calls += 1
        return real(a, b, w)

    monkeypatch.setattr(grouping, "score_pair", counting)
    per_article = []
    for events in (200, 100):  # the 100-event run is checked for correctness below
        calls = 0
        labelled = _events(events, 3)
        g = StoryGrouper()
        out = g.assign(it for _, it in labelled)
        assert calls == g.n_scored
        per_article.insert(0, calls / len(labelled))
    # blocking: a bounded number of stories, each judged on a bounded sample of its members,
    # so the pairs scored per article do not grow with the stream (all pairs would double)
    assert per_article[1] <= 1.2 * per_article[0]
    assert per_article[1] <= g.max_candidates * g.linkage_sample
    # and blocking did not cost correctness: every event stays whole, kinds never mix.
    # (Same-kind events a fortnight apart do merge here: these reports are half template, a
    # lexical overlap real reports of different events do not have.)
    by_event: dict[str, set[str]] = {}
    kinds_of_story: dict[str, set[int]] = {}
    for ev, it in labelled:
        by_event.setdefault(ev, set()).add(out[it.article_id])
        kinds_of_story.setdefault(out[it.article_id], set()).add(int(ev[1:]) % len(_KINDS))
    assert all(len(s) == 1 for s in by_event.values())
    assert all(len(k) == 1 for k in kinds_of_story.values())


# --- the bundled example ---------------------------------------------------------------------------


def _ner_items() -> list[StoryItem]:
    from newsprism.nlp import load_nlp

    nlp = load_nlp()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))}
    texts["unrelated-football"] = (
        "Manchester City beat Arsenal 3-1 at the Etihad Stadium on Sunday to move two points clear at "
        "the top of the Premier League. Erling Haaland scored twice and Kevin De Bruyne added a third "
        "before Gabriel Martinelli pulled one back for the visitors. Pep Guardiola said his side had "
        "shown real character after a difficult week."
    )
    texts["unrelated-flood"] = (
        "Heavy monsoon rains have flooded large parts of Sylhet in north-eastern Bangladesh, leaving "
        "hundreds of thousands of people stranded, officials said on Tuesday. The army has been deployed "
        "to evacuate villagers, and the Surma river is flowing above the danger level at several points."
    )
    items = []
    with nlp.select_pipes(enable=["ner"]):
        for (name, text), doc in zip(texts.items(), nlp.pipe(texts.values()), strict=True):
            ents = list(dict.fromkeys((e.text, e.label_) for e in doc.ents))
            title, _, body = text.strip().partition("\n")
            items.append(StoryItem(name, title, body, None, name, ents))
    return items


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/xi-putin not present")
def test_xi_putin_reports_form_one_story_and_unrelated_articles_do_not_join() -> None:
    items = _ner_items()
    out = StoryGrouper().assign(items)
    xi = [out[it.article_id] for it in items if not it.article_id.startswith("unrelated")]
    assert len(xi) == 2 and xi[0] == xi[1]
    assert len({out["unrelated-football"], out["unrelated-flood"], xi[0]}) == 3


# --- same kind, same person, different event ---------------------------------------------------

CHEEKS_FIRED = StoryItem(
    "cheeks-fired",
    "76ers fire coach Maurice Cheeks",
    "Philadelphia, December 13, 2008. The Philadelphia 76ers fired coach Maurice Cheeks on Saturday after a "
    "9-14 start, and assistant general manager Tony DiLeo will take over the team on an interim basis, "
    "general manager Ed Stefanski said.",
    None,
    "",
    [
        ("Philadelphia", "GPE"),
        ("76ers", "ORG"),
        ("Maurice Cheeks", "PERSON"),
        ("Tony DiLeo", "PERSON"),
        ("Ed Stefanski", "PERSON"),
        ("Saturday", "DATE"),
        ("December 13, 2008", "DATE"),
    ],
)
CHEEKS_HIRED = StoryItem(
    "cheeks-hired",
    "Pistons hire Maurice Cheeks as coach",
    "Auburn Hills, June 10, 2013. The Detroit Pistons hired Maurice Cheeks as their coach on Monday, giving "
    "the former 76ers coach a three-year deal, team president Joe Dumars said.",
    None,
    "",
    [
        ("Auburn Hills", "GPE"),
        ("Detroit Pistons", "ORG"),
        ("Maurice Cheeks", "PERSON"),
        ("76ers", "ORG"),
        ("Joe Dumars", "PERSON"),
        ("Monday", "DATE"),
        ("June 10, 2013", "DATE"),
    ],
)
CHEEKS_FIRED_2 = StoryItem(
    "cheeks-fired-2",
    "Sixers dismiss Cheeks after slow start",
    "The Philadelphia 76ers dismissed Maurice Cheeks on Saturday with the team at 9-14. Tony DiLeo, the "
    "assistant general manager, takes over as interim coach, Ed Stefanski told reporters.",
    None,
    "",
    [
        ("Philadelphia 76ers", "ORG"),
        ("Maurice Cheeks", "PERSON"),
        ("Tony DiLeo", "PERSON"),
        ("Ed Stefanski", "PERSON"),
        ("Saturday", "DATE"),
    ],
)


def _undated(it: StoryItem) -> StoryItem:
    """The same report without its dateline sentence and without year-bearing DATE entities."""
    body = it.text.split(". ", 1)[1]
    ents = [e for e in it.entities if not any(ch.isdigit() for ch in e[0]) or e[1] != "DATE"]
    return StoryItem(it.article_id, it.title, body, None, it.outlet, ents)


def test_firing_and_hiring_of_one_coach_years_apart_stay_apart_by_their_datelines() -> None:
    """Same person, same vocabulary, other event: the datelines put them 4.5 years apart."""
    out = StoryGrouper().assign([CHEEKS_FIRED, CHEEKS_HIRED, CHEEKS_FIRED_2])
    assert out["cheeks-fired"] == out["cheeks-fired-2"] != out["cheeks-hired"]


@pytest.mark.xfail(strict=True, reason="known gap: without any 'when', fired/hired is not told apart")
def test_firing_and_hiring_of_one_coach_without_dates_stay_apart() -> None:
    """The ECB+ failure mode (whole topics merged at first contact): kept as a strict xfail so
    that whoever adds an event-trigger feature sees this flip and turns it into a plain test.

    The event frames (grouping's frame and lead terms) do not close it: the same person fills
    both leads ("fire:P Cheeks", "hire:P Cheeks"), and a differing trigger alone is no evidence
    (reports of one event say fired / dismissed / ousted: on the dev sets the overlap of the
    leads' trigger lemmas separates same-event from other-event pairs with AUC 0.45-0.55)."""
    out = StoryGrouper().assign([_undated(CHEEKS_FIRED), _undated(CHEEKS_HIRED), CHEEKS_FIRED_2])
    assert out["cheeks-fired"] == out["cheeks-fired-2"] != out["cheeks-hired"]


# --- event frames: same kind of event, other participant ------------------------------------------

DUI_A1 = StoryItem(
    "dui-a1",
    "Chargers receiver Jackson arrested on DUI charge",
    "San Diego Chargers wide receiver Vincent Jackson was arrested on suspicion of drunken driving early "
    "Tuesday by the California Highway Patrol, the team said. Jackson was booked into county jail and "
    "released on bail; the Chargers play the Steelers in the divisional playoff on Sunday.",
    None,
    "",
    [
        ("San Diego", "GPE"),
        ("Chargers", "ORG"),
        ("Vincent Jackson", "PERSON"),
        ("California Highway Patrol", "ORG"),
        ("Steelers", "ORG"),
        ("Tuesday", "DATE"),
        ("Sunday", "DATE"),
    ],
    [("arrest", "P", "Vincent Jackson", "PERSON", 0), ("book", "P", "Jackson", "PERSON", 1)],
)
DUI_A2 = StoryItem(
    "dui-a2",
    "Jackson will play against Steelers despite DUI arrest",
    "Chargers wide receiver Vincent Jackson, arrested on suspicion of drunken driving on Tuesday, will play "
    "in Sunday's playoff game against the Steelers, coach Norv Turner said. The California Highway Patrol "
    "booked Jackson into jail; he was released on bail.",
    None,
    "",
    [
        ("Chargers", "ORG"),
        ("Vincent Jackson", "PERSON"),
        ("Steelers", "ORG"),
        ("Norv Turner", "PERSON"),
        ("California Highway Patrol", "ORG"),
        ("Tuesday", "DATE"),
        ("Sunday", "DATE"),
    ],
    [("play", "A", "Vincent Jackson", "PERSON", 0), ("book", "P", "Jackson", "PERSON", 1)],
)
DUI_B = StoryItem(
    "dui-b",
    "Chargers tackle Williams arrested on DUI suspicion",
    "Defensive tackle Jamal Williams was arrested on suspicion of drunken driving after being pulled over "
    "for speeding on a freeway, the California Highway Patrol said, the Chargers' second such arrest in less "
    "than a month. Williams gave a blood sample; the results are expected in a few weeks.",
    None,
    "",
    [
        ("San Diego", "GPE"),
        ("Chargers", "ORG"),
        ("Jamal Williams", "PERSON"),
        ("California Highway Patrol", "ORG"),
    ],
    [("arrest", "P", "Jamal Williams", "PERSON", 0), ("book", "P", "Williams", "PERSON", 1)],
)


def _without_frames(it: StoryItem) -> StoryItem:
    return StoryItem(it.article_id, it.title, it.text, it.published, it.outlet, it.entities)


def test_two_dui_arrests_of_different_players_stay_apart_by_their_event_frames() -> None:
    out = StoryGrouper().assign([DUI_A1, DUI_A2, DUI_B])
    assert out["dui-a1"] == out["dui-a2"] != out["dui-b"]
    # the control: on words, names and places alone the second arrest joins the first
    plain = StoryGrouper().assign([_without_frames(it) for it in (DUI_A1, DUI_A2, DUI_B)])
    assert plain["dui-b"] == plain["dui-a1"]


def test_a_shared_frame_with_the_same_person_adds_and_with_another_subtracts() -> None:
    w = grouping.ScoreWeights(lead=0.0)  # the frame terms alone
    g = StoryGrouper(weights=w)
    a, _ = g._featurize(g.signals(DUI_A1))
    b, _ = g._featurize(g.signals(DUI_B))
    a2, _ = g._featurize(g.signals(DUI_A2))
    bare = {k: grouping.Features(**{**f.__dict__, "frames": {}}) for k, f in (("a", a), ("b", b), ("a2", a2))}
    assert score_pair(a, b, w) == pytest.approx(score_pair(bare["a"], bare["b"], w) - w.frame_conflict)
    assert score_pair(a, a2, w) == pytest.approx(score_pair(bare["a"], bare["a2"], w) + w.frame_support)


def test_the_first_lead_sentence_names_the_protagonists() -> None:
    tf, ents, day, year, frames = grouping.item_signals(DUI_A1, 400, 2)
    assert ents["lead"] == {"vincent", "jackson"}  # sentence 0 only: "book" is in sentence 1
    assert frames == {"arrest:P": {"vincent", "jackson"}, "book:P": {"jackson"}}
    assert grouping.item_signals(_without_frames(DUI_A1), 400, 2)[4] == {}


def test_a_story_is_dated_by_its_mean_day_not_its_latest_report() -> None:
    """A story that keeps receiving reports does not stay young: its date is the mean of its members'."""
    w = grouping.ScoreWeights()
    item = grouping.Features({"x": 1.0}, 1.0, day_min=100, day_max=100, day_sum=100.0, n_dated=1)
    old = grouping.Features({"x": 1.0}, 1.0, day_min=0, day_max=0, day_sum=0.0, n_dated=1, n=0)
    for d in (1, 2, 3, 90):
        old.merge(grouping.Features({"x": 1.0}, 1.0, day_min=d, day_max=d, day_sum=float(d), n_dated=1))
    fresh = grouping.Features({"x": 1.0}, 1.0, day_min=90, day_max=90, day_sum=90.0, n_dated=1)
    assert old.day_mean == pytest.approx(19.2)
    assert old.day_max == fresh.day_max == 90
    assert score_pair(item, old, w) < score_pair(item, fresh, w)


def test_batch_features_carry_the_frames_and_lead_like_the_grouper() -> None:
    from newsprism.stories.blocking import GroupingParams, doc_freqs, featurize, item_counts

    g = StoryGrouper()
    params = GroupingParams.from_grouper(g)
    seen = []
    for it in (DUI_A1, DUI_A2, DUI_B):
        mine, keys = g._featurize(g.signals(it))
        seen.append(item_counts(it, params))
        n, df = doc_freqs(seen)
        batch = featurize(seen[-1], n, df, params)
        assert batch.feats.frames == mine.frames and batch.feats.ents == mine.ents
        assert [k for k in batch.keys if k.startswith("lead:")] == [k for k in keys if k.startswith("lead:")]


def test_parsed_leads_keep_the_two_arrests_apart() -> None:
    """The same separation with frames from the real parse, not hand-written ones."""
    from newsprism.analysis.events import event_frames
    from newsprism.nlp import load_nlp

    nlp = load_nlp()
    items = [
        StoryItem(it.article_id, it.title, it.text, None, "", it.entities, event_frames(nlp(it.text)))
        for it in (DUI_A1, DUI_A2, DUI_B)
    ]
    out = StoryGrouper().assign(items)
    assert out["dui-a1"] == out["dui-a2"] != out["dui-b"]


# A first report and a profile of the captain, published the same day, share almost nothing (the
# profile scores 0.05 against the first report, the join bar is 0.30); the next day's report
# covers both, joins one, and the re-test then merges the other, still a one-article story.
FERRY_1 = StoryItem(
    "ferry-1",
    "Ferry capsizes off Indonesia's Selayar island with 139 aboard",
    "A passenger ferry capsized in high waves off Selayar island in South Sulawesi on Tuesday with 139 "
    "people on board, Indonesia's search and rescue agency said. Navy ships and fishing boats pulled 31 "
    "survivors from the water; at least 12 bodies were recovered and dozens remain missing.",
    "2018-07-03",
    "Reuters",
    [("Selayar", "GPE"), ("South Sulawesi", "GPE"), ("Indonesia", "GPE"), ("Tuesday", "DATE")],
)
FERRY_CAPTAIN = StoryItem(
    "ferry-captain",
    "Captain of the Lestari Maju had been warned about overloading",
    "Harbour officials in Bira had warned captain Agus Susanto twice this year that the Lestari Maju "
    "was carrying more trucks than its permit allowed, according to port records. The 1982-built vessel "
    "had been converted from a cargo ship, and relatives said the captain called home before sailing.",
    "2018-07-03",
    "Jakarta Post",
    [("Bira", "GPE"), ("Agus Susanto", "PERSON"), ("Lestari Maju", "ORG")],
)
FERRY_2 = StoryItem(
    "ferry-2",
    "Indonesia ferry death toll rises to 34; captain Agus Susanto questioned over overloading",
    "The death toll from the ferry that capsized in high waves off Selayar island in South Sulawesi rose "
    "to 34 on Wednesday, Indonesia's search and rescue agency said, as navy ships and fishing boats "
    "searched for dozens of missing passengers; 31 survivors were pulled from the water. Police "
    "questioned captain Agus Susanto, who had been warned by harbour officials in Bira that the Lestari "
    "Maju carried more trucks than its permit allowed.",
    "2018-07-04",
    "AP",
    [
        ("Lestari Maju", "ORG"),
        ("Selayar", "GPE"),
        ("South Sulawesi", "GPE"),
        ("Agus Susanto", "PERSON"),
        ("Bira", "GPE"),
        ("Wednesday", "DATE"),
    ],
)
# The same kind of event two months later, elsewhere: must not be pulled in.
FERRY_TANZANIA = StoryItem(
    "ferry-tanzania",
    "Ferry capsizes on Lake Victoria in Tanzania, scores feared dead",
    "An overcrowded ferry capsized on Lake Victoria near Ukara island in Tanzania on Thursday, and "
    "rescuers pulled 37 survivors from the water, regional commissioner John Mongella said. Officials "
    "said the MV Nyerere was carrying more passengers than its permit allowed.",
    "2018-09-20",
    "BBC",
    [
        ("Lake Victoria", "LOC"),
        ("Ukara", "GPE"),
        ("Tanzania", "GPE"),
        ("John Mongella", "PERSON"),
        ("MV Nyerere", "ORG"),
        ("Thursday", "DATE"),
    ],
)
FERRIES = [FERRY_1, FERRY_CAPTAIN, FERRY_2, FERRY_TANZANIA]


def _groups(stories: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(v) for v in stories.values()}


def test_a_lone_report_is_merged_once_a_later_report_links_it_to_the_grown_story() -> None:
    g = StoryGrouper()
    returned = {it.article_id: g.add(it) for it in FERRIES}
    assert returned["ferry-1"] == "ferry-1" != returned["ferry-captain"]  # on arrival, two stories
    assert returned["ferry-2"] == "ferry-captain"  # the next day's report joins the profile ...
    # ... and the first report, still alone, is merged into that grown story
    assert g.stories == {"ferry-captain": ["ferry-1", "ferry-captain", "ferry-2"], "ferry-tanzania": ["ferry-tanzania"]}
    assert g.story_of("ferry-1") == "ferry-captain"


def test_a_merge_retires_only_the_lone_articles_story_id() -> None:
    """Ids add() handed out for the grown story stay valid; the one stale id is reported in ``merged``."""
    g = StoryGrouper()
    returned = {it.article_id: g.add(it) for it in FERRIES}
    assert g.merged == {"ferry-1": "ferry-captain"}
    stale = {aid for aid, sid in returned.items() if sid != g.story_of(aid)}
    assert stale == {"ferry-1"}
    assert g.add(FERRY_1) == "ferry-captain"  # re-adding reports the current story


def test_without_the_re_test_the_first_report_stays_alone() -> None:
    g = StoryGrouper(merge_threshold=None)
    for it in FERRIES:
        g.add(it)
    assert _groups(g.stories) == {
        frozenset({"ferry-1"}),
        frozenset({"ferry-captain", "ferry-2"}),
        frozenset({"ferry-tanzania"}),
    }
    assert g.merged == {}


def test_the_re_test_looks_only_at_the_new_articles_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stories are never compared all-pairs: a lone story the blocking did not offer stays alone."""
    g = StoryGrouper()
    g.add(FERRY_1)
    g.add(FERRY_CAPTAIN)
    real = g._candidates
    monkeypatch.setattr(g, "_candidates", lambda keys, feats: [s for s in real(keys, feats) if s != "ferry-1"])
    before = g.n_scored
    g.add(FERRY_2)
    assert g.stories["ferry-1"] == ["ferry-1"] and g.merged == {}
    assert g.n_scored - before == 1  # ferry-2 scored against its one candidate, nothing re-tested


def test_merged_stories_keep_their_members_in_arrival_order_after_more_reports() -> None:
    g = StoryGrouper()
    for it in FERRIES:
        g.add(it)
    late = StoryItem(
        "ferry-3", "Lestari Maju captain Agus Susanto charged over Selayar ferry disaster",
        "Police in South Sulawesi charged captain Agus Susanto of the Lestari Maju, which capsized off Selayar "
        "island, with negligence on Friday; the death toll from the ferry rose to 36 and navy ships ended the search.",
        "2018-07-06", "Reuters",
        [("Agus Susanto", "PERSON"), ("Lestari Maju", "ORG"), ("Selayar", "GPE"), ("South Sulawesi", "GPE")],
    )
    assert g.add(late) == "ferry-captain"
    assert g.stories["ferry-captain"] == ["ferry-1", "ferry-captain", "ferry-2", "ferry-3"]


def test_the_batch_form_re_tests_lone_articles_like_the_grouper() -> None:
    from dataclasses import replace

    from newsprism.stories.blocking import GroupingParams, group_batch

    params = GroupingParams.from_grouper(StoryGrouper())
    assert params.merge_threshold == StoryGrouper().merge_threshold
    batch = group_batch(FERRIES, params)
    g = StoryGrouper()
    for it in FERRIES:
        g.add(it)
    assert _groups(batch.stories) == _groups(g.stories)
    assert batch.story_of["ferry-2"] == "ferry-1"  # the batch form names a story by its earliest article
    off = group_batch(FERRIES, replace(params, merge_threshold=None))
    assert frozenset({"ferry-1"}) in _groups(off.stories)


# --- the embedding term ---------------------------------------------------------------------------

MICROBES = (
    "Astronauts have identified unknown microbes in space for the first time",
    "For the first time, astronauts aboard the International Space Station have identified microbes "
    "entirely in orbit, without sending samples back to Earth. NASA astronaut Peggy Whitson collected "
    "swabs from the station's surfaces and sequenced their DNA with a handheld device.",
)
MICROBES_RETOLD = (
    "Space station crew names mystery microbes without help from Earth",
    "Bacteria living on the walls of the orbiting laboratory were named on board this month: the crew "
    "took swabs, grew them and read their genetic code with a pocket sequencer, with no help from "
    "labs on the ground.",
)
TWIN_STUDY = (
    "Astronaut Scott Kelly's genes changed during his year in space, NASA twin study finds",
    "A year on the International Space Station changed the way some of astronaut Scott Kelly's genes are "
    "expressed, NASA's twin study found, comparing him with his brother Mark on Earth.",
)


def _feats(vec: list[float], day: int | None) -> grouping.Features:
    # identical terms on both sides, so only the embedding and the dates differ between pairs
    return grouping.weigh(
        {"space": 1}, {r: [] for r in grouping.ROLES}, day, {}, 10,
        term_df=lambda t: 1, entity_df=lambda k: 1, embedding=vec,
    )


def test_embedding_term_ranks_a_retold_report_above_another_event_of_the_topic(embedder) -> None:
    from newsprism.analysis.embedding import embed_texts, embedding_text

    a, retold, twin = embed_texts([embedding_text(t, None, x) for t, x in (MICROBES, MICROBES_RETOLD, TWIN_STUDY)], embedder)
    day = date(2018, 1, 2).toordinal()
    same = score_pair(_feats(a, day), _feats(retold, day + 1))
    other = score_pair(_feats(a, day), _feats(twin, day + 1))
    no_embed = grouping.ScoreWeights(embed=0.0)
    base = score_pair(_feats(a, day), _feats(retold, day + 1), no_embed)
    assert same > base > other  # adds for the retelling (cosine ~0.76), subtracts for the twin study (~0.38)
    assert same - other > 0.2


def test_embedding_term_is_silent_unless_both_sides_are_dated(embedder) -> None:
    from newsprism.analysis.embedding import embed_texts, embedding_text

    a, twin = embed_texts([embedding_text(t, None, x) for t, x in (MICROBES, TWIN_STUDY)], embedder)
    no_embed = grouping.ScoreWeights(embed=0.0)
    day = date(2018, 1, 2).toordinal()
    for da, db in ((None, None), (day, None), (None, day)):
        assert score_pair(_feats(a, da), _feats(twin, db)) == score_pair(_feats(a, da), _feats(twin, db), no_embed)
    assert score_pair(_feats(a, day), _feats(twin, day)) != score_pair(_feats(a, day), _feats(twin, day), no_embed)


def test_story_embedding_is_the_sum_of_its_members() -> None:
    st = grouping.Features({}, 0.0, n=0)
    st.merge(_feats([1.0, 0.0], 1))
    st.merge(_feats([0.0, 1.0], 2))
    assert st.emb is not None and list(st.emb) == [1.0, 1.0]
    assert abs(st.emb_norm - 2**0.5) < 1e-6


# --- average linkage -------------------------------------------------------------------------------


def test_a_story_is_scored_by_the_mean_of_its_members_not_by_their_sum() -> None:
    g = StoryGrouper(threshold=99.0)  # every article alone: only the scoring is looked at
    for it in FERRIES[:3]:
        g.add(it)
    g._absorb("ferry-1", "ferry-captain")  # a two-member story: the first report and the profile
    item = g._featurize(g.signals(FERRY_TANZANIA))[0]
    pair = [grouping.score_pair(item, g._feats[a], g.weights) for a in ("ferry-1", "ferry-captain")]
    assert g._story_score(item, "ferry-1") == pytest.approx(sum(pair) / 2)


def test_a_large_story_is_judged_on_members_spread_over_its_arrival_first_report_included(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    g = StoryGrouper(linkage_sample=4)
    seen: list[str] = []
    real = grouping.score_pair

    def spy(a, b, w=grouping.ScoreWeights()):  # noqa: B008
        seen.append(next(k for k, f in g._feats.items() if f is b))
        return real(a, b, w)

    g._voters["s"] = [f"m{i}" for i in range(10)]
    template = g._featurize(g.signals(FERRY_1))[0]
    for i in range(10):
        g._feats[f"m{i}"] = Features(dict(template.terms), template.norm)
    monkeypatch.setattr(grouping, "score_pair", spy)
    g._story_score(template, "s")
    assert seen == ["m0", "m2", "m5", "m7"]


def test_signals_computed_elsewhere_give_the_same_stories_as_the_items() -> None:
    """The Spark driver groups from executor-computed signals: the decisions must not change."""
    items = [it for _, it in _events(20, 3)]
    direct = StoryGrouper().assign(items)
    maker = StoryGrouper()
    shipped = [pickle.loads(pickle.dumps(maker.signals(it))) for it in items]
    assert StoryGrouper().assign_signals(shipped) == direct


def test_an_outlet_filing_twice_is_evidence_against_one_event() -> None:
    g = StoryGrouper(threshold=99.0)
    a = g._featurize(g.signals(FERRY_1))[0]
    b = g._featurize(g.signals(FERRY_2))[0]
    other = grouping.ScoreWeights(same_outlet=0.0)
    assert grouping.score_pair(a, b, g.weights) == pytest.approx(grouping.score_pair(a, b, other))  # two outlets
    b.outlets = set(a.outlets)
    assert grouping.score_pair(a, b, g.weights) == pytest.approx(grouping.score_pair(a, b, other) - g.weights.same_outlet)


def test_a_storys_embedding_sums_its_dated_members_only() -> None:
    # score_pair reads embeddings between dated sides only; an undated member's vector (older
    # corpora hold some) must not move the summed story the batch path's lone-story re-test reads
    import numpy as np

    dated = Features({"quake": 1.0}, 1.0, day_min=738950, day_max=738950, day_sum=738950.0, n_dated=1,
                     emb=np.array([1.0, 0.0], dtype=np.float32), emb_norm=1.0)
    undated = Features({"quake": 1.0}, 1.0, emb=np.array([0.0, 1.0], dtype=np.float32), emb_norm=1.0)
    story = Features({}, 0.0, n=0)
    story.merge(dated)
    story.merge(undated)
    assert story.emb is not None and story.emb.tolist() == [1.0, 0.0] and story.emb_norm == 1.0
    candidate = Features({"quake": 1.0}, 1.0, day_min=738951, day_max=738951, day_sum=738951.0, n_dated=1,
                         emb=np.array([0.0, 1.0], dtype=np.float32), emb_norm=1.0)
    assert score_pair(candidate, story) == score_pair(candidate, dated)  # as if the undated one had no vector


def test_the_analysis_embeds_exactly_the_articles_the_grouper_dates() -> None:
    from newsprism.analysis.article import needs_embedding
    from newsprism.model import Article
    from newsprism.pipeline import story_item
    from newsprism.stories.grouping import item_signals

    cases = [
        Article(id="a", outlet="x", text="Police said on Monday the road was closed.", source_path="a.txt"),
        Article(id="b", outlet="x", text="Updated: July 7, 2012\nThe road was closed.", source_path="b.txt"),
        Article(id="c", outlet="x", title="July 7, 2012 4:16 PM ET", text="The road was closed.", source_path="c.txt"),
        Article(id="d", outlet="x", text="The road was closed.", source_path="d.txt", published="2012-07-07"),
        Article(id="e", outlet="x", text="March 3, 2009\nThe road was closed.", source_path="e.txt", published="soon"),
        Article(id="f", outlet="x", text="The road was closed.", source_path="f.txt", published="not a date"),
    ]
    for a in cases:
        day = item_signals(story_item(a, None), 400, 2)[2]
        assert needs_embedding(a) == (day is not None), a.id
    assert [needs_embedding(a) for a in cases] == [False, True, True, True, True, False]
