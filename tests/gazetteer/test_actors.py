"""The actor tables of gazetteer/data/actors: complete, well-formed, sourced."""

import re
from pathlib import Path

import pytest

from gazetteer.actors import ACTORS_DIR, actors, demonym_countries, word_pattern

COUNTRY_INFO = Path(__file__).resolve().parents[3] / "shared" / "data" / "geonames" / "countryInfo.txt"


@pytest.mark.skipif(not COUNTRY_INFO.is_file(), reason="GeoNames countryInfo.txt not available")
def test_every_geonames_country_has_a_row():
    codes = {line.split("\t")[0] for line in COUNTRY_INFO.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")}
    assert codes - {""} <= set(actors().by_iso)


def test_every_pattern_compiles_and_every_non_state_row_has_a_source():
    for actor in actors().parties:
        re.compile(word_pattern([p for p, _ in actor.patterns]))
        assert actor.source, actor.party
    for body in actors().bodies:
        re.compile(body.pattern)


def test_demonyms_of_the_wars_the_tool_covers():
    demonyms = demonym_countries()
    assert {d: demonyms[d] for d in ("Ukrainian", "Russian", "Israeli", "Sudanese", "Syrian", "Yemeni", "Burmese",
                                     "Ethiopian", "Congolese", "Malian", "Somali", "Libyan", "Azerbaijani")} == {
        "Ukrainian": "UA", "Russian": "RU", "Israeli": "IL", "Sudanese": "SD", "Syrian": "SY", "Yemeni": "YE",
        "Burmese": "MM", "Ethiopian": "ET", "Congolese": "CD", "Malian": "ML", "Somali": "SO", "Libyan": "LY",
        "Azerbaijani": "AZ"}


def test_acronyms_match_only_in_capitals():
    pattern = re.compile(word_pattern(["IS", "Hamas"]))
    assert pattern.search("the IS group") and pattern.search("hamas fighters")
    assert not pattern.search("it is said")


def test_a_hyphen_continues_the_word():
    assert not re.search(word_pattern(["Russian"]), "Russian-backed forces")


def test_kinds_are_known():
    kinds = {a.kind for a in actors().parties}
    assert kinds <= {"state", "armed group", "de facto authority", "state forces", "international", "monitor",
                     "rights group", "source"}
    assert (ACTORS_DIR / "nonstate.tsv").is_file()


def test_air_strike_parties_name_parties_of_the_tables(tmp_path):
    from gazetteer.actors import air_strike_words

    words = air_strike_words()
    assert {"Israeli", "US", "British"} <= set(words) and "Russian" not in words
    for name in ("countries.tsv", "nonstate.tsv", "bodies.tsv"):
        (tmp_path / name).write_text((ACTORS_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "air_strikes.tsv").write_text("party\tnote\nAtlantis\tnone\n", encoding="utf-8")
    with pytest.raises(ValueError, match="air_strikes.tsv: unknown party 'Atlantis'"):
        air_strike_words(tmp_path)
