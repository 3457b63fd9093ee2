"""The store: SQLite by default, PostgreSQL for teams, one schema for both."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from spoor.errors import StoreError
from spoor.records import Entity, Extraction, Rejection
from spoor.store import queries, schema, writer
from spoor.store.db import database_url, lock_writes, open_engine
from spoor.store.facts import iter_facts, overview

__all__ = ["Store", "database_url"]


class Store:
    """A handle on one knowledge base; all writes go through ``write_batch``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str | Path) -> Store:
        return cls(open_engine(db))

    def close(self) -> None:
        self.engine.dispose()

    def known_documents(self, doc_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(doc_ids), 500):
                chunk = list(doc_ids[i : i + 500])
                found.update(
                    conn.execute(
                        select(schema.documents.c.id).where(schema.documents.c.id.in_(chunk))
                    ).scalars()
                )
        return found

    def write_batch(
        self,
        extractions: Sequence[Extraction],
        rejections: Sequence[Rejection] = (),
        duplicates: Sequence[tuple[str, str]] = (),
    ) -> list[str]:
        """Write one batch atomically: all of it is committed, or none of it."""
        try:
            with self.engine.begin() as conn:
                lock_writes(conn)
                return writer.write_batch(conn, extractions, rejections, duplicates)
        except SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc
            raise StoreError(
                f"Could not write to the store ({exc.__class__.__name__}: {cause}). Nothing from "
                "this batch was saved; check disk space and permissions, then re-run."
            ) from exc

    def sync_entities(self, entities: Iterable[Entity]) -> None:
        """Make sure curated entities (and their aliases) exist in the store."""
        with self.engine.begin() as conn:
            lock_writes(conn)
            writer.write_entities(conn, entities, origin="curated")

    def entities(self, *, include_unseen: bool = False) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            yield from queries.iter_entities(conn, include_unseen=include_unseen)

    def facts(
        self, *, entity: str | None = None, predicate: str | None = None
    ) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            yield from iter_facts(conn, entity=entity, predicate=predicate)

    def fact_overview(self, *, entity: str | None = None) -> tuple[int, list[str]]:
        """How many facts ``facts(entity=...)`` lists and their predicates (cheaper)."""
        with self.engine.connect() as conn:
            return overview(conn, entity=entity)

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return queries.stats(conn)

    def documents(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for row in conn.execute(
                select(schema.documents).order_by(schema.documents.c.published)
            ):
                yield dict(row._mapping)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return queries.search_documents(conn, query, limit)
