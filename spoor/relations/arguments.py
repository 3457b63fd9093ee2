"""Arguments of a trigger in one sentence: who did it, to whom, and the candidate record.

The English grammar every family of candidates shares: subjects and objects of active and
passive verbs, owners of event nouns, relative clauses, raising, "with" phrases, light
verbs ("claimed the bombing"). Which words mean what is data (spoor/kb/lexicons/).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from spoor.records import Mention, Place, Quantity, TimeSpan
from spoor.relations.lexicon import Lexicon
from spoor.relations.quantities import parse_count
from spoor.relations.sentence import PLACE_TYPES, Arg, SentenceView

RELATIVE = frozenset({"that", "which", "who", "whom"})


@dataclass(slots=True)
class Candidate:
    """A fact before typing, modality and evidence are settled."""

    subject: Arg
    predicate: str
    trigger: Token
    object: Arg | None = None
    value: Quantity | None = None
    place: Place | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    # the mentions naming the places where it happened ("in Lamu and Garissa counties")
    place_args: list[Arg] = field(default_factory=list)
    local: bool = False  # modality scoped to the trigger (appositions, titles)
    timed: bool = True  # whether dates in the trigger's clause date the fact
    # other clause heads whose dates date the fact ("announced on Monday ... and named X")
    time_from: tuple[Token, ...] = ()
    # an attack whose doer is not named ("Gunmen stormed the hall"): not a fact, but what a
    # later "the group claimed the attack" refers to; `subject` then repeats the object
    unclaimed: bool = False
    # a doer of a definite event with no target ("X claimed the attack", "blamed X"): the
    # target is that of the attack last reported
    refers_back: bool = False
    time: TimeSpan | None = None  # the event's time when another sentence stated it
    # an event whose doer is that of the attack last reported ("killed in the fighting");
    # `subject` repeats the object until the stage fills it in
    doer_back: bool = False
    # a footprint read from an event ("arrested in Kandahar, officials said on Saturday")
    # is dated like the event
    event_time: bool = False
    # the trigger itself denies the relation ("broke with al-Qaeda"): the fact is negated
    # (a negated trigger, "never broke with", gives no fact)
    negated: bool = False
    # a denial of a charge ("the group rejected the accusation"): a `refers_back` part in
    # the attack last reported, kept only for a party already blamed for it
    charged: bool = False
    # a `refers_back` that may only name an attack earlier in its own sentence ("a bomber
    # killed six people in Kandahar, officials said, in an attack claimed by IS")
    same_sentence: bool = False


def presence(
    group: Arg, trigger: Token, place: Arg, *, timed: bool = True, event_time: bool = False
) -> Candidate:
    """``group`` is active in ``place``: the place is both the object and where it holds.

    ``timed=False`` for a description ("the Pakistan-based X", "its branch in Y"), whose
    clause dates what the sentence reports, not the presence; ``event_time`` for a presence
    read from an event, dated like the event.
    """
    return Candidate(
        group,
        "active_in",
        trigger,
        place,
        place=place.mention.place,
        place_args=[place],
        timed=timed,
        event_time=event_time,
    )


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def pobjs_of(token: Token, preps: frozenset[str] | None = None) -> list[Token]:
    found: list[Token] = []
    for child in token.children:
        if child.dep_ not in ("prep", "agent"):
            continue
        # "from X and among Y": the second preposition is a conjunct of the first; "at X
        # rather than in Y" is a contrast, not a list
        contrast = any(c.dep_ == "cc" and c.lower_ in ("than", "not") for c in child.children)
        listed = [] if contrast else [c for c in child.conjuncts if c.pos_ == "ADP"]
        for prep in (child, *listed):
            if preps is None or prep.lower_ in preps:
                found.extend(c for c in prep.children if c.dep_ == "pobj")
    return found


def _charged_with(verb: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Whom a charge names as the doer of its noun: "convicted X of membership in
    al-Shabaab", "X was accused of membership of ISKP"."""
    if verb.dep_ in ("dobj", "nsubjpass") and verb.head.lemma_.lower() in lexicon.charge_verbs:
        return view.args(verb)  # the parser hangs "of membership" on the person charged
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in lexicon.charge_verbs:
        return []
    role = "nsubjpass" if is_passive(verb) else "dobj"
    return [a for c in verb.children if c.dep_ == role for a in view.args(c)]


def agents(token: Token, view: SentenceView, lexicon: Lexicon, depth: int = 0) -> list[Arg]:
    """The doer of a trigger (verb, adjective or noun)."""
    if depth > 3:
        return []
    if token.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "nsubj" for c in token.children):
        found = view.owner(token)
        if token.dep_ == "attr" or (token.dep_ == "pobj" and token.head.lower_ == "as"):
            # "described X as part of Khorasan", "are citizens of Tajikistan": the place
            # owner is not the doer
            found = [
                a
                for a in found
                if a.mention.entity_type not in PLACE_TYPES
                and a.mention.entity_type != "ethnic_group"
            ]
        first = _first_conjunct(token)  # "has cells in X and a presence in Y"
        if (
            not found
            and first.dep_ == "dobj"
            and (first.head.lemma_.lower() in lexicon.possession_verbs)
        ):
            found = agents(first.head, view, lexicon, depth + 1)
        if (
            not found
            and token.dep_ == "pobj"
            and token.head.lower_ == "with"
            and token.head.head.pos_ in ("VERB", "AUX")
        ):
            # "publishes mainly in Uyghur, with some material in Arabic": the verb's doer
            found = agents(token.head.head, view, lexicon, depth + 1)
        if not found and token.dep_ == "attr":  # "ISKP is the most serious threat in ..."
            found = [
                a
                for c in token.head.children
                if c.dep_ == "nsubj"
                # "most of the ISKP fighters held were Tajik nationals"
                for a in view.args(c) or [a for q in quantified(c) for a in view.args(q)]
            ]
            copula = token.head
            if not found and copula.dep_ == "xcomp" and is_passive(copula.head):
                # raising: "ISKP is assessed to be the most serious threat in Afghanistan"
                found = [
                    a for c in copula.head.children if c.dep_ == "nsubjpass" for a in view.args(c)
                ]
        if not found and token.dep_ == "pobj" and token.head.lower_ == "with":
            found = with_owner(token.head.head, view, lexicon, depth)
        if not found and token.dep_ == "pobj" and token.head.lower_ == "as":
            found = _described_as(token.head.head, view, lexicon, depth)
        if not found and token.dep_ == "pobj" and token.head.lower_ == "of":
            found = _charged_with(token.head.head, view, lexicon)
        implied = next((m for m in view.implied if m.start == token.idx), None)
        if implied is not None:
            # "Sympathisers in Kazakhstan", "Tajik sympathisers": the report's group's
            found = [
                a
                for a in found
                if a.mention.entity_type not in PLACE_TYPES
                and a.mention.entity_type != "ethnic_group"
            ] or [Arg(implied, token)]
        return found
    if token.pos_ == "ADJ":
        head = token.head
        if (
            token.dep_ in ("amod", "acl")
            and lexicon.relation_nouns.get(head.lemma_.lower()) == "affiliate_of"
        ):
            # "the Taliban faction closest to al-Qaeda": the faction, not the Taliban, is
            # close; only a faction that renames a name stands for it
            renamed = view.entity_of(head) if head.dep_ == "appos" else None
            return [renamed] if renamed is not None and not renamed.proxy else []
        return agents(head, view, lexicon, depth + 1) if head.i != token.i else []
    if is_passive(token):
        found = [a for pobj in pobjs_of(token, frozenset({"by"})) for a in view.args(pobj)]
        if not found:  # "was killed in a US drone strike"
            for pobj in pobjs_of(token, frozenset({"in", "during", "by"})):
                if pobj.lemma_.lower() in lexicon.instrument_nouns:
                    found.extend(view.args(pobj))
                    found.extend(_listed_owners(pobj, found, view))
                    # "was killed in clashes with HTS": the other side did it
                    found.extend(
                        a
                        for other in pobjs_of(pobj, frozenset({"with"}))
                        for a in view.args(other)
                        if a.mention.entity_type not in PLACE_TYPES
                    )
        if not found:  # "the ambush by ISKP, in which four soldiers were killed"
            found = _relative_event_agents(token, view, lexicon, depth)
        if not found and token.dep_ == "conj" and is_passive(token.head):
            # "... in which 44 were killed and 166 were detained": the doer they share
            found = agents(token.head, view, lexicon, depth + 1)
        return found
    head = token.head
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    for child in subjects:
        if child.lower_ in RELATIVE and token.dep_ == "relcl":
            return view.args(token.head) or _relative_event_agents(token, view, lexicon, depth)
        # "dozens of Afghan nationals travelled ...": the counted noun
        found = view.args(child) or [a for q in quantified(child) for a in view.args(q)]
        if not found and child.lower_ == "they":
            found = clause_subject(token, child, view)
        if not found and child.lower_ == "it" and token.dep_ == "conj":
            # "It is active in Mali, and it has expanded towards Benin": the same subject
            found = agents(head, view, lexicon, depth + 1)
        if not found and token.dep_ == "pcomp" and head.lower_ == "with":
            # "..., with senior figures living in Kabul"
            found = with_owner(head.head, view, lexicon, depth)
        if found:
            return found
    if subjects:
        # the parser split "The weekly newsletter al-Naba" into several subjects: the first
        # that names something is the doer
        return []
    if (
        token.dep_ == "pcomp"
        and token.tag_ == "VBG"
        and head.dep_ == "prep"
        and head.lower_ != "of"
    ):
        # "renamed itself after pledging allegiance": the main clause's subject ("suspected
        # of plotting" names its suspect instead, below)
        verb = head.head
        if verb.pos_ in ("VERB", "AUX"):
            return agents(verb, view, lexicon, depth + 1)
    if (
        token.dep_ == "acl"
        and token.tag_ == "VB"
        and (head.lemma_.lower() in lexicon.decision_nouns)
    ):
        # "the IMU's decision to pledge allegiance": the decision's owner does it
        return view.owner(head)
    plotters = [a for p in _plans_of(token, lexicon) for a in view.owner(p)]
    if plotters:
        # "foiled an ISKP plot to bomb a rally" (the parser may hang the clause on the
        # verb): the plot's owner would do it, not whoever foiled it
        return plotters
    plan = planned_by(token, lexicon)
    if plan is not None:
        # "foiled an ISKP plot to attack a synagogue": the plot's owner, not the foiler
        return view.owner(plan)
    if token.dep_ == "xcomp" and is_passive(head):
        # raising: "ISKP is believed to have cells": the subject of "believed" is the doer
        return [a for c in head.children if c.dep_ == "nsubjpass" for a in view.args(c)]
    if token.dep_ == "advcl" and token.tag_ == "VBG" and head.pos_ in ("VERB", "AUX"):
        # "stormed the airfield, killing one soldier": the doer of the main verb
        return agents(head, view, lexicon, depth + 1)
    if token.dep_ == "conj" and is_passive(head):
        # "ISKP was founded in 2015 and operates in Kunar": the shared subject
        return [a for c in head.children if c.dep_ == "nsubjpass" for a in view.args(c)]
    if token.dep_ in ("xcomp", "conj") and head.pos_ in ("VERB", "AUX"):
        return agents(head, view, lexicon, depth + 1)
    if token.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        # "ISKP is determined to strike Europe": the subject of the adjective's clause
        return agents(head, view, lexicon, depth + 1)
    if (
        token.dep_ == "advcl"
        and head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    ):
        # a purpose clause: "travelled to Syria to join ISKP": the traveller joins
        return agents(head, view, lexicon, depth + 1)
    if token.dep_ == "acl":  # "the attack carried out by ISKP"
        return [a for pobj in pobjs_of(token, frozenset({"by"})) for a in view.args(pobj)]
    if token.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "ADJ":
        # "the group could be capable of hitting Europe": the adjective's subject
        return agents(head.head, view, lexicon, depth + 1)
    if token.dep_ == "pcomp" and head.lower_ == "of" and head.head.pos_ in ("VERB", "AUX"):
        # "accuse ISKP of plotting attacks", "ISKP is suspected of planning": whom the
        # charge names
        charged = head.head
        named = [a for c in charged.children if c.dep_ == "dobj" for a in view.args(c)]
        if not named and is_passive(charged):
            named = [a for c in charged.children if c.dep_ == "nsubjpass" for a in view.args(c)]
        return named
    return []


_TIME_MARKS = frozenset({"when", "after", "once", "as"})


def clause_subject(verb: Token, pronoun: Token | None, view: SentenceView) -> list[Arg]:
    """ "When Taliban fighters took control of the prisons, they released ...": a "they"
    after a time clause is that clause's subject (with no pronoun, "inmates were freed when
    the Taliban took the prison", the clause may follow)."""
    for clause in verb.children:
        if clause.dep_ != "advcl" or (pronoun is not None and clause.i > pronoun.i):
            continue
        if not any(
            c.dep_ == "advmod" or c.dep_ == "mark"
            for c in clause.children
            if c.lower_ in _TIME_MARKS
        ):
            continue
        return [
            a
            for c in clause.children
            if c.dep_ == "nsubj"
            for a in view.args(c)
            if a.mention.entity_type not in PLACE_TYPES
        ]
    return []


def _first_conjunct(token: Token) -> Token:
    """The first of a list of nouns, which carries the list's role ("cells ... and a
    presence" are both objects of "has")."""
    while token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i < token.i:
        token = token.head
    return token


def _plans_of(verb: Token, lexicon: Lexicon) -> list[Token]:
    """The plan nouns a "to" clause belongs to when the parser hangs it on the verb that
    takes the plan: "foiled an ISKP plot to bomb a rally"."""
    if verb.dep_ not in ("advcl", "xcomp") or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        return []
    nouns = lexicon.modality["intent"]["nouns"]
    return [c for c in verb.head.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns]


def _listed_owners(noun: Token, known: list[Arg], view: SentenceView) -> list[Arg]:
    """The other owners listed before a noun: "a joint US and Afghan operation"."""
    found: list[Arg] = []
    seen = {id(a.mention) for a in known}
    for arg in known:
        if arg.token.head.i != noun.i or arg.token.dep_ not in ("compound", "nmod", "amod"):
            continue
        for conj in arg.token.conjuncts:
            mention = view.mention_at(conj)
            if mention is not None and id(mention) not in seen and conj.i < noun.i:
                seen.add(id(mention))
                found.append(Arg(mention, conj))
    return found


def with_owner(host: Token, view: SentenceView, lexicon: Lexicon, depth: int) -> list[Arg]:
    """The owner of a "with" phrase: "the group's core is in Kunar, with smaller cells
    reported in Kabul", "has a presence in Afghanistan, with senior figures living in
    Kabul": the cells and figures belong to the clause's subject (or the noun's owner)."""
    found = agents(host, view, lexicon, depth + 1)
    if not found and host.pos_ in ("VERB", "AUX") and is_passive(host):
        # "Al-Qaeda is assessed to have a presence in X, with senior figures living in Y"
        found = [a for c in host.children if c.dep_ == "nsubjpass" for a in view.args(c)]
    if not found and host.pos_ in ("VERB", "AUX"):
        # "The group's core is ...": the owner of the subject noun
        found = [
            a
            for c in host.children
            if c.dep_ == "nsubj" and c.pos_ == "NOUN"
            for a in view.owner(c)
            if a.mention.entity_type not in PLACE_TYPES
        ]
    return found


def _described_as(verb: Token, view: SentenceView, lexicon: Lexicon, depth: int) -> list[Arg]:
    """Whom an "as" phrase describes: "presents ISKP as the authority over Khorasan" (the
    object), "described itself as ..." and "described the subcontinent as part of Khorasan"
    (the describer, when the object is no group)."""
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    groups = [
        a
        for c in objects
        if c.lemma_.lower() not in ("itself", "themselves")
        for a in view.args(c)
        if a.mention.entity_type in lexicon.footprint_subjects
    ]
    return groups or agents(verb, view, lexicon, depth + 1)


def patients(token: Token, view: SentenceView) -> list[Arg]:
    """The undergoer of a verb trigger."""
    if token.pos_ not in ("VERB", "AUX"):
        return []
    wanted = "nsubjpass" if is_passive(token) else "dobj"
    undergoers = [c for c in token.children if c.dep_ == wanted]
    if len(undergoers) > 1 and not _actors(view.args(undergoers[0])):
        # "killed the governor of Balkh province, Mohammad Dawood Muzammil": the parser
        # split an apposition into a second object, which names whom
        undergoers = [u for u in undergoers[1:] if _actors(view.args(u))][:1] or undergoers
    for child in undergoers:
        if child.dep_ == wanted:
            if child.lower_ in RELATIVE and token.dep_ == "relcl":
                return view.args(token.head)
            # "controls most of Idlib province"; "killing four soldiers": the local army
            named = view.args(child)
            if token.lemma_.lower() in view.lexicon.victim_verbs and not _actors(
                [a for a in named if a.mention.entity_type != "ethnic_group"]
            ):
                # "arrested a Tajik national suspected of plotting for ISKP": held for ISKP
                tied = view.tied_group(child)
                named = [tied] if tied is not None else named
            found = (
                _attacked_side(child, token, view)
                or named
                or [a for q in quantified(child) for a in view.args(q)]
                or _local_forces(child, view)
                # "captured a number of soldiers", "killed dozens of soldiers"
                or [a for q in _counted(child, view.lexicon) for a in _local_forces(q, view)]
                or _people_from(child, token, view)
                or _held_for(child, token, view)
                or _among(child, token, view)
            )
            sibling = sibling_victim_verb(token, view.lexicon)
            if sibling is None and child.like_num and token.dep_ == "conj":
                sibling = token.head
            if not found and sibling is not None and elliptical_victims(child, view.lexicon):
                # "44 ISIS members were killed and 166 were detained", "killed six ISKP
                # fighters and captured four others", "and captured dozens": the same kind
                # "dozens" gives no number (bench/gold/README.md, Quantities)
                count = _victim_count(child, view.lexicon) if _numbered(child) else None
                found = [
                    dataclasses.replace(a, count=count)
                    for a in patients(sibling, view)
                    if a.mention.entity_type not in PLACE_TYPES
                ]
            return found
    if token.dep_ == "relcl" and wanted == "dobj" and _object_relative(token):
        return view.args(token.head)  # "the train, which fighters had hijacked"
    if token.dep_ == "xcomp" and wanted == "nsubjpass":
        # raising: "X is reported to have been killed", "X is believed to be held"
        return [
            a for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass") for a in view.args(c)
        ]
    if token.dep_ == "acl" and token.tag_ in ("VBN", "VBD"):  # "militants killed in the raid"
        head = token.head
        found = view.args(head)
        if not found and head.dep_ == "appos":  # "the ADF, a rebel group founded in Uganda"
            found = view.args(head.head)
        return found
    if wanted == "nsubjpass" and token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX"):
        # "AQIS has 200 members and is closely tied to the Taliban": the shared subject
        return [
            a for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass") for a in view.args(c)
        ]
    return []


def elliptical_victims(noun: Token, lexicon: Lexicon) -> bool:
    """A count that leaves out whom it counts: "166 were detained", "four others", "and
    captured dozens" (no "of" phrase, no owner, no name)."""
    counts = noun.like_num or noun.lower_ in lexicon.vague_counts or noun.lemma_ == "other"
    return counts and not any(
        c.dep_ in ("poss", "compound", "appos", "relcl", "acl")
        or (c.dep_ == "prep" and c.lower_ == "of")
        for c in noun.children
    )


def _numbered(noun: Token) -> bool:
    return noun.like_num or any(c.dep_ == "nummod" and c.like_num for c in noun.children)


def sibling_victim_verb(verb: Token, lexicon: Lexicon) -> Token | None:
    """The killing, capture or arrest a coordinated one continues: in "killed six fighters
    and captured four others" (or "..., police said, and arrested 21 others", where the
    parser hangs the second verb on "said") the earlier victim verb of the sentence."""
    if verb.dep_ != "conj" or verb.lemma_.lower() not in lexicon.victim_verbs:
        return None
    before = verb.nbor(-1) if verb.i > verb.sent.start else None
    if before is not None and before.pos_ in ("NOUN", "PROPN", "PRON") and before.dep_ == "conj":
        return None  # "killed three fighters and police arrested two others": misparsed doer
    head = verb.head
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lexicon.victim_verbs:
        return head
    if head.lemma_.lower() not in lexicon.modality["attribution"]["verbs"]:
        return None
    related = {*head.ancestors, *head.children}
    earlier = [
        t
        for t in related
        if t.i < verb.i and t.pos_ == "VERB" and t.lemma_.lower() in lexicon.victim_verbs
    ]
    return max(earlier, key=lambda t: t.i) if earlier else None


def _counted(noun: Token, lexicon: Lexicon) -> list[Token]:
    """The noun a number or quantity word counts: "a number of soldiers", "dozens of"."""
    if not (
        noun.like_num
        or noun.lower_ in _QUANTIFIERS
        or noun.lemma_.lower() in lexicon.partitive_nouns
        or noun.lower_ in lexicon.vague_counts
    ):
        return []
    return pobjs_of(noun, frozenset({"of"}))


def _actors(args: list[Arg]) -> list[Arg]:
    return [a for a in args if a.mention.entity_type not in PLACE_TYPES]


def _attacked_side(noun: Token, verb: Token, view: SentenceView) -> list[Arg]:
    """ "overran the IMU's stronghold, killing scores of its members", "attacked JUI-F
    gatherings and killed several of its leaders": a possessive pronoun on the victims of a
    killing chained to an attack means the side attacked (a doer seldom kills its own)."""
    owned = [noun, *quantified(noun), *_counted(noun, view.lexicon)]
    pronoun = any(
        c.dep_ == "poss" and c.lower_ in ("its", "their") for n in owned for c in n.children
    )
    # "raided an ISKP hideout, killing four militants": unnamed fighters are the side hit
    bare = any(_unnamed_fighters(n, view.lexicon) for n in owned)
    # "ambushed Kenyan troops, killing eight soldiers": soldiers of the force hit
    soldiers = any(
        n.lemma_.lower() in view.lexicon.local_force_nouns
        and not any(c.dep_ in ("poss", "compound", "prep", "acl", "relcl") for c in n.children)
        for n in owned
    )
    if not (pronoun or bare or soldiers):
        return []
    head = verb.head
    hit: list[Arg] = []
    if (
        verb.dep_ in ("advcl", "conj")
        and head.pos_ in ("VERB", "AUX")
        and head.i != verb.i
        and head.lemma_.lower() in _attack_verbs(view.lexicon)
    ):
        hit = patients(head, view)
    # "killed 30 soldiers in an ambush on an army patrol": the target of the event noun
    spec = view.lexicon.event_nouns
    for event in pobjs_of(verb, frozenset({"in", "during"})):
        if event.lemma_.lower() in spec["lemmas"]:
            hit += [
                a for p in pobjs_of(event, frozenset(spec["target_preps"])) for a in view.args(p)
            ]
    return [
        dataclasses.replace(a, proxy=True, count=_victim_count(noun, view.lexicon))
        for a in hit
        if a.mention.entity_type not in PLACE_TYPES
        and a.mention.entity_type not in ("person", "ethnic_group")
        and (pronoun or bare or a.mention.entity_type == "armed_forces")
    ]


def _people_from(noun: Token, verb: Token, view: SentenceView) -> list[Arg]:
    """ "killed hundreds of civilians from Tuareg and Dawsahak communities": the parser
    often hangs "from" on the verb; the victims' people are meant."""
    lexicon = view.lexicon
    if verb.lemma_.lower() not in lexicon.victim_verbs:
        return []
    if not any(n.lemma_.lower() in lexicon.population_nouns for n in (noun, *quantified(noun))):
        return []
    return [
        a
        for p in pobjs_of(verb, frozenset({"from"}))
        for a in view.args(p)
        if a.mention.entity_type == "ethnic_group"
    ]


_AMONG = frozenset({"among", "including", "amongst"})


def _among(noun: Token, verb: Token, view: SentenceView) -> list[Arg]:
    """ "released thousands of inmates, among them several hundred members of ISKP",
    "arrested 20 people, including three ISKP members": the named part of those held (the
    parser hangs the phrase on the verb or on the noun)."""
    lexicon = view.lexicon
    if verb.lemma_.lower() not in lexicon.victim_verbs and not any(
        f.predicate == "released" and verb.lemma_.lower() in f.lemmas for f in lexicon.frames
    ):
        return []
    found: list[Arg] = []
    for host in (noun, verb):
        for pobj in pobjs_of(host, _AMONG):
            if pobj.pos_ == "PRON":
                continue
            found += [a for a in view.args(pobj) if a.mention.entity_type not in PLACE_TYPES]
    return found


def _held_for(noun: Token, verb: Token, view: SentenceView) -> list[Arg]:
    """ "arrested seven men on suspicion of forming a cell linked to ISKP", "detained five
    people on charges of belonging to al-Shabaab": people held for a group's membership
    are its members (ACLED codes the arrest against the group)."""
    lexicon = view.lexicon
    if verb.lemma_.lower() not in lexicon.victim_verbs:
        return []
    if not any(n.lemma_.lower() in lexicon.tie_nouns for n in (noun, *quantified(noun))):
        return []
    grounds = frozenset(lexicon.event_nouns.get("suspicion_nouns", ()))
    found: list[Arg] = []
    for pobj in pobjs_of(verb, frozenset({"on", "for", "over"})):
        if pobj.lemma_.lower() not in grounds:
            continue
        for item in pobj.subtree:
            mention = view.mention_at(item)
            if (
                mention is not None
                and mention.entity_type in lexicon.footprint_subjects
                and all(a.mention is not mention for a in found)
            ):
                found.append(Arg(mention, item, count=_victim_count(noun, lexicon), proxy=True))
    return found


def _unnamed_fighters(noun: Token, lexicon: Lexicon) -> bool:
    """ "four militants", "the fighters", "several suspected insurgents": no owner or name."""
    spec = lexicon.event_nouns
    lemma = noun.lemma_.lower()
    if lemma not in spec.get("bare_victim_nouns", ()):
        return False
    if noun.tag_ != "NNS" and lemma not in spec.get("bare_victim_singular", ()):
        return False  # "the suspect was arrested": one held for the group, named or not
    modifiers = frozenset(spec.get("bare_victim_modifiers", ()))
    return all(
        c.dep_ in _VICTIM_DEPS and (c.dep_ != "amod" or c.lemma_.lower() in modifiers)
        for c in noun.children
    )


def _victim_count(noun: Token, lexicon: Lexicon) -> int | None:
    numbers = [c for c in noun.children if c.dep_ == "nummod"]
    return parse_count(numbers[0] if numbers else noun, lexicon)


def _attack_verbs(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(
        lemma
        for frame in lexicon.frames
        if frame.predicate == "attacked" and frame.pos == "VERB"
        for lemma in frame.lemmas
    )


def _local_forces(noun: Token, view: SentenceView) -> list[Arg]:
    """ "overran a base in Borno, killing four soldiers": soldiers no one names are the
    army of the country where the sentence places the event, when every place in it lies in
    one country whose forces the knowledge base holds (relations.yaml, country_forces)."""
    lexicon = view.lexicon
    if noun.lemma_.lower() not in lexicon.local_force_nouns or any(
        c.dep_ in ("poss", "compound", "prep", "acl", "relcl") for c in noun.children
    ):
        return []  # "its soldiers", "soldiers of the coalition": someone else's
    countries = {
        m.place.country
        for m in view.mentions
        if m.entity_type in PLACE_TYPES or m.entity_type == "country"
        if m.place is not None
    }
    if len(countries) != 1 or any(m.entity_type == "armed_forces" for m in view.mentions):
        return []
    forces = lexicon.country_forces.get(next(iter(countries)) or "")
    if forces is None:
        return []
    mention = Mention(
        noun.idx,
        noun.idx + len(noun.text),
        noun.text,
        "armed_forces",
        origin="relations",
        entity_id=forces,
        entity_type="armed_forces",
    )
    numbers = [c for c in noun.children if c.dep_ == "nummod"]
    count = parse_count(numbers[0], lexicon) if numbers else None
    return [Arg(mention, noun, count=count, proxy=True)]


def _object_relative(verb: Token) -> bool:
    """Whether an active relative clause with no object relativises its object: "which
    fighters had hijacked" (the parser may hang "which" on the subject)."""
    if any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        return False
    if any(c.dep_ == "nsubj" and c.lower_ in RELATIVE for c in verb.children):
        return False  # "which killed ...": the antecedent is the doer
    return any(t.lower_ in ("which", "whom") and t.i < verb.i for t in verb.subtree)


def prep_objects(token: Token, preps: frozenset[str], view: SentenceView) -> list[Arg]:
    """Objects of the prepositions on a trigger, its direct object or its copula."""
    hosts = [token]
    hosts += [c for c in token.children if c.dep_ == "dobj"]
    # "broke away from Boko Haram": the parser hangs "from" on the particle
    hosts += [c for c in token.children if c.dep_ in ("advmod", "prt") and c.lower_ == "away"]
    if token.dep_ == "xcomp" and is_passive(token.head):
        # "In Kenya, al-Shabaab is believed to recruit from ...": a fronted phrase hangs on
        # the raising verb but belongs to the clause it raises
        hosts.append(token.head)
    # "draws many of its recruits from X": the counted noun carries the phrase
    hosts += [q for c in token.children if c.dep_ == "dobj" for q in quantified(c)]
    if token.pos_ == "ADJ" and token.head.i != token.i:
        hosts.append(token.head)  # "is active in": the parser may hang "in" on "is"
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj":
        hosts.append(token.head)  # "maintains a presence in"
    subject = token
    if token.dep_ == "pobj" and token.head.lower_ == "of" and quantified(token.head.head):
        subject = token.head.head  # "most of its recruits come from"
    if token.pos_ in ("NOUN", "PROPN") and subject.dep_ == "nsubj":
        # "its core is in"; "ISKP recruiters were active among Tajik migrants"; "many
        # followers appear to be migrants in Russia"; "its recruits come from". Not an
        # event's place: "its fighters fired rockets at a base in Uzbekistan"
        hosts += _predicate_hosts(subject.head)
    if token.pos_ in ("NOUN", "PROPN"):
        # "cells reported in Kabul", "fighters based in Kunar"
        # "senior figures living in Kabul"
        hosts += [c for c in token.children if c.dep_ == "acl" and c.tag_ in ("VBN", "VBG")]
        # "its pledge of allegiance to X": the phrase may hang on the "of" object
        hosts += [p for p in pobjs_of(token, frozenset({"of"})) if view.mention_at(p) is None]
    found: list[Arg] = []
    head = token.head
    if (
        token.pos_ in ("NOUN", "PROPN")
        and token.dep_ == "nsubj"
        and head.dep_ == "relcl"
        and any(c.lower_ == "where" for c in head.children)
    ):
        # "migrants in Russia, where recruiters are active": the place "where" stands for
        found += only_places(view.args(head.head))
        hosts.append(head.head)
    for host in hosts:
        for pobj in _reliable(pobjs_of(host, preps)):
            clause = _relative_clause(host) if pobj.lower_ in RELATIVE else None
            # "the TTP, to which the faction has belonged": the antecedent
            found.extend(view.args(clause.head) if clause is not None else view.args(pobj))
    return found


def _relative_clause(token: Token) -> Token | None:
    """The relative clause a token heads or sits in, if any."""
    for item in (token, *token.ancestors):
        if item.dep_ == "relcl":
            return item
        if item.pos_ in ("VERB", "AUX") and item.dep_ != "relcl":
            return None
    return None


_QUANTIFIERS = frozenset(
    {
        "many",
        "most",
        "some",
        "much",
        "part",
        "parts",
        "all",
        "majority",
        "bulk",
        "half",
        "swathe",
        "swathes",
        "dozens",
        "hundreds",
        "thousands",
        "scores",
        "several",
    }
)


def planned_by(token: Token, lexicon: Lexicon) -> Token | None:
    """The plan noun whose infinitive ``token`` is: "an ISKP plot to attack X" (acl), or
    with the parser hanging the infinitive on the verb that takes the plan ("foiled an ISKP
    plot to attack X", xcomp of "foiled" right after its object)."""
    if token.tag_ != "VB":
        return None
    nouns = lexicon.modality["intent"]["nouns"]
    if token.dep_ == "acl" and token.head.lemma_.lower() in nouns:
        return token.head
    if token.dep_ != "xcomp":
        return None
    for child in token.head.children:
        if child.dep_ == "dobj" and child.i < token.i and child.lemma_.lower() in nouns:
            return child
    return None


def quantified(token: Token) -> list[Token]:
    """The noun a quantifier counts: "many of its recruits", "most of Idlib province"."""
    if token.lower_ not in _QUANTIFIERS:
        return []
    return [
        p
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]


# verbs that only link a subject to where it is or comes from
_COPULAS = frozenset({"be", "appear", "seem", "remain", "come", "hail", "originate"})


def _predicate_hosts(verb: Token, depth: int = 0) -> list[Token]:
    """The words of a copular predicate that may carry its place: "is in", "are active
    among", "appear to be migrants in", "are likely to be found among"."""
    if depth == 0 and verb.lemma_.lower() not in _COPULAS:
        return []
    hosts = [verb]
    if depth < 3:
        for child in verb.children:
            if child.dep_ in ("xcomp", "acomp", "attr"):
                hosts += _predicate_hosts(child, depth + 1)
    return hosts


def _reliable(pobjs: list[Token]) -> list[Token]:
    """Drop phrases the parser has probably misattached.

    In "a presence in Kunar and supporters in Tajikistan" the small model coordinates
    "Kunar and supporters" and hangs "in Tajikistan" on "presence". When a place is
    coordinated with a common noun, later phrases on the same word are not trusted.
    """
    kept: list[Token] = []
    for pobj in pobjs:
        kept.append(pobj)
        if any(c.pos_ == "NOUN" for c in pobj.conjuncts):
            break
    return kept


def resolve_role(token: Token, spec: str, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Arguments for a role spec such as "agent", "patient" or "patient|prep:from|among"."""
    preps: set[str] = set()
    found: list[Arg] = []
    for item in spec.split("|"):
        if item == "agent":
            found += agents(token, view, lexicon)
        elif item == "self":  # the trigger names the object itself ("Tajik nationals")
            found += view.args(token)
        elif item == "patient":
            found += patients(token, view)
        elif item.startswith("prep:"):
            preps.add(item[5:])
        else:
            preps.add(item)
    if preps:
        found += prep_objects(token, frozenset(preps), view)
    return found


def place_of(args: list[Arg]) -> Place | None:
    arg = _place_arg(args)
    return arg.mention.place if arg is not None else None


def _place_arg(args: list[Arg]) -> Arg | None:
    for arg in args:
        if arg.mention.entity_type in PLACE_TYPES and arg.mention.place is not None:
            return arg
    return None


def target_places(target: Token, preps: frozenset[str], view: SentenceView) -> list[Arg]:
    """Where an unnamed target is: "a hotel in Kabul", "a crowd marking the anniversary
    of his death near his tomb in Kerman", "a base in Malam Fatori". The nearest places
    (fewest steps down the phrase) win; clauses other than participles are not entered."""
    if view.mention_at(target) is not None:
        return []
    level = [target]
    for _ in range(10):  # a preposition and its object are two steps
        found: list[Arg] = []
        following: list[Token] = []
        for token in level:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in preps:
                    for pobj in (c for c in child.children if c.dep_ == "pobj"):
                        found += [
                            a for a in view.args(pobj) if a.mention.entity_type in PLACE_TYPES
                        ]
                if child.dep_ in ("prep", "pobj", "acl", "dobj", "compound") or (
                    child.dep_ == "prep" and child.lower_ in preps
                ):
                    following.append(child)
        if found:
            return found
        level = following
        if not level:
            break
    return []


def unknown_site(sites: list[Token], objects: list[Arg], view: SentenceView) -> bool:
    """Whether the only places read are countries while the target phrase names a place
    the gazetteer does not know ("the town of Barsalogho in central Burkina Faso")."""
    if not objects or any(a.mention.entity_type != "country" for a in objects):
        return False
    return any(
        t.pos_ == "PROPN"
        and t.is_title
        and t.ent_type_ not in ("DATE", "TIME", "NORP", "PERSON")  # "on Saturday"
        and _unknown_name(view.mention_at(t))
        for site in sites
        for t in site.subtree
    )


def _unknown_name(mention: Mention | None) -> bool:
    """No mention, or one the linker only guessed (a new entity that is no place: "the
    town of Barsalogho" read as an organisation)."""
    return mention is None or (
        mention.entity_type not in PLACE_TYPES and (mention.entity_id or "").startswith("ent:")
    )


def unclaimed(trigger: Token, targets: list[Arg]) -> list[Candidate]:
    """Attacks with no named doer, kept for a later claim of "the attack"."""
    return [Candidate(t, "attacked", trigger, t, unclaimed=True) for t in targets]


def only_places(args: list[Arg]) -> list[Arg]:
    return [a for a in args if a.mention.entity_type in PLACE_TYPES]


def footprints(
    trigger: Token, objects: list[Arg], where: list[Arg], lexicon: Lexicon
) -> list[Candidate]:
    """`active_in` from an event done to a group somewhere: a raid on its hideouts in
    Kunar, its members arrested in Dushanbe or killed in Nangarhar place it there."""
    found: list[Candidate] = []
    # a person stands in for the group they lead or belong to, once the sentence says which
    # (see :func:`spoor.relations.frames.through_members`)
    groups = [
        o
        for o in objects
        if o.mention.entity_type in lexicon.footprint_subjects or o.mention.entity_type == "person"
    ]
    for group in groups:
        found += [presence(group, trigger, place, event_time=True) for place in where]
    return found


def subject_object_pairs(
    token: Token, subjects: list[Arg], objects: list[Arg]
) -> list[tuple[Arg, Arg]]:
    """Every subject with every object, or item by item under "respectively" (and nothing
    when the two lists then differ in length: precision first)."""
    if any(t.lower_ == "respectively" for t in token.sent):
        if len(subjects) != len(objects):
            return []
        return list(zip(subjects, objects, strict=True))
    return [(s, o) for s in subjects for o in objects]


# -- languages ---------------------------------------------------------------------------


def language_args(token: Token, spec: str, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Languages named by the objects of ``spec`` ("in Uzbek, Tajik and Russian").

    A linked mention of type language is used as is; a language named in the lexicon
    but not linked gets the curated language entity the lexicon names for it.
    """
    preps = frozenset(p.removeprefix("prep:") for p in spec.split("|"))
    objects = [c for c in token.children if c.dep_ == "dobj"]
    objects += [c for d in objects for c in d.conjuncts]
    hosts = [token, *objects]
    if token.dep_ in ("dobj", "nsubj", "nsubjpass"):
        hosts.append(token.head)  # "its propaganda appears in Pashto"
    found: list[Arg] = []
    for host in hosts:
        for pobj in pobjs_of(host, preps):
            # "in a dozen languages, including Uzbek and Hindi": the languages listed
            listed = (
                pobjs_of(pobj, frozenset({"including", "like", "as"}))
                if pobj.lemma_.lower() == "language"
                else []
            )
            for item in (pobj, *pobj.conjuncts, *(i for x in listed for i in (x, *x.conjuncts))):
                arg = _language_arg(item, view, lexicon)
                if arg is not None:
                    found.append(arg)
    # "a Pashto-language audio lecture", "an Uzbek booklet": the language modifies the work
    for work in objects if token.pos_ in ("VERB", "AUX") else [token]:
        if any(c.lemma_.lower() in lexicon.propaganda_nouns for c in work.conjuncts):
            # "circulated Tagalog and Maranao videos": the parser takes the first language
            # for the object and the work for its conjunct
            arg = _language_arg(work, view, lexicon)
            if arg is not None and all(a.mention.entity_id != arg.mention.entity_id for a in found):
                found.append(arg)
        for item in work.subtree:
            if item.i >= work.i:
                break
            arg = _language_arg(item, view, lexicon)
            if arg is not None and all(a.mention.entity_id != arg.mention.entity_id for a in found):
                found.append(arg)
    return found


def _language_arg(token: Token, view: SentenceView, lexicon: Lexicon) -> Arg | None:
    mention = view.mention_at(token)
    if mention is not None and mention.entity_type == "language":
        return Arg(mention, token)
    language = lexicon.languages.get(token.lower_)
    if language is None:
        return None
    synthetic = Mention(
        start=token.idx,
        end=token.idx + len(token.text),
        text=token.text,
        label="language",
        origin="lexicon",
        entity_id=language.entity_id,
        entity_type="language",
    )
    return Arg(synthetic, token)


def definite(noun: Token) -> bool:
    """ "the attack", "these bombings", "the Kabul attack": an event already reported."""
    return any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
        for c in noun.children
    )


def _hallmarks(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """ "The bombing bore the hallmarks of ISKP": the group whose methods it shows."""
    if noun.dep_ != "nsubj":
        return []
    marks = [
        c
        for c in noun.head.children
        if c.dep_ == "dobj" and c.lemma_.lower() in lexicon.event_nouns.get("signature_nouns", ())
    ]
    return [
        a
        for mark in marks
        for p in pobjs_of(mark, frozenset({"of"}))
        for a in view.args(p)
        if a.mention.entity_type in lexicon.signatures["attacked"][0]
    ]


def _blamed_for(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The culprit blamed for an event: "blames the TTP for a raid on an army post", "a
    faction it blames for the raid" (the culprit is then the clause's antecedent)."""
    head = noun.head
    verb = head.head
    spec = lexicon.event_nouns
    lemma = verb.lemma_.lower()
    if noun.dep_ != "pobj" or not (
        (head.lower_ == "for" and lemma in spec.get("blame_verbs", ()))
        # "accused ISKP of attacks on Hazaras", "ISKP was accused of the bombing"
        or (head.lower_ == "of" and lemma in spec.get("accuse_verbs", ()))
    ):
        return []

    def actors(token: Token) -> list[Arg]:
        return [
            a
            for a in view.args(token)
            if a.mention.entity_type in lexicon.signatures["attacked"][0]
        ]

    culprits = [a for c in verb.children if c.dep_ in ("dobj", "nsubjpass") for a in actors(c)]
    if not culprits and verb.dep_ == "relcl":
        culprits = actors(verb.head)
        if not culprits and verb.head.dep_ == "appos":
            culprits = actors(verb.head.head)
    return culprits


def event_agents(noun: Token, view: SentenceView, lexicon: Lexicon, depth: int = 0) -> list[Arg]:
    """Who did what an event noun names: its owner ("ISKP's attack", "the attack by ISKP") or
    the doer of the light verb that takes it ("ISKP claimed the bombing")."""
    # "the Kabul attack" is where, but "a US drone strike" is by the US (states strike)
    state = noun.lemma_.lower() in lexicon.event_nouns["state_instruments"]
    # "the killing of a Taliban commander", "the siege of the hotel": "of" names who or what
    # was hit, never the doer
    undergoers = {id(a.mention) for p in pobjs_of(noun, frozenset({"of"})) for a in view.args(p)}
    found = [
        a
        for a in view.owner(noun)
        if (
            a.mention.entity_type not in PLACE_TYPES
            or (state and a.mention.entity_type == "country")
        )
        and id(a.mention) not in undergoers
    ]
    found += _blamed_for(noun, view, lexicon)
    found += _hallmarks(noun, view, lexicon)
    found += _relative_claimants(noun, view, lexicon, depth)
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in ("including", "like") and depth < 3:
        # "several attacks inside Iran, including a shooting at a shrine": the same doer
        among = antecedent_event(head, lexicon)
        if among is not None and among.i != noun.i:
            found += event_agents(among, view, lexicon, depth + 1)
    verb = light_verb(noun, lexicon.event_nouns)
    known = lexicon.event_nouns.get("responsible_words", ())
    if verb is not None and verb.lemma_.lower() in known and is_passive(verb):
        # "the branch is known for the ambush": the one known for it did it
        found += [a for c in verb.children if c.dep_ == "nsubjpass" for a in view.args(c)]
    elif verb is not None:
        host = verb if verb.pos_ != "ADJ" else verb.head
        found += agents(host, view, lexicon, depth + 1)
    return found


def _relative_claimants(noun: Token, view: SentenceView, lexicon: Lexicon, depth: int) -> list[Arg]:
    """The claimant named in a relative clause on an event noun: "the attack in Kerman, for
    which the Islamic State claimed responsibility", "the bombing, which ISKP claimed"."""
    spec = lexicon.event_nouns
    found: list[Arg] = []
    for verb in view.sent:
        if verb.lemma_.lower() not in spec["light_verbs"] or verb.dep_ not in ("relcl", "advcl"):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        relative = any(c.lower_ in RELATIVE for c in objects) or (
            any(c.lemma_.lower() in spec["responsibility_nouns"] for c in objects)
            and any(
                p.lower_ == "for" and any(o.lower_ == "which" for o in p.children)
                for p in verb.children
                if p.dep_ == "prep"
            )
        )
        if not relative or antecedent_event(verb, lexicon) != noun:
            continue
        found += [
            a
            for c in verb.children
            if c.dep_ == "nsubj" and c.lower_ not in RELATIVE
            for a in view.args(c)
        ]
    return found


def event_noun(token: Token, lexicon: Lexicon) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ in ("NOUN", "PROPN") and (
        lemma in lexicon.event_nouns["lemmas"] or lemma in lexicon.instrument_nouns
    )


def antecedent_event(relative: Token, lexicon: Lexicon) -> Token | None:
    """The event noun a relative clause describes: "the bombing at the airport on 26 August
    that killed 13 people" (the parser may hang the clause on the date or the place), "the
    ambush, in which four soldiers were killed". Only the noun phrase before the clause is
    searched, so a verb in between ends the search."""
    head = relative.head
    if event_noun(head, lexicon):
        return head
    for token in reversed(relative.doc[relative.sent.start : relative.left_edge.i]):
        if event_noun(token, lexicon):
            return token
        if token.pos_ in ("VERB", "AUX") or token.lower_ in (";", ":"):
            return None
    return None


def _relative_event_agents(
    verb: Token, view: SentenceView, lexicon: Lexicon, depth: int
) -> list[Arg]:
    """The doer of an event, for a verb in a relative clause on its noun: "ISKP carried out
    the bombing that killed 13 people", "the raid by ISKP in which two guards were killed"."""
    if verb.dep_ not in ("relcl", "advcl"):  # the parser may take "in which" for an advcl
        return []
    relative = (
        verb.dep_ == "relcl"
        and any(c.dep_ == "nsubj" and c.lower_ in RELATIVE for c in verb.children)
    ) or any(
        c.dep_ == "prep" and any(g.lower_ == "which" for g in c.children) for c in verb.children
    )
    if not relative:
        return []
    event = antecedent_event(verb, lexicon)
    return event_agents(event, view, lexicon, depth + 1) if event is not None else []


def light_verb(noun: Token, spec: dict[str, Any]) -> Token | None:
    """The verb that makes an actor the doer of an event noun, if any."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head  # "launched air and artillery strikes": the first conjunct's verb
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in spec["light_verbs"]:
        return head
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "for"
        and (head.head.lemma_.lower() in spec.get("call_verbs", ()))
    ):
        return head.head  # "called for attacks on the United States": a threat
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "of"
        and (head.head.lemma_.lower() in spec.get("warning_verbs", ()))
    ):
        return head.head  # "warned of attacks in Europe": a threat, not an attack
    if noun.dep_ == "pobj" and head.lower_ in ("for", "behind"):
        owner = head.head  # "claimed responsibility for", "responsible for", "was behind"
        if owner.lemma_.lower() in spec["responsibility_nouns"] and owner.dep_ == "dobj":
            return owner.head
        if any(
            c.dep_ == "dobj" and c.lemma_.lower() in spec["responsibility_nouns"]
            for c in owner.children
        ):
            return owner  # "has taken credit for the attack", the phrase hung on the verb
        if owner.lemma_.lower() in spec.get("responsible_words", ("responsible",)) or (
            head.lower_ == "behind"
        ):
            return owner  # also "is best known for the ambush near Tongo Tongo"
    for child in noun.children:
        if (
            child.dep_ == "acl"
            and child.tag_ == "VBN"
            and child.lemma_.lower() in spec["light_verbs"]
            and any(c.dep_ == "agent" for c in child.children)
        ):
            return child  # "an attack claimed by the Islamic State on a Shia mosque"
        if (
            child.dep_ == "amod"
            and child.i < noun.i
            and child.lemma_.lower() in spec["light_verbs"]
            and any(c.dep_ == "nsubj" for c in child.children)
        ):
            # "ISKP has since claimed attacks on ...", misparsed with the verb as a modifier
            return child
    return None


# -- titled works ------------------------------------------------------------------------------

_TITLE_CUES = frozenset({"titled", "entitled", "called", "named"})


_TITLE_JOINERS = frozenset({"of", "the", "and", "in", "for", "to", "a", "an", "on"})


def titled_work(
    work: Token, view: SentenceView, lexicon: Lexicon
) -> tuple[str, str | None, list[Arg]] | None:
    """(title, format, languages) of a work named in the sentence, or None."""
    mention = view.mention_at(work)
    if mention is not None and mention.entity_type == "media_outlet":
        # "Voice of Khurasan, an English-language magazine"
        inside = [t for t in work.subtree if view.mention_at(t) is mention]
        for appos in (c for t in inside for c in t.children if c.dep_ == "appos"):
            kind = lexicon.formats.get(appos.lemma_.lower())
            if kind is not None:
                return mention.text, kind, language_args(appos, "prep:in", view, lexicon)
        return None
    kind = lexicon.formats.get(work.lemma_.lower())
    if kind is None:
        return None
    named = _named_title(work, view)
    if named:  # "the English-language magazine Inspire"
        return named, kind, language_args(work, "prep:in", view, lexicon)
    doc = work.doc
    end = min(view.sent.end, work.i + 4)
    for cue in doc[work.i + 1 : end]:
        if cue.lower_ in _TITLE_CUES:
            title = _title_after(cue)
            if title:
                return title, kind, language_args(work, "prep:in", view, lexicon)
    return None


def _named_title(work: Token, view: SentenceView) -> str:
    """A proper name in apposition right after a format noun: "the magazine Inspire"."""
    for child in work.children:
        if (
            child.dep_ != "appos"
            or child.pos_ != "PROPN"
            or child.i
            != work.i + 1 + sum(1 for t in work.doc[work.i + 1 : child.i] if t.dep_ == "compound")
        ):
            continue
        mention = view.mention_at(child)
        if mention is not None and mention.entity_type not in (None, "person", "media_outlet"):
            return ""  # a named group or place, not a title
        words = [t for t in child.subtree if t.pos_ == "PROPN" and t.i <= child.i]
        if words:
            return work.doc[words[0].i : child.i + 1].text
    return ""


def _title_after(cue: Token) -> str:
    """The capitalised run after "titled": "The Truth of Central Asia"."""
    doc = cue.doc
    words: list[Token] = []
    for token in doc[cue.i + 1 : cue.sent.end]:
        capital = token.text[:1].isupper() or token.text[:1] in ('"', "'", "\u201c", "\u2018")
        if capital or (token.lower_ in _TITLE_JOINERS and words):
            words.append(token)
        else:
            break
    while words and words[-1].lower_ in _TITLE_JOINERS:
        words.pop()
    if not words:
        return ""
    text = doc[words[0].i : words[-1].i + 1].text
    return text.strip("\"'\u201c\u201d\u2018\u2019 ")


# -- unnamed members of the report's group -------------------------------------------------

_VICTIM_PREDICATES = frozenset({"killed", "captured", "arrested"})
_VICTIM_DEPS = frozenset({"nummod", "det", "predet", "amod", "quantmod"})


def bare_victim(token: Token, lexicon: Lexicon) -> bool:
    """ "troops killed 25 militants", "dozens of insurgents were captured": a bare plural
    fighter noun (no owner, no name, no phrase saying whose) that a killing, capture or
    arrest undergoes. In a report about one group and a sentence naming no group, they are
    that group's members (the stage binds them to the salient group)."""
    if not _unnamed_fighters(token, lexicon):
        # "its fighters", "ISKP militants", "militants from the TTP", "Kurdish fighters"
        return False
    counted = token
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        counted = token.head.head  # "25 of the 33 militants", "dozens of insurgents"
        if not (counted.like_num or counted.lower_ in _QUANTIFIERS):
            return False
    verb = counted.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in _victim_verbs(lexicon):
        return False
    return counted.dep_ == ("nsubjpass" if is_passive(verb) else "dobj")


def _victim_verbs(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(
        lemma
        for frame in lexicon.frames
        if frame.predicate in _VICTIM_PREDICATES and frame.pos == "VERB"
        for lemma in frame.lemmas
    )
