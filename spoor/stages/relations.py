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
import re
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span, Token

from spoor.geo.normalize import normalize_name
from spoor.kb.ontology import Ontology, load_ontology
from spoor.records import Document, Evidence, Fact, Mention, TimeSpan
from spoor.relations.arguments import Candidate
from spoor.relations.events import event_candidates
from spoor.relations.frames import frame_candidates, through_members
from spoor.relations.lexicon import KB_DIR, Lexicon, default_lexicon
from spoor.relations.modality import Modality, clause_path, modality_of
from spoor.relations.nouns import relation_noun_candidates
from spoor.relations.quantities import fatalities
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
    subject_group,
)
from spoor.relations.strength import strength_candidates
from spoor.relations.succession import Leadership, succession_candidates
from spoor.relations.templates import template_candidates
from spoor.relations.works import (
    outlet_language_candidates,
    produced_by_candidates,
    work_candidates,
)

log = logging.getLogger(__name__)

# Event predicates that describe something done; under a plan or forecast they are dropped
# (or, for `attacked`, turned into `threatens`).
_EVENTS = frozenset({"attacked", "killed", "arrested", "captured", "released", "founded_in"})
# Counts at a time: a date on another noun ("double its strength of a year ago") is not theirs.
_STATES = frozenset({"strength"})


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
    for sent in sdoc.sents:
        own = sentence_mentions(sent, linked)
        start = paragraph_start(document, sdoc, sent)
        subject = subject_group(sent, own, lex)
        implied = _implied_owners(sent, own, linked, start, topic, lex)
        if not _worth_reading(sent, own + implied, lex):
            topic = subject or topic
            continue
        pronouns: list[Mention] = []
        if any(
            t.lemma_.lower() in lex.coreference["nouns"]
            or t.lower_ in lex.coreference["pronouns"]
            or t.lower_ in _subject_pronouns(lex)
            or t.lower_ in ("they", "their")  # "officials say they have arrested": the speaker
            or _bare_doer(t, lex)
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
            if group is not None and not any(m.entity_type in _ACTOR_TYPES for m in own):
                # "In March, fighters attacked the town": the group the text is about
                own = sorted(
                    own + [_doer_mention(t, group) for t in sent if _bare_doer(t, lex)],
                    key=lambda m: m.start,
                )
        view = SentenceView(sent, own, lex, pronouns, nations=nations, implied=implied)
        facts.extend(_sentence_facts(view, document, lex, leaders, last_attack))
        topic = subject_group(sent, own, lex) or subject or topic
    return facts


def _implied_owners(
    sent: Span,
    own: list[Mention],
    linked: Sequence[Mention],
    start: int,
    topic: str | None,
    lexicon: Lexicon,
) -> list[Mention]:
    """Mentions of the salient group on a following noun that names no group: in a report
    about ISKP, "Sympathisers in Kazakhstan appear to be few" are ISKP's. Only when the
    sentence names no armed group itself and the paragraph's group is unambiguous."""
    types = set(lexicon.coreference["types"])
    if any(m.entity_type in types for m in own):
        return []
    nouns = [
        t
        for t in sent
        if t.pos_ in ("NOUN", "PROPN")
        and (
            t.lemma_.lower() in lexicon.implied_owner_nouns
            or (
                t.lemma_.lower() in lexicon.origin_nouns
                and any(c.dep_ == "prep" and c.lower_ == "from" for c in t.children)
            )
        )
        and not _owned_elsewhere(t, own)
    ]
    if not nouns:
        return []
    earlier = [m for m in linked if start <= m.start and m.end <= sent.start_char]
    group = salient_group(own, earlier, lexicon, topic)
    if group is None:  # a report about one group: the only one it has named so far
        group = salient_group(own, [m for m in linked if m.end <= sent.start_char], lexicon)
    if group is None:
        return []
    return [
        Mention(
            start=t.idx,
            end=t.idx + len(t.text),
            text=t.text,
            label="implied",
            origin="implied",
            entity_id=group,
            entity_type="armed_group",
        )
        for t in nouns
    ]


def _owned_elsewhere(noun: Token, own: list[Mention]) -> bool:
    """Whether a noun names its own owner: "government supporters", "their followers",
    "supporters of the president" belong to someone other than the report's group."""

    def mention_at(token: Token) -> Mention | None:
        return next((m for m in own if m.start <= token.idx < m.end), None)

    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ != "its":
            return True
        if child.dep_ == "prep" and child.lower_ in ("of", "by"):
            return True
        if child.dep_ not in ("compound", "amod", "nmod"):
            continue
        mention = mention_at(child)
        if mention is not None:
            # "Tajik sympathisers", "sympathisers in Kunar" say who or where, not whose
            if mention.entity_type != "ethnic_group" and mention.entity_type not in PLACE_TYPES:
                return True
        elif child.dep_ == "compound" and child.pos_ in ("NOUN", "PROPN"):
            return True  # "government supporters"
    return False


@functools.cache
def _demonyms() -> dict[str, str]:
    """People's adjective (normalised) -> ISO 3166 code, from the curated places data."""
    from spoor.geo.build import PLACES_DIR, read_csv

    return {
        normalize_name(row["demonym"]): row["country"]
        for row in read_csv(PLACES_DIR / "demonyms.csv")
        if row.get("demonym") and len(row.get("country", "")) == 2
    }


def nation_mentions(linked: Sequence[Mention]) -> dict[str, Mention]:
    """People's adjectives whose country the document names: "Kenyan audiences" address
    Kenya when Kenya is a linked mention of the document (no new entity is guessed)."""
    by_code: dict[str, Mention] = {}
    for mention in linked:
        if mention.entity_type == "country" and mention.place is not None:
            by_code.setdefault(mention.place.country or "", mention)
    return {word: by_code[code] for word, code in _demonyms().items() if code in by_code}


# actors whose presence in a sentence makes a bare "fighters" theirs, not the salient group's
_ACTOR_TYPES = frozenset({"armed_group", "armed_forces", "country", "organization"})


def _bare_doer(token: Token, lexicon: Lexicon) -> bool:
    """ "fighters attacked the town": a bare plural fighter noun (no determiner, owner or
    modifier naming whose) as the subject of an event verb (attack, kill, capture ...)."""
    if token.lemma_.lower() not in lexicon.bare_doer_nouns or token.tag_ != "NNS":
        return False
    if token.dep_ != "nsubj" or token.head.lemma_.lower() not in _event_verbs(lexicon):
        return False
    return not any(
        c.dep_ in ("det", "poss", "compound", "amod", "prep", "nmod", "acl", "relcl", "appos")
        for c in token.children
    )


def _event_verbs(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(
        lemma
        for f in lexicon.frames
        if f.predicate in _EVENTS and f.pos == "VERB"
        for lemma in f.lemmas
    )


def _doer_mention(token: Token, entity_id: str) -> Mention:
    return Mention(
        start=token.idx,
        end=token.idx + len(token.text),
        text=token.text,
        label="coref",
        origin="coref",
        entity_id=entity_id,
        entity_type="armed_group",
    )


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
    cues = lexicon.strength["units"]
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
        (t for t in (_time(a, view, document, lexicon) for a in attacks) if t is not None), None
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
        if not claim.refers_back:
            continue
        before = [a for a in attacks if a.trigger.i < claim.trigger.i]
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
                    time=_time(event, view, document, lexicon) or memory.time,
                )
            )
    _remember_attacks(attacks, view, document, lexicon, memory, victims)
    claimants = [c.subject for c in found if c.predicate == "attacked"]
    if claimants and not attacks:  # "ISKP claimed the attack": now its known doer
        memory.doers = claimants
    return found


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
    )
    candidates = through_members(candidates)
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
    candidates += succession_candidates(view, lexicon, leaders)
    facts: dict[tuple[str, str, str], Fact] = {}
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
        if not _settle_intent(candidate, modality):
            continue
        if candidate.predicate == "attacked":
            if not toll_read:
                toll, toll_read = fatalities(view.sent, lexicon), True
            if toll is not None:
                candidate.attributes.setdefault("fatalities", toll)
            candidate.attributes.update(_weapon(view.sent, lexicon))
        _country_forces(candidate, lexicon)
        _event_codes(candidate)
        fact = _fact(candidate, modality, view, document, lexicon)
        _canonical_order(fact)
        key = (fact.subject_id, fact.predicate, fact.object_id or repr(fact.object_value))
        if key in facts:
            _merge(facts[key], fact)
        else:
            facts[key] = fact
    return list(facts.values())


def _pledge_to_group(candidate: Candidate, leaders: list[Leadership]) -> None:
    """A pledge to a group's leader is a pledge to the group: "pledged allegiance to IS
    leader Abu Bakr al-Baghdadi" (the leader read in this sentence or earlier)."""
    obj = candidate.object
    if candidate.predicate != "pledged_allegiance_to" or obj is None:
        return
    if obj.mention.entity_type != "person":
        return
    for item in reversed(leaders):
        if item.person_id == obj.mention.entity_id:
            candidate.object = Arg(item.group, obj.token)
            return


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
    if subject_type in lexicon.peaceful_types and candidate.predicate in _EVENTS:
        return False  # "Amaq released a video": outlets publish, they do not free or kill
    if subject_type not in subject_types and not (
        subject_type == "country" and candidate.predicate in lexicon.country_as_actor
    ):
        return False
    if candidate.value is not None:
        return candidate.value.type in object_types
    return candidate.object is not None and (candidate.object.mention.entity_type or "") in (
        object_types
    )


def _settle_intent(candidate: Candidate, modality: Modality) -> bool:
    """Turn a planned or forecast attack into `threatens`; drop other unrealised events."""
    if not (modality.intent or modality.forecast or modality.future):
        return True
    if candidate.predicate == "attacked":
        candidate.predicate = "threatens"
        candidate.attributes["intent"] = True
        return True
    if candidate.predicate in ("threatens", "claims_territory"):
        return True  # a threat or a claim is intent by nature ("seeks a caliphate in X")
    if candidate.predicate in _EVENTS:
        return False
    # "plans to expand into X" and "will operate in X" are not presence in X
    return not (modality.intent or modality.future)


def _country_forces(candidate: Candidate, lexicon: Lexicon) -> None:
    """ "A US drone strike killed X": the doer is the country's armed forces, when the
    knowledge base has them (relations.yaml, country_forces); otherwise the country."""
    mention = candidate.subject.mention
    if mention.entity_type != "country" or mention.place is None:
        return
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
        candidate.predicate in _EVENTS
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
        candidate.predicate == "attacked" and not obj.proxy
    ):
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


def _weapon(sent: Span, lexicon: Lexicon) -> dict[str, Any]:
    lemmas = [t.lemma_.lower() for t in sent]
    lowers = [t.lower_ for t in sent]
    for cue in lexicon.weapon_cues:
        size = len(cue.lemmas)
        for i in range(len(lemmas) - size + 1):
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
        time=_time(candidate, view, document, lexicon),
        place=place,
        attributes=dict(candidate.attributes),
    )


def _clause_head(token: Token) -> Token:
    """The verb that heads the clause holding ``token`` (or the clause's top token)."""
    path = clause_path(token)
    return next((t for t in path if t.pos_ in ("VERB", "AUX")), path[-1])


def _time(
    candidate: Candidate, view: SentenceView, document: Document, lexicon: Lexicon
) -> TimeSpan | None:
    if candidate.time is not None:
        return candidate.time  # an earlier sentence dated the event ("claimed the attack")
    span = _stated_time(candidate, view, document, lexicon)
    if span is None and candidate.predicate in lexicon.narrative_time_predicates:
        span = _narrative_time(candidate, view, document)
    if candidate.attributes.get("role") == "predecessor":
        # "X succeeded Y in 2020": Y's leadership ended then
        return TimeSpan(start=None, end=span.start) if span is not None else None
    if (
        span is not None
        and span.end is None
        and candidate.predicate in (lexicon.untimed_predicates)
    ):
        return None  # a habit "since 2021" is not dated by when it began
    return span


def _stated_time(
    candidate: Candidate, view: SentenceView, document: Document, lexicon: Lexicon
) -> TimeSpan | None:
    """The time of the fact: a DATE entity in the trigger's clause, resolved against the
    publication date. Title relations are dated only through a verb such as "appointed"."""
    head = _clause_head(candidate.trigger)
    if not candidate.timed and head.lemma_.lower() not in lexicon.timed_verbs:
        return None
    dates = [
        ent
        for ent in view.sent.ents
        if ent.label_ == "DATE"
        and not _describes_argument(ent.root, candidate)
        and not (candidate.predicate in _STATES and _dates_other_noun(ent, candidate))
    ]
    heads = {head.i, *(_clause_head(t).i for t in candidate.time_from)}
    trigger = candidate.trigger
    if (
        candidate.predicate not in _EVENTS
        and trigger.dep_ == "pcomp"
        and trigger.head.lower_ in lexicon.sequence_prepositions
    ):
        # "renamed itself in 2007 after pledging allegiance": only the gerund's own date (an
        # event "raided a house on Monday after tracking him" often shares its day)
        inside = {t.i for t in trigger.subtree}
        dates = [ent for ent in dates if ent.root.i in inside]
    if trigger.dep_ == "acl" and trigger.tag_ == "VB":
        # "the IMU's decision in August to pledge allegiance": the noun's date
        dates_of_noun = [ent for ent in dates if _noun_date(ent.root, trigger.head)]
        for ent in dates_of_noun:
            span = _resolve(ent, document)
            if span is not None:
                return span
    # the trigger's clause, or a date inside the trigger's own phrase ("the raid on 28 July")
    for ent in dates:
        if (
            _clause_head(ent.root).i in heads
            or ent.root.is_ancestor(candidate.trigger)
            or _in_phrase(ent.root, candidate.trigger, candidate.predicate in _EVENTS, lexicon)
        ):
            span = _resolve(ent, document)
            if span is not None:
                return span
    if candidate.predicate not in _EVENTS and not candidate.event_time:
        return None
    # "conducted a raid on 17 April, killing ...": the date of the clause it hangs on;
    # "X said on Monday that it had arrested ...": the statement's date, to its month
    reported = False
    child = head
    for ancestor in head.ancestors:
        reported = reported or child.dep_ == "ccomp"
        child = ancestor
        for ent in dates:
            if _clause_head(ent.root).i != ancestor.i:
                continue
            span = _resolve(ent, document)
            if span is not None and span.start is not None:
                if not reported:
                    return span
                month = span.start[:7]
                return TimeSpan(start=month, end=month)
    return None


def _narrative_time(
    candidate: Candidate, view: SentenceView, document: Document
) -> TimeSpan | None:
    """The month of the previous sentence's main clause, for an undated simple past ("Amaq
    appeared on Thursday. X released a video in Urdu."): the report narrates one stretch
    of time. Not across a paragraph break, and not for a perfect ("has released"), which
    states a habit, nor for a date off the main clause ("its first since March")."""
    trigger = candidate.trigger
    if trigger.tag_ != "VBD" or any(c.dep_ == "aux" for c in trigger.children):
        return None
    sent = view.sent
    if sent.start == 0:
        return None
    previous = sent.doc[sent.start - 1].sent
    # a blank line is a paragraph break (the parser may keep it inside the sentence before)
    gap = document.text[previous.start_char : sent.start_char]
    if re.search(r"\n\s*\n", gap) or previous.text.isspace():
        return None
    for ent in reversed([e for e in previous.ents if e.label_ == "DATE"]):
        if not _noun_date(ent.root, previous.root):
            continue  # "its first since March" dates the issue, not the narrative
        span = _resolve(ent, document)
        # an open span ("since March") is when something began, not the narrative's time
        if span is not None and span.start is not None and span.end is not None:
            month = span.start[:7]
            return TimeSpan(start=month, end=month)
    return None


def _date_text(ent: Span) -> str:
    """The date as written, with a "since" the parser left outside the entity ("since June
    2018" opens a span: a start without an end)."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ == "since":
        return "since " + ent.text
    return ent.text


def _noun_date(date: Token, noun: Token) -> bool:
    """Whether a date hangs on ``noun`` through prepositions only ("decision in August")."""
    for token in date.ancestors:
        if token.i == noun.i:
            return True
        if token.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
            return False
    return False


def _dates_other_noun(ent: Span, candidate: Candidate) -> bool:
    """Whether a date modifies a noun other than the trigger: in "has 4,000 fighters,
    double its strength of a year ago" the year dates the old strength, not the fact."""
    trigger = candidate.trigger
    for token in ent.root.ancestors:
        if token.pos_ in ("VERB", "AUX"):
            return False
        if token.i == trigger.i or token.is_ancestor(trigger):
            return False
        if token.pos_ in ("NOUN", "PROPN") and token.i not in range(ent.start, ent.end):
            return True
    return False


def _describes_argument(date: Token, candidate: Candidate) -> bool:
    """Whether a date sits in a phrase describing an argument, not the fact: "founded by
    Jalaluddin Haqqani, a commander of the 1980s war" is not dated 1980."""
    trigger = candidate.trigger.i
    for arg in (candidate.subject, candidate.object):
        if arg is None or arg.token.i == trigger:
            continue
        # an apposition only: "X, who has headed it since June 2020" restates the fact
        for child in arg.token.children:
            inside = {t.i for t in child.subtree}
            if child.dep_ == "appos" and date.i in inside and trigger not in inside:
                return True
    return False


_SAME_YEAR = re.compile(r"\b(?:that|the same) year\b", re.IGNORECASE)
_SAME_DAY = re.compile(r"^(?:on )?the same day$", re.IGNORECASE)


_LATER = re.compile(
    r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>year|month)s?\s+(?P<dir>later|after|afterwards|earlier|before)$",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def _relative_to_earlier(ent: Span, document: Document) -> TimeSpan | None:
    """ "six years later", "two months earlier": counted from the last date before it, in
    its sentence or the one before ("emerged in 2006 ... It joined al-Qaeda six years
    later" is 2012), at that date's precision; months need a month to count from."""
    from spoor.stages.time import normalize  # imported late: a sibling stage

    match = _LATER.match(ent.text.strip())
    if match is None:
        return None
    raw = match["n"].lower()
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    if match["dir"].lower() in ("earlier", "before"):
        count = -count
    sent = ent.sent
    earlier = [e for e in sent.ents if e.label_ == "DATE" and e.end <= ent.start]
    if not earlier and sent.start > 0:
        previous = ent.doc[sent.start - 1].sent
        earlier = [e for e in previous.ents if e.label_ == "DATE"]
    for anchor_ent in reversed(earlier):
        anchor = normalize(_date_text(anchor_ent), document.published, "en")
        if anchor is None or anchor.start is None:
            continue
        parts = anchor.start.split("-")
        year = int(parts[0])
        if match["unit"].lower() == "year":
            return TimeSpan(start=str(year + count), end=str(year + count))
        if len(parts) < 2:
            return None
        months = year * 12 + int(parts[1]) - 1 + count
        month = f"{months // 12:04d}-{months % 12 + 1:02d}"
        return TimeSpan(start=month, end=month)
    return None


def _resolve(ent: Span, document: Document) -> TimeSpan | None:
    """A DATE entity resolved against the publication date; "in October that year" and
    "the same day" against the last date before it in the sentence ("since 2022, including
    a shooting in October that year" is October 2022)."""
    from spoor.stages.time import normalize  # imported late: a sibling stage

    span = normalize(_date_text(ent), document.published, "en")
    if span is not None:
        return span
    later = _relative_to_earlier(ent, document)
    if later is not None:
        return later
    year_ref = _SAME_YEAR.search(ent.text)
    if year_ref is None and not _SAME_DAY.match(ent.text):
        return None
    earlier = [e for e in ent.sent.ents if e.label_ == "DATE" and e.end <= ent.start]
    for previous in reversed(earlier):
        before = normalize(previous.text, document.published, "en")
        if before is None or before.start is None:
            continue
        if year_ref is None:
            return before
        text = ent.text[: year_ref.start()] + before.start[:4] + ent.text[year_ref.end() :]
        return normalize(text, document.published, "en")
    return None


def _in_phrase(token: Token, trigger: Token, event: bool, lexicon: Lexicon) -> bool:
    """Whether ``token`` sits under the trigger ("the raid on 28 July") outside a relative
    clause, which has its own time ("nine people, including two who returned last month")."""
    if not trigger.is_ancestor(token):
        return False
    if not event:  # "led by X, who has headed it since June 2020": a title's own start
        return True
    current = token
    while current.i != trigger.i:
        if current.dep_ == "relcl" or (
            current.dep_ == "acl"
            and current.tag_ == "VBN"
            and not _event_word(current.head, lexicon)
        ):
            # "Frerichs, held since January 2020", "staff abducted in May"; but "an
            # operation backed by aircraft on Saturday" is the event itself
            return False
        current = current.head
    return True


def _event_word(token: Token, lexicon: Lexicon) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lexicon.event_nouns["lemmas"] or lemma in lexicon.instrument_nouns


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
