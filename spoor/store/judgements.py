"""Analyst judgements: decisions stored apart from machine output, and winning over it.

A judgement is a row in the ``judgements`` table: ``kind`` (merge, split,
alias, confirm, reject, edit, rate), ``target`` (an entity id, a fact id
or a source name), ``value`` (JSON with the details) and whether it was
undone. Ingestion never writes here and never deletes from here, so
judgements survive re-ingesting and rebuilding. Readers apply them when
they read: ``canonical_ids`` turns merges into a redirect map.

Kinds and their values:
    merge    target=kept entity id    {"other": merged entity id}
    split    target=entity id         {"alias": surface form, "new_id": new entity id}
    alias    target=entity id         {"alias": name to add}
    confirm  target=fact id           {}
    reject   target=fact id           {"reason": str}
    edit     target=fact id           {"field": name, "value": new value}
    rate     target=source name       {"reliability": "A".."F", "note": str}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, select, update

from spoor.errors import NotFound, SpoorError
from spoor.store import schema
from spoor.store.db import now

KINDS = frozenset({"merge", "split", "alias", "confirm", "reject", "edit", "rate"})


@dataclass(slots=True, frozen=True)
class Judgement:
    id: int
    kind: str
    target: str
    value: dict[str, Any]
    author: str | None
    created_at: str
    undone: bool


def record(
    conn: Connection, kind: str, target: str, value: dict[str, Any], author: str | None = None
) -> int:
    """Store one judgement; return its id."""
    if kind not in KINDS:
        raise SpoorError(f"Unknown judgement kind {kind!r}; use one of {', '.join(sorted(KINDS))}.")
    result = conn.execute(
        schema.judgements.insert().values(
            kind=kind,
            target=target,
            value=json.dumps(value, ensure_ascii=False, sort_keys=True),
            author=author,
            created_at=now(),
            undone=False,
        )
    )
    key = result.inserted_primary_key
    return int(key[0]) if key else 0


def undo(conn: Connection, judgement_id: int) -> Judgement:
    row = conn.execute(
        select(schema.judgements).where(schema.judgements.c.id == judgement_id)
    ).first()
    if row is None:
        raise NotFound(f"No judgement {judgement_id}; `spoor entity show ID` lists them.")
    if row.undone:
        raise SpoorError(f"Judgement {judgement_id} is already undone.")
    conn.execute(
        update(schema.judgements).where(schema.judgements.c.id == judgement_id).values(undone=True)
    )
    return replace(_judgement(row), undone=True)


def active(conn: Connection, *, kind: str | None = None) -> list[Judgement]:
    """Judgements in force, oldest first."""
    query = select(schema.judgements).where(schema.judgements.c.undone.is_(False))
    if kind is not None:
        query = query.where(schema.judgements.c.kind == kind)
    return [_judgement(row) for row in conn.execute(query.order_by(schema.judgements.c.id))]


def canonical_ids(conn: Connection) -> dict[str, str]:
    """Entity id → the id it was merged into, following chains (A←B←C gives C→A)."""
    redirects: dict[str, str] = {}
    for judgement in active(conn, kind="merge"):
        redirects[str(judgement.value["other"])] = judgement.target
    resolved: dict[str, str] = {}
    for source in redirects:
        seen = {source}
        target = redirects[source]
        while target in redirects and target not in seen:
            seen.add(target)
            target = redirects[target]
        resolved[source] = target
    return resolved


def _judgement(row: Any) -> Judgement:
    return Judgement(
        id=row.id,
        kind=row.kind,
        target=row.target,
        value=json.loads(row.value or "{}"),
        author=row.author,
        created_at=row.created_at,
        undone=bool(row.undone),
    )
