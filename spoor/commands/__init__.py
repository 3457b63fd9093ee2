"""Command groups of the `spoor` CLI that live beside their feature.

Each module here defines its Typer commands and a ``register(app)``
function; spoor/cli.py calls every ``register`` listed in ``MODULES``.
Helpers shared by commands (the --db option, opening a store, running a body
with Spoor's error handling) are in spoor.commands.common.
"""

from __future__ import annotations

import importlib

import typer

# Add a module name here to plug its commands into `spoor`.
MODULES: tuple[str, ...] = ("entity", "claims", "source", "serve", "watch", "load")


def register_all(app: typer.Typer) -> None:
    for name in MODULES:
        module = importlib.import_module(f"spoor.commands.{name}")
        module.register(app)
