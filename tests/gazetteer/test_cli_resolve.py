"""`geo resolve`: ranked candidates, JSON output, clear failures, online fallback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from tests.gazetteer.fake_nominatim import ANSWERS_DIR, FakeNominatim

from geo.cli import main


@pytest.fixture(autouse=True)
def hermetic_environment(monkeypatch, tmp_path):
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    for name in ("GEO_ONLINE_DOMAIN", "GEO_ONLINE_SCHEME", "GEO_USER_AGENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def run(*args):
    return CliRunner().invoke(main, ["resolve", *args])


def test_resolve_prints_best_candidate_first():
    result = run("Dzhebrail")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith(" 1. Jabrayil (town") and "gn:148141" in first


def test_resolve_json_has_the_documented_fields():
    result = run("Martuni", "--json", "--context", "shelling hit Stepanakert and the towns of Martakert and Martuni")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"name", "lat", "lon", "country", "kind", "id", "score"} <= set(rows[0])
    assert rows[0]["country"] == "AZ" and rows[0]["id"] == "gn:146969"
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_resolve_limit():
    result = run("Martuni", "--json", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 2


def test_unknown_name_exits_non_zero_with_a_message():
    result = run("Qwertyzxcv")
    assert result.exit_code == 1
    assert "no place matches 'Qwertyzxcv'" in result.output and "--online" in result.output


def _answers_for(name):
    results = json.loads((ANSWERS_DIR / "talysh.json").read_text(encoding="utf-8"))["results"]
    return {name.casefold(): results}


def test_online_fallback_answers_names_the_gazetteer_lacks():
    with FakeNominatim(answers=_answers_for("Qwertyzxcv")) as fake:
        result = run("Qwertyzxcv", "--online", "--json", "--online-domain", fake.domain, "--online-scheme", "http")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["id"].startswith("osm:") and rows[0]["origin"] == "online"
    assert rows[0]["country"] == "AZ"


def test_online_settings_come_from_the_environment(monkeypatch):
    with FakeNominatim(answers=_answers_for("Qwertyzxcv")) as fake:
        monkeypatch.setenv("GEO_ONLINE_DOMAIN", fake.domain)
        monkeypatch.setenv("GEO_ONLINE_SCHEME", "http")
        monkeypatch.setenv("GEO_USER_AGENT", "cli-test (test@example.org)")
        result = run("Qwertyzxcv", "--online")
        agents = {r.headers.get("User-Agent") for r in fake.requests}
    assert result.exit_code == 0, result.output
    assert agents == {"cli-test (test@example.org)"}


def test_known_names_never_go_online():
    with FakeNominatim(answers={}) as fake:
        result = run("Stepanakert", "--online", "--online-domain", fake.domain, "--online-scheme", "http")
        assert fake.requests == []
    assert result.exit_code == 0, result.output


def test_online_failure_is_a_warning_and_unresolved_not_a_traceback():
    with FakeNominatim(answers={}) as fake:
        fake.fail_with(503)
        result = run("Qwertyzxcv", "--online", "--online-domain", fake.domain, "--online-scheme", "http")
    assert result.exit_code == 1
    assert "warning: online lookup failed" in result.output
    assert "unresolved" in result.output
    assert "Traceback" not in result.output


def test_bad_online_domain_is_a_usage_error():
    result = run("Qwertyzxcv", "--online", "--online-domain", "http://example.org")
    assert result.exit_code == 2
    assert "without scheme" in result.output


def test_help_shows_an_example():
    result = CliRunner().invoke(main, ["resolve", "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output and "geo resolve Jebrail" in result.output
