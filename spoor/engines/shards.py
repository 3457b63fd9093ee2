"""Parquet shards of extractions (written by `spoor ingest --engine ray --shards DIR`).

Each row holds one analysed document as JSON (``extraction``) or the reason
it was rejected (``rejection``), with its ``uri`` and ``status``. `spoor
load` streams the shards into a store in large transactions; since the
writer ignores documents already stored, loading the same shards twice,
or from two machines at once, stores each document once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spoor.engines import codec
from spoor.errors import ConfigError
from spoor.pipeline import IngestReport
from spoor.records import Extraction, Rejection
from spoor.store import Store


def shard_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise ConfigError(f"{folder} is not a folder of Parquet shards; check the path.")
    files = sorted(folder.rglob("*.parquet"))
    if not files:
        raise ConfigError(f"No .parquet files under {folder}; was the Ray job given --shards?")
    return files


def iter_rows(folder: Path, batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Rows of every shard, ``batch_size`` at a time, one shard read at a time."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Loading shards needs pyarrow: pip install 'spoor[ray]'.") from exc
    for path in shard_files(folder):
        handle = pq.ParquetFile(path)
        for batch in handle.iter_batches(
            batch_size=batch_size, columns=["uri", "extraction", "rejection"]
        ):
            yield batch.to_pylist()


def load(store: Store, folder: Path, batch_size: int, curated: list[Any]) -> IngestReport:
    """Import the shards under ``folder`` into ``store``; one transaction per batch."""
    store.sync_entities(curated)
    report = IngestReport()
    for rows in iter_rows(folder, batch_size):
        extractions = [codec.loads(Extraction, r["extraction"]) for r in rows if r["extraction"]]
        rejections = [Rejection(r["uri"], r["rejection"]) for r in rows if r["rejection"]]
        stored = store.write_batch(extractions, rejections)
        report.stored += len(stored)
        report.duplicates += len(extractions) - len(stored)
        report.rejected += rejections
    return report
