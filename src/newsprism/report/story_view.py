"""The view model of one story page: what report.html and the web app's story page render.

Split from ``newsprism.report.html`` (#17): per story, the columns (one per article, tagged per
outlet), the quote and figure groups ordered differences first, what is shown open and what
sits behind a count, omissions, framing, coverage and the keys the filters use.  Every item
keeps the id of the element its evidence link points at (``_Marks.first``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsprism.model import (
    Citation,
    Figure,
    FigureGroup,
    FramingSpan,
    Quote,
    QuoteGroup,
    Report,
    ReportArticle,
    Story,
)
from newsprism.report.marks import (
    Piece,
    _date_key,
    _date_span,
    _fmt_value,
    _Marks,
    _outlet_tags,
    _safe_token,
    _shorten,
    safe_href,
)

# Outlet colours cycle through this many CSS classes (o0..o7); see report.css.
N_OUTLET_COLOURS = 8

# How a quote group's versions differ, most telling first: a group whose outlets changed, cut or
# reworded the words leads the ledger (#17: differences first); identical copies come last.
_RELATION_RANK = {"altered": 0, "truncated": 1, "variant": 2, "paraphrase": 3, "identical": 4}
# Omissions shown per outlet before "N more" (the most salient: reported by the most other outlets).
OMISSIONS_SHOWN = 5
# ... then up to this many more as one-line links; past that only counts.  Every quote or figure
# group an outlet lacks is in the ledger already, and listing them all made a 40-article page
# 22 MB (52,000 items: each single-outlet quote is "left out" by every other outlet).
OMISSIONS_LISTED = 8
# Cross-outlet quote groups shown open before "N more": enough to see what changed at a glance,
# few enough that the story's first view stays within a few screens (#17 item 2).
CROSS_QUOTES_SHOWN = 4
# Figure groups 2+ outlets report shown open (conflicts first) and coverage rows shown open;
# the rest of each behind a count, so a 40-article story's first view stays a few screens.
CROSS_FIGURES_SHOWN = 5
COVERAGE_SHOWN = 8
# Word diffs shown open per quote group (distinct changed wordings); the other pairs sit behind a count.
PAIRS_SHOWN = 2
# Non-neutral attribution verbs named per framing-profile row (the rest counted, all in its title).
PROFILE_VERBS_SHOWN = 5
_FRAMING_LABEL = {
    "loaded_term": "loaded term",
    "attribution_verb": "attribution verb",
    "scare_quote": "scare quote",
}



# --------------------------------------------------------------------------- view model


@dataclass
class Col:
    """One outlet's article as a column."""

    article: ReportArticle
    tag: str
    label: str  # the outlet's name as the story head shows it ("unknown ?2" tells unknown outlets apart)
    colour: int
    href: str | None
    duplicate_of: str | None
    pieces: list[Piece] = field(default_factory=list)
    n_quotes: int = 0
    n_figures: int = 0
    n_framing: int = 0
    oi: int = 0  # the outlet's index in the story's outlet filter (one per outlet, not per article)

    @property
    def host(self) -> str:
        return urlsplit(self.href).hostname or self.href if self.href else ""


def _quote_title(q: Quote) -> str:
    bits = [f"{q.kind} quote"]
    bits.append(f"speaker: {q.speaker.name}" if q.speaker else "speaker: unknown")
    if q.speaker and q.speaker.mention and q.speaker.mention != q.speaker.name:
        bits.append(f"as “{q.speaker.mention}”")
    if q.cue:
        bits.append(f"cue: {q.cue.text}")
    if q.via:
        bits.append(f"via: {q.via.text}")
    return " · ".join(bits)


def _figure_title(f: Figure) -> str:
    value = "" if f.value is None else f" = {_fmt_value(f.value)}"
    unit = f" {f.unit}" if f.unit else ""
    return f"figure ({f.kind}){value}{unit}"


def _columns(story: Story, arts: list[ReportArticle]) -> dict[str, Col]:
    """One column per article, with a short tag per outlet (numbered per article of one outlet) and a colour."""
    cols: dict[str, Col] = {}
    outlet_tags = _outlet_tags(arts)
    seen: dict[str, int] = {}
    for k, a in enumerate(arts):
        tag, label = outlet_tags[a.outlet_group]
        seen[a.outlet_group] = seen.get(a.outlet_group, 0) + 1
        if seen[a.outlet_group] > 1:
            tag = f"{tag} {seen[a.outlet_group]}"
        dup = story.duplicates.get(a.id)
        cols[a.id] = Col(
            article=a,
            tag=tag,
            label=label,
            colour=k % N_OUTLET_COLOURS,
            href=safe_href(a.url),
            duplicate_of=cols[dup].tag if dup in cols else (dup or None),
        )

    return cols


def _mark_items(
    sid: str,
    story: Story,
    cols: dict[str, Col],
    marks: _Marks,
    quotes: dict[str, Quote],
    figures: dict[str, Figure],
    framing: dict[str, list[FramingSpan]],
) -> list[Quote]:
    """Place every quote, figure and framing span of the story's articles as marks (each quote and
    figure mark knows its ledger entry, so a click in the text goes there); count them per column.
    Returns the story's quotes.
    """
    # Quotes of this story: those in its groups, plus any other quote of its articles.
    story_quotes = [q for q in quotes.values() if q.article_id in cols]
    ledger_of: dict[str, str] = {}
    for g in story.quote_groups:
        for qid in g.quote_ids:
            ledger_of.setdefault(qid, f"{sid}-qg-{_safe_token(g.id)}")
    for q in story_quotes:
        speaker = q.speaker.name if q.speaker else None
        title = _quote_title(q)
        for span in q.spans:
            marks.add(q.article_id, span, f"q q-{q.kind}", title, speaker, ledger_of.get(q.id))
        if q.cue:
            for span in q.cue.spans:
                marks.add(q.article_id, span, "cue", "")  # the quote's title names its cue
        if q.via:
            for span in q.via.spans:
                marks.add(q.article_id, span, "via-m", f"secondhand: {q.via.text}")
        if q.speaker:
            for span in q.speaker.spans:
                marks.add(q.article_id, span, "spk", "")  # the quote's title and label name the speaker
        cols[q.article_id].n_quotes += 1

    fig_ledger: dict[str, str] = {}
    for g in story.figure_groups:
        for fid in g.figure_ids:
            fig_ledger.setdefault(fid, f"{sid}-fg-{_safe_token(g.id)}")
    for f in figures.values():
        if f.article_id in cols:
            for span in f.spans:
                marks.add(f.article_id, span, "fig", _figure_title(f), ledger=fig_ledger.get(f.id))
            cols[f.article_id].n_figures += 1

    for aid in cols:
        for fr in framing.get(aid, []):
            label = _FRAMING_LABEL.get(fr.type, fr.type)
            title = f"{label}: {fr.note}" if fr.note else label
            for span in fr.spans:
                marks.add(aid, span, f"fr fr-{fr.type}", title)
            cols[aid].n_framing += 1
    return story_quotes


def _framing_view(cols: dict[str, Col], framing: dict[str, list[FramingSpan]], marks: _Marks) -> list[dict]:
    """Per column, its flagged words grouped by type (known types first), each linking to its span."""
    framing_view = []
    for aid, col in cols.items():
        items = []
        for fr in sorted(framing.get(aid, []), key=lambda x: x.spans[0][0] if x.spans else 0):
            items.append(
                {
                    "fr": fr,
                    "label": _FRAMING_LABEL.get(fr.type, fr.type),
                    "target": marks.first(aid, fr.spans),
                }
            )
        by_type: dict[str, list[dict]] = defaultdict(list)
        for it in items:
            by_type[it["fr"].type].append(it)
        groups = [
            {"type": t, "label": _FRAMING_LABEL.get(t, t), "items": by_type[t]}
            for t in [*_FRAMING_LABEL, *sorted(set(by_type) - set(_FRAMING_LABEL))]
            if by_type.get(t)
        ]
        framing_view.append({"col": col, "groups": groups, "n": len(items)})
    return framing_view


def _coverage(cols: dict[str, Col], story_quotes: list[Quote]) -> list[dict]:
    """Coverage: who published what, when, how long, and whom each outlet leans on (earliest first)."""
    speakers_of: dict[str, Counter[str]] = defaultdict(Counter)
    for q in story_quotes:
        if q.speaker:
            speakers_of[q.article_id][q.speaker.name] += 1
    coverage = [
        {
            "col": c,
            "words": len(c.article.text.split()),
            "top_speakers": speakers_of[aid].most_common(2),
        }
        for aid, c in sorted(cols.items(), key=lambda kv: (not kv[1].article.published, _date_key(kv[1].article.published or "")))
    ]
    return coverage


def _build_story(
    si: int,
    story: Story,
    articles: dict[str, ReportArticle],
    quotes: dict[str, Quote],
    figures: dict[str, Figure],
    framing: dict[str, list[FramingSpan]],
) -> dict:
    aids = [aid for aid in dict.fromkeys(story.article_ids) if aid in articles]
    arts = [articles[aid] for aid in aids]
    marks = _Marks(si, {a.id: a.text for a in arts})
    sid = f"s{si}"

    cols = _columns(story, arts)
    story_quotes = _mark_items(sid, story, cols, marks, quotes, figures, framing)

    def cites(citations: list[Citation]) -> list[dict]:
        out = []
        for c in citations:
            if c.article_id not in cols:
                continue
            target = None
            for span in c.spans:
                t = marks.add(c.article_id, span, "cite-t", "")
                target = target or t
            col = cols[c.article_id]
            out.append({"tag": col.tag, "colour": col.colour, "outlet": col.label, "target": target})
        return out

    summary = [{"text": s.text, "cites": cites(s.citations)} for s in story.summary]
    timeline = [{"date": t.date, "text": t.text, "cites": cites(t.citations)} for t in story.timeline]

    quote_views: dict[str, dict] = {}

    def quote_view(qid: str) -> dict:
        """One quote as the page shows it; built once (omissions name a group once per outlet)."""
        if qid not in quote_views:
            quote_views[qid] = _quote_view(qid)
        return quote_views[qid]

    def _quote_view(qid: str) -> dict:
        q = quotes.get(qid)
        if q is None or q.article_id not in cols:
            return {"id": qid, "missing": True}
        col = cols[q.article_id]
        return {
            "id": qid,
            "missing": False,
            "q": q,
            "tag": col.tag,
            "colour": col.colour,
            "outlet": col.label,
            "target": marks.first(q.article_id, q.spans),
            "speaker": q.speaker.name if q.speaker else None,
            "mention": q.speaker.mention if q.speaker else "",
            "cue": q.cue.text if q.cue else "",
            "via": q.via.text if q.via else "",
        }

    qgroups = []
    qgroup_of: dict[str, QuoteGroup] = {g.id: g for g in story.quote_groups}
    for g in story.quote_groups:
        views = {qid: quote_view(qid) for qid in g.quote_ids}
        pairs = []
        for p in g.pairs:
            pairs.append(
                {
                    "p": p,
                    "a": views.get(p.a) or quote_view(p.a),
                    "b": views.get(p.b) or quote_view(p.b),
                    "diff": [{"op": op, "a": a, "b": b} for op, a, b in p.diff],
                }
            )
        kinds = Counter(v["q"].speaker.kind for v in views.values()
                        if not v["missing"] and v["q"].speaker and v["q"].speaker.name == g.speaker)
        qgroups.append(
            {
                "g": g,
                "dom": f"{sid}-qg-{_safe_token(g.id)}",
                "quotes": list(views.values()),
                "pairs": pairs,
                "outlets": len({v["outlet"] for v in views.values() if not v["missing"]}),
                # person, organisation, group or description (None in reports written before kinds)
                "skind": kinds.most_common(1)[0][0] if kinds else None,
            }
        )
    # Quotes the ledger did not compare: beliefs, plans and findings when it compared speech only
    # (pipeline.Cues); listed apart, folded, so nothing the analysis found is hidden.
    in_groups = {qid for g in story.quote_groups for qid in g.quote_ids}
    # what the ledger left out by cue class; a copy's quotes are its original's, never compared
    other_attributions = [quote_view(q.id) for q in story_quotes
                          if q.id not in in_groups and q.article_id not in story.duplicates]

    figure_views: dict[str, dict] = {}

    def figure_view(fid: str) -> dict:
        if fid not in figure_views:
            figure_views[fid] = _figure_view(fid)
        return figure_views[fid]

    def _figure_view(fid: str) -> dict:
        f = figures.get(fid)
        if f is None or f.article_id not in cols:
            return {"id": fid, "missing": True}
        return {
            "id": fid,
            "missing": False,
            "f": f,
            "target": marks.first(f.article_id, f.spans),
            "value": _fmt_value(f.value),
        }

    fgroups = []
    fgroup_of: dict[str, FigureGroup] = {g.id: g for g in story.figure_groups}
    for g in story.figure_groups:
        views = [figure_view(fid) for fid in g.figure_ids]
        per_col: dict[str, list[dict]] = defaultdict(list)
        missing = []
        for v in views:
            if v["missing"]:
                missing.append(v["id"])
            else:
                per_col[v["f"].article_id].append(v)
        context = next((v["f"].context for v in views if not v["missing"] and v["f"].context), "")
        fgroups.append(
            {
                "g": g,
                "dom": f"{sid}-fg-{_safe_token(g.id)}",
                "cells": [per_col.get(aid, []) for aid in cols],
                "wordings": _same_mentions([(c, v) for aid, c in cols.items() for v in per_col.get(aid, [])]),
                "missing": missing,
                "context": _shorten(context, 200),
                "short_context": _shorten(context, 90),
            }
        )

    framing_view = _framing_view(cols, framing, marks)
    profile_view = _profile_view(story, cols)

    omissions = _omission_views(sid, story, cols, qgroup_of, fgroup_of, quote_view, figure_view)

    # Differences first (#17): groups quoted by 2+ outlets lead, changed wording before identical
    # copies; a remark only one outlet carries is summarised per outlet and listed behind a click.
    for g in qgroups:
        ranks = [_RELATION_RANK.get(p["p"].relation, len(_RELATION_RANK)) for p in g["pairs"]]
        g["rank"] = min(ranks, default=len(_RELATION_RANK))
        g["changed"] = g["rank"] < _RELATION_RANK["identical"]
        g["pairs_shown"], g["pairs_more"] = _telling_pairs(g["pairs"])
        g["cards"] = _same_words(g["quotes"])
    _filter_keys(cols, qgroups, fgroups)
    cross_quotes = sorted((g for g in qgroups if g["outlets"] >= 2), key=lambda g: (g["rank"], -g["outlets"]))
    col_index = {c.label: k for k, c in enumerate(cols.values())}

    def first_outlet(g: dict) -> int:
        return next((col_index.get(v["outlet"], 0) for v in g["quotes"] if not v["missing"]), len(cols))

    single_quotes = sorted((g for g in qgroups if g["outlets"] < 2), key=first_outlet)
    single_by_outlet: Counter[str] = Counter()
    col_by_label = {c.label: c for c in cols.values()}
    for g in single_quotes:
        label = next((v["outlet"] for v in g["quotes"] if not v["missing"]), None)
        if label:
            single_by_outlet[label] += 1
    status_rank = {"conflict": 0, "agree": 1}
    cross_figures = sorted(
        (g for g in fgroups if g["g"].status != "single_source"), key=lambda g: status_rank.get(g["g"].status, 2)
    )
    single_figures = [g for g in fgroups if g["g"].status == "single_source"]
    for om in omissions:  # most salient first: what the most other outlets report
        om["items"].sort(key=lambda it: (-len(it["by"]), it["kind"] != "quote"))
        unlisted = Counter(it["kind"] for it in om["items"][OMISSIONS_SHOWN + OMISSIONS_LISTED :])
        om["unlisted_quotes"], om["unlisted_figures"] = unlisted["quote"], unlisted["figure"]

    coverage = _coverage(cols, story_quotes)

    # Pieces last: every mark (including citation targets) is known by now.
    for aid, col in cols.items():
        col.pieces = marks.pieces(aid)

    return {
        "dom": sid,
        "story": story,
        "cols": list(cols.values()),
        "outlets": list(dict.fromkeys(c.label for c in cols.values())),
        "outlet_chips": _outlet_chips(list(cols.values())),
        "filter_speakers": _filter_speakers(qgroups),
        "date_span": _date_span(arts),
        "summary": summary,
        "timeline": timeline,
        "qgroups": qgroups,
        "fgroups": fgroups,
        "cross_quotes": cross_quotes,
        "single_quotes": single_quotes,
        "other_attributions": [v for v in other_attributions if not v["missing"]],
        "single_quotes_by_outlet": [(col_by_label[k], n) for k, n in single_by_outlet.most_common()],
        "cross_figures": cross_figures,
        "single_figures": single_figures,
        "coverage": coverage,
        "filter_kinds": FILTER_KINDS,
        "omissions_shown": OMISSIONS_SHOWN,
        "omissions_listed": OMISSIONS_LISTED,
        "cross_quotes_shown": CROSS_QUOTES_SHOWN,
        "cross_figures_shown": CROSS_FIGURES_SHOWN,
        "coverage_shown": COVERAGE_SHOWN,
        "framing": framing_view,
        "framing_profile": profile_view,
        "omissions": omissions,
        "n_missing_articles": len(set(story.article_ids) - set(aids)),
    }


# Quote kinds and "figure": the kinds the story page filters by.
FILTER_KINDS = ("direct", "partial", "indirect", "mixed", "figure")
# Speakers suggested in the speaker filter (most quoted first); the filter matches any name typed.
FILTER_SPEAKERS = 40


def _filter_keys(cols: dict[str, Col], qgroups: list[dict], fgroups: list[dict]) -> None:
    """Give every column, quote group and figure group the keys report.js filters on (#17 item 1).

    ``f_o``: the story's indices of the outlets carrying the item (the filter lists each outlet
    once, however many reports it has); the script reads kinds and speakers from the item itself.
    Indices, not names, so a name with spaces or quotes never has to be parsed by the script.
    """
    index: dict[str, int] = {}
    for c in cols.values():
        c.oi = index.setdefault(c.label, len(index))
    for g in qgroups:
        vs = [v for v in g["quotes"] if not v["missing"]]
        g["f_o"] = " ".join(str(i) for i in sorted({index[v["outlet"]] for v in vs}))
    for g in fgroups:
        outlets = {index[w["col"].label] for w in g["wordings"]}
        outlets.update(index[r["col"].label] for w in g["wordings"] for r in w["others"])
        g["f_o"] = " ".join(str(i) for i in sorted(outlets))


def _filter_speakers(qgroups: list[dict]) -> list[str]:
    """The speakers the speaker filter suggests: those with the most quote groups first."""
    n: Counter[str] = Counter(g["g"].speaker for g in qgroups if g["g"].speaker)
    return [name for name, _ in n.most_common(FILTER_SPEAKERS)]


def _outlet_chips(cols: list[Col]) -> list[tuple[Col, int]]:
    """One chip per outlet with its number of reports, most reports first.

    Why: a 40-article story listed one chip per article ("CNN" eight times), three lines of
    repeats at the top of the page.
    """
    first: dict[str, Col] = {}
    n: Counter[str] = Counter()
    for c in cols:
        first.setdefault(c.label, c)
        n[c.label] += 1
    return [(first[label], k) for label, k in n.most_common()]


def _omission_views(
    sid: str,
    story: Story,
    cols: dict[str, Col],
    qgroup_of: dict[str, QuoteGroup],
    fgroup_of: dict[str, FigureGroup],
    quote_view: Callable[[str], dict],
    figure_view: Callable[[str], dict],
) -> list[dict]:
    """Per outlet, the groups it leaves out, each as one line (label, excerpt, who reports it).

    An item depends on the group only, not on the outlet leaving it out, so each is built once:
    in a 40-article story one group is "left out" by up to 39 outlets, and building it anew each
    time was a third of the page's rendering time.
    """
    cache: dict[str, dict] = {}

    def item(gid: str) -> dict:
        if gid in cache:
            return cache[gid]
        if gid in qgroup_of:
            g = qgroup_of[gid]
            vs = [v for v in (quote_view(qid) for qid in g.quote_ids) if not v["missing"]]
            sample = min((v["q"].text for v in vs), key=len, default="")
            out = {"kind": "quote", "dom": f"{sid}-qg-{_safe_token(gid)}", "label": g.speaker or "unattributed",
                   "text": _shorten(sample, 110), "by": vs}
        elif gid in fgroup_of:
            fg = fgroup_of[gid]
            fs = [v for v in (figure_view(fid) for fid in fg.figure_ids) if not v["missing"]]
            by = []
            for v in fs:
                c = cols[v["f"].article_id]
                by.append({**v, "tag": c.tag, "colour": c.colour, "outlet": c.label})
            out = {"kind": "figure", "dom": f"{sid}-fg-{_safe_token(gid)}",
                   "label": ", ".join(dict.fromkeys(v["f"].text for v in fs)) or gid,
                   "text": _shorten(next((v["f"].context for v in fs if v["f"].context), ""), 110), "by": by}
        else:
            out = {"kind": "unknown", "dom": None, "label": gid, "text": "", "by": []}
        cache[gid] = out
        return out

    omissions = []
    for om in story.omissions:
        if om.article_id in cols:
            omissions.append({"col": cols[om.article_id], "items": [item(gid) for gid in om.missing]})
    return omissions


_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def _same_words(versions: list[dict]) -> list[dict]:
    """A group's versions with word-for-word repeats folded into the first one's card.

    Five outlets printing one sentence identically need one card and four outlet tags (each
    still linking to its own sentence), not five copies of the sentence.  Quote marks, edge
    punctuation, case and spacing do not make a version different.
    """
    cards: dict[str, dict] = {}
    out: list[dict] = []
    for v in versions:
        if v["missing"]:
            out.append({**v, "same": []})
            continue
        key = _EDGE.sub("", " ".join(v["q"].text.split()).casefold())
        if key in cards:
            cards[key]["same"].append(v)
        else:
            cards[key] = {**v, "same": []}
            out.append(cards[key])
    return out


def _telling_pairs(pairs: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split a group's pairs into the few that show what changed and the rest (behind a count).

    Seven outlets carrying one remark make 21 pairs, most of them the same two wordings again:
    shown first are changed-wording pairs, one per distinct pair of wordings, at most
    ``PAIRS_SHOWN``, so a group stays a screen-fraction tall; every pair is still listed.
    """
    shown: list[dict] = []
    seen: set[frozenset[str]] = set()
    for p in sorted(pairs, key=lambda p: _RELATION_RANK.get(p["p"].relation, len(_RELATION_RANK))):
        if len(shown) >= PAIRS_SHOWN or p["p"].relation == "identical" or p["a"]["missing"] or p["b"]["missing"]:
            continue
        key = frozenset((" ".join(p["a"]["q"].text.split()), " ".join(p["b"]["q"].text.split())))
        if key not in seen:
            seen.add(key)
            shown.append(p)
    ids = {id(p) for p in shown}
    return shown, [p for p in pairs if id(p) not in ids]


def _same_mentions(mentions: list[tuple[Col, dict]]) -> list[dict]:
    """A figure group's mentions, one entry per wording and value, with every outlet that used it.

    Ten outlets writing "10" twenty times is one line ("10 = 10 count" and twenty outlet tags,
    each linking to its own sentence), so a figure the outlets agree on stays a line or two tall.
    """
    out: dict[tuple[str, str, str], dict] = {}
    for col, v in mentions:
        key = (" ".join(v["f"].text.split()).casefold(), v["value"], v["f"].unit or "")
        entry = out.setdefault(key, {**v, "col": col, "others": []})
        if entry["id"] != v["id"]:
            entry["others"].append({**v, "col": col})
    return list(out.values())


def _profile_view(story: Story, cols: dict[str, Col]) -> list[dict]:
    """One row per outlet of the story's framing profile, with the outlet's tag and colour."""
    col_of = {c.article.outlet: c for c in cols.values()}  # reports from before profiles listed ids
    rows = []
    for p in story.framing_profile:
        # by the outlet's first article: two "unknown" outlets share a name, never an article
        col = next((cols[a] for a in p.article_ids if a in cols), None) or col_of.get(p.outlet)
        named = [f"{v} ×{n}" if n > 1 else v for v, n in p.non_neutral_verbs.items()]
        # the most used first few in the row (a long list made each row three lines); all in its title
        verbs = ", ".join(named[:PROFILE_VERBS_SHOWN]) + (f" +{len(named) - PROFILE_VERBS_SHOWN}" if len(named) > PROFILE_VERBS_SHOWN else "")
        rows.append(
            {
                "p": p,
                "tag": col.tag if col else p.outlet,
                "colour": col.colour if col else 0,
                "verbs": verbs,
                "all_verbs": ", ".join(named),
            }
        )
    return rows



def story_views(report: Report) -> list[dict]:
    """The view model of every story in ``report``, as ``_story.html.j2`` renders it.

    Public so the web app's story page renders the very same partial as
    report.html instead of a second copy of it.
    """
    return list(_iter_story_views(report))


def _iter_story_views(report: Report, only: int | None = None) -> Iterator[dict]:
    """Each story's view, built from that story's own quotes, figures and framing.

    Why indexed by article first: scanning every quote of the report once per story made a
    2,000-article batch (320 stories, 43,000 quotes) quadratic.  ``only``: that story alone.
    """
    articles = {a.id: a for a in report.articles}
    quotes: dict[str, dict[str, Quote]] = defaultdict(dict)
    for q in report.quotes:
        quotes[q.article_id][q.id] = q
    figures: dict[str, dict[str, Figure]] = defaultdict(dict)
    for f in report.figures:
        figures[f.article_id][f.id] = f
    framing: dict[str, list[FramingSpan]] = defaultdict(list)
    for fr in report.framing:
        framing[fr.article_id].append(fr)
    for si, story in enumerate(report.stories):
        if only is not None and si != only:
            continue
        aids = [aid for aid in dict.fromkeys(story.article_ids) if aid in articles]
        story_quotes = {qid: q for aid in aids for qid, q in quotes.get(aid, {}).items()}
        story_figures = {fid: f for aid in aids for fid, f in figures.get(aid, {}).items()}
        yield _build_story(si, story, articles, story_quotes, story_figures, framing)


