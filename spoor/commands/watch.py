"""`spoor watch`: ingest what is new, on a schedule, and raise alerts.

An alert is one JSON line: a group's footprint gained a country or a
province, a new propaganda language appeared, or a new leader or media
outlet was linked to it. Each cycle compares the store before and after its
ingest (footprint.snapshot / diff_snapshots), so what was already known never
alerts again. With ``--webhook URL`` each cycle's alerts are also POSTed as
JSON, through the same address guard as fetching (spoor/netguard.py).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
import typer

from spoor.analysis.footprint import diff_snapshots, load_footprints, snapshot
from spoor.commands.common import echo_error, guarded, open_kb
from spoor.errors import SpoorError, UnsafeURL
from spoor.netguard import check_url
from spoor.store import Store

log = logging.getLogger(__name__)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """``"15m"`` → 900.0; plain numbers are seconds. At least one second."""
    match = _INTERVAL.match(text.lower())
    if not match:
        raise SpoorError(f"Cannot read the interval {text!r}; write e.g. 30s, 15m, 1h or 1d.")
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds < 1:
        raise SpoorError("The interval must be at least one second.")
    return seconds


def current_state(store: Store) -> tuple[dict[tuple[str, str, str], str], dict[str, str]]:
    """The alert snapshot of a store, and group id → name."""
    facts = list(store.facts())
    footprints = load_footprints(store, facts=facts)
    names = {gid: fp.name for gid, fp in footprints.items()}
    for fact in facts:
        target = fact.get("object") or {}
        if target.get("type") == "armed_group":
            names.setdefault(str(target["id"]), str(target.get("name")))
    return snapshot(footprints, facts), names


def stamp(alerts: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return [{**alert, "detected_at": now} for alert in alerts]


def post_alerts(
    url: str,
    alerts: Sequence[Mapping[str, Any]],
    *,
    allow_private: bool,
    user_agent: str,
    timeout: float = 10.0,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """POST ``{"alerts": [...]}`` to ``url``; return the HTTP status.

    The URL passes the address guard first; redirects are not followed (a
    redirect could point the request into the private network).
    """
    check_url(url, allow_private=allow_private)
    with httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        transport=transport,
        headers={"user-agent": user_agent},
    ) as client:
        response = client.post(url, json={"alerts": list(alerts)})
    return response.status_code


def watch(
    targets: Annotated[list[str], typer.Argument(help="Files, folders, URLs or feeds to poll.")],
    db: Annotated[str, typer.Option("--db", envvar="SPOOR_DB", help="SQLite file or URL.")] = (
        "spoor.db"
    ),
    every: Annotated[str, typer.Option(help="Time between polls: 30s, 15m, 1h …")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and stop.")] = False,
    webhook: Annotated[
        str | None, typer.Option(help="Also POST each poll's alerts as JSON to this URL.")
    ] = None,
    allow_private_webhook: Annotated[
        bool,
        typer.Option(help="Let the webhook be on loopback or a private address (tests, LAN)."),
    ] = False,
) -> None:
    """Ingest what is new every interval and print alerts as JSON lines."""
    interval = guarded(lambda: parse_interval(every))

    def cycle(kb: Any) -> None:
        before, _ = current_state(kb.store)
        result = kb.ingest(targets)
        after, names = current_state(kb.store)
        alerts = stamp(diff_snapshots(before, after, names))
        for rejection in result.rejected:
            echo_error(f"rejected: {rejection.uri}: {rejection.reason}")
        for alert in alerts:
            typer.echo(json.dumps(alert, ensure_ascii=False))
        if webhook and alerts:
            try:
                status = post_alerts(
                    webhook,
                    alerts,
                    allow_private=allow_private_webhook or kb.settings.allow_private_urls,
                    user_agent=kb.settings.user_agent,
                )
                if status >= 300:
                    echo_error(f"webhook answered HTTP {status}")
            except (UnsafeURL, httpx.HTTPError) as exc:
                echo_error(f"webhook not sent: {exc}")
        echo_error(
            f"{result.stored} new documents, {len(alerts)} alerts "
            f"({datetime.now(UTC).strftime('%H:%M:%S')} UTC)"
        )

    def body() -> None:
        with open_kb(db) as kb:
            while True:
                cycle(kb)
                if once:
                    return
                time.sleep(interval)

    guarded(body)


def register(app: typer.Typer) -> None:
    app.command("watch")(watch)
