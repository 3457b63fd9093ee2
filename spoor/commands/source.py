"""`spoor source ...`: outlets and their reliability on the Admiralty scale.

    spoor source list                     outlets with their grade, note and document count
    spoor source rate NAME B --note "..." rate an outlet A-F (F: cannot be judged, the default)

An outlet is a document's ``source``: from its metadata, or else its URL's domain. A rating
is stored as a ``rate`` judgement and in the ``sources`` table, so it survives re-ingesting;
the claims ledger weighs each piece of evidence by its outlet's grade.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from spoor.commands.common import DbOption, guarded, open_kb
from spoor.store import sources

source_app = typer.Typer(
    name="source",
    help="List outlets and rate their reliability (Admiralty A-F).",
    no_args_is_help=True,
)


class ListFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


@source_app.command("list")
def list_sources(
    db: DbOption = "spoor.db",
    format: Annotated[
        ListFormat, typer.Option("--format", help="jsonl or table.")
    ] = ListFormat.table,
) -> None:
    """Every outlet with documents or a rating: name, reliability, note, documents."""

    def body() -> list[sources.SourceRating]:
        with open_kb(db) as kb, kb.store.engine.connect() as conn:
            return sources.list_sources(conn)

    rows = guarded(body)
    if format is ListFormat.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(sources.as_dict(row), ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("name", "reliability", "note", "documents")
    for row in rows:
        table.add_row(row.name, row.reliability, row.note or "", str(row.documents))
    Console().print(table)


@source_app.command("rate")
def rate(
    name: Annotated[str, typer.Argument(help="Outlet name, as `spoor source list` shows it.")],
    grade: Annotated[str, typer.Argument(help="A-F: A completely reliable … F cannot be judged.")],
    db: DbOption = "spoor.db",
    note: Annotated[str | None, typer.Option("--note", help="Why this grade.")] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Who rated (kept with the judgement).")
    ] = None,
) -> None:
    """Rate an outlet's reliability; kept as a judgement, so it survives re-ingesting."""

    def body() -> tuple[int, str]:
        value = sources.normalise_grade(grade)
        with open_kb(db) as kb, kb.store.engine.begin() as conn:
            return sources.rate(conn, name, value, note, author), value

    number, value = guarded(body)
    typer.echo(f"rated {name} {value} ({sources.MEANINGS[value]}; judgement {number})")


def register(app: typer.Typer) -> None:
    app.add_typer(source_app, name="source")
