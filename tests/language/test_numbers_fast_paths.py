"""geo.language.numbers: the faster forms of its tests answer as the plain ones did."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from geo.language import numbers


def _sentences() -> list[str]:
    from geo.language.sentences import split_sentences
    from tests.language.test_prefilter import _real_sentences

    sentences = _real_sentences()
    corpus = Path(__file__).parents[2] / "../shared/devcorpus"
    if corpus.is_dir():  # more sentences, when the development corpus is at hand
        for path in sorted(corpus.rglob("*.txt")):
            sentences += [s.text for s in split_sentences(path.read_text(encoding="utf-8", errors="replace"))]
    return sentences


def test_white_space_is_what_rstrip_strips():
    # _at_end finds where a text's final white space begins with str.rstrip
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if bool(re.fullmatch(r"\s", c)) != c.isspace()] == []


@pytest.mark.parametrize("pattern, reach", [
    (numbers._DATE_NUMBER, numbers._DATE_NUMBER_REACH), (numbers._NEGATED, len("nobody")),
    (numbers._AGED, len("aged")), (numbers._OPEN_BRACKET, 1),
])
def test_search_at_the_end_finds_what_the_whole_search_finds(pattern, reach):
    rng = random.Random(reach)
    words = ["September.,", "Sept", "SEP.", "at", "since", "until", "toll", "figure", "no", "nobody", "NOT", "aged",
             "(", "3:", "12.", "killed", "x", ",", "\n", " ", "\t"]
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(words) + rng.choice(["", " ", "  ", "\n"]) for _ in range(rng.randint(0, 6)))
        whole, tail = pattern.search(text), numbers._at_end(pattern, text, reach)
        assert (whole and whole.span()) == (tail and tail.span()), repr(text)
        found += whole is not None
    assert found > 100


def _plain_is_age(before: str, after: str) -> bool:
    civilian, military = numbers._CIVILIAN, numbers._MILITARY
    return bool(re.search(r"\baged\s+$", before, re.I) or numbers._AGE_AFTER.match(after)
                or (re.search(r"\(\s*$", before) and re.match(r"\s*\)", after))
                or (re.search(rf"(?:(?-i:[A-Z])[\w'’-]+|\b{civilian}|\b{military})\s*,\s*$", before, re.I)
                    and re.match(r"\s*(?:,|\s[-–—]\s)", after)))


def test_casualties_are_the_plain_tests_casualties(monkeypatch):
    sentences = _sentences() + ["Anna Sargsyan (61) and Ivan, 45, were killed", "a man, aged 60, was wounded",
                                "killed on September 27 and 12 were wounded", "no 3 people died, 5 soldiers were hurt"]
    fast = [numbers.parse_casualties.__wrapped__(s) for s in sentences]
    monkeypatch.setattr(numbers, "_at_end", lambda pattern, text, reach: pattern.search(text))
    monkeypatch.setattr(numbers, "_AGE_DIGITS", re.compile(""))
    monkeypatch.setattr(numbers, "_is_age", _plain_is_age)
    assert fast == [numbers.parse_casualties.__wrapped__(s) for s in sentences]
    assert sum(c.any for c in fast) > 20
