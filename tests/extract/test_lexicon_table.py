"""Event types and places of single sentences in the styles of several outlets (sentences.tsv)."""

from datetime import date
from pathlib import Path

import pytest

from geo.extract.article import extract_article
from geo.model import Article

TABLE = Path(__file__).parent / "sentences.tsv"
PUBLISHED = date(2020, 10, 15)


def _rows():
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        types = set() if cols[1] == "none" else set(cols[1].split(","))
        places = set(cols[2].split("|")) if len(cols) > 2 and cols[2] else None
        yield pytest.param(cols[0], types, places, id=f"line{number}")


def test_table_is_large_enough():
    assert len(list(_rows())) >= 60


@pytest.mark.parametrize("sentence, types, places", list(_rows()))
def test_sentence_event_types_and_places(sentence, types, places, gazetteer):
    extraction = extract_article(Article("a.txt", sentence, PUBLISHED), gazetteer)
    assert {i.event_type for i in extraction.incidents} == types, [
        (i.event_type, i.place.name) for i in extraction.incidents]
    if places is not None:
        assert {i.place.name for i in extraction.incidents} == places
