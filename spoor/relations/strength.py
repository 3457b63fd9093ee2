"""Strength candidates: how many fighters or members a group has ("an estimated 1,500
to 2,200 fighters", "of whom ... are fighters")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from spoor.records import Quantity
from spoor.relations.arguments import Candidate, agents, only_places, pobjs_of, quantified
from spoor.relations.lexicon import Lexicon
from spoor.relations.quantities import qualifier, range_values
from spoor.relations.sentence import PLACE_TYPES, Arg, SentenceView

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
        numbers += _range_start(numbers)
        values = sorted({v for c in numbers for v in range_values(c)})
        if not values or all(_vague(n) for n in numbers):
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
            or _sized_owner(view, lexicon)
        )
        last = owners or last
        for owner in owners:
            found.append(_strength(owner, token, token.lower_, first, values))
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
    found += _bare_counts(view, lexicon)
    return found + _earlier_levels(view, found)


def _range_start(numbers: list[Token]) -> list[Token]:
    """The first number of a range the parser split off: in "has an estimated 1,000 to
    1,500 combatants" it may read "1,000" as the object and "to 1,500 combatants" apart."""
    if not numbers:
        return []
    first = min(numbers, key=lambda t: t.i)
    if first.i < 2 or first.doc[first.i - 1].lower_ not in ("to", "-", "and"):
        return []
    start = first.doc[first.i - 2]
    if not start.like_num or start in numbers or _year_like(start):
        return []
    return [start]


def _year_like(token: Token) -> bool:
    return token.text.isdigit() and len(token.text) == 4 and 1900 <= int(token.text) <= 2100


def _sized_owner(view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The owner of a size noun elsewhere in the sentence: "Estimates of its strength range
    from 1,500 to 2,200 fighters", "ISKP's ranks are thought to hold some 3,000 members".
    ("number" is left out: "the number of Taliban fighters killed" sizes no group.)"""
    for noun in view.sent:
        lemma = noun.lemma_.lower()
        if lemma == "number" or lemma not in lexicon.strength["nouns"] or noun.pos_ != "NOUN":
            continue
        owners = view.owner(noun)
        if not owners and noun.dep_ == "compound":
            owners = view.owner(noun.head)  # "its strength range": the parser's compound
        if owners:
            return owners
    return []


def _strength(owner: Arg, trigger: Token, unit: str, first: Token, values: list[int]) -> Candidate:
    attributes: dict[str, Any] = {"unit": unit}
    attributes.update(qualifier(first))
    if len(values) > 1:
        attributes.update({"min": min(values), "max": max(values)})
    else:
        attributes["count"] = values[0]
    value = Quantity(value=min(values), type="quantity", unit=unit)
    return Candidate(owner, "strength", trigger, value=value, attributes=attributes)


def _bare_counts(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """A count with no unit noun, of a group's people: "the ADF, numbering some 2,000",
    "the group is thought to number about 1,500", "its strength is estimated at around
    2,000", "put the group's strength at 3,000". A count with a unit noun ("number 2,000
    fighters") is read by `strength_candidates`."""
    spec = lexicon.strength
    found: list[Candidate] = []
    for verb in view.sent:
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        owners: list[Arg] = []
        if lemma in spec.get("bare_count_verbs", ()):
            # "the ADF, numbering some 2,000": the participle describes the noun it hangs on
            owners = _named_counted(verb, view, lexicon)
        elif lemma in spec["estimate_verbs"] | spec.get("change_verbs", frozenset()) | spec.get(
            "level_verbs", frozenset()
        ):
            # "its strength is estimated at around 2,000", "the group's numbers have grown to
            # 10,000", "its fighting force stood at 2,000"
            sized = [
                c
                for c in verb.children
                if c.dep_ in ("nsubj", "nsubjpass", "dobj") and _size_noun(c, spec)
            ]
            owners = [a for noun in sized for a in view.owner(noun)]
        if not owners:
            continue
        numbers = [c for c in verb.children if c.dep_ in ("dobj", "attr", "npadvmod")]
        numbers += pobjs_of(verb, _COUNT_PREPS | {"to"})
        found += _counted_by(owners, verb, numbers)
    return found + _counts_left(view, lexicon) + _strong_counts(view)


def _counts_left(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """ "it had perhaps 200 left in Afghanistan": the people a group has left."""
    found: list[Candidate] = []
    for verb in view.sent:
        if verb.lemma_.lower() != "have" or verb.pos_ not in ("VERB", "AUX"):
            continue
        numbers = [
            c
            for c in verb.children
            if c.dep_ == "dobj"
            and any(a.dep_ == "acl" and a.lemma_.lower() in _LEFT for a in c.children)
        ]
        if numbers:
            found += _counted_by(agents(verb, view, lexicon), verb, numbers)
    return found


def _held(verb: Token, spec: dict[str, frozenset[str]]) -> bool:
    """Whether a verb of being somewhere places its subject in custody ("remain in
    detention facilities", "are believed to be in prison")."""
    held = spec.get("custody_nouns", frozenset())
    return any(t.lemma_.lower() in held for t in verb.subtree if t.dep_ in ("pobj", "compound"))


def _size_noun(noun: Token, spec: dict[str, frozenset[str]]) -> bool:
    """A noun for a group's size: "strength", "ranks", "membership", or "numbers" owned by
    someone ("the group's numbers"; a bare "number" is mostly "a number of")."""
    lemma = noun.lemma_.lower()
    if lemma == "number":
        return noun.tag_ == "NNS" and any(c.dep_ == "poss" for c in noun.children)
    return lemma in spec["nouns"] or (
        lemma == "force" and any(c.lower_ == "fighting" for c in noun.children)
    )


def _named_counted(verb: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Whose people a bare count verb counts: the group named as its subject ("the group
    is thought to number about 1,500"), the noun its participle hangs on ("the ADF,
    numbering some 2,000"), or the owner of a size noun ("its ranks number 2,000"). Only a
    name or a resolved back-reference: "attacks numbered 20" counts no people."""
    if verb.dep_ == "acl":
        subjects = [verb.head]
    else:
        holder = verb.head if verb.dep_ == "xcomp" else verb
        subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
    owners: list[Arg] = []
    for subject in subjects:
        if subject.lemma_.lower() in lexicon.strength["nouns"]:
            owners += view.owner(subject)
        elif (named := view.mention_at(subject)) is not None:
            owners.append(Arg(named, subject))
    return owners


def _earlier_levels(view: SentenceView, found: list[Candidate]) -> list[Candidate]:
    """Another level of a size just given: "between 300 and 500 fighters, down from perhaps
    2,500 at its peak", "up from 1,000 in 2019" (the same group and unit)."""
    sizes = [c for c in found if c.predicate == "strength"]
    if not sizes:
        return []
    unit = str(sizes[0].attributes.get("unit", _BARE_UNIT))
    owners = list({id(c.subject.mention): c.subject for c in sizes}.values())
    earlier: list[Candidate] = []
    for word in view.sent:
        if word.lower_ in ("down", "up") and word.dep_ == "advmod":
            numbers = [p for p in pobjs_of(word, frozenset({"from"})) if p.like_num]
            earlier += _counted_by(owners, word, numbers, unit)
    return earlier


def _strong_counts(view: SentenceView) -> list[Candidate]:
    """ "the 1,500-strong ISSP", "ISKP is now about 2,000 strong": a count said of a group
    by "strong". Only a group named on the noun (not "a 300-strong ISKP unit", a part)."""
    found: list[Candidate] = []
    for word in view.sent:
        if word.lower_ != "strong" or word.pos_ != "ADJ":
            continue
        numbers = [c for c in word.children if c.dep_ in ("advmod", "npadvmod", "nummod")]
        if word.dep_ == "amod":
            named = view.mention_at(word.head)
            owners = [Arg(named, word.head)] if named is not None else []
        elif word.dep_ == "acomp":
            owners = [a for c in word.head.children if c.dep_ == "nsubj" for a in view.args(c)]
        else:
            continue
        found += _counted_by(owners, word, numbers)
    return found


def _counted_by(
    owners: list[Arg], trigger: Token, numbers: list[Token], unit: str = ""
) -> list[Candidate]:
    numbers = [n for n in numbers if n.like_num and not _vague(n)]
    values = sorted({v for n in numbers for v in range_values(n)})
    if not values:
        return []
    first = min((t for n in numbers for t in (n, *n.children) if t.like_num), key=lambda t: t.i)
    return [_strength(owner, trigger, unit or _BARE_UNIT, first, values) for owner in owners]


def _vague(number: Token) -> bool:
    """A round number word that counts nothing on its own ("several thousand"), unlike
    "two thousand"."""
    return number.lower_ in _VAGUE_NUMBERS and not any(
        c.dep_ in ("compound", "nummod") and c.like_num for c in number.children
    )


# "it had 200 left", "with some 300 remaining"
_LEFT = frozenset({"leave", "remain"})


# What a count with no unit noun counts: "numbering some 2,000" is the group's people.
_BARE_UNIT = "members"


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
    estimated = [
        c for c in unit.children if c.dep_ == "acl" and c.lemma_.lower() in spec["estimate_verbs"]
    ]
    if estimated:
        # "Its fighters, estimated at 6,000, move freely"
        numbers = [p for p in pobjs_of(estimated[0], _COUNT_PREPS) if p.like_num]
        if numbers:
            return numbers, "estimate"
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
    if unit.dep_ == "attr" and any(c.dep_ == "expl" for c in unit.head.children):
        return view.owner(unit)  # "there are an estimated 4,000 al-Shabaab fighters"
    if unit.dep_ in ("nsubj", "nsubjpass") and unit.head.lemma_.lower() in spec.get(
        "presence_verbs", ()
    ):
        # "about 2,000 ISKP fighters are believed to be in Afghanistan", "some 1,500
        # al-Shabaab militants remain in the Juba valley": how many it has there (not
        # "500 ISWAP fighters stormed Marte", a force in one attack, nor "10,000 ISIS
        # fighters remain in detention facilities", people held)
        if _held(unit.head, spec):
            return []
        return [
            a
            for a in view.owner(unit)
            if a.token.dep_ in ("compound", "poss") and a.mention.entity_type not in PLACE_TYPES
        ]
    current = unit
    for _ in range(4):
        if current.dep_ not in ("dobj", "pobj", "prep", "attr", "oprd", "xcomp"):
            return []
        previous, current = current, current.head
        if (
            previous.lower_ == "to"
            and current.lemma_.lower() in spec.get("change_verbs", ())
            and current.pos_ == "VERB"
        ):
            # "its ranks have swelled to 6,000 fighters", "had dwindled to about 200 members"
            # ("was reduced to 200 members": the passive subject is the group)
            subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects:
                return agents(current, view, lexicon)
            if subjects[0].lemma_.lower() in spec["nouns"]:
                return view.owner(subjects[0])
            return view.args(subjects[0])
        if current.lower_ == "with" and current.dep_ == "prep":
            # "ISKP, with an estimated 3,000 members", "the largest group, with 6,000 fighters"
            host = current.head
            found = view.args(host)
            if not found and host.dep_ == "attr":
                found = [a for c in host.head.children if c.dep_ == "nsubj" for a in view.args(c)]
            if not found and host.pos_ in ("VERB", "AUX"):
                found = agents(host, view, lexicon)
            return found
        if previous.lower_ == "of" and current.lemma_.lower() in spec.get("whole_nouns", ()):
            # "Ansarul Islam, a group of around 2,000 fighters": the group renamed ("fielded
            # a force of 900 men" goes on to the verb)
            if current.dep_ == "appos":
                return view.args(current.head)
            if current.dep_ == "attr":
                return [a for c in current.head.children if c.dep_ == "nsubj" for a in view.args(c)]
        if previous.lower_ == "of" and current.lemma_.lower() in spec.get("made_of_verbs", ()):
            # "is made up of about 3,000 fighters", "consists of 500 members"
            return [
                a
                for c in current.children
                if c.dep_ in ("nsubj", "nsubjpass")
                for a in view.args(c)
            ]
        if current.lemma_.lower() in spec.get("bare_count_verbs", ()) and current.pos_ == "VERB":
            # "the ADF, numbering 2,000 fighters": named on the noun or subject only (not
            # "released 40 hostages, numbering 12 men and 28 women")
            return _named_counted(current, view, lexicon)
        if current.lemma_.lower() in spec["verbs"] and current.pos_ in ("VERB", "AUX"):
            return agents(current, view, lexicon)
        if previous.lower_ == "at" and current.lemma_.lower() in spec["estimate_verbs"]:
            # "HTS is estimated at 10,000 to 15,000 fighters": the group named as subject
            named = [
                a
                for c in current.children
                if c.dep_ == "nsubjpass"  # not the estimator of "UN experts put X's strength at"
                for a in view.args(c)
                if a.mention.entity_type not in PLACE_TYPES
            ]
            if named:
                return named
        if current.lemma_.lower() in spec["nouns"]:
            return view.owner(current)
        for child in current.children:
            # "its strength is put at ...", "put the group's strength at 5,000 fighters"
            if (
                child.dep_ in ("nsubj", "nsubjpass", "dobj")
                and child.lemma_.lower() in spec["nouns"]
            ):
                return view.owner(child)
    return []
