"""Choosing one place per proposed span, using priors and the document's other places.

Scores are additive and small enough to read: a country outranks a
province, which outranks a town of the same name unless the town is large
or the province is named after it; a hint from context ("Kunar province",
"the districts of ...") outweighs the priors; and the countries, provinces
and neighbourhoods the rest of the document settles on pull ambiguous
names towards them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from spoor.geo.detect import Proposal
from spoor.geo.gazetteer import Candidate

HINT_BONUS = 5.0
COUNTRY_CONTEXT_WEIGHT = 3.0
ADMIN1_CONTEXT_BONUS = 2.0
NEAR_CONTEXT_BONUS = 1.5
NEAR_KM = 150.0
_HINT_TYPES = {
    "province": {"province"},
    "district": {"district"},
    "region": {"region", "district"},
    "city": {"city"},
    "historical_region": {"historical_region", "region"},
}


@dataclass(slots=True)
class Choice:
    proposal: Proposal
    candidate: Candidate
    score: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def prior(candidate: Candidate, siblings: list[Candidate]) -> float:
    """Score of a candidate before context: its kind and size."""
    place, kind = candidate.place, candidate.place_type
    curated = place.id.startswith("curated:")
    if kind == "country":
        score = 10.0 + math.log10(candidate.population + 10) / 10
    elif kind in ("region", "historical_region") and place.precision >= 3:
        score = 7.5
    elif kind == "province":
        score = 6.5
    elif kind in ("district", "region"):
        score = 6.0 if curated else 5.0
    else:
        score = math.log10(candidate.population + 10)
        if place.feature_code == "PPLC":
            score += 1.0
        if candidate.population >= 300_000:
            score += 1.0  # a large city outranks a far-away province of its name
        if candidate.population >= 50_000 and _names_its_province(candidate, siblings):
            score += 1.5
    if candidate.main_name:
        score += 1.0
    return score


def _names_its_province(city: Candidate, siblings: list[Candidate]) -> bool:
    """Kunduz the town inside Kunduz the province: the town is the likelier referent."""
    return any(
        other.place_type == "province" and other.place.country == city.place.country
        and haversine_km(city.place.lat, city.place.lon, other.place.lat, other.place.lon)
        < NEAR_KM
        for other in siblings
    )


def _hint_bonus(candidate: Candidate, hint: str | None) -> float:
    if hint and candidate.place_type in _HINT_TYPES.get(hint, set()):
        return HINT_BONUS
    return 0.0


@dataclass(slots=True)
class _Context:
    countries: Counter[str | None]
    admin1: Counter[tuple[str | None, str]]
    points: list[tuple[int, float, float]]  # (proposal index, lat, lon) of sub-national places
    total: float


def _context(choices: list[Choice | None]) -> _Context:
    countries: Counter[str | None] = Counter()
    admin1: Counter[tuple[str | None, str]] = Counter()
    points = []
    for index, choice in enumerate(choices):
        if choice is None:
            continue
        place = choice.candidate.place
        weight = 2 if choice.candidate.place_type == "country" else 1
        if place.country:
            countries[place.country] += weight
        if choice.candidate.place_type == "province" and place.admin1:
            admin1[(place.country, place.admin1)] += 1
        if choice.candidate.place_type != "country" and place.precision <= 2:
            points.append((index, place.lat, place.lon))
    return _Context(countries, admin1, points, float(sum(countries.values())))


def _context_bonus(index: int, own: Choice | None, candidate: Candidate, ctx: _Context) -> float:
    place = candidate.place
    bonus = 0.0
    own_country = own.candidate.place.country if own else None
    own_weight = (2 if own and own.candidate.place_type == "country" else 1) if own else 0
    total = ctx.total - (own_weight if own_country else 0)
    if place.country and total > 0:
        count = ctx.countries[place.country] - (own_weight if own_country == place.country else 0)
        bonus += COUNTRY_CONTEXT_WEIGHT * count / total
    if place.admin1 and candidate.place_type != "province":
        own_key = (own.candidate.place.country, own.candidate.place.admin1) if own else None
        count = ctx.admin1[(place.country, place.admin1)] - (
            1 if own_key == (place.country, place.admin1) else 0)
        if count > 0:
            bonus += ADMIN1_CONTEXT_BONUS
    if candidate.place_type != "country" and any(
        other != index and haversine_km(place.lat, place.lon, lat, lon) < NEAR_KM
        for other, lat, lon in ctx.points
    ):
        bonus += NEAR_CONTEXT_BONUS
    return bonus


def _best(proposal: Proposal, extra: list[float] | None = None) -> Choice | None:
    if not proposal.candidates:
        return None
    scored = [
        (prior(c, proposal.candidates) + _hint_bonus(c, proposal.hint)
         + (extra[i] if extra else 0.0), i)
        for i, c in enumerate(proposal.candidates)
    ]
    score, index = max(scored)
    return Choice(proposal, proposal.candidates[index], score)


def resolve(proposals: list[Proposal]) -> list[Choice | None]:
    """One choice (or None) per proposal, in the same order."""
    first = [_best(p) for p in proposals]
    ctx = _context(first)
    final: list[Choice | None] = []
    for index, proposal in enumerate(proposals):
        extra = [_context_bonus(index, first[index], c, ctx) for c in proposal.candidates]
        final.append(_best(proposal, extra))
    return final
