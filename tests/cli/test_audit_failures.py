"""Each failure the audit of issue 14 found ends in one clear line and a documented exit status, never a traceback.

Permission cases run `geo` in a child process without the capabilities that let root ignore
file modes (``setpriv --bounding-set=-all``), or as an ordinary user.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.pipeline.cache import CACHE_NAME


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _one_clear_line(result, code, text):
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert text in result.output


def test_dates_csv_that_is_a_folder(fake_extraction, articles, tmp_path):
    (articles / "dates.csv").mkdir()
    result = run("build", "--articles", articles, "--out", tmp_path / "out", "--no-map")
    _one_clear_line(result, 1, "dates.csv is a folder, not a dates.csv file: rename or remove it")


def test_dates_csv_with_a_field_over_128_kb(fake_extraction, articles, tmp_path):
    (articles / "dates.csv").write_text('file,date\n"' + "x" * 140_000 + '",2020-10-04\n', encoding="utf-8")
    result = run("build", "--articles", articles, "--out", tmp_path / "out", "--no-map")
    _one_clear_line(result, 1, "dates.csv line 2 is not CSV (field larger than field limit (131072)): fix that line")


def test_dates_csv_date_in_2099_is_rejected_with_its_line(fake_extraction, articles, tmp_path, caplog):
    (articles / "dates.csv").write_text("file,date\na.txt,2099-01-01\n", encoding="utf-8")
    result = run("build", "--articles", articles, "--out", tmp_path / "out", "--no-map")
    assert result.exit_code == 0, result.output
    assert "dates.csv line 2: 2099-01-01 is after today, not a publication date; row ignored" in caplog.text


def test_cache_that_is_a_folder(fake_extraction, articles, tmp_path):
    (tmp_path / "out" / CACHE_NAME).mkdir(parents=True)
    result = run("build", "--articles", articles, "--out", tmp_path / "out", "--no-map")
    _one_clear_line(result, 1, f"the build cache {tmp_path / 'out' / CACHE_NAME} is a folder, not a file: "
                               "remove or rename it")


def test_damaged_cache_row_with_the_map_on(fake_extraction, articles, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--articles", articles, "--out", out).exit_code == 0
    before = (out / "incidents.geojson").read_bytes()
    with sqlite3.connect(out / CACHE_NAME) as db:
        db.execute("UPDATE joined SET feature = substr(feature, 1, 40)")
    result = run("build", "--articles", articles, "--out", out)
    _one_clear_line(result, 0, "damaged joined rows dropped; joined again from the articles")
    assert (out / "incidents.geojson").read_bytes() == before


def _without_rights(args, cwd):
    """Run ``geo ARGS`` as a user whom file modes bind; skip where that cannot be arranged."""
    command = [sys.executable, "-m", "geo", *map(str, args)]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv: file modes cannot bind")
        command = ["setpriv", "--bounding-set=-all", "--", *command]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def _assert_clear(completed, code, text):
    output = completed.stdout + completed.stderr
    assert completed.returncode == code, output
    assert "Traceback" not in output
    assert text in output


@pytest.mark.parametrize("case", ["read-only cache", "read-only output folder", "unreadable dates.csv"])
def test_permission_failures(tmp_path, case):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Tartar was shelled.\n", encoding="utf-8")
    out = tmp_path / "out"
    if case != "unreadable dates.csv":
        first = subprocess.run([sys.executable, "-m", "geo", "build", "--articles", articles, "--out", out,
                                "--no-map"], capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stdout + first.stderr
        (articles / "b.txt").write_text(" date 2020-10-05 Fizuli was shelled.\n", encoding="utf-8")
    try:
        if case == "read-only cache":
            (out / CACHE_NAME).chmod(0o444)
            expected = "is read-only: make it writable, or delete it (it is only a cache)"
        elif case == "read-only output folder":
            out.chmod(0o555)
            expected = f"the output folder {out} is read-only: make it writable, or build into another --out"
        else:
            (articles / "dates.csv").write_text("file,date\n", encoding="utf-8")
            (articles / "dates.csv").chmod(0)
            expected = "dates.csv (Permission denied): fix its permissions or remove it"
        completed = _without_rights(["build", "--articles", articles, "--out", out, "--no-map"], tmp_path)
        _assert_clear(completed, 1, expected)
    finally:
        out.chmod(0o755) if out.exists() else None
