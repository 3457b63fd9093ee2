"""Event facts as a CSV in ACLED's column names and order.

Rows are the event facts (attacked, killed, captured, arrested, released)
that have a located place and a date; undated events are left out rather
than given a guessed date, and negated ones ("did not attack") are never
events. Choices, column by column:

- ``event_date`` is the first day of the reported period and
  ``time_precision`` says how coarse it was, as ACLED does: 1 a day,
  2 a span of up to a week, 3 a month, a year or a longer span.
- ``event_type`` / ``sub_event_type`` come from the fact's
  ``acled_event_type`` / ``acled_sub_event_type`` attributes, else from the
  ontology's mapping of the predicate refined by ``tactic`` and ``target_kind``.
- ``actor2`` is the object when it is an actor; civilians as a target
  (``target_kind = civilians``) are written ``Civilians (Country)``, ACLED's way.
- ``event_id_cnty`` is the ISO 3166 alpha-3 code and a running number per
  country, in date order (``XXX`` when the country is unknown).
- ``geo_precision`` is the place's own (1 town, 2 district or province,
  3 country or wider) when present, else inferred from the place's entity type.
- ``notes`` are the evidence quotes, ``source`` the distinct sources,
  each joined with "; " / " | ".

Cells that a spreadsheet would run as a formula (starting with = + - @ or a
tab) get a leading apostrophe: a quote from hostile text must stay text.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

import pycountry

from spoor.outputs.export.common import (
    EVENT_PREDICATES,
    PartialDate,
    distinct,
    entity_index,
    evidence_of,
    fact_dates,
    object_entity,
    ontology,
    place_types,
    valid_coordinates,
)

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)

# ACLED writes some countries by their short common name, not the ISO name.
ACLED_COUNTRY_NAMES = {
    "BO": "Bolivia",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CI": "Ivory Coast",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TR": "Turkey",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "VE": "Venezuela",
    "VN": "Vietnam",
}

# Geo precision by the type of the place entity, when the place does not say.
PRECISION_BY_TYPE = {
    "city": 1,
    "district": 2,
    "province": 2,
    "country": 3,
    "region": 3,
    "historical_region": 3,
}

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class CountryNames:
    iso3: str
    name: str


def country_names(iso2: str | None) -> CountryNames:
    """ISO alpha-3 and ACLED-style English name for an alpha-2 code ("XXX", "" if unknown)."""
    if not iso2:
        return CountryNames("XXX", "")
    code = iso2.upper()
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return CountryNames("XXX", "")
    name = ACLED_COUNTRY_NAMES.get(code) or getattr(found, "common_name", None) or found.name
    return CountryNames(found.alpha_3, name)


def time_precision(start: PartialDate, end: PartialDate | None) -> int:
    """ACLED time_precision: 1 a day, 2 within a week, 3 a month or coarser."""
    if start.precision != "day":
        return 3
    if end is None or end == start:
        return 1
    span = end.after_last_instant() - start.first_instant()
    return 2 if span.days <= 7 else 3


def event_category(fact: Mapping[str, Any]) -> tuple[str, str]:
    attributes = fact.get("attributes") or {}
    event_type = attributes.get("acled_event_type")
    sub_event_type = attributes.get("acled_sub_event_type")
    if event_type:
        return str(event_type), str(sub_event_type or "")
    predicate = ontology().predicates.get(str(fact.get("predicate")))
    if predicate is None or predicate.acled is None:
        return "", ""
    category = predicate.acled.category(attributes.get("tactic"), attributes.get("target_kind"))
    return category.event_type, category.sub_event_type


def fatalities(fact: Mapping[str, Any]) -> int:
    value: Any = (fact.get("attributes") or {}).get("fatalities")
    try:
        return max(0, int(float(value)))
    except (TypeError, ValueError):
        return 0


def geo_precision(place: Mapping[str, Any], index: Mapping[str, Mapping[str, Any]]) -> int:
    given = place.get("precision")
    if isinstance(given, int) and given in (1, 2, 3):
        return given
    entity = index.get(str(place.get("id"))) or {}
    # An unknown kind of place claims no more precision than we know.
    return PRECISION_BY_TYPE.get(str(entity.get("type")), 3)


def safe_cell(value: str) -> str:
    """Text a spreadsheet will not evaluate: formula-like cells get a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _admin1(place: Mapping[str, Any], index: Mapping[str, Mapping[str, Any]]) -> str:
    """The place's province; a province-level place is its own admin1."""
    if place.get("admin1"):
        return str(place["admin1"])
    entity = index.get(str(place.get("id"))) or {}
    return str(place.get("name") or "") if entity.get("type") == "province" else ""


def _actor2(fact: Mapping[str, Any], country: str) -> str:
    attributes = fact.get("attributes") or {}
    if attributes.get("target_kind") == "civilians":
        return f"Civilians ({country})" if country else "Civilians"
    obj = object_entity(fact)
    if obj is None or obj.get("type") in place_types():
        return ""
    return str(obj.get("name") or "")


def _row(
    fact: Mapping[str, Any], start: PartialDate, index: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    place = fact["place"]
    lat, lon = valid_coordinates(place) or (0.0, 0.0)
    _, end = fact_dates(fact)
    names = country_names(place.get("country"))
    event_type, sub_event_type = event_category(fact)
    evidence = evidence_of(fact)
    text = {
        "actor1": str((fact.get("subject") or {}).get("name") or ""),
        "assoc_actor_1": "",
        "actor2": _actor2(fact, names.name),
        "admin1": _admin1(place, index),
        "admin2": "",
        "location": str(place.get("name") or ""),
        "source": "; ".join(distinct(e.get("source") for e in evidence)),
        "notes": " | ".join(distinct(e.get("quote") for e in evidence)),
    }
    return {
        "event_date": str(start.first_instant().date()),
        "year": start.year,
        "time_precision": time_precision(start, end),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "country": names.name,
        "latitude": f"{lat:.4f}",
        "longitude": f"{lon:.4f}",
        "geo_precision": geo_precision(place, index),
        "fatalities": fatalities(fact),
        "_iso3": names.iso3,
        **{key: safe_cell(value) for key, value in text.items()},
    }


def acled_rows(
    facts: Iterable[Mapping[str, Any]], entities: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The rows, in date order, with their event ids."""
    kept: list[tuple[Mapping[str, Any], PartialDate]] = []
    for fact in facts:
        start, _ = fact_dates(fact)
        if (
            fact.get("predicate") in EVENT_PREDICATES
            and not fact.get("negated")
            and start is not None
            and valid_coordinates(fact.get("place")) is not None
        ):
            kept.append((fact, start))
    index = entity_index((fact for fact, _ in kept), entities)
    rows = [_row(fact, start, index) for fact, start in kept]
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["event_date"], kept[i][0]["id"]))
    numbers: dict[str, int] = defaultdict(int)
    ordered = []
    for i in order:
        row = rows[i]
        iso3 = row.pop("_iso3")
        numbers[iso3] += 1
        row["event_id_cnty"] = f"{iso3}{numbers[iso3]}"
        ordered.append(row)
    return ordered


def write_acled_csv(
    facts: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    documents: Iterable[Mapping[str, Any]],
    stream: TextIO,
) -> int:
    """Write the ACLED-shaped CSV; returns the number of event rows.

    Lines end with a bare newline; open ``stream`` with ``newline=""`` so a
    quote's own line breaks pass through unchanged. ``documents`` is accepted
    for a uniform signature.
    """
    del documents
    writer = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = acled_rows(facts, entities)
    writer.writerows(rows)
    return len(rows)
