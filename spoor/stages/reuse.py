"""Text reuse between documents: sampled word shingles and shared passages.

A document that copies paragraphs from another is not an independent
source for what those paragraphs say. We fingerprint each document with
hashes of overlapping word n-grams (shingles), keep a deterministic sample
of them (those whose hash is 0 modulo ``SAMPLE_MODULUS``, so two copies of
a passage keep the same sample), and look the sample up in an indexed
table: a locality-sensitive lookup whose cost grows with the number of
documents that share a hash, not with the size of the store. A hash found
in more than ``MAX_POSTINGS`` documents (boilerplate, or a story syndicated
widely) is on the stop list: only its first ``COMMON_SAMPLE`` documents are
followed and later documents store no posting for it, so a lookup reads a
bounded number of rows however large the store grows.

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
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

SHINGLE_WORDS = 8
SAMPLE_MODULUS = 4
# Two documents become a candidate pair when they share this many sampled shingles
# (one in SAMPLE_MODULUS shingles is sampled, so 2 ≈ 8 shared 8-word shingles); the
# candidate is then aligned with every shingle and kept when at least
# MIN_ALIGNED_SHINGLES of the copy's shingles occur in the source (≈ 22 words in a row,
# or a paragraph copied with a word changed in each sentence).
MIN_SHARED_SHINGLES = 2
MIN_ALIGNED_SHINGLES = 15
# A sampled hash seen in more documents than this is common: a footer, a disclaimer, a stock
# phrase, or a story syndicated many times. Only its first COMMON_SAMPLE documents are
# followed: enough to tie one more syndicated copy to the copies before it (union-find does
# the rest), and cheap for boilerplate. (Was 50; at 16, stock phrases of template-like news
# stop producing candidates sooner; the reuse bench's precision and recall are unchanged.)
MAX_POSTINGS = 16
COMMON_SAMPLE = 5
# A pair that shares only common hashes is followed when they make up at least this share
# of the newcomer's sample (a syndicated copy), not when they are a footer or disclaimer.
COMMON_SHARE = 0.5
# A newcomer is aligned with at most this many candidates, those sharing the most sampled
# hashes first: a text built from stock sentences shares a few hashes with hundreds of
# documents, and aligning each would make a document's cost grow with the store.
MAX_CANDIDATES = 4
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
    """Shingles of ``text`` (the sample, or all) with the character span each covers.

    Their hashes are stable across processes and versions: the sample is stored.
    """
    matches = list(_WORD.finditer(text))
    words = [m.group().casefold() for m in matches]
    found: list[Shingle] = []
    for i in range(len(words) - SHINGLE_WORDS + 1):
        value = _stable_hash(words[i : i + SHINGLE_WORDS])
        if not sample or value % SAMPLE_MODULUS == 0:
            found.append(Shingle(value, matches[i].start(), matches[i + SHINGLE_WORDS - 1].end()))
    return found


def _window_hashes(words: Sequence[str]) -> list[int]:
    """Python's hash of each run of SHINGLE_WORDS words, in order."""
    return list(map(hash, zip(*(words[k:] for k in range(SHINGLE_WORDS)), strict=False)))


@dataclass(slots=True, frozen=True)
class Shingled:
    """Every shingle of a text as parallel lists: hash, first character, last character."""

    hashes: list[int]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.hashes)


def all_shingles(text: str) -> Shingled:
    """Every shingle of ``text``, hashed for comparison within this process only.

    Alignment compares two texts' shingles and stores no hash, so it can use
    Python's own hash of the words (several times faster than the stable one).
    """
    matches = list(_WORD.finditer(text))
    hashes = _window_hashes([m.group().casefold() for m in matches])
    last = SHINGLE_WORDS - 1
    return Shingled(
        hashes, [m.start() for m in matches[: len(hashes)]], [m.end() for m in matches[last:]]
    )


def shingle_set(text: str) -> frozenset[int]:
    """The hashes of ``all_shingles(text)``, without their spans (a source needs no spans)."""
    return frozenset(_window_hashes([word.casefold() for word in _WORD.findall(text)]))


# Full shingles of this many documents are kept between batches: the same few early
# documents (the first holders of common hashes) are aligned against again and again.
CACHED_DOCUMENTS = 256


@dataclass(slots=True)
class ShingleCache:
    """Documents' shingles by id, least recently used dropped first.

    An entry remembers the text it was computed from and is recomputed when a
    document of that id comes with another text, so one cache may serve
    every store a process writes to.
    """

    size: int = CACHED_DOCUMENTS
    _full: OrderedDict[str, tuple[str, Shingled]] = field(default_factory=OrderedDict)
    _sets: OrderedDict[str, tuple[str, frozenset[int]]] = field(default_factory=OrderedDict)

    def __len__(self) -> int:
        return len(self._full) + len(self._sets)

    def full(self, doc_id: str, text: str) -> Shingled:
        """Every shingle of ``text`` (the document ``doc_id``) with its span."""
        return _remember(self._full, self.size, doc_id, text, all_shingles)

    def hashes(self, doc_id: str, text: str) -> frozenset[int]:
        """The set of ``text``'s shingle hashes: all a source is compared by."""
        return _remember(self._sets, self.size, doc_id, text, shingle_set)


V = TypeVar("V")


def _remember(
    items: OrderedDict[str, tuple[str, V]], size: int, key: str, text: str, make: Callable[[str], V]
) -> V:
    known = items.get(key)
    if known is not None and known[0] == text:
        items.move_to_end(key)
        return known[1]
    value = make(text)
    items[key] = (text, value)
    items.move_to_end(key)
    while len(items) > size:
        items.popitem(last=False)
    return value


def align(
    copy_id: str,
    copy_text: str,
    source_id: str,
    source_text: str,
    cache: ShingleCache | None = None,
) -> ReuseLink | None:
    """The passages of ``copy_text`` found in ``source_text``, from every shingle of both.

    Overlapping shingles of one copied run chain into one span; a span ends where the
    copy's own words begin, so an added sentence between copied paragraphs stays outside.
    ``cache`` keeps documents' full shingles across calls.
    """
    cache = ShingleCache() if cache is None else cache
    copy_shingles = cache.full(copy_id, copy_text)
    source_hashes = cache.hashes(source_id, source_text)
    shared = [i for i, value in enumerate(copy_shingles.hashes) if value in source_hashes]
    if len(shared) < MIN_ALIGNED_SHINGLES:
        return None  # a stock phrase or two, not a copied passage
    spans = merge_spans(((copy_shingles.starts[i], copy_shingles.ends[i]) for i in shared), gap=1)
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
    limit: int = MAX_CANDIDATES,
) -> list[ReuseLink]:
    """Turn shingle hash matches into reuse links (candidates, to be aligned).

    ``matches`` maps another document's id to the hashes it shares with
    ``doc_id``. Links below MIN_SHARED_SHINGLES are dropped as chance overlap;
    of the rest, the ``limit`` sharing most hashes are kept (ties by id).
    """
    links: list[ReuseLink] = []
    if not shingles:
        return links
    ranked = sorted(matches.items(), key=lambda item: (-len(item[1]), item[0]))
    kept = [
        (other_id, shared)
        for other_id, shared in ranked
        if other_id != doc_id and len(shared) >= MIN_SHARED_SHINGLES
    ][:limit]
    for other_id, shared in sorted(kept):
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
