"""Precision and recall of the linker's merges over tests/fixtures/alias_cases.csv.

A case is one mention (surface form and NER label), optionally preceded in the same document by
another mention ("prior"). ``expected`` is a curated actor slug, ``PRIOR`` (the same entity as the
prior mention), ``NEW`` (an uncurated entity) or ``NONE`` (no entity at all).

A merge is a link of the mention to a curated actor, or to the prior mention's entity. Precision
is the share of merges that are right; recall is the share of expected merges that were made.

Run: .venv/bin/python bench/link_bench.py
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spoor.kb import load_kb  # noqa: E402
from spoor.records import Document, Mention  # noqa: E402
from spoor.stages.link import Linker  # noqa: E402

CASES = ROOT / "tests" / "fixtures" / "alias_cases.csv"


@dataclass(slots=True)
class Case:
    surface: str
    label: str
    prior: str
    expected: str
    note: str


def load_cases(path: Path = CASES) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Case(**row) for row in csv.DictReader(handle)]


def run_case(linker: Linker, case: Case) -> tuple[str | None, str | None]:
    """(entity id of the mention, entity id of the prior mention or None)."""
    mentions: list[Mention] = []
    text = ""
    if case.prior:
        prior_text, prior_label = case.prior.split("|")
        mentions.append(Mention(0, len(prior_text), prior_text, prior_label))
        text = prior_text + " said that "
    start = len(text)
    text += case.surface
    mentions.append(Mention(start, len(text), case.surface, case.label))
    document = Document(id="bench", uri="bench", text=text + ".")
    linker.link(mentions, document)
    prior_id = mentions[0].entity_id if case.prior else None
    return mentions[-1].entity_id, prior_id


def evaluate(linker: Linker, cases: list[Case]) -> dict[str, object]:
    true_pos = false_pos = false_neg = 0
    false_merges: list[dict[str, str | None]] = []
    missed: list[dict[str, str | None]] = []
    for case in cases:
        got, prior_id = run_case(linker, case)
        merged = got is not None and (got.startswith("kb:") or got == prior_id)
        if case.expected == "PRIOR":
            wanted: str | None = prior_id
        elif case.expected in ("NEW", "NONE"):
            wanted = None
        else:
            wanted = f"kb:{case.expected}"
        if wanted is not None and got == wanted:
            true_pos += 1
            continue
        if merged:
            false_pos += 1
            false_merges.append({"surface": case.surface, "got": got, "expected": case.expected})
        if wanted is not None:
            false_neg += 1
            missed.append({"surface": case.surface, "got": got, "expected": case.expected})
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    return {
        "cases": len(cases),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "false_merges": false_merges,
        "missed_merges": missed,
    }


def main() -> None:
    linker = Linker(load_kb())
    print(json.dumps(evaluate(linker, load_cases()), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
