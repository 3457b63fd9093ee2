"""Fact merging: one claim in several documents is one fact (issue 6)."""

from __future__ import annotations

import json

import pytest

from spoor.analysis.merging import StoredFact, interval, merge_facts, times_compatible


def stored(
    fact_id: str,
    start: str | None = None,
    end: str | None = "same",
    *,
    subject: str = "kb:iskp",
    obj: str | None = "curated:kunar",
    place: str | None = None,
    negated: bool = False,
    value: float | None = None,
) -> StoredFact:
    object_value = None
    if value is not None:
        obj = None
        object_value = json.dumps({"value": value, "type": "quantity", "unit": "fighters"})
    return StoredFact(
        fact_id,
        subject,
        "active_in",
        obj,
        object_value,
        start,
        start if end == "same" else end,
        place,
        negated,
    )


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        (("2024-03", "2024-03"), ("2024-03-22", "2024-03-22"), True),
        (("2024-03-22", "2024-03-22"), ("2024-03", "2024-03"), True),
        (("2024-03", "2024-03"), ("2024-03-05", "2024-03-09"), True),  # a day range in a month
        (("2024", "2024"), ("2024-11", "2024-11"), True),
        ((None, None), ("2019", "2019"), True),
        (("2019", "2019"), ("2020", "2020"), False),
        (("2024-03-22", "2024-03-22"), ("2024-03-23", "2024-03-23"), False),
        (("2024-02-25", "2024-03-05"), ("2024-03", "2024-03"), False),  # overlap, no containment
        (("2019", None), ("2021-05", "2021-05"), True),  # open-ended "since 2019"
        (("early 2019", "early 2019"), ("2019", "2019"), False),  # unreadable: exact match only
    ],
)
def test_time_compatibility(a: tuple, b: tuple, compatible: bool) -> None:
    assert times_compatible(a, b) is compatible


def test_interval_keeps_precision() -> None:
    low, high = interval("2024-02", "2024-02") or ()
    assert (low.isoformat(), high.isoformat()) == ("2024-02-01", "2024-02-29")


def test_compatible_readings_merge_at_the_coarser_time() -> None:
    [fact] = merge_facts([stored("f:b", "2024-03-22"), stored("f:a", "2024-03")])
    assert (fact.time_start, fact.time_end) == ("2024-03", "2024-03")
    assert fact.id == "f:a"  # the coarsest reading's stored id: stable
    assert fact.member_ids == ["f:a", "f:b"]


def test_incompatible_times_stay_apart() -> None:
    facts = merge_facts([stored("f:a", "2019"), stored("f:b", "2020")])
    assert [(f.id, f.time_start) for f in facts] == [("f:a", "2019"), ("f:b", "2020")]


def test_days_inside_one_month_do_not_merge_through_the_month() -> None:
    facts = merge_facts(
        [stored("f:m", "2024-03"), stored("f:x", "2024-03-22"), stored("f:y", "2024-03-25")]
    )
    assert sorted(len(f.members) for f in facts) == [1, 2]


def test_an_undated_reading_joins_the_only_dated_one() -> None:
    [fact] = merge_facts([stored("f:a", None), stored("f:b", "2024-03")])
    assert fact.id == "f:b" and fact.member_ids == ["f:a", "f:b"]
    assert fact.time_start == "2024-03"


def test_an_undated_reading_between_two_dates_stays_its_own_fact() -> None:
    facts = merge_facts([stored("f:a", None), stored("f:b", "2019"), stored("f:c", "2020")])
    assert sorted(f.member_ids for f in facts) == [["f:a"], ["f:b"], ["f:c"]]


def test_entity_merges_apply_before_grouping() -> None:
    facts = merge_facts(
        [stored("f:a", subject="kb:iskp"), stored("f:b", subject="ent:isis-k")],
        {"ent:isis-k": "kb:iskp"},
    )
    assert [(f.subject_id, f.member_ids) for f in facts] == [("kb:iskp", ["f:a", "f:b"])]


@pytest.mark.parametrize(
    ("a", "b", "merged"),
    [
        (stored("f:a"), stored("f:b", negated=True), False),
        (stored("f:a", obj="x"), stored("f:b", obj="y"), False),
        (stored("f:a", place="p1"), stored("f:b", place="p2"), False),
        (stored("f:a", place="p1"), stored("f:b"), True),
        (stored("f:a", value=1500), stored("f:b", value=1500.0), True),
        (stored("f:a", value=1500), stored("f:b", value=3000), False),
    ],
)
def test_what_makes_two_readings_one_fact(a: StoredFact, b: StoredFact, merged: bool) -> None:
    assert (len(merge_facts([a, b])) == 1) is merged


def test_merged_place_is_the_one_given() -> None:
    [fact] = merge_facts([stored("f:a"), stored("f:b", place="curated:kunar")])
    assert fact.place_id == "curated:kunar"


def _groups(facts: list[StoredFact]) -> list[list[str]]:
    return sorted(sorted(m.id for m in fact.members) for fact in merge_facts(facts))


@pytest.mark.parametrize(
    ("facts", "groups"),
    [
        # the same day at two places: two facts; a later reading of that day and place joins
        (
            [stored("a", "2024-03-02", place="p1"), stored("b", "2024-03-02", place="p2")]
            + [stored("c", "2024-03-02", place="p1")],
            [["a", "c"], ["b"]],
        ),
        # a day joins the month (made first, the widest), not the other day's fact
        (
            [stored("d1", "2024-03-02"), stored("d2", "2024-03-03"), stored("m", "2024-03")],
            [["d1", "m"], ["d2"]],
        ),
        # a range contains a day; a day outside it stays apart
        (
            [stored("r", "2024-03-01", "2024-03-09"), stored("in", "2024-03-05")]
            + [stored("out", "2024-04-05")],
            [["in", "r"], ["out"]],
        ),
        # an unreadable time merges only with the very same text
        (
            [stored("u1", "spring 2024"), stored("u2", "spring 2024"), stored("y", "2024")],
            [["u1", "u2"], ["y"]],
        ),
    ],
)
def test_many_dated_readings_cluster_as_one_by_one(
    facts: list[StoredFact], groups: list[list[str]]
) -> None:
    assert _groups(facts) == groups
