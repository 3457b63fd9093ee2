"""Places named inside longer names: "Toronto Police Service" -> Toronto.

Used in toponyms mode for organisation names and for place spans that hold
several places ("Greece Italy" with a lost comma).
"""

from __future__ import annotations

from collections.abc import Sequence

from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.spans import (
    DIRECTIONS,
    FUNCTION_WORDS,
    PLACE_LABELS,
    Proposal,
    Token,
    capital_or_country,
    capitalised,
    overlapping,
    tokenize,
)

EMBEDDED_MIN_POPULATION = 100_000
EMBEDDED_INSTITUTION_POPULATION = 5_000


def _embedded_strong(
    candidates: list[Candidate], institution: bool, known: frozenset[str], surface: str
) -> list[Candidate]:
    """Candidates major enough to be trusted inside another name.

    Countries, provinces, wide regions and curated places always are; a
    town is when it is large, when an institution word follows it
    ("Beverly Hills Police Department", "Cavan County Council"), or when
    the text names it as a place elsewhere (one sense per document).
    """
    floor = EMBEDDED_MIN_POPULATION
    if surface in known:
        floor = 0
    elif institution:
        floor = EMBEDDED_INSTITUTION_POPULATION
    return [
        c
        for c in candidates
        if c.place_type == "country"
        or (c.place_type == "province" and c.main_name)
        or c.place.id.startswith("curated:")
        or (c.place_type == "region" and c.place.precision >= 3 and c.main_name)
        or (c.place_type in ("city", "district") and c.main_name and c.population >= floor)
    ]


# Words after a town's name that make the whole an institution of that town.
_INSTITUTIONS = frozenset(
    {
        "police",
        "sheriff",
        "sheriff's",
        "fire",
        "county",
        "city",
        "council",
        "commission",
        "department",
        "club",
        "school",
        "schools",
        "university",
        "college",
        "hospital",
        "airport",
        "times",
        "post",
        "herald",
        "tribune",
        "gazette",
        "news",
        "chronicle",
        "journal",
        "courier",
        "star",
        "press",
        "observer",
        "mail",
        "board",
        "court",
        "municipal",
        "chamber",
        "museum",
        "port",
        "station",
        "institute",
        "academy",
        "pd",
        "district",
        "public",
        "community",
        "women",
        "woman's",
        "woman\u2019s",
        "library",
        "cathedral",
        "mosque",
        "prison",
        "jail",
    }
)


def _split_hyphens(tokens: list[Token]) -> list[Token]:
    """Split "Asia-Pacific" in two and drop possessives ("Pakistan's"); offsets kept."""
    out = []
    for token in tokens:
        for suffix in ("'s", "\u2019s"):
            if token.text.endswith(suffix) and len(token.text) > len(suffix):
                token = Token(token.start, token.end - len(suffix), token.text[: -len(suffix)])
        if "-" not in token.text:
            out.append(token)
            continue
        offset = token.start
        for part in token.text.split("-"):
            if part:
                out.append(Token(offset, offset + len(part), part))
            offset += len(part) + 1
    return out


def places_inside(
    text: str, tokens: list[Token], gazetteer: Gazetteer, known: frozenset[str] = frozenset()
) -> list[Proposal]:
    """Places named inside a longer name: "Toronto Police Service" -> Toronto."""
    tokens = _split_hyphens(tokens)
    found = []
    i = 0
    while i < len(tokens):
        if not capitalised(tokens[i]) or tokens[i].text.lower() in FUNCTION_WORDS:
            i += 1
            continue
        for j in range(min(len(tokens), i + 4), i, -1):
            start, end = tokens[i].start, tokens[j - 1].end
            surface = text[start:end]
            if gazetteer.is_demonym(surface):
                continue
            institution = j < len(tokens) and tokens[j].text.lower() in _INSTITUTIONS
            candidates = _embedded_strong(gazetteer.lookup(surface)[0], institution, known, surface)
            if gazetteer.is_stopword(surface):
                # "Washington" is a stopword (a surname); "The Washington Post" names the capital.
                candidates = [c for c in candidates if capital_or_country(c)]
            if surface.isupper():
                # "BA", "CIS": acronyms, unless a country or region owns them ("US", "UAE").
                candidates = [c for c in candidates if c.place_type in ("country", "province")]
            if candidates and i > 0 and tokens[i - 1].text in _QUALIFIER_WORDS:
                candidates = []  # "North Africa", "Latin America": not Africa, not America
            if candidates:
                found.append(Proposal(start, end, surface, "embedded", candidates, None, False))
                i = j
                break
        else:
            i += 1
    return found


# Capitalised words that make the name after them another place.
_QUALIFIER_WORDS = frozenset(word.capitalize() for word in DIRECTIONS) | {
    "Latin",
    "New",
    "Old",
    "Sub",
    "Saharan",
}
_NOT_EMBEDDING = PLACE_LABELS | {
    "PERSON",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
    "LANGUAGE",
}


def embedded_proposals(
    text: str,
    gazetteer: Gazetteer,
    ner_spans: Sequence[tuple[int, int, str]],
    existing: Sequence[Proposal],
) -> list[Proposal]:
    """Places inside organisation, facility and event names ("The Washington Post").

    Any span but a place, a person ("George Washington") or a number may
    hold one, including the knowledge base's actor names ("Pakistan Army").
    """
    known = frozenset(p.text for p in existing)
    found: list[Proposal] = []
    for start, end, label in ner_spans:
        if label in _NOT_EMBEDDING or overlapping(start, end, existing):
            continue
        tokens = [Token(t.start + start, t.end + start, t.text) for t in tokenize(text[start:end])]
        found.extend(places_inside(text, tokens, gazetteer, known))
    for start, end, label in ner_spans:
        # spaCy calls "Miami Herald" and "Abuja Chamber of Commerce" people; an institution
        # word right after a town in such a span makes it the town's institution.
        if label != "PERSON" or overlapping(start, end, existing):
            continue
        tokens = [Token(t.start + start, t.end + start, t.text) for t in tokenize(text[start:end])]
        if len(tokens) > 1 and tokens[1].text.lower() in _INSTITUTIONS:
            found.extend(places_inside(text, tokens[:1] + tokens[1:2], gazetteer, known))
    return found
