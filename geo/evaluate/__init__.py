"""Evaluate: extractions scored against hand-written gold.

In: gold annotation files (``gold``) and the extractor's output. Out: place, incident, date,
casualty and claimant recall/precision (``score``). Used by ``geo evaluate`` and the quality
tests; described in docs/evaluation.md.
"""
