"""geo.language.dates: the faster forms of the date patterns (tries, look-aheads) match as the plain ones did."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from geo.language import dates
from geo.language.prefilter import word_trie

try:  # Python >= 3.11
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_PATTERNS = ["_MONTH_DAY", "_DAY_MONTH", "_MONTH_DAY_RANGE", "_DAY_MONTH_RANGE", "_MONTH_YEAR", "_MONTH_ALONE",
             "_ANY_MONTH", "_WEEKDAY", "_RELATIVE"]
#: The look-aheads that only say which characters a match can begin with.
_FIRST_CHARS = re.compile(r"\(\?=(?:\(\?i:)?\[[A-Za-z\\d]+\]\)?\)|\(\?=\\d\)(?=\(\?i:\(\?<=)")


def _flat(words) -> tuple[str, str]:
    forms = {f for w in words for f in (w.capitalize(), w.upper())}
    return word_trie(forms, fold_case=False), "|".join(sorted(forms, key=len, reverse=True))


def _plain(name: str) -> re.Pattern:
    """The pattern as first written: flat alternations, longest first, and no first-character look-ahead."""
    pattern = getattr(dates, name)
    text = _FIRST_CHARS.sub("", pattern.pattern)
    months, weekdays = dates.MONTHS, dates.WEEKDAYS
    for words in ([w for w in months if len(w) > 4 or w == "may"], [w for w in months if len(w) <= 4 and w != "may"],
                  [w for w in weekdays if len(w) > 4], list(weekdays)):
        trie, flat = _flat(words)
        text = text.replace(trie, flat)
    assert "S(?:" not in text, name  # every trie replaced
    return re.compile(text, pattern.flags)


def _sentences() -> list[str]:
    from tests.language.test_prefilter import _real_sentences

    texts = _real_sentences()
    corpus = Path(__file__).parents[2] / "../shared/devcorpus"
    if corpus.is_dir():  # whole articles, when the development corpus is at hand
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.rglob("*.txt"))[:150]]
    return texts + ["Sunday, SEPT. 27, 2020", "on Sept 4 and MAY 5", "from 1 to 3 October", "between October 1 and 3",
                    "THURS night", "last Thurs", "from Oct. 2 until 5, 2020", "the night of 9 to 10 OCTOBER",
                    "the day before yesterday", "a couple of days later", "ſeveral decades ago"]


@pytest.mark.parametrize("name", _PATTERNS)
def test_fast_pattern_finds_what_the_plain_one_finds(name):
    fast, plain = getattr(dates, name), _plain(name)
    assert fast.pattern != plain.pattern
    found = 0
    for text in _sentences():
        spans = [(m.span(), m.groupdict()) for m in fast.finditer(text)]
        assert spans == [(m.span(), m.groupdict()) for m in plain.finditer(text)], text[:80]
        found += len(spans)
    assert found >= 2


def _first(items, flags) -> tuple[set, bool]:
    """(characters a match of the parsed items can begin with, whether they can match nothing);
    a category stands for itself ("DIGIT"); None when unknown."""
    chars: set = set()
    for op, av in items:
        if op is _c.LITERAL:
            return chars | {chr(av)}, False
        if op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL:
                    chars.add(chr(value))
                elif kind is _c.RANGE:
                    chars.update(map(chr, range(value[0], value[1] + 1)))
                elif kind is _c.CATEGORY and value is _c.CATEGORY_DIGIT:
                    chars.add("DIGIT")
                else:
                    raise AssertionError(f"unknown set item {kind}")
            return chars, False
        if op is _c.ASSERT and av[0] == 1:
            ahead, empty = _first(list(av[1]), flags)
            if not empty:  # what follows must begin as the look-ahead does
                return chars | ahead, False
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width
        if op is _c.SUBPATTERN:
            inner, empty = _first(list(av[-1]), flags)
        elif op is _c.BRANCH:
            parts = [_first(list(branch), flags) for branch in av[1]]
            inner, empty = set().union(*(p[0] for p in parts)), any(p[1] for p in parts)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            inner, empty = _first(list(av[2]), flags)
            empty = empty or av[0] == 0
        else:
            raise AssertionError(f"unknown item {op}")
        chars |= inner
        if not empty:
            return chars, False
    return chars, True


@pytest.mark.parametrize("name", _PATTERNS)
def test_look_ahead_allows_every_first_character_of_the_pattern(name):
    fast = getattr(dates, name)
    look = _FIRST_CHARS.search(fast.pattern)
    assert look, name
    allowed = re.compile(look.group()[3:-1], fast.flags)
    first, empty = _first(list(_sre_parse.parse(_plain(name).pattern, fast.flags)), fast.flags)
    assert not empty
    for char in first:
        sample = "7" if char == "DIGIT" else char
        # under re.IGNORECASE both cases of a letter begin a match: the class must take both
        for variant in {sample, sample.upper(), sample.lower()} if fast.flags & re.I else {sample}:
            assert allowed.fullmatch(variant), (name, variant)


def test_resolved_dates_are_the_plain_patterns_dates(monkeypatch):
    texts = _sentences()
    published = date(2020, 10, 12)
    fast = [(dates._resolve.__wrapped__(t, published), dates._resolve.__wrapped__(t, None), dates.written_dates(t))
            for t in texts]
    for name in _PATTERNS:
        monkeypatch.setattr(dates, name, _plain(name))
    plain = [(dates._resolve.__wrapped__(t, published), dates._resolve.__wrapped__(t, None),
              dates._written_dates.__wrapped__(t)) for t in texts]
    assert [(a, b, tuple(c)) for a, b, c in fast] == plain
    assert sum(bool(f[0]) for f in fast) > 50
