"""Gazetteer.default(), get and lookup on the shipped table."""

from __future__ import annotations

from gazetteer import Gazetteer, Place
from gazetteer.normalize import normalize


def test_default_is_loaded_once():
    assert Gazetteer.default() is Gazetteer.default()


def test_version_is_a_content_hash():
    gaz = Gazetteer.default()
    assert len(gaz.version) == 16 and int(gaz.version, 16) >= 0


def test_get_returns_the_place_or_none():
    gaz = Gazetteer.default()
    shusha = gaz.get("gn:147105")
    assert isinstance(shusha, Place)
    assert shusha.country == "AZ" and "Shushi" in shusha.names
    assert gaz.get("gn:0") is None


def test_lookup_finds_every_namesake_across_borders():
    countries = {p.country for p in Gazetteer.default().lookup("Martuni")}
    assert {"AM", "AZ"} <= countries


def test_lookup_ignores_case_diacritics_and_transliteration():
    gaz = Gazetteer.default()
    ids = {p.id for p in gaz.lookup("Xankəndi")}
    assert ids == {p.id for p in gaz.lookup("KHANKENDI")}
    assert "gn:146970" in ids


def test_countries_and_regions_are_places():
    gaz = Gazetteer.default()
    assert any(p.kind == "country" and p.country == "AZ" for p in gaz.lookup("Azerbaijan"))
    assert any(p.kind == "region" for p in gaz.lookup("Gegharkunik"))
    nk = gaz.get("nk:nagorno-karabakh")
    assert nk.kind == "region" and "Artsakh" in nk.names
    assert nk in gaz.lookup("Dağlıq Qarabağ")
    assert '"FeatureCollection"' in gaz.outline("nk:nagorno-karabakh")


def test_demonyms_are_not_names():
    assert Gazetteer.default().lookup("Armenian") == []


def test_pickled_gazetteer_is_small_and_works():
    import pickle

    gaz = Gazetteer.default()
    gaz.find_mentions("Shelling in Baku")  # builds the matcher, which must not travel
    data = pickle.dumps(gaz)
    # The compressed file travels, not the parsed rows or the matcher (several times larger).
    from gazetteer.gazetteer import DATA_PATH

    assert len(data) < DATA_PATH.stat().st_size + 10_000
    copy = pickle.loads(data)
    assert copy.version == gaz.version
    assert [m.surface for m in copy.find_mentions("Shelling in Baku")] == ["Baku"]


def test_corrupt_data_file_is_a_clear_error(tmp_path):
    import pytest

    from gazetteer.errors import GazetteerDataError

    bad = tmp_path / "places.tsv.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(GazetteerDataError, match="cannot read gazetteer file"):
        Gazetteer(bad)
    with pytest.raises(GazetteerDataError):
        Gazetteer(tmp_path / "missing.tsv.gz")


def test_empty_inputs():
    gaz = Gazetteer.default()
    assert gaz.lookup("") == [] and gaz.resolve("   ") == []
    assert gaz.find_mentions("") == [] and gaz.disambiguate([], "") == []


def test_key_status_says_whether_a_key_is_known_and_whether_longer_keys_go_on_from_it():
    from gazetteer.datafile import index_probe

    # A control character after a key's letters would sort between it and its longer keys.
    index = ["nagorno karabax\t3", "nagornoe\t1", "tartar\t2", "tartar\x15x\t6", "tartar rayon\t4"]
    assert index == sorted(index)
    assert index_probe(index, "tartar") == (True, True)
    assert index_probe(index, "nagorno") == (False, True)
    assert index_probe(index, "nagornoe") == (True, False)
    assert index_probe(index, "zz") == (False, False)
    gaz = Gazetteer.default()
    assert gaz.key_status("stapanakart") == (True, False)  # Stepanakert
    assert gaz.key_status("nagorno") == (False, True)
    assert gaz.key_status("") == (False, False)


def test_keys_where_finds_every_key_a_pattern_matches():
    import re

    gaz = Gazetteer.default()
    dotted = gaz.keys_where(re.compile(r"\."))
    assert dotted and dotted == [k for k in gaz.keys() if "." in k]
    assert gaz.keys_where(re.compile(r"(?<=\n)stapanakart(?=\n)")) == ["stapanakart"]


def test_country_and_kind_of_a_row_without_keeping_its_block():
    from gazetteer.gazetteer import DATA_PATH

    gaz = Gazetteer(DATA_PATH)  # a fresh copy: nothing decompressed yet
    rows = gaz.rows_for_key(normalize("Martuni"))
    assert [gaz.country_and_kind(r) for r in rows] and not any(gaz._rows._blocks)
    assert {p.country for p in gaz.countries()} >= {"AM", "AZ", "UA", "SD"} and not any(gaz._rows._blocks)
    assert [gaz.country_and_kind(r) for r in rows] == [(gaz.place_at(r).country, gaz.place_at(r).kind) for r in rows]
    user = gaz.with_places([Place(gaz.place_at(rows[0]).id, "Martuni", 40.1, 45.3, "GE", "town")])
    assert user.country_and_kind(rows[0]) == ("GE", "town")
