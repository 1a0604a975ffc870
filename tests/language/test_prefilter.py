"""geo.language.prefilter: the literal words a pattern needs, and skipping only patterns that cannot match."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from geo.language.prefilter import Prefilter, regex_fold, requirement


@pytest.mark.parametrize("pattern, expected", [
    (r"\bshell(?:ing|ed)\b", {"shelling", "shelled"}),
    (r"\b(?:artillery|rocket|mortar)\s+fire\s+(?:on|at)\b", {"artillery", "rocket", "mortar"}),
    (r"\b(?:a|an)\s+fire\s+(?:on|at)\b", {"fire"}),
    (r"\bseized?\b", {"seize", "seized"}),
    (r"\b(?:took|taken)\s+(?=(?-i:[A-Z])\w+)", {"took", "taken"}),
    (r"\bfoo(?!x)bar\b", {"foobar"}),  # lookarounds take no characters
    (r"\b(?:counter-?)?offensives?\b", {"offensive", "offensives", "counteroffensive", "counteroffensives",
                                        "counter-offensive", "counter-offensives"}),
    (r"(?:a|b)+\s+(?:one|two)\b", {"one", "two"}),  # a repeat of one letter is less selective
])
def test_requirement_is_the_most_selective_fixed_part(pattern, expected):
    assert requirement(re.compile(pattern, re.I)) == expected


@pytest.mark.parametrize("pattern", [r"\d+", r"\w+\s+\w+", r"(?:killed)?\s*\d+", r"(?:shelled|\d+)", r"[A-Z][a-z]+",
                                     r"(\w)\1"])
def test_patterns_without_a_fixed_part_are_never_skipped(pattern):
    assert requirement(pattern) is None
    assert Prefilter([re.compile(pattern)]).candidates("nothing fixed here 12") == (0,)


def test_ignorecase_letters_that_fold_differently_still_match():
    # re.IGNORECASE matches "i" with the dotless "ı" of Azerbaijani and "s" with "ſ".
    pattern = re.compile(r"\bbaki\b|\bstrike\b", re.I)
    for text in ("BAKI said", "Bakı said", "a ſtrike", "STRIKE"):
        assert pattern.search(text)
        assert Prefilter([pattern]).candidates(text) == (0,), text
    assert regex_fold("Bakı") == regex_fold("BAKI")


def test_candidates_are_in_pattern_order_and_skip_the_rest():
    patterns = [re.compile(p, re.I) for p in (r"\bclash\w*", r"\bshelled\b", r"\bmet\s+with\b", r"\d+")]
    assert Prefilter(patterns).candidates("Troops Shelled and clashed; 3 dead") == (0, 1, 3)
    assert Prefilter(patterns[:3]).may_match("The weather was fine") is False
    assert Prefilter(patterns[:3]).may_match("they met with envoys") is True


def test_random_texts_never_lose_a_match():
    # Texts assembled from the patterns' own words in random case: whatever a pattern
    # matches, the prefilter keeps it.
    patterns = [re.compile(p, re.I) for p in (
        r"\b(?:shot|shoot)\s+down\b", r"\bshell(?:s|ed|ing)?\b", r"\b(?:took|seized)\s+(?:full\s+)?control\s+of\b",
        r"\bceasefire\s+(?:\w+\s+){0,2}(?:was|were)\s+agreed\b", r"\bfell\s+to\b")]
    words = ["shot", "shoot", "down", "shell", "shelled", "took", "seized", "full", "control", "of", "ceasefire",
             "was", "were", "agreed", "fell", "to", "the", "town", "ſhelled", "DOWN"]
    rng = random.Random(7)
    prefilter = Prefilter(patterns)
    matched = 0
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(2, 7)))
        text = "".join(c.upper() if rng.random() < 0.3 else c for c in text)
        candidates = set(prefilter.candidates(text))
        for index, pattern in enumerate(patterns):
            if pattern.search(text):
                matched += 1
                assert index in candidates, (pattern.pattern, text)
    assert matched > 300


def _real_sentences() -> list[str]:
    from geo.read.articles import read_folder
    from geo.language.sentences import split_sentences

    root = Path(__file__).parents[2]
    folders = (root / "seeds", root / "tests/gold/dev/articles", root / "tests/pipeline/parallel/articles")
    sentences = [s.text for folder in folders for article in read_folder(folder)[0]
                 for s in split_sentences(article.text)]
    assert len(sentences) > 200
    return sentences


def test_toll_gate_changes_no_casualty_figure(monkeypatch):
    from geo.language import numbers

    sentences = _real_sentences()
    gated = [numbers.parse_casualties.__wrapped__(s) for s in sentences]
    monkeypatch.setattr(numbers, "_TOLL_WORDS", Prefilter([re.compile(r"\d*")]))  # lets everything through
    assert gated == [numbers.parse_casualties.__wrapped__(s) for s in sentences]
    assert sum(c.any for c in gated) > 20


def test_date_gates_change_no_date(monkeypatch):
    from datetime import date

    from geo.language import dates

    sentences = _real_sentences()
    published = date(2020, 10, 12)
    gated = [dates._resolve.__wrapped__(s, published) for s in sentences]
    for name in ("_DECADE", "_RELATIVE"):
        monkeypatch.setattr(dates, name, getattr(dates, name).regex)  # the patterns without their gates
    assert gated == [dates._resolve.__wrapped__(s, published) for s in sentences]
    assert sum(bool(spans) for spans in gated) > 50


def test_one_automaton_pass_gives_what_substring_search_gives():
    # The lexicon's own patterns over real sentences: the Aho-Corasick pass (candidates) and
    # the plain substring search (candidates_by_search) choose the same patterns.
    from geo.extract.lexicon import _CUE_FILTER

    sentences = _real_sentences()
    chosen = [_CUE_FILTER.candidates(s) for s in sentences]
    assert chosen == [_CUE_FILTER.candidates_by_search(s) for s in sentences]
    assert sum(map(len, chosen)) > 200


def test_a_gated_pattern_answers_as_the_pattern_on_real_sentences():
    from geo.language.prefilter import Gated, gated

    pattern = re.compile(r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed)?)\b|\bshell(?:s|ed|ing)?\s+(\w+)", re.I)
    gate = gated(pattern)
    assert isinstance(gate, Gated) and gate.pattern == pattern.pattern and gate.flags == pattern.flags
    sentences = _real_sentences() + ["They DENIED it.", "Troops shelled Kyiv", "nothing", ""]
    for s in sentences:
        assert [m.span() for m in gate.finditer(s)] == [m.span() for m in pattern.finditer(s)]
        assert gate.findall(s) == pattern.findall(s)
        for method in ("search", "match", "fullmatch"):
            found, expected = getattr(gate, method)(s, 3), getattr(pattern, method)(s, 3)
            assert (found and found.span()) == (expected and expected.span()), (method, s)
    assert sum(bool(pattern.search(s)) for s in sentences) >= 3


def test_a_pattern_without_required_literals_is_not_gated():
    from geo.language.prefilter import gated

    pattern = re.compile(r"\d+")
    assert gated(pattern) is pattern


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("fold_case", [True, False])
def test_word_trie_matches_as_the_longest_first_alternation(seed, fold_case):
    from geo.language.prefilter import word_trie

    rng = random.Random(seed)
    words = {"".join(rng.choice("abAB. é") for _ in range(rng.randint(1, 5))).strip() or "a" for _ in range(40)}
    flat = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    flags = re.I if fold_case else 0
    for template in (r"(?:{})", r"\b(?:{})\s+x", r"(?:(?:{}|the)[\s-]+)*b"):
        old = re.compile(template.format(flat), flags)
        new = re.compile(template.format(word_trie(words, fold_case=fold_case)), flags)
        text = "".join(rng.choice("abAB. éx-") for _ in range(400))
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


def test_lexicon_demonyms_are_a_trie_with_the_same_matches():
    from gazetteer.actors import demonym_countries
    from geo.extract import lexicon

    flat = "|".join(re.escape(d) for d in sorted(demonym_countries(), key=len, reverse=True))
    patterns = [p for ps in lexicon.LEXICON.values() for p in ps if lexicon._DEMONYM in p] + [lexicon._AIRCRAFT]
    assert len(patterns) >= 5
    sentences = _real_sentences() + ["Two Russian Su-25 jets and an Israeli drone were shot down after Sudanese fire on Kadugli."]
    for pattern in patterns:
        old, new = re.compile(pattern.replace(lexicon._DEMONYM, flat), re.I), re.compile(pattern, re.I)
        for s in sentences:
            assert [m.span() for m in new.finditer(s)] == [m.span() for m in old.finditer(s)], (pattern[:50], s)
