"""Dependency frames: find candidate facts around trigger words in one sentence.

Each frame in relations.yaml names a trigger (lemma and part of speech) and where
its subject and object sit (agent, patient, or the object of a preposition). The
code here only knows English grammar (active/passive, relative clauses, light
verbs such as "claimed the bombing"); which words mean what is data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from spoor.geo.normalize import normalize_name
from spoor.records import Mention, Place, Quantity, TimeSpan
from spoor.relations.lexicon import Frame, Lexicon
from spoor.relations.quantities import parse_count, qualifier, range_values
from spoor.relations.sentence import PLACE_TYPES, Arg, SentenceView

_RELATIVE = frozenset({"that", "which", "who", "whom"})


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


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _pobjs(token: Token, preps: frozenset[str] | None = None) -> list[Token]:
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
        if (
            not found
            and token.dep_ == "dobj"
            and (token.head.lemma_.lower() in lexicon.possession_verbs)
        ):
            found = agents(token.head, view, lexicon, depth + 1)
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
            found = _with_owner(token.head.head, view, lexicon, depth)
        if not found and token.dep_ == "pobj" and token.head.lower_ == "as":
            found = _described_as(token.head.head, view, lexicon, depth)
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
        return agents(head, view, lexicon, depth + 1) if head.i != token.i else []
    if is_passive(token):
        found = [a for pobj in _pobjs(token, frozenset({"by"})) for a in view.args(pobj)]
        if not found:  # "was killed in a US drone strike"
            for pobj in _pobjs(token, frozenset({"in", "during", "by"})):
                if pobj.lemma_.lower() in lexicon.instrument_nouns:
                    found.extend(view.args(pobj))
                    # "was killed in clashes with HTS": the other side did it
                    found.extend(
                        a
                        for other in _pobjs(pobj, frozenset({"with"}))
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
        if child.lower_ in _RELATIVE and token.dep_ == "relcl":
            return view.args(token.head) or _relative_event_agents(token, view, lexicon, depth)
        # "dozens of Afghan nationals travelled ...": the counted noun
        found = view.args(child) or [a for q in quantified(child) for a in view.args(q)]
        if not found and child.lower_ == "it" and token.dep_ == "conj":
            # "It is active in Mali, and it has expanded towards Benin": the same subject
            found = agents(head, view, lexicon, depth + 1)
        if not found and token.dep_ == "pcomp" and head.lower_ == "with":
            # "..., with senior figures living in Kabul"
            found = _with_owner(head.head, view, lexicon, depth)
        if found:
            return found
    if subjects:
        # the parser split "The weekly newsletter al-Naba" into several subjects: the first
        # that names something is the doer
        return []
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
    if (
        token.dep_ == "advcl"
        and head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    ):
        # a purpose clause: "travelled to Syria to join ISKP": the traveller joins
        return agents(head, view, lexicon, depth + 1)
    if token.dep_ == "acl":  # "the attack carried out by ISKP"
        return [a for pobj in _pobjs(token, frozenset({"by"})) for a in view.args(pobj)]
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


def _with_owner(host: Token, view: SentenceView, lexicon: Lexicon, depth: int) -> list[Arg]:
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
    for child in token.children:
        if child.dep_ == wanted:
            if child.lower_ in _RELATIVE and token.dep_ == "relcl":
                return view.args(token.head)
            # "controls most of Idlib province"; "killing four soldiers": the local army
            found = (
                view.args(child)
                or [a for q in quantified(child) for a in view.args(q)]
                or _local_forces(child, view)
            )
            if not found and child.like_num and token.dep_ == "conj":
                # "44 ISIS members were killed and 166 were detained": the same kind
                count = parse_count(child, view.lexicon)
                found = [
                    dataclasses.replace(a, count=count)
                    for a in patients(token.head, view)
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
    if any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in verb.children):
        return False  # "which killed ...": the antecedent is the doer
    return any(t.lower_ in ("which", "whom") and t.i < verb.i for t in verb.subtree)


def prep_objects(token: Token, preps: frozenset[str], view: SentenceView) -> list[Arg]:
    """Objects of the prepositions on a trigger, its direct object or its copula."""
    hosts = [token]
    hosts += [c for c in token.children if c.dep_ == "dobj"]
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
        hosts += [p for p in _pobjs(token, frozenset({"of"})) if view.mention_at(p) is None]
    found: list[Arg] = []
    head = token.head
    if (
        token.pos_ in ("NOUN", "PROPN")
        and token.dep_ == "nsubj"
        and head.dep_ == "relcl"
        and any(c.lower_ == "where" for c in head.children)
    ):
        # "migrants in Russia, where recruiters are active": the place "where" stands for
        found += _places(view.args(head.head))
        hosts.append(head.head)
    for host in hosts:
        for pobj in _reliable(_pobjs(host, preps)):
            clause = _relative_clause(host) if pobj.lower_ in _RELATIVE else None
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


def finest(places: list[Arg]) -> list[Arg]:
    """Drop a country when a place inside it is named too: "outside Somalia's education
    ministry in Mogadishu" happened in Mogadishu."""
    inner = {
        a.mention.place.country
        for a in places
        if a.mention.entity_type != "country" and a.mention.place is not None
    }
    kept: list[Arg] = []
    for arg in places:
        place = arg.mention.place
        if arg.mention.entity_type == "country" and place is not None and place.country in inner:
            continue
        if all(k.mention.entity_id != arg.mention.entity_id for k in kept):
            kept.append(arg)
    return kept


def _place_of(args: list[Arg]) -> Place | None:
    arg = _place_arg(args)
    return arg.mention.place if arg is not None else None


def _place_arg(args: list[Arg]) -> Arg | None:
    for arg in args:
        if arg.mention.entity_type in PLACE_TYPES and arg.mention.place is not None:
            return arg
    return None


def frame_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    found: list[Candidate] = []
    for token in view.sent:
        lemma = token.lemma_.lower()
        for frame in lexicon.frames:
            if lemma not in frame.lemmas or not _pos_fits(token, frame):
                continue
            if frame.requires and not any(
                d.lemma_.lower() in frame.requires
                for c in token.children
                if c.dep_ == "dobj"
                for d in (c, *quantified(c))
            ):
                continue
            if frame.particles and not any(
                c.dep_ in ("prt", "prep", "advmod") and c.lower_ in frame.particles
                for c in token.children
            ):
                continue
            found.extend(_apply(frame, token, view, lexicon))
    found.extend(_reported_activity(view, lexicon))
    return found


_SEEN = frozenset({"report", "record", "document", "see", "observe", "note"})


def _reported_activity(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """Cells or fighters reported somewhere, said of the clause's group: "ISKP's core is in
    Kunar, with smaller cells reported in Kabul". The parser reads the "with" phrase
    either as a noun with a participle or as a clause marked by "with". Attacks reported
    somewhere are not read: the place of attacks is not a footprint (bench/gold/README)."""
    nouns = {
        lemma
        for f in lexicon.frames
        if f.predicate == "active_in" and f.pos == "NOUN"
        for lemma in f.lemmas
    }
    found: list[Candidate] = []
    for verb in view.sent:
        if verb.lemma_.lower() not in _SEEN or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "with":
            activity, host = verb.head, verb.head.head.head  # "with attacks reported in X"
        elif verb.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "with" for c in verb.children
        ):
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects:
                continue
            activity, host = subjects[0], verb.head  # "with attacks (being) reported in X"
        else:
            continue
        if activity.lemma_.lower() not in nouns:
            continue
        groups = [
            a
            for a in _with_owner(host, view, lexicon, 0)
            if a.mention.entity_type in lexicon.footprint_subjects
        ]
        places = _places(
            [
                a
                for p in _pobjs(verb, frozenset({"in", "across", "throughout"}))
                for a in view.args(p)
            ]
        )
        for group in groups:
            for place in places:
                found.append(
                    Candidate(
                        group,
                        "active_in",
                        verb,
                        place,
                        place=place.mention.place,
                        place_args=[place],
                    )
                )
    return found


def _pos_fits(token: Token, frame: Frame) -> bool:
    if frame.pos == "VERB":
        # "no evidence that ISKP recruits in X": a word with a subject is a verb, whatever
        # its tag
        return (
            token.pos_ in ("VERB", "AUX")
            or token.tag_ in ("VBN", "VBD")
            or any(c.dep_ == "nsubj" for c in token.children)
        )
    if frame.pos == "NOUN":
        return token.pos_ in ("NOUN", "PROPN")
    return token.pos_ == frame.pos


def _apply(frame: Frame, token: Token, view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    subjects = resolve_role(token, frame.subject, view, lexicon)
    if not subjects and token.dep_ == "acl" and token.head.dep_ == "dobj":
        # "released a short video in Urdu aimed at audiences in Pakistan": the publisher
        work = token.head
        if work.head.lemma_.lower() in lexicon.publish_verbs | lexicon.possession_verbs:
            subjects = [
                a for a in agents(work.head, view, lexicon) if frame.predicate != "active_in"
            ]
    if (
        not subjects
        and token.dep_ in ("advcl", "conj")
        and token.tag_ == "VBN"
        and frame.predicate == "propaganda_targets"
        and token.head.lemma_.lower() in lexicon.publish_verbs
        and all(quantified(c) for c in token.children if c.dep_ == "nsubj")
    ):
        # the parser may hang "aimed at" on the verb: "released a video aimed at X",
        # "releases videos in Somali, some of them aimed at Kenyan audiences"
        subjects = agents(token.head, view, lexicon)
    if not subjects:
        found: list[Candidate] = []
        if frame.predicate in lexicon.footprint_events:
            # "ISKP members were arrested in Dushanbe": no doer, but a footprint
            objects = resolve_role(token, frame.object, view, lexicon)
            where = _places(resolve_role(token, frame.place, view, lexicon) if frame.place else [])
            where += event_places(token, view, lexicon, where)
            found = footprints(token, objects + suspected_groups(token, view), where, lexicon)
        if frame.predicate == "attacked":  # "two bombers struck Kampala": remembered
            found += unclaimed(token, _attack_objects(frame, token, view, lexicon))
        elif frame.predicate == "killed":  # "a bomber killed 54 people at a rally of X"
            found += unclaimed(token, _killing_site(token, view, lexicon))
            # ... and whom it killed, for a later claim ("killed the governor, X")
            found += [
                Candidate(v, "killed", token, v, unclaimed=True)
                for v in resolve_role(token, frame.object, view, lexicon)
                if v.mention.entity_type not in PLACE_TYPES
            ]
        if frame.predicate in ("killed", "captured") and (
            _in_the_event(token, lexicon) or _by_the_event(token, lexicon)
        ):
            # "Ghazi was killed in the fighting": by the doer of the attack last reported
            found += [
                Candidate(o, frame.predicate, token, o, doer_back=True)
                for o in resolve_role(token, frame.object, view, lexicon)
                if o.mention.entity_type not in PLACE_TYPES
            ]
        return found
    if frame.predicate == "propaganda_language":
        objects = language_args(token, frame.object, view, lexicon)
    else:
        objects = resolve_role(token, frame.object, view, lexicon)
    if frame.predicate == "pledged_allegiance_to":
        objects = [_led_by(o, view, lexicon) for o in objects]
    if frame.predicate == "propaganda_targets":
        objects = _audiences(objects, view)
    if frame.predicate == "recruits_from" and frame.object == "agent":
        objects = _joiners(objects, view, _by_defectors(token))
    if frame.predicate in ("affiliate_of", "member_of") and _by_defectors(token):
        return []  # defectors from a group joining another: recruitment, not affiliation
    if not objects and frame.predicate in _NATION_PREDICATES:
        objects = _national_objects(token, frame.object, view)
    if not objects and frame.fallback_object and not _people_named(token, view):
        # the unnamed target's own place first, then the fallback role's places
        objects = _attack_objects(frame, token, view, lexicon)
    place_args = (
        objects
        if frame.place == "object"
        else resolve_role(token, frame.place, view, lexicon)
        if frame.place
        else []
    )
    place = _place_of(place_args)
    where = _places(place_args)
    found = []
    if frame.predicate in lexicon.footprint_events:
        # the doer's own name is not where the event happened ("a US operation")
        doers = {id(a.mention) for a in subjects}
        here = [a for a in where if id(a.mention) not in doers]
        here += event_places(token, view, lexicon, here)
        found = footprints(token, objects + suspected_groups(token, view), here, lexicon)
    if (
        not objects
        and frame.predicate in lexicon.mutual.get("predicates", ())
        and _mutual(token, frame, lexicon)
    ):
        # "ISKP and the Taliban clashed", "the two fought each other"
        subjects, objects = subjects[:1], subjects[1:]
    predicate_of_frame = frame.predicate
    if frame.predicate == "active_in" and _supporting(token, lexicon):
        predicate_of_frame = "supporters_in"  # "small support networks in Punjab"
    if frame.predicate == "attacked" and _for_recruits(token, lexicon):
        predicate_of_frame = "recruits_from"  # "targets the al-Hol camp for recruitment"
    if frame.predicate == "attacked" and _by_works(token, lexicon):
        predicate_of_frame = "propaganda_targets"  # "its videos target young Tajiks"
    for subject, obj in _pairs(token, subjects, objects):
        attributes: dict[str, Any] = {}
        if frame.role:
            attributes["role"] = frame.role
        if frame.intent:
            attributes["intent"] = True
        if obj.count is not None and frame.predicate in ("killed", "arrested", "captured"):
            attributes["count"] = obj.count
            numbers = [c for c in obj.token.children if c.dep_ == "nummod"]
            if numbers:  # "more than 600 suspected members": at least 600
                attributes.update(
                    {k: v for k, v in qualifier(numbers[0]).items() if k in ("min", "max")}
                )
        predicate = predicate_of_frame
        timed = True
        if predicate == "propaganda_language":
            attributes.update(_language_attributes(token, obj, lexicon))
            release = (
                token
                if is_release(token)
                else (token.head if token.dep_ == "dobj" and is_release(token.head) else None)
            )
            titled = release is not None and any(
                _titled(c, view, lexicon) for c in release.children if c.dep_ == "dobj"
            )
            if release is not None and not titled:
                predicate = "published"  # a titled work is published by its title instead
            # the language of a titled work is a habit, not dated by its release (as in
            # work_candidates, which reads the same sentence)
            timed = not (release is not None and titled)
        obj_place = obj.mention.place if obj.mention.entity_type in PLACE_TYPES else None
        found.append(
            Candidate(
                subject,
                predicate,
                token,
                obj,
                place=obj_place or place,
                attributes=attributes,
                place_args=[obj] if obj_place else where,
                timed=timed,
            )
        )
    return found


def _mutual(verb: Token, frame: Frame, lexicon: Lexicon) -> bool:
    """A verb said of two parties together: "clashed", "fought each other" (the frame's
    own object is the other party)."""
    if verb.lemma_.lower() in lexicon.mutual.get("verbs", ()):
        return True
    return "patient" in frame.object.split("|") and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "other" for c in verb.children
    )


def _led_by(obj: Arg, view: SentenceView, lexicon: Lexicon) -> Arg:
    """A pledge to a group's leader is a pledge to the group: "pledged allegiance to
    al-Qaeda's leader" is to al-Qaeda."""
    if obj.token.lemma_.lower() not in lexicon.roles:
        return obj
    groups = lexicon.signatures["pledged_allegiance_to"][1]
    owners = [a for a in view.owner(obj.token) if (a.mention.entity_type or "") in groups]
    return owners[0] if owners else obj


def _attack_objects(frame: Frame, token: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The frame's objects; failing them, the places the fallback role names, the unnamed
    target's own place first ("fired rockets at a base in Termez, in Uzbekistan": Termez)."""
    objects = resolve_role(token, frame.object, view, lexicon)
    if objects or not frame.fallback_object:
        return objects
    preps = frozenset(p.removeprefix("prep:") for p in frame.fallback_object.split("|"))
    named = frozenset(
        item.removeprefix("prep:")
        for item in frame.object.split("|")
        if item not in ("agent", "patient")
    )
    seeds = patients_tokens(token) + (_pobjs(token, named) if named else [])
    for target in seeds:  # "struck a crowd near the shrine in Kerman"
        objects += target_places(target, preps | {"near"}, view)
    if objects:
        return objects
    return [
        a
        for a in resolve_role(token, frame.fallback_object, view, lexicon)
        if a.mention.entity_type in PLACE_TYPES
    ]


def patients_tokens(verb: Token) -> list[Token]:
    """The undergoer tokens of a verb (dobj, or nsubjpass of a passive)."""
    wanted = "nsubjpass" if is_passive(verb) else "dobj"
    return [c for c in verb.children if c.dep_ == wanted]


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


def _in_the_event(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a passive event happened "in the fighting", "during the raid": a definite
    event noun with no owner of its own, which refers back to one already reported."""
    return is_passive(verb) and any(
        pobj.lemma_.lower() in lexicon.instrument_nouns
        and _definite(pobj)
        and not any(c.dep_ in ("poss", "compound") for c in pobj.children)
        for pobj in _pobjs(verb, frozenset({"in", "during"}))
    )


def _by_the_event(verb: Token, lexicon: Lexicon) -> bool:
    """Whether an event's subject is a definite event noun with no owner: "the operations
    killed six ISKP fighters" (the operations already reported)."""
    return any(
        c.dep_ == "nsubj"
        and c.lemma_.lower() in lexicon.instrument_nouns
        and _definite(c)
        and not any(g.dep_ in ("poss", "compound") for g in c.children)
        for c in verb.children
    )


def _by_works(token: Token, lexicon: Lexicon) -> bool:
    """Whether the doer of an active verb is a work of propaganda ("its videos target ...",
    "the magazine attacked the Taliban"): words, not violence."""
    if token.pos_ not in ("VERB", "AUX") or is_passive(token):
        return False
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(c.lemma_.lower() in lexicon.propaganda_nouns for c in subjects)


_RECRUITING = frozenset({"recruitment", "recruiting", "recruit", "recruits"})


def _for_recruits(token: Token, lexicon: Lexicon) -> bool:
    """ "target a camp for recruitment": a pool of recruits, not an attack."""
    hosts = [token, *(c for c in token.children if c.dep_ == "dobj")]
    return any(
        p.lemma_.lower() in _RECRUITING or p.lower_ in _RECRUITING
        for host in hosts
        for c in host.children
        if c.dep_ == "prep" and c.lower_ == "for"
        for p in c.children
        if p.dep_ == "pobj"
    )


def _supporting(token: Token, lexicon: Lexicon) -> bool:
    """A presence noun that names support rather than operations: "support networks",
    "funding cells", "networks of sympathisers"."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(
        (c.dep_ in ("compound", "amod") and c.lemma_.lower() in lexicon.support_modifiers)
        # "networks among migrants in Russia": built among people, not fighting there
        or (c.dep_ == "prep" and c.lower_ == "among")
        or (
            c.dep_ == "prep"
            and c.lower_ == "of"
            and any(p.lemma_.lower() in lexicon.support_modifiers for p in c.children)
        )
        for c in token.children
    )


_NATION_PREDICATES = frozenset({"threatens", "propaganda_targets", "active_in"})


def nation_of(token: Token, view: SentenceView) -> Arg | None:
    """The country a people's adjective stands for, when the document names it: "Kenyan"
    in "Kenyan audiences", "Afghan" in "Afghan soil" (see SentenceView.nations)."""
    mention = view.mention_at(token)
    words = [mention.text] if mention is not None else []
    words.append(token.text)
    for word in words:
        nation = view.nations.get(normalize_name(word))
        if nation is not None:
            return Arg(nation, token)
    return None


def _national_objects(token: Token, spec: str, view: SentenceView) -> list[Arg]:
    """Objects named only by a people's adjective: "threatened Chinese interests", "operates
    from Afghan soil", "aimed at Kenyan audiences" (the country, when the document names
    it)."""
    preps = frozenset(i.removeprefix("prep:") for i in spec.split("|") if i.startswith("prep:"))
    nouns = [c for c in token.children if c.dep_ == "dobj"] if "patient" in spec else []
    if preps:
        nouns += _pobjs(token, preps)
    found: list[Arg] = []
    for noun in nouns:
        if view.args(noun):
            continue
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
                nation = nation_of(child, view)
                if nation is not None:
                    found.append(nation)
    return found


def _people_named(token: Token, view: SentenceView) -> bool:
    """Whether the trigger's object is named by a people's adjective ("threatened Chinese
    interests in Afghanistan"): its target is that people's country, not the place where
    the object is."""
    return any(
        (m := view.mention_at(c)) is not None and m.entity_type == "ethnic_group"
        for d in token.children
        if d.dep_ == "dobj"
        for c in d.children
        if c.dep_ in ("amod", "compound", "nmod")
    )


def _joiners(objects: list[Arg], view: SentenceView, defectors: bool) -> list[Arg]:
    """Who joined, as recruitment: peoples and places only ("Indian nationals", "men from
    Lahore"); a people's adjective stands for its country when the document names it."""
    found: list[Arg] = []
    for arg in objects:
        etype = arg.mention.entity_type
        if etype == "ethnic_group" and arg.token.tag_ == "JJ":
            nation = nation_of(arg.token, view)
            found.append(nation or arg)
        elif etype == "ethnic_group" or etype in PLACE_TYPES:
            found.append(arg)
        elif defectors:
            found.append(arg)  # "defectors from the Taliban joined ISKP"
    return found


_DEFECTORS = frozenset({"defector", "deserter"})


def _by_defectors(verb: Token) -> bool:
    """Whether the doer of a verb is defectors ("defectors from the Taliban joined ISKP"):
    people who left a group, not the group itself."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass")
        and any(d.lemma_.lower() in _DEFECTORS for d in (c, *quantified(c)))
        for c in verb.children
    )


def _killing_site(verb: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """What a killing by an unnamed doer hit, as an attack: the gathering or building it
    happened at ("at a rally of the JUI-F party"), else its place ("at his office in
    Mazar-i-Sharif")."""
    hosts = [verb, *patients_tokens(verb)]
    preps = frozenset({"at", "in", "near", "inside", "outside"})
    sites = [p for h in hosts for p in _pobjs(h, preps)]
    actors = [
        a
        for p in sites
        if view.mention_at(p) is None
        for a in view.args(p)
        if a.mention.entity_type not in PLACE_TYPES and a.mention.entity_type != "person"
    ]
    if actors:
        return actors
    places = [a for p in sites for a in view.args(p) if a.mention.entity_type in PLACE_TYPES]
    for site in sites:
        places += target_places(site, preps, view)
    return places


def unclaimed(trigger: Token, targets: list[Arg]) -> list[Candidate]:
    """Attacks with no named doer, kept for a later claim of "the attack"."""
    return [Candidate(t, "attacked", trigger, t, unclaimed=True) for t in targets]


def _audiences(objects: list[Arg], view: SentenceView) -> list[Arg]:
    """Who propaganda addresses: "Iranian audiences" names a country's people, not an
    ethnic group (refused); "Muslims in India, especially in Kashmir" and "Muslims living
    in the West" address the places named."""
    found: list[Arg] = []
    for arg in objects:
        if arg.mention.entity_type != "ethnic_group":
            found.append(arg)
            continue
        if arg.token.tag_ == "JJ" or " " in arg.mention.text.strip():
            # "Iranian audiences", "young Indian Muslims": a nationality, read as its
            # country when the document names it, else refused
            nation = nation_of(arg.token, view)
            country = view.nations.get(normalize_name(arg.mention.text.split()[0]))
            if nation is None and country is not None:
                nation = Arg(country, arg.token)
            if nation is not None:
                found.append(nation)
            continue
        hosts = [arg.token]
        hosts += [c for c in arg.token.children if c.dep_ == "acl"]  # "living in"
        places = _places(
            [a for h in hosts for p in _pobjs(h, frozenset({"in"})) for a in view.args(p)]
        )
        found.extend(places or [arg])
    return found


def _places(args: list[Arg]) -> list[Arg]:
    return [a for a in args if a.mention.entity_type in PLACE_TYPES]


_EVENT_PATH_PREPS = frozenset({"in", "near", "at", "during", "along", "with", "by", "on", "inside"})
_EVENT_PLACE_PREPS = frozenset({"in", "near", "at", "inside"})


def event_places(token: Token, view: SentenceView, lexicon: Lexicon, known: list[Arg]) -> list[Arg]:
    """Places of an event named deeper in its phrases: "was killed in a joint operation in
    Musa Qala district", "arrested X along with 19 militants in a raid in Kandahar", "killed
    by a drone strike on a house in Kabul". Only prepositional chains through instrument
    nouns and "with" phrases are walked (never a clause), and an instrument noun's own
    modifiers ("a US operation") are not places."""
    seen = {id(a.mention) for a in known}
    found: list[Arg] = []

    def walk(host: Token, depth: int) -> None:
        if depth > 4:
            return
        through = host.i != token.i and host.lemma_.lower() in lexicon.instrument_nouns
        for prep in host.children:
            if prep.dep_ not in ("prep", "agent") or prep.lower_ not in _EVENT_PATH_PREPS:
                continue
            # "along with": the second preposition carries the object
            preps = [prep, *(c for c in prep.children if c.dep_ == "prep")]
            for pobj in (c for p in preps for c in p.children if c.dep_ == "pobj"):
                instrument = pobj.lemma_.lower() in lexicon.instrument_nouns
                if prep.lower_ in _EVENT_PLACE_PREPS and not instrument:
                    for arg in _places(view.args(pobj)):
                        if id(arg.mention) not in seen:
                            seen.add(id(arg.mention))
                            found.append(arg)
                if instrument or through or prep.lower_ in ("with", "along"):
                    walk(pobj, depth + 1)

    walk(token, 0)
    return found


_SUSPICION = frozenset({"suspicion", "charge", "accusation", "allegation"})


def suspected_groups(token: Token, view: SentenceView) -> list[Arg]:
    """The group an arrest is for: "arrested seven men on suspicion of forming a cell
    linked to ISKP", "detained on charges of belonging to ISKP"."""
    found: list[Arg] = []
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("on", "for", "over"):
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.lemma_.lower() not in _SUSPICION:
                continue
            for item in pobj.subtree:
                mention = view.mention_at(item)
                if (
                    mention is not None
                    and mention.entity_type == "armed_group"
                    and all(a.mention is not mention for a in found)
                ):
                    found.append(Arg(mention, item))
    return found


def footprints(
    trigger: Token, objects: list[Arg], where: list[Arg], lexicon: Lexicon
) -> list[Candidate]:
    """`active_in` from an event done to a group somewhere: a raid on its hideouts in
    Kunar, its members arrested in Dushanbe or killed in Nangarhar place it there."""
    found: list[Candidate] = []
    # a person stands in for the group they lead or belong to, once the sentence says which
    # (see :func:`through_members`)
    groups = [
        o
        for o in objects
        if o.mention.entity_type in lexicon.footprint_subjects or o.mention.entity_type == "person"
    ]
    for group in groups:
        for place in where:
            found.append(
                Candidate(
                    group,
                    "active_in",
                    trigger,
                    place,
                    place=place.mention.place,
                    place_args=[place],
                    event_time=True,
                )
            )
    return found


def through_members(candidates: list[Candidate]) -> list[Candidate]:
    """Place a group where its leader or member was killed or arrested: "Asim Umar, the
    leader of AQIS, was killed in Musa Qala" puts AQIS in Musa Qala. A footprint read on a
    person becomes one on each group the same sentence ties the person to; without such a
    tie it is dropped."""
    ties: dict[str, list[Arg]] = {}
    for candidate in candidates:
        role = str(candidate.attributes.get("role", ""))
        if (
            candidate.predicate in ("leader_of", "member_of")
            and candidate.object is not None
            and "former" not in role  # a former member's arrest says nothing of the group
        ):
            person = candidate.subject.mention.entity_id or ""
            ties.setdefault(person, []).append(candidate.object)
    kept: list[Candidate] = []
    for candidate in candidates:
        subject = candidate.subject.mention
        if candidate.predicate != "active_in" or subject.entity_type != "person":
            kept.append(candidate)
            continue
        if not candidate.event_time:
            continue  # "a former member now lives in Kabul": a person's home is no footprint
        for group in ties.get(subject.entity_id or "", []):
            kept.append(dataclasses.replace(candidate, subject=group))
    return kept


def _pairs(token: Token, subjects: list[Arg], objects: list[Arg]) -> list[tuple[Arg, Arg]]:
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
        for pobj in _pobjs(host, preps):
            for item in (pobj, *pobj.conjuncts):
                arg = _language_arg(item, view, lexicon)
                if arg is not None:
                    found.append(arg)
    # "a Pashto-language audio lecture", "an Uzbek booklet": the language modifies the work
    for work in objects if token.pos_ in ("VERB", "AUX") else [token]:
        for item in work.subtree:
            if item.i >= work.i:
                break
            arg = _language_arg(item, view, lexicon)
            if arg is not None and all(a.mention.entity_id != arg.mention.entity_id for a in found):
                found.append(arg)
    return found


def is_release(trigger: Token) -> bool:
    """Whether a publishing verb reports one release ("released a video in Urdu") rather
    than a habit ("publishes statements in Arabic"): a past verb with a counted object."""
    if trigger.pos_ not in ("VERB", "AUX"):
        return False
    past = trigger.tag_ == "VBD" or (
        trigger.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.lemma_ == "have" for c in trigger.children)
    )
    if not past:
        return False
    if any(
        c.dep_ == "prep" and c.lower_ == "on" and any(p.ent_type_ == "DATE" for p in c.children)
        for c in trigger.children
    ):
        return True  # "appeared on Thursday in Arabic": one dated issue
    for obj in (c for c in trigger.children if c.dep_ == "dobj"):
        if any(
            c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in ("a", "an"))
            for c in obj.children
        ):
            return True
    return False


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


def _language_attributes(trigger: Token, obj: Arg, lexicon: Lexicon) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    language = lexicon.languages.get(obj.mention.text.lower())
    if language is None:
        language = next(
            (lg for lg in lexicon.languages.values() if lg.entity_id == obj.mention.entity_id),
            None,
        )
    doc = obj.token.doc
    window = doc[obj.token.i : min(len(doc), obj.token.i + 4)]
    stated = next(
        (
            lexicon.scripts[t.lower_]
            for t in window
            if t.lower_ in lexicon.scripts and t.i != obj.token.i
        ),
        None,
    )
    if stated is not None:
        attributes["script"] = stated
    elif language is not None:
        attributes["script"] = language.scripts[0]
    nouns = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    # a modifier names the format more precisely: "audio messages", "video statement"
    words = [m for n in nouns for m in n.children if m.dep_ in ("amod", "compound")] + nouns
    for item in words:
        kind = lexicon.formats.get(item.lemma_.lower())
        if kind is not None:
            attributes["format"] = kind
            break
    return attributes


# -- event nouns ---------------------------------------------------------------------------


def event_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`attacked` from event nouns: "ISKP claimed the bombing in Kabul",
    "the attack on Crocus City Hall was claimed by ISIS-K", "an ISKP attack on ..."."""
    spec = lexicon.event_nouns
    found: list[Candidate] = []
    blame = frozenset(spec.get("blame_verbs", ()))
    for token in view.sent:
        if token.lemma_.lower() in blame and token.pos_ in ("VERB", "AUX"):
            found += _blamed(token, view, lexicon)
            continue
        if _involvement(token, spec):
            # "Ukraine was involved", "Kyiv denied any role": in the attack last reported
            doers = (
                [a for c in token.children if c.dep_ == "nsubjpass" for a in view.args(c)]
                if token.pos_ in ("VERB", "AUX")
                else agents(token.head, view, lexicon)
            )
            found += [
                Candidate(s, spec["predicate"], token, refers_back=True)
                for s in _claimants(doers, view, lexicon)
            ]
            continue
        if _distanced(token, spec):
            # "the TTP distanced itself from the attack": a denial (the noun is the trigger,
            # so the modality reads the verb above it as a negation)
            doers = agents(token.head.head, view, lexicon)
            found += [
                Candidate(s, spec["predicate"], token, refers_back=True)
                for s in _claimants(doers, view, lexicon)
            ]
            continue
        if _bare_responsibility(token, spec):
            # "ISKP claimed responsibility through Amaq": for the attack last reported
            found += [
                Candidate(s, spec["predicate"], token, refers_back=True)
                for s in _claimants(agents(token.head, view, lexicon), view, lexicon)
            ]
            continue
        if token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() not in spec["lemmas"]:
            continue
        if token.head.lemma_.lower() in blame:
            continue  # "blamed the attack on ISWAP": the culprit, not the target
        verb = _light_verb(token, spec)
        owners = [a for a in view.owner(token) if a.mention.entity_type not in PLACE_TYPES]
        warned = verb is not None and verb.lemma_.lower() in spec.get("warning_verbs", ())
        # one who warns of another's attacks does not threaten them
        subjects = owners if (warned and owners) else event_agents(token, view, lexicon)
        if verb is None and token.lemma_.lower() in spec["state_instruments"] and not subjects:
            continue  # "in an operation", "strikes continued": no doer, no report to claim
        hosts = [token] if verb is None else [token, verb]
        first = _first_conjunct(token)
        if first.i != token.i:  # "air and artillery strikes on ADF camps": shared phrases
            hosts.append(first)
        targets: list[Arg] = []
        places: list[Arg] = []
        for host in hosts:
            targets += [
                a
                for p in _pobjs(host, frozenset(spec["target_preps"]))
                if p.ent_type_ not in ("DATE", "TIME")  # "on Saturday" is when, not whom
                for a in view.args(p)
            ]
            for p in _pobjs(host, frozenset(spec["place_preps"])):
                places += [a for a in view.args(p) if a.mention.entity_type in PLACE_TYPES]
                if view.mention_at(p) is None:  # "outside Somalia's ministry in Mogadishu"
                    places += target_places(p, frozenset(spec["place_preps"]), view)
        places = finest(places)
        # "raids against ISKP hideouts in Kunar and Nuristan": the target's own place, which
        # is nearer than the event's ("an attack on a church in Owo, in Ondo State": Owo)
        own = [
            a
            for p in _target_tokens(hosts, spec)
            for q in _pobjs(p, frozenset(spec["place_preps"]))
            for a in view.args(q)
            if a.mention.entity_type in PLACE_TYPES
        ]
        places = own or places
        if not targets and verb is not None:
            # "conducted a raid in Syria, killing a senior ISIS official": who was hit
            targets = _victims(verb, view, lexicon)
        if not targets:  # "a raid in Syria on 28 July that captured an ISIS operative"
            targets = _relative_victims(token, view, lexicon)
        if not targets and not places:
            # "the bombings outside the ministry in Mogadishu": the place of what was hit
            for pobj in _pobjs(
                token, frozenset(spec["target_preps"]) | frozenset(spec["place_preps"])
            ):
                places += target_places(pobj, frozenset(spec["place_preps"]), view)
        where = [a for a in targets if a.mention.entity_type in PLACE_TYPES] or places
        place = _place_of(where)
        # with no target named, each place in a list is one ("strikes in Khost and Paktika");
        # but in "was killed in a US strike in Kunar" the strike hit the person killed, and
        # the place of an attack on an actor is not a second target
        objects = targets or own or ([] if _instrument_of_killing(token, lexicon) else places)
        planned = (
            verb is not None
            and verb.lemma_.lower()
            in (
                set(spec.get("intent_verbs", ()))
                | set(spec.get("call_verbs", ()))
                | set(spec.get("warning_verbs", ()))
            )
            or any(  # "planned attacks", "a foiled plot", "potential attacks"
                c.dep_ in ("amod", "compound")
                and (
                    c.lower_ in spec.get("intent_modifiers", ())
                    or c.lemma_.lower() in spec.get("intent_modifiers", ())
                )
                for c in token.children
            )
        )
        if not planned:
            found += footprints(token, targets, places, lexicon)
            if not subjects and not _ranked(token):
                found += unclaimed(token, objects)
            elif not objects and _definite(token):
                found += [
                    Candidate(s, spec["predicate"], token, refers_back=True)
                    for s in _claimants(subjects, view, lexicon)
                ]
        elif targets:
            # "called for attacks on the United States and on shipping in the Red Sea": an
            # unnamed target stands for its place
            objects = objects + _unnamed_target_places(hosts, spec, view, objects)
        for subject in subjects:
            for obj in objects:
                # "was planning attacks in Europe": a threat, not an attack
                found.append(
                    Candidate(
                        subject,
                        "threatens" if planned else spec["predicate"],
                        token,
                        obj,
                        place=place,
                        place_args=where,
                        attributes={"intent": True} if planned else {},
                    )
                )
    return found


def _instrument_of_killing(noun: Token, lexicon: Lexicon) -> bool:
    """ "killed in a US drone strike", "captured during a raid": the event noun names how
    someone was hit."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ in ("in", "by", "during")
        and prep.head.lemma_.lower() in lexicon.victim_verbs
    )


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _involvement(token: Token, spec: dict[str, Any]) -> bool:
    """A part in an event already reported: "X was involved", "X denied any role", "was
    not involved in the attack"; not "involved in recruitment" or "a role in the group"."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX"):
        if lemma not in spec.get("involvement_verbs", ()) or not is_passive(token):
            return False
    elif lemma not in spec.get("involvement_nouns", ()) or token.dep_ != "dobj":
        return False
    events = frozenset(spec["lemmas"])
    for pobj in _pobjs(token, frozenset({"in"})):
        if pobj.lemma_.lower() not in events or not _definite(pobj):
            return False
    return True


def _distanced(token: Token, spec: dict[str, Any]) -> bool:
    """ "distanced itself from the attack", "dissociated itself from the bombing": the
    definite event noun under a denial verb's "from" (an attack already reported)."""
    prep = token.head
    return (
        token.pos_ in ("NOUN", "PROPN")
        and token.lemma_.lower() in spec["lemmas"]
        and token.dep_ == "pobj"
        and prep.lower_ == "from"
        and prep.head.lemma_.lower() in spec.get("denial_verbs", ())
        and _definite(token)
    )


def _bare_responsibility(token: Token, spec: dict[str, Any]) -> bool:
    """A claim of responsibility that names no event ("claimed responsibility")."""
    return (
        token.lemma_.lower() in spec["responsibility_nouns"]
        and token.dep_ == "dobj"
        and token.head.lemma_.lower() in spec["light_verbs"]
        and not any(
            c.dep_ == "prep" and c.lower_ in ("for", "behind")
            for host in (token, token.head)
            for c in host.children
        )
    )


def _ranked(noun: Token) -> bool:
    """ "the deadliest attack in Russia": a comparison with past events, not a new report."""
    return any(c.dep_ == "amod" and c.tag_ == "JJS" for c in noun.children)


def _claimants(subjects: list[Arg], view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Who a claim of an earlier attack names: a group, or the group a person speaks for
    ("X, a commander of the JuA faction, claimed the bombing"); a person alone is not
    taken for the doer."""
    found: list[Arg] = []
    for subject in subjects:
        if subject.mention.entity_type != "person":
            found.append(subject)
            continue
        for appos in (c for c in subject.token.children if c.dep_ == "appos"):
            if appos.lemma_.lower() not in lexicon.roles:
                continue
            found += [
                a for a in view.owner(appos) if a.mention.entity_type in lexicon.footprint_subjects
            ]
    return found


def _definite(noun: Token) -> bool:
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
        for p in _pobjs(mark, frozenset({"of"}))
        for a in view.args(p)
        if a.mention.entity_type in lexicon.signatures["attacked"][0]
    ]


def _blamed_for(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The culprit blamed for an event: "blames the TTP for a raid on an army post", "a
    faction it blames for the raid" (the culprit is then the clause's antecedent)."""
    head = noun.head
    verb = head.head
    if (
        noun.dep_ != "pobj"
        or head.lower_ != "for"
        or (verb.lemma_.lower() not in lexicon.event_nouns.get("blame_verbs", ()))
    ):
        return []

    def actors(token: Token) -> list[Arg]:
        return [
            a
            for a in view.args(token)
            if a.mention.entity_type in lexicon.signatures["attacked"][0]
        ]

    culprits = [a for c in verb.children if c.dep_ == "dobj" for a in actors(c)]
    if not culprits and verb.dep_ == "relcl":
        culprits = actors(verb.head)
        if not culprits and verb.head.dep_ == "appos":
            culprits = actors(verb.head.head)
    return culprits


def _blamed(verb: Token, view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """ "Police blamed the ADF", "officials blamed the attack on ISWAP": the culprit named
    for the attack last reported (its source is the blamer, read as attribution)."""
    culprits: list[Arg] = []
    if any(
        p.lower_ == "for" and any(_event_noun(o, lexicon) for o in p.children)
        for p in verb.children
    ):
        return []  # "blamed X for a raid on Y": the raid names its own target
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() in lexicon.event_nouns["lemmas"]:
            if not _definite(obj):
                return []
            culprits += [a for p in _pobjs(verb, frozenset({"on"})) for a in view.args(p)]
            culprits += [a for p in _pobjs(obj, frozenset({"on"})) for a in view.args(p)]
        else:
            culprits += view.args(obj)
    return [
        Candidate(c, "attacked", verb, refers_back=True)
        for c in culprits
        if c.mention.entity_type not in PLACE_TYPES and c.mention.entity_type != "person"
    ]


def event_agents(noun: Token, view: SentenceView, lexicon: Lexicon, depth: int = 0) -> list[Arg]:
    """Who did what an event noun names: its owner ("ISKP's attack", "the attack by ISKP") or
    the doer of the light verb that takes it ("ISKP claimed the bombing")."""
    # "the Kabul attack" is where, but "a US drone strike" is by the US (states strike)
    state = noun.lemma_.lower() in lexicon.event_nouns["state_instruments"]
    found = [
        a
        for a in view.owner(noun)
        if a.mention.entity_type not in PLACE_TYPES
        or (state and a.mention.entity_type == "country")
    ]
    found += _blamed_for(noun, view, lexicon)
    found += _hallmarks(noun, view, lexicon)
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in ("including", "like") and depth < 3:
        # "several attacks inside Iran, including a shooting at a shrine": the same doer
        among = antecedent_event(head, lexicon)
        if among is not None and among.i != noun.i:
            found += event_agents(among, view, lexicon, depth + 1)
    verb = _light_verb(noun, lexicon.event_nouns)
    known = lexicon.event_nouns.get("responsible_words", ())
    if verb is not None and verb.lemma_.lower() in known and is_passive(verb):
        # "the branch is known for the ambush": the one known for it did it
        found += [a for c in verb.children if c.dep_ == "nsubjpass" for a in view.args(c)]
    elif verb is not None:
        host = verb if verb.pos_ != "ADJ" else verb.head
        found += agents(host, view, lexicon, depth + 1)
    return found


def _event_noun(token: Token, lexicon: Lexicon) -> bool:
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
    if _event_noun(head, lexicon):
        return head
    for token in reversed(relative.doc[relative.sent.start : relative.left_edge.i]):
        if _event_noun(token, lexicon):
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
        and any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in verb.children)
    ) or any(
        c.dep_ == "prep" and any(g.lower_ == "which" for g in c.children) for c in verb.children
    )
    if not relative:
        return []
    event = antecedent_event(verb, lexicon)
    return event_agents(event, view, lexicon, depth + 1) if event is not None else []


def _unnamed_target_places(
    hosts: list[Token], spec: dict[str, Any], view: SentenceView, known: list[Arg]
) -> list[Arg]:
    seen = {id(a.mention) for a in known}
    found: list[Arg] = []
    for target in _target_tokens(hosts, spec):
        if view.args(target):
            continue
        for pobj in _pobjs(target, frozenset(spec["place_preps"])):
            for arg in _places(view.args(pobj)):
                if id(arg.mention) not in seen:
                    seen.add(id(arg.mention))
                    found.append(arg)
    return found


def _target_tokens(hosts: list[Token], spec: dict[str, Any]) -> list[Token]:
    preps = frozenset(spec["target_preps"])
    return [p for host in hosts for p in _pobjs(host, preps)]


def _relative_victims(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Actors hit by an event, named in a relative clause on its noun: "a raid that captured
    an ISIS operative" (the clause may hang on a date or place after the noun)."""
    found: list[Arg] = []
    for verb in view.sent:
        if (
            verb.dep_ != "relcl"
            or verb.lemma_.lower() not in lexicon.victim_verbs
            or not any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in verb.children)
            or antecedent_event(verb, lexicon) != noun
        ):
            continue
        found += [a for a in patients(verb, view) if a.mention.entity_type not in PLACE_TYPES]
    return found


def _victims(verb: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Actors killed or captured by a participle clause on the event's verb."""
    found: list[Arg] = []
    for child in verb.children:
        if (
            child.dep_ in ("advcl", "conj", "xcomp")
            and child.tag_ == "VBG"
            and (child.lemma_.lower() in lexicon.victim_verbs)
        ):
            found += [a for a in patients(child, view) if a.mention.entity_type not in PLACE_TYPES]
    return found


def _light_verb(noun: Token, spec: dict[str, Any]) -> Token | None:
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
        if owner.lemma_.lower() in spec.get("responsible_words", ("responsible",)) or (
            head.lower_ == "behind"
        ):
            return owner  # also "is best known for the ambush near Tongo Tongo"
    return None


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
        numbers = [p for p in _pobjs(head, _COUNT_PREPS) if p.like_num]
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
            places += _places(
                [a for p in _pobjs(token.head, frozenset({token.lower_})) for a in view.args(p)]
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


# -- relation nouns ---------------------------------------------------------------------------


def relation_noun_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """Relations carried by a noun between its subject and its owner: "JNIM is al-Qaeda's
    official affiliate", "ISSP, a bitter rival of al-Shabaab", "regards the Houthis as
    enemies", "has been at war with ISSP"."""
    found: list[Candidate] = []
    for token in view.sent:
        predicate = lexicon.relation_nouns.get(token.lemma_.lower())
        if predicate is None or token.pos_ not in ("NOUN", "PROPN") or view.mention_at(token):
            continue
        subjects, objects = _noun_roles(token, view, lexicon)
        # "ISKP and the TTP are competitors in Bajaur": both are there (a noun with an
        # owner, "al-Qaeda's affiliate in the Sahel", places only one of them: not read)
        places = _places([a for p in _pobjs(token, frozenset({"in"})) for a in view.args(p)])
        if objects or len(subjects) < 2:
            places = []
        present = list(subjects)
        if not objects and predicate in lexicon.mutual.get("predicates", ()):
            # "ISKP and the Taliban are bitter rivals": each the other's
            subjects, objects = subjects[:1], subjects[1:]
        for subject, obj in _pairs(token, subjects, objects):
            found.append(Candidate(subject, predicate, token, obj))
        for actor in present:
            for place in places:
                found.append(
                    Candidate(
                        actor,
                        "active_in",
                        token,
                        place,
                        place=place.mention.place,
                        place_args=[place],
                    )
                )
    return found + bond_noun_candidates(view, lexicon)


def bond_noun_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """Relations named by a noun of the bond itself: "the rivalry between ISKP and the
    Taliban", "ISKP's war with the Taliban", "a close relationship between X and Y"."""
    spec = lexicon.mutual
    nouns: dict[str, str] = spec.get("nouns", {})
    weak: frozenset[str] = frozenset(spec.get("weak_nouns", ()))
    close: frozenset[str] = frozenset(spec.get("close_words", ()))
    found: list[Candidate] = []
    for token in view.sent:
        lemma = token.lemma_.lower()
        if token.pos_ not in ("NOUN", "PROPN") or view.mention_at(token):
            continue
        if lemma in nouns:
            predicate = nouns[lemma]
        elif lemma in weak and _called(token, close):
            predicate = "allied_with"  # "the relationship ... remains close"
        else:
            continue
        between = [a for p in _pobjs(token, frozenset({"between", "among"})) for a in view.args(p)]
        if len(between) >= 2:
            pairs = [(between[0], other) for other in between[1:]]
        else:
            owners = view.owner(token)
            others = [
                a for p in _pobjs(token, frozenset({"with", "against"})) for a in view.args(p)
            ]
            if not owners and token.dep_ == "dobj":
                # "ISKP has close links with X", "X and Y have close ties": the verb's subject
                doers = agents(token.head, view, lexicon)
                owners, others = (doers, others) if others else (doers[:1], doers[1:])
            pairs = [(o, x) for o in owners for x in others]
        found += [Candidate(a, predicate, token, b) for a, b in pairs]
    return found


def _called(noun: Token, words: frozenset[str]) -> bool:
    """Whether a noun is called close: "close ties", "the relationship remains close"."""
    if any(c.dep_ == "amod" and c.lemma_.lower() in words for c in noun.children):
        return True
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return any(
            c.dep_ in ("acomp", "attr", "oprd") and c.lemma_.lower() in words for c in head.children
        )
    return False


def _noun_roles(token: Token, view: SentenceView, lexicon: Lexicon) -> tuple[list[Arg], list[Arg]]:
    owners = view.owner(token)
    head = token.head
    if token.dep_ in ("attr", "acomp"):  # "X is/remains Y's rival"
        subjects = [
            a for c in head.children if c.dep_ in ("nsubj", "nsubjpass") for a in view.args(c)
        ]
        if subjects and subjects[0].token.lower_ in _RELATIVE and head.dep_ == "relcl":
            subjects = view.args(head.head)
        if not subjects and head.dep_ == "relcl":
            subjects = view.args(head.head)
        return subjects, owners
    if token.dep_ == "appos":  # "ISSP, a bitter rival of al-Shabaab"
        return view.args(head), owners
    if token.dep_ == "oprd" or (token.dep_ == "pobj" and head.lower_ == "as"):
        verb = head if token.dep_ == "oprd" else head.head
        if verb.pos_ in ("VERB", "AUX"):  # "regards X as an enemy", "calls Russia an enemy"
            if is_passive(verb):
                return [
                    a for c in verb.children if c.dep_ == "nsubjpass" for a in view.args(c)
                ], owners or agents(verb, view, lexicon)
            return agents(verb, view, lexicon), owners or patients(verb, view)
    if token.dep_ == "pobj" and head.lower_ in ("at", "in") and head.head.pos_ in ("VERB", "AUX"):
        # "has been at war with ISSP"
        others = [a for p in _pobjs(token, frozenset({"with", "against"})) for a in view.args(p)]
        return agents(head.head, view, lexicon), others
    members = [
        a for p in _pobjs(token, frozenset({"as", "including", "like"})) for a in view.args(p)
    ]
    if members and token.dep_ in ("dobj", "pobj"):
        # "relying on affiliates such as al-Shabaab": the owner, or the verb's doer
        verb = head if token.dep_ == "dobj" else head.head
        if not owners and verb.pos_ in ("VERB", "AUX"):
            owners = agents(verb, view, lexicon)
        return members, owners
    return [], []


# -- titled works ------------------------------------------------------------------------------

_TITLE_CUES = frozenset({"titled", "entitled", "called", "named"})
_TITLE_JOINERS = frozenset({"of", "the", "and", "in", "for", "to", "a", "an", "on"})


def work_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`published` for a titled release: "released an Uzbek video titled The Truth of
    Central Asia" (the title is the object, its language a `propaganda_language` of the
    publisher), and "launched Voice of Khurasan, an English-language magazine"."""
    found: list[Candidate] = []
    verbs = lexicon.publish_verbs
    for verb in view.sent:
        if verb.lemma_.lower() not in verbs or verb.pos_ not in ("VERB", "AUX"):
            continue
        subjects = agents(verb, view, lexicon)
        if not subjects:
            continue
        for work in (c for c in verb.children if c.dep_ == "dobj"):
            titled = _titled(work, view, lexicon)
            if titled is None:
                continue
            title, kind, language_of = titled
            attributes: dict[str, Any] = {"format": kind} if kind else {}
            value = Quantity(value=title, type="text")
            for subject in subjects:
                found.append(
                    Candidate(subject, "published", verb, value=value, attributes=dict(attributes))
                )
                for language in language_of:
                    owner = subject
                    outlet = view.mention_at(work)
                    if outlet is not None and outlet.entity_type == "media_outlet":
                        owner = Arg(outlet, work)  # the magazine's own language
                    # the language of a work is a habit, not dated by the launch
                    found.append(
                        Candidate(owner, "propaganda_language", verb, language, timed=False)
                    )
    return found


def _titled(
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


def outlet_language_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`propaganda_language` of a named outlet or magazine described by its language:
    "Voice of Hind, an English-language online magazine" (whoever publishes it)."""
    found: list[Candidate] = []
    for token in view.sent:
        mention = view.mention_at(token)
        if mention is None or mention.entity_type != "media_outlet":
            continue
        for appos in (c for c in token.children if c.dep_ == "appos"):
            if appos.lemma_.lower() not in lexicon.formats:
                continue
            for language in language_args(appos, "prep:in", view, lexicon):
                found.append(
                    Candidate(
                        Arg(mention, token), "propaganda_language", appos, language, timed=False
                    )
                )
            # "Voice of Hind, a magazine published by ISKP": the publisher and its title
            kind = lexicon.formats[appos.lemma_.lower()]
            for verb in appos.children:
                if verb.dep_ != "acl" or verb.lemma_.lower() not in lexicon.publish_verbs:
                    continue
                for publisher in (a for p in _pobjs(verb, frozenset({"by"})) for a in view.args(p)):
                    found.append(
                        Candidate(
                            publisher,
                            "published",
                            verb,
                            value=Quantity(value=mention.text, type="text"),
                            attributes={"format": kind},
                        )
                    )
    return found


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


def produced_by_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`media_arm_of` from a group's work put out by an outlet: "its propaganda, produced
    by the Al-Azaim Foundation" (the outlet speaks for the work's owner)."""
    found: list[Candidate] = []
    for verb in view.sent:
        if (
            verb.dep_ != "acl"
            or verb.tag_ != "VBN"
            or (verb.lemma_.lower() not in lexicon.publish_verbs)
        ):
            continue
        outlets = [
            a
            for p in _pobjs(verb, frozenset({"by"}))
            for a in view.args(p)
            if a.mention.entity_type == "media_outlet"
        ]
        owners = [a for a in view.owner(verb.head) if a.mention.entity_type != "media_outlet"]
        for outlet in outlets:
            for owner in owners:
                found.append(Candidate(outlet, "media_arm_of", verb, owner, timed=False))
    return found


# -- succession --------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Leadership:
    """A leader_of fact read earlier in the document: who led which group."""

    person_id: str
    group: Mention


def succession_candidates(
    view: SentenceView, lexicon: Lexicon, known: list[Leadership]
) -> list[Candidate]:
    """`leader_of` from succession words: "his predecessor X", "named X as his successor",
    "X replaced Y", "X took over". The group is the one the other leader led: a leader read
    in this sentence, the person a possessive names, or the last leader the document named
    (``known``, oldest first)."""
    spec = lexicon.succession
    if not spec:
        return []
    found: list[Candidate] = []
    nouns: dict[str, str] = spec.get("nouns", {})
    for token in view.sent:
        lemma = token.lemma_.lower()
        if token.pos_ in ("NOUN", "PROPN") and lemma in nouns:
            found += _succession_noun(token, nouns[lemma], view, known)
        elif token.pos_ == "VERB" and lemma in spec.get("replace_verbs", ()):
            found += _replacement(token, view, lexicon, known)
        elif (
            token.pos_ == "VERB"
            and lemma in spec.get("takeover_verbs", ())
            and any(c.dep_ == "prt" and c.lower_ == "over" for c in token.children)
        ):
            found += _takeover(token, view, lexicon, known)
    return found


def _people(args: list[Arg]) -> list[Arg]:
    return [a for a in args if a.mention.entity_type == "person"]


def _led_group(
    view: SentenceView, known: list[Leadership], person_id: str | None, lexicon: Lexicon
) -> Mention | None:
    """The group led by ``person_id`` (or, without one, by the leader of this sentence or
    the document's last-named leader)."""
    if person_id is not None:
        for item in reversed(known):
            if item.person_id == person_id:
                return item.group
        return None
    here = _sentence_led_groups(view, lexicon)
    if len({m.entity_id for m in here}) == 1:
        return here[0]
    if here:
        return None  # two groups led in one sentence: ambiguous
    return known[-1].group if known else None


def _sentence_led_groups(view: SentenceView, lexicon: Lexicon) -> list[Mention]:
    """Groups this sentence says someone leads ("had led ISKP since April")."""
    lemmas = {lemma for f in lexicon.frames if f.predicate == "leader_of" for lemma in f.lemmas}
    found: list[Mention] = []
    for token in view.sent:
        if token.pos_ == "VERB" and token.lemma_.lower() in lemmas:
            found += [
                a.mention
                for a in patients(token, view)
                if a.mention.entity_type in lexicon.signatures["leader_of"][1]
            ]
    return found


def _reference(token: Token, view: SentenceView) -> tuple[bool, str | None]:
    """Whose predecessor or successor: (possessive or none, the person id if named)."""
    for child in token.children:
        if child.dep_ == "poss":
            mention = view.mention_at(child)
            if mention is not None and mention.entity_type == "person":
                return True, mention.entity_id
            return True, None
    return False, None


def _succession_noun(
    token: Token, side: str, view: SentenceView, known: list[Leadership]
) -> list[Candidate]:
    """ "his predecessor, X" / "X, his successor" / "named X as his successor"."""
    owned, person_id = _reference(token, view)
    if not owned:
        return []  # "a possible successor": whose is unknown
    people: list[Arg] = []
    naming: Token | None = None  # the verb that names a successor dates the succession
    apposed = view._apposed(token)
    if apposed is not None:
        people = [apposed]
    elif token.dep_ == "appos":
        people = view.args(token.head)
    elif token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ == "VERB":
        naming = token.head.head  # "named X as his successor"
        people = patients(naming, view)
    elif token.dep_ in ("attr", "oprd"):
        naming = token.head  # "X was named / became his successor"
        people = [
            a for c in naming.children if c.dep_ in ("nsubj", "nsubjpass") for a in view.args(c)
        ]
    group = _led_group(view, known, person_id, view.lexicon)
    if group is None:
        return []
    starts = side == "start" and naming is not None
    return [
        Candidate(
            person,
            "leader_of",
            naming if starts and naming is not None else token,
            Arg(group, token),
            attributes={"role": "successor" if side == "start" else "predecessor"},
            timed=starts,
            # "announced on Thursday that ... and named X as his successor"
            time_from=tuple(a for a in naming.ancestors if a.pos_ == "VERB") if naming else (),
        )
        for person in _people(people)
        if person.mention.entity_id != person_id
    ]


def _replacement(
    verb: Token, view: SentenceView, lexicon: Lexicon, known: list[Leadership]
) -> list[Candidate]:
    """ "X replaced / succeeded Y": Y led the group X now leads."""
    predecessors = _people(patients(verb, view))
    if not predecessors:
        return []
    group = (
        _role_group(verb, view, lexicon)
        or _led_group(view, known, predecessors[0].mention.entity_id, lexicon)
        or _led_group(view, known, None, lexicon)
    )
    if group is None:
        return []
    found = [
        Candidate(
            p, "leader_of", verb, Arg(group, verb), attributes={"role": "predecessor"}, timed=False
        )
        for p in predecessors
    ]
    found += [
        Candidate(s, "leader_of", verb, Arg(group, verb), attributes={"role": "successor"})
        for s in _people(agents(verb, view, lexicon))
    ]
    return found


def _role_group(verb: Token, view: SentenceView, lexicon: Lexicon) -> Mention | None:
    """The group a leading title names: "succeeded Y as leader of ISKP"."""
    groups = lexicon.signatures["leader_of"][1]
    for pobj in _pobjs(verb, frozenset({"as"})):
        if lexicon.roles.get(pobj.lemma_.lower()) != "leader_of":
            continue
        for arg in view.owner(pobj):
            if (arg.mention.entity_type or "") in groups:
                return arg.mention
    return None


def _takeover(
    verb: Token, view: SentenceView, lexicon: Lexicon, known: list[Leadership]
) -> list[Candidate]:
    """ "After Y was killed, X took over": X leads the group the document's last leader led."""
    if any(c.dep_ == "dobj" for c in verb.children):
        return []  # "took over the town": not a leadership
    takers = _people(agents(verb, view, lexicon))
    others = [k for k in known if all(k.person_id != t.mention.entity_id for t in takers)]
    group = _led_group(view, others, None, lexicon)
    if group is None:
        return []
    # "After Y was killed in 2009, X took over": the subordinate clause dates it
    clauses = tuple(c for c in verb.children if c.dep_ == "advcl")
    found = [
        Candidate(
            t,
            "leader_of",
            verb,
            Arg(group, verb),
            attributes={"role": "successor"},
            time_from=clauses,
        )
        for t in takers
    ]
    # ... and the one whose death or capture it followed is the predecessor
    ends = frozenset(lexicon.succession.get("end_verbs", ()))
    for clause in clauses:
        for item in clause.subtree:
            if item.pos_ != "VERB" or item.lemma_.lower() not in ends:
                continue
            gone = patients(item, view) or (
                []
                if is_passive(item)
                else [a for c in item.children if c.dep_ == "nsubj" for a in view.args(c)]
            )
            found += [
                Candidate(
                    p,
                    "leader_of",
                    verb,
                    Arg(group, verb),
                    attributes={"role": "predecessor"},
                    timed=False,
                )
                for p in _people(gone)
                if all(p.mention.entity_id != t.mention.entity_id for t in takers)
            ]
    return found
