"""dates.csv: impossible dates are rejected with their line; a file that cannot be read stops with one line."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from geo.errors import DatesFileError
from geo.read.articles import read_dates_csv, read_folder


def test_dates_after_today_or_before_1900_are_rejected_with_their_line(tmp_path, caplog):
    path = tmp_path / "dates.csv"
    path.write_text("file,date\na.txt,2099-01-01\nb.txt,1899-12-31\nc.txt,2020-10-04\nd.txt,1900-01-01\n",
                    encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo.read.articles"):
        dates = read_dates_csv(path, today=date(2026, 12, 4))
    assert dates == {"c.txt": date(2020, 10, 4), "d.txt": date(1900, 1, 1)}
    assert f"{path} line 2: 2099-01-01 is after today, not a publication date; row ignored" in caplog.text
    assert f"{path} line 3: 1899-12-31 is before 1900, not a publication date; row ignored" in caplog.text


def test_dates_csv_that_is_a_folder_names_the_fix(tmp_path):
    (tmp_path / "a.txt").write_text("October 17, 2020\n\nText.\n", encoding="utf-8")
    (tmp_path / "dates.csv").mkdir()
    with pytest.raises(DatesFileError, match="dates.csv is a folder, not a dates.csv file: rename or remove it"):
        read_folder(tmp_path)


def test_unreadable_dates_csv_names_the_fix(tmp_path, monkeypatch):
    path = tmp_path / "dates.csv"
    path.write_text("file,date\n", encoding="utf-8")
    original = type(path).read_bytes

    def read_bytes(self):
        if self.name == "dates.csv":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(type(path), "read_bytes", read_bytes)
    with pytest.raises(DatesFileError, match=r"cannot read .*dates.csv \(Permission denied\): fix its permissions"):
        read_dates_csv(path)


def test_dates_csv_field_over_128_kb_names_its_line(tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("file,date\na.txt,2020-10-04\n\"" + "x" * 200_000 + "\",2020-10-04\n", encoding="utf-8")
    with pytest.raises(DatesFileError, match=r"dates.csv line 3 is not CSV \(field larger than field limit"):
        read_dates_csv(path)
