"""Errors raised by the gazetteer: one base class, subclasses that also inherit a built-in."""


class GazetteerError(Exception):
    """Base class for every gazetteer error."""


class UnknownPlace(GazetteerError, LookupError):
    """A name that no source (offline or online) could resolve."""


class GazetteerDataError(GazetteerError, ValueError):
    """The shipped gazetteer file is missing, corrupt or from an incompatible builder."""


class OnlineLookupError(GazetteerError, RuntimeError):
    """The online geocoder failed (timeout, service error); the name stays unresolved."""
