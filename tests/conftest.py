"""Shared fixtures: records built by hand, a fresh store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from spoor.records import Document, Entity, Evidence, Extraction, Fact, Mention, Place, TimeSpan
from spoor.store import Store

# CI replays the same property-test examples on every run, so a submission is judged on
# its own code and not on which random inputs were drawn; local runs keep exploring
# (`make fuzz` explores on purpose).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    handle = Store.open(tmp_path / "test.db")
    yield handle
    handle.close()


KUNAR = Place(
    id="curated:kunar",
    name="Kunar",
    lat=34.9,
    lon=71.1,
    country="AF",
    admin1="Kunar",
    feature_class="A",
    feature_code="ADM1",
    precision=2,
    source="test",
)

ISKP = Entity(
    "kb:iskp",
    "Islamic State Khorasan Province",
    "armed_group",
    ["ISKP", "ISIS-K"],
    None,
    True,
)


def document(
    doc_id: str, text: str, *, source: str = "Example Wire", published: str | None = "2024-03-12"
) -> Document:
    return Document(
        id=doc_id,
        uri=f"file:///{doc_id}.txt",
        text=text,
        source=source,
        published=published,
        lang="en",
    )


def active_in_fact(
    doc: Document,
    sentence: str,
    *,
    hedged: bool = False,
    attributed_to: str | None = None,
    vague: bool = False,
    time: TimeSpan | None = None,
) -> Fact:
    start = doc.text.index(sentence)
    return Fact(
        subject_id="kb:iskp",
        predicate="active_in",
        object_id=KUNAR.id,
        place=KUNAR,
        time=time,
        evidence=Evidence(
            doc_id=doc.id,
            start=start,
            end=start + len(sentence),
            quote=sentence,
            uri=doc.uri,
            source=doc.source,
            hedged=hedged,
            attributed_to=attributed_to,
            vague_attribution=vague,
        ),
    )


def extraction_with(doc: Document, *facts: Fact) -> Extraction:
    mentions = []
    for name, entity_id in (("ISKP", "kb:iskp"), ("Kunar", KUNAR.id)):
        at = doc.text.find(name)
        if at >= 0:
            mentions.append(Mention(at, at + len(name), name, "armed_group", entity_id=entity_id))
    kunar_entity = Entity(KUNAR.id, KUNAR.name, "province", place=KUNAR)
    return Extraction(
        document=doc, mentions=mentions, entities=[ISKP, kunar_entity], facts=list(facts)
    )
