"""Helpers shared by the export formats: partial dates, entity lookup, evidence.

Every format reads the same plain dicts (DESIGN.md, "Output contracts"), so
the small questions they all ask live here once: what does ``"2016-07"``
mean as an instant, which entity does an id name, is this object a place,
which evidence comes first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from spoor.kb import KB_DIR
from spoor.kb.ontology import Ontology, load_ontology

Precision = Literal["year", "month", "day"]

# Event predicates that become rows of an event table (ACLED) or dated events.
EVENT_PREDICATES = ("attacked", "killed", "captured", "arrested", "released")

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})")


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    """The packaged ontology (read once): predicate families and ACLED categories."""
    return load_ontology(KB_DIR / "ontology.yaml")


def place_types() -> frozenset[str]:
    return ontology().types_in("place")


def predicate_family(predicate: str) -> str | None:
    found = ontology().predicates.get(predicate)
    return found.family if found else None


def is_symmetric(predicate: str) -> bool:
    found = ontology().predicates.get(predicate)
    return bool(found and found.symmetric)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date that keeps its precision: ``2016`` is a year, never 1 January 2016."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_instant(self) -> datetime:
        """Midnight UTC at the start of the period (for formats that need full instants)."""
        return datetime(self.year, self.month or 1, self.day or 1, tzinfo=UTC)

    def after_last_instant(self) -> datetime:
        """The first instant after the period: an exclusive upper bound."""
        if self.day is not None:
            return self.first_instant() + timedelta(days=1)
        if self.month is not None:
            if self.month == 12:
                return datetime(self.year + 1, 1, 1, tzinfo=UTC)
            return datetime(self.year, self.month + 1, 1, tzinfo=UTC)
        return datetime(self.year + 1, 1, 1, tzinfo=UTC)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


def parse_partial_date(value: Any) -> PartialDate | None:
    """``"YYYY[-MM[-DD]]"`` as a PartialDate; anything else (or an impossible date) is None."""
    if not isinstance(value, str):
        return None
    match = _PARTIAL_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # the pattern makes the year mandatory
    try:
        datetime(year, month or 1, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def parse_instant(value: Any) -> datetime | None:
    """A document date as an instant: a full timestamp, or the start of a partial date."""
    if not isinstance(value, str):
        return None
    match = _TIMESTAMP.match(value.strip())
    if match is not None:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        try:
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except ValueError:
            return None
    partial = parse_partial_date(value)
    return partial.first_instant() if partial else None


def fact_dates(fact: Mapping[str, Any]) -> tuple[PartialDate | None, PartialDate | None]:
    time = fact.get("time") or {}
    return parse_partial_date(time.get("start")), parse_partial_date(time.get("end"))


def object_entity(fact: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fact's object when it is an entity; None for a quantity or text value."""
    obj = fact.get("object") or {}
    return obj if obj.get("id") else None


def object_label(fact: Mapping[str, Any]) -> str:
    """The object's name, or its value with unit, as one string."""
    obj = fact.get("object") or {}
    if obj.get("id"):
        return str(obj.get("name") or obj["id"])
    value = obj.get("value")
    unit = obj.get("unit")
    return f"{value} {unit}" if unit else str(value if value is not None else "")


def evidence_of(fact: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(fact.get("evidence") or [])


def first_evidence(fact: Mapping[str, Any]) -> dict[str, Any]:
    found = evidence_of(fact)
    return found[0] if found else {}


def distinct(values: Iterable[Any]) -> list[str]:
    """Non-empty values as strings, first occurrence kept, order preserved."""
    seen: dict[str, None] = {}
    for value in values:
        if value is not None and str(value).strip():
            seen.setdefault(str(value), None)
    return list(seen)


def is_http(uri: Any) -> bool:
    return isinstance(uri, str) and uri.lower().startswith(("http://", "https://"))


def valid_coordinates(place: Mapping[str, Any] | None) -> tuple[float, float] | None:
    """(lat, lon) when the place has finite, in-range coordinates."""
    if not place:
        return None
    try:
        lat = float(place["lat"])
        lon = float(place["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return lat, lon


def entity_index(
    facts: Iterable[Mapping[str, Any]], entities: Iterable[Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Entities by id: the entity list first, then any subject/object only a fact names.

    A fact nests a summary of its subject and object (no wikidata, no mention
    count), so an entity the list lacks can still be written.
    """
    index: dict[str, dict[str, Any]] = {}
    for entity in entities:
        index[str(entity["id"])] = dict(entity)
    for fact in facts:
        for summary in (fact.get("subject") or {}, object_entity(fact) or {}):
            entity_id = summary.get("id")
            if entity_id and entity_id not in index:
                index[entity_id] = {
                    "id": entity_id,
                    "name": summary.get("name") or entity_id,
                    "type": summary.get("type"),
                    "aliases": list(summary.get("aliases") or []),
                    "wikidata": None,
                }
    return index


def places_by_id(facts: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The located place dicts carried by facts, by place id (first seen wins)."""
    found: dict[str, dict[str, Any]] = {}
    for fact in facts:
        place = fact.get("place")
        if place and place.get("id") and valid_coordinates(place):
            found.setdefault(str(place["id"]), dict(place))
    return found


def document_instant(document: Mapping[str, Any]) -> datetime | None:
    """When a document appeared: its publication date, else when Spoor ingested it."""
    return parse_instant(document.get("published")) or parse_instant(document.get("ingested_at"))
