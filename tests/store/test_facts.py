"""Reading merged facts: evidence from several documents, judgements, ratings, reuse (issue 6)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from spoor.records import Document, Entity, Evidence, Extraction, Fact, TimeSpan
from spoor.stages import reuse
from spoor.store import Store, judgements, schema, sources
from spoor.store.facts import iter_contradictions, iter_facts, overview
from spoor.store.writer import fact_key
from tests.conftest import ISKP, KUNAR, active_in_fact, document, extraction_with

SENTENCE = "ISKP is active in Kunar province."
LEADER = Entity("kb:leader", "Abu Example", "person", [], None, True)
US = Entity("kb:us-forces", "US forces", "armed_forces", [], None, True)
FACT_KEYS = {
    "id", "subject", "predicate", "object", "time", "place", "attributes", "hedged",
    "attributed_to", "negated", "evidence", "n_sources", "n_independent_sources", "confidence",
}  # fmt: skip


def month_and_day(store: Store, *, day: str = "2024-03-22") -> tuple[Fact, Fact]:
    store.sync_entities([ISKP])
    first = document("d1", f"Opening words. {SENTENCE}", source="First Wire")
    second = document("d2", f"Other opening. {SENTENCE}", source="Second Wire")
    month = active_in_fact(first, SENTENCE, time=TimeSpan("2024-03", "2024-03"))
    exact = active_in_fact(second, SENTENCE, time=TimeSpan(day, day))
    store.write_batch([extraction_with(first, month), extraction_with(second, exact)])
    return month, exact


def read(store: Store, **options: Any) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return list(iter_facts(conn, **options))


def test_compatible_readings_are_one_fact_at_the_coarser_time(store: Store) -> None:
    month, exact = month_and_day(store)
    [fact] = read(store)
    assert set(fact) == FACT_KEYS
    assert fact["id"] == fact_key(month)  # a stored id: stable, and judgements can name it
    assert fact["time"] == {"start": "2024-03", "end": "2024-03"}
    assert [e["doc_id"] for e in fact["evidence"]] == ["d1", "d2"]
    assert (fact["n_sources"], fact["n_independent_sources"]) == (2, 2)
    assert fact["attributes"]["merged_from"] == sorted([fact_key(month), fact_key(exact)])
    assert fact["attributes"]["credibility"] == 1


def test_each_quote_keeps_its_own_documents_time_and_modality(store: Store) -> None:
    month_and_day(store)
    [fact] = read(store)
    own = {e["doc_id"]: (e["time"], e["hedged"], e["attributed_to"]) for e in fact["evidence"]}
    assert own == {
        "d1": ({"start": "2024-03", "end": "2024-03"}, False, None),
        "d2": ({"start": "2024-03-22", "end": "2024-03-22"}, False, None),
    }


def test_incompatible_readings_stay_two_facts(store: Store) -> None:
    month_and_day(store, day="2024-04-02")
    assert [f["n_sources"] for f in read(store)] == [1, 1]


def _write(store: Store, doc: Document, *facts: Fact, entities: list[Entity] = ()) -> None:
    store.write_batch([Extraction(document=doc, entities=[ISKP, *entities], facts=list(facts))])


def test_entity_merges_join_facts_about_the_same_group(store: Store) -> None:
    alias = Entity("ent:isis-k", "ISIS-K", "armed_group")
    first = document("d1", SENTENCE)
    second = document("d2", f"Meanwhile, {SENTENCE}")
    _write(store, first, active_in_fact(first, SENTENCE))
    other = active_in_fact(second, SENTENCE)
    other.subject_id = alias.id
    _write(store, second, other, entities=[alias])
    assert len(read(store)) == 2
    with store.engine.begin() as conn:
        judgements.record(conn, "merge", "kb:iskp", {"other": alias.id})
    [fact] = read(store)
    assert fact["subject"]["id"] == "kb:iskp" and fact["n_sources"] == 2
    assert [f["id"] for f in read(store, entity=alias.id)] == [fact["id"]]


@pytest.mark.parametrize("target", ["anchor", "member"])
def test_reject_hides_a_fact_unless_asked(store: Store, target: str) -> None:
    month, exact = month_and_day(store)
    with store.engine.begin() as conn:
        chosen = month if target == "anchor" else exact
        judgements.record(conn, "reject", fact_key(chosen), {"reason": "misread"})
    assert read(store) == []
    [fact] = read(store, include_rejected=True)
    assert fact["attributes"]["reviewed"] == "rejected"
    assert fact["attributes"]["review_reason"] == "misread"


def test_confirm_and_edit_show_in_the_fact(store: Store) -> None:
    month, _ = month_and_day(store)
    with store.engine.begin() as conn:
        judgements.record(conn, "confirm", fact_key(month), {})
        judgements.record(conn, "edit", fact_key(month), {"field": "time", "value": "2024-02"})
        judgements.record(
            conn, "edit", fact_key(month), {"field": "attributes.tactic", "value": "raid"}
        )
    [fact] = read(store)
    assert fact["attributes"]["reviewed"] == "confirmed"
    assert fact["time"] == {"start": "2024-02", "end": "2024-02"}
    assert fact["attributes"]["tactic"] == "raid"
    assert fact["attributes"]["edited"] == ["attributes.tactic", "time"]


def test_a_rating_raises_confidence_and_survives_the_table(store: Store) -> None:
    store.sync_entities([ISKP])
    doc = document("d1", SENTENCE, source="Example Wire")
    store.write_batch([extraction_with(doc, active_in_fact(doc, SENTENCE))])
    [unrated] = read(store)
    with store.engine.begin() as conn:
        sources.rate(conn, "example wire", "A", note="long record")
    [rated] = read(store)
    assert rated["confidence"] > unrated["confidence"]
    with store.engine.begin() as conn:
        conn.execute(delete(schema.sources))  # as if the store were rebuilt
        [row] = [r for r in sources.list_sources(conn) if r.name == "Example Wire"]
    assert (row.reliability, row.note, row.documents) == ("A", "long record", 1)
    assert read(store)[0]["confidence"] == rated["confidence"]


def test_unknown_grades_are_refused(store: Store) -> None:
    with store.engine.begin() as conn, pytest.raises(Exception, match="Admiralty grade A-F"):
        sources.rate(conn, "Example Wire", "Z")


def _killed(doc: Document, sentence: str, year: str) -> Fact:
    start = doc.text.index(sentence)
    evidence = Evidence(doc.id, start, start + len(sentence), sentence, doc.uri, doc.source)
    return Fact(
        subject_id=US.id,
        predicate="killed",
        object_id=LEADER.id,
        time=TimeSpan(year, year),
        evidence=evidence,
    )


def test_contradicting_years_are_listed_with_both_sides(store: Store) -> None:
    first = document("d1", "Abu Example was killed by US forces in 2019.")
    second = document("d2", "Abu Example was killed by US forces in 2020.")
    _write(store, first, _killed(first, first.text, "2019"), entities=[LEADER, US])
    _write(store, second, _killed(second, second.text, "2020"), entities=[LEADER, US])
    with store.engine.connect() as conn:
        [item] = list(iter_contradictions(conn))
    assert (item["predicate"], item["about"]["id"], item["differs_in"]) == (
        "killed",
        "kb:leader",
        "time",
    )
    sides = item["facts"]
    assert sorted(s["time"]["start"] for s in sides) == ["2019", "2020"]
    assert {s["evidence"][0]["doc_id"] for s in sides} == {"d1", "d2"}
    for side in sides:
        assert side["attributes"]["contradicts"] == [o["id"] for o in sides if o is not side]
        assert side["confidence"] < 0.45  # one unrated source: 0.45 before the contradiction


COPIED = (
    "Local elders describe small groups that move between villages at night and avoid open "
    "confrontation with the authorities, which makes their numbers hard to estimate with any "
    "precision, and researchers who follow the group say the pattern has held for two years."
)


def _reuse_rows(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.reuse.c.doc_id, schema.reuse.c.source_doc_id))
        return sorted((a, b) for a, b in rows)


def test_a_copy_ingested_before_its_original_still_points_at_it(store: Store) -> None:
    original = document("orig", "The commentary opens. " + COPIED, published="2024-04-02")
    copy = document("copy", "A blog opens. " + COPIED + " Then a claim.", published="2024-04-09")
    store.write_batch([Extraction(document=copy)])
    store.write_batch([Extraction(document=original)])
    assert _reuse_rows(store) == [("copy", "orig")]
    with store.engine.connect() as conn:
        spans = conn.execute(select(schema.reuse.c.spans)).scalar_one()
    start = copy.text.index(COPIED)
    assert reuse.inside([tuple(s) for s in json.loads(spans)], start, start + 40)


def test_a_story_syndicated_past_the_postings_cap_still_counts_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reuse, "MAX_POSTINGS", 2)
    monkeypatch.setattr(reuse, "COMMON_SAMPLE", 1)
    store.sync_entities([ISKP])
    passage = COPIED + " " + SENTENCE
    for i in range(5):
        doc = document(f"d{i}", f"Outlet {i} carries the wire. " + passage, source=f"Outlet {i}")
        store.write_batch([extraction_with(doc, active_in_fact(doc, SENTENCE))])
    # d1, d2 see the passage in at most 2 documents and follow them all; d3, d4 see a
    # common passage and follow only its first document, which ties them in all the same
    assert _reuse_rows(store) == [
        ("d1", "d0"),
        ("d2", "d0"),
        ("d2", "d1"),
        ("d3", "d0"),
        ("d4", "d0"),
    ]
    [fact] = read(store)
    assert (fact["n_sources"], fact["n_independent_sources"]) == (5, 1)


def test_kunar_place_is_kept(store: Store) -> None:
    month_and_day(store)
    assert read(store)[0]["place"]["id"] == KUNAR.id


def test_a_rejected_reading_contradicts_nothing(store: Store) -> None:
    first = document("d1", "Abu Example was killed by US forces in 2019.")
    second = document("d2", "Abu Example was killed by US forces in 2020.")
    wrong = _killed(second, second.text, "2020")
    _write(store, first, _killed(first, first.text, "2019"), entities=[LEADER, US])
    _write(store, second, wrong, entities=[LEADER, US])
    with store.engine.begin() as conn:
        judgements.record(conn, "reject", fact_key(wrong), {"reason": "wrong year"})
        assert list(iter_contradictions(conn)) == []
    [fact] = read(store)
    assert "contradicts" not in fact["attributes"] and fact["confidence"] == 0.45


def _overview_matches_reader(store: Store, entity: str | None) -> tuple[int, list[str]]:
    listed = read(store, entity=entity)
    expected = (len(listed), sorted({f["predicate"] for f in listed}))
    with store.engine.connect() as conn:
        assert overview(conn, entity=entity) == expected
    return expected


@pytest.mark.parametrize(
    ("judgement", "expected"),
    [
        (None, (1, ["active_in"])),
        ({"kind": "reject", "value": {"reason": "misread"}}, (0, [])),
        ({"kind": "edit", "value": {"field": "predicate", "value": "based_in"}}, (1, ["based_in"])),
        ({"kind": "confirm", "value": {}}, (1, ["active_in"])),
    ],
)
def test_overview_counts_what_the_reader_lists(
    store: Store, judgement: dict[str, Any] | None, expected: tuple[int, list[str]]
) -> None:
    month, _ = month_and_day(store)
    if judgement is not None:
        with store.engine.begin() as conn:
            judgements.record(conn, judgement["kind"], fact_key(month), judgement["value"])
    assert _overview_matches_reader(store, "kb:iskp") == expected
    assert _overview_matches_reader(store, None) == expected


def test_overview_skips_a_fact_whose_evidence_is_gone(store: Store) -> None:
    month_and_day(store)
    with store.engine.begin() as conn:
        conn.execute(delete(schema.evidence))
    assert _overview_matches_reader(store, "kb:iskp") == (0, [])


def test_postings_stop_at_the_cap_and_later_copies_still_link(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reuse, "MAX_POSTINGS", 3)
    monkeypatch.setattr(reuse, "COMMON_SAMPLE", 2)
    for i in range(8):
        doc = document(f"s{i}", f"Station {i} relays the bulletin. " + COPIED)
        store.write_batch([Extraction(document=doc)])
    with store.engine.connect() as conn:
        holders = conn.execute(
            select(
                schema.shingles.c.hash, func.count(func.distinct(schema.shingles.c.doc_id))
            ).group_by(schema.shingles.c.hash)
        ).all()
    # A hash stops getting postings once more than MAX_POSTINGS documents hold it.
    assert holders and max(count for _, count in holders) == reuse.MAX_POSTINGS + 1
    linked = {copy for copy, _ in _reuse_rows(store)}
    assert linked == {f"s{i}" for i in range(1, 8)}
