"""Every input `make fuzz` (scripts/fuzz.py) found crashing is replayed here.

Crash files live in bench/fuzz/crashes/, named ``TARGET-…``; each must now be
read or refused with DocumentSkipped, never raise anything else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spoor.errors import DocumentSkipped
from spoor.records import RawInput, Rejection
from spoor.settings import Settings
from spoor.stages import acquire, clean

CRASHES = Path(__file__).resolve().parents[2] / "bench" / "fuzz" / "crashes"
SETTINGS = Settings(max_seconds_per_document=10.0)


def replay(target: str, data: bytes) -> None:
    if target == "feed":
        for item in acquire.iter_feed(data, "crash.xml"):
            if isinstance(item, RawInput):
                replay("html", str(item.content).encode("utf-8", "surrogatepass"))
            else:
                assert isinstance(item, Rejection) and item.reason
        return
    try:
        clean.clean(RawInput(f"crash.{target}", target, data), SETTINGS)  # type: ignore[arg-type]
    except DocumentSkipped as exc:
        assert exc.reason


CASES = sorted(path for path in CRASHES.glob("*") if path.suffix != ".txt")


def test_there_are_crashes_to_replay() -> None:
    assert CASES, "bench/fuzz/crashes/ is empty; the regression set was lost"


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.name)
def test_fuzz_crash_is_now_handled(path: Path) -> None:
    target = path.name.split("-", 1)[0]
    assert target in {"html", "pdf", "feed"}, path.name
    replay(target, path.read_bytes())


def test_unknown_xml_encoding_is_a_rejection_not_a_crash() -> None:
    feed = b'<?xml version="1.0" encoding="utfrss-8"?><rss><channel><item/></channel></rss>'
    [item] = list(acquire.iter_feed(feed, "f.xml"))
    assert isinstance(item, Rejection)
    assert item.reason.startswith("feed declares an unknown encoding")
