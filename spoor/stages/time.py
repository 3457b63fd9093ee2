"""Time stage: turn a date expression into a TimeSpan that keeps its precision.

``normalize("July 2016", None)`` is ``TimeSpan("2016-07", "2016-07")``: a
month stays a month, never padded into a day. Relative expressions ("last
month", "on Tuesday", "in the spring") are resolved against the document's
publication date; without one they return None rather than a guess.

Our own grammar reads English first; Russian and French expressions are
rewritten into English words by the ordered rules in ``spoor/kb/time.yaml``
and read by the same grammar. dateparser is the fallback for other shapes
and languages, and only where it cannot invent what the text does not say:
it must find a full year in the text, or resolve against a publication date
in a language our grammar does not cover. Durations ("for two years", "18
months") and other numbers are not dates and return None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from spoor.errors import KnowledgeBaseError
from spoor.records import TimeSpan

log = logging.getLogger(__name__)

Precision = Literal["year", "month", "day"]
PRECISIONS: tuple[Precision, ...] = ("year", "month", "day")

KB_PATH = Path(__file__).resolve().parent.parent / "kb" / "time.yaml"
# Bare numbers outside these years are counts or other calendars (a Solar
# Hijri ۱۴۰۲ is 2023/24, not 1402), never Gregorian years.
MIN_YEAR, MAX_YEAR = 1800, 2100
# Our grammar's languages; others go straight to dateparser.
GRAMMAR_LANGS = frozenset({"en", "ru", "fr"})

_PRECISION_BY_LENGTH: dict[int, Precision] = {4: "year", 7: "month", 10: "day"}
_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def precision_of(value: str) -> Precision:
    """``"2016"`` → year, ``"2016-07"`` → month, ``"2016-07-14"`` → day."""
    if not _VALUE.match(value):
        raise ValueError(f"not a YYYY[-MM[-DD]] date: {value!r}")
    return _PRECISION_BY_LENGTH[len(value)]


# --- values and spans -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Value:
    """A calendar value at year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    def text(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


_Span = tuple[_Value | None, _Value | None]  # inclusive (start, end); one may be open


def _day(value: dt.date) -> _Value:
    return _Value(value.year, value.month, value.day)


def _point(value: _Value) -> _Span:
    return value, value


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _plausible(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


# --- lexicon ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, dict[str, int]]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    year_parts: dict[str, tuple[int, int]]
    week_parts: dict[str, tuple[int, int]]
    decade_parts: dict[str, tuple[int, int]]
    year_segments: dict[str, tuple[int, int]]
    week_of_month: dict[str, int]
    part_words: dict[str, str]
    seasons: dict[str, tuple[int, int]]
    rewrites: dict[str, list[tuple[re.Pattern[str], str]]]
    non_gregorian: frozenset[str]


def _pairs(raw: Any, name: str) -> dict[str, tuple[int, int]]:
    if not isinstance(raw, dict) or not all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(n, int) for n in v)
        for v in raw.values()
    ):
        raise KnowledgeBaseError(f"{KB_PATH}: '{name}' must map names to [first, last] integers")
    return {str(k): (v[0], v[1]) for k, v in raw.items()}


def _table(raw: Any, name: str) -> dict[str, int]:
    if not isinstance(raw, dict) or not all(isinstance(v, int) for v in raw.values()):
        raise KnowledgeBaseError(f"{KB_PATH}: '{name}' must map words to integers")
    return {str(k): v for k, v in raw.items()}


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    try:
        data = yaml.safe_load(KB_PATH.read_text(encoding="utf-8"))
        rewrites = {
            lang: [(re.compile(pattern), replacement) for pattern, replacement in rules]
            for lang, rules in data["rewrite"].items()
        }
        return _Lexicon(
            months={lang: _table(t, f"months.{lang}") for lang, t in data["months"].items()},
            weekdays=_table(data["weekdays"]["en"], "weekdays.en"),
            numbers=_table(data["numbers"]["en"], "numbers.en"),
            year_parts=_pairs(data["year_parts"], "year_parts"),
            week_parts=_pairs(data["week_parts"], "week_parts"),
            decade_parts=_pairs(data["decade_parts"], "decade_parts"),
            year_segments=_pairs(data["year_segments"], "year_segments"),
            week_of_month=_table(data["week_of_month"], "week_of_month"),
            part_words={str(k): str(v) for k, v in data["part_words"].items()},
            seasons=_pairs(data["seasons"], "seasons"),
            rewrites=rewrites,
            non_gregorian=frozenset(str(w) for w in data["non_gregorian_months"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as err:
        raise KnowledgeBaseError(
            f"cannot load the date lexicon {KB_PATH}: {err}; restore the file from the release"
        ) from err


def _alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Grammar:
    """Lexicon lookups and the regular expressions built from them, per language."""

    lang: str
    months: dict[str, int]
    patterns: dict[str, re.Pattern[str]]


@lru_cache(maxsize=8)
def _grammar(lang: str) -> _Grammar:
    lex = _lexicon()
    months = dict(lex.months["en"])
    if lang != "en":
        months.update(lex.months.get(lang, {}))
    month = rf"({_alternation(months)})"
    weekday = rf"(?:{_alternation(lex.weekdays)})"
    number = rf"(\d+|{_alternation(lex.numbers)})"
    part = rf"({_alternation(lex.part_words)})"
    season = rf"({_alternation(lex.seasons)})"
    segment = rf"({_alternation(lex.year_segments)})"
    ordinal = r"(\d{1,2})(?:st|nd|rd|th)?"
    sources = {
        "day_month_year": rf"(?:{weekday},? )?(?:the )?{ordinal}(?: of)? {month},? (\d{{4}})",
        "month_day_year": rf"(?:{weekday},? )?{month} {ordinal},? (\d{{4}})",
        "day_month": rf"(?:{weekday},? )?(?:the )?{ordinal}(?: of)? {month}",
        "month_day": rf"(?:{weekday},? )?{month} {ordinal}",
        "month_year": rf"{month},? (?:of )?(\d{{4}})",
        "month": month,
        "month_rel_year": rf"{month},? (?:of )?(last|this|next) year",
        "rel_month": rf"(last|this|next) {month}",
        "year": r"(\d{4})",
        "decade": r"(?:the )?(\d{3}0)['’]?s",
        "iso_day": r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})",
        "iso_month": r"(\d{4})-(\d{2})",
        "numeric_day": r"(\d{1,2})[./](\d{1,2})[./](\d{4})",
        "rel_period": r"(last|this|next|previous|coming) (week|month|year)",
        "within_period": r"(earlier|later) this (week|month|year)",
        "ago": rf"{number} (day|week|month|year)s? ago",
        "weekday": rf"(?:(last|this|past|next) )?({weekday})",
        "season": rf"{season}(?:,? (?:of )?(\d{{4}}|last year|this year|next year))?",
        "rel_season": rf"(last|this|next) {season}",
        "part": rf"{part}(?: |-)?(.+)",
        "segment": rf"{segment}(?:,? of|,)? (.+)",
        "weekend": r"(last|this|past)? ?weekend",
        "since": r"(?:ever )?(?:since|from|starting|starting in|starting from|beginning in) (.+)",
        "until": r"(?:until|till|til|up to|up until|through|by) (.+)",
        "between": r"between (.+) and (.+)",
        "from_to": r"from (.+?) (?:to|until|till|through|-) (.+)",
        "days_month_year": rf"(\d{{1,2}}) ?(?:-|to|and) ?(\d{{1,2}}) {month},? (\d{{4}})",
        "month_days_year": rf"{month} (\d{{1,2}}) ?(?:-|to|and) ?(\d{{1,2}}),? (\d{{4}})",
        "days_month": rf"(\d{{1,2}}) ?(?:-|to|and) ?(\d{{1,2}}) {month}",
        "month_days": rf"{month} (\d{{1,2}}) ?(?:-|to|and) ?(\d{{1,2}})",
        "week_of": rf"(?:the )?({_alternation(lex.week_of_month)}) week of (.+)",
        "year_short_range": r"(\d{4}) ?[-/] ?(\d{2})",
    }
    patterns = {name: re.compile(rf"^{source}$") for name, source in sources.items()}
    return _Grammar(lang=lang, months=months, patterns=patterns)


# --- preparing the text -----------------------------------------------------------

_EXTENDED_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DASHES = re.compile(r"\s*[\u2010-\u2015\u2212]\s*|(?<=\d)-(?=\d{4})")
_ABBREVIATION_DOT = re.compile(r"(?<=[^\W\d_])\.")
_TIME_OF_DAY = re.compile(
    r"\b(?:at |around |about )?\d{1,2}[:h]\d{2}(?: ?[ap]\.?m\.?)?\b|\b\d{1,2} ?[ap]\.?m\.?(?=\s|$)"
    r"|\b(?<!this )(?<!last )(?:in the |on the |early |late )?"
    r"(?:morning|afternoon|evening|night|noon|midnight|overnight|dawn)(?: of| hours)?\b",
)
_FILLERS = re.compile(
    # "at least" before "at": "since at least 2008" is since 2008
    r"^(?:at least|on|in|during|over|at|around|about|circa|approximately|roughly|sometime in|"
    r"some time in|sometime|as early as|as late as|as of|the early hours of|early hours of|"
    r"the|of)\s+"
)
_DURATION = re.compile(
    r"^(?:(?:for|within|over|after|in|the|a|an|past|another|nearly|almost|about|around|more than|"
    r"less than|up to|at least|some|several|few|to|or|and|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|dozen|half|[\d.,]+(?:-[\d.,]+)?)[\s-]+)*"
    r"(?:hours?|days?|weeks?|months?|years?|decades?|times?)$"
)
_UNSUPPORTED_BOUND = re.compile(r"^(?:before|after|prior to|following|until after) ")
_NUMERIC_ONLY = re.compile(r"^[\d\s./,-]+$")
_YEAR_TOKEN = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _prepare(expression: str, lang: str) -> str | None:
    text = unicodedata.normalize("NFKC", expression).translate(_EXTENDED_DIGITS).lower()
    lex = _lexicon()
    if any(token in lex.non_gregorian for token in re.split(r"[\s,.،]+", text)):
        return None  # a Hijri month: not converted, and never read as Gregorian
    text = _DASHES.sub("-", text)
    text = _ABBREVIATION_DOT.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" \t\n.,;:()[]\"'«»“”")
    text = re.sub(r"['’]s$", "", text)  # "August 2021's"
    for pattern, replacement in lex.rewrites.get(lang, []):
        text = pattern.sub(replacement, text)
    text = _TIME_OF_DAY.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,")
    return _strip_fillers(text) or None


def _strip_fillers(text: str) -> str:
    """Drop leading words that do not change the date: "on", "in the", "around"."""
    previous = None
    while previous != text:
        previous = text
        text = _FILLERS.sub("", text)
    return text


# --- resolving against the publication date ---------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    published: _Value | None
    grammar: _Grammar
    lex: _Lexicon

    def pub_day(self) -> dt.date | None:
        pub = self.published
        if pub is None or pub.day is None:
            return None
        return pub.first_day()

    def pub_month(self) -> tuple[int, int] | None:
        pub = self.published
        if pub is None or pub.month is None:
            return None
        return pub.year, pub.month

    def pub_year(self) -> int | None:
        return None if self.published is None else self.published.year


def _parse_published(published: str | None) -> _Value | None:
    if not published:
        return None
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", published.strip())
    if match is None:
        log.debug("publication date %r is not YYYY[-MM[-DD]]; relative dates stay open", published)
        return None
    year, month, day = match.groups()
    if day and _valid_day(int(year), int(month), int(day)):
        return _Value(int(year), int(month), int(day))
    if month and 1 <= int(month) <= 12:
        return _Value(int(year), int(month))
    return _Value(int(year))


def _recent_month(month: int, ctx: _Context) -> _Value | None:
    """The latest given month not after publication."""
    pub = ctx.pub_month()
    if pub is None:
        return None
    year, pub_month = pub
    return _Value(year if month <= pub_month else year - 1, month)


def _recent_day(month: int, day: int, ctx: _Context) -> _Value | None:
    """The latest given day of the year not after publication."""
    pub = ctx.pub_day()
    if pub is None:
        return None
    for year in range(pub.year, pub.year - 9, -1):  # 29 February recurs within 8 years
        if _valid_day(year, month, day) and dt.date(year, month, day) <= pub:
            return _Value(year, month, day)
    return None


def _week(day: dt.date) -> _Span:
    monday = day - dt.timedelta(days=day.weekday())
    return _day(monday), _day(monday + dt.timedelta(days=6))


def _period(unit: str, offset: int, ctx: _Context) -> _Span | None:
    """The week, month or year ``offset`` units from the publication's."""
    if unit == "week":
        pub_day = ctx.pub_day()
        return None if pub_day is None else _week(pub_day + dt.timedelta(weeks=offset))
    if unit == "month":
        pub_month = ctx.pub_month()
        if pub_month is None:
            return None
        return _point(_Value(*_month_shift(*pub_month, offset)))
    year = ctx.pub_year()
    return None if year is None else _point(_Value(year + offset))


def _relative_year(word: str, ctx: _Context) -> int | None:
    if word.isdigit():
        return int(word) if _plausible(int(word)) else None
    year = ctx.pub_year()
    if year is None:
        return None
    return year + {"last year": -1, "this year": 0, "next year": 1}[word]


_OFFSETS = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}


# --- the grammar ------------------------------------------------------------------


def _months_of(year: int, first: int, last: int) -> _Span:
    end_year = year + 1 if last < first else year  # winter runs into the next year
    return _Value(year, first), _Value(end_year, last)


def _season(name: str, year: int | None, ctx: _Context, offset: int | None = None) -> _Span | None:
    first, last = ctx.lex.seasons[name]
    if year is not None:
        return _months_of(year, first, last)
    pub = ctx.pub_month()
    if pub is None:
        return None
    pub_year, pub_month = pub
    # The latest such season that has started by publication ...
    start_year = pub_year if pub_month >= first else pub_year - 1
    if offset == -1:
        # ... and for "last", the latest that has also ended.
        end_year = start_year + 1 if last < first else start_year
        if (end_year, last) >= (pub_year, pub_month):
            start_year -= 1
    elif offset == 1:
        start_year += 1
    return _months_of(start_year, first, last)


def _is_week(start: _Value, end: _Value) -> bool:
    """A Monday-to-Sunday span at day precision (what "last week" reads as)."""
    if start.day is None or end.day is None:
        return False
    first = start.first_day()
    return first.weekday() == 0 and end.first_day() - first == dt.timedelta(days=6)


def _with_part(part: str, span: _Span, ctx: _Context) -> _Span | None:
    """Apply early/mid/late to a span: months of a year, years of a decade, days of a
    week; a month or season stays whole (its parts are finer than we claim)."""
    start, end = span
    if start is None or end is None:
        return None
    if _is_week(start, end):
        first, last = ctx.lex.week_parts[part]
        monday = start.first_day()
        return (
            _day(monday + dt.timedelta(days=first)),
            _day(monday + dt.timedelta(days=last)),
        )
    if start == end and start.month is None:
        first, last = ctx.lex.year_parts[part]
        return _Value(start.year, first), _Value(start.year, last)
    if start.month is None and end.year - start.year == 9 and start.year % 10 == 0:
        first, last = ctx.lex.decade_parts[part]
        return _Value(start.year + first), _Value(start.year + last)
    return span


def _read(text: str, ctx: _Context) -> _Span | None:
    """Read one expression; None when it is not a date we can place."""
    p = ctx.grammar.patterns
    months = ctx.grammar.months
    if (span := _read_relative(text, ctx)) is not None:
        return span
    if m := p["day_month_year"].match(text):
        return _absolute_day(int(m[3]), months[m[2]], int(m[1]))
    if m := p["month_day_year"].match(text):
        return _absolute_day(int(m[3]), months[m[1]], int(m[2]))
    if m := p["day_month"].match(text):
        return _maybe_point(_recent_day(months[m[2]], int(m[1]), ctx))
    if m := p["month_day"].match(text):
        return _maybe_point(_recent_day(months[m[1]], int(m[2]), ctx))
    if m := p["month_year"].match(text):
        year = int(m[2])
        return _point(_Value(year, months[m[1]])) if _plausible(year) else None
    if m := p["month_rel_year"].match(text):
        year_or_none = _relative_year(f"{m[2]} year", ctx)
        return None if year_or_none is None else _point(_Value(year_or_none, months[m[1]]))
    if m := p["month"].match(text):
        return _maybe_point(_recent_month(months[m[1]], ctx))
    if m := p["rel_month"].match(text):
        return _relative_month(m[1], months[m[2]], ctx)
    return _read_numeric(text, ctx)


def _maybe_point(value: _Value | None) -> _Span | None:
    return None if value is None else _point(value)


def _absolute_day(year: int, month: int, day: int) -> _Span | None:
    if not _plausible(year) or not _valid_day(year, month, day):
        return None
    return _point(_Value(year, month, day))


def _relative_month(word: str, month: int, ctx: _Context) -> _Span | None:
    recent = _recent_month(month, ctx)
    pub = ctx.pub_month()
    if recent is None or pub is None:
        return None
    if word == "last" and (recent.year, month) == pub:
        recent = _Value(recent.year - 1, month)  # "last March", said in March
    elif word == "this":
        recent = _Value(pub[0], month)
    elif word == "next":
        recent = _Value(pub[0] if month > pub[1] else pub[0] + 1, month)
    return _point(recent)


def _read_relative(text: str, ctx: _Context) -> _Span | None:
    p = ctx.grammar.patterns
    pub_day = ctx.pub_day()
    day_offsets = {
        "today": 0,
        "tonight": 0,
        "earlier today": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "yesterday": -1,
        "last night": -1,
        "day before yesterday": -2,
        "tomorrow": 1,
    }
    if text in day_offsets:
        return None if pub_day is None else _point(_day(pub_day + dt.timedelta(day_offsets[text])))
    if m := p["rel_period"].match(text):
        return _period(m[2], _OFFSETS[m[1]], ctx)
    if m := p["within_period"].match(text):
        return _period(m[2], 0, ctx)
    if m := _AGO_ANCHORED.match(text):
        # "four years ago this week", "ten years ago today": an anniversary
        ago = p["ago"].match(m[1])
        if ago is None or ago[2] != "year":
            return None
        count = int(ago[1]) if ago[1].isdigit() else ctx.lex.numbers[ago[1]]
        return _anniversary(count, m[2], ctx)
    if m := p["ago"].match(text):
        count = int(m[1]) if m[1].isdigit() else ctx.lex.numbers[m[1]]
        return _ago(count, m[2], ctx)
    if m := p["weekday"].match(text):
        return _weekday(m[1], ctx.lex.weekdays[m[2]], ctx)
    if m := p["weekend"].match(text):
        return _weekend(m[1], ctx)
    if m := p["rel_season"].match(text):
        return _season(m[2], None, ctx, _OFFSETS[m[1]])
    if m := p["season"].match(text):
        year = None if m[2] is None else _relative_year(m[2], ctx)
        if m[2] is not None and year is None:
            return None
        return _season(m[1], year, ctx)
    return None


def _weekend(word: str | None, ctx: _Context) -> _Span | None:
    """ "The weekend" is the latest one under way or over by publication; "last"
    skips one under way; "this", said on a weekday, is the coming one."""
    pub_day = ctx.pub_day()
    if pub_day is None:
        return None
    saturday = pub_day - dt.timedelta(days=(pub_day.weekday() - 5) % 7)
    under_way = pub_day.weekday() >= 5
    if word in ("last", "past") and under_way:
        saturday -= dt.timedelta(weeks=1)
    elif word == "this" and not under_way:
        saturday += dt.timedelta(weeks=1)
    return _day(saturday), _day(saturday + dt.timedelta(days=1))


_AGO_ANCHORED = re.compile(r"^(.+ ago) (today|this week|this month)$")


def _anniversary(years: int, anchor: str, ctx: _Context) -> _Span | None:
    """The day, week or month ``years`` before publication ("four years ago this week")."""
    pub_day = ctx.pub_day()
    if pub_day is None:
        return None
    try:
        then = pub_day.replace(year=pub_day.year - years)
    except ValueError:  # 29 February
        then = pub_day.replace(year=pub_day.year - years, day=28)
    if anchor == "today":
        return _point(_day(then))
    if anchor == "this week":
        return _week(then)
    return _point(_Value(then.year, then.month))


def _ago(count: int, unit: str, ctx: _Context) -> _Span | None:
    if unit == "day":
        pub_day = ctx.pub_day()
        return None if pub_day is None else _point(_day(pub_day - dt.timedelta(days=count)))
    return _period(unit, -count, ctx)


def _weekday(word: str | None, weekday: int, ctx: _Context) -> _Span | None:
    pub_day = ctx.pub_day()
    if pub_day is None:
        return None
    back = (pub_day.weekday() - weekday) % 7
    word = (word or "").strip()
    if word == "next":
        ahead = (weekday - pub_day.weekday()) % 7 or 7
        return _point(_day(pub_day + dt.timedelta(days=ahead)))
    if word in ("last", "past") and back == 0:
        back = 7  # "last Tuesday" said on a Tuesday is a week ago
    # A bare weekday is the latest such day up to publication: news written
    # on a Tuesday says "on Tuesday" of that same day.
    return _point(_day(pub_day - dt.timedelta(days=back)))


def _read_numeric(text: str, ctx: _Context) -> _Span | None:
    p = ctx.grammar.patterns
    if m := p["year"].match(text):
        year = int(m[1])
        return _point(_Value(year)) if _plausible(year) else None
    if m := p["decade"].match(text):
        start = int(m[1])
        return (_Value(start), _Value(start + 9)) if _plausible(start) else None
    if m := p["iso_day"].match(text):
        return _absolute_day(int(m[1]), int(m[2]), int(m[3]))
    if m := p["iso_month"].match(text):
        year, month = int(m[1]), int(m[2])
        if _plausible(year) and 1 <= month <= 12:
            return _point(_Value(year, month))
        return None
    if m := p["numeric_day"].match(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if ctx.grammar.lang != "en" or first > 12:
            return _absolute_day(year, second, first)  # ru and fr write the day first
        if second > 12 or first == second:
            return _absolute_day(year, first, second)
        return None  # English sources mix 05/03 (UK) and 03/05 (US): do not guess
    return None


def _read_fuzzy(text: str, ctx: _Context) -> _Span | None:
    """``early 2023``, ``mid-2019``, ``late last year``, ``since early January``."""
    text = _strip_fillers(text.strip())
    if m := ctx.grammar.patterns["segment"].match(text):
        inner_text = _strip_fillers(m[2].strip())
        # "the first half of the year": in news, the year of publication
        inner = _read("this year" if inner_text in ("the year", "year") else inner_text, ctx)
        if inner is None or inner[0] != inner[1] or inner[0] is None or inner[0].month is not None:
            return None  # a half or quarter of a year only
        first, last = ctx.lex.year_segments[m[1]]
        return _Value(inner[0].year, first), _Value(inner[0].year, last)
    if m := ctx.grammar.patterns["week_of"].match(text):
        return _week_of_month(ctx.lex.week_of_month[m[1]], _read(_strip_fillers(m[2]), ctx))
    if m := ctx.grammar.patterns["part"].match(text):
        inner_text = _strip_fillers(m[2].strip())
        this_year = inner_text in ("the year", "year")
        inner = _read("this year" if this_year else inner_text, ctx)
        if inner is not None:
            span = _with_part(ctx.lex.part_words[m[1]], inner, ctx)
            pub_day = ctx.pub_day()
            if this_year and span and span[0] and pub_day and span[0].first_day() > pub_day:
                return None  # "the end of the year" in March: which year is not said
            return span
    return _read(text, ctx)


def _week_of_month(which: int, month: _Span | None) -> _Span | None:
    """ "The first week of March": its days 1-7; "the last week": its last seven days."""
    if month is None or month[0] is None or month[0] != month[1] or month[0].day is not None:
        return None
    year, number = month[0].year, month[0].month
    if number is None:
        return None
    days = calendar.monthrange(year, number)[1]
    first = days - 6 if which < 0 else 1 + 7 * (which - 1)
    last = min(first + 6, days)
    return _join(_absolute_day(year, number, first), _absolute_day(year, number, last))


def _read_range(text: str, ctx: _Context) -> _Span | None:
    p = ctx.grammar.patterns
    if m := p["days_month_year"].match(text):
        month, year = ctx.grammar.months[m[3]], int(m[4])
        return _join(_absolute_day(year, month, int(m[1])), _absolute_day(year, month, int(m[2])))
    if m := p["month_days_year"].match(text):
        month, year = ctx.grammar.months[m[1]], int(m[4])
        return _join(_absolute_day(year, month, int(m[2])), _absolute_day(year, month, int(m[3])))
    if m := p["days_month"].match(text):
        return _recent_days(ctx.grammar.months[m[3]], int(m[1]), int(m[2]), ctx)
    if m := p["month_days"].match(text):
        return _recent_days(ctx.grammar.months[m[1]], int(m[2]), int(m[3]), ctx)
    if m := p["year_short_range"].match(text):
        first = int(m[1])
        last = first // 100 * 100 + int(m[2])
        if "/" in text or int(m[2]) > 12:
            return _join(_maybe_point(_Value(first)), _maybe_point(_Value(last)))
        return None
    for separator in re.finditer(r" ?(?:-| to | and | until | through ) ?", text):
        span = _split_range(text[: separator.start()], text[separator.end() :], ctx)
        if span is not None:
            return span
    return None


def _recent_days(month: int, first: int, last: int, ctx: _Context) -> _Span | None:
    """ "2-3 June" with no year: the latest such days up to publication, as for one day."""
    start = _recent_day(month, first, ctx)
    if start is None or start.year is None:
        return None
    return _join(_maybe_point(start), _absolute_day(start.year, month, last))


def _split_range(left: str, right: str, ctx: _Context) -> _Span | None:
    right_span = _read_fuzzy(right.strip(), ctx)
    if right_span is None or right_span[1] is None:
        return None
    end = right_span[1]
    left = left.strip()
    left_span = None
    if not _YEAR_TOKEN.search(left) and _YEAR_TOKEN.search(right):
        # "March to May 2021", "5 March to 7 April 2021": the year is said once.
        left_span = _read_fuzzy(f"{left} {end.year}", ctx)
        if left_span is None and left.isdigit() and end.day is not None:
            left_span = _absolute_day(end.year, end.month or 1, int(left))
    if left_span is None:
        left_span = _read_fuzzy(left, ctx)
    if left_span is None:
        return None
    return _join(left_span, right_span)


def _join(left: _Span | None, right: _Span | None) -> _Span | None:
    if left is None or right is None or left[0] is None or right[1] is None:
        return None
    start, end = left[0], right[1]
    return (start, end) if start.first_day() <= end.last_day() else None


def _read_expression(text: str, ctx: _Context) -> _Span | None:
    p = ctx.grammar.patterns
    if _DURATION.match(text) or _UNSUPPORTED_BOUND.match(text):
        return None
    for pattern in ("between", "from_to"):
        if (m := p[pattern].match(text)) and (span := _split_range(m[1], m[2], ctx)):
            return span
    if m := p["since"].match(text):
        span = _read_fuzzy(m[1], ctx) or _read_range(m[1], ctx)
        return None if span is None else (span[0], None)
    if m := p["until"].match(text):
        span = _read_fuzzy(m[1], ctx) or _read_range(m[1], ctx)
        return None if span is None else (None, span[1])
    return _read_fuzzy(text, ctx) or _read_range(text, ctx)


# --- dateparser fallback ----------------------------------------------------------


@lru_cache(maxsize=64)
def _dateparser(lang: str, published: _Value | None) -> Any:
    """One DateDataParser per (language, publication date): documents are
    processed one at a time, so a document's dates share one parser."""
    from dateparser.date import DateDataParser

    base = (
        dt.datetime(2000, 1, 1)
        if published is None
        else dt.datetime.combine(published.first_day(), dt.time())
    )
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    try:
        return DateDataParser(languages=[lang], settings=settings)
    except ValueError:
        log.debug("dateparser has no language %r; its dates stay unresolved", lang)
        return None


def _read_with_dateparser(text: str, lang: str, ctx: _Context) -> _Span | None:
    if _NUMERIC_ONLY.match(text):
        return None  # our grammar has read (or refused, as ambiguous) every all-digit shape
    years = [int(y) for y in _YEAR_TOKEN.findall(text)]
    if years and not all(_plausible(y) for y in years):
        return None
    if not years and (lang in GRAMMAR_LANGS or ctx.pub_day() is None):
        return None  # dateparser would fill the missing year from today: a guess
    parser = _dateparser(lang, ctx.published if not years else None)
    if parser is None:
        return None
    try:
        data = parser.get_date_data(text)
    except ValueError:  # dateparser loads languages lazily: an unknown code fails here
        return None
    found = data.date_obj
    if found is None or (years and found.year not in years):
        return None
    if data.period == "year":
        return _point(_Value(found.year))
    if data.period == "month":
        return _point(_Value(found.year, found.month))
    if data.period == "week":
        return _week(found.date())
    return _point(_day(found.date()))


# --- entry point ------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _normalize(expression: str, published: str | None, lang: str) -> _Span | None:
    text = _prepare(expression, lang)
    if text is None:
        return None
    grammar_lang = lang if lang in GRAMMAR_LANGS else "en"
    ctx = _Context(_parse_published(published), _grammar(grammar_lang), _lexicon())
    span = _read_expression(text, ctx)
    if span is None and not _DURATION.match(text):
        span = _read_with_dateparser(text, lang, ctx)
    return span


def normalize(expression: str, published: str | None, lang: str = "en") -> TimeSpan | None:
    """Normalise a date expression to a TimeSpan whose values keep precision.

    ``published`` (YYYY[-MM[-DD]]) anchors relative and partial expressions;
    when it is None they return None. ``lang`` is the ISO 639-1 language of
    the expression. Returns None for durations, counts and anything else
    that does not name a time we can place.
    """
    span = _normalize(expression.strip(), published, (lang or "en").lower().split("-")[0])
    if span is None or (span[0] is None and span[1] is None):
        return None
    start, end = span
    return TimeSpan(
        start=None if start is None else start.text(),
        end=None if end is None else end.text(),
    )
