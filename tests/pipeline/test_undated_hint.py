"""An undated article whose dateline has a day but no year is named with a hint to fix it."""

from __future__ import annotations

from tests.pipeline.pipeline_fakes import FAKES
from geo.pipeline.run import BuildOptions, run_build


def test_yearless_dateline_is_named_with_a_fix_hint(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "wire.txt").write_text("BAKU, Oct 11 (Reuters) - Alpha was shelled overnight.\n", encoding="utf-8")
    (articles / "plain.txt").write_text("Beta was shelled.\n", encoding="utf-8")
    summary = run_build(BuildOptions(articles=articles, out=tmp_path / "out", write_map=False), **FAKES)
    assert summary.undated == (
        "plain.txt",
        "wire.txt (dateline 'Oct 11' without a year: add the date to dates.csv)",
    )
