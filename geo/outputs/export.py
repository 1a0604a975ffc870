"""Exports of a build's incidents and places: GeoJSON, GeoPackage, CSV, GeoParquet.

Reads ``incidents.geojson`` and ``places.geojson`` from a build folder, filters the
incidents by type and date window, and writes one of:

``geojson``
    RFC 7946 FeatureCollection (WGS84, ``[lon, lat]``, no ``crs`` member), written by
    :mod:`geo.outputs.geojson` itself rather than GDAL so that the schema, key order and bytes
    are those of the build. List properties stay JSON lists.
``gpkg``
    GeoPackage with two layers, ``incidents`` and ``places`` (EPSG:4326).
``csv``
    One row per feature with ``lat`` and ``lon`` columns (no geometry column).
``parquet``
    GeoParquet (geopandas ``to_parquet``, WKB geometry, EPSG:4326).

In the tabular formats (gpkg, csv, parquet) list properties are joined into text so that
QGIS, spreadsheets and GDAL read them alike: ``claimed_by``, ``denied_by`` and ``articles``
with ``"; "``, ``evidence`` as ``"article: sentence"`` items joined with ``" | "``.

Every export is written atomically and is byte-for-byte reproducible for the same build
(GeoPackage too: its timestamps are pinned through GDAL's ``OGR_CURRENT_DATE``).
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.outputs.atomic import atomic_path, atomic_write_text
from geo.outputs.cells import neutralise_formula
from geo.errors import ExportError, OutputClashError
from geo.outputs.geojson import INCIDENT_PROPERTIES, PLACE_PROPERTIES, dumps, read_collection

logger = logging.getLogger(__name__)

#: Export formats and the extension of their default file.
FORMATS = {"geojson": ".geojson", "gpkg": ".gpkg", "csv": ".csv", "parquet": ".parquet"}

#: Layers of a build.
LAYERS = ("incidents", "places")

#: Separators used to flatten list properties in tabular formats.
LIST_SEPARATOR = "; "
EVIDENCE_SEPARATOR = " | "

#: Files a build writes into its folder: an export never writes over one of them (nor the
#: cache's SQLite sidecars). The names are those of :mod:`geo.pipeline.run` and its cache.
BUILD_FILES = ("incidents.geojson", "places.geojson", "map.html", "online.csv", "unresolved.csv",
               ".geo-cache.sqlite", ".geo-cache.sqlite-journal", ".geo-cache.sqlite-wal",
               ".geo-cache.sqlite-shm", ".geo-cache.sqlite.bad")

# GeoPackage stamps the write time in gpkg_contents; pinning it makes exports reproducible.
_GPKG_DATE = "2000-01-01T00:00:00Z"

# Integer properties: written as nullable integer columns, so null stays null, not 0.
_INTEGER_PROPERTIES = frozenset(
    {"geo_precision", "mentions", "metonym_mentions"}
    | {key for key in INCIDENT_PROPERTIES if key.startswith(("killed", "wounded"))}
)

# Decimal properties: nullable float columns (REAL in GeoPackage, double in GeoParquet).
_FLOAT_PROPERTIES = frozenset({"place_radius_km"})


@dataclass(frozen=True)
class IncidentFilter:
    """Which incidents to export.

    Parameters
    ----------
    types : tuple of str
        Event types to keep; empty keeps all.
    since, until : date, optional
        Keep incidents whose date window ``[date, date_end or date]`` overlaps
        ``[since, until]``. With either one given, undated incidents are left out (they
        cannot be placed in a window).
    """

    types: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def accepts(self, properties: dict) -> bool:
        """True when an incident's properties pass every filter."""
        if self.types and properties.get("event_type") not in self.types:
            return False
        if self.since is None and self.until is None:
            return True
        if not properties.get("date"):
            return False
        start = date.fromisoformat(properties["date"])
        end = date.fromisoformat(properties["date_end"]) if properties.get("date_end") else start
        if self.since is not None and end < self.since:
            return False
        if self.until is not None and start > self.until:
            return False
        return True


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the file and the number of features per layer."""

    path: Path
    counts: dict[str, int]


def load_build(folder: Path) -> dict[str, dict]:
    """The FeatureCollections of a build folder, by layer name.

    Raises
    ------
    ExportError
        A file is missing or not a FeatureCollection (run ``geo build`` first).
    """
    collections = {}
    for layer in LAYERS:
        path = Path(folder) / f"{layer}.geojson"
        if not path.is_file():
            raise ExportError(f"{path} not found: run `geo build --out {folder}` first")
        try:
            collections[layer] = read_collection(path)
        except ValueError as err:
            raise ExportError(f"{path} is not a readable build output: {err}") from err
    return collections


def filter_incidents(collection: dict, incident_filter: IncidentFilter) -> dict:
    """A copy of ``collection`` keeping the incidents ``incident_filter`` accepts, in order."""
    features = [f for f in collection["features"] if incident_filter.accepts(f["properties"])]
    return {**collection, "features": features}


#: Tabular columns of each article's source, in ``articles`` order, joined with ``" | "``
#: (the GeoJSON ``sources`` list has one entry per article).
SOURCE_COLUMNS = {"source_titles": "title", "source_outlets": "outlet", "source_urls": "url",
                  "source_published": "published"}


def columns(layer: str) -> tuple[str, ...]:
    """The columns of a layer's tabular export: the properties, ``sources`` spread over :data:`SOURCE_COLUMNS`."""
    if layer != "incidents":
        return PLACE_PROPERTIES
    return tuple(k for k in INCIDENT_PROPERTIES if k != "sources") + tuple(SOURCE_COLUMNS)


def flatten(key: str, value):
    """A property value as one text or number cell (see the module docstring)."""
    if key == "evidence":
        return EVIDENCE_SEPARATOR.join(f"{e['article']}: {e['sentence']}" for e in value or ())
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def rows(collection: dict, layer: str) -> Iterator[dict]:
    """Flat rows of a layer: the properties in schema order, then ``lat`` and ``lon``."""
    keys = columns(layer)
    for feature in collection["features"]:
        properties = feature["properties"]
        row = {key: flatten(key, properties.get(key)) for key in keys if key not in SOURCE_COLUMNS}
        if layer == "incidents":
            sources = properties.get("sources") or []
            for column, field in SOURCE_COLUMNS.items():
                values = [s.get(field) or "" for s in sources]
                row[column] = EVIDENCE_SEPARATOR.join(values) if any(values) else None
        lon, lat = feature["geometry"]["coordinates"][:2]  # GeoJSON is [lon, lat]
        row["lat"], row["lon"] = lat, lon
        yield row


#: Properties written as dates (``date32`` in GeoParquet, ``DATE`` in GeoPackage), not text.
DATE_PROPERTIES = ("date", "date_end")


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def to_geodataframe(collection: dict, layer: str):
    """A flat GeoDataFrame (EPSG:4326) of a layer, columns in schema order; ``date``/``date_end`` as dates."""
    import geopandas
    import pandas
    from shapely.geometry import Point

    keys = columns(layer)
    records = list(rows(collection, layer))
    frame = pandas.DataFrame.from_records(records, columns=[*keys, "lat", "lon"])
    for key in keys:
        if key in _INTEGER_PROPERTIES:
            frame[key] = frame[key].astype("Int64")
        elif key in _FLOAT_PROPERTIES:
            frame[key] = frame[key].astype("Float64")
        elif key == "background":
            frame[key] = frame[key].astype("boolean")
        elif layer == "incidents" and key in DATE_PROPERTIES:
            # datetime.date objects: pyarrow makes them date32, so GeoParquet and (written
            # through Arrow) GeoPackage type them as dates, with no time of day.
            frame[key] = pandas.Series([_day(v) for v in frame[key]], dtype=object, index=frame.index)
        else:
            frame[key] = frame[key].astype(object)
    geometry = [Point(r["lon"], r["lat"]) for r in records]
    return geopandas.GeoDataFrame(
        frame.drop(columns=["lat", "lon"]), geometry=geopandas.GeoSeries(geometry, crs="EPSG:4326")
    )


#: Columns of the GeoPackage's ``sources`` table: one row per incident and article.
SOURCE_TABLE_COLUMNS = ("incident_id", "article", "title", "outlet", "url", "published")


def source_rows(collection: dict) -> list[dict]:
    """The incidents' sources, one row per incident and article (the GeoPackage ``sources`` table).

    ``incident_id`` joins it to the ``incidents`` layer's ``id``.
    """
    return [{"incident_id": f["properties"].get("id"), **{k: s.get(k) for k in SOURCE_TABLE_COLUMNS[1:]}}
            for f in collection["features"] for s in f["properties"].get("sources") or []]


def _write_source_table(collection: dict, path: Path) -> None:
    import pandas
    import pyogrio

    frame = pandas.DataFrame.from_records(source_rows(collection), columns=list(SOURCE_TABLE_COLUMNS))
    pyogrio.write_dataframe(frame.astype(object), path, layer="sources", driver="GPKG")


def csv_text(collection: dict, layer: str) -> str:
    """The CSV of a layer: header, one row per feature, ``\\n`` line ends, empty cell for null; text that
    a spreadsheet would run as a formula is neutralised (:mod:`geo.outputs.cells`)."""
    keys = columns(layer)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*keys, "lat", "lon"], lineterminator="\n")
    writer.writeheader()
    for row in rows(collection, layer):
        writer.writerow({k: ("" if v is None else neutralise_formula(v)) for k, v in row.items()})
    return buffer.getvalue()


@contextmanager
def _pinned_gdal_date() -> Iterator[None]:
    import pyogrio

    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _GPKG_DATE})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def default_path(folder: Path, fmt: str, layer: str = "incidents") -> Path:
    """Where an export goes without ``--out``: ``<folder>/export.<ext>`` (``export-places.<ext>``)."""
    stem = "export" if fmt == "gpkg" or layer == "incidents" else f"export-{layer}"
    return Path(folder) / f"{stem}{FORMATS[fmt]}"


def refuse_build_file(folder: Path, out: Path) -> None:
    """Raise :class:`OutputClashError` when ``out`` is one of the files the build in ``folder`` wrote.

    Compared by resolved path and, for files that exist, by identity (a link or another
    spelling of the same file is caught too).
    """
    out = Path(out)
    for name in BUILD_FILES:
        own = Path(folder) / name
        same = out.resolve() == own.resolve()
        if not same and out.exists() and own.exists():
            try:
                same = out.samefile(own)
            except OSError:
                same = False
        if same:
            raise OutputClashError(
                f"--out {out} is the build's own {name}, which an export never writes over; "
                f"choose another file (without --out the export goes to {Path(folder) / 'export.<ext>'})")


def export(
    folder: Path,
    fmt: str,
    out: Path | None = None,
    *,
    layer: str = "incidents",
    incident_filter: IncidentFilter = IncidentFilter(),
) -> ExportResult:
    """Export a build's outputs.

    Parameters
    ----------
    folder : Path
        Build output folder holding ``incidents.geojson`` and ``places.geojson``.
    fmt : str
        One of :data:`FORMATS`.
    out : Path, optional
        Destination file; default :func:`default_path`.
    layer : str
        ``"incidents"`` or ``"places"`` for single-layer formats; GeoPackage always
        holds both.
    incident_filter : IncidentFilter
        Applies to incidents; places are not dated or typed and are exported whole.

    Returns
    -------
    ExportResult

    Raises
    ------
    ExportError
        Unknown format or layer, missing build outputs, or a write failure.
    OutputClashError
        ``out`` is one of the build's own files (:data:`BUILD_FILES`).

    Examples
    --------
    >>> export(Path("output"), "gpkg", incident_filter=IncidentFilter(types=("shelling",)))  # doctest: +SKIP
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if layer not in LAYERS:
        raise ExportError(f"unknown layer {layer!r}; choose one of {', '.join(LAYERS)}")
    if incident_filter.since and incident_filter.until and incident_filter.since > incident_filter.until:
        raise ExportError(f"--since {incident_filter.since} is after --until {incident_filter.until}")
    out = Path(out) if out is not None else default_path(folder, fmt, layer)
    refuse_build_file(folder, out)
    collections = load_build(folder)
    collections["incidents"] = filter_incidents(collections["incidents"], incident_filter)
    layers = LAYERS if fmt == "gpkg" else (layer,)
    try:
        if fmt == "geojson":
            atomic_write_text(out, dumps(collections[layer]))
        elif fmt == "csv":
            atomic_write_text(out, csv_text(collections[layer], layer))
        elif fmt == "parquet":
            with atomic_path(out, keep_suffix=True) as tmp:
                to_geodataframe(collections[layer], layer).to_parquet(tmp, index=False)
        else:
            with atomic_path(out, keep_suffix=True) as tmp, _pinned_gdal_date():
                for name in layers:
                    # Through Arrow, so that date columns become DATE fields (not text, not datetimes).
                    to_geodataframe(collections[name], name).to_file(tmp, layer=name, driver="GPKG", engine="pyogrio",
                                                                     use_arrow=True)
                _write_source_table(collections["incidents"], tmp)
    except OSError as err:
        raise ExportError(f"cannot write {out}: {err}") from err
    counts = {name: len(collections[name]["features"]) for name in layers}
    logger.info("exported %s to %s", counts, out)
    return ExportResult(path=out, counts=counts)


def parse_types(values: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    """Validate ``--type`` values (repeatable, or comma-separated) against ``known``.

    Raises
    ------
    ExportError
        An unknown type; the message lists the known ones.
    """
    known = tuple(known)
    types = tuple(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))
    unknown = [t for t in types if t not in known]
    if unknown:
        raise ExportError(f"unknown event type(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return types
