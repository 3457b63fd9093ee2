"""The real-news corpus the throughput benchmark writes out (bench/throughput.py)."""

from __future__ import annotations

from pathlib import Path

from bench.throughput import write_gwn

TINY_GWN = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article><title>Floods close a mountain road</title><link>x</link>
    <text>Heavy rain closed the road to the valley on Monday, officials said.</text>
    <toponyms/></article>
  <article><title>Port reopens</title><link>y</link>
    <text>The port reopened after repairs.</text><toponyms/></article>
</articles>
"""


def test_each_article_becomes_a_text_file_with_its_title(tmp_path: Path) -> None:
    source = tmp_path / "gwn.xml"
    source.write_text(TINY_GWN, encoding="utf-8")
    assert write_gwn(tmp_path / "out", source) == 2
    files = sorted((tmp_path / "out").iterdir())
    assert [f.name for f in files] == ["gwn-001.txt", "gwn-002.txt"]
    first = files[0].read_text(encoding="utf-8")
    assert first.startswith("Floods close a mountain road\n\nHeavy rain closed the road")
