"""Figures (amounts, percentages, counts, quantities, dates) in one article.

spaCy's NER finds *where* the numbers are (MONEY, PERCENT, CARDINAL,
QUANTITY, DATE); this module decides *what they are*: a number with a unit,
or an ISO date, so that two outlets' "$87 billion" / "87 billion dollars" or
"March 20" / "20 March" can be compared without looking at their wording.

Why hand-written normalisation: the libraries at hand either need a network
model (none allowed), are not dependencies of the project (word2number,
quantulum3), or parse too eagerly (``dateutil``'s fuzzy mode turns any
digit into a date; ``dateparser`` is slow and misreads "February last
year").  News numbers come in a small set of shapes, handled below.

Decisions (documented because they change what the report shows):

* ORDINAL and TIME entities are not figures ("first visit", "3:30 p.m.").
* A CARDINAL "one" that is not a number modifier ("one of the officials",
  "the one who") is a pronoun use and skipped.
* A small number *word* (two..ten) after a definite determiner or
  possessive ("the two leaders", "their three children") refers back to
  people or things already named; it is not a reported fact and skipped.
* A number glued to a name by a hyphen ("COVID-19", "F-16", "Su-57") is part
  of the name and skipped.
* A DATE with neither a number nor a calendar anchor ("the last few years",
  "recent decades", "the first quarter") is vague and skipped.
* Durations ("10 years", "those 10 years", "a one-year anniversary") are
  ``kind="quantity"`` with unit "year"/"month"/...; "10 years ago" is a date
  (resolved against the publication date when there is one).
* A range in one entity ("$87 billion to $185 billion") gives one figure
  per end, each with its own exact span; "between $5 and $7 billion" gives
  the first end the scale of the second.
* Dates without a year take the publication year, moved by one year when
  that puts the date nearer the publication date (a January article's
  "Dec. 28" is last December); with no publication date, the ISO 8601
  "no year" form "--MM-DD" / "--MM" is used.
* Spans: figure text is exactly ``doc.text[start:end]``; a leading
  "the"/"those"/"these" at the start of a date/duration is dropped, approximators ("about",
  "more than") are kept because they are part of what the outlet claims.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsprism.model import Figure
from newsprism.nlp import doc_text

FIGURE_LABELS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY", "DATE"})

CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR",
    "₴": "UAH", "c$": "CAD", "a$": "AUD", "hk$": "HKD", "₩": "KRW", "₺": "TRY",
}
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rmb": "CNY", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
    "rupee": "INR", "rupees": "INR", "hryvnia": "UAH", "hryvnias": "UAH", "hryvnias'": "UAH",
    "franc": "CHF", "francs": "CHF", "lira": "TRY", "shekel": "ILS", "shekels": "ILS",
}
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}
UNITS_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1,
}
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
MISC_NUMBER_WORDS: dict[str, float] = {"dozen": 12, "half": 0.5, "quarter": 0.25}
PERCENT_WORDS = ("%", "percent", "per cent", "pct")
DURATION_UNITS: dict[str, str] = {
    "year": "year", "years": "year", "month": "month", "months": "month", "week": "week",
    "weeks": "week", "day": "day", "days": "day", "decade": "decade", "decades": "decade",
    "century": "century", "centuries": "century", "hour": "hour", "hours": "hour",
}
MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
DEFINITE = frozenset({"the", "these", "those", "their", "its", "our", "his", "her", "my", "your", "both"})
RANGE_CONNECTORS = frozenset({"to", "and", "-", "–", "—", "or"})

_NUM_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(bn|mn|mln|m|k|b|tn|trn)?\.?$", re.I)
_YEAR_RE = re.compile(r"\b(1[6-9]\d\d|20\d\d)(s?)\b")
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_DAY_RE = re.compile(
    rf"\b(?P<month>{_MONTH_ALT})\b\.?(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)?", re.I
)
_DAY_MONTH_RE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_ALT})\b", re.I
)
_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass
class _Amount:
    """One number found inside an entity, before it becomes a Figure."""

    start: int  # char offsets into the doc
    end: int
    value: float | None
    scaled: bool  # carried an explicit scale word ("billion")
    scale: float = 1.0
    currency: str | None = None
    next_i: int = 0  # token index just after the number (and its currency word)


@dataclass
class _Found:
    """A normalised figure before it gets its id and sentence."""

    start: int
    end: int
    kind: str
    value: float | str | None
    unit: str | None
    ent: Span
    scaled: bool = True
    scale: float = 1.0


def extract_figures(doc: Doc, article_id: str, published: str | None = None) -> list[Figure]:
    """Every non-trivial figure in ``doc``, in text order, normalised.

    ``published`` (ISO date or datetime) anchors year-less and relative dates.
    """
    anchor = _parse_published(published)
    found: list[_Found] = []
    for ent in doc.ents:
        if ent.label_ not in FIGURE_LABELS:
            continue
        found.extend(_figures_for_entity(doc, ent, anchor))
    found.sort(key=lambda f: (f.start, f.end))
    _inherit_scale_across(doc, found)
    figures: list[Figure] = []
    seen: set[tuple[int, int]] = set()
    # Sentence bounds once per doc: ``Span.sent`` walks ``doc.sents`` on every
    # call, which made this function quadratic in the article's length.
    sents = [(st.start_char, st.end_char) for st in doc.sents]
    sent_starts = [a for a, _ in sents]
    for f in found:
        start, end, kind, value, unit, ent = f.start, f.end, f.kind, f.value, f.unit, f.ent
        if (start, end) in seen or any(s <= start and end <= e for s, e in seen):
            continue  # the same number reached from two entities (range merging)
        seen.add((start, end))
        s0, s1 = sents[max(0, bisect.bisect_right(sent_starts, ent.start_char) - 1)]
        sent_start, sent_end = _sentence_bounds(doc_text(doc), s0, s1, start, end)
        if _is_page_furniture(doc_text(doc)[sent_start:sent_end]):
            continue
        figures.append(
            Figure(
                id=f"{article_id}:f{len(figures) + 1}",
                article_id=article_id,
                spans=[(start, end)],
                text=doc_text(doc)[start:end],
                value=value,
                unit=unit,
                kind=kind,  # type: ignore[arg-type]
                context=doc_text(doc)[sent_start:sent_end],
                sentence_spans=[(sent_start, sent_end)],
            )
        )
    return figures


# A copyright notice or a posting line ("Copyright 2017 The Associated Press. All rights reserved.",
# "Posted by Jane Doe on Sunday", "Last updated: 3:15 PM") dates the page, not the event: its
# figures would put the page's year or day on the story's timeline and into figure agreement.
_FURNITURE_RE = re.compile(
    r"^\W*(?:copyright\b|©|\(c\)\s*\d|all rights reserved|(?:originally\s+)?(?:posted|published|updated|"
    r"last\s+updated|filed)\b(?:\s+(?:by|on|at)\b|\s*:|\s+\d|\s+(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|oct|nov|dec)))",
    re.IGNORECASE,
)


def _is_page_furniture(sentence: str) -> bool:
    """Whether a sentence is a copyright notice or a byline/posting line rather than reporting."""
    return bool(_FURNITURE_RE.match(sentence)) or "all rights reserved" in sentence.lower()


# --------------------------------------------------------------------------- entities


def _figures_for_entity(
    doc: Doc, ent: Span, anchor: dt.date | None
) -> Iterator[_Found]:
    label = ent.label_
    start_i, end_i = _expand(doc, ent)
    toks = list(doc[start_i:end_i])
    low = " ".join(t.lower_ for t in toks)
    if label == "DATE":
        yield from _date_figure(doc, ent, toks, anchor)
        return
    # A percent/cardinal entity followed by "percentage points" / "percent".
    if label in ("CARDINAL", "PERCENT") and any(w in low for w in PERCENT_WORDS + ("percentage",)):
        label = "PERCENT"
    if label == "CARDINAL" and _trivial_cardinal(doc, ent):
        return
    amounts = _amounts(doc, start_i, end_i)
    if not amounts:
        return
    _inherit_range_scale(doc, amounts)
    if label == "MONEY":
        currency = next((a.currency for a in amounts if a.currency), None)
        for a in amounts:
            if a.value is None:
                continue
            yield _Found(a.start, a.end, "money", a.value, a.currency or currency, ent, a.scaled, a.scale)
        return
    if label == "PERCENT":
        unit = "percentage point" if "percentage point" in low else "%"
        for a in amounts:
            if a.value is not None:
                end = _extend_over(doc, a, end_i, ("%", "percent", "per", "cent", "percentage", "points", "point"))
                yield _Found(a.start, end, "percent", a.value, unit, ent, a.scaled, a.scale)
        return
    if label == "QUANTITY":
        unit_words = [t.lower_ for t in toks if t.idx >= amounts[-1].end and t.is_alpha]
        unit = " ".join(unit_words) or None
        for a in amounts:
            if a.value is not None:
                end = toks[-1].idx + len(toks[-1].text) if a is amounts[-1] else a.end
                yield _Found(a.start, end, "quantity", a.value, unit, ent)
        return
    # CARDINAL
    year = _cardinal_year(doc, ent)
    if year is not None:
        yield _Found(ent.start_char, ent.end_char, "date", year, "date", ent)
        return
    for a in amounts:
        if a.value is None:
            continue
        end = a.end
        if a is amounts[-1]:
            end = _hyphen_compound_end(doc, end_i, end)
        yield _Found(a.start, end, "count", a.value, "count", ent, a.scaled, a.scale)


def _expand(doc: Doc, ent: Span) -> tuple[int, int]:
    """Grow the entity over a currency symbol or scale/percent word NER left out.

    spaCy's small model often tags "1.5bn" but not the "$" before it, or "2.5"
    but not the "percentage points" after it.
    """
    i, j = ent.start, ent.end
    if i > 0 and doc[i - 1].lower_ in CURRENCY_SYMBOLS:
        i -= 1
    while j < len(doc):
        w = doc[j].lower_.rstrip(".")
        nxt = doc[j + 1].lower_ if j + 1 < len(doc) else ""
        if (w in SCALES and w not in ("b", "k")) or w in ("%", "percent", "pct") or (
            w in ("percentage", "per") and nxt in ("point", "points", "cent")
        ) or w in ("point", "points", "cent") and j > ent.end:
            j += 1
        else:
            break
    return i, j


def _trivial_cardinal(doc: Doc, ent: Span) -> bool:
    if len(ent) == 1:
        tok = ent[0]
        if tok.lower_ == "one" and tok.dep_ not in ("nummod", "quantmod", "compound"):
            return True  # "one of the officials", "the one who ..."
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if (
            prev is not None
            and prev.lower_ in DEFINITE | {"'s", "’s"}
            and tok.lower_ in UNITS_WORDS
            and tok.lower_ not in ("a", "an")
            and UNITS_WORDS[tok.lower_] <= 10
        ):
            return True  # "the two leaders": an anaphoric group, not a fact
    first = ent[0]
    if first.i > 0 and doc[first.i - 1].text in ("-", "‑") and not doc[first.i - 1].whitespace_:
        before = doc[first.i - 2] if first.i > 1 else None
        if before is not None and not before.whitespace_ and before.is_alpha:
            return True  # "COVID-19", "F-16": part of a name
    return bool(first.i > 0 and not doc[first.i - 1].whitespace_ and doc[first.i - 1].is_alpha)


def _cardinal_year(doc: Doc, ent: Span) -> str | None:
    """A CARDINAL that is a year ("since 2014") - the small model mislabels these."""
    if len(ent) != 1 or not re.fullmatch(r"(1[6-9]|20)\d\d", ent.text):
        return None
    prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if prev in ("in", "since", "until", "till", "by", "from", "before", "after", "of", "during"):
        return ent.text
    return None


def _hyphen_compound_end(doc: Doc, end_i: int, end: int) -> int:
    """Cover "-point" in "12-point plan": the count's noun, glued to it."""
    if end_i + 1 < len(doc):
        hy, noun = doc[end_i], doc[end_i + 1]
        if hy.text in ("-", "‑") and not doc[end_i - 1].whitespace_ and not hy.whitespace_ and noun.is_alpha:
            return noun.idx + len(noun.text)
    return end


def _extend_over(doc: Doc, amount: _Amount, end_i: int, words: tuple[str, ...]) -> int:
    """Move the amount's end over the unit words that follow it inside the entity."""
    end = amount.end
    for tok in doc[amount.next_i : end_i]:
        if tok.lower_ not in words:
            break
        end = tok.idx + len(tok.text)
    return end


# --------------------------------------------------------------------------- numbers


def _amounts(doc: Doc, start_i: int, end_i: int) -> list[_Amount]:
    """Split the tokens into numbers (with their currency and scale).

    A number is a run of digit/number-word/scale tokens; a currency symbol
    just before it or a currency word just after belongs to it.
    """
    out: list[_Amount] = []
    i = start_i
    while i < end_i:
        tok = doc[i]
        if not _is_numberish(tok) or (tok.lower_ in ("a", "an") and not _next_is_numberish(doc, i, end_i)):
            i += 1
            continue
        j = i
        while j < end_i and (
            _is_numberish(doc[j])
            or (doc[j].text in ("-", "‑") and j + 1 < end_i and _is_word_number(doc[j + 1]) and j > i)
            or (doc[j].lower_ == "and" and j > i and _is_word_number(doc[j - 1])
                and doc[j - 1].lower_ in ("hundred", "thousand", "million") and j + 1 < end_i
                and _is_word_number(doc[j + 1]))
        ):
            j += 1
        seg = doc[i:j]
        value, scaled, scale = _parse_number(seg)
        start = seg.start_char
        end = _core_end(seg[-1])
        currency = None
        if i > start_i and doc[i - 1].lower_ in CURRENCY_SYMBOLS:
            currency = CURRENCY_SYMBOLS[doc[i - 1].lower_]
            start = doc[i - 1].idx
        k = j
        while k < end_i and doc[k].lower_ in CURRENCY_WORDS:
            currency = currency or CURRENCY_WORDS[doc[k].lower_]
            end = _core_end(doc[k])
            k += 1
        out.append(_Amount(start, end, value, scaled, scale, currency, max(j, k)))
        i = max(j, k)
    return out


def _inherit_range_scale(doc: Doc, amounts: list[_Amount]) -> None:
    """"between $5 and $7 billion": the first end is also in billions."""
    for a, b in zip(amounts, amounts[1:], strict=False):
        between = doc_text(doc)[a.end : b.start].strip().lower()
        if not a.scaled and b.scaled and a.value is not None and between in RANGE_CONNECTORS:
            a.value *= b.scale


def _inherit_scale_across(doc: Doc, found: list[_Found]) -> None:
    """The same as :func:`_inherit_range_scale` when NER split the range in two entities."""
    for a, b in zip(found, found[1:], strict=False):
        if a.kind != b.kind or a.kind not in ("money", "count", "percent") or a.scaled or not b.scaled:
            continue
        between = doc_text(doc)[a.end : b.start].strip().lower()
        if between in RANGE_CONNECTORS and isinstance(a.value, float):
            a.value *= b.scale
            a.scaled = True


def _is_numberish(tok: Token) -> bool:
    low = tok.lower_.rstrip(".")
    return bool(_NUM_RE.match(tok.text)) or low in SCALES and low not in ("b", "k", "m") or _is_word_number(tok) or (
        low in ("m", "bn", "b", "k", "mn") and tok.i > 0 and bool(_NUM_RE.match(tok.nbor(-1).text))
        and not tok.nbor(-1).whitespace_
    )


def _is_word_number(tok: Token) -> bool:
    low = tok.lower_
    return low in UNITS_WORDS or low in TENS_WORDS or low in MISC_NUMBER_WORDS or low in ("hundred", "thousand",
                                                                                          "million", "billion",
                                                                                          "trillion")


def _next_is_numberish(doc: Doc, i: int, end_i: int) -> bool:
    return i + 1 < end_i and (doc[i + 1].lower_ in SCALES or doc[i + 1].lower_ in MISC_NUMBER_WORDS)


def _core_end(tok: Token) -> int:
    """End offset of a token without a sentence-final period glued to it ("m.")."""
    text = tok.text
    if text.endswith(".") and text.rstrip(".").lower() in SCALES:
        text = text.rstrip(".")
    return tok.idx + len(text)


def _parse_number(seg: Span) -> tuple[float | None, bool, float]:
    """Value of a run like "87 billion", "1.5bn", "twenty - five", "a dozen".

    Returns (value, has_scale_word, scale).
    """
    total = 0.0
    current: float | None = None
    scaled = False
    scale_seen = 1.0
    for tok in seg:
        low = tok.lower_.rstrip(".") if tok.lower_.rstrip(".") in SCALES else tok.lower_
        m = _NUM_RE.match(tok.text)
        if m:
            num = float(m.group(1).replace(",", "") + (m.group(2) or ""))
            if m.group(3):
                scale_seen = SCALES[m.group(3).lower()]
                num *= scale_seen
                scaled = True
            current = (current or 0.0) + num
        elif low in UNITS_WORDS:
            current = (current or 0.0) + UNITS_WORDS[low]
        elif low in TENS_WORDS:
            current = (current or 0.0) + TENS_WORDS[low]
        elif low in MISC_NUMBER_WORDS:
            current = (current if current is not None else 1.0) * MISC_NUMBER_WORDS[low]
        elif low in SCALES:
            mult = SCALES[low]
            if mult == 100:
                current = (current if current is not None else 1.0) * 100
            else:
                total += (current if current is not None else 1.0) * mult
                current = None
                scaled = True
                scale_seen = mult
        # hyphens and "and" add nothing
    if current is None and total == 0.0:
        return None, scaled, scale_seen
    return total + (current or 0.0), scaled, scale_seen


# --------------------------------------------------------------------------- dates


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _date_figure(
    doc: Doc, ent: Span, toks: list[Token], anchor: dt.date | None
) -> Iterator[_Found]:
    i = 0
    while i < len(toks) - 1 and toks[i].lower_ in ("the", "those", "these"):
        i += 1
    toks = toks[i:]
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = doc_text(doc)[start:end]
    low = text.lower()
    words = [t.lower_ for t in toks]
    # Durations and ages: "10 years", "one-year", "65-year-old", "10 years ago".
    dur_unit = next((DURATION_UNITS[w] for w in words if w in DURATION_UNITS), None)
    amounts = _amounts(doc, toks[0].i, toks[-1].i + 1)
    number = next((a.value for a in amounts if a.value is not None), None)
    if dur_unit and number is not None and not _MONTH_DAY_RE.search(text) and not _YEAR_RE.search(text):
        if "ago" in words:
            yield _Found(start, end, "date", _shift(anchor, -number, dur_unit), "date", ent)
        elif "old" in words:
            yield _Found(start, end, "quantity", number, "year old", ent)
        else:
            yield _Found(start, end, "quantity", number, dur_unit, ent)
        return
    value = _normalise_date(low, words, anchor)
    if value is _VAGUE:
        return
    yield _Found(start, end, "date", value, "date", ent)


_VAGUE = object()


def _normalise_date(low: str, words: list[str], anchor: dt.date | None) -> str | None | object:
    """ISO string (YYYY, YYYY-MM or YYYY-MM-DD), None (unresolvable), or _VAGUE."""
    m = _ISO_RE.search(low)
    if m:
        return m.group(0)
    year_m = _YEAR_RE.search(low)
    year: int | None = int(year_m.group(1)) if year_m and not year_m.group(2) else None
    md = _MONTH_DAY_RE.search(low)
    dm = _DAY_MONTH_RE.search(low)
    month = day = None
    if dm:
        month, day = MONTHS[dm.group("month")], int(dm.group("day"))
    elif md:
        month = MONTHS[md.group("month")]
        day = int(md.group("day")) if md.group("day") else None
    if day is not None and not 1 <= day <= 31:
        day = None
    rel_year = _relative_offset(words, "year")
    if month is not None:
        if year is None and rel_year is not None and anchor is not None:
            year = anchor.year + rel_year
        if year is None and anchor is not None:
            year = _nearest_year(anchor, month, day or 15)
        if year is None:
            return f"--{month:02d}-{day:02d}" if day else f"--{month:02d}"
        return _iso(year, month, day)
    if year is not None:
        if year_m and year_m.group(2):  # "the 1990s"
            return _VAGUE
        return str(year)
    if year_m and year_m.group(2):
        return _VAGUE
    # Relative expressions
    if anchor is not None:
        if "yesterday" in words:
            return (anchor - dt.timedelta(days=1)).isoformat()
        if "today" in words or "tonight" in words:
            return anchor.isoformat()
        if "tomorrow" in words:
            return (anchor + dt.timedelta(days=1)).isoformat()
        wd = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
        if wd is not None:
            if "next" in words:
                delta = (wd - anchor.weekday()) % 7 or 7
                return (anchor + dt.timedelta(days=delta)).isoformat()
            delta = (anchor.weekday() - wd) % 7  # news "on Monday": the last one
            return (anchor - dt.timedelta(days=delta)).isoformat()
        if rel_year is not None:
            return str(anchor.year + rel_year)
        rel_month = _relative_offset(words, "month")
        if rel_month is not None:
            m0 = anchor.year * 12 + anchor.month - 1 + rel_month
            return f"{m0 // 12:04d}-{m0 % 12 + 1:02d}"
        rel_week = _relative_offset(words, "week")
        if rel_week is not None:
            monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=rel_week)
            return monday.isoformat()
        return _VAGUE
    if any(w in WEEKDAYS for w in words) or any(w in ("yesterday", "today", "tomorrow", "tonight") for w in words):
        return None
    if any(_relative_offset(words, u) is not None for u in ("year", "month", "week")):
        return None
    return _VAGUE


def _relative_offset(words: list[str], unit: str) -> int | None:
    """"last year" -> -1, "this year" -> 0, "next year" -> +1 (None when absent)."""
    for k, w in enumerate(words[:-1]):
        if words[k + 1] == unit:
            if w in ("last", "previous", "past"):
                return -1
            if w in ("this", "current"):
                return 0
            if w in ("next", "coming"):
                return 1
    return None


def _nearest_year(anchor: dt.date, month: int, day: int) -> int:
    best, best_gap = anchor.year, None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            gap = abs((dt.date(year, month, min(day, 28)) - anchor).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _iso(year: int, month: int, day: int | None) -> str:
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def _shift(anchor: dt.date | None, amount: float, unit: str) -> str | None:
    """The date ``amount`` units from ``anchor`` at the precision the unit allows."""
    if anchor is None:
        return None
    n = int(amount)
    if unit in ("year", "decade", "century"):
        mult = {"year": 1, "decade": 10, "century": 100}[unit]
        return str(anchor.year + n * mult)
    if unit == "month":
        m0 = anchor.year * 12 + anchor.month - 1 + n
        return f"{m0 // 12:04d}-{m0 % 12 + 1:02d}"
    days = {"week": 7, "day": 1, "hour": 0}[unit] * n
    return (anchor + dt.timedelta(days=days)).isoformat()


def _sentence_bounds(text: str, sent_start: int, sent_end: int, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), cut at line breaks.

    The small model's parser sometimes runs a sentence across a paragraph
    break (a quote paragraph followed by a new paragraph); a line break in
    cleaned article text always ends a sentence.
    """
    nl = text.rfind("\n", sent_start, start)
    if nl != -1:
        sent_start = nl + 1
    nl = text.find("\n", end, sent_end)
    if nl != -1:
        sent_end = nl
    return _strip_span(text, sent_start, sent_end)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
