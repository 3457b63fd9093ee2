"""Precision and recall of fact extraction against a hand-annotated gold set.

The gold set (bench/gold/, see its README.md) is a folder of short documents (docs/*.txt), the
facts an analyst takes from them (gold.jsonl) and the accepted names of every entity
(names.yaml). `run()` ingests the documents with Spoor into a temporary database, reads
`spoor facts --format jsonl` and scores it with `score()`.

Matching, per document (a predicted fact belongs to every gold document its evidence comes
from, by the file name of the evidence uri):
- entities match when the normalised predicted name or any of its aliases equals the gold
  canonical name or one of its accepted names; a quantity matches when the predicted and gold
  numbers (value, min, max, count) share one;
- strict: same predicate, subject and object (either way round for a symmetric predicate),
  time by prefix (the gold start is a prefix of the predicted start, or both are empty; the
  end is ignored) and the same negation;
- loose: same predicate family, subject and object (either way round when either predicate
  is symmetric); time and negation ignored.
Each gold fact is matched at most once and each prediction at most once (greedy), so a
duplicate prediction is a false positive.

Run: .venv/bin/python bench/relations_bench.py [--gold-dir DIR] [--predicted FILE] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "bench" / "gold"
ONTOLOGY = ROOT / "spoor" / "kb" / "ontology.yaml"

# DESIGN.md's ontology (v1), used when spoor/kb/ontology.yaml is missing or lacks a predicate.
BUILTIN_FAMILIES: dict[str, str] = {
    "affiliate_of": "relation",
    "pledged_allegiance_to": "relation",
    "media_arm_of": "relation",
    "leader_of": "relation",
    "member_of": "relation",
    "allied_with": "relation",
    "enemy_of": "relation",
    "founded_in": "event",
    "attacked": "event",
    "killed": "event",
    "captured": "event",
    "arrested": "event",
    "released": "event",
    "active_in": "footprint",
    "supporters_in": "footprint",
    "threatens": "footprint",
    "propaganda_targets": "footprint",
    "claims_territory": "footprint",
    "recruits_from": "recruitment",
    "propaganda_language": "propaganda",
    "published": "propaganda",
    "strength": "quantity",
}
BUILTIN_SYMMETRIC: frozenset[str] = frozenset({"allied_with", "enemy_of"})
UNKNOWN_FAMILY = "other"

_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
_NON_WORD = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"\d[\d,]*")


# --- loading -----------------------------------------------------------------------------


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Gold facts, one JSON object a line."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_names(path: Path) -> dict[str, list[str]]:
    """Canonical name -> accepted aliases; an absent file means no aliases."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): [str(alias) for alias in (value or [])] for key, value in data.items()}


def load_ontology(path: Path = ONTOLOGY) -> tuple[dict[str, str], frozenset[str]]:
    """Predicate families and symmetric predicates from the ontology file.

    Falls back, predicate by predicate, to DESIGN.md's table: the ontology is being written
    alongside this benchmark and a missing or unexpected file must not stop the run.
    """
    families = dict(BUILTIN_FAMILIES)
    symmetric = set(BUILTIN_SYMMETRIC)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return families, frozenset(symmetric)
    predicates = data.get("predicates") if isinstance(data, dict) else None
    if not isinstance(predicates, dict):
        return families, frozenset(symmetric)
    for name, spec in predicates.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("family"), str):
            continue
        families[str(name)] = spec["family"]
        if spec.get("symmetric") is True:
            symmetric.add(str(name))
        elif spec.get("symmetric") is False:
            symmetric.discard(str(name))
    return families, frozenset(symmetric)


# --- comparing values --------------------------------------------------------------------


def normalise(name: str) -> str:
    """Casefolded, without diacritics, punctuation or a leading "the"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", stripped)).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def accepted_names(canonical: str, names: Mapping[str, list[str]]) -> set[str]:
    return {normalise(item) for item in [canonical, *names.get(canonical, [])]} - {""}


def predicted_names(entity: Mapping[str, Any] | None) -> set[str]:
    if not entity:
        return set()
    found = [entity.get("name")] + list(entity.get("aliases") or [])
    if "value" in entity:
        found.append(entity.get("value"))
    return {normalise(str(item)) for item in found if item is not None} - {""}


def _numbers(text: str) -> set[int]:
    return {int(match.replace(",", "")) for match in _NUMBER.findall(text)}


def gold_numbers(fact: Mapping[str, Any]) -> set[int]:
    """Numbers of a gold quantity: those in the object ("1500-2200") and min/max/count."""
    found = _numbers(str(fact.get("object", "")))
    attributes = fact.get("attributes") or {}
    found |= {
        int(attributes[key])
        for key in ("min", "max", "count")
        if isinstance(attributes.get(key), int | float)
    }
    return found


def predicted_numbers(fact: Mapping[str, Any]) -> set[int]:
    entity = fact.get("object") or {}
    value = entity.get("value")
    found: set[int] = set()
    if isinstance(value, int | float) and not isinstance(value, bool):
        found.add(int(value))
    elif isinstance(value, str):
        found |= _numbers(value)
    attributes = fact.get("attributes") or {}
    for key in ("min", "max", "count", "low", "high"):
        if isinstance(attributes.get(key), int | float) and not isinstance(attributes[key], bool):
            found.add(int(attributes[key]))
    return found


def time_matches(predicted: Mapping[str, Any] | None, gold: Mapping[str, Any] | None) -> bool:
    """The gold start is a prefix (by date part) of the predicted start, or both are empty."""
    gold_start = (gold or {}).get("start")
    predicted_start = (predicted or {}).get("start")
    if not gold_start or not predicted_start:
        return not gold_start and not predicted_start
    gold_parts = str(gold_start).split("-")
    return str(predicted_start).split("-")[: len(gold_parts)] == gold_parts


# --- matching ----------------------------------------------------------------------------


@dataclass(slots=True)
class Prediction:
    """A predicted fact as seen from one gold document."""

    doc: str
    fact: dict[str, Any]
    subject_names: set[str]
    object_names: set[str]
    numbers: set[int]


@dataclass(slots=True)
class Scorer:
    names: Mapping[str, list[str]]
    families: Mapping[str, str]
    symmetric: frozenset[str] = BUILTIN_SYMMETRIC
    _cache: dict[str, set[str]] = field(default_factory=dict)

    def family(self, predicate: str) -> str:
        return self.families.get(predicate, UNKNOWN_FAMILY)

    def gold_names(self, canonical: str) -> set[str]:
        if canonical not in self._cache:
            self._cache[canonical] = accepted_names(canonical, self.names)
        return self._cache[canonical]

    def _object_matches(
        self, prediction: Prediction, gold: Mapping[str, Any], names: set[str]
    ) -> bool:
        if gold["predicate"] == "strength" or self.family(gold["predicate"]) == "quantity":
            wanted = gold_numbers(gold)
            if wanted:
                return bool(wanted & prediction.numbers)
        return bool(self.gold_names(str(gold["object"])) & names)

    def roles_match(self, prediction: Prediction, gold: Mapping[str, Any], symmetric: bool) -> bool:
        subject = self.gold_names(str(gold["subject"]))
        if subject & prediction.subject_names and self._object_matches(
            prediction, gold, prediction.object_names
        ):
            return True
        if not symmetric:
            return False
        # Reversed: the predicted object plays the gold subject and vice versa.
        return bool(subject & prediction.object_names) and self._object_matches(
            prediction, gold, prediction.subject_names
        )

    def strict(self, prediction: Prediction, gold: Mapping[str, Any]) -> bool:
        fact = prediction.fact
        return (
            fact.get("predicate") == gold["predicate"]
            and bool(fact.get("negated")) == bool(gold.get("negated"))
            and time_matches(fact.get("time"), gold.get("time"))
            and self.roles_match(prediction, gold, gold["predicate"] in self.symmetric)
        )

    def loose(self, prediction: Prediction, gold: Mapping[str, Any]) -> bool:
        predicate = str(prediction.fact.get("predicate"))
        if self.family(predicate) != self.family(gold["predicate"]):
            return False
        symmetric = predicate in self.symmetric or gold["predicate"] in self.symmetric
        return self.roles_match(prediction, gold, symmetric)

    def loose_rank(self, prediction: Prediction, gold: Mapping[str, Any]) -> int:
        """How close a loose pair is, so greedy matching takes the closest pairs first."""
        fact = prediction.fact
        return (
            2 * (fact.get("predicate") == gold["predicate"])
            + (bool(fact.get("negated")) == bool(gold.get("negated")))
            + time_matches(fact.get("time"), gold.get("time"))
        )


def doc_name(uri: str) -> str:
    """The file name of a path or URL."""
    return re.split(r"[\\/]", uri.split("?", 1)[0].rstrip("/\\"))[-1]


def _as_read_in(fact: dict[str, Any], evidence: Mapping[str, Any]) -> dict[str, Any]:
    """The fact as one document states it.

    A fact read in several documents is merged, and its time is the coarsest its readings
    agree on; evidence items that carry their reading's own time, hedging and attribution
    (Spoor's do) are scored with those, so each document is judged on what it says.
    """
    if "time" not in evidence:
        return fact
    own = {key: evidence.get(key, fact.get(key)) for key in ("time", "hedged", "attributed_to")}
    return {**fact, **own}


def expand(predicted: Iterable[dict[str, Any]], docs: set[str]) -> list[Prediction]:
    """One prediction per (fact, gold document among its evidence)."""
    expanded: list[Prediction] = []
    for fact in predicted:
        seen: dict[str, dict[str, Any]] = {}
        for evidence in fact.get("evidence") or []:
            name = doc_name(str(evidence.get("uri") or ""))
            if name not in docs:
                continue
            # several readings in one document: the one that states a time, as a reader of
            # the whole document would ("its leader, X" then "X has led it since 2020")
            if name not in seen or (
                not seen[name].get("time") and _as_read_in(fact, evidence).get("time")
            ):
                seen[name] = _as_read_in(fact, evidence)
        for name, view in seen.items():
            expanded.append(
                Prediction(
                    doc=name,
                    fact=view,
                    subject_names=predicted_names(fact.get("subject")),
                    object_names=predicted_names(fact.get("object")),
                    numbers=predicted_numbers(fact),
                )
            )
    return expanded


def greedy_match(
    predictions: list[Prediction],
    gold: list[dict[str, Any]],
    accept: Callable[[Prediction, dict[str, Any]], bool],
    rank: Callable[[Prediction, dict[str, Any]], int] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one pairs (prediction index, gold index), best-ranked pairs first, then in order."""
    by_doc: dict[str, list[int]] = {}
    for index, fact in enumerate(gold):
        by_doc.setdefault(str(fact["doc"]), []).append(index)
    candidates: list[tuple[int, int, int]] = []
    for p_index, prediction in enumerate(predictions):
        for g_index in by_doc.get(prediction.doc, []):
            if accept(prediction, gold[g_index]):
                score = rank(prediction, gold[g_index]) if rank else 0
                candidates.append((-score, p_index, g_index))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, p_index, g_index in candidates:
        if p_index in used_p or g_index in used_g:
            continue
        used_p.add(p_index)
        used_g.add(g_index)
        pairs.append((p_index, g_index))
    return pairs


# --- scoring -----------------------------------------------------------------------------


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def _tally(
    pairs: list[tuple[int, int]],
    predictions: list[Prediction],
    gold: list[dict[str, Any]],
    scorer: Scorer,
) -> dict[str, Any]:
    family_names = sorted(set(scorer.families.values()) | {UNKNOWN_FAMILY})
    counts = {name: [0, 0, 0] for name in family_names}  # tp, fp, fn
    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}
    for _, g_index in pairs:
        counts[scorer.family(gold[g_index]["predicate"])][0] += 1
    for p_index, prediction in enumerate(predictions):
        if p_index not in matched_p:
            counts[scorer.family(str(prediction.fact.get("predicate")))][1] += 1
    for g_index, fact in enumerate(gold):
        if g_index not in matched_g:
            counts[scorer.family(fact["predicate"])][2] += 1
    totals = [sum(values[i] for values in counts.values()) for i in range(3)]
    return {
        "overall": _prf(*totals),
        "by_family": {name: _prf(*values) for name, values in counts.items() if any(values)},
    }


def _modality(
    pairs: list[tuple[int, int]], predictions: list[Prediction], gold: list[dict[str, Any]]
) -> dict[str, Any]:
    """Agreement on hedging and attribution among strictly matched facts."""
    if not pairs:
        return {"pairs": 0, "hedged_agreement": None, "attributed_agreement": None}
    hedged = sum(
        bool(predictions[p].fact.get("hedged")) == bool(gold[g].get("hedged")) for p, g in pairs
    )
    attributed = sum(
        bool(predictions[p].fact.get("attributed_to")) == bool(gold[g].get("attributed_to"))
        for p, g in pairs
    )
    return {
        "pairs": len(pairs),
        "hedged_agreement": round(hedged / len(pairs), 4),
        "attributed_agreement": round(attributed / len(pairs), 4),
    }


def _by_predicate(
    strict_pairs: list[tuple[int, int]],
    loose_pairs: list[tuple[int, int]],
    predictions: list[Prediction],
    gold: list[dict[str, Any]],
) -> dict[str, Any]:
    table: dict[str, dict[str, int]] = {}

    def row(predicate: str) -> dict[str, int]:
        return table.setdefault(
            predicate, {"gold": 0, "predicted": 0, "strict_tp": 0, "loose_tp": 0}
        )

    for fact in gold:
        row(fact["predicate"])["gold"] += 1
    for prediction in predictions:
        row(str(prediction.fact.get("predicate")))["predicted"] += 1
    for _, g_index in strict_pairs:
        row(gold[g_index]["predicate"])["strict_tp"] += 1
    for _, g_index in loose_pairs:
        row(gold[g_index]["predicate"])["loose_tp"] += 1
    return dict(sorted(table.items()))


def _match_all(
    predicted: list[dict[str, Any]],
    gold: list[dict[str, Any]],
    names: Mapping[str, list[str]],
    families: Mapping[str, str],
    symmetric: frozenset[str],
    docs: Iterable[str] | None,
) -> tuple[Scorer, list[Prediction], list[tuple[int, int]], list[tuple[int, int]]]:
    scorer = Scorer(names=names, families=families, symmetric=symmetric)
    doc_set = {str(fact["doc"]) for fact in gold} | set(docs or [])
    predictions = expand(predicted, doc_set)
    strict_pairs = greedy_match(predictions, gold, scorer.strict)
    loose_pairs = greedy_match(predictions, gold, scorer.loose, scorer.loose_rank)
    return scorer, predictions, strict_pairs, loose_pairs


def score(
    predicted: list[dict[str, Any]],
    gold: list[dict[str, Any]],
    names: dict[str, list[str]],
    families: dict[str, str],
    *,
    symmetric: frozenset[str] = BUILTIN_SYMMETRIC,
    docs: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Strict and loose precision, recall and F1, overall and per predicate family.

    `predicted` are facts in `spoor facts --format jsonl` form; `gold` are gold.jsonl records;
    `names` maps a canonical name to its accepted aliases; `families` maps a predicate to its
    family. Predictions whose evidence comes from no gold document (nor one of `docs`) are
    ignored. A predicate missing from `families` counts under "other".
    """
    scorer, predictions, strict_pairs, loose_pairs = _match_all(
        predicted, gold, names, families, symmetric, docs
    )
    return {
        "documents": len({str(fact["doc"]) for fact in gold} | set(docs or [])),
        "gold_facts": len(gold),
        "predicted_facts": len(predictions),
        "strict": _tally(strict_pairs, predictions, gold, scorer),
        "loose": _tally(loose_pairs, predictions, gold, scorer),
        "modality": _modality(strict_pairs, predictions, gold),
        "by_predicate": _by_predicate(strict_pairs, loose_pairs, predictions, gold),
    }


def _brief(fact: Mapping[str, Any]) -> str:
    def name(entity: Any) -> str:
        if isinstance(entity, dict):
            return str(entity.get("name", entity.get("value")))
        return str(entity)

    time_start = (fact.get("time") or {}).get("start")
    flags = " NOT" if fact.get("negated") else ""
    return (
        f"{name(fact.get('subject'))} {fact.get('predicate')}{flags} "
        f"{name(fact.get('object'))} @{time_start}"
    )


def mismatches(
    predicted: list[dict[str, Any]],
    gold: list[dict[str, Any]],
    names: dict[str, list[str]],
    families: dict[str, str],
    *,
    symmetric: frozenset[str] = BUILTIN_SYMMETRIC,
) -> dict[str, list[str]]:
    """Per document, the gold facts missed and the predictions not matched (strict)."""
    _, predictions, strict_pairs, _ = _match_all(predicted, gold, names, families, symmetric, None)
    matched_p = {p for p, _ in strict_pairs}
    matched_g = {g for _, g in strict_pairs}
    report: dict[str, list[str]] = {}
    for g_index, fact in enumerate(gold):
        if g_index not in matched_g:
            report.setdefault(str(fact["doc"]), []).append("missed  " + _brief(fact))
    for p_index, prediction in enumerate(predictions):
        if p_index not in matched_p:
            report.setdefault(prediction.doc, []).append("extra   " + _brief(prediction.fact))
    return dict(sorted(report.items()))


# --- running Spoor -----------------------------------------------------------------------


def extract_facts(
    docs_dir: Path, spoor_cmd: list[str] | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Ingest `docs_dir` into a temporary database and read back its facts."""
    command = spoor_cmd or [sys.executable, "-m", "spoor.cli"]
    with tempfile.TemporaryDirectory(prefix="spoor-relbench-") as tmp:
        db = Path(tmp) / "relations.db"
        started = time.perf_counter()
        ingest = subprocess.run(
            [*command, "--quiet", "ingest", str(docs_dir), "--db", str(db)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - started
        # Exit code 3 means some inputs were rejected and the rest committed: still scorable.
        if ingest.returncode not in (0, 3):
            raise RuntimeError(
                f"spoor ingest failed with exit code {ingest.returncode}; run it by hand to see "
                f"why: {' '.join(command)} ingest {docs_dir} --db DB\n{ingest.stderr[-2000:]}"
            )
        listed = subprocess.run(
            [*command, "facts", "--db", str(db), "--format", "jsonl"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if listed.returncode != 0:
            raise RuntimeError(
                f"spoor facts failed with exit code {listed.returncode}:\n{listed.stderr[-2000:]}"
            )
    facts = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    return facts, {"ingest_exit_code": ingest.returncode, "ingest_seconds": round(seconds, 2)}


def score_gold_dir(predicted: list[dict[str, Any]], gold_dir: Path) -> dict[str, Any]:
    """Score facts against a gold folder (docs/, gold.jsonl, names.yaml)."""
    families, symmetric = load_ontology()
    docs_dir = gold_dir / "docs"
    docs = [path.name for path in docs_dir.iterdir() if path.is_file()] if docs_dir.is_dir() else []
    return score(
        predicted,
        load_gold(gold_dir / "gold.jsonl"),
        load_names(gold_dir / "names.yaml"),
        families,
        symmetric=symmetric,
        docs=docs,
    )


def run(gold_dir: Path = GOLD_DIR, spoor_cmd: list[str] | None = None) -> dict[str, Any]:
    """Ingest gold_dir/docs with Spoor and score its facts against gold_dir/gold.jsonl."""
    predicted, info = extract_facts(gold_dir / "docs", spoor_cmd)
    result = score_gold_dir(predicted, gold_dir)
    result.update(info)
    return result


def format_table(result: Mapping[str, Any]) -> str:
    """A plain-text table: one row per family, strict and loose P/R/F1."""
    header = (
        f"{'family':<12} {'gold':>5} {'pred':>5} | {'strict P':>8} {'R':>6} {'F1':>6} | "
        f"{'loose P':>8} {'R':>6} {'F1':>6}"
    )
    lines = [header, "-" * len(header)]
    strict, loose = result["strict"], result["loose"]
    families = sorted(set(strict["by_family"]) | set(loose["by_family"]))
    for name in [*families, "overall"]:
        s = strict["overall"] if name == "overall" else strict["by_family"].get(name)
        lo = loose["overall"] if name == "overall" else loose["by_family"].get(name)
        if s is None or lo is None:
            continue
        gold_n = s["tp"] + s["fn"]
        pred_n = s["tp"] + s["fp"]
        lines.append(
            f"{name:<12} {gold_n:>5} {pred_n:>5} | {s['precision']:>8.3f} {s['recall']:>6.3f} "
            f"{s['f1']:>6.3f} | {lo['precision']:>8.3f} {lo['recall']:>6.3f} {lo['f1']:>6.3f}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--gold-dir",
        type=Path,
        default=GOLD_DIR,
        help="folder with docs/, gold.jsonl and names.yaml",
    )
    parser.add_argument(
        "--predicted", type=Path, help="score this facts JSONL instead of running spoor"
    )
    parser.add_argument(
        "--errors",
        action="store_true",
        help="also list, per document, missed gold facts and extra predictions",
    )
    args = parser.parse_args()
    gold_dir: Path = args.gold_dir
    info: dict[str, Any] = {}
    if args.predicted:
        predicted = load_gold(args.predicted)
    else:
        predicted, info = extract_facts(gold_dir / "docs")
    result = score_gold_dir(predicted, gold_dir)
    result.update(info)
    print(format_table(result))
    if args.errors:
        families, symmetric = load_ontology()
        report = mismatches(
            predicted,
            load_gold(gold_dir / "gold.jsonl"),
            load_names(gold_dir / "names.yaml"),
            families,
            symmetric=symmetric,
        )
        for doc, lines in report.items():
            print(f"\n{doc}", *(f"  {line}" for line in lines), sep="\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
