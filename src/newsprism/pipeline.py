"""From analysed articles to stories and the report: the stages after per-article work.

Kept apart from the runners so that the local path, the DuckDB corpus and
the Spark job all group and compare with the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from newsprism.compare.figures import build_figure_groups
from newsprism.compare.framing import framing_profiles
from newsprism.compare.ledger import build_quote_groups
from newsprism.compare.omissions import find_omissions
from newsprism.compare.speakers import apply_canonical_speakers, corpus_names_of_quotes
from newsprism.compare.summary import summarize
from newsprism.compare.timeline import build_timeline
from newsprism.model import (
    Article,
    ArticleAnalysis,
    Quote,
    Rejection,
    Report,
    ReportArticle,
    Story,
)
from newsprism.stories.grouping import StoryGrouper, StoryItem


def _date_key(article: Article) -> tuple[int, str]:
    # Undated articles go last so dated ones seed stories in time order.
    return (0, article.published) if article.published else (1, "")


def story_item(article: Article, analysis: ArticleAnalysis | None) -> StoryItem:
    entities = [(e.name, e.label) for e in (*analysis.entities, *analysis.context_entities)] if analysis else []
    return StoryItem(
        article_id=article.id,
        title=article.title or "",
        text=article.text,
        published=article.published,
        outlet=article.outlet_group,
        url=article.url,
        entities=entities,
        event_frames=[(f.trigger, f.role, f.argument, f.label, f.sentence) for f in analysis.event_frames]
        if analysis
        else None,
        embedding=analysis.embedding if analysis else None,
    )


def story_speaker_names(quotes: list[Quote]) -> list[Quote]:
    """A story's quotes with one name per speaker across its articles ("Xi" in one outlet, "Xi Jinping" in another).

    The corpus rules (:func:`newsprism.compare.speakers.corpus_speaker_names`: kinds apart,
    epithets dropped, only names written like names stand for others) over the story alone, so an
    organisation "Clinton campaign" beside a person "Clinton" stays apart here too.  The second of
    :func:`build_report`'s two naming passes; benches that score a story's ledger call it too.
    """
    return apply_canonical_speakers(quotes, corpus_names_of_quotes(quotes, one_story=True))


def group_articles(
    articles: Sequence[Article],
    analyses: dict[str, ArticleAnalysis],
    grouper: StoryGrouper | None = None,
) -> list[tuple[list[str], dict[str, str]]]:
    """Group articles into stories (near-duplicates first, then same-event grouping).

    Returns, per story, its article ids in arrival order and the map from each
    near-duplicate copy to its canonical article: a copy joins its original's
    story without counting as an independent source.  Pass a ``grouper`` that
    already holds a corpus to place new articles among existing stories.
    """
    grouper = grouper or StoryGrouper()
    assignment = grouper.assign(story_item(a, analyses.get(a.id)) for a in sorted(articles, key=_date_key))
    members: dict[str, list[str]] = {}
    for article_id, sid in assignment.items():
        members.setdefault(sid, []).append(article_id)
    dups = grouper.duplicates
    return [(ids, {i: dups[i] for i in ids if i in dups}) for ids in members.values()]


def story_title(articles: Sequence[Article]) -> str:
    for article in articles:
        if article.title:
            return article.title
    first = articles[0].text.strip().split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


# Which quotes the ledger, the summary and the speakers pages compare: "speech" (what someone
# said: said, told, announced, denied ...) or "all" (beliefs, intentions and findings too:
# "believes", "plans to", "polls show").  PolNeAR counts all of them as attributions and the
# extractor finds them all (report.json keeps every one); a reader of "who said what" wants
# speech first: on a held-out corpus annotated for speech only, precision was 0.53 as extracted
# and 0.76 with speech cues alone (#15).
Cues = Literal["speech", "all"]
CUE_CHOICES: tuple[Cues, ...] = ("speech", "all")


def compared_quotes(quotes: Sequence[Quote], cues: Cues = "speech") -> list[Quote]:
    """The quotes a comparison uses: speech only by default (see :data:`Cues`)."""
    return list(quotes) if cues == "all" else [q for q in quotes if q.cue_class == "speech"]


def build_story(
    story_id: str,
    articles: Sequence[Article],
    analyses: dict[str, ArticleAnalysis],
    duplicates: dict[str, str],
    cues: Cues = "speech",
) -> Story:
    """Cross-source comparison within one story (of speech quotes only unless ``cues`` is "all")."""
    # Copies are shown but not compared: they would report "agreement" with themselves.
    independent = [a for a in articles if a.id not in duplicates]
    quotes = compared_quotes([q for a in independent if a.id in analyses for q in analyses[a.id].quotes], cues)
    figures = [f for a in independent if a.id in analyses for f in analyses[a.id].figures]
    quote_groups = build_quote_groups(quotes, prefix=story_id)
    figure_groups = build_figure_groups(
        figures, prefix=story_id, outlets={a.id: a.outlet for a in independent}
    )
    return Story(
        id=story_id,
        title=story_title(articles),
        article_ids=[a.id for a in articles],
        duplicates=duplicates,
        summary=summarize(
            list(independent),
            quotes,
            figures,
            quote_groups,
            sentences={a.id: analyses[a.id].sentences for a in independent if a.id in analyses},
        ),
        quote_groups=quote_groups,
        figure_groups=figure_groups,
        omissions=find_omissions([a.id for a in independent], quote_groups, figure_groups, quotes, figures),
        timeline=build_timeline(figures),
        framing_profile=framing_profiles(independent, analyses),
    )


def build_report(
    articles: Sequence[Article],
    analyses: dict[str, ArticleAnalysis],
    rejected: Sequence[Rejection] = (),
    grouping: dict[str, tuple[list[str], dict[str, str]]] | None = None,
    cues: Cues = "speech",
    names: dict[str, str] | None = None,
) -> Report:
    """Group (unless ``grouping`` gives story id -> (article ids, copies)), compare, assemble.

    ``cues``: which quotes the ledger and the summary compare (:data:`Cues`); ``quotes`` keeps all.
    ``names``: speaker name as written -> canonical name, made over more than these articles (a
    stored story's page passes the names the search index gave its quotes, those the speakers pages
    count: the corpus's "Barack Obama" for "Obama", or "Obama" where the corpus also quotes a
    Michelle Obama, unless the story quotes Barack Obama); by default names are made canonical
    across the articles given.

    Story ids are the id of each story's first article, the same id the
    corpus's incremental grouper gives, so links stay valid across runs.
    """
    articles = [a for a in articles if a.id in analyses]
    by_id = {a.id: a for a in articles}
    if grouping is None:
        groups = group_articles(articles, analyses)
        grouping = {ids[0]: (ids, dups) for ids, dups in groups}
    members = [(sid, [i for i in ids if i in by_id], dups) for sid, (ids, dups) in grouping.items()]
    members = [(sid, ids, dups) for sid, ids, dups in members if ids]
    # Speaker names are made canonical across the whole report (or the corpus, ``names``) first
    # ("Obama" in one story and "Barack Obama" in another are one person, where no other Obama is
    # quoted), then across all articles of a story before alignment, so "Xi" in one outlet and "Xi
    # Jinping" in another are one speaker even where the report or corpus as a whole is ambiguous.
    # The story pass runs after a corpus mapping too: the story's names are then the corpus's, so
    # what is left for it is what the wider pass left apart (a short name two people share in the
    # corpus, a spelling no speakers row holds), and within one event's reports the ledger needs
    # one speaker's words under one name to align them across outlets (the link classifier was
    # trained on names made so: bench/train_ledger_links.py).  A stored story's page names people
    # as the speakers pages count them all the same: the search index runs both passes at ingest
    # (store/search.py, _aggregate_speakers), so the ``names`` it gives are already the story's, and
    # this pass leaves them as they are ("Obama" beside a Michelle Obama elsewhere is Barack Obama
    # on this page and on his speaker page when this story quotes him).
    analyses = dict(analyses)
    corpus_names = names if names is not None else corpus_names_of_quotes(
        q for _sid, ids, _dups in members for i in ids for q in analyses[i].quotes)
    for _sid, ids, _dups in members:
        for i in ids:
            analyses[i] = analyses[i].model_copy(
                update={"quotes": apply_canonical_speakers(analyses[i].quotes, corpus_names)})
    for _sid, ids, _dups in members:
        canonical = story_speaker_names([q for i in ids for q in analyses[i].quotes])
        by_article: dict[str, list] = {}
        for q in canonical:
            by_article.setdefault(q.article_id, []).append(q)
        for i in ids:
            analyses[i] = analyses[i].model_copy(update={"quotes": by_article.get(i, [])})
    # Biggest stories first: that is what a reader opens first.
    members.sort(key=lambda m: (-len(m[1]), m[1][0]))
    stories = [build_story(sid, [by_id[i] for i in ids], analyses, dups, cues) for sid, ids, dups in members]
    order = [i for _sid, ids, _dups in members for i in ids]
    return Report(
        articles=[
            ReportArticle.model_validate(by_id[i].model_dump(include=set(ReportArticle.model_fields)))
            for i in order
        ],
        quotes=[q for i in order for q in analyses[i].quotes],
        figures=[f for i in order for f in analyses[i].figures],
        framing=[f for i in order for f in analyses[i].framing],
        loaded_words=[w for i in order for w in analyses[i].loaded_words],
        sentence_bias=[b for i in order for b in analyses[i].sentence_bias],
        stories=stories,
        rejected=list(rejected),
    )
