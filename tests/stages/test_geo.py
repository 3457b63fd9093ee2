"""Geo stage: gazetteer look-up, detection and resolution, table-driven.

No model is loaded: spans come from gazetteer matching or are passed by
hand as NER spans. The gazetteer index is the packaged one (built once on
first use if missing).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from spoor.errors import KnowledgeBaseError
from spoor.geo.build import PLACES_DIR, curated_rows
from spoor.geo.distance import haversine_km
from spoor.geo.normalize import name_variants, normalize_name
from spoor.records import Mention
from spoor.stages.geo import Gazetteer, Geoparser, geoparse_jsonl

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    return Geoparser(Gazetteer.load())


km = haversine_km  # tolerances below are great-circle km


def find(mentions: list[Mention], surface: str) -> Mention:
    for mention in mentions:
        if mention.text == surface or mention.text.startswith(surface + " "):
            return mention
    raise AssertionError(f"{surface!r} not found in {[m.text for m in mentions]}")


@dataclass(frozen=True, slots=True)
class PlaceCase:
    """A row of tests/fixtures/geo_places.csv: where a name in a sentence must resolve."""

    sentence: str
    surface: str
    country: str | None
    precision: int
    lat: float
    lon: float
    tolerance_km: float

    @classmethod
    def from_row(cls, row: dict[str, str]) -> PlaceCase:
        return cls(
            row["sentence"],
            row["surface"],
            row["country"] or None,
            int(row["precision"]),
            float(row["lat"]),
            float(row["lon"]),
            float(row["tolerance_km"]),
        )


with (FIXTURES / "geo_places.csv").open(encoding="utf-8", newline="") as handle:
    PLACES = [PlaceCase.from_row(row) for row in csv.DictReader(handle)]


@pytest.fixture(scope="module")
def toponyms() -> Geoparser:
    return Geoparser(Gazetteer.load(), mode="toponyms")


@pytest.mark.parametrize("mode", ["facts", "toponyms"])
@pytest.mark.parametrize("case", PLACES, ids=[f"{c.surface}: {c.sentence[:40]}" for c in PLACES])
def test_resolves_place(
    geoparser: Geoparser, toponyms: Geoparser, mode: str, case: PlaceCase
) -> None:
    """Ingestion (facts mode) and `spoor geoparse` (toponyms mode) resolve the region's
    places alike."""
    parser = geoparser if mode == "facts" else toponyms
    mention = find(parser.geoparse(case.sentence), case.surface)
    assert mention.place is not None
    assert (mention.place.country, mention.place.precision) == (case.country, case.precision)
    assert km(case.lat, case.lon, mention.place.lat, mention.place.lon) <= case.tolerance_km
    assert case.sentence[mention.start : mention.end] == mention.text


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
    # Curated mountain names that are also surnames stay surnames after a first name.
    ("Hesham Qandil met the envoy.", "Qandil"),
    ("Ahmed Golis Farah spoke to reporters.", "Golis"),
    # An IS province named after a region is the group, not the peninsula.
    ("Sinai Province claimed the attack.", "Sinai"),
    ("Wilayat Sinai released a video.", "Sinai"),
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
        "Lake Chad",
        "Sambisa Forest",
        "Cal Miskaad",
        "Baghuz",
        "Hamrin Mountains",
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
