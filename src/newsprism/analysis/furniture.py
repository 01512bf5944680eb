"""Page furniture that is never a source of speech: datelines, captions, credits, counters, subheads.

Why: the small parser often makes the dateline that opens a paragraph the subject of the
paragraph's first verb ("SAN JOSE, Costa Rica — '...,' said Civil Aviation director Guillermo
Hoppe" gave the quote to "SAN JOSE"), and a caption's "This photo provided by ... shows the
wreckage" reads to it like "X says Y".  A reader of the ledger and the speakers pages must
never see a city or a photo as someone who said something, so the quote extractor asks here
before it takes a subject as a source; without one it falls back to the speaker it would
otherwise find (e.g. the name after the verb), or to no source at all.

Scraped pages carry more than datelines (issue #15): slideshow counters and player controls
("13/30 Large Magellanic Cloud", "12 of 41 Skip in Skip x Embed x Share CLOSE"), picture credits
("(AP Photo/Mahmoud Illean)", "Image copyright Getty Images Image caption", "Patrick T.
Fallon/Bloomberg"), bylines ("By Jane Doe"), link lists ("Related stories ...", "Trending Right
Now: ..."), and subheads or graphic labels in capitals ("FUTURE FLIGHTS:", "BROKEN WINDOWS
VISIBLE").  :func:`furniture_spans` finds them by their *shape* (where they sit on the line, the
case of their words, a counter, a slash between a name and an agency, the handful of words page
templates print: "caption", "copyright", "Share"), never by a list of outlets or of strings seen
in the development articles.  The quote extractor takes no speaker and no cue from inside them,
and the entity index (analysis/speakers.py) neither names an entity after such a mention nor lets
a pronoun refer back to one.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsprism.ingest.text import DATELINE_RE
from newsprism.nlp import doc_text

# Nouns that name a picture: with "this"/"these" ("This photo provided by ... shows"), a caption.
# Without it ("Video of the incident shows him ...") a recording is evidence that news reports
# as a finding, which PolNeAR annotates and the extractor keeps.
PICTURE_NOUNS = frozenset(
    "photo photograph picture image video footage screenshot still graphic illustration map chart".split()
)


# Words that page templates print around pictures and players: a caption's label, a credit's
# label, a player's controls.  Capitalised as templates print them.
_LABEL = r"(?:Image|Photo|Picture|Video)s?\s+(?:copyright|caption|credit)|(?:Photo|Picture|Image)\s+credit|Hide\s+Caption|Caption|Credit|Photograph(?:er)?|Photos?|Pictures?|Images?"
_CONTROLS = r"(?:Skip|in|x|Embed|Share|Close|CLOSE|Replay|Play|Pause|Next|Previous|Prev|Expand|Autoplay|Fullscreen|Mute)"
_NAME = r"[A-Z][\w.'’&-]*"
# the label a gallery's template prints before its title and each caption ("Photos: ...")
_GALLERY_LABELS = r"Photos|Pictures|Images|Gallery|Slideshow|In pictures"
# A credit run: a capitalised name or agency of a few words ("Getty Images", "Barcroft Media",
# "AFP or licensors", "Getty - Contributor"), ending in a word agencies sign with.
_AGENCY_END = r"(?:Images|Pictures|Photos?|Media|Contributor|licensors|Features|Press|Wire)"


def _rx(what: str, pattern: str, needs: tuple[str, ...]) -> tuple[str, re.Pattern[str], tuple[str, ...]]:
    """A furniture pattern with the literals one of which every match contains (``()``: none known).

    Why: most texts contain none of a pattern's literals ("/", "Caption", "copyright"), and a
    substring test is far cheaper than the regex's scan of every position (the 16 patterns took
    ~4 ms of an 800-word article).  A text without any of them cannot match: searching it is
    skipped, which changes no result.
    """
    return what, re.compile(pattern), needs


_FURNITURE_RES: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = [
    # "Image copyright Sarah Beth Image caption": BBC-style credit then caption label
    _rx("credit", r"\b(?:Image|Photo|Picture)\s+copyright\b[^\n]{0,60}?\b(?:Image|Photo|Picture)\s+caption\b", ("copyright",)),
    # a caption's or credit's label standing alone: "Image caption", "Photo copyright"
    _rx("credit", r"\b(?:Image|Photo|Picture|Video)\s+(?:caption|copyright|credit)\b", ("Image", "Photo", "Picture", "Video")),
    # a parenthesised credit: "(AP Photo/Mahmoud Illean)", "(Photo: Reuters)", "(Getty Images)"
    _rx("credit", r"\([^()\n]{0,60}?\b(?:[Pp]hotos?|[Ii]mages?|[Pp]ictures?|[Cc]redit|[Cc]ourtesy|[Ff]ile)\b[^()\n]{0,60}\)", ("(",)),
    # "Photographer: Patrick T. Fallon/Bloomberg", "Credit: ...", "Photo: ...": a label and its value
    _rx("credit", rf"\b(?:{_LABEL})[ \t]*:[ \t]*(?:{_NAME}[ \t]*(?:/[ \t]*)?){{1,6}}", (":",)),
    # a name, a slash, an agency: "Patrick T. Fallon/Bloomberg", "Public Safety Ministry/AP"; the left
    # side is written in mixed case ("ISIS/ISIL" and "name/avatar" are no credits)
    _rx("credit", rf"\b(?:{_NAME}[ \t]+){{0,3}}(?=[^\s/]*[a-z])[A-Z][\w.'’&-]*[a-z][\w.'’&-]*[ \t]?/[ \t]?{_NAME}(?:[ \t]+{_AGENCY_END})?", ("/",)),
    # a credit opening a line or a caption: "Getty Images Chicago Cubs celebrate ..."
    _rx("credit", rf"(?m)^[ \t]*(?:{_NAME}[ \t]+(?:(?:-|or|/)[ \t]+)?){{0,3}}{_AGENCY_END}\b(?=[ \t]+[A-Z])", ("Images", "Pictures", "Photo", "Media", "Contributor", "licensors", "Features", "Press", "Wire")),
    # "Video provided by Reuters Newslook"
    _rx("credit", rf"\b(?:Video|Photo|Image|Picture)s?\s+(?:provided|supplied|courtesy)\s+(?:by|of)\s+(?:{_NAME}[ \t]*){{1,4}}", ("provided", "supplied", "courtesy")),
    # slideshow counters with the player's controls and the gallery's title in capitals:
    # "Buzz60 12 of 41 Skip in Skip x Embed x Share CLOSE WHAT YOU NEED TO KNOW ABOUT ELON MUSK"
    _rx("counter", rf"(?:\b\w+[ \t]+)?\b\d{{1,3}}[ \t]+of[ \t]+\d{{1,3}}(?:[ \t]+{_CONTROLS}\b)+(?:[ \t]+[A-Z][A-Z'’.-]*\b(?![a-z]))*", ()),
    # a gallery's counter without controls: "Image 1 of 8 Investigators ...", "Photo Editor Image 1 of / 4";
    # a caption or the line's end follows it ("Photo 3 of 10 shows the damage" is prose)
    _rx("counter", r"\b(?:Image|Photo|Picture|Slide)s?[ \t]+\d{1,3}[ \t]+of[ \t]+(?:/[ \t]*)?\d{1,3}\b"
        r"(?=[ \t]+[A-Z]|[ \t]*(?:\n|$))", ("Image", "Photo", "Picture", "Slide")),
    # a player's sharing controls without a counter: "CLOSE Skip in Skip x Embed x Share Authorities ..."
    _rx("control", r"(?:\b(?:CLOSE|Close)[ \t]+)?(?:\bSkip[ \t]+in[ \t]+Skip[ \t]+x[ \t]+)?\bEmbed[ \t]+x[ \t]+Share\b", ("Embed",)),
    # "Hide Caption 18 of 25", "Photos: ... 3 of 8"
    _rx("counter", r"\b(?:Hide\s+)?Caption\s+\d{1,3}\s+of\s+\d{1,3}\b", ("Caption",)),
    # a counter opening a slide, with the slide's title: "13/30 Large Magellanic Cloud", "Ben Morgan 8/8"
    _rx("counter", rf"(?:(?:{_NAME}[ \t]+){{0,3}})?\b\d{{1,3}}/\d{{1,3}}\b(?:[ \t]+(?!(?:A|An|The|This|These|That)\b)(?:{_NAME}|\d+\b))*", ("/",)),
    # a widget's buttons side by side: "Show Hide Bitcoin soared ...", "Play Pause", "Expand / Collapse";
    # two or more control words in a row (one alone is an ordinary word: "Show", "Close")
    _rx("control", r"\b(?:Show|Hide|Expand|Collapse|Play|Pause|Mute|Unmute|Replay|Fullscreen)"
        r"(?:[ \t]*/?[ \t]*(?:Show|Hide|Expand|Collapse|Play|Pause|Mute|Unmute|Replay|Fullscreen)\b)+", ("Show", "Hide", "Expand", "Collapse", "Play", "Pause", "Mute", "Unmute", "Replay", "Fullscreen")),
    # a player's running time: "| 0:56"
    _rx("counter", r"\|\s*\d{1,2}:\d{2}\b", ("|",)),
    # a video list's entry: a line opening with its running time, then the clip's title, no full stop
    # ("1:36 'It never goes away,' Ocilla man said of ...", "16:37 Reporter discusses ..."); a clock
    # time takes "a.m."/"PM", and a timeline's or a live blog's entry is a sentence ("10:15 The mayor
    # said the road would reopen.")
    _rx("counter", r"(?m)^[ \t]*(?:\d{1,2}:)?\d{1,2}:\d{2}(?![ \t]*[AaPp]\.?[Mm]\b)[ \t]+[\"“'‘A-Z][^\n]*"
        r"(?<![.!?\"”’)])[ \t]*$", (":",)),
    # a gallery's title label: "Photos: Bastille Day terror: Harrowing images of truck attack in Nice"
    # with the title itself where a caption's sentence visibly starts after it ("... in Nice A photo from")
    _rx("caption", rf"(?m)(?:^|(?<=\s))(?:{_GALLERY_LABELS}|Watch|WATCH|VIDEO|PHOTOS)[ \t]*:"
        r"[^\n]{0,80}?(?=[ \t](?:A|An|The|This|These|Those)[ \t])", (":",)),
    _rx("caption", rf"(?m)(?:^|(?<=\s))(?:{_GALLERY_LABELS}|Watch|WATCH|VIDEO|PHOTOS)[ \t]*:", (":",)),
    # a byline: "By Jane Doe", "By The New York Times |"
    _rx("byline", rf"(?m)(?:^|(?<=\|)|(?<=\n))[ \t]*By[ \t]+(?:{_NAME}[ \t]*(?:,[ \t]*|and[ \t]+|&[ \t]*)?){{1,6}}(?=$|\||\n)", ("By",)),
    # a reporting credit: "(Additional reporting by Soyoung Kim in SEOUL; Editing by Kim Coghill)",
    # "Reporting by Ali Sawafta; Writing by Maayan Lubell"; opening a line or a parenthesis, to its
    # close, a name after "by", no quotation marks nor "said" on it ("according to reporting by the
    # Times", "Reporting by the Post revealed the program, Warner said" are prose)
    _rx("byline", r"(?m)(?:^[ \t]*\(?|\()(?:Additional[ \t]+)?(?:[Rr]eporting|Writing|Editing|Compiled|Written|Edited)"
        r"[ \t]+by[ \t]+[A-Z](?![^\n()]*(?:[\"“”]|\b(?:said|says|told)\b))[^\n()]*\)?", ("by",)),
    # the agencies' closing credit, a line of its own: "Associated Press writers Colleen Long in New
    # York and ... contributed to this report.", "Staff writer Rob Tornoe contributed to this article.";
    # not a line someone says ('"Dozens of officials contributed to this report," Smith said')
    _rx("byline", r"(?m)^(?![^\n]*(?:[\"“”]|\b(?:said|says|told)\b))[^\n]{0,250}?\bcontributed(?:[ \t]+reporting)?"
        r"[ \t]+to[ \t]+this[ \t]+(?:report|story|article)\b[^\n]{0,40}$", ("contributed",)),
    # link lists: "Related stories ...", "Trending Right Now: ...", "Read more: ..." (to the line's end)
    _rx("links", r"(?im)(?:^|(?<=\n))[ \t]*(?:related(?:\s+(?:stories|articles|coverage|content|links|video|videos))?|"
        r"read\s+more|also\s+read|see\s+also|more\s+from\s+[^\n:]{1,30}|trending(?:\s+right\s+now|\s+now)?|"
        r"most\s+(?:read|popular|viewed)|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like)\b\s*:?[^\n]*", ()),
]

# A run of words in capitals: a subhead ("FUTURE FLIGHTS:"), a kicker, a graphic's labels
# ("LUXOR HOTEL BROKEN WINDOWS VISIBLE").  One word needs 5 letters ("CORRECTION"), so that an
# acronym ("NATO", "FBI") is never one.
_CAPS_WORD = r"[A-Z][A-Z0-9'’.&-]*[A-Z0-9]"
_CAPS_RUN_RE = re.compile(rf"(?<![\w'’])(?:{_CAPS_WORD}|[A-Z])(?:[ \t]+(?:{_CAPS_WORD}|[A-Z]|\d+))*(?![\w'’])")


def furniture_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, what)`` of the page furniture in ``text``: credits, counters, captions' labels, bylines,
    link lists and runs of capitals (subheads, graphics), in text order, overlapping spans merged.

    Only shapes a page template prints; text that merely mentions a photo ("Video of the incident
    shows ...") is reporting and stays.  A text written wholly in capitals has no subheads to find.
    """
    found: list[tuple[int, int, str]] = []
    for what, rx, needs in _FURNITURE_RES:
        if needs and not any(n in text for n in needs):
            continue
        found.extend((m.start(), m.end(), what) for m in rx.finditer(text) if m.end() > m.start())
    if ":" in text:
        found.extend(_gallery_titles(text))
    letters = sum(map(str.isalpha, text))  # map over a builtin: 4x a generator's speed, same count
    if letters and sum(map(str.islower, text)) / letters > 0.5:
        transcript: bool | None = None  # counted once, on the first lone word that asks
        for m in _CAPS_RUN_RE.finditer(text):
            words = [w for w in m.group().split() if any(c.isalpha() for c in w)]
            if _named_label(text, m):
                continue
            if len(words) >= 2 and max(len(w) for w in words) >= 4:
                found.append((m.start(), m.end(), "caps"))
            elif len(words) == 1 and len(words[0]) >= 5 and _line_alone(text, m):
                if transcript is None:
                    transcript = _is_transcript(text)
                if not transcript:
                    found.append((m.start(), m.end(), "caps"))
    found.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, what in found:
        if merged and s <= merged[-1][1]:
            ps, pe, pw = merged[-1]
            # a credit keeps its kind inside a longer span ("ASSOCIATED PRESS writer ... contributed to
            # this report" opens on capitals): its names are reporters' (credit_tokens)
            merged[-1] = (ps, max(pe, e), "byline" if "byline" in (pw, what) else pw)
        else:
            merged.append((s, e, what))
    return merged


_GALLERY_LABEL_RE = re.compile(rf"(?:^|(?<=\s))(?:{_GALLERY_LABELS})[ \t]*:[ \t]*", re.MULTILINE)
_WORD_RE = re.compile(r"\S+")


def _gallery_titles(text: str) -> list[tuple[int, int, str]]:
    """A gallery's title that its template prints before every caption, found by its repetition.

    "Hide Caption 8 of 25 Photos: Bastille Day terror: Harrowing images of truck attack in Nice
    Authorities confirmed ...": scraped as running text, the title runs into each caption and the
    parser takes it for the caption's subject ("Harrowing images of truck attack in Nice
    Authorities").  The title is what every caption after the label shares, word for word: the
    longest common run of words (three at least) after all the label's occurrences (three at least:
    two captions may begin alike), which no caption of its own can extend once two captions differ.
    """
    starts = [m.end() for m in _GALLERY_LABEL_RE.finditer(text)]
    if len(starts) < 3:
        return []  # two captions that begin alike ("Police officers said ...", "Police officers stand ...") are no title
    runs = []
    for s in starts:
        end = text.find("\n", s)
        runs.append(list(_WORD_RE.finditer(text, s, len(text) if end < 0 else end)))
    common = 0
    while all(len(r) > common for r in runs) and len({r[common].group() for r in runs}) == 1:
        common += 1
    if common < 3 or any(len(r) == common for r in runs):
        return []  # no title, or a line that is nothing but it: the label rule alone marks those
    return [(m.start(), r[common - 1].end(), "caption")
            for m, r in zip(_GALLERY_LABEL_RE.finditer(text), runs, strict=True)]


def _line_alone(text: str, m: re.Match[str]) -> bool:
    """A lone word in capitals that is its line, or opens it with a colon ("CORRECTION", "UPDATE:")."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    before, after = text[start:m.start()].strip(), text[m.end():end].strip()
    return not before and (not after or after.startswith(":"))


_LABEL_LINE_RE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z'’.-]+[ \t]*:")


def _named_label(text: str, m: re.Match[str]) -> bool:
    """A speaker's label opening a line ("TUCKER CARLSON: It's not just ..."), naming someone the text
    also writes in mixed case ("Tucker Carlson Tonight" host): a transcript's speaker, who does speak.

    A subhead ("FUTURE FLIGHTS: SpaceX ...") is not written elsewhere in mixed case.
    """
    start = text.rfind("\n", 0, m.start()) + 1
    if text[start:m.start()].strip() or not text[m.end():m.end() + 3].lstrip(" \t").startswith(":"):
        return False
    words = m.group().split()
    if not 1 <= len(words) <= 4 or not all(w.isalpha() for w in words):
        return False
    mixed = r"[ \t]+".join(re.escape(w[0] + w[1:].lower()) for w in words)
    return re.search(rf"\b{mixed}\b", text) is not None


def _is_transcript(text: str) -> bool:
    """Whether speaker labels open line after line ("MONTAGNE: ...", "NELSON: ..."): a lone capitalised word is then a label, not a subhead.

    Only a lone word is asked about: a run of words in capitals is a subhead even in a transcript.
    """
    return len(_LABEL_LINE_RE.findall(text)) >= 3


def furniture_tokens(doc: Doc) -> frozenset[int]:
    """Indexes of the tokens inside page furniture: datelines and :func:`furniture_spans` (cached on the Doc).

    A run of capitals that the entity recogniser reads as a person is a transcript's speaker label
    ("MONTAGNE: Take us through ..."), which does speak, so it is not furniture.
    """
    cached = doc.user_data.get("newsprism.furniture")
    if cached is None:
        found = set(dateline_tokens(doc))
        credits: set[int] = set()
        for s, e, what in furniture_spans(doc_text(doc)):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            if what == "caps" and span.ents and all(ent.label_ == "PERSON" for ent in span.ents) and \
                    sum(len(ent) for ent in span.ents) == sum(1 for t in span if t.is_alpha):
                continue
            found.update(t.i for t in span)
            if what == "byline":
                credits.update(t.i for t in span)
        cached = doc.user_data["newsprism.furniture"] = frozenset(found)
        doc.user_data["newsprism.credits"] = frozenset(credits)
    return cached


def credit_tokens(doc: Doc) -> frozenset[int]:
    """Indexes of the tokens inside bylines and reporting credits, the names of the people who wrote
    and edited the article (a subset of :func:`furniture_tokens`).

    A reporter named there is not someone the article quotes: "Kim said" in a report on Kim Jong Un
    must not become "Soyoung Kim", named in "(Additional reporting by Soyoung Kim in SEOUL)".
    """
    cached = doc.user_data.get("newsprism.credits")
    if cached is None:
        doc.user_data.pop("newsprism.furniture", None)  # computed together: ask for both again
        furniture_tokens(doc)
        cached = doc.user_data["newsprism.credits"]
    return cached


def without_furniture(span: Span) -> Span:
    """The mention without the counter, credit or stray mark a scrape glued to its edges.

    "| 0:30 Billionaire Elon Musk", "11/30 Solar Flare An image from ...", "●Jan. 14": the words
    that name someone are what is left.
    """
    furniture = furniture_tokens(span.doc)
    start, end = span.start, span.end
    while start < end - 1 and (start in furniture or not any(c.isalnum() for c in span.doc[start].text)):
        start += 1
    while end - 1 > start and (end - 1 in furniture or not any(c.isalnum() for c in span.doc[end - 1].text)):
        end -= 1
    return span if (start, end) == (span.start, span.end) else span.doc[start:end]


def dateline_tokens(doc: Doc) -> frozenset[int]:
    """Indexes of the tokens inside the datelines that open the document's paragraphs (cached on the Doc)."""
    cached = doc.user_data.get("newsprism.datelines")
    if cached is None:
        text = doc_text(doc)
        found: set[int] = set()
        for m in DATELINE_RE.finditer(text):
            span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if span is not None and any(t.is_upper and len(t) > 1 for t in span):
                found.update(t.i for t in span)
        cached = doc.user_data["newsprism.datelines"] = frozenset(found)
    return cached


def is_caption_subject(tok: Token) -> bool:
    """"This photo", "these images": the subject of a picture caption."""
    return (
        tok.pos_ == "NOUN"
        and tok.lemma_.lower() in PICTURE_NOUNS
        # "This photo", and "This Dec. 28, 2017 photo made available by ..." (the date takes the det)
        and (any(c.dep_ == "det" and c.lower_ in ("this", "these") for c in tok.children)
             or tok.left_edge.lower_ in ("this", "these"))
    )


def source_token(tok: Token) -> Token | None:
    """``tok`` as a source, or what stands for it when it is furniture; None when nothing does.

    A dateline parsed as the subject may carry the real one ("WASHINGTON -- President Obama said":
    "Obama" hangs under "WASHINGTON"), so a name in its subtree outside the dateline is taken.
    """
    if is_caption_subject(tok):
        return None
    furniture = furniture_tokens(tok.doc)
    if tok.i not in furniture:
        return tok
    inner = next(
        (t for t in tok.subtree if t.i not in furniture and t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("appos", "nsubj")),
        None,
    )
    if inner is not None:
        return inner
    # a caption run into its gallery's title ("Photos: ... truck attack in Nice Authorities confirmed"):
    # the parser hangs the caption's own subject under the title; it is the phrase between the
    # furniture and the verb, headed by a word whose head lies inside the furniture; a time or a
    # date is no phrase that ends at the verb ("UPDATE 6:17 PM -", "- JUNE 20:")
    last = max(t.i for t in tok.subtree if t.i in furniture)
    doc, verb = tok.doc, tok.head
    return next((t for t in tok.subtree if t.i > last and t.head.i in furniture and t.pos_ in ("PROPN", "NOUN")
                 and t.ent_type_ not in ("TIME", "DATE", "CARDINAL") and t.right_edge.i < verb.i
                 and all(w.is_punct or w.is_space or w.pos_ in ("AUX", "ADV", "PART")
                         for w in doc[t.right_edge.i + 1: verb.i])), None)
