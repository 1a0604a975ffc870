"""Join reports of the same incident from several articles (and repeats within one).

Specified in docs/extraction.md#join.

Two incidents are the same when they have the same ``place_id`` and ``event_type`` and
their date windows overlap or touch (a gap of at most :data:`ADJACENT_DAYS` days); tolls
(``casualty_report``) when their last days touch (a count as of one day). Different types
at one place and day never join; the same type at one place on one day is one incident
(ACLED codes one event per type, location and day).
Undated incidents join only undated ones of the same article: two undated articles may
report the shelling of one town on different days, and nothing tells which.

Joining is not chained without end: reports dated to a day or two join while together
they span at most ``ADJACENT_DAYS + 1`` days (Sunday's and Monday's reports of one night
attack still join), and vaguer windows ("in the past week") join only each other, so daily
reports of shelling in one town stay daily incidents instead of one month-long incident
(see :func:`_components`). The result does not depend on the order of the input.

A joined incident keeps:

- every source's :class:`~geo.model.Evidence` (deduplicated, sorted by article and offset);
- the most precise date: the day(s) stated as single days if any (one day, or the
  range they span), else the intersection of the windows, else their union;
- casualty figures merged conservatively: the lowest reported figure per field (the
  ACLED convention), a field stated by no source stays ``None``; for ``casualty_report``
  (a toll so far, not one attack) the largest, since smaller tolls are earlier counts;
- ``claimed_by`` and ``denied_by`` unioned and sorted, so both sides' versions stay
  visible; ``origin`` the first origin in sorted order;
- a stable ``id``: 12 hex digits of SHA-1 over ``event_type|place_id|date-or-undated``.

Output order is deterministic: date (undated last), event_type, place, id.

Each ``(event_type, place_id)`` group is joined on its own: joining a list is joining
each group separately and sorting the union. The incremental build (:mod:`geo.pipeline.cache`)
relies on it to re-join only the groups an added or changed article touches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from geo.model import Casualties, Evidence, Incident

#: Modules whose code makes the joined incidents (see ``geo.pipeline.fingerprint``).
OUTPUT_DEPENDS_ON = ("geo.join",)

__all__ = ["join_incidents", "incident_id", "windows_touch", "ADJACENT_DAYS"]

#: Windows this many days apart still describe the same incident (a night attack reported
#: as "Sunday" by one outlet and "Monday" by another).
ADJACENT_DAYS = 1

def incident_id(event_type: str, place_id: str, day: date | None, window_end: date | None = None, *,
                article: str | None = None) -> str:
    """Stable short id of an incident.

    ``window_end`` is given for an incident joined from vague windows only ("in the past
    week"), which may begin on the day of a day-dated incident of the same place and type;
    ``article`` for an undated one (undated incidents of different articles stay apart).

    Examples
    --------
    >>> incident_id("shelling", "gn:584871", date(2020, 9, 28))
    '8e65c1a7a92a'
    """
    key = f"{event_type}|{place_id}|{day.isoformat() if day else 'undated'}"
    if window_end is not None:
        key += f"|window to {window_end.isoformat()}"
    if article is not None:
        key += f"|{article}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _window(incident: Incident) -> tuple[date, date] | None:
    if incident.date is None:
        return None
    return incident.date, incident.date_end or incident.date


def _join_window(incident: Incident) -> tuple[date, date] | None:
    """The window compared when joining: a toll (``casualty_report``) is a count as of its
    last day, so "1,119 killed since September 27" (counted on October 28) and "two
    wounded" on October 25 are different counts even though the windows overlap."""
    window = _window(incident)
    if window is not None and incident.event_type == "casualty_report":
        return window[1], window[1]
    return window


def _touch(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    gap = timedelta(days=ADJACENT_DAYS)
    return a[0] <= b[1] + gap and b[0] <= a[1] + gap


def windows_touch(a: Incident, b: Incident) -> bool:
    """Whether two incidents' date windows overlap or lie at most :data:`ADJACENT_DAYS` apart
    (undated only with undated): the date test of joining, for other stages' use."""
    return _touch(_window(a), _window(b))


def _merged_date(group: list[Incident]) -> tuple[date | None, date | None, str]:
    windows = [w for w in (_window(i) for i in group) if w]
    if not windows:
        return None, None, "unknown"
    days = sorted({i.date for i in group if i.date_precision == "day" and i.date})
    if days:
        if len(days) == 1:
            return days[0], days[0], "day"
        return days[0], days[-1], "range"
    start = max(w[0] for w in windows)
    end = min(w[1] for w in windows)
    if start > end:  # windows only touch: keep everything they cover
        start, end = min(w[0] for w in windows), max(w[1] for w in windows)
    return start, end, "range"


def _min_figure(values: Iterable[int | None]) -> int | None:
    stated = [v for v in values if v is not None]
    return min(stated) if stated else None


def _max_figure(values: Iterable[int | None]) -> int | None:
    stated = [v for v in values if v is not None]
    return max(stated) if stated else None


def _merge(group: list[Incident], *, vague: bool = False) -> Incident:
    # The representative is chosen by content, not input order, so the output is order-free.
    group = sorted(group, key=lambda i: (i.geo_precision, i.evidence[0].article if i.evidence else "",
                                         i.evidence[0].start if i.evidence else 0, i.place.name))
    first = group[0]
    day, day_end, precision = _merged_date(group)
    evidence: dict[tuple[str, int, int, str], Evidence] = {}
    for incident in group:
        for e in incident.evidence:
            evidence.setdefault((e.article, e.start, e.end, e.sentence), e)
    origins = sorted({i.origin for i in group if i.origin})
    # A casualty toll is a count so far: smaller figures are earlier or partial counts, so
    # the largest wins. For an attack, sources disagree about one event: the lowest wins.
    pick = _max_figure if first.event_type == "casualty_report" else _min_figure
    figures = Casualties.combine((i.casualties for i in group), pick)  # the other figures noted
    return replace(
        first,
        date=day,
        date_end=day_end,
        date_precision=precision,
        evidence=tuple(evidence[k] for k in sorted(evidence)),
        claimed_by=tuple(sorted({c for i in group for c in i.claimed_by})),
        denied_by=tuple(sorted({d for i in group for d in i.denied_by})),
        origin=origins[0] if origins else None,
        geo_precision=min(i.geo_precision for i in group),
        id=incident_id(first.event_type, first.place_id, day, day_end if vague and day else None,
                       article=None if day else first.articles[0] if first.articles else None),
        casualties=figures,
        background=all(i.background for i in group),  # news of the event beats a recap of it
        actor=_most_named(i.actor for i in group),
    )


def _most_named(actors: Iterable[str | None]) -> str | None:
    """The actor most reports blame (the first in name order on a tie), or None."""
    counts: dict[str, int] = {}
    for actor in actors:
        if actor:
            counts[actor] = counts.get(actor, 0) + 1
    return min(counts, key=lambda a: (-counts[a], a)) if counts else None


def _components(group: list[Incident]) -> list[tuple[list[Incident], bool]]:
    """The incidents of one (type, place) group that report the same event.

    Reports dated to a day or two (a day, "overnight", the publication day) join while
    they touch and span at most :data:`ADJACENT_DAYS` + 1 days together, so a month of
    daily reports of shelling in one town does not chain into one month-long incident.
    Vaguer windows ("in the past week") join each other when they touch the window of the
    report that began the incident, and never swallow the day reports inside them. The
    group is taken in window order and each decision depends on windows only, so the
    result does not depend on the order of the input.
    """
    group = sorted(group, key=lambda i: (_join_window(i) is None, _join_window(i) or (date.min, date.min)))
    limit = timedelta(days=ADJACENT_DAYS + 1)
    components: list[tuple[list[Incident], bool]] = []  # (reports, joined from vague windows)
    open_day: tuple[list[Incident], tuple[date, date]] | None = None  # (members, reach)
    open_vague: tuple[list[Incident], tuple[date, date]] | None = None  # (members, anchor)
    undated: list[Incident] = []
    for incident in group:
        window = _join_window(incident)
        if window is None:
            undated.append(incident)
        elif window[1] - window[0] <= limit:
            if open_day and _touch(open_day[1], window) and \
                    max(open_day[1][1], window[1]) - min(open_day[1][0], window[0]) <= limit:
                open_day[0].append(incident)
                open_day = (open_day[0], (min(open_day[1][0], window[0]), max(open_day[1][1], window[1])))
            else:
                open_day = ([incident], window)
                components.append((open_day[0], False))
        elif open_vague and _touch(open_vague[1], window):
            open_vague[0].append(incident)
        else:
            open_vague = ([incident], window)
            components.append((open_vague[0], True))
    by_article: dict[tuple[str, ...], list[Incident]] = {}
    for incident in undated:
        by_article.setdefault(incident.articles, []).append(incident)
    components.extend((members, False) for _, members in sorted(by_article.items()))
    return components


def join_incidents(incidents: Iterable[Incident]) -> list[Incident]:
    """Merge reports of the same incident into one, with every source's evidence.

    Parameters
    ----------
    incidents : Iterable[Incident]
        Incidents from one or many articles, in any order.

    Returns
    -------
    list[Incident]
        Joined incidents with stable ids, ordered by date (undated last), event_type,
        place and id.

    Examples
    --------
    >>> from geo.model import Casualties, Evidence, Place
    >>> tartar = Place("gn:1", "Tartar", 40.3, 46.9, "AZ", "town")
    >>> a = Incident("shelling", tartar, 1, date(2020, 9, 28), date(2020, 9, 28), "day",
    ...              (Evidence("a.txt", "Tartar was shelled."),), Casualties(killed=2))
    >>> b = replace(a, evidence=(Evidence("b.txt", "Shelling hit Tartar."),), casualties=Casualties(killed=3))
    >>> [(i.casualties.killed, i.articles) for i in join_incidents([b, a])]
    [(2, ('a.txt', 'b.txt'))]
    """
    by_key: dict[tuple[str, str], list[Incident]] = {}
    for incident in incidents:
        by_key.setdefault((incident.event_type, incident.place_id), []).append(incident)
    joined: list[Incident] = []
    for group in by_key.values():
        joined.extend(_merge(component, vague=vague) for component, vague in _components(group))
    joined.sort(key=lambda i: (i.date is None, i.date or date.min, i.event_type, i.place.name, i.id))
    return joined
