"""Dependency frames: candidate facts around the trigger words of relations.yaml.

Each frame names a trigger (lemma and part of speech) and where its subject and object
sit (agent, patient, or the object of a preposition); footprints read from events done
to a group live here too. Argument finding is spoor.relations.arguments; the other
families of candidates have their own modules (events, strength, nouns, works,
succession).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from spacy.tokens import Token

from spoor.geo.normalize import normalize_name
from spoor.relations.arguments import (
    Candidate,
    agents,
    antecedent_event,
    clause_subject,
    definite,
    footprints,
    is_passive,
    language_args,
    only_places,
    place_of,
    pobjs_of,
    prep_objects,
    quantified,
    resolve_role,
    sibling_victim_verb,
    subject_object_pairs,
    target_places,
    titled_work,
    unclaimed,
    unknown_site,
    with_owner,
)
from spoor.relations.custody import (
    CUSTODY_PREDICATES,
    doer_nouns,
    state_doers,
    unnamed_doers,
)
from spoor.relations.footprint import (
    PRESENCE_PREDICATES,
    based_candidates,
    branch_candidates,
    control_candidates,
    described_groups,
    extra_places,
    fighting_candidates,
    lost_candidates,
    ousted_places,
    sighted_candidates,
    threat_candidates,
    tied_groups,
)
from spoor.relations.holds import (
    doer_places,
    haven_candidates,
    held_candidates,
    parent_of_branch,
    retaken_candidates,
)
from spoor.relations.lexicon import EVENT_PREDICATES, Frame, Lexicon
from spoor.relations.quantities import qualifier
from spoor.relations.sentence import PLACE_TYPES, Arg, SentenceView


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
                # "shot dead": the parser makes "dead" a complement
                c.dep_ in ("prt", "prep", "advmod", "acomp", "oprd") and c.lower_ in frame.particles
                for c in token.children
            ):
                continue
            if frame.blocked_by and any(
                c.dep_ in ("prep", "prt") and c.lower_ in frame.blocked_by for c in token.children
            ):
                continue
            if (
                frame.negated
                and not frame.requires
                and any(c.dep_ == "dobj" for c in token.children)
            ):
                continue  # "broke the ceasefire with X" is no break with X
            found.extend(_apply(frame, token, view, lexicon))
    found.extend(_fought_in_attack(view, lexicon))
    found.extend(_reported_activity(view, lexicon))
    found.extend(branch_candidates(view, lexicon))
    found.extend(based_candidates(view, lexicon))
    found.extend(control_candidates(view, lexicon))
    found.extend(sighted_candidates(view, lexicon))
    found.extend(lost_candidates(view, lexicon))
    found.extend(threat_candidates(view, lexicon))
    found.extend(fighting_candidates(view, lexicon))
    found.extend(held_candidates(view, lexicon))
    found.extend(haven_candidates(view, lexicon))
    found.extend(retaken_candidates(view, lexicon))
    return found


_COMBAT = frozenset({"fight", "battle", "engage", "clash"})


def _fought_in_attack(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """Whom an attacker fought in the attack: "gunmen from ISKP stormed the compound and
    fought Afghan security forces for 20 hours" (fighting alone is a rivalry, `enemy_of`;
    chained to an attack verb it is that attack on the forces it met)."""
    attack = {w for f in lexicon.frames if f.predicate == "attacked" for w in f.lemmas}
    found: list[Candidate] = []
    for verb in view.sent:
        head = verb.head
        if (
            verb.lemma_.lower() not in _COMBAT
            or verb.dep_ != "conj"
            or head.lemma_.lower() not in attack
            or head.pos_ not in ("VERB", "AUX")
        ):
            continue
        met = [
            a
            for a in resolve_role(verb, "patient|prep:with|against", view, lexicon)
            if a.mention.entity_type not in PLACE_TYPES
        ]
        for subject in agents(head, view, lexicon):
            found += [Candidate(subject, "attacked", verb, o) for o in met]
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
            for a in with_owner(host, view, lexicon, 0)
            if a.mention.entity_type in lexicon.footprint_subjects
        ]
        places = only_places(
            [
                a
                for p in pobjs_of(verb, frozenset({"in", "across", "throughout"}))
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
    if (
        frame.predicate == "propaganda_language"
        and frame.subject == "patient"
        and not is_passive(token)
    ):
        return []  # "the magazine is published in English"; the active verb has its doer
    if (
        frame.predicate == "propaganda_targets"
        and frame.subject == "patient"
        and token.tag_ != "VBN"
        and not is_passive(token)
    ):
        return []  # "a strike targeted an ISKP compound": "aimed at" frames are participles
    subjects = resolve_role(token, frame.subject, view, lexicon)
    if frame.predicate == "recruits_from" and frame.object in ("self", "modifier"):
        # the people's own modifier is whence, not whose ("Tajik nationals")
        subjects = [a for a in subjects if a.mention.entity_type == "armed_group"]
    if not subjects and frame.predicate == "recruits_from" and frame.object in ("self", "modifier"):
        # "a Tajik national linked to ISKP": the group the person is tied to
        tied = view.entity_of(token)
        if tied is not None and tied.mention.entity_type == "armed_group":
            subjects = [tied]
    if not subjects and frame.predicate == "claims_territory" and token.dep_ == "dobj":
        # "seeks an independent state in East Turkestan": a claim is an aim, whatever the verb
        subjects = agents(token.head, view, lexicon)
    if frame.predicate in PRESENCE_PREDICATES:
        # "the al-Qaeda affiliate operates in Mali": the affiliate is there, not al-Qaeda
        subjects = [a for a in subjects if not parent_of_branch(a)]
    if not subjects and frame.predicate in PRESENCE_PREDICATES:
        subjects = described_groups(token, view, lexicon)  # "ISKP, operating in Kunar, ..."
        subjects = subjects or tied_groups(token, view, lexicon)  # "militants loyal to X in Y"
    if not subjects and frame.predicate == "attacked":
        recruiting = _recruiting_subject(token)
        if recruiting is not None:
            subjects = view.owner(recruiting)  # "ISKP's recruitment drive targets ..."
    if not subjects and frame.predicate == "propaganda_language" and token.pos_ == "NOUN":
        # "channels in Tajik that share ISKP material"
        subjects = _shared_works_owner(token, view, lexicon)
    if (
        frame.predicate == "propaganda_targets"
        and token.dep_ == "acl"
        and _in_language(token.head, view)
        and all(a.mention.entity_type == "language" for a in subjects)
    ):
        # "releases videos in Pashto and Urdu aimed at audiences in Pakistan": the parser
        # may hang the participle on the language; the work in it is the publisher's
        holder = token.head.head.head
        subjects = [
            a
            for verb in (holder, holder.head)
            if verb.lemma_.lower() in lexicon.publish_verbs and verb.pos_ == "VERB"
            for a in agents(verb, view, lexicon)
        ][:1]
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
    sibling = sibling_victim_verb(token, lexicon)
    if not subjects and sibling is not None and not _own_doer(token):
        # "killed six fighters and four others were captured", "killed five suspects,
        # police said, and arrested 21 others": the doer of the coordinated killing
        subjects = agents(sibling, view, lexicon)
    if frame.predicate in CUSTODY_PREDICATES and not subjects and not _own_doer(token):
        # "thousands of inmates were freed when the Taliban took the prison"
        subjects = clause_subject(token, None, view)
    if frame.predicate in CUSTODY_PREDICATES and unnamed_doers(subjects, lexicon):
        # "Nigerian authorities released ...", "security forces arrested 14 ... in Lamu"
        nouns = doer_nouns(token) or (doer_nouns(sibling) if sibling is not None else [])
        subjects = state_doers(nouns, token, view, lexicon) or subjects
    if not subjects:
        found: list[Candidate] = []
        if frame.predicate in lexicon.footprint_events:
            # "ISKP members were arrested in Dushanbe": no doer, but a footprint
            objects = resolve_role(token, frame.object, view, lexicon)
            where = only_places(
                resolve_role(token, frame.place, view, lexicon) if frame.place else []
            )
            where += event_places(token, view, lexicon, where)
            where += _new(doer_places(token, view), where)
            ousted = _new(ousted_places(token, view), where)
            where += ousted
            found = footprints(token, objects + suspected_groups(token, view), where, lexicon)
            _mark_ousted(found, ousted)
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
        # "six were killed in the operation and seven were captured": the event the
        # coordinated verb names is this one's too
        hosts = [token, *([sibling] if sibling is not None else [])]
        if frame.predicate in ("killed", "captured", "arrested") and any(
            _in_the_event(h, lexicon) or _by_the_event(h, lexicon) for h in hosts
        ):
            # "Ghazi was killed in the fighting": by the doer of the attack last reported
            found += [
                Candidate(o, frame.predicate, token, o, doer_back=True)
                for o in resolve_role(token, frame.object, view, lexicon)
                if o.mention.entity_type not in PLACE_TYPES
            ]
        return found
    controlled = _controlled_joiners(token, view)
    if controlled is not None and frame.subject == "agent":
        subjects = controlled  # "persuaded the IMU to join ISKP": the IMU joins
    if frame.predicate == "propaganda_language":
        objects = language_args(token, frame.object, view, lexicon)
    elif controlled is not None and frame.object == "agent":
        objects = controlled  # "lured Tajik migrants to join ISKP"
    elif frame.object == "modifier":
        objects = _people_modifiers(token, view)
    else:
        objects = resolve_role(token, frame.object, view, lexicon)
        named = {id(o.mention) for o in objects}
        objects += [a for a in extra_places(token, frame, view) if id(a.mention) not in named]
    if frame.predicate == "attacked":
        # "struck Shia mosques": the worshippers' community names the building, as in an
        # attack noun's target (events.py); where it stands is the target
        objects = [o for o in objects if not _site_modifier(o, lexicon)]
    if frame.predicate == "pledged_allegiance_to":
        objects = [_led_by(o, view, lexicon) for o in objects]
    if frame.predicate == "propaganda_targets":
        objects = _audiences(objects, view)
    if frame.predicate == "recruits_from" and frame.object == "agent":
        objects = _joiners(objects, view, _by_defectors(token), lexicon)
    if frame.predicate == "recruits_from" and token.pos_ == "VERB":
        objects += [a for a in _origins_of_some(token, view) if a not in objects]
    if frame.predicate in ("affiliate_of", "member_of") and (
        _by_defectors(token) or (subjects and all(_group_people(a, lexicon) for a in subjects))
    ):
        # defectors from a group, or its fighters, joining another: recruitment, not
        # affiliation ("former TTP commanders joined ISKP")
        return []
    if not objects and frame.predicate in _NATION_PREDICATES:
        objects = _national_objects(token, frame.object, view)
    if not objects and frame.fallback_object and not _people_named(token, view):
        # the unnamed target's own place first, then the fallback role's places
        objects = _attack_objects(frame, token, view, lexicon)
    if frame.predicate == "attacked":
        # "attacked the town of Barsalogho in Burkina Faso": an unknown town, not the country
        sites = patients_tokens(token) + pobjs_of(token, frozenset({"on", "at", "in", "near"}))
        if unknown_site(sites, objects, view):
            objects = []
    place_args = (
        objects
        if frame.place == "object"
        else resolve_role(token, frame.place, view, lexicon)
        if frame.place
        else []
    )
    where = only_places(place_args)
    if frame.predicate in EVENT_PREDICATES and frame.place != "object":
        # "killed in a US raid near Barisha": the doer's own name is not where it happened,
        # a place deeper in the instrument's phrase is
        doers = {id(a.mention) for a in subjects}
        where = [a for a in where if id(a.mention) not in doers]
        where += event_places(token, view, lexicon, where + subjects)
        for instrument in token.children:
            if (
                not where
                and instrument.dep_ == "nsubj"
                and instrument.lemma_.lower() in lexicon.instrument_nouns
            ):  # "a US drone strike in Kabul killed al-Zawahiri"
                where += [
                    a
                    for a in event_places(instrument, view, lexicon, subjects)
                    if id(a.mention) not in doers
                ]
        for later in (c for c in token.conjuncts if c.i > token.i and c.pos_ == "VERB"):
            if not where:  # "killed 35 fighters and freed 20 hostages during raids in X"
                where += [
                    a
                    for a in event_places(later, view, lexicon, subjects)
                    if id(a.mention) not in doers
                ]
        event = antecedent_event(token, lexicon) if token.dep_ in ("relcl", "acl") else None
        if not where and event is not None:
            # "the suicide bombing at Kabul airport that killed 13 US service members"
            # ... or on the verb that carried it out: "carried out a bombing at a rally in X"
            hosts = [event, event.head] if event.dep_ in ("dobj", "nsubjpass") else [event]
            near = [
                a for h in hosts for a in only_places(prep_objects(h, _EVENT_PLACE_PREPS, view))
            ]
            for site in [] if near else [p for h in hosts for p in pobjs_of(h, _EVENT_PLACE_PREPS)]:
                near += target_places(site, _EVENT_PLACE_PREPS, view)  # "at a rally in X"
            where = [a for a in near if id(a.mention) not in doers]
        head = token.head
        if not where and token.dep_ in ("advcl", "conj") and head.pos_ in ("VERB", "AUX"):
            # "ambushed a convoy near Gao, killing 14 soldiers": where the main event was
            where = [
                a
                for a in only_places(prep_objects(head, _EVENT_PLACE_PREPS, view))
                if id(a.mention) not in doers
            ]
        place_args = where
    place = place_of(place_args)
    found = []
    if frame.predicate in lexicon.footprint_events:
        # the doer's own name is not where the event happened ("a US operation")
        doers = {id(a.mention) for a in subjects}
        here = [a for a in where if id(a.mention) not in doers]
        here += event_places(token, view, lexicon, here)
        here += _new(doer_places(token, view), here)
        ousted = _new(ousted_places(token, view), here)
        here += ousted
        found = footprints(token, objects + suspected_groups(token, view), here, lexicon)
        _mark_ousted(found, ousted)
    if (
        not objects
        and frame.predicate in lexicon.mutual.get("predicates", ())
        and _mutual(token, frame, lexicon)
    ):
        # "ISKP and the Taliban clashed", "the two fought each other"
        subjects, objects = subjects[:1], subjects[1:]
    if (
        frame.predicate == "killed"
        and not [o for o in objects if o.mention.entity_type not in PLACE_TYPES]
        and _unnamed_dead(token, lexicon)
    ):
        # "Boko Haram killed 110 farmers in Koshobe": an attack where the killing happened
        found += [
            Candidate(s, "attacked", token, o, place=o.mention.place, place_args=[o])
            for s in subjects
            for o in _killing_site(token, view, lexicon)
            if o.mention.entity_type in PLACE_TYPES and id(o.mention) not in doers_of(subjects)
        ]
    predicate_of_frame = frame.predicate
    if frame.predicate == "active_in" and _supporting(token, lexicon):
        predicate_of_frame = "supporters_in"  # "small support networks in Punjab"
    if frame.predicate == "attacked" and (_for_recruits(token, lexicon) or _by_recruiters(token)):
        predicate_of_frame = "recruits_from"  # "targets the al-Hol camp for recruitment"
    if frame.predicate == "attacked" and (
        _by_works(token, lexicon) or _to_audience(token, view, lexicon)
    ):
        predicate_of_frame = "propaganda_targets"  # "its videos target young Tajiks"
    if frame.predicate == "active_in" and _works_moved(token, lexicon):
        predicate_of_frame = "propaganda_targets"  # "spread its propaganda to Moscow"
    for subject, obj in subject_object_pairs(token, subjects, objects):
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
        if predicate == "founded_in" and subject.proxy:
            continue  # "the ISKP cell was established in Kabul": a cell, not the group
        if (
            predicate == "leader_of"
            and obj.proxy
            and (obj.token.lemma_.lower() not in lexicon.whole_group_nouns)
        ):
            # "led an ISKP cell in Kabul", "commanded ISKP fighters": a part of the group
            predicate = "member_of"
        if predicate == "propaganda_language":
            attributes.update(_language_attributes(token, obj, lexicon))
            release = (
                token
                if is_release(token)
                else (token.head if _released_object(token, lexicon) else None)
            )
            titled = release is not None and any(
                titled_work(c, view, lexicon) for c in release.children if c.dep_ == "dobj"
            )
            if release is not None and not titled:
                predicate = "published"  # a titled work is published by its title instead
            # the language of a titled work is a habit, not dated by its release (as in
            # work_candidates, which reads the same sentence)
            timed = not (release is not None and titled)
        # "killed 13 US service members": a country standing for its people is no place
        obj_place = (
            obj.mention.place if obj.mention.entity_type in PLACE_TYPES and not obj.proxy else None
        )
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
                negated=frame.negated,
            )
        )
    return found


def _own_doer(verb: Token) -> bool:
    """Whether a verb names a doer of its own, linked or not ("police arrested ...", "were
    detained by the police"): then a coordinated verb's doer is not borrowed."""
    if is_passive(verb):
        return any(
            c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in verb.children
        )
    return any(c.dep_ in ("nsubj", "expl") for c in verb.children)


def _site_modifier(arg: Arg, lexicon: Lexicon) -> bool:
    """Whether an ethnic group only modifies a building ("Shia mosques", "a Hazara school")."""
    if arg.mention.entity_type != "ethnic_group":
        return False
    sites = frozenset(lexicon.event_nouns.get("site_nouns", ()))
    token = arg.token
    for _ in range(4):
        if token.dep_ not in ("compound", "nmod", "amod", "conj") or token.head.i == token.i:
            return False
        token = token.head
        if token.lemma_.lower() in sites:
            return True
    return False


def doers_of(subjects: list[Arg]) -> set[int]:
    return {id(a.mention) for a in subjects}


def _unnamed_dead(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a killing's victims are people named by a count and a common noun ("killed
    at least 110 farmers", "killed dozens of civilians"), not an actor."""
    for obj in patients_tokens(verb):
        nouns = [obj, *pobjs_of(obj, frozenset({"of"}))]
        for noun in nouns:
            counted = any(c.dep_ == "nummod" for c in noun.children) or noun is not obj
            lemma = noun.lemma_.lower()
            if counted and (
                lemma in lexicon.victims or lemma in lexicon.event_nouns.get("civilian_nouns", ())
            ):
                return True
    return False


def _mark_ousted(found: list[Candidate], ousted: list[Arg]) -> None:
    """A presence the group was driven from ends with the event (bench/gold/README: "pushed
    out of" gives `end`)."""
    places = {id(a.mention) for a in ousted}
    for candidate in found:
        if candidate.object is not None and id(candidate.object.mention) in places:
            candidate.attributes["ousted"] = True


def _new(args: list[Arg], known: list[Arg]) -> list[Arg]:
    seen = {id(a.mention) for a in known}
    return [a for a in args if id(a.mention) not in seen]


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
    seeds = patients_tokens(token) + (pobjs_of(token, named) if named else [])
    for target in seeds:  # "struck a crowd near the shrine in Kerman"
        objects += target_places(target, preps | {"near"}, view)
    if objects:
        return objects
    objects = [
        a
        for a in resolve_role(token, frame.fallback_object, view, lexicon)
        if a.mention.entity_type in PLACE_TYPES
    ]
    if objects:
        return objects
    # "blew himself up at a rally in Bajaur": the place of the unnamed site hit
    for site in pobjs_of(token, preps):
        objects += target_places(site, preps, view)
    return objects


def patients_tokens(verb: Token) -> list[Token]:
    """The undergoer tokens of a verb (dobj, or nsubjpass of a passive)."""
    wanted = "nsubjpass" if is_passive(verb) else "dobj"
    return [c for c in verb.children if c.dep_ == wanted]


def _in_the_event(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a passive event happened "in the fighting", "during the raid": a definite
    event noun with no owner of its own, which refers back to one already reported."""
    return is_passive(verb) and any(
        pobj.lemma_.lower() in lexicon.instrument_nouns
        and definite(pobj)
        and not any(c.dep_ in ("poss", "compound") for c in pobj.children)
        for pobj in pobjs_of(verb, frozenset({"in", "during"}))
    )


def _by_the_event(verb: Token, lexicon: Lexicon) -> bool:
    """Whether an event's subject is a definite event noun with no owner: "the operations
    killed six ISKP fighters" (the operations already reported)."""
    return any(
        c.dep_ == "nsubj"
        and c.lemma_.lower() in lexicon.instrument_nouns
        and definite(c)
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


def _shared_works_owner(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """Whose works a channel with no owner of its own passes on: "channels in Tajik and
    Uzbek that share ISKP material", "accounts in Urdu that repost the group's videos"."""
    found: list[Arg] = []
    for clause in (c for c in noun.children if c.dep_ == "relcl"):
        if clause.lemma_.lower() not in lexicon.publish_verbs | _SHARING:
            continue
        for work in (c for c in clause.children if c.dep_ == "dobj"):
            if work.lemma_.lower() in lexicon.propaganda_nouns:
                found += [a for a in view.owner(work) if a.mention.entity_type not in PLACE_TYPES]
    return found


# verbs of passing works on (besides the publish verbs of relations.yaml)
_SHARING = frozenset({"share", "repost", "spread", "amplify", "forward", "relay", "host"})


def _in_language(token: Token, view: SentenceView) -> bool:
    """A language named after "in" ("videos in Pashto")."""
    mention = view.mention_at(token)
    named = mention.entity_type == "language" if mention is not None else False
    known = mention is None and token.lower_ in view.lexicon.languages
    return (named or known) and token.dep_ == "pobj" and token.head.lower_ == "in"


def _to_audience(token: Token, view: SentenceView, lexicon: Lexicon) -> bool:
    """Whether an active verb of targeting reaches an audience: its doer is an outlet ("Voice
    of Khurasan targets ...") or its object readers or viewers ("targets readers in India")."""
    if token.pos_ not in ("VERB", "AUX") or is_passive(token):
        return False
    audience = lexicon.audience_nouns
    for child in token.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in audience:
            return True
        if child.dep_ == "nsubj":
            mention = view.mention_at(child)
            if mention is not None and mention.entity_type == "media_outlet":
                return True
    return False


def _works_moved(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a verb of spreading moves works rather than the group: "spread its propaganda
    to Moscow", "expanded its messaging into Russia" reach an audience there."""
    return verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in lexicon.propaganda_nouns for c in verb.children
    )


_RECRUITING = frozenset({"recruitment", "recruiting", "recruit", "recruits"})


def _by_recruiters(token: Token) -> bool:
    """ "its recruitment campaign targets Tajik migrants", "ISKP recruiters target young men
    in Mombasa": whom recruitment targets is whence the group recruits."""
    return _recruiting_subject(token) is not None


def _recruiting_subject(token: Token) -> Token | None:
    """The subject of an active verb when it is recruitment or its recruiters ("ISKP
    recruiters", "its recruitment drive", "the group's recruiting efforts")."""
    if token.pos_ not in ("VERB", "AUX") or is_passive(token):
        return None
    for subject in (c for c in token.children if c.dep_ == "nsubj"):
        words = [subject, *(c for c in subject.children if c.dep_ in ("compound", "amod"))]
        if any(w.lemma_.lower() in _RECRUITING | {"recruiter"} for w in words):
            return subject
    return None


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
        nouns += pobjs_of(token, preps)
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


def _joiners(
    objects: list[Arg], view: SentenceView, defectors: bool, lexicon: Lexicon
) -> list[Arg]:
    """Who joined, as recruitment: peoples and places only ("Indian nationals", "men from
    Lahore"); a people's adjective stands for its country when the document names it.
    Another group's people count as that group ("former TTP commanders joined ISKP")."""
    found: list[Arg] = []
    for arg in objects:
        etype = arg.mention.entity_type
        if etype == "ethnic_group" and arg.token.tag_ == "JJ":
            nation = nation_of(arg.token, view)
            found.append(nation or arg)
        elif etype == "ethnic_group" or etype in PLACE_TYPES:
            found.append(arg)
        elif defectors or _group_people(arg, lexicon):
            found.append(arg)  # "defectors from the Taliban joined ISKP"
    return found


_MEMBER_NOUNS = frozenset({"loyalist", "cadre", "defector", "deserter"})

# Words for a share of the people just named: "..., many of them from Kerala".
_SHARES = frozenset({"many", "most", "some", "several", "half", "majority", "all", "few"})
# where the people a share is of stand to the verb
_PEOPLE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})


def _origins_of_some(verb: Token, view: SentenceView) -> list[Arg]:
    """Where a share of the recruits comes from: "100 Indian nationals have travelled to join
    ISKP, many of them from Kerala"."""
    found: list[Arg] = []
    verbs = (verb, verb.head)
    for share in view.sent:
        # on the verb, the verb of travel above it, or the people counted, the verb's
        # subject or object ("recruited 200 men, most of them from Tajikistan")
        if share.lower_ not in _SHARES or not (
            share.head in verbs or (share.head.dep_ in _PEOPLE_DEPS and share.head.head in verbs)
        ):
            continue
        if not any(p.lower_ in ("them", "whom") for p in pobjs_of(share, frozenset({"of"}))):
            continue
        for pobj in pobjs_of(share, frozenset({"from"})):
            found += [
                a
                for a in view.args(pobj)
                if a.mention.entity_type in PLACE_TYPES or a.mention.entity_type == "ethnic_group"
            ]
    return found


def _group_people(arg: Arg, lexicon: Lexicon) -> bool:
    """Whether an argument names a group through its people ("TTP commanders", "many of
    Shekau's fighters"), not the group itself."""
    if not arg.proxy:
        return False
    nouns = lexicon.origin_nouns | _MEMBER_NOUNS
    # the token is the owner's name, on the people noun ("TTP" in "TTP commanders")
    return arg.token.lemma_.lower() in nouns or arg.token.head.lemma_.lower() in nouns


_JOINING = frozenset({"join", "rejoin"})


def _controlled_joiners(verb: Token, view: SentenceView) -> list[Arg] | None:
    """Who joins in "helped three men from Lahore join the group", "lured Tajik migrants to
    join ISKP": the object of the verb that controls "join", not its subject. None when
    "join" has a subject of its own or no controlling object."""
    if verb.lemma_.lower() not in _JOINING or verb.dep_ not in ("xcomp", "ccomp", "advcl"):
        return None
    if verb.dep_ == "advcl" and not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        return None  # "..., after they joined ISKP": a clause with a subject of its own
    if any(c.dep_ == "nsubj" for c in verb.children):
        return None
    objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
    if not objects:
        return None
    return [
        a for o in objects for a in view.args(o) or [q for x in quantified(o) for q in view.args(x)]
    ]


def _people_modifiers(noun: Token, view: SentenceView) -> list[Arg]:
    """The peoples a noun's modifiers name: "ISKP's Tajik and Uzbek recruits" (not its
    owner: "ISKP fighters" are ISKP's, and a place modifier is where, not whence)."""
    found: list[Arg] = []
    for child in noun.children:
        if child.dep_ not in ("amod", "compound", "nmod") or child.i > noun.i:
            continue
        for item in (child, *child.conjuncts):
            mention = view.mention_at(item)
            if mention is not None and mention.entity_type == "ethnic_group":
                found.append(Arg(mention, item))
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
    # "killed the governor, X, and two other people at his office": any conjunct's phrase
    hosts = [verb, *(q for p in patients_tokens(verb) for q in (p, *p.conjuncts))]
    preps = frozenset({"at", "in", "near", "inside", "outside"})
    sites = [p for h in hosts for p in pobjs_of(h, preps)]
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
    # "in an attack on the town of Barsalogho in Burkina Faso": the unknown town, not the
    # country, was hit
    events = [p for p in sites if p.lemma_.lower() in lexicon.event_nouns["lemmas"]]
    inner = [q for e in events for q in pobjs_of(e, frozenset(lexicon.event_nouns["target_preps"]))]
    if unknown_site(sites + inner, places, view):
        return []
    return places


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
        places = only_places(
            [a for h in hosts for p in pobjs_of(h, frozenset({"in"})) for a in view.args(p)]
        )
        found.extend(places or [arg])
    return found


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
                    for arg in only_places(view.args(pobj)):
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
            # a former member's arrest says nothing of the group
            and "former" not in role
            and role != "defector"
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


def _released_object(work: Token, lexicon: Lexicon) -> bool:
    """A work that is the object of one release ("released a video"), not of another verb
    ("identified 40 channels")."""
    verb = work.head
    return work.dep_ == "dobj" and verb.lemma_.lower() in lexicon.publish_verbs and is_release(verb)


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
