"""Reads the web app needs beyond ``Store``'s: one document, one fact, search hits, judgements.

Facts always come through ``Store.facts()`` so analyst judgements are
applied the same way everywhere; this module adds the small lookups around
them and full-text search whose hits are safe to show.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import func, select, text

from spoor.store import Store, judgements, schema, sources

# Private-use characters mark hits inside FTS5 snippets: they cannot come from
# a document after cleaning as markup, and are swapped for <mark> only after
# the snippet itself has been escaped.
HIT_OPEN, HIT_CLOSE = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
PREDICATE_JUDGEMENTS = ("confirm", "reject", "edit")


def fts_query(user_query: str) -> str | None:
    """A safe FTS5 MATCH expression: every word of the query, quoted, all required.

    Analysts type names with hyphens, quotes or operators ("ISIS-K", "al-Hind");
    passing them raw to MATCH would be a syntax error or an unintended operator.
    """
    # Upper-case AND/OR/NOT/NEAR would be operators; they are dropped, not searched.
    words = [w for w in _WORD.findall(user_query) if w not in _OPERATORS][:12]
    if not words:
        return None
    return " ".join('"' + word.replace('"', "") + '"' for word in words)


def highlighted(snippet: str) -> Markup:
    """The snippet escaped, with hits wrapped in <mark>."""
    safe = str(escape(snippet))
    return Markup(safe.replace(HIT_OPEN, "<mark>").replace(HIT_CLOSE, "</mark>"))


def search_documents(store: Store, user_query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Documents matching every word of the query, best first, with highlighted snippets."""
    expression = fts_query(user_query)
    if expression is None:
        return []
    with store.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            return [
                {**hit, "snippet_html": escape(hit.get("snippet") or ""), "hits": []}
                for hit in store.search(user_query, limit)
            ]
        rows = conn.execute(
            text(
                "SELECT f.doc_id, f.title, d.uri, d.published, d.source, "
                "snippet(documents_fts, 2, :open, :close, ' … ', 16) AS snippet "
                "FROM documents_fts f JOIN documents d ON d.id = f.doc_id "
                "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n"
            ),
            {"q": expression, "n": limit, "open": HIT_OPEN, "close": HIT_CLOSE},
        ).all()
    found = []
    for row in rows:
        snippet = str(row.snippet or "")
        hits = re.findall(f"{HIT_OPEN}(.*?){HIT_CLOSE}", snippet)
        found.append(
            {
                "doc_id": row.doc_id,
                "title": row.title,
                "uri": row.uri,
                "published": row.published,
                "source": row.source,
                "snippet": snippet.replace(HIT_OPEN, "").replace(HIT_CLOSE, ""),
                "snippet_html": highlighted(snippet),
                "hits": hits,
            }
        )
    return found


def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(schema.documents).where(schema.documents.c.id == doc_id)).first()
    return None if row is None else dict(row._mapping)


def fact(store: Store, fact_id: str) -> dict[str, Any] | None:
    """One fact in the contract's shape, rejected ones included (marked ``reviewed``).

    The facts reader merges stored facts when it reads them, so a merged
    fact's id need not be a stored row: look it up among the stored row's
    neighbours first, then among all facts.
    """
    from spoor.store import facts as reader

    with store.engine.connect() as conn:
        row = conn.execute(
            select(schema.facts.c.subject_id, schema.facts.c.predicate).where(
                schema.facts.c.id == fact_id
            )
        ).first()
        scopes: list[dict[str, Any]] = []
        if row is not None:
            scopes.append({"entity": row.subject_id, "predicate": row.predicate})
        scopes.append({})
        for scope in scopes:
            for candidate in reader.iter_facts(conn, include_rejected=True, **scope):
                if candidate["id"] == fact_id:
                    return candidate
    return None


def entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    for candidate in store.entities(include_unseen=True):
        if candidate["id"] == entity_id:
            return candidate
    return None


def find_entities(
    store: Store, query: str = "", entity_type: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Entities whose name or an alias contains ``query`` (any case), most mentioned first."""
    wanted = query.strip().casefold()
    found = []
    for candidate in store.entities():
        if entity_type and candidate["type"] != entity_type:
            continue
        names = [candidate["name"], *candidate["aliases"], candidate["id"]]
        if wanted and not any(wanted in str(name).casefold() for name in names):
            continue
        found.append(candidate)
    found.sort(key=lambda e: (-e["mentions"], e["name"]))
    return found[:limit]


def source_ratings(store: Store, names: Iterable[str]) -> dict[str, str]:
    """Admiralty grade of each outlet name (F when unrated); analysts' ratings win."""
    with store.engine.connect() as conn:
        table = sources.ratings(conn)
    return {name: sources.reliability_of(table, name) for name in names}


def judgements_for(store: Store, targets: Iterable[str]) -> list[judgements.Judgement]:
    """Judgements in force on any of ``targets``, newest first."""
    wanted = set(targets)
    with store.engine.connect() as conn:
        found = [j for j in judgements.active(conn) if j.target in wanted]
        # A merge is about both entities: show it on the merged one's page too.
        found += [
            j
            for j in judgements.active(conn, kind="merge")
            if str(j.value.get("other")) in wanted and j.target not in wanted
        ]
    return sorted(found, key=lambda j: -j.id)


def review_state(fact: dict[str, Any], decisions: Iterable[judgements.Judgement]) -> str | None:
    """``confirmed`` or ``rejected``: as the facts reader marked it, else the newest decision."""
    marked = (fact.get("attributes") or {}).get("reviewed")
    if marked in ("confirmed", "rejected"):
        return str(marked)
    for decision in sorted(decisions, key=lambda j: -j.id):
        if decision.kind == "confirm":
            return "confirmed"
        if decision.kind == "reject":
            return "rejected"
    return None


def version(store: Store) -> tuple[int, int, str]:
    """Cheap fingerprint of the store's content, to know when cached views are stale."""
    with store.engine.connect() as conn:
        documents = conn.execute(select(func.count()).select_from(schema.documents)).scalar_one()
        last_judgement = conn.execute(select(func.max(schema.judgements.c.id))).scalar_one()
        last_ingest = conn.execute(select(func.max(schema.documents.c.ingested_at))).scalar_one()
    return int(documents), int(last_judgement or 0), str(last_ingest or "")


def judgement_json(decision: judgements.Judgement) -> dict[str, Any]:
    return {
        "id": decision.id,
        "kind": decision.kind,
        "target": decision.target,
        "value": json.loads(json.dumps(decision.value)),
        "author": decision.author,
        "created_at": decision.created_at,
    }
