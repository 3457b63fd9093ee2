"""Reading the store into DESIGN.md's output contracts.

``iter_entities`` yields plain dicts shaped exactly as the ``spoor
entities`` JSONL contract; facts (merged, weighed by the claims ledger)
are read by spoor/store/facts.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from spoor.errors import NotFound
from spoor.store import judgements, schema
from spoor.store.judgements import EntityView

PAGE = 500


def _chunks(values: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def entity_summaries(
    conn: Connection, ids: Sequence[str], view: EntityView | None = None
) -> dict[str, dict[str, Any]]:
    """``{"id", "name", "type", "aliases"}`` for each id, as the fact contract nests them.

    Analyst judgements apply (``judgements.EntityView``): a merged-away id is summarised as
    the entity it was merged into, aliases are the union over merged entities, a split-off
    alias moves to its new entity, and analyst aliases are added. Pass ``view`` to reuse one.
    """
    view = view if view is not None else judgements.entity_view(conn)
    wanted = {entity_id: view.resolve(entity_id) for entity_id in ids}
    canonical = sorted(set(wanted.values()))
    members = {c: view.members(c) for c in canonical}
    rows = _entity_rows(conn, sorted(set().union(*members.values())) if members else [], view)
    summaries: dict[str, dict[str, Any]] = {}
    for entity_id in canonical:
        row = rows.get(entity_id)
        if row is None:
            continue
        summaries[entity_id] = {
            "id": entity_id,
            "name": row["name"],
            "type": row["type"],
            "aliases": set(view.added_aliases.get(entity_id, ())),
        }
    all_members = sorted(set().union(*members.values())) if members else []
    for chunk in _chunks(all_members):
        alias_rows = conn.execute(
            select(schema.aliases.c.entity_id, schema.aliases.c.alias).where(
                schema.aliases.c.entity_id.in_(chunk)
            )
        )
        for source, alias in alias_rows:
            entry = summaries.get(view.resolve(source, alias))
            if entry is not None:
                entry["aliases"].add(alias)
    for entry in summaries.values():
        entry["aliases"] = sorted(a for a in entry["aliases"] if a != entry["name"])
    return {asked: summaries[c] for asked, c in wanted.items() if c in summaries}


def _entity_rows(
    conn: Connection, ids: Sequence[str], view: EntityView
) -> dict[str, dict[str, Any]]:
    """Stored entity rows by id, plus the entities that exist only through a split."""
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(list(ids)):
        for row in conn.execute(select(schema.entities).where(schema.entities.c.id.in_(chunk))):
            found[row.id] = {"name": row.name, "type": row.type, "wikidata": row.wikidata}
    for entity_id in ids:
        split = view.split_entities.get(entity_id)
        if split is not None and entity_id not in found:
            source = found.get(split.source) or _entity_rows(conn, [split.source], view).get(
                split.source, {"type": "organization"}
            )
            found[entity_id] = {"name": split.name, "type": source["type"], "wikidata": None}
    return found


def mention_counts(conn: Connection, view: EntityView) -> dict[str, int]:
    """Named mentions per entity after judgements (coreference mentions are not names)."""
    m = schema.mentions
    counts: dict[str, int] = defaultdict(int)
    rows = conn.execute(
        select(m.c.entity_id, m.c.text, func.count())
        .where(m.c.entity_id.is_not(None), m.c.origin != "coref")
        .group_by(m.c.entity_id, m.c.text)
    )
    for entity_id, surface, n in rows:
        counts[view.resolve(entity_id, surface)] += int(n)
    return dict(counts)


def iter_entities(conn: Connection, *, include_unseen: bool = False) -> Iterator[dict[str, Any]]:
    """Entities with their mention counts, judgements applied; curated ones never mentioned
    only on request. A merged-away entity is not listed: its aliases and mentions are the
    kept entity's."""
    view = judgements.entity_view(conn)
    counts = mention_counts(conn, view)
    stored = conn.execute(select(schema.entities.c.id)).scalars().all()
    ids = sorted({*stored, *view.split_entities} - set(view.redirects))
    wanted = [i for i in ids if include_unseen or counts.get(i, 0) > 0]
    for page_start in range(0, len(wanted), PAGE):
        page = wanted[page_start : page_start + PAGE]
        summaries = entity_summaries(conn, page, view)
        rows = _entity_rows(conn, sorted(set().union(*(view.members(i) for i in page))), view)
        for entity_id in page:
            summary = summaries[entity_id]
            yield {
                "id": entity_id,
                "name": summary["name"],
                "type": summary["type"],
                "aliases": summary["aliases"],
                "wikidata": _wikidata(entity_id, rows, view),
                "mentions": int(counts.get(entity_id, 0)),
            }


def _wikidata(entity_id: str, rows: dict[str, dict[str, Any]], view: EntityView) -> str | None:
    """The kept entity's QID, else one of the merged entities' (sorted, so stable)."""
    own = rows.get(entity_id, {}).get("wikidata")
    if own:
        return str(own)
    for member in sorted(view.members(entity_id)):
        other = rows.get(member, {}).get("wikidata")
        if other and view.canonical(member) == entity_id:
            return str(other)
    return None


def unknown_entities(conn: Connection) -> Iterator[dict[str, Any]]:
    """Uncurated, non-place entities with their aliases and the curated actors named in
    the same documents: what the linker's ``EntityIndex`` needs to cluster new mentions
    with them (keys match ``spoor.stages.link.KnownEntity``)."""
    e, a, m = schema.entities, schema.aliases, schema.mentions
    unknown = (e.c.curated.is_(False), e.c.place_id.is_(None), e.c.id.like("ent:%"))
    aliases: dict[str, list[str]] = defaultdict(list)
    for entity_id, alias in conn.execute(
        select(a.c.entity_id, a.c.alias).join(e, e.c.id == a.c.entity_id).where(*unknown)
    ):
        aliases[entity_id].append(alias)
    other = m.alias("other")
    context: dict[str, set[str]] = defaultdict(set)
    for entity_id, actor_id in conn.execute(
        select(m.c.entity_id, other.c.entity_id)
        .distinct()
        .join(other, other.c.doc_id == m.c.doc_id)
        .where(m.c.entity_id.like("ent:%"), other.c.entity_id.like("kb:%"))
    ):
        context[entity_id].add(actor_id.removeprefix("kb:"))
    for row in conn.execute(select(e.c.id, e.c.name, e.c.type).where(*unknown).order_by(e.c.id)):
        yield {
            "id": row.id,
            "name": row.name,
            "type": row.type,
            "aliases": tuple(sorted(set(aliases.get(row.id, ())) - {row.name})),
            "context": frozenset(context.get(row.id, ())),
        }


def entity_detail(conn: Connection, entity_id: str) -> dict[str, Any]:
    """``spoor entity show``: the entity, each alias with the documents it was seen in, and
    every judgement (active or undone) that shaped it."""
    view = judgements.entity_view(conn)
    kept = view.canonical(entity_id)
    summaries = entity_summaries(conn, [kept], view)
    if kept not in summaries:
        raise NotFound(f"No entity {entity_id!r}; `spoor entities --db DB` lists the ids.")
    summary = summaries[kept]
    members = view.members(kept)
    m, docs = schema.mentions, schema.documents
    seen: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    total = 0
    for chunk in _chunks(sorted(members)):
        rows = conn.execute(
            select(m.c.entity_id, m.c.text, m.c.doc_id, docs.c.uri, func.count())
            .join(docs, docs.c.id == m.c.doc_id)
            .where(m.c.entity_id.in_(chunk), m.c.origin != "coref")
            .group_by(m.c.entity_id, m.c.text, m.c.doc_id, docs.c.uri)
        )
        for source, surface, doc_id, uri, n in rows:
            if view.resolve(source, surface) != kept:
                continue
            total += int(n)
            entry = seen[surface].setdefault(doc_id, {"doc_id": doc_id, "uri": uri, "count": 0})
            entry["count"] += int(n)
    curated = _curated_aliases(conn, members, view, kept)
    analyst = set(view.added_aliases.get(kept, ()))
    aliases = []
    for alias in sorted({summary["name"], *summary["aliases"], *seen}):
        origins = [
            name
            for name, found in (
                ("curated", alias in curated),
                ("seen", alias in seen),
                ("analyst", alias in analyst),
            )
            if found
        ]
        aliases.append(
            {
                "alias": alias,
                "origins": origins,
                "documents": sorted(seen.get(alias, {}).values(), key=lambda d: str(d["uri"])),
            }
        )
    history = judgements.history(conn, members | {kept})
    return {
        "id": kept,
        "name": summary["name"],
        "type": summary["type"],
        "mentions": total,
        "merged_from": sorted(i for i in members if view.canonical(i) == kept and i != kept),
        "aliases": aliases,
        "judgements": [
            {
                "id": j.id,
                "kind": j.kind,
                "target": j.target,
                "value": j.value,
                "author": j.author,
                "created_at": j.created_at,
                "undone": j.undone,
            }
            for j in history
        ],
    }


def _curated_aliases(conn: Connection, members: set[str], view: EntityView, kept: str) -> set[str]:
    a = schema.aliases
    rows = conn.execute(
        select(a.c.entity_id, a.c.alias).where(
            a.c.entity_id.in_(sorted(members)), a.c.origin == "curated"
        )
    )
    return {alias for source, alias in rows if view.resolve(source, alias) == kept}


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
    """Full-text search over documents (SQLite FTS5; PostgreSQL tsvector), best first."""
    from sqlalchemy import text

    if conn.dialect.name == "postgresql":
        # Same expression as the GIN index in db._create_fulltext, so the index serves it.
        rows = conn.execute(
            text(
                "SELECT id AS doc_id, title, ts_headline('simple', text, q, "
                "'StartSel=[, StopSel=], MaxWords=12, MinWords=4, MaxFragments=1') AS snippet "
                "FROM documents, websearch_to_tsquery('simple', :q) AS q "
                "WHERE to_tsvector('simple', coalesce(title, '') || ' ' || text) @@ q "
                "ORDER BY ts_rank(to_tsvector('simple', coalesce(title, '') || ' ' || text), q) "
                "DESC LIMIT :n"
            ),
            {"q": query, "n": limit},
        )
        return [{"doc_id": r.doc_id, "title": r.title, "snippet": r.snippet} for r in rows]
    rows = conn.execute(
        text(
            "SELECT doc_id, title, snippet(documents_fts, 2, '[', ']', ' … ', 12) AS snippet "
            "FROM documents_fts WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n"
        ),
        {"q": query, "n": limit},
    )
    return [{"doc_id": r.doc_id, "title": r.title, "snippet": r.snippet} for r in rows]
