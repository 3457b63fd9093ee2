"""Event candidates from event nouns: "ISKP's attack on X", "a drone strike in Kunar",
"claimed the bombing", and what later sentences say of an attack already reported."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from spoor.relations.arguments import (
    RELATIVE,
    Candidate,
    agents,
    antecedent_event,
    definite,
    event_agents,
    event_noun,
    footprints,
    is_passive,
    light_verb,
    only_places,
    patients,
    place_of,
    pobjs_of,
    target_places,
    unclaimed,
    unknown_site,
)
from spoor.relations.custody import CUSTODY_PREDICATES, state_doers, unnamed_doers
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import PLACE_TYPES, Arg, SentenceView


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
        if _denied_charge(token, spec):
            # "blamed the TTP, which denied the accusation": the accused denies a part in
            # the attack (the modality reads the denial verb above the noun as a negation)
            found += [
                Candidate(s, spec["predicate"], token, refers_back=True, charged=True)
                for s in _claimants(agents(token.head, view, lexicon), view, lexicon)
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
        verb = light_verb(token, spec)
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
        sites = frozenset(spec.get("site_nouns", ()))
        for host in hosts:
            targets += [
                a
                for p in pobjs_of(host, _target_preps(host, spec))
                if p.ent_type_ not in ("DATE", "TIME")  # "on Saturday" is when, not whom
                for a in view.args(p)
                # "an attack on a Shia mosque in Kandahar": the building's people are not
                # the target; where it stands is
                if not (p.lemma_.lower() in sites and a.mention.entity_type == "ethnic_group")
            ]
            for p in pobjs_of(host, frozenset(spec["place_preps"])):
                places += [a for a in view.args(p) if a.mention.entity_type in PLACE_TYPES]
                if view.mention_at(p) is None:  # "outside Somalia's ministry in Mogadishu"
                    places += target_places(p, frozenset(spec["place_preps"]), view)
        places = finest(places)
        # "raids against ISKP hideouts in Kunar and Nuristan": the target's own place, which
        # is nearer than the event's ("an attack on a church in Owo, in Ondo State": Owo)
        own = [
            a
            for p in _target_tokens(hosts, spec)
            for q in pobjs_of(p, frozenset(spec["place_preps"]))
            for a in view.args(q)
            if a.mention.entity_type in PLACE_TYPES
        ]
        places = own or places
        if not targets and verb is not None:
            # "conducted a raid in Syria, killing a senior ISIS official": who was hit
            targets = _victims(verb, view, lexicon)
        if not targets:  # "a raid in Syria on 28 July that captured an ISIS operative"
            targets = _relative_victims(token, view, lexicon)
        if not subjects and targets and _instrument_of_killing(token, lexicon):
            # "killed 30 soldiers in an ambush on an army patrol": the killer ambushed
            subjects = agents(token.head.head, view, lexicon)
        besieged = _under_attack(token, view)
        if besieged is not None:
            # "the town of Baga came under attack from ISWAP"
            subjects = subjects or besieged[0]
            targets = targets or besieged[1]
        if not targets and not places:
            # "the attack, which killed 30 people in Peshawar, was claimed by ISKP"
            places = _relative_places(token, view, lexicon)
        if not targets and not places:
            # "the bombings outside the ministry in Mogadishu": the place of what was hit
            for pobj in pobjs_of(
                token, _target_preps(token, spec) | frozenset(spec["place_preps"])
            ):
                places += target_places(pobj, frozenset(spec["place_preps"]), view)
        where = [a for a in targets if a.mention.entity_type in PLACE_TYPES] or places
        place = place_of(where)
        # with no target named, each place in a list is one ("strikes in Khost and Paktika");
        # but in "was killed in a US strike in Kunar" the strike hit the person killed, and
        # the place of an attack on an actor is not a second target
        objects = targets or own or ([] if _killed_someone(token, view, lexicon) else places)
        if unknown_site(_target_tokens(hosts, spec), objects, view):
            # "an attack on the town of Barsalogho in central Burkina Faso": the town hit is
            # named but unknown; the country is no target (precision first)
            objects = []
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
            elif not objects and (definite(token) or _framing(token)):
                # "X claimed the attack": the attack last reported; "..., in an attack
                # claimed by X": one reported earlier in the sentence
                found += [
                    Candidate(
                        s,
                        spec["predicate"],
                        token,
                        refers_back=True,
                        same_sentence=not definite(token),
                    )
                    for s in _claimants(subjects, view, lexicon)
                ]
        elif targets:
            # "called for attacks on the United States and on shipping in the Red Sea": an
            # unnamed target stands for its place
            objects = objects + _unnamed_target_places(hosts, spec, view, objects)
        for subject in subjects:
            for obj in objects:
                # "strikes in Khost and Paktika": each place listed is where its strike was
                own_place = obj.mention.place if obj.mention.entity_type in PLACE_TYPES else None
                # "was planning attacks in Europe": a threat, not an attack
                found.append(
                    Candidate(
                        subject,
                        "threatens" if planned else spec["predicate"],
                        token,
                        obj,
                        place=own_place or place,
                        place_args=[obj] if own_place else where,
                        attributes={"intent": True} if planned else {},
                        timed=not _remembered(token, spec),
                    )
                )
    return found + nominal_event_candidates(view, lexicon)


def nominal_event_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """Events named by a noun with its undergoer in an "of" phrase: "the kidnapping of two
    engineers by al-Shabaab", "ISKP claimed the killing of a Taliban commander", "the
    Taliban's release of ISKP prisoners". The doer is the "by" phrase, the owner or the
    subject of a light verb ("claimed", "carried out"); a release that is only demanded or
    negotiated has not happened."""
    spec = lexicon.event_nouns
    nominal: dict[str, str] = spec.get("nominal_events", {})
    unrealised = frozenset(spec.get("unrealised_verbs", ()))
    found: list[Candidate] = []
    for token in view.sent:
        predicate = nominal.get(token.lemma_.lower())
        if predicate is None or token.pos_ not in ("NOUN", "PROPN") or view.mention_at(token):
            continue
        if _governor(token).lemma_.lower() in unrealised:
            continue  # "demanded the release of", "called for the release of"
        objects = [
            a
            for p in pobjs_of(token, frozenset({"of"}))
            for a in view.args(p)
            if a.mention.entity_type not in PLACE_TYPES
        ]
        if not objects:
            continue
        if token.lemma_.lower() in spec.get("instrument_only_nouns", ()):
            # "confirmed the death of its leader in a US raid": the raid's owner killed him
            found += _instrument_killings(token, objects, view, lexicon)
            continue
        by = pobjs_of(token, frozenset({"by"}))
        doers = [a for p in by for a in view.args(p)]
        doers += [a for c in token.children if c.dep_ == "poss" for a in view.args(c)]
        if predicate in CUSTODY_PREDICATES and unnamed_doers(doers, lexicon):
            # "the arrest of two ISKP suspects by Turkish police"
            doers = state_doers(by, token, view, lexicon) or doers
        verb = light_verb(token, spec)
        if verb is not None and verb.lemma_.lower() in unrealised | set(spec["intent_verbs"]):
            continue
        if not doers and verb is not None:
            doers = agents(verb if verb.pos_ != "ADJ" else verb.head, view, lexicon)
        where = finest(
            [
                a
                for p in pobjs_of(token, frozenset(spec["place_preps"]))
                for a in view.args(p)
                if a.mention.entity_type in PLACE_TYPES
            ]
        )
        hit = {o.mention.entity_id for o in objects}
        for doer in doers:
            if doer.mention.entity_id in hit or doer.mention.entity_type in PLACE_TYPES:
                continue
            found += [
                Candidate(doer, predicate, token, obj, place=place_of(where), place_args=where)
                for obj in objects
            ]
    return found


def _instrument_killings(
    noun: Token, victims: list[Arg], view: SentenceView, lexicon: Lexicon
) -> list[Candidate]:
    """ "the death of X in a US raid in Atmeh": `killed` by the owner of the instrument."""
    found: list[Candidate] = []
    hit = {id(v.mention) for v in victims}
    # the parser may hang the phrase on the verb: "confirmed the death of X in a US raid"
    hosts = [noun, noun.head] if noun.dep_ == "dobj" else [noun]
    for instrument in (p for h in hosts for p in pobjs_of(h, frozenset({"in", "during"}))):
        if instrument.lemma_.lower() not in lexicon.instrument_nouns:
            continue
        doers = [
            a
            for a in view.owner(instrument)
            if id(a.mention) not in hit
            and (a.mention.entity_type not in PLACE_TYPES or a.mention.entity_type == "country")
        ]
        where = finest(
            [
                a
                for p in pobjs_of(instrument, frozenset(lexicon.event_nouns["place_preps"]))
                for a in view.args(p)
                if a.mention.entity_type in PLACE_TYPES
            ]
        )
        found += [
            Candidate(d, "killed", noun, v, place=place_of(where), place_args=where)
            for d in doers
            for v in victims
        ]
    return found


def _governor(noun: Token) -> Token:
    """The verb a noun phrase hangs on: "demanded the release", "called for the release"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        return head.head
    return head


def _instrument_of_killing(noun: Token, lexicon: Lexicon) -> bool:
    """ "killed in a US drone strike", "captured during a raid": the event noun names how
    someone was hit."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ in ("in", "by", "during")
        and prep.head.lemma_.lower() in lexicon.victim_verbs
    )


def _killed_someone(noun: Token, view: SentenceView, lexicon: Lexicon) -> bool:
    """Whether the event noun is how a named actor was hit ("killed in a US strike in Kunar",
    "a US drone strike in Kabul killed al-Zawahiri"): its place is then no second target
    (but "an air strike in Khost killed eight people" hit Khost)."""
    if _instrument_of_killing(noun, lexicon):
        return True
    verb = noun.head
    return (
        noun.dep_ == "nsubj"
        and verb.lemma_.lower() in lexicon.victim_verbs
        and any(a.mention.entity_type not in PLACE_TYPES for a in patients(verb, view))
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
    for pobj in pobjs_of(token, frozenset({"in"})):
        if pobj.lemma_.lower() not in events or not definite(pobj):
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
        and definite(token)
    )


def _denied_charge(token: Token, spec: dict[str, Any]) -> bool:
    """ "denied the accusation", "rejected the claims", "dismissed the allegations": a
    definite charge noun, object of a denial verb (whose charge is checked by the stage)."""
    return (
        token.pos_ == "NOUN"
        and token.lemma_.lower() in spec.get("charge_nouns", ())
        and token.dep_ == "dobj"
        and token.head.lemma_.lower() in spec.get("charge_denial_verbs", ())
        and definite(token)
        and not any(c.dep_ == "poss" for c in token.children)  # "rejected ISKP's claim"
    )


def _bare_responsibility(token: Token, spec: dict[str, Any]) -> bool:
    """A claim of responsibility that names no event ("claimed responsibility")."""
    verbs = set(spec["light_verbs"]) | set(spec.get("responsibility_verbs", ()))
    named = any(
        c.dep_ == "prep" and c.lower_ in ("for", "behind")
        for host in (token, token.head)
        for c in host.children
    )
    if token.lemma_.lower() == "responsible" and token.dep_ == "acomp":
        # "ISWAP said in a statement that it was responsible"
        return not named and any(c.dep_ == "nsubj" for c in token.head.children)
    return (
        token.lemma_.lower() in spec["responsibility_nouns"]
        and token.dep_ == "dobj"
        and token.head.lemma_.lower() in verbs
        and not named
    )


def _framing(noun: Token) -> bool:
    """An indefinite event noun that frames what its sentence reports: "a bomber killed six
    people in Kandahar, officials said, in an attack claimed by Islamic State"."""
    return (
        noun.dep_ == "pobj"
        and noun.head.lower_ in ("in", "during")
        and noun.head.head.dep_ == "ROOT"
        and any(c.dep_ == "acl" for c in noun.children)
    )


def _remembered(noun: Token, spec: dict[str, Any]) -> bool:
    """ "Friday marks the anniversary of the attack on Palma", "a memorial to the victims of
    the bombing": an earlier event recalled, which the sentence's dates do not date."""
    head = noun.head
    while head.dep_ == "prep" or head.lemma_.lower() in spec.get("victim_nouns", ()):
        if head.head.i == head.i:
            break
        head = head.head
    return noun.dep_ == "pobj" and head.lemma_.lower() in spec.get("memorial_nouns", ())


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


def _blamed(verb: Token, view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """ "Police blamed the ADF", "officials blamed the attack on ISWAP": the culprit named
    for the attack last reported (its source is the blamer, read as attribution)."""
    culprits: list[Arg] = []
    if any(
        p.lower_ == "for" and any(event_noun(o, lexicon) for o in p.children) for p in verb.children
    ):
        return []  # "blamed X for a raid on Y": the raid names its own target
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() in lexicon.event_nouns["lemmas"]:
            if not definite(obj):
                return []
            culprits += [a for p in pobjs_of(verb, frozenset({"on"})) for a in view.args(p)]
            culprits += [a for p in pobjs_of(obj, frozenset({"on"})) for a in view.args(p)]
        else:
            culprits += view.args(obj)
    return [
        Candidate(c, "attacked", verb, refers_back=True)
        for c in culprits
        if c.mention.entity_type not in PLACE_TYPES and c.mention.entity_type != "person"
    ]


def _unnamed_target_places(
    hosts: list[Token], spec: dict[str, Any], view: SentenceView, known: list[Arg]
) -> list[Arg]:
    seen = {id(a.mention) for a in known}
    found: list[Arg] = []
    for target in _target_tokens(hosts, spec):
        if view.args(target):
            continue
        for pobj in pobjs_of(target, frozenset(spec["place_preps"])):
            for arg in only_places(view.args(pobj)):
                if id(arg.mention) not in seen:
                    seen.add(id(arg.mention))
                    found.append(arg)
    return found


def _target_preps(host: Token, spec: dict[str, Any]) -> frozenset[str]:
    """The prepositions that name what an event noun hit: "an attack on", "the bombing of"."""
    preps = frozenset(spec["target_preps"])
    if host.lemma_.lower() in spec.get("of_target_nouns", ()):
        return preps | {"of"}
    return preps


def _target_tokens(hosts: list[Token], spec: dict[str, Any]) -> list[Token]:
    return [p for host in hosts for p in pobjs_of(host, _target_preps(host, spec))]


def _under_attack(noun: Token, view: SentenceView) -> tuple[list[Arg], list[Arg]] | None:
    """(doers, targets) of "X came under attack from Y", "X was under attack by Y"."""
    prep = noun.head
    verb = prep.head
    if noun.dep_ != "pobj" or prep.lower_ != "under" or verb.lemma_.lower() not in ("come", "be"):
        return None
    doers = [
        a
        for host in (noun, verb)
        for p in pobjs_of(host, frozenset({"from", "by"}))
        for a in view.args(p)
        if a.mention.entity_type not in PLACE_TYPES
    ]
    targets = [a for c in verb.children if c.dep_ == "nsubj" for a in view.args(c)]
    return doers, targets


def _relative_places(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Where an event happened, said in a relative clause on its noun: "the attack, which
    killed 30 people in Peshawar"."""
    preps = frozenset(lexicon.event_nouns["place_preps"])
    found: list[Arg] = []
    for verb in noun.children:
        if verb.dep_ != "relcl" or verb.lemma_.lower() not in lexicon.victim_verbs:
            continue
        found += [
            a
            for p in pobjs_of(verb, preps)
            for a in view.args(p)
            if a.mention.entity_type in PLACE_TYPES
        ]
    return finest(found)


def _relative_victims(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Actors hit by an event, named in a relative clause on its noun: "a raid that captured
    an ISIS operative" (the clause may hang on a date or place after the noun)."""
    found: list[Arg] = []
    for verb in view.sent:
        if (
            verb.dep_ != "relcl"
            or verb.lemma_.lower() not in lexicon.victim_verbs
            or not any(c.dep_ == "nsubj" and c.lower_ in RELATIVE for c in verb.children)
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
