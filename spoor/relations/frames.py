"""Dependency frames: find candidate facts around trigger words in one sentence.

Each frame in relations.yaml names a trigger (lemma and part of speech) and where
its subject and object sit (agent, patient, or the object of a preposition). The
code here only knows English grammar (active/passive, relative clauses, light
verbs such as "claimed the bombing"); which words mean what is data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from spoor.records import Mention, Place, Quantity
from spoor.relations.lexicon import Frame, Lexicon
from spoor.relations.quantities import range_values
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
    local: bool = False  # modality scoped to the trigger (appositions, titles)
    timed: bool = True  # whether dates in the trigger's clause date the fact


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _pobjs(token: Token, preps: frozenset[str] | None = None) -> list[Token]:
    found: list[Token] = []
    for child in token.children:
        if child.dep_ not in ("prep", "agent"):
            continue
        # "from X and among Y": the second preposition is a conjunct of the first
        for prep in (child, *(c for c in child.conjuncts if c.pos_ == "ADP")):
            if preps is None or prep.lower_ in preps:
                found.extend(c for c in prep.children if c.dep_ == "pobj")
    return found


def agents(token: Token, view: SentenceView, lexicon: Lexicon, depth: int = 0) -> list[Arg]:
    """The doer of a trigger (verb, adjective or noun)."""
    if depth > 3:
        return []
    if token.pos_ in ("NOUN", "PROPN"):
        found = view.owner(token)
        if not found and token.dep_ == "dobj" and (
            token.head.lemma_.lower() in lexicon.possession_verbs
        ):
            found = agents(token.head, view, lexicon, depth + 1)
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
        return found
    for child in token.children:
        if child.dep_ == "nsubj":
            if child.lower_ in _RELATIVE and token.dep_ == "relcl":
                return view.args(token.head)
            return view.args(child)
    head = token.head
    if token.dep_ == "xcomp" and is_passive(head):
        # raising: "ISKP is believed to have cells": the subject of "believed" is the doer
        return [a for c in head.children if c.dep_ == "nsubjpass" for a in view.args(c)]
    if token.dep_ in ("xcomp", "conj") and head.pos_ in ("VERB", "AUX"):
        return agents(head, view, lexicon, depth + 1)
    if token.dep_ == "acl":  # "the attack carried out by ISKP"
        return [a for pobj in _pobjs(token, frozenset({"by"})) for a in view.args(pobj)]
    return []


def patients(token: Token, view: SentenceView) -> list[Arg]:
    """The undergoer of a verb trigger."""
    if token.pos_ not in ("VERB", "AUX"):
        return []
    wanted = "nsubjpass" if is_passive(token) else "dobj"
    for child in token.children:
        if child.dep_ == wanted:
            if child.lower_ in _RELATIVE and token.dep_ == "relcl":
                return view.args(token.head)
            return view.args(child)
    if token.dep_ == "acl" and token.tag_ == "VBN":  # "militants killed in the raid"
        return view.args(token.head)
    return []


def prep_objects(token: Token, preps: frozenset[str], view: SentenceView) -> list[Arg]:
    """Objects of the prepositions on a trigger, its direct object or its copula."""
    hosts = [token]
    hosts += [c for c in token.children if c.dep_ == "dobj"]
    if token.pos_ == "ADJ" and token.head.i != token.i:
        hosts.append(token.head)  # "is active in": the parser may hang "in" on "is"
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj":
        hosts.append(token.head)  # "maintains a presence in"
    found: list[Arg] = []
    for host in hosts:
        for pobj in _reliable(_pobjs(host, preps)):
            found.extend(view.args(pobj))
    return found


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


def resolve_role(
    token: Token, spec: str, view: SentenceView, lexicon: Lexicon
) -> list[Arg]:
    """Arguments for a role spec such as "agent", "patient" or "patient|prep:from|among"."""
    preps: set[str] = set()
    found: list[Arg] = []
    for item in spec.split("|"):
        if item == "agent":
            found += agents(token, view, lexicon)
        elif item == "patient":
            found += patients(token, view)
        elif item.startswith("prep:"):
            preps.add(item[5:])
        else:
            preps.add(item)
    if preps:
        found += prep_objects(token, frozenset(preps), view)
    return found


def _place_of(args: list[Arg]) -> Place | None:
    for arg in args:
        if arg.mention.entity_type in PLACE_TYPES and arg.mention.place is not None:
            return arg.mention.place
    return None


def frame_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    found: list[Candidate] = []
    for token in view.sent:
        lemma = token.lemma_.lower()
        for frame in lexicon.frames:
            if lemma not in frame.lemmas or not _pos_fits(token, frame):
                continue
            if frame.requires and not any(
                c.dep_ == "dobj" and c.lemma_.lower() in frame.requires for c in token.children
            ):
                continue
            found.extend(_apply(frame, token, view, lexicon))
    return found


def _pos_fits(token: Token, frame: Frame) -> bool:
    if frame.pos == "VERB":
        return token.pos_ in ("VERB", "AUX") or token.tag_ in ("VBN", "VBD")
    if frame.pos == "NOUN":
        return token.pos_ in ("NOUN", "PROPN")
    return token.pos_ == frame.pos


def _apply(frame: Frame, token: Token, view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    subjects = resolve_role(token, frame.subject, view, lexicon)
    if not subjects:
        return []
    if frame.predicate == "propaganda_language":
        objects = language_args(token, frame.object, view, lexicon)
    else:
        objects = resolve_role(token, frame.object, view, lexicon)
    if not objects and frame.fallback_object:
        objects = [
            a for a in resolve_role(token, frame.fallback_object, view, lexicon)
            if a.mention.entity_type in PLACE_TYPES
        ]
    place_args = (
        objects if frame.place == "object"
        else resolve_role(token, frame.place, view, lexicon) if frame.place else []
    )
    place = _place_of(place_args)
    found = []
    for subject, obj in _pairs(token, subjects, objects):
        attributes: dict[str, Any] = {}
        if frame.role:
            attributes["role"] = frame.role
        if frame.intent:
            attributes["intent"] = True
        if obj.count is not None and frame.predicate in ("killed", "arrested", "captured"):
            attributes["count"] = obj.count
        if frame.predicate == "propaganda_language":
            attributes.update(_language_attributes(token, obj, lexicon))
        obj_place = obj.mention.place if obj.mention.entity_type in PLACE_TYPES else None
        found.append(
            Candidate(subject, frame.predicate, token, obj, place=obj_place or place,
                      attributes=attributes)
        )
    return found


def _pairs(token: Token, subjects: list[Arg], objects: list[Arg]) -> list[tuple[Arg, Arg]]:
    """Every subject with every object, or item by item under "respectively" (and nothing
    when the two lists then differ in length: precision first)."""
    if any(t.lower_ == "respectively" for t in token.sent):
        if len(subjects) != len(objects):
            return []
        return list(zip(subjects, objects, strict=True))
    return [(s, o) for s in subjects for o in objects]


# -- languages ---------------------------------------------------------------------------

def language_args(
    token: Token, spec: str, view: SentenceView, lexicon: Lexicon
) -> list[Arg]:
    """Languages named by the objects of ``spec`` ("in Uzbek, Tajik and Russian").

    A linked mention of type language is used as is; a language named in the lexicon
    but not linked gets the curated language entity the lexicon names for it.
    """
    preps = frozenset(p.removeprefix("prep:") for p in spec.split("|"))
    hosts = [token, *(c for c in token.children if c.dep_ == "dobj")]
    if token.dep_ == "dobj":
        hosts.append(token.head)
    found: list[Arg] = []
    for host in hosts:
        for pobj in _pobjs(host, preps):
            for item in (pobj, *pobj.conjuncts):
                arg = _language_arg(item, view, lexicon)
                if arg is not None:
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
        start=token.idx, end=token.idx + len(token.text), text=token.text, label="language",
        origin="lexicon", entity_id=language.entity_id,
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
    stated = next((lexicon.scripts[t.lower_] for t in window if t.lower_ in lexicon.scripts
                   and t.i != obj.token.i), None)
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
    for token in view.sent:
        if token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() not in spec["lemmas"]:
            continue
        verb = _light_verb(token, spec)
        if verb is None and token.lemma_.lower() in spec["state_instruments"]:
            continue
        subjects = [
            a for a in view.owner(token) if a.mention.entity_type not in PLACE_TYPES
        ]
        hosts = [token]
        if verb is not None:
            subjects += agents(verb, view, lexicon) if verb.pos_ != "ADJ" else agents(
                verb.head, view, lexicon
            )
            hosts.append(verb)
        targets: list[Arg] = []
        places: list[Arg] = []
        for host in hosts:
            targets += [a for p in _pobjs(host, frozenset(spec["target_preps"]))
                        for a in view.args(p)]
            places += [a for p in _pobjs(host, frozenset(spec["place_preps"]))
                       for a in view.args(p) if a.mention.entity_type in PLACE_TYPES]
        place = _place_of(targets) or _place_of(places)
        objects = targets or places[:1]
        for subject in subjects:
            for obj in objects:
                found.append(Candidate(subject, spec["predicate"], token, obj, place=place))
    return found


def _light_verb(noun: Token, spec: dict[str, Any]) -> Token | None:
    """The verb that makes an actor the doer of an event noun, if any."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in spec["light_verbs"]:
        return head
    if noun.dep_ == "pobj" and head.lower_ in ("for", "behind"):
        owner = head.head  # "claimed responsibility for", "responsible for", "was behind"
        if owner.lemma_.lower() in spec["responsibility_nouns"] and owner.dep_ == "dobj":
            return owner.head
        if owner.lemma_.lower() == "responsible" or head.lower_ == "behind":
            return owner
    return None


# -- strength --------------------------------------------------------------------------------

def strength_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`strength`: "ISKP has an estimated 1,500 to 2,200 fighters"."""
    spec = lexicon.strength
    found: list[Candidate] = []
    for token in view.sent:
        if token.lemma_.lower() not in spec["units"]:
            continue
        values = [v for c in token.children if c.dep_ == "nummod" for v in range_values(c)]
        if not values:
            continue
        for owner in _strength_owners(token, view, lexicon):
            attributes: dict[str, Any] = {}
            if len(values) > 1:
                attributes = {"min": min(values), "max": max(values)}
            value = Quantity(value=min(values), type="quantity", unit=token.lower_)
            found.append(Candidate(owner, "strength", token, value=value, attributes=attributes))
    return found


def _strength_owners(unit: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    spec = lexicon.strength
    current = unit
    for _ in range(4):
        if current.dep_ not in ("dobj", "pobj", "prep", "attr", "oprd", "xcomp"):
            return []
        current = current.head
        if current.lemma_.lower() in spec["verbs"] and current.pos_ in ("VERB", "AUX"):
            return agents(current, view, lexicon)
        if current.lemma_.lower() in spec["nouns"]:
            return view.owner(current)
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in spec["nouns"]:
                return view.owner(child)
    return []
