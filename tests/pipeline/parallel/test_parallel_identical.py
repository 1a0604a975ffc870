"""The real extractor gives the same extractions in one process, a process pool and on Dask.

Runs the seed articles and a few synthetic ones (tests/pipeline/parallel/articles/, made with
bench/corpus.py) through a real Dask LocalCluster; it runs in CI, never skipped.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from geo.model import Article
from geo.pipeline.parallel import map_extractions

HERE = Path(__file__).parent
SEEDS = HERE.parents[2] / "seeds"


@pytest.fixture(scope="module")
def real_articles() -> list[Article]:
    from geo.read.articles import read_folder

    seeds, problems = read_folder(SEEDS)
    synthetic, more_problems = read_folder(HERE / "articles")
    assert not problems and not more_problems
    assert len(seeds) == 5 and len(synthetic) == len(list((HERE / "articles").glob("*.txt")))
    return seeds + synthetic


@pytest.fixture(scope="module")
def gazetteer():
    from gazetteer import Gazetteer

    return Gazetteer.default()


@pytest.fixture(scope="module")
def single_process(real_articles, gazetteer):
    extractions = map_extractions(real_articles, gazetteer=gazetteer)
    # Guard against a vacuous comparison: the articles do contain incidents and places.
    assert sum(len(e.incidents) for e in extractions) > 10
    assert sum(len(e.mentions) for e in extractions) > 20
    return extractions


@pytest.mark.parametrize("other_thread", [False, True], ids=["fork", "forkserver"])
def test_process_pool_extracts_exactly_like_one_process(other_thread, real_articles, gazetteer, single_process):
    # With another thread running, workers start by forkserver and get the gazetteer pickled.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    if other_thread:
        thread.start()
    try:
        parallel = map_extractions(real_articles, gazetteer=gazetteer, workers=2, batch_size=2)
    finally:
        stop.set()
    assert [e.article for e in parallel] == [a.name for a in real_articles]
    assert parallel == single_process


def test_dask_local_cluster_extracts_exactly_like_one_process(real_articles, gazetteer, single_process):
    done = []
    distributed = map_extractions(real_articles, gazetteer=gazetteer, dask_address="local",
                                  workers=2, batch_size=3,
                                  progress=lambda n, total, name: done.append((n, total, name)))
    assert [e.article for e in distributed] == [a.name for a in real_articles]
    assert distributed == single_process
    assert [n for n, _, _ in done] == list(range(1, len(real_articles) + 1))
    assert sorted(name for _, _, name in done) == sorted(a.name for a in real_articles)
