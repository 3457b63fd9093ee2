"""Text-reuse benchmark: 10,000 synthetic documents through the real writer into SQLite.

Each document is random sentences over a vocabulary of invented words (so
two documents share no passage by chance) plus a short standard tagline.
One in ten is a rewrite that copies one to three paragraphs, word for word
or with one word changed per sentence, from an earlier original, and is
published a few days after it. Documents are written in shuffled order,
so many copies reach the store before their originals.

Truth: two documents that hold the same planted paragraph reuse each other
(a copy and its original, or two copies of one original). Reported: the
seconds to write everything (the whole `write_batch` path: documents, FTS,
shingles, reuse lookup and alignment), precision and recall of reuse pairs,
and how often a found link points from the later-published document.

    .venv/bin/python -m bench.reuse_bench --n 10000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
import time
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import select

from spoor.records import Document, Extraction
from spoor.store import Store, schema

SYLLABLES = ("ka", "ri", "to", "ma", "ne", "su", "lo", "vi", "da", "pe", "ghu", "zar", "bel", "om")
TAGLINE = "Sign up for our weekly briefing on security in the region."
COPY_SHARE = 0.1
BATCH = 100


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str]) -> str:
    body = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
    return body[0].upper() + body[1:] + "."


def paragraph(rng: random.Random, words: list[str]) -> str:
    return " ".join(sentence(rng, words) for _ in range(rng.randint(3, 5)))


def edited(rng: random.Random, text: str, words: list[str]) -> str:
    """Change one word in each sentence, as a careless rewrite does."""
    out = []
    for part in text.split(". "):
        tokens = part.split(" ")
        if len(tokens) > 4:
            tokens[rng.randrange(1, len(tokens) - 1)] = rng.choice(words)
        out.append(" ".join(tokens))
    return ". ".join(out)


def corpus(n: int, seed: int = 6) -> tuple[list[dict[str, Any]], set[frozenset[str]]]:
    """Documents (id, text, published) and the set of true reuse pairs."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    docs: list[dict[str, Any]] = []
    holders: dict[tuple[int, int], list[str]] = {}
    originals: list[int] = []
    start = date(2020, 1, 1)
    for i in range(n):
        if originals and rng.random() < COPY_SHARE:
            source = docs[rng.choice(originals)]
            taken = rng.sample(range(len(source["paragraphs"])), rng.randint(1, 3))
            paragraphs = [paragraph(rng, words) for _ in range(rng.randint(1, 3))]
            for index in taken:
                text = source["paragraphs"][index]
                if rng.random() < 0.3:
                    text = edited(rng, text, words)
                paragraphs.insert(rng.randint(0, len(paragraphs)), text)
                holders.setdefault((source["index"], index), [source["id"]])
            published = date.fromisoformat(source["published"]) + timedelta(rng.randint(1, 30))
            kind = [(source["index"], index) for index in taken]
        else:
            paragraphs = [paragraph(rng, words) for _ in range(rng.randint(4, 6))]
            published = start + timedelta(rng.randint(0, 1500))
            kind = []
            originals.append(i)
        text = "\n\n".join([*paragraphs, TAGLINE])
        doc_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:32]
        for key in kind:
            holders[key].append(doc_id)
        docs.append(
            {
                "index": i,
                "id": doc_id,
                "text": text,
                "paragraphs": paragraphs,
                "published": published.isoformat(),
            }
        )
    truth = {frozenset(pair) for ids in holders.values() for pair in combinations(ids, 2)}
    return docs, truth


def write(store: Store, docs: list[dict[str, Any]]) -> float:
    began = time.perf_counter()
    for i in range(0, len(docs), BATCH):
        store.write_batch(
            [
                Extraction(
                    document=Document(
                        id=d["id"],
                        uri=f"synthetic:{d['index']}",
                        text=d["text"],
                        published=d["published"],
                        source="Synthetic Wire",
                        lang="en",
                    )
                )
                for d in docs[i : i + BATCH]
            ]
        )
    return time.perf_counter() - began


def run(n: int = 10_000, seed: int = 6) -> dict[str, Any]:
    docs, truth = corpus(n, seed)
    order = list(docs)
    random.Random(seed + 1).shuffle(order)
    published = {d["id"]: d["published"] for d in docs}
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "reuse.db")
        seconds = write(store, order)
        with store.engine.connect() as conn:
            links = conn.execute(select(schema.reuse.c.doc_id, schema.reuse.c.source_doc_id)).all()
        store.close()
    found = {frozenset(pair) for pair in links}
    hits = found & truth
    forward = [published[copy] >= published[source] for copy, source in links]
    return {
        "documents": n,
        "planted_pairs": len(truth),
        "found_pairs": len(found),
        "seconds": round(seconds, 1),
        "docs_per_second": round(n / seconds, 1),
        "precision": round(len(hits) / len(found), 4) if found else 0.0,
        "recall": round(len(hits) / len(truth), 4) if truth else 1.0,
        "direction_accuracy": round(sum(forward) / len(forward), 4) if forward else 1.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    print(json.dumps(run(args.n, args.seed), indent=2))


if __name__ == "__main__":
    main()
