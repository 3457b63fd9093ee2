"""Analyst judgements: decisions stored apart from machine output, and winning over it.

A judgement is a row in the ``judgements`` table: ``kind`` (merge, split,
alias, confirm, reject, edit, rate), ``target`` (an entity id, a fact id
or a source name), ``value`` (JSON with the details) and whether it was
undone. Ingestion never writes here and never deletes from here, so
judgements survive re-ingesting and rebuilding. Readers apply them when
they read; undoing one is marking it undone, so the earlier state comes
back exactly.

Kinds and their values:
    merge    target=kept entity id    {"other": merged entity id}
    split    target=entity id         {"alias": surface form, "new_id": new entity id}
    alias    target=entity id         {"alias": name to add}
    confirm  target=fact id           {}
    reject   target=fact id           {"reason": str}
    edit     target=fact id           {"field": name, "value": new value}
    rate     target=source name       {"reliability": "A".."F", "note": str}

Entity judgements are applied by this module only; every reader goes through it:

- ``canonical_ids(conn)``: merged id -> kept id (chains followed). Enough for readers that
  see ids without surface forms (facts: subject and object ids).
- ``entity_view(conn)`` -> ``EntityView``; ``view.resolve(entity_id, surface)`` is the one
  place a machine-linked mention (or alias row) finds the entity it belongs to now:
  1. an ``alias`` judgement takes a mention of an uncurated entity whose surface form
     normalises to the alias (``names.normalize``) to the judged entity;
  2. merges redirect to the kept entity;
  3. a ``split`` moves the mentions of an entity whose surface form normalises to the
     split alias to the split's new entity (``split_id``), which may itself be merged later.
  ``view.members(id)`` lists the machine ids whose rows may belong to ``id``.
- ``merge`` / ``split`` / ``add_alias`` check their input against the store, record the
  judgement and return its id; bad input raises ``NotFound`` or ``SpoorError`` and records
  nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, select, update

from spoor import names
from spoor.errors import NotFound, SpoorError
from spoor.store import schema
from spoor.store.db import now

KINDS = frozenset({"merge", "split", "alias", "confirm", "reject", "edit", "rate"})
ENTITY_KINDS = frozenset({"merge", "split", "alias"})
_MAX_HOPS = 16  # merges and splits chained deeper than this are a loop


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


# ---------------------------------------------------------------- entity judgements


def split_id(entity_id: str, alias: str) -> str:
    """Id of the entity split off ``entity_id`` under ``alias``: the same for the same split."""
    digest = hashlib.sha1(f"split|{entity_id}|{names.normalize(alias)}".encode()).hexdigest()
    return f"ent:{digest[:12]}"


@dataclass(slots=True, frozen=True)
class SplitEntity:
    """An entity that exists only through a split judgement."""

    id: str
    name: str
    source: str  # the entity it was split from
    judgement: int


@dataclass(slots=True)
class EntityView:
    """The entity judgements in force, ready to apply to machine rows (see the module doc)."""

    redirects: dict[str, str] = field(default_factory=dict)
    splits: dict[tuple[str, str], str] = field(default_factory=dict)  # (id, alias key) -> new
    split_entities: dict[str, SplitEntity] = field(default_factory=dict)
    alias_targets: dict[str, str] = field(default_factory=dict)  # alias key -> entity id
    added_aliases: dict[str, list[str]] = field(default_factory=dict)  # entity id -> aliases

    def canonical(self, entity_id: str) -> str:
        """Where merges take ``entity_id`` (itself when it was never merged away)."""
        return self.redirects.get(entity_id, entity_id)

    def resolve(self, entity_id: str, surface: str | None = None) -> str:
        """The entity a machine row (``entity_id`` seen as ``surface``) belongs to now."""
        key = names.normalize(surface) if surface is not None else ""
        current = entity_id
        if key and not current.startswith("kb:") and key in self.alias_targets:
            current = self.alias_targets[key]
        for _ in range(_MAX_HOPS):
            target = self.canonical(current)
            target = self.splits.get((target, key), target) if key else target
            if target == current:
                break
            current = target
        return current

    def members(self, entity_id: str) -> set[str]:
        """Machine ids whose mentions or aliases may resolve to ``entity_id``."""
        found = {entity_id}
        if not self.redirects and not self.split_entities:
            return found  # the usual case: no merge or split judged yet
        changed = True
        while changed:
            changed = False
            for source, target in self.redirects.items():
                if target in found and source not in found:
                    found.add(source)
                    changed = True
            for split in self.split_entities.values():
                if split.id in found and split.source not in found:
                    found.add(split.source)
                    changed = True
        return found

    def exists(self, entity_id: str, stored: set[str]) -> bool:
        return entity_id in stored or entity_id in self.split_entities


def entity_view(conn: Connection) -> EntityView:
    """Every active merge, split and alias judgement, in the order they were made."""
    view = EntityView(redirects=canonical_ids(conn))
    for judgement in active(conn):
        if judgement.kind == "split":
            alias = str(judgement.value["alias"])
            new_id = str(judgement.value["new_id"])
            view.splits[(judgement.target, names.normalize(alias))] = new_id
            view.split_entities[new_id] = SplitEntity(new_id, alias, judgement.target, judgement.id)
        elif judgement.kind == "alias":
            alias = str(judgement.value["alias"])
            view.alias_targets[names.normalize(alias)] = judgement.target
            view.added_aliases.setdefault(judgement.target, []).append(alias)
    return view


def history(conn: Connection, entity_ids: set[str]) -> list[Judgement]:
    """Entity judgements (active or undone) that name any of ``entity_ids``, oldest first."""
    query = (
        select(schema.judgements)
        .where(schema.judgements.c.kind.in_(sorted(ENTITY_KINDS)))
        .order_by(schema.judgements.c.id)
    )
    found = []
    for row in conn.execute(query):
        judgement = _judgement(row)
        named = {judgement.target, str(judgement.value.get("other", ""))}
        named.add(str(judgement.value.get("new_id", "")))
        if named & entity_ids:
            found.append(judgement)
    return found


def _stored_ids(conn: Connection, ids: list[str]) -> set[str]:
    rows = conn.execute(select(schema.entities.c.id).where(schema.entities.c.id.in_(ids)))
    return set(rows.scalars())


def _require_current(conn: Connection, view: EntityView, entity_ids: list[str]) -> None:
    """Every id must exist and not have been merged away (its judgements go to the kept id)."""
    stored = _stored_ids(conn, entity_ids)
    for entity_id in entity_ids:
        if not view.exists(entity_id, stored):
            raise NotFound(f"No entity {entity_id!r}; `spoor entities --db DB` lists the ids.")
        kept = view.canonical(entity_id)
        if kept != entity_id:
            raise SpoorError(
                f"{entity_id} was merged into {kept}; name {kept} instead "
                "(`spoor entity show` lists the judgements, `spoor entity undo` reverses one)."
            )


def merge(conn: Connection, keep: str, other: str, author: str | None = None) -> int:
    """Merge ``other`` into ``keep`` (whose id and name stay); return the judgement id."""
    if keep == other:
        raise SpoorError(f"Cannot merge {keep} with itself; give two different entity ids.")
    view = entity_view(conn)
    _require_current(conn, view, [keep, other])
    return record(conn, "merge", keep, {"other": other}, author)


def split(conn: Connection, entity_id: str, alias: str, author: str | None = None) -> int:
    """Move the mentions of ``entity_id`` written as ``alias`` to a new entity."""
    key = names.normalize(alias)
    if not key:
        raise SpoorError("The alias to split off is empty; give the name as it appears.")
    view = entity_view(conn)
    _require_current(conn, view, [entity_id])
    if (entity_id, key) in view.splits:
        raise SpoorError(f"{alias!r} is already split off {entity_id}.")
    if not _has_surface(conn, view, entity_id, key):
        raise NotFound(
            f"{entity_id} has no alias {alias!r}; `spoor entity show {entity_id}` lists them."
        )
    value = {"alias": alias, "new_id": split_id(entity_id, alias)}
    return record(conn, "split", entity_id, value, author)


def add_alias(conn: Connection, entity_id: str, alias: str, author: str | None = None) -> int:
    """Give ``entity_id`` another name; uncurated mentions of that name join it when read."""
    cleaned = " ".join(alias.split())
    if not names.normalize(cleaned):
        raise SpoorError("The alias is empty; give a name with letters in it.")
    view = entity_view(conn)
    _require_current(conn, view, [entity_id])
    return record(conn, "alias", entity_id, {"alias": cleaned}, author)


def _has_surface(conn: Connection, view: EntityView, entity_id: str, key: str) -> bool:
    members = sorted(view.members(entity_id))
    rows = conn.execute(
        select(schema.aliases.c.entity_id, schema.aliases.c.alias).where(
            schema.aliases.c.entity_id.in_(members)
        )
    )
    return any(
        names.normalize(alias) == key and view.resolve(source, alias) == entity_id
        for source, alias in rows
    )
