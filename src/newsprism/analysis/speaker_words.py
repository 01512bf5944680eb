"""Classes of English words the speaker rules read: which head nouns name a body, which a thing
named after a person (closed classes, written here), which a person and which one-word names are
commonly places (learned, data/person_nouns.json and data/places.json), and which first names are
one gender (data/first_names.json, from nomquamgender's counts).

Apart from the rules that read them (:mod:`newsprism.analysis.entities`,
:mod:`newsprism.analysis.speakers`): plain data, no spaCy.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from importlib import resources

# Titles and honorifics stripped from the front of a name to get its canonical
# form ("President Xi" -> "Xi").  Lower-case, dots removed.
TITLES: frozenset[str] = frozenset("""
mr mrs ms miss dr prof sir dame lord lady president vice chancellor premier prime minister
secretary sen senator rep representative gov governor mayor judge justice gen general
col colonel lt capt captain adm admiral sgt gov. king queen prince princess pope rev
reverend father sheikh emir chairman chairwoman ceo director ambassador spokesman
spokeswoman spokesperson minister foreign defense defence state deputy former dictator
leader attorney speaker maj det cpl ofc insp supt cmdr
""".split())

# Head nouns of a source phrase that name a body rather than a person: "the Clinton campaign",
# "the ministry", "police".  A closed class of English words, like the titles of analysis/entities.py.
ORGANISATION_NOUNS: frozenset[str] = frozenset("""
administration agency army association authority bank board bureau cabinet camp campaign
center centre channel command commission committee company corporation council court
department embassy firm force foundation government group headquarters institute kremlin
league legislature military ministry network newspaper office organisation organization
parliament party police regime senate service station studio team tribunal union university
""".split())

# Head words that end a body's name and no person's: a subset of ORGANISATION_NOUNS without the ones
# that are also surnames ("Court", "Bank", "Camp", "Union", "Service").
BODY_HEADS: frozenset[str] = frozenset("""
police department office agency bureau ministry council committee commission government
administration authority patrol
""".split())

# The legal forms that end a company's name ("Qualcomm Inc.", "Broadcom Ltd.", "Volkswagen GmbH"), with
# and without their dots: a closed class.
COMPANY_FORMS: frozenset[str] = frozenset("""
inc inc. corp corp. corporation ltd ltd. limited llc l.l.c. llp plc co. gmbh s.a. n.v.
""".split())

# The generation after a person's name ("Jr.", "III"), with and without its dot.  A closed class.
NAME_SUFFIXES: frozenset[str] = frozenset("jr jr. sr sr. ii iii iv".split())

# Nouns of things named after a person ("the Garrett Swasey Memorial Fund", "Trump Tower"), beside
# the bodies of ORGANISATION_NOUNS: a closed class of English words too.
NAMED_AFTER_NOUNS: frozenset[str] = frozenset("""
award bridge building fund hall highway hospital hotline library memorial museum park prize
scholarship school stadium tower trust
""".split())

# Nouns of one person that carry a gender: a closed class of English words too.
FEMALE_NOUNS: frozenset[str] = frozenset("""
mother sister daughter wife woman girl grandmother aunt niece granddaughter girlfriend widow mom
spokeswoman chairwoman congresswoman businesswoman actress waitress
""".split())
MALE_NOUNS: frozenset[str] = frozenset("""
father brother son husband man boy grandfather uncle nephew grandson boyfriend widower dad
spokesman chairman congressman businessman actor waiter
""".split())

# Titles that are a person's role on their own ("a deputy said", "the captain said"); the name titles
# of entities.py also hold words that are not ("state", "foreign", "former").
PERSON_TITLES: frozenset[str] = frozenset("""
president premier chancellor minister secretary senator representative governor mayor judge justice
general colonel captain admiral sergeant king queen prince princess pope reverend sheikh emir chairman
chairwoman ceo director ambassador spokesman spokeswoman spokesperson chairperson deputy dictator leader
attorney speaker sheriff chief officer detective commissioner lieutenant
trooper coroner superintendent clerk councilman councilwoman councilmember alderman investigator
pastor bishop rabbi imam deacon principal professor constable marshal inspector founder
""".split())

# Nouns of several people or of an amount, which "he" or "she" never continues ("The couple said ...
# He added" is one of them): the learned person nouns hold some ("a lot of people who").
COLLECTIVE_NOUNS: frozenset[str] = frozenset("""
couple pair trio duo family crowd group handful lot dozen hundred thousand million one kind folk
""".split())


@functools.cache
def person_nouns() -> frozenset[str]:
    """Common nouns that name a person ("spokesman", "mother", "neighbor"), learned from news by
    ``bench/train_person_nouns.py`` (``data/person_nouns.json``): nouns the texts set in apposition
    to, or right before, a person's name.  Empty when the file is missing."""
    try:
        raw = resources.files("newsprism").joinpath("data/person_nouns.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    return frozenset(json.loads(raw)["nouns"])


@functools.cache
def common_places() -> frozenset[str]:
    """One-word names the news commonly uses for a place and seldom for a person ("Washington",
    "Houston"), learned by ``bench/train_person_nouns.py`` (``data/places.json``): a surname read as
    one of them is left a place.  Empty when the file is missing."""
    try:
        raw = resources.files("newsprism").joinpath("data/places.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    return frozenset(json.loads(raw)["places"])


@functools.cache
def _first_names() -> dict[str, str]:
    try:
        raw = resources.files("newsprism").joinpath("data/first_names.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    doc = json.loads(raw)
    return {**dict.fromkeys(doc["male"], "m"), **dict.fromkeys(doc["female"], "f")}


def first_name_gender(name: str) -> str | None:
    """"m" or "f" for a first name that is strongly one gender in many countries' name counts
    ("Loretta", "Ivan", "Sheneice"), None for one used for both ("Kim", "Jordan", "Jean"), a surname
    written first ("Xi", "Moon") or a name not counted (``bench/build_first_names.py``)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return _first_names().get(folded)


# Small words an acronym may or may not spell ("BOE" of "Board of Elections", "FDA" of "Food and Drug
# Administration").
ACRONYM_GAPS = frozenset("of for and the on in".split())


def acronym_spellings(name: str) -> set[str]:
    """The acronyms a body's name may go by: its words' initials with or without the small words
    ("Board of Elections": BOE, BE), and without a last "and ..." the body was renamed with ("Centers
    for Disease Control and Prevention": CDC).  Read where an article spells both
    (:mod:`newsprism.analysis.entities`) and across a story's articles (:mod:`newsprism.compare.speakers`)."""
    words = name.split()
    if len(words) < 2 or not all(w[:1].isalpha() for w in words) \
            or not all(w[:1].isupper() for w in words if w.lower() not in ACRONYM_GAPS):
        return set()
    every = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.lower() not in ACRONYM_GAPS).upper()
    kept = content[:-1] if len(words) > 3 and words[-2].lower() == "and" else content
    return {x for x in (every, content, kept) if len(x) >= 2}


def acronym_letters(name: str) -> str | None:
    """The letters of a name written as an acronym ("CDC", "U.S."), two to six capitals; else None."""
    short = name.replace(".", "")
    return short if short.isupper() and short.isalpha() and 2 <= len(short) <= 6 else None


def a_company_name(name: str) -> bool:
    """Whether a name ends on a company's legal form ("Broadcom Ltd.", "Qualcomm Inc.", "Bosch GmbH"):
    no person's name does."""
    words = name.split()
    return len(words) >= 2 and words[-1].lower().rstrip(",") in COMPANY_FORMS


def names_a_person(lemma: str) -> bool:
    """A common noun for one person: learned (:func:`person_nouns`), a person's title, or a gendered noun."""
    return lemma in person_nouns() or lemma in PERSON_TITLES or lemma in MALE_NOUNS or lemma in FEMALE_NOUNS


def plural_noun(low: str) -> bool:
    """A lower-case word shaped like an English plural ("officers", "jurors"; not "crisis", "bus", "press")."""
    return low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3


def people_noun_written(word: str, people: frozenset[str] | set[str]) -> bool:
    """Whether a capitalised one-word "name" is a noun the article itself writes in lower case for
    people (``people``, :func:`newsprism.analysis.entities._people_nouns_written`), in either number.

    "Officers", "Jurors", "Prosecutor" beside "two officers", "jurors said", "the prosecutor": no
    one's name.  A word in capitals ("CARE") is left alone.
    """
    if not word[:1].isupper() or word.isupper():
        return False
    low = word.lower()
    return bool({low, low[:-1] if plural_noun(low) else low + "s"} & people)
