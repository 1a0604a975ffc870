"""geo watch: a new or changed article rebuilds the outputs; outputs and temporaries do not."""

from __future__ import annotations

import json
import threading
import time

from tests.pipeline.pipeline_fakes import FAKES
from geo.pipeline.run import BuildOptions
from geo.pipeline.watch import ArticleFilter, watch

import watchfiles


def _wait(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_new_article_rebuilds_outputs_and_stop_event_ends_watching(tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "articles" / "output"  # output inside: must not loop
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n", encoding="utf-8")
    summaries, stop = [], threading.Event()
    options = BuildOptions(articles=articles, out=out, write_map=False)
    thread = threading.Thread(
        target=watch, args=(options,), kwargs=dict(debounce_ms=100, stop_event=stop, on_build=summaries.append, **FAKES)
    )
    thread.start()
    try:
        _wait(lambda: len(summaries) == 1)
        time.sleep(0.5)  # let the watcher start before the change
        (articles / "b.txt").write_text(" date 2020-10-05 Beta was shelled.\n", encoding="utf-8")
        _wait(lambda: len(summaries) >= 2)
        places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))["features"]
        assert sorted(p["properties"]["name"] for p in places) == ["Alpha", "Beta"]
        assert (summaries[1].read, summaries[1].reused) == (("b.txt",), ("a.txt",))
        time.sleep(1.0)  # writing the outputs inside the articles folder triggers nothing
        assert len(summaries) == 2
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_max_builds_stops_after_the_first_build(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n", encoding="utf-8")
    options = BuildOptions(articles=tmp_path, out=tmp_path / "out", write_map=False)
    assert watch(options, max_builds=1, **FAKES) == 1
    assert (tmp_path / "out" / "incidents.geojson").exists()


def test_filter_ignores_outputs_hidden_files_and_editor_temporaries(tmp_path):
    accept = ArticleFilter(tmp_path / "out")
    added = watchfiles.Change.added
    assert accept(added, str(tmp_path / "new.txt"))
    assert accept(added, str(tmp_path / "dates.csv"))
    assert not accept(added, str(tmp_path / "out" / "incidents.geojson"))
    assert not accept(added, str(tmp_path / ".new.txt.swp"))
    assert not accept(added, str(tmp_path / "draft.txt~"))


def test_ctrl_c_during_a_build_stops_watching_and_keeps_the_last_outputs(tmp_path, monkeypatch):
    import geo.pipeline.watch as watching

    (tmp_path / "a.txt").write_text(" date 2020-10-04 Alpha was shelled.\n", encoding="utf-8")
    options = BuildOptions(articles=tmp_path, out=tmp_path / "out", write_map=False)
    watch(options, max_builds=1, **FAKES)
    before = (tmp_path / "out" / "incidents.geojson").read_bytes()

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(watching, "run_build", interrupted)
    assert watch(options, max_builds=3, **FAKES) == 1  # no traceback, no further builds
    assert (tmp_path / "out" / "incidents.geojson").read_bytes() == before
