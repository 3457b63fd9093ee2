"""The address guard. No test here resolves a name or sends a packet except
the live test, which talks only to a 127.0.0.1 server it starts itself."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import time
from collections.abc import Iterator

import httpcore
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spoor.errors import DocumentSkipped, UnsafeURL
from spoor.netguard import (
    PinnedBackend,
    check_url,
    checked_addresses,
    is_forbidden_address,
    parse_ipv4_loose,
)
from spoor.records import RawInput, Rejection
from spoor.settings import Settings
from spoor.stages.acquire import HttpFetcher, iter_inputs
from tests.loopback import Loopback, Page, serve

FORBIDDEN = [
    # loopback, in every spelling a resolver accepts
    "127.0.0.1",
    "127.255.255.254",
    "2130706433",  # decimal
    "0177.0.0.1",  # octal
    "0x7f.0.0.1",  # hex first part
    "0x7f.1",  # hex, short form
    "0x7f000001",  # one hex number
    "017700000001",  # one octal number
    "127.1",  # short form
    "127.0.1",  # three parts
    "127.0.0.1.",  # trailing dot
    "::1",
    "[::1]",
    "0:0:0:0:0:0:0:1",
    # private
    "10.0.0.1",
    "10.255.255.255",
    "012.1.2.3",  # octal 10.1.2.3
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "0xc0.0xa8.1.1",  # 192.168.1.1 in hex
    "3232235777",  # 192.168.1.1 in decimal
    "fc00::1",
    "fd12:3456:789a::1",
    # link-local, including the cloud metadata address
    "169.254.169.254",
    "2852039166",  # 169.254.169.254 in decimal
    "fe80::1",
    "fe80::1%eth0",
    # carrier-grade NAT
    "100.64.0.1",
    "100.127.255.254",
    # multicast, broadcast, reserved, unspecified
    "224.0.0.1",
    "239.255.255.250",
    "ff02::1",
    "255.255.255.255",
    "240.0.0.1",
    "0.0.0.0",
    "0",
    "0.1.2.3",
    "::",
    # documentation and benchmarking ranges
    "192.0.2.1",
    "198.18.0.1",
    "2001:db8::1",
    # IPv6 carrying a forbidden IPv4 address
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",  # IPv4-compatible
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    # not an address at all: fail closed
    "example.com",
    "",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.256x",
    "08.0.0.1",  # 8 is not an octal digit
]

ALLOWED = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "134744072",  # 8.8.8.8 in decimal
    "0x08080808",
    "8.8.2056",  # short form of 8.8.8.8
    "100.63.255.255",  # just below carrier-grade NAT
    "100.128.0.1",  # just above it
    "172.15.255.255",  # just below 172.16/12
    "172.32.0.1",  # just above it
    "2606:4700:4700::1111",
    "2a00:1450:4001:82a::200e",
    "::ffff:8.8.8.8",
    "2002:808:808::1",  # 6to4 of a public address
]


@pytest.mark.parametrize("address", FORBIDDEN)
def test_forbidden_addresses(address: str) -> None:
    assert is_forbidden_address(address) is True


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses(address: str) -> None:
    assert is_forbidden_address(address) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1.258", "10.1.1.2"),
        ("0X7F.0X0.0X0.0X1", "127.0.0.1"),
        ("example.org", None),
        ("1.2.3.4.5", None),
        ("4294967296", None),  # one past 255.255.255.255
    ],
)
def test_parse_ipv4_loose(text: str, expected: str | None) -> None:
    parsed = parse_ipv4_loose(text)
    assert (str(parsed) if parsed else None) == expected


def _no_dns(host: str) -> list[str]:
    raise AssertionError(f"resolver must not be called for {host}")


def _fake_dns(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def resolve(host: str) -> list[str]:
        if host not in table:
            raise OSError("unknown host")
        return table[host]

    return resolve


@pytest.mark.parametrize(
    ("url", "reason_part"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://example.org/", "scheme"),
        ("gopher://example.org/", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("http://user:pw@example.org/", "credentials"),
        ("http://user@example.org/", "credentials"),
        ("http:///nohost", "no host"),
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://2130706433/", "127.0.0.1"),
        ("http://0x7f.1:8080/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"),
        ("http://[::1]/", "::1"),
        ("http://[::ffff:127.0.0.1]/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://127.0.0.1:99999/", "malformed"),
    ],
)
def test_check_url_refuses_without_dns(url: str, reason_part: str) -> None:
    with pytest.raises(UnsafeURL) as caught:
        check_url(url, allow_private=False, resolve=_no_dns)
    assert reason_part in caught.value.reason
    assert caught.value.uri == url


@pytest.mark.parametrize(
    ("url", "dns", "refused"),
    [
        ("https://news.example.org/a", {"news.example.org": ["93.184.215.14"]}, False),
        ("https://news.example.org/a", {"news.example.org": ["93.184.215.14", "10.0.0.5"]}, True),
        ("http://rebind.example.org/", {"rebind.example.org": ["127.0.0.1"]}, True),
        ("http://v6.example.org/", {"v6.example.org": ["::ffff:192.168.0.1"]}, True),
        ("http://nowhere.example.org/", {}, True),
        ("http://empty.example.org/", {"empty.example.org": []}, True),
        ("https://8.8.8.8/dns", {}, False),
    ],
)
def test_check_url_resolves_names(url: str, dns: dict[str, list[str]], refused: bool) -> None:
    if refused:
        with pytest.raises(UnsafeURL):
            check_url(url, allow_private=False, resolve=_fake_dns(dns))
    else:
        check_url(url, allow_private=False, resolve=_fake_dns(dns))


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("http://127.0.0.1:8000/", False),
        ("http://10.0.0.1/", False),
        ("ftp://127.0.0.1/", True),  # scheme checks still apply
        ("http://a:b@127.0.0.1/", True),  # and so do credential checks
    ],
)
def test_allow_private_skips_only_address_checks(url: str, refused: bool) -> None:
    if refused:
        with pytest.raises(UnsafeURL):
            check_url(url, allow_private=True, resolve=_no_dns)
    else:
        check_url(url, allow_private=True, resolve=_no_dns)


# --- live test against a local server --------------------------------------


_PAGE = Page(
    b"<html><head><title>Local test page</title></head><body><article>"
    b"<p>This page is served by a test server on the loopback interface only, "
    b"to show that the guard refuses it unless private addresses are allowed.</p>"
    b"</article></body></html>",
    headers={"Content-Type": "text/html; charset=utf-8"},
)


@pytest.fixture()
def local_server() -> Iterator[Loopback]:
    with serve({"/page.html": _PAGE}) as server:
        yield server


def test_local_server_refused_by_default(local_server: Loopback) -> None:
    url, paths = f"{local_server.base}/page.html", local_server.paths
    results = list(iter_inputs([url], Settings(fetch_timeout=5.0)))
    assert len(results) == 1
    assert isinstance(results[0], Rejection)
    assert "127.0.0.1" in results[0].reason
    assert paths == []  # the server never saw a request


def test_local_server_fetched_when_private_allowed(local_server: Loopback) -> None:
    url, paths = f"{local_server.base}/page.html", local_server.paths
    settings = Settings(fetch_timeout=5.0, allow_private_urls=True)
    results = list(iter_inputs([url], settings, fetch=HttpFetcher(settings)))
    assert paths == ["/page.html"]
    assert len(results) == 1
    raw = results[0]
    assert isinstance(raw, RawInput)
    assert raw.media_type == "html"
    assert isinstance(raw.content, bytes) and b"loopback interface" in raw.content
    assert raw.metadata["url"] == url


# --- DNS rebinding: the checked address is the connected address ---------------


class _RebindingDNS:
    """Answers a public address first, then loopback: the classic rebinding trick."""

    def __init__(self, answers: list[list[str]]) -> None:
        self.answers = answers
        self.calls = 0

    def __call__(self, host: str) -> list[str]:
        answer = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        return answer


def test_dns_rebinding_is_refused_at_connect_and_server_sees_nothing(
    local_server: Loopback,
) -> None:
    paths = local_server.paths
    port = local_server.base.rsplit(":", 1)[1]
    dns = _RebindingDNS([["93.184.216.34"], ["127.0.0.1"]])
    settings = Settings(fetch_timeout=5.0)
    fetcher = HttpFetcher(settings, resolve=dns)
    results = list(iter_inputs([f"http://rebind.test:{port}/page.html"], settings, fetch=fetcher))
    assert len(results) == 1 and isinstance(results[0], Rejection)
    assert "address guard" in results[0].reason and "127.0.0.1" in results[0].reason
    assert dns.calls == 2  # checked once, resolved again (and refused) at connect
    assert paths == []


def test_pinned_connection_keeps_host_name_and_names_spoor(
    local_server: Loopback,
) -> None:
    paths = local_server.paths
    port = local_server.base.rsplit(":", 1)[1]
    settings = Settings(fetch_timeout=5.0, allow_private_urls=True)
    fetcher = HttpFetcher(settings, resolve=lambda host: ["127.0.0.1"])
    final, body, _ = fetcher.fetch(f"http://reports.test:{port}/page.html")
    assert paths == ["/page.html"] and b"loopback interface" in body
    assert final == f"http://reports.test:{port}/page.html"
    [handler_headers] = local_server.headers
    assert handler_headers["Host"] == f"reports.test:{port}"
    assert handler_headers["User-Agent"].startswith("Spoor/")


@pytest.mark.parametrize(
    ("answers", "connected"),
    [
        ([["127.0.0.1"]], None),
        ([["93.184.216.34", "10.0.0.1"]], None),  # one bad answer among good ones
        ([["::ffff:169.254.169.254"]], None),
        ([[]], None),
        ([["93.184.216.34"]], "93.184.216.34"),
        ([["2001:db8::1"]], None),  # documentation range: reserved
    ],
)
def test_pinned_backend_connects_only_to_checked_addresses(
    monkeypatch: pytest.MonkeyPatch, answers: list[list[str]], connected: str | None
) -> None:
    opened: list[str] = []

    def fake_connect(self: object, host: str, port: int, *args: object, **kwargs: object) -> None:
        opened.append(host)  # no socket: tests never leave the machine

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", fake_connect)
    backend = PinnedBackend(allow_private=False, resolve=_RebindingDNS(answers))
    if connected is None:
        with pytest.raises(UnsafeURL):
            backend.connect_tcp("example.test", 443, timeout=0.01)
        assert opened == []
    else:
        backend.connect_tcp("example.test", 443, timeout=0.01)
        assert opened == [connected]


def test_unix_sockets_are_never_opened() -> None:
    with pytest.raises(UnsafeURL):
        PinnedBackend(allow_private=True).connect_unix_socket("/var/run/docker.sock")


def test_checked_addresses_decodes_literals() -> None:
    assert checked_addresses("0x7f.1", allow_private=True) == ["127.0.0.1"]
    with pytest.raises(UnsafeURL, match="127.0.0.1"):
        checked_addresses("2130706433", allow_private=False)


# --- timeouts and slow servers ------------------------------------------------


@pytest.fixture()
def silent_server() -> Iterator[int]:
    """Accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    try:
        yield int(listener.getsockname()[1])
    finally:
        listener.close()


def test_silent_server_times_out(silent_server: int) -> None:
    settings = Settings(fetch_timeout=0.5, allow_private_urls=True)
    started = time.monotonic()
    with pytest.raises(DocumentSkipped, match="Timeout"):
        HttpFetcher(settings).fetch(f"http://127.0.0.1:{silent_server}/")
    assert time.monotonic() - started < 10


# --- properties of the classifier -----------------------------------------------

_V4 = st.integers(min_value=0, max_value=2**32 - 1).map(ipaddress.IPv4Address)
_V6 = st.integers(min_value=0, max_value=2**128 - 1).map(ipaddress.IPv6Address)


@settings(deadline=None)
@given(_V4)
def test_every_ipv4_spelling_gets_the_same_verdict(address: ipaddress.IPv4Address) -> None:
    value = int(address)
    octets = [int(part) for part in str(address).split(".")]
    spellings = [
        str(address),
        str(value),
        hex(value),
        ".".join(f"0{octet:o}" for octet in octets),
        ".".join(hex(octet) for octet in octets),
        f"{octets[0]}.{value & 0xFFFFFF}",
        f"[::ffff:{address}]",
        str(address) + ".",
    ]
    verdict = is_forbidden_address(str(address))
    # Multicast is "global" to the ipaddress module but never a place to fetch a page from.
    expected = (
        not address.is_global
        or address.is_multicast
        or address in ipaddress.ip_network("100.64.0.0/10")
    )
    assert verdict == expected
    for spelling in spellings:
        assert is_forbidden_address(spelling) == verdict, spelling


@settings(deadline=None)
@given(_V6)
def test_ipv6_verdict_is_never_more_lenient_than_python(address: ipaddress.IPv6Address) -> None:
    if not address.is_global:
        assert is_forbidden_address(str(address))
    if address.ipv4_mapped is not None:
        assert is_forbidden_address(str(address)) == is_forbidden_address(str(address.ipv4_mapped))


@settings(deadline=None)
@given(st.text(max_size=60))
def test_classifier_fails_closed_and_never_crashes(text: str) -> None:
    verdict = is_forbidden_address(text)
    assert isinstance(verdict, bool)
    parsed = parse_ipv4_loose(text)
    if parsed is None and ":" not in text:
        assert verdict  # not an address at all: refused


@settings(deadline=None)
@given(st.text(max_size=80))
def test_check_url_only_ever_raises_unsafe_url(text: str) -> None:
    with contextlib.suppress(UnsafeURL):
        check_url(text, allow_private=False, resolve=lambda host: ["93.184.216.34"])
