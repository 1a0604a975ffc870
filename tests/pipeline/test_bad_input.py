"""Bad input loses nothing: every file is processed or named with its reason, counts add up.

Small cases live in tests/pipeline/bad_input/; binary, non-UTF-8 and the 20 MB file are
generated here so that nothing large or odd is committed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.pipeline.pipeline_fakes import FAKES
from geo.pipeline.run import BuildOptions, run_build

SAMPLES = Path(__file__).parent / "bad_input"
BIG_BYTES = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build over every kind of bad input; returns (summary, incidents, places)."""
    root = tmp_path_factory.mktemp("bad")
    articles, out = root / "articles", root / "out"
    shutil.copytree(SAMPLES, articles)
    (articles / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (articles / "cp1251.txt").write_bytes(" date 2020-10-07 Alpha was shelled. Степанакерт обстреляли.\n".encode("cp1251"))
    (articles / "latin1.txt").write_bytes(" date 2020-10-08 Beta was shelled near the café.\n".encode("latin-1"))
    filler = ("Nothing happened in this paragraph of a very long page dump. " * 16 + "\n\n").encode()
    with open(articles / "big.txt", "wb") as handle:
        handle.write(b" date 2020-10-09 A long dump of a live blog.\n\n")
        while handle.tell() < BIG_BYTES:
            handle.write(filler)
        handle.write(b"At the very end, Gamma was shelled.\n")
    summary = run_build(BuildOptions(articles=articles, out=out, write_map=False), **FAKES)
    incidents = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))["features"]
    return summary, [f["properties"] for f in incidents], {p["properties"]["name"]: p["properties"] for p in places}


def test_build_finishes_and_counts_add_up(built):
    summary, _, _ = built
    assert summary.exit_code() == 0
    assert summary.found == len(list(SAMPLES.iterdir())) + 4
    assert summary.found == summary.processed + len(summary.skipped) + len(summary.failed)
    assert summary.exit_code(strict=True) == 3


@pytest.mark.parametrize("name, word", [("empty.txt", "empty"), ("binary.txt", "binary")])
def test_unreadable_file_is_named_with_its_reason(built, name, word):
    summary, _, _ = built
    reasons = {s.name: s.reason for s in summary.skipped}
    assert word in reasons[name].lower()
    assert f"  skipped {name}: {reasons[name]}" in summary.lines()


def test_non_utf8_text_is_decoded_not_lost(built):
    _, incidents, _ = built
    sentences = {e["sentence"] for i in incidents for e in i["evidence"]}
    assert "Beta was shelled near the café." in sentences
    assert any(i["articles"] == ["cp1251.txt"] and i["place"] == "Alpha" for i in incidents)


def test_twenty_megabyte_file_is_read_to_the_end(built):
    summary, incidents, _ = built
    assert "big.txt" in summary.read
    assert [i["date"] for i in incidents if i["articles"] == ["big.txt"]] == ["2020-10-09"]


def test_html_scripts_and_styles_are_not_text(built):
    _, incidents, places = built
    from_html = [i for i in incidents if "script.html" in i["articles"]]
    assert [(i["place"], i["date"]) for i in from_html] == [("Alpha", "2020-10-04")]
    assert "script.html" not in places.get("Gamma", {}).get("articles", [])


def test_same_article_under_two_names_is_kept_twice_joined_and_named(built):
    summary, incidents, places = built
    assert {"copy_a.txt", "copy_b.txt"} <= set(summary.read)
    assert summary.duplicates == (("copy_a.txt", "copy_b.txt"),)
    (beta,) = [i for i in incidents if i["place"] == "Beta" and i["date"] == "2020-10-06"]
    assert beta["articles"] == ["copy_a.txt", "copy_b.txt"]
    assert places["Gamma"]["metonym_mentions"] >= 2
    assert "  duplicates (same text, both kept): copy_a.txt = copy_b.txt" in summary.lines()


def test_article_without_places_is_processed(built):
    summary, incidents, places = built
    assert "no_places.txt" in summary.read
    assert not any("no_places.txt" in i["articles"] for i in incidents)


def test_undated_article_is_named_and_its_incidents_kept_with_null_date(built):
    summary, incidents, _ = built
    assert [label.split(" (")[0] for label in summary.undated] == ["undated.txt"]
    (undated,) = [i for i in incidents if i["articles"] == ["undated.txt"]]
    assert (undated["date"], undated["date_precision"]) == (None, "unknown")
    assert incidents[-1] == undated  # undated incidents sort last
