"""The relation benchmark's matching rules (bench/relations_bench.py), on facts built by hand."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.relations_bench import (
    BUILTIN_FAMILIES,
    BUILTIN_SYMMETRIC,
    doc_name,
    load_ontology,
    normalise,
    run,
    score,
    time_matches,
)

NAMES: dict[str, list[str]] = {
    "Islamic State Khorasan Province": ["ISKP", "ISIS-K"],
    "Taliban": ["Afghan Taliban"],
    "Mocímboa da Praia": [],
    "Jama'at Nusrat al-Islam wal-Muslimin": ["JNIM"],
    "Uzbek": ["Uzbek language"],
}


def entity(name: str, *aliases: str) -> dict[str, Any]:
    return {"id": f"ent:{name}", "name": name, "type": None, "aliases": list(aliases)}


def predicted(
    subject: dict[str, Any] | str,
    predicate: str,
    obj: dict[str, Any] | str,
    *,
    doc: str = "a.txt",
    start: str | None = None,
    negated: bool = False,
    uris: list[str] | None = None,
) -> dict[str, Any]:
    """A fact in the `spoor facts --format jsonl` shape."""
    return {
        "id": "f:test",
        "subject": entity(subject) if isinstance(subject, str) else subject,
        "predicate": predicate,
        "object": entity(obj) if isinstance(obj, str) else obj,
        "time": {"start": start, "end": None} if start else None,
        "place": None,
        "attributes": {},
        "hedged": False,
        "attributed_to": None,
        "negated": negated,
        "evidence": [
            {"doc_id": "d", "uri": uri, "source": "s", "start": 0, "end": 1, "quote": "q"}
            for uri in (uris or [f"bench/gold/docs/{doc}"])
        ],
        "n_sources": 1,
        "n_independent_sources": 1,
        "confidence": 0.5,
    }


def gold(
    subject: str,
    predicate: str,
    obj: str,
    *,
    doc: str = "a.txt",
    start: str | None = None,
    negated: bool = False,
    attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "doc": doc,
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "time": {"start": start, "end": None} if start else None,
        "hedged": False,
        "negated": negated,
        "attributed_to": None,
        "sentence": "s",
    }
    if attributes:
        fact["attributes"] = attributes
    return fact


def run_score(preds: list[dict[str, Any]], golds: list[dict[str, Any]]) -> dict[str, Any]:
    return score(preds, golds, NAMES, dict(BUILTIN_FAMILIES), symmetric=BUILTIN_SYMMETRIC)


def test_exact_match_is_a_strict_and_loose_true_positive() -> None:
    result = run_score(
        [predicted("Islamic State Khorasan Province", "active_in", "Kunar")],
        [gold("Islamic State Khorasan Province", "active_in", "Kunar")],
    )
    for mode in ("strict", "loose"):
        assert result[mode]["overall"] == {
            "tp": 1,
            "fp": 0,
            "fn": 0,
            "precision": 1.0,
            "recall": 1.0,
            "f1": 1.0,
        }
        assert result[mode]["by_family"]["footprint"]["tp"] == 1


@pytest.mark.parametrize(
    ("gold_start", "predicted_start", "expected"),
    [
        ("2023-04", "2023-04-28", True),
        ("2021", "2021-08-26", True),
        ("2023-04", "2023-04", True),
        (None, None, True),
        ("2023-04", "2023-05-01", False),
        ("2021-08-26", "2021-08", False),
        ("2023-1", "2023-10", False),
        (None, "2023", False),
        ("2023", None, False),
    ],
)
def test_time_matches_by_prefix_of_the_start(
    gold_start: str | None, predicted_start: str | None, expected: bool
) -> None:
    result = run_score(
        [predicted("Taliban", "killed", "Islamic State Khorasan Province", start=predicted_start)],
        [gold("Taliban", "killed", "Islamic State Khorasan Province", start=gold_start)],
    )
    assert result["strict"]["overall"]["tp"] == int(expected)
    assert result["loose"]["overall"]["tp"] == 1  # loose ignores time
    assert time_matches({"start": predicted_start}, {"start": gold_start}) is expected


def test_time_end_is_ignored() -> None:
    fact = predicted("Taliban", "leader_of", "Islamic State Khorasan Province", start="2020-06")
    fact["time"]["end"] = "2021-01"
    result = run_score(
        [fact], [gold("Taliban", "leader_of", "Islamic State Khorasan Province", start="2020")]
    )
    assert result["strict"]["overall"]["tp"] == 1


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (entity("ISKP"), True),  # predicted name is an accepted alias
        (entity("IS-K", "Islamic State Khorasan Province"), True),  # predicted alias = canonical
        (entity("Wilayat Khorasan", "ISIS-K"), True),  # predicted alias = accepted alias
        (entity("islamic state  khorasan province."), True),  # case, spaces, punctuation
        (entity("The Islamic State Khorasan Province"), True),  # leading "the"
        (entity("Islamic State"), False),
        (entity("ISKP Media"), False),
    ],
)
def test_entities_match_by_normalised_name_or_alias(
    subject: dict[str, Any], expected: bool
) -> None:
    result = run_score(
        [predicted(subject, "propaganda_language", entity("Uzbek language", "Uzbek", "uz"))],
        [gold("Islamic State Khorasan Province", "propaganda_language", "Uzbek")],
    )
    assert result["strict"]["overall"]["tp"] == int(expected)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Mocímboa da Praia", "mocimboa da praia"),
        ("Jama'at Nusrat al-Islam", "jamaat nusrat al islam"),
        ("The Taliban", "taliban"),
        ("the", "the"),
        ("Tehrik-i-Taliban  Pakistan", "tehrik i taliban pakistan"),
    ],
)
def test_normalise(raw: str, normalised: str) -> None:
    assert normalise(raw) == normalised


def test_diacritics_do_not_block_a_match() -> None:
    result = run_score(
        [predicted("JNIM", "active_in", "Mocimboa da Praia")],
        [gold("Jama'at Nusrat al-Islam wal-Muslimin", "active_in", "Mocímboa da Praia")],
    )
    assert result["strict"]["overall"]["tp"] == 1


@pytest.mark.parametrize(
    ("predicted_predicate", "gold_predicate", "strict_tp", "loose_tp"),
    [
        ("propaganda_language", "published", 0, 1),  # same family: propaganda
        ("attacked", "killed", 0, 1),  # same family: event
        ("supporters_in", "active_in", 0, 1),  # same family: footprint
        ("active_in", "attacked", 0, 0),  # footprint vs event
        ("member_of", "recruits_from", 0, 0),  # relation vs recruitment
    ],
)
def test_loose_match_is_by_predicate_family(
    predicted_predicate: str, gold_predicate: str, strict_tp: int, loose_tp: int
) -> None:
    result = run_score(
        [predicted("Islamic State Khorasan Province", predicted_predicate, "Uzbek")],
        [gold("Islamic State Khorasan Province", gold_predicate, "Uzbek")],
    )
    assert result["strict"]["overall"]["tp"] == strict_tp
    assert result["loose"]["overall"]["tp"] == loose_tp
    # A loose miss leaves one false positive and one false negative.
    assert result["loose"]["overall"]["fp"] == 1 - loose_tp
    assert result["loose"]["overall"]["fn"] == 1 - loose_tp


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [("enemy_of", 1), ("allied_with", 1), ("leader_of", 0), ("attacked", 0)],
)
def test_symmetric_predicates_match_either_way_round(predicate: str, expected: int) -> None:
    result = run_score(
        [predicted("Taliban", predicate, "ISKP")],
        [gold("Islamic State Khorasan Province", predicate, "Taliban")],
    )
    assert result["strict"]["overall"]["tp"] == expected
    assert result["loose"]["overall"]["tp"] == expected


def test_a_duplicate_prediction_is_a_false_positive() -> None:
    fact = predicted("Taliban", "attacked", "ISKP", start="2023-04")
    result = run_score(
        [fact, dict(fact)],
        [gold("Taliban", "attacked", "Islamic State Khorasan Province", start="2023-04")],
    )
    for mode in ("strict", "loose"):
        assert result[mode]["overall"]["tp"] == 1
        assert result[mode]["overall"]["fp"] == 1
        assert result[mode]["overall"]["precision"] == 0.5
        assert result[mode]["overall"]["recall"] == 1.0


def test_one_prediction_matches_only_one_of_two_equal_gold_facts() -> None:
    golds = [gold("Taliban", "attacked", "Kunar"), gold("Taliban", "attacked", "Kunar")]
    result = run_score([predicted("Taliban", "attacked", "Kunar")], golds)
    assert result["strict"]["overall"]["tp"] == 1
    assert result["strict"]["overall"]["fn"] == 1


def test_loose_matching_prefers_the_same_predicate() -> None:
    # The prediction loosely matches both gold facts (same family); taken in order it would
    # pair with "killed", but the closer pair is the gold "attacked".
    golds = [gold("Taliban", "killed", "Kunar"), gold("Taliban", "attacked", "Kunar")]
    result = run_score([predicted("Taliban", "attacked", "Kunar")], golds)
    assert result["loose"]["overall"]["tp"] == 1
    assert result["by_predicate"]["attacked"]["loose_tp"] == 1
    assert result["by_predicate"]["killed"]["loose_tp"] == 0


def test_negation_mismatch_fails_strict_but_not_loose() -> None:
    result = run_score(
        [predicted("ISKP", "active_in", "Kyrgyzstan", negated=False)],
        [gold("Islamic State Khorasan Province", "active_in", "Kyrgyzstan", negated=True)],
    )
    assert result["strict"]["overall"]["tp"] == 0
    assert result["strict"]["overall"]["fp"] == 1
    assert result["loose"]["overall"]["tp"] == 1


def test_predictions_belong_to_documents_by_evidence_file_name() -> None:
    golds = [
        gold("Taliban", "active_in", "Kunar", doc="a.txt"),
        gold("Taliban", "active_in", "Kunar", doc="b.txt"),
    ]
    preds = [
        # one fact with evidence in both gold documents counts in each
        predicted(
            "Taliban",
            "active_in",
            "Kunar",
            uris=["/tmp/x/docs/a.txt", "https://example.org/news/b.txt"],
        ),
        # evidence only in a document outside the gold set: ignored, not a false positive
        predicted("Taliban", "active_in", "Kunar", uris=["elsewhere/c.txt"]),
        # right triple, wrong document: a false positive
        predicted("Taliban", "active_in", "Nuristan", doc="a.txt"),
    ]
    result = run_score(preds, golds)
    assert result["predicted_facts"] == 3
    assert result["strict"]["overall"]["tp"] == 2
    assert result["strict"]["overall"]["fp"] == 1


def test_a_merged_fact_is_scored_with_each_documents_own_time() -> None:
    # one fact read in two documents: a.txt dates it, b.txt does not; the merged time
    # is a.txt's, but b.txt's gold (undated) must be judged on b.txt's own reading
    golds = [
        gold("Taliban", "active_in", "Kunar", doc="a.txt", start="2023-04"),
        gold("Taliban", "active_in", "Kunar", doc="b.txt"),
    ]
    fact = predicted(
        "Taliban", "active_in", "Kunar", start="2023-04", uris=["docs/a.txt", "docs/b.txt"]
    )
    fact["evidence"][0]["time"] = {"start": "2023-04", "end": None}
    fact["evidence"][1]["time"] = None
    assert run_score([fact], golds)["strict"]["overall"]["tp"] == 2
    # without per-evidence times the merged time applies to both documents
    for evidence in fact["evidence"]:
        del evidence["time"]
    assert run_score([fact], golds)["strict"]["overall"]["tp"] == 1


def test_a_document_read_twice_is_scored_with_its_dated_reading() -> None:
    # "its leader, X" (undated) then "X has led it since 2020" in one document: the
    # document states the start, whichever reading comes first
    golds = [gold("Abu Saad", "leader_of", "ISKP", doc="a.txt", start="2020")]
    fact = predicted(
        "Abu Saad", "leader_of", "ISKP", start="2020", uris=["docs/a.txt", "docs/a.txt"]
    )
    fact["evidence"][0]["time"] = None
    fact["evidence"][1]["time"] = {"start": "2020", "end": None}
    assert run_score([fact], golds)["strict"]["overall"]["tp"] == 1


@pytest.mark.parametrize(
    ("value", "attributes", "expected"),
    [
        (1500, {}, True),
        ("2,200", {}, True),
        (2000, {}, False),
        (2000, {"min": 1500}, True),
        ("about 1500 to 2200 fighters", {}, True),
    ],
)
def test_quantities_match_by_shared_number(
    value: int | str, attributes: dict[str, int], expected: bool
) -> None:
    fact = predicted("ISKP", "strength", {"value": value, "type": "quantity", "unit": "fighters"})
    fact["attributes"] = attributes
    result = run_score(
        [fact],
        [
            gold(
                "Islamic State Khorasan Province",
                "strength",
                "1500-2200",
                attributes={"min": 1500, "max": 2200},
            )
        ],
    )
    assert result["strict"]["overall"]["tp"] == int(expected)
    assert result["strict"]["by_family"]["quantity"]["tp"] == int(expected)


def test_unknown_predicate_counts_as_other_family() -> None:
    result = run_score(
        [predicted("Taliban", "praised", "Kunar")], [gold("Taliban", "active_in", "Kunar")]
    )
    assert result["strict"]["by_family"]["other"]["fp"] == 1
    assert result["strict"]["by_family"]["footprint"]["fn"] == 1
    assert result["strict"]["overall"]["f1"] == 0.0


def test_empty_prediction_scores_zero_without_error() -> None:
    result = run_score([], [gold("Taliban", "active_in", "Kunar")])
    assert result["strict"]["overall"] == {
        "tp": 0,
        "fp": 0,
        "fn": 1,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }
    assert result["modality"]["pairs"] == 0


@pytest.mark.parametrize(
    ("uri", "name"),
    [
        ("bench/gold/docs/01-a.txt", "01-a.txt"),
        ("/abs/path/01-a.txt", "01-a.txt"),
        ("https://example.org/x/01-a.txt?ref=feed", "01-a.txt"),
        ("C:\\corpus\\01-a.txt", "01-a.txt"),
    ],
)
def test_doc_name(uri: str, name: str) -> None:
    assert doc_name(uri) == name


def test_ontology_fallback_when_file_is_missing(tmp_path: Path) -> None:
    families, symmetric = load_ontology(tmp_path / "absent.yaml")
    assert families == BUILTIN_FAMILIES
    assert symmetric == BUILTIN_SYMMETRIC


def test_ontology_file_overrides_and_extends(tmp_path: Path) -> None:
    path = tmp_path / "ontology.yaml"
    path.write_text(
        "predicates:\n"
        "  active_in: {family: footprint, symmetric: false}\n"
        "  allied_with: {family: relation, symmetric: false}\n"
        "  funds: {family: relation, symmetric: false}\n"
        "  odd: not-a-mapping\n",
        encoding="utf-8",
    )
    families, symmetric = load_ontology(path)
    assert families["funds"] == "relation"
    assert families["strength"] == "quantity"  # kept from the built-in table
    assert "allied_with" not in symmetric
    assert "enemy_of" in symmetric
    assert "odd" not in families


FAKE_SPOOR = """
import sys
args = sys.argv[1:]
if "ingest" in args:
    sys.exit(EXIT)
print(FACT)
"""


def fake_gold_dir(tmp_path: Path) -> Path:
    gold_dir = tmp_path / "gold"
    (gold_dir / "docs").mkdir(parents=True)
    (gold_dir / "docs" / "a.txt").write_text(
        "Taliban forces are active in Kunar.", encoding="utf-8"
    )
    (gold_dir / "docs" / "b.txt").write_text("Nothing here.", encoding="utf-8")
    (gold_dir / "gold.jsonl").write_text(
        json.dumps(gold("Taliban", "active_in", "Kunar")) + "\n", encoding="utf-8"
    )
    (gold_dir / "names.yaml").write_text("Taliban: [Afghan Taliban]\nKunar: []\n", encoding="utf-8")
    return gold_dir


def fake_spoor(tmp_path: Path, exit_code: int, fact: dict[str, Any]) -> list[str]:
    script = tmp_path / "fake_spoor.py"
    source = FAKE_SPOOR.replace("EXIT", str(exit_code)).replace("FACT", repr(json.dumps(fact)))
    script.write_text(source, encoding="utf-8")
    return [sys.executable, str(script)]


@pytest.mark.parametrize("exit_code", [0, 3])
def test_run_scores_what_spoor_facts_prints(tmp_path: Path, exit_code: int) -> None:
    fact = predicted("Afghan Taliban", "active_in", "Kunar", uris=["/x/docs/a.txt"])
    result = run(fake_gold_dir(tmp_path), spoor_cmd=fake_spoor(tmp_path, exit_code, fact))
    assert result["documents"] == 2
    assert result["ingest_exit_code"] == exit_code
    assert result["strict"]["overall"]["tp"] == 1
    assert result["strict"]["overall"]["fp"] == 0


def test_run_reports_a_failed_ingest(tmp_path: Path) -> None:
    fact = predicted("Taliban", "active_in", "Kunar")
    with pytest.raises(RuntimeError, match="spoor ingest failed with exit code 1"):
        run(fake_gold_dir(tmp_path), spoor_cmd=fake_spoor(tmp_path, 1, fact))
