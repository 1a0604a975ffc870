"""Ranking candidates for a name: name match quality, population and kind, context."""

from __future__ import annotations

import math

from gazetteer.normalize import fold, normalize
from gazetteer.place import Candidate, Place

KIND_BONUS = {"country": 0.6, "region": 0.1, "district": 0.0, "city": 0.3, "town": 0.2, "village": 0.0}


def name_quality(place: Place, name: str) -> float:
    """1.0 when ``name`` is the display name, 0.8 another exact spelling, 0.6 same key only."""
    folded = fold(name.strip())
    if fold(place.name) == folded:
        return 1.0
    if any(fold(n) == folded for n in place.names):
        return 0.8
    return 0.6


def prior(place: Place) -> float:
    """Context-free plausibility: bigger places and settlements first."""
    return 0.15 * math.log10(place.population + 1) + KIND_BONUS.get(place.kind, 0.0)


def resolve_name(gaz, name: str, *, context: str | None = None, limit: int = 10) -> list[Candidate]:
    places = gaz.lookup(name)
    scored = [Candidate(p, round(name_quality(p, name) + prior(p), 4), name, ("name", "prior")) for p in places]
    scored.sort(key=lambda c: (-c.score, c.place.id))
    return scored[:limit]
