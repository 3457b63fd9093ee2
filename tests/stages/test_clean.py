"""Clean: decoding, normalisation, HTML furniture, depth guard, PDFs, metadata."""

from __future__ import annotations

import hashlib
import random
import re
import signal
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from spoor.errors import DocumentSkipped
from spoor.records import Document, RawInput
from spoor.settings import Settings
from spoor.stages.clean import clean, document_id, split_paragraphs, valid_date
from spoor.text.decode import decode_text
from spoor.text.furniture import drop_furniture, load_furniture
from spoor.text.limits import break_long_sentences, drop_long_tokens, time_limit
from spoor.text.markup import html_depth_exceeds

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "inputs"
SETTINGS = Settings()
LONG_ENOUGH = "Officials said the attack took place near the district centre on Monday."


def _text(content: bytes | str, **metadata: str) -> RawInput:
    return RawInput(uri="/corpus/doc.txt", media_type="text", content=content, metadata=metadata)


def _skip_reason(raw: RawInput, settings: Settings = SETTINGS) -> str:
    with pytest.raises(DocumentSkipped) as caught:
        clean(raw, settings)
    assert caught.value.uri == raw.uri
    return caught.value.reason


def _check_offsets(doc: Document) -> None:
    pieces = [doc.text[p.start : p.end] for p in doc.paragraphs]
    assert "\n\n".join(pieces) == doc.text
    assert all(piece and piece == piece.strip() and "\n\n" not in piece for piece in pieces)


# --- decoding and rejection of non-text ---------------------------------------

RUSSIAN = (
    "Группировка заявила о нападении на контрольно-пропускной пункт в провинции "
    "Нангархар. Местные власти сообщили о пострадавших."
)
FRENCH = "Le groupe a revendiqué l'attaque près de Jalalabad, selon un communiqué publié à Kaboul."


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (LONG_ENOUGH.encode(), LONG_ENOUGH),
        (b"\xef\xbb\xbf" + LONG_ENOUGH.encode(), LONG_ENOUGH),
        (LONG_ENOUGH.encode("utf-16"), LONG_ENOUGH),
        (RUSSIAN.encode("cp1251"), RUSSIAN),
        (RUSSIAN.encode("koi8-r"), RUSSIAN),
        (FRENCH.encode("cp1252"), FRENCH),
        # UTF-8 with one damaged byte stays UTF-8; the bad byte is dropped.
        (RUSSIAN.encode() + b"\xff" + b" end", RUSSIAN + " end"),
        # A few NULs in text are removed, not a reason to reject.
        (
            b"Officials\x00 said the\x00 attack took place near the district centre on Monday.",
            LONG_ENOUGH,
        ),
    ],
)
def test_decoding(content: bytes, expected: str) -> None:
    assert clean(_text(content), SETTINGS).text == expected


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty after cleaning"),
        (b"  \n\n\t \r\n", "empty after cleaning"),
        (b"\x00\x00\x00", "binary content"),
        (bytes(range(256)) * 8, "binary content"),
        (random.Random(1).randbytes(4096), "binary content"),
        # No control bytes, but no charset makes sense of it either.
        (
            bytes(b for b in random.Random(2).randbytes(8000) if b >= 0x20)[:4000],
            "not valid UTF-8 text",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary content"),
        (b"too short", "too short: 9 chars < min_text_chars (20)"),
    ],
)
def test_rejected_text(content: bytes, reason: str) -> None:
    assert _skip_reason(_text(content)) == reason


def test_decode_text_refuses_binary_directly() -> None:
    with pytest.raises(DocumentSkipped, match="binary content"):
        decode_text(bytes(range(32)) * 10)


def test_too_long() -> None:
    settings = Settings(max_text_chars=50)
    assert _skip_reason(_text(LONG_ENOUGH * 2), settings) == (
        f"too long: {len(LONG_ENOUGH) * 2} chars > max_text_chars (50)"
    )


# --- normalisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a  b\t\tc", ["a b c"]),
        ("a\r\nb\rc", ["a\nb\nc"]),
        ("p1\n\n\n\n\np2", ["p1", "p2"]),
        ("p1\n   \n\t\np2", ["p1", "p2"]),
        ("  lead and trail  \n\n", ["lead and trail"]),
        ("nbsp\u00a0here\u2009thin", ["nbsp here thin"]),
        ("e\u0301", ["\u00e9"]),  # NFD to NFC
        ("bell\x07 and esc\x1b gone", ["bell and esc gone"]),
        ("soft\u00adhyphen", ["softhyphen"]),
        (
            "Persian \u0645\u06cc\u200c\u0634\u0648\u062f keeps ZWNJ",
            ["Persian \u0645\u06cc\u200c\u0634\u0648\u062f keeps ZWNJ"],
        ),
        ("page one\fpage two", ["page one", "page two"]),
        ("line\u2028sep\u2029para", ["line\nsep", "para"]),
    ],
)
def test_split_paragraphs(raw: str, expected: list[str]) -> None:
    assert split_paragraphs(raw) == expected


def test_split_paragraphs_joins_pdf_lines() -> None:
    assert split_paragraphs("The Khora-\nsan branch\nwas founded", join_lines=True) == [
        "The Khorasan branch was founded"
    ]
    assert split_paragraphs("ISIS-\nK", join_lines=True) == ["ISIS- K"]


def test_paragraph_offsets() -> None:
    raw = "First paragraph here.\r\n\r\n\r\nSecond   one,\nwith two lines.\n\n\nThird."
    doc = clean(_text(raw.encode()), SETTINGS)
    assert doc.text == "First paragraph here.\n\nSecond one,\nwith two lines.\n\nThird."
    assert [(p.start, p.end) for p in doc.paragraphs] == [(0, 21), (23, 50), (52, 58)]
    assert all(p.lang is None and p.script is None for p in doc.paragraphs)
    _check_offsets(doc)


def test_document_id_is_sha256_prefix_of_cleaned_text() -> None:
    doc = clean(_text(b"  " + LONG_ENOUGH.encode() + b"  \r\n"), SETTINGS)
    assert doc.id == hashlib.sha256(LONG_ENOUGH.encode()).hexdigest()[:32]
    assert doc.id == document_id(doc.text)
    assert len(doc.id) == 32
    assert document_id(LONG_ENOUGH + ".") != doc.id


# --- metadata --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", "2024"),
        ("2024-03", "2024-03"),
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:00:00Z", "2024-03-05"),
        ("2024-02-30", None),
        ("2024-13", None),
        ("March 2024", None),
        ("20240305", None),
        ("", None),
        (None, None),
    ],
)
def test_valid_date(value: str | None, expected: str | None) -> None:
    assert valid_date(value) == expected


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        (
            {"published": "2023-05-04", "lang": "RU", "title": "  A  title ", "source": "Desk"},
            ("2023-05-04", "ru", "A title", "Desk"),
        ),
        ({"published": "last Tuesday", "lang": "english"}, (None, None, None, None)),
        ({"url": "https://www.example.org/a/b"}, (None, None, None, "example.org")),
        ({"published": "2021"}, ("2021", None, None, None)),
    ],
)
def test_metadata_overrides(metadata: dict[str, str], expected: tuple[str | None, ...]) -> None:
    raw = RawInput("/x.jsonl:3", "record", LONG_ENOUGH, metadata)
    doc = clean(raw, SETTINGS)
    assert (doc.published, doc.lang, doc.title, doc.source) == expected
    assert doc.uri == "/x.jsonl:3"
    assert doc.text == LONG_ENOUGH


# --- HTML --------------------------------------------------------------------------


def _html_doc(path: Path = FIXTURES / "article_furniture.html", **metadata: str) -> Document:
    raw = RawInput(str(path), "html", path.read_bytes(), metadata)
    return clean(raw, SETTINGS)


MUST_CONTAIN = [
    "Islamic State Khorasan Province carried out more attacks",
    "ISKP's share of attacks in the region rose",
    "most incidents took place in Nangarhar and Kunar",
    "donors fund independent monitoring",
]
MUST_NOT_CONTAIN = [
    "Share on Facebook",
    "Tweet",
    "Subscribe",
    "Advertisement",
    "Leave a comment",
    "Поделиться",
    "Подписаться",
    "Read more",
    "cookies",
    "All rights reserved",
    "©",
]


@pytest.mark.parametrize("phrase", MUST_CONTAIN)
def test_html_article_keeps_reporting(phrase: str) -> None:
    assert phrase in _html_doc().text


@pytest.mark.parametrize("phrase", MUST_NOT_CONTAIN)
def test_html_article_drops_furniture(phrase: str) -> None:
    assert phrase not in _html_doc().text


def test_html_metadata() -> None:
    doc = _html_doc()
    assert doc.title == "Report finds rise in ISKP attacks"
    assert doc.source == "Example Monitor"
    assert doc.published == "2024-03-05"
    _check_offsets(doc)
    given = _html_doc(published="2024-03-01", source="Analyst upload", title="Given")
    assert (given.published, given.source, given.title) == ("2024-03-01", "Analyst upload", "Given")


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Share", True),
        ("Share this article", True),
        ("Share on Facebook, Twitter or WhatsApp", True),
        ("- Tweet", True),
        ("Subscribe to our newsletter for weekly updates on regional security", True),
        ("Sign up", True),
        ("Subscribe for daily updates", True),
        ("Follow us on social media for the latest news", True),
        ("Подписывайтесь на наш канал", True),
        ("Sign up to receive our weekly briefing on the frontier", True),
        ("Comments (12)", True),
        ("12 comments", True),
        ("Leave a comment", True),
        ("Related posts:", True),
        ("Read more »", True),
        ("You may also like", True),
        ("Advertisement", True),
        ("We use cookies to give you the best experience. Accept", True),
        ("Please complete the CAPTCHA to continue", True),
        ("© 2024 Example Media Group", True),
        ("Copyright 2023 Example News", True),
        ("Example News Ltd. All rights reserved.", True),
        ("Page 2 of 5", True),
        ("Поделиться", True),
        ("Подписаться на рассылку", True),
        ("Читайте также", True),
        ("Все права защищены.", True),
        ("ISKP's share of attacks rose in 2023.", False),
        ("Shareholders were not affected by the attack.", False),
        ("The group shared a statement on Telegram claiming the attack.", False),
        ("Analysts said the group's Telegram channels post in Uzbek and Tajik.", False),
        ("Related attacks were reported in Kunar.", False),
        (
            "The report, which readers can subscribe to, covers Central Asian recruitment networks "
            "and was reviewed by three independent analysts before publication last month.",
            False,
        ),
        ("Группировка опубликовала заявление в Телеграме.", False),
        ("2023", False),
    ],
)
def test_furniture_lines(line: str, dropped: bool) -> None:
    assert drop_furniture([line], load_furniture()) == ([] if dropped else [line])


def test_feed_fragment_falls_back_when_trafilatura_declines() -> None:
    raw = RawInput(
        "https://monitor.example.org/e1",
        "html",
        "<p>Local officials said an armed group attacked a checkpoint.</p>",
        {"title": "Checkpoint attack", "url": "https://monitor.example.org/e1"},
    )
    doc = clean(raw, SETTINGS)
    assert doc.text == "Local officials said an armed group attacked a checkpoint."
    assert (doc.title, doc.source) == ("Checkpoint attack", "monitor.example.org")


def test_html_never_fetches_its_url(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    connections: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, a: connections.append(a))
    # A body that is only a URL: htmldate would download it if given a string.
    raw = RawInput(
        "https://a.example.org/x",
        "html",
        "https://b.example.org/page",
        {"url": "https://a.example.org/2020/01/02/x"},
    )
    doc = clean(raw, SETTINGS)
    assert connections == []
    assert doc.text == "https://b.example.org/page"
    assert doc.published == "2020-01-02"  # from the URL, by htmldate, offline


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty after cleaning"),
        ("<html><body><script>var x = 1;</script></body></html>", "empty after cleaning"),
        ("<div>" * 2001 + "deep" + "</div>" * 2001, "HTML nested deeper than 2000"),
    ],
)
def test_html_rejections(html: str, reason: str) -> None:
    assert _skip_reason(RawInput("/p.html", "html", html.encode())) == reason


def test_200k_nested_divs_are_refused_fast() -> None:
    html = "<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000 + "</body></html>"
    started = time.monotonic()
    assert _skip_reason(RawInput("/deep.html", "html", html)) == "HTML nested deeper than 2000"
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("html", "limit", "exceeds"),
    [
        ("<div>" * 5, 5, False),
        ("<div>" * 6, 5, True),
        ("<div></div>" * 100, 5, False),
        ("<br>" * 100 + "<img src=x>" * 100 + "<hr/>" * 100, 5, False),
        ("<p>" * 100, 5, False),  # <p> closes the previous <p>
        ("<li>" * 100, 5, False),
        ("<div/>" * 100, 5, False),
        ("<!--" + "<div>" * 100 + "-->", 5, False),
        ("<script>" + "<div>" * 100 + "</script>", 5, False),
        ("<STYLE>" + "<div>" * 100 + "</style>", 5, False),
        ("<![CDATA[" + "<div>" * 100 + "]]>", 5, False),
        ("<span><b><i><u><em><a>", 5, True),
        ("a < b and c > d", 0, False),
    ],
)
def test_html_depth_scan(html: str, limit: int, exceeds: bool) -> None:
    assert html_depth_exceeds(html, limit) is exceeds


# --- PDF ---------------------------------------------------------------------------


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal PDF with one Helvetica text line per string, built by hand."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * n for n in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    info_id = font_id + 1
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    for pid, lines in zip(page_ids, pages, strict=True):
        ops = [b"BT /F1 12 Tf 72 720 Td 14 TL"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, pid + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Title (" + (title or "").encode("latin-1") + b") >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    out += (b" /Info %d 0 R" % info_id if title else b"") + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def _pdf(data: bytes) -> RawInput:
    return RawInput("/reports/r.pdf", "pdf", data)


def test_tiny_pdf_text_and_title() -> None:
    data = make_pdf(
        [
            ["The report describes the group presence", "in two eastern prov-", "inces."],
            ["Page two covers recruitment networks."],
        ],
        title="Quarterly security review",
    )
    doc = clean(_pdf(data), SETTINGS)
    assert doc.title == "Quarterly security review"
    assert doc.text == (
        "The report describes the group presence in two eastern provinces.\n\n"
        "Page two covers recruitment networks."
    )
    _check_offsets(doc)


def test_pdf_over_page_cap_is_rejected_naming_the_setting() -> None:
    data = make_pdf([[f"This is the text of page number {n}."] for n in range(1, 5)])
    assert _skip_reason(_pdf(data), Settings(max_pdf_pages=2)) == (
        "PDF has 4 pages > max_pdf_pages (2); raise the setting to read it"
    )
    assert "page number 4" in clean(_pdf(data), Settings(max_pdf_pages=4)).text


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4 garbage",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>",
        b"not a pdf at all",
        b"",
    ],
)
def test_broken_pdf(data: bytes) -> None:
    assert _skip_reason(_pdf(data)).startswith(("broken PDF: ", "empty after cleaning"))


def test_garbage_pdf_reason_names_the_problem() -> None:
    reason = _skip_reason(_pdf(b"%PDF-1.4 garbage"))
    assert reason.startswith("broken PDF: ")
    assert len(reason) < 120


def test_nfc_applies_to_html_too() -> None:
    html = "<p>" + unicodedata.normalize("NFD", "Le groupe a revendiqué l'attaque.") + "</p>"
    doc = clean(RawInput("/f.html", "html", html), SETTINGS)
    assert doc.text == "Le groupe a revendiqué l'attaque."


# --- limits on pathological text (issue 9) -------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "limit", "kept", "removed"),
    [
        ("short words only", 5, "short words only", 0),
        ("keep " + "x" * 12 + " this", 10, "keep this", 12),
        ("x" * 30, 10, "", 30),
        ("line one " + "y" * 11 + "\nline two", 10, "line one\nline two", 11),
        ("exactly tenchars", 10, "exactly tenchars", 0),
    ],
)
def test_drop_long_tokens(paragraph: str, limit: int, kept: str, removed: int) -> None:
    assert drop_long_tokens(paragraph, limit) == (kept, removed)


@pytest.mark.parametrize(
    ("paragraph", "limit", "pieces"),
    [
        ("one two. three four.", 3, ["one two. three four."]),
        ("a b c d e f g", 3, ["a b c", "d e f", "g"]),
        ("a b. c d e f", 3, ["a b. c d e", "f"]),
        ("a b c", 3, ["a b c"]),
        ("a b c؟ d e", 3, ["a b c؟ d e"]),  # Arabic question mark ends a sentence
    ],
)
def test_break_long_sentences(paragraph: str, limit: int, pieces: list[str]) -> None:
    assert break_long_sentences(paragraph, limit) == pieces


def test_hyphen_blob_that_would_take_minutes_to_parse_is_rejected() -> None:
    # spaCy splits "a-a-a-…" into one token per character; 200 KB of it took 110 s to parse.
    reason = _skip_reason(_text(("a-" * 100_000).encode()))
    assert reason == "mostly runs without spaces longer than max_token_chars (1000)"


def test_long_runs_are_removed_from_a_real_article() -> None:
    blob = "QUJD" * 300  # base64 junk pasted inside an article
    body = " ".join([LONG_ENOUGH] * 10)
    doc = clean(_text(f"{body}\n\n{blob} tail\n\n{body}".encode()), SETTINGS)
    assert doc.text == f"{body}\n\ntail\n\n{body}"
    _check_offsets(doc)


def test_run_on_text_is_broken_into_paragraphs() -> None:
    words = " ".join(["province"] * 2_500)
    doc = clean(_text(words.encode()), Settings(max_sentence_tokens=1_000))
    assert [len(doc.text[p.start : p.end].split()) for p in doc.paragraphs] == [1000, 1000, 500]


def test_time_limit_stops_python_code_even_inside_except_exception() -> None:
    def stubborn() -> None:
        stop = time.monotonic() + 20  # bounded: a limit that does not act fails, not hangs
        while time.monotonic() < stop:
            try:
                time.sleep(0.01)
            except Exception:  # noqa: S112 - the point: third-party code that swallows errors
                continue

    started = time.monotonic()
    with (
        pytest.raises(
            DocumentSkipped, match=r"took longer than max_seconds_per_document \(0.2 s\)"
        ),
        time_limit(0.2, "cleaning"),
    ):
        stubborn()
    assert time.monotonic() - started < 5
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # timer cleared


def test_time_limit_is_a_no_op_when_off_nested_or_in_a_thread() -> None:
    with time_limit(0):
        time.sleep(0.05)
    with time_limit(5.0), time_limit(0.01):  # the inner one yields to the outer one
        time.sleep(0.05)
    errors: list[BaseException] = []

    def in_thread() -> None:
        try:
            with time_limit(0.01):
                time.sleep(0.05)
        except BaseException as exc:  # pragma: no cover - shown only if it fails
            errors.append(exc)

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    assert errors == []


def test_a_timer_left_running_does_not_switch_the_limit_off() -> None:
    signal.setitimer(signal.ITIMER_REAL, 60)  # as if some library had left one
    try:
        with pytest.raises(DocumentSkipped), time_limit(0.2, "cleaning"):
            stop = time.monotonic() + 20
            while time.monotonic() < stop:
                time.sleep(0.01)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_slow_html_extraction_is_rejected_with_the_setting_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    def endless(*args: object, **kwargs: object) -> str:
        # "endless" for 20 s: a limit that does not act fails the test rather than hang it
        stop = time.monotonic() + 20
        while time.monotonic() < stop:
            time.sleep(0.01)
        return LONG_ENOUGH

    monkeypatch.setattr(trafilatura, "extract", endless)
    html = "<html><body><article><p>" + LONG_ENOUGH + "</p></article></body></html>"
    reason = _skip_reason(
        RawInput("/slow.html", "html", html), Settings(max_seconds_per_document=0.3)
    )
    assert reason == "cleaning took longer than max_seconds_per_document (0.3 s)"


def test_pdf_with_too_many_objects_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pypdf

    data = make_pdf([[f"Text of page {n}."] for n in range(1, 4)])
    monkeypatch.setattr(pypdf, "PdfReader", None)  # parsing would fail loudly
    reason = _skip_reason(_pdf(data), Settings(max_pdf_objects=5))
    assert reason == "PDF has 10 objects > max_pdf_objects (5)"  # 3 pages, 2 objects each, 4 more


def test_pdf_declaring_a_huge_object_table_is_refused() -> None:
    data = make_pdf([["A short page about the report."]])
    data = re.sub(rb"<< /Size \d+ ", b"<< /Size 900000000 ", data)
    assert b"/Size 900000000" in data
    assert _skip_reason(_pdf(data)) == "PDF has 900000000 objects > max_pdf_objects (200000)"


@pytest.mark.parametrize(
    "html",
    [
        b"<html><body><p>Officials\x00 said the\x00 attack took place near the district centre on Monday.</p></body></html>",
        # UTF-8 and cp1251 in one page.
        b"<p>Officials said the attack took place near the district centre on Monday.</p>"
        + "<p>Официальные лица сообщили о нападении.</p>".encode("cp1251"),
        b"<p>" + bytes(range(0x80, 0x100)) * 4 + b"</p>",
        b"\xff\xfe<\x00p\x00>\x00",  # a UTF-16 BOM with a stub
    ],
)
def test_hostile_html_bytes_decode_or_reject_never_crash(html: bytes) -> None:
    try:
        doc = clean(RawInput("/h.html", "html", html), SETTINGS)
    except DocumentSkipped as exc:
        assert exc.reason
    else:
        assert "\x00" not in doc.text and "\ufffd" not in doc.text


def test_mixed_utf8_and_cp1251_lines_are_each_decoded() -> None:
    utf8_line = "Официальные лица в Кабуле подтвердили нападение на рынок.".encode()
    legacy_line = "Представители полиции сообщили о трёх задержанных в провинции.".encode("cp1251")
    doc = clean(_text(utf8_line + b"\n\n" + legacy_line), SETTINGS)
    assert doc.text == (
        "Официальные лица в Кабуле подтвердили нападение на рынок.\n\n"
        "Представители полиции сообщили о трёх задержанных в провинции."
    )


@pytest.mark.parametrize("media_type", ["text", "html", "record"])
@pytest.mark.parametrize(
    "hostile",
    [
        "\ud800",  # a lone surrogate, as JSON "\ud800" decodes
        "\x0c",  # form feed: lxml refuses it in text (found by tests/security fuzzing)
        "\x08",  # backspace: the same
        "\ufffe\uffff",  # non-characters
    ],
)
def test_characters_that_crashed_lxml_or_utf8_are_dropped(media_type: str, hostile: str) -> None:
    raw = RawInput("/x", media_type, f"{LONG_ENOUGH[:30]}{hostile} {LONG_ENOUGH[30:]}{hostile}")  # type: ignore[arg-type]
    # A form feed is a page (paragraph) break in plain text, a space in HTML.
    assert " ".join(clean(raw, SETTINGS).text.split()) == LONG_ENOUGH
