"""Independence and confidence of facts."""

from __future__ import annotations

import pytest

from spoor.analysis.ledger import EvidenceView, ReuseView, assess


def ev(
    doc: str,
    *,
    hedged: bool = False,
    by: str | None = None,
    vague: bool = False,
    rating: str = "F",
    start: int = 100,
    end: int = 200,
) -> EvidenceView:
    return EvidenceView(doc, start, end, "outlet-" + doc, hedged, by, vague, rating)


def test_two_independent_documents_count_twice() -> None:
    ledger = assess([ev("a"), ev("b")])
    assert (ledger.n_sources, ledger.n_independent_sources) == (2, 2)


def test_a_copy_inside_the_reused_passage_counts_once() -> None:
    reuse = [ReuseView("b", "a", [(50, 400)])]
    ledger = assess([ev("a"), ev("b")], reuse)
    assert (ledger.n_sources, ledger.n_independent_sources) == (2, 1)


def test_a_claim_outside_the_reused_passage_stays_independent() -> None:
    reuse = [ReuseView("b", "a", [(1000, 1400)])]
    assert assess([ev("a"), ev("b")], reuse).n_independent_sources == 2


def test_same_named_origin_counts_once() -> None:
    ledger = assess([ev("a", by="Eurasianet"), ev("b", by="eurasianet ")])
    assert ledger.n_independent_sources == 1


def test_vague_attributions_are_not_an_origin() -> None:
    ledger = assess([ev("a", by="sources", vague=True), ev("b", by="sources", vague=True)])
    assert ledger.n_independent_sources == 2


@pytest.mark.parametrize("rating", ["A", "B", "C", "D", "E", "F"])
def test_two_independent_sources_beat_one_hedged_vague_claim(rating: str) -> None:
    strong = assess([ev("a", rating=rating), ev("b", rating=rating)]).confidence
    weak = assess([ev("c", hedged=True, by="sources", vague=True, rating=rating)]).confidence
    assert strong > weak


@pytest.mark.parametrize(
    "extra", [ev("z"), ev("z", hedged=True), ev("z", vague=True, by="x"), ev("z", rating="E")]
)
def test_another_independent_source_never_lowers_confidence(extra: EvidenceView) -> None:
    base = [ev("a", hedged=True)]
    assert assess([*base, extra]).confidence >= assess(base).confidence


def test_hedging_never_raises_confidence() -> None:
    assert assess([ev("a", hedged=True)]).confidence < assess([ev("a")]).confidence
