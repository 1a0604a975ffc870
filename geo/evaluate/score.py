"""Score extracted places and incidents against hand-written gold annotations.

The gold format and the annotation rules are documented in ``tests/gold/GUIDELINES.md``.
Predictions come either from :func:`geo.extract.article.extract_article` (a list of
:class:`~geo.model.ArticleExtraction`) or from a build output folder holding
``incidents.geojson`` and ``places.geojson``; both are turned into the same per-article
form before matching, so the numbers mean the same thing for both.

Matching, in short: a predicted incident matches a gold incident of an accepted type at
the same place (25 km for towns, same region or country for coarser gold), one to one,
greedily, pairs with the right date first. Recall and precision count required gold
incidents only; optional gold incidents neither reward nor punish. Date, casualty and
claimant accuracy are measured on matched pairs.

Examples
--------
>>> from geo.evaluate.score import score
>>> scores = score(extractions, "tests/gold/seeds")          # doctest: +SKIP
>>> print(scores.format_table())                             # doctest: +SKIP
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gazetteer.geometry import distance_km
from geo.errors import GeoError
from geo.evaluate.gold import GoldArticle, GoldIncident, GoldPlace, load_gold, name_keys
from geo.model import EVENT_TYPES, ArticleExtraction
from geo.outputs.geojson import read_collection

log = logging.getLogger(__name__)

#: Distance within which a predicted place is the gold place (town-level), km.
PLACE_MATCH_KM = 10.0
#: Distance within which a predicted incident is at the gold incident's town, km.
INCIDENT_MATCH_KM = 25.0
#: Farthest a place of the same name may lie from the gold place and still be it (district
#: centroids differ between sources; a namesake elsewhere is much farther), km.
NAME_MATCH_KM = 50.0
#: Distance between a region-level prediction and a region-level gold incident, km: districts'
#: centroids are 20-40 km apart, and one district's centroid differs by up to ~10 km between sources.
REGION_MATCH_KM = 15.0



class PredictionError(GeoError, ValueError):
    """Build outputs that cannot be scored (missing or unreadable incidents.geojson)."""


_POINT_KINDS = frozenset({"city", "town", "village"})
_AREA_KINDS = frozenset({"region", "district"})


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class PredictedPlace:
    """A place an extractor found in one article (all its mentions folded together)."""

    place_id: str
    name: str
    names: frozenset[str]
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None
    country: str | None = None
    metonym_only: bool = False


@dataclass(frozen=True)
class PredictedIncident:
    """An incident an extractor reported for one article."""

    event_type: str
    place: str
    place_id: str
    lat: float | None
    lon: float | None
    country: str | None
    geo_precision: int
    date: date | None
    sentence: str = ""
    killed: int | None = None
    wounded: int | None = None
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        return f"{self.event_type} @ {self.place} [{when}]"


@dataclass(frozen=True)
class ArticlePrediction:
    """What an extractor found in one article."""

    article: str
    places: tuple[PredictedPlace, ...] = ()
    incidents: tuple[PredictedIncident, ...] = ()


def predictions_from_extractions(
    extractions: Iterable[ArticleExtraction], *, gazetteer=None
) -> dict[str, ArticlePrediction]:
    """Per-article predictions from :class:`~geo.model.ArticleExtraction` records.

    Parameters
    ----------
    extractions : iterable of ArticleExtraction
    gazetteer : gazetteer.Gazetteer, optional
        Used to give mentioned places their coordinates, kind and country (``get(place_id)``);
        without it a place is matched by name only, unless an incident of the article is there.
    """
    out = {}
    for ex in extractions:
        located = {i.place_id: i.place for i in ex.incidents}
        by_id: dict[str, list] = {}
        for m in ex.mentions:
            by_id.setdefault(m.place_id, []).append(m)
        places = []
        for place_id, mentions in by_id.items():
            lat = lon = kind = country = None
            name = mentions[0].name
            found = gazetteer.get(place_id) if gazetteer is not None else None
            if found is not None:
                lat, lon, kind, country, name = found.lat, found.lon, found.kind, found.country, found.name
            elif place_id in located:
                lat, lon, country = located[place_id].lat, located[place_id].lon, located[place_id].country
            names = name_keys(name, *(m.surface for m in mentions), *(m.name for m in mentions))
            places.append(PredictedPlace(
                place_id=place_id, name=name, names=names, lat=lat, lon=lon,
                kind=kind, country=country, metonym_only=all(m.metonym for m in mentions),
            ))
        incidents = tuple(
            PredictedIncident(
                event_type=i.event_type, place=i.place.name, place_id=i.place_id, lat=i.place.lat, lon=i.place.lon,
                country=i.place.country, geo_precision=int(i.geo_precision), date=i.date,
                sentence=i.evidence[0].sentence if i.evidence else "",
                killed=i.casualties.killed, wounded=i.casualties.wounded,
                claimed_by=tuple(c.label for c in i.claimed_by), denied_by=tuple(c.label for c in i.denied_by),
            )
            for i in ex.incidents
        )
        out[ex.article] = ArticlePrediction(ex.article, tuple(places), incidents)
    return out


def _read_geojson(path: Path) -> list[dict]:
    try:
        return read_collection(path)["features"]
    except (OSError, ValueError) as err:
        raise PredictionError(f"cannot read {path}: {err}") from err


def _point(feature: dict) -> tuple[float | None, float | None]:
    geometry = feature.get("geometry") or {}
    if geometry.get("type") != "Point":
        return None, None
    lon, lat = geometry["coordinates"][:2]  # GeoJSON is [lon, lat]; we keep lat/lon inside
    return lat, lon


def predictions_from_geojson(folder: str | Path) -> dict[str, ArticlePrediction]:
    """Per-article predictions from a build output folder (incidents.geojson + places.geojson).

    A joined incident is attributed to every article in its ``evidence`` (or ``articles``),
    with that article's sentence. A place's metonym flag is global in places.geojson, so a
    place counts as metonym-only in an article when all its mentions (corpus-wide) are.
    """
    folder = Path(folder)
    if folder.suffix == ".geojson":  # a path to incidents.geojson itself: its folder holds both files
        folder = folder.parent
    incidents: dict[str, list[PredictedIncident]] = {}
    for f in _read_geojson(folder / "incidents.geojson"):
        p = f.get("properties") or {}
        lat, lon = _point(f)
        sentences = {}
        for ev in p.get("evidence") or ():
            sentences.setdefault(ev.get("article"), ev.get("sentence", ""))
        for article in p.get("articles") or ():
            sentences.setdefault(article, "")
        for article, sentence in sentences.items():
            incidents.setdefault(article, []).append(PredictedIncident(
                event_type=p.get("event_type", ""), place=p.get("place") or "", place_id=p.get("place_id") or "",
                lat=lat, lon=lon, country=p.get("country"), geo_precision=int(p.get("geo_precision") or 1),
                date=date.fromisoformat(p["date"]) if p.get("date") else None, sentence=sentence,
                killed=p.get("killed"), wounded=p.get("wounded"),
                claimed_by=tuple(p.get("claimed_by") or ()), denied_by=tuple(p.get("denied_by") or ()),
            ))
    places: dict[str, list[PredictedPlace]] = {}
    places_path = folder / "places.geojson"
    for f in _read_geojson(places_path) if places_path.exists() else ():
        p = f.get("properties") or {}
        lat, lon = _point(f)
        mentions = p.get("mentions") or 0
        place = PredictedPlace(
            place_id=p.get("place_id") or "", name=p.get("name") or "",
            names=name_keys(p.get("name") or ""), lat=lat, lon=lon, kind=p.get("kind"),
            country=p.get("country"), metonym_only=bool(mentions) and p.get("metonym_mentions") == mentions,
        )
        for article in p.get("articles") or ():
            places.setdefault(article, []).append(place)
    return {
        a: ArticlePrediction(a, tuple(places.get(a, ())), tuple(incidents.get(a, ())))
        for a in sorted(set(incidents) | set(places))
    }


# --------------------------------------------------------------------------- matching


def _km(a, b) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _same_name(names: frozenset[str], pred, gold, *, country_level: bool) -> bool:
    """A shared name, unless the coordinates or country show it is another place of that name.

    Without this check a wrong disambiguation (Martuni in Armenia for Martuni in Karabakh,
    Geneva in Illinois) would pass as right because the surface form is the same.
    """
    if not names & gold.names:
        return False
    if gold.country and pred.country and gold.country != pred.country:
        return False
    # A country's reference point is arbitrary (centroid, capital): compare codes only.
    km = None if country_level else _km(pred, gold)
    return km is None or km <= NAME_MATCH_KM


def place_matches(pred: PredictedPlace, gold: GoldPlace) -> bool:
    """Same normalised name, same country (country gold), or near enough (10 km towns, 15 km areas)."""
    if _same_name(pred.names, pred, gold, country_level=gold.kind == "country"):
        return True
    if gold.kind == "country":
        return pred.kind == "country" and pred.country == gold.country
    km = _km(pred, gold)
    if km is None:
        return False
    if gold.kind in _POINT_KINDS and (pred.kind is None or pred.kind in _POINT_KINDS):
        return km <= PLACE_MATCH_KM
    if gold.kind in _AREA_KINDS and (pred.kind is None or pred.kind in _AREA_KINDS):
        return km <= REGION_MATCH_KM
    return False


def incident_place_matches(pred: PredictedIncident, gold: GoldIncident) -> bool:
    """Whether a predicted incident is at the gold incident's place, at the gold's precision."""
    name_match = _same_name(name_keys(pred.place), pred, gold, country_level=gold.geo_precision >= 4)
    if gold.geo_precision >= 4:
        return name_match or (pred.geo_precision >= 4 and pred.country == gold.country)
    km = _km(pred, gold)
    if gold.geo_precision == 3:
        return name_match or (pred.geo_precision == 3 and km is not None and km <= REGION_MATCH_KM)
    return name_match or (pred.geo_precision <= 2 and km is not None and km <= INCIDENT_MATCH_KM)


def date_right(pred: PredictedIncident, gold: GoldIncident) -> bool:
    """The predicted date lies in the gold window (or both are undated)."""
    if gold.date is None:
        return pred.date is None
    return pred.date is not None and gold.date[0] <= pred.date <= gold.date[1]


def _figure_right(predicted: int | None, expected: int | tuple[int, int] | None) -> bool:
    if expected is None or predicted is None:
        return expected is None and predicted is None
    if isinstance(expected, tuple):
        return expected[0] <= predicted <= expected[1]
    return predicted == expected


def casualties_right(pred: PredictedIncident, gold: GoldIncident) -> bool | None:
    """Killed/wounded as the gold states them; None when the gold scores no figure."""
    if not gold.counts:
        return None
    return all(_figure_right(getattr(pred, key), expected) for key, expected in gold.counts.items())


_PARTIES = (
    # Earlier entries win. Russia-installed authorities in Ukraine before the Karabakh "separatist" key;
    # Karabakh before Armenia ("Armenian-backed separatists" are the NK side); armed groups, monitors and
    # UN bodies before the countries their names contain ("Syrian Observatory", "Rapid Support Forces
    # of Sudan", "Yemen's Houthis", "Gaza's health ministry" -> Hamas). The canonical names are listed in
    # tests/gold/GUIDELINES.md ("Parties").
    ("Russia", ("donetsk people's republic", "luhansk people's republic", "dpr", "lpr")),
    ("Nagorno-Karabakh", ("karabakh", "karabagh", "artsakh", "stepanakert", "khankendi", "separatist")),
    ("Azerbaijan", ("azerbaijan", "azeri", "baku")),
    ("Armenia", ("armenia", "yerevan")),
    ("Turkey", ("turkey", "turkish", "turkiye", "ankara", "erdogan")),
    ("SOHR", ("syrian observatory", "sohr", "observatory")),
    ("SDF", ("syrian democratic forces", "sdf")),
    ("HTS", ("hayat tahrir", "hay'et tahrir", "hayat tahrir al-sham", "tahrir al-sham", "hts")),
    ("Islamic State", ("islamic state", "isis", "isil", "daesh")),
    ("Hezbollah", ("hezbollah", "hizbollah", "hizbullah")),
    ("Islamic Jihad", ("islamic jihad", "quds brigades", "al-quds brigades")),
    ("Hamas", ("hamas", "qassam", "gaza")),
    ("Houthis", ("houthi", "ansar allah", "al-masirah", "saree", "sarea")),
    ("RSF", ("rapid support", "rsf")),
    ("SAF", ("sudanese army", "sudanese armed forces", "saf", "sudan")),
    ("M23", ("m23", "alliance fleuve")),
    ("TPLF", ("tplf", "tigray")),
    ("Fano", ("fano",)),
    ("al-Shabaab", ("al-shabaab", "al shabaab", "shabaab", "al-shabab", "shabab")),
    ("JNIM", ("jnim", "gsim", "support group for islam")),
    ("Wagner", ("wagner",)),
    ("CSP", ("csp", "permanent strategic framework", "azawad", "fla")),
    ("LNA", ("lna", "libyan national army", "haftar")),
    ("GNA", ("gna", "government of national accord", "unity government")),
    ("PDF", ("pdf", "people's defense force", "people's defence force", "national unity government", "nug")),
    ("UN", ("united nations", "un", "world health organization", "ocha", "unicef", "unrwa", "unhcr")),
    ("Israel", ("israel", "idf", "netanyahu")),
    ("Palestine", ("palestin", "wafa", "ramallah")),
    ("Lebanon", ("leban", "nna", "national news agency", "beirut")),
    ("Syria", ("syria", "damascus", "assad")),
    ("Yemen", ("yemen",)),
    ("Ethiopia", ("ethiopia", "endf", "addis ababa", "abiy")),
    ("DR Congo", ("congo", "fardc", "kinshasa", "drc")),
    ("Rwanda", ("rwanda", "kigali")),
    ("Myanmar", ("myanmar", "junta", "tatmadaw", "burma", "naypyidaw")),
    ("Mali", ("mali", "malian", "bamako", "fama")),
    ("Burkina Faso", ("burkina", "ouagadougou")),
    ("Somalia", ("somali", "sna", "mogadishu")),
    ("Libya", ("libya", "tripoli")),
    ("Russia", ("russia", "kremlin", "moscow", "putin", "tass")),
    ("Ukraine", ("ukrain", "kyiv", "kiev", "zelensk")),
    ("France", ("france", "french", "paris")),
    ("United States", ("united states", "u.s.", "us", "washington", "state department", "centcom",
                       "central command", "pentagon")),
    ("United Kingdom", ("united kingdom", "britain", "british", "ukmto", "uk")),
    ("Iran", ("iran", "iranian", "tehran")),
)
#: A key matches at the start of a word ("armenia" in "Armenian"); keys of up to four characters
#: ("saf", "un", "u.s.") must be the whole word.
_PARTY_KEYS = tuple(
    (name, re.compile("|".join(
        r"(?<![a-z0-9])" + re.escape(k) + (r"(?![a-z0-9])" if len(k) <= 4 else "") for k in keys)))
    for name, keys in _PARTIES
)


def party(claimant: str) -> str:
    """The party a claimant string speaks for ("Azerbaijan (defence ministry)" -> "Azerbaijan").

    >>> party("Nagorno-Karabakh's Defense Ministry")
    'Nagorno-Karabakh'
    >>> party("the Azeri defense ministry")
    'Azerbaijan'
    >>> party("Gaza's Hamas-run health ministry"), party("the Syrian Observatory for Human Rights")
    ('Hamas', 'SOHR')
    """
    folded = unicodedata.normalize("NFKD", claimant)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold().replace("\u2019", "'")
    for name, pattern in _PARTY_KEYS:
        if pattern.search(folded):
            return name
    return claimant.strip()


def _parties_right(predicted: Iterable[str], gold: Iterable[str]) -> bool | None:
    expected = {party(g) for g in gold}
    if not expected:
        return None
    found = {party(p) for p in predicted}
    return bool(found) and found <= expected


def claimant_right(pred: PredictedIncident, gold: GoldIncident) -> bool | None:
    """Predicted claimants are a non-empty subset of the gold parties; None if gold names none."""
    return _parties_right(pred.claimed_by, gold.claimed_by)


def denial_right(pred: PredictedIncident, gold: GoldIncident) -> bool | None:
    """Like :func:`claimant_right` for ``denied_by``."""
    return _parties_right(pred.denied_by, gold.denied_by)


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Ratio:
    """``right`` out of ``total``; ``value`` is None when there is nothing to measure."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None

    def __add__(self, other: "Ratio") -> "Ratio":
        return Ratio(self.right + other.right, self.total + other.total)


@dataclass(frozen=True)
class IncidentMatch:
    """A predicted incident paired with the gold incident it matches."""

    gold: GoldIncident
    predicted: PredictedIncident
    date_right: bool
    casualties_right: bool | None
    claimant_right: bool | None
    denial_right: bool | None


@dataclass(frozen=True)
class ArticleScore:
    """The scores of one article, with what was missed and what was spurious."""

    article: str
    place_recall: Ratio
    place_precision: Ratio
    metonyms: Ratio
    incident_recall: Ratio
    incident_precision: Ratio
    matches: tuple[IncidentMatch, ...]
    missed: tuple[GoldIncident, ...]
    spurious: tuple[PredictedIncident, ...]
    duplicates: tuple[PredictedIncident, ...]
    missed_places: tuple[GoldPlace, ...]
    spurious_places: tuple[PredictedPlace, ...]

    def _accuracy(self, attr: str) -> Ratio:
        values = [getattr(m, attr) for m in self.matches if getattr(m, attr) is not None]
        return Ratio(sum(values), len(values))

    @property
    def dates(self) -> Ratio:
        return self._accuracy("date_right")

    @property
    def casualties(self) -> Ratio:
        return self._accuracy("casualties_right")

    @property
    def claimants(self) -> Ratio:
        return self._accuracy("claimant_right")

    @property
    def denials(self) -> Ratio:
        return self._accuracy("denial_right")


_METRICS = (
    ("place_recall", "place R"), ("place_precision", "place P"), ("incident_recall", "incid R"),
    ("incident_precision", "incid P"), ("dates", "dates"), ("casualties", "casualt"),
    ("claimants", "claimant"), ("metonyms", "metonym"), ("denials", "denial"),
)


@dataclass(frozen=True)
class Scores:
    """Scores of every gold article and their totals (micro-averaged: counts are summed)."""

    articles: tuple[ArticleScore, ...]

    def total(self, metric: str) -> Ratio:
        """Summed ratio of one metric over all articles, e.g. ``total("incident_recall")``."""
        out = Ratio()
        for a in self.articles:
            out = out + getattr(a, metric)
        return out

    @property
    def place_recall(self) -> float | None:
        return self.total("place_recall").value

    @property
    def place_precision(self) -> float | None:
        return self.total("place_precision").value

    @property
    def incident_recall(self) -> float | None:
        return self.total("incident_recall").value

    @property
    def incident_precision(self) -> float | None:
        return self.total("incident_precision").value

    @property
    def date_accuracy(self) -> float | None:
        return self.total("dates").value

    @property
    def casualty_accuracy(self) -> float | None:
        return self.total("casualties").value

    @property
    def claimant_accuracy(self) -> float | None:
        return self.total("claimants").value

    def by_type(self) -> dict[str, tuple[Ratio, Ratio]]:
        """Incident recall and precision per event type, for the types that occur.

        A matched pair counts under the predicted type; a missed gold incident under its
        first accepted type; optional gold incidents are left out, as in the totals.
        """
        recall: dict[str, Ratio] = {}
        precision: dict[str, Ratio] = {}

        def add(table: dict, event_type: str, right: int) -> None:
            table[event_type] = table.get(event_type, Ratio()) + Ratio(right, 1)

        for a in self.articles:
            for m in a.matches:
                if not m.gold.optional:
                    add(recall, m.predicted.event_type, 1)
                    add(precision, m.predicted.event_type, 1)
            for g in a.missed:
                add(recall, g.event_types[0], 0)
            for p in a.spurious:
                add(precision, p.event_type, 0)
        return {t: (recall.get(t, Ratio()), precision.get(t, Ratio()))
                for t in EVENT_TYPES if t in recall or t in precision}

    def to_dict(self) -> dict:
        """JSON-able summary: totals, per-type and per-article ratios as ``{right, total, value}``."""
        def row(obj) -> dict:
            out = {}
            for metric, _ in _METRICS:
                r = getattr(obj, metric) if isinstance(obj, ArticleScore) else self.total(metric)
                out[metric] = {"right": r.right, "total": r.total, "value": r.value}
            return out
        def ratio(r: Ratio) -> dict:
            return {"right": r.right, "total": r.total, "value": r.value}

        return {
            "overall": row(self),
            "by_type": {t: {"recall": ratio(r), "precision": ratio(p)} for t, (r, p) in self.by_type().items()},
            "articles": {a.article: row(a) for a in self.articles},
        }

    def format_types(self) -> str:
        """One line per event type: recall and precision with their counts."""
        def cell(r: Ratio) -> str:
            return f"{r.value:.2f} {r.right}/{r.total}" if r.total else "-"
        width = max([len(t) for t in self.by_type()] + [10])
        lines = [f"{'event type'.ljust(width)}  {'recall':<11} precision"]
        for event_type, (r, p) in self.by_type().items():
            lines.append(f"{event_type.ljust(width)}  {cell(r):<11} {cell(p)}")
        return "\n".join(lines)

    def format_table(self) -> str:
        """A plain-text table: one row per article, then the overall row."""
        def cell(r: Ratio) -> str:
            return f"{r.value:.2f} {r.right}/{r.total}" if r.total else "-"
        header = ["article"] + [label for _, label in _METRICS]
        rows = [[a.article] + [cell(getattr(a, m)) for m, _ in _METRICS] for a in self.articles]
        rows.append(["OVERALL"] + [cell(self.total(m)) for m, _ in _METRICS])
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [header, *rows]]
        lines.insert(1, "-" * len(lines[0]))
        lines.insert(len(lines) - 1, "-" * len(lines[0]))
        return "\n".join(lines)

    def format_errors(self) -> str:
        """Missed and spurious incidents and places per article, for tuning on language."""
        out = []
        for a in self.articles:
            if not (a.missed or a.spurious or a.missed_places or a.spurious_places
                    or any(not m.date_right for m in a.matches)):
                continue
            out.append(f"== {a.article}")
            for g in a.missed:
                out.append(f"  MISSED    {g.label}: {g.evidence}")
            for p in a.spurious:
                out.append(f"  SPURIOUS  {p.label}: {p.sentence}")
            for m in a.matches:
                if not m.date_right:
                    out.append(f"  DATE      {m.predicted.label} (gold {m.gold.label}): {m.predicted.sentence}")
                if m.casualties_right is False:
                    out.append(f"  NUMBERS   {m.predicted.label} killed={m.predicted.killed} "
                               f"wounded={m.predicted.wounded} (gold {dict(m.gold.counts)})")
                if m.claimant_right is False:
                    out.append(f"  CLAIMANT  {m.predicted.label} {list(m.predicted.claimed_by)} "
                               f"(gold {list(m.gold.claimed_by)})")
            if a.missed_places:
                out.append("  places missed:   " + ", ".join(p.name for p in a.missed_places))
            if a.spurious_places:
                out.append("  places spurious: " + ", ".join(
                    f"{p.name} ({p.place_id})" for p in a.spurious_places))
        return "\n".join(out) if out else "no errors"


def _score_places(pred: ArticlePrediction, gold: GoldArticle):
    found = [g for g in gold.places if not g.optional and any(place_matches(p, g) for p in pred.places)]
    required_total = sum(not g.optional for g in gold.places)
    right, spurious, metonym_right, metonym_total = 0, [], 0, 0
    for p in pred.places:
        hits = [g for g in gold.places if place_matches(p, g)]
        if not hits:
            spurious.append(p)
        elif any(not g.optional for g in hits):
            right += 1
            g = next(g for g in hits if not g.optional)
            # "Azerbaijan said" is how countries are named at all; metonymy is judged on cities and towns.
            if g.kind != "country":
                metonym_total += 1
                metonym_right += p.metonym_only == g.metonym
    judged = right + len(spurious)
    missed = tuple(g for g in gold.places if not g.optional and g not in found)
    return (Ratio(len(found), required_total), Ratio(right, judged), Ratio(metonym_right, metonym_total),
            missed, tuple(spurious))


def _score_incidents(pred: ArticlePrediction, gold: GoldArticle):
    golds, preds = gold.incidents, pred.incidents
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if p.event_type in g.event_types and incident_place_matches(p, g):
                km = _km(p, g)
                same_name = _same_name(name_keys(p.place), p, g, country_level=g.geo_precision >= 4)
                key = (
                    date_right(p, g), not g.optional, same_name,
                    bool(casualties_right(p, g)), bool(claimant_right(p, g)), -(km if km is not None else 1e6),
                    -i, -j,  # deterministic ties: earlier first
                )
                pairs.append((key, i, j))
    pairs.sort(reverse=True)
    pred_of, gold_of = {}, {}
    for _, i, j in pairs:
        if i not in pred_of and j not in gold_of:
            pred_of[i], gold_of[j] = j, i
    matchable = {i for _, i, _ in pairs}
    matches = tuple(
        IncidentMatch(golds[j], preds[i], date_right(preds[i], golds[j]), casualties_right(preds[i], golds[j]),
                      claimant_right(preds[i], golds[j]), denial_right(preds[i], golds[j]))
        for j, i in sorted(gold_of.items())
    )
    matched_required = sum(not golds[j].optional for j in gold_of)
    spurious = tuple(p for i, p in enumerate(preds) if i not in matchable)
    duplicates = tuple(p for i, p in enumerate(preds) if i in matchable and i not in pred_of)
    missed = tuple(g for j, g in enumerate(golds) if not g.optional and j not in gold_of)
    required = sum(not g.optional for g in golds)
    return (Ratio(matched_required, required), Ratio(matched_required, matched_required + len(spurious)),
            matches, missed, spurious, duplicates)


def score_article(pred: ArticlePrediction, gold: GoldArticle) -> ArticleScore:
    """Score one article's predictions against its gold annotation."""
    place_recall, place_precision, metonyms, missed_places, spurious_places = _score_places(pred, gold)
    incident_recall, incident_precision, matches, missed, spurious, duplicates = _score_incidents(pred, gold)
    return ArticleScore(
        article=gold.article, place_recall=place_recall, place_precision=place_precision, metonyms=metonyms,
        incident_recall=incident_recall, incident_precision=incident_precision, matches=matches, missed=missed,
        spurious=spurious, duplicates=duplicates, missed_places=missed_places, spurious_places=spurious_places,
    )


def score(predicted, gold_dir: str | Path | Mapping[str, GoldArticle], *, gazetteer=None) -> Scores:
    """Score predictions against the gold annotations of a folder.

    Parameters
    ----------
    predicted : path, iterable of ArticleExtraction, or mapping of article name -> ArticlePrediction
        A build output folder (``incidents.geojson`` + ``places.geojson``), the extractions of
        :func:`geo.extract.article.extract_article`, or already converted predictions.
    gold_dir : path or mapping
        Folder of gold JSON files (see ``tests/gold/GUIDELINES.md``), or loaded gold.
    gazetteer : gazetteer.Gazetteer, optional
        Gives mentioned places coordinates and kinds (extraction input only).

    Returns
    -------
    Scores
        One :class:`ArticleScore` per gold article, in article order. A gold article with no
        predictions scores zero recall; predictions for articles without gold are ignored.

    Examples
    --------
    >>> scores = score("output", "tests/gold/seeds")     # doctest: +SKIP
    >>> round(scores.incident_recall, 2)                  # doctest: +SKIP
    0.8
    """
    gold = gold_dir if isinstance(gold_dir, Mapping) else load_gold(gold_dir)
    if isinstance(predicted, (str, Path)):
        predictions = predictions_from_geojson(predicted)
    elif isinstance(predicted, Mapping):
        predictions = dict(predicted)
    else:
        predictions = predictions_from_extractions(predicted, gazetteer=gazetteer)
    extra = sorted(set(predictions) - set(gold))
    if extra:
        log.info("no gold for %d predicted article(s), not scored: %s", len(extra), ", ".join(extra[:5]))
    return Scores(tuple(
        score_article(predictions.get(name, ArticlePrediction(name)), gold[name]) for name in sorted(gold)
    ))


# --------------------------------------------------------------------------- running the extractor


def extract_folder(articles_dir: str | Path, *, only: Iterable[str] | None = None):
    """Run the offline extractor on the articles of a folder, in process.

    Parameters
    ----------
    articles_dir : path
        Folder read with :func:`geo.read.articles.read_folder`.
    only : iterable of str, optional
        Article names to extract (the annotated ones); others are skipped.

    Returns
    -------
    tuple
        ``(extractions, gazetteer, problems)``: a list of ArticleExtraction, the
        ``Gazetteer.default()`` used, and the ArticleProblem list of unreadable files.
    """
    # Imported here: the scorer itself must work without the extraction stack.
    from gazetteer import Gazetteer
    from geo.read.articles import read_folder
    from geo.extract.article import extract_article

    gazetteer = Gazetteer.default()
    articles, problems = read_folder(Path(articles_dir))
    wanted = None if only is None else set(only)
    extractions = []
    for article in articles:
        if wanted is not None and article.name not in wanted:
            continue
        log.info("extracting %s", article.name)
        extractions.append(extract_article(article, gazetteer))
    return extractions, gazetteer, problems
