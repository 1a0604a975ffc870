"""Name normalisation: make the spellings the press uses for one place compare equal.

Two levels:

* :func:`fold` maps every character to exactly one character (lower case, no
  diacritics, Azerbaijani letters to their Latin look-alikes), so offsets in the
  folded text are offsets in the original.
* :func:`normalize` builds the comparison key of a name: the folded text with
  apostrophes dropped, hyphens and runs of spaces turned into one space, and the
  transliteration pairs of the region merged (``dzh``/``dj``/``zh``/``ch``/``c``/``j``
  -> ``j``; ``kh``/``x`` -> ``x``; ``gh``/``q``/``g`` -> ``g``; ``sh``/``s`` -> ``s``;
  ``e``/``ə``/``a`` -> ``a``; ``y`` -> ``i`` or dropped before a vowel after a
  consonant; doubled letters collapsed). :func:`normalize_with_offsets` does the
  same for running text and keeps, for every key character, the span of original
  characters it came from, which is what lets the matcher report original offsets.

Examples
--------
>>> normalize("Cəbrayıl") == normalize("Jebrail") == normalize("Dzhebrail")
True
>>> normalize("Xankəndi") == normalize("Khankendi")
True
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

#: Characters that only mark aspiration, glottal stops or elision in transliterations.
APOSTROPHES = frozenset("'\u2019\u2018\u02bc\u02bb\u02b9\u02be\u02bf`\u00b4\u055a\u055b")
#: Characters that separate the words of one name.
SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u00a0 \t\r\n\f\v_")

_SPECIAL = {
    "ə": "a", "Ə": "a", "ı": "i", "İ": "i", "ß": "s", "ø": "o", "Ø": "o", "æ": "a", "Æ": "a",
    "œ": "o", "Œ": "o", "đ": "d", "Đ": "d", "ð": "d", "ł": "l", "Ł": "l", "þ": "t", "ŀ": "l",
    "ǝ": "a", "Ǝ": "a", "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'",
}
_VOWELS = frozenset("aeiou")
_LATIN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
# Multi-letter transliterations, longest first; each becomes one key character.
_DIGRAPHS = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("ch", "j"), ("kh", "x"), ("gh", "g"), ("sh", "s"), ("ou", "u"),
)
_SINGLE = {"c": "j", "q": "g", "e": "a", "y": "i"}
#: The digraphs by their first letter, in the order of _DIGRAPHS (most letters start none).
_DIGRAPHS_AT = {first: tuple(d for d in _DIGRAPHS if d[0][0] == first) for first in {src[0] for src, _ in _DIGRAPHS}}
#: The Arabic article as the press attaches it to the next word of a name ("al-Hudaydah",
#: "Deir ez-Zor", "Ras al Ain", "Dayr az Zawr"), sun letters assimilated. It is dropped from
#: the key when another word follows; the forms that are English words ("as", "at", "an")
#: only when a hyphen binds them ("as-Suwayda").
BOUND_ARTICLES = frozenset({
    "al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es", "et", "ez", "ud",
    "ul", "ur", "us", "uz",
})
#: The article stays when the next word is shorter ("al-Bab", "El Wak", "Al Ain").
MIN_AFTER_ARTICLE = 4
#: Article forms that are also English or Latin words: dropped only before a hyphen.
HYPHEN_ONLY_ARTICLES = frozenset({"as", "at", "an", "et", "en", "us", "ad", "ed", "er", "ur"})
_HYPHENS = frozenset("-\u2010\u2011")


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Fold one character to one character (lower case, base letter, no diacritics)."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    lower = ch.lower()
    if len(lower) != 1:
        lower = ch
    decomposed = unicodedata.normalize("NFKD", lower)
    base = decomposed[0] if decomposed else lower
    if unicodedata.combining(base) or len(base.lower()) != 1:
        return lower
    base = base.lower()
    return _SPECIAL.get(base, base)


def fold(text: str) -> str:
    """Fold text character by character; the result has the same length as ``text``.

    Examples
    --------
    >>> fold("Şuşa, Tərtər")
    'susa, tartar'
    """
    return "".join(map(fold_char, text))


def normalize_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """Normalise running text and keep where each key character came from.

    Returns
    -------
    key : str
        The normalised text (see the module docstring).
    starts, ends : list[int]
        For each character of ``key``, the span ``text[starts[i]:ends[i]]`` it stands for.
    """
    key, offsets = normalize_with_spans(text)
    return key, [offsets.start(i) for i in range(len(key))], [offsets.end(i) for i in range(len(key))]


class KeyOffsets:
    """Where each character of a normalised text came from, looked up on demand.

    Building two offset lists for every character of a long article costs more than the
    matching itself; a matcher needs the offsets of a few dozen matches only. Pieces are
    stored per token (``key`` position, ``text`` position, offsets relative to the token)
    and found by bisection.
    """

    __slots__ = ("key_at", "text_at", "starts", "ends")

    def __init__(self) -> None:
        self.key_at: list[int] = []
        self.text_at: list[int] = []
        self.starts: list[tuple[int, ...]] = []
        self.ends: list[tuple[int, ...]] = []

    def start(self, i: int) -> int:
        """Offset in the original text where key character ``i`` begins."""
        j = bisect_right(self.key_at, i) - 1
        return self.text_at[j] + self.starts[j][i - self.key_at[j]]

    def end(self, i: int) -> int:
        """Offset in the original text just after key character ``i``."""
        j = bisect_right(self.key_at, i) - 1
        return self.text_at[j] + self.ends[j][i - self.key_at[j]]


_ONE = (0,)


def normalize_with_spans(text: str) -> tuple[str, KeyOffsets]:
    """:func:`normalize_with_offsets` with the offsets as a :class:`KeyOffsets` lookup."""
    folded = fold(text)
    parts: list[str] = []
    offsets = KeyOffsets()
    key_at, text_at, rel_starts_of, rel_ends_of = offsets.key_at, offsets.text_at, offsets.starts, offsets.ends
    size = 0  # characters of key so far
    last = ""  # last key character
    tokens = _TOKEN.findall(folded)
    pos = 0
    joined = False  # the previous token was an apostrophe inside a word ("Mart'akert")
    article_at = -1  # where a dropped article began: the next word's span starts there
    for t, (word, apostrophes, separators, other) in enumerate(tokens):
        length = len(word or apostrophes or separators or other)
        if word and not joined and _is_article(word, tokens, t) and not text[pos:pos + length].isupper():
            # ("US-backed" is no article: an all-caps word is an acronym)
            article_at = pos if article_at < 0 else article_at
            pos += length + len(tokens[t + 1][2])  # the article and the separator after it
            continue
        if article_at >= 0 and not word:
            continue  # the separator after the article, already counted
        if word:
            key, rel_starts, rel_ends = _normalize_word(word)
            if article_at >= 0 and key:
                shift = pos - article_at
                rel_starts = (0, *(s + shift for s in rel_starts[1:]))
                rel_ends = tuple(e + shift for e in rel_ends)
                pos, article_at = article_at, -1
                length += shift
            if joined and last == key[0] and last in _LATIN_LETTERS:
                # a doubled letter across the apostrophe: the earlier key character grows
                rel_ends_of[-1] = (*rel_ends_of[-1][:-1], pos + rel_ends[0] - text_at[-1])
                key, rel_starts, rel_ends = key[1:], rel_starts[1:], rel_ends[1:]
            if key:
                parts.append(key)
                key_at.append(size)
                text_at.append(pos)
                rel_starts_of.append(rel_starts)
                rel_ends_of.append(rel_ends)
                size += len(key)
                last = key[-1]
            joined = False
        elif apostrophes:
            following = tokens[t + 1][0] if t + 1 < len(tokens) else ""
            after = tokens[t + 2] if t + 2 < len(tokens) else None
            if following == "s" and size and (after is None or not after[0]):
                # A possessive "'s" ends the word ("Baku's"); other apostrophes vanish.
                parts.append(" ")
                key_at.append(size)
                text_at.append(pos)
                rel_starts_of.append(_ONE)
                rel_ends_of.append((1,))
                size += 1
                last = " "
            else:
                joined = True
        else:
            if separators:
                joined = False
                if not size:
                    pos += length
                    continue
                if last == " ":
                    rel_ends_of[-1] = (pos + length - text_at[-1],)
                    pos += length
                    continue
                char = " "
            else:
                char = other
                length = 1
                joined = False
            parts.append(char)
            key_at.append(size)
            text_at.append(pos)
            rel_starts_of.append(_ONE)
            rel_ends_of.append((length,))
            size += 1
            last = char
        pos += length
    key = "".join(parts)
    if last == " ":
        key = key[:-1]  # its piece stays, beyond the key's end, never looked up
    return key, offsets


def _is_article(word: str, tokens: list, t: int) -> bool:
    """Whether ``tokens[t]`` (the folded word ``word``) is an article bound to the next word."""
    if word not in BOUND_ARTICLES or t + 2 >= len(tokens):
        return False
    separators, following = tokens[t + 1][2], tokens[t + 2][0]
    if not separators or len(following) < MIN_AFTER_ARTICLE or separators.strip(" ") == "" and len(separators) > 1:
        # No word follows, or a double space / line break ends the name; or the rest is too
        # short to stand alone ("El Wak" without its article would be the key of "Week").
        return False
    if separators[0] in _HYPHENS:
        return len(separators) == 1
    return separators == " " and word not in HYPHEN_ONLY_ARTICLES


_TOKEN = re.compile(
    r"([^\W_]+)|([" + re.escape("".join(sorted(APOSTROPHES))) + r"]+)|([\s" + re.escape("".join(sorted(SEPARATORS)))
    + r"]+)|(.)",
    re.S,
)


@lru_cache(maxsize=200_000)
def _normalize_word(word: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Key of one folded word (letters and digits only) with offsets relative to it."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(word)
    i = 0
    while i < n:
        c = word[i]
        if c not in _LATIN_LETTERS:
            _emit(out, starts, ends, c, i, i + 1)
            i += 1
            continue
        for src, dst in _DIGRAPHS_AT.get(c, ()):
            if word.startswith(src, i):
                _emit_letter(out, starts, ends, dst, i, i + len(src))
                i += len(src)
                break
        else:
            if c == "h" and i == n - 1 and n >= 4 and word[i - 1] in "ae" and out:
                # The Arabic feminine ending: "Hodeidah" = "Hodeida", "Saadeh" = "Saada".
                ends[-1] = i + 1
                i += 1
                continue
            if c == "y":
                prev = out[-1] if out else " "
                nxt = word[i + 1] if i + 1 < n else " "
                after_consonant = prev == " " or (prev in _LATIN_LETTERS and prev not in _VOWELS)
                if nxt in _VOWELS and after_consonant:
                    # "Gyandzha", "Askyaran", "Yevlakh": a glide the other spellings omit.
                    # Its offset goes to the next key character, so "Yerevan" maps back whole.
                    glide = i
                    i += 1
                    _emit_letter(out, starts, ends, _SINGLE.get(nxt, nxt), glide, i + 1)
                    i += 1
                    continue
            _emit_letter(out, starts, ends, _SINGLE.get(c, c), i, i + 1)
            i += 1
    return "".join(out), tuple(starts), tuple(ends)


def _emit(out: list[str], starts: list[int], ends: list[int], c: str, start: int, end: int) -> None:
    out.append(c)
    starts.append(start)
    ends.append(end)


def _emit_letter(out: list[str], starts: list[int], ends: list[int], c: str, start: int, end: int) -> None:
    if out and out[-1] == c:
        # Doubled letters ("Karvacharr", "Jabrayil" -> "ii") count once.
        ends[-1] = end
        return
    _emit(out, starts, ends, c, start, end)


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Comparison key of a place name (see the module docstring).

    Examples
    --------
    >>> normalize("Nagorno-Karabakh") == normalize("nagorno  karabakh")
    True
    """
    if name.isascii() and name.isalnum():
        # One plain word (most names and the words around them): folding is lower-casing,
        # the word is one token, so its key is the word's key (as normalize_with_spans gives it).
        return _normalize_word(name.lower())[0]
    return normalize_with_spans(name.strip())[0]  # the key only: no offset lists


#: Words that designate the kind of an area and may follow or precede its name: the
#: press adds or drops them ("Kursk region" for Kursk Oblast, "Al-Jazira state").
AREA_WORDS = (
    "rayonu", "rayon", "raion", "district", "province", "region", "marz", "marzer", "shrjan", "shahari",
    "sahari", "şəhəri", "city", "municipality", "oblast", "ostan", "il", "ili", "район", "марз",
    "область", "շրջան", "մարզ",
    "governorate", "state", "county", "prefecture", "wilaya", "wilayah", "vilayet", "krai", "kray", "okrug",
    "oblast'", "oblastʼ", "voblast", "oblysy",
)


def strip_area_words(name: str) -> str:
    """Drop a trailing designator ("Tartar Rayon" -> "Tartar"); the name itself if none."""
    words = name.split()
    if len(words) > 1 and words[-1].casefold() in AREA_WORDS:
        return " ".join(words[:-1]).rstrip(",")
    return name


# On the strict key (kh is already x, gh and q g, sh s, ch/zh/j/c j): aspirated and
# sibilant pairs of the transliteration schools, then k/g (Arabic qaf is q, k or g; the
# Ukrainian h is the Russian g: Hulyaipole = Gulyaipole), z/s and w/v.
_SKELETON_PAIRS = re.compile(r"th|dh|ph|tz|ts|tc|ck")
_SKELETON_PAIR = {"th": "t", "dh": "d", "ph": "f", "tz": "s", "ts": "s", "tc": "s", "ck": "g"}
_SKELETON_SINGLE = str.maketrans("khzw", "ggsv")
_NOT_LATIN = re.compile(r"[^a-z]+")
_ASPIRATE = re.compile(r"(?:^|(?<= ))h(?=[bdfgjklmnprstvxz])")
_CLOSING_W = re.compile(r"(?<=[aeiouy])w(?![aeiouy])")
_DOUBLED = re.compile(r"(.)\1+")
_DROP_VOWELS = str.maketrans("", "", "aeiouy")
#: Loose keys shorter than this are not looked up: too many names share them.
MIN_SKELETON = 3


def skeleton(key: str) -> str:
    """The loose key of a strict key: its consonants, in order, once each.

    Transliterations of Arabic, Ukrainian, Russian and Hebrew names differ mostly in
    their vowels (Saraqeb and Saraqib, Umm Rawaba and Umm Ruwaba, Orikhiv and Orikhov,
    Hulyaipole and Huliaipole), in the article ("Deir Ezzor", "Deir ez-Zor"), in
    ``-skyi``/``-sky``/``-skiy``, in k/q/g and h/g, and in tz/ts. The loose key drops
    vowels but a leading one (as ``a``), ``y`` and a ``w`` that closes a syllable (Zawr = Zor), the spaces between
    words and a final ``h``; it merges those consonant pairs and counts doubled letters
    once (Hodeidah keeps both d's: "gdd").
    It is far looser than :func:`normalize` and many English words share a loose key with
    some village, so :mod:`gazetteer.match` uses it only for capitalised names the strict
    key does not know, and only for places of the countries the text is about.

    Examples
    --------
    >>> skeleton(normalize("Saraqeb")) == skeleton(normalize("Saraqib"))
    True
    >>> skeleton(normalize("Dayr az Zawr")) == skeleton(normalize("Deir Ezzor"))
    True
    """
    # Burmese aspirates are written with or without a leading h: Hpakant = Pakant, Hsipaw = Sipaw.
    word = _NOT_LATIN.sub("", _ASPIRATE.sub("", key))
    # A leading vowel stays, as "a": Odakli is not Dagli (Orikhiv and Orekhiv still agree).
    initial = "a" if word[:1] in _VOWELS or word[:1] == "y" else ""
    if word.endswith("h"):
        word = word[:-1]
    word = _SKELETON_PAIRS.sub(lambda m: _SKELETON_PAIR[m.group()], word)
    # "aw" closing a syllable is a vowel (Zawr = Zor, Hawran = Horan); doubled letters once,
    # but the same consonant across a vowel stays twice (Hodeidah: "gdd").
    word = _CLOSING_W.sub("", word).translate(_SKELETON_SINGLE)
    return initial + _DOUBLED.sub(r"\1", word).translate(_DROP_VOWELS)


# skeletons(): the steps of skeleton() over many keys joined by newlines, each as one pass
# of C code over the whole text (a Python call per key cost 4 s for the world table's keys).
_ASPIRATE_AFTER_LINE = re.compile(r"\nh(?=[bdfgjklmnprstvxz])")
_ASPIRATE_AFTER_SPACE = re.compile(r" h(?=[bdfgjklmnprstvxz])")
_NOT_LATIN_ASCII = str.maketrans("", "", "".join(c for c in map(chr, range(128)) if not "a" <= c <= "z" and c != "\n"))
_LINE_VOWEL = re.compile(r"\n(?=[aeiouy])")
_LINE_FINAL_H = re.compile(r"h(?=\n)")
_CLOSING_W_AFTER = re.compile(r"[aeiouy]w(?![aeiouy])")
_DOUBLED_CONSONANT = re.compile(r"([b-df-hj-np-tv-xz])\1+")
# "A" marks a leading vowel through the steps (no step touches it) and becomes the "a".
_DROP_VOWELS_MARKED = str.maketrans({**{v: None for v in "aeiouy"}, "A": "a"})


def skeletons(keys: list[str]) -> list[str]:
    """:func:`skeleton` of each of many ASCII keys, at once (the same results, ~10x faster).

    Examples
    --------
    >>> skeletons(["saragab", "dair azzur"]) == [skeleton("saragab"), skeleton("dair azzur")]
    True
    """
    if not keys:
        return []
    text = "\n" + "\n".join(keys) + "\n"
    if not text.isascii():
        raise ValueError("skeletons() takes ASCII keys")
    text = _ASPIRATE_AFTER_SPACE.sub(" ", _ASPIRATE_AFTER_LINE.sub("\n", text)).translate(_NOT_LATIN_ASCII)
    text = _LINE_FINAL_H.sub("", _LINE_VOWEL.sub("\nA", text))
    text = _SKELETON_PAIRS.sub(lambda m: _SKELETON_PAIR[m.group()], text)
    text = _CLOSING_W_AFTER.sub(lambda m: m.group()[0], text).translate(_SKELETON_SINGLE)
    return _DOUBLED_CONSONANT.sub(r"\1", text).translate(_DROP_VOWELS_MARKED)[1:-1].split("\n")


#: Compass words the press writes both ways ("North Darfur" for GeoNames "Northern Darfur"),
#: and the French ones it translates ("North Kivu" for "Nord Kivu").
DIRECTIONS = {
    "north": ("northern",), "south": ("southern",), "east": ("eastern",), "west": ("western",),
    "northern": ("north",), "southern": ("south",), "eastern": ("east",), "western": ("west",),
    "nord": ("north", "northern"), "sud": ("south", "southern"),
}
#: The Arabic article as Latin transliterations write it, assimilated forms included
#: ("Al-Jazira", "El Fasher", "Ad Damazin", "As Suwayda", "Ash Sham", "An Nabatiyah").
ARTICLES = ("al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es", "et")
_ARTICLE = re.compile(r"^(?:" + "|".join(sorted(ARTICLES, key=len, reverse=True)) + r")[-\s\u2010\u2011]+(?=[^\W\d_])",
                      re.I)


def strip_article(name: str) -> str:
    """Drop a leading Arabic article ("Al-Jazira" -> "Jazira", "El Fasher" -> "Fasher").

    The press writes the article in many ways or not at all; the bare name is the form they
    share. Returns the name itself when it has no article or nothing would remain.

    Examples
    --------
    >>> strip_article("An Nabatiyah"), strip_article("al-Fashir"), strip_article("Alma")
    ('Nabatiyah', 'Fashir', 'Alma')
    """
    rest = _ARTICLE.sub("", name, count=1)
    return rest if rest != name and len(rest) >= 3 else name


def directional_variants(name: str) -> list[str]:
    """The other compass forms of a name starting with one ("Northern Darfur" -> ["North Darfur"]).

    Examples
    --------
    >>> directional_variants("North Kordofan"), directional_variants("Nord-Kivu"), directional_variants("Darfur")
    (['Northern Kordofan'], ['North Kivu', 'Northern Kivu'], [])
    """
    m = re.match(r"(\w+)[ \-](\S.*)$", name)
    if not m or m.group(1).casefold() not in DIRECTIONS or not m.group(2)[:1].isupper():
        return []
    return [f"{other.capitalize()} {m.group(2)}" for other in DIRECTIONS[m.group(1).casefold()]]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance of two short names or keys.

    >>> edit_distance("saraqeb", "saraqib")
    1
    """
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
