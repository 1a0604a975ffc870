"""The one protocol for place lookups, shared by the offline gazetteer and the online geocoder.

Modelled on geopy's ``Geocoder.geocode``: keyword-only options, "not found" is an empty list,
only a real failure (a service that does not answer) raises.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from gazetteer.place import Candidate


@runtime_checkable
class Lookup(Protocol):
    """Something that turns a place name into ranked candidates.

    Implemented by :class:`gazetteer.Gazetteer` (offline, the shipped data) and
    :class:`gazetteer.online.OnlineGeocoder` (Nominatim through geopy, cached).
    """

    def resolve(self, name: str, *, context: str | None = None, limit: int = 10) -> list[Candidate]:
        """Places ``name`` may stand for, best first; ``[]`` when none.

        Parameters
        ----------
        name : str
            A place name in any spelling the press uses.
        context : str, optional
            Text around the name; it decides between namesakes.
        limit : int
            At most this many candidates.
        """
        ...
