"""CPU per article of the extractor, its regex calls, and geotext beside it (issue 15).

Measures, in one process, with CPU time (``time.process_time``: the machine is shared, so
wall time would count waiting for a core):

* ``extract_article`` over unique real text (every article ``read_folder`` reads in
  ``../shared/devcorpus/karabakh``, ``../shared/devcorpus/otherwars``, ``seeds/``,
  ``tests/gold/dev/articles`` and ``tests/gold/blind/articles``, de-duplicated by text) and
  over N synthetic articles of bench/corpus.py: CPU ms per article, articles and characters
  per CPU-second. The gazetteer is loaded and a tiny article extracted first (lazy one-time
  structures), then the memo caches are emptied, so the figure is that of a build's articles
  (the gazetteer's table blocks a text needs are still decoded on first use, as in a build);
* regex calls per article, counted by cProfile over the same extraction: methods of
  ``re.Pattern`` objects (including those a module-level function makes), module-level
  ``re`` functions, and ``re._compile`` cache lookups;
* ``geotext.GeoText(text)`` (and ``flashgeotext``'s ``GeoText().extract``, if installed) on
  exactly the same texts, after one warm-up call (the quickest of 5 passes: they keep no
  cache), and the ratio ours / theirs.

``--against PATH`` runs the extraction timing in child processes, this checkout and the one
at PATH (with PATH's own ``.venv/bin/python`` and its ``geo`` and ``gazetteer`` first on the
path), in turn for ``--rounds`` rounds, and prints min / median per side and the speed-up
(median of PATH / median of this checkout). Both sides read the same files: the synthetic
corpus is written once by this process.

``--full-build N`` times whole processes instead (CPU seconds of the child and its workers
from ``os.wait4``): ``geo build --no-map`` with one worker and with the default workers,
against ``bench/geotext_build.py``, on N synthetic articles.

Results go to ``--json FILE`` if given; a Markdown table with the command and the date is
printed at the end.

Usage::

    python bench/cpu.py                                  # real + 1,000 synthetic, regex calls, geotext
    python bench/cpu.py --synthetic 200 --no-regex       # quicker
    python bench/cpu.py --against /work/base15 --rounds 3 --json bench/results/cpu-ab.json
    python bench/cpu.py --full-build 10000               # geo build vs geotext, 10,000 articles
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import pstats
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(BENCH))

from caches import clear_caches  # noqa: E402
from run import RESULTS, cprofile_extraction, geo_build, run_child  # noqa: E402

logger = logging.getLogger("bench.cpu")

#: The real text: every folder that exists is read; a missing one is named and skipped.
REAL_FOLDERS = (SHARED / "devcorpus" / "karabakh", SHARED / "devcorpus" / "otherwars", ROOT / "seeds",
                ROOT / "tests" / "gold" / "dev" / "articles", ROOT / "tests" / "gold" / "blind" / "articles")

#: Extracted once before timing, so the lazy one-time structures (name index, automaton,
#: loose index) are built before the clock starts, as in a build past its first article.
WARM_UP_TEXT = "Shelling hit Kyiv and Novomykhailivske on Monday, Ukrainian officials said."

#: The regex work cProfile sees: methods of compiled patterns, and the module-level functions
#: of ``re`` (each of which also looks its pattern up in ``re``'s cache, ``re._compile``).
PATTERN_METHODS = ("search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split")
MODULE_FUNCTIONS = (*PATTERN_METHODS, "compile")


# --- the texts ---------------------------------------------------------------------------

def unique_articles(folders: list[Path]) -> tuple[list, dict]:
    """The articles of ``folders``, each text once; and counts of what was read and dropped.

    Parameters
    ----------
    folders : list of Path
        Article folders, read with ``geo.read.articles.read_folder``; a missing one is logged
        and listed under ``"missing"``.

    Returns
    -------
    tuple[list[Article], dict]
        The articles whose text was not seen before (first one kept, in folder order), and
        ``{"read", "duplicates", "unreadable", "missing", "folders"}``.
    """
    from geo.read.articles import read_folder

    seen: set[str] = set()
    articles, counts = [], {"read": 0, "duplicates": 0, "unreadable": 0, "missing": [], "folders": []}
    for folder in folders:
        if not Path(folder).is_dir():
            logger.warning("skipping %s: no such folder", folder)
            counts["missing"].append(str(folder))
            continue
        found, problems = read_folder(Path(folder))
        counts["folders"].append(str(folder))
        counts["read"] += len(found)
        counts["unreadable"] += len(problems)
        for article in found:
            digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
            if digest in seen:
                counts["duplicates"] += 1
                continue
            seen.add(digest)
            articles.append(article)
    return articles, counts


def synthetic_corpus(n: int, folder: Path, *, seed: int = 0) -> Path:
    """``folder`` holding bench/corpus.py's first ``n`` articles, written if it does not yet."""
    from corpus import load_places, write_corpus

    if not folder.is_dir() or len(list(folder.glob("*.txt"))) != n:
        shutil.rmtree(folder, ignore_errors=True)
        logger.info("writing %d synthetic articles to %s", n, folder)
        write_corpus(n, folder, seed=seed, places=load_places())
    return folder


# --- our extractor -----------------------------------------------------------------------

def load_warm_gazetteer():
    """``Gazetteer.default()``, with one tiny article extracted; and the CPU seconds of each step."""
    from gazetteer import Gazetteer
    from geo.extract.article import extract_article
    from geo.model import Article

    start = time.process_time()
    gazetteer = Gazetteer.default()
    loaded = time.process_time()
    extract_article(Article(name="warm-up.txt", text=WARM_UP_TEXT, published=date(2022, 3, 7)), gazetteer)
    warmed = time.process_time()
    return gazetteer, {"load_cpu_s": round(loaded - start, 3), "warm_up_cpu_s": round(warmed - loaded, 3)}


def measure_cpu(articles: list, gazetteer) -> dict:
    """CPU time of ``extract_article`` over ``articles``, memo caches emptied first.

    Returns
    -------
    dict
        ``articles``, ``chars``, ``cpu_s``, ``ms_per_article``, ``articles_per_cpu_s``,
        ``chars_per_cpu_s`` and ``incidents`` (a check that the work was done).
    """
    from geo.extract.article import extract_article

    clear_caches()
    incidents = 0
    start = time.process_time()
    for article in articles:
        incidents += len(extract_article(article, gazetteer).incidents)
    cpu = time.process_time() - start
    chars = sum(len(article.text) for article in articles)
    return {"articles": len(articles), "chars": chars, "cpu_s": round(cpu, 3),
            "ms_per_article": round(cpu * 1000 / len(articles), 3),
            "articles_per_cpu_s": round(len(articles) / cpu, 1), "chars_per_cpu_s": round(chars / cpu),
            "incidents": incidents}


def count_regex_calls(articles: list, gazetteer) -> dict:
    """Regex calls per article of ``extract_article`` over ``articles``, counted by cProfile.

    Returns
    -------
    dict
        Per article: ``pattern_methods`` (calls of ``re.Pattern`` methods), ``re_functions``
        (``re.search``, ``re.sub``, ... and ``re.compile``), ``re_compile_lookups``
        (``re._compile``, the cache lookup every module-level call makes); and ``by_name``,
        the per-article calls of each method and function.
    """
    profiler = cprofile_extraction(articles, gazetteer)
    methods = {f"<method '{name}' of 're.Pattern' objects>": name for name in PATTERN_METHODS}
    re_module = os.path.join("re", "__init__.py")
    by_name: dict[str, int] = {}
    for (filename, _, function), (_, calls, *_) in pstats.Stats(profiler).stats.items():
        if filename == "~" and function in methods:
            key = f"Pattern.{methods[function]}"
        elif filename.endswith(re_module) and function in (*MODULE_FUNCTIONS, "_compile"):
            key = f"re.{function}"
        else:
            continue
        by_name[key] = by_name.get(key, 0) + calls
    n = len(articles)
    total = lambda keys: round(sum(by_name.get(key, 0) for key in keys) / n, 1)  # noqa: E731
    return {"articles": n,
            "pattern_methods": total([f"Pattern.{name}" for name in PATTERN_METHODS]),
            "re_functions": total([f"re.{name}" for name in MODULE_FUNCTIONS]),
            "re_compile_lookups": total(["re._compile"]),
            "by_name": {key: round(calls / n, 1) for key, calls in sorted(by_name.items(), key=lambda kv: -kv[1])}}


# --- geotext and flashgeotext ------------------------------------------------------------

def measure_geotext(texts: list[str]) -> dict | None:
    """CPU time of ``GeoText(text)`` over ``texts`` after one warm-up call; None without geotext."""
    try:
        from geotext import GeoText
    except ImportError:
        return None
    return _time_calls(GeoText, texts)


def measure_flashgeotext(texts: list[str]) -> dict | None:
    """CPU time of flashgeotext's ``GeoText().extract(text)``; None without flashgeotext."""
    try:
        from flashgeotext.geotext import GeoText
    except ImportError:
        return None
    return _time_calls(GeoText().extract, texts)


def _time_calls(call, texts: list[str], *, passes: int = 5) -> dict:
    """The quickest of ``passes`` passes of ``call`` over ``texts``: a pass of geotext over a few
    hundred articles takes ~10 ms of CPU, short enough for one interruption to double it."""
    call(WARM_UP_TEXT)  # its data is loaded on first use; a build pays that once
    times = []
    for _ in range(passes):
        start = time.process_time()
        for text in texts:
            call(text)
        times.append(time.process_time() - start)
    cpu = min(times)
    return {"articles": len(texts), "passes": passes, "cpu_s": round(cpu, 4),
            "ms_per_article": round(cpu * 1000 / len(texts), 4), "articles_per_cpu_s": round(len(texts) / cpu, 1)}


# --- one process -------------------------------------------------------------------------

def measure(corpora: dict[str, list[Path]], *, regex: bool = True, geotext: bool = True) -> dict:
    """Every in-process figure, for each named list of folders (``{"real": [...], ...}``)."""
    import gazetteer as gazetteer_package
    import geo

    gazetteer, setup = load_warm_gazetteer()
    result = {**_machine(), "modules": {"geo": geo.__file__, "gazetteer": gazetteer_package.__file__},
              "gazetteer": setup, "corpora": {}}
    for label, folders in corpora.items():
        articles, counts = unique_articles(folders)
        if not articles:
            logger.warning("%s: no articles", label)
            continue
        logger.info("%s: %d unique articles", label, len(articles))
        row = {"texts": counts, "extraction": measure_cpu(articles, gazetteer)}
        if regex:
            row["regex"] = count_regex_calls(articles, gazetteer)
        if geotext:
            texts = [article.text for article in articles]
            for name, timer in (("geotext", measure_geotext), ("flashgeotext", measure_flashgeotext)):
                figures = timer(texts)
                if figures is None:
                    logger.warning("%s is not installed: pip install -e '.[bench]'", name)
                    continue
                figures["ours_over_theirs"] = round(row["extraction"]["ms_per_article"] / figures["ms_per_article"], 1)
                row[name] = figures
        result["corpora"][label] = row
    return result


def _machine() -> dict:
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "python": platform.python_version(),
            "cpus": os.cpu_count(), "platform": platform.platform()}


# --- two checkouts side by side ----------------------------------------------------------

def against(other: Path, corpora: dict[str, list[Path]], *, rounds: int, regex: bool) -> dict:
    """Extraction CPU of this checkout and of ``other``, in child processes taken in turn.

    Each child is this script in ``--child`` mode, run by the checkout's own
    ``.venv/bin/python`` with the checkout as working folder and first on ``PYTHONPATH``, so it
    imports that checkout's ``geo`` and ``gazetteer`` (its JSON names their files). Regex
    calls are counted in the first round only (they do not vary).
    """
    sides = {"new": ROOT, "old": other.resolve()}
    runs: dict[str, list[dict]] = {side: [] for side in sides}
    for number in range(rounds):
        for side, checkout in sides.items():
            logger.info("round %d/%d: %s (%s)", number + 1, rounds, side, checkout)
            runs[side].append(_child(checkout, corpora, regex=regex and number == 0))
    summary: dict = {"checkouts": {side: str(path) for side, path in sides.items()}, "rounds": rounds,
                     "modules": {side: runs[side][0]["modules"] for side in sides}, "corpora": {}}
    for label in corpora:
        row: dict = {}
        for side in sides:
            times = [run["corpora"][label]["extraction"]["ms_per_article"] for run in runs[side]
                     if label in run["corpora"]]
            if not times:
                continue
            first = runs[side][0]["corpora"][label]
            row[side] = {"ms_per_article": times, "min": min(times), "median": round(statistics.median(times), 3),
                         "articles": first["extraction"]["articles"], "regex": first.get("regex")}
        if "old" in row and "new" in row:
            row["speed_up"] = round(row["old"]["median"] / row["new"]["median"], 2)
        summary["corpora"][label] = row
    summary["runs"] = runs
    return summary


def _child(checkout: Path, corpora: dict[str, list[Path]], *, regex: bool) -> dict:
    python = checkout / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{python} does not exist: make a venv in {checkout} first")
    command = [str(python), str(Path(__file__).resolve()), "--child", json.dumps(
        {label: [str(folder) for folder in folders] for label, folders in corpora.items()})]
    if not regex:
        command.append("--no-regex")
    env = dict(os.environ, PYTHONPATH=str(checkout))
    done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the child for {checkout} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout)
    for package, path in result["modules"].items():
        if not Path(path).resolve().is_relative_to(checkout):
            raise SystemExit(f"the child for {checkout} imported {package} from {path}")
    return result


# --- whole builds ------------------------------------------------------------------------

def full_build(n: int, *, work: Path, seed: int = 0) -> dict:
    """CPU and wall seconds of whole builds of ``n`` synthetic articles: ours and geotext's."""
    corpus = synthetic_corpus(n, work / f"corpus-{n}", seed=seed)
    runs = {}
    for label, extra in (("geo build --no-map --workers 1", ["--no-map", "--workers", "1"]),
                         ("geo build --no-map", ["--no-map"])):
        out = work / f"cpu-build-{n}-{len(runs)}"
        shutil.rmtree(out, ignore_errors=True)
        logger.info("%d articles: %s", n, label)
        runs[label] = geo_build(corpus, out, *extra, log=work / f"cpu-build-{n}-{len(runs)}.log")
    logger.info("%d articles: bench/geotext_build.py", n)
    out = work / f"cpu-geotext-{n}.geojson"
    runs["bench/geotext_build.py"] = run_child([sys.executable, str(BENCH / "geotext_build.py"), str(corpus), str(out)],
                                               log=work / f"cpu-geotext-{n}.log")
    geotext_cpu = runs["bench/geotext_build.py"]["cpu_seconds"]
    for figures in runs.values():
        figures["over_geotext_cpu"] = round(figures["cpu_seconds"] / geotext_cpu, 1) if geotext_cpu else None
    return {**_machine(), "articles": n, "corpus": str(corpus), "builds": runs}


# --- report ------------------------------------------------------------------------------

def markdown(results: dict, command: str) -> str:
    """The results as Markdown tables, headed by the command and the date."""
    lines = [f"`{command}` — {results['date']}, Python {results['python']}, {results['cpus']} cores", ""]
    if "measure" in results:
        lines += ["| text | articles | ours CPU ms/article | articles/CPU-s | chars/CPU-s "
                  "| regex calls/article: Pattern methods; re functions; re._compile "
                  "| geotext ms/article | ours/geotext | flashgeotext ms/article | ours/flashgeotext |",
                  "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
        for label, row in results["measure"]["corpora"].items():
            ours, regex = row["extraction"], row.get("regex")
            calls = f"{regex['pattern_methods']:,}; {regex['re_functions']:,}; {regex['re_compile_lookups']:,}" \
                if regex else "-"
            theirs = [f"{row[name]['ms_per_article']} | {row[name]['ours_over_theirs']}×" if name in row else "- | -"
                      for name in ("geotext", "flashgeotext")]
            lines.append(f"| {label} | {ours['articles']:,} | {ours['ms_per_article']} | {ours['articles_per_cpu_s']:,} "
                         f"| {ours['chars_per_cpu_s']:,} | {calls} | {theirs[0]} | {theirs[1]} |")
        lines.append("")
    if "against" in results:
        ab = results["against"]
        lines += [f"old = {ab['checkouts']['old']}, new = {ab['checkouts']['new']}; {ab['rounds']} rounds, "
                  "CPU ms per article", "",
                  *[f"- {side} imports geo from `{modules['geo']}`, gazetteer from `{modules['gazetteer']}`"
                    for side, modules in ab["modules"].items()], "",
                  "| text | articles | old min / median | new min / median | speed-up (old/new medians) "
                  "| regex calls/article old → new (Pattern methods; re functions; re._compile) |",
                  "|---|---:|---:|---:|---:|---|"]
        for label, row in ab["corpora"].items():
            old, new = row.get("old", {}), row.get("new", {})
            regex = " → ".join(f"{side['regex']['pattern_methods']:,}; {side['regex']['re_functions']:,}; "
                               f"{side['regex']['re_compile_lookups']:,}" if side.get("regex") else "-"
                               for side in (old, new))
            lines.append(f"| {label} | {new.get('articles', old.get('articles', '-'))} "
                         f"| {old.get('min', '-')} / {old.get('median', '-')} | {new.get('min', '-')} / "
                         f"{new.get('median', '-')} | {row.get('speed_up', '-')}× | {regex} |")
        lines.append("")
    if "full_build" in results:
        build = results["full_build"]
        lines += [f"Whole processes, {build['articles']:,} synthetic articles ({build['corpus']})", "",
                  "| command | CPU s | wall s | peak MB | exit | CPU / geotext's |", "|---|---:|---:|---:|---:|---:|"]
        for label, figures in build["builds"].items():
            lines.append(f"| `{label}` | {figures['cpu_seconds']} | {figures['seconds']} | {figures['peak_mb']} "
                         f"| {figures['exit']} | {figures['over_geotext_cpu']}× |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real", type=Path, action="append", metavar="DIR",
                        help="a folder of real articles (repeatable; default: the devcorpus, seeds and gold sets)")
    parser.add_argument("--synthetic", type=int, default=1000, metavar="N",
                        help="synthetic articles from bench/corpus.py (default 1,000; 0 skips them)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    parser.add_argument("--no-regex", action="store_true", help="do not count regex calls (no cProfile pass)")
    parser.add_argument("--no-geotext", action="store_true", help="do not time geotext and flashgeotext")
    parser.add_argument("--against", type=Path, metavar="PATH",
                        help="another checkout (with its own .venv) to compare with, in child processes")
    parser.add_argument("--rounds", type=int, default=3, help="A/B rounds with --against (default 3)")
    parser.add_argument("--full-build", type=int, nargs="?", const=10_000, default=0, metavar="N",
                        help="time whole builds of N synthetic articles, ours and geotext's (default N 10,000)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results here")
    parser.add_argument("--work", type=Path, default=RESULTS / "work",
                        help="scratch folder for corpora and outputs (default bench/results/work)")
    parser.add_argument("--child", metavar="JSON", help=argparse.SUPPRESS)  # {label: [folders]}: print JSON
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)

    if args.child:
        corpora = {label: [Path(folder) for folder in folders] for label, folders in json.loads(args.child).items()}
        json.dump(measure(corpora, regex=not args.no_regex, geotext=False), sys.stdout)
        return 0

    command = shlex.join(["python", "bench/cpu.py", *(sys.argv[1:] if argv is None else argv)])
    results: dict = _machine()
    if args.full_build:
        args.work.mkdir(parents=True, exist_ok=True)
        results["full_build"] = full_build(args.full_build, work=args.work, seed=args.seed)
    else:
        corpora = {"real": [folder.resolve() for folder in (args.real or REAL_FOLDERS)]}
        if args.synthetic:
            corpora["synthetic"] = [synthetic_corpus(args.synthetic, args.work / f"corpus-{args.synthetic}",
                                                     seed=args.seed).resolve()]
        if args.against:
            results["against"] = against(args.against, corpora, rounds=args.rounds, regex=not args.no_regex)
        else:
            results["measure"] = measure(corpora, regex=not args.no_regex, geotext=not args.no_geotext)
    results["command"] = command
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    print(markdown(results, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
