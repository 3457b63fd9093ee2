"""Short forms linked to a name given in full earlier in the same document (mentions + link)."""

from __future__ import annotations

import pytest

from spoor.pipeline import Analyzer
from spoor.records import Document, Mention
from spoor.settings import Settings
from spoor.stages import mentions

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(Settings())


def _linked(analyzer: Analyzer, text: str) -> list[Mention]:
    document = Document(id="d1", uri="file:///d1.txt", text=text, lang="en")
    found = mentions.find_mentions(
        analyzer.nlp(text), document, analyzer.geoparser, analyzer.entity_types, analyzer.kb
    )
    analyzer.linker.link(found, document)
    return found


def _entity_at(found: list[Mention], text: str, surface: str, last: bool) -> str | None:
    start = text.rfind(surface) if last else text.find(surface)
    for mention in found:
        if mention.start <= start < mention.end:
            return mention.entity_id
    return None


# text, full name (first occurrence), short form (last occurrence), same entity expected
CASES = [
    (
        "Troops shelled camps of the Allied Democratic Forces (ADF) near Beni. "
        "ADF fighters later burned a clinic.",
        "Allied Democratic Forces",
        "ADF",
        True,
    ),
    (
        "A UN panel said the Coastal Liberation Front (CLF) was taxing fishermen. "
        "The CLF denied the report.",
        "Coastal Liberation Front",
        "CLF",
        True,
    ),
    (
        "Officials in Lagos said Abubakar Shekau had been wounded. Shekau later died "
        "during clashes with a rival faction.",
        "Abubakar Shekau",
        "Shekau",
        True,
    ),
    (
        "The court heard that Mahmoud Ferhani transferred funds to the cell. "
        "Ferhani denied the charge.",
        "Mahmoud Ferhani",
        "Ferhani",
        True,
    ),
    (
        "The Islamic Movement of Uzbekistan lost most of its fighters in 2015. "
        "The Islamic Movement has since been a minor player in the region.",
        "Islamic Movement of Uzbekistan",
        "The Islamic Movement",
        True,
    ),
    (
        "Abu al-Husayn al-Husayni al-Qurashi was named as the new leader. "
        "Abu al-Husayn was killed months later in Idlib.",
        "Abu al-Husayn al-Husayni al-Qurashi",
        "Abu al-Husayn",
        True,
    ),
    # negative: two people share the surname, so the surname alone names neither
    (
        "Police arrested Ahmed Qadiri in Mombasa. A second suspect, Yusuf Qadiri, was held "
        "in Nairobi. Qadiri told the court he was innocent.",
        "Yusuf Qadiri",
        "Qadiri",
        False,
    ),
    # negative: the document defines the acronym for something else than the group
    (
        "The Australian Defence Force (ADF) sent trainers to Manila. "
        "ADF officers met their hosts on Monday.",
        "Australian Defence Force",
        "ADF",
        True,
    ),
]


@pytest.mark.parametrize(("text", "full", "short", "same"), CASES)
def test_short_form_follows_the_full_name(
    analyzer: Analyzer, text: str, full: str, short: str, same: bool
) -> None:
    found = _linked(analyzer, text)
    full_id = _entity_at(found, text, full, last=False)
    short_id = _entity_at(found, text, short, last=True)
    assert full_id is not None
    assert (short_id == full_id) is same


def test_acronym_defined_for_something_else_is_not_the_curated_group(analyzer: Analyzer) -> None:
    text = "The Australian Defence Force (ADF) sent trainers to Manila. ADF officers met them."
    found = _linked(analyzer, text)
    assert _entity_at(found, text, "ADF", last=True) != "kb:adf"
