"""An undated article is named in the build summary with why it is undated and how to fix it."""

from __future__ import annotations

from tests.pipeline.pipeline_fakes import FAKES
from geo.pipeline.run import BuildOptions, run_build


def build(tmp_path, files: dict[str, str]):
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in files.items():
        (articles / name).write_text(text, encoding="utf-8")
    return run_build(BuildOptions(articles=articles, out=tmp_path / "out", write_map=False), **FAKES)


def undated(tmp_path, files: dict[str, str]) -> tuple[str, ...]:
    return build(tmp_path, files).undated


def test_yearless_dateline_is_named_with_a_fix_hint(tmp_path):
    assert undated(tmp_path, {
        "wire.txt": "BAKU, Oct 11 (Reuters) - Alpha was shelled overnight.\n",
        "plain.txt": "Beta was shelled.\n",
    }) == (
        "plain.txt (no date in the page, a dateline or byline, or the file name: add it to dates.csv)",
        "wire.txt (dateline 'Oct 11' without a year: add the date to dates.csv)",
    )


def test_month_only_and_dates_csv_say_why(tmp_path):
    assert undated(tmp_path, {
        "month.txt": " date 2022-05 Alpha was shelled.\n",
        "kept.txt": "Beta was shelled.\n",
        "dates.csv": "file,date\nkept.txt,\n",
    }) == (
        "kept.txt (left undated in dates.csv)",
        "month.txt (only the month 2022-05 is given: add the day to dates.csv)",
    )


def test_the_summary_lists_undated_articles_once_per_reason(tmp_path):
    lines = build(tmp_path, {"a.txt": "Alpha was shelled.\n", "b.txt": "Beta was shelled.\n"}).lines()
    assert "    a.txt, b.txt (no date in the page, a dateline or byline, or the file name: add it to dates.csv)" in lines
