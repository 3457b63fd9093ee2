"""Compile the hand-written gold facts (facts.src) into gold.jsonl, checking them on the way.

facts.src is the authoring format: one fact per line, the document named once in a header
(`@ file.txt`), the evidence sentence given by a short snippet that must occur in exactly one
sentence of that document. This script expands the snippet to the full sentence, parses the
time, flags and attributes, and refuses predicates outside the ontology, unknown documents,
ambiguous snippets and duplicate facts. gold.jsonl is what the scorer reads.

Run: .venv/bin/python bench/gold/build_gold.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

GOLD = Path(__file__).resolve().parent

PREDICATES = {
    "affiliate_of",
    "pledged_allegiance_to",
    "media_arm_of",
    "leader_of",
    "member_of",
    "allied_with",
    "enemy_of",
    "founded_in",
    "attacked",
    "killed",
    "captured",
    "arrested",
    "released",
    "active_in",
    "supporters_in",
    "threatens",
    "propaganda_targets",
    "claims_territory",
    "recruits_from",
    "propaganda_language",
    "published",
    "strength",
}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# A sentence ends at . ! ? (optionally followed by a closing quote) before white space; the
# documents avoid abbreviations with full stops so this is enough.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+")


def body(path: Path) -> str:
    """The document text after the front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        _, _, rest = text[4:].partition("\n---\n")
        return rest
    return text


def sentences(text: str) -> list[str]:
    found: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        start = 0
        for match in _SENTENCE_END.finditer(flat):
            found.append(flat[start : match.end()].strip())
            start = match.end()
        if flat[start:].strip():
            found.append(flat[start:].strip())
    return found


def parse_time(field: str) -> dict[str, str | None] | None:
    if field == "-":
        return None
    start, _, end = field.partition("..")
    for value in (start, end):
        if value and not _DATE.match(value):
            raise ValueError(f"bad date {value!r}")
    return {"start": start or None, "end": end or None}


def parse_attributes(field: str) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for pair in filter(None, (part.strip() for part in field.split(";"))):
        key, _, value = pair.partition("=")
        attributes[key.strip()] = int(value) if re.fullmatch(r"-?\d+", value) else value.strip()
    return attributes


def compile_facts(source: Path) -> tuple[list[dict[str, Any]], list[str]]:
    facts: list[dict[str, Any]] = []
    problems: list[str] = []
    doc = ""
    doc_sentences: list[str] = []
    seen: set[tuple[Any, ...]] = set()
    for number, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{source.name}:{number}"
        if line.startswith("@"):
            doc = line[1:].strip()
            docs = source.parent / "docs"
            if not (docs / doc).exists():
                problems.append(f"{where}: no document {doc}")
                doc_sentences = []
            else:
                doc_sentences = sentences(body(docs / doc))
            continue
        fields = [part.strip() for part in line.split("|")]
        if len(fields) not in (7, 8):
            problems.append(f"{where}: expected 7 or 8 fields, got {len(fields)}")
            continue
        subject, predicate, obj, time_field, flags, attributed, snippet = fields[:7]
        if predicate not in PREDICATES:
            problems.append(f"{where}: unknown predicate {predicate}")
        hits = [s for s in doc_sentences if snippet in s]
        if len(hits) != 1:
            problems.append(f"{where}: snippet found in {len(hits)} sentences: {snippet!r}")
            continue
        try:
            time = parse_time(time_field)
        except ValueError as error:
            problems.append(f"{where}: {error}")
            continue
        key = (doc, subject, predicate, obj, (time or {}).get("start"), "n" in flags)
        if key in seen:
            problems.append(f"{where}: duplicate fact {key}")
        seen.add(key)
        fact: dict[str, Any] = {
            "doc": doc,
            "subject": subject,
            "predicate": predicate,
            "object": obj,
            "time": time,
            "hedged": "h" in flags,
            "negated": "n" in flags,
            "attributed_to": None if attributed == "-" else attributed,
            "sentence": hits[0],
        }
        if len(fields) == 8 and fields[7]:
            fact["attributes"] = parse_attributes(fields[7])
        facts.append(fact)
    return facts, problems


def unnamed_entities(facts: list[dict[str, Any]], names: dict[str, Any]) -> list[str]:
    """Subjects and objects (quantities aside) that names.yaml does not list."""
    missing: list[str] = []
    for fact in facts:
        entities = [fact["subject"]] + ([] if fact["predicate"] == "strength" else [fact["object"]])
        missing += [entity for entity in entities if entity not in names and entity not in missing]
    return missing


def main(argv: list[str] | None = None) -> int:
    """Compile FOLDER/facts.src (default: this folder) into FOLDER/gold.jsonl."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0].startswith("-"):
        print("usage: build_gold.py [FOLDER]  (a folder with docs/, facts.src, names.yaml)")
        return 0
    folder = Path(args[0]).resolve() if args else GOLD
    facts, problems = compile_facts(folder / "facts.src")
    names = yaml.safe_load((folder / "names.yaml").read_text(encoding="utf-8")) or {}
    missing = unnamed_entities(facts, names)
    problems += [f"names.yaml: no entry for {entity!r}" for entity in missing]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    with (folder / "gold.jsonl").open("w", encoding="utf-8") as handle:
        for fact in facts:
            handle.write(json.dumps(fact, ensure_ascii=False) + "\n")
    print(f"wrote {len(facts)} facts to {folder / 'gold.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
