"""How an article frames what it reports, in its own voice.

Three kinds of marker, each a :class:`~newsprism.model.FramingSpan` with a
note a reader can check:

* ``loaded_term``: a word from the shipped lexicon
  (``newsprism/data/loaded_terms.json``: term, category, note) used by the
  outlet itself.  Text inside quotation marks is skipped: the quoted speaker
  chose those words, not the outlet.  That means a direct quote's content, an
  unattributed quoted span (reported as a scare quote instead), or anything
  between a pair of quotation marks in one paragraph (a safety net for quotes
  the extractor missed).  Reported speech outside quotation marks ("Peskov said
  the main topic would be China's so-called peace plan") is the outlet's
  wording and is flagged, with a note naming whose speech it reports.
* ``attribution_verb``: each quote's cue, with its connotation: "said"/"told"
  are neutral, "claimed" casts doubt, "admitted" implies a damaging truth...
  Neutral cues are reported too (note says so) so that outlets can be
  compared on how often they depart from "said".
* ``scare_quote``: short quoted spans with no speaker, as passed in by the
  quote extractor: quotation marks used to keep distance from a word.

Matching is by regular expression on the text rather than a spaCy Matcher
because terms such as "so-called" or "hard-liner" tokenise differently from
how they are written, and the lexicon lists inflected forms explicitly.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Doc

from newsprism.model import FramingSpan, Quote, Span
from newsprism.nlp import doc_text

_QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ('"', '"'), ("«", "»"))
_MAX_QUOTED = 800  # longer "quotations" are almost surely unbalanced marks


@dataclass(frozen=True)
class _Term:
    term: str
    category: str
    note: str
    pattern: re.Pattern[str]
    not_after: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """The parsed lexicon file: loaded terms and attribution verb notes."""

    terms: tuple[_Term, ...]
    categories: dict[str, str] = field(default_factory=dict)
    neutral_verbs: frozenset[str] = frozenset()
    verb_notes: dict[str, str] = field(default_factory=dict)


def _term_pattern(forms: list[str]) -> re.Pattern[str]:
    alts = []
    for form in sorted(set(forms), key=len, reverse=True):
        words = re.split(r"\s+", form.strip())
        parts = [r"[-‐‑]".join(re.escape(p) for p in w.split("-")) for w in words]
        alts.append(r"\s+".join(parts))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def parse_lexicon(data: dict) -> Lexicon:
    """Build a :class:`Lexicon` from the JSON structure of ``loaded_terms.json``."""
    terms = []
    for entry in data.get("terms", []):
        forms = [entry["term"], *entry.get("forms", [])]
        terms.append(
            _Term(
                term=entry["term"],
                category=entry.get("category", ""),
                note=entry.get("note", ""),
                pattern=_term_pattern(forms),
                not_after=frozenset(w.lower() for w in entry.get("not_after", [])),
            )
        )
    verbs = data.get("attribution_verbs", {})
    return Lexicon(
        terms=tuple(terms),
        categories=dict(data.get("categories", {})),
        neutral_verbs=frozenset(verbs.get("neutral", [])),
        verb_notes=dict(verbs.get("non_neutral", {})),
    )


@functools.cache
def load_lexicon() -> Lexicon:
    """The lexicon shipped with the package (read once per process)."""
    text = resources.files("newsprism").joinpath("data", "loaded_terms.json").read_text(encoding="utf-8")
    return parse_lexicon(json.loads(text))


def extract_framing(
    doc: Doc,
    article_id: str,
    quotes: list[Quote],
    unattributed_quoted: list[tuple[int, int]],
    *,
    lexicon: Lexicon | None = None,
) -> list[FramingSpan]:
    """Loaded terms (outside quotations), attribution verbs and scare quotes, in text order."""
    lex = lexicon or load_lexicon()
    text = doc_text(doc)
    # Only words inside quotation marks are the speaker's; reported speech
    # ("Peskov said that ... the so-called peace plan") is worded by the outlet,
    # so a loaded term there is flagged, with a note naming whose speech it reports.
    quoted: list[Span] = [s for q in quotes if q.article_id == article_id and q.kind == "direct" for s in q.spans]
    reported = [
        (s, q) for q in quotes if q.article_id == article_id and q.kind != "direct" and _speaker_wording(q)
        for s in q.spans
    ]
    quoted += [tuple(s) for s in unattributed_quoted]  # type: ignore[misc]
    quoted += _quotation_mark_spans(text)
    cue_spans: list[Span] = []
    out: list[FramingSpan] = []

    seen_cues: set[tuple[Span, ...]] = set()
    for q in quotes:
        if q.article_id != article_id or q.cue is None or not q.cue.spans:
            continue
        key = tuple(tuple(s) for s in q.cue.spans)
        if key in seen_cues:
            continue
        seen_cues.add(key)
        cue_spans.extend(key)
        out.append(
            FramingSpan(
                article_id=article_id,
                spans=list(key),
                text=q.cue.text,
                type="attribution_verb",
                note=_verb_note(doc, q, lex),
            )
        )

    for s, e in unattributed_quoted:
        s, e = int(s), int(e)
        if not 0 <= s < e <= len(text):
            continue
        before = text[max(0, s - 14) : s].lower()
        extra = " after 'so-called': doubly distanced" if re.search(r"so[-‐‑]called\W*$", before) else ""
        out.append(
            FramingSpan(
                article_id=article_id,
                spans=[(s, e)],
                text=text[s:e],
                type="scare_quote",
                note="in quotation marks with no speaker named: the outlet keeps its distance from "
                f"these words{extra}",
            )
        )

    for term in lex.terms:
        for m in term.pattern.finditer(text):
            s, e = m.span()
            if _inside(s, e, quoted) or _overlaps(s, e, cue_spans):
                continue
            prev = re.search(r"([\w-]+)\W*$", text[max(0, s - 40) : s])
            if prev and prev.group(1).lower() in term.not_after:
                continue
            category = lex.categories.get(term.category, term.category)
            within = next((q for (a, b), q in reported if a <= s and e <= b), None)
            where = ""
            if within is not None:
                who = within.speaker.name if within.speaker else "an unnamed source"
                where = f"; in reported speech of {who}: outside quotation marks, so the outlet's wording"
            out.append(
                FramingSpan(
                    article_id=article_id,
                    spans=[(s, e)],
                    text=text[s:e],
                    type="loaded_term",
                    note=f"{term.category}: {term.note}"
                    + (f" ({category})" if category != term.category else "")
                    + where,
                )
            )
    out.sort(key=lambda f: (f.spans[0][0], f.spans[0][1], f.type))
    return out


def _speaker_wording(quote: Quote) -> bool:
    """Whether a quote's content may be the speaker's wording rather than the outlet's.

    Direct, partial and mixed quotes are; indirect speech ("said that ...") may
    be; an indirect "belief"/"finding"/"other" attribution ("failed to condemn
    Russia's aggression", "planned to ...") describes an attitude or act in the
    outlet's own words, so loaded terms there are the outlet's.
    """
    return quote.kind != "indirect" or quote.cue_class == "speech"


def _verb_note(doc: Doc, quote: Quote, lex: Lexicon) -> str:
    """The connotation of a quote's cue, by the lemmas of its words."""
    assert quote.cue is not None
    lemmas: list[str] = []
    for s, e in quote.cue.spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            lemmas.extend(w.lower() for w in re.findall(r"\w+", doc_text(doc)[s:e]))
        else:
            lemmas.extend(t.lemma_.lower() for t in span if not t.is_punct)
    candidates = [" ".join(lemmas[i : i + 2]) for i in range(len(lemmas) - 1)] + lemmas
    for cand in candidates:
        if cand in lex.verb_notes:
            return f"non-neutral attribution '{quote.cue.text}': {lex.verb_notes[cand]} ('said' would be neutral)"
    for cand in candidates:
        if cand in lex.neutral_verbs:
            return f"neutral attribution '{quote.cue.text}'"
    return f"attribution '{quote.cue.text}': not in the lexicon; its connotation is for the reader to judge"


def _quotation_mark_spans(text: str) -> list[Span]:
    """Spans between matching quotation marks within one paragraph."""
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        p0, ptext = para.start(), para.group(0)
        for open_m, close_m in _QUOTE_PAIRS:
            i = 0
            while True:
                a = ptext.find(open_m, i)
                if a == -1:
                    break
                if open_m == "‘" and a > 0 and ptext[a - 1].isalnum():
                    i = a + 1
                    continue
                b = ptext.find(close_m, a + 1)
                if open_m == "‘":  # ’ is also the apostrophe: take the one not followed by a letter
                    while b != -1 and b + 1 < len(ptext) and ptext[b + 1].isalpha():
                        b = ptext.find(close_m, b + 1)
                if b == -1:
                    break
                if b - a <= _MAX_QUOTED:
                    spans.append((p0 + a, p0 + b + 1))
                i = b + 1
    return spans


def _inside(s: int, e: int, spans: list[Span]) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def _overlaps(s: int, e: int, spans: list[Span]) -> bool:
    return any(s < b and a < e for a, b in spans)
