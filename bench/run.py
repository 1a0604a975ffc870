"""The scale benchmark: one script, every figure of docs/performance.md.

For each corpus size N (synthetic articles from bench/corpus.py):

* extraction throughput in one process (articles/s, gazetteer already loaded),
* the full ``geo build`` (fresh output folder, no cache) in a child process: wall time and
  its peak memory (``ru_maxrss`` of that child, from ``os.wait4``),
* the same build with ``--workers`` local processes (and ``--dask local`` if asked),
* the rebuild after adding one article (the cache reuses the N others),
* the size of ``map.html``;

then, for synthetic incident collections of 1k / 10k / 50k features, the map's load time
and slider latency in headless Chromium (measured by bench/bench_map.py).

Results go to bench/results/ (git-ignored) as JSON and Markdown; the Markdown table is
printed. Optionally (``--profile``) where the extraction of 1,000 articles spends its time.

Usage::

    python bench/run.py                         # N = 1,000 and 10,000; maps 1k/10k/50k
    python bench/run.py --sizes 1000 --map-sizes 1000 --profile
    python bench/run.py --snapshot --sizes 100000 --map-sizes 0 --workers 2 --build-workers 2
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import json
import logging
import os
import platform
import pstats
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

from caches import clear_caches  # noqa: E402
from corpus import article_name, load_places, write_corpus  # noqa: E402

logger = logging.getLogger("bench.run")


# --- child processes ---------------------------------------------------------------------

#: Runs a command as its own child and writes that child's peak resident memory (KB) to a
#: file. Linux carries a process's peak memory across exec from the process that forked it,
#: so a build started straight from this (large) benchmark process would report at least
#: this process's size; started from this small launcher it reports its own.
_LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def run_child(args: list[str], *, log: Path) -> dict:
    """Run a command; return its wall time, exit status and peak resident memory (MB)."""
    peak_file = log.with_suffix(".peak-kb")
    start = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(peak_file), *args], stdout=out,
                                   stderr=subprocess.STDOUT, cwd=ROOT)
        # wait4 gives the rusage of this one child; RUSAGE_CHILDREN would mix all of them.
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        logger.error("%s exited %d; see %s", " ".join(args), process.returncode, log)
    try:
        peak_kb = int(peak_file.read_text())
    except (OSError, ValueError):
        peak_kb = usage.ru_maxrss
    # ru_maxrss is in kilobytes on Linux. CPU time is reported too: on a shared machine it
    # is steadier than wall time (it does not count waiting for the CPU).
    return {"seconds": round(seconds, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "exit": process.returncode, "peak_mb": round(peak_kb / 1024, 1)}


def geo_build(articles: Path, out: Path, *extra: str, log: Path) -> dict:
    geo = Path(sys.executable).with_name("geo")
    command = [str(geo) if geo.exists() else sys.executable, *([] if geo.exists() else ["-m", "geo"])]
    return run_child([*command, "build", "--articles", str(articles), "--out", str(out), *extra], log=log)


# --- extraction --------------------------------------------------------------------------

def measure_extraction(articles_dir: Path, *, limit: int | None = None) -> dict:
    """Articles per second of ``extract_article`` in this process (gazetteer preloaded)."""
    from gazetteer import Gazetteer
    from geo.read.articles import read_article
    from geo.extract.article import extract_article

    start = time.perf_counter()
    gazetteer = Gazetteer.default()
    load_seconds = time.perf_counter() - start
    # Only the timed articles are read: a 100,000-article corpus would take longer to read
    # than to time. (Synthetic articles carry their own date line, no dates.csv needed.)
    files = sorted(articles_dir.glob("*.txt"))
    articles = [read_article(path, root=articles_dir) for path in (files[:limit] if limit else files)]
    extract_article(articles[0], gazetteer)  # warm lazy structures, as a real build would
    start, cpu_start = time.perf_counter(), time.process_time()
    incidents = sum(len(extract_article(article, gazetteer).incidents) for article in articles)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    return {"articles": len(articles), "seconds": round(seconds, 2),
            "articles_per_s": round(len(articles) / seconds, 1),
            "articles_per_cpu_s": round(len(articles) / cpu_seconds, 1),
            "incidents_per_article": round(incidents / len(articles), 2),
            "gazetteer_load_s": round(load_seconds, 2),
            "mb_per_s": round(sum(len(a.text) for a in articles) / seconds / 1e6, 3)}


def profile_extraction(articles_dir: Path, *, n: int, out: Path, top: int = 25) -> str:
    """Where extraction spends its time, on ``n`` articles; writes and returns a report.

    First the CPU time of the main stages (:data:`STAGES`), timed by thin wrappers rather
    than a profiler, because profilers inflate small, frequent calls. Then a profile
    (pyinstrument, if installed, else cProfile's top functions) for the detail.
    """
    from gazetteer import Gazetteer
    from geo.read.articles import read_folder
    from geo.extract.article import extract_article

    gazetteer = Gazetteer.default()
    articles, _ = read_folder(articles_dir)
    articles = articles[:n]
    extract_article(articles[0], gazetteer)
    clear_caches()
    start = time.process_time()
    for article in articles:
        extract_article(article, gazetteer)
    total = time.process_time() - start
    clear_caches()
    spent = _time_stages(lambda: [extract_article(article, gazetteer) for article in articles])
    per = 1000 / len(articles)
    report = [f"extraction of {len(articles)} articles: {total:.1f} CPU s, {total * per:.1f} ms per article",
              "stages (CPU time inside each call, nested calls not subtracted):"]
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        report.append(f"  {name:<40} {seconds * per:6.2f} ms/article  {seconds / total:6.1%}")
    report.append("")
    try:
        from pyinstrument import Profiler
    except ImportError:
        profiler = cprofile_extraction(articles, gazetteer)
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).strip_dirs()
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
        report.append(text.getvalue())
    else:
        clear_caches()
        profiler = Profiler(interval=0.001)
        profiler.start()
        for article in articles:
            extract_article(article, gazetteer)
        profiler.stop()
        report.append(profiler.output_text(unicode=False, color=False))
    out.write_text("\n".join(report))
    return "\n".join(report)


def cprofile_extraction(articles: list, gazetteer) -> cProfile.Profile:
    """``extract_article`` over ``articles`` under cProfile, memo caches emptied first."""
    from geo.extract.article import extract_article

    clear_caches()
    profiler = cProfile.Profile()
    profiler.enable()
    for article in articles:
        extract_article(article, gazetteer)
    profiler.disable()
    return profiler


#: (label, owner object, attribute) of the calls whose CPU time profile_extraction reports.
STAGES = (
    ("gazetteer.Gazetteer.find_mentions", "gazetteer", "Gazetteer", "find_mentions"),
    ("gazetteer.Gazetteer.disambiguate", "gazetteer", "Gazetteer", "disambiguate"),
    ("geo.extract.lexicon.classify", "geo.extract.article", None, "classify"),
    ("geo.extract.lexicon.find_cues", "geo.extract.article", None, "find_cues"),
    ("geo.language.numbers.parse_casualties", "geo.extract.article", None, "parse_casualties"),
    ("geo.language.dates.resolve_dates", "geo.extract.article", None, "resolve_dates"),
    ("geo.language.dates.sentence_date", "geo.extract.article", None, "sentence_date"),
    ("geo.extract.claims.ClaimTracker.claims", "geo.extract.claims", "ClaimTracker", "claims"),
    ("geo.extract.claims.find_denials", "geo.extract.article", None, "find_denials"),
    ("geo.language.sentences.split_sentences", "geo.extract.article", None, "split_sentences"),
    ("geo.language.sentences.split_clauses", "geo.extract.article", None, "split_clauses"),
    ("geo.join.join_incidents", "geo.extract.article", None, "join_incidents"),
)


def _time_stages(run) -> dict[str, float]:
    """CPU seconds spent in each of :data:`STAGES` while ``run()`` runs (wrappers removed after)."""
    spent: dict[str, float] = {}
    restore = []
    for label, module_name, class_name, attribute in STAGES:
        owner = importlib.import_module(module_name)
        owner = getattr(owner, class_name) if class_name else owner
        original = getattr(owner, attribute, None)
        if original is None:
            continue

        def timed(*args, __original=original, __label=label, **kwargs):
            start = time.process_time()
            try:
                return __original(*args, **kwargs)
            finally:
                spent[__label] = spent.get(__label, 0.0) + time.process_time() - start

        setattr(owner, attribute, timed)
        restore.append((owner, attribute, original))
    try:
        run()
    finally:
        for owner, attribute, original in restore:
            setattr(owner, attribute, original)
    return spent


# --- one corpus size ---------------------------------------------------------------------

def bench_corpus(n: int, *, work: Path, places: list[str], seed: int, workers: int,
                 dask: bool, extraction_limit: int, build_workers: int = 1, no_map: bool = False) -> dict:
    corpus = work / f"corpus-{n}"
    if not corpus.exists() or len(list(corpus.glob("*.txt"))) != n:
        shutil.rmtree(corpus, ignore_errors=True)
        logger.info("writing %d articles to %s", n, corpus)
        write_corpus(n, corpus, seed=seed, places=places)
    row: dict = {"n": n, "corpus_mb": round(sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6, 1)}

    logger.info("N=%d: extraction in one process (%d articles)", n, min(n, extraction_limit))
    row["extraction"] = measure_extraction(corpus, limit=extraction_limit)

    out = work / f"out-{n}"
    shutil.rmtree(out, ignore_errors=True)
    # Options of every build below: the full build's workers (rebuilds extract at most one
    # article, so they run the same), and --no-map to time the pipeline without the map.
    options = (["--workers", str(build_workers)] if build_workers != 1 else []) + (["--no-map"] if no_map else [])
    row["build_options"] = " ".join(options)
    logger.info("N=%d: full build %s", n, row["build_options"])
    row["build"] = geo_build(corpus, out, *options, log=work / f"build-{n}.log")
    map_file = out / "map.html"
    row["map_html_mb"] = round(map_file.stat().st_size / 1e6, 2) if map_file.exists() else None
    if map_file.exists():
        logger.info("N=%d: the built map in chromium", n)
        try:
            row["map"] = _load_module(BENCH / "bench_map.py").measure_map(map_file)
        except Exception as err:  # a map too large for the browser must not lose the rebuild figures
            logger.error("N=%d: the built map could not be measured: %s", n, err)
            row["map_error"] = f"{type(err).__name__}: {err}"[:300]
    incidents_file = out / "incidents.geojson"
    if incidents_file.exists():
        row["incidents"] = len(json.loads(incidents_file.read_text())["features"])
        row["incidents_geojson_mb"] = round(incidents_file.stat().st_size / 1e6, 2)

    logger.info("N=%d: rebuild with nothing changed", n)
    row["rebuild_unchanged"] = geo_build(corpus, out, *options, log=work / f"rebuild0-{n}.log")

    # One new article, the next one the generator would write; removed afterwards so the
    # corpus stays N articles for the next run.
    extra = corpus / article_name(n)
    write_corpus(n + 1, corpus, seed=seed, places=places, start=n)
    try:
        logger.info("N=%d: rebuild after adding one article", n)
        row["rebuild_one_added"] = geo_build(corpus, out, *options, log=work / f"rebuild1-{n}.log")
    finally:
        extra.unlink()
    # Back to the N articles, so the outputs compare with the parallel builds below.
    logger.info("N=%d: rebuild after removing it again", n)
    row["rebuild_one_removed"] = geo_build(corpus, out, *options, log=work / f"rebuild2-{n}.log")
    row["rebuild_share"] = round(row["rebuild_one_added"]["seconds"] / row["build"]["seconds"], 3)

    if workers > 1 and workers != build_workers:
        out_workers = work / f"out-{n}-workers"
        shutil.rmtree(out_workers, ignore_errors=True)
        logger.info("N=%d: full build with --workers %d", n, workers)
        row["build_workers"] = geo_build(corpus, out_workers, "--workers", str(workers),
                                         *(["--no-map"] if no_map else []),
                                         log=work / f"build-workers-{n}.log")
        row["build_workers"]["workers"] = workers
        row["workers_identical"] = _same_outputs(out, out_workers)
    if dask:
        out_dask = work / f"out-{n}-dask"
        shutil.rmtree(out_dask, ignore_errors=True)
        logger.info("N=%d: full build with --dask local", n)
        row["build_dask"] = geo_build(corpus, out_dask, "--dask", "local", "--workers", str(max(workers, 2)),
                                      log=work / f"build-dask-{n}.log")
        row["dask_identical"] = _same_outputs(out, out_dask)
    return row


def _same_outputs(a: Path, b: Path) -> bool:
    names = ("incidents.geojson", "places.geojson", "map.html")
    return all((a / name).exists() and (b / name).exists() and (a / name).read_bytes() == (b / name).read_bytes() for name in names)


# --- the map in a browser ----------------------------------------------------------------

def bench_maps(sizes: list[int]) -> tuple[list[dict], str]:
    """Load time and slider latency of maps of ``sizes`` synthetic incidents.

    Delegates to bench/bench_map.py (the map's own benchmark: synthetic incidents, render,
    headless Chromium with the network blocked); returns its rows and Markdown table.
    """
    bench_map = _load_module(BENCH / "bench_map.py")
    rows = bench_map.bench(sizes)
    return rows, bench_map.markdown(rows)


def _load_module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- report ------------------------------------------------------------------------------

def _map_cell(row: dict, key: str):
    return row.get("map", {}).get(key, "-")


def _commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def _exec_in_snapshot(argv: list[str], args) -> None:
    """Re-run this benchmark on ``git archive HEAD`` (``--snapshot``); does not return."""
    snapshot = args.work / "snapshot"
    shutil.rmtree(snapshot, ignore_errors=True)
    snapshot.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(snapshot)], input=archive, check=True)
    # PYTHONPATH comes before site-packages, so the snapshot's geo and gazetteer shadow
    # the editable install, in this process and in every `geo build` child.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(snapshot), os.environ.get("PYTHONPATH")])),
               BENCH_COMMIT=_commit().replace("+dirty", ""))
    rest = [a for a in argv if a != "--snapshot"]
    logger.info("benchmarking the committed code %s from %s", env["BENCH_COMMIT"], snapshot)
    os.execve(sys.executable, [sys.executable, str(snapshot / "bench" / "run.py"), *rest,
                               "--work", str(args.work.resolve()), "--results", str(args.results.resolve())], env)


def markdown(results: dict) -> str:
    lines = [f"Machine: {results['cpus']} cores ({results['platform']}), Python {results['python']}; "
             f"commit {results['commit']}; {results['date']}", ""]
    if results["corpora"]:
        lines += ["| articles | corpus MB | extraction, 1 process (articles/s; per CPU-second) | full `geo build` (s) "
                  "| peak memory (MB) | `--workers` build (s) | rebuild, nothing changed (s) "
                  "| rebuild after adding 1 article (s; peak MB) | rebuild / full | incidents | map.html (MB) "
                  "| map load (s) | slider median / worst (ms) |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for row in results["corpora"]:
            workers = row.get("build_workers")
            workers = f"{workers['seconds']} ({workers['workers']} workers)" if workers else "-"
            lines.append(
                f"| {row['n']:,} | {row['corpus_mb']} | {row['extraction']['articles_per_s']:,}; "
                f"{row['extraction']['articles_per_cpu_s']:,} "
                f"| {row['build']['seconds']}{' (' + row['build_options'] + ')' if row.get('build_options') else ''} "
                f"| {row['build']['peak_mb']} "
                f"| {workers} "
                f"| {row['rebuild_unchanged']['seconds']} | {row['rebuild_one_added']['seconds']}; "
                f"{row['rebuild_one_added']['peak_mb']} "
                f"| {row['rebuild_share']:.1%} | {row.get('incidents', '-')} | {row['map_html_mb']} "
                f"| {_map_cell(row, 'load_s')} | {_map_cell(row, 'slider_ms_median')} / "
                f"{_map_cell(row, 'slider_ms_max')} |")
        lines.append("")
    if results.get("maps_table"):
        lines += [results["maps_table"], ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--map-sizes", default="1000,10000,50000", help="incidents per map, comma-separated")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="also time `geo build --workers N` (default: CPU count; 1 skips it)")
    parser.add_argument("--dask", action="store_true", help="also time `geo build --dask local`")
    parser.add_argument("--build-workers", type=int, default=1, metavar="N",
                        help="run the full build itself with --workers N (default 1: one process); "
                             "for corpora too large to extract in one process in reasonable time")
    parser.add_argument("--no-map", action="store_true",
                        help="builds write the GeoJSON only (times the pipeline without the map)")
    parser.add_argument("--profile", type=int, nargs="?", const=1000, default=0, metavar="N",
                        help="profile the extraction of N articles (default 1,000): stages, then "
                             "pyinstrument or cProfile")
    parser.add_argument("--extraction-limit", type=int, default=2000,
                        help="articles timed for the in-process extraction rate (default 2000)")
    parser.add_argument("--snapshot", action="store_true",
                        help="benchmark the committed code (git archive HEAD), not the working tree: "
                             "steady figures while files are being edited")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where results are written")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=RESULTS / "work",
                        help="scratch folder for corpora and outputs (default bench/results/work)")
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    args.work.mkdir(parents=True, exist_ok=True)
    args.results.mkdir(parents=True, exist_ok=True)
    if args.snapshot:
        _exec_in_snapshot(argv, args)
    sizes = [int(s) for s in args.sizes.split(",") if s and int(s) > 0]
    map_sizes = [int(s) for s in args.map_sizes.split(",") if s and int(s) > 0]  # "0" or "" skips the maps

    results = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "commit": os.environ.get("BENCH_COMMIT") or _commit(), "cpus": os.cpu_count(), "platform": platform.platform(),
               "python": platform.python_version(), "corpora": [], "maps": []}
    places = load_places()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for n in sizes:
        results["corpora"].append(bench_corpus(n, work=args.work, places=places, seed=args.seed,
                                               workers=args.workers, dask=args.dask,
                                               extraction_limit=args.extraction_limit,
                                               build_workers=args.build_workers, no_map=args.no_map))
        # Saved after each corpus: a long run that fails later keeps what it measured.
        (args.results / f"results-{stamp}.json").write_text(json.dumps(results, indent=2))
    if map_sizes:
        results["maps"], results["maps_table"] = bench_maps(map_sizes)
    if args.profile:
        corpus = args.work / f"corpus-{args.profile}"
        if not corpus.exists():
            write_corpus(args.profile, corpus, seed=args.seed, places=places)
        top = profile_extraction(corpus, n=args.profile, out=args.results / "profile-extraction.txt")
        print(top[:8000])

    (args.results / f"results-{stamp}.json").write_text(json.dumps(results, indent=2))
    table = markdown(results)
    (args.results / f"results-{stamp}.md").write_text(table)
    (args.results / "latest.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
