"""The store: atomic batches, idempotent writes, and the output contracts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from spoor.errors import StoreError
from spoor.records import Rejection, TimeSpan
from spoor.store import Store, schema
from tests.conftest import ISKP, active_in_fact, document, extraction_with

SENTENCE = "ISKP is active in Kunar province, officials said."
FACT_KEYS = {
    "id",
    "subject",
    "predicate",
    "object",
    "time",
    "place",
    "attributes",
    "hedged",
    "attributed_to",
    "negated",
    "evidence",
    "n_sources",
    "n_independent_sources",
    "confidence",
}
ENTITY_KEYS = {"id", "name", "type", "aliases", "wikidata", "mentions"}


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    Store.open(path).close()
    reopened = Store.open(path)
    with reopened.engine.connect() as conn:
        versions = list(conn.execute(select(schema.migrations.c.version)).scalars())
        journal = conn.execute(text("PRAGMA journal_mode")).scalar_one()
    assert versions == sorted(set(versions)) and versions[0] == 1
    assert journal == "wal"


def test_fact_contract_field_for_field(store: Store) -> None:
    store.sync_entities([ISKP])
    doc = document("d1", f"Intro line here. {SENTENCE}")
    store.write_batch(
        [extraction_with(doc, active_in_fact(doc, SENTENCE, time=TimeSpan("2024-02", "2024-02")))]
    )
    [fact] = list(store.facts())
    assert set(fact) == FACT_KEYS
    assert fact["subject"] == {
        "id": "kb:iskp",
        "name": ISKP.name,
        "type": "armed_group",
        "aliases": ["ISIS-K", "ISKP"],
    }
    assert set(fact["object"]) == {"id", "name", "type", "aliases"}
    assert fact["time"] == {"start": "2024-02", "end": "2024-02"}
    assert fact["place"] == {
        "id": "curated:kunar",
        "name": "Kunar",
        "lat": 34.9,
        "lon": 71.1,
        "country": "AF",
    }
    [ev] = fact["evidence"]
    # DESIGN.md's evidence fields, plus what this quote's own document says (its reading)
    assert set(ev) == {"doc_id", "uri", "source", "start", "end", "quote"} | {
        "time",
        "hedged",
        "attributed_to",
    }
    assert ev["time"] == fact["time"]
    assert doc.text[ev["start"] : ev["end"]] == ev["quote"] == SENTENCE
    assert (fact["n_sources"], fact["n_independent_sources"]) == (1, 1)
    assert 0 < fact["confidence"] < 1


def test_entity_contract_counts_mentions(store: Store) -> None:
    store.sync_entities([ISKP])
    doc = document("d1", SENTENCE)
    store.write_batch([extraction_with(doc, active_in_fact(doc, SENTENCE))])
    rows = {e["id"]: e for e in store.entities()}
    assert set(rows["kb:iskp"]) == ENTITY_KEYS
    assert rows["kb:iskp"]["mentions"] == 1 and rows["kb:iskp"]["wikidata"] is None
    assert rows["curated:kunar"]["type"] == "province"


def test_same_fact_in_two_documents_is_one_fact_with_two_evidence(store: Store) -> None:
    first = document("d1", SENTENCE, source="Wire A")
    second = document("d2", "Separately, " + SENTENCE, source="Wire B")
    store.write_batch([extraction_with(first, active_in_fact(first, SENTENCE))])
    store.write_batch([extraction_with(second, active_in_fact(second, SENTENCE))])
    [fact] = list(store.facts())
    assert len(fact["evidence"]) == 2
    assert fact["n_independent_sources"] == 2


@pytest.mark.parametrize("order", ["first document first", "second document first"])
def test_readings_attributes_merge_whatever_the_order(store: Store, order: str) -> None:
    # A parallel ingest stores documents in any order: the fact must come out the same.
    first = document("d1", SENTENCE, source="Wire A")
    second = document("d2", "Separately, " + SENTENCE, source="Wire B")
    readings = [
        (first, {"role": "spokesman", "format": "magazine"}),
        (second, {"role": "long-time spokesman", "intent": True}),
    ]
    if order == "second document first":
        readings.reverse()
    for doc, attributes in readings:
        fact = active_in_fact(doc, SENTENCE)
        fact.attributes.update(attributes)
        store.write_batch([extraction_with(doc, fact)])
    [fact] = list(store.facts())
    assert len(fact["evidence"]) == 2
    attributes = {k: v for k, v in fact["attributes"].items() if k != "credibility"}
    # Keys are united; of two different values the smaller (as JSON) is kept.
    assert attributes == {"role": "long-time spokesman", "format": "magazine", "intent": True}


def test_rewriting_a_batch_is_a_no_op(store: Store) -> None:
    doc = document("d1", SENTENCE)
    batch = [extraction_with(doc, active_in_fact(doc, SENTENCE))]
    assert store.write_batch(batch) == ["d1"]
    assert store.write_batch(batch) == []
    numbers = store.stats()
    assert (numbers["documents"], numbers["facts"], numbers["evidence"]) == (1, 1, 1)


def test_rejections_are_logged(store: Store) -> None:
    store.write_batch([], [Rejection("bad.pdf", "broken PDF: no header")])
    with store.engine.connect() as conn:
        row = conn.execute(select(schema.inputs)).one()
    assert (row.uri, row.status, row.reason) == ("bad.pdf", "rejected", "broken PDF: no header")


def test_failed_batch_leaves_nothing_behind(store: Store) -> None:
    good = document("d1", SENTENCE)
    broken = extraction_with(document("d2", "ISKP again in Kunar."))
    broken.mentions[0].start = None  # type: ignore[assignment]  # violates NOT NULL
    with pytest.raises(StoreError, match="Nothing from this batch was saved"):
        store.write_batch([extraction_with(good, active_in_fact(good, SENTENCE)), broken])
    assert store.stats()["documents"] == 0


def test_full_text_search_finds_cyrillic(store: Store) -> None:
    doc = document("d1", "Вилаят Хорасан усилил пропаганду на таджикском языке в прошлом месяце.")
    store.write_batch([extraction_with(doc)])
    hits = store.search("Хорасан")
    assert [h["doc_id"] for h in hits] == ["d1"]
    assert "[Хорасан]" in hits[0]["snippet"]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nope" / "x.db")


def test_migration_caps_postings_of_an_older_store(tmp_path: Path) -> None:
    from spoor.stages import reuse

    path = tmp_path / "old.db"
    store = Store.open(path)
    holders = reuse.MAX_POSTINGS + 4
    with store.engine.begin() as conn:
        for i in range(holders):
            conn.execute(
                schema.documents.insert().values(
                    id=f"d{i}", uri=f"u{i}", text="t", ingested_at="2024-01-01T00:00:00Z"
                )
            )
            conn.execute(schema.shingles.insert().values(hash=7, doc_id=f"d{i}", start=0, end=1))
        conn.execute(schema.shingles.insert().values(hash=8, doc_id="d0", start=0, end=1))
        conn.execute(schema.migrations.delete().where(schema.migrations.c.version == 3))
    store.close()
    reopened = Store.open(path)  # written before the cap: migration 3 runs again
    with reopened.engine.connect() as conn:
        counts = dict(conn.execute(text("SELECT hash, COUNT(*) FROM shingles GROUP BY hash")).all())
    reopened.close()
    assert counts == {7: reuse.MAX_POSTINGS + 1, 8: 1}


def test_migration_replaces_the_mention_index_with_a_covering_one(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store.open(path).close()
    store = Store.open(path)
    with store.engine.begin() as conn:  # as a store written before migration 4 looked
        conn.execute(text("DROP INDEX ix_mentions_entity_surface"))
        conn.execute(text("CREATE INDEX ix_mentions_entity ON mentions (entity_id)"))
        conn.execute(schema.migrations.delete().where(schema.migrations.c.version == 4))
    store.close()
    reopened = Store.open(path)
    with reopened.engine.connect() as conn:
        names = set(
            conn.execute(text("SELECT name FROM sqlite_master WHERE type='index'")).scalars()
        )
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT entity_id, text, count(*) FROM mentions "
                    "WHERE entity_id IS NOT NULL AND origin != 'coref' GROUP BY entity_id, text"
                )
            )
        )
    reopened.close()
    assert "ix_mentions_entity_surface" in names and "ix_mentions_entity" not in names
    assert "COVERING INDEX ix_mentions_entity_surface" in plan
    assert "TEMP B-TREE" not in plan  # the index is already in GROUP BY order
