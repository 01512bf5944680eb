"""Datelines and picture captions are never sources of speech (issue #15)."""

from __future__ import annotations

from newsprism.analysis.furniture import dateline_tokens, furniture_spans
from newsprism.analysis.quotes import extract_quotes
from newsprism.analysis.speakers import extract_entities


def _quotes(nlp, text: str):
    doc = nlp(text)
    return extract_quotes(doc, "a", extract_entities(doc, "a"))


def test_dateline_opening_the_paragraph_is_not_the_speaker(nlp) -> None:
    text = ('SAN JOSE, Costa Rica — "We are investigating the cause," said Civil Aviation director '
            "Guillermo Hoppe.")
    (q,) = _quotes(nlp, text)
    assert q.speaker is not None and q.speaker.name == "Guillermo Hoppe"


def test_agency_dateline_leaves_the_real_subject(nlp) -> None:
    text = "WASHINGTON (AP) — The senator said the bill would pass before the recess in August."
    (q,) = _quotes(nlp, text)
    assert q.speaker is not None and "WASHINGTON" not in q.speaker.name


def test_picture_caption_is_no_quote(nlp) -> None:
    text = ("This photo provided by the Costa Rican Ministry of Public Security shows the wreckage of the plane.\n"
            '"It was a terrible accident," the minister said.')
    quotes = _quotes(nlp, text)
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["minister"]
    assert all("wreckage" not in q.text for q in quotes)


def test_dateline_tokens_cover_city_place_and_agency_only(nlp) -> None:
    doc = nlp("FLINT, Mich., Oct. 4 (UPI) — Former President Bill Clinton criticized the law.\n"
              "The Senate voted on Monday.")
    words = {doc[i].text for i in dateline_tokens(doc)}
    assert {"FLINT", "Mich.", "UPI"} <= words and "Clinton" not in words and "Senate" not in words


def test_name_hanging_under_a_dateline_is_the_speaker(nlp) -> None:
    text = "WASHINGTON -- President Obama said on Saturday that the museum would tell an American story."
    (q,) = _quotes(nlp, text)
    assert q.speaker is not None and q.speaker.name.endswith("Obama")


def test_all_caps_subhead_with_a_hyphen_is_no_dateline(nlp) -> None:
    doc = nlp("EVEN OZ'S BOSS THINKS HE'S FULL OF YOU-KNOW-WHAT\nThe doctor said the show would go on.")
    assert dateline_tokens(doc) == frozenset()


def test_video_as_evidence_stays_a_finding(nlp) -> None:
    text = "Video of the incident shows that the man had his hands in the air before he was shot."
    (q,) = _quotes(nlp, text)
    assert "hands in the air" in q.text


def test_a_camp_or_campaign_is_not_the_person_it_is_named_after(nlp) -> None:
    for text, mention in [
        ("Hillary Clinton spoke in Ohio on Monday. One source in the Clinton camp said the candidate was tired.",
         "One source in the Clinton camp"),
        ("Hillary Clinton spoke in Ohio on Monday. The Clinton campaign said the event had been planned for weeks.",
         "Clinton campaign"),
    ]:
        (q,) = _quotes(nlp, text)
        assert q.speaker is not None and q.speaker.name != "Hillary Clinton"
        assert mention in q.speaker.name and q.speaker.resolved_by == "none"


def test_title_case_headline_verb_is_cut_from_the_name(nlp) -> None:
    doc = nlp("Sanders Warns Democrats on Trade\n\nThe senator spoke in Iowa on Monday.")
    names = [e.name for e in extract_entities(doc, "a") if e.label == "PERSON"]
    assert names == ["Sanders"]
    doc = nlp("Tom Jones sang in Cardiff on Saturday.")  # a surname ending in s stays whole
    assert [e.name for e in extract_entities(doc, "a") if e.label == "PERSON"] == ["Tom Jones"]


def _furniture(text: str) -> list[str]:
    return [text[s:e] for s, e, _what in furniture_spans(text)]


def test_credits_counters_bylines_and_link_lists_are_furniture() -> None:
    assert _furniture("(AP Photo/Mahmoud Illean)\nThe minister said it was calm.") == ["(AP Photo/Mahmoud Illean)"]
    assert _furniture("Image copyright Getty Images Image caption Doctors said more would die.") == [
        "Image copyright Getty Images Image caption"]
    assert "Photographer: Patrick T. Fallon/Bloomberg" in _furniture("Photographer: Patrick T. Fallon/Bloomberg\nHe said so.")
    assert _furniture("Getty Images Chicago Cubs celebrate winning the World Series") == ["Getty Images"]
    player = "Buzz60 12 of 41 Skip in Skip x Embed x Share CLOSE WHAT YOU NEED TO KNOW ABOUT THE CEO Musk says"
    assert _furniture(player) == [player.removesuffix(" Musk says")]
    assert _furniture("13/30 Large Magellanic Cloud An image of the galaxy in infrared light") == [
        "13/30 Large Magellanic Cloud"]
    assert _furniture("By Jane Doe\nThe senator said the bill would pass.") == ["By Jane Doe"]
    assert _furniture("Show Hide Bitcoin fell 20 percent on Friday, traders said.") == ["Show Hide"]
    assert _furniture("Expand / Collapse The show will close in May, the producers said.") == ["Expand / Collapse"]
    assert _furniture("Show the cards, he said. Close the door.") == []  # one control word is a word
    assert _furniture("Related stories Moeen Ali doubt to bowl in Second Test\nThe coach said he was fit.") == [
        "Related stories Moeen Ali doubt to bowl in Second Test"]


def test_reporting_credits_are_furniture_but_reporting_in_prose_is_not() -> None:
    assert _furniture("The talks end on Friday.\n(Reporting by Malcolm Foster; Editing by Bill Tarrant)") == [
        "(Reporting by Malcolm Foster; Editing by Bill Tarrant)"]
    assert _furniture("The talks end on Friday.\nAdditional reporting by Amanda Lozada") == [
        "Additional reporting by Amanda Lozada"]
    credit = "Associated Press writer Jennifer Kay in Miami Beach, Florida, contributed to this report."
    assert _furniture(f"The talks end on Friday.\n{credit}") == [credit]
    assert _furniture("According to reporting by the Times, the mayor said the road would reopen.") == []
    assert _furniture("Forty scientists contributed to the report, which the ministry published in May.") == []
    assert _furniture('"Dozens of officials contributed to this report," Inspector Jane Smith said.') == []
    assert _furniture("Analysts at five agencies contributed to this report, the ministry said Monday.") == []
    assert _furniture("Reporting by the Washington Post revealed the program, Senator Mark Warner said.") == []
    assert _furniture("Written by a panel of judges, the ruling says the law stands.") == []


def test_a_surname_is_not_the_reporter_named_in_the_credit_or_byline(nlp) -> None:
    """"Kim said" in a report on Kim Jong Un was given to "Soyoung Kim", a name in the credit line."""
    text = ("North Korean leader Kim said on Monday the United States would never start a war.\n"
            '"The entire United States is within range of our nuclear weapons," Kim said.\n'
            "(Additional reporting by Soyoung Kim in SEOUL; Editing by Kim Coghill)")
    assert [q.speaker.name for q in _quotes(nlp, text) if q.speaker] == ["Kim", "Kim"]
    byline = ("By Jack Kim\n"
              '"Talks are possible," Kim said in his address.')
    assert [q.speaker.name for q in _quotes(nlp, byline) if q.speaker] == ["Kim"]


def test_subheads_in_capitals_are_furniture_but_acronyms_and_transcript_labels_are_not() -> None:
    text = ("FUTURE FLIGHTS: SpaceX already has customers lined up for the rocket, the company said on Monday.\n"
            "The NAACP and the FBI said the advisory stands.")
    assert _furniture(text) == ["FUTURE FLIGHTS"]
    transcript = ("MONTAGNE: Take us through what happened that night.\n"
                  "NELSON: The largest number of attacks happened in Cologne, where police were overwhelmed.\n"
                  "MONTAGNE: And what about suspects, who have the police named so far?")
    assert _furniture(transcript) == []


def test_reporting_about_a_picture_is_not_furniture() -> None:
    assert _furniture("Video of the incident shows that the man had his hands in the air. "
                      "The photos released by SpaceX show a car on the rocket.") == []
    assert _furniture("Islamic State (IS, formerly ISIS/ISIL) said a tab with your name/avatar shows.") == []


def test_a_credit_is_never_the_speaker(nlp) -> None:
    text = ('"It was a violent demonstration," the military said. (AP Photo/Mahmoud Illean)\n'
            "Bassem called Monday's protest peaceful, and said the soldiers had fired first.")
    names = [q.speaker.name for q in _quotes(nlp, text) if q.speaker]
    assert names and not any("Photo" in n or "Illean" in n for n in names)


def test_slideshow_counter_is_neither_speaker_nor_part_of_a_name(nlp) -> None:
    text = ("Bloomberg 37 of 41 Skip in Skip x Embed x Share CLOSE WHAT YOU NEED TO KNOW ABOUT ELON MUSK "
            "| 0:30 Billionaire Elon Musk said on Wednesday that he was building a flying metal suit.")
    names = [q.speaker.name for q in _quotes(nlp, text) if q.speaker]
    assert names and all(n.endswith("Elon Musk") and "0:30" not in n and "Skip" not in n for n in names)


def test_an_entity_is_named_as_the_text_writes_it_not_as_a_graphic_does(nlp) -> None:
    doc = nlp("HILLARY CLINTON WINS NEVADA\n\nHillary Clinton said on Saturday that the win was a turning point.")
    names = [e.name for e in extract_entities(doc, "a") if e.label == "PERSON"]
    assert names == ["Hillary Clinton"]


def test_a_dateline_place_is_no_pronoun_antecedent(nlp) -> None:
    text = ("CAIRO (AP) — An Egyptian court on Saturday sentenced the former president to three years.\n"
            "It also said the defendants must pay a fine of 1 million pounds each.")
    names = [q.speaker.name for q in _quotes(nlp, text) if q.speaker]
    assert "CAIRO" not in names


def test_a_name_cut_inside_a_hyphenated_word_loses_the_fragment(nlp) -> None:
    text = "The state-run Energia company said Friday its engineers had established contact with the craft."
    (q,) = _quotes(nlp, text)
    assert q.speaker is not None and not q.speaker.name.startswith("-")


def test_a_transcript_label_naming_someone_in_the_text_speaks() -> None:
    text = ('"Tucker Carlson Tonight" host said Monday that the agency was spying on him.\n\n'
            "TUCKER CARLSON: It's not just political protesters the government is spying on.")
    assert _furniture(text) == []


def test_a_possessive_cut_from_its_owner_is_no_part_of_a_name(nlp) -> None:
    text = "The state's Republican governor Ron DeSantis signed the measure into law on Tuesday, saying it protected girls."
    names = [q.speaker.name for q in _quotes(nlp, text) if q.speaker]
    assert names and not any(n.startswith(("'", "’", "s ")) for n in names), names


FURNITURE_SAMPLES = [
    "Image copyright Sarah Beth Image caption The ferry left the harbour.",
    "0:24 Bluffton BBQ owner Ted Huffman asks for return of 'Flossie'",
    "Workers repair the pier. (AP Photo/Mahmoud Illean)",
    "Photographer: Patrick T. Fallon/Bloomberg",
    "Getty Images Chicago Cubs celebrate the win",
    "Video provided by Reuters Newslook",
    "Buzz60 12 of 41 Skip in Skip x Embed x Share CLOSE WHAT YOU NEED TO KNOW",
    "Hide Caption 18 of 25",
    "Image 1 of 8 Investigators work at the scene",
    "CLOSE Skip in Skip x Embed x Share Authorities search the bridge",
    "13/30 Large Magellanic Cloud",
    "Show Hide Bitcoin soared on Monday",
    "(Reporting by Malcolm Foster; Editing by Bill Tarrant)",
    "Staff writer Rob Tornoe contributed to this article.",
    "Watch the interview | 0:56",
    "Photos: Bastille Day terror: Harrowing images of the attack A photo from the scene",
    "By Jane Doe\nThe council met on Monday.",
    "Related stories: Ferry strike ends",
]


def test_each_furniture_pattern_only_matches_text_holding_one_of_its_literals() -> None:
    """A text without any of a pattern's literals is not searched (furniture._rx): every match holds one."""
    from newsprism.analysis.furniture import _FURNITURE_RES

    matched = 0
    for _what, rx, needs in _FURNITURE_RES:
        for text in FURNITURE_SAMPLES:
            for m in rx.finditer(text):
                matched += 1
                assert not needs or any(n in m.group() for n in needs), (rx.pattern, m.group())
    assert matched >= len(FURNITURE_SAMPLES)
    assert all(furniture_spans(t) for t in FURNITURE_SAMPLES)


def test_gallery_counter_or_share_controls_before_the_subject_are_not_the_speaker(nlp) -> None:
    for furniture in ("Image 1 of 8", "Photo Editor Image 2 of / 4", "Embed x Share", "CLOSE Skip in Skip x Embed x Share"):
        text = f"{furniture} Investigators said the shooting followed an argument outside the bar."
        quotes = _quotes(nlp, text)
        assert [q.text for q in quotes] == ["the shooting followed an argument outside the bar"]
        # the investigators, or no one where the parser made the counter the subject: never the counter
        assert [q.speaker.name for q in quotes if q.speaker] in ([], ["Investigators"]), furniture


def test_a_counter_read_in_prose_is_not_furniture(nlp) -> None:
    text = "Photo 3 of 10 shows the damage to the roof, the fire chief said."
    assert not any(what == "counter" for _, _, what in furniture_spans(text))


GALLERY = ("Hide Caption 8 of 25 Photos: Bastille Day terror: Harrowing images of truck attack in Nice "
           "Authorities confirmed that the driver of the truck was killed by police. "
           "Hide Caption 9 of 25 Photos: Bastille Day terror: Harrowing images of truck attack in Nice "
           "French President François Hollande said the country would extend its state of emergency. "
           "Hide Caption 10 of 25 Photos: Bastille Day terror: Harrowing images of truck attack in Nice "
           "BFM-TV, a CNN affiliate in France, reported that police shot at the truck to try to stop it.")


def test_a_gallery_title_printed_before_every_caption_is_furniture() -> None:
    titles = [GALLERY[s:e] for s, e, what in furniture_spans(GALLERY) if what == "caption"]
    assert titles == ["Photos: Bastille Day terror: Harrowing images of truck attack in Nice"] * 3
    # one label alone, or two labels with nothing in common after them, names no title
    # two labels whose captions begin alike, or labels with nothing in common after them, name no title
    two = "Photos: Police officers said the suspect fled on foot.\nPhotos: Police officers stand guard outside."
    assert not any("officers" in two[s:e] for s, e, _ in furniture_spans(two))
    apart = ("Photos: Storm damage in Ohio Trees fell.\nPhotos: Flooding in Texas Roads closed.\n"
             "Photos: Snow in Maine Schools shut.")
    assert not any("in Ohio" in apart[s:e] or "in Texas" in apart[s:e] for s, e, _ in furniture_spans(apart))


def test_the_caption_under_a_gallery_title_speaks_for_itself(nlp) -> None:
    quotes = _quotes(nlp, GALLERY)
    named = [(q.speaker.name, q.speaker.mention) for q in quotes if q.speaker]
    assert named[:2] == [("Authorities", "Authorities"), ("François Hollande", "French President François Hollande")]
    # the third as the parser reads the apposition: the channel or its description, never the title
    assert named[2][0] in ("BFM-TV", "CNN affiliate in France") and len(named) == 3
    assert not any("Nice" in n or "terror" in n or "Nice" in m for n, m in named)


def test_a_stamp_or_dateline_before_the_subject_gives_no_time_as_speaker(nlp) -> None:
    text = ('"Until we make that final determination, we are open to all considerations," Dreckman said.\n\n'
            "UPDATE 6:17 PM - Grant County Sheriff Nate Dreckman has released the following information "
            "about the fatal shooting that took place in Montfort earlier Friday.\n\n"
            "UPDATE 11/28 1 p.m.: Colorado Springs Police Chief Pete Carey outlined the police department's "
            "top priorities going forward in the investigation.\n\n"
            "CHICAGO, IL - JUNE 20: Family and friends say goodbye to Joseph Briggs during a funeral service "
            "on June 20, 2012 in Chicago, Illinois.")
    names = [q.speaker.name for q in _quotes(nlp, text) if q.speaker]
    assert not {"PM", "p.m.", "JUNE", "IL"} & set(names), names


def test_a_video_lists_entries_are_furniture_but_a_clock_time_is_not(nlp) -> None:
    videos = ("1:36 \"It never goes away,\" Ocilla man said of Grinstead's disappearance\n"
              "2:07 Mother of toddler declared brain dead\n16:37 Reporter discusses Heaven Woods murder case")
    assert _quotes(nlp, videos) == []
    clock = "5:35 p.m. Police said the suspect fled on foot.\n12:15 PM - The sheriff said the road was closed."
    assert [q.speaker.name for q in _quotes(nlp, clock) if q.speaker] == ["Police", "sheriff"]
    timeline = "10:15 The mayor said the road would reopen.\n14:32 Police said the suspect had been arrested."
    assert [q.speaker.name for q in _quotes(nlp, timeline) if q.speaker] == ["mayor", "Police"]


def test_a_credit_opening_on_capitals_still_fences_off_its_reporters(nlp) -> None:
    from newsprism.analysis.furniture import credit_tokens

    doc = nlp("The talks end on Friday.\nASSOCIATED PRESS writer Soyoung Kim in Seoul contributed to this report.")
    assert {doc[i].text for i in credit_tokens(doc)} >= {"Soyoung", "Kim"}
