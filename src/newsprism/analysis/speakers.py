"""Speaker resolution inside one article: the name and how a source mention was resolved (its kind:
:mod:`newsprism.analysis.speaker_kinds`).

Why hand-written rules and not a coreference model: spaCy's small English
pipeline has no coreference component, and the cases that matter for "who
said what" in news are narrow and well-behaved -- surnames ("Xi" after
"Xi Jinping"), pronoun subjects ("he said"), and role descriptions ("the
Chinese leader") that newswriting introduces with the full name first
("Chinese President Xi Jinping").  The entity clusters and their index come from
:mod:`newsprism.analysis.entities` (computed once per document), so resolving
many speakers stays linear in the text.

A description resolves to a person through the descriptors entities.py gathers from the text (the
premodifiers of a name, "Chinese President"; its appositions, "Dmitry Peskov, the Kremlin
spokesman"), with the small list of role nouns in :data:`newsprism.analysis.cues.LEADER_ROLES` that
count as "leader"; which nouns name a person at all is learned (:mod:`newsprism.analysis.speaker_words`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span, Token

from newsprism.analysis.cues import BELIEF, FINDING, LEADER_ROLES, SPEECH
from newsprism.analysis.entities import (
    LABELS,
    PERSON_PRONOUNS,
    TITLES,
    EntityIndex,
    EntityInfo,
    clean_name,
    entity_index,
    extract_entities,
)
from newsprism.analysis.furniture import PICTURE_NOUNS, without_furniture
from newsprism.analysis.quote_marks import _Regions, quote_mark_regions
from newsprism.analysis.speaker_kinds import GROUP_PRONOUNS, of_a_persons_name, person_shaped, speaker_kind
from newsprism.analysis.speaker_words import (
    COLLECTIVE_NOUNS,
    FEMALE_NOUNS,
    MALE_NOUNS,
    ORGANISATION_NOUNS,
    PERSON_TITLES,
    a_company_name,
    first_name_gender,
    names_a_person,
    person_nouns,
)
from newsprism.model import Entity, Speaker
from newsprism.nlp import doc_text

__all__ = ["extract_entities", "resolve_source", "resolve_speaker", "speaker_kind"]

FIRST_PERSON = frozenset({"i", "me", "we", "us", "my", "our"})


def _as_span(doc: Doc, mention: Span | tuple[int, int]) -> Span | None:
    if isinstance(mention, Span):
        return mention
    s, e = mention
    return doc.char_span(s, e, alignment_mode="expand")


def _speaker(info: EntityInfo | None, span: Span, how: str) -> Speaker:
    kind = speaker_kind(span, info, how) if len(span) else "description"
    if kind == "person" and how == "name" and not person_shaped(info.entity.name if info else clean_name(span), span):
        kind = "organisation"  # the recogniser's PERSON for "the Bears", "TfL", "Isle of Man"
    if info is None:
        return Speaker(name=clean_name(span) if len(span) else span.text, spans=[(span.start_char, span.end_char)],
                       mention=span.text, entity_id=None, resolved_by=how, kind=kind)  # type: ignore[arg-type]
    return Speaker(name=info.entity.name, spans=[(span.start_char, span.end_char)], mention=span.text,
                   entity_id=info.entity.id, resolved_by=how, kind=kind)  # type: ignore[arg-type]


def _recent(idx: EntityIndex, before: int, labels: tuple[str, ...], gender: str | None = None,
            window: int = 1500) -> EntityInfo | None:
    """The entity of the latest compatible mention before ``before``, subjects preferred.

    A subject mention within the previous ~2 sentences beats a later
    non-subject one ("Putin met Xi. He said ..." -> Putin).
    """
    best: tuple[float, EntityInfo] | None = None
    k = bisect.bisect_left(idx.starts, before) - 1
    while k >= 0 and before - idx.timeline[k][0] <= window:
        s, subj, info = idx.timeline[k]
        k -= 1
        if info.entity.label not in labels or gender and info.gender and info.gender != gender:
            continue
        score = s + (400 if subj else 0)
        if best is None or score > best[0]:
            best = (score, info)
    return best[1] if best else None


def _demonym_match(word: str, descriptors: set[str], name_tokens: frozenset[str]) -> bool:
    """'chinese' ~ 'china'/'chinese'; matched on a 4-letter stem (no list of countries)."""
    if word in descriptors:
        return True
    stem = word[:4]
    return len(stem) == 4 and any(d.startswith(stem) for d in descriptors | set(name_tokens))


def _is_leaderish(word: str) -> bool:
    return word in LEADER_ROLES


def _quotations(doc: Doc) -> _Regions:
    """The document's quotation-mark regions (kept on the Doc by extract_quotes, else found here)."""
    cached = doc.user_data.get("newsprism.quotations")
    if cached is None:
        cached = doc.user_data["newsprism.quotations"] = _Regions(quote_mark_regions(doc_text(doc)))
    return cached


def _subjects_before(doc: Doc, pron: Token, max_sents: int) -> Iterator[list[Token]]:
    """The subjects a pronoun may continue, sentence by sentence: its own sentence's before it, then
    each of the ``max_sents`` previous sentences', nearest first; in each the main clause's subject
    first, then the others right to left (news prose keeps its topic in subject position)."""
    sents: list[tuple[Span, int]] = [(pron.sent, pron.i)]
    cur = pron.sent
    for _ in range(max_sents):
        if cur.start == 0:
            break
        cur = doc[cur.start - 1].sent
        sents.append((cur, cur.end))
    quoted = _quotations(doc)
    outside = quoted.at(pron.idx) is None
    for sp, limit in sents:
        # a subject inside a quotation is the quoted speaker's words ('"... when a property owner says
        # enough is enough," he said'), not someone the narration goes on about
        subjects = [t for t in sp if t.i < limit and t.dep_ in ("nsubj", "nsubjpass") and t.i != pron.i
                    and not (outside and quoted.at(t.idx) is not None)]
        subjects.sort(key=lambda t: (t.head.dep_ != "ROOT", -t.i))
        yield subjects


def _subject_antecedent(doc: Doc, pron: Token, idx: EntityIndex, entities: list[Entity], gender: str,
                        max_sents: int = 3) -> EntityInfo | Span | None:
    """The person a subject pronoun continues: the subject of this or a previous sentence.

    News prose keeps its topic in subject position ("Xi also expressed support
    for Putin. 'I believe ...,' he continued." -> Xi, not the nearer Putin).
    Earlier subjects in the same sentence come first, then the previous
    sentences' subjects, nearest first; a same-gender pronoun subject on the
    way is the same referent, so the walk continues past it.  Returns an entity,
    or a Span where the person is not one: a name the recogniser missed ("Ajmal
    Jan") or a description of one person that spoke ("A police spokesman").
    """
    for dist, subjects in enumerate(_subjects_before(doc, pron, max_sents)):
        for t in subjects:
            low = t.lower_
            if low in PERSON_PRONOUNS:
                if PERSON_PRONOUNS[low] != gender:
                    return None  # the other gender holds the subject: leave it to recency
                continue
            info = idx.by_char.get(t.idx)
            if info is not None:
                if info.entity.label == "PERSON" and (not info.gender or info.gender == gender):
                    return info
                continue
            if (name := _unrecognised_name(t)) is not None and _gender_allows(t, gender) \
                    and first_name_gender(name[0].text) in (None, gender):
                return name
            if t.pos_ == "NOUN":
                np = doc[t.left_edge.i: t.i + 1]
                res = resolve_speaker(doc, np, entities)
                if res.entity_id is not None and res.resolved_by == "nominal" and res.kind == "person":
                    return next((i for i in idx.infos if i.entity.id == res.entity_id), None)
                # one person described, who spoke, or who is the topic of this or the sentence before
                # ("A woman didn't want her face on camera. She says ...", "One man was in the parking
                # lot. He ran inside"): not the last name the text gave before her.  Not in a sentence
                # someone else says ("After the shooting, Brady said, the man inside surrendered"):
                # that goes on with its speaker.
                topic = dist <= 1 and t.head.dep_ == "ROOT" and _described_person(t) and not any(
                    o is not t and o.head.lemma_.lower() in SPEECH for o in subjects)
                if (topic or _one_speaking_person(t)) and _gender_allows(t, gender):
                    # "A Downing Street spokesman said ... He stressed": the spokesman, unnamed, not
                    # the last name before him; named when a name stands in apposition ("his sister,
                    # Keke Anderson, said ... She added")
                    named = _apposed_person(t)
                    if named is not None and (info := idx.by_char.get(named.idx)) is not None:
                        return info
                    return np
    return None


def _gender_allows(head: Token, gender: str) -> bool:
    """Whether a subject may be what a "he" or "she" continues: not a noun of the other gender
    ("his sister"), nor a name its own clause calls by the other gender's pronoun ("Palestinian teen
    Ahed Tamimi speaks to her lawyer" is no "he")."""
    low = head.lemma_.lower()
    if low in (MALE_NOUNS if gender == "f" else FEMALE_NOUNS):
        return False
    other = {p for p, g in PERSON_PRONOUNS.items() if g != gender}
    return not any(w.lower_ in other and _in_own_clause(w, head.head) for w in head.sent if w.i > head.i)


def _in_own_clause(word: Token, verb: Token) -> bool:
    """Whether ``word`` belongs to ``verb``'s own clause, not to a clause under it: in "the spokesman
    said the woman had left her car", "her" is in what was said and tells nothing of the spokesman."""
    t = word
    while t.i != t.head.i and t != verb:
        if t.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis"):
            return False
        t = t.head
    return t == verb


def _described_person(head: Token) -> bool:
    """A description of one person ("a woman", "the homeowner", "his sister"), not a name, a body nor
    a plural."""
    return (not head.ent_type_ and _names_one_person(head) and head.lemma_.lower() not in ORGANISATION_NOUNS
            and any(c.dep_ in ("det", "poss", "nummod") for c in head.children))


def _one_speaking_person(head: Token) -> bool:
    """A description of one person that speaks in this text: the singular subject of a cue verb
    ("A Downing Street spokesman said") whose noun names a person (learned, :func:`person_nouns`, a
    gendered noun or a leader's role): not "the report said", "the account said", a body, a plural."""
    return head.head.lemma_.lower() in SPEECH and _described_person(head)


def _unrecognised_name(head: Token) -> Span | None:
    """A person's name the recogniser missed, as a subject: "Ajmal Jan, a local shopkeeper, said"
    ("Ajmal Jan" has no entity), so that the "he" that goes on is not the last name it did see.

    Two or more capitalised proper nouns in a row, written in mixed case, none a body's noun nor a
    title, and no other entity's words: a name shaped like a person's; and the subject of a verb of
    speech, as a person is ("Wall Street rallied" is no one "he" goes on with), or opening on a first
    name (:func:`first_name_gender`).
    """
    if head.pos_ != "PROPN" or head.ent_type_ not in ("", "PERSON"):
        return None
    words = [head]
    while words[0].i > 0 and (prev := head.doc[words[0].i - 1]).dep_ == "compound" and prev.head == head:
        words.insert(0, prev)
    # the subject of a verb of speech, or of any verb when it opens on a first name ("Gladys Waters
    # lives near the home. She said ..."): a name shaped like a person's is not enough alone
    if head.head.lemma_.lower() not in SPEECH and first_name_gender(words[0].text) is None:
        return None
    if len(words) < 2 or any(not (w.pos_ == "PROPN" and w.text[:1].isupper() and not w.is_upper and not w.ent_type_
                                  or w.ent_type_ == "PERSON") for w in words):
        return None
    if any(w.lower_.rstrip(".") in TITLES or w.lower_ in ORGANISATION_NOUNS for w in words):
        return None
    return head.doc[words[0].i: head.i + 1]


# "They said": a plural referent, which news prose keeps in subject position ("Police said ...
# They also said ..."), unlike "it" (a country, a company: "China said it would").
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
# Lemmas of the verbs and nouns that introduce what someone said, believes or found.
_CUE_LEMMAS = SPEECH | BELIEF | FINDING


def _group_antecedent(doc: Doc, pron: Token, idx: EntityIndex, max_sents: int = 3) -> Span | EntityInfo | None:
    """What "they" continues: the nearest plural or collective subject of this or a previous sentence.

    "Investigators said the man fled. They said he was armed" -> the investigators.  The nearest
    place or body named anywhere, which this used to take, is most often a dateline's city or a
    modifier ("San Antonio police", "Baltimore County") in local news: 736 "they" quotes on gva's
    pages, the commonest names cities.  Subjects are read as :func:`_subject_antecedent` reads them
    (the main clause first, nearest sentence first); a singular person on the way is passed over,
    another "they" is the same referent.  Returns the subject's noun phrase, an organisation's or a
    people's entity, or None (then an organisation or a people named nearby, never a place).
    """
    def skip(t: Token) -> bool:
        return t.lower_ in PLURAL_PRONOUNS or t.lower_ in PERSON_PRONOUNS or t.lower_ in FIRST_PERSON \
            or t.lemma_.lower() in PICTURE_NOUNS  # "Photos show ...": a finding; photos say nothing

    def entity(t: Token, info: EntityInfo) -> bool:
        # a body, a people, a family ("the Tarpleys"); never one person or a place
        return info.entity.label in ("ORG", "NORP") or t.tag_ == "NNPS" and info.entity.label == "PERSON"

    def noun(t: Token) -> bool:
        # a body, or a plural the text has speak, think or find ("Investigators said"), not any
        # plural subject ("Shots were fired ... They said": shots say nothing)
        low = t.lemma_.lower()
        return t.pos_ in ("NOUN", "PROPN") and (low in ORGANISATION_NOUNS or t.tag_ in ("NNS", "NNPS") and (
            t.head.lemma_.lower() in _CUE_LEMMAS or low in _speaking_subjects(doc)))

    return _walked_antecedent(doc, pron, idx, max_sents, skip, entity, noun)


def _walked_antecedent(doc: Doc, pron: Token, idx: EntityIndex, max_sents: int, skip: Callable[[Token], bool],
                       entity: Callable[[Token, EntityInfo], bool], noun: Callable[[Token], bool],
                       ) -> Span | EntityInfo | None:
    """The first subject on :func:`_subjects_before`'s walk that the pronoun can go on with: an
    entity ``entity`` accepts (other entities are passed over), else a noun phrase whose head
    ``noun`` accepts; subjects ``skip`` names are passed over."""
    for subjects in _subjects_before(doc, pron, max_sents):
        for t in subjects:
            if skip(t):
                continue
            info = idx.by_char.get(t.idx)
            if info is not None:
                if entity(t, info):
                    return info
                continue
            if noun(t):
                return doc[t.left_edge.i: t.i + 1]
    return None


def _body_antecedent(doc: Doc, pron: Token, idx: EntityIndex, max_sents: int = 3) -> Span | EntityInfo | None:
    """What "it" continues: the nearest body that is the subject of this or a previous sentence.

    "The court ordered Morsi to pay ... It also ordered 23 of the defendants" -> the court.  The
    nearest organisation, place or people named anywhere, which "it" used to take, read wrong more
    often than right on the dev pages (a city of a dateline, a film director, "Communist" of
    "Communist leaders").  Subjects are walked as for "they" (:func:`_group_antecedent`); another
    "it" is the same referent.  Returns an organisation's entity, a body's noun phrase ("the
    court", "the company"), or None (the pronoun stays unresolved).
    """
    def noun(t: Token) -> bool:
        # a body's noun ("the court"), a thing the text has speak ("the airline said"), or a name the
        # recogniser left unlabelled ("Equifax")
        low = t.lemma_.lower()
        return t.pos_ == "NOUN" and t.tag_ == "NN" and (low in ORGANISATION_NOUNS or low in _speaking_subjects(doc)
                                                       and low not in person_nouns() and low not in PERSON_TITLES) or (
            t.pos_ == "PROPN" and t.tag_ == "NNP" and not t.ent_type_)

    return _walked_antecedent(
        doc, pron, idx, max_sents, skip=lambda t: t.lower_ in ("it", "its") or _expletive(t),
        entity=lambda _t, info: info.entity.label in ("ORG", "GPE"),  # a body, a country; not a person
        noun=noun)


# Verbs whose "it" subject holds no referent before a that-clause ("it emerged that", "it appears
# that").  Closed class of English extraposition.
_EXTRAPOSING_VERBS = frozenset({"emerge", "appear", "seem", "transpire", "turn", "happen", "follow"})
# Adjectives that say something of "it" itself before a clause ("It is confident that production
# will recover", "It remains determined to argue"); any other adjective before a clause makes "it"
# a dummy ("it is unclear whether", "it is fair to say", "it is understandable that").  "Likely",
# "unlikely" and "certain" are a dummy's before a that-clause only ("It is likely that ..." / "It is
# likely to pass").
_SUBJECT_ADJECTIVES = frozenset("""
confident sure aware convinced hopeful proud happy glad determined ready able unable willing eager keen
quick prepared committed reluctant sorry afraid optimistic pessimistic concerned worried pleased satisfied
disappointed set due free
""".split())
_RAISING_ADJECTIVES = frozenset({"likely", "unlikely", "certain"})


def _expletive(tok: Token) -> bool:
    """Whether "it" is a dummy subject: the parser's expletive; the subject of an extraposing verb
    or of a passive with a clause after it ("It emerged that the law firm has eight offices", "It
    was later determined that only one projectile was launched"); or of "be"/"remain"/"become" with
    an adjective and a clause after it ("it remains unclear whether ...", "It is fair to say that
    ..."), unless the adjective says something of "it" itself (:data:`_SUBJECT_ADJECTIVES`)."""
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    after = [c for c in head.children if c.i > tok.i]
    if head.lemma_.lower() in ("feel", "look", "seem", "sound", "appear") and any(
            c.dep_ == "advcl" and c.left_edge.lower_ == "as" and c.left_edge.i + 1 < len(c.doc)
            and c.doc[c.left_edge.i + 1].lower_ in ("if", "though") for c in after):
        return True  # "it felt as if they'd been flying for an hour", "it looks as though"
    if head.lemma_.lower() in _EXTRAPOSING_VERBS or tok.dep_ == "nsubjpass":
        return any(c.dep_ in ("ccomp", "csubj") for c in after)
    if head.lemma_.lower() not in ("be", "remain", "become"):
        return False
    for adj in (c for c in after if c.dep_ in ("acomp", "attr") and c.pos_ == "ADJ"):
        low = adj.lemma_.lower()
        clauses = [g for g in [*adj.children, *after] if g.i > adj.i and g.dep_ in ("ccomp", "csubj", "xcomp")]
        if low in _SUBJECT_ADJECTIVES or not clauses:
            continue
        if low not in _RAISING_ADJECTIVES or any(g.dep_ in ("ccomp", "csubj") for g in clauses):
            return True
    return False


def _speaking_subjects(doc: Doc) -> frozenset[str]:
    """Lemmas of the subjects of cue verbs anywhere in the text ("officers said"), once per document."""
    cached = doc.user_data.get("newsprism.speaking_subjects")
    if cached is None:
        cached = frozenset(t.lemma_.lower() for t in doc
                           if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in _CUE_LEMMAS)
        doc.user_data["newsprism.speaking_subjects"] = cached
    return cached


def _names_a_body_or_group(head: Token, idx: EntityIndex) -> bool:
    """Whether a description's head noun names an organisation or several people, not one person.

    A word of a person's own name is no plural whatever its tag: "Suthers" (Mayor John Suthers),
    which the tagger reads as a plural noun.
    """
    if of_a_persons_name(head, idx):
        return False
    return head.lemma_.lower() in ORGANISATION_NOUNS or head.lower_ in ORGANISATION_NOUNS or head.tag_ in ("NNS", "NNPS")


def _relative_antecedent(tok: Token) -> Span | None:
    """The noun phrase a relative pronoun stands for, up to its head ("Gov. Ron DeSantis" of
    "Gov. Ron DeSantis, who said"), or None when ``tok`` is no relative clause's subject."""
    verb = tok.head
    if tok.tag_ not in ("WP", "WDT") or tok.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "relcl":
        return None
    noun = verb.head
    # "Gov. Ron DeSantis, a Republican who said": the clause describes the appositive's head, DeSantis
    while noun.dep_ == "appos" and noun.head is not noun:
        noun = noun.head
    if noun.pos_ not in ("PROPN", "NOUN", "PRON") or noun.tag_ in ("WP", "WDT"):
        return None
    # the antecedent precedes its pronoun and never holds it (a non-projective parse could make it
    # do so, and resolving it would come back here)
    if not noun.i < tok.i or noun.left_edge.i <= tok.i <= noun.i:
        return None
    return noun.doc[noun.left_edge.i : noun.i + 1]


def _as_mentioned(resolved: Speaker, pronoun: Span, how: str) -> Speaker:
    """The speaker an antecedent resolves to, as the pronoun mentions it (its span and words, where
    PolNeAR marks the source)."""
    return resolved.model_copy(update={"spans": [(pronoun.start_char, pronoun.end_char)],
                                       "mention": pronoun.text, "resolved_by": how})


def resolve_speaker(doc: Doc, mention_span: Span | tuple[int, int], entities: list[Entity]) -> Speaker:
    """Resolve a source mention to a canonical name.

    Order: a named entity inside the mention (``name``); a proper name that
    shares a token with a cluster (``name``); a personal pronoun -> the most
    recent compatible person, subjects preferred (``pronoun``); a description
    ("the Chinese leader", "the spokesman") -> the latest person whose
    descriptors match every content word, with leader-like role nouns
    interchangeable (``nominal``); otherwise the mention itself (``none``).
    """
    span = None
    if isinstance(mention_span, Span) or mention_span[0] < mention_span[1]:
        span = _as_span(doc, mention_span)
    if span is None or not len(span):
        s, e = mention_span if isinstance(mention_span, tuple) else (0, 0)
        return Speaker(name=doc.text[s:e], spans=[(s, e)], mention=doc.text[s:e], resolved_by="none", kind="description")
    span = without_furniture(span)
    idx = entity_index(doc, entities)
    found = _by_name(span, idx)
    if found is None:
        found = _by_pronoun(doc, span, idx, entities)
    if found is None:
        found = _by_description(span, idx)
    if found is None:
        found = _by_body_description(span, idx)
    return found if found is not None else _speaker(None, span, "none")


# Heads of a definite description that names one body the article has named by a name holding the
# noun ("the department" of the Justice Department, "the court" of the Supreme Court).
_NAMED_BODY_HEADS = frozenset("""
agency association bank board bureau commission committee company corporation council court department
embassy foundation institute ministry network newspaper organisation organization station studio
tribunal union university
""".split())


# How far back (characters) the body a description names was last named: "the department" a page
# further on may be another department the recogniser did not read as a name (a county court
# beside the federal one named before, police beside the human services department).
_BODY_WINDOW = 1000


def _by_body_description(span: Span, idx: EntityIndex) -> Speaker | None:
    """Step 5 of :func:`resolve_speaker`: "the department", "the court", "the council" is the one
    body named before in the article whose name holds that noun.

    Left as the noun, "the court said" in one outlet and "the Supreme Court said" in another were
    two speakers, and the speakers pages listed "court".  Only a name that holds the noun, only when
    the article names one such body, named in the last paragraph or so (:data:`_BODY_WINDOW`), and
    speaks of no other body of that noun before (:func:`_another_of`).  "The company" or "the
    agency" after a name that does not hold the noun ("Equifax", "the CDC") stays a description:
    walked back to the subject before it, as "it" is, it was the outlet that "noted" a fact or a
    rocket the recogniser read as a body about one time in four on the dev pages.
    """
    root = span.root
    head = root.lemma_.lower()
    if head not in _NAMED_BODY_HEADS or root.tag_ != "NN" or len(span) != 2 or span[0].lower_ != "the":
        # "a company", "the Clinton campaign", and any word between: "the lower court", "the other
        # committee", "the central bank" are other bodies than the one named
        return None
    holding = [info for info in idx.infos if info.entity.label == "ORG"
               and head in {w.lower().strip(".,") for w in info.entity.name.split()}]
    recent = [info for info in holding if any(0 <= span.start_char - s <= _BODY_WINDOW for s, _e, _ in info.positions)]
    if len(holding) != 1 or len(recent) != 1 or _another_of(head, span, recent[0]):
        return None
    return _speaker(recent[0], span, "nominal")


def _another_of(head: str, span: Span, body: EntityInfo) -> bool:
    """Whether the article speaks of another body of the same noun before ``span``, one the recogniser
    named no entity: "a federal appeals court in Richmond ruled ... The court said", "a network of
    volunteers ... The network said" (the noun with any word of its own, outside the named body)."""
    named = [(s, e) for s, e, _ in body.positions]
    for t in span.doc[: span.start]:
        if t.lemma_.lower() != head or t.pos_ != "NOUN" or any(s <= t.idx < e for s, e in named):
            continue
        if t.i > 0 and t.doc[t.i - 1].lower_ == "the" and not any(c.dep_ in ("amod", "compound", "prep") for c in t.children):
            continue  # another bare "the court": the same description again
        return True
    return False


def _an_owner(tok: Token) -> bool:
    """A possessive modifier ("Putin's", "Common Sense’s"; the parser reads some as ``nmod`` + "’s")."""
    return tok.dep_ == "poss" or tok.dep_ == "nmod" and any(
        g.dep_ == "case" and g.lower_ in ("'s", "’s", "'", "’") for g in tok.children)


def _by_name(span: Span, idx: EntityIndex) -> Speaker | None:
    """Steps 1-2 of :func:`resolve_speaker`: the mention names its speaker."""
    # 1. a clustered entity inside the mention; prefer PERSON, then the root's.
    # Only an entity at the head of the mention names the speaker: "Putin's
    # spokesman Dmitry Peskov" is Peskov, "the Chinese leader" is not "Chinese";
    # an owner never does ("Common Sense's CEO, James Steyer" is not Common Sense).
    owners = {t.i for c in span.root.children if _an_owner(c) for t in c.subtree}
    found: list[EntityInfo] = []
    for t in span:
        info = idx.by_char.get(t.idx)
        if info is not None and info not in found and t.i not in owners:
            found.append(info)
    root_info = idx.by_char.get(span.root.idx)
    if root_info is not None:
        return _speaker(root_info, span, "name")
    persons = [f for f in found if f.entity.label == "PERSON"]
    if persons and span.root.pos_ == "PROPN":
        return _speaker(persons[-1], span, "name")
    # 2. proper nouns not recognised as an entity: token containment, when a name heads the
    # mention.  Under a common noun the name is a modifier and the speaker someone else: "the
    # Clinton campaign", "one source in the Clinton camp", "Clinton aides" are not Hillary Clinton.
    propn = [t.lower_ for t in span if t.pos_ == "PROPN" and t.lower_.rstrip(".") not in TITLES]
    root = span.root
    if root.lower_.rstrip(".") in TITLES and not any(
            t.dep_ in ("compound", "amod") and (t.pos_ == "PROPN" or t.ent_type_) and t.lower_.rstrip(".") not in TITLES
            for t in root.lefts):
        # a role headed by its title ("the Secretary of State"): a description, not "State"; a name
        # ending on a title's word is a name ("Trooper Reginal King", "Camille Speaker", "Islamic State")
        return None
    if propn and root.pos_ == "PROPN":
        for info in reversed(idx.infos):
            if info.entity.label == "PERSON" and set(propn) <= info.tokens:
                return _speaker(info, span, "name")
        for info in reversed(idx.infos):  # "Qualcomm" of "Qualcomm Inc.": the company by its name alone
            words = info.entity.name.lower().split()
            if info.entity.label == "ORG" and a_company_name(info.entity.name) and words[:-1] == propn:
                return _speaker(info, span, "name")
        return _speaker(None, span, "name")  # a name NER missed: it names itself
    return None


def _by_pronoun(doc: Doc, span: Span, idx: EntityIndex, entities: list[Entity]) -> Speaker | None:
    """Step 3 of :func:`resolve_speaker`: a pronoun, resolved to what it goes on with."""
    low = span.text.lower()
    # 3a. a relative pronoun speaks for the noun its clause modifies ("Gov. Ron DeSantis, who said
    # ..."): resolved as that noun phrase, the mention staying the pronoun, where PolNeAR marks the
    # source.  Left alone it was the speaker "who" (333 quotes on gva's dev pages, 33 on allsides').
    if len(span) == 1 and (antecedent := _relative_antecedent(span[0])) is not None:
        res = resolve_speaker(doc, antecedent, entities)
        return _as_mentioned(res, span, "coref" if res.resolved_by != "none" else "none")
    # 3. pronouns
    if len(span) == 1 and low in PERSON_PRONOUNS:
        info = _subject_antecedent(doc, span[0], idx, entities, PERSON_PRONOUNS[low])
        if isinstance(info, Span):
            res = resolve_speaker(doc, info, entities)
            return _as_mentioned(res, span, "pronoun" if res.resolved_by != "none" else "none")
        if info is None:
            # No subject goes on with the pronoun: the latest person named before it, when their name
            # or title tells the pronoun's gender.  Of a person whose gender nothing tells, that guess
            # was wrong more often than right (gva dev, 20 read: 8 right), so the pronoun stays
            # unresolved; with the gender told it was right 14 times in 20.
            info = _recent(idx, span.start_char, ("PERSON",), PERSON_PRONOUNS[low])
            if info is not None and info.gender is None:
                info = None
        return _speaker(info, span, "pronoun") if info else _speaker(None, span, "none")
    if len(span) == 1 and low in PLURAL_PRONOUNS:
        antecedent = _group_antecedent(doc, span[0], idx)
        if isinstance(antecedent, Span):
            return _as_mentioned(resolve_speaker(doc, antecedent, entities), span, "pronoun")
        info = antecedent or _recent(idx, span.start_char, ("ORG", "NORP"))
        return _speaker(info, span, "pronoun") if info else _speaker(None, span, "none")
    if len(span) == 1 and low in ("it", "its"):
        if _expletive(span[0]):
            return _speaker(None, span, "none")  # "it emerged that", "it is unlikely that": nobody
        body = _body_antecedent(doc, span[0], idx)
        if isinstance(body, Span):
            return _as_mentioned(resolve_speaker(doc, body, entities), span, "pronoun")
        return _speaker(body, span, "pronoun") if body else _speaker(None, span, "none")
    if len(span) == 1 and low in GROUP_PRONOUNS:
        if low in ("we", "us", "our") and _quotations(doc).at(span.start_char) is None:
            # "We will continue to update this story", "We reserve the right to ...": outside quotation
            # marks "we" is the newsroom or the site, never the last body the article named
            return _speaker(None, span, "none")
        info = _recent(idx, span.start_char, ("ORG", "GPE", "NORP"))
        return _speaker(info, span, "pronoun") if info else _speaker(None, span, "none")
    return None


def _by_description(span: Span, idx: EntityIndex) -> Speaker | None:
    """Step 4 of :func:`resolve_speaker`: a description of one person named before."""
    # 4. descriptions: content words must all match a person's descriptors.  Only a description of
    # one person: a body ("Colorado Springs police", "the ministry") or a plural ("officials") is
    # never the person an article describes as a "police officer" or an "official".
    words = [t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "ADJ", "PROPN") and not t.is_stop]
    if words and not _names_a_body_or_group(span.root, idx):
        head = span.root.lemma_.lower()
        best: tuple[int, EntityInfo] | None = None
        for info in idx.infos:
            if info.entity.label != "PERSON":
                continue
            ok = True
            for w in words:
                if w == head and _is_leaderish(w):
                    if not any(_is_leaderish(d) for d in info.descriptors):
                        ok = False
                        break
                elif not _demonym_match(w, info.descriptors, info.tokens):
                    ok = False
                    break
            if not ok:
                continue
            last = max((s for s, _e, _ in info.positions if s < span.start_char), default=-1)
            if last < 0:
                continue
            if best is None or last > best[0]:
                best = (last, info)
        if best is not None:
            return _speaker(best[1], span, "nominal")
    return None


def _joint_speaker(doc: Doc, root: Token, whole: Span, entities: list[Entity]) -> Speaker | None:
    """Two or more named speakers joined by "and" ("China and Russia said", "John Smith and Mary
    Jones said"): one speaker, a group, named by all of them.

    Without it the first name alone was the speaker: a joint statement read as one party's.  Each
    part must be a name the recogniser knows ("Club Blu Bar and Grill" is one place's name).
    """
    conjuncts = [root] + [c for c in root.conjuncts if whole.start <= c.i < whole.end]
    if len(conjuncts) < 2 or not all(c.pos_ == "PROPN" and c.ent_type_ in LABELS for c in conjuncts) or not any(
            c.dep_ == "cc" and c.lower_ == "and" for t in conjuncts for c in t.children):
        return None
    last = max(c.i for c in conjuncts)
    if any(e.start <= root.i and last < e.end for e in doc.ents):
        return None  # one name with "and" in it ("Smith and Wesson", "Procter and Gamble")
    names = [resolve_speaker(doc, doc[c.left_edge.i: c.i + 1], entities).name for c in conjuncts]
    return Speaker(name=" and ".join(dict.fromkeys(names)), spans=[(whole.start_char, whole.end_char)],
                   mention=whole.text, resolved_by="name", kind="group")


def _named_after_roles(doc: Doc, whole: Span) -> Span | None:
    """The person a source phrase of two roles ends on: "AMD president and chief executive Rory
    Read", "Founder and president Richard Erskine", "Rockdale County Commission Chairman and CEO
    Richard Oden" are one person with two titles.

    The parser coordinates the first role with the name, so the phrase read as two speakers or as
    its first role alone, and a description of that role went to whoever held a like title nearby
    (Rory Read's words were Lisa Su's, a senior vice president named earlier).  Only a phrase with
    no other person, no comma and no "for"/"to" (a spokesman *for* someone is not that someone),
    whose name follows a title or a person noun; "the mayor and Sen. John Smith" gives one of its
    two speakers, never someone else.
    """
    name = next((e for e in doc.ents if e.label_ == "PERSON" and e.end == whole.end and e.start > whole.start), None)
    if name is None:
        return None
    roles = doc[whole.start: name.start]
    # an "and" inside a body's name is no second speaker ("Office of Management and Budget Director
    # Peter Orszag", whose "and" the parser coordinated with the name)
    ands = [t for t in roles[1:-1] if t.lower_ == "and" and not t.ent_type_]
    if len(roles) < 3 or len(ands) > 1 or not (ands or any(t.lower_ == "and" for t in roles)) \
            or not _a_role(roles[-1]) \
            or any(t.ent_type_ == "PERSON" or t.is_punct or t.pos_ in ("ADP", "PRON") and t.lower_ != "of"
                   for t in roles):
        return None
    # each side of "and" ends on one person's role: "parents and siblings of ... Mike Jones", "Family
    # and friends of ...", "Russia and President Vladimir Putin", "Republicans and Senator Ted Cruz"
    # are several speakers; an "of" after it gives the name's owner, not the speaker
    if ands and (not _a_role(doc[ands[0].i - 1]) or any(t.lower_ == "of" for t in doc[ands[0].i + 1: name.start])):
        return None
    return name


def _a_role(tok: Token) -> bool:
    """One person's title or role noun ("president", "CEO", "chief executive"), not several people."""
    return tok.tag_ not in ("NNS", "NNPS") and tok.lemma_.lower() not in COLLECTIVE_NOUNS and (
        tok.lower_.rstrip(".") in TITLES or tok.lower_.rstrip(".") in PERSON_TITLES
        or tok.lemma_.lower() in person_nouns())


def _named_after_domain(root: Token, whole: Span) -> Span | None:
    """The person a title "of" a domain names: "Chief of Police Rob Smith", "Director of National
    Intelligence Avril Haines" (the parser hangs the name in the "of" phrase, and the phrase read as
    the role alone).  Only when words of the domain stand between "of" and the name: "the Secretary
    of State" names no one, nor does a title "for" or "to" someone, nor a kin word ("the father of
    5-year-old Mya White" is not Mya White: a title here is written as one, in capitals)."""
    if root.lower_.rstrip(".") not in TITLES | PERSON_TITLES or not root.text[:1].isupper():
        return None
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            ent = next((e for e in root.doc.ents if e.label_ == "PERSON" and e.end - 1 == obj.i), None)
            if obj.dep_ != "pobj" or ent is None or ent.start <= prep.i + 1 or ent.end > whole.end:
                continue
            # the domain is a body's or a place's name ("Police", "the Interior"), not a description
            # of the name's owner ("Attorney of slain teen Trayvon Martin" is the attorney)
            if all(t.text[:1].isupper() or t.lower_ in ("the", "and", "of", "for")
                   for t in root.doc[prep.i + 1: ent.start]):
                return ent
    return None


def _apposed_person(noun: Token, within: Span | None = None) -> Token | None:
    """The person a noun's apposition names ("his sister, Keke Anderson"), one person only."""
    return next((c for c in noun.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"
                 and (within is None or within.start <= c.i < within.end)
                 and not any(g.dep_ == "conj" for g in c.children)), None)


def _for_a_person(head: Token) -> bool:
    """Whether a description speaks for a person named by role ("a spokesman for the governor",
    "an aide to the president"), whose name an apposition after it may well be."""
    return any(c.dep_ == "prep" and any(g.dep_ == "pobj" and _names_one_person(g) for g in c.children)
               for c in head.children)


def _names_one_person(noun: Token) -> bool:
    """A common noun of one person: learned (:func:`person_nouns`), a gendered noun, or a person's title."""
    low = noun.lemma_.lower()
    return noun.tag_ == "NN" and low not in COLLECTIVE_NOUNS and names_a_person(low)


def resolve_source(doc: Doc, head: tuple[int, int], source: tuple[int, int], entities: list[Entity]) -> Speaker:
    """The speaker of a source phrase: its head noun phrase resolved (:func:`resolve_speaker`), or the
    person an apposition names when the head is a description nothing resolves.

    "His sister, Keke Anderson, said": the head is "His sister", the person Keke Anderson; a reader
    of the speakers pages wants the name (241 quotes on gva's dev pages were "his mother", "Jamie
    Seals' brother", "store clerk" beside the name the same phrase gives).
    """
    head_span, whole = _as_span(doc, head), _as_span(doc, source)
    if head_span is None or whole is None or not len(head_span):
        return resolve_speaker(doc, head, entities)
    root = head_span.root
    named = _named_after_roles(doc, whole) or _named_after_domain(root, whole)
    if named is not None:
        return resolve_speaker(doc, named, entities)
    joint = _joint_speaker(doc, root, whole, entities)
    if joint is not None:
        return joint
    speaker = resolve_speaker(doc, head_span, entities)
    # a role in capitals ("The then UK Home Secretary, Sajid Javid, said", "Former Georgia Governor,
    # Nathan Deal, said") reads as a name that names itself or as a body; the apposition beside it
    # names the person
    role = (speaker.resolved_by == "name" and (speaker.entity_id is None or speaker.kind != "person")
            and root.lower_.rstrip(".") in TITLES | PERSON_TITLES)
    if not role and (speaker.resolved_by != "none" or speaker.kind not in ("description", "group")):
        return speaker
    if root.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in root.children) or _for_a_person(root):
        # "Holston's parents, David and Haley Cole", "X's attorney, A, and Y's attorney, B": not one;
        # "A spokesman for the governor, Ron DeSantis, said": the parser hangs the governor's name on
        # the spokesman ("A lawyer for the family, Ben Crump", "The head of the WHO, Tedros" are theirs)
        return speaker
    appos = _apposed_person(root, whole)
    ent = next((e for e in doc.ents if e.start <= appos.i < e.end and e.label_ == "PERSON"), None) if appos else None
    if ent is not None and (named := resolve_speaker(doc, ent, entities)).kind == "person":
        return named
    return speaker
