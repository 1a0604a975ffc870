"""Render incidents and places as one interactive, self-contained HTML map.

The map is a :class:`folium.Map` composed of small folium elements (the way folium's
own plugins are written): a Leaflet asset bundle inlined from the ``xstatic-leaflet``
package, an offline Natural Earth basemap of the world (with the rivers, lakes and towns of
the map's region), one layer per incident type (all
drawn on one shared canvas), the places mentioned, the disputed areas, claim and ceasefire
lines and historical outlines where the incidents are, a layer control, a date range slider
and a legend. The map opens on where the incidents are (:func:`view_bounds`), whatever the
war. The interactive code lives in ``geo/map/static/incident_map.js``.

By default nothing is loaded from the network: the HTML opens from disk on a train.
Incidents are embedded once, as compact columnar JSON; popup details (evidence
sentences, most of a big map) are compressed when large; popups are built in the browser
with ``textContent``, so article text can never become markup. Our elements reach the
page verbatim (:class:`VerbatimMacro`): branca would parse each rendered piece again as
a Jinja template, which is slow on megabytes of data and would run ``{{ ... }}`` found
in an article. The same inputs give a byte-identical file: folium's random element ids
are replaced by a counter.

Examples
--------
>>> m = render_map(incidents_fc, places_fc, title="Autumn offensive")       # doctest: +SKIP
>>> Path("output/map.html").write_text(map_html(m), encoding="utf-8")       # doctest: +SKIP
"""

from __future__ import annotations

import base64
import copy
import html
import itertools
import json
import logging
import math
import re
import zlib
from datetime import date
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from jinja2 import Template

from geo.errors import MapError
from geo.map.basemap_build import BASEMAP_FILE, LAKES_FILE, OVERLAY_FILES, RIVERS_FILE, TOWNS_FILE
from geo.model import EVENT_TYPES, GEO_PRECISION

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
DATA_DIR = Path(__file__).parent / "data"
#: Files that shape the map besides this code (see ``geo.pipeline.fingerprint``).
FINGERPRINT_DATA = ("static", "data")

#: Label, colour and symbol per incident type. Colours are from the Okabe-Ito
#: colour-blind-safe palette; the symbol tells types apart without colour.
TYPE_STYLES: dict[str, tuple[str, str, str]] = {
    "shelling": ("Shelling", "#d55e00", "circle"),
    "air_strike": ("Air strike", "#0072b2", "triangle"),
    "armed_clash": ("Armed clash", "#e69f00", "diamond"),
    "territory_change": ("Territory change", "#009e73", "square"),
    "aircraft_downed": ("Aircraft downed", "#7b3294", "star"),
    "casualty_report": ("Casualty report", "#cc79a7", "plus"),
    "diplomacy": ("Diplomacy", "#666666", "hexagon"),
}
#: Styles for event types this version does not know (newer extractors).
_FALLBACK_STYLES = [("#56b4e9", "circle"), ("#8c6d31", "square"), ("#1b9e77", "triangle")]

COUNTRY_LAYER = "Country-level incidents"
DETAILS_LAYER = "Rivers, lakes and towns (Natural Earth)"
PLACES_LAYER = "Places mentioned"
OFFLINE_BASEMAP = "Offline basemap (Natural Earth)"
OSM_BASEMAP = "OpenStreetMap"

ATTRIBUTION = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0), '
    '<a href="https://whosonfirst.org/docs/licenses/">Who\'s On First</a>, '
    '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    ' | Borders: <a href="https://www.naturalearthdata.com/">Natural Earth</a>'
)
NATURAL_EARTH_ATTRIBUTION = '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'

_EPOCH = date(1970, 1, 1).toordinal()
#: Where the map opens when there is nothing to fit: the world ([[south, west], [north, east]]).
WORLD_BOUNDS = [[-56.0, -170.0], [72.0, 170.0]]
#: Zoom limits: never further out than the whole world, never closer than a town when the
#: view is fitted to the incidents (one incident alone would zoom to the street).
MIN_ZOOM = 2
FIT_MAX_ZOOM = 11
#: Robust fit: a point further from the median point than this many times the 75th
#: percentile of the distances (and at least MIN_FIT_RADIUS degrees) is an outlier.
OUTLIER_FACTOR = 3.0
MIN_FIT_RADIUS = 1.0
#: Overlays are embedded when they meet the fitted box grown by this share of its size on
#: each side (and by at least OVERLAY_MARGIN degrees).
OVERLAY_GROWTH = 0.25
OVERLAY_MARGIN = 1.0
#: Rivers, lakes and towns are embedded inside the fitted box grown by this share of its
#: size on each side (at least DETAILS_MARGIN degrees): room to pan around the data.
DETAILS_GROWTH = 0.5
DETAILS_MARGIN = 2.0


# ---- assets ----------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as xleaflet

    return Path(xleaflet.BASE_DIR)


@lru_cache(maxsize=None)
def _leaflet_version() -> str:
    import xstatic.pkg.leaflet as xleaflet

    return xleaflet.VERSION


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _checked(text: str, tag: str, source: str) -> str:
    # Inlined code must not close its own <script>/<style> block early.
    if re.search(rf"</{tag}|<!--", text, re.IGNORECASE):
        raise MapError(f"{source} contains '</{tag}' or '<!--' and cannot be inlined")
    return text


@lru_cache(maxsize=None)
def _inline_leaflet() -> tuple[str, str, str]:
    """Leaflet's CSS (images as data URIs), its JS, and the default-icon fix."""
    base = _leaflet_dir()
    images = base / "images"
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(r"url\(images/([\w.-]+\.png)\)", lambda m: f'url("{_data_uri(images / m.group(1))}")', css)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    # The source map is not shipped inside the page; drop the pointer to it.
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    icons = {
        "iconUrl": _data_uri(images / "marker-icon.png"),
        "iconRetinaUrl": _data_uri(images / "marker-icon-2x.png"),
        "shadowUrl": _data_uri(images / "marker-shadow.png"),
    }
    # Leaflet guesses the icon folder from its CSS; with data URIs it must be told.
    icon_fix = f"L.Icon.Default.imagePath = '';\nL.Icon.Default.mergeOptions({json.dumps(icons, sort_keys=True)});\n"
    return _checked(css, "style", "leaflet.css"), _checked(js, "script", "leaflet.js"), icon_fix


@lru_cache(maxsize=None)
def _own_asset(name: str) -> str:
    text = (STATIC_DIR / name).read_text(encoding="utf-8")
    return _checked(text, "style" if name.endswith(".css") else "script", name)


@lru_cache(maxsize=None)
def _shipped_geojson(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(value) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so no string in the data (an article
    quoting ``</script>`` or ``<!--``) can end the block or start markup.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
    for char, escape in _SCRIPT_ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    return text


# ---- folium elements -----------------------------------------------------------------


class _Verbatim(Element):
    """A piece of the page that is already rendered: returned as it is, never templated."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class VerbatimMacro(MacroElement):
    """A ``MacroElement`` whose ``header``/``html``/``script`` output reaches the page verbatim.

    branca's ``MacroElement.render`` wraps each macro's output in ``Element(text)``, which
    compiles ``text`` as a new Jinja template: megabytes of incident data were lexed
    again (a second per 20 MB), an article with ``{%`` broke the map and one with
    ``{{ ... }}`` was evaluated. Put it after a folium class in the bases
    (``class X(folium.map.Layer, VerbatimMacro)``) so that class's ``render`` still runs.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise MapError(f"{self.get_name()} cannot be rendered outside a folium Figure")
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(_Verbatim(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class LeafletAssets(VerbatimMacro):
    """Leaflet, our JS and CSS in the page header: inlined, or Leaflet from a CDN."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        {%- if this.cdn %}
        <link rel="stylesheet" href="{{ this.css_url }}"/>
        <script src="{{ this.js_url }}"></script>
        {%- else %}
        <style>{{ this.leaflet_css }}</style>
        <script>{{ this.leaflet_js }}</script>
        <script>{{ this.icon_fix }}</script>
        {%- endif %}
        <style>{{ this.own_css }}</style>
        <script>{{ this.own_js }}</script>
        {% endmacro %}
        """
    )

    def __init__(self, *, cdn: bool = False):
        super().__init__()
        self._name = "LeafletAssets"
        self.cdn = cdn
        version = _leaflet_version()
        self.css_url = f"https://cdn.jsdelivr.net/npm/leaflet@{version}/dist/leaflet.css"
        self.js_url = f"https://cdn.jsdelivr.net/npm/leaflet@{version}/dist/leaflet.js"
        if not cdn:
            self.leaflet_css, self.leaflet_js, self.icon_fix = _inline_leaflet()
        self.own_css = _own_asset("incident_map.css")
        self.own_js = "\n".join(_own_asset(name) for name in OWN_SCRIPTS)


#: Our scripts, in the order they are inlined (each extends ``IncidentMap``).
OWN_SCRIPTS = ("incident_map.js", "incident_list.js", "url_state.js", "basemap_details.js")


#: Popup details larger than this (characters of JSON) are embedded compressed.
DETAILS_COMPRESS_OVER = 2_000_000


def packed_details(details_json: str) -> str:
    """``details_json`` zlib-compressed and base64-encoded, as embedded in big maps.

    Evidence sentences are most of a big map (20 MB of the 24 MB written for 21,950
    incidents). Level 1 packs those 20 MB into 3.9 MB (base64) in 0.1 s; level 6 would
    save another 0.8 MB for four times the time. The browser unpacks them with its
    native ``DecompressionStream`` when an incident is first pointed at or clicked.
    """
    return base64.b64encode(zlib.compress(details_json.encode("utf-8"), 1)).decode("ascii")


class IncidentData(VerbatimMacro):
    """The incident store (``IncidentMap.App``) every incident layer and control uses.

    Popup details stay readable JSON up to :data:`DETAILS_COMPRESS_OVER` characters (any
    browser shows them); above, they are packed by :func:`packed_details`.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}-data">{{ this.data_json }}</script>
        {%- if this.details_packed %}
        <script type="application/octet-stream" data-encoding="deflate;base64" id="{{ this.get_name() }}-details">{{ this.details_packed }}</script>
        {%- else %}
        <script type="application/json" id="{{ this.get_name() }}-details">{{ this.details_json }}</script>
        {%- endif %}
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = IncidentMap.app(
            {{ this._parent.get_name() }}, "{{ this.get_name() }}-data", "{{ this.get_name() }}-details");
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, details: dict):
        super().__init__()
        self._name = "IncidentData"
        self.data_json = script_json(data)
        self.details_json = script_json(details)
        self.details_packed = None
        if len(self.details_json) > DETAILS_COMPRESS_OVER:
            self.details_packed = packed_details(self.details_json)
            self.details_json = None
        self.attribution = ATTRIBUTION


class IncidentLayer(Layer, VerbatimMacro):
    """One overlay of incidents (one type, or the country-level ones), filtered by the date slider.

    Every incident layer is drawn on the one canvas of its :class:`IncidentData` store.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.store.get_name() }}.layer({{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, store: IncidentData, name: str, *, types: list[int] | None, country_level: bool, show: bool = True):
        # Leaflet's layer control inserts names as HTML, and a type name can come from
        # a hand-edited GeoJSON: escape it there, keep the plain text for the JS API.
        super().__init__(name=html.escape(name), overlay=True, control=True, show=show)
        self.plain_name = name
        self._name = "IncidentLayer"
        self.store = store
        self.options = {"name": name, "types": types, "countryLevel": country_level}


class JsonDataLayer(Layer, VerbatimMacro):
    """A layer made in the browser by ``IncidentMap.<factory>(map, data[, extra])``.

    The data is embedded once as a JSON block (see :func:`script_json`) and read by id.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}-data">{{ this.data_json }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = IncidentMap.{{ this.factory }}({{ this._parent.get_name() }},
            IncidentMap.readJson("{{ this.get_name() }}-data")
            {%- if this.extra is not none %}, {{ this.extra|tojson }}{% endif %});
        {% endmacro %}
        """
    )
    factory = ""

    def __init__(self, data, *, name: str, overlay: bool = True, show: bool = True, extra=None):
        super().__init__(name=name, overlay=overlay, control=True, show=show)
        self._name = type(self).__name__
        self.data_json = script_json(data)
        self.extra = extra


class OfflineBasemap(JsonDataLayer):
    """Natural Earth countries shipped in the package: the base layer that needs no network."""

    factory = "basemap"

    def __init__(self, countries: dict, *, name: str = OFFLINE_BASEMAP, show: bool = True):
        super().__init__(countries, name=name, overlay=False, show=show, extra=NATURAL_EARTH_ATTRIBUTION)


class OverlayLayer(JsonDataLayer):
    """Disputed areas, claim or ceasefire lines, historical outlines: one named overlay.

    ``collection`` is a FeatureCollection whose features carry ``kind`` (the style,
    see ``incident_map.js``), ``name`` and ``title`` (the tooltip), all from the data.
    """

    factory = "overlay"

    def __init__(self, collection: dict, *, name: str, show: bool = True):
        # Leaflet's layer control inserts names as HTML: escape there, keep the text for the API.
        super().__init__(collection, name=html.escape(name), show=show)
        self.plain_name = name


class BasemapDetails(JsonDataLayer):
    """Rivers, lakes and town names of the map's region on the offline basemap (see :func:`basemap_details`)."""

    factory = "basemapDetails"

    def __init__(self, details: dict, *, name: str = DETAILS_LAYER, show: bool = True):
        super().__init__(details, name=name, show=show)


class PlacesLayer(JsonDataLayer):
    """The places mentioned in the articles, with name tooltips and mention counts."""

    factory = "placesLayer"

    def __init__(self, table: dict, *, name: str = PLACES_LAYER, show: bool = True):
        super().__init__(table, name=name, show=show)


class TimeSlider(VerbatimMacro):
    """Date range slider (two handles, play, undated switch, per-day histogram)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = IncidentMap.timeSlider({{ this.store.get_name() }},
            {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, store: IncidentData, *, title: str | None = None, position: str = "bottomleft"):
        super().__init__()
        self._name = "TimeSlider"
        self.store = store
        self.options = {"title": title, "position": position}


class Legend(VerbatimMacro):
    """Symbol, colour and count of each incident type."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        IncidentMap.legend({{ this.store.get_name() }}, {position: {{ this.position|tojson }}})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, store: IncidentData, *, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.store = store
        self.position = position


class IncidentListPanel(VerbatimMacro):
    """The list of the incidents shown (search, filters, sort, downloads) beside the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        IncidentMap.incidentList({{ this.store.get_name() }}, {position: "topleft"}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, store: IncidentData):
        super().__init__()
        self._name = "IncidentListPanel"
        self.store = store


class LayerControl(folium.LayerControl, VerbatimMacro):
    """folium's layer control, rendered verbatim (layer names come from the data)."""


class IncidentMapApi(VerbatimMacro):
    """``window.incidentMap`` (map, setRange, visible, layers) and the initial view."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        IncidentMap.expose({{ this.store.get_name() }}, [
        {%- for layer in this.layers %}
            {name: {{ (layer.plain_name or layer.layer_name)|tojson }}, layer: {{ layer.get_name() }}, overlay: {{ layer.overlay|tojson }}},
        {%- endfor %}
        ], {{ this.control.get_name() }});
        IncidentMap.fit({{ this._parent.get_name() }}, {{ this.bounds|tojson }}, {{ this.fit_options|tojson }});
        IncidentMap.urlState({{ this.store.get_name() }}, window.incidentMap);
        {% endmacro %}
        """
    )

    def __init__(self, store: IncidentData, layers: list[Layer], control: LayerControl, bounds: list):
        super().__init__()
        self._name = "IncidentMapApi"
        self.store = store
        self.layers = layers
        self.control = control
        # The initial view is fitted last, once the panels it must stay clear of exist.
        self.bounds = bounds
        self.fit_options = {"maxZoom": FIT_MAX_ZOOM}


# ---- data --------------------------------------------------------------------------


def _features(collection: dict, what: str) -> list[dict]:
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise MapError(f"{what} must be a GeoJSON FeatureCollection, got {type(collection).__name__}")
    features = collection.get("features")
    if not isinstance(features, list):
        raise MapError(f"{what}: 'features' must be a list")
    return features


def _point(feature: dict) -> tuple[float, float] | None:
    """(lat, lon) of a Point feature, or None."""
    geometry = feature.get("geometry") or {}
    coords = geometry.get("coordinates")
    if geometry.get("type") != "Point" or not isinstance(coords, (list, tuple)) or len(coords) < 2:
        return None
    lon, lat = coords[0], coords[1]  # GeoJSON edge: [lon, lat] -> (lat, lon)
    if type(lat) not in (int, float) or type(lon) not in (int, float) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return float(lat), float(lon)


def _day(value) -> int | None:
    if not value:
        return None
    return _day_of_iso(str(value)[:10])


@lru_cache(maxsize=4096)
def _day_of_iso(text: str) -> int | None:
    # A corpus has a few hundred distinct dates and tens of thousands of incidents.
    try:
        return date.fromisoformat(text).toordinal() - _EPOCH
    except ValueError:
        return None


def _type_styles(event_types: set[str]) -> list[dict]:
    known = [t for t in EVENT_TYPES if t in event_types]
    unknown = sorted(event_types - set(EVENT_TYPES))
    out = []
    for key in known:
        label, color, symbol = TYPE_STYLES[key]
        out.append({"key": key, "label": label, "color": color, "symbol": symbol})
    for n, key in enumerate(unknown):
        color, symbol = _FALLBACK_STYLES[n % len(_FALLBACK_STYLES)]
        out.append({"key": key, "label": key.replace("_", " ").capitalize(), "color": color, "symbol": symbol})
    return out


def _optional_int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


#: Order of the fields in a row of ``details["incidents"]`` (read by incident_map.js).
#: ``evidence`` is ``[article, sentence, article, sentence, ...]`` (indices into
#: ``articles`` and ``sentences``); names, labels and claimants are indices into
#: ``strings``; casualty counts are numbers. Trailing empty fields are left out.
DETAIL_FIELDS = (
    "evidence", "place", "geo_label", "date_precision", "claimed_by", "denied_by", "origin",
    "killed", "wounded", "killed_civilians", "killed_military", "wounded_civilians", "wounded_military",
)
_COUNT_FIELDS = DETAIL_FIELDS[7:]


class _Interned(dict):
    """Each distinct string once, numbered in order of first use (so output is deterministic)."""

    def __call__(self, value) -> int | None:
        if value is None:
            return None
        return self.setdefault(value if type(value) is str else str(value), len(self))


#: Radius (km) of the ring drawn around an incident located only to an area of this kind
#: when the incident does not give its area's own (``place_radius_km`` null: an online
#: result, or an older ``incidents.geojson``): a typical size, a district (rayon, county)
#: some 15 km around its centre, a region (oblast, province) some 50 km.
AREA_RADIUS_KM = {"district": 15, "region": 50}


def area_radius_km(props: dict, area_kind: str | None) -> float:
    """Radius (km) of the ring of an incident located only to an area of ``area_kind``; 0 for none.

    The area's own size (``place_radius_km``, from the gazetteer) when known, else the
    typical size of its kind (:data:`AREA_RADIUS_KM`).

    Examples
    --------
    >>> area_radius_km({"place_radius_km": 21.4}, "district"), area_radius_km({"place_radius_km": None}, "region")
    (21.4, 50)
    >>> area_radius_km({"place_radius_km": 21.4}, None)
    0
    """
    if area_kind not in AREA_RADIUS_KM:
        return 0
    radius = props.get("place_radius_km")
    if type(radius) in (int, float) and math.isfinite(radius) and radius > 0:  # not bool, not "21"
        return radius
    return AREA_RADIUS_KM[area_kind]


def incident_tables(incidents: dict, *, place_kinds: dict[str, str] | None = None) -> tuple[dict, dict]:
    """Columnar arrays for drawing and filtering, and per-incident details for popups.

    Features are sorted by start date (undated last), then type and id, so the browser
    can binary-search date ranges and the output does not depend on input order. Popup
    details are rows of indices into string tables: an evidence sentence quoted by many
    incidents (one sentence naming several places, wire copy reprinted by several
    outlets) is stored once, and so is each place name and claimant.

    Parameters
    ----------
    incidents : dict
        An ``incidents.geojson`` FeatureCollection (schema in docs/outputs.md).
    place_kinds : dict, optional
        ``place_id -> kind`` (from ``places.geojson``): an incident located only to a
        district or region (``geo_precision`` 3) is labelled with that kind and drawn with
        a ring the size of the area (:func:`area_radius_km`; ``data["area"]``, km, 0 for
        none; only present when some incident has one).

    Returns
    -------
    tuple[dict, dict]
        ``data`` (``types``, ``id``, ``lat``, ``lon``, ``type``, ``start``, ``end``,
        ``country``, ``minDay``, ``maxDay``; days count from 1970-01-01) and ``details``
        (``fields``: :data:`DETAIL_FIELDS`; ``articles``: file names; ``sentences``;
        ``strings``; ``incidents``: one row per incident, in the order of ``data``).

    Examples
    --------
    >>> data, details = incident_tables({"type": "FeatureCollection", "features": [{
    ...     "type": "Feature", "geometry": {"type": "Point", "coordinates": [37.26, 49.21]},
    ...     "properties": {"id": "a1", "event_type": "shelling", "date": "2020-10-04",
    ...                    "place": "Izium", "killed": 2, "evidence": [
    ...                        {"article": "x.txt", "sentence": "Shells hit the town."}]}}]})
    >>> data["lat"], data["start"], details["incidents"]
    ([49.21], [18539], [[[0, 0], 0, None, None, [], [], None, 2]])
    >>> details["strings"], details["sentences"]
    (['Izium'], ['Shells hit the town.'])
    """
    rows = []
    skipped = 0
    for feature in _features(incidents, "incidents"):
        point = _point(feature)
        if point is None:
            skipped += 1
            continue
        props = feature.get("properties") or {}
        start = _day(props.get("date"))
        end = _day(props.get("date_end"))
        if start is None:
            end = None
        elif end is None or end < start:
            end = start
        event_type = str(props.get("event_type") or "unknown")
        ident = str(props.get("id") or feature.get("id") or "")
        rows.append((start, end, event_type, ident, point, props))
    if skipped:
        logger.warning("%d incident(s) without valid Point coordinates are not on the map", skipped)

    types = _type_styles({r[2] for r in rows})
    type_index = {t["key"]: n for n, t in enumerate(types)}
    rows.sort(key=lambda r: (r[0] is None, r[0] or 0, r[1] or 0, type_index[r[2]], r[3], r[4]))

    articles = sorted({str(e.get("article")) for r in rows for e in (r[5].get("evidence") or []) if isinstance(e, dict)})
    article_index = {a: n for n, a in enumerate(articles)}
    cited = _article_sources(rows, article_index)
    sentence, text = _Interned(), _Interned()
    ids, lats, lons, kinds, starts, ends, country, area = [], [], [], [], [], [], [], []
    place_kinds = place_kinds or {}
    details = []
    for start, end, event_type, ident, (lat, lon), props in rows:
        ids.append(ident)
        lats.append(round(lat, 5))
        lons.append(round(lon, 5))
        kinds.append(type_index[event_type])
        starts.append(start)
        ends.append(end)
        country.append(1 if props.get("geo_precision") == 4 else 0)
        area_kind = place_kinds.get(str(props.get("place_id"))) if props.get("geo_precision") == 3 else None
        area.append(area_radius_km(props, area_kind))
        evidence = []
        for e in props.get("evidence") or []:
            if isinstance(e, dict):
                evidence += (article_index[str(e.get("article"))], sentence(str(e.get("sentence") or "")))
        row = [
            evidence,
            text(props.get("place") or None),
            text((area_kind if area_kind in AREA_RADIUS_KM else None) or GEO_PRECISION.get(props.get("geo_precision"))
                 or None),
            text(props.get("date_precision") or None),
            [text(v) for v in props.get("claimed_by") or []],
            [text(v) for v in props.get("denied_by") or []],
            text(props.get("origin") or None),
        ]
        for key in _COUNT_FIELDS:
            value = props.get(key)
            row.append(value if type(value) is int else None)  # not bool, not "12"
        # Most incidents have no casualty figures: at 50,000 incidents every byte counts.
        while row and (row[-1] is None or row[-1] == []):
            row.pop()
        details.append(row)
    dated = [d for d in starts if d is not None]
    data = {
        "types": types, "id": ids, "lat": lats, "lon": lons, "type": kinds, "start": starts, "end": ends,
        "country": country,
        # Sorted by start: the first dated start is the earliest; a range can end later.
        "minDay": dated[0] if dated else None,
        "maxDay": max(d for d in ends if d is not None) if dated else None,
    }
    if any(area):
        data["area"] = area
    return data, {
        "fields": list(DETAIL_FIELDS), "articles": articles, "sources": cited, "sentences": list(sentence),
        "strings": list(text), "incidents": details,
    }


#: Order of the fields of ``details["sources"]``, one row per article (see :func:`incident_tables`).
SOURCE_FIELDS = ("title", "outlet", "url", "published")


def _article_sources(rows: list, article_index: dict[str, int]) -> list:
    """``[title, outlet, url, published]`` per article (in ``articles`` order; ``[]`` when nothing is known).

    Taken from the incidents' ``sources`` property; the first incident naming an article
    that describes it wins (every incident of a build describes it alike).
    """
    out: list = [[] for _ in article_index]
    for *_, props in rows:
        for s in props.get("sources") or []:
            if not isinstance(s, dict) or str(s.get("article")) not in article_index:
                continue
            k = article_index[str(s.get("article"))]
            if not out[k]:
                row = [s.get(f) if isinstance(s.get(f), str) and s.get(f) else None for f in SOURCE_FIELDS]
                while row and row[-1] is None:
                    row.pop()
                out[k] = row
    return out


def place_table(places: dict) -> dict:
    """Places as ``{"articles": [names], "rows": [[lat, lon, name, kind, country, mentions,
    metonym_mentions, [article indices]], ...]}``, sorted by place id."""
    rows = []
    for feature in _features(places, "places"):
        point = _point(feature)
        props = feature.get("properties") or {}
        if point is None:
            continue
        rows.append(
            (
                str(props.get("place_id") or feature.get("id") or ""),
                [
                    round(point[0], 5),
                    round(point[1], 5),
                    str(props.get("name") or ""),
                    props.get("kind"),
                    props.get("country"),
                    _optional_int(props.get("mentions")) or 0,
                    _optional_int(props.get("metonym_mentions")) or 0,
                    sorted({str(a) for a in props.get("articles") or []}),
                ],
            )
        )
    rows.sort(key=lambda r: (r[0], r[1][2]))
    # A much-mentioned town lists thousands of articles: store each name once.
    articles = sorted({a for _, row in rows for a in row[7]})
    index = {a: n for n, a in enumerate(articles)}
    for _, row in rows:
        row[7] = [index[a] for a in row[7]]
    return {"articles": articles, "rows": [row for _, row in rows]}


def _fit_points(data: dict, places: list[list]) -> list[tuple[float, float]]:
    """The (lat, lon) points the view is fitted to: where the fighting is.

    Diplomacy happens far away (talks in a foreign capital) and country-level incidents
    sit on a country's centroid; both would zoom the map out to a continent, so they
    count only when nothing else is there; places count when there are no incidents.
    """
    diplomacy = {n for n, t in enumerate(data["types"]) if t["key"] == "diplomacy"}
    located = [(la, lo, t) for la, lo, t, c in zip(data["lat"], data["lon"], data["type"], data["country"]) if not c]
    points = [(la, lo) for la, lo, t in located if t not in diplomacy] or [(la, lo) for la, lo, _ in located]
    if not points:
        points = list(zip(data["lat"], data["lon"])) or [(p[0], p[1]) for p in places]
    return points


def _without_outliers(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``points`` less the few far from the rest (a strike abroad, a mislocated town).

    Distances are taken from the median point (east-west shrunk by the cosine of its
    latitude); a point further than :data:`OUTLIER_FACTOR` times the 75th percentile of
    the distances, and than :data:`MIN_FIT_RADIUS` degrees, is left out. Up to a quarter
    of the points may be outliers without moving the percentile.
    """
    if len(points) < 3:
        return points
    lat0 = sorted(p[0] for p in points)[len(points) // 2]
    lon0 = sorted(p[1] for p in points)[len(points) // 2]
    shrink = math.cos(math.radians(lat0))
    distances = [math.hypot(la - lat0, (lo - lon0) * shrink) for la, lo in points]
    q75 = sorted(distances)[(3 * (len(points) - 1)) // 4]
    radius = max(OUTLIER_FACTOR * q75, MIN_FIT_RADIUS)
    return [p for p, d in zip(points, distances) if d <= radius]


def view_bounds(data: dict, places: list[list]) -> list[list[float]] | None:
    """What the map opens on: ``[[south, west], [north, east]]`` of the incidents, or None.

    The box holds the located incidents (see :func:`_fit_points`) less far outliers
    (:func:`_without_outliers`): a Ukraine corpus opens on Ukraine, a Sudan corpus on
    Sudan, even if a few incidents are placed in another country. None when there is
    nothing to fit (the map then opens on :data:`WORLD_BOUNDS`).

    Examples
    --------
    >>> data = {"types": [{"key": "shelling"}], "type": [0] * 4, "country": [0] * 4,
    ...         "lat": [50.45, 49.99, 48.0, 38.9], "lon": [30.52, 36.23, 37.8, -77.04]}
    >>> view_bounds(data, [])
    [[48.0, 30.52], [50.45, 37.8]]
    """
    points = _without_outliers(_fit_points(data, places))
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _grown(bounds: list[list[float]]) -> tuple[float, float, float, float]:
    """``bounds`` grown on each side, as (west, south, east, north)."""
    (south, west), (north, east) = bounds
    dlat = max(OVERLAY_MARGIN, OVERLAY_GROWTH * (north - south))
    dlon = max(OVERLAY_MARGIN, OVERLAY_GROWTH * (east - west))
    return west - dlon, south - dlat, east + dlon, north + dlat


#: A town of the basemap this close (degrees) to a place of the articles is not named where
#: the places are labelled: the articles' spelling is shown, once.
NAMED_BY_PLACE = 0.05


def basemap_details(bounds: list[list[float]] | None, places: list[list] = ()) -> dict | None:
    """The rivers, lakes and towns of the shipped files around ``bounds``, or None (no bounds).

    Features whose box meets ``bounds`` grown by :data:`DETAILS_GROWTH` (at least
    :data:`DETAILS_MARGIN` degrees) are kept whole; towns inside it. A map of one war thus
    carries the water and towns of that region only (a few kB to 150 kB), not the world's.
    Town rows gain a last field, 1 when a place of ``places`` (:func:`place_table` rows)
    lies within :data:`NAMED_BY_PLACE`.
    """
    if bounds is None:
        return None
    (south, west), (north, east) = bounds
    dlat = max(DETAILS_MARGIN, DETAILS_GROWTH * (north - south))
    dlon = max(DETAILS_MARGIN, DETAILS_GROWTH * (east - west))
    west, south, east, north = west - dlon, south - dlat, east + dlon, north + dlat

    def meets(feature):
        w, s, e, n = feature["properties"]["bbox"]
        return not (e < west or w > east or n < south or s > north)

    out = {}
    for key, name in (("lakes", LAKES_FILE), ("rivers", RIVERS_FILE)):
        kept = [{"type": "Feature", "geometry": f["geometry"],
                 "properties": {k: v for k, v in f["properties"].items() if k != "bbox"}}
                for f in _shipped_geojson(name)["features"] if meets(f)]
        out[key] = {"type": "FeatureCollection", "features": kept}
    towns = _shipped_geojson(TOWNS_FILE)
    rows = [r for r in towns["rows"] if west <= r[0] <= east and south <= r[1] <= north]
    cells = {(round(p[0] / NAMED_BY_PLACE), round(p[1] / NAMED_BY_PLACE)) for p in places}

    def named(row) -> int:
        lat, lon = round(row[1] / NAMED_BY_PLACE), round(row[0] / NAMED_BY_PLACE)
        return int(any((lat + a, lon + b) in cells for a in (-1, 0, 1) for b in (-1, 0, 1)))

    out["towns"] = {"fields": [*towns["fields"], "near_place"], "rows": [[*r, named(r)] for r in rows]}
    return out


def overlay_groups(bounds: list[list[float]] | None) -> list[tuple[str, dict]]:
    """The overlays a map with this view offers: ``[(name, FeatureCollection), ...]``.

    Every shipped overlay (:data:`geo.map.basemap_build.OVERLAY_FILES`: historical
    outlines, disputed areas, claim and ceasefire lines of the whole world) whose box
    meets the view grown by :data:`OVERLAY_GROWTH` (at least :data:`OVERLAY_MARGIN`
    degrees); features of the same name form one overlay. A map of one war thus lists
    the lines of that war only, and embeds nothing of the others. No view, no overlays.
    """
    if bounds is None:
        return []
    west, south, east, north = _grown(bounds)
    groups: dict[str, list[dict]] = {}
    for name in OVERLAY_FILES:
        for feature in _shipped_geojson(name)["features"]:
            props = feature["properties"]
            w, s, e, n = props["bbox"]
            if e < west or w > east or n < south or s > north:
                continue
            kept = {"type": "Feature", "properties": {k: v for k, v in props.items() if k != "bbox"},
                    "geometry": feature["geometry"]}
            groups.setdefault(props["name"], []).append(kept)
    return [(name, {"type": "FeatureCollection", "features": feats}) for name, feats in groups.items()]


# ---- the map -------------------------------------------------------------------------


def render_map(incidents: dict, places: dict, *, cdn: bool = False, title: str | None = None) -> folium.Map:
    """Build the incident map.

    Parameters
    ----------
    incidents : dict
        ``incidents.geojson`` as a dict (a FeatureCollection of Points).
    places : dict
        ``places.geojson`` as a dict.
    cdn : bool, default False
        Load Leaflet from a CDN instead of inlining it (a lighter file that needs network).
    title : str, optional
        Page title, also shown above the date slider.

    Returns
    -------
    folium.Map
        Save it with :func:`map_html` (deterministic) rather than ``Map.save``.

    Raises
    ------
    geo.errors.MapError
        If an input is not a GeoJSON FeatureCollection.

    Examples
    --------
    >>> m = render_map({"type": "FeatureCollection", "features": []},
    ...                {"type": "FeatureCollection", "features": []})
    >>> map_html(m).startswith("<!DOCTYPE html>")
    True
    """
    place_data = place_table(places)
    kinds = {str((f.get("properties") or {}).get("place_id") or f.get("id")): (f.get("properties") or {}).get("kind")
             for f in _features(places, "places")}
    data, details = incident_tables(incidents, place_kinds=kinds)
    place_list = place_data["rows"]
    fitted = view_bounds(data, place_list)
    bounds = fitted or WORLD_BOUNDS
    center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]

    m = folium.Map(location=center, zoom_start=MIN_ZOOM, tiles=None, prefer_canvas=True, control_scale=True)
    m.options["min_zoom"] = MIN_ZOOM  # folium passes its min_zoom to tiles only
    # No folium CDN links: Leaflet comes from LeafletAssets, jQuery/Bootstrap are unused.
    m.default_js = []
    m.default_css = []
    figure = m.get_root()
    figure.title = html.escape(title or "Incident map")

    LeafletAssets(cdn=cdn).add_to(m)

    layers: list[Layer] = [OfflineBasemap(_shipped_geojson(BASEMAP_FILE))]
    layers.append(folium.TileLayer("OpenStreetMap", name=OSM_BASEMAP, overlay=False, control=True, show=False))
    water_and_towns = basemap_details(fitted, place_list)
    if water_and_towns is not None:
        layers.append(BasemapDetails(water_and_towns))
    for name, collection in overlay_groups(fitted):
        layers.append(OverlayLayer(collection, name=name))
    if place_list:
        layers.append(PlacesLayer(place_data))
    for layer in layers:
        layer.add_to(m)

    store = IncidentData(data, details).add_to(m)
    country = data["country"]
    located_types = {t for t, c in zip(data["type"], country) if not c}
    for n, style in enumerate(data["types"]):
        if n in located_types:
            layers.append(IncidentLayer(store, style["label"], types=[n], country_level=False).add_to(m))
    if any(country):
        layers.append(IncidentLayer(store, COUNTRY_LAYER, types=None, country_level=True, show=False).add_to(m))

    control = LayerControl(collapsed=False, position="topright").add_to(m)
    TimeSlider(store, title=title).add_to(m)
    IncidentListPanel(store).add_to(m)
    if data["types"]:
        Legend(store).add_to(m)
    IncidentMapApi(store, layers, control, bounds).add_to(m)
    _stabilise_ids(m)
    logger.info("map: %d incidents, %d places", len(data["id"]), len(place_list))
    return m


def _stabilise_ids(m: folium.Map) -> None:
    """Replace folium's random element ids with a counter in tree order."""
    counter = itertools.count()

    def walk(element: Element) -> None:
        element._id = f"{next(counter):04d}"
        renamed = {}
        for key, child in list(element._children.items()):
            old = child.get_name()
            walk(child)
            renamed[child.get_name() if key == old else key] = child
        element._children.clear()
        element._children.update(renamed)

    walk(m.get_root())


def map_html(m: folium.Map) -> str:
    """The map as one HTML document: deterministic, and self-contained unless ``cdn``.

    Rendering a folium figure adds elements to it, so a copy is rendered: calling this
    twice gives the same text.
    """
    figure = m.get_root()
    if not isinstance(figure, Figure):
        raise MapError("the map is not attached to a folium Figure")
    fresh = copy.deepcopy(figure)
    _stabilise_ids(next(iter(fresh._children.values())))
    return fresh.render()
