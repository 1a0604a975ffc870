"""Benchmark the map: map.html size, load time and slider latency in headless Chromium.

For 1k / 10k / 50k synthetic incidents (tests/map/map_synthetic.py) the map is rendered
with geo.map.render, written to bench/results/, and opened from disk in Debian's chromium
with every non-local request blocked. Measured:

* ``render_s``: render_map + map_html in Python;
* ``load_s``: wall time from navigation to the map ready and drawn (two frames after
  ``window.incidentMap`` exists); ``load_ms_in_page``: the same from the page's clock;
* slider latency: the "End date" / "Start date" range inputs are moved the way a drag
  does (value + ``input`` event); ``filter_ms`` is the synchronous part, ``slider_ms`` is
  until the canvas has been redrawn in the animation frame after the input, including the
  rasterising the browser defers (a one-pixel read of each incident canvas forces it);
  (``slider``: a one-week window dragged day by day; ``jump``: random one-week windows;
  ``full_range``: between the whole corpus and one day, every point redrawn); median,
  p95 and max of each; ``draw_ms_*`` is the redraw alone (JS time inside the frame) and
  ``draw_method`` the way of drawing the page chose (see incident_map.js);
* ``popup_ms``: a click on an incident until its popup is in the page (the first click
  also parses the popup details, and unpacks them first in a big map);
* the incident list (``incident_list.js``): ``list_open_ms``, opening it until its rows
  are drawn (unpacking the details and indexing them for search included);
  ``list_filter_ms``, a search, a claimant, a type and a precision filter applied until
  list and map are redone (median and max); ``list_slider_ms``, a slider step with the
  list open (median), the list redone in the same frame.

Usage::

    python bench/bench_map.py                 # 1000 10000 50000
    python bench/bench_map.py 1000 5000

``measure_map(path)`` is also used by bench/run.py.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
logger = logging.getLogger("bench.map")

SLIDER_JS = """async (repeats) => {
    const app = window.incidentMap.app;
    const frame = () => new Promise(r => requestAnimationFrame(r));
    // The browser records drawImage calls and rasterises them later, in the frame; reading
    // one pixel of each incident canvas makes that happen now, so it is part of the time.
    const canvases = [...document.querySelectorAll('.nc-incident-canvas')];
    const flush = () => { for (const c of canvases) if (c.width) c.getContext('2d').getImageData(0, 0, 1, 1); };
    const start = document.querySelector('input[aria-label="Start date"]');
    const end = document.querySelector('input[aria-label="End date"]');
    let seed = 7;
    const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const span = app.maxDay - app.minDay;
    const slider = [], filter = [], full = [], jumps = [], draws = [];
    // The redraw alone, without the wait for the frame (undefined on maps older than one canvas).
    const canvas = app.canvas;
    if (canvas) {
        const draw = canvas.draw;
        canvas.draw = function () { const t = performance.now(); draw.apply(this, arguments); draws.push(performance.now() - t); };
    }
    const move = async (input, value, sink) => {
        const t = performance.now();
        input.value = String(value);
        input.dispatchEvent(new Event('input', {bubbles: true}));
        const t1 = performance.now();
        await frame();  // the redraw was queued first, so it ran before this
        flush();
        sink.push(performance.now() - t);
        filter.push(t1 - t);
    };
    // A drag: a one-week window slid day by day across the corpus (end, then start).
    await move(start, app.minDay, []); await move(end, app.minDay + 7, []);
    for (let i = 0; i < repeats; i++) {
        const from = app.minDay + 1 + (i % Math.max(1, span - 8));
        await move(end, from + 7, slider);
        await move(start, from, slider);
    }
    // Random jumps of a one-week window (the handles move far, one after the other).
    for (let i = 0; i < repeats; i++) {
        const from = app.minDay + rand(Math.max(1, span - 7));
        if (from + 7 > +end.value) { await move(end, from + 7, jumps); await move(start, from, jumps); }
        else { await move(start, from, jumps); await move(end, from + 7, jumps); }
    }
    // Jumps between a narrow window and everything (the worst case: every point redrawn).
    for (let i = 0; i < 5; i++) {
        await move(start, app.minDay, full);
        await move(end, app.maxDay, full);
        await move(end, app.minDay + 1, full);
    }
    await move(end, app.maxDay, []);
    const method = canvas && canvas.method ? canvas.method() : 'per-layer canvases';
    return {slider, filter, full, jumps, draws, method, visible: window.incidentMap.visible().length};
}"""

POPUP_JS = """async () => {
    const app = window.incidentMap.app, map = window.incidentMap.map;
    const idx = app.layers.find(l => map.hasLayer(l) && l.visibleIndices().length).visibleIndices();
    const i = idx[Math.floor(idx.length / 2)];
    map.setView([app.data.lat[i], app.data.lon[i]], 12, {animate: false});
    await new Promise(r => requestAnimationFrame(r));
    const p = map.latLngToContainerPoint([app.data.lat[i], app.data.lon[i]]);
    const box = map.getContainer().getBoundingClientRect();
    const target = document.elementFromPoint(box.left + p.x, box.top + p.y);
    const t = performance.now();
    target.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: box.left + p.x, clientY: box.top + p.y}));
    // Big maps unpack their compressed details on the first click: wait for the content.
    const shown = () => document.querySelector('.leaflet-popup-content .nc-incident');
    while (!shown() && performance.now() - t < 10000) await new Promise(r => setTimeout(r, 1));
    return {ms: performance.now() - t, ok: !!shown()};
}"""


LIST_JS = """async () => {
    const app = window.incidentMap.app, list = app.list;
    const frame = () => new Promise(r => requestAnimationFrame(r));
    if (!list) return null;
    let t = performance.now();
    list.setOpen(true);
    await app.loadDetails();
    list._detailsReady();
    await frame();
    const open = performance.now() - t;
    const filters = [];
    const apply = async (changes) => {
        const t0 = performance.now();
        await list.setFilters(changes);
        await frame();
        filters.push(performance.now() - t0);
    };
    for (const q of ['basements', 'place 1', 'drones were seen', 'nothing like this', '']) await apply({q: q});
    await apply({claimant: 'Armenia'}); await apply({claimant: ''});
    await apply({type: app.types[0].key}); await apply({type: ''});
    await apply({precision: '3'}); await apply({precision: ''});
    const steps = [], end = document.querySelector('input[aria-label="End date"]');
    const start = document.querySelector('input[aria-label="Start date"]');
    start.value = String(app.minDay); start.dispatchEvent(new Event('input', {bubbles: true}));
    for (let k = 0; k < 20; k++) {
        const t0 = performance.now();
        end.value = String(app.minDay + 7 + k); end.dispatchEvent(new Event('input', {bubbles: true}));
        await frame();
        steps.push(performance.now() - t0);
    }
    return {open, filters, steps, rows: list.rows.length};
}"""


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def measure_map(path: Path, *, repeats: int = 20) -> dict:
    """Open ``path`` offline in headless Chromium; time the load, the slider and a popup."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = _load(ROOT / "tests" / "map" / "browser" / "map_chromium.py")
        browser = chromium.launch(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        external: list[str] = []
        errors: list[str] = []

        def route(r):
            if r.request.url.startswith(chromium.LOCAL_SCHEMES):
                r.continue_()
            else:
                external.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda err: errors.append(str(err)))
        start = time.perf_counter()
        page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_function("window.incidentMap !== undefined", timeout=120_000)
        in_page = page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
        )
        load_seconds = time.perf_counter() - start
        shown = page.evaluate("incidentMap.visible().length")
        slider = page.evaluate(SLIDER_JS, repeats)
        popup = page.evaluate(POPUP_JS)
        listed = page.evaluate(LIST_JS)
        browser.close()
    return {
        "load_s": round(load_seconds, 2),
        "load_ms_in_page": round(in_page),
        "shown_at_load": shown,
        "slider_ms_median": round(statistics.median(slider["slider"]), 1),
        "slider_ms_p95": round(_p95(slider["slider"]), 1),
        "slider_ms_max": round(max(slider["slider"]), 1),
        "filter_ms_median": round(statistics.median(slider["filter"]), 2),
        "jump_ms_median": round(statistics.median(slider["jumps"]), 1),
        "jump_ms_p95": round(_p95(slider["jumps"]), 1),
        "jump_ms_max": round(max(slider["jumps"]), 1),
        "full_range_ms_median": round(statistics.median(slider["full"]), 1),
        "full_range_ms_p95": round(_p95(slider["full"]), 1),
        "full_range_ms_max": round(max(slider["full"]), 1),
        "draw_ms_median": round(statistics.median(slider["draws"]), 1) if slider["draws"] else None,
        "draw_ms_max": round(max(slider["draws"]), 1) if slider["draws"] else None,
        "draw_method": slider["method"],
        "popup_ms": round(popup["ms"], 1),
        "popup_ok": popup["ok"],
        "list_open_ms": round(listed["open"], 1) if listed else None,
        "list_filter_ms_median": round(statistics.median(listed["filters"]), 1) if listed else None,
        "list_filter_ms_max": round(max(listed["filters"]), 1) if listed else None,
        "list_slider_ms_median": round(statistics.median(listed["steps"]), 1) if listed else None,
        "page_errors": errors,
        "external_requests": external,
    }


def _synthetic():
    return _load(ROOT / "tests" / "map" / "map_synthetic.py")


def bench(sizes: list[int]) -> list[dict]:
    """Render and measure one map per size; returns one result row per size."""
    from geo.map.render import map_html, render_map

    synthetic = _synthetic()
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in sizes:
        # One distinct place per ten incidents: towns are hit again and again.
        incidents = synthetic.synthetic_incidents(n, seed=1, places=max(400, n // 10))
        places = synthetic.places_of(incidents)
        start = time.perf_counter()
        html = map_html(render_map(incidents, places, title=f"{n:,} synthetic incidents"))
        render_seconds = time.perf_counter() - start
        path = RESULTS / f"map-{n}.html"
        path.write_text(html, encoding="utf-8")
        logger.info("%d incidents: %.1f MB rendered in %.1f s; measuring in chromium", n, len(html) / 1e6, render_seconds)
        row = {"incidents": n, "map_html_mb": round(path.stat().st_size / 1e6, 2), "render_s": round(render_seconds, 2)}
        row.update(measure_map(path))
        rows.append(row)
    return rows


def markdown(rows: list[dict]) -> str:
    lines = [
        "| incidents | map.html (MB) | render (s) | load (s) | slider median / p95 / max (ms) "
        "| random jumps, median / p95 / max (ms) | all ↔ one day, median / p95 / max (ms) | filter only (ms) "
        "| redraw alone, median / max (ms) | first popup (ms) | list: open / filter median / max / slider step (ms) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['incidents']:,} | {r['map_html_mb']} | {r['render_s']} | {r['load_s']} "
            f"| {r['slider_ms_median']} / {r['slider_ms_p95']} / {r['slider_ms_max']} "
            f"| {r['jump_ms_median']} / {r['jump_ms_p95']} / {r['jump_ms_max']} "
            f"| {r['full_range_ms_median']} / {r['full_range_ms_p95']} / {r['full_range_ms_max']} | {r['filter_ms_median']} "
            f"| {r['draw_ms_median']} / {r['draw_ms_max']} ({r['draw_method']}) | {r['popup_ms']} "
            f"| {r.get('list_open_ms')} / {r.get('list_filter_ms_median')} / {r.get('list_filter_ms_max')} "
            f"/ {r.get('list_slider_ms_median')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    sizes = [int(a) for a in argv] or [1_000, 10_000, 50_000]
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.path.insert(0, str(ROOT))
    rows = bench(sizes)
    (RESULTS / "bench_map.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    table = markdown(rows)
    (RESULTS / "bench_map.md").write_text(table + "\n", encoding="utf-8")
    sys.stdout.write(table + "\n")
    problems = [r for r in rows if r["page_errors"] or r["external_requests"] or not r["popup_ok"]]
    for r in problems:
        sys.stderr.write(f"{r['incidents']}: errors {r['page_errors']} external {r['external_requests']} popup {r['popup_ok']}\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
