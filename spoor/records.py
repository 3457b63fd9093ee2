"""Typed records that flow between pipeline stages.

Every stage takes and returns these; no stage reaches into another's
internals. Dates are strings that keep their precision: ``"2016"`` is a
year, ``"2016-07"`` a month, ``"2016-07-14"`` a day (never padded).
Offsets are character offsets into ``Document.text`` (the cleaned text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

MediaType = Literal["text", "html", "pdf", "record"]


@dataclass(slots=True)
class RawInput:
    """One input as acquired, before cleaning.

    ``content`` is bytes for files and downloads; for a JSONL record or a
    feed entry it is already text. ``metadata`` may carry ``title``,
    ``published`` (YYYY[-MM[-DD]]), ``source``, ``lang`` and ``id``.
    """

    uri: str
    media_type: MediaType
    content: bytes | str
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Rejection:
    """An input that could not be turned into a document, and why."""

    uri: str
    reason: str


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    lang: str | None = None  # ISO 639-1
    script: str | None = None  # ISO 15924, e.g. "Latn", "Cyrl", "Arab"


@dataclass(slots=True)
class Document:
    """A cleaned document. ``id`` is the hash of ``text`` (see clean.document_id)."""

    id: str
    uri: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY[-MM[-DD]]
    source: str | None = None  # outlet name or URL domain
    lang: str | None = None
    script: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass(slots=True)
class TimeSpan:
    start: str | None = None
    end: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"start": self.start, "end": self.end}


@dataclass(slots=True)
class Place:
    """A resolved location. ``precision`` follows ACLED's geo_precision:
    1 exact place (town), 2 district or province, 3 country or wider region."""

    id: str  # e.g. "geonames:1138958" or "curated:kunar"
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    feature_class: str | None = None  # GeoNames feature class: P, A, L, T ...
    feature_code: str | None = None  # e.g. PPLC, ADM1, ADM2, PCLI, RGN
    precision: int = 1
    source: str = ""  # where the coordinate came from


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str  # an ontology entity type
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    curated: bool = False
    place: Place | None = None  # for places


@dataclass(slots=True)
class Mention:
    """A span of a document that names something.

    ``label`` is an ontology entity type when known (``armed_group``,
    ``city`` ...) or a raw NER label otherwise; ``origin`` says which
    detector found it (``ruler``, ``ner``, ``gazetteer``, ``coref``).
    Linking fills ``entity_id`` and ``score``; geocoding fills ``place``.
    """

    start: int
    end: int
    text: str
    label: str
    origin: str = "ner"
    entity_id: str | None = None
    entity_type: str | None = None
    score: float = 0.0
    place: Place | None = None
    normal: str | None = None  # dictionary form of an inflected name ("Кабуле" -> "Кабул")


@dataclass(slots=True)
class Evidence:
    doc_id: str
    start: int
    end: int
    quote: str
    uri: str = ""
    source: str | None = None
    hedged: bool = False
    attributed_to: str | None = None
    vague_attribution: bool = False
    negated: bool = False


@dataclass(slots=True)
class Quantity:
    value: float | str
    type: Literal["quantity", "text"] = "quantity"
    unit: str | None = None


@dataclass(slots=True)
class Fact:
    """A statement extracted from one sentence, with its evidence.

    Exactly one of ``object_id`` or ``object_value`` is set.
    """

    subject_id: str
    predicate: str
    evidence: Evidence
    object_id: str | None = None
    object_value: Quantity | None = None
    time: TimeSpan | None = None
    place: Place | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Extraction:
    """Everything the analysis stages produced for one document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)  # new entities to store
    facts: list[Fact] = field(default_factory=list)
    shingles: list[tuple[int, int]] = field(default_factory=list)  # (hash, start offset)
