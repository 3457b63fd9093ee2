"""`spoor serve`: the web app and JSON API over one store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from spoor.commands.common import echo_error, guarded, open_kb
from spoor.web.security import DEFAULT_MAX_BODY, is_loopback


def check_exposure(host: str, token: str | None) -> str | None:
    """Why serving on ``host`` is refused, or None when it may start."""
    if token is not None and len(token) < 16:
        return "SPOOR_TOKEN is too short: use at least 16 random characters."
    if not is_loopback(host) and not token:
        return (
            f"Refusing to serve on {host}, which other machines can reach, without a token. "
            "Set SPOOR_TOKEN to a long random secret (e.g. `export SPOOR_TOKEN=$(python -c "
            "'import secrets; print(secrets.token_urlsafe(32))')`), or bind 127.0.0.1."
        )
    return None


def serve(
    db: Annotated[str, typer.Option("--db", envvar="SPOOR_DB", help="SQLite file or URL.")] = (
        "spoor.db"
    ),
    host: Annotated[str, typer.Option(help="Address to bind; non-loopback needs SPOOR_TOKEN.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    max_body: Annotated[
        int, typer.Option(help="Largest request body accepted, in bytes.")
    ] = DEFAULT_MAX_BODY,
) -> None:
    """Serve the web app and JSON API (/api/, /openapi.json) over a store."""
    token = os.environ.get("SPOOR_TOKEN") or None
    problem = check_exposure(host, token)
    if problem:
        echo_error(f"error: {problem}")
        raise typer.Exit(1)

    def body() -> None:
        import uvicorn

        from spoor.web import create_app

        with open_kb(db) as kb:
            app = create_app(kb.store, token=token, max_body=max_body)
            shown = f"[{host}]" if ":" in host else host
            echo_error(f"Serving {db} on http://{shown}:{port}/ (Ctrl-C to stop)")
            uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)

    guarded(body)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
