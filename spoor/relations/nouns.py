"""Relations carried by nouns: "al-Qaeda's affiliate", "a bitter rival of X", "the rivalry
between X and Y", "competitors in Bajaur"."""

from __future__ import annotations

from spacy.tokens import Token

from spoor.relations.arguments import (
    RELATIVE,
    Candidate,
    agents,
    is_passive,
    only_places,
    patients,
    pobjs_of,
    subject_object_pairs,
)
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import PLACE_TYPES, Arg, SentenceView

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
        places = only_places([a for p in pobjs_of(token, frozenset({"in"})) for a in view.args(p)])
        if objects or len(subjects) < 2:
            places = []
        present = list(subjects)
        if not objects and predicate in lexicon.mutual.get("predicates", ()):
            # "ISKP and the Taliban are bitter rivals": each the other's
            subjects, objects = subjects[:1], subjects[1:]
        for subject, obj in subject_object_pairs(token, subjects, objects):
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
        elif lemma in weak and (_called(token, close) or _denied(token, lexicon)):
            # "the relationship ... remains close"; "denied any links with ISKP" (negated)
            predicate = "allied_with"
        else:
            continue
        between = [
            a for p in pobjs_of(token, frozenset({"between", "among"})) for a in view.args(p)
        ]
        if len(between) >= 2:
            pairs = [(between[0], other) for other in between[1:]]
        else:
            owners = view.owner(token)
            others = [
                a
                for p in pobjs_of(token, frozenset({"with", "against", "to"}))
                for a in view.args(p)
            ]
            if not owners and token.dep_ == "dobj":
                # "ISKP has close links with X", "X and Y have close ties": the verb's subject
                doers = agents(token.head, view, lexicon)
                owners, others = (doers, others) if others else (doers[:1], doers[1:])
            pairs = [(o, x) for o in owners for x in others]
        found += [Candidate(a, predicate, token, b) for a, b in pairs]
    return found


def _denied(noun: Token, lexicon: Lexicon) -> bool:
    """Whether a tie is denied: "denied any links with ISKP", "has no ties to al-Qaeda",
    "does not have links with" (modality then marks the fact negated)."""
    verbs = frozenset(lexicon.modality["negation"]["verbs"])
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return True
    head = noun.head
    return noun.dep_ == "dobj" and (
        head.lemma_.lower() in verbs or any(c.dep_ == "neg" for c in head.children)
    )


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


_PEOPLE_OR_PLACE = PLACE_TYPES | {"ethnic_group"}


def _noun_roles(token: Token, view: SentenceView, lexicon: Lexicon) -> tuple[list[Arg], list[Arg]]:
    owners = view.owner(token)
    head = token.head
    if token.dep_ in ("attr", "acomp"):  # "X is/remains Y's rival"
        subjects = [
            a for c in head.children if c.dep_ in ("nsubj", "nsubjpass") for a in view.args(c)
        ]
        if subjects and subjects[0].token.lower_ in RELATIVE and head.dep_ == "relcl":
            subjects = view.args(head.head)
        if not subjects and head.dep_ == "relcl":
            subjects = view.args(head.head)
        return subjects, owners
    if token.dep_ == "appos":  # "ISSP, a bitter rival of al-Shabaab"
        return view.args(head), owners
    if token.dep_ == "dobj" and is_passive(head):
        # "ISKP and the Taliban are sworn enemies": the parser reads "sworn" as the verb
        subjects = [a for c in head.children if c.dep_ == "nsubjpass" for a in view.args(c)]
        return subjects, owners
    named = [a for c in token.children if c.dep_ == "appos" for a in view.args(c)]
    if named and owners:  # "the Taliban's sworn enemy, ISKP"
        return named, owners
    if token.dep_ == "oprd" or (token.dep_ == "pobj" and head.lower_ == "as"):
        verb = head if token.dep_ == "oprd" else head.head
        if verb.pos_ in ("VERB", "AUX"):  # "regards X as an enemy", "calls Russia an enemy"
            # "an enemy of Muslims": a people owning the noun is not the other party
            owners = [a for a in owners if a.mention.entity_type not in _PEOPLE_OR_PLACE]
            if is_passive(verb):
                return [
                    a for c in verb.children if c.dep_ == "nsubjpass" for a in view.args(c)
                ], owners or agents(verb, view, lexicon)
            return agents(verb, view, lexicon), owners or patients(verb, view)
    if token.dep_ == "pobj" and head.lower_ in ("at", "in") and head.head.pos_ in ("VERB", "AUX"):
        # "has been at war with ISSP"
        others = [a for p in pobjs_of(token, frozenset({"with", "against"})) for a in view.args(p)]
        return agents(head.head, view, lexicon), others
    members = [
        a for p in pobjs_of(token, frozenset({"as", "including", "like"})) for a in view.args(p)
    ]
    if members and token.dep_ in ("dobj", "pobj"):
        # "relying on affiliates such as al-Shabaab": the owner, or the verb's doer
        verb = head if token.dep_ == "dobj" else head.head
        if not owners and verb.pos_ in ("VERB", "AUX"):
            owners = agents(verb, view, lexicon)
        return members, owners
    return [], []
