"""Quote ledger: the same utterance across outlets, and how each pair differs."""

from __future__ import annotations

from newsprism.compare.ledger import build_quote_groups, word_diff
from newsprism.compare.speakers import apply_canonical_speakers, canonical_speaker_names
from newsprism.model import Quote, Speaker


def q(qid, article, text, speaker="Xi Jinping", kind="direct"):
    return Quote(
        id=qid,
        article_id=article,
        spans=[(0, len(text))],
        text=text,
        kind=kind,
        speaker=Speaker(name=speaker, spans=[]) if speaker else None,
    )


def relation(quotes):
    groups = build_quote_groups(quotes, prefix="s1")
    linked = [g for g in groups if g.pairs]
    assert len(linked) == 1, groups
    (pair,) = linked[0].pairs
    return pair


def test_identical_ignores_case_and_punctuation():
    pair = relation([
        q("a:q1", "a", "In the last few years, China has made a colossal leap forward.", "Vladimir Putin"),
        q("b:q1", "b", "in the last few years China has made a colossal leap forward", "Putin"),
    ])
    assert pair.relation == "identical" and pair.similarity == 1.0


def test_truncated_when_contiguous_piece():
    long = (
        "It is true that both of our countries share the same, or some similar goals. We have exerted "
        "efforts for the prosperity of our respective countries…we can cooperate and work together to "
        "achieve our goals"
    )
    short = "We have exerted efforts for the prosperity of our respective countries…we can cooperate"
    pair = relation([q("a:q1", "a", short, "Xi"), q("b:q1", "b", long)])
    assert pair.relation == "truncated"


def test_altered_when_words_dropped_inside():
    long = "It is true that both of our countries share the same, or some similar goals."
    pair = relation([q("a:q1", "a", "share similar goals", "Xi", kind="partial"), q("b:q1", "b", long)])
    assert pair.relation == "altered"
    ops = [op for op, _a, _b in pair.diff]
    assert "equal" in ops and ("insert" in ops or "delete" in ops)


def test_variant_for_two_translations():
    a = (
        "It is symbolic that exactly 10 years ago we met here – you made your first visit as President of "
        "the People's Republic of China to Russia."
    )
    b = "Symbolically, we met here 10 years during your first visit as an elected representative of China."
    pair = relation([q("a:q1", "a", a, "Vladimir Putin"), q("b:q1", "b", b, "Putin")])
    assert pair.relation == "variant"


def test_paraphrase_indirect_against_direct():
    pair = relation([
        q("b:q1", "b", "that both countries can cooperate to fulfill their development goals", kind="indirect"),
        q("a:q1", "a", "We have exerted efforts for the prosperity of our respective countries, we can cooperate "
          "and work together to achieve our development goals", "Xi"),
    ])
    assert pair.relation == "paraphrase"


def test_one_shared_word_is_no_paraphrase():
    """'expressed support for Putin' and '...will continue to strongly support you' share one word:
    too little for the ledger to say one renders the other (precision first)."""
    groups = build_quote_groups([
        q("b:q1", "b", "Xi also expressed support for Putin to be reelected", kind="indirect"),
        q("a:q1", "a", "I believe the Russian people will continue to strongly support you", "Xi"),
    ])
    assert all(not g.pairs for g in groups)


def test_different_speakers_with_similar_words_are_not_variants():
    groups = build_quote_groups([
        q("a:q1", "a", "We will cooperate closely on energy and trade with Moscow", "Xi Jinping"),
        q("b:q1", "b", "We will cooperate closely on trade and energy with Beijing", "Vladimir Putin"),
    ])
    assert [len(g.quote_ids) for g in groups] == [1, 1]
    assert all(not g.pairs for g in groups)


def test_unrelated_quotes_get_singleton_groups_with_prefixed_ids():
    groups = build_quote_groups(
        [
            q("a:q1", "a", "Russia is ready to discuss the proposals", "Putin"),
            q("b:q1", "b", "The document included respect for international law", "Zelensky"),
            q("b:q2", "b", "Russia is ready to discuss the proposals", "Vladimir Putin"),
        ],
        prefix="story7",
    )
    assert [g.id for g in groups] == ["story7:g1", "story7:g2"]
    assert groups[0].quote_ids == ["a:q1", "b:q2"] and groups[0].speaker == "Vladimir Putin"
    assert groups[1].quote_ids == ["b:q1"] and groups[1].pairs == []


def test_same_article_quotes_are_never_paired():
    groups = build_quote_groups([
        q("a:q1", "a", "We have many common interests and goals", "Putin"),
        q("a:q2", "a", "We have many common interests and goals", "Putin"),
    ])
    assert len(groups) == 2


def test_word_diff_shows_original_words():
    diff = word_diff("I believe the Russian people", "I believe that the Russian people")
    assert diff == [("equal", "I believe", "I believe"), ("insert", "", "that"),
                    ("equal", "the Russian people", "the Russian people")]


def test_speaker_names_unified_by_unique_containment():
    quotes = [
        q("a:q1", "a", "x y z", "Xi"),
        q("b:q1", "b", "x y z", "Xi Jinping"),
        q("b:q2", "b", "x y z", "President Xi Jinping"),
        q("c:q1", "c", "x y z", "Bush"),
        q("c:q2", "c", "x y z", "George Bush"),
        q("d:q1", "d", "x y z", "Jeb Bush"),
    ]
    mapping = canonical_speaker_names(quotes)
    assert mapping["Xi"] == "Xi Jinping" and mapping["President Xi Jinping"] == "Xi Jinping"
    assert mapping["Bush"] == "Bush"  # ambiguous: two fuller names contain it
    rewritten = apply_canonical_speakers(quotes, mapping)
    assert rewritten[0].speaker.name == "Xi Jinping"
    assert quotes[0].speaker.name == "Xi"  # inputs untouched


def test_a_role_held_in_a_place_is_not_the_place():
    # "The mayor of Nice says ..." in one outlet, "We are investigating" resolved to Nice in another:
    # a title's "of" goes with it only before another title ("Secretary of State Antony Blinken")
    def typed(qid: str, name: str, kind: str) -> Quote:
        x = q(qid, qid[0], "x y z", name)
        return x.model_copy(update={"speaker": x.speaker.model_copy(update={"kind": kind})})

    quotes = [typed("a:q1", "The mayor of Nice", "description"), typed("b:q1", "Nice", "organisation"),
              typed("c:q1", "chief of police", "description"), typed("c:q2", "police", "organisation"),
              typed("d:q1", "Secretary of State Antony Blinken", "person"), typed("d:q2", "Blinken", "person"),
              typed("e:q1", "Secretary of State", "description")]
    mapping = canonical_speaker_names(quotes)
    assert mapping["The mayor of Nice"] == "The mayor of Nice" and mapping["Nice"] == "Nice"
    assert mapping["chief of police"] == "chief of police" and mapping["police"] == "police"
    assert mapping["Blinken"] == mapping["Secretary of State Antony Blinken"] == "Antony Blinken"
    assert mapping["Secretary of State"] == "Secretary of State"  # a role with no name is not "State"
    # a person named after the role is still one person
    estrosi = canonical_speaker_names([typed("l:q1", "Mayor of Nice Christian Estrosi", "person"),
                                       typed("m:q1", "Christian Estrosi", "person")])
    assert estrosi["Christian Estrosi"] == estrosi["Mayor of Nice Christian Estrosi"]
    # one party of a joint statement keeps its own name
    joint = canonical_speaker_names([typed("n:q1", "China", "organisation"),
                                     typed("o:q1", "China and Russia", "group")])
    assert joint["China"] == "China"
    # a body's short name still finds its full one
    bodies = canonical_speaker_names([typed("f:q1", "Police", "organisation"),
                                      typed("g:q1", "Benton Police Department", "organisation"),
                                      typed("h:q1", "Department of Justice", "organisation"),
                                      typed("i:q1", "US Department of Justice", "organisation")])
    assert bodies["Police"] == "Benton Police Department"
    assert bodies["Department of Justice"] == "US Department of Justice"
    dispatch = canonical_speaker_names([typed("j:q1", "La Porte police", "organisation"),
                                        typed("k:q1", "La Porte Police Dispatch", "organisation")])
    assert dispatch["La Porte police"] == "La Porte Police Dispatch"


def test_plan_attribution_is_not_a_paraphrase_of_speech():
    plan = q("a:q1", "a", "to speak with Zelensky after his Moscow visit", kind="indirect").model_copy(
        update={"cue_class": "belief"})
    said = q("b:q1", "b", "I'm very happy that I can visit Russia again, at your invitation.", "Xi")
    groups = build_quote_groups([plan, said])
    assert all(not g.pairs for g in groups) and len(groups) == 2


def test_one_word_of_reported_speech_is_no_paraphrase():
    """'Putin has also welcomed Xi' shares only a name with Putin's quote: not a rendering of it."""
    groups = build_quote_groups([
        q("a:q1", "a", "the Kremlin carefully reviewed the peace plan and will discuss it with Xi", "Vladimir Putin",
          kind="mixed"),
        q("b:q1", "b", "Xi", "Vladimir Putin", kind="indirect"),
    ])
    assert all(not g.pairs for g in groups)
