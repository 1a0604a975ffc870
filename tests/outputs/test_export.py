"""Exports read back with geopandas (pyogrio) hold the build's rows and values."""

from __future__ import annotations

import csv
import json
import math
from datetime import date

import geopandas
import pyogrio
import pytest

from geo.errors import ExportError
from geo.outputs.export import IncidentFilter, export, parse_types
from geo.model import EVENT_TYPES

FORMATS = ["geojson", "gpkg", "csv", "parquet"]


def read_back(path, fmt, layer="incidents"):
    if fmt == "parquet":
        return geopandas.read_parquet(path)
    return geopandas.read_file(path, layer=layer if fmt == "gpkg" else None, engine="pyogrio")


def test_geojson_export_is_rfc7946_lon_lat_without_crs(build_dir, tmp_path):
    result = export(build_dir, "geojson", tmp_path / "x.geojson")
    raw = json.loads(result.path.read_text(encoding="utf-8"))
    assert "crs" not in raw and all("crs" not in f for f in raw["features"])
    stepanakert = next(f for f in raw["features"] if f["properties"]["place"] == "Stepanakert")
    assert stepanakert["geometry"]["coordinates"] == [46.751941, 39.815266]  # [lon, lat]
    assert stepanakert["properties"]["claimed_by"] == ["Armenia (defence ministry)", "Nagorno-Karabakh"]
    assert result.path.read_bytes() == (build_dir / "incidents.geojson").read_bytes()  # unfiltered: the build's bytes
    frame = read_back(result.path, "geojson")
    assert frame.crs.to_epsg() == 4326
    assert list(frame["event_type"]) == ["shelling", "air_strike", "diplomacy", "armed_clash"]
    assert frame.geometry.x.tolist()[0] == pytest.approx(46.751941)
    assert frame.geometry.y.tolist()[0] == pytest.approx(39.815266)


def test_gpkg_has_incidents_and_places_layers_with_values(build_dir, tmp_path):
    result = export(build_dir, "gpkg", tmp_path / "x.gpkg")
    assert result.counts == {"incidents": 4, "places": 3}
    assert sorted(name for name, _ in pyogrio.list_layers(result.path)) == ["incidents", "places", "sources"]
    incidents = read_back(result.path, "gpkg", "incidents")
    assert incidents.crs.to_epsg() == 4326
    first = incidents.iloc[0]
    assert (first["id"], str(first["date"].date()), first["killed"], first["wounded"]) == ("shelling-gn:174875", "2020-10-04", 2, 11)
    assert first["claimed_by"] == "Armenia (defence ministry); Nagorno-Karabakh"
    assert first["evidence"] == (
        'a.txt: Stepanakert was shelled, "heavily", officials said. | b.txt: Rockets hit Stepanakert; 2 civilians died.'
    )
    assert (first.geometry.x, first.geometry.y) == pytest.approx((46.751941, 39.815266))
    assert math.isnan(incidents.iloc[1]["killed"])  # null stays null, not 0
    places = read_back(result.path, "gpkg", "places")
    assert list(places["name"]) == ["Ganja", "Şuşa", "Stepanakert"]
    assert list(places["mentions"]) == [3, 1, 5] and list(places["metonym_mentions"]) == [0, 1, 2]
    assert places.iloc[0]["articles"] == "a.txt; b.txt"


def test_csv_has_lat_lon_columns_and_readable_lists(build_dir, tmp_path):
    result = export(build_dir, "csv", tmp_path / "x.csv")
    frame = read_back(result.path, "csv")
    assert list(frame.columns[-2:]) == ["lat", "lon"]
    assert frame["lat"].tolist()[:2] == ["39.815266", "40.682778"]
    assert frame["lon"].tolist()[:2] == ["46.751941", "46.360556"]
    assert frame["denied_by"][0] == "Azerbaijan (defence ministry)"
    with open(result.path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4
    assert rows[2]["evidence"] == "c.txt: Talks in Şuşa\nwent on — late."  # quoted, newline kept
    assert rows[3]["date"] == "" and rows[3]["date_precision"] == "unknown"
    assert rows[1]["date_end"] == "2020-10-08"
    # GDAL (QGIS) makes points of the lat/lon columns when told their names
    points = geopandas.read_file(result.path, engine="pyogrio", X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")
    assert (points.geometry.x[1], points.geometry.y[1]) == pytest.approx((46.360556, 40.682778))


def test_parquet_is_geoparquet_with_values(build_dir, tmp_path):
    result = export(build_dir, "parquet", tmp_path / "x.parquet")
    frame = read_back(result.path, "parquet")
    assert frame.crs.to_epsg() == 4326
    assert list(frame["place"]) == ["Stepanakert", "Ganja", "Şuşa", "Jebrail"]
    assert frame["killed"].tolist()[0] == 2
    assert frame["origin"].tolist()[0] == "Fuzuli"
    assert frame.geometry.y.tolist()[3] == pytest.approx(39.399)


def test_places_layer_exports_alone(build_dir, tmp_path):
    result = export(build_dir, "csv", layer="places")
    assert result.path == build_dir / "export-places.csv"
    frame = read_back(result.path, "csv")
    assert frame["place_id"].tolist() == ["gn:586523", "gn:585568", "gn:174875"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_byte_identical(build_dir, tmp_path, fmt):
    first = export(build_dir, fmt, tmp_path / "one" / f"x.{fmt}").path.read_bytes()
    second = export(build_dir, fmt, tmp_path / "two" / f"y.{fmt}").path.read_bytes()
    assert first == second


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "incident_filter, places",
    [
        (IncidentFilter(types=("shelling",)), ["Stepanakert"]),
        (IncidentFilter(types=("armed_clash", "air_strike")), ["Ganja", "Jebrail"]),
        # window overlap: the air strike of 6-8 October counts from the 7th; undated left out
        (IncidentFilter(since=date(2020, 10, 7)), ["Ganja", "Şuşa"]),
        (IncidentFilter(until=date(2020, 10, 5)), ["Stepanakert"]),
        (IncidentFilter(types=("diplomacy",), since=date(2020, 10, 1), until=date(2020, 10, 9)), []),
    ],
)
def test_filters_by_type_and_date_window(build_dir, tmp_path, fmt, incident_filter, places):
    result = export(build_dir, fmt, tmp_path / f"x.{fmt}", incident_filter=incident_filter)
    assert result.counts["incidents"] == len(places)
    if places:  # an empty GeoJSON/CSV layer has no columns to read back
        assert list(read_back(result.path, fmt)["place"]) == places


def test_missing_build_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="run `geo build"):
        export(tmp_path, "csv")


def test_empty_date_window_is_refused(build_dir):
    with pytest.raises(ExportError, match="is after --until"):
        export(build_dir, "csv", incident_filter=IncidentFilter(since=date(2020, 10, 9), until=date(2020, 10, 1)))


def test_unknown_type_is_rejected_with_the_known_ones():
    assert parse_types(["shelling,air_strike", "shelling"], EVENT_TYPES) == ("shelling", "air_strike")
    with pytest.raises(ExportError, match="known: shelling"):
        parse_types(["bombing"], EVENT_TYPES)
