"""The offline basemap and overlays shipped in the package are exactly what the builder makes."""

from __future__ import annotations

import json

import pytest

from geo.map import basemap_build

SOURCE = basemap_build.default_source_dir()


def shipped(name: str) -> dict:
    return json.loads((basemap_build.DATA_DIR / name).read_text(encoding="utf-8"))


@pytest.mark.skipif(not (SOURCE / basemap_build.COUNTRIES_SOURCE).exists(), reason=f"shared boundary data not at {SOURCE}")
def test_shipped_basemap_files_equal_a_fresh_build():
    built = basemap_build.build_all(SOURCE)
    assert set(built) == {basemap_build.BASEMAP_FILE, *basemap_build.OVERLAY_FILES, *basemap_build.DETAIL_FILES}
    for name, text in built.items():
        assert (basemap_build.DATA_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run python -m geo.map.basemap_build"
        )


def test_shipped_files_are_small():
    sizes = {name: (basemap_build.DATA_DIR / name).stat().st_size for name in (basemap_build.BASEMAP_FILE, *basemap_build.OVERLAY_FILES)}
    assert sizes[basemap_build.BASEMAP_FILE] < 450_000, sizes
    assert sum(sizes.values()) < 620_000, sizes
    # The world's rivers, lakes and towns ship with the package; a map embeds its region's only.
    details = {name: (basemap_build.DATA_DIR / name).stat().st_size for name in basemap_build.DETAIL_FILES}
    assert sum(details.values()) < 1_900_000, details


def test_water_and_towns_of_the_world_with_the_zoom_they_appear_at():
    rivers = shipped(basemap_build.RIVERS_FILE)["features"]
    lakes = shipped(basemap_build.LAKES_FILE)["features"]
    towns = json.loads((basemap_build.DATA_DIR / basemap_build.TOWNS_FILE).read_text(encoding="utf-8"))
    assert len(rivers) > 1000 and len(lakes) > 300 and len(towns["rows"]) > 7000
    names = {f["properties"]["name"] for f in rivers}
    assert {"Dnieper", "Nile", "Kura", "Amazonas"} <= names
    by_name = {r[2]: r for r in towns["rows"]}
    # A capital is named from further out than a provincial city (Natural Earth's spellings).
    assert by_name["Kiev"][3] < by_name["Ganca"][3] and by_name["Kiev"][4] < by_name["Ganca"][4]
    assert all(0 <= f["properties"]["min_zoom"] <= 11 for f in rivers + lakes)


@pytest.mark.parametrize(
    "iso, lon_lat_box",
    [("UA", (22, 44, 41, 53)), ("SD", (21, 8, 39, 23)), ("AZ", (44, 38, 51, 42)), ("MX", (-118, 14, -86, 33))],
)
def test_basemap_covers_the_whole_world_with_labels_inside(iso, lon_lat_box):
    countries = {f["properties"]["iso_a2"]: f for f in shipped(basemap_build.BASEMAP_FILE)["features"]}
    assert len(countries) > 200
    lon, lat = countries[iso]["properties"]["label"]
    west, south, east, north = lon_lat_box
    assert west < lon < east and south < lat < north


def test_every_hole_in_a_country_is_another_country():
    # Small islands are dropped, but an enclave or exclave dropped would leave a hole of
    # sea in the country around it (two showed in the South Caucasus).
    import shapely
    from shapely.geometry import Polygon, shape

    countries = shipped(basemap_build.BASEMAP_FILE)["features"]
    geoms = [shape(f["geometry"]) for f in countries]
    tree = shapely.STRtree(geoms)
    holes = []
    for index, geom in enumerate(geoms):
        for polygon in getattr(geom, "geoms", [geom]):
            for ring in polygon.interiors:
                inside = Polygon(ring).representative_point()
                if not any(k != index for k in tree.query(inside, predicate="intersects")):
                    holes.append((countries[index]["properties"]["name"], round(inside.x, 2), round(inside.y, 2)))
    assert holes == []


def test_overlays_cover_the_world_with_names_titles_and_boxes():
    areas = shipped(basemap_build.AREAS_FILE)["features"]
    lines = shipped(basemap_build.LINES_FILE)["features"]
    names = {f["properties"]["name"] for f in areas}
    # Disputed areas of several wars, named as Natural Earth names them.
    assert {"Crimea", "Donbass", "Abyei", "Gaza", "West Bank", "Golan Heights", "Nagorno-Karabakh", "Transnistria"} <= names
    assert {f["properties"]["kind"] for f in areas} == {"disputed_area"}
    crimea = next(f for f in areas if f["properties"]["name"] == "Crimea")
    assert crimea["properties"]["title"] == "Crimea: Admin. by Russia; Claimed by Ukraine"
    west, south, east, north = crimea["properties"]["bbox"]
    assert 32 < west < 33.5 and 44 < south < 45 and 36 < east < 37 and 45.5 < north < 46.5
    kinds = {f["properties"]["name"]: f["properties"]["kind"] for f in lines}
    assert kinds["Ceasefire Line 1994"] == "line_of_control"
    assert kinds["Ukrainian claim"] == "line_of_control"
    assert kinds["South Sudanese claim"] == "claim_line"


def test_reference_lines_drawn_by_an_outline_are_not_shipped_twice():
    outlines = shipped(basemap_build.OUTLINES_FILE)["features"]
    assert [f["properties"]["kind"] for f in outlines] == ["historical_boundary"]
    assert outlines[0]["properties"]["name"] == "Nagorno-Karabakh Autonomous Oblast (NKAO) boundary as of 1991"
    assert outlines[0]["geometry"]["type"] == "Polygon"
    lines = shipped(basemap_build.LINES_FILE)["features"]
    assert "Former USSR oblast in 1991" not in {f["properties"]["name"] for f in lines}
