"""Plain-text files -> Article: robust decoding, headline detection, outlet.

Plain text carries no metadata, so what can be known is taken from the file
itself (a headline line), from an optional sidecar ``<file>.meta.json``
(``{"outlet", "title", "url", "published", "author"}``, all optional).  The
file name is never the outlet: without a sidecar naming one, the article is its
own "unknown" outlet (see :mod:`newsprism.ingest.outlets`).
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import charset_normalizer

from newsprism.ingest.article import (
    IngestError,
    build_article,
    one_line,
    published_or_warning,
    read_capped,
    scrub,
    valid_url,
)
from newsprism.ingest.clean import is_debris
from newsprism.model import Article, Rejection

# Magic numbers of binary formats people drop into an input folder by mistake:
# naming the format makes a better rejection reason than "undecodable".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters (other than tab/newline/CR/form feed) above
# which decoded "text" is really binary data.
MAX_CONTROL_RATIO = 0.01
# Unicode category Cc minus tab, newline, vertical tab, form feed, carriage return.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when the bytes look like BOM-less UTF-16 text, else None.

    Latin-script UTF-16 has a NUL in every other byte (odd positions for little-endian, even
    for big-endian) and almost none in the others; binary data does not keep that rhythm.
    """
    sample = data[:4096]
    if len(sample) < 8:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2].count(0) / (len(sample) // 2), sample[1::2].count(0) / (len(sample) // 2)
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, declared: str | None = None, html: bool = False) -> str:
    """Bytes -> str: BOM, then UTF-8, then a declared charset, then detection; raises IngestError.

    Binary data (a known magic number, NUL bytes without a UTF-16/32 BOM, or
    many control characters once decoded) is refused rather than decoded to
    mojibake that would then be analysed as an article.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check_controls(data.decode(enc))
            except UnicodeDecodeError as exc:
                raise IngestError(f"undecodable: starts with a {enc} BOM but is not {enc}") from exc
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise IngestError(f"binary file ({name}), not text")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _check_controls(data.decode(utf16))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise IngestError("binary file (contains NUL bytes), not text")
    try:
        return _check_controls(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            text = _check_controls(data.decode(declared))
            # A wrong declaration (a page saying utf-16 that is Latin-1) can decode without error
            # into nonsense; if the markup's "<" did not survive, detect the encoding instead.
            if not html or "<" in text[:4096]:
                return text
        except (LookupError, UnicodeDecodeError, IngestError):
            pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise IngestError("undecodable: no text encoding fits these bytes")
    return _check_controls(str(best))


def _check_controls(text: str) -> str:
    if not text:
        return text
    n = len(_CONTROL_RE.findall(text))
    if n / len(text) > MAX_CONTROL_RATIO:
        raise IngestError(f"binary data ({n / len(text):.0%} control characters), not text")
    return text


_BYLINE_RE = re.compile(r"^(by|from|posted|published|updated|co-authored|written|reported|edited|photos?)\b", re.IGNORECASE)
# A headline is a short line: the longest front-page headlines run ~20 words.
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 30


def detect_headline(raw: str) -> str | None:
    """The first line if it looks like a headline, else None.

    A headline: the first non-blank line, short (<= 200 chars, 2-30 words),
    not ending like a lead-in (',', ':', ';'), not a byline or page debris,
    and followed by a blank line and then more text.  A file that starts
    mid-article (its first line is a paragraph, with no blank line after it)
    has no headline.  A line ending in a full stop is a headline only when it
    reads as one (:func:`_headline_with_full_stop`): some outlets end every
    headline with one (73 of PolNeAR's 86 dev titles), but a title taken
    wrongly would drop the article's first sentence from its text.
    """
    lines = raw.splitlines()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i + 2 >= len(lines) or lines[i + 1].strip():
        return None
    first = " ".join(lines[i].split())
    words = first.split()
    if not (2 <= len(words) <= HEADLINE_MAX_WORDS) or len(first) > HEADLINE_MAX_CHARS:
        return None
    if first[-1] in ",:;" or not any(c.isalpha() for c in first):
        return None
    if _BYLINE_RE.match(first) or is_debris(first):
        return None
    rest = [ln.strip() for ln in lines[i + 2 :] if ln.strip()]
    if not rest:
        return None
    if first[-1] == "." and not _headline_with_full_stop(first, rest[0]):
        return None
    return first


# A dateline opening a paragraph: "WASHINGTON (AP) —", "SAN JOSE, Costa Rica —", "WASHINGTON --",
# "FLINT, Mich., Oct. 4 (UPI) —": one to four capitalised words, an optional ", place/date" and
# agency, then a dash standing apart (an all-caps subhead's "YOU-KNOW-WHAT" is no dateline).
# Group 1 is the dateline without its dash.  Shared with analysis.furniture (datelines are no speakers).
DATELINE_RE = re.compile(
    r"(?m)^[ \t]*((?:[A-Z][A-Z.'’]+)(?:[ -][A-Z][A-Z.'’]+){0,3}(?:,[^—–\n]{0,40}?)?\s*"
    r"(?:\([A-Za-z. ]{2,20}\)\s*)?)(?=—|–|--|-\s)"
)
_CAP_WORD_RE = re.compile(r"^[\W\d]*[A-Z]")


def _headline_with_full_stop(line: str, next_paragraph: str) -> bool:
    """Whether a short first line that ends in "." is a headline rather than the lead's first sentence.

    Title Case says so by itself ("Poll: Wealthy Voters Abandon Republican Party for Hillary
    Clinton.").  A sentence-case line needs the next paragraph to open like a story, with a
    dateline ("FLINT, Mich., Oct. 4 (UPI) —").  Never a line that opens with a dateline itself or
    holds two sentences: that is a lead.  Measured on PolNeAR (tests: test_ingest_text): the rule
    keeps precision first, because a lead sentence taken for a title leaves the article's text.
    """
    words = line.split()
    if not 4 <= len(words) <= 25 or DATELINE_RE.match(line) or _two_sentences(line[:-1]):
        return False
    long_words = [w for w in words if sum(c.isalpha() for c in w) >= 4]
    if len(long_words) >= 3 and sum(bool(_CAP_WORD_RE.match(w)) for w in long_words) / len(long_words) >= 0.9:
        return True
    return len(words) <= 16 and bool(DATELINE_RE.match(next_paragraph))


_SENTENCE_END_RE = re.compile(r"(\S*)[.!?][\"”’']?\s+[A-Z]")
_ABBREVIATIONS = frozenset("mr mrs ms dr st sen rep gov gen lt col jr sr vs no".split())


def _two_sentences(text: str) -> bool:
    """A sentence ends inside ``text``: ". The", "? But" (not "N. Korea", "U.S. support", "Sen. Sanders")."""
    for m in _SENTENCE_END_RE.finditer(text):
        before = m.group(1).strip("\"“”‘’'(")
        if len(before) > 1 and "." not in before and before.lower() not in _ABBREVIATIONS:
            return True
    return False


def read_sidecar(path: Path) -> dict[str, str]:
    """Metadata from ``<file>.meta.json`` next to ``path``, if present (string values only)."""
    side = path.with_name(path.name + ".meta.json")
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IngestError(one_line(f"unreadable sidecar {side.name}: {exc}")) from exc
    except RecursionError as exc:
        raise IngestError(f"unreadable sidecar {side.name}: JSON nested too deeply") from exc
    if not isinstance(data, dict):
        raise IngestError(f"sidecar {side.name} is not a JSON object")
    meta = {k: scrub(v) for k, v in data.items() if isinstance(v, str) and v.strip()}
    if "url" in meta and not valid_url(meta["url"]):
        del meta["url"]
    return meta


def text_to_article(
    raw: str, *, source_path: str, meta: dict[str, str] | None = None
) -> Article | Rejection:
    """Decoded plain text -> Article (title from metadata or a headline line)."""
    meta = meta or {}
    title = meta.get("title") or detect_headline(raw)
    published, warnings = published_or_warning(meta.get("published"))
    return build_article(
        raw,
        source_path=source_path,
        outlet=meta.get("outlet"),
        title=title,
        url=meta.get("url"),
        published=published,
        warnings=warnings,
        author=meta.get("author"),
    )


def read_text_file(path: str | Path, data: bytes | None = None) -> Article | Rejection:
    """A plain-text file -> Article, or a Rejection naming the problem (empty, binary, undecodable, ...)."""
    path = Path(path)
    try:
        if data is None:
            data = read_capped(path)
        if not data.strip():
            raise IngestError("empty file")
        raw = decode_bytes(data)
        meta = read_sidecar(path)
    except OSError as exc:
        return Rejection(source_path=str(path), reason=f"unreadable: {exc.strerror or exc}")
    except IngestError as exc:
        return Rejection(source_path=str(path), reason=str(exc))
    return text_to_article(raw, source_path=str(path), meta=meta)
