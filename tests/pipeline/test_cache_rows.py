"""A cache is never trusted: every row is checked on read, a damaged one is dropped and its article read again."""

from __future__ import annotations

import json
import sqlite3

import pytest

from geo.errors import InvalidOutputError
from geo.outputs.validate import checked_features, feature_problem
from geo.pipeline.cache import CACHE_NAME
from geo.pipeline.run import BuildOptions, run_build
from tests.pipeline.pipeline_fakes import FAKES


@pytest.fixture
def built(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n", encoding="utf-8")
    (articles / "b.txt").write_text(" date 2020-10-05 Beta was shelled.\n", encoding="utf-8")
    options = BuildOptions(articles=articles, out=tmp_path / "out", write_map=False)
    run_build(options, **FAKES)
    outputs = {name: (options.out / name).read_bytes() for name in ("incidents.geojson", "places.geojson")}
    return options, outputs


def _damage(options, statement):
    with sqlite3.connect(options.out / CACHE_NAME) as db:
        db.execute(statement)


@pytest.mark.parametrize("statement", [
    "UPDATE joined SET feature = substr(feature, 1, 20)",
    "UPDATE joined SET feature = '{\"type\": \"Feature\"}'",
    "UPDATE places SET feature = 'garbage' WHERE feature IS NOT NULL",
    "UPDATE joined SET rank = 'x'",
])
def test_damaged_joined_row_is_joined_again_never_written(built, statement):
    options, outputs = built
    _damage(options, statement)
    summary = run_build(options, **FAKES)
    assert summary.exit_code() == 0
    assert any("damaged joined rows dropped; joined again" in w for w in summary.warnings)
    for name, content in outputs.items():
        assert (options.out / name).read_bytes() == content
        json.loads(content)


@pytest.mark.parametrize("statement", [
    "UPDATE incidents SET data = '{' WHERE article = 'a.txt'",
    "UPDATE incidents SET data = '{\"a\": 1}' WHERE article = 'a.txt'",
    "UPDATE incidents SET data = '[1, 2]' WHERE article = 'a.txt'",
    "UPDATE mentions SET mentions = 'many' WHERE article = 'a.txt'",
    "UPDATE articles SET warnings = 'not json' WHERE name = 'a.txt'",
    "INSERT INTO unresolved VALUES ('a.txt', 'Zeta', 'unknown', x'00', 'In Zeta.')",
])
def test_damaged_article_row_is_dropped_and_the_article_read_again(built, statement):
    options, outputs = built
    _damage(options, statement)
    summary = run_build(options, **FAKES)
    assert summary.read == ("a.txt",) and summary.reused == ("b.txt",)
    # Rows SQL can tell are damaged go on opening; rows only the model cannot read, on joining.
    assert any("damaged rows of a.txt dropped; read again" in w or "rows of a.txt were unreadable; extracted again"
               in w for w in summary.warnings)
    for name, content in outputs.items():
        assert (options.out / name).read_bytes() == content


def test_damaged_file_record_makes_the_file_read_again(built):
    options, outputs = built
    _damage(options, "UPDATE files SET mtime_ns = 'yesterday' WHERE name = 'a.txt'")
    summary = run_build(options, **FAKES)
    assert summary.exit_code() == 0 and summary.processed == 2
    assert (options.out / "incidents.geojson").read_bytes() == outputs["incidents.geojson"]


def test_an_invalid_feature_stops_the_write():
    good = '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.7, 39.8]}, "properties": {}}'
    assert list(checked_features([good], output="x.geojson")) == [good]
    with pytest.raises(InvalidOutputError, match=r"^x.geojson: feature 2 is not JSON$"):
        list(checked_features([good, good[:30]], output="x.geojson"))
    assert feature_problem(good.replace("46.7", "NaN")) == "has coordinates that are not numbers"
    assert feature_problem(good.replace("39.8", "139.8")) == "has coordinates out of range (46.7, 139.8)"
    assert feature_problem('{"type": "Feature", "properties": {}}') == "has no Point geometry"
