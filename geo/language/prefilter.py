"""Skip regular expressions that cannot match: literal words every match must contain.

The extraction runs about a hundred lexicon patterns, date and number patterns over every
clause. Most clauses contain none of the words those patterns are built around, yet
Python's ``re`` tries each pattern at every position. :class:`Prefilter` reads each
pattern's syntax tree once and derives a *requirement*: a small set of literal strings,
one of which occurs (case-folded) in any text the pattern matches. Testing a handful of
substrings is far cheaper than a regex scan, so only the patterns whose requirement is met
are run.

The analysis is conservative: a pattern whose requirement cannot be derived (it could match
without any fixed letters, e.g. ``\\d+``) is always run, so filtering never changes a result,
only skips work.

Examples
--------
>>> import re
>>> patterns = [re.compile(r"\\bshell(?:ing|ed)\\b", re.I), re.compile(r"\\bshot\\s+down\\b", re.I)]
>>> Prefilter(patterns).candidates("Tanks SHELLED the town")
(0,)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import product

from gazetteer.multipattern import compiled, new_automaton

try:  # Python >= 3.11
    from re import _constants as _c
    from re import _casefix as _c_casefix
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    from re import _casefix as _c_casefix  # type: ignore[no-redef]

__all__ = ["Gated", "Prefilter", "gated", "regex_fold", "requirement", "word_trie"]

#: Length of the leading substring by which required strings are indexed.
_GRAM = 3
#: Up to this many strings, testing each one is cheaper than indexing the text.
_LINEAR_UP_TO = 300
#: Largest set of alternative strings an expression is expanded into.
_MAX_ALTERNATIVES = 64

#: Characters that ``re.IGNORECASE`` matches with another letter although their case
#: folds differ ("i" matches the Turkish dotless "ı"): both fold to one letter here.
_RE_CASE_FIX = {}
for _code, _others in _c_casefix._EXTRA_CASES.items():
    _RE_CASE_FIX[_code] = min(chr(_code), *map(chr, _others)).casefold()


def regex_fold(text: str) -> str:
    """Text folded so that a pattern matching it case-insensitively finds its literals in it."""
    return text.casefold().translate(_RE_CASE_FIX)


#: Texts folded lately (a clause is tried by several pre-filters and gated patterns in a row).
_FOLDED: dict[str, str] = {}
#: Longer texts (a whole article, a part of a huge one) are folded each time, never kept.
_FOLDED_KEPT_UP_TO = 4_000


def _folded(text: str) -> str:
    if len(text) > _FOLDED_KEPT_UP_TO:
        return regex_fold(text)
    folded = _FOLDED.get(text)
    if folded is None:
        if len(_FOLDED) > 512:
            _FOLDED.clear()
        folded = _FOLDED[text] = regex_fold(text)
    return folded


def requirement(pattern: re.Pattern | str, flags: int = 0) -> frozenset[str] | None:
    """Case-folded strings one of which occurs in every match of ``pattern``; None if unknown.

    Examples
    --------
    >>> sorted(requirement(r"\\b(?:artillery|rocket)\\s+fire\\b"))
    ['artillery', 'rocket']
    >>> requirement(r"\\d+") is None
    True
    """
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    try:
        tree = _sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an unparsable pattern is simply never skipped
        return None
    found = _required(list(tree))
    if not found or "" in found:
        return None
    return frozenset(found)


class Prefilter:
    """The patterns of a list that may match a text (see the module docstring).

    Parameters
    ----------
    patterns : sequence of re.Pattern
        Compiled patterns; their positions are what :meth:`candidates` returns.
    """

    def __init__(self, patterns: Sequence[re.Pattern]) -> None:
        self.patterns = tuple(patterns)
        self._always: list[int] = []
        by_string: dict[str, list[int]] = {}
        for index, pattern in enumerate(self.patterns):
            needed = requirement(pattern)
            if needed is None:
                self._always.append(index)
                continue
            for string in needed:
                by_string.setdefault(string, []).append(index)
        self._strings = tuple(sorted(by_string))
        self._indices = tuple(tuple(by_string[s]) for s in self._strings)
        # Strings by their first three letters: a text is checked only for the strings whose
        # first three letters it contains (with hundreds of strings, as the actor tables give,
        # testing each one against every clause would cost more than it saves).
        self._short: list[int] = []
        self._by_gram: dict[str, list[int]] = {}
        for position, string in enumerate(self._strings):
            if len(string) < _GRAM:
                self._short.append(position)
            else:
                self._by_gram.setdefault(string[:_GRAM], []).append(position)
        # One Aho-Corasick pass finds every required string a text holds at once
        # (candidates_by_search gives the same answer by substring search).
        self._automaton = None
        if self._strings and compiled():
            self._automaton = new_automaton()
            for string, indices in zip(self._strings, self._indices):
                self._automaton.add_word(string, indices)
            self._automaton.make_automaton()

    def candidates(self, text: str) -> tuple[int, ...]:
        """Positions, in order, of the patterns whose required strings occur in ``text``."""
        if self._automaton is None:
            return self.candidates_by_search(text)
        hit = set(self._always)
        for _, indices in self._automaton.iter(_folded(text)):
            hit.update(indices)
        return tuple(sorted(hit))

    def candidates_by_search(self, text: str) -> tuple[int, ...]:
        """:meth:`candidates` by substring search, without the Aho-Corasick automaton."""
        folded = regex_fold(text)
        hit = set(self._always)
        if len(self._strings) <= _LINEAR_UP_TO:
            for string, indices in zip(self._strings, self._indices):
                if string in folded:
                    hit.update(indices)
            return tuple(sorted(hit))
        grams = {folded[i:i + _GRAM] for i in range(len(folded) - _GRAM + 1)}
        for gram in grams & self._by_gram.keys() if len(grams) < len(self._by_gram) else (
                g for g in self._by_gram if g in grams):
            for position in self._by_gram[gram]:
                if self._strings[position] in folded:
                    hit.update(self._indices[position])
        for position in self._short:
            if self._strings[position] in folded:
                hit.update(self._indices[position])
        return tuple(sorted(hit))

    def may_match(self, text: str) -> bool:
        """True when at least one pattern may match ``text``."""
        if self._always:
            return True
        folded = regex_fold(text)
        return any(string in folded for string in self._strings)


def _required(items: list) -> set[str] | None:
    """Requirement of a sequence of parsed items: the most selective among its parts."""
    best: set[str] | None = None
    run: set[str] = {""}  # exact strings of the current run of fixed items

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and "" not in candidate and _better(candidate, best):
            best = candidate

    for op, av in items:
        exact = _exact(op, av)
        if exact is not None and len(run) * len(exact) <= _MAX_ALTERNATIVES:
            run = {a + b for a, b in product(run, exact)}
            continue
        consider(run)
        if exact is not None:
            run = exact
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the fixed strings on both sides stay adjacent
        run = {""}
        consider(_required_of(op, av))
    consider(run)
    return best


def _required_of(op, av) -> set[str] | None:
    """Requirement of one parsed item that is not a fixed string."""
    if op is _c.SUBPATTERN:
        return _required(list(av[-1]))
    if op is _c.ATOMIC_GROUP:
        return _required(list(av))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, body = av
        return _required(list(body)) if low >= 1 else None
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            needed = _required(list(branch))
            if not needed:
                return None
            union |= needed
        return union if len(union) <= _MAX_ALTERNATIVES else None
    return None


def _exact(op, av) -> set[str] | None:
    """Every string one parsed item matches, when they are few and fixed (case-folded)."""
    if op is _c.LITERAL:
        return {regex_fold(chr(av))}
    if op is _c.SUBPATTERN:
        return _exact_sequence(list(av[-1]))
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            strings = _exact_sequence(list(branch))
            if strings is None:
                return None
            union |= strings
        return union if len(union) <= _MAX_ALTERNATIVES else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, body = av
        if high is _c.MAXREPEAT or high > 3:
            return None
        strings = _exact_sequence(list(body))
        if strings is None:
            return None
        out: set[str] = set()
        for count in range(low, high + 1):
            out |= {"".join(parts) for parts in product(strings, repeat=count)}
            if len(out) > _MAX_ALTERNATIVES:
                return None
        return out
    if op is _c.IN and all(kind is _c.LITERAL for kind, _ in av):
        return {regex_fold(chr(value)) for _, value in av}
    return None


def _exact_sequence(items: list) -> set[str] | None:
    strings = {""}
    for op, av in items:
        if op is _c.AT:
            continue  # \b, ^ and $ add no characters
        part = _exact(op, av)
        if part is None or len(strings) * len(part) > _MAX_ALTERNATIVES:
            return None
        strings = {a + b for a, b in product(strings, part)}
    return strings


def _better(candidate: set[str], best: set[str] | None) -> bool:
    """Longer shortest string first (fewer false hits), then fewer strings."""
    if best is None:
        return True
    return (min(map(len, candidate)), -len(candidate)) > (min(map(len, best)), -len(best))


class Gated:
    """A compiled pattern that is not run on a text holding none of the literals every match
    of it needs (see :func:`requirement`): it answers as the pattern would, for less.

    Only the methods below are gated; other attributes (``pattern``, ``flags``, ``groups``)
    are the pattern's. Use :func:`gated` to make one.
    """

    __slots__ = ("regex", "_automaton", "_strings")

    def __init__(self, regex: re.Pattern, needed: frozenset[str]) -> None:
        self.regex = regex
        self._strings = tuple(sorted(needed))
        self._automaton = None
        if compiled():
            self._automaton = new_automaton()
            for string in self._strings:
                self._automaton.add_word(string, string)
            self._automaton.make_automaton()

    def _absent(self, text: str) -> bool:
        """True when ``text`` holds none of the required literals: the pattern cannot match."""
        folded = _folded(text)
        if self._automaton is not None:
            return next(self._automaton.iter(folded), None) is None
        return not any(string in folded for string in self._strings)

    def search(self, string: str, *args):
        return None if self._absent(string) else self.regex.search(string, *args)

    def match(self, string: str, *args):
        return None if self._absent(string) else self.regex.match(string, *args)

    def fullmatch(self, string: str, *args):
        return None if self._absent(string) else self.regex.fullmatch(string, *args)

    def finditer(self, string: str, *args):
        return iter(()) if self._absent(string) else self.regex.finditer(string, *args)

    def findall(self, string: str, *args):
        return [] if self._absent(string) else self.regex.findall(string, *args)

    def __getattr__(self, name: str):
        return getattr(self.regex, name)

    def __repr__(self) -> str:
        return f"gated({self.regex!r})"


def gated(regex: re.Pattern) -> re.Pattern | Gated:
    """``regex`` gated by its required literals (:class:`Gated`), or itself when it has none.

    Examples
    --------
    >>> denial = gated(re.compile(r"\\bden(?:y|ied|ies)\\b", re.I))
    >>> denial.search("Officials DENIED it").group(), denial.search("Officials confirmed it")
    ('DENIED', None)
    """
    needed = requirement(regex)
    return regex if needed is None else Gated(regex, needed)


def word_trie(words, *, fold_case: bool = True) -> str:
    """A regex matching any of ``words`` as ``(?:w1|w2|...)`` with the longest first would,
    written as a trie ("russian|rwandan" -> "r(?:ussian|wandan)").

    Python's ``re`` tries every branch of an alternation at every position; with hundreds
    of words (the demonyms of the actor tables) that is most of a pattern's cost. In the
    trie one letter chooses the branch. The same texts match, and a match backtracks through
    the same words, longest first (the words that match at one place are prefixes of one
    another). With ``fold_case`` (the default) the words are lower-cased, for patterns
    compiled with ``re.IGNORECASE``; without it they are kept as written, for case-sensitive ones.

    Examples
    --------
    >>> word_trie(["Russian", "Rwandan", "Rus"])
    '(?:r(?:us(?:sian)?|wandan))'
    >>> bool(re.fullmatch(word_trie(["Russian", "Rwandan", "Rus"]), "RUS", re.I))
    True
    >>> word_trie(["Sep", "Sept", "Sat", "SEP"], fold_case=False)
    '(?:S(?:EP|at|ep(?:t)?))'
    """
    root: dict = {}
    for word in words:
        node = root
        for char in (word.lower() if fold_case else word):
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a word

    def emit(node: dict) -> str:
        branches = []
        for char in sorted(c for c in node if c):
            child = node[char]
            rest = emit(child) if any(child) else ""
            if "" in child and rest:
                rest = f"(?:{rest})?"
            branches.append(re.escape(char) + rest)
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    body = emit(root) if any(root) else ""
    return f"(?:(?:{body})?)" if "" in root and body else f"(?:{body})"
