"""Cleaning raw article text, with an exact offset map back to the raw text.

Every later stage quotes spans of ``Article.text`` (the cleaned text) and a
reader must be able to find them in what was actually read, so cleaning never
rewrites characters: it only *drops whole lines* (page debris, batch
boilerplate, the headline) and *replaces whitespace* (runs inside a line become
one space; a line break becomes a blank line between paragraphs, or a space
inside a hard-wrapped paragraph).  Everything else is copied verbatim and recorded in
``offset_map`` rows ``[clean_start, raw_start, length]``; every row boundary is
followed by an inserted whitespace character, so ``Article.raw_offset`` (which
treats row ends as inclusive) maps every non-whitespace character exactly.

Two kinds of lines are removed (their raw spans go to ``Article.removed``):

* page debris: a curated list of *generic web UI* strings (error widgets,
  advert labels, share/subscribe prompts, cookie notices, lone bullets).  A line
  is removed only if the whole line is such a string, never a part of a
  sentence, so an article that quotes "Something went wrong" keeps the quote.
* batch boilerplate: a line that several articles of the same outlet share
  (:func:`find_boilerplate`), e.g. a tagline or a "Reporting by" footer.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from newsprism.model import Article, Mention

# Cleaned text longer than this is cut at a paragraph boundary.  spaCy accepts
# 2,000,000 (newsprism.nlp.MAX_CHARS); no news article is anywhere near 1M chars
# (a long read is ~50k), so anything longer is a dump, not a story, and the cut
# keeps analysis time and memory bounded.  The cut is recorded in
# ``Article.removed`` as a span over the dropped raw tail.
MAX_CHARS = 1_000_000

# A line shared by this many articles of one outlet in a batch is boilerplate.
BOILERPLATE_MIN_ARTICLES = 3
# ... unless it reads like a sentence of a story: a line that ends like a
# sentence and has more words than this is kept even if repeated, because
# outlets reuse background paragraphs across updates of one story.
BOILERPLATE_MAX_SENTENCE_WORDS = 8

# Characters used as list bullets / separators on web pages.
_BULLETS = "•·▪■□●○◦‣⁃∙*-–—|>»«›‹/\\~=_+"
_BULLET_ONLY_RE = re.compile(r"^[\s" + re.escape(_BULLETS) + r"]+$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})

# --- Page debris -------------------------------------------------------------
# Whole-line strings that web pages put around an article: UI widgets, advert
# labels, share/subscribe prompts, navigation.  Compared after normalisation
# (lower case, bullets and end punctuation stripped, whitespace collapsed).
# Keep this list *generic*: strings any news site might show, never phrases
# from a particular article.
DEBRIS_LINES: frozenset[str] = frozenset(
    {
        # error / loading widgets (embedded video or comment players)
        "oops", "oops something went wrong", "something went wrong", "please try again later",
        "please try again", "try again", "try again later", "an error occurred", "an error has occurred",
        "loading", "please wait", "refresh the page", "reload", "retry",
        "this video is unavailable", "video unavailable", "this content is not available",
        "your browser does not support the video tag", "your browser does not support html5 video",
        "please enable javascript", "enable javascript", "javascript is disabled",
        # advertising
        "advertisement", "advertisements", "advertising", "ad", "ads", "sponsored", "sponsored content",
        "paid content", "promoted", "promoted content", "partner content",
        "story continues below advertisement", "article continues below advertisement",
        "article continues below", "story continues below", "content continues below",
        "continue reading below", "continue reading", "scroll to continue with content",
        "advertisement scroll to continue", "skip advertisement", "remove ads", "close ad",
        # subscribe / account
        "subscribe", "subscribe now", "subscribe today", "sign up", "sign up now", "sign in", "log in",
        "login", "register", "create an account", "create a free account", "already a subscriber",
        "sign up for our newsletter", "sign up to our newsletter", "subscribe to our newsletter",
        "get our newsletter", "newsletter", "newsletters", "become a member", "support us", "donate",
        # sharing
        "share", "share this", "share this article", "share this story", "share this post", "share on facebook",
        "share on twitter", "share on x", "share on linkedin", "share on whatsapp", "share via email",
        "share article", "share story", "tweet", "email", "e-mail", "print", "copy link", "link copied",
        "copied", "copy", "save", "save article", "bookmark", "facebook", "twitter", "x", "linkedin",
        "whatsapp", "telegram", "reddit", "pinterest", "flipboard", "messenger",
        "gift this article", "listen to this article", "listen", "listen to article", "audio",
        # navigation
        "read more", "see more", "show more", "load more", "more", "view more", "click here",
        "learn more", "skip to content", "skip to main content", "skip navigation", "skip to navigation",
        "jump to", "back to top", "top", "menu", "close", "open menu", "close menu", "search",
        "toggle navigation", "open navigation", "main menu", "next", "previous", "next article",
        "previous article", "home", "go to", "expand", "collapse", "show less", "hide", "view all",
        "see all", "view comments", "comments", "leave a comment", "add a comment", "post a comment",
        "comment", "reply", "join the conversation", "you might also like", "you may also like",
        "recommended", "recommended for you", "related", "related articles", "related stories",
        "related content", "related news", "related topics", "most read", "most popular", "popular",
        "trending", "trending now", "latest", "latest news", "latest stories", "top stories",
        "more stories", "more from", "editor's picks", "don't miss", "watch", "watch now", "video",
        "play", "pause", "play video", "watch video", "image", "photo", "photos", "gallery",
        "view gallery", "enlarge", "enlarge image", "toggle caption", "hide caption", "caption",
        "zoom", "fullscreen", "full screen", "open image", "view image",
        # cookie / consent banners
        "accept", "accept all", "accept cookies", "accept all cookies", "reject all", "decline",
        "cookie settings", "cookie policy", "manage cookies", "manage preferences", "privacy settings",
        "got it", "i agree", "agree", "ok", "okay", "dismiss",
    }
)

# Whole-line patterns for debris that varies (counts, network names, consent prose).
DEBRIS_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # cookie / consent notices: "We use cookies to improve your experience ..."
        r"^(we|this (web)?site|our (web)?site|this page) (use|uses) cookies\b.{0,300}$",
        r"^by (continuing to (use|browse)|using) (this|our) (web)?site\b.{0,300}$",
        r"^(we|our partners) (and our partners )?(use|store|process) (cookies|your (personal )?data)\b.{0,300}$",
        # newsletter / subscribe prompts
        r"^(sign up|subscribe|register)( now| today| free)? (for|to) (our|the|a) .{0,60}newsletters?\b.{0,80}$",
        r"^(get|receive) (our|the) .{0,40}newsletter\b.{0,80}$",
        r"^(subscribe|sign up) (now |today )?(to|for) (continue|keep) reading\b.{0,60}$",
        r"^(follow|like) us on (facebook|twitter|x|instagram|linkedin|telegram|youtube|tiktok)\b.{0,60}$",
        r"^share (this|on|via|to) \w+( \w+)?$",
        # counters and teaser widgets: "12 comments", "Read more: ...", "Watch: ..."
        r"^\d+ (comments?|shares?|replies|views)$",
        r"^(read|see|watch|listen) (more|next|also|now)\s*:.{0,150}$",
        r"^(related|recommended|more)( stories| articles| reading| on this story)?\s*:.{0,150}$",
        r"^(\d+ )?(min|minute)s? read$",
        r"^(page )?\d+ (of|/) \d+$",
    )
)


def normalize_line(line: str) -> str:
    """Compare-form of a line: NFKC, lower case, straight quotes, bullets/end punctuation and spaces trimmed."""
    s = unicodedata.normalize("NFKC", line).translate(_APOSTROPHES).casefold()
    s = " ".join(s.split())
    s = s.strip(_BULLETS + " ")
    s = s.rstrip(".!?:;,…").rstrip()
    return s


def is_debris(line: str) -> bool:
    """True if the whole line is generic web-page UI text (see ``DEBRIS_LINES``), or only bullets."""
    if not line.strip():
        return False
    if _BULLET_ONLY_RE.match(line):
        return True
    norm = normalize_line(line)
    if not norm:  # only punctuation
        return True
    if norm in DEBRIS_LINES:
        return True
    return any(p.match(norm) for p in DEBRIS_PATTERNS)


# --- Cross-batch boilerplate --------------------------------------------------

_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
_QUOTE_CHARS = "\"“”«»„"


def _boilerplate_candidate(line: str) -> bool:
    """A shared line may be boilerplate only if it does not read like a sentence of a story.

    Quotes are never boilerplate (several updates of one story repeat the same
    quote, and quotes are what newsprism compares); long sentences are kept
    because outlets reuse background paragraphs.
    """
    stripped = line.strip()
    if any(q in stripped for q in _QUOTE_CHARS):
        return False
    if not _SENTENCE_END_RE.search(stripped):
        return True
    return len(stripped.split()) <= BOILERPLATE_MAX_SENTENCE_WORDS


def find_boilerplate(articles: Iterable[Article], min_articles: int = BOILERPLATE_MIN_ARTICLES) -> set[str]:
    """Normalised lines that at least ``min_articles`` articles *of one outlet* share.

    Lines are counted once per article and per outlet (a line two outlets
    happen to share does not add up), then filtered by
    :func:`_boilerplate_candidate`.  Works on ``raw_text`` so that it does not
    depend on a previous cleaning pass.  Returns the union over outlets; the
    loader calls it once per outlet so one outlet's boilerplate never strips
    another's text.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    sample: dict[str, str] = {}
    for art in articles:
        seen: set[str] = set()
        for line in (art.raw_text or art.text).splitlines():
            if not line.strip() or is_debris(line):
                continue
            norm = normalize_line(line)
            if norm and norm not in seen:
                seen.add(norm)
                sample.setdefault(norm, line)
        counts[art.outlet_group].update(seen)
    found: set[str] = set()
    for per_outlet in counts.values():
        for norm, n in per_outlet.items():
            if n >= min_articles and _boilerplate_candidate(sample[norm]):
                found.add(norm)
    return found


# --- Cleaning with an offset map ---------------------------------------------


@dataclass
class Cleaned:
    """The result of :func:`clean_text`: fields of the same name on ``Article``."""

    text: str
    offset_map: list[tuple[int, int, int]] = field(default_factory=list)
    removed: list[Mention] = field(default_factory=list)
    truncated: bool = False


class _Builder:
    """Appends verbatim raw slices (recorded in the map) and inserted separators (not recorded)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.rows: list[list[int]] = []

    def copy(self, raw: str, start: int, end: int) -> None:
        if end <= start:
            return
        if self.rows:
            c0, r0, n = self.rows[-1]
            if c0 + n == self.length and r0 + n == start:
                self.rows[-1][2] += end - start
                self.parts.append(raw[start:end])
                self.length += end - start
                return
        self.rows.append([self.length, start, end - start])
        self.parts.append(raw[start:end])
        self.length += end - start

    def insert(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)


_TOKEN_RE = re.compile(r"\S+")
_PARA_END_RE = re.compile(r"[.!?…:;\"'”’»)\]]$")


def _wrap_width(raw: str, paragraphs: list[list[tuple[int, int]]]) -> int:
    """The line width if the text is hard-wrapped (e-mail/wire style), else 0.

    Decided per document, because a line break means different things: in
    extracted HTML and in one-paragraph-per-line files every line is a
    paragraph, while hard-wrapped text breaks lines mid-sentence.  Hard-wrapped:
    at least 4 lines, none over 100 chars, and most lines that continue into
    another line end mid-sentence.
    """
    lengths = [e - s for para in paragraphs for s, e in para]
    if len(lengths) < 4 or max(lengths) > 100:
        return 0
    inner = [para[i] for para in paragraphs for i in range(len(para) - 1)]
    if not inner:
        return 0
    mid_sentence = sum(1 for s, e in inner if not _PARA_END_RE.search(raw[s:e]))
    return max(lengths) if mid_sentence * 2 >= len(inner) else 0


def _soft_break(raw: str, line: tuple[int, int], width: int) -> bool:
    """In hard-wrapped text a break is a wrap unless the line ends a sentence well short of the width."""
    s, e = line
    return not (_PARA_END_RE.search(raw[s:e]) and e - s < 0.8 * width)


# Whitespace a line cannot copy verbatim: a run of two or more, or any but the plain space.
_UNUSUAL_SPACE_RE = re.compile(r"\s\s|[^\S ]")


def _copy_line(b: _Builder, raw: str, start: int, end: int) -> None:
    """Copy one line's tokens; single spaces stay verbatim, other whitespace runs become one space.

    A line whose words are separated by single spaces only (nearly every line) is one verbatim
    slice, copied at once: the builder would merge its word-by-word copies into that same row.
    ``start`` and ``end`` bound the line's stripped content, as :func:`_lines` gives them.
    """
    if not _UNUSUAL_SPACE_RE.search(raw, start, end):
        b.copy(raw, start, end)
        return
    prev_end = None
    for m in _TOKEN_RE.finditer(raw, start, end):
        if prev_end is not None:
            if m.start() - prev_end == 1 and raw[prev_end] == " ":
                b.copy(raw, prev_end, m.start())
            else:
                b.insert(" ")
        b.copy(raw, m.start(), m.end())
        prev_end = m.end()


# The end of an HTML tag left at a line's start by a broken page ('">', "'/>", ">"), before text.
_MARKUP_TAIL_RE = re.compile(r"""["']?\s*/?>\s*(?=\S)""")


def _lines(raw: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each line's stripped content from ``start`` on; (pos, pos) for blank lines."""
    out = []
    pos = start
    n = len(raw)
    while pos <= n:
        nl = raw.find("\n", pos)
        end = n if nl == -1 else nl
        seg = raw[pos:end]
        lstripped = len(seg) - len(seg.lstrip())
        s, e = pos + lstripped, pos + len(seg.rstrip())
        tail = _MARKUP_TAIL_RE.match(raw, s, e)
        if tail:  # '">Sanders said ...': the end of a tag the extractor cut, not a quotation mark
            s = tail.end()
        out.append((s, e) if e > s else (pos, pos))
        if nl == -1:
            break
        pos = nl + 1
    return out


def clean_text(
    raw: str,
    *,
    title: str | None = None,
    boilerplate: Collection[str] = (),
    max_chars: int = MAX_CHARS,
) -> Cleaned:
    """Clean ``raw``: drop debris/boilerplate lines and the headline line, normalise whitespace.

    ``title``: if the first non-blank line *is* the title (plain-text headline,
    or an HTML extractor that repeats the h1), it is left out of the text: the
    title is metadata.  Paragraphs are separated by ``"\\n\\n"``.
    """
    b = _Builder()
    removed: list[Mention] = []
    lines = _lines(raw)
    norm_title = normalize_line(title) if title else None
    if norm_title:
        for i, (s, e) in enumerate(lines):
            if e > s:
                if normalize_line(raw[s:e]) == norm_title:
                    lines = lines[i + 1 :]
                break

    # Paragraphs: lists of line spans; a removed line also ends a paragraph.
    paragraphs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for s, e in lines:
        line = raw[s:e]
        if e > s and not is_debris(line) and normalize_line(line) not in boilerplate:
            current.append((s, e))
            continue
        if e > s:
            removed.append(Mention(text=line, spans=[(s, e)]))
        if current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)

    width = _wrap_width(raw, paragraphs)
    truncated = False
    marker = f"[truncated: cleaned text over {max_chars:,} chars]"
    for pi, para in enumerate(paragraphs):
        # A paragraph's cleaned length is at most its raw span: stop before the cap.
        if b.length and b.length + 2 + (para[-1][1] - para[0][0]) > max_chars:
            truncated = True
            removed.append(Mention(text=marker, spans=[(para[0][0], len(raw))]))
            break
        if pi:
            b.insert("\n\n")
        for li, (s, e) in enumerate(para):
            if li:
                b.insert(" " if width and _soft_break(raw, para[li - 1], width) else "\n\n")
            _copy_line(b, raw, s, e)
    text = "".join(b.parts)
    if len(text) > max_chars:  # a single paragraph over the cap: cut at the last space before it
        cut = text.rfind(" ", 0, max_chars)
        cut = cut if cut > 0 else max_chars
        raw_cut = _raw_at(b.rows, cut, raw)
        text = text[:cut]
        b.rows = [[c0, r0, min(n, cut - c0)] for c0, r0, n in b.rows if c0 < cut]
        removed = [m for m in removed if m.text != marker]
        removed.append(Mention(text=marker, spans=[(raw_cut, len(raw))]))
        truncated = True
    removed.sort(key=lambda m: m.spans[0])
    return Cleaned(text=text, offset_map=[(c0, r0, n) for c0, r0, n in b.rows], removed=removed, truncated=truncated)


def _raw_at(rows: list[list[int]], clean_offset: int, raw: str) -> int:
    for c0, r0, n in rows:
        if c0 <= clean_offset <= c0 + n:
            return r0 + clean_offset - c0
    return len(raw)


def reclean(article: Article, boilerplate: Collection[str], max_chars: int = MAX_CHARS) -> Article:
    """The article cleaned again from its ``raw_text`` with batch boilerplate removed too."""
    c = clean_text(article.raw_text, title=article.title, boilerplate=boilerplate, max_chars=max_chars)
    return article.model_copy(update={"text": c.text, "offset_map": c.offset_map, "removed": c.removed})
