"""`spoor entity ...`: the analyst's decisions about who is who.

    spoor entity merge KEEP OTHER      OTHER becomes part of KEEP (KEEP's id and name stay)
    spoor entity split ID --alias NAME mentions of ID written NAME become a new entity
    spoor entity alias ID NAME         ID is also called NAME
    spoor entity undo JUDGEMENT_ID     reverse one decision
    spoor entity show ID               aliases with their documents, and the decisions

Each decision is a judgement (spoor/store/judgements.py): stored apart from machine
output, applied when the store is read, so it survives re-ingesting and can be undone.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from spoor.commands.common import DbOption, guarded, open_kb
from spoor.store import judgements, queries

entity_app = typer.Typer(
    name="entity",
    help="Merge, split, name and inspect entities; every decision can be undone.",
    no_args_is_help=True,
)

AuthorOption = Annotated[
    str | None, typer.Option("--author", help="Who decided (kept with the judgement).")
]


class ShowFormat(StrEnum):
    json = "json"
    text = "text"


def _say(message: str) -> None:
    typer.echo(message)


def _decide(db: str, decision: Any) -> int:
    """Run one recording function inside a transaction; nothing is stored if it raises."""
    with open_kb(db) as kb, kb.store.engine.begin() as conn:
        return int(decision(conn))


@entity_app.command("merge")
def merge(
    keep: Annotated[str, typer.Argument(help="Entity id that stays (e.g. kb:iskp).")],
    other: Annotated[str, typer.Argument(help="Entity id merged into it.")],
    db: DbOption = "spoor.db",
    author: AuthorOption = None,
) -> None:
    """Merge OTHER into KEEP: one entity, with both entities' aliases and mentions."""
    number = guarded(lambda: _decide(db, lambda c: judgements.merge(c, keep, other, author)))
    _say(f"merged {other} into {keep} (judgement {number}; `spoor entity undo {number}` reverts)")


@entity_app.command("split")
def split(
    entity_id: Annotated[str, typer.Argument(help="Entity id to split.")],
    alias: Annotated[str, typer.Option("--alias", help="Name whose mentions move out.")],
    db: DbOption = "spoor.db",
    author: AuthorOption = None,
) -> None:
    """Move the mentions of ENTITY_ID written as ALIAS to a new entity."""
    number = guarded(lambda: _decide(db, lambda c: judgements.split(c, entity_id, alias, author)))
    new_id = judgements.split_id(entity_id, alias)
    _say(f"split {alias!r} off {entity_id} as {new_id} (judgement {number})")


@entity_app.command("alias")
def alias(
    entity_id: Annotated[str, typer.Argument(help="Entity id.")],
    name: Annotated[str, typer.Argument(help="Another name for it.")],
    db: DbOption = "spoor.db",
    author: AuthorOption = None,
) -> None:
    """Add NAME to ENTITY_ID's aliases; uncurated mentions of NAME join it."""
    number = guarded(
        lambda: _decide(db, lambda c: judgements.add_alias(c, entity_id, name, author))
    )
    _say(f"{entity_id} is also {name!r} (judgement {number})")


@entity_app.command("undo")
def undo(
    judgement_id: Annotated[int, typer.Argument(help="Judgement id (see `spoor entity show`).")],
    db: DbOption = "spoor.db",
) -> None:
    """Reverse one judgement; the store reads as it did before it."""

    def body() -> judgements.Judgement:
        with open_kb(db) as kb, kb.store.engine.begin() as conn:
            return judgements.undo(conn, judgement_id)

    undone = guarded(body)
    _say(f"undid judgement {undone.id} ({undone.kind} {undone.target})")


@entity_app.command("show")
def show(
    entity_id: Annotated[str, typer.Argument(help="Entity id.")],
    db: DbOption = "spoor.db",
    format: Annotated[ShowFormat, typer.Option("--format", help="text or json.")] = (
        ShowFormat.text
    ),
) -> None:
    """An entity's aliases with the documents they came from, and its judgements."""

    def body() -> dict[str, Any]:
        with open_kb(db) as kb, kb.store.engine.connect() as conn:
            return queries.entity_detail(conn, entity_id)

    detail = guarded(body)
    if format is ShowFormat.json:
        sys.stdout.write(json.dumps(detail, ensure_ascii=False, indent=2) + "\n")
        return
    _say(f"{detail['id']}  {detail['name']}  ({detail['type']}, {detail['mentions']} mentions)")
    if detail["merged_from"]:
        _say("merged from: " + ", ".join(detail["merged_from"]))
    _say("aliases:")
    for entry in detail["aliases"]:
        where = ", ".join(f"{d['uri']} ×{d['count']}" for d in entry["documents"])
        _say(f"  {entry['alias']}  [{'/'.join(entry['origins']) or 'name'}]  {where}".rstrip())
    _say("judgements:" if detail["judgements"] else "judgements: none")
    for j in detail["judgements"]:
        state = "undone" if j["undone"] else "active"
        value = json.dumps(j["value"], ensure_ascii=False, sort_keys=True)
        _say(f"  #{j['id']} {j['kind']} {j['target']} {value} ({state}, {j['created_at']})")


def register(app: typer.Typer) -> None:
    app.add_typer(entity_app)
