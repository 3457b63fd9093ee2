"""The curated knowledge base: ontology and actors, validated when loaded.

Layout of a knowledge-base directory (the packaged one is this folder)::

    ontology.yaml          entity types, type sets, predicates, ACLED / PLOVER mapping
    actors/*.yaml          one list of actor records per file (armed groups, persons ...)

``load_kb()`` reads and validates everything once per path and caches the
result. Any problem raises ``KnowledgeBaseError`` naming the file, the record
and the field, so a curator can fix the data without reading code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from spoor import names
from spoor.errors import KnowledgeBaseError
from spoor.kb.ontology import Ontology, load_ontology
from spoor.names import looks_like_acronym, normalize
from spoor.records import Entity

__all__ = [
    "Actor",
    "KnowledgeBase",
    "Ontology",
    "Tenure",
    "KB_DIR",
    "load_kb",
]

KB_DIR = Path(__file__).resolve().parent

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_LANG_CODE = re.compile(r"^[a-z]{2,3}$")  # ISO 639-1, or 639-3 where no 639-1 code exists
_SCRIPT = re.compile(r"^[A-Z][a-z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_FIELDS = frozenset(
    {
        "id",
        "name",
        "type",
        "wikidata",
        "parent",
        "media_arm_of",
        "leader_of",
        "aliases",
        "ambiguous_aliases",
        "code",
        "script",
        "sources",
        "note",
    }
)
_PARENT_TYPES = frozenset({"armed_group", "organization"})
_DASH_TOKENS = ["-", "\u2013", "\u2014", "\u2010", "\u2011"]


@dataclass(frozen=True, slots=True)
class Tenure:
    """A leadership: ``person leader_of organisation`` from ``since`` to ``until`` (years)."""

    actor_id: str
    since: int | None = None
    until: int | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    wikidata: str | None = None
    parent: str | None = None
    media_arm_of: str | None = None
    leader_of: tuple[Tenure, ...] = ()
    ambiguous_aliases: frozenset[str] = frozenset()
    code: str | None = None  # languages: ISO 639-1
    script: str | None = None  # languages: default ISO 15924 script
    note: str | None = None
    countries: tuple[str, ...] = ()  # where it mainly operates (areas.yaml): a geo hint
    file: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)

    def is_ambiguous(self, alias: str) -> bool:
        key = normalize(alias)
        return any(normalize(other) == key for other in self.ambiguous_aliases)


@dataclass(slots=True)
class KnowledgeBase:
    actors: dict[str, Actor]
    ontology: Ontology
    path: Path = KB_DIR
    _patterns: list[dict[str, Any]] | None = field(default=None, repr=False)
    _name_keys: frozenset[str] | None = field(default=None, repr=False)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this slug (a leading ``kb:`` is accepted)."""
        slug = actor_id.removeprefix("kb:")
        try:
            return self.actors[slug]
        except KeyError:
            raise KeyError(f"no actor {slug!r} in the knowledge base at {self.path}") from None

    def entity(self, actor_id: str) -> Entity:
        """The actor as a curated ``Entity`` with id ``kb:<slug>``."""
        actor = self.actor(actor_id)
        return Entity(
            id=f"kb:{actor.id}",
            name=actor.name,
            type=actor.type,
            aliases=list(actor.aliases),
            wikidata=actor.wikidata,
            curated=True,
        )

    def children(self, actor_id: str) -> list[Actor]:
        """Actors whose parent or media_arm_of is ``actor_id``."""
        slug = actor_id.removeprefix("kb:")
        return [a for a in self.actors.values() if slug in (a.parent, a.media_arm_of)]

    def knows_name(self, name: str) -> bool:
        """True when ``name`` is a curated name or alias under any of its matching keys
        (normalised, article-free, transliterated): "Вилаят Хорасан" is, "Кабул" is not."""
        if self._name_keys is None:
            self._name_keys = frozenset(
                key for actor in self.actors.values() for alias in actor.names
                for key in names.ordered_keys(alias)
            )  # fmt: skip
        return any(key in self._name_keys for key in names.ordered_keys(name))

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """Patterns for a spaCy ``EntityRuler``: one per alias spelling, label = ontology type.

        Short acronyms ("IS", "TTP", "ГКНБ") match case-sensitively so the verb "is" never
        matches; longer names match case-insensitively, except a single word left after a
        leading "The" ("The Base" matches "Base", never "base"). A dash inside a name is optional,
        so "Tehrik-i-Taliban" also matches "Tehrik i Taliban". Aliases declared ambiguous
        get a pattern without an ``id`` when all their owners share a type, and none otherwise.
        """
        if self._patterns is None:
            self._patterns = _build_patterns(self.actors.values())
        return self._patterns


def _tokenize(text: str) -> list[str]:
    return [token.text for token in _blank_tokenizer()(text)]


@lru_cache(maxsize=1)
def _blank_tokenizer() -> Any:
    import spacy  # imported lazily: only the ruler needs it

    return spacy.blank("en").tokenizer


def _token_pattern(alias: str) -> list[dict[str, Any]]:
    case_sensitive = looks_like_acronym(alias)
    tokens = _tokenize(alias)
    had_article = False
    while tokens and tokens[0].lower() == "the" and len(tokens) > 1:
        tokens = tokens[1:]
        had_article = True
    if had_article and len(tokens) == 1:
        # "The Base" names al-Qaeda only when capitalised: "base" alone is a common noun.
        case_sensitive = True
    pattern: list[dict[str, Any]] = []
    for token in tokens:
        if token in _DASH_TOKENS:
            pattern.append({"ORTH": {"IN": _DASH_TOKENS}, "OP": "?"})
        elif case_sensitive:
            pattern.append({"ORTH": token})
        else:
            pattern.append({"LOWER": token.lower()})
    return pattern


def _build_patterns(actors: Iterable[Actor]) -> list[dict[str, Any]]:
    owners: dict[str, list[tuple[Actor, str]]] = defaultdict(list)
    for actor in actors:
        for alias in actor.names:
            key = normalize(alias)
            if key:
                owners[key].append((actor, alias))
    patterns: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entries in owners.values():
        ids = {actor.id for actor, _ in entries}
        ambiguous = len(ids) > 1 or any(actor.is_ambiguous(alias) for actor, alias in entries)
        types = {actor.type for actor, _ in entries}
        if ambiguous and len(types) > 1:
            continue
        for actor, alias in entries:
            if ambiguous and len(ids) == 1:
                # A single owner that declared the word ambiguous ("Russian", "English"): the
                # word is usually an adjective, so leave it to the statistical NER.
                continue
            pattern = _token_pattern(alias)
            if not pattern:
                continue
            entry: dict[str, Any] = {"label": actor.type, "pattern": pattern}
            if not ambiguous:
                entry["id"] = actor.id
            signature = repr(sorted(entry.items()))
            if signature not in seen:
                seen.add(signature)
                patterns.append(entry)
    return patterns


# ---------------------------------------------------------------- loading and validation


def _fail(file: Path, record: str, field_name: str, problem: str) -> KnowledgeBaseError:
    return KnowledgeBaseError(
        f"{file}: record {record}: field '{field_name}': {problem}. Fix the file and load again."
    )


def _read_yaml(file: Path) -> Any:
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise KnowledgeBaseError(
            f"{file}: not valid YAML ({err}). Fix the file and load again."
        ) from err
    except OSError as err:
        raise KnowledgeBaseError(f"{file}: cannot be read ({err}).") from err


def _str_list(value: Any, file: Path, record: str, field_name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(file, record, field_name, "must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _year(value: Any, file: Path, record: str, field_name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
        raise _fail(file, record, field_name, f"year {value!r} is not a four-digit year")
    return value


def _tenures(value: Any, file: Path, record: str) -> tuple[Tenure, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(file, record, "leader_of", "must be a list of ids or {id, since, until}")
    tenures = []
    for item in value:
        if isinstance(item, str):
            tenures.append(Tenure(item))
            continue
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            raise _fail(file, record, "leader_of", f"entry {item!r} has no id")
        unknown = set(item) - {"id", "since", "until"}
        if unknown:
            raise _fail(file, record, "leader_of", f"unknown keys {sorted(unknown)}")
        since = _year(item.get("since"), file, record, "leader_of.since")
        until = _year(item.get("until"), file, record, "leader_of.until")
        if since is not None and until is not None and since > until:
            raise _fail(file, record, "leader_of", f"since {since} is after until {until}")
        tenures.append(Tenure(item["id"], since, until))
    return tuple(tenures)


def _optional_str(raw: Mapping[str, Any], key: str, file: Path, record: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(file, record, key, "must be a non-empty string")
    return value.strip()


def _parse_actor(raw: Any, index: int, file: Path, ontology: Ontology) -> Actor:
    if not isinstance(raw, Mapping):
        raise _fail(file, f"#{index + 1}", "-", "each record must be a mapping")
    actor_id = raw.get("id")
    record = f"{actor_id!r}" if actor_id else f"#{index + 1}"
    if not isinstance(actor_id, str) or not _SLUG.match(actor_id):
        raise _fail(file, record, "id", "must be a lower-case slug like 'iskp' or 'al-qaeda'")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise _fail(file, record, sorted(unknown)[0], f"unknown field (allowed: {sorted(_FIELDS)})")
    name = _optional_str(raw, "name", file, record)
    if name is None:
        raise _fail(file, record, "name", "is required")
    actor_type = raw.get("type")
    if not isinstance(actor_type, str) or actor_type not in ontology.entity_types:
        raise _fail(file, record, "type", f"{actor_type!r} is not an ontology entity type")
    wikidata = _optional_str(raw, "wikidata", file, record)
    if wikidata is not None and not _QID.match(wikidata):
        raise _fail(file, record, "wikidata", f"{wikidata!r} is not a QID like Q2429253")
    aliases = _str_list(raw.get("aliases"), file, record, "aliases")
    for alias in aliases:
        if not normalize(alias):
            raise _fail(file, record, "aliases", f"{alias!r} has no letters or digits")
    sources = _str_list(raw.get("sources"), file, record, "sources")
    if not sources:
        raise _fail(file, record, "sources", "name at least one source for the record")
    ambiguous = _str_list(raw.get("ambiguous_aliases"), file, record, "ambiguous_aliases")
    own_keys = {normalize(n) for n in (name, *aliases)}
    for alias in ambiguous:
        if normalize(alias) not in own_keys:
            raise _fail(file, record, "ambiguous_aliases", f"{alias!r} is not one of the aliases")
    code = _optional_str(raw, "code", file, record)
    script = _optional_str(raw, "script", file, record)
    if actor_type == "language":
        if code is None or not _LANG_CODE.match(code):
            raise _fail(
                file, record, "code", "a language needs an ISO 639-1 code like 'uz' (or 639-3)"
            )
        if script is None or not _SCRIPT.match(script):
            raise _fail(file, record, "script", "a language needs an ISO 15924 script like 'Cyrl'")
    elif code is not None or script is not None:
        raise _fail(file, record, "code", "code and script are only for languages")
    return Actor(
        id=actor_id,
        name=name,
        type=actor_type,
        aliases=aliases,
        sources=sources,
        wikidata=wikidata,
        parent=_optional_str(raw, "parent", file, record),
        media_arm_of=_optional_str(raw, "media_arm_of", file, record),
        leader_of=_tenures(raw.get("leader_of"), file, record),
        ambiguous_aliases=frozenset(ambiguous),
        code=code,
        script=script,
        note=_optional_str(raw, "note", file, record),
        file=str(file),
    )


def _check_references(actors: Mapping[str, Actor]) -> None:
    for actor in actors.values():
        file, record = Path(actor.file), repr(actor.id)
        if actor.parent is not None:
            parent = actors.get(actor.parent)
            if parent is None:
                raise _fail(file, record, "parent", f"no actor with id {actor.parent!r}")
            if parent.type not in _PARENT_TYPES or actor.parent == actor.id:
                raise _fail(file, record, "parent", f"{actor.parent!r} cannot be a parent group")
        if actor.media_arm_of is not None:
            if actor.type != "media_outlet":
                raise _fail(file, record, "media_arm_of", "only a media_outlet can be a media arm")
            if actor.media_arm_of not in actors:
                raise _fail(file, record, "media_arm_of", f"no actor {actor.media_arm_of!r}")
        for tenure in actor.leader_of:
            if actor.type != "person":
                raise _fail(file, record, "leader_of", "only a person can lead")
            if tenure.actor_id not in actors:
                raise _fail(file, record, "leader_of", f"no actor {tenure.actor_id!r}")


def _check_alias_collisions(actors: Mapping[str, Actor]) -> None:
    """Two actors may share a spelling only when both declare it in ambiguous_aliases."""
    owner_of: dict[str, tuple[Actor, str]] = {}
    for actor in actors.values():
        for alias in actor.names:
            key = normalize(alias)
            other = owner_of.get(key)
            if other is None:
                owner_of[key] = (actor, alias)
                continue
            other_actor, other_alias = other
            if other_actor.id == actor.id:
                continue
            if actor.is_ambiguous(alias) and other_actor.is_ambiguous(other_alias):
                continue
            raise _fail(
                Path(actor.file),
                repr(actor.id),
                "aliases",
                f"{alias!r} is also a name of {other_actor.id!r} ({other_actor.file}); "
                "remove it from one record or list it under ambiguous_aliases in both",
            )


def _load(root: Path) -> KnowledgeBase:
    ontology = load_ontology(root / "ontology.yaml")
    actor_dir = root / "actors"
    files = sorted(actor_dir.glob("*.yaml"))
    if not files:
        raise KnowledgeBaseError(f"{actor_dir}: no actor files (*.yaml) found.")
    actors: dict[str, Actor] = {}
    for file in files:
        records = _read_yaml(file)
        if records is None:
            continue
        if not isinstance(records, list):
            raise KnowledgeBaseError(f"{file}: the top level must be a list of actor records.")
        for index, raw in enumerate(records):
            actor = _parse_actor(raw, index, file, ontology)
            if actor.id in actors:
                raise _fail(
                    file, repr(actor.id), "id", f"duplicate id, already in {actors[actor.id].file}"
                )
            actors[actor.id] = actor
    _check_references(actors)
    _check_alias_collisions(actors)
    for actor_id, countries in _areas(root / "areas.yaml", actors).items():
        actors[actor_id] = replace(actors[actor_id], countries=countries)
    return KnowledgeBase(actors=actors, ontology=ontology, path=root)


def _areas(file: Path, actors: Mapping[str, Actor]) -> dict[str, tuple[str, ...]]:
    """``areas.yaml``: actor id -> the countries (ISO 3166-1 alpha-2) it mainly operates in."""
    if not file.exists():
        return {}
    raw = _read_yaml(file) or {}
    if not isinstance(raw, Mapping):
        raise KnowledgeBaseError(f"{file}: the top level must map actor ids to country codes.")
    areas = {}
    for actor_id, codes in raw.items():
        if actor_id not in actors:
            raise _fail(file, repr(actor_id), "id", "no actor with this id")
        countries = _str_list(codes, file, repr(actor_id), "countries")
        for code in countries:
            if not _COUNTRY.match(code):
                raise _fail(file, repr(actor_id), "countries", f"{code!r} is not like 'AF'")
        areas[str(actor_id)] = countries
    return areas


@lru_cache(maxsize=8)
def _load_cached(root: Path) -> KnowledgeBase:
    return _load(root)


def load_kb(path: Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base in ``path`` (default: the packaged one), cached."""
    root = (path or KB_DIR).resolve()
    return _load_cached(root)
