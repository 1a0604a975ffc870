"""The scorer: hand-made predictions against hand-made gold, and the validity of the shipped gold."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.evaluate.score import party, score
from geo.evaluate.gold import GoldError, load_gold, load_gold_file
from geo.model import ArticleExtraction, Evidence, Incident, Place, PlaceMention
from tests.shorthand import model_fields

GOLD_ROOT = Path(__file__).parents[1] / "gold"
GOLD_FILES = sorted(GOLD_ROOT.glob("**/*.json"))

STEPANAKERT = {"name": "Stepanakert", "aliases": ["Khankendi"], "kind": "city", "country": "AZ",
               "lat": 39.8177, "lon": 46.7528}
ARMENIA = {"name": "Armenia", "aliases": [], "kind": "country", "country": "AM", "lat": 40.09, "lon": 44.84}


def gold_incident(**over) -> dict:
    entry = {"event_type": "shelling", "place": "Stepanakert", "aliases": ["Khankendi"], "country": "AZ",
             "lat": 39.8177, "lon": 46.7528, "geo_precision": 1, "date": ["2020-10-02", "2020-10-03"],
             "claimed_by": ["Nagorno-Karabakh"], "optional": False, "evidence": "Shelling hit Stepanakert."}
    entry.update(over)
    return entry


def write_gold(folder: Path, incidents=(), places=(), article="a.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"article": article, "published": "2020-10-03", "places": list(places), "incidents": list(incidents)}
    (folder / (Path(article).stem + ".json")).write_text(json.dumps(data), encoding="utf-8")
    return folder


def predicted(event_type="shelling", place="Stepanakert", lat=39.8177, lon=46.7528, when=date(2020, 10, 3),
              geo_precision=1, country="AZ", **over) -> Incident:
    fields = dict(event_type=event_type, place=Place(f"gn:{place}", place, lat, lon, country, "town"),
                  geo_precision=geo_precision, date=when, date_end=None, date_precision="day",
                  evidence=(Evidence("a.txt", "Shelling hit Stepanakert."),),
                  claimed_by=("Nagorno-Karabakh (emergency service)",))
    fields.update(over)
    return Incident(**model_fields(fields))


def extraction(*incidents, mentions=(), article="a.txt") -> list[ArticleExtraction]:
    return [ArticleExtraction(article=article, incidents=tuple(incidents), mentions=tuple(mentions))]


def mention(name, place_id=None, metonym=False, surface=None) -> PlaceMention:
    return PlaceMention(place_id=place_id or f"gn:{name}", name=name, article="a.txt", start=0, end=len(name),
                        surface=surface or name, metonym=metonym)


# ----------------------------------------------------------------------------- incidents


def test_perfect_prediction_scores_one(tmp_path):
    gold = write_gold(tmp_path, [gold_incident(killed=2)])
    scores = score(extraction(predicted(killed=2)), gold)
    assert (scores.incident_recall, scores.incident_precision) == (1.0, 1.0)
    assert (scores.date_accuracy, scores.casualty_accuracy, scores.claimant_accuracy) == (1.0, 1.0, 1.0)


def test_wrong_event_type_is_missed_and_spurious(tmp_path):
    gold = write_gold(tmp_path, [gold_incident()])
    scores = score(extraction(predicted(event_type="air_strike")), gold)
    assert (scores.incident_recall, scores.incident_precision) == (0.0, 0.0)
    article = scores.articles[0]
    assert [g.place for g in article.missed] == ["Stepanakert"]
    assert [p.event_type for p in article.spurious] == ["air_strike"]


def test_incident_30_km_away_does_not_match_but_20_km_does(tmp_path):
    gold = write_gold(tmp_path, [gold_incident()])
    # 0.27 degrees of latitude is about 30 km; 0.18 about 20 km
    far = score(extraction(predicted(place="Elsewhere", lat=39.8177 + 0.27)), gold)
    near = score(extraction(predicted(place="Elsewhere", lat=39.8177 + 0.18)), gold)
    assert far.incident_recall == 0.0
    assert near.incident_recall == 1.0


def test_spelling_variant_of_the_place_matches_without_coordinates(tmp_path):
    gold = write_gold(tmp_path, [gold_incident()])
    scores = score(extraction(predicted(place="Khankendi", lat=None, lon=None)), gold)
    assert scores.incident_recall == 1.0


def test_namesake_elsewhere_is_not_the_gold_place(tmp_path):
    martuni = {"name": "Martuni", "aliases": ["Khojavend"], "country": "AZ", "lat": 39.795, "lon": 47.112}
    gold = write_gold(tmp_path, [gold_incident(**{**martuni, "place": "Martuni"})], [{**martuni, "kind": "town"}])
    in_armenia = predicted(place="Martuni", lat=40.139, lon=45.305, country="AM")
    scores = score(extraction(in_armenia, mentions=[mention("Martuni")]), gold)
    assert (scores.incident_recall, scores.place_recall) == (0.0, 0.0)
    assert score(extraction(predicted(place="Martuni", lat=39.79, lon=47.11)), gold).incident_recall == 1.0


def test_date_outside_window_matches_but_counts_as_wrong_date(tmp_path):
    gold = write_gold(tmp_path, [gold_incident()])
    scores = score(extraction(predicted(when=date(2020, 10, 4))), gold)
    assert scores.incident_recall == 1.0
    assert scores.date_accuracy == 0.0
    assert "DATE" in scores.format_errors()


def test_right_dated_prediction_is_preferred_for_two_events_at_one_place(tmp_path):
    gold = write_gold(tmp_path, [gold_incident(date=["2020-09-27", "2020-09-27"]),
                                 gold_incident(date=["2020-10-03", "2020-10-03"])])
    scores = score(extraction(predicted(when=date(2020, 10, 3)), predicted(when=date(2020, 9, 27))), gold)
    assert scores.incident_recall == 1.0
    assert scores.date_accuracy == 1.0


def test_duplicate_predictions_count_once(tmp_path):
    gold = write_gold(tmp_path, [gold_incident()])
    scores = score(extraction(predicted(), predicted(), predicted(when=date(2020, 10, 2))), gold)
    assert (scores.incident_recall, scores.incident_precision) == (1.0, 1.0)
    assert len(scores.articles[0].duplicates) == 2


def test_recall_and_precision_per_event_type(tmp_path):
    gold = write_gold(tmp_path, [gold_incident(), gold_incident(event_type="diplomacy", place="Moscow", aliases=[],
                                                                country="RU", lat=55.75, lon=37.62)])
    scores = score(extraction(predicted(), predicted(event_type="air_strike", place="Baku", lat=40.38, lon=49.89)),
                   gold)
    by_type = {t: (r.value, p.value) for t, (r, p) in scores.by_type().items()}
    assert by_type == {"shelling": (1.0, 1.0), "air_strike": (None, 0.0), "diplomacy": (0.0, None)}
    assert "diplomacy" in scores.format_types()


def test_optional_gold_neither_rewards_nor_punishes(tmp_path):
    gold = write_gold(tmp_path, [gold_incident(), gold_incident(event_type="casualty_report", optional=True)])
    without = score(extraction(predicted()), gold)
    with_optional = score(extraction(predicted(), predicted(event_type="casualty_report")), gold)
    for scores in (without, with_optional):
        assert (scores.incident_recall, scores.incident_precision) == (1.0, 1.0)


def test_either_accepted_event_type_matches(tmp_path):
    gold = write_gold(tmp_path, [gold_incident(event_type=["air_strike", "shelling"])])
    assert score(extraction(predicted(event_type="air_strike")), gold).incident_recall == 1.0
    both = score(extraction(predicted(event_type="air_strike"), predicted()), gold)
    assert (both.incident_recall, both.incident_precision) == (1.0, 1.0)


def test_country_level_gold_needs_a_country_level_prediction(tmp_path):
    gold = write_gold(tmp_path, [gold_incident(event_type="aircraft_downed", place="Armenia", aliases=[],
                                               country="AM", lat=40.09, lon=44.84, geo_precision=4)])
    country = predicted(event_type="aircraft_downed", place="Republic of Armenia", lat=40.1, lon=45.0,
                        country="AM", geo_precision=4)
    town = predicted(event_type="aircraft_downed", place="Vardenis", lat=40.18, lon=45.73, country="AM")
    assert score(extraction(country), gold).incident_recall == 1.0
    assert score(extraction(town), gold).incident_recall == 0.0


def test_region_gold_matches_region_prediction_not_a_town_near_its_centre(tmp_path):
    gold = write_gold(tmp_path, [gold_incident(place="Dashkesan region", aliases=["Dashkesan"], lat=40.465,
                                               lon=46.017, geo_precision=3)])
    district = predicted(place="Daşkəsən Rayonu", lat=40.5, lon=46.05, geo_precision=3)
    village = predicted(place="Some village", lat=40.47, lon=46.02, geo_precision=1)
    assert score(extraction(district), gold).incident_recall == 1.0
    assert score(extraction(village), gold).incident_recall == 0.0


def test_neighbouring_district_does_not_match_a_region_gold(tmp_path):
    gold = write_gold(tmp_path, [gold_incident(place="Aghdam district", aliases=["Aghdam"], lat=40.072,
                                               lon=46.977, geo_precision=3)])
    karabakh = predicted(place="Nagorno-Karabakh", lat=39.92, lon=46.76, geo_precision=3)  # ~25 km away
    assert score(extraction(karabakh), gold).incident_recall == 0.0


def test_undated_gold_wants_a_null_date(tmp_path):
    gold = write_gold(tmp_path, [gold_incident(date=None)])
    assert score(extraction(predicted(when=None)), gold).date_accuracy == 1.0
    assert score(extraction(predicted(when=date(2020, 10, 3))), gold).date_accuracy == 0.0


@pytest.mark.parametrize(("gold_killed", "killed", "right"), [
    (58, 58, True), (58, 57, False), ([28, 59], 59, True), ([28, 59], 60, False), (None, None, True),
    (None, 3, False), (3, None, False),
])
def test_casualty_figures(tmp_path, gold_killed, killed, right):
    gold = write_gold(tmp_path, [gold_incident(event_type="casualty_report", killed=gold_killed)])
    scores = score(extraction(predicted(event_type="casualty_report", killed=killed)), gold)
    assert scores.casualty_accuracy == (1.0 if right else 0.0)


def test_casualties_not_annotated_are_not_scored(tmp_path):
    gold = write_gold(tmp_path, [gold_incident()])
    assert score(extraction(predicted(killed=5)), gold).casualty_accuracy is None


@pytest.mark.parametrize(("claimants", "right"), [
    (("Nagorno-Karabakh (defence ministry)",), True), (("Armenian-backed separatists",), True),
    (("Azerbaijan (defence ministry)",), False), ((), False),
    (("Nagorno-Karabakh",  "Azerbaijan"), False),
])
def test_claimant_must_be_a_gold_party(tmp_path, claimants, right):
    gold = write_gold(tmp_path, [gold_incident()])
    scores = score(extraction(predicted(claimed_by=claimants)), gold)
    assert scores.claimant_accuracy == (1.0 if right else 0.0)


@pytest.mark.parametrize(("claimant", "expected"), [
    ("the Azeri defense ministry", "Azerbaijan"), ("Nagorno-Karabakh's Defense Ministry", "Nagorno-Karabakh"),
    ("Armenia (defence ministry)", "Armenia"), ("Artsakh ombudsman", "Nagorno-Karabakh"),
    ("Turkish foreign ministry", "Turkey"), ("Human Rights Watch", "Human Rights Watch"),
])
def test_party_of_a_claimant(claimant, expected):
    assert party(claimant) == expected


def test_gold_article_without_predictions_scores_zero_recall(tmp_path):
    gold = write_gold(tmp_path, [gold_incident()], [STEPANAKERT])
    scores = score([], gold)
    assert scores.incident_recall == 0.0
    assert scores.place_recall == 0.0
    assert scores.incident_precision is None


# ----------------------------------------------------------------------------- places


def test_places_match_by_any_spelling_and_count_metonyms(tmp_path):
    gold = write_gold(tmp_path, places=[STEPANAKERT, ARMENIA, {**ARMENIA, "name": "Baku", "country": "AZ",
                                                               "kind": "city", "metonym": True},
                                        {"name": "Caspian", "kind": "region", "optional": True}])
    mentions = [mention("Xankandi", surface="Khankendi"), mention("Armenia"), mention("Baku", metonym=True),
                mention("Caspian"), mention("Minsk")]
    scores = score(extraction(mentions=mentions), gold)
    article = scores.articles[0]
    assert scores.place_recall == 1.0
    assert article.place_precision.right == 3 and article.place_precision.total == 4  # Caspian ignored
    assert [p.name for p in article.spurious_places] == ["Minsk"]
    assert article.metonyms.value == 1.0
    assert article.metonyms.total == 2  # Stepanakert and Baku; countries are not judged


def test_wrong_metonym_flag_on_a_city_is_counted(tmp_path):
    gold = write_gold(tmp_path, places=[{**STEPANAKERT, "name": "Baku", "aliases": [], "metonym": True}])
    scores = score(extraction(mentions=[mention("Baku", metonym=False)]), gold)
    assert scores.total("metonyms").value == 0.0


@pytest.mark.parametrize(("predicted_name", "gold_name"), [
    ("Zəngilan", "Zangilan"), ("Tǝrtǝr", "Terter"), ("Tərtər Rayonu", "Tartar"),
    ("the Nagorno-Karabakh", "Nagorno Karabakh"),
])
def test_spellings_fold_to_the_same_name(tmp_path, predicted_name, gold_name):
    gold = write_gold(tmp_path, places=[{**STEPANAKERT, "name": gold_name, "aliases": [], "lat": None, "lon": None}])
    assert score(extraction(mentions=[mention(predicted_name)]), gold).place_recall == 1.0


def test_district_matches_a_district_gold_within_15_km_not_a_town(tmp_path):
    class FakeGazetteer:
        def get(self, place_id):
            from gazetteer.place import Place
            kind = "district" if place_id == "gn:d" else "town"
            return Place(id=place_id, name=place_id, lat=40.03, lon=46.90, country="AZ", kind=kind)

    district = {"name": "Aghdam district", "aliases": [], "kind": "region", "country": "AZ", "lat": 40.072,
                "lon": 46.977}
    gold = write_gold(tmp_path, places=[district])
    for place_id, recall in (("gn:d", 1.0), ("gn:t", 0.0)):
        found = extraction(mentions=[mention("x", place_id=place_id)])
        assert score(found, gold, gazetteer=FakeGazetteer()).place_recall == recall, place_id


def test_place_within_10_km_matches_through_the_gazetteer(tmp_path):
    class FakeGazetteer:
        def get(self, place_id):
            from gazetteer.place import Place
            return Place(id=place_id, name="Xankəndi", lat=39.82, lon=46.76, country="AZ", kind="city")

    gold = write_gold(tmp_path, places=[{**STEPANAKERT, "aliases": []}])
    scores = score(extraction(mentions=[mention("Xankəndi", place_id="gn:146970")]), gold,
                   gazetteer=FakeGazetteer())
    assert scores.place_recall == 1.0


# ----------------------------------------------------------------------------- inputs


def _feature(props, lon, lat):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def write_build(folder: Path) -> Path:
    incidents = [_feature({
        "id": "x", "event_type": "shelling", "date": "2020-10-03", "date_end": None, "date_precision": "day",
        "place": "Stepanakert", "place_id": "gn:146970", "country": "AZ", "geo_precision": 1, "killed": None,
        "wounded": None, "claimed_by": ["Nagorno-Karabakh"], "denied_by": [], "articles": ["a.txt", "b.txt"],
        "evidence": [{"article": "a.txt", "sentence": "Shelling hit Stepanakert."},
                     {"article": "b.txt", "sentence": "Khankendi was shelled."}]}, 46.7528, 39.8177)]
    places = [_feature({"place_id": "gn:146970", "name": "Stepanakert", "kind": "city", "country": "AZ",
                        "mentions": 2, "metonym_mentions": 0, "articles": ["a.txt", "b.txt"]}, 46.7528, 39.8177)]
    folder.mkdir()
    for name, features in (("incidents", incidents), ("places", places)):
        (folder / f"{name}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return folder


def test_joined_geojson_incident_counts_for_each_source_article(tmp_path):
    gold = tmp_path / "gold"
    write_gold(gold, [gold_incident()], [STEPANAKERT], article="a.txt")
    write_gold(gold, [gold_incident()], [STEPANAKERT], article="b.txt")
    scores = score(write_build(tmp_path / "output"), gold)
    assert [a.article for a in scores.articles] == ["a.txt", "b.txt"]
    assert scores.total("incident_recall").right == 2
    assert (scores.place_recall, scores.place_precision, scores.incident_precision) == (1.0, 1.0, 1.0)
    assert score(tmp_path / "output" / "incidents.geojson", gold).incident_recall == 1.0


def test_cli_scores_a_build_folder(tmp_path):
    gold = write_gold(tmp_path / "gold", [gold_incident()], [STEPANAKERT])
    build = write_build(tmp_path / "output")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--output", str(build), "--json"])
    assert result.exit_code == 0, result.output
    overall = json.loads(result.output)["overall"]
    assert overall["incident_recall"] == {"right": 1, "total": 1, "value": 1.0}
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--output", str(build), "--show-errors"])
    assert result.exit_code == 0, result.output
    assert "OVERALL" in result.output and "no errors" in result.output


def test_cli_reports_a_broken_gold_file(tmp_path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path), "--output", str(tmp_path)])
    assert result.exit_code != 0
    assert "bad.json" in result.output


def test_unknown_event_type_in_gold_is_an_error(tmp_path):
    write_gold(tmp_path, [gold_incident(event_type="bombardment")])
    with pytest.raises(GoldError, match="bombardment"):
        load_gold(tmp_path)


# ----------------------------------------------------------------------------- the shipped gold


#: The real excerpts that tests/gold/otherwars annotates stay outside the repository (copyright).
DEVCORPUS_OTHERWARS = Path(__file__).resolve().parents[3] / "shared" / "devcorpus" / "otherwars"


def _article_text(gold_file: Path) -> str:
    data = json.loads(gold_file.read_text(encoding="utf-8"))
    if gold_file.parent.name == "otherwars":
        if not DEVCORPUS_OTHERWARS.is_dir():
            pytest.skip(f"{DEVCORPUS_OTHERWARS} is not here (the excerpts are not part of the repository)")
        folder = DEVCORPUS_OTHERWARS
    else:
        folder = Path(__file__).parents[2] / "seeds" if gold_file.parent.name == "seeds" else \
            gold_file.parent.parent / "articles"
    raw = (folder / data["article"]).read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # one dev article is Windows-1252 on purpose
        return raw.decode("cp1252")


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_gold_is_valid_and_quotes_its_article(gold_file):
    gold = load_gold_file(gold_file)
    text = re.sub(r"\s+", " ", _article_text(gold_file))
    for incident in gold.incidents:
        assert re.sub(r"\s+", " ", incident.evidence) in text, incident.label
        assert 1 <= incident.geo_precision <= 4
    for place in gold.places:
        assert place.optional or (place.lat is not None and place.lon is not None), place.name
    assert any(not i.optional for i in gold.incidents) or "dev" not in gold_file.parts


def test_the_gold_sets_cover_seeds_and_a_dev_set():
    assert len(list((GOLD_ROOT / "seeds").glob("*.json"))) == 5
    assert len(list((GOLD_ROOT / "dev" / "gold").glob("*.json"))) >= 8
    assert len(list((GOLD_ROOT / "blind" / "gold").glob("*.json"))) >= 4


def test_cli_explains_a_build_folder_without_outputs(tmp_path):
    gold = write_gold(tmp_path / "gold", [gold_incident()])
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--output", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "incidents.geojson" in result.output and "geo build" in result.output
