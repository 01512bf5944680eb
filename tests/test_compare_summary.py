"""Extractive story summary: shared sentences first, debris and quote fragments out, citations per outlet."""

from __future__ import annotations

from newsprism.compare.summary import split_sentences, summarize
from newsprism.model import Article, Quote

A = (
    "Oops! Something went wrong. Please try again later.\n"
    "Chinese President Xi Jinping arrived in Moscow on Monday for talks with Russian President Vladimir Putin. "
    "The two leaders discussed China's peace plan for Ukraine and trade between their countries. "
    '"We have many common goals and interests, and we will keep working together on them."\n'
    "Local weather was mild and sunny across the capital in the afternoon."
)
B = (
    "Xi Jinping arrived in Moscow on Monday for a state visit and talks with Vladimir Putin. "
    "Putin and Xi discussed the Chinese peace plan for Ukraine and bilateral trade. "
    "Western leaders expressed skepticism about the role of China as a peacemaker."
)


def _articles():
    return [Article(id="a", outlet="Outlet A", text=A), Article(id="b", outlet="Outlet B", text=B)]


def _quote():
    content = "We have many common goals and interests, and we will keep working together on them."
    s = A.index(content)
    return Quote(id="a:q1", article_id="a", spans=[(s, s + len(content))], text=content, kind="direct")


def test_summary_picks_shared_sentences_and_cites_both_outlets():
    summary = summarize(_articles(), [_quote()], [], [], max_sentences=2)
    assert len(summary) == 2
    texts = " ".join(s.text for s in summary)
    assert "arrived in Moscow" in texts and "peace plan" in texts
    for sent in summary:
        cited = {c.article_id for c in sent.citations}
        assert cited == {"a", "b"}
        first = sent.citations[0]
        (s, e), = first.spans
        text = A if first.article_id == "a" else B
        assert " ".join(text[s:e].split()) == sent.text


def test_summary_skips_debris_and_quote_fragments():
    summary = summarize(_articles(), [_quote()], [], [], max_sentences=10)
    texts = [s.text for s in summary]
    assert not any("Oops" in t or "went wrong" in t or "try again" in t for t in texts)
    assert not any(t.startswith('"We have many') for t in texts)
    assert len(texts) == len(set(texts))


def test_summary_uses_given_sentence_spans():
    spans = {"a": [(A.index("Local"), len(A))], "b": [(0, B.index("Putin and") - 1)]}
    summary = summarize(_articles(), [], [], [], max_sentences=5, sentences=spans)
    assert {s.text for s in summary} == {A[A.index("Local"):], B[: B.index("Putin and") - 1]}


def test_split_sentences_respects_line_breaks_and_punctuation():
    text = 'Headline without stop\nFirst sentence here. "Second one," he said. Third!'
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Headline without stop", "First sentence here.", '"Second one," he said.', "Third!",
    ]


_SEED_SCRIPT = """
from newsprism.compare.summary import summarize
from newsprism.model import Article
names = ["Alvarez", "Brennan", "Castillo", "Dawson", "Eriksen", "Fontaine", "Gallagher", "Hadley", "Ibarra",
         "Jensen", "Kowalski", "Lindqvist"]
texts = []
for k in range(2):
    sents = [f"Officials said {n} and {names[(i + k) % len(names)]} met the council on Tuesday." for i, n in enumerate(names)]
    texts.append(" ".join(sents))
arts = [Article(id=str(k), outlet=f"Outlet {k}", text=t) for k, t in enumerate(texts)]
print([s.text for s in summarize(arts, [], [], [], max_sentences=3)])
"""


def test_summary_is_the_same_whatever_the_hash_seed():
    """Names tied in frequency are ranked in a fixed order, not in a set's per-process order."""
    import os
    import subprocess
    import sys

    outs = {
        subprocess.run([sys.executable, "-c", _SEED_SCRIPT], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
        for seed in range(6)
    }
    assert len(outs) == 1, outs
