"""Text shown in the terminal: control and bidirectional characters escaped.

A file name may hold a newline (a forged second summary line), an ANSI escape (colours,
a cleared screen) or a right-to-left override (``\\u202etxt.exe`` shows as ``exe.txt``).
What the CLI prints about files, and what the library logs, goes through :func:`printable`,
which writes such characters as Python escapes (``\\n``, ``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import logging
import re
import unicodedata

# C0 and C1 controls and DEL; Unicode format characters (Cf: the bidi embeddings,
# overrides, isolates and marks, zero-width characters) are matched below by category.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _escape(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control and format (bidi) characters written as escapes.

    Parameters
    ----------
    text : str
        What is about to be printed.
    keep_newlines : bool
        Leave ``\\n`` as it is (a message of several lines written by this program).

    Examples
    --------
    >>> printable("skipped a\\nb.txt: empty file")
    'skipped a\\\\nb.txt: empty file'
    >>> printable("\\u202etxt.exe")
    '\\\\u202etxt.exe'
    """
    if text.isprintable() and "\x7f" not in text:
        return text
    out = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif _CONTROL.match(char) or unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp"):
            out.append(_escape(char))
        else:
            out.append(char)
    return "".join(out)


class PrintableFormatter(logging.Formatter):
    """A log formatter whose messages are :func:`printable` (tracebacks, ours, keep their lines)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        return printable(super().formatMessage(record))
