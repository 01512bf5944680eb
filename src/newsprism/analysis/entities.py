"""Entity clusters of one article: who and what it names, and how (the index speaker resolution reads).

Why hand-written rules and not a coreference model: spaCy's small English pipeline has no
coreference component, and what "who said what" needs of entities in news is narrow: one cluster
per person or body, named by its fullest name ("Xi" after "Xi Jinping"; a surname the recogniser
read as a place, "Aden" after "Police Chief Hassan Aden"), with what the text says of it (its
descriptors, "Chinese President"; its gender, from titles and the pronouns that go on for it) and
where it is mentioned.  Computed once per document and kept on the Doc
(:func:`extract_entities`), so resolving many speakers (:mod:`newsprism.analysis.speakers`) stays
linear in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsprism.analysis.cues import cue_class
from newsprism.analysis.furniture import credit_tokens, furniture_tokens, without_furniture
from newsprism.analysis.name_shapes import (
    BODY_WORDS,
    COMPANY_SUFFIXES,
    PART_OF_A_BODY,
    a_body_or_place_name,
    a_described_body,
    a_described_person,
    body_descriptor,
    named_after,
    short_name_of_a_company,
)
from newsprism.analysis.speaker_words import (
    BODY_HEADS,
    NAME_SUFFIXES,
    NAMED_AFTER_NOUNS,
    ORGANISATION_NOUNS,
    PERSON_TITLES,
    TITLES,
    a_company_name,
    acronym_letters,
    acronym_spellings,
    common_places,
    first_name_gender,
    names_a_person,
    people_noun_written,
    person_nouns,
)
from newsprism.model import Entity, Mention

LABELS = ("PERSON", "ORG", "GPE", "NORP")
# The entity index of a document lives on the Doc itself (``doc.user_data``, the
# Doc's own scratch space): no module-level state, nothing shared between
# documents or threads.  DocBin drops it unless asked to store user data.
INDEX_KEY = "newsprism.entity_index"


def _remember(doc: Doc, idx: EntityIndex) -> None:
    doc.user_data[INDEX_KEY] = idx


# Words of TITLES that only modify a title ("State Sen.", "Foreign Minister", "Deputy Director").
_TITLE_MODIFIERS = frozenset({"state", "foreign", "defense", "defence", "deputy", "former", "vice", "prime"})

MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "father", "spokesman", "chairman"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess",
                           "spokeswoman", "chairwoman"})

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}

_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}(?:[AaPp]\.?[Mm]\.?)?|[AaPp]\.?[Mm]\.?")
_POSSESSIVE_RE = re.compile(r"(?:['’]s?)$")


@dataclass
class EntityInfo:
    entity: Entity
    tokens: frozenset[str]  # lower-cased canonical tokens
    descriptors: set[str] = field(default_factory=set)  # lower-cased lemmas: chinese, president...
    gender: str | None = None
    # (char_start, char_end, is_subject) of every mention, in text order
    positions: list[tuple[int, int, bool]] = field(default_factory=list)


@dataclass
class EntityIndex:
    infos: list[EntityInfo]
    by_char: dict[int, EntityInfo]  # token start char -> entity, for every mention token
    entities_key: int
    # every mention (start, is_subject, info) sorted by start: recency look-ups by bisection
    timeline: list[tuple[int, bool, EntityInfo]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    # nouns for people the article writes in lower case (:func:`_people_nouns_written`): a capitalised
    # one-word "name" among them is a noun at the head of a line ("Jurors deliberated")
    people_nouns: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.timeline = sorted(((s, subj, info) for info in self.infos for s, _e, subj in info.positions),
                               key=lambda x: x[0])
        self.starts = [t[0] for t in self.timeline]


def clean_name(span: Span) -> str:
    """Strip leading determiners/titles and a trailing possessive from an entity span."""
    toks = [t for t in span if not t.is_punct or t.text in {".", "-"}]
    # a title before a name goes ("Sgt. Derrick Fontenot"); a title that heads the phrase stays ("A
    # spokesperson for the Essex County Prosecutor's Office" is not "for the ... Office")
    # (a person's title only in a person's name: "Principal Financial Group" is a company)
    leading = TITLES | PERSON_TITLES if span.label_ == "PERSON" else TITLES
    if span.label_ != "PERSON" and span.root.lower_ in ORGANISATION_NOUNS:
        # a body's own name keeps its words: "the State Department", "the Justice Department", "South
        # Korea's Defense Ministry", "state police" are not "Department", "Ministry", "police"
        leading = frozenset()
    if not span.label_ and span.root.pos_ != "PROPN":
        # a description headed by a common noun is a role, all of whose words name it ("the prime
        # minister of Japan", "the president-elect of Iran" were "minister of Japan", "of Iran")
        leading = frozenset()
    while len(toks) > 1 and (toks[0].lower_.rstrip(".") in leading and toks[0].i != span.root.i
                             # a role with no name is named by all its titles ("the Attorney General")
                             and not all(t.lower_.rstrip(".") in leading for t in toks)
                             and toks[1].text not in ("'s", "’s")  # "Sheriff's Office" is the office
                             # a title's modifier goes only with its title ("State Sen.", "Foreign
                             # Minister"), not from a body ("State Department officials")
                             and (toks[0].lower_ not in _TITLE_MODIFIERS or toks[1].lower_.rstrip(".") in leading)
                             # nor a body's first word ("a Justice Department spokesman")
                             and toks[1].lower_ not in ORGANISATION_NOUNS
                             or toks[0].lower_ in {"the", "a", "an"} or _fragment(toks[0])
                             or _CLOCK_RE.fullmatch(toks[0].text)):  # a timeline's "14:32 Police", "5:16 p.m. Police"
        toks = toks[1:]
    # a company's descriptor the recogniser took into its name: "Drugmaker Pfizer", "Chipmaker Broadcom"
    while len(toks) > 1 and body_descriptor(toks[0].lower_) and toks[1].pos_ == "PROPN":
        toks = toks[1:]
    # a parenthesis the recogniser opened and did not close holds the name's abbreviation: "Ministry
    # of Trade, Industry and Energy (MOTIE" is the ministry
    opened = next((t for t in reversed(span) if "(" in t.text or ")" in t.text), None)
    if opened is not None and opened.text.rfind("(") > opened.text.rfind(")") and any(t.i < opened.i for t in toks):
        toks = [t for t in toks if t.i < opened.i]
    if toks and toks[-1].text in {"'s", "’s", "'", "’"}:
        toks = toks[:-1]
    if span.label_ not in ("GPE", "LOC", "FAC"):
        toks = _after_role(toks)
    # A Title Case headline runs the verb into a person's name: "Sanders Warns Democrats", "Obama
    # Says".  Not a place's or a body's: "The United States" is not "United" saying something.
    # A person's name never holds one in lower case either ("Herbert Flynn Jr told" of the recogniser).
    cut = next((k for k, t in enumerate(toks) if k > 0 and _speech_verb_form(t.lower_)
                and (t.text[:1].isupper() or span.label_ == "PERSON")), None)
    places = ("GPE", "LOC", "FAC", "ORG", "NORP")
    if cut is not None and span.label_ not in places and toks[cut].ent_type_ not in places:
        toks = toks[:cut]
    # nor does a recognised name hold a verb in lower case ("Dell resells SeaMicro", "Smith saw Calloway"
    # of the recogniser); a description's clause is another matter ("family of a boy who was shot")
    finite = next((k for k, t in enumerate(toks) if k > 0 and t.text[:1].islower() and t.tag_ in ("VBZ", "VBD", "VBP")),
                  None)
    if finite is not None and span.label_:
        toks = toks[:finite]
    if not toks:
        return span.text
    text = span.doc[toks[0].i: toks[-1].i + 1].text  # not doc.text: that joins the whole doc
    return _POSSESSIVE_RE.sub("", text) if text.endswith(("'s", "’s")) else text


# Lower-case words inside a person's name ("Bill de Blasio", "Ludwig van Beethoven"): a closed class.
_NAME_PARTICLES = frozenset("de del della di da van von der den le la du bin al el ibn".split())


def _after_role(toks: list[Token]) -> list[Token]:
    """The name after the role and the place it is held in: "Anderson County Coroner Greg Shore" ->
    "Greg Shore", "Police Capt. Doug Cain" -> "Doug Cain", "Iowa Rep. Steve King" -> "Steve King".

    The recogniser often takes the whole run of capitals for the name; the speakers pages then listed
    "Coroner Greg Shore", "Anderson County Coroner Greg Shore" and "Greg Shore" as three people (gva:
    239 such names, 583 quotes).  Cut after the last title word (:data:`TITLES`, :data:`PERSON_TITLES`)
    that two or more words of a name follow, in one run of capitals; a title alone before one word
    stays ("Pope Francis", "King Abdullah"), and so does a name without a title ("Gavin Eugene Long")
    and a description ("spokesman for Russian President Vladimir Putin" is the spokesman).
    """
    for j in range(len(toks) - 3, -1, -1):
        low = toks[j].lower_.rstrip(".")
        if not toks[j].text[:1].isupper() or (low not in TITLES and low not in PERSON_TITLES):
            continue
        rest = toks[j + 1:]
        # the role is part of one run of capitals ("spokesman for Russian President Vladimir Putin" is
        # the spokesman), and what follows it is a name: not another title ("Chief Cabinet Secretary"),
        # unless it opens on a first name ("Steve King"), nor a body ("... Officers Memorial Fund")
        titled = any(t.lower_.rstrip(".") in TITLES | PERSON_TITLES for t in rest)
        if any(not t.text[:1].isupper() and t.lower_ != "of" and t.text != "-" for t in toks[:j]) \
                or titled and first_name_gender(rest[0].text) is None \
                or rest[-1].lower_ in BODY_HEADS | NAMED_AFTER_NOUNS | ORGANISATION_NOUNS:
            return toks
        if rest[0].pos_ == "PROPN" and rest[0].text[:1].isupper() and rest[0].is_alpha and all(
                _name_word(t) for t in rest) and rest[-1].lower_ not in _NAME_PARTICLES:
            return rest
        return toks
    return toks


def _name_word(t: Token) -> bool:
    """A word of a person's name: capitalised ("O'Rourke", "Ocasio-Cortez", "D."), a particle, a suffix."""
    return (t.text[:1].isupper() and all(c.isalpha() or c in "'’-." for c in t.text)) or t.text == "-" \
        or t.lower_ in _NAME_PARTICLES or t.lower_ in NAME_SUFFIXES


def _fragment(tok: Token) -> bool:
    """A stray mark, or the rest of a hyphenated word whose start was cut off ("-run" of "state-run")."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return not any(c.isalnum() for c in tok.text) or tok.text.startswith("-") or tok.text in ("'s", "’s") or (
        prev is not None and prev.text == "-" and not prev.whitespace_ and tok.i > 1 and not tok.doc[tok.i - 2].whitespace_)


_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "thinks": "think", "thought": "think"}


def _speech_verb_form(word: str) -> bool:
    """Whether ``word`` is an inflected (never a bare) speech or belief verb: "says", "warns", "told".

    Inflected only, so that a surname is not cut ("Jones" is no "jone"); the lemma's class comes
    from the cue lexicon (:func:`newsprism.analysis.cues.cue_class`).
    """
    if word in _IRREGULAR:
        lemmas = {_IRREGULAR[word]}
    elif word.endswith("s"):
        lemmas = {word[:-1]}
    elif word.endswith("ed"):
        lemmas = {word[:-2], word[:-1]}
    else:
        return False
    return any(cue_class(lemma) in ("speech", "belief") for lemma in lemmas)


def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(w.lower().strip(".") for w in name.split() if w.strip(".,"))


def _descriptors_of(span: Span) -> tuple[set[str], str | None]:
    """Nationalities, titles and roles the text attaches to a name.

    Premodifiers: tokens left of the name inside the same noun phrase
    ("Chinese President Xi Jinping", "Putin's spokesman Dmitry Peskov").
    Appositions: "Dmitry Peskov, the Kremlin spokesman".
    """
    out: set[str] = set()
    gender = None
    root = span.root
    # Premodifiers: walk left while tokens attach inside the NP of the name.
    i = span.start - 1
    doc = span.doc
    while i >= 0:
        t = doc[i]
        if t.is_punct or t.dep_ in ("det", "case") or t.tag_ == "POS":
            i -= 1
            if t.is_punct and t.text not in {"-"}:
                break
            continue
        if t.head.i >= span.start and t.head.i < span.end or t.head == root or (
            t.head.i < span.end and t.head.i > i and t.dep_ in ("compound", "amod", "nmod", "poss")
        ):
            out.add(t.lemma_.lower().rstrip("."))
            if i == span.start - 1:
                out.add("@" + t.lemma_.lower().rstrip("."))  # the word right before the name: what it is
            i -= 1
            continue
        break
    for t in span:
        low = t.lower_.rstrip(".")
        if low in TITLES or low in PERSON_TITLES:
            out.add(low)  # inside the name the recogniser took: "Coroner Greg Shore"
        if body_descriptor(low):
            out.add("@" + low)  # "Drugmaker Pfizer"
    for child in root.children:
        if child.dep_ == "appos":
            out.add("@" + child.lemma_.lower())  # the apposition's head: what it is ("the messaging app")
            for t in child.subtree:
                if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.ent_type_ != "PERSON":
                    out.add(t.lemma_.lower())
    if out & MALE_TITLES:
        gender = "m"
    elif out & FEMALE_TITLES:
        gender = "f"
    return out, gender


def extract_entities(doc: Doc, article_id: str) -> list[Entity]:
    """PERSON/ORG/GPE/NORP clusters in one article, canonical name = fullest proper name.

    A person mention joins the earliest cluster whose name contains all its
    tokens ("Xi" -> "Xi Jinping"); clusters are formed longest name first so
    the canonical name is the fullest one.  Other labels cluster on the exact
    (title-less) name.  The descriptor index for
    :func:`newsprism.analysis.speakers.resolve_speaker` is
    cached on the same ``doc`` (see ``INDEX_KEY``).
    """
    ents = [e for e in doc.ents if e.label_ in LABELS]
    # a one-word "name" that is a noun the article uses for people ("HOMICIDE Officers responded") names no one
    people = _people_nouns_written(doc, ents)
    ents = [e for e in ents if not (len(e) == 1 and people_noun_written(e.text, people) and not _a_titled_body(e))]
    # the name without a credit or counter the recogniser ran into it ("Getty Images Chicago Cubs")
    cleaned = [(e, clean_name(without_furniture(e))) for e in ents]
    # A titled "ORG" is a person the small model mislabelled ("Chancellor Olaf Scholz").
    labels = {}
    for k, (e, _name) in enumerate(cleaned):
        prev = doc[e.start - 1].lower_.rstrip(".") if e.start > 0 else ""
        opens_on_title = e[0].lower_.rstrip(".") in TITLES and any(t.lower_.rstrip(".") not in TITLES for t in e)
        held_in = e.label_ == "ORG" and _after_a_title_of(e)
        if e.label_ == "ORG" and (prev in TITLES or opens_on_title or _titled(e)) and prev not in ("the", "state") \
                and e.root.lower_ not in ORGANISATION_NOUNS:  # "State Department", "Defense Ministry": bodies
            labels[e.start] = "PERSON"
            if held_in:
                cleaned[k] = (e, _name_after_domain(_name))
        elif held_in and _name_after_domain(_name, known_first_name=True) is not None:
            # the parser hung the name under the title ("Director of National Intelligence Avril Haines")
            labels[e.start] = "PERSON"
            cleaned[k] = (e, _name_after_domain(_name))
        elif e.label_ == "PERSON" and a_body_or_place_name(_name):
            labels[e.start] = "ORG"
    clusters = _clusters(doc, cleaned, labels)
    _add_unmarked_surnames(doc, clusters)
    _join_acronyms(clusters)
    # Order clusters by first mention so ids follow the text.
    first = sorted(range(len(clusters)), key=lambda c: min(s.start for s in clusters[c][3]))
    entities: list[Entity] = []
    infos: list[EntityInfo] = []
    by_char: dict[int, EntityInfo] = {}
    furniture = furniture_tokens(doc)
    for n, ci in enumerate(first):
        label, name, toks, spans = clusters[ci]
        spans.sort(key=lambda s: s.start)
        name = _display_name(name, toks, spans, furniture)
        ent = Entity(
            id=f"{article_id}:e{n}", name=name, label=label,
            mentions=[Mention(text=s.text, spans=[(s.start_char, s.end_char)]) for s in spans],
        )
        info = EntityInfo(entity=ent, tokens=toks)
        for s in spans:
            if _furniture_mention(s, furniture):
                continue  # a dateline's "BEIJING", a caption's credit: nobody a pronoun refers to
            if label == "NORP" and _modifier(s):
                continue  # "Democratic lawmakers", "Ukrainian officials": the group is the noun
            d, g = _descriptors_of(s)
            info.descriptors |= d
            info.gender = info.gender or g
            info.positions.append((s.start_char, s.end_char, _is_subject(s)))
            for t in s:
                by_char[t.idx] = info
        info.gender = info.gender or _name_gender(ent)
        if ent.label == "PERSON" and a_described_body(ent.name, info.descriptors):
            ent.label = "ORG"  # "drugmaker Pfizer", "the social network Facebook": a company
        elif ent.label == "ORG" and a_described_person(ent.name, info.descriptors):
            ent.label = "PERSON"  # "Coach Brad Childress", "H. Dale Hall, director of ...": a person
        entities.append(ent)
        infos.append(info)
    _remember(doc, EntityIndex(infos=infos, by_char=by_char, entities_key=id(entities), people_nouns=frozenset(people)))
    return entities


# label, name, its tokens, the mentions
_Cluster = tuple[str, str, frozenset[str], list[Span]]


def _a_titled_body(ent: Span) -> bool:
    """"The Times", "the Commonwealth", "the House": a body named by a common noun after "the"."""
    return ent.label_ != "PERSON" and ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the"


def _people_nouns_written(doc: Doc, ents: list[Span]) -> set[str]:
    """Nouns for people the article itself writes in lower case: a noun learned to name a person
    (:func:`person_nouns`), a title or a gendered noun ("the prosecutor", "his mother"), or one the
    article has speak ("neighbors said", "jurors told the judge"; not a body's noun nor a document's:
    "the court said", "the report said").

    Why: the small model reads a capitalised noun at the head of a line or after a capitalised
    label as a name ("HOMICIDE Officers responded", "Jurors deliberated"), and the speaker became a
    person called "Officers".  The article's own lower-case use of the word tells a noun from a name.
    Only nouns for people: bodies, teams and surnames are named by nouns for things ("Target" beside
    "its target", "Giants" beside "the giants of the league", "Weeks" beside "two weeks").  A word
    of a longer name ("Jon Snow"), one written after a first name or a title ("christine teigen" in a
    post's signature, "Kyra Street", "Mr. Price"), in either number, or in a handle ("@durov") stays a
    possible name.
    """
    in_names = {t.lower_ for e in ents if len(e) > 1 for t in e}
    in_names |= {t.lower_ for t in doc[1:] if t.text[:1].isupper() and (
        first_name_gender(doc[t.i - 1].text) or doc[t.i - 1].lower_.rstrip(".") in TITLES)}
    in_names |= {w + "s" for w in in_names} | {w[:-1] for w in in_names if w.endswith("s")}
    out = set()
    for t in doc:
        if t.pos_ != "NOUN" or not t.text.isalpha() or not t.text.islower() or t.text in in_names:
            continue
        prev = doc[t.i - 1] if t.i else None
        if prev is not None and (prev.text in ("@", "#") or first_name_gender(prev.text) is not None):
            continue
        lemma = t.lemma_.lower()
        if names_a_person(lemma) or (
                # people the article has speak ("neighbors said", "a caller told"), not a body ("the
                # court said") nor a document or a finding ("the report said", "the study found")
                t.dep_ == "nsubj" and not (t.tag_ == "NN" and lemma in ORGANISATION_NOUNS) and cue_class(lemma) == "other"
                and cue_class(t.head.lemma_) == "speech"):
            out.add(t.text)
    return out


def _clusters(doc: Doc, cleaned: list[tuple[Span, str]], labels: dict[int, str]) -> list[_Cluster]:
    """The recognised mentions clustered: a person mention joins the first cluster whose name holds
    all its words, longest names first, so that a surname finds its full name."""
    clusters: list[_Cluster] = []
    written = Counter(name.lower() for _span, name in cleaned)  # how often each name is written alone
    # A byline's or a reporting credit's names are the reporters': they cluster among themselves, so
    # that "Kim said" is not "Soyoung Kim" of "(Additional reporting by Soyoung Kim)".
    credits = credit_tokens(doc)
    credited = [_furniture_mention(e, credits) for e, _name in cleaned]
    cluster_credited: list[bool] = []
    # Longest names first so that a surname finds its full name.
    order = sorted(range(len(cleaned)), key=lambda k: (-len(cleaned[k][1].split()), k))
    for k in order:
        span, name = cleaned[k]
        toks = _name_tokens(name)
        label = labels.get(span.start, span.label_)
        target = company = None
        for ci, (clabel, cname, ctoks, _) in enumerate(clusters):
            if cluster_credited[ci] != credited[k]:
                continue
            # The small model often labels one mention of a person ORG ("Olaf
            # Scholz" ORG, "Scholz" PERSON): containment counts if either side is PERSON.
            person_side = {label, clabel} <= {"PERSON", "ORG"} and (
                label == clabel == "PERSON" or label != clabel and named_after(cname, toks)
                or label == clabel == "ORG" and _the_same_body(cname, name, written))
            if person_side and toks and toks <= ctoks or clabel == label and cname.lower() == name.lower() \
                    or clabel == "PERSON" and _surname_read_as_place(span, label, toks, cname, clusters):
                if label == "PERSON" and clabel != "PERSON" and a_company_name(cname):
                    company = ci if company is None else company  # a person of that name first
                    continue
                target = ci
                break
        if target is None and company is not None and short_name_of_a_company(span, toks):
            target = company
        if target is None:
            clusters.append((label, name, toks, []))
            cluster_credited.append(credited[k])
            target = len(clusters) - 1
        elif label == "PERSON" and clusters[target][0] != "PERSON" and not a_company_name(clusters[target][1]):
            # a person's mention makes a mislabelled name a person's ("Olaf Scholz" ORG, "Scholz"
            # PERSON), not a company's legal name ("Qualcomm Inc.", and "Qualcomm" read as a person)
            c = clusters[target]
            clusters[target] = ("PERSON", c[1], c[2], c[3])
        clusters[target][3].append(span)
    return clusters


def _join_acronyms(clusters: list[_Cluster]) -> None:
    """Join a body's acronym to its full name when the article spells both ("the Georgia Bureau of
    Investigation ... GBI agents said", "Rail Accident Investigation Branch (RAIB)").

    Apart, "GBI said" and "the Georgia Bureau of Investigation said" were two speakers on the speakers
    pages and in the quote ledger.  Inside one article only, and only to the one name that spells it:
    across a corpus "SPD" of a German story is not the "Slidell Police Department" of another.
    """
    spelled: dict[str, list[int]] = {}
    for ci, (label, name, _toks, _spans) in enumerate(clusters):
        if label in ("ORG", "GPE"):
            for letters in acronym_spellings(name):
                spelled.setdefault(letters, []).append(ci)
    drop = []
    for ci, (label, name, _toks, spans) in enumerate(clusters):
        short = acronym_letters(name)
        if label not in ("ORG", "GPE") or short is None:
            continue
        targets = {t for t in spelled.get(short, []) if t != ci and clusters[t][0] == label}
        if len(targets) != 1:
            continue
        target = targets.pop()
        # two letters spell too many names ("AP" of an Associated Press credit is not "Atlanta Police"):
        # a country's, or one the article declares ("the Atlanta Police (AP)")
        declared = any(sp.start > 1 and sp.doc[sp.start - 1].text == "(" and
                       any(full.end == sp.start - 1 for full in clusters[target][3]) for sp in spans)
        if len(short) >= 3 or label == "GPE" or declared:
            clusters[target][3].extend(spans)
            drop.append(ci)
    for ci in reversed(drop):
        del clusters[ci]


def _add_unmarked_surnames(doc: Doc, clusters: list[_Cluster]) -> None:
    """Add the mentions of a person's surname that the recogniser did not mark as a name.

    The small model finds "Elon Musk" and then misses "Musk" in "'...,' Musk told reporters in
    2011, when he unveiled plans. He said ...": with no mention there, the pronouns that follow
    went to the person named before ("John Holst").  A proper noun outside every entity whose text
    is the last word of exactly one person's full name is that person; not as a noun's modifier
    ("the Musk Foundation"), nor the last word of a longer name ("Mossack Fonseca", the firm, beside
    Ramon Fonseca), nor in a byline or a credit, nor a surname two people share.
    """
    credits = credit_tokens(doc)
    owners: dict[str, list[int]] = {}
    for ci, (label, name, _toks, spans) in enumerate(clusters):
        words = [w.strip(",") for w in name.split()]
        while words and words[-1].lower() in NAME_SUFFIXES:
            words.pop()
        reporter = all(_furniture_mention(sp, credits) for sp in spans)
        if label == "PERSON" and len(words) >= 2 and words[-1][:1].isupper() and not reporter:
            owners.setdefault(words[-1], []).append(ci)
    if not owners:
        return
    furniture = furniture_tokens(doc)
    for tok in doc:
        if tok.ent_type_ or tok.pos_ != "PROPN" or tok.dep_ == "compound" or tok.i in furniture \
                or any(c.pos_ == "PROPN" for c in tok.children):  # a longer name: "Mossack Fonseca"
            continue
        found = owners.get(tok.text)
        if found and len(found) == 1:
            clusters[found[0]][3].append(doc[tok.i:tok.i + 1])


def _surname_read_as_place(span: Span, label: str, toks: frozenset[str], person: str,
                           clusters: list[_Cluster]) -> bool:
    """A person's surname the recogniser took for a place: "Police Chief Hassan Aden said ... Aden
    identified the suspect" ("Aden" GPE), "Bucheit said", "Henderson said".

    The last word of one full name written earlier, and of no other person's; standing as a noun
    phrase of its own, not after a preposition ("in Washington" is the city even where a Rebecca
    Washington is quoted) nor before a noun ("Miami police").  Without it the surname's quotes went
    to a place, typed an organisation.  Not a name the news commonly uses for a place
    (:func:`common_places`, learned): "Washington has warned" beside an analyst Rebecca Washington.
    """
    if label != "GPE" or len(toks) != 1 or span.root.dep_ in ("pobj", "compound", "poss") \
            or span.text in common_places():
        return False
    words = [w.lower().strip(".,") for w in person.split()]
    while words and words[-1] in ("jr", "sr", "ii", "iii", "iv"):
        words.pop()
    if len(words) < 2 or words[-1] not in toks:
        return False
    owners = [c for c in clusters if c[0] == "PERSON" and toks <= c[2]]
    return len(owners) == 1 and any(p.start < span.start for p in owners[0][3])


def _modifier(span: Span) -> bool:
    """Whether a mention only modifies a noun: "Democratic" in "Democratic lawmakers", "Ukrainian"
    in "Ukrainian officials".  A pronoun ("they said") goes on with the noun, never with the
    adjective (on the scrapinghub pages "they" became the speaker "Democratic")."""
    root = span.root
    return root.dep_ in ("amod", "compound") and root.head.i not in range(span.start, span.end) \
        and root.head.pos_ in ("NOUN", "PROPN")


def _is_subject(mention: Span) -> bool:
    """A mention that is a clause's subject, or the name in one ("Police Chief Hassan Aden said")."""
    root = mention.root
    return root.dep_ in ("nsubj", "nsubjpass") or (
        root.dep_ in ("compound", "appos") and root.head.dep_ in ("nsubj", "nsubjpass"))


def _the_same_body(longer: str, shorter: str, written: Counter[str]) -> bool:
    """Whether a shorter organisation name is the longer one mentioned again.

    Containment refers back: the end of the name ("the Sheriff's Office"), a piece of it ("Police",
    "Baltimore Police" of "Baltimore City Police Department"), the first words of a company ("Wells"
    of "Wells Fargo", "Goldman" of "Goldman Sachs Group Inc.").  Not when the longer name opens on
    the shorter and goes on to a part of the body (:data:`PART_OF_A_BODY`: "the United Nations" is
    not the "United Nations Security Council"), nor when the article writes the shorter name alone
    three times or more and twice as often as the longer, which is then a product or a headline's
    words about the body ("AMD Opteron", "Microsoft Fix", "Apple Fights FBI Order"): the longer name
    took the body's own mentions, and "Microsoft said" was the bulletin's words.
    """
    long_words, short_words = list(_name_tokens_in_order(longer)), list(_name_tokens_in_order(shorter))
    if not short_words or not set(short_words) <= set(long_words):
        return False
    n = len(short_words)
    if not (long_words[:n] == short_words and len(long_words) > n):
        return True
    if set(long_words[n:]) <= COMPANY_SUFFIXES:
        return True  # "Microsoft Corp.", "Goldman Sachs Group Inc."
    alone, whole = written[shorter.lower()], written[longer.lower()]
    return long_words[-1] not in PART_OF_A_BODY and not (alone >= 3 and alone >= 2 * whole)


def _name_tokens_in_order(name: str) -> tuple[str, ...]:
    """:func:`_name_tokens` in the name's order, possessives cut ("Department's" is "department")."""
    words = (_POSSESSIVE_RE.sub("", w.lower().strip(".,")) for w in name.split())
    return tuple(w for w in words if w)


def _after_a_title_of(ent: Span) -> bool:
    """Whether a name opens on what a title before it is held in: the recogniser's "Transportation
    Pete Buttigieg" of "Secretary of Transportation Pete Buttigieg", "Ukraine Marie Yovanovitch" of
    "Ambassador to Ukraine Marie Yovanovitch" (a title in capitals, or a person's noun)."""
    k = ent.start - 1
    if k >= 0 and ent.doc[k].lower_ == "the":
        k -= 1
    if k <= 0 or ent.doc[k].lower_ not in ("of", "to", "for"):
        return False
    title = ent.doc[k - 1]  # a title written as one ("a spokesman for Morgan Stanley ..." names no one)
    return title.text[:1].isupper() and (title.lower_.rstrip(".") in TITLES | PERSON_TITLES
                                         or title.lemma_.lower() in person_nouns())


def _name_after_domain(name: str, known_first_name: bool = False) -> str | None:
    """The person's name after the domain a title is held in: "Transportation Pete Buttigieg" -> "Pete
    Buttigieg", "Homeland Security Kirstjen Nielsen" -> "Kirstjen Nielsen" (from the first known first
    name, else the last two words; "the Interior Ken Salazar" was the person "Interior Ken Salazar").
    With ``known_first_name``, None unless a known first name opens the person's part."""
    words = name.split()
    if len(words) < 3:
        return None if known_first_name else name
    start = next((k for k in range(1, len(words) - 1) if first_name_gender(words[k].lower()) is not None
                  and words[k].title() not in common_places()), None)  # "West Virginia", "North Carolina"
    if start is None:
        if known_first_name:
            return None
        start = len(words) - 2
    person = words[start:]
    if {w.lower().strip(".,") for w in person} & BODY_WORDS \
            or len(person) > 2 and not all(len(w.rstrip(".")) == 1 for w in person[1:-1]):
        # a body's name after the title ("the Henry Ford Health System", "the Michael J. Fox
        # Foundation", "George Washington University", "Morgan Stanley Wealth Management"): no person
        # in it, whose name is a first name, initials and one more word
        return None if known_first_name else name
    if start == len(words) - 2 and len(words[start].rstrip(".")) == 1 and start > 1:
        start -= 1  # a middle initial goes with its first name: "... John F. Kerry"
    return " ".join(words[start:])


def _titled(ent: Span) -> bool:
    """A name whose noun phrase opens on a person's title further left, past a first name or a
    nickname the recogniser left out: "Cumberland County Sheriff Earl \"Moose\" Butler" ("Butler" ORG
    to the small model, and so every quote of the sheriff an organisation's).  Not a body a person
    owns ("Chancellor Merkel's CDU"), one in apposition ("Fred Fletcher, Chief, Chattanooga Police
    Department"), nor what a title is held in ("the Secretary of State")."""
    prefix = ent.doc[ent.root.left_edge.i: ent.start]
    # "of" joins a title to what it is held in ("Secretary of State", "Chief of Police"): a role, no name
    return len(prefix) > 0 and not any(t.tag_ == "POS" or t.text in (",", ";", "(", ":") for t in prefix) \
        and not (ent.root.dep_ == "pobj" and ent.root.head.lower_ == "of") \
        and any(t.lower_.rstrip(".") in PERSON_TITLES and t.text[:1].isupper() for t in prefix) \
        and not a_body_or_place_name(ent.text) and ent.root.lower_ not in ORGANISATION_NOUNS


def _name_gender(ent: Entity) -> str | None:
    """A person's gender from a first name that is strongly one gender (titles tell it first)."""
    words = ent.name.split()
    return first_name_gender(words[0]) if ent.label == "PERSON" and len(words) >= 2 else None


def _furniture_mention(span: Span, furniture: frozenset[int]) -> bool:
    return bool(furniture) and all(t.i in furniture for t in span)


def _display_name(name: str, toks: frozenset[str], spans: list[Span], furniture: frozenset[int]) -> str:
    """The cluster's name as the running text writes it: not a caption's or subhead's capitals.

    "HILLARY CLINTON" in a graphic and "Hillary Clinton" in the text are one cluster; the
    reader sees the second.  Only spellings of the same words compete, so the fullest name stays.
    """
    if any(c.islower() for c in name) and not all(_furniture_mention(s, furniture) for s in spans
                                                   if _name_tokens(clean_name(s)) == toks):
        return name
    for s in spans:
        if _furniture_mention(s, furniture):
            continue
        cand = clean_name(s)
        if _name_tokens(cand) == toks and any(c.islower() for c in cand):
            return cand
    return name


def entity_index(doc: Doc, entities: list[Entity]) -> EntityIndex:
    """The document's entity index: the one :func:`extract_entities` kept on the Doc, or rebuilt
    from the entities' mentions when they came from elsewhere (a deserialised analysis)."""
    idx = doc.user_data.get(INDEX_KEY)
    if idx is not None and (idx.entities_key == id(entities) or
                                    [i.entity.id for i in idx.infos] == [e.id for e in entities]):
        return idx
    # Entities came from elsewhere (e.g. deserialised): rebuild positions from their mentions.
    infos = []
    by_char: dict[int, EntityInfo] = {}
    furniture = furniture_tokens(doc)
    for ent in entities:
        info = EntityInfo(entity=ent, tokens=_name_tokens(ent.name))
        for m in ent.mentions:
            for s, e in m.spans:
                span = doc.char_span(s, e, alignment_mode="expand")
                subj = False
                if span is not None and (_furniture_mention(span, furniture)
                                         or ent.label == "NORP" and _modifier(span)):
                    continue
                if span is not None:
                    d, g = _descriptors_of(span)
                    info.descriptors |= d
                    info.gender = info.gender or g
                    subj = _is_subject(span)
                    for t in span:
                        by_char[t.idx] = info
                info.positions.append((s, e, subj))
        info.gender = info.gender or _name_gender(ent)
        infos.append(info)
    idx = EntityIndex(infos=infos, by_char=by_char, entities_key=id(entities))
    _remember(doc, idx)
    return idx
