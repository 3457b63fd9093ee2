"""Footprint cells, expansion steps, propaganda languages and alert snapshots (no model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spoor.analysis.footprint import (
    PlaceRow,
    build_footprints,
    diff_snapshots,
    expansion_timeline,
    load_footprints,
    seen_dates,
    snapshot,
)
from tests.web.stores import build_store

PLACES = {
    "achin": PlaceRow("achin", "Achin", 34.1, 70.7, "AF", "Nangarhar", "ADM2"),
    "nangarhar": PlaceRow("nangarhar", "Nangarhar", 34.2, 70.4, "AF", "Nangarhar", "ADM1"),
    "af": PlaceRow("af", "Afghanistan", 33.0, 66.0, "AF", None, "PCLI"),
    "kabul": PlaceRow("kabul", "Kabul", 34.5, 69.2, "AF", "Kabul", "PPLC"),
    "bajaur": PlaceRow("bajaur", "Bajaur", 34.8, 71.5, "PK", "Khyber Pakhtunkhwa", "ADM2"),
    "amu": PlaceRow("amu", "Amu Darya", 37.5, 67.0, None, None, "RGN"),
}
DOC_DATES = {"d2019": "2019-05", "d2021": "2021-09-10", "d2024": "2024-04-10", "dnone": None}
GROUP = {"id": "kb:iskp", "name": "ISKP", "type": "armed_group"}


def fact(
    fid: str,
    predicate: str,
    place: str | None,
    docs: list[str],
    *,
    subject: dict[str, Any] = GROUP,
    target: dict[str, Any] | None = None,
    time: dict[str, Any] | None = None,
    confidence: float = 0.5,
    negated: bool = False,
    attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "id": fid,
        "subject": subject,
        "predicate": predicate,
        "object": target or {"id": place, "name": place, "type": "place"},
        "time": time,
        "place": {"id": place} if place else None,
        "attributes": attributes or {},
        "negated": negated,
        "evidence": [{"doc_id": d} for d in docs],
        "confidence": confidence,
    }


@pytest.mark.parametrize(
    ("time", "docs", "expected"),
    [
        (None, ["d2021"], ["2021-09-10"]),
        ({"start": "2016-07", "end": "2016-07"}, ["d2021"], ["2016-07", "2021-09-10"]),
        ({"start": "2019", "end": None}, ["dnone"], ["2019"]),
        (None, ["dnone"], []),
        (None, ["d2024", "d2019"], ["2019-05", "2024-04-10"]),
    ],
)
def test_seen_dates_join_fact_time_and_report_dates(
    time: dict[str, Any] | None, docs: list[str], expected: list[str]
) -> None:
    assert seen_dates(fact("f", "active_in", "af", docs, time=time), DOC_DATES) == expected


@pytest.mark.parametrize(
    ("place", "cells"),
    [
        ("achin", {("country", "AF"), ("admin1", "AF/Nangarhar"), ("place", "achin")}),
        ("nangarhar", {("country", "AF"), ("admin1", "AF/Nangarhar")}),
        ("af", {("country", "AF")}),
        ("kabul", {("country", "AF"), ("admin1", "AF/Kabul"), ("place", "kabul")}),
        ("amu", {("place", "amu")}),
    ],
)
def test_a_place_counts_at_each_of_its_levels(place: str, cells: set[tuple[str, str]]) -> None:
    footprint = build_footprints([fact("f", "active_in", place, ["d2021"])], PLACES, DOC_DATES)
    assert {(c.level, c.key) for c in footprint["kb:iskp"].cells} == cells


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        ({}, True),
        ({"negated": True}, False),
        ({"subject": {"id": "kb:army", "name": "Army", "type": "armed_forces"}}, False),
        ({"predicate": "founded_in"}, False),
        ({"predicate": "recruits_from"}, True),
        ({"place": None}, False),
    ],
)
def test_which_facts_make_a_footprint(change: dict[str, Any], kept: bool) -> None:
    item = {**fact("f", "active_in", "af", ["d2021"]), **change}
    assert bool(build_footprints([item], PLACES, DOC_DATES)) is kept


def test_object_place_is_used_when_the_fact_has_no_located_place() -> None:
    item = {
        **fact("f", "active_in", None, ["d2021"]),
        "object": {"id": "ent:af", "type": "country"},
    }
    footprint = build_footprints([item], PLACES, DOC_DATES, {"ent:af": "af"})
    assert [c.key for c in footprint["kb:iskp"].cells] == ["AF"]


def test_cells_merge_first_last_evidence_and_best_confidence() -> None:
    facts = [
        fact("f1", "active_in", "achin", ["d2021", "d2024"], confidence=0.4),
        fact("f2", "active_in", "nangarhar", ["d2019"], confidence=0.7),
    ]
    cells = {
        (c.level, c.key): c for c in build_footprints(facts, PLACES, DOC_DATES)["kb:iskp"].cells
    }
    province = cells[("admin1", "AF/Nangarhar")]
    assert (province.first_seen, province.last_seen) == ("2019-05", "2024-04-10")
    assert province.evidence_count == 3
    assert province.best_confidence == 0.7
    assert province.fact_ids == ["f1", "f2"]
    assert cells[("place", "achin")].first_seen == "2021-09-10"


def test_expansion_timeline_lists_countries_and_provinces_once_oldest_first() -> None:
    facts = [
        fact("f1", "active_in", "bajaur", ["d2024"]),
        fact("f2", "attacked", "kabul", ["d2021"]),
        fact("f3", "active_in", "kabul", ["d2024"]),
        fact("f4", "threatens", "nangarhar", ["dnone"]),  # undated: no moment to put it at
    ]
    steps = expansion_timeline(build_footprints(facts, PLACES, DOC_DATES)["kb:iskp"].cells)
    assert [(s.date, s.level, s.name, s.predicate) for s in steps] == [
        ("2021-09-10", "country", "Afghanistan", "attacked"),
        ("2021-09-10", "admin1", "Kabul", "attacked"),
        ("2024-04-10", "country", "Pakistan", "active_in"),
        ("2024-04-10", "admin1", "Khyber Pakhtunkhwa", "active_in"),
    ]


def test_languages_count_the_groups_media_arms_with_scripts_and_years() -> None:
    outlet = {"id": "kb:azaim", "name": "Al-Azaim", "type": "media_outlet"}
    uzbek = {"id": "kb:uz", "name": "Uzbek", "type": "language"}
    pashto = {"id": "kb:ps", "name": "Pashto", "type": "language"}
    facts = [
        fact("m", "media_arm_of", None, ["d2021"], subject=outlet, target=GROUP),
        fact(
            "l1",
            "propaganda_language",
            None,
            ["d2024"],
            subject=outlet,
            target=uzbek,
            attributes={"script": "Latn"},
        ),
        fact(
            "l2",
            "propaganda_language",
            None,
            ["d2019"],
            target=uzbek,
            attributes={"script": "Cyrl"},
        ),
        fact("l3", "published", None, ["d2021"], target=pashto, attributes={"script": "Arab"}),
        fact("l4", "propaganda_language", None, ["d2021"], target=pashto, negated=True),
    ]
    uses = {u.name: u for u in build_footprints(facts, PLACES, DOC_DATES)["kb:iskp"].languages}
    assert sorted(uses) == ["Pashto", "Uzbek"]
    assert uses["Uzbek"].scripts == ["Cyrl", "Latn"]
    assert uses["Uzbek"].speakers == ["Al-Azaim", "ISKP"]  # in the order they were read
    assert (uses["Uzbek"].first_seen, uses["Uzbek"].last_seen) == ("2019-05", "2024-04-10")
    assert uses["Uzbek"].by_year == {"2019": 1, "2024": 1}
    assert uses["Pashto"].evidence_count == 1


def test_groups_filter() -> None:
    other = {"id": "kb:ttp", "name": "TTP", "type": "armed_group"}
    facts = [
        fact("a", "active_in", "af", ["d2021"]),
        fact("b", "active_in", "af", ["d2021"], subject=other),
    ]
    assert list(build_footprints(facts, PLACES, DOC_DATES, groups=["kb:ttp"])) == ["kb:ttp"]


def test_snapshot_diff_names_each_new_thing_once() -> None:
    leader = {"id": "kb:leader", "name": "A Leader", "type": "person"}
    before_facts = [fact("a", "active_in", "nangarhar", ["d2019"])]
    after_facts = [
        *before_facts,
        fact("b", "attacked", "bajaur", ["d2024"]),
        fact("c", "leader_of", None, ["d2024"], subject=leader, target=GROUP),
        fact("d", "active_in", "achin", ["d2024"]),  # same country and province: no alert
    ]
    before = snapshot(build_footprints(before_facts, PLACES, DOC_DATES), before_facts)
    after = snapshot(build_footprints(after_facts, PLACES, DOC_DATES), after_facts)
    alerts = diff_snapshots(before, after, {"kb:iskp": "ISKP"})
    assert [(a["kind"], a["key"], a["name"]) for a in alerts] == [
        ("new_country", "PK", "Pakistan"),
        ("new_leader", "kb:leader", "A Leader"),
        ("new_province", "PK/Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa"),
    ]
    assert diff_snapshots(after, after, {}) == []


def test_load_footprints_from_a_store(tmp_path: Path) -> None:
    store = build_store(tmp_path / "kb.db")
    footprint = load_footprints(store)["kb:iskp"]
    store.close()
    countries = {c.key for c in footprint.cells if c.level == "country"}
    assert countries == {"AF", "PK", "TJ"}
    assert [s.name for s in footprint.expansion][:2] == ["Afghanistan", "Nangarhar"]
    assert {u.name for u in footprint.languages} == {"Pashto", "Uzbek"}
