"""join_incidents: same place + type + touching dates -> one incident; stable, order-free output."""

import itertools
import random
from dataclasses import replace
from datetime import date

from geo.join import incident_id, join_incidents
from geo.model import Evidence, Incident, Place
from tests.shorthand import model_fields


def incident(article, event_type="shelling", place_id="gn:584871", day=date(2020, 9, 28), end=None,
             precision="day", **kwargs):
    place = Place(place_id, kwargs.pop("place", "Tartar"), 40.34, 46.93, "AZ", "town")
    return Incident(
        event_type=event_type, place=place, geo_precision=kwargs.pop("geo_precision", 1), date=day,
        date_end=end or day, date_precision=precision if day else "unknown",
        evidence=(Evidence(article, f"{event_type} in {article}", 0, 10),), **model_fields(kwargs))


def test_two_articles_become_one_incident_with_both_sources():
    [joined] = join_incidents([incident("b.txt"), incident("a.txt")])
    assert joined.articles == ("a.txt", "b.txt")
    assert [e.article for e in joined.evidence] == ["a.txt", "b.txt"]


def test_adjacent_days_join_and_give_a_range():
    [joined] = join_incidents([incident("a.txt", day=date(2020, 9, 27)), incident("b.txt", day=date(2020, 9, 28))])
    assert (joined.date, joined.date_end, joined.date_precision) == (date(2020, 9, 27), date(2020, 9, 28), "range")


def test_distant_days_stay_apart():
    joined = join_incidents([incident("a.txt", day=date(2020, 9, 27)), incident("b.txt", day=date(2020, 10, 4))])
    assert [i.date for i in joined] == [date(2020, 9, 27), date(2020, 10, 4)]


def test_a_day_inside_a_window_gives_the_day():
    window = incident("a.txt", day=date(2020, 9, 27), end=date(2020, 9, 29), precision="range")
    [joined] = join_incidents([window, incident("b.txt", day=date(2020, 9, 28))])
    assert (joined.date, joined.date_end, joined.date_precision) == (date(2020, 9, 28), date(2020, 9, 28), "day")


def test_undated_joins_only_undated_of_the_same_article():
    # two undated articles may tell of different days: nothing says they are one event
    joined = join_incidents([incident("a.txt", day=None), incident("b.txt", day=None), incident("c.txt"),
                             incident("a.txt", day=None, wounded=2)])
    assert [(i.date, i.articles) for i in joined] == [
        (date(2020, 9, 28), ("c.txt",)), (None, ("a.txt",)), (None, ("b.txt",))]
    assert len({i.id for i in joined}) == 3


def test_different_type_or_place_never_join():
    joined = join_incidents([incident("a.txt"), incident("a.txt", event_type="air_strike"),
                             incident("a.txt", place_id="gn:1", place="Barda")])
    assert len(joined) == 3


def test_attack_figures_take_the_lowest_report():
    [joined] = join_incidents([incident("a.txt", killed=9, wounded=34), incident("b.txt", killed=7),
                               incident("c.txt", wounded=None)])
    assert (joined.casualties.killed, joined.casualties.wounded) == (7, 34)


def test_tolls_take_the_largest_count_so_far():
    toll = dict(event_type="casualty_report", place_id="nk:1", place="Nagorno-Karabakh", geo_precision=3)
    [joined] = join_incidents([incident("a.txt", killed=28, **toll), incident("b.txt", killed=59, **toll)])
    assert joined.casualties.killed == 59


def test_claims_and_denials_are_unioned_and_sorted():
    [joined] = join_incidents([
        incident("a.txt", claimed_by=("Azerbaijan (defence ministry)",)),
        incident("b.txt", claimed_by=("Armenia",), denied_by=("Turkey",)),
        incident("c.txt", denied_by=("Azerbaijan", "Turkey")),
    ])
    assert joined.claimed_by == ("Armenia", "Azerbaijan (defence ministry)")
    assert joined.denied_by == ("Azerbaijan", "Turkey")


def test_id_is_stable_short_hash_of_type_place_and_date():
    [joined] = join_incidents([incident("a.txt")])
    assert joined.id == incident_id("shelling", "gn:584871", date(2020, 9, 28))
    assert len(joined.id) == 12 and joined.id == join_incidents([incident("z.txt")])[0].id
    assert incident_id("shelling", "gn:584871", None) != joined.id


def test_output_is_independent_of_input_order():
    items = [incident("a.txt"), incident("b.txt", day=date(2020, 9, 29)), incident("c.txt", day=None),
             incident("d.txt", event_type="air_strike"), incident("e.txt", place_id="gn:2", place="Barda"),
             incident("f.txt", day=date(2020, 10, 5), killed=3), incident("g.txt", day=date(2020, 10, 6), killed=2)]
    expected = join_incidents(items)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = items[:]
        rng.shuffle(shuffled)
        assert join_incidents(shuffled) == expected


def test_order_is_date_nulls_last_then_type_then_place():
    joined = join_incidents([
        incident("a.txt", day=None), incident("b.txt", event_type="air_strike", day=date(2020, 10, 1)),
        incident("c.txt", day=date(2020, 10, 1), place="Barda", place_id="gn:2"),
        incident("d.txt", day=date(2020, 9, 27)),
    ])
    assert [(i.date, i.event_type, i.place.name) for i in joined] == [
        (date(2020, 9, 27), "shelling", "Tartar"), (date(2020, 10, 1), "air_strike", "Tartar"),
        (date(2020, 10, 1), "shelling", "Barda"), (None, "shelling", "Tartar")]


def test_joining_twice_changes_nothing():
    items = [incident(a) for a in ("a.txt", "b.txt")] + [incident("c.txt", day=date(2020, 10, 9))]
    once = join_incidents(items)
    assert join_incidents(once) == once
    assert join_incidents(list(itertools.chain(once, []))) == once


def test_same_evidence_twice_is_listed_once():
    a = incident("a.txt")
    [joined] = join_incidents([a, replace(a)])
    assert len(joined.evidence) == 1


def test_a_toll_since_a_day_does_not_swallow_a_later_days_count():
    toll = dict(event_type="casualty_report", place_id="nk:1", place="Nagorno-Karabakh", geo_precision=3)
    so_far = incident("a.txt", day=date(2020, 9, 27), end=date(2020, 10, 28), precision="range", killed=40, **toll)
    that_day = incident("b.txt", day=date(2020, 10, 25), precision="range", wounded=2, **toll)
    joined = join_incidents([so_far, that_day])
    assert sorted((i.date_end, i.casualties.killed, i.casualties.wounded) for i in joined) == [
        (date(2020, 10, 25), None, 2), (date(2020, 10, 28), 40, None)]


def test_same_type_place_and_day_is_one_incident_but_types_stay_apart():
    shelling = incident("a.txt", day=date(2020, 10, 8))
    overnight = incident("a.txt", day=date(2020, 10, 7), end=date(2020, 10, 8), precision="range")
    clash = incident("a.txt", event_type="armed_clash", day=date(2020, 10, 8))
    joined = join_incidents([shelling, overnight, clash])
    assert sorted((i.event_type, len(i.evidence)) for i in joined) == [("armed_clash", 1), ("shelling", 1)]


def test_each_place_and_type_group_joins_on_its_own():
    # The incremental build re-joins only the groups that changed: joining everything
    # must equal joining each (event_type, place_id) group apart and sorting the union.
    rng = random.Random(7)
    incidents = [
        incident(f"{n}.txt", event_type=rng.choice(["shelling", "casualty_report", "air_strike"]),
                 place_id=rng.choice(["gn:1", "gn:2", "gn:3"]), place=rng.choice(["Tartar", "Terter"]),
                 day=rng.choice([None, date(2020, 10, 1), date(2020, 10, 2), date(2020, 10, 5)]),
                 killed=rng.choice([None, 1, 3]))
        for n in range(60)
    ]
    groups = {}
    for i in incidents:
        groups.setdefault((i.event_type, i.place_id), []).append(i)
    apart = [joined for group in groups.values() for joined in join_incidents(group)]
    apart.sort(key=lambda i: (i.date is None, i.date or date.min, i.event_type, i.place.name, i.id))
    assert join_incidents(incidents) == apart
    assert len(apart) < len(incidents)


def test_daily_reports_do_not_chain_into_one_long_incident():
    # Tartar shelled every day for a week, one report a day: not one week-long incident.
    reports = [incident(f"{d}.txt", day=date(2020, 10, d)) for d in range(1, 8)]
    joined = join_incidents(reports)
    assert len(joined) >= 3
    assert all((i.date_end - i.date).days <= 2 for i in joined)
    assert sorted(a for i in joined for a in i.articles) == sorted(r.evidence[0].article for r in reports)


def test_a_long_window_does_not_swallow_a_weeks_daily_reports():
    week = incident("w.txt", day=date(2020, 10, 1), end=date(2020, 10, 10), precision="range")
    daily = [incident(f"{d}.txt", day=date(2020, 10, d)) for d in range(1, 8)]
    for order in (daily + [week], [week] + daily[::-1]):
        joined = join_incidents(order)
        assert [i.articles for i in joined if "w.txt" in i.articles] == [("w.txt",)]
        assert all((i.date_end - i.date).days <= 2 for i in joined if "w.txt" not in i.articles)
        assert len({i.id for i in joined}) == len(joined) == 4  # the week begins on a day's date: ids differ
        assert joined == join_incidents(list(reversed(order)))
