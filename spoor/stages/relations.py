"""Relations stage: facts with evidence and modality from parsed English sentences.

Entry point: :func:`extract`. For each sentence that names at least two linked
entities (or one and a language or a count of fighters), candidate facts come
from three rule sets whose words live in spoor/kb/lexicons/:

- dependency frames around trigger words (spoor/relations/frames.py),
- event nouns with their doers and targets ("ISKP claimed the bombing in Kabul"),
- surface templates for appositions and titles (spoor/relations/templates.py),
- succession ("his predecessor X", "named X as his successor", "X took over"), read
  against the leaders the document named so far.

Each candidate is checked against the ontology's argument types, given its
modality (hedged, attributed, negated; an intended attack becomes `threatens`),
a time from the DATE entities of its clause, and one piece of evidence: the
sentence, quoted exactly.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span

from spoor.kb.ontology import Ontology, load_ontology
from spoor.records import Document, Evidence, Fact, Mention, TimeSpan
from spoor.relations.allegiance import accepted_pledge_candidates, led_by_curated
from spoor.relations.arguments import Candidate, antecedent_event, bare_victim
from spoor.relations.custody import (
    CUSTODY_PREDICATES,
    captivity_candidates,
    civil_doer,
    custody_phrase_candidates,
)
from spoor.relations.events import event_candidates
from spoor.relations.frames import frame_candidates, through_members
from spoor.relations.implied import (
    ACTOR_TYPES,
    bare_doer,
    implied_owners,
    nation_mentions,
)
from spoor.relations.joint import habitual_enmity, joint_action_candidates
from spoor.relations.lexicon import EVENT_PREDICATES, KB_DIR, Lexicon, default_lexicon
from spoor.relations.metonymy import capitals_as_states
from spoor.relations.modality import Modality, modality_of
from spoor.relations.nouns import relation_noun_candidates
from spoor.relations.pairs import Pair, pair_mentions
from spoor.relations.quantities import fatalities
from spoor.relations.recruiting import member_origin_candidates, recruiting_ground_candidates
from spoor.relations.sentence import (
    PLACE_TYPES,
    Arg,
    SentenceView,
    coreference_mentions,
    leading_pronoun_mentions,
    paragraph_start,
    pronoun_mentions,
    salient_group,
    sentence_mentions,
    stand_in,
    subject_group,
)
from spoor.relations.strength import strength_candidates
from spoor.relations.succession import (
    Leadership,
    succession_candidates,
    under_leadership_candidates,
)
from spoor.relations.templates import template_candidates
from spoor.relations.threat_words import warning_candidates
from spoor.relations.timing import fact_time
from spoor.relations.works import (
    outlet_language_candidates,
    produced_by_candidates,
    work_candidates,
)

log = logging.getLogger(__name__)


def extract(
    sdoc: Doc,
    document: Document,
    mentions: Sequence[Mention],
    lexicon: Lexicon | None = None,
) -> list[Fact]:
    """Facts stated in ``document``, one Evidence each (the sentence, quoted exactly).

    ``sdoc`` must be the spaCy parse of ``document.text``; ``mentions`` are the linked
    mentions (unlinked ones, without ``entity_id``, are ignored).
    """
    if sdoc.text != document.text:
        raise ValueError("sdoc must be the parse of document.text; parse the cleaned text")
    lex = lexicon or default_lexicon()
    linked = sorted((m for m in mentions if m.entity_id), key=lambda m: m.start)
    facts: list[Fact] = []
    nations = nation_mentions(linked)
    topic: str | None = None  # the armed group last named as the subject of a sentence
    leaders: list[Leadership] = []  # leader_of read so far, for "his successor"
    last_attack = _LastAttack()  # what "claimed the attack" in a later sentence refers to
    pair = Pair()  # the two groups "the two groups" means
    for sent in sdoc.sents:
        # "Kyiv denied any role": a capital acting is its state
        own = capitals_as_states(sent, sentence_mentions(sent, linked), linked, lex)
        start = paragraph_start(document, sdoc, sent)
        pairs = pair_mentions(sent, own, pair, lex)
        own = sorted(own + [m for both in pairs.values() for m in both], key=lambda m: m.start)
        subject = subject_group(sent, own, lex)
        implied = implied_owners(sent, own, linked, start, topic, lex)
        if not _worth_reading(sent, own + implied, lex):
            topic = subject or topic
            continue
        pronouns: list[Mention] = []
        if any(
            t.lemma_.lower() in lex.coreference["nouns"]
            or t.lower_ in lex.coreference["pronouns"]
            or t.lower_ in _subject_pronouns(lex)
            or t.lower_ in ("they", "their")  # "officials say they have arrested": the speaker
            or bare_doer(t, lex)
            or bare_victim(t, lex)
            for t in sent
        ):
            earlier = [m for m in linked if start <= m.start and m.end <= sent.start_char]
            group = salient_group(own, earlier, lex, topic)
            if group is not None:
                own = sorted(
                    own + coreference_mentions(sent, own, group, lex), key=lambda m: m.start
                )
                pronouns = pronoun_mentions(sent, own, group, lex)
            own = sorted(
                own + leading_pronoun_mentions(sent, own, group, lex), key=lambda m: m.start
            )
            # bare "fighters" and "militants" are the one group the paragraph names (a topic
            # carried over from an earlier paragraph is too weak a guess for them)
            named = salient_group(own, earlier, lex)
            if named is not None and not any(m.entity_type in ACTOR_TYPES for m in own):
                # "In March, fighters attacked the town": the group the text is about
                own = sorted(
                    own + [stand_in(t, named) for t in sent if bare_doer(t, lex)],
                    key=lambda m: m.start,
                )
            # "troops killed 25 militants": that group's members
            victims = [t for t in sent if bare_victim(t, lex)]
            groups = set(lex.coreference["types"])
            if named is not None and not any(m.entity_type in groups for m in own):
                own = sorted(own + [stand_in(t, named) for t in victims], key=lambda m: m.start)
        view = SentenceView(sent, own, lex, pronouns, nations=nations, implied=implied, pairs=pairs)
        facts.extend(_sentence_facts(view, document, lex, leaders, last_attack))
        topic = subject_group(sent, own, lex) or subject or topic
    return facts


def _subject_pronouns(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lexicon.coreference.get("subject_pronouns", ()))


def _worth_reading(sent: Span, own: list[Mention], lexicon: Lexicon) -> bool:
    """Skip sentences that cannot hold a fact: fewer than two named things, counting
    "the group" (resolved later), a language name and a count of fighters as things."""
    if len(own) >= 2:
        return True
    if own and any(t.lemma_.lower() in _attack_words(lexicon) for t in sent):
        # "Gunmen stormed Crocus City Hall": an attack a later sentence claims; "X was
        # killed in the fighting": by the doer of an attack an earlier sentence reported
        return True
    size = lexicon.strength
    cues = size["units"] | size.get("bare_count_verbs", frozenset()) | size.get("cues", frozenset())
    things = len(own) + sum(
        1
        for t in sent
        if t.lower_ in lexicon.languages
        or t.lemma_.lower() in cues
        or t.lemma_.lower() in lexicon.coreference["nouns"]
        or t.lower_ in lexicon.coreference["pronouns"]
        or t.lower_ in _subject_pronouns(lexicon)
        # "his successor", "he replaced X"
        or t.lemma_.lower() in lexicon.succession.get("nouns", ())
        or t.lemma_.lower() in lexicon.succession.get("replace_verbs", ())
    )
    return things >= 2


@dataclasses.dataclass(slots=True)
class _LastAttack:
    """The targets, time and manner of the attack last reported in a document: a later
    "the Islamic State claimed the attack" or "police blamed the ADF" names its doer."""

    targets: list[Arg] = dataclasses.field(default_factory=list)
    # whom an attack by an unnamed doer killed ("a bomber killed the governor, X")
    victims: list[Arg] = dataclasses.field(default_factory=list)
    doers: list[Arg] = dataclasses.field(default_factory=list)
    # who was blamed for it ("police blamed the ADF"): the ones a denied charge can concern
    accused: set[str] = dataclasses.field(default_factory=set)
    time: TimeSpan | None = None
    attributes: dict[str, Any] = dataclasses.field(default_factory=dict)


def _attacks(candidates: list[Candidate]) -> list[Candidate]:
    return [
        c
        for c in candidates
        if c.predicate == "attacked" and c.object is not None and not c.refers_back
    ]


def _remember_attacks(
    attacks: list[Candidate],
    view: SentenceView,
    document: Document,
    lexicon: Lexicon,
    memory: _LastAttack,
    victims: list[Arg] | None = None,
) -> None:
    """Replace ``memory`` with ``attacks`` (named doer or not), if any."""
    if not attacks:
        return
    memory.targets = []
    memory.doers = []
    memory.accused = set()
    memory.victims = list(victims or [])
    for attack in attacks:
        if not attack.unclaimed and all(
            d.mention.entity_id != attack.subject.mention.entity_id for d in memory.doers
        ):
            memory.doers.append(attack.subject)
        target = attack.object
        if target is not None and all(
            t.mention.entity_id != target.mention.entity_id for t in memory.targets
        ):
            memory.targets.append(target)
    memory.time = next(
        (t for t in (fact_time(a, view, document, lexicon) for a in attacks) if t is not None), None
    )
    memory.attributes = _weapon(view.sent, lexicon)
    toll = fatalities(view.sent, lexicon)
    if toll is not None:
        memory.attributes["fatalities"] = toll


def _claimed(
    candidates: list[Candidate],
    view: SentenceView,
    document: Document,
    lexicon: Lexicon,
    memory: _LastAttack,
) -> list[Candidate]:
    """Candidates that name the doer of an attack already reported, one per target: an
    attack earlier in the same sentence ("claimed an attack on X, though officials blamed
    the attack on Y"), else the one last reported before the sentence."""
    attacks = _attacks(candidates)
    victims = [
        c.object
        for c in candidates
        if c.predicate == "killed" and c.unclaimed and c.object is not None
    ]
    found: list[Candidate] = []
    for claim in candidates:
        if not claim.refers_back or (
            claim.charged and not _accused(claim, candidates, memory, lexicon)
        ):
            continue
        before = [a for a in attacks if a.trigger.i < claim.trigger.i]
        if claim.same_sentence and not before:
            continue
        referent = memory
        if before:
            referent = _LastAttack()
            _remember_attacks(before, view, document, lexicon, referent, victims)
        for victim in referent.victims:
            found.append(
                dataclasses.replace(
                    claim,
                    predicate="killed",
                    object=Arg(victim.mention, claim.trigger, count=victim.count),
                    attributes=dict(claim.attributes),
                    refers_back=False,
                    time=referent.time,
                )
            )
        for target in referent.targets:
            found.append(
                dataclasses.replace(
                    claim,
                    object=Arg(target.mention, claim.trigger),
                    attributes={**referent.attributes, **claim.attributes},
                    refers_back=False,
                    time=referent.time,
                )
            )
    for event in candidates:
        if not event.doer_back or event.object is None:
            continue
        for doer in memory.doers:
            found.append(
                dataclasses.replace(
                    event,
                    subject=Arg(doer.mention, event.trigger),
                    doer_back=False,
                    time=fact_time(event, view, document, lexicon) or memory.time,
                )
            )
    _remember_attacks(attacks, view, document, lexicon, memory, victims)
    memory.accused |= {c.subject.mention.entity_id or "" for c in _blames(candidates, lexicon)}
    claimants = [c.subject for c in found if c.predicate == "attacked"]
    if claimants and not attacks:  # "ISKP claimed the attack": now its known doer
        memory.doers = claimants
    return found


def _accused(
    denial: Candidate, candidates: list[Candidate], memory: _LastAttack, lexicon: Lexicon
) -> bool:
    """Whether the denier of a charge was blamed for the attack last reported, in an
    earlier sentence or earlier in this one: only the accused rejects "the accusation" as a
    part of its own (a bystander dismissing "the claim" denies nothing of its own)."""
    denier = denial.subject.mention.entity_id or ""
    blamed = {
        c.subject.mention.entity_id
        for c in _blames(candidates, lexicon)
        if c.trigger.i < denial.trigger.i
    }
    return denier in memory.accused or denier in blamed


def _blames(candidates: list[Candidate], lexicon: Lexicon) -> list[Candidate]:
    """The culprits blamed for the attack last reported ("police blamed the ADF")."""
    verbs = frozenset(lexicon.event_nouns.get("blame_verbs", ()))
    return [c for c in candidates if c.refers_back and c.trigger.lemma_.lower() in verbs]


def _attack_words(lexicon: Lexicon) -> frozenset[str]:
    words = {w for f in lexicon.frames if f.predicate == "attacked" for w in f.lemmas}
    spec = lexicon.event_nouns
    for key in (
        "lemmas",
        "responsibility_nouns",
        "blame_verbs",
        "involvement_verbs",
        "involvement_nouns",
        "signature_nouns",
        "charge_nouns",  # "the group denied the accusation": a part in the last attack
    ):
        words.update(spec.get(key, ()))
    return frozenset(words | lexicon.instrument_nouns)


def _sentence_facts(
    view: SentenceView,
    document: Document,
    lexicon: Lexicon,
    leaders: list[Leadership],
    memory: _LastAttack,
) -> list[Fact]:
    candidates = (
        template_candidates(view, lexicon)
        + frame_candidates(view, lexicon)
        + event_candidates(view, lexicon)
        + strength_candidates(view, lexicon)
        + relation_noun_candidates(view, lexicon)
        + work_candidates(view, lexicon)
        + produced_by_candidates(view, lexicon)
        + outlet_language_candidates(view, lexicon)
        + accepted_pledge_candidates(view, lexicon)
        + joint_action_candidates(view, lexicon)
        + recruiting_ground_candidates(view, lexicon)
        + captivity_candidates(view, lexicon)
        + custody_phrase_candidates(view, lexicon)
        + member_origin_candidates(view, lexicon)
        + warning_candidates(view, lexicon)
    )
    candidates = through_members(candidates)
    candidates += habitual_enmity(candidates, lexicon)
    claims = _claimed(candidates, view, document, lexicon, memory)
    candidates = [
        c for c in candidates if not (c.unclaimed or c.refers_back or c.doer_back)
    ] + claims
    leaders += [
        Leadership(c.subject.mention.entity_id or "", c.object.mention)
        for c in candidates
        if c.predicate == "leader_of" and c.object is not None and _typed(c, lexicon)
    ]
    for candidate in candidates:
        _pledge_to_group(candidate, leaders)
    candidates = [c for c in candidates if _people_of_leader(c, leaders)]
    candidates += succession_candidates(view, lexicon, leaders)
    candidates += under_leadership_candidates(view, lexicon)
    facts: dict[tuple[str, str, str, bool], Fact] = {}
    toll: int | None = None
    toll_read = False
    for candidate in candidates:
        _country_victims(candidate, lexicon)
        if _soldiers_of_a_people(candidate):
            continue
        if not _typed(candidate, lexicon):
            continue
        modality = modality_of(
            candidate.trigger,
            view,
            lexicon,
            args=tuple(a.token for a in (candidate.subject, candidate.object) if a),
            local=candidate.local,
        )
        if candidate.negated:  # "broke with X"
            if modality.negated:
                # "never broke with X" keeps some tie, but not which one (an ally is no
                # branch): no fact
                continue
            modality.negated = True
        if not _settle_intent(candidate, modality):
            continue
        if candidate.predicate == "attacked" and _attackers_hit(candidate, lexicon):
            # "an air strike killed 30 fighters who were attacking Somali forces": the toll
            # and the weapon are those of the strike on the attackers, not of their attack
            candidate.attributes.update(
                _weapon(view.sent, lexicon, _event_scope(candidate, lexicon))
            )
        elif candidate.predicate == "attacked":
            if not toll_read:
                toll, toll_read = fatalities(view.sent, lexicon), True
            if toll is not None:
                candidate.attributes.setdefault("fatalities", toll)
            # a claim keeps the manner of the attack it names ("a car bomb ... the blast")
            for name, value in _weapon(view.sent, lexicon).items():
                candidate.attributes.setdefault(name, value)
        elif candidate.predicate == "killed":
            # "killed in a US drone strike", "ambushed a convoy, killing 14 soldiers": the
            # manner of the killing, when the sentence says it around the trigger
            manner = _weapon(view.sent, lexicon, _event_scope(candidate, lexicon))
            for name, value in manner.items():
                candidate.attributes.setdefault(name, value)
        if candidate.predicate in ("attacked", "killed") and _civilian_target(
            candidate, view, lexicon
        ):
            candidate.attributes.setdefault("target_kind", "civilians")
        _country_forces(candidate, lexicon)
        _event_codes(candidate)
        fact = _fact(candidate, modality, view, document, lexicon)
        _canonical_order(fact)
        # "X, which broke away from Y in 2014, rejoined it in 2020": a tie denied and one
        # stated in one sentence are two facts (an event blamed and denied in one sentence,
        # "blamed the TTP, which denied it", stays one disputed fact)
        key = (
            fact.subject_id,
            fact.predicate,
            fact.object_id or repr(fact.object_value),
            fact.evidence.negated and _is_relation(fact.predicate),
        )
        if key in facts:
            _merge(facts[key], fact)
        else:
            facts[key] = fact
    return list(facts.values())


def _pledge_to_group(candidate: Candidate, leaders: list[Leadership]) -> None:
    """A pledge to a group's leader is a pledge to the group: "pledged allegiance to IS
    leader Abu Bakr al-Baghdadi" (the leader read in this sentence or earlier)."""
    obj = candidate.object
    # ... and a leader's fighters are his group's ("many of Shekau's commanders joined ISWAP")
    if candidate.predicate not in ("pledged_allegiance_to", "recruits_from") or obj is None:
        return
    if obj.mention.entity_type != "person":
        return
    for item in reversed(leaders):
        if item.person_id == obj.mention.entity_id:
            candidate.object = Arg(item.group, obj.token)
            return
    group = led_by_curated(obj.mention)  # "swore allegiance to Abu Bakr al-Baghdadi"
    if group is not None:
        candidate.object = Arg(group, obj.token)


def _is_relation(predicate: str) -> bool:
    spec = _ontology().predicates.get(predicate)
    return spec is not None and spec.family == "relation"


def _people_of_leader(candidate: Candidate, leaders: list[Leadership]) -> bool:
    """An event argument named through a person's people ("killed Khorasani's deputy",
    "attacked Shekau's base") is the group the person leads, when known; the person is not
    the one hit (or the doer). False when the group is unknown: no fact."""
    if candidate.predicate not in EVENT_PREDICATES:
        return True
    for role in ("subject", "object"):
        arg: Arg | None = getattr(candidate, role)
        if arg is None or not arg.proxy or arg.mention.entity_type != "person":
            continue
        group = next(
            (item.group for item in reversed(leaders) if item.person_id == arg.mention.entity_id),
            None,
        ) or led_by_curated(arg.mention)
        if group is None:
            return False
        setattr(candidate, role, dataclasses.replace(arg, mention=group))
    return True


def _canonical_order(fact: Fact) -> None:
    """A symmetric relation read both ways ("X and Y are rivals", "Y clashed with X") is one
    fact: its parties in a fixed order, so sentences and documents merge."""
    predicate = _ontology().predicates.get(fact.predicate)
    if predicate is None or not predicate.symmetric or fact.object_id is None:
        return
    if fact.object_id < fact.subject_id:
        fact.subject_id, fact.object_id = fact.object_id, fact.subject_id


def _typed(candidate: Candidate, lexicon: Lexicon) -> bool:
    """Whether the arguments have the types the ontology allows for the predicate."""
    signature = lexicon.signatures.get(candidate.predicate)
    if signature is None:
        return False
    subject_types, object_types = signature
    subject_type = candidate.subject.mention.entity_type or ""
    if candidate.object is not None and candidate.object.mention.entity_id == (
        candidate.subject.mention.entity_id
    ):
        return False
    if subject_type in lexicon.peaceful_types and candidate.predicate in EVENT_PREDICATES:
        return False  # "Amaq released a video": outlets publish, they do not free or kill
    if candidate.predicate in lexicon.conflict_predicates and not _conflict_party(
        candidate, lexicon
    ):
        return False
    if candidate.predicate == "allied_with" and not _state_backing(candidate, lexicon):
        return False
    if subject_type not in subject_types and not (
        subject_type == "country" and candidate.predicate in lexicon.country_as_actor
    ):
        return False
    if candidate.value is not None:
        return candidate.value.type in object_types
    return candidate.object is not None and (candidate.object.mention.entity_type or "") in (
        object_types
    )


def _state_backing(candidate: Candidate, lexicon: Lexicon) -> bool:
    """A country is allied with a group through backing ("Pakistan has supported the
    Taliban", "the Iran-backed Houthis"), not through diplomacy ("coordinated with the
    Taliban on border security")."""
    types = {candidate.subject.mention.entity_type}
    if candidate.object is not None:
        types.add(candidate.object.mention.entity_type)
    if "country" not in types:
        return True
    trigger = candidate.trigger
    return not {trigger.lemma_.lower(), trigger.lower_} & lexicon.state_diplomacy_words


def _conflict_party(candidate: Candidate, lexicon: Lexicon) -> bool:
    types = {candidate.subject.mention.entity_type}
    if candidate.object is not None:
        types.add(candidate.object.mention.entity_type)
    if candidate.predicate in lexicon.non_state_predicates and types <= lexicon.state_types:
        return False  # two states: diplomacy or trade, not a tie Spoor follows
    return bool(types & lexicon.conflict_party_types)


def _settle_intent(candidate: Candidate, modality: Modality) -> bool:
    """Turn a planned or forecast attack into `threatens`; drop other unrealised events."""
    if modality.hypothetical:
        return False  # "if ISWAP attacked Maiduguri, ...": supposed, neither done nor threatened
    if not (modality.intent or modality.forecast or modality.future):
        return True
    if candidate.predicate == "attacked":
        candidate.predicate = "threatens"
        candidate.attributes["intent"] = True
        return True
    if candidate.predicate in ("threatens", "claims_territory"):
        return True  # a threat or a claim is intent by nature ("seeks a caliphate in X")
    if candidate.predicate in ("recruits_from", "propaganda_targets"):
        # "has sought to recruit Central Asians", "tries to reach Uzbek speakers": the
        # effort is the fact; only a future one ("will recruit") is not yet
        return not modality.future
    if candidate.predicate in EVENT_PREDICATES:
        return False
    # "plans to expand into X" and "will operate in X" are not presence in X
    return not (modality.intent or modality.future)


def _country_forces(candidate: Candidate, lexicon: Lexicon) -> None:
    """ "A US drone strike killed X": the doer is the country's armed forces, when the
    knowledge base has them (relations.yaml, country_forces); otherwise the country."""
    mention = candidate.subject.mention
    if mention.entity_type != "country" or mention.place is None:
        return
    if civil_doer(candidate.subject, lexicon):
        return  # "Nigerian authorities", "police in Germany": the state, not its army
    forces = lexicon.country_forces.get(mention.place.country or "")
    if forces is not None and candidate.predicate in lexicon.country_as_actor:
        candidate.subject.mention = dataclasses.replace(
            mention, entity_id=forces, entity_type="armed_forces"
        )


def _soldiers_of_a_people(candidate: Candidate) -> bool:
    """ "killed four Nigerien soldiers": a people named through its soldiers or fighters
    stands for a state's forces or a group the knowledge base cannot tell, not for the
    people itself; such an event target is dropped (precision first)."""
    obj = candidate.object
    return (
        candidate.predicate in EVENT_PREDICATES
        and obj is not None
        and obj.proxy
        and obj.mention.entity_type == "ethnic_group"
    )


def _country_victims(candidate: Candidate, lexicon: Lexicon) -> None:
    """ "killed one US soldier", "captured Nigerien troops": people named through a country's
    soldiers are its armed forces, when the knowledge base has them. A country named as the
    target of an attack is a place, unless a noun such as "soldiers" or "base" stood for it."""
    obj = candidate.object
    if obj is None or obj.mention.entity_type != "country" or obj.mention.place is None:
        return
    if candidate.predicate not in lexicon.country_as_actor or (
        candidate.predicate in ("attacked", *CUSTODY_PREDICATES) and not obj.proxy
    ):
        # "freed two Americans": nationals held, not the country's soldiers
        return
    forces = lexicon.country_forces.get(obj.mention.place.country or "")
    if forces is not None:
        obj.mention = dataclasses.replace(obj.mention, entity_id=forces, entity_type="armed_forces")


@functools.cache
def _ontology() -> Ontology:
    return load_ontology(KB_DIR / "ontology.yaml")


def _event_codes(candidate: Candidate) -> None:
    """ACLED event and sub-event type and PLOVER type of an event, from the ontology file
    (the exports read these attribute keys)."""
    predicate = _ontology().predicates.get(candidate.predicate)
    if predicate is None:
        return
    if predicate.acled is not None:
        category = predicate.acled.category(
            candidate.attributes.get("tactic"), candidate.attributes.get("target_kind")
        )
        candidate.attributes["acled_event_type"] = category.event_type
        candidate.attributes["acled_sub_event_type"] = category.sub_event_type
    if predicate.plover is not None:
        candidate.attributes["plover"] = predicate.plover


_ARMED_TYPES = frozenset({"armed_group", "armed_forces", "intelligence_agency"})


def _civilian_target(candidate: Candidate, view: SentenceView, lexicon: Lexicon) -> bool:
    """Whether an event hit civilians (ACLED's "Violence against civilians"): a people
    killed ("killed 14 Christians"), or civilians killed or attacked in the sentence
    ("attacked the village, killing 40 civilians") when no armed actor is the object."""
    obj = candidate.object
    if obj is None or obj.mention.entity_type in _ARMED_TYPES or obj.proxy:
        return False
    if obj.mention.entity_type == "ethnic_group" and candidate.predicate == "killed":
        return True
    spec = lexicon.event_nouns
    nouns = frozenset(spec.get("civilian_nouns", ()))
    verbs = frozenset(spec.get("civilian_verbs", ()))
    for token in view.sent:
        if token.lemma_.lower() not in nouns:
            continue
        # "killing 40 civilians", "dozens of worshippers were killed", "attacks on villagers"
        link = token
        for _ in range(3):
            head = link.head
            if head.i == link.i:
                break
            if head.lemma_.lower() in verbs and link.dep_ in ("dobj", "nsubjpass"):
                return True
            governor = head.head.lemma_.lower()
            if (
                link.dep_ == "pobj"
                and head.lower_ in ("on", "against", "of")
                and (governor in verbs or governor in spec["lemmas"])
            ):
                return True
            link = head
    return False


def _attackers_hit(candidate: Candidate, lexicon: Lexicon) -> bool:
    """Whether an attack is told in a relative clause on people hit by another event
    ("killing 30 fighters who were attacking Somali forces")."""
    trigger = candidate.trigger
    noun = trigger.head
    return (
        trigger.dep_ == "relcl"
        and noun.dep_ in ("dobj", "nsubjpass")
        and noun.head.lemma_.lower() in lexicon.victim_verbs
    )


def _event_scope(candidate: Candidate, lexicon: Lexicon) -> set[int]:
    """Token indices that can say how a killing was done: the trigger's phrase, and the
    clause it hangs on when it is a participle or relative clause."""
    trigger = candidate.trigger
    scope = {t.i for t in trigger.subtree}
    if trigger.dep_ in ("advcl", "conj", "relcl", "acl", "xcomp"):
        scope |= {t.i for t in trigger.head.subtree}
        event = antecedent_event(trigger, lexicon)
        if event is not None:  # "the suicide bombing at the airport that killed 13"
            scope |= {t.i for t in event.subtree}
    return scope


def _weapon(sent: Span, lexicon: Lexicon, scope: set[int] | None = None) -> dict[str, Any]:
    lemmas = [t.lemma_.lower() for t in sent]
    lowers = [t.lower_ for t in sent]
    for cue in lexicon.weapon_cues:
        size = len(cue.lemmas)
        for i in range(len(lemmas) - size + 1):
            if scope is not None and sent.start + i not in scope:
                continue
            window = tuple(lemmas[i : i + size])
            if window == cue.lemmas or tuple(lowers[i : i + size]) == cue.lemmas:
                found: dict[str, Any] = {"tactic": cue.tactic}
                if cue.weapon:
                    found["weapon"] = cue.weapon
                return found
    return {}


def _fact(
    candidate: Candidate,
    modality: Modality,
    view: SentenceView,
    document: Document,
    lexicon: Lexicon,
) -> Fact:
    sent = view.sent
    quote = document.text[sent.start_char : sent.end_char]
    assert quote == sent.text, "evidence quote must be the sentence exactly"
    evidence = Evidence(
        doc_id=document.id,
        start=sent.start_char,
        end=sent.end_char,
        quote=quote,
        uri=document.uri,
        source=document.source,
        hedged=modality.hedged,
        attributed_to=modality.attributed_to,
        vague_attribution=modality.vague_attribution,
        negated=modality.negated,
    )
    place = candidate.place
    if place is None and candidate.predicate in ("active_in", "attacked", "threatens"):
        obj = candidate.object
        if obj is not None and obj.mention.entity_type in PLACE_TYPES:
            place = obj.mention.place
    return Fact(
        subject_id=candidate.subject.mention.entity_id or "",
        predicate=candidate.predicate,
        evidence=evidence,
        object_id=candidate.object.mention.entity_id if candidate.object else None,
        object_value=candidate.value,
        time=fact_time(candidate, view, document, lexicon),
        place=place,
        attributes=dict(candidate.attributes),
    )


def _merge(kept: Fact, new: Fact) -> None:
    """Two candidates for the same fact in one sentence: keep the richer reading."""
    for key, value in new.attributes.items():
        kept.attributes.setdefault(key, value)
    kept.time = kept.time or new.time
    kept.place = kept.place or new.place
    for flag in ("hedged", "negated", "vague_attribution"):
        if getattr(new.evidence, flag):
            setattr(kept.evidence, flag, True)
    kept.evidence.attributed_to = kept.evidence.attributed_to or new.evidence.attributed_to
