"""The plain-Python automaton answers as pyahocorasick does (the compiled engine)."""

from __future__ import annotations

import random

import ahocorasick
import pytest

from gazetteer.multipattern import PureAutomaton, compiled, new_automaton


def _both(words):
    built = []
    for automaton in (ahocorasick.Automaton(), PureAutomaton()):
        for word, value in words.items():
            automaton.add_word(word, value)
        automaton.make_automaton()
        built.append(automaton)
    return built


@pytest.mark.parametrize("seed", range(40))
def test_same_matches_as_pyahocorasick_on_random_words(seed):
    rng = random.Random(seed)
    alphabet = "ab c" if seed % 2 else "abcdé’-"
    words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))): n for n in range(rng.randint(1, 40))}
    compiled_one, pure = _both(words)
    text = "".join(rng.choice(alphabet + "xz") for _ in range(300))
    assert list(pure.iter(text)) == list(compiled_one.iter(text))
    assert len(pure) == len(compiled_one)


def test_overlapping_and_nested_keys_all_found_longest_first():
    _, pure = _both({"he": 1, "she": 2, "hers": 3, "s": 4})
    assert list(pure.iter("ushers")) == [(1, 4), (3, 2), (3, 1), (5, 3), (5, 4)]


def test_a_key_added_twice_keeps_the_last_value_and_counts_once():
    pure = PureAutomaton()
    assert pure.add_word("gaza", 1) is True
    assert pure.add_word("gaza", 2) is False
    pure.make_automaton()
    assert len(pure) == 1 and list(pure.iter("gaza")) == [(3, 2)]


def test_the_environment_chooses_the_engine(monkeypatch):
    monkeypatch.setenv("GEO_PURE_PYTHON", "1")
    assert not compiled() and isinstance(new_automaton(), PureAutomaton)
    monkeypatch.setenv("GEO_PURE_PYTHON", "0")
    assert compiled() and isinstance(new_automaton(), ahocorasick.Automaton)
