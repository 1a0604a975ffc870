"""Names that stand where a place would but got none are listed for the analyst (unresolved.csv)."""

from __future__ import annotations

import csv

from geo.pipeline.run import BuildOptions, run_build

ARTICLE = (" date 2024-03-14 Shelling hit the village of Zorbatovka near Pokrovsk in Ukraine's Donetsk region "
           "on Wednesday, the regional governor said. Another strike hit the village of Zorbatovka overnight.\n")
OTHER = " date 2024-03-14 Russian forces shelled Kharkiv, Ukraine, on Wednesday, officials said.\n"


def _build(articles, out):
    return run_build(BuildOptions(articles=articles, out=out, write_map=False))


def _rows(out):
    with open(out / "unresolved.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_an_unknown_village_is_listed_with_its_article_count_and_sentence(tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "b.txt").write_text(OTHER, encoding="utf-8")
    summary = _build(articles, out)
    rows = _rows(out)
    assert [(r["name"], r["article"], r["reason"]) for r in rows] == [("Zorbatovka", "a.txt", "unknown")]
    assert rows[0]["sentence"].startswith("Shelling hit the village of Zorbatovka")
    assert summary.unresolved == (("Zorbatovka", int(rows[0]["count"])),)
    assert "unresolved: 1 name(s)" in "\n".join(summary.lines()) and "Zorbatovka (" in "\n".join(summary.lines())


def test_the_list_follows_the_articles_on_rebuild(tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    _build(articles, out)
    again = _build(articles, out)
    assert again.reused == ("a.txt",) and [r["name"] for r in _rows(out)] == ["Zorbatovka"]
    (articles / "a.txt").unlink()
    (articles / "b.txt").write_text(OTHER, encoding="utf-8")
    _build(articles, out)
    assert _rows(out) == []


def test_a_place_of_your_own_is_no_longer_unresolved(tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "places.csv").write_text("name,lat,lon,country,kind\nZorbatovka,48.30,37.10,UA,village\n",
                                         encoding="utf-8")
    _build(articles, out)
    assert _rows(out) == []
