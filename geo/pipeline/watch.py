"""``geo watch``: rebuild whenever an article is added, changed or removed.

One build at start, then one per batch of file-system changes (watchfiles groups
changes arriving within ``debounce_ms``). Each build is incremental (:mod:`geo.pipeline.cache`),
so adding one article re-reads one article. Changes inside the output folder, hidden
files and editor temporaries never trigger a build, so an output folder inside the
articles folder does not loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from geo.errors import GeoError
from geo.pipeline.run import BuildOptions, BuildSummary, run_build

logger = logging.getLogger(__name__)

#: Editor and OS droppings that are not articles.
_IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", ".part", ".crdownload", "~")


class ArticleFilter(watchfiles.DefaultFilter):
    """watchfiles filter: changes to articles (and ``dates.csv``), not to outputs or temporaries."""

    def __init__(self, out: Path) -> None:
        super().__init__()
        self._out = Path(out).resolve()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        resolved = Path(path).resolve()
        if resolved == self._out or self._out in resolved.parents:
            return False
        if resolved.name.startswith((".", "~")) or resolved.name.endswith(_IGNORED_SUFFIXES):
            return False
        return super().__call__(change, path)


def watch(
    options: BuildOptions,
    *,
    debounce_ms: int = 500,
    stop_event: threading.Event | None = None,
    max_builds: int | None = None,
    on_build: Callable[[BuildSummary], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    **build_kwargs,
) -> int:
    """Build, then rebuild on every change under ``options.articles`` until stopped.

    Parameters
    ----------
    options : BuildOptions
        As for :func:`geo.pipeline.run.run_build`.
    debounce_ms : int
        Changes arriving within this many milliseconds make one rebuild.
    stop_event : threading.Event, optional
        Set it to stop watching (from another thread); Ctrl-C also stops.
    max_builds : int, optional
        Stop after this many builds, the first one included.
    on_build : callable, optional
        Called with each :class:`BuildSummary`.
    on_error : callable, optional
        Called when a build raises a :class:`geo.errors.GeoError` (watching goes on);
        without it the error is logged.
    **build_kwargs
        Passed to :func:`run_build` (``extractor=``, ``gazetteer=``, ...).

    Returns
    -------
    int
        The number of builds run.

    Examples
    --------
    >>> watch(BuildOptions(articles=Path("seeds"), out=Path("output")))  # doctest: +SKIP
    """
    builds = 0

    def build_once() -> None:
        nonlocal builds
        builds += 1
        try:
            summary = run_build(options, **build_kwargs)
        except GeoError as err:
            if on_error is None:
                logger.error("build failed: %s", err)
            else:
                on_error(err)
            return
        if on_build is not None:
            on_build(summary)

    try:
        build_once()
        if max_builds is not None and builds >= max_builds:
            return builds
        for changes in watchfiles.watch(
            options.articles,
            watch_filter=ArticleFilter(options.out),
            debounce=debounce_ms,
            stop_event=stop_event,
            raise_interrupt=False,
        ):
            logger.info("changed: %s", ", ".join(sorted(Path(p).name for _, p in changes)))
            build_once()
            if max_builds is not None and builds >= max_builds:
                break
    except KeyboardInterrupt:
        # Ctrl-C during a build stops watching too; outputs are replaced only whole, so the
        # last finished build's stay as they were
        logger.warning("stopped during a build: the outputs are those of the last finished build")
    return builds
