"""HTML pages and review forms through the TestClient; one live server on 127.0.0.1."""

from __future__ import annotations

import httpx
import pytest

from spoor.store import Store
from spoor.web import create_app
from spoor.web.server import running
from tests.web.conftest import TestClient, csrf_from
from tests.web.stores import extractions


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/", 'class="map"'),
        ("/?group=ISIS-K&since=2024-01-01", "What is new since 2024-01-01"),
        ("/entities?q=azaim", "Al-Azaim Foundation"),
        ("/entities?type=person", "Shahab al-Muhajir"),
        ("/entities/kb:iskp", "Review this entity"),
        ("/entities/kb:leader", "leader of"),
        ("/documents?q=Kunar", "<mark>Kunar</mark>"),
        ("/documents/doc-2021", "Kunar cells"),
        ("/facts?predicate=leader_of", "1 fact."),
        ("/facts?entity=kb:azaim", "2 facts."),
        ("/facts?weak=1", "recruits from"),
    ],
)
def test_pages_render(client: TestClient, path: str, needle: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert needle in response.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/entities/kb:nobody", 404),
        ("/facts/f:nobody", 404),
        ("/documents/nothing", 404),
        ("/?since=last-week", 400),
        ("/?group=No%20Such%20Front", 400),
    ],
)
def test_page_errors(client: TestClient, path: str, status: int) -> None:
    assert client.get(path).status_code == status


def test_fact_page_shows_evidence_with_source_rating(client: TestClient, kb: Store) -> None:
    fact = next(kb.facts(predicate="attacked"))
    html = client.get(f"/facts/{fact['id']}").text
    assert fact["evidence"][0]["quote"] in html
    assert '<span class="badge">F</span>' in html  # unknown outlets are F by default


def test_review_survives_reingestion(client: TestClient, kb: Store) -> None:
    fact = next(kb.facts(predicate="attacked"))
    token = csrf_from(client.get(f"/facts/{fact['id']}").text)
    data = {"kind": "reject", "target": fact["id"], "csrf": token, "reason": "wrong place"}
    assert client.post("/review", data=data, follow_redirects=False).status_code == 303
    kb.write_batch(extractions())  # the same documents again: ingestion rebuilds machine output
    html = client.get(f"/facts/{fact['id']}").text
    assert 'data-state="rejected"' in html and "wrong place" in html


def test_live_server_on_loopback(kb: Store) -> None:
    with running(create_app(kb)) as url:
        assert url.startswith("http://127.0.0.1:")
        response = httpx.get(url + "/api/health", timeout=5)
        assert response.json()["status"] == "ok"
        assert response.headers["x-content-type-options"] == "nosniff"
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/api/health", timeout=2)  # stopped


def test_a_refused_review_explains_itself_in_a_page(client: TestClient) -> None:
    token = csrf_from(client.get("/entities/kb:dup-a").text)
    data = {
        "kind": "merge",
        "target": "kb:dup-a",
        "other": "kb:none",
        "csrf": token,
        "next": "/entities/kb:dup-a",
    }
    response = client.post("/review", data=data, follow_redirects=False)
    assert response.status_code == 422
    assert "Not saved" in response.text and "kb:none" in response.text
    assert 'href="/entities/kb:dup-a"' in response.text


def test_undo_from_the_fact_page(client: TestClient, kb: Store) -> None:
    fact_id = next(kb.facts(predicate="attacked"))["id"]
    page = f"/facts/{fact_id}"
    token = csrf_from(client.get(page).text)
    data = {"kind": "confirm", "target": fact_id, "csrf": token, "next": page}
    client.post("/review", data=data)
    assert 'data-state="confirmed"' in client.get(page).text
    judgement = client.get("/api/health").json()["last_judgement"]
    undo = {"judgement": str(judgement), "csrf": token, "next": page}
    assert client.post("/review/undo", data={**undo, "csrf": "x"}).status_code == 403
    assert client.post("/review/undo", data=undo, follow_redirects=False).status_code == 303
    html = client.get(page).text
    assert 'data-state="confirmed"' not in html and "No analyst decisions yet." in html
    again = client.post("/review/undo", data=undo, follow_redirects=False)
    assert again.status_code == 422  # already undone


def test_undo_through_the_api(client: TestClient, kb: Store) -> None:
    token = client.get("/api/csrf").json()["token"]
    headers = {"x-csrf-token": token}
    body = {"kind": "alias", "target": "kb:iskp", "value": {"alias": "Khurasan Wilayah"}}
    made = client.post("/api/judgements", json=body, headers=headers).json()
    assert client.post(f"/api/judgements/{made['id']}/undo").status_code == 403
    undone = client.post(f"/api/judgements/{made['id']}/undo", headers=headers)
    assert undone.json() == {"id": made["id"], "kind": "alias", "target": "kb:iskp"}
    assert client.get("/api/entities/kb:iskp").json()["judgements"] == []
    assert client.post("/api/judgements/999/undo", headers=headers).status_code == 422
