"""`spoor claims` and `spoor source` on a store built by hand (issue 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spoor.cli import app
from spoor.records import Entity, Evidence, Extraction, Fact, TimeSpan
from spoor.store import Store
from tests.conftest import ISKP, active_in_fact, document, extraction_with

SENTENCE = "ISKP is active in Kunar province."
LEADER = Entity("kb:leader", "Abu Example", "person", [], None, True)
US = Entity("kb:us-forces", "US forces", "armed_forces", [], None, True)


def _killed(doc_id: str, year: str) -> Extraction:
    text = f"Abu Example was killed by US forces in {year}."
    doc = document(doc_id, text, source="Caspian Desk")
    fact = Fact(
        subject_id=US.id,
        predicate="killed",
        object_id=LEADER.id,
        time=TimeSpan(year, year),
        evidence=Evidence(doc_id, 0, len(text), text, doc.uri, doc.source),
    )
    return Extraction(document=doc, entities=[LEADER, US], facts=[fact])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "claims.db"
    store = Store.open(path)
    store.sync_entities([ISKP])
    strong = [document(f"s{i}", f"Report {i}. {SENTENCE}", source=f"Outlet {i}") for i in (1, 2)]
    weak_text = "Some sources say ISKP is reportedly active in Kunar province."
    weak = document("w1", weak_text, source="Rumour Blog")
    weak_fact = active_in_fact(
        weak, weak_text, hedged=True, attributed_to="Some sources", vague=True
    )
    weak_fact.object_id, weak_fact.place = "curated:nangarhar", None  # another claim
    store.write_batch(
        [extraction_with(doc, active_in_fact(doc, SENTENCE)) for doc in strong]
        + [extraction_with(weak, weak_fact), _killed("k1", "2019"), _killed("k2", "2020")]
    )
    store.close()
    return path


def run(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, [*args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_weak_lists_the_weak_claims_least_confident_first(db: Path) -> None:
    rows = run("claims", "--db", str(db), "--weak")
    assert [r["confidence"] for r in rows] == sorted(r["confidence"] for r in rows)
    [first, *rest] = rows
    assert first["evidence"][0]["doc_id"] == "w1"
    assert set(first["attributes"]["weak"]) == {"single_source", "vague_attribution", "hedged"}
    assert all(r["n_independent_sources"] < 2 or r["attributes"]["weak"] for r in rows)
    # the claim two outlets make on their own is not weak
    assert all({e["doc_id"] for e in r["evidence"]} != {"s1", "s2"} for r in rows)


def test_entity_lists_every_claim_most_confident_first(db: Path) -> None:
    rows = run("claims", "--db", str(db), "--entity", "kb:iskp")
    assert [r["n_independent_sources"] for r in rows] == [2, 1]
    assert rows[0]["confidence"] > rows[1]["confidence"]
    assert rows[0]["attributes"]["credibility"] == 1


def test_contradictions_show_both_sides(db: Path) -> None:
    [item] = run("claims", "--db", str(db), "--contradictions")
    assert item["about"]["id"] == "kb:leader" and item["differs_in"] == "time"
    assert sorted(side["time"]["start"] for side in item["facts"]) == ["2019", "2020"]


def test_table_output_names_the_columns(db: Path) -> None:
    result = CliRunner().invoke(app, ["claims", "--db", str(db), "--weak"])
    assert result.exit_code == 0 and "conf" in result.stdout and "cred" in result.stdout


def test_rating_a_source_changes_its_claims(db: Path) -> None:
    before = {r["id"]: r["confidence"] for r in run("claims", "--db", str(db))}
    result = CliRunner().invoke(
        app, ["source", "rate", "Caspian Desk", "b", "--db", str(db), "--note", "checked"]
    )
    assert result.exit_code == 0 and "rated Caspian Desk B" in result.stdout
    listed = {r["name"]: r for r in run("source", "list", "--db", str(db))}
    assert listed["Caspian Desk"]["reliability"] == "B"
    assert listed["Caspian Desk"]["note"] == "checked"
    assert listed["Caspian Desk"]["documents"] == 2
    assert listed["Rumour Blog"]["reliability"] == "F"
    after = {r["id"]: r["confidence"] for r in run("claims", "--db", str(db))}
    killed = [i for i in after if after[i] != before[i]]
    assert len(killed) == 2 and all(after[i] > before[i] for i in killed)


def test_a_bad_grade_is_a_clear_error(db: Path) -> None:
    result = CliRunner().invoke(app, ["source", "rate", "Caspian Desk", "Q", "--db", str(db)])
    assert result.exit_code == 1 and "A-F" in result.output
