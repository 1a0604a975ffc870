"""The documentation stays true: README and docs/ say what the code does.

- docs/cli.md is exactly what ``python -m geo.cli_reference`` generates from the click help;
- the README is short, shows the two commands and what they run, and its Python example runs;
- every relative link of README.md and docs/*.md reaches a file (and a heading, for ``#anchors``);
- no document names a module path of the layout before the stage packages;
- the screenshot stays small.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo import cli_reference

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
DOCUMENTS = [README, *sorted(DOCS.glob("*.md"))]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- docs/cli.md ------------------------------------------------------------------------------

def test_cli_reference_is_up_to_date():
    path = DOCS / "cli.md"
    assert path.exists(), f"docs/cli.md is missing: run `{cli_reference.REGENERATE}`"
    assert _read(path) == cli_reference.render(), (
        f"docs/cli.md is out of date with the click help of geo.cli: run `{cli_reference.REGENERATE}`"
    )


def test_cli_reference_covers_every_command():
    text = cli_reference.render()
    for name in cli_reference.cli_main.commands:
        assert f"## `geo {name}`" in text
        assert f"Usage: geo {name} " in text


def test_cli_reference_check_mode(tmp_path, capsys):
    stale = tmp_path / "cli.md"
    stale.write_text("old\n", encoding="utf-8")
    assert cli_reference.main(["--check", str(stale)]) == 1
    assert cli_reference.REGENERATE in capsys.readouterr().err
    assert cli_reference.main([str(stale)]) == 0
    assert cli_reference.main(["--check", str(stale)]) == 0


# --- README -----------------------------------------------------------------------------------

def test_readme_is_short():
    lines = _read(README).splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move details to docs/"


def test_readme_shows_the_two_commands_and_what_they_run():
    text = _read(README)
    for needle in ("make map", "make test", "pip install", "geo build", "python -m pytest"):
        assert needle in text, needle
    makefile = _read(ROOT / "Makefile")
    assert re.search(r"^map:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_readme_names_the_data_licences():
    text = _read(README)
    for needle in ("GeoNames", "CC BY 4.0", "Who's On First", "Natural Earth", "public domain", "OpenStreetMap"):
        assert needle in text, needle


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)


_RUN_EXAMPLE = """
import contextlib, io, json, runpy
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    ns = runpy.run_path("readme_example.py", run_name="__main__")
print(json.dumps({
    "stdout": printed.getvalue(),
    "processed": ns["summary"].processed,
    "incidents": ns["summary"].incidents,
    "types": [incident.event_type for incident in ns["extraction"].incidents],
    "all_have_evidence": all(incident.evidence for incident in ns["extraction"].incidents),
}))
"""


def test_readme_python_example_runs(tmp_path):
    """The README's Python example, run as a reader runs it: a fresh interpreter, in a folder
    holding a copy of seeds/, writing only there."""
    blocks = _python_blocks(_read(README))
    assert len(blocks) == 1, "the README should hold one Python example"
    code = blocks[0]
    assert "import geo" in code
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "readme_example.py").write_text(code, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _RUN_EXAMPLE], cwd=tmp_path, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, f"the README's Python example failed:\n{run.stderr[-3000:]}"
    result = json.loads(run.stdout.strip().splitlines()[-1])

    assert result["processed"] == len(list((tmp_path / "seeds").glob("*.txt"))) > 0
    assert result["incidents"] > 0
    assert (tmp_path / "output" / "map.html").stat().st_size > 0
    features = json.loads((tmp_path / "output" / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    assert len(features) == result["incidents"]
    assert result["types"], "the example's article should report incidents"
    assert result["all_have_evidence"]
    assert f"{result['incidents']} incidents" in result["stdout"]
    assert result["types"][0] in result["stdout"]


# --- links and paths --------------------------------------------------------------------------

_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(text: str) -> set[str]:
    """GitHub-style heading anchors plus explicit ``<a id=...>`` targets."""
    anchors = set(re.findall(r'<a id="([^"]+)"', text))
    for heading in re.findall(r"^#{1,6} +(.+?)\s*$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def _without_code(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_resolve(document):
    broken = []
    for target in _LINK.findall(_without_code(_read(document))):
        if re.match(r"[a-z]+:", target):
            continue
        path_part, _, anchor = target.partition("#")
        path = (document.parent / path_part).resolve() if path_part else document
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in _anchors(_read(path)):
            broken.append(target)
    assert not broken, f"{document.name}: broken links {broken}"


# Module paths of the layout before geo/ became stage packages (geo/extract.py, geo.render, ...).
_OLD_PATHS = re.compile(
    r"\bgeo[./](?:articles|text|dates|numbers|sentences|prefilter|lexicon|roles|claims|render|"
    r"basemap_build|static|data|parallel|cache|watch|geojson|atomic|score|gold)\b"
    r"|\bgeo/(?:extract|export|pipeline)\.py\b|\bgeo\.extract\.extract_article\b"
    r"|\btests/(?:parallel|browser|articles|dates)\b|\btests/pipeline/(?:test_atomic|parallel_doubles)"
)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_paths_of_the_old_layout(document):
    old = sorted(set(m.group(0) for m in _OLD_PATHS.finditer(_read(document))))
    assert not old, f"{document.name} names paths of the old layout: {old}"


def test_named_source_files_exist():
    """Every ``geo/...``, ``gazetteer/...``, ``tests/...`` or ``bench/...`` file a document names exists."""
    missing = set()
    for document in DOCUMENTS:
        for path in re.findall(r"`((?:geo|gazetteer|tests|bench)/[\w./-]+\.(?:py|md|js|css|geojson|gz|txt))`",
                               _read(document)):
            if not (ROOT / path).exists():
                missing.add(f"{document.name}: {path}")
    assert not missing, sorted(missing)


def test_named_modules_and_names_exist():
    """Every dotted ``geo.…`` / ``gazetteer.…`` name a document writes in code quotes resolves."""
    import importlib

    missing = set()
    for document in DOCUMENTS:
        for name in re.findall(r"`((?:geo|gazetteer)(?:\.\w+)+)", _read(document)):
            parts = name.split(".")
            for i in range(len(parts), 0, -1):
                try:
                    obj = importlib.import_module(".".join(parts[:i]))
                    break
                except ImportError:
                    continue
            try:
                for part in parts[i:]:
                    obj = getattr(obj, part)
            except AttributeError:
                missing.add(f"{document.name}: {name}")
    assert not missing, sorted(missing)


# --- the screenshot ---------------------------------------------------------------------------

def test_map_screenshot_is_a_small_png():
    png = DOCS / "map.png"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) < 300_000
    assert "docs/map.png" in _read(README)
