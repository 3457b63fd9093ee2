"""Every input limit is a setting with a safe default and help text, and the
per-document time limit also guards the analysis stages (spoor/pipeline.py)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from spoor.pipeline import Analyzer
from spoor.records import Document, Rejection
from spoor.settings import SETTINGS_TABLE, Settings, load_settings

# name: (largest acceptable default, smallest acceptable default)
LIMITS = {
    "max_file_bytes": (50_000_000, 1_000_000),
    "max_download_bytes": (50_000_000, 1_000_000),
    "max_decompressed_bytes": (200_000_000, 1_000_000),
    "max_compression_ratio": (1_000, 10),
    "max_text_chars": (10_000_000, 100_000),
    "max_html_depth": (10_000, 100),
    "max_pdf_pages": (5_000, 50),
    "max_pdf_objects": (1_000_000, 10_000),
    "max_seconds_per_document": (600, 10),
    "max_token_chars": (10_000, 200),
    "max_sentence_tokens": (10_000, 100),
    "fetch_timeout": (120, 1),
    "max_redirects": (10, 1),
}


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_every_limit_is_a_documented_setting_with_a_safe_default(name: str) -> None:
    table = {row[0]: row for row in SETTINGS_TABLE}
    assert name in table, f"{name} missing from SETTINGS_TABLE"
    _, default, help_text = table[name]
    highest, lowest = LIMITS[name]
    assert lowest <= default <= highest
    assert len(help_text) > 20


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_every_limit_can_be_set_from_the_environment(name: str) -> None:
    settings = load_settings(environ={f"SPOOR_{name.upper()}": "7"})
    assert getattr(settings, name) == 7


def test_private_urls_are_refused_unless_allowed() -> None:
    assert Settings().allow_private_urls is False
    assert Settings().user_agent.startswith("Spoor/")


class _SlowAnalyzer(Analyzer):
    def __init__(self, settings: Settings) -> None:  # no models: only the guard is tested
        self.settings = settings

    def _analyse_one(self, document: Document, sdoc: Any) -> Any:
        while True:  # a stage gone quadratic on a hostile page
            try:
                time.sleep(0.01)
            except Exception:  # noqa: S112 - stages that swallow errors must not hide the limit
                continue


def test_analysis_over_the_time_limit_rejects_the_document_not_the_run() -> None:
    analyzer = _SlowAnalyzer(Settings(max_seconds_per_document=0.3))
    document = Document(id="d1", uri="/slow.txt", text="text", paragraphs=[])
    started = time.monotonic()
    result = analyzer._analyse_safely(document, None)  # type: ignore[arg-type]
    assert time.monotonic() - started < 5
    assert isinstance(result, Rejection)
    assert result.uri == "/slow.txt"
    assert result.reason == "analysis took longer than max_seconds_per_document (0.3 s)"
