"""A build accounts for every entry of the articles folder: links, pipes, unreadable folders."""

from __future__ import annotations

from geo.pipeline.run import BuildOptions, run_build
from tests.pipeline.pipeline_fakes import FAKES
from tests.read.unreadable import make_unreadable


def _folder(tmp_path):
    articles = tmp_path / "articles"
    (articles / "locked").mkdir(parents=True)
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n", encoding="utf-8")
    (articles / "locked" / "b.txt").write_text(" date 2020-10-05 Beta was shelled.\n", encoding="utf-8")
    (tmp_path / "passwd").write_text(" date 2020-10-06 Gamma was shelled.\n", encoding="utf-8")
    (articles / "passwd.txt").symlink_to(tmp_path / "passwd")
    (articles / "missing.txt").symlink_to(tmp_path / "nowhere.txt")
    return articles


def test_every_entry_is_named_and_counts_add_up(tmp_path, monkeypatch):
    articles = _folder(tmp_path)
    make_unreadable(monkeypatch, "locked")
    summary = run_build(BuildOptions(articles=articles, out=tmp_path / "out", write_map=False), **FAKES)
    reasons = {s.name: s.reason for s in summary.skipped}
    assert sorted(reasons) == ["locked/", "missing.txt", "passwd.txt"]
    assert "outside the articles folder" in reasons["passwd.txt"]
    assert reasons["missing.txt"].startswith("broken link")
    assert summary.read == ("a.txt",)
    assert summary.found == 4 == summary.processed + len(summary.skipped) + len(summary.failed)
    assert summary.lines()[0] == "articles: 4 found, 1 processed (1 read, 0 reused from cache), 3 skipped, 0 dropped"
    assert "Gamma" not in (tmp_path / "out" / "places.geojson").read_text(encoding="utf-8")
    assert summary.exit_code() == 0 and summary.exit_code(strict=True) == 3


def test_unchanged_rebuild_still_names_them(tmp_path, monkeypatch):
    articles = _folder(tmp_path)
    make_unreadable(monkeypatch, "locked")
    options = BuildOptions(articles=articles, out=tmp_path / "out", write_map=False)
    run_build(options, **FAKES)
    again = run_build(options, **FAKES)
    assert again.reused == ("a.txt",)
    assert sorted(s.name for s in again.skipped) == ["locked/", "missing.txt", "passwd.txt"]


def test_follow_links_reads_the_outside_file(tmp_path):
    articles = _folder(tmp_path)
    summary = run_build(BuildOptions(articles=articles, out=tmp_path / "out", write_map=False, follow_links=True),
                        **FAKES)
    assert summary.read == ("a.txt", "locked/b.txt", "passwd.txt")
    assert [s.name for s in summary.skipped] == ["missing.txt"]
