"""Toponyms mode (what `spoor geoparse` and benchmarks score) against facts mode (ingestion).

Table-driven; no model is loaded: NER spans are given by hand the way
spaCy's small model labels such text (often wrongly: a province as PERSON,
a town as ORG).
"""

from __future__ import annotations

import json

import pytest

from spoor.geo.distance import haversine_km
from spoor.geo.parser import GeoMode, Geoparser
from spoor.records import Mention
from spoor.stages.geo import Gazetteer, geoparse_jsonl
from tests.geo.conftest import Span, spans

km = haversine_km  # tolerances below are great-circle km


def found(mentions: list[Mention], surface: str) -> Mention:
    for mention in mentions:
        if mention.text == surface:
            return mention
    raise AssertionError(f"{surface!r} not in {[m.text for m in mentions]}")


# text, NER spans, surface, place name (None: any), country (None: no country), place type
DEMONYMS = [
    ("Russian officials denied the report.", [], "Russian", "Russia", "RU", "country"),
    (
        "Afghan forces retook the checkpoint.",
        [("Afghan", "NORP")],
        "Afghan",
        "Afghanistan",
        "AF",
        "country",
    ),
    (
        "Uzbek fighters joined the group in 2015.",
        [("Uzbek", "NORP")],
        "Uzbek",
        None,
        "UZ",
        "country",
    ),
    ("Tajik border guards fired shots.", [("Tajik", "NORP")], "Tajik", None, "TJ", "country"),
    (
        "Pakistani troops moved into Bajaur.",
        [("Pakistani", "NORP")],
        "Pakistani",
        None,
        "PK",
        "country",
    ),
    ("Kyrgyz police detained three men.", [], "Kyrgyz", None, "KG", "country"),
    (
        "Chechen fighters were seen in Syria.",
        [("Chechen", "NORP")],
        "Chechen",
        None,
        "RU",
        "country",
    ),
    ("Iranian drones were shot down.", [("Iranian", "NORP")], "Iranian", None, "IR", "country"),
    (
        "South African police opened a case.",
        [("South African", "NORP")],
        "South African",
        "South Africa",
        "ZA",
        "country",
    ),
    ("Shelling hit the Syrian-Turkish border.", [], "Syrian", "Syria", "SY", "country"),
    ("Shelling hit the Syrian-Turkish border.", [], "Turkish", "Turkey", "TR", "country"),
    (
        "European ministers met on Monday.",
        [("European", "NORP")],
        "European",
        "Europe",
        None,
        "region",
    ),
    ("The EU imposed sanctions.", [("EU", "ORG")], "EU", "Europe", None, "region"),
    (
        "Latin American governments objected.",
        [("Latin American", "NORP")],
        "Latin American",
        "South America",
        None,
        "region",
    ),
    (
        "Central American migrants waited.",
        [("Central American", "NORP")],
        "Central American",
        "Central America",
        None,
        "region",
    ),
    ("Soviet troops left Kabul in 1989.", [], "Soviet", "Soviet Union", None, "historical_region"),
    ("Tariffs hit $50 billion in Chinese imports.", [], "Chinese", "China", "CN", "country"),
    ("Fighting went on in Russian-held areas.", [], "Russian", "Russia", "RU", "country"),
    (
        "Scottish police arrested a man.",
        [("Scottish", "NORP")],
        "Scottish",
        "Scotland",
        "GB",
        "province",
    ),
    (
        "The Russian Foreign Ministry said so.",
        [("The Russian Foreign Ministry", "ORG")],
        "Russian",
        "Russia",
        "RU",
        "country",
    ),
]

# Metonymy and mislabelled spans: a place standing for its government or team.
METONYMS = [
    (
        "Tamil Nadu said it would appeal.",
        [("Tamil Nadu", "PERSON")],
        "Tamil Nadu",
        "IN",
        "province",
    ),
    ("Moscow said the talks had failed.", [("Moscow", "GPE")], "Moscow", "RU", "city"),
    ("Kabul rejected the claim.", [("Kabul", "GPE")], "Kabul", "AF", "city"),
    ("Islamabad rejected the claim.", [("Islamabad", "ORG")], "Islamabad", "PK", "city"),
    ("Louisville won the game.", [("Louisville", "ORG")], "Louisville", "US", "city"),
    ("The UAE leads the region.", [("UAE", "ORG")], "UAE", "AE", "country"),
    ("Talks with the DPRK stalled.", [("DPRK", "ORG")], "DPRK", "KP", "country"),
    ("Chattanooga was calm.", [("Chattanooga", "PRODUCT")], "Chattanooga", "US", "city"),
]

# Places inside the names of organisations, units and papers.
EMBEDDED = [
    (
        "Pakistan's Counter Terrorism Department arrested two men.",
        [("Pakistan's Counter Terrorism Department", "ORG")],
        "Pakistan",
        "PK",
        None,
    ),
    ("The Kabul police chief resigned.", [("Kabul police", "ORG")], "Kabul", "AF", "Kabul"),
    (
        "Kunar Provincial Council met on Sunday.",
        [("Kunar Provincial Council", "ORG")],
        "Kunar",
        "AF",
        "Kunar",
    ),
    (
        "The Washington Post reported the raid.",
        [("The Washington Post", "ORG")],
        "Washington",
        "US",
        "District of Columbia",
    ),
    (
        "Toronto Police Service said three were held.",
        [("Toronto Police Service", "ORG")],
        "Toronto",
        "CA",
        "Ontario",
    ),
    (
        "Beverly Hills Police Department said so.",
        [("Beverly Hills Police Department", "ORG")],
        "Beverly Hills",
        "US",
        "California",
    ),
    ("Texas Rangers won again.", [("Texas Rangers", "ORG")], "Texas", "US", "Texas"),
    (
        "He studied at the University of Peshawar.",
        [("the University of Peshawar", "ORG")],
        "Peshawar",
        "PK",
        "Khyber Pakhtunkhwa",
    ),
    (
        "Malaysia Airlines resumed the search.",
        [("Malaysia Airlines", "ORG")],
        "Malaysia",
        "MY",
        None,
    ),
    (
        "Troops of the Pakistan Army moved in.",
        [("Pakistan Army", "armed_forces")],
        "Pakistan",
        "PK",
        None,
    ),
]


@pytest.mark.parametrize(("text", "marks", "surface", "name", "country", "kind"), DEMONYMS)
def test_demonym_resolves_in_toponyms_mode(
    toponyms: Geoparser,
    facts: Geoparser,
    text: str,
    marks: list[Span],
    surface: str,
    name: str | None,
    country: str | None,
    kind: str,
) -> None:
    mention = found(toponyms.geoparse(text, spans(text, marks)), surface)
    assert mention.place is not None and mention.label == kind
    assert mention.place.country == country
    assert name is None or mention.place.name == name
    assert text[mention.start : mention.end] == surface
    assert surface not in [m.text for m in facts.geoparse(text, spans(text, marks))]


@pytest.mark.parametrize(("text", "marks", "surface", "country", "kind"), METONYMS)
def test_metonymic_place_resolves(
    toponyms: Geoparser, text: str, marks: list[Span], surface: str, country: str, kind: str
) -> None:
    mention = found(toponyms.geoparse(text, spans(text, marks)), surface)
    assert mention.place is not None
    assert (mention.place.country, mention.label) == (country, kind)


@pytest.mark.parametrize(("text", "marks", "surface", "country", "admin1"), EMBEDDED)
def test_place_embedded_in_a_name(
    toponyms: Geoparser,
    facts: Geoparser,
    text: str,
    marks: list[Span],
    surface: str,
    country: str,
    admin1: str | None,
) -> None:
    mention = found(toponyms.geoparse(text, spans(text, marks)), surface)
    assert mention.place is not None
    assert (mention.place.country, mention.place.admin1) == (country, admin1)
    # Ingestion does not pin facts to a place that only names an organisation.
    assert surface not in [m.text for m in facts.geoparse(text, spans(text, marks))]


# text, NER spans, surface, country, admin1, place type, lat, lon, tolerance km
US_AND_NAMESAKES = [
    (
        "Police in Seattle, Washington arrested a man.",
        [("Seattle", "GPE"), ("Washington", "GPE")],
        "Washington",
        "US",
        "Washington",
        "province",
        47.3,
        -120.5,
        200,
    ),
    (
        "The rally in Washington, D.C. drew crowds.",
        [("Washington, D.C.", "GPE")],
        "Washington, D.C.",
        "US",
        "District of Columbia",
        "city",
        38.9,
        -77.04,
        20,
    ),
    (
        "Officials in Washington said the talks would go on.",
        [("Washington", "GPE")],
        "Washington",
        "US",
        "District of Columbia",
        "city",
        38.9,
        -77.04,
        20,
    ),
    (
        "Spokane and Tacoma lie in Washington.",
        [("Spokane", "GPE"), ("Tacoma", "GPE"), ("Washington", "GPE")],
        "Washington",
        "US",
        "Washington",
        "province",
        47.3,
        -120.5,
        200,
    ),
    (
        "He was born in Atlanta, Georgia.",
        [("Atlanta", "GPE"), ("Georgia", "GPE")],
        "Georgia",
        "US",
        "Georgia",
        "province",
        32.3,
        -83.1,
        200,
    ),
    (
        "He was born in Tbilisi, Georgia.",
        [("Tbilisi", "GPE"), ("Georgia", "GPE")],
        "Georgia",
        "GE",
        None,
        "country",
        42.0,
        43.5,
        200,
    ),
    (
        "Georgia sent troops; Tbilisi confirmed it.",
        [("Georgia", "GPE"), ("Tbilisi", "GPE")],
        "Georgia",
        "GE",
        None,
        "country",
        42.0,
        43.5,
        200,
    ),
    (
        "Atlanta police said storms crossed Georgia.",
        [("Atlanta", "GPE"), ("Georgia", "GPE")],
        "Georgia",
        "US",
        "Georgia",
        "province",
        32.3,
        -83.1,
        200,
    ),
    (
        "Flights from Augusta were cancelled.",
        [("Augusta", "GPE")],
        "Augusta",
        "US",
        "Georgia",
        "city",
        33.47,
        -81.97,
        30,
    ),
    (
        "She moved to Portland, Maine.",
        [("Portland", "GPE"), ("Maine", "GPE")],
        "Portland",
        "US",
        "Maine",
        "city",
        43.66,
        -70.26,
        30,
    ),
    (
        "She moved to Portland, Oregon.",
        [("Portland", "GPE"), ("Oregon", "GPE")],
        "Portland",
        "US",
        "Oregon",
        "city",
        45.52,
        -122.68,
        30,
    ),
    (
        "Paris, Texas is small.",
        [("Paris", "GPE"), ("Texas", "GPE")],
        "Paris",
        "US",
        "Texas",
        "city",
        33.66,
        -95.56,
        30,
    ),
    (
        "A pool in Slidell, La., was searched.",
        [("Slidell", "GPE")],
        "La",
        "US",
        "Louisiana",
        "province",
        31.0,
        -92.0,
        200,
    ),
    (
        "Migrants crossed Mexico from Tapachula to Tijuana.",
        [("Mexico", "GPE"), ("Tapachula", "GPE"), ("Tijuana", "GPE")],
        "Mexico",
        "MX",
        None,
        "country",
        23.0,
        -102.0,
        50,
    ),
    (
        "Hyderabad, Pakistan saw protests.",
        [("Hyderabad", "GPE"), ("Pakistan", "GPE")],
        "Hyderabad",
        "PK",
        "Sindh",
        "city",
        25.39,
        68.37,
        40,
    ),
    (
        "Hyderabad, India saw protests.",
        [("Hyderabad", "GPE"), ("India", "GPE")],
        "Hyderabad",
        "IN",
        "Telangana",
        "city",
        17.38,
        78.46,
        40,
    ),
]


@pytest.mark.parametrize(
    ("text", "marks", "surface", "country", "admin1", "kind", "lat", "lon", "tol"), US_AND_NAMESAKES
)
@pytest.mark.parametrize("mode", list(GeoMode))
def test_state_city_and_namesakes(
    mode: GeoMode,
    text: str,
    marks: list[Span],
    surface: str,
    country: str,
    admin1: str | None,
    kind: str,
    lat: float,
    lon: float,
    tol: float,
) -> None:
    geoparser = Geoparser(Gazetteer.load(), mode=mode)
    mention = found(geoparser.geoparse(text, spans(text, marks)), surface)
    assert mention.place is not None
    assert (mention.place.country, mention.place.admin1, mention.label) == (country, admin1, kind)
    assert km(lat, lon, mention.place.lat, mention.place.lon) <= tol


@pytest.mark.parametrize(
    ("text", "surface", "country", "admin1"),
    [
        ("KABUL (Reuters) - A blast hit the city.", "KABUL", "AF", "Kabul"),
        ("WASHINGTON \u2014 The senate voted.", "WASHINGTON", "US", "District of Columbia"),
        ("RALEIGH, N.C. (AP) - A new report shows.", "RALEIGH", "US", "North Carolina"),
        ("PESHAWAR, Pakistan - Police said.", "PESHAWAR", "PK", "Khyber Pakhtunkhwa"),
    ],
)
@pytest.mark.parametrize("mode", list(GeoMode))
def test_dateline(mode: GeoMode, text: str, surface: str, country: str, admin1: str) -> None:
    mentions = Geoparser(Gazetteer.load(), mode=mode).geoparse(text)
    mention = found(mentions, surface)
    assert mention.place is not None
    assert (mention.place.country, mention.place.admin1) == (country, admin1)


# text, NER spans, a surface that must NOT come out as a place in toponyms mode
NOT_TOPONYMS = [
    ("Russians protested in the capital.", [("Russians", "NORP")], "Russians"),
    ("The video was dubbed into Tajik.", [], "Tajik"),
    ("She speaks Pashto and Dari.", [], "Pashto"),
    ("Leaflets were printed in Uzbek-language editions.", [], "Uzbek"),
    ("Central American migrants waited.", [("Central American", "NORP")], "American"),
    ("Subtitles were added in Russian and English.", [], "English"),
    ("Muslim leaders condemned the attack.", [("Muslim", "NORP")], "Muslim"),
    ("George Washington crossed the river.", [("George Washington", "PERSON")], "Washington"),
    ("BA cancelled flights.", [("BA", "ORG")], "BA"),
    ("NATO said it would respond.", [("NATO", "ORG")], "NATO"),
    ("The OAS sent observers.", [("OAS", "ORG")], "OAS"),
    (
        "Michael Jordan played. Jordan scored again.",
        [("Michael Jordan", "PERSON"), ("Jordan scored", "PERSON")],
        "Jordan",
    ),
    ("Kobe Bryant was there. Bryant waved.", [("Kobe Bryant", "PERSON")], "Bryant"),
    ("The city was founded around 500 BC by traders.", [], "BC"),
    ("Noma said she was bathing her daughter.", [], "Noma"),
    ("La Nina brought rain; El Niño will follow.", [("El Niño", "EVENT")], "El Niño"),
    ("Capital FM played the song.", [("Capital FM", "ORG")], "Capital"),
    (
        "Islamic State Khorasan Province claimed the attack in Kabul.",
        [("Khorasan Province", "GPE"), ("Kabul", "GPE")],
        "Khorasan Province",
    ),
    ("North Africa saw heavy rain.", [("North Africa", "GPE")], "Africa"),
    ("Aslam Orakzai said the talks had failed.", [("Aslam Orakzai", "PERSON")], "Orakzai"),
    ("Police said the attackers fled on foot.", [], "Police"),
]


@pytest.mark.parametrize(("text", "marks", "surface"), NOT_TOPONYMS)
def test_not_a_toponym(toponyms: Geoparser, text: str, marks: list[Span], surface: str) -> None:
    texts = [m.text for m in toponyms.geoparse(text, spans(text, marks))]
    assert surface not in texts, texts


def test_with_mode_shares_the_gazetteer(facts: Geoparser) -> None:
    other = facts.with_mode("toponyms")
    assert other.mode is GeoMode.TOPONYMS and other.gazetteer is facts.gazetteer
    assert facts.with_mode(GeoMode.FACTS) is facts


def test_unknown_mode_is_an_error() -> None:
    with pytest.raises(ValueError, match="benchmark"):
        Geoparser(Gazetteer.load(), mode="benchmark")


def test_geoparse_jsonl_uses_toponyms_mode(facts: Geoparser) -> None:
    lines = [json.dumps({"id": "a", "text": "Russian officials met in Kabul."})]
    rows = list(geoparse_jsonl(lines, facts))
    assert [(row["text"], row["country"]) for row in rows] == [("Russian", "RU"), ("Kabul", "AF")]
    assert rows[0]["precision"] == 3 and rows[1]["precision"] == 1
    kept = list(geoparse_jsonl(lines, facts, mode=None))
    assert [row["text"] for row in kept] == ["Kabul"]
