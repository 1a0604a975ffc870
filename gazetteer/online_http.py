"""The HTTP client of the online fallback: a total deadline per request and a cap on the answer.

geopy's urllib adapter passes its timeout to every socket operation, so a service that
sends one byte every few seconds keeps a request alive indefinitely (about 120 s per name
in the audit of issue 14), and it reads any answer whole (220 MB once). :class:`BoundedAdapter`
is that adapter with two limits:

* **a deadline per request**: a timer shuts the request's sockets down when
  ``total_seconds`` have passed since it started, whatever the server is doing; the request
  then fails with :class:`geopy.exc.GeocoderTimedOut`;
* **a size cap**: the answer is read in pieces and abandoned past ``max_bytes``
  (:data:`MAX_ANSWER_BYTES`; a Nominatim answer of ten places is a few kilobytes), failing
  with :class:`AnswerTooLarge`.
"""

from __future__ import annotations

import http.client
import socket
import threading
from urllib.request import HTTPHandler, HTTPSHandler, ProxyHandler, build_opener

from geopy.adapters import URLLibAdapter, _normalize_proxies
from geopy.exc import GeocoderServiceError, GeocoderTimedOut

#: An answer larger than this is not read (bytes).
MAX_ANSWER_BYTES = 2_000_000

_READ_BYTES = 65_536


class AnswerTooLarge(GeocoderServiceError):
    """The service's answer is larger than the adapter takes."""


class _Watch:
    """The sockets of one request, shut down together when its deadline passes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.expired = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked read in the requesting thread
        except OSError:
            pass


_current = threading.local()


def _watched(connection_class):
    class Watched(connection_class):
        def connect(self) -> None:
            super().connect()
            watch = getattr(_current, "watch", None)
            if watch is not None:
                watch.add(self.sock)

    Watched.__name__ = f"Watched{connection_class.__name__}"
    return Watched


_WatchedHTTP = _watched(http.client.HTTPConnection)
_WatchedHTTPS = _watched(http.client.HTTPSConnection)


class _HTTP(HTTPHandler):
    def http_open(self, req):
        return self.do_open(_WatchedHTTP, req)


class _HTTPS(HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_WatchedHTTPS, req, context=self._context)


class BoundedAdapter(URLLibAdapter):
    """geopy's urllib adapter with a total deadline per request and a cap on the answer's size.

    Parameters
    ----------
    proxies, ssl_context
        As for :class:`geopy.adapters.URLLibAdapter` (geopy passes them).
    total_seconds : float
        The whole request (connecting, headers, body) must be done within this time.
    max_bytes : int
        Largest answer read.

    Examples
    --------
    >>> from functools import partial
    >>> from geopy.geocoders import Nominatim
    >>> Nominatim(user_agent="x", adapter_factory=partial(BoundedAdapter, total_seconds=10))  # doctest: +SKIP
    """

    def __init__(self, *, proxies, ssl_context, total_seconds: float = 10.0, max_bytes: int = MAX_ANSWER_BYTES):
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self.total_seconds = float(total_seconds)
        self.max_bytes = int(max_bytes)
        self.urlopen = build_opener(_HTTP(), _HTTPS(context=ssl_context),
                                    ProxyHandler(_normalize_proxies(proxies))).open

    def get_text(self, url, *, timeout, headers):
        watch = _Watch()
        timer = threading.Timer(self.total_seconds, watch.expire)
        timer.daemon = True
        _current.watch = watch
        timer.start()
        try:
            text = super().get_text(url, timeout=min(timeout, self.total_seconds), headers=headers)
        except AnswerTooLarge:
            raise
        except Exception as err:
            if watch.expired:
                raise GeocoderTimedOut(f"no complete answer within {self.total_seconds:g} s") from err
            raise
        finally:
            timer.cancel()
            _current.watch = None
        if watch.expired:  # the answer was cut short at the deadline
            raise GeocoderTimedOut(f"no complete answer within {self.total_seconds:g} s")
        return text

    def _decode_page(self, page):
        length = page.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            raise AnswerTooLarge(f"answer of {int(length):,} bytes is larger than {self.max_bytes:,}: not read")
        pieces, size = [], 0
        read = getattr(page, "read1", page.read)
        while True:
            try:
                piece = read(_READ_BYTES)
            except Exception as err:
                raise GeocoderServiceError(f"Unable to read the response ({type(err).__name__})") from err
            if not piece:
                break
            size += len(piece)
            if size > self.max_bytes:
                raise AnswerTooLarge(f"answer larger than {self.max_bytes:,} bytes: not read")
            pieces.append(piece)
        encoding = page.headers.get_content_charset() or "utf-8"
        try:
            return b"".join(pieces).decode(encoding)
        except (LookupError, ValueError) as err:
            raise GeocoderServiceError("Unable to decode the response bytes") from err
