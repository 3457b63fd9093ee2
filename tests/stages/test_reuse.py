"""Text reuse: shared passages between documents."""

from __future__ import annotations

from spoor.stages.reuse import MIN_SHARED_SHINGLES, find_reuse, fingerprints, inside, merge_spans

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
