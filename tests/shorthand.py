"""Flat test shorthand for incidents: ``killed=2, claimed_by=("Armenia (MoD)",)`` -> model values."""

from __future__ import annotations

from geo.model import Casualties, Claimant

FIGURES = ("killed", "wounded", "killed_civilians", "killed_military", "wounded_civilians", "wounded_military")


def model_fields(extra: dict) -> dict:
    """Turn casualty figures into a ``Casualties`` and claimant labels into ``Claimant`` values."""
    extra = dict(extra)
    figures = {k: extra.pop(k) for k in FIGURES if k in extra}
    if figures:
        extra["casualties"] = Casualties(**figures)
    for key in ("claimed_by", "denied_by"):
        if key in extra:
            extra[key] = tuple(Claimant.from_label(c) if isinstance(c, str) else c for c in extra[key])
    return extra
