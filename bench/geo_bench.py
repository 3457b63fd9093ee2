"""Score Spoor's geoparser end to end on GeoWebNews (GWN.xml).

Usage: .venv/bin/python bench/geo_bench.py [--gwn PATH] [--limit N] [--no-ner] [--mode MODE]

The data set (GPL-3) stays outside the repository; by default it is read
from /work/shared/bench/geo/GWN.xml. Texts go through the pipeline that
`spoor geoparse` uses (the spaCy model with the knowledge-base ruler, the
geoparser in ``toponyms`` mode). Metrics, over gold toponyms that have
coordinates:

* acc@161: share of gold toponyms that a predicted span overlaps with a
  predicted point within 161 km (100 miles) of the gold point;
* span_precision: share of predicted spans that overlap any gold toponym;
* mean_log_error_km: mean of ln(1 + km) over gold toponyms that were found.

Also reported: how long the gazetteer takes to load and the memory it adds
(load_seconds, load_rss_mb), and the ingest-time cost of geoparsing:
ingest_overhead_ratio is the time the ``facts``-mode geoparser (the one
ingestion runs) takes over the time spaCy's pipeline takes on the same
texts, in the same process; toponyms_overhead_ratio the same for
``toponyms`` mode. spaCy is only part of ingestion, so the true share of
ingest time is lower. Targets (issue 5): acc@161 >= 0.75,
span_precision >= 0.80, load < 2 s and < 500 MB, overhead <= 0.25.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess  # noqa: S404 - runs our own interpreter to time a cold load
import sys
import time
import xml.etree.ElementTree as ET  # noqa: S405 - a local, trusted benchmark file
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spoor.geo.distance import haversine_km
from spoor.geo.gazetteer import Gazetteer
from spoor.geo.parser import GeoMode, Geoparser

DEFAULT_GWN = Path("/work/shared/bench/geo/GWN.xml")
ACC_KM = 161.0
ANCHOR_WINDOW = 40


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class Article:
    text: str
    golds: list[Gold]


def _anchor(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """Gold offsets are sometimes a few characters off: find the name nearby."""
    if text[start:end] == name:
        return start, end
    lo = max(0, start - ANCHOR_WINDOW)
    hits = [
        i for i in range(lo, min(len(text), start + ANCHOR_WINDOW + 1)) if text.startswith(name, i)
    ]
    if not hits:
        return start, end
    best = min(hits, key=lambda i: abs(i - start))
    return best, best + len(name)


def read_gwn(path: Path) -> list[Article]:
    root = ET.parse(path).getroot()  # noqa: S314 - trusted local file
    articles = []
    for node in root.findall("article"):
        text = node.findtext("text") or ""
        golds = []
        for top in node.find("toponyms") or []:
            name = top.findtext("extractedName") or ""
            start, end = _anchor(
                text, name, int(top.findtext("start") or 0), int(top.findtext("end") or 0)
            )
            lat, lon = top.findtext("latitude"), top.findtext("longitude")
            golds.append(
                Gold(start, end, name, float(lat) if lat else None, float(lon) if lon else None)
            )
        articles.append(Article(text, golds))
    return articles


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass(slots=True)
class _Timed:
    """Seconds spent in spaCy and in each geoparser."""

    nlp: float = 0.0
    facts: float = 0.0
    toponyms: float = 0.0


def _timed_docs(nlp: Any, texts: list[str], timer: _Timed) -> Iterator[Any]:
    docs = iter(nlp.pipe(texts, batch_size=32))
    while True:
        started = time.perf_counter()
        doc = next(docs, None)
        timer.nlp += time.perf_counter() - started
        if doc is None:
            return
        yield doc


def score(
    articles: list[Article], geoparser: Geoparser, nlp: Any = None, facts: Geoparser | None = None
) -> dict[str, Any]:
    """Score ``geoparser`` on ``articles``; with ``facts`` also time that geoparser."""
    n_gold = n_hit = n_found = n_pred = n_pred_ok = 0
    log_errors: list[float] = []
    texts = [article.text for article in articles]
    timer = _Timed()
    docs = _timed_docs(nlp, texts, timer) if nlp is not None else (None for _ in texts)
    started = time.perf_counter()
    for article, doc in zip(articles, docs, strict=True):
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc else []
        if facts is not None:
            began = time.perf_counter()
            facts.geoparse(article.text, spans)
            timer.facts += time.perf_counter() - began
        began = time.perf_counter()
        mentions = geoparser.geoparse(article.text, spans)
        timer.toponyms += time.perf_counter() - began
        n_pred += len(mentions)
        n_pred_ok += sum(
            any(_overlaps(m.start, m.end, g.start, g.end) for g in article.golds) for m in mentions
        )
        for gold in article.golds:
            if gold.lat is None or gold.lon is None:
                continue
            n_gold += 1
            errors = [
                haversine_km(gold.lat, gold.lon, m.place.lat, m.place.lon)
                for m in mentions
                if m.place is not None and _overlaps(m.start, m.end, gold.start, gold.end)
            ]
            if errors:
                n_found += 1
                error = min(errors)
                log_errors.append(math.log1p(error))
                n_hit += error <= ACC_KM
    result: dict[str, Any] = {
        "gold_toponyms": n_gold,
        "found": n_found,
        "acc@161": round(n_hit / n_gold, 4) if n_gold else 0.0,
        "recall_spans": round(n_found / n_gold, 4) if n_gold else 0.0,
        "predicted": n_pred,
        "span_precision": round(n_pred_ok / n_pred, 4) if n_pred else 0.0,
        "mean_log_error_km": round(sum(log_errors) / len(log_errors), 4) if log_errors else 0.0,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if nlp is not None and timer.nlp > 0:
        result["nlp_seconds"] = round(timer.nlp, 2)
        result["geoparse_seconds"] = round(timer.toponyms, 2)
        result["toponyms_overhead_ratio"] = round(timer.toponyms / timer.nlp, 3)
        if facts is not None:
            result["ingest_overhead_ratio"] = round(timer.facts / timer.nlp, 3)
    return result


_LOAD_PROBE = """
import json, sys, time
from pathlib import Path
def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
import spoor  # the package (and its store's imports) is there in any Spoor process
before = rss()
started = time.perf_counter()
from spoor.geo.gazetteer import Gazetteer
gazetteer = Gazetteer.load()
for name in ("Kabul", "Washington", "Chapa Dara", "Mazar-i-Sharif", "Osh"):
    gazetteer.lookup(name)
print(json.dumps({"seconds": time.perf_counter() - started, "mb": rss() - before}))
"""


def _load_cost() -> tuple[float, float]:
    """Seconds and resident MB to import and open the gazetteer, in a fresh process.

    A fresh process, after ``import spoor``, counts the geo modules, the
    index opening and five look-ups, apart from what this process holds.
    """
    Gazetteer.load()  # builds the index if it is missing or stale (not part of loading)
    probe = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", _LOAD_PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    numbers = json.loads(probe.stdout.strip().splitlines()[-1])
    return float(numbers["seconds"]), float(numbers["mb"])


def _pipeline() -> Any:
    """The spaCy pipeline `spoor geoparse` runs: the model with the knowledge-base ruler."""
    from spoor.kb import load_kb
    from spoor.settings import load_settings
    from spoor.stages.mentions import build_nlp

    settings = load_settings(None)
    return build_nlp(settings.model, load_kb(), settings.max_text_chars)


def run(
    gwn: Path = DEFAULT_GWN, limit: int = 0, use_ner: bool = True, mode: str = GeoMode.TOPONYMS
) -> dict[str, Any]:
    """Run the benchmark and return its numbers (the entry point bench/run.py calls)."""
    if not gwn.exists():
        return {"skipped": f"{gwn} not found"}
    load_seconds, load_rss = _load_cost()
    gazetteer = Gazetteer.load()
    articles = read_gwn(gwn)
    if limit:
        articles = articles[:limit]
    nlp = _pipeline() if use_ner else None
    geoparser = Geoparser(gazetteer, mode=mode)
    return {
        "mode": f"{'ner+gazetteer' if use_ner else 'gazetteer'}, {GeoMode(mode).value}",
        "load_seconds": round(load_seconds, 3),
        "load_rss_mb": round(load_rss, 1),
        **score(articles, geoparser, nlp, Geoparser(gazetteer, mode=GeoMode.FACTS)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gwn", type=Path, default=DEFAULT_GWN)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    parser.add_argument("--no-ner", action="store_true", help="gazetteer matching only")
    parser.add_argument(
        "--mode",
        choices=[m.value for m in GeoMode],
        default=GeoMode.TOPONYMS,
        help="toponyms (as `spoor geoparse`, the default) or facts (as ingestion)",
    )
    args = parser.parse_args(argv)
    result = run(args.gwn, args.limit, not args.no_ner, args.mode)
    for key, value in result.items():
        print(f"{key:24} {value}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
