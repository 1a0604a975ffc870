"""Records that flow through the pipeline: articles, place mentions, incidents.

All are frozen dataclasses that carry their provenance (article name, character span)
and convert to and from plain JSON-able dicts, which is what the cache stores and what
the GeoJSON writers emit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import IntEnum
from typing import Literal

from gazetteer.place import Place

#: Incident types, aligned with ACLED sub-event types (see docs/extraction.md#event-lexicon).
EventType = Literal[
    "shelling", "air_strike", "armed_clash", "territory_change", "aircraft_downed", "casualty_report", "diplomacy",
]
EVENT_TYPES: tuple[EventType, ...] = EventType.__args__


class GeoPrecision(IntEnum):
    """How closely an incident is located (written to GeoJSON as the number)."""

    TOWN = 1
    NEAR_TOWN = 2
    REGION = 3
    COUNTRY = 4


#: geo_precision values and their names, as the map's legend shows them.
GEO_PRECISION = {1: "town", 2: "near town", 3: "region", 4: "country"}

#: How closely an incident is dated: one day, a window of days, or not at all.
DatePrecision = Literal["day", "range", "unknown"]
DATE_PRECISIONS: tuple[DatePrecision, ...] = DatePrecision.__args__


@dataclass(frozen=True)
class Casualties:
    """Killed and wounded figures; ``None`` means not stated."""

    killed: int | None = None
    wounded: int | None = None
    killed_civilians: int | None = None
    killed_military: int | None = None
    wounded_civilians: int | None = None
    wounded_military: int | None = None
    #: Other figures the text gives for a slot whose lowest was kept ("killed 15" beside killed 12):
    #: contradictory reports stay visible, as ACLED keeps the lowest and notes the rest.
    noted: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        """True when at least one figure is stated (0 included: "no casualties")."""
        return any(v is not None for v in self.figures())

    @property
    def positive(self) -> bool:
        """True when someone is reported killed or wounded (a figure above 0)."""
        return any(v for v in self.figures())

    @classmethod
    def combine(cls, many: "Iterable[Casualties]", pick: "Callable[[Iterable[int | None]], int | None]") -> "Casualties":
        """One figure per slot chosen by ``pick`` among several reports; every other figure
        stated for a slot, and every figure the reports already noted, is kept in ``noted``."""
        many = list(many)
        figures = tuple(pick(values) for values in zip(*(c.figures() for c in many))) if many else (None,) * 6
        noted = {n for c in many for n in c.noted}
        for name, kept, values in zip(_FIGURE_NAMES, figures, zip(*(c.figures() for c in many))):
            noted |= {f"{name} {v}" for v in values if v is not None and v != kept}
        return cls(*figures, noted=tuple(sorted(noted, key=noted_order)))

    def figures(self) -> tuple[int | None, ...]:
        """The six figures in field order (killed, wounded, killed/wounded civilians/military)."""
        return (self.killed, self.wounded, self.killed_civilians, self.killed_military,
                self.wounded_civilians, self.wounded_military)


_FIGURE_NAMES = ("killed", "wounded", "killed_civilians", "killed_military", "wounded_civilians", "wounded_military")


def noted_order(noted: str) -> tuple[int, int]:
    """Sort key of a noted figure ("killed 15"): the slot's order in :meth:`Casualties.figures`, then the value."""
    name, _, value = noted.rpartition(" ")
    return _FIGURE_NAMES.index(name) if name in _FIGURE_NAMES else len(_FIGURE_NAMES), int(value)


@dataclass(frozen=True, eq=False)
class Claimant:
    """A party that claims or denies a report, with the body that speaks for it if named.

    Written as its :attr:`label`: ``"Ukraine (General Staff)"`` or ``"Hamas"``.
    Claimants sort by label, and equal their label, so ``"Russia" in incident.denied_by``
    reads as it should.
    """

    party: str
    body: str | None = None

    @property
    def label(self) -> str:
        return f"{self.party} ({self.body})" if self.body else self.party

    def __str__(self) -> str:
        return self.label

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Claimant):
            return self.label == other.label
        return isinstance(other, str) and self.label == other

    def __hash__(self) -> int:
        return hash(self.label)

    def __lt__(self, other: "Claimant") -> bool:
        return self.label < other.label

    @classmethod
    def from_label(cls, label: str) -> "Claimant":
        """Inverse of :attr:`label` (for data written as labels, such as GeoJSON)."""
        party, _, body = label.partition(" (")
        return cls(party, body[:-1] if body.endswith(")") else None)


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
    #: Where the article was published: its address, the outlet's name, and the moment of
    #: publication when the page gives a time (ISO 8601, e.g. ``2020-10-11T08:30:00+04:00``).
    url: str | None = None
    outlet: str | None = None
    published_time: str | None = None
    #: A file too large to hold (:class:`geo.read.stream.StreamedText`), read only when asked
    #: with ``stream=True``: ``text`` is then empty and this gives the text, chunk by chunk.
    streamed: object | None = None

    @property
    def source(self) -> "Source":
        """What an analyst needs to find the article again (see :class:`Source`)."""
        return Source(article=self.name, title=self.title, outlet=self.outlet, url=self.url,
                      published=self.published_time or (self.published.isoformat() if self.published else None))


@dataclass(frozen=True)
class Source:
    """An article as a reader cites it: title, outlet, address and publication date or time.

    ``url`` is kept as the article gives it, whatever its scheme: whoever shows it as a
    link must check it is ``http(s)`` (the map does). ``published`` is ``YYYY-MM-DD`` or
    an ISO 8601 date and time.
    """

    article: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None

    def to_dict(self) -> dict:
        return {"article": self.article, "title": self.title, "outlet": self.outlet, "url": self.url,
                "published": self.published}

    @classmethod
    def from_dict(cls, data: dict) -> "Source":
        return cls(**{k: data.get(k) for k in ("article", "title", "outlet", "url", "published")})


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


def _place_record(place: Place) -> list:
    return [place.id, place.name, place.lat, place.lon, place.country, place.kind]


def _place_from_record(record: list) -> Place:
    return Place(*record)


@dataclass(frozen=True)
class Incident:
    """One reported incident; after joining, it may carry several articles' evidence.

    ``place`` is where it happened (a gazetteer :class:`~gazetteer.place.Place`),
    ``geo_precision`` how closely that locates it, ``casualties`` the figures reported.
    ``background`` marks an event the text recalls from before the news it reports ("earlier",
    "last month", a capture recalled in a later report): dated by its own words, never by the
    article's date. ``actor`` is the party the report blames for the attack ("Russian drones
    hit Odesa": Russia), according to its claimants; ``None`` when the text names none.
    """

    event_type: EventType
    place: Place
    geo_precision: GeoPrecision
    date: date | None
    date_end: date | None
    date_precision: DatePrecision
    evidence: tuple[Evidence, ...]
    casualties: Casualties = Casualties()
    claimed_by: tuple[Claimant, ...] = ()
    denied_by: tuple[Claimant, ...] = ()
    origin: str | None = None
    id: str = ""
    background: bool = False
    actor: str | None = None

    @property
    def place_id(self) -> str:
        return self.place.id

    @property
    def articles(self) -> tuple[str, ...]:
        """Source article names, sorted, each once."""
        return tuple(sorted({e.article for e in self.evidence}))

    def to_record(self) -> list:
        """A compact JSON-able list: what the build cache stores (inverse: :meth:`from_record`)."""
        return [
            self.event_type, _place_record(self.place), int(self.geo_precision),
            self.date.isoformat() if self.date else None, self.date_end.isoformat() if self.date_end else None,
            self.date_precision, [[e.article, e.sentence, e.start, e.end] for e in self.evidence],
            list(self.casualties.figures()),
            [[c.party, c.body] for c in self.claimed_by], [[c.party, c.body] for c in self.denied_by],
            self.origin, self.id, self.background, list(self.casualties.noted), self.actor,
        ]

    @classmethod
    def from_record(cls, record: list) -> "Incident":
        """Inverse of :meth:`to_record`."""
        (event_type, place, precision, day, day_end, date_precision, evidence, figures,
         claimed, denied, origin, incident_id, background, noted, actor) = record
        return cls(
            event_type=event_type, place=_place_from_record(place), geo_precision=GeoPrecision(precision),
            date=date.fromisoformat(day) if day else None, date_end=date.fromisoformat(day_end) if day_end else None,
            date_precision=date_precision, evidence=tuple(Evidence(*e) for e in evidence),
            casualties=Casualties(*figures, noted=tuple(noted)), claimed_by=tuple(Claimant(*c) for c in claimed),
            denied_by=tuple(Claimant(*c) for c in denied), origin=origin, id=incident_id, background=background,
            actor=actor,
        )


@dataclass(frozen=True)
class UnresolvedMention:
    """A name that stands where a place would ("in X", "the village of X") but got no place.

    ``reason`` is ``"unknown"`` (the gazetteer lacks the name) or ``"outside_area"`` (it has
    only places far from what the article is about). Listed in ``unresolved.csv`` so an
    analyst sees what to add to ``places.csv``.
    """

    article: str
    name: str
    start: int
    end: int
    reason: str
    sentence: str = ""


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything extracted from one article: what the cache stores per article."""

    article: str
    incidents: tuple[Incident, ...] = ()
    mentions: tuple[PlaceMention, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    unresolved: tuple[UnresolvedMention, ...] = ()

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "incidents": [i.to_record() for i in self.incidents],
            "mentions": [asdict(m) for m in self.mentions],
            "warnings": list(self.warnings),
            "unresolved": [asdict(u) for u in self.unresolved],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ArticleExtraction":
        return cls(
            article=data["article"],
            incidents=tuple(Incident.from_record(i) for i in data["incidents"]),
            mentions=tuple(PlaceMention(**m) for m in data["mentions"]),
            warnings=tuple(data.get("warnings", ())),
            unresolved=tuple(UnresolvedMention(**u) for u in data.get("unresolved", ())),
        )
