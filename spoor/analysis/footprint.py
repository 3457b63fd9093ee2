"""Where a group is, since when: footprint cells, expansion steps and propaganda languages.

A *cell* is one (group, footprint predicate, place) at one level: the
country, the province (admin1) or the finer place itself (a district, a
city, a named region). A fact located in Achin district adds to three cells:
Afghanistan, Nangarhar and Achin. Each cell keeps the first and last time it
was seen, how many pieces of evidence back it and the best confidence of the
facts behind it.

"Seen" joins two clocks: the time the fact itself carries (the attack was on
26 August 2021) and the publication dates of the documents that report it. A
group is in a place from the earliest of these; a bare report with no dates at
all leaves the cell undated rather than guessed.

The core functions are pure (fact dicts in, dataclasses out) so they can be
tested without a store; :func:`load_footprints` reads the store for them.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from spoor.kb import KB_DIR
from spoor.store import Store, schema

FOOTPRINT_PREDICATES = (
    "active_in",
    "attacked",
    "supporters_in",
    "threatens",
    "propaganda_targets",
    "recruits_from",
    "claims_territory",
)
LANGUAGE_PREDICATES = ("propaganda_language", "published")
LEVELS = ("country", "admin1", "place")
# Feature codes of a whole country and of a first-order division (GeoNames).
_COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
_ADMIN1_CODES = frozenset({"ADM1", "ADM1H"})


@dataclass(slots=True, frozen=True)
class PlaceRow:
    """A row of the store's places table, as footprint analysis needs it."""

    id: str
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    feature_code: str | None


@dataclass(slots=True)
class FootprintCell:
    group_id: str
    predicate: str
    level: str  # country | admin1 | place
    key: str  # ISO2 | "ISO2/admin1 name" | place id
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    first_seen: str | None = None
    last_seen: str | None = None
    evidence_count: int = 0
    best_confidence: float = 0.0
    fact_ids: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class ExpansionStep:
    """The moment a country or province first entered a group's footprint."""

    date: str
    level: str
    key: str
    name: str
    predicate: str


@dataclass(slots=True)
class LanguageUse:
    language_id: str
    name: str
    scripts: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)  # the group or its outlets
    first_seen: str | None = None
    last_seen: str | None = None
    evidence_count: int = 0
    best_confidence: float = 0.0
    by_year: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class GroupFootprint:
    group_id: str
    name: str
    cells: list[FootprintCell] = field(default_factory=list)
    languages: list[LanguageUse] = field(default_factory=list)

    @property
    def expansion(self) -> list[ExpansionStep]:
        return expansion_timeline(self.cells)


@lru_cache(maxsize=1)
def country_points() -> dict[str, tuple[str, float, float]]:
    """ISO2 → (name, lat, lon) from the packaged country_points.csv."""
    found: dict[str, tuple[str, float, float]] = {}
    path = KB_DIR / "places" / "country_points.csv"
    with path.open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(rows):
            found[row["iso2"]] = (row["name"], float(row["lat"]), float(row["lon"]))
    return found


def country_name(iso2: str) -> str:
    point = country_points().get(iso2)
    if point:
        return point[0]
    try:
        import pycountry

        found = pycountry.countries.get(alpha_2=iso2)
    except (ImportError, KeyError, LookupError):
        found = None
    return str(found.name) if found is not None else iso2


def seen_dates(fact: Mapping[str, Any], doc_dates: Mapping[str, str | None]) -> list[str]:
    """Every date at which this fact was seen: its own time and its reports' dates."""
    dates: list[str] = []
    time = fact.get("time") or {}
    for key in ("start", "end"):
        if time.get(key):
            dates.append(str(time[key]))
    for evidence in fact.get("evidence") or ():
        published = doc_dates.get(str(evidence.get("doc_id")))
        if published:
            dates.append(str(published))
    return sorted(set(dates))


def fact_place(
    fact: Mapping[str, Any], places: Mapping[str, PlaceRow], entity_places: Mapping[str, str]
) -> PlaceRow | None:
    """The place a footprint fact points at: its located place, else its object's."""
    located = fact.get("place") or {}
    if located.get("id") in places:
        return places[str(located["id"])]
    object_id = (fact.get("object") or {}).get("id")
    place_id = entity_places.get(str(object_id)) if object_id else None
    return places.get(place_id) if place_id else None


def _levels(place: PlaceRow) -> list[tuple[str, str, str, str | None, float | None, float | None]]:
    """(level, key, name, country, lat, lon) for each level this place counts at."""
    out: list[tuple[str, str, str, str | None, float | None, float | None]] = []
    code = (place.feature_code or "").upper()
    if place.country:
        point = country_points().get(place.country)
        lat, lon = (point[1], point[2]) if point else (place.lat, place.lon)
        out.append(("country", place.country, country_name(place.country), place.country, lat, lon))
        if code in _COUNTRY_CODES:
            return out
    if place.country and place.admin1:
        exact = code in _ADMIN1_CODES
        key = f"{place.country}/{place.admin1}"
        out.append(("admin1", key, place.admin1, place.country, place.lat, place.lon))
        if exact:
            return out
    out.append(("place", place.id, place.name, place.country, place.lat, place.lon))
    return out


def _widen(
    cell: FootprintCell | LanguageUse, dates: list[str], n_evidence: int, conf: float
) -> None:
    if dates:
        cell.first_seen = min([d for d in (cell.first_seen, dates[0]) if d])
        cell.last_seen = max([d for d in (cell.last_seen, dates[-1]) if d])
    cell.evidence_count += n_evidence
    cell.best_confidence = max(cell.best_confidence, float(conf))


def build_footprints(
    facts: Iterable[Mapping[str, Any]],
    places: Mapping[str, PlaceRow],
    doc_dates: Mapping[str, str | None],
    entity_places: Mapping[str, str] | None = None,
    groups: Iterable[str] | None = None,
) -> dict[str, GroupFootprint]:
    """Footprints of armed groups (or only of ``groups``), keyed by group id.

    Rejected or negated facts do not place a group anywhere ("denied that
    ISKP had a presence in Balkh" is not a presence).
    """
    entity_places = entity_places or {}
    wanted = set(groups) if groups is not None else None
    footprints: dict[str, GroupFootprint] = {}
    cells: dict[tuple[str, str, str, str], FootprintCell] = {}
    language_facts: list[Mapping[str, Any]] = []
    outlets_of: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for fact in facts:
        subject = fact.get("subject") or {}
        predicate = str(fact.get("predicate"))
        names[str(subject.get("id"))] = str(subject.get("name") or subject.get("id"))
        if predicate in LANGUAGE_PREDICATES:
            language_facts.append(fact)
            continue
        if predicate == "media_arm_of" and (fact.get("object") or {}).get("id"):
            outlets_of[str(fact["object"]["id"])].add(str(subject.get("id")))
            continue
        if predicate not in FOOTPRINT_PREDICATES or fact.get("negated"):
            continue
        if subject.get("type") != "armed_group":
            continue
        group_id = str(subject["id"])
        if wanted is not None and group_id not in wanted:
            continue
        place = fact_place(fact, places, entity_places)
        if place is None:
            continue
        footprint = footprints.setdefault(group_id, GroupFootprint(group_id, names[group_id]))
        dates = seen_dates(fact, doc_dates)
        n_evidence = len(fact.get("evidence") or ())
        for level, key, name, country, lat, lon in _levels(place):
            cell = cells.get((group_id, predicate, level, key))
            if cell is None:
                cell = FootprintCell(group_id, predicate, level, key, name, country, lat, lon)
                cells[(group_id, predicate, level, key)] = cell
                footprint.cells.append(cell)
            _widen(cell, dates, n_evidence, float(fact.get("confidence") or 0.0))
            cell.fact_ids.append(str(fact.get("id")))
    _add_languages(footprints, language_facts, outlets_of, doc_dates, names, wanted)
    for footprint in footprints.values():
        footprint.cells.sort(key=lambda c: (LEVELS.index(c.level), c.first_seen or "~", c.name))
        footprint.languages.sort(key=lambda u: (u.first_seen or "~", u.name))
    return footprints


def _add_languages(
    footprints: dict[str, GroupFootprint],
    language_facts: list[Mapping[str, Any]],
    outlets_of: Mapping[str, set[str]],
    doc_dates: Mapping[str, str | None],
    names: Mapping[str, str],
    wanted: set[str] | None,
) -> None:
    """Propaganda languages of each group, counting what its media arms publish."""
    speaker_groups: dict[str, set[str]] = defaultdict(set)
    for group_id, outlets in outlets_of.items():
        for outlet in outlets:
            speaker_groups[outlet].add(group_id)
    uses: dict[tuple[str, str], LanguageUse] = {}
    for fact in language_facts:
        target = fact.get("object") or {}
        if target.get("type") != "language" or fact.get("negated"):
            continue
        speaker = str((fact.get("subject") or {}).get("id"))
        subject_type = (fact.get("subject") or {}).get("type")
        groups = set(speaker_groups.get(speaker, set()))
        if subject_type == "armed_group":
            groups.add(speaker)
        for group_id in sorted(groups):
            if wanted is not None and group_id not in wanted:
                continue
            footprint = footprints.setdefault(
                group_id, GroupFootprint(group_id, names.get(group_id, group_id))
            )
            use = uses.get((group_id, str(target["id"])))
            if use is None:
                use = LanguageUse(str(target["id"]), str(target.get("name") or target["id"]))
                uses[(group_id, str(target["id"]))] = use
                footprint.languages.append(use)
            dates = seen_dates(fact, doc_dates)
            _widen(use, dates, len(fact.get("evidence") or ()), float(fact.get("confidence") or 0))
            script = (fact.get("attributes") or {}).get("script")
            if script and script not in use.scripts:
                use.scripts.append(str(script))
                use.scripts.sort()
            speaker_name = names.get(speaker, speaker)
            if speaker_name not in use.speakers:
                use.speakers.append(speaker_name)
            for date in dates[:1]:
                use.by_year[date[:4]] = use.by_year.get(date[:4], 0) + 1


def expansion_timeline(cells: Iterable[FootprintCell]) -> list[ExpansionStep]:
    """When each country and province first entered the footprint, oldest first.

    A place counts once, under the predicate that brought it in first; undated
    cells are left out (there is no moment to put them at).
    """
    first: dict[tuple[str, str], ExpansionStep] = {}
    for cell in cells:
        if cell.level not in ("country", "admin1") or not cell.first_seen:
            continue
        step = ExpansionStep(cell.first_seen, cell.level, cell.key, cell.name, cell.predicate)
        known = first.get((cell.level, cell.key))
        if known is None or step.date < known.date:
            first[(cell.level, cell.key)] = step
    return sorted(first.values(), key=lambda s: (s.date, LEVELS.index(s.level), s.name))


def read_places(store: Store) -> tuple[dict[str, PlaceRow], dict[str, str]]:
    """Every place in the store, and the entity id → place id links."""
    places: dict[str, PlaceRow] = {}
    links: dict[str, str] = {}
    with store.engine.connect() as conn:
        table = schema.places
        for row in conn.execute(select(table)):
            places[row.id] = PlaceRow(
                row.id, row.name, row.lat, row.lon, row.country, row.admin1, row.feature_code
            )
        entities = schema.entities
        for entity_id, place_id in conn.execute(
            select(entities.c.id, entities.c.place_id).where(entities.c.place_id.is_not(None))
        ):
            links[entity_id] = place_id
    return places, links


def read_doc_dates(store: Store) -> dict[str, str | None]:
    """Document id → publication date (``YYYY[-MM[-DD]]`` or None)."""
    docs = schema.documents
    with store.engine.connect() as conn:
        return {
            doc_id: published
            for doc_id, published in conn.execute(select(docs.c.id, docs.c.published))
        }


def load_footprints(
    store: Store,
    groups: Iterable[str] | None = None,
    facts: Iterable[Mapping[str, Any]] | None = None,
) -> dict[str, GroupFootprint]:
    """Footprints read from ``store`` (pass ``facts`` when you already hold them)."""
    places, links = read_places(store)
    return build_footprints(
        store.facts() if facts is None else facts,
        places,
        read_doc_dates(store),
        links,
        groups,
    )


# ---- alerts -----------------------------------------------------------------------

ALERT_KINDS = ("new_country", "new_province", "new_language", "new_leader", "new_media_outlet")


def snapshot(
    footprints: Mapping[str, GroupFootprint], facts: Iterable[Mapping[str, Any]]
) -> dict[tuple[str, str, str], str]:
    """What alerts compare: (group, kind, key) → a readable name.

    Leaders and outlets come from ``leader_of`` and ``media_arm_of`` facts
    whose object is the group.
    """
    seen: dict[tuple[str, str, str], str] = {}
    for group_id, footprint in footprints.items():
        for cell in footprint.cells:
            if cell.level == "country":
                seen[(group_id, "new_country", cell.key)] = cell.name
            elif cell.level == "admin1":
                seen[(group_id, "new_province", cell.key)] = cell.name
        for use in footprint.languages:
            seen[(group_id, "new_language", use.language_id)] = use.name
    kinds = {"leader_of": "new_leader", "media_arm_of": "new_media_outlet"}
    for fact in facts:
        kind = kinds.get(str(fact.get("predicate")))
        target = fact.get("object") or {}
        if kind is None or fact.get("negated") or target.get("type") != "armed_group":
            continue
        subject = fact.get("subject") or {}
        seen[(str(target["id"]), kind, str(subject.get("id")))] = str(subject.get("name"))
    return seen


def diff_snapshots(
    before: Mapping[tuple[str, str, str], str],
    after: Mapping[tuple[str, str, str], str],
    group_names: Mapping[str, str],
) -> list[dict[str, str]]:
    """Alerts for what ``after`` has and ``before`` lacked, in a stable order."""
    alerts = []
    for key in sorted(set(after) - set(before)):
        group_id, kind, item = key
        alerts.append(
            {
                "kind": kind,
                "group_id": group_id,
                "group": group_names.get(group_id, group_id),
                "key": item,
                "name": after[key],
            }
        )
    return alerts
