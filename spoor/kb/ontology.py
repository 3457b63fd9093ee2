"""The ontology (entity types, predicates, ACLED / PLOVER mapping), read from ontology.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from spoor.errors import KnowledgeBaseError

FAMILIES = frozenset({"actor", "place", "population", "language"})
PREDICATE_FAMILIES = frozenset(
    {"relation", "event", "footprint", "recruitment", "propaganda", "quantity"}
)
VALUE_OBJECTS = frozenset({"quantity", "text"})
# PLOVER's sixteen event types.
PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class EntityType:
    name: str
    family: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class AcledCategory:
    event_type: str
    sub_event_type: str


@dataclass(frozen=True, slots=True)
class EventMapping:
    """How an event predicate maps to ACLED: a default, refined by tactic, then by target."""

    default: AcledCategory
    by_tactic: Mapping[str, AcledCategory] = field(default_factory=dict)
    by_target: Mapping[str, AcledCategory] = field(default_factory=dict)
    approximate: bool = False

    def category(self, tactic: str | None = None, target_kind: str | None = None) -> AcledCategory:
        """ACLED category for an event; a civilian target outranks a clash-like tactic, but
        not an explosion or remote violence (ACLED codes a bombing of civilians as
        Explosions/Remote violence)."""
        by_tactic: AcledCategory | None = None
        if tactic is not None:
            key = tactic.strip().lower().replace(" ", "_").replace("-", "_")
            by_tactic = self.by_tactic.get(key)
        clash_like = by_tactic is None or by_tactic.event_type == self.default.event_type
        if target_kind is not None and target_kind in self.by_target and clash_like:
            return self.by_target[target_kind]
        return by_tactic or self.default


@dataclass(frozen=True, slots=True)
class Predicate:
    name: str
    family: str
    subject_types: frozenset[str]
    object_types: frozenset[str]
    symmetric: bool = False
    acled: EventMapping | None = None
    plover: str | None = None

    def accepts(self, subject_type: str, object_type: str) -> bool:
        return subject_type in self.subject_types and object_type in self.object_types


@dataclass(frozen=True, slots=True)
class Ontology:
    entity_types: Mapping[str, EntityType]
    predicates: Mapping[str, Predicate]
    type_sets: Mapping[str, frozenset[str]]
    version: int = 1

    def family(self, entity_type: str) -> str | None:
        """ "actor", "place", "population" or "language"; None for an unknown type."""
        found = self.entity_types.get(entity_type)
        return found.family if found else None

    def types_in(self, family: str) -> frozenset[str]:
        return frozenset(t.name for t in self.entity_types.values() if t.family == family)

    def predicate(self, name: str) -> Predicate:
        try:
            return self.predicates[name]
        except KeyError:
            raise KeyError(f"{name!r} is not a predicate of ontology v{self.version}") from None


def _fail(file: Path, where: str, problem: str) -> KnowledgeBaseError:
    return KnowledgeBaseError(f"{file}: {where}: {problem}. Fix the file and load again.")


def _mapping(value: Any, file: Path, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(file, where, "must be a mapping")
    return value


def _entity_types(raw: Mapping[str, Any], file: Path) -> dict[str, EntityType]:
    types = {}
    for name, spec in _mapping(raw.get("entity_types"), file, "entity_types").items():
        spec = _mapping(spec, file, f"entity_types.{name}")
        family = spec.get("family")
        if family not in FAMILIES:
            where = f"entity_types.{name}.family"
            raise _fail(file, where, f"{family!r} not in {sorted(FAMILIES)}")
        types[name] = EntityType(name, family, str(spec.get("description", "")))
    return types


def _type_sets(raw: Mapping[str, Any], types: Mapping[str, EntityType], file: Path) -> dict:
    sets: dict[str, frozenset[str]] = {}
    for name, members in _mapping(raw.get("type_sets", {}), file, "type_sets").items():
        if not isinstance(members, list):
            raise _fail(file, f"type_sets.{name}", "must be a list of entity types")
        unknown = [m for m in members if m not in types]
        if unknown:
            raise _fail(file, f"type_sets.{name}", f"unknown entity types {unknown}")
        sets[name] = frozenset(members)
    return sets


def _expand(
    values: Any, types: Mapping[str, EntityType], sets: Mapping[str, frozenset[str]],
    file: Path, where: str, allow_values: bool,
) -> frozenset[str]:  # fmt: skip
    if not isinstance(values, list) or not values:
        raise _fail(file, where, "must be a non-empty list of types or @type_sets")
    expanded: set[str] = set()
    for value in values:
        if isinstance(value, str) and value.startswith("@"):
            if value[1:] not in sets:
                raise _fail(file, where, f"unknown type set {value!r}")
            expanded |= sets[value[1:]]
        elif value in types or (allow_values and value in VALUE_OBJECTS):
            expanded.add(value)
        else:
            raise _fail(file, where, f"{value!r} is not an entity type")
    return frozenset(expanded)


def _acled(
    spec: Any, categories: Mapping[str, AcledCategory], file: Path, where: str
) -> EventMapping | None:
    if spec is None:
        return None
    spec = _mapping(spec, file, where)

    def lookup(key: Any, at: str) -> AcledCategory:
        if key not in categories:
            raise _fail(file, at, f"{key!r} is not in acled_categories")
        return categories[key]

    by_tactic = {
        str(t): lookup(c, f"{where}.by_tactic.{t}")
        for t, c in _mapping(spec.get("by_tactic", {}), file, f"{where}.by_tactic").items()
    }
    by_target = {
        str(t): lookup(c, f"{where}.by_target.{t}")
        for t, c in _mapping(spec.get("by_target", {}), file, f"{where}.by_target").items()
    }
    return EventMapping(
        default=lookup(spec.get("default"), f"{where}.default"),
        by_tactic=by_tactic,
        by_target=by_target,
        approximate=bool(spec.get("approximate", False)),
    )


def _categories(raw: Mapping[str, Any], file: Path) -> dict[str, AcledCategory]:
    found = {}
    for key, spec in _mapping(raw.get("acled_categories", {}), file, "acled_categories").items():
        spec = _mapping(spec, file, f"acled_categories.{key}")
        event, sub = spec.get("event_type"), spec.get("sub_event_type")
        if not isinstance(event, str) or not isinstance(sub, str):
            raise _fail(file, f"acled_categories.{key}", "needs event_type and sub_event_type")
        found[key] = AcledCategory(event, sub)
    return found


def _predicate(
    name: str, spec: Any, types: Mapping[str, EntityType], sets: Mapping[str, frozenset[str]],
    categories: Mapping[str, AcledCategory], file: Path,
) -> Predicate:  # fmt: skip
    where = f"predicates.{name}"
    spec = _mapping(spec, file, where)
    family = spec.get("family")
    if family not in PREDICATE_FAMILIES:
        raise _fail(file, f"{where}.family", f"{family!r} not in {sorted(PREDICATE_FAMILIES)}")
    plover = spec.get("plover")
    if plover is not None and plover not in PLOVER_TYPES:
        raise _fail(file, f"{where}.plover", f"{plover!r} is not a PLOVER event type")
    acled = _acled(spec.get("acled"), categories, file, f"{where}.acled")
    if acled is not None and family != "event":
        raise _fail(file, f"{where}.acled", "only event predicates map to ACLED")
    return Predicate(
        name=name,
        family=family,
        subject_types=_expand(spec.get("subject"), types, sets, file, f"{where}.subject", False),
        object_types=_expand(spec.get("object"), types, sets, file, f"{where}.object", True),
        symmetric=bool(spec.get("symmetric", False)),
        acled=acled,
        plover=plover,
    )


def load_ontology(file: Path) -> Ontology:
    """Read and validate ``ontology.yaml``."""
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise KnowledgeBaseError(f"{file}: not valid YAML ({err}). Fix the file.") from err
    except OSError as err:
        raise KnowledgeBaseError(f"{file}: cannot be read ({err}).") from err
    raw = _mapping(raw, file, "top level")
    types = _entity_types(raw, file)
    sets = _type_sets(raw, types, file)
    categories = _categories(raw, file)
    predicates = {
        name: _predicate(name, spec, types, sets, categories, file)
        for name, spec in _mapping(raw.get("predicates"), file, "predicates").items()
    }
    return Ontology(
        entity_types=types,
        predicates=predicates,
        type_sets=sets,
        version=int(raw.get("version", 1)),
    )
