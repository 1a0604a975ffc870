"""Casualty figures from clauses (numbers.tsv): words and digits, civilian/military, conservative."""

from pathlib import Path

import pytest

from geo.language.numbers import parse_casualties, parse_number

TABLE = Path(__file__).parent / "numbers.tsv"
FIELDS = ("killed", "wounded", "killed_civilians", "killed_military", "wounded_civilians", "wounded_military")


def _rows():
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + [""] * 7
        expected = {f: (int(v) if v.strip() else None) for f, v in zip(FIELDS, cols[1:7])}
        yield pytest.param(cols[0], expected, id=f"line{number}")


@pytest.mark.parametrize("clause, expected", list(_rows()))
def test_casualty_figures(clause, expected):
    found = parse_casualties(clause)
    assert {f: getattr(found, f) for f in FIELDS} == expected


@pytest.mark.parametrize("words, value", [
    ("58", 58), ("1,166", 1166), ("six", 6), ("twenty-one", 21), ("forty two", 42),
    ("dozens of", 24), ("hundreds", 200), ("a dozen", 12), ("two hundred", 200), ("several", 3),
])
def test_number_words(words, value):
    assert parse_number(words) == value


def test_not_a_number():
    assert parse_number("Tartar") is None


def test_combined_dead_and_wounded_is_neither():
    found = parse_casualties("leaving more than 20 dead and wounded")
    assert found.killed is None and found.wounded is None and not found.any


def test_contradictory_figures_keep_the_lowest_and_note_the_rest():
    found = parse_casualties("the ministry said 12 people were killed, while local officials put the toll at 15")
    assert found.killed == 12
    assert found.noted == ("killed 15",)


def test_a_zero_is_stated_but_not_positive():
    found = parse_casualties("No victims were reported.")
    assert found.any and not found.positive
