"""Decoding bytes into text: UTF-8, else the charset the bytes declare or betray.

Mixed encodings (a UTF-8 page with a stray cp1252 byte) are decoded piece by
piece; undecodable control bytes beyond a small share make the input
unreadable, which the clean stage reports as a skipped document.
"""

from __future__ import annotations

import logging
import re

import charset_normalizer

from spoor.errors import DocumentSkipped

log = logging.getLogger(__name__)

# Share of control bytes above which input is binary, not text with a stray NUL.
_MAX_CONTROL_SHARE = 0.05
# Invalid UTF-8 this rare, in text that otherwise is UTF-8, is damage, not another charset.
_MAX_BAD_UTF8_SHARE = 0.01
_PREFERRED_CODEPAGES = ("cp1252", "cp1251", "cp1256", "latin_1")
CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13}
_CHARSET_META = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-:.]{1,40})""", re.IGNORECASE
)


def decode_text(data: bytes) -> str:
    """Bytes to str: BOM, then UTF-8, then a detected charset; binary is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if not data.strip():
        raise DocumentSkipped("empty after cleaning")
    sample = data[:65_536]
    control = sum(1 for byte in sample if byte in CONTROL_BYTES)
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


def scrub_surrogates(text: str) -> str:
    """``text`` without lone surrogates (JSON's "\\ud800" decodes to one; it cannot
    be encoded as UTF-8). They become U+FFFD, which normalisation then drops."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _has_multibyte_utf8(text: str) -> bool:
    return any(ord(char) > 127 and char != "\ufffd" for char in text)


def decode_html(data: bytes) -> str:
    """HTML bytes to str, honouring a <meta charset> before guessing."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _CHARSET_META.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_text(data)
