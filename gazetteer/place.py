"""The value objects of the gazetteer: a place, and a scored candidate for a name."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Kinds of place, coarsest first. ``geo_precision`` in incidents derives from these.
KINDS = ("country", "region", "district", "city", "town", "village")


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer.

    Coordinates are kept as ``lat``/``lon`` everywhere inside the package; only the
    GeoJSON writers flip them to ``[lon, lat]``.

    Parameters
    ----------
    id : str
        Stable identifier, prefixed by its source: ``"gn:148141"`` (GeoNames),
        ``"wof:85668691"`` (Who's On First), ``"nk:..."`` (project-defined regions),
        ``"osm:..."`` (online fallback).
    name : str
        Preferred English display name.
    lat, lon : float
        WGS84 coordinates.
    country : str | None
        ISO 3166-1 alpha-2 code, or None for areas without one.
    kind : str
        One of :data:`KINDS`.
    population : int
        0 when unknown.
    admin1, admin2 : str | None
        Names of the first/second-level administrative parents.
    names : tuple[str, ...]
        Every known name variant (all scripts), deduplicated.
    source : str
        Which data set(s) the record came from, e.g. ``"geonames+wof"``.
    """

    id: str
    name: str
    lat: float
    lon: float
    country: str | None
    kind: str
    population: int = 0
    admin1: str | None = None
    admin2: str | None = None
    names: tuple[str, ...] = field(default=(), compare=False, repr=False)
    source: str = "geonames"


@dataclass(frozen=True)
class Candidate:
    """A place proposed for a name, with the score that ranked it (higher is better)."""

    place: Place
    score: float
    matched: str = ""
    reasons: tuple[str, ...] = ()
