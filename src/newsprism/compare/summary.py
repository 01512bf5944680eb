"""An extractive summary of a story: the sentences the outlets have in common.

Each candidate sentence is scored by

* centrality: how well the other outlets' best-matching sentences match it
  (weighted Jaccard of content stems) - what several outlets say;
* shared vocabulary: the share of its content words that other outlets use;
* lead position: news puts the core facts first;
* main entities: names that recur across the outlets;
* a small bonus for carrying a figure or a quote several outlets report.

Skipped: page debris ("Something went wrong", "Subscribe", lines without
sentence punctuation such as headlines and menu items), sentences over half
quotation (a quote fragment is the ledger's business, not a summary's), and
sentences too close to one already chosen (those are cited instead).
Each chosen sentence cites itself and the best-matching sentence of every
other outlet that says much the same.  Output is in story order (relative
position in the article), not score order, so it reads as a text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsprism.compare._text import content_stems, idf_weights, postings, weighted_jaccard, words
from newsprism.model import Article, Citation, Figure, Quote, QuoteGroup, Span, SummarySentence

_DEBRIS_RE = re.compile(
    r"oops|something went wrong|try again|subscribe|sign up|sign in|log in|newsletter|advertisement|"
    r"cookies?\b|click here|read more|all rights reserved|©|share this|follow us|javascript|"
    r"download the app|related articles?|terms of (use|service)|privacy policy",
    re.IGNORECASE,
)
_SENT_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
_SPLIT_RE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
MATCH_CITE = 0.2  # another outlet's sentence this similar is cited as saying the same
REDUNDANT = 0.35
MIN_WORDS, MAX_WORDS = 6, 80


@dataclass
class _Sent:
    article: int
    pos: int
    span: Span
    text: str
    stems: set[str]
    score: float = 0.0


def split_sentences(text: str) -> list[Span]:
    """Sentence spans by punctuation and line breaks (used when no Doc spans are given)."""
    spans: list[Span] = []
    start = 0
    for m in _SPLIT_RE.finditer(text):
        end = m.start() + len(m.group(0).rstrip()) if not m.group(0).startswith("\n") else m.start()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _quoted_share(text: str, s: int, e: int, quote_spans: list[Span]) -> float:
    covered = 0
    for a, b in quote_spans:
        covered += max(0, min(e, b) - max(s, a))
    sent = text[s:e]
    # Quotation marks count too: the quote extractor may have missed one.
    for m in re.finditer(r"[\"“][^\"”]*[\"”]", sent):
        covered = max(covered, m.end() - m.start())
    return min(1.0, covered / max(1, e - s))


def _is_debris(text: str) -> bool:
    n = len(words(text))
    return n < MIN_WORDS or n > MAX_WORDS or bool(_DEBRIS_RE.search(text)) or not _SENT_END_RE.search(text)


def _best_matches(
    per_article: list[list[_Sent]], all_sents: list[_Sent], idf: dict[str, float]
) -> dict[tuple[int, int], dict[int, tuple[float, _Sent]]]:
    """For every sentence, its most similar sentence (weighted Jaccard) in each other article.

    The same values as comparing every cross-article pair with ``weighted_jaccard``, from an
    inverted index: only sentences that share a stem are visited, and the shared weight is summed
    once per shared stem.  Why: all pairs of a 12-article story (1,700 sentences) took 1.4 s of a
    story page's first request.  Ties go to the earlier sentence, as ``max`` over the article's
    sentences did; an article sharing nothing gives its first sentence with 0.0.
    """
    weight = [sum(idf.get(t, 1.0) for t in s.stems) for s in all_sents]
    index = postings(s.stems for s in all_sents)
    best: dict[tuple[int, int], dict[int, tuple[float, _Sent]]] = {}
    for gi, s in enumerate(all_sents):
        shared: dict[int, float] = {}
        for t in s.stems:
            w = idf.get(t, 1.0)
            for gj in index[t]:
                if all_sents[gj].article != s.article:
                    shared[gj] = shared.get(gj, 0.0) + w
        top: dict[int, tuple[float, int]] = {}  # article -> (similarity, global index)
        for gj in sorted(shared):
            union = weight[gi] + weight[gj] - shared[gj]
            sim = shared[gj] / union if union else 0.0
            o = all_sents[gj]
            if o.article not in top or sim > top[o.article][0]:
                top[o.article] = (sim, gj)
        matches: dict[int, tuple[float, _Sent]] = {}
        for bi, other in enumerate(per_article):
            if bi == s.article or not other:
                continue
            sim, gj = top.get(bi, (0.0, -1))
            matches[bi] = (sim, all_sents[gj]) if sim > 0 else (0.0, other[0])
        best[(s.article, s.pos)] = matches
    return best


def summarize(
    articles: list[Article],
    quotes: list[Quote],
    figures: list[Figure],
    quote_groups: list[QuoteGroup],
    max_sentences: int = 5,
    *,
    sentences: dict[str, list[Span]] | None = None,
) -> list[SummarySentence]:
    """Pick up to ``max_sentences`` sentences that best cover the story, each with citations.

    ``sentences`` (article id -> sentence spans, e.g. ArticleAnalysis.sentences)
    is used when given; otherwise sentences are split by punctuation.
    """
    if not articles:
        return []
    quote_spans: dict[str, list[Span]] = {}
    for q in quotes:
        # Only direct quotes: a mixed quote's content is mostly the outlet's own
        # reporting sentence (its quoted words are counted by quotation marks).
        if q.kind == "direct":
            quote_spans.setdefault(q.article_id, []).extend(q.spans)
    quote_article = {q.id: q.article_id for q in quotes}
    multi_quotes: dict[str, list[Span]] = {}
    for g in quote_groups:
        if len({quote_article.get(i) for i in g.quote_ids}) > 1:
            for q in quotes:
                if q.id in g.quote_ids:
                    multi_quotes.setdefault(q.article_id, []).extend(q.spans)
    value_articles: dict[tuple, set[str]] = {}
    for f in figures:
        value_articles.setdefault((f.kind, f.unit, f.value), set()).add(f.article_id)
    shared_figures: dict[str, list[Span]] = {}
    for f in figures:
        if len(value_articles[(f.kind, f.unit, f.value)]) > 1:
            shared_figures.setdefault(f.article_id, []).extend(f.spans)

    per_article: list[list[_Sent]] = []
    for ai, art in enumerate(articles):
        spans = (sentences or {}).get(art.id) or split_sentences(art.text)
        sents = []
        for s, e in spans:
            text = " ".join(art.text[s:e].split())
            if _is_debris(text) or _quoted_share(art.text, s, e, quote_spans.get(art.id, [])) > 0.5:
                continue
            sents.append(_Sent(ai, len(sents), (s, e), text, content_stems(text)))
        per_article.append(sents)
    all_sents = [s for sents in per_article for s in sents]
    if not all_sents:
        return []
    idf = idf_weights(s.stems for s in all_sents)
    art_df: Counter[str] = Counter()
    for ai, art in enumerate(articles):
        art_df.update({t for s in per_article[ai] for t in s.stems} or content_stems(art.text))
    names: Counter[str] = Counter()
    for art in articles:
        # sorted: most_common keeps first-seen order among ties, and a set's order follows the
        # per-process hash seed (two runs of one input summarised differently)
        names.update(sorted({w for w in re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", art.text)}))
    main = {w.lower() for w, c in names.most_common(8) if c > 1}
    n_art = len(articles)

    best = _best_matches(per_article, all_sents, idf)
    for s in all_sents:
        matches = best[(s.article, s.pos)]
        centrality = sum(m[0] for m in matches.values()) / max(1, n_art - 1)
        shared = (
            sum(1 for t in s.stems if art_df[t] > 1) / len(s.stems) if s.stems and n_art > 1 else 0.0
        )
        lead = 1.0 / (1 + s.pos)
        ent = len({w.lower() for w in words(s.text)} & main) / max(1, len(main))
        bonus = 0.0
        a_id = articles[s.article].id
        if any(s.span[0] <= a < s.span[1] for a, _b in shared_figures.get(a_id, [])):
            bonus += 0.05
        if any(s.span[0] <= a < s.span[1] for a, _b in multi_quotes.get(a_id, [])):
            bonus += 0.05
        s.score = 0.4 * centrality + 0.25 * shared + 0.2 * lead + 0.15 * ent + bonus

    chosen: list[_Sent] = []
    for s in sorted(all_sents, key=lambda x: (-x.score, x.article, x.pos)):
        if len(chosen) >= max_sentences:
            break
        if any(weighted_jaccard(s.stems, c.stems, idf) >= REDUNDANT for c in chosen):
            continue
        chosen.append(s)
    chosen.sort(key=lambda s: (s.pos / max(1, len(per_article[s.article])), s.article))
    out = []
    for s in chosen:
        cites = [Citation(article_id=articles[s.article].id, spans=[s.span])]
        for bi, (sim, o) in sorted(best[(s.article, s.pos)].items()):
            if sim >= MATCH_CITE:
                cites.append(Citation(article_id=articles[bi].id, spans=[o.span]))
        out.append(SummarySentence(text=s.text, citations=cites))
    return out
