"""The persistent corpus: one embedded DuckDB file.

Why these tables: an article and its analysis are written together in one
transaction, so a kill at any moment leaves either both or neither; story
assignments are written in a later transaction of their own, so an
interrupted ``ingest`` resumes by grouping whatever has no assignment yet.
Ids are content hashes and every insert skips existing ids: re-ingesting is a
no-op.  Rows are inserted in multi-row ``VALUES`` batches, ~9x faster than
``executemany`` here (STACK.md), so the NLP and not the store bounds ingest.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from newsprism.model import Article, ArticleAnalysis, Rejection
from newsprism.store.search import INDEX_VERSION, SearchIndex, ensure_index

SCHEMA_VERSION = 1

_DDL = [
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY, outlet VARCHAR, title VARCHAR, url VARCHAR, published VARCHAR,
        author VARCHAR, source_path VARCHAR, language VARCHAR, text VARCHAR, raw_text VARCHAR,
        offset_map JSON, removed JSON, seq BIGINT, ingested_at TIMESTAMP DEFAULT current_timestamp)""",
    """CREATE TABLE IF NOT EXISTS analyses (article_id VARCHAR PRIMARY KEY, analysis JSON)""",
    """CREATE TABLE IF NOT EXISTS quotes (
        id VARCHAR PRIMARY KEY, article_id VARCHAR, speaker VARCHAR, kind VARCHAR, cue VARCHAR,
        text VARCHAR, start_char INTEGER, end_char INTEGER, speaker_named BOOLEAN)""",
    # corpora written before speaker_named existed gain it (NULL for their rows: shown as named)
    """ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker_named BOOLEAN""",
    # the speaker's kind (person, organisation, group, description) and the cue's class (speech,
    # belief, finding, other); NULL for rows written before them (read as a person, as speech)
    """ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker_kind VARCHAR""",
    """ALTER TABLE quotes ADD COLUMN IF NOT EXISTS cue_class VARCHAR""",
    # the publisher key (newsprism.ingest.outlets); corpora written before it gain it, NULL for
    # their rows (read back as None: grouping falls back to the display name)
    """ALTER TABLE articles ADD COLUMN IF NOT EXISTS outlet_key VARCHAR""",
    """CREATE TABLE IF NOT EXISTS assignments (
        article_id VARCHAR PRIMARY KEY, story_id VARCHAR, duplicate_of VARCHAR, seq BIGINT)""",
    """CREATE TABLE IF NOT EXISTS rejections (source_path VARCHAR, reason VARCHAR,
        "at" TIMESTAMP DEFAULT current_timestamp)""",
    """CREATE TABLE IF NOT EXISTS state (key VARCHAR PRIMARY KEY, value BLOB)""",
    # a story id merged into another story: its links keep working (the web app redirects)
    """CREATE TABLE IF NOT EXISTS story_aliases (old_id VARCHAR PRIMARY KEY, story_id VARCHAR)""",
]

_ROWS_PER_INSERT = 200
_LOCK_RE = re.compile(r"\block\b", re.IGNORECASE)


@dataclass(frozen=True)
class StoryRow:
    story_id: str
    title: str
    outlets: list[str]
    articles: int
    copies: int
    first: str | None
    last: str | None


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[tuple], keyed: bool = True
) -> None:
    """Multi-row INSERT, batched; on keyed tables ON CONFLICT DO NOTHING makes it idempotent."""
    if not rows:
        return
    cols = ", ".join(columns)
    one = "(" + ", ".join("?" for _ in columns) + ")"
    for i in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[i : i + _ROWS_PER_INSERT]
        sql = f"INSERT INTO {table} ({cols}) VALUES {', '.join(one for _ in chunk)}"
        if keyed:
            sql += " ON CONFLICT DO NOTHING"
        con.execute(sql, [v for row in chunk for v in row])


class CorpusBusyError(RuntimeError):
    """Another process holds the corpus file (DuckDB: one writer or many readers)."""


class CorpusError(RuntimeError):
    """The file is not a usable newsprism corpus: not DuckDB, another program's database, or damaged.

    ``str(exc)`` is one line naming the file and the problem.
    """


def describe_db_error(path: str, exc: BaseException) -> str:
    """One line for a DuckDB or OS error on the corpus file, saying what it means for the reader."""
    msg = " ".join(str(exc).split())
    low = msg.lower()
    if "no space left" in low or getattr(exc, "errno", None) == 28:
        return f"{path}: no space left on device; nothing of the interrupted write was kept"
    if "checksum" in low or "attempted to read" in low or "corrupt" in low:
        return f"{path}: the corpus file is damaged ({msg[:160]}); restore it from a copy or ingest into a new file"
    if "not a valid duckdb database" in low or "unable to open database" in low:
        return f"{path}: not a newsprism corpus (not a DuckDB database file)"
    return f"{path}: {msg[:200]}"


class Corpus:
    """A DuckDB-backed corpus of articles, analyses and story assignments."""

    def __init__(
        self, path: str | Path, read_only: bool = False, wait_s: float = 0.0, index: bool | None = None
    ) -> None:
        """Open (and for writing, create) the corpus file.

        ``wait_s``: how long to retry while another process holds the file (DuckDB allows one
        writing process, or readers, at a time; ``newsprism serve`` reads a published snapshot,
        never this file, see store/snapshot.py).  After that the lock error is raised as
        :class:`CorpusBusyError`.  ``index``: keep the full-text index beside the file in step with
        every write (store/search.py); default: when writing.
        """
        self.path = str(path)
        self.index: SearchIndex | None = None
        deadline = time.monotonic() + wait_s
        while True:
            try:
                self.con = duckdb.connect(self.path, read_only=read_only)
                break
            except duckdb.Error as exc:
                if not _LOCK_RE.search(str(exc)):  # "Could not set lock on file" (not "block")
                    raise CorpusError(describe_db_error(self.path, exc)) from exc
                if time.monotonic() >= deadline:
                    raise CorpusBusyError(
                        f"{self.path}: the corpus is in use by another process (an ingest, or the web app "
                        "mid-request); try again when it is done"
                    ) from exc
                time.sleep(0.1)
        try:
            self._check_identity(read_only)
            if not read_only:
                self.verify()
                for ddl in _DDL:
                    self.con.execute(ddl)
                self.con.execute(
                    "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [str(SCHEMA_VERSION)]
                )
                self.con.execute("INSERT INTO meta VALUES ('generation', '0') ON CONFLICT DO NOTHING")
                self._backfill_quote_classes()
            if index if index is not None else not read_only:
                self.index = SearchIndex(ensure_index(self))
        except BaseException as exc:
            self.con.close()
            if isinstance(exc, duckdb.Error):
                raise CorpusError(describe_db_error(self.path, exc)) from exc
            raise

    def _backfill_quote_classes(self) -> None:
        """Fill the cue class and speaker kind of quotes stored before those columns, from their analyses.

        Why: the speakers pages count speech by default, and a corpus written before would
        otherwise count every belief and finding as speech.  The stored analysis JSON has the cue
        class (and, when written by a version that had it, the kind), so nothing is re-analysed.
        Runs once: later opens find no row without a cue class.
        """
        if self.con.execute("SELECT 1 FROM quotes WHERE cue_class IS NULL LIMIT 1").fetchone() is None:
            return
        self.con.execute(
            """UPDATE quotes SET cue_class = coalesce(src.cue_class, 'speech'), speaker_kind = src.kind FROM (
                   SELECT q->>'$.id' AS id, q->>'$.cue_class' AS cue_class, q->>'$.speaker.kind' AS kind
                   FROM (SELECT unnest(json_extract(analysis, '$.quotes[*]')) AS q FROM analyses)) src
               WHERE quotes.id = src.id AND quotes.cue_class IS NULL"""
        )

    @classmethod
    def over(cls, con: duckdb.DuckDBPyConnection, path: str | Path) -> Corpus:
        """A corpus reading through an open connection (the web app's cursor on a snapshot)."""
        corpus = cls.__new__(cls)
        corpus.path, corpus.con, corpus.index = str(path), con, None
        return corpus

    def fingerprint(self) -> str:
        """What the corpus holds, in one string: its write generation and row counts.

        Every write transaction bumps the generation; the counts also catch a file written by an
        older version (which kept no generation).  The search index and the published snapshot
        record the fingerprint they reflect, so a stale one is found by one comparison.
        """
        row = self.con.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        gen = row[0] if row else "0"
        n_art = self.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        n_asg = self.con.execute("SELECT count(*) FROM assignments").fetchone()[0]
        # the index's layout version too: an index or snapshot written by an older version is stale
        return f"g{gen}-a{n_art}-s{n_asg}-i{INDEX_VERSION}"

    def _bump_generation(self) -> str:
        """Inside a write transaction: count it, and return the fingerprint it will commit."""
        self.con.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT (key) "
            "DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS VARCHAR)"
        )
        return self.fingerprint()

    def _index_commit(self, fingerprint: str) -> None:
        """Commit the index's transaction after the corpus's; if that fails, drop the index.

        The corpus is then ahead of the index: the index is closed, and its stale fingerprint
        makes the next open rebuild it, rather than keep serving results that miss rows.
        """
        if self.index is None:
            return
        try:
            self.index.commit(fingerprint)
        except BaseException:
            self.index.rollback()
            self.index.close()
            self.index = None
            raise

    def _tables(self) -> list[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
        return [r[0] for r in rows]

    def _check_identity(self, read_only: bool) -> None:
        """Refuse a DuckDB file that holds anything but a newsprism corpus (before any write).

        An empty database is a new corpus (when writing).  A file with other tables belongs to
        another program: creating ours beside them would change a file the user did not mean
        to give us.
        """
        tables = self._tables()
        if not tables:
            if read_only:
                raise CorpusError(f"{self.path}: an empty database, not a newsprism corpus (nothing ingested yet)")
            return
        version = None
        if "meta" in tables:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = row[0] if row else None
        if version is None:
            raise CorpusError(
                f"{self.path}: a DuckDB database of another program (tables: {', '.join(tables[:5])}), "
                "not a newsprism corpus; nothing was written to it"
            )
        if version != str(SCHEMA_VERSION):
            raise CorpusError(f"{self.path}: corpus schema version {version}; this version reads {SCHEMA_VERSION}")

    def verify(self) -> None:
        """Read every stored value once, so a damaged file is found before anything is written.

        DuckDB checks each block's checksum when it reads the block, but only then: a flipped
        byte in articles that no command happens to read goes unnoticed until much later.
        Hashing every column of every table reads every block (about a second per GB here).
        Raises ``duckdb.Error`` (the caller turns it into one line).
        """
        for table in self._tables():
            self.con.execute(f'SELECT count(*), max(hash(COLUMNS(*))) FROM "{table}"').fetchall()  # noqa: S608

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None
        self.con.close()

    def _rollback(self) -> None:
        """Undo the open transaction, never hiding the error that caused it.

        A failed COMMIT (disk full) has already ended the transaction, so ROLLBACK then raises
        "no transaction is active", which would replace the real cause in the message.
        """
        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -----------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def add_analysed(self, pairs: Sequence[tuple[Article, ArticleAnalysis]]) -> int:
        """Write articles with their analyses, all or nothing. Returns rows newly added."""
        if not pairs:
            return 0
        new = [(a, an) for a, an in pairs if a.id not in self.known_ids(a.id for a, _ in pairs)]
        if not new:
            return 0
        seq0 = self.con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
        article_rows = [
            (
                a.id, a.outlet, a.title, a.url, a.published, a.author, a.source_path, a.language, a.text,
                a.raw_text, json.dumps(a.offset_map), json.dumps([m.model_dump() for m in a.removed]), seq0 + n + 1,
                a.outlet_key,
            )
            for n, (a, _) in enumerate(new)
        ]
        seqs = {row[0]: row[12] for row in article_rows}
        analysis_rows = [(a.id, an.model_dump_json()) for a, an in new]
        quote_rows = [
            (
                q.id, q.article_id, q.speaker.name if q.speaker else None, q.kind, q.cue.text if q.cue else None,
                q.text, q.spans[0][0], q.spans[-1][1],
                # a named entity ("Dmitry Peskov", "CNN"), not a description the quote leans on
                # ("Western leaders", "the statement")
                q.speaker is not None and q.speaker.resolved_by != "none",
                q.speaker.kind if q.speaker else None, q.cue_class,
            )
            for _, an in new
            for q in an.quotes
        ]
        if self.index is not None:  # opened first, committed last: see store/search.py
            self.index.begin()
            try:
                self.index.add(new, seqs)
            except BaseException:
                self.index.rollback()
                raise
        self.con.execute("BEGIN TRANSACTION")
        try:
            _insert(
                self.con, "articles",
                ["id", "outlet", "title", "url", "published", "author", "source_path", "language", "text",
                 "raw_text", "offset_map", "removed", "seq", "outlet_key"],
                article_rows,
            )
            _insert(self.con, "analyses", ["article_id", "analysis"], analysis_rows)
            _insert(
                self.con, "quotes",
                ["id", "article_id", "speaker", "kind", "cue", "text", "start_char", "end_char", "speaker_named",
                 "speaker_kind", "cue_class"],
                quote_rows,
            )
            fingerprint = self._bump_generation()
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            if self.index is not None:
                self.index.rollback()
            raise
        self._index_commit(fingerprint)
        return len(new)

    def add_rejections(self, rejected: Sequence[Rejection]) -> None:
        """Record rejections once: re-ingesting the same folder does not repeat its rows."""
        rows = list(dict.fromkeys((r.source_path, r.reason) for r in rejected))
        if not rows:
            return
        known = set(
            self.con.execute(
                "SELECT source_path, reason FROM rejections WHERE source_path IN (SELECT unnest(?))",
                [[p for p, _ in rows]],
            ).fetchall()
        )
        _insert(self.con, "rejections", ["source_path", "reason"], [r for r in rows if r not in known], keyed=False)

    def set_assignments(
        self,
        rows: Sequence[tuple[str, str, str | None]],
        state: bytes | None = None,
        retired: Mapping[str, str] | None = None,
    ) -> None:
        """Record (article_id, story_id, duplicate_of) and the grouper's state in one transaction.

        ``retired`` maps story ids the grouper has merged away (a lone article re-tested into a
        grown story) to their new story: rows stored earlier under them move in the same transaction.
        """
        if self.index is not None:
            self.index.begin()
            try:
                self.index.set_stories([(a, s) for a, s, _ in rows], dict(retired or {}))
            except BaseException:
                self.index.rollback()
                raise
        self.con.execute("BEGIN TRANSACTION")
        try:
            seq0 = self.con.execute("SELECT coalesce(max(seq), 0) FROM assignments").fetchone()[0]
            _insert(
                self.con, "assignments", ["article_id", "story_id", "duplicate_of", "seq"],
                [(a, s, d, seq0 + n + 1) for n, (a, s, d) in enumerate(rows)],
            )
            for old, new in (retired or {}).items():
                self.con.execute("UPDATE assignments SET story_id = ? WHERE story_id = ?", [new, old])
                # the old id, and any id that already pointed at it, now name the new story
                self.con.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?", [new, old])
                self.con.execute(
                    "INSERT INTO story_aliases VALUES (?, ?) ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id",
                    [old, new],
                )
            if state is not None:
                self.con.execute(
                    "INSERT INTO state VALUES ('grouper', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [state],
                )
            fingerprint = self._bump_generation()
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            if self.index is not None:
                self.index.rollback()
            raise
        self._index_commit(fingerprint)

    # -- reads ------------------------------------------------------------------
    def grouper_state(self) -> bytes | None:
        row = self.con.execute("SELECT value FROM state WHERE key = 'grouper'").fetchone()
        return bytes(row[0]) if row else None

    def count(self, table: str = "articles") -> int:
        if table not in {"articles", "analyses", "quotes", "assignments", "rejections"}:
            raise ValueError(table)
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def unassigned_ids(self) -> list[str]:
        """Analysed articles with no story yet, in date order (undated last), then ingest order."""
        rows = self.con.execute(
            """SELECT a.id FROM articles a JOIN analyses n ON n.article_id = a.id
               LEFT JOIN assignments s ON s.article_id = a.id WHERE s.article_id IS NULL
               ORDER BY a.published IS NULL, a.published, a.seq"""
        ).fetchall()
        return [r[0] for r in rows]

    def _articles_where(self, where: str, params: list) -> list[Article]:
        # a read-only connection to an old corpus has no outlet_key column (the DDL adds it on write)
        key = "outlet_key" if self._has_column("articles", "outlet_key") else "NULL"
        rows = self.con.execute(
            f"""SELECT id, outlet, title, url, published, author, source_path, language, text, raw_text,
                       offset_map, removed, {key} FROM articles WHERE {where} ORDER BY published IS NULL, published, seq""",
            params,
        ).fetchall()
        return [
            Article(
                id=r[0], outlet=r[1], title=r[2], url=r[3], published=r[4], author=r[5], source_path=r[6],
                language=r[7], text=r[8], raw_text=r[9] or "", offset_map=json.loads(r[10] or "[]"),
                removed=json.loads(r[11] or "[]"), outlet_key=r[12],
            )
            for r in rows
        ]

    def articles(self, ids: Sequence[str]) -> list[Article]:
        return self._articles_where("id IN (SELECT unnest(?))", [list(ids)]) if ids else []

    def analyses(self, ids: Sequence[str]) -> dict[str, ArticleAnalysis]:
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT article_id, analysis FROM analyses WHERE article_id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        return {r[0]: ArticleAnalysis.model_validate_json(r[1]) for r in rows}

    def story_members(self, story_id: str) -> tuple[list[str], dict[str, str]]:
        rows = self.con.execute(
            "SELECT article_id, duplicate_of FROM assignments WHERE story_id = ? ORDER BY seq", [story_id]
        ).fetchall()
        return [r[0] for r in rows], {r[0]: r[1] for r in rows if r[1]}

    def stories(
        self, limit: int = 100, offset: int = 0, outlet: str | None = None, since: str | None = None,
        until: str | None = None, story_ids: Sequence[str] | None = None,
    ) -> list[StoryRow]:
        """Stories, newest first, with outlets, counts and time span.

        One name per outlet *key*: two unknown-outlet articles are two outlets ("unknown" twice).
        Filters: an outlet that reported the story; a date range the story's reports overlap
        (``YYYY-MM-DD``, inclusive; undated stories then drop out); a set of story ids.
        """
        key = "coalesce(a.outlet_key, a.outlet)" if self._has_column("articles", "outlet_key") else "a.outlet"
        having, params = self._story_filters(outlet, since, until, story_ids)
        rows = self.con.execute(
            f"""SELECT s.story_id,
                      arg_min(coalesce(a.title, substr(a.text, 1, 120)), a.seq) AS title,
                      list(DISTINCT [a.outlet, {key}]) AS outlets,
                      count(*) FILTER (WHERE s.duplicate_of IS NULL) AS articles,
                      count(*) FILTER (WHERE s.duplicate_of IS NOT NULL) AS copies,
                      min(a.published), max(a.published), max(a.seq) AS newest
               FROM assignments s JOIN articles a ON a.id = s.article_id
               GROUP BY s.story_id {having} ORDER BY max(a.published) DESC NULLS LAST, newest DESC, s.story_id
               LIMIT ? OFFSET ?""",  # noqa: S608 - fixed SQL text, values bound
            [*params, limit, offset],
        ).fetchall()
        return [StoryRow(r[0], r[1], [o for o, _ in sorted(r[2])], r[3], r[4], r[5], r[6]) for r in rows]

    def count_stories(
        self, outlet: str | None = None, since: str | None = None, until: str | None = None,
        story_ids: Sequence[str] | None = None,
    ) -> int:
        having, params = self._story_filters(outlet, since, until, story_ids)
        return self.con.execute(
            f"""SELECT count(*) FROM (SELECT s.story_id FROM assignments s JOIN articles a ON a.id = s.article_id
                GROUP BY s.story_id {having})""",  # noqa: S608
            params,
        ).fetchone()[0]

    @staticmethod
    def _story_filters(
        outlet: str | None, since: str | None, until: str | None, story_ids: Sequence[str] | None
    ) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if outlet:
            clauses.append("bool_or(lower(a.outlet) = lower(?))")
            params.append(outlet)
        if since:
            clauses.append("max(substr(a.published, 1, 10)) >= ?")
            params.append(since)
        if until:
            clauses.append("min(substr(a.published, 1, 10)) <= ?")
            params.append(until)
        if story_ids is not None:
            clauses.append("s.story_id IN (SELECT unnest(?))")
            params.append(list(story_ids))
        return ("HAVING " + " AND ".join(clauses) if clauses else ""), params

    def outlets(self) -> list[str]:
        """Every outlet's display name, alphabetical (the filters' choices)."""
        return [r[0] for r in self.con.execute("SELECT DISTINCT outlet FROM articles ORDER BY lower(outlet)").fetchall()]

    # -- reads for the web app ----------------------------------------------------
    # Every value from a request reaches SQL as a bound parameter.  Text search is the FTS5
    # index's (store/search.py), not SQL over these tables.

    def story_exists(self, story_id: str) -> bool:
        row = self.con.execute("SELECT 1 FROM assignments WHERE story_id = ? LIMIT 1", [story_id]).fetchone()
        return row is not None

    def story_alias(self, story_id: str) -> str | None:
        """The story a merged-away story id now belongs to, or None (also for a corpus from before aliases)."""
        try:
            row = self.con.execute("SELECT story_id FROM story_aliases WHERE old_id = ?", [story_id]).fetchone()
        except duckdb.CatalogException:  # written by a version without the table, opened read-only
            return None
        return row[0] if row else None

    def story_ids_with_prefix(self, prefix: str, limit: int = 4) -> list[str]:
        """Story ids starting with ``prefix`` (sorted, at most ``limit``): the CLI takes a cut id."""
        rows = self.con.execute(
            "SELECT DISTINCT story_id FROM assignments WHERE starts_with(story_id, ?) ORDER BY story_id LIMIT ?",
            [prefix, limit],
        ).fetchall()
        return [r[0] for r in rows]

    def speakers(self, limit: int = 500) -> list[tuple[str, int, int]]:
        """(speaker name as stored, quotes, stories), most quoted first: named speakers only.

        A source that is no named entity ("rhetoric", "the statement", "Western leaders") stays
        on its quote in the story, but is not a speaker one can look up across stories.
        """
        named = "AND coalesce(q.speaker_named, true)" if self._has_column("quotes", "speaker_named") else ""
        rows = self.con.execute(
            f"""SELECT q.speaker, count(*) AS n, count(DISTINCT s.story_id)
               FROM quotes q JOIN assignments s ON s.article_id = q.article_id
               WHERE q.speaker IS NOT NULL AND trim(q.speaker) <> '' {named}
               GROUP BY q.speaker ORDER BY n DESC, q.speaker LIMIT ?""",  # noqa: S608 - fixed SQL text
            [limit],
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def _has_column(self, table: str, column: str) -> bool:
        """Whether the file has the column (a read-only connection cannot add it to an old corpus)."""
        return bool(
            self.con.execute(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                [table, column],
            ).fetchone()[0]
        )
