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
        # "a splinter faction of HTS", "an al-Qaeda splinter": no longer a part of it
        # (only from its own parent: "absorbed splinter factions" left someone else)
        left = predicate == "affiliate_of" and _breakaway(token, lexicon)
        parents = {id(a.mention) for a in view.owner(token)}
        # "The Taliban's ally, al-Qaeda, has kept a low profile since 2021": the clause's
        # date is not the tie's when the noun only describes a name
        aside = token.dep_ == "appos" or any(c.dep_ == "appos" for c in token.children)
        for subject, obj in subject_object_pairs(token, subjects, objects):
            negated = left and id(obj.mention) in parents
            found.append(
                Candidate(subject, predicate, token, obj, negated=negated, timed=not aside)
            )
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


def _breakaway(noun: Token, lexicon: Lexicon) -> bool:
    words = lexicon.breakaway_words
    return noun.lemma_.lower() in words or any(
        c.dep_ in ("amod", "compound", "nmod") and c.lower_ in words for c in noun.children
    )


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
        if token.tag_ == "VBG" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            lemma = token.lower_  # "Fighting between X and Y has intensified": a gerund
        elif token.pos_ not in ("NOUN", "PROPN"):
            continue
        if view.mention_at(token):
            continue
        if lemma in nouns:
            predicate = nouns[lemma]
        elif lemma in weak and (
            _called(token, close) or _bonded(token, spec) or _denied(token, lexicon)
        ):
            # "the relationship ... remains close"; "denied any links with ISKP" (negated)
            predicate = "allied_with"
        else:
            continue
        found += [Candidate(a, predicate, token, b) for a, b in _bond_parties(token, view, lexicon)]
    return found


def _bond_parties(token: Token, view: SentenceView, lexicon: Lexicon) -> list[tuple[Arg, Arg]]:
    """The pairs a bond noun joins: "between A and B", "A's war with B", "A and B have
    close ties", "A, B and C formed an alliance" (each with each), "the A-B alliance"."""
    between = _between(token, view)
    if len(between) >= 2:
        return _all_pairs(between)
    owners = view.owner(token)
    others = [
        a for p in pobjs_of(token, frozenset({"with", "against", "to"})) for a in view.args(p)
    ]
    if not owners and token.dep_ == "dobj":
        # "ISKP has close links with X", "X and Y have close ties": the verb's subject
        doers = agents(token.head, view, lexicon)
        if not others:
            return _all_pairs(doers)
        owners = doers
    pairs = [(o, x) for o in owners for x in others]
    return pairs or _dashed_pair(token, view)


def _all_pairs(parties: list[Arg]) -> list[tuple[Arg, Arg]]:
    return [(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]]


def _between(noun: Token, view: SentenceView) -> list[Arg]:
    """The parties "between" or "among" which a bond holds. When the parser splits a long
    name ("between Jama'at Nusrat al-Islam wal-Muslimin and ISSP") so that the list is not
    read, every name inside the phrase."""
    preps = frozenset({"between", "among"})
    found = [a for p in pobjs_of(noun, preps) for a in view.args(p)]
    if len(found) >= 2:
        return found
    named: list[Arg] = []
    for child in noun.children:
        if child.dep_ != "prep" or child.lower_ not in preps:
            continue
        for item in child.subtree:
            mention = view.mention_at(item)
            if (
                mention is not None
                and mention.entity_type not in PLACE_TYPES  # "... in Somalia": where
                and all(a.mention is not mention for a in named)
            ):
                named.append(Arg(mention, item))
    return named if len(named) >= 2 else found


_DASHES = frozenset({"-", "\u2013", "\u2014", "/"})


def _dashed_pair(noun: Token, view: SentenceView) -> list[tuple[Arg, Arg]]:
    """The two parties joined by a dash before a bond noun: "the Taliban-al-Qaeda
    alliance", "the ISKP-TTP rivalry"."""
    doc = noun.doc
    named: list[Arg] = []
    for i in range(noun.left_edge.i, noun.i):
        mention = view.mention_at(doc[i])
        if mention is not None and all(a.mention is not mention for a in named):
            named.append(Arg(mention, doc[i]))
    if len(named) != 2 or named[0].mention.entity_id == named[1].mention.entity_id:
        return []
    first, second = named[0].mention, named[1].mention
    if view.mention_at(doc[noun.i - 1]) is not second:
        return []  # the second name must end right before the noun
    between = doc.text[first.end : second.start].strip()
    return [(named[0], named[1])] if between in _DASHES else []


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


def _bonded(noun: Token, spec: dict[str, object]) -> bool:
    """Whether a tie is made or kept by its owner: "has forged ties with LeJ", "maintains
    links with al-Qaeda"."""
    verbs = spec.get("bond_verbs", ())
    formal = spec.get("formal_words", ())
    return (
        noun.dep_ == "dobj"
        and isinstance(verbs, list)
        and isinstance(formal, list)
        and noun.head.lemma_.lower() in verbs
        and not any(c.dep_ in ("amod", "compound") and c.lower_ in formal for c in noun.children)
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
    if token.dep_ == "conj" and head.dep_ in ("attr", "acomp", "appos") and head.i != token.i:
        # "The group is the Afghan affiliate of IS and a sworn enemy of the Taliban": the
        # second noun is said of the same subject as the first
        subjects, _ = _noun_roles(head, view, lexicon)
        return subjects, owners
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
        sides = frozenset({"with", "against"})
        verb = head.head
        # "... in a turf war with JNIM": the parser may hang "with" on the verb
        others = [a for p in pobjs_of(token, sides) for a in view.args(p)] or [
            a for p in pobjs_of(verb, sides) for a in view.args(p)
        ]
        # "X is locked in a turf war with Y": the subject of a passive verb
        doers = agents(verb, view, lexicon) or [
            a for c in verb.children if c.dep_ == "nsubjpass" for a in view.args(c)
        ]
        return doers, others
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
