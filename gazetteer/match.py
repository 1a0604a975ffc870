"""Find the place names of a text in one pass over its words, then drop what is not a place.

The text is normalised (:func:`gazetteer.normalize.normalize_with_spans`) with a map
back to original offsets, so every spelling the gazetteer knows of a name matches and
each match reports the span of the original text. Matches are whole words, longest
first from the left, non-overlapping. When some place is written as the text writes the
name, places that share only its transliteration key are not candidates ("Berd" is the
Armenian town, not Barda). Then these rules drop non-places:

* lower-case occurrences never match (a town called "Union" is not "the union"), nor do
  the curated common words, given names and demonyms of ``data/stoplist.txt``;
* a name followed by an organisation word ("Minsk Group", "Minsk process", "Astana
  format") or preceded by one ("OSCE Minsk") names an organisation; followed by a
  feature word ("Araks river") it names a river or a range, not the village;
* a name directly beside another capitalised word that is neither a place, a common
  word nor a geographic word ("Anna Shushanyan", "Hikmet Hajiyev", "Arman Tatoyan") is part
  of a person's or an organisation's name (in Title Case headlines, only a neighbouring
  place name or a known given name counts: "Kenneth Roth"); a possessive ends a name, so
  "Azerbaijan's Ganja" is two places;
* places outside the text's area and weak matches need a location slot or a neighbour
  (see :mod:`gazetteer.area`): "Roth said" is not the German town, "Seven
  soldiers" not Sevan, "Car owners" not a village;
* an all-caps word matches only a place spelled exactly so ("BAKU", not "OSCE");
* keys shorter than three characters match only as an acronym a place is known by
  ("US", "UK"); all-caps words under four letters likewise ("PAN", "AP" never).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from gazetteer.area import TextArea, lower_case_words, title_case_line, voted_countries
from gazetteer.loose_index import LooseIndex
from gazetteer.multipattern import new_automaton
from gazetteer.normalize import fold, normalize, normalize_with_spans, skeleton
from gazetteer.place import Place
from gazetteer.rank import DEMONYM_KEYS
from gazetteer.stoplist import load_stoplist

#: Shorter keys match only as an acronym some place is known by ("US", "UK").
MIN_KEY_LENGTH = 3
# Adjacent means one space apart: a line break or a double space ends a caption or credit.
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’.-]*) $")
_WORD_AFTER = re.compile(r"^ ([^\W\d_][\w'’-]*)")
_POSSESSIVE = re.compile(r"['’]s$|s['’]$")
_ORG_AFTER = re.compile(r"^(?:'s|’s)? ([^\W\d_][\w'’-]*)")
#: A word of a text as plain keys are made of them: letters and digits. A plain key is
#: words joined by single spaces; everything else in a text separates words.
_PLAIN_WORD = re.compile(r"[^\W_]+")
#: Finds the keys that are not plain (see :meth:`gazetteer.Gazetteer.keys_where`): a character
#: other than a letter, digit or space, or a space that is not single between two words.
_NOT_PLAIN_KEY = re.compile(r"[^\w \n]|_|  | \n|\n ")


@dataclass(frozen=True)
class NameMatch:
    """A gazetteer name found in a text: ``text[start:end] == surface``.

    ``candidates`` are every place having that name, most plausible first (the name as
    written, population, kind: see :mod:`gazetteer.rank`).
    """

    start: int
    end: int
    surface: str
    candidates: tuple[Place, ...]
    #: Found by the loose key only (:func:`gazetteer.normalize.skeleton`): the text spells
    #: the name in a way the data does not list ("Saraqeb" for Saraqib).
    loose: bool = False


@dataclass(frozen=True)
class UnresolvedName:
    """A capitalised name of a text that looks like a place but was given none.

    ``text[start:end] == surface``. ``reason`` is ``"unknown"`` when the gazetteer has no
    place of that name (not even by its loose key), ``"outside_area"`` when it has some but
    none fits the countries and places the text is about.
    """

    start: int
    end: int
    surface: str
    reason: str


#: A capitalised word (letters first), as the loose matcher and the unresolved list read names.
_CAP_WORD = re.compile(r"[^\W\d_][\w'’]*")
#: What may stand between two words of one name: a space or hyphen, or an article ("Deir ez-Zor").
_NAME_GLUE = re.compile(r"^(?:[ -]|[ -](?:al|el|ez|az|ad|adh|as|ash|ar|at|ath|an|ed|es|er|en|ul|ud|ur|us|uz)[ -])$")
#: A name the press writes with a lower-case article: "al-Kamlin", "ez-Zor" (the name itself capitalised).
_LOWER_ARTICLE = re.compile(r"^(?:al|el|ad|adh|an|ar|as|ash|at|ath|az|ed|en|er|es|et|ez|ud|ul|ur|us|uz)[ -]")


#: A lower-case compass word that makes one name with the capitalised name after it: "southern
#: Lebanon" is the region South Lebanon when the gazetteer knows it so, else Lebanon.
_LOWER_COMPASS = re.compile(r"^(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central) ")


def _capitalised(surface: str) -> bool:
    """Whether a name is written capitalised, after a lower-case article or compass word if any
    ("al-Kamlin", "southern Lebanon")."""
    compass = _LOWER_COMPASS.match(surface)
    if compass:
        surface = surface[compass.end():]
    article = _LOWER_ARTICLE.match(surface)
    return surface[article.end() if article else 0:][:1].isupper()
#: Capitalised words that stand in a location slot but are times, not places ("in April",
#: "on Monday"): never looked up by loose key, never reported unresolved.
CALENDAR_WORDS = frozenset(normalize(w) for w in (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Christmas", "Easter",
    "Ramadan", "Eid", "Spring", "Summer", "Autumn", "Winter",
))
#: At most this many capitalised words make one name ("Umm Rawaba", "Kiryat Shmona", "Ras al Ain").
MAX_NAME_WORDS = 4
#: Loose (vowel-free) keys are looked up only for names of at least this many letters.
MIN_LOOSE_LETTERS = 5
#: "in X", "the village of X", "X village": where an unknown capitalised name is probably a place.
_UNRESOLVED_SLOT = re.compile(
    r"\b(?:in|at|near|outside|into|towards?|from|(?:town|city|village|settlement|hamlet|region|district|province|"
    r"governorate|oblast|state|county|camp)s?\s+of)\s+(?:the\s+)?$",
    re.I,
)
_NEXT_WORD = re.compile(r"^(?:'s|’s)?\s+([a-z]+)\b")
#: Lower-case words that may follow a place name (a verb of the report, a preposition, a conjunction).
_FUNCTION_WORDS = frozenset(
    "and or but on in at of to from by for with near after before during as where which that when while was were is "
    "are has had have said says came fell remained the under amid late early".split()
)
_UNRESOLVED_AFTER = re.compile(r"^\s+(?:villages?|settlements?|towns?|districts?|provinces?|governorates?|oblasts?)\b")


class Matcher:
    """The name matcher of a gazetteer (stoplists, the automaton of the keys with punctuation,
    the loose key index), built once per gazetteer."""

    def __init__(self, gaz) -> None:
        stop = load_stoplist()
        self.gaz = gaz
        self.never = stop.get("common", frozenset()) | stop.get("first_names", frozenset()) | stop.get(
            "demonyms", frozenset()
        ) | stop.get("weapons", frozenset())
        self.first_names = stop.get("first_names", frozenset())
        self.key_words = stop.get("words", frozenset())
        self.org_suffixes = stop.get("org_suffixes", frozenset()) | stop.get("feature_suffixes", frozenset())
        self.org_prefixes = stop.get("org_prefixes", frozenset())
        self.neighbours_ok = (
            stop.get("common", frozenset()) | stop.get("demonyms", frozenset()) | stop.get("geo_words", frozenset())
        )
        self.countries = {p.country: p for p in gaz.countries()}
        self._loose_rows: dict[str, list[tuple[int, str | None]]] = {}
        self._loose_cache: dict[tuple[str, frozenset[str]], list[Place]] = {}
        self._key_statuses: dict[str, int] = {}
        # Keys of letters, digits and single spaces (all but about 0.3 %) are found by
        # reading the text word by word and looking the words up in the gazetteer's sorted
        # index: an automaton over the quarter of a million keys of the world table took
        # 1.6 s and 120 MB to build. The few keys with punctuation ("abovan v.") are matched
        # by a small automaton, as they are.
        self.automaton = new_automaton()
        for key in gaz.keys_where(_NOT_PLAIN_KEY):
            if len(key) >= 2 and key not in self.never:
                self.automaton.add_word(key, key)
        if len(self.automaton):
            self.automaton.make_automaton()

    def raw_matches(self, text: str) -> list[tuple[int, int, str]]:
        """Whole-word, longest-leftmost, non-overlapping (start, end, key) in original offsets."""
        key_text, offsets = normalize_with_spans(text)
        if not key_text:
            return []
        found = self._word_matches(key_text)
        if len(self.automaton):
            for last, key in self.automaton.iter(key_text):
                first = last - len(key) + 1
                if first > 0 and key_text[first - 1].isalnum():
                    continue
                if last + 1 < len(key_text) and key_text[last + 1].isalnum():
                    continue
                found.append((first, last, key))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        chosen, frontier = [], -1
        for first, last, key in found:
            if first > frontier and _capitalised(text[offsets.start(first):offsets.end(last)]):
                # A name in lower case matches nothing, and hides no capitalised name inside it
                # ("southern Gaza" when only "Gaza" is a name: Gaza).
                chosen.append((offsets.start(first), offsets.end(last), key))
                frontier = last
        return chosen

    def _word_matches(self, key_text: str) -> list[tuple[int, int, str]]:
        """Every (first, last, key) of a plain key in ``key_text``: a run of whole words
        (letters and digits) joined by single spaces, overlapping matches included."""
        words = [(m.start(), m.end()) for m in _PLAIN_WORD.finditer(key_text)]
        # Texts repeat their words ("the", "said", the names): each is looked up once, and
        # remembered as 1 (a key) + 2 (longer keys start with it and a space).
        statuses = self._key_statuses
        if len(statuses) > 50_000:
            statuses.clear()
        key_status, never = self.gaz.key_status, self.never
        found = []
        for i, (first, end) in enumerate(words):
            j = i
            while True:
                key = key_text[first:end]
                status = statuses.get(key)
                if status is None:
                    known, longer = key_status(key)
                    status = statuses[key] = known + 2 * longer
                if status & 1 and len(key) >= 2 and key not in never:
                    found.append((first, end - 1, key))
                j += 1
                if status < 2 or j == len(words) or words[j][0] != end + 1 or key_text[end] != " ":
                    break
                end = words[j][1]
        return found

    def find(self, text: str, unresolved: list | None = None) -> list[NameMatch]:
        raw = self.raw_matches(text)
        found = self.candidates(text, raw)
        starts = {start for start, _, _, _ in found}
        out = []
        for start, end, key, places in found:
            if self._is_organisation(text, start, end) or self._is_person(text, start, end, starts, places):
                continue
            out.append(NameMatch(start, end, text[start:end], tuple(places)))
        runs = _capitalised_runs(text)
        loose = self._loose_matches(text, out, raw, runs)
        dropped_loose: list[NameMatch] = []
        if loose:
            # Loose names the text does not place ("Nearly was ...") must not vouch for
            # other doubtful names: judge them first, then the rest without them.
            both = sorted(out + loose, key=lambda m: m.start)
            area = TextArea(self.gaz, both, text, self.countries, self.key_words)
            kept_names = {normalize(m.surface) for m in loose if area.keeps(m)}
            for m in loose:
                # a name the text once places ("the city of Umm Rawaba") is that place wherever
                # it recurs ("Umm Rawaba sits on a key highway")
                (out if normalize(m.surface) in kept_names else dropped_loose).append(m)
            out.sort(key=lambda m: m.start)
        kept, dropped = self._drop_stray_places(out, text)
        dropped += dropped_loose
        if unresolved is not None:
            unresolved.extend(self._unresolved(text, kept, dropped, raw, runs))
        return kept

    def _drop_stray_places(self, matches: list[NameMatch], text: str) -> tuple[list[NameMatch], list[NameMatch]]:
        """Drop the candidates the text's area does not support (see :mod:`gazetteer.area`);
        a match left with none is dropped. Returns the kept matches and the dropped ones."""
        area = TextArea(self.gaz, matches, text, self.countries, self.key_words)
        kept_of = {id(m): area.keeps(m) for m in matches}
        # a loose name the text once places is that place wherever it recurs
        placed = {normalize(m.surface): kept_of[id(m)] for m in matches if m.loose and kept_of[id(m)]}
        out, dropped = [], []
        for m in matches:
            kept = kept_of[id(m)] or (placed.get(normalize(m.surface), ()) if m.loose else ())
            if kept:
                out.append(m if len(kept) == len(m.candidates) else NameMatch(m.start, m.end, m.surface, kept, m.loose))
            else:
                dropped.append(m)
        return out, dropped

    @cached_property
    def loose_index(self) -> LooseIndex:
        """Strict keys of every name by loose key (:func:`gazetteer.normalize.skeleton`)."""
        never = self.never
        return LooseIndex(k for k in self.gaz.keys() if k.isascii() and len(k) >= MIN_LOOSE_LETTERS and k not in never)

    def _loose_matches(self, text: str, strict: list[NameMatch], raw, runs) -> list[NameMatch]:
        """Names the strict key does not know, found by their loose key among the places of
        the countries the text is about ("Saraqeb" in a report on Syria is Saraqib).

        Only capitalised words no strict key covered, of :data:`MIN_LOOSE_LETTERS`+ letters,
        not stoplist words nor words the text also writes in lower case, and only places
        (not countries) of the text's countries; an English word sharing a loose key with
        a village there still needs a location slot (see :mod:`gazetteer.area`).
        """
        voted = voted_countries(self.gaz, strict, text)
        if not voted:
            return []
        covered = _covered(raw)
        out: list[NameMatch] = []
        for run in runs:
            taken = [covered_at(covered, s, e) for s, e in run]  # once per word, not per window
            i = 0
            while i < len(run):
                for j in range(min(len(run), i + MAX_NAME_WORDS), i, -1):
                    start, end = run[i][0], run[j - 1][1]
                    if any(taken[i:j]):
                        continue
                    surface = text[start:end]
                    key = normalize(surface)
                    if sum(c.isalpha() for c in key) < MIN_LOOSE_LETTERS or key in self.never:
                        continue
                    if key in self.key_words or any(normalize(text[s:e]) in CALENDAR_WORDS for s, e in run[i:j]):
                        continue
                    if j - i == 1 and surface.lower() in lower_case_words(text):
                        continue  # an English word of this text, capitalised at a sentence start
                    places = self._loose_places(key, voted)
                    if places:
                        out.append(NameMatch(start, end, surface, tuple(places), loose=True))
                        i = j - 1
                        break
                i += 1
        if not out:
            return []
        starts = {m.start for m in strict} | {m.start for m in out}
        return [m for m in out if not self._is_organisation(text, m.start, m.end)
                and not self._is_person(text, m.start, m.end, starts, m.candidates)]

    def _loose_places(self, key: str, voted: frozenset[str]) -> list[Place]:
        from gazetteer.rank import loose_edits, prior

        found = self._loose_cache.get((key, voted))
        if found is not None:
            return found
        loose = skeleton(key)
        rows = self._loose_rows.get(loose)
        if rows is None:
            # Places by loose key, with their countries, once per process: a text's
            # capitalised words look up the same few thousand loose keys again and again.
            # Their countries come from a column of the table, not from places built from
            # decompressed blocks: the places of a loose key lie all over the world.
            rows = self._loose_rows[loose] = [
                (r, country) for k in self.loose_index.get(loose, ()) for r in self.gaz.rows_for_key(k)
                for country, kind in (self.gaz.country_and_kind(r),) if kind != "country"]
        places = {p.id: p for p in (self.gaz.place_at(r) for r, country in rows if country in voted)}
        edits = {i: loose_edits(p, key) for i, p in places.items()}
        found = sorted((p for i, p in places.items() if edits[i] is not None),
                       key=lambda p: (edits[p.id], -prior(p), p.id))
        if len(self._loose_cache) > 50_000:
            self._loose_cache.clear()
        self._loose_cache[key, voted] = found
        return found

    def _unresolved(self, text: str, kept: list[NameMatch], dropped: list[NameMatch], raw, runs):
        """Capitalised names in a location slot that got no place (see :class:`UnresolvedName`)."""
        taken = [(m.start, m.end) for m in kept]
        gone = {(m.start, m.end) for m in dropped}
        out = []
        for run in runs:
            start, end = run[0][0], run[-1][1]
            if any(s < end and start < e for s, e in taken):
                continue
            if not (_UNRESOLVED_SLOT.search(text[max(0, start - 40):start])
                    or _UNRESOLVED_AFTER.match(text[end:end + 20])):
                continue
            surface = text[start:end].rstrip("'’")
            end = start + len(surface)
            words = [normalize(text[s:e]) for s, e in run]
            if words[0] in self.never or words[-1] in self.never or words[0] in self.org_prefixes or any(
                    w in CALENDAR_WORDS or w in DEMONYM_KEYS for w in words):
                continue  # "in March", "from Lebanese": a common word or a demonym, not a place
            if any(c.isdigit() for c in surface) or (len(surface) <= 5 and surface.isupper()):
                continue  # "UN", "RSF", "FY22": acronyms and codes
            after = _NEXT_WORD.match(text[end:end + 30])
            if after and after.group(1) not in _FUNCTION_WORDS and not _UNRESOLVED_AFTER.match(text[end:end + 20]):
                continue  # "Houthi rebels", "Christian village": a name used as an adjective
            if self._is_organisation(text, start, end):
                continue
            reason = "outside_area" if any(s < end and start < e for s, e in gone) else "unknown"
            out.append(UnresolvedName(start, end, surface, reason))
        return out

    def candidates(self, text: str, raw=None) -> list[tuple[int, int, str, list[Place]]]:
        """Capitalised whole-word matches with their places, before the context rules."""
        out = []
        # A long text repeats its names: rank each spelling's places once.
        ranked: dict[tuple[str, str], list[Place] | None] = {}
        for start, end, key in self.raw_matches(text) if raw is None else raw:
            surface = text[start:end]
            if not _capitalised(surface):
                continue
            if (key, surface) not in ranked:
                ranked[key, surface] = self._ranked_places(key, surface)
            places = ranked[key, surface]
            if places is not None:
                out.append((start, end, key, list(places)))
        return out

    def _ranked_places(self, key: str, surface: str) -> list[Place] | None:
        """The places ``surface`` may name, most plausible first; None if it names none."""
        from gazetteer.rank import name_quality, prior, written_namesakes

        places = [self.gaz.place_at(r) for r in self.gaz.rows_for_key(key)]
        if len(surface) < 4 and surface.isupper():
            # "PAN", "AP": agencies and codes, unless a place has exactly that acronym ("US").
            places = [p for p in places if surface in p.names]
            if not places:
                return None
        elif len(key) < MIN_KEY_LENGTH:
            return None
        else:
            # A place known by that key only as an acronym ("CAR", "DRC") is not "Car" or "Drc".
            places = [p for p in places if not all(n.isupper() and len(n) < 5 for n in p.names if normalize(n) == key)]
            if not places:
                return None
        if surface.isupper():
            # An all-caps word is an acronym ("OSCE") unless some place is spelled so ("BAKU").
            folded = fold(surface)
            places = [p for p in places if any(fold(n) == folded for n in p.names)]
            if not places:
                return None
        places = written_namesakes(places, surface)
        places.sort(key=lambda p: (-(name_quality(p, surface) + prior(p)), p.id))
        return places

    def _is_organisation(self, text: str, start: int, end: int) -> bool:
        after = _ORG_AFTER.match(text[end:end + 40])
        if after and normalize(after.group(1)) in self.org_suffixes:
            return True
        before = _WORD_BEFORE.search(text[max(0, start - 40):start])
        return bool(before and normalize(before.group(1)) in self.org_prefixes)

    def _is_person(self, text: str, start: int, end: int, starts: set[int], places=()) -> bool:
        # In a Title Case headline every word is capitalised: only a neighbouring place
        # name ("Arman Tatoyan") still marks a person there.
        headline = title_case_line(text, start)
        after = _WORD_AFTER.match(text[end:end + 40])
        # "the Foreign Minister of Armenia Zohrab Mnatsakanyan": after "of", a name that
        # follows is the title holder's, not the place's.
        of_place = text[max(0, start - 4):start].lower() == " of "
        if after and self._name_like(after.group(1)) and not of_place:
            if not headline or end + after.start(1) in starts:
                return True
        window = text[max(0, start - 40):start]
        before = _WORD_BEFORE.search(window)
        if before and _POSSESSIVE.search(before.group(1)):
            # "Azerbaijan's Ganja", "Armenia's Syunik province": a possessive ends the name
            # before it; what follows is a name of its own.
            return False
        if before and self._name_like(before.group(1)):
            # A known given name makes the next word a surname even in a headline ("Kenneth Roth").
            given = normalize(before.group(1).strip("'’-")) in self.first_names
            return not headline or given or start - len(window) + before.start(1) in starts
        return False

    def _name_like(self, word: str) -> bool:
        """A capitalised word other than a common or geographic word.

        Another place name counts too: two names side by side with only a space between
        ("Areg Balayan") are a person's given name and surname, not two places.
        """
        if not word[:1].isupper() or word.endswith("."):
            return False
        return normalize(word.strip("'’-")) not in self.neighbours_ok


def _capitalised_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words that may form one name: (start, end) of each word.

    Words are joined by one space or hyphen, or by a lower-case article ("Deir ez-Zor",
    "Ras al Ain"); a run holds at most :data:`MAX_NAME_WORDS` words.
    """
    runs: list[list[tuple[int, int]]] = []
    previous_end = -1
    for m in _CAP_WORD.finditer(text):
        if not m.group()[0].isupper():
            continue
        span = (m.start(), m.end())
        if runs and previous_end >= 0 and len(runs[-1]) < MAX_NAME_WORDS and _NAME_GLUE.match(
                text[previous_end:m.start()]):
            runs[-1].append(span)
        else:
            runs.append([span])
        previous_end = m.end()
    return runs


def _covered(raw) -> list[tuple[int, int]]:
    return sorted((start, end) for start, end, _ in raw)


def covered_at(covered: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a strict match overlaps ``[start, end)``."""
    from bisect import bisect_left

    i = bisect_left(covered, (end, end))
    return any(s < end and start < e for s, e in covered[max(0, i - 2):i])


def find_mentions(gaz, text: str, *, unresolved: list | None = None) -> list[NameMatch]:
    """Every place name of ``text``, as :class:`NameMatch` objects in text order.

    Names are found by their strict key (:func:`gazetteer.normalize.normalize`); a
    capitalised name the strict key does not know is tried by its loose key
    (:func:`gazetteer.normalize.skeleton`) among the places of the countries the text is
    about ("Saraqeb" in a report naming Syria finds Saraqib).

    Parameters
    ----------
    gaz : Gazetteer
        The gazetteer whose names are matched.
    text : str
        Any text; offsets of the matches refer to it unchanged.
    unresolved : list, optional
        If given, an :class:`UnresolvedName` is appended to it for every capitalised name
        that stands where a place would ("in X", "the village of X", "X district") but was
        given no place: the gazetteer lacks it, or its only places lie outside the text's
        area. The return value is the same with or without it.

    Examples
    --------
    >>> from gazetteer import Gazetteer
    >>> [m.surface for m in Gazetteer.default().find_mentions("The OSCE Minsk Group met in Moscow.")]
    ['Moscow']
    """
    return matcher_of(gaz).find(text, unresolved)


def matcher_of(gaz) -> Matcher:
    """The gazetteer's :class:`Matcher`, built on first use and kept with it."""
    matcher = gaz.__dict__.get("_matcher")
    if matcher is None:
        matcher = gaz.__dict__["_matcher"] = Matcher(gaz)
    return matcher
