"""The curated word lists of ``gazetteer/data/stoplist.txt``, keyed by normalised form."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from gazetteer.normalize import normalize

STOPLIST_PATH = Path(__file__).parent / "data" / "stoplist.txt"
#: Data that shapes what counts as a place (see ``geo.pipeline.fingerprint``); the place table itself
#: is covered by ``Gazetteer.version``.
FINGERPRINT_DATA = ("data/stoplist.txt",)


@lru_cache(maxsize=4)
def load_stoplist(path: Path = STOPLIST_PATH) -> dict[str, frozenset[str]]:
    """Sections of the stoplist file, each a set of :func:`normalize` keys.

    Examples
    --------
    >>> "armanian" in load_stoplist()["demonyms"]
    True
    """
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is not None:
            current.add(normalize(line))
    return {name: frozenset(keys) for name, keys in sections.items()}
