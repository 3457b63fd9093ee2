"""The web app and JSON API (FastAPI): ``create_app(store)``; ``spoor serve`` runs it."""

from __future__ import annotations

from spoor.web.app import create_app

__all__ = ["create_app"]
