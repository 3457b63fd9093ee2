"""The HTML report in a real browser: map, timeline, network, slider, no network, no script."""

from __future__ import annotations

from html import unescape
from pathlib import Path
from typing import Any

import pytest

from spoor.outputs.report import write_report
from tests.browser.conftest import Watched
from tests.web.stores import build_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("report")
    store = build_store(folder / "kb.db")
    path = write_report(store, folder / "out")
    store.close()
    return path.as_uri()


def test_report_draws_map_timeline_and_network(watched: Watched, report_url: str) -> None:
    page = watched.page
    page.goto(report_url)
    assert page.locator("svg.map path.country").count() > 20
    assert page.locator("svg.map .mark").count() >= 5
    assert page.locator("svg.timeline .row").count() >= 3
    assert page.locator("svg.network .node").count() >= 4
    assert page.locator("table.languages tr").count() >= 3
    watched.shot("report-group", "section.group")
    watched.shot("report-map", "div.mapbox")
    watched.shot("report-network", "#network")
    assert watched.errors == []
    # Offline: everything the page needs is in the file.
    assert [u for u in watched.requests if not u.startswith(("file:", "data:"))] == []


def _shown(page: Any) -> int:
    return int(page.locator("[data-shown]").first.inner_text())


def test_time_slider_and_layer_switches_hide_marks(watched: Watched, report_url: str) -> None:
    page = watched.page
    page.goto(report_url)
    everything = _shown(page)
    slider = page.locator("input[data-slider]").first
    slider.fill(slider.get_attribute("min") or "")
    early = _shown(page)
    assert 0 < early < everything
    assert "up to" in page.locator("[data-slider-label]").first.inner_text()
    slider.fill(slider.get_attribute("max") or "")
    page.locator("input[data-layer=active_in]").first.uncheck()
    assert _shown(page) < everything
    assert page.locator(".layer[data-pred=active_in]").first.is_hidden()


def test_report_shows_hostile_text_as_text(watched: Watched, report_url: str) -> None:
    page = watched.page
    page.goto(report_url)
    watched.ran_nothing()
    body = page.locator("body").inner_text()
    assert '<script>window.__pwned = "script";</script>' in body
    assert "onerror=" in body
    assert watched.errors == []


def test_report_file_has_strict_csp(report_url: str) -> None:
    html = unescape(Path(report_url.removeprefix("file://")).read_text(encoding="utf-8"))
    assert "default-src 'none'" in html and "script-src 'sha256-" in html
    assert "unsafe-inline" not in html
    assert "http://" not in html.split("<body>")[0] and "https://" not in html.split("<body>")[0]
