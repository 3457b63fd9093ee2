"""The whole pipeline on the bundled sample corpus, checked against expectations
written with the corpus (tests/fixtures/corpus_expectations.yaml), not read off the code."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

import spoor

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS = yaml.safe_load(
    (ROOT / "tests" / "fixtures" / "corpus_expectations.yaml").read_text()
)
# Share of the written expectations the extractor must find; raise it as extraction improves.
MIN_RECALL = 0.6


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("-", " ").strip()


def _names(entity: dict[str, Any]) -> set[str]:
    return {_norm(entity.get("name") or str(entity.get("value")))} | {
        _norm(a) for a in entity.get("aliases", [])
    }


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> spoor.KnowledgeStore:
    handle = spoor.open(tmp_path_factory.mktemp("corpus") / "corpus.db")
    report = handle.ingest(ROOT / "examples" / "corpus")
    assert report.rejected == []
    return handle


@pytest.fixture(scope="module")
def facts(kb: spoor.KnowledgeStore) -> list[dict[str, Any]]:
    return list(kb.facts())


def test_every_document_is_stored(kb: spoor.KnowledgeStore) -> None:
    assert kb.stats()["documents"] == EXPECTATIONS["documents"]["count"]


def test_every_quote_is_the_text_at_its_offsets(
    kb: spoor.KnowledgeStore, facts: list[dict[str, Any]]
) -> None:
    texts = {doc["id"]: doc["text"] for doc in kb.store.documents()}
    assert facts
    for fact in facts:
        assert fact["evidence"], fact["id"]
        for evidence in fact["evidence"]:
            assert (
                texts[evidence["doc_id"]][evidence["start"] : evidence["end"]] == evidence["quote"]
            )


def _matches(expected: dict[str, Any], fact: dict[str, Any]) -> bool:
    if fact["predicate"] != expected["predicate"]:
        return False
    if not any(Path(e["uri"].split(":")[0]).name == expected["file"] for e in fact["evidence"]):
        return False
    if _norm(expected["subject"]) not in _names(fact["subject"]):
        return False
    if _norm(str(expected["object"])) not in _names(fact["object"]):
        return False
    wanted = expected.get("time")
    got = (fact["time"] or {}).get("start")
    return wanted is None or (
        got is not None and (got.startswith(str(wanted)) or str(wanted).startswith(got))
    )


def test_written_expectations_are_found(facts: list[dict[str, Any]]) -> None:
    expected = EXPECTATIONS["facts"]
    found = [e for e in expected if any(_matches(e, f) for f in facts)]
    missed = [
        f"{e['file']}: {e['subject']} {e['predicate']} {e['object']}"
        for e in expected
        if e not in found
    ]
    assert len(found) / len(expected) >= MIN_RECALL, "missed:\n" + "\n".join(missed)


@pytest.mark.parametrize(
    ("subject", "predicate", "obj", "time"),
    [
        ("Al-Azaim Foundation", "media_arm_of", "Islamic State Khorasan Province", None),
        ("Shahab al-Muhajir", "leader_of", "Islamic State Khorasan Province", None),
        ("Islamic State Khorasan Province", "active_in", "Kunar", None),
        ("Islamic State Khorasan Province", "active_in", "Bajaur", None),
        ("United States Armed Forces", "killed", "Hafiz Saeed Khan", "2016-07"),
        ("Islamic State Khorasan Province", "attacked", "Kabul", "2021-08-26"),
    ],
)
def test_key_facts_carry_their_evidence(
    facts: list[dict[str, Any]], subject: str, predicate: str, obj: str, time: str | None
) -> None:
    hits = [
        f
        for f in facts
        if f["predicate"] == predicate
        and _norm(subject) in _names(f["subject"])
        and _norm(obj) in _names(f["object"])
        and (time is None or ((f["time"] or {}).get("start") or "").startswith(time))
    ]
    assert hits, f"no {subject} {predicate} {obj}"
    assert all(e["quote"] and e["uri"] for f in hits for e in f["evidence"])


def test_negated_denial_is_kept_as_negated(facts: list[dict[str, Any]]) -> None:
    denials = [f for f in facts if f["predicate"] == "active_in" and f["negated"]]
    assert any("Balkh" in f["object"]["name"] for f in denials)


def test_the_rewrite_is_linked_to_the_article_it_copies(kb: spoor.KnowledgeStore) -> None:
    from sqlalchemy import select

    from spoor.store import schema

    pair = EXPECTATIONS["documents"]["text_reuse"]
    uris = {doc["id"]: Path(doc["uri"]).name for doc in kb.store.documents()}
    with kb.store.engine.connect() as conn:
        links = {
            (uris[r.doc_id], uris[r.source_doc_id]) for r in conn.execute(select(schema.reuse))
        }
    assert (pair["copy"], pair["original"]) in links


def test_page_furniture_is_gone(kb: spoor.KnowledgeStore) -> None:
    texts = "\n".join(doc["text"] for doc in kb.store.documents())
    for line in EXPECTATIONS["documents"]["boilerplate_paragraphs"]:
        assert line not in texts


def test_languages_of_the_corpus(kb: spoor.KnowledgeStore) -> None:
    by_file = {Path(doc["uri"]).name: doc["lang"] for doc in kb.store.documents()}
    for lang, files in EXPECTATIONS["documents"]["languages"].items():
        for name in files:
            assert by_file[name] == lang, name
