"""What a name's own words say it names: a body or a company, or a person described as one.

Read by the entity clustering (:mod:`newsprism.analysis.entities`) to type and join what the small
model's recogniser labels: it reads "Facebook", "Qualcomm Inc" and "Stroger Hospital" as people, and
"Coach Brad Childress" as a body.  Apart from the clustering because these are tests of a name's
words and of what the text calls it, not of the document's mentions.
"""

from __future__ import annotations

from spacy.tokens import Span

from newsprism.analysis.speaker_words import (
    BODY_HEADS,
    COMPANY_FORMS,
    FEMALE_NOUNS,
    MALE_NOUNS,
    NAMED_AFTER_NOUNS,
    ORGANISATION_NOUNS,
    PERSON_TITLES,
    TITLES,
    a_company_name,
    common_places,
    first_name_gender,
    person_nouns,
)

# Nouns that end the name of a part of a body, not the body: "UN Security Council", "Memphis Police
# Department's Homicide Bureau", "Salem Police Department Youth Services Unit", "Microsoft Active
# Protections Program".  A closed class: a company's own name goes on in any word ("Wells Fargo",
# "Deutsche Bank", "Toyota Motor", "Johns Hopkins University" are "Wells", "Deutsche", ...).
PART_OF_A_BODY = frozenset("""
council committee subcommittee bureau unit division branch section office program programme bulletin
center centre alliance squad
""".split())
# What follows a company's name and leaves it the company ("Microsoft Corp.", "Goldman Sachs Group Inc.").
COMPANY_SUFFIXES = frozenset(w.strip(".") for w in COMPANY_FORMS) | frozenset("company group holdings ag sa nv".split())
# Words no person's name holds: a body's ("the Henry Ford Health System").
BODY_WORDS = BODY_HEADS | ORGANISATION_NOUNS | NAMED_AFTER_NOUNS | PART_OF_A_BODY | COMPANY_SUFFIXES | frozenset(
    "dept foundation system university college institute association health services".split())


def named_after(longer: str, shorter: frozenset[str]) -> bool:
    """Whether a person's name and a longer name of the other label are one person ("Chancellor Olaf
    Scholz" or "Riley Spitler" mislabelled ORG, and "Scholz", "Riley").

    Not when the longer name's other words are a body's or a thing's noun: "Garrett Swasey
    Memorial Fund", "Memphis Police Department", "Trump Tower" are named after someone, and must not
    take the person's mentions (nor give the person their name).
    """
    words = [w.lower().strip(".,").removesuffix("’s").removesuffix("'s") for w in longer.split()]
    if not words or words[-1] in shorter:
        return True  # it ends on the person's name: titles and a place before it ("Police Chief Fred Fletcher")
    return not (set(words) - shorter) & (ORGANISATION_NOUNS | NAMED_AFTER_NOUNS)


# Nouns that describe a company or a body, set before its name or in apposition ("drugmaker
# Pfizer", "the messaging app Telegram", "Equifax, the credit reporting agency").  A closed class
# besides ORGANISATION_NOUNS and the makers that are companies (_COMPANY_MAKERS).
_BODY_DESCRIPTORS = frozenset("""
company firm giant network platform app service startup retailer airline carrier brand outlet broadcaster
publisher manufacturer conglomerate operator provider insurer lender exchange website site magazine paper
channel studio label developer
""".split())
# The makers that are companies (a filmmaker, a lawmaker, a winemaker are people).
_COMPANY_MAKERS = frozenset("drugmaker automaker carmaker chipmaker planemaker toymaker phonemaker steelmaker".split())


def a_described_body(name: str, descriptors: set[str]) -> bool:
    """Whether a one-word name the recogniser calls a person is described as a company or a body and
    never as a person: the small model reads "Facebook", "Pfizer", "Telegram" as people (on the dev
    pages "Facebook" was a person nine times)."""
    if len(name.split()) != 1 or first_name_gender(name.lower()) is not None:
        return False  # one word, no first name: "Facebook", not "Tom Cook" nor "Kim"
    heads = {d[1:] for d in descriptors if d.startswith("@")}  # what the text says it is, not its modifiers
    if heads & (TITLES | PERSON_TITLES | MALE_NOUNS | FEMALE_NOUNS) or heads & person_nouns():
        return False
    return bool(heads) and all(body_descriptor(h) or h in ORGANISATION_NOUNS for h in heads)


def a_described_person(name: str, descriptors: set[str]) -> bool:
    """Whether a name the recogniser calls an organisation is a person's name the text describes as a
    person: "Coach Brad Childress", "H. Dale Hall, director of Fish and Wildlife" (typed bodies, their
    quotes left the speakers' people).  The name must open on a first name or an initial and end on
    no body's word, and the text must give it a person's title or noun, never a body's: "Morgan
    Stanley" and "Charles Schwab" stay companies when nothing calls them a person.
    """
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or not _opens_on_first_name(words):
        return False
    lowered = {w.lower().strip(".,") for w in words}
    # (a word a thing is named after may be a surname: "H. Dale Hall", "Tom Park")
    if lowered & ((BODY_WORDS - NAMED_AFTER_NOUNS) | TITLES | PERSON_TITLES) \
            or words[0].title() in common_places():
        return False  # a role or a body ("Philadelphia Police Chief": Philadelphia is a first name too)
    said = {d.lstrip("@") for d in descriptors}
    if any(body_descriptor(d) or d in ORGANISATION_NOUNS for d in said):
        return False
    return bool(said & (PERSON_TITLES | MALE_NOUNS | FEMALE_NOUNS) or said & person_nouns())


def body_descriptor(word: str) -> bool:
    return word in _BODY_DESCRIPTORS or word in _COMPANY_MAKERS


def _opens_on_first_name(words: list[str]) -> bool:
    """A first name or an initial opens the name: "Brad Childress", "H. Dale Hall" (a one-letter
    word without its stop is a word: "A")."""
    return first_name_gender(words[0].lower()) is not None or len(words[0]) == 2 and words[0].endswith(".")


def a_body_or_place_name(name: str) -> bool:
    """A name the recogniser calls a person that ends on a body's word ("Shelby Police", "Gary Police
    Dept"), or on a thing's or a body's that may be named after a person, after no first name
    ("Stroger Hospital", "Penrose Hospital"; "Tom Hall" and "Margaret Court" are people).  Typed a
    person, "he" and "she" went to the hospital and its quotes to a person's page."""
    words = [w.lower().strip(".,") for w in name.split()]
    if len(words) < 2:
        return False
    if words[-1] in BODY_HEADS or words[-1] == "dept" or a_company_name(name):
        return True  # ... or on a company's legal form ("Qualcomm Inc", which the small model reads as a person)
    # a first name opens a person's name, unless it is a place's too ("Jackson Hospital")
    first_name = first_name_gender(words[0]) is not None and words[0].title() not in common_places()
    return words[-1] in NAMED_AFTER_NOUNS | ORGANISATION_NOUNS and not first_name


def short_name_of_a_company(span: Span, toks: frozenset[str]) -> bool:
    """Whether a mention read as a person's name is a company's legal name said short ("Qualcomm" of
    "Qualcomm Inc.", which the small model reads as a person), not its founder: a person named in full
    ("Ralph Lauren" beside "Ralph Lauren Corp.") or described as one ("Dell, who founded the company")
    is a person.  A surname alone with a person of that name in the article goes to the person
    (:func:`newsprism.analysis.entities._clusters` tries people first)."""
    if len(toks) != 1:
        return False
    after = [t.lower_ for t in span.doc[span.end:span.end + 2]]
    return not (after[:1] == ["who"] or after == [",", "who"])
