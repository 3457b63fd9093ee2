"""Review actions: validating an analyst's decision and storing it as a judgement.

Entity decisions and ratings go through the store's own helpers
(judgements.merge / split / add_alias, sources.rate), which check that the
entities exist and were not merged away; fact decisions (confirm, reject,
edit) are checked here against the fact and the ontology, then recorded.
The facts reader applies them when it reads.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from spoor.errors import SpoorError
from spoor.store import Store, judgements, sources
from spoor.web import queries

# Fact fields an analyst may edit from the web (the facts reader applies them).
EDITABLE_FIELDS = ("time", "predicate", "hedged", "negated", "attributed_to", "attributes.note")
MAX_TEXT = 500
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class JudgementIn(BaseModel):
    """A review decision (see spoor/store/judgements.py for each kind's value)."""

    kind: str = Field(description="merge, split, alias, confirm, reject, edit or rate")
    target: str = Field(max_length=300, description="entity id, fact id or source name")
    value: dict[str, Any] = Field(default_factory=dict)
    author: str | None = Field(default=None, max_length=80)


class JudgementOut(BaseModel):
    id: int
    kind: str
    target: str


class ReviewError(ValueError):
    """A review action that cannot be stored as asked; the message says why."""


def validate_fact_judgement(store: Store, item: JudgementIn) -> dict[str, Any]:
    """Check a confirm / reject / edit decision; return the value to record."""
    if queries.fact(store, item.target) is None:
        raise ReviewError(f"No fact {item.target!r}.")
    value = dict(item.value)
    if item.kind == "confirm":
        return {}
    if item.kind == "reject":
        return {"reason": str(value.get("reason") or "")[:MAX_TEXT]}
    field = str(value.get("field", ""))
    new = str(value.get("value", "")).strip()
    if field not in EDITABLE_FIELDS:
        raise ReviewError(f"An edit names a field: one of {', '.join(EDITABLE_FIELDS)}.")
    if not new or len(new) > MAX_TEXT:
        raise ReviewError("An edit needs a new value (at most 500 characters).")
    if field == "time" and not DATE.match(new):
        raise ReviewError("Dates are YYYY, YYYY-MM or YYYY-MM-DD.")
    if field == "predicate" and new not in predicate_names():
        raise ReviewError(f"{new!r} is not a predicate of the ontology.")
    if field in ("hedged", "negated"):
        if new.lower() not in ("true", "false"):
            raise ReviewError(f"{field} is true or false.")
        return {"field": field, "value": new.lower() == "true"}
    return {"field": field, "value": new}


def predicate_names() -> frozenset[str]:
    from spoor.outputs.export.common import ontology

    return frozenset(ontology().predicates)


def store_judgement(store: Store, item: JudgementIn) -> int:
    """Validate and record one decision in its own transaction; return its id.

    Entity decisions and ratings go through the store's own helpers
    (judgements.merge / split / add_alias, sources.rate), which check that
    the entities exist and were not merged away.
    """
    if item.kind not in judgements.KINDS:
        raise ReviewError(f"Unknown kind {item.kind!r}; use one of {sorted(judgements.KINDS)}.")
    fact_value = (
        validate_fact_judgement(store, item) if item.kind in ("confirm", "reject", "edit") else {}
    )
    value = item.value
    try:
        with store.engine.begin() as conn:
            if item.kind == "merge":
                return judgements.merge(conn, item.target, str(value.get("other", "")), item.author)
            if item.kind == "split":
                return judgements.split(conn, item.target, str(value.get("alias", "")), item.author)
            if item.kind == "alias":
                alias = str(value.get("alias", ""))[:200]
                return judgements.add_alias(conn, item.target, alias, item.author)
            if item.kind == "rate":
                note = str(value.get("note") or "")[:MAX_TEXT] or None
                grade = str(value.get("reliability", ""))
                return sources.rate(conn, item.target, grade, note, item.author)
            return judgements.record(conn, item.kind, item.target, fact_value, item.author)
    except SpoorError as exc:
        raise ReviewError(str(exc)) from None
