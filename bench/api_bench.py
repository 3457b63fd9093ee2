"""API latency: 20 concurrent clients against `spoor serve`'s app on 127.0.0.1.

Usage: .venv/bin/python bench/api_bench.py [--db DEMO_DB] [--clients 20] [--requests 30]

Builds the demo store from the sample corpus (unless --db names one), serves
the web app in a thread on a free loopback port (uvicorn, as `spoor serve`
does), and has each client thread send a bounded number of requests cycling
through the JSON API. Reports p50/p95/max latency in milliseconds, overall
and per endpoint, and the throughput. Target (issue 7): p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
ENDPOINTS = (
    "/api/health",
    "/api/entities?q=khorasan",
    "/api/entities/kb:iskp",
    "/api/facts?entity=kb:iskp",
    "/api/facts?predicate=active_in&since=2023",
    "/api/documents?q=Kabul%20airport",
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _client(
    base: str, count: int, offset: int, out: dict[str, list[float]], errors: list[str]
) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        for i in range(count):
            path = ENDPOINTS[(offset + i) % len(ENDPOINTS)]
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                errors.append(f"{path}: HTTP {response.status_code}")
            out[path].append(elapsed)


def measure(db: Path, clients: int = 20, requests: int = 30) -> dict[str, Any]:
    from spoor.store import Store
    from spoor.web import create_app
    from spoor.web.server import running

    store = Store.open(db)
    try:
        with running(create_app(store)) as base:
            with httpx.Client(base_url=base, timeout=30) as warm:
                for path in ENDPOINTS:
                    warm.get(path).raise_for_status()
            timings: dict[str, list[float]] = defaultdict(list)
            errors: list[str] = []
            threads = [
                threading.Thread(target=_client, args=(base, requests, n, timings, errors))
                for n in range(clients)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=300)
            wall = time.perf_counter() - started
    finally:
        store.close()
    everything = [t for values in timings.values() for t in values]
    return {
        "clients": clients,
        "requests": len(everything),
        "errors": len(errors),
        "p50_ms": round(statistics.median(everything), 1),
        "p95_ms": round(_percentile(everything, 0.95), 1),
        "max_ms": round(max(everything), 1),
        "requests_per_s": round(len(everything) / wall, 1),
        "p95_ms_by_endpoint": {
            path: round(_percentile(values, 0.95), 1) for path, values in sorted(timings.items())
        },
        "target_p95_ms": 200,
    }


def _demo_store(folder: Path) -> Path:
    import spoor

    db = folder / "demo.db"
    with spoor.open(db) as kb:
        kb.ingest([str(CORPUS)])
    return db


def run(db: Path | None = None, clients: int = 20, requests: int = 30) -> dict[str, Any]:
    """The benchmark as `make bench` calls it: builds the demo store when none is given."""
    if db is not None:
        return measure(db, clients, requests)
    with tempfile.TemporaryDirectory() as tmp:
        return measure(_demo_store(Path(tmp)), clients, requests)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="An existing store (default: build the demo one).")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="Requests per client.")
    args = parser.parse_args()
    print(json.dumps(run(args.db, args.clients, args.requests), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
