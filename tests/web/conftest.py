"""A hand-built store and a TestClient over the app (no model, no network)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from spoor.store import Store
from tests.web.stores import build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx2
    from fastapi.testclient import TestClient


@pytest.fixture
def kb(tmp_path: Path) -> Iterator[Store]:
    store = build_store(tmp_path / "kb.db")
    yield store
    store.close()


def client_for(store: Store, **options: object) -> TestClient:
    from spoor.web import create_app

    return TestClient(create_app(store, **options), base_url="http://127.0.0.1:8000")  # type: ignore[arg-type]


@pytest.fixture
def client(kb: Store) -> TestClient:
    return client_for(kb)


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)
