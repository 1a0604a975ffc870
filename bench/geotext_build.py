"""A whole "build" with geotext, the baseline a full ``geo build`` is compared with (issue 15).

Reads every ``*.txt`` article of a folder (recursively, UTF-8), runs ``geotext.GeoText`` on
each and writes one GeoJSON FeatureCollection of the cities it found: a Point per city name
with its number of mentions and of articles. geotext's index keeps only a name's country
code, but the GeoNames table it ships (``geotext/data/cities15000.txt``) has coordinates:
a name is placed at the row of that table geotext's index takes it from (the last row of
that name with the index's country, since the index keeps the last row it reads). A name
no row places (a city patch of geotext's own) is written with a null geometry.

This is what geotext can do with the same articles: no dates, incidents, claims or
disambiguation; it sets the floor a name-spotting build can reach.

Usage::

    python bench/geotext_build.py ARTICLES_DIR OUT.geojson
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def city_points() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each lowercase city name, from geotext's own GeoNames table."""
    from geotext import GeoText
    from geotext.geotext import get_data_path

    country_of = GeoText.index.cities
    points: dict[str, tuple[float, float]] = {}
    with open(get_data_path("cities15000.txt"), encoding="utf-8") as table:
        for line in table:
            if line.startswith("#"):
                continue
            columns = line.split("\t")
            name = columns[1].lower()
            if country_of.get(name) == columns[8]:
                points[name] = (float(columns[4]), float(columns[5]))
    return points


def build(articles: Path, out: Path) -> dict:
    """Run GeoText over every ``.txt`` article under ``articles``; write ``out``; return counts."""
    from geotext import GeoText

    mentions: Counter[str] = Counter()
    in_articles: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    files = sorted(articles.rglob("*.txt"))
    for path in files:
        cities = GeoText(path.read_text(encoding="utf-8", errors="replace")).cities
        for city in cities:
            spelling.setdefault(city.lower(), city)
        mentions.update(city.lower() for city in cities)
        in_articles.update({city.lower() for city in cities})
    points = city_points()
    features = []
    for key, count in sorted(mentions.items(), key=lambda item: (-item[1], item[0])):
        point = points.get(key)
        features.append({
            "type": "Feature",
            # GeoJSON order is [lon, lat]; the table gives lat, lon.
            "geometry": {"type": "Point", "coordinates": [point[1], point[0]]} if point else None,
            "properties": {"name": spelling[key], "country": GeoText.index.cities.get(key),
                           "mentions": count, "articles": in_articles[key]},
        })
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False))
    return {"articles": len(files), "cities": len(features), "mentions": sum(mentions.values()),
            "unplaced": sum(1 for feature in features if feature["geometry"] is None)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path, help="folder of .txt articles")
    parser.add_argument("out", type=Path, help="GeoJSON file to write")
    args = parser.parse_args(argv)
    if not args.articles.is_dir():
        parser.error(f"{args.articles} is not a folder")
    counts = build(args.articles, args.out)
    print(f"{counts['articles']} articles, {counts['cities']} cities ({counts['unplaced']} without "
          f"coordinates), {counts['mentions']} mentions -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
