"""Build the offline basemap and overlay files shipped in ``geo/map/data/`` from the shared boundary data.

The map must be readable with no network, so the package ships a small vector basemap of
the whole world (Natural Earth countries, simplified as a coverage so neighbours keep
shared borders), its rivers, lakes and towns, and the overlays a map may draw over it:
Natural Earth's disputed and breakaway areas, its claim, ceasefire and reference lines (all
of the world), and outlines derived by hand from them (``SOURCES.md`` in the boundaries folder says how).
No region is preferred: every file covers the world at one level of detail, and
``geo.map.render`` picks, per map, the overlays where its incidents are.

This module rebuilds every shipped file, byte for byte, from the shared boundaries folder
(see ``SOURCES.md`` there); a test checks that the shipped files equal what it builds.

Run ``python -m geo.map.basemap_build [SOURCE_DIR]`` to rewrite the shipped files.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

#: Where the shipped files live (package data).
DATA_DIR = Path(__file__).parent / "data"
BASEMAP_FILE = "map_basemap_countries.geojson"
AREAS_FILE = "map_disputed_areas.geojson"
LINES_FILE = "map_disputed_lines.geojson"
OUTLINES_FILE = "map_historical_outlines.geojson"
#: The overlay files, in drawing and layer-list order (areas under the lines drawn on them).
OVERLAY_FILES = (OUTLINES_FILE, AREAS_FILE, LINES_FILE)
#: Water and towns of the whole world, drawn on the offline basemap where a map's data is.
RIVERS_FILE = "map_rivers.geojson"
LAKES_FILE = "map_lakes.geojson"
TOWNS_FILE = "map_towns.json"
#: The basemap detail files, in drawing order.
DETAIL_FILES = (LAKES_FILE, RIVERS_FILE, TOWNS_FILE)

#: Sources (Natural Earth, public domain; see SOURCES.md in the boundaries folder).
COUNTRIES_SOURCE = "ne_50m_admin0_countries.geojson.gz"
AREAS_SOURCE = "ne_10m_admin_0_disputed_areas.geojson.gz"
LINES_SOURCE = "ne_10m_admin_0_boundary_lines_disputed_areas.geojson.gz"
#: Outlines derived from the two Natural Earth files above (a former oblast polygonized
#: from NE's reference lines); the only file that is not of the whole world.
OUTLINES_SOURCE = "nagorno_karabakh_outlines.geojson"
RIVERS_SOURCE = "ne_10m_rivers_lake_centerlines.geojson.gz"
LAKES_SOURCE = "ne_10m_lakes.geojson.gz"
TOWNS_SOURCE = "ne_10m_populated_places_simple.geojson.gz"

#: Rivers and lakes: simplification tolerance (degrees) and decimals (~1 km: drawn under
#: towns of a few km across, never measured). Lakes smaller than MIN_LAKE_AREA (square
#: degrees) are dropped; NE's min_zoom says from which zoom a feature is drawn.
WATER_TOLERANCE = 0.02
WATER_DECIMALS = 2
MIN_LAKE_AREA = 0.005

#: Countries: a coverage simplification tolerance (degrees) between these latitudes,
#: where people live and wars are fought, and a coarser one towards the poles.
DETAIL_LATITUDES = (-56.0, 66.0)
DETAIL_TOLERANCE = 0.1
POLAR_TOLERANCE = 0.3
#: Islands smaller than this (square degrees) are dropped.
MIN_ISLAND_AREA = 0.01
MIN_POLAR_ISLAND_AREA = 0.02
#: Decimal places kept in basemap coordinates (~1 km, finer than the simplification).
COUNTRY_DECIMALS = 2

#: Overlays: simplification tolerance (degrees, topology kept) and decimals (~100 m).
OVERLAY_TOLERANCE = 0.005
OVERLAY_DECIMALS = 3
#: Outlines are few and small: kept at ~10 m.
OUTLINE_DECIMALS = 4

#: The ``kind`` of an overlay line, by Natural Earth ``featurecla`` (map style in incident_map.js).
LINE_KINDS = {
    "Breakaway": "line_of_control",
    "Claim boundary": "claim_line",
    "Elusive frontier": "claim_line",
    "Reference line": "reference_line",
}
#: Features of the outlines source that are shipped, by their ``kind`` there, and the
#: overlay kind they get. The source's other features repeat NE areas already shipped.
OUTLINE_KINDS = {"former_soviet_oblast_1991": "historical_boundary"}
#: A reference line lying within this distance (degrees) of a shipped outline is left out:
#: the outline already draws it, closed.
COVERED_BY_OUTLINE = 0.01


def default_source_dir() -> Path:
    """The shared boundaries folder: ``$CONFLICT_GEO_BOUNDARIES`` or ``../shared/data/boundaries``."""
    env = os.environ.get("CONFLICT_GEO_BOUNDARIES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "boundaries"


def _round_coords(coords, decimals: int):
    if isinstance(coords[0], (int, float)):
        return [round(c, decimals) for c in coords]
    return [_round_coords(c, decimals) for c in coords]


def _geometry(geom, decimals: int) -> dict:
    from shapely.geometry import mapping

    out = mapping(geom)
    return {"type": out["type"], "coordinates": _round_coords(json.loads(json.dumps(out["coordinates"])), decimals)}


def _bbox(geom) -> list[float]:
    """[west, south, east, north], rounded outwards to 0.01 degree (render picks overlays by it)."""
    west, south, east, north = geom.bounds
    return [_floor2(west), _floor2(south), -_floor2(-east), -_floor2(-north)]


def _floor2(value: float) -> float:
    return round(int(value * 100 // 1) / 100, 2)


def _read(path: Path) -> dict:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    return json.loads(path.read_text(encoding="utf-8"))


def build_countries(source_dir: Path) -> dict:
    """Natural Earth countries of the whole world, coverage-simplified, with a label point each.

    Parameters
    ----------
    source_dir : Path
        Folder holding ``ne_50m_admin0_countries.geojson.gz``.

    Returns
    -------
    dict
        A FeatureCollection; properties ``name``, ``iso_a2`` (None when NE has -99),
        ``label`` ([lon, lat] inside the largest part) and ``rank`` (NE LABELRANK, 1 = biggest).
    """
    # shapely is needed to build the files, not to render a map (which reads the names above).
    import shapely
    from shapely.geometry import box, shape

    source = _read(source_dir / COUNTRIES_SOURCE)
    feats = sorted(source["features"], key=lambda f: (f["properties"]["ADM0_A3"], f["properties"]["NAME"]))
    geoms = [shapely.make_valid(shape(f["geometry"])) for f in feats]
    band = box(-180.0, DETAIL_LATITUDES[0], 180.0, DETAIL_LATITUDES[1])
    # Simplifying the countries as a coverage keeps shared borders identical, so no
    # slivers or overlaps appear between neighbours (per-polygon simplify would). Cutting
    # the coverage at the band's latitudes lets the two parts use different tolerances;
    # the cut edges are coverage nodes, so the parts still meet exactly.
    inner = shapely.coverage_simplify([g.intersection(band) for g in geoms], DETAIL_TOLERANCE)
    outer = shapely.coverage_simplify([g.difference(band) for g in geoms], POLAR_TOLERANCE)
    # Small parts are dropped only if they are islands: an enclave or exclave dropped
    # would leave a hole (sea) in the country around it.
    tree = shapely.STRtree(geoms)

    def kept(parts, index: int, min_area: float) -> list:
        return [
            p for p in getattr(parts, "geoms", [parts])
            if p.area >= min_area or any(k != index for k in tree.query(p, predicate="intersects"))
        ]

    out = []
    for index, (feat, orig, near, far) in enumerate(zip(feats, geoms, inner, outer)):
        props = feat["properties"]
        parts = kept(near, index, MIN_ISLAND_AREA) + kept(far, index, MIN_POLAR_ISLAND_AREA)
        geom = shapely.set_precision(shapely.union_all(parts), 10**-COUNTRY_DECIMALS)
        if geom.is_empty:
            # A small island state: keep it rather than lose the country.
            geom = shapely.set_precision(orig.simplify(DETAIL_TOLERANCE / 10), 10**-COUNTRY_DECIMALS)
        if geom.is_empty:
            geom = orig.representative_point().buffer(10**-COUNTRY_DECIMALS * 2, quad_segs=1)
            geom = shapely.set_precision(geom, 10**-COUNTRY_DECIMALS)
        largest = max(getattr(orig, "geoms", [orig]), key=lambda g: g.area)
        label = largest.point_on_surface()
        iso = props.get("ISO_A2")
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "name": props["NAME"],
                    "iso_a2": None if iso in (None, "-99") else iso,
                    "label": [round(label.x, 2), round(label.y, 2)],
                    "rank": int(props.get("LABELRANK") or 9),
                },
                "geometry": _geometry(geom, COUNTRY_DECIMALS),
            }
        )
    return {"type": "FeatureCollection", "features": out}


def _overlay(kind: str, name: str, title: str, geom, decimals: int) -> dict:
    return {
        "type": "Feature",
        "properties": {"kind": kind, "name": name, "title": title, "bbox": _bbox(geom)},
        "geometry": _geometry(geom, decimals),
    }


def _simplified(geom):
    import shapely

    simple = shapely.set_precision(geom.simplify(OVERLAY_TOLERANCE, preserve_topology=True), 10**-OVERLAY_DECIMALS)
    return geom if simple.is_empty else simple


def build_outlines(source_dir: Path) -> dict:
    """Hand-derived outlines (polygons drawn as lines), named as in their source.

    Returns
    -------
    dict
        A FeatureCollection; properties ``kind`` (``historical_boundary``), ``name`` and
        ``title`` (the source's ``name``) and ``bbox`` ([west, south, east, north]).
    """
    from shapely.geometry import shape

    source = _read(source_dir / OUTLINES_SOURCE)
    out = []
    for feat in source["features"]:
        kind = OUTLINE_KINDS.get(feat["properties"].get("kind"))
        if kind is None:
            continue
        name = feat["properties"]["name"]
        out.append(_overlay(kind, name, name, shape(feat["geometry"]), OUTLINE_DECIMALS))
    out.sort(key=lambda f: (f["properties"]["kind"], f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": out}


def build_areas(source_dir: Path) -> dict:
    """Every disputed or breakaway area of the world (Natural Earth), simplified.

    Returns
    -------
    dict
        A FeatureCollection sorted by NE ``BRK_A3``; properties ``kind`` (``disputed_area``),
        ``name`` (NE ``BRK_NAME``), ``title`` (the name and NE's note: who administers,
        who claims) and ``bbox``.
    """
    import shapely
    from shapely.geometry import shape

    source = _read(source_dir / AREAS_SOURCE)
    out = []
    for feat in sorted(source["features"], key=lambda f: f["properties"]["BRK_A3"]):
        props = feat["properties"]
        name = props.get("BRK_NAME") or props["NAME"]
        note = props.get("NOTE_BRK")
        title = f"{name}: {note}" if note else f"{name} ({props.get('TYPE') or 'disputed'})"
        out.append(_overlay("disputed_area", name, title, _simplified(shapely.make_valid(shape(feat["geometry"]))), OVERLAY_DECIMALS))
    return {"type": "FeatureCollection", "features": out}


def build_lines(source_dir: Path, outlines: dict | None = None) -> dict:
    """Claim, ceasefire and reference lines of the world (Natural Earth), simplified.

    Reference lines that a shipped outline already draws (within :data:`COVERED_BY_OUTLINE`)
    are left out. Properties: ``kind`` (:data:`LINE_KINDS`), ``name`` (NE ``name``),
    ``title`` (the name and NE's note) and ``bbox``; sorted by name, then position.
    """
    import shapely
    from shapely.geometry import shape

    outlines = build_outlines(source_dir) if outlines is None else outlines
    drawn = shapely.union_all([shape(f["geometry"]).boundary for f in outlines["features"]])
    source = _read(source_dir / LINES_SOURCE)
    out = []
    for feat in source["features"]:
        props = feat["properties"]
        kind = LINE_KINDS.get(props.get("featurecla"), "claim_line")
        geom = shape(feat["geometry"])
        if kind == "reference_line" and not drawn.is_empty and drawn.buffer(COVERED_BY_OUTLINE).covers(geom):
            continue
        name = props["name"]
        note = (props.get("note") or "").strip("() ")
        out.append(_overlay(kind, name, f"{name} ({note})" if note else name, _simplified(geom), OVERLAY_DECIMALS))
    out.sort(key=lambda f: (f["properties"]["name"], f["properties"]["bbox"], f["properties"]["title"]))
    return {"type": "FeatureCollection", "features": out}


def _water(feat, geom, decimals: int) -> dict:
    props = feat["properties"]
    return {
        "type": "Feature",
        "properties": {"name": props.get("name_en") or props.get("name"), "min_zoom": float(props.get("min_zoom") or 0),
                       "rank": int(props.get("scalerank") or 0), "bbox": _bbox(geom)},
        "geometry": _geometry(geom, decimals),
    }


def _water_features(path: Path, *, polygons: bool) -> dict:
    """The features of a Natural Earth water file, simplified, sorted by rank, name and box.

    Polygons (lakes) are made valid first, simplified keeping their topology, and dropped
    under :data:`MIN_LAKE_AREA`.
    """
    import shapely
    from shapely.geometry import shape

    out = []
    for feat in _read(path)["features"]:
        if not feat.get("geometry"):
            continue
        geom = shape(feat["geometry"])
        if polygons:
            geom = shapely.make_valid(geom)
            if geom.area < MIN_LAKE_AREA:
                continue
        geom = shapely.set_precision(geom.simplify(WATER_TOLERANCE, preserve_topology=polygons), 10**-WATER_DECIMALS)
        if not geom.is_empty:
            out.append(_water(feat, geom, WATER_DECIMALS))
    out.sort(key=lambda f: (f["properties"]["rank"], f["properties"]["name"] or "", f["properties"]["bbox"]))
    return {"type": "FeatureCollection", "features": out}


def build_rivers(source_dir: Path) -> dict:
    """Natural Earth rivers and lake centre lines of the world, simplified.

    Properties ``name``, ``min_zoom`` (NE: the zoom from which it is drawn), ``rank`` (NE
    scalerank, 0 = largest) and ``bbox``; sorted by rank, name, box.
    """
    return _water_features(source_dir / RIVERS_SOURCE, polygons=False)


def build_lakes(source_dir: Path) -> dict:
    """Natural Earth lakes and reservoirs of the world, simplified, the smallest dropped (properties as rivers)."""
    return _water_features(source_dir / LAKES_SOURCE, polygons=True)


def build_towns(source_dir: Path) -> dict:
    """Natural Earth populated places of the world as compact rows.

    Returns
    -------
    dict
        ``{"fields": [...], "rows": [[lon, lat, name, min_zoom, rank], ...]}`` sorted by
        rank (NE scalerank, 0 = biggest), then name; coordinates to 0.01 degree.
    """
    rows = []
    for feat in _read(source_dir / TOWNS_SOURCE)["features"]:
        props = feat["properties"]
        lon, lat = feat["geometry"]["coordinates"][:2]  # GeoJSON is [lon, lat]
        rows.append([round(lon, 2), round(lat, 2), props.get("name") or props.get("nameascii"),
                     float(props.get("min_zoom") or 0), int(props.get("scalerank") or 0)])
    rows.sort(key=lambda r: (r[4], r[2] or "", r[0], r[1]))
    return {"fields": ["lon", "lat", "name", "min_zoom", "rank"], "rows": rows}


def dumps(collection: dict) -> str:
    """Compact, deterministic serialisation used for the shipped files."""
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def build_all(source_dir: Path) -> dict[str, str]:
    """File name -> file text for every shipped basemap and overlay file."""
    outlines = build_outlines(source_dir)
    return {
        BASEMAP_FILE: dumps(build_countries(source_dir)),
        OUTLINES_FILE: dumps(outlines),
        AREAS_FILE: dumps(build_areas(source_dir)),
        LINES_FILE: dumps(build_lines(source_dir, outlines)),
        LAKES_FILE: dumps(build_lakes(source_dir)),
        RIVERS_FILE: dumps(build_rivers(source_dir)),
        TOWNS_FILE: dumps(build_towns(source_dir)),
    }


def main(argv: list[str] | None = None) -> int:
    """Rewrite the shipped files from SOURCE_DIR (default: :func:`default_source_dir`)."""
    argv = sys.argv[1:] if argv is None else argv
    source_dir = Path(argv[0]) if argv else default_source_dir()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    DATA_DIR.mkdir(exist_ok=True)
    for name, text in build_all(source_dir).items():
        (DATA_DIR / name).write_text(text, encoding="utf-8")
        logger.info("wrote %s (%d bytes)", DATA_DIR / name, len(text.encode("utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
