"""Exports to the tools analysts already use.

``export(store, fmt, out, group=...)`` writes one file and returns how many
records it holds. Each format is also a pure function over the output
contracts' dicts (facts, entities, documents) writing to a text stream, so
it can be tested and reused without a store:

| fmt | function | for | a record is |
|---|---|---|---|
| ``stix`` | ``write_stix`` | OpenCTI, MISP (STIX 2.1) | a STIX object |
| ``geojson`` | ``write_geojson`` | QGIS and other GIS | a located fact |
| ``acled-csv`` | ``write_acled_csv`` | tools that read ACLED | an event row |
| ``graphml`` | ``write_graphml`` | Gephi | a node or an edge |
| ``ftm`` | ``write_ftm`` | Aleph (FollowTheMoney) | a JSON line |

``group`` narrows the export to one armed group (an entity id, or a name or
alias of an armed group, any case): the facts whose subject or object is the
group. The graph formats (STIX, GraphML, FtM) also keep the facts between
two of the group's neighbours (its ego network: an outlet's link to the
group's leader stays); places are not counted as neighbours, or one
province would pull in everything that happened there.

The file is written next to ``out`` and renamed into place, so a failed
export never leaves half a file behind.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from spoor.errors import ConfigError, NotFound
from spoor.outputs.export.acled import ACLED_COLUMNS, write_acled_csv
from spoor.outputs.export.common import object_entity, place_types
from spoor.outputs.export.ftm import write_ftm
from spoor.outputs.export.geojson import write_geojson
from spoor.outputs.export.graphml import write_graphml
from spoor.outputs.export.stix import write_stix
from spoor.store import Store

__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "GRAPH_FORMATS",
    "export",
    "resolve_group",
    "select_facts",
    "write_acled_csv",
    "write_ftm",
    "write_geojson",
    "write_graphml",
    "write_stix",
]

log = logging.getLogger(__name__)

Writer = Callable[
    [Iterable[Mapping[str, Any]], Iterable[Mapping[str, Any]], Iterable[Mapping[str, Any]], TextIO],
    int,
]

FORMATS: dict[str, Writer] = {
    "stix": write_stix,
    "geojson": write_geojson,
    "acled-csv": write_acled_csv,
    "graphml": write_graphml,
    "ftm": write_ftm,
}
GRAPH_FORMATS = frozenset({"stix", "graphml", "ftm"})


def resolve_group(entities: Iterable[Mapping[str, Any]], group: str) -> dict[str, Any]:
    """The entity ``group`` names: an id (any type), else an armed group's name or alias."""
    wanted = group.strip().casefold()
    by_name: list[dict[str, Any]] = []
    for entity in entities:
        if entity["id"] == group.strip():
            return dict(entity)
        names = [entity.get("name") or "", *(entity.get("aliases") or [])]
        if entity.get("type") == "armed_group" and wanted in {n.casefold() for n in names}:
            by_name.append(dict(entity))
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        ids = ", ".join(sorted(str(e["id"]) for e in by_name))
        raise NotFound(
            f"{group!r} names several armed groups ({ids}); pass one of these ids as the group."
        )
    raise NotFound(
        f"No armed group has the id, name or alias {group!r}. List the entities with "
        "`spoor entities --db DB --all` and pass an id from the first column (or an armed "
        "group's name or alias)."
    )


def _endpoints(fact: Mapping[str, Any]) -> set[str]:
    found = {str((fact.get("subject") or {}).get("id"))}
    obj = object_entity(fact)
    if obj is not None:
        found.add(str(obj["id"]))
    return found


def select_facts(
    facts: Iterable[Mapping[str, Any]], group_id: str, *, ego: bool
) -> list[Mapping[str, Any]]:
    """The group's facts; with ``ego``, also the facts between two of its neighbours.

    Places do not count as neighbours: one province would otherwise pull in
    every fact located there.
    """
    facts = list(facts)
    direct = [fact for fact in facts if group_id in _endpoints(fact)]
    if not ego:
        return direct
    places = place_types()
    neighbours = {group_id}
    for fact in direct:
        for summary in (fact.get("subject") or {}, object_entity(fact) or {}):
            if summary.get("id") and summary.get("type") not in places:
                neighbours.add(str(summary["id"]))
    return [
        fact
        for fact in facts
        if group_id in _endpoints(fact)
        or (object_entity(fact) is not None and _endpoints(fact) <= neighbours)
    ]


def export(store: Store, fmt: str, out: Path, *, group: str | None = None) -> int:
    """Write the store (or one group's part of it) to ``out`` in ``fmt``; returns records."""
    writer = FORMATS.get(fmt)
    if writer is None:
        raise ConfigError(
            f"Unknown export format {fmt!r}. Choose one of: {', '.join(sorted(FORMATS))}."
        )
    facts: Iterable[Mapping[str, Any]]
    entities: list[dict[str, Any]]
    if group is None:
        facts = store.facts()
        entities = list(store.entities())
    else:
        target = resolve_group(store.entities(include_unseen=True), group)
        source = store.facts() if fmt in GRAPH_FORMATS else store.facts(entity=target["id"])
        facts = select_facts(source, str(target["id"]), ego=fmt in GRAPH_FORMATS)
        involved = {key for fact in facts for key in _endpoints(fact)} | {str(target["id"])}
        entities = [e for e in store.entities(include_unseen=True) if e["id"] in involved]
        log.info("exporting %d facts about %s (%s)", len(facts), target["name"], target["id"])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        # newline="" so the csv module's line ends pass through unchanged on every platform.
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            written = writer(facts, entities, store.documents(), stream)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    log.info("wrote %d %s records to %s", written, fmt, out)
    return written
