"""Two groups named together and referred back to as a pair: "ISWAP broke away from Boko
Haram in 2016. Both factions had pledged allegiance to the Islamic State; the two groups
have fought each other ever since."

A sentence that names exactly two armed groups sets the pair; a later "the two groups",
"both factions" or "the two movements" means those two (and keeps meaning them, even when
its own sentence names a third group in passing), until a sentence names another group.
Anything less clear stays unresolved (precision first). The words live in relations.yaml
(coreference: pair_nouns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from spoor.records import Mention
from spoor.relations.lexicon import Lexicon


@dataclass(slots=True)
class Pair:
    """The two armed groups a document last named together."""

    groups: list[Mention] = field(default_factory=list)


def pair_phrases(sent: Span, lexicon: Lexicon) -> list[Token]:
    """Heads of "the two groups", "both factions", "the two movements"."""
    nouns = frozenset(lexicon.coreference.get("pair_nouns", ()))
    found = []
    for token in sent:
        if token.tag_ != "NNS" or token.lemma_.lower() not in nouns:
            continue
        if any(
            (c.dep_ == "nummod" and c.lower_ == "two")
            or (c.dep_ in ("det", "predet", "amod") and c.lower_ == "both")
            for c in token.children
        ):
            found.append(token)
    return found


def pair_mentions(
    sent: Span, own: list[Mention], pair: Pair, lexicon: Lexicon
) -> dict[int, list[Mention]]:
    """The two groups each pair phrase of ``sent`` means (token index -> two mentions), then
    ``pair`` updated from what the sentence names."""
    phrases = pair_phrases(sent, lexicon)
    found: dict[int, list[Mention]] = {}
    if phrases and len(pair.groups) == 2:
        for token in phrases:
            found[token.i] = [_at(token, group) for group in pair.groups]
    elif not phrases:
        types = set(lexicon.coreference["types"])
        named: dict[str, Mention] = {}
        for mention in own:
            if mention.entity_type in types and mention.entity_id:
                named.setdefault(mention.entity_id, mention)
        known = {m.entity_id for m in pair.groups}
        if len(named) == 2:
            pair.groups = list(named.values())
        elif set(named) - known:
            pair.groups = []  # a third group came between: "the two" is no longer clear
    return found


def _at(token: Token, group: Mention) -> Mention:
    start = token.idx
    return Mention(
        start=start,
        end=start + len(token.text),
        text=token.text,
        label="coref",
        origin="coref",
        entity_id=group.entity_id,
        entity_type=group.entity_type,
    )
