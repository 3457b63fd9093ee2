"""Text reuse between documents: sampled word shingles and shared passages.

A document that copies paragraphs from another is not an independent
source for what those paragraphs say. We fingerprint each document with
hashes of overlapping word n-grams (shingles), keep a deterministic sample
of them (those whose hash is 0 modulo ``SAMPLE_MODULUS``, so two copies of
a passage keep the same sample), and look the sample up in the store. Runs
of shared shingles become reused spans.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_WORDS = 8
SAMPLE_MODULUS = 4
# A pair of documents counts as reuse when they share this many sampled
# shingles: about 12 sampled shingles ≈ 50 shared words in a row or more.
MIN_SHARED_SHINGLES = 6
# Sampled shingles closer than this many characters belong to one passage.
SPAN_GAP_CHARS = 200

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(slots=True, frozen=True)
class Shingle:
    hash: int
    start: int
    end: int


@dataclass(slots=True)
class ReuseLink:
    """``doc_id`` shares ``spans`` (offsets in doc_id) with ``source_doc_id``."""

    doc_id: str
    source_doc_id: str
    score: float  # share of doc_id's sampled shingles found in the source
    spans: list[tuple[int, int]]


def _stable_hash(words: Sequence[str]) -> int:
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def fingerprints(text: str) -> list[Shingle]:
    """Sampled shingles of ``text`` with the character span each covers."""
    matches = list(_WORD.finditer(text))
    words = [m.group().casefold() for m in matches]
    sampled: list[Shingle] = []
    for i in range(len(words) - SHINGLE_WORDS + 1):
        value = _stable_hash(words[i : i + SHINGLE_WORDS])
        if value % SAMPLE_MODULUS == 0:
            sampled.append(Shingle(value, matches[i].start(), matches[i + SHINGLE_WORDS - 1].end()))
    return sampled


def merge_spans(
    spans: Iterable[tuple[int, int]], gap: int = SPAN_GAP_CHARS
) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start - merged[-1][1] <= gap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def find_reuse(
    doc_id: str,
    shingles: Sequence[Shingle],
    matches: dict[str, set[int]],
) -> list[ReuseLink]:
    """Turn shingle hash matches into reuse links.

    ``matches`` maps another document's id to the hashes it shares with
    ``doc_id``. Links below MIN_SHARED_SHINGLES are dropped as chance overlap.
    """
    links: list[ReuseLink] = []
    if not shingles:
        return links
    for other_id, shared in sorted(matches.items()):
        if other_id == doc_id or len(shared) < MIN_SHARED_SHINGLES:
            continue
        spans = merge_spans((s.start, s.end) for s in shingles if s.hash in shared)
        score = sum(1 for s in shingles if s.hash in shared) / len(shingles)
        links.append(ReuseLink(doc_id, other_id, round(score, 4), spans))
    return links


def inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a reused span by more than half its length."""
    length = max(end - start, 1)
    return any(min(end, e) - max(start, s) > length / 2 for s, e in spans)
