"""Clean: turn a RawInput into a Document with normalised text and metadata.

Text is decoded (UTF-8, else a detected charset), stripped of control
characters, NFC-normalised and laid out as paragraphs separated by exactly
one blank line; ``Document.paragraphs`` holds their offsets. HTML goes
through trafilatura and then our own furniture filter (patterns in
``spoor/kb/furniture.yaml``); PDFs through pypdf. Anything that cannot yield
a usable text raises DocumentSkipped with a short reason.

The document id is the first 32 hex characters (128 bits) of the SHA-256 of
the cleaned text, so re-ingesting the same text finds the same id.

Hostile input is bounded on the way (SECURITY.md lists each limit with its
test): markup and PDF limits in ``spoor.text.markup``, long tokens, run-on
sentences and the per-document time limit in ``spoor.text.limits``. Decoding
is ``spoor.text.decode``; the furniture filter ``spoor.text.furniture``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from urllib.parse import urlsplit

from spoor.errors import DocumentSkipped
from spoor.records import Document, Paragraph, RawInput
from spoor.settings import Settings
from spoor.text.dateline import stated_date
from spoor.text.decode import decode_text, scrub_surrogates
from spoor.text.limits import limit_runs, time_limit
from spoor.text.markup import html_lines, pdf_lines

log = logging.getLogger(__name__)


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_LANG = re.compile(r"[a-z]{2,3}")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"[ \t]+")


def document_id(text: str) -> str:
    """First 32 hex characters of the SHA-256 of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# --- normalisation ----------------------------------------------------------


def _line_table() -> dict[int, str | None]:
    # Cc characters other than tab are noise (newlines are gone by the time
    # this applies); Cf characters such as ZWNJ carry meaning in Persian and
    # Urdu, so only the BOM and the soft hyphen among them are removed.
    table: dict[int, str | None] = {}
    for code in range(0x3000 + 1):
        category = unicodedata.category(chr(code))
        if category == "Zs" or code == 9:
            table[code] = " "
        elif category == "Cc":
            table[code] = None
    for char in "\ufeff\u00ad\ufffd\ufffe\uffff":
        table[ord(char)] = None
    return table


# All Zs and Cc characters lie below U+3001.
_LINE_TABLE = _line_table()


def _clean_line(line: str) -> str:
    return _SPACES.sub(" ", line.translate(_LINE_TABLE)).strip()


def split_paragraphs(text: str, *, join_lines: bool = False) -> list[str]:
    """Normalised paragraphs of ``text`` (blank-line separated, non-empty).

    ``join_lines`` joins the lines of a paragraph with spaces (for PDFs,
    whose lines are visual lines), undoing end-of-line hyphenation.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\f", "\n\n")
    text = text.replace("\v", "\n").replace("\x85", "\n")
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        lines = [cleaned for line in block.split("\n") if (cleaned := _clean_line(line))]
        if not lines:
            continue
        paragraph = _join_wrapped(lines) if join_lines else "\n".join(lines)
        # NFC last: removing a control character can bring a base letter and a
        # combining accent together ("A\x08\u0300" becomes "A\u0300", then "\u00c0").
        paragraphs.append(unicodedata.normalize("NFC", paragraph))
    return paragraphs


def _join_wrapped(lines: list[str]) -> str:
    joined = lines[0]
    for line in lines[1:]:
        if re.search(r"[^\W\d_]-$", joined) and line[:1].islower():
            joined = joined[:-1] + line
        else:
            joined += " " + line
    return joined


def assemble(paragraphs: Iterable[str], settings: Settings) -> tuple[str, list[Paragraph]]:
    """Join paragraphs with one blank line and record their offsets."""
    parts: list[str] = []
    spans: list[Paragraph] = []
    position = 0
    for paragraph in paragraphs:
        if parts:
            position += 2
        spans.append(Paragraph(start=position, end=position + len(paragraph)))
        parts.append(paragraph)
        position += len(paragraph)
    text = "\n\n".join(parts)
    if not text:
        raise DocumentSkipped("empty after cleaning")
    if len(text) > settings.max_text_chars:
        raise DocumentSkipped(
            f"too long: {len(text)} chars > max_text_chars ({settings.max_text_chars})"
        )
    if len(text) < settings.min_text_chars:
        raise DocumentSkipped(
            f"too short: {len(text)} chars < min_text_chars ({settings.min_text_chars})"
        )
    return text, spans


# --- HTML -------------------------------------------------------------------


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


# --- metadata ---------------------------------------------------------------


def valid_date(value: str | None) -> str | None:
    """``value`` as YYYY[-MM[-DD]] if it is a real date (an ISO timestamp is cut
    to its date); otherwise None."""
    if not value:
        return None
    value = value.strip()
    match = _DATE.match(value)
    if match is None or (match.end() != len(value) and value[match.end()] not in "T "):
        return None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return match.group(0)


def _metadata_date(raw: RawInput) -> str | None:
    given = raw.metadata.get("published")
    if not given:
        return None
    checked = valid_date(given)
    if checked is None:
        log.warning("%s: ignoring publication date %r (want YYYY[-MM[-DD]])", raw.uri, given)
    return checked


def _metadata_lang(raw: RawInput) -> str | None:
    lang = (raw.metadata.get("lang") or "").strip().lower()
    if not lang:
        return None
    if _LANG.fullmatch(lang) is None:
        log.warning("%s: ignoring language code %r", raw.uri, lang)
        return None
    return lang


# --- entry point --------------------------------------------------------------


def clean(raw: RawInput, settings: Settings) -> Document:
    """Decode, extract and normalise one input; raise DocumentSkipped if unusable."""
    try:
        with time_limit(settings.max_seconds_per_document, "cleaning"):
            return _clean(raw, settings)
    except DocumentSkipped as exc:
        exc.uri = exc.uri or raw.uri
        raise
    except RecursionError as exc:
        # lxml or a third-party walker on a pathological tree; never a crash.
        raise DocumentSkipped(f"structure nested too deeply to read ({exc})", raw.uri) from exc


def _clean(raw: RawInput, settings: Settings) -> Document:
    title = raw.metadata.get("title") or None
    published = _metadata_date(raw)
    source = raw.metadata.get("source") or None
    if raw.media_type == "html":
        lines, found = html_lines(raw, settings)
        paragraphs = split_paragraphs("\n\n".join(lines))
        title = title or found["title"]
        published = published or valid_date(found["date"])
        source = source or found["sitename"]
    elif raw.media_type == "pdf":
        pages, pdf_title = pdf_lines(raw, settings)
        paragraphs = [p for page in pages for p in split_paragraphs(page, join_lines=True)]
        title = title or pdf_title
    else:
        text = (
            scrub_surrogates(raw.content)
            if isinstance(raw.content, str)
            else decode_text(raw.content)
        )
        paragraphs = split_paragraphs(text)
    # no date in the metadata: the one a byline or wire dateline states at the top
    published = published or stated_date(paragraphs)
    text, spans = assemble(limit_runs(paragraphs, settings), settings)
    source = source or _domain(raw.metadata.get("url")) or _domain(raw.uri)
    return Document(
        id=document_id(text),
        uri=raw.uri,
        text=text,
        title=_clean_line(title)[:1000] if title else None,
        published=published,
        source=source,
        lang=_metadata_lang(raw),
        paragraphs=spans,
    )
