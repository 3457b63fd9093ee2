"""`spoor load SHARDS`: bulk-import Parquet shards written by `spoor ingest --engine ray`.

spoor ingest reports/ --engine ray --shards shards/   # on the cluster
spoor load shards/ --db postgresql://team@db/spoor     # wherever the store is
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

DbOption = Annotated[
    str,
    typer.Option("--db", envvar="SPOOR_DB", help="SQLite file or postgresql:// URL."),
]


def load(
    shards: Annotated[Path, typer.Argument(help="Folder of Parquet shards from a Ray ingest.")],
    db: DbOption = "spoor.db",
) -> None:
    """Import extraction shards into the knowledge base; documents already stored are skipped."""
    from spoor.cli import EXIT_REJECTED, _state, echo_error, guarded, open_kb

    def body() -> Any:
        from spoor.engines import shards as shard_io
        from spoor.engines.ray_data import curated_entities

        with open_kb(db) as kb:
            return shard_io.load(kb.store, shards, kb.settings.batch_size, curated_entities())

    report = guarded(body)
    for rejection in report.rejected:
        echo_error(f"rejected: {rejection.uri}: {rejection.reason}")
    if not _state["quiet"]:
        echo_error(
            f"{report.stored} stored, {report.duplicates} already present, "
            f"{len(report.rejected)} rejected → {db}"
        )
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


def register(app: typer.Typer) -> None:
    app.command("load")(load)
