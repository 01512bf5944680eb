"""Full-text search over the corpus: an SQLite FTS5 index in a file beside the DuckDB corpus.

Why SQLite FTS5: it ships in Python's own ``sqlite3`` (nothing to download, unlike DuckDB's ``fts``
extension, which is fetched at run time and fails offline), ranks by BM25, and takes phrases and
boolean queries.  The index is ``<corpus>.search.sqlite``:

* ``docs``: one row per article (headline + text) and per quote (words + speaker), with the
  filters (outlet, date, speaker key, story) and the article id + offsets every hit keeps;
* ``docs_fts``: the contentless FTS5 table over them (``unicode61``: case, accents, hyphens and
  punctuation do not matter);
* ``texts``: the cleaned article text, so hits are highlighted without opening the corpus;
* ``meta``: the corpus *fingerprint* the index reflects.

Kept consistent with the corpus (store/corpus.py): rows are written in an SQLite transaction opened
before and committed right after the DuckDB transaction that stores the same articles or
assignments, and the fingerprint (the corpus's write generation and row counts) is part of it.  A
crash between the two commits, a deleted index or a corpus written by an older version leaves a
fingerprint that differs from the corpus's: the index is then rebuilt from the corpus
(:func:`ensure_index`, ``newsprism reindex``) into a temporary file swapped in atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsprism.compare.speakers import corpus_speaker_names, name_tokens
from newsprism.store.query import ParsedQuery, match_spans

if TYPE_CHECKING:
    from newsprism.model import Article, ArticleAnalysis
    from newsprism.store.corpus import Corpus

# Bumped when the index's layout changes: it is part of the corpus fingerprint (store/corpus.py),
# so an index (and a published snapshot) written by an older version is rebuilt on open.
# 2: speaker kind and cue class per quote, canonical speaker keys across the corpus, speech counts.
INDEX_VERSION = "2"
SUFFIX = ".search.sqlite"

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    """CREATE TABLE IF NOT EXISTS docs (
        rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, article_id TEXT NOT NULL, quote_id TEXT,
        story_id TEXT, outlet TEXT, title TEXT, published TEXT, speaker TEXT, speaker_key TEXT,
        qkind TEXT, text TEXT, start_char INTEGER, end_char INTEGER, seq INTEGER, named INTEGER,
        speaker_kind TEXT, cue_class TEXT)""",
    "CREATE INDEX IF NOT EXISTS docs_article ON docs (article_id)",
    "CREATE INDEX IF NOT EXISTS docs_speaker ON docs (speaker_key, story_id)",
    # who is quoted, aggregated at ingest (set_stories): the speakers page reads it as it is
    """CREATE TABLE IF NOT EXISTS speakers (
        key TEXT PRIMARY KEY, name TEXT, names TEXT, kind TEXT, quotes INTEGER, stories INTEGER,
        speech_quotes INTEGER, speech_stories INTEGER)""",
    "CREATE INDEX IF NOT EXISTS speakers_rank ON speakers (quotes DESC, name)",
    "CREATE INDEX IF NOT EXISTS docs_story ON docs (story_id)",
    "CREATE TABLE IF NOT EXISTS texts (article_id TEXT PRIMARY KEY, text TEXT)",
    # contentless: the words live in docs/texts; the index keeps only what ranking needs
    """CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
        title, body, speaker, content='', tokenize='unicode61 remove_diacritics 2')""",
]
# BM25 column weights: a word in the headline (or the speaker's name) says more than one in the body
_WEIGHTS = "5.0, 1.0, 2.0"


def index_path(db: str | Path) -> Path:
    return Path(str(db) + SUFFIX)


def speaker_key(name: str | None) -> str | None:
    """The folded name the speaker filter compares ("President Xi" and "Xi" are one key)."""
    toks = name_tokens(name or "")
    return " ".join(toks) if toks else None


@dataclass(frozen=True)
class Filters:
    outlet: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    speaker: str | None = None
    story: str | None = None


@dataclass(frozen=True)
class Hit:
    kind: str  # "article" | "quote"
    article_id: str
    quote_id: str | None
    story_id: str
    outlet: str
    title: str | None
    published: str | None
    speaker: str | None
    quote_kind: str | None
    text: str | None  # the quote's words (quotes only)
    span: tuple[int, int] | None  # the quote in its article's cleaned text (quotes only)
    spans: list[tuple[int, int]]  # the query's matches in the article's text (articles) or quote
    score: float


class SearchIndex:
    """One SQLite connection to the index (WAL: readers see the last commit while a writer works)."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only:  # a published snapshot (store/snapshot.py): never written again
            self.con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                       check_same_thread=False)
            return
        self.con = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=NORMAL")
        self.con.execute("PRAGMA busy_timeout=30000")
        for ddl in _SCHEMA:
            self.con.execute(ddl)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- consistency ---------------------------------------------------------------
    def fingerprint(self) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        return row[0] if row else None

    def begin(self) -> None:
        self.con.execute("BEGIN IMMEDIATE")

    def commit(self, fingerprint: str) -> None:
        self.con.execute(
            "INSERT INTO meta VALUES ('fingerprint', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [fingerprint],
        )
        self.con.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.con.execute("ROLLBACK")

    # -- writes (inside begin() ... commit()) -----------------------------------------
    def add(self, pairs: Sequence[tuple[Article, ArticleAnalysis]], seqs: dict[str, int]) -> None:
        """Index articles and their quotes (not searchable until they have a story)."""
        known = {r[0] for r in self.con.execute(
            "SELECT article_id FROM texts WHERE article_id IN (SELECT value FROM json_each(?))",
            [_json_list([a.id for a, _ in pairs])],
        )}
        for a, an in pairs:
            if a.id in known:
                continue
            seq = seqs.get(a.id, 0)
            self._doc("article", a.id, None, a.outlet, a.title, a.published, None, None, None, a.title or "",
                      a.text, None, None, seq, None, None, None)
            self.con.execute("INSERT INTO texts VALUES (?, ?)", [a.id, a.text])
            for q in an.quotes:
                name = q.speaker.name if q.speaker else None
                # a named entity ("Dmitry Peskov"), not a description ("Western leaders"): as corpus.py
                named = q.speaker is not None and q.speaker.resolved_by != "none"
                self._doc("quote", a.id, q.id, a.outlet, a.title, a.published, name, q.kind, q.text, "",
                          q.text, q.spans[0][0], q.spans[-1][1], seq, named,
                          q.speaker.kind if q.speaker else None, q.cue_class)

    def _doc(
        self, kind: str, article_id: str, quote_id: str | None, outlet: str, title: str | None,
        published: str | None, speaker: str | None, qkind: str | None, text: str | None, fts_title: str,
        body: str, start: int | None, end: int | None, seq: int, named: bool | None,
        speaker_kind: str | None, cue_class: str | None,
    ) -> None:
        cur = self.con.execute(
            """INSERT INTO docs (kind, article_id, quote_id, outlet, title, published, speaker, speaker_key,
                                 qkind, text, start_char, end_char, seq, named, speaker_kind, cue_class)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [kind, article_id, quote_id, outlet, title, published, speaker, speaker_key(speaker), qkind, text,
             start, end, seq, named, speaker_kind, cue_class],
        )
        self.con.execute("INSERT INTO docs_fts (rowid, title, body, speaker) VALUES (?, ?, ?, ?)",
                         [cur.lastrowid, fts_title, body, speaker or ""])

    def set_stories(self, rows: Iterable[tuple[str, str]], retired: dict[str, str] | None = None) -> None:
        """(article id, story id) assignments, and merged-away stories moved to the one they joined."""
        self.con.executemany("UPDATE docs SET story_id = ? WHERE article_id = ?", [(s, a) for a, s in rows])
        for old, new in (retired or {}).items():
            self.con.execute("UPDATE docs SET story_id = ? WHERE story_id = ?", [new, old])
        self._aggregate_speakers()

    def _aggregate_speakers(self) -> None:
        """Recount the speakers table: one row per person (or body) across the whole corpus.

        Names are folded by :func:`newsprism.compare.speakers.corpus_speaker_names` ("Obama" and
        "President Obama" are "Barack Obama" where no other Obama is quoted; "the Clinton campaign"
        stays itself), and every quote's ``speaker_key`` is set to its canonical name's key, so the
        speaker filter, the speaker page and this table read the same rows.  Named speakers only,
        quotes placed in a story only: the same rows the speaker page lists, so its "N quotes in M
        stories" is the count of what it shows, for speech alone and for every cue.  The mapping
        depends on the whole corpus (a new Michelle Obama makes "Obama" ambiguous), so it is
        recomputed at each ingest: one pass over the distinct names, one UPDATE of changed keys.
        """
        rows = self.con.execute(
            "SELECT speaker, speaker_kind, count(*) FROM docs WHERE kind = 'quote' AND speaker IS NOT NULL "
            "GROUP BY speaker, speaker_kind"
        ).fetchall()
        mapping = corpus_speaker_names(rows)
        self.con.execute("CREATE TEMP TABLE IF NOT EXISTS canon (speaker TEXT PRIMARY KEY, key TEXT)")
        self.con.execute("DELETE FROM canon")
        self.con.executemany("INSERT INTO canon VALUES (?, ?)",
                             [(name, speaker_key(mapping.get(name, name))) for name in {r[0] for r in rows}])
        self.con.execute(
            """UPDATE docs SET speaker_key = (SELECT key FROM canon WHERE canon.speaker = docs.speaker)
               WHERE kind = 'quote' AND speaker IS NOT NULL
                     AND speaker_key IS NOT (SELECT key FROM canon WHERE canon.speaker = docs.speaker)"""
        )
        where = "kind = 'quote' AND story_id IS NOT NULL AND speaker_key IS NOT NULL AND coalesce(named, 1)"
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        speech: dict[str, int] = defaultdict(int)
        for key, name, kind, cue, n in self.con.execute(
            f"SELECT speaker_key, speaker, speaker_kind, coalesce(cue_class, 'speech'), count(*) FROM docs "  # noqa: S608
            f"WHERE {where} GROUP BY 1, 2, 3, 4"
        ).fetchall():
            spellings[key][name] += n
            kinds[key][kind or "person"] += n
            if cue == "speech":
                speech[key] += n
        stories = dict(self.con.execute(
            f"SELECT speaker_key, count(DISTINCT story_id) FROM docs WHERE {where} GROUP BY speaker_key"  # noqa: S608
        ).fetchall())
        speech_stories = dict(self.con.execute(
            f"SELECT speaker_key, count(DISTINCT story_id) FROM docs WHERE {where} "  # noqa: S608
            "AND coalesce(cue_class, 'speech') = 'speech' GROUP BY speaker_key"
        ).fetchall())
        self.con.execute("DELETE FROM speakers")
        out = []
        for key, names in spellings.items():
            ordered = sorted(names.items(), key=lambda t: (-t[1], -len(t[0]), t[0]))
            shown = mapping.get(ordered[0][0], ordered[0][0])
            out.append((key, shown, json.dumps(list(dict.fromkeys([shown, *(n for n, _ in ordered)]))),
                        kinds[key].most_common(1)[0][0], sum(names.values()), stories[key], speech[key],
                        speech_stories.get(key, 0)))
        self.con.executemany("INSERT INTO speakers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", out)

    # -- reads -----------------------------------------------------------------------
    def search(
        self, query: ParsedQuery, kind: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0
    ) -> tuple[int, list[Hit]]:
        """(total, one page of hits) of ``kind`` ("article" or "quote"), best BM25 first."""
        keys = (self.speaker_keys(filters.speaker) or [speaker_key(filters.speaker) or ""]) if filters.speaker else []
        where, params = _where(filters, kind, keys)
        base = f"FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid WHERE docs_fts MATCH ? AND {where}"  # noqa: S608
        total = self.con.execute(f"SELECT count(*) {base}", [query.fts, *params]).fetchone()[0]
        rows = self.con.execute(
            f"""SELECT d.kind, d.article_id, d.quote_id, d.story_id, d.outlet, d.title, d.published, d.speaker,
                       d.qkind, d.text, d.start_char, d.end_char, bm25(docs_fts, {_WEIGHTS}) AS score
                {base} ORDER BY score, d.seq DESC, d.rowid LIMIT ? OFFSET ?""",  # noqa: S608 - fixed SQL text
            [query.fts, *params, limit, offset],
        ).fetchall()
        texts = self.texts([r[1] for r in rows if r[0] == "article"])
        hits = []
        for r in rows:
            body = r[9] if r[0] == "quote" else texts.get(r[1], "")
            spans = match_spans(body or "", query.terms)
            hits.append(Hit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                            (r[10], r[11]) if r[0] == "quote" else None, spans, -float(r[12])))
        return total, hits

    def speakers(self, limit: int, offset: int, cues: str = "speech"
                 ) -> tuple[int, list[tuple[str, str, list[str], str | None, int, int]]]:
        """(total, page of (key, name, spellings, kind, quotes, stories)), most quoted first.

        ``cues`` "speech" (the default) counts and lists speakers by what they said; "all" counts
        beliefs, plans and findings attributed to them too.
        """
        q, st = ("speech_quotes", "speech_stories") if cues == "speech" else ("quotes", "stories")
        where = f"WHERE {q} > 0"
        total = self.con.execute(f"SELECT count(*) FROM speakers {where}").fetchone()[0]  # noqa: S608
        rows = self.con.execute(
            f"SELECT key, name, names, kind, {q}, {st} FROM speakers {where} "  # noqa: S608 - fixed SQL text
            f"ORDER BY {q} DESC, lower(name), key LIMIT ? OFFSET ?",
            [limit, offset],
        ).fetchall()
        return total, [(k, n, json.loads(ns), kd, qn, sn) for k, n, ns, kd, qn, sn in rows]

    def speaker_keys(self, name: str) -> list[str]:
        """The folded names a typed name means: itself if quoted, else every fuller name holding its words.

        "Putin" means "Vladimir Putin" when no quote is attributed to plain "Putin".
        """
        key = speaker_key(name)
        if not key:
            return []
        if self.con.execute("SELECT 1 FROM speakers WHERE key = ?", [key]).fetchone():
            return [key]
        words = set(key.split())
        longest = max(words, key=len)
        rows = self.con.execute("SELECT key FROM speakers WHERE instr(key, ?) > 0", [longest]).fetchall()
        return [k for (k,) in rows if words <= set(k.split())]

    def shown_names(self, article_ids: Sequence[str]) -> dict[str, str]:
        """{speaker name as written -> the name the speakers pages show} for the quotes of these articles.

        Why: a story's page must name people as the speakers pages do, and that name depends on the
        whole corpus ("Obama" is "Barack Obama" unless a Michelle Obama is quoted somewhere).  The
        mapping was made at ingest (:meth:`_aggregate_speakers`: each quote's ``speaker_key`` and the
        ``speakers`` row's name), so this reads it for one story's names only: no pass over the
        corpus per request.  Names no speakers row holds (descriptions such as "Western leaders",
        which are not looked up across stories) are left out: the caller keeps them as written.
        """
        if not article_ids:
            return {}
        rows = self.con.execute(
            """SELECT DISTINCT d.speaker, s.name FROM docs d JOIN speakers s ON s.key = d.speaker_key
               WHERE d.kind = 'quote' AND d.article_id IN (SELECT value FROM json_each(?))""",
            [_json_list(list(article_ids))],
        ).fetchall()
        return dict(rows)

    def speaker_quotes(self, keys: Sequence[str], cues: str = "all") -> list[tuple[str, str]]:
        """(story id, quote id) of every named quote by these speakers, newest story first (speech only
        when ``cues`` is "speech")."""
        if not keys:
            return []
        speech = "AND coalesce(cue_class, 'speech') = 'speech'" if cues == "speech" else ""
        return self.con.execute(
            f"""SELECT story_id, quote_id FROM docs
               WHERE kind = 'quote' AND speaker_key IN (SELECT value FROM json_each(?))
                     AND story_id IS NOT NULL AND coalesce(named, 1) {speech}
               ORDER BY max(coalesce(published, '')) OVER (PARTITION BY story_id) DESC, story_id, seq, start_char""",  # noqa: S608
            [_json_list(list(keys))],
        ).fetchall()

    def speaker_kind(self, keys: Sequence[str]) -> str | None:
        row = self.con.execute(
            "SELECT kind FROM speakers WHERE key IN (SELECT value FROM json_each(?)) ORDER BY quotes DESC LIMIT 1",
            [_json_list(list(keys))],
        ).fetchone()
        return row[0] if row else None

    def speaker_names(self, keys: Sequence[str]) -> list[str]:
        rows = self.con.execute(
            "SELECT names FROM speakers WHERE key IN (SELECT value FROM json_each(?)) ORDER BY quotes DESC",
            [_json_list(list(keys))],
        ).fetchall()
        return list(dict.fromkeys(n for (ns,) in rows for n in json.loads(ns)))

    def stories_quoting(self, name: str, cues: str = "speech") -> list[str]:
        """Story ids in which the speaker is quoted (the story list's speaker filter).

        Speech by default, as the speaker page counts them, so "quoted in M stories" there and the
        story list filtered by that speaker agree; ``cues`` "all" adds beliefs, plans and findings.
        """
        return list(dict.fromkeys(sid for sid, _ in self.speaker_quotes(self.speaker_keys(name), cues)))

    def texts(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT article_id, text FROM texts WHERE article_id IN (SELECT value FROM json_each(?))",
            [_json_list(list(ids))],
        )
        return dict(rows.fetchall())


def _json_list(items: list[str]) -> str:
    return json.dumps(items)


def _where(f: Filters, kind: str, speaker_keys: list[str]) -> tuple[str, list[object]]:
    """The filter clause: every value a bound parameter."""
    clauses, params = ["d.kind = ?", "d.story_id IS NOT NULL"], [kind]
    if f.outlet:
        clauses.append("lower(d.outlet) = lower(?)")
        params.append(f.outlet)
    if f.since:
        clauses.append("substr(d.published, 1, 10) >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("substr(d.published, 1, 10) <= ?")
        params.append(f.until)
    if f.story:
        clauses.append("d.story_id = ?")
        params.append(f.story)
    if speaker_keys:  # the speaker's folded names ("Putin" -> "vladimir putin"), as the speaker page reads them
        keys = "(SELECT value FROM json_each(?))"
        if kind == "quote":
            clauses.append(f"d.speaker_key IN {keys}")
        else:  # articles in which the speaker is quoted
            clauses.append(f"d.article_id IN (SELECT article_id FROM docs WHERE kind = 'quote' AND speaker_key IN {keys})")
        params.append(_json_list(speaker_keys))
    return " AND ".join(clauses), params


EXPORT_COLUMNS = ["kind", "story_id", "article_id", "quote_id", "start", "end", "outlet", "published", "title",
                  "speaker", "text", "score"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def hit_row(hit: Hit) -> dict[str, object]:
    """One flat export row: a quote with its offsets in the article, an article with its first match."""
    start, end = hit.span if hit.span else (hit.spans[0] if hit.spans else (None, None))
    return {"kind": hit.kind, "story_id": hit.story_id, "article_id": hit.article_id, "quote_id": hit.quote_id,
            "start": start, "end": end, "outlet": hit.outlet, "published": hit.published, "title": hit.title,
            "speaker": hit.speaker, "text": hit.text, "score": round(hit.score, 4)}


def rows_to_csv(rows: Sequence[dict[str, object]]) -> str:
    """CSV with a header; a cell a spreadsheet would run as a formula ("=HYPERLINK(...)") gets a leading '."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
                         for k, v in row.items()})
    return buf.getvalue()


# --------------------------------------------------------------------------- building and checking


def rebuild(corpus: Corpus, path: str | Path | None = None) -> Path:
    """Build the whole index from the corpus into a temporary file, then swap it in atomically."""
    from newsprism.model import ArticleAnalysis, Quote, Span, Speaker

    target = Path(path) if path else index_path(corpus.path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)
    try:
        with SearchIndex(tmp) as index:
            index.begin()
            seqs: dict[str, int] = {}
            quotes: dict[str, list[Quote]] = {}
            named_col = "coalesce(speaker_named, true)" if corpus._has_column("quotes", "speaker_named") else "true"
            # corpora written before kinds and cue classes: a person, speech (as _aggregate_speakers reads NULL)
            kind_col = "speaker_kind" if corpus._has_column("quotes", "speaker_kind") else "NULL"
            cue_col = "coalesce(cue_class, 'speech')" if corpus._has_column("quotes", "cue_class") else "'speech'"
            for qid, aid, speaker, kind, text, start, end, named, skind, cue in corpus.con.execute(
                f"SELECT id, article_id, speaker, kind, text, start_char, end_char, {named_col}, {kind_col}, {cue_col} "  # noqa: S608
                "FROM quotes ORDER BY article_id, start_char"
            ).fetchall():
                spans: list[Span] = [(start, end)]
                speaker_ = Speaker(name=speaker, spans=[], resolved_by="name" if named else "none",
                                   kind=skind) if speaker else None
                quotes.setdefault(aid, []).append(
                    Quote(id=qid, article_id=aid, text=text or "", spans=spans, kind=kind, speaker=speaker_,
                          cue_class=cue)
                )
            ids = [r[0] for r in corpus.con.execute("SELECT id, seq FROM articles ORDER BY seq").fetchall()]
            for r in corpus.con.execute("SELECT id, seq FROM articles").fetchall():
                seqs[r[0]] = r[1] or 0
            for i in range(0, len(ids), 500):
                chunk = corpus.articles(ids[i : i + 500])
                index.add([(a, ArticleAnalysis(article_id=a.id, quotes=quotes.get(a.id, []))) for a in chunk], seqs)
            index.set_stories(corpus.con.execute("SELECT article_id, story_id FROM assignments").fetchall())
            index.commit(corpus.fingerprint())
            index.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(tmp, target)
        for extra in ("-wal", "-shm"):  # the old index's WAL must not be applied to the new file
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(target) + extra)
    finally:
        for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)
    return target


def ensure_index(corpus: Corpus, path: str | Path | None = None) -> Path:
    """The index for ``corpus``, rebuilt first when it is missing, damaged or behind the corpus."""
    target = Path(path) if path else index_path(corpus.path)
    if target.is_file():
        try:
            with SearchIndex(target) as index:
                if index.fingerprint() == corpus.fingerprint():
                    return target
        except sqlite3.Error:
            pass  # a damaged index is rebuilt like a stale one
    return rebuild(corpus, target)
