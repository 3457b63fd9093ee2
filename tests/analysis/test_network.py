"""The actor network: typed edges, centrality, neighbourhoods and layout (no model)."""

from __future__ import annotations

from typing import Any

import pytest

from spoor.analysis.network import betweenness, build_network, layout, trim


def ent(key: str, kind: str = "armed_group") -> dict[str, Any]:
    return {"id": key, "name": key.upper(), "type": kind}


def fact(
    subject: str, predicate: str, target: str, conf: float = 0.5, **extra: Any
) -> dict[str, Any]:
    kinds = {"p": "person", "o": "media_outlet", "x": "province"}
    return {
        "id": f"{subject}-{predicate}-{target}-{conf}",
        "subject": ent(subject, kinds.get(subject[0], "armed_group")),
        "predicate": predicate,
        "object": ent(target, kinds.get(target[0], "armed_group")),
        "confidence": conf,
        "negated": extra.get("negated", False),
    }


FACTS = [
    fact("p1", "leader_of", "g1", 0.7),
    fact("p1", "leader_of", "g1", 0.4),  # same edge, second fact
    fact("o1", "media_arm_of", "g1"),
    fact("g1", "attacked", "g2"),
    fact("g2", "allied_with", "g3"),
    fact("g1", "active_in", "x1"),  # a place: not an actor
    fact("g3", "enemy_of", "g4", negated=True),
]


def test_edges_merge_facts_and_keep_the_best_confidence() -> None:
    network = build_network(FACTS)
    assert set(network.nodes) == {"p1", "g1", "o1", "g2", "g3"}
    leads = [e for e in network.edges if e.predicate == "leader_of"]
    assert len(leads) == 1 and leads[0].confidence == 0.7 and len(leads[0].fact_ids) == 2
    assert [e.hostile for e in network.edges if e.predicate == "attacked"] == [True]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        # A path a-b-c: b lies on the only shortest path between a and c.
        ({"a": {"b"}, "b": {"a", "c"}, "c": {"b"}}, {"a": 0.0, "b": 1.0, "c": 0.0}),
        # A star around h with three leaves: h on all 3 of 3 pairs.
        (
            {"h": {"x", "y", "z"}, "x": {"h"}, "y": {"h"}, "z": {"h"}},
            {"h": 1.0, "x": 0.0, "y": 0.0, "z": 0.0},
        ),
        # A triangle: nobody is needed.
        ({"a": {"b", "c"}, "b": {"a", "c"}, "c": {"a", "b"}}, {"a": 0.0, "b": 0.0, "c": 0.0}),
        # A square: each node carries half of one pair out of three.
        (
            {"a": {"b", "d"}, "b": {"a", "c"}, "c": {"b", "d"}, "d": {"a", "c"}},
            {k: pytest.approx(1 / 6) for k in "abcd"},
        ),
    ],
)
def test_betweenness(links: dict[str, set[str]], expected: dict[str, float]) -> None:
    assert betweenness(links) == expected


def test_centrality_and_focus_neighbourhood() -> None:
    network = build_network(FACTS)
    assert network.ranked()[0].id == "g1"
    assert network.nodes["g1"].degree == pytest.approx(3 / 4)
    focused = build_network(FACTS, focus="o1")
    assert set(focused.nodes) == {"o1", "g1", "p1", "g2"}  # two steps from the outlet
    assert build_network(FACTS, focus="nobody").nodes == {}


def test_layout_is_deterministic_and_inside_the_box() -> None:
    first, second = build_network(FACTS), build_network(FACTS)
    layout(first, 600, 400)
    layout(second, 600, 400)
    assert [(n.x, n.y) for n in first.nodes.values()] == [(n.x, n.y) for n in second.nodes.values()]
    assert all(0 <= n.x <= 600 and 0 <= n.y <= 400 for n in first.nodes.values())


def test_trim_keeps_the_most_central() -> None:
    small = trim(build_network(FACTS), 2)
    assert set(small.nodes) == {"g1", "g2"}
    assert [(e.source, e.target) for e in small.edges] == [("g1", "g2")]
