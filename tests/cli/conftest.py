"""CLI tests run the real commands with the pipeline's test doubles (tests/pipeline/pipeline_fakes.py)."""

from __future__ import annotations

import functools

import pytest

import geo.pipeline.run
from tests.pipeline import pipeline_fakes as fakes


@pytest.fixture
def fake_extraction(monkeypatch):
    """`geo build` / `geo watch` use the one-rule fake extractor and gazetteer."""
    monkeypatch.setattr(geo.pipeline.run, "run_build", functools.partial(geo.pipeline.run.run_build, **fakes.FAKES))


@pytest.fixture
def articles(tmp_path):
    """Two small articles: Alpha shelled on 2020-10-04, Beta on 2020-10-07."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2020-10-04 Alpha was shelled. Gamma said so.\n", encoding="utf-8")
    (folder / "b.txt").write_text(" date 2020-10-07 Beta was shelled.\n", encoding="utf-8")
    return folder
