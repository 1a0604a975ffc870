"""The build cache: reused when valid, rebuilt (never trusted) when corrupt, foreign or outdated."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from geo.pipeline.cache import BuildCache, content_sha256, incident_from_row, incident_row
from geo.pipeline.cache_schema import APPLICATION_ID
from geo.outputs.geojson import incidents_collection
from geo.join import join_incidents
from tests.pipeline.pipeline_fakes import FakeGazetteer
from geo.model import Article, ArticleExtraction, Casualties, Claimant, Evidence, Incident, Place, PlaceMention

EXTRACTION = ArticleExtraction(
    article="a.txt",
    incidents=(
        Incident(
            event_type="shelling", place=Place("t:alpha", "Alpha", 39.8152664, 46.7519411, "AZ", "town"),
            geo_precision=1, date=date(2020, 10, 4), date_end=None, date_precision="day",
            evidence=(Evidence("a.txt", "Alpha was shelled.", 0, 18),), casualties=Casualties(killed=2),
            claimed_by=(Claimant("Armenia", "MoD"),),
        ),
    ),
    mentions=(PlaceMention("t:alpha", "Alpha", "a.txt", 0, 5, "Alpha"),),
    warnings=("something odd",),
)


def open_cache(path, **versions):
    return BuildCache(path, **{"code_version": "c1", "gazetteer_version": "g1", **versions})


def refresh(cache):
    return cache.refresh(join_incidents, lookup=FakeGazetteer().get, joiner_id="join", by_group=True)


def test_extraction_round_trips_through_the_cache(tmp_path):
    with open_cache(tmp_path / "c.sqlite") as cache:
        cache.put("a.txt", "sha-1", EXTRACTION)
    with open_cache(tmp_path / "c.sqlite") as cache:
        assert cache.hashes() == {"a.txt": "sha-1"}
        assert cache.names() == {"a.txt"}
        assert cache.warnings == [] and cache.invalidated == 0
        outputs = refresh(cache)
        [feature] = [json.loads(line) for line in cache.incident_lines()]
        [place] = [json.loads(line)["properties"] for line in cache.place_lines()]
    assert feature["properties"]["killed"] == 2 and feature["properties"]["claimed_by"] == ["Armenia (MoD)"]
    assert (place["name"], place["mentions"], place["metonym_mentions"]) == ("Alpha", 1, 0)
    assert (outputs.places, outputs.incidents_by_type) == (1, {"shelling": 1})


def test_incident_rows_keep_every_field():
    incident = replace(EXTRACTION.incidents[0], date_end=date(2020, 10, 5), denied_by=(Claimant("Azerbaijan"),),
                       origin="x", casualties=Casualties(killed=2, wounded_civilians=0), id="abc")
    back = incident_from_row(incident_row(incident))
    assert back == incident
    assert (back.casualties.wounded_civilians, back.claimed_by[0].body, back.place.kind) == (0, "MoD", "town")


@pytest.mark.parametrize(
    "versions", [{"code_version": "c2"}, {"gazetteer_version": "g2"}, {"options": "online=1"}]
)
def test_another_code_gazetteer_or_options_version_invalidates(tmp_path, versions):
    with open_cache(tmp_path / "c.sqlite") as cache:
        cache.put("a.txt", "sha-1", EXTRACTION)
        refresh(cache)
    with open_cache(tmp_path / "c.sqlite", **versions) as cache:
        assert cache.invalidated == 1
        assert cache.hashes() == {}
        assert refresh(cache).incidents_by_type == {} and list(cache.incident_lines()) == []


def test_cache_of_the_previous_layout_is_converted_not_thrown_away(tmp_path):
    path = tmp_path / "c.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA user_version = 1")
        db.execute("CREATE TABLE articles (name TEXT PRIMARY KEY, content_sha256 TEXT NOT NULL, code_version TEXT "
                   "NOT NULL, gazetteer_version TEXT NOT NULL, options TEXT NOT NULL, extraction TEXT NOT NULL)")
        db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                   ("a.txt", "sha-1", "c1", "g1", "", json.dumps(EXTRACTION.to_dict())))
    db.close()
    with open_cache(path) as cache:
        assert cache.warnings == [] and cache.hashes() == {"a.txt": "sha-1"}
        converted = (refresh(cache), list(cache.incident_lines()), list(cache.place_lines()))
    with open_cache(tmp_path / "fresh.sqlite") as cache:
        cache.put("a.txt", "sha-1", EXTRACTION)
        assert (refresh(cache), list(cache.incident_lines()), list(cache.place_lines())) == converted
    assert len(converted[1]) == 1


def _garbage(path):
    path.write_bytes(b"\x00\xffnot a database at all" * 100)


def _foreign_sqlite(path):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")
    db.close()


def _old_schema(path):
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA user_version = 99")
        db.execute("CREATE TABLE articles (name TEXT)")
    db.close()


def _truncated(path):
    with open_cache(path) as cache:
        for n in range(200):
            cache.put(f"{n}.txt", "sha", EXTRACTION)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize("spoil", [_garbage, _foreign_sqlite, _old_schema, _truncated])
def test_corrupt_or_foreign_cache_is_moved_aside_and_rebuilt(tmp_path, spoil):
    path = tmp_path / ".geo-cache.sqlite"
    spoil(path)
    spoiled = path.read_bytes()
    with open_cache(path) as cache:
        assert cache.warnings and "moved aside and rebuilt" in cache.warnings[0]
        assert cache.names() == set()
        cache.put("a.txt", "sha-1", EXTRACTION)
    assert (tmp_path / ".geo-cache.sqlite.bad").read_bytes() == spoiled
    with open_cache(path) as cache:
        assert cache.warnings == []
        assert cache.hashes() == {"a.txt": "sha-1"}


def test_unreadable_row_is_forgotten_not_a_crash(tmp_path):
    path = tmp_path / "c.sqlite"
    with open_cache(path) as cache:
        cache.put("a.txt", "sha-1", EXTRACTION)
    with sqlite3.connect(path) as db:
        # Valid JSON, so it passes the checks on opening; only the model cannot read it back.
        db.execute("UPDATE incidents SET data = '[\"shelling\"]'")
    db.close()
    with open_cache(path) as cache:
        assert refresh(cache).unreadable == ("a.txt",)
        assert cache.hashes() == {}  # extracted again by the next build


def test_content_hash_follows_text_and_publication_date():
    article = Article(name="a.txt", text="Alpha was shelled.", published=date(2020, 10, 4))
    assert content_sha256(article) == content_sha256(Article("b.txt", article.text, article.published))
    assert content_sha256(article) != content_sha256(Article("a.txt", article.text, date(2020, 10, 5)))
    assert content_sha256(article) != content_sha256(Article("a.txt", article.text + " ", article.published))
    assert content_sha256(article) != content_sha256(Article("a.txt", article.text, None))


def test_cache_locked_by_another_build_is_not_moved_aside(tmp_path, monkeypatch):
    import geo.pipeline.cache_schema

    path = tmp_path / "c.sqlite"
    with open_cache(path) as cache:
        cache.put("a.txt", "sha-1", EXTRACTION)
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(geo.pipeline.cache_schema, "LOCK_TIMEOUT_SECONDS", 0.1)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            open_cache(path)
    finally:
        other.rollback()
        other.close()
    assert not (tmp_path / "c.sqlite.bad").exists()
    with open_cache(path) as cache:
        assert cache.hashes() == {"a.txt": "sha-1"}


def test_features_come_out_in_python_order_whatever_the_alphabet(tmp_path):
    # SQLite orders the stored features; it must be the order geojson's sort keys give.
    from gazetteer.place import Place

    names = ["Şuşa", "Shusha", "Ağdam", "agdam", "Ærø", "Zəngilan", "Ǆ", "ß", "İsmayıllı", "Ismayilli", "中文", "𝔸"]
    places = {f"t:{n}": Place(id=f"t:{n}", name=name, lat=40.0, lon=46.0, country="AZ", kind="town")
              for n, name in enumerate(names)}
    incidents = tuple(replace(EXTRACTION.incidents[0], place=p, date=date(2020, 10, 1 + n % 3),
                              date_end=None if n % 2 else date(2020, 10, 9), date_precision="day" if n % 2 else "range")
                      for n, p in enumerate(places.values()))
    mentions = tuple(PlaceMention(p.id, p.name, "a.txt", 0, 1, p.name) for p in places.values())
    with open_cache(tmp_path / "c.sqlite") as cache:
        cache.put("a.txt", "sha-1", replace(EXTRACTION, incidents=incidents, mentions=mentions))
        cache.refresh(join_incidents, lookup=places.get, joiner_id="join", by_group=True)
        stored_places = [json.loads(line)["properties"]["name"] for line in cache.place_lines()]
        stored_incidents = [json.loads(line)["id"] for line in cache.incident_lines()]
    assert stored_places == [p.name for p in sorted(places.values(), key=lambda p: (p.name.casefold(), p.name, p.id))]
    assert stored_incidents == [f["id"] for f in incidents_collection(join_incidents(incidents))["features"]]


def test_rows_of_another_version_drop_out_of_the_joined_state(tmp_path):
    path = tmp_path / "c.sqlite"
    other = replace(EXTRACTION, article="b.txt", incidents=tuple(
        replace(i, place=replace(i.place, id="t:beta", name="Beta"), evidence=(Evidence("b.txt", "Beta was shelled.", 0, 17),))
        for i in EXTRACTION.incidents))
    with open_cache(path) as cache:
        cache.put("a.txt", "sha-1", EXTRACTION)
        cache.put("b.txt", "sha-2", other)
        refresh(cache)
        assert len(list(cache.incident_lines())) == 2
    with sqlite3.connect(path) as db:
        db.execute("UPDATE articles SET code_version = 'c0' WHERE name = 'b.txt'")
    db.close()
    with open_cache(path) as cache:
        assert cache.invalidated == 1 and cache.hashes() == {"a.txt": "sha-1"}
        refresh(cache)
        assert [json.loads(line)["properties"]["articles"] for line in cache.incident_lines()] == [["a.txt"]]
