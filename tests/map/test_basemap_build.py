"""The offline basemap shipped in the package is exactly what the builder makes."""

from __future__ import annotations

import json

import pytest

from geo.map import basemap_build

SOURCE = basemap_build.default_source_dir()


@pytest.mark.skipif(not (SOURCE / basemap_build.COUNTRIES_SOURCE).exists(), reason=f"shared boundary data not at {SOURCE}")
def test_shipped_basemap_files_equal_a_fresh_build():
    built = basemap_build.build_all(SOURCE)
    for name, text in built.items():
        assert (basemap_build.DATA_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run python -m geo.map.basemap_build"
        )


def test_basemap_is_small_and_covers_the_caucasus():
    path = basemap_build.DATA_DIR / basemap_build.BASEMAP_FILE
    assert path.stat().st_size < 400_000
    countries = {f["properties"]["iso_a2"]: f for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
    for iso in ("AM", "AZ", "GE", "IR", "TR", "RU"):
        assert iso in countries
    lon, lat = countries["AM"]["properties"]["label"]
    assert 43 < lon < 47 and 38.8 < lat < 41.3


def test_outlines_are_the_1991_oblast_and_the_1994_2020_area():
    outlines = json.loads((basemap_build.DATA_DIR / basemap_build.OUTLINES_FILE).read_text(encoding="utf-8"))
    kinds = [f["properties"]["kind"] for f in outlines["features"]]
    assert kinds == ["former_soviet_oblast_1991", "de_facto_area_1994_2020"]
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in outlines["features"])
