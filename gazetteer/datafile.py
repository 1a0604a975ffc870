"""The shipped gazetteer table: one gzip'd, tab-separated file, written and read here.

Layout (UTF-8 text inside gzip, ``\\n`` line ends):

* line 1: ``#conflict-geo-gazetteer<TAB>1`` (format name and version);
* one line per place, columns :data:`COLUMNS`, ``names`` joined with ``|``;
* ``#outline<TAB><place id><TAB><GeoJSON>`` lines for regions that carry polygons;
* ``#index`` then one ``<key><TAB><row> <row> ...`` line per normalised name key,
  rows being 0-based place line numbers. The builder computes the keys so loading
  needs no normalisation at all, which keeps :meth:`Gazetteer.default` fast.

The gzip header has no file name and mtime 0, so the same input gives the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.errors import GazetteerDataError

MAGIC = "#conflict-geo-gazetteer"
FORMAT_VERSION = "1"
COLUMNS = (
    "id", "name", "lat", "lon", "country", "kind", "population", "admin1", "admin2", "source",
    "radius_km", "names",
)


@dataclass
class Table:
    """The decoded file, left as text lines so loading stays fast.

    ``rows`` are the place lines (split them on tabs for :data:`COLUMNS`); ``index`` are
    the ``key<TAB>rows`` lines in sorted key order, searched with :func:`index_rows`.
    """

    rows: list[str]
    index: list[str]
    outlines: dict[str, str] = field(default_factory=dict)
    version: str = ""
    raw: bytes = b""  # the file's bytes, which is what a pickled gazetteer carries


def index_rows(index: list[str], key: str) -> list[int]:
    """Row numbers of ``key`` in sorted index lines (binary search), ``[]`` if absent."""
    probe = key + "\t"
    # Tab sorts before every printable character, so the key's line comes first among
    # the lines that begin with the key.
    i = bisect_left(index, probe)
    if i < len(index) and index[i].startswith(probe):
        return [int(r) for r in index[i][len(probe):].split(" ")]
    return []


def write_table(path: Path, rows: list[list[str]], index: dict[str, list[int]], outlines: dict[str, str]) -> None:
    """Write the table deterministically (sorted index keys, gzip mtime 0)."""
    lines = [f"{MAGIC}\t{FORMAT_VERSION}"]
    for row in rows:
        if len(row) != len(COLUMNS) or any("\t" in v or "\n" in v for v in row):
            raise ValueError(f"bad row for {row[:1]}")
        lines.append("\t".join(row))
    for place_id in sorted(outlines):
        lines.append(f"#outline\t{place_id}\t{outlines[place_id]}")
    lines.append("#index")
    for key in sorted(index):
        lines.append(f"{key}\t{' '.join(map(str, index[key]))}")
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(payload)
    Path(path).write_bytes(buffer.getvalue())


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
    """Decode the bytes of a table file (see :func:`read_table`)."""
    path = source
    try:
        text = gzip.decompress(raw).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as err:
        raise GazetteerDataError(f"cannot read gazetteer file {path}: {err}") from err
    lines = text.split("\n")
    if not lines or lines[0] != f"{MAGIC}\t{FORMAT_VERSION}":
        raise GazetteerDataError(
            f"{path} is not a conflict-geo gazetteer table of format {FORMAT_VERSION}; "
            "rebuild it with `python -m gazetteer.build`"
        )
    try:
        marker = lines.index("#index")
    except ValueError as err:
        raise GazetteerDataError(f"{path} has no index section (truncated?)") from err
    rows = lines[1:marker]
    outlines: dict[str, str] = {}
    while rows and rows[-1].startswith("#outline\t"):
        _, place_id, geojson = rows.pop().split("\t", 2)
        outlines[place_id] = geojson
    index = lines[marker + 1:]
    if index and not index[-1]:
        index.pop()
    return Table(rows=rows, index=index, outlines=outlines, version=hashlib.sha256(raw).hexdigest()[:16], raw=raw)
