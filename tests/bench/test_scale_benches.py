"""The scale benchmarks' own logic: the synthetic store generator and the memory slope."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import memory_bench, store_gen


@pytest.fixture(scope="module")
def vocabulary() -> store_gen.Vocabulary:
    return store_gen.Vocabulary.load()


@pytest.mark.parametrize("index", [0, 1, 17, 250])
def test_generated_offsets_point_at_their_text(
    vocabulary: store_gen.Vocabulary, index: int
) -> None:
    extraction = store_gen.make_extraction(index, vocabulary)
    text = extraction.document.text
    assert extraction.mentions and extraction.facts
    for mention in extraction.mentions:
        assert text[mention.start : mention.end] == mention.text
    for fact in extraction.facts:
        evidence = fact.evidence
        assert text[evidence.start : evidence.end] == evidence.quote
        assert (fact.object_id is None) != (fact.object_value is None)


def test_generation_is_deterministic(vocabulary: store_gen.Vocabulary) -> None:
    first = store_gen.make_extraction(42, vocabulary)
    again = store_gen.make_extraction(42, vocabulary)
    assert first.document.id == again.document.id and len(first.facts) == len(again.facts)
    assert store_gen.make_extraction(43, vocabulary).document.id != first.document.id


def test_a_small_store_has_every_table_filled(tmp_path: Path) -> None:
    built = store_gen.build(tmp_path / "s.db", 120)
    assert built["documents"] == 120
    assert built["facts"] > 120 and built["entities"] > 10
    assert len(built["write_cpu_ms_per_doc_by_slice"]) >= 1


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([(1000, 500.0), (2000, 500.0), (3000, 500.0)], 0.0),
        ([(1000, 500.0), (2000, 510.0), (3000, 520.0)], 10.0),
        ([(1000, 500.0), (2000, 500.0)], None),  # too few points to tell
        ([(1000, 500.0), (1000, 520.0), (1000, 510.0)], None),  # no spread in documents
    ],
)
def test_memory_slope_is_mb_per_thousand_documents(
    points: list[tuple[int, float]], expected: float | None
) -> None:
    assert memory_bench.slope(points) == expected
