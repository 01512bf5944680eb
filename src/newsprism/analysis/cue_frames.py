"""Reading an attribution cue off the dependency parse: its frame, subject, source and content.

Split out of :mod:`newsprism.analysis.quotes` (steps 2 and 3 of its
pipeline): given one cue token, these functions say which syntactic frame it
has, whose words they are (the subject and the source phrase) and how far the
content runs (the learned boundary model).  They look at one cue at a time;
the document-level passes (quotations, layout, secondhand attribution) stay in
``quotes``, which re-exports the public names.  bench/train_cues.py uses the
same functions, so the learned tables and the extractor agree.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Token

from newsprism.analysis.cues import CueClass, boundary_model, cue_class, cue_precision
from newsprism.analysis.furniture import is_caption_subject, source_token
from newsprism.analysis.quote_marks import _n_words, _para_bounds

DOBJ_EXTEND = ("prep", "oprd", "xcomp", "ccomp", "npadvmod", "advmod", "dative", "dobj", "attr", "acomp", "agent")

_PREP_CUES = frozenset({"about", "of", "to", "for", "on", "against", "that"})
_NOUN_PREP_CUES = frozenset({"about", "of", "to", "for", "on", "against", "over", "towards", "toward"})
_SUBJ = ("nsubj", "nsubjpass", "csubj")


def _prep_object(tok: Token, preps: Container[str]) -> Token | None:
    """The object of the first of ``tok``'s prepositions in ``preps`` ("criticism [of] the deal")."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return obj
    return None


def cue_frame(tok: Token) -> tuple[str, Token | None]:
    """The syntactic frame of a cue candidate and the root of its content.

    Frames: ``ccomp`` (said [that] ...), ``xcomp`` (plans [to ...]), ``that``
    (a noun with a that-clause: "the claim that ..."), ``forto`` (called for
    [X to do Y]), ``nacl`` (a noun with an
    infinitive: "his decision [to run]"), ``nprep`` (a noun with a
    prepositional object: "his criticism of [the deal]"), ``dobj`` (called [him a
    liar]), ``prep`` (talked [about ...]), ``pass`` ([X] was endorsed by Y),
    ``inv`` ([The test was its biggest], he said), ``none``.  Shared with
    bench/train_cues.py so the learned table and the extractor agree.
    """
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ in ("acl", "ccomp", "relcl") and any(
                    g.lower_ == "that" and g.dep_ == "mark" for g in c.children):
                return "that", c
        if tok.pos_ == "PROPN":
            return "none", None
        # "efforts to dispel mistrust", "his decision to run": an infinitival clause
        for c in tok.children:
            if c.dep_ == "acl" and c.pos_ in ("VERB", "AUX") and any(
                    g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
                return "nacl", c
        # "his criticism of the deal", "calls for a ban", "warnings about ...": the
        # prepositional object.  The learned model decides which nouns are cues.
        obj = _prep_object(tok, _NOUN_PREP_CUES)
        return ("nprep", obj) if obj is not None else ("none", None)
    by_dep: dict[str, Token] = {}
    for c in tok.children:
        by_dep.setdefault(c.dep_, c)
    raised = _raised_complement(tok, by_dep)
    if raised is not None:
        return "raise", raised
    for dep in ("ccomp", "xcomp"):
        if dep in by_dep:
            return dep, by_dep[dep]
    if "dobj" in by_dep:
        return "dobj", by_dep["dobj"]
    # "46 percent said yes", "half said so": the answer word is the content
    for c in tok.rights:
        if (c.dep_ == "intj" and c.lower_ in ("yes", "no")) or (c.dep_ == "advmod" and c.lower_ == "so" and c.i == tok.i + 1):
            return "dobj", c
    # "called for the minimum wage to be raised": the parser makes "for" the
    # mark of an adverbial clause; its subject and infinitive are the content.
    for c in tok.children:
        if c.dep_ == "advcl" and c.i > tok.i and any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children):
            return "forto", c
    obj = _prep_object(tok, _PREP_CUES)
    if obj is not None:
        return "prep", obj
    # "has been endorsed by dozens of newspapers": the passive subject is the content
    if "nsubjpass" in by_dep and "agent" in by_dep:
        return "pass", by_dep["nsubjpass"]
    # "The test was its biggest yet, he said": the parser makes the reported
    # clause the head and the reporting verb its dependent.
    if tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.pos_ in ("VERB", "AUX") \
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return "inv", tok.head
    return "none", None


# Raising verbs: their subject is part of what is reported, not its source
# ("Trump seems [to enjoy it]": PolNeAR's content is "Trump ... to enjoy it",
# with no source).  A closed class, hence a hand list.
RAISING_VERBS = frozenset({"seem", "appear", "look"})


def _raised_complement(tok: Token, by_dep: dict[str, Token]) -> Token | None:
    """The complement of a raising frame: "X seems/appears [to ...]", "X looks [like ...]",
    or a passive with an infinitive and no agent ("X is expected [to attend]")."""
    if "nsubjpass" in by_dep and "xcomp" in by_dep and "agent" not in by_dep:
        return by_dep["xcomp"]
    if tok.lemma_.lower() not in RAISING_VERBS or "nsubj" not in by_dep:
        return None
    for dep in ("xcomp", "acomp", "attr", "oprd", "ccomp"):
        if dep in by_dep and by_dep[dep].i > tok.i:
            return by_dep[dep]
    return next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("like", "as")), None)


def _ent_kind(tok: Token | None) -> str:
    if tok is None:
        return "none"
    if tok.ent_type_:
        return tok.ent_type_
    if tok.pos_ == "PRON":
        return "PRON_" + tok.lower_
    return tok.pos_


def cue_features(tok: Token, frame: str, root: Token | None, subj: Token | None) -> list[str]:
    """Features of a cue candidate for the learned cue model (bench/train_cues.py).

    Lemma and frame carry most of the signal; the subject's kind (a person or
    organisation vs. a thing), negation, modality and the complement's shape
    separate "Trump released a statement" from "Trump said ...".
    """
    lemma = tok.lemma_.lower()
    sk = _ent_kind(subj)
    f = [f"l={lemma}", f"lf={lemma}|{frame}", f"f={frame}", f"dep={tok.dep_}", f"tag={tok.tag_}",
         f"s={sk}", f"fs={frame}|{sk}", f"ls={lemma}|{sk}"]
    if subj is not None and subj.pos_ == "NOUN":
        f.append(f"sl={subj.lemma_.lower()}")
    for c in tok.children:
        if c.dep_ == "neg":
            f.append("neg")
        elif c.dep_ == "aux" and c.lemma_ not in ("be", "have", "do"):
            f.append(f"aux={c.lemma_.lower()}")
        elif c.dep_ == "prep" and c.lower_ != "according":
            # ("according to" is handled as its own cue / as ``via``, not as a verb feature)
            f.append(f"lp={lemma}|{c.lower_}")
        elif c.dep_ == "mark":
            f.append(f"mark={c.lower_}")
    if tok.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acl", "relcl"):
        f.append(f"hl={tok.head.lemma_.lower()}|{tok.dep_}")
    # Nested attributions ("said he would consider ..."): annotators mark the outer
    # one far more often, so the model learns how a governing cue changes the odds.
    child = tok
    for anc in tok.ancestors:
        if child.dep_ in ("ccomp", "xcomp") and anc.pos_ in ("VERB", "AUX") and anc.i < tok.i:
            # (an ancestor after the cue is the inverted frame, "X said Y, CNN reported")
            alemma = anc.lemma_.lower()
            f += [f"anc={alemma}|{child.dep_}", f"ancc={cue_class(alemma)}|{child.dep_}"]
            break
        child = anc
    if root is not None:
        n = root.right_edge.i - root.left_edge.i + 1
        f.append(f"clen={min(n, 12) // 3}")
        f.append(f"cpos={root.pos_}")
        f.append(f"lcpos={lemma}|{root.pos_}")
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in root.children):
            f.append("that")
        if root.i < tok.i:
            f.append("cbefore")
        first = root.left_edge
        if first.i > tok.i:
            # how the content opens: "that", "to", "if", "whether", a pronoun ...
            f.append(f"cw={first.lower_ if first.pos_ in ('SCONJ', 'PART', 'ADP', 'PRON', 'DET') else first.pos_}")
        if frame in ("dobj", "prep", "nprep", "pass"):
            # the object's word: "made the case", "drew criticism", "cast a vote"
            rl = root.lemma_.lower() if root.pos_ in ("NOUN", "VERB") else root.pos_
            f += [f"r={rl}", f"lr={lemma}|{rl}"]
    return f


def is_candidate(tok: Token) -> bool:
    """Words that may introduce an attribution: verbs, nouns ("the claim that"),
    predicative adjectives ("confident that", "concerned about") and a root copula."""
    return tok.pos_ in ("VERB", "NOUN") or (tok.pos_ == "AUX" and tok.dep_ == "ROOT") or (
        tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT", "amod") and tok.n_rights > 0)


def _subject_rank(tok: Token) -> tuple[bool, bool]:
    """Which of a verb's two subjects (a misparse) is its own: not a fronted participle clause, then
    a person or body named ('said study co-author Anezina Solomonidou': "co" and "Solomonidou" are
    both subjects; 'Consumer credit agency Equifax said')."""
    return _fronted_participle(tok), tok.ent_type_ not in ("PERSON", "ORG")


def _fronted_participle(tok: Token) -> bool:
    """Whether ``tok`` heads a phrase that opens on a participle: a fronted clause the parser read
    as a second subject ('Citing "statements and actions" made by the pair, Pelosi said ...'), never
    the verb's own subject (sorted after it)."""
    first = tok.left_edge
    return first.i < tok.i and first.tag_ in ("VBG", "VBN") and first.dep_ in ("amod", "advcl", "acl")


def _inner_subject(subject: Token) -> Token | None:
    """The subject of a finite verb the parser read as a modifier inside ``subject``: in "Energy
    Secretary Jennifer Granholm on Sunday slammed Senate Republicans' negotiating posture ... —
    warning that ...", "slammed" hangs under "posture" (the parsed subject of "warning") with
    Granholm as its own subject; Granholm is the one warning."""
    for t in subject.subtree:
        # inflected ("slammed" -> "slam"): a noun tagged as a verb ("warden") is no verb
        if t.tag_ in ("VBD", "VBZ") and t.dep_ in ("amod", "compound", "nmod") and t.lower_ != t.lemma_.lower():
            inner = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if inner is not None:
                return source_token(inner)
    return None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The source of a cue: subject, by-agent of a passive, or the head's subject."""
    passive = False
    for c in sorted(verb.children, key=_subject_rank):
        # a dateline or a caption's photo never speaks: "SAN JOSE — '...,' said Guillermo Hoppe"
        # has two subjects; "WASHINGTON -- President Obama said" hangs Obama under the dateline
        # a clause as subject ('... sought to quell a controversy over Omar's remarks', with "remarks"
        # read as the verb) never speaks: only a noun phrase is a source
        if c.dep_ == "nsubj" and (src := source_token(c)) is not None:
            return _inner_subject(src) or src
        if c.dep_ == "nsubjpass":
            passive = True
    if passive:
        for c in verb.children:
            if c.dep_ == "agent":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        return None
    if verb.pos_ == "NOUN":
        for c in verb.children:
            if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "PRON", "NOUN"):
                return c
        # "Republicans voiced concern that ...": the holder of an object noun is the verb's subject
        if depth < 3 and verb.dep_ == "dobj" and verb.head.pos_ == "VERB":
            return subject_of(verb.head, depth + 1)
        return None
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "acomp") and verb.head is not verb:
        return subject_of(verb.head, depth + 1)
    # "..., after saying ...", "by calling ...": a gerund under a preposition of a verb
    if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head.head, depth + 1)
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
        head = verb.head
        if depth < 3 and verb.tag_ == "VBG" and head.dep_ == "pobj" and head.pos_ == "PROPN" \
                and head.head.head.pos_ == "VERB":
            # "Taylor Swift posted on Twitter accusing Big Machine ...": the participle goes with the
            # clause's subject, not with the name of the platform or place it was hung on
            return subject_of(head.head.head, depth + 1)
        return head
    return None


def idiom_object(verb: Token, objects: frozenset[str]) -> bool:
    """Whether the verb's object is one of ``objects`` ("said goodbye", "said their final farewells",
    "claimed the lives of"), however the parser attached "the life of ..." to what follows.

    Only the object itself: "said prayer is the only answer", "said Grace Miller was found", "claimed
    his life savings were stolen" report words.
    """
    for t in verb.doc[verb.i + 1: verb.i + 5]:
        # a determiner, an adjective, an adverb, a number and what modifies the number ("claimed more
        # than 660 lives", "at least 50 victims", "nearly 20,000 lives")
        if t.pos_ in ("DET", "ADJ", "NUM") or t.dep_ in ("poss", "quantmod", "advmod") or t.head.like_num:
            continue
        if t.pos_ != "NOUN" or t.lemma_.lower() not in objects:
            return False
        nxt = verb.doc[t.i + 1] if t.i + 1 < len(verb.doc) else None
        # "the life of" however attached; not "claimed the victim of the shooting had pointed a gun"
        return (t.head == verb and t.dep_ in ("dobj", "npadvmod", "intj")) or (
            nxt is not None and nxt.lower_ == "of" and t.dep_ != "compound" and t.lemma_.lower() == "life")
    return False


def verb_class(verb: Token, lemma: str | None = None, words: bool = True) -> CueClass:
    """The class of a cue word read with its particle: "pointed out that ..." is speech where "point" is not.

    ``words``: whether what the verb reports is a clause or a quotation.  Only then does a phrasal
    verb of saying say something: "pointed out the suspect to officers", 'spelled out "GO BLUE" with
    cards', "spoke out against the coach" name a gesture or a topic, and keep the verb's own class.
    ``lemma`` overrides the word's own (the aspect verbs' clause verb: "continued to insist")."""
    lemma = lemma or verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None) if words else None
    if particle is not None and cue_class(f"{lemma} {particle}") == "speech":
        return "speech"
    return cue_class(lemma)


def _caption(verb: Token) -> bool:
    """Whether the verb's subject is a caption's picture ("This photo ... shows the wreckage")."""
    return any(c.dep_ == "nsubj" and is_caption_subject(c) for c in verb.children)


def _after_quotation(doc: Doc, left: int, head: int) -> int:
    """Move a source's left edge past a quotation that ends before its head.

    '"That's a legitimate concern," Sarandon, 69, told MSNBC': the parser may hang
    the quotation on the speaker, so the subject's subtree swallows the quoted
    words.  A quotation mark right after , . ? ! closes someone's words; a source
    never reaches back over it (a quoted nickname inside a name has no such comma).
    """
    for k in range(head - 1, left, -1):
        if doc[k].is_quote and doc[k - 1].text in (",", ".", "?", "!", "—", "--"):
            return k + 1
    return left


def _np_span(tok: Token, text: str) -> tuple[int, int]:
    """Char span of a source noun phrase, cut before relative clauses and after-comma appositions."""
    doc = tok.doc
    left = _after_quotation(doc, tok.left_edge.i, tok.i)
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "punct", "cc", "conj") or c.text == ",":
            break
        if c.dep_ == "appos" and doc[c.left_edge.i - 1].text == ",":
            break
        right = c.right_edge.i
    left, right = _para_clip(doc, left, right, tok, text)
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _source_spans(tok: Token | None, text: str, cue: Token | None = None
                  ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(whole source phrase, head NP) of a source token.

    PolNeAR's source is the subject's full subtree including appositions and
    relative clauses ("Paul Rieckhoff, founder and CEO of ..."); the speaker
    is resolved from the head NP only.
    """
    if tok is None:
        return None, None
    doc = tok.doc
    if cue is not None:
        ps, pe = _para_bounds(text, cue.idx)
        if not ps <= tok.idx < pe:
            # The parser ran two paragraphs together ("12:15 p.m.\n\nDonald Trump
            # says ..."): the source is what precedes the cue in its own paragraph.
            k = cue.i - 1
            while k >= 0 and doc[k].idx >= ps and not doc[k].is_space:
                k -= 1
            first = k + 1
            words = [t for t in doc[first:cue.i] if not t.is_punct]
            if first < cue.i and 0 < len(words) <= 8 and any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in words):
                span = _trimmed(doc, first, cue.i - 1)
                return span, span
            return None, None
    head = _np_span(tok, text)
    right = tok.right_edge.i
    if cue is not None and tok.i < cue.i <= right:
        # "a statement announcing the pick": the source ends before its cue
        right = cue.left_edge.i - 1 if cue.left_edge.i > tok.i else tok.i
    left, right = _para_clip(doc, _after_quotation(doc, tok.left_edge.i, tok.i), right, tok, text)
    while left < tok.i and doc[left].is_quote:  # a closing mark the parser hung on the subject
        left += 1
    span = _trimmed(doc, left, right)
    if span is None:
        return head, head
    return (min(span[0], head[0]), max(span[1], head[1])), head


def _para_clip(doc: Doc, left: int, right: int, anchor: Token, text: str) -> tuple[int, int]:
    """Clip a token range to the anchor's paragraph.

    The parser sometimes joins paragraphs into one sentence ('... election.\n\n
    "I think ...," X told me'); an attribution never reaches across a paragraph
    break except through quotation marks, which are handled separately.
    """
    ps, pe = _para_bounds(text, anchor.idx)
    while left < anchor.i and doc[left].idx < ps:
        left += 1
    while right > anchor.i and doc[right].idx >= pe:
        right -= 1
    return left, right


def _subtree_span(tok: Token, text: str | None = None) -> tuple[int, int]:
    doc = tok.doc
    left, right = tok.left_edge.i, tok.right_edge.i
    if text is not None:
        left, right = _para_clip(doc, left, right, tok, text)
    while left < right and (doc[left].is_punct and not doc[left].is_quote or doc[left].dep_ == "cc"
                            or doc[left].is_space):
        left += 1
    while right > left and (doc[right].is_punct and not doc[right].is_quote or doc[right].is_space):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _trimmed(doc: Doc, left: int, right: int) -> tuple[int, int] | None:
    while left < right and (doc[left].is_punct and not doc[left].is_quote or doc[left].is_space):
        left += 1
    while right > left and (doc[right].is_punct and not doc[right].is_quote or doc[right].is_space):
        right -= 1
    if right < left or doc[left].is_punct and not doc[left].is_quote:
        return None
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def content_spans(tok: Token, frame: str, root: Token, text: str) -> list[tuple[int, int]]:
    """Content of a cue in its frame; two spans when the reporting clause sits inside it.

    Where the content ends is chosen among :func:`boundary_variants` by the
    learned boundary model (cues.json, bench/train_cues.py)."""
    variants, feats = content_variants(tok, frame, root, text)
    if feats is None:
        return variants["keep"]
    return variants[choose_boundary(feats, variants)]


def content_variants(tok: Token, frame: str, root: Token, text: str
                     ) -> tuple[dict[str, list[tuple[int, int]]], list[str] | None]:
    """Every content the cue may have, and the boundary model's features (None: one choice)."""
    if frame == "inv":
        # "The test, he said, was its biggest yet": the head clause minus the reporting clause
        doc = tok.doc
        left, right = _para_clip(doc, root.left_edge.i, root.right_edge.i, root, text)
        parts = [_trimmed(doc, left, tok.left_edge.i - 1), _trimmed(doc, tok.right_edge.i + 1, right)]
        return {"keep": [p for p in parts if p is not None]}, None
    if frame == "raise":
        # the raised subject and the complement, the cue between them
        doc = tok.doc
        subj = next(c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass"))
        parts = [_subtree_span(subj, text), _subtree_span(root, text)]
        return {"keep": [p for p in parts if p[1] > p[0]]}, None
    base = _content_of(tok, frame, root, text)
    if frame not in BOUNDARY_FRAMES:
        return {"keep": [base]}, None
    variants = boundary_variants(tok, frame, root, text, base)
    feats = boundary_features(tok, frame, root, text, variants)
    return {k: [v] for k, v in variants.items()}, feats


# Frames whose right boundary the learned boundary model may move.
BOUNDARY_FRAMES = frozenset({"ccomp", "xcomp", "dobj", "prep", "nprep", "nacl", "that", "forto"})
_BREAK_DEPS = frozenset({"advcl", "conj", "cc", "relcl", "npadvmod"})


def _char_tok(doc: Doc, char: int, text: str) -> int:
    """Index of the token that ends at ``char`` (exclusive end offset)."""
    span = doc.char_span(max(char - 1, 0), char, alignment_mode="expand")
    return span[-1].i if span is not None and len(span) else 0


def boundary_variants(tok: Token, frame: str, root: Token, text: str,
                      base: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Where the content may end: as the subtree says (``keep``), at the end of the
    sentence (``ext``: the parser hung a continuation on the cue, "said the process
    was fair, but required ..."), or before the first trailing clause or comma of
    the content's head (``cut``: "said X, citing Y").  The boundary model picks one."""
    doc = tok.doc
    out = {"keep": base}
    left = _char_tok(doc, base[0] + 1, text)
    sent = root.sent
    _, r_ext = _para_clip(doc, left, sent.end - 1, root, text)
    # A coordinated reporting verb of the cue ("said X and urged Y", "said X,
    # noting Y") starts an attribution of its own: the extension stops before it.
    for c in tok.rights:
        if c.i > root.right_edge.i and c.dep_ in ("conj", "advcl") and c.pos_ == "VERB" and (
                cue_class(c.lemma_.lower()) != "other" or cue_precision(c.lemma_.lower(), "*") >= 0.2):
            r_ext = min(r_ext, c.left_edge.i - 1)
            while r_ext > left and doc[r_ext].dep_ == "cc":
                r_ext -= 1
            break
    # (content before its cue, "X, he said": the reporting clause ends it)
    ext = _trimmed(doc, left, r_ext) if r_ext >= left and tok.i < root.i else None
    if ext is not None and ext[1] > base[1]:
        out["ext"] = ext
    cut = None
    for c in root.rights:
        if c.dep_ in _BREAK_DEPS or (c.dep_ == "punct" and c.text in (",", ";", "—", "–", "--")):
            cut = c.left_edge.i - 1
            break
    if cut is not None and cut >= left:
        sp = _trimmed(doc, left, cut)
        if sp is not None and base[0] < sp[1] < base[1]:
            out["cut"] = sp
    # ``obj``: the object alone, without the verb's dependents that follow it
    # ("sued [the DNC] in federal court on Friday" vs "blasted [him for not paying taxes]").
    if frame in ("dobj", "prep") and root.right_edge.i >= left:
        sp = _trimmed(doc, left, root.right_edge.i)
        if sp is not None and base[0] < sp[1] < base[1] and sp != out.get("cut"):
            out["obj"] = sp
    return out


def boundary_features(tok: Token, frame: str, root: Token, text: str,
                      variants: dict[str, tuple[int, int]]) -> list[str]:
    """What the boundary model sees: the frame and cue, and what sits at each possible end."""
    doc = tok.doc
    lemma = tok.lemma_.lower()
    f = [f"f={frame}", f"lf={lemma}|{frame}", f"has_ext={'ext' in variants}", f"has_cut={'cut' in variants}",
         f"has_obj={'obj' in variants}"]
    end = _char_tok(doc, variants["keep"][1], text)
    if end + 1 < len(doc):
        nxt = doc[end + 1]
        rel = "cue" if nxt.head.i == tok.i else "root" if nxt.head.i == root.i else "other"
        f += [f"nx={nxt.lower_ if nxt.is_punct else nxt.pos_}", f"nxdep={nxt.dep_}|{rel}",
              f"fnx={frame}|{nxt.dep_}|{rel}"]
        if nxt.is_punct and end + 2 < len(doc):
            nn = doc[end + 2]
            f += [f"nn={nn.tag_}", f"nndep={nn.dep_}|{'cue' if nn.head.i == tok.i else 'root' if nn.head.i == root.i else 'o'}"]
    if "ext" in variants:
        n = _n_words(text[variants["keep"][1]:variants["ext"][1]])
        f.append(f"extn={min(n, 16) // 4}")
    if "obj" in variants:
        n = _n_words(text[variants["obj"][1]:variants["keep"][1]])
        f.append(f"objn={min(n, 16) // 4}")
        after = next((c for c in tok.rights if c.idx >= variants["obj"][1] and not c.is_punct), None)
        if after is not None:
            f += [f"objnx={after.dep_}|{after.lower_ if after.dep_ == 'prep' else after.tag_}",
                  f"lobjnx={lemma}|{after.dep_}|{after.lower_ if after.dep_ == 'prep' else after.tag_}"]
    if "cut" in variants:
        n = _n_words(text[variants["cut"][1]:variants["keep"][1]])
        f.append(f"cutn={min(n, 16) // 4}")
        rights = list(root.rights)
        for k, c in enumerate(rights):
            if c.dep_ in _BREAK_DEPS or (c.dep_ == "punct" and c.text in (",", ";", "—", "–", "--")):
                f += [f"brk={c.dep_}|{c.text if c.is_punct else c.tag_}", f"fbrk={frame}|{c.dep_}"]
                after = rights[k + 1] if c.is_punct and k + 1 < len(rights) else c
                first = after.left_edge
                f += [f"brk2={after.dep_}|{after.tag_}", f"brkw={first.lower_}", f"brkwt={first.tag_}"]
                # "said X and urged Y" parsed as "said [X and urged Y]": a subjectless
                # coordinated verb in the cue's tense belongs to the cue, not the content
                verb = next((g for g in rights[k:] if g.dep_ not in ("punct", "cc")), None)
                if verb is not None and verb.dep_ in ("conj", "advcl") and verb.pos_ in ("VERB", "AUX"):
                    own = any(g.dep_ in _SUBJ for g in verb.children)
                    f += [f"brksubj={own}", f"brktag={verb.tag_ == tok.tag_}|{verb.tag_ == root.tag_}",
                          f"brkcls={cue_class(verb.lemma_.lower())}|{own}"]
                break
    if end + 1 < len(doc):
        w = doc[end + 1] if not doc[end + 1].is_punct or end + 2 >= len(doc) else doc[end + 2]
        f += [f"nxw={w.lower_}", f"nxt={w.tag_}"]
    if tok.i > root.i:
        f.append("cue_after")
    return f


def choose_boundary(features: list[str], options: Container[str]) -> str:
    """The available variant the learned boundary model scores highest (``keep`` without a model)."""
    model = boundary_model()
    if not model:
        return "keep"
    best, best_z = "keep", float("-inf")
    for cls, (bias, w) in model.items():
        if cls not in options:
            continue
        z = bias + sum(w.get(x, 0.0) for x in features)
        if z > best_z:
            best, best_z = cls, z
    return best


def _content_of(tok: Token, frame: str, root: Token, text: str) -> tuple[int, int]:
    if frame in ("dobj", "prep"):
        # "blasted him for not paying taxes", "complained about his mic the morning
        # after": the object plus the verb's other dependents after it, up to a
        # coordinated or adverbial clause.
        doc = tok.doc
        left, right = root.left_edge.i, root.right_edge.i
        anchor = root if frame == "dobj" else root.head
        for c in tok.rights:
            if c.i <= anchor.i:
                continue
            if c.dep_ not in DOBJ_EXTEND:
                break
            right = max(right, c.right_edge.i)
        left, right = _para_clip(doc, left, right, root, text)
        while right > left and (doc[right].is_punct and not doc[right].is_quote or doc[right].is_space):
            right -= 1
        return doc[left].idx, doc[right].idx + len(doc[right].text)
    if frame == "forto":
        doc = tok.doc
        mark = next(g for g in root.children if g.dep_ == "mark" and g.lower_ == "for")
        left, right = _para_clip(doc, mark.i + 1, root.right_edge.i, root, text)
        span = _trimmed(doc, left, right)
        if span is not None:
            return span
    return _subtree_span(root, text)
