"""`spoor load SHARDS`: bulk-import Parquet shards written by `spoor ingest --engine ray`.

spoor ingest reports/ --engine ray --shards shards/   # on the cluster
spoor load shards/ --db postgresql://team@db/spoor     # wherever the store is
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from spoor.commands.common import DbOption, guarded, open_kb, report_ingest


def load(
    shards: Annotated[Path, typer.Argument(help="Folder of Parquet shards from a Ray ingest.")],
    db: DbOption = "spoor.db",
) -> None:
    """Import extraction shards into the knowledge base; documents already stored are skipped."""

    def body() -> Any:
        from spoor.engines import shards as shard_io
        from spoor.engines.ray_data import curated_entities

        with open_kb(db) as kb:
            return shard_io.load(kb.store, shards, kb.settings.batch_size, curated_entities())

    report_ingest(guarded(body), db)


def register(app: typer.Typer) -> None:
    app.command("load")(load)
