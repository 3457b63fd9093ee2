"""The Python API, for notebooks and scripts; the CLI is a thin layer over it.

Example::

    import spoor
    kb = spoor.open("iskp.db")
    kb.ingest(["reports/"])
    places = [f["object"]["name"] for f in kb.facts(entity="kb:iskp", predicate="active_in")]
    attacks = kb.facts(predicate="attacked").to_pandas()
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spoor.errors import NotFound
from spoor.settings import Settings, load_settings
from spoor.store import Store

if TYPE_CHECKING:
    import pandas

    from spoor.pipeline import Analyzer, IngestReport


class Results(list[dict[str, Any]]):
    """A list of contract-shaped dicts that can become a pandas DataFrame."""

    def to_pandas(self) -> pandas.DataFrame:
        try:
            import pandas
        except ImportError as exc:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from exc
        return pandas.json_normalize(list(self))


class KnowledgeStore:
    """One Spoor knowledge base: a store plus the settings used to fill it."""

    def __init__(self, db: str | Path, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self.store = Store.open(db)
        self._analyzer: Analyzer | None = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        paths: str | Path | Iterable[str | Path],
        *,
        metadata: Mapping[str, str] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Ingest files, folders, URLs or feeds; bad inputs are reported, never raised."""
        from spoor.pipeline import Analyzer, ingest

        targets: Sequence[str] = (
            [str(paths)] if isinstance(paths, str | Path) else [str(p) for p in paths]
        )
        if self._analyzer is None:
            self._analyzer = Analyzer(self.settings)
        return ingest(
            targets,
            self.store,
            self.settings,
            metadata=metadata,
            analyzer=self._analyzer,
            on_progress=on_progress,
        )

    def entities(self, *, include_unseen: bool = False) -> Results:
        return Results(self.store.entities(include_unseen=include_unseen))

    def entity(self, entity_id: str) -> dict[str, Any]:
        for entity in self.store.entities(include_unseen=True):
            if entity["id"] == entity_id:
                return entity
        raise NotFound(f"No entity {entity_id!r}; `spoor entities` lists the ids.")

    def facts(self, *, entity: str | None = None, predicate: str | None = None) -> Results:
        return Results(self.store.facts(entity=entity, predicate=predicate))

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def search(self, query: str, limit: int = 20) -> Results:
        return Results(self.store.search(query, limit))


def open(db: str | Path, settings: Settings | None = None) -> KnowledgeStore:  # noqa: A001
    """Open (creating if needed) the knowledge base at ``db``: a path or a database URL."""
    return KnowledgeStore(db, settings)
