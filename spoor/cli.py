"""The ``spoor`` command line: a thin layer over ``spoor.api``.

Exit codes: 0 success (every input ingested or already present);
1 a run-level error (its message says what to do); 2 a usage error;
3 some inputs were rejected (each named on stderr; the rest committed).
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError

from spoor.commands import register_all
from spoor.commands.common import DbOption
from spoor.errors import SpoorError
from spoor.settings import SETTINGS_TABLE, load_settings

EXIT_ERROR = 1
EXIT_REJECTED = 3

app = typer.Typer(
    name="spoor",
    help="Follow the trail an armed group leaves in open-source reporting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state: dict[str, Any] = {"debug": False, "quiet": False, "config": None}

T = TypeVar("T")


class ListFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class StatsFormat(StrEnum):
    json = "json"
    table = "table"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _run(action: Callable[[], T]) -> T:
    """Run a command body, turning Spoor errors into a message and exit code 1."""
    try:
        return action()
    except SpoorError as exc:
        if _state["debug"]:
            traceback.print_exc()
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        _err("interrupted: committed batches are kept; re-run to resume.")
        raise typer.Exit(130) from None
    except SQLAlchemyError as exc:  # a store failure no library layer turned into StoreError
        _err(
            f"error: the store could not be read or written ({getattr(exc, 'orig', None) or exc}); "
            "nothing half-written was kept. Check disk space and that the file is writable."
        )
        raise typer.Exit(EXIT_ERROR) from None


def _open(db: str) -> Any:
    import spoor

    settings = load_settings(_state["config"])
    return spoor.open(db, settings)


@app.callback()
def main(
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only results and errors.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML settings file (see `spoor settings`).")
    ] = None,
) -> None:
    _state.update(debug=debug, quiet=quiet, config=config)
    level = logging.DEBUG if debug else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@app.command()
def ingest(
    targets: Annotated[list[str], typer.Argument(help="Files, folders, URLs or feeds.")],
    db: DbOption = "spoor.db",
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for every input.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Source (outlet) name for every input.")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Language code for every input.")] = None,
    allow_private_urls: Annotated[
        bool, typer.Option(help="Allow URLs on loopback/private addresses (testing only).")
    ] = False,
    engine: Annotated[
        str, typer.Option(help="local (this process) or ray (a Ray Data job; spoor[ray]).")
    ] = "local",
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address (ray://HOST:10001); default: local.")
    ] = None,
    shards: Annotated[
        Path | None, typer.Option(help="Ray: write Parquet shards here for `spoor load`.")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Parsing processes (local) or model-holding actors (ray).")
    ] = 1,
) -> None:
    """Read documents into the knowledge base. Re-running skips what is already stored."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    settings = load_settings(
        _state["config"], overrides={"allow_private_urls": allow_private_urls or None}
    )
    metadata = {
        k: v for k, v in {"published": published, "source": source, "lang": lang}.items() if v
    }
    if published and not _valid_date(published):
        _err(f"error: --published must be YYYY, YYYY-MM or YYYY-MM-DD, got {published!r}")
        raise typer.Exit(2)
    if engine not in ("local", "ray"):
        _err(f"error: --engine must be local or ray, got {engine!r}")
        raise typer.Exit(2)

    def body() -> Any:
        import spoor

        if engine == "ray":
            from spoor.engines.ray_data import ingest_from_cli

            return ingest_from_cli(targets, db, settings, metadata, address, shards, workers)
        with (
            spoor.open(db, settings) as kb,
            Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("{task.completed} inputs"),
                TimeElapsedColumn(),
                disable=_state["quiet"] or not sys.stderr.isatty(),
                transient=True,
            ) as progress,
        ):
            task = progress.add_task("ingesting", total=None)
            if workers > 1:
                from spoor.pipeline import Analyzer

                kb._analyzer = Analyzer(settings, n_process=workers)
            return kb.ingest(
                targets,
                metadata=metadata,
                on_progress=lambda n: progress.advance(task, n),
            )

    report_ingest(_run(body), db)


def report_ingest(report: Any, db: str) -> None:
    """Print each rejected input and a summary; exit 3 when anything was rejected."""
    for rejection in report.rejected:
        _err(f"rejected: {rejection.uri}: {rejection.reason}")
    if not _state["quiet"]:
        _err(
            f"{report.stored} stored, {report.duplicates} already present, "
            f"{len(report.rejected)} rejected → {db}"
        )
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _valid_date(value: str) -> bool:
    import re

    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) is not None


def _emit(
    rows: Iterable[dict[str, Any]],
    fmt: ListFormat,
    columns: list[tuple[str, Callable[[dict[str, Any]], Any]]],
) -> None:
    if fmt is ListFormat.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*[name for name, _ in columns])
    for row in rows:
        table.add_row(*[str(get(row)) for _, get in columns])
    Console().print(table)


@app.command()
def entities(
    db: DbOption = "spoor.db",
    format: Annotated[
        ListFormat, typer.Option("--format", help="jsonl or table.")
    ] = ListFormat.table,
    all: Annotated[
        bool, typer.Option("--all", help="Include curated entities never mentioned.")
    ] = False,
) -> None:
    """List entities with their aliases and mention counts."""

    def body() -> None:
        with _open(db) as kb:
            _emit(
                kb.store.entities(include_unseen=all),
                format,
                [
                    ("id", lambda r: r["id"]),
                    ("name", lambda r: r["name"]),
                    ("type", lambda r: r["type"]),
                    ("mentions", lambda r: r["mentions"]),
                    ("aliases", lambda r: ", ".join(r["aliases"][:6])),
                ],
            )

    _run(body)


def _object_text(fact: dict[str, Any]) -> str:
    obj = fact["object"]
    return str(obj.get("name") or obj.get("value"))


@app.command()
def facts(
    db: DbOption = "spoor.db",
    format: Annotated[
        ListFormat, typer.Option("--format", help="jsonl or table.")
    ] = ListFormat.table,
    entity: Annotated[str | None, typer.Option(help="Only facts about this entity id.")] = None,
    predicate: Annotated[str | None, typer.Option(help="Only facts with this predicate.")] = None,
) -> None:
    """List facts with their evidence, sources and confidence."""

    def body() -> None:
        with _open(db) as kb:
            _emit(
                kb.store.facts(entity=entity, predicate=predicate),
                format,
                [
                    ("subject", lambda r: r["subject"]["name"]),
                    ("predicate", lambda r: r["predicate"]),
                    ("object", _object_text),
                    ("time", lambda r: (r["time"] or {}).get("start") or ""),
                    ("conf", lambda r: f"{r['confidence']:.2f}"),
                    ("sources", lambda r: f"{r['n_independent_sources']}/{r['n_sources']}"),
                    ("quote", lambda r: r["evidence"][0]["quote"][:80]),
                ],
            )

    _run(body)


@app.command()
def stats(
    db: DbOption = "spoor.db",
    format: Annotated[
        StatsFormat, typer.Option("--format", help="json or table.")
    ] = StatsFormat.table,
) -> None:
    """Counts of documents, entities, facts and more."""

    def body() -> dict[str, Any]:
        with _open(db) as kb:
            return dict(kb.stats())

    numbers = _run(body)
    if format is StatsFormat.json:
        typer.echo(json.dumps(numbers, ensure_ascii=False))
        return
    for key, value in numbers.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        typer.echo(f"{key:>16}  {shown}")


@app.command()
def report(
    db: DbOption = "spoor.db",
    out: Annotated[Path, typer.Option("--out", help="Folder to write index.html into.")] = Path(
        "out/report"
    ),
    group: Annotated[
        str | None, typer.Option(help="Only this armed group (id, name or alias).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="'What is new' from this date (YYYY[-MM[-DD]]).")
    ] = None,
) -> None:
    """Write a self-contained HTML report (DIR/index.html)."""
    from spoor.outputs.report import write_report

    if since is not None and not _valid_date(since):
        _err(f"error: --since {since!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD.")
        raise typer.Exit(2)

    def body() -> Path:
        with _open(db) as kb:
            return write_report(kb.store, out, group=group, since=since)

    path = _run(body)
    typer.echo(str(path))


class ExportFormat(StrEnum):
    stix = "stix"
    geojson = "geojson"
    acled_csv = "acled-csv"
    graphml = "graphml"
    ftm = "ftm"


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Export format.")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    db: DbOption = "spoor.db",
    group: Annotated[
        str | None, typer.Option(help="Only this group (id, name or alias) and its links.")
    ] = None,
) -> None:
    """Export facts as STIX 2.1, GeoJSON, ACLED-style CSV, GraphML or FollowTheMoney JSON."""
    from spoor.outputs.export import export as run_export

    def body() -> int:
        with _open(db) as kb:
            return run_export(kb.store, format.value, out, group=group)

    count = _run(body)
    if not _state["quiet"]:
        _err(f"{count} records → {out}")


@app.command()
def geoparse(
    input_jsonl: Annotated[Path, typer.Option("--input-jsonl", help='Lines of {"id", "text"}.')],
    format: Annotated[
        ListFormat, typer.Option("--format", help="jsonl only for now.")
    ] = ListFormat.jsonl,
) -> None:
    """Find and resolve place names in texts; one JSON line per toponym."""
    from spoor.stages.geo import Geoparser, geoparse_jsonl

    def body() -> None:
        settings = load_settings(_state["config"])
        from spoor.kb import load_kb
        from spoor.stages.mentions import build_nlp

        nlp = build_nlp(settings.model, load_kb(), settings.max_text_chars)
        with input_jsonl.open(encoding="utf-8") as lines:
            for row in geoparse_jsonl(lines, Geoparser(), nlp):
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")

    _run(body)


@app.command("settings")
def show_settings() -> None:
    """List every setting with its default and what it does."""
    for name, default, help_text in SETTINGS_TABLE:
        typer.echo(f"{name} = {default!r}\n    {help_text}  (env SPOOR_{name.upper()})")


@app.command()
def demo(
    db: DbOption = "out/demo.db",
    out: Annotated[Path, typer.Option("--out", help="Report folder.")] = Path("out/report"),
) -> None:
    """Ingest the bundled sample corpus and write the report."""
    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    if not corpus.is_dir():
        _err(f"error: sample corpus not found at {corpus}; run from a source checkout.")
        raise typer.Exit(EXIT_ERROR)
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    from spoor.outputs.report import write_report

    def body() -> tuple[Any, dict[str, Any], Path]:
        with _open(db) as kb:
            result = kb.ingest([str(corpus)])
            return result, kb.stats(), write_report(kb.store, out)

    result, numbers, path = _run(body)
    for rejection in result.rejected:
        _err(f"rejected: {rejection.uri}: {rejection.reason}")
    typer.echo(
        f"Ingested {numbers['documents']} documents: {numbers['entities']} entities, "
        f"{numbers['facts']} facts ({result.stored} new this run)."
    )
    typer.echo(f"Report: {path}")
    typer.echo(f"Explore: spoor facts --db {db} --format table")
    typer.echo(f"Serve: spoor serve --db {db} --host 127.0.0.1 --port 8000")


# the command groups in spoor/commands/ (their shared helpers: spoor/commands/common.py)
register_all(app)


def run() -> None:
    """Entry point that keeps tracebacks away from users unless --debug."""
    try:
        app()
    except SpoorError as exc:  # pragma: no cover - commands catch these already
        _err(f"error: {exc}")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    run()
