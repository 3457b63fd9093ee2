"""The publication date a text states at its top, for documents whose metadata has none.

A plain-text article saved without front matter often still carries its date where a
reader looks for it: a byline line ("Published 12 March 2024", "March 12, 2024 10:32 GMT")
or a wire dateline opening the first paragraph ("KABUL, 3 March 2024 (Reuters) -").
Without a publication date every relative expression ("last week", "on Tuesday") stays
unresolved, so reading it here dates many facts. Only a date with a year counts: a
dateline's "March 3" alone would be a guess about the year. A date inside the running
prose of the first sentence is an event's date, not the article's, and is not taken.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spoor.stages.time import normalize

# Where the top of a document ends: bylines and datelines sit in its first few blocks.
TOP_PARAGRAPHS = 4
# A byline or date line is short; a longer line is prose.
MAX_DATE_LINE = 100

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"  # 3 March 2024
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # March 3, 2024
    r"|\d{4}-\d{2}-\d{2}"  # 2024-03-03
    rf"|{_MONTH}\s+\d{{4}})"  # March 2024
)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_LABEL = (
    r"(?:by\s+[^|\u2022\u00b7]{1,60}?\s*[|\u2022\u00b7,-]\s*)?"  # "By Jane Doe | "
    r"(?:(?:first\s+)?(?:published|posted|updated|dated|date|issued|released)"
    r"(?:\s+on)?\s*:?\s*)?"
)
_CLOCK = (
    r"(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"  # ISO time: 2024-05-01T10:00Z
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?"  # ", at 10:32 am"
    r"\s*(?:[A-Z]{2,4}\b|UTC[+-]?\d*)?)?"  # GMT, UTC+5
)
# A line that is a date, perhaps labelled, perhaps followed by a clock time or a tail after
# a separator ("| 5 min read").
_DATE_LINE = re.compile(
    rf"^\W*{_LABEL}{_WEEKDAY}(?P<date>{_DATE}){_CLOCK}\s*(?:[|,\u2022\u00b7-].*)?$",
    re.IGNORECASE,
)
# "KABUL, 3 March 2024 (Reuters) -", "Mogadishu, Somalia, March 3, 2024 --"
_DATELINE = re.compile(
    rf"^[A-Z][\w'. -]{{1,40}}(?:,\s*[A-Z][\w'. -]{{1,30}})?,?\s+{_WEEKDAY}(?P<date>{_DATE})"
    r"\s*(?:\([^)]{1,40}\))?\s*[-\u2013\u2014:]"
)


def stated_date(paragraphs: Sequence[str]) -> str | None:
    """The publication date (YYYY-MM-DD or YYYY-MM) a document states at its top, if any."""
    for paragraph in paragraphs[:TOP_PARAGRAPHS]:
        for line in paragraph.splitlines()[:3]:
            line = line.strip()
            match = _DATE_LINE.match(line) if len(line) <= MAX_DATE_LINE else None
            match = match or _DATELINE.match(line)
            if match is None:
                continue
            span = normalize(match.group("date"), None)
            if span is not None and span.start and len(span.start) >= 7:
                return span.start
    return None
