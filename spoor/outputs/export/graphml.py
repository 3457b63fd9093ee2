"""GraphML for Gephi: entities as nodes, facts between two entities as edges.

Written with ``xml.etree`` so every value is escaped as text. Nodes carry
``label`` (Gephi's label column), ``type``, ``wikidata``, ``aliases`` and,
for places, ``latitude`` / ``longitude`` (what Gephi's geo layouts read).
Edges carry the predicate and its family, confidence, source counts, time
and the first quote; the edge id is the fact id. Symmetric predicates
(``allied_with``, ``enemy_of``) are undirected edges. Facts whose object is
a value (a quantity, a title) are not edges, and negated facts are left out:
a graph edge reads as "this link exists".

Characters XML 1.0 forbids (most control characters) are removed from
values, and an id that is not a valid NMTOKEN is replaced by a stable hash.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from spoor.outputs.export.common import (
    entity_index,
    first_evidence,
    is_symmetric,
    object_entity,
    places_by_id,
    predicate_family,
    valid_coordinates,
)

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

# (key id, for, attr.name, attr.type)
NODE_KEYS = (
    ("label", "node", "label", "string"),
    ("type", "node", "type", "string"),
    ("wikidata", "node", "wikidata", "string"),
    ("aliases", "node", "aliases", "string"),
    ("latitude", "node", "latitude", "double"),
    ("longitude", "node", "longitude", "double"),
)
EDGE_KEYS = (
    ("predicate", "edge", "predicate", "string"),
    ("family", "edge", "family", "string"),
    ("confidence", "edge", "confidence", "double"),
    ("n_sources", "edge", "n_sources", "int"),
    ("n_independent_sources", "edge", "n_independent_sources", "int"),
    ("time_start", "edge", "time_start", "string"),
    ("time_end", "edge", "time_end", "string"),
    ("hedged", "edge", "hedged", "boolean"),
    ("quote", "edge", "quote", "string"),
    ("source", "edge", "source", "string"),
)

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NMTOKEN = re.compile(r"^[\w.:-]+$")


def xml_text(value: Any) -> str:
    """A value as text XML 1.0 can hold."""
    return _XML_INVALID.sub("", str(value))


def graph_id(value: str) -> str:
    """An id usable as a GraphML NMTOKEN; others become a stable hash."""
    if _NMTOKEN.match(value):
        return value
    return "h" + hashlib.sha1(value.encode("utf-8")).hexdigest()


def _data(parent: ET.Element, key: str, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        value = "true" if value else "false"
    ET.SubElement(parent, f"{{{GRAPHML_NS}}}data", {"key": key}).text = xml_text(value)


def _node(graph: ET.Element, entity: Mapping[str, Any], place: Mapping[str, Any] | None) -> None:
    node = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": graph_id(str(entity["id"]))})
    _data(node, "label", entity.get("name") or entity["id"])
    _data(node, "type", entity.get("type"))
    _data(node, "wikidata", entity.get("wikidata"))
    _data(node, "aliases", "; ".join(entity.get("aliases") or []))
    coordinates = valid_coordinates(place)
    if coordinates is not None:
        _data(node, "latitude", coordinates[0])
        _data(node, "longitude", coordinates[1])


def _edge(graph: ET.Element, fact: Mapping[str, Any], target_id: str) -> None:
    predicate = str(fact.get("predicate"))
    attributes = {
        "id": graph_id(str(fact["id"])),
        "source": graph_id(str(fact["subject"]["id"])),
        "target": graph_id(target_id),
    }
    if is_symmetric(predicate):
        attributes["directed"] = "false"
    edge = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", attributes)
    time = fact.get("time") or {}
    evidence = first_evidence(fact)
    _data(edge, "predicate", predicate)
    _data(edge, "family", predicate_family(predicate))
    _data(edge, "confidence", fact.get("confidence"))
    _data(edge, "n_sources", fact.get("n_sources"))
    _data(edge, "n_independent_sources", fact.get("n_independent_sources"))
    _data(edge, "time_start", time.get("start"))
    _data(edge, "time_end", time.get("end"))
    _data(edge, "hedged", bool(fact.get("hedged")))
    _data(edge, "quote", evidence.get("quote"))
    _data(edge, "source", evidence.get("source"))


def build_graphml(
    facts: Iterable[Mapping[str, Any]], entities: Iterable[Mapping[str, Any]]
) -> tuple[ET.ElementTree, int, int]:
    """The GraphML tree with its node and edge counts."""
    edges = [
        fact
        for fact in facts
        if object_entity(fact) is not None and not fact.get("negated") and fact.get("subject")
    ]
    index = entity_index(edges, entities)
    located = places_by_id(edges)
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for key_id, scope, name, kind in NODE_KEYS + EDGE_KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            {"id": key_id, "for": scope, "attr.name": name, "attr.type": kind},
        )
    graph = ET.SubElement(
        root, f"{{{GRAPHML_NS}}}graph", {"id": "spoor", "edgedefault": "directed"}
    )
    for entity_id in sorted(index):
        _node(graph, index[entity_id], located.get(entity_id))
    for fact in edges:
        obj = object_entity(fact)
        assert obj is not None  # filtered above
        _edge(graph, fact, str(obj["id"]))
    return ET.ElementTree(root), len(index), len(edges)


def write_graphml(
    facts: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    documents: Iterable[Mapping[str, Any]],
    stream: TextIO,
) -> int:
    """Write the graph; returns nodes + edges written.

    ``documents`` is accepted for a uniform signature.
    """
    del documents
    tree, n_nodes, n_edges = build_graphml(facts, entities)
    ET.indent(tree, space="  ")
    tree.write(stream, encoding="unicode", xml_declaration=True)
    stream.write("\n")
    return n_nodes + n_edges
