"""Relations stage: facts with evidence and modality from parsed English sentences.

Entry point: :func:`extract`. For each sentence that names at least two linked
entities (or one and a language or a count of fighters), candidate facts come
from three rule sets whose words live in spoor/kb/lexicons/:

- dependency frames around trigger words (spoor/relations/frames.py),
- event nouns with their doers and targets ("ISKP claimed the bombing in Kabul"),
- surface templates for appositions and titles (spoor/relations/templates.py).

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

from spacy.tokens import Doc, Span, Token

from spoor.geo.normalize import normalize_name
from spoor.kb.ontology import Ontology, load_ontology
from spoor.records import Document, Evidence, Fact, Mention, TimeSpan
from spoor.relations.frames import (
    Candidate,
    event_candidates,
    frame_candidates,
    produced_by_candidates,
    relation_noun_candidates,
    strength_candidates,
    through_members,
    work_candidates,
)
from spoor.relations.lexicon import KB_DIR, Lexicon, default_lexicon
from spoor.relations.modality import Modality, clause_path, modality_of
from spoor.relations.quantities import fatalities
from spoor.relations.sentence import (
    PLACE_TYPES,
    SentenceView,
    coreference_mentions,
    leading_pronoun_mentions,
    paragraph_start,
    pronoun_mentions,
    salient_group,
    sentence_mentions,
    subject_group,
)
from spoor.relations.templates import template_candidates

log = logging.getLogger(__name__)

# Event predicates that describe something done; under a plan or forecast they are dropped
# (or, for `attacked`, turned into `threatens`).
_EVENTS = frozenset({"attacked", "killed", "arrested", "captured", "released", "founded_in"})


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
        view = SentenceView(sent, own, lex, pronouns, nations=nations, implied=implied)
        facts.extend(_sentence_facts(view, document, lex))
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


def _subject_pronouns(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lexicon.coreference.get("subject_pronouns", ()))


def _worth_reading(sent: Span, own: list[Mention], lexicon: Lexicon) -> bool:
    """Skip sentences that cannot hold a fact: fewer than two named things, counting
    "the group" (resolved later), a language name and a count of fighters as things."""
    if len(own) >= 2:
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
    )
    return things >= 2


def _sentence_facts(view: SentenceView, document: Document, lexicon: Lexicon) -> list[Fact]:
    candidates = (
        template_candidates(view, lexicon)
        + frame_candidates(view, lexicon)
        + event_candidates(view, lexicon)
        + strength_candidates(view, lexicon)
        + relation_noun_candidates(view, lexicon)
        + work_candidates(view, lexicon)
        + produced_by_candidates(view, lexicon)
    )
    candidates = through_members(candidates)
    facts: dict[tuple[str, str, str], Fact] = {}
    toll: int | None = None
    toll_read = False
    for candidate in candidates:
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
        key = (fact.subject_id, fact.predicate, fact.object_id or repr(fact.object_value))
        if key in facts:
            _merge(facts[key], fact)
        else:
            facts[key] = fact
    return list(facts.values())


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
    span = _stated_time(candidate, view, document, lexicon)
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
    from spoor.stages.time import normalize  # imported late: a sibling stage

    head = _clause_head(candidate.trigger)
    if not candidate.timed and head.lemma_.lower() not in lexicon.timed_verbs:
        return None
    dates = [ent for ent in view.sent.ents if ent.label_ == "DATE"]
    # the trigger's clause, or a date inside the trigger's own phrase ("the raid on 28 July")
    for ent in dates:
        if (
            _clause_head(ent.root).i == head.i
            or ent.root.is_ancestor(candidate.trigger)
            or (candidate.trigger.is_ancestor(ent.root))
        ):
            span = normalize(ent.text, document.published, "en")
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
            span = normalize(ent.text, document.published, "en")
            if span is not None and span.start is not None:
                if not reported:
                    return span
                month = span.start[:7]
                return TimeSpan(start=month, end=month)
    return None


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
