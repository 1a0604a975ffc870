"""Date expressions resolved against the publication date: a table of cases plus rules."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from geo.language.dates import (parse_date_text, resolve_dates, sentence_date, text_anchors, written_dates,
                                 written_months, year_from_text)

CASES = Path(__file__).with_name("cases.tsv")


def _cases():
    with CASES.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    return [pytest.param(*row, id=f"{i + 2}:{row[0][:40]}") for i, row in enumerate(rows)]


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value and value != "-" else None


@pytest.mark.parametrize("marked, published, first, last, precision, historical", _cases())
def test_case_table(marked, published, first, last, precision, historical):
    text = marked.replace("[", "").replace("]", "")
    spans = resolve_dates(text, _day(published))
    if "[" not in marked:
        assert spans == [], f"no date expression expected, found {[s.text for s in spans]}"
        return
    start = marked.index("[")
    expected_text = marked[start + 1:marked.index("]")]
    found = [s for s in spans if s.start == start]
    assert found, f"no span at {expected_text!r}; found {[(s.text, s.start) for s in spans]}"
    span = found[0]
    assert span.text == expected_text
    assert text[span.start:span.end] == span.text
    assert (span.date, span.date_end, span.precision) == (_day(first), _day(last), precision)
    assert span.historical is (historical == "H")


def test_table_is_generous():
    assert len(_cases()) >= 40


def test_every_expression_of_a_sentence_is_found_in_order():
    text = ("The ministry said on Monday that Tartar had been shelled overnight, "
            "the worst since the 1994 ceasefire.")
    spans = resolve_dates(text, date(2020, 9, 29))
    assert [s.text for s in spans] == ["on Monday", "overnight", "1994"]
    assert [s.historical for s in spans] == [False, False, True]


def test_weekday_equal_to_publication_weekday_is_that_day():
    (span,) = resolve_dates("Ganja was hit on Sunday.", date(2020, 10, 11))
    assert span.date == date(2020, 10, 11)


def test_month_day_far_after_publication_belongs_to_previous_year():
    (span,) = resolve_dates("Shelling on December 28 killed two.", date(2021, 1, 5))
    assert span.date == date(2020, 12, 28)


def test_undated_text_keeps_relative_dates_unknown():
    spans = resolve_dates("Shelled yesterday and overnight on Sunday.", None)
    assert [(s.date, s.precision) for s in spans] == [(None, "unknown"), (None, "unknown")]


def test_sentence_date_prefers_event_date_to_speech_date():
    text = "The Azeri defence ministry said on Monday that Armenian forces shelled Tartar on Saturday night."
    span = sentence_date(text, date(2020, 10, 19))
    assert (span.text, span.date, span.date_end) == ("on Saturday night", date(2020, 10, 17), date(2020, 10, 18))


def test_sentence_date_uses_speech_date_when_it_is_the_only_one():
    span = sentence_date("Azerbaijan said Sunday that Ganja was shelled.", date(2020, 10, 12))
    assert span.date == date(2020, 10, 11)


def test_sentence_date_ignores_historical_and_whole_years():
    text = "Both sides violated the ceasefire throughout 2020, as in April 2016 and the 1990s."
    assert sentence_date(text, date(2020, 9, 28)) is None


def test_sentence_date_with_anchor_takes_the_nearest_expression():
    text = "After talks in Moscow on October 10, Ganja was shelled on October 11."
    anchor = text.index("shelled")
    assert sentence_date(text, date(2020, 10, 12), anchor=anchor).date == date(2020, 10, 11)
    assert sentence_date(text, date(2020, 10, 12), anchor=text.index("talks")).date == date(2020, 10, 10)


def test_passive_reported_is_not_a_speech_date():
    text = "Fighting was reported overnight on Sunday and throughout Monday."
    assert sentence_date(text, date(2020, 9, 28)).text == "overnight on Sunday"


@pytest.mark.parametrize("value, expected", [
    ("2020-10-12", date(2020, 10, 12)),
    ("2020-10-12T08:30:00+04:00", date(2020, 10, 12)),
    ("'2020-10-12'", date(2020, 10, 12)),
    ("12 October 2020", date(2020, 10, 12)),
    ("Oct. 12, 2020", date(2020, 10, 12)),
    ("October 12", None),
    ("not a date", None),
])
def test_parse_date_text(value, expected):
    assert parse_date_text(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("Martial law was in force from 27 September to 30 December, officials said.", None),
    ("Fighting raged from 27 September to 9 November, killing thousands.", (date(2020, 9, 27), date(2020, 11, 9))),
])
def test_a_window_longer_than_max_event_span_is_no_event_date(text, expected):
    span = sentence_date(text, date(2021, 1, 14))
    assert (span.date, span.date_end) == expected if expected else span is None


@pytest.mark.parametrize("text, published, expected", [
    ("Barda was shelled on October 27 and Tartar the next day.", date(2020, 10, 30), date(2020, 10, 28)),
    ("Barda was shelled on Tuesday. Tartar was hit the next day.", date(2020, 10, 30), date(2020, 10, 31)),
    ("Talks will start on Monday and the truce takes effect the following day.", date(2020, 10, 28),
     date(2020, 11, 3)),
])
def test_a_shifted_day_counts_from_a_day_of_the_same_sentence(text, published, expected):
    assert resolve_dates(text, published)[-1].date == expected


@pytest.mark.parametrize("text, expected", [
    ("Fighting has raged since Sept. 27, 2020.", [date(2020, 9, 27)]),
    ("The ministry's statement of 27.09.2020 said so.", [date(2020, 9, 27)]),
    ("Posted 2020-09-27, updated 28/09/2020.", [date(2020, 9, 27), date(2020, 9, 28)]),
    ("On 10/12/2020 talks began.", []),  # 10 December or 12 October: order unknown
    ("Version 1.2.3 and 31.02.2020 are not dates.", []),
    ("It began on September 27th, 2020, and on 27 September 2020 too.", [date(2020, 9, 27)] * 2),
])
def test_written_dates_count_every_full_date_whose_order_is_certain(text, expected):
    assert written_dates(text) == expected


def test_written_months_name_a_month_with_its_year():
    assert written_months("since late September 2020, unlike the April 2016 war") == [
        (date(2020, 9, 1), date(2020, 9, 30)), (date(2016, 4, 1), date(2016, 4, 30))]
    assert written_months("in September, in 2020") == []


@pytest.mark.parametrize("text, expected", [
    ("captured in December last year", (date(2023, 12, 1), date(2023, 12, 31))),
    ("the city fell in March of this year", (date(2024, 3, 1), date(2024, 3, 31))),
    ("in December", (date(2024, 12, 1), date(2024, 12, 15))),
])
def test_a_month_with_its_year_said_after_it(text, expected):
    [span] = resolve_dates(text, date(2024, 12, 15))
    assert (span.date, span.date_end) == expected


def test_an_undated_article_fixes_the_year_of_a_month_day_by_a_full_date_it_writes():
    anchors = text_anchors("A photo taken on Oct. 1, 2020. Talks on October 9.")
    assert anchors == (date(2020, 10, 1),)
    [span] = resolve_dates("Shells hit the town on October 28.", None, anchors=anchors)
    assert span.date == date(2020, 10, 28)
    # without anchors the day stays undated
    assert resolve_dates("Shells hit the town on October 28.", None)[0].date is None


def test_a_weekday_fixes_the_year_when_only_one_stated_year_matches():
    # 4 October is a Sunday in 2020, a Friday in 2019; no stated date is within three months
    anchors = (date(2019, 3, 8), date(2020, 3, 1))
    assert year_from_text(10, 4, anchors, weekday=6) == date(2020, 10, 4)
    assert year_from_text(10, 4, anchors, weekday=0) is None  # a Monday in neither
    assert year_from_text(10, 4, anchors) is None  # no weekday, no date near: no year
    [span] = resolve_dates("Strikes hit the city this Sunday, October 4.", None, anchors=anchors)
    assert span.date == date(2020, 10, 4)


def test_a_weekday_that_disagrees_with_the_near_year_gives_no_day():
    assert year_from_text(10, 4, (date(2020, 10, 1),), weekday=0) is None


def test_an_undated_articles_month_takes_the_year_of_a_near_full_date():
    [span] = resolve_dates("Chemical attacks were documented during March.", None, anchors=(date(2015, 4, 15),))
    assert (span.date, span.date_end) == (date(2015, 3, 1), date(2015, 3, 31))
    assert resolve_dates("Chemical attacks were documented during March.", None)[0].date is None


def test_this_year_in_an_undated_article_stays_undated():
    spans = resolve_dates("The army recaptured the capital in March this year.", None, anchors=(date(2023, 4, 1),))
    assert spans and all(s.date is None for s in spans)
