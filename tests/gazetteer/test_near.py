"""Nearness of candidates to the text's other places: the fast index agrees with the formula."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from gazetteer import Place
from gazetteer.near import APART, NEAR_KM, AnchorIndex, Reach, distances_km
from gazetteer.geometry import distance_km


def _place(i: int, rng: random.Random, kind: str = "village") -> Place:
    return Place(id=f"t:{i}", name=f"P{i}", lat=rng.uniform(38.5, 41.5), lon=rng.uniform(44.0, 48.5), country="AZ",
                 kind=kind)


def _naive(place, key, group, anchors) -> float:
    best = 0.0
    for anchor, weight, radius, anchor_key, anchor_group in anchors:
        if anchor_key == key or anchor.id == place.id or anchor.kind == "country":
            continue
        together = 1.0 if group is not None and group == anchor_group else APART
        d = max(0.0, distance_km(place.lat, place.lon, anchor.lat, anchor.lon) - radius)
        best = max(best, weight * together * math.exp(-d / NEAR_KM))
    return best


@pytest.mark.parametrize("seed", range(5))
def test_anchor_index_matches_the_pairwise_formula(seed):
    rng = random.Random(seed)
    anchors = [(_place(i, rng, rng.choice(["village", "town", "district", "country"])), rng.choice([1.0, 0.7]),
                rng.choice([0.0, 0.0, 25.0]), f"k{i % 40}", rng.randrange(30)) for i in range(120)]
    index = AnchorIndex(anchors)
    for j in range(60):
        place = anchors[j][0] if j % 3 == 0 else _place(1000 + j, rng)
        key, group = f"k{rng.randrange(45)}", rng.choice([None, rng.randrange(30)])
        assert index.nearness(place, key, group) == pytest.approx(_naive(place, key, group, anchors), abs=1e-9)


def test_vector_distances_equal_the_scalar_haversine():
    lats, lons = np.array([40.18, 39.82, -33.9]), np.array([44.51, 46.75, 151.2])
    got = distances_km(40.41, 49.87, lats, lons)
    assert got == pytest.approx([distance_km(40.41, 49.87, a, b) for a, b in zip(lats, lons)], rel=1e-12)


def test_reach_ignores_the_same_name_and_place():
    rng = random.Random(1)
    here, there = _place(1, rng), _place(2, rng)
    reach = Reach([("a", here, 0.0), ("b", there, 0.0)])
    far = distance_km(here.lat, here.lon, there.lat, there.lon)
    assert reach.any_within(here, "a", far + 1) and not reach.any_within(here, "a", far - 1)
    assert not reach.any_within(here, "b", far + 1) and not Reach([]).any_within(here, "a", 1e6)
