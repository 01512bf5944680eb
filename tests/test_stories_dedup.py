"""Near-duplicate detection: wire copies are found, independent reports are not."""

from __future__ import annotations

from newsprism.stories.dedup import NearDuplicateIndex, signature, signatures

WIRE = (
    "BERLIN (AP) - A river cruise ship carrying 129 passengers struck a bridge pillar on the Rhine "
    "near Duisburg late Tuesday, injuring 25 people, four of them seriously, police said. The Swiss "
    "Crystal was travelling from Basel to the Netherlands when it veered off course at about 10 p.m. "
    "and hit a support of the A42 motorway bridge. Firefighters helped passengers ashore and the "
    "injured were taken to nearby hospitals. Investigators said it was not yet clear why the vessel "
    "left the shipping channel, and the river was closed to traffic for several hours overnight."
)
COPY = (
    "Cruise ship hits bridge on Rhine, 25 hurt\n"
    + WIRE
    + "\nCopyright 2018 The Associated Press. All rights reserved."
)
OTHER_REPORT = (
    "Duisburg - Two dozen passengers were hurt when the 'Swiss Crystal' rammed a pylon of a motorway "
    "bridge on Tuesday night. According to the water police, the captain had lost control of the "
    "ship in a bend of the river. The company operating the cruise said it was cooperating with the "
    "authorities and would fly the passengers home from Duesseldorf on Wednesday."
)


def test_copy_with_new_headline_and_footer_points_at_original() -> None:
    idx = NearDuplicateIndex()
    assert idx.add("ap", WIRE) is None
    assert idx.add("outlet-copy", COPY) == "ap"
    assert idx.duplicates == {"outlet-copy": "ap"}


def test_independent_report_of_same_event_is_not_a_duplicate() -> None:
    idx = NearDuplicateIndex()
    idx.add("ap", WIRE)
    assert idx.add("local", OTHER_REPORT) is None


def test_copy_of_a_copy_points_at_the_first_article() -> None:
    idx = NearDuplicateIndex()
    idx.add("ap", WIRE)
    idx.add("copy1", COPY)
    assert idx.add("copy2", COPY + "\nRead more: Duisburg travel tips") == "ap"


def test_signatures_are_deterministic_and_bulk_matches_single() -> None:
    a, b = signature(WIRE), signature(WIRE)
    assert (a.hashvalues == b.hashvalues).all()
    bulk = signatures([WIRE, OTHER_REPORT])
    assert (bulk[0].hashvalues == a.hashvalues).all()
    assert bulk[0].jaccard(bulk[1]) < 0.2


def test_add_many_uses_bulk_and_reports_copies() -> None:
    idx = NearDuplicateIndex()
    out = idx.add_many([("ap", WIRE), ("local", OTHER_REPORT), ("copy", COPY)])
    assert out == {"ap": None, "local": None, "copy": "ap"}
    assert len(idx) == 3 and "copy" in idx
