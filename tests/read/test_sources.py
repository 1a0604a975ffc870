"""Where an article comes from: title, outlet, address and time, from the page, its front matter or sources.csv."""

from __future__ import annotations

from datetime import date

import pytest

from geo.read.articles import read_article, read_folder
from geo.read.sources import MAX_CHARS, moment

PAGE = """<!doctype html><html><head>
<title>Ganja hit by rockets | The Daily Example</title>
<meta property="og:title" content="Ganja hit by rockets overnight">
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2020-10-11T08:30:00Z">
<link rel="canonical" href="https://example.org/news/ganja-rockets">
</head><body><article><h1>Ganja hit by rockets overnight</h1>
<p>Rockets struck the city of Ganja overnight, officials said.</p></article></body></html>
"""


def test_html_page_gives_title_outlet_canonical_url_and_time(tmp_path):
    (tmp_path / "ganja.html").write_text(PAGE, encoding="utf-8")
    article = read_article(tmp_path / "ganja.html")
    assert article.title == "Ganja hit by rockets overnight"
    assert article.outlet == "The Daily Example"
    assert article.url == "https://example.org/news/ganja-rockets"
    assert article.published == date(2020, 10, 11)
    assert article.published_time == "2020-10-11T08:30:00+00:00"
    assert article.source.to_dict() == {
        "article": "ganja.html", "title": "Ganja hit by rockets overnight", "outlet": "The Daily Example",
        "url": "https://example.org/news/ganja-rockets", "published": "2020-10-11T08:30:00+00:00"}


def test_og_url_wins_over_canonical_link(tmp_path):
    page = PAGE.replace('<link rel', '<meta property="og:url" content="https://example.org/og">\n<link rel')
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    assert read_article(tmp_path / "a.html").url == "https://example.org/og"


def test_front_matter_gives_title_url_outlet_and_date(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: Shelling of Tartar\nurl: https://news.example/tartar\noutlet: Example News\n"
        "date: 2020-10-05T14:00:00+04:00\n---\nTartar was shelled, the ministry said.\n", encoding="utf-8")
    article = read_article(tmp_path / "a.md")
    assert (article.title, article.url, article.outlet) == ("Shelling of Tartar", "https://news.example/tartar",
                                                           "Example News")
    assert article.published == date(2020, 10, 5) and article.published_time == "2020-10-05T14:00:00+04:00"


def test_markdown_heading_is_the_title(tmp_path):
    (tmp_path / "a.md").write_text(" date 2020-10-05\n# Tartar shelled again\n\nTartar was shelled.\n")
    article = read_article(tmp_path / "a.md")
    assert article.title == "Tartar shelled again" and article.source.published == "2020-10-05"


def test_sources_csv_fills_in_and_corrects(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2020-10-05 Tartar was shelled.\n")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sources.csv").write_text(
        "file,url,title,outlet,date\n"
        "a.txt,https://wire.example/1,Tartar shelled,Wire Service,2020-10-06T09:15:00Z\n"
        "b.html,,,Corrected Outlet,\n", encoding="utf-8")
    articles, problems = read_folder(tmp_path)
    assert problems == [] and [a.name for a in articles] == ["a.txt", "b.html"]  # sources.csv is no article
    a, b = articles
    assert (a.title, a.outlet, a.url) == ("Tartar shelled", "Wire Service", "https://wire.example/1")
    assert a.published == date(2020, 10, 6) and a.published_time == "2020-10-06T09:15:00+00:00"
    assert b.outlet == "Corrected Outlet" and b.title == "Ganja hit by rockets overnight"
    assert b.url == "https://example.org/news/ganja-rockets" and b.published_time == "2020-10-11T08:30:00+00:00"
    assert read_article(tmp_path / "a.txt").outlet == "Wire Service"


def test_dates_csv_wins_over_sources_csv(tmp_path):
    (tmp_path / "a.txt").write_text("Tartar was shelled.\n")
    (tmp_path / "sources.csv").write_text("file,date\na.txt,2020-10-06T09:15:00Z\n")
    (tmp_path / "dates.csv").write_text("file,date\na.txt,2020-10-01\n")
    (article,), _ = read_folder(tmp_path)
    assert article.published == date(2020, 10, 1) and article.source.published == "2020-10-01"


def test_hostile_values_are_kept_as_text_on_one_line(tmp_path):
    page = PAGE.replace("The Daily Example", "<script>alert(1)</script>&lt;b&gt;").replace(
        "https://example.org/news/ganja-rockets", "javascript:alert(1)")
    page = page.replace("Ganja hit by rockets overnight", "x" * 5000)
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    article = read_article(tmp_path / "a.html")
    assert article.url == "javascript:alert(1)"  # kept: the map decides what becomes a link
    assert len(article.title) == MAX_CHARS and "\n" not in article.title


@pytest.mark.parametrize("text", ["yesterday", "2020-13-45", "11 Oct 2020", ""])
def test_what_is_not_iso_is_no_moment(text):
    assert moment(text) is None
