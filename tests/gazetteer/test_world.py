"""The world gazetteer: places, areas, territories and press regions outside the Caucasus,
found as the press writes them. Sentences here are made up."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from gazetteer.build import PRESS_REGIONS_PATH, area_name_forms, press_forms, similar_names
from gazetteer.normalize import directional_variants, strip_area_words, strip_article

REPO = Path(__file__).resolve().parents[2]
DEVCORPUS = REPO.parent / "shared" / "devcorpus" / "otherwars"


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def picks(gaz, text):
    matches = gaz.find_mentions(text)
    return {m.surface: c.place for m, c in zip(matches, gaz.disambiguate(matches, text))}


@pytest.mark.parametrize(
    ("text", "surface", "place_id", "kind"),
    [
        ("Ukrainian troops held their positions near Orikhiv on Tuesday.", "Orikhiv", "gn:698428", "town"),
        ("Shelling was reported in Hulyaipole, Ukraine said.", "Hulyaipole", "gn:707898", "town"),
        ("An air strike hit a building in Nabatieh, Lebanon.", "Nabatieh", "gn:278913", "city"),
        ("Fighting spread across North Darfur, Sudan.", "North Darfur", "gn:408666", "region"),
        ("Drones struck a fuel depot in the Kursk region, Russia said.", "Kursk", "gn:538555", "region"),
        ("Aid trucks waited at the border of the Gaza Strip.", "Gaza Strip", "gn:281132", "region"),
        ("Settlers attacked a village in the West Bank overnight.", "West Bank", "gn:285153", "region"),
        ("Paramilitary forces advanced in Al-Jazira state, Sudan.", "Al-Jazira", "gn:408648", "region"),
        ("Russia keeps pressing its offensive in the Donbas.", "Donbas", "pr:donbas", "region"),
        ("Aid groups warned of famine in Darfur, Sudan.", "Darfur", "pr:darfur", "region"),
        ("Rockets fell in the Golan Heights, Israel said.", "Golan Heights", "pr:golan-heights", "region"),
    ],
)
def test_press_names_of_world_places_resolve(gaz, text, surface, place_id, kind):
    found = picks(gaz, text)
    assert surface in found, found
    assert (found[surface].id, found[surface].kind) == (place_id, kind)


def test_west_bank_is_not_west_bend_wisconsin(gaz):
    place = picks(gaz, "Clashes broke out in the West Bank.")["West Bank"]
    assert (place.country, place.name) == ("PS", "West Bank")


def test_kursk_region_is_the_oblast_and_kursk_the_city(gaz):
    assert picks(gaz, "Troops entered the Kursk region.")["Kursk"].kind == "region"
    assert picks(gaz, "A drone hit a house in Kursk, Russia.")["Kursk"].kind == "city"
    assert gaz.resolve("Kursk region")[0].place.id == "gn:538555"
    assert gaz.resolve("Al-Jazira state")[0].place.id == "gn:408648"


def test_gaza_strip_sits_at_its_natural_earth_map_unit(gaz):
    strip = gaz.get("gn:281132")
    assert 31.2 < strip.lat < 31.6 and 34.2 < strip.lon < 34.6
    assert "naturalearth" in strip.source


@pytest.mark.parametrize(
    ("place_id", "lat", "lon"),
    # The Darfur states lie west of 27.5 E and between 9 and 20 N; Donetsk and Luhansk
    # oblasts between 36.5 and 40.3 E.
    # The Golan Heights lie between 32.6 and 33.4 N, 35.6 and 36.0 E.
    [("pr:darfur", (9, 20), (21.8, 27.5)), ("pr:donbas", (46.8, 50.1), (36.5, 40.3)),
     ("pr:golan-heights", (32.6, 33.4), (35.6, 36.0))],
)
def test_press_regions_lie_among_their_member_areas(gaz, place_id, lat, lon):
    place = gaz.get(place_id)
    assert lat[0] < place.lat < lat[1] and lon[0] < place.lon < lon[1]


def test_press_regions_table_states_a_derivation_for_every_row(gaz):
    with open(PRESS_REGIONS_PATH, encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    assert rows
    for row in rows:
        how, _, codes = row["source"].partition(":")
        assert how in ("members", "alias", "disputed") and codes, row
        if how in ("members", "disputed"):
            place = gaz.get(row["id"])
            assert (round(place.lat, 2), round(place.lon, 2)) == (round(float(row["lat"]), 2),
                                                                   round(float(row["lon"]), 2))


@pytest.mark.parametrize(
    ("name", "bare"),
    [("Al-Jazira", "Jazira"), ("El Fasher", "Fasher"), ("An Nabatiyah", "Nabatiyah"), ("ash-Shaykh", "Shaykh"),
     ("Alma", "Alma"), ("Al", "Al"), ("Al-Ba", "Al-Ba")],
)
def test_strip_article(name, bare):
    assert strip_article(name) == bare


def test_press_forms_of_area_names():
    assert directional_variants("Northern Darfur") == ["North Darfur"]
    assert directional_variants("Nord Kivu") == ["North Kivu", "Northern Kivu"]
    assert strip_area_words("Kassala State") == "Kassala"
    assert set(press_forms(["Al Jazirah"], "SD")) >= {"Al-Jazira", "Jazira", "Al Jazira"}
    assert press_forms(["El Paso"], "US") == ["El Paso"]  # articles are Arabic only
    # "Northern State" keeps its designator: "Northern" alone is no name.
    assert "Northern" not in area_name_forms(["Northern State"], "SD")


def test_small_places_keep_spellings_not_other_names():
    kept = similar_names(["Huliaipole", "Gulyaypole", "Victory", "Peremoha", "huliaipole"], ("Hulyaypole",))
    assert kept == ["Huliaipole", "Gulyaypole"]


# A long made-up text of ordinary English with no war and no place in it.
ORDINARY_TEXT = """
Morning light came slowly over the garden, and the baker opened the shop at six as always.
Fresh bread, butter and honey sold quickly; by eight the shelves were nearly empty.
Our committee met on Thursday to discuss the budget, the new playground and the summer fair.
Parents asked whether the library could stay open later during the exam season.
The treasurer said the accounts were in good order and that donations had grown this year.
Several volunteers offered to paint the fence, repair the benches and plant new trees.
A local choir will perform carols in December, and tickets are free for children.
The weather forecast promises rain on Saturday, so the market may move indoors.
Students presented their science projects: a solar oven, a wind turbine and a water filter.
Judges praised the careful notes, the clear drawings and the honest reporting of failures.
The recipe calls for two cups of flour, one egg, a pinch of salt and a spoon of sugar.
Mix gently, rest the dough for an hour, then bake until golden and crisp at the edges.
Many readers wrote letters about the new bus timetable, which starts next Monday.
Drivers will take a shorter route past the hospital, the school and the swimming pool.
The museum reopened after a long renovation with a bright hall and a quiet reading room.
Visitors admired old maps, painted plates, silver spoons and a collection of clocks.
Doctors recommend walking every day, drinking water and sleeping at regular hours.
The football club won its match on Sunday after a late goal by a young midfielder.
Coaches said the team had trained hard through the winter and deserved the victory.
Prices of vegetables fell in spring as farmers brought carrots, onions and beans to market.
A new bakery, a bookshop and a bicycle repair shop opened on the main street this month.
Neighbours organised a picnic by the river with games, music and homemade lemonade.
Teachers hope that smaller classes next year will give every pupil more attention.
The council thanked everyone who helped clean the park and collect litter after the concert.
Gardeners should cover young plants at night while frost is still possible.
Membership of the chess club doubled, and beginners now meet every Wednesday evening.
An old oak tree near the church was declared safe after an inspection by experts.
Families are invited to bring photographs for an exhibition about the history of the street.
Bright Future, a charity for young carers, raised money with a sponsored walk and a quiz night.
Independence Day was celebrated with a parade, a brass band and a picnic in the park.
Union members voted to accept the new contract after long but friendly negotiations.
Liberty, the family dog, was found safe in a neighbour's shed after a night of searching.
Victory in the spelling contest went to a girl of eleven who spelled every word correctly.
Hope and patience, the speaker said, matter more than talent in learning a language.
Success came late for the author, whose first novel was rejected by nine publishers.
Same time next week, the organisers said, and everyone laughed.
Store the jam in a cool place and eat it within a month.
Pool cleaning starts at seven, so swimmers should arrive after nine.
Logo designs from the pupils will be shown in the hall.
Marker pens and glue are on the second shelf.
"""


def test_no_places_in_long_ordinary_english_text(gaz):
    matches = gaz.find_mentions(ORDINARY_TEXT)
    assert [(m.surface, m.candidates[0].name, m.candidates[0].country) for m in matches] == []


#: Countries each war of the development corpus is about.
WAR_COUNTRIES = {"ukraine": {"UA", "RU"}, "sudan": {"SD"}, "syria": {"SY"},
                 "middle-east": {"IL", "PS", "LB", "SY", "IR", "YE", "IQ", "JO", "EG"}}


@pytest.mark.skipif(not DEVCORPUS.is_dir(), reason=f"development corpus {DEVCORPUS} is absent")
def test_articles_on_other_wars_find_places_in_the_war_countries(gaz):
    """Most places the articles on each war name lie in that war's countries."""
    shares = {}
    for war, countries in WAR_COUNTRIES.items():
        counts = Counter()
        for path in sorted((DEVCORPUS / war).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            matches = gaz.find_mentions(text)
            for pick in gaz.disambiguate(matches, text):
                counts[pick.place.country in countries] += 1
        shares[war] = counts[True] / max(1, sum(counts.values()))
    assert all(share >= 0.6 for share in shares.values()), shares
