"""Page furniture that is never a source of speech: datelines and picture captions.

Why: the small parser often makes the dateline that opens a paragraph the subject of the
paragraph's first verb ("SAN JOSE, Costa Rica — '...,' said Civil Aviation director Guillermo
Hoppe" gave the quote to "SAN JOSE"), and a caption's "This photo provided by ... shows the
wreckage" reads to it like "X says Y".  A reader of the ledger and the speakers pages must
never see a city or a photo as someone who said something, so the quote extractor asks here
before it takes a subject as a source; without one it falls back to the speaker it would
otherwise find (e.g. the name after the verb), or to no source at all.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsprism.ingest.text import DATELINE_RE
from newsprism.nlp import doc_text

# Nouns that name a picture: with "this"/"these" ("This photo provided by ... shows"), a caption.
# Without it ("Video of the incident shows him ...") a recording is evidence that news reports
# as a finding, which PolNeAR annotates and the extractor keeps.
PICTURE_NOUNS = frozenset(
    "photo photograph picture image video footage screenshot still graphic illustration map chart".split()
)


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
        and any(c.dep_ == "det" and c.lower_ in ("this", "these") for c in tok.children)
    )


def source_token(tok: Token) -> Token | None:
    """``tok`` as a source, or what stands for it when it is furniture; None when nothing does.

    A dateline parsed as the subject may carry the real one ("WASHINGTON -- President Obama said":
    "Obama" hangs under "WASHINGTON"), so a name in its subtree outside the dateline is taken.
    """
    if is_caption_subject(tok):
        return None
    datelines = dateline_tokens(tok.doc)
    if tok.i not in datelines:
        return tok
    return next(
        (t for t in tok.subtree if t.i not in datelines and t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("appos", "nsubj")),
        None,
    )
