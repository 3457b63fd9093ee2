"""A recording HTTP server on 127.0.0.1 for tests of fetching and of the address guard.

It answers every GET from a table of pages (path → status, headers, body), records
each request's path and headers, and lets a test prove that a refused URL never
reached it. It is the only server the tests start; nothing else is contacted.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(slots=True)
class Page:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})


@dataclass(slots=True)
class Loopback:
    """A running server: its base URL and what it has been asked for."""

    base: str
    paths: list[str]
    headers: list[dict[str, str]]


class _Handler(http.server.BaseHTTPRequestHandler):
    pages: dict[str, Page]
    record: Loopback

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.record.paths.append(self.path)
        self.record.headers.append(dict(self.headers.items()))
        page = self.pages.get(self.path, Page(b"not here", 404))
        self.send_response(page.status)
        for name, value in page.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        self.wfile.write(page.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(pages: dict[str, Page]) -> Iterator[Loopback]:
    """Serve `pages` on a free loopback port until the block ends."""
    record = Loopback(base="", paths=[], headers=[])
    handler = type("Handler", (_Handler,), {"pages": pages, "record": record})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    record.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
