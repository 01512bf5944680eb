"""Feed a persistent corpus: ingest, analyse, store, then place new articles in stories.

Order of writes (why an interrupted run is safe to repeat):
1. each analysed shard is stored in one transaction (article + analysis together);
2. only then are unassigned articles grouped, and their assignments written in
   one transaction together with the grouper's new state.
A kill between 1 and 2 leaves analysed but unassigned articles, which the next
``ingest`` groups first; a kill inside a transaction leaves nothing of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from newsprism.ingest import load_paths
from newsprism.model import Rejection, Report
from newsprism.pipeline import Cues, build_report, story_item
from newsprism.runners.local import default_workers, iter_analyzed
from newsprism.store.corpus import Corpus
from newsprism.store.search import SearchIndex, index_path
from newsprism.store.snapshot import publish
from newsprism.stories.grouping import StoryGrouper
from newsprism.stories.state import StateError, dump_state, load_state


@dataclass
class IngestStats:
    read: int = 0
    already_known: int = 0
    analysed: int = 0
    assigned: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (input, one-line warning)


class CorpusStateError(RuntimeError):
    """The corpus holds grouping state this version cannot continue from."""


def load_grouper(corpus: Corpus) -> StoryGrouper:
    """The grouper as the last committed assignment left it (a new one for a new corpus).

    Its state is stored in the corpus with each assignment transaction: replaying every stored
    article to rebuild it would cost time linear in the corpus on every ingest.  The format is
    data only (:mod:`newsprism.stories.state`): a corpus file from elsewhere cannot run code.
    """
    state = corpus.grouper_state()
    if not state:
        return StoryGrouper()
    try:
        return load_state(state)
    except StateError as exc:
        raise CorpusStateError(f"{corpus.path}: {exc}; ingest into a new corpus file") from exc


def dump_grouper(grouper: StoryGrouper) -> bytes:
    return dump_state(grouper)


def assign_pending(corpus: Corpus, batch: int = 500, warnings: list[tuple[str, str]] | None = None) -> int:
    """Place every analysed-but-unassigned article into a story, in date order.

    An article the grouper fails on (a bug meeting an input nobody foresaw) must not poison the
    corpus: left unassigned, it would fail again at the head of every later ingest and no article
    would be placed again.  The batch is redone from the last committed state without it, it is
    stored as a story of its own, and a warning names it (``warnings``: (source, message)).
    """
    pending = corpus.unassigned_ids()
    grouper = load_grouper(corpus)
    done = 0
    for i in range(0, len(pending), batch):
        ids = pending[i : i + batch]
        articles = corpus.articles(ids)
        analyses = corpus.analyses(ids)
        failed: dict[str, str] = {}
        while True:
            merged_before = grouper.merged
            try:
                for article in articles:  # already in date order
                    if article.id not in failed:
                        current = article
                        grouper.add(story_item(article, analyses.get(article.id)))
                break
            except Exception as exc:  # noqa: BLE001 - see the docstring; named, then set aside
                failed[current.id] = f"story grouping failed: {type(exc).__name__}: {exc}".splitlines()[0]
                grouper = load_grouper(corpus)  # the state as committed, before this batch
        # current ids (an article of this batch may have been merged after add() returned), and the
        # lone stories merged away in this batch, whose stored rows move with them
        rows = [
            (a.id, a.id, None) if a.id in failed else (a.id, grouper.story_of(a.id), grouper.duplicates.get(a.id))
            for a in articles
        ]
        retired = {old: new for old, new in grouper.merged.items() if old not in merged_before}
        corpus.set_assignments(rows, dump_grouper(grouper), retired=retired)
        if warnings is not None:
            warnings.extend((a.source_path or a.id, failed[a.id]) for a in articles if a.id in failed)
        done += len(rows)
    return done


def ingest_paths(
    corpus: Corpus,
    paths: Sequence[str | Path],
    workers: int | None = None,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestStats:
    stats = IngestStats()
    articles, rejected = load_paths(paths, workers=workers or default_workers())
    stats.read = len(articles)
    stats.rejected.extend(rejected)
    stats.warnings.extend((a.source_path or a.id, w) for a in articles for w in a.warnings)
    known = corpus.known_ids(a.id for a in articles)
    todo = [a for a in articles if a.id not in known]
    stats.already_known = len(articles) - len(todo)
    if on_total:
        on_total(len(todo))
    for shard in iter_analyzed(todo, workers):
        good = [(a, r) for a, r in shard if not isinstance(r, Rejection)]
        stats.warnings.extend((a.source_path or a.id, w) for a, r in good for w in r.warnings)
        failed = [r for _, r in shard if isinstance(r, Rejection)]
        stats.analysed += corpus.add_analysed(good)
        stats.rejected.extend(failed)
        if on_progress:
            on_progress(len(shard))
    corpus.add_rejections(stats.rejected)
    stats.assigned = assign_pending(corpus, warnings=stats.warnings)
    publish(corpus)  # what the web app serves from now on (store/snapshot.py)
    return stats


def shown_speaker_names(corpus: Corpus, article_ids: Sequence[str]) -> dict[str, str] | None:
    """The names of one story's speakers, as its page shows them and the speakers pages count them.

    Read from the search index, where ingest folds names over the whole corpus, then over each
    story (:meth:`SearchIndex.shown_names`): the corpus's own open index when it is writing, else the
    index file beside it when it is current.  Never written here: ``newsprism story`` opens the
    corpus read-only, and rebuilding a large corpus's index for one page would cost more than the
    page.  None when there is no current index (missing, behind, damaged, or of an older layout):
    the report then names speakers across its own articles.  The web app reads its snapshot's
    index instead and passes the names to :func:`story_report`.
    """
    if corpus.index is not None:
        return corpus.index.shown_names(article_ids)
    path = index_path(corpus.path)
    if not path.is_file():
        return None
    try:
        with SearchIndex(path, read_only=True) as index:
            if index.fingerprint() != corpus.fingerprint():
                return None
            return index.shown_names(article_ids)
    except sqlite3.Error:
        return None


# story_report's default for ``names``: read them from the search index (shown_speaker_names)
FROM_INDEX: Literal["index"] = "index"


def story_report(
    corpus: Corpus, story_id: str, cues: Cues = "speech", names: dict[str, str] | None | Literal["index"] = FROM_INDEX
) -> Report:
    """The same report.json/report.html as ``analyze``, for one stored story.

    Speakers are named as the search index named them at ingest (across the whole corpus, then
    the story), not over the story alone, so the story's page and the speakers pages say the same
    name ("Obama" here, "Barack Obama" there, would be two people to a reader) and count the same
    quotes under it.  ``names``: that mapping when the caller has read it already (the web app, from
    its snapshot's index; the CLI, which says when there is none), None to name speakers across the
    story's own articles, by default :func:`shown_speaker_names` (read once either way).
    """
    ids, dups = corpus.story_members(story_id)
    if not ids:
        raise KeyError(story_id)
    articles = corpus.articles(ids)
    analyses = corpus.analyses(ids)
    if names == FROM_INDEX:
        names = shown_speaker_names(corpus, ids)
    return build_report(articles, analyses, grouping={story_id: (ids, dups)}, cues=cues, names=names)
