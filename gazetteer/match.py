"""Find the place names of a text in one Aho-Corasick pass, then drop what is not a place.

The text is normalised (:func:`gazetteer.normalize.normalize_with_offsets`) with a map
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
  word nor a geographic word ("Shushan Stepanian", "Omer Celik", "Areg Balayan") is part
  of a person's or an organisation's name (in Title Case headlines, only a neighbouring
  place name or a known given name counts: "Kenneth Roth"); a possessive ends a name, so
  "Azerbaijan's Ganja" is two places;
* places outside the text's area and weak matches need a location slot or a neighbour
  (see :meth:`Matcher._drop_stray_places`): "Roth said" is not the German town, "Seven
  soldiers" not Sevan, "Car owners" not a village;
* an all-caps word matches only a place spelled exactly so ("BAKU", not "OSCE");
* keys shorter than three characters match only as an acronym a place is known by
  ("US", "UK"); all-caps words under four letters likewise ("PAN", "AP" never).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from gazetteer.normalize import fold, normalize, normalize_with_offsets
from gazetteer.place import Place
from gazetteer.stoplist import load_stoplist

#: Shorter keys match only as an acronym some place is known by ("US", "UK").
MIN_KEY_LENGTH = 3
# Adjacent means one space apart: a line break or a double space ends a caption or credit.
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’.-]*) $")
_WORD_AFTER = re.compile(r"^ ([^\W\d_][\w'’-]*)")
_POSSESSIVE = re.compile(r"['’]s$|s['’]$")
_ORG_AFTER = re.compile(r"^(?:'s|’s)? ([^\W\d_][\w'’-]*)")


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


class Matcher:
    """The automaton over every name key of a gazetteer, built once per gazetteer."""

    def __init__(self, gaz) -> None:
        stop = load_stoplist()
        self.gaz = gaz
        self.never = stop.get("common", frozenset()) | stop.get("first_names", frozenset()) | stop.get(
            "demonyms", frozenset()
        )
        self.first_names = stop.get("first_names", frozenset())
        self.key_words = stop.get("words", frozenset())
        self.org_suffixes = stop.get("org_suffixes", frozenset()) | stop.get("feature_suffixes", frozenset())
        self.org_prefixes = stop.get("org_prefixes", frozenset())
        self.neighbours_ok = (
            stop.get("common", frozenset()) | stop.get("demonyms", frozenset()) | stop.get("geo_words", frozenset())
        )
        self.countries = {p.country: p for p in gaz.countries()}
        self.automaton = ahocorasick.Automaton()
        for key in gaz.keys():
            if len(key) >= 2 and key not in self.never:
                self.automaton.add_word(key, key)
        self.automaton.make_automaton()

    def raw_matches(self, text: str) -> list[tuple[int, int, str]]:
        """Whole-word, longest-leftmost, non-overlapping (start, end, key) in original offsets."""
        key_text, starts, ends = normalize_with_offsets(text)
        if not key_text:
            return []
        found = []
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
            if first > frontier:
                chosen.append((starts[first], ends[last], key))
                frontier = last
        return chosen

    def find(self, text: str) -> list[NameMatch]:
        found = self.candidates(text)
        starts = {start for start, _, _, _ in found}
        out = []
        for start, end, key, places in found:
            if self._is_organisation(text, start, end) or self._is_person(text, start, end, starts, places):
                continue
            out.append(NameMatch(start, end, text[start:end], tuple(places)))
        return self._drop_stray_places(out, text)

    def _drop_stray_places(self, matches: list[NameMatch], text: str) -> list[NameMatch]:
        """Keep doubtful candidates only where the text clearly means a place.

        The text's *area* is the countries it is about (named, or by demonym, at least
        :data:`VOTE_SHARE` as often as the most named one; each reaching
        :data:`COUNTRY_REACH_KM` from its centre) and the places of its other names in
        those countries (all of them if it names no country). A
        *location slot* is "in/at/near/from/outside X", "the town of X", "X, <its country
        or province>". Doubtful candidates, and what they need:

        * a town or village outside the named countries, not within :data:`STRAY_KM` of the
          area: a slot ("Roth said" is a surname, not the German town);
        * a village of under :data:`SHORT_VILLAGE_POPULATION` people written with four
          letters or fewer ("Car", "Bad", "Sin"): a slot;
        * a city written by one of its other-language names ("Lemburg", "Pet" for Perth,
          "Rest" for Rasht) and any place tied to the text's spelling only by the
          normalised key ("Seven" and Sevan, "Dollar" and Dallar): a slot, or a place of
          another name within :data:`STRAY_KM` (its country named, if the text names no
          other place); key-only villages and countries need a slot, and the words of the
          stoplist's ``[words]`` section never match by key alone.

        A lone name with no country named is kept (nothing tells where the text is).
        Candidates failing the rules are dropped; a match left with none is dropped.
        """
        from gazetteer.rank import _country_votes, name_quality

        votes = _country_votes(self.gaz, matches, text)
        # The countries the text is about, not every one it mentions once ("France, Russia
        # and the United States co-chair the Minsk Group" must not vouch for French towns).
        top = max(votes.values(), default=0.0)
        voted = {code for code, weight in votes.items() if weight > 0 and weight >= VOTE_SHARE * top}

        def solid(p: Place) -> bool:
            return p.kind in _ALWAYS_KINDS or p.country in voted

        written = [{p.id: name_quality(p, m.surface) >= 0.75 for p in m.candidates} for m in matches]
        def trusted(p: Place, m: NameMatch, written_so: bool) -> bool:
            if not (written_so and solid(p)):
                return False
            if p.kind == "village":
                return sum(ch.isalpha() for ch in m.surface) > 4 or p.population >= SHORT_VILLAGE_POPULATION
            return p.kind != "city" or fold(p.name) == fold(m.surface)

        stray = [any(not trusted(p, m, written[i][p.id]) for p in m.candidates) for i, m in enumerate(matches)]
        if not any(stray):
            return matches
        lone = not voted and len({normalize(m.surface) for m in matches}) < 2
        # The text's area: the places of the other names in the countries it names (a
        # named country with its extent: "Armenia's ... Stepanakert"), or, if it names
        # none, all of them ("Martakert and Martuni"). Not foreign cities: stray words
        # matching big cities would vouch for each other.
        anchors: dict[str, tuple[str, Place, float]] = {}
        for code in sorted(voted):
            # A demonym names a country too ("Armenian forces shelled Tartar").
            country = self.countries.get(code)
            if country is not None:
                # Its extent as a disc, capped: a big country's disc reaches far past it.
                anchors[country.id] = ("", country, min(self.gaz.radius_km(country), COUNTRY_REACH_KM))
        for m in matches:
            key = normalize(m.surface)
            firm = [p for p in m.candidates if p.country in voted] if voted else list(m.candidates)
            for p in firm:
                anchors.setdefault(p.id, (key, p, self.gaz.radius_km(p)))
        places = [a for a in anchors.values() if a[1].kind != "country"]
        out = []
        for i, (m, check) in enumerate(zip(matches, stray)):
            if check:
                key = normalize(m.surface)
                slot = bool(_SLOT_BEFORE.search(text[max(0, m.start - 40):m.start]))
                tail = _COMMA_AFTER.match(text[m.end:m.end + 60])
                short = sum(ch.isalpha() for ch in m.surface) <= 4
                folded = fold(m.surface)

                def primary(p: Place) -> bool:
                    return fold(p.name) == folded

                def supported(p: Place) -> bool:
                    return (p.country in voted or lone or (tail and _names_parent(self.gaz, p, tail.group(1)))
                            or _near_any(p, key, anchors.values()))

                def nearby(p: Place) -> bool:
                    if any(a[0] != key for a in places):
                        return _near_any(p, key, places)
                    return p.country in voted

                def keep(p: Place) -> bool:
                    if written[i][p.id]:
                        if p.kind == "village" and short and p.population < SHORT_VILLAGE_POPULATION:
                            # "Bad", "Car", "Sin": short names of hamlets are English words far
                            # more often; the text must say it is a place (Berd, 8,000, need not).
                            return slot or bool(tail and _names_parent(self.gaz, p, tail.group(1)))
                        if p.kind == "city" and not primary(p):
                            # A big city by one of its many other-language names ("Lemburg",
                            # "Pet" for Perth, "Rest" for Rasht) needs a neighbour of another
                            # name, or its country named when the text names no other place.
                            return slot or lone or nearby(p)
                        return solid(p) or slot or lone or supported(p)
                    if key in self.key_words or p.kind == "country":
                        return False
                    if slot:
                        return True
                    # A key match needs a neighbour of another name ("Rest" is not Rasht just
                    # because Iran is named); its country is enough only if the text names
                    # no other place.
                    return p.kind != "village" and (nearby(p) or lone)

                kept = tuple(p for p in m.candidates if keep(p))
                if not kept:
                    continue
                if len(kept) < len(m.candidates):
                    m = NameMatch(m.start, m.end, m.surface, kept)
            out.append(m)
        return out

    def candidates(self, text: str) -> list[tuple[int, int, str, list[Place]]]:
        """Capitalised whole-word matches with their places, before the context rules."""
        from gazetteer.rank import name_quality, prior, written_namesakes

        out = []
        for start, end, key in self.raw_matches(text):
            surface = text[start:end]
            if not surface[0].isupper():
                continue
            places = [self.gaz.place_at(r) for r in self.gaz.rows_for_key(key)]
            if len(surface) < 4 and surface.isupper():
                # "PAN", "AP": agencies and codes, unless a place has exactly that acronym ("US").
                places = [p for p in places if surface in p.names]
                if not places:
                    continue
            elif len(key) < MIN_KEY_LENGTH:
                continue
            if surface.isupper():
                # An all-caps word is an acronym ("OSCE") unless some place is spelled so ("BAKU").
                folded = fold(surface)
                places = [p for p in places if any(fold(n) == folded for n in p.names)]
                if not places:
                    continue
            places = written_namesakes(places, surface)
            places.sort(key=lambda p: (-(name_quality(p, surface) + prior(p)), p.id))
            out.append((start, end, key, places))
        return out

    def _is_organisation(self, text: str, start: int, end: int) -> bool:
        after = _ORG_AFTER.match(text[end:end + 40])
        if after and normalize(after.group(1)) in self.org_suffixes:
            return True
        before = _WORD_BEFORE.search(text[max(0, start - 40):start])
        return bool(before and normalize(before.group(1)) in self.org_prefixes)

    def _is_person(self, text: str, start: int, end: int, starts: set[int], places=()) -> bool:
        # In a Title Case headline every word is capitalised: only a neighbouring place
        # name ("Areg Balayan") still marks a person there.
        headline = _title_case_line(text, start)
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


#: Kinds that are never stray: countries, areas, capitals and cities of 100,000+.
_ALWAYS_KINDS = frozenset({"country", "region", "district", "city"})
#: A country is one the text is about when named at least this share as often as the
#: most named one (a demonym counts half).
VOTE_SHARE = 0.4
#: A named country vouches for places at most this far beyond its centre (plus STRAY_KM).
COUNTRY_REACH_KM = 150.0
#: Villages with names of four letters or fewer and fewer people need a location slot.
SHORT_VILLAGE_POPULATION = 2000
#: A small place this close to a solid place of another name belongs to the text's area.
STRAY_KM = 300.0
_SLOT_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|into|toward|towards|around|from|of\s+the\s+(?:town|city|village)\s+of|"
    r"(?:town|city|village|settlement)s?\s+of)\s+(?:the\s+)?(?:(?:Lake|Mount|Mt\.?)\s+)?$",
    re.I,
)
_COMMA_AFTER = re.compile(r"^\s*,\s*([^\W\d_][\w'’ -]{1,40}?)(?=[,.;:)]|\s+(?:on|in|and|was|were|is|has|said)\b|$)")


def _names_parent(gaz, place: Place, written: str) -> bool:
    """Whether ``written`` (after "X, ") names the place's country or province."""
    key = normalize(written)
    if key in {normalize(n) for n in (place.admin1, place.admin2) if n}:
        return True
    return any(p.kind == "country" and p.country == place.country for p in gaz.lookup(written))


def _near_any(place: Place, key: str, anchors) -> bool:
    from gazetteer.rank import distance_km

    for anchor_key, anchor, radius in anchors:
        if anchor_key != key and anchor.id != place.id and (
            distance_km(place.lat, place.lon, anchor.lat, anchor.lon) - radius <= STRAY_KM
        ):
            return True
    return False


def _title_case_line(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` is a headline in Title Case (most words capitalised)."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if line.rstrip(" \t\"'’”)").endswith("."):
        return False  # a sentence, not a headline: headlines carry no full stop
    words = re.findall(r"[^\W\d_]+", line)
    if len(words) < 5:
        return False  # a byline ("Andrew Roth in Moscow") is not a headline
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.7 * len(words)


def find_mentions(gaz, text: str) -> list[NameMatch]:
    """Every place name of ``text``, as :class:`NameMatch` objects in text order.

    Parameters
    ----------
    gaz : Gazetteer
        The gazetteer whose names are matched.
    text : str
        Any text; offsets of the matches refer to it unchanged.

    Examples
    --------
    >>> from gazetteer import Gazetteer
    >>> [m.surface for m in Gazetteer.default().find_mentions("The OSCE Minsk Group met in Moscow.")]
    ['Moscow']
    """
    matcher = gaz.__dict__.get("_matcher")
    if matcher is None:
        matcher = gaz.__dict__["_matcher"] = Matcher(gaz)
    return matcher.find(text)
