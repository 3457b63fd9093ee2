"""Kinds of place names the footprint of a group is told with (issue 4, session 4): districts
said after "in", names listed with other places, a name known only with its lower-case place
word ("the Jubba valley"), a name after a group glued to a participle ("HTS-held Idlib"), a
shared name in a coordination ("North and South Waziristan") and a name NER splits in two
("Sistan and Baluchestan"). No model is loaded: NER spans are given by hand, the gazetteer
is the packaged one. Sentences written for these tests."""

from __future__ import annotations

import pytest

from spoor.records import Mention
from spoor.stages.geo import Gazetteer, Geoparser


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    return Geoparser(Gazetteer.load())


def spans(text: str, tagged: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """NER spans for the given (surface, label) pairs, at their first occurrence."""
    found = []
    for surface, label in tagged:
        start = text.index(surface)
        found.append((start, start + len(surface), label))
    return found


def resolved(mentions: list[Mention]) -> dict[str, tuple[str, str | None]]:
    return {m.text: (m.place.name, m.place.country) for m in mentions if m.place is not None}


# (text, NER spans, surface -> (place name, country) that must be found, surfaces that must
# not be places)
CASES: list[tuple[str, list[tuple[str, str]], dict[str, tuple[str, str | None]], list[str]]] = [
    # a second-level division under its own name, after a locative preposition
    (
        "The Maute group remains active in Lanao del Sur, the army said.",
        [],
        {"Lanao del Sur": ("Lanao del Sur", "PH")},
        [],
    ),
    (
        "Abu Sayyaf fighters are hiding on the island of Basilan.",
        [],
        {"Basilan": ("Basilan", "PH")},
        [],
    ),
    # ... or listed right after a place already accepted
    (
        "The BLA operates in Kech, Panjgur and Gwadar districts.",
        [("Kech", "GPE")],
        {"Panjgur": ("Panjgur", "PK")},
        [],
    ),
    # known only with its lower-case place word
    (
        "Al-Shabaab is entrenched in the Jubba valley.",
        [],
        {"Jubba valley": ("Juba Valley", "SO")},
        [],
    ),
    # a group glued to a participle is not part of the place's name
    ("Aid convoys rarely reach HTS-held Idlib.", [], {"Idlib": ("Idlib", "SY")}, []),
    # ... but a hyphenated name stays whole
    (
        "Militants were killed in Indian-administered Kashmir.",
        [],
        {"Indian-administered Kashmir": ("Indian-administered Kashmir", "IN")},
        [],
    ),
    # a bare direction shares the name that follows it
    (
        "The TTP has bases in North and South Waziristan.",
        [("North and South Waziristan", "GPE")],
        {"North": ("North Waziristan", "PK"), "South Waziristan": ("South Waziristan", "PK")},
        [],
    ),
    # two NER spans that together are one name
    (
        "Jaish al-Adl is active in Sistan and Baluchestan.",
        [("Sistan", "GPE"), ("Baluchestan", "GPE")],
        {"Sistan and Baluchestan": ("Sistan and Baluchestan", "IR")},
        ["Sistan"],
    ),
    # curated additions: an aspirational region, a forest, a wire spelling of a country
    (
        "The party wants an independent state in East Turkestan.",
        [("East Turkestan", "GPE")],
        {"East Turkestan": ("East Turkestan", None)},
        [],
    ),
    (
        "Al-Shabaab has used the Boni Forest as a hideout.",
        [],
        {"Boni Forest": ("Boni Forest", "KE")},
        [],
    ),
    (
        "The ADF is based in the Democratic Republic of Congo.",
        [("the Democratic Republic of Congo", "GPE")],
        {"Democratic Republic of Congo": ("Democratic Republic of the Congo", "CD")},
        [],
    ),
    # a district name that is a word of the sentence's subject is not read without a cue
    ("Officials met the Basilan delegation.", [], {}, ["Basilan"]),
]


@pytest.mark.parametrize(
    ("text", "tagged", "expected", "absent"), CASES, ids=[c[0][:40] for c in CASES]
)
def test_place_kinds(
    geoparser: Geoparser,
    text: str,
    tagged: list[tuple[str, str]],
    expected: dict[str, tuple[str, str | None]],
    absent: list[str],
) -> None:
    found = resolved(geoparser.geoparse(text, spans(text, tagged)))
    for surface, place in expected.items():
        assert found.get(surface) == place, found
    for surface in absent:
        assert surface not in found, found
