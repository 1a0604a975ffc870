"""Publication dates as real pages print them: timestamps, numeric orders, captions, site headers.

Every page here is made up; the forms imitate what news sites print around a headline.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from geo.read.articles import read_article, read_folder
from geo.language.dates import numeric_date, numeric_order, resolve_dates

BODY = "\n\nOfficials said the town of Ganja was shelled.\n"


def _read(tmp_path: Path, text: str, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_article(path, root=tmp_path)


def _dated(tmp_path: Path, text: str):
    article = _read(tmp_path, text)
    return article.published, article.date_source


# --- timestamps around the headline ----------------------------------------------------

@pytest.mark.parametrize("header, published", [
    ("Town shelled overnight\n14-03-2024 09:05", date(2024, 3, 14)),
    ("Town shelled overnight\nTue, 05-03-2024 08:40 PM", date(2024, 3, 5)),
    ("Town shelled overnight\n11:49 14-03-2024", date(2024, 3, 14)),
    ("Town shelled overnight\n**Wednesday, 14-03-2024 | 09:05**", date(2024, 3, 14)),
    ("Town shelled overnight\nPublished: Tue, 05-03-2024 08:40 PM", date(2024, 3, 5)),
    ("Town shelled overnight\nPosted on 14-03-2024", date(2024, 3, 14)),
    ("Town shelled overnight\n09:05 GMT 14.03.2024", date(2024, 3, 14)),
    ("Town shelled overnight\n2024-03-14T09:05:00+02:00", date(2024, 3, 14)),
    ("Town shelled overnight\nPublished 2024-03-14 09:05", date(2024, 3, 14)),
    ("Town shelled overnight\nPublished: 09:05 AM, 14 Mar, 2024", date(2024, 3, 14)),
    ("Town shelled overnight\n17:20 CET, March 14, 2024", date(2024, 3, 14)),
    ("Town shelled overnight\nPublished on October 26th, 2021", date(2021, 10, 26)),
    ("Town shelled overnight\n26th October 2021, 10:15", date(2021, 10, 26)),
    ("Town shelled overnight\nSaturday March 16, 2024", date(2024, 3, 16)),
    ("Town shelled overnight\nPublished: 12-Mar-2024 15:45", date(2024, 3, 12)),
    ("Town shelled overnight\nMar-12-2024", date(2024, 3, 12)),
    ("Town shelled overnight\n2024/03/12 15:45", date(2024, 3, 12)),
    ("Town shelled overnight\nBy Staff | 2024.03.12", date(2024, 3, 12)),
    ("Town shelled overnight\nSaturday 16 March 2024 15h45", date(2024, 3, 16)),
    ("Town shelled overnight\nPublished 3:45 PM EDT, Sat March 16, 2024", date(2024, 3, 16)),
])
def test_timestamp_line_under_the_headline_is_the_publication_date(tmp_path, header, published):
    assert _dated(tmp_path, header + BODY) == (published, "byline")


@pytest.mark.parametrize("header, published", [
    ("Town shelled\nBy A. Writer | 05-03-2024 | 3 min read", date(2024, 3, 5)),
    ("Town shelled\nA. Writer, Staff Reporter, 14.03.2024 09:05", date(2024, 3, 14)),
    ("Town shelled\nThe shelling of 14.03.2024 was the worst in weeks", None),
    ("Town shelled\nBy A. Writer | Updated 14-03-2024", None),
])
def test_a_numeric_date_on_a_byline_line(tmp_path, header, published):
    assert _dated(tmp_path, header + BODY)[0] == published


def test_a_numeric_date_with_dashes_reads_day_first_by_default(tmp_path):
    assert _dated(tmp_path, "Town shelled\n05-03-2024 08:40" + BODY)[0] == date(2024, 3, 5)


def test_slashes_without_anything_to_settle_the_order_stay_undated(tmp_path):
    assert _dated(tmp_path, "Town shelled\n05/03/2024 08:40" + BODY) == (None, None)


# --- day/month order decided by the page, not per line ------------------------------------

@pytest.mark.parametrize("page, published", [
    # another numeric date with a first field above 12: day first
    ("Town shelled\n05/03/2024 08:40\n\nThe ceasefire of 14/02/2024 broke down.", date(2024, 3, 5)),
    # ... with a second field above 12: month first, whatever the separator
    ("Town shelled\n05-03-2024 08:40\n\nThe ceasefire of 02/14/2024 broke down.", date(2024, 5, 3)),
    ("Town shelled\n05.03.2024\n\nRelated: talks resumed 04.22.2024", date(2024, 5, 3)),
    # no numeric evidence: the reading near the dates written in words
    ("Town shelled\n08:15 03-11-2021\n\nThe fighting began on October 29.", date(2021, 11, 3)),
    ("Town shelled\n08:15 03-11-2021\n\nThe fighting began on March 1.", date(2021, 3, 11)),
    ("Town shelled\nPosted 03/11/2021\n\nThe fighting began on Oct. 29, 2021.", date(2021, 11, 3)),
])
def test_day_month_order_comes_from_the_other_dates_of_the_page(tmp_path, page, published):
    assert _dated(tmp_path, page + "\n")[0] == published


def test_pages_whose_numeric_dates_disagree_settle_nothing():
    assert numeric_order("14/02/2024 and 02/14/2024") is None
    assert numeric_order("03-11-2021, 04-11-2021") is None
    assert numeric_order("Report of 14-02-2024") == "dmy"
    assert numeric_order("Call 12-34-2020 or 00-14-2020") is None  # not dates


def test_numeric_date_follows_the_page_order_only_when_the_date_is_ambiguous():
    assert numeric_date(5, 3, 2024, "-", order="mdy") == date(2024, 5, 3)
    assert numeric_date(14, 3, 2024, "-", order="mdy") == date(2024, 3, 14)  # 14 is no month
    assert numeric_date(5, 3, 2024, "-") is None
    assert numeric_date(5, 3, 2024, ".") == date(2024, 3, 5)


# --- published beats updated ------------------------------------------------------------

@pytest.mark.parametrize("header, published", [
    ("Town shelled\nWednesday, April 10, 2024 at 6:45 AM\nLast Update : Saturday, April 13, 2024 at 9:02 AM",
     date(2024, 4, 10)),
    ("Town shelled\nLast Update: Saturday, April 13, 2024 at 9:02 AM\nWednesday, April 10, 2024 at 6:45 AM",
     date(2024, 4, 10)),
    ("Town shelled\nUpdated: 13-04-2024 09:02 | Published: 10-04-2024 06:45", date(2024, 4, 10)),
    ("Town shelled\nPublished 10 April 2024, last updated 13 April 2024", date(2024, 4, 10)),
])
def test_published_date_wins_over_the_last_update(tmp_path, header, published):
    assert _dated(tmp_path, header + BODY)[0] == published


# --- traps: site header, captions --------------------------------------------------------

def test_the_site_header_date_above_a_breadcrumb_is_not_the_publication_date(tmp_path):
    page = "Friday, August 9, 2024\nHome /  World  /  Town shelled\nTown shelled" + BODY
    assert _dated(tmp_path, page) == (None, None)


def test_a_published_label_above_a_breadcrumb_still_counts(tmp_path):
    page = "Published: Friday, August 9, 2024\nHome /  World  /  Town shelled\nTown shelled" + BODY
    assert _dated(tmp_path, page) == (date(2024, 8, 9), "byline")


def test_a_today_line_is_the_sites_day_not_the_articles(tmp_path):
    assert _dated(tmp_path, "Today: Friday, August 9, 2024\nTown shelled" + BODY) == (None, None)


def test_below_the_breadcrumb_a_byline_still_counts(tmp_path):
    page = "Friday, August 9, 2024\nHome » World » Town shelled\nTown shelled\nJuly 2, 2024 10:20" + BODY
    assert _dated(tmp_path, page)[0] == date(2024, 7, 2)


@pytest.mark.parametrize("page, published", [
    # the site's date of the day above the headline: a weekday, a date, no time, no label
    ("Example.News\nFriday November 15 2024\nTown shelled as talks stall" + BODY, None),
    ("Wednesday, 7 August 2024\nTown shelled as talks stall" + BODY, None),
    # ... while the article's own stamp below it still counts
    ("Example.News\nFriday November 15 2024\nTown shelled as talks stall\n2 October 2020 10:20" + BODY,
     date(2020, 10, 2)),
    # below the headline, or with a time, or without a weekday, a date line is the article's
    ("Today from Example News:\nTown shelled as talks stall\nSaturday March 16, 2024" + BODY, date(2024, 3, 16)),
    ("Wednesday, April 10, 2024 at 6:45 AM\nTown shelled as talks stall" + BODY, date(2024, 4, 10)),
    ("June 3, 2024\nExample News\nTown shelled as talks stall" + BODY, date(2024, 6, 3)),
])
def test_a_weekday_date_above_the_headline_is_the_sites_day(tmp_path, page, published):
    assert _dated(tmp_path, page)[0] == published


@pytest.mark.parametrize("caption", [
    "Smoke rises over the town, Wednesday, Nov. 3, 2021. (AP Photo)",
    "Photo: Nov. 3, 2021",
    "File photo, 01.11.2020",
    "Credit: Staff, Nov. 3, 2021",
])
def test_a_photo_caption_date_is_not_the_publication_date(tmp_path, caption):
    assert _dated(tmp_path, f"Town shelled\n{caption}" + BODY) == (None, None)


def test_a_caption_date_still_gives_a_yearless_dateline_its_year(tmp_path):
    page = ("Town shelled\nSmoke rises over the town, Wednesday, Nov. 3, 2021. (AP Photo)\n\n"
            "YEREVAN, Nov. 4 (AP) — Officials said the town was shelled.\n")
    assert _dated(tmp_path, page) == (date(2021, 11, 4), "dateline")


# --- timestamps without a year ------------------------------------------------------------

def test_a_timestamp_without_a_year_takes_the_year_the_article_writes(tmp_path):
    page = "9 August, 03:25 PM\n\nTown shelled\n\nThe strikes began on August 6, 2024, officials said.\n"
    assert _dated(tmp_path, page) == (date(2024, 8, 9), "byline")


@pytest.mark.parametrize("stamp, published", [
    ("Wednesday, 22 June, 03:25 PM", date(2022, 6, 22)),
    ("Sunday, 22 June, 03:25 PM", None),  # 22 June 2022 was a Wednesday: the guessed year is wrong
])
def test_the_weekday_beside_a_date_without_a_year_checks_the_year_guessed(tmp_path, stamp, published):
    page = f"{stamp}\n\nTown shelled\n\nThe strikes began on June 19, 2022, officials said.\n"
    assert _dated(tmp_path, page)[0] == published


def test_a_dateline_weekday_checks_the_year_guessed(tmp_path):
    text = " - Shelling went on, as it has since Sept. 27, 2020.\n"
    assert _dated(tmp_path, "BAKU, Sunday, Oct. 4 (Reuters)" + text)[0] == date(2020, 10, 4)
    assert _dated(tmp_path, "BAKU, Monday, Oct. 4 (Reuters)" + text)[0] is None


def test_a_corpus_year_must_agree_with_the_datelines_weekday(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2020-10-09 Shelling went on.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("BAKU, Sunday, Oct. 4 (Reuters) - Shelling went on.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("BAKU, Monday, Oct. 4 (Reuters) - Shelling went on.\n", encoding="utf-8")
    articles = {a.name: a.published for a in read_folder(tmp_path)[0]}
    assert (articles["b.txt"], articles["c.txt"]) == (date(2020, 10, 4), None)


def test_a_timestamp_without_a_year_and_nothing_else_is_undated_with_a_hint(tmp_path):
    article = _read(tmp_path, "9 August, 03:25 PM\n\nTown shelled" + BODY)
    assert (article.published, article.date_hint) == (None, "9 August")


def test_a_timestamp_without_a_year_does_not_take_the_folders_year(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2024-08-01 Shelling went on.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("9 August, 03:25 PM\n\nTown shelled" + BODY, encoding="utf-8")
    articles = {a.name: a for a in read_folder(tmp_path)[0]}
    assert (articles["b.txt"].published, articles["b.txt"].date_hint) == (None, "9 August")


def test_a_sentence_with_a_time_and_a_date_is_no_timestamp(tmp_path):
    page = "Town shelled\nShelling began at 03:25 on 9 August\n\nOfficials said so.\n"
    assert _dated(tmp_path, page) == (None, None)


# --- month-only date lines ---------------------------------------------------------------

def test_a_month_only_date_line_is_a_month_window_not_a_day(tmp_path):
    article = _read(tmp_path, " date 2022-05 Three people were killed in shelling.\n")
    assert (article.published, article.date_source, article.date_hint) == (None, None, "2022-05")
    assert article.text.startswith("Three people")


def test_a_month_only_date_line_lets_a_dateline_name_the_day(tmp_path):
    article = _read(tmp_path, " date 2022-05 MOSCOW, May 25 (TASS) - Drones were shot down.\n")
    assert (article.published, article.date_source) == (date(2022, 5, 25), "dateline")


def test_a_date_outside_the_month_of_the_date_line_is_not_taken(tmp_path):
    article = _read(tmp_path, " date 2022-05 \nTown shelled\nPublished: 3 June 2022\n\nOfficials said so.\n")
    assert (article.published, article.date_hint) == (None, "2022-05")


def test_a_month_only_article_is_not_given_a_day_from_the_folder(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2022-05-20 Shelling went on.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(" date 2022-06 BAKU, May 25 (Reuters) - Shelling went on.\n", encoding="utf-8")
    articles = {a.name: a for a in read_folder(tmp_path)[0]}
    assert (articles["b.txt"].published, articles["b.txt"].date_hint) == (None, "2022-06")


# --- relative days resolve against the date found, whatever its source --------------------

SOURCES = [
    ("page.txt", " date 2024-03-14 Town shelled.\n\n{body}", "date line"),
    ("page.md", "---\ndate: 2024-03-14\n---\nTown shelled.\n\n{body}", "front matter"),
    ("page.html", '<html><head><meta property="article:published_time" content="2024-03-14T09:05:00Z">'
                  "</head><body><h1>Town shelled</h1><p>{body}</p></body></html>", "html meta article:published_time"),
    ("page.html", '<html><body><h1>Town shelled</h1><time datetime="2024-03-14">14 March</time>'
                  "<p>{body}</p></body></html>", "html <time>"),
    ("page.txt", "BAKU, March 14, 2024 (Reuters) - {body}", "dateline"),
    ("page.txt", "Town shelled\n14-03-2024 09:05\n\n{body}", "byline"),
    ("page.txt", "Town shelled\nTue, 14-03-2024 08:40 PM\n\n{body}", "byline"),
    ("page.txt", "14 March, 09:05 AM\n\nTown shelled. The war began on March 1, 2024.\n\n{body}", "byline"),
    ("report_2024-03-14.txt", "Town shelled.\n\n{body}", "file name"),
]
RELATIVE = ("The town was shelled yesterday and again last night. On Monday a drone fell. "
            "Fighting began earlier this month.")


@pytest.mark.parametrize("name, page, source", SOURCES, ids=[s[2] for s in SOURCES])
def test_relative_days_resolve_against_the_date_found(tmp_path, name, page, source):
    article = _read(tmp_path, page.format(body=RELATIVE), name=name)
    assert (article.published, article.date_source) == (date(2024, 3, 14), source)  # a Thursday
    spans = {s.text.lower(): (s.date, s.date_end) for s in resolve_dates(RELATIVE, article.published)}
    assert spans["yesterday"] == (date(2024, 3, 13),) * 2
    assert spans["last night"] == (date(2024, 3, 13), date(2024, 3, 14))
    assert spans["on monday"] == (date(2024, 3, 11),) * 2
    assert spans["earlier this month"] == (date(2024, 3, 1), date(2024, 3, 14))


def test_relative_days_follow_a_dates_csv_and_a_corpus_year(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2024-03-10 Shelling went on.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("BAKU, March 14 (Reuters) - " + RELATIVE + "\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Town shelled.\n\n" + RELATIVE + "\n", encoding="utf-8")
    (tmp_path / "dates.csv").write_text("file,date\nc.txt,2024-03-14\n", encoding="utf-8")
    articles = {a.name: a for a in read_folder(tmp_path)[0]}
    for name, source in (("b.txt", "dateline+corpus-year"), ("c.txt", "dates.csv")):
        article = articles[name]
        assert (article.published, article.date_source) == (date(2024, 3, 14), source)
        [yesterday] = [s for s in resolve_dates(article.text, article.published) if s.text == "yesterday"]
        assert yesterday.date == article.published - timedelta(days=1)


@pytest.mark.parametrize("name, page, source", SOURCES, ids=[s[2] for s in SOURCES])
def test_extraction_dates_a_yesterday_event_whatever_the_date_source(tmp_path, name, page, source):
    from tests.extract.fakes import FakeGazetteer

    from geo.extract.article import extract_article

    article = _read(tmp_path, page.format(body="Armenian forces shelled Tartar yesterday, the ministry said."),
                    name=name)
    assert (article.published, article.date_source) == (date(2024, 3, 14), source)
    incidents = [i for i in extract_article(article, FakeGazetteer()).incidents if i.place.name == "Tartar"]
    assert [(i.event_type, i.date) for i in incidents] == [("shelling", date(2024, 3, 13))]
