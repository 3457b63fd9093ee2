"""The relation benchmark's gold set (bench/gold/) is complete and consistent."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.gold.build_gold import compile_facts
from bench.relations_bench import BUILTIN_FAMILIES, load_gold, load_names

GOLD = Path(__file__).resolve().parents[2] / "bench" / "gold"
DOCS = sorted((GOLD / "docs").glob("*.txt"))


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path.name
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head), body


@pytest.fixture(scope="module")
def facts() -> list[dict[str, Any]]:
    return load_gold(GOLD / "gold.jsonl")


def test_enough_documents_and_some_without_publication_date() -> None:
    assert len(DOCS) >= 45
    undated = [path for path in DOCS if "published" not in front_matter(path)[0]]
    assert len(undated) >= 2


@pytest.mark.parametrize("path", DOCS, ids=[path.name for path in DOCS])
def test_document_front_matter_and_length(path: Path) -> None:
    meta, body = front_matter(path)
    assert meta["title"] and meta["source"]
    assert meta["synthetic"] is True
    if "published" in meta:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["published"]))
    assert 120 <= len(body.split()) <= 350


def test_gold_jsonl_is_built_from_facts_src(facts: list[dict[str, Any]]) -> None:
    compiled, problems = compile_facts(GOLD / "facts.src")
    assert problems == []
    assert compiled == facts


def test_every_gold_sentence_is_in_its_document(facts: list[dict[str, Any]]) -> None:
    bodies = {path.name: " ".join(front_matter(path)[1].split()) for path in DOCS}
    for fact in facts:
        assert fact["sentence"] in bodies[fact["doc"]], fact


def test_predicates_and_family_coverage(facts: list[dict[str, Any]]) -> None:
    assert len(facts) >= 250
    predicates = Counter(fact["predicate"] for fact in facts)
    assert set(predicates) == set(BUILTIN_FAMILIES)
    families = Counter(BUILTIN_FAMILIES[fact["predicate"]] for fact in facts)
    assert min(families.values()) >= 8
    assert {fact["doc"] for fact in facts} == {path.name for path in DOCS}


def test_fact_fields(facts: list[dict[str, Any]]) -> None:
    date = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
    for fact in facts:
        assert isinstance(fact["hedged"], bool) and isinstance(fact["negated"], bool)
        assert fact["attributed_to"] is None or isinstance(fact["attributed_to"], str)
        time = fact["time"]
        if time is not None:
            for key in ("start", "end"):
                assert time[key] is None or date.fullmatch(time[key]), fact
        json.dumps(fact)


def test_every_entity_has_accepted_names(facts: list[dict[str, Any]]) -> None:
    names = load_names(GOLD / "names.yaml")
    for fact in facts:
        assert fact["subject"] in names, fact["subject"]
        if fact["predicate"] != "strength":
            assert fact["object"] in names, fact["object"]
