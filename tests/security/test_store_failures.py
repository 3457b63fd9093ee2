"""A full disk or a read-only store: a clear error, exit code 1, no traceback, no
corruption, and the next run (with room or rights again) resumes.

The full disk is SQLite's own: ``PRAGMA max_page_count`` caps a vacuumed file
at its current size, so the next batch fails with SQLITE_FULL exactly
as on a full file system. Read-only is the file system's: the database file
(or its folder) is made immutable with ``chattr +i``, which binds root too.
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.security.conftest import run_spoor

pytestmark = pytest.mark.integration

ARTICLES = {
    "kunar.txt": "The Islamic State Khorasan Province (ISKP) remains active in Kunar province, "
    "according to a report published by the UN Monitoring Team in July 2023.",
    "jalalabad.txt": "ISKP claimed responsibility for an attack in Jalalabad, Nangarhar province, "
    "in May 2024, provincial officials said.",
    "leader.txt": "Sanaullah Ghafari, the leader of ISKP, was named in a United States designation "
    "published in November 2021.",
}

# Runs the real CLI with every SQLite connection capped at (current size + N pages).
FULL_DISK = """
import sys
from spoor.store import db
original = db._sqlite_pragmas
extra = int(sys.argv[1])
def capped(dbapi_connection, record):
    original(dbapi_connection, record)
    cursor = dbapi_connection.cursor()
    pages = cursor.execute("PRAGMA page_count").fetchone()[0]
    cursor.execute(f"PRAGMA max_page_count = {pages + extra}")
    cursor.close()
db._sqlite_pragmas = capped
sys.argv = ["spoor", *sys.argv[2:]]
from spoor.cli import run
run()
"""


def write_articles(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    return folder


def stored_uris(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return {Path(uri).name for (uri,) in conn.execute("SELECT uri FROM documents")}


def assert_clear_failure(stderr: str, returncode: int, words: tuple[str, ...]) -> None:
    assert returncode == 1, stderr
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, stderr
    assert all(word in lines[0] for word in words), lines[0]


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one article, built once."""
    work = tmp_path_factory.mktemp("base")
    run = run_spoor(
        "ingest",
        str(write_articles(work / "a", ["kunar.txt"])),
        "--db",
        str(work / "s.db"),
        cwd=work,
    )
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(work / "s.db") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one file to copy
    return work / "s.db"


def copy_store(base: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    target = folder / "s.db"
    with closing(sqlite3.connect(base)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
        copy.execute("VACUUM")  # no free pages left for the next batch to reuse
    # Closed, so no -wal or -shm file is left: a locked folder cannot get new ones.
    assert sorted(p.name for p in folder.iterdir()) == ["s.db"]
    return target


def test_full_disk_gives_a_clear_error_and_keeps_the_store_whole(
    base_store: Path, tmp_path: Path
) -> None:
    db = copy_store(base_store, tmp_path / "store")
    more = write_articles(tmp_path / "more", ["jalalabad.txt", "leader.txt"])
    full = run_full_disk(0, "ingest", str(more), "--db", str(db), cwd=tmp_path)
    assert_clear_failure(full.stderr, full.returncode, ("full", "disk space"))
    assert stored_uris(db) == {"kunar.txt"}
    # Room again: the same command resumes and stores the rest.
    again = run_spoor("ingest", str(more), "--db", str(db), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert stored_uris(db) == {"kunar.txt", "jalalabad.txt", "leader.txt"}


def run_full_disk(pages: int, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    import sys

    from tests.security.conftest import ROOT

    return subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(pages), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_read_only_store_gives_a_clear_error(base_store: Path, tmp_path: Path, locked: str) -> None:
    db = copy_store(base_store, tmp_path / "store")
    more = write_articles(tmp_path / "more", ["jalalabad.txt"])
    with immutable(db if locked == "file" else db.parent):
        ingest = run_spoor("ingest", str(more), "--db", str(db), cwd=tmp_path)
        merge = run_spoor(
            "entity", "merge", "kb:is-pakistan", "kb:is-hind", "--db", str(db), cwd=tmp_path
        )
    assert_clear_failure(ingest.stderr, ingest.returncode, ("store",))
    assert_clear_failure(merge.stderr, merge.returncode, ("store",))
    assert stored_uris(db) == {"kunar.txt"}
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM judgements").fetchone()[0] == 0
