"""Property tests (hypothesis) for the code that reads hostile text first: the
text cleaner, the date normaliser and the name normaliser. The address
classifier's properties live with its other tests in tests/test_netguard.py.

Each property holds for *any* input hypothesis can build: the functions
return a well-formed value or refuse with DocumentSkipped, and never crash.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from spoor import names
from spoor.errors import DocumentSkipped
from spoor.records import RawInput
from spoor.settings import Settings
from spoor.stages import time as time_stage
from spoor.stages.clean import clean, document_id, split_paragraphs
from spoor.text.decode import decode_text
from spoor.text.limits import break_long_sentences, drop_long_tokens
from spoor.text.markup import html_depth_exceeds

SETTINGS = Settings()
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# Text that looks like reporting often enough to pass the length checks, with
# the characters that break cleaners: controls, NUL, BOM, bidi marks, ZWNJ,
# combining marks, CR, line and paragraph separators, surrogate-free astral.
HOSTILE_CHARS = st.sampled_from(
    list("\x00\x01\x0b\x0c\r\n\t \u00a0\u200c\u200d\u202e\u2028\u2029\ufeff\u00ad\u0301\ufffd")
    + ["😀", "Кабул", "کابل", "ISKP", "attack", ".", "<p>", "&amp;", "-"]
)
HOSTILE_TEXT = st.lists(st.one_of(st.text(max_size=20), HOSTILE_CHARS), max_size=60).map("".join)


@settings(deadline=None)  # a loaded CI machine is not a slow function
@given(HOSTILE_TEXT)
@example("A\x08\u0300")  # a removed control joined a letter and its accent
@example("a\r\nb\u2029c\x00d")
def test_split_paragraphs_is_clean_and_idempotent(text: str) -> None:
    paragraphs = split_paragraphs(text)
    for paragraph in paragraphs:
        assert paragraph and paragraph == paragraph.strip()
        assert "\n\n" not in paragraph
        assert not any(unicodedata.category(c) == "Cc" and c != "\n" for c in paragraph)
        assert unicodedata.is_normalized("NFC", paragraph)
    assert split_paragraphs("\n\n".join(paragraphs)) == paragraphs


@settings(deadline=None)  # a loaded CI machine is not a slow function
@given(st.binary(max_size=4096))
@example(b"\xff\xfe\x00")
@example(b"\xef\xbb\xbf")
def test_decode_text_returns_text_or_refuses(data: bytes) -> None:
    try:
        text = decode_text(data)
    except DocumentSkipped as exc:
        assert exc.reason
    else:
        assert isinstance(text, str)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT, st.sampled_from(["text", "record"]))
def test_clean_text_gives_a_consistent_document_or_refuses(text: str, media_type: str) -> None:
    raw = RawInput("/fuzz.txt", media_type, text)  # type: ignore[arg-type]
    try:
        doc = clean(raw, SETTINGS)
    except DocumentSkipped as exc:
        assert exc.reason and exc.uri == "/fuzz.txt"
        return
    assert doc.id == document_id(doc.text)
    assert SETTINGS.min_text_chars <= len(doc.text) <= SETTINGS.max_text_chars
    assert "\x00" not in doc.text
    assert "\n\n".join(doc.text[p.start : p.end] for p in doc.paragraphs) == doc.text


TAGS = st.sampled_from(["div", "p", "span", "script", "style", "b", "table", "td", "li", "svg"])


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 5))
        tag = draw(TAGS)
        if kind == 0:
            parts.append(f'<{tag} onclick="{draw(st.text(max_size=5))}">')
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append("<!--" if draw(st.booleans()) else "<![CDATA[")
        else:
            parts.append(draw(HOSTILE_TEXT))
    return "".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup())
def test_clean_html_gives_a_document_or_refuses(html: str) -> None:
    try:
        doc = clean(RawInput("/fuzz.html", "html", html), SETTINGS)
    except DocumentSkipped as exc:
        assert exc.reason
        return
    assert "<script" not in doc.text.lower() or "<script" in html.lower()
    assert doc.id == document_id(doc.text)


@settings(deadline=None)  # a loaded CI machine is not a slow function
@given(tag_soup(), st.integers(1, 30))
def test_html_depth_limit_is_monotone(html: str, limit: int) -> None:
    if html_depth_exceeds(html, limit):
        assert html_depth_exceeds(html, limit - 1) or limit == 1


@settings(deadline=None)  # a loaded CI machine is not a slow function
@given(HOSTILE_TEXT, st.integers(1, 40))
def test_no_run_longer_than_the_limit_survives(text: str, limit: int) -> None:
    kept, removed = drop_long_tokens(text, limit)
    assert all(len(run) <= limit for run in kept.split())
    assert removed >= 0
    if not removed:
        assert kept.split() == text.split()


@settings(deadline=None)  # a loaded CI machine is not a slow function
@given(HOSTILE_TEXT, st.integers(1, 10))
def test_broken_sentences_keep_every_word_in_order(text: str, limit: int) -> None:
    pieces = break_long_sentences(text, limit)
    assert " ".join(pieces).split() == text.split()


# --- dates ---------------------------------------------------------------------

PUBLISHED = st.one_of(
    st.none(),
    st.dates().map(lambda d: d.isoformat()),
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
)
DATE_WORDS = st.sampled_from(
    [
        "last year", "in March", "on 5 May", "since February 1", "early 2023", "mid-2019",
        "18 months", "1402", "۱۴۰۲", "в прошлом году", "l'an dernier", "Q3", "0000", "99999",
        "2016-07", "31 February 2020", "9999-12-31", "between 2014 and 2015",
    ]
)  # fmt: skip
DATE_TEXT = st.lists(st.one_of(DATE_WORDS, st.text(max_size=12)), max_size=4).map(" ".join)


@settings(deadline=None)
@given(DATE_TEXT, PUBLISHED, st.sampled_from(["en", "ru", "fr", "fa", "", "xx"]))
def test_date_normaliser_keeps_precision_and_order(
    expression: str, published: str | None, lang: str
) -> None:
    span = time_stage.normalize(expression, published, lang)
    if span is None:
        return
    for value in (span.start, span.end):
        assert value is None or DATE.fullmatch(value), value
    if span.start and span.end:
        width = min(len(span.start), len(span.end))
        assert span.start[:width] <= span.end[:width]


# --- names ---------------------------------------------------------------------

NAME_TEXT = st.lists(
    st.one_of(
        st.text(max_size=10),
        st.sampled_from(["al-", "Al ", "ул", "'s", "-i-", "ابو", "ـ", "ISIS-K", "\u200c", " "]),
    ),
    max_size=8,
).map("".join)


@settings(deadline=None)  # a loaded CI machine is not a slow function
@given(NAME_TEXT)
@example("Al-Qaeda's")
@example("EL\x1b0")  # "el" before a control character became "el 0", then "al 0"
def test_name_normaliser_output_is_canonical(name: str) -> None:
    norm = names.normalize(name)
    assert norm == norm.strip() and "  " not in norm
    assert norm == norm.casefold()
    assert names.normalize(norm) == norm


@settings(deadline=None)  # a loaded CI machine is not a slow function
@given(NAME_TEXT)
def test_name_keys_start_with_the_normal_form(name: str) -> None:
    keys = names.ordered_keys(name)
    assert keys == ([names.normalize(name)] + keys[1:] if keys else [])
    assert names.keys(name) == set(keys)
    assert all(key and key == key.strip() for key in keys)
