"""Gold annotations: what an ideal extractor finds in an article, as a person wrote it down.

The file format and the annotation rules are in ``tests/gold/GUIDELINES.md``; the scorer is
:mod:`geo.evaluate.score`. Names are compared after :func:`name_keys` folding, so the gold lists
spelling variants ("Khankendi", "Terter") as aliases rather than as separate places.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo.errors import GeoError
from geo.model import EVENT_TYPES


class GoldError(GeoError, ValueError):
    """A gold annotation file that cannot be read or breaks the gold format."""


@dataclass(frozen=True)
class GoldPlace:
    """A place the article names, as the annotator recorded it."""

    name: str
    names: frozenset[str]
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    metonym: bool = False
    optional: bool = False


@dataclass(frozen=True)
class GoldIncident:
    """An incident an ideal extractor reports; ``date`` is the window of right dates."""

    event_types: tuple[str, ...]
    place: str
    names: frozenset[str]
    country: str | None
    lat: float | None
    lon: float | None
    geo_precision: int
    date: tuple[date, date] | None
    evidence: str
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    #: absent from the gold file -> not scored; ``None`` -> the text gives no figure
    counts: Mapping[str, int | tuple[int, int] | None] = field(default_factory=dict)
    optional: bool = False

    @property
    def label(self) -> str:
        window = "undated" if self.date is None else (
            self.date[0].isoformat() if self.date[0] == self.date[1]
            else f"{self.date[0].isoformat()}..{self.date[1].isoformat()}")
        return f"{'/'.join(self.event_types)} @ {self.place} [{window}]"


@dataclass(frozen=True)
class GoldArticle:
    """Everything annotated for one article."""

    article: str
    published: date | None
    places: tuple[GoldPlace, ...]
    incidents: tuple[GoldIncident, ...]


#: Letters NFKD does not decompose. The Azerbaijani schwa is written ə (U+0259) or, in some
#: sources, ǝ (U+01DD); English spellings render it "a" (Zangilan) or "e" (Terter).
_SCHWAS = str.maketrans({"ə": "@", "Ə": "@", "ǝ": "@", "Ǝ": "@", "ı": "i", "’": "'"})


def normalize_name(name: str, *, schwa: str = "a") -> str:
    """Fold a place name for comparison: no accents, case, punctuation or leading "the".

    >>> normalize_name("Zəngilan")
    'zangilan'
    >>> normalize_name("Tǝrtǝr", schwa="e")
    'terter'
    >>> normalize_name("the Nagorno-Karabakh")
    'nagornokarabakh'
    """
    text = name.translate(_SCHWAS).replace("@", schwa)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"[^0-9a-z]+", "", text)


#: Words that name the kind of an area, dropped so "Daşkəsən Rayonu" meets "Dashkesan" halfway.
_AREA_WORDS = re.compile(r"\s+(district|region|rayonu|rayon|raion|province|marz|oblast|city)$", re.IGNORECASE)


def name_keys(*names: str) -> frozenset[str]:
    """Normalised forms of names, each also without a trailing "district"/"rayonu"/... word."""
    keys = set()
    for name in names:
        for form in (name, _AREA_WORDS.sub("", name.strip())):
            keys.add(normalize_name(form, schwa="a"))
            keys.add(normalize_name(form, schwa="e"))
    return frozenset(keys - {""})


def _names(entry: dict) -> frozenset[str]:
    return name_keys(entry["name"], *entry.get("aliases", ()))


def _count(value) -> int | tuple[int, int] | None:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return (value[0], value[1])
    raise GoldError(f"casualty figure must be an int, [low, high] or null, not {value!r}")


def _gold_incident(entry: dict) -> GoldIncident:
    types = entry["event_type"]
    types = tuple([types] if isinstance(types, str) else types)
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise GoldError(f"unknown event_type {unknown} (known: {', '.join(EVENT_TYPES)})")
    window = entry.get("date")
    if window is not None:
        window = (date.fromisoformat(window[0]), date.fromisoformat(window[1]))
        if window[0] > window[1]:
            raise GoldError(f"date window {entry['date']} ends before it starts")
    return GoldIncident(
        event_types=types,
        place=entry["place"],
        names=_names({"name": entry["place"], "aliases": entry.get("aliases", ())}),
        country=entry.get("country"),
        lat=entry.get("lat"),
        lon=entry.get("lon"),
        geo_precision=int(entry["geo_precision"]),
        date=window,
        evidence=entry.get("evidence", ""),
        claimed_by=tuple(entry.get("claimed_by") or ()),
        denied_by=tuple(entry.get("denied_by") or ()),
        counts={k: _count(entry[k]) for k in ("killed", "wounded") if k in entry},
        optional=bool(entry.get("optional", False)),
    )


def load_gold_file(path: str | Path) -> GoldArticle:
    """Read one gold JSON file.

    Raises
    ------
    GoldError
        If the file is not valid JSON or misses required keys.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        published = data.get("published")
        return GoldArticle(
            article=data["article"],
            published=date.fromisoformat(published) if published else None,
            places=tuple(
                GoldPlace(
                    name=p["name"], names=_names(p), kind=p.get("kind", "town"), country=p.get("country"),
                    lat=p.get("lat"), lon=p.get("lon"), metonym=bool(p.get("metonym", False)),
                    optional=bool(p.get("optional", False)),
                )
                for p in data.get("places", ())
            ),
            incidents=tuple(_gold_incident(i) for i in data.get("incidents", ())),
        )
    except GoldError as err:
        raise GoldError(f"{path}: {err}") from err
    except (OSError, ValueError, KeyError, TypeError, IndexError) as err:
        raise GoldError(f"{path}: not a valid gold file ({type(err).__name__}: {err})") from err


def load_gold(gold_dir: str | Path) -> dict[str, GoldArticle]:
    """Read every ``*.json`` gold file of a folder, keyed by article name.

    Raises
    ------
    GoldError
        If the folder has no gold files, or one of them is invalid.
    """
    gold_dir = Path(gold_dir)
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise GoldError(f"no gold files (*.json) in {gold_dir}")
    gold = {}
    for path in files:
        article = load_gold_file(path)
        if article.article in gold:
            raise GoldError(f"{path}: article {article.article} is annotated twice")
        gold[article.article] = article
    return gold
