"""The memo caches of the extraction code, emptied so that a timed pass starts cold.

Shared by the benchmarks (bench/run.py, bench/cpu.py): the ``lru_cache`` of a clause or a
name remembers its answer, so a second pass over the same text, or text repeated across
articles, costs less than a build of new articles would.
"""

from __future__ import annotations

import sys


def clear_caches() -> None:
    """Empty the memo caches of the extraction code, so each timed pass starts cold like a build.

    Every module-level callable of the loaded ``geo.*`` and ``gazetteer.*`` modules that has
    ``cache_clear`` is emptied, except ``*default*`` ones (the loaded gazetteer is kept: a
    build loads it once too).
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith(("geo.", "gazetteer.")):
            continue
        for attribute, value in vars(module).items():
            if callable(getattr(value, "cache_clear", None)) and "default" not in attribute:
                value.cache_clear()
