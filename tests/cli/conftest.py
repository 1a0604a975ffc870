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
