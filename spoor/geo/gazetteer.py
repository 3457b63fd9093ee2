"""Look-up of place names in the offline gazetteer index.

The index is a read-only SQLite file (see ``spoor.geo.build``): opening it
costs milliseconds and memory stays small, because names are looked up on
disk through the primary-key index instead of being loaded into a dict.
"""

from __future__ import annotations

import csv
import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from spoor.errors import KnowledgeBaseError
from spoor.geo.build import (
    DEFAULT_INDEX_PATH,
    INDEX_VERSION,
    PLACES_DIR,
    build_index,
    curated_hash,
    read_csv,
)
from spoor.geo.normalize import name_variants, normalize_name
from spoor.records import Place

log = logging.getLogger(__name__)

_CACHE_SIZE = 50_000


@dataclass(slots=True, frozen=True)
class Candidate:
    """A place a name may refer to, with what resolution needs to rank it."""

    place: Place
    place_type: str  # ontology type: country, province, district, city, region, ...
    population: int
    main_name: bool  # the name is the place's own name, not an alternate


class Gazetteer:
    """Place names → candidate places. Use ``Gazetteer.load()``; it is cached per process."""

    _instances: ClassVar[dict[Path, Gazetteer]] = {}
    _class_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        uri = f"{path.resolve().as_uri()}?mode=ro"
        self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._cache: dict[str, list[Candidate]] = {}
        self.meta = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        self.stopwords = _read_words(PLACES_DIR / "stopwords.csv", "word")
        self.demonyms = _read_demonyms(PLACES_DIR / "demonyms.csv")
        self._demonym_places: dict[str, list[Candidate]] = {}

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        """Open the index at ``path`` (default: the packaged one), building it if missing.

        A missing or stale default index (its curated CSVs changed) is
        rebuilt once, with a log message; an explicit path is only opened.
        """
        index_path = Path(path) if path is not None else DEFAULT_INDEX_PATH
        with cls._class_lock:
            cached = cls._instances.get(index_path)
            if cached is not None:
                return cached
            if path is None:
                _ensure_fresh(index_path)
            elif not index_path.exists():
                raise KnowledgeBaseError(
                    f"No gazetteer index at {index_path}. Build one with "
                    "`.venv/bin/python scripts/build_gazetteer.py --out PATH`."
                )
            try:
                gazetteer = cls(index_path)
            except sqlite3.DatabaseError as exc:
                raise KnowledgeBaseError(
                    f"Gazetteer index {index_path} is unreadable ({exc}); delete it and run "
                    "`.venv/bin/python scripts/build_gazetteer.py`."
                ) from exc
            cls._instances[index_path] = gazetteer
            return gazetteer

    def candidates(self, name: str) -> list[Place]:
        """Places ``name`` may refer to, most populous first (normalised look-up)."""
        return [cand.place for cand in self.lookup(name)[0]]

    def lookup(self, name: str) -> tuple[list[Candidate], str | None]:
        """Candidates for the first variant of ``name`` that is known, and its type hint.

        The hint comes from a stripped suffix: "Kunar province" → "province".
        """
        for key, hint in name_variants(name):
            found = self.by_key(key)
            if found:
                return found, hint
        return [], None

    def by_key(self, key: str) -> list[Candidate]:
        """Candidates for an already normalised key."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        with self._lock:
            rows = self._conn.execute(
                "SELECT p.pid, p.name, p.lat, p.lon, p.country, p.admin1, p.fclass, p.fcode,"
                " p.ptype, p.precision, p.population, p.source, n.main"
                " FROM names n JOIN places p ON p.rowid = n.place WHERE n.key = ?"
                " ORDER BY p.population DESC",
                (key,),
            ).fetchall()
        found = [
            Candidate(
                Place(
                    id=r[0],
                    name=r[1],
                    lat=r[2],
                    lon=r[3],
                    country=r[4],
                    admin1=r[5],
                    feature_class=r[6],
                    feature_code=r[7],
                    precision=r[9],
                    source=r[11],
                ),
                place_type=r[8],
                population=r[10],
                main_name=bool(r[12]),
            )
            for r in rows
        ]
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = found
        return found

    def is_stopword(self, surface: str) -> bool:
        """Words that name towns but are far more often ordinary words or first names."""
        return normalize_name(surface) in self.stopwords

    def is_demonym(self, surface: str) -> bool:
        return normalize_name(surface) in self.demonyms

    def is_people_noun(self, surface: str) -> bool:
        """A plural demonym ("Russians", "Kurds"): people, not a place."""
        key = normalize_name(surface)
        return key.endswith("s") and key[:-1] in self.demonyms

    def demonym_country(self, surface: str) -> list[Candidate]:
        """The place a demonym belongs to ("Uzbek" -> Uzbekistan, "European" -> Europe).

        demonyms.csv gives an ISO2 country code, or ``name:NAME`` for a place
        that is not a country (a continent, a region of a country).
        """
        target = self.demonyms.get(normalize_name(surface))
        if not target:
            return []
        found = self._demonym_places.get(target)
        if found is None:
            found = self._demonym_place(target)
            self._demonym_places[target] = found
        return found

    def country_places(self, iso: str) -> list[Candidate]:
        """The country (PCLI) whose ISO 3166 code is ``iso``: "AF" is Afghanistan."""
        return self._demonym_place(iso)

    def _demonym_place(self, target: str) -> list[Candidate]:
        if target.startswith("name:"):
            return _major_first(self.lookup(target[5:])[0])[:1]
        with self._lock:
            row = self._conn.execute(
                "SELECT name FROM places WHERE fcode = 'PCLI' AND country = ?", (target,)
            ).fetchone()
        if row is None:
            return []
        return [c for c in self.by_key(normalize_name(row[0])) if c.place_type == "country"]


_MAJOR_ORDER = {"country": 0, "region": 1, "historical_region": 1, "province": 2}


def _major_first(candidates: list[Candidate]) -> list[Candidate]:
    """Main-name countries, then wide regions, then provinces; towns never."""
    kept = [c for c in candidates if c.place_type in _MAJOR_ORDER]
    return sorted(kept, key=lambda c: (not c.main_name, _MAJOR_ORDER[c.place_type]))


def _read_words(path: Path, column: str) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    try:
        return frozenset(normalize_name(row[column]) for row in read_csv(path) if row[column])
    except (KeyError, csv.Error) as exc:
        raise KnowledgeBaseError(f"{path} needs a {column!r} column: {exc}") from exc


def _read_demonyms(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        return {
            normalize_name(row["demonym"]): row["country"]
            for row in read_csv(path)
            if row["demonym"]
        }
    except (KeyError, csv.Error) as exc:
        raise KnowledgeBaseError(f"{path} needs demonym and country columns: {exc}") from exc


def _ensure_fresh(path: Path) -> None:
    """Build the default index when missing or older than the curated CSVs."""
    reason = None
    if not path.exists():
        reason = "missing"
    else:
        try:
            with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
                meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("version") != INDEX_VERSION or meta.get("curated_hash") != curated_hash():
                reason = "out of date with spoor/kb/places/*.csv"
        except sqlite3.DatabaseError:
            reason = "unreadable"
    if reason:
        log.warning("Gazetteer index %s is %s; building it once now (about 20 s).", path, reason)
        build_index(path)
