"""A STIX 2.1 bundle for threat-intelligence platforms (OpenCTI, MISP), built with ``stix2``.

Entities become STIX domain objects:

- armed_group: a threat-actor (``threat_actor_types: ["terrorist"]``, aliases)
  and an intrusion-set (aliases), joined by ``intrusion-set attributed-to
  threat-actor``;
- a person who is ``leader_of`` an armed group: a threat-actor
  (``roles: ["director"]``); any other person: an identity (``individual``);
- media_outlet, organization, armed_forces, intelligence_agency, government:
  an identity (``organization``; state bodies get a sector);
- ethnic_group: an identity of class ``class`` (a class of people, as STIX
  defines it);
- country, region, province, district, city, historical_region: a location
  (name, latitude/longitude, country, administrative_area); one with none of
  these gets its name as ``region`` (an open vocabulary), since STIX needs one;
- language: no object; facts about languages become notes on their subject.

The threat-actor is the endpoint of every fact about a group; the
intrusion-set is carried so tools that key on intrusion sets find the group
and its aliases. A person is a threat-actor only when a fact says they lead
an armed group: membership alone does not make someone a threat actor here.

Each fact (negated ones are left out: a relationship asserts a link) becomes
a relationship whose type is in ``RELATIONSHIP_TYPES`` or else the predicate
with hyphens (STIX allows custom lowercase-hyphen types). ``confidence`` is
ours scaled to 0–100. ``start_time`` is the first instant of the reported
period (a month becomes its first day); ``stop_time`` the first instant after
the end, or for an event with no end, after its start period; the reported
precision is written in the fact's note. Each fact has a note (quotes,
sources, precision, hedging) whose ``object_refs`` point at the relationship,
and the relationship carries one external reference per piece of evidence
(``source_name`` = source, ``url`` = http(s) URI, ``description`` = quote).
A fact whose object has no STIX object (a quantity, a language) is a note on
its subject. Each document that supports an exported fact is a report
(``name`` = title or URI, ``published`` = publication date, else ingest date)
referring to the objects its evidence supports.

Ids are UUIDv5 from Spoor's ids, and ``created`` / ``modified`` come from the
dates of the supporting documents (earliest / latest), so exporting the same
store twice gives the same bundle. An object no dated document supports (an
entity with no fact, a document with no date) takes the latest document date
of the export, and ``now`` only when no document has a date at all.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

import pycountry
import stix2

from spoor.outputs.export.common import (
    EVENT_PREDICATES,
    PartialDate,
    document_instant,
    entity_index,
    evidence_of,
    fact_dates,
    is_http,
    object_entity,
    object_label,
    place_types,
    places_by_id,
    valid_coordinates,
)

# Fixed namespace for Spoor's STIX ids: uuid5(NAMESPACE_URL, "https://spoor.invalid/stix").
NAMESPACE = uuid.UUID("91c3e9f6-eebe-5797-b272-9c0a4b9f24fa")

# Standard STIX relationship types where one means the same; others are custom.
RELATIONSHIP_TYPES = {"attacked": "targets"}

ORGANIZATION_TYPES = frozenset(
    {"media_outlet", "organization", "armed_forces", "intelligence_agency", "government"}
)
SECTORS = {
    "government": ["government-national"],
    "armed_forces": ["defense"],
    "intelligence_agency": ["government-national"],
}
_SLUG = re.compile(r"[^a-z0-9]+")


def stix_id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def relationship_type(predicate: str) -> str:
    return RELATIONSHIP_TYPES.get(predicate, predicate.replace("_", "-").lower())


def stix_confidence(value: Any) -> int | None:
    try:
        return max(0, min(100, round(float(value) * 100)))
    except (TypeError, ValueError):
        return None


@dataclass(slots=True)
class Span:
    """Earliest and latest instants seen for one object (its created / modified)."""

    first: datetime | None = None
    last: datetime | None = None

    def add(self, instant: datetime | None) -> None:
        if instant is None:
            return
        self.first = instant if self.first is None or instant < self.first else self.first
        self.last = instant if self.last is None or instant > self.last else self.last

    def stamps(self, now: datetime) -> dict[str, datetime]:
        return {"created": self.first or now, "modified": self.last or now}


def fact_times(fact: Mapping[str, Any]) -> dict[str, datetime]:
    """start_time / stop_time for a relationship; stop is exclusive and after start."""
    start, end = fact_dates(fact)
    if start is None:
        return {}
    times = {"start_time": start.first_instant()}
    if end is not None:
        stop = end.after_last_instant()
    elif fact.get("predicate") in EVENT_PREDICATES:
        stop = start.after_last_instant()  # the event happened within that period
    else:
        return times
    if stop > times["start_time"]:
        times["stop_time"] = stop
    return times


def _evidence_references(fact: Mapping[str, Any]) -> list[stix2.ExternalReference]:
    references = [stix2.ExternalReference(source_name="spoor", external_id=str(fact["id"]))]
    for evidence in evidence_of(fact):
        fields: dict[str, Any] = {"source_name": evidence.get("source") or "unknown source"}
        if is_http(evidence.get("uri")):
            fields["url"] = evidence["uri"]
        if evidence.get("quote"):
            fields["description"] = evidence["quote"]
        if "url" in fields or "description" in fields:
            references.append(stix2.ExternalReference(**fields))
    return references


def _entity_references(entity: Mapping[str, Any]) -> list[stix2.ExternalReference]:
    references = [stix2.ExternalReference(source_name="spoor", external_id=str(entity["id"]))]
    if entity.get("wikidata"):
        qid = str(entity["wikidata"])
        references.append(
            stix2.ExternalReference(
                source_name="wikidata",
                external_id=qid,
                url=f"https://www.wikidata.org/wiki/{qid}",
            )
        )
    return references


def _period_text(value: PartialDate | None) -> str:
    return f"{value} ({value.precision} precision)" if value else "not given"


def fact_sentence(fact: Mapping[str, Any]) -> str:
    subject = (fact.get("subject") or {}).get("name") or (fact.get("subject") or {}).get("id")
    sentence = f"{subject} {str(fact.get('predicate')).replace('_', ' ')} {object_label(fact)}"
    place = fact.get("place") or {}
    obj = object_entity(fact) or {}
    if place.get("name") and place.get("id") != obj.get("id"):
        sentence += f" in {place['name']}"
    return sentence


def note_content(fact: Mapping[str, Any]) -> str:
    start, end = fact_dates(fact)
    lines = [
        f"Spoor fact {fact['id']}: {fact_sentence(fact)}.",
        f"Time as reported: start {_period_text(start)}, end {_period_text(end)}. "
        "STIX times use the first instant of each period.",
        f"Confidence {float(fact.get('confidence') or 0):.2f}; "
        f"{fact.get('n_independent_sources') or 0} independent of "
        f"{fact.get('n_sources') or 0} source(s).",
    ]
    if fact.get("hedged"):
        lines.append("Hedged in every source (reportedly, may, ...).")
    if fact.get("attributed_to"):
        lines.append(f"Attributed to: {fact['attributed_to']}.")
    lines.append("Evidence:")
    for evidence in evidence_of(fact):
        lines.append(
            f"- [{evidence.get('source') or 'unknown source'}] {evidence.get('quote') or ''} "
            f"({evidence.get('uri') or ''})"
        )
    return "\n".join(lines)


class BundleBuilder:
    """Collects STIX objects for one export, keyed by id so nothing is written twice."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.objects: dict[str, Any] = {}
        self.refs: dict[str, list[str]] = {}  # Spoor entity id -> its STIX objects
        self.endpoint: dict[str, str] = {}  # Spoor entity id -> relationship endpoint

    def add(self, obj: Any) -> None:
        self.objects[obj.id] = obj

    def group(self, entity: Mapping[str, Any], span: Span, seen: Span) -> None:
        key = str(entity["id"])
        common: dict[str, Any] = {
            "name": entity.get("name") or key,
            "labels": ["armed_group"],
            "external_references": _entity_references(entity),
            **span.stamps(self.now),
        }
        if entity.get("aliases"):
            common["aliases"] = list(entity["aliases"])
        if seen.first is not None:
            common.update(first_seen=seen.first, last_seen=seen.last)
        actor = stix2.ThreatActor(
            id=stix_id("threat-actor", key), threat_actor_types=["terrorist"], **common
        )
        intrusion = stix2.IntrusionSet(id=stix_id("intrusion-set", key), **common)
        link = stix2.Relationship(
            id=stix_id("relationship", f"attributed-to:{key}"),
            relationship_type="attributed-to",
            source_ref=intrusion.id,
            target_ref=actor.id,
            **span.stamps(self.now),
        )
        for obj in (actor, intrusion, link):
            self.add(obj)
        self.endpoint[key] = actor.id
        self.refs[key] = [actor.id, intrusion.id, link.id]

    def actor_or_identity(self, entity: Mapping[str, Any], span: Span, leader: bool) -> None:
        key = str(entity["id"])
        kind = str(entity.get("type") or "")
        common: dict[str, Any] = {
            "name": entity.get("name") or key,
            "external_references": _entity_references(entity),
            **span.stamps(self.now),
        }
        if kind:
            common["labels"] = [kind]
        if leader:
            if entity.get("aliases"):
                common["aliases"] = list(entity["aliases"])
            obj: Any = stix2.ThreatActor(
                id=stix_id("threat-actor", key),
                threat_actor_types=["terrorist"],
                roles=["director"],
                **common,
            )
        else:
            identity_class = (
                "individual"
                if kind == "person"
                else "organization"
                if kind in ORGANIZATION_TYPES
                else "class"
                if kind == "ethnic_group"
                else "unknown"
            )
            if kind in SECTORS:
                common["sectors"] = SECTORS[kind]
            if entity.get("aliases"):  # identity has no aliases property in STIX 2.1
                common["description"] = "Also known as: " + "; ".join(entity["aliases"])
            obj = stix2.Identity(
                id=stix_id("identity", key), identity_class=identity_class, **common
            )
        self.add(obj)
        self.endpoint[key] = obj.id
        self.refs[key] = [obj.id]

    def location(
        self, key: str, entity: Mapping[str, Any], place: Mapping[str, Any] | None, span: Span
    ) -> None:
        name = str(entity.get("name") or (place or {}).get("name") or key)
        fields: dict[str, Any] = {"name": name, **span.stamps(self.now)}
        if entity.get("aliases"):  # nor does location
            fields["description"] = "Also known as: " + "; ".join(entity["aliases"])
        if entity.get("type"):
            fields["labels"] = [entity["type"]]
        coordinates = valid_coordinates(place)
        if coordinates is not None:
            fields.update(latitude=coordinates[0], longitude=coordinates[1])
        country = (place or {}).get("country") or _country_code(entity)
        if country:
            fields["country"] = str(country).upper()
        if (place or {}).get("admin1"):
            fields["administrative_area"] = place["admin1"]  # type: ignore[index]
        if coordinates is None and not country:
            # STIX needs region, country or coordinates; region is an open vocabulary.
            fields["region"] = _SLUG.sub("-", name.lower()).strip("-") or "unknown"
        location = stix2.Location(
            id=stix_id("location", key),
            external_references=_entity_references({"id": key, "wikidata": entity.get("wikidata")}),
            **fields,
        )
        self.add(location)
        self.endpoint[key] = location.id
        self.refs[key] = [location.id]


def _country_code(entity: Mapping[str, Any]) -> str | None:
    if entity.get("type") != "country":
        return None
    try:
        return str(pycountry.countries.lookup(str(entity.get("name"))).alpha_2)
    except LookupError:
        return None


def _document_times(
    facts: list[Mapping[str, Any]], documents: Iterable[Mapping[str, Any]]
) -> dict[str, tuple[Mapping[str, Any], datetime | None]]:
    wanted = {str(e.get("doc_id")) for fact in facts for e in evidence_of(fact)}
    found: dict[str, tuple[Mapping[str, Any], datetime | None]] = {}
    for document in documents:
        if str(document.get("id")) in wanted:
            slim = {k: document.get(k) for k in ("id", "uri", "title", "source", "lang")}
            found[str(document["id"])] = (slim, document_instant(document))
    return found


def build_bundle(
    facts: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    documents: Iterable[Mapping[str, Any]],
    *,
    now: datetime | None = None,
) -> stix2.Bundle:
    """The bundle as ``stix2`` objects (validated as they are built)."""
    kept = [fact for fact in facts if not fact.get("negated") and fact.get("subject")]
    docs = _document_times(kept, documents)
    dated = [instant for _, instant in docs.values() if instant is not None]
    now = max(dated) if dated else (now or datetime.now(UTC))
    fact_span: dict[str, Span] = {}
    entity_span: dict[str, Span] = defaultdict(Span)
    seen: dict[str, Span] = defaultdict(Span)
    for fact in kept:
        span = fact_span.setdefault(str(fact["id"]), Span())
        for evidence in evidence_of(fact):
            span.add(docs.get(str(evidence.get("doc_id")), ({}, None))[1])
        touched = [fact["subject"].get("id"), (object_entity(fact) or {}).get("id")]
        touched.append((fact.get("place") or {}).get("id"))
        for key in filter(None, touched):
            entity_span[str(key)].add(span.first)
            entity_span[str(key)].add(span.last)
        start, end = fact_dates(fact)
        if start is not None:
            seen[str(fact["subject"]["id"])].add(start.first_instant())
            seen[str(fact["subject"]["id"])].add((end or start).first_instant())
    index = entity_index(kept, entities)
    located = places_by_id(kept)
    leaders = {
        str(fact["subject"]["id"])
        for fact in kept
        if fact.get("predicate") == "leader_of"
        and (object_entity(fact) or {}).get("type") == "armed_group"
        and (fact.get("subject") or {}).get("type") == "person"
    }
    builder = BundleBuilder(now)
    for key in sorted(index):
        entity = index[key]
        kind = entity.get("type")
        if kind == "armed_group":
            builder.group(entity, entity_span[key], seen[key])
        elif kind in place_types():
            builder.location(key, entity, located.get(key), entity_span[key])
        elif kind != "language":
            builder.actor_or_identity(entity, entity_span[key], key in leaders)
    for key, place in sorted(located.items()):
        if key not in builder.endpoint:
            builder.location(key, {"name": place.get("name")}, place, entity_span[key])
    supported: dict[str, list[str]] = defaultdict(list)
    for fact in kept:
        refs = _fact_objects(builder, fact, fact_span[str(fact["id"])])
        for evidence in evidence_of(fact):
            supported[str(evidence.get("doc_id"))].extend(refs)
    for doc_id, refs in sorted(supported.items()):
        document, published = docs.get(doc_id, ({}, None))
        builder.add(_report(doc_id, document, published or now, refs))
    return stix2.Bundle(
        objects=sorted(builder.objects.values(), key=_bundle_order),
        id=stix_id("bundle", "|".join(sorted(builder.objects))),
    )


def _fact_objects(builder: BundleBuilder, fact: Mapping[str, Any], span: Span) -> list[str]:
    """The relationship (when both ends exist) and note for one fact; returns their ids
    with the objects they involve."""
    key = str(fact["id"])
    subject_key = str(fact["subject"]["id"])
    obj = object_entity(fact)
    place_key = str((fact.get("place") or {}).get("id") or "")
    stamps = span.stamps(builder.now)
    involved = [*builder.refs.get(subject_key, [])]
    if obj is not None:
        involved += builder.refs.get(str(obj["id"]), [])
    involved += builder.refs.get(place_key, [])
    source = builder.endpoint.get(subject_key)
    target = builder.endpoint.get(str(obj["id"])) if obj is not None else None
    note_refs: list[str] = []
    if source and target:
        relationship = stix2.Relationship(
            id=stix_id("relationship", key),
            relationship_type=relationship_type(str(fact.get("predicate"))),
            source_ref=source,
            target_ref=target,
            description=fact_sentence(fact),
            external_references=_evidence_references(fact),
            labels=["hedged"] if fact.get("hedged") else None,
            confidence=stix_confidence(fact.get("confidence")),
            **fact_times(fact),
            **stamps,
        )
        builder.add(relationship)
        note_refs.append(relationship.id)
        involved.append(relationship.id)
    elif source:
        note_refs.append(source)  # a value fact, or an object STIX cannot hold
    else:
        return []
    if place_key in builder.endpoint and builder.endpoint[place_key] not in note_refs:
        note_refs.append(builder.endpoint[place_key])
    note = stix2.Note(
        id=stix_id("note", key),
        abstract=f"Evidence for: {fact_sentence(fact)}",
        content=note_content(fact),
        object_refs=note_refs,
        external_references=_evidence_references(fact),
        **stamps,
    )
    builder.add(note)
    return [*involved, note.id]


def _report(
    doc_id: str, document: Mapping[str, Any], published: datetime, refs: list[str]
) -> stix2.Report:
    uri = document.get("uri")
    references = [stix2.ExternalReference(source_name="spoor", external_id=doc_id)]
    if is_http(uri):
        references.append(
            stix2.ExternalReference(source_name=document.get("source") or "unknown source", url=uri)
        )
    fields: dict[str, Any] = {}
    if document.get("lang"):
        fields["lang"] = document["lang"]
    return stix2.Report(
        id=stix_id("report", doc_id),
        name=document.get("title") or uri or doc_id,
        description=f"Source: {document.get('source') or 'unknown'}",
        published=published,
        created=published,
        modified=published,
        object_refs=sorted(set(refs)),
        external_references=references,
        **fields,
    )


_ORDER = ("threat-actor", "intrusion-set", "identity", "location", "relationship", "note", "report")


def _bundle_order(obj: Any) -> tuple[int, str]:
    kind = str(obj.type)
    return (_ORDER.index(kind) if kind in _ORDER else len(_ORDER), str(obj.id))


def write_stix(
    facts: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    documents: Iterable[Mapping[str, Any]],
    stream: TextIO,
    *,
    now: datetime | None = None,
) -> int:
    """Write one STIX 2.1 bundle as JSON; returns the number of objects in it."""
    bundle = build_bundle(facts, entities, documents, now=now)
    stream.write(bundle.serialize(pretty=True, ensure_ascii=False))
    stream.write("\n")
    return len(bundle.objects)
