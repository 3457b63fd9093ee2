"""Recruiting grounds: "the camp has become a recruiting ground for the Islamic State",
"described al-Hol as a breeding ground for the next generation of the group", "Kunar's
madrasas, a fertile recruitment pool for ISKP". The place or people described is where the
group named after "for" recruits (`recruits_from`)."""

from __future__ import annotations

from spacy.tokens import Token

from spoor.relations.arguments import Candidate, agents, only_places, patients, pobjs_of
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import Arg, SentenceView


def recruiting_ground_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    spec = lexicon.recruiting_grounds
    nouns = frozenset(spec.get("nouns", ()))
    marks = frozenset(spec.get("modifiers", ()))
    found: list[Candidate] = []
    for noun in view.sent:
        if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() not in nouns:
            continue
        if not any(
            c.dep_ in ("amod", "compound") and c.lemma_.lower() in marks for c in noun.children
        ) and not any(p.lemma_.lower() in marks for p in pobjs_of(noun, frozenset({"for"}))):
            continue
        groups = _beneficiaries(noun, view)
        for pool in _described(noun, view):
            for group in groups:
                found.append(Candidate(group, "recruits_from", noun, pool, timed=False))
    return found


def _beneficiaries(noun: Token, view: SentenceView) -> list[Arg]:
    """The armed group a ground serves: "for ISKP", "for the next generation of the group"."""
    for pobj in pobjs_of(noun, frozenset({"for"})):
        for item in pobj.subtree:
            mention = view.mention_at(item)
            if mention is not None and mention.entity_type == "armed_group":
                return [Arg(mention, item)]
    return []


def _described(noun: Token, view: SentenceView) -> list[Arg]:
    """What is called a ground: the subject of "is/has become a ground", the object of
    "described X as a ground", or the name in apposition."""
    head = noun.head
    if noun.dep_ in ("attr", "oprd", "acomp"):
        if noun.dep_ == "oprd" and head.pos_ in ("VERB", "AUX"):
            objects = patients(head, view)
            if objects:
                return objects
        return [
            a
            for c in head.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for a in _named_or_in(c, view)
        ]
    if noun.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("VERB", "AUX"):
        return patients(head.head, view)  # "described the camp as a breeding ground"
    if noun.dep_ == "appos":
        return view.args(head)
    return []


def _named_or_in(noun: Token, view: SentenceView) -> list[Arg]:
    """What a noun names, else the places it is in: "Prisons in Iraq have become a recruiting
    ground" (the prisons are no entity; their country is where the group recruits)."""
    # (a person is never a recruiting ground: "the al-Hol camp" misread as a name)
    named = [a for a in view.args(noun) if a.mention.entity_type != "person"]
    if named:
        return named
    return only_places(
        [a for p in pobjs_of(noun, frozenset({"in", "across"})) for a in view.args(p)]
    )


def member_origin_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """Who a group's people are, said with a verb of including: "al-Shabaab's fighters
    include Kenyans and Tanzanians", "ISKP counts former TTP members among its ranks", "the
    group relies on recruits from Tanzania" (`recruits_from`)."""
    spec = lexicon.recruiting_grounds
    found: list[Candidate] = []
    for verb in view.sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB":
            continue
        if lemma in spec.get("include_verbs", ()):
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not any(s.lemma_.lower() in lexicon.origin_nouns | {"rank"} for s in subjects):
                continue  # "its targets include ...": not its people
            groups = [a for s in subjects for a in view.owner(s)]
            people = [a for c in verb.children if c.dep_ == "dobj" for a in view.args(c)]
        elif lemma in spec.get("count_verbs", ()) and any(
            p.lemma_.lower() == "rank" for p in pobjs_of(verb, frozenset({"among"}))
        ):
            groups = agents(verb, view, lexicon)  # "counts X among its ranks"
            people = [a for c in verb.children if c.dep_ == "dobj" for a in view.args(c)]
        elif lemma in spec.get("reliance_verbs", ()):
            # "relies heavily on recruits from Tanzania": where the recruits come from
            groups = agents(verb, view, lexicon)
            people = [
                a
                for p in pobjs_of(verb, frozenset({"on", "upon"}))
                if p.lemma_.lower() in lexicon.origin_nouns
                for q in pobjs_of(p, frozenset({"from"}))
                for a in view.args(q)
            ]
        else:
            continue
        groups = [g for g in groups if g.mention.entity_type == "armed_group"]
        for group in groups:
            for origin in people:
                if origin.mention is not group.mention:
                    found.append(Candidate(group, "recruits_from", verb, origin, timed=False))
    return found
