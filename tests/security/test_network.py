"""The address guard end to end: `spoor ingest URL` against a loopback server
that records every request it receives. Only 127.0.0.1 is ever contacted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.loopback import Page, serve
from tests.security.conftest import run_spoor

pytestmark = pytest.mark.integration


_PAGES = {
    "/hop": Page(status=302, headers={"Location": "/page.html"}),
    "/page.html": Page(b"<html><body><article><p>" + b"A loopback page about the district. " * 5),
}


@pytest.fixture()
def server() -> Iterator[tuple[str, list[str]]]:
    with serve(_PAGES) as loopback:
        yield loopback.base, loopback.paths


@pytest.mark.parametrize(
    "spelling",
    ["2130706433", "[::ffff:127.0.0.1]"],  # every other spelling: tests/test_netguard.py
)
def test_cli_refuses_loopback_in_any_spelling_and_the_server_sees_nothing(
    server: tuple[str, list[str]], tmp_path: Path, spelling: str
) -> None:
    base, seen = server
    port = base.rsplit(":", 1)[1]
    url = f"http://{spelling}:{port}/hop"
    run = run_spoor("ingest", url, "--db", str(tmp_path / "u.db"), cwd=tmp_path, timeout=120)
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    [line] = [line for line in run.stderr.splitlines() if line.startswith("rejected: ")]
    assert line.startswith(f"rejected: {url}: ") and "allow_private_urls" in line
    assert seen == []


def test_cli_fetches_loopback_only_when_allowed(
    server: tuple[str, list[str]], tmp_path: Path
) -> None:
    base, seen = server
    run = run_spoor(
        "ingest",
        f"{base}/hop",
        "--db",
        str(tmp_path / "u.db"),
        cwd=tmp_path,
        env={"SPOOR_ALLOW_PRIVATE_URLS": "1"},
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert seen == ["/hop", "/page.html"]  # the redirect was followed, hop by hop
