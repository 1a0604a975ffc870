"""The offline gazetteer: the shipped table, looked up by normalised name."""

from __future__ import annotations

import logging
import time
from bisect import bisect_left
from itertools import islice
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gazetteer.datafile import COLUMNS, Table, index_rows, parse_table, read_table
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
        self._raw = table.raw
        self._rows = table.rows
        self._index = table.index
        self._outlines = table.outlines
        self._places: list[Place | None] = [None] * len(self._rows)
        self._country_rows = table.countries

    def __getstate__(self) -> dict:
        # The compressed file (2.6 MB), not the parsed rows or the matcher (~28 MB):
        # a worker process or Dask worker re-parses it in ~0.1 s.
        return {"path": str(self.path), "raw": self._raw}

    def __setstate__(self, state: dict) -> None:
        self.path = Path(state["path"])
        self._load(parse_table(state["raw"], source=state["path"]))

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

    def radius_km(self, place: Place) -> float:
        """Rough radius of an area place (0 for points); used to test "inside a region"."""
        row = self._rows.row_of_id(place.id)
        return float(self._rows[row].split("\t")[_COL["radius_km"]]) if row is not None else 0.0

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
        return [self.place_at(i) for i in self._country_rows]

    def keys(self) -> Iterator[str]:
        """Every normalised name key, in sorted order (for building matchers)."""
        return (line[:line.find("\t")] for line in self._index)

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
        from gazetteer.rank import resolve_name

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
