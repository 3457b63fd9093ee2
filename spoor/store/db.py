"""Opening a store: engine, pragmas and recorded migrations.

A store is a SQLite file by default (WAL journal, FTS5 over document
text) or a PostgreSQL URL. Migrations are numbered functions; each one
applied is recorded in the ``migrations`` table, so opening an older store
brings it up to date and opening a current one does nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from spoor.errors import StoreError
from spoor.stages import reuse
from spoor.store import schema

log = logging.getLogger(__name__)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def database_url(db: str | Path) -> str:
    """A path becomes a SQLite URL; URLs pass through."""
    value = str(db)
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            # Spoor's PostgreSQL driver is psycopg 3; SQLAlchemy would default to psycopg2.
            return "postgresql+psycopg://" + value.removeprefix(prefix)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # the wait first: switching a new file to WAL takes a lock another opener may hold
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
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


# Key of the PostgreSQL advisory lock that serialises writing transactions.
WRITE_LOCK_KEY = 0x5B007


def lock_writes(conn: Connection) -> None:
    """Serialise writers on PostgreSQL for the rest of this transaction.

    Two ingesters inserting overlapping entities, aliases or facts in
    different orders would each wait on the other's uncommitted keys and
    deadlock; taking one transaction-scoped advisory lock first makes the
    writes queue instead (writing is a small part of an ingest, the
    analysis before it still runs in parallel). SQLite already allows one
    writer at a time, so there it does nothing.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


def _cap_postings_and_index_ingest_time(conn: Connection) -> None:
    """Drop shingle postings beyond the cap (stores written before it), make the postings
    index covering and add the index the web app's staleness check needs (a store created
    by migration 1 has both)."""
    row = "ctid" if conn.dialect.name == "postgresql" else "rowid"
    # One pass with a window function: a correlated subquery per posting would be
    # quadratic in the holders of a common hash.
    conn.execute(
        text(
            f"DELETE FROM shingles WHERE {row} IN ("
            f"  SELECT {row} FROM ("
            f"    SELECT {row}, DENSE_RANK() OVER (PARTITION BY hash ORDER BY doc_id) AS holder"
            "    FROM shingles"
            "  ) ranked WHERE holder > :cap"
            ")"
        ),
        {"cap": reuse.MAX_POSTINGS + 1},
    )
    for index in (*schema.documents.indexes, *schema.shingles.indexes):
        index.create(conn, checkfirst=True)
    conn.execute(text("DROP INDEX IF EXISTS ix_shingles_hash"))  # replaced by a covering one


def _covering_mention_index(conn: Connection) -> None:
    """The index the report's mention counts read without touching table rows (a store
    created by migration 1 already has it)."""
    for index in schema.mentions.indexes:
        index.create(conn, checkfirst=True)
    conn.execute(text("DROP INDEX IF EXISTS ix_mentions_entity"))  # its columns lead the new one


MIGRATIONS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "create tables", _create_tables),
    (2, "full-text index over documents", _create_fulltext),
    (3, "cap shingle postings, covering index, ingest time", _cap_postings_and_index_ingest_time),
    (4, "covering index for mention counts", _covering_mention_index),
)


def migrate(engine: Engine) -> list[int]:
    """Apply pending migrations; return the versions applied."""
    applied: list[int] = []
    with engine.begin() as conn:
        # Two ingesters opening a new database must not both migrate it: take the
        # write lock first (pysqlite would otherwise run the DDL outside any transaction).
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        lock_writes(conn)
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


def _migrate_when_free(engine: Engine, attempts: int = 5) -> None:
    """Migrate, waiting out another process that opens the same new SQLite file: SQLite
    can answer "database is locked" at once, without waiting, while a new file is being
    switched to WAL by the other opener."""
    for attempt in range(attempts):
        try:
            migrate(engine)
            return
        except OperationalError as exc:
            locked = "database is locked" in str(exc.orig)
            if not locked or engine.dialect.name != "sqlite" or attempt == attempts - 1:
                raise
            engine.dispose()
            time.sleep(0.2 * (attempt + 1))


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
        _migrate_when_free(engine)
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"The database driver for {url.split(':', 1)[0]} is not installed ({exc.name}); "
            "for PostgreSQL run: pip install 'psycopg[binary]'."
        ) from exc
    except SQLAlchemyError as exc:
        where = safe_url(url)
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        hint = ""
        if url.startswith("postgresql"):
            hint = " Check that the server runs, the database exists and the user may log in."
        raise StoreError(
            f"Cannot open the store at {where}: {exc.__class__.__name__}: {detail}.{hint}"
        ) from exc
    return engine


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    if url.startswith("sqlite"):
        return url.removeprefix("sqlite:///")
    return make_url(url).render_as_string(hide_password=True)
