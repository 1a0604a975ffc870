"""places.csv: every problem named with its line and fix; rows add to or replace gazetteer places."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from gazetteer.user_places import PlacesFileError, load_places, read_places_file

HEADER = "name,lat,lon,country,kind,aliases,admin1\n"


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def places_file(tmp_path, text, name="places.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path, gaz, text) -> list[str]:
    with pytest.raises(PlacesFileError) as caught:
        load_places(places_file(tmp_path, text), gaz)
    assert str(caught.value).startswith(str(tmp_path / "places.csv"))
    return caught.value.problems


# --- what goes wrong, and what the user is told -----------------------------------------

@pytest.mark.parametrize("row, expected", [
    ("Pisky,98.1,37.6,UA,village,,", "line 2 (Pisky): lat 98.1 is out of range; the latitude lies between -90 and 90"),
    ("Pisky,48.1,-181,UA,village,,", "line 2 (Pisky): lon -181 is out of range"),
    ("Pisky,48°N,37.6,UA,village,,", "line 2 (Pisky): lat '48°N' is not a number; write decimal degrees"),
    ("Pisky,,37.6,UA,village,,", "line 2 (Pisky): lat is empty"),
    ("Pisky,148.1,37.6,UA,village,,", "are lat and lon swapped?"),
    (",48.1,37.6,UA,village,,", "line 2: the name is empty"),
    ("Pisky,48.1,37.6,UA,hamlet,,", "line 2 (Pisky): unknown kind 'hamlet'; use one of region, district, city, town, "
                                    "village, site, base, checkpoint"),
    ("Pisky,48.1,37.6,UA,country,,", "line 2 (Pisky): kind 'country' cannot be added"),
    ("Pisky,48.1,37.6,UX,village,,", "line 2 (Pisky): unknown country code 'UX'"),
    ("Pisky,48.1,37.6,Ukraine,village,,", "line 2 (Pisky): country 'Ukraine': write its two-letter ISO code, UA"),
    ("Pisky,48.1,37.6,,village,,", "line 2 (Pisky): the country is empty"),
    ("Pisky,48.1,37.6,UA,village,Pi,", "line 2 (Pisky): the alias 'Pi' is too short"),
    ("Pisky,48.1,37.6,UA,village", "line 2: 5 values for 7 columns; a name or alias with a comma must be in double quotes"),
])
def test_a_bad_row_is_named_with_its_line_and_the_fix(tmp_path, gaz, row, expected):
    problems = problems_of(tmp_path, gaz, HEADER + row + "\n")
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("header, expected", [
    ("name,latitude,longitude,country,kind", "missing column(s) lat, lon; unknown column(s) 'latitude' (did you mean "
                                             "'lat'?), 'longitude' (did you mean 'lon'?)"),
    ("name;lat;lon;country;kind", "columns are separated by ';'; separate them by commas"),
    ("", "no header"),
    ("name,lat,lon,country,kind,kind", "repeated column(s) kind"),
])
def test_a_wrong_header_says_which_columns_are_expected(tmp_path, gaz, header, expected):
    problems = problems_of(tmp_path, gaz, header + "\nPisky,48.1,37.6,UA,village\n")
    assert len(problems) == 1 and problems[0].startswith("line 1:") and expected in problems[0], problems
    assert "name, lat, lon, country, kind (required)" in problems[0] or "name,lat,lon,country,kind" in problems[0]


def test_every_problem_is_reported_at_once_in_line_order(tmp_path, gaz):
    problems = problems_of(tmp_path, gaz, HEADER + "Pisky,48.1,37.6,XX,village,,\nGood Place,48.2,37.7,UA,town,,\n"
                                                   "Bad,48.1,937.6,UA,checkpoint,,\n")
    assert [p.split(":")[0] for p in problems] == ["line 2 (Pisky)", "line 4 (Bad)"]


def test_same_name_at_other_coordinates_is_an_error_naming_both_lines(tmp_path, gaz):
    problems = problems_of(tmp_path, gaz, HEADER + "Pisky,48.10,37.60,UA,village,,\nPiski,48.30,37.90,UA,village,,\n")
    assert problems == [problems[0]] and "line 3 (Piski): 'Piski' is also on line 2 (Pisky) in UA" in problems[0]


def test_same_name_in_two_countries_is_two_places(tmp_path, gaz):
    user = load_places(places_file(tmp_path, HEADER + "Pisky,48.10,37.60,UA,village,,\n"
                                                      "Pisky,52.00,20.00,PL,village,,\n"), gaz)
    assert {p.country for p in user.gazetteer.lookup("Pisky") if p.source == "user"} == {"UA", "PL"}


def test_a_repeated_row_is_a_warning_not_a_silent_drop(tmp_path, gaz):
    user = load_places(places_file(tmp_path, HEADER + "Pisky,48.10,37.60,UA,village,,\n"
                                                      "Pisky,48.10,37.60,UA,village,,\n"), gaz)
    assert user.warnings == ("line 3 (Pisky): repeats line 2 (Pisky) at the same place; line 2 is used, delete line 3",)


def test_unknown_id_is_an_error(tmp_path, gaz):
    problems = problems_of(tmp_path, gaz, "name,lat,lon,country,kind,id\nKurakhove,47.95,37.35,UA,town,gn:1\n")
    assert "line 2 (Kurakhove): id 'gn:1' is not a place of the gazetteer" in problems[0]


def test_excel_csv_with_bom_and_semicolon_aliases_is_read(tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes("\ufeffName,Lat,Lon,Country,Kind,Aliases\r\nPisky,48.1,37.6,ua,Village,Piski; Пiски\r\n".encode())
    rows, problems, _ = read_places_file(path)
    assert problems == []
    assert (rows[0].name, rows[0].country, rows[0].kind, rows[0].aliases) == ("Pisky", "UA", "village",
                                                                             ("Piski", "Пiски"))


# --- what a row does to the gazetteer ---------------------------------------------------

def test_a_row_named_like_one_gazetteer_place_replaces_it_keeping_its_id_and_names(tmp_path, gaz):
    original = next(p for p in gaz.lookup("Kurakhove") if p.country == "UA" and p.name == "Kurakhove")
    user = load_places(places_file(tmp_path, HEADER + "Kurakhove,47.95,37.35,UA,town,,\n"), gaz)
    (effect,) = user.effects
    assert effect.replaced == original
    (place,) = [p for p in user.gazetteer.lookup("Kurakhove") if p.country == "UA"]
    assert (place.id, place.lat, place.lon, place.source) == (original.id, 47.95, 37.35, "user")
    assert set(original.names) <= set(place.names)
    assert f"replaces {original.id} Kurakhove" in effect.describe()
    # the shipped gazetteer is unchanged
    assert gaz.get(original.id).lat == original.lat


def test_a_new_place_is_found_in_text_and_chosen(tmp_path, gaz):
    user = load_places(places_file(tmp_path, HEADER + "Staromaiorske Checkpoint,47.80,36.80,UA,checkpoint,"
                                                      "Staromaiorske crossing,Donetsk Oblast\n"), gaz)
    text = "Shelling was reported near the Staromaiorske crossing in Ukraine's Donetsk region."
    matches = user.gazetteer.find_mentions(text)
    chosen = user.gazetteer.disambiguate(matches, text)
    place = next(c.place for m, c in zip(matches, chosen) if m.surface == "Staromaiorske crossing")
    assert (place.id, place.kind, place.lat, place.admin1) == ("user:UA:staromaiorske-checkpoint", "village", 47.8,
                                                              "Donetsk Oblast")


def test_a_name_shared_by_several_places_of_the_country_is_taken_by_the_row(tmp_path, gaz):
    namesakes = [p for p in gaz.lookup("Yenikend") if p.country == "AZ" and p.kind in ("village", "town")]
    assert len(namesakes) > 1
    user = load_places(places_file(tmp_path, HEADER + "Yenikend,40.20,46.50,AZ,village,,\n"), gaz)
    assert [p.id for p in user.gazetteer.lookup("Yenikend") if p.country == "AZ" and p.kind != "district"] == \
        ["user:AZ:yenikend"]
    assert len(user.effects[0].withdrawn) == len(namesakes)
    assert "other place(s) of AZ no longer answer to that name" in user.effects[0].describe()
    # the set-aside places keep their row: found by id, not by that name
    assert user.gazetteer.get(namesakes[0].id) is not None
    # places of other countries keep the name: context decides, as always
    others = {p.id for p in gaz.lookup("Yenikend") if p.country != "AZ"}
    assert others <= {p.id for p in user.gazetteer.lookup("Yenikend")}


def test_the_user_gazetteer_survives_pickling_for_worker_processes(tmp_path, gaz):
    user = load_places(places_file(tmp_path, HEADER + "Pisky,48.10,37.60,UA,village,,\n"), gaz)
    copy = pickle.loads(pickle.dumps(user.gazetteer))
    assert copy.version == user.gazetteer.version != gaz.version
    assert copy.base_version == gaz.version
    assert [p.id for p in copy.lookup("Pisky") if p.source == "user"] == ["user:UA:pisky"]


def test_fingerprint_changes_only_for_texts_naming_a_row(tmp_path, gaz):
    user = load_places(places_file(tmp_path, HEADER + "Kurakhove,47.95,37.35,UA,town,Kurakhovo,\n"), gaz)
    assert user.fingerprint("Missiles hit Kharkiv.") == ""
    named = user.fingerprint("Shelling in Kurakhove.")
    assert named and named == user.fingerprint("Shelling in KURAKHOVE today.") == user.fingerprint("near Kurakhovo")
    moved = load_places(places_file(tmp_path, HEADER + "Kurakhove,47.96,37.35,UA,town,Kurakhovo,\n"), gaz)
    assert moved.fingerprint("Shelling in Kurakhove.") not in ("", named)


def test_fingerprint_covers_every_spelling_of_a_replaced_place(tmp_path, gaz):
    stepanakert = gaz.resolve("Stepanakert")[0].place
    row = f"Stepanakert,39.8200,46.7600,{stepanakert.country},city,,\n"
    user = load_places(places_file(tmp_path, HEADER + row), gaz)
    assert user.effects[0].replaced == stepanakert
    # The row lists one name; the gazetteer's other spellings now lead to the user's coordinates.
    assert user.fingerprint("Shelling of Xankəndi") == user.fingerprint("Shelling of Stepanakert") != ""
    assert user.gazetteer.resolve("Xankəndi")[0].place.lat == 39.82


def test_the_example_of_the_documentation_loads(tmp_path, gaz):
    doc = (Path(__file__).parents[2] / "docs" / "gazetteer.md").read_text(encoding="utf-8")
    example = re.search(r"## Your own places.*?```text\n(.*?)```", doc, re.S).group(1)
    user = load_places(places_file(tmp_path, example), gaz)
    assert [e.place.id for e in user.effects][1:] == [
        "user:UA:staromaiorske-checkpoint", "user:UA:hill-7-base", "user:UA:pisky-pokrovsk"]
    text = "Russian troops shelled Hill 7 Base and the Staromaiorske crossing near Pisky, Ukraine said."
    matches = user.gazetteer.find_mentions(text)
    chosen = {m.surface: c.place.id for m, c in zip(matches, user.gazetteer.disambiguate(matches, text))}
    assert chosen["Hill 7 Base"] == "user:UA:hill-7-base" and chosen["Pisky"] == "user:UA:pisky-pokrovsk"


def test_a_name_the_matcher_never_takes_for_a_place_is_a_warning(tmp_path, gaz):
    user = load_places(places_file(tmp_path, HEADER + "Armenian,40.1,44.5,AM,village,Armenian Hill,\n"), gaz)
    assert user.warnings == ("line 2 (Armenian): 'Armenian' is a common word, given name or demonym that is never "
                             "taken for a place in text (gazetteer/data/stoplist.txt); add an alias the articles use",)


def test_geo_resolve_answers_with_the_places_of_a_file(tmp_path):
    from click.testing import CliRunner

    from geo.cli import main

    path = places_file(tmp_path, HEADER + "Staromaiorske Checkpoint,47.80,36.80,UA,checkpoint,,\n")
    result = CliRunner().invoke(main, ["resolve", "Staromaiorske Checkpoint", "--places", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (best, *_) = __import__("json").loads(result.output)
    assert (best["id"], best["lat"], best["lon"], best["source"]) == ("user:UA:staromaiorske-checkpoint", 47.8, 36.8,
                                                                     "user")
    bad = places_file(tmp_path, "name,lat,lon\nX,1,2\n", name="bad.csv")
    result = CliRunner().invoke(main, ["resolve", "X", "--places", str(bad)])
    assert result.exit_code == 1 and "line 1: wrong header: missing column(s) country, kind" in result.output


def test_two_rows_replacing_one_place_is_an_error(tmp_path, gaz):
    kurakhove = next(p for p in gaz.lookup("Kurakhove") if p.country == "UA" and p.name == "Kurakhove")
    problems = problems_of(tmp_path, gaz, "name,lat,lon,country,kind,id\n"
                                          f"Kurakhove,47.95,37.35,UA,town,\nKurakhove Town,47.96,37.36,UA,town,{kurakhove.id}\n")
    assert problems == [f"line 3 (Kurakhove Town): would replace {kurakhove.id} Kurakhove, which line 2 (Kurakhove) "
                        "replaces already; keep one row, or give this one an id or a name of its own"]


def test_names_written_apart_that_make_one_id_get_two_ids(tmp_path, gaz):
    user = load_places(places_file(tmp_path, HEADER + "O'Zorba,48.1,37.6,UA,site,,\nO Zorba,48.3,37.9,UA,site,,\n"), gaz)
    assert [e.place.id for e in user.effects] == ["user:UA:o-zorba", "user:UA:o-zorba-2"]


def test_a_long_file_keeps_every_name_findable(tmp_path, gaz):
    # 600 names: the name index is rebuilt by one merge instead of binary-search edits.
    rows = "".join(f"Zorbatovka {n},{47 + n / 1000:.4f},37.5,UA,site,Zorba Hill {n}\n" for n in range(300))
    user = load_places(places_file(tmp_path, "name,lat,lon,country,kind,aliases\n" + rows), gaz)
    assert [p.id for p in user.gazetteer.lookup("Zorba Hill 299")] == ["user:UA:zorbatovka-299"]
    assert user.gazetteer.lookup("Stepanakert") == gaz.lookup("Stepanakert")
    assert list(user.gazetteer.keys()) == sorted(user.gazetteer.keys())
