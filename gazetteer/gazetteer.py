"""The offline gazetteer: the shipped table, looked up by normalised name."""

from __future__ import annotations

import hashlib
import heapq
import logging
import re
import time
from bisect import bisect_left
from dataclasses import replace
from itertools import islice
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from gazetteer.datafile import COLUMNS, Table, index_probe, index_rows, parse_table, read_table
from gazetteer.errors import GazetteerDataError
from gazetteer.normalize import normalize
from gazetteer.place import Candidate, Place

if TYPE_CHECKING:
    from gazetteer.match import NameMatch

logger = logging.getLogger(__name__)

DATA_PATH = Path(__file__).parent / "data" / "places.tsv.gz"
_COL = {name: i for i, name in enumerate(COLUMNS)}


class Gazetteer:
    """Places of the shipped table, found by any of their name variants.

    Use :meth:`default` rather than the constructor: it loads the file once per process.

    Examples
    --------
    >>> gaz = Gazetteer.default()
    >>> gaz.resolve("Xankəndi")[0].place.name
    'Stepanakert'
    """

    def __init__(self, path: Path = DATA_PATH) -> None:
        started = time.perf_counter()
        self.path = Path(path)
        self._load(read_table(path))
        logger.debug("loaded %d places from %s in %.3f s", len(self._rows), path, time.perf_counter() - started)

    def _load(self, table: Table) -> None:
        self.version: str = table.version
        #: The version of the shipped table alone (``version`` also covers added places).
        self.base_version: str = table.version
        self._added: tuple[tuple[Place, ...], tuple[tuple[str, str], ...]] = ((), ())
        self._raw = table.raw
        self._rows = table.rows
        self._index = table.index
        self._outlines = table.outlines
        self._radius_of: dict[str, float] = {}  # radius_km by place id
        self._places: list[Place | None] = [None] * len(self._rows)
        self._country_rows = table.countries
        self._table = table  # the shipped table, which with_places amends afresh

    def __getstate__(self) -> dict:
        # The compressed file (2.6 MB), not the parsed rows or the matcher (~28 MB):
        # a worker process or Dask worker re-parses it in ~0.1 s.
        return {"path": str(self.path), "raw": self._raw, "added": self._added}

    def __setstate__(self, state: dict) -> None:
        self.path = Path(state["path"])
        self._load(parse_table(state["raw"], source=state["path"]))
        places, withdrawn = state.get("added", ((), ()))
        if places or withdrawn:
            self._amend(places, withdrawn)

    def with_places(self, places: Iterable[Place], *, withdrawn: Iterable[tuple[str, str]] = ()) -> "Gazetteer":
        """A copy of this gazetteer with places added or replaced (the user's own places).

        Matching, ranking and lookups treat them exactly as shipped places: their names go
        into the same name index.

        Parameters
        ----------
        places : iterable of Place
            A place whose ``id`` is in the table replaces that place (which keeps its other
            name variants, its radius and its row); any other is added.
        withdrawn : iterable of (key, place id)
            Normalised name keys that no longer lead to the given places.

        Returns
        -------
        Gazetteer
            A new gazetteer; ``version`` covers the changes, ``base_version`` is this table's.

        Examples
        --------
        >>> gaz = Gazetteer.default().with_places([Place("user:UA:pisky", "Pisky", 48.1, 37.6, "UA", "village")])
        >>> "user:UA:pisky" in [p.id for p in gaz.lookup("Pisky")]
        True
        """
        new = object.__new__(Gazetteer)
        new.path = self.path
        new._load(self._table)
        # Earlier additions first: a pickled copy, re-applying all to the shipped table, gets the same rows.
        new._amend(self._added[0] + tuple(places), self._added[1] + tuple(withdrawn))
        return new

    def _amend(self, places: tuple[Place, ...], withdrawn: tuple[tuple[str, str], ...]) -> None:
        rows = _AmendedRows(self._rows)
        changes: dict[str, set[int]] = {}
        for place in places:
            row = rows.row_of_id(place.id)
            radius = "0"
            if row is None:
                row = rows.add(place.id)
            else:
                # The replaced place keeps its row, radius and other names (they lead here).
                old = rows[row].split("\t")
                radius = old[_COL["radius_km"]]
                place = replace(place, names=(*place.names, *old[_COL["names"]].split("|")))
            rows[row] = _row_from_place(place, radius)
            for name in (place.name, *place.names):
                key = normalize(name)
                if key:
                    changes.setdefault(key, set(index_rows(self._index, key))).add(row)
        for key, place_id in withdrawn:
            row = rows.row_of_id(place_id)
            if row is not None:
                changes.setdefault(key, set(index_rows(self._index, key))).discard(row)
        # Index lines are in key order (a tab sorts before any key character, so line order
        # is key order): a few changes go in by binary search, many by one merge.
        if len(changes) < 500:
            index = list(self._index)
            for key in sorted(changes):
                at = bisect_left(index, key + "\t")
                present = at < len(index) and index[at].startswith(key + "\t")
                line = f"{key}\t{' '.join(map(str, sorted(changes[key])))}" if changes[key] else None
                if line is None and present:
                    del index[at]
                elif line is not None:
                    index[at:at + present] = [line]
        else:
            kept = (line for line in self._index if line[:line.find("\t")] not in changes)
            lines = sorted(f"{key}\t{' '.join(map(str, sorted(rows)))}" for key, rows in changes.items() if rows)
            index = list(heapq.merge(kept, lines))
        self._rows = rows
        self._index = index
        self._places = [None] * len(rows)
        self._radius_of = {}
        self._added = (places, withdrawn)
        described = sorted(repr((p.id, p.name, p.lat, p.lon, p.country, p.kind, p.population, p.admin1, p.admin2,
                                  p.names, p.source)) for p in places)
        digest = hashlib.sha256(repr((described, sorted(withdrawn))).encode()).hexdigest()
        self.version = f"{self.base_version}+{digest[:12]}"

    @classmethod
    def default(cls) -> "Gazetteer":
        """The gazetteer of the shipped data file, loaded once per process."""
        return _default()

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"Gazetteer({len(self)} places, version {self.version})"

    # -- records -------------------------------------------------------------------
    def place_at(self, row: int) -> Place:
        """The place of table row ``row`` (built on first use)."""
        place = self._places[row]
        if place is None:
            place = self._places[row] = _place_from_row(self._rows[row].split("\t"))
        return place

    def country_and_kind(self, row: int) -> tuple[str | None, str]:
        """``(place.country, place.kind)`` of table row ``row``, without building the place
        or keeping its block of the table decompressed."""
        country, kind = self._rows.country_and_kind(row)
        return country or None, kind

    def radius_km(self, place: Place) -> float:
        """Rough radius of an area place (0 for points); used to test "inside a region"."""
        radius = self._radius_of.get(place.id)
        if radius is None:
            # asked for every candidate of every name, several times over: read the row once
            row = self._rows.row_of_id(place.id)
            radius = self._radius_of[place.id] = float(self._rows[row].split("\t")[_COL["radius_km"]]) \
                if row is not None else 0.0
        return radius

    def get(self, place_id: str) -> Place | None:
        """The place with this id (``"gn:147105"``), or None."""
        row = self._rows.row_of_id(place_id)
        return None if row is None else self.place_at(row)

    def outline(self, place_id: str) -> str | None:
        """GeoJSON FeatureCollection text of a region's outline polygons, if it has one.

        Only Nagorno-Karabakh (``"nk:nagorno-karabakh"``) carries outlines: the 1991 NKAO
        boundary, the area held 1994-2020 and the difference of the two.
        """
        return self._outlines.get(place_id)

    def rows_for_key(self, key: str) -> list[int]:
        """Table rows of the places having a name with normalised form ``key``."""
        return index_rows(self._index, key)

    def key_status(self, key: str) -> tuple[bool, bool]:
        """Whether ``key`` is a normalised name key, and whether a longer key starts with
        ``key`` and a space (so a matcher reading word by word should read on)."""
        return index_probe(self._index, key)

    def near_keys(self, key: str) -> list[str]:
        """Known keys one edit (insertion, deletion, substitution) from ``key``.

        Only for keys of 6+ characters, whose first two characters are kept: spelling
        variants differ inside a name ("Zangelan"), and short keys have too many neighbours.
        """
        if len(key) < 6:
            return []
        start = bisect_left(self._index, key[:2])
        found = []
        for line in islice(self._index, start, None):
            if not line.startswith(key[:2]):
                break
            other = line[:line.find("\t")]
            if abs(len(other) - len(key)) <= 1 and other != key and _one_edit(key, other):
                found.append(other)
        return found

    def countries(self) -> list[Place]:
        """Every country of the table (one per ISO code)."""
        # Countries lie in 122 of the world table's 525 blocks: read, not kept decompressed.
        for row in sorted(self._country_rows):
            if self._places[row] is None:
                self._places[row] = _place_from_row(self._rows.peek(row).split("\t"))
        return [self._places[i] for i in self._country_rows]

    def keys(self) -> Iterator[str]:
        """Every normalised name key, in sorted order (for building matchers)."""
        return (line[:line.find("\t")] for line in self._index)

    def keys_where(self, pattern: re.Pattern) -> list[str]:
        """The keys in which ``pattern`` finds a match, in sorted order.

        All keys are searched at once, as one text with a newline before and after each
        key (so ``\\n`` in the pattern marks a key's start or end): one pass of the regex
        engine instead of a Python call per key, of which the world table has 380,000.
        A match must hold at least one character of the key.
        """
        found = []
        for at in range(0, len(self._index), 20_000):  # in slices: the whole text would be ~60 MB
            text = "\n" + _INDEX_ROWS.sub("", "\n".join(self._index[at:at + 20_000])) + "\n"
            previous = -1
            for m in pattern.finditer(text):
                start = text.rfind("\n", 0, m.end() - 1) + 1
                if start != previous:
                    found.append(text[start:text.find("\n", start)])
                    previous = start
        return found

    def lookup(self, name: str) -> list[Place]:
        """Every place having ``name`` as a name variant after normalisation (unranked).

        Examples
        --------
        >>> {p.country for p in Gazetteer.default().lookup("Martuni")} >= {"AM", "AZ"}
        True
        """
        return [self.place_at(r) for r in self.rows_for_key(normalize(name))]

    # -- ranking -------------------------------------------------------------------
    def resolve(self, name: str, *, context: str | None = None, limit: int = 10) -> list[Candidate]:
        """Places this name may stand for, best first; ``[]`` if none.

        Parameters
        ----------
        name : str
            A place name as written ("Jebrail", "Xankəndi", "Tartar region").
        context : str, optional
            Text around the name (the sentence or article): co-mentioned places and
            countries, "X in Y" patterns and distances to the other places rank the candidates.
        limit : int
            At most this many candidates.

        Examples
        --------
        >>> gaz = Gazetteer.default()
        >>> gaz.resolve("Martuni", context="near Lake Sevan in Gegharkunik")[0].place.country
        'AM'
        """
        from gazetteer.resolve import resolve_name

        return resolve_name(self, name, context=context, limit=limit)

    def find_mentions(self, text: str, *, unresolved: list | None = None) -> list["NameMatch"]:
        """Every place name of the text (see :func:`gazetteer.match.find_mentions`).

        Pass a list as ``unresolved`` to also collect the capitalised names that stand
        where a place would but were given none (:class:`gazetteer.match.UnresolvedName`).
        """
        from gazetteer.match import find_mentions

        return find_mentions(self, text, unresolved=unresolved)

    def disambiguate(self, matches: list["NameMatch"], text: str) -> list[Candidate]:
        """The chosen place for each match, in order (see :func:`gazetteer.rank.disambiguate`)."""
        from gazetteer.rank import disambiguate

        return disambiguate(self, matches, text)


#: The rows part of an index line (``key<TAB>row row ...``).
_INDEX_ROWS = re.compile(r"\t[^\n]*")


def _one_edit(a: str, b: str) -> bool:
    """Whether two different strings are one insertion, deletion or substitution apart."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return Gazetteer(DATA_PATH)


def _row_from_place(place: Place, radius_km: str) -> str:
    """The table line of a place (see :data:`gazetteer.datafile.COLUMNS`)."""
    names = [place.name] + [n for n in dict.fromkeys(place.names) if n != place.name]
    values = [place.id, place.name, f"{place.lat:.6f}", f"{place.lon:.6f}", place.country or "", place.kind,
              str(place.population), place.admin1 or "", place.admin2 or "", place.source, radius_km, "|".join(names)]
    return "\t".join(v.replace("\t", " ").replace("\n", " ").replace("|", " ") if i < 11 else v
                     for i, v in enumerate(values))


def _place_from_row(row: list[str]) -> Place:
    try:
        return Place(
            id=row[0],
            name=row[1],
            lat=float(row[2]),
            lon=float(row[3]),
            country=row[4] or None,
            kind=row[5],
            population=int(row[6]),
            admin1=row[7] or None,
            admin2=row[8] or None,
            names=tuple(row[11].split("|")),
            source=row[9],
        )
    except (IndexError, ValueError) as err:
        raise GazetteerDataError(f"corrupt gazetteer row {row[:2]}") from err


class _AmendedRows(Sequence):
    """The shipped place lines with some replaced and some added, without decompressing the rest."""

    def __init__(self, base) -> None:
        self._base = base
        self._changed: dict[int, str] = {}
        self._added_ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._base) + len(self._added_ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if i in self._changed:
            return self._changed[i]
        if i >= len(self._base):
            raise IndexError(i)
        return self._base[i]

    def __setitem__(self, i: int, line: str) -> None:
        self._changed[i] = line

    def add(self, place_id: str) -> int:
        """A new row for ``place_id`` (its line is set with ``rows[row] = line``)."""
        row = self._added_ids[place_id] = len(self)
        self._changed[row] = ""
        return row

    def peek(self, i: int) -> str:
        return self._changed[i] if i in self._changed else self._base.peek(i)

    def country_and_kind(self, i: int) -> tuple[str, str]:
        if i in self._changed:
            values = self._changed[i].split("\t")
            return values[_COL["country"]], values[_COL["kind"]]
        return self._base.country_and_kind(i)

    def row_of_id(self, place_id: str) -> int | None:
        if place_id in self._added_ids:
            return self._added_ids[place_id]
        return self._base.row_of_id(place_id)

