"""Independence and confidence of facts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spoor.analysis.ledger import (
    RELIABILITY,
    EvidenceView,
    ReuseView,
    assess,
    contradicted,
    credibility,
)


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


# -- properties (issue 6): monotonic confidence, whatever the evidence --------------------

RATINGS = st.sampled_from(list("ABCDEF"))
PIECES = st.builds(
    EvidenceView,
    doc_id=st.sampled_from(["a", "b", "c", "d"]),
    start=st.integers(0, 500),
    end=st.integers(501, 900),
    source=st.just("outlet"),
    hedged=st.booleans(),
    attributed_to=st.sampled_from([None, "Eurasianet", "UN Monitoring Team", "sources"]),
    vague_attribution=st.booleans(),
    reliability=RATINGS,
)
REUSE = st.lists(
    st.builds(
        ReuseView,
        doc_id=st.sampled_from(["a", "b", "c", "d"]),
        source_doc_id=st.sampled_from(["a", "b", "c", "d"]),
        spans=st.just([(0, 1000)]),
    ),
    max_size=3,
)


@given(st.lists(PIECES, min_size=1, max_size=6), REUSE, PIECES, st.booleans())
def test_a_new_independent_source_never_lowers_confidence(
    pieces: list[EvidenceView], reuse: list[ReuseView], extra: EvidenceView, negated: bool
) -> None:
    extra.doc_id = "new"  # a document no reuse link touches
    before = assess(pieces, reuse, negated=negated).confidence
    assert assess([*pieces, extra], reuse, negated=negated).confidence >= before


@given(st.lists(PIECES, min_size=1, max_size=6), REUSE, st.data())
def test_a_hedge_never_raises_confidence(
    pieces: list[EvidenceView], reuse: list[ReuseView], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(pieces) - 1))
    before = assess(pieces, reuse).confidence
    changed = [replace(p) for p in pieces]
    changed[index].hedged = True
    assert assess(changed, reuse).confidence <= before


@given(st.lists(PIECES, min_size=1, max_size=6), REUSE, st.data())
def test_a_vague_attribution_never_raises_confidence_when_sources_stay_apart(
    pieces: list[EvidenceView], reuse: list[ReuseView], data: st.DataObject
) -> None:
    # A vague attribution names no origin, so it may split documents that cited the same
    # named one (that is the point); with the same independent groups it only weakens.
    index = data.draw(st.integers(0, len(pieces) - 1))
    changed = [replace(p) for p in pieces]
    changed[index].vague_attribution = True
    before, after = assess(pieces, reuse), assess(changed, reuse)
    if before.groups == after.groups:
        assert after.confidence <= before.confidence


@given(st.lists(PIECES, min_size=1, max_size=6), RATINGS, st.data())
def test_a_worse_rating_never_raises_confidence(
    pieces: list[EvidenceView], rating: str, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(pieces) - 1))
    changed = [replace(p) for p in pieces]
    changed[index].reliability = rating
    worse = RELIABILITY[rating] <= RELIABILITY[pieces[index].reliability]
    if worse:
        assert assess(changed).confidence <= assess(pieces).confidence


@given(RATINGS, st.booleans())
def test_two_independent_beat_one_hedged_vague_at_any_equal_rating(
    rating: str, negated: bool
) -> None:
    strong = assess([ev("a", rating=rating), ev("b", rating=rating)], negated=negated)
    weak = assess([ev("c", hedged=True, by="sources", vague=True, rating=rating)], negated=negated)
    assert strong.confidence > weak.confidence
    assert credibility(strong) < credibility(weak)


@given(
    st.floats(0, 1).map(lambda x: round(x, 4)),  # the ledger's confidences have 4 decimals
    st.lists(st.floats(0, 1), max_size=4),
    st.floats(0, 1),
)
def test_a_contradiction_never_raises_confidence(
    confidence: float, opposing: list[float], stronger: float
) -> None:
    once = contradicted(confidence, opposing)
    assert once <= confidence + 1e-9
    assert contradicted(confidence, [*opposing, stronger]) <= once + 1e-9


@pytest.mark.parametrize(
    ("pieces", "opposing", "grade"),
    [
        ([ev("a"), ev("b")], [], 1),
        ([ev("a"), ev("b", hedged=True)], [], 2),
        ([ev("a", hedged=True), ev("b", hedged=True)], [], 2),
        ([ev("a", rating="B")], [], 2),
        ([ev("a", rating="C")], [], 3),
        ([ev("a")], [], 3),
        ([ev("a", hedged=True)], [], 4),
        ([ev("a", by="sources", vague=True, rating="B")], [], 4),
        ([ev("a", hedged=True, by="sources", vague=True)], [], 6),
        ([ev("a"), ev("b")], [0.1], 3),  # contradicted, but the stronger side
        ([ev("a")], [0.9], 5),  # contradicted by a stronger fact
    ],
)
def test_credibility_grade(pieces: list[EvidenceView], opposing: list[float], grade: int) -> None:
    assert credibility(assess(pieces), opposing) == grade


@pytest.mark.parametrize(
    ("pieces", "reasons"),
    [
        ([ev("a")], ["single_source", "unattributed"]),
        ([ev("a", by="sources", vague=True), ev("b")], []),
        (
            [ev("a", by="sources", vague=True), ev("b", by="officials", vague=True)],
            ["vague_attribution"],
        ),
        ([ev("a", by="UN"), ev("b", by="Eurasianet")], []),
        ([ev("a", hedged=True, by="UN")], ["single_source", "hedged"]),
    ],
)
def test_weak_reasons(pieces: list[EvidenceView], reasons: list[str]) -> None:
    assert assess(pieces).weak_reasons == reasons


def test_negation_weakens_a_claim() -> None:
    assert assess([ev("a")], negated=True).confidence < assess([ev("a")]).confidence


def test_origins_are_compared_without_articles_or_spacing() -> None:
    ledger = assess([ev("a", by="the UN  Monitoring Team"), ev("b", by="UN Monitoring Team")])
    assert ledger.n_independent_sources == 1


@given(RATINGS, st.floats(0, 1))
def test_two_independent_beat_one_hedged_vague_even_when_contradicted(
    rating: str, opposing: float
) -> None:
    strong = assess([ev("a", rating=rating), ev("b", rating=rating)]).confidence
    weak = assess([ev("c", hedged=True, by="sources", vague=True, rating=rating)]).confidence
    assert contradicted(strong, [opposing]) > weak
