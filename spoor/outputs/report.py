"""A self-contained HTML report: profiles, footprint map, timeline, network, ledger.

Everything is inlined (no CDN, no network): CSS and the small script from
static/, the map as SVG drawn from vendored Natural Earth outlines. Every
piece of document text goes through Jinja2's autoescaping (or
``markupsafe.escape`` in charts.py), and the page's Content-Security-Policy
allows only the exact inline script and style it ships (by hash): a report on
hostile pages must not run their scripts.
"""

from __future__ import annotations

import base64
import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from sqlalchemy import select

from spoor.analysis.footprint import GroupFootprint, build_footprints, read_places
from spoor.analysis.network import build_network
from spoor.outputs import charts
from spoor.store import Store, schema

# Single-source facts below this confidence are listed as weak claims.
WEAK_CONFIDENCE = 0.35
# How far back "what is new" looks when no --since is given.
DEFAULT_NEW_WINDOW = timedelta(days=365)
MAX_GROUPS = 8
# Bounds on the long lists, so the page stays readable (and quick to build) on a store of
# 100,000 documents; the report says when it cut a list and where the rest is
# (`spoor facts`, `spoor claims`, `spoor export`, the web app). Small stores show everything.
MAX_DOCUMENTS = 1000  # the newest by publication date
MAX_LEDGER_PER_PREDICATE = 50  # per group, the most confident facts of each predicate
MAX_NEW = 500  # the most recently first-reported
MAX_WEAK = 500
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


def environment(*extra: PackageLoader) -> Environment:
    """The Jinja environment (autoescaping everything), shared with the web app."""
    env = Environment(
        loader=ChoiceLoader([*extra, PackageLoader("spoor.outputs", "templates")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["label"] = lambda value: str(value or "").replace("_", " ")
    env.filters["object_text"] = object_text
    env.filters["when"] = when_text
    env.globals["is_weak"] = is_weak
    return env


def object_text(fact: Mapping[str, Any]) -> str:
    target = fact.get("object") or {}
    if target.get("name"):
        return str(target["name"])
    unit = f" {target['unit']}" if target.get("unit") else ""
    return f"{target.get('value', '')}{unit}"


def when_text(time: Mapping[str, Any] | None) -> str:
    if not time:
        return ""
    start, end = time.get("start"), time.get("end")
    if start and end and end != start:
        return f"{start} – {end}"
    return str(start or end or "")


def predicate_rank(predicate: str) -> int:
    return (
        PREDICATE_ORDER.index(predicate) if predicate in PREDICATE_ORDER else len(PREDICATE_ORDER)
    )


def is_weak(fact: Mapping[str, Any]) -> bool:
    """Single-source and hedged or of low confidence: check before repeating."""
    return fact["n_independent_sources"] <= 1 and (
        bool(fact["hedged"]) or fact["confidence"] < WEAK_CONFIDENCE
    )


def group_profile(group: Mapping[str, Any], facts: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Leaders (with dates), media arms, allegiances and enemies of one group."""
    gid = group["id"]
    profile: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def add(kind: str, other: Mapping[str, Any], fact: Mapping[str, Any], note: str = "") -> None:
        profile[kind].append(
            {
                "id": other.get("id"),
                "name": other.get("name") or other.get("value"),
                "when": when_text(fact.get("time")),
                "role": (fact.get("attributes") or {}).get("role", ""),
                "note": note,
                "confidence": fact["confidence"],
                "fact_id": fact["id"],
            }
        )

    for fact in facts:
        if fact.get("negated"):
            continue
        predicate = fact["predicate"]
        subject, target = fact["subject"], fact.get("object") or {}
        if target.get("id") == gid and predicate == "leader_of":
            add("leaders", subject, fact)
        elif target.get("id") == gid and predicate == "media_arm_of":
            add("media", subject, fact)
        elif subject["id"] == gid and predicate in ("pledged_allegiance_to", "affiliate_of"):
            add("allegiances", target, fact, predicate.replace("_", " "))
        elif target.get("id") == gid and predicate in ("pledged_allegiance_to", "affiliate_of"):
            add(
                "allegiances",
                subject,
                fact,
                "pledged to it" if "pledged" in predicate else "branch",
            )
        elif predicate == "enemy_of" and gid in (subject["id"], target.get("id")):
            add("enemies", target if subject["id"] == gid else subject, fact)
        elif (
            predicate == "attacked"
            and subject["id"] == gid
            and target.get("type")
            in (
                "armed_group",
                "armed_forces",
                "intelligence_agency",
                "government",
            )
        ):
            add("enemies", target, fact, "attacked")
        elif predicate == "attacked" and target.get("id") == gid:
            add("enemies", subject, fact, "attacked it")
    for rows in profile.values():
        rows.sort(key=lambda r: (r["when"] or "~", -r["confidence"]))
    return dict(profile)


def _first_reported(
    facts: Iterable[Mapping[str, Any]], doc_dates: Mapping[str, str | None]
) -> dict[str, str]:
    """Fact id → the date of the earliest document reporting it."""
    found: dict[str, str] = {}
    for fact in facts:
        dates = [doc_dates.get(e["doc_id"]) for e in fact["evidence"]]
        known = sorted(d for d in dates if d)
        if known:
            found[fact["id"]] = known[0]
    return found


def _document_dates(store: Store) -> tuple[dict[str, str | None], list[dict[str, Any]]]:
    """Document id → date it became known (published, else ingested), and the source list."""
    docs = schema.documents
    dates: dict[str, str | None] = {}
    listing: list[dict[str, Any]] = []
    columns = (docs.c.id, docs.c.uri, docs.c.title, docs.c.source, docs.c.published)
    with store.engine.connect() as conn:
        for row in conn.execute(select(*columns, docs.c.lang, docs.c.ingested_at)):
            dates[row.id] = row.published or (row.ingested_at or "")[:10] or None
            listing.append(dict(row._mapping))
    listing.sort(key=lambda d: (d["published"] or "~", d["uri"]))
    return dates, listing


def newest_documents(
    documents: list[dict[str, Any]], limit: int = MAX_DOCUMENTS
) -> list[dict[str, Any]]:
    """The ``limit`` most recently published documents (undated last), in listing order."""
    if len(documents) <= limit:
        return documents
    newest = sorted(documents, key=lambda d: (d["published"] or "", d["uri"]), reverse=True)
    return sorted(newest[:limit], key=lambda d: (d["published"] or "~", d["uri"]))


def bounded_ledger(
    ledger: list[Mapping[str, Any]], per_predicate: int = MAX_LEDGER_PER_PREDICATE
) -> list[Mapping[str, Any]]:
    """A ledger sorted by predicate then confidence, cut to ``per_predicate`` facts of each
    predicate: every kind of claim stays in view, its most confident facts first."""
    shown: list[Mapping[str, Any]] = []
    seen: dict[str, int] = defaultdict(int)
    for fact in ledger:
        seen[fact["predicate"]] += 1
        if seen[fact["predicate"]] <= per_predicate:
            shown.append(fact)
    return shown


def default_since(doc_dates: Mapping[str, str | None]) -> str:
    latest = max((d for d in doc_dates.values() if d), default=None)
    if latest is None:
        return date.today().isoformat()
    year, month, day = (latest.split("-") + ["01", "01"])[:3]
    anchor = date(int(year), int(month), int(day))
    return (anchor - DEFAULT_NEW_WINDOW).isoformat()


def _pick_groups(
    entities: Mapping[str, Mapping[str, Any]],
    footprints: Mapping[str, GroupFootprint],
    facts_of: Mapping[str, list[Mapping[str, Any]]],
    group: Mapping[str, Any] | None,
) -> list[Mapping[str, Any]]:
    if group is not None:
        return [group]
    groups = [
        e
        for e in entities.values()
        if e["type"] == "armed_group" and (e["id"] in footprints or len(facts_of[e["id"]]) >= 2)
    ]
    groups.sort(key=lambda e: (-len(facts_of[e["id"]]), -e["mentions"], e["name"]))
    return groups[:MAX_GROUPS]


def build_context(
    store: Store, *, group: str | None = None, since: str | None = None
) -> dict[str, Any]:
    """Everything the template shows, as plain data (also handy for tests)."""
    from spoor.outputs.export import resolve_group

    entities = {e["id"]: e for e in store.entities()}
    chosen = resolve_group(entities.values(), group) if group else None
    facts = list(store.facts())
    doc_dates, documents = _document_dates(store)
    places, links = read_places(store)
    footprints = build_footprints(facts, places, doc_dates, links)
    facts_of: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for fact in facts:
        facts_of[fact["subject"]["id"]].append(fact)
        target = fact["object"].get("id")
        if target and target != fact["subject"]["id"]:
            facts_of[target].append(fact)
    groups = []
    for entity in _pick_groups(entities, footprints, facts_of, chosen):
        footprint = footprints.get(entity["id"]) or GroupFootprint(entity["id"], entity["name"])
        ledger = sorted(
            facts_of[entity["id"]],
            key=lambda f: (predicate_rank(f["predicate"]), -f["confidence"]),
        )
        groups.append(
            {
                **entity,
                "profile": group_profile(entity, ledger),
                "footprint": footprint,
                "map": charts.footprint_map(footprint.cells),
                "timeline": charts.timeline(footprint.cells),
                "years": _year_range(footprint),
                "expansion": footprint.expansion,
                "languages": footprint.languages,
                "ledger": bounded_ledger(ledger, MAX_LEDGER_PER_PREDICATE),
                "ledger_total": len(ledger),
                "ledger_bound": MAX_LEDGER_PER_PREDICATE,
            }
        )
    network = build_network(facts, focus=chosen["id"] if chosen else None)
    since = since or default_since(doc_dates)
    first_seen = _first_reported(facts, doc_dates)
    scope = {f["id"] for g in groups for f in g["ledger"]} if chosen else None
    new = [
        {**f, "first_reported": first_seen[f["id"]]}
        for f in facts
        if first_seen.get(f["id"], "") >= since and (scope is None or f["id"] in scope)
    ]
    new.sort(key=lambda f: (f["first_reported"], predicate_rank(f["predicate"])), reverse=True)
    weak = [f for f in facts if is_weak(f) and (scope is None or f["id"] in scope)]
    return {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "stats": store.stats(),
        "groups": groups,
        "group_filter": chosen,
        "network": network,
        "network_svg": charts.network_graph(network),
        "central": network.ranked()[:12],
        "since": since,
        "new": new[:MAX_NEW],
        "new_total": len(new),
        "weak": weak[:MAX_WEAK],
        "weak_total": len(weak),
        "documents": newest_documents(documents, MAX_DOCUMENTS),
        "documents_total": len(documents),
        "map_source": charts.MAP_SOURCE,
        "legend": charts.legend(),
    }


def _year_range(footprint: GroupFootprint) -> tuple[int, int]:
    years = [int(c.first_seen[:4]) for c in footprint.cells if c.first_seen]
    if not years:
        this = datetime.now(UTC).year
        return this, this
    return min(years), max(years)


def _csp_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def static_text(name: str) -> str:
    return (charts.STATIC_DIR / name).read_text(encoding="utf-8")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: reading a big store makes millions of small dicts
    (facts and their evidence) without cycles, and the collector would walk all of them
    again and again (a quarter of the build time on 100,000 documents)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_report(store: Store, *, group: str | None = None, since: str | None = None) -> str:
    script, style = static_text("spoor.js"), static_text("spoor.css")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    template = environment().get_template("report.html")
    with _collector_paused():
        context = build_context(store, group=group, since=since)
        return template.render(**context, inline_script=script, inline_style=style, csp=csp)


def write_report(
    store: Store, out_dir: Path, *, group: str | None = None, since: str | None = None
) -> Path:
    """Write ``out_dir/index.html`` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(render_report(store, group=group, since=since), encoding="utf-8")
    return path


__all__ = [
    "bounded_ledger",
    "build_context",
    "environment",
    "group_profile",
    "is_weak",
    "newest_documents",
    "render_report",
    "write_report",
]
