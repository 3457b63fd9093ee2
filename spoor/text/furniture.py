"""Page furniture: lines that belong to a site, not to the article.

Menus, share buttons, cookie notices and bylines survive trafilatura now and then;
the patterns that catch them are data (``spoor/kb/furniture.yaml``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from spoor.errors import KnowledgeBaseError

log = logging.getLogger(__name__)

_BULLET = re.compile(r"^[\-\*\u2022\u00b7|>]+\s*")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
FURNITURE_FILE = Path(__file__).resolve().parent.parent / "kb" / "furniture.yaml"


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    max_words: int
    max_leftover_ratio: float
    strong: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    phrases: re.Pattern[str]

    def is_furniture(self, line: str) -> bool:
        probe = _BULLET.sub("", line.strip().lower()).strip(" .:;!?…-–—|()[]«»\"'")
        words = _WORD.findall(probe)
        if len(words) > self.max_words:
            return False
        if not probe:
            return False
        if any(phrase in probe for phrase in self.strong):
            return True
        if any(pattern.fullmatch(probe) for pattern in self.patterns):
            return True
        if not words:
            return False
        leftover = _WORD.findall(self.phrases.sub(" ", probe))
        return len(leftover) <= self.max_leftover_ratio * len(words)


@lru_cache(maxsize=1)
def load_furniture(path: Path = FURNITURE_FILE) -> FurnitureRules:
    """Read and validate the furniture rules."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        phrases = sorted({str(p).lower() for p in data["phrases"]}, key=len, reverse=True)
        # Whole words only: "share" must not eat the start of "shareholders".
        alternation = "|".join(re.escape(p) for p in phrases)
        return FurnitureRules(
            max_words=int(data["max_words"]),
            max_leftover_ratio=float(data["max_leftover_ratio"]),
            strong=tuple(str(p).lower() for p in data["strong"]),
            patterns=tuple(re.compile(str(p), re.IGNORECASE) for p in data["patterns"]),
            phrases=re.compile(rf"(?<![\w'])(?:{alternation})(?![\w'])"),
        )
    except (OSError, KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"Invalid furniture rules in {path}: {exc}") from exc


def drop_furniture(lines: Iterable[str], rules: FurnitureRules | None = None) -> list[str]:
    """The lines that are not page furniture."""
    rules = rules or load_furniture()
    kept = []
    for line in lines:
        if rules.is_furniture(line):
            log.debug("dropped furniture line: %.60s", line)
        else:
            kept.append(line)
    return kept
