"""`spoor watch`: intervals, alerts from store snapshots, the guarded webhook, the CLI."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spoor.analysis.footprint import diff_snapshots
from spoor.commands.watch import current_state, parse_interval, post_alerts
from spoor.errors import SpoorError, UnsafeURL
from spoor.store import Store
from tests.web.stores import extractions

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("15m", 900.0),
        ("30s", 30.0),
        ("1h", 3600.0),
        ("2d", 172800.0),
        ("45", 45.0),
        (" 1.5m ", 90.0),
    ],
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15 minutes", "-1m", "0.5s", "1w"])
def test_parse_interval_rejects(text: str) -> None:
    with pytest.raises(SpoorError):
        parse_interval(text)


def test_alerts_from_one_poll_to_the_next(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "kb.db")
    store.write_batch(extractions({"doc-2019"}))
    before, _ = current_state(store)
    store.write_batch(extractions({"doc-2021", "doc-2023", "doc-2024"}))
    after, names = current_state(store)
    store.close()
    alerts = diff_snapshots(before, after, names)
    assert {(a["kind"], a["name"]) for a in alerts} == {
        ("new_province", "Kunar"),
        ("new_country", "Pakistan"),
        ("new_province", "Khyber Pakhtunkhwa"),
        ("new_country", "Tajikistan"),
        ("new_leader", "Shahab al-Muhajir"),
        ("new_media_outlet", "Al-Azaim Foundation"),
        ("new_language", "Pashto"),
        ("new_language", "Uzbek"),
    }
    assert {a["group"] for a in alerts} == {"Islamic State Khorasan Province"}
    assert diff_snapshots(after, after, names) == []


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("content-length", "0"))
        _Receiver.received.append(
            {"body": json.loads(self.rfile.read(length)), "agent": self.headers.get("user-agent")}
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def receiver() -> Iterator[str]:
    _Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    thread.join(timeout=5)


def test_webhook_posts_alerts_as_json(receiver: str) -> None:
    alerts = [{"kind": "new_country", "group": "G", "key": "PK", "name": "Pakistan"}]
    assert post_alerts(receiver, alerts, allow_private=True, user_agent="Spoor/test") == 204
    assert _Receiver.received == [{"body": {"alerts": alerts}, "agent": "Spoor/test"}]


@pytest.mark.parametrize("rewrite", [lambda u: u, lambda u: u.replace("127.0.0.1", "2130706433")])
def test_webhook_to_loopback_is_refused_by_default(receiver: str, rewrite: Any) -> None:
    with pytest.raises(UnsafeURL):
        post_alerts(
            rewrite(receiver), [{"kind": "x"}], allow_private=False, user_agent="Spoor/test"
        )
    assert _Receiver.received == []


@pytest.mark.model
@pytest.mark.integration
def test_watch_once_ingests_new_files_and_alerts_once(tmp_path: Path, receiver: str) -> None:
    from spoor.cli import app

    folder = tmp_path / "inbox"
    folder.mkdir()
    corpus = ROOT / "examples" / "corpus"
    shutil.copy(corpus / "2023-06-14-borderlands-review-kunar-nangarhar-presence.html", folder)
    command = [
        "watch",
        str(folder),
        "--db",
        str(tmp_path / "kb.db"),
        "--once",
        "--webhook",
        receiver,
        "--allow-private-webhook",
    ]
    first = CliRunner().invoke(app, command)
    assert first.exit_code == 0, first.output
    alerts = [json.loads(line) for line in first.stdout.splitlines() if line.startswith("{")]
    assert ("new_country", "AF") in {(a["kind"], a["key"]) for a in alerts}
    assert {"new_province"} <= {a["kind"] for a in alerts}
    assert len(_Receiver.received) == 1 and len(_Receiver.received[0]["body"]["alerts"]) == len(
        alerts
    )

    again = CliRunner().invoke(app, command)
    assert [line for line in again.stdout.splitlines() if line.startswith("{")] == []

    shutil.copy(corpus / "2023-07-31-hindu-kush-monitor-bajaur-rally-bombing.txt", folder)
    third = CliRunner().invoke(app, command)
    new = [json.loads(line) for line in third.stdout.splitlines() if line.startswith("{")]
    assert ("new_country", "PK") in {(a["kind"], a["key"]) for a in new}
    assert "AF" not in {a["key"] for a in new}
