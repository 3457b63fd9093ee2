"""Ingest as a Ray Data job: the driver reads and cleans, Ray workers parse and analyse.

    driver: acquire → clean → dedupe against the store → language → Arrow blocks
    workers (one Analyzer, i.e. one model load, per actor): mentions → … → relations
    sink: PostgreSQL (each worker writes its batches), the driver's store (SQLite),
          or Parquet shards of extractions that `spoor load` imports later

Reading and cleaning are cheap next to parsing, so they stay on the
driver, which puts the cleaned documents into Ray's object store block by
block (its own memory stays flat). Workers hold the spaCy model, gazetteer and
linker once each, in a callable class passed to ``map_batches``.

Ray is an optional extra (``pip install 'spoor[ray]'``). Without
``address`` a local cluster with ``workers`` + 1 CPUs is started (its files
under a temporary folder) and shut down at the end; with ``address``
(``ray://host:10001`` or ``auto``) the job runs on an existing cluster,
whose nodes need Spoor installed and, to write there, access to the
PostgreSQL server.
"""

from __future__ import annotations

import itertools
import logging
import tempfile
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spoor.engines import codec
from spoor.errors import ConfigError
from spoor.kb import load_kb
from spoor.pipeline import (
    Analyzer,
    IngestReport,
    _fresh_documents,
    _Pending,
    prepare,
)
from spoor.records import Document, Entity, Extraction, Rejection
from spoor.settings import Settings

if TYPE_CHECKING:
    from spoor.store import Store

log = logging.getLogger(__name__)

# Blocks (what Ray spreads over the actors) hold this many batches of documents each.
BATCHES_PER_BLOCK = 4


@dataclass(slots=True)
class RayOptions:
    address: str | None = None  # None: start a local cluster
    workers: int = 2  # analysis actors, one model load each
    shards: Path | None = None  # write extraction shards here instead of to the store
    temp_dir: Path | None = None  # Ray's session files for a local cluster


class _NoStore:
    """Stands in for a store when the job only writes shards: nothing is known yet."""

    def known_documents(self, doc_ids: Sequence[str]) -> set[str]:
        return set()


class AnalyzeBatch:
    """The per-worker callable: one Analyzer (one model load) reused for every batch.

    With ``db_url`` set (PostgreSQL), the worker writes its own batches and
    returns only statuses; otherwise it returns the extractions as JSON.
    """

    def __init__(self, settings: dict[str, Any], db_url: str | None) -> None:
        from spoor.store import Store

        self.analyzer = Analyzer(Settings(**settings))
        self.store = Store.open(db_url) if db_url else None
        if self.store is not None:
            prepare(self.analyzer, self.store)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        documents = [codec.loads(Document, text) for text in batch["document"]]
        out: dict[str, list[str]] = {"uri": [], "extraction": [], "rejection": [], "status": []}
        extractions: list[Extraction] = []
        rejections: list[Rejection] = []
        for result in self.analyzer.analyse(documents):
            if isinstance(result, Rejection):
                rejections.append(result)
            else:
                extractions.append(result)
        stored: set[str] = set()
        if self.store is not None:
            stored = set(self.store.write_batch(extractions, rejections))
        for extraction in extractions:
            doc_id = extraction.document.id
            out["uri"].append(extraction.document.uri)
            out["rejection"].append("")
            if self.store is None:
                out["extraction"].append(codec.dumps(extraction))
                out["status"].append("analysed")
            else:
                out["extraction"].append("")
                out["status"].append("ingested" if doc_id in stored else "duplicate")
        for rejection in rejections:
            out["uri"].append(rejection.uri)
            out["extraction"].append("")
            out["rejection"].append(rejection.reason)
            out["status"].append("rejected")
        return out


def curated_entities() -> list[Entity]:
    """The knowledge base's actors, which a store needs before extractions refer to them."""
    kb = load_kb()
    return [kb.entity(actor_id) for actor_id in sorted(kb.actors)]


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            "The Ray engine needs the ray extra: pip install 'spoor[ray]' "
            "(or run without --engine ray)."
        ) from exc
    return ray


def _put_blocks(ray: Any, documents: Iterator[Document], rows_per_block: int) -> list[Any]:
    """Put cleaned documents into Ray's object store, ``rows_per_block`` per Arrow block.

    Only the references stay on the driver, so its memory does not grow with
    the corpus; the object store spills to disk when it fills. This works
    the same for a local cluster and a remote one (``ray://``), where files
    on this machine would be out of the workers' reach.
    """
    import pyarrow as pa

    refs: list[Any] = []
    chunk: list[str] = []
    for document in documents:
        chunk.append(codec.dumps(document))
        if len(chunk) >= rows_per_block:
            refs.append(ray.put(pa.table({"document": chunk})))
            chunk = []
    if chunk:
        refs.append(ray.put(pa.table({"document": chunk})))
    return refs


def _start(ray: Any, options: RayOptions, temp_root: Path) -> bool:
    """Connect to (or start) a cluster; True when we started it and must stop it."""
    if ray.is_initialized():
        return False
    if options.address:
        ray.init(address=options.address, log_to_driver=False, logging_level=logging.WARNING)
        return False
    ray.init(
        # One CPU per analysis actor plus one for the read tasks, or the actors starve them.
        num_cpus=options.workers + 1,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.WARNING,
        _temp_dir=str(options.temp_dir or temp_root / "ray"),
    )
    return True


def ingest_with_ray(
    targets: Sequence[str],
    store: Store | None,
    settings: Settings,
    *,
    options: RayOptions,
    metadata: Mapping[str, str] | None = None,
) -> IngestReport:
    """Run the ingest as a Ray Data job; see the module docstring for where results go."""
    ray = _import_ray()
    if store is None and options.shards is None:
        raise ConfigError("Give a store (--db) or a folder for Parquet shards (--shards).")
    report = IngestReport()
    pending = _Pending()
    db_url: str | None = None
    if options.shards is None and store is not None:
        if store.engine.dialect.name == "postgresql":
            db_url = store.engine.url.render_as_string(hide_password=False)
        store.sync_entities(curated_entities())
    with tempfile.TemporaryDirectory(prefix="spoor-ray-") as tmp:
        known: Any = store if (store is not None and options.shards is None) else _NoStore()
        fresh = _fresh_documents(targets, known, settings, metadata, pending, set(), None)
        first = next(fresh, None)
        if first is not None:
            started = _start(ray, options, Path(tmp))
            try:
                rows = settings.batch_size * BATCHES_PER_BLOCK
                blocks = _put_blocks(ray, itertools.chain([first], fresh), rows)
                _run_job(ray, blocks, settings, options, db_url, store, report)
            finally:
                if started:
                    ray.shutdown()
        rejections, duplicates = pending.take()
        if store is not None and options.shards is None and (rejections or duplicates):
            store.write_batch([], rejections, duplicates)
        report.rejected += rejections
        report.duplicates += len(duplicates)
    return report


def _run_job(
    ray: Any,
    blocks: list[Any],
    settings: Settings,
    options: RayOptions,
    db_url: str | None,
    store: Store | None,
    report: IngestReport,
) -> None:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    dataset = ray.data.from_arrow_refs(blocks).map_batches(
        AnalyzeBatch,
        fn_constructor_kwargs={"settings": asdict(settings), "db_url": db_url},
        batch_size=settings.batch_size,
        batch_format="numpy",
        concurrency=options.workers,
        num_cpus=1,
    )
    if options.shards is not None:
        # A folder per run, so the counts below read back this run's shards only.
        run_folder = options.shards / f"run-{uuid.uuid4().hex[:12]}"
        run_folder.mkdir(parents=True)
        dataset.write_parquet(str(run_folder))
        for row in (
            ray.data.read_parquet(str(run_folder))
            .select_columns(["status", "uri", "rejection"])
            .iter_rows()
        ):
            _count(row, report)
        return
    for batch in dataset.iter_batches(batch_size=settings.batch_size, batch_format="numpy"):
        rows = [
            dict(zip(batch, values, strict=True)) for values in zip(*batch.values(), strict=True)
        ]
        if db_url is None and store is not None:
            _write_rows(store, rows, report)
        else:
            for row in rows:
                _count(row, report)


def _count(row: Mapping[str, Any], report: IngestReport) -> None:
    status = str(row["status"])
    if status in ("ingested", "analysed"):  # analysed: written to a shard
        report.stored += 1
    elif status == "duplicate":
        report.duplicates += 1
    elif status == "rejected":
        report.rejected.append(Rejection(str(row["uri"]), str(row["rejection"])))


def _write_rows(store: Store, rows: Sequence[Mapping[str, Any]], report: IngestReport) -> None:
    """Write worker results that came back to the driver (SQLite stores, `spoor load`)."""
    extractions = [codec.loads(Extraction, str(r["extraction"])) for r in rows if r["extraction"]]
    rejections = [Rejection(str(r["uri"]), str(r["rejection"])) for r in rows if r["rejection"]]
    stored = store.write_batch(extractions, rejections)
    report.stored += len(stored)
    report.duplicates += len(extractions) - len(stored)
    report.rejected += rejections


def ingest_from_cli(
    targets: Sequence[str],
    db: str,
    settings: Settings,
    metadata: Mapping[str, str],
    address: str | None,
    shards: Path | None,
    workers: int = 2,
) -> IngestReport:
    """`spoor ingest --engine ray`: into the store at ``db``, or into ``shards`` when given."""
    options = RayOptions(address=address, workers=max(workers, 2), shards=shards)
    # Ray Data reports each dataset's progress at INFO; the CLI shows its own summary.
    logging.getLogger("ray").setLevel(max(logging.WARNING, logging.getLogger().level))
    if shards is not None:
        return ingest_with_ray(targets, None, settings, options=options, metadata=metadata)
    from spoor.store import Store

    store = Store.open(db)
    try:
        return ingest_with_ray(targets, store, settings, options=options, metadata=metadata)
    finally:
        store.close()
