"""The map in a real headless Chromium, offline: what a user sees and can do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures"
ARTIFACTS = Path(__file__).parent / "artifacts"
INCIDENTS = json.loads((FIXTURES / "karabakh_incidents.geojson").read_text(encoding="utf-8"))
FEATURES = INCIDENTS["features"]
COUNTRY_LEVEL = [f for f in FEATURES if f["properties"]["geo_precision"] == 4]
UNDATED = [f for f in FEATURES if f["properties"]["date"] is None]

# Page position of an incident, by id (for real mouse clicks).
INCIDENT_POINT_JS = """(id) => {
    const app = incidentMap.app, i = app.data.id.indexOf(id);
    const p = incidentMap.map.latLngToContainerPoint([app.data.lat[i], app.data.lon[i]]);
    const box = incidentMap.map.getContainer().getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y};
}"""


def thumb_position(mp, label: str, value_day: int) -> tuple[float, float]:
    """Page coordinates of a range input's thumb at ``value_day``."""
    box = mp.page.get_by_label(label).bounding_box()
    lo, hi = mp.js("[incidentMap.app.minDay, incidentMap.app.maxDay]")
    thumb = 18  # px, from incident_map.css
    x = box["x"] + thumb / 2 + (box["width"] - thumb) * (value_day - lo) / (hi - lo)
    return x, box["y"] + box["height"] / 2


def visible_ids(mp) -> list[str]:
    return sorted(v["id"] for v in mp.js("incidentMap.visible()"))


def test_map_opens_offline_with_no_errors_and_no_external_resources(open_map, fixture_map):
    mp = open_map(fixture_map)
    mp.page.wait_for_timeout(300)
    assert mp.errors == []
    assert mp.external_requests == []
    external = mp.js(
        """[...document.querySelectorAll('script[src], link[href]')]
            .map(e => e.src || e.href).filter(u => /^(https?:)?\\/\\//.test(u))"""
    )
    assert external == []
    # Leaflet is there and drew the offline basemap (no tiles were needed).
    assert mp.js("typeof L.version") == "string"
    assert mp.js("document.querySelectorAll('.leaflet-tile').length") == 0
    assert mp.js("incidentMap.baseLayers()") == [
        {"name": "Offline basemap (Natural Earth)", "on": True},
        {"name": "OpenStreetMap", "on": False},
    ]


def test_visible_incidents_match_the_geojson(open_map, fixture_map):
    mp = open_map(fixture_map)
    # Country-level incidents are off by default; everything else is shown.
    expected = sorted(f["id"] for f in FEATURES if f not in COUNTRY_LEVEL)
    assert visible_ids(mp) == expected
    mp.js("incidentMap.setLayer('Country-level incidents', true)")
    assert visible_ids(mp) == sorted(f["id"] for f in FEATURES)
    shown = {f["id"]: f for f in mp.js("incidentMap.visible()")}
    assert len(shown) == len(FEATURES)
    ganja = shown["inc-0005"]
    assert ganja["geometry"] == {"type": "Point", "coordinates": [46.3606, 40.6828]}
    assert ganja["properties"]["event_type"] == "shelling" and ganja["properties"]["date"] == "2020-10-11"
    assert shown["inc-0011"]["properties"]["country_level"] is True


def test_layer_control_toggles_a_type(open_map, fixture_map):
    mp = open_map(fixture_map)
    shelling = {f["id"] for f in FEATURES if f["properties"]["event_type"] == "shelling" and f not in COUNTRY_LEVEL}
    mp.page.locator(".leaflet-control-layers-overlays label", has_text="Shelling").click()
    layers = {layer["name"]: layer["on"] for layer in mp.js("incidentMap.layers()")}
    assert layers["Shelling"] is False
    assert layers["Air strike"] is True
    assert not shelling & set(visible_ids(mp))
    mp.page.locator(".leaflet-control-layers-overlays label", has_text="Country-level incidents").click()
    assert {layer["name"]: layer["on"] for layer in mp.js("incidentMap.layers()")}["Country-level incidents"] is True
    assert {f["id"] for f in COUNTRY_LEVEL} <= set(visible_ids(mp))


def test_dragging_the_end_handle_hides_later_incidents(open_map, fixture_map):
    mp = open_map(fixture_map)
    before = visible_ids(mp)
    lo, hi = mp.js("[incidentMap.app.minDay, incidentMap.app.maxDay]")
    start = thumb_position(mp, "End date", hi)
    target = thumb_position(mp, "End date", lo + (hi - lo) // 3)
    mp.page.mouse.move(*start)
    mp.page.mouse.down()
    mp.page.mouse.move(*target, steps=8)
    mp.page.mouse.up()
    after = visible_ids(mp)
    rng = mp.js("incidentMap.range()")
    assert rng["from"] == "2020-09-27"
    assert rng["to"] < "2020-10-17"
    assert len(after) < len(before)
    assert "inc-0012" not in after  # 2020-11-08, after the new end
    assert mp.page.locator(".nc-range-label").inner_text() == f"2020-09-27 – {rng['to']}"


def test_arrow_keys_move_the_start_handle(open_map, fixture_map):
    mp = open_map(fixture_map)
    start = mp.page.get_by_label("Start date")
    start.focus()
    for _ in range(3):
        mp.page.keyboard.press("ArrowRight")
    assert mp.js("incidentMap.range()") == {"from": "2020-09-30", "to": "2020-11-09"}
    ids = visible_ids(mp)
    assert "inc-0001" not in ids  # 2020-09-28
    assert "inc-0009" not in ids  # 2020-09-29
    assert "inc-0003" in ids  # 2020-10-04
    mp.page.keyboard.press("End")  # the start handle pushes the end handle, never crosses it
    assert mp.js("incidentMap.range()") == {"from": "2020-11-09", "to": "2020-11-09"}


def test_touch_drag_moves_a_handle(open_map, fixture_map):
    mp = open_map(fixture_map, has_touch=True)
    lo, hi = mp.js("[incidentMap.app.minDay, incidentMap.app.maxDay]")
    x0, y = thumb_position(mp, "Start date", lo)
    x1, _ = thumb_position(mp, "Start date", lo + (hi - lo) // 2)
    cdp = mp.page.context.new_cdp_session(mp.page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y}]})
    for k in range(1, 9):
        x = x0 + (x1 - x0) * k / 8
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert mp.js("incidentMap.range()")["from"] > "2020-10-10"


def test_set_range_range_overlap_and_undated_kept_apart(open_map, fixture_map):
    mp = open_map(fixture_map)
    undated = sorted(f["id"] for f in UNDATED)
    assert set(undated) <= set(visible_ids(mp))  # the whole range: undated ones are shown
    # inc-0002 runs 2020-09-27..29: a range that starts inside it still shows it. A narrowed
    # range never mixes undated incidents in, and the switch says so.
    assert mp.js("incidentMap.setRange('2020-09-29', '2020-09-29')") == {"from": "2020-09-29", "to": "2020-09-29"}
    assert visible_ids(mp) == ["inc-0002", "inc-0009"]
    assert "hidden while the dates are narrowed" in mp.page.locator(".nc-undated").inner_text()
    assert f"{len(undated)} undated incidents are not listed" in mp.page.locator(".nc-list-note").inner_text()
    # Dates outside the corpus are clamped to it; the whole range shows them again, unless switched off.
    assert mp.js("incidentMap.setRange('1990-01-01', '2030-01-01')") == {"from": "2020-09-27", "to": "2020-11-09"}
    assert set(undated) <= set(visible_ids(mp))
    assert f"Show undated incidents ({len(undated)})" == mp.page.locator(".nc-undated").inner_text().strip()
    mp.page.get_by_label("Show undated incidents").uncheck()
    assert not set(undated) & set(visible_ids(mp))


def test_play_moves_the_window_forward(open_map, fixture_map):
    mp = open_map(fixture_map)
    mp.js("incidentMap.setRange('2020-09-27', '2020-10-03')")
    mp.page.get_by_role("button", name="Play").click()
    mp.page.wait_for_function("incidentMap.range().from > '2020-09-28'", timeout=5000)
    rng = mp.js("incidentMap.range()")
    assert rng["to"] > "2020-10-03"
    mp.page.get_by_role("button", name="Pause").click()


def test_popup_shows_escaped_evidence_and_hostile_text_runs_nothing(open_map, fixture_map):
    mp = open_map(fixture_map)
    x_y = mp.js(INCIDENT_POINT_JS, "inc-0014")
    mp.page.mouse.click(x_y["x"], x_y["y"])
    popup = mp.page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    # Both Shusha incidents share the spot, so both are in one popup.
    assert "Air strike" in text and "Armed clash" in text
    assert "</script><script>window.__pwned = 1</script><img src=x onerror=" in text
    assert "<b>on Thursday</b>" in text
    assert "Claimed by" in text and "<img src=x onerror=window.__pwned=3>" in text
    assert "2020-10-17_reuters.txt" in text
    assert popup.locator("img, script, b, svg").count() == 0
    mp.page.wait_for_timeout(200)
    assert mp.js("window.__pwned") is None
    assert mp.dialogs == []
    assert mp.errors == []


def test_popup_lists_casualties_claims_and_every_source(open_map, fixture_map):
    mp = open_map(fixture_map)
    x_y = mp.js(INCIDENT_POINT_JS, "inc-0005")
    mp.page.mouse.click(x_y["x"], x_y["y"])
    popup = mp.page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Ganja — town precision" in text
    assert "2020-10-11 (day)" in text
    assert "9 (9 civilian)" in text and "34 (34 civilian)" in text
    assert "Azerbaijan (prosecutor general)" in text and "Nagorno-Karabakh (defence army)" in text
    assert 'killing nine civilians & wounding 34 — "the worst yet"' in text


def test_hostile_place_name_is_text(open_map, fixture_map):
    mp = open_map(fixture_map)
    mp.js("void incidentMap.map.setView([39.9, 46.9], 12, {animate: false})")
    box = mp.js("(() => { const p = incidentMap.map.latLngToContainerPoint([39.9, 46.9]);"
                " const b = incidentMap.map.getContainer().getBoundingClientRect(); return [b.left + p.x, b.top + p.y]; })()")
    mp.page.mouse.click(*box)
    popup = mp.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<img src=x onerror=window.__pwned=5>Karmir" in popup.inner_text()
    assert "<script>window.__pwned=6</script>.txt" in popup.inner_text()
    assert mp.js("window.__pwned") is None
    assert mp.dialogs == []


def test_attribution_names_every_data_source(open_map, fixture_map):
    mp = open_map(fixture_map)
    text = mp.page.locator(".leaflet-control-attribution").inner_text()
    for source in ("GeoNames", "Who's On First", "OpenStreetMap", "Natural Earth"):
        assert source in text


def test_screenshot_of_the_fixture_map(open_map, fixture_map):
    mp = open_map(fixture_map)
    mp.page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "fixture_map.png"
    mp.page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000  # a blank page is a few kB
    # The canvas of an incident layer has coloured pixels where incidents are.
    painted = mp.js(
        """(() => { let n = 0; for (const c of document.querySelectorAll('.nc-incident-canvas')) {
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             for (let i = 3; i < d.length; i += 4) if (d[i]) n++; } return n; })()"""
    )
    assert painted > 100


def test_seed_map_loads_offline_and_shows_every_incident(open_map, seed_build):
    incidents = json.loads((seed_build / "incidents.geojson").read_text(encoding="utf-8"))
    mp = open_map(seed_build / "map.html")
    for layer in mp.js("incidentMap.layers()"):
        if not layer["on"]:
            mp.page.locator(".leaflet-control-layers-overlays label", has_text=layer["name"]).click()
    assert all(layer["on"] for layer in mp.js("incidentMap.layers()"))
    assert visible_ids(mp) == sorted(f["properties"]["id"] for f in incidents["features"])
    mp.page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    mp.page.screenshot(path=str(ARTIFACTS / "seed_map.png"))
    assert mp.errors == []
    assert mp.external_requests == []
    assert mp.dialogs == []


def test_openstreetmap_base_layer_asks_for_tiles_only_when_chosen(open_map, fixture_map):
    mp = open_map(fixture_map)
    mp.page.wait_for_timeout(200)
    assert mp.external_requests == []
    mp.page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").click()
    mp.page.wait_for_timeout(500)
    assert mp.js("incidentMap.baseLayers()")[1] == {"name": "OpenStreetMap", "on": True}
    assert mp.external_requests, "the OpenStreetMap layer requested no tiles"
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in mp.external_requests)
    # Incidents stay on top of the tiles and the filter still applies.
    assert len(mp.js("incidentMap.visible()")) == len(FEATURES) - len(COUNTRY_LEVEL)


def test_incidents_are_redrawn_after_zooming(open_map, fixture_map):
    mp = open_map(fixture_map)
    painted_js = """(() => { let n = 0; for (const c of document.querySelectorAll('.nc-incident-canvas')) {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i]) n++; } return n; })()"""
    x_y = mp.js(INCIDENT_POINT_JS, "inc-0005")
    mp.page.mouse.move(x_y["x"], x_y["y"])
    mp.page.mouse.wheel(0, -600)
    mp.page.wait_for_timeout(800)
    assert mp.js("incidentMap.map.getZoom()") > 9
    assert mp.js(painted_js) > 50
    # Still clickable where it is drawn after the zoom.
    x_y = mp.js(INCIDENT_POINT_JS, "inc-0005")
    mp.page.mouse.click(x_y["x"], x_y["y"])
    mp.page.locator(".leaflet-popup-content", has_text="Ganja").wait_for()


def test_on_a_phone_the_layer_list_and_legend_start_folded(open_map, fixture_map):
    mp = open_map(fixture_map, viewport={"width": 390, "height": 760}, has_touch=True, is_mobile=True)
    control = mp.page.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in (control.get_attribute("class") or "")
    assert mp.js("document.querySelector('details.nc-legend').open") is False
    mp.page.locator(".leaflet-control-layers-toggle").tap()
    assert "leaflet-control-layers-expanded" in control.get_attribute("class")
    mp.page.locator(".leaflet-control-layers-overlays label", has_text="Shelling").tap()
    assert {layer["name"]: layer["on"] for layer in mp.js("incidentMap.layers()")}["Shelling"] is False
    assert mp.errors == []


def test_hostile_event_type_and_place_are_text_everywhere(open_map, tmp_path):
    from geo.map.render import map_html, render_map

    hostile = json.loads((FIXTURES / "hostile_incidents.geojson").read_text(encoding="utf-8"))
    path = tmp_path / "map.html"
    path.write_text(map_html(render_map(hostile, {"type": "FeatureCollection", "features": []})), encoding="utf-8")
    mp = open_map(path)
    label = mp.page.locator(".leaflet-control-layers-overlays label", has_text="onerror")
    assert label.inner_text().strip() == "<img src=x onerror=alert(7)>"
    assert mp.js("incidentMap.layers()")[-1] == {"name": "<img src=x onerror=alert(7)>", "on": True}
    x_y = mp.js(INCIDENT_POINT_JS, "hostile-0001")
    mp.page.mouse.click(x_y["x"], x_y["y"])
    popup = mp.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<script>window.__pwned=8</script>" in popup.inner_text()
    assert "-->]]></script><script>window.__pwned=10</script>" in popup.inner_text()
    assert mp.page.locator(".leaflet-container img, .leaflet-container script").count() == 0
    mp.page.wait_for_timeout(200)
    assert mp.js("window.__pwned") is None
    assert mp.dialogs == [] and mp.errors == []


PAINTED_CELLS_JS = """(() => {
    // Painted pixels of the incident canvas, as a set of 4x4-pixel cells (tolerates anti-aliasing).
    const c = document.querySelector('.nc-incident-canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, cells = new Set();
    for (let i = 3; i < d.length; i += 4) if (d[i] > 64) {
        const p = (i - 3) / 4, x = p % c.width, y = Math.floor(p / c.width);
        cells.add((x >> 2) + ',' + (y >> 2));
    }
    return [...cells];
})()"""


def test_all_incident_layers_share_one_canvas_and_a_hidden_layer_is_erased(open_map, fixture_map):
    mp = open_map(fixture_map)
    assert mp.js("document.querySelectorAll('.nc-incident-canvas').length") == 1
    mp.js("incidentMap.app.canvas.draw()")
    everything = set(mp.js(PAINTED_CELLS_JS))
    assert len(everything) > 20
    for layer in mp.js("incidentMap.layers()"):
        if layer["name"] in ("Shelling", "Air strike", "Armed clash", "Territory change", "Aircraft downed", "Casualty report"):
            mp.js(f"incidentMap.setLayer({json.dumps(layer['name'])}, false)")
    mp.js("incidentMap.app.canvas.draw()")
    assert mp.js(PAINTED_CELLS_JS) == []
    mp.js("incidentMap.setLayer('Shelling', true)")
    mp.js("incidentMap.app.canvas.draw()")
    shelling = set(mp.js(PAINTED_CELLS_JS))
    assert shelling and shelling < everything


@pytest.mark.parametrize("scale", [1, 2], ids=["screen", "high-density screen"])
def test_both_drawing_methods_paint_the_same_picture(open_map, fixture_map, scale):
    mp = open_map(fixture_map, device_scale_factor=scale)
    assert mp.js("devicePixelRatio") == scale
    mp.js("incidentMap.setLayer('Country-level incidents', true)")
    mp.js("incidentMap.app.canvas.useMethod('pixels')")
    pixels = set(mp.js(PAINTED_CELLS_JS))
    mp.js("incidentMap.app.canvas.useMethod('drawImage')")
    draw_image = set(mp.js(PAINTED_CELLS_JS))
    assert len(pixels) > 20
    assert len(pixels ^ draw_image) <= 0.02 * len(pixels | draw_image)
    # Each method stamps the same sprites: the canvases agree pixel for pixel, up to rounding.
    diff = mp.js(
        """(() => {
            const app = incidentMap.app, c = document.querySelector('.nc-incident-canvas'), ctx = c.getContext('2d');
            app.canvas.useMethod('pixels');
            const a = ctx.getImageData(0, 0, c.width, c.height).data.slice();
            app.canvas.useMethod('drawImage');
            const b = ctx.getImageData(0, 0, c.width, c.height).data;
            let worst = 0;
            for (let i = 0; i < a.length; i += 4) if (a[i + 3] > 200 && b[i + 3] > 200)
                for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(a[i + k] - b[i + k]));
            return worst;
        })()"""
    )
    assert diff <= 8
    assert mp.errors == []


def test_many_slider_moves_in_one_frame_redraw_once(open_map, fixture_map):
    mp = open_map(fixture_map)
    result = mp.js(
        """async () => {
            const app = incidentMap.app, frame = () => new Promise(r => requestAnimationFrame(r));
            app.canvas.useMethod('pixels');
            await frame(); await frame();
            let draws = 0;
            const draw = app.canvas.draw;
            app.canvas.draw = function () { draws++; return draw.apply(this, arguments); };
            const end = document.querySelector('input[aria-label="End date"]');
            const seen = [];
            for (let d = app.minDay + 3; d < app.minDay + 13; d++) {
                end.value = String(d);
                end.dispatchEvent(new Event('input', {bubbles: true}));
                seen.push(incidentMap.visible().length);  // the filter itself is synchronous
            }
            await frame(); await frame();
            return {draws, seen, range: incidentMap.range()};
        }"""
    )
    assert result["draws"] == 1
    assert result["range"] == {"from": "2020-09-27", "to": "2020-10-09"}
    assert result["seen"] == sorted(result["seen"]) and result["seen"][0] < result["seen"][-1]


def test_drawing_method_is_timed_and_drawimage_needs_to_be_clearly_faster(open_map, fixture_map):
    mp = open_map(fixture_map)
    # A small map is never timed: too little is drawn for a timing to mean anything.
    assert mp.js("[incidentMap.app.canvas.method(), incidentMap.app.canvas._samples === undefined]") == ["pixels", True]
    picks = mp.js(
        """() => {
            const c = incidentMap.app.canvas;
            const pick = (pixels, drawImage) => {
                c._samples = undefined; c._choice = undefined;
                for (let k = 0; k < pixels.length; k++) { c._timed('pixels', pixels[k]); c._timed('drawImage', drawImage[k]); }
                return c.method();
            };
            // ms per stamp; the first of each is a warm-up and does not count.
            return [pick([9, 3], [0.1, 4]), pick([9, 3], [9, 2]), pick([9, 3], [9, 1]), pick([9], [0.1])];
        }"""
    )
    assert picks == ["pixels", "pixels", "drawImage", "pixels"]
    # The last pick had one trial each: undecided, the next trial draws with pixels.
    assert mp.js("incidentMap.app.canvas._choice") is None


def test_a_big_map_chooses_its_drawing_method_while_loading(open_map, tmp_path):
    # Enough places for more than 1,000 stamps: the first redraw times both methods at
    # once, so no trial redraw is left to slow the user's first slider moves.
    from tests.map.map_synthetic import places_of, synthetic_incidents

    from geo.map.render import map_html, render_map

    incidents = synthetic_incidents(3000, seed=4, places=2500)
    path = tmp_path / "map.html"
    path.write_text(map_html(render_map(incidents, places_of(incidents))), encoding="utf-8")
    mp = open_map(path)
    state = mp.js(
        """async () => {
            const c = incidentMap.app.canvas;
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            return {choice: c._choice, stamps: c.stamps, trials: c._samples && [c._samples.pixels.length, c._samples.drawImage.length]};
        }"""
    )
    assert state["stamps"] >= 1000
    assert state["choice"] in ("pixels", "drawImage")
    assert state["trials"] == [2, 2]
    assert mp.errors == []


def test_histogram_is_drawn_at_its_real_width_on_a_narrow_screen(open_map, fixture_map):
    mp = open_map(fixture_map, viewport={"width": 300, "height": 700})
    width, css_width, ratio = mp.js(
        """async () => {
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            const h = document.querySelector('.nc-histogram');
            return [h.width, h.clientWidth, devicePixelRatio];
        }"""
    )
    assert css_width < 280
    assert width == round(css_width * ratio)


def packed_fixture_map(tmp_path, monkeypatch) -> Path:
    """The fixture map with its popup details compressed, as a big map embeds them."""
    import geo.map.render

    def load_fixture(name: str) -> dict:
        # Not imported from conftest: in a full run "conftest" may be another folder's.
        return json.loads((FIXTURES / name).read_text(encoding="utf-8"))

    monkeypatch.setattr(geo.map.render, "DETAILS_COMPRESS_OVER", 100)
    path = tmp_path / "packed.html"
    m = geo.map.render.render_map(load_fixture("karabakh_incidents.geojson"), load_fixture("karabakh_places.geojson"))
    path.write_text(geo.map.render.map_html(m), encoding="utf-8")
    assert 'type="application/octet-stream"' in path.read_text(encoding="utf-8")
    return path


def test_compressed_details_unpack_on_the_first_click(open_map, tmp_path, monkeypatch):
    mp = open_map(packed_fixture_map(tmp_path, monkeypatch))
    assert mp.js("incidentMap.app._details") is None  # nothing unpacked at load
    x_y = mp.js(INCIDENT_POINT_JS, "inc-0005")
    mp.page.mouse.click(x_y["x"], x_y["y"])
    mp.page.locator(".leaflet-popup-content .nc-incident").first.wait_for()
    mp.page.wait_for_timeout(300)
    popup = mp.page.locator(".leaflet-popup-content")
    assert popup.count() == 1
    text = popup.inner_text()
    assert "Ganja — town precision" in text and "9 (9 civilian)" in text
    assert 'killing nine civilians & wounding 34 — "the worst yet"' in text
    # Hostile evidence is unpacked as text, and a card of it runs nothing.
    card = mp.js(
        """async () => {
            const app = incidentMap.app, i = app.data.id.indexOf('inc-0014');
            await app.loadDetails();
            const card = app.incidentCard(i);
            document.body.appendChild(card);
            return {evidence: app.details(i).evidence.map(e => e[1]), text: card.innerText, markup: card.querySelectorAll('script, img').length};
        }"""
    )
    assert any("</script><script>window.__pwned = 1</script>" in e for e in card["evidence"])
    assert "</script><script>window.__pwned = 1</script>" in card["text"] and card["markup"] == 0
    mp.page.wait_for_timeout(200)
    assert mp.js("window.__pwned") is None
    assert mp.errors == [] and mp.external_requests == []


def test_pointing_at_an_incident_starts_unpacking_before_the_click(open_map, tmp_path, monkeypatch):
    mp = open_map(packed_fixture_map(tmp_path, monkeypatch))
    mp.page.mouse.move(5, 400)
    mp.page.wait_for_timeout(100)
    assert mp.js("incidentMap.app._details") is None
    x_y = mp.js(INCIDENT_POINT_JS, "inc-0005")
    mp.page.mouse.move(x_y["x"], x_y["y"])
    mp.page.wait_for_function("incidentMap.app._details !== null && incidentMap.app._details !== undefined", timeout=5000)
    assert mp.page.locator(".leaflet-popup").count() == 0


def test_a_browser_that_cannot_unpack_says_so_in_the_popup(open_map, tmp_path, monkeypatch):
    mp = open_map(packed_fixture_map(tmp_path, monkeypatch))
    mp.js("delete window.DecompressionStream")
    x_y = mp.js(INCIDENT_POINT_JS, "inc-0005")
    mp.page.mouse.click(x_y["x"], x_y["y"])
    error = mp.page.locator(".leaflet-popup-content .nc-error")
    error.wait_for()
    assert "cannot be shown" in error.inner_text() and "Firefox 113" in error.inner_text()


# ---- the view and the overlays follow the data -------------------------------------------

KARABAKH_OVERLAYS = ["Nagorno-Karabakh Autonomous Oblast (NKAO) boundary as of 1991", "Nagorno-Karabakh", "Ceasefire Line 1994"]
VIEW_CONTAINS_JS = "([lat, lon]) => incidentMap.map.getBounds().contains([lat, lon])"


def render_fixture(name: str, tmp_path: Path) -> Path:
    from geo.map.render import map_html, render_map

    def load(suffix):
        return json.loads((FIXTURES / f"{name}_{suffix}.geojson").read_text(encoding="utf-8"))

    path = tmp_path / f"{name}.html"
    path.write_text(map_html(render_map(load("incidents"), load("places"), title=name)), encoding="utf-8")
    return path


def test_a_ukraine_map_opens_on_ukraine_with_ukraine_s_overlays(open_map, tmp_path):
    mp = open_map(render_fixture("ukraine", tmp_path))
    mp.page.wait_for_timeout(200)
    for town in ([50.45, 30.52], [49.98, 36.25], [46.48, 30.73]):  # Kyiv, Kharkiv, Odesa
        assert mp.js(VIEW_CONTAINS_JS, town), town
    for elsewhere in ([40.3, 46.5], [31.85, -102.37], [46.2, 6.15]):  # the Caucasus, Odessa (Texas), Geneva
        assert not mp.js(VIEW_CONTAINS_JS, elsewhere), elsewhere
    assert 5 <= mp.js("incidentMap.map.getZoom()") <= 8
    # No incident of the opening view is hidden under a panel (slider, legend, layer list).
    for ident in ("ua-0001", "ua-0002", "ua-0003", "ua-0004", "ua-0005", "ua-0006", "ua-0007"):
        point = mp.js(INCIDENT_POINT_JS, ident)
        assert mp.js("([x, y]) => !document.elementFromPoint(x, y).closest('.leaflet-control')", [point["x"], point["y"]]), ident
    overlays = [layer["name"] for layer in mp.js("incidentMap.layers()")]
    assert {"Crimea", "Donbass", "Ukrainian claim"} <= set(overlays)
    assert not set(KARABAKH_OVERLAYS) & set(overlays)
    # Every incident is still on the map, the far ones too.
    assert len(mp.js("incidentMap.visible()")) == 9
    # Overlays are listed in the layer control and name themselves on the map.
    mp.page.locator(".leaflet-control-layers-overlays label", has_text="Crimea").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    mp.page.screenshot(path=str(ARTIFACTS / "ukraine_map.png"))
    assert mp.errors == [] and mp.external_requests == []


def test_a_karabakh_map_offers_the_karabakh_outlines(open_map, fixture_map):
    mp = open_map(fixture_map)
    overlays = {layer["name"]: layer["on"] for layer in mp.js("incidentMap.layers()")}
    assert all(overlays[name] for name in KARABAKH_OVERLAYS)
    assert "Crimea" not in overlays
    assert mp.js(VIEW_CONTAINS_JS, [39.82, 46.75]) and not mp.js(VIEW_CONTAINS_JS, [50.45, 30.52])
    mp.js(f"incidentMap.setLayer({json.dumps(KARABAKH_OVERLAYS[0])}, false)")
    assert {layer["name"]: layer["on"] for layer in mp.js("incidentMap.layers()")}[KARABAKH_OVERLAYS[0]] is False


def test_an_empty_map_opens_on_the_world(open_map, tmp_path):
    from geo.map.render import map_html, render_map

    empty = {"type": "FeatureCollection", "features": []}
    path = tmp_path / "empty.html"
    path.write_text(map_html(render_map(empty, empty)), encoding="utf-8")
    mp = open_map(path)
    assert mp.js("incidentMap.map.getZoom()") == 2
    for spot in ([50.45, 30.52], [15.55, 32.53], [40.7, -74.0], [-33.9, 151.2]):  # Kyiv, Khartoum, New York, Sydney
        assert mp.js(VIEW_CONTAINS_JS, spot), spot
    assert mp.js("incidentMap.layers()") == []
    assert mp.errors == []
