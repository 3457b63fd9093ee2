"""The publication date a text states at its top (bylines and wire datelines), table-driven."""

from __future__ import annotations

import pytest

from spoor.records import RawInput
from spoor.settings import Settings
from spoor.stages.clean import clean
from spoor.text.dateline import stated_date

BODY = (
    "Officials in the province said the group had carried out several raids on checkpoints "
    "last week and warned that more were likely before the winter."
)


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # byline and date lines
        (["Published 12 March 2024", BODY], "2024-03-12"),
        (["A headline about raids", "March 12, 2024 10:32 GMT", BODY], "2024-03-12"),
        (["By Jane Doe | Mar. 3, 2024 | 5 min read", BODY], "2024-03-03"),
        (["Posted on Tuesday, 7 May 2024 at 09:15", BODY], "2024-05-07"),
        (["Updated: 2024-05-01T10:00Z", BODY], "2024-05-01"),
        (["June 2021", BODY], "2021-06"),
        # wire datelines opening the first paragraph
        (["KABUL, 3 March 2024 (Reuters) - " + BODY], "2024-03-03"),
        (["MOGADISHU, Somalia, March 3, 2024 -- " + BODY], "2024-03-03"),
        # no year: the year would be a guess
        (["KABUL, March 3 (Reuters) - " + BODY], None),
        # a date in running prose dates an event, not the article
        (["On 3 March 2024, gunmen attacked a checkpoint. " + BODY], None),
        (["In March 2024 the group expanded into two more districts of the province."], None),
        # below the top of the document
        (["Headline", "Standfirst", "Intro", "Another", "Published 12 March 2024"], None),
        # not a date at all
        (["Page 3 of 12", BODY], None),
    ],
)
def test_stated_date(paragraphs: list[str], expected: str | None) -> None:
    assert stated_date(paragraphs) == expected


def test_clean_takes_the_stated_date_only_without_metadata() -> None:
    text = f"Raids in the east\n\nPublished 12 March 2024\n\n{BODY}"
    plain = clean(RawInput("/a.txt", "text", text, {}), Settings())
    given = clean(RawInput("/b.txt", "text", text, {"published": "2024-03-20"}), Settings())
    assert plain.published == "2024-03-12"
    assert given.published == "2024-03-20"
