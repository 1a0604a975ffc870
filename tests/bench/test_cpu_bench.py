"""bench/cpu.py (issue 15) measures what it says on the seed articles: shape and sanity, no timings.

The script is loaded from its file, as bench/run.py loads bench/bench_map.py: bench/ is not
a package. The geotext part is skipped where geotext is not installed (the test extra installs
it); everything else runs everywhere, offline.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def cpu():
    spec = importlib.util.spec_from_file_location("bench_cpu", ROOT / "bench" / "cpu.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gazetteer(cpu):
    gazetteer, setup = cpu.load_warm_gazetteer()
    assert setup["load_cpu_s"] >= 0 and setup["warm_up_cpu_s"] > 0
    return gazetteer


@pytest.fixture(scope="module")
def seeds(cpu):
    articles, counts = cpu.unique_articles([SEEDS])
    return articles, counts


def test_the_five_seed_articles_are_counted_once_each(seeds):
    articles, counts = seeds
    assert len(articles) == 5
    assert counts == {"read": 5, "duplicates": 0, "unreadable": 0, "missing": [], "folders": [str(SEEDS)]}


def test_a_folder_given_twice_adds_no_article(cpu, seeds):
    articles, counts = cpu.unique_articles([SEEDS, SEEDS])
    assert [article.name for article in articles] == [article.name for article in seeds[0]]
    assert counts["read"] == 10 and counts["duplicates"] == 5


def test_a_missing_folder_is_named_and_skipped(cpu, tmp_path):
    articles, counts = cpu.unique_articles([tmp_path / "nowhere", SEEDS])
    assert len(articles) == 5 and counts["missing"] == [str(tmp_path / "nowhere")]


def test_cpu_per_article_of_the_seeds(cpu, gazetteer, seeds):
    articles, _ = seeds
    figures = cpu.measure_cpu(articles, gazetteer)
    assert figures["articles"] == 5
    assert figures["chars"] == sum(len(article.text) for article in articles)
    assert figures["cpu_s"] > 0 and figures["ms_per_article"] > 0
    assert figures["articles_per_cpu_s"] == pytest.approx(5 / figures["cpu_s"], rel=0.01)
    assert figures["incidents"] > 0


def test_regex_calls_per_article_of_the_seeds(cpu, gazetteer, seeds):
    articles, _ = seeds
    calls = cpu.count_regex_calls(articles, gazetteer)
    assert calls["articles"] == 5
    assert calls["pattern_methods"] > 0 and calls["re_functions"] > 0
    # every module-level re call looks its pattern up in re's cache once
    assert calls["re_compile_lookups"] >= calls["re_functions"] - calls["by_name"].get("re.compile", 0)
    assert set(calls["by_name"]) <= {f"Pattern.{name}" for name in cpu.PATTERN_METHODS} \
        | {f"re.{name}" for name in (*cpu.MODULE_FUNCTIONS, "_compile")}


def test_the_measure_of_a_corpus_names_the_code_it_ran(cpu, seeds):
    result = cpu.measure({"real": [SEEDS, SEEDS]}, regex=False, geotext=False)
    row = result["corpora"]["real"]
    assert row["extraction"]["articles"] == 5 and row["texts"]["duplicates"] == 5
    assert "regex" not in row and "geotext" not in row
    assert Path(result["modules"]["geo"]).parent.name == "geo"
    assert "| real | 5 |" in cpu.markdown({**result, "measure": result}, "python bench/cpu.py")


def test_geotext_beside_ours_on_the_same_texts(cpu, seeds):
    pytest.importorskip("geotext")
    texts = [article.text for article in seeds[0]]
    figures = cpu.measure_geotext(texts)
    assert figures["articles"] == 5 and figures["ms_per_article"] > 0
