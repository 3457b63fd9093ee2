"""Throughput: `spoor ingest` against bare spaCy on the same texts, in one run.

For each corpus (synthetic ones from bench/synth.py, or a folder of real
articles with ``--corpus``):

1. bare: a fresh process loads the same spaCy model and runs ``nlp.pipe``
   (one process) over the cleaned texts; the clock covers model load and
   the pipe, not reading the files;
2. spoor: ``spoor ingest`` in a fresh process into a fresh store; the clock
   covers everything (interpreter start, model load, reading, cleaning,
   analysis, writing);
3. on the resulting store: ``spoor report`` wall time, and in-process
   latencies of API-like queries (``Store.facts(entity=...)``,
   ``Store.search``) with p50/p95.

Peak RSS is sampled from /proc over the whole process tree (spaCy worker
processes included), every 0.2 s. The ratio spoor/bare is the headline.

    python bench/throughput.py                      # 1k synthetic documents
    python bench/throughput.py --sizes 10000 100000
    python bench/throughput.py --corpus ~/news588 --spoor-only
    python bench/throughput.py --sizes --gwn        # the 200 real GeoWebNews articles only

Real news: ``--gwn`` (and ``make bench`` when the file is there) also compares on the
200 articles of GeoWebNews (/work/shared/bench/geo/GWN.xml, GPL-3.0, read by
bench/geo_bench.py), written out as plain-text files: general news, not conflict
reporting, but real prose of about 400 words an article.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402

SPOOR = str(Path(sys.executable).parent / "spoor")
QUERY_ENTITIES = ("kb:iskp", "kb:ttp", "kb:taliban", "kb:islamic-state", "kb:imu")
QUERY_TERMS = ("Kunar", "checkpoint", "Jalalabad", "suicide bombing", "Termez")

# Runs in a fresh interpreter: clean the inputs with Spoor (untimed), then time
# spacy.load + nlp.pipe over the cleaned texts in one process.
BARE = """
import json, sys, time
from spoor.settings import load_settings
from spoor.stages import acquire, clean
from spoor.errors import DocumentSkipped
settings = load_settings()
texts = []
for item in acquire.iter_inputs(sys.argv[1:], settings):
    if hasattr(item, "reason"):
        continue
    try:
        texts.append(clean.clean(item, settings).text)
    except DocumentSkipped:
        pass
started = time.perf_counter()
import spacy
nlp = spacy.load(settings.model)
entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=settings.batch_size))
print(json.dumps({"seconds": time.perf_counter() - started, "documents": len(texts),
                  "words": sum(len(t.split()) for t in texts), "entities": entities}))
"""


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in kB."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(child) for child in children)
        except (OSError, ValueError):
            continue
    return total


@dataclass(slots=True)
class Measured:
    result: subprocess.CompletedProcess[str]
    seconds: float  # wall clock
    cpu_seconds: float  # user + system of the process and its waited-for children
    peak_rss_mb: float  # whole process tree, sampled
    rss_mb_by_quarter: list[float]  # peak in each quarter of the run: flat means streaming


def measured_run(command: list[str]) -> Measured:
    """Run ``command``; wall and CPU seconds and peak tree RSS.

    CPU seconds stay meaningful on a shared, busy machine where wall time
    does not: compare both.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(_tree_rss_kb(process.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    quarter = max(1, len(samples) // 4)
    quarters = [
        max(samples[i : i + quarter], default=0) / 1024 for i in range(0, quarter * 4, quarter)
    ]
    peak = max(samples, default=0) / 1024
    return Measured(result, elapsed, cpu, peak, [round(q, 1) for q in quarters])


def _store_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.glob("store.db*")) / 1e6, 2)


def _latencies(call: Any, arguments: list[Any], repeat: int = 5) -> dict[str, float]:
    timings = []
    for _ in range(repeat):
        for argument in arguments:
            started = time.perf_counter()
            call(argument)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {"p50_ms": round(statistics.median(timings), 1), "p95_ms": round(p95, 1)}


def query_times(db: Path) -> dict[str, Any]:
    """API-like queries on the finished store, in this process."""
    from spoor.store import Store

    store = Store.open(db)
    try:
        facts = _latencies(lambda entity: list(store.facts(entity=entity)), list(QUERY_ENTITIES))
        search = _latencies(lambda term: store.search(term), list(QUERY_TERMS))
        stats = _latencies(lambda _: store.stats(), [None], repeat=3)
    finally:
        store.close()
    return {"facts_by_entity": facts, "search": search, "stats": stats}


def compare(corpus: Path, work: Path, *, bare: bool = True, spoor: bool = True) -> dict[str, Any]:
    """Bare nlp.pipe and `spoor ingest` on ``corpus``, then report and query times."""
    result: dict[str, Any] = {"corpus": str(corpus)}
    if bare:
        bare_run = measured_run([sys.executable, "-c", BARE, str(corpus)])
        if bare_run.result.returncode != 0:
            raise RuntimeError(f"bare spaCy run failed: {bare_run.result.stderr[-2000:]}")
        numbers = json.loads(bare_run.result.stdout.strip().splitlines()[-1])
        result["bare"] = {
            "documents": numbers["documents"],
            "words": numbers["words"],
            "seconds": round(numbers["seconds"], 2),
            "process_seconds": round(bare_run.seconds, 2),
            "process_cpu_seconds": round(bare_run.cpu_seconds, 2),
            "docs_per_s": round(numbers["documents"] / numbers["seconds"], 2),
            "words_per_s": round(numbers["words"] / numbers["seconds"], 1),
            "peak_rss_mb": round(bare_run.peak_rss_mb, 1),
        }
    if not spoor:
        return result
    db = work / "store.db"
    spoor_run = measured_run([SPOOR, "-q", "ingest", str(corpus), "--db", str(db)])
    if spoor_run.result.returncode not in (0, 3):
        raise RuntimeError(f"spoor ingest failed: {spoor_run.result.stderr[-2000:]}")
    seconds = spoor_run.seconds
    stats_run = subprocess.run(
        [SPOOR, "stats", "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    stats = json.loads(stats_run.stdout)
    documents = stats["documents"]
    words = result.get("bare", {}).get("words")
    result["spoor"] = {
        "exit_code": spoor_run.result.returncode,
        "documents": documents,
        "facts": stats["facts"],
        "entities": stats["entities"],
        "seconds": round(seconds, 2),
        "cpu_seconds": round(spoor_run.cpu_seconds, 2),
        "docs_per_s": round(documents / seconds, 2),
        "words_per_s": round(words / seconds, 1) if words else None,
        "peak_rss_mb": round(spoor_run.peak_rss_mb, 1),
        "rss_mb_by_quarter": spoor_run.rss_mb_by_quarter,
        "store_mb": _store_mb(work),
    }
    if bare:
        result["ratio_spoor_to_bare"] = round(seconds / result["bare"]["seconds"], 2)
        # Whole process against whole process, in CPU time: robust to a busy machine.
        result["cpu_ratio_spoor_to_bare"] = round(spoor_run.cpu_seconds / bare_run.cpu_seconds, 2)
    report_dir = work / "report"
    report_run = measured_run([SPOOR, "-q", "report", "--db", str(db), "--out", str(report_dir)])
    result["report_seconds"] = (
        round(report_run.seconds, 2) if report_run.result.returncode == 0 else None
    )
    result["queries"] = query_times(db)
    return result


def write_gwn(folder: Path, gwn: Path | None = None) -> int:
    """The GeoWebNews articles as plain-text files (title, blank line, text); how many."""
    import xml.etree.ElementTree as ET  # noqa: S405 - a local, trusted benchmark file

    from bench.geo_bench import DEFAULT_GWN

    folder.mkdir(parents=True, exist_ok=True)
    root = ET.parse(gwn or DEFAULT_GWN).getroot()  # noqa: S314 - trusted local file
    count = 0
    for count, node in enumerate(root.findall("article"), 1):
        title = node.findtext("title") or ""
        text = node.findtext("text") or ""
        (folder / f"gwn-{count:03d}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return count


def _gwn_available() -> bool:
    from bench.geo_bench import DEFAULT_GWN

    return DEFAULT_GWN.exists()


def run(sizes: tuple[int, ...] = (1000,), corpus: Path | None = None) -> dict[str, Any]:
    """Benchmark entry point for bench/run.py (1k synthetic documents by default, and the
    real GeoWebNews articles when their file is there)."""
    results: dict[str, Any] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="spoor-tp-") as tmp:
            folder = Path(tmp) / "corpus"
            synth.write_corpus(folder, size)
            results[f"synthetic_{size}"] = compare(folder, Path(tmp))
    if corpus is not None:
        with tempfile.TemporaryDirectory(prefix="spoor-tp-") as tmp:
            results["corpus"] = compare(corpus, Path(tmp))
    if _gwn_available():
        with tempfile.TemporaryDirectory(prefix="spoor-tp-") as tmp:
            folder = Path(tmp) / "gwn"
            write_gwn(folder)
            results["real_news_gwn"] = compare(folder, Path(tmp))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--corpus", type=Path, help="a folder of real articles to compare on")
    parser.add_argument("--spoor-only", action="store_true", help="skip the bare spaCy run")
    parser.add_argument("--bare-only", action="store_true", help="only the bare spaCy run")
    parser.add_argument("--keep", type=Path, help="keep the store and corpus in this folder")
    parser.add_argument("--out", type=Path, help="also write the results here as JSON")
    parser.add_argument("--gwn", action="store_true", help="also the 200 GeoWebNews articles")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    for size in args.sizes:
        work = args.keep / f"synthetic_{size}" if args.keep else Path(tempfile.mkdtemp())
        work.mkdir(parents=True, exist_ok=True)
        folder = work / "corpus"
        if not folder.exists():
            synth.write_corpus(folder, size)
        results[f"synthetic_{size}"] = compare(
            folder, work, bare=not args.spoor_only, spoor=not args.bare_only
        )
        print(json.dumps({f"synthetic_{size}": results[f"synthetic_{size}"]}, indent=2), flush=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.corpus:
        with tempfile.TemporaryDirectory(prefix="spoor-tp-") as tmp:
            results["corpus"] = compare(
                args.corpus, Path(tmp), bare=not args.spoor_only, spoor=not args.bare_only
            )
        print(json.dumps({"corpus": results["corpus"]}, indent=2), flush=True)
    if args.gwn:
        with tempfile.TemporaryDirectory(prefix="spoor-tp-") as tmp:
            folder = Path(tmp) / "gwn"
            write_gwn(folder)
            results["real_news_gwn"] = compare(
                folder, Path(tmp), bare=not args.spoor_only, spoor=not args.bare_only
            )
        print(json.dumps({"real_news_gwn": results["real_news_gwn"]}, indent=2), flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
