"""Link stage: resolve each non-place mention to a curated actor or a new entity.

Order of evidence for one mention (first that decides wins):

1. an id the entity ruler already attached (``mention.entity_id == "kb:<slug>"``); then a
   state force named by a nationality and a force noun ("Kenyan security forces" -> the
   Kenya Defence Forces through "Kenyan army", "Pakistani aircraft" -> the Pakistan Air
   Force), when exactly one curated force answers (spoor/kb/lexicons/state_forces.yaml);
2. the exact normalised key of a curated name or alias (``names.ordered_keys``), where short
   acronyms must also match case ("IS" links, "is" does not); the KB type wins over the NER
   label ("Al-Azaim" typed PERSON is the outlet), except that a PERSON never becomes a place
   and a place-typed mention never becomes a person. A Russian mention is matched under its
   dictionary form (``Mention.normal``, "Вилаята Хорасан" -> "Вилаят Хорасан") first, then
   as written; then without an honorific before a person's name ("Mullah Haibatullah
   Akhundzada"), then without a parenthesised acronym NER kept in the span ("Islamic State
   Khorasan Province (ISKP)") unless the parenthesis names another curated actor;
3. a short form of a longer name seen earlier in the same document: a person's surname
   ("Khan" after "Hafiz Saeed Khan", "al-Muhajir" after "Shahab al-Muhajir"), never a first
   name alone, or an acronym of an organisation's name;
4. an acronym of a curated name ("ISKP" from "Islamic State Khorasan Province");
5. the folded spelling of a curated name with the spaces removed ("Al Qaida in the Indian
   Sub-continent" -> AQIS), then fuzzy similarity >= 0.9 with the same number of words and
   a compatible type against Latin and Cyrillic aliases ("Sanaullah Ghaffari" -> Shahab
   al-Muhajir's alias "Sanaullah Ghafari", "Велаят Хорасан" -> "Вилаят Хорасан");
6. an unknown entity already known (``EntityIndex``: the store's uncurated entities, plus
   those met earlier in this run) under a strong fuzzy match: same type, same number of
   words each resembling its counterpart, similarity >= 0.9, and, below 0.95, a curated
   actor named in both documents ("Sanaulah Gafary" meets "Sanaullah Ghafary" when both
   texts name ISKP). The similarity is the mention's score;
7. otherwise a new entity, ``ent:`` + sha1(type + "|" + normalised name)[:12], so the same
   unknown name in two documents becomes one entity.

Choices against false merges (see tests/fixtures/alias_cases.csv):
- "Islamic State" is an alias of the central organisation only; province names are separate.
- "Khorasan" alone is the historical region; ISKP needs "Wilayat Khurasan", "ISKP" ...
- Generic nouns ("the group", "militants", "officials") are not entities and are skipped.
- State forces, agencies and governments are never matched fuzzily: their names differ
  between countries by a letter ("Nigerien" / "Nigerian", "Malian" / "Somalian").
- A role noun after a group name is dropped when the rest names a curated group or
  organisation: "Taliban fighters" and "TTP commanders" link to the group. After an ethnic
  group, language or place ("Baloch militants", "Uzbek fighters") the phrase describes
  people, not an entity, and is skipped.
- An alias shared by several curated actors (declared in ``ambiguous_aliases``) is resolved by
  the mention's label, then by the actors already named in the document (or their parent,
  child or media arm), then by a distinctive word of one candidate's names near the mention
  ("CTD" with "Punjab" in the sentence); if still tied the mention becomes a new entity
  rather than a guess. Such links score 0.8.
- A word that is both a people and a language ("Uzbek", "Kyrgyz") is the language after "in"
  ("videos in Uzbek, Tajik and Pashto"), before "language" / "version" / "subtitles", or under
  a LANGUAGE label; otherwise the people, even when NER typed the lone word PERSON or ORG.
  A nationality adjective that names only a language ("Russian", "English") links to the
  language only in that language context; NORP "Russian" becomes an uncurated ethnic_group.

Scores: 1.0 exact curated name, 0.95 article-free or transliterated key, 0.9 role noun
dropped, 0.85 short form or acronym, the similarity for fuzzy matches, 0.5 new entity.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml
from rapidfuzz import fuzz, process

from spoor import names
from spoor.kb import Actor, KnowledgeBase
from spoor.records import Document, Entity, Mention
from spoor.text.described import described_as_group

log = logging.getLogger(__name__)

FUZZY_THRESHOLD = 0.9
_WORD_MIN_RATIO = 75.0  # each word of a fuzzy match, folded, compared with rapidfuzz ratio
_FUZZY_PREFILTER = 80.0  # rapidfuzz ratio (0-100) on folded keys before the exact score
_SQUASHED_MIN = 10  # shortest folded name (no spaces) matched across word boundaries

# Raw spaCy labels -> ontology types they may denote (first one is used for new entities).
_NER_TYPES: dict[str, tuple[str, ...]] = {
    "PERSON": ("person",),
    "PER": ("person",),
    "ORG": (
        "organization", "armed_group", "media_outlet", "armed_forces",
        "intelligence_agency", "government",
    ),
    "NORP": ("ethnic_group", "armed_group", "organization"),
    "LANGUAGE": ("language",),
    "WORK_OF_ART": ("media_outlet",),
}  # fmt: skip
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels that never name an entity; a curated alias under them still links (NER often types
# "Voice of Khurasan" as WORK_OF_ART, "Al-Naba" as PRODUCT).
_NON_ENTITY_LABELS = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LAW", "EVENT",
     "PRODUCT"}
)  # fmt: skip
_PRONOUNS = frozenset(
    {
        "i", "me", "my", "he", "him", "his", "she", "her", "hers", "it", "its", "we", "us",
        "our", "they", "them", "their", "who", "whom", "whose", "this", "that", "these",
        "those", "one", "someone", "somebody", "anyone",
    }
)  # fmt: skip
# Function words NER sometimes returns as an entity; "IS" / "US" in capitals are kept.
_FUNCTION_WORDS = frozenset(
    {
        "a", "an", "is", "was", "are", "be", "as", "at", "in", "on", "of", "to", "by", "or",
        "and", "for", "with", "from", "has", "have", "had", "not", "but", "if", "so",
    }
)  # fmt: skip
_CONTEXT_CHARS = 80
# "Name (ACRONYM)"; the closing ")" may already be cleaned off the surface
_GLOSS = re.compile(r"^(.+?)\s*\(([^()]+)\)?$")
_IN_LANGUAGE = re.compile(r"\bin\s+(?:[\w'-]+\s*(?:,|\band\b|\bor\b)\s*)*$")
_LANGUAGE_AFTER = re.compile(
    r"\s*-?\s*(?:language(?!s)|version|translation|subtitle|dubbed|audio|speaking|speaker)"
)
_TIED = ""  # _choose: several curated actors fit equally well
_GENERIC = frozenset(
    {
        "group", "groups", "militants", "militant", "fighters", "fighter", "officials",
        "official", "insurgents", "insurgent", "jihadists", "jihadist", "terrorists",
        "terrorist", "gunmen", "gunman", "attackers", "security forces", "forces",
        "authorities", "government", "police", "army", "military", "sources", "source",
        "organisation", "organization", "movement", "network", "state", "province",
        "members", "leader", "leaders", "commander", "spokesman", "spokesperson",
        "terrorist group", "militant group", "armed group", "extremists", "islamists",
        # Russian common nouns natasha sometimes tags ORG (dictionary forms, yo folded)
        "группа", "группы", "группировка", "организация", "движение", "боевики", "власти",
        "силы", "правительство", "министерство",
    }
)  # fmt: skip
_ROLE_SUFFIXES = frozenset(
    {
        "fighters", "fighter", "militants", "militant", "members", "member", "commanders",
        "commander", "gunmen", "insurgents", "operatives", "leaders", "leader", "leadership",
        "spokesman", "spokesperson", "authorities", "officials", "government", "regime",
        "administration", "cadres", "cells", "cell", "loyalists", "supporters", "affiliate",
        "recruits", "forces",
    }
)  # fmt: skip
# Religious and honorific titles written before a person's name.
_HONORIFICS = frozenset(
    {"mullah", "mulla", "mawlawi", "maulawi", "maulvi", "mawlavi", "molvi", "sheikh", "shaykh",
     "sheik", "shaikh", "maulana", "mawlana"}
)  # fmt: skip
# State institutions are named with a nationality or a country, whose spellings differ by a
# letter or two between countries; their names are never matched fuzzily.
_STATE_TYPES = frozenset({"armed_forces", "intelligence_agency", "government"})
_ORG_FAMILY = frozenset(
    {"armed_group", "organization", "media_outlet", "armed_forces", "intelligence_agency",
     "government"}
)  # fmt: skip


FORCES_FILE = Path(__file__).resolve().parent.parent / "kb" / "lexicons" / "state_forces.yaml"


@dataclass(frozen=True, slots=True)
class StateForces:
    """Force noun phrases after a nationality ("Kenyan security forces"), from
    spoor/kb/lexicons/state_forces.yaml: phrase -> category, category -> name heads."""

    modifiers: frozenset[str]
    categories: dict[str, str]  # force phrase (lower case) -> category
    heads: dict[str, tuple[str, ...]]  # category -> heads tried after the nationality
    types: frozenset[str]
    longest: int  # words in the longest phrase
    actions: frozenset[str] = frozenset()  # "US and Afghan operations": the doer's forces
    kinds: dict[str, str] = field(default_factory=dict)  # category -> type of a new entity

    def suffix(self, words: Sequence[str]) -> tuple[int, str] | None:
        """(index where the force phrase starts, category) when ``words`` end in one."""
        lowered = [w.casefold() for w in words]
        for size in range(min(self.longest, len(lowered)), 0, -1):
            category = self.categories.get(" ".join(lowered[-size:]))
            if category is not None:
                return len(lowered) - size, category
        return None

    def word(self, word: str) -> bool:
        """A word that may stand inside a force phrase ("security", "forces")."""
        low = word.casefold()
        return low in self.modifiers or any(low in phrase.split() for phrase in self.categories)


@functools.cache
def state_forces(path: Path = FORCES_FILE) -> StateForces:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    categories: dict[str, str] = {}
    heads: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, str] = {}
    for name, spec in (data.get("categories") or {}).items():
        kinds[str(name)] = str(spec.get("type") or "armed_forces")
        for phrase in spec.get("phrases") or ():
            categories[str(phrase).casefold()] = str(name)
        heads[str(name)] = tuple(str(h) for h in spec.get("heads") or ())
    return StateForces(
        modifiers=frozenset(str(w).casefold() for w in data.get("modifiers") or ()),
        categories=categories,
        heads=heads,
        types=frozenset(data.get("types") or ()),
        longest=max((len(p.split()) for p in categories), default=1),
        actions=frozenset(str(w).casefold() for w in data.get("actions") or ()),
        kinds=kinds,
    )


@dataclass(slots=True)
class _AliasEntry:
    actor_id: str
    surface: str
    case_sensitive: bool
    primary: bool  # the key is the alias's normalised form (not article-free or transliterated)


@dataclass(slots=True)
class _Seen:
    """A multi-word name already linked in this document, for short forms later on."""

    entity_id: str
    entity_type: str
    words: tuple[str, ...]
    acronym: str


@dataclass(slots=True)
class _Decision:
    entity_id: str
    entity_type: str
    score: float
    name: str
    curated: bool


@dataclass(slots=True)
class _Context:
    """The text around the mention being linked, for tie-breaks between curated actors."""

    before: str = ""
    after: str = ""
    words: frozenset[str] = frozenset()

    @classmethod
    def around(cls, mention: Mention, document: Document) -> _Context:
        text = document.text
        before = text[max(0, mention.start - _CONTEXT_CHARS) : mention.start]
        after = text[mention.end : mention.end + _CONTEXT_CHARS]
        words = frozenset(names.normalize(before).split() + names.normalize(after).split())
        return cls(before.casefold(), after.casefold(), words)

    def suggests_language(self) -> bool:
        """ "videos in Uzbek", "in Uzbek, Tajik and ...", "Uzbek-language", "Uzbek subtitles"."""
        return bool(_IN_LANGUAGE.search(self.before) or _LANGUAGE_AFTER.match(self.after))


@dataclass(slots=True)
class _DocState:
    context: _Context = field(default_factory=_Context)
    seen: list[_Seen] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    entities: dict[str, Entity] = field(default_factory=dict)
    context_actors: frozenset[str] = frozenset()  # curated actors the ruler found


@dataclass(slots=True, frozen=True)
class KnownEntity:
    """An uncurated entity already in the store (or met earlier in this run)."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    context: frozenset[str] = frozenset()  # curated actor ids named in its documents


class EntityIndex(Protocol):
    """Uncurated entities the linker may join a new mention to, across documents."""

    def match(
        self, name: str, entity_type: str, context: frozenset[str]
    ) -> tuple[KnownEntity, float] | None:
        """The one entity ``name`` (typed ``entity_type``) is a variant of, with the score."""
        ...

    def add(self, entity: KnownEntity) -> None:
        """Remember an entity created while linking, for the documents that follow."""
        ...


_CONTEXT_FREE_SCORE = 0.95  # at or above: no shared context needed
_MIN_FUZZY_CHARS = 6


class MemoryEntityIndex:
    """``EntityIndex`` in memory, one rapidfuzz list per entity type.

    The pipeline fills it from the store (``spoor.store.queries.unknown_entities``) at the
    start of an ingest; memory grows with the number of distinct unknown names, not with
    the corpus.
    """

    def __init__(self, entities: Iterable[KnownEntity] = ()) -> None:
        self._by_id: dict[str, KnownEntity] = {}
        self._keys: dict[str, list[str]] = {}
        self._owners: dict[str, list[tuple[str, str]]] = {}  # type -> (entity id, name)
        for entity in entities:
            self.add(entity)

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, entity: KnownEntity) -> None:
        known = self._by_id.get(entity.id)
        if known is not None:
            entity = KnownEntity(
                known.id,
                known.name,
                known.type,
                tuple(dict.fromkeys((*known.aliases, *entity.aliases))),
                known.context | entity.context,
            )
        self._by_id[entity.id] = entity
        keys = self._keys.setdefault(entity.type, [])
        owners = self._owners.setdefault(entity.type, [])
        for name in dict.fromkeys((entity.name, *entity.aliases)):
            if len(names.normalize(name)) >= _MIN_FUZZY_CHARS and (entity.id, name) not in owners:
                keys.append(names.fold(name))
                owners.append((entity.id, name))

    def match(
        self, name: str, entity_type: str, context: frozenset[str]
    ) -> tuple[KnownEntity, float] | None:
        norm = names.normalize(name)
        keys = self._keys.get(entity_type)
        if not keys or len(norm) < _MIN_FUZZY_CHARS or names.looks_like_acronym(name):
            return None
        words = [w for w in norm.split() if w != "al"]
        if entity_type == "person" and len(words) < 2:
            return None  # a lone name ("Muzammil") is too weak to join two documents
        hits = process.extract(
            names.fold(name), keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_PREFILTER, limit=20
        )
        best: dict[str, float] = {}
        for _, _, index in hits:
            entity_id, known_name = self._owners[entity_type][index]
            known_words = [w for w in names.normalize(known_name).split() if w != "al"]
            if len(known_words) != len(words) or not _words_align(norm, known_name):
                continue
            score = names.similarity(name, known_name)
            if score < FUZZY_THRESHOLD:
                continue
            entity = self._by_id[entity_id]
            if score < _CONTEXT_FREE_SCORE and not (entity.context & context):
                continue  # a near spelling in unrelated reporting: keep them apart
            best[entity_id] = max(score, best.get(entity_id, 0.0))
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None  # two known entities fit equally: do not guess
        entity_id, score = ranked[0]
        return self._by_id[entity_id], round(score, 3)


def new_entity_id(entity_type: str, name: str) -> str:
    """Deterministic id of an uncurated entity: same type and normalised name, same id."""
    digest = hashlib.sha1(f"{entity_type}|{names.normalize(name)}".encode()).hexdigest()
    return f"ent:{digest[:12]}"


class Linker:
    """Resolves mentions against a knowledge base. Build once, call ``link`` per document."""

    def __init__(self, kb: KnowledgeBase, index: EntityIndex | None = None) -> None:
        self.kb = kb
        # Unknown entities of earlier documents; the pipeline replaces it with one filled
        # from the store so variants join across ingest runs too.
        self.index: EntityIndex = index if index is not None else MemoryEntityIndex()
        self._exact: dict[str, list[_AliasEntry]] = {}
        self._acronyms: dict[str, set[str]] = {}
        self._fuzzy_keys: list[str] = []
        self._fuzzy_owners: list[tuple[str, str]] = []  # (actor id, surface)
        self._squashed: dict[str, set[str]] = {}  # folded name without spaces -> actor ids
        for actor in kb.actors.values():
            self._index(actor)

    # ------------------------------------------------------------ index

    def _index(self, actor: Actor) -> None:
        for alias in actor.names:
            case_sensitive = names.looks_like_acronym(alias)
            for position, key in enumerate(names.ordered_keys(alias)):
                entry = _AliasEntry(actor.id, alias, case_sensitive, position == 0)
                self._exact.setdefault(key, []).append(entry)
            if len(names.normalize(alias).split()) >= 2 and names.is_latin(alias):
                letters = names.acronym(alias)
                if len(letters) >= 3:
                    self._acronyms.setdefault(letters, set()).add(actor.id)
            # Arabic script is left out: transliterated without vowels it matches too much.
            fuzzy_script = names.script_of(alias) in ("Latn", "Cyrl")
            if not case_sensitive and fuzzy_script and len(names.normalize(alias)) >= 5:
                self._fuzzy_keys.append(names.fold(alias))
                self._fuzzy_owners.append((actor.id, alias))
                squashed = names.fold(alias).replace(" ", "")
                if len(squashed) >= _SQUASHED_MIN and not actor.is_ambiguous(alias):
                    self._squashed.setdefault(squashed, set()).add(actor.id)

    # ------------------------------------------------------------ public

    def link(self, mentions: list[Mention], document: Document) -> list[Entity]:
        """Fill entity_id, entity_type and score of every non-place mention, in text order.

        Returns the new (uncurated) entities the mentions link to, each once, in text order;
        curated ones come from ``KnowledgeBase.entity``. Mentions that name nothing
        (pronouns, numbers, generic nouns) keep entity_id None.
        """
        state = _DocState()
        state.context_actors = frozenset(
            m.entity_id[3:] for m in mentions if m.entity_id and m.entity_id.startswith("kb:")
        )
        for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
            if mention.place is not None:
                continue
            decision = self._decide(mention, document, state)
            if decision is None:
                continue
            mention.entity_id = decision.entity_id
            mention.entity_type = decision.entity_type
            mention.score = decision.score
            self._remember(mention, decision, state)
        unknown = [entity for entity in state.entities.values() if not entity.curated]
        context = state.context_actors | state.actors
        for entity in unknown:
            self.index.add(
                KnownEntity(entity.id, entity.name, entity.type, tuple(entity.aliases), context)
            )
        return unknown

    # ------------------------------------------------------------ decisions

    def _decide(self, mention: Mention, document: Document, state: _DocState) -> _Decision | None:
        preset = self._preset(mention)
        if preset is not None:
            return preset
        surface = _clean_surface(mention.normal or mention.text)
        if _is_junk(surface) and not self._curated_code(surface):
            return None
        label = mention.label
        state.context = _Context.around(mention, document)
        force = self._state_force(surface, label)
        if force is not None:
            return force
        exact = self._exact_match(surface, label, state)
        if exact is None and mention.normal and mention.normal != mention.text:
            exact = self._exact_match(_clean_surface(mention.text), label, state)
        if exact is None and label in ("PERSON", "PER", "person"):
            exact = self._without_honorific(surface, label, state)
        if exact is None:
            exact = self._without_gloss(surface, label, state)
        if exact is not None:
            return exact
        has_role, role_decision = self._strip_role(surface, state)
        if has_role:
            return role_decision
        if names.normalize(surface) in _GENERIC:
            return None
        if label in _PLACE_LABELS or label in _NON_ENTITY_LABELS or self._is_place_type(label):
            return None  # places are the geo stage's; the rest name nothing we store
        allowed = self._allowed_types(label)
        if self._shared_surname(surface, state):
            return None
        return (
            self._short_form(surface, allowed, state)
            or self._acronym_match(surface, allowed)
            or self._squashed_match(surface, allowed)
            or self._fuzzy_match(surface, allowed)
            or self._new(surface, mention, document, state)
        )

    def _preset(self, mention: Mention) -> _Decision | None:
        if mention.entity_id and mention.entity_id.startswith("kb:"):
            slug = mention.entity_id[3:]
            actor = self.kb.actors.get(slug)
            if actor is not None:
                return _Decision(f"kb:{slug}", actor.type, mention.score or 1.0, actor.name, True)
        return None

    def _curated_code(self, surface: str) -> bool:
        """ "M23": a curated name of one letter and digits, which the letter count calls junk."""
        return any(ch.isdigit() for ch in surface) and self.kb.knows_name(surface)

    def _exact_match(self, surface: str, label: str, state: _DocState) -> _Decision | None:
        raw = names.compact(surface)
        for position, key in enumerate(names.ordered_keys(surface)):
            spelled = [
                e
                for e in self._exact.get(key, [])
                if not e.case_sensitive or names.compact(e.surface) == raw
            ]
            entries = [e for e in spelled if self._fits_shared_word(e, label, state.context)]
            if not entries:
                continue
            chosen = self._choose([e.actor_id for e in entries], label, state)
            if chosen is None:
                return None
            if chosen == _TIED:
                break  # a shared alias we cannot resolve: fall through to a new entity
            actor = self.kb.actors[chosen]
            primary = position == 0 and any(e.primary for e in entries if e.actor_id == chosen)
            score = 1.0 if primary else 0.95
            if len({e.actor_id for e in spelled}) > 1 or self.kb.actors[chosen].is_ambiguous(
                surface
            ):
                score = 0.8  # a shared alias settled by label or context
            return _Decision(f"kb:{actor.id}", actor.type, score, actor.name, True)
        return None

    def _fits_shared_word(self, entry: _AliasEntry, label: str, context: _Context) -> bool:
        """A word declared ambiguous ("Russian", "Uzbek") links only where its type fits.

        NORP "Russian" in "Russian forces" is not the Russian language; "in Russian" is.
        """
        actor = self.kb.actors[entry.actor_id]
        if not actor.is_ambiguous(entry.surface):
            return True
        if actor.type == "language":
            return context.suggests_language() or label in ("LANGUAGE", "language")
        if self.kb.ontology.family(actor.type) == "population":
            # A lone "Tajik" typed PERSON or ORG by NER is the adjective, i.e. the people.
            return label not in _PLACE_LABELS and not self._is_place_type(label)
        return actor.type in self._allowed_types(label)

    def _choose(self, actor_ids: Iterable[str], label: str, state: _DocState) -> str | None:
        """One actor id; None when the label rules every candidate out; _TIED when tied."""
        candidates = sorted(set(actor_ids))
        candidates = [a for a in candidates if not self._label_forbids(label, a)]
        if not candidates:
            return None
        by_type = {self.kb.actors[a].type: a for a in candidates}
        if len(candidates) == 2 and set(by_type) == {"language", "ethnic_group"}:
            # "Uzbek": the language after "in" or before "language", else the people.
            language = label in ("LANGUAGE", "language") or state.context.suggests_language()
            return by_type["language" if language else "ethnic_group"]
        if len(candidates) == 1:
            return candidates[0]
        allowed = self._allowed_types(label)
        typed = [a for a in candidates if self.kb.actors[a].type in allowed]
        if len(typed) == 1:
            return typed[0]
        pool = typed or candidates
        preferred = _NER_TYPES.get(label, (label,))[0]
        first_choice = [a for a in pool if self.kb.actors[a].type == preferred]
        if len(first_choice) == 1:
            return first_choice[0]
        in_doc = [a for a in pool if a in state.actors or self._relative_in_doc(a, state)]
        if len(in_doc) == 1:
            return in_doc[0]
        nearby = self._named_nearby(pool, state.context)
        if nearby is not None:
            return nearby  # "CTD" with "Punjab" in the sentence, "GKNB" next to "Tajik"
        log.debug("ambiguous alias between %s; left unresolved", pool)
        return _TIED

    def _named_nearby(self, pool: list[str], context: _Context) -> str | None:
        """The one candidate whose distinctive name words occur around the mention."""
        words = {a: self._name_words(a) for a in pool}
        hits = []
        for actor_id in pool:
            others = set().union(*(w for other, w in words.items() if other != actor_id))
            if (words[actor_id] - others) & context.words:
                hits.append(actor_id)
        return hits[0] if len(hits) == 1 else None

    def _name_words(self, actor_id: str) -> set[str]:
        found: set[str] = set()
        for alias in self.kb.actors[actor_id].names:
            found.update(w for w in names.normalize(alias).split() if len(w) >= 4)
        return found

    def _relative_in_doc(self, actor_id: str, state: _DocState) -> bool:
        actor = self.kb.actors[actor_id]
        related = {actor.parent, actor.media_arm_of} | {c.id for c in self.kb.children(actor_id)}
        return bool(related & state.actors)

    def _label_forbids(self, label: str, actor_id: str) -> bool:
        family = self.kb.ontology.family(self.kb.actors[actor_id].type)
        if label in ("PERSON", "PER", "person"):
            return family == "place"
        if label in _PLACE_LABELS or self._is_place_type(label):
            return self.kb.actors[actor_id].type == "person"
        return False

    def _without_gloss(self, surface: str, label: str, state: _DocState) -> _Decision | None:
        """ "Islamic State Khorasan Province (ISKP)" in one NER span: the name before the
        parenthesis, if it is curated and the parenthesis names nothing else."""
        match = _GLOSS.match(surface)
        if match is None:
            return None
        head = self._exact_match(match.group(1), label, state)
        if head is None:
            return None
        gloss = self._exact_match(match.group(2), label, state)
        if gloss is not None and gloss.entity_id != head.entity_id:
            return None  # "X (Y)" naming two curated actors: not one name
        head.score = min(head.score, 0.9)
        return head

    def _without_honorific(self, surface: str, label: str, state: _DocState) -> _Decision | None:
        """ "Mullah Haibatullah Akhundzada", "Sheikh ...": the curated person without the title.

        Only a curated person, and only when at least two words remain ("Mullah Omar" is
        an alias in its own right; "Mullah X" for an unknown X stays unknown)."""
        words = surface.split()
        if len(words) < 3 or words[0].casefold().rstrip(".") not in _HONORIFICS:
            return None
        found = self._exact_match(" ".join(words[1:]), label, state)
        if found is None:
            found = self._fuzzy_match(" ".join(words[1:]), frozenset({"person"}))
        if found is None or found.entity_type != "person":
            return None
        found.score = min(found.score, 0.9)
        return found

    def _strip_role(self, surface: str, state: _DocState) -> tuple[bool, _Decision | None]:
        """ "Taliban fighters" -> (True, the Taliban); "Baloch militants" -> (True, None).

        (False, None) when the mention does not end in a role noun after a curated name.
        """
        words = surface.split()
        if len(words) < 2 or words[-1].casefold() not in _ROLE_SUFFIXES:
            return False, None
        head = " ".join(words[:-1])
        candidates = self._kb_candidates(head)
        if not candidates:
            return False, None
        if not any(self.kb.actors[a].type in _ORG_FAMILY for a in candidates):
            return True, None  # people described by origin, not an entity
        found = self._exact_match(head, "ORG", state)
        if found is None or found.entity_type not in _ORG_FAMILY:
            return False, None
        found.score = min(found.score, 0.9)
        return True, found

    def _state_force(self, surface: str, label: str) -> _Decision | None:
        """ "Kenyan security forces", "Pakistani aircraft", "Uganda's army": the one curated
        force whose name is the nationality (or country) with a head of the phrase's
        category ("Kenyan army", "Pakistani air force"). None when no curated force, or more
        than one, answers; the mention is then linked as any other name."""
        forces = state_forces()
        words = surface.split()
        found = forces.suffix(words)
        heads: tuple[str, ...]
        if found is None:
            if label != "armed_forces" or len(words) > 2:
                return None
            # a nationality alone as the doer of an operation ("US and Afghan operations")
            start, heads = len(words), forces.heads.get("military", ())
        elif found[0] == 0:
            return None
        else:
            start, category = found
            heads = (" ".join(words[start:]), *forces.heads.get(category, ()))
        prefix = " ".join(words[:start])
        for suffix in ("'s", "\u2019s"):
            prefix = prefix.removesuffix(suffix)
        # the heads in order of preference: "Afghan forces" (the ANDSF) before "Afghan army"
        for head in heads:
            owners = {
                a for a in self._kb_candidates(f"{prefix} {head}")
                if self.kb.actors[a].type in forces.types
            }  # fmt: skip
            if len(owners) > 1:
                return None
            if owners:
                actor = self.kb.actors[owners.pop()]
                exact = self._kb_candidates(surface) == {actor.id}
                score = 1.0 if exact else 0.85
                return _Decision(f"kb:{actor.id}", actor.type, score, actor.name, True)
        return None

    def _kb_candidates(self, surface: str) -> set[str]:
        raw = names.compact(surface)
        return {
            e.actor_id
            for key in names.ordered_keys(surface)
            for e in self._exact.get(key, [])
            if not e.case_sensitive or names.compact(e.surface) == raw
        }

    def _short_form(
        self, surface: str, allowed: frozenset[str], state: _DocState
    ) -> _Decision | None:
        words = tuple(w for w in names.normalize(surface).split() if w != "al")
        if not words:
            return None
        acro = names.compact(surface).upper() if names.looks_like_acronym(surface) else ""
        # NER often types a lone surname ORG ("Zawahiri was standing ..."): one capitalised
        # word ending a person's name seen earlier in the document is that person anyway.
        capitalised = surface != surface.lower() or surface == surface.upper()  # or uncased script
        lone_name = len(words) == 1 and capitalised and bool(allowed & _ORG_FAMILY)
        heads: list[_Seen] = []
        for seen in reversed(state.seen):
            if seen.entity_type not in allowed and not (lone_name and seen.entity_type == "person"):
                continue
            if seen.entity_type == "person":
                if _kunya_of(words, seen.words):
                    heads.append(seen)
            elif acro and acro == seen.acronym:
                return self._seen_decision(seen, 0.85)
            elif _head_of(words, seen.words):
                heads.append(seen)
        people = self._people_ending(words, state) if "person" in allowed or lone_name else []
        if people:
            return self._seen_decision(people[0], 0.85) if len(people) == 1 else None
        if len({seen.entity_id for seen in heads}) == 1:
            return self._seen_decision(heads[0], 0.85)  # one "Islamic Movement of ..." or "Abu X"
        return None

    def _people_ending(self, words: tuple[str, ...], state: _DocState) -> list[_Seen]:
        """The distinct people named so far whose full name ends with ``words``."""
        found: dict[str, _Seen] = {}
        for seen in state.seen:
            fits = len(words) < len(seen.words) and seen.words[-len(words) :] == words
            if seen.entity_type == "person" and fits:
                found.setdefault(seen.entity_id, seen)
        return list(found.values())

    def _shared_surname(self, surface: str, state: _DocState) -> bool:
        """ "Khan" after "Hafiz Saeed Khan" and "Imran Khan": it names neither for sure."""
        words = tuple(w for w in names.normalize(surface).split() if w != "al")
        return bool(words) and len(self._people_ending(words, state)) > 1

    def _seen_decision(self, seen: _Seen, score: float) -> _Decision:
        curated = seen.entity_id.startswith("kb:")
        name = self.kb.actors[seen.entity_id[3:]].name if curated else ""
        return _Decision(seen.entity_id, seen.entity_type, score, name, curated)

    def _acronym_match(self, surface: str, allowed: frozenset[str]) -> _Decision | None:
        if not names.looks_like_acronym(surface):
            return None
        letters = "".join(ch for ch in names.compact(surface) if not ch.islower()).upper()
        owners = [a for a in self._acronyms.get(letters, ()) if self.kb.actors[a].type in allowed]
        if len(owners) != 1:
            return None
        actor = self.kb.actors[owners[0]]
        return _Decision(f"kb:{actor.id}", actor.type, 0.85, actor.name, True)

    def _squashed_match(self, surface: str, allowed: frozenset[str]) -> _Decision | None:
        """A curated name split or joined differently: "Sub-continent" / "Subcontinent"."""
        squashed = names.fold(surface).replace(" ", "")
        if len(squashed) < _SQUASHED_MIN or names.looks_like_acronym(surface):
            return None
        owners = [a for a in self._squashed.get(squashed, ()) if self.kb.actors[a].type in allowed]
        if len(owners) != 1:
            return None
        actor = self.kb.actors[owners[0]]
        return _Decision(f"kb:{actor.id}", actor.type, 0.9, actor.name, True)

    def _fuzzy_match(self, surface: str, allowed: frozenset[str]) -> _Decision | None:
        norm = names.normalize(surface)
        if len(norm) < 5 or names.looks_like_acronym(surface) or not self._fuzzy_keys:
            return None
        n_words = len([w for w in norm.split() if w != "al"])
        hits = process.extract(
            names.fold(surface),
            self._fuzzy_keys,
            scorer=fuzz.ratio,
            score_cutoff=_FUZZY_PREFILTER,
            limit=20,
        )
        best: tuple[float, str] | None = None
        for _, _, index in hits:
            actor_id, alias = self._fuzzy_owners[index]
            actor = self.kb.actors[actor_id]
            if actor.type not in allowed or actor.is_ambiguous(alias):
                continue
            if actor.type in _STATE_TYPES:
                continue  # "Nigerien" / "Nigerian", "Malian" / "Somalian": another country
            alias_words = [w for w in names.normalize(alias).split() if w != "al"]
            if len(alias_words) != n_words:
                continue
            if not _words_align(norm, alias):
                continue
            score = names.similarity(surface, alias)
            if score >= FUZZY_THRESHOLD and (best is None or score > best[0]):
                best = (score, actor_id)
        if best is None:
            return None
        actor = self.kb.actors[best[1]]
        return _Decision(f"kb:{actor.id}", actor.type, round(best[0], 3), actor.name, True)

    def _new(
        self, surface: str, mention: Mention, document: Document, state: _DocState
    ) -> _Decision | None:
        entity_type = self._new_type(mention, document)
        if entity_type is None:
            return None
        entity_id = new_entity_id(entity_type, surface)
        if entity_id not in state.entities:
            context = state.context_actors | state.actors  # curated actors named so far
            found = self.index.match(surface, entity_type, frozenset(context))
            if found is not None and found[0].id != entity_id:
                known, score = found
                return _Decision(known.id, known.type, score, known.name, False)
        return _Decision(entity_id, entity_type, 0.5, surface, False)

    # ------------------------------------------------------------ types

    def _is_place_type(self, label: str) -> bool:
        return self.kb.ontology.family(label) == "place"

    def _allowed_types(self, label: str) -> frozenset[str]:
        if label in _NER_TYPES:
            return frozenset(_NER_TYPES[label])
        family = self.kb.ontology.family(label)
        if family == "actor":
            return frozenset({label}) | (_ORG_FAMILY if label in _ORG_FAMILY else frozenset())
        if family is not None:
            return frozenset({label})
        return frozenset(self.kb.ontology.entity_types)  # unknown label: any type

    def _new_type(self, mention: Mention, document: Document) -> str | None:
        label = mention.label
        if label == "NORP":
            # Only "X language" / "X-language": an unknown "in X" is more often a place.
            after = document.text[mention.end : mention.end + _CONTEXT_CHARS].casefold()
            return "language" if _LANGUAGE_AFTER.match(after) else "ethnic_group"
        if label in _NER_TYPES:
            if label in ("PERSON", "PER", "ORG") and described_as_group(
                _clean_surface(mention.text), document.text
            ):
                return "armed_group"  # "Hizbul Islam, a rival Islamist militia"
            return _NER_TYPES[label][0]
        family = self.kb.ontology.family(label)
        if family is not None and family != "place":
            return label
        return None

    # ------------------------------------------------------------ document memory

    def _remember(self, mention: Mention, decision: _Decision, state: _DocState) -> None:
        surface = _clean_surface(mention.normal or mention.text)
        entity = state.entities.get(decision.entity_id)
        if entity is None:
            if decision.curated:
                entity = self.kb.entity(decision.entity_id)
                state.actors.add(decision.entity_id[3:])
            else:
                entity = Entity(decision.entity_id, decision.name, decision.entity_type)
            state.entities[decision.entity_id] = entity
        if not decision.curated and surface != entity.name and surface not in entity.aliases:
            entity.aliases.append(surface)
        words = tuple(w for w in names.normalize(surface).split() if w != "al")
        if len(words) >= 2:
            state.seen.append(
                _Seen(decision.entity_id, decision.entity_type, words, names.acronym(surface))
            )


def _kunya_of(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """ "Abu al-Husayn" after "Abu al-Husayn al-Husayni al-Qurashi": the kunya (father-of or
    mother-of name) opening a full Arabic name is how reports name the person later."""
    return 2 <= len(words) < len(full) and words[0] in _KUNYA and full[: len(words)] == words


def _head_of(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """ "the Islamic Movement" after "the Islamic Movement of Uzbekistan": a name of two words
    or more ending where the full name's qualifying phrase ("of", "in", "for" ...) starts."""
    n = len(words)
    return n >= 2 and n + 1 < len(full) and full[:n] == words and full[n] in _QUALIFIERS


def _words_align(norm: str, alias: str) -> bool:
    """Every word must resemble its counterpart: "Abu Omar al-Baghdadi" is not "Abu Bakr ..."."""
    words = [w for w in norm.split() if w != "al"]
    others = [w for w in names.normalize(alias).split() if w != "al"]
    return all(
        fuzz.ratio(names.fold(mine), names.fold(theirs)) >= _WORD_MIN_RATIO
        for mine, theirs in zip(words, others, strict=True)
    )


# Words opening a kunya, and prepositions that start the qualifying part of a group's name.
_KUNYA = frozenset({"abu", "umm", "abou", "abo"})
_QUALIFIERS = frozenset({"of", "in", "for", "fi", "li"})


def _clean_surface(text: str) -> str:
    """Mention text without surrounding space, quotes, a leading "the" or a trailing "'s"."""
    surface = " ".join(text.split()).strip(" \"'“”‘’«»()[],.;:")
    if surface[:4].casefold() == "the ":
        surface = surface[4:]
    for suffix in ("'s", "’s"):
        if surface.endswith(suffix):
            surface = surface[: -len(suffix)]
    return surface.strip()


def _is_junk(surface: str) -> bool:
    norm = names.normalize(surface)
    if not norm or norm in _PRONOUNS:
        return True
    if norm in _FUNCTION_WORDS and not names.looks_like_acronym(surface):
        return True
    letters = [ch for ch in norm if ch.isalpha()]
    return len(letters) < 2
