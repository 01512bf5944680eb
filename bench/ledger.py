"""Score the quote ledger against the labelled cross-outlet pairs (issue #15's development set).

For every gold story that holds labelled pairs, the product's ledger
(:func:`newsprism.compare.ledger.build_quote_groups`) runs over the story's quotes, as ``analyze`` runs
it (speech cues only by default, as ``analyze`` does; ``--cues all`` for every attribution); a labelled pair counts as *linked* when both quotes end in one quote group (the reader sees them
side by side as one utterance), and its relation is the recorded pair's relation when the two are
linked directly.

- link precision: labelled pairs the ledger links that are the same utterance / all it links;
- link recall: same-utterance pairs it links / all same-utterance pairs;
- relation accuracy: right relation / correctly linked pairs with a direct relation.

A label is keyed by article ids and character spans (``bench/ledger_pairs.py``); when the extractor's
spans moved, the label is matched to the overlapping quote of today's analysis, and a label whose texts
changed (hash) is reported, not silently scored.

    PYTHONPATH=src .venv/bin/python bench/ledger.py [--errors] [--cues all] [--held-out]

The pairs were drawn stratified by the signal that found them (a quarter each from the ledger's own
links, the same speaker, shared words, embedding similarity), so the ledger's links are
over-represented and recall here is higher than over all the pairs of a story would be; the
held-out labels record each pair's stratum weight, and the scorer prints the weighted figures too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import ledger_pairs  # noqa: E402
from newsprism.compare.ledger import build_quote_groups  # noqa: E402
from newsprism.model import Quote  # noqa: E402
from newsprism.pipeline import CUE_CHOICES, compared_quotes, story_speaker_names  # noqa: E402

LABELS = ROOT / "bench" / "data" / "ledger_pairs.jsonl"
# 232 pairs of ECB+ stories, labelled by the same guide, that no feature, weight or threshold was
# chosen on (bench/ledger_pairs.py --datasets ecbplus): do the figures hold beyond the dev set?
HELD_OUT = ROOT / "bench" / "data" / "ledger_pairs_ecbplus.jsonl"
SAME = ("identical", "truncated", "altered", "variant", "paraphrase")


def read_labels(path: Path = LABELS) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _parse_side(side: str) -> tuple[str, int, int]:
    aid, _, span = side.partition("@")
    s, _, e = span.partition("-")
    return aid, int(s), int(e)


def find_quote(quotes_by_article: dict[str, list[Quote]], side: str) -> Quote | None:
    """Today's quote at a labelled side: the same spans, else the one overlapping it most."""
    aid, s, e = _parse_side(side)
    best, best_overlap = None, 0
    for q in quotes_by_article.get(aid, []):
        qs, qe = q.spans[0][0], q.spans[-1][1]
        if (qs, qe) == (s, e):
            return q
        overlap = min(qe, e) - max(qs, s)
        if overlap > best_overlap and overlap >= 0.5 * min(qe - qs, e - s):
            best, best_overlap = q, overlap
    return best


def labelled_stories(labels: list[dict]) -> Iterator[tuple[str, str, list[Quote], dict[str, list[Quote]], list[dict]]]:
    """Each labelled story as the product sees it: (dataset, story, quotes, quotes by article, labels).

    The quotes are named as :func:`newsprism.pipeline.build_report` names a story's speakers
    (``story_speaker_names``), so the bench and the trainer (``bench/train_ledger_links.py``) read
    the product's quotes; labels marked "unclear" are left out.
    """
    by_ds: dict[str, list[dict]] = defaultdict(list)
    for lab in labels:
        if lab["relation"] != "unclear":
            by_ds[lab["dataset"]].append(lab)
    for ds, labs in sorted(by_ds.items()):
        stories, _articles, analyses = ledger_pairs.load(ds, {lab["story"] for lab in labs})
        by_story: dict[str, list[dict]] = defaultdict(list)
        for lab in labs:
            by_story[lab["story"]].append(lab)
        for story, slabs in sorted(by_story.items()):
            quotes = story_speaker_names([q for a in stories.get(story, []) for q in analyses[a].quotes])
            by_article: dict[str, list[Quote]] = defaultdict(list)
            for q in quotes:
                by_article[q.article_id].append(q)
            yield ds, story, quotes, by_article, slabs


def labelled_pair(by_article: dict[str, list[Quote]], lab: dict) -> tuple[Quote, Quote] | None:
    """Today's two quotes of a labelled pair (:func:`find_quote`), None when either is gone or both are one."""
    side_a, side_b = lab["key"].split("|")
    qa, qb = find_quote(by_article, side_a), find_quote(by_article, side_b)
    if qa is None or qb is None or qa.id == qb.id:
        return None
    return qa, qb


def _weighted(rows: list[tuple]) -> dict:
    """Precision and recall with each pair weighted by how many pairs of its stratum it stands for.

    The draw takes a quarter from each signal's pool whatever its size, so the ledger's own links are
    over-represented; labels that record their ``weight`` (the held-out set) give a rough estimate
    over every pair the signals find (rough: the pools themselves are capped per story).
    """
    if not rows or any("weight" not in r[0] for r in rows):
        return {}
    w = [(r[0]["weight"], r[1], r[0]["relation"] in SAME) for r in rows]
    tp = sum(x for x, linked, same in w if linked and same)
    links = sum(x for x, linked, _ in w if linked)
    same = sum(x for x, _, s in w if s)
    return {"weighted_precision": tp / links if links else 0.0, "weighted_recall": tp / same if same else 0.0}


def evaluate(labels: list[dict], show_errors: bool = False, cues: str = "speech") -> dict:
    rows = []  # (label, predicted_linked, predicted_relation, quote a, quote b)
    missing = drift = 0
    for _ds, _story, quotes, by_article, slabs in labelled_stories(labels):
        groups = build_quote_groups(compared_quotes(quotes, cues))  # as build_story feeds the ledger
        group_of = {qid: g.id for g in groups for qid in g.quote_ids}
        group_of.update({q.id: f"not compared:{q.id}" for q in quotes if q.id not in group_of})
        relation = {frozenset((p.a, p.b)): p.relation for g in groups for p in g.pairs}
        for lab in slabs:
            pair = labelled_pair(by_article, lab)
            if pair is None:
                missing += 1
                continue
            qa, qb = pair
            if lab["hash"] not in (ledger_pairs.text_hash(qa.text, qb.text), ledger_pairs.text_hash(qb.text, qa.text)):
                drift += 1
            linked = group_of[qa.id] == group_of[qb.id]
            rows.append((lab, linked, relation.get(frozenset((qa.id, qb.id))), qa, qb))
    linked = [r for r in rows if r[1]]
    right = [r for r in linked if r[0]["relation"] in SAME]
    same = [r for r in rows if r[0]["relation"] in SAME]
    direct = [r for r in right if r[2]]
    # the pairs the speech view can show at all: both sides' cues are speech (a court's "ruled", an
    # office's "issued", a bill "signed" are left out of that view by design)
    shown = [r for r in same if r[3].cue_class == "speech" and r[4].cue_class == "speech"]
    rel_ok = [r for r in direct if r[2] == r[0]["relation"]]
    out = {
        "labelled": len(rows), "same_utterance": len(same), "missing": missing, "text_changed": drift,
        "linked": len(linked),
        "precision": len(right) / len(linked) if linked else 0.0,
        "recall": len(right) / len(same) if same else 0.0,
        "relation_accuracy": len(rel_ok) / len(direct) if direct else 0.0,
        "same_both_speech": len(shown),
        "recall_both_speech": sum(1 for r in shown if r[1]) / len(shown) if shown else 0.0,
        **_weighted(rows),
        "confusion": Counter(f"{r[0]['relation']} -> {r[2] or ('group' if r[1] else 'none')}" for r in rows),
    }
    if show_errors:
        for lab, is_linked, rel, qa, qb in rows:
            gold_same = lab["relation"] in SAME
            if is_linked != gold_same or (is_linked and gold_same and rel and rel != lab["relation"]):
                print(f"{lab['pair_id']} gold={lab['relation']} pred={rel or ('group' if is_linked else 'none')}"
                      f"\n   A [{qa.speaker.name if qa.speaker else '-'}] {qa.text[:150]!r}"
                      f"\n   B [{qb.speaker.name if qb.speaker else '-'}] {qb.text[:150]!r}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--labels", type=Path, default=LABELS)
    which.add_argument("--held-out", action="store_true", help=f"score the held-out ECB+ pairs ({HELD_OUT.name})")
    ap.add_argument("--errors", action="store_true", help="print every wrong link, missed link and wrong relation")
    ap.add_argument("--json", help="write the metrics here")
    ap.add_argument("--cues", choices=CUE_CHOICES, default="speech",
                    help="which quotes reach the ledger: speech (the product's default) or all")
    args = ap.parse_args()
    res = evaluate(read_labels(HELD_OUT if args.held_out else args.labels), args.errors, args.cues)
    print(
        f"labelled pairs {res['labelled']} (same utterance {res['same_utterance']}; not found today {res['missing']},"
        f" texts changed {res['text_changed']})\n"
        f"links {res['linked']}: precision {res['precision']:.3f}  recall {res['recall']:.3f}"
        f"  relation accuracy {res['relation_accuracy']:.3f}\n"
        f"recall on the {res['same_both_speech']} same-utterance pairs whose both cues are speech:"
        f" {res['recall_both_speech']:.3f}"
    )
    if "weighted_recall" in res:
        print(f"weighted by the size of each pair's stratum: precision {res['weighted_precision']:.3f}"
              f"  recall {res['weighted_recall']:.3f}")
    for k, v in sorted(res["confusion"].items()):
        print(f"  {k:28s} {v}")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, default=dict))


if __name__ == "__main__":
    main()
