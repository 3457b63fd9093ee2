"""Ties read from acts. Alliances from acts done together: "US forces and the SDF conducted
a partnered raid", "a joint operation by the Pakistan Army and the ISI". Parties that carry
out one operation together cooperate (`allied_with`); a joint act by a single named party
says nothing of its partner. Enmity from attacks said to recur: "ISKP has repeatedly
targeted the Taliban" makes the two enemies (`enemy_of`); a single attack does not."""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from spoor.relations.arguments import Candidate, agents
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import Arg, SentenceView


def joint_action_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`allied_with` between the doers of one act marked joint."""
    spec = lexicon.joint_actions
    marks = frozenset(spec.get("modifiers", ()))
    nouns = frozenset(spec.get("nouns", ()))
    found: list[Candidate] = []
    for noun in view.sent:
        if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() not in nouns:
            continue
        if not any(c.dep_ in ("amod", "compound") and c.lower_ in marks for c in noun.children):
            continue
        parties = _doers(noun, view, lexicon)
        for i, first in enumerate(parties):
            for second in parties[i + 1 :]:
                # the act's date is not when the partnership began
                found.append(Candidate(first, "allied_with", noun, second, timed=False))
    return found


def _doers(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The distinct parties of an act: its owners ("by X and Y"), else the subjects of the
    verb that carries it ("X and Y conducted a joint raid")."""
    found = view.owner(noun)
    if not found and noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
        found = agents(noun.head, view, lexicon)
    unique: list[Arg] = []
    for arg in found:
        if all(arg.mention.entity_id != other.mention.entity_id for other in unique):
            unique.append(arg)
    return unique


_ORGANISATIONS = frozenset(
    {"armed_group", "armed_forces", "government", "intelligence_agency", "organization"}
)


def habitual_enmity(candidates: list[Candidate], lexicon: Lexicon) -> list[Candidate]:
    """`enemy_of` between the parties of an attack said to recur ("has repeatedly targeted",
    "regularly attacks"), undated: the habit, not one attack, makes them enemies."""
    words = frozenset(lexicon.joint_actions.get("habitual_adverbs", ()))
    found: list[Candidate] = []
    for candidate in candidates:
        obj = candidate.object
        if candidate.predicate != "attacked" or obj is None:
            continue
        if candidate.subject.mention.entity_type not in _ORGANISATIONS:
            continue
        if obj.mention.entity_type not in _ORGANISATIONS or obj.proxy:
            continue  # "repeatedly attacked Taliban checkpoints" names no party attacked
        trigger = candidate.trigger
        if not any(c.dep_ == "advmod" and c.lower_ in words for c in trigger.children):
            continue
        found.append(
            dataclasses.replace(
                candidate, predicate="enemy_of", attributes={}, timed=False, place=None
            )
        )
    return found
