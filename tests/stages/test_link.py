"""Link stage: alias resolution table (tests/fixtures/alias_cases.csv) and behaviour."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from spoor.kb import KnowledgeBase, load_kb
from spoor.records import Document, Mention, Place
from spoor.stages.link import (
    FUZZY_THRESHOLD,
    KnownEntity,
    Linker,
    MemoryEntityIndex,
    new_entity_id,
)

CASES_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "alias_cases.csv"
CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def _read_cases() -> list[dict[str, str]]:
    with CASES_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CASES = _read_cases()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def linker(kb: KnowledgeBase) -> Linker:
    return Linker(kb)


def _doc(text: str) -> Document:
    return Document(id="d1", uri="file:///d1.txt", text=text)


def _run(linker: Linker, surface: str, label: str, prior: str) -> tuple[Mention, Mention | None]:
    mentions: list[Mention] = []
    text = ""
    if prior:
        prior_text, prior_label = prior.split("|")
        mentions.append(Mention(0, len(prior_text), prior_text, prior_label))
        text = prior_text + " said that "
    start = len(text)
    text += surface
    mentions.append(Mention(start, len(text), surface, label))
    linker.link(mentions, _doc(text + "."))
    return mentions[-1], (mentions[0] if prior else None)


def test_table_is_large_and_covers_three_scripts() -> None:
    assert len(CASES) >= 120
    scripts = {"Cyrl": 0, "Arab": 0, "Latn": 0}
    for case in CASES:
        first = next((ch for ch in case["surface"] if ch.isalpha()), "0")
        if "\u0400" <= first <= "\u04ff":
            scripts["Cyrl"] += 1
        elif "\u0600" <= first <= "\u06ff":
            scripts["Arab"] += 1
        else:
            scripts["Latn"] += 1
    assert min(scripts.values()) >= 20, scripts


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['surface']}|{c['label']}|{c['prior']}" for c in CASES]
)
def test_alias_case(linker: Linker, case: dict[str, str]) -> None:
    mention, prior = _run(linker, case["surface"], case["label"], case["prior"])
    expected = case["expected"]
    if case["note"].startswith("known miss"):
        # Recall gaps are measured by bench/link_bench.py; here they must not merge wrongly.
        assert mention.entity_id is None or not mention.entity_id.startswith("kb:"), case
        return
    if expected == "NONE":
        assert mention.entity_id is None, case["note"]
    elif expected == "NEW":
        assert mention.entity_id is not None and mention.entity_id.startswith("ent:"), case
        if prior is not None:
            assert mention.entity_id != prior.entity_id, case["note"]
    elif expected == "PRIOR":
        assert prior is not None and mention.entity_id == prior.entity_id, case["note"]
    else:
        assert mention.entity_id == f"kb:{expected}", case["note"]
    if mention.entity_id is not None:
        assert mention.entity_type is not None and 0 < mention.score <= 1


def test_curated_link_sets_type_and_full_score(linker: Linker) -> None:
    mention, _ = _run(linker, "Al-Azaim", "PERSON", "")
    assert (mention.entity_type, mention.score) == ("media_outlet", 1.0)


def test_new_entity_id_is_deterministic_across_documents(linker: Linker) -> None:
    first = Mention(0, 15, "Qari Example Zai", "PERSON")
    second = Mention(10, 25, "Qari Example Zai", "PERSON")
    linker.link([first], _doc("Qari Example Zai spoke."))
    linker.link([second], _doc("Yesterday, Qari Example Zai spoke again."))
    assert first.entity_id == second.entity_id == new_entity_id("person", "Qari Example Zai")
    assert first.entity_id is not None and first.entity_id.startswith("ent:")


def test_returns_each_new_entity_once_with_aliases_seen(linker: Linker) -> None:
    text = "ISKP and ISIS-K and Qari Example Zai and Zai."
    mentions = [
        Mention(0, 4, "ISKP", "armed_group", origin="ruler"),
        Mention(9, 15, "ISIS-K", "ORG"),
        Mention(20, 36, "Qari Example Zai", "PERSON"),
        Mention(41, 44, "Zai", "PERSON"),
    ]
    entities = linker.link(mentions, _doc(text))
    assert [e.id for e in entities] == [new_entity_id("person", "Qari Example Zai")]
    assert not entities[0].curated and entities[0].aliases == ["Zai"]
    assert mentions[0].entity_id == mentions[1].entity_id == "kb:iskp"
    assert mentions[3].entity_id == entities[0].id


def test_place_mentions_are_left_to_the_caller(linker: Linker) -> None:
    kunar = Place("curated:kunar", "Kunar", 34.9, 71.1, "AF")
    placed = Mention(0, 5, "Kunar", "GPE", place=kunar)
    unplaced = Mention(10, 15, "Kabul", "GPE")
    entities = linker.link([placed, unplaced], _doc("Kunar and Kabul."))
    assert placed.entity_id is None and unplaced.entity_id is None
    assert entities == []


def test_ruler_id_is_respected(linker: Linker) -> None:
    mention = Mention(0, 2, "IS", "armed_group", origin="ruler", entity_id="kb:islamic-state")
    linker.link([mention], _doc("IS claimed it."))
    assert (mention.entity_id, mention.entity_type) == ("kb:islamic-state", "armed_group")


def test_surname_two_people_share_is_left_unlinked(linker: Linker) -> None:
    text = "Hafiz Saeed Khan met Imran Example Khan; Khan left."
    mentions = [
        Mention(0, 16, "Hafiz Saeed Khan", "PERSON"),
        Mention(21, 39, "Imran Example Khan", "PERSON"),
        Mention(41, 45, "Khan", "PERSON"),
    ]
    linker.link(mentions, _doc(text))
    assert mentions[2].entity_id is None


@pytest.mark.parametrize(
    ("full", "full_label", "short", "short_label", "same"),
    [
        ("Imran Example Khan", "PERSON", "Khan", "PERSON", True),
        ("Imran Example Khan", "PERSON", "Khan", "ORG", True),  # NER's lone surname as ORG
        ("Abu Example al-Sample", "PERSON", "Abu Example", "PERSON", True),  # a kunya
        ("Example Front of Sampleland", "ORG", "Example Front", "ORG", True),
        ("Example Front for Sampleland", "ORG", "Example Front", "ORG", True),
        ("Example Front Sampleland", "ORG", "Example Front", "ORG", False),  # no "of"/"for"
        ("Example Front of Sampleland", "ORG", "Example", "ORG", False),  # one word
        ("Imran Example Khan", "PERSON", "Imran Example", "PERSON", False),  # not a kunya
    ],
)
def test_short_forms_of_a_name_given_in_full(
    linker: Linker, full: str, full_label: str, short: str, short_label: str, same: bool
) -> None:
    text = f"{full} spoke; {short} left."
    start = len(full) + 8
    mentions = [
        Mention(0, len(full), full, full_label),
        Mention(start, start + len(short), short, short_label),
    ]
    linker.link(mentions, _doc(text))
    assert mentions[0].entity_id is not None
    assert (mentions[1].entity_id == mentions[0].entity_id) is same


def test_group_short_form_shared_by_two_groups_is_not_linked(linker: Linker) -> None:
    text = "The Example Front of Northland and the Example Front of Southland; Example Front said."
    mentions = [
        Mention(text.find(name), text.find(name) + len(name), name, "ORG")
        for name in ("Example Front of Northland", "Example Front of Southland")
    ]
    start = text.rfind("Example Front")
    mentions.append(Mention(start, start + 13, "Example Front", "ORG"))
    linker.link(mentions, _doc(text))
    assert mentions[2].entity_id not in (mentions[0].entity_id, mentions[1].entity_id)


def test_acronym_of_new_long_form_in_document(linker: Linker) -> None:
    text = "The Example Liberation Front (ELF) said ELF fighters left."
    mentions = [
        Mention(4, 28, "Example Liberation Front", "ORG"),
        Mention(30, 33, "ELF", "ORG"),
    ]
    linker.link(mentions, _doc(text))
    assert mentions[1].entity_id == mentions[0].entity_id
    assert mentions[0].entity_id == new_entity_id("organization", "Example Liberation Front")


@pytest.mark.parametrize(
    ("text", "label", "expected_type"),
    [
        ("Qari Example Zai", "PERSON", "person"),
        ("Example Relief Council", "ORG", "organization"),
        ("Examplese", "NORP", "ethnic_group"),
        ("Examplish", "LANGUAGE", "language"),
        ("Example Brigade", "armed_group", "armed_group"),
    ],
)
def test_new_entity_types_follow_the_label(
    linker: Linker, text: str, label: str, expected_type: str
) -> None:
    mention = Mention(0, len(text), text, label)
    entities = linker.link([mention], _doc(text + " was named."))
    assert mention.entity_type == expected_type
    assert entities[0].type == expected_type and entities[0].name == text


@pytest.mark.parametrize(
    ("text", "label", "expected_type"),
    [
        ("Hizbul Example, a rival Islamist militia, merged.", "PERSON", "armed_group"),
        ("Ansar Example, an affiliate of the Islamic State, raided it.", "ORG", "armed_group"),
        ("Ali Example, a spokesman for the militia, said so.", "PERSON", "person"),
        ("Rights Example, a rights group, said so.", "ORG", "organization"),
    ],
)
def test_new_entity_described_as_an_armed_group(
    linker: Linker, text: str, label: str, expected_type: str
) -> None:
    # issue 4, session 4: NER types "Ansar al-Sunna" PERSON; the apposition says a group
    surface = text.split(",")[0]
    mention = Mention(0, len(surface), surface, label)
    linker.link([mention], _doc(text))
    assert mention.entity_type == expected_type
    assert mention.entity_id == new_entity_id(expected_type, surface)


def test_norp_followed_by_language_is_a_language(linker: Linker) -> None:
    mention = Mention(0, 9, "Examplish", "NORP")
    linker.link([mention], _doc("Examplish language videos."))
    assert mention.entity_type == "language"


def test_ambiguous_alias_resolved_by_parent_in_document(linker: Linker) -> None:
    # "CTD" is shared by the Punjab and Khyber Pakhtunkhwa departments.
    text = "CTD Punjab said; later CTD said."
    mentions = [Mention(0, 10, "CTD Punjab", "ORG"), Mention(23, 26, "CTD", "ORG")]
    linker.link(mentions, _doc(text))
    assert mentions[1].entity_id == "kb:ctd-punjab"


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("Al-Azaim released videos in Uzbek.", "Uzbek", "NORP", "kb:lang-uzbek"),
        ("Videos in Uzbek, Tajik and Pashto.", "Tajik", "PERSON", "kb:lang-tajik"),
        ("Subtitles: Kyrgyz-language versions.", "Kyrgyz", "NORP", "kb:lang-kyrgyz"),
        ("Recruiters approached Uzbek migrants.", "Uzbek", "NORP", "kb:uzbeks"),
        ("The CTD in Punjab arrested two men.", "CTD", "ORG", "kb:ctd-punjab"),
        ("Tajikistan's GKNB detained a suspect.", "GKNB", "ORG", "kb:gknb-tajikistan"),
        ("In Bishkek the GKNB said so.", "GKNB", "ORG", None),
    ],
)
def test_shared_alias_resolved_by_nearby_words(
    linker: Linker, text: str, surface: str, label: str, expected: str | None
) -> None:
    start = text.index(surface)
    mention = Mention(start, start + len(surface), surface, label)
    linker.link([mention], _doc(text))
    if expected is None:
        assert mention.entity_id is not None and mention.entity_id.startswith("ent:")
    else:
        assert (mention.entity_id, mention.score) == (expected, 0.8)


def test_unknown_norp_after_in_is_not_a_language(linker: Linker) -> None:
    mention = Mention(12, 20, "Examplia", "NORP")
    linker.link([mention], _doc("Arrested in Examplia yesterday."))
    assert mention.entity_type == "ethnic_group"


# ---------------------------------------------------------------- clustering across documents


def _person(linker: Linker, name: str, context: str = "") -> Mention:
    """Link ``name`` (PERSON) in a fresh document, after ``context`` (a curated name) if given."""
    mentions = []
    text = ""
    if context:
        mentions.append(Mention(0, len(context), context, "ORG"))
        text = context + " said that "
    start = len(text)
    text += name + " spoke."
    mentions.append(Mention(start, start + len(name), name, "PERSON"))
    linker.link(mentions, Document(id=name, uri=name, text=text))
    return mentions[-1]


@pytest.mark.parametrize(
    ("first", "second", "context", "joined"),
    [
        # near spelling (0.90), a curated actor named in both documents: one entity
        ("Zarif Khan Sabari", "Zareef Khan Sabiri", "ISKP", True),
        # the same without shared context: kept apart
        ("Zarif Khan Sabari", "Zareef Khan Sabiri", "", False),
        # very near spelling (0.96): no context needed
        ("Mohammad Dawood Muzammil", "Muhammad Dawud Muzamil", "", True),
        # same normalised name: one entity whatever the context
        ("Qari Fateh", "Qari Fateh", "", True),
        # a lone name never joins another document's entity
        ("Muzammil", "Muzamil", "ISKP", False),
        # different given names: the words must align one by one
        ("Abdul Wahid Shinwari", "Abdul Wahab Shinwari", "ISKP", False),
    ],
)
def test_unknown_people_cluster_across_documents(
    kb: KnowledgeBase, first: str, second: str, context: str, joined: bool
) -> None:
    linker = Linker(kb, MemoryEntityIndex())
    a = _person(linker, first, context)
    b = _person(linker, second, context)
    assert a.entity_id is not None and a.entity_id.startswith("ent:")
    assert (a.entity_id == b.entity_id) is joined
    if joined and first != second:
        assert FUZZY_THRESHOLD <= b.score < 1.0  # the match score is kept on the mention


def test_store_backed_index_joins_an_entity_of_an_earlier_run(kb: KnowledgeBase) -> None:
    earlier = KnownEntity(
        "ent:0123456789ab", "Crocus City Hall", "organization", (), frozenset({"iskp"})
    )
    linker = Linker(kb, MemoryEntityIndex([earlier]))
    text = "ISKP struck Crocus Citi Hall."
    mentions = [Mention(0, 4, "ISKP", "ORG"), Mention(12, 28, "Crocus Citi Hall", "ORG")]
    new = linker.link(mentions, Document(id="x", uri="x", text=text))
    assert mentions[1].entity_id == "ent:0123456789ab"
    assert [(e.id, e.name, e.aliases) for e in new] == [
        ("ent:0123456789ab", "Crocus City Hall", ["Crocus Citi Hall"])
    ]


def test_index_refuses_ties_and_other_types() -> None:
    index = MemoryEntityIndex(
        [
            KnownEntity("ent:a", "Abdul Rahman Khann", "person"),
            KnownEntity("ent:b", "Abdul Rahmann Khan", "person"),
            KnownEntity("ent:c", "Abdul Rahim Khan", "organization"),
        ]
    )
    assert index.match("Abdul Rahman Khan", "person", frozenset()) is None  # a tie
    assert index.match("Abdul Rahim Khaan", "person", frozenset()) is None  # org only
    found = index.match("Abdul Rahim Khaan", "organization", frozenset())
    assert found is not None and found[0].id == "ent:c"


# ---------------------------------------------------------------- the sample corpus


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """examples/corpus ingested once, through the real pipeline (spaCy, natasha, geo)."""
    import spoor

    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with spoor.open(db) as knowledge:
        report = knowledge.ingest([str(CORPUS)])
    assert report.stored >= 25
    conn = sqlite3.connect(db)
    yield conn
    conn.close()


@pytest.mark.integration
@pytest.mark.parametrize(
    ("entity_id", "spellings"),
    [
        ("kb:iskp", ["ISKP", "IS-KP", "ISIS-K", "ISK", "Islamic State Khorasan Province",
                     "Wilayat Khurasan", "Вилаят Хорасан", "ИГИЛ-Хорасан"]),
        ("kb:al-azaim", ["Al-Azaim", "Al-Azaim Foundation for Media Production"]),
        ("kb:shahab-al-muhajir", ["Sanaullah Ghafari", "Sanaullah Ghaffari",
                                  "Shahab al-Muhajir"]),
    ],
)  # fmt: skip
def test_every_spelling_in_the_corpus_lands_on_one_entity(
    corpus_store: sqlite3.Connection, entity_id: str, spellings: list[str]
) -> None:
    for spelling in spellings:
        linked = {
            row[0]
            for row in corpus_store.execute(
                "SELECT entity_id FROM mentions WHERE text = ? AND origin != 'coref'", (spelling,)
            )
        }
        assert linked == {entity_id}, spelling


@pytest.mark.integration
def test_corpus_entities_keep_the_contract_and_list_every_spelling(
    corpus_store: sqlite3.Connection,
) -> None:
    from spoor.store import Store, queries

    db = corpus_store.execute("PRAGMA database_list").fetchone()[2]
    store = Store.open(db)
    with store.engine.connect() as conn:
        rows = {row["id"]: row for row in queries.iter_entities(conn)}
    store.close()
    for row in rows.values():
        assert set(row) == {"id", "name", "type", "aliases", "wikidata", "mentions"}
    seen = {r[0] for r in corpus_store.execute(
        "SELECT DISTINCT text FROM mentions WHERE entity_id = 'kb:iskp' AND origin != 'coref'"
    )}  # fmt: skip
    iskp = rows["kb:iskp"]
    assert seen - {iskp["name"]} <= set(iskp["aliases"])
    assert "the group" not in iskp["aliases"]  # coreference is not a spelling


@pytest.mark.parametrize(
    ("surface", "label", "expected"),
    [
        # a nationality and a force noun: the curated force named by that nationality
        ("Kenyan security forces", "armed_forces", "kb:kdf"),
        ("Pakistani special forces", "armed_forces", "kb:pakistan-army"),
        ("Pakistani aircraft", "armed_forces", "kb:pakistan-air-force"),
        ("Ugandan forces", "armed_forces", "kb:updf"),
        ("Nigerien soldiers", "armed_forces", "kb:niger-armed-forces"),
        ("Kenyan police", "armed_forces", "kb:kenya-police"),
        ("Nigerian government", "government", "kb:government-of-nigeria"),
        ("Taliban's intelligence service", "intelligence_agency", "kb:taliban-gdi"),
        # the first head that names one force decides: the ANDSF before the Afghan army
        ("Afghan soldiers", "armed_forces", "kb:andsf"),
        # a nationality alone as the doer of an operation
        ("Afghan", "armed_forces", "kb:andsf"),
        # no curated force: a new entity of the phrase's type, under its own words
        ("German police", "armed_forces", new_entity_id("armed_forces", "German police")),
        ("Ghanaian government", "government", new_entity_id("government", "Ghanaian government")),
        # a nationality differing by a letter is another country, never a fuzzy match
        ("Nigerien government", "ORG", "kb:government-of-niger"),
        ("Nigerien police", "armed_forces", new_entity_id("armed_forces", "Nigerien police")),
        # forces and governments of the Sahel, Horn and Great Lakes (KB session 2)
        ("Malian soldiers", "armed_forces", "kb:malian-armed-forces"),
        ("Malian government", "government", "kb:government-of-mali"),
        ("Burkinabe troops", "armed_forces", "kb:burkina-faso-armed-forces"),
        ("Congolese soldiers", "armed_forces", "kb:fardc"),
        ("Somali intelligence", "intelligence_agency", "kb:somalia-nisa"),
        # a group's own forces stay the group
        ("Taliban forces", "ORG", "kb:taliban"),
    ],
)
def test_state_forces_link_by_nationality(
    linker: Linker, surface: str, label: str, expected: str
) -> None:
    mention, _ = _run(linker, surface, label, "")
    assert mention.entity_id == expected
