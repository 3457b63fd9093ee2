"""Spoor's benchmarks: `make bench` runs them and writes bench/results.json.

Each benchmark reports numbers; those with a quality floor in
bench/floors.json fail the run when they drop below it. Lowering a floor
is an explicit edit of that file with its reason in the commit message.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
FLOORS = ROOT / "bench" / "floors.json"


def _corpus_words() -> tuple[int, int]:
    files = [p for p in CORPUS.rglob("*") if p.is_file()]
    words = sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in files)
    return len(files), words


def bench_ingest() -> dict[str, Any]:
    """Wall time, throughput and peak memory of `spoor ingest` on the sample corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "spoor.cli", "--quiet", "ingest", str(CORPUS), "--db", str(db)],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        stats = subprocess.run(
            [sys.executable, "-m", "spoor.cli", "stats", "--db", str(db), "--format", "json"],
            capture_output=True,
            text=True,
            check=True,
        )
        numbers = json.loads(stats.stdout)
        db_bytes = sum(p.stat().st_size for p in Path(tmp).iterdir())
    files, words = _corpus_words()
    docs = numbers["documents"]
    return {
        "exit_code": result.returncode,
        "input_files": files,
        "documents": docs,
        "facts": numbers["facts"],
        "entities": numbers["entities"],
        "seconds": round(elapsed, 2),
        "docs_per_s": round(docs / elapsed, 2),
        "words_per_s": round(words / elapsed, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "store_mb": round(db_bytes / 1e6, 2),
        "note": "includes process start and model load; the corpus is small",
    }


def _optional(module: str) -> Callable[[], dict[str, Any]] | None:
    """Benchmarks contributed by stages (bench/<name>.py with a `run()`)."""
    path = ROOT / "bench" / f"{module}.py"
    if not path.exists():
        return None
    sys.path.insert(0, str(ROOT))
    imported = __import__(f"bench.{module}", fromlist=["run"])
    return getattr(imported, "run", None)


def check_floors(results: dict[str, Any], allow_drop: bool) -> list[str]:
    if not FLOORS.exists():
        return []
    failures = []
    for dotted, floor in json.loads(FLOORS.read_text()).items():
        if dotted.split(".")[0] not in results:
            continue  # that benchmark was not run this time (--only)
        value: Any = results
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            failures.append(f"{dotted}: missing (floor {floor})")
        elif value < floor:
            failures.append(f"{dotted}: {value} < floor {floor}")
    if failures and allow_drop:
        print("floors dropped (allowed by --allow-drop):", *failures, sep="\n  ")
        return []
    return failures


def _heldout_relations() -> Callable[[], dict[str, Any]] | None:
    """The relation scorer on bench/heldout/ (written without looking at the extractor):
    how far the dev-set score generalises. Reported, never tuned on."""
    bench = _optional("relations_bench")
    heldout = ROOT / "bench" / "heldout"
    if bench is None or not (heldout / "gold.jsonl").exists():
        return None
    from bench import relations_bench

    return lambda: relations_bench.run(heldout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks")
    parser.add_argument("--allow-drop", action="store_true", help="accept scores below the floors")
    args = parser.parse_args()
    benches: dict[str, Callable[[], dict[str, Any]] | None] = {
        "ingest": bench_ingest,
        "link": _optional("link_bench"),
        "geo": _optional("geo_bench"),
        "synth": _optional("synth"),
        "throughput": _optional("throughput"),
        "reuse": _optional("reuse_bench"),
        "relations": _optional("relations_bench"),
        "relations_heldout": _heldout_relations(),
        "api": _optional("api_bench"),
        # Scale: a synthetic store written straight through the writer (SPOOR_BENCH_STORE_DOCS,
        # default 20,000; 100000 for the size), then report time and API p95 on it.
        "store_scale": _optional("store_gen"),
        # Flat memory: RSS against documents stored during a real ingest
        # (SPOOR_BENCH_MEMORY_DOCS, default 2,000), as a slope in MB per 1,000 documents.
        "memory": _optional("memory_bench"),
    }
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M:%S")}
    for name, bench in benches.items():
        if bench is None or (args.only and name not in args.only):
            continue
        print(f"running {name} …", flush=True)
        results[name] = bench()
        print(json.dumps(results[name], indent=2)[:2000], flush=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    failures = check_floors(results, args.allow_drop)
    for failure in failures:
        print(f"below floor: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
