"""Errors raised by the ``geo`` package: one base class, subclasses that also inherit a built-in."""


class GeoError(Exception):
    """Base class for every error of the ``geo`` package."""


class ArticleError(GeoError, ValueError):
    """An article that cannot be read (empty, binary, undecodable); the message is the reason."""


class DatesFileError(GeoError, ValueError):
    """A ``dates.csv`` that cannot be read at all (a folder, no permission, not CSV); the message says what to do."""


class CacheError(GeoError, RuntimeError):
    """The build cache is corrupt, foreign or from another version; it is rebuilt, not trusted."""


class BuildError(GeoError, RuntimeError):
    """A build that cannot start (articles folder missing, output folder not writable)."""


class ExportError(GeoError, ValueError):
    """An export that cannot be written (unknown format, missing build outputs)."""


class OutputClashError(ExportError):
    """An export asked to write over one of the build's own files (its outputs or its cache)."""


class InvalidOutputError(GeoError, ValueError):
    """An output that would not be valid (a feature that is not GeoJSON): it is not written."""


class MapError(GeoError, ValueError):
    """Inputs the map cannot be drawn from (not a GeoJSON FeatureCollection)."""
