"""Reading a folder of odd articles: formats, encodings, dates, and files that are not articles."""

from __future__ import annotations

import csv
import hashlib
import logging
from datetime import date
from pathlib import Path

import pytest

from geo.read.articles import ArticleProblem, decode_article_bytes, read_article, read_folder
from geo.errors import ArticleError

HERE = Path(__file__).parent
FOLDER = HERE / "folder"


def _unescape(value: str) -> str:
    return value.encode("ascii", "backslashreplace").decode("unicode_escape") if "\\" in value else value


def _expected():
    with (HERE / "expected.tsv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    return {row[0]: row for row in rows}


EXPECTED = _expected()


@pytest.fixture(scope="module")
def folder():
    articles, problems = read_folder(FOLDER)
    return {a.name: a for a in articles}, {p.name: p for p in problems}


def test_every_file_is_an_article_or_a_problem(folder):
    articles, problems = folder
    assert sorted(articles) + sorted(problems) == sorted(EXPECTED, key=lambda n: (EXPECTED[n][1] == "PROBLEM", n))
    assert ".hidden.txt" not in articles and "dates.csv" not in problems


def test_articles_are_sorted_by_name():
    articles, _ = read_folder(FOLDER)
    assert [a.name for a in articles] == sorted(a.name for a in articles)


@pytest.mark.parametrize("name", [n for n, row in EXPECTED.items() if row[1] != "PROBLEM"])
def test_article_text_and_date(folder, name):
    _, published, source, must, must_not = (EXPECTED[name] + [""] * 5)[:5]
    article = folder[0][name]
    assert article.published == (None if published == "-" else date.fromisoformat(published))
    assert article.date_source == (source or None)
    for piece in filter(None, _unescape(must).split("|")):
        assert piece in article.text
    for piece in filter(None, _unescape(must_not).split("|")):
        assert piece not in article.text
    assert article.sha256 == hashlib.sha256((FOLDER / name).read_bytes()).hexdigest()


@pytest.mark.parametrize("name", [n for n, row in EXPECTED.items() if row[1] == "PROBLEM"])
def test_unreadable_file_is_a_problem_with_a_reason(folder, name):
    problem = folder[1][name]
    assert isinstance(problem, ArticleProblem)
    assert EXPECTED[name][3] in problem.reason


def test_read_article_honours_dates_csv_of_its_folder():
    article = read_article(FOLDER / "sub" / "17_nested.md", root=FOLDER)
    assert (article.name, article.published, article.date_source) == ("sub/17_nested.md", date(2020, 11, 15), "dates.csv")


def test_read_article_raises_article_error_with_reason():
    with pytest.raises(ArticleError, match="binary"):
        read_article(FOLDER / "06_binary.txt", root=FOLDER)


def test_html_title_drops_site_name(folder):
    assert folder[0]["01_script.html"].title == "Ganja struck again"


def test_front_matter_title(folder):
    assert folder[0]["02_front_matter.md"].title == "Talks in Moscow"


def test_seed_style_date_line_is_stripped(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2020-09-29 The Council met later Tuesday.\n\nMore.\n", encoding="utf-8")
    article = read_article(tmp_path / "a.txt", root=tmp_path)
    assert (article.published, article.date_source) == (date(2020, 9, 29), "date line")
    assert article.text == "The Council met later Tuesday.\n\nMore."


def test_date_line_beats_a_byline(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2020-10-08 Text.\n\nOctober 17, 2020\n", encoding="utf-8")
    assert read_article(tmp_path / "a.txt", root=tmp_path).published == date(2020, 10, 8)


def test_dates_csv_with_empty_date_marks_undated_on_purpose(tmp_path):
    (tmp_path / "a.txt").write_text("October 17, 2020\n\nText.\n", encoding="utf-8")
    (tmp_path / "dates.csv").write_text("file,date\na.txt,\n", encoding="utf-8")
    articles, _ = read_folder(tmp_path)
    assert (articles[0].published, articles[0].date_source) == (None, "dates.csv")


def test_bad_dates_csv_row_is_ignored_with_a_warning(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("October 17, 2020\n\nText.\n", encoding="utf-8")
    (tmp_path / "dates.csv").write_text("file,date\na.txt,someday\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo.read.articles"):
        articles, problems = read_folder(tmp_path)
    assert (articles[0].published, articles[0].date_source, problems) == (date(2020, 10, 17), "byline", [])
    assert "someday" in caplog.text


def test_future_and_updated_dates_are_not_publication_dates(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Updated 30 October 2020\n\nPublished 12 October 2020\n\n12 October 2099\n\nText.\n", encoding="utf-8")
    assert read_article(tmp_path / "a.txt", root=tmp_path).published == date(2020, 10, 12)


def test_dates_in_the_body_are_not_bylines(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Azerbaijan said Armenian forces shelled Ganja on October 11, 2020, killing nine civilians in their homes.\n",
        encoding="utf-8")
    assert read_article(tmp_path / "a.txt", root=tmp_path).published is None


@pytest.mark.parametrize("html, published, source", [
    ('<html><head><meta itemprop="datePublished" content="2020-10-04"></head><body><p>Text.</p>'
     '<div class="related-stories"><time datetime="2020-10-01">x</time></div></body></html>',
     date(2020, 10, 4), "html meta datepublished"),
    ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
     '"datePublished": "2020-11-09T22:00:00Z"}</script></head><body><p>Text.</p></body></html>',
     date(2020, 11, 9), "html json-ld datePublished"),
    ('<html><body><p>Text.</p><aside><time datetime="2020-10-01">sidebar</time></aside></body></html>',
     None, None),
], ids=["itemprop-beats-sidebar-time", "json-ld", "sidebar-time-is-not-a-date"])
def test_html_publication_date(tmp_path, html, published, source):
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    article = read_article(tmp_path / "a.html", root=tmp_path)
    assert (article.published, article.date_source) == (published, source)


def test_html_declared_charset_is_used(tmp_path):
    html = '<html><head><meta charset="windows-1251"></head><body><p>Степанакерт</p></body></html>'
    (tmp_path / "a.html").write_bytes(html.encode("cp1251"))
    assert read_article(tmp_path / "a.html", root=tmp_path).text == "Степанакерт"


@pytest.mark.parametrize("text, encoding", [
    ("Ганджа подверглась ракетному удару.", "cp1251"),
    ("Café à Bakou, été.", "latin-1"),
    ("Die Kämpfe gingen am Sonntag weiter. Größere Städte wurden beschossen.", "latin-1"),
    ("Erdoğan said “no” — again.", "utf-8"),
])
def test_short_texts_decode_right(text, encoding):
    decoded, _ = decode_article_bytes(text.encode(encoding))
    assert decoded == text


def test_huge_file_is_read_not_rejected(tmp_path, caplog):
    paragraph = "Armenian forces shelled the town of Tartar on Sunday, the ministry said. " * 20 + "\n\n"
    (tmp_path / "big.txt").write_text(paragraph * (20_000_000 // len(paragraph)), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo.read.articles"):
        articles, problems = read_folder(tmp_path)
    assert problems == [] and len(articles[0].text) > 19_000_000
    assert "large" in caplog.text


def test_missing_folder_raises():
    with pytest.raises(ArticleError, match="not a folder"):
        read_folder(HERE / "no-such-folder")


def test_seed_articles_dates():
    articles, problems = read_folder(HERE.parent.parent / "seeds")
    assert problems == []
    dates = {a.name[:3]: (a.published, a.date_source) for a in articles}
    assert dates == {
        "000": (date(2020, 9, 29), "date line"),
        "001": (date(2020, 9, 28), "date line"),
        "002": (None, None),            # a dateline without a date: undated, kept
        "003": (date(2020, 10, 8), "date line"),
        "004": (date(2020, 9, 28), "byline"),   # despite "more than 3 years old"
    }


def test_a_short_sentence_with_a_date_is_not_a_byline(tmp_path):
    (tmp_path / "a.txt").write_text("Ganja was shelled on October 4, 2020.\n\nMore text.\n", encoding="utf-8")
    assert read_article(tmp_path / "a.txt", root=tmp_path).published is None


def test_only_an_updated_line_still_dates_the_article(tmp_path):
    (tmp_path / "a.txt").write_text("Last updated: 10 October 2020\n\nText.\n", encoding="utf-8")
    assert read_article(tmp_path / "a.txt", root=tmp_path).published == date(2020, 10, 10)


def test_dateline_without_a_year_is_not_dated_by_a_historical_year(tmp_path):
    (tmp_path / "a.txt").write_text(
        "BAKU, Oct 11 (Reuters) - Ganja was hit, in the worst fighting since the 1994 ceasefire and the 1990s.\n",
        encoding="utf-8")
    assert read_article(tmp_path / "a.txt", root=tmp_path).published is None


def test_file_name_date_gives_a_dateline_its_year(tmp_path):
    (tmp_path / "reuters_2020-10-11_ganja.txt").write_text(
        "BAKU, Azerbaijan, Oct 11 (Reuters) - A missile struck Ganja overnight.\n", encoding="utf-8")
    article = read_article(tmp_path / "reuters_2020-10-11_ganja.txt", root=tmp_path)
    assert (article.published, article.date_source) == (date(2020, 10, 11), "dateline")


def test_file_name_date_is_the_last_resort(tmp_path):
    (tmp_path / "20201104-shusha.txt").write_text("Fighting neared Shusha on Wednesday.\n", encoding="utf-8")
    article = read_article(tmp_path / "20201104-shusha.txt", root=tmp_path)
    assert (article.published, article.date_source) == (date(2020, 11, 4), "file name")


def test_relative_age_furniture_does_not_spoil_a_byline(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nOctober 11, 2020 6:17 AM UTC Updated 5 years ago\n\nText.\n",
                                    encoding="utf-8")
    assert read_article(tmp_path / "a.txt", root=tmp_path).published == date(2020, 10, 11)


def test_mostly_utf8_with_a_stray_byte_keeps_utf8(caplog):
    raw = "Erdoğan said “no” in Şuşa — again.".encode("utf-8") + b" \x93quoted\x94"
    with caplog.at_level(logging.WARNING, logger="geo.read.articles"):
        text, _ = decode_article_bytes(raw)
    assert text.startswith("Erdoğan said “no” in Şuşa — again.") and "not UTF-8" in caplog.text


def test_binary_without_nul_bytes_is_not_text():
    import random

    rng = random.Random(7)
    raw = bytes(rng.randrange(1, 256) for _ in range(5000))
    with pytest.raises(ArticleError, match="non-text"):
        decode_article_bytes(raw)


def test_a_sentence_with_a_dash_is_not_a_dateline(tmp_path):
    (tmp_path / "a.txt").write_text(
        "The attack on Ganja on Oct 11 - which killed nine - was condemned, as in 2020 and on Sept. 28, 2020 "
        "the town was shelled.\n", encoding="utf-8")
    assert read_article(tmp_path / "a.txt", root=tmp_path).published is None


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    (tmp_path / "a.txt").write_text('<!DOCTYPE html><html><head><meta property="article:published_time" '
                                    'content="2020-10-04"><script>x()</script></head><body><p>Text.</p></body></html>',
                                    encoding="utf-8")
    article = read_article(tmp_path / "a.txt", root=tmp_path)
    assert (article.text, article.published) == ("Text.", date(2020, 10, 4))
