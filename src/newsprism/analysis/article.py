"""The per-article analysis: one pure function, the same on a laptop and on Spark.

``analyze_doc`` takes an already-parsed ``Doc`` so that runners can feed
articles through ``nlp.pipe`` in batches (much faster than one call per
article); ``analyze_article`` is the one-article convenience around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from newsprism.analysis.context import extract_context_entities
from newsprism.analysis.dates import article_day
from newsprism.analysis.embedding import embed_articles
from newsprism.analysis.events import located_event_frames
from newsprism.analysis.figures import extract_figures
from newsprism.analysis.framing import analyse_framing
from newsprism.analysis.quotes import extract_quotes, unattributed_quoted_spans
from newsprism.analysis.speakers import extract_entities
from newsprism.model import Article, ArticleAnalysis, EventFrame, ScoredSpan
from newsprism.workers import batch_gc_thresholds

if TYPE_CHECKING:
    from newsprism.analysis.minilm import MiniLM


def analyze_doc(article: Article, doc: Doc) -> ArticleAnalysis:
    """Run every per-article extractor over one parsed article, in flow order.

    Quotes come before framing because framing must know which quotation
    marks are utterances (not scare quotes) and which words are quoted (a
    loaded word inside a quote is the speaker's, not the outlet's).
    """
    entities = extract_entities(doc, article.id)
    quotes = extract_quotes(doc, article.id, entities)
    unattributed = unattributed_quoted_spans(doc, quotes)
    figures = extract_figures(doc, article.id, article.published)
    framing = analyse_framing(doc, article.id, quotes, unattributed)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    frames = [
        EventFrame(trigger=f[0], role=f[1], argument=f[2], label=f[3], sentence=f[4], trigger_span=ts, argument_span=args)
        for f, ts, args in located_event_frames(doc)
    ]
    return ArticleAnalysis(
        article_id=article.id,
        quotes=quotes,
        figures=figures,
        framing=framing.spans,
        loaded_words=[ScoredSpan(article_id=article.id, spans=[span], score=p) for span, p in framing.words],
        sentence_bias=[ScoredSpan(article_id=article.id, spans=[span], score=p) for span, p in framing.sentences],
        entities=entities,
        context_entities=extract_context_entities(doc, article.id),
        sentences=sentences,
        event_frames=frames,
    )


def analyze_article(article: Article, nlp: Language) -> ArticleAnalysis:
    return analyze_doc(article, nlp(article.text))


# Characters of one article that are analysed.  Work and memory grow with length (spaCy's parse,
# quotes, figures): a 1M-character dump took 4.5 min and 3.8 GB in one process, enough for one
# input to hang a batch or exhaust a worker.  A long read runs 30-60k characters (5-10k words);
# past this bound the analysis covers the leading paragraphs only and says so in a warning (the
# whole cleaned text stays in the report and the corpus).  Measured on this machine with a
# quote-dense 1M-character input: peak RSS of one process with the models loaded (0.67 GB) was
# 0.79 / 0.90 / 1.06 GB analysing 30k / 60k / 100k characters (1.2 / 3.0 / 5.1 s): 60k keeps
# a worker under 1 GB.
ANALYSIS_MAX_CHARS = 60_000


def analysed_text(text: str, limit: int = ANALYSIS_MAX_CHARS) -> str:
    """``text``, or its leading part up to ``limit`` characters cut at a paragraph (else word) end.

    A prefix, so every offset computed on it indexes the article's cleaned text unchanged.
    """
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit]


# nlp.pipe batch: 64 ran 1.2x faster than 16 on PolNeAR dev texts (~800 words
# each, one core; bench/analysis_speed.py --components); callers that shard
# smaller (runners) get their shard size.
PIPE_BATCH = 64


def needs_embedding(article: Article) -> bool:
    """Whether the article's headline + lead embedding can ever be read: only when it has a day.

    The story grouper adds the embedding term only between two dated sides (embeddings alone do
    not tell two events of one kind apart; :class:`newsprism.stories.grouping.ScoreWeights`), and a
    story's summed embedding counts its dated members only (``Features.merge``); nothing else reads
    it.  An undated article's embedding was 78 ms of work per article, about a third of the
    per-article analysis on one core, never used by the default grouper.  Same test as the grouper's:
    :func:`newsprism.analysis.dates.article_day` (publication date, else the printed dateline).
    """
    return article_day(article.title, article.text, article.published) is not None


def analyze_many(
    articles: Iterable[Article],
    nlp: Language,
    batch_size: int = PIPE_BATCH,
    embedder: MiniLM | None = None,
) -> Iterator[tuple[Article, ArticleAnalysis | Exception]]:
    """Analyse a stream of articles with ``nlp.pipe``; never raises for one article.

    A failure in one article's extractors is yielded as the exception so the
    caller can report it in one line and carry on with the batch.  With an
    ``embedder`` each analysis of a dated article also carries the article's embedding
    (:func:`needs_embedding`).

    Raises the process's young-generation GC threshold (:func:`batch_gc_thresholds`): every
    runner's analysis comes through here, and at the default the collector's full passes over
    the loaded models took 0.2-0.4 s of 84 articles.
    """
    batch_gc_thresholds()
    articles = list(articles)
    texts = [analysed_text(a.text) for a in articles]
    docs = nlp.pipe(texts, batch_size=batch_size)
    for article, text, doc in zip(articles, texts, docs, strict=True):
        try:
            analysis = analyze_doc(article, doc)
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch
            yield article, exc
            continue
        if len(text) < len(article.text):
            analysis.warnings.append(
                f"long article: analysed its first {len(text):,} of {len(article.text):,} characters"
            )
        if embedder is not None and needs_embedding(article):
            try:
                (analysis.embedding,) = embed_articles([article], embedder)
            except Exception as exc:  # noqa: BLE001 - the rest of its analysis is still worth having
                analysis.warnings.append(f"embedding failed: {type(exc).__name__}: {exc}".splitlines()[0])
        yield article, analysis
