"""Mentions a sentence implies without naming: the report's group behind "sympathisers in
Kazakhstan" or a bare "fighters attacked the town", and the countries behind people's
adjectives ("Kenyan audiences")."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from spacy.tokens import Span, Token

from spoor.geo.normalize import normalize_name
from spoor.records import Mention
from spoor.relations.lexicon import EVENT_PREDICATES, Lexicon
from spoor.relations.sentence import (
    PLACE_TYPES,
    salient_group,
)


def implied_owners(
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
    if any(m.entity_type in types and not _speaker(m, sent, lexicon) for m in own):
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


def _speaker(mention: Mention, sent: Span, lexicon: Lexicon) -> bool:
    """Whether a group is named only as the source of the sentence ("..., the group said in
    a statement"): it does not own the sentence's nouns any more than the salient group."""
    verbs = frozenset(lexicon.modality["attribution"]["verbs"])
    tokens = [t for t in sent if mention.start <= t.idx < mention.end]
    return any(
        t.dep_ == "nsubj" and t.head.lemma_.lower() in verbs and t.head.dep_ == "ROOT"
        for t in tokens
    )


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
ACTOR_TYPES = frozenset({"armed_group", "armed_forces", "country", "organization"})


def bare_doer(token: Token, lexicon: Lexicon) -> bool:
    """ "fighters attacked the town": a bare plural fighter noun (no determiner, owner or
    modifier naming whose) as the subject of an event verb (attack, kill, capture ...)."""
    if token.lemma_.lower() not in lexicon.bare_doer_nouns or token.tag_ != "NNS":
        return False
    if token.dep_ != "nsubj" or token.head.lemma_.lower() not in event_verbs(lexicon):
        return False
    return not any(
        c.dep_ in ("det", "poss", "compound", "amod", "prep", "nmod", "acl", "relcl", "appos")
        for c in token.children
    )


def event_verbs(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(
        lemma
        for f in lexicon.frames
        if f.predicate in EVENT_PREDICATES and f.pos == "VERB"
        for lemma in f.lemmas
    )
