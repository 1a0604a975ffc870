"""Synthetic incidents in the ``incidents.geojson`` schema, for map tests and the benchmark.

Realistic in shape, not in content: places scattered over the South Caucasus, every
incident type, a war-length date span with some ranges, some undated and some
country-level incidents, one or two evidence sentences per incident. Seeded, so the
same ``n`` always gives the same collection.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from geo.model import DATE_PRECISIONS, EVENT_TYPES

FIRST_DAY = date(2020, 9, 27)
SIDES = ["Azerbaijan (defence ministry)", "Armenia (defence ministry)", "Nagorno-Karabakh (officials)"]
WORDS = (
    "forces shelled positions near the town overnight according to the ministry while officials said "
    "residents sheltered in basements as artillery fire continued and drones were seen above the road"
).split()


def synthetic_incidents(n: int, *, seed: int = 0, days: int = 45, places: int = 400) -> dict:
    """A FeatureCollection of ``n`` incidents.

    Parameters
    ----------
    n : int
        Number of incidents.
    seed : int
        Random seed; the output depends only on the arguments.
    days : int
        Length of the date span starting 2020-09-27.
    places : int
        Number of distinct places the incidents are spread over.
    """
    rng = random.Random(seed)
    spots = [
        (f"syn:{k}", f"Place {k}", round(rng.uniform(38.8, 41.2), 5), round(rng.uniform(44.6, 48.6), 5))
        for k in range(places)
    ]
    articles = [f"{(FIRST_DAY + timedelta(days=k % days)).isoformat()}_outlet_{k:05d}.txt" for k in range(max(1, n // 4))]
    features = []
    for k in range(n):
        place_id, name, lat, lon = rng.choice(spots)
        roll = rng.random()
        geo_precision = 4 if roll < 0.01 else rng.choice((1, 1, 1, 2, 3))
        if geo_precision == 4:
            place_id, name, lat, lon = "syn:country", "Azerbaijan", 40.3, 47.7
        undated = rng.random() < 0.05
        start = FIRST_DAY + timedelta(days=rng.randrange(days))
        is_range = not undated and rng.random() < 0.1
        end = start + timedelta(days=rng.randint(1, 3)) if is_range else None
        sources = rng.sample(articles, k=min(len(articles), rng.choice((1, 1, 2))))
        evidence = [
            {"article": a, "sentence": f"{name}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 28))) + "."}
            for a in sources
        ]
        killed = rng.choice((None, None, None, rng.randint(0, 30)))
        props = {
            "id": f"syn-{k:06d}",
            "event_type": rng.choice(EVENT_TYPES),
            "date": None if undated else start.isoformat(),
            "date_end": end.isoformat() if end else None,
            "date_precision": DATE_PRECISIONS[2] if undated else DATE_PRECISIONS[1 if is_range else 0],
            "place": name,
            "place_id": place_id,
            "country": "AZ",
            "geo_precision": geo_precision,
            "killed": killed,
            "wounded": rng.choice((None, None, rng.randint(0, 50))),
            "killed_civilians": None,
            "killed_military": killed if killed is not None and rng.random() < 0.5 else None,
            "wounded_civilians": None,
            "wounded_military": None,
            "claimed_by": [rng.choice(SIDES)] if rng.random() < 0.5 else [],
            "denied_by": [rng.choice(SIDES)] if rng.random() < 0.2 else [],
            "origin": None,
            "articles": sorted({e["article"] for e in evidence}),
            "evidence": evidence,
            # Made from the article's name alone (no draw from rng: the rest stays as it was).
            "sources": [_source(a) for a in sorted({e["article"] for e in evidence})],
        }
        features.append(
            {"type": "Feature", "id": props["id"], "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
        )
    return {"type": "FeatureCollection", "features": features}


def _source(article: str) -> dict:
    day, _, rest = article.partition("_")
    number = rest.rsplit("_", 1)[-1].removesuffix(".txt")
    return {"article": article, "title": f"Report {number} on the fighting", "outlet": f"Outlet {int(number) % 40}",
            "url": f"https://news.example/{day}/{number}", "published": day}


def places_of(incidents: dict) -> dict:
    """The ``places.geojson`` that goes with ``incidents`` (one Point per place id)."""
    seen: dict[str, dict] = {}
    for feature in incidents["features"]:
        props = feature["properties"]
        entry = seen.setdefault(
            props["place_id"],
            {
                "type": "Feature",
                "id": props["place_id"],
                "geometry": feature["geometry"],
                "properties": {
                    "place_id": props["place_id"],
                    "name": props["place"],
                    "kind": "country" if props["geo_precision"] == 4 else "village",
                    "country": props["country"],
                    "mentions": 0,
                    "metonym_mentions": 0,
                    "articles": [],
                },
            },
        )
        entry["properties"]["mentions"] += len(props["evidence"])
        entry["properties"]["articles"] = sorted(set(entry["properties"]["articles"]) | set(props["articles"]))
    return {"type": "FeatureCollection", "features": [seen[k] for k in sorted(seen)]}
