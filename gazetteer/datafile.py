"""The shipped gazetteer table: one gzip file, written and read here.

The file is a series of gzip members (``zcat`` shows it all; Python's :mod:`gzip` reads it
as one stream). The first member is the *head*, loaded at once; the others are blocks of
:data:`ROWS_PER_BLOCK` place lines, each decompressed the first time one of its places is
needed, so loading does not decompress a quarter of a million places a text never names.

Head (UTF-8 text, ``\n`` line ends):

* line 1: ``#conflict-geo-gazetteer<TAB>2`` (format name and version);
* ``#places<TAB><count><TAB><rows per block>``;
* one ``#block<TAB><compressed size><TAB><id of its first place>`` line per block;
* ``#countries<TAB><row> <row> ...``: rows of the countries (the matcher needs them all);
* ``#country_kind<TAB><legend><TAB><codes>``: the country and kind of every row, two
  characters per row in row order, each pair of characters a number into the legend of
  space-separated ``country:kind`` entries (the matcher filters places all over the table
  by country, which would otherwise decompress most blocks);
* ``#outline<TAB><place id><TAB><GeoJSON>`` lines for regions that carry polygons;
* ``#index`` then one ``<key><TAB><row> <row> ...`` line per normalised name key,
  rows being 0-based place numbers. The builder computes the keys so loading needs no
  normalisation at all, which keeps :meth:`Gazetteer.default` fast.

Blocks: one place per line, columns :data:`COLUMNS`, ``names`` joined with ``|``; places
are in :func:`id_sort_key` order, so a place is found by its id with a binary search over
the blocks' first ids.

Every member's gzip header has no file name and mtime 0, so the same input gives the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import sys
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.errors import GazetteerDataError

MAGIC = "#conflict-geo-gazetteer"
FORMAT_VERSION = "2"
COLUMNS = (
    "id", "name", "lat", "lon", "country", "kind", "population", "admin1", "admin2", "source",
    "radius_km", "names",
)
_COUNTRY, _KIND = COLUMNS.index("country"), COLUMNS.index("kind")
#: Places per lazily decompressed block (about 60 kB of text each).
ROWS_PER_BLOCK = 512
#: Digits of the two-character codes of ``#country_kind`` (4,096 country and kind pairs at most).
_CODE_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/"


def id_sort_key(place_id: str) -> tuple:
    """Order of places in the table: by source prefix, then numerically ("gn:2" < "gn:10")."""
    prefix, _, number = place_id.partition(":")
    return (prefix, int(number) if number.isdigit() else 0, number)


class Rows(Sequence):
    """The place lines of a table, decompressed block by block on first access."""

    def __init__(self, raw: bytes, offsets: list[int], first_ids: list[str], count: int, per_block: int,
                 source: str = "<bytes>", country_kind: tuple[dict[str, tuple[str, str]], str] | None = None) -> None:
        self._raw = raw
        self._offsets = offsets  # start of each block in raw, and the end of the last
        self._first_keys = [id_sort_key(i) for i in first_ids]
        self._count = count
        self._per_block = per_block
        self._blocks: list[list[str] | None] = [None] * len(first_ids)
        self._ids: list[dict[str, int] | None] = [None] * len(first_ids)
        self._country_kind: list[tuple[tuple[str, ...], tuple[str, ...]] | None] = [None] * len(first_ids)
        self._last_read: tuple[int, list[str]] = (-1, [])
        self._source = source
        self._code_legend, self._codes = country_kind if country_kind else ({}, "")

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._count))]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(i)
        block, offset = divmod(i, self._per_block)
        return self._block(block)[offset]

    def _block(self, block: int) -> list[str]:
        lines = self._blocks[block]
        if lines is None:
            lines = self._blocks[block] = self._read(block)
        return lines

    def _read(self, block: int) -> list[str]:
        """The lines of a block, decompressed (again) unless kept or read last."""
        lines = self._blocks[block]
        if lines is not None:
            return lines
        if self._last_read[0] == block:
            return self._last_read[1]
        try:
            data = zlib.decompress(self._raw[self._offsets[block]:self._offsets[block + 1]], wbits=31)
            lines = data.decode("utf-8").split("\n")[:-1]
        except (zlib.error, UnicodeDecodeError) as err:
            raise GazetteerDataError(f"corrupt block {block} in gazetteer file {self._source}") from err
        self._last_read = (block, lines)
        return lines

    def peek(self, i: int) -> str:
        """Line ``i`` without keeping its block decompressed (for rows read once, in row order).

        Kept blocks cost about 100 kB each; a text's names touch rows all over the table.
        """
        block, offset = divmod(i, self._per_block)
        return self._read(block)[offset]

    def country_and_kind(self, i: int) -> tuple[str, str]:
        """The country and kind fields of row ``i``.

        They come from the head's ``#country_kind`` codes; a file without them has them read
        from the blocks and kept for the whole block (interned strings, 16 bytes a row), not
        the block's lines: a loose name's places, all over the table, are filtered by country first.
        """
        if self._codes:
            return self._code_legend[self._codes[2 * i:2 * i + 2]]
        block, offset = divmod(i, self._per_block)
        fields = self._country_kind[block]
        if fields is None:
            countries, kinds = [], []
            for line in self._read(block):
                values = line.split("\t", _KIND + 1)
                countries.append(sys.intern(values[_COUNTRY]))
                kinds.append(sys.intern(values[_KIND]))
            fields = self._country_kind[block] = (tuple(countries), tuple(kinds))
        return fields[0][offset], fields[1][offset]

    def row_of_id(self, place_id: str) -> int | None:
        """Row number of the place with this id, or None."""
        block = bisect_right(self._first_keys, id_sort_key(place_id)) - 1
        if block < 0:
            return None
        ids = self._ids[block]
        if ids is None:
            start = block * self._per_block
            ids = self._ids[block] = {line[:line.find("\t")]: start + n for n, line in enumerate(self._block(block))}
        return ids.get(place_id)


@dataclass
class Table:
    """The decoded head of the file; place lines load lazily (see :class:`Rows`).

    ``rows`` are the place lines (split them on tabs for :data:`COLUMNS`); ``index`` are
    the ``key<TAB>rows`` lines in sorted key order, searched with :func:`index_rows`;
    ``countries`` the rows of the countries.
    """

    rows: Sequence
    index: list[str]
    outlines: dict[str, str] = field(default_factory=dict)
    version: str = ""
    raw: bytes = b""  # the file's bytes, which is what a pickled gazetteer carries
    countries: list[int] = field(default_factory=list)


def index_rows(index: list[str], key: str) -> list[int]:
    """Row numbers of ``key`` in sorted index lines (binary search), ``[]`` if absent."""
    probe = key + "\t"
    # Tab sorts before every printable character, so the key's line comes first among
    # the lines that begin with the key.
    i = bisect_left(index, probe)
    if i < len(index) and index[i].startswith(probe):
        return [int(r) for r in index[i][len(probe):].split(" ")]
    return []


def index_probe(index: list[str], key: str) -> tuple[bool, bool]:
    """Whether ``key`` is in sorted index lines, and whether a longer key continues it with
    another word (``key + " "``): one binary search for both, which is what lets a matcher
    walk a text word by word instead of holding an automaton over every key."""
    i = bisect_left(index, key + "\t")
    known = i < len(index) and index[i].startswith(key + "\t")
    i += known
    longer = key + " "
    if i < len(index) and index[i] < longer:
        # Tab sorts before space, so the key's line is followed by those of longer keys,
        # unless some key has a control character after the key's letters.
        i = bisect_left(index, longer, i)
    return known, i < len(index) and index[i].startswith(longer)


def _gzip(text: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def write_table(path: Path, rows: list[list[str]], index: dict[str, list[int]], outlines: dict[str, str]) -> None:
    """Write the table deterministically (sorted index keys, gzip mtime 0).

    ``rows`` must be in :func:`id_sort_key` order of their ids.
    """
    kind = COLUMNS.index("kind")
    for row in rows:
        if len(row) != len(COLUMNS) or any("\t" in v or "\n" in v for v in row):
            raise ValueError(f"bad row for {row[:1]}")
    if [id_sort_key(r[0]) for r in rows] != sorted(id_sort_key(r[0]) for r in rows):
        raise ValueError("rows are not in id order")
    blocks = [
        _gzip("".join("\t".join(row) + "\n" for row in rows[i:i + ROWS_PER_BLOCK]))
        for i in range(0, len(rows), ROWS_PER_BLOCK)
    ]
    lines = [f"{MAGIC}\t{FORMAT_VERSION}", f"#places\t{len(rows)}\t{ROWS_PER_BLOCK}"]
    for n, block in enumerate(blocks):
        lines.append(f"#block\t{len(block)}\t{rows[n * ROWS_PER_BLOCK][0]}")
    lines.append("#countries\t" + " ".join(str(i) for i, row in enumerate(rows) if row[kind] == "country"))
    lines.append(_country_kind_line(rows))
    for place_id in sorted(outlines):
        lines.append(f"#outline\t{place_id}\t{outlines[place_id]}")
    lines.append("#index")
    for key in sorted(index):
        lines.append(f"{key}\t{' '.join(map(str, index[key]))}")
    Path(path).write_bytes(_gzip("\n".join(lines) + "\n") + b"".join(blocks))


def _country_kind_line(rows: list[list[str]]) -> str:
    """The ``#country_kind`` head line of ``rows`` (see the module docstring)."""
    pairs = sorted({(row[_COUNTRY], row[_KIND]) for row in rows})
    if len(pairs) > len(_CODE_DIGITS) ** 2:
        raise ValueError(f"{len(pairs)} country and kind pairs: more than two-character codes can number")
    code = {pair: _CODE_DIGITS[n // len(_CODE_DIGITS)] + _CODE_DIGITS[n % len(_CODE_DIGITS)]
            for n, pair in enumerate(pairs)}
    legend = " ".join(f"{country}:{kind}" for country, kind in pairs)
    return f"#country_kind\t{legend}\t" + "".join(code[row[_COUNTRY], row[_KIND]] for row in rows)


def _parse_country_kind(line: str, count: int) -> tuple[dict[str, tuple[str, str]], str]:
    _, legend, codes = line.split("\t")
    if len(codes) != 2 * count:
        raise ValueError("country and kind codes do not cover the rows")
    digits = len(_CODE_DIGITS)
    pairs = [tuple(sys.intern(part) for part in entry.split(":", 1)) for entry in legend.split(" ")]
    return {_CODE_DIGITS[n // digits] + _CODE_DIGITS[n % digits]: pair for n, pair in enumerate(pairs)}, codes


def read_table(path: Path) -> Table:
    """Read a table written by :func:`write_table`.

    Raises
    ------
    GazetteerDataError
        If the file is missing, not gzip, or not this format.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise GazetteerDataError(f"cannot read gazetteer file {path}: {err}") from err
    return parse_table(raw, source=str(path))


def parse_table(raw: bytes, *, source: str = "<bytes>") -> Table:
    """Decode the head of a table file (see :func:`read_table`); places load lazily."""
    path = source
    try:
        inflater = zlib.decompressobj(wbits=31)
        text = inflater.decompress(raw).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as err:
        raise GazetteerDataError(f"cannot read gazetteer file {path}: {err}") from err
    lines = text.split("\n")
    if not lines or lines[0] != f"{MAGIC}\t{FORMAT_VERSION}" or not inflater.eof:
        raise GazetteerDataError(
            f"{path} is not a conflict-geo gazetteer table of format {FORMAT_VERSION}; "
            "rebuild it with `python -m gazetteer.build`"
        )
    try:
        marker = lines.index("#index")
        _, count, per_block = lines[1].split("\t")
        offsets, first_ids = [len(raw) - len(inflater.unused_data)], []
        n = 2
        while lines[n].startswith("#block\t"):
            _, size, first_id = lines[n].split("\t")
            offsets.append(offsets[-1] + int(size))
            first_ids.append(first_id)
            n += 1
        countries = [int(r) for r in lines[n].partition("\t")[2].split()] if lines[n].startswith("#countries") else []
        country_kind = next((_parse_country_kind(line, int(count)) for line in lines[n:n + 2]
                             if line.startswith("#country_kind\t")), None)
    except (ValueError, IndexError) as err:
        raise GazetteerDataError(f"{path} has a damaged head (truncated?)") from err
    if offsets[-1] != len(raw):
        raise GazetteerDataError(f"{path} is truncated or has trailing data")
    outlines: dict[str, str] = {}
    for line in lines[n:marker]:
        if line.startswith("#outline\t"):
            _, place_id, geojson = line.split("\t", 2)
            outlines[place_id] = geojson
    index = lines[marker + 1:]
    if index and not index[-1]:
        index.pop()
    rows = Rows(raw, offsets, first_ids, int(count), int(per_block), source=path, country_kind=country_kind)
    return Table(rows=rows, index=index, outlines=outlines, version=hashlib.sha256(raw).hexdigest()[:16], raw=raw,
                 countries=countries)
