"""A sentence seen through its linked mentions: which token names which entity.

The parser of a small model often attaches names oddly, so argument lookup is
forgiving in a controlled way: a token inside a mention is that mention; a
"proxy" noun ("an ISKP suicide bomber", "three ISKP militants", "a US strike")
stands for the actor that modifies it; a role noun with a person in apposition
("the founding emir of ISKP, Hafiz Saeed Khan") stands for that person; and a
common noun modified by a place ("Kabul airport") stands for the place.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from spoor.records import Document, Mention
from spoor.relations.lexicon import Lexicon
from spoor.relations.quantities import parse_count

PLACE_TYPES = frozenset(
    {"country", "region", "province", "district", "city", "historical_region"}
)
# Dependency labels by which a modifier names the owner of a noun.
OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})


@dataclass(slots=True)
class Arg:
    """An argument found in the parse: the mention it names and the token that names it."""

    mention: Mention
    token: Token
    count: int | None = None


@dataclass(slots=True)
class SentenceView:
    sent: Span
    mentions: list[Mention]
    lexicon: Lexicon
    # "its" bound to the salient group; only the title templates read these
    pronouns: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)

    def __post_init__(self) -> None:
        doc = self.sent.doc
        for mention in self.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.by_token.setdefault(token.i, mention)

    def mention_at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def args(self, token: Token) -> list[Arg]:
        """The entities a token and its conjuncts name ("Kunar, Nangarhar and Nuristan")."""
        found: list[Arg] = []
        seen: set[int] = set()
        for item in (token, *token.conjuncts):
            arg = self.entity_of(item)
            if arg is not None and id(arg.mention) not in seen:
                seen.add(id(arg.mention))
                found.append(arg)
        return found

    def entity_of(self, token: Token) -> Arg | None:
        mention = self.mention_at(token)
        if mention is not None:
            return Arg(mention, token)
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        apposed = self._apposed_person(token) or self._apposed(token)
        if apposed is not None:
            return apposed
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.proxy_nouns or token.text.lower() in self.lexicon.proxy_nouns:
            owner = self._owner(token, places_only=False)
            if owner is not None:
                owner.count = _count_of(token, self.lexicon)
                return owner
            return None
        return self._owner(token, places_only=True)

    def owner(self, token: Token) -> list[Arg]:
        """Who a noun belongs to: "ISKP's propaganda", "ISKP cells", "the attack by ISKP"."""
        found: list[Arg] = []
        for child in token.children:
            if child.i < token.i and child.dep_ in OWNER_DEPS:
                found.extend(self._owners_in(child))
            elif child.dep_ in ("prep", "agent") and child.lower_ in ("by", "of"):
                for pobj in _pobjs(child):
                    found.extend(self.args(pobj))
        return found

    def _owners_in(self, token: Token) -> Iterator[Arg]:
        mention = self.mention_at(token)
        if mention is not None:
            yield Arg(mention, token)
            return
        # "the ISKP-affiliated cell", compound chains: look one level deeper.
        for child in token.children:
            if child.dep_ in OWNER_DEPS:
                inner = self.mention_at(child)
                if inner is not None:
                    yield Arg(inner, child)

    def _owner(self, token: Token, places_only: bool) -> Arg | None:
        for arg in self.owner(token):
            etype = arg.mention.entity_type or ""
            if places_only and etype not in PLACE_TYPES:
                continue
            if places_only and arg.token.dep_ not in ("compound", "poss"):
                continue
            return arg
        return None

    def _apposed(self, token: Token) -> Arg | None:
        """A noun renamed by an apposition: "the group's Khorasan branch, ISKP"."""
        for child in token.children:
            if child.dep_ == "appos":
                mention = self.mention_at(child)
                if mention is not None:
                    return Arg(mention, child)
        return None

    def _apposed_person(self, token: Token) -> Arg | None:
        """A role noun's person: "the head of ISKP, Shahab al-Muhajir" (appos anywhere below,
        reached through prepositions only, since the parser may hang it on the group)."""
        if token.lemma_.lower() not in self.lexicon.roles:
            return None
        stack = [token]
        while stack:
            current = stack.pop()
            for child in current.children:
                if child.dep_ == "appos":
                    mention = self.mention_at(child)
                    if mention is not None and mention.entity_type == "person":
                        return Arg(mention, child)
                if child.dep_ in ("prep", "pobj", "appos", "compound"):
                    stack.append(child)
        return None


def _pobjs(prep: Token) -> list[Token]:
    return [child for child in prep.children if child.dep_ == "pobj"]


def _count_of(token: Token, lexicon: Lexicon) -> int | None:
    for child in token.children:
        if child.dep_ == "nummod":
            value = parse_count(child, lexicon)
            if value is not None:
                return value
    return None


def sentence_mentions(
    sent: Span, mentions: Sequence[Mention]
) -> list[Mention]:
    """Linked mentions inside the sentence, in text order, without overlaps."""
    inside = sorted(
        (m for m in mentions
         if m.entity_id and m.start >= sent.start_char and m.end <= sent.end_char),
        key=lambda m: (m.start, -(m.end - m.start)),
    )
    kept: list[Mention] = []
    for mention in inside:
        if kept and mention.start < kept[-1].end:
            continue  # keep the longer of two overlapping mentions
        kept.append(mention)
    return kept


def salient_group(own: list[Mention], earlier: list[Mention], lexicon: Lexicon) -> str | None:
    """The one armed group a back-reference can mean, or None when it is not unambiguous.

    Salient: the only armed group named in the sentence; failing that, the only one named
    earlier in the paragraph. Anything else stays unresolved (precision first).
    """
    types = set(lexicon.coreference["types"])
    candidates = {m.entity_id for m in own if m.entity_type in types}
    if not candidates:
        candidates = {m.entity_id for m in earlier if m.entity_type in types}
    return next(iter(candidates)) if len(candidates) == 1 else None


def coreference_mentions(
    sent: Span, own: list[Mention], entity_id: str, lexicon: Lexicon
) -> list[Mention]:
    """Mentions for "the group", "this organisation" bound to the salient armed group."""
    spec = lexicon.coreference
    covered = {i for m in own for i in range(m.start, m.end)}
    found = []
    for token in sent:
        if token.lemma_.lower() not in spec["nouns"] or token.idx in covered:
            continue
        dets = [c for c in token.children if c.dep_ == "det" and c.lower_ in spec["determiners"]]
        if not dets or any(c.dep_ == "compound" for c in token.children):
            continue
        found.append(_pseudo(sent, dets[0].idx, token.idx + len(token.text), entity_id))
    return found


def pronoun_mentions(
    sent: Span, own: list[Mention], entity_id: str, lexicon: Lexicon
) -> list[Mention]:
    """Mentions for a possessive "its" bound to the salient armed group.

    Used by the title templates only ("Its first leader, Hafiz Saeed Khan"; "Al-Azaim,
    its media outlet"): elsewhere "its" too often belongs to another actor.
    """
    covered = {i for m in own for i in range(m.start, m.end)}
    return [
        _pseudo(sent, token.idx, token.idx + len(token.text), entity_id)
        for token in sent
        if token.lower_ in lexicon.coreference["pronouns"] and token.dep_ == "poss"
        and token.idx not in covered
    ]


def _pseudo(sent: Span, start: int, end: int, entity_id: str) -> Mention:
    return Mention(
        start=start, end=end, text=sent.doc.text[start:end], label="coref", origin="coref",
        entity_id=entity_id, entity_type="armed_group",
    )


def paragraph_start(document: Document, doc: Doc, sent: Span) -> int:
    """Where the paragraph holding ``sent`` begins (paragraph records, else a blank line)."""
    for paragraph in document.paragraphs:
        if paragraph.start <= sent.start_char < paragraph.end:
            return paragraph.start
    blank = doc.text.rfind("\n\n", 0, sent.start_char)
    return 0 if blank < 0 else blank + 2
