"""A small store built by hand (no model) for report, web and browser tests.

It holds a group with a footprint in two countries and three provinces over
several years, a leader, a media outlet, propaganda languages, an enemy, and
documents whose text, title and quotes carry hostile markup: a report or page
that shows them must show them as text and run nothing.
"""

from __future__ import annotations

from pathlib import Path

from spoor.records import Document, Entity, Evidence, Extraction, Fact, Mention, Place, TimeSpan
from spoor.store import Store

# Markup that runs script if a page ever inserts it unescaped.
HOSTILE = (
    '<script>window.__pwned = "script";</script>'
    '<img src="x" onerror="window.__pwned = \'onerror\'">'
    '"><svg onload="window.__pwned = \'svg\'">'
)


def _place(
    pid: str, name: str, lat: float, lon: float, cc: str, admin1: str | None, code: str
) -> Place:
    return Place(pid, name, lat, lon, cc, admin1, "A", code, 2, "test")


KUNAR = _place("iso:AF-KNR", "Kunar", 34.95, 71.13, "AF", "Kunar", "ADM1")
NANGARHAR = _place("iso:AF-NAN", "Nangarhar", 34.22, 70.38, "AF", "Nangarhar", "ADM1")
ACHIN = _place("curated:achin", "Achin", 34.13, 70.7, "AF", "Nangarhar", "ADM2")
BAJAUR = _place("curated:bajaur", "Bajaur", 34.78, 71.52, "PK", "Khyber Pakhtunkhwa", "ADM2")
TAJIKISTAN = _place("geonames:1220409", "Tajikistan", 39.0, 71.0, "TJ", None, "PCLI")

ISKP = Entity(
    "kb:iskp",
    "Islamic State Khorasan Province",
    "armed_group",
    ["ISKP", "ISIS-K", "Вилаят Хорасан"],
    "Q19950647",
    True,
)
TALIBAN = Entity("kb:taliban", "Taliban", "armed_group", ["Islamic Emirate"], None, True)
LEADER = Entity("kb:leader", "Shahab al-Muhajir", "person", [], None, True)
OUTLET = Entity("kb:azaim", "Al-Azaim Foundation", "media_outlet", ["Al-Azaim"], None, True)
PASHTO = Entity("kb:lang-ps", "Pashto", "language", [], None, True)
UZBEK = Entity("kb:lang-uz", "Uzbek", "language", [], None, True)
# Two records of one person, for merge tests.
DUPLICATES = [
    Entity("kb:dup-a", "Abu Example", "person", [], None, True),
    Entity("kb:dup-b", "Abu Exemple", "person", [], None, True),
]
HOSTILE_ENTITY = Entity("ent:hostile", "Front " + HOSTILE, "armed_group", [HOSTILE], None, False)
PLACE_ENTITIES = [
    Entity(p.id, p.name, "province" if p.feature_code == "ADM1" else "district", place=p)
    for p in (KUNAR, NANGARHAR, ACHIN, BAJAUR)
] + [Entity(TAJIKISTAN.id, TAJIKISTAN.name, "country", place=TAJIKISTAN)]

# (doc id, published, source, title, sentences)
DOCUMENTS = [
    (
        "doc-2019",
        "2019-05-02",
        "Hindu Kush Monitor",
        "ISKP in Nangarhar",
        [
            "ISKP fighters held villages in Achin district.",
            "ISKP attacked Taliban posts in Nangarhar.",
        ],
    ),
    (
        "doc-2021",
        "2021-09-10",
        "Central Asia Wire",
        "Kunar cells",
        ["ISKP cells were active in Kunar province.", "Shahab al-Muhajir leads ISKP."],
    ),
    (
        "doc-2023",
        "2023-07-31",
        "Borderlands Review",
        "Bajaur bombing",
        ["ISKP attacked a rally in Bajaur.", "Al-Azaim Foundation is the media arm of ISKP."],
    ),
    (
        "doc-2024",
        "2024-04-10",
        "Steppe Review",
        "Uzbek output",
        [
            "Al-Azaim Foundation published videos in Uzbek.",
            "ISKP released statements in Pashto.",
            "ISKP recruits from Tajikistan, officials said.",
        ],
    ),
    (
        "doc-hostile",
        "2024-05-01",
        "Frontline " + HOSTILE,
        "Hostile " + HOSTILE,
        ["ISKP threatened Tajikistan " + HOSTILE + " in a message."],
    ),
]

# (doc id, sentence, subject, predicate, object, place, time, attributes)
FACTS = [
    ("doc-2019", 0, ISKP, "active_in", ACHIN.id, ACHIN, None, {}),
    ("doc-2019", 1, ISKP, "attacked", TALIBAN.id, NANGARHAR, TimeSpan("2019-04"), {}),
    ("doc-2021", 0, ISKP, "active_in", KUNAR.id, KUNAR, None, {}),
    ("doc-2021", 1, LEADER, "leader_of", ISKP.id, None, TimeSpan("2020-06"), {"role": "leader"}),
    (
        "doc-2023",
        0,
        ISKP,
        "attacked",
        BAJAUR.id,
        BAJAUR,
        TimeSpan("2023-07-30"),
        {"fatalities": 54},
    ),
    ("doc-2023", 1, OUTLET, "media_arm_of", ISKP.id, None, None, {}),
    (
        "doc-2024",
        0,
        OUTLET,
        "propaganda_language",
        UZBEK.id,
        None,
        TimeSpan("2024-01"),
        {"script": "Latn"},
    ),
    ("doc-2024", 1, ISKP, "propaganda_language", PASHTO.id, None, None, {"script": "Arab"}),
    ("doc-2024", 2, ISKP, "recruits_from", TAJIKISTAN.id, TAJIKISTAN, None, {}),
    ("doc-hostile", 0, ISKP, "threatens", TAJIKISTAN.id, TAJIKISTAN, None, {"note": HOSTILE}),
    ("doc-hostile", 0, HOSTILE_ENTITY, "allied_with", ISKP.id, None, None, {}),
]


def extractions(only: set[str] | None = None) -> list[Extraction]:
    """One extraction per document (all, or only the ids in ``only``)."""
    entities = [
        ISKP,
        TALIBAN,
        LEADER,
        OUTLET,
        PASHTO,
        UZBEK,
        HOSTILE_ENTITY,
        *PLACE_ENTITIES,
        *DUPLICATES,
    ]
    out = []
    for doc_id, published, source, title, sentences in DOCUMENTS:
        if only is not None and doc_id not in only:
            continue
        text = " ".join(sentences)
        doc = Document(
            doc_id, f"file:///corpus/{doc_id}.html", text, title, published, source, "en", "Latn"
        )
        facts = []
        mentions = []
        for fact_doc, index, subject, predicate, object_id, place, time, attributes in FACTS:
            if fact_doc != doc_id:
                continue
            sentence = sentences[index]
            start = text.index(sentence)
            facts.append(
                Fact(
                    subject_id=subject.id,
                    predicate=predicate,
                    object_id=object_id,
                    place=place,
                    time=time,
                    attributes=dict(attributes),
                    evidence=Evidence(
                        doc_id,
                        start,
                        start + len(sentence),
                        sentence,
                        doc.uri,
                        source,
                        hedged="officials said" in sentence,
                    ),
                )
            )
            # Mentions only make the entities "seen"; their text is the entity's name so
            # no stray alias is learnt from them.
            mentions.append(Mention(start, start + 4, subject.name, "ORG", entity_id=subject.id))
            if object_id:
                name = next(e.name for e in entities if e.id == object_id)
                mentions.append(Mention(start, start + 1, name, "ORG", entity_id=object_id))
        out.append(Extraction(document=doc, mentions=mentions, entities=entities, facts=facts))
    return out


def build_store(path: Path, only: set[str] | None = None) -> Store:
    store = Store.open(path)
    store.write_batch(extractions(only))
    return store
