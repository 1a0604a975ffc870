"""A small in-memory gazetteer with the contract's protocol, so extraction tests do not
depend on the shipped data or on the gazetteer's ranking (tests/extract/places.tsv)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gazetteer.place import Candidate, Place

HERE = Path(__file__).parent


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    surface: str
    candidates: tuple[Place, ...]


class FakeGazetteer:
    """Names matched longest-first on word boundaries; the first candidate is chosen,
    except that a town loses to a district of the same name only when ``prefer`` says so."""

    version = "fake"

    def __init__(self, path: Path = HERE / "places.tsv") -> None:
        self.places: dict[str, Place] = {}
        self.names: dict[str, list[Place]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            variants = tuple(v for v in (cols[6].split("|") if len(cols) > 6 else []) if v)
            place = Place(cols[0], cols[1], float(cols[4]), float(cols[5]), cols[3] or None, cols[2],
                          names=(cols[1],) + variants)
            self.places[place.id] = place
            for name in place.names:
                self.names.setdefault(name.lower(), []).append(place)
        alternatives = sorted(self.names, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in alternatives) + r")(?![\w-])",
                                   re.IGNORECASE)

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def lookup(self, name: str) -> list[Place]:
        return list(self.names.get(name.lower(), []))

    def find_mentions(self, text: str, *, unresolved: list | None = None) -> list[NameMatch]:
        out = []
        for m in self._pattern.finditer(text):
            surface = m.group(0)
            if not surface[0].isupper():
                continue
            if re.match(r"\s+Group\b", text[m.end():m.end() + 8]):
                continue  # "Minsk Group" is an organisation
            out.append(NameMatch(m.start(), m.end(), surface, tuple(self.names[surface.lower()])))
        return out

    def disambiguate(self, matches, text: str) -> list[Candidate]:
        return [Candidate(m.candidates[0], 1.0, m.surface) for m in matches]


class FakeOnline:
    """Answers like OnlineGeocoder.resolve from a dict; raises for names in ``failing``."""

    def __init__(self, answers: dict[str, Place], failing: set[str] = frozenset()) -> None:
        self.answers = answers
        self.failing = failing
        self.asked: list[str] = []

    def resolve(self, name: str, *, context=None, limit: int = 5) -> list[Candidate]:
        from gazetteer.errors import OnlineLookupError

        self.asked.append(name)
        if name in self.failing:
            raise OnlineLookupError(f"timeout resolving {name}")
        place = self.answers.get(name)
        return [Candidate(place, 1.0, name)] if place else []
