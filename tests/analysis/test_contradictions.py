"""Contradictions: same subject and predicate, incompatible values (issue 6)."""

from __future__ import annotations

import json

import pytest

from spoor.analysis.contradictions import (
    Context,
    find_contradictions,
    load_rules,
    opponents,
    parse_rules,
)
from spoor.analysis.merging import MergedFact, StoredFact
from spoor.errors import KnowledgeBaseError


def fact(
    fact_id: str,
    predicate: str,
    *,
    subject: str = "kb:us",
    obj: str | None = "kb:leader",
    time: str | None = None,
    negated: bool = False,
    value: float | None = None,
    unit: str = "fighters",
    attributes: dict | None = None,
) -> MergedFact:
    object_value = None
    if value is not None:
        obj = None
        object_value = json.dumps({"value": value, "type": "quantity", "unit": unit})
    member = StoredFact(
        fact_id, subject, predicate, obj, object_value, time, time, None, negated, attributes or {}
    )
    return MergedFact(
        fact_id, subject, predicate, obj, object_value, time, time, None, negated, [member]
    )


TYPES = {"kb:leader": "person", "kb:iskp": "armed_group"}
WITHIN = {("geo:achin", "geo:af"), ("geo:nangarhar", "geo:af"), ("geo:achin", "geo:nangarhar")}
CONTEXT = Context(
    entity_types=TYPES,
    within=lambda inner, outer: (inner, outer) in WITHIN,
    periods={"s1": (2023, 2023), "s2": (2023, 2023), "s3": (2019, 2019), "s4": (2023, 2023)},
)


def fields(*facts: MergedFact) -> list[str]:
    return [c.field for c in find_contradictions(list(facts), CONTEXT)]


def test_a_leader_killed_in_two_years_is_a_contradiction() -> None:
    # the killers differ too: the key of `killed` is the person killed
    [item] = find_contradictions(
        [
            fact("k1", "killed", time="2019"),
            fact("k2", "killed", subject="kb:taliban", time="2020-03"),
        ],
        CONTEXT,
    )
    assert (item.key_id, item.field, item.a, item.b) == ("kb:leader", "time", "k1", "k2")


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ([fact("k1", "killed", time="2019"), fact("k2", "killed", time="2019-07")], []),
        ([fact("k1", "killed", time="2019"), fact("k2", "killed")], []),
        # a group "killed" twice is no contradiction: only people die once
        (
            [
                fact("k1", "killed", obj="kb:iskp", time="2019"),
                fact("k2", "killed", obj="kb:iskp", time="2020"),
            ],
            [],
        ),
        (
            [
                fact("f1", "founded_in", subject="kb:iskp", obj="geo:nangarhar"),
                fact("f2", "founded_in", subject="kb:iskp", obj="geo:af"),
            ],
            [],
        ),
        (
            [
                fact("f1", "founded_in", subject="kb:iskp", obj="geo:nangarhar"),
                fact("f2", "founded_in", subject="kb:iskp", obj="geo:syria"),
            ],
            ["object"],
        ),
        (
            [
                fact("f1", "founded_in", subject="kb:iskp", obj="geo:af", time="2015-01"),
                fact("f2", "founded_in", subject="kb:iskp", obj="geo:af", time="2014"),
            ],
            ["time"],
        ),
        (
            [
                fact("s1", "strength", subject="kb:iskp", value=1500),
                fact("s2", "strength", subject="kb:iskp", value=3000),
            ],
            ["value"],
        ),
        (  # different years: the group may have grown
            [
                fact("s1", "strength", subject="kb:iskp", value=1500),
                fact("s3", "strength", subject="kb:iskp", value=3000),
            ],
            [],
        ),
        (  # overlapping estimates agree
            [
                fact(
                    "s1",
                    "strength",
                    subject="kb:iskp",
                    value=1500,
                    attributes={"min": 1500, "max": 2200},
                ),
                fact("s2", "strength", subject="kb:iskp", value=2000),
            ],
            [],
        ),
        (  # within the tolerance
            [
                fact("s1", "strength", subject="kb:iskp", value=4000),
                fact("s2", "strength", subject="kb:iskp", value=4500),
            ],
            [],
        ),
        (  # different units count different things
            [
                fact("s1", "strength", subject="kb:iskp", value=1500),
                fact("s4", "strength", subject="kb:iskp", value=6000, unit="families"),
            ],
            [],
        ),
        (
            [
                fact("a1", "active_in", subject="kb:iskp", obj="geo:achin"),
                fact("a2", "active_in", subject="kb:iskp", obj="geo:achin", negated=True),
            ],
            ["negated"],
        ),
        (  # not functional: a group is active in many places
            [
                fact("a1", "active_in", subject="kb:iskp", obj="geo:achin"),
                fact("a2", "active_in", subject="kb:iskp", obj="geo:syria"),
            ],
            [],
        ),
    ],
)
def test_contradiction_table(facts: list[MergedFact], expected: list[str]) -> None:
    assert fields(*facts) == expected


def test_opponents_link_both_sides() -> None:
    found = find_contradictions(
        [
            fact("k1", "killed", time="2019"),
            fact("k2", "killed", time="2020"),
            fact("k3", "killed", time="2021"),
        ],
        CONTEXT,
    )
    assert opponents(found) == {"k1": ["k2", "k3"], "k2": ["k1", "k3"], "k3": ["k1", "k2"]}


def test_the_shipped_rules_load() -> None:
    rules = load_rules()
    assert {"killed", "founded_in", "strength"} <= set(rules)
    assert rules["killed"].key == "object" and rules["strength"].same_period


@pytest.mark.parametrize(
    "raw",
    [
        None,
        {"functional": {"killed": {"key": "nobody", "differ": ["time"]}}},
        {"functional": {"killed": {"key": "object", "differ": ["colour"]}}},
        {"functional": {"killed": {"key": "object", "differ": ["time"], "extra": 1}}},
    ],
)
def test_bad_rules_say_which_file(raw: object) -> None:
    with pytest.raises(KnowledgeBaseError, match="contradictions.yaml"):
        parse_rules(raw)
