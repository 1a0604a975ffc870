"""CLI tests run the real commands with the pipeline's test doubles (tests/build/pipeline_fakes.py)."""

from __future__ import annotations

import functools

import pytest

import geo.build.pipeline
from tests.build import pipeline_fakes as fakes


@pytest.fixture
def fake_extraction(monkeypatch):
    """`geo build` / `geo watch` use the one-rule fake extractor and gazetteer."""
    monkeypatch.setattr(geo.build.pipeline, "run_build", functools.partial(geo.build.pipeline.run_build, **fakes.FAKES))
