"""One event, one record within an article: a coarse report that only repeats a finer one.

A headline says "Israeli strikes on Lebanon kill two"; the body says the strike hit a town.
A wire lead says "Russia captured a village in the Donetsk region" and then names the village.
"In the Belgorod region, shelling of the village of X was reported." Each time the region- or
country-level incident is the same event as the town-level one beside it, not another event.

Rule: an incident located to a region, district or country (``geo_precision`` 3 or 4) is
dropped when the same article reports an incident of the same type at a finer place inside
it in another sentence, and the two are one report: the coarse one stands in the article's
lead (its headline and first sentences, which the body goes on to tell in detail), or both are
dated to the same day. Tolls (``casualty_report``) are never dropped: a region's toll is not
a town's. The coarse sentence is kept as evidence of the finer incident when there is exactly
one; its claimants and figures are not moved (they may be another source's).
"""

from __future__ import annotations

from dataclasses import replace

from geo.extract.roles import contains
from geo.join import windows_touch
from geo.model import Incident

__all__ = ["drop_repeats"]


def _one_report(coarse: Incident, other: Incident, lead_end: int) -> bool:
    if coarse.evidence[0].start == other.evidence[0].start:
        return False  # one sentence: its own rules said both are targets (roles.drop_containers)
    if coarse.evidence[0].end <= lead_end:
        return windows_touch(coarse, other)
    return (coarse.date_precision == other.date_precision == "day" and coarse.date == other.date)


def _finer_inside(coarse: Incident, other: Incident, lead_end: int) -> bool:
    return (other is not coarse and other.event_type == coarse.event_type
            and other.geo_precision < coarse.geo_precision and other.place.id != coarse.place.id
            and contains(coarse.place, other.place) and _one_report(coarse, other, lead_end))


def drop_repeats(incidents: list[Incident], lead_end: int = 0) -> list[Incident]:
    """The article's incidents without the coarse ones that repeat a finer one (module docstring);
    ``lead_end`` is where the article's lead ends (offset in its text).

    Examples
    --------
    >>> from datetime import date
    >>> from geo.model import Evidence, Place
    >>> region = Place("r", "Belgorod Oblast", 50.7, 37.0, "RU", "region")
    >>> town = Place("t", "Shebekino", 50.4, 36.9, "RU", "town", admin1="Belgorod Oblast")
    >>> day = date(2024, 5, 1)
    >>> a = Incident("shelling", region, 3, day, day, "day", (Evidence("a", "Shelling in Belgorod region", 0, 27),))
    >>> b = Incident("shelling", town, 1, day, day, "day", (Evidence("a", "Shebekino was shelled.", 200, 222),))
    >>> [(i.place.name, len(i.evidence)) for i in drop_repeats([a, b], lead_end=100)]
    [('Shebekino', 2)]
    """
    out = list(incidents)
    for coarse in sorted(incidents, key=lambda i: -i.geo_precision):
        if coarse.geo_precision < 3 or coarse.event_type == "casualty_report" or coarse not in out:
            continue
        finer = [i for i in out if _finer_inside(coarse, i, lead_end)]
        if not finer:
            continue
        out.remove(coarse)
        if len(finer) == 1:
            target = finer[0]
            out[out.index(target)] = replace(target, evidence=tuple(dict.fromkeys(target.evidence + coarse.evidence)))
    return out
