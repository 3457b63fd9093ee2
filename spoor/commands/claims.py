"""`spoor claims`: how sure each claim is, weakest or strongest first.

    spoor claims --weak              single-source, unattributed or vaguely attributed, hedged
                                     or contradicted claims, least confident first
    spoor claims --contradictions    facts that cannot both be true, side by side with evidence
    spoor claims --entity ID         every claim about ID, most confident first

Facts follow the ``spoor facts`` contract; ``attributes.weak`` says why a claim is weak and
``attributes.credibility`` gives its Admiralty credibility grade (1 confirmed … 6 cannot be
judged). See spoor/analysis/ledger.py for the formula.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any

import typer

from spoor.commands.common import DbOption, guarded, open_kb
from spoor.store import facts as fact_reader


class ListFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


def _object_text(fact: dict[str, Any]) -> str:
    obj = fact["object"]
    return str(obj.get("name") or obj.get("value"))


def _time_text(fact: dict[str, Any]) -> str:
    time = fact["time"] or {}
    start, end = time.get("start"), time.get("end")
    return "" if not start and not end else str(start if start == end else f"{start}..{end}")


def select_claims(
    rows: Iterable[dict[str, Any]], *, weak: bool, predicate: str | None = None
) -> list[dict[str, Any]]:
    """Weak claims least confident first; otherwise all claims most confident first."""
    chosen = [r for r in rows if not weak or r["attributes"].get("weak")]
    if predicate:
        chosen = [r for r in chosen if r["predicate"] == predicate]
    chosen.sort(key=lambda r: (r["confidence"], r["id"]))
    return chosen if weak else list(reversed(chosen))


def _print_facts(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("conf", "cred", "sources", "subject", "predicate", "object", "time", "why weak")
    for row in rows:
        table.add_row(
            f"{row['confidence']:.2f}",
            str(row["attributes"].get("credibility", "")),
            f"{row['n_independent_sources']}/{row['n_sources']}",
            row["subject"]["name"],
            row["predicate"],
            _object_text(row),
            _time_text(row),
            ", ".join(row["attributes"].get("weak", [])),
        )
    Console().print(table)


def _print_contradictions(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("about", "predicate", "differs in", "claim", "conf", "sources", "quote")
    for row in rows:
        for side in row["facts"]:
            table.add_row(
                row["about"]["name"],
                row["predicate"],
                row["differs_in"],
                f"{_object_text(side)} {_time_text(side)}".strip(),
                f"{side['confidence']:.2f}",
                ", ".join(sorted({e["source"] or e["uri"] for e in side["evidence"]})),
                side["evidence"][0]["quote"][:80],
            )
        table.add_section()
    Console().print(table)


def claims(
    db: DbOption = "spoor.db",
    weak: Annotated[
        bool, typer.Option("--weak", help="Only weak claims, least confident first.")
    ] = False,
    contradictions: Annotated[
        bool, typer.Option("--contradictions", help="List contradicting facts side by side.")
    ] = False,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only claims about this entity id.")
    ] = None,
    predicate: Annotated[
        str | None, typer.Option("--predicate", help="Only claims with this predicate.")
    ] = None,
    format: Annotated[
        ListFormat, typer.Option("--format", help="jsonl or table.")
    ] = ListFormat.table,
) -> None:
    """How sure each claim is: weak claims, contradictions, or all claims about an entity."""

    def body() -> list[dict[str, Any]]:
        with open_kb(db) as kb, kb.store.engine.connect() as conn:
            if contradictions:
                return list(
                    fact_reader.iter_contradictions(conn, entity=entity, predicate=predicate)
                )
            rows = fact_reader.iter_facts(conn, entity=entity, predicate=predicate, explain=True)
            return select_claims(rows, weak=weak)

    rows = guarded(body)
    if format is ListFormat.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif contradictions:
        _print_contradictions(rows)
    else:
        _print_facts(rows)


def register(app: typer.Typer) -> None:
    app.command("claims")(claims)
