"""The table file: written and read back, its head's country and kind codes included."""

from __future__ import annotations

import gzip
import io
import zlib

from gazetteer.datafile import COLUMNS, ROWS_PER_BLOCK, read_table, write_table
from gazetteer.gazetteer import DATA_PATH


def _row(number: int, country: str, kind: str) -> list[str]:
    values = {"id": f"gn:{number}", "name": f"Place {number}", "lat": "1.0", "lon": "2.0", "country": country,
              "kind": kind, "population": "0", "admin1": "", "admin2": "", "source": "geonames", "radius_km": "0",
              "names": f"Place {number}"}
    return [values[c] for c in COLUMNS]


def _rows(n: int) -> list[list[str]]:
    pairs = [("UA", "village"), ("SD", "town"), ("", "region"), ("UA", "country"), ("AM", "city")]
    return [_row(i, *pairs[i % len(pairs) if i % 7 else 2]) for i in range(1, n + 1)]


def test_country_and_kind_come_from_the_head_without_decompressing_a_block(tmp_path):
    rows = _rows(3 * ROWS_PER_BLOCK + 10)
    write_table(tmp_path / "t.gz", rows, {"place": [0]}, {})
    table = read_table(tmp_path / "t.gz")
    assert [table.rows.country_and_kind(i) for i in range(len(rows))] == [(r[4], r[5]) for r in rows]
    assert table.rows._blocks == [None] * len(table.rows._blocks) and table.rows._last_read[0] == -1


def test_a_file_without_the_codes_reads_them_from_its_blocks(tmp_path):
    rows = _rows(ROWS_PER_BLOCK + 3)
    write_table(tmp_path / "t.gz", rows, {"place": [0]}, {})
    # the same file as the builder wrote it before the codes: no #country_kind line in its head
    raw = (tmp_path / "t.gz").read_bytes()
    inflater = zlib.decompressobj(wbits=31)
    head = inflater.decompress(raw).decode()
    blocks = raw[len(raw) - len(inflater.unused_data):]
    old_head = "\n".join(line for line in head.split("\n") if not line.startswith("#country_kind\t"))
    assert old_head != head
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as gz:
        gz.write(old_head.encode())
    (tmp_path / "old.gz").write_bytes(buffer.getvalue() + blocks)
    table = read_table(tmp_path / "old.gz")
    assert not table.rows._codes
    assert [table.rows.country_and_kind(i) for i in range(len(rows))] == [(r[4], r[5]) for r in rows]


def test_the_shipped_table_has_the_codes_and_they_agree_with_its_rows():
    table = read_table(DATA_PATH)
    assert len(table.rows._codes) == 2 * len(table.rows)
    for i in range(0, len(table.rows), 997):
        values = table.rows[i].split("\t")
        assert table.rows.country_and_kind(i) == (values[COLUMNS.index("country")], values[COLUMNS.index("kind")])
