"""GeoJSON (RFC 7946) FeatureCollection of located facts, for QGIS and other GIS tools.

One Point feature per fact with a place. Properties stay flat (GIS tables
do not read nested lists): the first piece of evidence gives ``quote``,
``source`` and ``uri``; ``sources`` lists every source. Negated facts are
kept and flagged (``negated``) so a map layer can filter them; coordinates
outside WGS84 ranges are dropped rather than written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from spoor.outputs.export.common import (
    distinct,
    evidence_of,
    first_evidence,
    object_entity,
    object_label,
    valid_coordinates,
)


def feature(fact: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fact as a GeoJSON Feature, or None when it has no usable place."""
    place = fact.get("place")
    coordinates = valid_coordinates(place)
    if place is None or coordinates is None:
        return None
    lat, lon = coordinates
    subject = fact.get("subject") or {}
    obj = object_entity(fact)
    time = fact.get("time") or {}
    evidence = first_evidence(fact)
    return {
        "type": "Feature",
        "id": fact["id"],
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "fact_id": fact["id"],
            "subject": subject.get("name"),
            "subject_id": subject.get("id"),
            "subject_type": subject.get("type"),
            "predicate": fact.get("predicate"),
            "object": object_label(fact),
            "object_id": obj["id"] if obj else None,
            "time_start": time.get("start"),
            "time_end": time.get("end"),
            "confidence": fact.get("confidence"),
            "n_sources": fact.get("n_sources"),
            "n_independent_sources": fact.get("n_independent_sources"),
            "hedged": bool(fact.get("hedged")),
            "negated": bool(fact.get("negated")),
            "attributed_to": fact.get("attributed_to"),
            "quote": evidence.get("quote"),
            "source": evidence.get("source"),
            "uri": evidence.get("uri"),
            "sources": "; ".join(distinct(e.get("source") for e in evidence_of(fact))),
            "place": place.get("name"),
            "place_id": place.get("id"),
            "country": place.get("country"),
        },
    }


def write_geojson(
    facts: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    documents: Iterable[Mapping[str, Any]],
    stream: TextIO,
) -> int:
    """Write located facts as a FeatureCollection; returns the number of features.

    Streams feature by feature, so memory does not grow with the store.
    ``entities`` and ``documents`` are accepted for a uniform signature; every
    property comes from the fact itself.
    """
    del entities, documents
    stream.write('{"type": "FeatureCollection", "features": [\n')
    written = 0
    for fact in facts:
        found = feature(fact)
        if found is None:
            continue
        if written:
            stream.write(",\n")
        stream.write(json.dumps(found, ensure_ascii=False, sort_keys=True))
        written += 1
    stream.write("\n]}\n")
    return written
