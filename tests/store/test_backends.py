"""Opening stores on either backend: URLs, migrations under concurrency, messages (issue 8)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from spoor.errors import StoreError
from spoor.store import Store, schema
from spoor.store.db import MIGRATIONS, database_url, safe_url


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgres://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_pick_the_psycopg_driver(given: str, url: str) -> None:
    assert database_url(given) == url


def test_a_path_becomes_an_absolute_sqlite_url(tmp_path: Path) -> None:
    assert database_url(tmp_path / "k.db") == f"sqlite:///{tmp_path / 'k.db'}"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://bob:secret@h/db", "postgresql+psycopg://bob:***@h/db"),
        ("postgresql+psycopg://bob@h/db", "postgresql+psycopg://bob@h/db"),
        ("sqlite:////tmp/x.db", "/tmp/x.db"),
    ],
)
def test_passwords_never_reach_messages(url: str, shown: str) -> None:
    assert safe_url(url) == shown


@pytest.mark.postgres
def test_unreachable_server_is_a_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="Check that the server runs") as caught:
        Store.open("postgresql://bob:secret@127.0.0.1:1/nope")
    assert "secret" not in str(caught.value)


def test_stores_opened_at_once_migrate_once(store_url: str) -> None:
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            Store.open(store_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = Store.open(store_url)
    with store.engine.connect() as conn:
        versions = sorted(conn.execute(select(schema.migrations.c.version)).scalars())
    store.close()
    assert versions == sorted(version for version, _, _ in MIGRATIONS)
