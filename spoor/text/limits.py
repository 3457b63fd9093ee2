"""Limits on pathological text, applied before any parser sees it.

``max_token_chars`` removes runs without a space (spaCy's tokenizer turns
``a-a-a-…`` into one token per character, and 200 KB of it took 110 s to parse
here); ``max_sentence_tokens`` breaks run-on text into paragraphs;
``max_seconds_per_document`` stops a document whose processing runs too long
(:func:`time_limit`, used by the clean stage and by the pipeline).
SECURITY.md lists each limit with its test.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from spoor.errors import DocumentSkipped
from spoor.settings import Settings

log = logging.getLogger(__name__)

_RUN = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\u061f\u06d4\u0964][\"'\u2019\u201d)\]]*$")


def drop_long_tokens(paragraph: str, max_chars: int) -> tuple[str, int]:
    """``paragraph`` without runs of more than ``max_chars`` non-space characters,
    and the number of characters removed.

    A linear scan over runs; a regex such as ``\\S{1001,}`` would retry from
    every character of a 1,000-character run and go quadratic.
    """
    if len(paragraph) <= max_chars:
        return paragraph, 0
    removed = 0
    lines = []
    for line in paragraph.split("\n"):
        kept = []
        for run in _RUN.finditer(line):
            if run.end() - run.start() > max_chars:
                removed += run.end() - run.start()
            else:
                kept.append(run.group(0))
        if kept:
            lines.append(" ".join(kept))
    return "\n".join(lines), removed


def break_long_sentences(paragraph: str, max_words: int) -> list[str]:
    """``paragraph`` cut into paragraphs of at most ``max_words`` words between
    sentence ends; text that ends its sentences in time comes back whole."""
    if paragraph.count(" ") + paragraph.count("\n") < max_words:
        return [paragraph]
    pieces: list[str] = []
    piece_start = 0
    words = 0
    for run in _RUN.finditer(paragraph):
        words += 1
        if _SENTENCE_END.search(run.group(0)):
            words = 0
        elif words >= max_words:
            pieces.append(paragraph[piece_start : run.end()].strip())
            piece_start = run.end()
            words = 0
    rest = paragraph[piece_start:].strip()
    if rest:
        pieces.append(rest)
    return [piece for piece in pieces if piece]


def limit_runs(paragraphs: Iterable[str], settings: Settings) -> list[str]:
    """Apply ``max_token_chars`` and ``max_sentence_tokens`` to cleaned paragraphs.

    Raise DocumentSkipped when most of the text was runs too long to keep:
    such a document is an encoded blob, not reporting.
    """
    kept: list[str] = []
    total = removed = 0
    for paragraph in paragraphs:
        total += len(paragraph)
        shorter, dropped = drop_long_tokens(paragraph, settings.max_token_chars)
        removed += dropped
        if shorter:
            kept.extend(break_long_sentences(shorter, settings.max_sentence_tokens))
    if removed:
        log.info("removed %d characters in runs over max_token_chars", removed)
    if removed and 2 * removed > total:
        raise DocumentSkipped(
            f"mostly runs without spaces longer than max_token_chars ({settings.max_token_chars})"
        )
    return kept


# Whether a time_limit is running (in the main thread, the only one that sets it).
_active = False


class _Overrun(BaseException):
    """Raised by the alarm inside the timed code. A BaseException, so the
    ``except Exception`` that guards third-party parsers cannot swallow it."""


@contextmanager
def time_limit(seconds: float, what: str = "processing") -> Iterator[None]:
    """Raise DocumentSkipped if the body runs longer than ``seconds``.

    Uses SIGALRM, so it acts only in the main thread of a POSIX process (the
    CLI); elsewhere, with ``seconds <= 0`` or inside another ``time_limit``,
    it does nothing and the outer limit, if any, applies. Pure-Python code is
    interrupted at once; a long call into C (lxml, spaCy) when it returns.
    """
    global _active
    usable = (
        seconds > 0
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
        and not _active
    )
    if not usable:
        yield
        return

    def _alarm(_signum: int, _frame: object) -> None:
        raise _Overrun

    # Nesting is known from our own flag, not from a running timer: a timer some library
    # left running must not switch the limit off.
    previous = signal.signal(signal.SIGALRM, _alarm)
    _active = True
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overrun:
        raise DocumentSkipped(
            f"{what} took longer than max_seconds_per_document ({seconds:g} s)"
        ) from None
    finally:
        _active = False
        signal.signal(signal.SIGALRM, previous)
