"""The reader's web app: ``newsprism serve --db corpus.duckdb``.

Server-rendered pages (story list, story page, speaker page, search) and a JSON
API under ``/api/`` that serves the same data as report.json.  The story page
renders the very partial report.html uses (``report/templates/_story.html.j2``),
so the app and the offline report cannot drift apart.

Security model (article text is attacker-controlled, see report/html.py):

* Jinja2 autoescape everywhere; no article string is marked safe.
* A strict Content-Security-Policy on every response: scripts and styles only
  from our own ``/static/`` assets, nothing from the network.
* ``/static/`` is a fixed table of our own four assets, read into memory at
  start-up: no request value is ever joined to a filesystem path, and any
  path containing ``..`` (raw or percent-encoded) is refused with 400 first.
* The server binds to loopback by default and only answers loopback ``Host``
  headers then (no DNS-rebinding access from a web page the reader visits).
* The corpus is opened read-only, per request (so ``ingest`` can add articles while the app
  runs); all SQL is parametrised (store/corpus.py).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import unquote

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsprism.compare.speakers import name_tokens
from newsprism.model import Quote, QuoteGroup, Report, Span
from newsprism.report.html import input_name, safe_href, story_views
from newsprism.runners.corpus import story_report
from newsprism.store.corpus import Corpus, CorpusBusyError

__all__ = ["CSP", "LOOPBACK_HOSTS", "create_app"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]
MAX_QUERY_CHARS = 200
REPORT_CACHE_SIZE = 64
PAGE_SIZE = 50
SNIPPET_CONTEXT = 90  # characters either side of a search match

# name -> (package, resource path, media type).  The whole of what /static/ can serve.
_ASSETS: dict[str, tuple[str, str, str]] = {
    "report.css": ("newsprism.report", "templates/report.css", "text/css; charset=utf-8"),
    "report.js": ("newsprism.report", "templates/report.js", "text/javascript; charset=utf-8"),
    "app.css": ("newsprism.web", "static/app.css", "text/css; charset=utf-8"),
    "app.js": ("newsprism.web", "static/app.js", "text/javascript; charset=utf-8"),
}
_DOTDOT = re.compile(r"\.\.|%2e%2e|%2e\.|\.%2e", re.IGNORECASE)


# --------------------------------------------------------------------------- API models


class StorySummary(BaseModel):
    id: str
    title: str
    outlets: list[str]
    articles: int
    copies: int
    first: str | None
    last: str | None


class SpeakerSummary(BaseModel):
    name: str
    names: list[str]  # the spellings as stored, e.g. "Xi", "Xi Jinping"
    quotes: int
    stories: int


class SpeakerStory(BaseModel):
    story_id: str
    title: str
    quotes: list[Quote]  # this speaker's quotes in the story (canonical names across its outlets)
    groups: list[QuoteGroup]  # the ledger groups holding them: every outlet's version, with diffs


class SpeakerReport(BaseModel):
    name: str
    stories: list[SpeakerStory]


class QuoteHit(BaseModel):
    quote_id: str
    article_id: str
    story_id: str
    speaker: str | None
    kind: str
    text: str
    span: Span  # [start, end) of the quote in the article's cleaned text
    outlet: str
    title: str | None
    published: str | None


class TextHit(BaseModel):
    article_id: str
    story_id: str
    outlet: str
    title: str | None
    published: str | None
    spans: list[Span]  # every match of the query in the article's cleaned text (first 20)


class SearchResult(BaseModel):
    query: str
    quotes: list[QuoteHit]
    articles: list[TextHit]


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.PackageLoader("newsprism.web", "templates"), jinja2.PackageLoader("newsprism.report", "templates")]
        ),
        autoescape=True,  # article strings are never marked safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _load_assets() -> dict[str, tuple[bytes, str]]:
    return {
        name: ((resources.files(pkg) / rel).read_bytes(), media) for name, (pkg, rel, media) in _ASSETS.items()
    }


def _find_all(text: str, query: str, limit: int = 20) -> list[Span]:
    """Case-insensitive matches of ``query`` in ``text`` as offsets into ``text`` itself.

    Matched with a regex on the original string (not on a lower-cased copy,
    whose length can differ for some letters), so the offsets are exact.
    """
    out: list[Span] = []
    for m in re.finditer(re.escape(query), text, re.IGNORECASE):
        out.append((m.start(), m.end()))
        if len(out) >= limit:
            break
    return out


def _snippet(text: str, span: Span) -> dict[str, str]:
    start, end = span
    a, b = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
    pre = " ".join(text[a:start].split())
    post = " ".join(text[end:b].split())
    return {
        "pre": ("…" if a > 0 else "") + pre + (" " if text[a:start][-1:].isspace() else ""),
        "match": text[start:end],
        "post": (" " if text[end:b][:1].isspace() else "") + post + ("…" if b < len(text) else ""),
    }


def _clean_query(q: str | None) -> str:
    return " ".join((q or "").split())[:MAX_QUERY_CHARS]


# How long a request waits for a writer (an ingest holds the file for its whole run) before it
# answers 503 with Retry-After: the reader sees "being updated", not an error page.
BUSY_WAIT_S = 3.0
BUSY_RETRY_AFTER_S = 5


@dataclass
class _State:
    db: Path
    lock: threading.Lock
    reports: OrderedDict[tuple[str, tuple[str, ...]], Report]

    @contextmanager
    def corpus(self) -> Iterator[Corpus]:
        """A read-only connection for one request, closed after it.

        Why not one connection for the app's lifetime: DuckDB lets a file be opened by one
        writing process or by readers, never both, so a long-lived reader would stop
        ``newsprism ingest`` from adding the morning's articles while the app is up.  Opening per
        request costs a few milliseconds; while an ingest runs, a request waits a little, then
        gets a 503 that says why.
        """
        with self.lock:
            try:
                corpus = Corpus(self.db, read_only=True, wait_s=BUSY_WAIT_S)
            except CorpusBusyError as exc:
                raise HTTPException(
                    503,
                    "the corpus is being updated by an ingest; try again in a few seconds",
                    headers={"Retry-After": str(BUSY_RETRY_AFTER_S)},
                ) from exc
            try:
                yield corpus
            finally:
                corpus.close()


# --------------------------------------------------------------------------- the app


def create_app(db: str | Path, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app over one corpus file, opened read-only per request (ingest may write in between).

    ``allowed_hosts``: the ``Host`` headers answered (default: loopback names
    only); pass ``["*"]`` when deliberately serving on a network interface.
    """
    db = Path(db)
    if not db.is_file():
        raise FileNotFoundError(f"no corpus at {db} (create one with `newsprism ingest --db {db} PATH...`)")
    with Corpus(db, read_only=True):  # fail at start, not on the first request, if it is no corpus
        pass
    state = _State(db, threading.Lock(), OrderedDict())
    assets = _load_assets()

    app = FastAPI(
        title="newsprism",
        summary="Who said what across outlets; every claim traceable to character offsets in the article.",
        version="1",
        docs_url=None,  # FastAPI's Swagger/ReDoc pages load scripts from a CDN; /api/docs is ours
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.np = state
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Refuse ``..`` in any form before routing; put security headers on every response."""
        raw = request.scope.get("raw_path", b"").decode("latin-1")
        if _DOTDOT.search(raw) or _DOTDOT.search(request.url.path) or ".." in unquote(unquote(raw)):
            response: Response = PlainTextResponse("bad path: '..' is not allowed", status_code=400)
        else:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    # -- data access (a read-only connection per request, one request at a time) --------

    def report_for(story_id: str) -> Report:
        with state.corpus() as corpus:
            ids, _ = corpus.story_members(story_id)
            if not ids:
                raise HTTPException(404, f"no story {story_id!r}")
            key = (story_id, tuple(ids))
            cached = state.reports.get(key)
            if cached is not None:
                state.reports.move_to_end(key)
                return cached
            report = _without_server_paths(story_report(corpus, story_id))
            state.reports[key] = report
            while len(state.reports) > REPORT_CACHE_SIZE:
                state.reports.popitem(last=False)
            return report

    def list_stories(page: int) -> list[StorySummary]:
        with state.corpus() as corpus:
            rows = corpus.stories(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        return [StorySummary(id=r.story_id, title=r.title or "(untitled)", outlets=r.outlets, articles=r.articles,
                             copies=r.copies, first=r.first, last=r.last) for r in rows]

    def list_speakers() -> list[SpeakerSummary]:
        """Stored names folded by their title-less tokens ("President Xi" and "Xi" are one row)."""
        with state.corpus() as corpus:
            rows = corpus.speakers(limit=2000)
        folded: dict[tuple[str, ...], SpeakerSummary] = {}
        for name, n, stories in rows:
            toks = name_tokens(name)
            if not toks:
                continue
            s = folded.get(toks)
            if s is None:
                folded[toks] = SpeakerSummary(name=name, names=[name], quotes=n, stories=stories)
            else:
                s.names.append(name)
                s.quotes += n
                s.stories = max(s.stories, stories)
        return sorted(folded.values(), key=lambda s: (-s.quotes, s.name.lower()))

    def speaker_report(name: str) -> SpeakerReport:
        target = name_tokens(name)
        if not target:
            raise HTTPException(404, "no such speaker")
        fragment = max(target, key=len)
        with state.corpus() as corpus:
            rows = corpus.speaker_story_ids(fragment)
        story_ids = list(dict.fromkeys(sid for stored, sid in rows if stored and set(name_tokens(stored)) <= set(target)))
        stories: list[SpeakerStory] = []
        for exact in (True, False):  # a typed short name ("Putin") falls back to fuller names
            for sid in story_ids:
                report = report_for(sid)
                quotes = [
                    q for q in report.quotes
                    if q.speaker and (name_tokens(q.speaker.name) == target if exact
                                      else set(target) <= set(name_tokens(q.speaker.name)))
                ]
                if not quotes:
                    continue
                qids = {q.id for q in quotes}
                story = report.stories[0]
                groups = [g for g in story.quote_groups if qids & set(g.quote_ids)]
                stories.append(SpeakerStory(story_id=sid, title=story.title, quotes=quotes, groups=groups))
            if stories:
                break
        if not stories:
            raise HTTPException(404, f"no quotes by {name!r}")
        return SpeakerReport(name=name, stories=stories)

    def search(q: str) -> SearchResult:
        with state.corpus() as corpus:
            qrows = corpus.search_quotes(q, limit=PAGE_SIZE)
            arows = corpus.search_articles(q, limit=PAGE_SIZE)
        quotes = [
            QuoteHit(quote_id=r.quote_id, article_id=r.article_id, story_id=r.story_id, speaker=r.speaker, kind=r.kind,
                     text=r.text, span=(r.start, r.end), outlet=r.outlet, title=r.title, published=r.published)
            for r in qrows
        ]
        articles = [
            TextHit(article_id=aid, story_id=sid, outlet=outlet, title=title, published=published,
                    spans=_find_all(text, q))
            for aid, outlet, title, published, text, sid in arows
        ]
        return SearchResult(query=q, quotes=quotes, articles=articles)

    def article_texts(ids: list[str]) -> dict[str, str]:
        with state.corpus() as corpus:
            return {a.id: a.text for a in corpus.articles(ids)}

    # -- rendering -------------------------------------------------------------------

    def page(template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = _env().get_template(template).render(**ctx)
        return HTMLResponse(html, status_code=status)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request):
            response: Response = JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        else:
            response = page("error.html.j2", status=exc.status_code, title=f"Error {exc.status_code}",
                            detail=str(exc.detail))
        response.headers.update(exc.headers or {})  # e.g. Retry-After on 503
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        detail = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg', '')}" for e in exc.errors())
        if is_api(request):
            return JSONResponse({"detail": detail}, status_code=422)
        return page("error.html.j2", status=422, title="Bad request", detail=detail)

    # -- HTML pages ----------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(page_no: int = Query(1, alias="page", ge=1, le=100_000)) -> HTMLResponse:
        stories = list_stories(page_no)
        return page("stories.html.j2", title="Stories", stories=stories, page_no=page_no,
                    more=len(stories) == PAGE_SIZE)

    def moved(story_id: str, base: str) -> None:
        """A story id a later ingest merged into another story answers with a permanent redirect."""
        with state.corpus() as corpus:
            new = None if corpus.story_exists(story_id) else corpus.story_alias(story_id)
        if new is not None:
            raise HTTPException(308, f"story {story_id!r} is now part of story {new!r}",
                                headers={"Location": f"{base}/{url_quote(new, safe='')}"})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> HTMLResponse:
        moved(story_id, "/stories")
        report = report_for(story_id)
        views = story_views(report)
        if not views:
            raise HTTPException(404, f"story {story_id!r} has no analysed article")
        in_story = {aid for s in report.stories for aid in s.article_ids}
        loose = [{"article": a, "href": safe_href(a.url)} for a in report.articles if a.id not in in_story]
        return page("story.html.j2", title=report.stories[0].title if report.stories else story_id,
                    s=views[0], story_id=story_id, loose=loose, api=f"/api/stories/{url_quote(story_id, safe='')}")

    @app.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
    def speakers_page() -> HTMLResponse:
        return page("speakers.html.j2", title="Speakers", speakers=list_speakers(), href=_speaker_href)

    @app.get("/speakers/{name}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(name: str) -> HTMLResponse:
        sp = speaker_report(name)
        sections = []
        for st in sp.stories:
            report = report_for(st.story_id)
            view = story_views(report)[0]
            gids = {g.id for g in st.groups}
            qgroups = [g for g in view["qgroups"] if g["g"].id in gids]
            grouped = {qid for g in st.groups for qid in g.quote_ids}
            # quotes of this speaker that no ledger group holds (none today; kept so none is ever hidden)
            loose_q = [q for q in st.quotes if q.id not in grouped]
            n_outlets = len({a.outlet_group for a in report.articles})
            sections.append({"st": st, "s": view, "qgroups": qgroups, "loose": loose_q, "n_outlets": n_outlets,
                             "base": f"/stories/{url_quote(st.story_id, safe='')}"})
        n = sum(len(st.quotes) for st in sp.stories)
        return page("speaker.html.j2", title=sp.name, sp=sp, sections=sections, n_quotes=n,
                    api=f"/api/speakers/{url_quote(sp.name, safe='')}")

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str | None = Query(None, max_length=1000)) -> HTMLResponse:
        query = _clean_query(q)
        if not query:
            return page("search.html.j2", title="Search", q="", result=None, texts={}, snippet=_snippet)
        result = search(query)
        texts = article_texts([h.article_id for h in result.articles])
        return page("search.html.j2", title=f"Search: {query}", q=query, result=result, texts=texts,
                    snippet=_snippet, href=_story_href, speaker_href=_speaker_href)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in assets:
            raise HTTPException(404, "no such asset")
        body, media = assets[name]
        return Response(body, media_type=media, headers={"Cache-Control": "no-cache"})

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        spec = app.openapi()
        return page("api_docs.html.j2", title="API", spec=spec)

    # -- JSON API -------------------------------------------------------------------

    @app.get("/api/stories", response_model=list[StorySummary], tags=["stories"])
    def api_stories(page: int = Query(1, ge=1, le=100_000)) -> list[StorySummary]:
        """Stories, newest first, 50 a page: outlets, number of independent reports and copies, time span."""
        return list_stories(page)

    @app.get("/api/stories/{story_id}", tags=["stories"], responses={200: {"model": Report}})
    def api_story(story_id: str) -> Response:
        """The Report (the report.json schema) for one story: its articles, quotes, figures, framing, comparison."""
        moved(story_id, "/api/stories")
        report = report_for(story_id)
        return Response(report.model_dump_json(by_alias=True), media_type="application/json")

    @app.get("/api/speakers", response_model=list[SpeakerSummary], tags=["speakers"])
    def api_speakers() -> list[SpeakerSummary]:
        """Everyone quoted in the corpus, most quoted first, with the spellings folded into each name."""
        return list_speakers()

    @app.get("/api/speakers/{name}", response_model=SpeakerReport, tags=["speakers"])
    def api_speaker(name: str) -> SpeakerReport:
        """Everything one person was quoted saying, per story, with every outlet's version and the diffs."""
        return speaker_report(name)

    @app.get("/api/search", response_model=SearchResult, tags=["search"])
    def api_search(q: str = Query(..., min_length=1, max_length=1000)) -> SearchResult:
        """Quotes (by words or speaker) and articles (by headline or text) containing ``q``, case-insensitive."""
        query = _clean_query(q)
        if not query:
            raise HTTPException(422, "q: empty query")
        return search(query)

    return app


def _without_server_paths(report: Report) -> Report:
    """The report with each input named by its file name only (pages and the JSON API alike)."""
    return report.model_copy(
        update={
            "articles": [a.model_copy(update={"source_path": input_name(a.source_path) or None}) for a in report.articles],
            "rejected": [r.model_copy(update={"source_path": input_name(r.source_path)}) for r in report.rejected],
        }
    )


def _story_href(story_id: str, article_id: str | None = None, span: Span | None = None) -> str:
    """Link to a story page; with a span, to that range of one article (lit by app.js)."""
    href = f"/stories/{url_quote(story_id, safe='')}"
    if article_id and span:
        href += f"#hit-{url_quote(article_id, safe='')}-{span[0]}-{span[1]}"
    return href


def _speaker_href(name: str) -> str:
    return f"/speakers/{url_quote(name, safe='')}"
