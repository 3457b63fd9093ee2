"""Who holds people: the state doers of arrests, captures and releases named only by a
common noun ("Nigerian authorities released ...", "police in Germany arrested ...",
"security forces had arrested 14 suspects in Lamu"), and captivity ("was held by the
Haqqani Network", "in exchange for five commanders held by the government").

Data: relations.yaml, event_nouns.custody."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from spoor.geo.normalize import normalize_name
from spoor.relations.arguments import (
    Candidate,
    agents,
    is_passive,
    only_places,
    patients,
    pobjs_of,
)
from spoor.relations.implied import _demonyms
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import PLACE_TYPES, Arg, SentenceView, stand_in

CUSTODY_PREDICATES = frozenset({"arrested", "captured", "released"})


def _spec(lexicon: Lexicon) -> dict[str, Any]:
    return dict(lexicon.event_nouns.get("custody", {}))


def doer_nouns(verb: Token) -> list[Token]:
    """The nouns that name the doer of an event verb: its subject, or its "by" agent."""
    if is_passive(verb) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        return pobjs_of(verb, frozenset({"by"}))  # "commanders held by the government"
    return [c for c in verb.children if c.dep_ == "nsubj"]


def state_doers(
    nouns: list[Token], event: Token, view: SentenceView, lexicon: Lexicon
) -> list[Arg]:
    """The state a common-noun doer stands for: its people's adjective ("Kenyan police"),
    its "in" country ("police in Germany") or, with no modifier naming anyone, the one
    country the event happened in ("security forces arrested 14 suspects in Lamu"). Armed
    nouns are the country's curated forces (relations.yaml, country_forces); civil ones
    ("authorities", "police") the country, when the document names it."""
    spec = _spec(lexicon)
    armed = frozenset(spec.get("armed_nouns", ()))
    civil = frozenset(spec.get("civil_nouns", ()))
    bare_modifiers = frozenset(spec.get("bare_modifiers", ()))
    by_code = {m.place.country: m for m in view.nations.values() if m.place is not None}
    found: list[Arg] = []
    for noun in [_speaking(n, lexicon) for n in nouns]:
        lemma = noun.lemma_.lower()
        if lemma not in armed | civil:
            continue
        if not unnamed_doers(view.args(noun), lexicon):
            continue  # "Ugandan forces" linked as the UPDF: already its own name
        code = _national_code(noun, view) or _located_code(noun, view)
        if code is None and _bare(noun, bare_modifiers):
            code = _event_country(event, view, lexicon)
        if code is None:
            continue
        forces = lexicon.country_forces.get(code)
        if lemma in armed and forces is not None:
            found.append(Arg(stand_in(noun, forces, "armed_forces", "armed_forces"), noun))
        elif code in by_code:
            found.append(Arg(by_code[code], noun))
    return found


def unnamed_doers(args: list[Arg], lexicon: Lexicon) -> bool:
    """Whether doers found name no actor of their own: none, a people ("Kenyan" in "Kenyan
    police") or a common noun the tagger took for a name ("Police", "Security forces")."""
    spec = _spec(lexicon)
    common = frozenset(spec.get("bare_modifiers", ())) | frozenset(
        spec.get("armed_nouns", ()) + spec.get("civil_nouns", ())
    )
    return all(
        a.mention.entity_type == "ethnic_group"
        # a curated actor is a resolution the linker made ("security forces in Burkina
        # Faso" as its armed forces): never second-guessed
        or not (a.mention.entity_id or "").startswith("kb:")
        and all(w.rstrip("s") in common or w in common for w in a.mention.text.lower().split())
        for a in args
    )


def civil_doer(arg: Arg, lexicon: Lexicon) -> bool:
    """A country read from "authorities" or "police" is the state, not its army."""
    return arg.token.lemma_.lower() in _spec(lexicon).get("civil_nouns", ())


def _speaking(noun: Token, lexicon: Lexicon) -> Token:
    """ "Tajik authorities said they had detained 12 people": the pronoun is the speaker."""
    if noun.lower_ not in ("they", "it") or noun.head.dep_ != "ccomp":
        return noun
    speech = noun.head.head
    if speech.lemma_.lower() not in lexicon.modality["attribution"]["verbs"]:
        return noun
    return next((c for c in speech.children if c.dep_ == "nsubj"), noun)


def _national_code(noun: Token, view: SentenceView) -> str | None:
    for child in noun.children:
        if child.dep_ not in ("amod", "compound", "nmod", "poss") or child.i > noun.i:
            continue
        mention = view.mention_at(child)
        if mention is not None and mention.entity_type == "country" and mention.place:
            return mention.place.country  # "Uzbekistan's security service"
        words = [mention.text] if mention is not None else []
        words.append(child.text)
        for word in words:
            code = _demonyms().get(normalize_name(word))
            if code is not None:
                return code
    return None


def _located_code(noun: Token, view: SentenceView) -> str | None:
    """ "police in Germany", "security forces in Tajikistan", "police in Garissa": the
    country they serve."""
    for pobj in pobjs_of(noun, frozenset({"in"})):
        mention = view.mention_at(pobj)
        if mention is not None and mention.entity_type in PLACE_TYPES and mention.place:
            return mention.place.country
    return None


def _bare(noun: Token, allowed: frozenset[str]) -> bool:
    return not any(
        c.dep_ in ("poss", "prep", "appos", "acl", "relcl", "nmod")
        or (c.dep_ in ("amod", "compound") and c.lemma_.lower() not in allowed)
        for c in noun.children
    )


def _event_country(event: Token, view: SentenceView, lexicon: Lexicon) -> str | None:
    """The one country of the places the event happened in ("in Lamu and Garissa")."""
    preps = frozenset({"in", "near", "across", "on"})
    doers = {t.i for n in doer_nouns(event) for t in n.subtree}
    # "detained 15 members of ISMP in Mocimboa da Praia": the parser may hang the place on
    # any noun of the clause
    places = only_places(
        [
            a
            for t in event.subtree
            if t.i not in doers and t.dep_ == "pobj" and t.head.lower_ in preps
            for a in view.args(t)
        ]
    )
    codes = {a.mention.place.country for a in places if a.mention.place is not None}
    return next(iter(codes)) if len(codes) == 1 else None


# -- custody --------------------------------------------------------------------------------


def custody_phrase_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """ "were taken into custody by Pakistani police", "placed ISKP suspects in detention":
    an arrest said with a custody noun."""
    spec = _spec(lexicon)
    verbs = frozenset(spec.get("custody_verbs", ()))
    nouns = frozenset(spec.get("custody_nouns", ()))
    found: list[Candidate] = []
    for verb in view.sent:
        if verb.lemma_.lower() not in verbs or verb.pos_ not in ("VERB", "AUX"):
            continue
        if not any(p.lemma_.lower() in nouns for p in pobjs_of(verb, frozenset({"into", "in"}))):
            continue
        doers = agents(verb, view, lexicon)
        if unnamed_doers(doers, lexicon):
            doers = state_doers(doer_nouns(verb), verb, view, lexicon) or doers
        for doer in doers:
            for obj in patients(verb, view):
                if obj.mention.entity_type in PLACE_TYPES or obj.mention is doer.mention:
                    continue
                attributes = {"count": obj.count} if obj.count is not None else {}
                found.append(Candidate(doer, "arrested", verb, obj, attributes=attributes))
    return found


# -- captivity ------------------------------------------------------------------------------


def captivity_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """ "was abducted in Kabul and is believed to have been held by the Haqqani Network",
    "the group still holds two aid workers" give `captured`; in a swap ("in exchange for
    five commanders held by the government") the holder releases them."""
    spec = _spec(lexicon)
    verbs = frozenset(spec.get("holding_verbs", ()))
    excluded = frozenset(spec.get("holding_excluded", ()))
    blocked = frozenset(spec.get("holding_blocked_by", ()))
    found: list[Candidate] = []
    for verb in view.sent:
        if verb.lemma_.lower() not in verbs or verb.pos_ not in ("VERB", "AUX"):
            continue
        if any(
            c.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "dative")
            and c.lemma_.lower() not in spec.get("holding_complements", ())
            or c.lemma_.lower() in excluded
            # "in high regard"
            or any(p.dep_ == "pobj" and p.lemma_.lower() in excluded for p in c.children)
            for c in verb.children
        ):
            continue  # "held X responsible", "holds that ...", "held talks"
        if any(c.dep_ in ("prep", "prt") and c.lower_ in blocked for c in verb.children):
            continue  # "held the army from advancing", "held off the attackers"
        holders = [
            a
            for n in doer_nouns(verb)
            for a in view.args(n)
            if a.mention.entity_type not in PLACE_TYPES
        ]
        if not holders:
            continue
        held = _held(verb, view)
        if not held:
            continue
        for holder in holders:
            predicate = "released" if _swapped(verb) else "captured"
            if predicate == "captured" and holder.mention.entity_type in _CUSTODIANS:
                predicate = "arrested"  # a state holding people detains them
            for obj in held:
                if obj.mention.entity_id != holder.mention.entity_id:
                    attributes = {"count": obj.count} if obj.count is not None else {}
                    found.append(Candidate(holder, predicate, verb, obj, attributes=attributes))
    return found


# holders whose captivity is detention (bench/gold/README.md: "arrested (police, security
# service)"; an army or armed group captures)
_CUSTODIANS = frozenset({"government", "intelligence_agency"})


def _held(verb: Token, view: SentenceView) -> list[Arg]:
    """Who is held: the passive subject (or the noun a participle hangs on: "commanders held
    by the government") or the direct object; people, not places or peoples."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        nouns = [verb.head]
    elif is_passive(verb):
        nouns = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not nouns and verb.dep_ == "xcomp":  # "is believed to have been held by X"
            nouns = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not nouns and verb.head.dep_ == "conj":  # "was abducted ... and is believed"
                nouns = [c for c in verb.head.head.children if c.dep_ == "nsubjpass"]
    else:
        nouns = [c for c in verb.children if c.dep_ == "dobj"]
    return [
        a
        for n in nouns
        for a in view.args(n)
        if a.mention.entity_type not in PLACE_TYPES and a.mention.entity_type != "ethnic_group"
    ]


def _swapped(verb: Token) -> bool:
    """ "in exchange for five of the group's commanders held by the government"."""
    for ancestor in verb.ancestors:
        if ancestor.dep_ == "pobj" and ancestor.head.lower_ == "for":
            prep = ancestor.head
            if prep.head.lower_ in ("exchange", "return", "swap"):
                return True
    return False
