"""Acquire: turn files, directories, URLs and feeds into RawInput records.

:func:`iter_inputs` is a generator; it reads one input at a time so memory
does not grow with the corpus. Every per-input failure becomes a
:class:`~spoor.records.Rejection` with a short reason and the walk goes on;
nothing a hostile file contains can make it raise.

Safety limits come from Settings: ``max_file_bytes`` (file on disk),
``max_decompressed_bytes`` and ``max_compression_ratio`` (``.gz`` inputs and
gzip-encoded downloads), ``max_download_bytes``, ``max_redirects`` and
``fetch_timeout`` (HTTP). Feeds are checked with defusedxml before feedparser
sees them, because feedparser's strict parser expands entities.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urljoin

import defusedxml
import defusedxml.ElementTree
import feedparser
import httpx

from spoor.errors import DocumentSkipped, UnsafeURL
from spoor.netguard import Resolver, check_url, default_resolver, pinned_transport
from spoor.records import MediaType, RawInput, Rejection
from spoor.settings import Settings

log = logging.getLogger(__name__)

Kind = Literal["text", "html", "pdf", "record", "feed"]

# Longest name suffix first so ".jsonl.gz" wins over ".gz".
_KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".jsonl": "record",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
# PDFs compress poorly and pypdf needs random access, so no ".pdf.gz".
_GZIP_KINDS: frozenset[Kind] = frozenset({"text", "html", "record", "feed"})

METADATA_KEYS = ("id", "url", "title", "published", "source", "lang")
FRONT_MATTER_KEYS = frozenset({"title", "published", "source", "url", "lang", "id", "synthetic"})
# Front matter longer than this is not front matter but a document with "---" lines.
_FRONT_MATTER_MAX_BYTES = 8_192
# Compression ratios are only judged once this much has been expanded: a small,
# repetitive text file can legitimately compress far better than 100:1.
_RATIO_GRACE_BYTES = 1_048_576
_FRONT_MATTER = re.compile(rb"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", re.DOTALL)
_READ_CHUNK = 65_536
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


def classify_name(name: str) -> tuple[Kind, bool] | None:
    """(kind, gzip-compressed) for a file name, or None if unsupported."""
    lowered = name.lower()
    compressed = lowered.endswith(".gz")
    if compressed:
        lowered = lowered[:-3]
    kind = _KINDS.get(os.path.splitext(lowered)[1])
    if kind is None or (compressed and kind not in _GZIP_KINDS):
        return None
    return kind, compressed


# --- bounded decompression -------------------------------------------------


class BoundedGunzip:
    """Stream-decompress gzip data, refusing output that grows too large.

    Output is produced in bounded slices (``max_length``) so a bomb is
    caught after at most one slice beyond the limit, never after expanding
    it whole. Concatenated gzip members are supported.
    """

    def __init__(self, max_bytes: int, max_ratio: int) -> None:
        self.max_bytes = max_bytes
        self.max_ratio = max_ratio
        self._inflater = zlib.decompressobj(wbits=31)
        self._consumed = 0
        self._parts: list[bytes] = []
        self._produced = 0

    def feed(self, chunk: bytes) -> None:
        self._consumed += len(chunk)
        data = chunk
        while data:
            try:
                out = self._inflater.decompress(data, _READ_CHUNK)
            except zlib.error as exc:
                raise DocumentSkipped(f"corrupt gzip data: {exc}") from exc
            self._accept(out)
            if self._inflater.unconsumed_tail:
                data = self._inflater.unconsumed_tail
            elif self._inflater.eof and self._inflater.unused_data:
                data = self._inflater.unused_data
                self._inflater = zlib.decompressobj(wbits=31)
            else:
                data = b""

    def finish(self) -> bytes:
        if not self._inflater.eof and self._consumed:
            raise DocumentSkipped("corrupt gzip data: truncated stream")
        return b"".join(self._parts)

    def _accept(self, out: bytes) -> None:
        self._produced += len(out)
        if self._produced > self.max_bytes:
            raise DocumentSkipped(
                f"compressed input expands beyond max_decompressed_bytes ({self.max_bytes})"
            )
        if self._produced > _RATIO_GRACE_BYTES and self._produced > self.max_ratio * max(
            self._consumed, 1
        ):
            raise DocumentSkipped(
                f"compression ratio above max_compression_ratio ({self.max_ratio})"
            )
        self._parts.append(out)


def gunzip_bounded(chunks: Iterable[bytes], settings: Settings) -> bytes:
    inflater = BoundedGunzip(settings.max_decompressed_bytes, settings.max_compression_ratio)
    for chunk in chunks:
        inflater.feed(chunk)
    return inflater.finish()


# --- front matter, records, feeds ------------------------------------------


def split_front_matter(data: bytes) -> tuple[dict[str, str], bytes]:
    """Strip ``---`` delimited front matter from a text file's bytes.

    Only the known keys are kept; values lose surrounding quotes. Bytes that
    do not start with a complete front-matter block come back unchanged.
    """
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    match = _FRONT_MATTER.match(body[:_FRONT_MATTER_MAX_BYTES])
    if match is None:
        return {}, data
    metadata: dict[str, str] = {}
    for raw_line in match.group(1).splitlines():
        line = raw_line.decode("utf-8", errors="replace").strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key in FRONT_MATTER_KEYS and value:
            metadata[key] = value
    return metadata, body[match.end() :]


def _record_metadata(obj: dict[str, Any]) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for key in METADATA_KEYS:
        value = obj.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if text:
                metadata[key] = text
    return metadata


def iter_records(lines: Iterable[bytes], name: str) -> Iterator[RawInput | Rejection]:
    """One RawInput per JSON object line with a string ``text``; blank lines skipped."""
    for lineno, raw_line in enumerate(lines, start=1):
        if not raw_line.strip():
            continue
        uri = f"{name}:{lineno}"
        try:
            obj = json.loads(raw_line)
        except (ValueError, RecursionError) as exc:
            # ValueError covers JSONDecodeError and undecodable bytes.
            yield Rejection(uri, f"invalid JSON: {str(exc)[:80]}")
            continue
        if not isinstance(obj, dict):
            yield Rejection(uri, "JSON line is not an object")
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Rejection(uri, "JSON line has no text")
            continue
        yield RawInput(uri=uri, media_type="record", content=text, metadata=_record_metadata(obj))


def check_xml_safe(data: bytes) -> None:
    """Raise DocumentSkipped if XML declares entities, references external
    resources, or is not well-formed."""
    try:
        defusedxml.ElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.EntitiesForbidden as exc:
        raise DocumentSkipped("unsafe XML: entity declarations are not allowed") from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise DocumentSkipped("unsafe XML: external references are not allowed") from exc
    except defusedxml.DefusedXmlException as exc:
        raise DocumentSkipped(f"unsafe XML: {exc}") from exc
    except (SyntaxError, ValueError) as exc:
        # xml.etree.ElementTree.ParseError is a SyntaxError.
        raise DocumentSkipped(f"feed is not well-formed XML: {str(exc)[:80]}") from exc
    except LookupError as exc:
        # expat raises it for an encoding declaration Python does not know
        # (found by `make fuzz`: encoding="utfrss-8").
        raise DocumentSkipped(f"feed declares an unknown encoding: {str(exc)[:80]}") from exc


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def iter_feed(data: bytes, feed_uri: str) -> Iterator[RawInput | Rejection]:
    """One html RawInput per feed entry (content, else summary)."""
    try:
        check_xml_safe(data)
    except DocumentSkipped as exc:
        yield Rejection(feed_uri, exc.reason)
        return
    # A file object, never bytes or str: feedparser fetches anything that
    # looks like a URL.
    try:
        parsed = feedparser.parse(
            io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False
        )
    except Exception as exc:  # third-party parser on hostile input
        yield Rejection(feed_uri, f"feed could not be parsed: {type(exc).__name__}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        yield Rejection(feed_uri, "feed has no entries")
        return
    feed_title = str(parsed.get("feed", {}).get("title") or "").strip()
    for number, entry in enumerate(entries, start=1):
        link = str(entry.get("link") or "").strip()
        uri = link or f"{feed_uri}#{number}"
        contents = entry.get("content") or []
        body = ""
        if contents:
            body = "\n".join(str(part.get("value") or "") for part in contents)
        if not body.strip():
            body = str(entry.get("summary") or "")
        if not body.strip():
            yield Rejection(uri, "feed entry has no content")
            continue
        metadata: dict[str, str] = {}
        title = str(entry.get("title") or "").strip()
        if title:
            metadata["title"] = title
        published = _entry_date(entry)
        if published:
            metadata["published"] = published
        if link:
            metadata["url"] = link
        if feed_title:
            metadata["source"] = feed_title
        yield RawInput(uri=uri, media_type="html", content=body, metadata=metadata)


def _expand(
    kind: Kind, data: bytes, uri: str, metadata: dict[str, str]
) -> Iterator[RawInput | Rejection]:
    """RawInputs for one file's or one download's bytes of a known kind."""
    if kind == "feed":
        yield from iter_feed(data, uri)
    elif kind == "record":
        yield from iter_records(data.splitlines(), uri)
    elif kind == "text":
        front, body = split_front_matter(data)
        yield RawInput(uri=uri, media_type="text", content=body, metadata={**metadata, **front})
    else:
        media_type: MediaType = kind
        yield RawInput(uri=uri, media_type=media_type, content=data, metadata=metadata)


# --- files and directories -------------------------------------------------


def _read_file(path: Path, compressed: bool, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise DocumentSkipped(
                f"file larger than max_file_bytes ({size} > {settings.max_file_bytes})"
            )
        with path.open("rb") as handle:
            if not compressed:
                # Read one byte past the limit in case the file grew since stat().
                data = handle.read(settings.max_file_bytes + 1)
                if len(data) > settings.max_file_bytes:
                    raise DocumentSkipped("file larger than max_file_bytes")
                return data
            return gunzip_bounded(iter(lambda: handle.read(_READ_CHUNK), b""), settings)
    except OSError as exc:
        raise DocumentSkipped(f"cannot read file: {exc.strerror or exc}") from exc


def _file_inputs(path: Path, settings: Settings) -> Iterator[RawInput | Rejection]:
    uri = str(path)
    found = classify_name(path.name)
    if found is None:
        yield Rejection(uri, f"unsupported file type: {path.suffix or path.name}")
        return
    kind, compressed = found
    if not path.is_file():
        # A FIFO or device would block or never end.
        yield Rejection(uri, "not a regular file")
        return
    try:
        data = _read_file(path, compressed, settings)
    except DocumentSkipped as exc:
        yield Rejection(uri, exc.reason)
        return
    yield from _expand(kind, data, uri, {})


def _walk(directory: Path) -> Iterator[Path]:
    """Supported, non-hidden files under ``directory`` in sorted path order.

    Symlinked directories are not followed, so a link loop cannot trap the walk.
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as exc:
        log.warning("cannot list %s: %s", directory, exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path))
            elif entry.is_file() and classify_name(entry.name) is not None:
                yield Path(entry.path)
        except OSError as exc:
            log.warning("cannot inspect %s: %s", entry.path, exc)


# --- URLs -------------------------------------------------------------------


class Fetcher(Protocol):
    """Downloads one URL. Returns (final URL, body, content type) or raises
    DocumentSkipped (UnsafeURL for refused addresses)."""

    def fetch(self, url: str) -> tuple[str, bytes, str]: ...


@dataclass(slots=True)
class HttpFetcher:
    """The default Fetcher: httpx, redirects followed by hand so the address
    guard sees every hop, bodies capped while streaming.

    Without a ``transport``, connections go through
    :func:`~spoor.netguard.pinned_transport`, so the address checked is the
    address reached (no DNS rebinding between check and connect).
    ``transport`` and ``resolve`` exist for tests (``httpx.MockTransport``
    and a fake resolver mean no packet leaves the machine).
    """

    settings: Settings
    transport: httpx.BaseTransport | None = None
    resolve: Resolver = default_resolver

    def fetch(self, url: str) -> tuple[str, bytes, str]:
        settings = self.settings
        # trust_env=False: a proxy from the environment would make the
        # address we check differ from the address we reach.
        transport = self.transport or pinned_transport(
            allow_private=settings.allow_private_urls, resolve=self.resolve
        )
        with httpx.Client(
            transport=transport,
            timeout=settings.fetch_timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, identity"},
        ) as client:
            current = url
            for hop in range(settings.max_redirects + 1):
                try:
                    check_url(
                        current, allow_private=settings.allow_private_urls, resolve=self.resolve
                    )
                except UnsafeURL as exc:
                    if hop == 0:
                        raise
                    raise UnsafeURL(f"redirect to {current} refused: {exc.reason}", url) from exc
                try:
                    with client.stream("GET", current) as response:
                        if response.status_code in _REDIRECT_CODES:
                            location = response.headers.get("location")
                            if not location:
                                raise DocumentSkipped("redirect without Location", url)
                            current = urljoin(current, location)
                            continue
                        if response.status_code >= 400:
                            raise DocumentSkipped(f"HTTP {response.status_code}", url)
                        body = self._read_body(response)
                        content_type = response.headers.get("content-type", "")
                        return current, body, content_type
                except UnsafeURL as exc:
                    # Refused at connect time: the name resolved differently than
                    # when it was checked (DNS rebinding) or changed meanwhile.
                    raise UnsafeURL(
                        f"connection refused by the address guard: {exc.reason}", url
                    ) from exc
                except httpx.HTTPError as exc:
                    raise DocumentSkipped(
                        f"download failed: {type(exc).__name__}: {str(exc)[:80]}", url
                    ) from exc
            raise DocumentSkipped(f"too many redirects (> {settings.max_redirects})", url)

    def _read_body(self, response: httpx.Response) -> bytes:
        limit = self.settings.max_download_bytes
        too_big = f"download larger than max_download_bytes ({limit})"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise DocumentSkipped(too_big)
        if response.is_stream_consumed:
            # Already read whole by the transport (httpx.MockTransport does this).
            if len(response.content) > limit:
                raise DocumentSkipped(too_big)
            return response.content
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in {"", "identity", "gzip", "x-gzip"}:
            raise DocumentSkipped(f"unsupported content encoding: {encoding}")
        # Raw bytes, decoded by our own bounded inflater: httpx would inflate
        # a gzip bomb chunk by chunk without any limit on the ratio.
        inflater = (
            BoundedGunzip(self.settings.max_decompressed_bytes, self.settings.max_compression_ratio)
            if encoding in {"gzip", "x-gzip"}
            else None
        )
        deadline = time.monotonic() + 3 * self.settings.fetch_timeout
        parts: list[bytes] = []
        received = 0
        for chunk in response.iter_raw():
            received += len(chunk)
            if received > limit:
                raise DocumentSkipped(too_big)
            if time.monotonic() > deadline:
                raise DocumentSkipped("download slower than 3 x fetch_timeout")
            if inflater is not None:
                inflater.feed(chunk)
            else:
                parts.append(chunk)
        return inflater.finish() if inflater is not None else b"".join(parts)


_FEED_TYPES = ("rss", "atom", "application/xml", "text/xml", "rdf")


def sniff_kind(content_type: str, body: bytes) -> Kind | None:
    """What a download is, from its content type and first bytes."""
    mime = content_type.split(";", 1)[0].strip().lower()
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if mime == "application/pdf" or head.startswith(b"%pdf-"):
        return "pdf"
    looks_like_feed = any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))
    if looks_like_feed and (
        any(t in mime for t in _FEED_TYPES)
        or mime in {"", "text/html"}
        or head.startswith(b"<?xml")
    ):
        return "feed"
    if mime in {"text/html", "application/xhtml+xml"} or head.startswith(
        (b"<!doctype html", b"<html")
    ):
        return "html"
    if any(t in mime for t in _FEED_TYPES):
        return "feed"
    if mime.startswith("text/") or mime in {"", "application/octet-stream"}:
        return "text" if mime.startswith("text/") or b"\x00" not in head else None
    return None


def _url_inputs(url: str, fetcher: Fetcher, settings: Settings) -> Iterator[RawInput | Rejection]:
    try:
        final_url, body, content_type = fetcher.fetch(url)
        if body.startswith(b"\x1f\x8b"):
            # A .gz file served as such: the content type describes the wrapper.
            body = gunzip_bounded([body], settings)
            content_type = ""
    except DocumentSkipped as exc:
        yield Rejection(url, exc.reason)
        return
    kind = sniff_kind(content_type, body)
    if kind is None:
        yield Rejection(url, f"unsupported content type: {content_type or 'unknown'}")
        return
    yield from _expand(kind, body, url, {"url": final_url})


def _is_url(target: str) -> bool:
    return re.match(r"(?i)https?://", target) is not None


# --- entry point ------------------------------------------------------------


def iter_inputs(
    targets: Sequence[str], settings: Settings, *, fetch: Fetcher | None = None
) -> Iterator[RawInput | Rejection]:
    """Yield a RawInput per readable input and a Rejection per failure.

    Each target is a file, a directory (walked recursively in sorted order;
    hidden and unsupported files skipped silently) or an http(s) URL. A
    named file with an unsupported type is rejected, not skipped.
    """
    for target in targets:
        if _is_url(target):
            fetcher = fetch if fetch is not None else HttpFetcher(settings)
            fetch = fetcher  # one client configuration for the whole run
            yield from _url_inputs(target, fetcher, settings)
            continue
        path = Path(target)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError:
            exists = is_dir = False
        if not exists:
            yield Rejection(target, "no such file or directory")
        elif is_dir:
            for file_path in _walk(path):
                yield from _file_inputs(file_path, settings)
        else:
            yield from _file_inputs(path, settings)
