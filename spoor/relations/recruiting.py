"""Recruiting grounds: "the camp has become a recruiting ground for the Islamic State",
"described al-Hol as a breeding ground for the next generation of the group", "Kunar's
madrasas, a fertile recruitment pool for ISKP". The place or people described is where the
group named after "for" recruits (`recruits_from`)."""

from __future__ import annotations

from spacy.tokens import Token

from spoor.relations.arguments import Candidate, patients, pobjs_of
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
        return [a for c in head.children if c.dep_ in ("nsubj", "nsubjpass") for a in view.args(c)]
    if noun.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("VERB", "AUX"):
        return patients(head.head, view)  # "described the camp as a breeding ground"
    if noun.dep_ == "appos":
        return view.args(head)
    return []
