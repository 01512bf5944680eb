"""What the per-article tests share: the one spaCy pipeline, and quotes of a snippet as the analysis finds them."""

from __future__ import annotations

from spacy.language import Language

from newsprism.analysis.quotes import extract_quotes
from newsprism.analysis.speakers import extract_entities
from newsprism.model import Quote


def quotes_of(nlp: Language, text: str, article_id: str = "art") -> list[Quote]:
    """The quotes of one snippet, with speakers resolved against its own entities (as ``analyze_doc`` does)."""
    doc = nlp(text)
    return extract_quotes(doc, article_id, extract_entities(doc, article_id))
