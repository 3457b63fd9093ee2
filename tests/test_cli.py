"""The command line end to end: exit codes, rejected inputs, crash and resume.

These run the real `spoor` command (and so the real model) in a subprocess.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
GOOD_ARTICLE = (
    "The Islamic State Khorasan Province (ISKP) remains active in Kunar province, according to a "
    "report published by the UN Monitoring Team. Analysts said the group has expanded its media output."
)
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>
"""


def spoor(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spoor.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def peak_child_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(os.urandom(4096))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    with gzip.open(folder / "bomb.html.gz", "wb", compresslevel=9) as bomb:
        chunk = b"<p>" + b"A" * (1 << 20)
        for _ in range(300):  # 300 MB uncompressed, a few hundred KB on disk
            bomb.write(chunk)
    (folder / "records.jsonl").write_text(
        '{"id": "ok1", "text": "A second good record about ISKP propaganda in Uzbek and Tajik languages.", "published": "2024-01-02"}\n'
        "{not json\n"
        '{"id": "no-text"}\n',
        encoding="utf-8",
    )
    (folder / "feed.xml").write_text(BILLION_LAUGHS, encoding="utf-8")
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    return folder


def test_hostile_inputs_are_named_and_the_good_ones_committed(
    hostile_folder: Path, tmp_path: Path
) -> None:
    db = tmp_path / "h.db"
    started = time.monotonic()
    result = spoor("ingest", str(hostile_folder), "--db", str(db))
    assert time.monotonic() - started < 240, "ingest of hostile inputs must not hang"
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected: ")]
    for name in (
        "empty.txt",
        "random.txt",
        "broken.pdf",
        "bomb.html.gz",
        "records.jsonl:2",
        "records.jsonl:3",
        "feed.xml",
    ):
        assert any(name in line for line in rejected), f"{name} not reported in {rejected}"
    assert all(
        len(line.split(": ", 2)) == 3 and line.split(": ", 2)[2].strip() for line in rejected
    )
    stats = json.loads(spoor("stats", "--db", str(db), "--format", "json").stdout)
    assert stats["documents"] == 2
    assert peak_child_rss_mb() < 2048


def test_reingest_is_a_no_op_with_exit_zero(tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert spoor("ingest", str(folder), "--db", db).returncode == 0
    again = spoor("ingest", str(folder), "--db", db)
    assert again.returncode == 0
    assert "0 stored, 1 already present" in again.stderr


def test_usage_error_exits_two(tmp_path: Path) -> None:
    assert spoor("ingest", "--db", str(tmp_path / "x.db")).returncode == 2
    assert spoor("ingest", "x", "--published", "last week").returncode == 2


def test_loopback_url_is_refused_by_default(tmp_path: Path) -> None:
    result = spoor("ingest", "http://127.0.0.1:9/feed.xml", "--db", str(tmp_path / "u.db"))
    assert result.returncode == 3
    assert "rejected: http://127.0.0.1:9/feed.xml" in result.stderr
    assert "Traceback" not in result.stderr


def test_sigkill_mid_ingest_then_resume_stores_each_document_once(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    env = {**os.environ, "SPOOR_BATCH_SIZE": "2"}
    process = subprocess.Popen(
        [sys.executable, "-m", "spoor.cli", "--quiet", "ingest", str(CORPUS), "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    committed = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    committed = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.Error:
                continue
            if committed >= 2:
                break
    assert process.poll() is None, "ingest finished before it could be killed; corpus too small?"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert committed >= 2
    resumed = spoor(
        "--quiet", "ingest", str(CORPUS), "--db", str(db), env={"SPOOR_BATCH_SIZE": "2"}
    )
    assert resumed.returncode == 0, resumed.stderr
    fresh = tmp_path / "fresh.db"
    assert spoor("--quiet", "ingest", str(CORPUS), "--db", str(fresh)).returncode == 0
    with sqlite3.connect(db) as killed, sqlite3.connect(fresh) as clean:
        assert killed.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = sorted(r[0] for r in killed.execute("SELECT id FROM documents"))
        assert ids == sorted(r[0] for r in clean.execute("SELECT id FROM documents"))
        assert len(ids) == len(set(ids))
        assert (
            killed.execute("SELECT count(*) FROM facts").fetchone()[0]
            == clean.execute("SELECT count(*) FROM facts").fetchone()[0]
        )
