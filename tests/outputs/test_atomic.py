"""Atomic outputs: a reader sees the old file or the new one, never a torn one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.outputs.atomic import StagedOutputs, atomic_path, atomic_write_text, remove_stale_temporaries, temporary_path

HERE = Path(__file__).parent


def test_atomic_write_replaces_content_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "incidents.geojson"
    atomic_write_text(target, "first\n")
    atomic_write_text(target, "second ü\n")
    assert target.read_text(encoding="utf-8") == "second ü\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["incidents.geojson"]


def test_failed_writer_leaves_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "export.gpkg"
    target.write_text("previous")
    with pytest.raises(RuntimeError):
        with atomic_path(target, keep_suffix=True) as tmp:
            assert tmp.suffix == ".gpkg" and tmp.parent == tmp_path
            tmp.write_text("half")
            raise RuntimeError("writer died")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["export.gpkg"]


def test_staged_outputs_are_all_or_nothing_on_error(tmp_path):
    (tmp_path / "a.geojson").write_text("old a")
    (tmp_path / "b.geojson").write_text("old b")
    with pytest.raises(ValueError):
        with StagedOutputs() as staged:
            staged.write_text(tmp_path / "a.geojson", "new a")
            raise ValueError("rendering failed")
    assert (tmp_path / "a.geojson").read_text() == "old a"
    with StagedOutputs() as staged:
        staged.write_text(tmp_path / "a.geojson", "new a")
        staged.write_text(tmp_path / "b.geojson", "new b")
        assert (tmp_path / "b.geojson").read_text() == "old b"  # nothing renamed before commit
    assert [(tmp_path / n).read_text() for n in ("a.geojson", "b.geojson")] == ["new a", "new b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.geojson", "b.geojson"]


def test_stale_temporaries_of_dead_writers_are_removed_live_ones_kept(tmp_path):
    dead = tmp_path / ".incidents.geojson.999999.0a1b2c3d.geo-tmp"
    dead_gpkg = tmp_path / ".export.gpkg.999999.0a1b2c3d.geo-tmp.gpkg"
    mine = temporary_path(tmp_path / "places.geojson")
    user_file = tmp_path / ".notes.txt"
    for p in (dead, dead_gpkg, mine, user_file):
        p.write_text("x")
    removed = remove_stale_temporaries(tmp_path, alive=lambda pid: pid == os.getpid())
    assert removed == sorted([dead, dead_gpkg])
    assert mine.exists() and user_file.exists()


def _wait_for(path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


@pytest.mark.parametrize("pause_at", ["fsync", "between-renames"])
def test_build_killed_mid_write_leaves_previous_outputs_whole(tmp_path, pause_at):
    """A build SIGKILLed while writing (or between renames) leaves every output parseable and unchanged."""
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled overnight.\n", encoding="utf-8")
    script = [sys.executable, str(HERE.parent / "pipeline" / "killable_build.py"), str(articles), str(out)]
    subprocess.run(script, check=True, timeout=120)
    before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    assert set(before) == {"incidents.geojson", "places.geojson", "unresolved.csv"}

    (articles / "b.txt").write_text(" date 2020-10-05 Beta was shelled. Gamma was shelled.\n", encoding="utf-8")
    marker = tmp_path / "paused"
    process = subprocess.Popen(script + [pause_at, str(marker)])
    try:
        _wait_for(marker)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL

    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    if pause_at == "fsync":
        assert after == before
    else:
        # Killed after the first rename: each file is whole, old or new.
        assert set(after) == set(before)
        assert after["places.geojson"] == before["places.geojson"]
        assert after["incidents.geojson"] != before["incidents.geojson"]
    for name, data in after.items():
        if name.endswith(".geojson"):
            assert json.loads(data)["type"] == "FeatureCollection"
    assert any(p.name.endswith(".geo-tmp") for p in out.iterdir())  # the debris of the killed build

    subprocess.run(script, check=True, timeout=120)  # the next build finishes and clears it
    assert not any(p.name.endswith(".geo-tmp") for p in out.iterdir())
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["name"] for f in places["features"]} == {"Alpha", "Beta", "Gamma"}
