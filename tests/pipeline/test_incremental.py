"""Incremental builds: only what changed is joined again, and the outputs equal a build from scratch."""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import replace
from datetime import date, timedelta

import pytest

from geo.join import join_incidents
from geo.model import ArticleExtraction, PlaceMention
from geo.pipeline.run import BuildOptions, run_build
from tests.pipeline.pipeline_fakes import FAKES, PLACES, fake_extract

#: A place the gazetteer does not hold: its coordinates come from the incidents located there.
DELTA = PLACES["Alpha"].__class__(id="osm:delta", name="Delta", lat=40.0, lon=45.0, country="AM", kind="village")


def extract_with_delta(article, gazetteer, *, online=None) -> ArticleExtraction:
    """The fake extraction, plus mentions and shellings of Delta, which only an online lookup would know."""
    extraction = fake_extract(article, gazetteer)
    delta = article.text.count("Delta")
    if not delta:
        return extraction
    mentions = tuple(PlaceMention(DELTA.id, "Delta", article.name, n, n + 5, "Delta") for n in range(delta))
    incidents = tuple(replace(i, place=DELTA)
                      for i in extraction.incidents if "Delta" in i.evidence[0].sentence)
    return replace(extraction, incidents=extraction.incidents + incidents, mentions=extraction.mentions + mentions)


REAL_JOIN = {**FAKES, "extractor": extract_with_delta, "joiner": join_incidents}
SENTENCES = (
    "Alpha was shelled overnight.", "Beta was shelled.", "Gamma said Alpha was shelled.", "Delta was shelled.",
    "Beta said nothing.", "Gamma was shelled at dawn.", "Alpha and Delta were shelled.", "Nothing happened.",
)
NAMES = [f"{folder}{n}.txt" for folder in ("", "sub/") for n in range(4)]


def outputs(out):
    return {name: (out / name).read_bytes() for name in ("incidents.geojson", "places.geojson")}


def build(articles, out, fakes=REAL_JOIN, **options):
    return run_build(BuildOptions(articles=articles, out=out, write_map=False, **options), **fakes)


def random_article(rng):
    day = rng.choice([None, *range(1, 8)])
    dateline = f" date 2020-10-{day:02} " if day else ""
    return dateline + " ".join(rng.sample(SENTENCES, rng.randint(1, 4))) + "\n"


@pytest.mark.parametrize("seed", range(4))
def test_incremental_builds_equal_builds_from_scratch(tmp_path, seed):
    rng = random.Random(seed)
    articles, out = tmp_path / "articles", tmp_path / "out"
    for step in range(12):
        for _ in range(rng.randint(1, 3)):
            path = articles / rng.choice(NAMES)
            if path.exists() and rng.random() < 0.4:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(random_article(rng), encoding="utf-8")
        if not any(articles.rglob("*.txt")):
            continue
        incremental = build(articles, out)
        fresh_out = tmp_path / f"fresh{step}"
        fresh = build(articles, fresh_out)
        assert outputs(out) == outputs(fresh_out), f"step {step}"
        assert (incremental.places, incremental.incidents_by_type) == (fresh.places, fresh.incidents_by_type)
        shutil.rmtree(fresh_out)


def test_place_known_only_from_incidents_follows_them(tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha and Delta were shelled.\n")
    build(articles, out)
    (articles / "b.txt").write_text(" date 2020-10-09 Delta said so.\n")
    summary = build(articles, out)
    assert summary.places == 2 and not summary.warnings
    (articles / "a.txt").unlink()
    summary = build(articles, out)
    # Mentioned, but no incident locates it any more: named, not placed at random.
    assert summary.warnings == ("1 place(s) without coordinates left out of places.geojson: osm:delta",)


def test_another_joiner_joins_everything_again(tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n")
    (articles / "b.txt").write_text(" date 2020-10-05 Alpha was shelled.\n")
    build(articles, out)
    assert build(articles, out).incidents == 1  # real join: adjacent days are one incident
    assert build(articles, out, fakes=FAKES).incidents == 2  # the fake join keeps days apart
    assert build(articles, out).incidents == 1


def test_unchanged_map_is_not_rendered_again(tmp_path, monkeypatch):
    import geo.map.render

    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n")
    options = BuildOptions(articles=articles, out=out)
    assert not run_build(options, **FAKES).map_unchanged
    page = (out / "map.html").read_bytes()
    renders = []
    real_render = geo.map.render.render_map
    monkeypatch.setattr(geo.map.render, "render_map", lambda *a, **k: renders.append(1) or real_render(*a, **k))

    summary = run_build(options, **FAKES)
    assert summary.map_unchanged and renders == []
    assert "map.html unchanged" in "\n".join(summary.lines())
    assert (out / "map.html").read_bytes() == page

    (out / "map.html").write_text("edited by hand")
    assert not run_build(options, **FAKES).map_unchanged and renders == [1]
    assert (out / "map.html").read_bytes() == page
    (out / "map.html").unlink()
    run_build(options, **FAKES)
    assert renders == [1, 1] and (out / "map.html").read_bytes() == page
    assert not run_build(BuildOptions(articles=articles, out=out, title="Another title"), **FAKES).map_unchanged
    assert renders == [1, 1, 1]


def test_unreadable_cache_row_is_extracted_again_and_outputs_stay_whole(tmp_path):
    import sqlite3

    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n")
    (articles / "b.txt").write_text(" date 2020-10-05 Beta was shelled.\n")
    build(articles, out)
    expected = outputs(out)
    (articles / "c.txt").write_text(" date 2020-10-08 Alpha was shelled.\n")
    build(articles, out)
    (articles / "c.txt").unlink()  # Alpha's shellings are joined again: a.txt's row is read
    with sqlite3.connect(out / ".geo-cache.sqlite") as db:
        db.execute("UPDATE incidents SET data = 'garbage' WHERE article = 'a.txt'")
    db.close()
    summary = build(articles, out)
    assert summary.read == ("a.txt",) and summary.reused == ("b.txt",)
    assert any("damaged rows of a.txt dropped; read again" in w for w in summary.warnings)
    assert outputs(out) == expected


@pytest.fixture
def reads(monkeypatch):
    """Names of the files read by each build; files count as old at once (no 2-second wait)."""
    import geo.read.articles
    import geo.pipeline.run

    monkeypatch.setattr(geo.pipeline.run, "_RACY_NS", 0)
    seen = []
    real_read, real_folder = geo.read.articles.read_article, geo.read.articles.read_folder

    def read_article(path, *, root, **options):
        seen.append(path.relative_to(root).as_posix())
        return real_read(path, root=root, **options)

    def read_folder(path, **options):
        seen.append("*")
        return real_folder(path, **options)

    monkeypatch.setattr(geo.read.articles, "read_article", read_article)
    monkeypatch.setattr(geo.read.articles, "read_folder", read_folder)
    return seen


def test_unchanged_files_are_not_read_again(tmp_path, reads):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    for name, day in (("a.txt", 4), ("b.txt", 5), ("c.txt", 8)):
        (articles / name).write_text(f" date 2020-10-0{day} Alpha was shelled. Beta said so.\n")
    build(articles, out)
    assert reads == ["*"]
    reads.clear()
    summary = build(articles, out)
    assert reads == [] and summary.reused == ("a.txt", "b.txt", "c.txt")

    # Same size, new content: the mtime tells. Then an edit whose mtime is put back: the ctime tells.
    path = articles / "b.txt"
    path.write_text(" date 2020-10-05 Gamma was shelled. Beta said so.\n")
    reads.clear()
    build(articles, out)
    assert reads == ["b.txt"]
    stat = path.stat()
    path.write_text(" date 2020-10-05 Alpha was shelled. Beta said so.\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    reads.clear()
    summary = build(articles, out)
    assert reads == ["b.txt"] and summary.reused == ("a.txt", "c.txt") and summary.read == ("b.txt",)
    fresh = tmp_path / "fresh"
    build(articles, fresh)
    assert outputs(out) == outputs(fresh)


def test_an_undated_article_or_a_dates_file_makes_the_build_read_every_file(tmp_path, reads):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n")
    build(articles, out)
    (articles / "b.txt").write_text("ALPHA, Oct 5 - Beta was shelled.\n")  # its year comes from a.txt
    reads.clear()
    build(articles, out)
    assert reads == ["b.txt", "*"]
    (articles / "b.txt").unlink()
    (articles / "dates.csv").write_text("file,date\na.txt,2020-10-06\n")
    reads.clear()
    build(articles, out)
    build(articles, out)
    assert reads == ["*", "*"]


def test_files_read_on_another_day_are_read_again(tmp_path, reads, monkeypatch):
    import geo.pipeline.run

    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n")
    build(articles, out)

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date.today() + timedelta(days=1)

    monkeypatch.setattr(geo.pipeline.run, "date", Tomorrow)
    reads.clear()
    build(articles, out)
    assert reads == ["*"]
