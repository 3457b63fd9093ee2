"""Great-circle distance against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from spoor.geo.distance import EARTH_RADIUS_KM, haversine_km


@pytest.mark.parametrize(
    ("points", "expected_km"),
    [
        ((0.0, 0.0, 0.0, 0.0), 0.0),
        # one degree along the equator or a meridian is 2*pi*R/360
        ((0.0, 10.0, 0.0, 11.0), 2 * math.pi * EARTH_RADIUS_KM / 360),
        ((34.0, 70.0, 35.0, 70.0), 2 * math.pi * EARTH_RADIUS_KM / 360),
        # antipodes: half the circumference, without a domain error from rounding
        ((10.0, 20.0, -10.0, -160.0), math.pi * EARTH_RADIUS_KM),
        # across the antimeridian: 2 degrees, not 358
        ((0.0, 179.0, 0.0, -179.0), 2 * 2 * math.pi * EARTH_RADIUS_KM / 360),
    ],
)
def test_haversine_km(points: tuple[float, float, float, float], expected_km: float) -> None:
    assert haversine_km(*points) == pytest.approx(expected_km, abs=0.01)
