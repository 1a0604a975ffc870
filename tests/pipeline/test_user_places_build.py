"""A places.csv beside the articles: the user's places in the outputs, and only the articles
that name them extracted again (real extraction, real gazetteer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.pipeline.run import BuildOptions, run_build
from geo.cli import main

ARTICLES = {
    "kurakhove.txt": "date 2031-03-03\nShelling hits Kurakhove\n\nRussian forces shelled the town of Kurakhove "
                     "in Ukraine's Donetsk region on Monday, killing two civilians, regional officials said.\n",
    "kharkiv.txt": "date 2031-03-04\nMissile strike on Kharkiv\n\nA missile strike hit Kharkiv in eastern Ukraine "
                   "on Tuesday, wounding five people, the mayor said.\n",
    "odesa.txt": "date 2031-03-05\nDrone attack on Odesa\n\nDrones attacked the port city of Odesa in southern "
                 "Ukraine overnight, officials said.\n",
}
# Made-up coordinates, far enough from the gazetteer's Kurakhove to tell them apart.
USER_KURAKHOVE = (47.9500, 37.3500)
PLACES_CSV = f"name,lat,lon,country,kind,aliases\nKurakhove,{USER_KURAKHOVE[0]},{USER_KURAKHOVE[1]},UA,town,\n"


@pytest.fixture
def folders(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    return articles, tmp_path / "out"


def build(articles, out, **options):
    return run_build(BuildOptions(articles=articles, out=out, write_map=False, **options))


def incidents_at(out, place_name):
    features = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    # GeoJSON order is [lon, lat]
    return {(f["properties"]["place_id"], tuple(reversed(f["geometry"]["coordinates"])))
            for f in features if f["properties"]["place"] == place_name}


def test_a_user_place_re_extracts_only_the_article_naming_it(folders):
    articles, out = folders
    first = build(articles, out)
    assert (len(first.read), len(first.reused)) == (3, 0)
    before = incidents_at(out, "Kurakhove")
    assert before and all(place_id.startswith("gn:") for place_id, _ in before)
    outputs_before = {n: (out / n).read_bytes() for n in ("incidents.geojson", "places.geojson")}

    (articles / "places.csv").write_text(PLACES_CSV, encoding="utf-8")
    second = build(articles, out)
    assert second.read == ("kurakhove.txt",)
    assert second.reused == ("kharkiv.txt", "odesa.txt")
    assert second.found == 3 and second.skipped == ()  # places.csv is not an article
    located = incidents_at(out, "Kurakhove")
    assert located and {coords for _, coords in located} == {USER_KURAKHOVE}
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))["features"]
    assert [tuple(reversed(f["geometry"]["coordinates"])) for f in places
            if f["properties"]["name"] == "Kurakhove"] == [USER_KURAKHOVE]
    assert "places.csv: 1 place(s) of your own" in second.lines()
    assert any(line.startswith("  line 2: Kurakhove (UA, town) at 47.9500, 37.3500 replaces gn:695357 Kurakhove "
                               "(6.5 km away)") for line in second.lines())

    third = build(articles, out)  # nothing changed: nothing extracted
    assert (third.read, len(third.reused)) == ((), 3)

    (articles / "places.csv").unlink()
    fourth = build(articles, out)
    assert fourth.read == ("kurakhove.txt",)
    assert {n: (out / n).read_bytes() for n in outputs_before} == outputs_before


def test_an_alias_counts_as_the_place_s_name(folders):
    articles, out = folders
    build(articles, out)
    (articles / "places.csv").write_text(
        "name,lat,lon,country,kind,aliases\nHill Kurakh,47.95,37.35,UA,site,Kurakhove\n", encoding="utf-8")
    again = build(articles, out)
    assert again.read == ("kurakhove.txt",)


def test_a_row_naming_no_article_re_extracts_nothing(folders):
    articles, out = folders
    build(articles, out)
    (articles / "places.csv").write_text(
        "name,lat,lon,country,kind\nStaromaiorske Checkpoint,47.80,36.80,UA,checkpoint\n", encoding="utf-8")
    again = build(articles, out)
    assert (again.read, len(again.reused)) == ((), 3)


def test_a_bad_places_file_stops_the_build_naming_line_and_fix(folders):
    articles, out = folders
    (articles / "places.csv").write_text(
        "name,lat,lon,country,kind\nKurakhove,147.95,37.35,UA,town\nPisky,48.1,37.6,UX,hamlet\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--articles", str(articles), "--out", str(out), "--no-map"])
    assert result.exit_code == 1, result.output
    assert "places.csv" in result.output and "nothing was built: fix places.csv and build again" in result.output
    assert "line 2 (Kurakhove): lat 147.95 is out of range" in result.output
    assert "line 3 (Pisky): unknown kind 'hamlet'" in result.output
    assert "line 3 (Pisky): unknown country code 'UX'" in result.output
    assert not out.exists()


def test_build_help_mentions_places_csv():
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0, result.output
    assert "places.csv" in result.output and "online.csv" in result.output


def test_a_long_places_file_shows_its_replacements_and_counts_the_rest():
    from geo.pipeline.run import BuildSummary

    added = tuple(f"line {n}: Hamlet {n} (UA, village) at 48.0000, 37.0000 added as user:UA:hamlet-{n}"
                  for n in range(2, 32))
    replaced = "line 32: Kurakhove (UA, town) at 47.9500, 37.3500 replaces gn:695357 Kurakhove (6.5 km away)"
    lines = BuildSummary(found=1, read=("a.txt",), user_places=(*added, replaced)).lines()
    assert "places.csv: 31 place(s) of your own" in lines
    assert f"  {replaced}" in lines
    assert "  ... and 30 more added (geo -v build lists them)" in lines
    assert not any("Hamlet 2 " in line for line in lines)


def test_worker_processes_extract_with_the_user_places(folders, tmp_path):
    articles, out = folders
    (articles / "places.csv").write_text(PLACES_CSV, encoding="utf-8")
    build(articles, out)
    parallel = tmp_path / "parallel"
    summary = build(articles, parallel, workers=2)
    assert len(summary.read) == 3
    for name in ("incidents.geojson", "places.geojson"):
        assert (parallel / name).read_bytes() == (out / name).read_bytes()
