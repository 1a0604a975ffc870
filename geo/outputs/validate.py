"""A last look at every feature before an output is renamed into place.

The build streams its GeoJSON from the cache's feature texts; :func:`checked_features`
parses each one on the way and stops the write at the first that is not an RFC 7946
Point feature, so a damaged text can never become an output (the previous file stays).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator

from geo.errors import InvalidOutputError


def feature_problem(text: str) -> str | None:
    """What makes ``text`` not a GeoJSON Point feature as the build writes it, or None.

    Examples
    --------
    >>> feature_problem('{"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.7, 39.8]}, '
    ...                 '"properties": {}}') is None
    True
    >>> feature_problem('{"type": "Feature"')
    'is not JSON'
    """
    try:
        feature = json.loads(text)
    except (ValueError, TypeError):
        return "is not JSON"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return "is not a Feature"
    if not isinstance(feature.get("properties"), dict):
        return "has no properties object"
    geometry = feature.get("geometry")
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if not isinstance(geometry, dict) or geometry.get("type") != "Point" or not isinstance(coordinates, list) \
            or len(coordinates) != 2:
        return "has no Point geometry"
    if not all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in coordinates):
        return "has coordinates that are not numbers"
    lon, lat = coordinates  # GeoJSON order
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return f"has coordinates out of range ({lon}, {lat})"
    return None


def checked_features(lines: Iterable[str], *, output: str) -> Iterator[str]:
    """``lines`` unchanged, each checked with :func:`feature_problem` as it passes.

    Raises
    ------
    InvalidOutputError
        At the first feature that is not valid, naming ``output`` and the feature's number.
    """
    for number, line in enumerate(lines, start=1):
        problem = feature_problem(line)
        if problem is not None:
            raise InvalidOutputError(f"{output}: feature {number} {problem}")
        yield line
