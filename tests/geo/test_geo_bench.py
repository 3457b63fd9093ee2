"""bench/geo_bench.py on a tiny GeoWebNews-shaped file of our own (no model loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.geo_bench import read_gwn, run, score
from spoor.geo.parser import GeoMode, Geoparser
from spoor.stages.geo import Gazetteer

TEXT = "Russian officials met in Kabul. Later they flew to Peshawar."
# name, start, end, lat, lon ("" for a toponym without coordinates)
GOLD = [
    ("Russian", 0, 7, "60.0", "100.0"),
    ("Kabul", 25, 30, "34.52813", "69.17233"),
    ("Peshawar", 51, 59, "", ""),
]


def write_gwn(path: Path, gold: list[tuple[str, int, int, str, str]]) -> Path:
    toponyms = "".join(
        f"<toponym><extractedName>{name}</extractedName><start>{start}</start><end>{end}</end>"
        f"<latitude>{lat}</latitude><longitude>{lon}</longitude></toponym>"
        for name, start, end, lat, lon in gold
    )
    path.write_text(
        f"<articles><article><text>{TEXT}</text><toponyms>{toponyms}</toponyms>"
        "</article></articles>",
        encoding="utf-8",
    )
    return path


def test_read_gwn_reanchors_offsets(tmp_path: Path) -> None:
    shifted = [("Kabul", 22, 27, "34.5", "69.2")]  # three characters early, as some gold is
    [article] = read_gwn(write_gwn(tmp_path / "g.xml", shifted))
    assert TEXT[article.golds[0].start : article.golds[0].end] == "Kabul"


@pytest.mark.parametrize(
    ("mode", "acc", "precision"),
    [
        (GeoMode.TOPONYMS, 1.0, 1.0),  # "Russian" and "Kabul" found; Peshawar has no coordinates
        (GeoMode.FACTS, 0.5, 1.0),  # ingestion leaves the demonym out
    ],
)
def test_score(tmp_path: Path, mode: GeoMode, acc: float, precision: float) -> None:
    articles = read_gwn(write_gwn(tmp_path / "g.xml", GOLD))
    result = score(articles, Geoparser(Gazetteer.load(), mode=mode))
    assert result["gold_toponyms"] == 2
    assert result["acc@161"] == acc and result["span_precision"] == precision
    assert result["mean_log_error_km"] >= 0


def test_wrong_point_is_a_miss(tmp_path: Path) -> None:
    far = [("Kabul", 25, 30, "51.5", "-0.12")]  # London's point: the span is right, the place not
    result = score(read_gwn(write_gwn(tmp_path / "g.xml", far)), Geoparser(Gazetteer.load()))
    assert result["acc@161"] == 0.0 and result["found"] == 1


def test_run_reports_load_and_scores(tmp_path: Path) -> None:
    result = run(write_gwn(tmp_path / "g.xml", GOLD), use_ner=False)
    assert {"acc@161", "span_precision", "mean_log_error_km", "load_seconds", "load_rss_mb"} <= set(
        result
    )
    assert result["acc@161"] == 1.0


def test_run_without_data_is_skipped(tmp_path: Path) -> None:
    assert "skipped" in run(tmp_path / "absent.xml")
