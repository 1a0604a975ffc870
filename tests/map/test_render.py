"""The map HTML as a file: self-contained, deterministic, and safe with hostile text."""

from __future__ import annotations

import copy
import json
import logging
import os
import random
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geo.errors import MapError
from geo.map.render import (
    COUNTRY_LAYER,
    WORLD_BOUNDS,
    IncidentLayer,
    IncidentMapApi,
    OverlayLayer,
    incident_tables,
    map_html,
    place_table,
    render_map,
    script_json,
)
from tests.map.map_synthetic import places_of, synthetic_incidents

FIXTURES = Path(__file__).parent / "fixtures"
INCIDENT_FILES = sorted(FIXTURES.glob("*_incidents.geojson"))
EMPTY = {"type": "FeatureCollection", "features": []}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def places_for(path: Path) -> dict:
    companion = path.with_name(path.name.replace("_incidents", "_places"))
    return load(companion) if companion.exists() else EMPTY


class Scripts(HTMLParser):
    """Every <script>/<link>/<style> element of a page, with its attributes and text."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict, str]] = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "link", "style"):
            self.elements.append((tag, dict(attrs), ""))
            self._open = len(self.elements) - 1 if tag != "link" else None

    def handle_data(self, data):
        if self._open is not None:
            tag, attrs, text = self.elements[self._open]
            self.elements[self._open] = (tag, attrs, text + data)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None


def parse(html: str) -> list[tuple[str, dict, str]]:
    parser = Scripts()
    parser.feed(html)
    return parser.elements


@pytest.fixture(scope="module")
def fixture_html() -> str:
    path = FIXTURES / "karabakh_incidents.geojson"
    return map_html(render_map(load(path), places_for(path), title="Fixture"))


@pytest.mark.parametrize("path", INCIDENT_FILES, ids=lambda p: p.stem)
def test_same_inputs_give_byte_identical_html(path):
    incidents, places = load(path), places_for(path)
    first = map_html(render_map(incidents, places))
    shuffled = dict(incidents, features=random.Random(1).sample(incidents["features"], len(incidents["features"])))
    m = render_map(shuffled, places)
    assert map_html(m) == first
    assert map_html(m) == first  # rendering twice does not change the map


def test_html_does_not_depend_on_the_python_process(fixture_html, tmp_path):
    # Set iteration order changes with PYTHONHASHSEED; the map must not.
    script = (
        "import json, sys; from pathlib import Path; from geo.map.render import map_html, render_map\n"
        "f = Path(sys.argv[1]); load = lambda p: json.loads(p.read_text(encoding='utf-8'))\n"
        "sys.stdout.write(map_html(render_map(load(f / 'karabakh_incidents.geojson'),"
        " load(f / 'karabakh_places.geojson'), title='Fixture')))"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", script, str(FIXTURES)],
            capture_output=True, text=True, encoding="utf-8", check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        assert out == fixture_html


def test_default_html_loads_nothing_from_the_network(fixture_html):
    elements = parse(fixture_html)
    assert [a for t, a, _ in elements if t == "script" and "src" in a] == []
    assert [a for t, a, _ in elements if t == "link"] == []
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "bootstrapcdn"):
        assert host not in fixture_html
    # Leaflet's own images are inlined, not referenced.
    assert "images/layers.png" not in fixture_html
    assert fixture_html.count("data:image/png;base64,") >= 5
    assert "sourceMappingURL" not in fixture_html


def test_cdn_variant_links_leaflet_and_is_lighter(fixture_html):
    path = FIXTURES / "karabakh_incidents.geojson"
    html = map_html(render_map(load(path), places_for(path), cdn=True, title="Fixture"))
    elements = parse(html)
    srcs = [a["src"] for t, a, _ in elements if t == "script" and "src" in a]
    hrefs = [a["href"] for t, a, _ in elements if t == "link"]
    assert srcs == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"]
    assert hrefs == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"]
    assert len(html) < len(fixture_html) - 100_000


def test_hostile_article_text_stays_inside_its_json_block(fixture_html):
    incidents = load(FIXTURES / "karabakh_incidents.geojson")
    hostile = next(f for f in incidents["features"] if f["id"] == "inc-0014")["properties"]["evidence"][0]["sentence"]
    elements = parse(fixture_html)
    json_blocks = [text for t, a, text in elements if t == "script" and a.get("type") == "application/json"]
    # basemap, its rivers, lakes and towns, 3 overlays (1991 outline, area, ceasefire line), places, data, details
    assert len(json_blocks) == 8
    parsed = [json.loads(text) for text in json_blocks]
    details = next(p for p in parsed if isinstance(p, dict) and "incidents" in p and "articles" in p)
    assert hostile in details["sentences"]
    # No markup from the article reaches the page as markup.
    assert "<script>window.__pwned" not in fixture_html
    assert "<img src=x" not in fixture_html
    assert "<!--" not in fixture_html.split("<body>", 1)[1]
    executable = [text for t, a, text in elements if t == "script" and "type" not in a]
    assert not any("__pwned" in text for text in executable)


def test_title_is_escaped():
    html = map_html(render_map(EMPTY, EMPTY, title="Karabakh </title><script>alert(1)</script>"))
    assert "<title>Karabakh &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert "<script>alert(1)" not in html


def test_incidents_are_sorted_by_date_with_undated_last():
    data, details = incident_tables(load(FIXTURES / "karabakh_incidents.geojson"))
    starts = data["start"]
    dated = [s for s in starts if s is not None]
    assert dated == sorted(dated)
    assert starts[-2:] == [None, None]
    assert data["minDay"] == 18532  # 2020-09-27
    assert data["maxDay"] == 18575  # 2020-11-09
    assert len(details["incidents"]) == len(data["id"]) == 14
    ganja = popup_fields(details, data["id"].index("inc-0005"))
    assert ganja["killed"] == 9 and ganja["claimed_by"] == ["Azerbaijan (prosecutor general)"]
    assert ganja["geo_label"] == "town" and ganja["place"] == "Ganja"


def popup_fields(details: dict, i: int) -> dict:
    """Row ``i`` of ``details`` decoded the way incident_map.js decodes it for a popup."""
    row = details["incidents"][i]
    out = {}
    for name, value in zip(details["fields"], row):
        if value is None:
            continue
        if name == "evidence":
            out[name] = [(details["articles"][a], details["sentences"][s]) for a, s in zip(value[::2], value[1::2])]
        elif name in ("claimed_by", "denied_by"):
            out[name] = [details["strings"][k] for k in value]
        elif name in ("place", "geo_label", "date_precision", "origin"):
            out[name] = details["strings"][value]
        else:
            out[name] = value
    return out


def test_details_keep_every_evidence_sentence_and_store_repeats_once():
    fc = load(FIXTURES / "karabakh_incidents.geojson")
    # The same sentence quoted by two incidents (one sentence naming two places).
    shared = fc["features"][3]["properties"]["evidence"][0]
    fc["features"][4]["properties"]["evidence"].append(dict(shared))
    data, details = incident_tables(fc)
    by_id = {f["properties"]["id"]: f["properties"] for f in fc["features"]}
    for i, ident in enumerate(data["id"]):
        props = by_id[ident]
        decoded = popup_fields(details, i)
        assert decoded.get("evidence", []) == [(e["article"], e["sentence"]) for e in props["evidence"]]
        assert decoded.get("claimed_by", []) == props["claimed_by"]
        assert decoded.get("denied_by", []) == props["denied_by"]
        for key in ("killed", "wounded", "killed_civilians", "killed_military", "wounded_civilians", "wounded_military"):
            assert decoded.get(key) == props[key], (ident, key)
        assert decoded.get("place") == props["place"]
    sentences = [e["sentence"] for f in fc["features"] for e in f["properties"]["evidence"]]
    assert sorted(details["sentences"]) == sorted(set(sentences))
    assert len(details["sentences"]) < len(sentences)


def test_template_syntax_in_articles_and_names_is_kept_as_text():
    # folium/branca would compile each rendered piece again as a Jinja template: an
    # article quoting "{{ ... }}" must not be evaluated, nor "{%" break the map.
    fc = load(FIXTURES / "karabakh_incidents.geojson")
    fc["features"][0]["properties"]["evidence"][0]["sentence"] = "Shells {{ 7*7 }} fell {% if x %} at dawn {# #}."
    fc["features"][1]["properties"]["event_type"] = "raid{{ 6*7 }}"
    html = map_html(render_map(fc, EMPTY, title="Autumn {{ 5*5 }}"))
    assert "Shells {{ 7*7 }} fell {% if x %} at dawn {# #}." in html
    assert "raid{{ 6*7 }}" in html and "raid42" not in html
    assert "Autumn {{ 5*5 }}" in html and "Autumn 25" not in html



def test_country_level_incidents_get_their_own_layer_off_by_default():
    m = render_map(load(FIXTURES / "karabakh_incidents.geojson"), EMPTY)
    layers = {c.layer_name: c for c in m._children.values() if isinstance(c, IncidentLayer)}
    assert layers[COUNTRY_LAYER].show is False
    assert layers[COUNTRY_LAYER].options["countryLevel"] is True
    assert all(layer.show for name, layer in layers.items() if name != COUNTRY_LAYER)
    # The only diplomacy incident is country-level, so there is no "Diplomacy" point layer.
    assert "Diplomacy" not in layers


def area_incidents(radii: dict[str, object]) -> tuple[dict, dict]:
    """Tartar's incidents located to a region each, of these ``place_radius_km``, and the regions."""
    incidents = load(FIXTURES / "karabakh_incidents.geojson")
    tartar = next(f for f in incidents["features"] if f["properties"]["place"] == "Tartar")
    incidents["features"] = [copy.deepcopy(tartar) for _ in radii]
    regions = []
    for (ident, radius), feature in zip(radii.items(), incidents["features"]):
        props = dict(feature["properties"], id=ident, place_id=f"gn:{ident}", geo_precision=3, place_radius_km=radius)
        regions.append({"type": "Feature", "id": props["place_id"], "geometry": feature["geometry"], "properties": {
            "place_id": props["place_id"], "name": "Tartar", "kind": "region", "country": "AZ", "mentions": 1,
            "metonym_mentions": 0, "articles": []}})
        feature.update(id=ident, properties=props)
    return incidents, {"type": "FeatureCollection", "features": regions}


def test_an_area_ring_has_the_area_s_own_radius_else_a_typical_one():
    incidents, _ = area_incidents({"a": 32.5, "b": None, "c": 0, "d": True, "e": "40"})
    data, _ = incident_tables(incidents, place_kinds={"gn:a": "region", "gn:b": "region", "gn:c": "region",
                                                      "gn:d": "region", "gn:e": "region"})
    assert dict(zip(data["id"], data["area"])) == {"a": 32.5, "b": 50, "c": 50, "d": 50, "e": 50}
    # Located to a point of the area (not geo_precision 3), an incident has no ring, whatever its place's size.
    incidents["features"][0]["properties"]["geo_precision"] = 1
    data, _ = incident_tables(incidents, place_kinds={"gn:a": "region"})
    assert "area" not in data


def test_an_area_s_own_radius_reaches_the_page():
    html = map_html(render_map(*area_incidents({"a": 32.5})))
    data = json.loads(re.search(r'id="incident_data_\d+-data">(.*?)</script>', html).group(1))
    assert data["area"] == [32.5]


@pytest.mark.parametrize("bad", [None, [], {"type": "Feature"}, {"type": "FeatureCollection", "features": {}}])
def test_not_a_feature_collection_is_a_map_error(bad):
    with pytest.raises(MapError):
        render_map(bad, EMPTY)
    with pytest.raises(MapError):
        render_map(EMPTY, bad)


def test_incidents_without_coordinates_are_reported_not_drawn(caplog):
    fc = load(FIXTURES / "karabakh_incidents.geojson")
    fc["features"][0]["geometry"] = None
    fc["features"][1]["geometry"] = {"type": "Point", "coordinates": [200, 95]}
    with caplog.at_level(logging.WARNING, logger="geo.map.render"):
        data, _ = incident_tables(fc)
    assert len(data["id"]) == 12
    assert "2 incident(s) without valid Point coordinates" in caplog.text


def test_empty_corpus_still_gives_a_working_page():
    html = map_html(render_map(EMPTY, EMPTY))
    assert "IncidentMap.expose" in html
    data = json.loads(re.search(r'id="incident_data_\d+-data">(.*?)</script>', html).group(1))
    assert data["minDay"] is None and data["id"] == []


def test_places_are_sorted_by_id_with_articles():
    places = load(FIXTURES / "karabakh_places.geojson")
    table = place_table(dict(places, features=places["features"][::-1]))
    rows = table["rows"]
    names = [r[2] for r in rows]
    by_id = sorted(places["features"], key=lambda f: f["properties"]["place_id"])
    assert names == [f["properties"]["name"] for f in by_id]
    stepanakert = rows[names.index("Stepanakert")]
    assert stepanakert[:2] == [39.8153, 46.7519]  # lat, lon (GeoJSON had lon, lat)
    assert [table["articles"][a] for a in stepanakert[7]] == [
        "2020-09-28_eurasianet.txt", "2020-10-04_rferl.txt", "2020-10-11_bbc.txt"]


def test_synthetic_corpus_follows_the_incident_schema():
    fc = synthetic_incidents(300, seed=3)
    assert fc == synthetic_incidents(300, seed=3)
    keys = set(load(FIXTURES / "karabakh_incidents.geojson")["features"][0]["properties"])
    assert all(set(f["properties"]) == keys for f in fc["features"])
    data, details = incident_tables(fc)
    assert len(data["id"]) == 300
    assert any(c for c in data["country"]) and None in data["start"]
    assert len(places_of(fc)["features"]) > 50


def test_big_details_are_embedded_compressed_and_unpack_to_the_same_json(monkeypatch):
    import base64
    import zlib

    import geo.map.render

    path = FIXTURES / "karabakh_incidents.geojson"
    plain = map_html(render_map(load(path), places_for(path)))
    assert "application/octet-stream" not in plain
    monkeypatch.setattr(geo.map.render, "DETAILS_COMPRESS_OVER", 100)
    packed_html = map_html(render_map(load(path), places_for(path)))
    assert packed_html == map_html(render_map(load(path), places_for(path)))  # still deterministic
    block = re.search(r'<script type="application/octet-stream" data-encoding="deflate;base64" id="(incident_data_\d+)-details">([^<]*)</script>', packed_html)
    assert block is not None
    _, details = incident_tables(load(path))
    assert zlib.decompress(base64.b64decode(block.group(2))).decode("utf-8") == script_json(details)
    # The evidence is in the page only packed.
    sentence = details["sentences"][0].replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    assert sentence in plain and sentence not in packed_html


# ---- the view and the overlays follow the data -------------------------------------------

KYIV, KHARKIV, CAUCASUS_CENTRE = (50.45, 30.53), (49.98, 36.25), (40.3, 46.5)


def inside(bounds, lat_lon) -> bool:
    (south, west), (north, east) = bounds
    return south <= lat_lon[0] <= north and west <= lat_lon[1] <= east


def rendered(name: str):
    path = FIXTURES / f"{name}_incidents.geojson"
    return render_map(load(path), places_for(path), title=name)


def initial_bounds(m) -> list:
    return next(c for c in m._children.values() if isinstance(c, IncidentMapApi)).bounds


def overlay_names(m) -> list[str]:
    return [c.plain_name for c in m._children.values() if isinstance(c, OverlayLayer)]


def test_a_ukraine_map_opens_on_ukraine_despite_a_town_of_the_same_name_in_texas():
    bounds = initial_bounds(rendered("ukraine"))
    assert inside(bounds, KYIV) and inside(bounds, KHARKIV)
    assert not inside(bounds, CAUCASUS_CENTRE)
    # Odessa (Texas) and the talks in Geneva are on the map but not in the opening view.
    (south, west), (north, east) = bounds
    assert west > 29 and east < 39 and south > 45 and north < 51


def test_a_sudan_map_opens_on_sudan():
    bounds = initial_bounds(rendered("sudan"))
    assert inside(bounds, (15.55, 32.53)) and inside(bounds, (13.63, 25.35))  # Khartoum, El Fasher
    assert not inside(bounds, (21.54, 39.2))  # the talks in Jeddah


def test_a_karabakh_map_still_opens_on_karabakh():
    bounds = initial_bounds(rendered("karabakh"))
    assert inside(bounds, (39.82, 46.75)) and not inside(bounds, KYIV)


def test_an_empty_map_opens_on_the_world_with_no_overlays():
    m = render_map(EMPTY, EMPTY)
    assert initial_bounds(m) == WORLD_BOUNDS
    assert overlay_names(m) == []
    assert m.options["min_zoom"] == 2


def test_far_outliers_do_not_widen_the_view_but_a_spread_out_war_stays_whole():
    from geo.map.render import view_bounds

    def data(points):
        return {"types": [{"key": "shelling"}], "type": [0] * len(points), "country": [0] * len(points),
                "lat": [p[0] for p in points], "lon": [p[1] for p in points]}

    war = [(50.45, 30.52), (49.84, 24.03), (49.99, 36.25), (48.0, 37.8), (46.48, 30.73), (47.84, 35.14)]
    assert view_bounds(data(war), []) == [[46.48, 24.03], [50.45, 37.8]]  # Lviv to Donetsk: all kept
    assert view_bounds(data(war + [(-33.9, 151.2)]), []) == [[46.48, 24.03], [50.45, 37.8]]  # not Sydney
    assert view_bounds(data([(40.0, 46.0)]), []) == [[40.0, 46.0], [40.0, 46.0]]
    assert view_bounds(data([]), []) is None


def test_ukraine_overlays_are_ukraine_s_and_not_the_karabakh_outlines():
    names = overlay_names(rendered("ukraine"))
    assert {"Crimea", "Donbass", "Ukrainian claim"} <= set(names)
    assert not [n for n in names if "Karabakh" in n or "Ceasefire Line 1994" in n]


def test_karabakh_overlays_are_the_1991_oblast_the_breakaway_area_and_the_1994_line():
    assert overlay_names(rendered("karabakh")) == [
        "Nagorno-Karabakh Autonomous Oblast (NKAO) boundary as of 1991",
        "Nagorno-Karabakh",
        "Ceasefire Line 1994",
    ]


def test_overlays_carry_their_names_and_notes_from_the_data_into_the_page():
    html = map_html(rendered("ukraine"))
    assert '"title":"Crimea: Admin. by Russia; Claimed by Ukraine"' in html
    assert '"kind":"line_of_control"' in html
    assert "Abkhazia" not in html and "Kashmir" not in html  # other wars' overlays are not embedded


MAP_CODE = [Path(render_map.__code__.co_filename), *sorted((Path(render_map.__code__.co_filename).parent / "static").iterdir())]


@pytest.mark.parametrize("path", [*MAP_CODE, MAP_CODE[0].with_name("basemap_build.py")], ids=lambda p: p.name)
def test_the_map_code_knows_no_single_conflict(path):
    # Names of one war belong in data files and tests, not in the code that draws every war.
    # The builder may name the file it reads (a data-source reference), nothing else.
    text = path.read_text(encoding="utf-8")
    if path.name == "basemap_build.py":
        text = text.replace('"nagorno_karabakh_outlines.geojson"', "")
    found = re.findall(r"armenia|azerbaijan|karabakh|caucasus|nkao", text, re.IGNORECASE)
    assert found == []


def test_a_map_embeds_the_water_and_towns_of_its_region_only(fixture_html):
    from geo.map.render import basemap_details

    caucasus = basemap_details([[39.3, 46.3], [40.7, 47.2]])
    towns = {row[2] for row in caucasus["towns"]["rows"]}
    assert {"Ganca", "Stepanakert"} & towns and "Kiev" not in towns
    assert "Kura" in {f["properties"]["name"] for f in caucasus["rivers"]["features"]}
    # The size budget: what a one-region map adds for its rivers, lakes and towns.
    assert len(json.dumps(caucasus)) < 40_000
    ukraine = basemap_details([[44.5, 22.2], [52.3, 40.2]])
    assert "Dnieper" in {f["properties"]["name"] for f in ukraine["rivers"]["features"]}
    assert len(json.dumps(ukraine)) < 150_000
    assert basemap_details(None) is None
    assert "Rivers, lakes and towns (Natural Earth)" in fixture_html
