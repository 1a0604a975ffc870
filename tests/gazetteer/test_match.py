"""find_mentions: one pass, whole words, original offsets, and the non-place filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer import Gazetteer

HERE = Path(__file__).parent


def _cases():
    for line in (HERE / "mentions.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            text, _, expected = line.partition("\t")
            yield pytest.param(text, [s for s in expected.split("|") if s], id=text[:40])


@pytest.mark.parametrize(("text", "expected"), list(_cases()))
def test_mentions_table(text, expected):
    assert [m.surface for m in Gazetteer.default().find_mentions(text)] == expected


def test_minsk_group_is_not_minsk():
    matches = Gazetteer.default().find_mentions("The Minsk Group, led by France, the US and Russia, failed.")
    assert "Minsk" not in [m.surface for m in matches]
    assert "France" in [m.surface for m in matches]


def test_person_name_is_not_a_place():
    assert Gazetteer.default().find_mentions("said Shushan Stepanian on Monday") == []


def test_lowercase_words_never_match():
    text = "the union of towns, tartar sauce, a van"
    assert Gazetteer.default().find_mentions(text) == []


def test_offsets_point_into_the_original_text():
    text = "Reports from Xankəndi’s hospital and from Dağlıq Qarabağ."
    for m in Gazetteer.default().find_mentions(text):
        assert text[m.start:m.end] == m.surface
    assert [m.surface for m in Gazetteer.default().find_mentions(text)] == ["Xankəndi", "Dağlıq Qarabağ"]


def test_longest_name_wins():
    matches = Gazetteer.default().find_mentions("the Nagorno-Karabakh Republic said")
    assert [m.surface for m in matches] == ["Nagorno-Karabakh Republic"]
    assert matches[0].candidates[0].id == "nk:nagorno-karabakh"


def test_candidates_list_every_namesake():
    (match,) = Gazetteer.default().find_mentions("Shelling in Martuni.")
    assert {p.country for p in match.candidates} >= {"AM", "AZ"}


def test_seed_like_text_has_no_false_positives():
    text = (
        "Both sides exchanged accusations. The Azeri defense ministry said Armenian forces were shelling "
        "the town of Tartar. Kremlin spokesman Dmitry Peskov called Monday for hostilities to end. "
        "Turkish President Recep Tayyip Erdogan said Turkey would stand by Azerbaijan. "
        "Read more. Share this story. Credit: Uncredited"
    )
    assert [m.surface for m in Gazetteer.default().find_mentions(text)] == ["Tartar", "Turkey", "Azerbaijan"]


def test_candidates_put_the_place_spelled_so_first():
    (match,) = [m for m in Gazetteer.default().find_mentions("Xankəndi və Şuşa şəhərləri") if m.surface == "Şuşa"]
    assert match.candidates[0].id == "gn:147105"


def test_small_foreign_place_needs_a_location_slot():
    gaz = Gazetteer.default()
    base = "Azerbaijan said Armenian forces shelled Tartar. "
    assert "Roth" not in [m.surface for m in gaz.find_mentions(base + "Roth said the strikes were unlawful.")]
    assert "Roth" in [m.surface for m in gaz.find_mentions(base + "A rally was held in Roth.")]
    assert "Roth" in [m.surface for m in gaz.find_mentions(base + "Roth, Germany, held a rally.")]


def test_big_foreign_cities_still_count_in_a_war_report():
    gaz = Gazetteer.default()
    text = (
        "Armenian and Azerbaijani forces fought near Tartar. The foreign ministers met in Moscow and Geneva; "
        "Washington, Paris and Brussels called for a truce, Ankara and Tehran offered talks, and the OSCE Minsk "
        "Group met in Minsk. Istanbul and Tbilisi saw protests. Fighters from Aleppo and Damascus were sent."
    )
    matches = gaz.find_mentions(text)
    chosen = {m.surface: c.place for m, c in zip(matches, gaz.disambiguate(matches, text))}
    expected = {"Moscow": "RU", "Geneva": "CH", "Washington": "US", "Paris": "FR", "Brussels": "BE", "Ankara": "TR",
                "Tehran": "IR", "Minsk": "BY", "Istanbul": "TR", "Tbilisi": "GE", "Aleppo": "SY", "Damascus": "SY"}
    assert {name: chosen[name].country for name in expected if name in chosen} == expected


def test_a_lone_name_is_kept_without_context():
    assert [m.surface for m in Gazetteer.default().find_mentions("Shusha")] == ["Shusha"]


def test_wire_report_keeps_its_places_and_drops_surnames():
    text = (HERE / "reports" / "wire_report.txt").read_text(encoding="utf-8")
    gaz = Gazetteer.default()
    matches = gaz.find_mentions(text)
    chosen = {m.surface: c.place for m, c in zip(matches, gaz.disambiguate(matches, text))}
    expected = {"Stepanakert": "AZ", "Ganja": "AZ", "Horadiz": "AZ", "Tovuz": "AZ", "Dashkesan": "AZ", "Berd": "AM",
                "Vardenis": "AM", "Istanbul": "TR", "Gaziantep": "TR", "Moscow": "RU", "Washington": "US",
                "Paris": "FR", "Tehran": "IR", "Tbilisi": "GE", "Barda": "AZ"}
    assert {name: chosen[name].country for name in expected if name in chosen} == expected
    assert "Roth" not in chosen  # "Kenneth Roth, executive director ...", then "Roth said"


def test_a_line_longer_than_a_headline_is_not_one():
    from gazetteer.area import title_case_line

    headline = "Azerbaijani Troops Near Key Town Of Shushi"
    assert title_case_line(headline, 30)
    long_line = " ".join([headline] * 20)
    assert not title_case_line(long_line, 30) and not title_case_line(long_line, len(long_line) - 5)


def test_names_match_whole_words_between_any_punctuation():
    gaz = Gazetteer.default()
    for text in ("(Stepanakert)", "“Stepanakert”", "Stepanakert.", "—Stepanakert—", "Stepanakert's"):
        assert [m.surface for m in gaz.find_mentions(f"Shells fell on {text} at dawn")] == ["Stepanakert"], text
    # Part of a word is not a name; nor is a two-word name split by punctuation.
    assert gaz.find_mentions("Shells fell on Stepanakertian ground") == []
    assert [m.surface for m in gaz.find_mentions("in Nagorno/Karabakh said")] == ["Karabakh"]
    assert [m.surface for m in gaz.find_mentions("Shells fell on Nagorno-Karabakh.")] == ["Nagorno-Karabakh"]


def test_keys_with_punctuation_still_match():
    from gazetteer.match import Matcher

    gaz = Gazetteer.default()
    matcher = Matcher(gaz)
    punctuated = next(iter(k for k in gaz.keys() if "." in k and k.split()[0].isalpha() and len(k) > 6))
    text = f"xx {punctuated.title()} yy"  # names match only as written capitalised
    assert any(key == punctuated for _, _, key in matcher.raw_matches(text)), punctuated


def test_word_by_word_matching_finds_every_key_an_automaton_would():
    import random

    import ahocorasick

    from gazetteer.match import Matcher

    gaz = Gazetteer.default()
    matcher = Matcher(gaz)
    keys = [k for k in list(gaz.keys())[::97] if " " in k or k.isalpha()]
    rng = random.Random(3)
    # Keys run together, split by punctuation, double spaces or nothing; some cut short.
    pieces = [rng.choice((k, k[:-1], k.upper())) + rng.choice((" ", ". ", "  ", "-", "", ", the ")) for k in keys]
    text = "".join(pieces)
    automaton = ahocorasick.Automaton()
    for key in keys:
        if len(key) >= 2 and key not in matcher.never:
            automaton.add_word(f" {key} ", key)
    automaton.make_automaton()
    spaced = " " + "".join(c if c.isalnum() or c == " " else " " for c in text.lower()) + " "
    expected = [(end - len(k) - 1, end - 2, k) for end, k in automaton.iter(spaced)
                if text.lower().startswith(k, end - len(k) - 1)]
    wanted = set(keys)
    found = [m for m in matcher._word_matches(text.lower()) if m[2] in wanted]
    assert len(expected) > 500
    assert sorted(found) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [("Syrian forces shelled the town of Sarakib in Idlib province, Syria said.", "Sarakib", "Saraqib"),
     ("Fighting near Umm Rawaba, North Kordofan, displaced families, Sudan's army said.", "Umm Rawaba", "Umm Ruwaba")],
)
def test_unlisted_transliteration_is_found_by_its_loose_key_in_the_texts_country(text, surface, name):
    gaz = Gazetteer.default()
    matches = gaz.find_mentions(text)
    chosen = {m.surface: (c.place.name, m.loose) for m, c in zip(matches, gaz.disambiguate(matches, text))}
    assert chosen[surface] == (name, True)


def test_loose_key_needs_the_country_and_a_location_slot():
    gaz = Gazetteer.default()
    # No country named: nothing tells the loose key where to look.
    assert "Sarakib" not in [m.surface for m in gaz.find_mentions("Shelling hit the town of Sarakib overnight.")]
    # Country named but no slot: a capitalised word at a sentence start stays a word.
    assert "Sarakib" not in [m.surface for m in gaz.find_mentions("Sarakib was quiet, Syria said.")]
    # Nor in a Title Case headline.
    headline = "Syrian Troops Advance Near Sarakib Town Of Idlib Province\nSyria said so."
    assert "Sarakib" not in [m.surface for m in gaz.find_mentions(headline)]


def test_names_in_a_location_slot_without_a_place_are_reported_unresolved():
    gaz = Gazetteer.default()
    text = "Azerbaijan said Armenian forces shelled the village of Qwertyzxcv and Tartar, in March."
    unresolved = []
    matches = gaz.find_mentions(text, unresolved=unresolved)
    assert matches == gaz.find_mentions(text)  # the same matches with or without the list
    assert [m.surface for m in matches] == ["Azerbaijan", "Tartar"]
    assert [(u.surface, u.reason) for u in unresolved] == [("Qwertyzxcv", "unknown")]
    assert text[unresolved[0].start:unresolved[0].end] == "Qwertyzxcv"


def test_an_acronym_is_no_article():
    gaz = Gazetteer.default()
    assert [m.surface for m in gaz.find_mentions("The US-backed forces withdrew, Syria said.")] == ["US", "Syria"]


def test_a_lower_case_article_before_a_capitalised_name_is_part_of_it():
    gaz = Gazetteer.default()
    text = "Shells fell in al-Fashir and el-Obeid, Sudan's army said."
    assert [m.surface for m in gaz.find_mentions(text)][:2] == ["al-Fashir", "el-Obeid"]


def test_key_only_namesake_far_from_the_texts_countries_needs_its_country_named():
    gaz = Gazetteer.default()
    # "El-Adde" folds to the key of Edea, Cameroon: in a report on Somalia that is no answer.
    text = "Somali troops attacked a base in El-Adde, the Somali government said. Somalia said."
    assert "El-Adde" not in [m.surface for m in gaz.find_mentions(text)]


def test_the_texts_own_towns_vote_for_a_country_it_names():
    from gazetteer.area import voted_countries

    gaz = Gazetteer.default()
    text = ("The US said two US soldiers were hurt. In Syria, fighting hit Raqqa, Aleppo and Idlib; "
            "the US denied it.")
    assert voted_countries(gaz, gaz.find_mentions(text), text) >= {"SY", "US"}
    # A town of a country the text never names does not vote for it.
    assert "DE" not in voted_countries(gaz, gaz.find_mentions("Roth said Azerbaijani forces shelled Tartar."),
                                       "Roth said Azerbaijani forces shelled Tartar.")


def test_months_in_a_location_slot_are_no_places():
    gaz = Gazetteer.default()
    unresolved = []
    text = "Azerbaijani forces shelled Tartar in April and in September, Armenia said."
    assert [m.surface for m in gaz.find_mentions(text, unresolved=unresolved)] == ["Tartar", "Armenia"]
    assert unresolved == []


def test_a_country_before_town_of_is_not_inside_the_town():
    gaz = Gazetteer.default()
    text = "Jihadists attacked the northern Burkina Faso town of Djibo, the army of Burkina Faso said."
    assert [m.surface for m in gaz.find_mentions(text)] == ["Burkina Faso", "Djibo", "Burkina Faso"]


def test_unresolved_leaves_out_demonyms_acronyms_and_adjectives():
    gaz = Gazetteer.default()
    unresolved = []
    text = ("Armenian forces shelled Tartar, Azerbaijan said. Fire came from Lebanese positions, from UN posts, "
            "in FY22 and in Zorbitanian uniforms, and in Qwertyzxcv.")
    gaz.find_mentions(text, unresolved=unresolved)
    assert [u.surface for u in unresolved] == ["Qwertyzxcv"]


def test_a_loose_name_the_text_once_places_is_that_place_wherever_it_recurs():
    gaz = Gazetteer.default()
    text = ("Sudan's army entered the town of Umm Rawaba in North Kordofan on Monday. "
            "Umm Rawaba lies on the main road, and the return of Umm Rawaba comes after weeks of fighting.")
    found = [(m.surface, {p.name for p in m.candidates}) for m in gaz.find_mentions(text)]
    assert [c for s, c in found if s == "Umm Rawaba"] == [{"Umm Ruwaba"}] * 3
