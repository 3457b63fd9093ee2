"""Strength candidates: how many fighters or members a group has ("an estimated 1,500
to 2,200 fighters", "of whom ... are fighters")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from spoor.records import Quantity
from spoor.relations.arguments import Candidate, agents, only_places, pobjs_of, quantified
from spoor.relations.lexicon import Lexicon
from spoor.relations.quantities import qualifier, range_values
from spoor.relations.sentence import Arg, SentenceView

# -- strength --------------------------------------------------------------------------------


def strength_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`strength`: "ISKP has an estimated 1,500 to 2,200 fighters", "its fighters were
    estimated at around 425", "4,000 members, of whom 1,500 are fighters"."""
    spec = lexicon.strength
    found: list[Candidate] = []
    last: list[Arg] = []  # the owner of the previous count, for "of whom"
    for token in view.sent:
        if token.lemma_.lower() not in spec["units"]:
            continue
        numbers, whom = _unit_numbers(token, spec)
        values = sorted({v for c in numbers for v in range_values(c)})
        if not values or all(n.lower_ in _VAGUE_NUMBERS for n in numbers):
            continue  # "several thousand fighters" gives no number
        # "an estimated 1,500 to 2,200": the qualifier sits before the first number
        first = min(
            (t for c in numbers for t in (c, *c.children) if t.like_num),
            key=lambda t: t.i,
            default=numbers[0],
        )
        owners = (
            (last if whom == "whom" else [])
            or (view.owner(token) if whom == "estimate" else [])
            or _strength_owners(token, view, lexicon)
            or _owner_before(first, view, lexicon)
        )
        last = owners or last
        for owner in owners:
            attributes: dict[str, Any] = {"unit": token.lower_}
            attributes.update(qualifier(first))
            if len(values) > 1:
                attributes.update({"min": min(values), "max": max(values)})
            else:
                attributes["count"] = values[0]
            value = Quantity(value=min(values), type="quantity", unit=token.lower_)
            found.append(Candidate(owner, "strength", token, value=value, attributes=attributes))
            # "4,000 fighters, most of them (based) in Kunar and Nangarhar"
            for place in _unit_places(token, view):
                found.append(
                    Candidate(
                        owner,
                        "active_in",
                        token,
                        place,
                        place=place.mention.place,
                        place_args=[place],
                    )
                )
    return found


# Round number words that count nothing on their own ("several thousand", "a few hundred").
_VAGUE_NUMBERS = frozenset({"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens"})


# Words that may stand between a group's verb and its count ("has an estimated 2,000",
# "might now have as many as 4,000", "has between 4,000 and 6,000").
_COUNT_LEAD = frozenset(
    {
        "between",
        "an",
        "a",
        "estimated",
        "about",
        "around",
        "some",
        "perhaps",
        "roughly",
        "approximately",
        "nearly",
        "almost",
        "as",
        "many",
        "more",
        "than",
        "over",
        "up",
        "to",
        "at",
        "least",
        "fewer",
        "less",
        "only",
        "just",
        "now",
        "still",
        "currently",
        "probably",
        "possibly",
        "likely",
        "already",
        "reportedly",
        "not",
    }
)


# Prepositions the parser may read before a count ("estimated at 425", "number about 2,000").
_COUNT_PREPS = frozenset({"at", "about", "around", "over", "nearly", "some"})


def _unit_numbers(unit: Token, spec: dict[str, frozenset[str]]) -> tuple[list[Token], str]:
    """The number tokens counting a unit noun, and how they were found: "nummod" (2,000
    fighters), "estimate" (fighters estimated at 425) or "whom" (of whom 1,500 are)."""
    numbers = [c for c in unit.children if c.dep_ == "nummod"]
    if numbers:
        return numbers, "nummod"
    head = unit.head
    if unit.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in spec.get(
        "estimate_verbs", ()
    ):
        # "its fighters were estimated at around 425", "ISKP fighters number about 2,000"
        numbers = [p for p in pobjs_of(head, _COUNT_PREPS) if p.like_num]
        numbers += [c for c in head.children if c.dep_ in ("dobj", "attr") and c.like_num]
        return numbers, "estimate"
    if unit.dep_ == "attr" and head.lemma_ == "be":
        # "..., of whom an estimated 1,500 to 2,200 are fighters" (the parse of the relative
        # clause is often broken: read the words between "whom" and the copula)
        words = list(unit.doc[unit.sent.start : head.i])
        starts = [t.i for t in words if t.lower_ == "whom"]
        if starts:
            between = unit.doc[starts[-1] + 1 : head.i]
            if all(t.like_num or t.lower_ in _COUNT_LEAD for t in between):
                return [t for t in between if t.like_num], "whom"
    return [], ""


def _owner_before(first: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The group right before a count: "GROUP has (an estimated|between ...) N": a surface
    reading for when the parser breaks the clause ("has between 4,000 and 6,000 members")."""
    verbs = lexicon.strength["verbs"]
    owners = lexicon.signatures["strength"][0]
    seen_verb = False
    for index in range(first.i - 1, view.sent.start - 1, -1):
        token = first.doc[index]
        mention = view.mention_at(token)
        if mention is not None:
            if seen_verb and (mention.entity_type or "") in owners:
                return [Arg(mention, token)]
            return []
        if token.lemma_.lower() in verbs and token.pos_ in ("VERB", "AUX") and not seen_verb:
            seen_verb = True
        elif not (token.lower_ in _COUNT_LEAD or token.tag_ == "MD"):
            return []
    return []


def _unit_places(unit: Token, view: SentenceView) -> list[Arg]:
    places: list[Arg] = []
    holders = [unit]
    if unit.dep_ == "dobj":
        # "has 4,000 fighters, most of them based in Kunar": the parser may hang the
        # absolute clause on the verb
        holders += [
            c
            for c in unit.head.children
            if c.dep_ in ("advcl", "npadvmod")
            and any(q.dep_ == "nsubj" and quantified(q) for q in c.children)
        ]
    for token in (t for holder in holders for t in holder.subtree):
        if token.dep_ == "prep" and token.lower_ in ("in", "across", "throughout"):
            places += only_places(
                [a for p in pobjs_of(token.head, frozenset({token.lower_})) for a in view.args(p)]
            )
    return places


def _strength_owners(unit: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    spec = lexicon.strength
    current = unit
    for _ in range(4):
        if current.dep_ not in ("dobj", "pobj", "prep", "attr", "oprd", "xcomp"):
            return []
        current = current.head
        if current.lower_ == "with" and current.dep_ == "prep":
            # "ISKP, with an estimated 3,000 members", "the largest group, with 6,000 fighters"
            host = current.head
            found = view.args(host)
            if not found and host.dep_ == "attr":
                found = [a for c in host.head.children if c.dep_ == "nsubj" for a in view.args(c)]
            if not found and host.pos_ in ("VERB", "AUX"):
                found = agents(host, view, lexicon)
            return found
        if current.lemma_.lower() in spec["verbs"] and current.pos_ in ("VERB", "AUX"):
            return agents(current, view, lexicon)
        if current.lemma_.lower() in spec["nouns"]:
            return view.owner(current)
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in spec["nouns"]:
                return view.owner(child)
    return []
