"""Gazetteer index and look-up: region names of towns, demonym targets, candidate filters."""

from __future__ import annotations

import pytest

from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.resolve import plausible


def town(name: str, country: str) -> Candidate:
    for candidate in Gazetteer.load().lookup(name)[0]:
        if candidate.place.country == country and candidate.place_type == "city":
            return candidate
    raise AssertionError(f"no town {name!r} in {country}")


# Towns nearer a neighbouring region's centroid than their own (New York's centroid is
# New York City): the index names their first-level region from countrystatecity's towns.
@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [
        ("Newark", "US", "New Jersey"),
        ("Hoboken", "US", "New Jersey"),
        ("Jersey City", "US", "New Jersey"),
        ("Camden", "US", "New Jersey"),
        ("Yonkers", "US", "New York"),
        ("Vancouver", "US", "Washington"),
        ("Kansas City", "US", "Missouri"),
        ("Gary", "US", "Indiana"),
        ("Jalalabad", "AF", "Nangarhar"),
        ("Asadabad", "AF", "Kunar"),
        ("Khujand", "TJ", "Sughd"),
        ("Peshawar", "PK", "Khyber Pakhtunkhwa"),
    ],
)
def test_towns_name_their_first_level_region(name: str, country: str, admin1: str) -> None:
    assert town(name, country).place.admin1 == admin1


@pytest.mark.parametrize(
    ("demonym", "place", "kind"),
    [
        ("Uzbek", "Uzbekistan", "country"),
        ("Afghan", "Afghanistan", "country"),
        ("Swiss", "Switzerland", "country"),
        ("South African", "South Africa", "country"),
        ("European", "Europe", "region"),
        ("Latin American", "South America", "region"),
        ("Scottish", "Scotland", "province"),
        ("Texan", "Texas", "province"),
    ],
)
def test_demonym_targets(demonym: str, place: str, kind: str) -> None:
    gazetteer = Gazetteer.load()
    assert gazetteer.is_demonym(demonym) and not gazetteer.is_people_noun(demonym)
    [candidate] = gazetteer.demonym_country(demonym)
    assert (candidate.place.name, candidate.place_type) == (place, kind)


@pytest.mark.parametrize(
    ("word", "people"),
    [
        ("Uzbeks", True),
        ("Russians", True),
        ("Kurds", True),
        ("Uzbek", False),
        ("Swiss", False),
    ],
)
def test_plural_demonyms_are_people(word: str, people: bool) -> None:
    assert Gazetteer.load().is_people_noun(word) is people


@pytest.mark.parametrize("word", ["Muslim", "Korean", "Arab"])
def test_demonyms_without_a_place(word: str) -> None:
    gazetteer = Gazetteer.load()
    assert gazetteer.is_demonym(word) and gazetteer.demonym_country(word) == []


@pytest.mark.parametrize(
    ("name", "kept", "dropped"),
    [
        # A country's own name is never read as an alternate name of a town.
        ("Mexico", "Mexico", "Mexico City"),
        ("Kuwait", "Kuwait", "Kuwait City"),
    ],
)
def test_alternate_names_of_towns_yield_to_a_country(name: str, kept: str, dropped: str) -> None:
    names = [c.place.name for c in plausible(Gazetteer.load().lookup(name)[0])]
    assert kept in names and dropped not in names


def test_aliases_reach_their_places() -> None:
    gazetteer = Gazetteer.load()
    for alias, country in [
        ("Holy See", "VA"),
        ("DPRK", "KP"),
        ("B.C.", "CA"),
        ("Washington, D.C.", "US"),
        ("Latin America", None),
    ]:
        candidates = gazetteer.lookup(alias)[0]
        assert candidates and candidates[0].place.country == country, alias
