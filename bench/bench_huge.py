"""Time and peak memory of builds of one huge article (issue 14: linear time, bounded memory).

Makes single-article folders of the given sizes from the synthetic corpus text
(:mod:`bench.corpus`, no real article), with line breaks (paragraphs as written) and
without (the same text on one line), builds each with ``geo build --no-map`` in a child
process and prints one line per file: size, wall seconds, CPU seconds of all its processes
(what a shared machine's load does not change) and per MB, and the peak resident memory of
the largest process of the build (the build or one of its workers)::

    python bench/bench_huge.py 1 5 20 100 200 [--workers 1] [--one-line-only] [--keep DIR]

Linear time shows as a flat ``CPU s/MB`` column (a few seconds of start-up weigh on the
smallest files). Each size is generated once into ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import article_text, load_places  # noqa: E402


def write_huge(path: Path, megabytes: float, *, one_line: bool) -> None:
    """``path``: synthetic articles joined into one of about ``megabytes`` MB, dated once."""
    places = load_places()
    target = int(megabytes * 1_000_000)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(" date 2020-10-04 ")
        written, index = 0, 0
        while written < target:
            text = article_text(index, seed=0, places=places).split("\n", 1)[1]  # its own date line goes
            text = " ".join(text.split()) + " " if one_line else text + "\n\n"
            handle.write(text)
            written += len(text.encode("utf-8"))
            index += 1


def build(folder: Path, out: Path, workers: int) -> tuple[float, float, float, int]:
    """``(seconds, CPU seconds of every process, peak MB of the largest process, exit status)`` of one build."""
    # A wrapper process per build: its children's peak is this build's alone.
    wrapper = ("import resource, subprocess, sys; status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)"
               ".returncode; use = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr); sys.exit(status)")
    start = time.perf_counter()
    completed = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "geo", "build", "--articles",
                                str(folder), "--out", str(out), "--no-map", "--rebuild", "--workers", str(workers)],
                               stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    peak, cpu = completed.stderr.strip().splitlines()[-1].split()
    if completed.returncode:
        print(completed.stderr[-2000:], file=sys.stderr)
    return seconds, float(cpu), int(peak) / 1024, completed.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=float, help="sizes in MB")
    parser.add_argument("--workers", type=int, default=0, help="geo build --workers (default 0: every CPU)")
    parser.add_argument("--one-line-only", action="store_true", help="only the files without line breaks")
    parser.add_argument("--keep", type=Path, default=Path("/tmp/geo-bench-huge"), help="where the files go")
    args = parser.parse_args(argv)
    print(f"{'file':<22} {'MB':>7} {'seconds':>9} {'CPU s':>8} {'CPU s/MB':>9} {'peak MB':>8} exit", flush=True)
    for size in args.sizes:
        for one_line in (True,) if args.one_line_only else (False, True):
            name = f"{size:g}MB-{'one-line' if one_line else 'lines'}"
            folder = args.keep / name
            path = folder / "huge.txt"
            if not path.exists():
                write_huge(path, size, one_line=one_line)
            megabytes = path.stat().st_size / 1e6
            seconds, cpu, peak, status = build(folder, args.keep / f"{name}-out", args.workers)
            print(f"{name:<22} {megabytes:>7.1f} {seconds:>9.1f} {cpu:>8.1f} {cpu / megabytes:>9.1f} {peak:>8.0f} "
                  f"{status}", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
