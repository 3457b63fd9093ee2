"""Geo stage: gazetteer look-up, detection and resolution, table-driven.

No model is loaded: spans come from gazetteer matching or are passed by
hand as NER spans. The gazetteer index is the packaged one (built once on
first use if missing).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from spoor.errors import KnowledgeBaseError
from spoor.geo.build import PLACES_DIR, curated_rows
from spoor.geo.normalize import name_variants, normalize_name
from spoor.records import Mention
from spoor.stages.geo import Gazetteer, Geoparser, geoparse_jsonl


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    return Geoparser(Gazetteer.load())


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(a))


def find(mentions: list[Mention], surface: str) -> Mention:
    for mention in mentions:
        if mention.text == surface or mention.text.startswith(surface + " "):
            return mention
    raise AssertionError(f"{surface!r} not found in {[m.text for m in mentions]}")


# sentence, surface, country, precision, lat, lon, tolerance in km
CASES = [
    # Nangarhar and Kunar districts, with spelling variants
    ("Clashes were reported in Achin district of Nangarhar.", "Achin", "AF", 2, 34.09, 70.69, 40),
    ("The group once held ground in Deh Bala and Kot.", "Deh Bala", "AF", 2, 34.07, 70.46, 40),
    ("The group once held ground in Deh Bala and Kot.", "Kot", "AF", 2, 34.19, 70.58, 40),
    ("Fighters crossed the Spin Ghar mountains.", "Spin Ghar", "AF", 2, 34.03, 70.4, 60),
    ("Nazyan district saw drone strikes.", "Nazyan", "AF", 2, 34.12, 70.83, 40),
    (
        "Raids hit the districts of Dangam, Chapadara, Pech and Watapur.",
        "Dangam",
        "AF",
        2,
        34.99,
        71.42,
        40,
    ),
    (
        "Raids hit the districts of Dangam, Chapadara, Pech and Watapur.",
        "Chapadara",
        "AF",
        2,
        34.94,
        70.94,
        40,
    ),
    (
        "Raids hit the districts of Dangam, Chapadara, Pech and Watapur.",
        "Pech",
        "AF",
        2,
        34.9,
        70.93,
        40,
    ),
    (
        "Raids hit the districts of Dangam, Chapadara, Pech and Watapur.",
        "Watapur",
        "AF",
        2,
        34.92,
        71.09,
        40,
    ),
    ("Officials in Chapa Dara denied the report.", "Chapa Dara", "AF", 2, 34.94, 70.94, 40),
    ("A cell was found in Chapa Darreh.", "Chapa Darreh", "AF", 2, 34.94, 70.94, 40),
    ("The Manogai district centre came under fire.", "Manogai", "AF", 2, 34.9, 70.93, 40),
    ("Residents of Shigal fled east.", "Shigal", "AF", 2, 35.04, 71.36, 40),
    (
        "Elders met in Asadabad, the capital of Kunar, on Monday.",
        "Asadabad",
        "AF",
        1,
        34.87,
        71.15,
        30,
    ),
    ("The army moved into Kunar province.", "Kunar", "AF", 2, 34.95, 71.13, 80),
    ("Militants moved between Kunarh and Nangrahar.", "Kunarh", "AF", 2, 34.95, 71.13, 80),
    ("Militants moved between Kunarh and Nangrahar.", "Nangrahar", "AF", 2, 34.2, 70.4, 80),
    ("Displaced families reached Nooristan.", "Nooristan", "AF", 2, 35.3, 70.8, 100),
    ("Kamdesh district was attacked.", "Kamdesh", "AF", 2, 35.41, 71.33, 40),
    # Afghan cities and provinces
    ("A suicide bomber struck Kabul on Tuesday.", "Kabul", "AF", 1, 34.53, 69.17, 25),
    ("Two men were detained in Jalalabad.", "Jalalabad", "AF", 1, 34.43, 70.45, 25),
    ("A blast shook Mazar-i-Sharif.", "Mazar-i-Sharif", "AF", 1, 36.71, 67.11, 25),
    ("A blast shook Mazar-e Sharif.", "Mazar-e Sharif", "AF", 1, 36.71, 67.11, 25),
    ("Fighting spread in the northern province of Kunduz.", "Kunduz", "AF", 2, 36.8, 68.8, 80),
    ("Fighting spread in Kunduz.", "Kunduz", "AF", 1, 36.73, 68.86, 80),
    ("Attacks were recorded in Helmand and Kandahar.", "Helmand", "AF", 2, 31.0, 64.0, 200),
    ("Herat remained calm.", "Herat", "AF", 1, 34.35, 62.2, 40),
    ("The Wakhan Corridor borders Tajikistan.", "Wakhan Corridor", "AF", 2, 37.0, 72.9, 100),
    ("Afghanistan rejected the claim.", "Afghanistan", "AF", 3, 33.0, 66.0, 150),
    # Pakistan: Khyber Pakhtunkhwa and the former tribal districts
    ("An operation began in the Tirah valley.", "Tirah", "PK", 2, 33.8, 70.9, 40),
    ("Security forces raided a compound in Bajaur.", "Bajaur", "PK", 2, 34.78, 71.52, 40),
    ("Curfew was imposed in Orakzai district.", "Orakzai", "PK", 2, 33.67, 71.05, 40),
    ("Tensions rose in Kurram.", "Kurram", "PK", 2, 33.75, 70.25, 40),
    ("Drone strikes hit North Waziristan.", "North Waziristan", "PK", 2, 32.95, 70.0, 40),
    ("Drone strikes hit South Waziristan.", "South Waziristan", "PK", 2, 32.4, 69.75, 40),
    ("The militants came from Mohmand.", "Mohmand", "PK", 2, 34.45, 71.4, 40),
    (
        "Police in Khyber Pakhtunkhwa arrested four men.",
        "Khyber Pakhtunkhwa",
        "PK",
        2,
        34.0,
        71.5,
        150,
    ),
    ("A rally was held in Peshawar.", "Peshawar", "PK", 1, 34.01, 71.58, 25),
    ("A rally was held in Quetta.", "Quetta", "PK", 1, 30.18, 67.0, 25),
    ("Balochistan has seen many attacks.", "Balochistan", "PK", 2, 28.0, 66.0, 150),
    # Kashmir and contested areas
    (
        "Militants were killed in Indian-administered Kashmir.",
        "Indian-administered Kashmir",
        "IN",
        2,
        33.9,
        75.1,
        100,
    ),
    (
        "Protests spread in Pakistan-controlled Kashmir.",
        "Pakistan-controlled Kashmir",
        "PK",
        2,
        33.84,
        73.8,
        100,
    ),
    ("Aid reached Azad Kashmir.", "Azad Kashmir", "PK", 2, 33.84, 73.8, 100),
    ("Roads were closed in Gilgit-Baltistan.", "Gilgit-Baltistan", "PK", 2, 36.0, 75.0, 150),
    # Tajikistan
    ("Clashes took place in the Rasht valley.", "Rasht valley", "TJ", 2, 39.02, 70.4, 40),
    ("Gorno-Badakhshan (GBAO) borders Afghanistan.", "Gorno-Badakhshan", "TJ", 2, 38.3, 73.0, 150),
    ("Gorno-Badakhshan (GBAO) borders Afghanistan.", "GBAO", "TJ", 2, 38.3, 73.0, 150),
    ("Kuhistoni Badakhshon is mountainous.", "Kuhistoni Badakhshon", "TJ", 2, 38.3, 73.0, 150),
    ("Recruiters were active in Khatlon.", "Khatlon", "TJ", 2, 37.9, 69.3, 100),
    ("Sughd borders the Fergana valley.", "Sughd", "TJ", 2, 39.9, 69.5, 200),
    ("A court in Dushanbe sentenced them.", "Dushanbe", "TJ", 1, 38.54, 68.78, 25),
    # Uzbekistan, Kyrgyzstan, Kazakhstan, Turkmenistan
    ("The men were born in Tashkent.", "Tashkent", "UZ", 1, 41.26, 69.22, 25),
    ("Extremists recruited in the Fergana valley.", "Fergana valley", None, 3, 40.75, 71.75, 60),
    ("Riots broke out in Osh.", "Osh", "KG", 1, 40.53, 72.8, 40),
    ("Border clashes hit Batken.", "Batken", "KG", 2, 40.06, 70.82, 60),
    (
        "Officials in Jalal-Abad Region reported arrests.",
        "Jalal-Abad Region",
        "KG",
        2,
        41.1,
        72.9,
        150,
    ),
    ("A cell was broken up in Almaty.", "Almaty", "KZ", 1, 43.25, 76.92, 30),
    ("Ashgabat did not comment.", "Ashgabat", "TM", 1, 37.95, 58.38, 30),
    ("Migrants from Kazakhstan were questioned.", "Kazakhstan", "KZ", 3, 48.0, 68.0, 200),
    # Iran, Russia
    ("The attack in Kerman killed dozens.", "Kerman", "IR", 1, 30.28, 57.08, 60),
    ("Gunmen struck in Sistan-Baluchestan.", "Sistan-Baluchestan", "IR", 2, 27.5, 61.0, 250),
    ("The concert hall near Moscow was attacked.", "Moscow", "RU", 1, 55.75, 37.62, 30),
    # Historical and aspirational regions
    ("The group named its branch after Khorasan.", "Khorasan", None, 3, 35.5, 62.5, 500),
    (
        "Propaganda spoke of the historical region of Turkestan.",
        "Turkestan",
        None,
        3,
        41.0,
        66.0,
        600,
    ),
    ("The group also claims Khwarazm.", "Khwarazm", None, 3, 41.5, 60.5, 400),
    ("Its maps include Transoxiana.", "Transoxiana", None, 3, 40.0, 66.0, 600),
    ("A message addressed Hindustan.", "Hindustan", None, 3, 23.0, 79.0, 800),
    ("Fighters regrouped in Waziristan.", "Waziristan", "PK", 2, 32.7, 69.85, 80),
    # Possessives, "Place, Region" pairs and more spellings
    ("Clashes spread across Nangarhar's Achin district.", "Nangarhar", "AF", 2, 34.2, 70.4, 80),
    ("Clashes spread across Nangarhar's Achin district.", "Achin", "AF", 2, 34.09, 70.69, 40),
    (
        "Troops entered the Tirah Valley of Khyber district.",
        "Tirah Valley",
        "PK",
        2,
        33.8,
        70.9,
        40,
    ),
    ("Fighters fled from Dangam to Asadabad, Kunar.", "Asadabad", "AF", 1, 34.87, 71.15, 30),
    ("A bomb exploded in Mazar-e-Sharif.", "Mazar-e-Sharif", "AF", 1, 36.71, 67.11, 25),
    ("Police patrolled Kunduz city.", "Kunduz city", "AF", 1, 36.73, 68.86, 25),
    ("Aid reached Gorno Badakhshan.", "Gorno Badakhshan", "TJ", 2, 38.3, 73.0, 150),
    ("Floods hit Batken Region.", "Batken Region", "KG", 2, 40.06, 70.82, 60),
    ("Riots broke out in Osh, Kyrgyzstan.", "Osh", "KG", 1, 40.53, 72.8, 40),
    ("The group invoked Khwarezm.", "Khwarezm", None, 3, 41.5, 60.5, 400),
    ("Raids hit Chapa Darreh district.", "Chapa Darreh", "AF", 2, 34.94, 70.94, 40),
    ("Drone strikes hit Datta Khel in North Waziristan.", "Datta Khel", "PK", 1, 32.91, 69.74, 30),
    ("Strikes hit Nuristan and Kunar provinces.", "Nuristan", "AF", 2, 35.3, 70.8, 100),
    ("Officials in Andijan said so.", "Andijan", "UZ", 2, 40.77, 72.34, 60),
    ("He was arrested in Khujand.", "Khujand", "TJ", 1, 40.28, 69.62, 30),
    ("Militants crossed into Chitral.", "Chitral", "PK", 1, 35.85, 71.79, 40),
    ("Clashes in Nagorno-Karabakh resumed.", "Nagorno-Karabakh", "AZ", 2, 39.8, 46.75, 50),
    ("The group's cells spread across North Africa.", "North Africa", None, 3, 27.0, 14.0, 300),
]


@pytest.mark.parametrize(
    ("sentence", "surface", "country", "precision", "lat", "lon", "tol"), CASES
)
def test_resolves_place(
    geoparser: Geoparser,
    sentence: str,
    surface: str,
    country: str | None,
    precision: int,
    lat: float,
    lon: float,
    tol: float,
) -> None:
    mention = find(geoparser.geoparse(sentence), surface)
    assert mention.place is not None
    assert mention.place.country == country
    assert mention.place.precision == precision
    assert km(lat, lon, mention.place.lat, mention.place.lon) <= tol
    assert sentence[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("sentence", "surface", "country", "precision", "lat", "lon", "tol"), CASES
)
def test_resolves_place_in_toponyms_mode(
    sentence: str,
    surface: str,
    country: str | None,
    precision: int,
    lat: float,
    lon: float,
    tol: float,
) -> None:
    """`spoor geoparse` (toponyms mode) resolves the region's places as ingestion does."""
    toponyms = Geoparser(Gazetteer.load(), mode="toponyms")
    mention = find(toponyms.geoparse(sentence), surface)
    assert mention.place is not None
    assert (mention.place.country, mention.place.precision) == (country, precision)
    assert km(lat, lon, mention.place.lat, mention.place.lon) <= tol


# sentence, surface that must NOT come out as a place
NOT_PLACES = [
    ("Police said the attackers fled on foot.", "Police"),
    ("Reading the statement, the spokesman paused.", "Reading"),
    ("Mobile phones were seized at the checkpoint.", "Mobile"),
    ("Nice words will not stop the violence.", "Nice"),
    ("Of the forty detainees, ten were released.", "Of"),
    ("Afghan forces retook the checkpoint.", "Afghan"),
    ("Uzbek fighters joined the group in 2015.", "Uzbek"),
    ("The videos were dubbed into Tajik.", "Tajik"),
    ("Aslam Orakzai said the talks had failed.", "Orakzai"),
    ("Hafiz Saeed Khan Orakzai was named emir.", "Orakzai"),
]


@pytest.mark.parametrize(("sentence", "surface"), NOT_PLACES)
def test_rejects_false_positive(geoparser: Geoparser, sentence: str, surface: str) -> None:
    found = [m.text for m in geoparser.geoparse(sentence)]
    assert all(surface not in text for text in found), found


def test_person_span_blocks_gazetteer(geoparser: Geoparser) -> None:
    text = "Victoria Nuland met officials in Kabul."
    mentions = geoparser.geoparse(text, [(0, 15, "PERSON"), (33, 38, "GPE")])
    assert [(m.text, m.origin) for m in mentions] == [("Kabul", "ner")]


def test_place_inside_organisation_is_not_a_place(geoparser: Geoparser) -> None:
    text = "Kabul University reopened, and students returned to Kunduz."
    mentions = geoparser.geoparse(text, [(0, 16, "ORG")])
    assert [m.text for m in mentions] == ["Kunduz"]


def test_ner_gpe_span_resolves(geoparser: Geoparser) -> None:
    text = "The attack in Dangam was claimed."
    mentions = geoparser.geoparse(text, [(14, 20, "GPE")])
    assert mentions[0].origin == "ner" and mentions[0].place is not None
    assert mentions[0].place.admin1 == "Kunar" and mentions[0].label == "district"


def test_rescues_person_span_followed_by_district(geoparser: Geoparser) -> None:
    text = "Strikes hit Watapur district overnight."
    mentions = geoparser.geoparse(text, [(12, 19, "PERSON")])
    assert mentions and mentions[0].place is not None and mentions[0].place.country == "AF"


def test_demonym_option(geoparser: Geoparser) -> None:
    text = "Uzbek fighters arrived."
    assert geoparser.geoparse(text, [(0, 5, "NORP")]) == []
    with_demonyms = Geoparser(geoparser.gazetteer, demonyms=True)
    mentions = with_demonyms.geoparse(text, [(0, 5, "NORP")])
    assert mentions[0].place is not None and mentions[0].place.country == "UZ"


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Nangarhar", "AF"),
        ("Nooristan", "AF"),
        ("Mazar-i-Sharif", "AF"),
        ("GBAO", "TJ"),
        ("the Kunar Province", "AF"),
        ("Gorno-Badakhshan", "TJ"),
        ("Sistan and Baluchestan", "IR"),
    ],
)
def test_candidates_normalised(name: str, country: str) -> None:
    places = Gazetteer.load().candidates(name)
    assert places and any(place.country == country for place in places)
    assert all(place.source for place in places)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Mazar-i-Sharif", "mazar sharif"),
        ("Mazār-e Sharīf", "mazar sharif"),
        ("U.S.", "us"),
        ("Chapa  Dara", "chapa dara"),
        ("Gorno–Badakhshan", "gorno badakhshan"),
    ],
)
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


def test_name_variants_strip_article_and_suffix() -> None:
    assert name_variants("the Kunar Province")[-1] == ("kunar", "province")
    assert name_variants("Rasht Valley")[0] == ("rasht valley", None)


def test_geoparse_jsonl_without_model(geoparser: Geoparser) -> None:
    lines = [
        json.dumps({"id": "d1", "text": "Raids in Dangam and Asadabad."}),
        "not json",
        json.dumps({"id": "d2", "text": "Nothing here."}),
    ]
    rows = list(geoparse_jsonl(lines, geoparser))
    assert [row["text"] for row in rows] == ["Dangam", "Asadabad"]
    assert set(rows[0]) == {
        "id",
        "start",
        "end",
        "text",
        "name",
        "lat",
        "lon",
        "country",
        "admin1",
        "precision",
    }
    assert rows[0]["id"] == "d1" and rows[0]["country"] == "AF"


def test_offsets_match_text(geoparser: Geoparser) -> None:
    text = "From Peshawar to Jalalabad, then on to Kabul\u2019s outskirts."
    for mention in geoparser.geoparse(text):
        assert text[mention.start : mention.end] == mention.text


def test_group_name_is_not_a_place(geoparser: Geoparser) -> None:
    text = "Islamic State Khorasan Province claimed the attack in Kabul."
    mentions = geoparser.geoparse(text, [(14, 31, "GPE"), (54, 59, "GPE")])
    assert [m.text for m in mentions] == ["Kabul"]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # spaCy's small model mislabels these; context rescues them.
        (
            "They moved from Achin and Deh Bala.",
            [(16, 21, "GPE"), (26, 34, "PERSON")],
            ["Achin", "Deh Bala"],
        ),
        ("Cells were linked to Tajikistan.", [(21, 31, "NORP")], ["Tajikistan"]),
        (
            "Police in Pakistan's Khyber Pakhtunkhwa said so.",
            [(10, 18, "GPE"), (21, 39, "ORG")],
            ["Pakistan", "Khyber Pakhtunkhwa"],
        ),
        ("Orakzai said the talks had failed.", [(0, 7, "PERSON")], []),
    ],
)
def test_mislabelled_ner_spans(
    geoparser: Geoparser, text: str, spans: list[tuple[int, int, str]], expected: list[str]
) -> None:
    assert [m.text for m in geoparser.geoparse(text, spans)] == expected


def test_curated_places_are_valid_and_sourced() -> None:
    rows = curated_rows()
    assert len({row.pid for row in rows}) == len(rows)
    assert all(row.source and 1 <= row.precision <= 3 for row in rows)
    names = {row.name for row in rows}
    assert {
        "Dangam",
        "Chapa Dara",
        "Tirah",
        "Orakzai",
        "Rasht Valley",
        "Fergana Valley",
        "Khorasan",
        "Khwarazm",
        "Waziristan",
        "Indian-administered Kashmir",
    } <= names


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,X,,town,P,PPL,34,70,AF,,1,test,", "place_type"),
        ("x,X,,city,P,PPL,134,70,AF,,1,test,", "out of range"),
        ("x,X,,city,P,PPL,north,70,AF,,1,test,", "could not convert"),
    ],
)
def test_bad_curated_row_is_reported(tmp_path: Path, row: str, message: str) -> None:
    header = (PLACES_DIR / "curated_places.csv").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "curated_places.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=message):
        curated_rows(tmp_path)


def test_explicit_missing_index_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="build_gazetteer"):
        Gazetteer.load(tmp_path / "absent.sqlite")
