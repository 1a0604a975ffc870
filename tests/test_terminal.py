"""Text shown in the terminal: control and bidi characters escaped, everything else untouched."""

from __future__ import annotations

import logging

import pytest

from geo.terminal import PrintableFormatter, printable


@pytest.mark.parametrize("raw, shown", [
    ("Stepanakert, Ganja, Тертер, 中文 é", "Stepanakert, Ganja, Тертер, 中文 é"),
    ("a\nb", "a\\nb"), ("a\rb\tc", "a\\rb\\tc"), ("\x1b[31mred", "\\x1b[31mred"), ("\x9bx", "\\x9bx"),
    ("\u202etxt.exe", "\\u202etxt.exe"), ("\u2066x\u2069", "\\u2066x\\u2069"), ("\u200fmark", "\\u200fmark"),
    ("zero\u200bwidth", "zero\\u200bwidth"), ("del\x7f", "del\\x7f"),
])
def test_printable(raw, shown):
    assert printable(raw) == shown


def test_our_own_newlines_can_be_kept():
    assert printable("line 2: bad\nnothing was built\x1b", keep_newlines=True) == "line 2: bad\nnothing was built\\x1b"


def test_log_messages_are_escaped():
    record = logging.LogRecord("geo", logging.WARNING, __file__, 1, "skipped %s: empty", ("a\u202eb.txt",), None)
    assert PrintableFormatter("%(message)s").format(record) == "skipped a\\u202eb.txt: empty"
