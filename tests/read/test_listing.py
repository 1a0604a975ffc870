"""Every entry of the articles folder is listed or named with the reason it is not read."""

from __future__ import annotations

import os

import pytest

from geo.read.articles import read_folder
from geo.read.listing import list_folder
from tests.read.unreadable import make_unreadable


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "articles"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("Alpha was shelled.\n", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("Beta was shelled.\n", encoding="utf-8")
    (root / "dates.csv").write_text("file,date\n", encoding="utf-8")
    (root / ".hidden.txt").write_text("not the user's\n", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("Gamma was shelled.\n", encoding="utf-8")
    (root / "secret.txt").symlink_to(outside)
    (root / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (root / "inside.txt").symlink_to(root / "a.txt")
    (root / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(root / "pipe.txt")
    return root


def test_links_pipes_and_broken_links_are_named_not_read(folder, tmp_path):
    listing = list_folder(folder)
    assert sorted(listing.files) == ["a.txt", "inside.txt", "sub/b.txt"]
    reasons = {u.name: u.reason for u in listing.unread}
    assert sorted(reasons) == ["elsewhere/", "gone.txt", "pipe.txt", "secret.txt"]
    assert reasons["gone.txt"] == f"broken link (to {tmp_path / 'missing.txt'}, which does not exist)"
    assert reasons["secret.txt"].startswith(f"link to {tmp_path / 'secret.txt'}, outside the articles folder: "
                                            "not followed (--follow-links follows it)")
    assert "named pipe" in reasons["pipe.txt"]
    assert listing.dates_csv


def test_follow_links_reads_outside_links_and_linked_folders_once(folder):
    listing = list_folder(folder, follow_links=True)
    assert "secret.txt" in listing.files
    # The linked folder holds the articles folder itself: entered once, never in a loop.
    assert "elsewhere/secret.txt" in listing.files
    assert {u.name: u.reason for u in listing.unread}["elsewhere/articles/"].endswith("again (through a link): read once only")


def test_unreadable_sub_folder_is_named(folder, monkeypatch):
    make_unreadable(monkeypatch, "sub")
    listing = list_folder(folder)
    assert "sub/b.txt" not in listing.files
    assert {u.name: u.reason for u in listing.unread}["sub/"] == (
        "folder cannot be read (Permission denied); its files are not counted: fix its permissions")


def test_read_folder_counts_every_entry(folder):
    articles, problems = read_folder(folder)
    assert [a.name for a in articles] == ["a.txt", "inside.txt", "sub/b.txt"]
    assert [p.name for p in problems] == ["elsewhere/", "gone.txt", "pipe.txt", "secret.txt"]
    assert all("Gamma" not in a.text for a in articles)
