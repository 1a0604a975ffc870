"""Online fallback: names the offline gazetteer lacks, asked of Nominatim through geopy.

Off by default (``geo resolve --online``, ``geo build --online``). Everything here is built
to be a polite, predictable client of a free public service:

* at most one request per ``min_delay_seconds`` (1 s, Nominatim's usage policy) per domain
  in the process, whatever number of :class:`OnlineGeocoder` objects exist;
* a persistent SQLite cache keyed by the normalised name and the domain, holding the raw
  answer, so that a name is never asked twice (hits *and* misses are kept; failures are not);
* only the configured domain is ever contacted;
* every failure of the service (timeout, HTTP error, refused connection, malformed answer)
  becomes one :class:`~gazetteer.errors.OnlineLookupError`; callers report it and go on.

The answer is turned into the same :class:`~gazetteer.place.Candidate` records as the offline
:meth:`Gazetteer.resolve <gazetteer.Gazetteer.resolve>`, with ``Place.id`` ``"osm:R364066"``
(OSM type initial and id) and ``Place.source`` ``"nominatim"``.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from geopy.exc import (
    GeocoderInsufficientPrivileges,
    GeocoderQuotaExceeded,
    GeocoderRateLimited,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)
from geopy.geocoders import Nominatim

from gazetteer.errors import OnlineLookupError
from gazetteer.online_http import MAX_ANSWER_BYTES, AnswerTooLarge, BoundedAdapter
from gazetteer.place import Candidate, Place

__all__ = [
    "DEFAULT_DOMAIN",
    "DEFAULT_USER_AGENT",
    "OnlineGeocoder",
    "RateLimiter",
    "default_cache_path",
]

logger = logging.getLogger(__name__)

DEFAULT_DOMAIN = "nominatim.openstreetmap.org"


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return version("conflict-geo")
    except Exception:  # not installed (running from a bare checkout): still identify ourselves
        return "0"


#: Identifies the application, as Nominatim's usage policy asks. Users running many
#: lookups should add a contact: ``GEO_USER_AGENT="conflict-geo (you@example.org)"``.
DEFAULT_USER_AGENT = f"conflict-geo/{_package_version()} (conflict incident mapper; geopy Nominatim)"

#: Environment variables read by :meth:`OnlineGeocoder.from_env`.
ENV_DOMAIN = "GEO_ONLINE_DOMAIN"
ENV_SCHEME = "GEO_ONLINE_SCHEME"
ENV_USER_AGENT = "GEO_USER_AGENT"

#: How many results are asked of the service, whatever ``limit`` the caller wants, so that
#: one cached answer serves every later ``limit`` (the cache key is name + domain only).
FETCH_LIMIT = 10

#: What is asked besides the name; stored with each cached answer so it can be re-parsed.
_REQUEST_OPTIONS = {
    "addressdetails": True,
    "extratags": True,
    "namedetails": True,
    "language": "en",
    "limit": FETCH_LIMIT,
}

_CACHE_SCHEMA_VERSION = 1
_SOURCE = "nominatim"


def default_cache_path() -> Path:
    """Where the online answers are cached unless told otherwise.

    Returns
    -------
    Path
        ``$XDG_CACHE_HOME/conflict-geo/nominatim.sqlite`` when ``XDG_CACHE_HOME`` is set to an
        absolute path (the XDG spec says to ignore relative ones), else
        ``~/.cache/conflict-geo/nominatim.sqlite``.

    Examples
    --------
    >>> default_cache_path().name
    'nominatim.sqlite'
    """
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "conflict-geo" / "nominatim.sqlite"


def normalize_query(name: str) -> str:
    """The cache key of a name: Unicode NFKC, case-folded, inner whitespace collapsed.

    Diacritics are kept on purpose: the service may answer ``Şuşa`` and ``Susa`` differently.
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


# --- rate limit -------------------------------------------------------------------------


class RateLimiter:
    """Spaces calls at least ``min_delay`` seconds apart, across threads.

    The clock and the sleep are injectable so tests run on a fake clock.

    Parameters
    ----------
    clock : callable, optional
        Monotonic seconds; default :func:`time.monotonic`.
    sleep : callable, optional
        Waits the given seconds; default :func:`time.sleep`.

    Examples
    --------
    >>> limiter = RateLimiter()
    >>> limiter.wait(1.0)   # the first call never waits
    0.0
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last: float | None = None

    def wait(self, min_delay: float) -> float:
        """Block until ``min_delay`` seconds have passed since the previous call returned.

        The moment of this call is recorded *before* the request it guards is sent, so a
        failed request counts as much as a successful one.

        Returns
        -------
        float
            Seconds slept.
        """
        # The lock is held while sleeping: concurrent callers queue up instead of all
        # waking at the same instant and firing together.
        with self._lock:
            slept = 0.0
            if self._last is not None:
                remaining = min_delay - (self._clock() - self._last)
                if remaining > 0:
                    self._sleep(remaining)
                    slept = remaining
            self._last = self._clock()
            return slept

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()


_shared_limiters: dict[str, RateLimiter] = {}
_shared_limiters_lock = threading.Lock()


def _shared_limiter(domain: str) -> RateLimiter:
    """The process-wide limiter of a domain: every geocoder asking it shares one budget."""
    with _shared_limiters_lock:
        return _shared_limiters.setdefault(domain, RateLimiter())


# --- cache ------------------------------------------------------------------------------


class _AnswerCache:
    """Raw service answers in SQLite, keyed by (domain, normalised name).

    Never raises: a corrupt or foreign file is moved aside with a warning and recreated; if
    the disk cannot be used at all, answers are kept in memory for this process only.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._create(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._create(str(self.path))
        except sqlite3.OperationalError as err:
            # Locked, unreadable directory, no permission: the file may be fine, keep it.
            logger.warning("cannot use online cache %s (%s); caching in memory only", self.path, err)
            return self._create(":memory:")
        except sqlite3.DatabaseError as err:
            try:
                moved = self._move_aside()
            except OSError as move_err:
                logger.warning(
                    "online cache %s is unreadable (%s) and cannot be moved aside (%s); "
                    "caching in memory only", self.path, err, move_err,
                )
                return self._create(":memory:")
            logger.warning(
                "online cache %s is unreadable (%s); moved it to %s and started a new one",
                self.path, err, moved,
            )
        except OSError as err:
            logger.warning("cannot use online cache %s (%s); caching in memory only", self.path, err)
            return self._create(":memory:")
        try:
            return self._create(str(self.path))
        except (sqlite3.Error, OSError) as err:
            logger.warning("cannot recreate online cache %s (%s); caching in memory only", self.path, err)
            return self._create(":memory:")

    @staticmethod
    def _create(target: str) -> sqlite3.Connection:
        # check_same_thread=False: access is serialised by self._lock instead.
        conn = sqlite3.connect(target, timeout=30.0, check_same_thread=False)
        try:
            # Reading the header is what detects a file that is not a database at all;
            # quick_check finds damaged pages of one that is.
            status = conn.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {status}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if version == 0 and not tables:
                with conn:
                    conn.execute(
                        "CREATE TABLE IF NOT EXISTS answers ("
                        " domain TEXT NOT NULL, query TEXT NOT NULL, asked TEXT NOT NULL,"
                        " options TEXT NOT NULL, raw TEXT NOT NULL, fetched_at TEXT NOT NULL,"
                        " PRIMARY KEY (domain, query))"
                    )
                    conn.execute(f"PRAGMA user_version = {_CACHE_SCHEMA_VERSION}")
            elif version != _CACHE_SCHEMA_VERSION or "answers" not in tables:
                raise sqlite3.DatabaseError(
                    f"not a conflict-geo online cache (schema version {version}, tables {sorted(tables)})"
                )
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self) -> Path:
        assert self.path is not None
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        self.path.replace(target)
        # A journal left beside the broken file would be replayed into the new one.
        for suffix in ("-journal", "-wal", "-shm"):
            leftover = self.path.with_name(self.path.name + suffix)
            if leftover.exists():
                leftover.replace(target.with_name(target.name + suffix))
        return target

    def get(self, domain: str, query: str) -> list[dict[str, Any]] | None:
        """The cached raw answer, or None when the name was never asked (or the row is unusable)."""
        with self._lock:
            try:
                row = self._connection().execute(
                    "SELECT raw FROM answers WHERE domain = ? AND query = ?", (domain, query)
                ).fetchone()
            except sqlite3.Error as err:
                logger.warning("online cache read failed (%s); asking the service", err)
                return None
        if row is None:
            return None
        try:
            raw = json.loads(row[0])
        except ValueError:
            logger.warning("online cache entry for %r is unreadable; asking again", query)
            return None
        return raw if isinstance(raw, list) else None

    def put(self, domain: str, query: str, asked: str, raw: list[dict[str, Any]]) -> None:
        with self._lock:
            try:
                conn = self._connection()
                with conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            domain, query, asked,
                            json.dumps(_REQUEST_OPTIONS, sort_keys=True),
                            json.dumps(raw, ensure_ascii=False),
                            datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        ),
                    )
            except sqlite3.Error as err:
                # Losing a cache write costs one repeated request later, never the answer.
                logger.warning("online cache write failed for %r: %s", query, err)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


# --- answer parsing ---------------------------------------------------------------------

# Nominatim's addresstype/type values, by the kind of place they are. Anything else falls
# back on place_rank (see _kind_from_rank).
_KIND_OF_TYPE = {
    "country": "country",
    "state": "region", "region": "region", "province": "region",
    "state_district": "district", "county": "district", "district": "district",
    "municipality": "district",
    "city": "city",
    "town": "town",
    "village": "village", "hamlet": "village", "isolated_dwelling": "village",
    "farm": "village", "locality": "village", "suburb": "village", "quarter": "village",
    "neighbourhood": "village",
}

#: Classes whose results are settlements or administrative areas; others (a hotel named
#: after a town, a river, an airport) are still offered, with half the score.
_PLACE_CLASSES = {"place", "boundary"}
_OTHER_CLASS_FACTOR = 0.5
#: Added per address component of a candidate that the context mentions.
_CONTEXT_BONUS = 0.25

_OSM_TYPE_INITIAL = {"node": "N", "way": "W", "relation": "R", "n": "N", "w": "W", "r": "R"}


def _kind_from_rank(rank: int) -> str:
    # Nominatim's search ranks: 4 country, 8 state, 10 region, 12 county, 16 city,
    # 18 town, 19+ village and smaller.
    if rank <= 4:
        return "country"
    if rank <= 11:
        return "region"
    if rank <= 15:
        return "district"
    if rank == 16:
        return "city"
    if rank <= 18:
        return "town"
    return "village"


def _kind(raw: Mapping[str, Any]) -> str:
    for key in ("addresstype", "type"):
        kind = _KIND_OF_TYPE.get(str(raw.get(key, "")))
        if kind:
            return kind
    try:
        return _kind_from_rank(int(raw["place_rank"]))
    except (KeyError, TypeError, ValueError):
        return "village"


def _population(raw: Mapping[str, Any]) -> int:
    text = str((raw.get("extratags") or {}).get("population", ""))
    # OSM population tags come as "12000", "12 000", "12,000" or "12000;2015".
    digits = re.match(r"\s*([\d\s,.]*\d)", text.split(";")[0])
    if not digits:
        return 0
    return int(re.sub(r"\D", "", digits.group(1)))


def _names(raw: Mapping[str, Any], display: str) -> tuple[str, ...]:
    found = [display]
    for key, value in sorted((raw.get("namedetails") or {}).items()):
        if key.startswith(("name", "alt_name", "old_name", "official_name", "int_name", "short_name")):
            found.extend(part.strip() for part in str(value).split(";"))
    return tuple(dict.fromkeys(n for n in found if n))


def _place(raw: Mapping[str, Any]) -> Place:
    """One Nominatim result as a Place. Raises KeyError/ValueError/TypeError when unusable."""
    initial = _OSM_TYPE_INITIAL[str(raw["osm_type"]).lower()]
    namedetails = raw.get("namedetails") or {}
    address = raw.get("address") or {}
    display = (
        namedetails.get("name:en")
        or raw.get("name")
        or namedetails.get("name")
        or str(raw.get("display_name", "")).split(",")[0].strip()
    )
    code = address.get("country_code")
    return Place(
        id=f"osm:{initial}{int(raw['osm_id'])}",
        name=display,
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        country=code.upper() if isinstance(code, str) and code else None,
        kind=_kind(raw),
        population=_population(raw),
        admin1=address.get("state") or address.get("region") or address.get("province"),
        admin2=address.get("county") or address.get("state_district") or address.get("district")
        or address.get("municipality"),
        names=_names(raw, display),
        source=_SOURCE,
    )


# Generic words ending administrative names in OSM ("Gegharkunik Province", "Tartar
# District"), which the press mostly drops ("in Gegharkunik", "the Tartar region").
_GENERIC_TAIL = re.compile(
    r"(?:\s+(?:province|district|region|economic region|municipality|marz|rayon|raion|oblast|community))+$"
)


def _address_keys(value: str) -> set[str]:
    key = normalize_query(value)
    return {k for k in (key, _GENERIC_TAIL.sub("", key)) if k}


def _mentioned(key: str, context: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(key)}(?!\w)", context) is not None


def _candidates(raw_answer: list[Any], name: str, context: str | None) -> list[Candidate]:
    """Rank the raw results: importance (or answer order), class, and what the context names."""
    context_key = normalize_query(context) if context else ""
    scored = []
    for position, raw in enumerate(raw_answer):
        try:
            place = _place(raw)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            logger.warning("skipping an unusable Nominatim result for %r: %r (%s)", name, raw, err)
            continue
        reasons = []
        try:
            score = float(raw["importance"])
            reasons.append(f"importance {score:.3f}")
        except (KeyError, TypeError, ValueError):
            # Without importance the service's own order is the ranking.
            score = 1.0 / (1 + position)
            reasons.append(f"answer rank {position + 1}")
        category = raw.get("category", raw.get("class"))
        if category not in _PLACE_CLASSES:
            score *= _OTHER_CLASS_FACTOR
            reasons.append(f"not a settlement or area ({category}/{raw.get('type')})")
        if context_key:
            own = {normalize_query(n) for n in place.names}
            address = raw.get("address") or {}
            for field_name, value in sorted(address.items()):
                if not isinstance(value, str) or field_name in ("country_code", "postcode") \
                        or field_name.startswith("ISO3166"):
                    continue
                # The place's own name in the context says nothing about which one is meant.
                keys = _address_keys(value) - own
                if any(_mentioned(key, context_key) for key in keys):
                    score += _CONTEXT_BONUS
                    reasons.append(f"context mentions {value}")
        scored.append((score, position, Candidate(place=place, score=round(score, 6), matched=name,
                                                  reasons=tuple(reasons))))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [candidate for _, _, candidate in scored]


# --- failures ---------------------------------------------------------------------------

_STATUS = re.compile(r"\b(?:HTTP Error|status code) (\d{3})\b")


def failure_cause(err: Exception, *, timeout: float) -> str:
    """Why a request failed, in a few words: the HTTP status (with ``Retry-After`` when the
    service set one), a timeout, an answer too large, a refused connection.

    Examples
    --------
    >>> failure_cause(GeocoderRateLimited("HTTP Error 429: Too Many Requests", retry_after=30), timeout=10)
    'HTTP 429, rate limited, Retry-After 30 s'
    >>> failure_cause(GeocoderTimedOut("Service timed out"), timeout=10)
    'timed out after 10 s'
    """
    status = _STATUS.search(str(err))
    retry_after = getattr(err, "retry_after", None)
    if status:
        cause = f"HTTP {status.group(1)}"
        if isinstance(err, GeocoderRateLimited) or status.group(1) == "429":
            cause += ", rate limited"
        if retry_after:
            cause += f", Retry-After {retry_after:g} s"
        return cause
    if isinstance(err, AnswerTooLarge):
        return "answer too large"
    if isinstance(err, GeocoderTimedOut):
        return f"timed out after {timeout:g} s"
    if isinstance(err, GeocoderUnavailable) or "refused" in str(err).lower():
        return "service unreachable"
    return type(err).__name__


# --- the geocoder -----------------------------------------------------------------------

_DEFAULT_CACHE = object()


class OnlineGeocoder:
    """Resolve place names through a Nominatim service, politely and with a disk cache.

    Same protocol as :meth:`gazetteer.Gazetteer.resolve`: a ranked list of candidates, ``[]``
    when the service knows no such place; only a failure of the service raises.

    Parameters
    ----------
    domain : str
        Host (and optional ``:port``/path) of the Nominatim service. Only this host is ever
        contacted.
    scheme : {"https", "http"}
        ``http`` is for a local or test instance.
    user_agent : str
        Sent with every request. Nominatim's policy requires one that identifies the
        application; add a contact address for heavy use.
    cache_path : Path or None
        SQLite file of past answers; default :func:`default_cache_path` (evaluated when the
        geocoder is made, so ``XDG_CACHE_HOME`` set later is honoured). ``None`` keeps answers
        in memory for the life of this object only.
    min_delay_seconds : float
        Least time between two requests to the same domain in this process. Nominatim's
        public service allows 1 request per second; do not lower it against that service.
    timeout : float
        Seconds a whole request may take (connecting, headers, answer: a total deadline, not
        one per read) before giving up with :class:`OnlineLookupError`.
    max_answer_bytes : int
        A larger answer is not read (:class:`OnlineLookupError`, cause "answer too large").
    rate_limiter : RateLimiter, optional
        Replaces the process-wide limiter of ``domain`` (tests pass one on a fake clock).

    Examples
    --------
    >>> online = OnlineGeocoder()                                    # doctest: +SKIP
    >>> best = online.resolve("Hadrut", context="Karabakh")[0]       # doctest: +SKIP
    >>> best.place.id, best.place.country, best.place.kind           # doctest: +SKIP
    ('osm:N...', 'AZ', 'town')
    """

    def __init__(
        self,
        *,
        domain: str = DEFAULT_DOMAIN,
        scheme: str = "https",
        user_agent: str = DEFAULT_USER_AGENT,
        cache_path: Path | str | None = _DEFAULT_CACHE,  # type: ignore[assignment]
        min_delay_seconds: float = 1.0,
        timeout: float = 10.0,
        rate_limiter: RateLimiter | None = None,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        domain = (domain or "").strip().strip("/")
        if not domain or "://" in domain:
            raise ValueError(
                f"online domain must be a host name such as {DEFAULT_DOMAIN!r} or '127.0.0.1:8080', "
                f"without scheme (set the scheme separately), got {domain!r}"
            )
        if scheme not in ("http", "https"):
            raise ValueError(f"online scheme must be 'http' or 'https', got {scheme!r}")
        if not user_agent or not user_agent.strip():
            raise ValueError("a user agent identifying the application is required by Nominatim")
        if min_delay_seconds < 0 or timeout <= 0:
            raise ValueError("min_delay_seconds must be >= 0 and timeout > 0")
        self.domain = domain
        self.scheme = scheme
        self.user_agent = user_agent.strip()
        self.cache_path = (
            default_cache_path() if cache_path is _DEFAULT_CACHE
            else (Path(cache_path) if cache_path is not None else None)
        )
        self.min_delay_seconds = float(min_delay_seconds)
        self.timeout = float(timeout)
        self.max_answer_bytes = int(max_answer_bytes)
        self._own_limiter = rate_limiter
        self.stats = {"requests": 0, "cache_hits": 0, "failures": 0}
        self._setup()

    def _setup(self) -> None:
        self._limiter = self._own_limiter or _shared_limiter(self.domain)
        self._cache = _AnswerCache(self.cache_path)
        self._ask_lock = threading.Lock()
        # urllib rather than requests: always available, and it never retries on its own,
        # so one resolve() is at most one request, as the rate limit assumes; bounded in
        # time and size (gazetteer.online_http). proxies=None means the system settings
        # (HTTP(S)_PROXY, NO_PROXY) are honoured.
        self._nominatim = Nominatim(
            domain=self.domain,
            scheme=self.scheme,
            user_agent=self.user_agent,
            timeout=self.timeout,
            proxies=None,
            adapter_factory=functools.partial(BoundedAdapter, total_seconds=self.timeout,
                                              max_bytes=self.max_answer_bytes),
        )

    @classmethod
    def from_env(cls, **overrides: Any) -> OnlineGeocoder:
        """A geocoder configured from the environment, keyword arguments taking precedence.

        Reads ``GEO_ONLINE_DOMAIN``, ``GEO_ONLINE_SCHEME`` and ``GEO_USER_AGENT``; unset or
        empty variables leave the defaults.

        Examples
        --------
        >>> import os
        >>> os.environ["GEO_ONLINE_DOMAIN"] = "nominatim.example.org"
        >>> OnlineGeocoder.from_env(cache_path=None).domain
        'nominatim.example.org'
        >>> del os.environ["GEO_ONLINE_DOMAIN"]
        """
        settings: dict[str, Any] = {}
        for variable, key in ((ENV_DOMAIN, "domain"), (ENV_SCHEME, "scheme"), (ENV_USER_AGENT, "user_agent")):
            value = os.environ.get(variable, "").strip()
            if value:
                settings[key] = value
        settings.update(overrides)
        return cls(**settings)

    def resolve(self, name: str, *, context: str | None = None, limit: int = 5) -> list[Candidate]:
        """Candidates for a place name, best first.

        Parameters
        ----------
        name : str
            The name as written.
        context : str, optional
            Surrounding text. Not sent to the service (so the cached answer serves every
            context); results whose address parts (region, district, country) it mentions
            rank higher.
        limit : int
            Most candidates returned (the service is asked for up to ``FETCH_LIMIT``).

        Returns
        -------
        list of Candidate
            ``[]`` when the service knows no such place, or the name is blank.

        Raises
        ------
        OnlineLookupError
            The service timed out, answered an HTTP error, refused the connection or sent
            something that is not a Nominatim answer. Nothing is cached then.
        """
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        query = normalize_query(name)
        if not query:
            return []
        asked = " ".join(name.split())
        raw = self._cache.get(self.domain, query)
        if raw is None:
            # Serialised so that two threads asking the same new name make one request.
            with self._ask_lock:
                raw = self._cache.get(self.domain, query)
                if raw is None:
                    raw = self._ask(asked)
                    self._cache.put(self.domain, query, asked, raw)
                else:
                    self.stats["cache_hits"] += 1
        else:
            self.stats["cache_hits"] += 1
            logger.debug("online cache hit for %r", name)
        return _candidates(raw, asked, context)[:limit]

    def _ask(self, text: str) -> list[dict[str, Any]]:
        self._limiter.wait(self.min_delay_seconds)
        self.stats["requests"] += 1
        where = f"{self.scheme}://{self.domain}"
        logger.info("asking %s for %r", where, text)
        options = dict(_REQUEST_OPTIONS)
        try:
            locations = self._nominatim.geocode(text, exactly_one=False, **options)
        except GeopyError as err:
            self.stats["failures"] += 1
            hint = ""
            if isinstance(err, (GeocoderRateLimited, GeocoderInsufficientPrivileges, GeocoderQuotaExceeded)):
                hint = (" (the service refused us: check the user agent, GEO_USER_AGENT, and keep to "
                        "its usage policy of 1 request per second)")
            cause = failure_cause(err, timeout=self.timeout)
            raise OnlineLookupError(
                f"online lookup of {text!r} at {where} failed: {cause} ({type(err).__name__}: {err}){hint}",
                cause=cause,
            ) from err
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            # geopy lets parsing errors of an answer that is JSON but not Nominatim's through.
            self.stats["failures"] += 1
            raise OnlineLookupError(
                f"online lookup of {text!r} at {where} failed: the answer is not a Nominatim "
                f"result list ({type(err).__name__}: {err})", cause="malformed answer"
            ) from err
        raw = [location.raw for location in locations or ()]
        if not all(isinstance(item, dict) for item in raw):
            self.stats["failures"] += 1
            raise OnlineLookupError(f"online lookup of {text!r} at {where} failed: malformed answer",
                                    cause="malformed answer")
        logger.info("%s answered %d result(s) for %r", where, len(raw), text)
        return raw

    def close(self) -> None:
        """Close the cache file (it reopens on the next lookup)."""
        self._cache.close()

    def __enter__(self) -> OnlineGeocoder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Picklable, so a geocoder can be handed to worker processes: connections, locks and the
    # HTTP client are rebuilt there. Each process then has its own rate limit: keep online
    # lookups in one process when using the public service.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for key in ("_limiter", "_cache", "_ask_lock", "_nominatim"):
            del state[key]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def __repr__(self) -> str:
        return (
            f"OnlineGeocoder(domain={self.domain!r}, scheme={self.scheme!r}, "
            f"cache_path={str(self.cache_path) if self.cache_path else None!r})"
        )
