"""Verbs of saying in senses that report no words.

The cue model learned on PolNeAR (political news) reads "responded", "called", "hit", "added" as
speech whatever follows, and on local crime news most of them are not: "officers responded to the
scene", "a neighbor called 911", "a bullet hit her in the face", "the stock added 5%".  Each
function here tells one verb's other sense from what the verb takes (its object, particle,
prepositions), so the extractor (:mod:`newsprism.analysis.quotes`,
:mod:`newsprism.analysis.direct_quotes`) can drop the quote or keep it out of the speech view.

Hand-written on purpose: the senses are closed classes of English (a telephone, a dispatch, a sum,
a blow), PolNeAR holds too few of them to learn from, and the dev pages where they abound (gva's
local news) carry no annotation to train on.  Each rule was read on those pages and on the
scrapinghub pages (sites never read for speakers) before it was kept.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from newsprism.analysis.cues import cue_class
from newsprism.analysis.furniture import PICTURE_NOUNS
from newsprism.analysis.quote_marks import has_quote_mark
from newsprism.analysis.speaker_words import names_a_person

# --- reacting: "responded to ..." -----------------------------------------------------------------

# Reaction verbs: "to" names what was reacted to.  Closed class.
REACTION_VERBS = frozenset({"respond", "reply", "react"})
# What an emergency crew answers or goes to: a place or an incident.  Closed classes read on gva's
# "responded to ..." (scene 37, block 30, shooting 58, home 35, fire 18, ...).
_PLACES = frozenset("""
scene home house residence apartment apartments area location address block street road drive avenue
lane intersection building hospital school store business bar club park room lot motel hotel complex
neighborhood neighbourhood property field site
""".split())
_INCIDENTS = frozenset("""
shooting shot shots gunfire fire crash accident incident disturbance alarm emergency situation homicide
robbery burglary assault fight stabbing collision explosion overdose
""".split())
# Nouns of the cue lexicon that also name an emergency crew's dispatch ("a 911 call", "a report of a
# shooting"): a communication only with their owner, demand or clause.
_DISPATCH_NOUNS = frozenset({"call", "report"})


def reaction_object(verb: Token, frame: str, root: Token) -> str | None:
    """What a reaction verb reacts to: None when ``verb`` is no reaction verb with a "to" object;
    "event" when it is a place or an incident ("officers responded to the scene", "deputies
    responded to a report of shots fired", "responded to assist"); "words" otherwise ("responded to
    the criticism", "to the lawsuit", "to Trump", "did not reply to a request for comment").

    Either way the object is not the subject's own words.  PolNeAR annotates the second as an
    attribution, so it stays a quote of class ``other`` (out of the speech view); the first is an
    emergency crew going somewhere (on gva's local news 530 such "quotes", every one read as
    speech), no quote.
    """
    if verb.lemma_.lower() not in REACTION_VERBS:
        return None
    if frame == "xcomp" and root.i > verb.i:
        return "event"  # "deputies responded to assist", "agencies responded to help with the incident"
    # "nprep": "respond" mistagged as a noun ("Houston Police & Fire respond to reports of ...")
    if frame not in ("prep", "nprep") or root.head.lower_ != "to":
        return None
    lemma = root.lemma_.lower()
    if root.ent_type_ in ("GPE", "FAC", "LOC") or lemma in _PLACES or lemma in _INCIDENTS:
        return "event"
    if cue_class(lemma) == "other" and root.ent_type_ not in ("PERSON", "ORG", "NORP") and (_a_crew(verb) or any(
            t.ent_type_ in ("GPE", "FAC", "LOC") or t.lemma_.lower() in _PLACES or t.lemma_.lower() in _INCIDENTS
            or t.like_num and t.i + 1 < len(t.doc) and t.nbor().pos_ == "PROPN" for t in root.subtree)):
        # no communication, and a crew answering it or a place or an incident in it: "officers responded
        # to a suspicious person", "to an accidental discharge of a firearm in the 500 block"
        return "event"
    if lemma in _DISPATCH_NOUNS and not any(
            c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN")
            or (c.dep_ == "prep" and c.lower_ == "for") or (c.dep_ in ("acl", "ccomp") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in c.children))
            for c in root.children):
        return "event"  # "a 911 call", "a report of a shooting" (not "Trump's call", "calls for ...")
    return "words"


# Who is sent to a place or an incident.  A closed class.
_CREWS = frozenset("police officer deputy trooper firefighter crew paramedic medic emt ems responder sheriff "
                   "ambulance unit".split())


def _a_crew(verb: Token) -> bool:
    """Whether the verb's subject is an emergency crew ("officers", "Chattanooga Police", "deputies")."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and any(t.lemma_.lower() in _CREWS or t.lower_ in _CREWS for t in subj.subtree)


def reacted_to(verb: Token) -> tuple[int, int] | None:
    """The characters of what a reaction verb reacts to (its "to" phrase), or None: a quotation
    there is someone else's words or a label ('responded to a "man down" call', 'responded to
    Trump's "reckless" remarks'), never the reacting subject's."""
    if verb.lemma_.lower() not in REACTION_VERBS:
        return None
    to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    if to is None:
        return None
    last = to.right_edge
    return to.idx, last.idx + len(last.text)


# --- calling: a telephone, a dispatch -----------------------------------------------------------

# Who is phoned for help: emergency numbers and services.  A closed class.
_PHONED = frozenset({"911", "999", "112", "police", "sheriff", "office", "department", "dispatch", "dispatcher",
                     "authorities", "ambulance", "paramedic", "line", "hotline", "tipline", "stoppers", "number"})
_PHONE_NUMBER = re.compile(r"\d{3}[-.]\d{4}|\d{3}-[A-Z]{4}|\bTIPS\b")


def phone_call(verb: Token) -> bool:
    """Whether "call" is a telephone call or a dispatch, not a verb of saying: "a neighbor called
    911", "call Crime Stoppers at 713-222-8477", "police were called to the scene", "called to
    report the incident" (on gva's local news about 260 of its "quotes").

    Told by what is called, not by what else the sentence holds (the parser attaches "called X a
    liar", "called on Congress to act" in many ways): an emergency number or the people one phones
    for help ("911", "police", "the sheriff's office", "an ambulance"), a phone number after it, or
    a place one is sent to with no one named ("called to a home in the 2300 block").  Naming,
    demanding, denouncing and convening ("called the shooting 'a crime'", "called for calm",
    "called on Congress to act", "called out the police department", "called China to become a
    space power") are left to the cue model.
    """
    if verb.lemma_.lower() != "call" or verb.pos_ != "VERB":
        return False
    kids = list(verb.children)
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    if any(c.dep_ in ("oprd", "ccomp", "attr", "acomp") or (c.dep_ == "xcomp" and obj is not None)
           or (c.dep_ == "prt" and c.lower_ == "out" and obj is not None)  # "called out the police"
           or (c.dep_ in ("prep", "prt") and (c.lower_ == "for" or c.lower_ in ("on", "upon") and not _a_time(c)))
           for c in kids):
        return False  # "called for calm", "called on Congress to act" (not "called police on Friday")
    named = " ".join(verb.doc[c.left_edge.i: c.right_edge.i + 1].text for c in kids if c.dep_ in ("dobj", "xcomp"))
    if has_quote_mark(named):
        return False  # 'called watching the accident unfold "horrible"': words quoted, whatever the parse
    if _PHONE_NUMBER.search(verb.doc[verb.i + 1: verb.right_edge.i + 1].text):
        return True
    if any(c.dep_ == "prt" and c.lower_ == "in" for c in kids):
        return True  # "a complaint called in by a security officer", "called in the FBI": rang, sent for
    if obj is None:
        # "were called to the scene", "called out to a shooting": sent somewhere; "called to report
        # the incident": rang
        return any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to") for c in kids) or any(
            c.dep_ == "prt" and any(g.dep_ == "prep" and g.lower_ == "to" for g in c.children) for c in kids)
    return obj.like_num or obj.lemma_.lower() in _PHONED


def _a_time(prep: Token) -> bool:
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


# --- criticising or striking: "slammed the decision", "a bullet hit her" ----------------------------

# Verbs of criticism that are first verbs of force.
FORCE_VERBS = frozenset({"hit", "attack", "blast", "slam", "rip"})
# Where words are said ("in a statement", "during the debate", "in a new ad", "on Twitter").
_CHANNELS = frozenset("debate ad advertisement video hearing rally conference podcast show twitter facebook "
                      "column editorial op-ed op ed".split())
# Words of attack that are no cue of the lexicon ("with a barrage of insults").
_ATTACK_WORDS = frozenset("insult barb jab broadside tirade rhetoric ad rant".split())
# What strikes rather than speaks, and where a blow lands.  Closed classes.
_PROJECTILES = frozenset("bullet shot round pellet gunfire car vehicle truck missile rocket something".split())
_ASSAILANTS = frozenset("gunman gunmen shooter attacker assailant robber militant suspect".split())
_BODY = frozenset("head face chest leg arm back side neck stomach abdomen shoulder hand foot eye skull thigh "
                  "hip knee jaw mouth nose ear".split())
_VICTIMS = frozenset("man woman boy girl child victim teen teenager bouncer officer civilian resident".split())
# What a person or body is criticised for, besides a named one ("slammed the decision").
_CRITICISED = frozenset("decision ruling plan proposal bill policy law move deal order rule idea approach "
                        "budget tax strategy response handling record".split())


def force_not_words(verb: Token) -> bool:
    """Whether a verb (or noun) of :data:`FORCE_VERBS` strikes rather than criticises in words, so that
    its quote leaves the speech view: "a bullet hit her in the face", "officers hit him with a stun
    gun", "gunmen attacked the party", "two men attacked her" (on gva's crime news 30 such "quotes",
    every one read as speech), "an attack on civilians", "a drone attack" (a noun: :func:`_violence_noun`).

    A blow is told by an instrument ("with a knife", not "with a barrage of insults"), a part of
    the body, a projectile or an assailant as subject, or, when nothing says it was words, a person
    named by a pronoun or a common noun ("attacked her", "attacked another man").  Words are told by
    a clause ("slammed the industry, saying ..."), for, as, over or at what, where they were said
    ("in a letter", "during the debate"), a named person or body, a decision or a communication
    ("slammed the decision", "blasted the FBI"), quoted words.  Neither: words (the verbs' first
    sense in news about politics and business).
    """
    if verb.lemma_.lower() not in FORCE_VERBS:
        return False
    kids = list(verb.children)
    for c in kids:
        if c.dep_ == "prep" and c.lower_ == "with":
            return not any(cue_class(t.lemma_.lower()) != "other" or t.lemma_.lower() in _ATTACK_WORDS
                           for t in c.subtree)  # "with a stun gun"; not "with a barrage of insults"
        if c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lemma_.lower() in _BODY for g in c.children):
            return True  # "in the head", "on the side of the face"
    subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and (subj.lemma_.lower() in _PROJECTILES or subj.lemma_.lower() in _ASSAILANTS):
        return True
    if verb.pos_ == "NOUN":
        return _violence_noun(verb)  # "the attack on the synagogue, for which ...": the target tells
    if _in_words(verb, kids):
        return False
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    return obj is not None and (obj.pos_ == "PRON" and obj.lower_ not in ("it", "this", "that")
                                or obj.lemma_.lower() in _VICTIMS or obj.ent_type_ in ("GPE", "FAC", "LOC"))


# What a noun of force names as violence: its weapon or kind ("a drone attack", "the terror attack"),
# and its target when a place or people at large ("attacks on civilians", "on the village").  Closed
# classes; a person, a body or an idea attacked is criticism ("his attack on the nominee", "on the
# FBI", "on her leadership").
_ATTACK_KINDS = frozenset("drone missile rocket air airstrike terror terrorist suicide knife gun gas chemical "
                          "bomb arson shark dog militant insurgent".split())
_ATTACKED = frozenset("civilians villagers worshippers worshipers troops soldiers personnel police station "
                      "stations base village town city school church mosque synagogue temple embassy "
                      "consulate market hospital convoy grid plant capitol".split())


def _violence_noun(noun: Token) -> bool:
    """Whether a noun of :data:`FORCE_VERBS` is violence: a weapon or kind of attack before it, an
    assailant owning it ("the gunman's attack"), or a place or people at large attacked ("attacks on
    civilians", "the attack on the Capitol", "on Gaza").  Else criticism, its first sense in news
    about politics ("the senator's attack on the nominee", "attacks against the press")."""
    for c in noun.children:
        low = c.lemma_.lower()
        if c.dep_ in ("compound", "amod") and low in _ATTACK_KINDS:
            return True
        if c.dep_ == "poss" and (low in _ASSAILANTS or low in _PROJECTILES):
            return True
        if c.dep_ == "prep" and c.lower_ in ("on", "against"):
            for g in c.children:
                if g.dep_ == "pobj" and (g.lemma_.lower() in _ATTACKED or g.lower_ in _ATTACKED
                                         or g.ent_type_ in ("GPE", "LOC", "FAC", "NORP")):
                    return True
    return False


def _in_words(verb: Token, kids: list[Token]) -> bool:
    """Signs that a verb of criticism was words (:func:`force_not_words`)."""
    for c in kids:
        if c.dep_ in ("ccomp", "xcomp", "prt") or c.dep_ == "prep" and c.lower_ in ("for", "as", "over", "at") \
                or c.dep_ == "advmod" and c.lower_ in ("back", "out"):
            return True  # "slammed Democrats for ...", "hit back at critics", "lashed out"
        if c.dep_ == "advcl" and cue_class(c.lemma_.lower()) == "speech":
            return True  # "slammed the pharmaceutical industry, saying ..."
        if c.dep_ == "prep" and c.lower_ in ("in", "on", "during") and any(
                g.dep_ == "pobj" and (cue_class(g.lemma_.lower()) == "speech" or g.lemma_.lower() in _CHANNELS)
                for g in c.children):
            return True  # "in a letter", "during the debate", "on Twitter"
        if c.dep_ == "dobj" and (c.ent_type_ in ("PERSON", "ORG", "NORP") or c.lemma_.lower() in _CRITICISED
                                 or cue_class(c.lemma_.lower()) != "other"):
            return True  # "blasted the FBI", "attacked Bloomberg", "slammed the decision"
    return has_quote_mark(verb.doc[verb.i + 1: verb.right_edge.i + 1].text)


# --- adding: a sum -------------------------------------------------------------------------------


def an_amount(verb: Token) -> bool:
    """Whether the verb takes an amount itself ("the stock added 5%", "added $2 billion"), not a
    counted thing ("added two caveats")."""
    return any(c.dep_ in ("dobj", "npadvmod") and c.i > verb.i and (
        c.like_num or c.ent_type_ in ("PERCENT", "MONEY", "QUANTITY")) for c in verb.children)


# --- releasing: a statement, or a thing or a person -------------------------------------------------

# Things released that are not words: works and products, pictures (besides furniture.PICTURE_NOUNS),
# and what is set free.  Closed classes read on the dev pages' "released ..." (every one was speech:
# a film's trailer, an album, a firmware update, police photos and sketches, balloons at a vigil).
_RELEASED_THINGS = frozenset("""
trailer album song single film movie episode upgrade patch fix firmware software app game product device phone
console animation mugshot sketch composite balloon dove
""".split())


# Nouns of a number of things, whose "of" says what they are ("a series of images", "a set of photos").
_AMOUNT_NOUNS = frozenset("series set collection batch number pair couple handful dozen".split())


def released_not_words(verb: Token, frame: str, root: Token) -> bool:
    """Whether "release" has a thing or a person for its object, so that its quote leaves the speech
    view: "Microsoft released an emergency patch", "released a new trailer", "released the horrifying
    footage", "released a composite sketch of the suspect", "released him".  Words and facts stay
    speech: what police release is mostly what they tell ("the names of the victims", "a motive",
    "details", "a statement"), an open class, so the things are listed and not the facts.  A
    quoted title is a work ('released "Cry Me A River"'); quoted words with a verb are a statement.
    """
    if verb.lemma_.lower() != "release" or frame != "dobj":
        return False
    if root.lemma_.lower() in _AMOUNT_NOUNS:  # "a series of stunning images": what the series is of
        root = next((g for c in root.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), root)
    lemma = root.lemma_.lower()
    if root.pos_ == "PRON" and root.lower_ in ("him", "her", "them") or root.ent_type_ == "PERSON" \
            or names_a_person(lemma):
        return True  # a person set free or handed over ("released him", "released the grieving mother")
    kinds = {lemma} | {c.lemma_.lower() for c in root.children if c.dep_ == "compound"}  # "a firmware update"
    if kinds & _RELEASED_THINGS or lemma in PICTURE_NOUNS:
        return True
    if cue_class(lemma) != "other":
        return False  # "a statement", "its report", "the findings": words
    doc = verb.doc
    start, end = root.left_edge.i, root.right_edge.i + 1
    # a title between quotation marks (the marks hang on the verb, not on the title's words)
    titled = any(has_quote_mark(doc[k].text) for k in (start - 1, start) if 0 <= k < len(doc)) and any(
        has_quote_mark(doc[k].text) for k in (end - 1, end) if 0 <= k < len(doc))
    return titled and not any(t.pos_ in ("VERB", "AUX") for t in doc[start:end])
