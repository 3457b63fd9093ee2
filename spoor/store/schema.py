"""Tables of the Spoor store (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Machine output (documents, mentions, entities, facts, evidence, reuse) is
rebuilt by ingestion; analyst judgements live in their own table and are
never overwritten by it.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

migrations = Table(
    "migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String, nullable=False),
    Column("applied_at", String, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String, primary_key=True),  # hash of the cleaned text
    Column("uri", Text, nullable=False),
    Column("source", String),
    Column("title", Text),
    Column("published", String),  # YYYY[-MM[-DD]]
    Column("lang", String),
    Column("script", String),
    Column("paragraphs", Text),  # JSON list of [start, end, lang, script]
    Column("text", Text, nullable=False),
    Column("ingested_at", String, nullable=False),
    # The web app's staleness check reads max(ingested_at) every second.
    Index("ix_documents_ingested", "ingested_at"),
)

# Every input seen, including rejected ones, so a run can be audited.
inputs = Table(
    "inputs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uri", Text, nullable=False),
    Column("status", String, nullable=False),  # ingested | duplicate | rejected
    Column("reason", Text),
    Column("doc_id", String),
    Column("seen_at", String, nullable=False),
)

places = Table(
    "places",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("country", String),
    Column("admin1", String),
    Column("feature_class", String),
    Column("feature_code", String),
    Column("precision", Integer, nullable=False),
    Column("source", String),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String, primary_key=True),  # kb:<slug> | ent:<hash> | place id
    Column("name", String, nullable=False),
    Column("type", String, nullable=False),
    Column("wikidata", String),
    Column("curated", Boolean, nullable=False, default=False),
    Column("place_id", String, ForeignKey("places.id")),
)

aliases = Table(
    "aliases",
    metadata,
    Column("entity_id", String, ForeignKey("entities.id"), nullable=False),
    Column("alias", String, nullable=False),
    Column("origin", String, nullable=False),  # curated | seen
    UniqueConstraint("entity_id", "alias", name="uq_alias"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("doc_id", String, ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", String, nullable=False),
    Column("label", String, nullable=False),
    Column("origin", String, nullable=False),
    Column("entity_id", String),
    Column("score", Float, nullable=False, default=0.0),
    # Covering, in GROUP BY order, for the report's named-mention counts: on a 100k store
    # they are read from the index alone instead of ~2M table rows.
    Index("ix_mentions_entity_surface", "entity_id", "text", "origin"),
    Index("ix_mentions_doc", "doc_id"),
)

facts = Table(
    "facts",
    metadata,
    Column("id", String, primary_key=True),  # hash of the fact's identity
    Column("subject_id", String, nullable=False),
    Column("predicate", String, nullable=False),
    Column("object_id", String),
    Column("object_value", String),  # JSON of a quantity or text value
    Column("time_start", String),
    Column("time_end", String),
    Column("place_id", String),
    Column("negated", Boolean, nullable=False, default=False),
    Column("attributes", Text, nullable=False, default="{}"),
    Index("ix_facts_subject", "subject_id"),
    Index("ix_facts_object", "object_id"),
    Index("ix_facts_predicate", "predicate"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("fact_id", String, ForeignKey("facts.id"), nullable=False),
    Column("doc_id", String, ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("hedged", Boolean, nullable=False, default=False),
    Column("attributed_to", String),
    Column("vague_attribution", Boolean, nullable=False, default=False),
    UniqueConstraint("fact_id", "doc_id", "start", "end", name="uq_evidence"),
    Index("ix_evidence_doc", "doc_id"),
)

# Sampled word-shingle fingerprints (postings), for text reuse between documents. A hash
# stops getting postings once reuse.MAX_POSTINGS + 1 documents hold it: the stop list of
# common hashes is the set of hashes at that cap, and a lookup reads a bounded number of
# rows however large the store grows.
shingles = Table(
    "shingles",
    metadata,
    Column("hash", BigInteger, nullable=False),
    Column("doc_id", String, ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    # Covering: a lookup reads (hash, doc_id) from the index alone, no table row per posting.
    Index("ix_shingles_hash_doc", "hash", "doc_id"),
)

# `doc_id` reuses text of `source_doc_id`; spans are JSON [[start, end], ...] in doc_id.
reuse = Table(
    "reuse",
    metadata,
    Column("doc_id", String, ForeignKey("documents.id"), nullable=False),
    Column("source_doc_id", String, ForeignKey("documents.id"), nullable=False),
    Column("score", Float, nullable=False),
    Column("spans", Text, nullable=False),
    UniqueConstraint("doc_id", "source_doc_id", name="uq_reuse"),
)

# Analyst decisions; they win over machine output and survive re-ingestion.
judgements = Table(
    "judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String, nullable=False),  # merge | split | alias | confirm | reject | rate
    Column("target", String, nullable=False),
    Column("value", Text, nullable=False, default="{}"),
    Column("author", String),
    Column("created_at", String, nullable=False),
    Column("undone", Boolean, nullable=False, default=False),
)

sources = Table(
    "sources",
    metadata,
    Column("name", String, primary_key=True),
    Column("reliability", String, nullable=False, default="F"),  # Admiralty A-F
    Column("note", Text),
)
