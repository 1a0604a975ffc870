"""Benchmark: publication dates found by the reader against a folder's ``sources.tsv``.

    .venv/bin/python bench/bench_pubdates.py ../shared/devcorpus/otherwars ../shared/devcorpus/karabakh

For each folder, reads every article with :func:`geo.read.articles.read_folder` and compares
``Article.published`` with the ``date`` column of ``sources.tsv`` (``file`` relative to
the folder; a date ``YYYY-MM-DD`` or a month ``YYYY-MM``; empty when the page shows none):

* right: the day found is the day expected (a month expected: a day inside it, or a
  month-precision hint naming that month);
* wrong: a different day (the worst outcome: it misplaces every incident);
* missing: expected but nothing found;
* dated-without-reference: a date found where ``sources.tsv`` has none (cannot be
  checked here; listed so a reader can look at them).

When ``sources.tsv`` also has a ``date_source`` column (``line``, ``text``, ``url``), an
empty date means the page shows none, so a date found there counts as wrong, and a
missing date whose source is ``url`` is counted apart (the text cannot give it).

Wrong and unchecked ones are listed by file name only (the texts are third-party).
"""

from __future__ import annotations

import argparse
import csv
import logging
from pathlib import Path

from geo.read.articles import read_folder


def _expected(folder: Path) -> dict[str, tuple[str, str | None]]:
    """file -> (date or "", date_source or None when the column is absent)."""
    with (folder / "sources.tsv").open(encoding="utf-8", newline="") as f:
        return {row["file"]: ((row.get("date") or "").strip(),
                              None if "date_source" not in row else (row["date_source"] or "").strip())
                for row in csv.DictReader(f, delimiter="\t")}


def _month_hint(article) -> str | None:
    """A month-precision publication window, as the reader reports it ("2022-05")."""
    hint = article.date_hint or ""
    return hint if len(hint) == 7 and hint[4] == "-" and hint[:4].isdigit() else None


def compare(folder: Path) -> dict[str, list[str]]:
    """File names by outcome: right, wrong, missing, unchecked (found, no reference), undated."""
    expected = _expected(folder)
    articles, _problems = read_folder(folder)
    out: dict[str, list[str]] = {k: [] for k in ("right", "wrong", "missing", "missing-url", "unchecked", "undated")}
    for article in articles:
        want, source = expected.get(article.name, ("", None))
        found = article.published.isoformat() if article.published else None
        month = _month_hint(article)
        label = f"{article.name} ({article.date_source})"
        if not want and source is not None and (found or month):
            out["wrong"].append(f"{label} found {found or month}, the page shows no date")
        elif not want:
            out["unchecked" if found or month else "undated"].append(
                f"{label} {found or month}" if found or month else article.name)
        elif found is None and month is None:
            out["missing-url" if source == "url" else "missing"].append(article.name)
        elif len(want) == 7:
            ok = (found or month).startswith(want)
            out["right" if ok else "wrong"].append(f"{label} found {found or month}, expected {want}")
        else:
            ok = found == want
            out["right" if ok else "wrong"].append(f"{label} found {found or month}, expected {want}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--list-right", action="store_true", help="also list the right ones")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    for folder in args.folders:
        out = compare(folder)
        missing = len(out["missing"]) + len(out["missing-url"])
        print(f"{folder}: right {len(out['right'])}, wrong {len(out['wrong'])}, missing {missing}"
              f" (of which {len(out['missing-url'])} dated by the URL only);"
              f" dated without reference {len(out['unchecked'])}, undated without reference {len(out['undated'])}")
        for kind in ("wrong", "missing", "missing-url", "unchecked") + (("right",) if args.list_right else ()):
            for line in out[kind]:
                print(f"  {kind}: {line}")


if __name__ == "__main__":
    main()
