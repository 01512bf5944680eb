"""Incremental, time-aware grouping of articles into stories (one real-world event each).

Why this shape: articles arrive one at a time (a crawl, a feed), so grouping is single-pass: each
article joins the best-scoring existing story or opens a new one (the one exception, an article
left alone in its own story, is below).

A story is judged by its members, not by a summary of them: the article's score against a story
is the mean of its pair scores against the story's members (average linkage; at most
``linkage_sample`` members, spread over the story's arrival order so its first reports always
vote).  Why: compared with a story's summed features (its centroid), an article joined on
little shared wording, and a grown story's centroid drifted towards its neighbours, so dense
news chained: one 526-article "story" of six months of different shootings, BCubed F1 0.61 on
the gva dev set and 0.56 on allsides (pairwise precision 0.008 and 0.06).  Against its members,
a report must agree with the story's first reports too, and one event stays one story.  Two
reports of *one* event share content words, participants (who), places (where) and a date
(when); two events of the same kind (two earthquakes, two celebrities entering rehab) share the
content words but differ in who/where/when, so all four enter the score.  "Who" includes the
event frames of the lead (:mod:`newsprism.analysis.events`): who did what to whom, so that
"Saints place Reggie Bush on IR" and "Saints place Pierre Thomas on IR" conflict, and the
protagonists of the first lead sentence.  "When" is each member's date: a report must be close
in time to the story's members, not only to its latest one, so a story's time span grows only
on evidence.  "What" is also
read as meaning, not only shared words: the sentence embedding of headline and lead
(:mod:`newsprism.analysis.embedding`) supports reports told in other words, but only between
dated reports, since embeddings alone do not separate two events of one kind.  The headline is
the title, or the URL's slug when the title is site chrome (:mod:`newsprism.analysis.headline`).

One decision is revisited: an article that opened a story of its own ("lone" article) was judged
against the stories as they were when it arrived, often against one or two first reports.  When a
later article joins a story and the lone article is among that later article's candidates too,
the lone article is re-tested against the grown story (:attr:`StoryGrouper.merge_threshold`) and
merged into it if the evidence now suffices.  Only lone articles are merged, and only candidates
of the article being added are looked at, never all pairs of stories.

Cost: candidates come from blocking, never from comparing with every story.  An inverted index
maps the item's most distinctive terms and its named entities to the stories that recently used
them; each posting list keeps only the most recent stories, and stories whose dates are too far
from the item's are skipped, so the work per added article does not grow with the corpus.

:func:`score_pair` is a pure function of two :class:`Features` (an item's or a story's, same
type) and a :class:`ScoreWeights`, so a distributed runner can score pairs with exactly the same
code.  Numbers in the comments below come from ``bench/clustering.py`` on the two dev sets
(newscluster: 383 dated articles, 69 events; ECB+: 496 undated articles, 21 topics x 2 events).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from newsprism.analysis.dates import article_day, parse_day
from newsprism.analysis.headline import headline
from newsprism.stories.dedup import SCHEME, NearDuplicateIndex, signature
from newsprism.stories.minhash import MinHash
from newsprism.stories.stop_words import ENGLISH_STOP_WORDS


@dataclass
class StoryItem:
    """One article as the grouper sees it.

    ``entities`` are (canonical name, spaCy label) pairs from the per-article analysis, one per
    entity (repeats are harmless: they are read as a set).
    """

    article_id: str
    title: str
    text: str
    published: str | None = None  # ISO 8601 date or datetime
    outlet: str = ""
    entities: list[tuple[str, str]] = field(default_factory=list)
    # Who did what to whom in the lead: (trigger lemma, "A"|"P", argument name, entity label,
    # lead sentence index) from :func:`newsprism.analysis.events.event_frames`; None when the
    # article was not parsed (the frame terms of the score then stay silent).
    event_frames: list[tuple[str, str, str, str, int]] | None = None
    url: str | None = None
    # Sentence embedding of headline + lead (unit length; any float sequence, a numpy array
    # included), None when not computed.
    embedding: Sequence[float] | None = None


@dataclass
class ItemSignals:
    """What the grouper reads of one article, before any corpus statistics (compact, picklable).

    Why apart from :class:`StoryItem`: the Spark job computes these on its executors, beside the
    analysis, and ships them (not the texts) to the driver, whose :class:`StoryGrouper` then
    decides exactly as the local path does.
    """

    article_id: str
    published: str | None
    tf: dict[str, int]
    ents: dict[str, list[str]]  # role -> keys
    day: int | None
    year: int | None
    frames: dict[str, list[str]]
    embedding: bytes = b""  # float32, empty when none
    outlet: str = ""
    sig: bytes = b""  # MinHash hash values (uint64) of title + text; empty without dedup


# --- text -> terms ---------------------------------------------------------------------------

# Words that carry no event identity in news on top of the usual English stop words; IDF
# would down-weight them anyway, but early in a stream the IDF has seen few documents.
_NEWS_STOP = frozenset(
    "said says say told tells according reported report reports news year years people time "
    "just like new also would could one two three first last week day today yesterday".split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | _NEWS_STOP
_TOKEN = re.compile(r"[a-z0-9]+(?:['’.][a-z0-9]+)*")
_YEAR = re.compile(r"\b(19[0-9]{2}|20[0-4][0-9])\b")
_NAME_PART = re.compile(r"[^\W_]+", re.UNICODE)

# Entity roles: who (people, organisations separately: an organisation such as "Microsoft"
# recurs across its many events, a person quoted or acting is specific to one) and where.
# "lead" is not an entity label: the people acting or acted upon in the lead's first
# sentence (its event frames), the protagonists of the event (see ScoreWeights.lead).
ROLE_OF_LABEL = {"PERSON": "person", "ORG": "org", "GPE": "where", "LOC": "where", "FAC": "where"}
ROLES = ("person", "org", "where", "lead")
# Event frames whose arguments the frame terms compare: people only.  Teams, companies and
# countries recur across a topic's events and are named in many shapes: adding ORG gave
# 0.902/0.924, unlabelled proper nouns 0.907/0.921, GPE+NORP 0.910/0.924 (one article), every
# label 0.897/0.902 (before the lead term), against 0.907/0.924 for people alone.
FRAME_LABELS = frozenset({"PERSON"})
WHEN_LABELS = frozenset({"DATE"})


def _stem(w: str) -> str:
    """Plural/possessive folding only ("earthquakes" -> "earthquake", "police's" -> "police").

    Hand-written because a full stemmer is not a dependency and merging more than plurals
    ("election" / "elected") did not help on the dev sets while costing readability of terms.
    """
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def tokens(text: str) -> list[str]:
    """Content words of a text: lower-cased, stop words and 1-2 letter tokens removed."""
    out = []
    for t in _TOKEN.findall(text.lower()):
        t = _stem(t)
        if len(t) > 2 and t not in STOP_WORDS:
            out.append(t)
    return out


def _entity_keys(name: str, label: str) -> list[str]:
    """Keys under which an entity is matched across articles.

    People are matched on their name parts ("Xi" in one outlet, "Xi Jinping" in another; "Lohan"
    / "Lindsay Lohan"); other entities on the whole normalised name.
    """
    parts = [p for p in _NAME_PART.findall(name.lower()) if p not in STOP_WORDS]
    if not parts:
        return []
    if label == "PERSON":
        return [p for p in parts if len(p) > 1]
    return [" ".join(parts)]


# --- features and the pair score ---------------------------------------------------------------


@dataclass
class Features:
    """What :func:`score_pair` compares: an item's features, or a story's (summed over members).

    ``terms`` and each ``ents[role]`` are non-negative weight vectors (sparse dicts) with their
    L2 norms cached in ``norm`` / ``ent_norms``; ``day_min``/``day_max`` the publication-date
    range (ordinal days, None when undated) and ``day_sum``/``n_dated`` the sum and count of
    the dated members' days (their mean is the story's date); ``years`` how often each year is
    mentioned in DATE entities (the only "when" of an undated article); ``frames`` maps an
    event frame "trigger:role" ("arrest:P") to the name parts of the people filling it.
    """

    terms: dict[str, float]
    norm: float
    ents: dict[str, dict[str, float]] = field(default_factory=lambda: {r: {} for r in ROLES})
    ent_norms: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ROLES, 0.0))
    day_min: int | None = None
    day_max: int | None = None
    years: dict[int, float] = field(default_factory=dict)
    n: int = 1
    day_sum: float = 0.0
    n_dated: int = 0
    frames: dict[str, set[str]] = field(default_factory=dict)
    emb: np.ndarray | None = None  # float32; a story's is the sum of its dated members'
    emb_norm: float = 0.0
    outlets: set[str] = field(default_factory=set)  # publisher keys (Article.outlet_group)

    @property
    def day_mean(self) -> float | None:
        return self.day_sum / self.n_dated if self.n_dated else None

    def merge(self, other: Features) -> None:
        """Add an item's features into this (story) aggregate, keeping norms exact."""
        self.norm = _add_into(self.terms, other.terms, self.norm)
        for r in ROLES:
            self.ent_norms[r] = _add_into(self.ents[r], other.ents[r], self.ent_norms[r])
        if other.day_min is not None:
            self.day_min = other.day_min if self.day_min is None else min(self.day_min, other.day_min)
        if other.day_max is not None:
            self.day_max = other.day_max if self.day_max is None else max(self.day_max, other.day_max)
        for y, c in other.years.items():
            self.years[y] = self.years.get(y, 0.0) + c
        self.n += other.n
        self.day_sum += other.day_sum
        self.n_dated += other.n_dated
        for k, v in other.frames.items():
            self.frames[k] = self.frames.get(k, set()) | v
        self.outlets |= other.outlets
        # Dated members only: score_pair reads the embedding between dated sides alone, so an
        # undated member's vector (the analysis computes none now; older corpora hold some) must
        # not pull a story's sum, which the batch path's lone-story re-test and centroid linkage read.
        if other.emb is not None and other.n_dated:
            self.emb = other.emb.copy() if self.emb is None else self.emb + other.emb
            self.emb_norm = float(np.linalg.norm(self.emb))


def _add_into(acc: dict[str, float], x: Mapping[str, float], norm: float) -> float:
    """acc += x in place; returns the new L2 norm from |a+x|^2 = |a|^2 + 2 a.x + |x|^2 (O(|x|))."""
    sq = norm * norm
    for k, v in x.items():
        old = acc.get(k, 0.0)
        sq += 2.0 * old * v + v * v
        acc[k] = old + v
    return math.sqrt(max(sq, 0.0))


def _cos(a: Mapping, na: float, b: Mapping, nb: float) -> float:
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items()) / (na * nb)


@dataclass(frozen=True)
class ScoreWeights:
    """How the evidence is combined in :func:`score_pair`.

    Chosen on the dev sets with ONE setting for both (``bench/clustering.py``; sweeps over
    weight x pivot x threshold grids, BCubed F1 as newscluster / ECB+).  Entity terms are
    ``weight * (cosine - pivot)``: above the pivot the shared names add, below it they subtract.
    The numbers quoted for person / org / where / window / years were measured before the
    mean-date, frame and lead terms existed (then 0.897/0.880); the setting below without the
    embedding term and headline rule gives 0.907/0.924 (0.916/0.932 with the lone-story re-test),
    and with them 0.932/0.935.
    """

    # person names: within an ECB+ topic (two events of one kind) the person cosine alone
    # separates same-event from other-event pairs with AUC 0.87 (means 0.33 vs 0.08).  Weight 0 /
    # 0.2 / 0.4 gave 0.895/0.851, 0.897/0.880, 0.883/0.863 (0.4 costs newscluster recall:
    # different outlets quote different people about one event).
    person: float = 0.2
    person_pivot: float = 0.2
    # organisations recur across a company's or team's many events (Microsoft's patches, the
    # Saints' injuries), so they are not evidence of one event: weight 0 (0.1 gave 0.895/0.873,
    # 0 gives 0.897/0.880).  Kept as a knob because the Spark path shares these weights.
    org: float = 0.0
    org_pivot: float = 0.2
    # places: AUC 0.78 within ECB+ topics, present in only 73 % of the pairs; weight 0 / 0.1 /
    # 0.25 gave 0.887/0.876, 0.897/0.880, 0.898/0.867 (the same city hosts many events).
    where: float = 0.1
    where_pivot: float = 0.2
    # when, from publication dates: a hard window (no same-event pair further apart than 90
    # days) and, inside it, the gap scored as ``days * (1 - min(gap, days_scale) / days_scale -
    # days_pivot)``.  With pivot 1 the term never adds: two reports on one day are no evidence
    # of one event in a dense feed (a local paper's shootings, a day of US politics), and with
    # the old pivot 0.5 every same-week pair of one topic gained 0.1, which is how stories
    # chained.  It subtracts as the gap grows, up to ``days`` at ``days_scale`` (30 days): a
    # follow-up a month on must earn its place by its words and people.  Measured on the product
    # path (BCubed F1 newscluster / ECB+ / allsides / gva, average linkage at threshold 0.18):
    # pivot 0.5, scale 90 (before): 0.930 / 0.894 / 0.644 / 0.745; pivot 1, scale 90: 0.885 /
    # 0.893 / 0.716 / -; pivot 1, scale 30: 0.883 / 0.900 / 0.780 / 0.886; pivot 0.75, scale 30:
    # 0.896 / 0.893 / 0.737 / 0.867; weight 0.4, scale 30: 0.861 / 0.894 / 0.827 / -.  The
    # newscluster loss is recall on its year-long storylines (North Korea's missile tests of
    # 2016-2017, Panama Papers follow-ups 18 months on) that the labels call one "event".
    window_days: int = 90
    days: float = 0.2
    days_pivot: float = 1.0
    days_scale: int = 30
    # when, as a year: the publication year, or for undated articles the latest year named in
    # a DATE entity (a proxy: same-event ECB+ pairs share it 67 % of the time, other-event pairs
    # of one topic 4 %).  Weight 0.2 with pivot 0.5: agreement +0.1, disagreement -0.1; without it ECB+ drops
    # from 0.880 to 0.853.
    years: float = 0.2
    years_pivot: float = 0.5
    # The remaining terms compare event frames of the lead (who did what to whom,
    # newsprism.analysis.events) and stay silent for articles without them.
    # Frames: two reports of one event that share a frame ("arrest:P", "place:P", "fire:P")
    # fill it with the same person; two events of one kind fill it with another one (ECB+:
    # "Chargers' Vincent Jackson arrested" / "Jamal Williams arrested").  Over all dev pairs
    # with a term cosine >= 0.2 whose leads share a frame, a disjoint filler (and no shared
    # one) occurred for 8 same-event vs 221 other-event pairs on ECB+, 6 vs 0 on newscluster;
    # a shared filler for 399 vs 9 and 17 vs 0.  So a conflict subtracts and a match adds.
    # Support / conflict 0 / 0.2, 0.1 / 0.1, 0.1 / 0.2, 0.1 / 0.3, 0.2 / 0.2 gave
    # 0.907/0.922, 0.907/0.901, 0.907/0.924, 0.907/0.921, 0.907/0.924 (with the lead term);
    # without the frame terms 0.907/0.898.
    frame_support: float = 0.1
    frame_conflict: float = 0.2
    # lead: the people in the first lead sentence's frames (the protagonists: "Peter Capaldi
    # revealed as 12th Doctor" vs "Matt Smith will take over the role"), scored like the other
    # roles.  Weight x pivot 0.1x0.1, 0.2x0.1, 0.2x0.2, 0.2x0.3, 0.3x0.3, 0.2x0.5 gave
    # 0.907/0.905, 0.907/0.924, 0.907/0.924, 0.907/0.923, 0.907/0.919, 0.907/0.914; without it
    # 0.909/0.904.  Only the first sentence: with two, 0.907/0.923 at 0.2x0.1.  Newscluster's
    # -0.002 is one article (a music-industry report naming another executive than the rest).
    lead: float = 0.2
    lead_pivot: float = 0.2
    # what it is about: the cosine of the headline + lead embeddings (newsprism.analysis.embedding)
    # catches reports of one event told in other words, where the term cosine is low
    # (newscluster's missed joins: term cosine 0.09-0.22, embedding cosine 0.58-0.75).  It cannot
    # tell two events of one kind apart (ECB+ other-event candidate pairs near the threshold:
    # embedding cosine up to 0.73, same-event median 0.72), so it speaks only when both sides
    # are dated, i.e. inside the date window, where a similar report is most likely the same
    # event.  Ungated, weight 0.2 / 0.5 at pivot 0.5 gave 0.919/0.908, 0.926/0.855 (ECB+ precision
    # 0.93 -> 0.79); gating on a smaller gap than the window (7 / 14 / 45 days) only lost recall.
    # Dated only, pivot 0.5: weight 0.3 / 0.4 / 0.5 / 0.6 / 0.7 / 0.8 gave 0.929 / 0.928 / 0.930 /
    # 0.932 / 0.932 / 0.932 on newscluster (ECB+ 0.935 throughout); weight 0.5 with pivot 0.40 /
    # 0.42 / 0.45 / 0.48 / 0.55 gave 0.920 / 0.929 / 0.932 / 0.930 / 0.928 (below 0.45 precision
    # falls).  0.7 x 0.5 is the middle of the 0.6-0.8 plateau.  Without it: 0.920/0.927.
    embed: float = 0.7
    embed_pivot: float = 0.5
    # one outlet: an outlet rarely files two reports of one event, and two reports of one outlet
    # close in time are more often two events of its beat (allsides: 0 of 92 same-day pairs of one
    # outlet are one event; newscluster 39 of 177).  Subtracted when the two sides share an outlet.
    # 0 / 0.1 / 0.2 gave 0.930 / 0.932 / 0.932 on newscluster, 0.644 / 0.653 / 0.659 on allsides
    # (old date term, threshold 0.18; ECB+ unchanged: it has no outlets).
    same_outlet: float = 0.2


def score_pair(a: Features, b: Features, w: ScoreWeights = ScoreWeights()) -> float:  # noqa: B008
    """Same-event score of two feature sets (item vs story in the grouper): higher = same event.

    Pure: depends only on its arguments, so Spark executors and the local grouper agree.
    Returns -inf when the dates alone rule the pair out (further apart than ``window_days``).
    """
    # when: publication dates.  Reports of one event cluster within days; beyond the window
    # the pair is never the same (breaking) event.
    gap = 0.0
    if a.day_min is not None and b.day_min is not None:
        assert a.day_max is not None and b.day_max is not None
        gap = max(0, a.day_min - b.day_max, b.day_min - a.day_max)
        if gap > w.window_days:
            return -math.inf
    s = _cos(a.terms, a.norm, b.terms, b.norm)
    both_dated = a.day_min is not None and b.day_min is not None
    if w.embed and both_dated and a.emb is not None and b.emb is not None and a.emb_norm and b.emb_norm:
        s += w.embed * (float(a.emb @ b.emb) / (a.emb_norm * b.emb_norm) - w.embed_pivot)
    # who / where: only when both sides name someone / somewhere; agreement above the pivot adds,
    # disjoint participants or places subtract (two earthquakes: same words, other places).
    for role, weight, pivot in (
        ("person", w.person, w.person_pivot),
        ("org", w.org, w.org_pivot),
        ("where", w.where, w.where_pivot),
        ("lead", w.lead, w.lead_pivot),
    ):
        na, nb = a.ent_norms.get(role, 0.0), b.ent_norms.get(role, 0.0)
        if weight and na and nb:
            s += weight * (_cos(a.ents[role], na, b.ents[role], nb) - pivot)
    if w.days and a.day_min is not None and b.day_min is not None:
        # the gap between the two sides' mean dates (for two articles: their dates)
        ma, mb = a.day_mean, b.day_mean
        if ma is not None and mb is not None:
            gap = abs(ma - mb)
        s += w.days * (1.0 - min(float(w.days_scale), gap) / w.days_scale - w.days_pivot)
    if w.same_outlet and a.outlets & b.outlets:
        s -= w.same_outlet
    # who did what to whom: one shared frame filled by the same person supports the pair;
    # otherwise a shared frame filled by different people speaks against it.
    if (w.frame_support or w.frame_conflict) and a.frames and b.frames:
        shared = a.frames.keys() & b.frames.keys()
        if any(a.frames[k] & b.frames[k] for k in shared):
            s += w.frame_support
        elif shared:
            s -= w.frame_conflict
    # Years only speak when the days cannot: with two dated sides the window and the gap
    # already say more, and a shared year would reward any two events of one year.
    if w.years and a.years and b.years and not both_dated:
        na = math.sqrt(sum(v * v for v in a.years.values()))
        nb = math.sqrt(sum(v * v for v in b.years.values()))
        s += w.years * (_cos(a.years, na, b.years, nb) - w.years_pivot)
    return s


# --- the grouper ------------------------------------------------------------------------------------


def frame_keys(frames: Iterable[tuple[str, str, str, str, int]] | None) -> dict[str, set[str]]:
    """Event frames filled by people as "trigger:role" -> the people's name parts.

    Name parts, as for the person role, so that "Cheeks" and "Maurice Cheeks" fill one frame.
    """
    out: dict[str, set[str]] = {}
    for trigger, role, name, label, _sent in frames or ():
        if label in FRAME_LABELS:
            parts = _entity_keys(name, "PERSON")
            if parts:
                out.setdefault(f"{trigger}:{role}", set()).update(parts)
    return out


def lead_keys(frames: Iterable[tuple[str, str, str, str, int]] | None) -> set[str]:
    """Name parts of the people in the first lead sentence's frames (the "lead" role)."""
    out: set[str] = set()
    for _trigger, _role, name, label, sent in frames or ():
        if sent == 0 and label == "PERSON":
            out.update(_entity_keys(name, "PERSON"))
    return out


def item_signals(
    item: StoryItem, max_body_tokens: int, title_weight: int
) -> tuple[Counter[str], dict[str, set[str]], int | None, int | None, dict[str, set[str]]]:
    """What one item says before any corpus statistics: term counts, who/where keys, day, year, frames.

    Shared by the incremental grouper and the batch/Spark form (``blocking.py``)
    so the two cannot drift apart.  The day is the publication date, else a
    dateline at the top of the text; the year is that day's, else the latest
    year a DATE entity names.  The "lead" role and the frames come from the
    item's event frames (empty when it has none).
    """
    title = tokens(headline(item.title, item.url))
    body = tokens(item.text)[:max_body_tokens]
    tf = Counter(title * title_weight + body)
    ents: dict[str, set[str]] = {r: set() for r in ROLES}
    years: Counter[int] = Counter()
    for name, label in item.entities:
        role = ROLE_OF_LABEL.get(label)
        if role is not None:
            ents[role].update(_entity_keys(name, label))
        elif label in WHEN_LABELS:
            years.update(int(y) for y in _YEAR.findall(name))
    ents["lead"] = lead_keys(item.event_frames)
    day = article_day(item.title, item.text, item.published)
    year = date.fromordinal(day).year if day is not None else (max(years) if years else None)
    return tf, ents, day, year, frame_keys(item.event_frames)


def weigh(
    tf: Mapping[str, int],
    ents: Mapping[str, Iterable[str]],
    day: int | None,
    years: dict[int, float],
    n: int,
    term_df: Callable[[str], int],
    entity_df: Callable[[str], int],
    frames: Mapping[str, Iterable[str]] | None = None,
    embedding: Sequence[float] | None = None,
    outlet: str | None = None,
) -> Features:
    """TF-IDF term and entity vectors (unit length) for one item, given ``n`` documents and their frequencies.

    ``entity_df`` takes "role:key".  Shared by the incremental grouper (IDF as of
    arrival) and the batch form (IDF over the whole batch).
    """
    emb = np.asarray(embedding, dtype=np.float32) if embedding is not None and len(embedding) else None
    terms = {t: (1.0 + math.log(c)) * (math.log((n + 1) / (term_df(t) + 1)) + 1.0) for t, c in tf.items()}
    tn = math.sqrt(sum(v * v for v in terms.values())) or 1.0
    terms = {t: v / tn for t, v in terms.items()}
    vec: dict[str, dict[str, float]] = {}
    norms: dict[str, float] = {}
    for role, ks in ents.items():
        # sorted: sums over these dicts must add in the same order in every process (hash seed)
        v = {k: math.log((n + 1) / (entity_df(f"{role}:{k}") + 1)) + 1.0 for k in sorted(ks)}
        nv = math.sqrt(sum(x * x for x in v.values()))
        vec[role] = {k: x / nv for k, x in v.items()} if nv else {}
        norms[role] = 1.0 if nv else 0.0
    return Features(
        terms=terms,
        norm=1.0 if terms else 0.0,
        ents=vec,
        ent_norms=norms,
        day_min=day,
        day_max=day,
        years=years,
        day_sum=float(day) if day is not None else 0.0,
        n_dated=1 if day is not None else 0,
        frames={k: set(v) for k, v in (frames or {}).items()},
        emb=emb,
        emb_norm=float(np.linalg.norm(emb)) if emb is not None else 0.0,
        outlets={outlet} if outlet else set(),
    )


class StoryGrouper:
    """Single-pass story grouping; configure in ``__init__``, then ``add`` items in date order.

    State is per instance (document frequencies, stories, index); two groupers never share it.
    ``n_scored`` counts :func:`score_pair` calls, so tests and benchmarks can check blocking.

    Parameters.  Numbers are BCubed F1 on the four dev sets, newscluster / ECB+ (median of
    shuffled orders) / allsides / gva, from ``bench/clustering.py`` (the product's analysis and
    features); one configuration serves all four.  Centroid scoring with the earlier defaults
    (threshold 0.25, date term pivot 0.5 over 90 days) gave 0.927 / 0.918 / 0.563 / 0.607.

    - ``threshold`` 0.18: join the best story if its (average-linkage) score reaches this.
      0.14 / 0.18 / 0.22 gave 0.891 / 0.889 / 0.761 / 0.880, 0.883 / 0.897 / 0.788 / 0.892,
      0.862 / 0.875 / 0.806 / 0.895: a plateau within 0.03 on every set, 0.18 in its middle.
      Dated and undated pairs share it because neither date term adds by default (days pivot 1,
      years pivot 0.5 only speaks for undated pairs, see :class:`ScoreWeights`).
    - ``linkage`` "average", ``linkage_sample`` 24, ``out_of_window`` -1: the story score is the
      mean pair score against at most 24 members spread over its arrival order; a member further
      than the date window counts -1.  "centroid" (the summed features) chains on dense news
      (above); "top" (the mean of the ``linkage_k`` best member scores) gave 0.897 / - / 0.720
      (pairwise 0.30 against 0.49 for average): one close member is not evidence enough.
    - ``density`` 0.5, ``density_k`` 3: the best score is lowered by half the mean of the next
      ``density_k`` candidates' scores (when positive).  Why: in a crowded neighbourhood (one
      beat, one day) other events score high too, so a high score means less; in sparse news
      the others score below zero and nothing changes.  0 / 0.5 gave 0.883 / 0.900 / 0.780 /
      0.886 and 0.883 / 0.897 / 0.788 / 0.892.
    - ``singleton_margin`` 0.05: extra score needed to join a one-article story (one report is
      noisier evidence than several); 0 gave 0.876 / 0.898 / 0.792 / 0.889, within noise.
    - ``title_weight`` 2 and ``max_body_tokens`` 400: the headline and lead name the event, the
      tail is background shared with other events of the kind; 200 / 400 / 800 tokens gave
      0.904/0.879, 0.897/0.880, 0.894/0.875 and title weight 1 0.893/0.881: within noise, so
      the baseline's choices were kept.
    - ``block_terms`` 12, ``posting_cap`` 50, ``max_postings`` 600, ``max_candidates`` 20:
      blocking.  The item's 12 highest-weighted terms plus all its entity keys look up stories,
      rarest key first, until 600 posting entries are read; each key remembers its 50 most
      recently extended stories; the 20 stories sharing most keys are scored.  On
      both dev sets this gave exactly the assignments of scoring every story, while capping
      the work per article (see bench/grouping_scale.py).
    - ``dedup``: near-copies (MinHash, :mod:`newsprism.stories.dedup`) join their original's
      story without scoring, and are reported in :attr:`duplicates`.
    - ``merge_threshold`` 0.23: re-test of lone articles (see the module docstring).  When an
      article joins story S, each other candidate of that article that is still a one-article
      story T is merged into S if T's average-linkage score against S (S now including the new
      article) reaches this: the bar T would need to join S as a one-article story (threshold
      0.18 + singleton margin 0.05), now met with the later report's evidence.  Off / 0.22 /
      0.28 / 0.34 gave 0.883 / 0.897 / 0.788 / 0.892, 0.885 / 0.909 / 0.788 / 0.892, 0.885 /
      0.899 / 0.789 / 0.892, 0.883 / 0.897 / 0.788 / 0.892.  ``None`` turns it off.
    """

    def __init__(
        self,
        threshold: float = 0.18,
        weights: ScoreWeights | None = None,
        title_weight: int = 2,
        max_body_tokens: int = 400,
        block_terms: int = 12,
        posting_cap: int = 50,
        max_candidates: int = 20,
        max_postings: int = 600,
        dedup: bool = True,
        singleton_margin: float = 0.05,
        merge_threshold: float | None = 0.23,
        linkage: str = "average",
        linkage_sample: int = 24,
        out_of_window: float = -1.0,
        density: float = 0.5,
        density_k: int = 3,
        linkage_k: int = 3,
    ) -> None:
        self.threshold = threshold
        self.weights = weights or ScoreWeights()
        self.title_weight = title_weight
        self.max_body_tokens = max_body_tokens
        self.block_terms = block_terms
        self.posting_cap = posting_cap
        self.max_candidates = max_candidates
        self.max_postings = max_postings
        self.dedup = NearDuplicateIndex() if dedup else None
        self.singleton_margin = singleton_margin
        self.merge_threshold = merge_threshold
        self.linkage = linkage
        self.linkage_sample = linkage_sample
        self.out_of_window = out_of_window
        self.density = density
        self.density_k = density_k
        self.linkage_k = linkage_k

        self.n_docs = 0
        self.n_scored = 0
        self._df: Counter[str] = Counter()
        self._edf: Counter[str] = Counter()
        self._stories: dict[str, Features] = {}
        self._members: dict[str, list[str]] = {}
        self._story_of: dict[str, str] = {}
        self._index: dict[str, OrderedDict[str, None]] = {}
        # arrival number of each article (members stay in arrival order after a merge) and
        # retired lone story id -> the story it was merged into (postings keep retired ids; a
        # story that absorbed one has >= 3 articles and is never retired, so no chains)
        self._seq: dict[str, int] = {}
        self._merged: dict[str, str] = {}
        # each scored (not copied) member's own features, and per story those members in arrival
        # order: the evidence an article is judged against (average linkage)
        self._feats: dict[str, Features] = {}
        self._voters: dict[str, list[str]] = {}

    # public views -------------------------------------------------------------------------------

    @property
    def stories(self) -> dict[str, list[str]]:
        """story id -> article ids in arrival order."""
        return {k: list(v) for k, v in self._members.items()}

    @property
    def merged(self) -> dict[str, str]:
        """retired story id -> the id of the story its (lone) article was merged into.

        The retired id is also its article's id: a caller that stored the id :meth:`add`
        returned for that article updates that one assignment; every other id :meth:`add`
        returned stays valid.  :meth:`story_of` gives the current id of any article.
        """
        return dict(self._merged)

    def story_of(self, article_id: str) -> str:
        """The current story id of an added article."""
        return self._story_of[article_id]

    @property
    def duplicates(self) -> dict[str, str]:
        """copy id -> canonical id (empty when dedup is off)."""
        return self.dedup.duplicates if self.dedup else {}

    def assign(self, items: Iterable[StoryItem]) -> dict[str, str]:
        """Group a batch: date order when every item is dated, else the given order.

        Returns each item's story id as of the end of the batch (a lone article merged into a
        later story reports that story, not the id :meth:`add` gave it).
        """
        return self.assign_signals([self.signals(it) for it in items])

    def assign_signals(self, items: Sequence[ItemSignals]) -> dict[str, str]:
        """:meth:`assign` for items given as their signals (the Spark driver's form)."""
        days = [parse_day(it.published) for it in items]
        if items and all(d is not None for d in days):
            order = sorted(range(len(items)), key=lambda i: (days[i], items[i].article_id))
            items = [items[i] for i in order]
        for it in items:
            self.add_signals(it)
        return {it.article_id: self.story_of(it.article_id) for it in items}

    def arrival_number(self, article_id: str) -> int:
        """The order in which an article was placed (0 for the first)."""
        return self._seq[article_id]

    # core ------------------------------------------------------------------------------------

    def signals(self, item: StoryItem) -> ItemSignals:
        """The item's :class:`ItemSignals` under this grouper's settings (no state is touched)."""
        tf, ents, day, year, frames = item_signals(item, self.max_body_tokens, self.title_weight)
        sig = b""
        if self.dedup is not None:
            text = (item.title + "\n" + item.text).strip()
            sig = signature(text, self.dedup.num_perm, self.dedup.seed).hashvalues.astype(np.uint64).tobytes()
        emb = b"" if item.embedding is None or not len(item.embedding) else np.asarray(item.embedding, dtype=np.float32).tobytes()
        return ItemSignals(
            article_id=item.article_id, published=item.published, tf=dict(tf),
            ents={r: sorted(ks) for r, ks in ents.items()}, day=day, year=year,
            frames={k: sorted(v) for k, v in frames.items()}, embedding=emb, outlet=item.outlet, sig=sig,
        )

    def add(self, item: StoryItem) -> str:
        """Place one item; returns its story id (see :meth:`add_signals`)."""
        if item.article_id in self._story_of:
            return self.story_of(item.article_id)
        return self.add_signals(self.signals(item))

    def add_signals(self, item: ItemSignals) -> str:
        """Place one item given its signals; returns its story id.

        A story's id is the id of the article that opened it.  It never changes while the story
        grows; when a lone article is merged into a story (``merge_threshold``) the lone
        article's own story id is retired (see :attr:`merged`).
        """
        if item.article_id in self._story_of:
            return self.story_of(item.article_id)
        if self.dedup is not None:
            canon = self.dedup.add(item.article_id, "", sig=self._minhash(item.sig))
            if canon is not None and canon in self._story_of:
                sid = self.story_of(canon)
                feats, keys = self._featurize(item)
                self._join(sid, item.article_id, feats, keys, voter=False)
                return sid
        feats, keys = self._featurize(item)
        best_sid, best = None, -math.inf
        candidates = self._candidates(keys, feats)
        scores = []
        for sid in candidates:
            st = self._stories[sid]
            s = self._story_score(feats, sid)
            if st.n == 1:
                s -= self.singleton_margin
            scores.append(s)
            if s > best:
                best_sid, best = sid, s
        if self.density and len(scores) > 1:
            # how crowded the item's neighbourhood is: its mean score against the next-best
            # stories; in a dense feed (one beat, one day) other events score high too
            rest = sorted(scores, reverse=True)[1 : 1 + self.density_k]
            best -= self.density * max(0.0, sum(rest) / len(rest))
        if best_sid is not None and best >= self.threshold:
            self._join(best_sid, item.article_id, feats, keys)
            return self._merge_lone(best_sid, candidates)
        sid = item.article_id  # a new story, named after its first article
        self._join(sid, item.article_id, feats, keys)
        return sid

    def place(self, item: StoryItem, story_id: str) -> None:
        """Record an item in a story decided elsewhere (the Spark job's batch grouping).

        Why: a corpus loaded from a Spark run must let later ``ingest`` runs join its stories,
        so the grouper's state (document frequencies, story features, blocking index, MinHash
        index) is built as if it had placed those articles itself, in arrival order.
        """
        if item.article_id in self._story_of:
            return
        sig = self.signals(item)
        if self.dedup is not None:
            self.dedup.add(item.article_id, "", sig=self._minhash(sig.sig))
        feats, keys = self._featurize(sig)
        self._join(story_id, item.article_id, feats, keys)

    def _minhash(self, sig: bytes) -> MinHash:
        assert self.dedup is not None
        values = np.frombuffer(sig, dtype=np.uint64)
        return MinHash(num_perm=self.dedup.num_perm, seed=self.dedup.seed, hashvalues=values, scheme=SCHEME)

    def _featurize(self, item: ItemSignals) -> tuple[Features, list[str]]:
        """Item features with the IDF as of now (this item counted), and its blocking keys."""
        tf, ents, day, year, frames = item.tf, item.ents, item.day, item.year, item.frames
        self.n_docs += 1
        self._df.update(tf.keys())
        ekeys = [f"{r}:{k}" for r, ks in ents.items() for k in sorted(ks)]
        self._edf.update(ekeys)
        feats = weigh(
            tf, ents, day, {year: 1.0} if year is not None else {}, self.n_docs,
            term_df=self._df.__getitem__, entity_df=self._edf.__getitem__, frames=frames,
            embedding=np.frombuffer(item.embedding, dtype=np.float32) if item.embedding else None,
            outlet=item.outlet,
        )
        terms = feats.terms
        top = sorted(terms, key=lambda t: (-terms[t], t))[: self.block_terms]
        return feats, [f"t:{t}" for t in top] + ekeys

    def _candidates(self, keys: list[str], feats: Features) -> list[str]:
        """Stories sharing blocking keys with the item, most shared first, at most max_candidates."""
        hits: Counter[str] = Counter()
        # Rarest keys first, and stop after max_postings posting entries: rare keys name the
        # event, while frequent ones (full 50-story postings) mostly add unrelated stories.
        # Without this stop the work grows with the corpus until every posting is full (CPU
        # per added article 4.2 / 5.2 / 7.3 ms at 10k / 20k / 40k in bench/grouping_scale.py).
        budget = self.max_postings
        for k in sorted(keys, key=self._key_df):
            post = self._index.get(k)
            if post:
                # postings keep a retired (merged) story's id: map it to its story, once per key
                # (dict.fromkeys, not a set: the posting's order breaks ties among equal counts, and a
                # set's order changes with the process's hash seed: same input, other stories)
                hits.update(list(dict.fromkeys(self._merged.get(sid, sid) for sid in post)) if self._merged else post.keys())
                budget -= len(post)
                if budget <= 0:
                    break
        w = self.weights.window_days
        out = []
        for sid, _ in hits.most_common():
            st = self._stories[sid]
            if feats.day_min is not None and st.day_max is not None and feats.day_min - st.day_max > w:
                continue
            out.append(sid)
            if len(out) >= self.max_candidates:
                break
        return out

    def _key_df(self, key: str) -> int:
        return self._df[key[2:]] if key.startswith("t:") else self._edf[key]

    def _merge_lone(self, sid: str, candidates: list[str]) -> str:
        """Merge into story ``sid`` (just joined) the lone-article candidates its grown features now match.

        Only the candidates of the article just added are tested (at most ``max_candidates``),
        and only one-article stories, so the cost per added article stays bounded.
        """
        if self.merge_threshold is None:
            return sid
        for other in candidates:
            if other == sid or other not in self._stories:
                continue
            lone = self._stories[other]
            if lone.n != 1:
                continue
            (lone_id,) = self._voters[other]
            if self._story_score(self._feats[lone_id], sid) >= self.merge_threshold:
                self._absorb(sid, other)
        return sid

    def _absorb(self, keep: str, drop: str) -> str:
        """Merge the lone-article story ``drop`` into story ``keep``, which keeps its id.

        The grown story keeps its id (not the earlier of the two) so that the ids :meth:`add`
        already returned for its articles stay valid: only the lone article changes story, and
        :attr:`merged` says so.  Its article is inserted into the member list at its arrival
        position, so a merge costs one list insertion.
        """
        seq = self._seq
        members = self._members[keep]
        for aid in self._members.pop(drop):
            bisect.insort(members, aid, key=seq.__getitem__)
            self._story_of[aid] = keep
        self._stories[keep].merge(self._stories.pop(drop))
        voters = self._voters.setdefault(keep, [])
        for aid in self._voters.pop(drop, []):
            bisect.insort(voters, aid, key=seq.__getitem__)
        self._merged[drop] = keep
        return keep

    def _story_score(self, feats: Features, sid: str) -> float:
        """Same-event score of an item against story ``sid``.

        ``average``: the mean of :func:`score_pair` against the story's members (at most
        ``linkage_sample`` of them, spread evenly over its arrival order so the first reports
        always vote); a member outside the date window counts ``out_of_window``.
        ``centroid``: against the story's summed features.
        """
        if self.linkage == "centroid":
            self.n_scored += 1
            return score_pair(feats, self._stories[sid], self.weights)
        voters = self._voters[sid]
        k = self.linkage_sample
        if len(voters) > k:
            step = len(voters) / k
            voters = [voters[int(i * step)] for i in range(k)]
        scores = []
        for aid in voters:
            self.n_scored += 1
            s = score_pair(feats, self._feats[aid], self.weights)
            scores.append(self.out_of_window if s == -math.inf else s)
        if self.linkage == "top":
            scores = sorted(scores, reverse=True)[: self.linkage_k]
        return sum(scores) / len(scores)

    def _join(self, sid: str, aid: str, feats: Features, keys: list[str], voter: bool = True) -> None:
        """Add an article to story ``sid`` (opened here when new) and to the blocking index."""
        self._stories.setdefault(sid, Features({}, 0.0, n=0)).merge(feats)
        self._members.setdefault(sid, []).append(aid)
        if voter or sid not in self._voters:
            self._feats[aid] = feats
            self._voters.setdefault(sid, []).append(aid)
        self._story_of[aid] = sid
        self._seq[aid] = len(self._seq)
        cap = self.posting_cap
        for k in keys:
            post = self._index.get(k)
            if post is None:
                post = self._index[k] = OrderedDict()
            post[sid] = None
            post.move_to_end(sid)
            if len(post) > cap:
                post.popitem(last=False)
