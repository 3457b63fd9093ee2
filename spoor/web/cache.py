"""Caches that keep the web app fast: report views and JSON answers, until the store changes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException
from fastapi.responses import Response

from spoor.outputs import report
from spoor.store import Store
from spoor.web import queries


class Views:
    """The report's context, cached until the store changes (it takes ~1 s to build)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], dict[str, Any]] = {}

    def context(self, group: str | None, since: str | None) -> dict[str, Any]:
        key = (queries.version(self.store), group, since)
        with self._lock:
            if key not in self._cache:
                if len(self._cache) > 16:
                    self._cache.clear()
                self._cache[key] = report.build_context(self.store, group=group, since=since)
            return self._cache[key]


class Answers:
    """JSON answers of the read API, serialised once and kept until the store changes.

    The store changes only when documents are ingested or a judgement is made;
    its fingerprint (queries.version) is re-read at most every ``ttl`` seconds,
    and a judgement made through this app clears the cache at once. This is
    what keeps 20 concurrent clients well under 200 ms.
    """

    def __init__(self, store: Store, ttl: float = 1.0, size: int = 512) -> None:
        self.store = store
        self.ttl = ttl
        self.size = size
        self._lock = threading.Lock()
        self._answers: dict[tuple[Any, ...], bytes | None] = {}
        self._version: tuple[int, int, str] | None = None
        self._checked = 0.0

    def forget(self) -> None:
        with self._lock:
            self._answers.clear()
            self._version = None

    def version(self) -> tuple[int, int, str]:
        """The store's fingerprint, re-read when older than ``ttl``."""
        now = time.monotonic()
        known = self._version
        if known is not None and now - self._checked < self.ttl:
            return known
        version = queries.version(self.store)
        with self._lock:
            if version != self._version:
                self._answers.clear()
                self._version = version
            self._checked = now
        return version

    def json(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Response:
        self.version()
        with self._lock:
            known = key in self._answers
            body = self._answers.get(key)
        if not known:
            data = build()
            body = None if data is None else json.dumps(data, ensure_ascii=False).encode()
            with self._lock:
                if len(self._answers) >= self.size:
                    self._answers.clear()
                self._answers[key] = body
        if body is None:
            raise HTTPException(404, "Not found.")
        return Response(body, media_type="application/json")
