"""The one writer: every change to machine output goes through ``write_batch``.

A batch of extractions is written in a single transaction, so a crash
loses at most the batch in flight. Inserts ignore rows that already exist
(documents are keyed by the hash of their text, facts by the hash of their
identity), which makes re-running an ingest a no-op and lets two ingesters
race on the same inputs without duplicating anything.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, select, text
from sqlalchemy.dialects import postgresql, sqlite

from spoor.records import Entity, Extraction, Fact, Place, Rejection
from spoor.stages import reuse
from spoor.store import schema
from spoor.store.db import now


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """INSERT rows, skipping those that clash with an existing key."""
    if not rows:
        return 0
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).on_conflict_do_nothing()
    # PostgreSQL drivers report rowcount only when asked (SQLAlchemy 2.1).
    result = conn.execute(statement, list(rows), execution_options={"preserve_rowcount": True})
    return result.rowcount or 0


def fact_key(fact: Fact) -> str:
    """A fact's identity: what is claimed, not where it was read."""
    value = None
    if fact.object_value is not None:
        value = [fact.object_value.value, fact.object_value.unit]
    identity = [
        fact.subject_id,
        fact.predicate,
        fact.object_id,
        value,
        fact.time.start if fact.time else None,
        fact.time.end if fact.time else None,
        fact.place.id if fact.place else None,
        fact.evidence.negated,
    ]
    digest = hashlib.sha1(json.dumps(identity, ensure_ascii=False).encode("utf-8"))
    return "f:" + digest.hexdigest()[:16]


def merge_attributes(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two readings' attributes of one fact, whichever document came first.

    Keys are united; where the readings disagree the smaller JSON value is kept, so
    the stored attributes do not depend on the order documents reach the store (a
    parallel ingest must store what a serial one does).
    """
    merged = dict(first)
    for key, value in second.items():
        if key not in merged:
            merged[key] = value
        elif merged[key] != value:
            merged[key] = min(merged[key], value, key=_canonical)
    return merged


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _place_row(place: Place) -> dict[str, Any]:
    return {
        "id": place.id,
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "country": place.country,
        "admin1": place.admin1,
        "feature_class": place.feature_class,
        "feature_code": place.feature_code,
        "precision": place.precision,
        "source": place.source,
    }


def write_entities(conn: Connection, entities: Iterable[Entity], origin: str) -> None:
    entity_rows: dict[str, dict[str, Any]] = {}
    place_rows: dict[str, dict[str, Any]] = {}
    alias_rows: dict[tuple[str, str], dict[str, Any]] = {}
    for entity in entities:
        if entity.place is not None:
            place_rows[entity.place.id] = _place_row(entity.place)
        entity_rows[entity.id] = {
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "wikidata": entity.wikidata,
            "curated": entity.curated,
            "place_id": entity.place.id if entity.place else None,
        }
        for alias in {entity.name, *entity.aliases}:
            alias_rows[(entity.id, alias)] = {
                "entity_id": entity.id,
                "alias": alias,
                "origin": origin,
            }
    insert_ignore(conn, schema.places, list(place_rows.values()))
    insert_ignore(conn, schema.entities, list(entity_rows.values()))
    insert_ignore(conn, schema.aliases, list(alias_rows.values()))


def _document_row(extraction: Extraction) -> dict[str, Any]:
    doc = extraction.document
    return {
        "id": doc.id,
        "uri": doc.uri,
        "source": doc.source,
        "title": doc.title,
        "published": doc.published,
        "lang": doc.lang,
        "script": doc.script,
        "paragraphs": json.dumps([[p.start, p.end, p.lang, p.script] for p in doc.paragraphs]),
        "text": doc.text,
        "ingested_at": now(),
    }


def _write_facts(conn: Connection, extraction: Extraction) -> None:
    fact_rows: dict[str, dict[str, Any]] = {}
    attributes: dict[str, dict[str, Any]] = {}
    evidence_rows: dict[tuple[str, int, int], dict[str, Any]] = {}
    place_rows: dict[str, dict[str, Any]] = {}
    for fact in extraction.facts:
        key = fact_key(fact)
        if fact.place is not None:
            place_rows[fact.place.id] = _place_row(fact.place)
        value = None
        if fact.object_value is not None:
            value = json.dumps(
                {
                    "value": fact.object_value.value,
                    "type": fact.object_value.type,
                    "unit": fact.object_value.unit,
                },
                ensure_ascii=False,
            )
        attributes[key] = merge_attributes(attributes.get(key, {}), fact.attributes)
        fact_rows[key] = {
            "id": key,
            "subject_id": fact.subject_id,
            "predicate": fact.predicate,
            "object_id": fact.object_id,
            "object_value": value,
            "time_start": fact.time.start if fact.time else None,
            "time_end": fact.time.end if fact.time else None,
            "place_id": fact.place.id if fact.place else None,
            "negated": fact.evidence.negated,
            "attributes": _canonical(attributes[key]),
        }
        ev = fact.evidence
        evidence_rows[(key, ev.start, ev.end)] = {
            "fact_id": key,
            "doc_id": ev.doc_id,
            "start": ev.start,
            "end": ev.end,
            "quote": ev.quote,
            "hedged": ev.hedged,
            "attributed_to": ev.attributed_to,
            "vague_attribution": ev.vague_attribution,
        }
    insert_ignore(conn, schema.places, list(place_rows.values()))
    insert_ignore(conn, schema.facts, list(fact_rows.values()))
    _merge_stored_attributes(conn, attributes)
    insert_ignore(conn, schema.evidence, list(evidence_rows.values()))


def _merge_stored_attributes(conn: Connection, attributes: dict[str, dict[str, Any]]) -> None:
    """Fold this batch's attributes into facts other documents stored before."""
    facts = schema.facts
    keys = sorted(attributes)
    for i in range(0, len(keys), 500):  # SQLite's bound-parameter limit
        query = select(facts.c.id, facts.c.attributes).where(facts.c.id.in_(keys[i : i + 500]))
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()  # two ingesters merging into one fact
        for fact_id, stored in conn.execute(query).all():
            before = json.loads(stored or "{}")
            merged = merge_attributes(before, attributes[fact_id])
            if merged != before:
                update = facts.update().where(facts.c.id == fact_id)
                conn.execute(update.values(attributes=_canonical(merged)))


def _postings(conn: Connection, hashes: Sequence[int]) -> dict[int, list[str]]:
    """The stored documents holding each hash, in index order (at most the cap + 1)."""
    holders: dict[int, list[str]] = defaultdict(list)
    sh = schema.shingles
    # Look up in chunks: SQLite limits the number of bound parameters.
    for i in range(0, len(hashes), 500):
        chunk = hashes[i : i + 500]
        for value, other_id in conn.execute(
            select(sh.c.hash, sh.c.doc_id).where(sh.c.hash.in_(chunk))
        ).all():
            found = holders[value]
            if other_id not in found:
                found.append(other_id)
    return holders


def _shared_hashes(
    holders: dict[int, list[str]],
) -> tuple[dict[str, set[int]], set[int]]:
    """Stored documents sharing sampled hashes, and which hashes are common.

    A hash held by more than MAX_POSTINGS documents is common (boilerplate, or a story
    syndicated many times): only its first COMMON_SAMPLE documents are followed.
    """
    matches: dict[str, set[int]] = defaultdict(set)
    common: set[int] = set()
    for value, documents in holders.items():
        if len(documents) > reuse.MAX_POSTINGS:
            common.add(value)
            documents = documents[: reuse.COMMON_SAMPLE]
        for other_id in documents:
            matches[other_id].add(value)
    return matches, common


# Full shingles of recently aligned documents, kept across batches: boilerplate and
# syndicated stories send many newcomers to the same few earlier documents.
_FULL_SHINGLES = reuse.ShingleCache()


def _write_reuse(conn: Connection, extraction: Extraction, cache: reuse.ShingleCache) -> None:
    """Store the newcomer's shingles and a link for each document it shares passages with.

    The link goes from the copy (the later-published document) to its source, with the
    copied spans in the copy, whichever of the two arrived first.
    """
    doc = extraction.document
    sampled = reuse.fingerprints(doc.text)
    if not sampled:
        return
    hashes = sorted({s.hash for s in sampled})
    holders = _postings(conn, hashes)
    matches, common = _shared_hashes(holders)
    matches = reuse.drop_boilerplate(matches, common, len(hashes))
    candidates = reuse.find_reuse(doc.id, sampled, matches)
    rows: list[dict[str, Any]] = []
    for candidate in candidates:
        other = conn.execute(
            select(schema.documents.c.text, schema.documents.c.published).where(
                schema.documents.c.id == candidate.source_doc_id
            )
        ).first()
        if other is None:
            continue
        if reuse.newcomer_is_copy(doc.published, other.published):
            link = reuse.align(doc.id, doc.text, candidate.source_doc_id, other.text, cache)
        else:
            link = reuse.align(candidate.source_doc_id, other.text, doc.id, doc.text, cache)
        if link is not None:
            rows.append(
                {
                    "doc_id": link.doc_id,
                    "source_doc_id": link.source_doc_id,
                    "score": link.score,
                    "spans": json.dumps(link.spans),
                }
            )
    insert_ignore(conn, schema.reuse, rows)
    # A hash held by more than MAX_POSTINGS documents is common whatever comes next: its
    # later holders store no posting, so its lookups stay bounded (the stop list).
    postings = [
        {"hash": s.hash, "doc_id": doc.id, "start": s.start, "end": s.end}
        for s in sampled
        if len(holders.get(s.hash, ())) <= reuse.MAX_POSTINGS
    ]
    if postings:
        conn.execute(schema.shingles.insert(), postings)


def write_batch(
    conn: Connection,
    extractions: Sequence[Extraction],
    rejections: Sequence[Rejection] = (),
    duplicates: Sequence[tuple[str, str]] = (),
) -> list[str]:
    """Write one batch inside the caller's transaction; return the ids stored.

    ``duplicates`` are (uri, doc_id) pairs of inputs already in the store.
    """
    stored: list[str] = []
    seen_at = now()
    log_rows: list[dict[str, Any]] = []
    for extraction in extractions:
        doc = extraction.document
        if not insert_ignore(conn, schema.documents, [_document_row(extraction)]):
            # Another ingester stored this text first: nothing more to do.
            log_rows.append(
                {"uri": doc.uri, "status": "duplicate", "doc_id": doc.id, "seen_at": seen_at}
            )
            continue
        if conn.dialect.name == "sqlite":
            conn.execute(
                text("INSERT INTO documents_fts(doc_id, title, text) VALUES (:id, :title, :text)"),
                {"id": doc.id, "title": doc.title or "", "text": doc.text},
            )
        write_entities(conn, extraction.entities, origin="seen")
        seen_aliases = [
            {"entity_id": m.entity_id, "alias": m.text, "origin": "seen"}
            for m in extraction.mentions
            if m.entity_id and m.origin != "coref"  # "the group" is not a name
        ]
        insert_ignore(conn, schema.aliases, seen_aliases)
        if extraction.mentions:
            conn.execute(
                schema.mentions.insert(),
                [
                    {
                        "doc_id": doc.id,
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                        "label": m.label,
                        "origin": m.origin,
                        "entity_id": m.entity_id,
                        "score": m.score,
                    }
                    for m in extraction.mentions
                ],
            )
        _write_facts(conn, extraction)
        _write_reuse(conn, extraction, _FULL_SHINGLES)
        log_rows.append(
            {"uri": doc.uri, "status": "ingested", "doc_id": doc.id, "seen_at": seen_at}
        )
        stored.append(doc.id)
    log_rows += [
        {"uri": uri, "status": "duplicate", "doc_id": doc_id, "seen_at": seen_at}
        for uri, doc_id in duplicates
    ]
    log_rows += [
        {"uri": r.uri, "status": "rejected", "reason": r.reason, "seen_at": seen_at}
        for r in rejections
    ]
    if log_rows:
        conn.execute(
            schema.inputs.insert(),
            [{"reason": None, "doc_id": None, **row} for row in log_rows],
        )
    return stored
