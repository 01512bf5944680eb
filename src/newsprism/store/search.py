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
# 3: each quote's shown name (the corpus's names, then its story's: as the story page names it).
# Its UPDATE ... FROM statements need SQLite 3.33 or later (Python 3.11 on Debian 12 links 3.40).
INDEX_VERSION = "3"
SUFFIX = ".search.sqlite"

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    """CREATE TABLE IF NOT EXISTS docs (
        rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, article_id TEXT NOT NULL, quote_id TEXT,
        story_id TEXT, outlet TEXT, title TEXT, published TEXT, speaker TEXT, speaker_key TEXT,
        qkind TEXT, text TEXT, start_char INTEGER, end_char INTEGER, seq INTEGER, named INTEGER,
        speaker_kind TEXT, cue_class TEXT, shown TEXT)""",
    "CREATE INDEX IF NOT EXISTS docs_article ON docs (article_id)",
    "CREATE INDEX IF NOT EXISTS docs_speaker ON docs (speaker_key, story_id)",
    # who is quoted, aggregated at ingest (set_stories): the speakers page reads it as it is
    """CREATE TABLE IF NOT EXISTS speakers (
        key TEXT PRIMARY KEY, name TEXT, names TEXT, kind TEXT, quotes INTEGER, stories INTEGER,
        speech_quotes INTEGER, speech_stories INTEGER)""",
    "CREATE INDEX IF NOT EXISTS speakers_rank ON speakers (quotes DESC, name)",
    "CREATE INDEX IF NOT EXISTS docs_story ON docs (story_id)",
    "CREATE TABLE IF NOT EXISTS texts (article_id TEXT PRIMARY KEY, text TEXT)",
    # the corpus-wide name of each speaker name as written, as the last aggregate made it: the next
    # one redoes the story pass only in stories holding a name whose corpus name changed
    "CREATE TABLE IF NOT EXISTS canon (speaker TEXT PRIMARY KEY, name TEXT, key TEXT)",
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
        """(article id, story id) assignments, and merged-away stories moved to the one they joined.

        The only place story membership changes, so the stories named here (each article's old and
        new story, and the stories merged into) are the ones whose own naming pass is redone.
        """
        rows = list(rows)
        articles = _json_list([a for a, _ in rows])
        touched = {sid for (sid,) in self.con.execute(
            "SELECT DISTINCT story_id FROM docs WHERE story_id IS NOT NULL "
            "AND article_id IN (SELECT value FROM json_each(?))", [articles])}
        touched |= {s for _, s in rows} | set((retired or {}).values())
        self.con.executemany("UPDATE docs SET story_id = ? WHERE article_id = ?", [(s, a) for a, s in rows])
        for old, new in (retired or {}).items():
            self.con.execute("UPDATE docs SET story_id = ? WHERE story_id = ?", [new, old])
        self._aggregate_speakers(touched - set(retired or {}))

    def _aggregate_speakers(self, touched: set[str] | None = None) -> None:
        """Name every quote as its story's page will, and recount the speakers table from those names.

        A quote's shown name is made in build_report's two passes (pipeline.py): the corpus's names
        (:func:`newsprism.compare.speakers.corpus_speaker_names` over every quote: "Obama" and
        "President Obama" are "Barack Obama" where no other Obama is quoted; "the Clinton campaign"
        stays itself), then the same function over the quotes of the quote's story alone, so a story
        quoting Barack Obama names its "Obama" so even where a Michelle Obama, quoted elsewhere,
        keeps "Obama" apart across the corpus.  A quote in no story yet gets the corpus's name only.
        Its ``speaker_key`` is that name's key: the speakers table, the speaker filter, the speaker
        page and :meth:`shown_names` (the story page) read the same rows, so a speaker's "N quotes
        in M stories" counts the quotes the story pages show under that name.  Named speakers only,
        quotes placed in a story only, for speech alone and for every cue.

        When: at each ingest, never per request.  The corpus names depend on the whole corpus (a new
        Michelle Obama makes "Obama" ambiguous), so they are recomputed each time (one pass over the
        distinct names), and kept in ``canon``; a story's own pass depends on its members and on the
        corpus names of its speakers, so it is redone only in the stories ``touched`` (whose members
        :meth:`set_stories` changed) and in those holding a name whose corpus name changed: every
        story when the index is new (``touched`` None, or ``canon`` empty), a few per ingest after.
        Measured on 10,000 articles (the dev sets' cached analyses, copied under new ids: 88,702
        quotes, 14,462 names, 3,949 stories; best of 3, two busy cores): naming every story (a
        rebuild) 1.5-1.7 s without the story pass, 2.1-2.4 s with it; an ingest placing 100
        articles 0.9-1.0 s before and after (the speakers table's recount is most of it; the story
        pass of an ingest of 1,000 articles names about 400 stories again, in 0.06-0.16 s).
        """
        rows = self.con.execute(
            "SELECT speaker, speaker_kind, count(*) FROM docs WHERE kind = 'quote' AND speaker IS NOT NULL "
            "GROUP BY speaker, speaker_kind"
        ).fetchall()
        mapping = corpus_speaker_names(rows)
        corpus_name = {name: mapping.get(name, name) for name in {r[0] for r in rows}}
        before = dict(self.con.execute("SELECT speaker, name FROM canon").fetchall())
        changed = [n for n, shown in corpus_name.items() if before.get(n) != shown]
        self.con.executemany(
            "INSERT INTO canon VALUES (?, ?, ?) ON CONFLICT (speaker) DO UPDATE SET name = excluded.name, "
            "key = excluded.key", [(n, corpus_name[n], speaker_key(corpus_name[n])) for n in changed])
        # quotes in no story: the corpus's name
        self.con.execute(
            """UPDATE docs SET shown = canon.name, speaker_key = canon.key FROM canon
               WHERE docs.kind = 'quote' AND docs.story_id IS NULL AND canon.speaker = docs.speaker
                     AND (docs.shown IS NOT canon.name OR docs.speaker_key IS NOT canon.key)""")
        # stories to name again: every one at first, else those touched or holding a changed name
        if touched is None or not before:
            redo = None
        else:
            redo = set(touched) | {sid for (sid,) in self.con.execute(
                "SELECT DISTINCT story_id FROM docs WHERE kind = 'quote' AND story_id IS NOT NULL "
                "AND speaker IN (SELECT value FROM json_each(?))", [_json_list(changed)])}
        self._name_stories(corpus_name, redo)
        where = "kind = 'quote' AND story_id IS NOT NULL AND speaker_key IS NOT NULL AND coalesce(named, 1)"
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        shown_as: dict[str, Counter[str]] = defaultdict(Counter)
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        speech: dict[str, int] = defaultdict(int)
        for key, name, shown, kind, cue, n in self.con.execute(
            f"SELECT speaker_key, speaker, shown, speaker_kind, coalesce(cue_class, 'speech'), count(*) "  # noqa: S608
            f"FROM docs WHERE {where} GROUP BY 1, 2, 3, 4, 5"
        ).fetchall():
            spellings[key][name] += n
            shown_as[key][shown or name] += n
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
            # the name the story pages show for this key's quotes (one spelling, but for ties)
            shown = sorted(shown_as[key].items(), key=lambda t: (-t[1], -len(t[0]), t[0]))[0][0]
            out.append((key, shown, json.dumps(list(dict.fromkeys([shown, *(n for n, _ in ordered)]))),
                        kinds[key].most_common(1)[0][0], sum(names.values()), stories[key], speech[key],
                        speech_stories.get(key, 0)))
        self.con.executemany("INSERT INTO speakers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", out)

    def _name_stories(self, corpus_name: dict[str, str], stories: set[str] | None) -> None:
        """The story pass of :meth:`_aggregate_speakers` over ``stories`` (None: every story).

        As :func:`newsprism.pipeline.story_speaker_names` does over a story's quotes once the corpus
        names are applied: :func:`corpus_speaker_names` over the story's (corpus name, kind, quotes)
        rows, every quote counted, named or not, copies included (build_report names a copy's quotes
        too).  Only quotes whose name changes are written.
        """
        scope = "" if stories is None else "AND story_id IN (SELECT value FROM json_each(?))"
        params = [] if stories is None else [_json_list(sorted(stories))]
        by_story: dict[str, list[tuple[str, str | None, int, str | None]]] = defaultdict(list)
        for sid, name, kind, n, shown in self.con.execute(
            "SELECT story_id, speaker, speaker_kind, count(*), shown FROM docs "  # noqa: S608 - fixed SQL text
            f"WHERE kind = 'quote' AND story_id IS NOT NULL AND speaker IS NOT NULL {scope} "
            "GROUP BY story_id, speaker, speaker_kind, shown", params
        ).fetchall():
            by_story[sid].append((name, kind, n, shown))
        updates = []
        for sid, quoted in by_story.items():
            own = corpus_speaker_names(((corpus_name.get(name, name), kind, n) for name, kind, n, _ in quoted),
                                       one_story=True)
            for name, _kind, _n, shown in quoted:
                first = corpus_name.get(name, name)
                final = own.get(first, first)
                if final != shown:
                    updates.append((sid, name, final, speaker_key(final)))
        self.con.execute("CREATE TEMP TABLE IF NOT EXISTS story_names "
                         "(story_id TEXT, speaker TEXT, shown TEXT, key TEXT, PRIMARY KEY (story_id, speaker))")
        self.con.execute("DELETE FROM story_names")
        self.con.executemany("INSERT OR REPLACE INTO story_names VALUES (?, ?, ?, ?)", updates)
        self.con.execute(
            """UPDATE docs SET shown = n.shown, speaker_key = n.key FROM story_names n
               WHERE docs.story_id = n.story_id AND docs.speaker = n.speaker AND docs.kind = 'quote'""")

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
        """{speaker name as written -> the name its story's page shows} for the quotes of these articles.

        Why: a story's page must name people as the speakers pages count them, and that name depends
        on the whole corpus ("Obama" is "Barack Obama" unless a Michelle Obama is quoted somewhere)
        and on the story ("Obama" is Barack Obama in a story that quotes him).  Both were decided at
        ingest (:meth:`_aggregate_speakers`: each quote's ``shown`` name and ``speaker_key``), so
        this reads one story's names: no pass over the corpus per request.  Every quote's name,
        descriptions too ("Western leaders"), as the page shows them.  Pass one story's articles: a
        name written alike in two stories may be shown differently in each.  build_report applies
        these names, then runs its story pass over them, which leaves them as they are (a name the
        story pass made is one it makes again: tests/test_speakers_corpus.py checks it quote by quote).
        """
        if not article_ids:
            return {}
        rows = self.con.execute(
            """SELECT DISTINCT speaker, shown FROM docs
               WHERE kind = 'quote' AND shown IS NOT NULL AND article_id IN (SELECT value FROM json_each(?))""",
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
