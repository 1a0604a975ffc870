"""Every strict name key of a gazetteer by its loose key (:func:`gazetteer.normalize.skeleton`).

The matcher and the resolver look a name up by its loose key when the strict key knows
none ("Saraqeb" for Saraqib). The index is built on first use from all keys at once
(:func:`gazetteer.normalize.skeletons`) and held as sorted ``loose<TAB>key<TAB>key ...``
lines searched by bisection, like the name index of the data file: for the world table's
360,000 keys a dict of lists took 4.4 s to build and 70 MB.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import islice

from gazetteer.normalize import MIN_SKELETON, skeletons


class LooseIndex:
    """Strict keys by loose key; loose keys shorter than :data:`MIN_SKELETON` are left out.

    Examples
    --------
    >>> index = LooseIndex(["saragab", "saragib", "tartar"])
    >>> index.get("srgb")
    ['saragab', 'saragib']
    >>> index.get("xyz")
    ()
    """

    def __init__(self, keys: Iterable[str]) -> None:
        """``keys``: ASCII strict keys, in the order :meth:`get` should list them."""
        groups: dict[str, str] = {}
        keys = iter(keys)
        while chunk := list(islice(keys, 20_000)):  # in slices: all keys and their skeletons at once take ~60 MB
            for loose, key in zip(skeletons(chunk), chunk):
                if len(loose) >= MIN_SKELETON:
                    known = groups.get(loose)
                    groups[loose] = key if known is None else f"{known}\t{key}"
        self._lines = sorted(f"{loose}\t{strict}" for loose, strict in groups.items())

    def __len__(self) -> int:
        return len(self._lines)

    def get(self, loose: str, default=()):
        """The strict keys of loose key ``loose`` (a list), or ``default`` if it has none."""
        probe = loose + "\t"
        i = bisect_left(self._lines, probe)
        if i < len(self._lines) and self._lines[i].startswith(probe):
            return self._lines[i][len(probe):].split("\t")
        return default
