"""Modality of a fact: hedged, attributed (and how vaguely), negated, or only intended.

Cues come from spoor/kb/lexicons/modality.yaml. A cue counts when it governs the
trigger: it sits on the path from the trigger up to the sentence root, or hangs
off a token on that path. Attribution additionally looks for "according to X"
anywhere in the sentence, since that phrase scopes over the whole sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from spoor.records import Mention
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import SentenceView

# Edges through which a reporting verb embeds what is reported.
_REPORTED_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "conj"})
# Edges through which a planning verb or noun embeds the planned act.
_INTENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "advcl", "relcl"})


@dataclass(slots=True)
class Modality:
    hedged: bool = False
    attributed_to: str | None = None
    vague_attribution: bool = False
    negated: bool = False
    intent: bool = False  # under a planning verb ("plans to", "is preparing")
    forecast: bool = False  # under a modal without a perfect ("could attack")
    future: bool = False  # under "will"/"shall": not yet true, whatever the predicate
    hypothetical: bool = False  # in a condition ("if ISWAP attacked Maiduguri, ...")


# Leaving a token attached by one of these leaves its clause ("ISKP, which attacked Kabul,
# has not been defeated": the negation is not the attack's).
_CLAUSE_EDGES = frozenset({"relcl", "acl", "appos", "advcl", "csubj"})


def path_up(token: Token) -> list[Token]:
    """The token and its heads up to the root of its sentence."""
    path = [token]
    while path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def clause_path(token: Token) -> list[Token]:
    """The token and its heads up to the edge of the clause it belongs to."""
    path = [token]
    while path[-1].head.i != path[-1].i and path[-1].dep_ not in _CLAUSE_EDGES:
        path.append(path[-1].head)
    return path


def modality_of(
    trigger: Token,
    view: SentenceView,
    lexicon: Lexicon,
    args: tuple[Token, ...] = (),
    local: bool = False,
) -> Modality:
    """Decide the modality of a fact whose trigger is ``trigger``.

    ``local`` limits hedging and negation to the trigger itself (and its copula):
    an apposition such as "Al-Azaim, the media arm of ISKP, reportedly released ..."
    states the media arm plainly even though the release is hedged.
    """
    spec = lexicon.modality
    if local:
        path = [trigger]
        if trigger.dep_ in ("attr", "oprd", "acomp", "pobj"):
            path.append(trigger.head)
    else:
        path = clause_path(trigger)
    result = Modality()
    result.negated = _negated(path, spec)
    result.hedged = _hedged(path, args, spec)
    if not local:
        result.intent = _intent(path, spec)
        result.forecast, result.future = _forecast(path, spec)
        result.hypothetical = _conditional(path, spec)
    source, vague, hedging = _attribution(path_up(trigger), view, lexicon)
    if source is not None:
        result.attributed_to = source
        result.vague_attribution = vague
        result.hedged = result.hedged or hedging
    return result


def _phrase(token: Token) -> str:
    return " ".join(t.lower_ for t in token.subtree)


def _negated(path: list[Token], spec: dict[str, object]) -> bool:
    cues = spec["negation"]
    assert isinstance(cues, dict)
    phrases = frozenset(cues.get("phrases", ()))
    last = path[-1]
    if (
        last.dep_ in ("acl", "ccomp")
        and last.head.lemma_.lower() in cues["nouns"]
        and any(c.dep_ == "det" and c.lower_ == "no" for c in last.head.children)
    ):
        return True  # "there is no evidence that ISKP attacked ..."
    for position, token in enumerate(path):
        lemma = token.lemma_.lower()
        if position > 0 and lemma in cues["verbs"]:
            return True  # "denied that ISKP carried out ..."
        if (
            position == 1
            and lemma in cues.get("cessation_verbs", ())
            and path[0].dep_ == "xcomp"
            and path[0].tag_ == "VBG"
        ):
            return True  # "has stopped publishing in Kyrgyz": no longer does
        if position > 0 and path[position - 1].dep_ == "ccomp":
            # "officials did not confirm that ISKP attacked": unconfirmed (a hedge), not denied
            break
        for child in token.children:
            if child.dep_ == "neg" or child.lower_ in ("never",):
                return True
            if child.dep_ == "advmod" and _phrase(child) in phrases:
                return True  # "is no longer part of"
            if (
                child.dep_ == "det"
                and child.lower_ == "no"
                and (position == 0 or lemma in cues["nouns"])
            ):
                return True  # "no attack", "no evidence that ..."
    return False


def _hedged(path: list[Token], args: tuple[Token, ...], spec: dict[str, object]) -> bool:
    cues = spec["hedges"]
    assert isinstance(cues, dict)
    for position, token in enumerate(path):
        if (
            position > 0
            and token.lemma_.lower() in cues["verbs"]
            and path[position - 1].dep_ in ("xcomp", "ccomp", "prep")
        ):
            return True  # "is believed to", "appears to"; not "appears in Pashto"
        if (
            position > 0
            and path[position - 1].dep_ == "ccomp"
            and any(c.dep_ == "neg" for c in token.children)
        ):
            return True  # "could not confirm that ..."
        for child in token.children:
            lower = child.lower_
            if child.dep_ in ("advmod", "npadvmod") and lower in cues["adverbs"]:
                return True
            if child.dep_ == "aux" and lower in cues["modals"]:
                return True
            if child.dep_ in ("amod", "acomp") and lower in cues["adjectives"]:
                return True
    if any(
        c.dep_ == "mark" and c.lower_ in cues.get("open_questions", ())
        for token in path
        for c in token.children
    ):
        return True  # "it is unclear whether ISSP or JNIM carried out the ambush"
    for token in args:  # "suspected ISKP militants", "an alleged ISKP cell"
        for child in (*token.children, *token.head.children):
            if child.dep_ == "amod" and child.lower_ in cues["adjectives"]:
                return True
    return False


def _forecast(path: list[Token], spec: dict[str, object]) -> tuple[bool, bool]:
    """(forecast, future) for the clause on ``path``.

    A modal without a perfect ("could attack", "will be allowed to operate") or a verb
    such as "is expected to" makes a forecast; "may have attacked" is a hedged past event.
    """
    cues = spec["intent"]
    assert isinstance(cues, dict)
    forecast = future = False
    previous = path[0]
    for position, token in enumerate(path):
        if position > 0 and previous.dep_ == "ccomp":
            break  # "officials could not confirm that ISKP attacked": not the attack's modal
        if (
            position > 0
            and previous.dep_ == "xcomp"
            and (token.lemma_.lower() in cues["forecast_verbs"])
        ):
            forecast = True
        previous = token
        if token.pos_ not in ("VERB", "AUX"):
            continue
        auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lemma_.lower() == "have" for a in auxes):
            continue
        modals = {a.lower_ for a in auxes}
        if modals & set(cues["modals"]):
            forecast = True
        if modals & set(cues["future_modals"]):
            future = True
    return forecast, future


def _conditional(path: list[Token], spec: dict[str, object]) -> bool:
    """Whether the clause is a condition ("if ISWAP attacked Maiduguri, the army would ...",
    "unless ISKP regroups"): what it supposes is not reported as having happened. A
    concession ("even if") still grants it."""
    listed = spec.get("conditional_markers", ())
    assert isinstance(listed, list | tuple)
    markers = frozenset(str(m) for m in listed)
    last = path[-1]
    if last.dep_ != "advcl":
        return False
    for child in last.children:
        if child.dep_ == "mark" and child.lower_ in markers:
            before = child.nbor(-1) if child.i > child.sent.start else None
            return before is None or before.lower_ != "even"
    return False


def _intent(path: list[Token], spec: dict[str, object]) -> bool:
    cues = spec["intent"]
    assert isinstance(cues, dict)
    last = path[-1]
    if (
        last.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in last.children)
        and any(c.dep_ == "dobj" and c.lemma_.lower() in cues["nouns"] for c in last.head.children)
    ):
        return True  # "foiled a plot to bomb a rally": the parser hangs the plan on the verb
    if last.dep_ == "acl" and (
        last.head.lemma_.lower() in cues["nouns"] or last.head.lemma_.lower() in cues["adjectives"]
    ):
        return True  # "has the capability to attack targets in Europe", "a plan to strike X"
    previous = path[0]
    last = path[-1]
    if last.dep_ == "acl" and last.tag_ == "VB" and last.head.lemma_.lower() in cues["nouns"]:
        return True  # "a plot by ISKP to attack a concert": the clause ends at the plan
    # "foiled an ISKP plot to attack X": the parser hangs the infinitive on the verb that
    # takes the plan, so the plan is not on the path
    if (
        previous.dep_ == "xcomp"
        and len(path) > 1
        and any(
            c.dep_ == "dobj" and c.i < previous.i and c.lemma_.lower() in cues["nouns"]
            for c in path[1].children
        )
    ):
        return True
    for token in path[1:]:
        lemma = token.lemma_.lower()
        if previous.dep_ in _INTENT_DEPS and (
            lemma in cues["verbs"] or lemma in cues["adjectives"] or lemma in cues["nouns"]
        ):
            return True
        previous = token
    return False


def _attribution(
    path: list[Token], view: SentenceView, lexicon: Lexicon
) -> tuple[str | None, bool, bool]:
    """(source text, vague?, hedging?) for the fact whose trigger path is ``path``."""
    spec = lexicon.modality["attribution"]
    sent = view.sent
    on_path = {t.i for t in path}
    for token in sent:  # "according to X" scopes over the sentence
        if token.lower_ in spec["prepositions"]:
            for to in token.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        text, vague = _source(pobj, view, lexicon)
                        return text, vague, False
    charges = frozenset(spec.get("charge_verbs", ()))
    blamer = path[0]
    if blamer.lemma_.lower() in charges and blamer.pos_ in ("VERB", "AUX"):
        # "Police blamed the ADF", "police suspect the TTP": the culprit named for the attack
        # last reported, on the blamer's word (a suspicion is also a hedge)
        source = _reporter(blamer)
        if source is not None:
            text, vague = _source(source, view, lexicon)
            return text, vague, blamer.lemma_.lower() in spec["hedging_verbs"]
    for position, token in enumerate(path[1:], start=1):
        lemma = token.lemma_.lower()
        if lemma in charges and path[position - 1].dep_ == "prep":
            # "the Taliban accused ISKP of attacks on Hazaras": the accuser's charge
            source = _reporter(token)
            if source is not None and not is_passive_verb(token):
                text, vague = _source(source, view, lexicon)
                return text, vague, False
        if lemma in spec.get("claim_verbs", ()) and path[position - 1].dep_ == "dobj":
            # "ISKP claimed the bombing", "claimed responsibility for the attack": the
            # claimant's own word (bench/gold/README: attributed to the group, not hedged)
            source = _reporter(token)
            if source is not None:
                text, vague = _source(source, view, lexicon)
                return text, vague, False
        if lemma not in spec["verbs"] or path[position - 1].dep_ not in (_REPORTED_DEPS):
            continue
        source = _reporter(token)
        if source is not None:
            text, vague = _source(source, view, lexicon)
            return text, vague, token.lemma_.lower() in spec["hedging_verbs"]
    for token in sent:  # "..., officials said." hung on the root; "cited by X"
        if token.lemma_.lower() not in spec["verbs"] or token.i in on_path:
            continue
        if token.head.i in on_path and token.dep_ in ("parataxis", "advcl"):
            source = _reporter(token)
            if source is not None:
                text, vague = _source(source, view, lexicon)
                return text, vague, token.lemma_.lower() in spec["hedging_verbs"]
    for token in sent:  # "in a statement by X", "X's report"
        if token.lemma_.lower() not in spec["nouns"] or token.head.i not in on_path:
            continue
        for child in token.children:
            if child.dep_ == "poss":
                return (*_source(child, view, lexicon), False)
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return (*_source(pobj, view, lexicon), False)
    return None, False, False


def is_passive_verb(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _reporter(verb: Token) -> Token | None:
    # "with attacks also reported in Niger": a bare participle's subject is what was
    # reported, not who reported it
    participle = (
        verb.tag_ == "VBN"
        and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    ) or any(c.dep_ == "mark" and c.lower_ == "with" for c in verb.children)
    for child in verb.children:
        if child.dep_ == "nsubj" and not participle:
            return child
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _people_modifier(mention: Mention, item: Token, head: Token) -> bool:
    """A nationality or people word that only modifies the source's head noun."""
    people = mention.label == "NORP" or mention.entity_type == "ethnic_group"
    return people and item.i < head.i and item.dep_ in ("amod", "compound", "nmod")


def _source(token: Token, view: SentenceView, lexicon: Lexicon) -> tuple[str, bool]:
    """The source's text (a named mention if one is inside) and whether it is vague."""
    subtree = list(token.subtree)
    end = subtree[-1].i + 1
    for item in subtree:
        mention = view.mention_at(item)
        if mention is None or mention.origin == "coref":
            continue
        if _people_modifier(mention, item, token):
            # "Pakistani intelligence officials told ...": the officials, not Pakistanis
            end = token.i + 1
            break
        return mention.text, False
    span: Span = token.doc[subtree[0].i : end]
    spec = lexicon.modality["vague_sources"]
    heads = set(spec["heads"])
    dets = set(spec["determiners"])
    vague = (
        token.lower_ in heads
        or token.lemma_.lower() in heads
        or any(t.lower_ in dets for t in subtree if t.i < token.i)
    )
    return span.text, vague
