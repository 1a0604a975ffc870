"""``geo watch --serve``: the output folder over HTTP, and open maps reloaded after each rebuild.

A small threaded HTTP server serves the files of the output folder, on 127.0.0.1 unless a
host is given. When it serves ``map.html`` it adds, to the bytes sent (never to the file,
which stays byte-identical to a build's), a script that asks ``/__geo/build`` once a second
which build is current and reloads the page when it changes. A reload keeps the URL and its
fragment, so the map comes back on the same view, dates, layers, filters and incident
(``url_state.js``). Hidden files (the build cache) and folder listings are not served.
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import logging
import threading
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

#: Where pages ask which build is current.
BUILD_PATH = "/__geo/build"
#: How often an open page asks (milliseconds).
POLL_MS = 1000

_RELOAD_SCRIPT = """<script>
(function () {
  var seen = %s;
  function ask() {
    fetch(%s, {cache: 'no-store'}).then(function (r) { return r.json(); }).then(function (state) {
      if (state.build !== seen) location.reload();
      else setTimeout(ask, %d);
    }, function () { setTimeout(ask, %d); });
  }
  setTimeout(ask, %d);
}());
</script>
"""


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (``127.0.0.1``, ``::1``, ``localhost``).

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Handler(http.server.SimpleHTTPRequestHandler):
    server_version = "geo-watch"
    sys_version = ""

    def __init__(self, *args, directory: str, state: "OutputServer", **kwargs):
        self._state = state
        super().__init__(*args, directory=directory, **kwargs)

    def do_GET(self):  # noqa: N802 - http.server's name
        path = unquote(urlsplit(self.path).path)
        if path == BUILD_PATH:
            return self._send(200, "application/json", json.dumps({"build": self._state.build}).encode())
        if any(part.startswith(".") for part in path.split("/")):
            return self.send_error(404)
        if path in ("/", ""):
            path = "/map.html"
        if path.endswith(".html"):
            file = Path(self.translate_path(path))
            if not file.is_file():
                return self.send_error(404)
            page = file.read_bytes()
            script = (_RELOAD_SCRIPT % (json.dumps(self._state.build), json.dumps(BUILD_PATH), POLL_MS, POLL_MS,
                                        POLL_MS)).encode()
            end = page.rfind(b"</body>")
            page = page[:end] + script + page[end:] if end >= 0 else page + script
            return self._send(200, "text/html; charset=utf-8", page)
        return super().do_GET()

    def list_directory(self, path):
        self.send_error(404)
        return None

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - http.server's name
        logger.debug("%s %s", self.address_string(), format % args)


class OutputServer:
    """Serve ``folder`` on ``host:port`` in a background thread; :meth:`rebuilt` reloads open maps.

    Parameters
    ----------
    folder : Path
        The output folder.
    host : str
        ``127.0.0.1`` by default: only this machine can connect. Anything else (``0.0.0.0``)
        lets others on the network read the outputs, and is logged as a warning.
    port : int
        0 picks a free port (see :attr:`url`).

    Examples
    --------
    >>> with OutputServer(Path("output"), port=8000) as server:   # doctest: +SKIP
    ...     print(server.url)
    http://127.0.0.1:8000/map.html
    """

    def __init__(self, folder: Path, *, host: str = "127.0.0.1", port: int = 8000) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.build = 0
        if not is_loopback(host):
            logger.warning("serving %s to the network on %s: anyone who can reach this machine can read it",
                           self.folder, host)
        handler = partial(_Handler, directory=str(self.folder), state=self)
        self._httpd = http.server.ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="geo-serve", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        if ":" in str(host):
            host = f"[{host}]"
        return f"http://{host}:{port}/map.html"

    def rebuilt(self) -> None:
        """A build finished: open pages reload (within :data:`POLL_MS`)."""
        self.build += 1

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "OutputServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
