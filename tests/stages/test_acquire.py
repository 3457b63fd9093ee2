"""Acquire: files, directories, JSONL, feeds, gzip limits and HTTP fetching.

HTTP tests use httpx.MockTransport and a fake resolver: no packet leaves
the process.
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from spoor.records import RawInput, Rejection
from spoor.settings import Settings
from spoor.stages.acquire import (
    HttpFetcher,
    classify_name,
    iter_inputs,
    sniff_kind,
    split_front_matter,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "inputs"
SETTINGS = Settings()
PUBLIC_IP = "93.184.215.14"


def _run(targets: list[str], settings: Settings = SETTINGS) -> list[RawInput | Rejection]:
    return list(iter_inputs(targets, settings))


def _one(results: list[RawInput | Rejection]) -> RawInput | Rejection:
    assert len(results) == 1, results
    return results[0]


# --- names and paths ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", ("text", False)),
        ("A.MD", ("text", False)),
        ("page.html", ("html", False)),
        ("page.htm", ("html", False)),
        ("report.pdf", ("pdf", False)),
        ("dump.jsonl", ("record", False)),
        ("feed.xml", ("feed", False)),
        ("feed.rss", ("feed", False)),
        ("feed.atom", ("feed", False)),
        ("page.html.gz", ("html", True)),
        ("notes.txt.gz", ("text", True)),
        ("dump.jsonl.gz", ("record", True)),
        ("report.pdf.gz", None),
        ("archive.gz", None),
        ("letter.docx", None),
        ("README", None),
    ],
)
def test_classify_name(name: str, expected: tuple[str, bool] | None) -> None:
    assert classify_name(name) == expected


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    assert _one(_run([missing])) == Rejection(missing, "no such file or directory")


def test_named_unsupported_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    path.write_bytes(b"PK\x03\x04")
    assert _one(_run([str(path)])) == Rejection(str(path), "unsupported file type: .docx")


def test_file_over_size_limit_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 200)
    result = _one(_run([str(path)], Settings(max_file_bytes=100)))
    assert isinstance(result, Rejection)
    assert result.reason == "file larger than max_file_bytes (200 > 100)"


def test_directory_walk_is_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    for relative in [
        "b.txt",
        "a/z.html",
        "a/b.txt",
        "a/sub/c.pdf",
        "c.jsonl",
        ".hidden.txt",
        ".git/x.txt",
        "notes.docx",
        "a/image.png",
    ]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        content = b'{"text": "a record long enough"}\n' if relative.endswith(".jsonl") else b"x"
        path.write_bytes(content)
    uris = [item.uri for item in _run([str(tmp_path)])]
    assert uris == [
        str(tmp_path / "a/b.txt"),
        str(tmp_path / "a/sub/c.pdf"),
        str(tmp_path / "a/z.html"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "c.jsonl") + ":1",
    ]


def test_iter_inputs_is_lazy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("first")
    generator = iter_inputs([str(tmp_path / "a.txt"), str(tmp_path / "later.txt")], SETTINGS)
    first = next(generator)
    assert isinstance(first, RawInput)
    # The missing second target has not been looked at yet; created now, it is read.
    (tmp_path / "later.txt").write_text("second")
    second = next(generator)
    assert isinstance(second, RawInput) and second.content == b"second"


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("empty.txt", b"", "text"),
        ("random.txt", bytes(range(256)) * 4, "text"),
        ("page.html", b"<p>hello</p>", "html"),
        ("broken.pdf", b"%PDF-1.4 garbage", "pdf"),
    ],
)
def test_bytes_pass_through_unjudged(
    tmp_path: Path, name: str, content: bytes, media_type: str
) -> None:
    # Acquire never judges content; clean does (see test_clean.py).
    path = tmp_path / name
    path.write_bytes(content)
    result = _one(_run([str(path)]))
    assert isinstance(result, RawInput)
    assert (result.media_type, result.content, result.uri) == (media_type, content, str(path))


LONG_FRONT_MATTER = b"---\n" + b"a: b\n" * 3000 + b"---\nbody"

# --- front matter ------------------------------------------------------------


def test_front_matter_fixture() -> None:
    path = FIXTURES / "front_matter.txt"
    result = _one(_run([str(path)]))
    assert isinstance(result, RawInput)
    assert result.uri == str(path)
    assert result.metadata == {
        "title": "ISKP activity in Kunar, a summary",
        "published": "2022-11-03",
        "source": "Test Desk",
        "url": "https://desk.example.org/kunar",
        "lang": "en",
        "synthetic": "true",
    }
    assert isinstance(result.content, bytes)
    assert result.content.startswith(b"An armed group was reported")


@pytest.mark.parametrize(
    ("data", "metadata", "body"),
    [
        (b"---\ntitle: T\n---\nbody", {"title": "T"}, b"body"),
        (b"\xef\xbb\xbf---\r\nlang: ru\r\n---\r\nbody", {"lang": "ru"}, b"body"),
        (b"---\ntitle: 'quoted'\nother: x\n---\n", {"title": "quoted"}, b""),
        (b"no front matter\n---\nx", {}, b"no front matter\n---\nx"),
        (b"---\ntitle: never closed\nbody", {}, b"---\ntitle: never closed\nbody"),
        (LONG_FRONT_MATTER, {}, LONG_FRONT_MATTER),  # too long to be front matter
    ],
)
def test_split_front_matter(data: bytes, metadata: dict[str, str], body: bytes) -> None:
    assert split_front_matter(data) == (metadata, body)


# --- JSONL ---------------------------------------------------------------------


def test_jsonl_good_and_bad_lines() -> None:
    path = FIXTURES / "records_mixed.jsonl"
    results = _run([str(path)])
    summary = [
        (
            type(item).__name__,
            item.uri.rsplit(":", 1)[1],
            item.reason.split(":")[0] if isinstance(item, Rejection) else item.content[:20],
        )
        for item in results
    ]
    assert summary == [
        ("RawInput", "1", "Officials reported a"),
        ("Rejection", "2", "invalid JSON"),
        ("Rejection", "3", "JSON line is not an object"),
        ("Rejection", "5", "JSON line has no text"),
        ("RawInput", "6", "Researchers describe"),
    ]
    first, last = results[0], results[-1]
    assert isinstance(first, RawInput) and isinstance(last, RawInput)
    assert first.media_type == "record"
    assert first.metadata == {
        "id": "r1",
        "url": "https://news.example.org/a",
        "title": "First record",
        "published": "2023-05-04",
        "source": "Example News",
        "lang": "en",
    }
    assert last.metadata == {"id": "r5", "published": "2021"}


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    lines = [json.dumps({"id": str(n), "text": f"record number {n}"}) for n in range(3)]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    results = _run([str(path)])
    assert [item.content for item in results if isinstance(item, RawInput)] == [
        "record number 0",
        "record number 1",
        "record number 2",
    ]


# --- gzip limits ---------------------------------------------------------------


def _zero_bomb(path: Path, gigabytes: int = 1) -> None:
    """1 GB of zeros as concatenated gzip members (~1 MB on disk, fast to make)."""
    member = gzip.compress(bytes(16 << 20), compresslevel=9)
    path.write_bytes(member * (64 * gigabytes))


def test_gzip_bomb_is_rejected_quickly_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    _zero_bomb(path)
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = _one(_run([str(path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, Rejection)
    assert result.reason == "compression ratio above max_compression_ratio (100)"
    assert time.monotonic() - started < 10
    assert peak < 64 << 20


def test_single_member_bomb_hits_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(bytes(4 << 20)))
    settings = Settings(max_decompressed_bytes=1 << 20, max_compression_ratio=10_000)
    result = _one(_run([str(path)], settings))
    assert result == Rejection(
        str(path), f"compressed input expands beyond max_decompressed_bytes ({1 << 20})"
    )


@pytest.mark.parametrize(
    ("content", "reason_start"),
    [
        (b"\x1f\x8b\x08\x00garbage-not-deflate", "corrupt gzip data"),
        (gzip.compress(b"some text that is cut off " * 50)[:40], "corrupt gzip data"),
        (b"plain text, not gzip at all", "corrupt gzip data"),
    ],
)
def test_corrupt_gzip(tmp_path: Path, content: bytes, reason_start: str) -> None:
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(content)
    result = _one(_run([str(path)]))
    assert isinstance(result, Rejection)
    assert result.reason.startswith(reason_start)


def test_normal_html_gz(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    html = b"<html><body><p>" + b"A normal article paragraph. " * 100 + b"</p></body></html>"
    path.write_bytes(gzip.compress(html))
    result = _one(_run([str(path)]))
    assert isinstance(result, RawInput)
    assert (result.media_type, result.content) == ("html", html)


# --- feeds -----------------------------------------------------------------------


def test_rss_feed_with_two_entries() -> None:
    path = FIXTURES / "feed_two_entries.rss"
    results = _run([str(path)])
    assert all(isinstance(item, RawInput) for item in results)
    first, second = results
    assert isinstance(first, RawInput) and isinstance(second, RawInput)
    assert first.uri == "https://monitor.example.org/2024/01/nangarhar-checkpoint"
    assert first.media_type == "html"
    assert "police checkpoint in Nangarhar" in str(first.content)
    assert first.metadata == {
        "title": "Checkpoint attack reported in Nangarhar",
        "published": "2024-01-16",
        "url": "https://monitor.example.org/2024/01/nangarhar-checkpoint",
        "source": "Example Security Monitor",
    }
    # No <link>: the entry is named after the feed and its position.
    assert second.uri == f"{path}#2"
    assert second.metadata["published"] == "2024-02-07"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>x</title><description>&lol9;</description></item>
</channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><title>x</title><description>&secret;</description></item>
</channel></rss>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "http://dtd.example.org/rss.dtd">
<rss version="2.0"><channel><title>t</title>
<item><title>x</title><description>hello</description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("laughs.rss", BILLION_LAUGHS, "unsafe XML: entity declarations are not allowed"),
        ("xxe.xml", EXTERNAL_ENTITY, "unsafe XML: entity declarations are not allowed"),
        (
            "empty.rss",
            b"<rss version='2.0'><channel><title>t</title></channel></rss>",
            "feed has no entries",
        ),
        ("broken.rss", b"<rss><channel><item><title>x</item></rss>", "feed is not well-formed XML"),
        ("blank.xml", b"", "feed is not well-formed XML"),
    ],
)
def test_bad_feeds_are_rejected(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    started = time.monotonic()
    result = _one(_run([str(path)]))
    assert isinstance(result, Rejection)
    assert result.reason.startswith(reason)
    assert time.monotonic() - started < 2


def test_external_dtd_reference_is_parsed_but_never_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connections: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connections.append(address))
    path = tmp_path / "dtd.rss"
    path.write_bytes(EXTERNAL_DTD)
    result = _one(_run([str(path)]))
    assert isinstance(result, RawInput) and result.content == "hello"
    assert connections == []


def test_atom_entry_content_preferred_over_summary(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_bytes(b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom test</title>
<entry><title>E1</title><link href="https://a.example.org/e1"/>
<updated>2023-06-01T00:00:00Z</updated>
<summary>short summary</summary>
<content type="html">&lt;p&gt;the full content&lt;/p&gt;</content></entry>
<entry><title>E2</title><link href="https://a.example.org/e2"/></entry>
</feed>""")
    results = _run([str(path)])
    assert len(results) == 2
    first, second = results
    assert isinstance(first, RawInput) and first.content == "<p>the full content</p>"
    assert first.metadata["published"] == "2023-06-01"
    assert second == Rejection("https://a.example.org/e2", "feed entry has no content")


# --- HTTP ------------------------------------------------------------------------

Handler = Callable[[httpx.Request], httpx.Response]


def _fetch_all(
    handler: Handler, urls: list[str], settings: Settings = SETTINGS
) -> list[RawInput | Rejection]:
    fetcher = HttpFetcher(
        settings, transport=httpx.MockTransport(handler), resolve=lambda host: [PUBLIC_IP]
    )
    return list(iter_inputs(urls, settings, fetch=fetcher))


def test_redirect_to_loopback_is_refused_before_any_request() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:8080/admin"})

    result = _one(_fetch_all(handler, ["https://news.example.org/story"]))
    assert isinstance(result, Rejection)
    assert result.uri == "https://news.example.org/story"
    assert result.reason.startswith("redirect to http://127.0.0.1:8080/admin refused: address")
    assert seen == ["https://news.example.org/story"]


@pytest.mark.parametrize(
    "location",
    [
        "http://2130706433/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/",
        "file:///etc/passwd",
        "/relative-then-ok",
    ],
)
def test_every_redirect_hop_is_checked(location: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/relative-then-ok":
            return httpx.Response(
                200,
                text="plain text reached after a redirect",
                headers={"Content-Type": "text/plain"},
            )
        return httpx.Response(301, headers={"Location": location})

    result = _one(_fetch_all(handler, ["https://news.example.org/"]))
    if location.startswith("/"):
        assert isinstance(result, RawInput)
        assert result.metadata["url"] == "https://news.example.org/relative-then-ok"
    else:
        assert isinstance(result, Rejection) and "refused" in result.reason


def test_too_many_redirects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        hop = int(request.url.params.get("n", "0"))
        return httpx.Response(302, headers={"Location": f"/loop?n={hop + 1}"})

    result = _one(_fetch_all(handler, ["https://news.example.org/loop"], Settings(max_redirects=3)))
    assert result == Rejection("https://news.example.org/loop", "too many redirects (> 3)")


def test_size_cap_aborts_while_streaming() -> None:
    produced: list[int] = []

    def endless() -> Iterator[bytes]:
        while True:
            produced.append(1)
            yield b"x" * 1024

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/plain"}, content=endless())

    result = _one(
        _fetch_all(handler, ["https://news.example.org/huge"], Settings(max_download_bytes=10_000))
    )
    assert result == Rejection(
        "https://news.example.org/huge", "download larger than max_download_bytes (10000)"
    )
    assert len(produced) <= 11


def test_declared_length_over_cap_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "999999999"}, content=b"x")

    result = _one(_fetch_all(handler, ["https://news.example.org/big"]))
    assert isinstance(result, Rejection) and result.reason.startswith("download larger")


def test_gzip_encoded_bomb_is_refused() -> None:
    bomb = gzip.compress(bytes(64 << 20))

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=iter([bomb]),
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        )

    result = _one(_fetch_all(handler, ["https://news.example.org/bomb"]))
    assert isinstance(result, Rejection)
    assert result.reason == "compression ratio above max_compression_ratio (100)"


def test_gzip_encoded_page_is_decoded() -> None:
    html = b"<html><body><p>Encoded page body.</p></body></html>"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=iter([gzip.compress(html)]),
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        )

    result = _one(_fetch_all(handler, ["https://news.example.org/p"]))
    assert isinstance(result, RawInput) and result.content == html


def test_request_headers_and_errors() -> None:
    agents: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        agents.append(request.headers["user-agent"])
        if request.url.path == "/missing":
            return httpx.Response(404)
        if request.url.path == "/down":
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, content=b"\x89PNG\r\n", headers={"Content-Type": "image/png"})

    results = _fetch_all(
        handler,
        [
            "https://a.example.org/missing",
            "https://a.example.org/down",
            "https://a.example.org/img",
            "ftp://a.example.org/x",
        ],
        Settings(user_agent="SpoorTest/1"),
    )
    reasons = [item.reason for item in results if isinstance(item, Rejection)]
    assert reasons[:3] == [
        "HTTP 404",
        "download failed: ConnectError: connection refused",
        "unsupported content type: image/png",
    ]
    # "ftp://" is not a URL target, so it is looked up as a (missing) path.
    assert reasons[3] == "no such file or directory"
    assert agents == ["SpoorTest/1"] * 3


FEED_BODY = (FIXTURES / "feed_two_entries.rss").read_bytes()


@pytest.mark.parametrize(
    ("content_type", "body", "kind"),
    [
        ("text/html; charset=utf-8", b"<!doctype html><html></html>", "html"),
        ("", b"<html><body>x</body></html>", "html"),
        ("application/pdf", b"%PDF-1.7", "pdf"),
        ("application/octet-stream", b"%PDF-1.4 ...", "pdf"),
        ("application/rss+xml", FEED_BODY, "feed"),
        ("text/xml", FEED_BODY, "feed"),
        ("text/html", FEED_BODY, "feed"),  # misconfigured servers send feeds as HTML
        ("application/atom+xml", b"<feed xmlns='http://www.w3.org/2005/Atom'/>", "feed"),
        ("text/plain", b"just words", "text"),
        ("", b"just words", "text"),
        ("image/png", b"\x89PNG", None),
        ("application/octet-stream", b"\x00\x01\x02", None),
    ],
)
def test_sniff_kind(content_type: str, body: bytes, kind: str | None) -> None:
    assert sniff_kind(content_type, body) == kind


def test_downloaded_feed_becomes_entries() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=FEED_BODY, headers={"Content-Type": "application/rss+xml"}
        )

    results = _fetch_all(handler, ["https://monitor.example.org/feed"])
    assert [item.uri for item in results] == [
        "https://monitor.example.org/2024/01/nangarhar-checkpoint",
        "https://monitor.example.org/feed#2",
    ]


def test_downloaded_gzip_file_is_unpacked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=gzip.compress(b"plain text inside a gzip file"),
            headers={"Content-Type": "application/gzip"},
        )

    result = _one(_fetch_all(handler, ["https://a.example.org/notes.txt.gz"]))
    assert isinstance(result, RawInput)
    assert (result.media_type, result.content) == ("text", b"plain text inside a gzip file")


def test_fifo_is_rejected_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert _one(_run([str(pipe)])) == Rejection(str(pipe), "not a regular file")
