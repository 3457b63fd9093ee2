"""Text reuse between documents: sampled word shingles and shared passages.

A document that copies paragraphs from another is not an independent
source for what those paragraphs say. We fingerprint each document with
hashes of overlapping word n-grams (shingles), keep a deterministic sample
of them (those whose hash is 0 modulo ``SAMPLE_MODULUS``, so two copies of
a passage keep the same sample), and look the sample up in an indexed
table: a locality-sensitive lookup whose cost grows with the number of
documents that share a hash, not with the size of the store. For a hash
found in more than ``MAX_POSTINGS`` documents (boilerplate, or a story
syndicated widely) only its first ``COMMON_SAMPLE`` documents are followed.

A pair with enough shared samples is then aligned exactly, with every
shingle of both texts, so the reused spans cover the copied sentences and
stop where the copy adds words of its own. The later-published document
(or, with no way to tell, the later-ingested one) is the copy: a row of the
``reuse`` table says ``doc_id`` is derived_from ``source_doc_id``, with the
copied spans (offsets in ``doc_id``) and the share of its text copied.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_WORDS = 8
SAMPLE_MODULUS = 4
# Two documents become a candidate pair when they share this many sampled shingles
# (one in SAMPLE_MODULUS shingles is sampled, so 2 ≈ 8 shared 8-word shingles); the
# candidate is then aligned with every shingle and kept when at least
# MIN_ALIGNED_SHINGLES of the copy's shingles occur in the source (≈ 22 words in a row,
# or a paragraph copied with a word changed in each sentence).
MIN_SHARED_SHINGLES = 2
MIN_ALIGNED_SHINGLES = 15
# A sampled hash seen in more documents than this is common: a footer, a disclaimer, or a
# story syndicated many times. Only its first COMMON_SAMPLE documents are followed: enough to
# tie one more syndicated copy to the copies before it (union-find does the rest), and cheap
# for boilerplate.
MAX_POSTINGS = 50
COMMON_SAMPLE = 5
# A pair that shares only common hashes is followed when they make up at least this share
# of the newcomer's sample (a syndicated copy), not when they are a footer or disclaimer.
COMMON_SHARE = 0.5
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


def fingerprints(text: str, *, sample: bool = True) -> list[Shingle]:
    """Shingles of ``text`` (the sample, or all) with the character span each covers."""
    matches = list(_WORD.finditer(text))
    words = [m.group().casefold() for m in matches]
    found: list[Shingle] = []
    for i in range(len(words) - SHINGLE_WORDS + 1):
        value = _stable_hash(words[i : i + SHINGLE_WORDS])
        if not sample or value % SAMPLE_MODULUS == 0:
            found.append(Shingle(value, matches[i].start(), matches[i + SHINGLE_WORDS - 1].end()))
    return found


def align(
    copy_id: str,
    copy_text: str,
    source_id: str,
    source_text: str,
    cache: dict[str, list[Shingle]] | None = None,
) -> ReuseLink | None:
    """The passages of ``copy_text`` found in ``source_text``, from every shingle of both.

    Overlapping shingles of one copied run chain into one span; a span ends where the
    copy's own words begin, so an added sentence between copied paragraphs stays outside.
    ``cache`` keeps each document's full shingles by id across calls.
    """
    cache = {} if cache is None else cache
    for doc_id, text in ((copy_id, copy_text), (source_id, source_text)):
        if doc_id not in cache:
            cache[doc_id] = fingerprints(text, sample=False)
    copy_shingles = cache[copy_id]
    source_hashes = {s.hash for s in cache[source_id]}
    shared = [s for s in copy_shingles if s.hash in source_hashes]
    if len(shared) < MIN_ALIGNED_SHINGLES:
        return None  # a stock phrase or two, not a copied passage
    spans = merge_spans(((s.start, s.end) for s in shared), gap=1)
    score = round(len(shared) / len(copy_shingles), 4)
    return ReuseLink(copy_id, source_id, score, spans)


def _bounds(value: str | None) -> tuple[str, str] | None:
    """A publication date as (first day, last day) strings, comparable as text."""
    if not value or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return None
    parts = value.split("-")
    first = "-".join(parts + ["01"] * (3 - len(parts)))
    last = "-".join(parts + ["99"] * (3 - len(parts)))
    return first, last


def newcomer_is_copy(newcomer_published: str | None, other_published: str | None) -> bool:
    """Whether the document being ingested copied the stored one it shares text with.

    The later-published one is the copy; when the dates are unknown or overlap ("2024-03"
    and "2024-03-05"), the later-ingested one (the newcomer) is taken to be the copy.
    """
    new, old = _bounds(newcomer_published), _bounds(other_published)
    if new is None or old is None:
        return True
    return not new[1] < old[0]


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


def drop_boilerplate(
    matches: dict[str, set[int]], common: set[int], n_sampled: int
) -> dict[str, set[int]]:
    """Keep pairs that share rare passages, or whose common passages are most of the text."""
    return {
        other: shared
        for other, shared in matches.items()
        if len(shared - common) >= MIN_SHARED_SHINGLES or len(shared) >= COMMON_SHARE * n_sampled
    }


def inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether reused spans cover more than half of [start, end).

    Spans are summed: a sentence with one word changed in the middle of a copy falls
    across two spans and is still copied text.
    """
    length = max(end - start, 1)
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return covered > length / 2
