"""Choosing one place per proposed span, using priors and the document's other places.

Scores are additive and small enough to read: a country outranks a
province, which outranks a town of the same name unless the town is large
or the province is named after it; a town known only by an alternate name
yields to a country or province owning the name; a hint from context
("Kunar province", "the districts of ...") outweighs the priors; "Place,
Region" pairs ("Portland, Maine") settle each other; and the countries,
provinces and neighbourhoods the rest of the document settles on pull
ambiguous names towards them (a name never vouches for itself). Context is
re-read for a few rounds, so that one settled name can settle another.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spoor.geo.distance import haversine_km
from spoor.geo.gazetteer import Candidate
from spoor.geo.normalize import normalize_name
from spoor.geo.spans import Proposal

HINT_BONUS = 5.0
COUNTRY_CONTEXT_WEIGHT = 3.0
ADMIN1_CONTEXT_BONUS = 2.0
NEAR_CONTEXT_BONUS = 1.5
NEAR_KM = 150.0
# Rounds of re-reading the document's context: a name settled in one round
# ("Georgia" the state) can settle another in the next ("Savannah").
CONTEXT_ROUNDS = 3
ALIAS_CITY_PENALTY = 1.0
CONTAINS_BONUS = 2.0  # a province holding places the document names
PAIR_BONUS = 4.0  # "Slidell, La.", "Austin, Texas": a place then the region holding it
# A town we curated because conflict reporting names it (no population on record) stands
# against a namesake elsewhere that only the document's context can outweigh.
CURATED_TOWN_BONUS = 1.5
CURATED_REGION_BONUS = 0.5
# A country where a group the document names mainly operates (kb/areas.yaml): enough to
# take a large town there over a same-named province elsewhere, not a named country.
ACTOR_COUNTRY_BONUS = 1.5
_PAIR_GAP = re.compile(r"\s*,\s*")
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


def prior(candidate: Candidate, siblings: list[Candidate]) -> float:
    """Score of a candidate before context: its kind and size."""
    place, kind = candidate.place, candidate.place_type
    curated = place.id.startswith("curated:")
    if kind == "country":
        score = 10.0 + math.log10(candidate.population + 10) / 10
    elif kind in ("region", "historical_region") and place.precision >= 3:
        # a region we curated under a short name ("the Gulf", "the West") over a same-named
        # province elsewhere (Papua New Guinea's Gulf), unless the text points there
        score = 7.5 + (CURATED_REGION_BONUS if curated else 0.0)
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
        if curated:
            score += CURATED_TOWN_BONUS
    if candidate.main_name:
        score += 1.0
    elif kind == "city":
        score -= ALIAS_CITY_PENALTY  # "Augusta" is Augsburg's Latin name, but first Augusta's own
    return score


def _names_its_province(city: Candidate, siblings: list[Candidate]) -> bool:
    """Kunduz the town inside Kunduz the province: the town is the likelier referent."""
    return any(
        other.place_type == "province"
        and other.place.country == city.place.country
        and haversine_km(city.place.lat, city.place.lon, other.place.lat, other.place.lon) < NEAR_KM
        for other in siblings
    )


def _hint_bonus(candidate: Candidate, hint: str | None) -> float:
    if hint and candidate.place_type in _HINT_TYPES.get(hint, set()):
        return HINT_BONUS
    return 0.0


@dataclass(slots=True)
class _Evidence:
    """What one distinct name, as first resolved, says about the document's geography."""

    country: str | None
    weight: int  # a country counts twice
    province: tuple[str | None, str] | None  # (country, admin1) of a province
    inside: tuple[str | None, str] | None  # (country, admin1) of a town or district
    point: tuple[float, float] | None  # a sub-national place


def _evidence(choice: Choice) -> _Evidence:
    place, kind = choice.candidate.place, choice.candidate.place_type
    admin1 = (place.country, place.admin1) if place.admin1 else None
    return _Evidence(
        country=place.country,
        weight=2 if kind == "country" else 1,
        province=admin1 if kind == "province" else None,
        inside=admin1 if kind in ("city", "district") else None,
        point=(place.lat, place.lon) if kind != "country" and place.precision <= 2 else None,
    )


def _context(
    proposals: list[Proposal], choices: list[Choice | None]
) -> list[tuple[str, _Evidence]]:
    """Evidence from each resolved mention, with the name it came from.

    A name never vouches for itself: "Nelson" four times is no reason for
    New Zealand; a name the text repeats counts once per mention for others.
    """
    return [
        (normalize_name(proposal.text), _evidence(choice))
        for proposal, choice in zip(proposals, choices, strict=True)
        if choice is not None
    ]


def _context_bonus(key: str, candidate: Candidate, ctx: list[tuple[str, _Evidence]]) -> float:
    place = candidate.place
    others = [ev for name, ev in ctx if name != key]
    bonus = 0.0
    total = sum(ev.weight for ev in others if ev.country)
    if place.country and total > 0:
        count = sum(ev.weight for ev in others if ev.country == place.country)
        bonus += COUNTRY_CONTEXT_WEIGHT * count / total
    admin1 = (place.country, place.admin1) if place.admin1 else None
    if (
        admin1
        and candidate.place_type != "province"
        and any(ev.province == admin1 for ev in others)
    ):
        bonus += ADMIN1_CONTEXT_BONUS
    if admin1 and candidate.place_type == "province" and any(ev.inside == admin1 for ev in others):
        bonus += CONTAINS_BONUS  # "Washington" the state when the text also names Seattle
    if candidate.place_type != "country" and any(
        ev.point is not None
        and haversine_km(place.lat, place.lon, ev.point[0], ev.point[1]) < NEAR_KM
        for ev in others
    ):
        bonus += NEAR_CONTEXT_BONUS
    return bonus


def plausible(candidates: list[Candidate]) -> list[Candidate]:
    """Drop towns known only by an alternate name when a country or province owns the name.

    "Mexico" is an alternate name of Mexico City, but it is the country's own
    name; a document full of Mexican towns must not turn the country into its
    capital.
    """
    if not any(c.main_name and c.place_type in ("country", "province") for c in candidates):
        return candidates
    return [c for c in candidates if c.main_name or c.place_type != "city"]


def _best(proposal: Proposal, extra: list[float] | None = None) -> Choice | None:
    allowed = plausible(proposal.candidates)
    if not allowed:
        return None
    scored = [
        (
            prior(c, proposal.candidates)
            + _hint_bonus(c, proposal.hint)
            + (extra[i] if extra else 0.0),
            i,
        )
        for i, c in enumerate(proposal.candidates)
        if c in allowed
    ]
    score, index = max(scored)
    return Choice(proposal, proposal.candidates[index], score)


def _contains(region: Candidate, place: Candidate) -> bool:
    if region.place.country is None or region.place.country != place.place.country:
        return False
    if region.place_type == "country":
        return place.place_type != "country"
    return (
        region.place_type == "province"
        and place.place_type != "province"
        and region.place.admin1 is not None
        and region.place.admin1 == place.place.admin1
    )


def _pair_bonuses(proposals: list[Proposal], text: str) -> list[list[float]]:
    """Bonuses for "Place, Region" pairs where the region holds the place."""
    bonuses = [[0.0] * len(p.candidates) for p in proposals]
    for k in range(len(proposals) - 1):
        first, second = proposals[k], proposals[k + 1]
        if not text or not _PAIR_GAP.fullmatch(text[first.end : second.start]):
            continue
        for j, region in enumerate(second.candidates):
            same = [i for i, c in enumerate(first.candidates) if c.place.id == region.place.id]
            if same:  # "Washington, D.C.": the second part says which Washington
                bonuses[k + 1][j] += PAIR_BONUS
                for i in same:
                    bonuses[k][i] = PAIR_BONUS
                continue
            if region.place_type not in ("country", "province"):
                continue
            held = [i for i, c in enumerate(first.candidates) if _contains(region, c)]
            if held:
                bonuses[k + 1][j] += PAIR_BONUS
                for i in held:
                    bonuses[k][i] = PAIR_BONUS
    return bonuses


def resolve(
    proposals: list[Proposal], text: str = "", actor_countries: frozenset[str] = frozenset()
) -> list[Choice | None]:
    """One choice (or None) per proposal, in the same order.

    ``text`` (the text the proposals point into) lets "Place, Region" pairs
    settle each other; ``actor_countries`` are where the groups it names operate.
    """
    pairs = _pair_bonuses(proposals, text)
    for k, proposal in enumerate(proposals):
        for i, candidate in enumerate(proposal.candidates):
            if candidate.place.country in actor_countries and candidate.place_type != "country":
                pairs[k][i] += ACTOR_COUNTRY_BONUS
    choices = [_best(p, pairs[k]) for k, p in enumerate(proposals)]
    keys = [normalize_name(p.text) for p in proposals]
    for _ in range(CONTEXT_ROUNDS):
        ctx = _context(proposals, choices)
        updated = [
            _best(
                proposal,
                [
                    _context_bonus(keys[index], c, ctx) + pairs[index][i]
                    for i, c in enumerate(proposal.candidates)
                ],
            )
            for index, proposal in enumerate(proposals)
        ]
        settled = all(
            (a is None and b is None)
            or (a is not None and b is not None and a.candidate is b.candidate)
            for a, b in zip(choices, updated, strict=True)
        )
        choices = updated
        if settled:
            break
    return choices
