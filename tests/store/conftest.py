"""Store tests run against both backends: SQLite and a throwaway PostgreSQL cluster.

The cluster lives under a temporary folder, listens on a free loopback port,
trusts local connections and is stopped (and deleted) at the end of the
session. Each test gets a fresh database in it. PostgreSQL refuses to run
as root, so under root the server runs as the ``postgres`` system user
(created by Debian's package, which `make test` installs when missing).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from spoor.store import Store

PG_BIN_DIRS = (Path("/usr/lib/postgresql/15/bin"), Path("/usr/local/bin"), Path("/usr/bin"))
_counter = itertools.count()


@dataclass(slots=True)
class PostgresServer:
    """A running throwaway cluster; ``url(name)`` addresses one database in it."""

    port: int
    user: str
    data_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(_counter)}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _pg_binary(name: str) -> str:
    for folder in PG_BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if found:
        return str(found[-1])
    raise RuntimeError(
        f"PostgreSQL's {name} is missing: run scripts/install_system_deps.sh (Debian: "
        "apt-get install postgresql)."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user() -> dict[str, Any]:
    """Arguments for subprocess.run that drop root to the postgres user."""
    if os.geteuid() != 0:
        return {}
    entry = pwd.getpwnam("postgres")
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def start_cluster() -> tuple[PostgresServer, Path]:
    root = Path(tempfile.mkdtemp(prefix="spoor-pg-"))
    drop = _as_server_user()
    if drop:
        os.chown(root, drop["user"], drop["group"])
    data_dir = root / "data"
    user = "spoor"
    subprocess.run(
        [_pg_binary("initdb"), "-D", str(data_dir), "-U", user, "--auth=trust", "-E", "UTF8"]
        + ["--locale=C.UTF-8", "--no-sync"],
        check=True,
        capture_output=True,
        **drop,
    )
    port = _free_port()
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
    )
    subprocess.run(
        [_pg_binary("pg_ctl"), "-D", str(data_dir), "-o", options, "-l", str(root / "log")]
        + ["-w", "-t", "60", "start"],
        check=True,
        capture_output=True,
        **drop,
    )
    return PostgresServer(port=port, user=user, data_dir=data_dir), root


def stop_cluster(server: PostgresServer, root: Path) -> None:
    subprocess.run(
        [_pg_binary("pg_ctl"), "-D", str(server.data_dir), "-m", "immediate", "-w", "stop"],
        check=False,
        capture_output=True,
        **_as_server_user(),
    )
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server, root = start_cluster()
    try:
        yield server
    finally:
        stop_cluster(server, root)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store address on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    handle = Store.open(store_url)
    yield handle
    handle.close()
