"""The web app in a real browser: views, search, review that persists, hostile text inert."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from spoor.store import Store
from spoor.web import create_app
from spoor.web.server import running
from tests.browser.conftest import Watched
from tests.web.stores import build_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    folder: Path = tmp_path_factory.mktemp("web")
    store = build_store(folder / "kb.db")
    with running(create_app(store)) as url:
        yield url, store
    store.close()


def _fact_id(store: Store, predicate: str) -> str:
    return next(f["id"] for f in store.facts(predicate=predicate))


def test_home_draws_map_timeline_and_network(watched: Watched, served: tuple[str, Store]) -> None:
    url, _ = served
    page = watched.page
    page.goto(url + "/")
    assert page.locator("svg.map path.country").count() > 20
    assert page.locator("svg.map .mark").count() >= 5
    assert page.locator("svg.timeline .row").count() >= 3
    assert page.locator("svg.network .node").count() >= 4
    # The script loaded from /static under the CSP and ran: the counter is live.
    slider = page.locator("input[data-slider]").first
    slider.fill(slider.get_attribute("min") or "")
    assert "up to" in page.locator("[data-slider-label]").first.inner_text()
    watched.shot("web-home")
    watched.shot("web-map", "div.mapbox")
    assert watched.errors == []


def test_search_finds_a_document_with_highlighted_hits(
    watched: Watched, served: tuple[str, Store]
) -> None:
    url, _ = served
    page = watched.page
    page.goto(url + "/")
    page.fill("header input[name=q]", "Bajaur rally")
    page.click("header button[type=submit]")
    page.wait_for_url("**/documents?q=*")
    hits = page.locator("li.hit")
    assert hits.count() == 1
    assert "Bajaur bombing" in hits.first.inner_text()
    assert hits.first.locator("mark").count() >= 2
    watched.shot("web-search")
    hits.first.locator("a").click()
    assert "ISKP attacked a rally in Bajaur." in page.locator(".doctext").inner_text()


def test_confirm_and_rate_persist_after_reload(watched: Watched, served: tuple[str, Store]) -> None:
    url, store = served
    fact_id = _fact_id(store, "attacked")
    page = watched.page
    page.goto(f"{url}/facts/{fact_id}")
    page.click("button[name=confirm]")
    page.wait_for_load_state()
    page.locator("#fact select[name=reliability]").first.select_option("B")
    page.locator("#fact form.review button").first.click()
    page.wait_for_load_state()
    page.reload()
    assert page.locator("[data-state=confirmed]").count() == 1
    kinds = page.locator("tr.decision").evaluate_all("rows => rows.map(r => r.dataset.kind)")
    assert "confirm" in kinds and "rate" in kinds
    assert page.locator("#fact table.evidence .badge").first.inner_text() == "B"
    watched.shot("web-fact-reviewed")
    # And a fresh browser context (no cookies) sees the same decisions.
    other = page.context.browser.new_page()
    other.goto(f"{url}/facts/{fact_id}")
    assert other.locator("[data-state=confirmed]").count() == 1
    other.close()


def test_merge_from_the_entity_page_persists(watched: Watched, served: tuple[str, Store]) -> None:
    url, _ = served
    page = watched.page
    page.goto(f"{url}/entities/kb:dup-a")
    page.fill("input[name=other]", "kb:dup-b")
    page.locator("form.review", has=page.locator("input[name=other]")).locator("button").click()
    page.wait_for_load_state()
    page.reload()
    assert "merge" in page.locator("tr.decision").first.inner_text()


@pytest.mark.parametrize(
    "path",
    [
        "/documents/doc-hostile",
        "/documents?q=threatened",
        "/entities/ent:hostile",
        "/entities?q=front",
        "/",
    ],
)
def test_hostile_document_text_runs_nothing(
    watched: Watched, served: tuple[str, Store], path: str
) -> None:
    url, _ = served
    page = watched.page
    page.goto(url + path)
    watched.ran_nothing()
    assert "onerror" in page.locator("main").inner_text()
    if path == "/documents/doc-hostile":
        watched.shot("web-hostile-document")


def test_hostile_fact_page_runs_nothing(watched: Watched, served: tuple[str, Store]) -> None:
    url, store = served
    page = watched.page
    page.goto(f"{url}/facts/{_fact_id(store, 'threatens')}")
    watched.ran_nothing()
    assert "<script>" in page.locator("#fact").inner_text()
