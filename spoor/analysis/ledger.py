"""The claims ledger: independent sources, confidence and credibility of each fact.

Independence. A fact's documents are grouped with union-find: two
documents fall together when one reuses the other's text and the fact's
evidence in the copy lies inside a reused passage (the writer stores a
reuse link from the later-published copy, with the copied spans), or when
both attribute the claim to the same named origin ("according to X").
Wire copies and syndicated versions share their text, so they fall
together too. Each group is one independent source.

Confidence. Each independent source i lends a strength

    s_i = BASE * reliability(i) * hedge(i) * vagueness(i) * negation

taken from the group's best piece of evidence: reliability follows the
Admiralty grade of the outlet (A best; F "cannot be judged" sits between C
and D, a neutral prior for an outlet nobody rated); hedge is HEDGE_FACTOR
for a hedged piece ("reportedly", "may"); vagueness is VAGUE_FACTOR for a
vague attribution ("sources said"); negation is NEGATION_FACTOR for a
claim that something did not happen (absence is harder to observe). The
raw confidence is the chance that at least one independent source is
right:

    raw = 1 - Π_i (1 - s_i)

A contradicted fact (same subject and predicate, incompatible value; see
spoor.analysis.contradictions) is discounted by its strongest opponent's
raw confidence:

    confidence = raw * (1 - CONTRADICTION_WEIGHT * max_j raw_j)

Monotonic by construction: another independent source multiplies the doubt
by a factor ≤ 1, so it never lowers confidence; a hedge, a vague
attribution, a worse rating or a contradiction only ever shrinks a factor.
(A vague attribution is no origin: "according to X" in two documents joins
them, "sources said" does not. So turning a named origin into a vague one
can split a group; with the groups unchanged it only lowers confidence.)
Two unhedged independent sources (1 - (1 - 0.6 r)^2 ≥ 0.6 r) always beat
one hedged, vaguely attributed source at the same rating (0.252 r).

Credibility. The Admiralty information-credibility grade, stored in a
fact's attributes as ``credibility``:

    1 confirmed        ≥ 2 independent sources without hedge or vague attribution
    2 probably true    ≥ 2 independent sources, or one unhedged source rated A or B
    3 possibly true    one unhedged, named or unattributed source
    4 doubtful         one source that hedges or is vague
    5 improbable       contradicted by a fact with more confidence
    6 cannot be judged one source that both hedges and is vague, rated F
A contradicted fact that is not the weaker side is at best 3.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spoor.stages.reuse import inside

BASE = 0.6
HEDGE_FACTOR = 0.6
VAGUE_FACTOR = 0.7
NEGATION_FACTOR = 0.8
CONTRADICTION_WEIGHT = 0.5
RELIABILITY = {"A": 1.0, "B": 0.9, "C": 0.8, "D": 0.6, "E": 0.4, "F": 0.75}
GRADES = "ABCDEF"


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

    @property
    def firm(self) -> bool:
        """Neither hedged nor vaguely attributed."""
        return not (self.hedged or self.vague_attribution)


@dataclass(slots=True)
class ReuseView:
    """``doc_id`` copies text of ``source_doc_id``; ``spans`` are offsets in doc_id."""

    doc_id: str
    source_doc_id: str
    spans: list[tuple[int, int]]


@dataclass(slots=True)
class Ledger:
    n_sources: int
    n_independent_sources: int
    confidence: float
    groups: list[list[str]]
    firm_groups: int = 0  # independent groups with a firm piece of evidence
    best_rating: str = "F"
    hedged_and_vague: bool = False  # every piece both hedges and is vague
    weak_reasons: list[str] = field(default_factory=list)


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


def origin_of(item: EvidenceView) -> str | None:
    """The named origin a piece of evidence cites, normalised; None when vague or absent."""
    if not item.attributed_to or item.vague_attribution:
        return None
    origin = " ".join(item.attributed_to.casefold().split())
    for article in ("the ",):
        origin = origin.removeprefix(article)
    return origin or None


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
        origin = origin_of(item)
        if origin is None:
            continue
        if origin in origins:
            groups.union(origins[origin], item.doc_id)
        else:
            origins[origin] = item.doc_id
    clusters: dict[str, list[str]] = {}
    for doc_id in doc_ids:
        clusters.setdefault(groups.find(doc_id), []).append(doc_id)
    return sorted(clusters.values())


def piece_strength(item: EvidenceView, *, negated: bool = False) -> float:
    strength = BASE * RELIABILITY.get(item.reliability, RELIABILITY["F"])
    if item.hedged:
        strength *= HEDGE_FACTOR
    if item.vague_attribution:
        strength *= VAGUE_FACTOR
    if negated:
        strength *= NEGATION_FACTOR
    return strength


def source_strength(items: Sequence[EvidenceView], *, negated: bool = False) -> float:
    """Strength lent by one independent group: its best piece of evidence."""
    return max((piece_strength(item, negated=negated) for item in items), default=0.0)


def _weak_reasons(evidence: Sequence[EvidenceView], n_independent: int) -> list[str]:
    """Why a claim is weak: one source (and nobody named behind it), hedges, vagueness."""
    reasons: list[str] = []
    if n_independent <= 1:
        reasons.append("single_source")
        if all(e.attributed_to is None for e in evidence):
            reasons.append("unattributed")
    if evidence and all(e.vague_attribution for e in evidence):
        reasons.append("vague_attribution")
    if evidence and all(e.hedged for e in evidence):
        reasons.append("hedged")
    return reasons


def assess(
    evidence: Sequence[EvidenceView],
    reuse: Sequence[ReuseView] = (),
    *,
    negated: bool = False,
) -> Ledger:
    """Independent sources and raw confidence (before contradictions) of one fact."""
    groups = independent_groups(evidence, reuse)
    # By document: a claim read in thousands of documents made this quadratic.
    by_doc: dict[str, list[EvidenceView]] = {}
    for item in evidence:
        by_doc.setdefault(item.doc_id, []).append(item)
    doubt = 1.0
    firm = 0
    for group in groups:
        members = [e for doc_id in group for e in by_doc[doc_id]]
        doubt *= 1.0 - source_strength(members, negated=negated)
        firm += any(e.firm for e in members)
    ratings = [e.reliability if e.reliability in RELIABILITY else "F" for e in evidence]
    return Ledger(
        n_sources=len({e.doc_id for e in evidence}),
        n_independent_sources=len(groups),
        confidence=round(1.0 - doubt, 4),
        groups=groups,
        firm_groups=firm,
        best_rating=max(ratings, key=lambda r: RELIABILITY[r], default="F"),
        hedged_and_vague=bool(evidence) and all(e.hedged and e.vague_attribution for e in evidence),
        weak_reasons=_weak_reasons(evidence, len(groups)),
    )


def contradicted(confidence: float, opposing: Sequence[float]) -> float:
    """Confidence after discounting by the strongest contradicting fact's raw confidence."""
    if not opposing:
        return confidence
    return round(confidence * (1.0 - CONTRADICTION_WEIGHT * max(opposing)), 4)


def credibility(ledger: Ledger, opposing: Sequence[float] = ()) -> int:
    """The Admiralty information-credibility grade (1 confirmed … 6 cannot be judged)."""
    if opposing and max(opposing) > ledger.confidence:
        return 5
    if ledger.firm_groups >= 2:
        grade = 1
    elif ledger.n_independent_sources >= 2:
        grade = 2
    elif ledger.firm_groups == 1:
        grade = 2 if ledger.best_rating in ("A", "B") else 3
    elif ledger.hedged_and_vague and ledger.best_rating == "F":
        grade = 6
    else:
        grade = 4
    return max(grade, 3) if opposing and grade < 3 else grade
