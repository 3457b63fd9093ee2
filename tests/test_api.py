"""The Python API that notebooks use: open, ingest, entities, facts, stats, to_pandas."""

from __future__ import annotations

from pathlib import Path

import pytest

import spoor

pytestmark = pytest.mark.integration

REPORT = """---
title: Test report
published: 2024-03-12
source: Example Monitor
---
Al-Azaim Foundation, the media arm of ISKP, released videos in Uzbek and Tajik last month.

ISKP remains active in Kunar province, according to the UN Monitoring Team.
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api")


@pytest.fixture(scope="module")
def kb(folder: Path) -> spoor.KnowledgeStore:
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    handle = spoor.open(folder / "api.db")
    report = handle.ingest(folder)
    assert (report.stored, report.rejected) == (1, [])
    return handle


def test_facts_filter_by_entity_and_predicate(kb: spoor.KnowledgeStore) -> None:
    languages = kb.facts(entity="kb:al-azaim", predicate="propaganda_language")
    assert {f["object"]["name"] for f in languages} >= {"Uzbek language", "Tajik language"}
    assert all(f["time"] == {"start": "2024-02", "end": "2024-02"} for f in languages)
    assert all(f["predicate"] == "propaganda_language" for f in languages)


def test_active_in_is_attributed(kb: spoor.KnowledgeStore) -> None:
    [fact] = [f for f in kb.facts(predicate="active_in") if f["object"]["name"] == "Kunar"]
    assert fact["subject"]["id"] == "kb:iskp"
    assert "UN Monitoring Team" in fact["attributed_to"]
    assert fact["place"]["country"] == "AF"


def test_stats_and_entities(kb: spoor.KnowledgeStore) -> None:
    numbers = kb.stats()
    assert numbers["documents"] == 1 and numbers["facts"] >= 3
    ids = {e["id"] for e in kb.entities()}
    assert {"kb:iskp", "kb:al-azaim"} <= ids


def test_results_become_dataframes(kb: spoor.KnowledgeStore) -> None:
    frame = kb.facts().to_pandas()
    assert len(frame) == kb.stats()["facts"]
    assert {"predicate", "subject.name", "confidence"} <= set(frame.columns)


def test_reingest_through_the_api_is_a_no_op(kb: spoor.KnowledgeStore, folder: Path) -> None:
    again = kb.ingest([folder / "report.txt"])
    assert (again.stored, again.duplicates) == (0, 1)
