"""Coreference inside a document: "the group", "it", "its leader" back to a named actor.

Runs after linking, on English documents (it reads spaCy's parse). It adds mentions with
``origin="coref"`` and ``label="coref"``; it never changes a named mention. The words it
reads live in spoor/kb/lexicons/coreference.yaml. Precision first: an expression is
resolved only to an actor of fitting type named *before* it, and never to an actor named
in the same clause (a description does not refer to its own clause's subject: in "The
Taliban remain the group's principal enemy" the group is not the Taliban).

- a definite description ("the group", "this organisation", "the militant group", "the
  party", "the army"): among the fitting actors named earlier in the paragraph, the
  document's topic, else the only one; when the paragraph names none, the topic. The
  topic is the fitting actor the document names most as a participant (a name that only
  modifies a noun, "Taliban officials", counts half; the lead's first subject counts
  more; armed groups come before other organisations; of a branch and its parent named
  as often, the branch). Reporting calls its topic "the group" even right after naming
  another, so in "ISKP ... The Taliban say their operations have weakened the group" the
  group is ISKP. An organisation named in passing ("a project run by TotalEnergies") is
  no candidate. "The branch" / "the affiliate" / "the province" need a curated group with
  a parent (ISKP, not the Islamic State); "the government" needs its country in the
  paragraph. Two sentence-internal readings come first: the subject of a clause coordinated
  with the description's ("The TTP denied involvement, and the movement said ...": the
  TTP), and the owner of a title that leads or founds the group ("Al-Shabaab's emir has
  led the group since 2014": Al-Shabaab, though its name stands in the same clause);
- a qualified description ("the al-Qaeda affiliate", "the Islamic State-linked group", "the
  Somali group", "the Sahel-based outfit"): the one curated armed group named earlier in
  the document whose parent (transitively) is the named group, or that operates
  (areas.yaml) where the demonym or region says; two fitting groups leave it open. A plain
  noun after a parent's name is the parent ("the Islamic State group"), and a parent named
  only to qualify another group is no candidate for a later "the group";
- a group's unnamed members ("the militants", "the 33 fighters"): the same, but only an
  actor named earlier in the paragraph;
- "it" as the subject of a verb and a possessive "its": the speaker when "it" is the subject
  of what an actor said ("the GKNB said that it had detained ..."); else the one subject
  named earlier in the same sentence, where a country or an organisation of any kind also
  counts ("Russia blamed ISKP and said its ..." stays unresolved), and "attacks on Taliban
  fighters where it had little presence" has none; a subordinate clause's subject that
  differs from the paragraph's ("Since the Taliban took Kabul, it ...") or a sentence that
  already refers back to another actor leaves "it" open; when the sentence names no actor
  before it, the subject of the paragraph's previous sentence ("Al-Shabaab emerged in
  2006. It joined al-Qaeda ..."), else as a definite description. The noun "its" owns
  narrows the types ("its articles" are a publication's, "its fighters" a group's). An
  "it" that stands for a clause ("it is believed that ...") is left alone;
- a person's surname alone after the full name ("Aslam Farooqi ... Farooqi said"), when
  no other person of the document bears it;
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
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from spoor.records import Document, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from spoor.kb import KnowledgeBase

log = logging.getLogger(__name__)

LANGUAGES = frozenset({"en"})
LEXICON_FILE = Path(__file__).resolve().parent.parent / "kb" / "lexicons" / "coreference.yaml"
# Clause boundaries when looking for the verb that heads a token's clause.
_VERB_POS = frozenset({"VERB", "AUX"})


@dataclass(frozen=True, slots=True)
class CorefLexicon:
    """The words coreference reads (spoor/kb/lexicons/coreference.yaml)."""

    determiners: frozenset[str]
    descriptions: dict[str, frozenset[str]]
    branch_nouns: frozenset[str]
    generic_modifiers: frozenset[str]
    member_nouns: dict[str, frozenset[str]]
    possessions: dict[str, frozenset[str]]
    pronoun_types: frozenset[str]
    pronoun_rivals: frozenset[str]
    titles: frozenset[str]
    copulas: frozenset[str]
    their_possessions: frozenset[str] = frozenset()
    hostile_verbs: frozenset[str] = frozenset()
    owner_verbs: frozenset[str] = frozenset()
    observers: frozenset[str] = frozenset()
    parent_participles: frozenset[str] = frozenset()
    place_participles: frozenset[str] = frozenset()
    places: dict[str, frozenset[str]] = field(default_factory=dict)  # word -> ISO2 codes


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(word).lower() for word in data.get(key) or ())


def _typed(data: dict[str, Any], key: str) -> dict[str, frozenset[str]]:
    return {str(noun).lower(): frozenset(types) for noun, types in (data.get(key) or {}).items()}


@functools.cache
def coref_lexicon(path: Path = LEXICON_FILE) -> CorefLexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return CorefLexicon(
        determiners=_words(data, "determiners"),
        descriptions=_typed(data, "descriptions"),
        branch_nouns=_words(data, "branch_nouns"),
        generic_modifiers=_words(data, "generic_modifiers"),
        member_nouns=_typed(data, "member_nouns"),
        possessions=_typed(data, "possessions"),
        pronoun_types=frozenset(data.get("pronoun_types") or ()),
        pronoun_rivals=frozenset(data.get("pronoun_rivals") or ()),
        titles=_words(data, "titles"),
        copulas=_words(data, "copulas"),
        their_possessions=_words(data, "their_possessions"),
        hostile_verbs=_words(data, "hostile_verbs"),
        owner_verbs=_words(data, "owner_verbs"),
        observers=_words(data, "observers"),
        parent_participles=_words(data, "parent_participles"),
        place_participles=_words(data, "place_participles"),
        places={**_demonyms(), **_typed(data, "regions")},
    )


def _demonyms() -> dict[str, frozenset[str]]:
    """Adjectival demonyms and their country ("Somali" -> SO), from the places data."""
    from spoor.geo.build import PLACES_DIR, read_csv

    found: dict[str, set[str]] = {}
    for row in read_csv(PLACES_DIR / "demonyms.csv"):
        country = (row.get("country") or "").strip()
        if len(country) == 2 and country.isupper():
            found.setdefault(row["demonym"].strip().lower(), set()).add(country)
    return {word: frozenset(codes) for word, codes in found.items()}


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
    named = sorted(
        (m for m in mentions if m.entity_id and m.origin != "coref"), key=lambda m: m.start
    )
    resolver = _Resolver(
        lexicon=coref_lexicon(),
        named=named,
        branches=frozenset(f"kb:{a.id}" for a in kb.actors.values() if a.parent),
        parents={f"kb:{a.id}": f"kb:{a.parent}" for a in kb.actors.values() if a.parent},
        areas={f"kb:{a.id}": frozenset(a.countries) for a in kb.actors.values() if a.countries},
        sentence_starts=[sent.start_char for sent in sdoc.sents],
        counted=list(named),
        modifiers=frozenset(m.start for m in named if _modifier(sdoc, m)),
        lead=[m for m in named if m.end <= _lead_end(document) and _subject(sdoc, m)],
    )
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found = surname_mentions(document.text, named, covered)
    for surname in found:
        covered.update(range(surname.start, surname.end))
        bisect.insort(resolver.named, surname, key=lambda m: m.start)
    for sent in sdoc.sents:
        paragraph = min(sent.start_char, _paragraph_start(document, sent.start_char))
        if resolver.previous is not None and resolver.previous.start < paragraph:
            resolver.previous = None  # a new paragraph: no subject carries over
        for token in sent:
            if token.idx in covered:
                continue
            mention = resolver.resolve(token, sent, paragraph)
            if mention is not None:
                found.append(mention)
                covered.update(range(mention.start, mention.end))
                if mention.entity_type != "person":  # "The group said it ...": "it" follows
                    bisect.insort(resolver.named, mention, key=lambda m: m.start)
        resolver.previous = _main_subject(sent, resolver.named) or resolver.previous
    return sorted(found, key=lambda m: m.start)


def _main_subject(sent: Span, named: list[Mention]) -> Mention | None:
    """The actor that is the subject of the sentence's main clause ("Al-Shabaab emerged in
    Mogadishu ...", "It operates mainly in Borno")."""
    doc = sent.doc
    first = bisect.bisect_left(named, sent.start_char, key=lambda m: m.start)
    for mention in named[first:]:
        if mention.start >= sent.end_char:
            break
        if mention.end > sent.end_char:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = root.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ == "ROOT":
            return mention
    return None


def surname_mentions(text: str, named: Sequence[Mention], covered: set[int]) -> list[Mention]:
    """A person's last name alone after the full name: "Aslam Farooqi ... Farooqi, a
    Pakistani national, ..." (the small English model often tags no entity on a lone
    surname, so no linker sees it). Only a last name that one person of the document has,
    written as in the full name (capitalised), after the first full mention, and not the
    start of a longer name ("Farooqi Khan")."""
    owners: dict[str, set[str]] = {}
    first: dict[str, int] = {}
    kinds: dict[str, Mention] = {}
    for mention in named:
        if mention.entity_type != "person" or not mention.entity_id:
            continue
        words = mention.text.replace("’s", "").removesuffix("'s").split()
        if len(words) < 2:
            continue
        last = words[-1]
        for surname in {last, _ARTICLE.sub("", last)}:
            if len(surname) >= 4 and surname[:1].isupper():
                owners.setdefault(surname, set()).add(mention.entity_id)
                first.setdefault(surname, mention.end)
                kinds.setdefault(surname, mention)
    found: list[Mention] = []
    for surname, ids in owners.items():
        if len(ids) != 1:
            continue  # two Haqqanis: a lone "Haqqani" could be either
        pattern = re.compile(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])")
        for match in pattern.finditer(text, first[surname]):
            start, end = match.span()
            if any(i in covered for i in range(start, end)) or _other_name(text, start, end):
                continue
            person = kinds[surname]
            found.append(
                Mention(start, end, text[start:end], label="coref", origin="coref",
                        entity_id=person.entity_id, entity_type="person", score=0.7)
            )  # fmt: skip
            covered.update(range(start, end))
    return sorted(found, key=lambda m: m.start)


_ARTICLE = re.compile(r"^(?:al|el|ul|as|ad|ar|ash|az)-", re.IGNORECASE)
_NEXT_NAME = re.compile(r"^ (?:[A-Z][a-z]|al-|bin |ibn )")
_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
_SENTENCE_END = (".", "!", "?", "\n", '"', "\u201d")


def _other_name(text: str, start: int, end: int) -> bool:
    """The word is part of another name: followed by more of it ("Farooqi Khan", "Khan
    al-...") or preceded inside a sentence by a capitalised word ("Bilal Farooqi")."""
    if _NEXT_NAME.match(text[end : end + 5]):
        return True
    before = text[max(0, start - 60) : start]
    match = _PREVIOUS_WORD.search(before)
    if match is None:
        return False
    word = match.group(1)
    if not word[:1].isupper() or word.endswith(_SENTENCE_END):
        return False  # "said Farooqi", "... in Kandahar. Farooqi"
    opening = before[: match.start()].rstrip()
    return bool(opening) and not opening.endswith(_SENTENCE_END)


@dataclass(slots=True)
class _Resolver:
    lexicon: CorefLexicon
    named: list[Mention]  # named mentions, and resolved back-references as they are found
    branches: frozenset[str]
    parents: dict[str, str]  # a curated branch -> its parent group
    sentence_starts: list[int]
    counted: list[Mention]  # named mentions only: they decide the topic
    modifiers: frozenset[int]  # starts of named mentions that only modify a noun
    previous: Mention | None = None  # the main subject of the paragraph's last sentence
    lead: list[Mention] = field(default_factory=list)  # subjects in the first paragraph
    areas: dict[str, frozenset[str]] = field(default_factory=dict)  # group -> ISO2 codes
    _topics: dict[tuple[frozenset[str], bool], str | None] = field(default_factory=dict)

    def resolve(self, token: Token, sent: Span, paragraph: int) -> Mention | None:
        lex = self.lexicon
        lower = token.lower_
        lemma = token.lemma_.lower()
        if lemma in lex.descriptions and _singular(token):
            return self._description(token, paragraph)
        if lemma in lex.member_nouns and token.tag_ == "NNS":
            return self._members(token, paragraph)
        if lower == "its" and token.dep_ == "poss":
            return self._pronoun(token, sent, paragraph)
        if (
            lower == "their"
            and token.dep_ == "poss"
            and _lemma_of(token.head) in lex.their_possessions
        ):
            # "The Taliban said their forces had fired ...": only the speaker, as a plural
            # "their" is far more often people's ("the villagers ... their homes").
            entity = self._speaker_of(token.head)
            return None if entity is None else _coref(token, token.idx, _end(token), entity)
        if lower == "it" and token.dep_ in ("nsubj", "nsubjpass"):
            if _expletive(token, lex):
                return None  # "it is believed that", "it remains unclear whether"
            return self._speaker(token) or self._pronoun(token, sent, paragraph)
        if lemma in lex.titles and token.pos_ == "NOUN" and _has_possessor(token):
            return _title(token, sent, self.named)
        return None

    # ------------------------------------------------------------ expressions

    def _description(self, token: Token, paragraph: int) -> Mention | None:
        """ "the group", "this organisation", "the militant group", "the army"."""
        dets = self._determiners(token)
        if not dets or token.dep_ == "appos":
            return None  # "the Haqqani Network, the faction led by ...": the templates' pattern
        if not self._plain(token):
            return self._qualified(token)
        lemma = token.lemma_.lower()
        types = self.lexicon.descriptions[lemma]
        branch = lemma in self.lexicon.branch_nouns
        # "the government" may be a country's only when the paragraph names the country:
        # the document's most named country is too often just where things happen
        alone = "country" not in types
        entity = self._parallel_subject(token, types, branch) or self._choose(
            token, types, paragraph, topic_alone=alone, branch=branch
        )
        return None if entity is None else _coref(token, dets[0].idx, _end(token), entity)

    def _qualified(self, token: Token) -> Mention | None:
        """ "the al-Qaeda affiliate", "the Islamic State-linked group", "the Somali group",
        "the Sahel-based outfit": the one curated armed group named earlier in the document
        whose parent is the named group, or that operates where the modifier says. Any
        other modifier ("the Khorasan branch", "the group of fighters") or two fitting
        groups ("the Somali group" after al-Shabaab and IS-Somalia) leave it open. Only the
        head noun is marked, so the parent's own name keeps its mention."""
        lemma = token.lemma_.lower()
        types = self.lexicon.descriptions[lemma]
        if "armed_group" not in types:
            return None
        qualifier = self._qualifier(token)
        if qualifier is None:
            return None
        parent, countries = qualifier
        fitting = [
            m for m in self.named
            if m.end <= token.idx and m.entity_type == "armed_group" and m.entity_id
            and (parent is None or parent in self._ancestors(m.entity_id))
            and (not countries or countries & self.areas.get(m.entity_id, frozenset()))
            and (lemma not in self.lexicon.branch_nouns or m.entity_id in self.branches)
        ]  # fmt: skip
        if _argument(token):
            # "JNIM clashed with the al-Qaeda affiliate": its own clause's group is another
            clause = _clause_head(token).i
            own = {m.entity_id for m in fitting if _mention_clause(token.doc, m) == clause}
            fitting = [m for m in fitting if m.entity_id not in own]
        if len({m.entity_id for m in fitting}) != 1:
            return None
        return _coref(token, token.idx, _end(token), fitting[-1])

    def _qualifier(self, token: Token) -> tuple[str | None, frozenset[str]] | None:
        """What the words between the determiner and the head say: the named parent group
        ("the al-Qaeda affiliate", "the Islamic State-linked group") or the countries
        ("the Somali group", "the Sahel-based outfit"); None when they say anything else.
        A parent needs a branch noun or a participle: "the Islamic State group" is the
        Islamic State itself."""
        lex = self.lexicon
        dets = self._determiners(token)
        left = list(token.doc[dets[0].i + 1 : token.i])
        if not left or any(token not in (t, *t.ancestors) for t in left):
            return None
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.rights):
            return None  # "the Somali group of fighters"
        words = [t for t in left if t.text != "-" and _lemma_of(t) not in lex.generic_modifiers]
        participles = {t.lower_ for t in words} & (lex.parent_participles | lex.place_participles)
        if len(participles) > 1:
            return None
        words = [t for t in words if t.lower_ not in participles]
        if not words:
            return None
        kept = {t.i for t in words}
        if any(t.i not in kept and t.text != "-" for t in token.doc[words[0].i : words[-1].i]):
            return None  # a generic word inside the run: not one name or place
        start, end = words[0].idx, _end(words[-1])
        named = self._group_at(start, end)
        if named is not None:
            branch = _lemma_of(token) in lex.branch_nouns
            if participles & lex.place_participles or not (branch or participles):
                return None
            return named, frozenset()
        place = " ".join(t.lower_ for t in words)
        codes = lex.places.get(place)
        if codes is None or participles & lex.parent_participles:
            return None  # "the Khorasan branch", "the main group": a new referent
        return None, codes

    def _group_at(self, start: int, end: int) -> str | None:
        """The group a named mention spanning exactly ``start:end`` is ("al-Qaeda")."""
        for mention in self.named:
            if (mention.start, mention.end) != (start, end) or not mention.entity_id:
                continue
            if mention.entity_type in ("armed_group", "organization"):
                return mention.entity_id
        return None

    def _ancestors(self, entity: str) -> set[str]:
        found: set[str] = set()
        current = self.parents.get(entity)
        while current is not None and current not in found:
            found.add(current)
            current = self.parents.get(current)
        return found

    def _members(self, token: Token, paragraph: int) -> Mention | None:
        """ "the militants", "the 33 fighters": a group named earlier in the paragraph."""
        dets = self._determiners(token)
        if not dets or not self._plain(token, counted=True):
            return None
        types = self.lexicon.member_nouns[token.lemma_.lower()]
        entity = self._choose(token, types, paragraph, topic_alone=False)
        return None if entity is None else _coref(token, dets[0].idx, _end(token), entity)

    def _pronoun(self, token: Token, sent: Span, paragraph: int) -> Mention | None:
        """ "it" (a subject) and "its": the sentence's one earlier actor, else the
        paragraph's or the document's (as for "the group")."""
        types = self.lexicon.pronoun_types
        if token.dep_ == "poss":
            types = self.lexicon.possessions.get(token.head.lemma_.lower(), types)
        rivals = [
            m for m in self._before(token, sent.start_char)
            if (m.entity_type or "") in self.lexicon.pronoun_rivals
            and not self._observer_owner(token.doc, m)
        ]  # fmt: skip
        if types != self.lexicon.pronoun_types:
            rivals = [m for m in rivals if (m.entity_type or "") in types]  # "its articles"
        opponent = _hostile_subject(token, self.lexicon)
        opponents: set[str | None] = set()
        if opponent is not None:
            # "Taliban raids have killed a string of its commanders": whoever does the
            # killing is not who "its" commanders belong to.
            opponents = {m.entity_id for m in rivals if opponent[0] <= m.start < opponent[1]}
            rivals = [m for m in rivals if m.entity_id not in opponents]
        if not rivals:
            previous = self.previous
            if previous is not None and (previous.entity_type or "") in types:
                entity: Mention | None = previous  # "Al-Shabaab emerged in 2006. It joined ..."
            else:
                entity = self._choose(token, types, paragraph, topic_alone=True, coargs=False)
            if entity is None or entity.entity_id in opponents:
                return None
            return _coref(token, token.idx, _end(token), entity)
        # only a subject can be referred back to within its sentence: "ISKP has built
        # networks in Russia, and its propaganda ..." is ISKP's; "Russia blamed ISKP and
        # said it ..." is Russia's (a country: left open), and "attacks on Taliban fighters
        # where it had little presence" names no subject to refer to
        subjects = [m for m in rivals if _is_subject(token.doc, m)]
        if len({m.entity_id for m in subjects}) != 1:
            return None  # none, or several: never guess
        entity = subjects[-1]
        if (entity.entity_type or "") not in types:
            return None
        if self._contested(token, entity, rivals, types):
            return None
        if _unresolved_noun_between(token, entity.end, self.lexicon):
            return None  # "... the group exaggerates its attacks": "its" may be the group's
        return _coref(token, token.idx, _end(token), entity)

    def _observer_owner(self, doc: Doc, mention: Mention) -> bool:
        """The name only says whose observers speak ("UN experts", "Pentagon analysts"):
        they report on an actor, so the name is no rival for what "it" means."""
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or span.root.dep_ not in ("compound", "poss"):
            return False
        return _lemma_of(span.root.head) in self.lexicon.observers

    def _contested(
        self, token: Token, subject: Mention, rivals: list[Mention], types: frozenset[str]
    ) -> bool:
        """Another fitting actor is as likely as the sentence's subject. In "Since the
        Taliban took Kabul, it has expanded into Badakhshan" after a sentence about ISKP, a
        subordinate clause's subject competes with the paragraph's subject; in "The Taliban
        arrested dozens of its members, but it still recruits" the sentence already refers
        back to another actor ("its")."""
        if any(m.origin == "coref" and m.entity_id != subject.entity_id for m in rivals):
            return True
        previous = self.previous
        if previous is None or previous.entity_id == subject.entity_id:
            return False
        if (previous.entity_type or "") not in types:
            return False
        clause = _mention_clause(token.doc, subject)
        return clause >= 0 and token.doc[clause].dep_ == "advcl"

    def _speaker(self, token: Token) -> Mention | None:
        """ "The GKNB said that it had detained nine people": "it" is the GKNB, the subject
        of the verb of saying whose clausal complement "it" is the subject of."""
        entity = self._speaker_of(token)
        return None if entity is None else _coref(token, token.idx, _end(token), entity)

    def _speaker_of(self, token: Token) -> Mention | None:
        """The named actor that says the clause ``token`` is the subject of."""
        verb = token.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "ccomp":
            return None
        saying = verb.head
        while not any(c.dep_ == "nsubj" for c in saying.children) and saying.dep_ == "conj":
            saying = saying.head  # "blamed ISKP and said it ...": the subject of "blamed"
        for child in saying.children:
            if child.dep_ != "nsubj":
                continue
            # the subject itself, then its apposition ("The Taliban's intelligence agency,
            # the GDI, said that it ..."), then its owner ("Taliban officials said it ...")
            apposed = [c for c in child.children if c.dep_ == "appos"]
            owners = [c for c in child.children if c.dep_ in ("poss", "compound")]
            if _lemma_of(child) in self.lexicon.observers:
                owners = []  # "UN experts estimate that it has ...": "it" is what they study
            for candidate in (child, *apposed, *owners):
                mention = self._named_at(candidate)
                if mention is not None:
                    return mention
        return None

    def _named_at(self, token: Token) -> Mention | None:
        for mention in self.named:
            inside = mention.start <= token.idx < mention.end
            if inside and (mention.entity_type or "") in self.lexicon.pronoun_types:
                return mention
        return None

    # ------------------------------------------------------------ choosing

    def _choose(
        self,
        token: Token,
        types: frozenset[str],
        paragraph: int,
        *,
        topic_alone: bool,
        branch: bool = False,
        coargs: bool = True,
    ) -> Mention | None:
        """The actor of ``types`` the back-reference at ``token`` means, or None.

        Candidates are named earlier in the paragraph, outside the token's own clause
        (``coargs``); the topic wins among them, else the only one. With none and
        ``topic_alone``, the topic, if named earlier in the document.
        """
        fitting = [
            m for m in self._before(token, paragraph)
            if (m.entity_type or "") in types and (not branch or m.entity_id in self.branches)
            and not self._bystander(token.doc, m, types)
            and not self._qualifying(token.doc, m)
        ]  # fmt: skip
        excluded: set[str | None] = set()
        if coargs and _argument(token):
            # the actor named in the description's own clause is another one, wherever
            # else the paragraph names it ("It remains one of the network's affiliates")
            clause = _clause_head(token).i
            own = [m for m in fitting if _mention_clause(token.doc, m) == clause]
            owners = {m.entity_id for m in own if self._titled_owner(token.doc, m, clause)}
            if len(owners) == 1:
                # "Al-Shabaab's emir has led the group": the subject is the owner's leader,
                # and what a leader leads or founds is the owner's own group
                return next(m for m in reversed(own) if m.entity_id in owners)
            excluded = {m.entity_id for m in own}
            fitting = [m for m in fitting if m.entity_id not in excluded]
        topic = self._topic(types, branch)
        ids = {m.entity_id for m in fitting}
        if topic is not None and topic in ids:
            return next(m for m in reversed(fitting) if m.entity_id == topic)
        if len(ids) == 1:
            return fitting[-1]
        if ids or not topic_alone or topic is None or topic in excluded:
            return None
        earlier = [m for m in self.named if m.entity_id == topic and m.end <= token.idx]
        return earlier[-1] if earlier else None

    def _parallel_subject(
        self, token: Token, types: frozenset[str], branch: bool
    ) -> Mention | None:
        """The named subject of the clause that the description's clause is coordinated
        with: in "The TTP denied involvement, and the movement said ..." the second subject
        continues the first, whatever the document's topic. Only a subject coordinated with
        a subject (not a speaker whose report holds the description: "The Taliban say they
        have weakened the group")."""
        verb = token.head
        if token.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "conj":
            return None
        first = verb.head
        subjects = [c for c in first.children if c.dep_ in ("nsubj", "nsubjpass")]
        if len(subjects) != 1 or any(c.dep_ == "conj" for c in subjects[0].children):
            return None  # "ISKP and the Taliban clashed, and the group ...": either
        mention = self._named_at(subjects[0])
        if mention is None or mention.end > token.idx:
            return None
        if (mention.entity_type or "") not in types:
            return None
        if branch and mention.entity_id not in self.branches:
            return None
        return mention

    def _titled_owner(self, doc: Doc, mention: Mention, clause: int) -> bool:
        """The name owns a title that is the subject of the clause ``clause``, whose verb
        is one a leader does to their own group: "Al-Shabaab's emir Ahmed Diriye has led
        the group", "Taliban leader Hibatullah Akhundzada has headed the movement". A
        possessor does not stand in the description's clause as a rival the way a subject
        does ("The Taliban have weakened the group"), and with these verbs it is the one
        meant; with others ("ISKP's leader denounced the group") it stays excluded."""
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        node = span.root
        titled = False
        for _ in range(4):
            if node.dep_ not in ("poss", "compound") or node.head.i == node.i:
                break
            node = node.head
            titled = titled or _lemma_of(node) in self.lexicon.titles
        # "HTS's chief Abu Mohammad": the title is a sibling of the owner, on the name
        titled = titled or any(
            c.dep_ == "compound" and _lemma_of(c) in self.lexicon.titles for c in node.children
        )
        verb = node.head
        return (
            titled
            and node.dep_ == "nsubj"
            and verb.i == clause
            and _lemma_of(verb) in self.lexicon.owner_verbs
        )

    def _qualifying(self, doc: Doc, mention: Mention) -> bool:
        """The name only qualifies another group: in "the al-Qaeda-aligned coalition" or
        "the Islamic State affiliate" it is the parent, which a later "the group" does not
        mean."""
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or span.root.dep_ not in ("npadvmod", "compound", "amod", "nmod"):
            return False
        head = span.root.head
        lex = self.lexicon
        return head.lower_ in lex.parent_participles or _lemma_of(head) in lex.branch_nouns

    @staticmethod
    def _bystander(doc: Doc, mention: Mention, types: frozenset[str]) -> bool:
        """An uncurated organisation named in passing ("a gas project run by
        TotalEnergies") is not what "the group" means where armed groups fit; one that
        speaks or acts as a subject ("Human Rights Watch said the group ...") may be."""
        return (
            "armed_group" in types
            and mention.entity_type != "armed_group"
            and not (mention.entity_id or "").startswith("kb:")
            and not _is_subject(doc, mention)
        )

    def _before(self, token: Token, start: int) -> list[Mention]:
        first = bisect.bisect_left(self.named, start, key=lambda m: m.start)
        last = bisect.bisect_left(self.named, token.idx, key=lambda m: m.start)
        return [m for m in self.named[first:last] if m.end <= token.idx]

    def _topic(self, types: frozenset[str], branch: bool) -> str | None:
        """The actor of ``types`` the document names most often as a participant, the
        lead's first subject counting more; on a tie, the first one named, if no other tied
        actor is named in the same sentence.

        Armed groups come first: "the group" in a report on a kidnapping means the
        kidnappers, not the UN.
        """
        key = (types, branch)
        if key not in self._topics:
            preferred = types & {"armed_group"}
            topic = self._leader(*self._counts(preferred, branch)) if preferred else None
            self._topics[key] = topic or self._leader(*self._counts(types, branch))
        return self._topics[key]

    def _counts(self, types: frozenset[str], branch: bool) -> tuple[dict[str, int], dict[str, int]]:
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for m in self.counted:
            if (m.entity_type or "") not in types or not m.entity_id:
                continue
            if branch and m.entity_id not in self.branches:
                continue
            first.setdefault(m.entity_id, m.start)
            weight = _MODIFIER_WEIGHT if m.start in self.modifiers else _NAME_WEIGHT
            counts[m.entity_id] = counts.get(m.entity_id, 0) + weight
        # the lead's first subject is what the report is about ("The Islamic State announced
        # on Thursday that its leader had been killed ...")
        lead = next((m.entity_id for m in self.lead if m.entity_id in counts), None)
        if lead is not None:
            counts[lead] += _LEAD_WEIGHT
        return counts, first

    def _leader(self, counts: dict[str, int], first: dict[str, int]) -> str | None:
        if not counts:
            return None
        best = max(counts.values())
        tied = sorted((first[e], e) for e, n in counts.items() if n == best)
        # a report on a branch names its parent as context: the branch is the topic
        parents = {self.parents.get(e) for _, e in tied}
        tied = [(start, e) for start, e in tied if e not in parents] or tied
        if len(tied) == 1:
            return tied[0][1]
        opening = bisect.bisect_right(self.sentence_starts, tied[0][0])
        if bisect.bisect_right(self.sentence_starts, tied[1][0]) == opening:
            return None  # "ISKP and the Taliban clashed": no topic to prefer
        return tied[0][1]

    # ------------------------------------------------------------ shape of a phrase

    def _determiners(self, token: Token) -> list[Token]:
        return [
            c for c in token.children if c.dep_ == "det" and c.lower_ in self.lexicon.determiners
        ]

    def _plain(self, token: Token, counted: bool = False) -> bool:
        """No modifier that makes the noun phrase name something new: "the Khorasan
        branch", "a terrorist group", "the group of fighters" are not back-references;
        "the militant group" and (for members) "the 33 militants" are."""
        for child in token.children:
            dep = child.dep_
            generic = child.lemma_.lower() in self.lexicon.generic_modifiers
            if dep == "compound" and generic and child.n_lefts + child.n_rights == 0:
                continue  # "the terror group", "the rebel outfit": the parser's compound
            if dep in ("compound", "nmod", "poss"):
                return False
            if dep == "amod" and not generic:
                return False
            if dep == "nummod" and not counted:
                return False
            if dep == "prep" and child.lower_ == "of":
                return False
        return True


# Weights of a name in the topic count: a name that only modifies a noun ("Taliban
# officials", "ISKP strikes") describes people or things and counts half; the lead's first
# subject counts twice more.
_NAME_WEIGHT = 2
_MODIFIER_WEIGHT = 1
_LEAD_WEIGHT = 4


def _lead_end(document: Document) -> int:
    """Where the document's first paragraph ends."""
    if document.paragraphs:
        return document.paragraphs[0].end
    blank = document.text.find("\n\n")
    return len(document.text) if blank < 0 else blank


def _subject(doc: Doc, mention: Mention) -> bool:
    """The name is a clause's subject, or owns it ("ISKP's fighters attacked ...")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "poss":
        root = root.head
    if any(c.dep_ == "conj" for c in root.children):
        return False  # "ISKP and the Taliban clashed": no one subject
    return root.dep_ in ("nsubj", "nsubjpass")


def _modifier(doc: Doc, mention: Mention) -> bool:
    """The name modifies another noun ("Taliban officials", "an ISKP cell")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("compound", "amod", "nmod")


def _expletive(token: Token, lexicon: CorefLexicon) -> bool:
    """ "It" that stands for a clause, not an actor: "it is believed that ...", "it was
    reported that ...", "it remains unclear whether ...", "it is hard to say". A copula
    or a passive verb whose clause (or adjective) takes a clausal complement; "It remains
    active in Abyan" and "It is believed to have 200 fighters" refer back."""
    head = token.head
    passive = any(c.dep_ == "auxpass" for c in head.children)
    if head.lemma_.lower() not in lexicon.copulas and not passive:
        return False
    holders = [head, *(c for c in head.children if c.dep_ in ("acomp", "attr"))]
    clausal = ("ccomp", "csubj") if passive else ("ccomp", "csubj", "xcomp")
    for holder in holders:
        for child in holder.children:
            if child.dep_ in clausal and (holder is not head or child.dep_ != "xcomp"):
                return True
            if child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in ("whether", "if", "that") for c in child.children
            ):
                return True  # "it remains unclear whether ...", parsed as an adverbial clause
    return False


def _singular(token: Token) -> bool:
    """A singular noun, or a mass noun the tagger calls plural ("the police")."""
    return token.tag_ == "NN" or (token.tag_ == "NNS" and token.lower_ == token.lemma_.lower())


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _clause_head(token: Token) -> Token:
    """The verb heading the clause that holds ``token`` (or the sentence root)."""
    current = token
    for _ in range(40):
        if current.pos_ in _VERB_POS and current.dep_ not in ("aux", "auxpass"):
            return current
        if current.head.i == current.i:
            return current
        current = current.head
    return current


_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative"})


def _argument(token: Token) -> bool:
    """The noun phrase is an argument of its clause's verb, possibly as an owner or through
    "of" ("the group's principal enemy", "one of the network's affiliates"), not inside
    an adjunct ("in exchange for five of the group's commanders")."""
    current = token
    for _ in range(12):
        dep = current.dep_
        if dep in _ARGUMENT_DEPS:
            return True
        if dep == "pobj" and current.head.lower_ == "of":
            current = current.head.head  # "of the network's affiliates" -> "one"
            continue
        if dep not in ("poss", "compound", "appos", "conj") or current.head.i == current.i:
            return False
        current = current.head
    return False


def _mention_clause(doc: Doc, mention: Mention) -> int:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return -1 if span is None else _clause_head(span.root).i


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


def _unresolved_noun_between(token: Token, start: int, lexicon: CorefLexicon) -> bool:
    between = token.doc.char_span(start, token.idx, alignment_mode="expand")
    return between is not None and any(
        t.lemma_.lower() in lexicon.descriptions and any(c.dep_ == "det" for c in t.children)
        for t in between
    )


def _lemma_of(token: Token) -> str:
    return str(token.lemma_).lower()


def _hostile_subject(token: Token, lexicon: CorefLexicon) -> tuple[int, int] | None:
    """The character span of the subject of a hostile verb ("kill", "arrest") whose
    object holds the possessive ``token`` ("... killed a string of its commanders")."""
    node = token.head
    for _ in range(4):  # the owned noun, then "of"/"among" phrases up to the verb
        if node.dep_ in ("dobj", "nsubjpass", "pobj", "prep") and node.head is not node:
            node = node.head
            if node.pos_ == "VERB":
                break
        else:
            return None
    if node.pos_ != "VERB" or _lemma_of(node) not in lexicon.hostile_verbs:
        return None
    for child in node.children:
        if child.dep_ in ("nsubj", "agent"):
            tokens = list(child.subtree)
            return tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return None


def _has_possessor(token: Token) -> bool:
    return any(c.dep_ == "poss" for c in token.children)


def _title(token: Token, sent: Span, named: list[Mention]) -> Mention | None:
    people = [
        m for m in named
        if m.entity_type == "person" and sent.start_char <= m.start and m.end <= sent.end_char
    ]  # fmt: skip
    if any(_apposed(token, m) for m in people):
        return None  # "Its founding emir, Hafiz Saeed Khan": the relation templates read it
    owners = [c for c in token.children if c.dep_ == "poss"]
    if any(m.start <= o.idx < m.end for o in owners for m in people):
        return None  # "Khorasani's deputy" is someone else than Khorasani
    # a person already renamed by another title is that title's: in "Its leader, Iyad Ag
    # Ghaly, ... pledged allegiance to al-Qaeda's leader" the second leader is someone else
    people = [m for m in people if not _renamed(token.doc, m)]
    if len({m.entity_id for m in people}) != 1:
        return None
    return _coref(token, token.idx, _end(token), people[0])


def _renamed(doc: Doc, person: Mention) -> bool:
    span = doc.char_span(person.start, person.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "appos"


def _apposed(title: Token, person: Mention) -> bool:
    """The title and the person's name stand in apposition, in either order."""
    inside = [t for t in title.doc if person.start <= t.idx < person.end]
    return any(
        t.dep_ == "appos" and t.head.i == title.i or title.dep_ == "appos" and title.head.i == t.i
        for t in inside
    )


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
