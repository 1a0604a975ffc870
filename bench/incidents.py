"""Deterministic synthetic ``incidents.geojson`` for map benchmarks.

Writes N incident features following the schema of the contract (see README, "Output
schema") at real places of Armenia and Azerbaijan, spread over 27 Sep - 10 Nov 2020, with
every incident type, casualty figures, claimants, a few undated and country-level
incidents, and one or two evidence sentences each. Feature ``i`` depends only on
``(seed, i)`` and the place list.

Usage::

    python bench/incidents.py 50000 /tmp/incidents-50k.geojson [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import random
import sys
from datetime import timedelta
from pathlib import Path

from corpus import END, GEONAMES_FILE, SHARED_GEONAMES, START, load_places

EVENT_TYPES = ("shelling", "air_strike", "armed_clash", "territory_change", "aircraft_downed",
               "casualty_report", "diplomacy")
CLAIMANTS = ("Azerbaijan (defence ministry)", "Armenia (defence ministry)",
             "Nagorno-Karabakh (defence army)", "Azerbaijan (prosecutor general)")
COUNTRY_POINTS = {"AM": ("Armenia", 40.25, 45.0), "AZ": ("Azerbaijan", 40.5, 47.5)}


def place_points() -> list[dict]:
    """Real places as ``{"name", "place_id", "lat", "lon", "country", "kind"}``, sorted by name."""
    points = _gazetteer_points() or _geonames_points()
    if not points:
        raise SystemExit("no places: neither the gazetteer nor the GeoNames extract is available")
    return points


def _gazetteer_points() -> list[dict]:
    try:
        from gazetteer import Gazetteer
        gazetteer = Gazetteer.default()
    except Exception:
        return []
    points = []
    for name in load_places():
        places = gazetteer.lookup(name)
        if places:
            best = max(places, key=lambda p: (p.population, p.id))
            points.append({"name": best.name, "place_id": best.id, "lat": best.lat, "lon": best.lon,
                           "country": best.country, "kind": best.kind})
    return points


def _geonames_points() -> list[dict]:
    path = SHARED_GEONAMES / GEONAMES_FILE
    if not path.exists():
        return []
    wanted = set(load_places(use_gazetteer=False))
    points = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row[8] in ("AM", "AZ") and row[2] in wanted and row[2] not in points:
                points[row[2]] = {"name": row[2], "place_id": f"gn:{row[0]}", "lat": float(row[4]),
                                  "lon": float(row[5]), "country": row[8], "kind": "town"}
    return [points[name] for name in sorted(points)]


def incident_feature(index: int, *, seed: int, points: list[dict]) -> dict:
    """Feature ``index`` of the synthetic collection."""
    rng = random.Random(f"{seed}:incident:{index}")
    event_type = rng.choice(EVENT_TYPES)
    if rng.random() < 0.05:  # country-level incident
        country = rng.choice(sorted(COUNTRY_POINTS))
        name, lat, lon = COUNTRY_POINTS[country]
        point = {"name": name, "place_id": f"country:{country}", "lat": lat, "lon": lon,
                 "country": country}
        geo_precision = 4
    else:
        point = rng.choice(points)
        geo_precision = rng.choice((1, 1, 1, 2))
    if rng.random() < 0.03:
        day, day_end, precision = None, None, "unknown"
    else:
        start = START + timedelta(days=rng.randrange((END - START).days + 1))
        span = rng.choice((0, 0, 0, 0, 1, 2))
        day, day_end = start.isoformat(), (start + timedelta(days=span)).isoformat()
        precision = "day" if span == 0 else "range"
    killed = rng.choice((None, None, 0, 1, 2, 3, 5, 8, 12, 20))
    wounded = rng.choice((None, None, 1, 2, 4, 7, 10, 26))
    claimant = rng.choice(CLAIMANTS)
    articles = sorted({f"synthetic_{rng.randrange(10 ** 6):06d}.txt" for _ in range(rng.randint(1, 2))})
    evidence = [{"article": article,
                 "sentence": f"{point['name']} came under fire, {claimant.split(' (')[0]} said; "
                             f"{killed or 'no'} killed and {wounded or 'no'} wounded were reported."}
                for article in articles]
    ident = hashlib.sha1(f"{seed}:{index}:{event_type}:{point['place_id']}:{day}".encode()).hexdigest()[:16]
    properties = {
        "id": ident, "event_type": event_type, "date": day, "date_end": day_end,
        "date_precision": precision, "place": point["name"], "place_id": point["place_id"],
        "country": point["country"], "geo_precision": geo_precision, "killed": killed,
        "wounded": wounded, "killed_civilians": None, "killed_military": None,
        "wounded_civilians": None, "wounded_military": None, "claimed_by": [claimant],
        "denied_by": [], "origin": None, "articles": articles, "evidence": evidence,
    }
    # GeoJSON is [lon, lat].
    geometry = {"type": "Point", "coordinates": [round(point["lon"], 6), round(point["lat"], 6)]}
    return {"type": "Feature", "id": ident, "geometry": geometry, "properties": properties}


def synthetic_incidents(n: int, *, seed: int = 0, points: list[dict] | None = None) -> dict:
    """A FeatureCollection of ``n`` synthetic incidents, sorted like the real output."""
    points = points if points is not None else place_points()
    features = [incident_feature(i, seed=seed, points=points) for i in range(n)]
    features.sort(key=lambda f: (f["properties"]["date"] or "9999", f["properties"]["event_type"],
                                 f["properties"]["place"], f["id"]))
    return {"type": "FeatureCollection", "features": features}


def synthetic_places(incidents: dict) -> dict:
    """The matching ``places.geojson``: each incident place once, with its mention count."""
    counts: dict[str, dict] = {}
    for feature in incidents["features"]:
        props = feature["properties"]
        entry = counts.setdefault(props["place_id"], {
            "type": "Feature", "geometry": feature["geometry"],
            "properties": {"place_id": props["place_id"], "name": props["place"], "kind": "town",
                           "country": props["country"], "mentions": 0, "metonym_mentions": 0,
                           "articles": []}})
        entry["properties"]["mentions"] += 1
    return {"type": "FeatureCollection", "features": [counts[k] for k in sorted(counts)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of incidents")
    parser.add_argument("out", type=Path, help="incidents GeoJSON file to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--places", type=Path, help="also write the matching places GeoJSON here")
    args = parser.parse_args(argv)
    collection = synthetic_incidents(args.n, seed=args.seed)
    args.out.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    if args.places:
        args.places.write_text(json.dumps(synthetic_places(collection), ensure_ascii=False),
                               encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
