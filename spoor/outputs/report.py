"""A self-contained HTML report: group profiles, facts with quotes, sources.

Everything is inlined (no CDN, no network), and every piece of document
text goes through Jinja2's autoescaping: a report on hostile pages must
not run their scripts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from spoor.store import Store

# Which entity types get a profile section, in this order.
# Single-source facts below this confidence are listed as weak claims.
WEAK_CONFIDENCE = 0.35
PROFILE_TYPES = ("armed_group", "media_outlet")
PREDICATE_ORDER = (
    "affiliate_of",
    "pledged_allegiance_to",
    "media_arm_of",
    "leader_of",
    "member_of",
    "allied_with",
    "enemy_of",
    "founded_in",
    "active_in",
    "attacked",
    "killed",
    "captured",
    "arrested",
    "released",
    "supporters_in",
    "threatens",
    "propaganda_targets",
    "claims_territory",
    "recruits_from",
    "propaganda_language",
    "published",
    "strength",
)


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("spoor.outputs", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _predicate_rank(predicate: str) -> int:
    return (
        PREDICATE_ORDER.index(predicate) if predicate in PREDICATE_ORDER else len(PREDICATE_ORDER)
    )


def build_context(store: Store) -> dict[str, Any]:
    """Everything the template shows, as plain data (also handy for tests)."""
    entities = {e["id"]: e for e in store.entities()}
    facts = list(store.facts())
    by_subject: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fact in facts:
        by_subject[fact["subject"]["id"]].append(fact)
        if fact["object"].get("id") and fact["predicate"] in {"media_arm_of", "leader_of"}:
            by_subject[fact["object"]["id"]].append(fact)
    profiles = []
    for entity in entities.values():
        if entity["type"] not in PROFILE_TYPES:
            continue
        group_facts = sorted(
            by_subject.get(entity["id"], []),
            key=lambda f: (_predicate_rank(f["predicate"]), -f["confidence"]),
        )
        if not group_facts and entity["mentions"] < 2:
            continue
        profiles.append({**entity, "facts": group_facts})
    profiles.sort(key=lambda p: (-len(p["facts"]), -p["mentions"], p["name"]))
    documents = list(store.documents())
    return {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "stats": store.stats(),
        "profiles": profiles,
        "weak": [
            f
            for f in facts
            if f["n_independent_sources"] <= 1
            and (f["hedged"] or f["confidence"] < WEAK_CONFIDENCE)
        ],
        "documents": [
            {k: d[k] for k in ("id", "uri", "title", "source", "published", "lang")}
            for d in documents
        ],
    }


def write_report(store: Store, out_dir: Path) -> Path:
    """Write ``out_dir/index.html`` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    template = _environment().get_template("report.html")
    path = out_dir / "index.html"
    path.write_text(template.render(**build_context(store)), encoding="utf-8")
    return path
