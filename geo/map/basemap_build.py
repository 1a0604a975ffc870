"""Build the offline basemap files shipped in ``geo/data/`` from the shared boundary data.

The map must be readable with no network, so the package ships a small vector basemap
(Natural Earth countries, simplified as a coverage so neighbours keep shared borders)
and the Nagorno-Karabakh outlines. This module rebuilds both, byte for byte, from
``/work/shared/data/boundaries`` (see ``SOURCES.md`` there); a test checks that the
shipped files equal what it builds.

Run ``python -m geo.map.basemap_build [SOURCE_DIR]`` to rewrite the shipped files.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import sys
from pathlib import Path

import shapely
from shapely.geometry import box, mapping, shape

logger = logging.getLogger(__name__)

#: Where the shipped files live (package data).
DATA_DIR = Path(__file__).parent / "data"
BASEMAP_FILE = "map_basemap_countries.geojson"
OUTLINES_FILE = "map_nk_outlines.geojson"

#: Countries source: Natural Earth 1:50m admin-0 countries (public domain).
COUNTRIES_SOURCE = "ne_50m_admin0_countries.geojson.gz"
OUTLINES_SOURCE = "nagorno_karabakh_outlines.geojson"

#: The region the tool is about gets a finer basemap than the rest of the world: a
#: coverage simplification tolerance (degrees) inside the focus box and outside it.
FOCUS_BOX = (36.0, 35.0, 54.0, 45.0)  # lon_min, lat_min, lon_max, lat_max: the Caucasus
FOCUS_TOLERANCE = 0.005
WORLD_TOLERANCE = 0.2
#: Islands smaller than this (square degrees) are dropped outside the focus box.
MIN_ISLAND_AREA = 0.02
#: Decimal places kept in basemap coordinates (~100 m).
COUNTRY_DECIMALS = 3
OUTLINE_DECIMALS = 4

#: The outline features shipped, by ``kind`` in the source: (layer name, tooltip).
OUTLINE_KINDS = {
    "former_soviet_oblast_1991": ("NKAO boundary 1991", "Nagorno-Karabakh Autonomous Oblast boundary, 1991"),
    "de_facto_area_1994_2020": (
        "Line of contact 1994–2020",
        "Line of contact 1994–2020: area held by Armenian/Nagorno-Karabakh forces",
    ),
}


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
    out = mapping(geom)
    return {"type": out["type"], "coordinates": _round_coords(json.loads(json.dumps(out["coordinates"])), decimals)}


def build_countries(source_dir: Path) -> dict:
    """Natural Earth countries, coverage-simplified, with a label point per country.

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
    with gzip.open(source_dir / COUNTRIES_SOURCE, "rt", encoding="utf-8") as fh:
        source = json.load(fh)
    feats = sorted(source["features"], key=lambda f: (f["properties"]["ADM0_A3"], f["properties"]["NAME"]))
    geoms = [shapely.make_valid(shape(f["geometry"])) for f in feats]
    focus = box(*FOCUS_BOX)
    # Simplifying the countries as a coverage keeps shared borders identical, so no
    # slivers or overlaps appear between neighbours (per-polygon simplify would). Cutting
    # the coverage at the focus box lets the two halves use different tolerances; the
    # cut edges are coverage nodes, so the halves still meet exactly.
    inner = shapely.coverage_simplify([g.intersection(focus) for g in geoms], FOCUS_TOLERANCE)
    outer = shapely.coverage_simplify([g.difference(focus) for g in geoms], WORLD_TOLERANCE)
    out = []
    for feat, orig, near, far in zip(feats, geoms, inner, outer):
        props = feat["properties"]
        far_parts = [p for p in getattr(far, "geoms", [far]) if p.area >= MIN_ISLAND_AREA]
        geom = shapely.set_precision(shapely.union_all([near, *far_parts]), 10**-COUNTRY_DECIMALS)
        if geom.is_empty:
            # A small island state: keep it rather than lose the country.
            geom = shapely.set_precision(orig.simplify(WORLD_TOLERANCE / 10), 10**-COUNTRY_DECIMALS)
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


def build_outlines(source_dir: Path) -> dict:
    """The 1991 NKAO boundary and the 1994–2020 de facto area, with short map labels."""
    source = json.loads((source_dir / OUTLINES_SOURCE).read_text(encoding="utf-8"))
    out = []
    for feat in source["features"]:
        kind = feat["properties"].get("kind")
        if kind not in OUTLINE_KINDS:
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {"kind": kind, "name": OUTLINE_KINDS[kind][0], "title": OUTLINE_KINDS[kind][1]},
                "geometry": _geometry(shape(feat["geometry"]), OUTLINE_DECIMALS),
            }
        )
    out.sort(key=lambda f: list(OUTLINE_KINDS).index(f["properties"]["kind"]))
    return {"type": "FeatureCollection", "features": out}


def dumps(collection: dict) -> str:
    """Compact, deterministic serialisation used for the shipped files."""
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def build_all(source_dir: Path) -> dict[str, str]:
    """File name -> file text for every shipped basemap file."""
    return {
        BASEMAP_FILE: dumps(build_countries(source_dir)),
        OUTLINES_FILE: dumps(build_outlines(source_dir)),
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
