"""Stages declare what their output depends on; the cache's fingerprints follow the imports."""

from __future__ import annotations

import sys

import pytest

from geo.pipeline import fingerprint as fp


def test_extraction_depends_on_language_join_and_gazetteer_not_on_outputs():
    closure = fp.module_closure(("geo.extract.article", "geo.read.articles"))
    for needed in ("geo.language.dates", "geo.language.numbers", "geo.extract.claims", "geo.join",
                   "geo.model", "gazetteer.normalize", "geo.read.text"):
        assert needed in closure
    for unrelated in ("geo.map.render", "geo.pipeline.run", "geo.pipeline.parallel", "geo.cli",
                      "geo.outputs.export", "geo.evaluate.score", "gazetteer.build"):
        assert unrelated not in closure


def test_the_map_fingerprint_covers_its_static_files():
    closure = fp.module_closure(("geo.map.render",))
    assert "geo.map.render" in closure and "geo.extract.article" not in closure
    names = {path.name for path in fp._data_files(closure)}
    assert {"incident_map.js", "incident_map.css", "map_basemap_countries.geojson"} <= names


@pytest.fixture
def fake_project(tmp_path, monkeypatch):
    """A package ``fakeproj`` whose modules import each other, one of them inside a function."""
    package = tmp_path / "fakeproj"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "stage.py").write_text(
        "from pathlib import Path\n"
        "OUTPUT_DEPENDS_ON = ('fakeproj.stage',)\n"
        "FINGERPRINT_DATA = ('table.txt',)\n"
        "def run():\n    from fakeproj import rules\n    return rules.RULE\n")
    (package / "rules.py").write_text("RULE = 1\n")
    (package / "unused.py").write_text("X = 1\n")
    (package / "table.txt").write_text("a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(fp, "PROJECT_PACKAGES", ("fakeproj",))
    fp.fingerprint.cache_clear()
    yield package
    fp.fingerprint.cache_clear()
    for name in [n for n in sys.modules if n.startswith("fakeproj")]:
        del sys.modules[name]


def _fresh(*modules):
    fp.fingerprint.cache_clear()
    return fp.fingerprint(modules)


def test_editing_an_imported_module_or_declared_data_changes_the_fingerprint(fake_project):
    first = _fresh("fakeproj.stage")
    assert _fresh("fakeproj.stage") == first
    (fake_project / "unused.py").write_text("X = 2\n")
    assert _fresh("fakeproj.stage") == first  # not imported by the stage
    (fake_project / "rules.py").write_text("RULE = 2\n")
    second = _fresh("fakeproj.stage")
    assert second != first  # imported inside a function: still followed
    (fake_project / "table.txt").write_text("b\n")
    assert _fresh("fakeproj.stage") != second


def test_a_declared_module_that_no_longer_exists_fails_loudly(fake_project):
    (fake_project / "stage.py").rename(fake_project / "renamed.py")
    with pytest.raises(ModuleNotFoundError, match="fakeproj.stage"):
        _fresh("fakeproj.stage")


def test_every_declared_data_path_of_the_project_is_a_literal_that_exists():
    for name, path in fp.module_closure(("geo.extract.article", "geo.read.articles", "geo.map.render")).items():
        for entry in fp.declared_data(path):
            assert (path.parent / entry).exists(), (name, entry)
    names = {p.name for p in fp._data_files(fp.module_closure(("geo.extract.article",)))}
    assert {"stoplist.txt", "countries.tsv"} <= names


def test_the_map_fingerprint_does_not_import_the_map_code():
    import subprocess
    import sys as _sys

    code = ("import sys; from geo.pipeline.fingerprint import stage_fingerprint; stage_fingerprint('geo.map'); "
            "assert 'folium' not in sys.modules and 'geo.map.render' not in sys.modules, sorted(sys.modules)")
    run = subprocess.run([_sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]


def test_stage_fingerprint_reads_the_declaration(fake_project):
    assert fp.stage_fingerprint("fakeproj.stage") == _fresh("fakeproj.stage")
