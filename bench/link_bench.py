"""Precision and recall of the linker's merges over tests/fixtures/alias_cases.csv.

A case is one mention (surface form and NER label), optionally preceded in the same document by
another mention ("prior"). ``expected`` is a curated actor slug, ``PRIOR`` (the same entity as the
prior mention), ``NEW`` (an uncurated entity) or ``NONE`` (no entity at all).

A merge is a link of the mention to a curated actor, or to the prior mention's entity. Precision
is the share of merges that are right; recall is the share of expected merges that were made.
Rows whose note starts with "fresh" were written after the linker was tuned (issue 3) and are
also scored on their own ("fresh"). ``russian`` links inflected Russian names through natasha
(dictionary forms) and the same linker; ``natasha`` is its one-off load time and the memory it
adds, measured in a child process.

Run: .venv/bin/python bench/link_bench.py   (or `make bench`, which calls ``run()``)
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
        "n_false_merges": len(false_merges),
        "false_merges": false_merges,
        "missed_merges": missed,
    }


# Russian sentences with inflected names (our own neutral wording) -> expected entity per name.
RUSSIAN = [
    ("Ответственность взяли боевики Вилаята Хорасан.", {"Вилаята Хорасан": "kb:iskp"}),
    ("Эксперты пишут о вербовке со стороны ИГИЛ-Хорасан.", {"ИГИЛ-Хорасан": "kb:iskp"}),
    ("Взрыв произошёл в Кабуле в августе.", {"Кабуле": "place"}),
    ("Заявление распространило агентство Амак.", {"Амак": "kb:amaq"}),
    ("Группировку возглавляет Санаулла Гафари.", {"Санаулла Гафари": "kb:shahab-al-muhajir"}),
    ("Сеть Хаккани связана с движением Талибан.", {"Сеть Хаккани": "kb:haqqani-network"}),
]


def russian() -> dict[str, object]:
    """Share of inflected Russian names that reach the right entity (natasha + linker)."""
    import spacy

    from spoor.stages import mentions
    from spoor.stages.geo import Geoparser

    kb = load_kb()
    linker = Linker(kb)
    geoparser = Geoparser()
    blank = spacy.blank("ru")
    right = total = 0
    wrong: list[dict[str, str | None]] = []
    for text, expected in RUSSIAN:
        document = Document(id="ru", uri="ru", text=text, lang="ru")
        found = mentions.find_mentions(blank(text), document, geoparser, frozenset(), kb)
        linker.link(found, document)
        for surface, wanted in expected.items():
            total += 1
            hit = next((m for m in found if m.text == surface), None)
            got = None if hit is None else ("place" if hit.place else hit.entity_id)
            if got == wanted:
                right += 1
            else:
                wrong.append({"surface": surface, "got": got, "expected": wanted})
    return {"names": total, "accuracy": round(right / total, 4), "wrong": wrong}


_NATASHA_PROBE = """
import time
def rss_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
before = rss_kb()
start = time.perf_counter()
from spoor.stages.mentions import natasha
pipeline = natasha()
loaded = time.perf_counter() - start
start = time.perf_counter()
pipeline.spans("Боевики Вилаята Хорасан действуют в Кабуле и Нангархаре. " * 125)
print(loaded, time.perf_counter() - start, before, rss_kb())
"""


def natasha_cost() -> dict[str, float]:
    """Load time (s), time for a 1,000-word text (s) and resident memory added (MB).

    VmRSS, not ru_maxrss: a child forked from this process inherits its peak."""
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", _NATASHA_PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    loaded, parse, before, after = (float(x) for x in out)
    return {"load_s": round(loaded, 2), "parse_1k_words_s": round(parse, 3),
            "rss_added_mb": round((after - before) / 1024, 1)}  # fmt: skip


def run() -> dict[str, object]:
    """Everything above, for bench/run.py (results.json key "link")."""
    cases = load_cases()
    results = evaluate(Linker(load_kb()), cases)
    fresh = [c for c in cases if c.note.startswith(("fresh", "known miss"))]
    scored = evaluate(Linker(load_kb()), fresh)
    results["fresh"] = {k: scored[k] for k in ("cases", "precision", "recall", "n_false_merges")}
    results["fresh"]["missed_merges"] = scored["missed_merges"]  # type: ignore[index]
    results["russian"] = russian()
    results["natasha"] = natasha_cost()
    return results


def main() -> None:
    print(json.dumps(run(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
