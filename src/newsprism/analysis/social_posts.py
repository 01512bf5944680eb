"""Embedded social-media posts: a post's words are its author's, signed below it.

Why: news pages embed posts, and the scraped text keeps each one as its words followed by the
signature the embed prints ("Falcon Heavy to launch next month ... — Elon Musk (@elonmusk) December
2, 2017").  No verb of saying introduces them, so the extractor left most of them unattributed,
and gave the rest to "I" or "we" ("I saw it when driving through Newmarket. — Sarah Black
(@SarahB205) December 27, 2017"); the development pages hold about 300 (gva 236, newscluster 65).
A post is a direct quotation of its author: who the signature names.

Found by the signature's shape alone (a dash, a name, an @handle in parentheses, a date), never by
a list of accounts.  A signature alone on its line signs the paragraph before it when that is a
post's length.  The links an embed appends ("pic.twitter.com/...", "https://t.co/...") and the
label a player prints before it ("Skip Twitter post by @durov") are not the author's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from newsprism.analysis.attribution import sentence_spans
from newsprism.analysis.speakers import resolve_speaker
from newsprism.model import Entity, Quote
from newsprism.nlp import doc_text

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_SIGNATURE_RE = re.compile(
    rf"(?:^|(?<=\s))[—–]{{1,2}}[ \t]*(?P<name>[^\n()@—–]{{1,60}}?)[ \t]*\(@\w{{1,15}}\)[ \t]*{_MONTH}\.?[ \t]+\d{{1,2}},[ \t]+\d{{4}}",
    re.MULTILINE,
)
_TRAILING_LINKS_RE = re.compile(r"(?:[ \t]*(?:pic\.twitter\.com/\w+|https?://\S+|…|\.\.\.|@\w{1,15}))+[ \t]*$")
_LEADING_LABEL_RE = re.compile(r"^[ \t]*(?:Skip (?:Twitter|Instagram|Facebook) post(?: by @\w{1,30})?[ \t]*)")
POST_MAX_CHARS = 320  # a post's length (280 characters, and the links an embed appends)


@dataclass(frozen=True)
class SignedPost:
    """A post's words and its author's name, as character spans of the text."""

    content: tuple[int, int]
    name: tuple[int, int]


def signed_posts(text: str) -> list[SignedPost]:
    """The embedded posts of ``text`` that carry their author's signature, in text order."""
    if "(@" not in text:
        return []
    posts: list[SignedPost] = []
    for m in _SIGNATURE_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        start, end = line_start, m.start()
        if not text[start:end].strip():
            # the signature on a line of its own: it signs the paragraph before, if a post's length
            prev_end = text.rfind("\n", 0, line_start)
            while prev_end > 0 and not text[text.rfind("\n", 0, prev_end) + 1:prev_end].strip():
                prev_end = text.rfind("\n", 0, prev_end)
            if prev_end <= 0:
                continue
            start, end = text.rfind("\n", 0, prev_end) + 1, prev_end
        span = _trimmed(text, start, end)
        if span is None or span[1] - span[0] > POST_MAX_CHARS or (posts and span[0] < posts[-1].content[1]):
            continue
        name = _trimmed(text, m.start("name"), m.end("name"))
        if name is not None:
            posts.append(SignedPost(content=span, name=name))
    return posts


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding blanks, an embed's label before it and its links after it;
    None when no words are left."""
    seg = text[start:end]
    if (lead := _LEADING_LABEL_RE.match(seg)) is not None:
        start += lead.end()
        seg = text[start:end]
    if (tail := _TRAILING_LINKS_RE.search(seg)) is not None:
        end = start + tail.start()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if any(c.isalnum() for c in text[start:end]) else None


# First-person sources: in a signed post, its author.
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})


def with_signed_posts(doc: Doc, article_id: str, quotes: list[Quote], entities: list[Entity]) -> list[Quote]:
    """The quotes with the embedded posts' authors (:func:`signed_posts`): a quote inside a post whose
    source is its writer ("I saw it ...") or nobody gets the author; a post no quote covers for the
    most part is itself a direct quote of its author.  Ids follow the text."""
    text = doc_text(doc)
    posts = signed_posts(text)
    if not posts:
        return quotes
    bounds = [(st.start_char, st.end_char) for st in doc.sents]
    out = list(quotes)
    for post in posts:
        cs, ce = post.content
        author = resolve_speaker(doc, post.name, entities)
        author.spans, author.mention = [post.name], text[post.name[0]:post.name[1]]
        covered = 0
        for k, q in enumerate(out):
            if not all(cs <= s and e <= ce for s, e in q.spans):
                continue
            covered += sum(e - s for s, e in q.spans)
            if q.speaker is None or q.speaker.mention.strip().lower() in _FIRST_PERSON:
                out[k] = q.model_copy(update={"speaker": author.model_copy()})
        if covered * 2 < ce - cs:
            out.append(Quote(
                id="", article_id=article_id, spans=[post.content],
                text=text[cs:ce], kind="direct", cue=None, speaker=author, cue_class="speech",
                sentence_spans=sentence_spans(bounds, [post.content], text),
            ))
    out.sort(key=lambda q: q.spans[0])
    return [q.model_copy(update={"id": f"{article_id}:q{n}"}) for n, q in enumerate(out)]
