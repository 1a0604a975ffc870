"""A huge article is extracted in parts: time and memory grow with its size, not its square.

Extraction looks at sentences, clauses and the names around each place; some of that
work grows faster than the text (a matcher comparing every name with every other), which
no news article notices and a 5 MB page dump on one line does. :func:`split_article` cuts
an article longer than :data:`PART_CHARS` at paragraph breaks (else line breaks, sentence
ends, spaces) into parts of at most that size; each part is extracted on its own, and
:func:`merge_extractions` puts the results back together, every offset shifted to the
whole article's text, every incident and mention keeping the file as its source.

Articles up to :data:`PART_CHARS` (every real article we know of is far below) are one
part, extracted exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from geo.model import Article, ArticleExtraction

#: Articles longer than this many characters are extracted in parts of at most this size.
PART_CHARS = 100_000

#: Where a part may end, best first: a paragraph, a line, a sentence, a word.
_BREAKS = ("\n\n", "\n", ". ", " ")


def _cut(text: str, start: int, limit: int) -> int:
    """Where the part of ``text`` starting at ``start`` ends (``len(text) - start > limit``)."""
    end = start + limit
    for mark in _BREAKS:
        found = text.rfind(mark, start + limit // 2, end)
        if found != -1:
            return found + len(mark)  # past start: found lies in the part's second half
    return end


def part_spans(text: str, limit: int = PART_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of the parts of ``text``: each at most ``limit`` long, cut at the best
    break in its second half (see :data:`_BREAKS`), or at ``limit`` when there is none.

    Examples
    --------
    >>> part_spans("one two. three four", limit=10)
    [(0, 9), (9, 19)]
    """
    spans = []
    start = 0
    while len(text) - start > limit:
        cut = _cut(text, start, limit)
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def stream_parts(chunks: Iterable[str], limit: int = PART_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, text)`` of the parts of the text made of ``chunks``, cut as :func:`part_spans`
    cuts the whole text, holding at most a part and a chunk of it."""
    buffer, offset = "", 0
    for chunk in chunks:
        buffer += chunk
        while len(buffer) > limit:
            cut = _cut(buffer, 0, limit)
            yield offset, buffer[:cut]
            buffer, offset = buffer[cut:], offset + cut
    yield offset, buffer


def split_article(article: Article, limit: int | None = None) -> list[tuple[int, Article]]:
    """``(offset, part)`` of ``article``: itself when short enough (``limit``, default
    :data:`PART_CHARS`), else parts of its text that keep its name, date and title."""
    limit = PART_CHARS if limit is None else limit
    if len(article.text) <= limit:
        return [(0, article)]
    return [(start, replace(article, text=article.text[start:end])) for start, end in part_spans(article.text, limit)]


def iter_parts(article: Article, limit: int | None = None) -> Iterator[tuple[int, Article]]:
    """:func:`split_article`, one part at a time; an article read streaming
    (:mod:`geo.read.stream`) is read again from its file, part by part, never whole."""
    if article.streamed is None:
        yield from split_article(article, limit)
        return
    limit = PART_CHARS if limit is None else limit
    whole = replace(article, streamed=None)
    for offset, text in stream_parts(article.streamed.chunks(), limit):
        yield offset, replace(whole, text=text)


def merge_extractions(name: str, parts: list[tuple[int, ArticleExtraction]]) -> ArticleExtraction:
    """One extraction of article ``name`` from those of its parts, ``(offset, extraction)``.

    Evidence, place mentions and unresolved names get offsets into the whole text.
    """
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    incidents, mentions, unresolved, warnings = [], [], [], []
    for offset, extraction in sorted(parts, key=lambda part: part[0]):
        incidents += [replace(incident, evidence=tuple(replace(e, start=e.start + offset, end=e.end + offset)
                                                       for e in incident.evidence))
                      for incident in extraction.incidents]
        mentions += [replace(m, start=m.start + offset, end=m.end + offset) for m in extraction.mentions]
        unresolved += [replace(u, start=u.start + offset, end=u.end + offset) for u in extraction.unresolved]
        warnings += [w for w in extraction.warnings if w not in warnings]
    return ArticleExtraction(article=name, incidents=tuple(incidents), mentions=tuple(mentions),
                             warnings=tuple(warnings), unresolved=tuple(unresolved))
