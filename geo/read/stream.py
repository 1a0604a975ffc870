"""A file too large to hold: its text decoded and cleaned chunk by chunk, never whole.

:func:`geo.read.articles.read_article` holds a file's bytes, its decoded text and the
cleaned text at once, about three times the text at the peak: for a 200 MB page dump,
most of a gigabyte. A file over :data:`STREAM_BYTES` is read here instead, twice over and
never whole: once to choose its encoding and once more, when it is read, to date it
from its opening and to hash its text (:class:`StreamedText`); the pipeline then reads it a
third time, in parts, as it extracts them. Each pass holds a chunk, never the file.

The text is exactly the one :func:`geo.read.articles.read_article` gives, piece by piece
(the tests compare them): decoding is incremental, so a character split between two
reads of the file is decoded whole; a ``\\r\\n`` split between two chunks is one line end;
NFC is applied up to a character that nothing before it can compose with; and runs of
three or more line ends are shortened across chunk borders as within them.

What is not streamed is read whole, as before: a file whose bytes are neither UTF-8 (a
few stray bytes allowed) nor UTF-16 with a byte-order mark (guessing another encoding
looks at the whole file), front matter not closed in the file's first
:data:`OPENING_CHARS` characters, and a dateline without a year whose year the article's
other dates must give (:class:`NeedsWholeText`).
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo.errors import ArticleError

__all__ = ["STREAM_BYTES", "StreamedText", "NeedsWholeText", "looks_binary", "normalized_chunks", "cleaned_chunks"]

#: Files larger than this many bytes are read streaming (every real article is far smaller).
STREAM_BYTES = 1_000_000
#: Bytes read from the file at a time.
CHUNK_BYTES = 1 << 20
#: How much of the normalised text the opening (front matter, date marker) is looked for in.
OPENING_CHARS = 1_000_000
#: How much of the cleaned text dating and the title look at: more than any of them reads.
HEAD_CHARS = 200_000
#: How much decoded text :func:`geo.read.articles.decode_article_bytes` checks for control characters.
CONTROL_SAMPLE = 200_000
#: How much of the file the binary check looks at.
BINARY_SAMPLE = 65_536

_SPACE_CHARS = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\ufeff": ""}
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\ufeff]")
_NEWLINE_RUN = re.compile(r"\n{3,}")


class NeedsWholeText(Exception):
    """The file's text cannot be read streaming; read it whole (see the module docstring)."""


@dataclass(frozen=True)
class StreamedText:
    """The text of a file too large to hold, read again chunk by chunk when wanted.

    Attributes
    ----------
    path : str
        The file.
    encoding : str
        The codec it is decoded with; ``errors`` how undecodable bytes are handled.
    skip : int
        Characters of the normalised text before the article's text (front matter, date marker).
    length : int
        Characters of the text.
    sha256 : str
        sha256 of the text (UTF-8); ``stripped_sha256`` of the text without the white space
        that opens or closes it.
    head : str
        The text's first characters (:data:`HEAD_CHARS` at most) for what reads only the top.
    """

    path: str
    encoding: str
    errors: str
    skip: int
    length: int
    sha256: str
    stripped_sha256: str
    head: str = ""

    def chunks(self) -> Iterator[str]:
        """The text, in pieces whose concatenation is it; the file is read again."""
        return cleaned_chunks(normalized_chunks(Path(self.path), self.encoding, self.errors), self.skip)


def _raw_chunks(path: Path) -> Iterator[bytes]:
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk
    except OSError as err:
        raise ArticleError(f"cannot read: {err.strerror or err}") from err


@dataclass
class DecodeChecks:
    """What :func:`geo.read.articles.decode_article_bytes` checks on the decoded text, gathered in passing."""

    sample: str = ""
    replacements: int = 0
    decoded: int = 0
    blank: bool = True


#: File signatures of what is no article: the start of the bytes -> what the file is.
_BINARY_MAGIC = {
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (docx, xlsx, epub ...)",
    b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive", b"\xd0\xcf\x11\xe0": "an old Office document",
    b"SQLite format": "an SQLite database", b"\x7fELF": "an executable",
}


def looks_binary(raw: bytes) -> str | None:
    """Why the bytes that open a file are no text (a known file signature, or a NUL byte in the
    first 64 KB), or None.

    Examples
    --------
    >>> looks_binary(b"%PDF-1.7 ...")
    'binary file (a PDF document), not text'
    >>> looks_binary("Shelling hit the town.".encode()) is None
    True
    """
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            return f"binary file ({what}), not text"
    if b"\x00" in raw[:65536]:
        return "binary file (contains NUL bytes), not text"
    return None


def choose_encoding(path: Path) -> tuple[str, str, str]:
    """``(codec, errors, sha256 of the bytes)`` of a file, as
    :func:`geo.read.articles.decode_article_bytes` would decode it, reading it chunk by chunk.

    Raises
    ------
    ArticleError
        Empty or binary (the same reasons as a whole read).
    NeedsWholeText
        Neither UTF-8 (a few stray bytes allowed) nor UTF-16 with a byte-order mark.
    """
    digest = hashlib.sha256()
    first = b""
    blank = True
    bom = None
    decoder = None
    failed = False
    for chunk in _raw_chunks(path):
        digest.update(chunk)
        blank = blank and not chunk.strip()
        if len(first) < BINARY_SAMPLE:
            first += chunk[:BINARY_SAMPLE - len(first)]
        if decoder is None:
            bom = next((codec for mark, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                                                   (codecs.BOM_UTF16_BE, "utf-16")) if chunk.startswith(mark)), None)
            decoder = codecs.getincrementaldecoder(bom or "utf-8")("strict")
        if not failed:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                failed = True
    if not failed and decoder is not None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            failed = True
    if blank:
        raise ArticleError("empty file")
    binary = None if bom else looks_binary(first)
    if binary:
        raise ArticleError(binary)
    if not failed:
        return bom or "utf-8", "strict", digest.hexdigest()
    if bom:
        raise NeedsWholeText("not UTF-8 nor UTF-16")
    # Mostly UTF-8 with a few stray bytes: the rule of decode_article_bytes, counted in passing.
    bad = good = 0
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    for chunk in _raw_chunks(path):
        text = decoder.decode(chunk)
        replaced = text.count("\ufffd")
        bad += replaced
        good += len(text) - len(text.encode("ascii", "ignore")) - replaced
    text = decoder.decode(b"", final=True)
    bad += text.count("\ufffd")
    good += len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if good and bad <= max(3, good // 20):
        return "utf-8", "replace", digest.hexdigest()
    raise NeedsWholeText("not UTF-8")


@cache
def _composing_seconds() -> frozenset[str]:
    """Characters that compose with the character before them (the second of a canonical pair)."""
    seconds = set()
    for point in range(0x110000):
        decomposition = unicodedata.decomposition(chr(point))
        if decomposition and not decomposition.startswith("<"):
            seconds.update(chr(int(code, 16)) for code in decomposition.split()[1:])
    # Hangul vowels and final consonants compose with the syllable before them, by rule.
    seconds.update(chr(point) for point in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)))
    return frozenset(seconds)


def _stable(char: str) -> bool:
    """Whether NFC never joins ``char`` to what stands before it: a border between chunks may fall there."""
    return char < "\x80" or (not unicodedata.combining(char) and not unicodedata.decomposition(char)
                             and char not in _composing_seconds())


def _nfc_border(text: str) -> int:
    """The last index of ``text`` before which it may be cut and normalised in two (0 if none)."""
    for index in range(len(text) - 1, 0, -1):
        if _stable(text[index]):
            return index
    return 0


def normalized_chunks(path: Path, encoding: str, errors: str, checks: DecodeChecks | None = None) -> Iterator[str]:
    """The file decoded and normalised as :func:`geo.read.text.normalize_text` does the whole
    text, in pieces; ``checks`` gathers what decoding checks."""
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    carry = ""
    for chunk in itertools.chain(_raw_chunks(path), [None]):
        decoded = decoder.decode(chunk, final=False) if chunk is not None else decoder.decode(b"", final=True)
        if checks is not None:
            if len(checks.sample) < CONTROL_SAMPLE:
                checks.sample += decoded[:CONTROL_SAMPLE - len(checks.sample)]
            checks.replacements += decoded.count("\ufffd")
            checks.decoded += len(decoded)
            checks.blank = checks.blank and not decoded.strip("\ufeff \t\n\r")
        text = carry + decoded
        held = ""
        if chunk is not None and text.endswith("\r"):
            text, held = text[:-1], "\r"  # "\r\n" split between two chunks is one line end
        # Line ends and spaces before the border is looked for: a BOM removed may join a
        # letter to the accent after it, which NFC then composes.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _SPACES.sub(lambda m: _SPACE_CHARS[m.group()], text)
        cut = _nfc_border(text) if chunk is not None else len(text)
        carry = text[cut:] + held
        if cut:
            yield unicodedata.normalize("NFC", text[:cut])
    if carry:
        yield unicodedata.normalize("NFC", carry)


def cleaned_chunks(normalized: Iterator[str], skip: int) -> Iterator[str]:
    """The article's text from the normalised text: its first ``skip`` characters left out,
    runs of three or more line ends shortened to two, line ends at both ends removed."""
    pending = 0
    started = False
    for piece in normalized:
        if skip:
            piece, skip = piece[skip:], max(0, skip - len(piece))
        body = piece.lstrip("\n")
        run = pending + len(piece) - len(body)
        if not body:
            pending = run
            continue
        text = body.rstrip("\n")
        pending = len(body) - len(text)
        if started and run:
            yield "\n" * min(run, 2)
        started = True
        yield _NEWLINE_RUN.sub("\n\n", text)
