"""How close a candidate place is to the other places of a text, fast on long texts.

The *near* part of a candidate's score (see :mod:`gazetteer.rank`) is the best
``weight * together * exp(-d / NEAR_KM)`` over the places picked for the text's other
names (*anchors*), ``d`` measured to the edge of an area, ``together`` 1.0 for an anchor
of the candidate's own enumeration and 0.6 otherwise. Scored naively, a text of ``n``
distinct places costs ``n * n`` distances per round: 51 s for 3,000 places. Here the
distances to all anchors are one vectorised computation per distinct (place, name key)
and round, cached (a name repeated 200 times costs one), and only the anchors of the
candidate's own enumeration (a handful) are looked at again per occurrence.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from gazetteer.geometry import EARTH_KM
from gazetteer.place import Place

#: Closeness decays by e over this many km.
NEAR_KM = 50.0
#: Factor of an anchor outside the candidate's enumeration.
APART = 0.6

# (place, weight, radius km, name key, enumeration group) of another name's pick
Anchor = tuple[Place, float, float, str, "int | None"]


def distances_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances in km from one point to arrays of points (degrees).

    The vectorised twin of :func:`gazetteer.geometry.distance_km` (same haversine).
    """
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


class AnchorIndex:
    """The anchors of one disambiguation round, for :meth:`nearness` queries.

    Parameters
    ----------
    anchors : list[Anchor]
        Countries among them are ignored (a country is near everything in it).
    """

    def __init__(self, anchors: list[Anchor]) -> None:
        self.anchors = anchors
        kept = [a for a in anchors if a[0].kind != "country"]
        self._lats = np.array([a[0].lat for a in kept], dtype=float)
        self._lons = np.array([a[0].lon for a in kept], dtype=float)
        self._radius = np.array([a[2] for a in kept], dtype=float)
        self._weight = np.array([a[1] for a in kept], dtype=float)
        self._keys = np.array([a[3] for a in kept], dtype=object)
        self._ids = np.array([a[0].id for a in kept], dtype=object)
        # An enumeration holds a handful of anchors: plain Python beats numpy's per-call cost there.
        self._groups: dict[int, list[tuple[float, float, float, float, str, str]]] = {
            group: [(kept[i][0].lat, kept[i][0].lon, kept[i][2], kept[i][1], kept[i][3], kept[i][0].id) for i in rows]
            for group, rows in _rows_by_group(kept).items()
        }
        self._apart: dict[tuple[str, str], float] = {}

    def nearness(self, place: Place, key: str, group: int | None) -> float:
        """Best closeness of ``place`` (written as ``key``) to an anchor of another name."""
        cache = (place.id, key)
        best = self._apart.get(cache)
        if best is None:
            best = self._apart[cache] = APART * self._best(place, key, slice(None))
        members = self._groups.get(group) if group is not None else None
        if members:
            best = max(best, _best_of(place, key, members))
        return best

    def _best(self, place: Place, key: str, rows) -> float:
        keys, ids = self._keys[rows], self._ids[rows]
        if not len(keys):
            return 0.0
        d = distances_km(place.lat, place.lon, self._lats[rows], self._lons[rows]) - self._radius[rows]
        closeness = self._weight[rows] * np.exp(-np.maximum(d, 0.0) / NEAR_KM)
        closeness[(keys == key) | (ids == place.id)] = 0.0
        return float(closeness.max())


def _best_of(place: Place, key: str, members) -> float:
    """:meth:`AnchorIndex._best` over a few anchors, one at a time (same formula)."""
    best = 0.0
    p1 = math.radians(place.lat)
    cos_p1 = math.cos(p1)
    for lat, lon, radius, weight, anchor_key, anchor_id in members:
        if anchor_key == key or anchor_id == place.id:
            continue
        p2 = math.radians(lat)
        a = math.sin((p2 - p1) / 2) ** 2 + cos_p1 * math.cos(p2) * math.sin(math.radians(lon - place.lon) / 2) ** 2
        d = 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a))) - radius
        best = max(best, weight * math.exp(-max(d, 0.0) / NEAR_KM))
    return best


def _rows_by_group(anchors: list[Anchor]) -> dict[int, list[int]]:
    rows: dict[int, list[int]] = defaultdict(list)
    for i, anchor in enumerate(anchors):
        if anchor[4] is not None:
            rows[anchor[4]].append(i)
    return rows


class Reach:
    """Places with a name key and a radius, for "is any within ``km`` of this place" queries.

    Parameters
    ----------
    anchors : list[tuple[str, Place, float]]
        (name key, place, radius km), as the text's area lists them
        (:class:`gazetteer.area.TextArea`).
    """

    def __init__(self, anchors) -> None:
        self._lats = np.array([a[1].lat for a in anchors], dtype=float)
        self._lons = np.array([a[1].lon for a in anchors], dtype=float)
        self._radius = np.array([a[2] for a in anchors], dtype=float)
        self._keys = np.array([a[0] for a in anchors], dtype=object)
        self._ids = np.array([a[1].id for a in anchors], dtype=object)
        self._cache: dict[tuple[str, str, float], bool] = {}

    def any_within(self, place: Place, key: str, km: float) -> bool:
        """Whether a place of another key and id lies within ``km`` of ``place`` (to its edge)."""
        cache = (place.id, key, km)
        found = self._cache.get(cache)
        if found is None:
            if not len(self._keys):
                found = False
            else:
                d = distances_km(place.lat, place.lon, self._lats, self._lons) - self._radius
                found = bool(np.any((d <= km) & (self._keys != key) & (self._ids != place.id)))
            self._cache[cache] = found
        return found
