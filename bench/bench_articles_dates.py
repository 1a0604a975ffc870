"""Benchmark: reading articles and resolving date expressions.

    .venv/bin/python bench/bench_articles_dates.py [--repeat 20]

Prints sentences per second for :func:`geo.language.dates.resolve_dates` (cache defeated) and
megabytes per second for :func:`geo.read.articles.read_folder` on a folder of copies of the
seed articles plus one 20 MB file, written to a temporary folder.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from datetime import date
from pathlib import Path

from geo.read.articles import read_folder
from geo.language.dates import resolve_dates

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def bench_dates(repeat: int) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    start = time.perf_counter()
    for i in range(repeat):
        for sentence in sentences:
            resolve_dates(sentence + " " * i, date(2020, 10, 1))  # distinct text: no cache hit
    elapsed = time.perf_counter() - start
    n = repeat * len(sentences)
    print(f"resolve_dates: {n} sentences in {elapsed:.2f} s = {n / elapsed:,.0f} sentences/s")


def bench_read(copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = 0
        for i in range(copies):
            for seed in sorted(SEEDS.glob("*.txt")):
                data = seed.read_bytes()
                (folder / f"{i:04d}_{seed.name}").write_bytes(data)
                size += len(data)
        paragraph = "Armenian forces shelled the town of Tartar on Sunday, the ministry said. " * 20 + "\n\n"
        big = (paragraph * (20_000_000 // len(paragraph))).encode("utf-8")
        (folder / "big.txt").write_bytes(big)
        size += len(big)
        start = time.perf_counter()
        articles, problems = read_folder(folder)
        elapsed = time.perf_counter() - start
        print(f"read_folder: {len(articles)} articles, {len(problems)} problems, {size / 1e6:.1f} MB "
              f"in {elapsed:.2f} s = {size / 1e6 / elapsed:.1f} MB/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()
    bench_dates(args.repeat)
    bench_read(args.copies)
