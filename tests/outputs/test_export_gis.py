"""Exports a GIS reads as it should: dates typed as dates, each source's title, outlet and url in its own column."""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
import subprocess

import geopandas
import pyarrow.parquet
import pyogrio
import pytest

from geo.model import Source
from geo.outputs.export import export
from geo.outputs.geojson import dumps, incidents_collection, places_collection
from tests.outputs.conftest import INCIDENTS, PLACES

SOURCES = {
    "a.txt": Source("a.txt", title="Stepanakert shelled", outlet="Wire", url="https://wire.example/a",
                    published="2020-10-04T08:00:00+00:00"),
    "b.txt": Source("b.txt", title='=HYPERLINK("x") "quoted"', outlet=None, url="javascript:alert(1)",
                    published="2020-10-05"),
}

#: Ganja's area, as the gazetteer would give it; the other places are points.
RADII = {"gn:586523": 12.34}


@pytest.fixture
def sourced_build(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "incidents.geojson").write_text(
        dumps(incidents_collection(INCIDENTS, sources=SOURCES, radius_km=lambda place: RADII.get(place.id, 0.0))),
        encoding="utf-8")
    (out / "places.geojson").write_text(dumps(places_collection(PLACES)), encoding="utf-8")
    return out


def test_geopackage_types_dates_as_dates_and_relates_sources(sourced_build, tmp_path):
    path = export(sourced_build, "gpkg", tmp_path / "x.gpkg").path
    with sqlite3.connect(path) as db:
        declared = {row[1]: row[2] for row in db.execute('PRAGMA table_info("incidents")')}
    assert declared["date"] == declared["date_end"] == "DATE"
    incidents = geopandas.read_file(path, layer="incidents", engine="pyogrio")
    stepanakert = incidents[incidents["id"] == "shelling-gn:174875"].iloc[0]
    assert stepanakert["date"].date() == datetime.date(2020, 10, 4)
    assert stepanakert["source_titles"] == 'Stepanakert shelled | =HYPERLINK("x") "quoted"'
    assert stepanakert["source_urls"] == "https://wire.example/a | javascript:alert(1)"
    assert incidents["date"].isna().sum() == 1  # the undated incident: null, not a made-up day
    sources = geopandas.read_file(path, layer="sources", engine="pyogrio")
    rows = sources[sources["incident_id"] == "shelling-gn:174875"].sort_values("article")
    assert rows[["article", "title", "outlet", "url"]].fillna("(null)").values.tolist() == [
        ["a.txt", "Stepanakert shelled", "Wire", "https://wire.example/a"],
        ["b.txt", '=HYPERLINK("x") "quoted"', "(null)", "javascript:alert(1)"]]
    assert set(sources["incident_id"]) == set(incidents["id"])  # every incident has its articles there


def test_geoparquet_types_dates_as_dates(sourced_build, tmp_path):
    path = export(sourced_build, "parquet", tmp_path / "x.parquet").path
    schema = pyarrow.parquet.read_schema(path)
    assert str(schema.field("date").type) == "date32[day]" and str(schema.field("date_end").type) == "date32[day]"
    frame = geopandas.read_parquet(path)
    ganja = frame[frame["place"] == "Ganja"].iloc[0]
    assert (ganja["date"], ganja["date_end"]) == (datetime.date(2020, 10, 6), datetime.date(2020, 10, 8))
    assert frame.iloc[0]["source_outlets"] == "Wire | "
    assert str(schema.field("place_radius_km").type) == "double"
    assert frame.loc[frame["place"] == "Ganja", "place_radius_km"].tolist() == [12.3]
    assert frame["place_radius_km"].isna().sum() == 3  # points: null, not 0


def test_exports_stay_byte_identical(sourced_build, tmp_path):
    for fmt in ("gpkg", "parquet"):
        first = export(sourced_build, fmt, tmp_path / f"1.{fmt}").path.read_bytes()
        assert export(sourced_build, fmt, tmp_path / f"2.{fmt}").path.read_bytes() == first


def ogrinfo(*args: str) -> str:
    """What GDAL's ``ogrinfo`` prints. Without it the test is skipped on a user's machine, but
    fails under CI (``CI`` set), where .ci/run installs it (gdal-bin): a skip there would hide a
    GeoPackage that GDAL's own tool cannot read."""
    if shutil.which("ogrinfo") is None:
        reason = "GDAL's ogrinfo is not installed (apt-get install gdal-bin)"
        if os.environ.get("CI"):
            pytest.fail(f"ogrinfo tests cannot run under CI: {reason}", pytrace=False)
        pytest.skip(reason)
    return subprocess.run(["ogrinfo", *args], capture_output=True, text=True, check=True).stdout


def test_ogrinfo_reads_typed_fields_and_the_sources_table(sourced_build, tmp_path):
    path = export(sourced_build, "gpkg", tmp_path / "x.gpkg").path
    info = ogrinfo("-so", str(path), "incidents")
    assert "date: Date" in info and "date_end: Date" in info
    assert "place_radius_km: Real" in info and "geo_precision: Integer" in info
    assert "Feature Count: 4" in info and "EPSG" in info and "4326" in info
    tables = ogrinfo("-so", str(path))
    assert "incidents (Point)" in tables and "places (Point)" in tables and "sources (None)" in tables
    ganja = ogrinfo("-q", str(path), "incidents", "-where", "place = 'Ganja'")
    assert "place_radius_km (Real) = 12.3" in ganja and "date (Date) = 2020/10/06" in ganja
    sources = ogrinfo("-so", str(path), "sources")
    assert all(f"{column}: String" in sources for column in ("incident_id", "article", "title", "url"))


def test_pyogrio_sees_date_fields(sourced_build, tmp_path):
    # pyogrio reads the field types as GDAL does (what ogrinfo would print, where it is not installed).
    path = export(sourced_build, "gpkg", tmp_path / "x.gpkg").path
    info = pyogrio.read_info(path, layer="incidents")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert types["date"] == types["date_end"] == "datetime64[D]"
