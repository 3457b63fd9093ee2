"""Text out of HTML (trafilatura, then our furniture filter) and PDF (pypdf).

Both formats are bounded before their parser runs: ``max_html_depth`` on the
raw markup, ``max_pdf_objects`` and ``max_pdf_pages`` before pypdf walks a file.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date
from typing import Any

import lxml.html

from spoor.errors import DocumentSkipped
from spoor.records import RawInput
from spoor.settings import Settings
from spoor.text.decode import CONTROL_BYTES, decode_html, scrub_surrogates
from spoor.text.furniture import drop_furniture

log = logging.getLogger(__name__)

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
    **{code: None for code in CONTROL_BYTES | {0x7F, 0xFFFE, 0xFFFF}},
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


def html_lines(raw: RawInput, settings: Settings) -> tuple[list[str], dict[str, str | None]]:
    import trafilatura  # slow to import; only HTML needs it
    from trafilatura.metadata import extract_metadata

    html = (
        scrub_surrogates(raw.content) if isinstance(raw.content, str) else decode_html(raw.content)
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


def pdf_lines(raw: RawInput, settings: Settings) -> tuple[list[str], str | None]:
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
