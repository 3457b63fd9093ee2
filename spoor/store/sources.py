"""Source reliability on the Admiralty scale: ratings, and the outlets they apply to.

An outlet is the ``source`` of a document (from its metadata, or else the
domain of its URL; see spoor.stages.clean). Analysts rate outlets A-F
(A completely reliable … E unreliable, F cannot be judged, the default for
an outlet nobody rated). A rating is recorded twice: as a ``rate``
judgement, which ingestion never touches and which therefore survives a
rebuild of the store, and in the ``sources`` table that readers join.
Readers take the judgements first, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, update

from spoor.errors import SpoorError
from spoor.store import judgements, schema
from spoor.store.writer import insert_ignore

GRADES = ("A", "B", "C", "D", "E", "F")
MEANINGS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


@dataclass(slots=True, frozen=True)
class SourceRating:
    name: str
    reliability: str
    note: str | None
    documents: int


def normalise_grade(grade: str) -> str:
    value = grade.strip().upper()
    if value not in GRADES:
        raise SpoorError(
            f"Unknown reliability {grade!r}: use an Admiralty grade A-F "
            "(A completely reliable … E unreliable, F cannot be judged)."
        )
    return value


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def ratings(conn: Connection) -> dict[str, tuple[str, str | None]]:
    """Outlet name (case-folded) -> (grade, note); judgements win over the table."""
    found: dict[str, tuple[str, str | None]] = {}
    for name, grade, note in conn.execute(
        select(schema.sources.c.name, schema.sources.c.reliability, schema.sources.c.note)
    ):
        if grade in GRADES:
            found[_key(name)] = (grade, note)
    for judgement in judgements.active(conn, kind="rate"):
        grade = str(judgement.value.get("reliability", "F")).upper()
        if grade in GRADES:
            found[_key(judgement.target)] = (grade, judgement.value.get("note"))
    return found


def reliability_of(table: dict[str, tuple[str, str | None]], source: str | None) -> str:
    if not source:
        return "F"
    return table.get(_key(source), ("F", None))[0]


def rate(
    conn: Connection, name: str, grade: str, note: str | None = None, author: str | None = None
) -> int:
    """Rate an outlet; returns the judgement id."""
    if not name.strip():
        raise SpoorError("Name the outlet to rate, as `spoor source list` shows it.")
    value = normalise_grade(grade)
    judgement_id = judgements.record(
        conn, "rate", name, {"reliability": value, "note": note}, author=author
    )
    row = {"name": name, "reliability": value, "note": note}
    if not insert_ignore(conn, schema.sources, [row]):
        conn.execute(
            update(schema.sources)
            .where(schema.sources.c.name == name)
            .values(reliability=value, note=note)
        )
    return judgement_id


def list_sources(conn: Connection) -> list[SourceRating]:
    """Every outlet with documents or a rating, by name."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for source, count in conn.execute(
        select(schema.documents.c.source, func.count()).group_by(schema.documents.c.source)
    ):
        if source:
            counts[_key(source)] = counts.get(_key(source), 0) + int(count)
            names.setdefault(_key(source), source)
    rated = ratings(conn)
    for name in conn.execute(select(schema.sources.c.name)).scalars():
        names.setdefault(_key(name), name)
    for judgement in judgements.active(conn, kind="rate"):
        names.setdefault(_key(judgement.target), judgement.target)
    rows: list[SourceRating] = []
    for key, name in names.items():
        grade, note = rated.get(key, ("F", None))
        rows.append(SourceRating(name, grade, note, counts.get(key, 0)))
    return sorted(rows, key=lambda r: r.name.casefold())


def as_dict(rating: SourceRating) -> dict[str, Any]:
    return {
        "name": rating.name,
        "reliability": rating.reliability,
        "meaning": MEANINGS[rating.reliability],
        "note": rating.note,
        "documents": rating.documents,
    }
