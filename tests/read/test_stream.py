"""A huge text file read chunk by chunk gives exactly what reading it whole gives."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

from geo.errors import ArticleError
from geo.read import stream
from geo.read.articles import read_article


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Every file is streamed, a few bytes at a time, its opening looked for in 60 characters."""
    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 5)
    monkeypatch.setattr(stream, "OPENING_CHARS", 60)


def _both(path):
    """``(streamed, whole)`` reads of ``path``."""
    return read_article(path, stream=True), read_article(path)


def _streamed_text(article) -> str:
    return "".join(article.streamed.chunks())


CASES = {
    # Multi-byte characters (2, 3 and 4 bytes) fall across every chunk border of 5 bytes.
    "utf8_across_borders": ("date 2020-10-04 Šuşa, Ստեփանակերտ, 北京 and 😀 were shelled.\n" * 7).encode(),
    # "\r\n" split between two chunks is one line end; a lone "\r" is one too.
    "crlf_across_borders": b"date 2020-10-04 Ganja\r\nwas\r\nshelled\rtwice.\r\n\r\n\r\n\r\nAgain.\r\n"
                           + b"a\r\nbb\r\nccc\r\ndddd\r\n" * 3,
    # A combining accent opening a chunk composes with the letter closing the one before (NFC).
    "combining_across_borders": "date 2020-10-04 Cafe\u0301 Ha\u0301dru\u0301t and Ko\u0308nig, e\u0301\u0301.\n".encode() * 5,
    # Hangul jamo compose by rule, no-break and thin spaces become spaces, BOMs inside go.
    "jamo_and_spaces": "date 2020-10-04 \u1100\u1161\u11a8 and\u00a0Stepanakert\u2009shelled\ufeff\u0301.\n".encode() * 5,
    # Runs of blank lines across chunks are shortened to one blank line; none at the ends.
    "blank_lines_across_borders": b"\n\n\n\ndate 2020-10-04 One.\n\n\n\n\n\n\nTwo.\n\n\nThree.\n\n\n\n",
    "front_matter": b"---\ntitle: Night of shelling\ndate: 2020-10-05\n---\nGanja was shelled overnight.\n",
    "month_marker": b" date 2022-05 KYIV, May 3 (Reuters) - Kharkiv was shelled.\n" * 3,
    "utf8_bom": "\ufeffdate 2020-10-04 Ganja, Şuşa.\n".encode() * 4,
    "utf16_bom": "date 2020-10-04 Ganja, Şuşa, 北京.\r\n".encode("utf-16") * 1,
    "markdown_heading": b"# Ganja shelled\n\nBy A. Writer, October 17, 2020\n\nThe city was shelled.\n",
    "stray_bytes": "date 2020-10-04 Şuşa ".encode() * 30 + b"caf\xe9 " + "Xankəndi.".encode() * 10,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_streamed_read_equals_whole_read(tmp_path, tiny_chunks, name):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(CASES[name])
    streamed, whole = _both(path)
    assert streamed.streamed is not None and streamed.text == ""
    text = _streamed_text(streamed)
    assert text == whole.text
    assert replace(streamed, text=text, streamed=None) == whole
    assert streamed.streamed.length == len(whole.text)
    assert streamed.streamed.sha256 == hashlib.sha256(whole.text.encode()).hexdigest()
    assert streamed.streamed.stripped_sha256 == hashlib.sha256(whole.text.strip().encode()).hexdigest()


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 7, 64])
def test_every_chunk_size_gives_the_same_text(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    monkeypatch.setattr(stream, "CHUNK_BYTES", chunk)
    path = tmp_path / "mixed.txt"
    path.write_bytes("date 2020-10-04 A\r\n\r\n\r\nÉe\u0301 한\u1100\u1161 😀\u00a0x\ufeff\u0301\r\nb\r".encode() * 9)
    streamed, whole = _both(path)
    assert _streamed_text(streamed) == whole.text


def test_files_up_to_the_limit_are_read_whole(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("date 2020-10-04 Ganja was shelled.\n", encoding="utf-8")
    assert read_article(path, stream=True) == read_article(path)
    assert read_article(path, stream=True).streamed is None


@pytest.mark.parametrize("content, why", [
    # Guessing a single-byte encoding looks at the whole file.
    ("date 2020-10-04 Город Гянджа обстрелян ночью. ".encode("cp1251") * 5, "cp1251"),
    # The year of a dateline without one comes from the whole text's dates.
    (b"BAKU, Oct 11 (Reuters) - Ganja was shelled.\n" + b"Nothing.\n" * 20 + b"On October 4, 2020 too.\n", "dateline"),
    # Front matter not closed within the opening looked at.
    (b"---\ntitle: T\n" + b"note: x\n" * 10 + b"---\nGanja was shelled.\n", "front matter"),
])
def test_what_only_the_whole_text_settles_is_read_whole(tmp_path, tiny_chunks, content, why):
    path = tmp_path / "whole.txt"
    path.write_bytes(content)
    streamed, whole = _both(path)
    assert streamed.streamed is None and streamed == whole


@pytest.mark.parametrize("content, reason", [
    (b" \n\t\r\n" * 10, "empty file"),
    (b"%PDF-1.4 " + b"x" * 50, "binary file (a PDF document), not text"),
    (b"plain text, then " + b"\x00" * 3 + b" in the first 64 KB", "binary file (contains NUL bytes), not text"),
    (b"\xef\xbb\xbf" + b" \n" * 10, "empty file (only whitespace)"),
    (b"---\ntitle: T\n---\n\n\n", "no text (only markup or front matter)"),
])
def test_streamed_read_fails_as_the_whole_read_does(tmp_path, tiny_chunks, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    for kwargs in ({"stream": True}, {}):
        with pytest.raises(ArticleError, match=f"^{reason.replace('(', '[(]').replace(')', '[)]')}$"):
            read_article(path, **kwargs)


def test_html_is_read_whole(tmp_path, tiny_chunks):
    path = tmp_path / "page.txt"
    path.write_text("<!doctype html><title>T</title><p>Ganja was shelled.</p>", encoding="utf-8")
    assert read_article(path, stream=True).streamed is None
