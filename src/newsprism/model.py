"""The data at the boundaries between stages.

Every stage (ingest -> per-article analysis -> stories -> comparison -> outputs)
reads and writes these models and nothing else, so a stage can be cached,
stored in DuckDB, written as Parquet or shipped to a Spark executor without the
stage before it in memory.  They are pydantic models because the same shapes
are validated when report.json is read back and served by the web API.

Evidence rule: every item a reader sees carries ``article_id`` and character
spans ``[start, end)`` into that article's *cleaned* text (``Article.text``).
``Article.offset_map`` maps cleaned offsets back to the raw text.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
SCHEMA = "newsprism.report/1"


# An article whose input names no outlet and no URL: shown as "unknown", keyed "unknown:<article
# id>" so that each is an outlet of its own (newsprism.ingest.outlets).
UNKNOWN_OUTLET = "unknown"
UNKNOWN_OUTLET_PREFIX = "unknown:"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def article_id_for(text: str) -> str:
    """Content-hash id: the same cleaned text always gets the same id.

    Whitespace is collapsed first so that a re-scrape that only differs in
    line wrapping is recognised as the same article.
    """
    norm = " ".join(text.split())
    # surrogatepass: a lone surrogate that reached here must not make the id (and the batch) fail
    return hashlib.sha1(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Mention(_Model):
    """A piece of text in one article: a cue, an intermediary, a name."""

    text: str
    spans: list[Span]


SpeakerKind = Literal["person", "organisation", "group", "description"]


class Speaker(_Model):
    """Who a quote is attributed to.

    ``name`` is canonical (the fullest name of the entity, resolved through
    pronouns and descriptions); ``spans``/``mention`` point at the mention in
    *this* quote's context ("he", "the Chinese leader").
    """

    name: str
    spans: list[Span]
    mention: str = ""
    entity_id: str | None = None  # article-local entity cluster id
    resolved_by: Literal["name", "coref", "nominal", "pronoun", "none"] = "name"
    # What kind of speaker (newsprism.analysis.speaker_kinds.speaker_kind): a named person, an
    # organisation ("the Clinton campaign", "China"), a group ("officials", "Democrats") or an
    # anonymous description ("a source in the Clinton camp"). Added within newsprism.report/1:
    # None in reports written before it.
    kind: SpeakerKind | None = None


class Article(_Model):
    id: str
    outlet: str  # display name ("The New York Times"; "unknown" when nothing names it)
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    author: str | None = None
    source_path: str | None = None
    language: str | None = None
    text: str  # cleaned text: every offset in the report indexes into it
    raw_text: str = ""  # what ingest read (after decoding / HTML extraction)
    # Each row [clean_start, raw_start, length]: a run of cleaned text copied
    # verbatim from raw. Offsets inside a run map linearly.
    offset_map: list[tuple[int, int, int]] = Field(default_factory=list)
    removed: list[Mention] = Field(default_factory=list)  # debris/boilerplate lines, raw spans
    # What ingest could not use but kept the article for (e.g. an unreadable "published" value):
    # one-line messages the CLI prints, naming the input.
    warnings: list[str] = Field(default_factory=list)
    # One publisher whatever the input called it ("nytimes.com"; "unknown:<id>" for an unnamed
    # record, an outlet of its own); None in articles stored before it existed.
    outlet_key: str | None = None

    @property
    def outlet_group(self) -> str:
        """What groups articles by outlet: the key where there is one, else the display name."""
        return self.outlet_key or self.outlet

    def raw_offset(self, clean_offset: int) -> int | None:
        for c0, r0, n in self.offset_map:
            if c0 <= clean_offset <= c0 + n:
                return r0 + (clean_offset - c0)
        return None


class Rejection(_Model):
    """An input that could not be turned into an article, and why (one line)."""

    source_path: str
    reason: str


class Quote(_Model):
    id: str
    article_id: str
    spans: list[Span]  # content spans (discontinuous contents have several)
    text: str
    kind: Literal["direct", "partial", "indirect", "mixed"]
    cue: Mention | None = None
    speaker: Speaker | None = None
    via: Mention | None = None  # secondhand attribution: "as quoted by CNN"
    cue_class: Literal["speech", "belief", "finding", "other"] = "speech"
    sentence_spans: list[Span] = Field(default_factory=list)  # the sentence(s) it sits in


class Figure(_Model):
    id: str
    article_id: str
    spans: list[Span]
    text: str
    value: float | str | None  # number for money/percent/count, ISO date string for dates
    unit: str | None  # "USD", "%", "count", "date", ...
    kind: Literal["money", "percent", "count", "date", "quantity"] = "count"
    context: str = ""  # the sentence it sits in, for matching across outlets
    sentence_spans: list[Span] = Field(default_factory=list)


class FramingSpan(_Model):
    article_id: str
    spans: list[Span]
    text: str
    type: Literal["loaded_term", "attribution_verb", "scare_quote"]
    note: str = ""
    # The detector's probability that the wording is loaded here (newsprism.analysis.loaded); None
    # where no model decided (a lexicon attribution verb, a scare quote).
    confidence: float | None = None


class ScoredSpan(_Model):
    """A span with the loaded-language detector's probability (newsprism.analysis.loaded).

    The detector's whole output, beside the precision-first flags in ``framing``: each outlet-voice
    word at or above the model's ``flag_threshold`` (``loaded_words``), and every sentence's
    probability of biased wording (``sentence_bias``), so that what ``bench/framing.py`` scores is
    what report.json carries.
    """

    article_id: str
    spans: list[Span]
    score: float


class Entity(_Model):
    """A named entity cluster in one article (all its mentions)."""

    id: str
    name: str  # canonical (longest proper) name
    label: str  # spaCy label: PERSON, ORG, GPE, ...
    mentions: list[Mention] = Field(default_factory=list)


class EventFrame(_Model):
    """Who did what to whom in the article's lead (``newsprism.analysis.events``): a grouping signal.

    Two events of one kind share their topic words; their frames differ ("Saints place Bush on
    IR" vs "... place Thomas on IR").  Spans point at the trigger verb and the argument.
    """

    trigger: str  # verb lemma
    role: Literal["A", "P"]  # agent (active subject, passive "by") or patient (object, passive subject)
    argument: str  # the named entity filling the role
    label: str  # its entity label, "PROPN" for a proper noun the NER missed
    sentence: int  # which lead sentence (0 = first)
    trigger_span: Span
    argument_span: Span


class ArticleAnalysis(_Model):
    """Everything computed from one article alone; the unit shipped by runners."""

    article_id: str
    quotes: list[Quote] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    framing: list[FramingSpan] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    # DATE / LOC / FAC / EVENT entities (newsprism.analysis.context): where and when, for story
    # grouping; the speakers analysis keeps only those that can speak (``entities``).
    context_entities: list[Entity] = Field(default_factory=list)
    sentences: list[Span] = Field(default_factory=list)
    event_frames: list[EventFrame] = Field(default_factory=list)
    # Unit-length sentence embedding of headline + lead (newsprism.analysis.embedding), for
    # story grouping; None for an undated article (the grouper reads it between dated reports only)
    # or when the runner computed none.
    embedding: list[float] | None = None
    warnings: list[str] = Field(default_factory=list)
    loaded_words: list[ScoredSpan] = Field(default_factory=list)
    sentence_bias: list[ScoredSpan] = Field(default_factory=list)


class Citation(_Model):
    article_id: str
    spans: list[Span]


class SummarySentence(_Model):
    text: str
    citations: list[Citation]


class QuotePair(_Model):
    a: str  # quote id
    b: str
    relation: Literal["identical", "truncated", "altered", "variant", "paraphrase"]
    similarity: float = 0.0  # the measure the relation rests on (compare.link_model.similarity_of)
    confidence: float | None = None  # the link classifier's probability that this is one utterance
    # word-level diff: ops [("equal"|"delete"|"insert"|"replace", a_words, b_words)]
    diff: list[tuple[str, str, str]] = Field(default_factory=list)


class QuoteGroup(_Model):
    id: str
    speaker: str | None
    quote_ids: list[str]
    pairs: list[QuotePair] = Field(default_factory=list)


class FigureGroup(_Model):
    id: str
    figure_ids: list[str]
    status: Literal["agree", "conflict", "single_source"]
    note: str = ""


class Omission(_Model):
    article_id: str
    missing: list[str]  # quote or figure group ids the others report


class TimelineEntry(_Model):
    date: str
    text: str
    citations: list[Citation]


class RateInterval(_Model):
    """A rate and its 95 % bootstrap interval (seeded, so the same report gives the same numbers)."""

    value: float
    low: float
    high: float


class OutletFramingProfile(_Model):
    """One outlet's framing in a story (or a corpus): rates a reader can compare across outlets.

    Built by :mod:`newsprism.compare.framing`.  Intervals come from resampling the outlet's articles
    and their sentences; overlapping intervals mean the difference between two outlets may be noise.
    """

    outlet: str
    article_ids: list[str]
    words: int
    loaded_terms: int
    loaded_per_1000_words: RateInterval
    attribution_cues: int  # distinct quote cues ("said", "claimed", ...)
    non_neutral_cues: int
    non_neutral_share: RateInterval | None = None  # None when the outlet attributes no quote
    non_neutral_verbs: dict[str, int] = Field(default_factory=dict)  # cue text -> count
    scare_quotes: int
    scare_quotes_per_1000_words: RateInterval
    outlet_key: str | None = None  # added within newsprism.report/1 (optional): see Article.outlet_key


class Story(_Model):
    id: str
    title: str
    article_ids: list[str]
    duplicates: dict[str, str] = Field(default_factory=dict)  # copy id -> canonical id
    summary: list[SummarySentence] = Field(default_factory=list)
    quote_groups: list[QuoteGroup] = Field(default_factory=list)
    figure_groups: list[FigureGroup] = Field(default_factory=list)
    omissions: list[Omission] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    # Added within newsprism.report/1 (optional, empty in older reports): per-outlet framing rates.
    framing_profile: list[OutletFramingProfile] = Field(default_factory=list)


class ReportArticle(_Model):
    """An article as the report shows it (no raw text: the report stays small)."""

    id: str
    outlet: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source_path: str | None = None
    text: str
    author: str | None = None
    outlet_key: str | None = None  # added within newsprism.report/1 (optional): see Article.outlet_key

    @property
    def outlet_group(self) -> str:
        return self.outlet_key or self.outlet


class Report(_Model):
    schema_: str = Field(default=SCHEMA, alias="schema")
    articles: list[ReportArticle]
    quotes: list[Quote]
    figures: list[Figure]
    framing: list[FramingSpan]
    stories: list[Story]
    rejected: list[Rejection] = Field(default_factory=list)
    # Added within newsprism.report/1 (empty in older reports): the framing detector's scores.
    loaded_words: list[ScoredSpan] = Field(default_factory=list)
    sentence_bias: list[ScoredSpan] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
