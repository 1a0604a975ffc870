"""Run the per-article extraction in parallel: local processes or a Dask cluster.

Extraction (:func:`geo.extract.article.extract_article`) is pure and independent per article, so
it parallelises without coordination. Whatever the engine, :func:`map_extractions`
returns the results in input order, which is what keeps every output byte-identical to
the single-process build.

How the gazetteer reaches the workers
-------------------------------------
* Local processes: the gazetteer object given by the caller is handed to each worker
  process once, by the pool initializer. With fork (Linux, when the caller runs no other
  thread) the worker inherits it from the parent's memory at no cost; otherwise
  (forkserver, or spawn on macOS and Windows) it is pickled once per worker. Tasks then
  carry only articles.
* Dask: the caller's gazetteer (with the extractor function, by name) is sent once to
  every worker with ``client.scatter(..., broadcast=True)`` before any task is
  submitted; every task refers to that one copy and carries only its articles. The
  workers therefore use exactly the client's place data, whatever data file they have
  installed; they still need this package installed (same version) to run the code.

The online geocoder, when used, keeps extraction in one process: a public service's
rate limit and its on-disk cache are per client, not per worker.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass

from geo.version import __version__
from geo.errors import GeoError
from geo.model import Article, ArticleExtraction

logger = logging.getLogger(__name__)

#: Seconds to wait for a Dask scheduler (and for its first worker) before giving up.
CONNECT_TIMEOUT = 10.0

#: Batches per worker: enough to balance uneven articles, few enough to keep overhead low.
BATCHES_PER_WORKER = 8
MAX_BATCH = 256
#: Characters of text per batch taken from an iterator (a part of a huge article is 100,000).
BATCH_CHARS = 100_000

#: ``progress(done, total, article_name)``, called in the parent process as articles complete
#: (the same callback as :func:`geo.pipeline.run.run_build` takes).
ProgressCallback = Callable[[int, int, str], None]

#: ``extractor(article, gazetteer, *, online=None) -> ArticleExtraction``; for processes
#: and Dask it must be importable by name (a module-level function), as pickle requires.
Extractor = Callable[..., ArticleExtraction]


class ParallelError(GeoError, RuntimeError):
    """Parallel extraction cannot run: Dask missing, scheduler unreachable, workers unfit."""


def usable_cpus() -> int:
    """The CPUs this process may run on: its affinity mask (``taskset``, a container's cpuset),
    not the machine's count; ``--workers 0`` and the CLI's default use this many processes."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # no affinity on this platform
        return os.cpu_count() or 1


def map_extractions(
    articles: Sequence[Article],
    *,
    gazetteer,
    workers: int = 1,
    dask_address: str | None = None,
    progress: ProgressCallback | None = None,
    extractor: Extractor | None = None,
    online=None,
    return_exceptions: bool = False,
    batch_size: int | None = None,
    timeout: float = CONNECT_TIMEOUT,
) -> list[ArticleExtraction | Exception]:
    """Extract every article, in parallel if asked; results in input order.

    Parameters
    ----------
    articles : sequence of Article
        The articles to extract.
    gazetteer : gazetteer.Gazetteer
        Loaded once by the caller; shipped once to each worker.
    workers : int
        1 runs in this process; N > 1 uses N local processes; 0 means one per CPU. With
        ``dask_address="local"`` it is the number of LocalCluster workers (default 2).
    dask_address : str, optional
        ``"local"`` starts a Dask LocalCluster for this call; otherwise the address of a
        running scheduler, e.g. ``"tcp://10.0.0.5:8786"``. Needs ``pip install '.[dask]'``.
    progress : callable, optional
        ``progress(done, total, article_name)`` as each article's result arrives (in
        parallel, articles arrive a batch at a time, not in input order).
    extractor : callable, optional
        ``extractor(article, gazetteer, *, online=None)``; default
        :func:`geo.extract.article.extract_article`. Must be a module-level function for
        processes and Dask.
    online : gazetteer.online.OnlineGeocoder, optional
        Passed to the extractor; forces in-process extraction (see module docstring).
    return_exceptions : bool
        As in ``asyncio.gather``: when True, an article whose extraction raises gets the
        exception in its slot (the other articles still complete); when False the first
        such exception propagates.
    batch_size : int, optional
        Articles per task; by default about ``BATCHES_PER_WORKER`` batches per worker.
    timeout : float
        Seconds to wait for the Dask scheduler and its first worker.

    Returns
    -------
    list of ArticleExtraction (or Exception with ``return_exceptions``)
        ``result[i]`` is the extraction of ``articles[i]``.

    Raises
    ------
    ParallelError
        Dask not installed, scheduler unreachable, no worker, or workers unable to run
        this package. An exception raised by the extractor propagates unchanged, unless
        ``return_exceptions``.

    Examples
    --------
    >>> extractions = map_extractions(articles, gazetteer=Gazetteer.default(), workers=2)
    >>> extractions = map_extractions(articles, gazetteer=gaz, dask_address="local")
    """
    articles = list(articles)
    results: list[ArticleExtraction | Exception | None] = [None] * len(articles)
    for done, (index, result) in enumerate(
        iter_extractions(articles, gazetteer=gazetteer, workers=workers, dask_address=dask_address,
                         extractor=extractor, online=online, return_exceptions=return_exceptions,
                         batch_size=batch_size, timeout=timeout),
        start=1,
    ):
        results[index] = result
        if progress:
            progress(done, len(articles), articles[index].name)
    return results


def iter_extractions(
    articles: Sequence[Article] | Iterator[Article],
    *,
    gazetteer,
    workers: int = 1,
    dask_address: str | None = None,
    extractor: Extractor | None = None,
    online=None,
    return_exceptions: bool = False,
    batch_size: int | None = None,
    timeout: float = CONNECT_TIMEOUT,
) -> Iterator[tuple[int, ArticleExtraction | Exception]]:
    """Extract every article, in parallel if asked; yield ``(index, extraction)`` as each finishes.

    The streaming form of :func:`map_extractions` (same parameters, no ``progress``):
    results arrive in completion order, a batch at a time, and the caller can store each
    one and let it go, so a large corpus never has all its extractions in memory. The
    index says which article each result belongs to. ``articles`` may be an iterator,
    taken as the batches are sent, so that no more than the batches in flight are held
    (the parts of a huge article, read from its file as they go).

    Examples
    --------
    >>> for index, extraction in iter_extractions(articles, gazetteer=gaz, workers=2):  # doctest: +SKIP
    ...     cache.put(articles[index].name, sha[index], extraction)
    """
    if workers < 0:
        raise ValueError(f"workers must be >= 0, not {workers}")
    if workers == 0:
        workers = usable_cpus()
    # An iterator is taken as it comes (the parts of a huge article are read as they are
    # sent), in batches of at most BATCH_CHARS characters; anything else is listed first.
    lazy = isinstance(articles, Iterator)
    if not lazy:
        articles = list(articles)
        if not articles:  # e.g. every article came from the cache: no need to reach a cluster
            return
    if extractor is None:
        from geo.extract.article import extract_article as extractor
    task = _Task(gazetteer, extractor, return_exceptions)
    if online is not None and (workers > 1 or dask_address):
        logger.warning("online lookups are rate-limited per client: extracting in one process")
        workers, dask_address = 1, None
    if dask_address:
        batches = _map_dask(articles, task, address=dask_address, workers=workers, batch_size=batch_size,
                            timeout=timeout)
    elif workers == 1 or (not lazy and len(articles) < 2):
        for index, article in enumerate(articles):
            yield index, task.run(article, online=online, remote=False)
        return
    else:
        batches = _map_processes(articles, task, workers=workers, batch_size=batch_size)
    for start, results in batches:
        for offset, result in enumerate(results):
            yield start + offset, result


@dataclass(frozen=True)
class _Task:
    """What every worker needs besides the articles: sent to each worker once."""

    gazetteer: object
    extractor: Extractor
    return_exceptions: bool

    def run(self, article: Article, *, online=None, remote: bool = True) -> ArticleExtraction | Exception:
        try:
            return self.extractor(article, self.gazetteer, online=online)
        except Exception as err:
            if not self.return_exceptions:
                raise
            if remote:
                # The traceback does not survive pickling back to the parent; its text does.
                err.add_note("".join(traceback.format_exception(err)).rstrip())
            return err


def extract_batch(articles: Sequence[Article], task: _Task) -> list[ArticleExtraction | Exception]:
    """Extract a batch of articles in order: the unit of work of the parallel engines."""
    return [task.run(article) for article in articles]


def _batches(articles: list[Article] | Iterator[Article], workers: int,
             batch_size: int | None) -> list[tuple[int, list[Article]]] | Iterator[tuple[int, list[Article]]]:
    """``(index of the first article, articles)`` per batch; of an iterator, as it comes."""
    if isinstance(articles, Iterator):
        return _lazy_batches(articles, batch_size or MAX_BATCH)
    if batch_size is None:
        batch_size = min(MAX_BATCH, max(1, math.ceil(len(articles) / (workers * BATCHES_PER_WORKER))))
    return [(i, articles[i:i + batch_size]) for i in range(0, len(articles), batch_size)]


def _lazy_batches(articles: Iterator[Article], batch_size: int) -> Iterator[tuple[int, list[Article]]]:
    """Batches of at most ``batch_size`` articles and about :data:`BATCH_CHARS` characters:
    a part of a huge article goes alone, so the batches in flight hold a few parts."""
    batch: list[Article] = []
    start = chars = 0
    for index, article in enumerate(articles):
        if batch and (len(batch) == batch_size or chars + len(article.text) > BATCH_CHARS):
            yield start, batch
            batch, start, chars = [], index, 0
        batch.append(article)
        chars += len(article.text)
    if batch:
        yield start, batch


# --- local processes ---------------------------------------------------------------------

#: The task (gazetteer, extractor) of this worker process, set once by :func:`_init_worker`.
_worker_task: _Task | None = None


def _init_worker(task: _Task) -> None:
    global _worker_task
    _worker_task = task


def _extract_batch_in_worker(articles: list[Article]) -> list[ArticleExtraction | Exception]:
    return extract_batch(articles, _worker_task)


def _start_method() -> multiprocessing.context.BaseContext:
    """fork while this process has one thread, else forkserver (or spawn).

    fork hands the loaded gazetteer to each worker for free, but copying a process whose
    other threads may hold locks (a file watcher, a Dask client) can deadlock the child.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _map_processes(articles, task, *, workers, batch_size):
    """Yield ``(start, extractions)`` per batch as the worker processes finish them.

    At most two batches per worker are in flight, and a finished batch is let go once
    yielded, so memory does not grow with the corpus (``as_completed`` would keep every
    future, and so every result, until the end).
    """
    batches = _batches(articles, workers, batch_size)
    if isinstance(batches, list):
        workers = min(workers, len(batches))
        logger.info("extracting %d articles in %d processes (%d batches)", len(articles), workers,
                    len(batches))
    else:
        logger.info("extracting articles and parts of huge ones in %d processes, as they are read", workers)
    queue = iter(batches)
    with ProcessPoolExecutor(max_workers=workers, mp_context=_start_method(), initializer=_init_worker,
                             initargs=(task,)) as pool:
        in_flight = {}

        def submit_next() -> None:
            for start, batch in queue:
                in_flight[pool.submit(_extract_batch_in_worker, batch)] = start
                return

        for _ in range(workers * 2):
            submit_next()
        try:
            while in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    start = in_flight.pop(future)
                    results = future.result()
                    submit_next()
                    yield start, results
                del done, results
        except BaseException:
            for future in in_flight:
                future.cancel()
            raise


# --- Dask --------------------------------------------------------------------------------

def _import_distributed():
    try:
        import distributed
    except ImportError as err:
        raise ParallelError(
            "--dask needs Dask's distributed scheduler, which is not installed: "
            "pip install 'conflict-geo[dask]' (or pip install '.[dask]' in a checkout)"
        ) from err
    return distributed


@contextmanager
def dask_client(address: str, *, workers: int = 2, timeout: float = CONNECT_TIMEOUT) -> Iterator:
    """A ``distributed.Client`` for ``address``; ``"local"`` starts and stops a LocalCluster.

    Raises :class:`ParallelError` when Dask is missing or the scheduler does not answer
    within ``timeout`` seconds, or when no worker joins it within that time.
    """
    distributed = _import_distributed()
    cluster = None
    try:
        if address == "local":
            # One thread per process: extraction is CPU-bound Python, threads would share the GIL.
            # No dashboard: its fixed port would clash with other clusters on the machine.
            cluster = distributed.LocalCluster(
                n_workers=workers if workers > 1 else 2, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR)
            client = distributed.Client(cluster, timeout=timeout)
        else:
            client = distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as err:
        if cluster is not None:
            cluster.close()
        raise ParallelError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s: "
                            f"{err}") from err
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as err:
            raise ParallelError(f"no Dask worker joined the scheduler at {address} within "
                                f"{timeout:g} s; start some with: dask worker {address}") from err
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _worker_version() -> str:
    import geo

    return __version__


def _check_workers(client) -> None:
    try:
        versions = client.run(_worker_version)
    except ImportError as err:
        raise ParallelError("Dask workers cannot import this package; install conflict-geo "
                            "(the same version as here) on every worker") from err
    foreign = {worker: version for worker, version in versions.items() if version != __version__}
    if foreign:
        raise ParallelError(f"Dask workers run conflict-geo {sorted(set(foreign.values()))}, "
                            f"this client {__version__}; install the same version everywhere: "
                            f"{', '.join(sorted(foreign))}")


def _map_dask(articles, task, *, address, workers, batch_size, timeout):
    """Yield ``(start, extractions)`` per batch as the Dask workers finish them."""
    distributed = _import_distributed()
    with dask_client(address, workers=workers, timeout=timeout) as client:
        _check_workers(client)
        threads = sum(client.nthreads().values()) or 1
        batches = _batches(articles, threads, batch_size)
        if isinstance(batches, list):
            logger.info("extracting %d articles on Dask at %s: %d threads, %d batches", len(articles),
                        address, threads, len(batches))
            if not batches:
                return
        # hash=False: tokenizing a large object would cost as much as sending it.
        task_on_workers = client.scatter(task, broadcast=True, hash=False)
        # A bounded window of batches in flight keeps the scheduler's memory and the size of
        # each message small, however large the corpus.
        queue = iter(batches)
        in_flight = {}
        finished = distributed.as_completed()

        def submit_next() -> None:
            for start, batch in queue:
                future = client.submit(extract_batch, batch, task_on_workers, pure=False)
                in_flight[future.key] = (start, future)
                finished.add(future)
                return

        for _ in range(threads * 2):
            submit_next()
        try:
            for future in finished:
                start, _ = in_flight.pop(future.key)
                results = future.result()  # re-raises the extractor's exception here
                future.release()
                submit_next()
                yield start, results
        except BaseException:
            # Stop the rest before the client closes, so workers do not compute for nobody.
            finished.clear()
            client.cancel([future for _, future in in_flight.values()])
            raise
