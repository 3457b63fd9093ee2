"""The JSON API under /api/ and its OpenAPI description."""

from __future__ import annotations

from typing import Any

import pytest

from spoor.store import Store
from tests.web.conftest import TestClient


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/health",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/facts",
        "/api/documents",
        "/api/judgements",
    ):
        assert path in paths
    assert "post" in paths["/api/judgements"]


def test_health(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok", "documents": 5, "last_judgement": 0}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=isis-k", ["kb:iskp"]),
        ("?q=ВИЛАЯТ", ["kb:iskp"]),
        ("?q=azaim", ["kb:azaim"]),
        ("?type=person", ["kb:leader"]),
        ("?q=no-such-name", []),
    ],
)
def test_entities_search(client: TestClient, query: str, expected: list[str]) -> None:
    assert [e["id"] for e in client.get("/api/entities" + query).json()] == expected


def test_entity_detail(client: TestClient) -> None:
    body = client.get("/api/entities/kb:iskp").json()
    assert body["name"] == "Islamic State Khorasan Province"
    assert (
        body["n_facts"] == 10
    )  # all but the outlet's own language fact and "active_in" in body["predicates"]
    assert client.get("/api/entities/kb:nobody").status_code == 404


@pytest.mark.parametrize(
    ("query", "predicates"),
    [
        ("?entity=kb:iskp&predicate=active_in", ["active_in", "active_in"]),
        ("?predicate=leader_of", ["leader_of"]),
        ("?entity=kb:azaim", ["media_arm_of", "propaganda_language"]),
        ("?predicate=active_in&since=2021-01", ["active_in"]),
        ("?since=2024-04-15", ["threatens", "allied_with"]),
        ("?entity=kb:nobody", []),
    ],
)
def test_facts_filters(client: TestClient, query: str, predicates: list[str]) -> None:
    facts = client.get("/api/facts" + query).json()
    assert sorted(f["predicate"] for f in facts) == sorted(predicates)
    for fact in facts:
        assert {"id", "subject", "object", "evidence", "confidence"} <= set(fact)


@pytest.mark.parametrize("since", ["2024-1", "yesterday", "2024-01-01T00", "1; DROP"])
def test_facts_since_must_be_a_date(client: TestClient, since: str) -> None:
    assert client.get("/api/facts", params={"since": since}).status_code == 422


@pytest.mark.parametrize(
    ("query", "doc_ids"),
    [
        ("Bajaur rally", ["doc-2023"]),
        ("ISIS-K Kunar", []),  # ISIS and K are words; the text says ISKP
        ('"Kunar" OR', ["doc-2021"]),  # operators are words, not syntax errors
        ("villages AND NEAR(", ["doc-2019"]),
        ("script", ["doc-hostile"]),
    ],
)
def test_documents_search_is_safe_and_highlights(
    client: TestClient, query: str, doc_ids: list[str]
) -> None:
    response = client.get("/api/documents", params={"q": query})
    assert response.status_code == 200
    hits = response.json()
    assert [h["doc_id"] for h in hits] == doc_ids
    for hit in hits:
        assert "<mark>" in hit["snippet_html"] and hit["hits"]
        assert "<script" not in hit["snippet_html"]


def _post(client: TestClient, body: dict[str, Any], csrf: bool = True) -> Any:
    headers = {}
    if csrf:
        headers["x-csrf-token"] = client.get("/api/csrf").json()["token"]
    return client.post("/api/judgements", json=body, headers=headers)


def test_judgement_needs_the_csrf_token(client: TestClient, kb: Store) -> None:
    fact_id = next(kb.facts(predicate="attacked"))["id"]
    assert _post(client, {"kind": "confirm", "target": fact_id}, csrf=False).status_code == 403
    client.cookies.set("spoor_csrf", "abc")
    wrong = client.post(
        "/api/judgements",
        json={"kind": "confirm", "target": fact_id},
        headers={"x-csrf-token": "abd"},
    )
    assert wrong.status_code == 403


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"kind": "confirm", "target": "FACT"}, 201),
        ({"kind": "reject", "target": "FACT", "value": {"reason": "denied by source"}}, 201),
        ({"kind": "edit", "target": "FACT", "value": {"field": "time", "value": "2023-07"}}, 201),
        ({"kind": "edit", "target": "FACT", "value": {"field": "time", "value": "July"}}, 422),
        ({"kind": "edit", "target": "FACT", "value": {"field": "id", "value": "x"}}, 422),
        (
            {
                "kind": "edit",
                "target": "FACT",
                "value": {"field": "predicate", "value": "active_in"},
            },
            201,
        ),
        ({"kind": "edit", "target": "FACT", "value": {"field": "predicate", "value": "owns"}}, 422),
        ({"kind": "edit", "target": "FACT", "value": {"field": "negated", "value": "TRUE"}}, 201),
        ({"kind": "edit", "target": "FACT", "value": {"field": "hedged", "value": "maybe"}}, 422),
        ({"kind": "merge", "target": "kb:dup-a", "value": {"other": "kb:dup-b"}}, 201),
        ({"kind": "merge", "target": "kb:dup-a", "value": {"other": "kb:dup-a"}}, 422),
        ({"kind": "merge", "target": "kb:dup-a", "value": {"other": "kb:none"}}, 422),
        ({"kind": "split", "target": "kb:iskp", "value": {"alias": "ISIS-K"}}, 201),
        ({"kind": "split", "target": "kb:iskp", "value": {"alias": "Not A Name Of It"}}, 422),
        ({"kind": "alias", "target": "kb:iskp", "value": {"alias": "Wilayat Khurasan"}}, 201),
        ({"kind": "rate", "target": "Steppe Review", "value": {"reliability": "b"}}, 201),
        ({"kind": "rate", "target": "Steppe Review", "value": {"reliability": "Z"}}, 422),
        ({"kind": "confirm", "target": "f:nope"}, 422),
        ({"kind": "delete", "target": "FACT"}, 422),
        ({"kind": "confirm"}, 422),
    ],
)
def test_judgements_are_validated_and_stored(
    client: TestClient, kb: Store, body: dict[str, Any], status: int
) -> None:
    fact_id = next(kb.facts(predicate="attacked"))["id"]
    if body.get("target") == "FACT":
        body = {**body, "target": fact_id}
    response = _post(client, body)
    assert response.status_code == status, response.text
    entity = client.get("/api/entities/" + str(body.get("target", "kb:iskp")))
    if status == 201:
        assert response.json()["id"] >= 1
        assert client.get("/api/health").json()["last_judgement"] == response.json()["id"]
        if entity.status_code == 200 and body["kind"] != "merge":
            assert body["kind"] in [j["kind"] for j in entity.json()["judgements"]]
    else:
        assert client.get("/api/health").json()["last_judgement"] == 0
