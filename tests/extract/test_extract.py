"""extract_article on short articles: place roles, dates, claims, denials, joins, online fallback."""

from datetime import date

import pytest

from tests.extract.fakes import FakeOnline
from gazetteer.place import Place
from geo.extract.article import extract_article
from geo.model import Article

PUBLISHED = date(2020, 10, 8)  # a Thursday


def extract(text, gazetteer, published=PUBLISHED, **kwargs):
    return extract_article(Article("a.txt", text, published), gazetteer, **kwargs)


def summary(extraction):
    return sorted((i.event_type, i.place.name) for i in extraction.incidents)


def test_target_not_origin(gazetteer):
    ex = extract("Azerbaijan’s defence ministry said that from Vardenis the Armenian army had shelled "
                 "the Dashkesan region inside Azerbaijan.", gazetteer)
    [incident] = ex.incidents
    assert (incident.event_type, incident.place.name, incident.origin) == ("shelling", "Dashkesan District", "Vardenis")
    assert incident.geo_precision == 3
    assert incident.claimed_by == ("Azerbaijan (defence ministry)",)


def test_shelling_hit_a_list_of_towns_is_one_incident_per_town(gazetteer):
    ex = extract("Nagorno-Karabakh authorities reported that shelling hit the region's capital of Stepanakert "
                 "and the towns of Martakert and Martuni.", gazetteer)
    assert summary(ex) == [("shelling", "Martakert"), ("shelling", "Martuni"), ("shelling", "Stepanakert")]
    assert all(i.geo_precision == 1 for i in ex.incidents)


def test_near_the_town_is_precision_two(gazetteer):
    ex = extract("Azerbaijani shelling hit within Armenian territory near the town of Vardenis.", gazetteer)
    [incident] = ex.incidents
    assert (incident.place.name, incident.geo_precision) == ("Vardenis", 2)


def test_country_only_keeps_country_precision(gazetteer):
    ex = extract("The Armenian Foreign Ministry said a civilian had been killed inside Armenia in a strike by "
                 "a Turkish-made armed drone.", gazetteer)
    [incident] = ex.incidents
    assert (incident.event_type, incident.place.name, incident.geo_precision, incident.casualties.killed) == (
        "air_strike", "Armenia", 4, 1)


def test_minsk_group_is_not_a_place_of_any_incident(gazetteer):
    ex = extract("Azerbaijan said its foreign minister would visit Geneva on October 8 to meet with the "
                 "Minsk Group's co-chairs. Peace efforts mediated by the OSCE Minsk Group collapsed.", gazetteer)
    assert summary(ex) == [("diplomacy", "Geneva")]
    assert "Minsk" not in {m.name for m in ex.mentions}
    assert ex.incidents[0].date == date(2020, 10, 8) and ex.incidents[0].date_precision == "day"


def test_minsk_group_is_not_minsk_with_the_shipped_gazetteer():
    from gazetteer import Gazetteer

    ex = extract("The co-chairs of the OSCE Minsk Group will meet in Geneva on October 12.", Gazetteer.default())
    assert {i.place_id for i in ex.incidents} and all("Minsk" not in i.place.name for i in ex.incidents)
    assert all(m.name != "Minsk" for m in ex.mentions)


def test_metonyms_are_mentions_but_not_places_of_incidents(gazetteer):
    ex = extract("Baku said Armenian forces shelled Tartar. Moscow has a defense alliance with Armenia, "
                 "while Ankara backs Azerbaijan.", gazetteer)
    flags = {m.name: m.metonym for m in ex.mentions}
    assert flags["Baku"] and flags["Moscow"] and flags["Ankara"]
    assert not flags["Tartar"]
    assert summary(ex) == [("shelling", "Tartar")]
    assert ex.incidents[0].claimed_by == ("Azerbaijan",)


def test_historical_background_is_not_an_incident(gazetteer):
    ex = extract("Armenian separatists seized Nagorno-Karabakh from Azerbaijan in a bloody war in the 1990s "
                 "that killed an estimated 30,000 people. At least 200 people were killed in fighting in "
                 "Nagorno-Karabakh in April 2016.", gazetteer)
    assert ex.incidents == ()


def test_hypothetical_and_calls_are_not_incidents(gazetteer):
    ex = extract("Armenia threatened to deploy heavier weapons against Ganja. The fighting could spread to "
                 "Armenia. The U.S. called for an immediate halt to the fighting in Nagorno-Karabakh.", gazetteer)
    assert ex.incidents == ()


def test_denial_in_a_later_sentence_joins_the_claim(gazetteer):
    ex = extract("Armenia said a Turkish F-16 fighter jet had shot down one of its warplanes over Armenia, "
                 "killing the pilot. It provided no evidence of the incident. Turkey has denied the claim.",
                 gazetteer, published=None)
    [incident] = ex.incidents
    assert (incident.event_type, incident.place.name, incident.casualties.killed) == ("aircraft_downed", "Armenia", 1)
    assert incident.claimed_by == ("Armenia",) and incident.denied_by == ("Turkey",)
    assert incident.date is None and incident.date_precision == "unknown"


def test_both_sides_versions_stay_visible(gazetteer):
    ex = extract("Azerbaijan's defence ministry said Armenian forces shelled Tartar on Wednesday. "
                 "Armenia's defence ministry denied firing at Tartar.", gazetteer)
    [incident] = ex.incidents
    assert incident.claimed_by == ("Azerbaijan (defence ministry)",)
    assert incident.denied_by == ("Armenia",)


def test_caption_repeating_the_text_adds_evidence_not_a_duplicate(gazetteer):
    ex = extract("Azerbaijani forces shelled Stepanakert on Wednesday, officials said.\n\n"
                 "A man walks past a house damaged by shelling in Stepanakert on Wednesday, Oct. 7, 2020.", gazetteer)
    [incident] = ex.incidents
    assert len(incident.evidence) == 2 and incident.date == date(2020, 10, 7)


def test_figures_in_the_next_sentence_belong_to_the_incident(gazetteer):
    ex = extract("Ganja came under fire from the Armenian armed forces on Sunday morning, an aide to the "
                 "Azerbaijani president said. According to him, one civilian was killed and 32 were injured.",
                 gazetteer)
    assert summary(ex) == [("shelling", "Ganja")]
    assert (ex.incidents[0].casualties.killed, ex.incidents[0].casualties.wounded) == (1, 32)


def test_the_town_refers_to_the_town_named_before(gazetteer):
    ex = extract("Rockets struck the centre of Barda on Wednesday. Officials said the town had been hit by "
                 "Smerch rockets.", gazetteer)
    assert summary(ex) == [("shelling", "Barda")]


def test_toll_without_a_place_is_placed_at_the_reporting_side(gazetteer):
    ex = extract("Azerbaijan’s prosecutor’s office said 12 Azeri civilians had so far been killed and 35 wounded "
                 "by Armenian fire.", gazetteer)
    [incident] = ex.incidents
    assert (incident.event_type, incident.place.name, incident.geo_precision) == ("casualty_report", "Azerbaijan", 4)
    assert (incident.casualties.killed, incident.casualties.wounded, incident.casualties.killed_civilians) == (12, 35, 12)


def test_toll_since_a_day_is_a_window_to_publication(gazetteer):
    ex = extract("Officials in Nagorno-Karabakh say 58 soldiers have been killed since Sunday.", gazetteer)
    [incident] = ex.incidents
    assert incident.event_type == "casualty_report" and incident.casualties.killed_military == 58
    assert (incident.date, incident.date_end) == (date(2020, 10, 4), PUBLISHED)


def test_undated_report_is_dated_to_publication(gazetteer):
    [incident] = extract("The Azeri defense ministry said Armenian forces were shelling the town of Tartar.",
                         gazetteer).incidents
    assert (incident.date, incident.date_end, incident.date_precision) == (PUBLISHED, PUBLISHED, "range")


def test_evidence_points_at_the_sentence(gazetteer):
    text = "Intro line.\n\nAzerbaijani forces captured Hadrut on Friday, Aliyev said. Nothing else."
    ex = extract(text, gazetteer)
    [incident] = ex.incidents
    [evidence] = incident.evidence
    assert text[evidence.start:evidence.end] == evidence.sentence
    assert evidence.article == "a.txt" and "captured Hadrut" in evidence.sentence


def test_extraction_is_deterministic(gazetteer):
    text = "Shelling hit Stepanakert and Martuni on Monday. Baku said Tartar was shelled."
    assert extract(text, gazetteer) == extract(text, gazetteer)


ONLINE_PLACE = Place("osm:N1", "Qaraqoyunlu", 40.2, 46.9, "AZ", "village")


def test_online_resolves_a_village_the_gazetteer_lacks(gazetteer):
    online = FakeOnline({"Qaraqoyunlu": ONLINE_PLACE})
    ex = extract("The Armenian armed forces shelled the village of Qaraqoyunlu overnight.", gazetteer, online=online)
    assert summary(ex) == [("shelling", "Qaraqoyunlu")]
    assert ex.incidents[0].place_id == "osm:N1"
    assert online.asked == ["Qaraqoyunlu"]
    assert [(m.place_id, m.surface) for m in ex.mentions] == [("osm:N1", "Qaraqoyunlu")]


def test_online_asks_each_name_once_per_article(gazetteer):
    online = FakeOnline({"Qaraqoyunlu": ONLINE_PLACE})
    extract("Forces shelled the village of Qaraqoyunlu on Monday. Qaraqoyunlu was shelled again, and "
            "the village of Qaraqoyunlu burned.", gazetteer, online=online)
    assert online.asked == ["Qaraqoyunlu"]


def test_online_failure_is_a_warning_not_an_error(gazetteer):
    online = FakeOnline({}, failing={"Qaraqoyunlu"})
    ex = extract("The Armenian armed forces shelled the village of Qaraqoyunlu overnight.", gazetteer, online=online)
    assert ex.incidents == ()
    assert any("Qaraqoyunlu" in w for w in ex.warnings)


def test_without_online_no_lookup_happens(gazetteer):
    ex = extract("The Armenian armed forces shelled the village of Qaraqoyunlu overnight.", gazetteer)
    assert ex.incidents == () and ex.warnings == ()


@pytest.mark.parametrize("text", ["", "   \n\n", "No places and no events here."])
def test_empty_or_eventless_text(gazetteer, text):
    ex = extract(text, gazetteer)
    assert ex.incidents == () and ex.article == "a.txt"


def test_district_that_only_locates_a_list_of_villages_is_dropped(gazetteer):
    ex = extract("Azerbaijani forces have taken control of the villages of Talish and Mehdili in the Hadrut "
                 "district, Aliyev said.", gazetteer)
    assert summary(ex) == [("territory_change", "Mehdili"), ("territory_change", "Talish")]


def test_district_named_as_a_target_of_its_own_is_kept(gazetteer):
    ex = extract("Aliyev said the army had taken control of the city of Hadrut and several villages in the "
                 "Fuzuli and Hadrut districts.", gazetteer)
    assert ("territory_change", "Hadrut District") in summary(ex)
    assert ("territory_change", "Hadrut") in summary(ex)


def test_a_claim_rejected_in_the_same_sentence_is_denied(gazetteer):
    ex = extract("Armenia fired missiles at Ganja, an aide to the Azerbaijani president claimed, a claim Yerevan "
                 "rejected as fake news.", gazetteer)
    [incident] = ex.incidents
    assert incident.claimed_by == ("Azerbaijan (president)",) and incident.denied_by == ("Armenia",)


def test_toll_in_the_present_perfect_runs_to_publication(gazetteer):
    ex = extract("Fighting in Nagorno-Karabakh erupted on September 27 and has killed more than 200 people.", gazetteer)
    [incident] = ex.incidents
    assert (incident.event_type, incident.casualties.killed) == ("casualty_report", 200)
    assert (incident.date, incident.date_end, incident.date_precision) == (date(2020, 9, 27), PUBLISHED, "range")


def test_names_the_gazetteer_lacks_do_not_break_a_list(gazetteer):
    ex = extract("The Azerbaijani army liberated the villages of Talish, Ashaghi Abdulrahmanli and Mehdili, "
                 "the ministry said.", gazetteer)
    assert summary(ex) == [("territory_change", "Mehdili"), ("territory_change", "Talish")]


def test_online_looks_up_every_member_of_a_list(gazetteer):
    online = FakeOnline({"Qaraqoyunlu": ONLINE_PLACE})
    extract("The army liberated the villages of Talish, Qaraqoyunlu and Ashaghi Abdulrahmanli.", gazetteer,
            online=online)
    assert online.asked == ["Qaraqoyunlu", "Ashaghi Abdulrahmanli"]


def test_a_report_called_a_lie_is_denied_by_the_release_side(gazetteer):
    text = ("BAKU, October 14. The Ministry of Defense reports.\n\n"
            "The information spread by the Armenian side that an Azerbaijani UAV was shot down over "
            "Stepanakert is a lie.")
    [incident] = extract(text, gazetteer).incidents
    assert (incident.event_type, incident.place.name) == ("aircraft_downed", "Stepanakert")
    assert incident.claimed_by == ("Armenia",) and incident.denied_by == ("Azerbaijan",)


def test_the_ministry_denied_is_the_last_speaker(gazetteer):
    ex = extract("Armenia's defence ministry said its forces repelled an attack. The ministry denied shelling "
                 "Tartar.", gazetteer)
    [incident] = ex.incidents
    assert (incident.place.name, incident.denied_by, incident.claimed_by) == ("Tartar", ("Armenia",), ())


@pytest.mark.parametrize("opening, party", [
    ("STEPANAKERT, OCTOBER 30, ARMENPRESS. The shelling continued.", "Nagorno-Karabakh"),
    ("BAKU, Azerbaijan, Oct 11 (Reuters) - A missile strike hit Ganja.", "Azerbaijan"),
    ("Title line\n\nYerevan, October 20, Armenpress\n\nText.", "Armenia"),
    ("Baku, Azerbaijan – The UN Security Council met.", "Azerbaijan"),
    ("BAKU/YEREVAN -- The situation remains tense.", None),
    ("Armenia, Azerbaijan and Russia signed a deal.", None),
])
def test_dateline_side(opening, party):
    from geo.extract.article import _dateline_party

    assert _dateline_party(opening) == party


def test_a_district_of_a_town_is_the_town_at_precision_two(gazetteer):
    ex = extract("A missile strike on a residential district of Azerbaijan's second largest city Ganja "
                 "killed nine people and wounded 34 on Sunday.", gazetteer)
    [incident] = ex.incidents
    assert (incident.place.name, incident.geo_precision, incident.casualties.killed, incident.casualties.wounded) == ("Ganja", 2, 9, 34)


def test_a_denial_in_the_next_sentence_joins_the_strike_it_denies(gazetteer):
    ex = extract("A missile strike on a residential district of Azerbaijan's second largest city Ganja "
                 "killed nine people on Sunday, Azerbaijan's prosecutor general's office said. "
                 "Armenia denied firing at Ganja.", gazetteer)
    [incident] = ex.incidents
    assert (incident.place.name, incident.date, incident.casualties.killed, incident.geo_precision) == (
        "Ganja", date(2020, 10, 4), 9, 2)
    assert incident.denied_by == ("Armenia",) and len(incident.evidence) == 2
    assert incident.claimed_by == ("Azerbaijan (prosecutor's office)",)


def test_different_types_at_one_place_and_day_never_merge(gazetteer):
    ex = extract("Azerbaijani forces shelled Shusha on Thursday. Fighting raged near Shusha on Thursday.", gazetteer)
    assert summary(ex) == [("armed_clash", "Shusha"), ("shelling", "Shusha")]


def test_a_report_called_a_lie_is_not_denied_by_its_own_source(gazetteer):
    text = ("The Armenian armed forces subjected to fire the Goranboy region, the Ministry of Defense of "
            "Azerbaijan reported. The information spread by the Armenian side that Azerbaijani aircraft "
            "bombed Stepanakert is a lie.")
    incident = next(i for i in extract(text, gazetteer).incidents if i.place.name == "Stepanakert")
    assert incident.event_type == "air_strike"
    assert incident.claimed_by == ("Armenia",) and incident.denied_by == ("Azerbaijan",)


@pytest.mark.parametrize("denial", [
    "Baku called the reports fake.",
    "Azerbaijan's defence ministry said the reports were fake.",
    "Baku rejected the claim as a lie.",
    "Azerbaijan dismissed the claim.",
    "Baku said its army does not target civilians.",
])
def test_implicit_denials_deny_the_incident_just_reported(gazetteer, denial):
    ex = extract("Armenia's Defence Ministry said Azerbaijani forces shelled Stepanakert, killing two civilians. "
                 + denial, gazetteer)
    [incident] = ex.incidents
    assert incident.claimed_by == ("Armenia (defence ministry)",) and incident.denied_by == ("Azerbaijan",)


def test_according_to_him_is_the_last_speaker(gazetteer):
    ex = extract("Armenian forces fired missiles at Mingachevir, Azerbaijani presidential aide Hikmet Hajiyev said. "
                 "According to him, Armenia also shelled the towns of Barda and Tartar.", gazetteer)
    assert {i.place.name: i.claimed_by for i in ex.incidents}["Barda"] == ("Azerbaijan (president)",)


def test_figures_before_after_clause_belong_to_the_attack(gazetteer):
    ex = extract("At least 13 people have been killed and more than 50 injured after a missile hit a residential "
                 "area of Azerbaijan's second city, Ganja, overnight.", gazetteer)
    [incident] = ex.incidents
    assert (incident.event_type, incident.place.name, incident.geo_precision) == ("shelling", "Ganja", 2)
    assert (incident.casualties.killed, incident.casualties.wounded) == (13, 50)


def test_figures_in_a_sentence_of_their_own_bring_their_source(gazetteer):
    ex = extract("Baku, October 4, APA\n\nArmenian armed forces have been subjecting the city of Ganja to missile "
                 "fire since early morning. One civilian was killed and 32 wounded, the Prosecutor General's Office said.",
                 gazetteer)
    [incident] = ex.incidents
    assert (incident.casualties.killed, incident.casualties.wounded) == (1, 32)
    assert incident.claimed_by == ("Azerbaijan (prosecutor's office)",)


def test_the_ministry_after_a_denial_is_the_denying_ministry(gazetteer):
    ex = extract("Azerbaijani troops shelled Stepanakert on Friday, Armenian Defense Ministry spokeswoman Shushan "
                 "Stepanyan said. Azerbaijan's Defense Ministry denied the reports. The ministry said Armenian "
                 "artillery fired on the Azerbaijani town of Tovuz.", gazetteer)
    by_place = {i.place.name: i for i in ex.incidents}
    assert by_place["Tovuz"].claimed_by == ("Azerbaijan (defence ministry)",)
    assert by_place["Stepanakert"].denied_by == ("Azerbaijan",)


def test_a_rejection_saying_fighting_continues_denies_the_capture_and_reports_the_fighting(gazetteer):
    ex = extract("Aliyev says his forces have taken control of Shusha. The Armenian-backed authorities in the region "
                 "rejected the claim, saying fighting for the town was continuing.", gazetteer)
    by_type = {i.event_type: i for i in ex.incidents}
    assert by_type["territory_change"].denied_by == ("Nagorno-Karabakh",)
    assert by_type["armed_clash"].place.name == "Shusha" and by_type["armed_clash"].denied_by == ()


def test_line_of_contact_and_minsk_group_are_not_places_with_the_shipped_gazetteer():
    from gazetteer import Gazetteer

    ex = extract("Officials from the OSCE Minsk Group said fighting along the Line of Contact had not stopped. "
                 "The foreign ministers will meet in Moscow on October 12.", Gazetteer.default(), published=None)
    names = {m.name for m in ex.mentions}
    assert "Minsk" not in names and not any("Contact" in n for n in names)
    [meeting] = ex.incidents
    assert (meeting.event_type, meeting.place.name, meeting.date, meeting.date_precision) == (
        "diplomacy", "Moscow", None, "unknown")


def test_an_undated_article_keeps_its_incidents_with_no_date(gazetteer):
    ex = extract("Azerbaijani forces shelled the town of Martakert on Sunday, local officials said.", gazetteer,
                 published=None)
    [incident] = ex.incidents
    assert (incident.place.name, incident.date, incident.date_end, incident.date_precision) == (
        "Martakert", None, None, "unknown")


def test_the_finest_origin_is_kept(gazetteer):
    [incident] = extract("Armenian forces fired rockets at Barda from the territory of Armenia's Vardenis district.",
                         gazetteer).incidents
    assert (incident.place.name, incident.origin) == ("Barda", "Vardenis")


def test_two_days_joined_by_and_are_one_window(gazetteer):
    [incident] = extract("Azerbaijani forces shelled Stepanakert late on Saturday and early on Sunday, local officials "
                         "said.", gazetteer).incidents
    assert (incident.date, incident.date_end, incident.date_precision) == (date(2020, 10, 3), date(2020, 10, 4), "range")


def test_a_region_the_gazetteer_has_only_as_a_town_is_located_at_region_precision():
    from gazetteer import Gazetteer

    # Armenian-era districts (Askeran, Hadrut, Martuni) exist in the data only as towns.
    region = extract("Azerbaijani forces shelled the Askeran region overnight, the defence army said.",
                     Gazetteer.default())
    town = extract("Azerbaijani forces shelled the town of Askeran overnight, the defence army said.",
                   Gazetteer.default())
    assert [(i.place.name, i.geo_precision) for i in region.incidents] == [("Askeran", 3)]
    assert [(i.place.name, i.geo_precision) for i in town.incidents] == [("Askeran", 1)]


def test_a_list_member_far_from_all_the_others_is_a_namesake_left_unresolved(gazetteer):
    unresolved = []
    text = "The villages of Hadrut, Mehdili, Jabrayil, Fuzuli and Xanlar have been taken over by the army."
    from geo.extract.roles import locate_mentions
    located = locate_mentions(Article("a.txt", text, PUBLISHED), gazetteer, unresolved=unresolved)
    assert "Xanlar" not in {loc.surface for loc in located}
    assert [(u.surface, u.reason) for u in unresolved] == [("Xanlar", "outside_area")]
    assert "Xanlar" not in {name for _, name in summary(extract(text, gazetteer))}


def test_an_aside_naming_the_area_places_the_list_and_is_no_place_of_its_own(gazetteer):
    text = ("The army liberated the villages of Mehdili, Dovsanli (in Hadrut District), Martuni and Xanlar "
            "(in Hadrut District) on Wednesday.")
    assert summary(extract(text, gazetteer)) == [
        ("territory_change", "Dovsanli"), ("territory_change", "Martuni"), ("territory_change", "Mehdili")]
    dovsanli = next(i for i in extract(text, gazetteer).incidents if i.place.name == "Dovsanli")
    assert dovsanli.place.id == "t:dovsanli"  # the namesake inside the area, not the first one found


def test_a_list_whose_first_members_the_gazetteer_lacks_keeps_its_head(gazetteer):
    text = "Forces captured Ashagi Zeyve, Yuxari Qalaca, Boyuk Seyidler, Mehdili and Hadrut on Wednesday."
    assert summary(extract(text, gazetteer)) == [("territory_change", "Hadrut"), ("territory_change", "Mehdili")]
    text = "Also on Monday, Azerbaijan shot down a helicopter over Armenia."
    assert summary(extract(text, gazetteer)) == [("aircraft_downed", "Armenia")]


def test_an_area_opening_the_sentence_frames_its_villages(gazetteer):
    # the region that opens the sentence only says where the town is
    text = "In the Hadrut District, troops shelled apartment blocks in Mehdili on Monday, killing two."
    assert summary(extract(text, gazetteer)) == [("shelling", "Mehdili")]
    # a village of that name far outside the area is a namesake: the one inside it, else none
    text = "In the Hadrut District, shelling of the village of Dovsanli was reported on Tuesday."
    [incident] = extract(text, gazetteer).incidents
    assert incident.place.id == "t:dovsanli"
    text = "In the Hadrut District, shelling of the village of Xanlar was reported on Tuesday."
    assert summary(extract(text, gazetteer)) == [("shelling", "Hadrut District")]


def test_a_headline_attack_or_toll_the_body_tells_as_fire_is_one_record(gazetteer):
    text = ("Attack kills 12 in Ganja\n\n"
            "Rockets fired by Armenian forces hit Ganja on Thursday, killing 12 civilians, the prosecutor's office said.")
    assert summary(extract(text, gazetteer)) == [("shelling", "Ganja")]
    text = ("Two civilians killed in Azerbaijan\n\n"
            "Rockets hit Ganja on Thursday and two civilians were killed, the prosecutor's office said.")
    assert summary(extract(text, gazetteer)) == [("shelling", "Ganja")]


def test_another_sides_figures_are_not_the_last_incidents(gazetteer):
    text = ("Azerbaijani troops entered Shusha on Monday, the Armenian defence ministry said. "
            "The Nagorno-Karabakh defence ministry released a list of 44 soldiers killed.")
    shusha = next(i for i in extract(text, gazetteer).incidents if i.place.name == "Shusha")
    assert shusha.casualties.killed is None


def test_an_undated_page_takes_the_day_its_caption_and_text_name():
    from datetime import date as day
    from geo.language.dates import day_of_the_news
    caption = "A damaged house in Stepanakert, Sunday, Nov. 1, 2020. "
    assert day_of_the_news(caption + "The shelling went on all day on Sunday.") == day(2020, 11, 1)
    assert day_of_the_news(caption + "The fighting went on on Monday.") is None
    assert day_of_the_news("Sunday, Nov. 8, 2020 was quiet. On Nov. 1, 2020 it was not. On Sunday ...") == day(2020, 11, 8)


def test_an_undated_pages_headline_is_the_news_its_body_dates(gazetteer):
    text = ("Seven civilians killed as result of attack on Ganja\n\n"
            "On October 11, 2020 at about 2 am forces fired missiles at buildings in the central part of Ganja, "
            "killing seven civilians.")
    ex = extract_article(Article("a.txt", text, None), gazetteer)
    assert [(i.event_type, i.place.name, str(i.date)) for i in ex.incidents] == [("shelling", "Ganja", "2020-10-11")]


def test_a_judgement_of_an_attack_is_no_report_of_where_it_was(gazetteer):
    text = ("A strike hit Khan Younis on Tuesday. The president, speaking in Geneva, called the strike "
            "a massacre.")
    assert summary(extract(text, gazetteer)) == [("shelling", "Khan Younis")]


def test_a_village_followed_by_its_district_is_in_that_district(gazetteer):
    text = "Shelling damaged a school in Dovsanli village, Hadrut District, on Tuesday."
    dovsanli = next(i for i in extract(text, gazetteer).incidents if i.place.name == "Dovsanli")
    assert dovsanli.place.id == "t:dovsanli"
    text = "Shelling damaged a school in Xanlar village, Hadrut District, on Tuesday."
    assert "Xanlar" not in {i.place.name for i in extract(text, gazetteer).incidents}
