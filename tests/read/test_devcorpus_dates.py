"""Publication dates on the real development corpus, when it is checked out beside the repository.

``../shared/devcorpus`` (relative to the repository root) holds third-party excerpts that
are never copied here; these tests only read them, and skip when the folder is absent.
Each corpus folder has a ``sources.tsv`` with the date its page shows (``YYYY-MM-DD``,
a month ``YYYY-MM``, or empty).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geo.read.articles import read_folder

DEVCORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "devcorpus"

pytestmark = pytest.mark.skipif(not DEVCORPUS.is_dir(), reason="no ../shared/devcorpus beside the repository")


def _sources(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "sources.tsv").open(encoding="utf-8", newline="") as f:
        return {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}


def _outcomes(folder: Path) -> tuple[list[str], list[str], list[str]]:
    """Names of the articles whose date is right, contradicts sources.tsv, or is found without reference."""
    sources = _sources(folder)
    right, wrong, unreferenced = [], [], []
    for article in read_folder(folder)[0]:
        want = (sources.get(article.name) or {}).get("date", "").strip()
        month = article.date_hint if article.date_hint and len(article.date_hint) == 7 \
            and article.date_hint[4] == "-" and article.date_hint[:4].isdigit() else None
        found = article.published.isoformat() if article.published else month
        if found is None:
            continue
        if not want:
            unreferenced.append(article.name)
        elif found.startswith(want) if len(want) == 7 else found == want:
            right.append(article.name)
        else:
            wrong.append(f"{article.name}: {found} (sources.tsv {want})")
    return right, wrong, unreferenced


@pytest.mark.parametrize("corpus, at_least", [("otherwars", 28), ("karabakh", 55)])
def test_no_publication_date_contradicts_the_page_and_most_are_found(corpus, at_least):
    right, wrong, _ = _outcomes(DEVCORPUS / corpus)
    assert wrong == []
    assert len(right) >= at_least


def test_pages_that_show_no_date_get_none():
    # otherwars/sources.tsv says where each date comes from; a row without one (or with a
    # date only the URL shows) is a page that prints no publication date of its own.
    folder = DEVCORPUS / "otherwars"
    sources = _sources(folder)
    articles = read_folder(folder)[0]
    shown = {name for name, row in sources.items() if row.get("date_source") in ("line", "text")}
    dated = {a.name for a in articles if a.published is not None}
    assert dated - shown == set()
