"""What an article's headline is, when the scraped title may be site chrome.

Scraped pages often carry a site name or a timestamp for a title ("ABC News",
"World news - RT International", "May 2, 2013, 1: 12 PM"), while the URL still
names the story ("/russian-space-experts-regain-control-1st-angola-satellite-52044233").
Both the story grouper (headline terms) and the article embedding (headline + lead)
need the real headline, so the choice is made here, once.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SLUG_SEP = re.compile(r"[-_+]")
_EXTENSION = re.compile(r"\.[a-z0-9]{2,5}$")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A slug names a story when it has at least this many words.
MIN_SLUG_WORDS = 3


def url_slug(url: str | None) -> str:
    """The headline words a news URL carries in its path, "" when it carries none.

    The longest path segment of three or more hyphen/underscore-separated words is taken
    ("las-vegas-shooting.html" -> "las vegas shooting"); numbers are dropped (ids, dates) and
    query strings ignored (a search page's query is not its story).
    """
    if not url:
        return ""
    try:
        path = urlsplit(url).path
    except ValueError:  # a malformed URL stored by an older version: it names no story
        return ""
    best: list[str] = []
    for seg in path.split("/"):
        seg = _EXTENSION.sub("", seg.lower())
        words = [w for w in _SLUG_SEP.split(seg) if w and not w.isdigit()]
        if len(words) >= MIN_SLUG_WORDS and all(w.isalnum() for w in words) and len(words) > len(best):
            best = words
    return " ".join(best)


def headline(title: str | None, url: str | None) -> str:
    """The title, or the URL slug when the title shares no word with a slug of 3+ words.

    Sharing no word with the URL's own description of the page means the title describes
    something else: the site, a section, a date.  When they agree the title is kept (it has
    the original spelling and punctuation).
    """
    title = title or ""
    slug = url_slug(url)
    if not slug:
        return title
    title_words = {w.lower() for w in _WORD.findall(title)}
    if title_words & set(slug.split()):
        return title
    return slug
