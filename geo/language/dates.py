"""Date expressions in news text, resolved against the article's publication date.

:func:`resolve_dates` finds every date expression of a text ("on Sunday", "overnight",
"early on October 8", "12 October", "since Sunday", "the 1994 ceasefire", "in the 1990s")
and resolves it to a :class:`DateSpan`. :func:`sentence_date` picks the one that governs
an event clause. Both are pure functions: no clock, no I/O, so the same text and
publication date always give the same answer.

Resolution rules (documented in docs/extraction.md#date-expressions):

- A weekday ("on Sunday", "Sunday's attack") is the last such day on or before
  publication; the publication weekday itself is the publication day. After a future
  marker ("will", "is due to", "scheduled", "next" ...) or the present progressive of a
  verb of arrangement ("are meeting in Moscow on Friday") it is the next such day, unless
  a past verb comes between ("who is visiting Yerevan said on Monday").
  "last Sunday" is strictly before publication, "next Sunday" strictly after. An explicit
  date beside the weekday ("Monday (September 27)") wins when the two disagree.
- "the previous day", "a day earlier", "three days earlier", "the next day", "a week
  later" count from the nearest day named earlier in the same sentence, else from
  publication; "two days after the talks" counts from an event and is not read.
- "yesterday" is publication - 1, "today", "this morning", "tonight" the publication day.
- "overnight", "last night", "during the night" are the night before publication:
  ``date = published - 1``, ``date_end = published``, precision ``range``.
  "overnight on Sunday" / "Sunday night" is Sunday..Monday (clipped to publication);
  "overnight into Monday" is Sunday..Monday.
- A month and day without a year ("October 7", "Oct. 7", "12 October") takes the
  publication year, unless that puts it more than two months after publication (then it
  is the year before: a January article citing "December 28"). After a future marker a
  date more than six months before publication moves to the next year.
- Windows: "since Sunday" / "since October 7" run from that day to publication;
  "in the past 24 hours" is publication - 1 .. publication; "in the past N days/weeks",
  "over the weekend" (the last Saturday..Sunday on or before publication), "this week"
  (Monday .. publication; publication .. Sunday after a future marker), "last week"
  (the previous Monday..Sunday), "next week" (the next Monday..Sunday). A window longer
  than :data:`MAX_EVENT_SPAN` ("from 27 September to 30 December") is one range that
  :func:`sentence_date` never takes as an event's date.
- Historical mentions are flagged ``historical=True``: decades ("the 1990s", "early
  1990s"), durations ("for 30 years", "three decades ago", "since 1994"), and any
  expression that ends more than 180 days before publication ("in April 2016",
  "the 1994 ceasefire", "in 2010"). Without a publication date, bare years, decades and
  durations are historical; nothing else is.
- Without a publication date, relative expressions and month-day without a year give
  ``date=None``, precision ``unknown``; explicit full dates still resolve.

For ``precision == "day"`` ``date_end`` equals ``date``; for ``unknown`` both are None.
Numeric dates such as ``10/07`` are deliberately not read: day/month order is ambiguous.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.language.prefilter import gated, word_trie

__all__ = ["DateSpan", "resolve_dates", "sentence_date", "parse_date_text", "written_dates", "written_months",
           "numeric_date", "numeric_order", "MONTHS", "MAX_EVENT_SPAN"]

#: Month names and abbreviations (lower case) -> month number.
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "few": 3,
    "a few": 3, "several": 3, "couple of": 2, "a couple of": 2,
}
#: An expression ending more than this long before publication is a historical mention.
HISTORICAL_AGE = timedelta(days=180)
#: A month-day this far after publication belongs to the previous year.
FUTURE_SLACK = timedelta(days=62)
#: :func:`sentence_date` ignores expressions longer than this (a year, a season).
MAX_EVENT_SPAN = timedelta(days=92)


@dataclass(frozen=True)
class DateSpan:
    """A date expression found in a text and what it resolves to.

    Attributes
    ----------
    start, end : int
        Character offsets of the expression in the text given to :func:`resolve_dates`.
    text : str
        The expression as written, with its preposition ("on Sunday", "since Sunday").
    date, date_end : datetime.date | None
        First and last day meant. Equal for ``day`` precision; None when ``unknown``.
    precision : str
        ``"day"``, ``"range"`` or ``"unknown"`` (see :data:`geo.model.DATE_PRECISIONS`).
    historical : bool
        True for mentions of the past that are not current events ("the 1990s").
    """

    start: int
    end: int
    text: str
    date: date | None
    date_end: date | None
    precision: str
    historical: bool = False


def _alternation(words) -> str:
    # Title-case and upper-case forms: month and weekday names are proper nouns, and
    # matching them case-sensitively keeps the verbs "may" and "march" out.
    forms = set()
    for word in words:
        forms.update({word.capitalize(), word.upper()})
    # As a trie: re would try the fifty branches of a flat alternation at every character.
    return word_trie(forms, fold_case=False)


# Abbreviations take an optional full stop; full names never do (it ends the sentence).
_MONTH = (rf"(?P<mon>(?:{_alternation(w for w in MONTHS if len(w) > 4 or w == 'may')})(?![A-Za-z])"
          rf"|(?:{_alternation(w for w in MONTHS if len(w) <= 4 and w != 'may')})(?![A-Za-z])\.?)")
_WD_FULL = _alternation(w for w in WEEKDAYS if len(w) > 4)
_WD_ANY = rf"(?:{_alternation(WEEKDAYS)})\.?"
_ORD = r"(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"

# Look-aheads like (?=[ADFJMNOSTW]) below name the characters a match can begin with (here a
# month's or a weekday's first letter): re tests them at once at every place, where it would
# otherwise enter the patterns' long alternations (tests/language/test_dates_fast_paths.py checks
# them against the patterns' syntax).
_MONTH_DAY = re.compile(
    rf"(?=[ADFJMNOSTW])(?:(?P<wd>{_WD_ANY}),?\s+)?{_MONTH}\s*(?P<day>\d{{1,2}}){_ORD}(?![\d:.]\d)"
    rf"(?:\s*[-–]\s*(?P<day2>\d{{1,2}}){_ORD}(?!\d))?(?:,?\s+(?P<year>\d{{4}}))?(?![\d:])"
)
_DAY_MONTH = re.compile(
    rf"(?=[FMSTWt\d])(?<![\d.,:])(?:(?P<wd>{_WD_ANY}),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}"
    rf"(?:\s*[-–]\s*(?P<day2>\d{{1,2}}){_ORD})?\s+(?:of\s+)?{_MONTH}"
    rf"(?:,?\s+(?P<year>\d{{4}}))?(?![\d:])"
)
# "between October 1 and 3", "from 1 to 3 October", "the night of 9 to 10 October": a range
# only after between/from/night of.
_AFTER_BETWEEN = r"(?i:(?<=\bbetween\s)|(?<=\bfrom\s)|(?<=\bnight\sof\s))"
# The first letters of the month forms (and below, a digit): before the three look-behinds, one
# cheap test that what follows them, a month (a day), can begin here.
_MONTH_FIRST = "(?=[" + "".join(sorted({form[0].upper() for form in MONTHS})) + "])"
_RANGE_WORD = r"\s+(?:and|to|until|till|through)\s+"
_MONTH_DAY_RANGE = re.compile(
    rf"{_MONTH_FIRST}{_AFTER_BETWEEN}{_MONTH}\s*(?P<day>\d{{1,2}}){_ORD}{_RANGE_WORD}(?P<day2>\d{{1,2}}){_ORD}"
    rf"(?:,?\s+(?P<year>\d{{4}}))?(?![\d:]|\s+(?:people|civilians|soldiers|troops|of)\b)"
)
_DAY_MONTH_RANGE = re.compile(
    rf"(?=\d){_AFTER_BETWEEN}(?P<day>\d{{1,2}}){_ORD}{_RANGE_WORD}(?P<day2>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}"
    rf"(?:,?\s+(?P<year>\d{{4}}))?(?![\d:])"
)
_JOIN_RANGE = re.compile(r"\s*(?:and|to|until|till|through|[-–])\s*\Z", re.IGNORECASE)
# "27.09.2020", "27/09/2020": read only by written_dates, and only when the order is certain.
_NUMERIC = re.compile(r"(?<![\d./])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d/]|\.\d)")
_ISO = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\d-])")
_MONTH_YEAR = re.compile(
    rf"(?=[ADFJMNOSelmt])(?:(?P<mod>early|mid|late|the end of|end of|the beginning of|the start of)[\s-]+)?"
    rf"{_MONTH},?\s+(?P<year>\d{{4}})(?![\d:])"
)
# A month alone is a date only after a preposition or a modifier ("in July", "early
# October"); the span starts at the modifier or the month, the preposition is attached later.
_MONTH_ALONE = re.compile(
    rf"(?=(?i:[bdefilmnostu]))(?:\b(?i:in|since|during|until|by|of|through|throughout|last|this|next|from)\s+"
    rf"|(?=\b(?i:early|mid|late)[\s-]))"
    rf"(?P<body>(?:(?P<mod>(?i:early|mid|late))[\s-]+)?{_MONTH})(?![\w-]|\.?\s*\d)"
)
_ANY_MONTH = re.compile(_MONTH_FIRST + _MONTH)
#: "December last year", "March of this year": a month whose year is said after it.
_WHICH_YEAR = re.compile(r"\s*,?\s+(?:of\s+)?(?P<which>(?i:last|previous|this|next))\s+year\b")
#: Gated (prefilter.gated): not run on the many sentences without a decade's digits and "s".
_DECADE = gated(re.compile(
    r"(?:(?P<mod>early|mid|late)[\s-]+)?(?:the\s+)?(?P<decade>1[89]\d0|20\d0)['’]?s\b",
    re.IGNORECASE,
))
_YEAR = re.compile(r"(?<![\d,.$£€#/-])(?P<year>1[89]\d\d|20\d\d)(?![\d/%]|,\d|['’]?s\b|-\d\d-)")
_WEEKDAY = re.compile(
    rf"(?=[lntpFMSTW])(?:\b(?P<rel>last|this|next|past|previous)\s+)?\b(?P<wd>{_WD_FULL})(?:['’]s)?\b"
    r"(?:\s+(?P<part>night|morning|afternoon|evening))?",
)
#: Gated (prefilter.gated) by the words every match needs, which most sentences lack.
_RELATIVE = gated(re.compile(
    # Every branch begins with one of these letters or a digit (this, yesterday, earlier, later,
    # in, overnight, during, at, next, the, a, couple, several, many, for and the number words):
    # the look-ahead spares the thirty branches at the other places a word starts or ends.
    r"\b(?=[acdefilmnosty\d])(?:(?P<dby>the\s+day\s+before\s+yesterday)|(?P<yesterday>yesterday)"
    r"|(?P<today>(?:earlier\s+|later\s+)?today|tonight|this\s+(?:morning|afternoon|evening))"
    r"|(?P<daypart>(?:(?:early|late)\s+)?in\s+the\s+(?:morning|afternoon))"
    r"|(?P<tomorrow>tomorrow)"
    r"|(?P<night>overnight|last\s+night|during\s+the\s+night|through\s+the\s+night)"
    r"|(?P<weekend>(?:over|at|during)\s+the\s+weekend|this\s+(?:past\s+)?weekend|last\s+weekend)"
    r"|(?P<laterweek>later\s+this\s+week)"
    r"|(?P<thisweek>(?:earlier\s+)?this\s+week)|(?P<lastweek>last\s+week)|(?P<nextweek>next\s+week)"
    r"|(?P<thismonth>(?:earlier\s+)?this\s+month)|(?P<lastmonth>last\s+month)|(?P<nextmonth>next\s+month)"
    r"|(?P<shift>the\s+(?P<sdir1>previous|preceding|next|following)\s+day"
    r"|the\s+day\s+(?P<sdir2>before|after)(?!\s+yesterday)"
    rf"|(?P<sn>{_NUM})\s+(?P<sunit>days?|weeks?)\s+(?P<sdir3>earlier|later|before|after))"
    r"|(?P<thisyear>(?:earlier\s+)?this\s+year)|(?P<lastyear>last\s+year)"
    rf"|(?P<past>(?:(?:in|over|during|for)\s+)?the\s+(?:past|last|previous)\s+(?:(?P<pn>{_NUM})\s+)?"
    r"(?P<punit>hours?|days?|weeks?|months?|years?|decades?))"
    rf"|(?P<ago>(?P<an>{_NUM})\s+(?P<aunit>days?|weeks?|months?|years?|decades?)\s+ago)"
    r"|(?P<recent>(?:in|over|during)\s+recent\s+(?P<runit>days|weeks|months))"
    r"|(?P<decadesago>(?:several\s+|many\s+|a\s+few\s+)?decades\s+ago)"
    rf"|(?P<for>for\s+(?:(?:nearly|almost|more\s+than|over|about|some|around)\s+)?"
    rf"(?P<fn>{_NUM})\s+(?P<funit>years|decades))"
    r"|(?P<fordecades>for\s+(?:many\s+|several\s+)?decades))\b",
    re.IGNORECASE,
))
#: Words before a bare year that make it a year rather than a count ("in 1991", "the 1994 ...").
_YEAR_BEFORE = {
    "in", "since", "until", "till", "by", "of", "from", "to", "between", "and", "the",
    "early", "late", "mid", "throughout", "during", "before", "after", "around", "circa",
    "c.", "year", "spring", "summer", "autumn", "fall", "winter", "its", "their", "his",
    "her", "a", "-", "–",
}
_YEAR_AFTER = {
    "ceasefire", "cease-fire", "truce", "war", "conflict", "clashes", "fighting",
    "agreement", "accord", "accords", "deal", "referendum", "election", "elections",
    "escalation", "offensive", "hostilities", "flare-up", "violence", "declaration",
    "statement", "protocol", "summit", "census", "independence", "peace", "invasion",
    "revolution", "war,",
}
#: Words after a number that make it a count, not a year ("and 2000 wounded").
_COUNT_NOUNS = {
    "people", "persons", "civilians", "soldiers", "troops", "servicemen", "fighters", "residents",
    "refugees", "homes", "houses", "buildings", "dead", "killed", "wounded", "injured", "km",
    "kilometres", "kilometers", "miles", "metres", "meters", "tons", "tonnes", "dollars", "units",
    "rockets", "shells", "missiles", "drones", "mercenaries", "militants", "families", "children",
}
_PREFIX = re.compile(
    r"(?:\b(?P<kw>(?:(?:very\s+)?early|late|earlier|later)\s+(?:on\s+|in\s+)?"
    r"|overnight\s+(?:on\s+|into\s+|to\s+)?|(?:on\s+)?the\s+night\s+(?:of\s+|to\s+)?"
    r"|(?:on|in|since|during|throughout|from|between|until|till|by|as\s+of)\s+"
    r"(?:the\s+(?:early\s+|late\s+)?(?:morning|afternoon|evening|hours)\s+of\s+)?))$",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+due|are\s+due|due\s+to|scheduled|plans?\s+to|planned"
    r"|expected\s+to|(?:is|are)\s+set\s+to|to\s+be\s+held|upcoming)\b",
    re.IGNORECASE,
)
# The futurate progressive: with a verb of arrangement, "are meeting in Moscow on Friday"
# (written on a Wednesday) is this Friday, not last. Only such verbs: "are shelling" is
# going on now, and an event verb with a weekday after it reports the past.
_ARRANGEMENT = re.compile(
    r"\b(?:am|is|are|'re|’re)\s+(?:(?:also|now|still|due|set|all)\s+)?(?:to\s+)?"
    r"(?:meeting|holding|hosting|visiting|travell?ing|flying|going|heading|leaving|arriving"
    r"|attending|convening|signing|returning|resuming|starting|beginning|opening"
    r"|meet|hold|host|visit|travel|fly|sign|attend|convene|resume)\b",
    re.IGNORECASE,
)
# After "N days before/after": an event named ("before the vote", "after it"), so the
# count runs from that event, which is not a date.
_EVENT_AFTER = re.compile(r"\s+(?!and\b|but\b|when\b|while\b|as\b|in\b|on\b|at\b)[A-Za-z]")
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])[.!?]\s+[\"“(]?[A-Z]")
_PAST_BETWEEN = re.compile(
    r"\b(?:said|told|announced|reported|stated|confirmed|claimed|added|was|were|had|did)\b", re.IGNORECASE)
# "would" is also reported speech about the past ("said it would respond to the shelling
# of Stepanakert on Sunday"), so it marks the future only right before the date.
_WEAK_FUTURE = re.compile(r"\bwould\b", re.IGNORECASE)
_SPEECH = re.compile(
    r"(?<!was )(?<!were )(?<!been )(?<!being )(?<!is )(?<!are )"
    r"\b(?:said|says|say|told|reported|reports|announced|stated|wrote|tweeted|added|"
    r"claimed|confirmed|denied|declared|accused|warned|insisted|noted)\s*,?\s*$",
    re.IGNORECASE,
)


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    word = re.sub(r"\s+", " ", word.lower())
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _is_future(text: str, start: int) -> bool:
    """Whether a future marker precedes ``start`` in the same clause.

    Strong markers ("will", "is due to") count within 120 characters, "would" within 40.
    """
    window = text[max(0, start - 120):start]
    # Same clause only: "forces, which would later retreat, shelled Tartar on Sunday".
    window = re.split(r"[.;!?,\n]", window)[-1]
    markers = [m for pattern in (_FUTURE, _ARRANGEMENT) for m in pattern.finditer(window)]
    if markers:
        # A past verb after the marker owns the date: "Lavrov who is visiting Yerevan said on Monday".
        last = max(m.end() for m in markers)
        if not _PAST_BETWEEN.search(window, last):
            return True
    return bool(_WEAK_FUTURE.search(window[-40:]))


def _clip(day: date, published: date | None) -> date:
    return min(day, published) if published is not None else day


def _infer_year(month: int, day: int, published: date, future: bool) -> date | None:
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        # 29 February outside a leap year: try the neighbouring year that has it.
        try:
            candidate = date(published.year - 1, month, day)
        except ValueError:
            return None
    if candidate > published + FUTURE_SLACK:
        candidate = _safe_date(candidate.year - 1, month, day)
    elif future and candidate < published - HISTORICAL_AGE:
        candidate = _safe_date(candidate.year + 1, month, day)
    return candidate


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _clip_to_published(first: date, last: date, published: date | None, text: str, start: int) -> date:
    """A past month ("in October") cannot run past publication unless the text looks ahead."""
    if published is not None and first <= published < last and not _is_future(text, start):
        return published
    return last


def _weekday_on_or_before(published: date, weekday: int) -> date:
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _weekday_after(published: date, weekday: int) -> date:
    return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)


def _month_range(year: int, month: int, mod: str | None = None) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = 1, last
    mod = (mod or "").lower()
    if mod in ("early", "the beginning of", "the start of"):
        last_day = 10
    elif mod == "mid":
        first_day, last_day = 11, 20
    elif mod in ("late", "end of", "the end of"):
        first_day = 21
    return date(year, month, first_day), date(year, month, last_day)


class _Found:
    """A raw match before prefixes are attached: offsets, resolution, and its kind."""

    __slots__ = ("start", "end", "date", "date_end", "precision", "historical", "kind", "value")

    def __init__(self, start, end, first, last, precision, historical=False, kind="", value=None):
        self.start, self.end = start, end
        self.date, self.date_end = first, last
        self.precision, self.historical = precision, historical
        self.kind, self.value = kind, value


def _day(start, end, day: date | None, kind="day", value=None) -> _Found:
    if day is None:
        return _Found(start, end, None, None, "unknown", kind=kind, value=value)
    return _Found(start, end, day, day, "day", kind=kind, value=value)


def _span(start, end, first, last, kind="range", historical=False, value=None) -> _Found:
    if first is None:
        return _Found(start, end, None, None, "unknown", historical, kind, value)
    if last is None or last == first:
        return _Found(start, end, first, first, "day", historical, kind, value)
    return _Found(start, end, first, last, "range", historical, kind, value)


def _explicit(text: str, published: date | None, anchors: tuple[date, ...] = ()) -> list[_Found]:
    found = []
    for m in _ISO.finditer(text):
        day = _safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
        if day is not None:
            found.append(_day(m.start(), m.end(), day, kind="date"))
    if not _ANY_MONTH.search(text):
        return found  # the month patterns below are the slow ones
    for pattern in (_MONTH_DAY, _DAY_MONTH, _MONTH_DAY_RANGE, _DAY_MONTH_RANGE):
        for m in pattern.finditer(text):
            month = MONTHS[m["mon"].lower().rstrip(".")]
            day, day2 = int(m["day"]), int(m["day2"]) if m["day2"] else None
            if not 1 <= day <= 31 or (day2 is not None and not day < day2 <= 31):
                continue
            if m["year"]:
                first = _safe_date(int(m["year"]), month, day)
                if first is None:
                    continue
            elif published is not None:
                first = _infer_year(month, day, published, _is_future(text, m.start()))
                if first is None:
                    continue
            else:
                written = m.groupdict().get("wd")  # "Sunday, October 4": the weekday narrows the year
                first = year_from_text(month, day, anchors,
                                       weekday=WEEKDAYS[written.lower().rstrip(".")] if written else None)
                if first is None:
                    found.append(_day(m.start(), m.end(), None, kind="date"))
                    continue
            last = _safe_date(first.year, month, day2) if day2 else first
            found.append(_span(m.start(), m.end(), first, last or first, kind="date"))
    for m in _MONTH_YEAR.finditer(text):
        month = MONTHS[m["mon"].lower().rstrip(".")]
        first, last = _month_range(int(m["year"]), month, m["mod"])
        last = _clip_to_published(first, last, published, text, m.start())
        found.append(_span(m.start(), m.end(), first, last, kind="month"))
    for m in _MONTH_ALONE.finditer(text):
        month = MONTHS[m["mon"].lower().rstrip(".")]
        start = m.start("body")
        before = text[max(0, start - 8):start].lower()
        mod = (m["mod"] or "").lower() or None
        if published is None:
            # an undated article: the year of the dates it writes in full, if one is near the month
            # ("in March this year" says nothing without the article's own year)
            middle = year_from_text(month, 15, anchors) if anchors and not _WHICH_YEAR.match(text, m.end()) else None
            first, last = _month_range(middle.year, month, mod) if middle else (None, None)
            found.append(_span(start, m.end(), first, last, kind="month"))
            continue
        year = published.year
        which = _WHICH_YEAR.match(text, m.end())
        if which:
            # "in December last year", "in March of this year": the year is said
            year += {"last": -1, "previous": -1, "this": 0, "next": 1}[which["which"].lower()]
        elif date(year, month, 1) > published + FUTURE_SLACK or before.rstrip().endswith("last"):
            year -= 1
        if not which and before.rstrip().endswith("next") and date(year, month, 1) <= published:
            year += 1
        first, last = _month_range(year, month, mod)
        last = _clip_to_published(first, last, published, text, start)
        found.append(_span(start, which.end() if which else m.end(), first, last, kind="month"))
    return found


def _bare_years(text: str, published: date | None) -> list[_Found]:
    found = []
    for m in _DECADE.finditer(text):
        decade = int(m["decade"])
        first, last = date(decade, 1, 1), date(decade + 9, 12, 31)
        mod = (m["mod"] or "").lower()
        if mod == "early":
            last = date(decade + 3, 12, 31)
        elif mod == "mid":
            first, last = date(decade + 3, 1, 1), date(decade + 6, 12, 31)
        elif mod == "late":
            first = date(decade + 7, 1, 1)
        found.append(_span(m.start(), m.end(), first, last, kind="decade", historical=True))
    for m in _YEAR.finditer(text):
        before = text[max(0, m.start() - 30):m.start()].split()
        after = text[m.end():m.end() + 30].split()
        prev = before[-1].lower() if before else ""
        nxt = after[0].lower() if after else ""
        next_char = text[m.end():m.end() + 1]
        # "about 2000 people" is a count; "in 1991", "the 1994 ceasefire", "(1994)" are years.
        ends_phrase = next_char == "" or not (next_char.isalnum() or next_char.isspace())
        if nxt.rstrip(".,;:") in _COUNT_NOUNS:
            continue
        if not (prev in _YEAR_BEFORE or prev.endswith(("'s", "’s")) or nxt in _YEAR_AFTER
                or ends_phrase):
            continue
        year = int(m["year"])
        found.append(_span(m.start(), m.end(), date(year, 1, 1), date(year, 12, 31),
                           kind="year", historical=published is None))
    return found


def _weekdays(text: str, published: date | None) -> list[_Found]:
    found = []
    for m in _WEEKDAY.finditer(text):
        weekday = WEEKDAYS[m["wd"].lower()]
        rel = (m["rel"] or "").lower()
        if published is None:
            found.append(_Found(m.start(), m.end(), None, None, "unknown", kind="weekday",
                                value=(weekday, m["part"])))
            continue
        if rel in ("last", "past", "previous"):
            day = _weekday_on_or_before(published - timedelta(days=1), weekday)
        elif rel == "next" or (weekday != published.weekday() and not m.group(0).endswith(("'s", "’s"))
                               and _is_future(text, m.start())):
            day = _weekday_after(published, weekday)
        else:
            day = _weekday_on_or_before(published, weekday)
        if (m["part"] or "").lower() == "night":
            end = day + timedelta(days=1)
            if end > published >= day:
                end = published
            found.append(_span(m.start(), m.end(), day, end, kind="night"))
        else:
            found.append(_day(m.start(), m.end(), day, kind="weekday"))
    return found


def _relative(text: str, published: date | None) -> list[_Found]:
    found = []
    for m in _RELATIVE.finditer(text):
        s, e = m.start(), m.end()
        if m["past"] or m["ago"] or m["for"]:
            n = _number(m["pn"] or m["an"] or m["fn"]) if (m["pn"] or m["an"] or m["fn"]) else 1
            unit = (m["punit"] or m["aunit"] or m["funit"]).lower().rstrip("s")
            if n is None:
                continue
            years = {"year": n, "decade": 10 * n}.get(unit)
            historical = years is not None and (m["for"] or m["ago"] or n > 1)
            if published is None:
                found.append(_span(s, e, None, None, historical=bool(years), kind="window"))
                continue
            if years is not None:
                if m["ago"]:
                    # "three decades ago" names a year, roughly: the whole of that year.
                    first = date(published.year - years, 1, 1)
                    last = date(published.year - years, 12, 31)
                else:
                    first, last = date(published.year - years, published.month, 1), published
                found.append(_span(s, e, first, last, historical=bool(historical), kind="window"))
                continue
            delta = {"hour": timedelta(hours=n), "day": timedelta(days=n),
                     "week": timedelta(weeks=n), "month": timedelta(days=30 * n)}[unit]
            # "in the past 24 hours" reaches into the previous day.
            first = published - max(delta, timedelta(days=1)) if unit != "hour" else \
                published - timedelta(days=max(1, -(-n // 24)))
            if m["ago"]:
                found.append(_day(s, e, published - delta if unit != "month" else None))
                if unit == "month":
                    found[-1] = _span(s, e, None, None)
            else:
                found.append(_span(s, e, first, published, kind="window"))
            continue
        if m["recent"]:
            # "in recent days": a few days; weeks: three weeks; months: a quarter.
            back = {"days": 3, "weeks": 21, "months": 90}[m["runit"].lower()]
            first = published - timedelta(days=back) if published is not None else None
            found.append(_span(s, e, first, published, kind="window"))
            continue
        if m["shift"]:
            word = (m["sdir1"] or m["sdir2"] or m["sdir3"]).lower()
            # "two days before the vote" counts from another event: not read.
            if word in ("before", "after") and _EVENT_AFTER.match(text, e):
                continue
            n = _number(m["sn"]) if m["sn"] else 1
            if n is None:
                continue
            if (m["sunit"] or "").lower().startswith("week"):
                n *= 7
            sign = -1 if word in ("previous", "preceding", "before", "earlier") else 1
            # Resolved in _resolve against an explicit day of the same sentence, else publication.
            found.append(_Found(s, e, None, None, "unknown", kind="shift", value=sign * n))
            continue
        if m["decadesago"] or m["fordecades"]:
            found.append(_span(s, e, None, None, historical=True, kind="window"))
            continue
        if published is None:
            found.append(_span(s, e, None, None, kind="daypart" if m["daypart"] else "relative"))
            continue
        p = published
        if m["dby"]:
            found.append(_day(s, e, p - timedelta(days=2)))
        elif m["yesterday"]:
            found.append(_day(s, e, p - timedelta(days=1)))
        elif m["today"]:
            found.append(_day(s, e, p))
        elif m["daypart"]:
            found.append(_day(s, e, p, kind="daypart"))
        elif m["tomorrow"]:
            found.append(_day(s, e, p + timedelta(days=1)))
        elif m["night"]:
            found.append(_span(s, e, p - timedelta(days=1), p, kind="overnight"))
        elif m["weekend"]:
            if m["weekend"].lower().startswith("last"):
                sunday = _weekday_on_or_before(p - timedelta(days=1), 6)
            else:
                sunday = _weekday_on_or_before(p, 6) if p.weekday() != 5 else p + timedelta(days=1)
            found.append(_span(s, e, sunday - timedelta(days=1), min(sunday, p), kind="window"))
        elif m["laterweek"] or (m["thisweek"] and _is_future(text, s)):
            found.append(_span(s, e, p, p + timedelta(days=6 - p.weekday()), kind="window"))
        elif m["thisweek"]:
            found.append(_span(s, e, p - timedelta(days=p.weekday()), p, kind="window"))
        elif m["lastweek"] or m["nextweek"]:
            monday = p - timedelta(days=p.weekday()) + timedelta(days=7 if m["nextweek"] else -7)
            found.append(_span(s, e, monday, monday + timedelta(days=6), kind="window"))
        elif m["nextmonth"]:
            first = (p.replace(day=28) + timedelta(days=4)).replace(day=1)
            found.append(_span(s, e, *_month_range(first.year, first.month), kind="window"))
        elif m["thismonth"]:
            found.append(_span(s, e, p.replace(day=1), p, kind="window"))
        elif m["lastmonth"]:
            last = p.replace(day=1) - timedelta(days=1)
            found.append(_span(s, e, last.replace(day=1), last, kind="window"))
        elif m["thisyear"]:
            found.append(_span(s, e, date(p.year, 1, 1), p, kind="window"))
        elif m["lastyear"]:
            found.append(_span(s, e, date(p.year - 1, 1, 1), date(p.year - 1, 12, 31), kind="window"))
    return found


def _attach_prefix(text: str, f: _Found, published: date | None) -> _Found:
    """Extend a match over its preposition and apply what the preposition means."""
    m = _PREFIX.search(text, max(0, f.start - 30), f.start)
    if m is None or m.end() != f.start:
        return f
    kw = re.sub(r"\s+", " ", m["kw"].lower()).strip()
    f.start = m.start()
    if kw.split()[0] == "since" and f.kind != "window":
        if f.kind == "decade":
            return f
        end = published if published is not None else None
        if f.date is not None and end is not None and end > f.date:
            f.date_end, f.precision = end, "range"
        elif f.date is not None and end is None and f.kind in ("year", "date", "month"):
            f.date_end, f.precision = None, "unknown"
            f.date = None
        if f.kind == "year":
            f.historical = True
    elif kw.startswith(("overnight", "the night", "on the night")) and f.kind in ("weekday", "date"):
        if f.date is not None:
            if kw.endswith(("into", "to")):
                first, last = f.date - timedelta(days=1), f.date
            else:
                first, last = f.date, f.date + timedelta(days=1)
                if published is not None and last > published >= first:
                    first, last = published - timedelta(days=1), published
                    if f.date < published:
                        first, last = f.date, published
            f.date, f.date_end, f.precision = first, last, "range"
    return f


def _is_historical(f: _Found, published: date | None) -> bool:
    if f.historical:
        return True
    if published is None or f.date is None:
        return False
    return (f.date_end or f.date) < published - HISTORICAL_AGE


def _join_ranges(text: str, found: list[_Found]) -> list[_Found]:
    """Merge "from October 1 to October 3" / "between Sunday and Tuesday" into one range."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (prev is None or prev.kind not in ("date", "weekday") or f.kind not in ("date", "weekday")
                or not text[prev.start:prev.end].lower().startswith(("from ", "between "))
                or prev.date is None or f.date_end is None):
            out.append(f)
            continue
        gap = text[prev.end:f.start]
        # "until" may already belong to the second span as its preposition.
        joined = _JOIN_RANGE.match(gap) or (not gap.strip() and re.match(r"(?i)(?:until|till)\s", text[f.start:f.end]))
        first, last = prev.date, f.date_end
        if prev.kind == f.kind == "weekday" and last < first:
            first -= timedelta(days=7)  # "between Sunday and Tuesday" on a Monday: last week's
        if f.kind == "date" and last < first and not re.search(r"\d{4}", text[f.start:f.end]):
            # The end's year was guessed alone: "from 27 September to 30 December" ends after it starts.
            last = _safe_date(last.year + 1, last.month, last.day) or last
        # Long windows are joined too; sentence_date then ignores them (MAX_EVENT_SPAN).
        limit = timedelta(days=62) if f.kind == "weekday" else timedelta(days=366)
        if joined and timedelta(0) < last - first <= limit:
            prev.end, prev.date, prev.date_end, prev.precision = f.end, first, last, "range"
        else:
            out.append(f)
    return out


def _resolve_shift(text: str, f: _Found, taken: list[_Found], published: date | None) -> _Found:
    """ "the previous day", "a day later", "three days earlier": from a day named before.

    The anchor is the nearest explicit day (a date or a weekday) earlier in the same
    sentence; without one, the publication date.
    """
    anchor = published
    for other in reversed([t for t in taken if t.end <= f.start]):
        if _SENTENCE_END.search(text, other.end, f.start):
            break
        if other.kind in ("date", "weekday") and other.precision == "day" and other.date is not None:
            anchor = other.date
            break
    if anchor is None:
        return f
    day = anchor + timedelta(days=f.value)
    return _Found(f.start, f.end, day, day, "day", kind="shift", value=f.value)


def _agree_weekday(text: str, taken: list[_Found]) -> None:
    """ "on Monday (September 27)": an explicit date beside a weekday wins over it.

    "Sunday, September 27" is one span already; a date in brackets or after a dash
    follows the weekday as a span of its own, and the two must name the same day.
    """
    for first, second in zip(taken, taken[1:]):
        if (first.kind == "weekday" and second.kind == "date" and second.precision == "day"
                and re.fullmatch(r"\s*[(,–—-]\s*", text[first.end:second.start])):
            first.date = first.date_end = second.date


def resolve_dates(text: str, published: date | None, *, anchors: tuple[date, ...] = ()) -> list[DateSpan]:
    """Find every date expression in ``text`` and resolve it against ``published``.

    Parameters
    ----------
    text : str
        A sentence, clause or whole article; offsets in the result refer to it.
    published : datetime.date | None
        The article's publication date; None for undated articles (relative
        expressions then resolve to ``date=None``, precision ``"unknown"``).
    anchors : tuple of date, optional
        For an undated article, the dates its text writes out in full (:func:`text_anchors`):
        a month-day without a year takes the year they fix (:func:`year_from_text`).

    Returns
    -------
    list[DateSpan]
        Non-overlapping expressions in text order (the longest wins an overlap).

    Examples
    --------
    >>> from datetime import date
    >>> [(s.text, str(s.date)) for s in resolve_dates("shelled overnight on Sunday", date(2020, 9, 28))]
    [('overnight on Sunday', '2020-09-27')]
    >>> resolve_dates("the 1994 ceasefire", date(2020, 9, 28))[0].historical
    True
    """
    return list(_resolve(text, published, anchors if published is None else ()))


@functools.lru_cache(maxsize=8192)
def _resolve(text: str, published: date | None, anchors: tuple[date, ...] = ()) -> tuple[DateSpan, ...]:
    # Cached: extraction asks about the same sentence once per event it holds.
    found = (_explicit(text, published, anchors) + _bare_years(text, published)
             + _weekdays(text, published) + _relative(text, published))
    found = [_attach_prefix(text, f, published) for f in found]
    found.sort(key=lambda f: (-(f.end - f.start), f.start))
    taken: list[_Found] = []
    for f in found:
        if all(f.end <= t.start or f.start >= t.end for t in taken):
            taken.append(f)
    taken.sort(key=lambda f: f.start)
    taken = _join_ranges(text, taken)
    taken = [_resolve_shift(text, f, taken, published) if f.kind == "shift" else f for f in taken]
    _agree_weekday(text, taken)
    # "early in the morning" with no day named is the morning of publication; next to a
    # named day ("on Sunday ... in the morning") it only says when on that day.
    if any(f.kind != "daypart" and f.date is not None and not _is_historical(f, published) for f in taken):
        taken = [f for f in taken if f.kind != "daypart"]
    return tuple(
        DateSpan(f.start, f.end, text[f.start:f.end], f.date, f.date_end, f.precision,
                 _is_historical(f, published))
        for f in taken
    )


def sentence_date(text: str, published: date | None, *, anchor: int | None = None,
                  anchors: tuple[date, ...] = ()) -> DateSpan | None:
    """The date expression that governs the event of a clause, or None.

    Historical expressions never govern. With ``anchor`` (the character offset of the
    event verb or place in ``text``) the nearest remaining expression wins, ties going to
    the one before the anchor. Without an anchor, an expression attached to a speech verb
    ("said on Monday", "said Monday") only reports when the statement was made, so any
    other expression is preferred to it; among the rest the first in the text wins.
    Expressions that resolve to a date are preferred over unresolved ones.

    Parameters
    ----------
    text : str
        The sentence or clause reporting the event.
    published : datetime.date | None
        The article's publication date.
    anchor : int, optional
        Offset of the event word in ``text``.

    Returns
    -------
    DateSpan | None
        None when the clause has no current date expression: callers usually fall back
        to the publication date (an event reported without a date happened on or before it).

    Examples
    --------
    >>> from datetime import date
    >>> s = sentence_date("Baku said on Monday that Tartar was shelled overnight.", date(2020, 9, 29))
    >>> s.text, str(s.date), str(s.date_end)
    ('overnight', '2020-09-28', '2020-09-29')
    """
    # A whole year ("throughout 2020") says nothing about the day of one event.
    spans = [s for s in resolve_dates(text, published, anchors=anchors) if not s.historical
             and (s.date is None or (s.date_end - s.date) <= MAX_EVENT_SPAN)]
    if not spans:
        return None
    dated = [s for s in spans if s.date is not None]
    spans = dated or spans
    if anchor is not None:
        def distance(s: DateSpan) -> tuple[int, int]:
            if s.start <= anchor < s.end:
                return (0, 0)
            return (s.start - anchor, 1) if s.start >= anchor else (anchor - s.end, 0)

        return min(spans, key=distance)
    plain = [s for s in spans if not _SPEECH.search(text[max(0, s.start - 40):s.start])]
    return (plain or spans)[0]


def written_dates(text: str) -> list[date]:
    """Every full calendar date written out in ``text`` with its year, in text order.

    Besides the forms :func:`resolve_dates` reads, numeric dates count when their order
    is certain (see :func:`numeric_date`): "27.09.2020", "27/09/2020".

    "since September 27, 2020" gives 2020-09-27 even though, without a publication date,
    :func:`resolve_dates` cannot say where that window ends. Used to find the year of a
    dateline that has none.

    Examples
    --------
    >>> written_dates("Fighting has raged since Sept. 27, 2020 and on 2020-10-04 (04.10.2020).")
    [datetime.date(2020, 9, 27), datetime.date(2020, 10, 4), datetime.date(2020, 10, 4)]
    """
    return list(_written_dates(text))


@functools.lru_cache(maxsize=4)
def _written_dates(text: str) -> tuple[date, ...]:
    # Cached: an undated article's whole text is read by day_of_the_news, then text_anchors, one
    # right after the other (a few entries: each keeps a whole article, or a 100,000-character part, alive).
    found = [(f.start, f.date) for f in _explicit(text, None) if f.kind == "date" and f.date is not None]
    for m in _NUMERIC.finditer(text):
        day = numeric_date(int(m["a"]), int(m["b"]), int(m["year"]), m["sep"])
        if day is not None:
            found.append((m.start(), day))
    return tuple(day for _start, day in sorted(found, key=lambda f: f[0]))


def day_of_the_news(text: str) -> date | None:
    """The day an undated page's news happened, when the page fixes it: its latest full date
    written with its weekday ("Sunday, Nov. 1, 2020" under a photo), that weekday named again
    elsewhere in the text ("the shelling went on all day on Sunday"). None otherwise.

    Examples
    --------
    >>> day_of_the_news("A damaged house in Stepanakert, Sunday, Nov. 1, 2020. Fighting went on Sunday.")
    datetime.date(2020, 11, 1)
    >>> day_of_the_news("A photo of Sunday, Nov. 1, 2020. Fighting went on Monday.") is None
    True
    """
    dates = written_dates(text)
    if not dates:
        return None
    latest = max(dates)
    name = _WEEKDAY_NAMES[latest.weekday()]
    # the date written after each of the weekday's mentions: that date once, and none once
    after = [written_dates(text[m.end():m.end() + 30])[:1] for m in re.finditer(rf"\b{name}\b", text)]
    return latest if [latest] in after and [] in after else None


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


#: How far from a date the text writes in full a month-day without a year may be to take its year.
YEAR_REACH = timedelta(days=92)


def nearest_year(month: int, day: int, published: list[date], *, today: date | None = None,
                 reach: timedelta = YEAR_REACH, weekday: int | None = None) -> date | None:
    """The ``month``/``day`` in the year that puts it closest to the ``published`` dates.

    Used for a dateline without a year ("BAKU, Oct 11 (Reuters) -"): with the full dates
    the article writes out, else with the publication dates of the other articles of the
    same folder, which were most likely written around the same time. None when no
    candidate lies within ``reach`` of a reference date, or only in the future (after
    ``today``), or on another day of the week than ``weekday`` (0 Monday) when one is written.

    Examples
    --------
    >>> nearest_year(1, 3, [date(2020, 12, 30)], today=date(2026, 1, 1))
    datetime.date(2021, 1, 3)
    """
    best: tuple[timedelta, date] | None = None
    for year in sorted({d.year + k for d in published for k in (-1, 0, 1)}):
        candidate = _safe_date(year, month, day)
        if candidate is None or (today is not None and candidate > today) or (
                weekday is not None and candidate.weekday() != weekday):
            continue
        distance = min(abs(candidate - d) for d in published)
        if best is None or distance < best[0]:
            best = (distance, candidate)
    if best is None or best[0] > reach:
        return None
    return best[1]


def text_anchors(text: str) -> tuple[date, ...]:
    """The days a text fixes its years by: the dates it writes in full ("Oct. 1, 2020", "2020-10-01",
    "27.09.2020"); with :func:`year_from_text`, what dates an undated article's month-days. A month
    written with its year ("since the war began in April 2023") is not one: it is mostly history.

    Examples
    --------
    >>> text_anchors("A photo taken on Oct. 1, 2020. Talks on October 9, since September 2020.")
    (datetime.date(2020, 10, 1),)
    """
    return tuple(sorted(set(written_dates(text))))


def year_from_text(month: int, day: int, anchors: tuple[date, ...], *, weekday: int | None = None) -> date | None:
    """The day a month-day without a year means in an undated article, or None.

    The year that puts it within :data:`YEAR_REACH` of a date the text fixes (``anchors``,
    :func:`text_anchors`), on the weekday written beside it if any; failing that, a weekday
    ("Sunday, October 4") that falls on that month-day in only one of the years the anchors name.

    Examples
    --------
    >>> year_from_text(10, 28, (date(2020, 10, 1),))
    datetime.date(2020, 10, 28)
    >>> year_from_text(10, 4, (date(2019, 3, 8), date(2020, 3, 1)), weekday=6)  # a Sunday in 2020 only
    datetime.date(2020, 10, 4)
    """
    if not anchors:
        return None
    near = nearest_year(month, day, list(anchors), weekday=weekday)
    if near is not None or weekday is None:
        return near
    matching = [d for y in sorted({a.year for a in anchors})
                if (d := _safe_date(y, month, day)) is not None and d.weekday() == weekday]
    return matching[0] if len(matching) == 1 else None


def written_months(text: str) -> list[tuple[date, date]]:
    """First and last day of every month written with its year ("in September 2020"), in text order.

    A weaker year signal than :func:`written_dates`: "the April 2016 war" names a month
    long before the article, so callers only trust one close to the day they date.

    Examples
    --------
    >>> written_months("Fighting began in late September 2020.")
    [(datetime.date(2020, 9, 1), datetime.date(2020, 9, 30))]
    """
    out = []
    for m in _MONTH_YEAR.finditer(text):
        month, year = MONTHS[m["mon"].lower().rstrip(".")], int(m["year"])
        out.append((date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])))
    return out


def numeric_date(a: int, b: int, year: int, sep: str, *, order: str | None = None) -> date | None:
    """The date ``a<sep>b<sep>year`` when its day/month order is certain, else None.

    A part above 12 says which is the day, and equal parts need no order. Otherwise
    ``order`` decides ("dmy" or "mdy", as :func:`numeric_order` finds it for the page);
    without it, dots are day.month.year (the European and Russian style) and slashes or
    dashes give None: "10/12/2020" may be 10 December or 12 October.

    Examples
    --------
    >>> numeric_date(27, 9, 2020, "."), numeric_date(10, 22, 2020, "/"), numeric_date(10, 12, 2020, "/")
    (datetime.date(2020, 9, 27), datetime.date(2020, 10, 22), None)
    >>> numeric_date(10, 12, 2020, "/", order="mdy")
    datetime.date(2020, 10, 12)
    """
    if a > 12 >= b or a == b:
        return _safe_date(year, b, a)
    if b > 12 >= a:
        return _safe_date(year, a, b)
    if a > 12 or b > 12:
        return None
    if order == "mdy":
        return _safe_date(year, a, b)
    if order == "dmy" or (order is None and sep == "."):
        return _safe_date(year, b, a)
    return None


#: Numeric dates of any separator, for :func:`numeric_order` ("14-03-2024", "03/14/2024", "14.03.2024").
_NUMERIC_ANY = re.compile(r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)"
                          r"(?![\d/-]|\.\d)")


def numeric_order(text: str) -> str | None:
    """The day/month order of the numeric dates a page prints, when the page itself settles it.

    "dmy" when a numeric date of the page has a first field above 12 ("14-03-2024") and
    none a second field above 12; "mdy" for the reverse ("03/14/2024"); None when no
    date settles it or the page's dates disagree. Any separator counts: a site prints
    its dates one way.

    Examples
    --------
    >>> numeric_order("Posted 05-03-2024. Updated 14-03-2024 09:05")
    'dmy'
    >>> numeric_order("Posted 05/03/2024") is None
    True
    """
    orders = set()
    for m in _NUMERIC_ANY.finditer(text):
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        if a > 12 >= b and _safe_date(year, b, a):
            orders.add("dmy")
        elif b > 12 >= a and _safe_date(year, a, b):
            orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None


def parse_date_text(value: str, *, reference: date | None = None) -> date | None:
    """Parse one standalone date value ("2020-10-12", "12 October 2020", "Oct. 12, 2020").

    Used for front matter, HTML meta and ``dates.csv``. ISO timestamps
    ("2020-10-12T08:30:00+04:00") give their calendar date as written. A month-day without
    a year uses ``reference`` for the year (see :func:`resolve_dates`); None otherwise.
    """
    value = value.strip().strip("\"'")
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"(\d{4})/(\d{1,2})/(\d{1,2})\b", value)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    for span in resolve_dates(value, reference):
        if span.precision == "day" and span.date is not None:
            return span.date
    return None

