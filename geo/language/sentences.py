"""Split article text into sentences and sentences into clauses, keeping character offsets.

News copy breaks naive splitters in predictable places: abbreviations ("U.S.", "Oct.",
"Gen.", "a.m."), quotations that end a sentence (``said. "We ...``), photo captions glued
to the next paragraph, and hard-wrapped lines inside a sentence. The rules here are
small and explicit so a reader can predict every boundary.

Examples
--------
>>> [s.text for s in split_sentences("The U.S. said so. Oct. 12 was calm.")]
['The U.S. said so.', 'Oct. 12 was calm.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Span", "split_sentences", "split_clauses", "paragraph_starts"]


@dataclass(frozen=True)
class Span:
    """A piece of text with its character offsets in the text it was cut from."""

    start: int
    end: int
    text: str


#: Abbreviations that never end a sentence (lower-cased, without the final period).
ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    mr mrs ms dr prof gen lt col maj capt cpt sgt adm brig cmdr gov sen rep rev st mt
    no nos vs etc approx est dept inc corp co ltd jr sr fig
    """.split()
)

#: Dotted abbreviations that end a sentence only when the next word starts one
#: ("... for the U.S. The ..." ends; "the U.S. State Department" does not).
DOTTED_ABBREVIATIONS = frozenset(
    ["u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "e.g", "i.e", "d.c"]
)

#: Words that typically open an English news sentence; used after dotted abbreviations.
SENTENCE_OPENERS = frozenset(
    """
    the a an it he she they we i this that these those there but and in on at
    after before during while when his her their its our
    """.split()
)

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9À-ÖØ-Þ])")
_MARKDOWN_LINE = re.compile(r"^\s*(?:#{1,6}\s|[-*+>]\s|\d+[.)]\s|\|)")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
#: A word longer than this is no abbreviation: the window :func:`_is_false_boundary` looks in.
_LONGEST_TOKEN = 64
#: The word after a boundary (after spaces and opening quotes or brackets).
_NEXT_WORD = re.compile(r"\s*[\"'“‘(\[]*([A-Za-z]+)")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph-like blocks: blank lines always separate; a single newline separates
    unless the next line continues the sentence (starts lower-case or with punctuation)."""
    blocks: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    current: tuple[int, int] | None = None
    previous_line = ""
    for start, end in spans:
        line = text[start:end]
        if not line.strip():
            if current:
                blocks.append(current)
            current = None
            previous_line = ""
            continue
        continues = (
            current is not None
            and not _MARKDOWN_LINE.match(line)
            and not _MARKDOWN_LINE.match(previous_line)
            and (line.lstrip()[:1].islower() or line.lstrip()[:1] in ",;:)–—-")
            and not previous_line.rstrip().endswith((".", "!", "?", "”", '"'))
        )
        if continues:
            current = (current[0], end)
        else:
            if current:
                blocks.append(current)
            current = (start, end)
        previous_line = line
    if current:
        blocks.append(current)
    return blocks


def _is_false_boundary(block: str, dot: int, after: int) -> bool:
    """True when the period at ``dot`` belongs to an abbreviation or initial (``after``: where
    the text after the boundary starts)."""
    if block[dot] != ".":
        return False
    # Only the last word before the period matters: look at a window, not the whole block
    # before it (which made a one-line article of n characters cost n² to split).
    match = _TOKEN_BEFORE.search(block, max(0, dot - _LONGEST_TOKEN), dot)
    if not match:
        return False
    token = match.group(1).lstrip("\"'“‘([").lower()
    if token in ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isalpha():  # an initial: "John F. Kennedy"
        return True
    if token in DOTTED_ABBREVIATIONS:
        next_word = _NEXT_WORD.match(block, after)
        return not (next_word and next_word.group(1).lower() in SENTENCE_OPENERS)
    return False


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences.

    Parameters
    ----------
    text : str
        Article text (plain text or markdown).

    Returns
    -------
    list[Span]
        Sentences in order, stripped of surrounding whitespace, with offsets into ``text``.

    Examples
    --------
    >>> [s.text for s in split_sentences('He said. “We will win.” Gen. Smith left at 9 a.m. The end.')]
    ['He said.', '“We will win.”', 'Gen. Smith left at 9 a.m.', 'The end.']
    """
    sentences: list[Span] = []
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        cursor = 0
        for match in _BOUNDARY.finditer(block):
            if _is_false_boundary(block, match.start(), match.end()):
                continue
            _append(sentences, text, block_start + cursor, block_start + match.end())
            cursor = match.end()
        _append(sentences, text, block_start + cursor, block_end)
    return sentences


def _append(out: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip())
    out.append(Span(start, start + len(stripped), stripped))


def paragraph_starts(text: str) -> list[int]:
    """Start offsets of the paragraph blocks of ``text`` (as used by :func:`split_sentences`)."""
    return [start for start, _ in _blocks(text)]


#: Where a sentence splits into clauses that can report different events.
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:while|whereas|but|although|though|as well as)\b)"
    r"|\s+(?=(?:while|whereas)\b)"
    r"|,?\s+(?=(?:after|before)\s+(?!(?:the\s+)?(?:\d|dawn|midnight|noon|sunday|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|january|february|march|april|may|june|july|august|september"
    r"|october|november|december)))"
    r"|,\s+(?=and\s+(?:the|a|an|its|his|her|their|(?-i:[A-Z]))\b)"
    r"|,\s+(?=and\s+(?:denied|said|added|claimed|accused|rejected|reported|announced|insisted)\b)",
    re.IGNORECASE,
)


def split_clauses(sentence: Span) -> list[Span]:
    """Split a sentence into clauses at conjunctions that start a new statement.

    Breaks at ``;``, ``, while``, ``, but``, ``after``/``before`` + a clause (not a
    date), and ``, and the ...``. Offsets stay relative to the original text.

    Examples
    --------
    >>> s = Span(0, 60, "Six were killed, the ministry said, while Baku said none died.")
    >>> [c.text for c in split_clauses(s)]
    ['Six were killed, the ministry said,', 'while Baku said none died.']
    """
    clauses: list[Span] = []
    cursor = 0
    text = sentence.text
    for match in _CLAUSE_BREAK.finditer(text):
        if match.start() <= cursor:
            continue
        piece = text[cursor:match.start() + (1 if text[match.start()] in ",;" else 0)]
        if len(piece.split()) >= 3:
            _append_clause(clauses, sentence, cursor, cursor + len(piece))
            cursor = match.end()
    _append_clause(clauses, sentence, cursor, len(text))
    return clauses


def _append_clause(out: list[Span], sentence: Span, start: int, end: int) -> None:
    piece = sentence.text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip())
    out.append(Span(sentence.start + start, sentence.start + start + len(stripped), stripped))
