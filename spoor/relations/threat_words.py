"""Threats made in words: "ISKP warned that Pakistan would face further attacks", "warned
Kenya of more attacks", "threatened France with attacks", "vowed revenge against the
Taliban". The warner is the group (`threatens`); the one told to expect violence is the
object. Words live in relations.yaml (warnings:)."""

from __future__ import annotations

from spacy.tokens import Token

from spoor.relations.arguments import Candidate, agents, pobjs_of
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import Arg, SentenceView


def warning_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    spec = lexicon.warnings
    verbs = spec.get("verbs", frozenset())
    found: list[Candidate] = []
    for verb in view.sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        targets = _told_to_expect(verb, view, spec) + _warned_of(verb, view, spec)
        if not targets:
            continue
        found += _threats_by(verb, targets, view, lexicon)
    for verb in view.sent:
        if verb.pos_ == "VERB" and verb.lemma_.lower() in spec.get("naming_verbs", frozenset()):
            found += _threats_by(verb, _named_target(verb, view), view, lexicon)
    return found


def _threats_by(
    verb: Token, targets: list[Arg], view: SentenceView, lexicon: Lexicon
) -> list[Candidate]:
    if not targets:
        return []
    # "The Islamic State named France as ...": the parser may read "named" as a participle
    # of the group's name
    doers = view.args(verb.head) if verb.dep_ == "acl" else agents(verb, view, lexicon)
    return [
        Candidate(group, "threatens", verb, target, attributes={"intent": True})
        for group in doers
        for target in targets
        if target.mention is not group.mention
    ]


def _named_target(verb: Token, view: SentenceView) -> list[Arg]:
    """ "named France as a priority target", "declared the Taliban a legitimate target":
    what the group calls a target."""
    # the parser reads the one named as object, or as a predicate of "named" ("oprd")
    objects = [c for c in verb.children if c.dep_ in ("dobj", "oprd")]
    called = [p for p in pobjs_of(verb, frozenset({"as"})) if p.lemma_.lower() == "target"]
    called += [c for o in objects for c in (o, *o.children) if c.lemma_.lower() == "target"]
    # "declared the Taliban a legitimate target": a small clause headed by "target"
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.lemma_.lower() == "target"]
    objects += [s for c in clauses for s in c.children if s.dep_ == "nsubj"]
    if not called and not clauses:
        return []
    return [a for o in objects if o.lemma_.lower() != "target" for a in view.args(o)]


def _violent(noun: Token, spec: dict[str, frozenset[str]]) -> bool:
    return noun.lemma_.lower() in spec.get("nouns", frozenset())


def _told_to_expect(verb: Token, view: SentenceView, spec: dict[str, frozenset[str]]) -> list[Arg]:
    """ "warned that Pakistan would face further attacks": the subject of the clause that
    faces the violence."""
    found: list[Arg] = []
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if clause.lemma_.lower() not in spec.get("expect_verbs", frozenset()):
            continue
        if not any(c.dep_ == "dobj" and _violent(c, spec) for c in clause.children):
            continue
        found += [a for c in clause.children if c.dep_ == "nsubj" for a in view.args(c)]
    return found


def _warned_of(verb: Token, view: SentenceView, spec: dict[str, frozenset[str]]) -> list[Arg]:
    """ "warned Kenya of more attacks", "threatened France with attacks", "vowed revenge
    against the Taliban" (the violence named after "against" or "on")."""
    found: list[Arg] = []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if any(_violent(p, spec) for p in pobjs_of(verb, frozenset({"of", "with"}))):
        found += [a for o in objects for a in view.args(o)]
    for violence in (o for o in objects if _violent(o, spec)):
        for pobj in pobjs_of(violence, frozenset({"against", "on", "upon"})):
            found += view.args(pobj)
    return found
