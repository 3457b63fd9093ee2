"""The web app under attack: token, CSRF, headers, traversal, size limits, redirects.

Issue 9, item 4. Escaping of hostile document text is also checked in a real
browser in tests/browser/.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from spoor.commands.serve import check_exposure
from spoor.store import Store
from spoor.web.security import CSP, Guard, is_loopback, session_value
from tests.web.conftest import TestClient, client_for, csrf_from
from tests.web.stores import HOSTILE

TOKEN = "s3cret-token-for-tests-only-0123456789"
PAGES = [
    "/",
    "/entities",
    "/entities/kb:iskp",
    "/documents?q=kunar",
    "/documents/doc-hostile",
    "/api/health",
    "/api/facts",
    "/openapi.json",
    "/static/spoor.js",
    "/nope",
]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "script-src 'self'" in CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    "path", ["/", "/entities/kb:iskp", "/documents/doc-hostile", "/entities/ent:hostile"]
)
def test_pages_have_no_inline_script_or_handlers(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/spoor.js">']
    assert HOSTILE not in html
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", html, re.IGNORECASE)
    assert " style=" not in html  # the CSP forbids inline styles too


@pytest.mark.parametrize(
    "path",
    [
        "/static/../web/app.py",
        "/static/..%2fcharts.py",
        "/static/..%2F..%2Fcli.py",
        "/static/%2e%2e/%2e%2e/store/db.py",
        "/static/countries-50m.json",
        "/static/world-atlas-LICENSE",
        "/static/spoor.js%00.css",
        "/static//etc/passwd",
        "/static/....//....//etc/passwd",
        "/static/%252e%252e%252fcharts.py",
    ],
)
def test_static_route_serves_only_its_two_files(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text and "root:" not in response.text


def test_static_files_have_their_types(client: TestClient) -> None:
    assert client.get("/static/spoor.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/spoor.css").headers["content-type"].startswith("text/css")


def test_announced_oversize_body_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/judgements",
        content=b"{" + b" " * 70_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_streamed_oversize_body_is_refused(kb: Store) -> None:
    client = client_for(kb, max_body=1000)

    def chunks():  # no content-length: the guard counts while reading
        for _ in range(20):
            yield b"x" * 100

    response = client.post(
        "/review", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        ("http://127.0.0.1:8000", 303),
        ("https://evil.example", 403),
        ("null", 403),
        (None, 303),
    ],
)
def test_form_post_checks_origin_and_csrf(
    client: TestClient, kb: Store, origin: str | None, status: int
) -> None:
    fact_id = next(kb.facts(predicate="attacked"))["id"]
    token = csrf_from(client.get(f"/facts/{fact_id}").text)
    headers = {"origin": origin} if origin else {}
    response = client.post(
        "/review",
        data={"kind": "confirm", "target": fact_id, "csrf": token, "next": f"/facts/{fact_id}"},
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == status


@pytest.mark.parametrize("token", ["", "forged", None])
def test_form_post_without_the_right_csrf_token_is_refused(
    client: TestClient, kb: Store, token: str | None
) -> None:
    fact_id = next(kb.facts(predicate="attacked"))["id"]
    client.get(f"/facts/{fact_id}")
    data = {"kind": "confirm", "target": fact_id}
    if token is not None:
        data["csrf"] = token
    assert client.post("/review", data=data, follow_redirects=False).status_code == 403
    assert client.get("/api/health").json()["last_judgement"] == 0


@pytest.mark.parametrize(
    ("next_path", "location"),
    [
        ("/facts/x", "/facts/x"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_review_redirects_stay_on_site(
    client: TestClient, kb: Store, next_path: str, location: str
) -> None:
    fact_id = next(kb.facts(predicate="attacked"))["id"]
    token = csrf_from(client.get(f"/facts/{fact_id}").text)
    response = client.post(
        "/review",
        data={"kind": "confirm", "target": fact_id, "csrf": token, "next": next_path},
        follow_redirects=False,
    )
    assert response.headers["location"] == location


# ---- the token ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/entities", "/api/health", "/openapi.json", "/static/spoor.js"]
)
def test_token_is_required_everywhere(kb: Store, path: str) -> None:
    client = client_for(kb, token=TOKEN)
    response = client.get(path, follow_redirects=False)
    assert response.status_code in (401, 303)
    if response.status_code == 303:
        assert response.headers["location"] == "/login"
    assert client.get(path, headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    wrong = client.get(path, headers={"authorization": "Bearer wrong"}, follow_redirects=False)
    assert wrong.status_code in (401, 303)


def test_api_post_without_token_is_refused_before_anything_else(kb: Store) -> None:
    client = client_for(kb, token=TOKEN)
    response = client.post("/api/judgements", json={"kind": "confirm", "target": "x"})
    assert response.status_code == 401


def test_bearer_clients_need_no_csrf(kb: Store) -> None:
    client = client_for(kb, token=TOKEN)
    fact_id = next(kb.facts(predicate="attacked"))["id"]
    response = client.post(
        "/api/judgements",
        json={"kind": "confirm", "target": fact_id},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 201


def test_login_sets_a_session_that_is_not_the_token(kb: Store) -> None:
    client = client_for(kb, token=TOKEN)
    assert client.get("/login").status_code == 200
    assert client.post("/login", data={"token": "wrong"}).status_code == 401
    response = client.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.cookies.get("spoor_session")
    assert cookie == session_value(TOKEN) and TOKEN not in cookie
    assert "httponly" in response.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("host", "token", "refused"),
    [
        ("127.0.0.1", None, False),
        ("localhost", None, False),
        ("::1", None, False),
        ("127.0.0.2", None, False),
        ("0.0.0.0", None, True),
        ("::", None, True),
        ("192.168.1.10", None, True),
        ("example.org", None, True),
        ("0.0.0.0", TOKEN, False),
        ("0.0.0.0", "short", True),
    ],
)
def test_exposure_rules(host: str, token: str | None, refused: bool) -> None:
    assert (check_exposure(host, token) is not None) is refused


@pytest.mark.parametrize(
    ("host", "loopback"), [("127.0.0.1", True), ("[::1]", True), ("10.0.0.1", False), ("", False)]
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_to_start_exposed_without_token(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spoor.cli import app

    monkeypatch.delenv("SPOOR_TOKEN", raising=False)
    result = CliRunner().invoke(
        app, ["serve", "--db", str(tmp_path / "kb.db"), "--host", "0.0.0.0"]
    )
    assert result.exit_code == 1
    assert "SPOOR_TOKEN" in result.output
    assert not (tmp_path / "kb.db").exists()  # refused before opening anything


def test_guard_is_the_outermost_layer(client: TestClient) -> None:
    assert isinstance(client.app, Guard)


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost:8000", 200),
        ("[::1]:8000", 200),
        ("evil.example:8000", 421),
        ("evil.example", 421),
        ("127.0.0.1.evil.example", 421),
        ("", 421),
    ],
)
def test_without_a_token_only_loopback_host_names_are_served(
    client: TestClient, host: str, status: int
) -> None:
    assert client.get("/api/health", headers={"host": host}).status_code == status


def test_with_a_token_any_host_name_is_served(kb: Store) -> None:
    client = client_for(kb, token=TOKEN)
    headers = {"host": "spoor.example.org", "authorization": f"Bearer {TOKEN}"}
    assert client.get("/api/health", headers=headers).status_code == 200
