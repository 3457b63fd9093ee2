"""The ingest pipeline: stages called in order over batches of documents.

    acquire → clean → language → mentions → link → geo → time → relations → reuse → store

Inputs stream through: ``acquire`` yields them lazily; each batch of
``settings.batch_size`` inputs is cleaned and de-duplicated against the
store (one query per batch); fresh documents flow into a single
``nlp.pipe`` call over the whole run (optionally with worker processes),
are analysed, and every ``batch_size`` extractions are written in one
transaction. Memory holds a few batches, never the corpus. A crash loses
at most the batches in flight, and since a document's key is the hash of
its cleaned text, the next run skips what was committed and resumes.
"""

from __future__ import annotations

import itertools
import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from spoor.errors import DocumentSkipped
from spoor.kb import KnowledgeBase, load_kb
from spoor.records import Document, Entity, Extraction, Rejection
from spoor.settings import Settings
from spoor.stages import acquire, clean, language, mentions, relations
from spoor.stages.coref import resolve_coreference
from spoor.stages.geo import Geoparser
from spoor.stages.link import KnownEntity, Linker, MemoryEntityIndex
from spoor.store import queries
from spoor.text.limits import time_limit

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from spoor.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

# Languages the English relation patterns can read.
RELATION_LANGUAGES = frozenset({"en"})


@dataclass(slots=True)
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    batches: int = 0  # write transactions

    @property
    def ok(self) -> bool:
        return not self.rejected


class Analyzer:
    """Holds the loaded models; turns cleaned documents into extractions."""

    def __init__(
        self, settings: Settings, kb: KnowledgeBase | None = None, *, n_process: int = 1
    ) -> None:
        self.settings = settings
        # spaCy worker processes for parsing; analysis and writing stay in this process.
        self.n_process = max(1, n_process)
        self.kb = kb or load_kb()
        self.entity_types = frozenset(self.kb.ontology.entity_types)
        self.geoparser = Geoparser()
        self.linker = Linker(self.kb)
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            nlp = mentions.build_nlp(self.settings.model, self.kb, self.settings.max_text_chars)
            self._nlp = use_phrase_matching(nlp)
        return self._nlp

    def curated_entities(self) -> list[Entity]:
        return [self.kb.entity(actor_id) for actor_id in sorted(self.kb.actors)]

    def analyse(self, documents: Iterable[Document]) -> Iterator[Extraction | Rejection]:
        """One extraction per document, in order; a document that breaks a stage is rejected.

        ``documents`` may be a lazy stream: it is parsed by one ``nlp.pipe``
        call (with ``n_process`` workers), which reads ahead only a few batches.
        Only a sequence number travels with each text, so worker processes
        never pickle whole records.
        """
        in_flight: dict[int, Document] = {}

        def texts() -> Iterator[tuple[str, int]]:
            for number, document in enumerate(documents):
                in_flight[number] = document
                yield document.text, number

        parsed = self.nlp.pipe(
            texts(),
            as_tuples=True,
            batch_size=self.settings.batch_size,
            n_process=self.n_process,
        )
        for sdoc, number in parsed:
            yield self._analyse_safely(in_flight.pop(number), sdoc)

    def _analyse_safely(self, document: Document, sdoc: Doc) -> Extraction | Rejection:
        try:
            with time_limit(self.settings.max_seconds_per_document, "analysis"):
                return self._analyse_one(document, sdoc)
        except DocumentSkipped as skipped:  # over max_seconds_per_document
            return Rejection(document.uri, skipped.reason)
        except Exception as exc:  # a bug on one document must not stop the batch
            log.debug("analysis failed on %s", document.uri, exc_info=True)
            return Rejection(
                document.uri,
                f"internal error while analysing ({exc.__class__.__name__}: {exc}); "
                "please report it with the document",
            )

    def _analyse_one(self, document: Document, sdoc: Doc) -> Extraction:
        found = mentions.find_mentions(sdoc, document, self.geoparser, self.entity_types, self.kb)
        new_entities = self.linker.link(found, document)
        found += resolve_coreference(sdoc, document, found, self.kb)
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


def use_phrase_matching(nlp: Language, ruler_name: str = "kb_ruler") -> Language:
    """Serve the KB ruler's plain lower-case patterns from a PhraseMatcher.

    The knowledge base gives ~900 token patterns; most are sequences of
    ``{"LOWER": word}``, which spaCy's token Matcher walks pattern by pattern
    and which cost as much as the rest of the pipeline (measured: a 175-doc
    batch took 27-29 s with them and 14-16 s this way, with identical
    entities). The same EntityRuler with ``phrase_matcher_attr="LOWER"``
    matches those as phrases in one pass and keeps the rest (case-sensitive
    and optional-hyphen patterns) as token patterns; its match resolution is
    unchanged. A pattern is converted only when the tokenizer splits its
    text back into exactly its tokens.
    """
    from spacy.pipeline import EntityRuler

    if ruler_name not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe(ruler_name)
    if not isinstance(ruler, EntityRuler) or ruler.phrase_matcher_attr is not None:
        return nlp
    patterns = [
        _as_phrase(variant, nlp)
        for pattern in ruler.patterns
        for variant in _spelled_out(pattern, nlp)
    ]
    faster: Any = nlp.replace_pipe(
        ruler_name,
        "entity_ruler",
        config={
            "phrase_matcher_attr": "LOWER",
            "validate": True,
            "overwrite_ents": ruler.overwrite,
            "ent_id_sep": ruler.ent_id_sep,
        },
    )
    # The ruler would run the components before it over each phrase; LOWER needs tokens only.
    with nlp.select_pipes(enable=[ruler_name]):
        faster.add_patterns(patterns)
    return nlp


# A pattern with optional tokens is spelled out into at most this many plain patterns.
MAX_SPELLED_OUT = 64


def _spelled_out(pattern: dict[str, Any], nlp: Language) -> list[dict[str, Any]]:
    """A lower-case pattern with optional dashes as one plain pattern per spelling.

    "al ?- sham" becomes "al sham" and "al - sham", "al – sham" ...: each then
    goes to the PhraseMatcher, which costs nothing per pattern, where the
    optional token kept the whole pattern in the token Matcher (measured on
    synthetic news: the token Matcher was ~10% of parsing time, almost all of
    it these patterns). Both spellings of one text cannot match, so the ruler
    resolves matches as before. Anything else, or a spelling the tokenizer
    would split differently, keeps the pattern as it is.
    """
    tokens = pattern["pattern"]
    if isinstance(tokens, str) or not any(
        isinstance(t, dict) and t.get("OP") == "?" for t in tokens
    ):
        return [pattern]
    choices: list[list[str | None]] = []
    for token in tokens:
        if not isinstance(token, dict):
            return [pattern]
        if set(token) == {"LOWER"} and isinstance(token["LOWER"], str):
            choices.append([token["LOWER"]])
        elif set(token) == {"ORTH", "OP"} and token["OP"] == "?":
            values = token["ORTH"]["IN"] if isinstance(token["ORTH"], dict) else [token["ORTH"]]
            if not all(isinstance(v, str) and v == v.lower() for v in values):
                return [pattern]
            choices.append([None, *values])
        else:
            return [pattern]
    variants = [[w for w in words if w is not None] for words in itertools.product(*choices)]
    if len(variants) > MAX_SPELLED_OUT:
        return [pattern]
    spelled = [{**pattern, "pattern": [{"LOWER": w} for w in words]} for words in variants]
    if any(isinstance(_as_phrase(p, nlp)["pattern"], list) for p in spelled):
        return [pattern]  # one spelling would stay a token pattern: keep the original
    return spelled


def _as_phrase(pattern: dict[str, Any], nlp: Language) -> dict[str, Any]:
    tokens = pattern["pattern"]
    if isinstance(tokens, str) or not all(
        isinstance(token, dict) and set(token) == {"LOWER"} and isinstance(token["LOWER"], str)
        for token in tokens
    ):
        return pattern
    words = [token["LOWER"] for token in tokens]
    phrase = " ".join(words)
    if [token.lower_ for token in nlp.make_doc(phrase)] != words:
        return pattern
    return {**pattern, "pattern": phrase}


@dataclass(slots=True)
class _Pending:
    """What the input side found since the last write: logged with the next batch."""

    rejections: list[Rejection] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)

    def take(self) -> tuple[list[Rejection], list[tuple[str, str]]]:
        taken = (self.rejections, self.duplicates)
        self.rejections, self.duplicates = [], []
        return taken


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _fresh_documents(
    targets: Sequence[str],
    store: Store,
    settings: Settings,
    metadata: Mapping[str, str] | None,
    pending: _Pending,
    in_flight: set[str],
    on_progress: Callable[[int], None] | None,
) -> Iterator[Document]:
    """Cleaned, language-tagged documents not yet in the store, read lazily batch by batch.

    ``in_flight`` holds ids handed to analysis but not yet written, so a
    text repeated across input batches is analysed once.
    """
    for batch in _batched(acquire.iter_inputs(targets, settings), settings.batch_size):
        cleaned: dict[str, Document] = {}
        for item in batch:
            if isinstance(item, Rejection):
                pending.rejections.append(item)
                continue
            if metadata:
                item.metadata.update({k: v for k, v in metadata.items() if v})
            try:
                document = clean.clean(item, settings)
            except DocumentSkipped as skipped:
                pending.rejections.append(Rejection(item.uri, skipped.reason))
                continue
            if document.id in cleaned or document.id in in_flight:
                pending.duplicates.append((document.uri, document.id))
                continue
            cleaned[document.id] = document
        known = store.known_documents(list(cleaned))
        for doc_id, document in cleaned.items():
            if doc_id in known:
                pending.duplicates.append((document.uri, doc_id))
            else:
                in_flight.add(doc_id)
                yield language.detect(document)
        if on_progress:
            on_progress(len(batch))


def prepare(analyzer: Analyzer, store: Store) -> None:
    """Ready the store and the analyzer for a run: curated entities in, known names loaded."""
    store.sync_entities(analyzer.curated_entities())
    with store.engine.connect() as conn:  # earlier runs' unknown entities, to cluster with
        earlier = [KnownEntity(**row) for row in queries.unknown_entities(conn)]
    analyzer.linker.index = MemoryEntityIndex(earlier)


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
    prepare(analyzer, store)
    report = IngestReport()
    pending = _Pending()
    in_flight: set[str] = set()
    fresh = _fresh_documents(targets, store, settings, metadata, pending, in_flight, on_progress)
    extractions: list[Extraction] = []
    for result in analyzer.analyse(fresh):
        if isinstance(result, Rejection):
            # Its id stays in flight: the same text later in this run is not retried.
            pending.rejections.append(result)
        else:
            extractions.append(result)
        if len(extractions) >= settings.batch_size:
            _write(store, extractions, pending, in_flight, report)
            extractions = []
    _write(store, extractions, pending, in_flight, report)
    return report


def _write(
    store: Store,
    extractions: list[Extraction],
    pending: _Pending,
    in_flight: set[str],
    report: IngestReport,
) -> None:
    """One transaction for a batch of extractions and what the input side logged meanwhile."""
    rejections, duplicates = pending.take()
    if not (extractions or rejections or duplicates):
        return
    stored = store.write_batch(extractions, rejections, duplicates)
    in_flight.difference_update(e.document.id for e in extractions)
    for rejection in rejections:
        log.warning("rejected %s: %s", rejection.uri, rejection.reason)
    report.stored += len(stored)
    report.duplicates += len(duplicates) + len(extractions) - len(stored)
    report.rejected += rejections
    report.batches += 1
    if report.batches % TRIM_EVERY_BATCHES == 0:
        release_freed_memory()


# Measured (issue 8): with writes, resident memory crept up ~14 MB per 100 documents
# while live Python objects and SQLite's own allocations stayed flat; handing freed
# heap pages back to the system every ~1,000 documents halved the creep.
TRIM_EVERY_BATCHES = 16


def release_freed_memory() -> None:
    """Return freed heap pages to the OS (glibc only; elsewhere a no-op)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name or not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        return
