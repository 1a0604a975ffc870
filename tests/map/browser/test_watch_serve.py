"""geo watch --serve in Chromium: the map over 127.0.0.1, reloaded after a rebuild on the same view."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request

import pytest

from geo.pipeline.run import BuildOptions
from geo.pipeline.serve import OutputServer
from geo.pipeline.watch import watch
from tests.pipeline.pipeline_fakes import FAKES


def _wait(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_open_map_reloads_after_a_rebuild_keeping_its_state(browser, tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n", encoding="utf-8")
    (articles / "c.txt").write_text(" date 2020-10-06 Gamma was shelled.\n", encoding="utf-8")
    stop, summaries = threading.Event(), []
    with OutputServer(out, port=0) as server:
        assert server.url.startswith("http://127.0.0.1:")

        def built(summary):
            summaries.append(summary)
            server.rebuilt()

        thread = threading.Thread(target=watch, args=(BuildOptions(articles=articles, out=out),),
                                  kwargs=dict(debounce_ms=100, stop_event=stop, on_build=built, **FAKES))
        thread.start()
        try:
            _wait(lambda: len(summaries) == 1)
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            outside = []
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                ("http://127.0.0.1:", "data:", "blob:", "about:")) else (outside.append(r.request.url), r.abort()))
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(server.url)
            page.wait_for_function("window.incidentMap !== undefined")
            assert page.evaluate("incidentMap.app.n") == 2
            page.evaluate("incidentMap.setRange('2020-10-04', '2020-10-05')")
            page.get_by_label("Search incidents").fill("alpha")
            page.wait_for_function("location.hash.includes('q=alpha') && location.hash.includes('to=2020-10-05')")
            fragment = page.evaluate("location.hash")
            time.sleep(0.5)  # the watcher is up
            (articles / "b.txt").write_text(" date 2020-10-05 Alpha was shelled again.\n", encoding="utf-8")
            _wait(lambda: len(summaries) >= 2)
            # The page reloads by itself, on the same state, with the new incident.
            page.wait_for_function("window.incidentMap !== undefined && incidentMap.app.n === 3", timeout=15000)
            assert page.evaluate("location.hash") == fragment
            assert page.evaluate("incidentMap.range()") == {"from": "2020-10-04", "to": "2020-10-05"}
            assert page.get_by_label("Search incidents").input_value() == "alpha"
            assert errors == [] and outside == []
            context.close()
        finally:
            stop.set()
            thread.join(timeout=30)
    # The file on disk is the build's, without the reload script.
    assert b"/__geo/build" not in (out / "map.html").read_bytes()


def test_server_hides_the_cache_and_listings_and_stays_on_loopback(tmp_path, caplog):
    (tmp_path / ".geo-cache.sqlite").write_bytes(b"secret")
    (tmp_path / "incidents.geojson").write_text('{"type": "FeatureCollection", "features": []}\n')
    (tmp_path / "sub").mkdir()
    with OutputServer(tmp_path, port=0) as server:
        base = server.url.rsplit("/", 1)[0]
        assert urllib.request.urlopen(base + "/incidents.geojson").read().startswith(b'{"type"')
        assert json.load(urllib.request.urlopen(base + "/__geo/build")) == {"build": 0}
        for path in ("/.geo-cache.sqlite", "/sub/", "/%2e%2e/%2e%2e/etc/passwd", "/map.html"):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(base + path)
            assert err.value.code == 404, path
        assert server._httpd.server_address[0] == "127.0.0.1"
    with caplog.at_level(logging.WARNING, logger="geo.pipeline.serve"):
        OutputServer(tmp_path, host="0.0.0.0", port=0).close()
    assert "to the network" in caplog.text


def test_watch_serve_help_names_the_port_and_host():
    from click.testing import CliRunner

    from geo.cli import main

    result = CliRunner().invoke(main, ["watch", "--help"])
    assert result.exit_code == 0, result.output
    assert "--serve" in result.output and "--port" in result.output and "127.0.0.1" in result.output
