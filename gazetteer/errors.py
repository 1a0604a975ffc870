"""Errors raised by the gazetteer: one base class, subclasses that also inherit a built-in."""


class GazetteerError(Exception):
    """Base class for every gazetteer error."""


class UnknownPlace(GazetteerError, LookupError):
    """A name that no source (offline or online) could resolve."""


class GazetteerDataError(GazetteerError, ValueError):
    """The shipped gazetteer file is missing, corrupt or from an incompatible builder."""


class OnlineLookupError(GazetteerError, RuntimeError):
    """The online geocoder failed (timeout, service error); the name stays unresolved.

    ``cause`` says why in a few words ("HTTP 429, Retry-After 30 s", "timed out after 10 s",
    "answer too large"), for summaries that count failures by cause.
    """

    def __init__(self, message: str, *, cause: str = "failed") -> None:
        super().__init__(message)
        self.cause = cause
