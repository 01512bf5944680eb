"""What the web app reads: the corpus's published snapshot (store/snapshot.py), never the live file.

Why: an ingest holds the live DuckDB file for its whole run; a snapshot is never written again, so
any number of request threads read it at once (one read-only DuckDB connection per snapshot, a
cursor per request; the SQLite index opened read-only per request) while an ingest writes the next
one.  Each request resolves ``<corpus>.read/current`` once, so it reads one consistent state; the
first request after a publish opens the new snapshot.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from fastapi import HTTPException

from newsprism.model import Report
from newsprism.report.html import input_name
from newsprism.runners.corpus import story_report
from newsprism.store.corpus import Corpus, CorpusBusyError
from newsprism.store.search import SearchIndex
from newsprism.store.snapshot import Snapshot, current, publish

REPORT_CACHE_SIZE = 64
OPEN_WAIT_S = 30.0  # at start-up with no snapshot yet, wait this long for a running ingest


def prepare(db: Path) -> None:
    """Make sure a snapshot of the corpus's last committed state exists (publish one if not).

    A corpus written by an older version (or a snapshot removed by hand) has none, or an older
    one: it is published from a read-only connection, whose shared lock keeps writers out while
    the files are copied.  If an ingest holds the file and a snapshot exists, that one is served.
    Raises :class:`CorpusError` for a file that is no corpus, :class:`CorpusBusyError` when an
    ingest holds a corpus that has no snapshot yet.
    """
    snap = current(db)
    try:
        corpus = Corpus(db, read_only=True, wait_s=0.0 if snap else OPEN_WAIT_S)
    except CorpusBusyError:
        if snap is None:
            raise
        return
    with corpus:
        if snap is None or snap.fingerprint != corpus.fingerprint():
            publish(corpus)


@dataclass
class Reader:
    db: Path
    lock: threading.Lock = field(default_factory=threading.Lock)
    snap: Snapshot | None = None
    con: duckdb.DuckDBPyConnection | None = None
    retired: list[duckdb.DuckDBPyConnection] = field(default_factory=list)
    reports: OrderedDict[
        tuple[str, tuple[str, ...], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], Report
    ] = field(default_factory=OrderedDict)

    def _current(self) -> tuple[Snapshot, duckdb.DuckDBPyConnection]:
        snap = current(self.db)
        if snap is None:
            raise HTTPException(503, "the corpus has no published snapshot; run newsprism ingest or restart the app")
        with self.lock:
            if self.snap is None or self.con is None or snap.dir != self.snap.dir:
                con = duckdb.connect(str(snap.corpus), read_only=True)
                if self.con is not None:
                    # requests still reading the old snapshot hold cursors of it: closed later
                    self.retired = [*self.retired[-3:], self.con]
                self.snap, self.con = snap, con
            return self.snap, self.con

    @contextmanager
    def corpus(self, current: tuple[Snapshot, duckdb.DuckDBPyConnection] | None = None) -> Iterator[Corpus]:
        snap, con = current or self._current()
        cur = con.cursor()
        try:
            yield Corpus.over(cur, snap.corpus)
        finally:
            cur.close()

    @contextmanager
    def index(self, current: tuple[Snapshot, duckdb.DuckDBPyConnection] | None = None) -> Iterator[SearchIndex]:
        snap, _ = current or self._current()
        index = SearchIndex(snap.index, read_only=True)
        try:
            yield index
        finally:
            index.close()

    def report(self, story_id: str) -> Report:
        """The story's Report, cached by its members and its speakers' names (the index's: corpus, then story).

        A story no ingest changed keeps its report, unless an ingest elsewhere changed how the
        corpus names its speakers (a Michelle Obama quoted makes "Obama" no longer Barack Obama).
        """
        current = self._current()  # one snapshot for the members and their names
        with self.corpus(current) as corpus:
            ids, dups = corpus.story_members(story_id)
            if not ids:
                raise HTTPException(404, f"no story {story_id!r}")
            names: dict[str, str] | None
            try:
                with self.index(current) as index:
                    names = index.shown_names(ids)
            except sqlite3.Error:
                # an index of an older layout (no shown names) still served while an ingest holds
                # the corpus: the page names speakers within the story until the next snapshot
                names = None
            key = (story_id, tuple(ids), tuple(sorted(dups.items())), tuple(sorted((names or {}).items())))
            with self.lock:
                cached = self.reports.get(key)
                if cached is not None:
                    self.reports.move_to_end(key)
                    return cached
            report = without_server_paths(story_report(corpus, story_id, names=names))
        with self.lock:
            self.reports[key] = report
            while len(self.reports) > REPORT_CACHE_SIZE:
                self.reports.popitem(last=False)
        return report


def without_server_paths(report: Report) -> Report:
    """The report with each input named by its file name only (pages and the JSON API alike)."""
    return report.model_copy(
        update={
            "articles": [a.model_copy(update={"source_path": input_name(a.source_path) or None}) for a in report.articles],
            "rejected": [r.model_copy(update={"source_path": input_name(r.source_path)}) for r in report.rejected],
        }
    )
