"""Text reuse: shared passages between documents."""

from __future__ import annotations

import pytest

from spoor.stages.reuse import (
    MIN_SHARED_SHINGLES,
    ShingleCache,
    align,
    all_shingles,
    find_reuse,
    fingerprints,
    inside,
    merge_spans,
    newcomer_is_copy,
    shingle_set,
)

ORIGINAL = (
    "Analysts at the monitoring centre describe a steady expansion of the branch's media output over the past "
    "two years, with new channels appearing in several Central Asian languages and a growing volume of material "
    "aimed at migrant workers in Russia and Turkey. The centre counted more than forty new channels in one quarter "
    "alone, most of them short-lived and quickly removed by the platforms that hosted them. "
)


def shared_hashes(a: str, b: str) -> set[int]:
    return {s.hash for s in fingerprints(a)} & {s.hash for s in fingerprints(b)}


def test_copied_paragraph_is_found_with_its_span() -> None:
    prefix = "A blog post opened with its own words about something else entirely. "
    copy = prefix + ORIGINAL + "It then added a sensational claim of its own."
    sampled = fingerprints(copy)
    [link] = find_reuse("copy", sampled, {"orig": shared_hashes(copy, ORIGINAL)})
    assert link.source_doc_id == "orig"
    [(start, end)] = link.spans
    assert len(prefix) - 5 <= start <= len(prefix) + 60
    assert end <= len(prefix) + len(ORIGINAL)
    assert not inside(link.spans, len(copy) - 40, len(copy))


def test_fingerprints_ignore_case_and_spacing() -> None:
    assert shared_hashes(ORIGINAL, "  ".join(ORIGINAL.upper().split())) == {
        s.hash for s in fingerprints(ORIGINAL)
    }


def test_unrelated_texts_share_nothing() -> None:
    other = (
        "Heavy rain closed the mountain road for three days, and traders waited at the checkpoint for news. "
        * 3
    )
    assert find_reuse("x", fingerprints(other), {"orig": shared_hashes(other, ORIGINAL)}) == []


def test_few_shared_shingles_are_chance() -> None:
    sampled = fingerprints(ORIGINAL)
    few = {s.hash for s in sampled[: MIN_SHARED_SHINGLES - 1]}
    assert find_reuse("a", sampled, {"b": few}) == []


def test_merge_spans_joins_close_runs() -> None:
    assert merge_spans([(0, 10), (50, 60), (1000, 1010)], gap=100) == [(0, 60), (1000, 1010)]


PARAGRAPHS = [
    "Local elders describe small groups that move between villages at night and avoid open "
    "confrontation with the authorities, which makes their numbers hard to estimate.",
    "The move north gives the group access to smuggling routes and to recruits who speak the "
    "languages of Central Asia, and it stretches the forces that watch two distant fronts.",
]
ADDED = "The group has built a large network in the west."


def test_alignment_stops_where_the_copy_adds_its_own_words() -> None:
    source = "An opening of the commentary. " + " ".join(PARAGRAPHS)
    copy = "Our own intro. " + PARAGRAPHS[0] + "\n\n" + ADDED + "\n\n" + PARAGRAPHS[1]
    link = align("copy", copy, "orig", source)
    assert link is not None and (link.doc_id, link.source_doc_id) == ("copy", "orig")
    added_at = copy.index(ADDED)
    assert not inside(link.spans, added_at, added_at + len(ADDED))
    for paragraph in PARAGRAPHS:
        at = copy.index(paragraph)
        assert inside(link.spans, at, at + len(paragraph))
    assert 0.5 < link.score < 1


def test_alignment_of_unrelated_texts_is_empty() -> None:
    assert align("a", PARAGRAPHS[0], "b", "Nothing in common with the other text at all.") is None


@pytest.mark.parametrize(
    ("newcomer", "stored", "copy"),
    [
        ("2024-04-09", "2024-04-02", True),  # published later: the copy
        ("2024-04-02", "2024-04-09", False),  # published earlier: the stored one copied it
        ("2024-03", "2024-03-05", True),  # cannot tell: the later-ingested is the copy
        ("2024", "2023-12-31", True),
        ("2023-12", "2024", False),
        (None, "2024-04-02", True),
        ("2024-04-02", None, True),
        ("not a date", "2024", True),
    ],
)
def test_the_later_published_document_is_the_copy(
    newcomer: str | None, stored: str | None, copy: bool
) -> None:
    assert newcomer_is_copy(newcomer, stored) is copy


@pytest.mark.parametrize(
    ("spans", "start", "end", "copied"),
    [
        ([(0, 100)], 10, 60, True),
        ([(0, 30)], 10, 60, False),  # 20 of 50 characters
        ([(0, 30), (33, 100)], 10, 60, True),  # one changed word splits the copy
        ([(0, 20), (50, 100)], 10, 60, False),
        ([], 10, 60, False),
    ],
)
def test_inside_sums_the_spans_a_sentence_falls_across(
    spans: list[tuple[int, int]], start: int, end: int, copied: bool
) -> None:
    assert inside(spans, start, end) is copied


def test_all_shingles_cover_every_window_with_its_span() -> None:
    text = "One two three four five six seven eight nine ten."
    shingled = all_shingles(text)
    assert len(shingled) == 3  # ten words, windows of eight
    assert (shingled.starts[0], shingled.ends[0]) == (0, text.index("eight") + len("eight"))
    assert set(shingled.hashes) == shingle_set(text)
    assert shingle_set("ONE two  three four five six seven eight") == shingle_set(
        "one two three four five six seven eight"
    )
    assert len(all_shingles("too short to make a shingle")) == 0


def test_shingle_cache_drops_the_oldest_and_recomputes_a_changed_text() -> None:
    cache = ShingleCache(size=2)
    first = cache.full("a", ORIGINAL)
    assert cache.full("a", ORIGINAL) is first  # kept
    cache.full("b", ORIGINAL)
    cache.full("c", ORIGINAL)  # "a" is now the least recently used: dropped
    assert cache.full("a", ORIGINAL) is not first
    other = "Completely different words make up this other short text about markets."
    assert cache.hashes("a", other) == shingle_set(other)
    assert cache.hashes("a", ORIGINAL) == shingle_set(ORIGINAL)  # same id, new text


@pytest.mark.parametrize(
    ("limit", "expected"), [(1, ["most"]), (2, ["less", "most"]), (9, ["less", "most"])]
)
def test_find_reuse_keeps_the_candidates_sharing_most(limit: int, expected: list[str]) -> None:
    shingles = fingerprints(ORIGINAL)
    hashes = [s.hash for s in shingles]
    assert len(hashes) >= 5
    matches = {"most": set(hashes[:5]), "less": set(hashes[:3]), "chance": set(hashes[:1])}
    assert [link.source_doc_id for link in find_reuse("new", shingles, matches, limit)] == expected
