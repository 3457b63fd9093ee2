"""The curated knowledge base loads, validates and feeds the entity ruler."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from spoor.errors import KnowledgeBaseError
from spoor.kb import KB_DIR, KnowledgeBase, load_kb

DESIGN_TYPES = {
    "armed_group", "person", "media_outlet", "organization", "armed_forces",
    "intelligence_agency", "government", "country", "region", "province", "district", "city",
    "historical_region", "ethnic_group", "language",
}  # fmt: skip
DESIGN_PREDICATES = {
    "affiliate_of", "pledged_allegiance_to", "media_arm_of", "leader_of", "member_of",
    "allied_with", "enemy_of", "founded_in", "attacked", "killed", "captured", "arrested",
    "released", "active_in", "supporters_in", "threatens", "propaganda_targets",
    "claims_territory", "recruits_from", "propaganda_language", "published", "strength",
}  # fmt: skip


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_at_least_80_actors(kb: KnowledgeBase) -> None:
    assert len(kb.actors) >= 80


def test_load_is_cached(kb: KnowledgeBase) -> None:
    assert load_kb() is kb


def test_ontology_matches_design(kb: KnowledgeBase) -> None:
    assert set(kb.ontology.entity_types) == DESIGN_TYPES
    assert set(kb.ontology.predicates) == DESIGN_PREDICATES
    assert kb.ontology.predicate("allied_with").symmetric
    assert not kb.ontology.predicate("leader_of").symmetric


@pytest.mark.parametrize(
    ("predicate", "tactic", "target", "event_type", "sub_event_type"),
    [
        ("attacked", None, None, "Battles", "Armed clash"),
        ("attacked", "suicide bombing", None, "Explosions/Remote violence", "Suicide bomb"),
        ("attacked", "IED", None, "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("attacked", "drone strike", None, "Explosions/Remote violence", "Air/drone strike"),
        ("attacked", "shooting", "civilians", "Violence against civilians", "Attack"),
        ("killed", None, "civilians", "Violence against civilians", "Attack"),
        # ACLED codes a bombing of civilians by its means, not as violence against civilians
        ("attacked", "suicide bombing", "civilians", "Explosions/Remote violence", "Suicide bomb"),
        (
            "attacked",
            "rocket",
            "civilians",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        ("arrested", None, None, "Strategic developments", "Arrests"),
        ("captured", None, None, "Strategic developments", "Arrests"),
        ("founded_in", None, None, "Strategic developments", "Headquarters or base established"),
    ],
)
def test_acled_mapping(
    kb: KnowledgeBase, predicate: str, tactic: str | None, target: str | None,
    event_type: str, sub_event_type: str,
) -> None:  # fmt: skip
    mapping = kb.ontology.predicate(predicate).acled
    assert mapping is not None
    category = mapping.category(tactic, target)
    assert (category.event_type, category.sub_event_type) == (event_type, sub_event_type)


def test_plover_and_value_objects(kb: KnowledgeBase) -> None:
    assert kb.ontology.predicate("attacked").plover == "ASSAULT"
    assert kb.ontology.predicate("arrested").plover == "COERCE"
    assert "quantity" in kb.ontology.predicate("strength").object_types
    assert kb.ontology.predicate("attacked").accepts("armed_group", "city")
    assert not kb.ontology.predicate("leader_of").accepts("armed_group", "person")


def test_records_are_consistent(kb: KnowledgeBase) -> None:
    for actor in kb.actors.values():
        assert actor.sources, actor.id
        assert actor.type in DESIGN_TYPES
        if actor.type == "language":
            assert actor.code and len(actor.code) in (2, 3) and actor.script
    assert kb.actor("iskp").parent == "islamic-state"
    assert kb.actor("al-azaim").media_arm_of == "iskp"
    assert kb.actor("kb:shahab-al-muhajir").leader_of[0].actor_id == "iskp"
    assert kb.actor("lang-uzbek").code == "uz"
    assert {a.id for a in kb.children("iskp")} >= {"al-azaim", "voice-of-khurasan"}


@pytest.mark.parametrize(
    "kind", ["armed_group", "media_outlet", "person", "language", "ethnic_group",
             "intelligence_agency"]
)  # fmt: skip
def test_every_kind_is_present(kb: KnowledgeBase, kind: str) -> None:
    assert any(actor.type == kind for actor in kb.actors.values())


def test_entity(kb: KnowledgeBase) -> None:
    entity = kb.entity("islamic-state")
    assert (entity.id, entity.type, entity.wikidata, entity.curated) == (
        "kb:islamic-state", "armed_group", "Q2429253", True,
    )  # fmt: skip
    assert "ISIS" in entity.aliases
    with pytest.raises(KeyError):
        kb.entity("no-such-actor")


def _patterns_for(kb: KnowledgeBase, actor_id: str) -> list[dict]:
    return [p for p in kb.ruler_patterns() if p.get("id") == actor_id]


def test_ruler_patterns_case_rules(kb: KnowledgeBase) -> None:
    islamic_state = _patterns_for(kb, "islamic-state")
    assert {"label": "armed_group", "pattern": [{"ORTH": "IS"}], "id": "islamic-state"} in (
        islamic_state
    )
    assert {
        "label": "armed_group",
        "pattern": [{"LOWER": "islamic"}, {"LOWER": "state"}],
        "id": "islamic-state",
    } in islamic_state
    ttp = _patterns_for(kb, "ttp")
    dashed = [p for p in ttp if len(p["pattern"]) == 6]
    assert dashed and dashed[0]["pattern"][1]["OP"] == "?"
    assert all(p["label"] == "media_outlet" for p in _patterns_for(kb, "al-azaim"))


def test_ruler_skips_words_that_are_mostly_adjectives(kb: KnowledgeBase) -> None:
    single = {
        str(p["pattern"][0].get("LOWER")) for p in kb.ruler_patterns() if len(p["pattern"]) == 1
    }
    assert "russian" not in single and "kyrgyz" not in single
    assert "hazaras" in single
    gknb = [p for p in kb.ruler_patterns() if p["pattern"] == [{"ORTH": "GKNB"}]]
    assert gknb == [{"label": "intelligence_agency", "pattern": [{"ORTH": "GKNB"}]}]


def test_ruler_runs_in_spacy(kb: KnowledgeBase) -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(kb.ruler_patterns())  # type: ignore[attr-defined]
    doc = nlp("It is said ISIS-K and Tehrik i Taliban Pakistan used Al-Azaim Foundation.")
    found = [(e.text, e.label_, e.ent_id_) for e in doc.ents]
    assert found == [
        ("ISIS-K", "armed_group", "iskp"),
        ("Tehrik i Taliban Pakistan", "armed_group", "ttp"),
        ("Al-Azaim Foundation", "media_outlet", "al-azaim"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militants attacked an army base near Khost.", []),
        ("The base was shelled; base camps emptied.", []),
        ("Bin Laden's group, the Base, grew.", [("Base", "al-qaeda")]),
    ],
)
def test_single_word_after_the_matches_only_capitalised(
    kb: KnowledgeBase, text: str, expected: list[tuple[str, str]]
) -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(kb.ruler_patterns())  # type: ignore[attr-defined]
    assert [(e.text, e.ent_id_) for e in nlp(text).ents] == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("JUI-F said the Jamiat Ulema-e-Islam (F) rally was hit.", ["jui-f", "jui-f"]),
        (
            "Pakistan's military and the Pakistan Air Force struck.",
            ["pakistan-army", "pakistan-air-force"],
        ),
        ("The Islamic State announced a Hind province.", ["islamic-state", "is-hind"]),
        ("Rwandan troops joined Mozambican forces in Palma.", ["rwanda-defence-force", "fadm"]),
        ("AQIM grew out of the Salafist Group for Preaching and Combat.", ["aqim", "gspc"]),
    ],
)
def test_ruler_finds_added_actors(kb: KnowledgeBase, text: str, found: list[str]) -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(kb.ruler_patterns())  # type: ignore[attr-defined]
    assert [e.ent_id_ for e in nlp(text).ents] == found


# ---------------------------------------------------------------- broken data


def _copy_kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "actors").mkdir(parents=True)
    shutil.copy(KB_DIR / "ontology.yaml", root / "ontology.yaml")
    return root


def _write(root: Path, name: str, text: str) -> Path:
    path = root / "actors" / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
- id: group-a
  name: Group A
  type: armed_group
  aliases: [Alpha Group]
  sources: [test]
"""


def test_minimal_kb_loads(tmp_path: Path) -> None:
    root = _copy_kb(tmp_path)
    _write(root, "groups.yaml", GOOD)
    assert list(load_kb(root).actors) == ["group-a"]


@pytest.mark.parametrize(
    ("text", "record", "field"),
    [
        (GOOD.replace("type: armed_group", "type: militia"), "'group-a'", "type"),
        (GOOD.replace("  sources: [test]\n", ""), "'group-a'", "sources"),
        (GOOD.replace("id: group-a", "id: Group A"), "'Group A'", "id"),
        (GOOD + "  wikidata: 12345\n", "'group-a'", "wikidata"),
        (GOOD + "  parent: nobody\n", "'group-a'", "parent"),
        (GOOD + "  leader_of: [group-a]\n", "'group-a'", "leader_of"),
        (GOOD + "  colour: red\n", "'group-a'", "colour"),
        (GOOD + "  code: xx\n", "'group-a'", "code"),
        (GOOD + "  ambiguous_aliases: [Beta]\n", "'group-a'", "ambiguous_aliases"),
        (GOOD + GOOD, "'group-a'", "id"),
        (GOOD + GOOD.replace("group-a", "group-b").replace("Group A", "Group B"),
         "'group-b'", "aliases"),
        ("- [not, a, mapping]\n", "#1", "-"),
    ],
)  # fmt: skip
def test_broken_record_names_file_record_and_field(
    tmp_path: Path, text: str, record: str, field: str
) -> None:
    root = _copy_kb(tmp_path)
    path = _write(root, "groups.yaml", text)
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb(root)
    message = str(err.value)
    assert str(path) in message
    assert f"record {record}" in message
    assert f"field '{field}'" in message


def test_areas_give_actors_their_countries(tmp_path: Path) -> None:
    root = _copy_kb(tmp_path)
    _write(root, "groups.yaml", GOOD)
    (root / "areas.yaml").write_text("group-a: [ML, NE]\n", encoding="utf-8")
    assert load_kb(root).actors["group-a"].countries == ("ML", "NE")


@pytest.mark.parametrize(
    ("areas", "field"),
    [("group-b: [ML]\n", "id"), ("group-a: [Mali]\n", "countries"), ("group-a: ML\n", "countries")],
)
def test_broken_areas_name_the_record_and_field(tmp_path: Path, areas: str, field: str) -> None:
    root = _copy_kb(tmp_path)
    _write(root, "groups.yaml", GOOD)
    (root / "areas.yaml").write_text(areas, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb(root)
    assert "areas.yaml" in str(err.value) and f"field '{field}'" in str(err.value)


def test_packaged_areas_are_loaded() -> None:
    kb = load_kb()
    assert "CD" in kb.actors["iscap"].countries
    assert all(len(code) == 2 for actor in kb.actors.values() for code in actor.countries)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    root = _copy_kb(tmp_path)
    path = _write(root, "groups.yaml", "- id: group-a\n  name: [unclosed\n")
    with pytest.raises(KnowledgeBaseError, match="not valid YAML") as err:
        load_kb(root)
    assert str(path) in str(err.value)


def test_shared_alias_allowed_when_declared_ambiguous(tmp_path: Path) -> None:
    root = _copy_kb(tmp_path)
    shared = GOOD + "  ambiguous_aliases: [Alpha Group]\n"
    other = shared.replace("group-a", "group-b").replace("Group A", "Group B")
    _write(root, "groups.yaml", shared + other)
    assert set(load_kb(root).actors) == {"group-a", "group-b"}


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    root = _copy_kb(tmp_path)
    _write(root, "a.yaml", GOOD)
    second = _write(root, "b.yaml", GOOD.replace("Alpha Group", "Other Name"))
    with pytest.raises(KnowledgeBaseError, match="duplicate id") as err:
        load_kb(root)
    assert str(second) in str(err.value)


def test_broken_ontology(tmp_path: Path) -> None:
    root = _copy_kb(tmp_path)
    _write(root, "groups.yaml", GOOD)
    ontology = root / "ontology.yaml"
    ontology.write_text(
        ontology.read_text(encoding="utf-8").replace("plover: ASSAULT", "plover: SMASH", 1),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError, match="plover") as err:
        load_kb(root)
    assert str(ontology) in str(err.value)
