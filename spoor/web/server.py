"""Running the app in a background thread on 127.0.0.1 (tests and benchmarks).

``spoor serve`` runs uvicorn in the foreground; tests and ``bench/api_bench.py``
need a real server they can stop, bound to loopback on a free port.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(app: Any, *, host: str = "127.0.0.1", start_timeout: float = 20.0) -> Iterator[str]:
    """Serve ``app`` in a thread; yield its base URL; stop it on exit."""
    import uvicorn

    port = free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="spoor-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"The test server did not start on {host}:{port}.")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
