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
from datetime import timedelta

from geo.extract.roles import contains
from geo.join import windows_touch
from geo.model import Incident

__all__ = ["drop_repeats"]


def _one_report(coarse: Incident, other: Incident, lead_end: int) -> bool:
    if coarse.evidence[0].start == other.evidence[0].start:
        return False  # one sentence: its own rules said both are targets (roles.drop_containers)
    if coarse.evidence[0].end <= lead_end:
        return windows_touch(coarse, other) or _undated_lead(coarse, other)
    return (coarse.date_precision == other.date_precision == "day" and coarse.date == other.date)


def _undated_lead(lead: Incident, other: Incident) -> bool:
    """A headline dated only by its publication day ("Cluster munitions kill civilians in X",
    published two days after the attack the body dates): it touches what the body reports
    of the week before; an undated page's headline touches its body's news."""
    if lead.date is None:
        return True  # an undated page's headline: the news its body tells
    return (lead.date_precision == "range" and lead.date == lead.date_end
            and other.date is not None and timedelta(0) <= lead.date - (other.date_end or other.date) <= LEAD_REACH)


#: How far back a headline dated by its publication day may reach for the body's event.
LEAD_REACH = timedelta(days=7)


def _same_kind(coarse: Incident, other: Incident) -> bool:
    """The same kind of report: the same type; or a headline's "attack" (armed_clash) that the
    body tells as fire (shelling, an air strike); or a headline's toll whose figures are those
    of an attack the body reports."""
    if coarse.event_type == "casualty_report":
        figures = [f for f in (coarse.casualties.killed, coarse.casualties.wounded) if f is not None]
        return bool(figures) and all(f in (other.casualties.killed, other.casualties.wounded) for f in figures)
    if other.event_type == coarse.event_type:
        return True
    if coarse.event_type == "armed_clash":
        return other.event_type in ("shelling", "air_strike")
    return False


def _finer_inside(coarse: Incident, other: Incident, lead_end: int, headline: bool = False) -> bool:
    if other is coarse or not _one_report(coarse, other, lead_end):
        return False
    if other.event_type == coarse.event_type and coarse.event_type != "casualty_report":
        return (other.geo_precision < coarse.geo_precision and other.place.id != coarse.place.id
                and contains(coarse.place, other.place))
    # a headline's report of another kind, at the same place or one inside it
    return headline and _same_kind(coarse, other) and (
        other.place.id == coarse.place.id or (other.geo_precision < coarse.geo_precision
                                              and contains(coarse.place, other.place)))


def drop_repeats(incidents: list[Incident], lead_end: int = 0, headline_end: int = 0) -> list[Incident]:
    """The article's incidents without the coarse ones that repeat a finer one (module docstring);
    ``lead_end`` is where the article's lead ends, ``headline_end`` where its headline ends
    (offsets in its text).

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
        headline = coarse.evidence[0].end <= headline_end
        if coarse not in out or not (headline or coarse.geo_precision >= 3 and coarse.event_type != "casualty_report"):
            continue
        finer = [i for i in out if _finer_inside(coarse, i, lead_end, headline)]
        if not finer:
            continue
        out.remove(coarse)
        if len(finer) == 1:
            target = finer[0]
            out[out.index(target)] = replace(target, evidence=tuple(dict.fromkeys(target.evidence + coarse.evidence)))
    return out
