"""Browser fixtures: Debian's chromium driven by Playwright, with the network cut off.

Every request the page makes to anything but ``file:``/``data:``/``blob:``/``about:``
is aborted and recorded; tests assert the record is empty. Without chromium or
Playwright the browser tests are skipped with the reason, except under CI (``CI`` set),
where a skipped browser test would hide a broken map, so they fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.map.browser.map_chromium import CHROMIUM, LOCAL_SCHEMES, launch  # noqa: E402

FIXTURES = Path(__file__).parents[1] / "fixtures"
ARTIFACTS = Path(__file__).parent / "artifacts"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        _unavailable(f"playwright is not installed ({err})")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        try:
            browser = launch(pw)
        except Exception as err:  # noqa: BLE001 - any launch failure means "no browser"
            _unavailable(f"chromium did not start: {err}")
        yield browser
        browser.close()


@dataclass
class MapPage:
    """A loaded map page and everything it tried that a map must not do."""

    page: object
    external_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)


@pytest.fixture
def open_map(browser):
    """``open_map(path, **context_options) -> MapPage``: load a map file offline."""
    contexts = []

    def _open(path: Path, **context_options) -> MapPage:
        context_options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        result = MapPage(page)

        def route(r):
            url = r.request.url
            if url.startswith(LOCAL_SCHEMES):
                r.continue_()
            else:
                result.external_requests.append(url)
                r.abort()

        context.route("**/*", route)
        page.on("pageerror", lambda err: result.errors.append(str(err)))
        page.on("console", lambda msg: msg.type == "error" and result.errors.append(msg.text))

        def dialog(d):
            result.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_function("window.incidentMap !== undefined", timeout=15000)
        return result

    yield _open
    for context in contexts:
        context.close()


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixture_map(tmp_path_factory) -> Path:
    """The hand-made Karabakh fixtures rendered to map.html."""
    from geo.map.render import map_html, render_map

    path = tmp_path_factory.mktemp("map") / "map.html"
    m = render_map(load_fixture("karabakh_incidents.geojson"), load_fixture("karabakh_places.geojson"), title="Fixture map")
    path.write_text(map_html(m), encoding="utf-8")
    return path


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """``geo build`` of the seed articles (the real pipeline): the output folder."""
    from click.testing import CliRunner

    from geo.cli import main

    out = tmp_path_factory.mktemp("seed-build")
    seeds = Path(__file__).parents[3] / "seeds"
    result = CliRunner().invoke(main, ["build", "--articles", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
