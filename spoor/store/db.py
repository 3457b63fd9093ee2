"""Opening a store: engine, pragmas and recorded migrations.

A store is a SQLite file by default (WAL journal, FTS5 over document
text) or a PostgreSQL URL. Migrations are numbered functions; each one
applied is recorded in the ``migrations`` table, so opening an older store
brings it up to date and opening a current one does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from spoor.errors import StoreError
from spoor.store import schema

log = logging.getLogger(__name__)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def database_url(db: str | Path) -> str:
    """A path becomes a SQLite URL; URLs pass through."""
    value = str(db)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _create_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn)


def _create_fulltext(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
                "doc_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
            )
        )
    elif conn.dialect.name == "postgresql":
        conn.execute(
            text(
                "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents "
                "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || text))"
            )
        )


MIGRATIONS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "create tables", _create_tables),
    (2, "full-text index over documents", _create_fulltext),
)


def migrate(engine: Engine) -> list[int]:
    """Apply pending migrations; return the versions applied."""
    applied: list[int] = []
    with engine.begin() as conn:
        if not inspect(conn).has_table("migrations"):
            schema.migrations.create(conn)
        done = set(conn.execute(select(schema.migrations.c.version)).scalars())
        for version, name, apply in MIGRATIONS:
            if version in done:
                continue
            apply(conn)
            conn.execute(
                schema.migrations.insert().values(version=version, name=name, applied_at=now())
            )
            applied.append(version)
            log.info("applied migration %d: %s", version, name)
    return applied


def open_engine(db: str | Path) -> Engine:
    url = database_url(db)
    try:
        if url.startswith("sqlite"):
            path = Path(url.removeprefix("sqlite:///"))
            if not path.parent.exists():
                raise StoreError(
                    f"Folder {path.parent} does not exist; create it or choose another --db."
                )
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        migrate(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"Cannot open the store at {db}: {exc.__class__.__name__}: {exc}") from exc
    return engine
