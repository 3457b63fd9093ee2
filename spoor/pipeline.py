"""The ingest pipeline: stages called in order over batches of documents.

    acquire → clean → language → mentions → link → geo → time → relations → reuse → store

Inputs stream through: ``acquire`` yields them lazily, a batch of
``settings.batch_size`` is cleaned, de-duplicated against the store,
parsed with one ``nlp.pipe`` call, analysed and written in one
transaction. A crash loses at most the batch in flight, and since a
document's key is the hash of its cleaned text, the next run skips what
was committed and resumes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from spoor.errors import DocumentSkipped
from spoor.kb import KnowledgeBase, load_kb
from spoor.records import Document, Entity, Extraction, RawInput, Rejection
from spoor.settings import Settings
from spoor.stages import acquire, clean, language, mentions, relations
from spoor.stages.geo import Geoparser
from spoor.stages.link import Linker

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from spoor.store import Store

log = logging.getLogger(__name__)

# Languages the English relation patterns can read.
RELATION_LANGUAGES = frozenset({"en"})


@dataclass(slots=True)
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


class Analyzer:
    """Holds the loaded models; turns cleaned documents into extractions."""

    def __init__(self, settings: Settings, kb: KnowledgeBase | None = None) -> None:
        self.settings = settings
        self.kb = kb or load_kb()
        self.entity_types = frozenset(self.kb.ontology.entity_types)
        self.geoparser = Geoparser()
        self.linker = Linker(self.kb)
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = mentions.build_nlp(
                self.settings.model, self.kb, self.settings.max_text_chars
            )
        return self._nlp

    def curated_entities(self) -> list[Entity]:
        return [self.kb.entity(actor_id) for actor_id in sorted(self.kb.actors)]

    def analyse(self, documents: Sequence[Document]) -> Iterator[Extraction | Rejection]:
        """One extraction per document; a document that breaks a stage becomes a rejection."""
        texts = (doc.text for doc in documents)
        for document, sdoc in zip(documents, self.nlp.pipe(texts), strict=True):
            try:
                yield self._analyse_one(document, sdoc)
            except Exception as exc:  # a bug on one document must not stop the batch
                log.debug("analysis failed on %s", document.uri, exc_info=True)
                yield Rejection(
                    document.uri,
                    f"internal error while analysing ({exc.__class__.__name__}: {exc}); "
                    "please report it with the document",
                )

    def _analyse_one(self, document: Document, sdoc: Doc) -> Extraction:
        found = mentions.find_mentions(sdoc, document, self.geoparser, self.entity_types)
        new_entities = self.linker.link(found, document)
        places = {
            m.place.id: Entity(m.place.id, m.place.name, m.label, place=m.place)
            for m in found
            if m.place is not None
        }
        facts = []
        if (document.lang or "en") in RELATION_LANGUAGES:
            facts = relations.extract(sdoc, document, found)
        return Extraction(
            document=document,
            mentions=found,
            entities=[*new_entities, *places.values()],
            facts=facts,
        )


def _batched(
    items: Iterable[RawInput | Rejection], size: int
) -> Iterator[list[RawInput | Rejection]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(
    targets: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    metadata: Mapping[str, str] | None = None,
    analyzer: Analyzer | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest files, folders and URLs into ``store``; per-input failures are reported, not raised.

    ``metadata`` (title, published, source, lang) overrides what each input says of itself.
    """
    analyzer = analyzer or Analyzer(settings)
    store.sync_entities(analyzer.curated_entities())
    report = IngestReport()
    for batch in _batched(acquire.iter_inputs(targets, settings), settings.batch_size):
        rejections: list[Rejection] = []
        cleaned: dict[str, Document] = {}
        duplicates: list[tuple[str, str]] = []
        for item in batch:
            if isinstance(item, Rejection):
                rejections.append(item)
                continue
            if metadata:
                item.metadata.update({k: v for k, v in metadata.items() if v})
            try:
                document = clean.clean(item, settings)
            except DocumentSkipped as skipped:
                rejections.append(Rejection(item.uri, skipped.reason))
                continue
            if document.id in cleaned:
                duplicates.append((document.uri, document.id))
                continue
            cleaned[document.id] = document
        known = store.known_documents(list(cleaned))
        duplicates += [(cleaned[doc_id].uri, doc_id) for doc_id in known]
        fresh = [language.detect(doc) for doc_id, doc in cleaned.items() if doc_id not in known]
        extractions: list[Extraction] = []
        for result in analyzer.analyse(fresh):
            if isinstance(result, Rejection):
                rejections.append(result)
            else:
                extractions.append(result)
        stored = store.write_batch(extractions, rejections, duplicates)
        for rejection in rejections:
            log.warning("rejected %s: %s", rejection.uri, rejection.reason)
        report.stored += len(stored)
        report.duplicates += len(duplicates) + len(extractions) - len(stored)
        report.rejected += rejections
        if on_progress:
            on_progress(len(batch))
    return report
