"""Properties of matching on real reports of other wars (the development corpus, read only).

The corpus holds copyrighted excerpts and lives outside the repository
(``../shared/devcorpus``); these tests read it when present and are skipped when not.
Nothing of its text is kept here: the tests check properties that hold for any report.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gazetteer import Gazetteer

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "devcorpus" / "otherwars"
#: The countries of each war's reports: a name found by its loose key lies in one of them.
WAR_COUNTRIES = {
    "ukraine": {"UA", "RU"},
    "syria": {"SY", "TR", "IQ"},
    "sudan": {"SD", "SS", "TD"},
    "middle-east": {"IL", "PS", "LB", "SY", "YE", "IR", "IQ", "JO", "EG"},
}


def _reports():
    if not (CORPUS / "sources.tsv").exists():
        return []
    with open(CORPUS / "sources.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [pytest.param(CORPUS / row["file"], row["war"], id=row["file"]) for row in rows
            if row["war"] in WAR_COUNTRIES and (CORPUS / row["file"]).exists()]


pytestmark = pytest.mark.skipif(not _reports(), reason="../shared/devcorpus is absent")


@pytest.mark.parametrize(("path", "war"), _reports())
def test_loose_matches_stay_in_the_wars_countries(path, war):
    gaz = Gazetteer.default()
    text = path.read_text(encoding="utf-8", errors="replace")
    matches = gaz.find_mentions(text)
    chosen = gaz.disambiguate(matches, text)
    strays = [(m.surface, c.place.name, c.place.country) for m, c in zip(matches, chosen)
              if m.loose and c.place.country not in WAR_COUNTRIES[war]]
    assert strays == []


@pytest.mark.parametrize(("path", "war"), _reports())
def test_unresolved_names_are_capitalised_spans_no_match_covers(path, war):
    gaz = Gazetteer.default()
    text = path.read_text(encoding="utf-8", errors="replace")
    unresolved = []
    matches = gaz.find_mentions(text, unresolved=unresolved)
    assert matches == gaz.find_mentions(text)
    for u in unresolved:
        assert text[u.start:u.end] == u.surface and u.surface[:1].isupper()
        assert u.reason in ("unknown", "outside_area")
        assert not any(m.start < u.end and u.start < m.end for m in matches), u
