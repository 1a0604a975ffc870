"""RFC 7946 feature collections of incidents and places, written byte-for-byte reproducibly.

The schema (docs/outputs.md#geojson-schema) is fixed here: property keys in
a fixed order, coordinates ``[lon, lat]`` rounded to 6 decimals (about 0.1 m), features in
a deterministic order, no ``crs`` member (RFC 7946 section 4: always WGS84). Inside the
package coordinates are ``lat``/``lon``; this module is the one place they flip.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo.model import Incident, PlaceMention, Source

if TYPE_CHECKING:
    from gazetteer.place import Place

#: Decimal places kept in coordinates: 1e-6 degree is about 0.11 m, far below what an
#: article can locate, and rounding keeps outputs identical across float noise.
COORDINATE_DECIMALS = 6

#: Decimal places kept in an area's radius (km): 100 m, finer than any area is known.
RADIUS_DECIMALS = 1

#: Property keys of incidents.geojson, in output order.
INCIDENT_PROPERTIES = (
    "id",
    "event_type",
    "date",
    "date_end",
    "date_precision",
    "background",
    "place",
    "place_id",
    "country",
    "geo_precision",
    "place_radius_km",
    "killed",
    "wounded",
    "killed_civilians",
    "killed_military",
    "wounded_civilians",
    "wounded_military",
    "casualties_noted",
    "claimed_by",
    "denied_by",
    "actor",
    "origin",
    "articles",
    "evidence",
    "sources",
)

#: Casualty figures among them, in :meth:`geo.model.Casualties.figures` order.
CASUALTY_PROPERTIES = INCIDENT_PROPERTIES[INCIDENT_PROPERTIES.index("killed"):][:6]

#: Property keys of places.geojson, in output order.
PLACE_PROPERTIES = ("place_id", "name", "kind", "country", "mentions", "metonym_mentions", "articles")


def point(lat: float, lon: float) -> dict:
    """A GeoJSON Point geometry; note the flip to ``[lon, lat]`` (RFC 7946 section 3.1.1)."""
    return {
        "type": "Point",
        "coordinates": [round(float(lon), COORDINATE_DECIMALS), round(float(lat), COORDINATE_DECIMALS)],
    }


def incident_sort_key(incident: Incident) -> tuple:
    """Dated incidents first by date, then type, place and id; undated ones last."""
    return (
        incident.date is None,
        incident.date.isoformat() if incident.date else "",
        incident.date_end.isoformat() if incident.date_end else "",
        incident.event_type,
        incident.place_id,
        incident.id,
    )


def incident_sources(incident: Incident, sources: Mapping[str, Source] | None = None) -> list[dict]:
    """One ``{article, title, outlet, url, published}`` per article of ``incident``, in ``articles`` order.

    An article ``sources`` does not describe is listed by name, its other keys null.
    """
    sources = sources or {}
    return [(sources.get(a) or Source(article=a)).to_dict() | {"article": a} for a in incident.articles]


def place_radius_km(place: Place, radius_km: Callable[[Place], float] | None) -> float | None:
    """The radius (km, rounded) of the area ``place`` covers, or None for a point or an unknown size.

    ``radius_km`` is usually :meth:`gazetteer.gazetteer.Gazetteer.radius_km`, which gives
    0 for points and for places it does not hold (online results).

    Examples
    --------
    >>> from gazetteer.place import Place
    >>> tartar = Place("gn:1", "Tartar District", 40.4, 46.9, "AZ", "district")
    >>> place_radius_km(tartar, lambda p: 21.04), place_radius_km(tartar, lambda p: 0.0)
    (21.0, None)
    """
    radius = radius_km(place) if radius_km is not None else 0.0
    return round(float(radius), RADIUS_DECIMALS) if radius and radius > 0 else None


def incident_feature(
    incident: Incident,
    *,
    sources: Mapping[str, Source] | None = None,
    radius_km: Callable[[Place], float] | None = None,
) -> dict:
    """The GeoJSON Feature of one (joined) incident.

    Parameters
    ----------
    incident : Incident
        A joined incident.
    sources : mapping, optional
        Describes its articles by name (``sources``).
    radius_km : callable, optional
        ``radius_km(place) -> km`` (``Gazetteer.radius_km``): the size of the area the
        incident is located to (``place_radius_km``); without it, null.
    """
    properties = {
        "id": incident.id,
        "event_type": incident.event_type,
        "date": incident.date.isoformat() if incident.date else None,
        "date_end": incident.date_end.isoformat() if incident.date_end else None,
        "date_precision": incident.date_precision,
        "background": incident.background,
        "place": incident.place.name,
        "place_id": incident.place_id,
        "country": incident.place.country,
        "geo_precision": int(incident.geo_precision),
        "place_radius_km": place_radius_km(incident.place, radius_km),
        **dict(zip(CASUALTY_PROPERTIES, incident.casualties.figures())),
        "casualties_noted": list(incident.casualties.noted),
        "claimed_by": [c.label for c in incident.claimed_by],
        "denied_by": [c.label for c in incident.denied_by],
        "actor": incident.actor,
        "origin": incident.origin,
        "articles": list(incident.articles),
        "evidence": [e.to_dict() for e in incident.evidence],
        "sources": incident_sources(incident, sources),
    }
    return {"type": "Feature", "id": incident.id, "geometry": point(incident.place.lat, incident.place.lon),
            "properties": properties}


def incidents_collection(
    incidents: Iterable[Incident],
    *,
    sources: Mapping[str, Source] | None = None,
    radius_km: Callable[[Place], float] | None = None,
) -> dict:
    """A FeatureCollection of ``incidents`` in deterministic order (see :func:`incident_sort_key`).

    ``sources`` and ``radius_km`` are as for :func:`incident_feature`.
    """
    ordered = sorted(incidents, key=incident_sort_key)
    return {"type": "FeatureCollection",
            "features": [incident_feature(i, sources=sources, radius_km=radius_km) for i in ordered]}


@dataclass(frozen=True)
class PlaceSummary:
    """A place as the articles mention it, aggregated over every article."""

    place_id: str
    name: str
    kind: str | None
    country: str | None
    lat: float
    lon: float
    mentions: int
    metonym_mentions: int
    articles: tuple[str, ...]


def summarise_places(
    mentions: Iterable[PlaceMention],
    *,
    lookup: Callable[[str], object | None],
    known_coordinates: dict[str, tuple[float, float]] | None = None,
) -> tuple[list[PlaceSummary], list[str]]:
    """Aggregate place mentions by place id.

    Parameters
    ----------
    mentions : iterable of PlaceMention
        Every mention of every article (metonyms included).
    lookup : callable
        ``lookup(place_id) -> Place | None``, usually ``Gazetteer.get``; gives the name,
        kind, country and coordinates.
    known_coordinates : dict, optional
        ``place_id -> (lat, lon)`` for places the gazetteer does not hold (online
        fallback results), taken from the incidents located there.

    Returns
    -------
    places : list of PlaceSummary
        Sorted by name (case-insensitive), then id.
    unlocated : list of str
        Place ids with no coordinates anywhere; they are left out of ``places``.
    """
    grouped: dict[str, list[PlaceMention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.place_id, []).append(mention)
    places, unlocated = [], []
    for place_id, group in grouped.items():
        summary = summarise_place(
            place_id,
            names=Counter(m.name for m in group),
            mentions=len(group),
            metonym_mentions=sum(1 for m in group if m.metonym),
            articles={m.article for m in group},
            lookup=lookup,
            known_coordinates=known_coordinates,
        )
        if summary is None:
            unlocated.append(place_id)
        else:
            places.append(summary)
    places.sort(key=lambda p: (p.name.casefold(), p.name, p.place_id))
    return places, sorted(unlocated)


def summarise_place(
    place_id: str,
    *,
    names: Counter,
    mentions: int,
    metonym_mentions: int,
    articles: Iterable[str],
    lookup: Callable[[str], object | None],
    known_coordinates: dict[str, tuple[float, float]] | None = None,
) -> PlaceSummary | None:
    """One place from its mention counts; None when it has no coordinates anywhere.

    Parameters
    ----------
    place_id : str
        The place.
    names : Counter
        Mentions per spelling (names the place when the gazetteer does not hold it).
    mentions, metonym_mentions : int
        How often it is mentioned, and how often as a metonym ("Baku said").
    articles : iterable of str
        The articles mentioning it.
    lookup, known_coordinates
        As for :func:`summarise_places`.
    """
    place = lookup(place_id)
    if place is not None:
        lat, lon = place.lat, place.lon
    elif known_coordinates and place_id in known_coordinates:
        lat, lon = known_coordinates[place_id]
    else:
        return None
    # Without a gazetteer record the most frequent spelling names the place.
    fallback_name = min(names, key=lambda n: (-names[n], n))
    return PlaceSummary(
        place_id=place_id,
        name=place.name if place is not None else fallback_name,
        kind=getattr(place, "kind", None),
        country=getattr(place, "country", None),
        lat=lat,
        lon=lon,
        mentions=mentions,
        metonym_mentions=metonym_mentions,
        articles=tuple(sorted(set(articles))),
    )


def place_feature(place: PlaceSummary) -> dict:
    """The GeoJSON Feature of one aggregated place."""
    properties = {
        "place_id": place.place_id,
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "mentions": place.mentions,
        "metonym_mentions": place.metonym_mentions,
        "articles": list(place.articles),
    }
    return {"type": "Feature", "id": place.place_id, "geometry": point(place.lat, place.lon), "properties": properties}


def places_collection(places: Iterable[PlaceSummary]) -> dict:
    """A FeatureCollection of places, in the order given (see :func:`summarise_places`)."""
    return {"type": "FeatureCollection", "features": [place_feature(p) for p in places]}


def dumps(collection: dict) -> str:
    """Serialise a FeatureCollection reproducibly: one feature per line, UTF-8 text, final newline.

    One feature per line keeps files diffable in git and greppable, at a fraction of the
    size of an indented dump. Key order is the insertion order fixed by the builders above.

    Examples
    --------
    >>> dumps({"type": "FeatureCollection", "features": []})
    '{"type": "FeatureCollection", "features": []}\\n'
    """
    head = {k: v for k, v in collection.items() if k != "features"}
    lines = [json.dumps(f, ensure_ascii=False, allow_nan=False) for f in collection.get("features", [])]
    return dumps_lines(lines, head=head)


def dumps_lines(lines: Iterable[str], *, head: dict | None = None) -> str:
    """A FeatureCollection from features already serialised (one JSON text each), as :func:`dumps` writes it.

    Examples
    --------
    >>> dumps_lines(['{"type": "Feature"}'])
    '{"type": "FeatureCollection", "features": [\\n{"type": "Feature"}\\n]}\\n'
    """
    return "".join(collection_chunks(lines, head=head))


def collection_chunks(lines: Iterable[str], *, head: dict | None = None) -> Iterator[str]:
    """The text of :func:`dumps_lines` in pieces, for writing a large collection without holding it.

    The incremental build keeps each feature's text and streams the collection to disk
    without building the features again.
    """
    opening = json.dumps(head or {"type": "FeatureCollection"}, ensure_ascii=False)[:-1]
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        yield f'{opening}, "features": []}}\n'
        return
    yield f'{opening}, "features": [\n{first}'
    for line in lines:
        yield f",\n{line}"
    yield "\n]}\n"


def collection_from_lines(lines: Iterable[str]) -> dict:
    """The FeatureCollection whose features are these JSON texts (the inverse of :func:`collection_chunks`)."""
    return {"type": "FeatureCollection", "features": [json.loads(line) for line in lines]}


def read_collection(path: Path) -> dict:
    """Read a FeatureCollection written by :func:`dumps` (or any GeoJSON FeatureCollection).

    The one reader of GeoJSON files: exports, the evaluator and the map all read through it.

    Raises
    ------
    ValueError
        When the file is not JSON or not a FeatureCollection.
    """
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection")
    return data
