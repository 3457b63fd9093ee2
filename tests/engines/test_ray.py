"""`spoor ingest --engine ray`: the same facts as the local engine (issue 8).

A local Ray cluster with 2 analysis workers (3 logical CPUs: one more for the
read tasks) runs the job on the sample corpus twice: once writing through the
driver into a SQLite store, once into Parquet shards imported by `spoor load`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import ray  # the ray extra: `make install` installs it for the tests

from spoor.engines import codec
from spoor.engines import shards as shard_io
from spoor.engines.ray_data import AnalyzeBatch, RayOptions, curated_entities, ingest_with_ray
from spoor.pipeline import ingest
from spoor.records import RawInput
from spoor.settings import Settings
from spoor.stages import acquire, clean, language
from spoor.store import Store
from tests.store.conftest import start_cluster, stop_cluster

pytestmark = [pytest.mark.ray, pytest.mark.model, pytest.mark.integration]

CORPUS = str(Path(__file__).resolve().parents[2] / "examples" / "corpus")
SPOOR = str(Path(sys.executable).parent / "spoor")
# Small batches so the 30 documents make several blocks, spread over both workers.
SETTINGS = Settings(batch_size=4)
ROLES = ("subject", "object")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    # Ray's socket paths must stay short: a folder directly under /tmp.
    temp = tempfile.mkdtemp(prefix="spoor-ray-")
    ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False, _temp_dir=temp)
    try:
        yield
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


def _facts(store: Store) -> list[dict[str, Any]]:
    """The store's facts, comparable across engines.

    A name the knowledge base lacks, spelled two ways in two documents ("Central Asian",
    "Central Asians"), joins under the spelling met first. The local engine meets every
    document in turn; each Ray worker only its own, so the two engines can name, and
    split, such an entity differently. Facts about one are compared reading by reading.
    """
    facts: list[dict[str, Any]] = []
    for fact in store.facts():
        fact["evidence"] = sorted(fact["evidence"], key=lambda ev: (ev["doc_id"], ev["start"]))
        facts.extend(_readings(fact) if _uncurated(fact) else [fact])
    return sorted(facts, key=lambda fact: json.dumps(fact, sort_keys=True, default=str))


def _uncurated(fact: dict[str, Any]) -> bool:
    return any(str((fact.get(role) or {}).get("id", "")).startswith("ent:") for role in ROLES)


def _readings(fact: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per evidence, the uncurated entity by its type alone."""
    kept = {"predicate", "time", "place", "negated", "hedged", "attributed_to"}
    shared = {key: fact[key] for key in kept}
    for role in ROLES:
        entity = fact.get(role) or {}
        uncurated = str(entity.get("id", "")).startswith("ent:")
        shared[role] = {"uncurated": entity["type"]} if uncurated else entity
    return [{**shared, "evidence": [evidence]} for evidence in fact["evidence"]]


@pytest.fixture(scope="module")
def local_facts(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    store = Store.open(tmp_path_factory.mktemp("local") / "local.db")
    report = ingest([CORPUS], store, SETTINGS)
    assert report.stored > 20 and not report.rejected
    facts = _facts(store)
    store.close()
    assert facts
    return facts


def test_ray_job_into_a_store_equals_the_local_engine(
    ray_cluster: None, local_facts: list[dict[str, Any]], tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "ray.db")
    report = ingest_with_ray([CORPUS], store, SETTINGS, options=RayOptions(workers=2))
    assert report.stored == store.stats()["documents"] > 20
    assert _facts(store) == local_facts
    again = ingest_with_ray([CORPUS], store, SETTINGS, options=RayOptions(workers=2))
    assert (again.stored, again.duplicates) == (0, report.stored)
    store.close()


def test_ray_shards_then_load_equal_the_local_engine(
    ray_cluster: None, local_facts: list[dict[str, Any]], tmp_path: Path
) -> None:
    shards = tmp_path / "shards"
    options = RayOptions(workers=2, shards=shards)
    report = ingest_with_ray([CORPUS], None, SETTINGS, options=options)
    assert len(shard_io.shard_files(shards)) >= 2
    store = Store.open(tmp_path / "loaded.db")
    loaded = shard_io.load(store, shards, SETTINGS.batch_size, curated_entities())
    assert loaded.stored == store.stats()["documents"] > 20
    assert report.rejected == loaded.rejected == []
    assert report.stored == loaded.stored
    assert _facts(store) == local_facts
    store.close()
    # The command does the same, and a second load stores nothing new.
    db = tmp_path / "cli.db"
    for expected in (f"{loaded.stored} stored", f"0 stored, {loaded.stored} already present"):
        result = subprocess.run(
            [SPOOR, "load", str(shards), "--db", str(db)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert expected in result.stderr


@pytest.mark.postgres
def test_a_worker_writes_to_postgresql_itself(
    local_facts: list[dict[str, Any]], tmp_path: Path
) -> None:
    """The worker class alone (no cluster): with a PostgreSQL URL it stores its batches."""
    server, root = start_cluster()
    try:
        url = server.create_database()
        worker = AnalyzeBatch(asdict(SETTINGS), url)
        documents = [
            codec.dumps(language.detect(clean.clean(item, SETTINGS)))
            for item in acquire.iter_inputs([CORPUS], SETTINGS)
            if isinstance(item, RawInput)
        ]
        out = worker({"document": documents})
        assert set(out["status"]) == {"ingested"}
        assert worker({"document": documents[:3]})["status"] == ["duplicate"] * 3
        assert worker.store is not None
        assert _facts(worker.store) == local_facts
        worker.store.close()
    finally:
        stop_cluster(server, root)
