"""Verbs of saying in senses that report no words (issue #15).

On local crime news "officers responded to the scene" was read as the officers' speech (530 quotes on
gva's dev pages), "a neighbor called 911" as the neighbor's (about 250), and "did not respond to a
request for comment" put a reporter's request in the speaker's mouth."""

from __future__ import annotations

import pytest

from nlp_helpers import quotes_of


@pytest.mark.parametrize("text", [
    "Officers responded to the scene just after 11 p.m. Sunday.",
    "Deputies responded to a report of shots fired at a home on Pine Street.",
    "Several agencies responded to assist with the search.",
    'Officers responded to a "suspicious activity" call at the gas station.',
])
def test_an_emergency_crew_responding_to_a_call_or_a_place_says_nothing(nlp, text):
    assert [(q.speaker.name if q.speaker else None, q.text) for q in quotes_of(nlp, text)] == []


def test_a_911_call_may_report_something_but_the_police_answering_it_do_not(nlp):
    quotes = quotes_of(nlp, "Police responded to a 911 call about a man with a gun near the school.")
    assert quotes and all(q.speaker is None and q.cue.text == "call" for q in quotes)


@pytest.mark.parametrize("text", [
    "The company responded to the lawsuit in a statement.",
    "Pelosi responded to Trump in a letter on Friday.",
    "The company responded to the complaint in a statement on Friday.",
])
def test_responding_to_a_person_or_a_document_is_not_a_dispatch(nlp, text):
    (q,) = quotes_of(nlp, text)
    assert q.cue_class == "other" and q.speaker is not None


def test_a_quotation_in_what_was_responded_to_is_not_the_responders_words(nlp):
    quotes = quotes_of(nlp, 'Deputies responded to a "man down, shots fired" call at the gas station.')
    assert all(q.cue_class != "speech" for q in quotes)


def test_responding_to_a_communication_is_kept_but_not_as_the_subjects_words(nlp):
    (q,) = quotes_of(nlp, "The senator did not respond to a request for comment on Friday.")
    assert q.text.startswith("a request for comment") and q.cue_class == "other"


def test_words_given_in_reply_are_still_speech(nlp):
    text = ('The mayor responded that the city would review every contract. "We have nothing to hide," '
            "she replied.")
    quotes = quotes_of(nlp, text)
    assert [q.cue_class for q in quotes] == ["speech", "speech"]
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["mayor", "mayor"]


@pytest.mark.parametrize("text", [
    "A neighbor called 911 after hearing several shots.",
    "Her grandmother called police shortly after midnight.",
    "Police were called to a home in the 2300 block of Magnolia Place around 6:30 p.m.",
    "His sister called Crime Stoppers at 713-222-8477 on Friday.",
    "No one answered the door at the apartment on Tuesday.",
    "Nobody answered the phone at the church office.",
    "Some employees called to report the incident.",
    "A neighbor called in a complaint about the noise at the house.",
    "The rampage claimed a fifth victim on Sunday.",
    # a number of lives, however it is counted
    "The fighting, which claimed more than 660 lives, ended on Sunday.",
    "The earthquake claimed at least 50 victims in the province.",
    "The insurgency has claimed nearly 20,000 lives since 2009.",
])
def test_a_telephone_call_a_dispatch_or_an_opened_door_is_no_quote(nlp, text):
    assert quotes_of(nlp, text) == []


@pytest.mark.parametrize(("text", "said"), [
    ("Mayor Tom Barrett called the shooting a tragedy for the whole city.", "the shooting a tragedy"),
    ("The governor called for calm after the verdict.", "calm"),
    ("Senator Richard Blumenthal called on Congress to pass stronger gun laws.", "to pass"),
    ("The NAACP called out the police department in a statement on Tuesday.", "the police department"),
])
def test_calling_something_something_or_calling_for_it_is_still_speech(nlp, text, said):
    (q,) = quotes_of(nlp, text)
    assert said in q.text and q.cue_class == "speech"


@pytest.mark.parametrize("text", [
    "One of the bullets hit her on the side of the face.",
    "Two gunmen attacked the backyard barbecue on Franklin Avenue.",
    "The shooter blasted the bouncer twice before fleeing.",
    "Jeremy Gehl attacked Randolph with a knife.",
])
def test_a_verb_of_force_without_words_leaves_the_speech_view(nlp, text):
    quotes = quotes_of(nlp, text)
    assert quotes and all(q.cue_class == "other" for q in quotes)


@pytest.mark.parametrize("text", [
    'Trump slammed Democrats for adhering to an "America last" ideology.',
    "Ronna McDaniel blasted the Commission on Presidential Debates in a letter on Tuesday.",
    "The governor slammed the decision.",
    "Trump blasted the FBI.",
    "The Republican attacked his opponent during the debate.",
    "He hit back at critics on Sunday.",
    "The union slammed the layoffs.",
])
def test_criticism_in_words_stays_speech(nlp, text):
    (q,) = quotes_of(nlp, text)
    assert q.cue_class == "speech"


def test_a_sum_added_is_no_quote(nlp):
    assert quotes_of(nlp, "The stock added 5% to begin the week after the deal was announced.") == []


def test_things_added_in_words_are_still_said(nlp):
    text = "He added two caveats: the deal must be approved by regulators and the price could change."
    (q,) = quotes_of(nlp, text)
    assert q.cue_class == "speech" and "approved by regulators" in q.text


@pytest.mark.parametrize("text", [
    "Police claimed the victim of the shooting had pointed a gun at officers.",
    "The defense claimed the victims of the fraud had been warned.",
])
def test_claiming_the_victim_of_something_did_something_is_a_claim(nlp, text):
    (q,) = quotes_of(nlp, text)
    assert q.cue_class == "speech"


@pytest.mark.parametrize(("text", "cue"), [
    ("Sanders slammed the pharmaceutical industry, saying it had price-gouged patients.", "slammed"),
    ("Trump attacked Biden with a barrage of insults on Tuesday.", "attacked"),
])
def test_words_win_over_the_signs_of_a_blow(nlp, text, cue):
    (q,) = [q for q in quotes_of(nlp, text) if q.cue.text == cue]
    assert q.cue_class == "speech"


@pytest.mark.parametrize(("text", "cls"), [
    ("Surveillance video confirmed that the gunman fired first.", "finding"),
    ("Satellite images reveal upgraded air bases captured by government forces.", "finding"),
    ("A leaked photo revealed the first look at the new phone.", "finding"),
    ("The photographer said the images were taken on Monday.", "speech"),
    # review guards: a video that says or urges carries its makers' words
    ("A video released by the militant group said the hostage had been killed.", "speech"),
    ("A propaganda video urged supporters to attack police officers.", "speech"),
])
def test_a_picture_that_confirms_or_reveals_is_evidence_but_its_makers_speak(nlp, text, cls):
    (q,) = quotes_of(nlp, text)
    assert q.cue_class == cls


def _cue_classes(nlp, text: str, cue: str = "") -> set[str]:
    """The classes of the quotes whose cue holds ``cue`` (all quotes for ""); empty when none."""
    return {q.cue_class for q in quotes_of(nlp, text) if q.cue is not None and cue in q.cue.text.lower()}


@pytest.mark.parametrize(("text", "cls"), [
    # a thing or a person released is no one's words ...
    ("Microsoft released an emergency patch for Internet Explorer on Tuesday.", "other"),
    ("Sony released a new firmware update for the PS4 family of consoles.", "other"),
    ("Marvel released a new trailer for the film during the Super Bowl.", "other"),
    ("Police released a composite sketch of the suspect on Monday.", "other"),
    ("The sheriff's office released surveillance photos of the gunman.", "other"),
    ('Justin Timberlake released "Man of the Woods" on Friday.', "other"),
    ("Authorities released him after questioning on Sunday.", "other"),
    ("The agency released a series of dramatic images taken during its Antarctic survey.", "other"),
    # ... words and facts released are
    ("The Justice Department released a redacted version of the Mueller report.", "speech"),
    ("The hospital released an update on her condition on Tuesday.", "speech"),
    ('The campaign released a new ad Tuesday: "Joe Biden has failed America."', "speech"),
    ("The family released a statement on Tuesday.", "speech"),
    ("Police released the names of the victims on Monday.", "speech"),
    ("Police released a possible motive for the shooting on Monday.", "speech"),
    ("The coroner released the cause of death.", "speech"),
    ("Police released a number of details about the shooting on Monday.", "speech"),
    ('The agency released a statement: "We are saddened by this loss."', "speech"),
])
def test_releasing_a_thing_or_a_person_is_no_ones_words_but_words_and_facts_are(nlp, text, cls):
    assert _cue_classes(nlp, text, "releas") == {cls}


@pytest.mark.parametrize(("text", "cls"), [
    # a noun of force is violence by what it names: a place or people at large, an assailant, a weapon
    ("[Graphic: The brutal toll of Boko Haram’s attacks on civilians]", "other"),
    ("Hamas's attack on Israel over the weekend killed more than 1,200 people.", "other"),
    ("The gunman's attack on the synagogue, for which he faces federal charges, killed 11.", "other"),
    ("Boko Haram's attack on the village for the second time this year left 30 dead.", "other"),
    # else criticism
    ("The visit will fuel Trump's attacks on the Biden administration over its immigration policies.", "speech"),
    ("The senator's attack on the nominee drew criticism from both parties.", "speech"),
    ("Trump's attacks against the press have intensified this year.", "speech"),
    ("Warren's attack on Bloomberg dominated the debate coverage.", "speech"),
    ("Pelosi dismissed the Republicans' attacks on her leadership.", "speech"),
])
def test_a_noun_of_force_is_violence_by_what_it_names_else_criticism(nlp, text, cls):
    assert _cue_classes(nlp, text, "attack") == {cls}


@pytest.mark.parametrize(("text", "cls"), [
    # what the subject did not say is not their words ...
    ("Police did not say what led up to the shooting.", "other"),
    ("Police have not released the names of the victims.", "other"),
    ("Lynch did not deny his client was at the house that night.", "other"),
    # ... unless the negation says more was said, or is not on the cue
    ("He didn't just say the election was stolen, he urged supporters to march.", "speech"),
    ("She could not stress enough that the economy was in trouble.", "speech"),
    ("Not until Tuesday did police say the suspect had been arrested.", "speech"),
    ("Didn't the president say last week that the crisis was over?", "speech"),
    ("He said not that the plan would fail, but that it would be costly.", "speech"),
    ("Police said they would not release the names of the victims.", "speech"),
])
def test_what_the_subject_did_not_say_is_not_their_words(nlp, text, cls):
    assert _cue_classes(nlp, text) == {cls}


@pytest.mark.parametrize(("text", "cls"), [
    # numbers that measure are findings, as a poll is ...
    ("Nearly 4 million people have skipped their second shot, according to data released Sunday by the CDC.",
     "finding"),
    ("Unemployment fell to 4.1 percent, according to figures from the Labor Department.", "finding"),
    ("Some 49% of U.S. adults say they would not get the vaccine.", "finding"),
    ("Fifty-nine percent of respondents said crime is a serious problem.", "finding"),
    # ... a body or a person cited is speech, though a measure's word opens its name or names it
    ("The suspect fled on foot, according to police.", "speech"),
    ("The talks stalled on Friday, according to a key figure in the negotiations.", "speech"),
    ("The plan was dropped, according to a number of officials familiar with the matter.", "speech"),
    ("Sales fell sharply, according to Research in Motion.", "speech"),
    ("The top 1% say the economy is rigged.", "speech"),
])
def test_data_and_a_polls_share_are_findings_not_words(nlp, text, cls):
    assert _cue_classes(nlp, text) == {cls}
