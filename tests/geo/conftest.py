"""Geoparsers in both modes, loaded once per test module, and NER spans placed by hand."""

from __future__ import annotations

import pytest

from spoor.geo.parser import GeoMode, Geoparser
from spoor.stages.geo import Gazetteer

Span = tuple[str, str]  # (surface, NER label); the first occurrence in the text


@pytest.fixture(scope="module")
def toponyms() -> Geoparser:
    return Geoparser(Gazetteer.load(), mode=GeoMode.TOPONYMS)


@pytest.fixture(scope="module")
def facts() -> Geoparser:
    return Geoparser(Gazetteer.load(), mode=GeoMode.FACTS)


def spans(text: str, marks: list[Span]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each marked surface, as spaCy's NER would give them."""
    out = []
    for surface, label in marks:
        start = text.index(surface)
        out.append((start, start + len(surface), label))
    return out
