"""Contradictions: facts about the same thing that cannot both be true.

Which predicates are functional, and in which fields, is data:
``spoor/kb/lexicons/contradictions.yaml``. A leader is killed once (the
key is the killed person; two years or two unrelated places clash), a
group is founded once (two places that do not contain each other clash),
a group's strength at one time is one number (1,500 vs 3,000 in the same
year clash; estimates within a tolerance, or overlapping ranges, agree).
A fact and its negation always clash.

The checks work on merged facts (spoor.analysis.merging), so compatible
readings ("2019" and "2019-03") have already become one fact and cannot
contradict each other.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from spoor.analysis.merging import MergedFact, times_compatible
from spoor.errors import KnowledgeBaseError

RULES_FILE = Path(__file__).resolve().parent.parent / "kb" / "lexicons" / "contradictions.yaml"
FIELDS = frozenset({"time", "place", "object", "value"})

# (inner, outer) -> whether place/entity id `inner` lies within `outer`.
Within = Callable[[str, str], bool]


@dataclass(slots=True, frozen=True)
class Rule:
    predicate: str
    key: str  # "subject" | "object"
    differ: tuple[str, ...]
    key_types: frozenset[str] = frozenset()
    same_period: bool = False
    tolerance: float = 0.0


@dataclass(slots=True, frozen=True)
class Contradiction:
    """Merged facts ``a`` and ``b`` (a < b) disagree on ``field`` about ``key_id``."""

    predicate: str
    key_id: str
    field: str  # time | place | object | value | negated
    a: str
    b: str


@dataclass(slots=True)
class Context:
    """What the checks need to know beyond the facts themselves."""

    entity_types: Mapping[str, str] = field(default_factory=dict)
    within: Within = lambda inner, outer: False
    # merged fact id -> (first year, last year) its claim refers to, for same_period rules
    periods: Mapping[str, tuple[int, int]] = field(default_factory=dict)


def _fail(problem: str) -> KnowledgeBaseError:
    return KnowledgeBaseError(f"{RULES_FILE}: {problem}; fix the file and run again.")


def parse_rules(raw: Any) -> dict[str, Rule]:
    if not isinstance(raw, dict) or not isinstance(raw.get("functional"), dict):
        raise _fail("expected a mapping with a 'functional' mapping of predicates")
    rules: dict[str, Rule] = {}
    for predicate, spec in raw["functional"].items():
        if not isinstance(spec, dict):
            raise _fail(f"{predicate}: expected a mapping")
        unknown = set(spec) - {"key", "differ", "key_types", "same_period", "tolerance"}
        if unknown:
            raise _fail(f"{predicate}: unknown fields {sorted(unknown)}")
        if spec.get("key") not in ("subject", "object"):
            raise _fail(f"{predicate}: key must be 'subject' or 'object'")
        differ = tuple(spec.get("differ") or ())
        if not differ or not set(differ) <= FIELDS:
            raise _fail(f"{predicate}: differ must list some of {sorted(FIELDS)}")
        rules[predicate] = Rule(
            predicate=predicate,
            key=spec["key"],
            differ=differ,
            key_types=frozenset(spec.get("key_types") or ()),
            same_period=bool(spec.get("same_period", False)),
            tolerance=float(spec.get("tolerance", 0.0)),
        )
    return rules


@functools.lru_cache(maxsize=1)
def load_rules(path: Path = RULES_FILE) -> dict[str, Rule]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise _fail(f"cannot be read ({err})") from err
    return parse_rules(raw)


def _places_clash(a: str | None, b: str | None, within: Within) -> bool:
    if not a or not b or a == b:
        return False
    return not (within(a, b) or within(b, a))


def _range(fact: MergedFact) -> tuple[float, float, str | None] | None:
    value = fact.value
    if value is None:
        return None
    raw = value.get("value")
    try:
        low = float(raw) if isinstance(raw, int | float | str) else float("nan")
    except ValueError:
        return None
    if low != low:  # NaN: not a number we can compare
        return None
    high = low
    for member in fact.members:
        attrs = member.attributes
        if isinstance(attrs.get("min"), int | float) and isinstance(attrs.get("max"), int | float):
            low, high = min(low, float(attrs["min"])), max(high, float(attrs["max"]))
    unit = value.get("unit")
    return low, high, unit.casefold().rstrip("s") if isinstance(unit, str) else None


def values_clash(a: MergedFact, b: MergedFact, tolerance: float) -> bool:
    range_a, range_b = _range(a), _range(b)
    if range_a is None or range_b is None:
        return False
    if range_a[2] and range_b[2] and range_a[2] != range_b[2]:
        return False  # "fighters" and "families" count different things
    low, high = sorted([range_a, range_b], key=lambda r: (r[0], r[1]))
    if low[1] >= high[0]:
        return False  # the ranges overlap
    return high[0] > low[1] * (1.0 + tolerance)


def _clash(rule: Rule, a: MergedFact, b: MergedFact, context: Context) -> str | None:
    for name in rule.differ:
        if name == "time":
            both = (a.time_start or a.time_end) and (b.time_start or b.time_end)
            if both and not times_compatible(
                (a.time_start, a.time_end), (b.time_start, b.time_end)
            ):
                return "time"
        elif name == "place" and _places_clash(a.place_id, b.place_id, context.within):
            return "place"
        elif name == "object" and _places_clash(a.object_id, b.object_id, context.within):
            return "object"
        elif name == "value" and values_clash(a, b, rule.tolerance):
            return "value"
    return None


def _same_period(a: MergedFact, b: MergedFact, context: Context) -> bool:
    period_a, period_b = context.periods.get(a.id), context.periods.get(b.id)
    if period_a is None or period_b is None:
        return False
    return period_a[0] <= period_b[1] and period_b[0] <= period_a[1]


def _functional(
    facts: Sequence[MergedFact], rules: Mapping[str, Rule], context: Context
) -> list[Contradiction]:
    buckets: dict[tuple[str, str], list[MergedFact]] = defaultdict(list)
    for fact in facts:
        rule = rules.get(fact.predicate)
        if rule is None or fact.negated:
            continue
        key = fact.subject_id if rule.key == "subject" else fact.object_id
        if not key or (rule.key_types and context.entity_types.get(key) not in rule.key_types):
            continue
        buckets[(fact.predicate, key)].append(fact)
    found: list[Contradiction] = []
    for (predicate, key), bucket in sorted(buckets.items()):
        rule = rules[predicate]
        for a, b in itertools.combinations(sorted(bucket, key=lambda f: f.id), 2):
            if rule.same_period and not _same_period(a, b, context):
                continue
            clash = _clash(rule, a, b, context)
            if clash is not None:
                found.append(Contradiction(predicate, key, clash, a.id, b.id))
    return found


def _negations(facts: Sequence[MergedFact], context: Context) -> list[Contradiction]:
    by_claim: dict[tuple[Any, ...], list[MergedFact]] = defaultdict(list)
    for fact in facts:
        claim = (fact.subject_id, fact.predicate, fact.object_id, fact.object_value)
        by_claim[claim].append(fact)
    found: list[Contradiction] = []
    for (subject, predicate, _obj, _value), bucket in by_claim.items():
        said = [f for f in bucket if not f.negated]
        denied = [f for f in bucket if f.negated]
        for yes, no in itertools.product(said, denied):
            if not times_compatible((yes.time_start, yes.time_end), (no.time_start, no.time_end)):
                continue
            if _places_clash(yes.place_id, no.place_id, context.within):
                continue
            a, b = sorted([yes.id, no.id])
            found.append(Contradiction(predicate, subject, "negated", a, b))
    return found


def find_contradictions(
    facts: Sequence[MergedFact],
    context: Context | None = None,
    rules: Mapping[str, Rule] | None = None,
) -> list[Contradiction]:
    """Every pair of merged facts that cannot both hold, in a stable order."""
    context = context or Context()
    rules = load_rules() if rules is None else rules
    found = _functional(facts, rules, context) + _negations(facts, context)
    return sorted(set(found), key=lambda c: (c.predicate, c.key_id, c.a, c.b, c.field))


def opponents(contradictions: Sequence[Contradiction]) -> dict[str, list[str]]:
    """Merged fact id -> the ids of the facts it contradicts."""
    found: dict[str, set[str]] = defaultdict(set)
    for item in contradictions:
        found[item.a].add(item.b)
        found[item.b].add(item.a)
    return {key: sorted(value) for key, value in found.items()}
