"""CLI tests run the real commands with the pipeline's test doubles (tests/pipeline/pipeline_fakes.py)."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import pytest

import geo.pipeline

_spec = importlib.util.spec_from_file_location("pipeline_fakes", Path(__file__).parents[1] / "pipeline" / "pipeline_fakes.py")
fakes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fakes)


@pytest.fixture
def fake_extraction(monkeypatch):
    """`geo build` / `geo watch` use the one-rule fake extractor and gazetteer."""
    monkeypatch.setattr(geo.pipeline, "run_build", functools.partial(geo.pipeline.run_build, **fakes.FAKES))
