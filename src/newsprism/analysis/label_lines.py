"""Label lines: a paragraph signed by a label and a colon is the label's words.

'PENCE: Well, ...' (a transcript), 'Ann Coulter: And Then There Was the One' (a headline), and
"Dispatcher: ... Caller: ..." (a call's turns).  No verb says who speaks, only the layout, so the
lines are found by a pattern, and a label speaks only when the text itself names it a speaker: most
lines of that layout on web news are page furniture ("Update: ...", "Video: ...", "Sex: M").

Step 2b of :func:`newsprism.analysis.quotes.find_attributions`, apart from the cue-driven steps
because it reads the page's layout and the attributions those steps found, not a cue's parse.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from newsprism.analysis.attribution import _Att, _DocState, _has_verb, _tok_at
from newsprism.analysis.cues import FINDING_VEHICLES, MEASURES
from newsprism.analysis.quote_marks import _n_words, _para_bounds

# 'Ann Coulter: And Then There Was the One': a headline or line signed by a label
_LABEL_RE = re.compile(r"(?m)^[ \t\xa0]*([A-Z][\w.'’\-]+(?:[ \t\xa0][\w.'’\-]+){0,4}):[ \t\xa0]+(?=\S)")
# 'PENCE: Well, ...': a transcript line (upper-case speaker label and a colon)
_TRANSCRIPT_RE = re.compile(r"[ \t\xa0]*[\"“]?([A-Z][A-Z.'\- ]{1,30}[A-Z.]):[ \t\xa0]+(?=\S)")


def label_lines(st: _DocState, atts: list[_Att]) -> list[_Att]:
    """Transcript lines ('PENCE: Well, ...') and name-like labels ('Ann Coulter: And Then ...').

    The whole paragraph after the label is the label's words; no verb says so,
    only the layout, hence a pattern and not the parse.  On web news most lines
    of that layout are page furniture ("Update: ...", "Message: ...", "Sex: M
    Race: B", a slideshow's "Property crime incidents: 6"), so a label speaks
    only when something names it a speaker (:func:`_label_speaks`, which reads
    ``atts``, the verb-cued attributions already found) and its line says
    something (a verb: not a contact line, a date, an address).
    """
    text, doc = st.text, st.doc
    found = [(m, True) for m in _TRANSCRIPT_RE.finditer(text)]
    found += [(m, False) for m in _LABEL_RE.finditer(text) if not _TRANSCRIPT_RE.match(text, m.start())
              and (_name_like(doc, m.start(1), m.end(1)) or _speech_verb_first(doc, m.span(1)) is not None)]
    lines: list[tuple[re.Match[str], bool, tuple[int, int]]] = []
    for m, caps in found:
        ps, pe = _para_bounds(text, m.start())
        if m.start() != ps or _picture_label(doc, m.span(1)):
            continue
        # a closing mark ends the body when it opens on its pair ('Bane: “Did he ...?”', as a direct
        # quote keeps both marks); else it closes a mark before the label ('“PENCE: Well, ...”')
        quoted = text[m.end():m.end() + 1] in ('"', "“")
        body = (m.end(), len(text[:pe].rstrip(" \t\xa0") if quoted else text[:pe].rstrip(" \t\xa0\"”")))
        if _n_words(text[body[0]:body[1]]) < 3:
            continue
        lines.append((m, caps, body))
    if not lines:
        return []
    labels = [_label_key(m.group(1)) for m, _, _ in lines]
    turns = _dialogue_speakers(labels, [_has_verb(doc, *body) for _, _, body in lines])
    # the parser can read a label as the subject of the line's verb ("Update: ... police said"): not evidence
    kept = [a for a in atts if not any(
        a.head is not None and a.head[0] < m.end(1) and m.start(1) < a.head[1] for m, _, _ in lines)]
    # a common noun needs a speech source: "the video shows" (a finding) does not make "Video:" a
    # speaker, while "PolitiFact found" makes "PolitiFact:" one
    sources = (_source_heads(doc, [a for a in kept if a.cls == "speech"]), _source_heads(doc, kept))
    names = _capitalised_inside_sentences(doc)
    out: list[_Att] = []
    for (m, caps, body), key in zip(lines, labels, strict=True):
        if not _says_something(doc, body, m.group(1)):
            continue
        inverted = _speech_verb_first(doc, m.span(1))
        if inverted is None and not (key in turns or _label_speaks(doc, m.span(1), caps, key, sources, names)):
            continue
        if inverted is not None and any(a.source is not None and any(s < body[1] and body[0] < e for s, e in a.content)
                                    for a in atts):
            continue  # the verb-cued steps read the inversion already ('Said Ahmed: "..."')
        tok = _tok_at(doc, m.start(1))
        if inverted is not None:  # 'Added Toman: "In my 27 years ..."': the verb is the cue, the rest the speaker
            verb, source = inverted
            cue_spans, cue_text = [verb], text[verb[0]:verb[1]]
        else:
            source, cue_spans, cue_text = m.span(1), [(m.end(1), m.end(1) + 1)], ":"
        label = doc.char_span(*source, alignment_mode="expand")
        measure = label is not None and len(label) > 0 and label.root.lemma_.lower() in MEASURES
        att = _Att(content=[body], cue=None, cue_spans=cue_spans, cue_text=cue_text, cls="finding" if measure else "speech",
                   source=source, head=source, sent=st.sent_of[tok.i] if tok is not None else 0)
        att.regions = st.reg.overlapping(*body)
        out.append(att)
    return out


def _picture_label(doc: Doc, label: tuple[int, int]) -> bool:
    """A label that ends as a picture's credit or caption does ("Alexander Tran. Photo credit: Salt Lake
    County Jail", "CREDIT: Rock Hill Police", "Steve Mollenkopf Photographer: Patrick T. Fallon"): what
    follows names the picture's source, not anyone's words.  The label's last word only: a transcript's
    turns ("UNIDENTIFIED MALE:") are capitalised runs that the furniture finder reads as subheads."""
    span = doc.char_span(*label, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[-1].lower_ in _PICTURE_LABELS


# A label's last word that makes it a picture's credit or caption, in any case ("CREDIT:"): the
# credit and caption labels of analysis/furniture.py.
_PICTURE_LABELS = frozenset({"credit", "credits", "caption", "courtesy", "photo", "photos", "photograph",
                             "photographer"})


def _speech_verb_first(doc: Doc, label: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The spans of a speech verb that opens a label before a name and of that name ("Added Toman:",
    "Said Commissioner William Evans:"): inverted attribution, set with a colon."""
    span = doc.char_span(*label, alignment_mode="expand")
    if span is None or len(span) < 2:
        return None
    # the tagger reads a capitalised "Added" opening a line as a proper noun and leaves it unlemmatised,
    # so the form is looked up; a first name of that form ("Said Ali") opens the recogniser's person
    if span[0].lower_ not in _INVERSION_PAST or span[1].ent_iob_ == "I":
        return None
    rest = span[1:]
    # the rest names someone: not "Posted In:", "Suggested Reading:", "Told Reporters:", "Accused Killer:"
    if rest[0].is_stop or not all(t.pos_ == "PROPN" or t.is_punct or t.is_title for t in rest):
        return None
    if not (any(t.ent_type_ in ("PERSON", "ORG") for t in rest) or _named_in_full(doc, [rest[-1].lower_], span)):
        return None
    return (span[0].idx, span[0].idx + len(span[0].text)), (rest.start_char, rest.end_char)


def _named_in_full(doc: Doc, words: list[str], label: Span) -> bool:
    """Whether the text names, outside the label and in mixed case, a person whose full name ends in
    ``words`` ("SHAPIRO:" where "Ari Shapiro", "Added Toman:" where "Lt. Philip Toman said"); a
    surname is a name's last word ("Story Highlights" is no one's "STORY")."""
    for ent in doc.ents:
        ent_words = [t.lower_ for t in ent if not t.is_punct]
        if ent.label_ == "PERSON" and len(ent_words) >= 2 and ent_words[-len(words):] == words \
                and not ent[0].is_upper and (ent.end <= label.start or ent.start >= label.end):
            return True
    return False


# The past forms of the verbs of quotative inversion ("said Smith", "added the chief"): verbs whose
# subject may follow them.  Not the verbs whose object follows them ("Told CNN:", "Asked Smith:",
# "Called Speaker Nancy Pelosi:" name the one addressed), so not every speech cue.
_INVERSION_PAST = frozenset("""
said added wrote noted explained replied recalled continued stated declared remarked observed insisted
concluded answered quipped conceded admitted acknowledged countered argued commented exclaimed announced
responded cautioned
""".split())


# An e-mail address or a telephone number: a reporter's contact line ("Contact Jim Guy: jguy@...").
_CONTACT_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b")


def _contact_line(text: str, label: str = "") -> bool:
    """An e-mail address or a telephone number with little else ("dbethencourt@freepress.com or
    313-223-4531. Follow him on Twitter."), or under a contact label ("Contact Jim Guy: jguy@...,
    (559) 441-6339 or @jimguy27 on Twitter. Contact Carmen George: ..."); "Anyone with information
    is asked to call Crime Stoppers at 713-222-8477" says something around its number."""
    if not _CONTACT_RE.search(text):
        return False
    return label.split(" ", 1)[0].lower() in _CONTACT_LABELS or _n_words(_CONTACT_RE.sub(" ", text)) < 6


# First words of a label that introduce a reporter's contact details (furniture vocabulary, like
# the caption and credit labels of analysis/furniture.py).
_CONTACT_LABELS = frozenset({"contact", "email", "e-mail", "reach", "follow"})


def _says_something(doc: Doc, body: tuple[int, int], label: str = "") -> bool:
    """A label line's text is words, not a contact line, a date or a form ("303-954-1733,
    jpaul@denverpost.com", "September 15, 2016 9:11:51 AM CDT", "M Race: B Age: 27").

    A verb, or mostly plain words: a headline in title case often has no verb the tagger sees
    ("Democrat Voters Worried About Hillary Clinton's Health Issues").  Never a contact line.
    """
    span = doc.char_span(*body, alignment_mode="expand")
    if span is None or _contact_line(span.text, label):
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return True
    return bool(words) and sum(t.is_alpha for t in words) >= 0.6 * len(words) and ":" not in span.text


def _label_key(label: str) -> str:
    return " ".join(label.lower().split())


def _dialogue_speakers(labels: list[str], verbs: list[bool]) -> frozenset[str]:
    """The labels of label lines that take turns ("SHAPIRO: ...", "HORSLEY: ...", "SHAPIRO: ...";
    "Dispatcher:", "Caller:"): an interview's or a call's speakers, whatever words they are.

    Turns: two labels or more that come back, holding most of the label lines between them, the
    label changing at least every other turn, and sentences in most turns.  A stray label among
    them ("Copyright:", "Update:", once) is no speaker by this rule.  Not turns: a page of "Update:"
    paragraphs with one "Complaint:" among them, a gallery's "Video:" lines, a police blotter's
    headings ("DISPUTE:", "BURGLARY:", "Road rage:", most of them once), a record's fields ("Date:
    ... Location: ... Date: ...", no verb).
    """
    back = {k for k, n in Counter(labels).items() if n >= 2}
    turns = [(k, v) for k, v in zip(labels, verbs, strict=True) if k in back]
    if len(back) < 2 or len(turns) < 2 / 3 * len(labels):
        return frozenset()
    changes = sum(1 for (a, _), (b, _) in zip(turns, turns[1:], strict=False) if a != b)
    if changes < 0.5 * (len(turns) - 1) or sum(v for _, v in turns) < 0.5 * len(turns):
        return frozenset()
    return frozenset(back)


def _source_heads(doc: Doc, atts: list[_Att]) -> set[str]:
    """Lower-cased lemmas of the head words of the sources the verb cues found ("police" of "Police said")."""
    heads: set[str] = set()
    for att in atts:
        if att.head is None:
            continue
        span = doc.char_span(*att.head, alignment_mode="expand")
        if span is not None and len(span):
            heads.add(span.root.lemma_.lower())
            heads.add(span.root.lower_)
    return heads


def _label_speaks(doc: Doc, label: tuple[int, int], caps: bool, key: str,
                  sources: tuple[set[str], set[str]], names: frozenset[str]) -> bool:
    """Whether a line's label names someone who speaks, not a section of the page.

    Named by the text itself, not by a list of words: the head word is the source of a verb cue
    elsewhere in the text ("Police: ..." where police "said"; a common noun only as a speaker, not
    as a finding's source: "the video shows"; ``names``, the words the text capitalises inside
    sentences, tell a name from a common noun), a label in mixed case is a name of a person or a
    body (the recogniser's, or two capitalised proper nouns it missed: "Ann Coulter"), a label in
    capitals is a person the text also names in mixed case ("SHAPIRO" and "Ari Shapiro").  A place
    ("Ohio: A man was killed ...", a roundup's heading) and a survey or analysis noun ("Analysis:",
    "Poll:") speak only as sources elsewhere.  "Update", "Message", "Video", "Sex", "DATE" are none
    of these.  The recogniser's reading of a word in capitals is not trusted ("STORY" is a person to
    it, "PENCE" nothing).
    """
    span = doc.char_span(*label, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    # (speech sources, every source): a name or a measure ("Poll:" where "according to a poll") by any
    heads = sources[1] if root.lower_ in names or root.lemma_.lower() in MEASURES else sources[0]
    if root.lemma_.lower() in heads or root.lower_ in heads or key in heads:
        return True
    words = [t for t in span if not t.is_punct]
    if not caps:
        if root.ent_type_ in _SPEAKER_ENTS and root.lemma_.lower() not in FINDING_VEHICLES:
            return True
        # a name the recogniser missed: two or more capitalised proper nouns ("Ann Coulter", "Red Cross";
        # one capitalised word opening a line is read as a proper noun too often: "Update", "Message"),
        # not a page template's label over another story's headline ("Top News", "Previous Story",
        # "Original Post")
        return len(words) >= 2 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words) and not (
            words[0].lower_ in _TEMPLATE_FIRST and words[-1].lower_ in _TEMPLATE_LAST)
    # "SHAPIRO": a person the text names in mixed case, by surname or whole ("Ari Shapiro", "Tucker
    # Carlson", "Mitch McConnell")
    return _named_in_full(doc, [t.lower_ for t in words], span)


# The words that page templates label their lists and links with ("Top News:", "Previous Story:",
# "Original Post:", "Related Stories:"): a closed class of web furniture vocabulary, as
# analysis/furniture.py's labels.  Both words must be the template's: each alone ends or opens
# names ("Bangkok Post", "Saturday Night Live", "Popular Party"); a name the recogniser found is
# never read against them.
_TEMPLATE_FIRST = frozenset("""
top previous next original related latest breaking more recommended trending featured sponsored popular
suggested recent editor's editors' watch read
""".split())
_TEMPLATE_LAST = frozenset("""
news story stories post posts article articles headlines update updates live video videos gallery photos
links coverage reading minute
""".split())


# Entity labels that make a mixed-case label a speaker on sight (a person, a body, a people); a
# place speaks only as a source elsewhere (its government: "China said"), else it is a heading.
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP"})


def _capitalised_inside_sentences(doc: Doc) -> frozenset[str]:
    """Lower-cased words the text writes capitalised inside a sentence ("a Politifact analysis"):
    names, where a line's first word is capitalised whatever it is ("Video: ...").  Once per document."""
    return frozenset(
        t.lower_ for t in doc
        if t.i and not t.is_sent_start and t.text[:1].isupper() and not t.is_upper
        and doc[t.i - 1].text not in (":", '"', "“") and not doc[t.i - 1].is_space)


def _name_like(doc: Doc, s: int, e: int) -> bool:
    """A label made of names and nouns ("Ann Coulter", "Clinton camp", "Poll"), not a
    section header ("Related", "The Latest", "Editor's Note" have other words)."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return all(t.pos_ in ("PROPN", "NOUN", "PART") or t.is_punct for t in span) and any(
        t.pos_ in ("PROPN", "NOUN") for t in span)
