"""A large synthetic store, written straight through the writer, for scale benchmarks.

Ingesting 100,000 documents through spaCy takes hours on a small machine;
what the issue's scale targets measure (report build time, API latency,
the writer's per-document cost as the store grows) depends on the store,
not on how it was filled. This generator builds the extractions the
pipeline would produce for bench/synth.py-like wire stories directly: the
same vocabulary and sentence templates, each template knowing which facts
and mentions it states, so documents, mentions, entities, places, facts and
evidence have the shapes of a real ingest (about 20 mentions and 2-5 facts
a document, times of day, month or year precision). A few documents copy a
paragraph from an earlier one (a syndicated story), and the real writer
finds that reuse (shingles, alignment) as it would during an ingest.

    python -m bench.store_gen --n 100000 --db /tmp/big.db
    python -m bench.store_gen --n 20000 --measure          # build, then time report and API

``run()`` (bench/run.py's entry) builds a store of SPOOR_BENCH_STORE_DOCS
documents (default 20,000; 100000 for the issue's full size) and measures
report build time, cold in-process query latency and API p95 on it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402
from spoor.records import (  # noqa: E402
    Document,
    Entity,
    Evidence,
    Extraction,
    Fact,
    Mention,
    Place,
    Quantity,
    TimeSpan,
)

DEFAULT_DOCS = 20_000
BATCH = 500
COPY_SHARE = 0.03  # documents that copy a paragraph of an earlier one
SPOOR = str(Path(sys.executable).parent / "spoor")

COUNTRIES = {
    "Peshawar": "PK",
    "Bajaur": "PK",
    "Khyber": "PK",
    "Quetta": "PK",
    "Termez": "UZ",
    "Tashkent": "UZ",
    "Dushanbe": "TJ",
}
PROVINCES = frozenset({"Kunar", "Nangarhar", "Kunduz", "Badakhshan", "Balkh", "Herat", "Kandahar"})

# Facts each template states, as (subject slot, predicate, object slot or "=value", time slot).
# Time slots: "day" (day month year), "month" (month year), "year0" (the background year).
LEAD_FACTS: tuple[tuple[tuple[str, str, str, str | None], ...], ...] = (
    (("group", "attacked", "place", "day"),),
    (("forces", "arrested", "group", "day"),),
    (("group", "active_in", "place", "month"), ("group", "active_in", "place2", "month")),
    (("person", "member_of", "group", "month"),),
    (("group", "strength", "=big", "month"),),
    (("outlet", "media_arm_of", "group", None),),
)
BACKGROUND_FACTS: tuple[tuple[tuple[str, str, str, str | None], ...], ...] = (
    (),
    (("group", "recruits_from", "place", None),),
    (("person", "leader_of", "group", "year0"),),
    (("group", "pledged_allegiance_to", "group2", "year0"),),
    (),
    (("group", "threatens", "place2", None),),
    (),
    (("forces", "arrested", "group", "year0"),),
    (("outlet", "propaganda_language", "=Uzbek", "year0"),),
)
SLOT_TYPES = {
    "group": "armed_group",
    "group2": "armed_group",
    "person": "person",
    "outlet": "media_outlet",
    "forces": "armed_forces",
    "place": "place",
    "place2": "place",
}


@dataclass(slots=True)
class Sentence:
    text: str
    slots: dict[str, tuple[int, int, str]]  # slot -> (start, end, value) in text
    facts: tuple[tuple[str, str, str, str | None], ...]
    times: dict[str, str]


@dataclass(slots=True)
class Vocabulary:
    """Entity ids for the synthetic names: curated ids where the KB knows the name."""

    ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, name) -> id
    types: dict[str, str] = field(default_factory=dict)  # id -> type
    places: dict[str, Place] = field(default_factory=dict)
    curated: list[Entity] = field(default_factory=list)

    @classmethod
    def load(cls) -> Vocabulary:
        from spoor.kb import load_kb
        from spoor.names import normalize
        from spoor.stages.link import new_entity_id

        kb = load_kb()
        vocabulary = cls(curated=[kb.entity(a) for a in sorted(kb.actors)])
        by_name = {
            normalize(name): actor
            for actor in kb.actors.values()
            for name in actor.names
            if not actor.is_ambiguous(name)
        }
        names = {
            "armed_group": synth.GROUPS,
            "person": synth.PEOPLE,
            "media_outlet": synth.OUTLETS,
            "armed_forces": synth.FORCES,
        }
        for entity_type, values in names.items():
            for name in values:
                actor = by_name.get(normalize(name.removeprefix("the ")))
                entity_id = f"kb:{actor.id}" if actor else new_entity_id(entity_type, name)
                vocabulary.ids[(entity_type, name)] = entity_id
                vocabulary.types[entity_id] = actor.type if actor else entity_type
        for name in synth.PLACES:
            digest = int(hashlib.sha1(name.encode()).hexdigest()[:8], 16)
            province = name in PROVINCES
            vocabulary.places[name] = Place(
                id=f"synth:{name.casefold()}",
                name=name,
                lat=30 + digest % 900 / 100,
                lon=62 + digest // 900 % 900 / 100,
                country=COUNTRIES.get(name, "AF"),
                admin1=name if province else None,
                feature_class="A" if province else "P",
                feature_code="ADM1" if province else "PPL",
                precision=2 if province else 1,
                source="bench.store_gen",
            )
        return vocabulary


def _fill(
    template: str, rng: random.Random, year: int
) -> tuple[str, dict[str, tuple[int, int, str]]]:
    """synth._fill's sentence, with where each slot's value landed."""
    group, group2 = rng.sample(synth.GROUPS, 2)
    place, place2 = rng.sample(synth.PLACES, 2)
    values: dict[str, Any] = {
        "group": group,
        "group2": group2,
        "place": place,
        "place2": place2,
        "forces": rng.choice(synth.FORCES),
        "official": rng.choice(synth.OFFICIALS),
        "attack": rng.choice(synth.ATTACKS),
        "target": rng.choice(synth.TARGETS),
        "role": rng.choice(synth.ROLES),
        "person": rng.choice(synth.PEOPLE),
        "outlet": rng.choice(synth.OUTLETS),
        "month": rng.choice(synth.MONTHS),
        "day": rng.randint(1, 28),
        "year": year,
        "year0": rng.randint(2010, year - 1),
        "n": rng.randint(2, 40),
        "big": rng.choice((500, 1000, 1500, 2000, 4000)),
    }
    parts: list[str] = []
    slots: dict[str, tuple[int, int, str]] = {}
    length = 0
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(literal)
        length += len(literal)
        if name is None:
            continue
        value = str(values[name])
        slots.setdefault(name, (length, length + len(value), value))
        parts.append(value)
        length += len(value)
    return "".join(parts), slots


def _times(slots: dict[str, tuple[int, int, str]]) -> dict[str, str]:
    times: dict[str, str] = {}
    if "month" in slots and "year" in slots:
        month = synth.MONTHS.index(slots["month"][2]) + 1
        times["month"] = f"{slots['year'][2]}-{month:02d}"
        if "day" in slots:
            times["day"] = f"{times['month']}-{int(slots['day'][2]):02d}"
    if "year0" in slots:
        times["year0"] = slots["year0"][2]
    return times


def _sentence(template_set: tuple[str, ...], facts: Any, rng: random.Random, year: int) -> Sentence:
    index = rng.randrange(len(template_set))
    text, slots = _fill(template_set[index], rng, year)
    capital = text[0].upper() + text[1:]
    return Sentence(capital, slots, facts[index], _times(slots))


def _paragraphs(index: int, seed: int) -> tuple[list[list[Sentence]], str, str, str]:
    """A document's paragraphs (as synth.make_document builds them), published date, source."""
    rng = random.Random(seed * 1_000_003 + index)
    year = rng.randint(2016, 2025)
    month = rng.randint(1, 12)
    lead = _sentence(synth.LEADS, LEAD_FACTS, rng, year)
    paragraphs: list[list[Sentence]] = [[lead]]
    words = len(lead.text.split())
    while words < synth.WORDS_PER_DOC:
        if rng.random() < 0.35:
            sentence = _sentence(synth.BACKGROUND, BACKGROUND_FACTS, rng, year)
        else:
            text = synth._filler(rng)
            sentence = Sentence(text, {}, (), {})
            for place in synth.PLACES:  # a filler's tail may name a place
                at = text.find(" " + place)
                if at >= 0:
                    sentence.slots["place"] = (at + 1, at + 1 + len(place), place)
                    break
        if len(paragraphs[-1]) >= 3:
            paragraphs.append([])
        paragraphs[-1].append(sentence)
        words += len(sentence.text.split())
    published = f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    return paragraphs, lead.text.split(",")[0][:90], published, rng.choice(synth.SOURCES)


def make_extraction(index: int, vocabulary: Vocabulary, seed: int = 7) -> Extraction:
    """The extraction the pipeline would make of synthetic document ``index``."""
    from spoor.stages.clean import document_id

    paragraphs, title, published, source = _paragraphs(index, seed)
    rng = random.Random(seed * 7_000_003 + index)
    if index > 10 and rng.random() < COPY_SHARE:
        earlier = _paragraphs(index - rng.randint(1, min(index, 2000)), seed)[0]
        paragraphs.insert(1, rng.choice(earlier))
    texts: list[str] = []
    placed: list[tuple[int, Sentence]] = []
    offset = 0
    for paragraph in paragraphs:
        for sentence in paragraph:
            placed.append((offset, sentence))
            offset += len(sentence.text) + 1
        offset += 1  # "\n\n" instead of " " after a paragraph's last sentence
        texts.append(" ".join(s.text for s in paragraph))
    text = "\n\n".join(texts)
    doc = Document(
        id=document_id(text),
        uri=f"synth://{seed}/{index}",
        text=text,
        title=title,
        published=published,
        source=source,
        lang="en",
        script="Latn",
    )
    mentions: list[Mention] = []
    facts: list[Fact] = []
    entities: dict[str, Entity] = {}
    for start, sentence in placed:
        assert text[start : start + len(sentence.text)] == sentence.text
        ids: dict[str, str] = {}
        for slot, (s, e, value) in sentence.slots.items():
            kind = SLOT_TYPES.get(slot)
            if kind is None:
                continue
            if kind == "place":
                place = vocabulary.places[value]
                label = "province" if place.feature_code == "ADM1" else "city"
                ids[slot] = place.id
                entities[place.id] = Entity(place.id, place.name, label, place=place)
                surface = text[start + s : start + e]  # capitalised when it opens a sentence
                mentions.append(
                    Mention(start + s, start + e, surface, label, "gazetteer", place.id, label, 1.0)
                )
                continue
            entity_id = vocabulary.ids[(kind, value)]
            ids[slot] = entity_id
            if not entity_id.startswith("kb:"):
                entities[entity_id] = Entity(entity_id, value, kind)
            surface = text[start + s : start + e]
            mentions.append(
                Mention(start + s, start + e, surface, kind, "ruler", entity_id, kind, 1.0)
            )
        for subject, predicate, obj, when in sentence.facts:
            evidence = Evidence(doc.id, start, start + len(sentence.text), sentence.text)
            time_value = sentence.times.get(when) if when else None
            fact = Fact(
                subject_id=ids[subject],
                predicate=predicate,
                evidence=evidence,
                time=TimeSpan(time_value, time_value) if time_value else None,
            )
            if obj.startswith("="):
                raw = obj[1:]
                if raw in sentence.slots:
                    number = int(sentence.slots[raw][2])
                    fact.object_value = Quantity(number, "quantity", "fighters")
                    fact.attributes = {"approximate": True, "count": number, "unit": "fighters"}
                else:
                    fact.object_value = Quantity(raw, "text")
            else:
                fact.object_id = ids[obj]
                if obj.startswith("place"):
                    fact.place = vocabulary.places[sentence.slots[obj][2]]
            facts.append(fact)
    return Extraction(doc, mentions, list(entities.values()), facts)


def build(db: Path, n: int, seed: int = 7, log: bool = False) -> dict[str, Any]:
    """Write ``n`` synthetic extractions into a fresh store at ``db``; timings per slice."""
    from spoor.store import Store

    vocabulary = Vocabulary.load()
    store = Store.open(db)
    slices: list[dict[str, Any]] = []
    started = time.perf_counter()
    try:
        store.sync_entities(vocabulary.curated)
        slice_size = max(BATCH, n // 10)
        generate = write = write_cpu = 0.0
        last = 0
        for first in range(0, n, BATCH):
            t0 = time.perf_counter()
            batch = [
                make_extraction(i, vocabulary, seed) for i in range(first, min(n, first + BATCH))
            ]
            t1, c1 = time.perf_counter(), time.process_time()
            store.write_batch(batch)
            t2, c2 = time.perf_counter(), time.process_time()
            generate += t1 - t0
            write += t2 - t1
            write_cpu += c2 - c1
            done = first + len(batch)
            if done % slice_size == 0 or done == n:
                span = done - last
                slices.append(
                    {
                        "documents": done,
                        "write_ms_per_doc": round(1000 * write / span, 2),
                        "write_cpu_ms_per_doc": round(1000 * write_cpu / span, 2),
                    }
                )
                if log:
                    print(json.dumps(slices[-1]), flush=True)
                write, write_cpu, last = 0.0, 0.0, done
        stats = store.stats()
    finally:
        store.close()
    return {
        "documents": stats["documents"],
        "facts": stats["facts"],
        "entities": stats["entities"],
        "reuse_links": stats.get("reuse_links"),
        "seconds": round(time.perf_counter() - started, 1),
        "generate_seconds": round(generate, 1),
        # Flat from first to last slice: a document's write cost does not grow with the store.
        # CPU time (this process, SQLite included) is robust to a busy machine; wall is not.
        "write_ms_per_doc_by_slice": [s["write_ms_per_doc"] for s in slices],
        "write_cpu_ms_per_doc_by_slice": [s["write_cpu_ms_per_doc"] for s in slices],
        "store_mb": round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6, 1),
    }


def measure(db: Path, work: Path) -> dict[str, Any]:
    """Report build time, cold query latency (in process) and API p95 (20 clients) on ``db``."""
    from bench import api_bench

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    report = subprocess.run(
        [SPOOR, "-q", "report", "--db", str(db), "--out", str(work / "report")],
        capture_output=True,
        text=True,
        check=False,
    )
    report_seconds = round(time.perf_counter() - started, 2)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "report_seconds": report_seconds if report.returncode == 0 else None,
        # CPU time of the report process: what the wall time would be on an idle core.
        "report_cpu_seconds": round(cpu, 2),
        "report_error": None if report.returncode == 0 else report.stderr[-500:],
        "target_report_seconds": 30,
        "cold_queries": _cold_queries(db),
        "api": api_bench.measure(db, clients=20, requests=30),
    }


def _cold_queries(db: Path) -> dict[str, Any]:
    """Uncached reads in this process (what the API does on a cache miss), p50/p95 in ms."""
    from bench.throughput import QUERY_ENTITIES, QUERY_TERMS, _latencies
    from spoor.store import Store

    store = Store.open(db)
    entities = list(QUERY_ENTITIES)
    try:
        return {
            # /api/facts?entity=... builds at most its limit (500) facts.
            "first_500_facts_by_entity": _latencies(
                lambda e: list(islice(store.facts(entity=e), 500)), entities, repeat=2
            ),
            # /api/entities/{id} counts them without building them.
            "fact_overview_by_entity": _latencies(
                lambda e: store.fact_overview(entity=e), entities, repeat=2
            ),
            "all_facts_by_entity": _latencies(
                lambda e: list(store.facts(entity=e)), entities, repeat=1
            ),
            "search": _latencies(store.search, list(QUERY_TERMS)),
            "stats": _latencies(lambda _: store.stats(), [None], repeat=3),
        }
    finally:
        store.close()


def run(n: int | None = None) -> dict[str, Any]:
    """Benchmark entry for bench/run.py: SPOOR_BENCH_STORE_DOCS documents (default 20,000)."""
    size = n or int(os.environ.get("SPOOR_BENCH_STORE_DOCS", DEFAULT_DOCS))
    with tempfile.TemporaryDirectory(prefix="spoor-big-") as tmp:
        db = Path(tmp) / "store.db"
        result = {"build": build(db, size)}
        result.update(measure(db, Path(tmp)))
    result["note"] = (
        f"{size} synthetic documents written straight through the writer (no spaCy); "
        "SPOOR_BENCH_STORE_DOCS=100000 for the issue's size"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_DOCS)
    parser.add_argument("--db", type=Path, help="write the store here (default: a temp folder)")
    parser.add_argument("--measure", action="store_true", help="then time report and API on it")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.db is None:
        result = run(args.n)
    else:
        result = {"build": build(args.db, args.n, args.seed, log=True)}
        if args.measure:
            with tempfile.TemporaryDirectory(prefix="spoor-big-") as tmp:
                result.update(measure(args.db, Path(tmp)))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
