"""Mentions in Russian documents: natasha's NER, dictionary forms, and the same linker (issue 3).

natasha is loaded once for the module (about a second); the geoparser is a stand-in that
knows one city, so these tests read no gazetteer.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.tokens import Doc, Span

from spoor.kb import KnowledgeBase, load_kb
from spoor.records import Document, Mention, Place
from spoor.stages import mentions
from spoor.stages.link import Linker

KABUL = Place("geonames:1138958", "Kabul", 34.5, 69.2, "AF", feature_code="PPLC")


class OneCityGeoparser:
    """Resolves "Кабул" (as a whole text or a LOC span) and nothing else."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def geoparse(self, text: str, ner_spans: Sequence[tuple[int, int, str]] = ()) -> list[Mention]:
        self.calls.append(text)
        at = text.find("Кабул")
        if at < 0 or text[at : at + 6] == "Кабуле":
            return []  # the inflected form is not in the gazetteer
        return [Mention(at, at + 5, "Кабул", "city", origin="gazetteer", place=KABUL)]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("ru")


def _russian(text: str) -> Document:
    return Document(id="ru1", uri="file:///ru1.txt", text=text, lang="ru")


def _find(blank: spacy.language.Language, kb: KnowledgeBase, text: str) -> list[Mention]:
    document = _russian(text)
    found = mentions.find_mentions(blank(text), document, OneCityGeoparser(), frozenset(), kb)
    Linker(kb).link(found, document)
    return found


def _by_text(found: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in found}


def test_natasha_is_loaded_once_per_process() -> None:
    assert mentions.natasha() is mentions.natasha()


@pytest.mark.parametrize(
    ("text", "surface", "normal", "entity_id"),
    [
        ("Ответственность взяли боевики Вилаята Хорасан.", "Вилаята Хорасан", "Вилаят Хорасан",
         "kb:iskp"),
        ("Эксперты пишут о вербовке со стороны ИГИЛ-Хорасан.", "ИГИЛ-Хорасан", "ИГИЛ-Хорасан",
         "kb:iskp"),
        ("Группировку возглавляет Санаулла Гафари.", "Санаулла Гафари", "Санаулла Гафари",
         "kb:shahab-al-muhajir"),
    ],
)  # fmt: skip
def test_inflected_names_link_through_their_dictionary_form(
    blank: spacy.language.Language,
    kb: KnowledgeBase,
    text: str,
    surface: str,
    normal: str,
    entity_id: str,
) -> None:
    mention = _by_text(_find(blank, kb, text))[surface]
    assert mention.normal == normal
    assert mention.entity_id == entity_id
    assert text[mention.start : mention.end] == surface  # offsets stay on the surface


def test_inflected_place_is_looked_up_under_its_dictionary_form(
    blank: spacy.language.Language, kb: KnowledgeBase
) -> None:
    found = _find(blank, kb, "Взрыв произошёл в Кабуле в августе.")
    kabul = _by_text(found)["Кабуле"]
    assert kabul.place == KABUL and kabul.entity_id == KABUL.id and kabul.normal == "Кабул"


def test_unknown_russian_name_becomes_one_entity_under_its_dictionary_form(
    blank: spacy.language.Language, kb: KnowledgeBase
) -> None:
    first = _by_text(_find(blank, kb, "Следственный комитет России начал проверку."))
    second = _by_text(_find(blank, kb, "Проверку ведёт Следственный комитет."))
    a, b = first["Следственный комитет"], second["Следственный комитет"]
    assert a.entity_id == b.entity_id and a.entity_id is not None
    assert a.entity_id.startswith("ent:")


def test_curated_ruler_span_wins_over_an_overlapping_natasha_span(
    kb: KnowledgeBase, blank: spacy.language.Language
) -> None:
    text = "Боевики ИГИЛ-Хорасан напали."
    sdoc: Doc = blank(text)
    sdoc.ents = [Span(sdoc, 1, 4, label="armed_group", span_id="iskp")]
    document = _russian(text)
    types = frozenset(kb.ontology.entity_types)
    found = mentions.find_mentions(sdoc, document, OneCityGeoparser(), types, kb)
    assert [(m.text, m.origin, m.entity_id) for m in found] == [
        ("ИГИЛ-Хорасан", "ruler", "kb:iskp")
    ]


def test_english_documents_do_not_load_natasha_spans(
    kb: KnowledgeBase, blank: spacy.language.Language
) -> None:
    text = "Вилаят Хорасан"
    document = Document(id="en1", uri="file:///en1.txt", text=text, lang="en")
    found = mentions.find_mentions(blank(text), document, OneCityGeoparser(), frozenset(), kb)
    assert all(m.normal is None for m in found)


def test_knows_name_covers_every_script_and_not_places(kb: KnowledgeBase) -> None:
    assert kb.knows_name("Вилаят Хорасан") and kb.knows_name("ISKP")
    assert not kb.knows_name("Кабул")


@pytest.fixture(scope="module")
def english_ruler(kb: KnowledgeBase) -> spacy.language.Language:
    """A blank English pipeline with only the knowledge-base ruler (no statistical model)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(kb.ruler_patterns())  # type: ignore[attr-defined]
    return nlp


@pytest.mark.parametrize(
    ("text", "surface", "entity_id"),
    [
        ("Islamic State-Khorasan claimed it.", "Islamic State-Khorasan", "kb:iskp"),
        ("Islamic State–Khorasan claimed it.", "Islamic State–Khorasan", "kb:iskp"),
        # two names joined by a dash that make no curated name stay two mentions
        ("Taliban-ISKP clashes went on.", "Taliban", "kb:taliban"),
    ],
)
def test_curated_names_joined_by_a_dash_are_read_as_one_name(
    english_ruler: spacy.language.Language,
    kb: KnowledgeBase,
    text: str,
    surface: str,
    entity_id: str,
) -> None:
    document = Document(id="en2", uri="file:///en2.txt", text=text, lang="en")
    types = frozenset(kb.ontology.entity_types)
    found = mentions.find_mentions(english_ruler(text), document, OneCityGeoparser(), types, kb)
    Linker(kb).link(found, document)
    assert _by_text(found)[surface].entity_id == entity_id
