"""Attribution cue lexicon: which words introduce what someone said, believes or found.

Two layers:

* a small hand-written *class* list (speech / belief / finding).  PolNeAR marks
  cues but not their kind, so the kind cannot be learned from it; the lists
  below say which well-known cue lemmas report speech ("said"), a mental state
  or intention ("believes", "plans to"), or a result ("polls show").  A learned
  cue that is in none of them gets class ``other`` (e.g. "criticize", "endorse").
* a *learned* table, ``newsprism/data/cues.json``, written by
  ``bench/train_cues.py`` from PolNeAR train: for every (lemma, syntactic frame)
  of a cue candidate, how often it occurred and how often the annotators marked
  it as a cue.  The extractor accepts a candidate when that precision clears a
  threshold, so "said + clause" (almost always a cue) and "called + object"
  (sometimes) are weighed by data, not by taste.

The file is optional at import time: without it the seed lists alone are used
(with an assumed precision), so the package still works before training.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from itertools import repeat
from typing import Literal

CueClass = Literal["speech", "belief", "finding", "other"]

# Reporting verbs and nouns (communication acts).
SPEECH: frozenset[str] = frozenset("""
say tell add ask write tweet post announce state claim argue note explain insist
reply respond answer declare assert maintain contend stress emphasize emphasise comment remark
mention report confirm deny acknowledge admit concede reveal disclose testify recall
warn caution urge promise pledge vow vowed predict suggest propose recommend complain
continue conclude counter quip joke boast brag charge allege accuse call describe
describe characterize characterise dismiss reject blame criticize criticise praise
thank question wonder demand order instruct announce inform assure tout retort
shout yell scream whisper murmur lament decry slam blast attack rip hit
statement remark comment claim assertion announcement interview speech tweet post
letter memo report testimony message email release press briefing
accord criticism critique warning call accusation allegation charge demand promise pledge
threat complaint denial claim argument attack praise condemnation plea appeal request
express voice
reiterate clarify defend liken
""".split())
# "express"/"voice" (support, concern, doubt): saying so is the act reported, whatever the noun.
# "reiterate", "clarify", "defend", "liken": verbs of saying too ("defended the decision", "likened
# the sound to a war zone"); as "other" they kept quotes of the labelled ledger set out of the speech
# view.  Left out, read on gva's pages: "observe" (a deputy "observed a young boy on the floor"),
# "cite" (police "cited" a driver), "plead" ("pleaded guilty to killing ..."), and "issue", "rule",
# "compare", "detail" (6 of their 13 PolNeAR predictions attributions).

# Mental states, attitudes and intentions ("believes", "plans to", "wants").
BELIEF: frozenset[str] = frozenset("""
believe think feel know hope fear worry expect plan intend want wish
doubt suspect assume consider regard view see seem appear guess imagine
understand realize realise recognize recognise trust prefer hate love like
support oppose favor favour agree disagree decide refuse seek aim try
belief view opinion hope fear concern worry expectation plan intention desire
support opposition decision goal skepticism doubt confidence suspicion preference
""".split())

# A cue verb with one of these objects is an idiom that reports no words: "the shooting claimed the
# life of a 20-year-old", "family and friends said goodbye", "said a prayer".  Closed classes of
# English idioms (PolNeAR, political news, has too few of them for the cue model to learn; on gva's
# local news they were 38 quotes).
IDIOM_OBJECTS: dict[str, frozenset[str]] = {
    "claim": frozenset({"life", "victim"}),  # "the rampage claimed a fifth victim"
    "say": frozenset({"goodbye", "farewell", "prayer", "grace", "hello"}),
    # "no one answered the door", "answered the phone": opened it, picked it up
    "answer": frozenset({"door", "phone"}),
    # "if all goes according to plan", "ran according to schedule": a bare noun, no one's account
    "according": frozenset({"plan", "schedule", "script", "form", "design"}),
}

# Verbs of aspect: "continue" reports speech when words follow ("he continued: ..."), not when another
# verb does ("continues to grow worse"); the extractor then classes the attribution by that verb.
ASPECTUAL: frozenset[str] = frozenset("continue resume keep".split())

# Nouns naming a finding's vehicle: "In a CNN poll, Clinton led by 24 points".
FINDING_VEHICLES: frozenset[str] = frozenset({"poll", "survey", "study", "analysis", "census"})
# Numbers that measure rather than say: "according to data released by the CDC", "according to
# figures from the Labor Department" report a finding, as a poll does.  A closed class.
MEASURES: frozenset[str] = FINDING_VEHICLES | frozenset(
    "data datum figure statistic estimate number count tally projection research".split())

# Findings of studies, polls, reports, investigations ("polls show").
FINDING: frozenset[str] = frozenset("""
show find indicate reveal estimate conclude measure project forecast
demonstrate document determine calculate rank rate poll survey
finding result survey poll study analysis estimate data
""".split())

# Role nouns that count as "leader" when a description such as "the Chinese
# leader" is matched against the people introduced earlier.  Documented and
# deliberately small; a title in the text always counts for itself too.
LEADER_ROLES: frozenset[str] = frozenset("""
president premier chancellor dictator leader king queen emperor sultan monarch
prime minister head chief ruler autocrat strongman chairman
""".split())

DEFAULT_PRECISION = 0.6  # for seed lemmas absent from the learned table


# Phrasal verbs of saying whose verb alone is not one ("pointed out that ...", "spelled out why"):
# "point" read alone gave 21 "pointed out" quotes of the dev pages the class "other", out of the
# speech view.  Speech only where they report a clause or follow a quotation
# (:func:`newsprism.analysis.cue_frames.verb_class`: "pointed out the suspect" is a gesture).  A
# closed class of English phrasal verbs; not those that also name a blow or gunfire in local news
# ("fired back", "shot back", "hit back", "lashed out").
PHRASAL_SPEECH: frozenset[str] = frozenset({
    "point out", "spell out", "speak out", "cry out", "call out", "hit out", "speak up", "weigh in",
    "chime in", "sound off",
})


def cue_class(lemma: str) -> CueClass:
    """The kind of attribution a cue lemma (or a phrasal verb, "point out") introduces (speech first: "claim")."""
    lemma = lemma.lower()
    if lemma in SPEECH or lemma in PHRASAL_SPEECH:
        return "speech"
    if lemma in FINDING:
        return "finding"
    if lemma in BELIEF:
        return "belief"
    return "other"


@functools.cache
def _data() -> dict:
    try:
        raw = resources.files("newsprism").joinpath("data/cues.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    return json.loads(raw)


def learned_table() -> dict[str, dict[str, dict[str, float]]]:
    """``{lemma: {frame: {"cue": n, "total": n, "precision": p}}}`` from cues.json."""
    return _data().get("lemmas", {})


def cue_precision(lemma: str, frame: str) -> float:
    """Estimated P(candidate is an attribution cue | lemma, frame).

    Falls back to the lemma's overall precision ("*" frame), then to a fixed
    prior for seed-list lemmas, then 0.
    """
    table = learned_table()
    entry = table.get(lemma)
    if entry:
        f = entry.get(frame)
        if f and f["total"] >= 3:
            return f["precision"]
        overall = entry.get("*")
        if overall and overall["total"] >= 3:
            # The lemma is known but not with this frame: discount it.
            return overall["precision"] * 0.5
    if not table and (lemma in SPEECH or lemma in BELIEF or lemma in FINDING):
        return DEFAULT_PRECISION
    return 0.0


def cue_probability(features: list[str], lemma: str, frame: str) -> float:
    """P(candidate is a cue whose content we extract right), from the learned model.

    The model is a logistic regression over sparse string features
    (:func:`newsprism.analysis.cue_frames.cue_features`), stored as plain weights
    in cues.json so that scoring needs no scikit-learn at run time.  Without a
    model, the per-(lemma, frame) precision is used.
    """
    model = _data().get("model")
    if not model:
        return cue_precision(lemma, frame)
    # map(get, features, zero): each weight in the features' order, the same sum as a generator's
    z = model["bias"] + sum(map(model["weights"].get, features, repeat(0.0)))
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def boundary_model() -> dict[str, tuple[float, dict[str, float]]]:
    """``{variant: (bias, weights)}``: the learned content-boundary model in cues.json.

    A multinomial logistic regression (bench/train_cues.py) choosing where a
    cue's content ends (see :func:`newsprism.analysis.cue_frames.boundary_variants`).
    Empty when the file has none: contents then end where the subtree ends.
    """
    raw = _data().get("boundary")
    if not raw:
        return {}
    return {cls: (m["bias"], m["weights"]) for cls, m in raw["classes"].items()}
