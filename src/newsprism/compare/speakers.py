"""One name per speaker across the articles of a story.

Outlets name people differently ("Xi", "Xi Jinping", "President Xi"); the quote
ledger needs one name to group the same speaker's words.  Rule: after removing
titles, a name whose words are all contained in exactly one fuller name (the
unique maximal one containing it) is mapped to that name.  Ambiguous short
names ("Bush" with both "George Bush" and "Jeb Bush" present) stay as they are.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from newsprism.model import Quote

TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "dr", "prof", "president", "vice", "prime", "minister", "chancellor", "secretary", "general", "gen", "sen", "senator", "rep", "representative", "gov", "governor", "king", "queen", "prince", "princess", "pope", "sir", "dame", "lord", "lady", "mayor", "judge", "justice", "ambassador", "spokesman", "spokeswoman", "spokesperson", "premier", "leader", "chairman", "chairwoman", "chief", "foreign", "defense", "defence", "state", "the", "former", "acting", "deputy", "colonel", "col", "lt", "sgt", "captain", "capt"]
)


def name_tokens(name: str) -> tuple[str, ...]:
    """Lower-cased, accent-folded words of a name without leading titles."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    toks = [t.strip(".,'’\"") for t in folded.replace("-", " ").split()]
    toks = [t for t in toks if t]
    while len(toks) > 1 and toks[0] in TITLES:
        toks = toks[1:]
    return tuple(toks)


def _display(name: str) -> str:
    """The name as written, without its leading titles."""
    parts = name.split()
    while len(parts) > 1 and parts[0].strip(".,").lower() in TITLES:
        parts = parts[1:]
    return " ".join(parts)


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
            supers = [k for k in keys if k != toks and set(toks) < set(k)]
            maximal = [k for k in supers if not any(set(k) < set(o) for o in supers)]
            if len(maximal) == 1:
                target = maximal[0]
        for n in group:
            mapping[n] = display[target]
    return mapping


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
