"""Distances on the Earth, the one geometry helper of the project (lat/lon in degrees, WGS84)."""

from __future__ import annotations

import math

#: Mean Earth radius (IUGG), km.
EARTH_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine).

    Examples
    --------
    >>> round(distance_km(50.45, 30.52, 49.99, 36.23))  # Kyiv to Kharkiv
    410
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))
