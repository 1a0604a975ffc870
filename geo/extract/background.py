"""News or background: whether a reported event is the news of the article or recalled from before.

An article reports today's events and recalls older ones ("earlier", "last month", a capture of
weeks ago recalled in a later report). A recalled event keeps the date its own words give (a
capture is dated at the capture, not at the recap) and is flagged ``background``; one recalled
without a date of its own gets a window ending at publication, never the publication day alone.
Rules: docs/extraction.md#when.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from geo.language.dates import MAX_EVENT_SPAN
from geo.language.prefilter import gated

__all__ = ["BACKGROUND_AGE", "background_of"]

#: An event whose own dates end more than this before publication is background, not news.
BACKGROUND_AGE = timedelta(days=7)

#: Words that place an event before the news without dating it.
_PAST_MARKER = gated(re.compile(
    r"(?<!hours\s)(?<!minutes\s)(?<!moments\s)\bearlier\b"
    r"(?!\s+(?:today|tonight|this\s+(?:morning|afternoon|evening)|in\s+the\s+day|on\b|in\s+the\s+week))"
    r"|\bpreviously\b|\bbefore\s+that\b|\bin\s+the\s+(?:first|early|opening)\s+(?:days|weeks)\s+of\b"
    r"|\bat\s+the\s+(?:start|beginning|outset)\s+of\s+the\s+(?:war|conflict|fighting|offensive|invasion)\b",
    re.IGNORECASE,
))  # gated: not run on the many clauses without "earlier", "previously", "before" ... (prefilter.gated)
#: "Earlier, the ministry said ...": the saying was earlier, not the event it reports.
_SAID = re.compile(r"\b(?:said|says|reported|announced|stated|told|claimed|added|wrote|confirmed|denied|rejected|"
                   r"dismissed|accused|warned)\b", re.I)


def background_of(clause: str, anchor: int, day: date | None, day_end: date | None, precision: str,
                  published: date | None) -> tuple[bool, date | None, date | None, str]:
    """``(background, date, date_end, precision)`` for an event of ``clause`` at offset ``anchor``.

    Parameters
    ----------
    clause : str
        The event's clause.
    anchor : int
        Offset of the event word in ``clause``.
    day, day_end, precision : the event's date window as read so far.
    published : date or None
        The article's publication date.

    Returns
    -------
    tuple
        The flag and the window: an event dated by its own words more than a week before
        publication keeps its window; one placed in the past by a word such as "earlier" or
        "previously" but undated gets the window of the three months before publication
        (``range``) instead of the publication day; anything else is unchanged.

    Examples
    --------
    >>> background_of("Earlier, troops shelled the town", 16, date(2020, 10, 20), date(2020, 10, 20),
    ...               "range", date(2020, 10, 20))
    (True, datetime.date(2020, 7, 20), datetime.date(2020, 10, 20), 'range')
    """
    if published is not None and day_end is not None and published - day_end > BACKGROUND_AGE:
        return True, day, day_end, precision
    defaulted = published is None and day is None or (day == day_end == published and precision == "range")
    if not defaulted:
        return False, day, day_end, precision
    for marker in _PAST_MARKER.finditer(clause):
        if marker.start() > anchor and not re.match(r"\s*(?:[,.;:]|$)", clause[marker.end():]):
            continue  # "liberated territories previously occupied": the word dates something else
        between = clause[marker.end():anchor] if marker.end() <= anchor else ""
        if marker.group(0).lower() == "earlier" and _SAID.search(between):
            continue  # "Earlier, the army said it had shelled X": the report is of the day
        if published is None:
            return True, None, None, "unknown"
        return True, published - MAX_EVENT_SPAN, published, "range"
    return False, day, day_end, precision
