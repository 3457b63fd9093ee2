"""Load and validate the relations stage's lexicons under spoor/kb/lexicons/."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from spoor.errors import KnowledgeBaseError

KB_DIR = Path(__file__).resolve().parent.parent / "kb"
LEXICON_DIR = KB_DIR / "lexicons"


@dataclass(slots=True, frozen=True)
class Frame:
    """One dependency frame: a trigger lemma set and where its arguments sit."""

    predicate: str
    pos: str
    lemmas: frozenset[str]
    subject: str
    object: str
    fallback_object: str | None = None
    place: str | None = None
    requires: frozenset[str] = frozenset()
    role: str | None = None
    intent: bool = False
    # particles one of which the trigger must carry ("pushed X out", "drove X back")
    particles: frozenset[str] = frozenset()
    # prepositions or particles on the trigger that rule the frame out ("fired X to victory")
    blocked_by: frozenset[str] = frozenset()
    # the trigger states that the relation no longer holds ("broke with", "split from")
    negated: bool = False
    # the doer must be a work of propaganda ("its videos urge Tajiks to ...")
    by_works: bool = False


@dataclass(slots=True, frozen=True)
class Language:
    name: str
    code: str
    scripts: tuple[str, ...]
    entity_id: str  # the curated language entity, "kb:<slug>"


@dataclass(slots=True, frozen=True)
class WeaponCue:
    lemmas: tuple[str, ...]
    tactic: str
    weapon: str | None


@dataclass(slots=True)
class Lexicon:
    """Everything the relations stage knows as data."""

    frames: list[Frame]
    event_nouns: dict[str, Any]
    proxy_nouns: frozenset[str]
    instrument_nouns: frozenset[str]
    possession_verbs: frozenset[str]
    country_as_actor: frozenset[str]
    timed_verbs: frozenset[str]
    coreference: dict[str, Any]
    templates: dict[str, list[str]]
    media_arms: list[str]
    branches: list[str]
    roles: dict[str, str]
    modifiers: list[str]
    definite_leader_roles: frozenset[str]
    strength: dict[str, frozenset[str]]
    modality: dict[str, Any]
    languages: dict[str, Language]
    scripts: dict[str, str]
    formats: dict[str, str]
    weapon_cues: list[WeaponCue]
    vague_counts: dict[str, int]
    victims: frozenset[str]
    fatality_verbs: frozenset[str]
    # predicate -> (subject types, object types) from the ontology
    signatures: dict[str, tuple[frozenset[str], frozenset[str]]]
    # common nouns naming a kind of place ("Kunar and Nuristan provinces", "the town of X")
    place_nouns: frozenset[str] = frozenset()
    # nouns for people of a kind ("Tajik migrants"): their ethnic or place modifiers name them
    population_nouns: frozenset[str] = frozenset()
    # predicate nouns relating two organisations ("a bitter rival of", "al-Qaeda's affiliate")
    relation_nouns: dict[str, str] = field(default_factory=dict)
    # words of diplomacy that do not ally a country with a group ("coordinated with")
    state_diplomacy_words: frozenset[str] = frozenset()
    # verbs whose "of" noun names what their object did ("convicted X of membership in Y")
    charge_verbs: frozenset[str] = frozenset()
    # nouns that name a whole group ("led the Islamic State group"), not a part of it
    whole_group_nouns: frozenset[str] = frozenset()
    # leading roles that name one of several with "a"/"an" ("X, a Taliban leader")
    indefinite_member_roles: frozenset[str] = frozenset()
    # words that make a part one that has left its parent ("a splinter faction of X")
    breakaway_words: frozenset[str] = frozenset()
    # events whose target group and place give `active_in` (a raid on its hideouts in X)
    footprint_events: frozenset[str] = frozenset()
    footprint_subjects: frozenset[str] = frozenset({"armed_group"})
    # participles that name the target of an event ("a raid ..., killing an ISIS official")
    victim_verbs: frozenset[str] = frozenset()
    # "people suspected of belonging to ISKP": tie words and the nouns they describe
    tie_words: frozenset[str] = frozenset()
    tie_nouns: frozenset[str] = frozenset()
    # ISO country code -> the curated armed forces that act for it ("a US strike")
    country_forces: dict[str, str] = field(default_factory=dict)
    # verbs and nouns whose agent, when a national capital, is its state ("Kyiv denied")
    capital_as_actor: frozenset[str] = frozenset()
    local_force_nouns: frozenset[str] = frozenset()
    bare_doer_nouns: frozenset[str] = frozenset()
    # verbs that put out a titled work ("released a video titled ...")
    publish_verbs: frozenset[str] = frozenset()
    # predicates that state a habit and take no date; subject types that never do events
    untimed_predicates: frozenset[str] = frozenset()
    # predicates whose undated past reading takes the previous sentence's month
    narrative_time_predicates: frozenset[str] = frozenset()
    # "after pledging": the gerund's time is not its clause's
    sequence_prepositions: frozenset[str] = frozenset()
    # nouns that, definite ("in the fighting", "the raid"), name an episode already reported
    episode_nouns: frozenset[str] = frozenset()
    # adverbs that continue the episode of the sentence before ("Gunmen then stormed ...")
    episode_adverbs: frozenset[str] = frozenset()
    # verbs of a relative clause that dates its event noun ("the raid, which took place on")
    occurrence_verbs: frozenset[str] = frozenset()
    peaceful_types: frozenset[str] = frozenset()
    # predicates that need a party of one of these types on one side at least
    conflict_predicates: frozenset[str] = frozenset()
    conflict_party_types: frozenset[str] = frozenset()
    non_state_predicates: frozenset[str] = frozenset()
    state_types: frozenset[str] = frozenset()
    # "his predecessor X", "named X as his successor", "X replaced Y", "X took over"
    succession: dict[str, Any] = field(default_factory=dict)
    # nouns whose infinitive is done by their owner ("the IMU's decision to pledge ...")
    decision_nouns: frozenset[str] = frozenset()
    # two parties of one symmetric relation ("ISKP and the Taliban are rivals")
    mutual: dict[str, Any] = field(default_factory=dict)
    # nouns for a part or number of a whole ("a string of its commanders"): the whole is meant
    partitive_nouns: frozenset[str] = frozenset()
    # modifiers that make a presence noun support without operations ("support networks")
    support_modifiers: frozenset[str] = frozenset()
    # nouns for a group's following that imply the group when none is named ("Sympathisers
    # in Kazakhstan appear to be few")
    implied_owner_nouns: frozenset[str] = frozenset()
    # people named by where they come from ("fighters from Ethiopia"): implied owner too
    origin_nouns: frozenset[str] = frozenset()
    # works that address an audience ("its videos target Tajiks")
    propaganda_nouns: frozenset[str] = frozenset()
    audience_nouns: frozenset[str] = frozenset()
    warnings: dict[str, frozenset[str]] = field(default_factory=dict)
    # "the Islamic State accepted Boko Haram's pledge": verbs of acceptance and pledge nouns
    pledge_acceptance: dict[str, Any] = field(default_factory=dict)
    # "X and Y conducted a partnered raid": modifiers and act nouns of joint actions
    joint_actions: dict[str, Any] = field(default_factory=dict)
    # "a recruiting ground for ISKP": nouns and the modifiers that make them one
    recruiting_grounds: dict[str, Any] = field(default_factory=dict)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise KnowledgeBaseError(f"cannot read {path}: {err}; fix or restore the file") from err
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{path} must hold a mapping at the top level")
    _check_words(data, path)
    return data


def _check_words(data: Any, path: Path) -> None:
    """YAML reads bare on/off/yes/no as booleans: a lexicon list must hold only strings."""
    if isinstance(data, dict):
        for value in data.values():
            _check_words(value, path)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, bool):
                raise KnowledgeBaseError(
                    f'{path}: a word list holds {item!r}; quote words such as "on" or "no"'
                )
            _check_words(item, path)


def _need(data: dict[str, Any], key: str, path: Path) -> Any:
    if key not in data:
        raise KnowledgeBaseError(f"{path} lacks the key {key!r}; add it (see the file's header)")
    return data[key]


def _frames(raw: list[dict[str, Any]], path: Path) -> list[Frame]:
    frames = []
    for item in raw:
        try:
            frames.append(
                Frame(
                    predicate=item["predicate"],
                    pos=item["pos"],
                    lemmas=frozenset(item["lemmas"]),
                    subject=item["subject"],
                    object=item["object"],
                    fallback_object=item.get("fallback_object"),
                    place=item.get("place"),
                    requires=frozenset(item.get("requires", ())),
                    role=item.get("role"),
                    intent=bool(item.get("intent", False)),
                    particles=frozenset(item.get("particles", ())),
                    blocked_by=frozenset(item.get("blocked_by", ())),
                    negated=bool(item.get("negated", False)),
                    by_works=bool(item.get("by_works", False)),
                )
            )
        except KeyError as err:
            raise KnowledgeBaseError(f"{path}: frame {item!r} lacks {err}") from err
    return frames


def _signatures(
    ontology: dict[str, Any], path: Path
) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    sets: dict[str, list[str]] = _need(ontology, "type_sets", path)
    types = set(_need(ontology, "entity_types", path)) | {"quantity", "text"}

    def expand(names: list[str]) -> frozenset[str]:
        out: set[str] = set()
        for name in names:
            if name.startswith("@"):
                if name[1:] not in sets:
                    raise KnowledgeBaseError(f"{path}: unknown type set {name}")
                out.update(sets[name[1:]])
            elif name in types:
                out.add(name)
            else:
                raise KnowledgeBaseError(f"{path}: unknown entity type {name}")
        return frozenset(out)

    return {
        name: (expand(spec["subject"]), expand(spec["object"]))
        for name, spec in _need(ontology, "predicates", path).items()
    }


def load_lexicon(lexicon_dir: Path = LEXICON_DIR, ontology: Path | None = None) -> Lexicon:
    """Read and check the lexicons; raises KnowledgeBaseError naming the bad file."""
    rel_path = lexicon_dir / "relations.yaml"
    rel = _read(rel_path)
    mod = _read(lexicon_dir / "modality.yaml")
    lang_path = lexicon_dir / "languages.yaml"
    lang = _read(lang_path)
    weap_path = lexicon_dir / "weapons.yaml"
    weap = _read(weap_path)
    onto_path = ontology or KB_DIR / "ontology.yaml"
    signatures = _signatures(_read(onto_path), onto_path)
    frames = _frames(_need(rel, "frames", rel_path), rel_path)
    for frame in frames:
        if frame.predicate not in signatures:
            raise KnowledgeBaseError(
                f"{rel_path}: predicate {frame.predicate!r} is not in {onto_path}; add it there"
            )
    languages = {
        name: Language(name, spec["code"], tuple(spec["scripts"]), "kb:" + spec["entity"])
        for name, spec in _need(lang, "languages", lang_path).items()
    }
    cues = [
        WeaponCue(tuple(c["lemmas"]), c["tactic"], c.get("weapon"))
        for c in _need(weap, "cues", weap_path)
    ]
    cues.sort(key=lambda cue: -len(cue.lemmas))  # longest cue wins
    strength = {key: frozenset(values) for key, values in _need(rel, "strength", rel_path).items()}
    return Lexicon(
        frames=frames,
        event_nouns=_need(rel, "event_nouns", rel_path),
        proxy_nouns=frozenset(_need(rel, "proxy_nouns", rel_path)),
        instrument_nouns=frozenset(_need(rel, "instrument_nouns", rel_path)),
        possession_verbs=frozenset(_need(rel, "possession_verbs", rel_path)),
        country_as_actor=frozenset(rel.get("country_as_actor", ())),
        timed_verbs=frozenset(rel.get("timed_verbs", ())),
        coreference=_need(rel, "coreference", rel_path),
        templates=_need(rel, "templates", rel_path),
        media_arms=list(_need(rel, "media_arms", rel_path)),
        branches=list(_need(rel, "branches", rel_path)),
        roles=dict(_need(rel, "roles", rel_path)),
        modifiers=list(_need(rel, "modifiers", rel_path)),
        definite_leader_roles=frozenset(rel.get("definite_leader_roles", ())),
        strength=strength,
        modality=mod,
        languages=languages,
        scripts=dict(_need(lang, "scripts", lang_path)),
        formats=dict(_need(lang, "formats", lang_path)),
        weapon_cues=cues,
        vague_counts={k: int(v) for k, v in _need(weap, "vague_counts", weap_path).items()},
        victims=frozenset(_need(weap, "victims", weap_path)),
        fatality_verbs=frozenset(_need(weap, "fatality_verbs", weap_path)),
        signatures=signatures,
        place_nouns=frozenset(rel.get("place_nouns", ())),
        population_nouns=frozenset(rel.get("population_nouns", ())),
        relation_nouns=dict(rel.get("relation_nouns", {})),
        breakaway_words=frozenset(rel.get("breakaway_words", ())),
        indefinite_member_roles=frozenset(rel.get("indefinite_member_roles", ())),
        whole_group_nouns=frozenset(rel.get("whole_group_nouns", ())),
        charge_verbs=frozenset(rel.get("charge_verbs", ())),
        state_diplomacy_words=frozenset(rel.get("state_diplomacy_words", ())),
        footprint_events=frozenset(rel.get("footprint_events", ())),
        victim_verbs=frozenset(rel.get("victim_verbs", ())),
        tie_words=frozenset(rel.get("tie_words", ())),
        tie_nouns=frozenset(rel.get("tie_nouns", ())),
        publish_verbs=frozenset(rel.get("publish_verbs", ())),
        untimed_predicates=frozenset(rel.get("untimed_predicates", ())),
        narrative_time_predicates=frozenset(rel.get("narrative_time_predicates", ())),
        sequence_prepositions=frozenset(rel.get("sequence_prepositions", ())),
        episode_nouns=frozenset(rel.get("episode_nouns", ())),
        episode_adverbs=frozenset(rel.get("episode_adverbs", ())),
        occurrence_verbs=frozenset(rel.get("occurrence_verbs", ())),
        peaceful_types=frozenset(rel.get("peaceful_types", ())),
        conflict_predicates=frozenset(rel.get("conflict_parties", {}).get("predicates", ())),
        conflict_party_types=frozenset(rel.get("conflict_parties", {}).get("types", ())),
        non_state_predicates=frozenset(
            rel.get("conflict_parties", {}).get("non_state_required", ())
        ),
        state_types=frozenset(rel.get("conflict_parties", {}).get("state_types", ())),
        partitive_nouns=frozenset(rel.get("partitive_nouns", ())),
        support_modifiers=frozenset(rel.get("support_modifiers", ())),
        implied_owner_nouns=frozenset(rel.get("implied_owner_nouns", ())),
        origin_nouns=frozenset(rel.get("origin_nouns", ())),
        propaganda_nouns=frozenset(rel.get("propaganda_nouns", ())),
        audience_nouns=frozenset(rel.get("audience_nouns", ())),
        warnings={k: frozenset(v) for k, v in (rel.get("warnings") or {}).items()},
        country_forces={str(k): str(v) for k, v in rel.get("country_forces", {}).items()},
        capital_as_actor=frozenset(rel.get("capital_as_actor", ())),
        local_force_nouns=frozenset(rel.get("local_force_nouns", ())),
        bare_doer_nouns=frozenset(rel.get("bare_doer_nouns", ())),
        succession=dict(rel.get("succession", {})),
        decision_nouns=frozenset(rel.get("decision_nouns", ())),
        mutual=dict(rel.get("mutual", {})),
        pledge_acceptance=dict(rel.get("pledge_acceptance", {})),
        joint_actions=dict(rel.get("joint_actions", {})),
        recruiting_grounds=dict(rel.get("recruiting_grounds", {})),
    )


@functools.cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, read once per process."""
    return load_lexicon()


# Event predicates that describe something done; under a plan or forecast they are dropped
# (or, for `attacked`, turned into `threatens`).
EVENT_PREDICATES = frozenset(
    {"attacked", "killed", "arrested", "captured", "released", "founded_in"}
)
# Counts at a time: a date on another noun ("double its strength of a year ago") is not theirs.
STATE_PREDICATES = frozenset({"strength"})
