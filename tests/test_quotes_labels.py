"""Attributions made by layout or by a bare answer word: headline labels
('Ann Coulter: And Then There Was the One') and 'said yes / no / so'."""

from __future__ import annotations

import pytest

from nlp_helpers import quotes_of


def test_headline_with_a_name_label_is_the_names_attribution(nlp):
    text = "Ann Coulter: And Then There Was the One\nA guy just won the nomination by spending no money."
    quotes = quotes_of(nlp, text)
    q = next(q for q in quotes if q.cue is not None and q.cue.text == ":")
    assert q.text == "And Then There Was the One"
    assert q.speaker.mention == "Ann Coulter"


def test_section_header_label_is_not_an_attribution(nlp):
    text = "Related: Five things to know about the caucuses\nThe caucuses start at 7 p.m."
    assert quotes_of(nlp, text) == []


@pytest.mark.parametrize("text, answer, source", [
    ("Asked if her email practices were illegal, 46 percent of voters said yes.", "yes",
     "46 percent of voters"),
    ("Everyone but Hewlett said no.", "no", "Everyone but Hewlett"),
])
def test_said_yes_or_no_reports_the_answer(nlp, text, answer, source):
    q = next(q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == "said")
    assert q.text == answer
    assert q.speaker.mention == source


def _label_quotes(nlp, text):
    return [(q.speaker.mention if q.speaker else None, q.text) for q in quotes_of(nlp, text)
            if q.cue is not None and q.cue.text == ":"]


@pytest.mark.parametrize("text", [
    "Update: The family of the girl, Noelle Shawver, is raising funds to help with funeral costs.",
    "UPDATE: The suspect was arrested on Tuesday morning near Atlanta.",
    "Message: A friend wanted you to see this item from the station's website.",
    "STORY: Texas prosecutor gunned down outside his home in Kaufman County",
    "Sex: M Race: B Age: 27 Condition: Deceased",
    "Jesse Paul: 303-954-1733, jpaul@denverpost.com or twitter.com/JesseAPaul",
    "Video: Sheriff says infant died after being shot by his brother",
])
def test_page_furniture_in_label_layout_has_no_speaker(nlp, text):
    body = "\n\nThe shooting happened late on Saturday, the sheriff's office said."
    assert _label_quotes(nlp, text + body) == []


def test_headline_label_of_a_body_that_speaks_in_the_story(nlp):
    text = ("Police: Father accidentally shot daughter while showing his wife a handgun\n\n"
            "The man was showing the gun to his wife when it went off, police said.")
    assert _label_quotes(nlp, text) == [
        ("Police", "Father accidentally shot daughter while showing his wife a handgun")]


@pytest.mark.parametrize("text, speakers", [
    # turns of a call transcript
    ("Dispatcher: Do you know if the bullet went all the way through?\n\n"
     "Caller: I'm not sure, it's still dark outside and I can't see.\n\n"
     "Dispatcher: Is he breathing right now?\n\n"
     "Caller: Yes, he is breathing but he is not talking.", ["Dispatcher", "Caller", "Dispatcher", "Caller"]),
    # a transcript label in capitals naming a person the text names
    ("Ari Shapiro spoke with correspondent Scott Horsley.\n\n"
     "SHAPIRO: What can you tell us about the White House response to this situation?", ["SHAPIRO"]),
    ("Mitch McConnell spoke on Tuesday.\n\n"
     "MCCONNELL: We are going to confirm this nominee before the election is held.", ["MCCONNELL"]),
    # a title-case headline signed by a name
    ("Pat Caddell: Democrat Voters Worried About Hillary Clinton's Health Issues\n\n"
     "In offering analysis of the ongoing presidential election, pollster Pat Caddell said voters worry.",
     ["Pat Caddell"]),
    # a name whose bearer finds something in the story
    ("Politifact: Donald Trump Is Right About Thousands of Shootings in Chicago\n\n"
     "On Tuesday, Politifact found that the claim Trump made in the debate was accurate.", ["Politifact"]),
    # a telephone number inside what a body says is no contact line
    ("Two men were shot outside a bar on Friday, police said.\n\n"
     "Police: Anyone with information is asked to call Crime Stoppers at 713-222-8477.", ["Police"]),
])
def test_a_label_the_text_names_a_speaker_speaks(nlp, text, speakers):
    assert [m for m, _ in _label_quotes(nlp, text)] == speakers


@pytest.mark.parametrize("text", [
    # police blotter headings and a record's fields, even where some come back
    "BURGLARY: On Nov. 21, Deputy David Pinkston was dispatched to a home on Ed Bennett Road.\n\n"
    "DISPUTE: On Nov. 24, Deputy David Marcus was dispatched to a location in Arcadia.\n\n"
    "THEFT: A bicycle was taken from a garage on Main Street, deputies said.",
    "DISPUTE: On Nov. 24, a deputy was dispatched to a home in Arcadia.\n\n"
    "DISPUTE: On Nov. 25, two neighbours argued over a fence.\n\n"
    "Road rage: A driver followed another car onto the highway.\n\n"
    "BURGLARY: A television was taken from a home on Ed Bennett Road.\n\n"
    "Package stolen: A parcel was taken from a porch.\n\n"
    "BURGLARY: Tools were taken from a shed on Main Street.",
    "Date: September 15, 2016\n\nLocation: 1300 Aswan Drive, Austin\n\n"
    "Date: September 16, 2016\n\nLocation: 400 Congress Avenue, Austin",
    # contact lines signed with a name
    "Two men were shot outside a bar on Friday, police said.\n\n"
    "Contact Daniel Bethencourt: dbethencourt@freepress.com or 313-223-4531. Follow him on Twitter.",
    "Two men were shot outside a bar on Friday, police said.\n\n"
    "Contact Jim Guy: jguy@fresnobee.com, (559) 441-6339 or @jimguy27 on Twitter. Contact Carmen George: "
    "cgeorge@fresnobee.com, (559) 441-6386 or @CarmenGeorge on Twitter.",
    # a picture's label, though a video "shows" something in the story
    "Surveillance video shows the gunman walking into the store.\n\n"
    "Video: Watch the police news conference about the shooting",
    # a section and a roundup's place headings
    "Analysis: The Fed faces a dilemma as prices rise again\n\nThe central bank meets next week.",
    "Ohio: A man was killed in a crash on Interstate 71.\n\nTexas: Two people were hurt in a fire.\n\n"
    "Florida: A boat sank off Miami.",
])
def test_a_label_nothing_names_a_speaker_does_not_speak(nlp, text):
    assert _label_quotes(nlp, text) == []


def test_repeated_section_label_is_not_a_dialogue(nlp):
    text = ("Update: On Aug. 6, Jackson was convicted of illegal possession of a firearm.\n\n"
            "Update: On Sept. 9, Davis was found guilty of attempted murder.\n\n"
            "Complaint: Davis fired at a car on Brookdale Drive, the complaint says.\n\n"
            "Update: On Aug. 13, Lyons was sentenced to 74 months in prison.")
    assert [m for m, _ in _label_quotes(nlp, text) if m == "Update"] == []


def test_a_stray_label_among_turns_neither_breaks_the_dialogue_nor_speaks(nlp):
    turns = ("SHAPIRO: What can you tell us about the White House response?\n\n"
             "HORSLEY: The president was briefed on the attack this morning.\n\n"
             "SHAPIRO: Has he said anything in public yet?\n\n"
             "HORSLEY: Not yet, but aides expect a statement later today.\n\n")
    stray = "Update: This story has been updated with the latest figures from officials.\n\n"
    copyright_line = "Copyright: This transcript was produced on a rush deadline by the network."
    assert [m for m, _ in _label_quotes(nlp, turns + copyright_line)] == ["SHAPIRO", "HORSLEY", "SHAPIRO", "HORSLEY"]
    assert [m for m, _ in _label_quotes(nlp, turns + stray + turns)] == ["SHAPIRO", "HORSLEY"] * 4


@pytest.mark.parametrize("text", [
    # a page's section labels over another story's headline: capitalised words, nobody's name,
    # though an outlet the text names shares one of them ("ABC News", "the Washington Post")
    "The sheriff told ABC News the suspect fled.\n\nTop News: Reunifying Split Cyrus, Spanish Holy Week",
    "He was taken to the juvenile detention center.\n\n"
    "Previous Story: Teen hit by stray bullet while sitting on porch of Pine Hills home",
    "He spoke to the Washington Post on Friday.\n\nOriginal Post: A 13-year-old boy was shot in the head "
    "in the town of Klamath Friday night, the sheriff's office said.",
    # a picture's credit line signed like a label
    "Garcia said she grew up with Ashley Poike.\n\nAlexander Tran. Photo credit: Salt Lake County Jail",
    "Robreece Omar Pickett CREDIT: Rock Hill Police\n\nPolice in Rock Hill have charged a 20-year-old man.",
])
def test_a_pages_section_or_credit_label_does_not_speak(nlp, text):
    assert _label_quotes(nlp, text) == []


@pytest.mark.parametrize("label", ["Police Chief", "Ann Coulter", "Red Cross", "United Nations", "White House",
                                   "Amnesty International", "Chief Deputy Smith", "Bangkok Post", "Kyodo News",
                                   "Saturday Night Live", "Popular Party"])
def test_a_name_or_a_body_the_recogniser_may_miss_still_speaks_in_a_label(nlp, label):
    text = f"The shooting happened on Friday night outside a bar downtown.\n\n{label}: We are asking anyone " \
           "with information to come forward."
    assert [m for m, _ in _label_quotes(nlp, text)] == [label]


def test_transcript_turns_in_capitals_stay_turns(nlp):
    # capitalised runs that the furniture finder reads as subheads ("UNIDENTIFIED MALE") are still turns
    text = ("BLITZER: What do we know about the suspect tonight?\n\n"
            "UNIDENTIFIED MALE: We know very little at this hour, Wolf.\n\n"
            "BLITZER: Has anyone been arrested so far?\n\n"
            "UNIDENTIFIED MALE: Not yet, police are still searching the area.")
    assert len(_label_quotes(nlp, text)) == 4


@pytest.mark.parametrize("line, speaker, cue", [
    ('Added Toman: "In my 27 years of police work, I have never seen a case like this."', "Toman", "Added"),
    ("Said Commissioner William Evans: “Finding those responsible is of the highest priority to us.”",
     "Commissioner William Evans", "Said"),
])
def test_a_speech_verb_opening_a_label_is_the_cue_and_the_rest_the_speaker(nlp, line, speaker, cue):
    text = "Lt. Philip Toman said witnesses were not cooperative.\n\n" + line
    q = next(q for q in quotes_of(nlp, text) if q.text.startswith(("\"In my", "“Finding")))
    assert (q.speaker.mention, q.cue.text) == (speaker, cue)


@pytest.mark.parametrize("text, quote", [
    # a turn in quotation marks keeps both, as a direct quote does
    ("Mike Pence spoke.\n\nPENCE: “Well, I think we will see what the president does tonight.”",
     "“Well, I think we will see what the president does tonight.”"),
    # marks around the whole line are not the turn's
    ("Mike Pence spoke.\n\n“PENCE: Well, I think we will see what the president does tonight.”",
     "Well, I think we will see what the president does tonight."),
])
def test_a_label_lines_quotation_marks_come_in_pairs(nlp, text, quote):
    assert [q for _, q in _label_quotes(nlp, text)] == [quote]


@pytest.mark.parametrize("line", [
    "Posted In: Local News, Crime and Courts",
    "Suggested Reading: Man charged in deadly shooting at downtown bar",
    'Told Reporters: "We will find whoever did this."',
    # the one addressed follows "told", "called": no speaker
    'Told CNN: "I have nothing to hide and I will testify if asked."',
    "Called Speaker Nancy Pelosi: The president's actions are a betrayal of the oath.",
])
def test_a_verb_opening_a_label_needs_someone_named_after_it(nlp, line):
    text = "The shooting happened on Friday night outside a bar downtown.\n\n" + line
    assert [q.speaker for q in quotes_of(nlp, text) if q.speaker is not None] == []


def test_an_inversion_the_verb_cues_read_is_not_quoted_twice(nlp):
    text = 'Lt. Ahmed Khan said the bar was crowded.\n\nSaid Ahmed: "It was chaos, people were running everywhere."'
    assert [q.text for q in quotes_of(nlp, text)].count('"It was chaos, people were running everywhere."') == 1


def test_a_first_name_shaped_like_a_verb_stays_the_name(nlp):
    text = "Residents fled the village.\n\nSayed Ali: The gunmen came through the back door and started shooting."
    assert [m for m, _ in _label_quotes(nlp, text)] == ["Sayed Ali"]
