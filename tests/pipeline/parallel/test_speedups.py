"""The speed-ups made for scale change no result (bench/run.py --profile found the hot spots).

Each fast path is compared with the straightforward definition it replaces, on real and
synthetic article text.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from geo.read.articles import _control_ratio
from geo.extract.lexicon import _CUE_FILTER, _CUE_PATTERNS, _find_cues
from geo.language.numbers import Casualties, parse_casualties
from geo.language.sentences import split_sentences

HERE = Path(__file__).parent
TEXTS = sorted([*(HERE.parents[2] / "seeds").glob("*.txt"), *(HERE / "articles").glob("*.txt")])


def _sentences() -> list[str]:
    return [s.text for path in TEXTS for s in split_sentences(path.read_text(encoding="utf-8"))]


def _slow_control_ratio(text: str) -> float:
    sample = text[:200_000]
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\v") or 0x7f <= ord(c) < 0xa0)
    return controls / max(1, len(sample))


def test_control_ratio_counts_exactly_the_control_characters():
    every_char = "".join(chr(c) for c in range(0x300))
    assert _control_ratio(every_char) == _slow_control_ratio(every_char) == 60 / 0x300
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        assert _control_ratio(text) == _slow_control_ratio(text)


def test_lexicon_prefilter_keeps_every_pattern_that_matches():
    sentences = _sentences()
    assert len(sentences) > 100
    skipped = 0
    for sentence in sentences:
        for text in (sentence, sentence.upper()):
            candidates = set(_CUE_FILTER.candidates(text))
            skipped += len(_CUE_PATTERNS) - len(candidates)
            for index, (kind, pattern) in enumerate(_CUE_PATTERNS):
                if pattern.search(text):
                    assert index in candidates, (kind, pattern.pattern, text)
    assert skipped > len(sentences) * len(_CUE_PATTERNS)  # it does skip most patterns


def test_cues_are_found_in_real_and_synthetic_sentences():
    # Guards the comparison above against a lexicon that no longer matches anything.
    kinds = {cue.event_type for sentence in _sentences() for cue in _find_cues(sentence)}
    assert {"shelling", "armed_clash", "territory_change"} <= kinds


@pytest.mark.parametrize("clause", ["six civilians were killed and 26 wounded on their side",
                                    "Officials say 58 soldiers have been killed since Sunday"])
def test_cached_casualties_are_frozen_and_equal_to_a_fresh_parse(clause):
    first = parse_casualties(clause)
    parse_casualties.cache_clear()
    assert parse_casualties(clause) == first
    assert isinstance(first, Casualties)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.killed = 0  # a cached result shared by callers cannot be changed by one of them
