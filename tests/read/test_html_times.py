"""Which <time> elements of a page may date it: not captions, the site header or update stamps."""

from __future__ import annotations

from datetime import date

import pytest

from geo.read.articles import read_article
from geo.read.text import html_to_text

STORY = "<h1>Town shelled</h1><p>Officials said the town was shelled on Sunday.</p>"


@pytest.mark.parametrize("html, times", [
    (f'<article>{STORY}<figure><img src="a.jpg"><figcaption>Smoke, <time datetime="2024-03-10">10 March'
     f'</time></figcaption></figure><time datetime="2024-03-12">12 March</time></article>', ("2024-03-12",)),
    (f'<header class="site"><time datetime="2024-11-15">Today</time></header><article>{STORY}'
     f'<header><time datetime="2024-03-12">12 March</time></header></article>', ("2024-03-12",)),
    (f'<main><header><time datetime="2024-03-12">12 March</time></header>{STORY}</main>', ("2024-03-12",)),
    (f'<article>{STORY}<time itemprop="dateModified" datetime="2024-03-14">14 March</time>'
     f'<time class="entry-date published" datetime="2024-03-12">12 March</time>'
     f'<time class="updated" datetime="2024-03-15">15 March</time></article>', ("2024-03-12",)),
    (f'<article>{STORY}<time class="entry-date published updated" datetime="2024-03-12">12 March</time>'
     f'</article>', ("2024-03-12",)),
])
def test_times_that_are_not_the_publication_are_not_collected(html, times):
    assert html_to_text(html).times == times


def test_a_caption_time_alone_leaves_the_page_undated(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(f'<html><body><article>{STORY}<figure><figcaption><time datetime="2024-03-10">10 March</time>'
                    f'</figcaption></figure></article></body></html>', encoding="utf-8")
    assert read_article(path, root=tmp_path).published is None


def test_the_article_time_dates_the_page_over_the_site_header(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(f'<html><body><header><time datetime="2024-11-15">Fri 15 Nov</time></header><article>{STORY}'
                    f'<time datetime="2024-03-12T08:00:00Z">12 March</time></article></body></html>', encoding="utf-8")
    article = read_article(path, root=tmp_path)
    assert (article.published, article.date_source) == (date(2024, 3, 12), "html <time>")
