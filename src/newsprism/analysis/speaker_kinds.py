"""What kind of speaker a mention is: a named person, an organisation, a group or an anonymous description.

Typed from the entity a mention resolves to, else from the mention's head noun (model.Speaker.kind).
Kept apart from :mod:`newsprism.analysis.speakers`, which decides *who* a mention is; this module
decides only *what kind* of speaker that is, so the two rules grow apart (speakers.py had passed
800 lines when nouns for people joined the kinds).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsprism.analysis.entities import INDEX_KEY, TITLES, EntityIndex, EntityInfo
from newsprism.analysis.speaker_words import BODY_HEADS, ORGANISATION_NOUNS, people_noun_written, plural_noun
from newsprism.model import SpeakerKind

GROUP_PRONOUNS = frozenset({"they", "them", "we", "their"})  # "it"/"its": speakers._body_antecedent


# Kinds by entity label: a country or city that "said" something is its government speaking.
_LABEL_KINDS: dict[str, SpeakerKind] = {"PERSON": "person", "ORG": "organisation", "GPE": "organisation",
                                        "NORP": "group"}


def person_shaped(name: str, span: Span) -> bool:
    """Whether a name the recogniser calls a person is written like one.

    Not a person: a name with a lower-case function word ("Isle of Man"), a body's head word
    ("Shelby Police"), an acronym ("TfL"), or one the text writes with "the" in front ("the Bears",
    "The Taliban"), which people's names never take.
    """
    words = name.split()
    if any(w in ("of", "for", "and", "the") for w in words):
        return False
    if words and words[-1].lower().rstrip(".,") in BODY_HEADS:
        return False  # "Police" opening a sentence, "Shelby Police", "Memphis Police Department"
    if len(words) == 1 and sum(c.isupper() for c in name) >= 2:
        return False
    first = span[0]
    return not (first.lower_ == "the" and first.dep_ == "det" and span.root.pos_ == "PROPN"
                and not any(t.lower_.rstrip(".") in TITLES for t in span))


def of_a_persons_name(word: Token, idx: EntityIndex | None) -> bool:
    """A word of a person's own name in this text, whatever its tag: a surname the tagger reads as a
    plural ("Suthers" of Mayor John Suthers, "Bowers" of Robert Bowers)."""
    low = word.lower_
    return idx is not None and any(low in info.tokens for info in idx.infos if info.entity.label == "PERSON")


def speaker_kind(span: Span, info: EntityInfo | None, how: str) -> SpeakerKind:
    """Person, organisation, group or anonymous description, from the entity label and the head noun.

    A resolved entity gives its label (a pronoun or a description resolved to Xi Jinping is a
    person).  Otherwise the head noun decides: a proper name the recogniser missed is a person
    (one written in capitals, "NASA", an organisation); a plural ("officials", "witnesses") is a
    group; a body's noun ("the Clinton campaign", "the ministry") an organisation; any other
    description ("a source in the Clinton camp", "the spokesman", an unresolved "he") is anonymous.
    """
    if info is not None:
        return _LABEL_KINDS.get(info.entity.label, "organisation")
    root = span.root
    idx = span.doc.user_data.get(INDEX_KEY)
    # a noun capitalised at the head of a line, which the article writes in lower case elsewhere
    # ("Jurors deliberated", "Driver ... the driver"), is no one's name: typed as the noun it is
    a_noun = len(span) == 1 and idx is not None and people_noun_written(root.text, idx.people_nouns)
    if root.ent_type_ in _LABEL_KINDS and how == "name" and not a_noun:
        return _LABEL_KINDS[root.ent_type_]
    if root.tag_ == "NNPS" and not root.ent_type_ and not any(t.lower_.rstrip(".") in TITLES for t in span) \
            and not of_a_persons_name(root, idx):
        # a plural the tagger capitalised into a name after a dateline ("KENT -- Prosecutors have")
        return "organisation" if root.lower_ in ORGANISATION_NOUNS else "group"
    if root.pos_ == "PROPN" and how == "name" and not a_noun:
        return "organisation" if root.text.isupper() and len(root.text) > 1 else "person"
    low = root.lemma_.lower()
    plural = root.tag_ in ("NNS", "NNPS") or a_noun and plural_noun(root.lower_)
    if root.lower_ in GROUP_PRONOUNS or plural and low not in ORGANISATION_NOUNS:
        return "group"
    if low in ORGANISATION_NOUNS or root.lower_ in ("it", "its"):
        # "one source in the Clinton camp": the head is "source", so this is a description
        return "organisation"
    return "description"
