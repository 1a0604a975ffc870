"""geo.pipeline.parallel mechanics on every engine: input order, failures in place, progress, errors.

A stand-in extractor (parallel_doubles.py) keeps these fast; test_parallel_identical.py
runs the real extractor. The Dask tests start a real LocalCluster (two worker processes);
they run in CI and are not skipped. Each starts its own cluster, so there are few of them.
"""

from __future__ import annotations

import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from geo.model import Article
from geo.pipeline.parallel import ParallelError, _start_method, iter_extractions, map_extractions
from tests.pipeline.parallel.parallel_doubles import echo_extractor

HERE = Path(__file__).parent
GAZETTEER_DOUBLE = {"version": "g-test"}


def _articles(n: int = 40, *, failing: int | None = None) -> list[Article]:
    return [
        Article(name=f"a{i:03d}.txt", text="x" * (i + 1) + (" RAISE" if i == failing else ""),
                published=date(2020, 10, 1))
        for i in range(n)
    ]


def test_failed_article_keeps_its_slot_with_return_exceptions_on_dask():
    articles = _articles(30, failing=17)
    results = map_extractions(articles, gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor,
                              dask_address="local", batch_size=4, return_exceptions=True)
    assert isinstance(results[17], ValueError)
    assert str(results[17]) == "cannot extract a017.txt"
    assert "echo_extractor" in results[17].__notes__[0]  # the worker's traceback, as text
    others = [r for i, r in enumerate(results) if i != 17]
    assert [r.article for r in others] == [a.name for i, a in enumerate(articles) if i != 17]
    assert others[0].warnings == ("g-test|1|online=False",)


@pytest.mark.parametrize("workers,batch_size", [(1, None), (2, None), (2, 1), (0, 7)])
def test_every_engine_returns_input_order(workers, batch_size):
    articles = _articles(40)
    results = map_extractions(articles, gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor,
                              workers=workers, batch_size=batch_size)
    assert [r.article for r in results] == [a.name for a in articles]
    assert [r.warnings[0] for r in results] == [f"g-test|{i + 1}|online=False" for i in range(40)]


def test_extractor_error_propagates_from_a_worker_process():
    with pytest.raises(ValueError, match="cannot extract a005.txt"):
        map_extractions(_articles(20, failing=5), gazetteer=GAZETTEER_DOUBLE,
                        extractor=echo_extractor, workers=2, batch_size=3)


def test_failed_article_keeps_its_slot_in_a_process_pool():
    results = map_extractions(_articles(20, failing=5), gazetteer=GAZETTEER_DOUBLE,
                              extractor=echo_extractor, workers=2, return_exceptions=True)
    assert isinstance(results[5], ValueError)
    assert [r.article for i, r in enumerate(results) if i != 5] == [
        f"a{i:03d}.txt" for i in range(20) if i != 5]


def test_progress_names_every_article_once_from_processes():
    seen = []
    map_extractions(_articles(25), gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor,
                    workers=2, batch_size=4, progress=lambda n, total, name: seen.append((n, total, name)))
    assert [n for n, _, _ in seen] == list(range(1, 26))
    assert {total for _, total, _ in seen} == {25}
    assert sorted(name for _, _, name in seen) == [f"a{i:03d}.txt" for i in range(25)]


def test_online_geocoder_keeps_extraction_in_this_process(caplog):
    results = map_extractions(_articles(4), gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor,
                              workers=2, online=object())
    assert [r.warnings[0].endswith("online=True") for r in results] == [True] * 4
    assert "rate-limited" in caplog.text


def test_unreachable_scheduler_is_a_clear_error():
    with pytest.raises(ParallelError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9 within 1 s"):
        map_extractions(_articles(3), gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor,
                        dask_address="tcp://127.0.0.1:9", timeout=1)


def test_missing_dask_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    with pytest.raises(ParallelError, match=r"pip install 'conflict-geo\[dask\]'"):
        map_extractions(_articles(3), gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor,
                        dask_address="local")


def test_negative_workers_is_refused():
    with pytest.raises(ValueError, match="workers must be >= 0"):
        map_extractions(_articles(3), gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor, workers=-1)


def test_nothing_to_extract_does_not_contact_the_scheduler():
    # All articles reused from the cache: a build must not fail because the cluster is down.
    assert map_extractions([], gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor,
                           dask_address="tcp://127.0.0.1:9", timeout=1) == []


def test_scheduler_address_runs_on_that_cluster_and_leaves_it_running():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        articles = _articles(12, failing=3)
        results = map_extractions(articles, gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor,
                                  dask_address=cluster.scheduler_address, return_exceptions=True)
        assert isinstance(results[3], ValueError)
        assert [r.warnings[0] for i, r in enumerate(results) if i != 3] == [
            f"g-test|{i + 1}|online=False" for i in range(12) if i != 3]
        # The user's cluster is theirs: still up, with its worker, after the build.
        with Client(cluster.scheduler_address, timeout=5) as client:
            assert len(client.scheduler_info()["workers"]) == 1


def test_process_pool_does_not_fork_a_process_running_other_threads():
    # A file watcher's thread (geo watch) may hold a lock: workers then start by forkserver.
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait, daemon=True)
    watcher.start()
    try:
        assert _start_method().get_start_method() != "fork"
        results = map_extractions(_articles(10), gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor,
                                  workers=2, batch_size=3)
    finally:
        stop.set()
        watcher.join()
    assert [r.warnings[0] for r in results] == [f"g-test|{i + 1}|online=False" for i in range(10)]


def test_streamed_results_name_their_article_and_few_batches_are_in_flight(monkeypatch):
    import geo.pipeline.parallel

    submitted = []
    real_submit = geo.pipeline.parallel.ProcessPoolExecutor.submit

    def submit(pool, fn, batch):
        submitted.append(len(batch))
        return real_submit(pool, fn, batch)

    monkeypatch.setattr(geo.pipeline.parallel.ProcessPoolExecutor, "submit", submit)
    articles = _articles(30)
    stream = iter_extractions(articles, gazetteer=GAZETTEER_DOUBLE, extractor=echo_extractor, workers=2,
                              batch_size=3)
    first = next(stream)
    # Two batches per worker in flight, then one more per batch taken: never the whole corpus.
    assert len(submitted) <= 5
    seen = dict([first, *stream])
    assert sorted(seen) == list(range(30))
    assert all(seen[i].article == articles[i].name for i in seen)
    assert len(submitted) == 10
