"""Exports: every format over hand-made contract dicts, then ``export()`` over a real store."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import stix2

from spoor.errors import ConfigError, NotFound
from spoor.outputs.export import (
    ACLED_COLUMNS,
    FORMATS,
    export,
    resolve_group,
    select_facts,
    write_acled_csv,
    write_ftm,
    write_geojson,
    write_graphml,
    write_stix,
)
from spoor.outputs.export.acled import country_names, safe_cell, time_precision
from spoor.outputs.export.common import parse_partial_date
from spoor.outputs.export.stix import fact_times, relationship_type, stix_confidence
from spoor.records import Entity, Evidence, Fact, Mention, TimeSpan
from spoor.store import Store
from tests.conftest import ISKP, KUNAR, active_in_fact, document, extraction_with

NOW = datetime(2025, 1, 1, tzinfo=UTC)
HOSTILE = 'ISKP claimed the raid <script>alert(1)</script> & "more"'
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"

# ---------------------------------------------------------------- contract dicts


def _entity(entity_id: str, name: str, kind: str, aliases: list[str] | None = None) -> dict:
    return {"id": entity_id, "name": name, "type": kind, "aliases": aliases or []}


GROUP = _entity("kb:iskp", "Islamic State Khorasan Province", "armed_group", ["ISKP", "ISIS-K"])
PARENT = _entity("kb:is", "Islamic State", "armed_group", ["IS"])
LEADER = _entity("kb:leader-a", "Leader A", "person")
OUTLET = _entity("kb:outlet-a", "Outlet A", "media_outlet")
KUNAR_E = _entity("curated:kunar", "Kunar", "province")
KABUL_E = _entity("geonames:1138958", "Kabul", "city")
PASHTO = _entity("lang:ps", "Pashto", "language")
ENTITIES: list[dict[str, Any]] = [
    {**e, "wikidata": q, "mentions": 1}
    for e, q in (
        (GROUP, "Q19983419"),
        (PARENT, None),
        (LEADER, None),
        (OUTLET, None),
        (KUNAR_E, None),
        (KABUL_E, None),
        (PASHTO, None),
    )
]
KUNAR_P = {"id": "curated:kunar", "name": "Kunar", "lat": 34.9, "lon": 71.1, "country": "AF"}
KABUL_P = {
    "id": "geonames:1138958",
    "name": "Kabul",
    "lat": 34.5281,
    "lon": 69.1723,
    "country": "AF",
    "admin1": "Kabul",
    "precision": 1,
}
DOCS: list[dict[str, Any]] = [
    {
        "id": "d1",
        "uri": "https://news.example/a",
        "title": "Report A",
        "source": "Example Wire",
        "published": "2024-03-12",
        "lang": "en",
    },
    {
        "id": "d2",
        "uri": "file:///corpus/b.txt",
        "title": None,
        "source": "Other Daily",
        "published": None,
        "lang": "en",
        "ingested_at": "2024-05-02T10:00:00Z",
    },
]


def _evidence(doc_id: str, quote: str) -> dict:
    doc = next(d for d in DOCS if d["id"] == doc_id)
    return {
        "doc_id": doc_id,
        "uri": doc["uri"],
        "source": doc["source"],
        "start": 0,
        "end": len(quote),
        "quote": quote,
    }


def _fact(
    fact_id: str,
    subject: dict,
    predicate: str,
    obj: dict,
    *,
    time: dict | None = None,
    place: dict | None = None,
    attributes: dict | None = None,
    evidence: list[dict] | None = None,
    negated: bool = False,
) -> dict:
    return {
        "id": fact_id,
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "time": time,
        "place": place,
        "attributes": attributes or {},
        "hedged": False,
        "attributed_to": None,
        "negated": negated,
        "evidence": evidence or [_evidence("d1", f"{subject['name']} {predicate}.")],
        "n_sources": 1,
        "n_independent_sources": 1,
        "confidence": 0.62,
    }


ATTACK = _fact(
    "f:attack",
    GROUP,
    "attacked",
    KABUL_E,
    time={"start": "2024-03", "end": None},
    place=KABUL_P,
    attributes={"fatalities": 12, "tactic": "suicide bombing", "plover": "ASSAULT"},
    evidence=[_evidence("d1", HOSTILE), _evidence("d2", "A second report of the Kabul attack.")],
)
FACTS = [
    ATTACK,
    _fact(
        "f:active", GROUP, "active_in", KUNAR_E, time={"start": "2023", "end": None}, place=KUNAR_P
    ),
    _fact("f:media", OUTLET, "media_arm_of", GROUP),
    _fact("f:leader", LEADER, "leader_of", GROUP, time={"start": "2020-06", "end": "2023-04"}),
    _fact("f:affiliate", GROUP, "affiliate_of", PARENT),
    _fact("f:language", OUTLET, "propaganda_language", PASHTO),
    _fact("f:strength", GROUP, "strength", {"value": 4000, "type": "quantity", "unit": "fighters"}),
    _fact(
        "f:denied",
        GROUP,
        "attacked",
        KUNAR_E,
        time={"start": "2024-02-01", "end": None},
        place=KUNAR_P,
        negated=True,
    ),
]


def _run(writer: Callable[..., int], **kwargs: Any) -> tuple[int, str]:
    stream = io.StringIO(newline="")
    count = writer(copy.deepcopy(FACTS), copy.deepcopy(ENTITIES), copy.deepcopy(DOCS), stream)
    return count, stream.getvalue()


# ---------------------------------------------------------------- STIX


@pytest.fixture(scope="module")
def bundle() -> tuple[int, Any]:
    stream = io.StringIO()
    count = write_stix(FACTS, ENTITIES, DOCS, stream, now=NOW)
    return count, stix2.parse(stream.getvalue(), allow_custom=False)


def _of_type(parsed: Any, kind: str) -> list[Any]:
    return [obj for obj in parsed.objects if obj.type == kind]


def test_stix_bundle_parses_and_counts(bundle: tuple[int, Any]) -> None:
    count, parsed = bundle
    assert parsed.type == "bundle"
    assert count == len(parsed.objects)


def test_stix_group_is_intrusion_set_and_threat_actor(bundle: tuple[int, Any]) -> None:
    _, parsed = bundle
    sets = {obj.name: obj for obj in _of_type(parsed, "intrusion-set")}
    actors = {obj.name: obj for obj in _of_type(parsed, "threat-actor")}
    group = sets["Islamic State Khorasan Province"]
    assert group.aliases == ["ISKP", "ISIS-K"]
    assert actors["Islamic State Khorasan Province"].threat_actor_types == ["terrorist"]
    links = [
        r
        for r in _of_type(parsed, "relationship")
        if r.relationship_type == "attributed-to" and r.source_ref == group.id
    ]
    assert [r.target_ref for r in links] == [actors["Islamic State Khorasan Province"].id]


@pytest.mark.parametrize(
    ("name", "kind", "field", "value"),
    [
        ("Leader A", "threat-actor", "roles", ["director"]),
        ("Outlet A", "identity", "identity_class", "organization"),
        ("Kabul", "location", "administrative_area", "Kabul"),
        ("Kunar", "location", "country", "AF"),
    ],
)
def test_stix_entity_mapping(
    bundle: tuple[int, Any], name: str, kind: str, field: str, value: Any
) -> None:
    _, parsed = bundle
    found = [obj for obj in _of_type(parsed, kind) if obj.get("name") == name]
    assert len(found) == 1
    assert found[0][field] == value


def test_stix_locations_have_coordinates(bundle: tuple[int, Any]) -> None:
    _, parsed = bundle
    kabul = next(obj for obj in _of_type(parsed, "location") if obj.name == "Kabul")
    assert (kabul.latitude, kabul.longitude) == (34.5281, 69.1723)


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [("attacked", "targets"), ("active_in", "active-in"), ("media_arm_of", "media-arm-of")],
)
def test_stix_relationship_types(predicate: str, expected: str) -> None:
    assert relationship_type(predicate) == expected


def test_stix_relationships_carry_facts(bundle: tuple[int, Any]) -> None:
    _, parsed = bundle
    by_type = {r.relationship_type: r for r in _of_type(parsed, "relationship")}
    assert {"targets", "active-in", "media-arm-of", "leader-of", "affiliate-of"} <= set(by_type)
    attack = by_type["targets"]
    assert attack.confidence == 62
    assert attack.start_time == datetime(2024, 3, 1, tzinfo=UTC)
    assert attack.stop_time == datetime(2024, 4, 1, tzinfo=UTC)
    descriptions = [ref.get("description") for ref in attack.external_references]
    assert HOSTILE in descriptions  # the quote is data, carried unchanged
    urls = [ref.get("url") for ref in attack.external_references]
    assert "https://news.example/a" in urls
    assert not any(u and u.startswith("file:") for u in urls)
    # The negated attack on Kunar is not asserted as a relationship.
    relationships = _of_type(parsed, "relationship")
    assert not any("f:denied" in str(r.get("external_references")) for r in relationships)


def test_stix_notes_and_reports(bundle: tuple[int, Any]) -> None:
    _, parsed = bundle
    relationship_ids = {r.id for r in _of_type(parsed, "relationship")}
    notes = _of_type(parsed, "note")
    attack_note = next(n for n in notes if "f:attack" in n.content)
    assert "2024-03 (month precision)" in attack_note.content
    assert HOSTILE in attack_note.content
    assert set(attack_note.object_refs) & relationship_ids
    strength = next(n for n in notes if "f:strength" in n.content)
    assert "4000 fighters" in strength.content
    reports = {r.name: r for r in _of_type(parsed, "report")}
    assert set(reports) == {"Report A", "file:///corpus/b.txt"}
    assert reports["Report A"].published == datetime(2024, 3, 12, tzinfo=UTC)
    assert reports["file:///corpus/b.txt"].published == datetime(2024, 5, 2, 10, tzinfo=UTC)
    assert attack_note.id in reports["file:///corpus/b.txt"].object_refs


def test_stix_is_stable_across_exports() -> None:
    first, second = io.StringIO(), io.StringIO()
    write_stix(FACTS, ENTITIES, DOCS, first, now=NOW)
    write_stix(list(reversed(FACTS)), ENTITIES, DOCS, second, now=NOW)
    assert first.getvalue() == second.getvalue()


def test_stix_without_now_is_stable_even_for_entities_without_facts() -> None:
    lonely = {**_entity("kb:lonely", "Lonely Group", "armed_group"), "wikidata": None}
    first, second = io.StringIO(), io.StringIO()
    write_stix(FACTS, [*ENTITIES, lonely], DOCS, first)
    write_stix(FACTS, [*ENTITIES, lonely], DOCS, second)
    assert first.getvalue() == second.getvalue()
    parsed = stix2.parse(first.getvalue(), allow_custom=False)
    group = next(o for o in _of_type(parsed, "intrusion-set") if o.name == "Lonely Group")
    assert group.created == datetime(2024, 5, 2, 10, tzinfo=UTC)  # latest document date


@pytest.mark.parametrize(
    ("time", "predicate", "expected"),
    [
        ({"start": "2024-03-05", "end": None}, "attacked", ("2024-03-05", "2024-03-06")),
        ({"start": "2016", "end": "2019-07"}, "active_in", ("2016-01-01", "2019-08-01")),
        ({"start": "2016-12", "end": None}, "active_in", ("2016-12-01", None)),
        ({"start": "2020-05", "end": "2019"}, "leader_of", ("2020-05-01", None)),
        (None, "attacked", (None, None)),
    ],
)
def test_stix_fact_times(time: dict | None, predicate: str, expected: tuple) -> None:
    times = fact_times({"time": time, "predicate": predicate})
    got = tuple(
        times[k].date().isoformat() if k in times else None for k in ("start_time", "stop_time")
    )
    assert got == expected


@pytest.mark.parametrize(("value", "expected"), [(0.62, 62), (1.4, 100), (-1, 0), (None, None)])
def test_stix_confidence(value: Any, expected: int | None) -> None:
    assert stix_confidence(value) == expected


# ---------------------------------------------------------------- GeoJSON


def test_geojson_located_features() -> None:
    count, text = _run(write_geojson)
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert count == len(features) == 3  # attack, active_in and the (flagged) negated attack
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    attack = next(f for f in features if f["properties"]["fact_id"] == "f:attack")
    assert attack["geometry"] == {"type": "Point", "coordinates": [69.1723, 34.5281]}
    props = attack["properties"]
    assert props["quote"] == HOSTILE
    assert (props["subject"], props["predicate"], props["object"]) == (
        "Islamic State Khorasan Province",
        "attacked",
        "Kabul",
    )
    assert props["country"] == "AF" and props["n_independent_sources"] == 1
    denied = next(f for f in features if f["properties"]["fact_id"] == "f:denied")
    assert denied["properties"]["negated"] is True


@pytest.mark.parametrize("bad", [{"lat": 95.0, "lon": 10.0}, {"lat": None, "lon": 1.0}, {}])
def test_geojson_drops_invalid_coordinates(bad: dict) -> None:
    fact = {**copy.deepcopy(ATTACK), "place": {"id": "x", "name": "X", **bad}}
    stream = io.StringIO()
    assert write_geojson([fact], [], [], stream) == 0
    assert json.loads(stream.getvalue())["features"] == []


# ---------------------------------------------------------------- ACLED CSV

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,actor2,country,admin1,admin2,location,latitude,longitude,geo_precision,"
    "source,notes,fatalities"
)


def test_acled_csv_header_and_row() -> None:
    count, text = _run(write_acled_csv)
    assert text.splitlines()[0] == ACLED_HEADER
    assert ",".join(ACLED_COLUMNS) == ACLED_HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == len(rows) == 1  # one event with a place; the negated one is no event
    row = rows[0]
    assert row["event_id_cnty"] == "AFG1"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-03-01", "2024", "3")
    assert (row["event_type"], row["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Suicide bomb",
    )
    assert (row["actor1"], row["actor2"]) == ("Islamic State Khorasan Province", "")
    assert (row["country"], row["admin1"], row["location"]) == ("Afghanistan", "Kabul", "Kabul")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("34.5281", "69.1723", "1")
    assert row["fatalities"] == "12"
    assert row["source"] == "Example Wire; Other Daily"
    assert row["notes"].startswith(HOSTILE)


def test_acled_attributes_override_the_ontology() -> None:
    fact = copy.deepcopy(ATTACK)
    fact["attributes"] = {
        "acled_event_type": "Violence against civilians",
        "acled_sub_event_type": "Attack",
        "target_kind": "civilians",
    }
    stream = io.StringIO(newline="")
    write_acled_csv([fact], ENTITIES, [], stream)
    row = next(csv.DictReader(io.StringIO(stream.getvalue())))
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert row["actor2"] == "Civilians (Afghanistan)"
    assert row["fatalities"] == "0"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-03-05", None, 1),
        ("2024-03-05", "2024-03-05", 1),
        ("2024-03-05", "2024-03-09", 2),
        ("2024-03-05", "2024-03-30", 3),
        ("2024-03", None, 3),
        ("2024", None, 3),
    ],
)
def test_acled_time_precision(start: str, end: str | None, expected: int) -> None:
    parsed_start = parse_partial_date(start)
    assert parsed_start is not None
    assert time_precision(parsed_start, parse_partial_date(end)) == expected


@pytest.mark.parametrize(
    ("iso2", "iso3", "name"),
    [
        ("AF", "AFG", "Afghanistan"),
        ("RU", "RUS", "Russia"),
        ("IR", "IRN", "Iran"),
        (None, "XXX", ""),
    ],
)
def test_acled_country_names(iso2: str | None, iso3: str, name: str) -> None:
    found = country_names(iso2)
    assert (found.iso3, found.name) == (iso3, name)


@pytest.mark.parametrize(
    ("cell", "expected"), [("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("@x", "'@x"), ("Kabul", "Kabul")]
)
def test_acled_formula_cells_are_defused(cell: str, expected: str) -> None:
    assert safe_cell(cell) == expected


# ---------------------------------------------------------------- GraphML


def test_graphml_nodes_and_edges() -> None:
    count, text = _run(write_graphml)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{GRAPHML}graphml"
    keys = {k.get("id"): k for k in root.iter(f"{GRAPHML}key")}
    assert all(k.get("attr.type") in {"string", "double", "int", "boolean"} for k in keys.values())
    graph = root.find(f"{GRAPHML}graph")
    assert graph is not None
    nodes = {n.get("id"): n for n in graph.iter(f"{GRAPHML}node")}
    edges = list(graph.iter(f"{GRAPHML}edge"))
    assert {e["id"] for e in ENTITIES} == set(nodes)
    # Facts between two entities, negated and value facts left out.
    assert {e.get("id") for e in edges} == {
        "f:attack",
        "f:active",
        "f:media",
        "f:leader",
        "f:affiliate",
        "f:language",
    }
    assert count == len(nodes) + len(edges)
    for edge in edges:
        assert edge.get("source") in nodes and edge.get("target") in nodes
        for data in edge.iter(f"{GRAPHML}data"):
            assert data.get("key") in keys
    label = nodes["kb:iskp"].find(f"{GRAPHML}data[@key='label']")
    assert label is not None and label.text == "Islamic State Khorasan Province"
    attack = next(e for e in edges if e.get("id") == "f:attack")
    quote = attack.find(f"{GRAPHML}data[@key='quote']")
    assert quote is not None and quote.text == HOSTILE
    assert "<script>" not in text  # escaped as text, never markup


def test_graphml_drops_characters_xml_cannot_hold() -> None:
    fact = copy.deepcopy(ATTACK)
    fact["evidence"][0]["quote"] = "bad\x00byte\x1b"
    stream = io.StringIO()
    write_graphml([fact], ENTITIES, [], stream)
    ET.fromstring(stream.getvalue().encode("utf-8"))


# ---------------------------------------------------------------- FollowTheMoney

# The FtM schemata and properties this exporter uses (from followthemoney's schema YAML).
THING = {"name", "alias", "wikidataId", "keywords", "notes", "topics", "country", "summary"}
INTERVAL = {"startDate", "endDate", "date", "summary", "description", "sourceUrl", "publisher"}
INTERVAL |= {"recordId", "role"}
FTM_SCHEMATA = {
    "Organization": THING,
    "PublicBody": THING,
    "Person": THING,
    "Address": THING | {"full", "city", "region", "latitude", "longitude"},
    "Membership": INTERVAL | {"member", "organization"},
    "UnknownLink": INTERVAL | {"subject", "object"},
}
FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z\.\-]*[0-9a-zA-Z])?$")


def _validate_ftm(record: dict) -> None:
    try:
        from followthemoney import model
    except ImportError:
        assert record["schema"] in FTM_SCHEMATA, record["schema"]
        assert set(record["properties"]) <= FTM_SCHEMATA[record["schema"]], record
    else:  # the real model when it is installed
        schema = model.get(record["schema"])
        assert schema is not None and not schema.abstract, record["schema"]
        assert set(record["properties"]) <= set(schema.properties), record
    assert FTM_ID.match(record["id"])
    assert all(isinstance(v, list) and v for v in record["properties"].values())


def test_ftm_lines_are_valid() -> None:
    count, text = _run(write_ftm)
    records = [json.loads(line) for line in text.splitlines()]
    assert count == len(records)
    for record in records:
        _validate_ftm(record)
    by_schema: dict[str, list[dict]] = {}
    for record in records:
        by_schema.setdefault(record["schema"], []).append(record)
    assert {"Organization", "Person", "Address", "Membership", "UnknownLink"} <= set(by_schema)
    group = next(r for r in by_schema["Organization"] if "ISKP" in r["properties"]["alias"])
    assert group["properties"]["notes"] == ["strength: 4000 fighters"]
    membership = by_schema["Membership"][0]["properties"]
    assert membership["role"] == ["leader"]
    assert membership["startDate"] == ["2020-06"] and membership["endDate"] == ["2023-04"]
    attack = next(r for r in by_schema["UnknownLink"] if r["properties"]["role"] == ["attacked"])
    assert attack["properties"]["date"] == ["2024-03"]
    assert HOSTILE in attack["properties"]["summary"]
    assert attack["properties"]["sourceUrl"] == ["https://news.example/a"]
    ids = {r["id"] for r in records}
    for link in by_schema["UnknownLink"] + by_schema["Membership"]:
        for prop in ("subject", "object", "member", "organization"):
            assert set(link["properties"].get(prop, [])) <= ids
    roles = [r["properties"]["role"][0] for r in by_schema["UnknownLink"]]
    assert "propaganda_language" not in roles  # FtM has no schema for languages


# ---------------------------------------------------------------- group selection


@pytest.mark.parametrize("name", ["kb:iskp", "ISIS-K", "islamic state khorasan province"])
def test_resolve_group_by_id_name_or_alias(name: str) -> None:
    assert resolve_group(ENTITIES, name)["id"] == "kb:iskp"


def test_resolve_group_unknown_says_how_to_find_ids() -> None:
    with pytest.raises(NotFound, match="spoor entities"):
        resolve_group(ENTITIES, "No Such Group")


@pytest.mark.parametrize(
    ("group", "ego", "expected"),
    [
        ("kb:is", False, {"f:affiliate"}),
        ("kb:is", True, {"f:affiliate"}),
        ("kb:outlet-a", False, {"f:media", "f:language"}),
        # The outlet's neighbours are the group and Pashto: the group's facts among them.
        ("kb:leader-a", True, {"f:leader"}),
    ],
)
def test_select_facts(group: str, ego: bool, expected: set[str]) -> None:
    assert {f["id"] for f in select_facts(FACTS, group, ego=ego)} == expected


def test_select_facts_ego_keeps_links_between_neighbours() -> None:
    extra = _fact("f:leads-outlet", LEADER, "leader_of", OUTLET)
    far = _fact("f:far", LEADER, "member_of", _entity("kb:other", "Other", "armed_group"))
    kept = {f["id"] for f in select_facts([*FACTS, extra, far], "kb:iskp", ego=True)}
    assert "f:leads-outlet" in kept and "f:far" not in kept
    plain = {f["id"] for f in select_facts([*FACTS, extra], "kb:iskp", ego=False)}
    assert "f:leads-outlet" not in plain


# ---------------------------------------------------------------- export() over a store


@pytest.fixture
def filled_store(store: Store) -> Store:
    text = "ISKP fighters were active in Kunar. ISKP attacked a checkpoint in Kunar."
    doc = document("doc-1", text)
    active = active_in_fact(doc, "ISKP fighters were active in Kunar.")
    sentence = "ISKP attacked a checkpoint in Kunar."
    at = text.index(sentence)
    attack = Fact(
        subject_id=ISKP.id,
        predicate="attacked",
        object_id=KUNAR.id,
        place=KUNAR,
        time=TimeSpan("2024-03-10"),
        attributes={"fatalities": 3, "tactic": "ambush"},
        evidence=Evidence(doc.id, at, at + len(sentence), sentence, doc.uri, doc.source),
    )
    extraction = extraction_with(doc, active, attack)
    other = Entity("kb:other", "Other Front", "armed_group", ["OF"], None, True)
    extraction.entities.append(other)
    extraction.mentions.append(Mention(0, 4, "ISKP", "armed_group", entity_id=ISKP.id))
    store.write_batch([extraction])
    store.sync_entities([other])
    return store


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("geojson", 2), ("acled-csv", 1), ("graphml", 4), ("ftm", 4)],
)
def test_export_from_store(filled_store: Store, tmp_path: Path, fmt: str, expected: int) -> None:
    out = tmp_path / "out" / f"export.{fmt}"
    assert export(filled_store, fmt, out, group="ISIS-K") == expected
    assert out.exists() and out.read_text(encoding="utf-8").strip()
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary left behind


def test_export_stix_from_store(filled_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    count = export(filled_store, "stix", out)
    parsed = stix2.parse(out.read_text(encoding="utf-8"), allow_custom=False)
    assert count == len(parsed.objects)
    kinds = {obj.type for obj in parsed.objects}
    assert {"intrusion-set", "threat-actor", "location", "relationship", "note", "report"} <= kinds
    report = next(obj for obj in parsed.objects if obj.type == "report")
    assert report.published == datetime(2024, 3, 12, tzinfo=UTC)


def test_export_acled_from_store_has_the_event(filled_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    export(filled_store, "acled-csv", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["event_date"], r["time_precision"], r["fatalities"]) for r in rows] == [
        ("2024-03-10", "1", "3")
    ]
    assert rows[0]["event_type"] == "Battles"


def test_export_group_with_no_facts_writes_an_empty_file(
    filled_store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "empty.geojson"
    assert export(filled_store, "geojson", out, group="OF") == 0
    assert json.loads(out.read_text(encoding="utf-8"))["features"] == []


@pytest.mark.parametrize(
    ("fmt", "group", "error"),
    [("kml", None, ConfigError), ("stix", "Nobody", NotFound)],
)
def test_export_errors(
    filled_store: Store, tmp_path: Path, fmt: str, group: str | None, error: type
) -> None:
    out = tmp_path / "x.out"
    with pytest.raises(error):
        export(filled_store, fmt, out, group=group)
    assert not out.exists()


def test_every_format_is_listed() -> None:
    assert set(FORMATS) == {"stix", "geojson", "acled-csv", "graphml", "ftm"}


# ---------------------------------------------------------------- golden file

PESHAWAR_P = {"id": "geonames:1168197", "name": "Peshawar", "lat": 34.008, "lon": 71.5785,
              "country": "PK", "admin1": "Khyber Pakhtunkhwa"}  # fmt: skip
GOLDEN_FACTS = [
    *FACTS,
    _fact(
        "f:arrest",
        _entity("kb:police-pk", "Police of Pakistan", "armed_forces"),
        "arrested",
        LEADER,
        time={"start": "2024-01-15", "end": "2024-01-18"},
        place=PESHAWAR_P,
        attributes={"count": 3},
    ),
    _fact(
        "f:early",
        GROUP,
        "killed",
        _entity("kb:elder-b", "Elder B", "person"),
        time={"start": "2023-11-02", "end": None},
        place=KUNAR_P,
        attributes={"fatalities": "1", "target_kind": "civilians"},
    ),
    _fact("f:undated", GROUP, "attacked", KUNAR_E, place=KUNAR_P),
]


def test_acled_csv_matches_golden_file() -> None:
    """Three dated, located events: date order, running numbers per country.

    If the format changes on purpose, regenerate the file with write_acled_csv
    and review the diff.
    """
    stream = io.StringIO(newline="")
    assert write_acled_csv(GOLDEN_FACTS, ENTITIES, DOCS, stream) == 3
    golden = Path(__file__).parent.parent / "fixtures" / "export" / "acled_expected.csv"
    assert stream.getvalue() == golden.read_bytes().decode("utf-8")
