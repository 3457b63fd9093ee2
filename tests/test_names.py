"""Name normalisation, keys, acronyms and similarity."""

from __future__ import annotations

import pytest

from spoor import names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Shahab al-Muhajir", "shahab al muhajir"),
        ("Shahab el-Muhajir", "shahab al muhajir"),
        ("Jamaat-ul-Ahrar", "jamaat al ahrar"),
        ("As-Sahab", "al sahab"),
        ("Tehrik-i-Taliban Pakistan", "tehrik e taliban pakistan"),
        ("Tehrik-e-Taliban Pakistan", "tehrik e taliban pakistan"),
        ("The Taliban", "taliban"),
        ("ISKP's", "iskp"),
        ("Da’esh", "daesh"),
        ("U.S. forces", "us forces"),
        ("Islamic State–Khorasan Province", "islamic state khorasan province"),
        ("ＩＳＫＰ", "iskp"),
        ("Hafiz Saʻid", "hafiz said"),
        ("Kabulí", "kabuli"),
        ("«Талибан»", "талибан"),
        ("Ёлка", "елка"),
        ("الدولة الإسلامية", "الدوله الاسلاميه"),
        ("الدولة الاسلامية", "الدوله الاسلاميه"),
        ("ذبیح الله", "ذبيح الله"),
        ("هبت‌الله", "هبتالله"),
        ("  many   spaces ", "many spaces"),
        ("---", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert names.normalize(raw) == expected


def test_keys_add_article_free_and_transliterated_forms() -> None:
    assert names.keys("Al-Azaim") == {"al azaim", "azaim"}
    assert "vilayat khorasan" in names.keys("Вилаят Хорасан")
    assert names.ordered_keys("Вилаят Хорасан")[0] == "вилаят хорасан"
    assert any(key.isascii() for key in names.keys("ولایت خراسان"))
    assert names.keys("") == set()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Islamic State Khorasan Province", "ISKP"),
        ("Tehrik-i-Taliban Pakistan", "TTP"),
        ("Islamic Movement of Uzbekistan", "IMU"),
        ("Islamic State of Iraq and the Levant", "ISIL"),
        ("Al-Qaeda in the Arabian Peninsula", "AQAP"),
        ("Inter-Services Intelligence", "ISI"),
        ("Jamaat-ul-Ahrar", "JA"),
    ],
)
def test_acronym(name: str, expected: str) -> None:
    assert names.acronym(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("IS", True), ("IS-K", True), ("LeT", True), ("ГКНБ", True), ("is", False),
     ("Daesh", False), ("Islamic", False), ("A", False), ("ISKPISKP", False)],
)  # fmt: skip
def test_looks_like_acronym(text: str, expected: bool) -> None:
    assert names.looks_like_acronym(text) is expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ghafari", "Ghaffari"),
        ("Muhajir", "Mohajer"),
        ("Sanaullah Ghafari", "Sanaullah Ghaffari"),
        ("Shahab al-Muhajir", "Shahab al-Mohajer"),
        ("Al-Qaeda", "Al-Qaida"),
        ("Khorasan", "Khurasan"),
        ("Zabihullah Mujahid", "Zabiullah Mujahid"),
    ],
)
def test_similar_spellings_score_high(a: str, b: str) -> None:
    assert names.similarity(a, b) >= 0.9


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Islamic State", "Islamic State Khorasan"),
        ("Jamaat-ul-Ahrar", "Jamaat Ansarullah"),
        ("Baitullah Mehsud", "Hakimullah Mehsud"),
        ("Abu Ibrahim al-Hashimi al-Qurashi", "Abu al-Hasan al-Hashimi al-Qurashi"),
        ("Abu al-Hassan al-Muhajir", "Shahab al-Muhajir"),
        ("ISI", "IS"),
    ],
)
def test_different_names_score_low(a: str, b: str) -> None:
    assert names.similarity(a, b) < 0.9


def test_similarity_bounds() -> None:
    assert names.similarity("ISKP", "iskp") == 1.0
    assert names.similarity("", "ISKP") == 0.0
    assert names.similarity("Ghafari", "Ghaffari") < 1.0


@pytest.mark.parametrize(
    ("text", "script"),
    [("Khorasan", "Latn"), ("Хорасан", "Cyrl"), ("خراسان", "Arab"), ("2021", "Zyyy")],
)
def test_script_of(text: str, script: str) -> None:
    assert names.script_of(text) == script


def _all_kb_names() -> list[str]:
    from spoor.kb import load_kb

    return sorted({alias for actor in load_kb().actors.values() for alias in actor.names})


def test_normalize_is_idempotent_on_every_curated_name() -> None:
    for name in _all_kb_names():
        once = names.normalize(name)
        assert once and names.normalize(once) == once, name
        assert once in names.keys(name)
