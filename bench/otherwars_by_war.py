"""Scores of the otherwars gold set per war (per subfolder of the excerpts).

    .venv/bin/python bench/otherwars_by_war.py [--gold tests/gold/otherwars]
        [--articles ../shared/devcorpus/otherwars] [--json]

Extracts the annotated excerpts once, then scores each war's articles (the first path part of
the article name: ukraine/, middle-east/, sudan/, syria/, other/) and all of them together, with
the same scorer as ``geo evaluate``. The excerpts are not in the repository (copyright); see
tests/gold/GUIDELINES.md, "Other wars".
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.evaluate.score import extract_folder, score  # noqa: E402
from geo.evaluate.gold import load_gold  # noqa: E402

METRICS = (
    ("place_recall", "place R"), ("place_precision", "place P"), ("incident_recall", "incid R"),
    ("incident_precision", "incid P"), ("dates", "dates"), ("casualties", "casualt"), ("claimants", "claimant"),
)


def by_war(gold_dir: Path, articles_dir: Path) -> dict:
    """``{war: Scores}`` plus ``"ALL"``, from one extraction of the annotated articles."""
    gold = load_gold(gold_dir)
    extractions, gazetteer, _ = extract_folder(articles_dir, only=gold)
    wars = sorted({name.split("/", 1)[0] for name in gold})
    out = {war: score(extractions, {k: v for k, v in gold.items() if k.split("/", 1)[0] == war},
                      gazetteer=gazetteer) for war in wars}
    out["ALL"] = score(extractions, gold, gazetteer=gazetteer)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "otherwars")
    parser.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "devcorpus" / "otherwars")
    parser.add_argument("--json", action="store_true", help="print {war: {metric: {right, total, value}}}")
    args = parser.parse_args()
    scores = by_war(args.gold, args.articles)
    if args.json:
        print(json.dumps({war: s.to_dict()["overall"] for war, s in scores.items()}, indent=2))
        return
    rows = [["war", "files"] + [label for _, label in METRICS]]
    for war, s in scores.items():
        cells = []
        for metric, _ in METRICS:
            r = s.total(metric)
            cells.append(f"{r.value:.2f} {r.right}/{r.total}" if r.total else "-")
        rows.append([war, str(len(s.articles))] + cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
