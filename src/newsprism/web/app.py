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
* The app reads the corpus's published snapshot (web/reader.py, store/snapshot.py), never the live
  file, so ``ingest`` writes while readers are served; all SQL is parametrised (store/corpus.py,
  store/search.py) and search text reaches FTS5 only re-quoted (store/query.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote as url_quote
from urllib.parse import unquote, urlencode

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsprism.model import Report, Span
from newsprism.pipeline import Cues
from newsprism.report.html import safe_href, story_views
from newsprism.store.query import QueryError, parse_query
from newsprism.store.search import Filters, hit_row, rows_to_csv
from newsprism.web.models import (
    Error,
    Page,
    QuoteHit,
    SearchResult,
    SpeakerReport,
    SpeakerStory,
    SpeakerSummary,
    StorySummary,
    TextHit,
)
from newsprism.web.reader import Reader, prepare

__all__ = ["CSP", "LOOPBACK_HOSTS", "create_app"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]
MAX_QUERY_CHARS = 200
PAGE_SIZE = 50
MAX_LIMIT = 200
SPEAKERS_PAGE = 200
SPEAKER_STORIES_PAGE = 5  # a page of a speaker's stories: each is one story's report (~0.2 s to build, then cached)
EXPORT_MAX = 10_000
QUERY_HELP = (
    'Words (all must occur), "exact phrases", word* for a prefix, AND / OR / NOT (capitals), -word, '
    "parentheses; case, accents, hyphens and punctuation do not matter"
)
SNIPPET_CONTEXT = 90  # characters either side of a search match

# name -> (package, resource path, media type).  The whole of what /static/ can serve.
_ASSETS: dict[str, tuple[str, str, str]] = {
    "report.css": ("newsprism.report", "templates/report.css", "text/css; charset=utf-8"),
    "report.js": ("newsprism.report", "templates/report.js", "text/javascript; charset=utf-8"),
    "app.css": ("newsprism.web", "static/app.css", "text/css; charset=utf-8"),
    "app.js": ("newsprism.web", "static/app.js", "text/javascript; charset=utf-8"),
}
_DOTDOT = re.compile(r"\.\.|%2e%2e|%2e\.|\.%2e", re.IGNORECASE)


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




# --------------------------------------------------------------------------- request plumbing

_SEARCH_TYPES = ("all", "quotes", "articles")


async def _no_unknown_params(request: Request) -> None:
    """Refuse query parameters the route does not take (422), rather than silently ignore them.

    Why: ``/api/stories?outlet=BBC`` answering every story looks like a filter that worked.
    """
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known: set[str] = set()
    todo = [dependant]
    while todo:  # the route's own parameters and those of its dependencies
        d = todo.pop()
        known.update(p.alias for p in d.query_params)
        todo.extend(d.dependencies)
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        raise RequestValidationError(
            [{"loc": ("query", name), "msg": "unknown parameter (this endpoint takes: "
              + (", ".join(sorted(known)) or "none") + ")", "type": "extra_forbidden"} for name in unknown]
        )


class _HeadAsGet:
    """Answer HEAD on every GET route: run it as GET and send the headers without the body."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope.get("type") != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body"):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def _url(path: str, params: dict[str, Any]) -> str:
    return path + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _next(path: str, params: dict[str, Any], offset: int, limit: int, total: int) -> str | None:
    return _url(path, {**params, "offset": offset + limit, "limit": limit}) if offset + limit < total else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# Query parameters shared by pages and API (FastAPI validates them: a bad date is a 422)
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
Outlet = Annotated[str | None, Query(max_length=200, description="Only this outlet (its display name)")]
Since = Annotated[date | None, Query(description="Only on or after this day (YYYY-MM-DD)")]
Until = Annotated[date | None, Query(description="Only on or before this day (YYYY-MM-DD)")]
SpeakerQ = Annotated[str | None, Query(max_length=200, description="Only where this person is quoted")]
StoryQ = Annotated[str | None, Query(max_length=200, description="Only in this story (its id)")]
Kind = Annotated[Literal["all", "quotes", "articles"], Query(alias="type", description="Which results")]
CuesQ = Annotated[Cues, Query(
    description="speech (the default): what the speaker said; all: beliefs, plans and findings attributed to them too")]


E404 = {404: {"model": Error, "description": "Nothing by that id or name"}}
E422 = {422: {"model": Error, "description": "A parameter is malformed, out of range or unknown"}}

# --------------------------------------------------------------------------- the app


def create_app(db: str | Path, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app over one corpus file; it reads the corpus's published snapshot (store/snapshot.py).

    ``allowed_hosts``: the ``Host`` headers answered (default: loopback names
    only); pass ``["*"]`` when deliberately serving on a network interface.
    """
    db = Path(db)
    if not db.is_file():
        raise FileNotFoundError(f"no corpus at {db} (create one with `newsprism ingest --db {db} PATH...`)")
    prepare(db)  # fail at start, not on the first request, if it is no corpus
    reader = Reader(db)
    assets = _load_assets()

    app = FastAPI(
        title="newsprism",
        summary="Who said what across outlets; every claim traceable to character offsets in the article.",
        version="1",
        docs_url=None,  # FastAPI's Swagger/ReDoc pages load scripts from a CDN; /api/docs is ours
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(_no_unknown_params)],
    )
    app.state.np = reader
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)
    app.add_middleware(_HeadAsGet)

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

    # -- data access (the published snapshot; concurrent requests read it at once) ------

    def list_stories(limit: int, offset: int, outlet: str | None = None, since: str | None = None,
                     until: str | None = None, speaker: str | None = None,
                     cues: str = "speech") -> tuple[int, list[StorySummary]]:
        ids = None
        if speaker:
            with reader.index() as index:
                ids = index.stories_quoting(speaker, cues)
        with reader.corpus() as corpus:
            total = corpus.count_stories(outlet, since, until, ids)
            rows = corpus.stories(limit, offset, outlet, since, until, ids)
        return total, [StorySummary(id=r.story_id, title=r.title or "(untitled)", outlets=r.outlets,
                                    articles=r.articles, copies=r.copies, first=r.first, last=r.last) for r in rows]

    def list_speakers(limit: int, offset: int, cues: str = "speech") -> tuple[int, list[SpeakerSummary]]:
        """Aggregated at ingest (store/search.py): one row per canonical name, most quoted first."""
        with reader.index() as index:
            total, rows = index.speakers(limit, offset, cues)
        return total, [SpeakerSummary(name=n, names=ns, kind=kd, quotes=q, stories=st, href=_speaker_href(n))
                       for _, n, ns, kd, q, st in rows]

    def speaker_report(name: str, limit: int, offset: int, cues: str = "speech") -> SpeakerReport:
        with reader.index() as index:
            keys = index.speaker_keys(name)
            rows = index.speaker_quotes(keys, cues)
            names = index.speaker_names(keys)
            kind = index.speaker_kind(keys)
        if not rows:
            raise HTTPException(404, f"no quotes by {name!r}")
        by_story: dict[str, set[str]] = {}
        for sid, qid in rows:
            by_story.setdefault(sid, set()).add(qid)
        story_ids = list(by_story)
        stories: list[SpeakerStory] = []
        for sid in story_ids[offset : offset + limit]:
            report = reader.report(sid)
            quotes = [q for q in report.quotes if q.id in by_story[sid]]
            story = report.stories[0]
            groups = [g for g in story.quote_groups if by_story[sid] & set(g.quote_ids)]
            stories.append(SpeakerStory(story_id=sid, title=story.title, quotes=quotes, groups=groups))
        params = {} if cues == "speech" else {"cues": cues}
        return SpeakerReport(
            name=names[0] if names else name, names=names, kind=kind, cues=cues, quotes=len(rows),
            total=len(story_ids), limit=limit, offset=offset, stories=stories,
            next=_next(_speaker_href(name, api=True), params, offset, limit, len(story_ids)),
        )

    def search(q: str, kind: str, filters: Filters, limit: int, offset: int) -> SearchResult:
        try:
            parsed = parse_query(q)
        except QueryError as exc:
            raise HTTPException(422, f"q: {exc}") from exc
        with reader.index() as index:
            qtotal, qhits = index.search(parsed, "quote", filters, limit, offset) if kind != "articles" else (0, [])
            atotal, ahits = index.search(parsed, "article", filters, limit, offset) if kind != "quotes" else (0, [])
        params = {"q": q, "type": kind, "outlet": filters.outlet, "since": filters.since, "until": filters.until,
                  "speaker": filters.speaker, "story": filters.story}
        quotes = [
            QuoteHit(quote_id=h.quote_id or "", article_id=h.article_id, story_id=h.story_id, speaker=h.speaker,
                     kind=h.quote_kind or "", text=h.text or "", span=h.span or (0, 0), matches=h.spans,
                     outlet=h.outlet, title=h.title, published=h.published, score=round(h.score, 4))
            for h in qhits
        ]
        articles = [
            TextHit(article_id=h.article_id, story_id=h.story_id, outlet=h.outlet, title=h.title,
                    published=h.published, spans=h.spans, score=round(h.score, 4))
            for h in ahits
        ]
        path = "/api/search"
        return SearchResult(
            query=q,
            quotes=Page[QuoteHit](total=qtotal, limit=limit, offset=offset, items=quotes,
                                  next=_next(path, {**params, "type": "quotes"}, offset, limit, qtotal)),
            articles=Page[TextHit](total=atotal, limit=limit, offset=offset, items=articles,
                                   next=_next(path, {**params, "type": "articles"}, offset, limit, atotal)),
            next=_next(path, params, offset, limit, max(qtotal, atotal)),
        )

    def export(q: str, kind: str, filters: Filters) -> list[dict[str, Any]]:
        try:
            parsed = parse_query(q)
        except QueryError as exc:
            raise HTTPException(422, f"q: {exc}") from exc
        kinds = [k for k, skip in (("quote", "articles"), ("article", "quotes")) if kind != skip]
        with reader.index() as index:
            return [hit_row(h) for k in kinds for h in index.search(parsed, k, filters, EXPORT_MAX, 0)[1]]

    def article_texts(ids: list[str]) -> dict[str, str]:
        with reader.index() as index:
            return index.texts(ids)

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
    def home(page_no: int = Query(1, alias="page", ge=1, le=100_000), outlet: Outlet = None, since: Since = None,
             until: Until = None, speaker: SpeakerQ = None, cues: CuesQ = "speech") -> HTMLResponse:
        offset = (page_no - 1) * PAGE_SIZE
        total, stories = list_stories(PAGE_SIZE, offset, outlet, _iso(since), _iso(until), speaker, cues)
        filters = {"outlet": outlet, "since": _iso(since), "until": _iso(until), "speaker": speaker,
                   "cues": None if cues == "speech" else cues}
        with reader.corpus() as corpus:
            outlets = corpus.outlets()
        return page("stories.html.j2", title="Stories", stories=stories, page_no=page_no, total=total,
                    more=offset + PAGE_SIZE < total, outlets=outlets, f=filters,
                    page_href=lambda n: _url("/", {**filters, "page": n}))

    def moved(story_id: str, base: str) -> None:
        """A story id a later ingest merged into another story answers with a permanent redirect."""
        with reader.corpus() as corpus:
            new = None if corpus.story_exists(story_id) else corpus.story_alias(story_id)
        if new is not None:
            raise HTTPException(308, f"story {story_id!r} is now part of story {new!r}",
                                headers={"Location": f"{base}/{url_quote(new, safe='')}"})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> HTMLResponse:
        moved(story_id, "/stories")
        report = reader.report(story_id)
        views = story_views(report)
        if not views:
            raise HTTPException(404, f"story {story_id!r} has no analysed article")
        in_story = {aid for s in report.stories for aid in s.article_ids}
        loose = [{"article": a, "href": safe_href(a.url)} for a in report.articles if a.id not in in_story]
        return page("story.html.j2", title=report.stories[0].title if report.stories else story_id,
                    s=views[0], story_id=story_id, loose=loose, api=f"/api/stories/{url_quote(story_id, safe='')}")

    @app.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
    def speakers_page(page_no: int = Query(1, alias="page", ge=1, le=100_000), cues: CuesQ = "speech") -> HTMLResponse:
        total, speakers = list_speakers(SPEAKERS_PAGE, (page_no - 1) * SPEAKERS_PAGE, cues)
        return page("speakers.html.j2", title="Speakers", speakers=speakers, total=total, page_no=page_no,
                    more=page_no * SPEAKERS_PAGE < total, cues=cues,
                    cues_q="" if cues == "speech" else "&cues=all")

    @app.get("/speakers/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(name: str, page_no: int = Query(1, alias="page", ge=1, le=100_000),
                     cues: CuesQ = "speech") -> HTMLResponse:
        sp = speaker_report(name, SPEAKER_STORIES_PAGE, (page_no - 1) * SPEAKER_STORIES_PAGE, cues)
        sections = []
        for st in sp.stories:
            report = reader.report(st.story_id)
            view = story_views(report)[0]
            gids = {g.id for g in st.groups}
            qgroups = [g for g in view["qgroups"] if g["g"].id in gids]
            grouped = {qid for g in st.groups for qid in g.quote_ids}
            # quotes of this speaker that no ledger group holds (none today; kept so none is ever hidden)
            loose_q = [q for q in st.quotes if q.id not in grouped]
            n_outlets = len({a.outlet_group for a in report.articles})
            sections.append({"st": st, "s": view, "qgroups": qgroups, "loose": loose_q, "n_outlets": n_outlets,
                             "base": f"/stories/{url_quote(st.story_id, safe='')}"})
        here = _speaker_href(name)
        return page("speaker.html.j2", title=sp.name, sp=sp, sections=sections, page_no=page_no,
                    more=page_no * SPEAKER_STORIES_PAGE < sp.total, here=here, cues=cues,
                    cues_q="" if cues == "speech" else "&cues=all",
                    api=_speaker_href(name, api=True) + ("" if cues == "speech" else "?cues=all"))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str | None = Query(None, max_length=1000), kind: Kind = "all", outlet: Outlet = None,
                    since: Since = None, until: Until = None, speaker: SpeakerQ = None, story: StoryQ = None,
                    page_no: int = Query(1, alias="page", ge=1, le=100_000)) -> HTMLResponse:
        query = _clean_query(q)
        f = {"q": query, "type": kind, "outlet": outlet, "since": _iso(since), "until": _iso(until),
             "speaker": speaker, "story": story}
        with reader.corpus() as corpus:
            outlets = corpus.outlets()
        ctx: dict[str, Any] = {"q": query, "f": f, "outlets": outlets, "snippet": _snippet, "href": _story_href,
                               "speaker_href": _speaker_href, "page_no": page_no}
        if not query:
            return page("search.html.j2", title="Search", result=None, texts={}, error=None, **ctx)
        filters = Filters(outlet, _iso(since), _iso(until), speaker, story)
        try:
            result = search(query, kind, filters, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
        except HTTPException as exc:
            return page("search.html.j2", status=422, title="Search", result=None, texts={},
                        error=str(exc.detail).removeprefix("q: "), **ctx)
        texts = article_texts([h.article_id for h in result.articles.items])
        export = {fmt: _url("/api/search/export", {**f, "format": fmt}) for fmt in ("csv", "json")}
        return page("search.html.j2", title=f"Search: {query}", result=result, texts=texts, error=None,
                    export=export, page_href=lambda n: _url("/search", {**f, "page": n}),
                    more=result.next is not None, **ctx)

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

    @app.get("/api/stories", response_model=Page[StorySummary], tags=["stories"], summary="List stories",
             responses=E422)
    def api_stories(request: Request, limit: Limit = PAGE_SIZE, offset: Offset = 0, outlet: Outlet = None,
                    since: Since = None, until: Until = None, speaker: SpeakerQ = None,
                    cues: CuesQ = "speech") -> Page[StorySummary]:
        """Stories, newest first: outlets, number of independent reports and copies, time span.

        Filters: an outlet that reported the story, a date range its reports overlap, a person
        quoted in it (by what they said unless ``cues=all``, as the speaker pages count).  ``next``
        is the following page's URL with the same filters."""
        total, items = list_stories(limit, offset, outlet, _iso(since), _iso(until), speaker, cues)
        params = {"outlet": outlet, "since": _iso(since), "until": _iso(until), "speaker": speaker,
                  "cues": None if cues == "speech" else cues}
        return Page[StorySummary](total=total, limit=limit, offset=offset, items=items,
                                  next=_next(request.url.path, params, offset, limit, total))

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="One story's report",
             responses={200: {"model": Report}, 308: {"description": "The story was merged into another: Location"},
                        **E404})
    def api_story(story_id: str) -> Response:
        """The Report (the report.json schema) for one story: its articles, quotes, figures, framing, comparison."""
        moved(story_id, "/api/stories")
        report = reader.report(story_id)
        return Response(report.model_dump_json(by_alias=True), media_type="application/json")

    @app.get("/api/speakers", response_model=Page[SpeakerSummary], tags=["speakers"], summary="List speakers",
             responses=E422)
    def api_speakers(request: Request, limit: Limit = PAGE_SIZE, offset: Offset = 0,
                     cues: CuesQ = "speech") -> Page[SpeakerSummary]:
        """Everyone quoted by name in the corpus, most quoted first, with the spellings folded into each name
        (one name per person across the corpus: "Obama" is "Barack Obama" where no other Obama is quoted).
        Counted by speech unless ``cues=all``."""
        total, items = list_speakers(limit, offset, cues)
        return Page[SpeakerSummary](total=total, limit=limit, offset=offset, items=items,
                                    next=_next(request.url.path, {} if cues == "speech" else {"cues": cues},
                                               offset, limit, total))

    @app.get("/api/speakers/{name:path}", response_model=SpeakerReport, tags=["speakers"],
             summary="One speaker's quotes", responses={**E404, **E422})
    def api_speaker(name: str, limit: Limit = SPEAKER_STORIES_PAGE, offset: Offset = 0,
                    cues: CuesQ = "speech") -> SpeakerReport:
        """Everything one person was quoted saying, per story (newest first, a page of stories), with
        every outlet's version and the diffs.  Any name works, "/" and "?" included (percent-encoded);
        a short name ("Putin") means every fuller name holding its words when nobody is quoted by it alone.
        What they said by default; ``cues=all`` adds the beliefs, plans and findings attributed to them."""
        return speaker_report(name, limit, offset, cues)

    @app.get("/api/search", response_model=SearchResult, tags=["search"], summary="Search quotes and articles",
             responses=E422)
    def api_search(q: Annotated[str, Query(min_length=1, max_length=1000, description=QUERY_HELP)],
                   kind: Kind = "all", outlet: Outlet = None, since: Since = None, until: Until = None,
                   speaker: SpeakerQ = None, story: StoryQ = None, limit: Limit = 20,
                   offset: Offset = 0) -> SearchResult:
        """Quotes (by words or speaker) and articles (by headline or text), most relevant first (BM25).

        Each list has its total and the URL of its next page; spans are [start, end) offsets of the
        matches in the article's cleaned text (articles) or the quote's text (quotes)."""
        query = _clean_query(q)
        return search(query, kind, Filters(outlet, _iso(since), _iso(until), speaker, story), limit, offset)

    @app.get("/api/search/export", tags=["search"], summary="Export search results (CSV or JSON)",
             responses={200: {"content": {"text/csv": {}, "application/json": {}}}, **E422})
    def api_search_export(q: Annotated[str, Query(min_length=1, max_length=1000, description=QUERY_HELP)],
                          fmt: Annotated[Literal["csv", "json"], Query(alias="format")] = "csv",
                          kind: Kind = "all", outlet: Outlet = None, since: Since = None, until: Until = None,
                          speaker: SpeakerQ = None, story: StoryQ = None) -> Response:
        """Every result (up to 10,000 of each kind), one row per quote or article, as a download."""
        query = _clean_query(q)
        rows = export(query, kind, Filters(outlet, _iso(since), _iso(until), speaker, story))
        name = "newsprism-search." + fmt
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if fmt == "json":
            return Response(json.dumps(rows, ensure_ascii=False), media_type="application/json", headers=headers)
        return Response(rows_to_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)

    return app


def _story_href(story_id: str, article_id: str | None = None, span: Span | None = None) -> str:
    """Link to a story page; with a span, to that range of one article (lit by app.js)."""
    href = f"/stories/{url_quote(story_id, safe='')}"
    if article_id and span:
        href += f"#hit-{url_quote(article_id, safe='')}-{span[0]}-{span[1]}"
    return href


def _speaker_href(name: str, api: bool = False) -> str:
    """Path of a speaker page: every character of the name percent-encoded, "/" included."""
    return ("/api" if api else "") + f"/speakers/{url_quote(name, safe='')}"
