"""Faster forms of lexicon patterns answer as the plain ones did."""

from __future__ import annotations

import re

import pytest

from geo.extract import lexicon

#: The air-context pattern as first written: every aircraft word with the words that may come before it.
_WHOLE_AIR_CONTEXT = re.compile(
    rf"{lexicon._AIRCRAFT}|\b(?:air|aerial|aviation|air\s+force|airstrikes?|from\s+the\s+air|bombers?)\b", re.I)


@pytest.mark.parametrize("text", [
    "Two Russian Su-25 attack aircraft and three enemy drones were seen over the town.",
    "the fighter jets of the air force struck; unmanned aerial vehicles followed",
    "Israeli warplanes, an F-16, its helicopters, 12 UAVs and one Bayraktar TB2 flew from the air",
    "Artillery and rockets hit the market; no aircraft was involved.",
    "Air-raid sirens sounded as military-fighter planes and Mi-8 helicopters passed.",
    "Nothing here flies.",
    # every aircraft and air word, as the first-letter lookahead must let each through
    "Su-25 F-16 MiG-29 Mi-8 aircraft airplane air plane warplane jets fighter jets helicopters drones UAVs aerial "
    "vehicles Bayraktar TB2 planes; air, aerial, aviation, air force, airstrikes, from the air, bombers.",
    "SU-25 F-16S MIG-29 MI-8 AIRCRAFT AIRPLANE WARPLANES JETS FIGHTER JETS HELICOPTERS DRONES UAVS AERIAL VEHICLES "
    "BAYRAKTARS TB2S PLANES AIR AERIAL AVIATION AIR FORCE AIRSTRIKES FROM THE AIR BOMBERS",
])
def test_air_context_counts_and_finds_as_the_whole_pattern(text):
    assert len(lexicon._AIR_CONTEXT.findall(text)) == len(_WHOLE_AIR_CONTEXT.findall(text))
    assert bool(lexicon._AIR_CONTEXT.search(text)) == bool(_WHOLE_AIR_CONTEXT.search(text))


def test_air_context_on_real_sentences():
    from tests.language.test_prefilter import _real_sentences

    sentences = _real_sentences()
    counts = [len(lexicon._AIR_CONTEXT.findall(s)) for s in sentences]
    assert counts == [len(_WHOLE_AIR_CONTEXT.findall(s)) for s in sentences]
    assert sum(counts) > 10


def test_air_context_look_ahead_admits_every_first_letter():
    # The look-ahead names the letters an aircraft or air word can begin with: one new word
    # beginning with another letter must be added to it (or it would go unseen).
    from re import _parser

    from tests.language.test_dates_fast_paths import _first

    look = re.match(r"\\b\(\?=(\[[^\]]+\])\)\(\?:(.*)\)$", lexicon._AIR_CONTEXT.pattern, re.S)
    assert look
    allowed = re.compile(look.group(1), re.I)
    first, empty = _first(list(_parser.parse(look.group(2), re.I)), re.I)
    assert not empty and len(first) >= 10
    for char in first:
        for variant in (char.lower(), char.upper()):
            assert allowed.fullmatch(variant), variant
