"""Tests for spoor.stages.time: date expressions to TimeSpans that keep precision."""

from __future__ import annotations

from pathlib import Path

import pytest

from spoor.errors import KnowledgeBaseError
from spoor.records import TimeSpan
from spoor.stages import time as time_stage
from spoor.stages.time import normalize, precision_of

# A Tuesday: "on Tuesday" is that same day, "last week" is 4-10 March.
PUBLISHED = "2024-03-12"

Expected = tuple[str | None, str | None] | None

# (expression, language, expected (start, end) or None), all against PUBLISHED.
CASES: list[tuple[str, str, Expected]] = [
    # absolute
    ("26 August 2021", "en", ("2021-08-26", "2021-08-26")),
    ("August 26, 2021", "en", ("2021-08-26", "2021-08-26")),
    ("on 26 August 2021", "en", ("2021-08-26", "2021-08-26")),
    ("the 26th of August 2021", "en", ("2021-08-26", "2021-08-26")),
    ("Aug. 26th, 2021", "en", ("2021-08-26", "2021-08-26")),
    ("Thursday, Aug. 26, 2021", "en", ("2021-08-26", "2021-08-26")),
    ("26 August 2021 at 10:30 am", "en", ("2021-08-26", "2021-08-26")),
    ("July 2016", "en", ("2016-07", "2016-07")),
    ("in July 2016", "en", ("2016-07", "2016-07")),
    ("March of 2020", "en", ("2020-03", "2020-03")),
    ("2019", "en", ("2019", "2019")),
    ("in 2019", "en", ("2019", "2019")),
    ("2015-01-10", "en", ("2015-01-10", "2015-01-10")),
    ("2015-01", "en", ("2015-01", "2015-01")),
    ("13/05/2021", "en", ("2021-05-13", "2021-05-13")),
    ("05/13/2021", "en", ("2021-05-13", "2021-05-13")),
    ("the 1990s", "en", ("1990", "1999")),
    # partial, completed from the publication date
    ("on 26 August", "en", ("2023-08-26", "2023-08-26")),
    ("March 5", "en", ("2024-03-05", "2024-03-05")),
    ("in May", "en", ("2023-05", "2023-05")),
    ("in March", "en", ("2024-03", "2024-03")),
    ("last May", "en", ("2023-05", "2023-05")),
    ("in May last year", "en", ("2023-05", "2023-05")),
    ("January this year", "en", ("2024-01", "2024-01")),
    # relative
    ("last month", "en", ("2024-02", "2024-02")),
    ("last year", "en", ("2023", "2023")),
    ("this year", "en", ("2024", "2024")),
    ("next year", "en", ("2025", "2025")),
    ("last week", "en", ("2024-03-04", "2024-03-10")),
    # "late last week": its Thursday to Sunday; "early this week": Monday to Wednesday
    ("late last week", "en", ("2024-03-07", "2024-03-10")),
    ("early last week", "en", ("2024-03-04", "2024-03-06")),
    ("earlier this week", "en", ("2024-03-11", "2024-03-17")),
    ("yesterday", "en", ("2024-03-11", "2024-03-11")),
    ("today", "en", ("2024-03-12", "2024-03-12")),
    ("last night", "en", ("2024-03-11", "2024-03-11")),
    ("on Tuesday", "en", ("2024-03-12", "2024-03-12")),
    # published Tuesday 12 March 2024: the weekend just gone
    ("over the weekend", "en", ("2024-03-09", "2024-03-10")),
    # day ranges without a year, completed like one day
    ("2-3 March", "en", ("2024-03-02", "2024-03-03")),
    ("on the night of 2-3 March", "en", ("2024-03-02", "2024-03-03")),
    ("June 5-7", "en", ("2023-06-05", "2023-06-07")),
    ("June 7-5", "en", None),
    # weeks of a month
    ("in the first week of March", "en", ("2024-03-01", "2024-03-07")),
    ("the last week of February", "en", ("2024-02-23", "2024-02-29")),
    ("the second week of May 2021", "en", ("2021-05-08", "2021-05-14")),
    ("the third week of last month", "en", ("2024-02-15", "2024-02-21")),
    # "the year" of a part is the year of publication, unless that part is still to come
    ("since the start of the year", "en", ("2024-01", None)),
    ("at the end of the year", "en", None),
    # durations stay durations
    ("over the past year", "en", None),
    ("over two years", "en", None),
    ("on Sunday", "en", ("2024-03-10", "2024-03-10")),
    ("Friday night", "en", ("2024-03-08", "2024-03-08")),
    ("last Tuesday", "en", ("2024-03-05", "2024-03-05")),
    ("two years ago", "en", ("2022", "2022")),
    ("a year ago", "en", ("2023", "2023")),
    ("three days ago", "en", ("2024-03-09", "2024-03-09")),
    ("six months ago", "en", ("2023-09", "2023-09")),
    ("earlier this month", "en", ("2024-03", "2024-03")),
    ("the early hours of Sunday", "en", ("2024-03-10", "2024-03-10")),
    ("last weekend", "en", ("2024-03-09", "2024-03-10")),
    ("this weekend", "en", ("2024-03-16", "2024-03-17")),
    ("two weeks ago", "en", ("2024-02-26", "2024-03-03")),
    ("the second half of last year", "en", ("2023-07", "2023-12")),
    ("later this year", "en", ("2024", "2024")),
    ("recently", "en", None),
    ("in recent weeks", "en", None),
    ("now", "en", None),
    # fuzzy parts and seasons
    ("early 2023", "en", ("2023-01", "2023-04")),
    ("mid-2019", "en", ("2019-05", "2019-08")),
    ("in mid 2019", "en", ("2019-05", "2019-08")),
    ("late 2020", "en", ("2020-09", "2020-12")),
    ("the end of 2020", "en", ("2020-09", "2020-12")),
    ("late last year", "en", ("2023-09", "2023-12")),
    ("early January", "en", ("2024-01", "2024-01")),
    ("the early 1990s", "en", ("1990", "1993")),
    ("in the spring of 2022", "en", ("2022-03", "2022-05")),
    ("summer 2021", "en", ("2021-06", "2021-08")),
    ("the first half of 2022", "en", ("2022-01", "2022-06")),
    ("Q3 2021", "en", ("2021-07", "2021-09")),
    ("the third quarter of 2023", "en", ("2023-07", "2023-09")),
    ("the first half", "en", None),
    ("the winter of 2022", "en", ("2022-12", "2023-02")),
    ("in the spring", "en", ("2024-03", "2024-05")),
    ("the summer", "en", ("2023-06", "2023-08")),
    ("last winter", "en", ("2023-12", "2024-02")),
    # open and closed ranges
    ("since early January", "en", ("2024-01", None)),
    ("since 2015", "en", ("2015", None)),
    ("ever since August 2021", "en", ("2021-08", None)),
    ("starting in 2015", "en", ("2015", None)),
    ("since the spring of 2022", "en", ("2022-03", None)),
    ("since the end of 2020", "en", ("2020-09", None)),
    ("between early 2019 and mid-2020", "en", ("2019-01", "2020-08")),
    ("from January to March", "en", ("2024-01", "2024-03")),
    ("until March 2020", "en", (None, "2020-03")),
    ("by March 2020", "en", (None, "2020-03")),
    ("by the end of 2020", "en", (None, "2020-12")),
    ("between 2019 and 2021", "en", ("2019", "2021")),
    ("from 2019 to 2021", "en", ("2019", "2021")),
    ("2019-2021", "en", ("2019", "2021")),
    ("2019–21", "en", ("2019", "2021")),
    ("between March and May 2021", "en", ("2021-03", "2021-05")),
    ("5-7 March 2021", "en", ("2021-03-05", "2021-03-07")),
    ("March 5-7, 2021", "en", ("2021-03-05", "2021-03-07")),
    ("from 2021 to 2019", "en", None),
    ("before March 2020", "en", None),
    # anniversaries and the year of publication (PUBLISHED is Tuesday 12 March 2024)
    ("four years ago this week", "en", ("2020-03-09", "2020-03-15")),
    ("Ten years ago today", "en", ("2014-03-12", "2014-03-12")),
    ("two years ago this month", "en", ("2022-03", "2022-03")),
    ("three months ago today", "en", None),  # only years make an anniversary
    ("in the first half of the year", "en", ("2024-01", "2024-06")),
    ("the second half of the year", "en", ("2024-07", "2024-12")),
    # durations, counts and other non-dates
    ("within six months", "en", None),
    ("for two to three years", "en", None),
    ("18 months", "en", None),
    ("24 hours", "en", None),
    ("the past two years", "en", None),
    ("three times", "en", None),
    ("1,500", "en", None),
    ("ISIS-K", "en", None),
    ("1500", "en", None),
    ("03/05/2021", "en", None),  # March or May: not guessed
    # Russian
    ("26 августа 2021 года", "ru", ("2021-08-26", "2021-08-26")),
    ("в марте 2024 года", "ru", ("2024-03", "2024-03")),
    ("в прошлом месяце", "ru", ("2024-02", "2024-02")),
    ("в прошлом году", "ru", ("2023", "2023")),
    ("на прошлой неделе", "ru", ("2024-03-04", "2024-03-10")),
    ("вчера", "ru", ("2024-03-11", "2024-03-11")),
    ("два года назад", "ru", ("2022", "2022")),
    ("в 2019 году", "ru", ("2019", "2019")),
    ("с 2015 года", "ru", ("2015", None)),
    ("с начала 2023 года", "ru", ("2023-01", None)),
    ("в середине 2019 года", "ru", ("2019-05", "2019-08")),
    ("в мае прошлого года", "ru", ("2023-05", "2023-05")),
    ("весной 2022 года", "ru", ("2022-03", "2022-05")),
    ("с 2019 по 2021 год", "ru", ("2019", "2021")),
    ("между 2019 и 2021 годами", "ru", ("2019", "2021")),
    ("26.08.2021", "ru", ("2021-08-26", "2021-08-26")),
    ("18 месяцев", "ru", None),
    # French
    ("le 26 août 2021", "fr", ("2021-08-26", "2021-08-26")),
    ("le 1er mars 2020", "fr", ("2020-03-01", "2020-03-01")),
    ("en mars 2024", "fr", ("2024-03", "2024-03")),
    ("le mois dernier", "fr", ("2024-02", "2024-02")),
    ("l'année dernière", "fr", ("2023", "2023")),
    ("il y a deux ans", "fr", ("2022", "2022")),
    ("depuis 2015", "fr", ("2015", None)),
    ("début 2023", "fr", ("2023-01", "2023-04")),
    ("fin 2020", "fr", ("2020-09", "2020-12")),
    ("en mai dernier", "fr", ("2023-05", "2023-05")),
    ("entre 2019 et 2021", "fr", ("2019", "2021")),
    # other languages via dateparser; Hijri years are never read as Gregorian
    ("۲۶ اوت ۲۰۲۱", "fa", ("2021-08-26", "2021-08-26")),
    ("دیروز", "fa", ("2024-03-11", "2024-03-11")),
    ("۱۴۰۲", "fa", None),
    ("۱۵ حمل ۱۴۰۲", "fa", None),
    ("۱۵ فروردین", "fa", None),
    ("1402", "fa", None),
    ("٢٦ أغسطس ٢٠٢١", "ar", ("2021-08-26", "2021-08-26")),
    ("26. August 2021", "de", ("2021-08-26", "2021-08-26")),
]


def _as_tuple(span: TimeSpan | None) -> Expected:
    return None if span is None else (span.start, span.end)


@pytest.mark.parametrize(("expression", "lang", "expected"), CASES)
def test_normalize_with_publication_date(expression: str, lang: str, expected: Expected) -> None:
    assert _as_tuple(normalize(expression, PUBLISHED, lang)) == expected


# Expressions that only the publication date can place: without it, None.
RELATIVE = [
    ("on 26 August", "en"),
    ("in May", "en"),
    ("last month", "en"),
    ("last year", "en"),
    ("this year", "en"),
    ("last week", "en"),
    ("late last week", "en"),
    ("yesterday", "en"),
    ("on Tuesday", "en"),
    ("in May last year", "en"),
    ("two years ago", "en"),
    ("four years ago this week", "en"),
    ("the first half of the year", "en"),
    ("three days ago", "en"),
    ("earlier this month", "en"),
    ("in the spring", "en"),
    ("the summer", "en"),
    ("since early January", "en"),
    ("late last year", "en"),
    ("в прошлом месяце", "ru"),
    ("вчера", "ru"),
    ("le mois dernier", "fr"),
    ("دیروز", "fa"),
]


@pytest.mark.parametrize(("expression", "lang"), RELATIVE)
def test_relative_without_publication_date_is_none(expression: str, lang: str) -> None:
    assert normalize(expression, None, lang) is None


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("26 August 2021", ("2021-08-26", "2021-08-26")),
        ("early 2023", ("2023-01", "2023-04")),
        ("since 2015", ("2015", None)),
        ("between 2019 and 2021", ("2019", "2021")),
    ],
)
def test_absolute_without_publication_date(expression: str, expected: Expected) -> None:
    assert _as_tuple(normalize(expression, None)) == expected


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        # A partial date takes the latest year that does not pass publication.
        ("on 26 August", "2021-09-01", ("2021-08-26", "2021-08-26")),
        ("on 26 August", "2021-03-01", ("2020-08-26", "2020-08-26")),
        ("on 26 August", "2021-08-26", ("2021-08-26", "2021-08-26")),
        ("29 February", "2023-06-01", ("2020-02-29", "2020-02-29")),
        ("in the spring", "2022-07-01", ("2022-03", "2022-05")),
        ("in the spring", "2022-02-10", ("2021-03", "2021-05")),
        ("last summer", "2024-09-15", ("2024-06", "2024-08")),
        ("last summer", "2024-07-15", ("2023-06", "2023-08")),
        ("last month", "2024-01-05", ("2023-12", "2023-12")),
        ("last week", "2024-01-03", ("2023-12-25", "2023-12-31")),
        # The publication date's own precision limits what can be resolved.
        ("last year", "2024", ("2023", "2023")),
        ("last month", "2024", None),
        ("last month", "2024-03", ("2024-02", "2024-02")),
        ("yesterday", "2024-03", None),
        ("last month", "2024-03-12T08:30:00Z", ("2024-02", "2024-02")),
        ("last month", "not a date", None),
    ],
)
def test_resolution_against_other_publication_dates(
    expression: str, published: str, expected: Expected
) -> None:
    assert _as_tuple(normalize(expression, published)) == expected


@pytest.mark.parametrize(
    ("value", "precision"),
    [("2016", "year"), ("2016-07", "month"), ("2016-07-14", "day")],
)
def test_precision_of(value: str, precision: str) -> None:
    assert precision_of(value) == precision


@pytest.mark.parametrize("value", ["16", "2016-7", "July 2016", "2016-07-14T00:00"])
def test_precision_of_rejects_other_shapes(value: str) -> None:
    with pytest.raises(ValueError, match="YYYY"):
        precision_of(value)


def test_results_are_fresh_objects_despite_cache() -> None:
    first = normalize("July 2016", None)
    assert first is not None
    first.start = "changed"
    assert normalize("July 2016", None) == TimeSpan("2016-07", "2016-07")


def test_dateparser_is_built_once_per_language_and_publication_date() -> None:
    time_stage._dateparser.cache_clear()
    normalize("3. Mai 2019", PUBLISHED, "de")
    normalize("4. Juni 2019", PUBLISHED, "de")
    normalize("5. Juli 2019", PUBLISHED, "de")
    assert time_stage._dateparser.cache_info().currsize == 1


def test_broken_lexicon_raises_knowledge_base_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "time.yaml"
    broken.write_text("months: [not, a, table]\n", encoding="utf-8")
    monkeypatch.setattr(time_stage, "KB_PATH", broken)
    time_stage._lexicon.cache_clear()
    try:
        with pytest.raises(KnowledgeBaseError, match="date lexicon"):
            time_stage._lexicon()
    finally:
        monkeypatch.undo()
        time_stage._lexicon.cache_clear()
