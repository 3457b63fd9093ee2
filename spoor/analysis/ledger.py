"""The claims ledger: independent sources and confidence for each fact.

Independence. A fact's documents are grouped with union-find: two
documents fall together when one reuses the other's text and the fact's
evidence in it lies inside a reused passage, or when both attribute the
claim to the same named origin ("according to X"). Each group is one
independent source.

Confidence. Each independent source i lends a strength

    s_i = BASE * reliability(i) * hedge(i) * vagueness(i)

where reliability follows the Admiralty grade of the source (A best, F
"cannot be judged"), hedge is HEDGE_FACTOR when every piece of the group's
evidence is hedged, and vagueness is VAGUE_FACTOR when every piece is
vaguely attributed ("sources say"). Confidence is the chance that at least
one source is right, 1 - Π(1 - s_i). It is monotonic by construction:
another independent source multiplies in a factor ≤ 1 on the doubt and so
never lowers confidence; a hedge only ever shrinks s_i.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spoor.stages.reuse import inside

BASE = 0.6
HEDGE_FACTOR = 0.6
VAGUE_FACTOR = 0.7
RELIABILITY = {"A": 1.0, "B": 0.9, "C": 0.8, "D": 0.6, "E": 0.4, "F": 0.75}


@dataclass(slots=True)
class EvidenceView:
    """What the ledger needs to know about one piece of evidence."""

    doc_id: str
    start: int
    end: int
    source: str | None
    hedged: bool
    attributed_to: str | None
    vague_attribution: bool
    reliability: str = "F"


@dataclass(slots=True)
class ReuseView:
    doc_id: str
    source_doc_id: str
    spans: list[tuple[int, int]]


@dataclass(slots=True)
class Ledger:
    n_sources: int
    n_independent_sources: int
    confidence: float
    groups: list[list[str]]


class _UnionFind:
    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def independent_groups(
    evidence: Sequence[EvidenceView], reuse: Sequence[ReuseView]
) -> list[list[str]]:
    doc_ids = sorted({e.doc_id for e in evidence})
    groups = _UnionFind(doc_ids)
    by_doc: dict[str, list[EvidenceView]] = {}
    for item in evidence:
        by_doc.setdefault(item.doc_id, []).append(item)
    for link in reuse:
        if link.doc_id not in groups.parent or link.source_doc_id not in groups.parent:
            continue
        # The copy counts once only for claims it makes inside the copied text.
        if any(inside(link.spans, e.start, e.end) for e in by_doc[link.doc_id]):
            groups.union(link.doc_id, link.source_doc_id)
    origins: dict[str, str] = {}
    for item in evidence:
        if item.attributed_to and not item.vague_attribution:
            origin = item.attributed_to.casefold().strip()
            if origin in origins:
                groups.union(origins[origin], item.doc_id)
            else:
                origins[origin] = item.doc_id
    clusters: dict[str, list[str]] = {}
    for doc_id in doc_ids:
        clusters.setdefault(groups.find(doc_id), []).append(doc_id)
    return sorted(clusters.values())


def source_strength(items: Sequence[EvidenceView]) -> float:
    """Strength lent by one independent group: its best piece of evidence."""
    best = 0.0
    for item in items:
        strength = BASE * RELIABILITY.get(item.reliability, RELIABILITY["F"])
        if item.hedged:
            strength *= HEDGE_FACTOR
        if item.vague_attribution:
            strength *= VAGUE_FACTOR
        best = max(best, strength)
    return best


def assess(evidence: Sequence[EvidenceView], reuse: Sequence[ReuseView] = ()) -> Ledger:
    groups = independent_groups(evidence, reuse)
    doubt = 1.0
    for group in groups:
        members = [e for e in evidence if e.doc_id in group]
        doubt *= 1.0 - source_strength(members)
    return Ledger(
        n_sources=len({e.doc_id for e in evidence}),
        n_independent_sources=len(groups),
        confidence=round(1.0 - doubt, 4),
        groups=groups,
    )
