"""Issue 9 acceptance: one `spoor ingest` over a folder of hostile inputs.

Each bad input is named on stderr with a reason, the good article is committed,
the exit code is 3, nothing crashes or hangs, the child stays under 2 GB, and
the HTML report written afterwards carries no script from the documents.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sqlite3
from pathlib import Path

import lxml.html
import pytest

from tests.security.conftest import ROOT, Run, run_spoor

pytestmark = pytest.mark.integration

MARK = "spoor-xss"  # every hostile payload carries it, so any trace of one is found
GOOD_ARTICLE = (
    "The Islamic State Khorasan Province (ISKP) remains active in Kunar province, according to "
    "a report published by the UN Monitoring Team. Officials in Asadabad said two police officers "
    "were wounded in March 2024."
)
# Plain text that *shows* markup: it is reporting, so it is stored, and its
# sentences become evidence quotes that the report must print as text.
PAYLOAD_ARTICLE = f"""ISKP claimed responsibility for an attack in Jalalabad, Nangarhar province, in May 2024 <script>alert('{MARK}-quote')</script>.

Sanaullah Ghafari, the leader of ISKP <img src=x onerror=alert('{MARK}-onerror')>, was named in the report.
"""
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 2 else "") + ";") * 10}">\n'
        for n in range(2, 10)
    )
    + ']>\n<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title>'
    "<description>&lol9;</description></item></channel></rss>\n"
)
SCRIPT_ARTICLE = f"""<!doctype html>
<html><head><title>Checkpoint attack &lt;script&gt;alert('{MARK}-title')&lt;/script&gt;</title>
<script>alert('{MARK}-head')</script></head>
<body onload="alert('{MARK}-body')">
<article>
<h1 onmouseover="alert('{MARK}-h1')">Attack on a checkpoint in Nangarhar</h1>
<p onclick="alert('{MARK}-p')">Islamic State Khorasan Province (ISKP) attacked a police checkpoint
in Jalalabad, Nangarhar province, on 4 May 2024, provincial officials said. The statement quoted
the text &lt;script&gt;alert('{MARK}-text')&lt;/script&gt; that appeared on a hacked page.</p>
<p>The Taliban said three attackers were killed near Jalalabad after the attack. A local
journalist posted &lt;img src=x onerror=alert('{MARK}-img-text')&gt; by mistake.</p>
<img src="x" onerror="alert('{MARK}-img')">
<a href="javascript:alert('{MARK}-href')">more</a>
<svg onload="alert('{MARK}-svg')"><script>alert('{MARK}-svg-script')</script></svg>
<iframe src="javascript:alert('{MARK}-iframe')"></iframe>
<script>document.write('{MARK}-inline')</script>
</article></body></html>
"""

# Each hostile file, and a word its rejection reason must contain.
EXPECTED_REJECTIONS = {
    "empty.txt": "empty",
    "random-bytes.txt": "binary",
    "invalid-utf8.txt": "UTF-8",
    "nul-bytes.txt": "binary",
    "page-30mb.html": "max_file_bytes",
    "nested-200k.html": "nested deeper",
    "bomb.html.gz": "compress",
    "broken.pdf": "PDF",
    "records.jsonl:1": "invalid JSON",
    "records.jsonl:2": "no text",
    "records.jsonl:3": "not an object",
    "entities.xml": "entity",
}


def build_hostile_folder(folder: Path) -> None:
    folder.mkdir()
    rng = random.Random(9)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random-bytes.txt").write_bytes(rng.randbytes(8192))
    # Overlong forms, surrogates and lone continuation bytes: no charset reads this.
    (folder / "invalid-utf8.txt").write_bytes(
        b"\xc0\xaf\xe0\x80\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80" * 200
    )
    (folder / "nul-bytes.txt").write_bytes(b"Officials said\x00\x00\x00\x00\x00 the attack" * 50)
    with (folder / "page-30mb.html").open("wb") as page:
        page.write(b"<html><body>")
        paragraph = b"<p>" + b"The district council met again on Tuesday. " * 40 + b"</p>\n"
        for _ in range(30 * 1024 * 1024 // len(paragraph) + 1):
            page.write(paragraph)
        page.write(b"</body></html>")
    (folder / "nested-200k.html").write_bytes(b"<div>" * 200_000 + b"deep" + b"</div>" * 200_000)
    with gzip.open(folder / "bomb.html.gz", "wb", compresslevel=9) as bomb:
        block = b"A" * (1 << 20)
        for _ in range(1024):  # 1 GB of output from about 1 MB on disk
            bomb.write(block)
    (folder / "broken.pdf").write_bytes(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n" + rng.randbytes(2048)
    )
    (folder / "records.jsonl").write_bytes(
        b'{"id": "r1", "text": "unterminated\n'
        + b'{"id": "r2", "title": "no text field"}\n'
        + b'["a list", "not an object"]\n'
    )
    (folder / "entities.xml").write_text(BILLION_LAUGHS, encoding="utf-8")
    (folder / "script-article.html").write_text(SCRIPT_ARTICLE, encoding="utf-8")
    (folder / "good-article.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "payload-article.txt").write_text(PAYLOAD_ARTICLE, encoding="utf-8")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    work = tmp_path_factory.mktemp("hostile")
    build_hostile_folder(work / "inputs")
    run = run_spoor("ingest", str(work / "inputs"), "--db", str(work / "h.db"), cwd=work)
    return work, run


def test_one_call_names_every_bad_input_and_commits_the_good_one(
    ingested: tuple[Path, Run],
) -> None:
    work, run = ingested
    assert not run.timed_out, "ingest hung"
    assert run.returncode == 3, run.stderr[-2000:]
    assert "Traceback" not in run.stdout + run.stderr
    rejected = {}
    for line in run.stderr.splitlines():
        if line.startswith("rejected: "):
            uri, _, reason = line.removeprefix("rejected: ").partition(": ")
            rejected[Path(uri).name] = reason
    for name, word in EXPECTED_REJECTIONS.items():
        assert name in rejected, f"{name} not named; rejected: {sorted(rejected)}"
        assert word.lower() in rejected[name].lower(), (name, rejected[name])
    assert "good-article.txt" not in rejected
    with sqlite3.connect(work / "h.db") as conn:
        uris = [Path(uri).name for (uri,) in conn.execute("SELECT uri FROM documents")]
    assert "good-article.txt" in uris
    assert "payload-article.txt" in uris
    # The page with scripts is reporting too: committed with its markup gone.
    assert "script-article.html" in uris


def test_child_peak_memory_under_2gb(ingested: tuple[Path, Run]) -> None:
    _, run = ingested
    assert 0 < run.peak_rss_mb < 2048, run.peak_rss_mb


def test_stored_text_has_no_markup_from_the_page(ingested: tuple[Path, Run]) -> None:
    work, _ = ingested
    with sqlite3.connect(work / "h.db") as conn:
        (text,) = conn.execute(
            "SELECT text FROM documents WHERE uri LIKE '%script-article.html'"
        ).fetchone()
    assert "Jalalabad" in text
    for payload in ("-head", "-body", "-h1", "-p'", "-img'", "-href", "-svg", "-iframe", "-inline"):
        assert f"{MARK}{payload}" not in text
    # Text the page *showed* (escaped markup) is kept as text, to be escaped on output.
    assert f"<script>alert('{MARK}-text')</script>" in text


def test_report_executes_no_script_from_the_documents(ingested: tuple[Path, Run]) -> None:
    work, _ = ingested
    report = run_spoor(
        "report", "--db", str(work / "h.db"), "--out", str(work / "report"), cwd=work
    )
    assert report.returncode == 0, report.stderr
    html = (work / "report" / "index.html").read_text(encoding="utf-8")
    assert f"{MARK}-quote" in html  # the hostile quotes did reach the report (as text)
    tree = lxml.html.fromstring(html)
    own_script = (ROOT / "spoor" / "outputs" / "static" / "spoor.js").read_text(encoding="utf-8")
    scripts = tree.xpath("//script")
    assert len(scripts) == 1
    assert MARK not in (scripts[0].text or "")
    assert scripts[0].text.strip() == own_script.strip()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in {"iframe", "object", "embed", "svg"} or MARK not in (
            lxml.html.tostring(element, encoding="unicode")
        )
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            assert not value.strip().lower().startswith("javascript:"), (element.tag, value)
    # The hostile text is there, but only as text.
    assert MARK in tree.text_content()
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "unsafe-inline" not in csp[0]


def test_exports_do_not_crash_on_the_hostile_store(ingested: tuple[Path, Run]) -> None:
    work, _ = ingested
    facts = run_spoor("facts", "--db", str(work / "h.db"), "--format", "jsonl", cwd=work)
    assert facts.returncode == 0, facts.stderr
    for line in facts.stdout.splitlines():
        json.loads(line)
    assert os.path.getsize(work / "h.db") < 50 * 1024 * 1024
