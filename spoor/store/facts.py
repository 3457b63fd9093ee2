"""Reading facts into DESIGN.md's ``spoor facts`` contract, merged and weighed.

Facts are merged at read time (see spoor.analysis.merging for why): a
first pass reads only the identity columns of the matching stored facts,
applies the analysts' entity merges (``judgements.canonical_ids``) and
groups compatible readings into merged facts; it then finds the
contradictions among them (spoor.analysis.contradictions). A second pass
assembles the merged facts a page at a time with their evidence, the
reuse links between their documents and the outlets' ratings, and weighs
them with the claims ledger (spoor.analysis.ledger).

Fact judgements apply to a merged fact when they target its id or the
stored id of any of its readings: ``reject`` hides it (shown with
``include_rejected``, marked ``"reviewed": "rejected"``), ``confirm``
marks it ``"reviewed": "confirmed"``, ``edit`` overrides one field.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from spoor.analysis import ledger
from spoor.analysis.contradictions import Context, Contradiction, find_contradictions, opponents
from spoor.analysis.merging import MergedFact, StoredFact, interval, merge_facts
from spoor.store import judgements, schema, sources
from spoor.store.queries import entity_summaries

PAGE = 500
EDITABLE = frozenset(
    {"subject", "predicate", "object", "time", "place", "hedged", "attributed_to", "negated"}
)


def _chunks(values: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _object_of(row: Any, summaries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if row.object_id is not None:
        return summaries.get(
            row.object_id, {"id": row.object_id, "name": row.object_id, "type": None, "aliases": []}
        )
    value = json.loads(row.object_value or "{}")
    return {
        "value": value.get("value"),
        "type": value.get("type", "text"),
        "unit": value.get("unit"),
    }


def _place_of(conn: Connection, place_id: str | None, cache: dict[str, Any]) -> Any:
    if place_id is None:
        return None
    if place_id not in cache:
        row = conn.execute(select(schema.places).where(schema.places.c.id == place_id)).first()
        cache[place_id] = (
            None
            if row is None
            else {
                "id": row.id,
                "name": row.name,
                "lat": row.lat,
                "lon": row.lon,
                "country": row.country,
            }
        )
    return cache[place_id]


def _fact_filter(entity_ids: Sequence[str] | None, predicate: str | None) -> Any:
    clauses = []
    if entity_ids:
        clauses.append(
            or_(schema.facts.c.subject_id.in_(entity_ids), schema.facts.c.object_id.in_(entity_ids))
        )
    if predicate:
        clauses.append(schema.facts.c.predicate == predicate)
    return and_(*clauses) if clauses else None


@dataclass(slots=True)
class _Plan:
    """Everything the first pass learns; the second pass assembles facts from it."""

    merged: list[MergedFact]
    canonical: dict[str, str]
    contradictions: list[Contradiction] = field(default_factory=list)
    opponents: dict[str, list[str]] = field(default_factory=dict)
    raw_confidence: dict[str, float] = field(default_factory=dict)
    reviews: dict[str, list[judgements.Judgement]] = field(default_factory=dict)
    ratings: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # Read once per plan: a document's reuse links and an outlet's grade serve every page
    # that cites them (a busy document supports facts on many pages).
    reuse_links: dict[str, list[ledger.ReuseView]] = field(default_factory=dict)
    grades: dict[str | None, str] = field(default_factory=dict)
    documents: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # uri, source
    gone: set[str] = field(default_factory=set)  # cited documents no longer stored


def _stored_facts(
    conn: Connection, entity_ids: Sequence[str] | None, predicate: str | None
) -> list[StoredFact]:
    f = schema.facts
    query = select(
        f.c.id,
        f.c.subject_id,
        f.c.predicate,
        f.c.object_id,
        f.c.object_value,
        f.c.time_start,
        f.c.time_end,
        f.c.place_id,
        f.c.negated,
        f.c.attributes,
    ).order_by(f.c.id)
    condition = _fact_filter(entity_ids, predicate)
    if condition is not None:
        query = query.where(condition)
    return [
        StoredFact(
            row.id,
            row.subject_id,
            row.predicate,
            row.object_id,
            row.object_value,
            row.time_start,
            row.time_end,
            row.place_id,
            bool(row.negated),
            json.loads(row.attributes or "{}"),
        )
        for row in conn.execute(query)
    ]


def _place_rows(conn: Connection, ids: Sequence[str]) -> dict[str, Any]:
    """Place rows for place ids and for entity ids that stand for a place."""
    found: dict[str, Any] = {}
    for chunk in _chunks(sorted(set(ids))):
        for row in conn.execute(select(schema.places).where(schema.places.c.id.in_(chunk))):
            found[row.id] = row
        pairs = conn.execute(
            select(schema.entities.c.id, schema.places)
            .join(schema.places, schema.places.c.id == schema.entities.c.place_id)
            .where(schema.entities.c.id.in_(chunk))
        )
        for row in pairs:
            found[row[0]] = row
    return found


def _within(rows: Mapping[str, Any]) -> Any:
    """(inner, outer) -> whether inner lies in outer, from ISO country and admin1 codes."""

    def check(inner: str, outer: str) -> bool:
        a, b = rows.get(inner), rows.get(outer)
        if a is None or b is None or not b.country or a.country != b.country:
            return False
        code = (b.feature_code or "").upper()
        if code.startswith("PCL") or b.precision >= 3:
            return True
        return code == "ADM1" and bool(b.admin1) and a.admin1 == b.admin1

    return check


def _periods(conn: Connection, facts: Sequence[MergedFact]) -> dict[str, tuple[int, int]]:
    """The years a fact's claim refers to: its time, or its documents' publication years."""
    periods: dict[str, tuple[int, int]] = {}
    undated: dict[str, str] = {}
    for fact in facts:
        span = interval(fact.time_start, fact.time_end)
        if span is not None and span[0].year > 1 and span[1].year < 9999:
            periods[fact.id] = (span[0].year, span[1].year)
        else:
            undated.update({m.id: fact.id for m in fact.members})
    ev, docs = schema.evidence, schema.documents
    for chunk in _chunks(sorted(undated)):
        rows = conn.execute(
            select(ev.c.fact_id, docs.c.published)
            .join(docs, docs.c.id == ev.c.doc_id)
            .where(ev.c.fact_id.in_(chunk))
        )
        for fact_id, published in rows:
            if not published or not published[:4].isdigit():
                continue
            year = int(published[:4])
            merged_id = undated[fact_id]
            low, high = periods.get(merged_id, (year, year))
            periods[merged_id] = (min(low, year), max(high, year))
    return periods


def _reviews(conn: Connection, merged: Sequence[MergedFact]) -> dict[str, list[Any]]:
    member_of: dict[str, str] = {}
    for fact in merged:
        member_of[fact.id] = fact.id
        member_of.update({m.id: fact.id for m in fact.members})
    found: dict[str, list[Any]] = defaultdict(list)
    for judgement in judgements.active(conn):
        if judgement.kind in ("confirm", "reject", "edit") and judgement.target in member_of:
            found[member_of[judgement.target]].append(judgement)
    return dict(found)


def _entity_ids(entity: str, canonical: Mapping[str, str]) -> list[str]:
    """The entity asked for and every id merged into the same entity."""
    target = canonical.get(entity, entity)
    return sorted({target, *(k for k, v in canonical.items() if v == target)})


def plan_facts(
    conn: Connection, *, entity: str | None = None, predicate: str | None = None
) -> _Plan:
    canonical = judgements.canonical_ids(conn)
    entity_ids = _entity_ids(entity, canonical) if entity else None
    merged = merge_facts(_stored_facts(conn, entity_ids, predicate), canonical)
    plan = _Plan(merged=merged, canonical=canonical, ratings=sources.ratings(conn))
    plan.reviews = _reviews(conn, merged)
    rejected = {
        fact_id for fact_id, items in plan.reviews.items() if any(j.kind == "reject" for j in items)
    }
    live = [m for m in merged if m.id not in rejected]
    rows = _place_rows(
        conn, [i for m in live for i in (m.place_id, m.object_id, m.subject_id) if i]
    )
    context = Context(
        entity_types={row.id: row.type for row in _entity_rows(conn, live)},
        within=_within(rows),
        periods=_periods(conn, [m for m in live if m.predicate == "strength"]),
    )
    plan.contradictions = find_contradictions(live, context)
    plan.opponents = opponents(plan.contradictions)
    involved = [m for m in live if m.id in plan.opponents]
    for page in _pages(involved):
        for fact, assessed, _rows in _weigh(conn, page, plan):
            plan.raw_confidence[fact.id] = assessed.confidence
    return plan


def _entity_rows(conn: Connection, facts: Sequence[MergedFact]) -> list[Any]:
    ids = sorted({i for m in facts for i in (m.subject_id, m.object_id) if i})
    found: list[Any] = []
    for chunk in _chunks(ids):
        found += conn.execute(
            select(schema.entities.c.id, schema.entities.c.type).where(
                schema.entities.c.id.in_(chunk)
            )
        ).all()
    return found


def _pages(facts: Sequence[MergedFact]) -> Iterator[Sequence[MergedFact]]:
    for i in range(0, len(facts), PAGE):
        yield facts[i : i + PAGE]


@dataclass(slots=True)
class _Evidence:
    """One ``evidence`` row (``_EVIDENCE_COLUMNS``) with its document's location and source."""

    fact_id: str
    doc_id: str
    start: int
    end: int
    quote: str
    hedged: bool
    attributed_to: str | None
    vague_attribution: bool
    uri: str
    source: str | None


_EVIDENCE_COLUMNS = tuple(
    schema.evidence.c[name]
    for name in (
        "fact_id",
        "doc_id",
        "start",
        "end",
        "quote",
        "hedged",
        "attributed_to",
        "vague_attribution",
    )
)


def _read_documents(conn: Connection, doc_ids: set[str], plan: _Plan) -> None:
    """Cache the location and source of the documents not read yet: read per document, not
    per piece of evidence (a busy document supports facts on many pages)."""
    docs = schema.documents
    missing = sorted(doc_ids - plan.documents.keys() - plan.gone)
    for chunk in _chunks(missing):
        rows = conn.execute(
            select(docs.c.id, docs.c.uri, docs.c.source).where(docs.c.id.in_(chunk))
        )
        plan.documents.update({row.id: (row.uri, row.source) for row in rows})
    plan.gone.update(d for d in missing if d not in plan.documents)


def _weigh(
    conn: Connection, page: Sequence[MergedFact], plan: _Plan
) -> Iterator[tuple[MergedFact, ledger.Ledger, list[Any]]]:
    """Each fact of a page with its ledger (raw confidence) and its evidence rows."""
    member_ids = [m.id for fact in page for m in fact.members]
    found: list[Any] = []
    ev = schema.evidence
    for chunk in _chunks(member_ids):
        found += conn.execute(select(*_EVIDENCE_COLUMNS).where(ev.c.fact_id.in_(chunk))).all()
    _read_documents(conn, {row[1] for row in found}, plan)
    evidence_rows: dict[str, list[_Evidence]] = defaultdict(list)
    documents = plan.documents
    for fact_id, doc_id, start, end, quote, hedged, attributed_to, vague in found:
        document = documents.get(doc_id)
        if document is None:
            continue  # evidence in a document no longer stored is gone
        evidence_rows[fact_id].append(
            _Evidence(
                fact_id,
                doc_id,
                start,
                end,
                quote,
                bool(hedged),
                attributed_to,
                bool(vague),
                document[0],
                document[1],
            )
        )
    doc_ids = sorted(
        {r.doc_id for rows in evidence_rows.values() for r in rows} - plan.reuse_links.keys()
    )
    reuse_rows = plan.reuse_links
    reuse_rows.update({doc_id: [] for doc_id in doc_ids})
    for chunk in _chunks(doc_ids):
        for row in conn.execute(select(schema.reuse).where(schema.reuse.c.doc_id.in_(chunk))):
            spans = [(int(s), int(e)) for s, e in json.loads(row.spans)]
            reuse_rows[row.doc_id].append(ledger.ReuseView(row.doc_id, row.source_doc_id, spans))
    for fact in page:
        rows: dict[tuple[str, int, int], Any] = {}
        for member in fact.members:
            for item in evidence_rows.get(member.id, []):
                rows.setdefault((item.doc_id, item.start, item.end), item)
        if not rows:
            continue  # a fact whose evidence is gone is not a fact
        ordered = [rows[key] for key in sorted(rows)]
        views = [
            ledger.EvidenceView(
                r.doc_id,
                r.start,
                r.end,
                r.source,
                bool(r.hedged),
                r.attributed_to,
                bool(r.vague_attribution),
                _grade(plan, r.source),
            )
            for r in ordered
        ]
        links = [link for doc in {v.doc_id for v in views} for link in reuse_rows.get(doc, [])]
        yield fact, ledger.assess(views, links, negated=fact.negated), ordered


def overview(conn: Connection, *, entity: str | None = None) -> tuple[int, list[str]]:
    """How many facts ``iter_facts`` would list, and their predicates, without building them.

    The first pass alone says which merged facts exist; a fact is listed when it is
    not rejected and has evidence in a stored document, and an analyst's edit of its
    predicate is what it is listed under.
    """
    plan = plan_facts(conn, entity=entity)
    shown = [
        m for m in plan.merged if not any(j.kind == "reject" for j in plan.reviews.get(m.id, []))
    ]
    member_ids = sorted({member.id for fact in shown for member in fact.members})
    with_evidence: set[str] = set()
    ev, docs = schema.evidence, schema.documents
    for chunk in _chunks(member_ids):
        with_evidence.update(
            conn.execute(
                select(ev.c.fact_id)
                .join(docs, docs.c.id == ev.c.doc_id)
                .where(ev.c.fact_id.in_(chunk))
                .distinct()
            ).scalars()
        )
    predicates: set[str] = set()
    count = 0
    for fact in shown:
        if not any(member.id in with_evidence for member in fact.members):
            continue
        count += 1
        predicate: Any = fact.predicate
        for judgement in plan.reviews.get(fact.id, []):
            if judgement.kind == "edit" and judgement.value.get("field") == "predicate":
                predicate = judgement.value.get("value")
        predicates.add(str(predicate))
    return count, sorted(predicates)


def _grade(plan: _Plan, source: str | None) -> str:
    if source not in plan.grades:
        plan.grades[source] = sources.reliability_of(plan.ratings, source)
    return plan.grades[source]


def iter_facts(
    conn: Connection,
    *,
    entity: str | None = None,
    predicate: str | None = None,
    include_rejected: bool = False,
    explain: bool = False,
    plan: _Plan | None = None,
) -> Iterator[dict[str, Any]]:
    """Merged facts in the ``spoor facts`` contract, by id.

    ``explain`` adds ``weak`` (why a claim is weak) to each fact's attributes.
    """
    plan = plan or plan_facts(conn, entity=entity, predicate=predicate)
    place_cache: dict[str, Any] = {}
    for page in _pages(plan.merged):
        yield from _facts_page(conn, page, plan, place_cache, include_rejected, explain)


def _facts_page(
    conn: Connection,
    page: Sequence[MergedFact],
    plan: _Plan,
    place_cache: dict[str, Any],
    include_rejected: bool = False,
    explain: bool = False,
) -> Iterator[dict[str, Any]]:
    entity_ids = [m.subject_id for m in page] + [m.object_id for m in page if m.object_id]
    summaries = entity_summaries(conn, entity_ids)
    for fact, assessed, rows in _weigh(conn, page, plan):
        reviews = plan.reviews.get(fact.id, [])
        rejected = [j for j in reviews if j.kind == "reject"]
        if rejected and not include_rejected:
            continue
        against = [plan.raw_confidence.get(i, 0.0) for i in plan.opponents.get(fact.id, [])]
        attributes: dict[str, Any] = {}
        for member in fact.members:
            for key, value in member.attributes.items():
                attributes.setdefault(key, value)
        attributes["credibility"] = ledger.credibility(assessed, against)
        if len(fact.members) > 1:
            attributes["merged_from"] = fact.member_ids
        if fact.id in plan.opponents:
            attributes["contradicts"] = plan.opponents[fact.id]
        if explain:
            attributes["weak"] = assessed.weak_reasons + (["contradicted"] if against else [])
        attributions = [r.attributed_to for r in rows]
        readings = {member.id: member for member in fact.members}
        item = {
            "id": fact.id,
            "subject": summaries.get(
                fact.subject_id,
                {"id": fact.subject_id, "name": fact.subject_id, "type": None, "aliases": []},
            ),
            "predicate": fact.predicate,
            "object": _object_of(fact, summaries),
            "time": (
                None
                if fact.time_start is None and fact.time_end is None
                else {"start": fact.time_start, "end": fact.time_end}
            ),
            "place": _place_of(conn, fact.place_id, place_cache),
            "attributes": attributes,
            "hedged": all(r.hedged for r in rows),
            "attributed_to": attributions[0] if all(attributions) else None,
            "negated": bool(fact.negated),
            "evidence": [_evidence_item(r, readings[r.fact_id]) for r in rows],
            "n_sources": assessed.n_sources,
            "n_independent_sources": assessed.n_independent_sources,
            "confidence": ledger.contradicted(assessed.confidence, against),
        }
        yield _apply_reviews(item, reviews)


def _evidence_item(row: Any, reading: StoredFact) -> dict[str, Any]:
    """One quote, with what its own document says: a merged fact's time is the coarsest
    its readings agree on, so a reader checking one source needs that source's own
    time, hedging and attribution."""
    own_time = (
        None
        if reading.time_start is None and reading.time_end is None
        else {"start": reading.time_start, "end": reading.time_end}
    )
    return {
        "doc_id": row.doc_id,
        "uri": row.uri,
        "source": row.source,
        "start": row.start,
        "end": row.end,
        "quote": row.quote,
        "time": own_time,
        "hedged": bool(row.hedged),
        "attributed_to": row.attributed_to,
    }


def _apply_reviews(item: dict[str, Any], reviews: Sequence[Any]) -> dict[str, Any]:
    """Apply confirm / reject / edit judgements, oldest first, so the latest wins."""
    attributes = item["attributes"]
    for judgement in reviews:
        if judgement.kind == "reject":
            attributes["reviewed"] = "rejected"
            if judgement.value.get("reason"):
                attributes["review_reason"] = judgement.value["reason"]
        elif judgement.kind == "confirm":
            attributes["reviewed"] = "confirmed"
        elif judgement.kind == "edit":
            name = str(judgement.value.get("field", ""))
            value = judgement.value.get("value")
            if name.startswith("attributes."):
                attributes[name.removeprefix("attributes.")] = value
            elif name in EDITABLE:
                if name == "time" and isinstance(value, str):
                    value = {"start": value, "end": value}
                item[name] = value
            else:
                continue
            attributes["edited"] = sorted({*attributes.get("edited", []), name})
    return item


def iter_contradictions(
    conn: Connection, *, entity: str | None = None, predicate: str | None = None
) -> Iterator[dict[str, Any]]:
    """Each contradiction with both sides as full facts (evidence included)."""
    plan = plan_facts(conn, entity=entity, predicate=predicate)
    involved = {i for c in plan.contradictions for i in (c.a, c.b)}
    sub_plan = _Plan(
        merged=[m for m in plan.merged if m.id in involved],
        canonical=plan.canonical,
        contradictions=plan.contradictions,
        opponents=plan.opponents,
        raw_confidence=plan.raw_confidence,
        reviews=plan.reviews,
        ratings=plan.ratings,
    )
    facts = {f["id"]: f for f in iter_facts(conn, plan=sub_plan)}
    summaries = entity_summaries(conn, [c.key_id for c in plan.contradictions])
    for item in plan.contradictions:
        if item.a not in facts or item.b not in facts:
            continue
        yield {
            "predicate": item.predicate,
            "about": summaries.get(
                item.key_id, {"id": item.key_id, "name": item.key_id, "type": None, "aliases": []}
            ),
            "differs_in": item.field,
            "facts": [facts[item.a], facts[item.b]],
        }
