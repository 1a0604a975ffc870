"""Cells of the CSV files a spreadsheet may open: text that would start a formula is neutralised.

A file named ``=HYPERLINK("http://evil","click").txt`` puts its name into ``articles`` and
``evidence`` cells; Excel, LibreOffice and Google Sheets run a cell that starts with ``=``,
``+``, ``-`` or ``@`` (and, after a tab or carriage return, the same). OWASP's rule
(CSV injection) is to prefix such a text cell with a single quote, which the spreadsheet
shows as text and does not evaluate. Numbers are left as they are (``-12.5`` is a number).
"""

from __future__ import annotations

#: A text cell starting with one of these is read as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """``value``, with ``'`` before a text that a spreadsheet would run as a formula.

    Examples
    --------
    >>> neutralise_formula('=HYPERLINK("http://evil.example","x")')
    '\\'=HYPERLINK("http://evil.example","x")'
    >>> neutralise_formula(-12.5), neutralise_formula("Stepanakert")
    (-12.5, 'Stepanakert')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
