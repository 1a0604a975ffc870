"""Records that flow through the pipeline: articles, place mentions, incidents.

All are frozen dataclasses that carry their provenance (article name, character span)
and convert to and from plain JSON-able dicts, which is what the cache stores and what
the GeoJSON writers emit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date

#: Incident types, aligned with ACLED sub-event types (see README "Incident lexicon").
EVENT_TYPES = (
    "shelling",
    "air_strike",
    "armed_clash",
    "territory_change",
    "aircraft_downed",
    "casualty_report",
    "diplomacy",
)

#: geo_precision values: 1 town, 2 near a town / small area, 3 region, 4 country.
GEO_PRECISION = {1: "town", 2: "near town", 3: "region", 4: "country"}

#: date_precision values.
DATE_PRECISIONS = ("day", "range", "unknown")


@dataclass(frozen=True)
class Article:
    """One article as read from disk.

    ``name`` is the path relative to the articles folder (posix separators); it is the
    article's identity in every output. ``published`` is None for undated articles.
    """

    name: str
    text: str
    published: date | None
    date_source: str | None = None
    sha256: str = ""
    title: str | None = None
    #: For an undated article, the date its dateline writes without a year ("Oct 11").
    date_hint: str | None = None


@dataclass(frozen=True)
class Evidence:
    """The sentence of an article that reports an incident."""

    article: str
    sentence: str
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict:
        return {"article": self.article, "sentence": self.sentence}


@dataclass(frozen=True)
class PlaceMention:
    """A place named in an article (``metonym`` for "Baku said", "Moscow has ...")."""

    place_id: str
    name: str
    article: str
    start: int
    end: int
    surface: str
    metonym: bool = False


@dataclass(frozen=True)
class Incident:
    """One reported incident; after joining, it may carry several articles' evidence."""

    event_type: str
    place: str
    place_id: str
    lat: float
    lon: float
    country: str | None
    geo_precision: int
    date: date | None
    date_end: date | None
    date_precision: str
    evidence: tuple[Evidence, ...]
    killed: int | None = None
    wounded: int | None = None
    killed_civilians: int | None = None
    killed_military: int | None = None
    wounded_civilians: int | None = None
    wounded_military: int | None = None
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    origin: str | None = None
    id: str = ""

    @property
    def articles(self) -> tuple[str, ...]:
        """Source article names, sorted, each once."""
        return tuple(sorted({e.article for e in self.evidence}))

    def to_dict(self) -> dict:
        """Plain JSON-able dict (dates as ISO strings, tuples as lists)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif f.name == "evidence":
                value = [asdict(e) for e in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Incident":
        """Inverse of :meth:`to_dict`."""
        kwargs = dict(data)
        for key in ("date", "date_end"):
            if kwargs.get(key):
                kwargs[key] = date.fromisoformat(kwargs[key])
        kwargs["evidence"] = tuple(Evidence(**e) for e in kwargs.get("evidence", ()))
        for key in ("claimed_by", "denied_by"):
            kwargs[key] = tuple(kwargs.get(key) or ())
        return cls(**kwargs)


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything extracted from one article: what the cache stores per article."""

    article: str
    incidents: tuple[Incident, ...] = ()
    mentions: tuple[PlaceMention, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "incidents": [i.to_dict() for i in self.incidents],
            "mentions": [asdict(m) for m in self.mentions],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ArticleExtraction":
        return cls(
            article=data["article"],
            incidents=tuple(Incident.from_dict(i) for i in data["incidents"]),
            mentions=tuple(PlaceMention(**m) for m in data["mentions"]),
            warnings=tuple(data.get("warnings", ())),
        )
