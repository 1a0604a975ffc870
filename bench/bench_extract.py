"""Extraction time against article length: one long article built from the dev articles.

Shows that ``extract_article`` stays linear in the text length (every clause looks up its
own mentions by bisection, lexicon matches are cached per clause). Prints characters,
seconds and microseconds per character for each size.

Usage::

    python bench/bench_extract.py                 # 1x, 4x, 16x the dev set (~20 KB each)
    python bench/bench_extract.py --sizes 1 8 64
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args()

    from gazetteer import Gazetteer
    from geo.read.articles import read_folder
    from geo.extract.article import extract_article
    from geo.model import Article

    gazetteer = Gazetteer.default()
    articles, _ = read_folder(ROOT / "tests/gold/dev/articles")
    text = "\n\n".join(a.text for a in articles)
    print(f"{'chars':>10} {'seconds':>8} {'us/char':>8} {'incidents':>9}")
    for n in args.sizes:
        # Number the copies so that no two sentences are identical (no cache hits).
        body = "\n\n".join(re.sub(r"\.\s", lambda m, i=i: f" {i}. ", text) for i in range(n))
        article = Article("long.txt", body, articles[0].published)
        start = time.perf_counter()
        extraction = extract_article(article, gazetteer)
        seconds = time.perf_counter() - start
        print(f"{len(body):>10} {seconds:>8.2f} {seconds / len(body) * 1e6:>8.1f} {len(extraction.incidents):>9}")


if __name__ == "__main__":
    main()
