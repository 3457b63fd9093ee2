"""The HTML report: what it shows, what it filters, and that it stays inert and offline."""

from __future__ import annotations

import base64
import gc
import hashlib
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from spoor.errors import NotFound
from spoor.outputs import report
from spoor.outputs.report import (
    bounded_ledger,
    build_context,
    default_since,
    group_profile,
    newest_documents,
    render_report,
)
from spoor.store import Store
from tests.web.stores import HOSTILE, build_store


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = build_store(tmp_path_factory.mktemp("report") / "kb.db")
    yield store
    store.close()


@pytest.fixture(scope="module")
def html(kb: Store) -> str:
    return render_report(kb)


def test_context_profiles_the_group(kb: Store) -> None:
    context = build_context(kb)
    group = next(g for g in context["groups"] if g["id"] == "kb:iskp")
    assert "ISIS-K" in group["aliases"] and "Вилаят Хорасан" in group["aliases"]
    profile = group["profile"]
    assert [(r["name"], r["when"], r["role"]) for r in profile["leaders"]] == [
        ("Shahab al-Muhajir", "2020-06", "leader")
    ]
    assert [r["name"] for r in profile["media"]] == ["Al-Azaim Foundation"]
    assert [(r["name"], r["note"]) for r in profile["enemies"]] == [("Taliban", "attacked")]
    assert {s.name for s in group["expansion"]} >= {"Afghanistan", "Pakistan", "Kunar"}
    assert {u.name for u in group["languages"]} == {"Pashto", "Uzbek"}


@pytest.mark.parametrize(
    ("fact", "kind", "note"),
    [
        (
            {"predicate": "pledged_allegiance_to", "subject": "g", "object": "is"},
            "allegiances",
            "pledged allegiance to",
        ),
        (
            {"predicate": "pledged_allegiance_to", "subject": "imu", "object": "g"},
            "allegiances",
            "pledged to it",
        ),
        (
            {"predicate": "affiliate_of", "subject": "g", "object": "is"},
            "allegiances",
            "affiliate of",
        ),
        ({"predicate": "enemy_of", "subject": "tal", "object": "g"}, "enemies", ""),
        ({"predicate": "attacked", "subject": "tal", "object": "g"}, "enemies", "attacked it"),
        ({"predicate": "leader_of", "subject": "p", "object": "g"}, "leaders", ""),
    ],
)
def test_group_profile_sorts_relations(fact: dict[str, str], kind: str, note: str) -> None:
    def entity(key: str) -> dict[str, Any]:
        return {"id": key, "name": key.upper(), "type": "armed_group"}

    item = {
        "id": "f",
        "predicate": fact["predicate"],
        "subject": entity(fact["subject"]),
        "object": entity(fact["object"]),
        "time": None,
        "attributes": {},
        "confidence": 0.5,
    }
    profile = group_profile({"id": "g"}, [item])
    assert list(profile) == [kind]
    assert profile[kind][0]["note"] == note


def test_new_since_and_group_filter(kb: Store) -> None:
    recent = build_context(kb, since="2024-01-01")
    assert recent["since"] == "2024-01-01"
    assert {f["first_reported"] for f in recent["new"]} == {"2024-04-10", "2024-05-01"}
    assert build_context(kb, since="2030-01-01")["new"] == []
    only = build_context(kb, group="ISIS-K")
    assert [g["id"] for g in only["groups"]] == ["kb:iskp"]
    with pytest.raises(NotFound):
        build_context(kb, group="No Such Front")


@pytest.mark.parametrize(
    ("dates", "expected"),
    [({"a": "2024-05-01", "b": "2019"}, "2023-05-02"), ({"a": "2024"}, "2023-01-01")],
)
def test_default_since_is_a_year_before_the_latest_document(
    dates: dict[str, str], expected: str
) -> None:
    assert default_since(dates) == expected


def test_weak_claims_are_flagged(kb: Store) -> None:
    weak = build_context(kb)["weak"]
    assert [f["predicate"] for f in weak] == ["recruits_from"]  # hedged, one source


def test_report_draws_map_timeline_network_and_names_the_map_source(html: str) -> None:
    assert html.count('class="country"') > 20
    assert re.search(r'class="mark (area|dot)', html)
    assert 'class="timeline"' in html and 'class="row"' in html
    assert 'class="network"' in html and 'class="node"' in html
    assert "world-atlas 2.0.2" in html and "Natural Earth" in html


def test_hostile_text_is_escaped_everywhere(html: str) -> None:
    assert HOSTILE not in html
    assert "window.__pwned" in html  # shown, as text
    assert not re.search(r"<(img|svg)[^>]*\son(error|load)=", html, re.IGNORECASE)
    assert len(re.findall(r"<script", html)) == 1  # Spoor's own


def test_csp_allows_exactly_the_inline_script_and_style(html: str) -> None:
    csp = unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1))
    script = re.search(r"<script>(.*?)</script>", html, re.DOTALL).group(1)
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)

    def sha(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src 'sha256-{sha(script)}'" in csp
    assert f"style-src 'sha256-{sha(style)}'" in csp
    assert "default-src 'none'" in csp and "unsafe" not in csp


def test_report_loads_nothing_from_the_network(html: str) -> None:
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link" not in html


def test_empty_store_still_renders(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.db")
    page = render_report(store)
    store.close()
    assert "No armed group found" in page and "No links between actors yet." in page


def _doc(uri: str, published: str | None) -> dict[str, Any]:
    return {"uri": uri, "published": published}


@pytest.mark.parametrize(
    ("docs", "limit", "shown"),
    [
        ([_doc("a", "2024-01-01"), _doc("b", None)], 2, ["a", "b"]),  # within the bound: all
        (
            [_doc("a", "2023-05-01"), _doc("b", "2024-02-01"), _doc("c", "2024-01-01")],
            2,
            ["c", "b"],  # the newest two, listed oldest first as the full list is
        ),
        ([_doc("a", None), _doc("b", "2020"), _doc("c", None)], 1, ["b"]),  # undated go first
        ([_doc("b", "2024-01-01"), _doc("a", "2024-01-01")], 1, ["b"]),  # ties by location
    ],
)
def test_newest_documents_bounds_the_source_list(
    docs: list[dict[str, Any]], limit: int, shown: list[str]
) -> None:
    assert [d["uri"] for d in newest_documents(docs, limit)] == shown


def test_bounded_ledger_keeps_the_first_facts_of_every_predicate() -> None:
    ledger = [
        {"id": "k1", "predicate": "killed"},
        {"id": "k2", "predicate": "killed"},
        {"id": "k3", "predicate": "killed"},
        {"id": "a1", "predicate": "attacked"},
        {"id": "s1", "predicate": "strength"},
        {"id": "s2", "predicate": "strength"},
    ]
    assert [f["id"] for f in bounded_ledger(ledger, 2)] == ["k1", "k2", "a1", "s1", "s2"]
    assert bounded_ledger(ledger, 3) == ledger


def test_small_store_lists_everything_without_a_bound_note(kb: Store, html: str) -> None:
    context = build_context(kb)
    assert len(context["documents"]) == context["documents_total"] == kb.stats()["documents"]
    assert len(context["new"]) == context["new_total"]
    assert len(context["weak"]) == context["weak_total"]
    assert all(len(g["ledger"]) == g["ledger_total"] for g in context["groups"])
    assert "Showing" not in html


def test_big_lists_are_cut_and_say_where_the_rest_is(
    kb: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report, "MAX_DOCUMENTS", 1)
    monkeypatch.setattr(report, "MAX_NEW", 1)
    monkeypatch.setattr(report, "MAX_WEAK", 0)
    monkeypatch.setattr(report, "MAX_LEDGER_PER_PREDICATE", 1)
    context = build_context(kb, since="2000-01-01")
    assert len(context["documents"]) == 1 < context["documents_total"]
    assert len(context["new"]) == 1 < context["new_total"]
    assert context["weak"] == [] and context["weak_total"] == 1
    group = next(g for g in context["groups"] if g["id"] == "kb:iskp")
    assert len({f["predicate"] for f in group["ledger"]}) == len(group["ledger"])
    assert len(group["ledger"]) < group["ledger_total"]
    text = unescape(render_report(kb, since="2000-01-01"))
    total = context["documents_total"]
    assert f"Showing the 1 most recently published of {total} documents" in text
    assert f"Showing the 1 most recent of {context['new_total']} new facts" in text
    assert "Showing 0 of 1 weak claims; spoor claims --weak" in re.sub(r"</?code>", "", text)
    assert "spoor facts --entity kb:iskp" in re.sub(r"</?code>", "", text)


@pytest.mark.parametrize("enabled", [True, False])
def test_rendering_leaves_the_cycle_collector_as_it_found_it(kb: Store, enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        render_report(kb)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
