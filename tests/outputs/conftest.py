"""A small build folder written by the real GeoJSON writers, for the export tests."""

from __future__ import annotations

from datetime import date

import pytest

from geo.outputs.geojson import PlaceSummary, dumps, incidents_collection, places_collection
from geo.model import Evidence, Incident, Place
from tests.shorthand import model_fields

def incident(event_type, place, place_id, lat, lon, day, day_end=None, **extra):
    precision = "range" if day_end else ("day" if day else "unknown")
    evidence = extra.pop("evidence", (Evidence("a.txt", f"{place} saw {event_type}."),))
    where = Place(place_id, place, lat, lon, extra.pop("country", "AZ"), "town")
    return Incident(
        event_type=event_type, place=where, geo_precision=1, date=day, date_end=day_end, date_precision=precision,
        evidence=evidence, id=f"{event_type}-{place_id}", **model_fields(extra),
    )


INCIDENTS = [
    incident(
        "shelling", "Stepanakert", "gn:174875", 39.815266, 46.751941, date(2020, 10, 4),
        killed=2, killed_civilians=2, wounded=11, claimed_by=("Armenia (defence ministry)", "Nagorno-Karabakh"),
        denied_by=("Azerbaijan (defence ministry)",), origin="Fuzuli",
        evidence=(Evidence("a.txt", 'Stepanakert was shelled, "heavily", officials said.'),
                  Evidence("b.txt", "Rockets hit Stepanakert; 2 civilians died.")),
    ),
    incident("air_strike", "Ganja", "gn:586523", 40.682778, 46.360556, date(2020, 10, 6), date(2020, 10, 8)),
    incident("armed_clash", "Jebrail", "gn:147622", 39.399, 47.0265, None, claimed_by=("Azerbaijan",)),
    incident("diplomacy", "Şuşa", "gn:585568", 39.758, 46.7514, date(2020, 10, 10), country=None,
             evidence=(Evidence("c.txt", "Talks in Şuşa\nwent on — late."),)),
]

PLACES = [
    PlaceSummary("gn:586523", "Ganja", "city", "AZ", 40.682778, 46.360556, 3, 0, ("a.txt", "b.txt")),
    PlaceSummary("gn:585568", "Şuşa", "town", "AZ", 39.758, 46.7514, 1, 1, ("c.txt",)),
    PlaceSummary("gn:174875", "Stepanakert", "city", None, 39.815266, 46.751941, 5, 2, ("a.txt",)),
]


@pytest.fixture
def build_dir(tmp_path):
    """An output folder as `geo build` leaves it (GeoJSON only)."""
    out = tmp_path / "output"
    out.mkdir()
    (out / "incidents.geojson").write_text(dumps(incidents_collection(INCIDENTS)), encoding="utf-8")
    (out / "places.geojson").write_text(dumps(places_collection(PLACES)), encoding="utf-8")
    return out
