"""One vector per article: what it is about, for the story grouper.

TF-IDF terms miss reports of one event told in other words ("Astronauts Have Identified
Unknown Microbes" / a piece on the same discovery that shares few rare terms); a sentence
embedding of the headline and lead does not (newscluster dev: same-event candidate pairs
cosine median 0.69, other-event 0.16).  It does not tell two events of one kind apart (ECB+:
two earthquakes embed alike), which is why the grouper uses it only beside dates
(:mod:`newsprism.stories.grouping`, ``ScoreWeights.embed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsprism.analysis.headline import headline

if TYPE_CHECKING:
    from newsprism.analysis.minilm import MiniLM
    from newsprism.model import Article

# Headline plus the first 200 words: the lead names the event; later paragraphs are background
# shared with other events.  The model reads at most 256 word pieces anyway.
LEAD_WORDS = 200
# Stored rounded: 4 decimals change a cosine by < 1e-3 and keep the stored analysis small.
DECIMALS = 4
# One text per forward pass: as fast as batches of 8 or 32 on one thread (9.4 / 9.5 / 8.5
# texts/s, newscluster texts, measured on torch), and padding-free, so a text's vector does not depend on which
# other texts shared its batch (the Spark and local runners batch differently and must agree).
BATCH = 1


def embedding_text(title: str | None, url: str | None, text: str) -> str:
    """The text embedded for an article: its headline (title or URL slug), then its lead."""
    lead = " ".join(text.split()[:LEAD_WORDS])
    return f"{headline(title, url)}\n{lead}".strip()


def embed_articles(articles: Sequence[Article], model: MiniLM) -> list[list[float]]:
    """Unit-length embeddings of the articles' headline + lead, in order."""
    return embed_texts([embedding_text(a.title, a.url, a.text) for a in articles], model)


def embed_texts(texts: Sequence[str], model: MiniLM) -> list[list[float]]:
    """Unit-length embeddings, in order; each text's independent of the others (``BATCH``)."""
    if not texts:
        return []
    vectors = model.encode(list(texts), batch_size=BATCH)
    return [[round(float(x), DECIMALS) for x in v] for v in vectors]
