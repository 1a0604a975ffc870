"""Ranking the places a name may stand for, with what the rest of the text says.

A candidate's score adds up (higher is better):

* **name** — 1.1 when the name is written as the place's display name, 1.0 as another
  of its spellings, 0.75 the same without diacritics, 0.5 when only the normalised keys agree;
* **prior** — ``0.15 * log10(population + 1)`` plus a kind bonus (countries, then cities
  and towns before villages, settlements before same-named districts);
* **country** — the place's country's share of the countries named in the text (a
  demonym, "Armenian", counts half);
* **near** — closeness to the other places of the text, ``1.5 * exp(-d / 50 km)`` for the
  nearest one, distance measured to the edge of regions (their radius), at 60 % unless
  both are in one enumeration ("Stepanakert, Shushi and Martuni");
* **pattern** — "X in Y", "X, Y", "X region of Y", "X near Y": X is inside / near Y
  (after a bare comma only when Y is an area: "Stepanakert, Shushi" is a list); in
  "A, B and C villages of Y" every name of the list is inside Y;
* **area** — "X region", "X district", "the X rayon" prefer the administrative area. When
  the pick is a settlement all the same (the data has no area of that name: "the Askeran
  region", an Armenian-era district), its reasons carry :data:`REGION_WORD` so that
  extraction can give it a region's precision instead of the town's.

A name with no exact key is tried without its designator ("Tartar region"), then as any
known key one edit away (keys of 6+ characters: "Zangelan" -> Zangilan), scored 0.3 lower.

:func:`disambiguate` picks a place for every match of a text in two rounds: first with
name, prior and country only, then again with the first-round picks of the *other*
names as the places to be near.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from gazetteer.actors import demonym_countries
from gazetteer.geometry import distance_km
from gazetteer.near import AnchorIndex
from gazetteer.normalize import APOSTROPHES, edit_distance, fold, normalize
from gazetteer.place import Candidate, Place

# Settlements before the same-named districts (whose population is the sum of their places).
KIND_BONUS = {"country": 0.6, "region": -0.1, "district": -0.2, "city": 0.3, "town": 0.2, "village": 0.0}
#: Demonyms that point at a country (weight 0.5 of naming the country): every demonym of
#: gazetteer/data/actors/countries.tsv ("Sudanese" -> "SD").
DEMONYMS = demonym_countries()
#: Demonyms by normalised key.
DEMONYM_KEYS = {normalize(k): v for k, v in DEMONYMS.items()}
#: Reason of a settlement chosen for a name the text calls a region or district.
REGION_WORD = "region_word"
AREA_KINDS = ("region", "district")
_AREA_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:(?P<one>region|district|province|rayon|raion|marz|oblast|governorate|state|county|prefecture|"
    r"wilaya|krai)|(?P<many>regions|districts|provinces|rayons|raions|marzes|oblasts|governorates|states|counties))\b",
    re.I,
)
_AREA_BEFORE = re.compile(
    r"\b(?:region|district|province|rayon|raion|marz|oblast|governorate|state|county|prefecture)\s+of\s+(?:the\s+)?$",
    re.I,
)
_PATTERN_AFTER = re.compile(
    r"^(?:'s|’s)?(?:\s*,\s*|\s+(?:in|near|outside|of)\s+(?:the\s+)?|\s+(?:region|district|province|rayon)"
    r"\s+(?:of|in)\s+(?:the\s+)?)$",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][^\W\d_]*")
_APOSTROPHE = re.compile("[" + "".join(sorted(APOSTROPHES)) + "]")
_SEPARATOR_RUN = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\s]+")
_SETTLEMENTS_OF = re.compile(r"^\s+(?:villages?|settlements?|towns?)\s+(?:of|in)\s+(?:the\s+)?$", re.I)


@lru_cache(maxsize=65536)
def _exact(name: str) -> str:
    # Case-insensitive but diacritic-sensitive; GeoNames writes schwa as U+01DD, WOF as U+0259.
    return unicodedata.normalize("NFC", name).casefold().replace("ǝ", "ə").strip()


@lru_cache(maxsize=65536)
def folded_name(name: str) -> str:
    """:func:`fold` of a place name, memoised: the same names are compared for every mention.

    Hyphens count as spaces: "al-Fashir" is written as the data's "Al Fashir".
    """
    return _SEPARATOR_RUN.sub(" ", fold(name))


@lru_cache(maxsize=65536)
def _folded_plain(name: str) -> str:
    """:func:`folded_name` without apostrophes, which mark the Arabic ayn and hamza and soft
    signs: "Shebaa" is written as "Sheba'a", "Kostiantynivka" as "Kostiantynivka'".
    (Not doubled letters: "Till" is not the Iranian village Til, nor "Maraand" Marand.)"""
    return _APOSTROPHE.sub("", folded_name(name))


def name_quality(place: Place, name: str) -> float:
    """How well ``name`` is written as a name of ``place``.

    1.1 for the display name as written (case aside), 1.0 for another spelling of the
    place as written, 0.75 when they agree once diacritics are dropped, 0.5 when only the
    normalised keys agree (a transliteration the data does not list).
    """
    exact = _exact(name)
    if _exact(place.name) == exact:
        return 1.1
    if any(_exact(n) == exact for n in place.names):
        return 1.0
    folded = _folded_plain(name.strip())
    if any(_folded_plain(n) == folded for n in place.names):
        return 0.75
    return 0.5


def written_namesakes(places, name: str) -> list:
    """Drop places whose names only share a transliteration key with ``name`` when
    another place is written so ("Berd" is the Armenian town, not Barda, whose variant
    "Bard" merely folds to the same key). Unchanged if no place is written so."""
    places = list(places)
    written = [p for p in places if name_quality(p, name) >= 0.75]
    if not name.isascii():
        # Diacritics are information: "Şuşa" as written is Shusha, not Sousse ("Susa").
        written = [p for p in written if name_quality(p, name) >= 1.0] or written
    return written or places


def prior(place: Place) -> float:
    """Context-free plausibility: bigger places and settlements first."""
    return 0.15 * math.log10(place.population + 1) + KIND_BONUS.get(place.kind, 0.0)


@dataclass
class Evidence:
    """What a text says about where it is: countries named, places picked, with weights."""

    countries: Counter = field(default_factory=Counter)
    # (place, weight, radius km, name key, enumeration group) of the other names' picks
    anchors: list[tuple[Place, float, float, str, int | None]] = field(default_factory=list)
    _index: AnchorIndex | None = field(default=None, repr=False, compare=False)

    def nearness(self, place: Place, key: str, group: int | None) -> float:
        """Closeness of ``place`` to the other names' picks (see :mod:`gazetteer.near`)."""
        if self._index is None or self._index.anchors is not self.anchors:
            self._index = AnchorIndex(self.anchors)
        return self._index.nearness(place, key, group)


def country_votes(gaz, matches, text: str) -> Counter:
    votes: Counter = Counter()
    for m in matches:
        countries = [p for p in m.candidates if p.kind == "country" and name_quality(p, m.surface) >= 0.75]
        if countries:
            votes[countries[0].country] += 1.0
    votes.update(_demonym_votes(text))
    return votes


@lru_cache(maxsize=8)
def _demonym_votes(text: str) -> Counter:
    """Half a vote per capitalised demonym of ``text`` (the matcher and the ranking ask
    for the same text several times)."""
    votes: Counter = Counter()
    for word in _CAPITALISED_WORD.findall(text):
        code = DEMONYM_KEYS.get(normalize(word))
        if code:
            votes[code] += 0.5
    return votes


@dataclass(frozen=True)
class Clues:
    """What the text around one occurrence of a name says (see :func:`_clues`)."""

    key: str = ""
    target: Place | None = None  # Y of "X in Y" / "X, Y"
    comma: bool = False  # Y came after a bare comma: containment only if Y is an area
    wants_area: bool = False  # "X region", "district of X"
    group: int | None = None  # enumeration ("A, B and C") the name belongs to


def score_place(gaz, place: Place, surface: str, evidence: Evidence, clues: Clues) -> tuple[float, tuple[str, ...]]:
    score = name_quality(place, surface) + prior(place)
    reasons = ["name", "prior"]
    votes = evidence.countries.get(place.country, 0.0)
    if votes and place.kind != "country":
        # The country's share of all country mentions: one passing "United States" in a
        # story about the Caucasus must not move Geneva to New York.
        score += votes / sum(evidence.countries.values())
        reasons.append("country")
    # Places listed together ("Stepanakert, Shushi and Martuni") are usually neighbours.
    best_near = evidence.nearness(place, clues.key, clues.group)
    if best_near > 0.01:
        score += 1.5 * best_near
        reasons.append("near")
    target = clues.target
    if target is not None and target.id != place.id:
        if clues.comma and target.kind not in AREA_KINDS and target.kind != "country":
            inside = False  # "Stepanakert, Shushi": a list, not containment
        else:
            inside = is_inside(gaz, place, target)
        if inside:
            score += 1.5
            reasons.append("pattern")
    if clues.wants_area and place.kind in AREA_KINDS:
        score += 0.8
        reasons.append("area")
    elif clues.wants_area:
        # "the Askeran region": no area of that name (an Armenian-era district the data
        # lacks), so the seat town stands for it; the text meant the area around it.
        reasons.append(REGION_WORD)
    return round(score, 4), tuple(reasons)


def is_inside(gaz, place: Place, target: Place) -> bool:
    """Whether ``place`` lies in ``target``: its country, its area (by the place's
    first-level area name or within the area's radius), or within 30 km of a town."""
    if target.kind == "country":
        return place.country == target.country
    if target.kind in AREA_KINDS:
        radius = gaz.radius_km(target) * 1.2 + 5
        return bool(place.admin1 and normalize(place.admin1) in {normalize(n) for n in target.names}) or (
            distance_km(place.lat, place.lon, target.lat, target.lon) <= radius)
    return distance_km(place.lat, place.lon, target.lat, target.lon) <= 30


def disambiguate(gaz, matches, text: str) -> list[Candidate]:
    """Choose one place per match using the whole text as context.

    Parameters
    ----------
    gaz : Gazetteer
    matches : list[NameMatch]
        Usually ``gaz.find_mentions(text)``.
    text : str
        The text the matches were found in.

    Returns
    -------
    list[Candidate]
        Same length and order as ``matches``; ``matched`` is the surface, ``reasons``
        name the score parts that applied.
    """
    picks, _, _ = disambiguation_rounds(gaz, list(matches), text)
    return picks


def disambiguation_rounds(gaz, matches, text: str) -> tuple[list[Candidate], Evidence, list[tuple[Clues, int | None]]]:
    evidence = Evidence(countries=country_votes(gaz, matches, text))
    if not matches:
        return [], evidence, []
    clues = _clues(matches, text)
    picks: list[Candidate] = []
    for round_ in range(2):
        new: list[Candidate] = []
        for m, (clue, follower) in zip(matches, clues):
            if round_ and follower is not None:
                clue = replace(clue, target=picks[follower].place)
            scored = [(score_place(gaz, p, m.surface, evidence, clue), p) for p in m.candidates]
            scored.sort(key=lambda item: (-item[0][0], item[1].id))
            (score, reasons), place = scored[0]
            new.append(Candidate(place, score, m.surface, reasons))
        picks = new
        evidence.anchors = _anchors(gaz, matches, picks, clues)
    return picks, evidence, clues


_LIST_GLUE = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or|&)\s*$", re.I)
_IN_THE = re.compile(r"^\s+in\s+(?:the\s+)?$", re.I)


def _clues(matches, text: str) -> list[tuple[Clues, int | None]]:
    """Per match: its clues, and the index of its Y in "X in Y" / "X, Y" (or None)."""
    by_start = {m.start: i for i, m in enumerate(matches)}
    groups: list[int] = []
    for i, m in enumerate(matches):
        joined = i and _LIST_GLUE.match(text[matches[i - 1].end:m.start])
        groups.append(groups[-1] if joined else i)
    out = []
    plural_groups: set[int] = set()
    containers: set[int] = set()  # Y of "X in Y": an area before a same-named village
    for i, m in enumerate(matches):
        tail = text[m.end:m.end + 40]
        follower, comma = None, False
        for cut in range(1, len(tail) + 1):
            j = by_start.get(m.end + cut)
            if j is not None and _PATTERN_AFTER.match(tail[:cut]):
                follower, comma = j, tail[:cut].strip() == ","
                if _IN_THE.match(tail[:cut]):
                    containers.add(j)
                break
        after = _AREA_AFTER.match(text[m.end:m.end + 20])
        wants_area = bool(after or _AREA_BEFORE.search(text[max(0, m.start - 30):m.start]))
        if after and after.group("many"):
            # "the Fuzuli and Jabrayil districts": the plural covers the whole enumeration.
            plural_groups.add(groups[i])
        clue = Clues(key=normalize(m.surface), comma=comma, wants_area=wants_area, group=groups[i])
        out.append((clue, follower))
    # "Chereken, Hajili and Gajar villages of Jabrayil district": Y contains every name of the list.
    last_of_group = {group: i for i, group in enumerate(groups)}
    for group, i in last_of_group.items():
        j = i + 1
        if j < len(matches) and _SETTLEMENTS_OF.match(text[matches[i].end:matches[j].start]):
            containers.add(j)
            out = [(replace(c, comma=False), j) if groups[k] == group else (c, f) for k, (c, f) in enumerate(out)]
    return [(replace(c, wants_area=True) if c.group in plural_groups or i in containers else c, f)
            for i, (c, f) in enumerate(out)]


def _anchors(gaz, matches, picks: list[Candidate], clues) -> list[tuple[Place, float, float, str, int | None]]:
    seen: dict[tuple[str, str], tuple[Place, float, float, str, int | None]] = {}
    for m, pick, (clue, _) in zip(matches, picks, clues):
        weight = 1.0 if len(m.candidates) == 1 else 0.7
        previous = seen.get((pick.place.id, clue.key))
        if previous is None or previous[1] < weight:
            seen[(pick.place.id, clue.key)] = (pick.place, weight, gaz.radius_km(pick.place), clue.key, clue.group)
    return list(seen.values())


def loose_edits(place: Place, key: str) -> int | None:
    """Letters to change in ``key`` to reach a name of ``place`` found by its loose key;
    None when more than a loose spelling differs (over 2, or a quarter of the key).

    A city has names in a hundred languages: only its own name counts ("Saraqeb" is
    Saraqib, not Sarajevo, whose Esperanto name is "Saragebo").
    """
    most = max(2, len(key) // 4)
    names = (place.name,) if place.kind == "city" else place.names
    # A name far longer or shorter than the key is no loose spelling of it (and a town may
    # have dozens of names: skip normalising those).
    edits = min((edit_distance(key, normalize(n)) for n in names if abs(len(n) - len(key)) <= most + 3), default=99)
    return edits if edits <= most else None
