"""Many strings found in one pass over a text: an Aho-Corasick automaton.

The compiled engine is pyahocorasick (from PyPI). :class:`PureAutomaton` is the same
automaton in plain Python, used when pyahocorasick cannot be imported or when the
environment variable ``GEO_PURE_PYTHON`` is set (to 1, or any value but "" and "0"): slower,
with the same answers, which is what the equivalence tests check.

Examples
--------
>>> automaton = new_automaton()
>>> for word in ("he", "she", "hers"):
...     _ = automaton.add_word(word, word)
>>> automaton.make_automaton()
>>> sorted(automaton.iter("ushers"))
[(3, 'he'), (3, 'she'), (5, 'hers')]
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from typing import Any

try:
    import ahocorasick
except ImportError:  # pragma: no cover - a dependency; the plain-Python automaton stands in
    ahocorasick = None

__all__ = ["PureAutomaton", "compiled", "new_automaton"]


def compiled() -> bool:
    """Whether :func:`new_automaton` gives pyahocorasick's compiled automaton."""
    return ahocorasick is not None and os.environ.get("GEO_PURE_PYTHON", "") in ("", "0")


def new_automaton():
    """An empty automaton: ``add_word(key, value)``, ``make_automaton()``, ``iter(text)``
    giving ``(index of the last character, value)`` of every occurrence, overlapping ones too."""
    return ahocorasick.Automaton() if compiled() else PureAutomaton()


class PureAutomaton:
    """pyahocorasick's ``Automaton`` (the methods this project uses), in plain Python."""

    def __init__(self) -> None:
        self._goto: list[dict[str, int]] = [{}]
        self._value: list[Any] = [None]
        self._has: list[bool] = [False]
        self._length: list[int] = [0]
        self._fail: list[int] = [0]
        self._out: list[int] = [-1]  # the nearest state on the failure chain that ends a word
        self._words = 0

    def __len__(self) -> int:
        return self._words

    def add_word(self, key: str, value: Any) -> bool:
        """Add ``key`` with ``value`` (replacing an earlier value); True if the key is new."""
        state = 0
        for char in key:
            following = self._goto[state].get(char)
            if following is None:
                following = len(self._goto)
                self._goto[state][char] = following
                self._goto.append({})
                self._value.append(None)
                self._has.append(False)
                self._length.append(self._length[state] + 1)
                self._fail.append(0)
                self._out.append(-1)
            state = following
        new = not self._has[state]
        self._has[state], self._value[state] = True, value
        self._words += new
        return new

    def make_automaton(self) -> None:
        """Compute the failure links (breadth first), after the last :meth:`add_word`."""
        queue = deque(self._goto[0].values())
        while queue:
            state = queue.popleft()
            for char, following in self._goto[state].items():
                queue.append(following)
                fail = self._fail[state]
                while fail and char not in self._goto[fail]:
                    fail = self._fail[fail]
                target = self._goto[fail].get(char, 0)
                self._fail[following] = target if target != following else 0
                link = self._fail[following]
                self._out[following] = link if self._has[link] else self._out[link]

    def iter(self, text: str) -> Iterator[tuple[int, Any]]:
        """``(end index, value)`` of every key occurring in ``text``, in order of their ends
        (longest first among keys ending at one index, as pyahocorasick gives them)."""
        goto, fail, has, out, value = self._goto, self._fail, self._has, self._out, self._value
        state = 0
        for index, char in enumerate(text):
            while state and char not in goto[state]:
                state = fail[state]
            state = goto[state].get(char, 0)
            found = state if has[state] else out[state]
            while found > 0:
                yield index, value[found]
                found = out[found]
