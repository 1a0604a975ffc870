"""`geo build --workers N` and `geo build --dask local` write the single-process outputs, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main

HERE = Path(__file__).parent
SEEDS = HERE.parents[2] / "seeds"
OUTPUTS = ("incidents.geojson", "places.geojson", "map.html")


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for path in [*SEEDS.glob("*.txt"), *(HERE / "articles").glob("*.txt")]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def single_process(articles, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single")
    result = CliRunner().invoke(main, ["build", "--articles", str(articles), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    features = (out / "incidents.geojson").read_text()
    assert features.count('"Feature"') > 10  # a real build, not an empty one
    return out


@pytest.mark.parametrize("engine", [[], ["--workers", "2"], ["--workers", "3"], ["--dask", "local", "--workers", "2"]],
                         ids=["default-every-cpu", "workers", "workers-3", "dask-local"])
def test_parallel_build_outputs_are_byte_identical(engine, articles, single_process, tmp_path):
    result = CliRunner().invoke(main, ["build", "--articles", str(articles), "--out", str(tmp_path), *engine])
    assert result.exit_code == 0, result.output
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (single_process / name).read_bytes(), name


def test_unreachable_dask_scheduler_fails_with_one_clear_line(articles, tmp_path):
    result = CliRunner().invoke(main, ["build", "--articles", str(articles), "--out", str(tmp_path),
                                       "--dask", "tcp://127.0.0.1:9", "--dask-timeout", "1"])
    assert result.exit_code != 0
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "incidents.geojson").exists()


def test_default_workers_are_the_usable_cpus(monkeypatch, articles, tmp_path):
    import geo.pipeline.parallel as parallel
    import geo.pipeline.run

    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    assert parallel.usable_cpus() == 3
    seen = []
    real = parallel.iter_extractions

    def spy(articles, **options):
        seen.append(options["workers"])
        return real(articles, **options)

    monkeypatch.setattr(parallel, "iter_extractions", spy)
    result = CliRunner().invoke(main, ["build", "--articles", str(articles), "--out", str(tmp_path), "--rebuild"])
    assert result.exit_code == 0, result.output
    assert seen == [0]  # 0: one process per usable CPU
    assert geo.pipeline.run.BuildOptions().workers == 1  # the library's default stays one process
