"""The area a text is about, and which doubtful place candidates it vouches for.

A name found in a text may be a place far from everything else the text talks about: a
surname ("Roth said" is not the German town), a capitalised word at a sentence start
("Seven soldiers" is not Sevan, "Car owners" not a village in Azerbaijan), a big city's
name in another language ("Lemburg", "Rest" for Rasht). The matcher keeps such a
candidate only where the text clearly means a place (:meth:`TextArea.keeps`).

The text's *area* is the countries it is about (named, or by demonym, at least
:data:`VOTE_SHARE` as often as the most named one; each reaching :data:`COUNTRY_REACH_KM`
from its centre) and the places of its other names in those countries (all of them if it
names no country). A *location slot* is "in/at/near/from/outside X", "the town of X",
"X, <its country or province>". Doubtful candidates, and what they need:

* a town or village outside those countries, not within :data:`STRAY_KM` of the area: a
  slot;
* a village of under :data:`SHORT_VILLAGE_POPULATION` people written with four letters or
  fewer ("Car", "Bad", "Sin"): a slot;
* a city written by one of its other-language names, and any place tied to the text's
  spelling only by the normalised key ("Seven" and Sevan, "Dollar" and Dallar): a slot,
  or a place of another name within :data:`STRAY_KM` (its country named, if the text
  names no other place); key-only villages and countries need a slot, and the words of
  the stoplist's ``[words]`` section never match by key alone.

A lone name with no country named is kept: nothing tells where the text is.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property, lru_cache

from gazetteer.normalize import normalize
from gazetteer.place import Place
from gazetteer.near import Reach
from gazetteer.rank import country_votes, folded_name, is_inside, name_quality

#: The vote of a town, city or area named in a text for its country (a country's name counts 1).
PLACE_VOTE = 0.5
PLACE_VOTE_KINDS = frozenset({"city", "town", "region", "district"})
#: A country is one the text is about when named at least this share as often as the
#: most named one (a demonym counts half).
VOTE_SHARE = 0.4
#: A named country vouches for places at most this far beyond its centre (plus STRAY_KM).
COUNTRY_REACH_KM = 150.0
#: Villages with names of four letters or fewer and fewer people need a location slot.
SHORT_VILLAGE_POPULATION = 2000
#: A doubtful place this close to a place of another name of the text belongs to its area.
STRAY_KM = 300.0
#: A name found by its loose key only must lie this close to another place of the text
#: (if it names any): a front line's villages are named together.
LOOSE_NEAR_KM = 100.0
#: A line longer than this is no headline.
HEADLINE_CHARS = 300
#: Kinds that stand on their own: countries, areas, capitals and cities of 100,000+.
ALWAYS_KINDS = frozenset({"country", "city"})

_SLOT_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|into|toward|towards|around|from|of\s+the\s+(?:town|city|village)\s+of|"
    r"(?:town|city|village|settlement)s?\s+of)\s+(?:the\s+)?(?:(?:Lake|Mount|Mt\.?)\s+)?$",
    re.I,
)
#: Plural slot words whose place reaches every name of the list that follows ("the villages of
#: Karkhulu, Shukurbayli and Yukhari Maralyan") or precedes ("Chereken, Hajili and Tulus villages").
_LIST_SLOT_BEFORE = re.compile(
    r"\b(?:villages|settlements|towns|cities|heights|regions|districts|rayons)\s+(?:of|including|such\s+as)\s+"
    r"(?:the\s+)?$",
    re.I,
)
#: "the Sugovushan settlement", "Chereken and Tulus villages" (lower case: "Key Town Of" in a
#: Title Case headline is no slot).
_SLOT_AFTER = re.compile(
    r"^\s+(?P<word>villages?|settlements?|towns|hamlets?|provinces?|governorates?|oblasts?|districts|regions)\b")
_NAME = r"(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}"
_GLUE = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)"
#: Between two names of one list; names the gazetteer lacks may stand between.
_LIST_GLUE = re.compile(rf"^{_GLUE}(?:{_NAME}{_GLUE})*$", re.I)
_COMMA_AFTER = re.compile(r"^\s*,\s*([^\W\d_][\w'’ -]{1,40}?)(?=[,.;:)]|\s+(?:on|in|and|was|were|is|has|said)\b|$)")

#: "A, B and C villages of Y": the list lies inside Y.
_LIST_OF = re.compile(r"^\s+(?:villages|settlements|towns)\s+(?:of|in)\s+(?:the\s+)?$", re.I)
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")

# (name key, place, radius km) of a place of the text's area
Anchor = tuple[str, Place, float]


def voted_countries(gaz, matches, text: str) -> frozenset[str]:
    """ISO codes of the countries the text is about: named (or by demonym) at least
    :data:`VOTE_SHARE` as often as the most named one.

    Not every country it mentions once: "France, Russia and the United States co-chair the
    Minsk Group" must not vouch for French towns.
    """
    votes = country_votes(gaz, matches, text)
    # The text's towns say where it is too: a report on Syria that names the US twice and
    # Syria once is still about Raqqa and Deir ez-Zor. Each distinct name of a town, city
    # or area written as its name, all of whose places lie in one country, counts half for
    # that country, if the text names it or two such names vote for it ("Roth said" must not
    # vote for Germany; "Orikhiv in Zaporizhzhia region" is Ukraine though only "the
    # Russians" are named).
    named = set(votes)
    place_votes: Counter = Counter()
    seen = set()
    for m in matches:
        key = normalize(m.surface)
        if key in seen or not m.candidates:
            continue
        seen.add(key)
        countries = {p.country for p in m.candidates}
        if len(countries) == 1 and any(p.kind in PLACE_VOTE_KINDS for p in m.candidates) and any(
                name_quality(p, m.surface) >= 0.75 for p in m.candidates):
            place_votes[next(iter(countries))] += PLACE_VOTE
    for code, weight in place_votes.items():
        # One town alone may be a surname ("Roth said"); two towns of one country are a place.
        if code in named or weight > PLACE_VOTE:
            votes[code] += weight
    top = max(votes.values(), default=0.0)
    return frozenset(code for code, weight in votes.items() if weight > 0 and weight >= VOTE_SHARE * top)


class TextArea:
    """What a text says about where it is, for judging the candidates of its names.

    Parameters
    ----------
    gaz : Gazetteer
    matches : list[NameMatch]
        The names found in ``text`` (after the organisation and person rules).
    text : str
    countries : dict[str, Place]
        The gazetteer's countries by ISO code.
    key_words : frozenset[str]
        Keys of words that never match by key alone (stoplist ``[words]``).
    """

    def __init__(self, gaz, matches, text: str, countries: dict[str, Place], key_words: frozenset[str]) -> None:
        self.gaz, self.text, self.key_words = gaz, text, key_words
        self.voted = voted_countries(gaz, matches, text)
        self.lone = not self.voted and len({normalize(m.surface) for m in matches}) < 2
        self._matches, self._countries = matches, countries

    @cached_property
    def anchors(self) -> list[Anchor]:
        """The places of the area (countries with their capped extent)."""
        gaz, countries, matches = self.gaz, self._countries, self._matches
        anchors: dict[str, Anchor] = {}
        for code in sorted(self.voted):
            # A demonym names a country too ("Armenian forces shelled Tartar"); its extent
            # is a disc, capped: a big country's disc reaches far past it.
            country = countries.get(code)
            if country is not None:
                anchors[country.id] = ("", country, min(gaz.radius_km(country), COUNTRY_REACH_KM))
        for m in matches:
            key = normalize(m.surface)
            # Not foreign cities: stray words matching big cities would vouch for each other.
            area = [p for p in m.candidates if p.country in self.voted] if self.voted else m.candidates
            for p in area:
                anchors.setdefault(p.id, (key, p, gaz.radius_km(p)))
        return list(anchors.values())

    @cached_property
    def places(self) -> list[Anchor]:
        """The area's places that are not countries."""
        return [a for a in self.anchors if a[1].kind != "country"]

    @cached_property
    def _reach_all(self) -> Reach:
        return Reach(self.anchors)

    @cached_property
    def _reach_places(self) -> Reach:
        return Reach(self.places)

    def trusted(self, place: Place, surface: str) -> bool:
        """Whether a candidate needs no look at its surroundings (the common case)."""
        if name_quality(place, surface) < 0.75 or not (place.kind in ALWAYS_KINDS or place.country in self.voted):
            return False
        if place.kind == "village":
            return _letters(surface) > 4 or place.population >= SHORT_VILLAGE_POPULATION
        return place.kind != "city" or folded_name(place.name) == folded_name(surface)

    def keeps(self, match) -> tuple[Place, ...]:
        """The candidates of ``match`` the text supports (see the module docstring)."""
        if getattr(match, "loose", False):
            if not self._keeps_loose(match):
                return ()
            key = normalize(match.surface)
            return tuple(p for p in match.candidates if self._nearby(p, key, LOOSE_NEAR_KM))
        containers = self.containers.get(match.start)
        if containers is not None:
            # "A, B and C villages of Jabrayil district": inside it, or no place at all.
            candidates = tuple(p for p in match.candidates if any(is_inside(self.gaz, p, c) for c in containers))
            return tuple(p for p in candidates if name_quality(p, match.surface) >= 0.75 or self._keeps(p, match))
        if all(self.trusted(p, match.surface) for p in match.candidates):
            return match.candidates
        return tuple(p for p in match.candidates if self._keeps(p, match))

    @cached_property
    def containers(self) -> dict[int, tuple[Place, ...]]:
        """Starts of the names of a list "A, B and C villages of Y" with the places Y may be
        (a name is inside Y if it is inside any of them: the district or the town of
        Jabrayil, the country Armenia or a Colombian municipality of that name)."""
        text, matches = self.text, self._matches
        out: dict[int, tuple[Place, ...]] = {}
        run: list[int] = []
        for i, m in enumerate(matches):
            if run and _LIST_GLUE.match(text[matches[run[-1]].end:m.start]):
                run.append(i)
            else:
                run = [i]
            following = matches[i + 1] if i + 1 < len(matches) else None
            # Plural only: "the Burkina Faso town of Djibo" and "the Gaza city of Rafah" put
            # the second name inside the first.
            if following is not None and _LIST_OF.match(text[m.end:following.start]):
                out.update((matches[j].start, following.candidates) for j in run)
        return out

    def _keeps_loose(self, match) -> bool:
        """A name found only by its loose key (its candidates are all of the text's
        countries) must stand where a place does: in a location slot, in a list one of
        whose names does ("in Orikhiv, Huliaipole and Stepnohirsk"), or before its
        country or province ("Saraqeb, Idlib"); never in a Title Case headline, nor as a
        word the text also writes in lower case. Of its candidates, those within
        :data:`LOOSE_NEAR_KM` of the text's other places are kept (a Ukrainian village's name
        is not a Russian town far from the front just because the text names Russia)."""
        if title_case_line(self.text, match.start) or match.surface.lower() in self.lower_words:
            return False
        if match.start in self.slotted or match.start in self.list_slotted:
            return True
        tail = _COMMA_AFTER.match(self.text[match.end:match.end + 60])
        return bool(tail) and any(_names_parent(self.gaz, p, tail.group(1)) for p in match.candidates)

    @cached_property
    def _list_runs(self) -> list[list[int]]:
        """Indices of the matches in runs joined by commas, "and", and unknown names between them."""
        text, matches = self.text, self._matches
        runs: list[list[int]] = []
        for i, m in enumerate(matches):
            if i and _LIST_GLUE.match(text[matches[i - 1].end:m.start]):
                runs[-1].append(i)
            else:
                runs.append([i])
        return runs

    @cached_property
    def list_slotted(self) -> frozenset[int]:
        """Starts of the matches of a comma/"and" list one of whose names stands in a slot."""
        matches = self._matches
        out = set()
        for run in self._list_runs:
            if len(run) > 1 and any(matches[i].start in self.slotted for i in run):
                out.update(matches[i].start for i in run)
        return frozenset(out)

    @cached_property
    def slotted(self) -> frozenset[int]:
        """Starts of the matches that stand in a location slot, directly or through a list.

        A plural slot word passes its slot down the comma/"and" list it heads ("the
        villages of A, B and C") or ends ("A, B and C villages of Jabrayil district").
        """
        text, matches = self.text, self._matches
        direct = [bool(_SLOT_BEFORE.search(text[max(0, m.start - 40):m.start])) for m in matches]
        heads = [bool(_LIST_SLOT_BEFORE.search(text[max(0, m.start - 40):m.start])) for m in matches]
        tails = [_SLOT_AFTER.match(text[m.end:m.end + 20]) for m in matches]
        slotted = {m.start for m, d, t in zip(matches, direct, tails) if d or t}
        for run in self._list_runs:
            last = tails[run[-1]]
            if heads[run[0]] or (last and last.group("word").endswith("s")):
                slotted.update(matches[i].start for i in run)
        return frozenset(slotted)

    @property
    def lower_words(self) -> frozenset[str]:
        """Words the text writes in lower case somewhere ("a key town")."""
        return lower_case_words(self.text)

    def _slot(self, place: Place, match, key: str) -> bool:
        """Whether ``match`` stands in a location slot that vouches for ``place``.

        In a Title Case headline every word is capitalised ("Troops Near Key Town Of
        Shushi"), and a word the text also writes in lower case is an English word first:
        there a slot vouches only for a place of the text's area, not for a far-away town
        that has the word among its other names ("Key" for Hanfeng), and never for a word
        of five letters or fewer that names only a village or matches only by key.
        """
        if match.start not in self.slotted:
            return False
        word = match.surface.lower()
        if not title_case_line(self.text, match.start) and word not in self.lower_words:
            return True
        if _letters(match.surface) <= 5 and (place.kind == "village" or name_quality(place, match.surface) < 0.75):
            return False  # "Near Tar Town": a short word is a hamlet's name or key far less often
        return place.country in self.voted or _near_any(place, key, self._reach_places)

    def _keeps(self, place: Place, match) -> bool:
        key = normalize(match.surface)
        slot = self._slot(place, match, key)
        tail = _COMMA_AFTER.match(self.text[match.end:match.end + 60])
        parent = bool(tail) and _names_parent(self.gaz, place, tail.group(1))
        if name_quality(place, match.surface) >= 0.75:
            if place.kind == "village" and _letters(match.surface) <= 4 and place.population < SHORT_VILLAGE_POPULATION:
                # "Bad", "Car", "Sin": short names of hamlets are English words far more
                # often; the text must say it is a place (Berd, 8,000 people, need not).
                return slot or parent
            if place.kind == "city" and folded_name(place.name) != folded_name(match.surface):
                # A big city by one of its many other-language names ("Lemburg", "Pet" for
                # Perth, "Rest" for Rasht) needs a neighbour of another name.
                return slot or self.lone or self._nearby(place, key)
            return (place.kind in ALWAYS_KINDS or place.country in self.voted or slot or self.lone or parent
                    or _near_any(place, key, self._reach_all))
        if key in self.key_words or place.kind == "country":
            return False
        if self.voted and place.country not in self.voted and not _near_any(place, key, self._reach_all):
            # A namesake by key alone, outside the countries the text is about and far from
            # its places ("El-Adde" in a report on Somalia is not Edea in Cameroon): only
            # "X, <its country or province>" vouches for it.
            return parent
        # A key match needs a neighbour of another name ("Seven" is not Sevan just because
        # Armenia is named); its country is enough only if the text names no other place.
        return slot or (place.kind != "village" and (self.lone or self._nearby(place, key)))

    def _nearby(self, place: Place, key: str, km: float = STRAY_KM) -> bool:
        if any(anchor_key != key for anchor_key, _, _ in self.places):
            return self._reach_places.any_within(place, key, km)
        return place.country in self.voted


@lru_cache(maxsize=4)
def lower_case_words(text: str) -> frozenset[str]:
    """Words ``text`` writes in lower case somewhere ("a key town"): the matcher and each of
    its text areas ask for them, of the same text, one after the other."""
    return frozenset(_LOWER_WORD.findall(text))


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _names_parent(gaz, place: Place, written: str) -> bool:
    """Whether ``written`` (after "X, ") names the place's country or province."""
    key = normalize(written)
    if key in {normalize(n) for n in (place.admin1, place.admin2) if n}:
        return True
    return any(p.kind == "country" and p.country == place.country for p in gaz.lookup(written))


def _near_any(place: Place, key: str, anchors: Reach) -> bool:
    return anchors.any_within(place, key, STRAY_KM)


_LETTERS = re.compile(r"[^\W\d_]+")


def title_case_line(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` is a headline in Title Case (most words capitalised)."""
    # Headlines are short: look no further than this around ``pos`` (a whole article may be one line).
    line_start = text.rfind("\n", max(0, pos - HEADLINE_CHARS), pos) + 1
    line_end = text.find("\n", pos, pos + HEADLINE_CHARS)
    if line_start == 0 and pos > HEADLINE_CHARS or line_end < 0 and len(text) > pos + HEADLINE_CHARS:
        return False
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if line.rstrip(" \t\"'’”)").endswith("."):
        return False  # a sentence, not a headline: headlines carry no full stop
    words = _LETTERS.findall(line)
    if len(words) < 5:
        return False  # a byline ("Andrew Roth in Moscow") is not a headline
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.7 * len(words)
