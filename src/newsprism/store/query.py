"""A reader's search query, parsed into a safe SQLite FTS5 expression.

Why our own parser: FTS5's query language treats ``"``, ``(``, ``*``, ``:``, ``^`` and the words
``NEAR``/``AND``/``OR``/``NOT`` as syntax, so raw user text either errors ("fts5: syntax error near
...") or means something the reader did not ask for.  We accept what search boxes usually take:

* words (all must occur: implicit AND), ``"exact phrases"``, ``word*`` for a prefix;
* ``AND``, ``OR``, ``NOT`` in capitals, ``-word`` for NOT, parentheses;

and write every term back as a double-quoted FTS5 string made only of letters and digits, so no
user character ever reaches FTS5 as syntax.  A term is split into words exactly as the index's
``unicode61`` tokenizer splits text (at anything not a letter or digit), so "Kim Jong-un" and
"Kim Jong Un", or "Fact-Checking" and "fact checking", are the same phrase.  Anything malformed (a
stray quote, an unclosed parenthesis, ``NEAR(``) is read in the most literal sense rather than
refused; only a query with nothing to look for (no word, or only exclusions) is an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["QueryError", "Term", "ParsedQuery", "parse_query", "match_spans", "words"]

MAX_TERMS = 32  # a query of more terms is cut (FTS5 cost grows with terms; nobody types more)

_WORD = re.compile(r"[^\W_]+")
_JOIN = re.compile(r"[ \t\u00a0-]{1,2}")  # matched words this close read as one highlighted run
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


class QueryError(ValueError):
    """The query has nothing to look for (``str(exc)`` says why, in one line for the reader)."""


def fold(word: str) -> str:
    """Lower-cased, accents removed: the form the index's tokenizer (remove_diacritics 2) compares."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The words of ``text`` as the index sees them (letters and digits; every other character splits)."""
    return [fold(m.group()) for m in _WORD.finditer(text)]


@dataclass(frozen=True)
class Term:
    """One phrase of one or more words; ``prefix``: its last word may continue (``tariff*``)."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")


@dataclass
class _And:
    pos: list[_Node] = field(default_factory=list)
    neg: list[_Node] = field(default_factory=list)


@dataclass
class _Or:
    alts: list[_Node] = field(default_factory=list)


_Node = Term | _And | _Or


@dataclass(frozen=True)
class ParsedQuery:
    """``fts``: the FTS5 MATCH expression; ``terms``: the phrases to light up in a hit."""

    fts: str
    terms: tuple[Term, ...]


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.toks = tokens
        self.i = 0
        self.terms = 0

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse_or(self) -> _Node | None:
        alts = [a for a in [self.parse_and()] if a is not None]
        while self.peek() == "OR":
            self.i += 1
            node = self.parse_and()
            if node is not None:
                alts.append(node)
        if not alts:
            return None
        return alts[0] if len(alts) == 1 else _Or(alts)

    def parse_and(self) -> _Node | None:
        node = _And()
        while (tok := self.peek()) is not None and tok not in ("OR", ")"):
            if tok == "AND":
                self.i += 1
                continue
            negated = False
            while self.peek() == "NOT" or (self.peek() or "").startswith("-") and len(self.peek() or "") > 1:
                if self.peek() == "NOT":
                    self.i += 1
                    negated = not negated
                else:  # "-word": strip the dash, read the word next
                    self.toks[self.i] = self.toks[self.i][1:]
                    negated = not negated
            unit = self.parse_unit()
            if unit is not None:
                (node.neg if negated else node.pos).append(unit)
        if not node.pos and not node.neg:
            return None
        if not node.pos:
            raise QueryError("a query needs a word to look for, not only words to exclude (write: a NOT b)")
        return node.pos[0] if len(node.pos) == 1 and not node.neg else node

    def parse_unit(self) -> _Node | None:
        tok = self.peek()
        if tok is None:
            return None
        self.i += 1
        if tok == "(":
            inner = self.parse_or()
            if self.peek() == ")":
                self.i += 1
            return inner
        if tok == ")":  # a stray closing parenthesis: nothing
            return None
        prefix = False
        if tok.startswith('"'):
            body = tok[1:-1] if len(tok) > 1 and tok.endswith('"') else tok[1:]
        else:
            prefix = tok.endswith("*")
            body = tok
        ws = tuple(words(body))
        if not ws or self.terms >= MAX_TERMS:
            return None
        self.terms += 1
        return Term(ws, prefix=prefix)


def _render(node: _Node) -> str:
    if isinstance(node, Term):
        return node.fts()
    if isinstance(node, _Or):
        return "(" + " OR ".join(_render(a) for a in node.alts) + ")"
    pos = " AND ".join(_render(p) for p in node.pos)
    if len(node.pos) > 1:
        pos = f"({pos})"
    if not node.neg:
        return pos
    neg = " OR ".join(_render(n) for n in node.neg)
    return f"({pos} NOT ({neg}))"


def _positive_terms(node: _Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, _Or):
        return [t for a in node.alts for t in _positive_terms(a)]
    return [t for p in node.pos for t in _positive_terms(p)]


def parse_query(text: str) -> ParsedQuery:
    """The reader's query as an FTS5 expression; :class:`QueryError` when it looks for nothing."""
    tokens = _TOKEN.findall(text)
    parser = _Parser(tokens)
    node = None
    while parser.peek() is not None:  # a stray ")" or "OR" at the top level ends nothing
        part = parser.parse_or()
        if part is not None:
            node = part if node is None else _And(pos=[node, part])
        if parser.peek() in (")", "OR"):
            parser.i += 1
    if node is None:
        raise QueryError("nothing to search for: type a word or a \"phrase\"")
    return ParsedQuery(_render(node), tuple(dict.fromkeys(_positive_terms(node))))


def match_spans(text: str, terms: tuple[Term, ...], limit: int = 20) -> list[tuple[int, int]]:
    """``[start, end)`` offsets in ``text`` of every occurrence of a query phrase, in text order.

    The text is split into words as the index splits it, so a span runs from the first matched
    word's first character to the last one's last character ("Jong-un" for ``"jong un"``).
    """
    toks = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
    out: list[tuple[int, int]] = []
    for i in range(len(toks)):
        for t in terms:
            n = len(t.words)
            if i + n > len(toks):
                continue
            ok = all(toks[i + k][2] == t.words[k] for k in range(n - 1))
            last = toks[i + n - 1][2]
            ok = ok and (last.startswith(t.words[-1]) if t.prefix else last == t.words[-1])
            if ok:
                span = (toks[i][0], toks[i + n - 1][1])
                if out and _JOIN.fullmatch(text[out[-1][1] : span[0]]):  # "peace plan": one highlight
                    out[-1] = (out[-1][0], span[1])
                else:
                    out.append(span)
                break
        if len(out) >= limit:
            break
    return out
