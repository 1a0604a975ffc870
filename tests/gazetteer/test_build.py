"""The shipped table is exactly what the builder makes from the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer.build import build, keep_name, kind_for
from gazetteer.datafile import read_table
from gazetteer.gazetteer import DATA_PATH

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.mark.skipif(
    not (SHARED_DATA / "geonames").is_dir(),
    reason=f"raw data folder {SHARED_DATA} is absent (it sits at ../shared/data beside the clone in CI)",
)
def test_shipped_table_is_what_the_builder_makes(tmp_path):
    out = build(SHARED_DATA, tmp_path / "places.tsv.gz")
    assert out.read_bytes() == DATA_PATH.read_bytes(), "run `python -m gazetteer.build ../shared/data`"


def test_shipped_table_is_small_and_readable():
    # The world table: every GeoNames cities500 place, areas and territories, under 30 MB.
    assert DATA_PATH.stat().st_size < 30_000_000
    table = read_table(DATA_PATH)
    assert len(table.rows) > 230_000
    assert "nk:nagorno-karabakh" in table.outlines


@pytest.mark.parametrize(
    ("population", "code", "kind"),
    [(1_000_000, "PPL", "city"), (2_000, "PPLC", "city"), (20_000, "PPL", "town"), (2_300, "PPLA", "town"),
     (9_999, "PPL", "village"), (0, None, "village")],
)
def test_kind_rule(population, code, kind):
    assert kind_for(population, code) == kind


@pytest.mark.parametrize(
    ("name", "kept"),
    [("Shusha", True), ("Şuşa", True), ("Շուշի", True), ("Шуша", True), ("khankandy", False), ("FZL", False),
     ("Jaңa Karanlyk", False), ("ፊzuli", False), ("Armenian", False), ("Tartar 2", False)],
)
def test_name_variants_are_cut_to_useful_ones(name, kept):
    from gazetteer.build import FOCUS_SCRIPTS
    from gazetteer.stoplist import load_stoplist

    assert keep_name(name, FOCUS_SCRIPTS, load_stoplist()["demonyms"]) is kept
