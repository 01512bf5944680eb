"""The JSON API's response models (what /api/openapi.json documents)."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from newsprism.model import Quote, QuoteGroup, Span

T = TypeVar("T")


class Error(BaseModel):
    detail: str = Field(description="What was wrong, in one sentence")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``next`` is the URL of the following page (None on the last)."""

    total: int = Field(description="How many items match, across all pages")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page, with the same filters; None on the last page")
    items: list[T]


class StorySummary(BaseModel):
    id: str
    title: str
    outlets: list[str]
    articles: int
    copies: int
    first: str | None
    last: str | None


class SpeakerSummary(BaseModel):
    name: str = Field(description="The commonest spelling as stored")
    names: list[str] = Field(description='Every spelling folded into this name, e.g. "Xi", "President Xi"')
    kind: str | None = Field(None, description="person, organisation, group or description")
    quotes: int = Field(description="Quotes (speech only unless cues=all)")
    stories: int
    href: str = Field(description="Path of the speaker's page (any name, '/' and '?' included, percent-encoded)")


class SpeakerStory(BaseModel):
    story_id: str
    title: str
    quotes: list[Quote]  # this speaker's quotes in the story
    groups: list[QuoteGroup]  # the ledger groups holding them: every outlet's version, with diffs


class SpeakerReport(BaseModel):
    name: str
    names: list[str]
    kind: str | None = Field(None, description="person, organisation, group or description")
    cues: str = Field("speech", description="speech: what the speaker said; all: beliefs, plans and findings too")
    quotes: int = Field(description="This speaker's quotes across all stories (all pages)")
    total: int = Field(description="Stories quoting this speaker (all pages)")
    limit: int
    offset: int
    next: str | None
    stories: list[SpeakerStory]


class QuoteHit(BaseModel):
    quote_id: str
    article_id: str
    story_id: str
    speaker: str | None
    kind: str
    text: str
    span: Span  # [start, end) of the quote in the article's cleaned text
    matches: list[Span]  # the query's matches inside the quote's text
    outlet: str
    title: str | None
    published: str | None
    score: float


class TextHit(BaseModel):
    article_id: str
    story_id: str
    outlet: str
    title: str | None
    published: str | None
    spans: list[Span]  # matches of the query in the article's cleaned text (first 20; none: headline only)
    score: float


class SearchResult(BaseModel):
    query: str
    quotes: Page[QuoteHit]
    articles: Page[TextHit]
    next: str | None = Field(description="URL of the next page of either list, with the same filters")
