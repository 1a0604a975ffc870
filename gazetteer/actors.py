"""Who can speak in a war report: states, their bodies, and the parties that are not states.

Read from ``gazetteer/data/actors/`` (the header of each file says where its contents come from):

* ``countries.tsv``: every country of GeoNames' countryInfo, with the party name the press uses,
  other names, demonyms, capital and stand-ins (leaders, institutions: ``"Kremlin=Kremlin"``);
* ``bodies.tsv``: official bodies that attach to any party (defence ministry, General Staff,
  governor, regional military administration, health ministry ...);
* ``nonstate.tsv``: armed groups, de facto authorities, international bodies, monitors, and
  sources that are no party at all (medics, residents).

Nothing here knows a particular war: the extraction (:mod:`geo.extract.claims`) reads the tables
through :func:`actors`, and the gazetteer's ranking reads :func:`demonym_countries`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["ACTORS_DIR", "FINGERPRINT_DATA", "Actor", "Body", "Actors", "actors", "air_strike_words", "country_names",
           "demonym_countries",
           "word_pattern"]

ACTORS_DIR = Path(__file__).parent / "data" / "actors"
#: The tables shape extraction output (see ``geo.pipeline.fingerprint``): paths relative to this module.
FINGERPRINT_DATA = ("data/actors",)

#: Kinds of ``nonstate.tsv`` whose speakers are written as claimants.
PARTY_KINDS = ("state", "armed group", "de facto authority", "state forces", "international", "monitor", "rights group")


@dataclass(frozen=True)
class Actor:
    """One party (or non-party source) and the words that stand for it.

    ``patterns`` are ``(regex, body)`` pairs in table order: names, demonyms, capital, then
    stand-ins/aliases, ``body`` being None unless the word names a body ("Lavrov" -> foreign
    ministry).
    """

    party: str
    kind: str  # "state" for countries.tsv rows, else the nonstate.tsv kind
    countries: tuple[str, ...]
    regions: tuple[str, ...] = ()
    backer: str | None = None
    patterns: tuple[tuple[str, str | None], ...] = ()
    demonyms: tuple[str, ...] = ()
    source: str = ""

    @property
    def is_party(self) -> bool:
        """Whether its speakers are claimants (a "source" such as medics is not)."""
        return self.kind in PARTY_KINDS


@dataclass(frozen=True)
class Body:
    """An official body: a pattern, the label shown, and whether it is specific ("strong")."""

    pattern: str
    label: str
    strong: bool


@dataclass(frozen=True)
class Actors:
    """The three tables: non-state actors first (they win where names overlap: "Syrian
    Observatory" is SOHR, not Syria), then states."""

    parties: tuple[Actor, ...]
    bodies: tuple[Body, ...]
    by_iso: dict

    def party_of_country(self, iso: str | None) -> str | None:
        """The party name of an ISO country code ("UA" -> "Ukraine"), or None."""
        actor = self.by_iso.get((iso or "").upper())
        return actor.party if actor else None

    def actor(self, party: str) -> Actor | None:
        """The actor of that party name (the state when a state also has a non-state row, as
        Russia has for the authorities it installed)."""
        named = [a for a in self.parties if a.party == party]
        return next((a for a in named if a.kind == "state"), named[0] if named else None)


def word_pattern(alternatives: list[str] | tuple[str, ...], suffix: str = "") -> str:
    """One whole-word regex over table patterns: acronyms (all capitals) match case-sensitively,
    other words case-insensitively; a hyphen continues a word ("Russian-backed" is not "Russian")
    unless ``suffix`` (a regex, case-insensitive) allows it.

    Examples
    --------
    >>> bool(re.search(word_pattern(["IS", "Hamas"]), "hamas said"))
    True
    >>> bool(re.search(word_pattern(["IS"]), "it is"))
    False
    """
    parts = []
    for alternative in alternatives:
        acronym = re.fullmatch(r"(?:[A-Z0-9/&-]|\\\.|\\s\+|\.)+", alternative) is not None
        parts.append(alternative if acronym else f"(?i:{alternative})")
    tail = f"(?i:{suffix})" if suffix else ""
    return r"(?<![\w-])(?:" + "|".join(parts) + r")" + tail + r"(?![\w-])"


def _rows(path: Path) -> list[list[str]]:
    rows = []
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True  # the column names
            continue
        rows.append(line.split("\t"))
    return rows


def _split(cell: str, sep: str = "|") -> list[str]:
    return [part.strip() for part in cell.split(sep) if part.strip()]


def _stand_ins(cell: str) -> list[tuple[str, str | None]]:
    out = []
    for item in _split(cell, ";"):
        pattern, _, body = item.partition("=")
        out.append((pattern.strip(), body.strip() or None))
    return out


@lru_cache(maxsize=2)
def actors(folder: Path = ACTORS_DIR) -> Actors:
    """The actor tables of ``folder`` (cached).

    Examples
    --------
    >>> actors().party_of_country("SD")
    'Sudan'
    >>> actors().actor("RSF").kind
    'armed group'
    """
    parties: list[Actor] = []
    for row in _rows(folder / "nonstate.tsv"):
        party, kind, countries, regions, backer, aliases, source = (row + [""] * 7)[:7]
        parties.append(Actor(party, kind, tuple(_split(countries)), tuple(_split(regions)), backer or None,
                             tuple(_stand_ins(aliases)), (), source))
    by_iso: dict[str, Actor] = {}
    for row in _rows(folder / "countries.tsv"):
        iso, party, names, demonyms, capital, stand_ins = (row + [""] * 6)[:6]
        words = [(re.escape(party), None), *((n, None) for n in _split(names)),
                 *((d, None) for d in _split(demonyms))]
        if capital:
            words.append((re.escape(capital), None))
        actor = Actor(party, "state", (iso,), (), None, (*words, *_stand_ins(stand_ins)), tuple(_split(demonyms)),
                      "GeoNames countryInfo.txt")
        parties.append(actor)
        by_iso[iso] = actor
    bodies = tuple(Body(pattern, label, strength.strip() == "strong")
                   for pattern, label, strength in (r[:3] for r in _rows(folder / "bodies.tsv")))
    return Actors(tuple(parties), bodies, by_iso)


@lru_cache(maxsize=2)
def country_names(folder: Path = ACTORS_DIR) -> dict[str, tuple[str, ...]]:
    """ISO code -> the names the press gives the state: its party name and the table's other
    names, as plain text ("CD" -> "DR Congo", "DRC", "D.R. Congo", ...); names the table writes
    as a pattern other than an escaped dot are left out. The gazetteer's countries take them.

    Examples
    --------
    >>> country_names()["CD"][:3]
    ('DR Congo', 'Democratic Republic of the Congo', 'Democratic Republic of Congo')
    """
    out = {}
    for row in _rows(folder / "countries.tsv"):
        iso, party, names = (row + [""] * 3)[:3]
        plain = [n.replace("\\.", ".") for n in (party, *_split(names))]
        out[iso] = tuple(n for n in plain if not re.search(r"[\\()\[\]?*+{}|^$]", n))
    return out


@lru_cache(maxsize=2)
def air_strike_words(folder: Path = ACTORS_DIR) -> tuple[str, ...]:
    """Name and demonym patterns of the parties of ``air_strikes.tsv``, whose plain "strikes"
    are air strikes ("Israeli strikes", "US strikes").

    Examples
    --------
    >>> "Israeli" in air_strike_words()
    True
    """
    table = actors(folder)
    words: list[str] = []
    for row in _rows(folder / "air_strikes.tsv"):
        actor = table.actor(row[0])
        if actor is None:
            raise ValueError(f"{folder / 'air_strikes.tsv'}: unknown party {row[0]!r} (not in countries.tsv or nonstate.tsv)")
        if actor.kind == "state":  # its names and demonyms, not its capital or leaders
            words += [re.escape(name) for name in country_names(folder)[actor.countries[0]]] + list(actor.demonyms)
        else:
            words += [pattern for pattern, body in actor.patterns if body is None]
    return tuple(dict.fromkeys(words))


@lru_cache(maxsize=2)
def demonym_countries(folder: Path = ACTORS_DIR) -> dict[str, str]:
    """Demonym -> ISO code for every country ("Sudanese" -> "SD", "Azeris" -> "AZ").

    Examples
    --------
    >>> demonym_countries()["Ukrainian"], demonym_countries()["Congolese"]
    ('UA', 'CD')
    """
    return {d: actor.countries[0] for actor in actors(folder).by_iso.values() for d in actor.demonyms}
