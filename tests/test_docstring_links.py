"""Module docstrings point at the one rule specification in docs/, and the anchors they name exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"docs/([\w-]+\.md)(?:#([\w-]+))?")
RULE_MODULES = ["geo/extract/article.py", "geo/extract/roles.py", "geo/extract/lexicon.py", "geo/extract/claims.py",
                "geo/language/dates.py", "geo/language/numbers.py", "geo/join.py", "geo/read/articles.py"]


def _anchors(markdown: str) -> set[str]:
    heads = re.findall(r"^#+\s+(.+)$", markdown, flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in heads}


@pytest.mark.parametrize("module", RULE_MODULES)
def test_rule_modules_link_to_the_extraction_docs(module):
    doc = (ROOT / module).read_text(encoding="utf-8").split('"""')[1]
    assert "docs/extraction.md" in doc, f"{module}: its docstring should point at docs/extraction.md"


def test_every_docs_link_in_the_code_resolves():
    broken = []
    for path in [*ROOT.glob("geo/**/*.py"), *ROOT.glob("gazetteer/**/*.py")]:
        for name, anchor in LINK.findall(path.read_text(encoding="utf-8")):
            target = ROOT / "docs" / name
            if not target.exists() or (anchor and anchor not in _anchors(target.read_text(encoding="utf-8"))):
                broken.append(f"{path.relative_to(ROOT)}: docs/{name}#{anchor}")
    assert not broken, broken
