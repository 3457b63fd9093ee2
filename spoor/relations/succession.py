"""Succession in leadership: "his predecessor X", "named X as his successor", "X replaced
Y", "after Y was killed, X took over"."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from spoor.records import Mention
from spoor.relations.arguments import Candidate, agents, is_passive, patients, pobjs_of
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import Arg, SentenceView

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


_COMMAND_NOUNS = frozenset({"leadership", "command", "rule", "guidance"})


def under_leadership_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """ "Under the leadership of X, the TTP has regrouped", "under X's command, ISKP ...":
    X leads the doer of the clause the phrase modifies."""
    groups = lexicon.signatures["leader_of"][1]
    found: list[Candidate] = []
    for noun in view.sent:
        if noun.lemma_.lower() not in _COMMAND_NOUNS or noun.dep_ != "pobj":
            continue
        under = noun.head
        if under.lower_ != "under" or under.head.pos_ not in ("VERB", "AUX"):
            continue
        leaders = _people(view.owner(noun))
        led = [a for a in agents(under.head, view, lexicon) if a.mention.entity_type in groups]
        found += [
            Candidate(person, "leader_of", noun, group, timed=False)
            for person in leaders
            for group in led
        ]
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
    for pobj in pobjs_of(verb, frozenset({"as"})):
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
    # "took over as leader of ISKP in 2020": the title names the group
    group = _role_group(verb, view, lexicon) or _led_group(view, others, None, lexicon)
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
