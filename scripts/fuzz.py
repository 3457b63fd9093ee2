"""Fuzz the ingestion paths that read hostile bytes: HTML, PDF and feeds.

    python scripts/fuzz.py                    # every target, 60 s in all (make fuzz)
    python scripts/fuzz.py --target pdf --seconds 300
    python scripts/fuzz.py --engine hypothesis

With atheris (coverage-guided libFuzzer, `pip install atheris==3.0.0`) each
target runs in its own process, seeded from bench/fuzz/seeds/TARGET and
growing a working corpus under out/fuzz/. Without it, hypothesis generates
and mutates inputs from the same seeds. Either way an input is fine when
the code returns or raises DocumentSkipped; anything else (an exception, a
hang longer than --per-input seconds, memory over 2 GB) is a crash, saved
to bench/fuzz/crashes/ where tests/security/test_fuzz_regressions.py
replays it. Exit status 1 if anything crashed.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "bench" / "fuzz" / "seeds"
CRASHES = ROOT / "bench" / "fuzz" / "crashes"
WORK = ROOT / "out" / "fuzz"
TARGETS = ("html", "pdf", "feed")

sys.path.insert(0, str(ROOT))


def target_function(name: str) -> Callable[[bytes], None]:
    """The function under test for ``name``: bytes in, DocumentSkipped or nothing out."""
    from spoor.errors import DocumentSkipped
    from spoor.records import RawInput
    from spoor.settings import Settings
    from spoor.stages import acquire, clean

    # Tighter limits than the defaults keep each input fast; the limits
    # themselves are tested elsewhere.
    settings = Settings(max_seconds_per_document=10.0, max_pdf_pages=50)

    def run_clean(media_type: str, data: bytes) -> None:
        with contextlib.suppress(DocumentSkipped):
            clean.clean(RawInput(f"fuzz.{media_type}", media_type, data), settings)  # type: ignore[arg-type]

    def run_feed(data: bytes) -> None:
        for item in acquire.iter_feed(data, "fuzz.xml"):
            if isinstance(item, acquire.RawInput):
                run_clean(
                    "html",
                    item.content
                    if isinstance(item.content, bytes)
                    else item.content.encode("utf-8", "surrogatepass"),
                )

    if name == "feed":
        return run_feed
    return lambda data: run_clean(name, data)


# The sample corpus's pages are seeds too, read where they live rather than copied.
CORPUS_SEEDS = {"html": (ROOT / "examples" / "corpus", "*.html")}


def seeds(name: str) -> list[bytes]:
    paths = [path for path in sorted((SEEDS / name).iterdir()) if path.is_file()]
    if name in CORPUS_SEEDS:
        folder, pattern = CORPUS_SEEDS[name]
        paths += sorted(folder.glob(pattern))
    return [path.read_bytes() for path in paths]


def save_crash(name: str, data: bytes, error: str) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    path = CRASHES / f"{name}-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(error + "\n", encoding="utf-8")
    return path


# --- atheris -------------------------------------------------------------------


def run_atheris_child(name: str, seconds: int, per_input: int) -> None:
    """Inside the child process: instrument, then hand control to libFuzzer."""
    import atheris

    with atheris.instrument_imports(
        include=["spoor", "trafilatura", "pypdf", "feedparser", "htmldate", "justext"]
    ):
        check = target_function(name)
    corpus = WORK / f"corpus-{name}"
    corpus.mkdir(parents=True, exist_ok=True)
    CRASHES.mkdir(parents=True, exist_ok=True)
    argv = [
        sys.argv[0],
        str(corpus),
        str(SEEDS / name),
        f"-max_total_time={seconds}",
        f"-timeout={per_input}",
        "-rss_limit_mb=2048",
        "-max_len=262144",
        f"-artifact_prefix={CRASHES}/{name}-",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, check)
    atheris.Fuzz()


def run_atheris(names: list[str], seconds: int, per_input: int) -> int:
    failed = 0
    for name in names:
        print(f"== atheris: {name} for {seconds} s", flush=True)
        before = set(CRASHES.glob(f"{name}-*")) if CRASHES.exists() else set()
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                name,
                "--seconds",
                str(seconds),
                "--per-input",
                str(per_input),
            ],
            cwd=ROOT,
            check=False,
        )
        found = sorted(set(CRASHES.glob(f"{name}-*")) - before)
        if child.returncode != 0 or found:
            failed += 1
            print(f"!! {name}: exit {child.returncode}; new crash files: {[p.name for p in found]}")
    return 1 if failed else 0


# --- hypothesis ------------------------------------------------------------------


class _TimeUp(Exception):
    pass


def run_hypothesis(names: list[str], seconds: int) -> int:
    failed = [name for name in names if not _hypothesis_target(name, seconds)]
    return 1 if failed else 0


def _hypothesis_target(name: str, seconds: int) -> bool:
    """Fuzz one target for ``seconds``; False if an input crashed it."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    check = target_function(name)
    edits = st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.binary(max_size=64)), max_size=8
    )
    mutated = st.tuples(st.sampled_from(seeds(name) or [b""]), edits).map(_mutate)
    deadline = time.monotonic() + seconds
    runs = 0

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(mutated, st.binary(max_size=4096)))
    def fuzz(data: bytes) -> None:
        nonlocal runs
        if time.monotonic() > deadline:
            raise _TimeUp
        runs += 1
        try:
            check(data)
        except Exception as exc:
            path = save_crash(name, data, f"{type(exc).__name__}: {exc}")
            print(f"!! {name}: {type(exc).__name__}: {str(exc)[:200]} -> {path.name}", flush=True)
            raise

    print(f"== hypothesis: {name} for {seconds} s", flush=True)
    try:
        fuzz()
    except _TimeUp:
        print(f"   {runs} inputs, no crash", flush=True)
        return True
    except Exception:
        return False
    return True


def _mutate(case: tuple[bytes, list[tuple[int, int, bytes]]]) -> bytes:
    data, edits = case
    buffer = bytearray(data)
    for kind, where, chunk in edits:
        at = where % (len(buffer) + 1)
        if kind == 0:  # insert
            buffer[at:at] = chunk
        elif kind == 1:  # delete
            del buffer[at : at + len(chunk) + 1]
        elif kind == 2:  # overwrite
            buffer[at : at + len(chunk)] = chunk
        else:  # duplicate a slice (deep nesting, repeated objects)
            piece = bytes(buffer[at : at + 64])
            buffer[at:at] = piece * (1 + len(chunk) % 50)
    return bytes(buffer)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=TARGETS, action="append", help="default: all")
    parser.add_argument("--seconds", type=int, default=60, help="total time, split across targets")
    parser.add_argument(
        "--per-input", type=int, default=20, help="seconds before an input is a hang"
    )
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("--child", choices=TARGETS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_atheris_child(args.child, args.seconds, args.per_input)
        return 0
    names = args.target or list(TARGETS)
    each = max(args.seconds // len(names), 5)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("atheris is not installed; fuzzing with hypothesis instead", flush=True)
            engine = "hypothesis"
        else:
            engine = "atheris"
    if engine == "atheris":
        return run_atheris(names, each, args.per_input)
    return run_hypothesis(names, each)


if __name__ == "__main__":
    sys.exit(main())
