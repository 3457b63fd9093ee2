"""Mentions placed by hand for relation tests: the names a test knows, found in its sentence.

Relation tests parse real sentences with the English model but decide the entities
themselves, so a test fails for the rule it names, not for linking. `hand_mentions`
finds every known name (longest first, no overlaps); `extract_with_coreference` runs
the coreference stage before the relations stage, as the pipeline does.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from spacy.language import Language

from spoor.records import Document, Fact, Mention, Place

# the entity id, its type, and for a place its ISO country code ("" for none)
Known = tuple[str, str] | tuple[str, str, str]
PLACE_TYPES = frozenset({"country", "region", "province", "district", "city", "historical_region"})


def hand_mentions(
    text: str,
    known: Mapping[str, Known],
    *,
    place_types: Collection[str] = PLACE_TYPES,
    countries: Mapping[str, str] | None = None,
) -> list[Mention]:
    """Mentions of every name of ``known`` in ``text``. A place gets its country from its
    third field, else from ``countries`` (by entity id), else Afghanistan."""
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for name in sorted(known, key=len, reverse=True):
        entity_id, etype, *rest = known[name]
        country = rest[0] if rest else (countries or {}).get(entity_id, "AF")
        is_place = bool(country) if rest else etype in place_types
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            place = (
                Place(id=entity_id, name=name, lat=34.0, lon=70.0, country=country)
                if is_place
                else None
            )
            found.append(
                Mention(
                    start, end, name, etype, entity_id=entity_id, entity_type=etype, place=place
                )
            )
    return sorted(found, key=lambda m: m.start)


def _document(text: str, published: str | None) -> Document:
    return Document(
        id="doc1", uri="file:///doc1.txt", text=text, published=published, source="example"
    )


def extract_named(
    nlp: Language, text: str, named: Sequence[Mention], published: str | None
) -> list[Fact]:
    """Facts of ``text`` from hand-placed mentions alone (no coreference stage)."""
    from spoor.stages.relations import extract

    return extract(nlp(text), _document(text, published), list(named))


def extract_with_coreference(
    nlp: Language, text: str, named: Sequence[Mention], published: str | None
) -> list[Fact]:
    """Facts of ``text`` from hand-placed mentions, after the coreference stage."""
    from spoor.stages.coref import resolve_coreference
    from spoor.stages.relations import extract

    document = _document(text, published)
    sdoc = nlp(text)
    mentions = sorted([*named, *resolve_coreference(sdoc, document, named)], key=lambda m: m.start)
    return extract(sdoc, document, mentions)


# (subject, predicate, object, checks). Checks: "time" (the start, or None for no time),
# "end", "negated" (default False) and "attributes" (a subset).
Expect = tuple[str, str, str, dict[str, Any]]
SYMMETRIC = frozenset({"enemy_of", "allied_with"})


def fact_key(subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
    """A symmetric relation matches either way round."""
    if predicate in SYMMETRIC and obj < subject:
        subject, obj = obj, subject
    return subject, predicate, obj


def check_facts(facts: Sequence[Fact], expected: Sequence[Expect]) -> None:
    """Every fact of the expected predicates is expected, and each has its checks."""
    predicates = {p for _, p, _, _ in expected}
    got = {
        fact_key(
            f.subject_id, f.predicate, f.object_id or str(getattr(f.object_value, "value", ""))
        ): f
        for f in facts
        if f.predicate in predicates
    }
    assert set(got) == {fact_key(s, p, o) for s, p, o, _ in expected}
    for subject, predicate, obj, extra in expected:
        fact = got[fact_key(subject, predicate, obj)]
        if "time" in extra:
            start = fact.time.start if fact.time is not None else None
            assert start == extra["time"], (subject, predicate, obj, fact.time)
        if "end" in extra:
            assert fact.time is not None and fact.time.end == extra["end"], fact.time
        assert fact.evidence.negated == extra.get("negated", False), (subject, predicate, obj)
        for key, value in extra.get("attributes", {}).items():
            assert fact.attributes.get(key) == value, (key, fact.attributes)
