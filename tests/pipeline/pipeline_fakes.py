"""Test doubles for the build: a gazetteer of three made-up places and a one-rule extractor.

They let the pipeline tests exercise caching, joining, writing and bad input without
depending on how real extraction decides anything. The rule: a sentence naming a known
place and containing "shelled" is a shelling of that place on the publication day;
"<Place> said" is a metonym mention.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from gazetteer.place import Place
from geo.model import ArticleExtraction, Claimant, Evidence, Incident, PlaceMention

PLACES = {
    "Alpha": Place(id="t:alpha", name="Alpha", lat=39.81526641, lon=46.75194111, country="AZ", kind="city"),
    "Beta": Place(id="t:beta", name="Beta", lat=40.6828, lon=46.3606, country="AZ", kind="city"),
    "Gamma": Place(id="t:gamma", name="Gamma", lat=40.1792, lon=44.4991, country="AM", kind="city"),
}
#: Radius (km) of the places that are areas, as the gazetteer gives it (0 for the others).
RADII = {"t:beta": 12.34}
_NAME = re.compile(r"\b(" + "|".join(PLACES) + r")\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


class FakeGazetteer:
    """Has what the pipeline needs from a gazetteer: ``version``, ``get`` and ``radius_km``."""

    def __init__(self, version: str = "fake-gazetteer-1") -> None:
        self.version = version

    def get(self, place_id: str) -> Place | None:
        return next((p for p in PLACES.values() if p.id == place_id), None)

    def radius_km(self, place: Place) -> float:
        return RADII.get(place.id, 0.0)


def fake_extract(article, gazetteer, *, online=None) -> ArticleExtraction:
    """Mentions of the three places; a shelling for each sentence with "shelled"."""
    if "EXPLODE" in article.text:
        raise RuntimeError("the extractor choked")
    mentions, incidents = [], []
    for sentence in _SENTENCE.finditer(article.text):
        for match in _NAME.finditer(sentence.group()):
            start = sentence.start() + match.start()
            metonym = article.text[start + len(match.group()):].startswith(" said")
            mentions.append(
                PlaceMention(PLACES[match.group()].id, match.group(), article.name, start,
                             start + len(match.group()), match.group(), metonym=metonym)
            )
            if "shelled" in sentence.group() and not metonym:
                place = PLACES[match.group()]
                incidents.append(
                    Incident(
                        event_type="shelling", place=place, geo_precision=1, date=article.published,
                        date_end=None, date_precision="day" if article.published else "unknown",
                        evidence=(Evidence(article.name, sentence.group().strip()),),
                        claimed_by=(Claimant("Azerbaijan", "defence ministry"),),
                    )
                )
    return ArticleExtraction(article=article.name, incidents=tuple(incidents), mentions=tuple(mentions))


def fake_join(incidents):
    """Same type, place and date -> one incident with every article's evidence."""
    groups = defaultdict(list)
    for incident in incidents:
        groups[(incident.event_type, incident.place_id, incident.date)].append(incident)
    joined = []
    for (event_type, place_id, day), group in groups.items():
        evidence = tuple(sorted({e for i in group for e in i.evidence}, key=lambda e: (e.article, e.sentence)))
        key = f"{event_type}|{place_id}|{day}".encode()
        first = group[0]
        joined.append(
            Incident(**{**first.__dict__, "evidence": evidence, "id": hashlib.sha1(key).hexdigest()[:12]})
        )
    return sorted(joined, key=lambda i: (str(i.date), i.event_type, i.place_id, i.id))


FAKES = dict(extractor=fake_extract, joiner=fake_join, gazetteer=FakeGazetteer())
