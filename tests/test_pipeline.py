"""The ingest loop: streaming, batching, de-duplication, the fast KB ruler, and
concurrent ingesters on PostgreSQL (issue 8)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import spacy
from sqlalchemy import func, select

from spoor.pipeline import _as_phrase, _spelled_out, ingest, use_phrase_matching
from spoor.records import Document, Extraction, RawInput, Rejection
from spoor.settings import Settings
from spoor.stages import acquire, clean
from spoor.stages.link import MemoryEntityIndex
from spoor.store import Store, schema
from tests.store.conftest import PostgresServer, start_cluster, stop_cluster

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
SPOOR = str(Path(sys.executable).parent / "spoor")


# --- the KB ruler served by a PhraseMatcher ---------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "becomes"),
    [
        ([{"LOWER": "islamic"}, {"LOWER": "state"}], "islamic state"),
        ([{"LOWER": "daesh"}], "daesh"),
        ([{"ORTH": "IS"}], None),  # case-sensitive: stays a token pattern
        ([{"LOWER": "ad"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "dawla"}], None),
        ([{"LOWER": "al-qaeda"}], None),  # the tokenizer splits it: not the same tokens
        ("already a phrase", "already a phrase"),
    ],
)
def test_only_plain_lowercase_patterns_become_phrases(pattern: Any, becomes: str | None) -> None:
    nlp = spacy.blank("en")
    entry = {"label": "armed_group", "pattern": pattern, "id": "x"}
    converted = _as_phrase(entry, nlp)
    assert converted["pattern"] == (becomes if becomes is not None else pattern)
    assert (converted["label"], converted["id"]) == ("armed_group", "x")


DASHES = {"ORTH": {"IN": ["-", "–"]}, "OP": "?"}


@pytest.mark.parametrize(
    ("pattern", "spellings"),
    [
        (
            [{"LOWER": "ad"}, DASHES, {"LOWER": "dawla"}],
            [["ad", "dawla"], ["ad", "-", "dawla"], ["ad", "–", "dawla"]],
        ),
        ([{"LOWER": "ad"}, {"ORTH": "-", "OP": "?"}], [["ad"], ["ad", "-"]]),
        ([{"ORTH": "IS"}, DASHES, {"ORTH": "KP"}], None),  # case-sensitive: kept
        ([{"LOWER": "daesh"}], None),  # nothing optional: kept (and phrased later)
        ([{"LOWER": "al-qaeda"}, DASHES], None),  # a spelling the tokenizer splits: kept
        ([{"LOWER": "x"}, {"ORTH": "A", "OP": "?"}], None),  # an optional capital: kept
    ],
)
def test_optional_dashes_are_spelled_out(pattern: Any, spellings: list[list[str]] | None) -> None:
    nlp = spacy.blank("en")
    entry = {"label": "armed_group", "pattern": pattern, "id": "x"}
    found = _spelled_out(entry, nlp)
    if spellings is None:
        assert found == [entry]
        return
    assert [[t["LOWER"] for t in p["pattern"]] for p in found] == spellings
    assert all((p["label"], p["id"]) == ("armed_group", "x") for p in found)


def _ents(nlp: Any, text: str) -> list[tuple[int, int, str, str]]:
    return [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in nlp(text).ents]


def test_phrase_ruler_finds_what_the_token_ruler_found() -> None:
    patterns = [
        {"label": "armed_group", "pattern": [{"LOWER": "islamic"}, {"LOWER": "state"}], "id": "is"},
        {"label": "armed_group", "pattern": [{"ORTH": "IS"}], "id": "is"},
        {
            "label": "armed_group",
            "pattern": [
                {"LOWER": "islamic"},
                {"LOWER": "state"},
                {"ORTH": "-", "OP": "?"},
                {"LOWER": "khorasan"},
            ],
            "id": "iskp",
        },
        {"label": "province", "pattern": [{"LOWER": "kunar"}], "id": "kunar"},
    ]
    text = (
        "Islamic State-Khorasan and the islamic state met in KUNAR; IS and is differ. "
        "Islamic State Khorasan too."
    )
    nlp = spacy.blank("en")
    ruler: Any = nlp.add_pipe("entity_ruler", name="kb_ruler")
    ruler.add_patterns(patterns)
    expected = _ents(nlp, text)
    use_phrase_matching(nlp)
    assert nlp.get_pipe("kb_ruler").phrase_matcher_attr == "LOWER"
    assert _ents(nlp, text) == expected
    assert [label for *_, label in expected] == ["iskp", "is", "kunar", "is", "iskp"]


def test_phrase_matching_leaves_a_pipeline_without_the_ruler_alone() -> None:
    nlp = spacy.blank("en")
    assert use_phrase_matching(nlp) is nlp and nlp.pipe_names == []


# --- the loop, with a stand-in analyzer (no model) ---------------------------------------


class _Linker:
    index: Any = None


class RecordingAnalyzer:
    """Analyses nothing; records how far the input stream had been read at each result."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.linker = _Linker()

    def curated_entities(self) -> list[Any]:
        return []

    def analyse(self, documents: Iterable[Document]) -> Iterator[Extraction | Rejection]:
        for document in documents:
            self.log.append(f"out:{document.uri}")
            if "broken" in document.text:
                yield Rejection(document.uri, "internal error while analysing")
            else:
                yield Extraction(document=document)


class CountingStore(Store):
    """A real SQLite store that counts write transactions."""

    writes: int = 0

    def write_batch(self, *args: Any, **kwargs: Any) -> list[str]:
        self.writes += 1
        return super().write_batch(*args, **kwargs)


def _inputs(log: list[str], texts: list[str]) -> Iterator[RawInput | Rejection]:
    for i, text in enumerate(texts):
        log.append(f"in:{i}")
        if text == "":
            yield Rejection(f"doc{i}", "empty")
        else:
            yield RawInput(uri=f"doc{i}", media_type="record", content=text)


@pytest.fixture
def loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def run(texts: list[str], batch_size: int) -> tuple[Any, list[str], CountingStore]:
        log: list[str] = []
        monkeypatch.setattr(acquire, "iter_inputs", lambda targets, settings: _inputs(log, texts))
        monkeypatch.setattr("spoor.pipeline.MemoryEntityIndex", lambda known: MemoryEntityIndex([]))
        store = CountingStore(Store.open(tmp_path / "loop.db").engine)
        settings = Settings(batch_size=batch_size, min_text_chars=5)
        report = ingest(["x"], store, settings, analyzer=RecordingAnalyzer(log))  # type: ignore[arg-type]
        return report, log, store

    return run


def _text(i: int) -> str:
    return f"Report number {i} about the district council meeting."


def test_inputs_stream_through_in_batches(loop: Any) -> None:
    report, log, store = loop([_text(i) for i in range(10)], 2)
    assert report.stored == 10
    # The first document is analysed after one input batch was read, not after all ten.
    assert log.index("out:doc0") < log.index("in:9")
    assert store.writes == 5


@pytest.mark.parametrize(
    ("texts", "stored", "duplicates", "rejected"),
    [
        ([_text(1), _text(1), _text(2)], 2, 1, 0),  # repeat inside one input batch
        ([_text(1), _text(2), _text(3), _text(1)], 3, 1, 0),  # repeat across batches, in flight
        ([_text(1), "", _text(2)], 2, 0, 1),  # acquire rejection
        ([_text(1), "x", _text(2)], 2, 0, 1),  # too short for clean
        ([_text(1), "a broken document text"], 1, 0, 1),  # analysis rejection
    ],
)
def test_counts_and_logging(
    loop: Any, texts: list[str], stored: int, duplicates: int, rejected: int
) -> None:
    report, _, store = loop(texts, 2)
    assert (report.stored, report.duplicates, len(report.rejected)) == (
        stored,
        duplicates,
        rejected,
    )
    with store.engine.connect() as conn:
        statuses = list(conn.execute(select(schema.inputs.c.status)).scalars())
    assert statuses.count("ingested") == stored
    assert statuses.count("duplicate") == duplicates
    assert statuses.count("rejected") == rejected


def test_freed_memory_is_handed_back_every_few_batches(
    loop: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr("spoor.pipeline.TRIM_EVERY_BATCHES", 2)
    monkeypatch.setattr("spoor.pipeline.release_freed_memory", lambda: calls.append(1))
    report, _, store = loop([_text(i) for i in range(10)], 2)
    assert (report.batches, store.writes, len(calls)) == (5, 5, 2)


def test_second_run_skips_what_is_stored(loop: Any) -> None:
    texts = [_text(i) for i in range(5)]
    loop(texts, 2)
    report, log, _ = loop(texts, 2)
    assert (report.stored, report.duplicates) == (0, 5)
    assert not any(entry.startswith("out:") for entry in log)


# --- two ingesters into one PostgreSQL database ------------------------------------------


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    server, root = start_cluster()
    try:
        yield server
    finally:
        stop_cluster(server, root)


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file())


def _expected_ids(files: list[Path]) -> set[str]:
    settings = Settings()
    ids = set()
    for item in acquire.iter_inputs([str(f) for f in files], settings):
        if isinstance(item, RawInput):
            ids.add(clean.clean(item, settings).id)
    return ids


@pytest.mark.postgres
@pytest.mark.model
@pytest.mark.integration
def test_two_concurrent_ingesters_store_every_document_once(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    files = _corpus_files()
    half = len(files) // 2
    # Overlapping inputs: the middle third goes to both ingesters, in a different order.
    parts = {"a": files[: half + half // 2], "b": list(reversed(files[half // 2 :]))}
    for name, chosen in parts.items():
        folder = tmp_path / name
        folder.mkdir()
        for index, path in enumerate(chosen):
            shutil.copy(path, folder / f"{index:02d}-{path.name}")
    url = postgres.create_database()
    processes = [
        subprocess.Popen(
            [SPOOR, "-q", "ingest", str(tmp_path / name), "--db", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in parts
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            ids = list(conn.execute(select(schema.documents.c.id)).scalars())
            facts = conn.execute(select(func.count()).select_from(schema.facts)).scalar_one()
            logged = list(conn.execute(select(schema.inputs.c.status, schema.inputs.c.doc_id)))
        assert len(ids) == len(set(ids))
        assert set(ids) == _expected_ids(files)
        ingested = [doc_id for status, doc_id in logged if status == "ingested"]
        assert sorted(ingested) == sorted(ids)  # each stored by exactly one of the two
        assert facts > 0
        assert store.search("Kunar")
    finally:
        store.close()


@pytest.mark.postgres
def test_every_read_command_works_on_postgres(postgres: PostgresServer, tmp_path: Path) -> None:
    from tests.conftest import ISKP, active_in_fact, document, extraction_with

    url = postgres.create_database()
    store = Store.open(url)
    doc = document("d1", "ISKP is active in Kunar province, officials said.")
    store.sync_entities([ISKP])
    store.write_batch([extraction_with(doc, active_in_fact(doc, doc.text))])
    store.close()
    plain_url = url.replace("postgresql+psycopg://", "postgresql://")
    outputs = {}
    for command in (
        ["facts", "--format", "jsonl"],
        ["entities", "--format", "jsonl"],
        ["stats", "--format", "json"],
        ["report", "--out", str(tmp_path / "report")],
    ):
        result = subprocess.run(
            [SPOOR, command[0], "--db", plain_url, *command[1:]],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, (command, result.stderr)
        outputs[command[0]] = result.stdout
    [fact] = [json.loads(line) for line in outputs["facts"].splitlines()]
    assert (fact["subject"]["id"], fact["object"]["name"]) == ("kb:iskp", "Kunar")
    assert json.loads(outputs["stats"])["documents"] == 1
    assert (tmp_path / "report" / "index.html").exists()


# --- spaCy worker processes ----------------------------------------------------------------


def _fact_ids(store: Store) -> list[tuple[str, int]]:
    return sorted((fact["id"], len(fact["evidence"])) for fact in store.facts())


@pytest.mark.model
@pytest.mark.integration
def test_worker_processes_find_the_same_facts(tmp_path: Path) -> None:
    from spoor.pipeline import Analyzer

    settings = Settings(batch_size=8)
    results = []
    for n_process in (1, 2):
        store = Store.open(tmp_path / f"n{n_process}.db")
        report = ingest(
            [str(CORPUS)], store, settings, analyzer=Analyzer(settings, n_process=n_process)
        )
        assert report.stored == store.stats()["documents"] > 20
        results.append(_fact_ids(store))
        store.close()
    assert results[0] == results[1] and results[0]
