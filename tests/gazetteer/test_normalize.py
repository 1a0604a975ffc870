"""Spellings of one place compare equal after normalisation; offsets map back to the text."""

from __future__ import annotations

import pytest

from gazetteer.normalize import fold, normalize, normalize_with_offsets, normalize_with_spans, strip_area_words

SAME = [
    ("Jebrail", "Jabrayil", "Cəbrayıl", "Dzhebrail", "Djebrail"),
    ("Khankendi", "Xankəndi", "Xankendi"),
    ("Tartar", "Terter", "Tərtər"),
    ("Shusha", "Şuşa", "Susha"),
    ("Dashkesan", "Daşkəsən"),
    ("Mingachevir", "Mingecevir", "Mingəçevir"),
    ("Aghdam", "Agdam", "Ağdam"),
    ("Kalbajar", "Kelbajar", "Kəlbəcər"),
    ("Ganja", "Gəncə", "Gyandzha"),
    ("Qubadli", "Gubadly", "Qubadlı"),
    ("Khojaly", "Xocalı"),
    ("Nagorno-Karabakh", "Nagorno Karabakh", "nagorno–karabakh"),
    ("Mart'akert", "Martʻakert", "Martakert"),
]


@pytest.mark.parametrize("spellings", SAME, ids=lambda s: s[0])
def test_spellings_of_one_place_compare_equal(spellings):
    assert len({normalize(s) for s in spellings}) == 1, [normalize(s) for s in spellings]


@pytest.mark.parametrize(("a", "b"), [("Shusha", "Shushi"), ("Martuni", "Martakert"), ("Baku", "Barda")])
def test_different_names_stay_different(a, b):
    assert normalize(a) != normalize(b)


def test_fold_keeps_length_for_offsets():
    text = "Şuşa, Tərtər and İsmayıllı — “Xankəndi”"
    assert len(fold(text)) == len(text)
    assert fold("Şuşa") == "susa"


def test_offsets_map_key_back_to_original_text():
    text = "Shelling in Stepanakert's centre and Mart'akert"
    key, starts, ends = normalize_with_offsets(text)
    pos = key.index(normalize("Martakert"))
    end = pos + len(normalize("Martakert"))
    assert text[starts[pos]:ends[end - 1]] == "Mart'akert"
    pos = key.index(normalize("Stepanakert"))
    end = pos + len(normalize("Stepanakert"))
    assert text[starts[pos]:ends[end - 1]] == "Stepanakert"


def test_area_words_are_stripped():
    assert strip_area_words("Tartar Rayon") == "Tartar"
    assert strip_area_words("Rayon") == "Rayon"


@pytest.mark.parametrize("text", [
    "Shelling in Stepanakert's centre and Mart'akert", "Karvacharr  --  Gyandzha,\n\nYevlakh’s", "Baku 's", "ss'ss", "",
    "  leading and trailing  ", "Xankəndi (Stepanakert) – İsmayıllı'", "y'y yy Y-Y",
])
def test_offsets_looked_up_on_demand_equal_the_full_lists(text):
    key, offsets = normalize_with_spans(text)
    assert (key, [offsets.start(i) for i in range(len(key))], [offsets.end(i) for i in range(len(key))]) == \
        normalize_with_offsets(text)
    if key:
        assert 0 <= offsets.start(0) <= offsets.end(len(key) - 1) <= len(text)
