"""The web app's guard: token, request size, cross-site requests and response headers.

One pure ASGI middleware in front of every route, so no route can forget it:

* **Token.** When the app has a token (``SPOOR_TOKEN``; required to bind a
  non-loopback address) every request must carry it, as
  ``Authorization: Bearer TOKEN`` or as the session cookie set by ``/login``.
  Only the login page and its stylesheet are reachable without it.
* **Size.** A request body larger than ``max_body`` bytes is refused with 413,
  whether it announces its length or streams it.
* **Host.** Without a token the app answers only to loopback host names,
  so a hostile page cannot reach it through DNS rebinding.
* **Cross-site requests.** A state-changing request whose ``Origin`` (or,
  without one, ``Referer``) names another host is refused; the routes
  themselves also check the CSRF token (double-submit cookie, see
  :func:`csrf_ok`).
* **Headers.** A strict Content-Security-Policy (scripts and styles only
  from this server, no inline script, no framing), ``nosniff``, no referrer.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

AUTH_COOKIE = "spoor_session"
CSRF_COOKIE = "spoor_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
DEFAULT_MAX_BODY = 64 * 1024
# Reachable without the token: the page that asks for it.
OPEN_PATHS = frozenset({"/login", "/static/spoor.css"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make Origin "null"
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; anything else is exposed."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def session_value(token: str) -> str:
    """What the session cookie holds: a keyed hash of the token, never the token itself."""
    return hmac.new(token.encode(), b"spoor-session-v1", hashlib.sha256).hexdigest()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def cookies_of(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers") or ():
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header is just no cookie
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def csrf_ok(cookie_value: str | None, submitted: str | None) -> bool:
    """Double-submit check: the form field or header must equal the cookie."""
    if not cookie_value or not submitted:
        return False
    return hmac.compare_digest(cookie_value.encode(), submitted.encode())


def _host_name(host: str) -> str:
    """``127.0.0.1:8000`` → ``127.0.0.1``; ``[::1]:8000`` → ``::1``."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == name:
            return str(value.decode("latin-1"))
    return None


class Guard:
    """ASGI middleware applying the rules in this module's docstring."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body: int = DEFAULT_MAX_BODY):
        self.app = app
        self.token = token or None
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send)
        method = scope.get("method", "GET")
        if not self.token and not is_loopback(_host_name(_header(scope, b"host") or "")):
            # Without a token the app only answers to loopback names: a page on
            # evil.example whose name rebinds to 127.0.0.1 must not read or post.
            await _plain(send, 421, "This server answers only to 127.0.0.1 / localhost.")
            return
        if self.token and scope.get("path") not in OPEN_PATHS and not self.authorised(scope):
            if scope.get("path", "").startswith("/api/") or method not in SAFE_METHODS:
                await _plain(send, 401, "A token is required: send Authorization: Bearer TOKEN.")
            else:
                await _redirect(send, "/login")
            return
        if method not in SAFE_METHODS and not self.same_origin(scope):
            await _plain(send, 403, "Cross-site request refused.")
            return
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(send, 413, f"Request body over {self.max_body} bytes.")
            return
        limited_receive, guarded_send = self._limited(receive, send)
        await self.app(scope, limited_receive, guarded_send)

    def authorised(self, scope: Scope) -> bool:
        assert self.token is not None
        header = _header(scope, b"authorization") or ""
        if header.lower().startswith("bearer "):
            given = header[7:].strip()
            return hmac.compare_digest(given.encode(), self.token.encode())
        cookie = cookies_of(scope).get(AUTH_COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie, session_value(self.token))

    @staticmethod
    def same_origin(scope: Scope) -> bool:
        host = _header(scope, b"host")
        origin = _header(scope, b"origin") or _header(scope, b"referer")
        if origin is None:
            return True  # not a browser, or a browser that sends neither: CSRF token decides
        if origin == "null" or host is None:
            return False
        return urlsplit(origin).netloc.lower() == host.lower()

    def _limited(self, receive: Receive, send: Send) -> tuple[Receive, Send]:
        """Count body bytes as the app reads them; past the limit answer 413 ourselves.

        The app then sees the client disconnect, and anything it tries to send
        afterwards is dropped (its body parser would otherwise turn the overflow
        into a generic 400).
        """
        seen = 0
        refused = False
        limit = self.max_body

        async def limited_receive() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                seen += len(message.get("body", b""))
                if seen > limit:
                    refused = True
                    await _plain(send, 413, f"Request body over {limit} bytes.")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        return limited_receive, guarded_send

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {name for name, _ in SECURITY_HEADERS}
                ]
                headers.extend(SECURITY_HEADERS)
                message["headers"] = headers
            await send(message)

        return wrapped


async def _plain(send: Send, status: int, text: str) -> None:
    body = json.dumps({"detail": text}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"cache-control", b"no-store")],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode()), (b"cache-control", b"no-store")],
        }
    )
    await send({"type": "http.response.body", "body": b""})
