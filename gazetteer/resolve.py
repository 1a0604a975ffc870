"""Resolve one name (a query, not running text): lookup, designators, loose and fuzzy spellings.

``Gazetteer.resolve`` lands here. The name is looked up as written, then without a designator
("Kursk region"), then by its loose key (:func:`gazetteer.normalize.skeleton`), then one edit
away; the places found are ranked like mentions in a text (:mod:`gazetteer.rank`), with the
context as the text. A spelling the data does not list stands only for a place of the
context's area (:func:`in_area`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from gazetteer.area import STRAY_KM, voted_countries
from gazetteer.geometry import distance_km
from gazetteer.match import MIN_LOOSE_LETTERS, matcher_of
from gazetteer.normalize import MIN_SKELETON, normalize, skeleton
from gazetteer.place import Candidate, Place
from gazetteer.rank import Clues, Evidence, disambiguation_rounds, loose_edits, score_place, written_namesakes

__all__ = ["resolve_name", "loose_places", "in_area"]


def resolve_name(gaz, name: str, *, context: str | None = None, limit: int = 10) -> list[Candidate]:
    """Rank the places of ``name`` (see the module docstring); ``[]`` if the name is unknown."""
    surface = name.strip()
    places = gaz.lookup(surface)
    wants_area = False
    if not places:
        stripped, wants_area = _strip_designator(surface)
        if stripped != surface:
            places = gaz.lookup(stripped)
            surface = stripped
    loose = fuzzy = False
    if not places:
        places = loose_places(gaz, normalize(surface))
        loose = bool(places)
    if not places:
        places = [gaz.place_at(r) for key in gaz.near_keys(normalize(surface)) for r in gaz.rows_for_key(key)]
        fuzzy = bool(places)
    if not places:
        return []
    places = written_namesakes(places, surface)
    clue = Clues(key=normalize(surface), wants_area=wants_area)
    evidence = Evidence()
    if context:
        matches = gaz.find_mentions(context)
        if loose or fuzzy:
            # A spelling the data does not list stands for a place of the text's area only:
            # "Saraqeb" in a report on Syria is not Sarajevo, nor "West Bank" West Bend.
            places = in_area(gaz, places, matches, context)
            if not places:
                return []
        picks, evidence, clues = disambiguation_rounds(gaz, matches, context)
        for (found, follower) in clues:
            if found.key == clue.key:
                target = picks[follower].place if follower is not None else None
                clue = replace(found, wants_area=found.wants_area or wants_area, target=target)
                break
    scored = []
    for place in dict.fromkeys(places):
        score, reasons = score_place(gaz, place, surface, evidence, clue)
        if loose:
            # The same consonants as a known name ("Saraqeb", "Orikhov"): below any real match,
            # and the more letters differ, the less likely.
            edits = loose_edits(place, clue.key) or 0
            score, reasons = round(score - 0.2 - 0.2 * edits, 4), reasons + ("loose",)
        if fuzzy:
            # A spelling one letter away from a known one ("Zangelan"): below any real match.
            score, reasons = round(score - 0.3, 4), reasons + ("fuzzy",)
        scored.append(Candidate(place, score, name, reasons))
    scored.sort(key=lambda c: (-c.score, c.place.id))
    return scored[:limit]


def loose_places(gaz, key: str) -> list[Place]:
    """Places having a name with the same loose key as ``key``
    (:func:`gazetteer.normalize.skeleton`) and at most a loose spelling away from it
    (:func:`loose_edits`); ``[]`` for short keys, which share it too often."""
    if len(key) < MIN_LOOSE_LETTERS:
        return []
    loose = skeleton(key)
    if len(loose) < MIN_SKELETON:
        return []
    keys = matcher_of(gaz).loose_index.get(loose, ())
    places = (gaz.place_at(r) for k in keys for r in gaz.rows_for_key(k))
    return [p for p in places if p.kind != "country" and loose_edits(p, key) is not None]


def in_area(gaz, places, matches, text: str) -> list[Place]:
    """The places of the countries ``text`` is about, or within the stray distance of
    one of its other places (:mod:`gazetteer.area`); all of them if the text names no
    place at all (nothing tells where it is)."""
    if not matches:
        return list(places)
    voted = voted_countries(gaz, matches, text)
    others = [p for m in matches for p in m.candidates[:3] if p.kind != "country" and (not voted or p.country in voted)]
    return [p for p in places if p.country in voted or any(
        distance_km(p.lat, p.lon, o.lat, o.lon) <= STRAY_KM + gaz.radius_km(o) for o in others)]


_DESIGNATOR = re.compile(
    r"^(?:the\s+)?(?P<kind1>town|city|village|region|district|province)\s+of\s+(?P<name1>.+)$"
    r"|^(?P<name2>.+?)\s+(?P<kind2>region|district|province|rayon|raion|marz|oblast|governorate|state|county|prefecture"
    r"|wilaya|krai|town|city|village)$",
    re.I,
)


def _strip_designator(name: str) -> tuple[str, bool]:
    """("Tartar region" -> "Tartar", wants an area) ; ("town of Tartar" -> "Tartar", no)."""
    m = _DESIGNATOR.match(name)
    if not m:
        return name, False
    kind = (m.group("kind1") or m.group("kind2")).lower()
    return (m.group("name1") or m.group("name2")).strip(), kind not in ("town", "city", "village")
