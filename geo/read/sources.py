"""Where an article comes from: its outlet, address and moment of publication.

Read from the page itself (HTML ``og:site_name``, ``og:url``, ``<link rel="canonical">``,
``article:published_time``; front matter ``outlet``, ``url``, ``date``) and from an optional
``sources.csv`` beside the articles (columns ``file,url,title,outlet,date``), which fills in
or corrects what a page lacks without editing it. The title is read with the text
(:func:`geo.read.articles.read_article`).

Nothing here decides whether an address is safe to link to: every value is kept as written
(trimmed, one line) and whoever shows it (the map) escapes it and links ``http(s)`` only.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

log = logging.getLogger(__name__)

#: The per-folder file of source details (title, outlet, address, date) of articles.
SOURCES_FILE = "sources.csv"
#: Longest value kept (a title, an outlet, an address): a page stuffing a megabyte into
#: ``og:title`` must not stuff it into every popup.
MAX_CHARS = 500

_URL_KEYS = ("og:url", "twitter:url")
_OUTLET_KEYS = ("og:site_name", "application-name", "publisher", "twitter:site")
_TIME_KEYS = ("article:published_time", "og:published_time", "og:article:published_time", "datepublished",
              "date", "pubdate")


@dataclass(frozen=True)
class SourceFields:
    """What a page, its front matter or a ``sources.csv`` row says of an article's source."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_time: str | None = None
    published: date | None = None

    def over(self, other: "SourceFields") -> "SourceFields":
        """These fields, each missing one taken from ``other``."""
        return SourceFields(*(mine if mine is not None else theirs
                              for mine, theirs in zip(self._values(), other._values())))

    def _values(self) -> tuple:
        return (self.title, self.outlet, self.url, self.published_time, self.published)


def clean(value: str | None) -> str | None:
    """One line of at most :data:`MAX_CHARS` characters, or None when empty.

    Examples
    --------
    >>> clean("  The  Guardian\\n")
    'The Guardian'
    >>> clean("   ") is None
    True
    """
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    if not text:
        return None
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1] + "…"


def moment(value: str | None) -> tuple[str, date] | None:
    """An ISO 8601 date or date-time as ``(normalised text, its day)``, or None.

    A time is kept with its offset as written (``Z`` written ``+00:00``); a date alone stays a
    date. Anything else (``Oct 11``, ``yesterday``) is not a moment.

    Examples
    --------
    >>> moment("2020-10-11T08:30:00Z")
    ('2020-10-11T08:30:00+00:00', datetime.date(2020, 10, 11))
    >>> moment("2020-10-11")
    ('2020-10-11', datetime.date(2020, 10, 11))
    >>> moment("11 Oct") is None
    True
    """
    text = (value or "").strip()
    if not re.match(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return day.isoformat(), day
        when = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    return when.isoformat(), when.date()


def page_source(page) -> SourceFields:
    """Outlet, address and publication time of an :class:`~geo.read.text.HtmlPage`."""
    found = moment(page.meta_value(*_TIME_KEYS))
    return SourceFields(
        title=clean(page.title),
        outlet=clean(page.meta_value(*_OUTLET_KEYS)),
        url=clean(page.meta_value(*_URL_KEYS) or page.canonical),
        published_time=found[0] if found and "T" in found[0] else None,
    )


def front_matter_source(front: dict[str, str]) -> SourceFields:
    """Title, outlet, address and publication time of a text's front matter."""
    found = moment(front.get("date") or front.get("published"))
    return SourceFields(
        title=clean(front.get("title")),
        outlet=clean(front.get("outlet") or front.get("source") or front.get("publisher") or front.get("site")),
        url=clean(front.get("url") or front.get("link") or front.get("canonical")),
        published_time=found[0] if found and "T" in found[0] else None,
    )


def read_sources_csv(path: Path) -> dict[str, SourceFields]:
    """Read a ``sources.csv`` (header ``file,url,title,outlet,date``; any column but ``file`` optional).

    File names are relative to the CSV's folder, with ``/`` separators. An empty cell says
    nothing (the page's own value stays); a date that is not ISO 8601 is ignored with a
    warning.
    """
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or ()}
    file_col = next((columns[c] for c in ("file", "name", "article", "path") if c in columns), None)
    if file_col is None:
        log.warning("%s: needs a header 'file,url,title,outlet,date'; ignored", path)
        return {}

    def cell(row, *names):
        for name in names:
            if name in columns:
                return clean(row.get(columns[name]))
        return None

    out: dict[str, SourceFields] = {}
    for lineno, row in enumerate(reader, start=2):
        name = (row.get(file_col) or "").strip().replace("\\", "/")
        if not name:
            continue
        written = cell(row, "date", "published")
        found = moment(written)
        if written and found is None:
            log.warning("%s line %d: date %r is not ISO 8601 (YYYY-MM-DD[THH:MM]); ignored", path, lineno, written)
        out[name] = SourceFields(
            title=cell(row, "title", "headline"), outlet=cell(row, "outlet", "source", "publisher"),
            url=cell(row, "url", "link"),
            published_time=found[0] if found and "T" in found[0] else None,
            published=found[1] if found else None,
        )
    return out


def sources_overrides(root: Path, folders: list[Path] | None = None) -> dict[str, SourceFields]:
    """Every ``sources.csv`` under ``root`` (or in ``folders`` only), keyed by article name relative to ``root``.

    A ``sources.csv`` deeper down (closer to the article) wins over one further up.
    """
    paths = [f / SOURCES_FILE for f in folders] if folders is not None else list(root.rglob(SOURCES_FILE))
    out: dict[str, SourceFields] = {}
    for csv_path in sorted((p for p in paths if p.is_file()), key=lambda p: len(p.parts)):
        prefix = csv_path.parent.relative_to(root).as_posix() if csv_path.parent.is_relative_to(root) else "."
        for name, fields in read_sources_csv(csv_path).items():
            key = name if prefix == "." else f"{prefix}/{name}"
            out[key] = fields.over(out[key]) if key in out else fields
    return out
