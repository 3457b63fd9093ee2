"""Articles carrying <script> and onerror, ingested by the real pipeline, run nothing.

One is the sample corpus's own hostile page; the other is this folder's
fixture, which also hides markup as escaped text that survives cleaning.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import spoor
from spoor.outputs.report import write_report
from spoor.web import create_app
from spoor.web.server import running
from tests.browser.conftest import Watched

pytestmark = [pytest.mark.browser, pytest.mark.model]

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [
    ROOT / "examples" / "corpus" / "2022-09-01-open-source-desk-voice-of-khurasan-analysis.html",
    Path(__file__).parent / "fixtures" / "hostile-article.html",
]


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[spoor.KnowledgeStore]:
    folder = tmp_path_factory.mktemp("hostile")
    with spoor.open(folder / "kb.db") as handle:
        result = handle.ingest([str(p) for p in ARTICLES])
        assert result.stored == 2, result.rejected
        yield handle


def test_report_on_hostile_articles_runs_nothing(
    watched: Watched, kb: spoor.KnowledgeStore, tmp_path: Path
) -> None:
    path = write_report(kb.store, tmp_path / "report")
    watched.page.goto(path.as_uri())
    watched.ran_nothing()
    assert "Hostile Test Desk" in watched.page.locator("#sources").inner_text()
    watched.shot("report-hostile-corpus", "#sources")


def test_web_pages_on_hostile_articles_run_nothing(
    watched: Watched, kb: spoor.KnowledgeStore
) -> None:
    documents = list(kb.store.documents())
    with running(create_app(kb.store)) as url:
        for doc in documents:
            watched.page.goto(f"{url}/documents/{doc['id']}")
            watched.ran_nothing()
        text = (
            watched.page.locator(".doctext").inner_text() + watched.page.locator("h2").inner_text()
        )
        watched.page.goto(f"{url}/documents?q=monitors")
        watched.ran_nothing()
        for doc in documents:
            watched.page.goto(f"{url}/documents/{doc['id']}")
            if "Hostile" in (doc["source"] or "") or "Field note" in (doc["title"] or ""):
                watched.shot("web-hostile-fixture")
                shown = watched.page.locator("main").inner_text()
                assert "onerror" in shown or "<script>" in shown
        assert text
