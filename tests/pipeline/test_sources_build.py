"""Sources (title, outlet, address) reach incidents.geojson, and a change to them is never served stale."""

from __future__ import annotations

import json
import sqlite3

from geo.pipeline.cache_schema import SCHEMA_VERSION
from tests.pipeline.test_incremental import REAL_JOIN, build, outputs


def sources_of(out):
    features = json.loads((out / "incidents.geojson").read_text())["features"]
    return {s["article"]: s for f in features for s in f["properties"]["sources"]}


def test_sources_csv_reaches_every_incident_and_a_change_is_rebuilt(tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n")
    (articles / "b.md").write_text("---\ntitle: Beta shelled\nurl: https://b.example/1\noutlet: B News\n---\n"
                                   " date 2020-10-05 Beta was shelled.\n")
    build(articles, out)
    sources = sources_of(out)
    assert sources["a.txt"] == {"article": "a.txt", "title": None, "outlet": None, "url": None,
                                "published": "2020-10-04"}
    assert (sources["b.md"]["title"], sources["b.md"]["outlet"], sources["b.md"]["url"]) == \
        ("Beta shelled", "B News", "https://b.example/1")

    (articles / "sources.csv").write_text("file,url,title,outlet\na.txt,https://a.example/x,Alpha hit,A Wire\n")
    summary = build(articles, out)
    assert summary.read == ("a.txt",)  # b.md is unchanged: reused
    assert sources_of(out)["a.txt"]["outlet"] == "A Wire"
    assert not any(s.name == "sources.csv" for s in summary.skipped)

    (articles / "sources.csv").write_text("file,url,title,outlet\na.txt,https://a.example/x,Alpha hit,Other Wire\n")
    build(articles, out)
    assert sources_of(out)["a.txt"]["outlet"] == "Other Wire"
    fresh = tmp_path / "fresh"
    build(articles, fresh, **{})
    assert outputs(out) == outputs(fresh)


def test_a_cache_without_sources_is_upgraded_and_its_articles_read_again(tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.md").write_text("---\noutlet: A News\n---\n date 2020-10-04 Alpha was shelled.\n")
    build(articles, out)
    db = sqlite3.connect(out / ".geo-cache.sqlite")
    db.execute("DROP TABLE sources")
    db.execute("PRAGMA user_version = 4")
    db.commit()
    db.close()
    summary = build(articles, out)
    assert summary.read == ("a.md",) and sources_of(out)["a.md"]["outlet"] == "A News"
    db = sqlite3.connect(out / ".geo-cache.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
