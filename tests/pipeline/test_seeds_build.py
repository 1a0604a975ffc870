"""The real pipeline on the seed articles: every article processed, outputs valid and reproducible.

Extraction quality is measured by the extraction tests; here only what the pipeline
promises: counts, schema, incremental reuse and byte-identical outputs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from geo.outputs.geojson import INCIDENT_PROPERTIES, PLACE_PROPERTIES
from geo.model import EVENT_TYPES
from geo.pipeline.run import BuildOptions, run_build

SEEDS = Path(__file__).parents[2] / "seeds"
OUTPUTS = ("incidents.geojson", "places.geojson")


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "output"
    summary = run_build(BuildOptions(articles=SEEDS, out=out, write_map=False))
    return summary, out


def test_every_seed_article_is_processed(seed_build):
    summary, _ = seed_build
    assert summary.found == len(list(SEEDS.glob("*.txt"))) == summary.processed
    assert (summary.skipped, summary.failed, summary.errors) == ((), (), ())
    assert summary.exit_code(strict=True) == 0
    assert summary.incidents > 0 and summary.places > 0


def test_seed_outputs_follow_the_schema(seed_build):
    summary, out = seed_build
    gazetteer = Gazetteer.default()
    incidents = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    assert "crs" not in incidents and "crs" not in places
    assert len(incidents["features"]) == summary.incidents and len(places["features"]) == summary.places
    for feature in incidents["features"]:
        props = feature["properties"]
        assert tuple(props) == INCIDENT_PROPERTIES and feature["id"] == props["id"]
        assert props["event_type"] in EVENT_TYPES
        lon, lat = feature["geometry"]["coordinates"]
        place = gazetteer.get(props["place_id"])
        assert (lat, lon) == (round(place.lat, 6), round(place.lon, 6))  # flipped to [lon, lat]
        assert props["evidence"] and {e["article"] for e in props["evidence"]} == set(props["articles"])
    for feature in places["features"]:
        assert tuple(feature["properties"]) == PLACE_PROPERTIES
        place = gazetteer.get(feature["id"])
        assert feature["geometry"]["coordinates"] == [round(place.lon, 6), round(place.lat, 6)]
        assert (feature["properties"]["kind"], feature["properties"]["country"]) == (place.kind, place.country)
        assert feature["properties"]["mentions"] >= 1


def test_seed_build_is_reproducible_and_incremental(seed_build, tmp_path):
    _, out = seed_build
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    first = run_build(BuildOptions(articles=articles, out=tmp_path / "out", write_map=False))
    assert {n: (tmp_path / "out" / n).read_bytes() for n in OUTPUTS} == {n: (out / n).read_bytes() for n in OUTPUTS}
    again = run_build(BuildOptions(articles=articles, out=tmp_path / "out", write_map=False))
    assert len(again.reused) == first.processed and again.read == ()
    assert {n: (tmp_path / "out" / n).read_bytes() for n in OUTPUTS} == {n: (out / n).read_bytes() for n in OUTPUTS}


def test_seed_build_in_two_processes_writes_the_same_bytes(seed_build, tmp_path):
    _, out = seed_build
    summary = run_build(BuildOptions(articles=SEEDS, out=tmp_path / "out", write_map=False, workers=2))
    assert summary.failed == () and len(summary.read) == summary.found
    assert {n: (tmp_path / "out" / n).read_bytes() for n in OUTPUTS} == {n: (out / n).read_bytes() for n in OUTPUTS}
