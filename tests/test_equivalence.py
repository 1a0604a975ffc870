"""The outputs stay byte for byte what they were, and both engines give them.

``tests/equivalence.json`` holds the sha256 of ``incidents.geojson``, ``places.geojson`` and
``unresolved.csv`` built from each article set below. A change meant only to make the code
faster must leave them untouched; a change meant to alter what is extracted rewrites them
(``GEO_UPDATE_EQUIVALENCE=1 python -m pytest tests/test_equivalence.py``), so the commit
shows which outputs it changed, and its message must say why.

Every set is built with the compiled multi-pattern engine (pyahocorasick); the smaller ones
also with the plain-Python one (``GEO_PURE_PYTHON=1``, :mod:`gazetteer.multipattern`), which
must give the same bytes. The devcorpus sets are skipped where ``../shared/devcorpus`` is absent.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.pipeline.run import BuildOptions, run_build

ROOT = Path(__file__).parent.parent
DIGESTS = ROOT / "tests" / "equivalence.json"
DEVCORPUS = ROOT.parent / "shared" / "devcorpus"
SETS = {
    "seeds": ROOT / "seeds",
    "dev": ROOT / "tests" / "gold" / "dev" / "articles",
    "blind": ROOT / "tests" / "gold" / "blind" / "articles",
    "karabakh": DEVCORPUS / "karabakh",
    "otherwars": DEVCORPUS / "otherwars",
}
#: Sets also built with the plain-Python engine (the others take long without the compiled one).
PURE_SETS = ("seeds", "dev", "otherwars")
OUTPUTS = ("incidents.geojson", "places.geojson", "unresolved.csv")
UPDATE = os.environ.get("GEO_UPDATE_EQUIVALENCE", "") not in ("", "0")


def _digests(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in OUTPUTS}


def _expected(name: str) -> dict[str, str]:
    recorded = json.loads(DIGESTS.read_text(encoding="utf-8"))["sets"]
    assert name in recorded, f"{DIGESTS} has no digests of {name!r}: run with GEO_UPDATE_EQUIVALENCE=1"
    return recorded[name]


def _record(name: str, digests: dict[str, str]) -> None:
    data = json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.exists() else {"sets": {}}
    data["sets"][name] = digests
    DIGESTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _articles(name: str) -> Path:
    folder = SETS[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} not found (the devcorpus stays outside the repository)")
    return folder


@pytest.mark.parametrize("name", list(SETS))
def test_outputs_are_the_recorded_ones(name, tmp_path):
    out = tmp_path / "out"
    run_build(BuildOptions(articles=_articles(name), out=out, write_map=False, workers=1))
    if UPDATE:
        _record(name, _digests(out))
    assert _digests(out) == _expected(name), (
        f"the outputs of {name} changed; if that is meant, rerun with GEO_UPDATE_EQUIVALENCE=1 and say why")


@pytest.mark.parametrize("name", PURE_SETS)
def test_plain_python_engine_gives_the_same_bytes(name, tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, GEO_PURE_PYTHON="1")
    probe = subprocess.run([sys.executable, "-c", "from gazetteer.multipattern import compiled; print(compiled())"],
                           env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "False"
    done = subprocess.run([sys.executable, "-m", "geo", "build", "--articles", str(_articles(name)), "--out", str(out),
                           "--no-map", "--workers", "1"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _digests(out) == _expected(name)
