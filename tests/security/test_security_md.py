"""SECURITY.md names a test for every threat; every name it gives must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r"`([^`]+)`")


def referenced_tests() -> list[tuple[str, str]]:
    """(file, test name) for every test SECURITY.md cites.

    ``tests/x.py::test_a`` names both; a later ``::test_b`` or bare ``test_b``
    belongs to the file named last.
    """
    found: list[tuple[str, str]] = []
    current = ""
    for token in TOKEN.findall((ROOT / "SECURITY.md").read_text(encoding="utf-8")):
        match = re.fullmatch(r"(tests/[\w/]+\.py)(?:::(\w+))?", token)
        if match:
            current = match.group(1)
            if match.group(2):
                found.append((current, match.group(2)))
        elif re.fullmatch(r"(?:::)?test_\w+", token) and current:
            found.append((current, token.removeprefix("::")))
    return found


def test_security_md_cites_many_tests() -> None:
    assert len(referenced_tests()) > 60


def test_every_test_security_md_cites_exists() -> None:
    missing = [
        f"{path}::{name}"
        for path, name in referenced_tests()
        if not (ROOT / path).exists()
        or not re.search(rf"def {name}\(", (ROOT / path).read_text(encoding="utf-8"))
    ]
    assert missing == []
