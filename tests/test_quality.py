"""Extraction quality, measured against the gold annotations, must not regress.

The floors are the numbers measured with ``geo evaluate`` (seeds),
``geo evaluate --gold tests/gold/dev/gold`` (dev set) and ``--gold tests/gold/blind/gold``
(blind set, written last and measured before anyone saw it) and ``--gold tests/gold/otherwars --articles
../shared/devcorpus/otherwars`` (real excerpts of other wars, skipped without them), rounded down by about 0.05 so
that one more miss in a small set does not fail the build but a real regression does.
When extraction gets better, raise the floors to the new measurement.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
GOLD = ROOT / "tests" / "gold"
GOLD_SETS = {
    "seeds": (GOLD / "seeds", ROOT / "seeds"),
    "dev": (GOLD / "dev" / "gold", GOLD / "dev" / "articles"),
    "blind": (GOLD / "blind" / "gold", GOLD / "blind" / "articles"),
    # Real excerpts of other wars; the excerpts stay outside the repository (copyright), so this set
    # is measured only where ../shared/devcorpus exists and skipped elsewhere.
    "otherwars": (GOLD / "otherwars", ROOT.parent / "shared" / "devcorpus" / "otherwars"),
}

#: Measured 2026-11-21 10:25 UTC (docs/evaluation.md), minus ~0.05; small sets keep room
#: for one more miss (19 seed incidents, 4 blind casualty figures).
FLOORS = {
    "seeds": {
        "place_recall": 0.95, "place_precision": 0.95, "incident_recall": 0.94, "incident_precision": 0.94,
        "date_accuracy": 0.95, "casualty_accuracy": 0.90, "claimant_accuracy": 0.87,
    },
    "dev": {
        "place_recall": 0.95, "place_precision": 0.95, "incident_recall": 0.93, "incident_precision": 0.90,
        "date_accuracy": 0.92, "casualty_accuracy": 0.87, "claimant_accuracy": 0.88,
    },
    "blind": {
        "place_recall": 0.95, "place_precision": 0.95, "incident_recall": 0.85, "incident_precision": 0.85,
        "date_accuracy": 0.90, "casualty_accuracy": 0.75, "claimant_accuracy": 0.89,  # 19/19 on 2026-12-04 22:45
    },
    # Measured 2026-12-04 17:30 UTC on 60 excerpts (135 required incidents, 65 dated pairs, 24 figures,
    # 39 claims): 0.66 / 0.84 / 0.39 / 0.46 / 0.92 / 0.75 / 0.13. Low because the extractor was built for
    # Karabakh; the floors only guard against regressions. Raise them as the other wars get supported.
    # Claimants from the actor tables (gazetteer/data/actors), 2026-12-04 18:10 UTC: 0.85 (35/41); the floor
    # leaves room for the world gazetteer, which changes which incidents are matched.
    # Measured 2026-12-04 18:30 UTC with the world gazetteer and the actors tables: places
    # 0.87/0.90, incidents 0.60/0.52, dates 0.96, casualties 0.74, claimants 0.80.
    # Issue 12 items 3, 5, 6 (2026-12-04 19:55 UTC): dates 0.97 (93/96), casualties 0.84 (26/31).
    # Issues 11 and 12 so far (2026-12-04 20:55 UTC): 0.90/0.93, 0.64/0.64, 0.97, 0.81, 0.82.
    # Issue 12, second session (2026-12-04 22:45 UTC): 0.90/0.93, 0.67/0.67, 0.97, 0.79, 0.85.
    "otherwars": {
        "place_recall": 0.86, "place_precision": 0.88, "incident_recall": 0.62, "incident_precision": 0.62,
        "date_accuracy": 0.92, "casualty_accuracy": 0.75, "claimant_accuracy": 0.80,
    },
}

_cache: dict = {}


def measured(gold_set: str):
    """Scores of one gold set, extracted once per test session."""
    if gold_set not in _cache:
        if not GOLD_SETS[gold_set][1].is_dir():
            pytest.skip(f"{GOLD_SETS[gold_set][1]} is not here (the {gold_set} excerpts are not in the repository)")
        # No skip on ImportError: a gate that cannot import the extractor must fail, not pass.
        from geo.evaluate.gold import load_gold
        from geo.evaluate.score import extract_folder, score

        gold_dir, articles_dir = GOLD_SETS[gold_set]
        gold = load_gold(gold_dir)
        extractions, gazetteer, _ = extract_folder(articles_dir, only=gold)
        _cache[gold_set] = (score(extractions, gold, gazetteer=gazetteer), len(extractions), len(gold))
    return _cache[gold_set]


@pytest.mark.parametrize("gold_set", sorted(GOLD_SETS))
def test_every_annotated_article_is_extracted(gold_set):
    _, extracted, annotated = measured(gold_set)
    assert extracted == annotated


@pytest.mark.parametrize(("gold_set", "metric"), [(g, m) for g in sorted(FLOORS) for m in FLOORS[g]])
def test_extraction_quality_holds_its_measured_floor(gold_set, metric):
    scores, _, _ = measured(gold_set)
    value = getattr(scores, metric)
    floor = FLOORS[gold_set][metric]
    assert value is not None and value >= floor, (
        f"{gold_set} {metric} = {value} fell below {floor}\n{scores.format_table()}\n{scores.format_errors()}"
    )


def test_geo_evaluate_prints_the_seed_scores():
    from click.testing import CliRunner

    from geo.cli import main

    measured("seeds")  # skips, with the reason, when the extractor is not importable
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(GOLD_SETS["seeds"][0]),
                                       "--articles", str(GOLD_SETS["seeds"][1]), "--show-errors"])
    assert result.exit_code == 0, result.output
    rows = [line.split()[0] for line in result.output.splitlines() if line[:1].isdigit()]
    assert len(rows) == 5
    assert "OVERALL" in result.output
