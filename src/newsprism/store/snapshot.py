"""Read snapshots: what the web app serves, so that readers never wait for an ingest.

Why: DuckDB lets one process write a file or several read it, never both.  An ingest holds the
corpus for its whole run (minutes), so an app reading the corpus itself must either wait or answer
503.  Instead, a writer *publishes* what it committed: once its writes are done (and while it still
holds the write lock, so nothing can change underneath), it checkpoints the corpus and copies it,
with a consistent copy of the search index (SQLite's backup API), into a new directory
``<corpus>.read/<fingerprint>-<time>/``, then points the symlink ``<corpus>.read/current`` at it
with one atomic ``rename``.  Nobody ever writes a published directory again, so the app opens its
files read-only without ever meeting a lock, and a reader sees either the old snapshot or the new
one, never a mix (the "nothing half-written" rule of store/corpus.py holds for the copy because it
is taken after a checkpoint, under the writer's lock).  The snapshot before the current one is
kept, so a request that resolved the link just before a publish still finds its files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from newsprism.store.corpus import Corpus
from newsprism.store.search import ensure_index

__all__ = ["Snapshot", "current", "publish", "snapshot_root"]

KEEP = 2  # the current snapshot and the one before it
CORPUS_NAME = "corpus.duckdb"
INDEX_NAME = "search.sqlite"
FINGERPRINT_NAME = "FINGERPRINT"


@dataclass(frozen=True)
class Snapshot:
    dir: Path
    fingerprint: str

    @property
    def corpus(self) -> Path:
        return self.dir / CORPUS_NAME

    @property
    def index(self) -> Path:
        return self.dir / INDEX_NAME


def snapshot_root(db: str | Path) -> Path:
    return Path(str(db) + ".read")


def current(db: str | Path) -> Snapshot | None:
    """The published snapshot of the corpus at ``db`` (None when none was published)."""
    root = snapshot_root(db)
    try:
        name = os.readlink(root / "current")
    except OSError:
        return None
    folder = root / name
    try:
        fingerprint = (folder / FINGERPRINT_NAME).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return Snapshot(folder, fingerprint)


def publish(corpus: Corpus) -> Snapshot:
    """Copy what ``corpus`` has committed into a new snapshot and make it the current one.

    ``corpus`` must be open for writing (its lock keeps other writers out while the files are
    copied), or read-only (a shared lock does the same); a read-only connection cannot
    checkpoint, so the file's write-ahead log is copied with it and replayed when it is opened.
    """
    fingerprint = corpus.fingerprint()
    with contextlib.suppress(Exception):  # read-only connections cannot checkpoint: the WAL is copied
        corpus.con.execute("CHECKPOINT")
    index = ensure_index(corpus) if corpus.index is None else corpus.index.path
    root = snapshot_root(corpus.path)
    root.mkdir(exist_ok=True)
    name = f"{fingerprint}-{time.time_ns()}"
    tmp = root / f".{name}.tmp"
    tmp.mkdir()
    try:
        shutil.copyfile(corpus.path, tmp / CORPUS_NAME)
        wal = Path(corpus.path + ".wal")
        if wal.is_file() and wal.stat().st_size:
            shutil.copyfile(wal, tmp / (CORPUS_NAME + ".wal"))
        src = sqlite3.connect(index)
        dst = sqlite3.connect(tmp / INDEX_NAME)
        try:
            src.backup(dst)  # a consistent copy even while another connection writes
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, opened read-only
        finally:
            src.close()
            dst.close()
        (tmp / FINGERPRINT_NAME).write_text(fingerprint + "\n", encoding="utf-8")
        os.replace(tmp, root / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    link = root / f".current.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(name)
    os.replace(link, root / "current")  # the atomic switch: readers see old or new, never neither
    _prune(root, keep_name=name)
    return Snapshot(root / name, fingerprint)


def _prune(root: Path, keep_name: str) -> None:
    """Remove all but the newest ``KEEP`` snapshots (and leftovers of interrupted publishes)."""

    def stamp(p: Path) -> int:
        tail = p.name.rsplit("-", 1)[-1].removesuffix(".tmp")
        return int(tail) if tail.isdigit() else 0

    dirs = sorted((p for p in root.iterdir() if p.is_dir() and not p.is_symlink()), key=stamp)
    keep = {keep_name} | {p.name for p in dirs if not p.name.startswith(".")}.intersection(
        p.name for p in [d for d in dirs if not d.name.startswith(".")][-KEEP:]
    )
    for p in dirs:
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
