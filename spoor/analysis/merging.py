"""Fact merging: one claim read in several documents becomes one fact.

The store keeps one row per distinct reading (a fact's stored id hashes its
subject, predicate, object, time, place and negation), so "killed in March
2024" and "killed on 22 March 2024" are two rows. Readers merge them here,
at read time, because what counts as "the same" changes after ingestion:
an analyst's entity merge (a judgement, which can be undone) makes two
subjects one, and re-writing stored rows on every judgement would break
the writer's insert-only, idempotent design.

Two stored facts merge when their subject, predicate, object and negation
are equal (after entity merges) and their times and places are compatible:

- a missing time or place says nothing and is compatible with any;
- two times are compatible when one interval contains the other
  ("2024-03" contains "2024-03-22" and the range "2024-03-05".."2024-03-09").

A merged fact's time is the coarsest of its members (what they all agree
on), its place the one given. Its id is the stored id of that coarsest
member (the smallest id among equals), so a single-reading fact keeps the
id it always had; judgements made on any member apply to the whole.
"""

from __future__ import annotations

import calendar
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

Interval = tuple[date, date]


@dataclass(slots=True)
class StoredFact:
    """The identity columns of one row of the ``facts`` table."""

    id: str
    subject_id: str
    predicate: str
    object_id: str | None
    object_value: str | None  # JSON {"value", "type", "unit"}
    time_start: str | None
    time_end: str | None
    place_id: str | None
    negated: bool
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class MergedFact:
    id: str
    subject_id: str
    predicate: str
    object_id: str | None
    object_value: str | None
    time_start: str | None
    time_end: str | None
    place_id: str | None
    negated: bool
    members: list[StoredFact]

    @property
    def member_ids(self) -> list[str]:
        return sorted(m.id for m in self.members)

    @property
    def value(self) -> dict[str, Any] | None:
        return None if self.object_value is None else json.loads(self.object_value)


def _bound(value: str, *, upper: bool) -> date | None:
    """First (or last) day a date string of any precision covers."""
    try:
        parts = [int(p) for p in value.split("-")]
    except ValueError:
        return None
    try:
        if len(parts) == 1:
            return date(parts[0], 12, 31) if upper else date(parts[0], 1, 1)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return date(parts[0], parts[1], last if upper else 1)
        if len(parts) == 3:
            return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None
    return None


# Merging compares every reading of a claim with the others: the same few thousand time
# strings are read over and over, so their intervals (immutable tuples) are kept.
@lru_cache(maxsize=65536)
def interval(start: str | None, end: str | None) -> Interval | None:
    """The days a time covers; None when no time is given. An open end is unbounded."""
    if start is None and end is None:
        return None
    lo = _bound(start, upper=False) if start else date.min
    hi = _bound(end, upper=True) if end else date.max
    if lo is None or hi is None:
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


def contains(outer: Interval, inner: Interval) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def times_compatible(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two (start, end) times can describe the same event."""
    span_a, span_b = interval(*a), interval(*b)
    if span_a is None or span_b is None:
        # No time, or one we cannot read: only an exact match is known to agree.
        unreadable = (span_a is None and any(a)) or (span_b is None and any(b))
        return a == b if unreadable else True
    return contains(span_a, span_b) or contains(span_b, span_a)


def _width(fact: StoredFact) -> int:
    span = interval(fact.time_start, fact.time_end)
    return -1 if span is None else (span[1] - span[0]).days


def _identity(fact: StoredFact, canonical: Mapping[str, str]) -> tuple[Any, ...]:
    value: Any = None
    if fact.object_value is not None:
        parsed = json.loads(fact.object_value)
        unit = parsed.get("unit")
        raw = parsed.get("value")
        number = float(raw) if isinstance(raw, int | float) else str(raw)  # 1500 == 1500.0
        value = (number, unit.casefold() if isinstance(unit, str) else unit)
    obj = canonical.get(fact.object_id, fact.object_id) if fact.object_id else None
    return (
        canonical.get(fact.subject_id, fact.subject_id),
        fact.predicate,
        obj,
        value,
        bool(fact.negated),
    )


@dataclass(slots=True)
class _Cluster:
    members: list[StoredFact]

    def accepts(self, fact: StoredFact) -> bool:
        time = (fact.time_start, fact.time_end)
        for member in self.members:
            if not times_compatible((member.time_start, member.time_end), time):
                return False
            if member.place_id and fact.place_id and member.place_id != fact.place_id:
                return False
        return True


def _cluster(facts: list[StoredFact]) -> list[list[StoredFact]]:
    """Split facts of one identity into groups of mutually compatible readings."""
    dated = sorted(
        (f for f in facts if f.time_start or f.time_end),
        key=lambda f: (-_width(f), f.time_start or "", f.time_end or "", f.id),
    )
    undated = sorted((f for f in facts if not (f.time_start or f.time_end)), key=lambda f: f.id)
    clusters: list[_Cluster] = []
    # Each cluster's first reading is its widest, so a readable time can only join a cluster
    # whose first reading's time contains it. A claim read on hundreds of different days has
    # hundreds of clusters: those whose first reading is one day are found by that day, the
    # others (and unreadable times) are checked in turn; the first cluster made wins.
    by_day: dict[date, list[int]] = defaultdict(list)
    wider: list[tuple[Interval | None, int]] = []
    for fact in dated:
        span = interval(fact.time_start, fact.time_end)
        if span is None:
            candidates: Iterable[int] = range(len(clusters))
        else:
            found = [i for anchor, i in wider if anchor is None or contains(anchor, span)]
            if span[0] == span[1]:
                found += by_day.get(span[0], ())
            candidates = sorted(found)
        home = next((clusters[i] for i in candidates if clusters[i].accepts(fact)), None)
        if home is not None:
            home.members.append(fact)
            continue
        if span is not None and span[0] == span[1]:
            by_day[span[0]].append(len(clusters))
        else:
            wider.append((span, len(clusters)))
        clusters.append(_Cluster([fact]))
    # An undated reading agrees with every dated one; when it fits several incompatible
    # readings we cannot tell which it supports, so it then stays a fact of its own.
    loose: list[_Cluster] = []
    for fact in undated:
        fits = [c for c in clusters if c.accepts(fact)]
        if len(fits) == 1:
            fits[0].members.append(fact)
            continue
        home = next((c for c in loose if c.accepts(fact)), None)
        if home is None:
            loose.append(_Cluster([fact]))
        else:
            home.members.append(fact)
    clusters += loose
    return [c.members for c in clusters if c.members]


def merge_facts(
    facts: Iterable[StoredFact], canonical: Mapping[str, str] | None = None
) -> list[MergedFact]:
    """Merge stored facts into facts with several readings, sorted by id."""
    canonical = canonical or {}
    by_identity: dict[tuple[Any, ...], list[StoredFact]] = defaultdict(list)
    for fact in facts:
        by_identity[_identity(fact, canonical)].append(fact)
    merged: list[MergedFact] = []
    for (subject, predicate, obj, _value, negated), group in by_identity.items():
        for members in _cluster(group):
            anchor = members[0]  # the coarsest dated reading, or the smallest undated id
            if not (anchor.time_start or anchor.time_end):
                anchor = min(members, key=lambda f: f.id)
            place = next((m.place_id for m in members if m.place_id), None)
            merged.append(
                MergedFact(
                    id=anchor.id,
                    subject_id=subject,
                    predicate=predicate,
                    object_id=obj,
                    object_value=anchor.object_value,
                    time_start=anchor.time_start,
                    time_end=anchor.time_end,
                    place_id=place,
                    negated=negated,
                    members=members,
                )
            )
    merged.sort(key=lambda m: m.id)
    return merged
