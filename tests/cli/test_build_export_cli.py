"""`geo build` and `geo export` from the command line: outputs, summary, exit status."""

from __future__ import annotations

import json

import geopandas
import pytest
from click.testing import CliRunner

from geo.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_writes_outputs_and_prints_summary(fake_extraction, articles, tmp_path):
    out = tmp_path / "out"
    result = run("build", "--articles", articles, "--out", out, "--no-map")
    assert result.exit_code == 0, result.output
    assert "articles: 2 found, 2 processed (2 read, 0 reused from cache), 0 skipped, 0 dropped" in result.output
    assert "places: 3; incidents: 2 (shelling 2)" in result.output
    assert sorted(p.name for p in out.iterdir()) == [".geo-cache.sqlite", "incidents.geojson", "places.geojson", "unresolved.csv"]
    again = run("build", "--articles", articles, "--out", out, "--no-map")
    assert again.exit_code == 0, again.output
    assert "(0 read, 2 reused from cache)" in again.output


def test_build_exit_status_strict_and_nothing_readable(fake_extraction, articles, tmp_path):
    (articles / "empty.txt").write_bytes(b"")
    lenient = run("build", "--articles", articles, "--out", tmp_path / "out", "--no-map")
    assert lenient.exit_code == 0, lenient.output
    assert "skipped empty.txt: empty file" in lenient.output
    strict = run("build", "--articles", articles, "--out", tmp_path / "out", "--no-map", "--strict")
    assert strict.exit_code == 3, strict.output
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run("build", "--articles", empty, "--out", tmp_path / "out2", "--no-map")
    assert nothing.exit_code == 1, nothing.output
    assert "nothing could be read" in nothing.output
    missing = run("build", "--articles", tmp_path / "missing", "--out", tmp_path / "out3")
    assert missing.exit_code != 0 and "does not exist" in missing.output


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv", "parquet"])
def test_export_after_build_with_filters(fake_extraction, articles, tmp_path, fmt):
    out = tmp_path / "out"
    assert run("build", "--articles", articles, "--out", out, "--no-map").exit_code == 0
    target = tmp_path / f"shelling.{fmt}"
    result = run("export", "--format", fmt, "--from", out, "--out", target, "--type", "shelling",
                 "--since", "2020-10-05")
    assert result.exit_code == 0, result.output
    assert f"wrote {target} (1 incidents" in result.output
    if fmt == "parquet":
        frame = geopandas.read_parquet(target)
    else:
        frame = geopandas.read_file(target, engine="pyogrio", layer="incidents" if fmt == "gpkg" else None)
    assert list(frame["place"]) == ["Beta"]


def test_export_default_path_and_errors(fake_extraction, articles, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--articles", articles, "--out", out, "--no-map").exit_code == 0
    result = run("export", "--format", "geojson", "--from", out)
    assert result.exit_code == 0, result.output
    exported = json.loads((out / "export.geojson").read_text(encoding="utf-8"))
    assert "crs" not in exported and len(exported["features"]) == 2
    bad_type = run("export", "--format", "csv", "--from", out, "--type", "bombing")
    assert bad_type.exit_code == 1 and "unknown event type(s) bombing" in bad_type.output
    no_build = run("export", "--format", "csv", "--from", tmp_path / "nowhere")
    assert no_build.exit_code == 1 and "run `geo build" in no_build.output
    bad_date = run("export", "--format", "csv", "--from", out, "--since", "5 Oct")
    assert bad_date.exit_code == 2


def test_watch_builds_and_reports(fake_extraction, articles, tmp_path, monkeypatch):
    import functools

    import geo.pipeline.watch

    # one build, then stop: the rebuild-on-change loop is tested in tests/pipeline/test_watch.py
    monkeypatch.setattr(geo.pipeline.watch, "watch", functools.partial(geo.pipeline.watch.watch, max_builds=1))
    result = run("watch", "--articles", articles, "--out", tmp_path / "out", "--no-map", "--debounce-ms", "50")
    assert result.exit_code == 0, result.output
    assert "articles: 2 found, 2 processed" in result.output
    assert (tmp_path / "out" / "incidents.geojson").exists()


def test_watch_passes_dask_options_to_every_build(articles, tmp_path, monkeypatch):
    import geo.pipeline.watch

    seen = []
    monkeypatch.setattr(geo.pipeline.watch, "watch", lambda options, **kwargs: seen.append(options))
    result = run("watch", "--articles", articles, "--out", tmp_path / "out", "--dask", "tcp://10.0.0.5:8786",
                 "--dask-timeout", "3")
    assert result.exit_code == 0, result.output
    assert (seen[0].dask, seen[0].dask_timeout) == ("tcp://10.0.0.5:8786", 3.0)


def test_online_build_says_workers_are_not_used(fake_extraction, articles, tmp_path, monkeypatch):
    import gazetteer.online

    class Service:
        domain = "127.0.0.1:9"
        stats = {"failures": 0}

    monkeypatch.setattr(gazetteer.online.OnlineGeocoder, "from_env", classmethod(lambda cls, **kw: Service()))
    result = run("build", "--articles", articles, "--out", tmp_path / "out", "--no-map", "--online", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert "warning: --online extracts in one process" in result.output and "--workers ignored" in result.output


@pytest.mark.parametrize("fmt,name", [("csv", "places.geojson"), ("geojson", "incidents.geojson"),
                                      ("csv", "map.html"), ("gpkg", ".geo-cache.sqlite"),
                                      ("csv", "unresolved.csv")])
def test_export_refuses_to_write_over_a_build_file(fake_extraction, articles, tmp_path, fmt, name):
    out = tmp_path / "out"
    assert run("build", "--articles", articles, "--out", out).exit_code == 0
    before = (out / name).read_bytes()
    result = run("export", "--format", fmt, "--from", out, "--out", out / name)
    assert result.exit_code == 2, result.output
    assert f"is the build's own {name}, which an export never writes over" in result.output
    assert "wrote" not in result.output and "Traceback" not in result.output
    assert (out / name).read_bytes() == before


def test_export_refuses_another_spelling_or_a_link_of_a_build_file(fake_extraction, articles, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--articles", articles, "--out", out, "--no-map").exit_code == 0
    before = (out / "incidents.geojson").read_bytes()
    (tmp_path / "link.geojson").symlink_to(out / "incidents.geojson")
    for target in (out / "sub" / ".." / "incidents.geojson", tmp_path / "link.geojson"):
        (out / "sub").mkdir(exist_ok=True)
        result = run("export", "--format", "geojson", "--from", out, "--out", target)
        assert result.exit_code == 2, result.output
    assert (out / "incidents.geojson").read_bytes() == before


def test_csv_export_neutralises_formulas(fake_extraction, articles, tmp_path):
    import csv

    (articles / '=HYPERLINK("evil.invalid","y").txt').write_text(" date 2020-10-09 Gamma was shelled.\n",
                                                                 encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", "--articles", articles, "--out", out, "--no-map").exit_code == 0
    result = run("export", "--format", "csv", "--from", out, "--out", tmp_path / "x.csv")
    assert result.exit_code == 0, result.output
    with open(tmp_path / "x.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    delta = next(r for r in rows if r["place"] == "Gamma")
    assert delta["articles"] == '\'=HYPERLINK("evil.invalid","y").txt'
    assert delta["evidence"].startswith('\'=HYPERLINK("evil.invalid","y").txt: ')
    assert float(delta["lat"]) == float(delta["lat"])  # numbers stay numbers
    cells = [cell for row in rows for cell in row.values()]
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)


def test_names_with_control_and_bidi_characters_are_printed_escaped(fake_extraction, articles, tmp_path):
    (articles / "new\nline.txt").write_bytes(b"")
    (articles / "\u202etxt.exe.txt").write_bytes(b"")
    (articles / "\x1b[2Jclear.txt").write_bytes(b"")
    result = run("build", "--articles", articles, "--out", tmp_path / "out", "--no-map")
    assert result.exit_code == 0, result.output
    assert "  skipped new\\nline.txt: empty file" in result.output
    assert "  skipped \\u202etxt.exe.txt: empty file" in result.output
    assert "  skipped \\x1b[2Jclear.txt: empty file" in result.output
    assert not any(c in result.output for c in ("\u202e", "\x1b"))
