"""Toponym proposals and the token-level helpers every detector shares.

A span found by a detector (spoor.geo.detect, .runs, .embedded) is only a
*proposal*; ``spoor.geo.resolve`` picks a place for it or drops it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.normalize import PLACE_SUFFIXES

PLACE_LABELS = frozenset({"GPE", "LOC"})

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w\u2019'\-]*\w)?")
CONNECTORS = frozenset(
    {"of", "and", "de", "del", "al", "el", "la", "e", "i", "ye", "da", "do", "du", "upon", "ul"}
)
DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north-eastern",
        "north-western",
        "south-eastern",
        "south-western",
        "greater",
        "inner",
        "outer",
    }
)
_SENTENCE_END = re.compile(r"[.!?:;\"\u201c\u201d\n]\s*$")
LOCATIVE = frozenset(
    {
        "in",
        "near",
        "at",
        "from",
        "to",
        "outside",
        "around",
        "into",
        "across",
        "toward",
        "towards",
        "through",
        "via",
        "inside",
        "within",
        "of",
    }
)
_LIST_CUE = re.compile(
    r"\b(provinces?|districts?|valleys?|cities|city|towns?|villages?|regions?|areas?)"
    r"\s+(?:of|such as|including|like)\s+",
    re.IGNORECASE,
)
_HISTORICAL_CUE = re.compile(
    r"\b(historic(?:al)?|ancient|greater|so-called|aspirational|wilayat|wilayah|medieval)"
    r"(?:\s+region)?(?:\s+of)?\s*$",
    re.IGNORECASE,
)
_CUE_TYPE = {
    "province": "province",
    "provinces": "province",
    "district": "district",
    "districts": "district",
    "valley": "region",
    "valleys": "region",
    "city": "city",
    "cities": "city",
    "town": "city",
    "towns": "city",
    "village": "city",
    "villages": "city",
    "region": "region",
    "regions": "region",
    "area": None,
    "areas": None,
}


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Proposal:
    """A span that may name a place, with its candidates and what context says."""

    start: int
    end: int
    text: str
    origin: str  # "ner" or "gazetteer"
    candidates: list[Candidate]
    hint: str | None  # expected place type from context, if any
    locative: bool  # preceded by "in", "near", "from" ...


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def capitalised(token: Token) -> bool:
    return token.text[0].isupper()


def sentence_initial(text: str, token: Token) -> bool:
    before = text[max(0, token.start - 20) : token.start].rstrip(" \t")
    return not before or before[-1] in '.!?:;"\u201c\u201d\n(\u2014-'


def _word_after(text: str, end: int) -> str:
    match = re.match(r"\s+([A-Za-z]+)", text[end : end + 30])
    return match.group(1).lower() if match else ""


def _word_before(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z]+)\s+$", text[max(0, start - 30) : start])
    return match.group(1).lower() if match else ""


def context_hint(text: str, start: int, end: int) -> str | None:
    """Place type that the words around a span announce, if any."""
    following = _word_after(text, end)
    if following in PLACE_SUFFIXES:
        return PLACE_SUFFIXES[following]
    window = text[max(0, start - 200) : start]
    sentence_start = max(window.rfind(". "), window.rfind("\n"))
    window = window[sentence_start + 1 :]
    if _HISTORICAL_CUE.search(window):
        return "historical_region"
    cues = list(_LIST_CUE.finditer(window))
    if cues:
        cue = cues[-1]
        between = window[cue.end() :]
        # Only names, commas and "and"/"or" may stand between cue and span.
        words = re.findall(r"[^\s,]+", between)
        if all(word in ("and", "or", "the") or word[0].isupper() for word in words) and not any(
            word.endswith((".", ";", ":")) for word in words
        ):
            return _CUE_TYPE.get(cue.group(1).lower())
    return None


def is_locative(text: str, start: int) -> bool:
    """Whether a preposition of place ("in", "near the") comes right before ``start``."""
    match = re.search(r"([A-Za-z]+)\s+(?:the\s+)?$", text[max(0, start - 40) : start])
    return match is not None and match.group(1).lower() in LOCATIVE


_INITIALS_END = re.compile(r"(?:\b[A-Z]\.){2,}$")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from an NER span."""
    span = text[start:end]
    if span.lower().startswith("the ") and len(span) > 4:
        start += 4
    while end > start and text[end - 1] in ',.;:)"\u201d':
        if text[end - 1] == "." and _INITIALS_END.search(text, start, end):
            break  # "Washington, D.C." keeps its last dot
        end -= 1
    for suffix in ("'s", "\u2019s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


# Lower-case words of natural features that a name may carry ("the Boni forest", "the Syrian
# desert"): taken in only when the longer name is known.
FEATURE_WORDS = frozenset(
    {
        "forest",
        "desert",
        "mountains",
        "hills",
        "range",
        "river",
        "lake",
        "islands",
        "plateau",
        "subcontinent",
    }
)


def extend_with_suffix(
    text: str, start: int, end: int, gazetteer: Gazetteer
) -> tuple[int, list[Candidate], str | None]:
    """Take in a following lower-case place word when the longer name is known.

    "Rasht valley" (Tajikistan) must not be read as "Rasht" (Iran).
    Returns the new end, the candidates and the type hint.
    """
    joined = _hyphen_tail(text, start, end, gazetteer)
    if joined is not None:
        return joined
    match = re.match(r"\s+([A-Za-z]+)", text[end : end + 30])
    word = match.group(1).lower() if match else ""
    if match and (word in PLACE_SUFFIXES or word in FEATURE_WORDS):
        longer_end = end + match.end()
        found, hint = gazetteer.lookup(text[start:longer_end])
        if found:
            return longer_end, found, hint or PLACE_SUFFIXES.get(word, "region")
    found, hint = gazetteer.lookup(text[start:end])
    return end, found, hint


# "Mazar-i-Sharif", "Mazar-e Sharif": the tagger may stop at the first hyphen.
_HYPHEN_TAIL = re.compile(r"(?:-[^\W\d_]+){1,3}(?: [A-Z][^\W\d_]+)?")


def _hyphen_tail(
    text: str, start: int, end: int, gazetteer: Gazetteer
) -> tuple[int, list[Candidate], str | None] | None:
    """The span taken on over a hyphenated rest of the name, when the whole is known."""
    match = _HYPHEN_TAIL.match(text, end)
    if match is None:
        return None
    tail = match.group(0)
    # try the longest first: "-e Sharif" before "-e"
    for cut in sorted({len(tail), len(tail.split(" ")[0])}, reverse=True):
        found, hint = gazetteer.lookup(text[start : end + cut])
        if found:
            return end + cut, found, hint
    return None


# "Islamic State Khorasan Province", "ISIS-K": a group's name, not a place.
_GROUP_BEFORE = re.compile(r"\b(?:Islamic State|ISIS|ISIL|IS|Daesh|Daesh's|IS's)[\s\-\u2019']*$")


def part_of_group_name(text: str, start: int, end: int) -> bool:
    if not _GROUP_BEFORE.search(text[max(0, start - 20) : start]):
        return False
    return text[start:end].lower().endswith("province") or _word_after(text, end) == "province"


def coordinated(text: str, start: int, previous: Proposal | None) -> bool:
    """ "Achin and Deh Bala": a span joined to a place just before it by "and" or a comma."""
    if previous is None or start - previous.end > 8:
        return False
    return re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)\s*", text[previous.end : start]) is not None


def capital_or_country(candidate: Candidate) -> bool:
    return candidate.place_type == "country" or (
        candidate.main_name and candidate.place.feature_code == "PPLC"
    )


def major(candidates: list[Candidate]) -> bool:
    """A country or province, or a curated place, under its own name."""
    return any(
        c.main_name
        and (c.place_type in ("country", "province") or c.place.id.startswith("curated:"))
        for c in candidates
    )


def strong(candidates: list[Candidate]) -> bool:
    return any(
        c.place.id.startswith("curated:")
        or c.place_type in ("country", "province")
        or c.population >= 100_000
        for c in candidates
    )


FUNCTION_WORDS = frozenset(
    {
        "the",
        "in",
        "at",
        "on",
        "from",
        "for",
        "to",
        "a",
        "an",
        "and",
        "but",
        "or",
        "as",
        "by",
        "with",
        "after",
        "before",
        "during",
        "when",
        "while",
        "if",
        "since",
        "near",
        "into",
        "of",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "sheikh",
        "mullah",
        "maulvi",
        "mawlawi",
        "hafiz",
        "qari",
        "haji",
    }
)


def overlapping(start: int, end: int, proposals: Sequence[Proposal]) -> bool:
    return any(p.start < end and start < p.end for p in proposals)


def person_tokens(text: str, ner_spans: Sequence[tuple[int, int, str]]) -> frozenset[str]:
    """Words of the text's multi-word PERSON names ("Kobe Bryant" makes "Bryant" a person)."""
    words: set[str] = set()
    for start, end, label in ner_spans:
        if label != "PERSON":
            continue
        tokens = [t.text for t in tokenize(text[start:end])]
        if len(tokens) > 1:
            words.update(t for t in tokens if t[0].isupper())
    return frozenset(words)


# "SAN ANTONIO (AP) -", "WINNIPEG —", "RALEIGH, N.C." at the start of a story or line.
