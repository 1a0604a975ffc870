"""The user's own places: a ``places.csv`` beside the articles adds to or overrides the gazetteer.

A newsroom following a front line needs places no open gazetteer has (villages under 500
people, hamlets, checkpoints, named bases) and sometimes better coordinates than it has.
``places.csv`` lists them, one per line::

    name,lat,lon,country,kind,aliases,admin1
    Kurakhove,47.9836,37.2826,UA,town,Курахове|Kurakhovo,Donetsk Oblast
    Checkpoint Mayorsk,48.3421,37.9310,UA,checkpoint,Mayorsk checkpoint,Donetsk Oblast

Columns ``name``, ``lat``, ``lon`` (decimal degrees, WGS84), ``country`` (ISO 3166-1 alpha-2)
and ``kind`` are required; ``aliases`` (other spellings, separated by ``|`` or ``;``),
``admin1``, ``admin2`` and ``id`` are optional. ``kind`` is a gazetteer kind (``region``,
``district``, ``city``, ``town``, ``village``) or ``site``, ``base`` or ``checkpoint``, which
are places of village precision.

Within its country, a row *takes its names* (name and aliases) at its level (settlement:
city/town/village/site; area: region/district): the gazetteer's places of that country and
level that have one of those names no longer answer to it. When exactly one such place
exists (or the row's ``id`` names a gazetteer place), the row *replaces* it: it keeps that
place's id, population and other name variants, at the user's coordinates. Otherwise the row
is a new place with the id ``user:<country>:<name>``.

Every problem of the file is found at once and reported with its line number and how to
fix it (:class:`PlacesFileError`): a build never runs with a places file half used.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING


from gazetteer.geometry import distance_km
from gazetteer.errors import GazetteerError
from gazetteer.multipattern import new_automaton
from gazetteer.normalize import fold, normalize, normalize_with_spans
from gazetteer.place import KINDS, Place

if TYPE_CHECKING:
    from gazetteer.gazetteer import Gazetteer

#: The file name looked for at the top of the articles folder.
PLACES_FILE = "places.csv"
REQUIRED_COLUMNS = ("name", "lat", "lon", "country", "kind")
OPTIONAL_COLUMNS = ("aliases", "admin1", "admin2", "id")
#: Kinds a user may write that the gazetteer does not have: places of village precision.
SITE_KINDS = ("site", "base", "checkpoint")
#: Kinds a row may have (countries come from the gazetteer and cannot be added).
USER_KINDS = tuple(k for k in KINDS if k != "country") + SITE_KINDS
SETTLEMENTS = frozenset({"city", "town", "village"})
#: Aliases are separated by either of these.
ALIAS_SEPARATORS = re.compile(r"[|;]")
SOURCE = "user"
_PLAIN_KEY = re.compile(r"[^\W_]+(?: [^\W_]+)*")
_NOT_PLAIN = re.compile(r"[^\w ]|_")


#: How rows apply is part of what they do to an extraction: a change here re-extracts the
#: articles that name the user's places (and only those).
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


class PlacesFileError(GazetteerError, ValueError):
    """A places file that cannot be used; ``problems`` holds one message per problem."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = list(problems)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{path}: {count}:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class UserRow:
    """One valid line of a places file, as written (``kind`` as the user wrote it)."""

    line: int
    name: str
    lat: float
    lon: float
    country: str
    kind: str
    aliases: tuple[str, ...] = ()
    admin1: str | None = None
    admin2: str | None = None
    id: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def place_kind(self) -> str:
        """The gazetteer kind: ``site``, ``base`` and ``checkpoint`` are villages."""
        return "village" if self.kind in SITE_KINDS else self.kind


@dataclass(frozen=True)
class Effect:
    """What one row did to the gazetteer, for the build summary."""

    row: UserRow
    place: Place
    replaced: Place | None = None
    #: Gazetteer places of the same country and level that lost the row's names to it.
    withdrawn: tuple[Place, ...] = ()

    def describe(self) -> str:
        where = f"{self.row.name} ({self.row.country}, {self.row.kind}) at {self.row.lat:.4f}, {self.row.lon:.4f}"
        if self.replaced is not None:
            moved = distance_km(self.replaced.lat, self.replaced.lon, self.place.lat, self.place.lon)
            text = f"line {self.row.line}: {where} replaces {self.replaced.id} {self.replaced.name} ({moved:.1f} km away)"
        else:
            text = f"line {self.row.line}: {where} added as {self.place.id}"
        if self.withdrawn:
            ids = ", ".join(p.id for p in self.withdrawn[:5]) + (", ..." if len(self.withdrawn) > 5 else "")
            text += (f"; {len(self.withdrawn)} other place(s) of {self.row.country} no longer answer to "
                     f"{'its names' if self.row.aliases else 'that name'} ({ids})")
        return text


@dataclass
class UserPlaces:
    """The places of a places file applied to a gazetteer.

    ``gazetteer`` answers with the user's places; :meth:`fingerprint` tells, per article
    text, which of them can change its extraction (for the build cache).
    """

    path: Path | None
    gazetteer: "Gazetteer"
    effects: tuple[Effect, ...] = ()
    warnings: tuple[str, ...] = ()
    #: name key -> digests of the rows whose presence in a text can change its extraction
    _watch: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _matcher: object = None

    @property
    def digest(self) -> str:
        """Changes when any row's effect changes; ``""`` without user places."""
        if not self._watch:
            return ""
        return hashlib.sha256(repr(sorted(self._watch.items())).encode()).hexdigest()[:16]

    def fingerprint(self, text: str | Iterable[str]) -> str:
        """A digest of the rows whose names occur in ``text`` (as the rows are now); ``""`` when none does.

        ``text`` may also be pieces of a text too large to hold, overlapping so that every
        name is whole in one of them.

        Every spelling that leads to a row's place counts (its name, aliases and, for a
        replaced place, the gazetteer's other names of it), as whole words of the
        normalised text, in any case: more than the matcher accepts, never less, so an
        article whose extraction a row can change is always extracted again.
        """
        pieces = [text] if isinstance(text, str) else text
        rows = sorted({digest for piece in pieces for key in self.names_in(piece) for digest in self._watch[key]})
        return hashlib.sha256(" ".join(rows).encode()).hexdigest()[:16] if rows else ""

    def names_in(self, text: str) -> list[str]:
        """The watched name keys present in ``text``, sorted."""
        if not self._watch:
            return []
        plain, other = self._automata()
        key_text, _ = normalize_with_spans(text)
        found = set()
        if len(plain):
            spaced = f" {_NOT_PLAIN.sub(' ', key_text)} "
            found.update(key for _, key in plain.iter(spaced))
        if len(other):
            found.update(key for _, key in other.iter(key_text))
        return sorted(found)

    def _automata(self):
        if self._matcher is None:
            plain, other = new_automaton(), new_automaton()
            for key in self._watch:
                if _PLAIN_KEY.fullmatch(key):
                    plain.add_word(f" {key} ", key)
                else:
                    other.add_word(key, key)
            for automaton in (plain, other):
                if len(automaton):
                    automaton.make_automaton()
            self._matcher = (plain, other)
        return self._matcher


def read_places_file(path: Path, gazetteer: "Gazetteer | None" = None, *,
                     content: bytes | None = None) -> tuple[list[UserRow], list[str], list[str]]:
    """Parse and check a places file: ``(rows, problems, warnings)``.

    Problems name the line and say how to fix it; rows are only the valid lines. Country
    codes and ids are checked when ``gazetteer`` is given (else by :func:`apply_places`).
    ``content``, if given, is the file's bytes (already read).
    """
    path = Path(path)
    try:
        raw = path.read_bytes() if content is None else content
    except OSError as err:
        return [], [f"cannot read the file: {err.strerror or err}"], []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        return [], [f"line {line}: not UTF-8 text; save the file as UTF-8 "
                    "(in a spreadsheet: 'CSV UTF-8')"], []
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[str] = []
    warnings: list[str] = []
    try:
        header = next(reader, None)
    except csv.Error as err:
        return [], [f"line 1: {err}"], []
    if not header or not any(h.strip() for h in header):
        return [], [f"line 1: no header; the first line must name the columns, e.g. "
                    f"{','.join(REQUIRED_COLUMNS)},aliases"], []
    columns = [h.strip().lower() for h in header]
    if len(columns) == 1 and ";" in columns[0]:
        return [], [f"line 1: columns are separated by ';'; separate them by commas "
                    f"({','.join(REQUIRED_COLUMNS)})"], []
    unknown = [h for h in columns if h not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if unknown or missing or repeated:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            hints = {"latitude": "lat", "longitude": "lon", "lng": "lon", "long": "lon", "alias": "aliases",
                     "type": "kind", "admin": "admin1", "region": "admin1", "province": "admin1",
                     "country_code": "country", "cc": "country"}
            parts.append("unknown column(s) " + ", ".join(
                f"{h!r}" + (f" (did you mean {hints[h]!r}?)" if h in hints else "") for h in unknown))
        if repeated:
            parts.append(f"repeated column(s) {', '.join(repeated)}")
        return [], [f"line 1: wrong header: {'; '.join(parts)}. The columns are "
                    f"{', '.join(REQUIRED_COLUMNS)} (required) and {', '.join(OPTIONAL_COLUMNS)} (optional)"], []
    rows: list[UserRow] = []
    line = 1
    known = set(_countries(gazetteer)) if gazetteer is not None else None
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(f"line {reader.line_num}: {err}; check the quotes of this line")
            break
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue  # a blank line
        if len(values) != len(columns):
            problems.append(f"line {line}: {len(values)} values for {len(columns)} columns; a name or "
                            "alias with a comma must be in double quotes")
            continue
        row, row_problems = _parse_row(line, dict(zip(columns, (v.strip() for v in values))), gazetteer, known)
        problems += row_problems
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        warnings.append("no places in the file (only a header)")
    return rows, problems, warnings


def _parse_row(line: int, values: dict[str, str], gazetteer=None,
               known: set[str] | None = None) -> tuple[UserRow | None, list[str]]:
    problems = []
    name = values["name"]
    here = f"line {line}" + (f" ({name})" if name else "")
    if not name:
        problems.append(f"line {line}: the name is empty; every row needs the place's name")
    else:
        problems += _name_problems(here, "name", name)
    aliases = tuple(a.strip() for a in ALIAS_SEPARATORS.split(values.get("aliases", "")) if a.strip())
    for alias in aliases:
        problems += _name_problems(here, "alias", alias)
    lat = _coordinate(here, "lat", values["lat"], 90, problems)
    lon = _coordinate(here, "lon", values["lon"], 180, problems)
    if lat is None and lon is not None and values["lat"] and _number(values["lat"]) is not None \
            and abs(_number(values["lat"])) <= 180 and abs(lon) <= 90:
        problems[-1] += "; are lat and lon swapped? (lat is north-south, lon east-west)"
    country = values["country"].upper()
    if not country:
        problems.append(f"{here}: the country is empty; write its two-letter ISO code (UA, AZ, AM, ...)")
    elif known is not None and country not in known:
        problems.append(_country_problem(gazetteer, here, values["country"]))
    kind = values["kind"].lower()
    if kind not in USER_KINDS:
        if kind == "country":
            problems.append(f"{here}: kind 'country' cannot be added; countries come from the gazetteer. "
                            f"For an area inside one use region or district")
        else:
            problems.append(f"{here}: unknown kind {values['kind']!r}; use one of {', '.join(USER_KINDS)}"
                            if kind else f"{here}: the kind is empty; use one of {', '.join(USER_KINDS)}")
    place_id = values.get("id") or None
    if place_id and (":" not in place_id or place_id.startswith(f"{SOURCE}:")
                     or (gazetteer is not None and gazetteer.get(place_id) is None)):
        problems.append(_id_problem(here, place_id, name))
    if problems:
        return None, problems
    return UserRow(line=line, name=name, lat=lat, lon=lon, country=country, kind=kind, aliases=aliases,
                   admin1=values.get("admin1") or None, admin2=values.get("admin2") or None, id=place_id), []


def _name_problems(here: str, what: str, name: str) -> list[str]:
    if any(c in name for c in "\t\r\n|"):
        return [f"{here}: the {what} {name!r} holds a tab, line break or '|'; write one name per field"]
    if not any(c.isalpha() for c in name):
        return [f"{here}: the {what} {name!r} has no letter; a place name is words"]
    if len(normalize(name)) < 3 and not name.isupper():
        return [f"{here}: the {what} {name!r} is too short to be found in text (3 letters at least, "
                "or an all-caps acronym)"]
    return []


def _number(value: str) -> float | None:
    try:
        number = float(value.replace(",", ".")) if value.count(",") == 1 and "." not in value else float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _coordinate(here: str, column: str, value: str, limit: int, problems: list[str]) -> float | None:
    word = "latitude" if column == "lat" else "longitude"
    if not value:
        problems.append(f"{here}: {column} is empty; write the {word} in decimal degrees (e.g. 48.0158)")
        return None
    number = _number(value)
    if number is None:
        problems.append(f"{here}: {column} {value!r} is not a number; write decimal degrees "
                        f"(48.0158, not 48°00'57\"N), negative for {'south' if column == 'lat' else 'west'}")
        return None
    if abs(number) > limit:
        problems.append(f"{here}: {column} {value} is out of range; the {word} lies between -{limit} and {limit}")
        return None
    return number


def apply_places(gazetteer: "Gazetteer", rows: list[UserRow], *, path: Path | None = None,
                 warnings: Iterable[str] = ()) -> UserPlaces:
    """Apply valid rows to ``gazetteer``; :class:`PlacesFileError` for what needs the gazetteer to see.

    Parameters
    ----------
    gazetteer : Gazetteer
        The shipped gazetteer (``Gazetteer.default()``).
    rows : list of UserRow
        From :func:`read_places_file`.

    Returns
    -------
    UserPlaces
        ``.gazetteer`` holds the user's places (the same object when ``rows`` is empty).
    """
    label = path if path is not None else Path(PLACES_FILE)
    warnings = list(warnings)
    problems: list[str] = []
    countries = _countries(gazetteer)
    known = set(countries)
    for row in rows:
        if row.country not in known:
            problems.append(_country_problem(gazetteer, f"line {row.line} ({row.name})", row.country))
        if row.id is not None and gazetteer.get(row.id) is None:
            problems.append(_id_problem(f"line {row.line} ({row.name})", row.id, row.name))
    rows, duplicate_problems, duplicate_warnings = _without_duplicates(rows)
    problems += duplicate_problems
    warnings += duplicate_warnings
    if problems:
        raise PlacesFileError(label, sorted(problems, key=_line_of))
    effects, places, withdrawn, watch = [], [], [], {}
    taken: dict[str, UserRow] = {}  # place id -> the row that made or replaced it
    for row in rows:
        keys = {normalize(n) for n in row.names} - {""}
        level = _level(row.place_kind)
        same = {}  # gazetteer places of the row's country and level having one of its names
        for key in sorted(keys):
            for place in (gazetteer.place_at(r) for r in gazetteer.rows_for_key(key)):
                if place.country == row.country and _level(place.kind) == level and place.source != SOURCE:
                    same[place.id] = place
        replaced = gazetteer.get(row.id) if row.id else _replaced(same, normalize(row.name))
        if replaced is not None and replaced.id in taken:
            other = taken[replaced.id]
            problems.append(f"line {row.line} ({row.name}): would replace {replaced.id} {replaced.name}, which line "
                            f"{other.line} ({other.name}) replaces already; keep one row, or give this one an id "
                            "or a name of its own")
            continue
        place_id = replaced.id if replaced is not None else _user_id(row)
        number = 1
        while place_id in taken:  # two names written apart that make one id ("O'Hara", "O Hara")
            number += 1
            place_id = f"{_user_id(row)}-{number}"
        taken[place_id] = row
        place = Place(
            id=place_id,
            name=row.name, lat=row.lat, lon=row.lon, country=row.country, kind=row.place_kind,
            population=replaced.population if replaced is not None else 0,
            admin1=row.admin1 or (replaced.admin1 if replaced is not None else None),
            admin2=row.admin2 or (replaced.admin2 if replaced is not None else None),
            names=row.names, source=SOURCE,
        )
        aside = tuple(p for pid, p in sorted(same.items()) if replaced is None or pid != replaced.id)
        places.append(place)
        withdrawn += [(key, p.id) for p in aside for key in keys if key in {normalize(n) for n in p.names}]
        effects.append(Effect(row=row, place=place, replaced=replaced, withdrawn=aside))
        # A text with any spelling that leads to this place (or away from the set-aside ones)
        # may be extracted differently.
        digest = hashlib.sha256(repr((_CODE, row.name, row.lat, row.lon, row.country, row.kind, row.aliases,
                                      row.admin1, row.admin2, place.id, [p.id for p in aside])).encode())
        spellings = keys | ({normalize(n) for n in replaced.names} if replaced is not None else set())
        for key in spellings - {""}:
            watch.setdefault(key, []).append(digest.hexdigest()[:16])
        if replaced is not None:
            moved = distance_km(replaced.lat, replaced.lon, row.lat, row.lon)
            if moved > 100:
                warnings.append(f"line {row.line} ({row.name}): replaces {replaced.id} {replaced.name} "
                                f"{moved:.0f} km away; check lat/lon, or give the row a distinct name")
        warnings += _far_from_country(countries.get(row.country), row)
        warnings += _never_matched(row)
    if problems:
        raise PlacesFileError(label, sorted(problems, key=_line_of))
    user_gazetteer = gazetteer.with_places(places, withdrawn=withdrawn) if places else gazetteer
    return UserPlaces(path=path, gazetteer=user_gazetteer, effects=tuple(effects), warnings=tuple(warnings),
                      _watch={k: tuple(sorted(v)) for k, v in sorted(watch.items())})


def load_places(path: Path, gazetteer: "Gazetteer", *, content: bytes | None = None) -> UserPlaces:
    """Read, check and apply a places file in one go (see :func:`read_places_file`).

    Raises
    ------
    PlacesFileError
        With every problem of the file, each naming its line and the fix.

    Examples
    --------
    >>> from gazetteer import Gazetteer
    >>> user = load_places(Path("articles/places.csv"), Gazetteer.default())  # doctest: +SKIP
    >>> user.gazetteer.resolve("Checkpoint Mayorsk")[0].place.source          # doctest: +SKIP
    'user'
    """
    rows, problems, warnings = read_places_file(path, gazetteer, content=content)
    if problems:
        # Duplicates are checked among the valid rows too, so that one round of fixes is enough.
        problems += _without_duplicates(rows)[1]
        raise PlacesFileError(path, sorted(problems, key=_line_of))
    return apply_places(gazetteer, rows, path=path, warnings=warnings)


_COUNTRIES: dict[str, dict[str, Place]] = {}


def _countries(gazetteer) -> dict[str, Place]:
    """The gazetteer's countries by ISO code (a scan of the table: kept per table version)."""
    version = str(getattr(gazetteer, "version", id(gazetteer)))
    if version not in _COUNTRIES:
        _COUNTRIES[version] = {p.country: p for p in gazetteer.countries() if p.country}
    return _COUNTRIES[version]


def _line_of(problem: str) -> int:
    found = re.match(r"line (\d+)", problem)
    return int(found.group(1)) if found else 0


def _replaced(same: dict[str, Place], key: str) -> Place | None:
    """The one place of the row's name (else of its aliases) that the row stands for, if only one."""
    by_name = [p for p in same.values() if key in {normalize(n) for n in (p.name, *p.names)}]
    if len(by_name) > 1:
        # "Kurakhove" is Kurakhove's own name and one of Kurakhivka's other names: its own wins.
        by_name = [p for p in by_name if normalize(p.name) == key] or by_name
    if len(by_name) == 1:
        return by_name[0]
    return next(iter(same.values())) if not by_name and len(same) == 1 else None


def _level(kind: str) -> str:
    return "settlement" if kind in SETTLEMENTS else kind


def _user_id(row: UserRow) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(row.name)).strip("-") or hashlib.sha256(row.name.encode()).hexdigest()[:8]
    return f"{SOURCE}:{row.country}:{slug}"


def _country_problem(gazetteer, here: str, country: str) -> str:
    """Unknown code; a country written by name is answered with its code."""
    named = [p.country for p in gazetteer.lookup(country) if p.kind == "country" and p.country]
    if named:
        return f"{here}: country {country!r}: write its two-letter ISO code, {named[0]}"
    return f"{here}: unknown country code {country!r}; use a two-letter ISO 3166-1 code the gazetteer " \
           f"knows (UA, RU, AZ, AM, GE, ...)"


def _id_problem(here: str, place_id: str, name: str) -> str:
    return (f"{here}: id {place_id!r} is not a place of the gazetteer; `geo resolve {name or 'NAME'!r} --json` "
            "lists the ids of that name (e.g. gn:704620), or leave id empty")


def _without_duplicates(rows: list[UserRow]) -> tuple[list[UserRow], list[str], list[str]]:
    """Rows sharing a name within a country and level: an error at other coordinates, else one is kept."""
    kept: list[UserRow] = []
    problems, warnings = [], []
    first: dict[tuple[str, str, str], UserRow] = {}
    ids: dict[str, UserRow] = {}
    for row in rows:
        clash = None
        for name in row.names:
            other = first.get((normalize(name), row.country, _level(row.place_kind)))
            if other is not None:
                clash = (name, other)
                break
        if clash is None and row.id is not None and row.id in ids:
            clash = (row.id, ids[row.id])
        if clash is None:
            kept.append(row)
            for name in row.names:
                first[normalize(name), row.country, _level(row.place_kind)] = row
            if row.id is not None:
                ids[row.id] = row
            continue
        name, other = clash
        if distance_km(row.lat, row.lon, other.lat, other.lon) > 0.1:
            problems.append(
                f"line {row.line} ({row.name}): {name!r} is also on line {other.line} ({other.name}) in "
                f"{row.country} at other coordinates ({other.lat}, {other.lon} vs {row.lat}, {row.lon}); keep one "
                "row, or tell the places apart by name")
        else:
            warnings.append(f"line {row.line} ({row.name}): repeats line {other.line} ({other.name}) at the "
                            f"same place; line {other.line} is used, delete line {row.line}")
    return kept, problems, warnings


@lru_cache(maxsize=1)
def _never_places() -> frozenset[str]:
    from gazetteer.stoplist import load_stoplist

    stop = load_stoplist()
    return stop.get("common", frozenset()) | stop.get("first_names", frozenset()) | stop.get("demonyms", frozenset())


def _never_matched(row: UserRow) -> list[str]:
    """Warnings for names the matcher never takes for a place (its stoplist of common words,
    given names and demonyms): the row would be silently useless under that name."""
    never = _never_places()
    return [f"line {row.line} ({row.name}): {name!r} is a common word, given name or demonym that is never "
            f"taken for a place in text (gazetteer/data/stoplist.txt); add an alias the articles use"
            for name in row.names if normalize(name) in never]


def _far_from_country(country: Place | None, row: UserRow) -> list[str]:
    """A warning when lat/lon look swapped: much nearer the country the other way round."""
    if country is None or abs(row.lon) > 90:
        return []
    here = distance_km(country.lat, country.lon, row.lat, row.lon)
    swapped = distance_km(country.lat, country.lon, row.lon, row.lat)
    if here > 1500 and swapped < here / 4:
        return [f"line {row.line} ({row.name}): {row.lat}, {row.lon} is {here:.0f} km from {country.name}; "
                f"lat and lon swapped? (used as written)"]
    return []


