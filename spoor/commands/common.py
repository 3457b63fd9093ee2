"""What every command module shares: the --db option, opening the store, Spoor's error
handling and the ingest summary, all owned by spoor.cli.

spoor.cli imports the command modules to register them, so spoor.cli is taken lazily,
inside calls, and as ``__main__`` under ``python -m spoor.cli``: imported a second time
it would be a copy whose --debug and --quiet flags were never set.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import Annotated, Any, TypeVar

import typer

T = TypeVar("T")

DbOption = Annotated[
    str,
    typer.Option("--db", envvar="SPOOR_DB", help="SQLite file or postgresql:// URL."),
]


def cli() -> ModuleType:
    """The running spoor.cli module (``__main__`` under ``python -m spoor.cli``)."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if main is not None and spec is not None and spec.name == "spoor.cli":
        return main
    import spoor.cli

    return spoor.cli


def open_kb(db: str) -> Any:
    """The knowledge base at ``db``, with the CLI's settings."""
    return cli()._open(db)


def guarded(action: Callable[[], T]) -> T:
    """Run a command body; a Spoor error becomes a message and an exit code."""
    result: T = cli()._run(action)
    return result


def echo_error(message: str) -> None:
    cli()._err(message)


def report_ingest(report: Any, db: str) -> None:
    """Print what an ingest stored and rejected; exit 3 when anything was rejected."""
    cli().report_ingest(report, db)
