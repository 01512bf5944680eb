"""A cheap "is this English?" test for ingest.

Hand-written on purpose: no language-identification model ships offline with
the project (the spaCy English pipeline cannot tell languages apart, and
fastText/CLD-style models would be a download at run time), and the question
ingest asks is narrow: *is this English news, and if not, roughly what?*
Function words answer it well: in any English prose of a few dozen words,
"the, of, and, to, in, ..." make up a third or more of the tokens, while in
German or Spanish news they are a few percent.  Texts in another script are
named by their Unicode script.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Texts with fewer words than this are not judged (too little evidence).
MIN_WORDS = 20
# English prose has >= ~0.3 of its tokens in ENGLISH; other languages < 0.1.
MIN_ENGLISH_RATIO = 0.15

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "English": frozenset(
        ["the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "with", "as", "was", "on", "be", "by", "at", "this", "are", "from", "or", "an", "have", "has", "had", "not", "but", "which", "they", "he", "she", "his", "her", "their", "its", "we", "you", "i", "were", "been", "will", "would", "said", "who", "more", "than", "there", "about", "after", "also", "up", "out", "into", "can", "could", "one", "all", "what", "when", "if", "no", "so", "over", "new", "two", "them", "our"]
    ),
    "German": frozenset(
        ["der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "von", "mit", "sich", "des", "auf", "für", "im", "dem", "es", "auch", "als", "an", "nach", "wie", "bei", "einer", "um", "am", "sind", "noch", "wird", "aus", "er", "sie", "hat", "dass", "werden", "zum", "zur", "über", "vor", "durch", "wurde", "sagte", "oder", "aber", "nur", "wir", "ich"]
    ),
    "Spanish": frozenset(
        ["el", "la", "de", "que", "y", "en", "los", "del", "se", "las", "por", "un", "para", "con", "no", "una", "su", "al", "lo", "como", "más", "pero", "sus", "le", "ya", "o", "fue", "este", "ha", "porque", "esta", "son", "entre", "cuando", "muy", "sin", "sobre", "también", "me", "hasta", "hay", "donde", "dijo", "desde"]
    ),
    "French": frozenset(
        ["le", "la", "les", "de", "des", "du", "et", "est", "un", "une", "en", "que", "qui", "dans", "pour", "pas", "sur", "au", "aux", "avec", "ce", "il", "elle", "ne", "se", "par", "plus", "sont", "ont", "été", "cette", "mais", "ou", "son", "sa", "ses", "leur", "nous", "vous", "selon"]
    ),
    "Italian": frozenset(
        ["il", "la", "di", "che", "e", "è", "un", "una", "per", "non", "con", "del", "della", "le", "gli", "dei", "da", "in", "si", "sono", "ha", "anche", "come", "più", "ma", "al", "alla", "nel", "nella", "ha", "questo", "questa"]
    ),
    "Portuguese": frozenset(
        ["o", "a", "os", "as", "de", "do", "da", "dos", "das", "que", "e", "em", "um", "uma", "para", "com", "não", "no", "na", "por", "se", "mais", "foi", "ao", "ser", "pelo", "pela", "é", "também", "seu", "sua"]
    ),
    "Dutch": frozenset(
        ["de", "het", "een", "en", "van", "is", "dat", "niet", "in", "op", "te", "met", "zijn", "voor", "die", "er", "aan", "ook", "als", "bij", "om", "dan", "maar", "nog", "wordt", "naar", "door", "heeft", "werd", "worden", "tegen"]
    ),
}

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _script(ch: str) -> str:
    """First word of the Unicode name: LATIN, CYRILLIC, CJK, ARABIC, GREEK, ..."""
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "UNKNOWN"


def non_english_reason(text: str) -> str | None:
    """None if ``text`` may be English; else a one-line reason such as "not English (looks like German)"."""
    # Letters counted per distinct character, then per script: the same counts (and, for ties, the
    # same first-seen order of scripts) as naming every letter's script, a 40th of the lookups.
    letters = {c: n for c, n in Counter(text).items() if c.isalpha()}
    n_letters = sum(letters.values())
    if n_letters >= 50:
        scripts: Counter[str] = Counter()
        for c, n in letters.items():
            scripts[_script(c)] += n
        script, n = scripts.most_common(1)[0]
        if script != "LATIN" and n / n_letters > 0.5:
            name = {"CJK": "Chinese/Japanese", "HANGUL": "Korean", "HIRAGANA": "Japanese",
                    "KATAKANA": "Japanese"}.get(script, script.title())
            return f"not English (looks like {name} script)"
    words = [w.lower() for w in _WORD_RE.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    ratios = {lang: sum(w in fw for w in words) / len(words) for lang, fw in FUNCTION_WORDS.items()}
    en = ratios.pop("English")
    best_lang, best = max(ratios.items(), key=lambda kv: kv[1])
    if en >= MIN_ENGLISH_RATIO and en >= best:
        return None
    if best >= MIN_ENGLISH_RATIO / 2 and best > en:
        return f"not English (looks like {best_lang}: {best:.0%} {best_lang} vs {en:.0%} English function words)"
    return f"not English (only {en:.0%} of words are English function words)"
