"""Reading the store into DESIGN.md's output contracts.

``iter_entities`` and ``iter_facts`` yield plain dicts shaped exactly as
the ``spoor entities`` / ``spoor facts`` JSONL contracts. Facts are read
in pages so memory stays flat on a large store.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from spoor.analysis.ledger import EvidenceView, ReuseView, assess
from spoor.store import schema

PAGE = 500


def _chunks(values: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def entity_summaries(conn: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """``{"id", "name", "type", "aliases"}`` for each id, as the fact contract nests them."""
    found: dict[str, dict[str, Any]] = {}
    unique = sorted(set(ids))
    for chunk in _chunks(unique):
        for row in conn.execute(select(schema.entities).where(schema.entities.c.id.in_(chunk))):
            found[row.id] = {"id": row.id, "name": row.name, "type": row.type, "aliases": []}
        alias_rows = conn.execute(
            select(schema.aliases.c.entity_id, schema.aliases.c.alias)
            .where(schema.aliases.c.entity_id.in_(chunk))
            .order_by(schema.aliases.c.entity_id, schema.aliases.c.alias)
        )
        for entity_id, alias in alias_rows:
            entry = found.get(entity_id)
            if entry is not None and alias != entry["name"] and alias not in entry["aliases"]:
                entry["aliases"].append(alias)
    return found


def iter_entities(conn: Connection, *, include_unseen: bool = False) -> Iterator[dict[str, Any]]:
    """Entities with their mention counts; curated ones never mentioned only on request."""
    counts: dict[str, int] = dict(
        conn.execute(
            select(schema.mentions.c.entity_id, func.count())
            .where(schema.mentions.c.entity_id.is_not(None))
            .group_by(schema.mentions.c.entity_id)
        ).all()
    )
    rows = conn.execute(select(schema.entities).order_by(schema.entities.c.id)).all()
    wanted = [row for row in rows if include_unseen or counts.get(row.id, 0) > 0]
    for page_start in range(0, len(wanted), PAGE):
        page = wanted[page_start : page_start + PAGE]
        summaries = entity_summaries(conn, [row.id for row in page])
        for row in page:
            yield {
                "id": row.id,
                "name": row.name,
                "type": row.type,
                "aliases": summaries[row.id]["aliases"],
                "wikidata": row.wikidata,
                "mentions": int(counts.get(row.id, 0)),
            }


def _object_of(row: Any, summaries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if row.object_id is not None:
        return summaries.get(
            row.object_id, {"id": row.object_id, "name": row.object_id, "type": None, "aliases": []}
        )
    value = json.loads(row.object_value or "{}")
    return {
        "value": value.get("value"),
        "type": value.get("type", "text"),
        "unit": value.get("unit"),
    }


def _place_of(conn: Connection, place_id: str | None, cache: dict[str, Any]) -> Any:
    if place_id is None:
        return None
    if place_id not in cache:
        row = conn.execute(select(schema.places).where(schema.places.c.id == place_id)).first()
        cache[place_id] = (
            None
            if row is None
            else {
                "id": row.id,
                "name": row.name,
                "lat": row.lat,
                "lon": row.lon,
                "country": row.country,
            }
        )
    return cache[place_id]


def _fact_filter(entity: str | None, predicate: str | None) -> Any:
    clauses = []
    if entity:
        clauses.append(or_(schema.facts.c.subject_id == entity, schema.facts.c.object_id == entity))
    if predicate:
        clauses.append(schema.facts.c.predicate == predicate)
    return and_(*clauses) if clauses else None


def iter_facts(
    conn: Connection, *, entity: str | None = None, predicate: str | None = None
) -> Iterator[dict[str, Any]]:
    query = select(schema.facts).order_by(schema.facts.c.id)
    condition = _fact_filter(entity, predicate)
    if condition is not None:
        query = query.where(condition)
    ratings = dict(conn.execute(select(schema.sources.c.name, schema.sources.c.reliability)).all())
    place_cache: dict[str, Any] = {}
    last_id = ""
    while True:
        page = conn.execute(query.where(schema.facts.c.id > last_id).limit(PAGE)).all()
        if not page:
            return
        last_id = page[-1].id
        yield from _facts_page(conn, page, ratings, place_cache)


def _facts_page(
    conn: Connection, page: Sequence[Any], ratings: dict[str, str], place_cache: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    fact_ids = [row.id for row in page]
    evidence_rows: dict[str, list[Any]] = defaultdict(list)
    ev = schema.evidence
    docs = schema.documents
    for row in conn.execute(
        select(ev, docs.c.uri, docs.c.source)
        .join(docs, docs.c.id == ev.c.doc_id)
        .where(ev.c.fact_id.in_(fact_ids))
        .order_by(ev.c.fact_id, ev.c.doc_id, ev.c.start)
    ):
        evidence_rows[row.fact_id].append(row)
    doc_ids = sorted({r.doc_id for rows in evidence_rows.values() for r in rows})
    reuse_rows: list[ReuseView] = []
    for chunk in _chunks(doc_ids):
        for row in conn.execute(select(schema.reuse).where(schema.reuse.c.doc_id.in_(chunk))):
            reuse_rows.append(ReuseView(row.doc_id, row.source_doc_id, json.loads(row.spans)))
    entity_ids = [row.subject_id for row in page] + [r.object_id for r in page if r.object_id]
    summaries = entity_summaries(conn, entity_ids)
    for row in page:
        rows = evidence_rows.get(row.id, [])
        if not rows:
            continue  # a fact whose evidence is gone is not a fact
        views = [
            EvidenceView(
                r.doc_id,
                r.start,
                r.end,
                r.source,
                r.hedged,
                r.attributed_to,
                r.vague_attribution,
                ratings.get(r.source or "", "F"),
            )
            for r in rows
        ]
        ledger = assess(
            views, [link for link in reuse_rows if link.doc_id in {v.doc_id for v in views}]
        )
        attributions = [r.attributed_to for r in rows]
        yield {
            "id": row.id,
            "subject": summaries.get(
                row.subject_id,
                {"id": row.subject_id, "name": row.subject_id, "type": None, "aliases": []},
            ),
            "predicate": row.predicate,
            "object": _object_of(row, summaries),
            "time": (
                None
                if row.time_start is None and row.time_end is None
                else {"start": row.time_start, "end": row.time_end}
            ),
            "place": _place_of(conn, row.place_id, place_cache),
            "attributes": json.loads(row.attributes or "{}"),
            "hedged": all(r.hedged for r in rows),
            "attributed_to": attributions[0] if all(attributions) else None,
            "negated": bool(row.negated),
            "evidence": [
                {
                    "doc_id": r.doc_id,
                    "uri": r.uri,
                    "source": r.source,
                    "start": r.start,
                    "end": r.end,
                    "quote": r.quote,
                }
                for r in rows
            ],
            "n_sources": ledger.n_sources,
            "n_independent_sources": ledger.n_independent_sources,
            "confidence": ledger.confidence,
        }


def stats(conn: Connection) -> dict[str, Any]:
    def count(table: Any) -> int:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    seen_entities = conn.execute(
        select(func.count(func.distinct(schema.mentions.c.entity_id)))
    ).scalar_one()
    by_status: dict[str, int] = dict(
        conn.execute(
            select(schema.inputs.c.status, func.count()).group_by(schema.inputs.c.status)
        ).all()
    )
    languages: dict[str | None, int] = dict(
        conn.execute(
            select(schema.documents.c.lang, func.count()).group_by(schema.documents.c.lang)
        ).all()
    )
    predicates: dict[str, int] = dict(
        conn.execute(
            select(schema.facts.c.predicate, func.count()).group_by(schema.facts.c.predicate)
        ).all()
    )
    return {
        "documents": count(schema.documents),
        "entities": int(seen_entities or 0),
        "facts": count(schema.facts),
        "evidence": count(schema.evidence),
        "mentions": count(schema.mentions),
        "reuse_links": count(schema.reuse),
        "inputs_rejected": int(by_status.get("rejected", 0)),
        "languages": {str(k): int(v) for k, v in languages.items()},
        "predicates": {str(k): int(v) for k, v in predicates.items()},
    }


def search_documents(conn: Connection, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text search over documents (SQLite FTS5), best first."""
    from sqlalchemy import text

    rows = conn.execute(
        text(
            "SELECT doc_id, title, snippet(documents_fts, 2, '[', ']', ' … ', 12) AS snippet "
            "FROM documents_fts WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n"
        ),
        {"q": query, "n": limit},
    )
    return [{"doc_id": r.doc_id, "title": r.title, "snippet": r.snippet} for r in rows]
