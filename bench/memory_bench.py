"""Flat memory: resident memory of a real `spoor ingest` against the documents stored so far.

Runs `spoor ingest` on synthetic documents (bench/synth.py) into a fresh
SQLite store and, every ``interval`` seconds, samples the resident memory
of the whole process tree and the number of documents committed (read from
the store, which WAL lets a reader see while the writer works). After a
warm-up (the first ``WARMUP`` share of the documents: model load, first
batches, caches filling), a least-squares line through (documents, MB)
gives the slope in MB per 1,000 documents: near zero means streaming,
and peak memory would not grow with a 100k-document run.

    python -m bench.memory_bench --n 5000

``run()`` (bench/run.py's entry) ingests SPOOR_BENCH_MEMORY_DOCS documents
(default 2,000: a few minutes on one core).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402
from bench.throughput import SPOOR, _tree_rss_kb  # noqa: E402

DEFAULT_DOCS = 2000
WARMUP = 0.25


def _stored(db: Path) -> int | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return None  # not created yet, or busy


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of MB over documents, in MB per 1,000 documents."""
    if len(points) < 3:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return round(1000 * covariance / spread, 2)


def profile(
    corpus: Path,
    db: Path,
    interval: float = 1.0,
    *,
    workers: int = 1,
    progress: Path | None = None,
) -> dict[str, Any]:
    """Ingest ``corpus`` into ``db``; (documents stored, tree RSS in MB) every ``interval`` s.

    With ``progress``, the samples so far are rewritten there every minute, so a
    run too long to wait for (100k documents) still leaves its measurements.
    """
    process = subprocess.Popen(
        [SPOOR, "-q", "ingest", str(corpus), "--db", str(db), "--workers", str(workers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    samples: list[tuple[int, float]] = []
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        last_written = time.perf_counter()
        while not stop.is_set():
            rss = _tree_rss_kb(process.pid) / 1024
            peak = max(peak, rss)
            stored = _stored(db)
            if stored is not None and rss > 0:
                samples.append((stored, round(rss, 1)))
            if progress and time.perf_counter() - last_written > 60:
                last_written = time.perf_counter()
                elapsed = round(last_written - started, 1)
                progress.write_text(
                    json.dumps(
                        {"seconds": elapsed, "peak_rss_mb": round(peak, 1), "samples": samples}
                    )
                )
            stop.wait(interval)

    started = time.perf_counter()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    stop.set()
    sampler.join()
    documents = _stored(db) or 0
    # Keep the highest RSS seen at each document count (one point per committed batch).
    by_count: dict[int, float] = {}
    for count, rss in samples:
        by_count[count] = max(rss, by_count.get(count, 0.0))
    # The last count is also sampled while the process exits and frees its memory.
    points = sorted((x, y) for x, y in by_count.items() if x < documents)
    steady = [(x, y) for x, y in points if x >= WARMUP * documents]
    return {
        "exit_code": process.returncode,
        "error": stderr[-500:] if process.returncode not in (0, 3) else None,
        "documents": documents,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(peak, 1),
        "rss_mb_after_warmup": [steady[0][1], steady[-1][1]] if steady else None,
        "slope_mb_per_1k_docs": slope(steady),
        "samples": [list(p) for p in points[:: max(1, len(points) // 20)]],
        "note": f"slope of a least-squares line over the last {1 - WARMUP:.0%} of the documents",
    }


def run(n: int | None = None) -> dict[str, Any]:
    """Benchmark entry for bench/run.py: SPOOR_BENCH_MEMORY_DOCS documents (default 2,000)."""
    size = n or int(os.environ.get("SPOOR_BENCH_MEMORY_DOCS", DEFAULT_DOCS))
    with tempfile.TemporaryDirectory(prefix="spoor-mem-") as tmp:
        corpus = Path(tmp) / "corpus"
        synth.write_corpus(corpus, size, shard_size=500)
        return profile(corpus, Path(tmp) / "store.db")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_DOCS)
    parser.add_argument("--workers", type=int, default=1, help="spoor ingest --workers")
    parser.add_argument(
        "--keep", type=Path, help="write corpus and store here instead of a temp dir"
    )
    parser.add_argument(
        "--progress", type=Path, help="rewrite the samples so far here every minute"
    )
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        corpus = args.keep / "corpus"
        if not corpus.exists():
            synth.write_corpus(corpus, args.n, shard_size=500)
        result = profile(
            corpus, args.keep / "store.db", workers=args.workers, progress=args.progress
        )
    else:
        result = run(args.n)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
