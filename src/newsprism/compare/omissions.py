"""What each article leaves out that the others in its story report.

An article omits a quote group or figure group when at least one other
article of the story has a member in it and the article itself has none.
Singleton groups count: a quote only one outlet carries is missing from all
the others.
"""

from __future__ import annotations

from newsprism.model import Figure, FigureGroup, Omission, Quote, QuoteGroup


def find_omissions(
    article_ids: list[str],
    quote_groups: list[QuoteGroup],
    figure_groups: list[FigureGroup],
    quotes: list[Quote],
    figures: list[Figure],
) -> list[Omission]:
    """One :class:`Omission` per article (in ``article_ids`` order), listing group ids.

    Quote groups come first, then figure groups, each in their given order.
    """
    owner = {q.id: q.article_id for q in quotes} | {f.id: f.article_id for f in figures}
    story = set(article_ids)
    reported: list[tuple[str, set[str]]] = []
    for qg in quote_groups:
        reported.append((qg.id, {owner[i] for i in qg.quote_ids if i in owner} & story))
    for fg in figure_groups:
        reported.append((fg.id, {owner[i] for i in fg.figure_ids if i in owner} & story))
    out = []
    for aid in article_ids:
        missing = [gid for gid, by in reported if by and aid not in by]
        out.append(Omission(article_id=aid, missing=missing))
    return out
