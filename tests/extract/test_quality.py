"""The extractor's measured quality on the annotated articles does not fall below what we report.

Seeds and the held-out dev set (tests/gold/, geo/evaluate.py). Thresholds sit a little under
the measured numbers so that a general improvement elsewhere can cost a single sentence, but
a broken rule cannot pass unnoticed.
"""

from pathlib import Path

import pytest

from geo.evaluate import extract_folder, load_gold, score

ROOT = Path(__file__).resolve().parents[2]
SETS = {
    "seeds": (ROOT / "seeds", ROOT / "tests/gold/seeds"),
    "dev": (ROOT / "tests/gold/dev/articles", ROOT / "tests/gold/dev/gold"),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def scores(request):
    articles, gold_dir = SETS[request.param]
    if not gold_dir.is_dir() or not any(gold_dir.glob("*.json")):
        pytest.skip(f"no gold annotations in {gold_dir}")
    gold = load_gold(gold_dir)
    extractions, gazetteer, _ = extract_folder(articles, only=set(gold))
    return score(extractions, gold, gazetteer=gazetteer)


def test_incident_recall_and_precision(scores):
    assert scores.incident_recall >= 0.85, scores.format_table()
    assert scores.incident_precision >= 0.85, scores.format_table()


def test_dates_right(scores):
    assert scores.date_accuracy >= 0.9, scores.format_table()
