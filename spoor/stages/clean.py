"""Clean: turn a RawInput into a Document with normalised text and metadata.

Text is decoded (UTF-8, else a detected charset), stripped of control
characters, NFC-normalised and laid out as paragraphs separated by exactly
one blank line; ``Document.paragraphs`` holds their offsets. HTML goes
through trafilatura and then our own furniture filter (patterns in
``spoor/kb/furniture.yaml``); PDFs through pypdf. Anything that cannot yield
a usable text raises DocumentSkipped with a short reason.

The document id is the first 32 hex characters (128 bits) of the SHA-256 of
the cleaned text, so re-ingesting the same text finds the same id.

Hostile input is bounded here (SECURITY.md lists each limit with its test):
``max_html_depth`` before any parser sees HTML; ``max_pdf_objects`` and
``max_pdf_pages`` before pypdf walks a PDF; ``max_token_chars`` removes runs
without a space (spaCy's tokenizer turns ``a-a-a-…`` into one token per
character, and 200 KB of it took 110 s to parse here); ``max_sentence_tokens``
breaks run-on text into paragraphs; ``max_seconds_per_document`` stops a
document whose cleaning runs too long (:func:`time_limit`, also usable by
later stages).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import signal
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import charset_normalizer
import lxml.html
import yaml

from spoor.errors import DocumentSkipped, KnowledgeBaseError
from spoor.records import Document, Paragraph, RawInput
from spoor.settings import Settings

log = logging.getLogger(__name__)

FURNITURE_FILE = Path(__file__).resolve().parent.parent / "kb" / "furniture.yaml"

# Share of control bytes above which input is binary, not text with a stray NUL.
_MAX_CONTROL_SHARE = 0.05
# Invalid UTF-8 this rare, in text that otherwise is UTF-8, is damage, not another charset.
_MAX_BAD_UTF8_SHARE = 0.01
_PREFERRED_CODEPAGES = ("cp1252", "cp1251", "cp1256", "latin_1")
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13}
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_LANG = re.compile(r"[a-z]{2,3}")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"[ \t]+")
_BULLET = re.compile(r"^[\-\*\u2022\u00b7|>]+\s*")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_CHARSET_META = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-:.]{1,40})""", re.IGNORECASE
)


def document_id(text: str) -> str:
    """First 32 hex characters of the SHA-256 of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# --- decoding ---------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Bytes to str: BOM, then UTF-8, then a detected charset; binary is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if not data.strip():
        raise DocumentSkipped("empty after cleaning")
    sample = data[:65_536]
    control = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if control > _MAX_CONTROL_SHARE * len(sample):
        raise DocumentSkipped("binary content")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    if damaged <= _MAX_BAD_UTF8_SHARE * len(lenient) and _has_multibyte_utf8(lenient):
        return lenient.replace("\ufffd", "")
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    return _decode_detected(data)


def _decode_mixed(data: bytes) -> str | None:
    """Text pasted together from a UTF-8 and a legacy source, decoded line by line.

    Only when some line proves to be UTF-8 (valid, with multi-byte characters):
    the lines that are not UTF-8 are then decoded with the charset detected
    over them alone. Otherwise None, and the whole text is judged at once.
    """
    lines = data.split(b"\n")
    decoded: list[str | None] = []
    proven = False
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            decoded.append(None)
            continue
        proven = proven or not line.isascii()
        decoded.append(text)
    if not proven or all(text is not None for text in decoded):
        return None
    legacy = b"\n".join(line for line, text in zip(lines, decoded, strict=True) if text is None)
    best = charset_normalizer.from_bytes(legacy).best()
    if best is None or best.encoding is None:
        return None
    encoding = best.encoding
    log.debug("mixed encodings: UTF-8 and %s", encoding)
    return "\n".join(
        text if text is not None else line.decode(encoding, errors="replace")
        for line, text in zip(lines, decoded, strict=True)
    )


def _decode_detected(data: bytes) -> str:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise DocumentSkipped("not valid UTF-8 text")
    # Short Western text fits several code pages equally well; the detector's
    # tie order then picks cp1250 for French. Prefer the common page on ties.
    tied = {
        m.encoding: m for m in matches if m.chaos == best.chaos and m.coherence == best.coherence
    }
    chosen = next((tied[name] for name in _PREFERRED_CODEPAGES if name in tied), best)
    log.debug("decoded as %s", chosen.encoding)
    return str(chosen)


def _scrub_surrogates(text: str) -> str:
    """``text`` without lone surrogates (JSON's "\\ud800" decodes to one; it cannot
    be encoded as UTF-8). They become U+FFFD, which normalisation then drops."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _has_multibyte_utf8(text: str) -> bool:
    return any(ord(char) > 127 and char != "\ufffd" for char in text)


def _decode_html(data: bytes) -> str:
    """HTML bytes to str, honouring a <meta charset> before guessing."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _CHARSET_META.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_text(data)


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
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\f", "\n\n")
    text = text.replace("\v", "\n").replace("\x85", "\n")
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        lines = [cleaned for line in block.split("\n") if (cleaned := _clean_line(line))]
        if not lines:
            continue
        paragraphs.append(_join_wrapped(lines) if join_lines else "\n".join(lines))
    return paragraphs


def _join_wrapped(lines: list[str]) -> str:
    joined = lines[0]
    for line in lines[1:]:
        if re.search(r"[^\W\d_]-$", joined) and line[:1].islower():
            joined = joined[:-1] + line
        else:
            joined += " " + line
    return joined


# --- limits on pathological text --------------------------------------------

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
    usable = (
        seconds > 0
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def _alarm(_signum: int, _frame: object) -> None:
        raise _Overrun

    previous = signal.signal(signal.SIGALRM, _alarm)
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
        signal.signal(signal.SIGALRM, previous)


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


# --- furniture --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    max_words: int
    max_leftover_ratio: float
    strong: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    phrases: re.Pattern[str]

    def is_furniture(self, line: str) -> bool:
        probe = _BULLET.sub("", line.strip().lower()).strip(" .:;!?…-–—|()[]«»\"'")
        words = _WORD.findall(probe)
        if len(words) > self.max_words:
            return False
        if not probe:
            return False
        if any(phrase in probe for phrase in self.strong):
            return True
        if any(pattern.fullmatch(probe) for pattern in self.patterns):
            return True
        if not words:
            return False
        leftover = _WORD.findall(self.phrases.sub(" ", probe))
        return len(leftover) <= self.max_leftover_ratio * len(words)


@lru_cache(maxsize=1)
def load_furniture(path: Path = FURNITURE_FILE) -> FurnitureRules:
    """Read and validate the furniture rules."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        phrases = sorted({str(p).lower() for p in data["phrases"]}, key=len, reverse=True)
        # Whole words only: "share" must not eat the start of "shareholders".
        alternation = "|".join(re.escape(p) for p in phrases)
        return FurnitureRules(
            max_words=int(data["max_words"]),
            max_leftover_ratio=float(data["max_leftover_ratio"]),
            strong=tuple(str(p).lower() for p in data["strong"]),
            patterns=tuple(re.compile(str(p), re.IGNORECASE) for p in data["patterns"]),
            phrases=re.compile(rf"(?<![\w'])(?:{alternation})(?![\w'])"),
        )
    except (OSError, KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"Invalid furniture rules in {path}: {exc}") from exc


def drop_furniture(lines: Iterable[str], rules: FurnitureRules | None = None) -> list[str]:
    """The lines that are not page furniture."""
    rules = rules or load_furniture()
    kept = []
    for line in lines:
        if rules.is_furniture(line):
            log.debug("dropped furniture line: %.60s", line)
        else:
            kept.append(line)
    return kept


# --- HTML -------------------------------------------------------------------

_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        # Closed implicitly by the parser, so nesting them does not deepen the tree.
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
    }
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>|<!--|<!\[CDATA\[")
_RAW_TEXT_END = {
    name: re.compile(f"</{name}", re.IGNORECASE)
    for name in ("script", "style", "textarea", "xmp", "template")
}


def html_depth_exceeds(html: str, limit: int) -> bool:
    """True if elements nest deeper than ``limit``; a linear scan, no parser.

    lxml and trafilatura recurse over the tree, so a page of 200,000 nested
    <div>s must be refused before it reaches them.
    """
    depth = 0
    position = 0
    while True:
        match = _TAG.search(html, position)
        if match is None:
            return False
        position = match.end()
        token = match.group(0)
        if token == "<!--":
            end = html.find("-->", position)
            position = len(html) if end < 0 else end + 3
            continue
        if token.startswith("<!["):
            end = html.find("]]>", position)
            position = len(html) if end < 0 else end + 3
            continue
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
            continue
        if name in _RAW_TEXT_END:
            closer = _RAW_TEXT_END[name].search(html, position)
            position = len(html) if closer is None else closer.start()
            continue
        depth += 1
        if depth > limit:
            return True


# Characters lxml refuses in text: C0 controls (form feed becomes a space, as
# HTML reads it), DEL and the two non-characters U+FFFE and U+FFFF.
_HTML_CONTROLS: dict[int, str | None] = {
    **{code: None for code in _CONTROL_BYTES | {0x7F, 0xFFFE, 0xFFFF}},
    0x0C: " ",
}


def _fallback_lines(tree: Any) -> list[str]:
    """Text lines of a parsed fragment, one per block element (trafilatura
    returns nothing for short fragments such as feed summaries)."""
    if not isinstance(getattr(tree, "tag", None), str):
        # lxml can hand back a lone comment or processing instruction as the "root"
        # of a fragment (e.g. "\u2028<![CDATA["): it holds no text to keep.
        return []
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for block in tree.xpath("//p|//div|//li|//br|//h1|//h2|//h3|//h4|//h5|//h6|//tr|//blockquote"):
        block.tail = "\n" + (block.tail or "")
    text = tree.text_content() if hasattr(tree, "text_content") else ""
    return [line for line in str(text).split("\n") if line.strip()]


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


def _clean_html(raw: RawInput, settings: Settings) -> tuple[list[str], dict[str, str | None]]:
    import trafilatura  # slow to import; only HTML needs it
    from trafilatura.metadata import extract_metadata

    html = (
        _scrub_surrogates(raw.content)
        if isinstance(raw.content, str)
        else _decode_html(raw.content)
    )
    # C0 controls are noise in HTML, and lxml refuses them in text it is handed.
    html = html.translate(_HTML_CONTROLS)
    if not html.strip():
        raise DocumentSkipped("empty after cleaning")
    if html_depth_exceeds(html, settings.max_html_depth):
        raise DocumentSkipped(f"HTML nested deeper than {settings.max_html_depth}")
    try:
        tree = lxml.html.fromstring(
            html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (ValueError, lxml.etree.ParserError) as exc:
        raise DocumentSkipped(f"unparseable HTML: {str(exc)[:60]}") from exc
    url = raw.metadata.get("url") or (
        raw.uri if raw.uri.startswith(("http://", "https://")) else None
    )
    found: dict[str, str | None] = {"title": None, "sitename": None, "date": None}
    try:
        # Passing the parsed tree (never a string) guarantees htmldate
        # cannot mistake the document for a URL and fetch it.
        meta = extract_metadata(
            tree,
            default_url=url,
            date_config={
                "original_date": True,
                "extensive_search": False,
                "outputformat": "%Y-%m-%d",
                "max_date": date.today().isoformat(),
            },
        )
        found = {"title": meta.title, "sitename": meta.sitename, "date": meta.date}
    except Exception as exc:  # third-party code on hostile input
        log.warning("metadata extraction failed for %s: %s", raw.uri, exc)
    text: str | None = None
    try:
        text = trafilatura.extract(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            output_format="txt",
        )
    except Exception as exc:  # third-party code on hostile input
        log.warning("trafilatura failed on %s: %s", raw.uri, exc)
    lines = text.split("\n") if text else _fallback_lines(tree)
    return drop_furniture(lines), found


# --- PDF ---------------------------------------------------------------------


# Object headers ("12 0 obj") counted with bytes.count: a regex with digits
# before "obj" would backtrack over long digit runs.
_PDF_OBJECT_MARKS = (b" obj", b"\nobj", b"\robj", b"\tobj")


def count_pdf_objects(data: bytes) -> int:
    """Object headers written in a PDF's bytes (objects inside compressed object
    streams are not seen here; the trailer's /Size covers those)."""
    return sum(data.count(mark) for mark in _PDF_OBJECT_MARKS)


def _check_pdf_size(reader: Any, data: bytes, settings: Settings) -> None:
    limit = settings.max_pdf_objects
    written = count_pdf_objects(data)
    declared = reader.trailer.get("/Size", 0) if reader.trailer is not None else 0
    objects = max(written, int(declared) if isinstance(declared, int) else 0)
    if objects > limit:
        raise DocumentSkipped(f"PDF has {objects} objects > max_pdf_objects ({limit})")
    pages = len(reader.pages)
    if pages > settings.max_pdf_pages:
        raise DocumentSkipped(
            f"PDF has {pages} pages > max_pdf_pages ({settings.max_pdf_pages}); "
            "raise the setting to read it"
        )


def _clean_pdf(raw: RawInput, settings: Settings) -> tuple[list[str], str | None]:
    import pypdf

    data = raw.content.encode("latin-1") if isinstance(raw.content, str) else raw.content
    written = count_pdf_objects(data)
    if written > settings.max_pdf_objects:
        # Refused before pypdf builds its cross-reference table.
        raise DocumentSkipped(
            f"PDF has {written} objects > max_pdf_objects ({settings.max_pdf_objects})"
        )
    pages: list[str] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentSkipped("broken PDF: encrypted")
        _check_pdf_size(reader, data, settings)
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except DocumentSkipped:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise DocumentSkipped(f"broken PDF: {type(exc).__name__}: {str(exc)[:80]}") from exc
    return pages, str(title).strip() if title else None


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
        lines, found = _clean_html(raw, settings)
        paragraphs = split_paragraphs("\n\n".join(lines))
        title = title or found["title"]
        published = published or valid_date(found["date"])
        source = source or found["sitename"]
    elif raw.media_type == "pdf":
        pages, pdf_title = _clean_pdf(raw, settings)
        paragraphs = [p for page in pages for p in split_paragraphs(page, join_lines=True)]
        title = title or pdf_title
    else:
        text = (
            _scrub_surrogates(raw.content)
            if isinstance(raw.content, str)
            else decode_text(raw.content)
        )
        paragraphs = split_paragraphs(text)
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
