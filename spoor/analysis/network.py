"""The actor network: typed edges with confidence, centrality and a drawing layout.

Nodes are actors (groups, persons, outlets, forces, agencies, governments,
organisations); places and languages stay on the map and in the language
table. Two facts with the same endpoints and predicate are one edge whose
confidence is the best of them. Centrality is degree (share of other nodes
linked) and betweenness (Brandes, unweighted, undirected); the layout is a
seeded force-directed one so the same store always draws the same picture.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ACTOR_TYPES = frozenset(
    {
        "armed_group",
        "person",
        "media_outlet",
        "organization",
        "armed_forces",
        "intelligence_agency",
        "government",
    }
)
# Above this many actors betweenness is skipped (it would take seconds in Python).
BETWEENNESS_LIMIT = 1500
NEGATIVE = frozenset({"enemy_of", "attacked", "killed", "captured", "arrested"})


@dataclass(slots=True)
class Node:
    id: str
    name: str
    type: str
    degree: float = 0.0
    betweenness: float = 0.0
    x: float = 0.0
    y: float = 0.0


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    predicate: str
    confidence: float
    fact_ids: list[str] = field(default_factory=list)

    @property
    def hostile(self) -> bool:
        return self.predicate in NEGATIVE


@dataclass(slots=True)
class Network:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def ranked(self) -> list[Node]:
        return sorted(self.nodes.values(), key=lambda n: (-n.betweenness, -n.degree, n.name))


def build_network(facts: Iterable[Mapping[str, Any]], focus: str | None = None) -> Network:
    """Actors and their typed links; with ``focus``, only the focus's 2-step neighbourhood."""
    network = Network()
    edges: dict[tuple[str, str, str], Edge] = {}
    for fact in facts:
        subject = fact.get("subject") or {}
        target = fact.get("object") or {}
        if fact.get("negated") or subject.get("type") not in ACTOR_TYPES:
            continue
        if target.get("type") not in ACTOR_TYPES or subject.get("id") == target.get("id"):
            continue
        for entity in (subject, target):
            key = str(entity["id"])
            if key not in network.nodes:
                network.nodes[key] = Node(key, str(entity.get("name") or key), str(entity["type"]))
        ends = (str(subject["id"]), str(target["id"]), str(fact.get("predicate")))
        edge = edges.get(ends)
        if edge is None:
            edge = Edge(*ends, confidence=0.0)
            edges[ends] = edge
            network.edges.append(edge)
        edge.confidence = max(edge.confidence, float(fact.get("confidence") or 0.0))
        edge.fact_ids.append(str(fact.get("id")))
    if focus is not None:
        network = _neighbourhood(network, focus, steps=2)
    _centrality(network)
    return network


def _adjacency(network: Network) -> dict[str, set[str]]:
    links: dict[str, set[str]] = {key: set() for key in network.nodes}
    for edge in network.edges:
        links[edge.source].add(edge.target)
        links[edge.target].add(edge.source)
    return links


def _neighbourhood(network: Network, focus: str, steps: int) -> Network:
    links = _adjacency(network)
    if focus not in links:
        return Network()
    keep = {focus}
    frontier = {focus}
    for _ in range(steps):
        frontier = {n for node in frontier for n in links[node]} - keep
        keep |= frontier
    return Network(
        nodes={k: v for k, v in network.nodes.items() if k in keep},
        edges=[e for e in network.edges if e.source in keep and e.target in keep],
    )


def _centrality(network: Network) -> None:
    links = _adjacency(network)
    n = len(links)
    if n == 0:
        return
    for key, node in network.nodes.items():
        node.degree = len(links[key]) / (n - 1) if n > 1 else 0.0
    if n > BETWEENNESS_LIMIT:
        return  # Brandes is O(nodes × edges): on a huge graph rank by degree alone
    scores = betweenness(links)
    for key, node in network.nodes.items():
        node.betweenness = scores[key]


def betweenness(links: Mapping[str, set[str]]) -> dict[str, float]:
    """Normalised betweenness centrality of an undirected, unweighted graph (Brandes 2001)."""
    score = dict.fromkeys(links, 0.0)
    for source in links:
        order: list[str] = []
        preds: dict[str, list[str]] = defaultdict(list)
        paths = dict.fromkeys(links, 0)
        paths[source] = 1
        dist = dict.fromkeys(links, -1)
        dist[source] = 0
        queue = deque([source])
        while queue:
            node = queue.popleft()
            order.append(node)
            for nxt in links[node]:
                if dist[nxt] < 0:
                    dist[nxt] = dist[node] + 1
                    queue.append(nxt)
                if dist[nxt] == dist[node] + 1:
                    paths[nxt] += paths[node]
                    preds[nxt].append(node)
        delta = dict.fromkeys(links, 0.0)
        for node in reversed(order):
            for prev in preds[node]:
                delta[prev] += paths[prev] / paths[node] * (1 + delta[node])
            if node != source:
                score[node] += delta[node]
    n = len(links)
    # Each pair was counted from both ends; normalise by the number of pairs.
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {key: value * scale for key, value in score.items()}


def layout(network: Network, width: float, height: float, iterations: int = 150) -> None:
    """Place nodes with a seeded Fruchterman-Reingold layout inside width × height."""
    nodes = sorted(network.nodes.values(), key=lambda n: n.id)
    if not nodes:
        return
    rng = random.Random(7)
    for node in nodes:
        node.x, node.y = rng.uniform(0, width), rng.uniform(0, height)
    k = math.sqrt(width * height / len(nodes)) * 0.75
    temperature = width / 8
    pairs = [(e.source, e.target) for e in network.edges]
    for _ in range(iterations):
        shift = {node.id: [0.0, 0.0] for node in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                dx, dy = a.x - b.x, a.y - b.y
                dist = max(math.hypot(dx, dy), 0.01)
                push = k * k / dist
                shift[a.id][0] += dx / dist * push
                shift[a.id][1] += dy / dist * push
                shift[b.id][0] -= dx / dist * push
                shift[b.id][1] -= dy / dist * push
        for source, target in pairs:
            a, b = network.nodes[source], network.nodes[target]
            dx, dy = a.x - b.x, a.y - b.y
            dist = max(math.hypot(dx, dy), 0.01)
            pull = dist * dist / k
            shift[a.id][0] -= dx / dist * pull
            shift[a.id][1] -= dy / dist * pull
            shift[b.id][0] += dx / dist * pull
            shift[b.id][1] += dy / dist * pull
        for node in nodes:
            dx, dy = shift[node.id]
            size = max(math.hypot(dx, dy), 0.01)
            node.x += dx / size * min(size, temperature)
            node.y += dy / size * min(size, temperature)
            # Gravity towards the centre keeps small components from drifting off.
            node.x += (width / 2 - node.x) * 0.02
            node.y += (height / 2 - node.y) * 0.02
        temperature *= 0.97
    _fit(nodes, width, height)


def _fit(nodes: list[Node], width: float, height: float, margin: float = 40.0) -> None:
    """Scale into the box, leaving room on the right for labels drawn after each node."""
    xs = [n.x for n in nodes]
    ys = [n.y for n in nodes]
    span_x = max(max(xs) - min(xs), 1.0)
    span_y = max(max(ys) - min(ys), 1.0)
    label_room = min(200.0, width / 4)
    for node in nodes:
        node.x = margin + (node.x - min(xs)) / span_x * (width - 2 * margin - label_room)
        node.y = margin + (node.y - min(ys)) / span_y * (height - 2 * margin)


def trim(network: Network, limit: int) -> Network:
    """The ``limit`` most central nodes and the edges among them (for drawing)."""
    if len(network.nodes) <= limit:
        return network
    keep = {node.id for node in network.ranked()[:limit]}
    return Network(
        nodes={k: v for k, v in network.nodes.items() if k in keep},
        edges=[e for e in network.edges if e.source in keep and e.target in keep],
    )
