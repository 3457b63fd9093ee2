"""Helpers for the security tests: run the real `spoor` command in a child process
and measure that child alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(slots=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float
    timed_out: bool


def run_spoor(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> Run:
    """Run ``python -m spoor.cli ARGS``; its own peak memory comes from wait4's rusage."""
    out_path, err_path = cwd / "stdout.txt", cwd / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "spoor.cli", *args],
            stdout=out,
            stderr=err,
            env={**os.environ, **(env or {})},
            cwd=ROOT,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.kill(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    return Run(
        returncode=process.returncode,
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
        peak_rss_mb=usage.ru_maxrss / 1024,
        timed_out=killed.is_set(),
    )
