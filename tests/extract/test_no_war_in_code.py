"""The extraction knows no single conflict: the names of one war live in data files and tests only."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CODE = sorted([*ROOT.glob("geo/extract/*.py"), *ROOT.glob("geo/language/*.py"), *ROOT.glob("geo/read/*.py"),
               ROOT / "geo" / "model.py"])
#: The war the tool was first written for; its parties and places belong in gazetteer/data.
NAMES = re.compile(r"armenia|azerbaijan|karabakh", re.I)


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_extraction_code_names_no_war(path):
    found = [f"{number}: {line.strip()}" for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if NAMES.search(line)]
    assert found == []
