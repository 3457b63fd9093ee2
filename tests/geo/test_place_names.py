"""Place names that were missed or misread: short names shared by two countries, English
names of provinces registries spell in French, villages without a population, weekdays and
Arabic name elements that some registry lists as a town's alternate name.

Table-driven; no model is loaded: NER spans are given by hand as spaCy's small model
labels such text.
"""

from __future__ import annotations

import pytest

from spoor.geo.parser import Geoparser
from spoor.records import Mention
from tests.geo.conftest import Span, spans


def places(mentions: list[Mention]) -> dict[str, tuple[str | None, str]]:
    return {m.text: (m.place.country, m.label) for m in mentions if m.place is not None}


# text, NER spans, surface (a prefix of the mention), country, place type
RESOLVED = [
    # "Congo" alone: the DR Congo unless the text points to Brazzaville
    ("Fighting in eastern Congo's North Kivu province forced families to flee.",
     [("Congo", "GPE"), ("North Kivu", "LOC")], "Congo", "CD", "country"),
    ("Fighting in eastern Congo's North Kivu province forced families to flee.",
     [("Congo", "GPE"), ("North Kivu", "LOC")], "North Kivu", "CD", "province"),
    ("The president of Congo flew home to Brazzaville on Monday.",
     [("Congo", "GPE"), ("Brazzaville", "GPE")], "Congo", "CG", "country"),
    ("Militias in South Kivu clashed with the army.", [("South Kivu", "LOC")],
     "South Kivu", "CD", "province"),
    ("Talks in Congo-Kinshasa stalled.", [("Congo-Kinshasa", "GPE")], "Congo-Kinshasa",
     "CD", "country"),
    # a village registries list without a population, after "in"
    ("Gunmen overran an army post in Malam Fatori last week.", [], "Malam Fatori", "NG",
     "city"),
    # English names a registry spells otherwise, or shares with a far-away village
    ("The group called Russia an enemy of Muslims in Chechnya and Syria.",
     [("Russia", "GPE"), ("Chechnya", "GPE"), ("Syria", "GPE")], "Chechnya", "RU", "province"),
    ("AQAP remains active in Abyan and Shabwa.", [("Abyan", "GPE"), ("Shabwa", "GPE")],
     "Shabwa", "YE", "province"),
    ("A bomber struck near Bagram in Parwan province.", [("Bagram", "GPE")], "Bagram", "AF",
     "city"),
    ("TTP fighters moved into the Tirah valley.", [("Tirah", "LOC")], "Tirah", "PK", "region"),
    ("Militants crossed from Kpendjal in northern Togo.", [("Kpendjal", "GPE"), ("Togo", "GPE")],
     "Kpendjal", "TG", "district"),
    # a town conflict reporting names, against a larger namesake: the text's country decides
    ("Gunmen killed villagers in Solhan, in northern Burkina Faso.",
     [("Solhan", "GPE"), ("Burkina Faso", "GPE")], "Solhan", "BF", "city"),
    ("The bus left Solhan for Bingol in eastern Turkey.",
     [("Solhan", "GPE"), ("Bingol", "GPE"), ("Turkey", "GPE")], "Solhan", "TR", "city"),
    ("Soldiers cleared Bara in Pakistan's Khyber district.",
     [("Bara", "GPE"), ("Pakistan", "GPE"), ("Khyber", "GPE")], "Bara", "PK", "city"),
    # "the Gulf" of money and migrant workers is the Persian Gulf, not Papua New Guinea's Gulf
    ("The network raised funds in the Gulf.", [("Gulf", "LOC")], "Gulf", None, "region"),
    # the tagger stops at the first hyphen of "Mazar-i-Sharif"
    ("A bomb exploded in Mazar-i-Sharif on Friday.", [("Mazar", "GPE")], "Mazar-i-Sharif",
     "AF", "city"),
    ("Fighting reached Mazar-e Sharif.", [("Mazar", "GPE")], "Mazar-e Sharif", "AF", "city"),
    # "the West" of propaganda and policy is the Western countries, not Cameroon's region
    ("Its magazine is aimed at Muslims living in the West.", [("West", "LOC")], "West", None,
     "region"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "ner", "surface", "country", "kind"), RESOLVED)
def test_resolves_ambiguous_and_missing_names(
    facts: Geoparser, text: str, ner: list[Span], surface: str, country: str, kind: str
) -> None:
    found = places(facts.geoparse(text, spans(text, ner)))
    hits = [value for key, value in found.items() if key == surface or key.startswith(surface)]
    assert hits == [(country, kind)], found


@pytest.mark.parametrize(
    ("countries", "expected"), [(frozenset(), "BO"), (frozenset({"CD", "UG"}), "CD")]
)
def test_countries_of_the_groups_named_settle_a_shared_name(
    facts: Geoparser, countries: frozenset[str], expected: str
) -> None:
    # "Beni": a Bolivian department and a Congolese town; a report on ISCAP means the town
    text = "The group claimed the raid on Beni."
    found = places(facts.geoparse(text, spans(text, [("Beni", "GPE")]), countries))
    assert found["Beni"][0] == expected


# text, NER spans, surface that must not be a place
NOT_PLACES = [
    # a weekday some registry lists as a province's alternate name
    ("The ministry said on Saturday that the road had reopened.", [], "Saturday"),
    ("Saturday's raid left nine dead.", [("Saturday", "GPE")], "Saturday"),
    # "Abu" (father of) opens many Arabic names; it is also a town's name
    ("The spokesman said Abu al-Tamimi had fled south.", [], "Abu"),
    ("Its emir, Abu Yasir, was wounded in April.", [], "Abu"),
    # ordinary words and organisations that some registry lists as a town
    ("Human rights groups said detainees were executed.", [], "Human"),
    ("Talks were brokered by the International Committee of the Red Cross.", [], "Red Cross"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "ner", "surface"), NOT_PLACES)
def test_weekdays_and_name_elements_are_not_places(
    facts: Geoparser, text: str, ner: list[Span], surface: str
) -> None:
    found = places(facts.geoparse(text, spans(text, ner)))
    assert surface not in found, found


# text, NER spans, demonym, place name (toponyms mode resolves an adjectival demonym)
REGIONAL_DEMONYMS = [
    ("Recruiters targeted Central Asian migrants in Moscow.", [("Central Asian", "NORP")],
     "Central Asian", "Central Asia"),
    ("The magazine courts South Asian readers.", [("South Asian", "NORP")], "South Asian",
     "South Asia"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "ner", "surface", "name"), REGIONAL_DEMONYMS)
def test_regional_demonyms(
    toponyms: Geoparser, facts: Geoparser, text: str, ner: list[Span], surface: str, name: str
) -> None:
    found = {m.text: m for m in toponyms.geoparse(text, spans(text, ner))}
    assert found[surface].place is not None and found[surface].place.name == name
    # ingestion never takes a demonym for a place
    assert surface not in places(facts.geoparse(text, spans(text, ner)))
