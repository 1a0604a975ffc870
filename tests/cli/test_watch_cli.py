"""`geo watch` as a user runs it: a real process, real extraction, stopped with Ctrl-C."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))


def _wait(predicate, timeout=90.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _articles_in(out: Path) -> set[str]:
    try:
        places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return set()
    return {a for f in places["features"] for a in f["properties"]["articles"]}


def test_watch_rebuilds_when_an_article_arrives_and_stops_on_ctrl_c(tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    shutil.copy(SEEDS[0], articles)
    process = subprocess.Popen(
        [sys.executable, "-m", "geo", "watch", "--articles", str(articles), "--out", str(out), "--no-map",
         "--debounce-ms", "200"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        _wait(lambda: _articles_in(out) == {SEEDS[0].name})
        time.sleep(1.0)  # the watcher starts after the first build
        shutil.copy(SEEDS[1], articles)
        _wait(lambda: _articles_in(out) == {SEEDS[0].name, SEEDS[1].name})
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "(1 read, 1 reused from cache)" in output
