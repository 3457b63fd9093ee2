"""Extractions survive the trip through JSON (Ray batches, Parquet shards)."""

from __future__ import annotations

import pytest

from spoor.engines import codec
from spoor.records import (
    Document,
    Entity,
    Extraction,
    Mention,
    Paragraph,
    Quantity,
    TimeSpan,
)
from tests.conftest import ISKP, KUNAR, active_in_fact, document, extraction_with

SENTENCE = "ISKP is active in Kunar province, officials said."


def _rich_extraction() -> Extraction:
    doc = document("d1", f"Intro. {SENTENCE}")
    doc.paragraphs = [Paragraph(0, 6, "en", "Latn"), Paragraph(7, len(doc.text), "en", "Latn")]
    fact = active_in_fact(doc, SENTENCE, hedged=True, time=TimeSpan("2024-02", None))
    fact.attributes = {"weapon": "rockets", "count": 3, "nested": {"a": [1, 2]}}
    strength = active_in_fact(doc, SENTENCE)
    strength.predicate, strength.object_id = "strength", None
    strength.object_value = Quantity(2000.0, "quantity", "fighters")
    extraction = extraction_with(doc, fact, strength)
    extraction.mentions.append(Mention(7, 11, "ISKP", "armed_group", place=KUNAR, normal="ISKP"))
    extraction.entities.append(Entity("ent:x", "X", "person", ["Mr X"]))
    extraction.shingles = [(123, 4), (-5, 9)]
    return extraction


@pytest.mark.parametrize(
    "record",
    [
        _rich_extraction(),
        extraction_with(document("d2", "Nothing here at all.")),
        Extraction(document=Document(id="d3", uri="u", text="Вилаят Хорасан")),
    ],
)
def test_round_trip_is_exact(record: Extraction) -> None:
    text = codec.dumps(record)
    assert codec.loads(Extraction, text) == record


def test_documents_round_trip_too() -> None:
    doc = document("d4", SENTENCE)
    assert codec.loads(Document, codec.dumps(doc)) == doc


def test_wrong_record_type_is_refused() -> None:
    with pytest.raises((TypeError, ValueError)):
        codec.loads(Entity, codec.dumps(ISKP.place or document("d5", SENTENCE)))
