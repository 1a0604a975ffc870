"""The analyst's map in Chromium, offline: sources to follow, the list, a link to share, downloads, phones."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest

from tests.map.browser.test_map_in_browser import INCIDENT_POINT_JS, INCIDENTS, UNDATED, visible_ids

HOSTILE = "</script><script>window.__pwned = 5</script><b>bold</b>"
SOURCES = {
    "2020-10-11_bbc.txt": {"title": "Ganja hit again", "outlet": "BBC News", "url": "https://www.bbc.example/news/ganja",
                           "published": "2020-10-11T08:30:00+00:00"},
    "2020-10-04_rferl.txt": {"title": HOSTILE, "outlet": "<img src=x onerror=window.__pwned=6>",
                             "url": "javascript:window.__pwned=7", "published": "2020-10-04"},
    "2020-10-17_reuters.txt": {"title": "A data link", "outlet": None,
                               "url": "data:text/html,<script>window.__pwned=8</script>", "published": None},
    "2020-09-28_eurasianet.txt": {"title": "Eurasianet report", "outlet": "Eurasianet",
                                  "url": "https://eurasianet.example/a?b=1&c=<x>\"'", "published": "2020-09-28"},
}


def with_sources(collection: dict) -> dict:
    out = copy.deepcopy(collection)
    for feature in out["features"]:
        props = feature["properties"]
        props["sources"] = [{"article": a, "title": None, "outlet": None, "url": None, "published": None,
                             **SOURCES.get(a, {})} for a in props["articles"]]
    return out


@pytest.fixture(scope="module")
def sourced_map(tmp_path_factory) -> Path:
    from geo.map.render import map_html, render_map
    from tests.map.browser.conftest import load_fixture

    path = tmp_path_factory.mktemp("sourced") / "map.html"
    m = render_map(with_sources(INCIDENTS), load_fixture("karabakh_places.geojson"), title="Sources map")
    path.write_text(map_html(m), encoding="utf-8")
    return path


def click_incident(mp, incident_id: str):
    x_y = mp.js(INCIDENT_POINT_JS, incident_id)
    mp.page.mouse.click(x_y["x"], x_y["y"])
    mp.page.locator(".leaflet-popup-content .nc-incident").first.wait_for()


def listed_ids(mp) -> list[str]:
    return mp.js("Array.from(incidentMap.app.list.rows, i => incidentMap.app.data.id[i])")


# ---- sources in popups ----------------------------------------------------------------------

def test_popup_titles_link_to_web_addresses_only(open_map, sourced_map, artifacts):
    mp = open_map(sourced_map)
    click_incident(mp, "inc-0003")  # Stepanakert: reported by the BBC and (hostile) RFE/RL
    popup = mp.page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert "2 incidents at this place" in text  # inc-0002 is drawn on the same spot
    links = mp.js("""[...document.querySelectorAll('.leaflet-popup-content a')]
        .map(a => ({href: a.getAttribute('href'), rel: a.rel, text: a.textContent, target: a.target}))""")
    assert {"href": "https://www.bbc.example/news/ganja", "rel": "noopener noreferrer", "text": "Ganja hit again",
            "target": "_blank"} in links
    assert all(link["href"].startswith("https://") and link["rel"] == "noopener noreferrer" for link in links)
    assert "BBC News · 2020-10-11 08:30:00+00:00 · 2020-10-11_bbc.txt" in text
    # The hostile source is text: title, outlet and its javascript: address, never markup or a link.
    assert HOSTILE in text and "<img src=x onerror=window.__pwned=6>" in text and "javascript:window.__pwned=7" in text
    assert mp.js("document.querySelectorAll('.leaflet-popup-content script, .leaflet-popup-content img, "
                 ".leaflet-popup-content b').length") == 0
    mp.page.screenshot(path=str(artifacts / "analyst-popup.png"))
    mp.page.wait_for_timeout(200)
    assert mp.js("window.__pwned") is None and mp.errors == [] and mp.external_requests == []


def test_data_and_quoted_addresses_stay_text_or_escaped(open_map, sourced_map):
    mp = open_map(sourced_map)
    click_incident(mp, "inc-0008")  # Fuzuli: the data: address
    assert mp.js("document.querySelectorAll('.leaflet-popup-content a').length") == 0
    assert "data:text/html,<script>window.__pwned=8</script>" in mp.page.locator(".leaflet-popup-content").inner_text()
    mp.page.keyboard.press("Escape")
    mp.js("void incidentMap.map.setView([40.3418, 46.9319], 10, {animate: false})")
    click_incident(mp, "inc-0001")  # Tartar: an https address with & < > " ' in it
    href = mp.js("document.querySelector('.leaflet-popup-content a').getAttribute('href')")
    assert href == SOURCES["2020-09-28_eurasianet.txt"]["url"]
    assert mp.js("window.__pwned") is None and mp.errors == []


# ---- the list -----------------------------------------------------------------------------------

def test_list_follows_the_map_and_its_filters_filter_the_map(open_map, sourced_map):
    mp = open_map(sourced_map)
    shown = visible_ids(mp)
    assert sorted(listed_ids(mp)) == shown and len(shown) == len(INCIDENTS["features"]) - 1  # country-level off
    dates = mp.js("Array.from(incidentMap.app.list.rows, i => incidentMap.app.data.start[i])")
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated) and dates[-len(UNDATED):] == [None] * len(UNDATED)  # by date, undated last

    mp.page.get_by_label("Search incidents").fill("ganja hit again")  # the title of the BBC's article
    mp.page.wait_for_function("incidentMap.app.list.rows.length === 3")
    assert sorted(listed_ids(mp)) == ["inc-0003", "inc-0005", "inc-0006"] == visible_ids(mp)
    mp.page.get_by_label("Search incidents").fill("HADRUT")  # a place, any case
    mp.page.wait_for_function("incidentMap.app.list.rows.length === 1")
    assert listed_ids(mp) == ["inc-0006"]
    mp.page.get_by_label("Search incidents").fill("")
    mp.page.get_by_label("Claimed by").select_option("Armenia")
    mp.page.wait_for_function("incidentMap.app.list.rows.length === 2")
    assert sorted(listed_ids(mp)) == ["inc-0004", "inc-0009"] == visible_ids(mp)
    mp.page.get_by_label("Claimed by").select_option("")
    mp.page.get_by_label("Precision").select_option("3")
    mp.page.wait_for_function("incidentMap.app.list.rows.length === 1")
    assert listed_ids(mp) == ["inc-0002"]
    mp.page.get_by_label("Precision").select_option("")
    mp.page.get_by_label("Type").select_option("territory_change")
    mp.page.wait_for_function("incidentMap.app.list.rows.length === 2")
    assert listed_ids(mp) == ["inc-0007", "inc-0006"]  # 2020-10-04, then 2020-10-09
    mp.page.get_by_role("button", name="Sort by date").click()
    assert listed_ids(mp) == ["inc-0006", "inc-0007"]
    # The slider narrows the list too.
    mp.js("incidentMap.setRange('2020-10-05', '2020-10-10')")
    assert listed_ids(mp) == ["inc-0006"]
    assert mp.errors == []


def test_only_what_is_in_view(open_map, sourced_map):
    mp = open_map(sourced_map)
    mp.js("void incidentMap.map.setView([40.6828, 46.3606], 12, {animate: false})")  # Ganja
    mp.page.get_by_label("Only what is in view").check()
    assert listed_ids(mp) == ["inc-0005"]
    mp.page.get_by_label("Only what is in view").uncheck()
    assert len(listed_ids(mp)) == len(visible_ids(mp))


def test_a_row_opens_its_incident_and_an_opened_incident_marks_its_row(open_map, sourced_map, artifacts):
    mp = open_map(sourced_map)
    mp.page.locator('.nc-list-row[data-id="inc-0005"]').click()
    mp.page.locator(".leaflet-popup-content .nc-incident").first.wait_for()
    assert "Ganja" in mp.page.locator(".leaflet-popup-content").inner_text()
    assert mp.js("incidentMap.map.getBounds().contains([40.6828, 46.3606])")
    assert mp.page.locator('.nc-list-row[data-id="inc-0005"]').get_attribute("aria-selected") == "true"
    mp.page.screenshot(path=str(artifacts / "analyst-desktop-list.png"))
    mp.page.keyboard.press("Escape")
    mp.js("void incidentMap.map.setView([40.3418, 46.9319], 10, {animate: false})")
    click_incident(mp, "inc-0001")  # on the map: Tartar
    assert mp.page.locator('.nc-list-row[data-id="inc-0001"]').get_attribute("aria-selected") == "true"
    assert mp.page.locator('.nc-list-row[data-id="inc-0005"]').get_attribute("aria-selected") == "false"


def test_list_works_from_the_keyboard(open_map, sourced_map):
    mp = open_map(sourced_map)
    mp.page.get_by_role("listbox").focus()
    mp.page.keyboard.press("Home")
    mp.page.keyboard.press("ArrowDown")
    mp.page.keyboard.press("Enter")
    mp.page.locator(".leaflet-popup-content .nc-incident").first.wait_for()
    second = listed_ids(mp)[1]
    assert mp.js("incidentMap.app.data.id[incidentMap.app.selected]") == second
    # The list folds and unfolds from its button.
    toggle = mp.page.get_by_role("button", name="Hide list")
    toggle.focus()
    mp.page.keyboard.press("Enter")
    assert mp.page.get_by_role("listbox").is_hidden()
    mp.page.keyboard.press("Enter")
    assert mp.page.get_by_role("listbox").is_visible()


def test_rows_are_virtualised(open_map, tmp_path):
    from geo.map.render import map_html, render_map
    from tests.map.map_synthetic import places_of, synthetic_incidents

    incidents = synthetic_incidents(3000, seed=3, places=300)
    path = tmp_path / "map.html"
    path.write_text(map_html(render_map(incidents, places_of(incidents))), encoding="utf-8")
    mp = open_map(path)
    mp.page.wait_for_timeout(200)
    assert mp.js("incidentMap.app.list.rows.length") == len(visible_ids(mp)) > 2500
    assert mp.js("document.querySelectorAll('.nc-list-row').length") < 60
    mp.js("document.querySelector('.nc-list-rows').scrollTop = 100000")
    mp.page.wait_for_timeout(100)
    assert mp.js("Math.max(...[...document.querySelectorAll('.nc-list-row')].map(r => +r.dataset.pos))") > 1400


# ---- a link to share ------------------------------------------------------------------------------

def test_the_fragment_restores_range_layers_filters_view_and_selection(open_map, sourced_map):
    mp = open_map(sourced_map)
    mp.js("incidentMap.setRange('2020-10-01', '2020-10-12')")
    mp.js("incidentMap.setLayer('Places mentioned', false)")
    mp.page.get_by_label("Search incidents").fill("shusha")
    mp.page.wait_for_function("incidentMap.app.list.rows.length === 1")
    mp.page.locator('.nc-list-row[data-id="inc-0014"]').click()
    mp.page.locator(".leaflet-popup-content .nc-incident").first.wait_for()
    mp.page.wait_for_function("location.hash.includes('sel=inc-0014')")
    fragment = mp.js("location.hash")
    assert "from=2020-10-01" in fragment and "q=shusha" in fragment and "view=" in fragment
    center, zoom = mp.js("[incidentMap.map.getCenter(), incidentMap.map.getZoom()]")

    again = open_map(sourced_map)
    again.page.goto("about:blank")
    again.page.goto(sourced_map.resolve().as_uri() + fragment)
    again.page.wait_for_function("window.incidentMap !== undefined")
    again.page.locator(".leaflet-popup-content .nc-incident").first.wait_for()
    assert again.js("incidentMap.range()") == {"from": "2020-10-01", "to": "2020-10-12"}
    assert {"name": "Places mentioned", "on": False} in again.js("incidentMap.layers()")
    assert again.page.get_by_label("Search incidents").input_value() == "shusha"
    assert visible_ids(again) == ["inc-0014"]
    assert again.js("incidentMap.map.getZoom()") == zoom
    restored = again.js("incidentMap.map.getCenter()")
    assert abs(restored["lat"] - center["lat"]) < 1e-3 and abs(restored["lng"] - center["lng"]) < 1e-3
    assert "Shusha" in again.page.locator(".leaflet-popup-content").inner_text()
    assert again.errors == [] and again.external_requests == []


def test_back_and_forward_step_through_changes(open_map, sourced_map):
    mp = open_map(sourced_map)
    mp.page.get_by_label("Type").select_option("shelling")
    mp.page.wait_for_function("location.hash.includes('type=shelling')")
    mp.page.get_by_label("Type").select_option("air_strike")
    mp.page.wait_for_function("location.hash.includes('type=air_strike')")
    assert sorted(listed_ids(mp)) == ["inc-0004", "inc-0014"]
    mp.page.go_back()
    mp.page.wait_for_function("incidentMap.app.list.filters.type === 'shelling'")
    assert mp.page.get_by_label("Type").input_value() == "shelling"
    assert {"inc-0001", "inc-0003", "inc-0005"} <= set(visible_ids(mp))
    mp.page.go_forward()
    mp.page.wait_for_function("incidentMap.app.list.filters.type === 'air_strike'")
    assert sorted(visible_ids(mp)) == ["inc-0004", "inc-0014"]


def test_hostile_fragment_is_data(open_map, sourced_map):
    mp = open_map(sourced_map)
    mp.page.goto("about:blank")
    mp.page.goto(sourced_map.resolve().as_uri() + "#q=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D9%3E"
                 "&claimant=%3Cscript%3Ewindow.__pwned%3D10%3C%2Fscript%3E&layers=%3Cb%3E&view=x,y,z&sel=nope")
    mp.page.wait_for_function("window.incidentMap !== undefined")
    mp.page.wait_for_timeout(400)
    assert mp.js("window.__pwned") is None and mp.errors == []
    assert mp.js("document.querySelectorAll('.nc-list img, .nc-list script').length") == 0


# ---- download what you see ----------------------------------------------------------------------

def test_downloads_hold_the_listed_incidents(open_map, sourced_map):
    mp = open_map(sourced_map)
    mp.page.get_by_label("Type").select_option("shelling")
    mp.page.wait_for_function("incidentMap.app.list.filters.type === 'shelling'")
    listed = listed_ids(mp)
    with mp.page.expect_download() as info:
        mp.page.get_by_role("button", name="GeoJSON").click()
    download = info.value
    assert download.suggested_filename == "incidents-listed.geojson"
    collection = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert [f["id"] for f in collection["features"]] == listed
    ganja = next(f for f in collection["features"] if f["id"] == "inc-0005")
    assert ganja["geometry"]["coordinates"] == [46.3606, 40.6828]
    assert ganja["properties"]["sources"][0]["url"] == "https://www.bbc.example/news/ganja"

    with mp.page.expect_download() as info:
        mp.page.get_by_role("button", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == listed
    stepanakert = next(r for r in rows if r["id"] == "inc-0003")
    assert HOSTILE in stepanakert["source_titles"] and "javascript:window.__pwned=7" in stepanakert["source_urls"]
    assert mp.external_requests == []


def test_csv_cells_a_spreadsheet_would_run_are_text(open_map, sourced_map):
    mp = open_map(sourced_map)
    text = mp.js("""IncidentMap.csvOf([{geometry: {coordinates: [1, 2]}, properties: {id: '=HYPERLINK("x")',
        event_type: 'shelling', place: '+cmd', claimed_by: ['@SUM(1)'], denied_by: [], evidence: [], sources: [],
        killed: -3}}])""")
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[0] == "'=HYPERLINK(\"x\")" and row[5] == "'+cmd" and row[9] == "'@SUM(1)" and row[7] == "-3"


# ---- phones ------------------------------------------------------------------------------------------

def _overlap(a, b) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("width, height", [(390, 844), (360, 740), (414, 896)])
def test_phone_popup_fits_and_controls_do_not_overlap(open_map, sourced_map, artifacts, width, height):
    mp = open_map(sourced_map, viewport={"width": width, "height": height}, has_touch=True, is_mobile=True)
    mp.page.wait_for_timeout(300)
    shot = "analyst-phone" if width == 390 else f"analyst-phone-{width}"
    mp.page.screenshot(path=str(artifacts / f"{shot}.png"))
    boxes = {name: mp.page.locator(selector).first.bounding_box() for name, selector in {
        "zoom": ".leaflet-control-zoom", "list": ".nc-list", "layers": ".leaflet-control-layers",
        "slider": ".nc-timeslider", "legend": ".nc-legend"}.items()}
    names = sorted(boxes)
    for k, a in enumerate(names):
        for b in names[k + 1:]:
            assert not _overlap(boxes[a], boxes[b]), (a, b, boxes[a], boxes[b])
    for box in boxes.values():
        assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height

    mp.js("void incidentMap.map.setView([39.8153, 46.7519], 11, {animate: false})")
    x_y = mp.js(INCIDENT_POINT_JS, "inc-0003")
    mp.page.touchscreen.tap(x_y["x"], x_y["y"])
    mp.page.locator(".leaflet-popup-content .nc-incident").first.wait_for()
    mp.page.wait_for_timeout(400)  # the popup pans into view
    popup = mp.page.locator(".leaflet-popup-content-wrapper").bounding_box()
    close = mp.page.locator(".leaflet-popup-close-button").bounding_box()
    assert popup["x"] >= 0 and popup["x"] + popup["width"] <= width, popup
    assert 0 <= close["x"] and close["x"] + close["width"] <= width and 0 <= close["y"] < height, close
    # Nothing covers the close button: a tap there hits it.
    assert mp.js("([x, y]) => !!document.elementFromPoint(x, y).closest('.leaflet-popup-close-button')",
                 [close["x"] + close["width"] / 2, close["y"] + close["height"] / 2])
    mp.page.screenshot(path=str(artifacts / f"{shot}-popup.png"))
    mp.page.locator(".leaflet-popup-close-button").click()

    mp.page.get_by_role("button", name="List").click()
    sheet = mp.page.locator(".nc-list").bounding_box()
    assert sheet["width"] == width and abs(sheet["y"] + sheet["height"] - height) < 2  # a bottom sheet
    on_top = mp.js("([x, y]) => !!document.elementFromPoint(x, y).closest('.nc-list')",
                   [width / 2, sheet["y"] + sheet["height"] - 60])
    assert on_top  # over the slider and the legend, not under them
    assert mp.page.get_by_role("button", name="Hide list").is_visible()
    assert mp.js("incidentMap.app.list.rows.length") == len(visible_ids(mp))
    mp.page.screenshot(path=str(artifacts / f"{shot}-list.png"))
    assert mp.errors == [] and mp.external_requests == []


# ---- precision you can see ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def district_map(tmp_path_factory) -> Path:
    """The fixture with the Tartar shelling located only to the Tartar district."""
    from geo.map.render import map_html, render_map
    from tests.map.browser.conftest import load_fixture

    incidents, places = with_sources(INCIDENTS), load_fixture("karabakh_places.geojson")
    for f in incidents["features"]:
        if f["id"] == "inc-0001":
            f["properties"]["geo_precision"] = 3
            f["properties"]["place_id"] = "gn:tartar-district"
    district = copy.deepcopy(next(f for f in places["features"] if f["properties"]["name"] == "Tartar"))
    district["id"] = district["properties"]["place_id"] = "gn:tartar-district"
    district["properties"]["kind"] = "district"
    places["features"].append(district)
    path = tmp_path_factory.mktemp("district") / "map.html"
    path.write_text(map_html(render_map(incidents, places)), encoding="utf-8")
    return path


RING_PIXEL_JS = """([lat, lon, dxKm]) => {
    // A pixel of the incident canvas dxKm east of (lat, lon): [r, g, b, a].
    const map = incidentMap.map, canvas = document.querySelector('.nc-incident-canvas');
    const east = [lat, lon + dxKm / (111.32 * Math.cos(lat * Math.PI / 180))];
    const p = map.latLngToContainerPoint(east), box = canvas.getBoundingClientRect(), mapBox = map.getContainer().getBoundingClientRect();
    const x = Math.round((p.x + mapBox.left - box.left) * canvas.width / box.width);
    const y = Math.round((p.y + mapBox.top - box.top) * canvas.height / box.height);
    let best = 0;
    for (let dx = -2; dx <= 2; dx++) best = Math.max(best, canvas.getContext('2d').getImageData(x + dx, y, 1, 1).data[3]);
    return best;
}"""


def test_a_district_is_drawn_as_an_area_and_named_so(open_map, district_map, artifacts):
    mp = open_map(district_map)
    mp.js("void incidentMap.map.setView([40.3418, 46.9319], 9, {animate: false})")
    mp.page.wait_for_timeout(300)
    # The ring of 15 km is drawn 15 km from the centre, nothing at 8 km (inside, only a faint fill).
    assert mp.js(RING_PIXEL_JS, [40.3418, 46.9319, 15]) > 100
    assert mp.js(RING_PIXEL_JS, [40.3418, 46.9319, 8]) < 60
    click_incident(mp, "inc-0001")
    text = mp.page.locator(".leaflet-popup-content").inner_text()
    assert "Tartar district — located only to the district, not a point in it" in text
    row = mp.page.locator('.nc-list-row[data-id="inc-0001"] .nc-list-place').inner_text()
    assert row.startswith("Tartar district")
    assert mp.page.locator('.nc-list-row[data-id="inc-0002"] .nc-list-place').inner_text().startswith("Stepanakert (region)")
    mp.page.screenshot(path=str(artifacts / "analyst-district.png"))
    mp.page.get_by_label("Precision").select_option("3")
    mp.page.wait_for_function("incidentMap.app.list.rows.length === 2")
    assert sorted(listed_ids(mp)) == ["inc-0001", "inc-0002"]


RING_RADIUS_JS = """([lat, lon, km]) => {
    // The ring's radius in screen pixels, found on the incident canvas: the last opaque pixel
    // on the row east of (lat, lon), where the dashed ring starts; and the radius km should give.
    const map = incidentMap.map, canvas = document.querySelector('.nc-incident-canvas');
    const box = canvas.getBoundingClientRect(), mapBox = map.getContainer().getBoundingClientRect();
    const sx = canvas.width / box.width, centre = map.latLngToContainerPoint([lat, lon]);
    const x0 = Math.round((centre.x + mapBox.left - box.left) * sx);
    const y = Math.round((centre.y + mapBox.top - box.top) * canvas.height / box.height);
    const row = canvas.getContext('2d').getImageData(x0, y, canvas.width - x0, 1).data;
    let last = -1;
    for (let k = 0; k < row.length / 4; k++) if (row[4 * k + 3] > 100) last = k;
    const east = map.latLngToContainerPoint([lat, lon + km / (111.32 * Math.cos(lat * Math.PI / 180))]);
    return {drawn: last / sx, expected: east.x - centre.x};
}"""


@pytest.mark.parametrize("radius_km", [20.0, 42.5])
def test_a_region_s_ring_is_as_large_as_the_region(open_map, tmp_path, radius_km):
    from geo.map.render import AREA_RADIUS_KM, map_html, render_map
    from tests.map.test_render import area_incidents

    path = tmp_path / "map.html"
    path.write_text(map_html(render_map(*area_incidents({"inc-region": radius_km}))), encoding="utf-8")
    mp = open_map(path)
    mp.js("void incidentMap.map.setView([40.3418, 46.9319], 8, {animate: false})")
    mp.page.wait_for_timeout(300)
    ring = mp.js(RING_RADIUS_JS, [40.3418, 46.9319, radius_km])
    typical = mp.js(RING_RADIUS_JS, [40.3418, 46.9319, AREA_RADIUS_KM["region"]])["expected"]
    assert ring["expected"] > 40 and abs(ring["drawn"] - ring["expected"]) <= 2.5, ring
    assert abs(ring["drawn"] - typical) > 10  # the region's own size, not the typical 50 km
    assert mp.errors == [] and mp.external_requests == []


def test_stacked_incidents_show_their_number(open_map, sourced_map):
    mp = open_map(sourced_map)
    mp.js("void incidentMap.map.setView([39.8, 46.75], 11, {animate: false})")
    mp.page.wait_for_timeout(300)
    # Stepanakert (inc-0002, inc-0003) and Shusha (inc-0012, inc-0014): two numbered spots.
    assert mp.js("incidentMap.app.canvas.countLabels") == 2
    click_incident(mp, "inc-0012")
    assert "2 incidents at this place" in mp.page.locator(".leaflet-popup-content").inner_text()
    mp.js("incidentMap.setRange('2020-11-01', '2020-11-09')")
    mp.page.wait_for_timeout(100)
    assert mp.js("incidentMap.app.canvas.countLabels") == 0  # one each now


# ---- a readable offline basemap ----------------------------------------------------------------

TOWN_LABELS_JS = "[...document.querySelectorAll('.nc-town-label span')].map(s => s.textContent)"


def test_offline_basemap_has_rivers_lakes_and_towns_that_follow_the_zoom(open_map, sourced_map, artifacts):
    mp = open_map(sourced_map)
    assert {"name": "Rivers, lakes and towns (Natural Earth)", "on": True} in mp.js("incidentMap.layers()")
    mp.js("void incidentMap.map.setView([40.45, 46.6], 4, {animate: false})")
    mp.page.wait_for_timeout(200)
    far = mp.js(TOWN_LABELS_JS)
    mp.js("void incidentMap.map.setView([40.45, 46.6], 9, {animate: false})")
    mp.page.wait_for_timeout(200)
    near = mp.js(TOWN_LABELS_JS)
    assert "Yevlax" in near and "Yevlax" not in far and "Yerevan" in far  # big towns first, small ones closer in
    # Ganja is a place of the articles, labelled as they spell it: the basemap does not name it again.
    assert "Ganca" not in near and "Ganja" in mp.js("[...document.querySelectorAll('.nc-place-label span')].map(s => s.textContent)")
    size = "(name) => getComputedStyle([...document.querySelectorAll('.nc-town-label span')].find(s => s.textContent === name)).fontSize"
    assert (mp.js(size, "Yerevan"), mp.js(size, "Yevlax")) == ("14px", "12px")  # names grow as one zooms in
    # Water is drawn in the basemap's pane: its blue is on the canvas.
    blue = mp.js("""(() => {
        let n = 0;
        for (const c of document.querySelectorAll('.leaflet-ncBasemap-pane canvas')) {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let k = 0; k < d.length; k += 4) if (d[k + 2] > d[k] + 30 && d[k + 3]) n++;
        }
        return n;
    })()""")
    assert blue > 500
    mp.page.screenshot(path=str(artifacts / "analyst-basemap.png"))
    mp.js("void incidentMap.map.setView([40.45, 46.6], 6, {animate: false})")
    mp.page.wait_for_timeout(200)
    assert mp.js(size, "Yerevan") == "12px"
    mp.js("incidentMap.setLayer('Rivers, lakes and towns (Natural Earth)', false)")
    assert mp.js(TOWN_LABELS_JS) == []
    assert mp.errors == [] and mp.external_requests == []
    assert "Natural Earth" in mp.page.locator(".leaflet-control-attribution").inner_text()
