"""Capitals standing for their states: "Kyiv has denied any role", "Islamabad accuses Kabul".

News prose names a government by its capital. A national capital (GeoNames feature code
PPLC) that is the agent of a verb or noun of speech, accusation, denial, designation,
attack, arrest, alliance or enmity (relations.yaml, ``capital_as_actor``) is read as its
country: the same entity the linker gives the country's name, so the existing
country-as-actor path (``country_as_actor``, ``country_forces``) takes over. The mention
keeps its offsets and surface (the evidence still quotes the capital). A capital in a place
role ("an attack in Kabul", "talks in Doha") is left a place.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Sequence

from spacy.tokens import Span, Token

from spoor.records import Mention
from spoor.relations.lexicon import Lexicon

log = logging.getLogger(__name__)

_CAPITAL = "PPLC"


def capitals_as_states(
    sent: Span, own: Sequence[Mention], linked: Sequence[Mention], lexicon: Lexicon
) -> list[Mention]:
    """``own`` with every capital that acts in ``sent`` replaced by its country."""
    if not lexicon.capital_as_actor:
        return list(own)
    return [_as_state(m, sent, linked, lexicon) or m for m in own]


def _as_state(
    mention: Mention, sent: Span, linked: Sequence[Mention], lexicon: Lexicon
) -> Mention | None:
    place = mention.place
    if place is None or place.feature_code != _CAPITAL or not place.country:
        return None
    head = _head(sent, mention)
    if head is None or not _acts(head, lexicon):
        return None
    country = _country_id(place.country, linked)
    if country is None:
        return None
    return dataclasses.replace(mention, entity_id=country, entity_type="country")


def _head(sent: Span, mention: Mention) -> Token | None:
    """The syntactic head of the mention's tokens."""
    tokens = [t for t in sent if mention.start <= t.idx < mention.end]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[-1]


def _acts(token: Token, lexicon: Lexicon) -> bool:
    """Whether ``token`` is the doer of a cue word: its subject ("Kyiv denied"), its "by"
    agent ("was designated by Washington"), its possessor ("Moscow's strikes"); a conjunct
    shares the role ("Islamabad and Kabul accused ...")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    cues = lexicon.capital_as_actor
    head = token.head
    if token.dep_ in ("nsubj", "poss"):
        return head.lemma_.lower() in cues
    if token.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent":
        return head.head.lemma_.lower() in cues
    return False


def _country_id(iso: str, linked: Sequence[Mention]) -> str | None:
    """The country's entity: the one the document already linked for it, else the id the
    linker gives the country's name (the gazetteer's PCLI place)."""
    for mention in linked:
        if (
            mention.entity_type == "country"
            and mention.place is not None
            and mention.place.country == iso
            and mention.entity_id
        ):
            return mention.entity_id
    return _gazetteer_country(iso)


@functools.cache
def _gazetteer_country(iso: str) -> str | None:
    from spoor.errors import KnowledgeBaseError
    from spoor.geo.gazetteer import Gazetteer

    try:
        gazetteer = Gazetteer.load()
    except KnowledgeBaseError:
        log.warning("no gazetteer: capitals are not read as their states")
        return None
    places = gazetteer.country_places(iso)
    return places[0].place.id if places else None
