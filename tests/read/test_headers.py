"""Publication dates from the first lines of an article: datelines, bylines and labels (a table)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from geo.read.articles import nearest_year, dateline_month_day, read_article, read_folder

HERE = Path(__file__).parent
BODY = "\n\nAzerbaijan said Ganja was shelled.\n"


def _rows():
    with (HERE / "headers.tsv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    return [pytest.param(*(row + [""] * 3)[:3], id=f"{i + 2}:{row[0][:40]}") for i, row in enumerate(rows)]


@pytest.mark.parametrize("header, published, source", _rows())
def test_header_date(tmp_path, header, published, source):
    path = tmp_path / "article.txt"
    path.write_text(header.replace("\\n", "\n") + BODY, encoding="utf-8")
    article = read_article(path, root=tmp_path)
    assert article.published == (None if published == "-" else date.fromisoformat(published))
    assert article.date_source == (source or None)


def test_header_table_is_generous():
    assert len(_rows()) >= 20


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_dateline_without_a_year_takes_the_year_of_the_folder(tmp_path):
    _write(tmp_path, "a.txt", " date 2020-10-09 Shelling went on.\n")
    _write(tmp_path, "b.txt", "BAKU, Oct 11 (Reuters) - Azerbaijan said Ganja was hit.\n")
    _write(tmp_path, "c.txt", "STEPANAKERT, OCTOBER 8, ARMENPRESS. Shushi was shelled.\n")
    _write(tmp_path, "d.txt", "Shelling went on, officials said.\n")
    articles = {a.name: a for a in read_folder(tmp_path)[0]}
    assert (articles["b.txt"].published, articles["b.txt"].date_source) == (date(2020, 10, 11), "dateline+corpus-year")
    assert articles["c.txt"].published == date(2020, 10, 8)
    assert (articles["d.txt"].published, articles["d.txt"].date_source) == (None, None)


def test_nearest_year_crosses_new_year():
    assert nearest_year(12, 30, [date(2021, 1, 2), date(2021, 1, 5)], today=date(2026, 1, 1)) == date(2020, 12, 30)
    assert nearest_year(1, 3, [date(2020, 12, 30)], today=date(2026, 1, 1)) == date(2021, 1, 3)


def test_nearest_year_needs_a_dated_article_nearby():
    assert nearest_year(4, 2, [date(2020, 10, 9)], today=date(2026, 1, 1)) is None
    assert nearest_year(10, 8, [], today=date(2026, 1, 1)) is None


def test_nearest_year_is_never_in_the_future():
    assert nearest_year(12, 30, [date(2025, 12, 28)], today=date(2025, 12, 29)) is None


def test_dates_csv_undated_on_purpose_is_not_given_a_nearest_year(tmp_path):
    _write(tmp_path, "a.txt", " date 2020-10-09 Shelling went on.\n")
    _write(tmp_path, "b.txt", "BAKU, Oct 11 (Reuters) - Azerbaijan said Ganja was hit.\n")
    _write(tmp_path, "dates.csv", "file,date\nb.txt,\n")
    articles = {a.name: a for a in read_folder(tmp_path)[0]}
    assert (articles["b.txt"].published, articles["b.txt"].date_source) == (None, "dates.csv")


def test_a_folder_without_dated_articles_leaves_datelines_undated(tmp_path):
    _write(tmp_path, "b.txt", "BAKU, Oct 11 (Reuters) - Azerbaijan said Ganja was hit.\n")
    (article,) = read_folder(tmp_path)[0]
    assert article.published is None


@pytest.mark.parametrize("text, expected", [
    ("BAKU, Oct 11 (Reuters) - Azerbaijan said.", (10, 11)),
    ("YEREVAN, October 30. /ARKA/. Armenia said.", (10, 30)),
    ("Ganja was shelled on October 4, officials said.", None),
    ("BAKU, Azerbaijan, Oct. 12, 2020 (Reuters) - Azerbaijan said.", None),
])
def test_dateline_month_day(text, expected):
    assert dateline_month_day(text) == expected


def test_corpus_year_prefers_articles_of_the_same_sub_folder(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    _write(tmp_path / "old", "a.txt", " date 2016-04-10 Fighting flared.\n")
    _write(tmp_path / "new", "a.txt", " date 2020-04-01 Shelling went on.\n")
    _write(tmp_path / "new", "b.txt", "BAKU, April 10 (Reuters) - Fighting went on.\n")
    _write(tmp_path / "new", "c.txt", "BAKU, Nov 20 (Reuters) - Fighting went on.\n")  # far from new/: all
    _write(tmp_path, "d.txt", "BAKU, April 12 (Reuters) - Fighting went on.\n")  # top folder has no dated one
    articles = {a.name: a.published for a in read_folder(tmp_path)[0]}
    assert articles["new/b.txt"] == date(2020, 4, 10)
    assert articles["new/c.txt"] is None
    assert articles["d.txt"] == date(2016, 4, 12)


@pytest.mark.parametrize("dateline", [
    "Baku, October 4, APA", "BAKU, October 4. APA.", "Baku, 4 October, AZERTAC", "Yerevan, 4 October, ARMENPRESS",
    "YEREVAN, October 4.", "STEPANAKERT, Oct. 4 —", "Khankendi, 4 October (Trend)", "MOSCOW, October 4 (TASS) –",
    "TBILISI, Oct 4 (Reuters) -", "Yerevan, October 4 /ARKA/", "BAKU, Azerbaijan, October 4, Trend News Agency",
])
def test_agency_datelines_take_the_year_of_the_folder(tmp_path, dateline):
    _write(tmp_path, "a.txt", " date 2020-10-09 Shelling went on.\n")
    _write(tmp_path, "b.txt", f"Ganja shelled again\n\n{dateline}\n\nAzerbaijan said Ganja was hit.\n")
    articles = {a.name: a for a in read_folder(tmp_path)[0]}
    assert (articles["b.txt"].published, articles["b.txt"].date_source) == (date(2020, 10, 4), "dateline+corpus-year")
    assert articles["b.txt"].date_hint is None


def test_an_undated_article_keeps_the_yearless_dateline_as_a_hint(tmp_path):
    _write(tmp_path, "b.txt", "BAKU, Oct 11 (Reuters) - Azerbaijan said Ganja was hit.\n")
    _write(tmp_path, "c.txt", "Azerbaijan said Ganja was hit on Oct 11.\n")
    _write(tmp_path, "d.txt", "BAKU, Oct 11 (Reuters) - Ganja was hit.\n")
    _write(tmp_path, "dates.csv", "file,date\nd.txt,\n")
    articles = {a.name: a for a in read_folder(tmp_path)[0]}
    assert (articles["b.txt"].published, articles["b.txt"].date_hint) == (None, "Oct 11")
    assert (articles["c.txt"].published, articles["c.txt"].date_hint) == (None, None)
    assert (articles["d.txt"].published, articles["d.txt"].date_hint) == (None, None)  # undated on purpose


@pytest.mark.parametrize("text", [
    "Baku, October 4 was a quiet day in the capital.",
    "Ganja, October 4, residents said, was hit by rockets that destroyed several houses near the market.",
    "Azerbaijan Says Armenian Forces Shelled Ganja Again, October 4",
])
def test_a_sentence_or_headline_ending_in_a_date_is_not_a_dateline(text):
    assert dateline_month_day(text + "\n\nAzerbaijan said Ganja was hit.\n") is None
