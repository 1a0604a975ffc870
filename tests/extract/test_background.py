"""News vs background (issue 12, item 3), and casualty figures in context (item 5)."""

from datetime import date

from geo.extract.article import extract_article
from geo.extract.background import background_of
from geo.model import Article, Incident

PUBLISHED = date(2020, 10, 20)  # a Tuesday


def extract(text, gazetteer, published=PUBLISHED):
    return extract_article(Article("a.txt", text, published), gazetteer).incidents


def test_an_event_of_last_month_is_background_with_its_own_window(gazetteer):
    [incident] = extract("Armenian forces shelled Tartar last month.", gazetteer)
    assert incident.background
    assert (incident.date, incident.date_end) == (date(2020, 9, 1), date(2020, 9, 30))


def test_a_recalled_capture_is_dated_at_the_capture(gazetteer):
    [incident] = extract("Azerbaijan said it had captured Jabrayil on October 9.", gazetteer,
                         published=date(2020, 11, 25))
    assert incident.background and incident.date == date(2020, 10, 9)


def test_earlier_without_a_date_is_background_not_the_article_date(gazetteer):
    [incident] = extract("Earlier, Armenian forces shelled Tartar.", gazetteer)
    assert incident.background
    assert incident.date < PUBLISHED and incident.date_end == PUBLISHED and incident.date_precision == "range"


def test_earlier_said_is_a_report_of_the_day(gazetteer):
    [incident] = extract("Earlier, the ministry said Armenian forces shelled Tartar.", gazetteer)
    assert not incident.background and incident.date == PUBLISHED


def test_this_weeks_news_is_not_background(gazetteer):
    [incident] = extract("Armenian forces shelled Tartar on Monday.", gazetteer)
    assert not incident.background and incident.date == date(2020, 10, 19)


def test_future_and_pre_emptive_events_are_not_incidents(gazetteer):
    assert extract("Troops massed near Tartar to pre-empt an offensive on Stepanakert.", gazetteer) == ()
    assert extract("The army will strike Ganja again, the minister said.", gazetteer) == ()
    assert extract("Azerbaijani forces are preparing to attack Shusha.", gazetteer) == ()


def test_a_scheduled_meeting_with_a_venue_stays(gazetteer):
    [incident] = extract("The foreign ministers will meet in Geneva on Thursday.", gazetteer)
    assert (incident.event_type, incident.place.name, incident.date) == ("diplomacy", "Geneva", date(2020, 10, 22))
    assert not incident.background


def test_background_of_an_undated_article_is_unknown():
    assert background_of("Earlier, troops shelled the town", 16, None, None, "unknown", None) == (
        True, None, None, "unknown")


def test_no_casualties_in_the_next_sentence_is_zero_for_the_attack(gazetteer):
    [incident] = extract("Armenian forces shelled Tartar on Monday. There were no casualties.", gazetteer)
    assert (incident.event_type, incident.casualties.killed, incident.casualties.wounded) == ("shelling", 0, 0)


def test_no_casualties_alone_is_no_toll(gazetteer):
    assert extract("There were no casualties in Tartar.", gazetteer) == ()


def test_a_named_victim_is_one_and_the_age_no_count(gazetteer):
    [incident] = extract("Shelling of Tartar on Monday killed Anna Sargsyan (61) and injured two other civilians.",
                         gazetteer)
    assert (incident.casualties.killed, incident.casualties.wounded) == (1, 2)


def test_background_and_noted_figures_survive_the_cache_record(gazetteer):
    [incident] = extract("Armenian forces shelled Tartar last month, killing 12 people, while local officials "
                         "said 15 people were killed.", gazetteer)
    assert incident.background and incident.casualties.noted == ("killed 15",)
    assert Incident.from_record(incident.to_record()) == incident


def test_a_second_figure_for_the_same_attack_keeps_the_lowest_and_notes_the_other(gazetteer):
    [incident] = extract("Armenian forces shelled Tartar on Monday, killing 15 people. Local officials said "
                         "12 people were killed.", gazetteer)
    assert incident.casualties.killed == 12 and incident.casualties.noted == ("killed 15",)


def test_an_undated_article_dates_a_month_day_by_the_year_its_text_fixes(gazetteer):
    [incident] = extract("Armenian forces shelled Tartar on October 28. A photo taken on Oct. 1, 2020 shows the town.",
                         gazetteer, published=None)
    assert (incident.date, incident.date_precision) == (date(2020, 10, 28), "day")


def test_earlier_after_the_event_words_dates_something_else(gazetteer):
    [incident] = extract("Troops liberated Tartar and territories previously held by the enemy.", gazetteer)
    assert not incident.background


def test_more_victims_in_the_next_sentence_add_up(gazetteer):
    [incident] = extract("Armenian forces shelled Tartar on Monday, wounding an eight-year-old child. "
                         "Two more adults were injured.", gazetteer)
    assert incident.casualties.wounded == 3 and incident.casualties.noted == ()


def test_has_killed_more_than_200_is_a_toll_not_one_attack(gazetteer):
    [incident] = extract("Azerbaijani shelling has killed more than 200 people in Stepanakert, officials said.", gazetteer)
    assert (incident.event_type, incident.casualties.killed) == ("casualty_report", 200)


def test_one_attack_in_the_present_perfect_stays_that_attack(gazetteer):
    [incident] = extract("A missile strike has killed five people in Stepanakert, officials said.", gazetteer)
    assert (incident.event_type, incident.casualties.killed) == ("shelling", 5)
    [incident] = extract("Shelling has killed three people in Stepanakert on Monday.", gazetteer)
    assert (incident.event_type, incident.date) == ("shelling", date(2020, 10, 19))


def test_more_in_a_list_of_names_is_not_more_victims(gazetteer):
    [incident] = extract("Armenian forces shelled Tartar on Monday, killing 12 people. The ministry released the "
                         "names of more 12 killed residents.", gazetteer)
    assert incident.casualties.killed == 12


def test_figures_of_the_shelling_go_to_the_place_just_reported(gazetteer):
    [incident] = extract("Armenian forces shelled Tartar on Monday. The shelling has resulted in at least five deaths "
                         "and 28 injuries, officials said.", gazetteer)
    assert (incident.event_type, incident.place.name, incident.casualties.killed, incident.casualties.wounded) == (
        "shelling", "Tartar", 5, 28)


def test_the_shelling_after_two_places_has_no_place(gazetteer):
    incidents = extract("Armenian forces shelled Tartar and Barda on Monday. The shelling killed five people.", gazetteer)
    assert all(i.casualties.killed is None for i in incidents)
