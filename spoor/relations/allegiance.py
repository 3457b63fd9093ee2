"""Pledges of allegiance seen from the side that receives them: "the Islamic State accepted
the pledge of Boko Haram", "ISKP, whose pledge the Islamic State accepted in 2015", "IS
welcomed the bay'ah of militants in Pakistan". The pledger is the owner of the pledge (a
possessive, "of" or "from"); the accepting group is the one pledged to.

A pledge to a person ("swore allegiance to Abu Bakr al-Baghdadi") is a pledge to the group
that person led: the stage looks the person up among the document's leaders, then in the
knowledge base's curated tenures (:func:`led_by_curated`)."""

from __future__ import annotations

import dataclasses
import functools

from spacy.tokens import Token

from spoor.records import Mention
from spoor.relations.arguments import Candidate, agents, is_passive
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import Arg, SentenceView


def accepted_pledge_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`pledged_allegiance_to` read from a verb of acceptance whose object is a pledge."""
    spec = lexicon.pledge_acceptance
    verbs = frozenset(spec.get("verbs", ()))
    nouns = frozenset(spec.get("nouns", ()))
    found: list[Candidate] = []
    for verb in view.sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        role = "nsubjpass" if is_passive(verb) else "dobj"
        pledges = [c for c in verb.children if c.dep_ == role and c.lemma_.lower() in nouns]
        if not pledges:
            continue
        receivers = agents(verb, view, lexicon)
        for pledge in pledges:
            for pledger in _pledgers(pledge, view):
                for receiver in receivers:
                    found.append(Candidate(pledger, "pledged_allegiance_to", verb, receiver))
    return found


def _pledgers(pledge: Token, view: SentenceView) -> list[Arg]:
    """Who made a pledge: "Boko Haram's pledge", "the pledge of the IMU", "the pledge of
    allegiance from militants in Pakistan", "ISKP, whose pledge ..."."""
    found: list[Arg] = []
    for child in pledge.children:
        if child.dep_ == "poss" and child.lower_ == "whose":
            relative = child.head
            while relative.dep_ != "relcl" and relative.head.i != relative.i:
                relative = relative.head
            if relative.dep_ == "relcl":
                found += view.args(relative.head)
    found += view.owner(pledge)
    hosts = [pledge, *(p for c in pledge.children if c.dep_ == "prep" for p in c.children)]
    # "the pledge of allegiance of Boko Haram": the owner of "allegiance"
    found += [
        a for h in hosts[1:] if h.lemma_.lower() in ("allegiance", "loyalty") for a in view.owner(h)
    ]
    for host in hosts:
        for prep in host.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
                found += [a for p in prep.children if p.dep_ == "pobj" for a in view.args(p)]
    seen: set[int] = set()
    unique = []
    for arg in found:
        if id(arg.mention) not in seen:
            seen.add(id(arg.mention))
            unique.append(arg)
    return unique


def led_by_curated(person: Mention) -> Mention | None:
    """The one organisation the knowledge base says ``person`` led, as a mention at the
    person's place in the text; None for an unknown person or one with several tenures."""
    groups = _curated_leaderships().get(person.entity_id or "")
    if groups is None or len(groups) != 1:
        return None
    entity_id, entity_type = groups[0]
    return dataclasses.replace(person, entity_id=entity_id, entity_type=entity_type)


@functools.cache
def _curated_leaderships() -> dict[str, list[tuple[str, str]]]:
    """Curated person id -> [(organisation id, type)], from the knowledge base's tenures."""
    from spoor.kb import load_kb  # the knowledge base is loaded only when a pledge needs it

    kb = load_kb()
    led: dict[str, list[tuple[str, str]]] = {}
    for actor in kb.actors.values():
        for tenure in actor.leader_of:
            group = kb.actors.get(tenure.actor_id)
            if group is not None:
                led.setdefault(f"kb:{actor.id}", []).append((f"kb:{group.id}", group.type))
    return led
