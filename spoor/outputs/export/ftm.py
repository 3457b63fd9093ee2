"""FollowTheMoney entities as JSON lines, for Aleph and other FtM tools.

Written by hand so ``followthemoney`` (a heavy optional dependency) is not
needed. Every line is ``{"id", "schema", "properties": {name: [values]}}``.

Schemata used:

| Spoor entity type | FtM schema |
|---|---|
| armed_group | Organization (topics ``crime.terror``) |
| media_outlet, organization | Organization |
| government, armed_forces, intelligence_agency | PublicBody (a state body) |
| person | Person |
| country, region, province, district, city, historical_region | Address |
| ethnic_group, language | not written (FtM has no schema for them) |

Facts between two written entities: ``member_of`` / ``leader_of`` from a
person to an organisation become Membership (role ``member`` / ``leader``);
everything else becomes UnknownLink with ``role`` = the predicate. Event
facts carry ``date``; others ``startDate`` / ``endDate``. ``summary`` holds
the quotes, ``publisher`` the sources, ``sourceUrl`` the http(s) URIs and
``description`` the confidence and independent-source count. Facts with a
value object (``strength`` …) become ``notes`` on their subject. Negated
facts are not written: FtM has no way to say a link does not exist.

Ids are ``spoor-`` and the SHA-1 of Spoor's id, which fits FtM's id pattern
and stays the same across exports.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from spoor.outputs.export.common import (
    EVENT_PREDICATES,
    distinct,
    entity_index,
    evidence_of,
    is_http,
    object_entity,
    object_label,
    places_by_id,
    valid_coordinates,
)

SCHEMA_BY_TYPE = {
    "armed_group": "Organization",
    "media_outlet": "Organization",
    "organization": "Organization",
    "government": "PublicBody",
    "armed_forces": "PublicBody",
    "intelligence_agency": "PublicBody",
    "person": "Person",
    "country": "Address",
    "region": "Address",
    "province": "Address",
    "district": "Address",
    "city": "Address",
    "historical_region": "Address",
}
ORGANIZATION_SCHEMATA = frozenset({"Organization", "PublicBody"})
MEMBERSHIP_ROLES = {"member_of": "member", "leader_of": "leader"}


def ftm_id(kind: str, spoor_id: str) -> str:
    return "spoor-" + hashlib.sha1(f"{kind}:{spoor_id}".encode()).hexdigest()


def _clean(properties: Mapping[str, Iterable[Any]]) -> dict[str, list[str]]:
    """Properties as FtM wants them: lists of non-empty strings, empty ones dropped."""
    cleaned = {name: distinct(values) for name, values in properties.items()}
    return {name: values for name, values in cleaned.items() if values}


def entity_record(
    entity: Mapping[str, Any], place: Mapping[str, Any] | None, notes: list[str]
) -> dict[str, Any] | None:
    schema = SCHEMA_BY_TYPE.get(str(entity.get("type")))
    if schema is None:
        return None
    name = entity.get("name") or entity["id"]
    properties: dict[str, list[Any]] = {
        "alias": list(entity.get("aliases") or []),
        "wikidataId": [entity.get("wikidata")],
        "keywords": [entity.get("type")],
        "notes": notes,
    }
    if schema == "Address":
        properties["full"] = [name]
        if entity.get("type") == "city":
            properties["city"] = [name]
        if place is not None:
            properties["region"] = [place.get("admin1")]
            properties["country"] = [str(place.get("country") or "").lower()]
            coordinates = valid_coordinates(place)
            if coordinates is not None:
                properties["latitude"] = [f"{coordinates[0]:.6f}"]
                properties["longitude"] = [f"{coordinates[1]:.6f}"]
    else:
        properties["name"] = [name]
    if entity.get("type") == "armed_group":
        properties["topics"] = ["crime.terror"]
    return {
        "id": ftm_id("entity", str(entity["id"])),
        "schema": schema,
        "properties": _clean(properties),
    }


def _dates(fact: Mapping[str, Any]) -> dict[str, list[Any]]:
    time = fact.get("time") or {}
    start, end = time.get("start"), time.get("end")
    if fact.get("predicate") in EVENT_PREDICATES and (end is None or end == start):
        return {"date": [start]}
    return {"startDate": [start], "endDate": [end]}


def link_record(fact: Mapping[str, Any], subject_schema: str, object_schema: str) -> dict[str, Any]:
    predicate = str(fact.get("predicate"))
    evidence = evidence_of(fact)
    subject_id = ftm_id("entity", str(fact["subject"]["id"]))
    object_id = ftm_id("entity", str(fact["object"]["id"]))
    described = (
        f"{predicate}; confidence {float(fact.get('confidence') or 0):.2f}; "
        f"{fact.get('n_independent_sources') or 0} independent source(s)"
        + ("; hedged" if fact.get("hedged") else "")
    )
    properties: dict[str, list[Any]] = {
        "summary": [e.get("quote") for e in evidence],
        "publisher": [e.get("source") for e in evidence],
        "sourceUrl": [e.get("uri") for e in evidence if is_http(e.get("uri"))],
        "description": [described],
        "recordId": [fact["id"]],
        **_dates(fact),
    }
    role = MEMBERSHIP_ROLES.get(predicate)
    if role and subject_schema == "Person" and object_schema in ORGANIZATION_SCHEMATA:
        schema = "Membership"
        properties.update(member=[subject_id], organization=[object_id], role=[role])
    else:
        schema = "UnknownLink"
        properties.update(subject=[subject_id], object=[object_id], role=[predicate])
    return {
        "id": ftm_id("fact", str(fact["id"])),
        "schema": schema,
        "properties": _clean(properties),
    }


def ftm_records(
    facts: Iterable[Mapping[str, Any]], entities: Iterable[Mapping[str, Any]]
) -> Iterable[dict[str, Any]]:
    """Entities first, then the links between them."""
    kept = [fact for fact in facts if not fact.get("negated") and fact.get("subject")]
    index = entity_index(kept, entities)
    located = places_by_id(kept)
    notes: dict[str, list[str]] = defaultdict(list)
    for fact in kept:
        if object_entity(fact) is None:
            notes[str(fact["subject"]["id"])].append(
                f"{fact.get('predicate')}: {object_label(fact)}"
            )
    schemata: dict[str, str] = {}
    for entity_id in sorted(index):
        record = entity_record(index[entity_id], located.get(entity_id), notes[entity_id])
        if record is not None:
            schemata[entity_id] = record["schema"]
            yield record
    for fact in kept:
        obj = object_entity(fact)
        subject_schema = schemata.get(str(fact["subject"]["id"]))
        object_schema = schemata.get(str(obj["id"])) if obj else None
        if subject_schema and object_schema:
            yield link_record(fact, subject_schema, object_schema)


def write_ftm(
    facts: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    documents: Iterable[Mapping[str, Any]],
    stream: TextIO,
) -> int:
    """Write FtM JSON lines; returns the number of lines.

    ``documents`` is accepted for a uniform signature.
    """
    del documents
    written = 0
    for record in ftm_records(facts, entities):
        stream.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        written += 1
    return written
