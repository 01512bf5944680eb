"""One name per speaker across the articles of a story.

Outlets name people differently ("Xi", "Xi Jinping", "President Xi"); the quote
ledger needs one name to group the same speaker's words.  Rule: after removing
titles, a name whose words are all contained in exactly one fuller name (the
unique maximal one containing it) is mapped to that name.  Ambiguous short
names ("Bush" with both "George Bush" and "Jeb Bush" present) stay as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple

from newsprism.analysis.speaker_words import NAME_SUFFIXES, PERSON_TITLES, acronym_letters, acronym_spellings
from newsprism.model import Quote

TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "dr", "prof", "president", "vice", "prime", "minister", "chancellor", "secretary", "general", "gen", "sen", "senator", "rep", "representative", "gov", "governor", "king", "queen", "prince", "princess", "pope", "sir", "dame", "lord", "lady", "mayor", "judge", "justice", "ambassador", "spokesman", "spokeswoman", "spokesperson", "premier", "leader", "chairman", "chairwoman", "chief", "foreign", "defense", "defence", "state", "the", "former", "acting", "deputy", "colonel", "col", "lt", "sgt", "captain", "capt"]
)


_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_DISPLAY_EDGE = re.compile(r"^[^\w(]+|[^\w.)]+$")  # a name keeps its final "Jr." / "Inc." / "F.C.C."


@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    """Lower-cased, accent-folded words of a name without leading titles (nor stray marks: ``">Sanders``).

    Cached: the search index folds each story's names at ingest (store/search.py), so one name is
    split once per story it is quoted in and several times per fold; a pure function of a string.
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    toks = [_EDGE.sub("", t) for t in folded.replace("-", " ").split()]
    toks = [t for t in toks if t]
    return tuple(_without_titles(toks))


def _without_titles(words: list[str]) -> list[str]:
    """``words`` without the titles in front: "President Obama" is "Obama".

    A title's "of" goes with it only before another title ("Secretary of State Antony Blinken"):
    "mayor of Nice" and "chief of police" are a role held in a place or a body, named by the role;
    cut to "Nice" or "police" they would be one speaker with the city or the force.  A role with
    no name after it stays whole ("Secretary of State" is not "State").
    """
    out, stripped, of = words, False, False
    while len(out) > 1 and (out[0] in TITLES or (stripped and out[0] == "of")):
        if out[0] == "of":
            if out[1] not in TITLES:
                return words
            of = True
        out, stripped = out[1:], True
    return words if of and all(w in TITLES for w in out) else out  # "Secretary of State": a role, no name


def _display(name: str) -> str:
    """The name as written, without its leading titles or stray marks."""
    parts = name.split()
    kept = len(_without_titles([p.strip(".,").lower() for p in parts]))
    return _DISPLAY_EDGE.sub("", " ".join(parts[len(parts) - kept:])) or name


def _shouted(name: str) -> bool:
    """A word of four letters or more in capitals: a caption's or a graphic's spelling ("MICHAEL Sheen")."""
    return any(len(w) > 3 and w.isupper() for w in name.split())


# Words of a name in running text: capitalised, not shouted, no sentence-initial "-ing" form
# ("Tranquilizing Harambe"); particles ("de", "bin", "van") may stay lower-case.
_PARTICLES = frozenset("de del della der di da du van von bin ibn al el la le ter ten y".split())


def _name_like(name: str) -> bool:
    """Whether ``name`` reads as a person's full name, fit to stand for a shorter one."""
    words = name.split()
    return bool(words) and not _shouted(name) and not words[0].lower().endswith("ing") and all(
        w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def canonical_speaker_names(quotes: list[Quote]) -> dict[str, str]:
    """Map every speaker name in ``quotes`` to its canonical (fullest unique) name."""
    names = sorted({q.speaker.name for q in quotes if q.speaker and q.speaker.name.strip()})
    counts = Counter(q.speaker.name for q in quotes if q.speaker)
    by_tokens: dict[tuple[str, ...], list[str]] = {}
    for n in names:
        by_tokens.setdefault(name_tokens(n), []).append(n)
    # One display form per token set: the most used, then the shortest.
    display = {
        toks: _display(sorted(group, key=lambda n: (-counts[n], len(n), n))[0]) for toks, group in by_tokens.items()
    }
    keys = list(by_tokens)
    mapping: dict[str, str] = {}
    for toks, group in by_tokens.items():
        target = toks
        if toks and all(t[:1].isalpha() for t in toks):
            # never into a joint speaker ("China" is not "China and Russia")
            supers = [k for k in keys if k != toks and set(toks) < set(k) and not _held_in(toks, k) and "and" not in k]
            maximal = [k for k in supers if not any(set(k) < set(o) for o in supers)]
            if len(maximal) == 1:
                target = maximal[0]
        for n in group:
            mapping[n] = display[target]
    return mapping


def _held_in(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether the shorter name is what the longer one's role is held in: "Nice" in "the mayor of
    Nice", "police" in "chief of police", "Texas" in "University of Texas" are not one speaker with it
    ("Police" in "Benton Police Department" is, and so is a full name after the role: "Christian
    Estrosi" in "Mayor of Nice Christian Estrosi")."""
    return len(short) == 1 and "of" in long and set(short) <= set(long[long.index("of") + 1:])


def apply_canonical_speakers(quotes: list[Quote], mapping: dict[str, str] | None = None) -> list[Quote]:
    """Copies of ``quotes`` whose ``speaker.name`` is canonical (inputs are not modified)."""
    mapping = canonical_speaker_names(quotes) if mapping is None else mapping
    out = []
    for q in quotes:
        if q.speaker is not None and q.speaker.name in mapping and mapping[q.speaker.name] != q.speaker.name:
            speaker = q.speaker.model_copy(update={"name": mapping[q.speaker.name]})
            out.append(q.model_copy(update={"speaker": speaker}))
        else:
            out.append(q.model_copy())
    return out


# ----------------------------------------------------------------------------- the whole corpus


def corpus_speaker_names(speakers: Iterable[tuple[str, str | None, int]], one_story: bool = False) -> dict[str, str]:
    """One name per person across a whole report or corpus: ``(name, kind, quotes)`` rows -> canonical name.

    Why beside :func:`canonical_speaker_names`: a story holds a few outlets' reports, while a reader
    of the speakers pages looks across every story, where "Obama" in one story and "Barack Obama" in
    another are one person, unless the corpus also quotes a Michelle Obama.  Rules, all of them
    about people (kind ``person``; ``None``, written before kinds existed, counts as a person):

    * titles are not part of a name ("President Obama" is "Obama");
    * a shorter name goes to the one fuller name that holds all its words and ends with its last
      word ("Obama" -> "Barack Obama") or starts with its first (family name first: "Xi" -> "Xi
      Jinping"); with two such names ("Barack Obama", "Michelle Obama"; "Paul Ryan", "Rand Paul")
      it stays as written;
    * an epithet is not part of a name: leading words before another person's full name
      ("Crooked Hillary Clinton" -> "Hillary Clinton", "UN Nikki Haley") are dropped when no other
      name in the corpus starts with them or the shorter name is quoted at least twice as often
      (so "John Paul Jones" is not "Paul Jones" when a "John Kerry" is quoted); an initial stays;
    * only a name written like one stands for others: capitalised words, none in capitals, no
      leading "-ing" form (a caption's "CLOSE Sheila E" or "Tranquilizing Harambe" takes no one in);
    * organisations, groups and descriptions keep their own names ("the Clinton campaign" is never
      Hillary Clinton); a name is a person's when quoted as one more often than as any other kind;
    * the name shown is the commonest spelling of the chosen words, without titles or stray marks;
    * inside ``one_story`` only, a body with its country in front is the body ("US Centers for
      Disease Control and Prevention" in one outlet, "Centers for Disease Control and Prevention" in
      another): across a corpus "Supreme Court" is every country's and state's; so is an acronym
      the full name of one of the story's bodies spells ("CDC" in one outlet, "Centers for Disease
      Control and Prevention" in another).

    A pure function of its input, so report.json, the HTML report and the web app's speaker
    aggregates (store/search.py) fold names the same way.
    """
    tally = _tally(speakers)
    display = tally.display
    person = {n for n in tally.counts if _mostly(tally.kinds[n], "person")}
    person_toks = {t for t in (name_tokens(n) for n in person) if t and all(w[:1].isalpha() for w in t)}
    targets = _person_targets(person_toks, display, tally.tok_counts)
    variants = _spelling_variants(person_toks, tally.tok_counts)
    bodies = _story_bodies(tally) if one_story else {}
    mapping: dict[str, str] = {}
    for toks, group in tally.by_tokens.items():
        if not toks:
            continue
        dest = toks
        if toks in person_toks:
            dest = targets(toks)
            # a spelling variant, or a short name that went to one ("Lonaker"): the variants' one name
            dest = variants.get(toks) or variants.get(dest, dest)
        shown = display.get(dest) or display[toks]
        for n in group:
            if n in person or dest == toks:
                mapping[n] = shown if toks not in bodies or n in person else display[bodies[toks]]
            else:
                mapping[n] = n
    return mapping


class _Tally(NamedTuple):
    """The rows of :func:`corpus_speaker_names` added up once: per name and per name's words."""

    counts: Counter[str]  # quotes per name as written
    kinds: dict[str, Counter[str]]  # quotes per name and kind
    by_tokens: dict[tuple[str, ...], list[str]]  # a name's words -> the names written with them
    display: dict[tuple[str, ...], str]  # a name's words -> the spelling shown
    tok_counts: Counter[tuple[str, ...]]  # quotes per name's words


def _tally(speakers: Iterable[tuple[str, str | None, int]]) -> _Tally:
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for name, kind, n in speakers:
        if name and name.strip():
            counts[name] += n
            kinds[name][kind or "person"] += n
    by_tokens: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for n in counts:
        by_tokens[name_tokens(n)].append(n)
    display = {toks: _display(sorted(group, key=lambda n: (_shouted(n), -counts[n], len(n), n))[0])
               for toks, group in by_tokens.items() if toks}
    tok_counts: Counter[tuple[str, ...]] = Counter()
    for toks, group in by_tokens.items():
        tok_counts[toks] = sum(counts[n] for n in group)
    return _Tally(counts, kinds, by_tokens, display, tok_counts)


def _mostly(kinds: Counter[str], kind: str) -> bool:
    """Whether a name was quoted as ``kind`` more often than as any other kind.

    A tie is neither, so the answer never depends on the order of the rows (the search index groups
    a story's quotes, a story page reads them in article order: both must fold the same names).
    """
    return kinds[kind] > max((c for k, c in kinds.items() if k != kind), default=0)


def _person_targets(person_toks: set[tuple[str, ...]], display: dict[tuple[str, ...], str],
                    tok_counts: Counter[tuple[str, ...]]) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """The name each person's name goes to: epithet dropped, then the one fuller name holding it.

    Returns a function of a person's name words.  Adds to ``display`` the spelling of a person
    named only after a title ("UN Spokesperson Stephane Dujarric" -> "Stephane Dujarric").
    """
    full = [t for t in person_toks if len(t) >= 2 and _name_like(display[t])]
    first_words: Counter[str] = Counter(t[0] for t in full)
    full_set = set(full)
    reduced = {t: _without_epithet(t, display, full_set, first_words, tok_counts) for t in full}

    def last_word(toks: tuple[str, ...]) -> str:
        # the last word as written, hyphen and all: "Moon" is not the end of "Ban Ki-moon"
        return " ".join(name_tokens(display[toks].split()[-1])) if toks in display else toks[-1]

    def first_word(toks: tuple[str, ...]) -> str:
        return " ".join(name_tokens(display[toks].split()[0])) if toks in display else toks[0]

    by_word = defaultdict(list)
    for t in set(reduced.values()):
        for w in set(t):
            by_word[w].append(t)

    def target(toks: tuple[str, ...]) -> tuple[str, ...]:
        toks = reduced.get(toks, toks)
        # the fuller names holding all its words and ending with its last word ("Obama" -> "Barack
        # Obama") or, where the family name comes first, starting with its first ("Xi" -> "Xi Jinping")
        supers = [t for t in by_word.get(toks[-1], []) if t != toks and set(toks) < set(t)
                  and (last_word(t) == last_word(toks) or first_word(t) == first_word(toks))
                  and not _more_initials(toks, t)]
        maximal = [t for t in supers if not any(set(t) < set(o) and not _more_initials(t, o) for o in supers)]
        return maximal[0] if len(maximal) == 1 else toks

    return target


def _without_epithet(toks: tuple[str, ...], display: dict[tuple[str, ...], str], full_set: set[tuple[str, ...]],
                     first_words: Counter[str], tok_counts: Counter[tuple[str, ...]]) -> tuple[str, ...]:
    """The longest full name ``toks`` ends with, if the words in front never start another name."""
    shown = display[toks].split()
    for k in range(1, len(toks) - 1):
        rest = toks[k:]
        # an initial ("J. Christopher Giancarlo") is part of the name, never an epithet
        acronym = len(shown) == len(toks) and all(w.isupper() and w.isalpha() for w in shown[:k])
        if len(rest) >= 2 and toks[k - 1] in TITLES and len(shown) == len(toks) and not set(rest) & TITLES:
            # "UN Spokesperson Stephane Dujarric": a title right before two or more words ends
            # a description; the person is what follows, known elsewhere in the corpus or not (a
            # rest holding a title is a function, not a name: "Japan's Chief Cabinet Secretary")
            display.setdefault(rest, " ".join(shown[k:]))
            return rest
        if rest in full_set and all(len(w) > 1 for w in toks[:k]) and (
                acronym  # "UN Nikki Haley": an organisation in front of a person
                or not any(first_words[w] - (w == toks[0]) > 0 for w in toks[:k])
                or tok_counts[rest] >= 2 * tok_counts[toks]):
            return rest
    return toks


def _story_bodies(tally: _Tally) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Inside one story, a body's other names -> its one name (country in front, acronym)."""
    body_toks = {t for n in tally.counts if (t := name_tokens(n)) and _mostly(tally.kinds[n], "organisation")}
    bodies = _body_variants(body_toks, tally.tok_counts)
    for short, long in _acronym_variants(body_toks, tally.display).items():
        bodies[short] = bodies.get(long, long)
    return bodies


# A country's name in front of its own body's ("U.S. Food and Drug Administration"); name_tokens'
# spelling ("U.S." is "u.s").
_COUNTRY_PREFIXES = ((("us",), "us"), (("u.s",), "us"), (("united", "states"), "us"), (("uk",), "uk"),
                     (("u.k",), "uk"))


def _body_variants(body_toks: set[tuple[str, ...]], counts: Counter[tuple[str, ...]]
                   ) -> dict[tuple[str, ...], tuple[str, ...]]:
    """One story's organisation names that differ by a country in front -> the most quoted of them.

    "US Centers for Disease Control and Prevention" and "Centers for Disease Control and Prevention",
    "U.S. Food and Drug Administration" and "Food and Drug Administration": one speaker for the quote
    ledger, which took each outlet's spelling for another body.  Only from a name of two or more words
    ("US military" is not every "military") that no title opens ("U.S. Attorney's Office" is the
    federal prosecutor's).  Two countries' bodies of one name ("US Supreme Court", "UK Supreme Court")
    stay apart, and the name without a country with them.  Acronyms: :func:`_acronym_variants`.
    """
    countries: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for toks in body_toks:
        for prefix, country in _COUNTRY_PREFIXES:
            rest = toks[len(prefix):]
            role = bool(rest) and rest[0].removesuffix("'s").removesuffix("’s") in PERSON_TITLES
            if toks[:len(prefix)] == prefix and len(rest) >= 2 and rest in body_toks and not role:
                countries[rest].add(country)
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for rest, by_country in countries.items():
        if len(by_country) > 1:
            continue  # "US Supreme Court" and "UK Supreme Court" in one story: two courts, "Supreme Court" either
        (country,) = by_country
        members = [rest, *[t for t in body_toks if _country_variant(t, rest, country)]]
        best = max(members, key=lambda t: (counts[t], -len(t), t))
        out.update({t: best for t in members})
    return out


def _acronym_variants(body_toks: set[tuple[str, ...]], display: dict[tuple[str, ...], str]
                      ) -> dict[tuple[str, ...], tuple[str, ...]]:
    """One story's acronyms -> the one body name among its speakers that each spells ("CDC" ->
    "Centers for Disease Control and Prevention", "BOE" -> "Board of Elections").

    An article that spells both joins them itself (:func:`newsprism.analysis.entities.extract_entities`);
    this joins them across a story's articles, where one outlet writes "CDC" and another the full name
    and the ledger took them for two speakers.  Three letters or more (two spell too many names) and
    exactly one body of the story spelt by them; never across a corpus, where "SPD" of a German story
    is not the "Slidell Police Department" of another.
    """
    spelled: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for toks in body_toks:
        for letters in acronym_spellings(display[toks]):
            spelled[letters].add(toks)
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for toks in body_toks:
        short = acronym_letters(display[toks])
        if len(toks) == 1 and short is not None and len(short) >= 3:
            targets = spelled.get(short, set())
            if len(targets) == 1:
                out[toks] = targets.pop()
    return out


def _country_variant(toks: tuple[str, ...], rest: tuple[str, ...], country: str) -> bool:
    """Whether ``toks`` is ``rest`` with one spelling of ``country`` in front ("U.S." and "US")."""
    return any(c == country and toks[:len(p)] == p and toks[len(p):] == rest for p, c in _COUNTRY_PREFIXES)


def _more_initials(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``long`` adds initials to a name that has some: another person ("George W. Bush" is not
    "George H. W. Bush")."""
    return any(len(w) == 1 for w in short) and any(len(w) == 1 for w in set(long) - set(short))


def _spelling_variants(person_toks: set[tuple[str, ...]], counts: Counter[tuple[str, ...]]
                       ) -> dict[tuple[str, ...], tuple[str, ...]]:
    """One person's names that differ only by middle initials or a generation suffix ("James Lonaker
    Jr.", "James E. Lonaker", "James Lonaker") -> the most quoted of them.

    Neither name holds the other's words, so the fuller-name rule of :func:`corpus_speaker_names`
    cannot join them.  They stay apart when the variants conflict: two different sets of initials
    ("George W. Bush", "George H. W. Bush") or suffixes ("Jr." / "Sr.") are father and son.
    """
    groups: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for toks in person_toks:
        body = toks[:-1] if len(toks) > 2 and toks[-1] in NAME_SUFFIXES else toks
        core = tuple(t for k, t in enumerate(body) if not (len(t) == 1 and 0 < k < len(body) - 1))
        if len(core) >= 2:
            groups[core].append(toks)
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        initials = {tuple(t for t in m if len(t) == 1) for m in members} - {()}
        suffixes = {m[-1] for m in members if m[-1] in NAME_SUFFIXES and len(m) > 2}
        if len(initials) > 1 or len(suffixes) > 1:
            continue
        best = max(members, key=lambda m: (counts[m], len(m), m))
        out.update({m: best for m in members})
    return out


def corpus_names_of_quotes(quotes: Iterable[Quote], one_story: bool = False) -> dict[str, str]:
    """:func:`corpus_speaker_names` over the speakers of ``quotes`` (each quote counts once)."""
    rows: Counter[tuple[str, str | None]] = Counter(
        (q.speaker.name, q.speaker.kind) for q in quotes if q.speaker is not None)
    return corpus_speaker_names(((name, kind, n) for (name, kind), n in rows.items()), one_story)
