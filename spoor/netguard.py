"""The address guard: refuse URLs that point into the machine or its network.

Spoor fetches URLs that come from feeds and user lists, so a hostile feed
could point it at ``http://169.254.169.254/`` (cloud metadata) or at a
service on the analyst's laptop. :func:`check_url` refuses such URLs before a
single byte is sent; the fetcher calls it on the first URL and on every
redirect hop.

Hosts are classified after the same lenient parsing a resolver applies,
because ``http://2130706433/``, ``http://0177.0.0.1/`` and ``http://127.1/``
all reach 127.0.0.1 through ``getaddrinfo``.

DNS rebinding: checking a name and then letting the HTTP client resolve it
again would let a DNS server answer "public" to the check and "127.0.0.1" to
the connection. :func:`pinned_transport` closes that gap: its connections are
opened by :class:`PinnedBackend`, which resolves the name once, checks every
address, and connects to a checked address itself (TLS still verifies the
certificate against the name).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from httpx._config import create_ssl_context

from spoor.errors import UnsafeURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges Python's ``is_global`` treats as public but that reach private space:
# carrier-grade NAT (is_global already False, listed for clarity) and the
# NAT64 prefixes, which embed an IPv4 address in their last 32 bits.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

Resolver = Callable[[str], list[str]]


def parse_ipv4_loose(text: str) -> ipaddress.IPv4Address | None:
    """Parse an IPv4 host the way inet_aton and browsers do, or return None.

    Accepts one to four dot-separated parts, each decimal, octal (leading
    ``0``) or hexadecimal (``0x``); the last part fills the remaining bytes, so
    ``127.1`` is 127.0.0.1 and ``2130706433`` is 127.0.0.1. A trailing dot is
    allowed, as in URLs.
    """
    if text.endswith("."):
        text = text[:-1]
    parts = text.split(".")
    if not text or len(parts) > 4:
        return None
    numbers: list[int] = []
    for part in parts:
        number = _parse_ipv4_part(part)
        if number is None:
            return None
        numbers.append(number)
    *leading, last = numbers
    if any(number > 255 for number in leading):
        return None
    if last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _parse_ipv4_part(part: str) -> int | None:
    lowered = part.lower()
    try:
        if lowered.startswith("0x"):
            return int(lowered[2:] or "0", 16)
        if len(lowered) > 1 and lowered.startswith("0"):
            return int(lowered[1:], 8)
        if lowered.isdigit() and lowered.isascii():
            return int(lowered, 10)
    except ValueError:
        return None
    return None


def parse_address(text: str) -> IPAddress | None:
    """An IP address from a literal in any encoding a URL may use, or None."""
    candidate = text.strip()
    if candidate.startswith("[") and candidate.endswith("]"):
        candidate = candidate[1:-1]
    # A zone index ("fe80::1%eth0") names an interface, not an address.
    candidate = candidate.split("%", 1)[0]
    if ":" in candidate:
        try:
            return ipaddress.IPv6Address(candidate)
        except ValueError:
            return None
    return parse_ipv4_loose(candidate)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries and may be routed to."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    packed = int(address)
    # IPv4-compatible (::a.b.c.d, deprecated) — the top 96 bits are zero.
    if packed >> 32 == 0 and packed > 1:
        found.append(ipaddress.IPv4Address(packed & 0xFFFFFFFF))
    if any(address in network for network in _NAT64):
        found.append(ipaddress.IPv4Address(packed & 0xFFFFFFFF))
    return found


def _is_forbidden(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        # ::ffff:a.b.c.d reaches a.b.c.d, nothing else; Python files the whole
        # mapped range under "private", so judge the IPv4 address instead.
        return _is_forbidden(address.ipv4_mapped)
    if (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    ):
        return True
    if isinstance(address, ipaddress.IPv4Address):
        return address in _CGNAT
    return any(_is_forbidden(inner) for inner in _embedded_ipv4(address))


def is_forbidden_address(ip: str) -> bool:
    """True unless ``ip`` is a public unicast address.

    Loopback, private, link-local, multicast, reserved, unspecified and
    carrier-grade NAT addresses are forbidden, as are IPv6 addresses that
    embed one of those (IPv4-mapped, IPv4-compatible, 6to4, Teredo, NAT64).
    Odd IPv4 spellings (``2130706433``, ``0177.0.0.1``, ``0x7f.1``, ``127.1``)
    are decoded first. Text that is not an address at all is forbidden too:
    the guard fails closed.
    """
    address = parse_address(ip)
    if address is None:
        return True
    return _is_forbidden(address)


def default_resolver(host: str) -> list[str]:
    """Every address ``host`` resolves to, via the system resolver."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


def check_url(url: str, *, allow_private: bool, resolve: Resolver = default_resolver) -> None:
    """Raise UnsafeURL unless ``url`` is an http(s) URL to a public host.

    With ``allow_private`` the address checks are skipped (for tests against a
    local server); the scheme, credential and host checks still apply.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError as exc:
        raise UnsafeURL(f"malformed URL: {exc}", url) from exc
    if parts.scheme.lower() not in {"http", "https"}:
        raise UnsafeURL("URL scheme must be http or https", url)
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL("URL contains credentials; remove user:password@", url)
    if not host:
        raise UnsafeURL("URL has no host", url)
    if allow_private:
        return
    checked_addresses(host, allow_private=False, resolve=resolve, url=url)


def checked_addresses(
    host: str, *, allow_private: bool, resolve: Resolver = default_resolver, url: str | None = None
) -> list[str]:
    """The addresses to connect to for ``host``, each one checked.

    Raise UnsafeURL (naming ``url``, else the host) if the host cannot be
    resolved or any address it resolves to is forbidden: one bad answer
    among good ones is enough to refuse, since the client could pick it.
    """
    named = url or host
    literal = parse_address(host)
    if literal is not None:
        if not allow_private and _is_forbidden(literal):
            raise UnsafeURL(
                f"address {literal} is loopback, private or reserved "
                "(set allow_private_urls to fetch it)",
                named,
            )
        return [str(literal)]
    try:
        addresses = resolve(host)
    except (OSError, UnicodeError) as exc:
        raise UnsafeURL(f"cannot resolve host {host}", named) from exc
    if not addresses:
        raise UnsafeURL(f"cannot resolve host {host}", named)
    if not allow_private:
        for address in addresses:
            if is_forbidden_address(address):
                raise UnsafeURL(
                    f"host {host} resolves to forbidden address {address} "
                    "(set allow_private_urls to fetch it)",
                    named,
                )
    return addresses


# --- connections pinned to checked addresses ----------------------------------


class PinnedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, but the name is resolved and checked here and
    the socket opened to that very address: no second lookup to rebind."""

    def __init__(self, *, allow_private: bool, resolve: Resolver = default_resolver) -> None:
        self.allow_private = allow_private
        self.resolve = resolve

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = checked_addresses(host, allow_private=self.allow_private, resolve=self.resolve)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # try the host's next address, as a resolver-using client would
        assert failure is not None  # checked_addresses never returns an empty list
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise UnsafeURL("unix sockets are never fetched", path)


def pinned_transport(
    *, allow_private: bool, resolve: Resolver = default_resolver
) -> httpx.HTTPTransport:
    """An httpx transport whose every connection goes through :class:`PinnedBackend`.

    Environment proxies are ignored (a proxy would make the address we check
    differ from the one we reach); certificates are verified as usual.
    """
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no parameter for the network backend, so the pool is rebuilt
    # with the same defaults httpx uses, plus ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=create_ssl_context(trust_env=False),
        max_connections=httpx.Limits().max_connections,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=PinnedBackend(allow_private=allow_private, resolve=resolve),
    )
    return transport
