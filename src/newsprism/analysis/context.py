"""Where and when an article's event happened: the entities that tell two events of one kind apart.

Why a component of its own: the speakers analysis (:mod:`newsprism.analysis.speakers`) keeps the
entities that can speak or be spoken of (PERSON, ORG, GPE, NORP).  Story grouping needs more:
two shootings on one day in one state differ in the street, the building and the date named in
the text ("Tuesday night", "the 1400 block of Main Street", "Walmart on Route 9").  Before this
component the DATE, LOC and FAC entities the NER found never reached the grouper, so an undated
article had no "when" at all and facilities no "where".

Each entity is clustered on its exact normalised name within the article (no coreference:
"Tuesday" and "Tuesday night" stay two), with every mention's character span as evidence.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from newsprism.model import Entity, Mention

# LOC: natural places and regions ("the Gulf of Mexico"); FAC: buildings, streets, airports;
# EVENT: named events ("Hurricane Harvey", "the Boston Marathon"); DATE: absolute and relative
# dates, read by the grouper for the years they name.
CONTEXT_LABELS = ("DATE", "LOC", "FAC", "EVENT")

_SPACE = re.compile(r"\s+")
_EDGE = " \t\n'\"‘’“”.,;:()[]"


def _name(span: Span) -> str:
    toks = list(span)
    while len(toks) > 1 and toks[0].lower_ in {"the", "a", "an"}:
        toks = toks[1:]
    if len(toks) > 1 and toks[-1].text in {"'s", "’s"}:
        toks = toks[:-1]
    text = span.doc[toks[0].i : toks[-1].i + 1].text
    return _SPACE.sub(" ", text).strip(_EDGE)


def extract_context_entities(doc: Doc, article_id: str, labels: tuple[str, ...] = CONTEXT_LABELS) -> list[Entity]:
    """The article's DATE / LOC / FAC / EVENT entities, one per (label, name), in order of first mention."""
    clusters: dict[tuple[str, str], list[Span]] = {}
    for ent in doc.ents:
        if ent.label_ not in labels:
            continue
        name = _name(ent)
        if len(name) < 2:
            continue
        clusters.setdefault((ent.label_, name.lower()), []).append(ent)
    out = []
    for n, ((label, _key), spans) in enumerate(clusters.items()):
        out.append(
            Entity(
                id=f"{article_id}:c{n}",
                name=_name(spans[0]),
                label=label,
                mentions=[Mention(text=s.text, spans=[(s.start_char, s.end_char)]) for s in spans],
            )
        )
    return out
