"""`spoor entity merge|split|alias|undo|show` and how judgements change what readers see (issue 3).

The store is written by hand (no model): three documents naming ISKP, an uncurated
spelling of it, and an unknown person seen under two names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spoor.cli import app
from spoor.records import Document, Entity, Extraction, Mention
from spoor.store import Store, judgements, queries

runner = CliRunner()

ISKP = Entity("kb:iskp", "Islamic State Khorasan Province", "armed_group", ["ISKP"], "Q1", True)
KHORASAN = Entity("ent:khorasan", "Daish Khurasan", "armed_group")
PERSON = Entity("ent:person", "Abu Example", "person")
OTHER_PERSON = Entity("ent:other", "Mawlawi Example", "person")


def _doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, uri=f"file:///{doc_id}.txt", text=text, lang="en")


def _mention(doc: Document, surface: str, entity: Entity, origin: str = "ner") -> Mention:
    at = doc.text.index(surface)
    return Mention(at, at + len(surface), surface, "ORG", origin, entity.id, entity.type, 0.5)


def _extraction(doc_id: str, text: str, named: list[tuple[str, Entity]]) -> Extraction:
    doc = _doc(doc_id, text)
    mentions = [_mention(doc, surface, entity) for surface, entity in named]
    entities = [e for _, e in named if not e.curated]
    return Extraction(document=doc, mentions=mentions, entities=entities)


def build(db: Path) -> Path:
    store = Store.open(db)
    store.sync_entities([ISKP])
    store.write_batch(
        [
            _extraction("d1", "ISKP claimed it. Abu Example spoke.", [("ISKP", ISKP),
                        ("Abu Example", PERSON)]),
            _extraction("d2", "Daish Khurasan said so. Mawlawi Example agreed.",
                        [("Daish Khurasan", KHORASAN), ("Mawlawi Example", OTHER_PERSON)]),
            _extraction("d3", "Abu Example and Abu Sample met.",
                        [("Abu Example", PERSON), ("Abu Sample", PERSON)]),
        ]
    )  # fmt: skip
    store.close()
    return db


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build(tmp_path / "t.db")


def spoor(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def entities_jsonl(db: Path) -> str:
    code, out = spoor("entities", "--db", str(db), "--format", "jsonl")
    assert code == 0, out
    return out


def by_id(db: Path) -> dict[str, dict[str, object]]:
    return {row["id"]: row for row in map(json.loads, entities_jsonl(db).splitlines())}


def test_merge_shows_one_entity_with_the_union_and_undo_restores_exactly(db: Path) -> None:
    before = entities_jsonl(db)
    code, out = spoor("entity", "merge", "kb:iskp", "ent:khorasan", "--db", str(db))
    assert code == 0 and "judgement 1" in out
    merged = by_id(db)
    assert "ent:khorasan" not in merged
    assert merged["kb:iskp"]["mentions"] == 2
    assert "Daish Khurasan" in merged["kb:iskp"]["aliases"]  # type: ignore[operator]
    assert merged["kb:iskp"]["wikidata"] == "Q1"
    code, _ = spoor("entity", "undo", "1", "--db", str(db))
    assert code == 0
    assert entities_jsonl(db) == before


@pytest.mark.parametrize(
    ("keep", "other", "message"),
    [
        ("kb:iskp", "kb:iskp", "with itself"),
        ("kb:iskp", "ent:nowhere", "No entity 'ent:nowhere'"),
        ("ent:nowhere", "kb:iskp", "No entity 'ent:nowhere'"),
    ],
)
def test_bad_merge_fails_clearly_and_changes_nothing(
    db: Path, keep: str, other: str, message: str
) -> None:
    before = entities_jsonl(db)
    code, out = spoor("entity", "merge", keep, other, "--db", str(db))
    assert code == 1
    assert message in out and "Traceback" not in out
    assert entities_jsonl(db) == before
    with Store.open(db).engine.connect() as conn:
        assert judgements.active(conn) == []


def test_merging_an_id_already_merged_away_names_the_kept_one(db: Path) -> None:
    spoor("entity", "merge", "kb:iskp", "ent:khorasan", "--db", str(db))
    code, out = spoor("entity", "merge", "ent:khorasan", "kb:iskp", "--db", str(db))
    assert code == 1 and "was merged into kb:iskp" in out


def test_split_moves_one_spelling_to_a_new_entity_and_undo_moves_it_back(db: Path) -> None:
    before = entities_jsonl(db)
    code, out = spoor("entity", "split", "ent:person", "--alias", "Abu Sample", "--db", str(db))
    assert code == 0, out
    new_id = judgements.split_id("ent:person", "Abu Sample")
    rows = by_id(db)
    assert rows[new_id]["name"] == "Abu Sample" and rows[new_id]["mentions"] == 1
    assert rows[new_id]["type"] == "person"
    assert rows["ent:person"]["mentions"] == 2
    assert "Abu Sample" not in rows["ent:person"]["aliases"]  # type: ignore[operator]
    spoor("entity", "undo", "1", "--db", str(db))
    assert entities_jsonl(db) == before


def test_split_of_a_name_the_entity_never_had_is_refused(db: Path) -> None:
    code, out = spoor("entity", "split", "ent:person", "--alias", "Nobody", "--db", str(db))
    assert code == 1 and "has no alias 'Nobody'" in out


def test_alias_adds_a_name_and_pulls_uncurated_mentions_of_it(db: Path) -> None:
    code, _ = spoor("entity", "alias", "kb:iskp", "Daish Khurasan", "--db", str(db))
    assert code == 0
    rows = by_id(db)
    assert rows["kb:iskp"]["mentions"] == 2
    assert "ent:khorasan" not in rows  # its only mention now reads as ISKP's


def test_show_lists_aliases_with_documents_and_the_judgements(db: Path) -> None:
    spoor("entity", "merge", "ent:person", "ent:other", "--db", str(db))
    spoor("entity", "undo", "1", "--db", str(db))
    spoor("entity", "merge", "ent:person", "ent:other", "--db", str(db))
    code, out = spoor("entity", "show", "ent:person", "--db", str(db), "--format", "json")
    assert code == 0, out
    detail = json.loads(out)
    assert detail["merged_from"] == ["ent:other"]
    aliases = {a["alias"]: a for a in detail["aliases"]}
    assert [d["uri"] for d in aliases["Abu Example"]["documents"]] == [
        "file:///d1.txt",
        "file:///d3.txt",
    ]
    assert aliases["Mawlawi Example"]["documents"][0]["doc_id"] == "d2"
    assert [(j["id"], j["undone"]) for j in detail["judgements"]] == [(1, True), (2, False)]
    code, text = spoor("entity", "show", "ent:person", "--db", str(db))
    assert code == 0 and "#2 merge ent:person" in text


def test_show_of_a_merged_away_id_shows_the_kept_entity(db: Path) -> None:
    spoor("entity", "merge", "kb:iskp", "ent:khorasan", "--db", str(db))
    code, out = spoor("entity", "show", "ent:khorasan", "--db", str(db), "--format", "json")
    assert code == 0 and json.loads(out)["id"] == "kb:iskp"


def test_undo_of_an_unknown_judgement_fails_cleanly(db: Path) -> None:
    code, out = spoor("entity", "undo", "42", "--db", str(db))
    assert code == 1 and "No judgement 42" in out


def test_merge_survives_new_documents(db: Path) -> None:
    spoor("entity", "merge", "kb:iskp", "ent:khorasan", "--db", str(db))
    store = Store.open(db)
    store.write_batch([_extraction("d4", "Daish Khurasan again.", [("Daish Khurasan", KHORASAN)])])
    store.close()
    rows = by_id(db)
    assert rows["kb:iskp"]["mentions"] == 3 and "ent:khorasan" not in rows


def test_coref_mentions_are_not_names(tmp_path: Path) -> None:
    doc = _doc("c1", "ISKP said the group would fight.")
    mentions = [_mention(doc, "ISKP", ISKP), _mention(doc, "the group", ISKP, origin="coref")]
    store = Store.open(tmp_path / "c.db")
    store.sync_entities([ISKP])
    store.write_batch([Extraction(document=doc, mentions=mentions)])
    with store.engine.connect() as conn:
        (row,) = list(queries.iter_entities(conn))
    store.close()
    assert row["mentions"] == 1 and "the group" not in row["aliases"]


def test_facts_readers_get_merges_from_canonical_ids(db: Path) -> None:
    spoor("entity", "merge", "kb:iskp", "ent:khorasan", "--db", str(db))
    with Store.open(db).engine.connect() as conn:
        assert judgements.canonical_ids(conn) == {"ent:khorasan": "kb:iskp"}
        summary = queries.entity_summaries(conn, ["ent:khorasan"])["ent:khorasan"]
    assert summary["id"] == "kb:iskp" and "Daish Khurasan" in summary["aliases"]


@pytest.mark.integration
def test_merge_survives_spoor_ingest_of_new_documents(tmp_path: Path) -> None:
    import spoor as spoor_api

    db = tmp_path / "ingest.db"
    first = tmp_path / "first.txt"
    first.write_text("ISKP said that Qari Zahid Rahimyar led the cell in Kunar.", encoding="utf-8")
    with spoor_api.open(db) as knowledge:
        knowledge.ingest([str(first)])
    rows = by_id(db)
    person = next(i for i, r in rows.items() if r["name"] == "Qari Zahid Rahimyar")
    code, out = spoor("entity", "merge", "kb:iskp", person, "--db", str(db))
    assert code == 0, out
    second = tmp_path / "second.txt"
    second.write_text(
        "Officials said Qari Zahid Rahimyar was arrested in Jalalabad last week.", encoding="utf-8"
    )
    with spoor_api.open(db) as knowledge:
        knowledge.ingest([str(second)])
    after = by_id(db)
    assert person not in after
    assert "Qari Zahid Rahimyar" in after["kb:iskp"]["aliases"]  # type: ignore[operator]
    assert after["kb:iskp"]["mentions"] == rows["kb:iskp"]["mentions"] + 2  # type: ignore[operator]
