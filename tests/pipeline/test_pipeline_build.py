"""run_build: outputs, summary, incremental regeneration and determinism (fake extraction)."""

from __future__ import annotations

import json
import os
import shutil

import pytest

import geo.pipeline.run
from tests.pipeline.pipeline_fakes import FAKES, FakeGazetteer
from geo.errors import BuildError
from geo.pipeline.run import BuildOptions, run_build

INCIDENT_KEYS = [
    "id", "event_type", "date", "date_end", "date_precision", "background", "place", "place_id", "country",
    "geo_precision", "place_radius_km", "killed", "wounded", "killed_civilians", "killed_military", "wounded_civilians", "wounded_military",
    "casualties_noted", "claimed_by", "denied_by", "actor", "origin", "articles", "evidence", "sources",
]
PLACE_KEYS = ["place_id", "name", "kind", "country", "mentions", "metonym_mentions", "articles"]


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(articles, out, fakes=FAKES, **options):
    return run_build(BuildOptions(articles=articles, out=out, write_map=False, **options), **fakes)


def features(out, name):
    return json.loads((out / name).read_text(encoding="utf-8"))["features"]


def by_name(out):
    return {f["properties"]["name"]: f["properties"] for f in features(out, "places.geojson")}


@pytest.fixture
def folders(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    return articles, tmp_path / "output"


def test_outputs_follow_the_rfc7946_schema(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled overnight. Gamma said it was a lie.\n")
    summary = build(articles, out)
    assert summary.exit_code() == 0
    text = (out / "incidents.geojson").read_text(encoding="utf-8")
    assert text.endswith("]}\n") and '"crs"' not in text
    collection = json.loads(text)
    assert list(collection) == ["type", "features"]
    feature = collection["features"][0]
    assert list(feature) == ["type", "id", "geometry", "properties"]
    assert list(feature["properties"]) == INCIDENT_KEYS
    assert feature["geometry"] == {"type": "Point", "coordinates": [46.751941, 39.815266]}  # [lon, lat], 6 places
    props = feature["properties"]
    assert (props["event_type"], props["date"], props["date_precision"]) == ("shelling", "2020-10-04", "day")
    assert props["articles"] == ["a.txt"]
    assert props["evidence"] == [{"article": "a.txt", "sentence": "Alpha was shelled overnight."}]
    place = features(out, "places.geojson")[0]
    assert list(place["properties"]) == PLACE_KEYS and place["id"] == place["properties"]["place_id"]


def test_an_incident_carries_the_radius_of_its_area_from_the_gazetteer(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Beta was shelled. Alpha was shelled too.\n")
    build(articles, out)
    radius = {f["properties"]["place"]: f["properties"]["place_radius_km"] for f in features(out, "incidents.geojson")}
    assert radius == {"Beta": 12.3, "Alpha": None}  # rounded to 100 m; a point has none


def test_places_aggregate_mentions_and_metonyms_across_articles(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled. Gamma said so. Alpha again.\n")
    write(articles, "sub/b.txt", " date 2020-10-05 Gamma said Beta is calm.\n")
    summary = build(articles, out)
    places = by_name(out)
    assert places["Alpha"] == {
        "place_id": "t:alpha", "name": "Alpha", "kind": "city", "country": "AZ",
        "mentions": 2, "metonym_mentions": 0, "articles": ["a.txt"],
    }
    assert (places["Gamma"]["mentions"], places["Gamma"]["metonym_mentions"]) == (2, 2)
    assert places["Gamma"]["articles"] == ["a.txt", "sub/b.txt"] and places["Gamma"]["country"] == "AM"
    assert summary.places == 3


def test_same_incident_in_two_articles_becomes_one_feature_with_both_sources(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled at dawn.\n")
    write(articles, "b.txt", " date 2020-10-04 Alpha was shelled, officials said.\n")
    summary = build(articles, out)
    (incident,) = features(out, "incidents.geojson")
    assert incident["properties"]["articles"] == ["a.txt", "b.txt"]
    assert [e["article"] for e in incident["properties"]["evidence"]] == ["a.txt", "b.txt"]
    assert summary.incidents_by_type == {"shelling": 1}


def test_second_build_reuses_everything_and_writes_the_same_bytes(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    write(articles, "b.txt", " date 2020-10-05 Beta was shelled.\n")
    first = build(articles, out)
    outputs = {n: (out / n).read_bytes() for n in ("incidents.geojson", "places.geojson")}
    second = build(articles, out)
    assert (first.read, first.reused) == (("a.txt", "b.txt"), ())
    assert (second.read, second.reused) == ((), ("a.txt", "b.txt"))
    assert {n: (out / n).read_bytes() for n in outputs} == outputs


def test_only_new_or_changed_articles_are_read_again(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    write(articles, "b.txt", " date 2020-10-05 Beta was shelled.\n")
    build(articles, out)
    write(articles, "b.txt", " date 2020-10-06 Beta was shelled again.\n")
    write(articles, "c.txt", " date 2020-10-07 Gamma was shelled.\n")
    summary = build(articles, out)
    assert (summary.read, summary.reused) == (("b.txt", "c.txt"), ("a.txt",))
    dates = sorted(f["properties"]["date"] for f in features(out, "incidents.geojson"))
    assert dates == ["2020-10-04", "2020-10-06", "2020-10-07"]


def test_removed_article_drops_out_of_every_output(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    write(articles, "b.txt", " date 2020-10-05 Beta was shelled. Gamma said so.\n")
    build(articles, out)
    (articles / "b.txt").unlink()
    summary = build(articles, out)
    assert summary.dropped == ("b.txt",) and summary.found == 1
    assert [f["properties"]["place"] for f in features(out, "incidents.geojson")] == ["Alpha"]
    assert set(by_name(out)) == {"Alpha"}
    assert "  dropped (removed from the folder): b.txt" in summary.lines()
    assert build(articles, out).dropped == ()  # forgotten by the cache too


def test_new_code_version_rereads_every_article(folders, monkeypatch):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    build(articles, out)
    monkeypatch.setattr(geo.pipeline.run, "code_version", lambda: "9.9.9+edited")
    summary = build(articles, out)
    assert (summary.read, summary.reused, summary.invalidated) == (("a.txt",), (), 1)


def test_new_gazetteer_version_rereads_every_article(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    build(articles, out)
    summary = build(articles, out, fakes={**FAKES, "gazetteer": FakeGazetteer("fake-gazetteer-2")})
    assert (summary.read, summary.invalidated) == (("a.txt",), 1)


def test_rebuild_option_ignores_the_cache(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    build(articles, out)
    assert build(articles, out, rebuild=True).read == ("a.txt",)


def test_extraction_failure_is_named_and_the_rest_is_written(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    write(articles, "bad.txt", " date 2020-10-04 EXPLODE Beta was shelled.\n")
    summary = build(articles, out)
    assert [(s.name, s.reason) for s in summary.failed] == [
        ("bad.txt", "extraction failed: RuntimeError: the extractor choked")
    ]
    assert summary.found == 2 and summary.processed == 1
    assert [f["properties"]["place"] for f in features(out, "incidents.geojson")] == ["Alpha"]
    assert (summary.exit_code(), summary.exit_code(strict=True)) == (0, 3)
    assert "  failed bad.txt: extraction failed: RuntimeError: the extractor choked" in summary.lines()


def test_corrupt_cache_is_rebuilt_and_build_goes_on(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    build(articles, out)
    (out / ".geo-cache.sqlite").write_bytes(b"garbage" * 50)
    summary = build(articles, out)
    assert summary.read == ("a.txt",) and summary.exit_code() == 0
    assert any("moved aside and rebuilt" in w for w in summary.warnings)
    assert build(articles, out).reused == ("a.txt",)


def test_nothing_readable_fails_and_keeps_previous_outputs(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    build(articles, out)
    before = (out / "incidents.geojson").read_bytes()
    (articles / "a.txt").write_bytes(b"")
    summary = build(articles, out)
    assert summary.exit_code() == 1 and summary.processed == 0 and summary.found == 1
    assert (out / "incidents.geojson").read_bytes() == before
    assert any("nothing could be read" in w for w in summary.warnings)


def test_missing_articles_folder_is_an_error(tmp_path):
    with pytest.raises(BuildError, match="does not exist"):
        build(tmp_path / "nope", tmp_path / "out")


def test_files_that_are_not_articles_are_counted_and_named(folders):
    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    (articles / "scan.pdf").write_bytes(b"%PDF-1.4")
    write(articles, ".hidden.txt", "Beta was shelled.")
    write(articles, "dates.csv", "file,date\na.txt,2020-10-04\n")
    summary = build(articles, out)
    assert summary.found == 2
    assert [s.name for s in summary.skipped] == ["scan.pdf"]
    assert "pdf" in summary.skipped[0].reason.lower()
    assert summary.found == summary.processed + len(summary.skipped) + len(summary.failed)


def test_output_folder_inside_articles_folder_is_not_read(folders):
    articles, _ = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    build(articles, articles / "output")
    summary = build(articles, articles / "output")
    assert summary.found == 1 and summary.skipped == ()


def test_progress_is_reported_per_article(folders):
    articles, out = folders
    for n in range(3):
        write(articles, f"{n}.txt", f" date 2020-10-0{n + 1} Alpha was shelled.\n")
    calls = []
    run_build(BuildOptions(articles=articles, out=out, write_map=False), progress=lambda *a: calls.append(a), **FAKES)
    assert calls == [(1, 3, "0.txt"), (2, 3, "1.txt"), (3, 3, "2.txt")]


def test_same_inputs_give_byte_identical_outputs_whatever_the_order_and_mtimes(tmp_path):
    texts = {
        "c.txt": " date 2020-10-06 Gamma was shelled. Alpha said Beta was shelled.\n",
        "a.txt": " date 2020-10-04 Alpha was shelled. Şuşa is near Alpha.\n",
        "b/b.txt": " date 2020-10-04 Alpha was shelled, again.\n",
        "undated.txt": "Beta was shelled.\n",
    }
    results = []
    for run, names in enumerate((sorted(texts), sorted(texts, reverse=True))):
        articles, out = tmp_path / f"articles{run}", tmp_path / f"out{run}"
        for offset, name in enumerate(names):
            path = write(articles, name, texts[name])
            os.utime(path, (1_600_000_000 + offset * 1000 * (run + 1),) * 2)
        build(articles, out)
        results.append({n: (out / n).read_bytes() for n in ("incidents.geojson", "places.geojson")})
    assert results[0] == results[1]
    # and a build served from the cache equals a fresh one
    shutil.rmtree(tmp_path / "out1")
    build(tmp_path / "articles1", tmp_path / "out1")
    build(tmp_path / "articles1", tmp_path / "out1")
    assert {n: (tmp_path / "out1" / n).read_bytes() for n in results[0]} == results[0]


def test_map_html_is_written_with_the_outputs_and_reproducible(tmp_path):
    articles = tmp_path / "articles"
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled overnight.\n")
    pages = []
    for run in ("one", "two"):
        summary = run_build(BuildOptions(articles=articles, out=tmp_path / run), **FAKES)
        assert summary.outputs[-1] == tmp_path / run / "map.html" and summary.exit_code() == 0
        pages.append((tmp_path / run / "map.html").read_bytes())
    assert pages[0] == pages[1]
    assert "Alpha was shelled overnight." in pages[0].decode("utf-8")


def test_map_failure_keeps_geojson_and_old_map_and_fails_the_build(folders, monkeypatch):
    import geo.map.render

    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    run_build(BuildOptions(articles=articles, out=out), **FAKES)
    old_map = (out / "map.html").read_bytes()
    write(articles, "b.txt", " date 2020-10-05 Beta was shelled.\n")

    def broken(*args, **kwargs):
        raise ValueError("no tiles")

    monkeypatch.setattr(geo.map.render, "render_map", broken)
    summary = run_build(BuildOptions(articles=articles, out=out), **FAKES)
    assert summary.errors == ("map.html not updated: ValueError: no tiles",)
    assert summary.exit_code() == 1
    assert (out / "map.html").read_bytes() == old_map
    assert len(features(out, "incidents.geojson")) == 2


def test_output_path_that_is_a_file_is_a_clear_error(folders, tmp_path):
    articles, _ = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    (tmp_path / "taken").write_text("not a folder")
    with pytest.raises(BuildError, match="cannot create the output folder"):
        build(articles, tmp_path / "taken")


def test_article_with_failed_online_lookups_is_not_cached(folders, monkeypatch):
    import gazetteer.online

    class FlakyService:
        domain = "127.0.0.1:9"
        stats = {"failures": 0}

    service = FlakyService()
    monkeypatch.setattr(gazetteer.online.OnlineGeocoder, "from_env", classmethod(lambda cls, **kw: service))

    def extract_asking_online(article, gaz, *, online=None):
        if online is not None and "Nowhereville" in article.text:
            online.stats["failures"] += 1  # the service timed out for that name
        return FAKES["extractor"](article, gaz, online=online)

    articles, out = folders
    write(articles, "a.txt", " date 2020-10-04 Alpha was shelled.\n")
    write(articles, "b.txt", " date 2020-10-04 Nowhereville was shelled.\n")
    fakes = {**FAKES, "extractor": extract_asking_online}
    first = build(articles, out, fakes=fakes, online=True)
    assert first.read == ("a.txt", "b.txt")
    assert any("online lookups failed for b.txt" in w for w in first.warnings)
    second = build(articles, out, fakes=fakes, online=True)
    assert (second.read, second.reused) == (("b.txt",), ("a.txt",))
    assert build(articles, out, fakes=fakes).read == ("a.txt", "b.txt")  # offline results are another cache key


def test_workers_give_the_same_outputs_and_report_failures(tmp_path):
    texts = {f"{n:02}.txt": f" date 2020-10-{n + 1:02} {'Alpha Beta Gamma'.split()[n % 3]} was shelled.\n" for n in range(9)}
    texts["bad.txt"] = " date 2020-10-04 EXPLODE Alpha was shelled.\n"
    results = []
    for workers in (1, 2):
        articles, out = tmp_path / f"articles{workers}", tmp_path / f"out{workers}"
        for name, text in texts.items():
            write(articles, name, text)
        summary = build(articles, out, workers=workers)
        assert summary.read == tuple(sorted(set(texts) - {"bad.txt"}))
        assert [(s.name, s.reason) for s in summary.failed] == [
            ("bad.txt", "extraction failed: RuntimeError: the extractor choked")
        ]
        results.append({n: (out / n).read_bytes() for n in ("incidents.geojson", "places.geojson")})
        write(articles, "new.txt", " date 2020-10-20 Beta was shelled.\n")
        again = build(articles, out, workers=workers)  # cached ones stay, the new one is extracted
        assert (again.read, len(again.reused)) == (("new.txt",), 9)
    assert results[0] == results[1]
