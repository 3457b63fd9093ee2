"""Adjectival demonyms as toponyms: "Russian officials" -> Russia (toponyms mode).

Geoparsing corpora (GeoWebNews) annotate a demonym used as a modifier as a
reference to its country; plurals ("Russians") name people and language uses
("in Tajik", "Uzbek-language") name languages, so neither is proposed. The
words and their places are in ``spoor/kb/places/demonyms.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.spans import Proposal, overlapping

_CAP_WORD = re.compile(r"\b(?:[A-Z][a-z\u00e0-\u00ff]+|[A-Z]{2})\b")
_NEXT_WORD = re.compile(r"[ \t]+[A-Z][a-z\u00e0-\u00ff]+\b")
_LANGUAGE_BEFORE = re.compile(
    r"\b(?:in|into|speaks?|spoke|speaking|learn|learning|fluent|taught|teach|teaches|from)"
    r"\s+(?:[A-Z][a-z]+,?\s+(?:and|or)\s+)?$",  # "in Russian and English"
    re.IGNORECASE,
)
_LANGUAGE_AFTER = re.compile(
    r"^[\s\-]*(?:language|languages|speaking|speakers?|speaker|dialects?|translation|"
    r"translator|subtitles?|version|lessons?|classes|class|teacher|-language)\b",
    re.IGNORECASE,
)


def demonym_proposals(
    text: str,
    gazetteer: Gazetteer,
    ner_spans: Sequence[tuple[int, int, str]],
    existing: Sequence[Proposal],
) -> list[Proposal]:
    """Adjectival demonyms resolved to their country or continent ("Russian officials").

    A plural ("Russians") names people and a language use ("in Russian",
    "Russian-language") names a language: neither is proposed. Inside a
    PERSON name only a leading demonym counts ("Slovak architect Ivan ...").
    """
    persons = [(s, e) for s, e, label in ner_spans if label == "PERSON"]
    found: list[Proposal] = []
    consumed = 0
    for match in _CAP_WORD.finditer(text):
        if match.start() < consumed:
            continue  # the second word of "Central American"
        start, end, candidates = _demonym_at(text, match, gazetteer)
        consumed = end
        if not candidates:
            continue
        if overlapping(start, end, existing) or overlapping(start, end, found):
            continue
        if any(s < end and start < e and start != s for s, e in persons):
            continue
        if _language_use(text, start, end):
            continue
        found.append(Proposal(start, end, text[start:end], "demonym", candidates, None, False))
    return found


_NOUN_AFTER = re.compile(r"(?:[ \t]+(?!(?:and|or|to|by|for|as|at|in|on)\b)|-)[a-z]")


def _language_use(text: str, start: int, end: int) -> bool:
    """ "In Tajik", "Uzbek-language": the word names a language, not a place.

    "in Chinese imports" is still an adjective: a noun follows it.
    """
    if _LANGUAGE_AFTER.match(text[end : end + 20]):
        return True
    return bool(_LANGUAGE_BEFORE.search(text[max(0, start - 40) : start])) and not (
        _NOUN_AFTER.match(text, end)
    )


def _demonym_at(
    text: str, match: re.Match[str], gazetteer: Gazetteer
) -> tuple[int, int, list[Candidate]]:
    """The longest demonym starting at ``match`` ("South African" before "South")."""
    start = match.start()
    following = _NEXT_WORD.match(text, match.end())
    ends = [following.end(), match.end()] if following else [match.end()]
    for end in ends:
        surface = text[start:end]
        if gazetteer.is_demonym(surface):
            if gazetteer.is_people_noun(surface):
                return start, end, []
            # An empty list for a known demonym without a place ("Central American").
            return start, end, gazetteer.demonym_country(surface)
    return start, start, []
