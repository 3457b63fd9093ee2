"""Coreference inside a document: "the group", "it", "its leader" back to a named actor.

Runs after linking, on English documents (it reads spaCy's parse). It adds mentions with
``origin="coref"`` and ``label="coref"``; it never changes a named mention. Precision
first: an expression is resolved only when exactly one actor of a fitting type is salient,

- a singular noun phrase with a determiner ("the group", "this organisation", "the
  branch", "the outlet"): the one actor of fitting type named earlier in the paragraph
  (the sentence included) where no other organisation or country is named, and only if
  it is also the document's topic, the first actor of fitting type the document names.
  Reporting calls its topic "the group" even right after naming another, and even when
  it names the other more often: in "ISKP ... The Taliban say their operations have
  weakened the group" the nearest group is the wrong one. "The branch" / "the
  affiliate" / "the province" need a curated group with a parent (ISKP, not the Islamic
  State);
- "it" as the subject of a verb and a possessive "its": the one actor named earlier in
  the same sentence, where a country or an organisation of any kind also counts as a
  candidate ("Russia blamed ISKP and said its ..." stays unresolved), and which is the
  subject of a clause ("The Taliban said that its forces ...", not "attacks on Taliban
  fighters where it had little presence");
- a title with a possessive ("its leader", "the group's spokesman", "ISKP's emir"): the
  one person named in the sentence, so "the group's spokesman ... Sultan Aziz Azam said"
  links the title to him. A title in apposition to the name ("Its founding emir, Hafiz
  Saeed Khan") is left to the relation templates, which read that pattern themselves.

The relation patterns (spoor/relations) resolve "the group" themselves in some templates;
they skip tokens already covered by a mention, so the two never produce two mentions for
the same words.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spoor.records import Document, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from spoor.kb import KnowledgeBase

log = logging.getLogger(__name__)

LANGUAGES = frozenset({"en"})
_DETERMINERS = frozenset({"the", "this", "that"})
# Head noun -> the entity types it can refer back to.
_GROUP_TYPES = frozenset({"armed_group", "organization"})
_NOUN_TYPES: dict[str, frozenset[str]] = {
    "group": _GROUP_TYPES,
    "organization": _GROUP_TYPES,
    "organisation": _GROUP_TYPES,
    "movement": _GROUP_TYPES,
    "network": _GROUP_TYPES,
    "faction": _GROUP_TYPES,
    "outfit": _GROUP_TYPES,
    "militia": _GROUP_TYPES,
    "branch": frozenset({"armed_group"}),
    "affiliate": frozenset({"armed_group"}),
    "province": frozenset({"armed_group"}),
    "outlet": frozenset({"media_outlet"}),
    "foundation": frozenset({"media_outlet"}),
    "agency": frozenset({"media_outlet", "intelligence_agency"}),
}
_BRANCH_NOUNS = frozenset({"branch", "affiliate", "province"})
_PRONOUN_TYPES = frozenset({"armed_group", "organization", "media_outlet"})
# Types whose presence makes "it" ambiguous: countries and organisations of any kind.
_IT_RIVALS = frozenset(
    {"armed_group", "organization", "media_outlet", "armed_forces", "intelligence_agency",
     "government", "country"}
)  # fmt: skip
_TITLES = frozenset(
    {"leader", "spokesman", "spokesperson", "emir", "amir", "chief", "commander", "head",
     "founder", "deputy", "governor", "spokesmen"}
)  # fmt: skip
_REPORTING_HEADS = frozenset({"be", "seem", "appear", "remain", "report", "believe", "say"})


def resolve_coreference(
    sdoc: Doc, document: Document, mentions: Sequence[Mention], kb: KnowledgeBase | None = None
) -> list[Mention]:
    """Coreference mentions for ``document`` (parsed as ``sdoc``), in text order.

    ``kb`` (default: the packaged one) says which curated groups are branches.
    """
    if (document.lang or "en") not in LANGUAGES or sdoc.text != document.text:
        return []
    if kb is None:
        from spoor.kb import load_kb

        kb = load_kb()
    branches = frozenset(f"kb:{a.id}" for a in kb.actors.values() if a.parent)
    named = sorted(
        (m for m in mentions if m.entity_id and m.origin != "coref"), key=lambda m: m.start
    )
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found: list[Mention] = []
    for sent in sdoc.sents:
        windows = (
            sent.start_char,
            min(sent.start_char, _paragraph_start(document, sent.start_char)),
        )
        for token in sent:
            if token.idx in covered:
                continue
            mention = _resolve_token(token, sent, named, windows, branches)
            if mention is not None:
                found.append(mention)
                covered.update(range(mention.start, mention.end))
                if mention.entity_type != "person":  # "The group said it ...": "it" follows
                    bisect.insort(named, mention, key=lambda m: m.start)
    return found


def _resolve_token(
    token: Token,
    sent: Span,
    named: list[Mention],
    windows: tuple[int, int],
    branches: frozenset[str],
) -> Mention | None:
    lower = token.lower_
    lemma = token.lemma_.lower()
    if lemma in _NOUN_TYPES and token.tag_ == "NN":
        if lemma in _BRANCH_NOUNS:
            named = [m for m in named if m.entity_id in branches]
        return _noun_phrase(token, named, windows)
    if lower == "its" and token.dep_ == "poss" or lower == "it" and _subject_it(token):
        return _pronoun(token, named, (sent.start_char, sent.start_char))
    if lemma in _TITLES and token.pos_ == "NOUN" and _has_possessor(token):
        return _title(token, sent, named)
    return None


def _noun_phrase(token: Token, named: list[Mention], windows: tuple[int, int]) -> Mention | None:
    dets = [c for c in token.children if c.dep_ == "det" and c.lower_ in _DETERMINERS]
    if not dets or any(c.dep_ in ("compound", "amod", "nmod", "nummod") for c in token.children):
        return None  # "the Khorasan branch", "a terrorist group": not a back-reference
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return None  # "the group of fighters"
    types = _NOUN_TYPES[token.lemma_.lower()]
    entity = _salient(named, token.idx, windows, types, rivals=_IT_RIVALS)
    if entity is not None and _topic(named, types) != entity.entity_id:
        return None
    start, end = dets[0].idx, token.idx + len(token.text)
    return None if entity is None else _coref(token, start, end, entity)


def _pronoun(token: Token, named: list[Mention], windows: tuple[int, int]) -> Mention | None:
    entity = _salient(named, token.idx, windows, _PRONOUN_TYPES, rivals=_IT_RIVALS)
    if entity is None or not _is_subject(token.doc, entity):
        return None
    if _unresolved_noun_between(token, entity.end):
        return None  # "... the group exaggerates its attacks": "its" may be the group's
    end = token.idx + len(token.text)
    return None if entity is None else _coref(token, token.idx, end, entity)


def _is_subject(doc: Doc, mention: Mention) -> bool:
    """The mention is a clause's subject, or part of it ("Taliban officials said")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(4):
        if token.dep_ in ("nsubj", "nsubjpass"):
            return True
        if token.dep_ not in ("compound", "poss", "appos", "amod") or token.head is token:
            return False
        token = token.head
    return False


def _unresolved_noun_between(token: Token, start: int) -> bool:
    between = token.doc.char_span(start, token.idx, alignment_mode="expand")
    return between is not None and any(
        t.lemma_.lower() in _NOUN_TYPES and any(c.dep_ == "det" for c in t.children)
        for t in between
    )


def _subject_it(token: Token) -> bool:
    """ "It said", "it claimed": not "it is believed", "it was reported", "make it"."""
    return token.dep_ == "nsubj" and token.head.lemma_.lower() not in _REPORTING_HEADS


def _has_possessor(token: Token) -> bool:
    return any(c.dep_ == "poss" for c in token.children)


def _title(token: Token, sent: Span, named: list[Mention]) -> Mention | None:
    people = [
        m for m in named
        if m.entity_type == "person" and sent.start_char <= m.start and m.end <= sent.end_char
    ]  # fmt: skip
    if any(_apposed(token, m) for m in people):
        return None  # "Its founding emir, Hafiz Saeed Khan": the relation templates read it
    if len({m.entity_id for m in people}) != 1:
        return None
    return _coref(token, token.idx, token.idx + len(token.text), people[0])


def _apposed(title: Token, person: Mention) -> bool:
    """The title and the person's name stand in apposition, in either order."""
    inside = [t for t in title.doc if person.start <= t.idx < person.end]
    return any(
        t.dep_ == "appos" and t.head.i == title.i or title.dep_ == "appos" and title.head.i == t.i
        for t in inside
    )


def _salient(
    named: list[Mention],
    position: int,
    windows: tuple[int, int],
    types: frozenset[str],
    rivals: frozenset[str],
) -> Mention | None:
    """The one named actor of ``types`` a back-reference at ``position`` can mean.

    ``windows`` are where the sentence and the paragraph start; the paragraph (which holds
    the sentence) must name exactly one candidate before ``position``.
    """
    start = min(windows)
    window = [m for m in named if start <= m.start and m.end <= position]
    rival_ids = {m.entity_id for m in window if (m.entity_type or "") in rivals | types}
    fitting = [m for m in window if (m.entity_type or "") in types]
    if len(rival_ids) == 1 and fitting:
        return fitting[-1]
    return None  # none, or ambiguous: never guess


def _topic(named: list[Mention], types: frozenset[str]) -> str | None:
    """The first entity of ``types`` the document names (``named`` is in text order)."""
    return next((m.entity_id for m in named if (m.entity_type or "") in types), None)


def _coref(token: Token, start: int, end: int, entity: Mention) -> Mention:
    return Mention(
        start=start,
        end=end,
        text=token.doc.text[start:end],
        label="coref",
        origin="coref",
        entity_id=entity.entity_id,
        entity_type=entity.entity_type,
        score=0.7,
    )


def _paragraph_start(document: Document, position: int) -> int:
    for paragraph in document.paragraphs:
        if paragraph.start <= position < paragraph.end:
            return paragraph.start
    blank = document.text.rfind("\n\n", 0, position)
    return 0 if blank < 0 else blank + 2
