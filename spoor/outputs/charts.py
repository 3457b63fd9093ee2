"""Inline SVG for the report and the web app: footprint map, expansion timeline, network.

Drawn on the server so the page needs no charting library and no data in
script: every label and attribute goes through ``markupsafe.escape``, and
the small script beside the page (static/spoor.js) only toggles layers and
hides marks later than the time slider, reading ``data-*`` attributes.

Country outlines come from Natural Earth 1:50m through the npm package
world-atlas 2.0.2 (countries-50m.json, TopoJSON; ISC licence, data in the
public domain), vendored in static/. The projection is equirectangular,
scaled by the cosine of the view's middle latitude so Central Asia is not
squashed. Provinces and finer places are drawn as circles at their points:
no registry package with province outlines was available offline.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from spoor.analysis.footprint import FOOTPRINT_PREDICATES, FootprintCell
from spoor.analysis.network import Network, layout, trim

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAP_SOURCE = "Natural Earth 1:50m country outlines, via the npm package world-atlas 2.0.2"
COLOURS = {
    "active_in": "#c0392b",
    "attacked": "#7d3c98",
    "supporters_in": "#2471a3",
    "threatens": "#d68910",
    "propaganda_targets": "#148f77",
    "recruits_from": "#6e2c00",
    "claims_territory": "#9a7d0a",
}
NODE_COLOURS = {
    "armed_group": "#c0392b",
    "person": "#2471a3",
    "media_outlet": "#148f77",
    "organization": "#7f8c8d",
    "armed_forces": "#34495e",
    "intelligence_agency": "#5d6d7e",
    "government": "#566573",
}

Ring = list[tuple[float, float]]


@dataclass(slots=True, frozen=True)
class Country:
    iso2: str | None
    name: str
    polygons: tuple[tuple[Ring, ...], ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north


def _decode_arcs(topology: Mapping[str, Any]) -> list[Ring]:
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(indices: Sequence[int], arcs: list[Ring]) -> Ring:
    points: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Country outlines decoded from the vendored TopoJSON (read once)."""
    import pycountry

    topology = json.loads((STATIC_DIR / "countries-50m.json").read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    found: list[Country] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = tuple(tuple(_ring(r, arcs) for r in polygon) for polygon in polygons)
        xs = [x for polygon in rings for ring in polygon for x, _ in ring]
        ys = [y for polygon in rings for ring in polygon for _, y in ring]
        record = pycountry.countries.get(numeric=str(geometry.get("id", "")).zfill(3))
        iso2 = str(record.alpha_2) if record is not None and geometry.get("id") else None
        name = str((geometry.get("properties") or {}).get("name") or iso2 or "")
        found.append(Country(iso2, name, rings, (min(xs), min(ys), max(xs), max(ys))))
    return tuple(found)


def _year(date: str | None) -> int:
    return int(date[:4]) if date and date[:4].isdigit() else 0


def fractional_year(date: str) -> float:
    """``2021`` → 2021.0, ``2021-07`` → 2021.5, ``2021-07-16`` → about 2021.54."""
    parts = [int(p) for p in date.split("-")[:3] if p.isdigit()]
    value = float(parts[0])
    if len(parts) > 1:
        value += (parts[1] - 1) / 12
    if len(parts) > 2:
        value += (parts[2] - 1) / 365
    return value


@dataclass(slots=True, frozen=True)
class View:
    west: float
    south: float
    east: float
    north: float
    width: float

    @property
    def x_scale(self) -> float:
        return self.width / (self.east - self.west)

    @property
    def y_scale(self) -> float:
        middle = math.radians((self.south + self.north) / 2)
        return self.x_scale / max(math.cos(middle), 0.2)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.y_scale

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.x_scale, (self.north - lat) * self.y_scale


def choose_view(cells: Iterable[FootprintCell], width: float = 900) -> View:
    """A view around the footprint: its points and its countries, with a margin."""
    outlines = {c.iso2: c.bbox for c in countries() if c.iso2}
    lons: list[float] = []
    lats: list[float] = []
    for cell in cells:
        if cell.level == "country" and cell.key in outlines:
            west, south, east, north = outlines[cell.key]
            if east - west < 60:  # Russia or the US would zoom out to the world
                lons += [west, east]
                lats += [south, north]
                continue
        if cell.lat is not None and cell.lon is not None:
            lons.append(cell.lon)
            lats.append(cell.lat)
    if not lons:
        return View(-180, -58, 180, 80, width)
    west, east = min(lons), max(lons)
    south, north = min(lats), max(lats)
    pad_x = max((east - west) * 0.15, 8)
    pad_y = max((north - south) * 0.15, 5)
    west, east = max(west - pad_x, -180), min(east + pad_x, 180)
    south, north = max(south - pad_y, -85), min(north + pad_y, 85)
    # Keep the picture wider than tall: widen the longitude span if needed.
    squash = max(math.cos(math.radians((south + north) / 2)), 0.2)
    wanted_width = (north - south) / squash * 1.6
    if east - west < wanted_width:
        extra = (wanted_width - (east - west)) / 2
        west, east = max(west - extra, -180), min(east + extra, 180)
    return View(west, south, east, north, width)


def _path(country: Country, view: View) -> str:
    parts: list[str] = []
    for polygon in country.polygons:
        for ring in polygon:
            last: tuple[float, float] | None = None
            points: list[str] = []
            for lon, lat in ring:
                x, y = view.project(lon, lat)
                if last is not None and abs(x - last[0]) + abs(y - last[1]) < 0.8:
                    continue
                points.append(f"{x:.1f},{y:.1f}")
                last = (x, y)
            if len(points) >= 3:
                parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def _visible(country: Country, view: View) -> bool:
    west, south, east, north = country.bbox
    return not (east < view.west or west > view.east or north < view.south or south > view.north)


def footprint_map(cells: Sequence[FootprintCell], width: float = 900) -> Markup:
    """The footprint as SVG: grey base map, one ``<g data-pred>`` layer per predicate."""
    view = choose_view(cells, width)
    out: list[str] = [
        f'<svg class="map" viewBox="0 0 {view.width:.0f} {view.height:.0f}" role="img" '
        f'aria-label="Footprint map" xmlns="http://www.w3.org/2000/svg">',
        f'<rect class="sea" width="{view.width:.0f}" height="{view.height:.0f}"/>',
        '<g class="base">',
    ]
    shapes: dict[str, Country] = {c.iso2: c for c in countries() if c.iso2 and _visible(c, view)}
    for country in countries():
        if _visible(country, view):
            out.append(
                f'<path class="country" d="{_path(country, view)}">'
                f"<title>{escape(country.name)}</title></path>"
            )
    out.append("</g>")
    # Country areas of every layer first, then the points, so no area hides a point.
    for areas in (True, False):
        for predicate in FOOTPRINT_PREDICATES:
            layer = [
                c
                for c in cells
                if c.predicate == predicate and (c.level == "country" and c.key in shapes) is areas
            ]
            if not layer:
                continue
            out.append(f'<g class="layer p-{predicate}" data-pred="{predicate}">')
            for cell in sorted(layer, key=lambda c: ("country", "admin1", "place").index(c.level)):
                out.append(_mark(cell, view, shapes))
            out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def _mark(cell: FootprintCell, view: View, shapes: Mapping[str, Country]) -> str:
    label = (
        f"{cell.name} · {cell.predicate.replace('_', ' ')} · "
        f"{cell.first_seen or 'undated'} – {cell.last_seen or ''} · "
        f"{cell.evidence_count} evidence · best {cell.best_confidence:.2f}"
    )
    common = (
        f'data-year="{_year(cell.first_seen)}" data-level="{cell.level}" '
        f'data-name="{escape(cell.name)}"'
    )
    if cell.level == "country" and cell.key in shapes:
        return (
            f'<path class="mark area" {common} d="{_path(shapes[cell.key], view)}">'
            f"<title>{escape(label)}</title></path>"
        )
    if cell.lat is None or cell.lon is None:
        return ""
    x, y = view.project(cell.lon, cell.lat)
    radius = {"country": 9, "admin1": 6.5, "place": 4}[cell.level]
    return (
        f'<circle class="mark dot {cell.level}" {common} cx="{x:.1f}" cy="{y:.1f}" '
        f'r="{radius}"><title>{escape(label)}</title></circle>'
    )


def timeline(cells: Sequence[FootprintCell], width: float = 900) -> Markup:
    """Expansion timeline: one row per country or province, first seen → last seen."""
    rows: dict[tuple[str, str], list[FootprintCell]] = {}
    for cell in cells:
        if cell.level in ("country", "admin1") and cell.first_seen:
            rows.setdefault((cell.level, cell.key), []).append(cell)
    if not rows:
        return Markup('<p class="empty">No dated footprint yet.</p>')
    spans = []
    for group in rows.values():
        earliest = min(group, key=lambda c: c.first_seen or "")
        latest = max(str(c.last_seen or c.first_seen) for c in group)
        spans.append((str(earliest.first_seen), latest, earliest))
    # Each country, in the order it entered, followed by its provinces.
    country_first: dict[str, str] = {}
    for first, _, cell in spans:
        key = cell.country or cell.key
        country_first[key] = min(first, country_first.get(key, first))

    def order(span: tuple[str, str, FootprintCell]) -> tuple[str, str, int, str, str]:
        first, _, cell = span
        key = cell.country or cell.key
        return (country_first[key], key, int(cell.level != "country"), first, cell.name)

    spans.sort(key=order)
    start = math.floor(min(fractional_year(s[0]) for s in spans))
    end = math.floor(max(fractional_year(s[1]) for s in spans)) + 1
    left, row_h, top = 190.0, 22.0, 28.0
    height = top + row_h * len(spans) + 10

    def x_of(date: str) -> float:
        return left + (fractional_year(date) - start) / max(end - start, 1) * (width - left - 20)

    out = [
        f'<svg class="timeline" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="Expansion timeline" xmlns="http://www.w3.org/2000/svg">'
    ]
    for year in range(start, end + 1):
        x = x_of(str(year))
        out.append(
            f'<line class="tick" x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{height}"/>'
            f'<text class="year" x="{x:.1f}" y="{top - 12}">{year}</text>'
        )
    for index, (first, last, cell) in enumerate(spans):
        y = top + row_h * index + row_h / 2
        colour = COLOURS.get(cell.predicate, "#555")
        indent = 12 if cell.level == "admin1" else 0
        x1, x2 = x_of(first), x_of(last)
        out.append(
            f'<g class="row" data-pred="{cell.predicate}" data-year="{_year(first)}">'
            f'<text class="label {cell.level}" x="{8 + indent}" y="{y + 4:.1f}">'
            f"{escape(cell.name)}</text>"
            f'<line class="span" x1="{x1:.1f}" y1="{y:.1f}" x2="{max(x2, x1 + 0.1):.1f}" '
            f'y2="{y:.1f}" stroke="{colour}"/>'
            f'<circle class="first" cx="{x1:.1f}" cy="{y:.1f}" r="5" fill="{colour}">'
            f"<title>{escape(cell.name)}: first seen {escape(first)} "
            f"({cell.predicate.replace('_', ' ')}), last seen {escape(last)}</title></circle></g>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def network_graph(
    network: Network, width: float = 900, height: float = 560, limit: int = 45
) -> Markup:
    """The actor network as SVG; hostile links red and dashed, stroke width by confidence."""
    shown = trim(network, limit)
    if not shown.nodes:
        return Markup('<p class="empty">No links between actors yet.</p>')
    layout(shown, width, height)
    out = [
        f'<svg class="network" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="Actor network" xmlns="http://www.w3.org/2000/svg">'
    ]
    for edge in shown.edges:
        a, b = shown.nodes[edge.source], shown.nodes[edge.target]
        kind = "hostile" if edge.hostile else "tie"
        out.append(
            f'<line class="edge {kind}" x1="{a.x:.1f}" y1="{a.y:.1f}" x2="{b.x:.1f}" '
            f'y2="{b.y:.1f}" stroke-width="{0.8 + 3 * edge.confidence:.1f}">'
            f"<title>{escape(a.name)} {edge.predicate.replace('_', ' ')} {escape(b.name)} "
            f"({edge.confidence:.2f})</title></line>"
        )
    for node in sorted(shown.nodes.values(), key=lambda n: n.betweenness):
        radius = 5 + 22 * math.sqrt(node.betweenness) + 6 * node.degree
        colour = NODE_COLOURS.get(node.type, "#7f8c8d")
        out.append(
            f'<g class="node" data-type="{escape(node.type)}">'
            f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{radius:.1f}" fill="{colour}">'
            f"<title>{escape(node.name)} ({escape(node.type.replace('_', ' '))}) · degree "
            f"{node.degree:.2f} · betweenness {node.betweenness:.2f}</title></circle>"
            f'<text x="{node.x + radius + 3:.1f}" y="{node.y + 4:.1f}">'
            f"{escape(_short(node.name))}</text></g>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def _short(name: str, limit: int = 32) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def legend() -> Markup:
    """Layer switches for the map (one checkbox per predicate), read by spoor.js."""
    items = [
        f'<label class="switch"><input type="checkbox" data-layer="{p}" checked>'
        f'<span class="swatch p-{p}"></span>{p.replace("_", " ")}</label>'
        for p in COLOURS
    ]
    return Markup("".join(items))
