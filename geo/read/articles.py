"""Reading articles from disk: decoding, HTML to text, and the publication date.

The publication-date signals are listed in docs/extraction.md#publication-date.

One bad file never stops a folder: :func:`read_folder` turns it into an
:class:`ArticleProblem` with the reason, and reads the rest.

The publication date comes from the strongest signal found (``Article.date_source``):

1. ``dates.csv`` beside the articles (columns ``file,date``; an empty date marks the file
   undated on purpose) — overrides everything, so a user can fix a date without editing
   the article;
2. a ``date YYYY-MM-DD`` marker opening the first line (``" date 2020-09-29 The ..."``);
   the marker is removed from the text, the rest of the line is kept. A month-only marker
   (``" date 2022-05 ..."``) is a publication window, not a day: the article stays undated
   with ``date_hint`` "2022-05" unless a dateline or byline names a day inside that month
   (one outside it is not taken), and no corpus year is given to it;
3. front matter (``---`` fenced ``key: value`` lines, key ``date``); removed from the text;
4. HTML meta: ``article:published_time``, ``og:published_time``, ``datePublished``
   (meta, itemprop or JSON-LD), ``<meta name="date">`` and kin, then ``<time datetime>``;
5. a dateline or byline near the top of the text ("KYIV, Ukraine, Oct. 12 (Reuters) -",
   "STEPANAKERT, OCTOBER 8, ARMENPRESS.", "Mon 28 Sep 2020 18.13 CEST", "By A. Writer,
   October 17, 2020", "Posted on 10/22/2020", a timestamp line "14-03-2024 09:05",
   "Tue, 05-03-2024 08:40 PM", "08:15 03-11-2021", "07:30 JST, April 9, 2023");
   a dateline or timestamp without a year ("22 June, 03:25 PM") takes the year nearest
   the full dates the text writes out (within :data:`CORPUS_YEAR_REACH`), else the file
   name's, else a month-year's nearby; a weekday written beside it ("Sunday, 22 June")
   must be that day's in the year found (also for the corpus year below), else no date.
   A numeric date whose day/month order is open
   ("05-03-2024") takes the order the page's other numeric dates settle (one with a
   first field above 12 means day first, a second field above 12 month first); else the
   reading within :data:`NUMERIC_ORDER_REACH` of a date the text writes in words while the
   other is not; else day first with dots and dashes, and no date with slashes;
6. a date in the file name ("reuters_2020-10-11_ganja.txt"), last resort;
7. in :func:`read_folder` only, a dateline without a year and nothing else to date it
   takes the year nearest the other articles' publication dates (``dateline+corpus-year``);
   a timestamp without a year does not (sites leave out the current year, which says
   nothing about the other articles).

An article left undated although its dateline gives a month and day keeps that date as
written in ``Article.date_hint`` ("Oct 11"), so the build summary can say what to add
to ``dates.csv``.

Page furniture is not a date: lines about crawl/retrieval/copyright dates are skipped,
as are the site's header above a breadcrumb ("Friday, August 9, 2024" over "Home / World /
..."; the day the page was viewed), a weekday-and-date line without a time above the
headline (the site's date of the day), "Today: ..." lines and photo captions or credits; a
date later than today is impossible, and "this article is more than 3 years old" rules
out anything younger. A date after a Published label beats one after an Updated or
"Last Update" label, and among the rest the earliest wins, so an update never makes an
article later than it is. Undated articles are returned with ``published=None``, never
dropped.
"""

from __future__ import annotations

import calendar
import codecs
import csv
import hashlib
import io
import itertools
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from geo.language.dates import (MONTHS, WEEKDAYS, YEAR_REACH, nearest_year, numeric_date, numeric_order, parse_date_text,
                                 resolve_dates, written_dates, written_months)
from geo.errors import ArticleError, DatesFileError
from geo.model import Article
from geo.read.listing import DATES_FILE, PLACES_FILE, ArticleProblem, list_folder
from geo.read.sources import SOURCES_FILE, SourceFields, clean, front_matter_source, page_source, sources_overrides
from geo.read import stream as streaming
from geo.read.stream import (DecodeChecks, NeedsWholeText, StreamedText, choose_encoding, cleaned_chunks, looks_binary,
                             normalized_chunks)
from geo.read.text import declared_charset, html_to_text, normalize_text

__all__ = ["ArticleProblem", "read_article", "read_folder", "read_dates_csv", "decode_article_bytes",
           "name_date", "dateline_month_day", "nearest_year", "SUFFIXES", "DATES_FILE", "PLACES_FILE",
           "SOURCES_FILE"]

log = logging.getLogger(__name__)

#: File suffixes read as articles (case-insensitive).
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# DATES_FILE: the per-folder file of date overrides; PLACES_FILE: the analyst's own places
# (read by the gazetteer), beside the articles. Neither is an article.
#: Files larger than this are read, with a warning (a 20 MB file is likely a dump).
LARGE_FILE_BYTES = 5_000_000
#: How far into the text a byline or dateline may be.
HEADER_LINES, HEADER_CHARS = 20, 2500

_DATE_MARKER = re.compile(r"\A[ \t]*date[ \t]*:?[ \t]*(\d{4}-\d{2}-\d{2})\b[ \t]*")
# "date 2022-05": the page gives only the month; a window, not a day.
_MONTH_MARKER = re.compile(r"\A[ \t]*date[ \t]*:?[ \t]*(\d{4})-(0[1-9]|1[0-2])(?![-\d])[ \t]*")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_META_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "publishdate", "publish-date", "publish_date", "pubdate",
    "date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "citation_publication_date", "article.published",
)
_FURNITURE_LINE = re.compile(
    r"\b(?:retrieved|accessed|archived|crawled|captured|copyright|all rights reserved)\b|©|\(c\)",
    re.IGNORECASE,
)
_UPDATED_LINE = re.compile(r"\b(?:updated|modified|edited|corrected|last\s+update)\b", re.IGNORECASE)
_AGE_NOTICE = re.compile(r"more\s+than\s+\W*(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)"
                         r"\s+(year|month)s?\s+old", re.IGNORECASE)
# What may stand beside the date on a byline line: times, zones, and filler words.
_BYLINE_NOISE = re.compile(
    r"\b\d{1,2}[.:h]\d{2}(?:\s*[ap]\.?m\.?)?|(?-i:\b(?:[A-Z]{1,4}T|UTC|GMT)\b)"
    r"|\b(?:\d+|an?)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b"
    r"|\b\d+\s+min(?:ute)?s?\s+read\b"
    r"|\b(?:published|posted|first|on|at|by|last|and|update[ds]?)\b|[|•·,:*_#\[\]()/+-]+",
    re.IGNORECASE,
)
# A date in a file or folder name: 2020-10-11, 2020_10_11, 20201011.
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
# Before a dateline's date: capitalised place words only ("KYIV, Ukraine,", "KYIV/MOSCOW").
_PLACE_WORDS = r"[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)*"
_DATELINE_PLACE = re.compile(
    rf"\A[ \t*_]*{_PLACE_WORDS}(?:/{_PLACE_WORDS})*(?:,[ \t]*{_PLACE_WORDS}){{0,2}},?[ \t]*\Z")
# After a dateline's date: an agency credit and a dash ("(Reuters) -"), or a news-agency
# style credit ("OCTOBER 8, ARMENPRESS.", "October 30. /ARKA/.").
_DATELINE_TAIL = re.compile(
    r"\A[ \t]*(?:\([^)]{1,40}\))?[ \t]*(?:--|[-–—:])"
    r"|\A[ \t]*[.,]?[ \t]*(?:/[^/\n]{1,30}/|[A-Z][A-Z&-]{2,})[ \t]*(?:--|[-–—:.,])")
# In the first lines of the body only (a caption further down may read "Ganja, October 11,
# AFP"): a dateline may also end its line, after an agency in brackets, an agency credit
# in capitalised words, or a full stop ("Khankendi, 10 November (Trend)", "Baku,
# October 4, APA", "Baku, 4 October, AZERTAC", "YEREVAN, October 18.").
_DATELINE_END = re.compile(
    r"\A[ \t]*(?:\([^)]{1,40}\)|[.,/][ \t]*/?[A-Z][\w&.'’-]*(?:[ \t]+[A-Z][\w&.'’-]*){0,3}/?)?"
    r"[ \t]*[.:]?[ \t*_]*\Z")
# "By Staff Writer, 12 October 2020" names a writer, not a place.
_BYLINE_START = re.compile(r"[ \t*_]*(?:by|from|posted|published|updated|written)\b", re.IGNORECASE)
# A place in capitals ("KHARTOUM, October 18. Sudan said") marks a dateline even when the
# text goes on after the full stop on the same line.
_CAPITAL_PLACE = re.compile(r"\b[A-Z]{3,}\b")
_FULL_STOP_TAIL = re.compile(r"\A\.[ \t]+[\"“(]?[A-Z]")
# An agency in brackets right after the date, then the text: "Khankendi, 10 November (Trend) The".
_BRACKET_TAIL = re.compile(r"\A[ \t]*\([A-Z][^)]{0,39}\)[ \t]+[\"“]?[A-Z]")
#: How many of the first non-empty lines may hold a dateline that ends its line, and how
#: long that line may be: "Baku, October 4 was a quiet day ..." is a sentence, not a dateline.
DATELINE_FIRST_LINES, DATELINE_MAX_CHARS, DATELINE_MAX_WORDS = 4, 80, 4
# A dateline without a place must carry an agency credit: "Oct. 12 (AP) —".
_AGENCY_TAIL = re.compile(r"\A[ \t]*\([^)]{1,40}\)[ \t]*(?:--|[-–—:])")
# Labels that say which date a byline date is: the nearest one before the date counts.
_DATE_LABEL = re.compile(r"\b(?:(?P<published>published|posted|first\s+published|released|опубликовано)"
                         r"|(?P<updated>updated|modified|edited|corrected|last\s+updated?|update(?=[ \t]*:)"
                         r"|обновлено))\b", re.IGNORECASE)
# A numeric date is read only right after such a label: "Posted on 10/22/2020", "Published 12.10.2020",
# "Published: Tue, 05-03-2024 08:40 PM".
_WEEKDAY_NAME = r"(?i:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:[a-z]*day)?\.?)"
_LABELLED_NUMERIC = re.compile(
    r"\b(?:published|posted|date|дата|опубликовано)\b[ \t]*(?:on[ \t]+)?:?[ \t]*"
    rf"(?:{_WEEKDAY_NAME}[ \t]*,?[ \t]*)?"
    r"(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})(?![\d./-])",
    re.IGNORECASE)
# ... or when it stands alone on its line, as many sites print it under the headline, with
# a weekday and a time before or after it: "16.10.2020", "16.10.2020, 14:35",
# "**16.10.2020 | 14:35**", "14-03-2024 09:05", "08:15 03-11-2021", "Tue, 05-03-2024 08:40 PM".
_CLOCK = (r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?"
          r"(?:[ \t]*\(?(?:[A-Z]{2,5}|UTC[+-]\d{1,2}|GMT[+-]\d{1,2})\)?)?")
_STANDALONE_NUMERIC = re.compile(
    rf"\A[ \t*_•|]*(?:{_WEEKDAY_NAME}[ \t]*,?[ \t]*)?(?:{_CLOCK}[ \t]*[,|•·\-–—]?[ \t]*)?"
    r"(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})"
    rf"(?:[ \t]*[,|•·\-–—]?[ \t]*(?:at[ \t]+)?{_CLOCK})?[ \t*_]*\Z")
# A month name between dashes, as some sites print dates: "12-Mar-2024", "Mar-12-2024".
_DASHED_MONTH = re.compile(r"(?<![\w-])(?:\d{1,2}-(?P<mon>[A-Za-z]{3,9}\.?)-(?:19|20)\d\d"
                           r"|(?P<mon2>[A-Za-z]{3,9}\.?)-\d{1,2}-(?:19|20)\d\d)(?![\w-])")
# Any numeric date with a four-digit year, for a byline line.
_NUMERIC_IN_LINE = re.compile(r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)"
                              r"(?![\d/-]|\.\d)")
# A line opening with a weekday, and the weekday and month names a headline's words exclude.
_WEEKDAY_START = re.compile(rf"\A[ \t*_•|]*{_WEEKDAY_NAME}\b")
_WEEKDAY_OR_MONTH = re.compile(
    r"\b(?i:(?:mon|tues?|wednes|thurs?|fri|satur|sun)day|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?"
    r"|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
# Year first, as East Asian and some wire sites print it: "2024/03/14", "2024.03.14".
_YEAR_FIRST_NUMERIC = re.compile(r"(?<![\d./-])(?P<year>(?:19|20)\d\d)(?P<sep>[./])(?P<mon>\d{1,2})(?P=sep)"
                                 r"(?P<day>\d{1,2})(?![\d/-]|\.\d)")
# A clock time on a line: a date beside it is a timestamp ("22 June, 03:25 PM").
_CLOCK_ON_LINE = re.compile(r"(?<![\d.:])\d{1,2}:\d{2}(?![\d])")
_PUBLISHED_WORD = re.compile(r"\b(?:published|posted)\b", re.IGNORECASE)
# A photo caption or credit: its date is when the picture was taken, not the article's.
_CAPTION_LINE = re.compile(
    r"\b(?:photo|photos|photograph|picture|image|credit|caption|getty|shutterstock)\b", re.IGNORECASE)
# A breadcrumb ("Home / World / ..."): what stands above it is the site's header, whose date
# is the day the page was viewed, not the day the article was published.
_BREADCRUMB = re.compile(r"\A[ \t*_]*(?:home|homepage|main)[ \t]*(?:/|»|›|>|\|)[ \t]*\S", re.IGNORECASE)
# "Today: Friday, August 9, 2024", "Today is ...": the site's today, not the article's day.
_TODAY_LINE = re.compile(r"\A[ \t*_]*today\b(?![ \t]+(?:from|in|on)\b)", re.IGNORECASE)
#: How many first non-empty lines may stand above a breadcrumb and be dropped as site header.
SITE_HEADER_LINES = 4
#: An undated article whose dateline names only a month and day takes the year that puts
#: it closest to the other articles of its folder, when that is at most this far away.
CORPUS_YEAR_REACH = YEAR_REACH
#: A numeric date whose day/month order the page does not settle ("05-03-2024") takes the
#: reading within this distance of a date the text writes in words, when the other is not.
NUMERIC_ORDER_REACH = timedelta(days=31)
#: How much of a page is searched for the dates that settle the numeric order.
PAGE_CHARS = 100_000


# --- decoding -------------------------------------------------------------------------

#: C0 controls but tab, newlines, form feed; DEL and the C1 controls.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    sample = text[:200_000]
    # One regex scan, not a Python loop per character: this runs on every article of every build.
    controls = sum(1 for _ in _CONTROL_CHARS.finditer(sample))
    return controls / max(1, len(sample))


def _western_or_cyrillic(raw: bytes) -> str | None:
    """Choose cp1251 or cp1252 for non-UTF-8 bytes.

    Both decode most bytes, so look at the words: Cyrillic text decoded as cp1251 gives
    words all in Cyrillic, while Latin text decoded as cp1251 gives words mixing Latin
    and Cyrillic letters ("ministиre"). charset-normalizer alone misreads short
    Western texts (as cp1250 or hp_roman8), hence this check first.
    """
    try:
        as_cyrillic = raw.decode("cp1251")
    except UnicodeDecodeError:
        as_cyrillic = None
    if as_cyrillic is not None:
        words = re.findall(r"[^\W\d_]+", as_cyrillic)
        cyrillic = sum(1 for w in words if all("\u0400" <= c <= "\u04ff" for c in w))
        mixed = sum(1 for w in words if any("\u0400" <= c <= "\u04ff" for c in w)
                    and any(c.isascii() for c in w))
        if cyrillic and cyrillic > 2 * mixed:
            return "cp1251"
    try:
        raw.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return None


def decode_article_bytes(raw: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode the bytes of an article; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM first; then the charset an HTML page
    declares; then cp1251 or cp1252 chosen by the words they give; then
    charset-normalizer's guess; latin-1 last (it decodes anything, so the result is
    checked for control characters).

    Raises
    ------
    ArticleError
        Empty, binary, or no encoding gives text.
    """
    if not raw.strip():
        raise ArticleError("empty file")
    bom = next((codec for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                                          (codecs.BOM_UTF16_BE, "utf-16")) if raw.startswith(bom)), None)
    binary = None if bom else looks_binary(raw)
    if binary:
        raise ArticleError(binary)
    candidates = [bom or "utf-8"]
    if html and (declared := declared_charset(raw)):
        candidates.append(declared)
    text = encoding = None
    for codec in candidates:
        try:
            text, encoding = raw.decode(codec), codec
            break
        except (UnicodeDecodeError, LookupError):
            continue
    if text is None and not bom:
        # Mostly UTF-8 with a few stray bytes (a cp1252 quote pasted in): keep the UTF-8
        # reading, which a single-byte codec would turn into mojibake everywhere else.
        replaced = raw.decode("utf-8", errors="replace")
        bad = replaced.count("\ufffd")
        good = sum(1 for c in replaced if ord(c) > 127 and c != "\ufffd")
        if good and bad <= max(3, good // 20):
            log.warning("%d bytes are not UTF-8; replaced with U+FFFD", bad)
            text, encoding = replaced, "utf-8 (with replacements)"
    if text is None:
        encoding = _western_or_cyrillic(raw)
        if encoding is None:
            from charset_normalizer import from_bytes

            best = from_bytes(raw).best()
            encoding = best.encoding if best is not None else "latin-1"
        text = raw.decode(encoding, errors="replace")
        log.info("decoded as %s (not UTF-8)", encoding)
    if _control_ratio(text) > 0.01 or text.count("\ufffd") > max(10, len(text) // 100):
        raise ArticleError(f"mostly non-text bytes (tried UTF-8 and {encoding}); is it a binary file?")
    if not text.strip("\ufeff \t\n\r"):
        raise ArticleError("empty file (only whitespace)")
    return text, encoding


# --- publication date -----------------------------------------------------------------

def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields = {}
    for line in (m.group(1) or "").splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-", "#")):
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields, text[m.end():]


def _plausible(day: date | None, *, today: date, youngest: date | None) -> bool:
    """A publication date cannot be in the future, nor younger than an age notice says."""
    if day is None or day > today or day.year < 1900:
        return False
    return youngest is None or day <= youngest


def _age_limit(text: str, today: date) -> date | None:
    """The latest possible publication date given "this article is more than N years old"."""
    m = _AGE_NOTICE.search(text[:HEADER_CHARS])
    if not m:
        return None
    n = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10}.get(m.group(1).lower()) or int(m.group(1))
    days = 365 * n if m.group(2).lower() == "year" else 30 * n
    return today - timedelta(days=days)


def _meta_date(page, *, today: date, youngest: date | None) -> tuple[date, str] | None:
    for key in _META_KEYS:
        value = page.meta_value(key)
        day = parse_date_text(value) if value else None
        if _plausible(day, today=today, youngest=youngest):
            return day, f"html meta {key}"
    for body in page.json_ld:
        for value in re.findall(r'"datePublished"\s*:\s*"([^"]+)"', body):
            day = parse_date_text(value)
            if _plausible(day, today=today, youngest=youngest):
                return day, "html json-ld datePublished"
    for value in page.times:
        day = parse_date_text(value)
        if _plausible(day, today=today, youngest=youngest):
            return day, "html <time>"
    return None


def _dateline_year(month: int, day: int, text: str, today: date, from_name: date | None,
                   window: tuple[date, date] | None = None) -> date | None:
    """The day a dateline without a year means, from the year signals of the article itself.

    Within a month-precision publication ``window`` ("date 2022-05"), the month-day inside
    it, or None when it falls outside (the signals disagree).

    Strongest first: the full dates the text writes out ("Sept. 28, 2020" in a caption,
    "27.09.2020", "2020-09-27"), whichever year puts the month-day nearest them ("Jan 3"
    beside "December 28, 2020" is 2021) if within :data:`CORPUS_YEAR_REACH` of one (a
    historical "May 12, 1994" alone dates nothing); else the date in the file name; else a month
    written with its year ("since September 2020"), only when the month-day falls within
    :data:`CORPUS_YEAR_REACH` of it ("the April 2016 war" says nothing about an "Oct 11"
    dateline). Bare years are never used: "the 1994 ceasefire" says nothing about when
    the article was written.
    """
    if window is not None:
        inside = _safe_day(window[0].year, month, day)
        return inside if inside is not None and window[0] <= inside <= window[1] else None
    days = [d for d in written_dates(text) if d <= today]
    if days:
        # Only a date near the dateline's day vouches for its year: "the ceasefire of May 12,
        # 1994" alone must not date an "Oct 11" dateline to 1994.
        return nearest_year(month, day, days, today=today)
    if from_name is not None:
        return nearest_year(month, day, [from_name], today=today, reach=timedelta(days=366))
    months = [d for first_last in written_months(text) if first_last[0] <= today for d in first_last]
    return nearest_year(month, day, months, today=today) if months else None


def _head_only_year(month: int, day: int, text: str, today: date, from_name: date | None,
                    window: tuple[date, date] | None = None) -> date | None:
    """:func:`_dateline_year` when ``text`` is only the top of the article: the dates of the
    whole text are not at hand, so :class:`NeedsWholeText` unless a window settles it."""
    if window is None:
        raise NeedsWholeText("a dateline without a year")
    return _dateline_year(month, day, text, today, from_name, window)


def _safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def name_date(name: str) -> date | None:
    """A date written in a file or folder name (``reuters_2020-10-11_ganja.txt``), if any."""
    for m in _NAME_DATE.finditer(name):
        try:
            return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
    return None


def _header_lines(text: str) -> list[str]:
    header = text[:HEADER_CHARS].split("\n")[:HEADER_LINES * 3]
    lines = [line for line in header if line.strip()][:HEADER_LINES]
    return [_DASHED_MONTH.sub(_undash, line) for line in lines
            if not (_FURNITURE_LINE.search(line) or _AGE_NOTICE.search(line) or len(line) > 400)]


def _undash(m: re.Match) -> str:
    """ "12-Mar-2024" -> "12 Mar 2024" (same length, so offsets in the line hold)."""
    month = (m["mon"] or m["mon2"]).lower().rstrip(".")
    return m.group(0).replace("-", " ") if month in MONTHS else m.group(0)


def _site_header_end(lines: list[str]) -> int:
    """How many of the first header lines are the site's own header, not the article's.

    Lines above a breadcrumb ("Home / World / ...") in the first
    :data:`SITE_HEADER_LINES` lines: a date there is the day the page was viewed
    ("Friday, August 9, 2024" over a story of July).
    """
    for number, line in enumerate(lines[:SITE_HEADER_LINES + 1]):
        if _BREADCRUMB.match(line):
            return number
    return 0


def _is_headline(line: str) -> bool:
    """Whether a line reads like a headline or text: three words or more (a site name, a
    date or a menu item has fewer)."""
    return len(re.findall(r"[^\W\d_]{2,}", _WEEKDAY_OR_MONTH.sub(" ", line))) >= 3


def _is_site_date(line: str) -> bool:
    """Whether a line is a site's date of the day: a weekday and a date, no time, no label
    ("Friday, August 9, 2024", "Friday November 15 2024"), as sites print above the headline."""
    if _CLOCK_ON_LINE.search(line) or _PUBLISHED_WORD.search(line) or not _WEEKDAY_START.match(line):
        return False
    return not _is_headline(line)


def _weekday_agrees(written: str, day: date | None) -> bool:
    """Whether the weekday written beside a date without a year ("Sunday, 22 June") is that of
    the ``day`` its year was guessed for; a guessed year that disagrees is wrong."""
    m = _WEEKDAY_START.match(written)
    if day is None or m is None:
        return True
    name = m.group(0).strip(" \t*_•|.").lower()
    return WEEKDAYS.get(name, WEEKDAYS.get(name[:3], day.weekday())) == day.weekday()


def _is_timestamp(line: str, start: int, end: int) -> bool:
    """Whether the date at ``line[start:end]`` is all its (short) line holds, beside a time or a
    Published label: "22 June, 03:25 PM", "Published: 22 June 15:25"."""
    if len(line.strip()) > 60:
        return False
    rest = line[:start] + " " + line[end:]
    if not (_CLOCK_ON_LINE.search(rest) or _PUBLISHED_WORD.search(rest)):
        return False
    return not re.findall(r"[^\W\d_][\w.'’-]*", _BYLINE_NOISE.sub(" ", rest))


def _numeric_reader(text: str):
    """A function reading ``a<sep>b<sep>year`` with the day/month order of this page.

    A date with a part above 12 reads as it is. Otherwise, in turn: the order the page's
    other numeric dates settle (:func:`geo.language.dates.numeric_order`); the reading within
    :data:`NUMERIC_ORDER_REACH` of a date the text writes in words ("September 27") when
    the other reading is not; the default, day first with dots and dashes ("05-03-2024" is
    5 March) and none with slashes, which US sites write month first.
    """
    page = text[:PAGE_CHARS]
    order = numeric_order(page)
    worded: list[tuple[int | None, int, int]] | None = None

    def read(a: int, b: int, year: int, sep: str) -> date | None:
        nonlocal worded
        day = numeric_date(a, b, year, "/", order=order)
        if day is not None or order is not None or a > 12 or b > 12:
            return day
        day_first, month_first = _safe_day(year, b, a), _safe_day(year, a, b)
        if day_first is None or month_first is None:
            return day_first or month_first
        if worded is None:
            worded = _worded_days(page)
        near_day_first = _distance(day_first, worded) <= NUMERIC_ORDER_REACH
        near_month_first = _distance(month_first, worded) <= NUMERIC_ORDER_REACH
        if near_day_first != near_month_first:
            return day_first if near_day_first else month_first
        return day_first if sep in ".-" else None

    return read


def _worded_days(text: str) -> list[tuple[int | None, int, int]]:
    """(year or None, month, day) of every day the text writes in words ("Oct. 1, 2020", "27 September")."""
    out = []
    for span in resolve_dates(text, None):
        if span.precision == "day" and span.date is not None:
            out.append((span.date.year, span.date.month, span.date.day))
        elif span.date is None and re.search(r"\d", span.text):
            day = parse_date_text(span.text, reference=date(2000, 12, 31))  # a leap year: 29 Feb reads
            if day is not None:
                out.append((None, day.month, day.day))
    return out


def _distance(day: date, worded: list[tuple[int | None, int, int]]) -> timedelta:
    """How far ``day`` is from the nearest worded day (a day without a year in any year near it)."""
    best = timedelta.max
    for year, month, dom in worded:
        for y in ((year,) if year else (day.year - 1, day.year, day.year + 1)):
            other = _safe_day(y, month, dom)
            if other is not None:
                best = min(best, abs(day - other))
    return best


def _is_dateline(line: str, start: int, end: int, *, first: bool = False) -> bool:
    """Whether the date at ``line[start:end]`` opens a dateline ("BAKU, Oct. 12 (Reuters) -").

    A dateline is one or a few place words (any case, capitalised), a comma, the date, then
    an agency credit and a separator. In the ``first`` lines of the body the date may also
    end its (short) line: "YEREVAN, October 18.", "Khankendi, 10 November (Trend)".
    """
    before, after = line[:start], line[end:]
    if _DATELINE_PLACE.match(before) and not _BYLINE_START.match(before):
        if _DATELINE_TAIL.match(after):
            return True
        # A place is a word or a few, not a title-case headline ending in a date.
        first = first and len(re.findall(r"[^\W\d_]+", before)) <= DATELINE_MAX_WORDS
        if first and len(line.strip()) <= DATELINE_MAX_CHARS and _DATELINE_END.match(after):
            return True
        return first and bool(_CAPITAL_PLACE.search(before) and _FULL_STOP_TAIL.match(after)
                              or _BRACKET_TAIL.match(after))
    return not before.strip(" \t*_") and bool(_AGENCY_TAIL.match(after))


def _is_updated(line: str, start: int) -> bool:
    """Whether the date at ``start`` is an update date: the nearest label before it says so.

    "Updated 14 Oct / Published 13 Oct": each date takes the label in front of it; with no
    label before it, any update label on the line makes it one.
    """
    labels = list(_DATE_LABEL.finditer(line, 0, start))
    if labels:
        return labels[-1]["updated"] is not None
    return bool(_UPDATED_LINE.search(line))


def _labelled_numeric(line: str, read=numeric_date) -> list[tuple[int, date]]:
    """Numeric dates right after a Published/Posted/Date label or alone on their line
    (beside a weekday or a time), where the order is known.

    ``read`` gives the order (see :func:`_numeric_reader`); by default dots are
    day.month.year (the Russian and European style), and slashes or dashes are read only
    when one part exceeds 12 ("10/22/2020" is 22 October) or both parts are equal.
    """
    out = []
    for m in [*_LABELLED_NUMERIC.finditer(line), *_STANDALONE_NUMERIC.finditer(line)]:
        day = read(int(m["a"]), int(m["b"]), int(m["year"]), m["sep"])
        if day is None:
            log.debug("ambiguous or impossible numeric date %r skipped", m.group(0))
            continue
        out.append((m.start(), day))
    return out


def _is_byline(before: str, after: str) -> bool:
    """Whether what stands around a date on its line is a byline's: a few capitalised words.

    A byline holds a date and a few words (a name, "Published", "3 min read"); a sentence
    ("Ganja was shelled on October 4, 2020.") has lower-case words besides.
    """
    words = re.findall(r"[^\W\d_][\w.'’-]*", _BYLINE_NOISE.sub(" ", before + " " + after))
    return len(words) <= 6 and not any(w[0].islower() and len(w) > 2 for w in words)


def _numeric_byline(line: str, read) -> list[tuple[int, date]]:
    """Numeric dates on a byline line ("By A. Writer | 05-03-2024 | 3 min read"), read by ``read``.

    Not an update date: a bare number says less than a written-out date, so a numeric
    date is read only when nothing marks it as an update.
    """
    out = []
    for m in [*_NUMERIC_IN_LINE.finditer(line), *_YEAR_FIRST_NUMERIC.finditer(line)]:
        if _is_byline(line[:m.start()], line[m.end():]) and not _is_updated(line, m.start()):
            if m.re is _YEAR_FIRST_NUMERIC:  # "2024/03/14", "2024.03.14": year, month, day
                day = _safe_day(int(m["year"]), int(m["mon"]), int(m["day"]))
            else:
                day = read(int(m["a"]), int(m["b"]), int(m["year"]), m["sep"])
            if day is not None:
                out.append((m.start(), day))
    return out


def _yearless_dateline(text: str, *, timestamps: bool = True) -> tuple[str, int, int] | None:
    """The date as written, month and day of a dateline (or a timestamp line) that has no year, if any."""
    lines = _header_lines(text)
    chrome = _site_header_end(lines)
    for number, line in enumerate(lines):
        if number < chrome:
            continue
        for span in resolve_dates(line, None):
            if span.date is None and re.search(r"\d", span.text) \
                    and (_is_dateline(line, span.start, span.end, first=number < DATELINE_FIRST_LINES)
                         or timestamps and _is_timestamp(line, span.start, span.end)):
                day = parse_date_text(span.text, reference=date(2000, 12, 31))  # a leap year: 29 Feb reads
                if day is not None:
                    return span.text, day.month, day.day
    return None


def dateline_month_day(text: str) -> tuple[int, int] | None:
    """Month and day of a dateline that has no year ("STEPANAKERT, OCTOBER 8, ARMENPRESS."), if any.

    Not of a timestamp without a year ("22 June, 03:25 PM"): sites print no year for the
    current one, which says nothing about the year of the other articles of a folder.
    """
    found = _yearless_dateline(text, timestamps=False)
    return found[1:] if found else None


def _byline_date(text: str, *, today: date, youngest: date | None,
                 from_name: date | None = None, window: tuple[date, date] | None = None,
                 head_only: bool = False) -> tuple[date, str] | None:
    """A date standing alone on a line, or opening a dateline, near the top of the text.

    Not from the site's header above a breadcrumb, nor from a photo caption or credit.
    With ``head_only`` (``text`` is the top of a longer one), a dateline without a year,
    whose year the whole text's dates give, raises :class:`NeedsWholeText`.
    """
    year_of = _head_only_year if head_only else _dateline_year
    found: list[tuple[bool, date, str]] = []
    lines = _header_lines(text)
    chrome = _site_header_end(lines)
    read = None
    headline_seen = False
    for number, line in enumerate(lines):
        above_headline, headline_seen = not headline_seen, headline_seen or _is_headline(line)
        if number < chrome and not _PUBLISHED_WORD.search(line) or _TODAY_LINE.match(line):
            continue
        if above_headline and _is_site_date(line):
            continue
        caption = bool(_CAPTION_LINE.search(line))
        if not caption and re.search(r"\d[./-]\d", line):
            read = read or _numeric_reader(text)
            for start, day in _labelled_numeric(line, read) + _numeric_byline(line, read):
                if _plausible(day, today=today, youngest=youngest):
                    found.append((_is_updated(line, start), day, "byline"))
        for span in resolve_dates(line, None):
            if span.precision == "unknown" and span.date is None and not re.search(r"\d", span.text):
                continue  # "Sunday": nothing to anchor
            updated = _is_updated(line, span.start)
            before, after = line[:span.start], line[span.end:]
            if _is_dateline(line, span.start, span.end, first=number < DATELINE_FIRST_LINES):
                day = span.date if span.precision == "day" else None
                if day is None and re.search(r"\d", span.text):
                    month_day = parse_date_text(span.text, reference=date(2000, 12, 31))  # leap year
                    if month_day is not None:
                        day = year_of(month_day.month, month_day.day, text, today, from_name, window)
                        day = day if _weekday_agrees(span.text, day) else None
                if _plausible(day, today=today, youngest=youngest):
                    found.append((updated, day, "dateline"))
                continue
            if caption:
                continue
            if span.date is None and re.search(r"\d", span.text) and _is_timestamp(line, span.start, span.end):
                # A timestamp without a year ("22 June, 03:25 PM"): the year from the article.
                month_day = parse_date_text(span.text, reference=date(2000, 12, 31))  # leap year
                day = month_day and year_of(month_day.month, month_day.day, text, today, from_name, window)
                day = day if _weekday_agrees(span.text, day) else None
                if _plausible(day, today=today, youngest=youngest):
                    found.append((updated, day, "byline"))
                continue
            if span.precision != "day" or span.date is None or span.historical:
                continue
            if _is_byline(before, after) and _plausible(span.date, today=today, youngest=youngest):
                found.append((updated, span.date, "byline"))
    if not found:
        return None
    # Published lines before "updated" ones; then the earliest, never a later date than
    # the page supports.
    found.sort(key=lambda f: (f[0], f[1]))
    return found[0][1], found[0][2]


# --- dates.csv ------------------------------------------------------------------------

#: The earliest publication date ``dates.csv`` may give: an earlier one is a typo.
EARLIEST_DATE = date(1900, 1, 1)


def read_dates_csv(path: Path, *, today: date | None = None) -> dict[str, date | None]:
    """Read a ``dates.csv`` (columns ``file,date``): file name -> date (None: undated on purpose).

    File names are relative to the CSV's folder, with ``/`` separators. Rows with a date
    that cannot be read, or that lies after ``today`` (default: today) or before 1900, are
    skipped with a warning naming their line.

    Raises
    ------
    DatesFileError
        The file cannot be read (a folder, no permission) or is not CSV (a field too
        large, a NUL byte): the message names the file, the line and what to do.
    """
    today = today or date.today()
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except IsADirectoryError as err:
        raise DatesFileError(f"{path} is a folder, not a {DATES_FILE} file: rename or remove it") from err
    except OSError as err:
        raise DatesFileError(f"cannot read {path} ({err.strerror or err}): fix its permissions "
                             f"or remove it") from err
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _dates_rows(path, reader, today)
    except csv.Error as err:
        raise DatesFileError(f"{path} line {reader.line_num + 1} is not CSV ({err}): fix that line "
                             f"(columns file,date)") from err


def _dates_rows(path: Path, reader: csv.DictReader, today: date) -> dict[str, date | None]:
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or ()}
    file_col = next((columns[c] for c in ("file", "name", "article", "path") if c in columns), None)
    date_col = next((columns[c] for c in ("date", "published") if c in columns), None)
    if file_col is None or date_col is None:
        log.warning("%s: needs a header 'file,date'; ignored", path)
        return {}
    out: dict[str, date | None] = {}
    for lineno, row in enumerate(reader, start=2):
        name = (row.get(file_col) or "").strip().replace("\\", "/")
        value = (row.get(date_col) or "").strip()
        if not name:
            continue
        day = parse_date_text(value) if value else None
        if value and day is None:
            log.warning("%s line %d: %r is not a date (YYYY-MM-DD); row ignored", path, lineno, value)
            continue
        if day is not None and not EARLIEST_DATE <= day <= today:
            when = "after today" if day > today else f"before {EARLIEST_DATE.year}"
            log.warning("%s line %d: %s is %s, not a publication date; row ignored", path, lineno, day, when)
            continue
        out[name] = day
    return out


def _dates_overrides(root: Path) -> dict[str, date | None]:
    """Every ``dates.csv`` under ``root``, keyed by article name relative to ``root``."""
    out: dict[str, date | None] = {}
    # Shallow files first, so a dates.csv deeper down (closer to the article) wins.
    for csv_path in sorted(root.rglob(DATES_FILE), key=lambda p: len(p.parts)):
        prefix = csv_path.parent.relative_to(root).as_posix()
        for name, day in read_dates_csv(csv_path).items():
            out[name if prefix == "." else f"{prefix}/{name}"] = day
    return out


# --- reading --------------------------------------------------------------------------

def _parse(raw: bytes, suffix: str, *, today: date, name: str = "") -> Article:
    """Text, title and publication date of the bytes of one file (name filled in later)."""
    is_html = suffix in (".html", ".htm") or raw.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    decoded, _encoding = decode_article_bytes(raw, html=is_html)
    if is_html:
        page = html_to_text(decoded)
        opening = _Opening(title=page.title, cited=page_source(page))
        text = page.text
    else:
        page = None
        text = normalize_text(decoded)
        opening = _opening(text)
        text = re.sub(r"\n{3,}", "\n\n", text[opening.skip:]).strip("\n")
    if not text.strip():
        raise ArticleError("no text (only markup or front matter)")
    return _dated(text, opening, page=page, today=today, name=name, sha256=hashlib.sha256(raw).hexdigest())


@dataclass
class _Opening:
    """What the top of a text file says before its text: front matter, a date marker."""

    skip: int = 0
    title: str | None = None
    cited: SourceFields = field(default_factory=SourceFields)
    published: date | None = None
    source: str | None = None
    window: tuple[date, date] | None = None
    plain: bool = False


def _opening(text: str) -> _Opening:
    """Front matter and date marker opening the normalised ``text`` of a text file."""
    front, rest = _front_matter(text)
    opening = _Opening(skip=len(text) - len(rest), title=front.get("title") or None,
                       cited=front_matter_source(front), plain=True)
    marker = _DATE_MARKER.match(rest)
    month_marker = _MONTH_MARKER.match(rest)
    if marker:
        opening.published, opening.source = date.fromisoformat(marker.group(1)), "date line"
        opening.skip += marker.end()
    elif month_marker:
        # Only the month: other signals may name the day within it, none may leave it.
        year, month = int(month_marker.group(1)), int(month_marker.group(2))
        opening.window = (date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
        opening.skip += month_marker.end()
    elif front:
        value = next((front[k] for k in ("date", "published", "pubdate", "publish_date") if front.get(k)), None)
        opening.published = parse_date_text(value) if value else None
        if value and opening.published is None:
            log.warning("front matter date %r is not a date", value)
        opening.source = "front matter" if opening.published else None
    return opening


def _dated(text: str, opening: _Opening, *, page=None, today: date, name: str, sha256: str,
           head_only: bool = False) -> Article:
    """The article of ``text``: its title, source and publication date from the text and ``opening``.

    With ``head_only``, ``text`` is only the top of a longer text (:mod:`geo.read.stream`),
    which is all that dating reads, but for :class:`NeedsWholeText`.
    """
    title, cited, published, source, window = (opening.title, opening.cited, opening.published, opening.source,
                                                opening.window)
    if opening.plain:
        if title is None:
            heading = re.search(r"^#{1,2}[ \t]+(.+)$", text[:HEADER_CHARS], re.MULTILINE)
            title = heading.group(1).strip(" #*") if heading else None
        cited = SourceFields(title=clean(title)).over(cited)
    if published is None:
        youngest = _age_limit(text, today)
        from_name = name_date(name)
        if not _plausible(from_name, today=today, youngest=youngest):
            from_name = None
        found = (_meta_date(page, today=today, youngest=youngest) if page else None) \
            or _byline_date(text, today=today, youngest=youngest, from_name=from_name, window=window,
                            head_only=head_only) \
            or ((from_name, "file name") if from_name else None)
        if found and (window is None or window[0] <= found[0] <= window[1]):
            published, source = found
    # What the user must complete when only the year is missing (named in the build summary),
    # or the month the page gives when it gives no day.
    hint = None
    if published is None:
        hint = window[0].strftime("%Y-%m") if window else (_yearless_dateline(text) or (None,))[0]
    # A time of publication only when it is of the day the article is dated.
    when = cited.published_time if published and cited.published_time \
        and cited.published_time.startswith(published.isoformat()) else None
    return Article(name="", text=text, published=published, date_source=source,
                   sha256=sha256, title=cited.title or clean(title), date_hint=hint,
                   url=cited.url, outlet=cited.outlet, published_time=when)


def _parse_streamed(path: Path, *, today: date, name: str = "") -> Article:
    """:func:`_parse` of a text file too large to hold, which it reads chunk by chunk
    (:mod:`geo.read.stream`): the article's ``text`` is empty, its ``streamed`` gives it.

    Raises :class:`NeedsWholeText` when only a whole read can say what :func:`_parse` says.
    """
    encoding, errors, raw_sha256 = choose_encoding(path)
    if encoding != "utf-8" or errors != "strict":
        log.info("decoded as %s%s", encoding, " (with replacements)" if errors == "replace" else "")
    checks = DecodeChecks()
    normalized = normalized_chunks(path, encoding, errors, checks)
    opening_text = ""
    for piece in normalized:
        opening_text += piece
        if len(opening_text) >= streaming.OPENING_CHARS:
            break
    ended = len(opening_text) < streaming.OPENING_CHARS
    opening = _opening(opening_text)
    # The opening must end inside what was looked at (a marker's trailing blanks stop at a
    # character of it, front matter is closed in it), so the whole text gives the same.
    if not ended and (opening.skip >= len(opening_text) or (opening.skip == 0 and opening_text.startswith("---"))):
        raise NeedsWholeText("the opening of the file is too long")
    text_hash, stripped_hash = hashlib.sha256(), hashlib.sha256()
    head, length, started, trailing = "", 0, False, ""
    for piece in cleaned_chunks(itertools.chain([opening_text], normalized), opening.skip):
        text_hash.update(piece.encode("utf-8", "surrogatepass"))
        length += len(piece)
        if len(head) < streaming.HEAD_CHARS:
            head += piece[:streaming.HEAD_CHARS - len(head)]
        # text.strip(): white space opening the text is left out, white space at a piece's
        # end waits for what follows it.
        if not started:
            piece = piece.lstrip()
            started = bool(piece)
        body = piece.rstrip()
        if body:
            stripped_hash.update((trailing + body).encode("utf-8", "surrogatepass"))
            trailing = piece[len(body):]
        else:
            trailing += piece
    if _control_ratio(checks.sample) > 0.01 or checks.replacements > max(10, checks.decoded // 100):
        raise ArticleError(f"mostly non-text bytes (tried UTF-8 and {encoding}); is it a binary file?")
    if checks.blank:
        raise ArticleError("empty file (only whitespace)")
    if not started:
        raise ArticleError("no text (only markup or front matter)")
    article = _dated(head, opening, today=today, name=name, sha256=raw_sha256, head_only=True)
    streamed = StreamedText(path=str(path), encoding=encoding, errors=errors, skip=opening.skip, length=length,
                            sha256=text_hash.hexdigest(), stripped_sha256=stripped_hash.hexdigest(),
                            head=head[:HEADER_CHARS])
    return replace(article, text="", streamed=streamed)


def _cited(article: Article, fields: SourceFields) -> Article:
    """``article`` with what a ``sources.csv`` row says of it; its date counts as the publication date."""
    mine = SourceFields(title=article.title, outlet=article.outlet, url=article.url,
                        published_time=article.published_time, published=article.published)
    merged = fields.over(mine)
    article = replace(article, title=merged.title, outlet=merged.outlet, url=merged.url)
    if fields.published is not None:
        article = replace(article, published=fields.published, published_time=fields.published_time,
                          date_source=SOURCES_FILE, date_hint=None)
    return article


def _streamable(path: Path, suffix: str) -> bool:
    """Whether ``path`` is a text file over :data:`geo.read.stream.STREAM_BYTES` (HTML is read whole)."""
    if suffix in (".html", ".htm"):
        return False
    try:
        if path.stat().st_size <= streaming.STREAM_BYTES:
            return False
        with open(path, "rb") as handle:
            start = handle.read(65_536).lstrip()
    except OSError as err:
        raise ArticleError(f"cannot read: {err.strerror or err}") from err
    return bool(start) and not start[:15].lower().startswith((b"<!doctype html", b"<html"))


def _read(path: Path, name: str, overrides: dict[str, date | None],
          sources: dict[str, SourceFields] | None = None, *, stream: bool = False) -> Article:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ArticleError(f"unsupported file type {suffix or '(none)'}; articles are {' '.join(SUFFIXES)}")
    article = None
    if stream and _streamable(path, suffix):
        try:
            article = replace(_parse_streamed(path, today=date.today(), name=name), name=name)
            log.warning("%s is large (%.1f MB); reading it in parts", name, path.stat().st_size / 1e6)
        except NeedsWholeText as why:
            log.info("%s: read whole (%s)", name, why)
    if article is None:
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise ArticleError(f"cannot read: {err.strerror or err}") from err
        if len(raw) > LARGE_FILE_BYTES:
            log.warning("%s is large (%.1f MB); reading it anyway", name, len(raw) / 1e6)
        article = replace(_parse(raw, suffix, today=date.today(), name=name), name=name)
    if sources and name in sources:
        article = _cited(article, sources[name])
    if name in overrides:
        # dates.csv says the last word on dates, even over sources.csv.
        article = replace(article, published=overrides[name], published_time=None, date_source=DATES_FILE,
                          date_hint=None)
    return article


def read_article(path: Path, *, root: Path | None = None, stream: bool = False) -> Article:
    """Read one article file.

    Parameters
    ----------
    path : Path
        The file (``.txt``, ``.md``, ``.html``, ``.htm``).
    root : Path, optional
        The articles folder (default: the file's own folder): ``Article.name`` is ``path``
        relative to it, and a ``dates.csv`` in it (or in a sub-folder holding the file)
        overrides the date.
    stream : bool
        Read a text file over :data:`geo.read.stream.STREAM_BYTES` chunk by chunk, never
        whole: its ``text`` is then empty and ``streamed`` gives it (see :mod:`geo.read.stream`).

    Returns
    -------
    Article
        ``text`` normalised (``\\n`` line ends, no-break spaces as spaces, NFC), date
        markers and front matter removed; ``sha256`` of the raw bytes.

    Raises
    ------
    ArticleError
        With the reason: empty, binary, undecodable, unsupported type, unreadable.
    """
    path = Path(path)
    root = path.parent if root is None else Path(root)
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    overrides: dict[str, date | None] = {}
    folder = path.parent
    chain = []
    while True:
        chain.append(folder)
        if folder == root or folder == folder.parent or not folder.is_relative_to(root):
            break
        folder = folder.parent
    for folder in reversed(chain):
        csv_path = folder / DATES_FILE
        if csv_path.is_file():
            prefix = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else "."
            for key, day in read_dates_csv(csv_path).items():
                overrides[key if prefix == "." else f"{prefix}/{key}"] = day
    return _read(path, name, overrides, sources_overrides(root, chain), stream=stream)




def _is_month_hint(hint: str | None) -> bool:
    """Whether a date hint is a month-precision publication window ("2022-05")."""
    return bool(hint and re.fullmatch(r"\d{4}-\d{2}", hint))


def _corpus_years(articles: list[Article], overrides: dict[str, date | None]) -> list[Article]:
    """Date the undated articles whose dateline lacks a year from the folder's dated ones."""
    dated = [a.published for a in articles if a.published is not None]
    if not dated:
        return articles
    by_folder: dict[str, list[date]] = {}
    for a in articles:
        if a.published is not None:
            by_folder.setdefault(a.name.rpartition("/")[0], []).append(a.published)
    today = date.today()
    out = []
    for article in articles:
        if article.published is None and article.name not in overrides and not _is_month_hint(article.date_hint):
            opening = article.streamed.head if article.streamed is not None else article.text
            written, *month_day = _yearless_dateline(opening, timestamps=False) or (None,)
            # Articles of the same sub-folder first (a folder per week or outlet), else all.
            day = None
            for references in (by_folder.get(article.name.rpartition("/")[0]), dated):
                if month_day and references and day is None:
                    day = nearest_year(*month_day, references, today=today)
            if day is not None and _weekday_agrees(written, day):
                log.info("%s: dateline without a year; %s from the other articles", article.name, day)
                article = replace(article, published=day, date_source="dateline+corpus-year", date_hint=None)
        out.append(article)
    return out


def read_folder(path: Path, *, follow_links: bool = False,
                stream: bool = False) -> tuple[list[Article], list[ArticleProblem]]:
    """Read every article under a folder, recursively, sorted by name.

    Hidden files and ``dates.csv`` are not articles; any other file that cannot be read
    (unsupported type, empty, binary, undecodable) becomes an :class:`ArticleProblem`, and
    so does every entry :func:`geo.read.listing.list_folder` does not read (an unreadable
    folder, a broken link, a link leaving the folder), so ``len(articles) + len(problems)``
    is the number of entries found.

    Parameters
    ----------
    path : Path
        The articles folder.
    follow_links : bool
        Also read the files of links that leave the folder, and of links to folders.
    stream : bool
        Read huge text files chunk by chunk, as :func:`read_article` does.

    Returns
    -------
    tuple[list[Article], list[ArticleProblem]]

    Raises
    ------
    ArticleError
        Only when ``path`` itself is not a readable folder.

    Examples
    --------
    >>> articles, problems = read_folder(Path("articles"))   # doctest: +SKIP
    >>> [(a.name, a.published, a.date_source) for a in articles][:1]   # doctest: +SKIP
    [('ganja-strike.txt', datetime.date(2020, 10, 11), 'date line')]
    """
    root = Path(path)
    if not root.is_dir():
        raise ArticleError(f"{root} is not a folder")
    try:
        listing = list_folder(root, follow_links=follow_links)
    except OSError as err:
        raise ArticleError(f"cannot read the folder {root}: {err.strerror or err}") from err
    overrides = _dates_overrides(root)
    sources = sources_overrides(root)
    files = [root / name for name in listing.files]
    names = set(listing.files)
    for name in sorted(set(overrides) - names):
        log.warning("%s names %s, which is not in %s", DATES_FILE, name, root)
    articles, problems = [], []
    for unread in listing.unread:
        log.warning("skipped %s: %s", unread.name, unread.reason)
        problems.append(unread)
    for number, file in enumerate(files, start=1):
        name = file.relative_to(root).as_posix()
        try:
            articles.append(_read(file, name, overrides, sources, stream=stream))
        except ArticleError as err:
            log.warning("skipped %s: %s", name, err)
            problems.append(ArticleProblem(name, str(err)))
        if number % 500 == 0:
            log.info("read %d of %d files", number, len(files))
    problems.sort(key=lambda p: p.name)
    articles = _corpus_years(articles, overrides)
    undated = sum(1 for a in articles if a.published is None)
    log.info("read %d articles (%d undated), %d problems", len(articles), undated, len(problems))
    return articles, problems
