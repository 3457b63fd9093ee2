"""Issue 6 acceptance: the ledger on a corpus with copying, syndication and a contradiction.

tests/fixtures/ledger/ holds an original commentary, a blog that copies three of its
paragraphs and adds two unsourced claims, a wire story syndicated by two outlets, an
independent report, and two documents that date a leader's death differently.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import spoor
from spoor.store.facts import iter_contradictions

pytestmark = [pytest.mark.model, pytest.mark.integration]

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "ledger"
FILES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="module", params=["in order", "copies first"])
def facts(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[tuple[str, str], dict[str, Any]]]:
    # Ingesting the copies before their originals must give the same counts: the
    # later-published document is the copy, whichever arrived first.
    files = FILES if request.param == "in order" else list(reversed(FILES))
    folder = tmp_path_factory.mktemp("ledger")
    with spoor.open(folder / "ledger.db") as kb:
        report = kb.ingest([str(f) for f in files])
        assert (report.stored, report.rejected) == (len(FILES), [])
        rows = list(kb.store.facts())
        with kb.store.engine.connect() as conn:
            contradictions = list(iter_contradictions(conn))
    found = {(f["predicate"], f["object"].get("name") or ""): f for f in rows}
    found[("contradictions", "")] = {"items": contradictions}
    yield found


def _docs(fact: dict[str, Any]) -> set[str]:
    return {Path(e["uri"]).name for e in fact["evidence"]}


def test_original_and_independent_report_are_two_sources(facts: dict) -> None:
    fact = facts[("active_in", "Kunar")]
    assert _docs(fact) == {
        "01-original-commentary.txt",
        "02-blog-rewrite.txt",
        "05-independent-report.txt",
    }
    # the rewrite copied the paragraph: three documents, two independent sources
    assert (fact["n_sources"], fact["n_independent_sources"]) == (3, 2)
    assert fact["attributes"]["credibility"] == 1


def test_copied_paragraph_gains_no_independent_source(facts: dict) -> None:
    fact = facts[("active_in", "Badakhshan")]
    assert _docs(fact) == {"01-original-commentary.txt", "02-blog-rewrite.txt"}
    assert (fact["n_sources"], fact["n_independent_sources"]) == (2, 1)


@pytest.mark.parametrize("place", ["Herāt", "Ghōr"])
def test_added_unsourced_claims_are_single_source_and_weak(facts: dict, place: str) -> None:
    fact = facts[("active_in", place)]
    assert _docs(fact) == {"02-blog-rewrite.txt"}
    assert (fact["n_sources"], fact["n_independent_sources"]) == (1, 1)
    assert fact["confidence"] < facts[("active_in", "Kunar")]["confidence"]
    assert fact["attributes"]["credibility"] >= 3


def test_syndicated_wire_story_counts_once(facts: dict) -> None:
    fact = facts[("attacked", "Jalālābād")]
    assert _docs(fact) == {"03-wire-story-outlet-a.txt", "04-wire-story-outlet-b.txt"}
    assert (fact["n_sources"], fact["n_independent_sources"]) == (2, 1)
    assert fact["time"] == {"start": "2024-03-03", "end": "2024-03-03"}


def test_two_years_for_one_death_are_listed_together(facts: dict) -> None:
    [item] = [c for c in facts[("contradictions", "")]["items"] if c["predicate"] == "killed"]
    assert item["about"]["id"] == "kb:hafiz-saeed-khan"
    assert item["differs_in"] == "time"
    years = sorted(side["time"]["start"][:4] for side in item["facts"])
    assert years == ["2015", "2016"]
    assert {d for side in item["facts"] for d in _docs(side)} == {
        "06-leader-death-2016.txt",
        "07-leader-death-2015.txt",
    }
    for side in item["facts"]:
        assert side["attributes"]["contradicts"] == [
            other["id"] for other in item["facts"] if other["id"] != side["id"]
        ]
