"""The cost of a fresh process's first article: load the gazetteer, then find the place
names of one article (which builds the matcher and, when the text names a country, the
loose key index), then of the next ones.

Prints one line of JSON: seconds and peak resident memory (Linux ``ru_maxrss``) after the
load and after the first article, and milliseconds per article of ``find_mentions`` over
the rest. Run it in two checkouts to compare them, or time the whole process from outside
(``/usr/bin/time -v``) for CPU and peak memory.

Usage::

    .venv/bin/python bench/bench_first_article.py ARTICLE_DIR [--articles 100] [--first-only]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path, help="a folder of .txt articles (bench/corpus.py writes one)")
    parser.add_argument("--articles", dest="count", type=int, default=100, help="articles to time (100)")
    parser.add_argument("--first-only", action="store_true", help="stop after the first article")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.articles.glob("*.txt"))[:args.count]]
    started = time.perf_counter()
    from gazetteer import Gazetteer

    gaz = Gazetteer.default()
    result = {"load_s": round(time.perf_counter() - started, 3), "peak_mb_after_load": round(peak_mb(), 1)}
    started = time.perf_counter()
    gaz.find_mentions(texts[0])
    result.update(first_article_s=round(time.perf_counter() - started, 3), peak_mb_after_first=round(peak_mb(), 1))
    if not args.first_only and len(texts) > 1:
        started = time.process_time()
        for text in texts[1:]:
            gaz.find_mentions(text)
        result["find_mentions_ms_per_article"] = round((time.process_time() - started) / (len(texts) - 1) * 1000, 2)
        result["peak_mb_after_all"] = round(peak_mb(), 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
