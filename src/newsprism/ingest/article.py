"""Turning what a reader extracted (raw text + metadata) into an ``Article`` or a ``Rejection``.

Shared by the text, HTML, JSON-lines and WARC readers so that every format is
cleaned, size-capped, language-checked and identified the same way.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Collection
from pathlib import Path
from urllib.parse import urlsplit

from newsprism.ingest.clean import MAX_CHARS, clean_text
from newsprism.ingest.language import non_english_reason
from newsprism.ingest.outlets import resolve_outlet
from newsprism.model import Article, Rejection, article_id_for

# One input document (a text/HTML file, a JSON line, a WARC record) over this
# many bytes is rejected unread: the largest real news pages are a few MB of
# HTML, so 20 MB is a dump, a binary or a mistake, and reading it would only
# cost memory.  Text under the cap but over ``clean.MAX_CHARS`` characters
# after cleaning is truncated (recorded in ``Article.removed``), not rejected.
MAX_INPUT_BYTES = 20 * 1024 * 1024


class IngestError(Exception):
    """An input that cannot become an article; ``str(exc)`` is the one-line reason."""


def one_line(reason: str, limit: int = 200) -> str:
    """Rejection reasons are one line: collapse whitespace and cut long messages."""
    s = " ".join(str(reason).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


_SCRUB_RE = re.compile("[\ud800-\udfff\x80-\x9f]")


def _scrubbed(ch: str) -> str:
    if "\x80" <= ch <= "\x9f":
        # a C1 control is a Windows-1252 byte read as Latin-1: the curly quotes, dashes and
        # apostrophes of a page whose charset was misdeclared (\x93He said\x94); five bytes have no
        # Windows-1252 character
        try:
            return ch.encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            return "\ufffd"
    return "\ufffd"


def scrub(value: str | None) -> str | None:
    """``value`` with lone UTF-16 surrogates and C1 controls replaced, one code point for one.

    JSON may spell a lone surrogate (``"\\ud800"``); Python decodes it into a str that cannot be
    encoded as UTF-8, so hashing, storing or writing it would fail far from the input that
    carried it: it becomes U+FFFD.  A C1 control character (U+0080-U+009F) never belongs in
    text: it is a Windows-1252 byte decoded as Latin-1 (a page that declared the wrong charset),
    so it becomes that byte's Windows-1252 character: without this, a quotation opened by
    ``\\x93`` is not seen as one and its speaker reads ``"\\x93He"`` (20 of the gva dev set's 3,809
    pages); and a control character must never reach a terminal.  One code point for one keeps
    every character offset valid.
    """
    if value is None or not _SCRUB_RE.search(value):
        return value
    return _SCRUB_RE.sub(lambda m: _scrubbed(m.group()), value)


def valid_url(url: str | None) -> str | None:
    """``url`` if ``urllib`` can take it apart (host and port included), else None.

    A malformed URL (``http://[x``: an unclosed IPv6 bracket, a port out of range) raises
    ``ValueError`` wherever it is parsed later (grouping, report links); it names nothing a
    reader could follow, so it is dropped at the door rather than guarded at every use.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url)
        _ = parts.hostname, parts.port
    except ValueError:
        return None
    return url


def too_large(n_bytes: int) -> str:
    return f"too large ({n_bytes / 1048576:.1f} MB; the cap is {MAX_INPUT_BYTES // 1048576} MB per document)"


def read_capped(path: Path) -> bytes:
    """A file's bytes, refusing (before reading) anything over the per-document cap."""
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise IngestError(too_large(size))
    return path.read_bytes()


_ISO_PREFIX_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Written dates people put in metadata: "March 20, 2023", "Mar. 20, 2023", "20 March 2023",
# "2023/03/20".  Numeric day/month orders ("03/04/2023") are ambiguous and stay unparsed.
_WRITTEN_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%Y.%m.%d")
_ORDINAL_RE = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)


def _written_date(s: str) -> str | None:
    """ISO date of a written date ("Monday, March 20th, 2023" -> "2023-03-20"), else None."""
    t = _ORDINAL_RE.sub("", s.replace(",", " ").replace(".", " ").strip())
    t = re.sub(r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\s+", "", t, flags=re.IGNORECASE)
    t = " ".join(t.split())
    slashed = s.strip()
    for fmt in _WRITTEN_FORMATS:
        candidate = slashed if "/" in fmt or fmt.startswith("%Y.") else t
        try:
            d = dt.datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
        return d.isoformat()
    return None


def iso_date(value: object) -> str | None:
    """An ISO 8601 date or datetime string for ``value`` (ISO, RFC 2822 or a written date), else None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    s = str(value).strip()
    if _ISO_PREFIX_RE.match(s):
        if len(s) == 10:  # a date stays a date (no invented midnight)
            try:
                return dt.date.fromisoformat(s).isoformat()
            except ValueError:
                return None
        try:
            return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).isoformat().replace("+00:00", "Z")
        except ValueError:
            try:
                return dt.date.fromisoformat(s[:10]).isoformat()
            except ValueError:
                return None
    try:
        return email.utils.parsedate_to_datetime(s).isoformat()
    except (TypeError, ValueError, IndexError):
        return _written_date(s)


def published_or_warning(value: str | None) -> tuple[str | None, list[str]]:
    """A metadata ``published`` value as ISO, and a one-line warning when it is given but unreadable.

    Why warn: a date dropped in silence leaves the article undated (it then groups and resolves
    "on Monday" without its day) and nobody learns why.
    """
    parsed = iso_date(value)
    if value and parsed is None:
        return None, [one_line(f'"published" value {value!r} is not a date this reads (ISO, RFC 2822, '
                               '"March 20, 2023"); the article is undated', limit=240)]
    return parsed, []


def build_article(
    raw_text: str,
    *,
    source_path: str,
    outlet: str | None = None,
    site_name: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    author: str | None = None,
    boilerplate: Collection[str] = (),
    max_chars: int = MAX_CHARS,
    warnings: Collection[str] = (),
) -> Article | Rejection:
    """Clean ``raw_text`` and check it is English prose; the Article or the reason it is not one.

    ``outlet`` is what the input calls the outlet (a field, a sidecar), ``site_name`` what the page
    calls itself (``og:site_name``); with ``url`` they resolve to one publisher here, for every
    format alike (:func:`newsprism.ingest.outlets.resolve_outlet`).  With none of them the article
    is its own "unknown" outlet: never named after its file, never merged with other unnamed ones.
    """
    raw_text = scrub(raw_text) or ""
    title, author, published = scrub(title), scrub(author), scrub(published)
    outlet, site_name = scrub(outlet), scrub(site_name)
    url = valid_url(scrub(url))
    if not raw_text.strip():
        return Rejection(source_path=source_path, reason="empty (no text)")
    cleaned = clean_text(raw_text, title=title, boilerplate=boilerplate, max_chars=max_chars)
    if not cleaned.text.strip():
        return Rejection(source_path=source_path, reason="no article text left after removing page debris")
    reason = non_english_reason(cleaned.text)
    if reason:
        return Rejection(source_path=source_path, reason=reason)
    article_id = article_id_for(cleaned.text)
    resolved = resolve_outlet(outlet, url, site_name, record_id=article_id)
    return Article(
        id=article_id,
        outlet=resolved.name,
        outlet_key=resolved.key,
        title=" ".join(title.split()) if title else None,
        url=url,
        published=published,
        author=author,
        source_path=source_path,
        language="en",
        text=cleaned.text,
        raw_text=raw_text,
        offset_map=cleaned.offset_map,
        removed=cleaned.removed,
        warnings=list(warnings),
    )
